//! Test plugin `slow`: each forecast() call of a sample works through
//! `levers.us_pledge` times ten million steps of a loop (some 1.3e8 fuel
//! units each ten million), then answers; the central case, which asks for
//! an explanation, answers at once. A model that is correct but too slow
//! for a run: the host's budget for the run must stop it at the same
//! sample on every machine and thread count, while the others finish.

use forecast_sdk::{ForecastBuilder, ForecastInput, ForecastOutput, ModelInfo, Params};

struct Plugin;

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        misbehaving_common::info("slow", "each call does us_pledge x 1e7 steps of work")
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        let work = Params::new(input, misbehaving_common::PARAMS)?.scalar("levers.us_pledge")?;
        let mut n = input.seed;
        let steps = if input.explain {
            0
        } else {
            (work * 1e7) as u64
        };
        for _ in 0..steps {
            n = std::hint::black_box(n.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
        ForecastBuilder::new(input.horizon as usize)
            .outcome("nuclear-status-quo", 1.0)
            .explain_if(input.explain, || [format!("worked to {n}")])
            .build()
    }
}

forecast_sdk::export_model!(Plugin);
