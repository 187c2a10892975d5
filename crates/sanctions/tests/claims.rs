//! The op-ed's causal claims (docs/claims.md) as this model holds them:
//! (b) and (c) through its threat game, and (e). Its collapse split is a
//! fixed share and its collapse hazard reads pressure, not aid, so (a) and
//! (d) lie outside its mechanism.

mod common;
use common::*;
use forecast_sdk::ForecastOutput;
use forecast_sdk::testing::{NO_PLEDGE, REMEDY};

const HORIZON: u32 = 20;

fn with(a: &[(&'static str, f64)], b: &[(&'static str, f64)]) -> ForecastOutput {
    run(&input(HORIZON, &[a, b].concat()))
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
