//! Test plugin `spin`: forecast() loops forever; the host's CPU budget must stop it.

use forecast_sdk::{ForecastInput, ForecastOutput, ModelInfo};

struct Plugin;

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        misbehaving_common::info(
            "spin",
            "forecast() loops forever; the host's CPU budget must stop it.",
        )
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        let mut n = input.seed;
        loop {
            n = std::hint::black_box(n.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
    }
}

forecast_sdk::export_model!(Plugin);
