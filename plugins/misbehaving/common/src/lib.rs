//! What the misbehaving test plugins share: a valid `info()`, so that each
//! loads and fails only where it means to, in `forecast()`.

use forecast_sdk::{ModelInfo, ParamDecl};

const PARAMS: &[ParamDecl] = &[ParamDecl {
    name: "levers.us_pledge",
    description: "read so that scenarios setting it validate",
    default: 0.0,
    min: 0.0,
    max: 3.0,
    unit: "",
    source: "test",
}];

/// A valid description of a test model with id `id`.
pub fn info(id: &str, summary: &str) -> ModelInfo {
    ModelInfo {
        id: id.into(),
        name: format!("test: {id}"),
        version: "0.0.0".into(),
        summary: summary.into(),
        references: vec![],
        parameters: ParamDecl::specs(PARAMS),
        outcomes: vec!["nuclear-status-quo".into()],
        indicators: vec![],
    }
}
