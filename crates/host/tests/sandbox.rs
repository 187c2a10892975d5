//! The host against plugins that misbehave on purpose, and its guarantees:
//! each bad plugin gets its own clear error within its budget, the others'
//! results still come out, results do not depend on the thread count, and
//! plugins see no ambient capabilities.

use forecast_core::{ModelResult, Plan, PlanOptions, Scenario, Value};
use forecast_host::run::{RunOptions, run};
use forecast_host::{
    CallError, Host, HostConfig, Limits, LoadError, Plugin, RunFailure, Source, wit,
};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[path = "../benches/support/native.rs"]
mod native;

const SCENARIO: &str = r#"
id = "test"
title = "test"
description = "a small scenario for the host's tests"
start_year = 2007
horizon = 10
seed = 7
samples = 150
[parameters.dprk]
base_hazard = { dist = "lognormal", low = 0.005, high = 0.02 }
[levers]
us_pledge = { dist = "uniform", low = 0, high = 3 }
"#;

fn host(limits: Limits) -> Host {
    Host::new(HostConfig {
        limits,
        ..HostConfig::default()
    })
    .unwrap()
}

fn builtin(host: &Host) -> Plugin {
    let (name, bytes) = forecast_builtin::BUILTIN[0];
    host.load(&Source::Embedded {
        name: name.into(),
        bytes,
    })
    .unwrap()
}

fn misbehaving(name: &str) -> Source {
    Source::File(PathBuf::from(forecast_builtin::misbehaving(name).unwrap()))
}

fn plan(plugins: &[Plugin]) -> Plan {
    let specs: Vec<_> = plugins.iter().map(|p| p.spec.clone()).collect();
    Plan::new(
        Scenario::parse("test.toml", SCENARIO).unwrap(),
        &specs,
        PlanOptions::default(),
    )
    .unwrap()
}

fn run_with(host: &Host, bad: &str, jobs: usize) -> (ModelResult, RunFailure, Duration) {
    let plugins = vec![builtin(host), host.load(&misbehaving(bad)).unwrap()];
    let start = Instant::now();
    let mut results = run(
        host,
        &plugins,
        &plan(&plugins),
        RunOptions::with_jobs(jobs),
        &|_| {},
    )
    .into_iter()
    .map(|r| r.result);
    let elapsed = start.elapsed();
    let good = results
        .next()
        .unwrap()
        .expect("the well-behaved model still gives its result");
    let failure = results
        .next()
        .unwrap()
        .expect_err("the misbehaving plugin fails");
    (good, failure, elapsed)
}

#[test]
fn an_infinite_loop_runs_out_of_fuel() {
    let limits = Limits {
        fuel: Some(50_000_000),
        ..Limits::default()
    };
    let (good, failure, elapsed) = run_with(&host(limits), "spin", 2);
    assert_eq!(failure.error, CallError::OutOfFuel { budget: 50_000_000 });
    assert!(failure.plugin.starts_with("spin"), "{}", failure.plugin);
    assert_eq!(good.samples, 150);
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn an_infinite_loop_hits_the_wall_clock_backstop() {
    let limits = Limits {
        fuel: None, // no fuel metering: the wall clock alone stops it
        timeout: Duration::from_millis(200),
        ..Limits::default()
    };
    let (_, failure, elapsed) = run_with(&host(limits), "spin", 2);
    assert_eq!(
        failure.error,
        CallError::Timeout {
            limit: Duration::from_millis(200)
        }
    );
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn an_oversized_answer_is_refused_before_it_is_copied() {
    // 64 MiB of explanation on every call, from memory the plugin keeps
    // (whose writing costs more than a run allows on average).
    let unbudgeted = Limits {
        mean_fuel: None,
        ..Limits::default()
    };
    let (result, failure, _) = run_with(&host(unbudgeted), "flood", 2);
    assert_eq!(failure.error, CallError::TooLarge { limit: 4 << 20 });
    assert!(
        failure.to_string().contains("raise it with --max-output"),
        "{failure}"
    );
    assert_eq!(
        result.samples, 150,
        "the other plugin's results still come out"
    );
    // A limit above the answer lets it through.
    let generous = Limits {
        output_bytes: 128 << 20,
        ..unbudgeted
    };
    let host = host(generous);
    let plugin = host.load(&misbehaving("flood")).unwrap();
    // Its one parameter, levers.us_pledge.
    let values = vec![forecast_core::Value::Scalar(1.0)];
    let f = plugin
        .instantiate(&host)
        .unwrap()
        .forecast(&forecast_host::input("t", 2007, 3, 1, values, false))
        .unwrap();
    assert_eq!(f.explanation[0].len(), 64 << 20);
}

#[test]
fn an_oversized_info_is_refused_at_load() {
    match host(Limits::default()).load(&misbehaving("flood-info")) {
        Err(LoadError::Info { error, .. }) => {
            assert_eq!(error, CallError::TooLarge { limit: 4 << 20 })
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unbounded_memory_growth_hits_the_cap() {
    let limits = Limits {
        memory_mib: 32,
        ..Limits::default()
    };
    let (_, failure, _) = run_with(&host(limits), "hog", 2);
    assert_eq!(failure.error, CallError::OutOfMemory { limit: 32 });
}

#[test]
fn a_panic_is_reported_with_its_message_and_log() {
    let host = host(Limits::default());
    let plugins = vec![builtin(&host), host.load(&misbehaving("trap")).unwrap()];
    let specs: Vec<_> = plugins.iter().map(|p| p.spec.clone()).collect();
    let text = SCENARIO.replace(
        "us_pledge = { dist = \"uniform\", low = 0, high = 3 }",
        "us_pledge = 3",
    );
    let plan = Plan::new(
        Scenario::parse("test.toml", &text).unwrap(),
        &specs,
        PlanOptions::default(),
    )
    .unwrap();
    let mut results = run(&host, &plugins, &plan, RunOptions::with_jobs(1), &|_| {})
        .into_iter()
        .map(|r| r.result);
    assert!(results.next().unwrap().is_ok());
    let failure = results.next().unwrap().unwrap_err();
    let CallError::Trap { message } = &failure.error else {
        panic!("{:?}", failure.error)
    };
    assert!(
        message.contains("unreachable") && message.contains("index out of bounds"),
        "{message}"
    );
    assert!(
        failure
            .log
            .contains("about to index an empty vector for scenario test"),
        "{}",
        failure.log
    );
    assert_eq!(failure.sample, "central");
}

#[test]
fn after_a_trap_a_fresh_instance_serves_the_next_call() {
    let host = host(Limits::default());
    let plugin = host.load(&misbehaving("trap")).unwrap();
    let mut instance = plugin.instantiate(&host).unwrap();
    let call = |pledge: f64| {
        forecast_host::input(
            "t",
            2007,
            3,
            1,
            vec![forecast_core::Value::Scalar(pledge)], // levers.us_pledge
            false,
        )
    };
    assert!(instance.forecast(&call(0.0)).is_ok());
    assert!(matches!(
        instance.forecast(&call(3.0)),
        Err(CallError::Trap { .. })
    ));
    assert!(
        instance.log().contains("about to index"),
        "the trapped instance's log is kept"
    );
    assert!(
        instance.forecast(&call(0.0)).is_ok(),
        "a fresh instance answers after the trap"
    );
    assert!(matches!(
        instance.forecast(&call(2.0)),
        Err(CallError::Trap { .. })
    ));
}

#[test]
fn invalid_probabilities_are_refused_naming_the_field() {
    let (_, failure, _) = run_with(&host(Limits::default()), "bad-probabilities", 2);
    let CallError::InvalidForecast { message } = &failure.error else {
        panic!("{:?}", failure.error)
    };
    assert!(
        message.contains("outcomes: probabilities sum to 1.3"),
        "{message}"
    );
}

#[test]
fn series_that_break_the_contract_are_refused_naming_the_series() {
    let host = host(Limits::default());
    let plugin = host.load(&misbehaving("bad-series")).unwrap();
    let mut instance = plugin.instantiate(&host).unwrap();
    let mut call = |fault: f64| {
        let input = forecast_host::input("t", 2007, 3, 0, vec![Value::Scalar(fault)], false);
        instance.forecast(&input)
    };
    let valid = call(0.5).unwrap();
    assert_eq!(valid.indicators.get("collapse_by"), Some(&[0.5; 3][..]));
    for (fault, expected) in [
        (
            0.0,
            "indicators: `collapse.undeclared` is not declared in the model's info",
        ),
        (1.0, "indicators: `collapse_by` appears twice"),
        (
            2.0,
            "indicators: `collapse_by` has 4 values for a horizon of 3 years",
        ),
        (3.0, "indicators: `collapse_by` holds inf"),
    ] {
        match call(fault) {
            Err(CallError::InvalidForecast { message }) => {
                assert!(message.contains(expected), "{fault}: {message}")
            }
            other => panic!("{fault}: {other:?}"),
        }
    }
}

#[test]
fn wrong_contracts_and_files_are_refused_at_load() {
    let host = host(Limits::default());
    match host.load(&misbehaving("wrong-version")) {
        Err(LoadError::IncompatibleVersion {
            found, expected, ..
        }) => assert_eq!((found.as_str(), expected), ("0.1.0", "0.2.0")),
        other => panic!("{other:?}"),
    }
    let old = host
        .load(&misbehaving("wrong-version"))
        .unwrap_err()
        .to_string();
    assert!(
        old.contains("a record of the seven outcomes as named f64 fields"),
        "a 0.1 plugin is told what changed: {old}"
    );
    match host.load(&misbehaving("other-world")) {
        Err(e @ LoadError::WrongWorld { .. }) => {
            let m = e.to_string();
            assert!(
                m.contains("forecast:model/plugin@0.2.0") && m.contains("demo:greeter/greet@1.0.0"),
                "{m}"
            );
        }
        other => panic!("{other:?}"),
    }
    match host.load(&misbehaving("imports-outside")) {
        Err(LoadError::ForbiddenImport { import, .. }) => {
            assert_eq!(import, "forecast:model/outside@0.2.0")
        }
        other => panic!("{other:?}"),
    }
    let dir = std::env::temp_dir().join(format!("forecast-host-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = dir.join("model.wasm");
    std::fs::write(&text, "this is not WebAssembly").unwrap();
    assert!(matches!(
        host.load(&Source::File(text)),
        Err(LoadError::NotWasm { .. })
    ));
    let core = dir.join("core.wasm");
    std::fs::write(&core, b"\0asm\x01\0\0\0").unwrap();
    assert!(matches!(
        host.load(&Source::File(core)),
        Err(LoadError::CoreModule { .. })
    ));
    let missing = host
        .load(&Source::File(dir.join("missing.wasm")))
        .unwrap_err();
    assert!(missing.to_string().contains("missing.wasm"), "{missing}");
}

#[test]
fn results_are_the_same_bits_whatever_the_thread_count() {
    let host = host(Limits::default());
    let plugins = vec![builtin(&host)];
    // Exact intervals, and sketched ones above EXACT_UP_TO samples.
    for samples in [None, Some(forecast_core::aggregate::EXACT_UP_TO + 77)] {
        let specs: Vec<_> = plugins.iter().map(|p| p.spec.clone()).collect();
        let options = PlanOptions {
            samples,
            ..PlanOptions::default()
        };
        let plan = Plan::new(
            Scenario::parse("test.toml", SCENARIO).unwrap(),
            &specs,
            options,
        )
        .unwrap();
        let bits = |jobs| {
            format!(
                "{:?}",
                run(&host, &plugins, &plan, RunOptions::with_jobs(jobs), &|_| {})
            )
        };
        let one = bits(1);
        assert_eq!(one, bits(2));
        assert_eq!(one, bits(5));
    }
}

#[test]
fn progress_only_goes_up_and_ends_at_the_total() {
    let host = host(Limits::default());
    let plugins = vec![builtin(&host), builtin(&host)];
    let plan = plan(&plugins);
    let seen = std::sync::Mutex::new(Vec::new());
    run(&host, &plugins, &plan, RunOptions::with_jobs(3), &|p| {
        seen.lock().unwrap().push(p)
    });
    let seen = seen.into_inner().unwrap();
    assert!(seen.windows(2).all(|w| w[0].done < w[1].done), "{seen:?}");
    let last = seen.last().unwrap();
    assert_eq!(last.done, last.total);
    assert_eq!(last.total, 2 * (plan.samples as usize + 1));
}

/// Every third parameter as a yearly path (the sample's value and the
/// default in turn), so the input carries both cases of `param-value`.
fn with_paths(
    spec: &forecast_core::ModelSpec,
    mut input: wit::ForecastInput,
) -> wit::ForecastInput {
    for (i, (value, decl)) in input.params.iter_mut().zip(&spec.parameters).enumerate() {
        if let (0, wit::ParamValue::Scalar(x)) = (i % 3, &*value) {
            let path = (0..input.horizon).map(|t| if t % 2 == 0 { *x } else { decl.default });
            *value = wit::ParamValue::Path(path.collect());
        }
    }
    input
}

#[test]
fn the_same_model_natively_and_as_a_plugin_gives_the_same_bits() {
    let host = host(Limits::default());
    let plugin = builtin(&host);
    let mut instance = plugin.instantiate(&host).unwrap();
    let plan = plan(std::slice::from_ref(&plugin));
    for sample in [0, 17, 149] {
        let params = plan.values(&plan.bind(&plugin.spec), sample);
        let scalars = forecast_host::input("test", 2007, 10, plan.call_seed(sample), params, true);
        for wit_input in [with_paths(&plugin.spec, scalars.clone()), scalars] {
            let sdk_input = native::native_input(&wit_input);
            let wasm = instance.forecast(&wit_input).unwrap();
            let native = forecast_collapse::forecast(&sdk_input).unwrap();
            let outcomes = native.outcomes.to_array().map(f64::to_bits);
            assert_eq!(outcomes, wasm.outcomes.map(f64::to_bits), "sample {sample}");
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            let native_series: Vec<_> = native
                .indicators
                .iter()
                .map(|s| (s.indicator.as_str(), bits(&s.values)))
                .collect();
            let wasm_series: Vec<_> = wasm
                .indicators
                .iter()
                .map(|(n, v)| (&**n, bits(v)))
                .collect();
            assert_eq!(native_series, wasm_series, "sample {sample}");
            assert_eq!(native.explanation, wasm.explanation, "sample {sample}");
        }
    }
}

#[test]
fn plugins_see_no_ambient_capabilities_and_seeded_randomness() {
    let host = host(Limits::default());
    let probe = host.load(&misbehaving("probe")).unwrap();
    let plugins = vec![probe];
    let text = SCENARIO.replace("base_hazard", "# base_hazard");
    let plan = Plan::new(
        Scenario::parse("t.toml", &text).unwrap(),
        &[plugins[0].spec.clone()],
        PlanOptions::default(),
    )
    .unwrap();
    let mut results = run(&host, &plugins, &plan, RunOptions::with_jobs(2), &|_| {});
    let lines = results.remove(0).result.unwrap().central.explanation;
    let get = |k: &str| {
        lines
            .iter()
            .find_map(|l| l.strip_prefix(&format!("{k}=")))
            .unwrap()
            .to_string()
    };
    assert_eq!(get("now"), forecast_host::FROZEN_UNIX_SECONDS.to_string());
    assert_eq!(get("elapsed_ns"), "0");
    assert_eq!((get("env").as_str(), get("args").as_str()), ("0", "0"));
    assert!(get("file").starts_with("error"), "{lines:?}");
    assert!(get("dir").starts_with("error"), "{lines:?}");
    assert!(get("net").starts_with("error"), "{lines:?}");
    // The same seed gives the same random bytes, another seed others.
    let mut instance = plugins[0].instantiate(&host).unwrap();
    let mut random = |seed| {
        let input = forecast_host::wit::ForecastInput {
            scenario: "t".into(),
            start_year: 2007,
            horizon: 1,
            seed,
            params: vec![],
            explain: true,
        };
        let f = instance.forecast(&input).unwrap();
        f.explanation
            .iter()
            .find(|l| l.starts_with("random="))
            .unwrap()
            .clone()
    };
    let a = random(1);
    assert_eq!(a, random(1));
    assert_ne!(a, random(2));
}

#[test]
fn the_compile_cache_reuses_signed_code_and_refuses_tampered_code() {
    let dir = std::env::temp_dir().join(format!("forecast-cache-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = HostConfig {
        cache_dir: Some(dir.clone()),
        ..HostConfig::default()
    };
    let (name, bytes) = forecast_builtin::BUILTIN[0];
    let source = Source::Embedded {
        name: name.into(),
        bytes,
    };
    let first = Host::new(config.clone()).unwrap().load(&source).unwrap();
    assert!(!first.cached);
    let second = Host::new(config.clone()).unwrap().load(&source).unwrap();
    assert!(second.cached);
    // Code compiled without NaN canonicalization is not code compiled with it.
    let strict = HostConfig {
        strict_nan: true,
        ..config.clone()
    };
    assert!(
        !Host::new(strict.clone())
            .unwrap()
            .load(&source)
            .unwrap()
            .cached
    );
    assert!(Host::new(strict).unwrap().load(&source).unwrap().cached);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "cwasm") {
            let mut code = std::fs::read(&path).unwrap();
            let n = code.len();
            code[n / 2] ^= 0xff;
            std::fs::write(&path, code).unwrap();
        }
    }
    let third = Host::new(config).unwrap().load(&source).unwrap();
    assert!(!third.cached, "tampered code is recompiled, not loaded");
    assert_eq!(third.spec, first.spec);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn strict_nan_makes_nan_bits_canonical() {
    let nan_bits = |strict_nan| {
        let host = Host::new(HostConfig {
            strict_nan,
            ..HostConfig::default()
        })
        .unwrap();
        let probe = host.load(&misbehaving("probe")).unwrap();
        let input = forecast_host::wit::ForecastInput {
            scenario: "t".into(),
            start_year: 2007,
            horizon: 1,
            seed: 0,
            params: vec![],
            explain: true,
        };
        let f = probe.instantiate(&host).unwrap().forecast(&input).unwrap();
        let line = f
            .explanation
            .iter()
            .find(|l| l.starts_with("nan="))
            .unwrap();
        u64::from_str_radix(&line[4..], 16).unwrap()
    };
    assert_eq!(nan_bits(true), 0x7ff8_0000_0000_0000, "the canonical NaN");
    let loose = nan_bits(false);
    assert!(f64::from_bits(loose).is_nan());
    // Without canonicalization the payload is the machine's: x86-64's
    // default NaN has the sign bit set.
    #[cfg(target_arch = "x86_64")]
    assert_eq!(loose, 0xfff8_0000_0000_0000);
}

#[test]
fn a_sleeping_plugin_holds_no_thread() {
    // Time is frozen for a plugin, so its sleeps end at once: a minute's
    // sleep costs nothing, where the host, waiting it out, could not have
    // stopped it (the wall clock interrupts WebAssembly, not the host).
    let host = host(Limits {
        timeout: Duration::from_secs(2),
        ..Limits::default()
    });
    let plugins = vec![builtin(&host), host.load(&misbehaving("sleeper")).unwrap()];
    let start = Instant::now();
    let results = run(
        &host,
        &plugins,
        &plan(&plugins),
        RunOptions::with_jobs(2),
        &|_| {},
    );
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    for r in results {
        r.result.expect("both answer");
    }
}
