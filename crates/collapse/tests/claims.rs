//! The op-ed's causal claims (docs/claims.md) as this model holds them:
//! (a) and (d), and (e) on its concession rate. (b) and (c), which are about
//! Kim's belief in China's resolve, lie outside its mechanism.

mod common;
use common::*;
use forecast_sdk::ForecastOutput;
use forecast_sdk::testing::{NO_PLEDGE, REMEDY};

const HORIZON: u32 = 20;

fn with(a: &[(&'static str, f64)], b: &[(&'static str, f64)]) -> ForecastOutput {
    run(&input(HORIZON, &[a, b].concat()))
}

#[test]
fn a_without_a_credible_pledge_a_collapse_brings_the_pla_in() {
    let o = with(&NO_PLEDGE, &[]);
    assert_eq!(p(&o, "neutral-unification"), 0.0);
    assert!(at_horizon(&o, "collapse.pla_entry") > 0.5);
    let pla_in = p(&o, "successor-state") + p(&o, "war");
    let unified = p(&o, "aligned-unification");
    assert!(pla_in > 2.0 * unified, "{pla_in} against {unified}");
    let r = with(&REMEDY, &[]);
    assert!(at_horizon(&r, "collapse.pla_entry") < at_horizon(&o, "collapse.pla_entry"));
    assert!(p(&r, "neutral-unification") > p(&r, "successor-state"));
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
}

#[test]
fn e_inducements_alone_cannot_determine_the_outcome() {
    let none = with(&NO_PLEDGE, &[("levers.inducements", 0.0)]);
    let carrots = with(&NO_PLEDGE, &[("levers.inducements", 1.0)]);
    let d = |o: &ForecastOutput| p(o, "denuclearization");
    assert!(d(&carrots) > d(&none));
    // Even full inducements leave the regime nuclear more often than not.
    assert!(p(&carrots, "nuclear-status-quo") > p(&carrots, "freeze") + d(&carrots));
}
