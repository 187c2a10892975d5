//! The analysis commands end to end: `sweep`, `sensitivity` and `discover`
//! as snapshots, their known answers (common random numbers, the Ishigami
//! function's Sobol indices), and the same bits at any thread count.

mod common;

use common::{forecast, stderr, stdout};
use serde_json::Value;

fn ok(args: &[&str]) -> String {
    let o = forecast(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).expect("JSON output")
}

const PLEDGE: &[&str] = &[
    "sweep",
    "scenarios/korea-2006.toml",
    "--vary",
    "levers.us_pledge=0..3",
    "--samples",
    "200",
];

#[test]
fn sweep_of_the_pledge() {
    insta::assert_snapshot!(ok(PLEDGE));
}

#[test]
fn a_sweep_point_is_the_full_run_at_that_value_on_the_same_draws() {
    let sweep = json(&[PLEDGE, &["--format", "json"]].concat());
    let points = sweep["points"].as_array().unwrap();
    assert_eq!(points.len(), 4);
    // korea-2006 has no pledge: the sweep's point 0 is `compare` exactly,
    // and point 3 is `compare --set levers.us_pledge=3`.
    for (k, set) in [(0, "levers.us_pledge=0"), (3, "levers.us_pledge=3")] {
        let compare = json(&[
            "compare",
            "scenarios/korea-2006.toml",
            "--samples",
            "200",
            "--format",
            "json",
            "--set",
            set,
        ]);
        for (m, model) in compare["scenarios"][0]["models"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            let at = &points[k]["models"][m];
            assert_eq!(at["id"], model["id"]);
            for (o, outcome) in model["outcomes"].as_array().unwrap().iter().enumerate() {
                for field in ["mean", "p05", "p50", "p95"] {
                    assert_eq!(at["outcomes"][o][field], outcome[field], "{set} {field}");
                }
            }
        }
    }
    // The pledge moves neutral unification up in every model that has it.
    let nu = |k: usize, m: usize| {
        points[k]["models"][m]["outcomes"][1]["mean"]
            .as_f64()
            .unwrap()
    };
    assert!(nu(3, 0) > nu(0, 0) && nu(3, 1) > nu(0, 1));
}

#[test]
fn a_grid_varies_two_parameters_and_charts_each_outcome() {
    let args = [
        "sweep",
        "scenarios/korea-2006.toml",
        "--vary",
        "levers.us_pledge=0..3:2",
        "--vary",
        "levers.china_aid=0..1:3",
        "--samples",
        "50",
        "--outcome",
        "war",
    ];
    let csv = ok(&[&args[..], &["--format", "csv"]].concat());
    // 2 x 3 points, 3 models, one outcome.
    assert_eq!(csv.lines().count(), 1 + 2 * 3 * 3, "{csv}");
    assert!(csv.starts_with("scenario,levers.us_pledge,levers.china_aid,model,outcome,"));
    let svg = ok(&[&args[..], &["--format", "svg"]].concat());
    // One panel per value of the second parameter.
    assert_eq!(svg.matches("P(war) by 2026, levers.china_aid =").count(), 3);
    assert!(svg.trim_start().starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
}

#[test]
fn sweeps_refuse_what_they_cannot_do() {
    for (args, expected) in [
        (
            vec!["--vary", "levers.us_pldge=0..3"],
            "did you mean `levers.us_pledge`?",
        ),
        (vec!["--vary", "levers.us_pledge=0..9"], "out of range"),
        (
            vec!["--vary", "levers.us_pledge=3..0"],
            "FROM must be below TO",
        ),
        (
            vec![
                "--vary",
                "levers.us_pledge=0..3",
                "--vary",
                "levers.us_pledge=0..1",
            ],
            "varied twice",
        ),
    ] {
        let o = forecast(&[&["sweep", "scenarios/korea-2006.toml"][..], &args].concat());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(expected), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn sensitivity_of_war() {
    insta::assert_snapshot!(ok(&[
        "sensitivity",
        "scenarios/korea-2006.toml",
        "--outcome",
        "war",
        "--samples",
        "128",
        "--bootstrap",
        "100",
    ]));
}

/// Analytic indices of the Ishigami function, a = 7, b = 0.1 (Saltelli et
/// al. 2008, 4.6).
fn ishigami_indices() -> ([f64; 3], [f64; 3]) {
    use std::f64::consts::PI;
    let (a, b) = (7.0f64, 0.1f64);
    let v1 = 0.5 * (1.0 + b * PI.powi(4) / 5.0).powi(2);
    let v2 = a * a / 8.0;
    let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
    let v = v1 + v2 + v13;
    ([v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v])
}

#[test]
fn the_ishigami_plugin_gives_its_analytic_indices() {
    // 4,096 base rows, 20,480 runs through the host.
    let plugin = forecast_builtin::testing("ishigami").unwrap();
    let r = json(&[
        "sensitivity",
        "tests/data/ishigami.toml",
        "--plugin",
        plugin,
        "--no-builtin",
        "--outcome",
        "war",
        "--format",
        "json",
    ]);
    assert_eq!(r["base_rows"], 4096);
    let (s1, st) = ishigami_indices();
    let parameters = r["models"][0]["outcomes"][0]["parameters"]
        .as_array()
        .unwrap();
    assert_eq!(parameters.len(), 3);
    for (i, p) in parameters.iter().enumerate() {
        assert_eq!(p["parameter"], format!("ishigami.x{}", i + 1));
        for (key, want) in [("s1", s1[i]), ("st", st[i])] {
            let e = &p[key];
            let (low, high) = (e["low"].as_f64().unwrap(), e["high"].as_f64().unwrap());
            assert!(
                low <= want && want <= high,
                "{key} of x{}: {want:.4} outside [{low:.4}, {high:.4}]",
                i + 1
            );
            assert!(high - low < 0.1, "{key} of x{}: [{low}, {high}]", i + 1);
        }
    }
}

#[test]
fn analyses_give_the_same_bits_at_any_thread_count() {
    let commands: [&[&str]; 3] = [
        &[
            "sensitivity",
            "scenarios/china-squeezes.toml",
            "--samples",
            "64",
            "--bootstrap",
            "50",
        ],
        &[
            "sweep",
            "scenarios/china-squeezes.toml",
            "--vary",
            "levers.china_aid=0..1:3",
            "--samples",
            "300",
        ],
        &[
            "discover",
            "scenarios/china-squeezes.toml",
            "--outcome",
            "successor-state",
            "--above",
            "0.3",
            "--samples",
            "300",
        ],
    ];
    for args in commands {
        let run = |jobs: &str| ok(&[args, &["--format", "json", "--jobs", jobs]].concat());
        let one = run("1");
        assert_eq!(one, run("2"), "{args:?}");
        assert_eq!(one, run("5"), "{args:?}");
    }
}

const DISCOVER: &[&str] = &[
    "discover",
    "scenarios/korea-2006.toml",
    "--outcome",
    "war",
    "--above",
    "0.1",
    "--samples",
    "600",
];

#[test]
fn discovery_of_war() {
    insta::assert_snapshot!(ok(DISCOVER));
}

#[test]
fn discovery_from_a_saved_table_finds_the_same_boxes() {
    let dir = std::env::temp_dir().join(format!("forecast-discover-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let table = dir.join("runs.parquet");
    ok(&[
        "compare",
        "scenarios/korea-2006.toml",
        "--samples",
        "600",
        "--save",
        table.to_str().unwrap(),
    ]);
    let run = json(&[DISCOVER, &["--format", "json"]].concat());
    let from = ["--format", "json", "--from", table.to_str().unwrap()];
    let read = json(&[&DISCOVER[..6], &from].concat());
    assert_eq!(run["models"], read["models"]);
    assert_ne!(run["source"], read["source"]);
    let boxes = run["models"][1]["boxes"].as_array().unwrap();
    assert!(
        !boxes.is_empty(),
        "neutral-zone has war above 10% somewhere"
    );
    // The table records its run: the same settings read it, others are
    // refused with the reason, never read as this run.
    assert_eq!(json(&[DISCOVER, &from].concat())["models"], read["models"]);
    for (other, why) in [
        (
            &["--samples", "500"][..],
            "the sampling differs (500 samples",
        ),
        (&["--set", "levers.us_pledge=3"][..], "--set differs"),
    ] {
        let o = forecast(&[&DISCOVER[..6], other, &from].concat());
        assert_eq!(o.status.code(), Some(2), "{other:?}");
        let e = stderr(&o);
        assert!(
            e.contains("is the table of another run") && e.contains(why),
            "{e}"
        );
    }
    let mut china = DISCOVER[..6].to_vec();
    china[1] = "scenarios/china-squeezes.toml";
    let e = stderr(&forecast(&[&china, &from[..]].concat()));
    assert!(
        e.contains("the scenario differs (`china-squeezes` here, `korea-2006` there"),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_sharded_sweep_merges_to_the_same_bits() {
    let dir = std::env::temp_dir().join(format!("forecast-sweep-parts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // 700 samples: three blocks, so the two shards hold different blocks.
    let sweep = [
        "sweep",
        "scenarios/korea-2006.toml",
        "--vary",
        "levers.us_pledge=0..3:3",
        "--outcome",
        "neutral-unification",
        "--samples",
        "700",
    ];
    for k in ["0/2", "1/2"] {
        let out = ok(&[
            &sweep[..],
            &["--shard", k, "--parts", dir.to_str().unwrap()],
        ]
        .concat());
        assert_eq!(out.lines().count(), 3, "a part per point: {out}");
    }
    let mut parts: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    parts.sort();
    assert_eq!(parts.len(), 6);
    for format in ["json", "table", "csv"] {
        let whole = ok(&[&sweep[..], &["--format", format]].concat());
        let args: Vec<&str> = ["merge", "--format", format]
            .into_iter()
            .chain(parts.iter().map(String::as_str))
            .collect();
        assert_eq!(ok(&args), whole, "{format}");
    }
    // A missing point is named.
    let args: Vec<&str> = ["merge"]
        .into_iter()
        .chain(
            parts
                .iter()
                .filter(|p| !p.contains("point-1"))
                .map(String::as_str),
        )
        .collect();
    let o = forecast(&args);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("point 1 of the sweep has no parts"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_sharded_sensitivity_analysis_merges_to_the_same_bits() {
    let dir = std::env::temp_dir().join(format!("forecast-sobol-parts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // 64 base rows x 15 runs: four blocks of the Saltelli design.
    let analysis = [
        "sensitivity",
        "scenarios/korea-2006.toml",
        "--samples",
        "64",
        "--bootstrap",
        "50",
    ];
    for k in ["0/3", "1/3", "2/3"] {
        ok(&[
            &analysis[..],
            &["--shard", k, "--parts", dir.to_str().unwrap()],
        ]
        .concat());
    }
    let mut parts: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    parts.sort();
    assert_eq!(parts.len(), 3);
    for format in ["json", "table"] {
        let whole = ok(&[&analysis[..], &["--format", format]].concat());
        let args: Vec<&str> = ["merge", "--format", format]
            .into_iter()
            .chain(parts.iter().map(String::as_str))
            .collect();
        assert_eq!(ok(&args), whole, "{format}");
    }
    // Without shard 1 the merge names what is missing.
    let o = forecast(&["merge", &parts[0], &parts[2]]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("shard 1 of 3 is missing"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_analysis_runs_on_every_scenario() {
    let mut scenarios: Vec<String> = std::fs::read_dir(common::root().join("scenarios"))
        .unwrap()
        .map(|e| format!("scenarios/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|p| p.ends_with(".toml"))
        .collect();
    scenarios.sort();
    assert!(scenarios.len() >= 8);
    for s in &scenarios {
        for args in [
            vec![
                "sweep",
                s,
                "--vary",
                "levers.us_pledge=0..3:2",
                "--samples",
                "20",
            ],
            vec![
                "sensitivity",
                s,
                "--samples",
                "16",
                "--bootstrap",
                "10",
                "--outcome",
                "war",
            ],
            vec![
                "discover",
                s,
                "--outcome",
                "successor-state",
                "--above",
                "0.2",
                "--samples",
                "100",
            ],
        ] {
            let out = ok(&args);
            assert!(!out.is_empty(), "{args:?}");
        }
    }
    let file = std::env::temp_dir().join(format!("forecast-all-{}.html", std::process::id()));
    let args: Vec<&str> = ["report", "--samples", "20", "-o", file.to_str().unwrap()]
        .into_iter()
        .chain(scenarios.iter().map(String::as_str))
        .collect();
    ok(&args);
    let html = std::fs::read_to_string(&file).unwrap();
    assert_eq!(html.matches("<section id=\"").count(), scenarios.len() + 1);
    std::fs::remove_file(&file).unwrap();
}

#[test]
fn a_sweep_where_every_model_fails_still_draws_and_says_so() {
    let trap = forecast_builtin::misbehaving("trap").unwrap();
    let o = forecast(&[
        "sweep",
        "scenarios/korea-2006.toml",
        "--vary",
        "levers.us_pledge=2..3",
        "--samples",
        "10",
        "--plugin",
        trap,
        "--model",
        "trap",
        "--outcome",
        "war",
        "--format",
        "svg",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // `trap` panics from a pledge of 2 up: no point has a result.
    assert!(stdout(&o).contains("no model gave a result here"));
}
