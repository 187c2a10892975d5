//! Test plugin `flood`: forecast() returns a 64 MiB explanation on every
//! call, built once and returned again and again, so its memory stays well
//! inside the cap. The host must refuse the answer before copying it.

use forecast_sdk::{ForecastBuilder, ForecastInput, ForecastOutput, ModelInfo};
use std::sync::OnceLock;

struct Plugin;

static FLOOD: OnceLock<String> = OnceLock::new();

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        misbehaving_common::info("flood", "forecast() returns a 64 MiB explanation")
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        let flood = FLOOD.get_or_init(|| "x".repeat(64 << 20));
        ForecastBuilder::new(input.horizon as usize)
            .outcome("nuclear-status-quo", 1.0)
            .explain_if(true, || [flood.clone()])
            .build()
    }
}

forecast_sdk::export_model!(Plugin);
