//! Test plugin `bad-probabilities`: forecast() returns probabilities summing to 1.3; the host must refuse them.

use forecast_sdk::{ForecastInput, ForecastOutput, ModelInfo};

struct Plugin;

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        misbehaving_common::info(
            "bad-probabilities",
            "forecast() returns probabilities summing to 1.3; the host must refuse them.",
        )
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        let outcomes = forecast_sdk::Outcomes::from_array([0.65, 0.65, 0., 0., 0., 0., 0.]);
        let _ = input;
        Ok(ForecastOutput {
            outcomes,
            indicators: vec![],
            explanation: vec![],
        })
    }
}

forecast_sdk::export_model!(Plugin);
