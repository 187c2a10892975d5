//! Helpers shared by the integration tests.
#![allow(dead_code, unused_imports)]

use forecast_neutral_zone::bargaining::Actor;
use forecast_sdk::{ForecastInput, ForecastOutput, ParamValue, Params};

/// An input from the start year 2007 with the given scalar values.
pub fn input(horizon: u32, set: &[(&str, f64)]) -> ForecastInput {
    forecast_sdk::testing::input(forecast_neutral_zone::PARAMS, horizon, set)
}

/// An input from the start year 2007 with the given values (scalars or paths).
pub fn input_with(horizon: u32, set: &[(&str, ParamValue)]) -> ForecastInput {
    Params::input(forecast_neutral_zone::PARAMS, horizon, set).unwrap()
}

/// The forecast of `input`, which must succeed.
pub fn run(input: &ForecastInput) -> ForecastOutput {
    forecast_neutral_zone::forecast(input).unwrap_or_else(|e| panic!("forecast failed: {e}"))
}

pub use forecast_sdk::testing::{at_horizon, collapse_mass, series};

/// P(outcome).
pub fn p(out: &ForecastOutput, outcome: &str) -> f64 {
    forecast_sdk::testing::probability(out, outcome)
}

/// The paper's example: ten EC states on the date of emission standards for
/// medium-sized cars (Bueno de Mesquita 1994), salience rescaled from 0-100
/// to 0-1. Returns the names and the actors.
pub fn ec_emissions() -> (Vec<String>, Vec<Actor>) {
    let csv = include_str!("../data/bdm-ec-emissions.csv");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').map(str::trim).collect();
    assert_eq!(header, ["Actor", "Capability", "Position", "Salience"]);
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').map(str::trim).collect();
            let num = |i: usize| f[i].parse::<f64>().unwrap();
            (
                f[0].to_string(),
                Actor {
                    capability: num(1),
                    position: num(2),
                    salience: num(3) / 100.0,
                },
            )
        })
        .unzip()
}
