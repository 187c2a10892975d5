//! Test plugin `hazard`: an event with the same probability r every year,
//! whatever else happens. Under a uniform prior on r (Beta(1, 1)), k events
//! in n observed years give the posterior Beta(1 + k, 1 + n - k): a known
//! answer for `forecast calibrate`'s importance weights.

use forecast_sdk::{
    ForecastBuilder, ForecastInput, ForecastOutput, IndicatorSpec, ModelInfo, ParamDecl, Params,
};

struct Plugin;

const PARAMS: &[ParamDecl] = &[ParamDecl {
    name: "hazard.rate",
    description: "r: P(the event in any one year)",
    default: 0.1,
    min: 0.0,
    max: 1.0,
    unit: "per year",
    source: "[A] a test value; the test scenario draws it uniformly on [0, 1]",
}];

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        ModelInfo {
            id: "hazard".into(),
            name: "test: a constant yearly hazard".into(),
            version: "0.0.0".into(),
            summary: "P(event in year t) = r every year: a Beta posterior under a uniform prior".into(),
            references: vec!["Gelman, A. et al. (2013). Bayesian Data Analysis, 3rd ed., 2.4 (the beta-binomial model).".into()],
            parameters: ParamDecl::specs(PARAMS),
            outcomes: vec!["nuclear-status-quo".into()],
            indicators: vec![IndicatorSpec {
                name: "hazard.event_in_year".into(),
                description: "P(the event in year t) = r".into(),
                unit: "".into(),
            }],
        }
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        let p = Params::new(input, PARAMS)?;
        let rate = p.scalar("hazard.rate")?;
        let horizon = input.horizon as usize;
        ForecastBuilder::new(horizon)
            .outcome("nuclear-status-quo", 1.0)
            .series("hazard.event_in_year", vec![rate; horizon])
            .build()
    }
}

forecast_sdk::export_model!(Plugin);
