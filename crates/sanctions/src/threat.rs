//! The threat stage: a sanctions threat under incomplete information about
//! the sender's resolve (the TIES model of Morgan, Bapat & Krustev 2009;
//! Hovi, Huseby & Sprinz 2005).
//!
//! China (the sender) is resolved (it would carry out a threatened squeeze)
//! or not. Kim's prior rho that it is resolved comes from China's utilities
//! (Layer A of the design). Whether a threat tells Kim anything depends on
//! China's audience cost A_C: an unresolved China threatens too (bluffs) if
//! what it stands to gain from a successful bluff exceeds the cost of backing
//! down in public. With A_C near zero every unresolved type bluffs, threats
//! pool and Kim's belief stays at the prior (the op-ed's "bluff"); as A_C
//! grows, bluffing stops and a threat separates the resolved China from the
//! unresolved one. Kim complies at a threat when his expected cost mu K of
//! defying it exceeds the value N of the arsenal.
//!
//! All functions are pure and closed-form, with `libm` for determinism.

use forecast_sdk::vocab::rung_bite;

/// The logistic function 1 / (1 + e^{-z}), via `libm`.
pub fn logistic(z: f64) -> f64 {
    1.0 / (1.0 + libm::exp(-z))
}

/// The log-odds log(p / (1 - p)) of a probability in (0, 1).
pub fn logit(p: f64) -> f64 {
    libm::log(p / (1.0 - p))
}

/// The buffer China stands to lose after a collapse, p_dep (1 - kappa) B: US
/// forces come north with p_dep unless a pledge of credibility kappa holds
/// them back (Pei & Mastro 2006).
pub fn buffer_at_stake(deployment_north: f64, kappa: f64, buffer_value: f64) -> f64 {
    deployment_north * (1.0 - kappa) * buffer_value
}

/// What a collapse would cost China, p_dep (1 - kappa) B + R_C (1 - psi J) +
/// I_C: the buffer at stake, the refugee burden less the share psi a joint
/// plan J takes over, and the instability on its border.
pub fn collapse_cost(
    buffer_at_stake: f64,
    refugee_cost: f64,
    plan_burden_share: f64,
    joint_plan: f64,
    instability_cost: f64,
) -> f64 {
    buffer_at_stake + refugee_cost * (1.0 - plan_burden_share * joint_plan) + instability_cost
}

/// China's net gain from carrying out a squeeze rather than propping the
/// regime up (Layer A of the design):
/// dU = U_C(squeeze) - U_C(prop up) = G - h' C + c_prolif + c_aid A,
/// where C is [`collapse_cost`], h' the collapse probability China expects
/// from a squeeze, and propping up costs the proliferation cost and the aid
/// c_aid at level A (2006 = 1).
pub fn net_gain_of_squeeze(
    denuclearization_gain: f64,
    squeeze_collapse_risk: f64,
    collapse_cost: f64,
    proliferation_cost: f64,
    aid_cost: f64,
    aid: f64,
) -> f64 {
    denuclearization_gain - squeeze_collapse_risk * collapse_cost
        + proliferation_cost
        + aid_cost * aid
}

/// Kim's prior that China is resolved, rho = P(dU + e >= 0) = logistic(dU /
/// sigma_U), with Kim's uncertainty e about China's net gain logistic of
/// scale sigma_U. A pledge (kappa) and a plan (J) shrink what a collapse
/// costs China, so they raise rho: the op-ed's thesis in model form.
pub fn resolve_prior(net_gain: f64, resolve_noise: f64) -> f64 {
    logistic(net_gain / resolve_noise)
}

/// Share of unresolved senders that threaten anyway, b = max(0, 1 - A_C /
/// A_bluff). An unresolved China that threatens and is defied must back down
/// and pay the audience cost A_C (Fearon 1994); its gain from a bluff that
/// works is spread uniformly over [0, A_bluff], so the types with a gain above
/// A_C bluff. A_C = 0: all bluff (pooling); A_C >= A_bluff: none (separating).
pub fn bluff_share(audience_cost: f64, bluff_gain: f64) -> f64 {
    (1.0 - audience_cost / bluff_gain).max(0.0)
}

/// Kim's belief after a threat, by Bayes' rule: mu = rho / (rho + (1 - rho)
/// b), written as rho + rho (1 - rho)(1 - b) / (rho + (1 - rho) b) so that a
/// pooling threat (b = 1) leaves the prior exactly unchanged. mu rises to 1
/// as bluffing stops (b -> 0). A threat no type would make (rho = b = 0)
/// leaves the prior.
pub fn belief_after_threat(prior: f64, bluff_share: f64) -> f64 {
    let threatening = prior + (1.0 - prior) * bluff_share;
    if threatening <= 0.0 {
        return prior;
    }
    (prior + prior * (1.0 - prior) * (1.0 - bluff_share) / threatening).min(1.0)
}

/// The pressure the threatened step would bring: the next rung (the top rung
/// at the top) fully enforced by China, bite(min(S + 1, 5)) (1 - L). China's
/// threat is to enforce, so its current enforcement e_C does not enter.
pub fn threatened_pressure(rung: usize, leakage: f64) -> f64 {
    rung_bite((rung + 1).min(5) as f64) * (1.0 - leakage)
}

/// Kim's cost if the threat is carried out, K = beta P d_CN + dh A V_reg: the
/// economic cost of the threatened pressure on the share of the economy China
/// reaches, plus the rise dh in the collapse probability from an aid cut
/// (scaled by the aid there is to cut, A) times the value of the regime.
pub fn threat_cost(
    beta: f64,
    threatened_pressure: f64,
    china_dependence: f64,
    dh: f64,
    aid: f64,
    regime_value: f64,
) -> f64 {
    beta * threatened_pressure * china_dependence + dh * aid * regime_value
}

/// P(Kim complies at a threat) with arsenal value N' spread logistically
/// around N (scale s) from crisis to crisis, so that the rule "comply iff
/// mu K >= N'" holds with probability F(mu K) = logistic((mu K - N) / s).
///
/// A Kim who would comply on his prior expectation rho K alone does not keep
/// a programme to be threatened over: the programme reveals N' > rho K. The
/// threat moves him only through what it reveals, and
/// P(comply | N' > rho K) = 1 - S(mu K) / S(rho K), with S = 1 - F the
/// survival function: zero exactly when the threat is uninformative
/// (mu = rho). Concessions to the pressure itself are the concession
/// hazard's business (`ladder::concession_hazard`).
pub fn compliance_at_threat(
    belief: f64,
    prior: f64,
    threat_cost: f64,
    arsenal_value: f64,
    compliance_scale: f64,
) -> f64 {
    // S(mu K) / S(rho K) = (1 + e^{(rho K - N)/s}) / (1 + e^{(mu K - N)/s}),
    // taken as e^{softplus(a) - softplus(b)} so that a small scale s, whose
    // exponentials overflow, still gives a ratio and not inf / inf.
    let z = |x: f64| (x * threat_cost - arsenal_value) / compliance_scale;
    let ratio = libm::exp(softplus(z(prior)) - softplus(z(belief)));
    (1.0 - ratio).clamp(0.0, 1.0)
}

/// log(1 + e^x) without overflow: max(x, 0) + log1p(e^{-|x|}).
fn softplus(x: f64) -> f64 {
    x.max(0.0) + libm::log1p(libm::exp(-x.abs()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use forecast_sdk::vocab::pledge_credibility;

    #[test]
    fn logistic_and_logit_are_inverse() {
        assert_eq!(logistic(0.0), 0.5);
        for p in [0.01, 0.02, 0.3, 0.9] {
            assert!((logistic(logit(p)) - p).abs() < 1e-15);
        }
        assert!((logistic(2.0) + logistic(-2.0) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn a_pledge_and_a_plan_shrink_what_a_collapse_costs_china() {
        let none = collapse_cost(buffer_at_stake(0.7, 0.0, 0.8), 0.15, 0.5, 0.0, 0.2);
        assert!((none - (0.56 + 0.15 + 0.2)).abs() < 1e-12);
        let kappa = pledge_credibility(3.0);
        let both = collapse_cost(buffer_at_stake(0.7, kappa, 0.8), 0.15, 0.5, 1.0, 0.2);
        assert!((both - (0.112 + 0.075 + 0.2)).abs() < 1e-12);
    }

    #[test]
    fn the_resolve_prior_is_low_at_the_2006_priors_and_rises_with_pledge_and_plan() {
        let prior = |kappa: f64, j: f64| {
            let c = collapse_cost(buffer_at_stake(0.7, kappa, 0.8), 0.15, 0.5, j, 0.2);
            resolve_prior(net_gain_of_squeeze(0.3, 0.8, c, 0.2, 0.05, 1.0), 0.2)
        };
        let p2006 = prior(0.0, 0.0);
        assert!((0.2..0.4).contains(&p2006), "{p2006}");
        let remedy = prior(pledge_credibility(3.0), 1.0);
        assert!(remedy > 0.7, "{remedy}");
        assert!(prior(pledge_credibility(3.0), 0.0) > p2006);
        // Net gain of exactly 0: an even chance.
        assert_eq!(resolve_prior(0.0, 0.2), 0.5);
    }

    #[test]
    fn bluffing_stops_as_the_audience_cost_grows() {
        assert_eq!(bluff_share(0.0, 0.4), 1.0);
        assert!((bluff_share(0.1, 0.4) - 0.75).abs() < 1e-15);
        assert_eq!(bluff_share(0.4, 0.4), 0.0);
        assert_eq!(bluff_share(0.3, 0.2), 0.0);
    }

    #[test]
    fn a_pooling_threat_leaves_the_prior_and_a_separating_one_reveals_resolve() {
        for rho in [0.0, 1e-9, 0.29, 0.5, 0.77, 1.0] {
            assert_eq!(belief_after_threat(rho, 1.0), rho, "pooling at {rho}");
        }
        assert!((belief_after_threat(0.3, 0.0) - 1.0).abs() < 1e-15);
        // Bayes' rule.
        let mu = belief_after_threat(0.3, 0.5);
        assert!((mu - 0.3 / (0.3 + 0.7 * 0.5)).abs() < 1e-15);
        // Fewer bluffers, more belief.
        assert!(belief_after_threat(0.3, 0.25) > mu);
        assert_eq!(belief_after_threat(0.0, 0.0), 0.0);
    }

    #[test]
    fn the_threat_is_the_next_rung_fully_enforced() {
        assert!((threatened_pressure(1, 0.3) - 0.25 * 0.7).abs() < 1e-15);
        assert!((threatened_pressure(4, 0.3) - 0.7).abs() < 1e-15);
        assert_eq!(threatened_pressure(5, 0.3), threatened_pressure(4, 0.3));
        assert_eq!(threatened_pressure(0, 0.0), 0.1);
    }

    #[test]
    fn kims_cost_adds_the_squeeze_and_the_aid_cut() {
        let k = threat_cost(1.0, 0.175, 0.5, 0.3, 1.0, 1.0);
        assert!((k - (0.0875 + 0.3)).abs() < 1e-15);
        assert!(threat_cost(1.0, 0.175, 0.9, 0.3, 1.0, 1.0) > k);
        assert!(threat_cost(1.0, 0.175, 0.5, 0.3, 0.0, 1.0) < k);
    }

    #[test]
    fn an_uninformative_threat_moves_no_one() {
        assert_eq!(compliance_at_threat(0.3, 0.3, 0.9, 0.6, 0.1), 0.0);
        assert_eq!(compliance_at_threat(0.3, 0.3, 3.5, 0.3, 0.05), 0.0);
    }

    #[test]
    fn a_credible_threat_moves_kim_when_mu_k_passes_n() {
        // mu K well above N, rho K well below: almost every remaining type complies.
        let q = compliance_at_threat(1.0, 0.1, 1.2, 0.6, 0.05);
        assert!(q > 0.99, "{q}");
        // mu K below N: few comply.
        let q_low = compliance_at_threat(0.4, 0.3, 0.5, 0.6, 0.1);
        assert!(q_low < 0.02, "{q_low}");
        // Monotone in belief and cost.
        assert!(
            compliance_at_threat(0.8, 0.3, 0.9, 0.6, 0.1)
                > compliance_at_threat(0.6, 0.3, 0.9, 0.6, 0.1)
        );
        assert!(
            compliance_at_threat(0.8, 0.3, 1.2, 0.6, 0.1)
                > compliance_at_threat(0.8, 0.3, 0.9, 0.6, 0.1)
        );
        // A probability even at the extremes of the ranges.
        let extreme = compliance_at_threat(1.0, 1e-7, 3.5, 0.3, 0.05);
        assert!((0.0..=1.0).contains(&extreme));
    }

    #[test]
    fn a_sharp_threshold_overflows_no_exponential() {
        // s = 0.01 with both mu K and rho K far above N: e^{(x K - N)/s}
        // overflows to inf, and the naive ratio inf / inf is NaN. The few
        // Kims who defied the prior expectation rho K hold N' just above it,
        // far below mu K, so they all comply; a threat that reveals nothing
        // still moves no one.
        assert_eq!(compliance_at_threat(1.0, 0.9, 100.0, 0.3, 0.01), 1.0);
        assert_eq!(compliance_at_threat(0.9, 0.9, 100.0, 0.3, 0.01), 0.0);
    }
}
