//! Test plugin `probe`: reports in its explanation what the sandbox lets it
//! see (clock, environment, arguments, files, randomness), so tests can check
//! that a plugin has no ambient capabilities; and the bits of a NaN it makes,
//! so they can check what `strict_nan` changes.

use forecast_sdk::{ForecastBuilder, ForecastInput, ForecastOutput, ModelInfo};
use std::time::{SystemTime, UNIX_EPOCH};

struct Plugin;

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        misbehaving_common::info("probe", "reports what the sandbox lets it see")
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let start = std::time::Instant::now();
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
        let file = std::fs::read("/etc/passwd")
            .map(|b| b.len().to_string())
            .unwrap_or_else(|e| format!("error: {e}"));
        let dir = std::fs::read_dir(".")
            .map(|d| d.count().to_string())
            .unwrap_or_else(|e| format!("error: {e}"));
        let net = std::net::TcpStream::connect("127.0.0.1:9")
            .map(|_| "connected".to_string())
            .unwrap_or_else(|e| format!("error: {e}"));
        // 0/0 at run time: the machine's default NaN, unless canonicalized.
        let (zero, minus_zero) = std::hint::black_box((0.0f64, -0.0f64));
        let nan = zero / minus_zero;
        ForecastBuilder::new(input.horizon as usize)
            .outcome("nuclear-status-quo", 1.0)
            .explain(format!("now={now}"))
            .explain(format!("elapsed_ns={}", start.elapsed().as_nanos()))
            .explain(format!("env={}", std::env::vars().count()))
            .explain(format!("args={}", std::env::args().count()))
            .explain(format!("random={:016x}", u64::from_le_bytes(bytes)))
            .explain(format!("file={file}"))
            .explain(format!("dir={dir}"))
            .explain(format!("net={net}"))
            .explain(format!("nan={:016x}", nan.to_bits()))
            .build()
    }
}

forecast_sdk::export_model!(Plugin);
