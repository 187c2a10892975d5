//! Helpers shared by the integration tests.
#![allow(dead_code, unused_imports)]

use forecast_sdk::{ForecastInput, ForecastOutput, ParamValue, Params};

/// An input from the start year 2007 with the given scalar values.
pub fn input(horizon: u32, set: &[(&str, f64)]) -> ForecastInput {
    forecast_sdk::testing::input(forecast_collapse::PARAMS, horizon, set)
}

/// An input from the start year 2007 with the given values (scalars or paths).
pub fn input_with(horizon: u32, set: &[(&str, ParamValue)]) -> ForecastInput {
    Params::input(forecast_collapse::PARAMS, horizon, set).unwrap()
}

/// The forecast of `input`, which must succeed.
pub fn run(input: &ForecastInput) -> ForecastOutput {
    forecast_collapse::forecast(input).unwrap_or_else(|e| panic!("forecast failed: {e}"))
}

pub use forecast_sdk::testing::{at_horizon, collapse_mass, series};

/// P(outcome).
pub fn p(out: &ForecastOutput, outcome: &str) -> f64 {
    forecast_sdk::testing::probability(out, outcome)
}
