//! Runs at scale: the experiments table agrees with the report, sharded
//! runs merge to the bits of the whole run, and parts that do not belong
//! together are refused with a clear error.

mod common;

use common::{forecast, root, stderr, stdout};
use forecast_table::{Column, read};
use serde_json::Value;
use std::path::PathBuf;

/// A fresh folder under target/ for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target/scale-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn json(args: &[&str]) -> Value {
    let o = forecast(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

/// The report's entry for `model` in the first scenario.
fn model<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["scenarios"][0]["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap()
}

/// Hyndman & Fan type 7, as the report computes it.
fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let h = (values.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    values[lo] + (h - lo as f64) * (values[hi] - values[lo])
}

/// A table's contents with numbers as bits, so that NaN equals NaN.
fn bits(t: &forecast_table::Table) -> Vec<(String, Vec<String>)> {
    t.columns
        .iter()
        .map(|(name, c)| {
            let values = match c {
                Column::Text(v) => v.clone(),
                Column::Integer(v) => v.iter().map(u64::to_string).collect(),
                Column::Number(v) => v.iter().map(|x| format!("{:x}", x.to_bits())).collect(),
            };
            (name.clone(), values)
        })
        .collect()
}

#[test]
fn the_experiments_table_agrees_with_the_report() {
    let dir = scratch("table");
    let parquet = dir.join("runs.parquet");
    let csv = dir.join("runs.csv");
    let args = [
        "compare",
        "scenarios/korea-2006.toml",
        "--samples",
        "300",
        "--format",
        "json",
    ];
    let report = json(
        &[
            &args[..],
            &["--save", parquet.to_str().unwrap(), "--save-indicators"],
        ]
        .concat(),
    );
    json(
        &[
            &args[..],
            &["--save", csv.to_str().unwrap(), "--save-indicators"],
        ]
        .concat(),
    );
    let table = read(&parquet).unwrap();
    assert_eq!(table.rows(), 3 * 300);
    // CSV holds the same values, to the bit (NaN where a model has no value).
    let from_csv = read(&csv).unwrap();
    assert_eq!(bits(&table), bits(&from_csv));
    let Some(Column::Text(models)) = table.column("model") else {
        panic!("no model column")
    };
    let Some(Column::Integer(samples)) = table.column("sample") else {
        panic!("no sample column")
    };
    // Model by model, sample by sample.
    assert_eq!(samples[..300].to_vec(), (0..300).collect::<Vec<u64>>());
    assert_eq!(models[0], "collapse");
    for id in ["collapse", "neutral-zone", "sanctions-escalation"] {
        let rows: Vec<usize> = (0..table.rows()).filter(|&r| models[r] == id).collect();
        assert_eq!(rows.len(), 300, "{id}");
        let m = model(&report, id);
        for outcome in m["outcomes"].as_array().unwrap() {
            let name = outcome["outcome"].as_str().unwrap();
            let column = table.numbers(name).unwrap();
            let mut values: Vec<f64> = rows.iter().map(|&r| column[r]).collect();
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            assert!(
                (mean - outcome["mean"].as_f64().unwrap()).abs() < 1e-12,
                "{id} {name}"
            );
            // 300 samples: exact intervals, the same bits.
            assert_eq!(
                quantile(&mut values, 0.05),
                outcome["p05"].as_f64().unwrap(),
                "{id} {name}"
            );
            assert_eq!(
                quantile(&mut values, 0.95),
                outcome["p95"].as_f64().unwrap(),
                "{id} {name}"
            );
        }
        // An indicator at a year, as a NAME@YEAR column.
        let series = m["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["indicator"] == "collapse_by")
            .unwrap();
        let year = &series["years"][9];
        let column = table
            .numbers(&format!("collapse_by@{}", year["year"]))
            .unwrap();
        let mean = rows.iter().map(|&r| column[r]).sum::<f64>() / 300.0;
        assert!(
            (mean - year["mean"].as_f64().unwrap()).abs() < 1e-12,
            "{id}"
        );
    }
    // A model's own indicator is empty in the other models' rows.
    let own = table.numbers("collapse.refugees@2007");
    if let Some(own) = own {
        assert!(own[300..].iter().all(|v| v.is_nan()));
    }
    // Every sampled parameter has its column, with the sample's draw.
    assert!(
        table
            .numbers("dprk.base_hazard")
            .unwrap()
            .iter()
            .all(|v| (0.0..=0.5).contains(v))
    );
}

#[test]
fn sharded_runs_merge_to_the_bits_of_the_whole_run() {
    let dir = scratch("shards");
    let parts = dir.join("parts");
    // 2,500 samples: ten blocks, intervals from the sketch.
    let run = [
        "compare",
        "scenarios/korea-2006.toml",
        "scenarios/leader-death.toml",
        "--samples",
        "2500",
    ];
    let whole = forecast(&[&run[..], &["--format", "json"]].concat());
    let table = dir.join("runs.parquet");
    for k in 0..3 {
        let shard = format!("{k}/3");
        let o = forecast(
            &[
                &run[..],
                &["--shard", &shard, "--parts", parts.to_str().unwrap()],
                &["--save", table.to_str().unwrap()],
            ]
            .concat(),
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(
            stdout(&o).contains(&format!("shard {k} of 3")),
            "{}",
            stdout(&o)
        );
    }
    // Each shard's rows in its own table; together, every sample once.
    let mut samples: Vec<u64> = (0..3)
        .flat_map(|k| {
            let t = read(&dir.join(format!("runs.korea-2006.{k}-of-3.parquet"))).unwrap();
            let Some(Column::Integer(s)) = t.column("sample").cloned() else {
                panic!("no sample column")
            };
            s.into_iter().take(t.rows() / 3)
        })
        .collect();
    samples.sort_unstable();
    assert_eq!(samples, (0..2500).collect::<Vec<u64>>());
    let files: Vec<String> = std::fs::read_dir(&parts)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    assert_eq!(files.len(), 6);
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    let merged = forecast(&[&["merge", "--format", "json"][..], &refs].concat());
    assert_eq!(merged.status.code(), Some(0), "{}", stderr(&merged));
    assert!(
        stdout(&whole) == stdout(&merged),
        "the merged report differs from the whole run's"
    );

    // A part of another run (another seed) is refused, and says why.
    let other = dir.join("other");
    let o = forecast(&[
        "compare",
        "scenarios/korea-2006.toml",
        "--samples",
        "2500",
        "--seed",
        "5",
        "--shard",
        "2/3",
        "--parts",
        other.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let korea = |k: u32| {
        parts
            .join(format!("korea-2006.{k}-of-3.part"))
            .display()
            .to_string()
    };
    let foreign = other.join("korea-2006.2-of-3.part").display().to_string();
    let o = forecast(&["merge", &korea(0), &korea(1), &foreign]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("are parts of different runs: the sampling differs"),
        "{}",
        stderr(&o)
    );
    // A missing shard, and one given twice.
    let o = forecast(&["merge", &korea(0), &korea(2)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("shard 1 of 3 is missing"),
        "{}",
        stderr(&o)
    );
    let o = forecast(&["merge", &korea(0), &korea(0), &korea(1), &korea(2)]);
    assert!(
        stderr(&o).contains("shard 0 of 3 is given twice"),
        "{}",
        stderr(&o)
    );
    // Not a part at all.
    let o = forecast(&["merge", "scenarios/korea-2006.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is not a part of a sharded run"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn shard_specs_are_checked() {
    for (spec, message) in [
        ("4/4", "K must be below N"),
        ("1", "is not K/N"),
        ("slurm", "needs $SLURM_ARRAY_TASK_MIN"),
    ] {
        let o = forecast(&["compare", "scenarios/korea-2006.toml", "--shard", spec]);
        assert_eq!(o.status.code(), Some(2), "{spec}");
        assert!(stderr(&o).contains(message), "{spec}: {}", stderr(&o));
    }
}
