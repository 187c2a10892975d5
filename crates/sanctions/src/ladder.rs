//! The escalation ladder's yearly rates: provocations, UNSC step-ups,
//! effective pressure, and the hazards of concession, collapse and war.
//!
//! All functions are pure and closed-form, with `libm` for determinism.

use crate::threat::{logistic, logit};
use forecast_sdk::vocab::rung_bite;

/// Effective pressure P = bite(S) e_C (1 - L) in [0, 1]: what the UNSC rung
/// S could do if fully enforced, scaled by China's enforcement (sanctions
/// work when the main trading partner joins: McLean & Whang 2010) and by the
/// share lost to evasion (Early 2015).
pub fn pressure(rung: f64, china_enforcement: f64, leakage: f64) -> f64 {
    rung_bite(rung) * china_enforcement * (1.0 - leakage)
}

/// Programme maturity in a calendar year, logistic((year - y_mid) / w) in
/// (0, 1): a programme that tested first in 2006 and an ICBM in 2017.
pub fn maturity(year: f64, midyear: f64, width: f64) -> f64 {
    logistic((year - midyear) / width)
}

/// What times a year's provocations besides the programme's maturity: the
/// pressure on the regime and the inducements withdrawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// k: log rate ratio per unit of N x P.
    pub risk_taking: f64,
    /// N, the arsenal's value to Kim.
    pub arsenal_value: f64,
    /// P, the pressure at the rung.
    pub pressure: f64,
    /// r: log rate ratio per unit of inducements withdrawn.
    pub reciprocity: f64,
    /// max(0, I_{t-1} - I_t).
    pub withdrawn: f64,
}

/// P(at least one provocation in the year) = 1 - e^{-rate}, with the yearly
/// rate (r0 + r1 m) e^{k N P + r W}: a maturing programme tests more; a Kim
/// who values the arsenal highly (N) answers pressure (P) with more tests, a
/// competition in risk taking (Schelling 1966); and he answers inducements
/// withdrawn since the year before (W) with tests, tit for tat (Sigal 1998).
pub fn provocation_probability(
    base_rate: f64,
    maturity_rate: f64,
    maturity: f64,
    t: Timing,
) -> f64 {
    let rate = (base_rate + maturity_rate * maturity)
        * libm::exp(t.risk_taking * t.arsenal_value * t.pressure + t.reciprocity * t.withdrawn);
    1.0 - libm::exp(-rate)
}

/// P(the UNSC steps up one rung after a provocation) = (1 - v_CN)(1 - v_RU):
/// a new resolution passes unless China or Russia blocks it. In 2006-17 each
/// of six tests produced one (1718, 1874, 2094, 2270, 2321, 2371/2375/2397);
/// on 26 May 2022 China and Russia vetoed the next.
pub fn step_up_probability(china_veto: f64, russia_veto: f64) -> f64 {
    (1.0 - china_veto) * (1.0 - russia_veto)
}

/// P(war | a provocation at rung S) = w bite(S): brinkmanship is riskier the
/// more is at stake on the ladder (Schelling 1966); w is the top rung's risk.
pub fn war_per_provocation(brinkmanship_war: f64, rung: f64) -> f64 {
    brinkmanship_war * rung_bite(rung)
}

/// Yearly concession hazard of a regime with a programme,
/// c = logistic(a0' + a1 P + a2 mu - a3 N + a4 I) with a0' = logit(a0): a0 is
/// the rate at the reference point (no pressure, no belief in China's
/// resolve, an arsenal worth nothing, no inducements). Imposed pressure moves
/// the target little (a1 small: imposed sanctions work only if the target
/// misjudged, Hovi, Huseby & Sprinz 2005); belief in the sender's resolve
/// (mu) and inducements raise it; the arsenal's value lowers it.
#[allow(clippy::too_many_arguments)]
pub fn concession_hazard(
    concession_base: f64,
    a_pressure: f64,
    pressure: f64,
    a_belief: f64,
    belief: f64,
    a_arsenal: f64,
    arsenal_value: f64,
    a_inducements: f64,
    inducements: f64,
) -> f64 {
    logistic(
        logit(concession_base) + a_pressure * pressure + a_belief * belief
            - a_arsenal * arsenal_value
            + a_inducements * inducements,
    )
}

/// Yearly collapse hazard min(1, h0 e^{gamma P}): the baseline of a low-risk
/// full autocracy raised by pressure in proportional-hazards form
/// (Escriba-Folch & Wright 2010).
pub fn collapse_hazard(base_hazard: f64, gamma: f64, pressure: f64) -> f64 {
    (base_hazard * libm::exp(gamma * pressure)).min(1.0)
}

/// Share of a unification that is neutral, kappa J: a pledge of credibility
/// kappa keeps US forces south of the 38th parallel only if a joint plan J
/// organises the North (Pei & Mastro 2006).
/// P(China sends the PLA in | a collapse) = Phi((C - c_int) / sd_int):
/// China intervenes when its stake in the North, the collapse cost C of the
/// threat game (the buffer at stake p_dep (1 - kappa) B, refugees and
/// chaos), exceeds its cost of intervening, as in Oct 1950 (the buffer
/// logic of Fazal 2004; the op-ed's "spectre of a US military presence
/// beyond the 38th parallel"). The PLA props up a successor state; with
/// China out, Korea unifies.
pub fn intervention_probability(collapse_cost: f64, intervention_cost: f64, sd: f64) -> f64 {
    let z = (collapse_cost - intervention_cost) / sd.max(1e-9);
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

pub fn neutral_share(kappa: f64, joint_plan: f64) -> f64 {
    kappa * joint_plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pressure_is_bite_times_enforcement_times_retained_share() {
        assert_eq!(pressure(0.0, 1.0, 0.1), 0.0);
        assert!((pressure(5.0, 1.0, 0.0) - 1.0).abs() < 1e-15);
        assert!((pressure(1.0, 0.3, 0.3) - 0.1 * 0.3 * 0.7).abs() < 1e-15);
        assert!(pressure(5.0, 0.8, 0.3) > pressure(5.0, 0.3, 0.3));
    }

    #[test]
    fn the_programme_matures_over_the_years() {
        assert_eq!(maturity(2012.0, 2012.0, 3.0), 0.5);
        assert!(maturity(2007.0, 2012.0, 3.0) < 0.2);
        assert!(maturity(2017.0, 2012.0, 3.0) > 0.8);
    }

    #[test]
    fn provocations_rise_with_maturity_and_with_pressure_when_n_is_high() {
        let timing = |n: f64, pr: f64, withdrawn: f64| Timing {
            risk_taking: 2.0,
            arsenal_value: n,
            pressure: pr,
            reciprocity: 1.4,
            withdrawn,
        };
        let p = |m: f64, n: f64, pr: f64| provocation_probability(0.3, 1.2, m, timing(n, pr, 0.0));
        // Inducements withdrawn raise the rate; a full withdrawal by e^1.4.
        let reneged = provocation_probability(0.3, 0.0, 0.0, timing(0.6, 0.0, 1.0));
        assert!((reneged - (1.0 - libm::exp(-0.3 * libm::exp(1.4)))).abs() < 1e-15);
        assert!((p(0.0, 0.6, 0.0) - (1.0 - libm::exp(-0.3))).abs() < 1e-15);
        assert!(p(0.9, 0.6, 0.0) > p(0.1, 0.6, 0.0));
        assert!(p(0.5, 0.9, 0.5) > p(0.5, 0.9, 0.0));
        // The response to pressure grows with the arsenal's value.
        assert!(p(0.5, 0.9, 0.5) - p(0.5, 0.9, 0.0) > p(0.5, 0.3, 0.5) - p(0.5, 0.3, 0.0));
        assert!(p(1.0, 0.9, 1.0) < 1.0);
    }

    #[test]
    fn a_veto_by_either_blocks_the_step() {
        assert_eq!(step_up_probability(0.0, 0.0), 1.0);
        assert_eq!(step_up_probability(1.0, 0.0), 0.0);
        assert_eq!(step_up_probability(0.0, 1.0), 0.0);
        assert!((step_up_probability(0.05, 0.1) - 0.855).abs() < 1e-15);
    }

    #[test]
    fn brinkmanship_is_riskier_higher_on_the_ladder() {
        assert_eq!(war_per_provocation(0.01, 0.0), 0.0);
        assert_eq!(war_per_provocation(0.01, 5.0), 0.01);
        assert!(war_per_provocation(0.01, 4.0) > war_per_provocation(0.01, 2.0));
    }

    #[test]
    fn the_concession_hazard_is_a0_at_the_reference_point() {
        let c = |p: f64, mu: f64, n: f64, i: f64| {
            concession_hazard(0.02, 1.0, p, 1.5, mu, 1.0, n, 0.5, i)
        };
        assert!((c(0.0, 0.0, 0.0, 0.0) - 0.02).abs() < 1e-15);
        assert!(c(0.5, 0.3, 0.6, 0.2) > c(0.0, 0.3, 0.6, 0.2));
        assert!(c(0.0, 0.9, 0.6, 0.2) > c(0.0, 0.3, 0.6, 0.2));
        assert!(c(0.0, 0.3, 0.9, 0.2) < c(0.0, 0.3, 0.6, 0.2));
        assert!(c(0.0, 0.3, 0.6, 1.0) > c(0.0, 0.3, 0.6, 0.2));
        // Near a0 at the 2006 priors: belief and arsenal nearly cancel.
        let c2006 = c(0.021, 0.35, 0.6, 0.2);
        assert!((0.015..0.03).contains(&c2006), "{c2006}");
    }

    #[test]
    fn pressure_raises_the_collapse_hazard() {
        assert_eq!(collapse_hazard(0.01, 0.47, 0.0), 0.01);
        assert!((collapse_hazard(0.01, libm::log(2.5), 1.0) - 0.025).abs() < 1e-15);
        assert_eq!(collapse_hazard(0.9, 5.0, 1.0), 1.0);
    }

    #[test]
    fn neutrality_needs_both_pledge_and_plan() {
        assert_eq!(neutral_share(0.8, 0.0), 0.0);
        assert_eq!(neutral_share(0.0, 1.0), 0.0);
        assert_eq!(neutral_share(0.8, 1.0), 0.8);
        // China's stake at no pledge, 0.7 x 0.8 + 0.15 + 0.2, far above its
        // cost of 0.5: it intervenes; a treaty pledge and a plan take the
        // buffer off the table and it mostly stays out.
        assert!(intervention_probability(0.91, 0.5, 0.15) > 0.99);
        assert!(intervention_probability(0.112 + 0.15 * 0.5 + 0.2, 0.5, 0.15) < 0.35);
        assert!((intervention_probability(0.5, 0.5, 0.15) - 0.5).abs() < 1e-15);
    }
}
