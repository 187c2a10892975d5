//! The yearly recursion: each year's hazards and post-collapse branch,
//! accumulated into the outcome distribution at the horizon and the yearly
//! indicator series. Exact (no sampling): the collapse mass of year t is
//! S_{t-1} h_t, split by that year's branch, and the survivors split by the
//! cumulative concession probability.

use crate::branch::{self, Split};
use crate::hazard;
use crate::params::Year;
use forecast_sdk::vocab::pledge_credibility;

/// Everything the model derives for one year from that year's parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// Effective pressure P_t.
    pub pressure: f64,
    /// Hazard ratio of pressure, e^{gamma P_t}.
    pub pressure_factor: f64,
    /// Hazard ratio of aid, e^{-alpha (A_t - 1)}.
    pub aid_factor: f64,
    /// h_struct_t.
    pub structural_hazard: f64,
    /// m_t q.
    pub succession_hazard: f64,
    /// h_t = P(collapse in t | survival to its start).
    pub hazard: f64,
    /// Pledge credibility kappa.
    pub kappa: f64,
    /// p_dep (1 - kappa) B.
    pub buffer_at_stake: f64,
    /// R_C x refugee share in %.
    pub refugee_pressure: f64,
    /// P(PLA enters | collapse in t).
    pub pla: f64,
    /// P(US/ROK enter | collapse in t).
    pub allied: f64,
    /// P(clash | both enter).
    pub clash: f64,
    /// Joint stabilisation plan J.
    pub joint_plan: f64,
    /// Neutral share of a unification.
    pub neutral_share: f64,
    /// How a collapse in t ends.
    pub split: Split,
    /// P(concession in t | none before, regime alive).
    pub concession: f64,
    /// Stabilisation troops needed after a collapse, T.
    pub troops: f64,
    /// Refugees to China after a collapse, Phi.
    pub refugees: f64,
}

/// One year's derived quantities.
pub fn step(y: &Year) -> Step {
    let e_eff = hazard::effective_enforcement(y.china_enforcement, y.other_enforcement);
    let pressure = hazard::pressure(y.sanctions_rung, e_eff, y.leakage);
    let pressure_factor = hazard::pressure_factor(y.gamma, pressure);
    let aid_factor = hazard::aid_factor(y.alpha, y.china_aid);
    let structural_hazard = hazard::structural_hazard(y.base_hazard, pressure_factor, aid_factor);
    let succession_hazard = hazard::succession_hazard(y.leader_mortality, y.succession_failure);
    let kappa = pledge_credibility(y.us_pledge);
    let buffer_at_stake = branch::buffer_at_stake(y.deployment_north, kappa, y.buffer_value);
    let refugee_pressure = branch::refugee_pressure(y.refugee_cost, y.refugee_share);
    let pla =
        branch::pla_entry_probability(y.theta, buffer_at_stake, refugee_pressure, y.joint_plan);
    let allied = branch::allied_entry_probability(y.deployment_north, kappa, y.rok_entry);
    let clash = branch::clash_probability(y.clash, y.deconfliction, y.joint_plan);
    let neutral_share = branch::neutral_share(kappa, y.joint_plan, y.plan_dependence);
    Step {
        pressure,
        pressure_factor,
        aid_factor,
        structural_hazard,
        succession_hazard,
        hazard: hazard::yearly_hazard(structural_hazard, succession_hazard),
        kappa,
        buffer_at_stake,
        refugee_pressure,
        pla,
        allied,
        clash,
        joint_plan: y.joint_plan,
        neutral_share,
        split: branch::post_collapse_split(pla, allied, clash, y.unification, neutral_share),
        concession: hazard::concession_hazard(
            y.concession_base,
            y.concession_pressure,
            pressure,
            y.concession_inducements,
            y.inducements,
        ),
        troops: branch::troops_needed(y.troops_per_1000, y.population),
        refugees: branch::refugees(y.refugee_share, y.population),
    }
}

/// The whole horizon: yearly steps, indicator series and the outcome masses.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    pub steps: Vec<Step>,
    /// h_t.
    pub collapse_hazard: Vec<f64>,
    /// 1 - prod_{s<=t} (1 - h_s).
    pub collapse_by: Vec<f64>,
    /// P(collapse in t) Phi_t.
    pub refugees_to_china: Vec<f64>,
    /// P(collapsed by t) T_t: the expected stabilisation force required in t.
    pub troops_needed: Vec<f64>,
    /// P_t.
    pub china_pressure: Vec<f64>,
    /// P(PLA enters | collapse in t).
    pub pla_entry: Vec<f64>,
    /// P(verified complete denuclearisation by the end of t).
    pub denuclearization_by: Vec<f64>,
    /// P(the start's leader has died or fallen with the regime by the end of t).
    pub leader_change_by: Vec<f64>,
    /// P(Korea unified by the end of t).
    pub unification_by: Vec<f64>,
    /// P(a first concession, freeze or denuclearisation, by the end of t,
    /// regime alive then).
    pub concession_by: Vec<f64>,
    /// P(collapse in t) = S_{t-1} h_t.
    pub collapse_in_year: Vec<f64>,
    /// P(the leader in office at the start of t goes in t) = S_{t-1} (1 - (1 - m_t)(1 - h_struct_t)).
    pub leader_change_in_year: Vec<f64>,
    /// P(a concession in t, regime alive at its end): the first, or a
    /// new one after a freeze broke down.
    pub concession_in_year: Vec<f64>,
    /// The collapse mass at the horizon, by outcome.
    pub collapse: Split,
    /// P(the regime survives the horizon).
    pub survival: f64,
    /// P(a first concession by the horizon), independent of collapse.
    pub conceded: f64,
    pub nuclear_status_quo: f64,
    pub freeze: f64,
    pub denuclearization: f64,
}

impl Trajectory {
    /// Collapse-mass-weighted mean of a per-year quantity (the start year's
    /// value when there is no collapse mass).
    pub fn collapse_weighted(&self, f: impl Fn(&Step) -> f64) -> f64 {
        let mut weight = 0.0;
        let mut sum = 0.0;
        let mut survival = 1.0;
        for s in &self.steps {
            let w = survival * s.hazard;
            weight += w;
            sum += w * f(s);
            survival *= 1.0 - s.hazard;
        }
        if weight > 0.0 {
            sum / weight
        } else {
            self.steps.first().map_or(0.0, f)
        }
    }
}

/// Runs the recursion over the years of the horizon.
///
/// The regime's programme, independent of collapse, is a chain over never
/// conceded (N0), reneged (N1), frozen (F) and denuclearised (D): each year
/// a standing freeze breaks down with b (F -> N1, the pattern of 1993, 2002
/// and 2006), then a regime with a programme concedes with that year's
/// hazard, each concession splitting into freeze and denuclearisation by
/// that year's share; denuclearisation is not undone. A concession counts
/// for `denuclearization_by` in the year it happens if the regime is alive
/// at the end of that year, and the state at the horizon decides the
/// survival outcomes. Collapse outcomes take precedence, as in the shared
/// classification order.
pub fn run(years: &[Year]) -> Trajectory {
    let n = years.len();
    let mut t = Trajectory {
        steps: Vec::with_capacity(n),
        collapse_hazard: Vec::with_capacity(n),
        collapse_by: Vec::with_capacity(n),
        refugees_to_china: Vec::with_capacity(n),
        troops_needed: Vec::with_capacity(n),
        china_pressure: Vec::with_capacity(n),
        pla_entry: Vec::with_capacity(n),
        denuclearization_by: Vec::with_capacity(n),
        leader_change_by: Vec::with_capacity(n),
        unification_by: Vec::with_capacity(n),
        concession_by: Vec::with_capacity(n),
        collapse_in_year: Vec::with_capacity(n),
        leader_change_in_year: Vec::with_capacity(n),
        concession_in_year: Vec::with_capacity(n),
        collapse: Split::default(),
        survival: 1.0,
        conceded: 0.0,
        nuclear_status_quo: 0.0,
        freeze: 0.0,
        denuclearization: 0.0,
    };
    let mut survival = 1.0; // S_{t-1}
    // The programme's chain, independent of collapse: never conceded,
    // reneged, frozen, denuclearised.
    let (mut never, mut reneged, mut frozen, mut denuclear) = (1.0, 0.0, 0.0, 0.0);
    let mut denuclearized = 0.0; // P(denuclearised by t, alive then)
    let mut leader_in_power = 1.0; // P(the start's leader alive, regime standing)
    let mut conceded_alive = 0.0; // P(a first concession by t, regime alive then)
    for y in years {
        let s = step(y);
        let collapse_now = survival * s.hazard;
        t.collapse = t.collapse.add_scaled(collapse_now, s.split);
        // Whoever leads in t, with that year's mortality, while the regime stands.
        t.leader_change_in_year
            .push(survival * (1.0 - (1.0 - y.leader_mortality) * (1.0 - s.structural_hazard)));
        t.collapse_in_year.push(collapse_now);
        survival *= 1.0 - s.hazard;
        // The leader goes with his death (m, whether the succession holds or
        // not) or with a structural collapse, independent risks.
        leader_in_power *= (1.0 - y.leader_mortality) * (1.0 - s.structural_hazard);
        // Last year's freezes break down first; a regime that reneges this
        // year does not concede again before the next.
        let broke = frozen * y.freeze_breakdown;
        let first_now = never * s.concession;
        let concede_now = (never + reneged) * s.concession;
        never -= first_now;
        reneged += broke - reneged * s.concession;
        frozen += (1.0 - y.denuclearization_share) * concede_now - broke;
        denuclear += y.denuclearization_share * concede_now;
        denuclearized += y.denuclearization_share * survival * concede_now;

        t.collapse_hazard.push(s.hazard);
        t.collapse_by.push(1.0 - survival);
        t.refugees_to_china.push(collapse_now * s.refugees);
        t.troops_needed.push((1.0 - survival) * s.troops);
        t.china_pressure.push(s.pressure);
        t.pla_entry.push(s.pla);
        t.denuclearization_by.push(denuclearized);
        t.leader_change_by.push(1.0 - leader_in_power);
        t.unification_by
            .push(t.collapse.neutral_unification + t.collapse.aligned_unification);
        conceded_alive += survival * first_now;
        t.concession_by.push(conceded_alive);
        t.concession_in_year.push(survival * concede_now);
        t.steps.push(s);
    }
    t.survival = survival;
    t.conceded = 1.0 - never;
    t.nuclear_status_quo = survival * (never + reneged);
    t.denuclearization = survival * denuclear;
    t.freeze = survival * frozen;
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::PARAMS;
    use crate::tests_support::input;
    use forecast_sdk::Params;

    fn years(horizon: u32, set: Vec<(&'static str, f64)>) -> Vec<Year> {
        let i = input(horizon, set);
        let p = Params::new(&i, PARAMS).unwrap();
        (0..horizon as usize)
            .map(|t| Year::read(&p, t).unwrap())
            .collect()
    }

    #[test]
    fn defaults_give_the_calibrated_first_year() {
        let s = step(&years(1, vec![])[0]);
        assert!((s.pressure - 0.1 * 0.405 * 0.7).abs() < 1e-15);
        assert_eq!(s.aid_factor, 1.0);
        assert!(
            (s.hazard - (1.0 - (1.0 - 0.01 * s.pressure_factor) * (1.0 - 0.0104))).abs() < 1e-15
        );
        assert!((s.pla - 0.6964).abs() < 1e-3);
        assert_eq!(s.troops, 360_000.0);
        assert!((s.split.total() - 1.0).abs() < 1e-15);
    }

    #[test]
    fn collapse_by_is_one_minus_the_survival_product() {
        let t = run(&years(20, vec![]));
        let mut s = 1.0;
        for (h, c) in t.collapse_hazard.iter().zip(&t.collapse_by) {
            s *= 1.0 - h;
            assert_eq!(*c, 1.0 - s);
        }
        assert!((t.collapse.total() - (1.0 - t.survival)).abs() < 1e-12);
        assert!(t.collapse_by.windows(2).all(|w| w[1] >= w[0]));
    }

    #[test]
    fn survival_splits_by_the_programme_s_state() {
        let t = run(&years(10, vec![]));
        let total = t.nuclear_status_quo + t.freeze + t.denuclearization;
        assert!((total - t.survival).abs() < 1e-12);
        // Freezes break down, denuclearisation stays: less than 70% of what
        // was conceded stands as a freeze.
        assert!(t.denuclearization / (t.freeze + t.denuclearization) > 0.3);
        // Without breakdowns, every concession stands, split 70:30.
        let held = run(&years(10, vec![("dprk.freeze_breakdown", 0.0)]));
        let ratio = held.denuclearization / (held.freeze + held.denuclearization);
        assert!((ratio - 0.3).abs() < 1e-12);
        assert!((held.nuclear_status_quo - held.survival * (1.0 - held.conceded)).abs() < 1e-12);
        // Denuclearised by the horizon includes regimes that denuclearised and then fell.
        assert!(*t.denuclearization_by.last().unwrap() >= t.denuclearization);
        assert!(t.denuclearization_by.windows(2).all(|w| w[1] >= w[0]));
    }

    #[test]
    fn the_event_indicators_are_cumulative_and_agree_with_the_outcomes() {
        let t = run(&years(20, vec![]));
        for s in [&t.leader_change_by, &t.unification_by, &t.concession_by] {
            assert!(s.windows(2).all(|w| w[1] >= w[0]));
            assert!(s.iter().all(|v| (0.0..=1.0).contains(v)));
        }
        let unified = t.collapse.neutral_unification + t.collapse.aligned_unification;
        assert!((t.unification_by[19] - unified).abs() < 1e-15);
        // A concession happened in every surviving regime that froze or
        // disarmed (and some later collapsed).
        assert!(t.concession_by[19] >= t.freeze + t.denuclearization - 1e-15);
        // The leader goes at least as often as the regime falls, and with
        // his own mortality: 1 - 0.92^20 at the least.
        assert!(t.leader_change_by[19] >= t.collapse_by[19]);
        assert!(t.leader_change_by[19] > 1.0 - 0.92f64.powi(20));
    }

    #[test]
    fn a_freeze_that_breaks_down_can_be_agreed_again() {
        // Every freeze breaks down the year after: what stands at the
        // horizon is the last year's freezes only, and agreements recur.
        let t = run(&years(20, vec![("dprk.freeze_breakdown", 1.0)]));
        let last = t.steps[19].concession * 0.7;
        assert!(
            t.freeze <= t.survival * last + 1e-15,
            "{} > {}",
            t.freeze,
            last
        );
        let first: f64 = t.concession_by[19];
        let all: f64 = t.concession_in_year.iter().sum();
        assert!(all > first, "{all} agreements, {first} first ones");
    }

    #[test]
    fn the_in_year_indicators_are_the_flows_of_the_year() {
        let t = run(&years(20, vec![("dprk.freeze_breakdown", 0.0)]));
        let mut prev = (0.0, 0.0, 1.0);
        for (k, s) in t.steps.iter().enumerate() {
            let (collapsed, conceded, standing) = prev;
            assert!((t.collapse_in_year[k] - (t.collapse_by[k] - collapsed)).abs() < 1e-15);
            assert!((t.concession_in_year[k] - (t.concession_by[k] - conceded)).abs() < 1e-15);
            // The leader goes at least with the regime, and with his mortality.
            assert!(
                t.leader_change_in_year[k]
                    >= t.collapse_in_year[k] - s.succession_hazard * standing
            );
            assert!(t.leader_change_in_year[k] >= 0.08 * standing - 1e-15);
            prev = (t.collapse_by[k], t.concession_by[k], 1.0 - t.collapse_by[k]);
        }
    }

    #[test]
    fn refugees_follow_the_collapse_in_each_year() {
        let t = run(&years(5, vec![]));
        let mut prev = 0.0;
        for (r, c) in t.refugees_to_china.iter().zip(&t.collapse_by) {
            assert!((r - (c - prev) * 240_000.0).abs() < 1e-6);
            prev = *c;
        }
    }

    #[test]
    fn collapse_weighted_mean_of_a_constant_is_the_constant() {
        let t = run(&years(7, vec![]));
        assert!((t.collapse_weighted(|s| s.pla) - t.steps[0].pla).abs() < 1e-12);
    }
}
