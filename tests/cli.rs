//! The `forecast` command line, end to end: outputs as snapshots, exit codes,
//! and errors written for a person.

mod common;

use common::{forecast, root, stderr, stdout};
use std::process::Output;

fn misbehaving(name: &str) -> &'static str {
    forecast_builtin::misbehaving(name).unwrap()
}

#[test]
fn compare_korea_2006_table() {
    let o = forecast(&["compare", "scenarios/korea-2006.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn compare_korea_2006_json() {
    let o = forecast(&[
        "compare",
        "scenarios/korea-2006.toml",
        "--format",
        "json",
        "--samples",
        "200",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["schema"], "forecast-compare/1");
    insta::assert_json_snapshot!(json);
}

#[test]
fn every_scenario_compares_the_same_every_time() {
    // One snapshot per scenario file, named after it: a new scenario is
    // covered with no code change, and a model change shows up as a
    // reviewed snapshot diff.
    insta::glob!("../scenarios", "*.toml", |path| {
        let rel = path.strip_prefix(root()).unwrap().to_str().unwrap();
        let o = forecast(&["compare", rel, "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_suffix(path.file_stem().unwrap().to_str().unwrap());
        settings.bind(|| insta::assert_json_snapshot!("scenario", json));
    });
}

#[test]
fn markdown_and_csv_show_the_same_numbers() {
    let md = stdout(&forecast(&[
        "compare",
        "scenarios/korea-2006.toml",
        "--samples",
        "50",
        "--format",
        "markdown",
    ]));
    let csv = stdout(&forecast(&[
        "compare",
        "scenarios/korea-2006.toml",
        "--samples",
        "50",
        "--format",
        "csv",
    ]));
    insta::assert_snapshot!("markdown", md);
    let svg = stdout(&forecast(&[
        "compare",
        "scenarios/korea-2006.toml",
        "--samples",
        "50",
        "--format",
        "svg",
    ]));
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    insta::assert_snapshot!("svg", svg);
    insta::assert_snapshot!("csv", csv);
}

#[test]
fn results_do_not_depend_on_jobs() {
    let args = [
        "compare",
        "scenarios/korea-2006.toml",
        "--format",
        "json",
        "--samples",
        "300",
    ];
    let one = stdout(&forecast(&[&args[..], &["--jobs", "1"]].concat()));
    let three = stdout(&forecast(&[&args[..], &["--jobs", "3"]].concat()));
    assert_eq!(one, three);
}

#[test]
fn fuel_metering_changes_no_result() {
    let args = [
        "compare",
        "scenarios/korea-2006.toml",
        "--format",
        "json",
        "--samples",
        "100",
    ];
    let metered = stdout(&forecast(&args));
    let unmetered = stdout(&forecast(&[&args[..], &["--fuel", "off"]].concat()));
    assert_eq!(metered, unmetered);
}

#[test]
fn set_overrides_a_lever_and_moves_the_forecast() {
    let base = forecast(&[
        "compare",
        "scenarios/korea-2006.toml",
        "--format",
        "json",
        "--samples",
        "100",
    ]);
    let cut = forecast(&[
        "compare",
        "scenarios/korea-2006.toml",
        "--format",
        "json",
        "--samples",
        "100",
        "--set",
        "levers.china_aid=0.2",
    ]);
    let survive = |o: &Output| {
        let j: serde_json::Value = serde_json::from_str(&stdout(o)).unwrap();
        j["scenarios"][0]["models"][0]["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| {
                ["nuclear-status-quo", "freeze", "denuclearization"]
                    .contains(&x["outcome"].as_str().unwrap())
            })
            .map(|x| x["mean"].as_f64().unwrap())
            .sum::<f64>()
    };
    assert!(
        survive(&cut) < survive(&base) - 0.05,
        "cutting aid makes collapse likelier"
    );
}

#[test]
fn run_shows_one_model_in_full() {
    let o = forecast(&[
        "run",
        "collapse",
        "scenarios/korea-2006.toml",
        "--samples",
        "100",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn run_takes_a_plugin_file_and_a_scenario_that_sets_other_models_parameters() {
    // korea-2006 sets parameters only `collapse` reads: they are checked
    // against every available model, and only the one asked for runs.
    let dir = root().join("target/test-scenarios");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("sanctions_plugin.wasm");
    let (_, bytes) = forecast_builtin::BUILTIN
        .iter()
        .find(|(id, _)| *id == "sanctions-escalation")
        .unwrap();
    std::fs::write(&file, bytes).unwrap();
    let o = forecast(&[
        "run",
        file.to_str().unwrap(),
        "scenarios/korea-2006.toml",
        "--samples",
        "20",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("sanctions-escalation 0.3.0 on korea-2006"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn list_and_inspect_describe_the_models() {
    let list = forecast(&["list"]);
    assert_eq!(list.status.code(), Some(0));
    insta::assert_snapshot!("list", stdout(&list));
    let inspect = forecast(&["inspect", "collapse"]);
    assert_eq!(inspect.status.code(), Some(0));
    insta::assert_snapshot!("inspect", stdout(&inspect));
}

#[test]
fn check_validates_without_running() {
    let o = forecast(&["check", "scenarios/korea-2006.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("ok: scenarios/korea-2006.toml (korea-2006)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn check_reports_a_broken_plugin_and_checks_with_the_others() {
    let broken = scenario_file("broken-plugin.wasm", "not a component");
    let o = forecast(&["check", "scenarios/korea-2006.toml", "--plugin", &broken]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("ok: scenarios/korea-2006.toml"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("broken-plugin.wasm` is not a WebAssembly component"),
        "{}",
        stderr(&o)
    );
}

/// Writes a scenario file into a test directory and returns its path.
fn scenario_file(name: &str, text: &str) -> String {
    let dir = root().join("target/test-scenarios");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.strip_prefix(root()).unwrap().display().to_string()
}

#[test]
fn bad_scenarios_get_located_errors_with_hints() {
    let korea = std::fs::read_to_string(root().join("scenarios/korea-2006.toml")).unwrap();
    // (snapshot, command, scenario file edit as (from, to) or none, extra args)
    type Case<'a> = (&'a str, &'a str, Option<(&'a str, &'a str)>, &'a [&'a str]);
    let cases: [Case; 4] = [
        (
            "unknown_name",
            "check",
            Some(("us_pledge = 0", "us_pledg = 0")),
            &[],
        ),
        (
            "out_of_range",
            "compare",
            Some(("china_aid = 1.0", "china_aid = 7")),
            &[],
        ),
        (
            "syntax",
            "check",
            Some(("horizon = 20", "horizon = twenty")),
            &[],
        ),
        (
            "bad_override",
            "check",
            None,
            &["--set", "levers.us_pledge=high"],
        ),
    ];
    for (name, command, edit, extra) in cases {
        let file = match edit {
            Some((from, to)) => {
                scenario_file(&format!("{command}-{name}.toml"), &korea.replace(from, to))
            }
            None => "scenarios/korea-2006.toml".to_string(),
        };
        let o = forecast(&[&[command, file.as_str()][..], extra].concat());
        assert_eq!(o.status.code(), Some(2), "{name}");
        insta::assert_snapshot!(name, stderr(&o));
    }

    let o = forecast(&["check", "scenarios/no-such.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read scenario `scenarios/no-such.toml`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_failing_plugin_is_reported_while_the_others_come_out() {
    for (plugin, expect) in [
        ("spin", "used up its CPU budget"),
        ("hog", "tried to grow its memory past the cap"),
        ("trap", "crashed (trap)"),
        ("bad-probabilities", "probabilities sum to 1.3"),
        ("wrong-version", "implements `forecast:model@0.1.0`"),
        ("imports-outside", "imports `forecast:model/outside@0.2.0`"),
        (
            "other-world",
            "does not implement the world `forecast:model/plugin@0.2.0`",
        ),
    ] {
        let o = forecast(&[
            "compare",
            "scenarios/korea-2006.toml",
            "--samples",
            "20",
            "--fuel",
            "100000000",
            "--memory",
            "32",
            "--set",
            "levers.us_pledge=3", // the trap plugin crashes on a pledge of 2 or more
            "--plugin",
            misbehaving(plugin),
        ]);
        assert_eq!(o.status.code(), Some(1), "{plugin}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(
            out.lines().any(|l| l.starts_with("collapse ")),
            "{plugin}: the built-in still reports\n{out}"
        );
        assert!(out.contains(expect), "{plugin}: {out}");
    }
    let not_wasm = scenario_file("not-a-plugin.wasm", "hello");
    let o = forecast(&[
        "compare",
        "scenarios/korea-2006.toml",
        "--samples",
        "5",
        "--plugin",
        &not_wasm,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("is not a WebAssembly component"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_plugin_replaces_the_built_in_of_the_same_id() {
    let dir = root().join("target/test-scenarios");
    std::fs::create_dir_all(&dir).unwrap();
    let collapse = dir.join("collapse_plugin.wasm");
    std::fs::write(&collapse, forecast_builtin::BUILTIN[0].1).unwrap();
    let o = forecast(&["list", "--plugin", collapse.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("collapse ")).count(),
        1,
        "{out}"
    );
    assert!(out.contains("collapse_plugin.wasm"), "{out}");
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(forecast(&["compare"]).status.code(), Some(2));
    assert_eq!(
        forecast(&["compare", "scenarios/korea-2006.toml", "--jobs", "0"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        forecast(&["inspect", "no-such-model"]).status.code(),
        Some(2)
    );
    assert_eq!(forecast(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn vocabulary_md_and_the_helpers_priors_are_the_output_of_forecast_vocabulary() {
    for (format, file) in [
        ("markdown", "VOCABULARY.md"),
        ("python", "plugins/sdk/python/forecast_priors.py"),
        ("js", "plugins/sdk/js/forecast-priors.js"),
        ("c", "plugins/sdk/c/forecast_priors.h"),
    ] {
        let o = forecast(&["vocabulary", "--format", format]);
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        assert_eq!(
            stdout(&o),
            text,
            "{file} is stale: regenerate with `just vocabulary`"
        );
    }
}

#[test]
fn forecast_test_catches_what_breaks_the_contract() {
    // Valid answers that drift from call to call: only determinism catches it.
    let o = forecast(&["test", misbehaving("stateful"), "--no-snapshots"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("ok    ranges"), "{out}");
    assert!(out.contains("FAIL  determinism"), "{out}");
    assert!(
        out.contains("a second call in the same instance gave other bits"),
        "{out}"
    );
    // Probabilities summing to 1.3: every forecast check fails, naming why.
    let o = forecast(&["test", misbehaving("bad-probabilities"), "--no-snapshots"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("FAIL  ranges"), "{out}");
    assert!(out.contains("probabilities sum to 1.3"), "{out}");
    // A model with no sources or references fails `info`.
    assert!(out.contains("FAIL  info"), "{out}");
}

#[test]
fn forecast_test_shows_what_moved_and_accepts_it() {
    let dir = root().join("target/test-snapshots");
    let _ = std::fs::remove_dir_all(&dir);
    let snaps = dir.to_str().unwrap();
    let run = |extra: &[&str]| {
        let args = [
            &[
                "test",
                "collapse",
                "scenarios/korea-2006.toml",
                "--no-conformance",
                "--samples",
                "50",
                "--snapshots",
                snaps,
            ][..],
            extra,
        ]
        .concat();
        forecast(&args)
    };
    let pending = dir.join("collapse@korea-2006.snap.new");
    // No snapshot yet: it fails and leaves the result pending.
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("NEW   collapse@korea-2006"),
        "{}",
        stdout(&o)
    );
    assert!(pending.exists());
    assert_eq!(run(&["--accept"]).status.code(), Some(0));
    assert!(!pending.exists(), "accepting clears what was pending");
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("ok    collapse@korea-2006"),
        "{}",
        stdout(&o)
    );
    // A lever moved: the diff names what moved, by outcome, indicator and year.
    let o = run(&["--set", "levers.us_pledge=3"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("MOVED collapse@korea-2006"), "{out}");
    assert!(
        out.lines().any(|l| l
            .trim_start()
            .starts_with("neutral-unification: central 0 -> 0.0")),
        "{out}"
    );
    assert!(pending.exists());

    // The files are insta's: insta itself reads the stored snapshot and
    // finds it equal to the body forecast test wrote.
    let text = std::fs::read_to_string(dir.join("collapse@korea-2006.snap")).unwrap();
    let body = text
        .splitn(3, "---\n")
        .nth(2)
        .unwrap()
        .trim_end()
        .to_string();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(&dir);
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("collapse@korea-2006", body));
}

#[test]
fn score_reports_brier_and_log_scores_abstentions_and_reliability() {
    // The ex-ante forecast of December 2006, and the one conditional on the
    // levers as they moved: each model's forecasts against what happened.
    for scenario in ["korea-2006", "history-2007-2026"] {
        let file = format!("scenarios/{scenario}.toml");
        let o = forecast(&["score", &file, "--samples", "200"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        for model in [
            "collapse",
            "neutral-zone",
            "sanctions-escalation",
            "ensemble (linear pool)",
        ] {
            assert!(out.lines().any(|l| l.starts_with(model)), "{model}:\n{out}");
        }
        insta::assert_snapshot!(format!("score_{scenario}"), out);
        let json = forecast(&["score", &file, "--samples", "200", "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
        assert_eq!(v["schema"], "forecast-score/1");
        // A model that emits nothing for a question abstains: no forecast.
        let collapse = v["forecasters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "collapse")
            .unwrap();
        let answered: Vec<u64> = collapse["forecasts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["question"].as_u64().unwrap())
            .collect();
        assert!(!answered.contains(&5), "collapse has no UNSC ladder");
        assert_eq!(collapse["answered"].as_u64(), Some(answered.len() as u64));
    }
    // A scenario that starts in 2017 scores only the questions about its
    // years, and says it knows part of the answers.
    let later = forecast(&[
        "score",
        "scenarios/sanctions-peak-2017.toml",
        "--samples",
        "50",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&later)).unwrap();
    assert_eq!(v["hindsight"], true);
    assert_eq!(v["questions"]["scored"], serde_json::json!([12, 25]));
    assert_eq!(
        v["questions"]["outside_years"],
        serde_json::json!([1, 4, 5, 7, 8])
    );
    for f in v["forecasters"].as_array().unwrap() {
        assert!(f["answered"].as_u64().unwrap() <= 2, "{f}");
    }
    let o = forecast(&[
        "score",
        "scenarios/korea-2006.toml",
        "--reference",
        "base-rate",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--reference `base-rate` is not a loaded model"),
        "{}",
        stderr(&o)
    );
    let bad = scenario_file(
        "questions-bad.toml",
        "title = \"q\"\n[[question]]\nid = 1\n",
    );
    let o = forecast(&["score", "scenarios/korea-2006.toml", &bad]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("questions `"), "{}", stderr(&o));
}

#[test]
fn score_answers_by_outcome_and_by_threshold() {
    let dir = std::env::temp_dir().join(format!("forecast-score-kinds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let questions = dir.join("q.toml");
    std::fs::write(
        &questions,
        r#"
title = "answers of every kind"
asked = 2006
[[question]]
id = 1
text = "War by 2026?"
resolution = "no"
resolved_on = "2026-12-31"
record = "none"
answer = { outcome = "war", year = 2026 }
[[question]]
id = 2
text = "A cumulative collapse probability above 20% by 2016?"
resolution = "no"
resolved_on = "2016-12-31"
record = "a test of thresholds"
answer = { indicator = "collapse_by", year = 2016, above = 0.2 }
[[question]]
id = 3
text = "War by 2020?"
resolution = "no"
resolved_on = "2020-12-31"
record = "the scenario ends in 2026: an outcome cannot answer it"
answer = { outcome = "war", year = 2020 }
[[question]]
id = 4
text = "Any new UNSC sanctions resolution in 2010-2012?"
resolution = "no"
resolved_on = "2012-12-31"
record = "none: a test of windows"
answer = { indicator = "unsc_resolution_in_year", from = 2010, year = 2012 }
"#,
    )
    .unwrap();
    let table = dir.join("runs.csv");
    let (samples, scenario) = ("300", "scenarios/korea-2006.toml");
    let save = [scenario, "--samples", samples, "--format", "json"];
    let compare = forecast(
        &[
            &["compare"][..],
            &save,
            &["--save", table.to_str().unwrap(), "--save-indicators"],
        ]
        .concat(),
    );
    assert_eq!(compare.status.code(), Some(0), "{}", stderr(&compare));
    let compare: serde_json::Value = serde_json::from_str(&stdout(&compare)).unwrap();
    let o = forecast(&[
        "score",
        scenario,
        questions.to_str().unwrap(),
        "--samples",
        samples,
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let score: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    // The share of each model's samples whose collapse_by@2016 passes 0.2,
    // from the experiments table.
    let text = std::fs::read_to_string(&table).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (model_col, value_col) = (column("model"), column("collapse_by@2016"));
    for model in compare["scenarios"][0]["models"].as_array().unwrap() {
        let id = model["id"].as_str().unwrap();
        let forecaster = score["forecasters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == id)
            .unwrap();
        let of = |q: u64| {
            forecaster["forecasts"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["question"] == q)
                .map(|f| f["forecast"].as_f64().unwrap())
        };
        let war = model["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["outcome"] == "war")
            .unwrap();
        assert_eq!(of(1), war["mean"].as_f64(), "{id}: outcome");
        let rows: Vec<Vec<&str>> = text
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect::<Vec<_>>())
            .filter(|r| r[model_col] == id)
            .collect();
        let emitted: Vec<f64> = rows
            .iter()
            .filter_map(|r| r[value_col].parse().ok())
            .collect();
        let expected = (!emitted.is_empty())
            .then(|| emitted.iter().filter(|v| **v > 0.2).count() as f64 / rows.len() as f64);
        assert_eq!(of(2), expected, "{id}: threshold");
        assert_eq!(of(3), None, "{id}: an outcome is for the horizon's end");
        // A window: the mean over samples of 1 - prod (1 - p_t), 2010-2012.
        let window: Vec<usize> = (2010..=2012)
            .map(|y| column(&format!("unsc_resolution_in_year@{y}")))
            .collect();
        let chances: Vec<f64> = rows
            .iter()
            .filter_map(|r| {
                let p: Option<Vec<f64>> = window.iter().map(|c| r[*c].parse().ok()).collect();
                p.map(|p| 1.0 - p.iter().map(|x| 1.0 - x).product::<f64>())
            })
            .collect();
        let expected =
            (!chances.is_empty()).then(|| chances.iter().sum::<f64>() / chances.len() as f64);
        match (of(4), expected) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-12, "{id}: window {a} against {b}"),
            (a, b) => assert_eq!(a, b, "{id}: window"),
        }
        if id == "sanctions-escalation" {
            assert!(
                of(4).is_some(),
                "the sanctions model answers a window of resolutions"
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
