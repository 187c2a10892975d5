//! `forecast backtest`: rolling-origin forecasts scored against the record.

mod common;

use common::{forecast, stderr, stdout};
use serde_json::Value;

const HISTORY: &str = "scenarios/history-1990-2026.toml";
const RECORD: &str = "records/dprk.toml";

fn backtest_json(extra: &[&str]) -> Value {
    let mut args = vec![
        "backtest",
        HISTORY,
        RECORD,
        "--samples",
        "100",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let o = forecast(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

fn forecaster<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["forecasters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no forecaster {name}"))
}

fn scored<'a>(f: &'a Value, series: &str, origin: i64, lead: i64) -> Option<&'a Value> {
    f["scored"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["series"] == series && s["origin"] == origin && s["lead"] == lead)
}

#[test]
fn the_table_reports_skill_by_series_lead_and_pairs() {
    let o = forecast(&["backtest", HISTORY, RECORD, "--samples", "100"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for want in [
        "origins 2006, 2009, 2012, 2015, 2018, 2021; leads 1-4 years",
        "ex-ante",
        "log skill vs base rate",
        "Log score by series",
        "Log score by lead",
        "Pairwise",
        "sanctions-escalation: nuclear_test, sanctions_resolution, agreement, regime_collapse, war",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    insta::assert_snapshot!("backtest_history_1990_2026", out);
}

#[test]
fn every_model_answers_what_it_emits_and_abstains_on_the_rest() {
    let v = backtest_json(&[]);
    assert_eq!(v["schema"], "forecast-backtest/1");
    assert_eq!(
        v["origins"],
        serde_json::json!([2006, 2009, 2012, 2015, 2018, 2021])
    );
    let collapse = forecaster(&v, "collapse");
    assert!(scored(collapse, "leader_change", 2009, 2).is_some());
    assert!(
        scored(collapse, "nuclear_test", 2009, 2).is_none(),
        "collapse emits no test forecast"
    );
    // 2011: Kim Jong-il died, and the record says so.
    assert_eq!(
        scored(collapse, "leader_change", 2009, 2).unwrap()["observed"],
        1.0
    );
    // Six origins of four leads, the last origin's leads past 2025 dropped.
    let n = |f: &Value, s: &str| {
        f["scored"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["series"] == s)
            .count()
    };
    assert_eq!(n(collapse, "regime_collapse"), 5 * 4 + 4);
    let ensemble = forecaster(&v, "ensemble");
    let base = forecaster(&v, "base rate");
    assert_eq!(n(base, "missiles"), 24, "references answer every series");
    assert_eq!(
        n(ensemble, "missiles"),
        0,
        "no built-in model forecasts missiles"
    );
    for f in v["forecasters"].as_array().unwrap() {
        for s in f["scored"].as_array().unwrap() {
            let (rps, log) = (s["rps"].as_f64().unwrap(), s["log"].as_f64().unwrap());
            assert!(
                rps >= 0.0 && log >= 0.0 && log <= -(0.001f64.ln()) + 1e-12,
                "{s}"
            );
        }
    }
}

#[test]
fn the_references_are_what_the_record_said_at_the_origin() {
    let v = backtest_json(&["--origins", "2006"]);
    // No collapse in the 17 years 1990-2006: the base rate is (0 + 1/2)/18.
    let base = scored(forecaster(&v, "base rate"), "regime_collapse", 2006, 1).unwrap();
    let p = 0.5 / 18.0;
    assert!((base["mean"].as_f64().unwrap() - p).abs() < 1e-15, "{base}");
    assert!((base["log"].as_f64().unwrap() + (1.0 - p).ln()).abs() < 1e-12);
    // Agreements in 1992, 1994, 1999 and 2005: 4 of 17 years.
    let agreed = scored(forecaster(&v, "base rate"), "agreement", 2006, 1).unwrap();
    assert!((agreed["mean"].as_f64().unwrap() - 4.5 / 18.0).abs() < 1e-15);
    // Persistence: 2006 had a test; no year before had one, so no pair
    // starting in a test year: (0 + 1/2)/(0 + 1).
    let test = scored(forecaster(&v, "persistence"), "nuclear_test", 2006, 1).unwrap();
    assert_eq!(test["mean"], 0.5);
    assert_eq!(
        scored(forecaster(&v, "50%"), "war", 2006, 3).unwrap()["mean"],
        0.5
    );
}

#[test]
fn the_same_bits_at_any_jobs_and_a_later_record_changes_no_earlier_forecast() {
    let one = backtest_json(&["--jobs", "1"]);
    let two = backtest_json(&["--jobs", "2"]);
    assert_eq!(one, two);

    // A record changed after 2013 leaves the forecasts and references of the
    // origins up to 2009 (targets up to 2013) as they were.
    let text = std::fs::read_to_string(common::root().join(RECORD)).unwrap();
    let changed =
        text.replacen("2014 = 19", "2014 = 90", 1)
            .replacen("2016 = 1\n", "2016 = 0\n", 1);
    assert_ne!(changed, text);
    let dir = common::root().join("target/test-backtest");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("changed.toml");
    std::fs::write(&file, changed).unwrap();
    let o = forecast(&[
        "backtest",
        HISTORY,
        file.to_str().unwrap(),
        "--samples",
        "100",
        "--origins",
        "2006,2009",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let later: Value = serde_json::from_slice(&o.stdout).unwrap();
    let early = backtest_json(&["--origins", "2006,2009"]);
    for name in [
        "collapse",
        "sanctions-escalation",
        "base rate",
        "persistence",
        "ensemble",
    ] {
        assert_eq!(
            forecaster(&early, name)["scored"],
            forecaster(&later, name)["scored"],
            "{name}"
        );
    }
}

#[test]
fn conditional_runs_on_the_levers_as_they_moved() {
    let ex_ante = backtest_json(&["--origins", "2015"]);
    let conditional = backtest_json(&["--origins", "2015", "--conditional"]);
    assert_eq!(conditional["mode"], "conditional");
    // Held at rung 3 after 2015, against the rungs 4 and 5 of 2017-18.
    let at = |v: &Value| {
        scored(
            forecaster(v, "sanctions-escalation"),
            "sanctions_resolution",
            2015,
            2,
        )
        .unwrap()["mean"]
            .as_f64()
            .unwrap()
    };
    assert_ne!(at(&ex_ante), at(&conditional));
    // The references know only the record: the same in both.
    assert_eq!(
        forecaster(&ex_ante, "base rate")["scored"],
        forecaster(&conditional, "base rate")["scored"]
    );
}

#[test]
fn bad_input_gets_a_clear_error() {
    let dir = common::root().join("target/test-backtest");
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad-record.toml");
    std::fs::write(&bad, "title = \"t\"\nfirst_year = 2000\nlast_year = 2001\n[[series]]\nid = \"x\"\nkind = \"binary\"\nindicator = \"war_in_year\"\ndefinition = \"d\"\nsource = \"s\"\n[series.values]\n2000 = 0\n").unwrap();
    let o = forecast(&["backtest", HISTORY, bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("bad-record.toml") && e.contains("no value for 2001") && e.contains("hint:"),
        "{e}"
    );

    let o = forecast(&["backtest", HISTORY, RECORD, "--origins", "2025"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("leaves nothing to score"),
        "{}",
        stderr(&o)
    );

    // A scenario that starts after the origin knows nothing of the years before it.
    let o = forecast(&[
        "backtest",
        "scenarios/history-2007-2026.toml",
        RECORD,
        "--origins",
        "2003",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("before the year before"),
        "{}",
        stderr(&o)
    );

    let o = forecast(&["backtest", HISTORY, "records/none.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("records/none.toml"), "{}", stderr(&o));
}

fn calibrate_json(args: &[&str]) -> Value {
    let mut all = vec!["calibrate"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let o = forecast(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

fn hazard_calibration(record: &str) -> Value {
    let plugin = forecast_builtin::testing("hazard").unwrap();
    calibrate_json(&[
        "tests/data/hazard.toml",
        record,
        "--until",
        "2016",
        "--plugin",
        plugin,
        "--no-builtin",
    ])
}

#[test]
fn a_constant_hazard_under_a_uniform_prior_has_the_beta_posterior() {
    // 3 events in 17 years: Beta(4, 15), mean 4/19, sd 0.0911.
    let v = hazard_calibration("tests/data/hazard-record.toml");
    let m = &v["models"][0];
    assert_eq!(m["model"], "hazard");
    let ess = m["ess"].as_f64().unwrap();
    let p = &m["parameters"][0];
    assert_eq!(p["name"], "hazard.rate");
    let mean = p["posterior"]["mean"].as_f64().unwrap();
    let (a, b) = (4.0, 15.0);
    let var: f64 = a * b / ((a + b) * (a + b) * (a + b + 1.0));
    let error = var.sqrt() / ess.sqrt();
    assert!(
        (mean - a / (a + b)).abs() < 4.0 * error,
        "{mean} against {} (MC error {error})",
        a / (a + b)
    );
    // The 5%, 50% and 95% points of Beta(4, 15), by numerical integration.
    for (q, want) in [("p05", 0.0797), ("p50", 0.2002), ("p95", 0.3767)] {
        let got = p["posterior"][q].as_f64().unwrap();
        assert!((got - want).abs() < 0.015, "{q}: {got} against {want}");
    }
    // The log evidence is ln B(4, 15) = ln(6 / (15 16 17 18)).
    let evidence = (6.0f64 / (15.0 * 16.0 * 17.0 * 18.0)).ln();
    assert!(
        (m["log_evidence"].as_f64().unwrap() - evidence).abs() < 0.05,
        "{}",
        m["log_evidence"]
    );
    let weights = m["weights"].as_array().unwrap();
    assert_eq!(weights.len(), 4000);
}

#[test]
fn the_record_after_until_changes_no_bit_of_the_posterior() {
    let text =
        std::fs::read_to_string(common::root().join("tests/data/hazard-record.toml")).unwrap();
    let changed = text
        .replace("2017 = 1", "2017 = 0")
        .replace("2020 = 0", "2020 = 1")
        .replace("2029 = 0", "2029 = 1");
    assert_ne!(text, changed);
    let dir = common::root().join("target/test-backtest");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("hazard-record-changed.toml");
    std::fs::write(&file, changed).unwrap();
    let (before, after) = (
        hazard_calibration("tests/data/hazard-record.toml"),
        hazard_calibration(file.to_str().unwrap()),
    );
    assert_eq!(before["models"], after["models"]);
    // A change before --until does move it.
    let earlier = text.replace("2003 = 1", "2003 = 0");
    std::fs::write(&file, earlier).unwrap();
    assert_ne!(
        before["models"],
        hazard_calibration(file.to_str().unwrap())["models"]
    );
}

#[test]
fn calibrating_the_models_on_the_record_to_2006() {
    let v = calibrate_json(&[HISTORY, RECORD, "--until", "2006", "--samples", "200"]);
    assert_eq!(v["schema"], "forecast-calibrate/1");
    assert_eq!(v["years"], serde_json::json!([1990, 2006]));
    for m in v["models"].as_array().unwrap() {
        assert_eq!(m["calibrated"], true, "{}", m["model"]);
        let ess = m["ess"].as_f64().unwrap();
        assert!((1.0..=200.0).contains(&ess), "{ess}");
        let total: f64 = m["weights"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_f64().unwrap())
            .sum();
        assert!((total - 1.0).abs() < 1e-9);
    }
    let o = forecast(&[
        "calibrate",
        HISTORY,
        RECORD,
        "--until",
        "2006",
        "--samples",
        "200",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains("effective sample size") && out.contains("dprk.base_hazard"),
        "{out}"
    );
    // The same bits at any --jobs.
    let two = calibrate_json(&[
        HISTORY,
        RECORD,
        "--until",
        "2006",
        "--samples",
        "200",
        "--jobs",
        "2",
    ]);
    assert_eq!(v, two);
    // Before the scenario starts there is nothing to run.
    let o = forecast(&["calibrate", HISTORY, RECORD, "--until", "1985"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("starts in 1990"), "{}", stderr(&o));
}

#[test]
fn a_calibrated_backtest_weighs_each_origin_by_the_record_before_it() {
    let plain = backtest_json(&["--origins", "2006,2012"]);
    let calibrated = backtest_json(&["--origins", "2006,2012", "--calibrate"]);
    assert_eq!(calibrated["calibrated"], true);
    let cal = calibrated["calibrations"].as_array().unwrap();
    assert_eq!(cal.len(), 2 * 3, "each built-in model at each origin");
    assert!(cal.iter().all(|c| c["ess"].as_f64().unwrap() <= 100.0));
    // The references do not calibrate; the models' forecasts move.
    assert_eq!(
        forecaster(&plain, "base rate")["scored"],
        forecaster(&calibrated, "base rate")["scored"]
    );
    assert_ne!(
        forecaster(&plain, "collapse")["scored"],
        forecaster(&calibrated, "collapse")["scored"]
    );
    let two = backtest_json(&["--origins", "2006,2012", "--calibrate", "--jobs", "2"]);
    assert_eq!(calibrated, two);
}

#[test]
fn the_charts_come_as_svg_and_in_the_html_report() {
    let o = forecast(&[
        "backtest",
        HISTORY,
        RECORD,
        "--samples",
        "50",
        "--origins",
        "2006,2012",
        "--format",
        "svg",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = stdout(&o);
    assert!(
        svg.trim_start().starts_with("<svg") && svg.contains("viewBox"),
        "{}",
        &svg[..200.min(svg.len())]
    );
    for title in [
        "Reliability, binary series",
        "PIT, collapse",
        "PIT, ensemble",
    ] {
        assert!(svg.contains(title), "no {title}");
    }
    let dir = common::root().join("target/test-backtest");
    std::fs::create_dir_all(&dir).unwrap();
    let html = dir.join("report.html");
    let o = forecast(&[
        "report",
        HISTORY,
        "--backtest",
        RECORD,
        "--calibrate",
        "--origins",
        "2006,2012",
        "--samples",
        "50",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("Back-test against The DPRK"),
        "no back-test section"
    );
    assert!(
        page.contains("calibrated at each origin") && page.contains("Reliability, binary series")
    );
}

#[test]
fn the_posterior_is_a_scenario_that_every_command_reads() {
    let plugin = forecast_builtin::testing("hazard").unwrap();
    let dir = common::root().join("target/test-backtest/posterior");
    let _ = std::fs::remove_dir_all(&dir);
    let o = forecast(&[
        "calibrate",
        "tests/data/hazard.toml",
        "tests/data/hazard-record.toml",
        "--until",
        "2016",
        "--plugin",
        plugin,
        "--no-builtin",
        "--save-posterior",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["written"].as_array().unwrap().len(),
        2,
        "the prior and the model's posterior"
    );
    let text = std::fs::read_to_string(dir.join("hazard@2016-hazard.toml")).unwrap();
    let scenario = forecast_core::Scenario::parse("posterior.toml", &text).unwrap();
    assert_eq!((scenario.start_year, scenario.horizon), (2017, 13));
    let rate = scenario
        .settings
        .iter()
        .find(|s| s.name == "hazard.rate")
        .unwrap();
    let forecast_core::scenario::SettingValue::Draws(draws) = &rate.value else {
        panic!("the posterior gives draws: {:?}", rate.value)
    };
    assert_eq!(draws.len(), 4000);
    // Resampled from the weights: the draws' mean is the posterior mean,
    // 4/19, within the error of resampling an effective 1,200 or so.
    let mean = draws.iter().sum::<f64>() / draws.len() as f64;
    assert!((mean - 4.0 / 19.0).abs() < 0.01, "{mean}");
    // The posterior scenario runs: the model sees its posterior draws.
    let o = forecast(&[
        "check",
        dir.join("hazard@2016-hazard.toml").to_str().unwrap(),
        "--plugin",
        plugin,
        "--no-builtin",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let again = forecast(&[
        "calibrate",
        "tests/data/hazard.toml",
        "tests/data/hazard-record.toml",
        "--until",
        "2016",
        "--plugin",
        plugin,
        "--no-builtin",
        "--save-posterior",
        dir.to_str().unwrap(),
    ]);
    assert!(again.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.join("hazard@2016-hazard.toml")).unwrap(),
        text,
        "the same bits"
    );

    // The built-in models' posteriors compare beside the prior.
    let built = common::root().join("target/test-backtest/posterior-builtin");
    let o = forecast(&[
        "calibrate",
        HISTORY,
        RECORD,
        "--until",
        "2006",
        "--samples",
        "100",
        "--save-posterior",
        built.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let prior = built.join("history-1990-2026@2006.toml");
    let posterior = built.join("history-1990-2026@2006-sanctions-escalation.toml");
    let o = forecast(&[
        "compare",
        prior.to_str().unwrap(),
        posterior.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let sanctions = |k: usize| {
        v["scenarios"][k]["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == "sanctions-escalation")
            .unwrap()["outcomes"]
            .clone()
    };
    assert_ne!(
        sanctions(0),
        sanctions(1),
        "the posterior moves the forecast"
    );
}

#[test]
fn a_posterior_is_never_written_outside_its_folder() {
    let plugin = forecast_builtin::testing("hazard").unwrap();
    let dir = common::root().join("target/test-backtest/escape");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(common::root().join("tests/data/hazard.toml")).unwrap();
    let scenario = dir.join("escape.toml");
    std::fs::write(
        &scenario,
        text.replace("id = \"hazard\"", "id = \"../escaped\""),
    )
    .unwrap();
    let out = dir.join("posterior");
    let o = forecast(&[
        "calibrate",
        scenario.to_str().unwrap(),
        "tests/data/hazard-record.toml",
        "--until",
        "2016",
        "--plugin",
        plugin,
        "--no-builtin",
        "--samples",
        "50",
        "--save-posterior",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the id `../escaped` does not start with a letter or digit"),
        "{}",
        stderr(&o)
    );
    assert!(
        !dir.join("escaped@2016.toml").exists() && !dir.join("escaped@2016-hazard.toml").exists()
    );
}

#[test]
fn a_plugin_that_crashes_is_reported_and_the_others_are_scored() {
    let trap = forecast_builtin::misbehaving("trap").unwrap();
    let o = forecast(&[
        "backtest",
        HISTORY,
        RECORD,
        "--origins",
        "2006",
        "--samples",
        "20",
        "--plugin",
        trap,
        "--set",
        "levers.us_pledge=2",
    ]);
    assert_eq!(o.status.code(), Some(1), "a plugin failed: exit 1");
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(
        out.contains("error: trap (") && out.contains("failed during origin 2006"),
        "{out}{err}"
    );
    assert!(
        out.contains("  trap: nothing") && out.contains("collapse: agreement"),
        "{out}"
    );
}

/// Runs `forecast backtest` in `shards` shards into a fresh folder under
/// target/, returning the part files.
fn backtest_parts(name: &str, shards: u32, extra: &[&str]) -> Vec<String> {
    let dir = common::root().join("target/test-backtest").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for k in 0..shards {
        let shard = format!("{k}/{shards}");
        let mut args = vec!["backtest", HISTORY, RECORD, "--shard", &shard];
        let parts = dir.to_str().unwrap();
        args.extend_from_slice(&["--parts", parts]);
        args.extend_from_slice(extra);
        let o = forecast(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains(&format!("shard {k} of {shards}")));
    }
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    files.sort();
    assert_eq!(files.len(), shards as usize, "{files:?}");
    files
}

#[test]
fn a_sharded_backtest_merges_to_the_same_bits() {
    // 600 samples are three blocks: each of two shards runs some.
    let protocol = ["--samples", "600", "--origins", "2009,2015", "--calibrate"];
    let parts = backtest_parts("sharded", 2, &protocol);
    for format in ["json", "table"] {
        let mut whole = vec!["backtest", HISTORY, RECORD, "--format", format];
        whole.extend_from_slice(&protocol);
        let whole = forecast(&whole);
        assert!(whole.status.success(), "{}", stderr(&whole));
        let mut merge = vec!["merge", "--format", format];
        merge.extend(parts.iter().map(String::as_str));
        let merged = forecast(&merge);
        assert!(merged.status.success(), "{}", stderr(&merged));
        assert_eq!(stdout(&merged), stdout(&whole), "--format {format}");
    }
    // A plugin that fails is reported by the merge as by the whole run.
    let trap = forecast_builtin::misbehaving("trap").unwrap();
    let failing = [
        "--samples",
        "300",
        "--origins",
        "2006",
        "--plugin",
        trap,
        "--set",
        "levers.us_pledge=2",
    ];
    let parts = backtest_parts("sharded-trap", 2, &failing);
    let mut whole = vec!["backtest", HISTORY, RECORD];
    whole.extend_from_slice(&failing);
    let whole = forecast(&whole);
    let mut merge = vec!["merge"];
    merge.extend(parts.iter().map(String::as_str));
    let merged = forecast(&merge);
    assert_eq!(merged.status.code(), Some(1), "{}", stderr(&merged));
    assert_eq!(stdout(&merged), stdout(&whole));
    assert!(stdout(&merged).contains("error: trap ("));
}

#[test]
fn a_backtest_merge_names_a_missing_shard_and_a_changed_record() {
    let protocol = ["--samples", "300", "--origins", "2006"];
    let parts = backtest_parts("incomplete", 3, &protocol);
    let o = forecast(&["merge", &parts[0], &parts[2]]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("shard 1 of 3 is missing"),
        "{}",
        stderr(&o)
    );

    let other = backtest_parts(
        "other-origin",
        3,
        &["--samples", "300", "--origins", "2009"],
    );
    let o = forecast(&["merge", &parts[0], &parts[1], &other[2]]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("different runs") && stderr(&o).contains("protocol differs"),
        "{}",
        stderr(&o)
    );

    // The record edited between the shards' runs.
    let text = std::fs::read_to_string(common::root().join(RECORD)).unwrap();
    let edited = common::root().join("target/test-backtest/edited.toml");
    std::fs::write(&edited, text.replacen("2014 = 19", "2014 = 20", 1)).unwrap();
    let dir = common::root().join("target/test-backtest/edited");
    let _ = std::fs::remove_dir_all(&dir);
    let mut args = vec![
        "backtest",
        HISTORY,
        edited.to_str().unwrap(),
        "--shard",
        "2/3",
    ];
    args.extend_from_slice(&["--parts", dir.to_str().unwrap()]);
    args.extend_from_slice(&protocol);
    let o = forecast(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let part = dir.join("history-1990-2026.backtest.2-of-3.part");
    let o = forecast(&["merge", &parts[0], &parts[1], part.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("the record differs"), "{}", stderr(&o));

    let o = forecast(&["merge", "--format", "csv", &parts[0], &parts[1], &parts[2]]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no CSV"), "{}", stderr(&o));
}
