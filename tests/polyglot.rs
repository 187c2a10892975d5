//! Plugins in Python, JavaScript and C, built from source by their own
//! recipes with the project-local toolchains (`tools/setup`), run through
//! the host beside the built-in Rust models: compared, snapshot-tested,
//! bounded, and the C port of `collapse` held to the Rust original.

mod common;

use common::{build_plugin, forecast, root, run_tool, stderr, stdout};
use forecast_core::{Plan, PlanOptions, Scenario};
use forecast_host::{Host, HostConfig, Source};
use std::path::PathBuf;
use std::sync::OnceLock;

/// `plugins/base-rates`, Python (componentize-py).
fn base_rates() -> &'static str {
    static WASM: OnceLock<PathBuf> = OnceLock::new();
    WASM.get_or_init(|| {
        build_plugin(
            "base-rates",
            &["plugins/base-rates", "plugins/sdk/python", "wit"],
            &["./build.sh", "{out}"],
        )
    })
    .to_str()
    .unwrap()
}

/// `plugins/status-quo`, JavaScript (componentize-qjs).
fn status_quo() -> &'static str {
    static WASM: OnceLock<PathBuf> = OnceLock::new();
    WASM.get_or_init(|| {
        build_plugin(
            "status-quo",
            &["plugins/status-quo", "plugins/sdk/js", "wit"],
            &["./build.sh", "{out}"],
        )
    })
    .to_str()
    .unwrap()
}

/// `plugins/collapse-c`, C (zig cc, wasm-tools): the `collapse` model's twin.
fn collapse_c() -> &'static str {
    static WASM: OnceLock<PathBuf> = OnceLock::new();
    WASM.get_or_init(|| {
        build_plugin(
            "collapse-c",
            &["plugins/collapse-c", "plugins/sdk/c", "wit"],
            &["make", "-s", "OUT={out}"],
        )
    })
    .to_str()
    .unwrap()
}

#[test]
fn the_models_own_tests_pass_natively() {
    run_tool(
        &root().join("plugins/base-rates"),
        "python3",
        &["-m", "unittest", "discover", "-s", "tests", "-q"],
    );
    run_tool(&root().join("plugins/status-quo"), "node", &["--test"]);
    run_tool(&root().join("plugins/collapse-c"), "make", &["-s", "test"]);
}

#[test]
fn python_js_and_c_plugins_compare_beside_the_built_ins() {
    let o = forecast(&[
        "compare",
        "scenarios/korea-2006.toml",
        "--samples",
        "100",
        "--plugin",
        base_rates(),
        "--plugin",
        status_quo(),
        "--plugin",
        collapse_c(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for model in [
        "collapse",
        "neutral-zone",
        "sanctions-escalation",
        "base-rates",
        "status-quo",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(&format!("{model} "))),
            "{model} is missing:\n{out}"
        );
    }
    let list = stdout(&forecast(&["list", "--plugin", collapse_c()]));
    assert!(
        list.lines()
            .any(|l| l.starts_with("collapse ") && l.ends_with("collapse-c.wasm")),
        "the C twin replaces the built-in collapse:\n{list}"
    );
}

#[test]
fn the_explorer_runs_python_js_and_c_plugins_as_compare_does() {
    let plugins = [
        "--plugin",
        base_rates(),
        "--plugin",
        status_quo(),
        "--plugin",
        collapse_c(),
    ];
    let mut args = vec!["scenarios/korea-2006.toml"];
    args.extend_from_slice(&plugins);
    let server = common::server::Server::start(&args);
    let state = server.get("/api/state").json();
    let origins: Vec<&str> = state["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["origin"].as_str().unwrap())
        .collect();
    for file in ["base-rates.wasm", "status-quo.wasm", "collapse-c.wasm"] {
        assert!(
            origins.iter().any(|o| o.ends_with(file)),
            "{file}: {origins:?}"
        );
    }
    // The controls include what only a plugin reads.
    let scenario = server.get("/api/scenario?name=korea-2006.toml").json();
    let readers = scenario["controls"].to_string();
    assert!(readers.contains("base-rates") && readers.contains("status-quo"));
    let set = "levers.us_pledge=3";
    let reply = server.post(
        "/api/run",
        "a",
        &serde_json::json!({ "scenario": "korea-2006.toml", "set": [set], "samples": 100 }),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let mut page = reply.json()["report"]["scenarios"][0].take();
    page.as_object_mut().unwrap().remove("file");
    let mut cli_args = vec![
        "compare",
        "scenarios/korea-2006.toml",
        "--set",
        set,
        "--samples",
        "100",
        "--format",
        "json",
    ];
    cli_args.extend_from_slice(&plugins);
    let o = forecast(&cli_args);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut cli: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let mut cli = cli["scenarios"][0].take();
    cli.as_object_mut().unwrap().remove("file");
    assert_eq!(page, cli);
}

#[test]
fn each_plugin_passes_its_conformance_checks_and_snapshots() {
    for (wasm, dir) in [
        (base_rates(), "plugins/base-rates/snapshots"),
        (status_quo(), "plugins/status-quo/snapshots"),
        (collapse_c(), "plugins/collapse-c/snapshots"),
    ] {
        let o = forecast(&["test", wasm, "--snapshots", dir]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "forecast test {wasm}:\n{}{}",
            stdout(&o),
            stderr(&o)
        );
        assert!(stdout(&o).ends_with("all passed\n"), "{}", stdout(&o));
    }
}

#[test]
fn a_plugin_in_any_language_is_held_to_its_budgets() {
    // A scenario only these plugins read, so that the built-ins can stay out.
    let dir = root().join("target/test-scenarios");
    std::fs::create_dir_all(&dir).unwrap();
    let scenario = dir.join("budgets.toml");
    std::fs::write(
        &scenario,
        "id = \"budgets\"\ntitle = \"budgets\"\ndescription = \"the host's budgets on plugins in other languages\"\n\
         start_year = 2007\nhorizon = 20\nseed = 1\nsamples = 20\n\
         [parameters.dprk]\nbase_hazard = { dist = \"lognormal\", low = 0.005, high = 0.02 }\n",
    )
    .unwrap();
    // CPython does not start in 8 MiB; QuickJS does not describe itself
    // within 10^6 fuel units, where the C model runs whole forecasts. Each
    // failure is reported, and the others' results still come out.
    for (limit, failing, passing, expect) in [
        (
            ["--memory", "8"],
            base_rates(),
            collapse_c(),
            "tried to grow its memory past the cap of 8 MiB",
        ),
        (
            ["--fuel", "1000000"],
            status_quo(),
            collapse_c(),
            "used up its CPU budget of 1000000 fuel units",
        ),
    ] {
        let o = forecast(
            &[
                &["compare", scenario.to_str().unwrap(), "--no-builtin"][..],
                &["--plugin", failing, "--plugin", passing],
                &limit[..],
            ]
            .concat(),
        );
        let out = stdout(&o);
        assert_eq!(o.status.code(), Some(1), "{failing}: {out}{}", stderr(&o));
        assert!(out.contains(expect), "{failing}:\n{out}{}", stderr(&o));
        assert!(
            out.lines().any(|l| l.starts_with("collapse ")),
            "the C model still reports:\n{out}"
        );
    }
}

/// Every outcome and indicator value of the C port against the Rust
/// `collapse` plugin, sample by sample, on every scenario.
#[test]
fn the_c_port_of_collapse_agrees_with_rust_to_1e_12_on_every_scenario() {
    let host = Host::new(HostConfig::default()).unwrap();
    let (name, bytes) = forecast_builtin::BUILTIN
        .iter()
        .find(|(id, _)| *id == "collapse")
        .unwrap();
    let rust = host
        .load(&Source::Embedded {
            name: name.to_string(),
            bytes,
        })
        .unwrap();
    let c = host.load(&Source::File(collapse_c().into())).unwrap();
    assert_eq!(
        rust.spec.parameters, c.spec.parameters,
        "the same declarations"
    );
    let others: Vec<_> = forecast_builtin::BUILTIN
        .iter()
        .map(|(name, bytes)| {
            host.load(&Source::Embedded {
                name: name.to_string(),
                bytes,
            })
            .unwrap()
            .spec
        })
        .collect();
    let mut scenarios: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    scenarios.sort();
    let (mut rust_calls, mut c_calls) = (
        rust.instantiate(&host).unwrap(),
        c.instantiate(&host).unwrap(),
    );
    let mut worst = 0.0f64;
    for file in &scenarios {
        let text = std::fs::read_to_string(file).unwrap();
        let scenario = Scenario::parse(file.to_str().unwrap(), &text).unwrap();
        let plan = Plan::new(scenario, &others, PlanOptions::default()).unwrap();
        let binding = plan.bind(&rust.spec);
        let sc = &plan.scenario;
        for sample in (0..plan.samples).map(Some).chain([None]) {
            let (seed, values, explain) = match sample {
                Some(i) => (plan.call_seed(i), plan.values(&binding, i), false),
                None => (
                    plan.call_seed(u32::MAX),
                    plan.central_values(&binding),
                    true,
                ),
            };
            let input =
                forecast_host::input(&sc.id, sc.start_year, sc.horizon, seed, values, explain);
            let a = rust_calls.forecast(&input).unwrap();
            let b = c_calls.forecast(&input).unwrap();
            let at = || format!("{} sample {sample:?}", sc.id);
            for (x, y) in a.outcomes.iter().zip(&b.outcomes) {
                worst = worst.max((x - y).abs());
            }
            assert_eq!(a.indicators.len(), b.indicators.len(), "{}", at());
            for ((n, xs), (m, ys)) in a.indicators.iter().zip(&b.indicators) {
                assert_eq!(n, m, "{}", at());
                for (x, y) in xs.iter().zip(ys) {
                    // Troops and refugees are in persons: compare relatively.
                    worst = worst.max((x - y).abs() / x.abs().max(1.0));
                }
            }
            assert_eq!(a.explanation, b.explanation, "{}", at());
            assert!(worst <= 1e-12, "{}: a difference of {worst:e}", at());
        }
    }
    eprintln!("largest difference between the Rust and C plugins: {worst:e}");
}

#[test]
fn score_measures_every_model_against_the_outside_view() {
    // base-rates, the reference class forecast, is the reference every
    // mechanism model must beat; status-quo, the persistence forecast, is
    // scored beside the others.
    for scenario in ["korea-2006", "history-2007-2026"] {
        let file = format!("scenarios/{scenario}.toml");
        let o = forecast(&[
            "score",
            &file,
            "--samples",
            "200",
            "--plugin",
            base_rates(),
            "--plugin",
            status_quo(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(out.contains("skill vs base-rates"), "{out}");
        assert!(
            out.lines().any(|l| l.starts_with("base-rates (reference)")),
            "{out}"
        );
        assert!(out.lines().any(|l| l.starts_with("status-quo ")), "{out}");
        insta::assert_snapshot!(format!("score_with_base_rates_{scenario}"), out);
    }
}
