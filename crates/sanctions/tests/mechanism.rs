//! The model's mechanisms, each test named by the claim it checks.

mod common;
use common::*;
use forecast_sanctions::{PARAMS, params::Year, trajectory};
use forecast_sdk::{ForecastOutput, ParamValue, Params};

const HORIZON: u32 = 20;

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

#[test]
fn with_chinas_audience_cost_near_zero_threats_do_not_move_kim() {
    // Whatever the pledge and plan (which move the prior itself), a threat
    // leaves Kim's belief exactly at the prior, nobody complies at a threat,
    // and P(denuclearization) does not respond to the threat's size K.
    for (pledge, plan) in [(0.0, 0.0), (3.0, 1.0)] {
        let run_with = |threat: &[(&str, f64)]| {
            let mut set = vec![
                ("china.audience_cost", 0.0),
                ("levers.us_pledge", pledge),
                ("levers.joint_stabilisation_plan", plan),
            ];
            set.extend_from_slice(threat);
            run(&input(HORIZON, &set))
        };
        let small = run_with(&[
            ("sanctions-escalation.beta", 0.5),
            ("sanctions-escalation.dh", 0.1),
            ("sanctions-escalation.regime_value", 0.5),
        ]);
        let large = run_with(&[
            ("sanctions-escalation.beta", 2.0),
            ("sanctions-escalation.dh", 0.5),
            ("sanctions-escalation.regime_value", 1.5),
        ]);
        for out in [&small, &large] {
            assert_eq!(
                bits(series(out, "china_resolve_belief")),
                bits(series(out, "sanctions-escalation.resolve_prior")),
                "mu = prior"
            );
            assert!(
                series(out, "sanctions-escalation.threat_compliance")
                    .iter()
                    .all(|&q| q == 0.0)
            );
        }
        assert_eq!(
            p(&small, "denuclearization").to_bits(),
            p(&large, "denuclearization").to_bits(),
            "pledge {pledge}: P(denuclearization) responds to the threat"
        );
        assert_eq!(
            bits(series(&small, "denuclearization_by")),
            bits(series(&large, "denuclearization_by"))
        );
    }
}

#[test]
fn with_a_high_audience_cost_a_larger_threat_moves_kim() {
    // The contrast: when bluffing is costly, threats separate and their size matters.
    let set = |beta: f64, dh: f64| {
        run(&input(
            HORIZON,
            &[
                ("china.audience_cost", 0.3),
                ("levers.us_pledge", 3.0),
                ("levers.joint_stabilisation_plan", 1.0),
                ("sanctions-escalation.beta", beta),
                ("sanctions-escalation.dh", dh),
            ],
        ))
    };
    let (small, large) = (set(0.5, 0.1), set(2.0, 0.5));
    assert!(
        at_horizon(&large, "china_resolve_belief")
            > at_horizon(&large, "sanctions-escalation.resolve_prior")
    );
    assert!(p(&large, "denuclearization") > p(&small, "denuclearization"));
    assert!(at_horizon(&large, "sanctions-escalation.threat_compliance") > 0.1);
}

#[test]
fn audience_costs_make_threats_credible() {
    let bluff = run(&input(HORIZON, &[("china.audience_cost", 0.0)]));
    let costly = run(&input(HORIZON, &[("china.audience_cost", 0.3)]));
    assert!(
        at_horizon(&costly, "china_resolve_belief") > at_horizon(&bluff, "china_resolve_belief")
    );
    assert!(p(&costly, "denuclearization") > p(&bluff, "denuclearization"));
    assert!(p(&costly, "nuclear-status-quo") < p(&bluff, "nuclear-status-quo"));
}

#[test]
fn a_pledge_with_a_joint_plan_raises_resolve_belief_and_denuclearization() {
    let none = run(&input(HORIZON, &[]));
    let remedy = run(&input(
        HORIZON,
        &[
            ("levers.us_pledge", 3.0),
            ("levers.joint_stabilisation_plan", 1.0),
        ],
    ));
    assert!(
        at_horizon(&remedy, "sanctions-escalation.resolve_prior")
            > at_horizon(&none, "sanctions-escalation.resolve_prior")
    );
    assert!(
        at_horizon(&remedy, "china_resolve_belief") > at_horizon(&none, "china_resolve_belief")
    );
    assert!(p(&remedy, "denuclearization") > p(&none, "denuclearization"));
}

#[test]
fn a_veto_era_stalls_the_ladder() {
    for start in 0..=5 {
        let out = run(&input(
            HORIZON,
            &[
                ("levers.sanctions_rung", start as f64),
                ("levers.china_veto", 1.0),
                ("levers.russia_veto", 1.0),
            ],
        ));
        for (t, r) in series(&out, "sanctions_rung").iter().enumerate() {
            assert!(
                (r - start as f64).abs() < 1e-12,
                "start {start}, year {t}: {r}"
            );
        }
    }
    // Either veto alone is enough; without vetoes the ladder climbs.
    let china = run(&input(HORIZON, &[("levers.china_veto", 1.0)]));
    assert!((at_horizon(&china, "sanctions_rung") - 1.0).abs() < 1e-12);
    let open = run(&input(
        HORIZON,
        &[("levers.china_veto", 0.0), ("levers.russia_veto", 0.0)],
    ));
    assert!(at_horizon(&open, "sanctions_rung") > 3.0);
}

#[test]
fn higher_enforcement_raises_china_pressure_and_collapse_by() {
    let lax = run(&input(HORIZON, &[("levers.china_enforcement", 0.3)]));
    let strict = run(&input(HORIZON, &[("levers.china_enforcement", 0.9)]));
    for (s, l) in series(&strict, "china_pressure")
        .iter()
        .zip(series(&lax, "china_pressure"))
    {
        assert!(s > l);
    }
    for (s, l) in series(&strict, "collapse_by")
        .iter()
        .zip(series(&lax, "collapse_by"))
    {
        assert!(s > l);
    }
}

#[test]
fn the_markov_chain_conserves_probability_mass_each_year_and_the_rung_stays_in_range() {
    let path = |v: &[f64]| ParamValue::Path(v.to_vec());
    let cases = [
        common::input(HORIZON, &[]),
        common::input(
            40,
            &[
                ("levers.sanctions_rung", 2.7),
                ("levers.china_enforcement", 1.0),
            ],
        ),
        common::input_with(
            6,
            &[
                (
                    "levers.sanctions_rung",
                    path(&[0.5, 1.25, 1.25, 3.9, 5.0, 0.0]),
                ),
                ("levers.china_veto", path(&[0.0, 0.0, 1.0, 1.0, 0.5, 0.0])),
            ],
        ),
    ];
    for input in &cases {
        let years = Year::read_all(&Params::new(input, PARAMS).unwrap()).unwrap();
        let t = trajectory::run(&years, input.start_year);
        for (year, m) in t.total_mass.iter().enumerate() {
            assert!((m - 1.0).abs() < 1e-12, "year {year}: mass {m}");
        }
        assert!(t.sanctions_rung.iter().all(|r| (0.0..=5.0).contains(r)));
    }
}

#[test]
fn a_lever_path_is_a_floor_the_unsc_has_already_reached() {
    // Vetoed ladder at rung 1 until 2011, then rung 3 from 2012 (year index 5).
    let rung: Vec<f64> = (0..10).map(|t| if t < 5 { 1.0 } else { 3.0 }).collect();
    let veto = [("levers.china_veto", ParamValue::Scalar(1.0))];
    let with_path = run(&common::input_with(
        10,
        &[
            veto[0].clone(),
            ("levers.sanctions_rung", ParamValue::Path(rung)),
        ],
    ));
    let flat = run(&common::input_with(10, &veto));
    let (rp, rf) = (
        series(&with_path, "sanctions_rung"),
        series(&flat, "sanctions_rung"),
    );
    assert_eq!(rp[..5], rf[..5]);
    assert!(rp[5..].iter().all(|r| (r - 3.0).abs() < 1e-12));
    // A floor does not lower a chain that climbed higher on its own.
    let low_floor: Vec<f64> = (0..10).map(|t| if t < 5 { 3.0 } else { 0.0 }).collect();
    let out = run(&common::input_with(
        10,
        &[("levers.sanctions_rung", ParamValue::Path(low_floor))],
    ));
    assert!(series(&out, "sanctions_rung")[9] >= 3.0);
}

#[test]
fn provocations_rise_with_programme_maturity_and_with_pressure_when_the_arsenal_matters() {
    // The same state, a more mature programme: first-year tests in 2007 and 2017.
    let first_year = |year: i32| series(&run(&input_from(year, 1, &[])), "nuclear_test_in_year")[0];
    assert!(first_year(2017) > 1.5 * first_year(2007));
    let tests_at = |n: f64, rung: f64| {
        series(
            &run(&input(
                1,
                &[
                    ("dprk.arsenal_value", n),
                    ("levers.sanctions_rung", rung),
                    ("levers.china_enforcement", 1.0),
                ],
            )),
            "nuclear_test_in_year",
        )[0]
    };
    let (high_n, low_n) = (
        tests_at(0.9, 5.0) - tests_at(0.9, 0.0),
        tests_at(0.3, 5.0) - tests_at(0.3, 0.0),
    );
    assert!(high_n > low_n && low_n > 0.0, "{high_n} vs {low_n}");
}

#[test]
fn brinkmanship_at_high_rungs_feeds_a_small_war_hazard() {
    let at = |rung: f64, w: f64| {
        run(&input(
            HORIZON,
            &[
                ("levers.sanctions_rung", rung),
                ("levers.china_veto", 1.0),
                ("sanctions-escalation.brinkmanship_war", w),
            ],
        ))
    };
    assert_eq!(p(&at(0.0, 0.03), "war"), 0.0, "no war from tests at rung 0");
    assert_eq!(p(&at(5.0, 0.0), "war"), 0.0);
    let top = p(&at(5.0, 0.01), "war");
    assert!(top > p(&at(2.0, 0.01), "war"));
    assert!(top > 0.0 && top < 0.2, "{top}");
}

#[test]
fn neutral_unification_needs_both_a_pledge_and_a_plan() {
    // War here comes from brinkmanship, not from a collapse.
    let share = |o: &ForecastOutput| p(o, "neutral-unification") / at_horizon(o, "collapse_by");
    let none = run(&input(HORIZON, &[("levers.us_pledge", 3.0)]));
    assert_eq!(p(&none, "neutral-unification"), 0.0);
    let both = run(&input(
        HORIZON,
        &[
            ("levers.us_pledge", 3.0),
            ("levers.joint_stabilisation_plan", 1.0),
        ],
    ));
    // China stays out of most collapses, and kappa J = 0.8 of a unification
    // is neutral.
    let unified = p(&both, "neutral-unification") + p(&both, "aligned-unification");
    assert!((p(&both, "neutral-unification") / unified - 0.8).abs() < 1e-12);
    assert!(share(&both) > 0.5, "{}", share(&both));
    assert!(
        (at_horizon(&both, "collapse_by") + p(&both, "war") - collapse_mass(&both)).abs() < 1e-12
    );
}

#[test]
fn inducements_and_pressure_raise_concessions() {
    let base = run(&input(HORIZON, &[("levers.china_veto", 1.0)]));
    let carrots = run(&input(
        HORIZON,
        &[("levers.china_veto", 1.0), ("levers.inducements", 1.0)],
    ));
    assert!(at_horizon(&carrots, "denuclearization_by") > at_horizon(&base, "denuclearization_by"));
    let sticks = run(&input(
        HORIZON,
        &[
            ("levers.china_veto", 1.0),
            ("levers.sanctions_rung", 5.0),
            ("levers.china_enforcement", 1.0),
        ],
    ));
    assert!(at_horizon(&sticks, "denuclearization_by") > at_horizon(&base, "denuclearization_by"));
}

#[test]
fn default_baseline_is_plausible() {
    // Dec 2006: threats are bluffs, the ladder climbs, most mass stays nuclear.
    let out = run(&input(HORIZON, &[]));
    report(
        "korea-2006 (defaults: rung 1, enforcement 0.3, aid 1)",
        &out,
    );
    let mu = at_horizon(&out, "china_resolve_belief");
    assert!((0.25..0.5).contains(&mu), "mu {mu}");
    assert!(p(&out, "nuclear-status-quo") > 0.4);
    assert!(p(&out, "denuclearization") < 0.2);
    let c = at_horizon(&out, "collapse_by");
    assert!((0.1..0.5).contains(&c), "collapse by 2026 {c}");
}

#[test]
fn report_the_2017_peak_and_the_veto_era() {
    let peak = [
        ("levers.sanctions_rung", 5.0),
        ("levers.china_enforcement", 0.8),
    ];
    report(
        "2017 peak from 2007 (rung 5, enforcement 0.8)",
        &run(&input(HORIZON, &peak)),
    );
    let peak2017 = [
        ("levers.sanctions_rung", 5.0),
        ("levers.china_enforcement", 0.8),
        ("dprk.china_dependence", 0.9),
    ];
    report(
        "2017 peak from 2017, 10 years (rung 5, enforcement 0.8, d_CN 0.9)",
        &run(&input_from(2017, 10, &peak2017)),
    );
    let veto = [("levers.china_veto", 1.0), ("levers.russia_veto", 1.0)];
    report(
        "veto era from 2007 (vetoes 1)",
        &run(&input(HORIZON, &veto)),
    );
    let veto2018 = [
        ("levers.sanctions_rung", 5.0),
        ("levers.china_enforcement", 0.3),
        ("dprk.china_dependence", 0.9),
        ("levers.china_veto", 1.0),
        ("levers.russia_veto", 1.0),
    ];
    report(
        "veto era from 2018, 10 years (rung 5, enforcement 0.3, d_CN 0.9, vetoes 1)",
        &run(&input_from(2018, 10, &veto2018)),
    );
    let remedy = [
        ("levers.us_pledge", 3.0),
        ("levers.joint_stabilisation_plan", 1.0),
        ("china.audience_cost", 0.3),
    ];
    report(
        "op-ed remedy (treaty pledge, joint plan, A_C 0.3)",
        &run(&input(HORIZON, &remedy)),
    );
}
