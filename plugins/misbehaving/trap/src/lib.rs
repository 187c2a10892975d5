//! Test plugin `trap`: forecast() panics, as a buggy model would, when
//! `levers.us_pledge` is 2 or more; below that it answers. The host must
//! report the crash, and serve the next call from a fresh instance.

use forecast_sdk::{ForecastBuilder, ForecastInput, ForecastOutput, ModelInfo, ParamValue};

struct Plugin;

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        misbehaving_common::info("trap", "forecast() panics when levers.us_pledge >= 2")
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        if let Some(ParamValue::Scalar(pledge)) = input.params.first()
            && *pledge >= 2.0
        {
            let years: Vec<f64> = Vec::new();
            println!(
                "about to index an empty vector for scenario {}",
                input.scenario
            );
            let _ = years[input.horizon as usize];
        }
        ForecastBuilder::new(input.horizon as usize)
            .outcome("nuclear-status-quo", 1.0)
            .build()
    }
}

forecast_sdk::export_model!(Plugin);
