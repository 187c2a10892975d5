//! Test plugin `hog`: forecast() allocates memory without bound; the host's memory cap must stop it.

use forecast_sdk::{ForecastInput, ForecastOutput, ModelInfo};

struct Plugin;

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        misbehaving_common::info(
            "hog",
            "forecast() allocates memory without bound; the host's memory cap must stop it.",
        )
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        let mut hoard: Vec<Vec<u8>> = Vec::new();
        loop {
            hoard.push(vec![input.seed as u8; 1 << 20]);
            std::hint::black_box(&hoard);
        }
    }
}

forecast_sdk::export_model!(Plugin);
