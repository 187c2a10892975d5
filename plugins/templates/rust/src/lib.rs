//! {{id}}: a `forecast` model plugin in Rust.
//!
//! The skeleton: the regime falls with a constant yearly hazard h (the one
//! declared parameter); a collapse ends in a successor state, survival keeps
//! the nuclear status quo. Replace the mechanism, keep the shape:
//!
//! 1. declare every number the model reads in [`PARAMS`], with a default, a
//!    range and a source ("[A]" marks a modelling assumption);
//! 2. describe the model in [`info`] (summary, references, outcomes,
//!    indicators);
//! 3. in [`forecast`], read the values by name, compute the seven outcome
//!    probabilities (summing to 1), the yearly series and, when asked, a few
//!    explanation lines.
//!
//! Keep the mathematics in functions of plain numbers (like
//! [`yearly_survival`]) so that `cargo test` checks them natively.

use forecast_sdk::{
    ForecastBuilder, ForecastInput, ForecastOutput, IndicatorSpec, ModelInfo, ParamDecl, Params,
};

/// The model's id.
pub const ID: &str = "{{id}}";

/// Everything the model reads.
pub const PARAMS: &[ParamDecl] = &[
    // A shared parameter, as the one table of shared priors declares it
    // (`forecast vocabulary`). A parameter of this model's own is prefixed
    // with its id: ParamDecl { name: "{{id}}.my_coefficient", description,
    // default, min, max, unit, source }.
    ParamDecl::shared("dprk.base_hazard"),
];

/// What the model is, reads and emits.
pub fn info() -> ModelInfo {
    ModelInfo {
        id: ID.into(),
        name: format!("{ID}: a constant collapse hazard"),
        version: "0.1.0".into(),
        summary: "The regime falls with a constant yearly hazard h; a collapse leaves a \
                  successor state, survival the nuclear status quo."
            .into(),
        references: vec![
            "[A] a placeholder: the literature the mechanism and its numbers rest on, one reference each".into(),
        ],
        parameters: ParamDecl::specs(PARAMS),
        // The outcomes the model distinguishes (the others are always 0).
        outcomes: vec!["successor-state".into(), "nuclear-status-quo".into()],
        indicators: vec![IndicatorSpec {
            name: "collapse_by".into(),
            description: "cumulative P(collapse by the end of year t)".into(),
            unit: String::new(),
        }],
    }
}

/// P(the regime survives a year with collapse hazard h).
pub fn yearly_survival(h: f64) -> f64 {
    1.0 - h
}

/// One forecast for one sample of a scenario.
pub fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
    // Checks the values; the error names a bad one.
    let p = Params::new(input, PARAMS)?;
    if p.horizon() < 1 {
        return Err(format!("{ID} needs a horizon of at least one year"));
    }
    // A path may vary by year: read it once, then per year.
    let hazard = p.series("dprk.base_hazard")?;
    let mut alive = 1.0;
    let mut collapse_by = Vec::with_capacity(p.horizon());
    for t in 0..p.horizon() {
        alive *= yearly_survival(hazard.at(t));
        collapse_by.push(1.0 - alive);
    }
    let (start, end) = (input.start_year, input.start_year + p.horizon() as i32 - 1);
    ForecastBuilder::new(p.horizon())
        .outcome("successor-state", 1.0 - alive)
        .outcome("nuclear-status-quo", alive)
        .series("collapse_by", collapse_by)
        // Formatted only when the host asks (the central case).
        .explain_if(input.explain, || {
            [format!(
                "Collapse by {end}: {:.1}% at a hazard of {:.1}%/yr in {start}",
                100.0 * (1.0 - alive),
                100.0 * hazard.at(0)
            )]
        })
        .build()
}

struct Model;

impl forecast_sdk::Model for Model {
    fn info() -> ModelInfo {
        info()
    }
    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        forecast(input)
    }
}

forecast_sdk::export_model!(Model);

#[cfg(test)]
mod tests {
    use super::*;
    use forecast_sdk::testing;

    #[test]
    fn keeps_the_contract() {
        testing::check_info(&info(), PARAMS).unwrap();
        let out = forecast(&testing::input(PARAMS, 20, &[])).unwrap();
        testing::check_output(&out, &info(), 20).unwrap();
    }

    #[test]
    fn a_higher_hazard_brings_collapse_sooner() {
        let collapse = |h| {
            let out = forecast(&testing::input(PARAMS, 20, &[("dprk.base_hazard", h)])).unwrap();
            testing::at_horizon(&out, "collapse_by")
        };
        assert!((collapse(0.005) - (1.0 - 0.995f64.powi(20))).abs() < 1e-12);
        assert!(collapse(0.02) > collapse(0.01));
        assert!((collapse(0.01) - (1.0 - 0.99f64.powi(20))).abs() < 1e-12);
    }
}
