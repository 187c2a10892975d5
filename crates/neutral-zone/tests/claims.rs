//! The op-ed's causal claims (docs/claims.md) as this model holds them.
//! Each test is named by its claim's letter; the claims table lists which
//! model covers which claim, and how.

mod common;
use common::*;
use forecast_sdk::ForecastOutput;
use forecast_sdk::testing::{NO_PLEDGE, REMEDY};

const HORIZON: u32 = 20;
/// China squeezes: full enforcement of a high rung.
const PRESSURE: [(&str, f64); 2] = [
    ("levers.china_enforcement", 1.0),
    ("levers.sanctions_rung", 4.0),
];

fn with(a: &[(&'static str, f64)], b: &[(&'static str, f64)]) -> ForecastOutput {
    run(&input(HORIZON, &[a, b].concat()))
}

fn pla_in(o: &ForecastOutput) -> f64 {
    p(o, "successor-state") + p(o, "war")
}

fn unified(o: &ForecastOutput) -> f64 {
    p(o, "neutral-unification") + p(o, "aligned-unification")
}

#[test]
fn a_without_a_credible_pledge_a_collapse_brings_the_pla_in() {
    let o = with(&NO_PLEDGE, &[]);
    assert_eq!(p(&o, "neutral-unification"), 0.0);
    // Nearly all the collapse mass: successor-state or war.
    assert!(pla_in(&o) > 0.95 * collapse_mass(&o), "{}", pla_in(&o));
    assert!(unified(&o) < 0.05 * collapse_mass(&o));
    // Whatever the bargaining gives, and under any pressure.
    for lever in [("levers.china_aid", 0.3), ("levers.china_enforcement", 1.0)] {
        assert_eq!(p(&with(&NO_PLEDGE, &[lever]), "neutral-unification"), 0.0);
    }
    // The remedy turns it: China stays out and Korea unifies, mostly neutral.
    let r = with(&REMEDY, &[]);
    assert!(unified(&r) > 0.5 * collapse_mass(&r));
    assert!(p(&r, "neutral-unification") > p(&r, "aligned-unification"));
}

#[test]
fn b_a_pledge_with_a_joint_plan_makes_china_s_squeeze_credible_to_kim() {
    let none = with(&NO_PLEDGE, &[]);
    let remedy = with(&REMEDY, &[]);
    let mu = |o: &ForecastOutput| at_horizon(o, "china_resolve_belief");
    assert!(
        mu(&none) < 0.5 && mu(&remedy) > 0.9,
        "{} {}",
        mu(&none),
        mu(&remedy)
    );
    assert!(p(&remedy, "denuclearization") > p(&none, "denuclearization") + 0.05);
}

#[test]
fn c_china_s_pressure_without_a_pledge_is_a_bluff_that_moves_kim_little() {
    // Full enforcement of a high rung, without a pledge: Kim still doubts
    // China would keep it up, so he rarely complies, and denuclearisation
    // stays far below what the pledge and plan achieve without the pressure.
    let squeezed = with(&NO_PLEDGE, &PRESSURE);
    let comply = |o: &ForecastOutput| at_horizon(o, "neutral-zone.compliance");
    assert!(comply(&squeezed) < 0.2, "{}", comply(&squeezed));
    assert!(comply(&with(&REMEDY, &PRESSURE)) > 0.9);
    let remedy = with(&REMEDY, &[]);
    assert!(
        p(&squeezed, "denuclearization") < 0.5 * p(&remedy, "denuclearization"),
        "{} against {}",
        p(&squeezed, "denuclearization"),
        p(&remedy, "denuclearization")
    );
}

#[test]
fn d_cutting_china_s_aid_raises_the_collapse_hazard() {
    let full = with(&NO_PLEDGE, &[]);
    let cut = with(&NO_PLEDGE, &[("levers.china_aid", 0.3)]);
    for (c, f) in series(&cut, "collapse_hazard")
        .iter()
        .zip(series(&full, "collapse_hazard"))
    {
        assert!(c > f, "{c} against {f}");
    }
    assert!(at_horizon(&cut, "collapse_by") > at_horizon(&full, "collapse_by"));
}

#[test]
fn e_inducements_alone_cannot_determine_the_outcome() {
    let none = with(&NO_PLEDGE, &[("levers.inducements", 0.0)]);
    let carrots = with(&NO_PLEDGE, &[("levers.inducements", 1.0)]);
    let remedy = with(&REMEDY, &[("levers.inducements", 0.0)]);
    let gain = p(&carrots, "denuclearization") - p(&none, "denuclearization");
    assert!(gain > 0.0, "carrots help: {gain}");
    assert!(
        gain < 0.5 * (p(&remedy, "denuclearization") - p(&none, "denuclearization")),
        "but less than the changed strategic reality"
    );
}
