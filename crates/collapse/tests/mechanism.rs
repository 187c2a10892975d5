//! The model's mechanisms, each test named by the claim it checks.

mod common;
use common::*;
use forecast_sdk::ParamValue;

const HORIZON: u32 = 20;

#[test]
fn cutting_chinese_aid_raises_collapse_by_the_horizon() {
    let full = run(&input(HORIZON, &[("levers.china_aid", 1.0)]));
    let cut = run(&input(HORIZON, &[("levers.china_aid", 0.3)]));
    assert!(at_horizon(&cut, "collapse_by") > at_horizon(&full, "collapse_by"));
    // ...in every year, by the hazard ratio e^{alpha 0.7} on the structural hazard.
    for (c, f) in series(&cut, "collapse_hazard")
        .iter()
        .zip(series(&full, "collapse_hazard"))
    {
        assert!(c > f);
    }
}

#[test]
fn a_credible_pledge_with_a_joint_plan_moves_collapse_mass_to_neutral_unification() {
    let none = run(&input(HORIZON, &[]));
    let pledge = run(&input(
        HORIZON,
        &[
            ("levers.us_pledge", 3.0),
            ("levers.joint_stabilisation_plan", 1.0),
        ],
    ));
    let share = |o: &forecast_sdk::ForecastOutput| p(o, "neutral-unification") / collapse_mass(o);
    assert_eq!(
        p(&none, "neutral-unification"),
        0.0,
        "no pledge, no neutral settlement"
    );
    assert!(
        share(&pledge) > 0.5,
        "neutral share of the collapse mass {}",
        share(&pledge)
    );
    assert!(p(&pledge, "neutral-unification") > p(&none, "neutral-unification"));
    // ...because China stays out and the clash risk falls.
    assert!(at_horizon(&pledge, "collapse.pla_entry") < at_horizon(&none, "collapse.pla_entry"));
    assert!(p(&pledge, "war") < p(&none, "war"));
}

#[test]
fn a_pledge_alone_moves_less_mass_to_neutral_unification_than_with_a_plan() {
    let alone = run(&input(HORIZON, &[("levers.us_pledge", 3.0)]));
    let with_plan = run(&input(
        HORIZON,
        &[
            ("levers.us_pledge", 3.0),
            ("levers.joint_stabilisation_plan", 1.0),
        ],
    ));
    assert!(p(&alone, "neutral-unification") > 0.0);
    assert!(p(&with_plan, "neutral-unification") > p(&alone, "neutral-unification"));
}

#[test]
fn more_pressure_raises_the_hazard() {
    let low = run(&input(HORIZON, &[]));
    let high = run(&input(
        HORIZON,
        &[
            ("levers.sanctions_rung", 5.0),
            ("levers.china_enforcement", 1.0),
        ],
    ));
    for (h, l) in series(&high, "collapse_hazard")
        .iter()
        .zip(series(&low, "collapse_hazard"))
    {
        assert!(h > l);
    }
    assert!(at_horizon(&high, "china_pressure") > at_horizon(&low, "china_pressure"));
    // Each of rung and China's enforcement raises the hazard on its own.
    let rung = run(&input(HORIZON, &[("levers.sanctions_rung", 4.0)]));
    let enforce = run(&input(HORIZON, &[("levers.china_enforcement", 0.9)]));
    assert!(series(&rung, "collapse_hazard")[0] > series(&low, "collapse_hazard")[0]);
    assert!(series(&enforce, "collapse_hazard")[0] > series(&low, "collapse_hazard")[0]);
}

#[test]
fn higher_leader_mortality_raises_collapse() {
    let young = run(&input(HORIZON, &[("dprk.leader_mortality", 0.02)]));
    let old = run(&input(HORIZON, &[("dprk.leader_mortality", 0.15)]));
    assert!(at_horizon(&old, "collapse_by") > at_horizon(&young, "collapse_by"));
    assert!(collapse_mass(&old) > collapse_mass(&young));
}

#[test]
fn pressure_and_inducements_raise_denuclearisation_among_survivors() {
    let base = run(&input(HORIZON, &[]));
    let carrots = run(&input(HORIZON, &[("levers.inducements", 1.0)]));
    assert!(at_horizon(&carrots, "denuclearization_by") > at_horizon(&base, "denuclearization_by"));
    let survivors = |o: &forecast_sdk::ForecastOutput| 1.0 - collapse_mass(o);
    let conceded = |o: &forecast_sdk::ForecastOutput| {
        (p(o, "freeze") + p(o, "denuclearization")) / survivors(o)
    };
    let sticks = run(&input(
        HORIZON,
        &[
            ("levers.sanctions_rung", 5.0),
            ("levers.china_enforcement", 1.0),
        ],
    ));
    assert!(conceded(&sticks) > conceded(&base));
}

#[test]
fn more_refugees_make_china_more_likely_to_enter() {
    let few = run(&input(HORIZON, &[("collapse.refugee_share", 0.002)]));
    let many = run(&input(HORIZON, &[("collapse.refugee_share", 0.04)]));
    assert!(at_horizon(&many, "collapse.pla_entry") > at_horizon(&few, "collapse.pla_entry"));
    assert!(at_horizon(&many, "refugees_to_china") > at_horizon(&few, "refugees_to_china"));
}

#[test]
fn a_lever_path_changes_only_the_years_it_covers() {
    // Aid cut from 2012 on (year index 5): the hazards before are unchanged.
    let path: Vec<f64> = (0..10).map(|t| if t < 5 { 1.0 } else { 0.3 }).collect();
    let input = common::input_with(10, &[("levers.china_aid", ParamValue::Path(path))]);
    let cut = run(&input);
    let base = run(&common::input(10, &[]));
    let (hc, hb) = (
        series(&cut, "collapse_hazard"),
        series(&base, "collapse_hazard"),
    );
    assert_eq!(hc[..5], hb[..5]);
    assert!(hc[5..].iter().zip(&hb[5..]).all(|(c, b)| c > b));
}

#[test]
fn default_baseline_is_plausible() {
    // The 2006 priors: roughly a third collapse by 2026, China likely to enter.
    let out = run(&input(HORIZON, &[]));
    let c = at_horizon(&out, "collapse_by");
    assert!((0.2..0.5).contains(&c), "collapse by 2026 {c}");
    assert!(at_horizon(&out, "collapse.pla_entry") > 0.6);
    for line in &out.explanation {
        println!("{line}");
    }
}
