//! Helpers shared by the integration tests.
#![allow(dead_code, unused_imports)]

use forecast_sdk::{ForecastInput, ForecastOutput, ParamValue, Params};

/// An input from the start year 2007 with the given scalar values.
pub fn input(horizon: u32, set: &[(&str, f64)]) -> ForecastInput {
    forecast_sdk::testing::input(forecast_sanctions::PARAMS, horizon, set)
}

/// An input from the start year 2007 with the given values (scalars or paths).
pub fn input_with(horizon: u32, set: &[(&str, ParamValue)]) -> ForecastInput {
    Params::input(forecast_sanctions::PARAMS, horizon, set).unwrap()
}

/// The forecast of `input`, which must succeed.
pub fn run(input: &ForecastInput) -> ForecastOutput {
    forecast_sanctions::forecast(input).unwrap_or_else(|e| panic!("forecast failed: {e}"))
}

pub use forecast_sdk::testing::{at_horizon, collapse_mass, series};

/// P(outcome).
pub fn p(out: &ForecastOutput, outcome: &str) -> f64 {
    forecast_sdk::testing::probability(out, outcome)
}

/// An input with the given scalar values from `start_year`.
pub fn input_from(start_year: i32, horizon: u32, set: &[(&str, f64)]) -> ForecastInput {
    ForecastInput {
        start_year,
        ..input(horizon, set)
    }
}

/// Prints the outcomes, the indicators at the horizon and the explanation.
pub fn report(name: &str, out: &ForecastOutput) {
    println!("== {name}");
    for (o, p) in forecast_sdk::vocab::OUTCOMES
        .iter()
        .zip(out.outcomes.to_array())
    {
        println!("  {:<20} {:6.2}%", o.id, 100.0 * p);
    }
    for s in &out.indicators {
        println!(
            "  {:<40} first {:.4} last {:.4}",
            s.indicator,
            s.values[0],
            s.values.last().unwrap()
        );
    }
    for line in &out.explanation {
        println!("  | {line}");
    }
}
