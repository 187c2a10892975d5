//! Test plugin `trap`: forecast() panics, as a buggy model would; the host must report the crash.

use forecast_sdk::{ForecastInput, ForecastOutput, ModelInfo};

struct Plugin;

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        misbehaving_common::info(
            "trap",
            "forecast() panics, as a buggy model would; the host must report the crash.",
        )
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        let years: Vec<f64> = Vec::new();
        println!(
            "about to index an empty vector for scenario {}",
            input.scenario
        );
        let _ = years[input.horizon as usize];
        unreachable!()
    }
}

forecast_sdk::export_model!(Plugin);
