//! Helpers shared by the integration tests.
#![allow(dead_code)]

use forecast_sdk::{ForecastInput, ForecastOutput, ParamValue, Params};

/// An input from the start year 2007 with the given scalar values.
pub fn input(horizon: u32, set: &[(&str, f64)]) -> ForecastInput {
    input_with(
        horizon,
        &set.iter()
            .map(|(n, v)| (*n, ParamValue::Scalar(*v)))
            .collect::<Vec<_>>(),
    )
}

/// An input from the start year 2007 with the given values (scalars or paths).
pub fn input_with(horizon: u32, set: &[(&str, ParamValue)]) -> ForecastInput {
    Params::input(forecast_sanctions::PARAMS, horizon, set).unwrap()
}

/// The forecast of `input`, which must succeed.
pub fn run(input: &ForecastInput) -> ForecastOutput {
    forecast_sanctions::forecast(input).unwrap_or_else(|e| panic!("forecast failed: {e}"))
}

/// P(outcome).
pub fn p(out: &ForecastOutput, outcome: &str) -> f64 {
    out.outcomes
        .iter()
        .find(|o| o.outcome == outcome)
        .unwrap()
        .probability
}

/// The series of `indicator`.
pub fn series<'a>(out: &'a ForecastOutput, indicator: &str) -> &'a [f64] {
    &out.indicators
        .iter()
        .find(|s| s.indicator == indicator)
        .unwrap()
        .values
}

/// The last value of `indicator`.
pub fn at_horizon(out: &ForecastOutput, indicator: &str) -> f64 {
    *series(out, indicator).last().unwrap()
}

/// Total mass of the four collapse outcomes.
pub fn collapse_mass(out: &ForecastOutput) -> f64 {
    [
        "war",
        "successor-state",
        "neutral-unification",
        "aligned-unification",
    ]
    .iter()
    .map(|o| p(out, o))
    .sum()
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
    for o in &out.outcomes {
        println!("  {:<20} {:6.2}%", o.outcome, 100.0 * o.probability);
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
