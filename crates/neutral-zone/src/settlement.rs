//! Layer B: where the six parties settle on the endgame axis E, and how that
//! settlement splits the mass of a collapse.
//!
//! E runs from 0 to 100: 0 = nuclear DPRK as China's buffer; 25 = the DPRK
//! survives, denuclearised; 50 = unified neutral Korea, no foreign forces;
//! 70 = unified in the alliance, no US forces north of the 38th parallel;
//! 100 = unified in the alliance, no restriction. The parties bargain by the
//! expected-utility model of [`crate::bargaining`]; a US pledge and a joint
//! stabilisation plan move the USA's and the PRC's positions before they do.

use crate::bargaining::{self, Actor, Config, Run};
use crate::params::Year;
use crate::resolve::normal_cdf;

/// The six parties, in the order of their parameters.
pub const PARTIES: [&str; 6] = ["DPRK", "PRC", "USA", "ROK", "Japan", "Russia"];
/// Index of the PRC in [`PARTIES`].
pub const PRC: usize = 1;
/// Index of the USA in [`PARTIES`].
pub const USA: usize = 2;

/// Width of the endgame axis E, 0-100 by definition.
pub const AXIS: f64 = 100.0;
/// The band of E that is a neutral unification: from a neutral Korea (50)
/// to one in the alliance with no US forces north of the 38th (70), with
/// half-way margins to the neighbouring anchors (25-50 and 70-100 rounded).
pub const NEUTRAL_BAND: (f64, f64) = (40.0, 80.0);

/// x_USA' = x_USA + kappa (x*_USA - x_USA): a pledge of credibility kappa
/// binds the USA towards the pledged settlement x*_USA.
pub fn pledged_usa_position(position: f64, pledged: f64, kappa: f64) -> f64 {
    position + kappa * (pledged - position)
}

/// x_PRC' = x_PRC + kappa (1 - omega + omega J) (x*_PRC - x_PRC): once the
/// buffer is secured China can accept a unified Korea; a share omega of that
/// move also needs the joint stabilisation plan.
pub fn pledged_prc_position(
    position: f64,
    pledged: f64,
    kappa: f64,
    plan_weight: f64,
    joint_plan: f64,
) -> f64 {
    position + kappa * (1.0 - plan_weight + plan_weight * joint_plan) * (pledged - position)
}

/// The six parties of a year, with the pledge (of credibility `kappa`) and
/// the plan applied to the USA and the PRC.
pub fn parties(y: &Year, kappa: f64) -> [Actor; 6] {
    let mut actors = y.parties.map(|[capability, salience, position]| Actor {
        capability,
        salience,
        position,
    });
    actors[USA].position =
        pledged_usa_position(actors[USA].position, y.usa_pledged_position, kappa);
    actors[PRC].position = pledged_prc_position(
        actors[PRC].position,
        y.prc_pledged_position,
        kappa,
        y.prc_plan_weight,
        y.joint_plan,
    );
    actors
}

/// The engine's settings for E: the whole axis as range, the year's Q and T.
pub fn config(y: &Year) -> Config {
    Config::for_axis(AXIS, y.status_quo_q, y.improvement_t)
}

/// How a collapse ends: the SDK's split over the four collapse outcomes.
pub use forecast_sdk::CollapseSplit as Split;

/// How a collapse ends. China's commitment decides first: the PLA enters
/// with P = `pla` (Layer A's intervention decision), and with US/ROK forces
/// also north (P = `allied`) the two clash into war with P = `clash`. With
/// China out, the endgame lands on E ~ Normal(settlement, sd): below 40 the
/// North survives as a state (`successor-state`); above, Korea unifies, and
/// it is a neutral unification only if the settlement is in the neutral
/// band [40, 80] and the pledge holds (P = kappa, its credibility); else the
/// alliance's forces go north (`aligned-unification`). So without a credible
/// pledge there is no neutral unification, whatever the bargaining.
pub fn collapse_split(
    pla: f64,
    allied: f64,
    clash: f64,
    kappa: f64,
    settlement: f64,
    sd: f64,
) -> Split {
    let below = normal_cdf((NEUTRAL_BAND.0 - settlement) / sd);
    let up_to_top = normal_cdf((NEUTRAL_BAND.1 - settlement) / sd);
    let band = (up_to_top - below).max(0.0);
    let unified = 1.0 - below;
    let neutral_share = if unified > 0.0 {
        (kappa * band / unified).min(1.0)
    } else {
        0.0
    };
    Split::from_entries(pla, allied, clash, unified, neutral_share)
}

/// The bargaining of every year, run once per distinct set of parties and
/// settings (a year like the one before reuses its run).
pub fn runs(years: &[Year], kappas: &[f64]) -> Vec<std::rc::Rc<Run>> {
    let mut out: Vec<std::rc::Rc<Run>> = Vec::with_capacity(years.len());
    let mut last: Option<([Actor; 6], Config)> = None;
    for (y, &kappa) in years.iter().zip(kappas) {
        let key = (parties(y, kappa), config(y));
        match (&last, out.last()) {
            (Some(prev), Some(run)) if *prev == key => out.push(run.clone()),
            _ => {
                out.push(std::rc::Rc::new(bargaining::run(&key.0, &key.1)));
                last = Some(key);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credible_pledge_moves_the_usa_down_and_with_the_plan_the_prc_up() {
        assert_eq!(pledged_usa_position(90.0, 60.0, 0.0), 90.0);
        assert!((pledged_usa_position(90.0, 60.0, 0.8) - 66.0).abs() < 1e-12);
        assert_eq!(pledged_prc_position(10.0, 50.0, 0.0, 0.5, 1.0), 10.0);
        assert!((pledged_prc_position(10.0, 50.0, 0.8, 0.5, 1.0) - 42.0).abs() < 1e-12);
        assert!((pledged_prc_position(10.0, 50.0, 0.8, 0.5, 0.0) - 26.0).abs() < 1e-12);
    }

    fn year(set: Vec<(&'static str, f64)>) -> Year {
        let input = crate::tests_support::input(1, set);
        let p = forecast_sdk::Params::new(&input, crate::PARAMS).unwrap();
        Year::read_all(&p).unwrap()[0]
    }

    #[test]
    fn the_six_parties_carry_the_design_priors_until_a_pledge_moves_two_of_them() {
        let y = year(vec![]);
        let none = parties(&y, 0.0);
        let positions = none.map(|a| a.position);
        assert_eq!(positions, [0.0, 10.0, 90.0, 75.0, 80.0, 20.0]);
        assert_eq!(none[PRC].capability, 0.9);
        assert_eq!(none[USA].salience, 0.7);
        let y = year(vec![("levers.joint_stabilisation_plan", 1.0)]);
        let pledged = parties(&y, 0.8);
        assert!((pledged[USA].position - 66.0).abs() < 1e-12);
        assert!((pledged[PRC].position - 58.0).abs() < 1e-12);
        assert_eq!(pledged[3..], none[3..], "the others stay put");
        assert_eq!(config(&y).range, AXIS);
    }

    #[test]
    fn the_collapse_split_is_a_distribution_following_china_and_the_settlement() {
        for e in [0.0, 30.0, 60.0, 85.0, 100.0] {
            for (pla, kappa) in [(0.0, 0.0), (0.3, 0.8), (1.0, 0.5)] {
                let s = collapse_split(pla, 0.85, 0.3, kappa, e, 10.0);
                assert!((s.total() - 1.0).abs() < 1e-12, "{e}: {s:?}");
                assert!(s.neutral_unification >= 0.0 && s.successor_state >= 0.0);
            }
        }
        // China out, a fully credible pledge: the band is a neutral unification.
        let mid = collapse_split(0.0, 0.85, 0.3, 1.0, 60.0, 10.0);
        assert!((mid.neutral_unification - (2.0 * normal_cdf(2.0) - 1.0)).abs() < 1e-12);
        assert!((mid.aligned_unification - mid.successor_state).abs() < 1e-12);
        // No pledge: no neutral unification wherever the parties settle.
        let unpledged = collapse_split(0.0, 0.85, 0.3, 0.0, 60.0, 10.0);
        assert_eq!(unpledged.neutral_unification, 0.0);
        assert!((unpledged.aligned_unification - (1.0 - normal_cdf(-2.0))).abs() < 1e-12);
        assert!(collapse_split(0.0, 0.85, 0.3, 1.0, 95.0, 10.0).aligned_unification > 0.9);
        assert!(collapse_split(0.0, 0.85, 0.3, 1.0, 10.0, 10.0).successor_state > 0.99);
        // The PLA in: successor-state or war, no unification.
        let pla = collapse_split(1.0, 0.85, 0.3, 1.0, 60.0, 10.0);
        assert_eq!(pla.neutral_unification + pla.aligned_unification, 0.0);
        assert!((pla.war - 0.85 * 0.3).abs() < 1e-15);
    }

    #[test]
    fn split_accumulates_linearly() {
        let a = collapse_split(0.4, 0.7, 0.2, 0.5, 55.0, 12.0);
        let acc = Split::default().add_scaled(0.25, a).add_scaled(0.75, a);
        assert!((acc.total() - 1.0).abs() < 1e-15);
    }
}
