//! Test plugin `impostor`: a model with the id of the built-in `collapse`,
//! which reads none of collapse's own parameters. Loaded with `--plugin`,
//! it replaces the built-in (as designed); the host must say so, and a
//! scenario that sets a parameter only the built-in read must be told why
//! nothing reads it.

use forecast_sdk::{ForecastBuilder, ForecastInput, ForecastOutput, ModelInfo};

struct Plugin;

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        misbehaving_common::info("collapse", "a plugin with the id of the built-in collapse")
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        ForecastBuilder::new(input.horizon as usize)
            .outcome("nuclear-status-quo", 1.0)
            .build()
    }
}

forecast_sdk::export_model!(Plugin);
