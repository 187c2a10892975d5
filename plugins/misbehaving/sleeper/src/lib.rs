//! Test plugin `sleeper`: forecast() sleeps for a minute before it answers.
//! Sleeping costs no fuel, and the wall-clock limit interrupts WebAssembly,
//! not the host waiting out the sleep; the host must not let a plugin hold
//! a worker thread that way (a minute here; an hour as easily).

use forecast_sdk::{ForecastBuilder, ForecastInput, ForecastOutput, ModelInfo};
use std::time::Duration;

struct Plugin;

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        misbehaving_common::info(
            "sleeper",
            "forecast() sleeps for a minute before it answers",
        )
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        std::thread::sleep(Duration::from_secs(60));
        ForecastBuilder::new(input.horizon as usize)
            .outcome("nuclear-status-quo", 1.0)
            .build()
    }
}

forecast_sdk::export_model!(Plugin);
