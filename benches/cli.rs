//! The `forecast` binary end to end: a warm `forecast compare` on the
//! baseline scenario with one sample (start-up, cached plugins, one call
//! per model, report), and with the scenario's 1000 samples.
//!
//! Run with `cargo bench --bench cli` (or `just bench`).

use criterion::{Criterion, criterion_group, criterion_main};
use std::process::Command;

fn compare(samples: &str) -> impl FnMut() {
    let root = env!("CARGO_MANIFEST_DIR");
    let cache = std::path::Path::new(root).join("target/bench-cache");
    move || {
        let out = Command::new(env!("CARGO_BIN_EXE_forecast"))
            .args(["compare", "scenarios/korea-2006.toml", "--samples", samples])
            .current_dir(root)
            .env("FORECAST_CACHE_DIR", &cache)
            .output()
            .unwrap();
        assert!(out.status.success());
    }
}

fn cli(c: &mut Criterion) {
    let mut group = c.benchmark_group("forecast-compare-warm");
    group.sample_size(20);
    let mut one = compare("1");
    one(); // fills the compile cache
    group.bench_function("samples-1", |b| b.iter(&mut one));
    group.bench_function("samples-1000", |b| b.iter(compare("1000")));
    group.finish();
}

criterion_group!(benches, cli);
criterion_main!(benches);
