//! The yearly recursion: each year's threat stage and ladder rates, the
//! Markov chain run over the horizon, and the outcome distribution and
//! indicator series it yields. Exact: no sampling.
//!
//! A fractional value x of the rung lever is read as rung ceil(x) with
//! probability frac(x) and floor(x) otherwise, with one draw U for the whole
//! horizon (a rung partly reached stays so; redrawing it every year would
//! ratchet the chain up). The forecast is the mixture, over U, of chains with
//! integer floors; the floors change only where U crosses one of the years'
//! fractional parts, so the mixture is a finite sum (one chain when the
//! lever is an integer, at most horizon + 1 chains).
//!
//! The cumulative "by year t" indicators of events (a first resolution, oil
//! sanctions, a first test, a first concession) come from tracking copies of
//! each chain ([`Track`]) run with the same floors and rates, and are mixed
//! with the same weights: P(event by t) = sum over chains of weight x P(event
//! by t | chain), exactly.

use crate::chain::{Chain, DENUCLEARISED, FROZEN, Marks, PROGRAMME, RUNGS, Rates, Track};
use crate::ladder;
use crate::params::Year;
use crate::threat;
use forecast_sdk::vocab::pledge_credibility;

/// Everything the model derives for one year from that year's parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearState {
    /// Pledge credibility kappa.
    pub kappa: f64,
    /// What a collapse would cost China, C.
    pub collapse_cost: f64,
    /// China's net gain from carrying out a squeeze, dU.
    pub net_gain: f64,
    /// Kim's prior that China is resolved, rho.
    pub prior: f64,
    /// Share of unresolved senders that bluff, b.
    pub bluff_share: f64,
    /// Kim's belief after a threat, mu.
    pub belief: f64,
    /// Programme maturity in (0, 1).
    pub maturity: f64,
    /// Effective pressure P(S) of each rung with a programme.
    pub pressure: [f64; RUNGS],
    /// Kim's cost K(S) if the threat made at rung S is carried out.
    pub threat_cost: [f64; RUNGS],
    /// Share of a unification that is neutral, kappa J.
    pub neutral_share: f64,
    /// P(China sends the PLA in | a collapse in the year): the rest unifies.
    pub pla_entry: f64,
    /// The chain's transition probabilities.
    pub rates: Rates,
}

/// One year's derived quantities, in calendar year `year`, with `withdrawn`
/// the inducements withdrawn since the year before (0 in the first year).
pub fn year_state(y: &Year, year: f64, withdrawn: f64) -> YearState {
    let kappa = pledge_credibility(y.us_pledge);
    let buffer = threat::buffer_at_stake(y.deployment_north, kappa, y.buffer_value);
    let collapse_cost = threat::collapse_cost(
        buffer,
        y.refugee_cost,
        y.plan_burden_share,
        y.joint_plan,
        y.instability_cost,
    );
    let net_gain = threat::net_gain_of_squeeze(
        y.denuclearization_gain,
        y.squeeze_collapse_risk,
        collapse_cost,
        y.proliferation_cost,
        y.aid_cost,
        y.china_aid,
    );
    let prior = threat::resolve_prior(net_gain, y.resolve_noise);
    let bluff_share = threat::bluff_share(y.audience_cost, y.bluff_gain);
    let belief = threat::belief_after_threat(prior, bluff_share);
    let maturity = ladder::maturity(year, y.maturity_midyear, y.maturity_width);
    let n = y.arsenal_value;

    let per_rung = |f: &dyn Fn(usize) -> f64| -> [f64; RUNGS] { std::array::from_fn(f) };
    let pressure = per_rung(&|r| ladder::pressure(r as f64, y.china_enforcement, y.leakage));
    let threat_cost = per_rung(&|r| {
        threat::threat_cost(
            y.beta,
            threat::threatened_pressure(r, y.leakage),
            y.china_dependence,
            y.dh,
            y.china_aid,
            y.regime_value,
        )
    });
    let rates = Rates {
        provocation: per_rung(&|r| {
            ladder::provocation_probability(
                y.provocation_base,
                y.provocation_maturity,
                maturity,
                ladder::Timing {
                    risk_taking: y.risk_taking,
                    arsenal_value: n,
                    pressure: pressure[r],
                    reciprocity: y.reciprocity,
                    withdrawn,
                },
            )
        }),
        war: per_rung(&|r| ladder::war_per_provocation(y.brinkmanship_war, r as f64)),
        comply: per_rung(&|r| {
            threat::compliance_at_threat(belief, prior, threat_cost[r], n, y.compliance_scale)
        }),
        step_up: ladder::step_up_probability(y.china_veto, y.russia_veto),
        concession: per_rung(&|r| {
            ladder::concession_hazard(
                y.concession_base,
                y.concession_pressure,
                pressure[r],
                y.concession_belief,
                belief,
                y.concession_arsenal,
                n,
                y.concession_inducements,
                y.inducements,
            )
        }),
        collapse_programme: per_rung(&|r| {
            ladder::collapse_hazard(y.base_hazard, y.gamma, pressure[r])
        }),
        collapse_conceded: ladder::collapse_hazard(y.base_hazard, y.gamma, 0.0),
        denuclearization_share: y.denuclearization_share,
        freeze_breakdown: y.freeze_breakdown,
    };
    YearState {
        kappa,
        collapse_cost,
        net_gain,
        prior,
        bluff_share,
        belief,
        maturity,
        pressure,
        threat_cost,
        neutral_share: ladder::neutral_share(kappa, y.joint_plan),
        pla_entry: ladder::intervention_probability(
            collapse_cost,
            y.intervention_cost,
            y.intervention_sd,
        ),
        rates,
    }
}

/// One chain of the mixture: its weight and its integer rung floor per year.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub weight: f64,
    pub floors: Vec<usize>,
}

/// The mixture over the draw U of the rung lever's fractional parts: with
/// breakpoints 0 = b_0 < b_1 < ... < b_m < b_{m+1} = 1 (the distinct
/// fractional parts), U in [b_{j-1}, b_j) has floor(x_t) + 1 exactly in the
/// years with frac(x_t) >= b_j. Weights sum to 1.
pub fn floor_segments(rungs: &[f64]) -> Vec<Segment> {
    let clamp = |x: f64| if x.is_nan() { 0.0 } else { x.clamp(0.0, 5.0) };
    let mut breaks: Vec<f64> = rungs
        .iter()
        .map(|&x| clamp(x) - libm::floor(clamp(x)))
        .filter(|&f| f > 0.0)
        .collect();
    breaks.sort_by(f64::total_cmp);
    breaks.dedup();
    breaks.push(1.0);
    let mut lower = 0.0;
    breaks
        .into_iter()
        .map(|upper| {
            let floors = rungs
                .iter()
                .map(|&x| {
                    let whole = libm::floor(clamp(x));
                    (whole as usize + usize::from(clamp(x) - whole >= upper)).min(RUNGS - 1)
                })
                .collect();
            let weight = upper - lower;
            lower = upper;
            Segment { weight, floors }
        })
        .collect()
}

/// The whole horizon: yearly states, indicator series and the outcome masses.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    pub years: Vec<YearState>,
    /// Number of chains in the mixture over fractional rungs.
    pub chains: usize,
    /// E[rung | alive] at the end of each year.
    pub sanctions_rung: Vec<f64>,
    /// P(at least one provocation, a nuclear or long-range missile test, in year t).
    pub nuclear_test_in_year: Vec<f64>,
    /// E[P | alive] at the end of each year (no pressure after a concession).
    pub china_pressure: Vec<f64>,
    /// mu_t.
    pub china_resolve_belief: Vec<f64>,
    /// rho_t.
    pub resolve_prior: Vec<f64>,
    /// P(Kim complies at a threat | a threat in year t).
    pub threat_compliance: Vec<f64>,
    /// P(denuclearised by the end of t, alive in the year it happened).
    pub denuclearization_by: Vec<f64>,
    /// P(collapsed by the end of t).
    pub collapse_by: Vec<f64>,
    /// P(war by the end of t).
    pub war_by: Vec<f64>,
    /// P(at least one rise of the rung since the start, by a step up after a
    /// defied threat or by a lever floor, by the end of t).
    pub unsc_resolution_by: Vec<f64>,
    /// P(the rung has been at [`crate::chain::OIL_RUNG`] or above, from the
    /// start or since, by the end of t).
    pub oil_sanctions_by: Vec<f64>,
    /// P(at least one provocation since the start by the end of t).
    pub nuclear_test_by: Vec<f64>,
    /// P(a concession, at a threat or by the hazard, by the end of t).
    pub concession_by: Vec<f64>,
    /// P(collapse into a unified Korea by the end of t).
    pub unification_by: Vec<f64>,
    /// P(collapse in year t).
    pub collapse_in_year: Vec<f64>,
    /// P(war breaks out in year t).
    pub war_in_year: Vec<f64>,
    /// P(at least one rise of the rung in year t, by a step up or a floor).
    pub unsc_resolution_in_year: Vec<f64>,
    /// P(a concession in year t, at a threat or by the hazard, whatever came
    /// before: a freeze that broke down can be agreed again).
    pub concession_in_year: Vec<f64>,
    /// Total probability mass at the end of each year (1 up to rounding).
    pub total_mass: Vec<f64>,
    pub war: f64,
    pub neutral_unification: f64,
    pub aligned_unification: f64,
    pub successor_state: f64,
    pub nuclear_status_quo: f64,
    pub freeze: f64,
    pub denuclearization: f64,
}

impl Trajectory {
    /// P(collapse by the horizon), the four-way split's total.
    pub fn collapse(&self) -> f64 {
        self.neutral_unification + self.aligned_unification + self.successor_state
    }
}

/// Mixture sums per year, before conditional means are taken.
#[derive(Debug, Clone, Default)]
struct Sums {
    alive: f64,
    rung: f64,
    pressure: f64,
    provocation: f64,
    threatened: f64,
    complied: f64,
    collapse_flow: f64,
    collapsed: f64,
    war: f64,
    denuclearized: f64,
    total: f64,
    war_flow: f64,
    /// P(event by t) of each of [`TRACKED`], in its order.
    tracked: [f64; 4],
    /// P(event in t) of each of [`IN_YEAR`], in its order.
    in_year: [f64; 2],
}

/// The events of the "in year t" indicators, in the order of
/// [`Sums::in_year`]: a new resolution, a concession. Each is the mass a
/// copy of the chain, taken at the start of the year, marks in that year.
const IN_YEAR: [Marks; 2] = [Marks::STEP_UP, Marks::CONCESSION];

/// The events of the cumulative indicators, in the order of [`Sums::tracked`]:
/// a new resolution, oil sanctions, a provocation, a concession.
const TRACKED: [Marks; 4] = [
    Marks::STEP_UP,
    Marks::OIL,
    Marks::PROVOCATION,
    Marks::CONCESSION,
];

/// `num / den`, or 0 when there is no mass to condition on.
fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 { num / den } else { 0.0 }
}

/// Runs the chain over the years of the horizon from `start_year`.
pub fn run(years: &[Year], start_year: i32) -> Trajectory {
    let states: Vec<YearState> = years
        .iter()
        .enumerate()
        .map(|(t, y)| {
            let before = years[t.saturating_sub(1)].inducements;
            year_state(
                y,
                start_year as f64 + t as f64,
                (before - y.inducements).max(0.0),
            )
        })
        .collect();
    let rungs: Vec<f64> = years.iter().map(|y| y.sanctions_rung).collect();
    let segments = floor_segments(&rungs);
    let n = years.len();
    let mut sums = vec![Sums::default(); n];
    let mut end = [0.0; 3];
    for seg in &segments {
        let w = seg.weight;
        let start = seg.floors.first().copied().unwrap_or(0);
        let mut chain = Chain::start(start);
        let mut tracks = TRACKED.map(|m| Track::start(start, m));
        let mut denuclearized = 0.0;
        for (t, s) in states.iter().enumerate() {
            let in_year = IN_YEAR.map(|marks| {
                let mut copy = chain;
                copy.raise_to_marked(seg.floors[t], &marks)
                    + copy.step_marked(&s.rates, &marks).marked
            });
            chain.raise_to(seg.floors[t]);
            let f = chain.step(&s.rates);
            for k in &mut tracks {
                k.raise_to(seg.floors[t]);
                k.step(&s.rates);
            }
            denuclearized += f.denuclearized;
            let x = &mut sums[t];
            x.alive += w * chain.alive_mass();
            x.rung += w * chain.rung_mass();
            x.pressure += w * chain.pressure_mass(&s.pressure);
            x.provocation += w * f.provocation;
            x.threatened += w * f.threatened;
            x.complied += w * f.complied;
            x.collapse_flow += w * f.collapse;
            x.war_flow += w * f.war;
            for (e, m) in x.in_year.iter_mut().zip(in_year) {
                *e += w * m;
            }
            x.collapsed += w * chain.collapsed;
            x.war += w * chain.war;
            x.denuclearized += w * denuclearized;
            x.total += w * chain.total();
            for (e, k) in x.tracked.iter_mut().zip(&tracks) {
                *e += w * k.marked;
            }
        }
        for (e, k) in end.iter_mut().zip([PROGRAMME, FROZEN, DENUCLEARISED]) {
            *e += w * chain.nuclear_mass(k);
        }
    }

    let (mut successor, mut neutral, mut aligned) = (0.0, 0.0, 0.0);
    for (x, s) in sums.iter().zip(&states) {
        let unified = x.collapse_flow * (1.0 - s.pla_entry);
        successor += x.collapse_flow - unified;
        neutral += unified * s.neutral_share;
        aligned += unified * (1.0 - s.neutral_share);
    }
    // The yearly collapse flows, each split as the outcomes split them. A sum
    // of probabilities may pass 1 by a rounding error; the caps (here and in
    // `tracked`) keep the series non-decreasing, as each sum is.
    let mut unified_by = 0.0;
    let unification_by: Vec<f64> = sums
        .iter()
        .zip(&states)
        .map(|(x, s)| {
            unified_by += x.collapse_flow * (1.0 - s.pla_entry);
            unified_by.min(1.0)
        })
        .collect();
    let series = |f: &dyn Fn(&Sums) -> f64| sums.iter().map(f).collect::<Vec<f64>>();
    let tracked = |k: usize| series(&|x| x.tracked[k].min(1.0));
    Trajectory {
        chains: segments.len(),
        sanctions_rung: series(&|x| ratio(x.rung, x.alive)),
        nuclear_test_in_year: series(&|x| x.provocation),
        china_pressure: series(&|x| ratio(x.pressure, x.alive)),
        china_resolve_belief: states.iter().map(|s| s.belief).collect(),
        resolve_prior: states.iter().map(|s| s.prior).collect(),
        threat_compliance: series(&|x| ratio(x.complied, x.threatened)),
        denuclearization_by: series(&|x| x.denuclearized),
        collapse_by: series(&|x| x.collapsed),
        war_by: series(&|x| x.war),
        unsc_resolution_by: tracked(0),
        oil_sanctions_by: tracked(1),
        nuclear_test_by: tracked(2),
        concession_by: tracked(3),
        unification_by,
        collapse_in_year: series(&|x| x.collapse_flow),
        war_in_year: series(&|x| x.war_flow),
        unsc_resolution_in_year: series(&|x| x.in_year[0].min(1.0)),
        concession_in_year: series(&|x| x.in_year[1].min(1.0)),
        total_mass: series(&|x| x.total),
        war: sums.last().map_or(0.0, |x| x.war),
        neutral_unification: neutral,
        aligned_unification: aligned,
        successor_state: successor,
        nuclear_status_quo: end[PROGRAMME],
        freeze: end[FROZEN],
        denuclearization: end[DENUCLEARISED],
        years: states,
    }
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
    fn integer_rungs_give_one_chain() {
        let s = floor_segments(&[1.0, 1.0, 3.0, 5.0]);
        assert_eq!(
            s,
            [Segment {
                weight: 1.0,
                floors: vec![1, 1, 3, 5]
            }]
        );
    }

    #[test]
    fn fractional_rungs_mix_chains_with_the_lever_as_expected_floor() {
        let x = [1.25, 2.5, 2.5, 0.75, 4.0];
        let s = floor_segments(&x);
        assert_eq!(s.len(), 4);
        assert!((s.iter().map(|g| g.weight).sum::<f64>() - 1.0).abs() < 1e-15);
        for (t, xt) in x.iter().enumerate() {
            let mean: f64 = s.iter().map(|g| g.weight * g.floors[t] as f64).sum();
            assert!((mean - xt).abs() < 1e-12, "year {t}: {mean} vs {xt}");
        }
        // Comonotone: a chain above in one year is not below in another.
        assert_eq!(s[0].floors, [2, 3, 3, 1, 4]);
        assert_eq!(s[3].floors, [1, 2, 2, 0, 4]);
    }

    #[test]
    fn defaults_give_the_calibrated_first_year() {
        let s = year_state(&years(1, vec![])[0], 2007.0, 0.0);
        assert!((s.pressure[1] - 0.1 * 0.3 * 0.7).abs() < 1e-15);
        assert!((0.2..0.4).contains(&s.prior), "{}", s.prior);
        assert!(s.belief > s.prior && s.belief < 0.5, "{}", s.belief);
        assert!((s.rates.step_up - 0.855).abs() < 1e-15);
        assert!(s.rates.comply[1] < 0.01, "{}", s.rates.comply[1]);
        assert_eq!(s.neutral_share, 0.0);
    }

    #[test]
    fn outcomes_are_a_distribution_and_collapse_by_matches() {
        let t = run(&years(20, vec![]), 2007);
        let total = t.war + t.collapse() + t.nuclear_status_quo + t.freeze + t.denuclearization;
        assert!((total - 1.0).abs() < 1e-12);
        assert!((t.collapse() - t.collapse_by[19]).abs() < 1e-12);
        assert!((t.war - t.war_by[19]).abs() < 1e-15);
        assert!(t.denuclearization_by[19] + 1e-15 >= t.denuclearization);
        assert!(t.collapse_by.windows(2).all(|w| w[1] >= w[0]));
        assert!(t.denuclearization_by.windows(2).all(|w| w[1] >= w[0]));
        assert!(t.total_mass.iter().all(|m| (m - 1.0).abs() < 1e-12));
    }

    #[test]
    fn the_in_year_indicators_are_the_year_s_events() {
        let t = run(&years(20, vec![("levers.sanctions_rung", 1.5)]), 2007);
        let mut prev = (0.0, 0.0, 0.0, 0.0);
        for k in 0..20 {
            let (res, con, col, war) = prev;
            // The first year's events are the first events; later, a year's
            // events include the first ones that fall in it.
            assert!(t.unsc_resolution_in_year[k] >= t.unsc_resolution_by[k] - res - 1e-12);
            assert!(t.concession_in_year[k] >= t.concession_by[k] - con - 1e-12);
            assert!((t.collapse_in_year[k] - (t.collapse_by[k] - col)).abs() < 1e-12);
            assert!((t.war_in_year[k] - (t.war_by[k] - war)).abs() < 1e-12);
            for p in [t.unsc_resolution_in_year[k], t.concession_in_year[k]] {
                assert!((0.0..=1.0).contains(&p));
            }
            prev = (
                t.unsc_resolution_by[k],
                t.concession_by[k],
                t.collapse_by[k],
                t.war_by[k],
            );
        }
        assert!((t.unsc_resolution_in_year[0] - t.unsc_resolution_by[0]).abs() < 1e-12);
        // Events recur: over 20 years more resolutions are expected than the
        // chance of a first one.
        let expected: f64 = t.unsc_resolution_in_year.iter().sum();
        assert!(expected > t.unsc_resolution_by[19], "{expected}");
    }

    #[test]
    fn the_ladder_climbs_without_vetoes() {
        let t = run(&years(20, vec![]), 2007);
        assert!(t.sanctions_rung[0] > 1.0);
        assert!(t.sanctions_rung.windows(2).all(|w| w[1] >= w[0] - 1e-12));
        assert!(t.sanctions_rung[19] > 3.0, "{}", t.sanctions_rung[19]);
        assert!(t.nuclear_test_in_year[19] > t.nuclear_test_in_year[0]);
    }

    #[test]
    fn inducements_withdrawn_are_answered_with_provocations() {
        let tested = |reciprocity: f64, after: f64| {
            let mut ys = years(3, vec![("sanctions-escalation.reciprocity", reciprocity)]);
            ys[0].inducements = 0.6;
            ys[1].inducements = after;
            ys[2].inducements = after;
            run(&ys, 2001).nuclear_test_in_year
        };
        // Withdrawn in the second year: its tests rise, and only then.
        let (kept, withdrawn) = (tested(1.4, 0.6), tested(1.4, 0.1));
        let (blind_kept, blind) = (tested(0.0, 0.6), tested(0.0, 0.1));
        assert_eq!(kept[0], withdrawn[0]);
        assert!(
            withdrawn[1] - kept[1] > blind[1] - blind_kept[1] + 0.01,
            "{withdrawn:?} {kept:?}"
        );
        assert_eq!(largest_rise(&withdrawn), 1);
    }

    /// The year in which the tests jump most, for the test above.
    fn largest_rise(tests: &[f64]) -> usize {
        (1..tests.len())
            .max_by(|a, b| (tests[*a] - tests[*a - 1]).total_cmp(&(tests[*b] - tests[*b - 1])))
            .unwrap_or(0)
    }
}
