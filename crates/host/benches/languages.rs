//! What a plugin's language costs: the same skeleton model (`forecast new`'s
//! constant hazard, identical arithmetic in each language) as Rust, Python,
//! JavaScript and C components, and the project's models in those
//! languages; per plugin its size and compile time (printed), and with
//! criterion its warm start (from the compile cache), instantiation and one
//! call on the baseline scenario.
//!
//! It uses the plugins the tests build (`tests/scaffold.rs` into
//! target/scaffold*, `tests/polyglot.rs` into target/polyglot): run the
//! tests first. A plugin file that is missing is named and left out.

use criterion::{Criterion, criterion_group, criterion_main};
use forecast_core::{Plan, PlanOptions, Scenario};
use forecast_host::{Host, HostConfig, Plugin, Source};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const SCENARIO: &str = include_str!("../../../scenarios/korea-2006.toml");

fn target() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target")
}

/// (label, language, file).
fn plugins() -> Vec<(&'static str, &'static str, PathBuf)> {
    let t = target();
    vec![
        (
            "skeleton",
            "rust",
            t.join("scaffold-target/wasm32-wasip2/release/demo_rust.wasm"),
        ),
        ("skeleton", "c", t.join("scaffold/c/build/demo-c.wasm")),
        ("skeleton", "js", t.join("scaffold/js/build/demo-js.wasm")),
        (
            "skeleton",
            "python",
            t.join("scaffold/python/build/demo-python.wasm"),
        ),
        ("collapse", "c", t.join("polyglot/collapse-c.wasm")),
        ("status-quo", "js", t.join("polyglot/status-quo.wasm")),
        ("base-rates", "python", t.join("polyglot/base-rates.wasm")),
    ]
}

fn builtins(host: &Host) -> Vec<Plugin> {
    forecast_builtin::BUILTIN
        .iter()
        .map(|(name, bytes)| {
            host.load(&Source::Embedded {
                name: name.to_string(),
                bytes,
            })
            .unwrap()
        })
        .collect()
}

/// Sample 0 of the baseline scenario as `plugin`'s input.
fn input(plugin: &Plugin, others: &[Plugin]) -> forecast_host::wit::ForecastInput {
    let specs: Vec<_> = others
        .iter()
        .chain([plugin])
        .map(|p| p.spec.clone())
        .collect();
    let scenario = Scenario::parse("korea-2006.toml", SCENARIO).unwrap();
    let plan = Plan::new(scenario, &specs, PlanOptions::default()).unwrap();
    let sc = &plan.scenario;
    forecast_host::input(
        &sc.id,
        sc.start_year,
        sc.horizon,
        plan.call_seed(0),
        plan.values(&plan.bind(&plugin.spec), 0),
        false,
    )
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn languages(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("forecast-bench-lang-{}", std::process::id()));
    let cold = Host::new(HostConfig::default()).unwrap();
    let warm = Host::new(HostConfig {
        cache_dir: Some(dir.clone()),
        ..HostConfig::default()
    })
    .unwrap();
    let others = builtins(&warm);
    // The built-in Rust collapse, for the C twin's comparison.
    let rust_collapse = others.iter().find(|p| p.spec.id == "collapse").unwrap();
    let mut table = vec![format!(
        "{:<11} {:<7} {:>10} {:>12}",
        "model", "lang", "size", "compile"
    )];
    let mut group = c.benchmark_group("language");
    group.sample_size(20);
    let rust_bytes = forecast_builtin::BUILTIN[0].1;
    let mut entries: Vec<(String, &str, Source, usize)> = vec![(
        "collapse".into(),
        "rust",
        Source::Embedded {
            name: "collapse".into(),
            bytes: rust_bytes,
        },
        rust_bytes.len(),
    )];
    for (label, lang, file) in plugins() {
        match std::fs::metadata(&file) {
            Ok(m) => entries.push((label.into(), lang, Source::File(file), m.len() as usize)),
            Err(_) => eprintln!("left out (run the tests to build it): {}", file.display()),
        }
    }
    for (label, lang, source, size) in &entries {
        let compile = median(
            (0..3)
                .map(|_| {
                    let start = Instant::now();
                    cold.load(source).unwrap();
                    start.elapsed()
                })
                .collect(),
        );
        table.push(format!(
            "{label:<11} {lang:<7} {:>8} kB {:>10.0} ms",
            size / 1000,
            compile.as_secs_f64() * 1e3
        ));
        let name = format!("{label}/{lang}");
        warm.load(source).unwrap();
        group.bench_function(format!("{name}/warm-start"), |b| {
            b.iter(|| warm.load(source).unwrap())
        });
        let loaded;
        let plugin = if *label == "collapse" && *lang == "rust" {
            rust_collapse
        } else {
            loaded = warm.load(source).unwrap();
            &loaded
        };
        group.bench_function(format!("{name}/instantiate"), |b| {
            b.iter(|| plugin.instantiate(&warm).unwrap())
        });
        let input = input(plugin, &others);
        let mut instance = plugin.instantiate(&warm).unwrap();
        group.bench_function(format!("{name}/call"), |b| {
            b.iter(|| instance.forecast(black_box(&input)).unwrap())
        });
    }
    group.finish();
    eprintln!("\nsize and compile time (median of 3, no cache):");
    for line in table {
        eprintln!("  {line}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

criterion_group!(benches, languages);
criterion_main!(benches);
