//! `forecast decide`: policies evaluated on every model, on the same draws.

mod common;

use common::{forecast, root, stderr, stdout};
use serde_json::Value;

const OPED: &[&str] = &[
    "decide",
    "scenarios/korea-2006.toml",
    "--policies",
    "policies/oped-2006.toml",
    "--samples",
    "300",
];

fn json(args: &[&str]) -> Value {
    let o = forecast(&[args, &["--format", "json"]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn policy<'a>(d: &'a Value, id: &str) -> &'a Value {
    d["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no policy {id}"))
}

#[test]
fn a_policy_that_keeps_the_scenario_s_levers_is_the_scenario() {
    // Common random numbers: the status quo of the policies file sets the
    // levers korea-2006 already has, so each model's mean is compare's.
    let d = json(OPED);
    let compare = forecast(&[
        "compare",
        "scenarios/korea-2006.toml",
        "--samples",
        "300",
        "--format",
        "json",
    ]);
    let c: Value = serde_json::from_slice(&compare.stdout).unwrap();
    let models = c["scenarios"][0]["models"].as_array().unwrap();
    let status_quo = policy(&d, "status-quo");
    for (m, model) in models.iter().enumerate() {
        let outcomes = model["outcomes"].as_array().unwrap();
        for (q, name) in ["denuclearization", "war"].iter().enumerate() {
            let want = outcomes.iter().find(|o| o["outcome"] == *name).unwrap()["mean"]
                .as_f64()
                .unwrap();
            let got = status_quo["per_model"][m][q]["mean"].as_f64().unwrap();
            assert!(
                (got - want).abs() < 1e-12,
                "{} {name}: {got} != {want}",
                model["id"]
            );
        }
    }
}

#[test]
fn regret_is_against_the_best_policy_of_each_model_and_sample() {
    let d = json(OPED);
    let policies = d["policies"].as_array().unwrap();
    for q in 0..2 {
        // Mean regret is at least the mean's shortfall from the best mean,
        // and no policy's regret is negative.
        for (m, _) in d["models"].as_array().unwrap().iter().enumerate() {
            let means: Vec<f64> = policies
                .iter()
                .map(|p| p["per_model"][m][q]["mean"].as_f64().unwrap())
                .collect();
            let max = d["objectives"][q]["direction"] == "max";
            let best = means
                .iter()
                .copied()
                .fold(if max { f64::MIN } else { f64::MAX }, |a, b| {
                    if max { a.max(b) } else { a.min(b) }
                });
            for (p, mean) in policies.iter().zip(&means) {
                let s = &p["per_model"][m][q];
                let shortfall = if max { best - mean } else { mean - best };
                assert!(s["mean_regret"].as_f64().unwrap() + 1e-12 >= shortfall);
                assert!(s["max_regret"].as_f64().unwrap() >= s["mean_regret"].as_f64().unwrap());
            }
        }
    }
    // The satisficing share is within [0, 1], and the table says all of it.
    let out = stdout(&forecast(OPED));
    for section in [
        "Robust across models",
        "by minimax regret",
        "Per model: mean [bad-side percentile]",
        "Where the models rank two policies in opposite orders",
        "The Pareto front",
        "Which levers each model reads",
    ] {
        assert!(out.contains(section), "{section}\n{out}");
    }
    assert!(!out.contains("remedy+"), "{out}");
}

#[test]
fn the_same_bits_at_any_jobs() {
    let one = forecast(&[OPED, &["--jobs", "1", "--format", "json"]].concat());
    let two = forecast(&[OPED, &["--jobs", "2", "--format", "json"]].concat());
    assert!(one.status.success());
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn a_grid_crosses_the_file_s_policies_or_stands_alone() {
    let grid = json(&[
        "decide",
        "scenarios/korea-2006.toml",
        "--grid",
        "levers.us_pledge=0..3",
        "--grid",
        "levers.joint_stabilisation_plan=0,1",
        "--samples",
        "100",
        "--objective",
        "neutral-unification:max",
    ]);
    let ids: Vec<&str> = grid["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 8);
    assert_eq!(ids[0], "us_pledge=0,joint_stabilisation_plan=0");
    // No constraint given with an objective: none assumed.
    assert_eq!(grid["constraints"].as_array().unwrap().len(), 0);
    let crossed = json(&[OPED, &["--grid", "levers.inducements=0,1"]].concat());
    assert_eq!(crossed["policies"].as_array().unwrap().len(), 10);
    assert_eq!(crossed["policies"][0]["id"], "remedy+inducements=0");
}

#[test]
fn a_bad_policy_is_refused_where_it_is() {
    let text = std::fs::read_to_string(root().join("policies/oped-2006.toml")).unwrap();
    let dir = root().join("target/test-decide");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, from, to, expect) in [
        (
            "unknown.toml",
            "us_pledge = { 2008 = 3 }",
            "us_pledg = { 2008 = 3 }",
            ":16:12: `us_pledg` is not a lever",
        ),
        (
            "range.toml",
            "us_pledge = { 2008 = 3 }",
            "us_pledge = { 2008 = 7 }",
            ":16:13: `levers.us_pledge` = 7 in 2008 is out of range",
        ),
    ] {
        let file = dir.join(name);
        std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
        let o = forecast(&[
            "decide",
            "scenarios/korea-2006.toml",
            "--policies",
            file.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(expect), "{expect}\n{}", stderr(&o));
    }
    let o = forecast(&["decide", "scenarios/korea-2006.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no policies to decide between"));
    let o = forecast(&[OPED, &["--objective", "peace:max"]].concat());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`peace` is neither an outcome"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_charts_come_as_svg_and_csv_has_every_number() {
    let o = forecast(&[OPED, &["--format", "svg"]].concat());
    assert!(o.status.success());
    let svg = stdout(&o);
    assert!(
        svg.starts_with("<svg")
            && svg.contains("across models")
            && svg.contains("maximum regret")
            && svg.contains("the policies on every metric (best at the top)")
    );
    let o = forecast(&[OPED, &["--format", "csv"]].concat());
    let csv = stdout(&o);
    assert!(csv.starts_with("policy,model,objective,metric,value\n"));
    // 5 policies x (2 objectives x (4 models-or-all x 4 + 2) + 4 satisficing).
    assert_eq!(csv.lines().count() - 1, 5 * (2 * (4 * 4 + 2) + 4));
}

/// `forecast decide` searching ZDT1's three levers with the test plugin.
fn zdt1(extra: &[&str]) -> Value {
    let plugin = forecast_builtin::testing("zdt1").unwrap();
    let args = [
        &[
            "decide",
            "tests/data/zdt1.toml",
            "--no-builtin",
            "--plugin",
            plugin,
            "--search",
            "levers.china_enforcement",
            "--search",
            "levers.joint_stabilisation_plan",
            "--search",
            "levers.inducements",
            "--objective",
            "zdt1.f1@2007:min",
            "--objective",
            "zdt1.f2@2007:min",
        ][..],
        extra,
    ]
    .concat();
    json(&args)
}

/// The hypervolume of two objectives to minimise against (1, 1).
fn hypervolume(mut points: Vec<(f64, f64)>) -> f64 {
    points.retain(|p| p.0 < 1.0 && p.1 < 1.0);
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut area, mut ceiling) = (0.0, 1.0);
    for (x, y) in points {
        if y < ceiling {
            area += (1.0 - x) * (ceiling - y);
            ceiling = y;
        }
    }
    area
}

#[test]
fn the_search_recovers_a_known_front() {
    let d = zdt1(&["--generations", "100", "--population", "48"]);
    let front: Vec<(f64, f64)> = d["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let s = &p["per_model"][0];
            (
                s[0]["mean"].as_f64().unwrap(),
                s[1]["mean"].as_f64().unwrap(),
            )
        })
        .collect();
    // ZDT1's front has a hypervolume of 2/3 against (1, 1); 48 points of
    // it can cover all but about 0.01.
    let hv = hypervolume(front);
    assert!(
        (2.0 / 3.0 - hv) < 0.02 && hv <= 2.0 / 3.0 + 1e-9,
        "hypervolume {hv}"
    );
    let search = &d["search"];
    assert_eq!(search["generations"], 100);
    assert_eq!(search["evaluations"], 48 * 101);
    let by_generation = search["hypervolume"].as_array().unwrap();
    assert_eq!(by_generation.len(), 101);
    assert!(by_generation[100].as_f64() > by_generation[0].as_f64());
}

#[test]
fn a_saved_search_resumes_to_the_same_bits() {
    let state = root().join("target/test-decide/zdt1-state.json");
    let _ = std::fs::remove_file(&state);
    std::fs::create_dir_all(state.parent().unwrap()).unwrap();
    let state = state.to_str().unwrap();
    zdt1(&["--generations", "5", "--state", state]);
    let resumed = zdt1(&["--generations", "5", "--state", state]);
    let whole = zdt1(&["--generations", "10"]);
    assert_eq!(resumed["search"], whole["search"]);
    assert_eq!(resumed["policies"], whole["policies"]);
    // Another search's state is refused, not resumed.
    let plugin = forecast_builtin::testing("zdt1").unwrap();
    let o = forecast(&[
        "decide",
        "tests/data/zdt1.toml",
        "--no-builtin",
        "--plugin",
        plugin,
        "--search",
        "levers.china_enforcement",
        "--objective",
        "zdt1.f1@2007:min",
        "--state",
        state,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is the state of another search"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_sharded_decision_merges_to_the_same_bits() {
    let dir = root().join("target/test-decide/parts");
    let _ = std::fs::remove_dir_all(&dir);
    // 600 samples are three blocks: each of two shards runs some.
    let run = [
        "decide",
        "scenarios/korea-2006.toml",
        "--policies",
        "policies/oped-2006.toml",
        "--samples",
        "600",
    ];
    for k in ["0/2", "1/2"] {
        let o = forecast(&[&run[..], &["--shard", k, "--parts", dir.to_str().unwrap()]].concat());
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stdout(&o).contains("of 600 samples of 5 policies"),
            "{}",
            stdout(&o)
        );
    }
    let part = |k: u32| dir.join(format!("korea-2006.decide.{k}-of-2.part"));
    for format in ["json", "table"] {
        let whole = forecast(&[&run[..], &["--format", format]].concat());
        let merged = forecast(&[
            "merge",
            "--format",
            format,
            part(0).to_str().unwrap(),
            part(1).to_str().unwrap(),
        ]);
        assert!(merged.status.success(), "{}", stderr(&merged));
        assert_eq!(stdout(&merged), stdout(&whole), "--format {format}");
    }
    // A part of another question is refused with the reason.
    let other = root().join("target/test-decide/other-parts");
    let _ = std::fs::remove_dir_all(&other);
    let o = forecast(
        &[
            &run[..],
            &[
                "--tail",
                "0.2",
                "--shard",
                "1/2",
                "--parts",
                other.to_str().unwrap(),
            ],
        ]
        .concat(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = forecast(&[
        "merge",
        part(0).to_str().unwrap(),
        other
            .join("korea-2006.decide.1-of-2.part")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the question differs"),
        "{}",
        stderr(&o)
    );
    // A search cannot be sharded.
    let o = forecast(&[
        "decide",
        "scenarios/korea-2006.toml",
        "--search",
        "levers.us_pledge",
        "--shard",
        "0/2",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("a search cannot be sharded"),
        "{}",
        stderr(&o)
    );
}
