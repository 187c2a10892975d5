//! The yearly recursion: an exact Markov chain over the regime's states.
//!
//! A living regime is nuclear (N), frozen (F) or denuclearised (D). Each
//! year, in state N, China issues a threat with probability rho; Kim complies
//! fully with P(comply) = C_t (-> D), freezes with F_t - C_t (-> F), and
//! otherwise defies; a defied threat is carried out if China is resolved
//! (probability mu_t), and a year of cutoff raises the hazard from h_A (the
//! hazard at the year's aid A_t) to h_cut. Besides, the regime concedes a
//! freeze at the base rate a0. A freeze breaks down with b, the rate of the
//! DPRK's agreements up to 2006 (1993, 2002, 2006), and the regime is
//! nuclear again; a frozen regime that holds, still under threat,
//! denuclearises with the same rho C_t. So, with the leader's death and a
//! failed succession as an independent risk m q:
//!
//! ```text
//! squeeze_t = rho mu_t (1 - F_t)
//! h_N = 1 - (1 - h_A - squeeze_t (h_cut - h_A)) (1 - m q)     h_F = h_D = 1 - (1 - h_A)(1 - m q)
//! N -> D: rho C_t   N -> F: a0 + rho (F_t - C_t)   F -> N: b   F -> D: (1 - b) rho C_t   (among survivors)
//! ```
//!
//! The collapse mass of each year is split by that year's commitment
//! (whether China sends the PLA in, and whether the pledge holds) and
//! bargaining settlement ([`crate::settlement::collapse_split`]).

use crate::bargaining::Run;
use crate::params::Year;
use crate::resolve;
use crate::settlement::{self, Split};
use forecast_sdk::vocab::pledge_credibility;
use std::rc::Rc;

/// Layer A of one year: China's resolve and Kim's response.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resolve {
    /// Pledge credibility kappa.
    pub kappa: f64,
    /// h_cut: the yearly hazard in a year of cutoff.
    pub cutoff_hazard: f64,
    /// h_A: the yearly hazard at the year's aid.
    pub aid_hazard: f64,
    /// P_t: sanctions pressure as China enforces the rung.
    pub pressure: f64,
    /// h': collapse probability if China sustains a cutoff.
    pub cutoff_collapse: f64,
    /// p_dep (1 - kappa) B.
    pub buffer_at_stake: f64,
    /// The whole cost of a collapse to China.
    pub burden: f64,
    pub prop_up: f64,
    pub squeeze: f64,
    /// U_C(squeeze) - U_C(prop up) + A_C.
    pub margin: f64,
    pub margin_sd: f64,
    /// mu: Kim's belief that China is resolved.
    pub belief: f64,
    /// K: Kim's cost of a carried-out threat.
    pub threat_cost: f64,
    /// C: P(Kim complies fully with a threat).
    pub comply: f64,
    /// F: P(Kim at least freezes).
    pub freeze_or_more: f64,
    /// China's margin for sending the PLA in after a collapse.
    pub intervention_margin: f64,
    /// P(the PLA enters | collapse).
    pub pla: f64,
    /// P(US/ROK forces go north | collapse) = d + (1 - d) r, d = p_dep (1 - kappa).
    pub allied: f64,
    /// P(clash | both enter) = c (1 - delta J).
    pub clash: f64,
}

/// Layer A from one year's parameters.
pub fn resolve(y: &Year) -> Resolve {
    let kappa = pledge_credibility(y.us_pledge);
    let cutoff_hazard = resolve::cutoff_hazard(y.base_hazard, y.cutoff_log_hazard_ratio);
    let aid_hazard = resolve::aid_hazard(y.base_hazard, y.cutoff_log_hazard_ratio, y.china_aid);
    let pressure = resolve::pressure(y.sanctions_rung, y.china_enforcement, y.leakage);
    let cutoff_collapse = resolve::cutoff_collapse(cutoff_hazard, y.cutoff_years);
    let burden = resolve::collapse_burden(
        y.deployment_north,
        kappa,
        y.buffer_value,
        y.refugee_cost,
        y.joint_plan,
        y.plan_burden_share,
        y.instability_cost,
    );
    let prop_up = resolve::utility_prop_up(y.aid_cost, y.proliferation_cost);
    let squeeze = resolve::utility_squeeze(y.denuclearization_gain, cutoff_collapse, burden);
    let margin = resolve::resolve_margin(squeeze, prop_up, y.audience_cost);
    let margin_sd = resolve::margin_sd(
        cutoff_collapse,
        y.deployment_north,
        kappa,
        y.buffer_sd,
        y.audience_sd,
    );
    let belief = resolve::resolve_belief(margin, margin_sd);
    let threat_cost =
        resolve::threat_cost(cutoff_collapse, y.trade_loss_weight, y.china_dependence);
    let defiance = resolve::defiance_cost(threat_cost, y.pressure_weight, pressure);
    let stake = |share: f64| {
        resolve::net_stake(share * y.arsenal_value, y.inducement_weight, y.inducements)
    };
    let comply = resolve::compliance(belief, defiance, stake(1.0), y.compliance_scale);
    let freeze_or_more = resolve::compliance(
        belief,
        defiance,
        stake(y.freeze_threshold),
        y.compliance_scale,
    );
    let intervention_margin = resolve::intervention_margin(burden, y.intervention_cost);
    let pla = resolve::intervention_probability(
        intervention_margin,
        y.deployment_north,
        kappa,
        y.buffer_sd,
        y.intervention_sd,
    );
    let us_north = y.deployment_north * (1.0 - kappa);
    Resolve {
        kappa,
        cutoff_hazard,
        aid_hazard,
        pressure,
        cutoff_collapse,
        buffer_at_stake: y.deployment_north * (1.0 - kappa) * y.buffer_value,
        burden,
        prop_up,
        squeeze,
        margin,
        margin_sd,
        belief,
        threat_cost,
        comply,
        // Never below C: a full concession is also at least a freeze.
        freeze_or_more: freeze_or_more.max(comply),
        intervention_margin,
        pla,
        allied: us_north + (1.0 - us_north) * y.rok_entry,
        clash: y.clash * (1.0 - y.deconfliction * y.joint_plan),
    }
}

/// The yearly hazards of one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hazards {
    /// P(China carries out a cutoff in the year | state N).
    pub squeeze: f64,
    /// Structural collapse hazard of a nuclear regime (without the succession risk).
    pub structural_nuclear: f64,
    /// Collapse hazard of a nuclear regime.
    pub nuclear: f64,
    /// Collapse hazard of a frozen or denuclearised regime.
    pub conceded: f64,
    /// P(-> D | survives the year).
    pub denuclearize: f64,
    /// P(N -> F | survives the year).
    pub freeze: f64,
}

/// The year's hazards from its parameters and Layer A.
pub fn hazards(y: &Year, r: &Resolve) -> Hazards {
    let squeeze = y.threat_rate * r.belief * (1.0 - r.freeze_or_more);
    let succession = y.leader_mortality * y.succession_failure;
    let structural = r.aid_hazard + squeeze * (r.cutoff_hazard - r.aid_hazard).max(0.0);
    let denuclearize = y.threat_rate * r.comply;
    Hazards {
        squeeze,
        structural_nuclear: structural.min(1.0),
        nuclear: 1.0 - (1.0 - structural.min(1.0)) * (1.0 - succession),
        conceded: 1.0 - (1.0 - r.aid_hazard) * (1.0 - succession),
        denuclearize,
        freeze: (y.concession_base + y.threat_rate * (r.freeze_or_more - r.comply))
            .min(1.0 - denuclearize),
    }
}

/// The whole horizon: yearly quantities and the outcome masses.
#[derive(Debug, Clone)]
pub struct Trajectory {
    pub resolve: Vec<Resolve>,
    pub hazards: Vec<Hazards>,
    /// The bargaining run of each year (shared between equal years).
    pub bargaining: Vec<Rc<Run>>,
    /// P(collapse in t | alive at its start).
    pub collapse_hazard: Vec<f64>,
    pub collapse_by: Vec<f64>,
    /// Cumulative P(denuclearised in some year s <= t and alive at the end of s).
    pub denuclearization_by: Vec<f64>,
    /// P(the start's leader has died or fallen with the regime by the end of t).
    pub leader_change_by: Vec<f64>,
    /// P(Korea unified by the end of t).
    pub unification_by: Vec<f64>,
    /// P(a first freeze or denuclearisation by the end of t, alive then,
    /// whatever came of it).
    pub concession_by: Vec<f64>,
    /// P(collapse in t).
    pub collapse_in_year: Vec<f64>,
    /// P(the leader in office at the start of t goes in t, by death or a
    /// structural collapse, the regime standing at the start).
    pub leader_change_in_year: Vec<f64>,
    /// P(an agreement in t: a nuclear regime (one that never conceded, or
    /// one whose freeze broke down) freezes or denuclearises, or a frozen
    /// one agrees to denuclearise).
    pub concession_in_year: Vec<f64>,
    /// mu_t.
    pub china_resolve_belief: Vec<f64>,
    /// The settlement on E.
    pub settlement: Vec<f64>,
    /// The resolve margin's mean.
    pub resolved_margin: Vec<f64>,
    /// P(Kim complies with a threat) C_t.
    pub compliance: Vec<f64>,
    /// Collapse mass at the horizon by outcome.
    pub collapse: Split,
    pub nuclear_status_quo: f64,
    pub freeze: f64,
    pub denuclearization: f64,
}

impl Trajectory {
    /// Collapse-mass-weighted mean of a per-year quantity (the start year's
    /// value when there is no collapse mass).
    pub fn collapse_weighted(&self, f: impl Fn(usize) -> f64) -> f64 {
        let mut weight = 0.0;
        let mut sum = 0.0;
        let mut survival = 1.0;
        for (t, h) in self.collapse_hazard.iter().enumerate() {
            let w = survival * h;
            weight += w;
            sum += w * f(t);
            survival *= 1.0 - h;
        }
        if weight > 0.0 { sum / weight } else { f(0) }
    }
}

/// Runs the chain over the years of the horizon.
pub fn run(years: &[Year]) -> Trajectory {
    let n = years.len();
    let resolves: Vec<Resolve> = years.iter().map(resolve).collect();
    let kappas: Vec<f64> = resolves.iter().map(|r| r.kappa).collect();
    let bargaining = settlement::runs(years, &kappas);
    let mut t = Trajectory {
        resolve: Vec::with_capacity(n),
        hazards: Vec::with_capacity(n),
        bargaining: Vec::with_capacity(n),
        collapse_hazard: Vec::with_capacity(n),
        collapse_by: Vec::with_capacity(n),
        denuclearization_by: Vec::with_capacity(n),
        leader_change_by: Vec::with_capacity(n),
        unification_by: Vec::with_capacity(n),
        concession_by: Vec::with_capacity(n),
        collapse_in_year: Vec::with_capacity(n),
        leader_change_in_year: Vec::with_capacity(n),
        concession_in_year: Vec::with_capacity(n),
        china_resolve_belief: Vec::with_capacity(n),
        settlement: Vec::with_capacity(n),
        resolved_margin: Vec::with_capacity(n),
        compliance: Vec::with_capacity(n),
        collapse: Split::default(),
        nuclear_status_quo: 0.0,
        freeze: 0.0,
        denuclearization: 0.0,
    };
    let (mut nuclear, mut frozen, mut denuclear) = (1.0, 0.0, 0.0);
    // The nuclear regimes that never conceded (the rest reneged on a freeze).
    let mut never = 1.0;
    let mut collapsed = 0.0;
    let mut denuclearized_by = 0.0;
    let mut conceded_by = 0.0;
    // The same chain for the regimes the start's leader still runs: he goes
    // with his death (m, whether the succession holds or not) or with a
    // structural collapse.
    let mut led = [1.0, 0.0, 0.0];
    for ((y, r), run) in years.iter().zip(resolves).zip(bargaining) {
        let h = hazards(y, &r);
        let alive = nuclear + frozen + denuclear;
        let (alive_nuclear_start, conceded_start) = (nuclear, frozen + denuclear);
        let collapse_now = nuclear * h.nuclear + (frozen + denuclear) * h.conceded;
        let split = settlement::collapse_split(
            r.pla,
            r.allied,
            r.clash,
            r.kappa,
            run.settlement,
            y.settlement_sd,
        );
        t.collapse = t.collapse.add_scaled(collapse_now, split);
        collapsed += collapse_now;

        let n_alive = nuclear * (1.0 - h.nuclear);
        let never_alive = never * (1.0 - h.nuclear);
        let f_alive = frozen * (1.0 - h.conceded);
        let d_alive = denuclear * (1.0 - h.conceded);
        let broke = f_alive * y.freeze_breakdown;
        let held = f_alive - broke;
        let newly_denuclear = (n_alive + held) * h.denuclearize;
        nuclear = n_alive * (1.0 - h.denuclearize - h.freeze) + broke;
        never = never_alive * (1.0 - h.denuclearize - h.freeze);
        frozen = held * (1.0 - h.denuclearize) + n_alive * h.freeze;
        denuclear = d_alive + newly_denuclear;
        denuclearized_by += newly_denuclear;
        conceded_by += never_alive * (h.denuclearize + h.freeze);
        let keep = 1.0 - y.leader_mortality;
        let conceded_structural = r.aid_hazard;
        // Whoever leads in t, with that year's mortality, in each state.
        t.leader_change_in_year.push(
            alive_nuclear_start * (1.0 - keep * (1.0 - h.structural_nuclear))
                + conceded_start * (1.0 - keep * (1.0 - conceded_structural)),
        );
        t.collapse_in_year.push(collapse_now);
        t.concession_in_year
            .push(n_alive * (h.denuclearize + h.freeze) + held * h.denuclearize);
        let [ln, lf, ld] = led;
        let (ln, lf, ld) = (
            ln * keep * (1.0 - h.structural_nuclear),
            lf * keep * (1.0 - conceded_structural),
            ld * keep * (1.0 - conceded_structural),
        );
        let (l_broke, l_held) = (lf * y.freeze_breakdown, lf * (1.0 - y.freeze_breakdown));
        led = [
            ln * (1.0 - h.denuclearize - h.freeze) + l_broke,
            l_held * (1.0 - h.denuclearize) + ln * h.freeze,
            ld + (ln + l_held) * h.denuclearize,
        ];

        t.collapse_hazard.push(if alive > 0.0 {
            (collapse_now / alive).clamp(0.0, 1.0)
        } else {
            h.conceded
        });
        t.collapse_by.push(collapsed.min(1.0));
        t.denuclearization_by.push(denuclearized_by);
        t.leader_change_by.push(1.0 - led.iter().sum::<f64>());
        t.unification_by
            .push(t.collapse.neutral_unification + t.collapse.aligned_unification);
        t.concession_by.push(conceded_by);
        t.china_resolve_belief.push(r.belief);
        t.settlement.push(run.settlement);
        t.resolved_margin.push(r.margin);
        t.compliance.push(r.comply);
        t.resolve.push(r);
        t.hazards.push(h);
        t.bargaining.push(run);
    }
    t.nuclear_status_quo = nuclear;
    t.freeze = frozen;
    t.denuclearization = denuclear;
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
        Year::read_all(&Params::new(&i, PARAMS).unwrap()).unwrap()
    }

    #[test]
    fn defaults_give_a_doubtful_kim_and_a_resolved_china_under_the_remedy() {
        let r = resolve(&years(1, vec![])[0]);
        assert!(r.margin < 0.0, "margin {}", r.margin);
        assert!(r.belief < 0.5, "mu {}", r.belief);
        let remedy = resolve(
            &years(
                1,
                vec![
                    ("levers.us_pledge", 3.0),
                    ("levers.joint_stabilisation_plan", 1.0),
                ],
            )[0],
        );
        assert!(remedy.margin > 0.0 && remedy.belief > 0.9, "{remedy:?}");
        assert!(remedy.comply > r.comply);
    }

    #[test]
    fn hazards_are_probabilities_and_a_squeeze_raises_the_nuclear_hazard() {
        let y = years(1, vec![("neutral-zone.threat_rate", 0.4)])[0];
        let r = resolve(&y);
        let h = hazards(&y, &r);
        for p in [h.squeeze, h.nuclear, h.conceded, h.denuclearize, h.freeze] {
            assert!((0.0..=1.0).contains(&p), "{h:?}");
        }
        assert!(h.nuclear > h.conceded);
        assert!(h.denuclearize + h.freeze <= 1.0);
    }

    #[test]
    fn the_chain_conserves_probability() {
        let t = run(&years(20, vec![]));
        let total = t.collapse.total() + t.nuclear_status_quo + t.freeze + t.denuclearization;
        assert!((total - 1.0).abs() < 1e-12, "{total}");
        assert!((t.collapse.total() - t.collapse_by.last().unwrap()).abs() < 1e-12);
        assert!(t.collapse_by.windows(2).all(|w| w[1] >= w[0]));
        assert!(t.denuclearization_by.windows(2).all(|w| w[1] >= w[0]));
        assert!(*t.denuclearization_by.last().unwrap() >= t.denuclearization - 1e-15);
    }

    #[test]
    fn the_event_indicators_are_cumulative_and_agree_with_the_outcomes() {
        let t = run(&years(20, vec![("levers.us_pledge", 3.0)]));
        for s in [&t.leader_change_by, &t.unification_by, &t.concession_by] {
            assert!(s.windows(2).all(|w| w[1] >= w[0]));
            assert!(s.iter().all(|v| (0.0..=1.0).contains(v)));
        }
        let unified = t.collapse.neutral_unification + t.collapse.aligned_unification;
        assert!((t.unification_by[19] - unified).abs() < 1e-15);
        assert!(t.concession_by[19] >= t.freeze + t.denuclearization - 1e-15);
        assert!(t.leader_change_by[19] >= t.collapse_by[19] - 1e-15);
        assert!(t.leader_change_by[19] > 1.0 - 0.92f64.powi(20));
    }

    #[test]
    fn the_in_year_indicators_are_the_flows_of_the_year() {
        let t = run(&years(20, vec![]));
        let mut collapsed = 0.0;
        for k in 0..20 {
            assert!((t.collapse_in_year[k] - (t.collapse_by[k] - collapsed)).abs() < 1e-15);
            assert!(t.leader_change_in_year[k] >= 0.08 * (1.0 - collapsed) - 1e-12);
            assert!((0.0..=1.0).contains(&t.concession_in_year[k]));
            collapsed = t.collapse_by[k];
        }
        // The first concessions are among the year's agreements.
        let mut prev = 0.0;
        for (c, by) in t.concession_in_year.iter().zip(&t.concession_by) {
            assert!(*c >= by - prev - 1e-15);
            prev = *by;
        }
    }

    #[test]
    fn collapse_by_is_one_minus_the_product_of_survivals() {
        let t = run(&years(15, vec![]));
        let mut s = 1.0;
        for (h, c) in t.collapse_hazard.iter().zip(&t.collapse_by) {
            s *= 1.0 - h;
            assert!((1.0 - s - c).abs() < 1e-12);
        }
    }

    #[test]
    fn equal_years_share_one_bargaining_run() {
        let t = run(&years(5, vec![]));
        assert!(t.bargaining.windows(2).all(|w| Rc::ptr_eq(&w[0], &w[1])));
    }
}
