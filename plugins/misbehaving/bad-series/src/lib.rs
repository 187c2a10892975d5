//! Test plugin `bad-series`: forecast() returns series that break the
//! contract, each fault chosen by the value of `levers.us_pledge` (0-3):
//! 0 a name it did not declare, 1 a declared name given twice, 2 a series
//! of the wrong length, 3 a value that is not finite; fractions of a unit
//! give a valid answer. The host must refuse each, naming the series.

use forecast_sdk::{ForecastInput, ForecastOutput, IndicatorSpec, ModelInfo, Params, Series};

struct Plugin;

const DECLARED: &str = "collapse_by";

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        let mut info = misbehaving_common::info(
            "bad-series",
            "forecast() returns series that break the contract; the host must refuse them.",
        );
        info.indicators = vec![IndicatorSpec {
            name: DECLARED.into(),
            description: "a series to break".into(),
            unit: String::new(),
        }];
        info
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        let fault = Params::new(input, misbehaving_common::PARAMS)?.scalar("levers.us_pledge")?;
        let horizon = input.horizon as usize;
        let series = |name: &str, values: Vec<f64>| Series {
            indicator: name.into(),
            values,
        };
        let good = series(DECLARED, vec![0.5; horizon]);
        let whole = (fault.fract() == 0.0).then_some(fault as u32);
        let indicators = match whole {
            Some(0) => vec![series("collapse.undeclared", vec![0.5; horizon])],
            Some(1) => vec![good.clone(), good],
            Some(2) => vec![series(DECLARED, vec![0.5; horizon + 1])],
            Some(3) => vec![series(DECLARED, vec![f64::INFINITY; horizon])],
            _ => vec![good],
        };
        Ok(ForecastOutput {
            outcomes: forecast_sdk::Outcomes::from_array([0., 0., 0., 0., 1., 0., 0.]),
            indicators,
            explanation: vec![],
        })
    }
}

forecast_sdk::export_model!(Plugin);
