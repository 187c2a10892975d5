//! Test plugin `stateful`: forecast() answers from a counter it keeps
//! between calls, as a model with a cache gone wrong would. Every answer is
//! valid, so only `forecast test`'s determinism check can catch it.

use forecast_sdk::{ForecastBuilder, ForecastInput, ForecastOutput, ModelInfo};
use std::sync::atomic::{AtomicU32, Ordering};

static CALLS: AtomicU32 = AtomicU32::new(0);

struct Plugin;

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        misbehaving_common::info("stateful", "forecast() drifts with the number of calls")
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        let calls = CALLS.fetch_add(1, Ordering::Relaxed);
        let war = (calls % 10) as f64 / 100.0;
        ForecastBuilder::new(input.horizon as usize)
            .outcome("war", war)
            .outcome("nuclear-status-quo", 1.0 - war)
            .explain_if(input.explain, || [format!("call {calls}")])
            .build()
    }
}

forecast_sdk::export_model!(Plugin);
