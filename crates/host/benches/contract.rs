//! What the contract costs: the `collapse` model called natively against
//! the same code as a plugin through the host; samples per second of a
//! whole run; cold (compile) against warm (cached) plugin start.
//!
//! Run with `cargo bench -p forecast-host` (or `just bench`). Read the
//! figures as ratios of benchmarks run side by side on the same machine.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use forecast_core::{Plan, PlanOptions};
use forecast_host::run::{RunOptions, run};
use forecast_host::{Host, HostConfig, Plugin};
use std::hint::black_box;

#[path = "support/builtin.rs"]
mod builtin;
#[path = "support/native.rs"]
mod native;

use builtin::{MODELS, inputs, load_all, plan, sources};

/// One call of each model: native against plugin, at a typical horizon (20
/// years: the contract's overhead shows) and a long one (200: the model's
/// compute dominates, so the ratio is the compiled code's speed); the
/// plugin as the host runs it by default (fuel metered, NaNs as the machine
/// makes them), without fuel metering, and with canonical NaNs
/// (`--strict-nan`).
fn call(c: &mut Criterion) {
    let host = |fuel: bool, strict_nan: bool| {
        let limits = forecast_host::Limits {
            fuel: fuel.then_some(forecast_host::Limits::default().fuel.unwrap_or(1)),
            ..Default::default()
        };
        let host = Host::new(HostConfig {
            limits,
            strict_nan,
            cache_dir: None,
        })
        .unwrap();
        let plugins = load_all(&host);
        (host, plugins)
    };
    let variants = [
        ("plugin", host(true, false)),
        ("plugin-no-fuel", host(false, false)),
        ("plugin-strict-nan", host(true, true)),
    ];
    for (id, native) in MODELS {
        let mut group = c.benchmark_group(format!("call/{id}"));
        for horizon in [20u32, 200] {
            let plugins = &variants[0].1.1;
            let plugin = plugins.iter().find(|p| p.spec.id == id).unwrap();
            let (sdk, wit_input) = inputs(plugin, &plan(plugins, horizon));
            group.bench_with_input(BenchmarkId::new("native", horizon), &sdk, |b, input| {
                b.iter(|| native(black_box(input)).unwrap())
            });
            for (name, (host, plugins)) in &variants {
                let plugin = plugins.iter().find(|p| p.spec.id == id).unwrap();
                let mut instance = plugin.instantiate(host).unwrap();
                group.bench_with_input(BenchmarkId::new(*name, horizon), &wit_input, |b, input| {
                    b.iter(|| instance.forecast(black_box(input)).unwrap())
                });
            }
        }
        group.finish();
    }
}

/// A whole run of the three built-in models: 1000 samples plus the central
/// case each, by thread count.
fn samples(c: &mut Criterion) {
    let host = Host::new(HostConfig::default()).unwrap();
    let plugins = load_all(&host);
    let plan = plan(&plugins, 20);
    let mut group = c.benchmark_group("run-3-models-1000-samples");
    group.sample_size(20);
    group.throughput(criterion::Throughput::Elements(plan.samples as u64));
    for jobs in [1usize, 2] {
        group.bench_with_input(BenchmarkId::new("jobs", jobs), &jobs, |b, &jobs| {
            b.iter(|| run(&host, &plugins, &plan, RunOptions::with_jobs(jobs), &|_| {}))
        });
    }
    group.finish();
}

/// Throughput of `forecast run collapse`'s work against a native loop over
/// the same samples: the native loop draws each sample's values from the
/// same plan and calls the model's library; the run draws them, calls the
/// plugin through the host and folds each forecast into the aggregate.
/// 4,096 samples: above `EXACT_UP_TO`, so intervals are sketched, as in
/// any long run. One thread each.
fn throughput(c: &mut Criterion) {
    let host = Host::new(HostConfig::default()).unwrap();
    let all = load_all(&host);
    // The scenario sets parameters of every model, as `forecast run` plans it.
    let specs: Vec<_> = all.iter().map(|p| p.spec.clone()).collect();
    let plan = Plan::new(
        plan(&all, 20).scenario,
        &specs,
        PlanOptions {
            samples: Some(4096),
            ..PlanOptions::default()
        },
    )
    .unwrap();
    let plugins: Vec<Plugin> = all
        .into_iter()
        .filter(|p| p.spec.id == "collapse")
        .collect();
    let binding = plan.bind(&plugins[0].spec);
    let mut group = c.benchmark_group("throughput/collapse-4096-samples");
    group.sample_size(10);
    group.throughput(criterion::Throughput::Elements(plan.samples as u64));
    group.bench_function("native-loop", |b| {
        b.iter(|| {
            for i in 0..plan.samples {
                let (sdk, _) = sample_inputs(&plan, &binding, i);
                black_box(forecast_collapse::forecast(&sdk).unwrap());
            }
        })
    });
    group.bench_function("run", |b| {
        b.iter(|| run(&host, &plugins, &plan, RunOptions::with_jobs(1), &|_| {}))
    });
    group.finish();
}

/// Sample `index`'s input, as the SDK's type (and as the host's).
fn sample_inputs(
    plan: &Plan,
    binding: &forecast_core::Binding,
    index: u32,
) -> (forecast_sdk::ForecastInput, ()) {
    let sc = &plan.scenario;
    let params = plan
        .values(binding, index)
        .into_iter()
        .map(|v| match v {
            forecast_core::Value::Scalar(x) => forecast_sdk::ParamValue::Scalar(x),
            forecast_core::Value::Path(p) => forecast_sdk::ParamValue::Path(p),
        })
        .collect();
    let sdk = forecast_sdk::ForecastInput {
        scenario: sc.id.clone(),
        start_year: sc.start_year,
        horizon: sc.horizon,
        seed: plan.call_seed(index),
        params,
        explain: false,
    };
    (sdk, ())
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
    let collapse = sources().remove(0);
    warm.load(&collapse).unwrap();
    let mut group = c.benchmark_group("start");
    group.sample_size(10);
    group.bench_function("cold", |b| b.iter(|| cold.load(&collapse).unwrap()));
    group.bench_function("warm", |b| b.iter(|| warm.load(&collapse).unwrap()));
    group.finish();
    let _ = std::fs::remove_dir_all(dir);
}

criterion_group!(benches, call, samples, throughput, start);
criterion_main!(benches);
