//! `--save runs.tar.gz`: the experiments table as EMA Workbench's
//! `save_results` archive. EMA Workbench from PyPI (pinned in
//! tools/requirements.txt, installed by tools/setup) loads it with
//! `load_results`, finds the values the CSV table of the same run holds,
//! and runs its analyses (feature scoring, CART) on it; the archive is the
//! same bits at any thread count, and several scenarios name their own.

mod common;

use common::{forecast, root, stderr, tools_bin};
use forecast_table::{Column, outcome_name};
use forecast_vocab::OUTCOMES;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const SCENARIO: &str = "scenarios/korea-2006.toml";

fn fresh(name: &str) -> PathBuf {
    let dir = root().join("target").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn save(file: &Path, extra: &[&str]) {
    let mut args = vec![
        "compare",
        SCENARIO,
        "--samples",
        "150",
        "--save",
        file.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = forecast(&args);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Equal, or within what pandas' fast float parser may lose (an ulp or two).
fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect()
}

fn assert_close(name: &str, got: &[f64], expected: &[f64]) {
    assert_eq!(got.len(), expected.len(), "{name}");
    for (k, (g, e)) in got.iter().zip(expected).enumerate() {
        assert!(
            close(*g, *e) || (g.is_nan() && e.is_nan()),
            "{name}[{k}]: EMA read {g}, the table holds {e}"
        );
    }
}

#[test]
fn ema_workbench_loads_a_saved_table_with_its_values() {
    let dir = fresh("ema-load");
    let archive = dir.join("runs.tar.gz");
    let csv = dir.join("runs.csv");
    save(&archive, &["--save-indicators"]);
    save(&csv, &["--save-indicators"]);
    assert!(
        !dir.join("runs.tar.gz.partial").exists(),
        "the spool is gone"
    );
    let table = forecast_table::read(&csv).unwrap();
    // The venv's own interpreter (a link to it would not find the venv).
    tools_bin();
    let python = root().join(".tools/venv/bin/python3");
    let o = Command::new(&python)
        .arg(root().join("tests/ema/load_results.py"))
        .arg(&archive)
        .output()
        .expect("run python");
    assert!(
        o.status.success(),
        "EMA Workbench could not load it: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let ema: Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = table.rows();
    assert_eq!(ema["rows"], rows);
    assert_eq!(rows, 3 * 150);
    // The experiments: each uncertain parameter, then scenario (the
    // sample), policy (the scenario file) and model.
    let parameters: Vec<&str> = table
        .columns
        .iter()
        .map(|(n, _)| n.as_str())
        .skip(3)
        .take_while(|n| !OUTCOMES.iter().any(|o| o.id == *n))
        .collect();
    assert!(parameters.len() >= 10, "{parameters:?}");
    let mut columns: Vec<&str> = parameters.clone();
    columns.extend(["scenario", "policy", "model"]);
    assert_eq!(ema["columns"], serde_json::json!(columns));
    for p in &parameters {
        assert_eq!(ema["dtypes"][p], "float64", "{p}");
        assert_close(
            p,
            &numbers(&ema["parameters"][p]),
            table.numbers(p).unwrap(),
        );
    }
    assert_eq!(ema["dtypes"]["scenario"], "int64");
    assert_eq!(ema["dtypes"]["policy"], "category");
    assert_eq!(ema["dtypes"]["model"], "category");
    assert_eq!(ema["policy"], serde_json::json!(["korea-2006"]));
    assert_eq!(
        ema["models"],
        serde_json::json!(["collapse", "neutral-zone", "sanctions-escalation"])
    );
    let Some(Column::Text(models)) = table.column("model") else {
        panic!("no model column")
    };
    assert_eq!(ema["model"], serde_json::json!(models));
    let Some(Column::Integer(samples)) = table.column("sample") else {
        panic!("no sample column")
    };
    assert_eq!(ema["scenario"], serde_json::json!(samples));
    // Each outcome probability, a ScalarOutcome.
    for o in &OUTCOMES {
        let name = outcome_name(o.id);
        assert_eq!(ema["shapes"][&name], serde_json::json!([rows]), "{name}");
        assert_close(
            &name,
            &numbers(&ema["outcomes"][&name]),
            table.numbers(o.id).unwrap(),
        );
    }
    // Each indicator, an ArrayOutcome of a row per experiment and a column
    // per year (NaN where a model does not emit it).
    let horizon = 20;
    let indicator = "collapse_by";
    assert_eq!(ema["shapes"][indicator], serde_json::json!([rows, horizon]));
    for year in [0, 7, horizon - 1] {
        let column = format!("{indicator}@{}", 2007 + year);
        let got: Vec<f64> = ema["outcomes"][indicator]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[year].as_f64().unwrap_or(f64::NAN))
            .collect();
        assert_close(&column, &got, table.numbers(&column).unwrap());
    }
    // EMA's analyses run on it.
    assert_eq!(ema["feature_scores"], parameters.len());
    assert!(ema["cart_boxes"].as_u64().unwrap() >= 1);
}

#[test]
fn the_archive_is_the_same_bits_at_any_thread_count() {
    let dir = fresh("ema-bits");
    let (one, two) = (dir.join("one.tar.gz"), dir.join("two.tar.gz"));
    save(&one, &["--jobs", "1"]);
    save(&two, &["--jobs", "2"]);
    let bytes = std::fs::read(&one).unwrap();
    assert!(bytes.starts_with(&[0x1f, 0x8b]), "gzip");
    assert_eq!(bytes, std::fs::read(&two).unwrap());
}

#[test]
fn several_scenarios_name_their_archives_and_a_table_reader_says_what_it_is() {
    let dir = fresh("ema-several");
    let file = dir.join("runs.tar.gz");
    let o = forecast(&[
        "compare",
        SCENARIO,
        "scenarios/carrots-only.toml",
        "--samples",
        "20",
        "--save",
        file.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for name in ["runs.korea-2006.tar.gz", "runs.carrots-only.tar.gz"] {
        assert!(dir.join(name).is_file(), "{name}");
    }
    let refused = forecast_table::read(&dir.join("runs.korea-2006.tar.gz")).unwrap_err();
    assert!(refused.to_string().contains("EMA Workbench"), "{refused}");
}
