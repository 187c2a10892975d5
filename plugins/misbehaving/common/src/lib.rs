//! What the misbehaving test plugins share: a valid `info()`, so that each
//! loads and fails only where it means to, in `forecast()`.

use forecast_sdk::{ModelInfo, ParamDecl};

/// Read so that scenarios setting it validate (and `bad-series` reads it).
pub const PARAMS: &[ParamDecl] = &[ParamDecl::shared("levers.us_pledge")];

/// A valid description of a test model with id `id`.
pub fn info(id: &str, summary: &str) -> ModelInfo {
    ModelInfo {
        id: id.into(),
        name: format!("test: {id}"),
        version: "0.0.0".into(),
        summary: summary.into(),
        references: vec![],
        parameters: ParamDecl::specs(PARAMS),
        outcomes: forecast_sdk::vocab::OUTCOMES
            .iter()
            .map(|o| o.id.to_string())
            .collect(),
        indicators: vec![],
    }
}
