//! What the contract costs: the `collapse` model called natively against
//! the same code as a plugin through the host; samples per second of a
//! whole run; cold (compile) against warm (cached) plugin start.
//!
//! Run with `cargo bench -p forecast-host` (or `just bench`). Read the
//! figures as ratios of benchmarks run side by side on the same machine.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use forecast_core::{Plan, PlanOptions, Scenario};
use forecast_host::run::{RunOptions, run};
use forecast_host::{Host, HostConfig, Source, wit};
use std::hint::black_box;

const SCENARIO: &str = include_str!("../../../scenarios/korea-2006.toml");

fn builtin() -> Source {
    let (name, bytes) = forecast_builtin::BUILTIN[0];
    Source::Embedded {
        name: name.into(),
        bytes,
    }
}

fn inputs(horizon: u32) -> (forecast_sdk::ForecastInput, wit::ForecastInput, Plan) {
    let host = Host::new(HostConfig::default()).unwrap();
    let plugin = host.load(&builtin()).unwrap();
    let mut scenario = Scenario::parse("korea-2006.toml", SCENARIO).unwrap();
    scenario.horizon = horizon;
    let plan = Plan::new(
        scenario,
        std::slice::from_ref(&plugin.spec),
        PlanOptions::default(),
    )
    .unwrap();
    let wit = forecast_host::input(
        "korea-2006",
        2007,
        horizon,
        1,
        plan.params(&plugin.spec, 0),
        false,
    );
    let sdk = forecast_sdk::ForecastInput {
        scenario: wit.scenario.clone(),
        start_year: wit.start_year,
        horizon,
        seed: wit.seed,
        params: wit
            .params
            .iter()
            .map(|v| match v {
                wit::ParamValue::Scalar(x) => forecast_sdk::ParamValue::Scalar(*x),
                wit::ParamValue::Path(p) => forecast_sdk::ParamValue::Path(p.clone()),
            })
            .collect(),
        explain: false,
    };
    (sdk, wit, plan)
}

/// One call: native against plugin, at a typical horizon (20 years: the
/// contract's overhead shows) and a long one (200: the model's compute
/// dominates, so the ratio is the compiled code's speed).
fn call(c: &mut Criterion) {
    let host = Host::new(HostConfig::default()).unwrap();
    let plugin = host.load(&builtin()).unwrap();
    let mut group = c.benchmark_group("call");
    for horizon in [20u32, 200] {
        let (sdk, wit_input, _) = inputs(horizon);
        group.bench_with_input(BenchmarkId::new("native", horizon), &sdk, |b, input| {
            b.iter(|| forecast_collapse::forecast(black_box(input)).unwrap())
        });
        let mut instance = plugin.instantiate(&host).unwrap();
        group.bench_with_input(
            BenchmarkId::new("plugin", horizon),
            &wit_input,
            |b, input| b.iter(|| instance.forecast(black_box(input.clone())).unwrap()),
        );
        group.bench_with_input(
            BenchmarkId::new("native+clone", horizon),
            &sdk,
            |b, input| b.iter(|| forecast_collapse::forecast(black_box(&input.clone())).unwrap()),
        );
    }
    group.finish();
}

/// A whole run: 1000 samples plus the central case, by thread count.
fn samples(c: &mut Criterion) {
    let host = Host::new(HostConfig::default()).unwrap();
    let plugins = vec![host.load(&builtin()).unwrap()];
    let (_, _, plan) = inputs(20);
    let mut group = c.benchmark_group("run-1000-samples");
    group.sample_size(20);
    group.throughput(criterion::Throughput::Elements(plan.samples as u64));
    for jobs in [1usize, 2] {
        group.bench_with_input(BenchmarkId::new("jobs", jobs), &jobs, |b, &jobs| {
            b.iter(|| run(&host, &plugins, &plan, RunOptions { jobs }, &|_| {}))
        });
    }
    group.finish();
}

/// Starting a plugin: compiling it (cold) against loading the cached
/// compiled code (warm); both include instantiation and `info()`.
fn start(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("forecast-bench-cache-{}", std::process::id()));
    let cold = Host::new(HostConfig::default()).unwrap();
    let warm = Host::new(HostConfig {
        cache_dir: Some(dir.clone()),
        ..HostConfig::default()
    })
    .unwrap();
    warm.load(&builtin()).unwrap();
    let mut group = c.benchmark_group("start");
    group.sample_size(10);
    group.bench_function("cold", |b| b.iter(|| cold.load(&builtin()).unwrap()));
    group.bench_function("warm", |b| b.iter(|| warm.load(&builtin()).unwrap()));
    group.finish();
    let _ = std::fs::remove_dir_all(dir);
}

criterion_group!(benches, call, samples, start);
criterion_main!(benches);
