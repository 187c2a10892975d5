//! The `forecast` binary end to end: a warm `forecast compare` on the
//! baseline scenario with one sample (start-up, cached plugins, one call
//! per model, report), and with the scenario's 1000 samples; and the
//! rolling-origin back-test on its defaults (six origins of four years,
//! 1000 samples each, every series scored), uncalibrated and calibrated at
//! each origin (each calibration a run from 1990 to the origin).
//!
//! Run with `cargo bench --bench cli` (or `just bench`).

use criterion::{Criterion, criterion_group, criterion_main};
use std::process::Command;

fn forecast(args: &'static [&'static str]) -> impl FnMut() {
    let root = env!("CARGO_MANIFEST_DIR");
    let cache = std::path::Path::new(root).join("target/bench-cache");
    move || {
        let out = Command::new(env!("CARGO_BIN_EXE_forecast"))
            .args(args)
            .current_dir(root)
            .env("FORECAST_CACHE_DIR", &cache)
            .output()
            .unwrap();
        assert!(out.status.success());
    }
}

const HISTORY: &str = "scenarios/history-1990-2026.toml";
const RECORD: &str = "records/dprk.toml";

fn cli(c: &mut Criterion) {
    let mut group = c.benchmark_group("forecast-compare-warm");
    group.sample_size(20);
    let mut one = forecast(&["compare", "scenarios/korea-2006.toml", "--samples", "1"]);
    one(); // fills the compile cache
    group.bench_function("samples-1", |b| b.iter(&mut one));
    group.bench_function("samples-1000", |b| {
        b.iter(forecast(&[
            "compare",
            "scenarios/korea-2006.toml",
            "--samples",
            "1000",
        ]))
    });
    group.finish();

    let mut group = c.benchmark_group("forecast-backtest-warm");
    group.sample_size(10);
    group.bench_function("ex-ante", |b| {
        b.iter(forecast(&["backtest", HISTORY, RECORD]))
    });
    group.bench_function("calibrated", |b| {
        b.iter(forecast(&["backtest", HISTORY, RECORD, "--calibrate"]))
    });
    group.finish();
}

criterion_group!(benches, cli);
criterion_main!(benches);
