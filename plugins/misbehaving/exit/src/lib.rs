//! Test plugin `exit`: forecast() calls `std::process::exit(3)`, as a
//! program would, instead of returning an error. The host must say that
//! it exited, and the others' results must still come out.

use forecast_sdk::{ForecastInput, ForecastOutput, ModelInfo};

struct Plugin;

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        misbehaving_common::info("exit", "forecast() calls exit(3)")
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        eprintln!("giving up on scenario {}", input.scenario);
        std::process::exit(3)
    }
}

forecast_sdk::export_model!(Plugin);
