//! Test plugin `flood-info`: info() describes itself in 64 MiB. The host
//! must refuse it at load, before copying it.

use forecast_sdk::{ForecastBuilder, ForecastInput, ForecastOutput, ModelInfo};

struct Plugin;

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        misbehaving_common::info("flood-info", &"x".repeat(64 << 20))
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        ForecastBuilder::new(input.horizon as usize)
            .outcome("nuclear-status-quo", 1.0)
            .build()
    }
}

forecast_sdk::export_model!(Plugin);
