//! Test plugin `recursion`: forecast() recurses without end. With
//! `levers.us_pledge` below 1, each frame holds a buffer on the stack the
//! plugin keeps in its own memory, until that stack runs out; from 1 on,
//! the frames hold nothing in memory, and the calls nest past the host's
//! stack limit. The host must call both a stack overflow.

use forecast_sdk::{ForecastInput, ForecastOutput, ModelInfo, Params};

struct Plugin;

/// Recurses without end; the buffer puts each frame in linear memory.
#[inline(never)]
#[allow(unconditional_recursion)]
fn in_memory(depth: u64) -> u64 {
    let mut frame = [0u8; 512];
    frame[(depth % 512) as usize] = depth as u8;
    let below = in_memory(std::hint::black_box(depth + 1));
    std::hint::black_box(&frame);
    below + u64::from(frame[0])
}

/// Recurses `depth` times with nothing in linear memory: each call's work
/// after the inner one keeps the compiler from making it a loop.
#[inline(never)]
fn nested(depth: u64) -> u64 {
    if depth == 0 {
        return 1;
    }
    nested(depth - 1)
        .wrapping_mul(6_364_136_223_846_793_005)
        .rotate_left((depth % 63) as u32)
        ^ depth
}

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        misbehaving_common::info("recursion", "forecast() recurses until a stack runs out")
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        let how = Params::new(input, misbehaving_common::PARAMS)?.scalar("levers.us_pledge")?;
        let end = if how < 1.0 {
            in_memory(input.seed)
        } else {
            nested(std::hint::black_box(u64::MAX))
        };
        Err(format!("the recursion ended at {end}"))
    }
}

forecast_sdk::export_model!(Plugin);
