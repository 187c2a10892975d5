//! The model's mechanisms, each test named by the claim it checks.

mod common;
use common::*;
use forecast_sdk::{ForecastOutput, ParamValue};

const HORIZON: u32 = 20;
const REMEDY: [(&str, f64); 2] = [
    ("levers.us_pledge", 3.0),
    ("levers.joint_stabilisation_plan", 1.0),
];

/// Share of the peaceful collapse mass that is a neutral unification.
fn neutral_share(o: &ForecastOutput) -> f64 {
    p(o, "neutral-unification") / (collapse_mass(o) - p(o, "war"))
}

#[test]
fn raising_the_pledge_from_0_to_3_with_the_joint_plan_raises_china_resolve_belief_and_denuclearization()
 {
    let none = run(&input(HORIZON, &[("levers.joint_stabilisation_plan", 1.0)]));
    let treaty = run(&input(HORIZON, &REMEDY));
    for (t, n) in series(&treaty, "china_resolve_belief")
        .iter()
        .zip(series(&none, "china_resolve_belief"))
    {
        assert!(t > n, "mu {t} vs {n}");
    }
    assert!(p(&treaty, "denuclearization") > p(&none, "denuclearization"));
    assert!(at_horizon(&treaty, "denuclearization_by") > at_horizon(&none, "denuclearization_by"));
    // ...through China's resolve margin and Kim's compliance.
    assert!(
        at_horizon(&treaty, "neutral-zone.china_resolved_margin")
            > at_horizon(&none, "neutral-zone.china_resolved_margin")
    );
    assert!(
        at_horizon(&treaty, "neutral-zone.compliance")
            > at_horizon(&none, "neutral-zone.compliance")
    );
}

#[test]
fn the_pledge_and_the_plan_each_raise_china_resolve_belief() {
    let base = run(&input(HORIZON, &[]));
    let pledge = run(&input(HORIZON, &[("levers.us_pledge", 3.0)]));
    let both = run(&input(HORIZON, &REMEDY));
    let mu = |o: &ForecastOutput| at_horizon(o, "china_resolve_belief");
    assert!(mu(&pledge) > mu(&base));
    assert!(mu(&both) > mu(&pledge));
    // Kim's belief at the 2006 priors: China's threats look like bluffs.
    assert!(mu(&base) < 0.5, "mu {}", mu(&base));
    assert!(mu(&both) > 0.9, "mu {}", mu(&both));
}

#[test]
fn with_a_credible_pledge_and_plan_china_stays_out_and_neutral_unification_rises() {
    let base = run(&input(HORIZON, &[]));
    let remedy = run(&input(HORIZON, &REMEDY));
    let e_remedy = at_horizon(&remedy, "neutral-zone.settlement");
    assert!((40.0..=80.0).contains(&e_remedy), "E = {e_remedy}");
    assert!(neutral_share(&remedy) > neutral_share(&base));
    assert!(neutral_share(&remedy) > 0.5, "{}", neutral_share(&remedy));
    assert!(p(&remedy, "neutral-unification") > p(&base, "neutral-unification"));
    // ...because China stays out: less successor-state and war.
    assert!(p(&remedy, "successor-state") < p(&base, "successor-state"));
    assert!(p(&remedy, "war") < p(&base, "war"));
}

#[test]
fn a_pledge_without_a_plan_leaves_china_likelier_to_intervene() {
    // The plan lowers China's refugee burden and the clash risk: without it
    // China intervenes more often and a clash is likelier.
    let pledge = run(&input(HORIZON, &[("levers.us_pledge", 3.0)]));
    let remedy = run(&input(HORIZON, &REMEDY));
    let pla_in = |o: &ForecastOutput| p(o, "successor-state") + p(o, "war");
    assert!(pla_in(&pledge) / collapse_mass(&pledge) > pla_in(&remedy) / collapse_mass(&remedy));
    assert!(p(&pledge, "war") > p(&remedy, "war"));
}

#[test]
fn lower_audience_cost_lowers_china_resolve_belief() {
    let low = run(&input(HORIZON, &[("china.audience_cost", 0.0)]));
    let high = run(&input(HORIZON, &[("china.audience_cost", 0.3)]));
    assert!(at_horizon(&low, "china_resolve_belief") < at_horizon(&high, "china_resolve_belief"));
    assert!(p(&low, "denuclearization") < p(&high, "denuclearization"));
}

#[test]
fn a_larger_buffer_value_lowers_china_resolve_belief() {
    let small = run(&input(HORIZON, &[("china.buffer_value", 0.6)]));
    let large = run(&input(HORIZON, &[("china.buffer_value", 1.0)]));
    assert!(
        at_horizon(&large, "china_resolve_belief") < at_horizon(&small, "china_resolve_belief")
    );
}

#[test]
fn a_more_valued_arsenal_lowers_compliance_and_raises_the_nuclear_status_quo() {
    let low = run(&input(HORIZON, &[("dprk.arsenal_value", 0.3)]));
    let high = run(&input(HORIZON, &[("dprk.arsenal_value", 0.9)]));
    assert!(
        at_horizon(&high, "neutral-zone.compliance") < at_horizon(&low, "neutral-zone.compliance")
    );
    assert!(p(&high, "nuclear-status-quo") > p(&low, "nuclear-status-quo"));
}

#[test]
fn more_dependence_on_china_raises_compliance() {
    let low = run(&input(HORIZON, &[("dprk.china_dependence", 0.3)]));
    let high = run(&input(HORIZON, &[("dprk.china_dependence", 0.95)]));
    assert!(
        at_horizon(&high, "neutral-zone.compliance") > at_horizon(&low, "neutral-zone.compliance")
    );
}

#[test]
fn a_resolved_china_facing_a_defiant_kim_raises_the_collapse_hazard() {
    // High audience cost makes China resolved; a highly valued arsenal keeps
    // Kim defiant: threats are carried out and the cutoff raises the hazard.
    let defiant = [
        ("dprk.arsenal_value", 0.9),
        ("neutral-zone.freeze_threshold", 0.95),
    ];
    let bluff = run(&input(
        HORIZON,
        &[defiant[0], defiant[1], ("china.audience_cost", 0.0)],
    ));
    let resolved = run(&input(
        HORIZON,
        &[defiant[0], defiant[1], ("china.audience_cost", 0.3)],
    ));
    assert!(series(&resolved, "collapse_hazard")[0] > series(&bluff, "collapse_hazard")[0]);
    assert!(at_horizon(&resolved, "collapse_by") > at_horizon(&bluff, "collapse_by"));
}

#[test]
fn higher_leader_mortality_raises_collapse() {
    let young = run(&input(HORIZON, &[("dprk.leader_mortality", 0.02)]));
    let old = run(&input(HORIZON, &[("dprk.leader_mortality", 0.15)]));
    assert!(at_horizon(&old, "collapse_by") > at_horizon(&young, "collapse_by"));
}

#[test]
fn war_needs_the_pla_and_us_rok_forces_in_the_north_and_a_clash() {
    let none = run(&input(HORIZON, &[("neutral-zone.clash", 0.0)]));
    let some = run(&input(HORIZON, &[("neutral-zone.clash", 0.6)]));
    assert_eq!(p(&none, "war"), 0.0);
    assert!(p(&some, "war") > 0.0);
    assert!((collapse_mass(&none) - collapse_mass(&some)).abs() < 1e-12);
    // Nobody goes north with the PLA: no war.
    let alone = run(&input(
        HORIZON,
        &[
            ("us.deployment_north", 0.0),
            ("neutral-zone.rok_entry", 0.0),
            ("neutral-zone.clash", 0.6),
        ],
    ));
    assert_eq!(p(&alone, "war"), 0.0);
}

#[test]
fn a_lever_path_changes_only_the_years_it_covers() {
    // A treaty pledge and plan from 2012 on (year index 5).
    let step = |v: f64| ParamValue::Path((0..10).map(|t| if t < 5 { 0.0 } else { v }).collect());
    let input = input_with(
        10,
        &[
            ("levers.us_pledge", step(3.0)),
            ("levers.joint_stabilisation_plan", step(1.0)),
        ],
    );
    let path = run(&input);
    let base = run(&common::input(10, &[]));
    for name in [
        "china_resolve_belief",
        "neutral-zone.settlement",
        "collapse_hazard",
    ] {
        let (a, b) = (series(&path, name), series(&base, name));
        assert_eq!(a[..5], b[..5], "{name} before the pledge");
    }
    let (mu_path, mu_base) = (
        series(&path, "china_resolve_belief"),
        series(&base, "china_resolve_belief"),
    );
    assert!(mu_path[5..].iter().zip(&mu_base[5..]).all(|(a, b)| a > b));
    assert_ne!(
        series(&path, "neutral-zone.settlement")[5],
        series(&base, "neutral-zone.settlement")[5]
    );
}

#[test]
fn default_baseline_is_plausible() {
    // The 2006 priors: Kim doubts China's resolve, the regime mostly survives
    // nuclear or frozen, and a third or more collapse by 2026.
    let out = run(&input(HORIZON, &[]));
    for line in &out.explanation {
        println!("{line}");
    }
    for (o, p) in forecast_sdk::vocab::OUTCOMES
        .iter()
        .zip(out.outcomes.to_array())
    {
        println!("{:>20} {p:.3}", o.id);
    }
    let c = at_horizon(&out, "collapse_by");
    assert!((0.2..0.6).contains(&c), "collapse by 2026 {c}");
    assert!(p(&out, "nuclear-status-quo") + p(&out, "freeze") > p(&out, "denuclearization"));
    assert!(p(&out, "denuclearization") < 0.15);
}
