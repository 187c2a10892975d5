//! The op-ed's causal claims (docs/claims.md) as this model holds them:
//! (a) through China's decision to intervene after a collapse, (b) and (c)
//! through its threat game, and (e). Its collapse hazard reads pressure,
//! not aid, so (d) lies outside its mechanism.

mod common;
use common::*;
use forecast_sdk::ForecastOutput;
use forecast_sdk::testing::{NO_PLEDGE, REMEDY};

const HORIZON: u32 = 20;

fn with(a: &[(&'static str, f64)], b: &[(&'static str, f64)]) -> ForecastOutput {
    run(&input(HORIZON, &[a, b].concat()))
}

fn unified(o: &ForecastOutput) -> f64 {
    p(o, "neutral-unification") + p(o, "aligned-unification")
}

#[test]
fn a_without_a_credible_pledge_a_collapse_brings_the_pla_in() {
    let o = with(&NO_PLEDGE, &[]);
    assert_eq!(p(&o, "neutral-unification"), 0.0);
    let mass = forecast_sdk::testing::collapse_mass(&o);
    assert!(unified(&o) < 0.05 * mass, "{} of {mass}", unified(&o));
    // Under any pressure or aid, without a pledge.
    for lever in [("levers.china_aid", 0.3), ("levers.china_enforcement", 1.0)] {
        let o = with(&NO_PLEDGE, &[lever]);
        assert!(unified(&o) < 0.05 * forecast_sdk::testing::collapse_mass(&o));
    }
    // The remedy turns it: China stays out and Korea unifies, mostly neutral.
    let r = with(&REMEDY, &[]);
    assert!(unified(&r) > 0.5 * forecast_sdk::testing::collapse_mass(&r));
    assert!(p(&r, "neutral-unification") > p(&r, "aligned-unification"));
}

#[test]
fn b_a_pledge_with_a_joint_plan_makes_china_s_squeeze_credible_to_kim() {
    let none = with(&NO_PLEDGE, &[]);
    let remedy = with(&REMEDY, &[]);
    for (r, n) in series(&remedy, "china_resolve_belief")
        .iter()
        .zip(series(&none, "china_resolve_belief"))
    {
        assert!(r > n, "{r} against {n}");
    }
    assert!(p(&remedy, "denuclearization") > p(&none, "denuclearization"));
}

#[test]
fn c_china_s_threats_without_a_pledge_are_read_as_bluffs() {
    // Without a pledge China would not carry out a squeeze, and with small
    // audience costs the unresolved China threatens as well: a threat tells
    // Kim next to nothing, and his belief stays low.
    let none = with(&NO_PLEDGE, &[]);
    let mu = at_horizon(&none, "china_resolve_belief");
    assert!(mu < 0.5, "mu {mu}");
    let remedy = with(&REMEDY, &[]);
    assert!(at_horizon(&remedy, "china_resolve_belief") > 2.0 * mu);
}

#[test]
fn e_inducements_alone_cannot_determine_the_outcome() {
    let none = with(&NO_PLEDGE, &[("levers.inducements", 0.0)]);
    let carrots = with(&NO_PLEDGE, &[("levers.inducements", 1.0)]);
    let d = |o: &ForecastOutput| p(o, "denuclearization");
    assert!(d(&carrots) > d(&none));
    assert!(p(&carrots, "nuclear-status-quo") > d(&carrots));
}
