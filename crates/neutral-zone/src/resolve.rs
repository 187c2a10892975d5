//! Layer A: is China's threat to cut the regime's lifeline credible, and does
//! Kim give in to it?
//!
//! China compares squeezing (cutting food and energy) with propping the
//! regime up (Fearon 1995, 1997; the buffer logic of Fazal 2004):
//!
//! ```text
//! U_C(prop up) = -c_aid - c_prolif
//! U_C(squeeze) = G - h' [p_dep (1 - kappa) B + R_C (1 - J psi) + I_C]
//! resolved  iff  U_C(squeeze) >= U_C(prop up) - A_C
//! ```
//!
//! Kim does not know B and A_C: he holds B ~ Normal(B, sd_B) and
//! A_C ~ Normal(A_C, sd_A). The resolve margin is linear in both, so his
//! belief that China is resolved is mu = Phi(margin / sd) in closed form.
//! He complies when mu (K + lambda P) + iota I >= N: the threatened cutoff
//! K and the sanctions pressure P both bite only if China is resolved (an
//! unresolved China relents, so without a pledge its pressure is read as a
//! bluff), while inducements I are a carrot whatever China's resolve; we
//! smooth the threshold with a logistic.
//!
//! The same commitment decides what follows a collapse: China sends the PLA
//! in iff what it would lose by staying out, the buffer at stake plus the
//! refugees and chaos, exceeds the cost of intervening (Pei & Mastro 2006:
//! without a credible pledge, a collapse brings the PLA in).
//! All functions are pure; transcendental functions come from `libm` so that
//! results are bit-identical natively and in WebAssembly.

/// The standard normal distribution function Phi(z) = erfc(-z / sqrt 2) / 2.
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z * core::f64::consts::FRAC_1_SQRT_2)
}

/// The logistic function 1 / (1 + e^{-z}).
pub fn logistic(z: f64) -> f64 {
    1.0 / (1.0 + libm::exp(-z))
}

/// h_cut = min(1, h0 e^beta): the yearly collapse hazard in a year China cuts
/// its support, in the proportional-hazards form of the `collapse` model.
pub fn cutoff_hazard(base_hazard: f64, log_hazard_ratio: f64) -> f64 {
    (base_hazard * libm::exp(log_hazard_ratio)).min(1.0)
}

/// h_A = min(1, h0 e^{beta (1 - A)}): the yearly collapse hazard at aid A
/// (2006 = 1): on the way from full support (h0) to a full cutoff (A = 0,
/// h_cut), in the same proportional-hazards form. Cutting aid raises the
/// hazard; more aid than in 2006 lowers it.
pub fn aid_hazard(base_hazard: f64, log_hazard_ratio: f64, aid: f64) -> f64 {
    (base_hazard * libm::exp(log_hazard_ratio * (1.0 - aid))).min(1.0)
}

/// P = bite(S) e_C (1 - L): the sanctions pressure China's enforcement makes
/// of the UNSC rung S (China, the main trading partner, decides whether
/// sanctions bite: McLean & Whang 2010), less what evasion leaks (Early 2015).
pub fn pressure(sanctions_rung: f64, china_enforcement: f64, leakage: f64) -> f64 {
    forecast_sdk::vocab::rung_bite(sanctions_rung) * china_enforcement * (1.0 - leakage)
}

/// h' = 1 - (1 - h_cut)^Y: the probability that the regime falls if China
/// sustains a cutoff for Y years, the risk China takes by squeezing.
pub fn cutoff_collapse(cutoff_hazard: f64, years: f64) -> f64 {
    1.0 - libm::pow(1.0 - cutoff_hazard, years)
}

/// What a collapse would cost China, p_dep (1 - kappa) B + R_C (1 - J psi) + I_C:
/// the buffer lost to US forces north of the 38th (shrunk by a credible
/// pledge), the refugees (shrunk by a joint plan), and chaos on the border.
pub fn collapse_burden(
    deployment_north: f64,
    kappa: f64,
    buffer_value: f64,
    refugee_cost: f64,
    joint_plan: f64,
    plan_burden_share: f64,
    instability_cost: f64,
) -> f64 {
    deployment_north * (1.0 - kappa) * buffer_value
        + refugee_cost * (1.0 - joint_plan * plan_burden_share)
        + instability_cost
}

/// U_C(prop up) = -c_aid - c_prolif.
pub fn utility_prop_up(aid_cost: f64, proliferation_cost: f64) -> f64 {
    -aid_cost - proliferation_cost
}

/// U_C(squeeze) = G - h' burden.
pub fn utility_squeeze(denuclearization_gain: f64, cutoff_collapse: f64, burden: f64) -> f64 {
    denuclearization_gain - cutoff_collapse * burden
}

/// The resolve margin U_C(squeeze) - U_C(prop up) + A_C: China is resolved
/// (would carry out the threat) iff it is non-negative.
pub fn resolve_margin(squeeze: f64, prop_up: f64, audience_cost: f64) -> f64 {
    squeeze - prop_up + audience_cost
}

/// Standard deviation of the margin as Kim sees it: the margin moves with A_C
/// one for one and with B by -h' p_dep (1 - kappa), so
/// sd = sqrt(sd_A^2 + (h' p_dep (1 - kappa) sd_B)^2).
pub fn margin_sd(
    cutoff_collapse: f64,
    deployment_north: f64,
    kappa: f64,
    buffer_sd: f64,
    audience_sd: f64,
) -> f64 {
    let b = cutoff_collapse * deployment_north * (1.0 - kappa) * buffer_sd;
    libm::sqrt(audience_sd * audience_sd + b * b)
}

/// mu = P(margin >= 0) = Phi(margin / sd): Kim's belief that China would
/// carry out its threat. A certain margin (sd = 0) gives 0 or 1.
pub fn resolve_belief(margin: f64, sd: f64) -> f64 {
    if sd > 0.0 {
        normal_cdf(margin / sd)
    } else if margin >= 0.0 {
        1.0
    } else {
        0.0
    }
}

/// K = h' + e d_CN: what Kim loses if China carries out the threat, the risk
/// to the regime (survival = 1, the numeraire of N) plus the weighted loss of
/// China's share of trade and energy.
pub fn threat_cost(cutoff_collapse: f64, trade_loss_weight: f64, china_dependence: f64) -> f64 {
    cutoff_collapse + trade_loss_weight * china_dependence
}

/// P(Kim gives up what is worth `stake` to him) = logistic((mu K - stake) / s):
/// the threshold rule mu K >= stake, smoothed with scale s.
pub fn compliance(belief: f64, threat_cost: f64, stake: f64, scale: f64) -> f64 {
    logistic((belief * threat_cost - stake) / scale)
}

/// What defying China costs Kim if China is resolved, K + lambda P: the
/// threatened cutoff and the pressure he already bears, both of which a
/// resolved China keeps up (so both are weighed by mu).
pub fn defiance_cost(threat_cost: f64, pressure_weight: f64, pressure: f64) -> f64 {
    threat_cost + pressure_weight * pressure
}

/// What giving up a stake costs Kim net of the carrots on offer, N - iota I:
/// inducements pay whatever China's resolve.
pub fn net_stake(stake: f64, inducement_weight: f64, inducements: f64) -> f64 {
    stake - inducement_weight * inducements
}

/// China's margin for sending the PLA in after a collapse: what staying out
/// would cost it, the buffer at stake p_dep (1 - kappa) B plus refugees
/// R_C (1 - J psi) and border chaos I_C, less the cost of intervening c_int.
pub fn intervention_margin(burden: f64, intervention_cost: f64) -> f64 {
    burden - intervention_cost
}

/// P(the PLA enters) = Phi(margin / sd), sd = sqrt((p_dep (1 - kappa) sd_B)^2
/// + sd_int^2): uncertain as China's buffer value is.
pub fn intervention_probability(
    margin: f64,
    deployment_north: f64,
    kappa: f64,
    buffer_sd: f64,
    intervention_sd: f64,
) -> f64 {
    let b = deployment_north * (1.0 - kappa) * buffer_sd;
    resolve_belief(
        margin,
        libm::sqrt(b * b + intervention_sd * intervention_sd),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use forecast_sdk::vocab::pledge_credibility;

    #[test]
    fn cutting_aid_raises_the_hazard_towards_a_full_cutoff() {
        let beta = libm::log(33.0);
        assert_eq!(aid_hazard(0.01, beta, 1.0), 0.01);
        assert!((aid_hazard(0.01, beta, 0.0) - cutoff_hazard(0.01, beta)).abs() < 1e-15);
        assert!(aid_hazard(0.01, beta, 0.5) > 0.01 && aid_hazard(0.01, beta, 0.5) < 0.33);
        assert!(aid_hazard(0.01, beta, 1.5) < 0.01);
        assert_eq!(aid_hazard(0.2, 8.0, 0.0), 1.0);
    }

    #[test]
    fn pressure_is_the_rung_s_bite_as_china_enforces_it() {
        assert_eq!(pressure(5.0, 1.0, 0.0), 1.0);
        assert_eq!(pressure(5.0, 0.0, 0.0), 0.0);
        assert!((pressure(1.0, 0.3, 0.3) - 0.1 * 0.3 * 0.7).abs() < 1e-15);
    }

    #[test]
    fn a_bluff_moves_kim_little_and_carrots_move_him_anyway() {
        let comply = |mu: f64, p: f64, i: f64| {
            compliance(mu, defiance_cost(0.5, 1.0, p), net_stake(0.6, 0.2, i), 0.1)
        };
        // Full pressure against a doubted China moves him less than a tenth
        // as much as against a resolved one.
        let doubted = comply(0.1, 1.0, 0.0) - comply(0.1, 0.0, 0.0);
        let believed = comply(0.9, 1.0, 0.0) - comply(0.9, 0.0, 0.0);
        assert!(doubted < 0.1 * believed, "{doubted} {believed}");
        assert!(comply(0.1, 0.0, 1.0) > comply(0.1, 0.0, 0.0));
    }

    #[test]
    fn without_a_pledge_china_intervenes_after_a_collapse() {
        // The design priors: p_dep 0.7, B 0.8, R_C 0.15, I_C 0.2, c_int 0.5.
        let burden = |kappa: f64, plan: f64| collapse_burden(0.7, kappa, 0.8, 0.15, plan, 0.5, 0.2);
        let p = |kappa: f64, plan: f64| {
            intervention_probability(
                intervention_margin(burden(kappa, plan), 0.5),
                0.7,
                kappa,
                0.15,
                0.15,
            )
        };
        assert!(p(0.0, 0.0) > 0.95, "{}", p(0.0, 0.0));
        assert!(p(0.8, 1.0) < 0.5, "{}", p(0.8, 1.0));
        assert!(p(0.8, 0.0) > p(0.8, 1.0));
    }

    #[test]
    fn normal_cdf_matches_known_values() {
        assert_eq!(normal_cdf(0.0), 0.5);
        assert!((normal_cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-12);
        assert!((normal_cdf(-1.0) - 0.158_655_253_931_457_05).abs() < 1e-12);
        assert!(normal_cdf(-40.0) >= 0.0 && normal_cdf(40.0) <= 1.0);
    }

    #[test]
    fn logistic_is_a_probability_centred_at_zero() {
        assert_eq!(logistic(0.0), 0.5);
        assert!((logistic(1.3) + logistic(-1.3) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn a_cutoff_multiplies_the_hazard_and_compounds_over_the_years() {
        assert!((cutoff_hazard(0.01, libm::log(30.0)) - 0.3).abs() < 1e-12);
        assert_eq!(cutoff_hazard(0.02, 4.6), 1.0);
        assert!((cutoff_collapse(0.3, 2.0) - 0.51).abs() < 1e-12);
        assert!((cutoff_collapse(0.3, 1.0) - 0.3).abs() < 1e-15);
        assert_eq!(cutoff_collapse(1.0, 3.0), 1.0);
    }

    #[test]
    fn the_pledge_shrinks_the_buffer_term_and_the_plan_the_refugee_term() {
        let none = collapse_burden(0.7, pledge_credibility(0.0), 0.8, 0.15, 0.0, 0.5, 0.2);
        assert!((none - (0.56 + 0.15 + 0.2)).abs() < 1e-12);
        let both = collapse_burden(0.7, pledge_credibility(3.0), 0.8, 0.15, 1.0, 0.5, 0.2);
        assert!((both - (0.112 + 0.075 + 0.2)).abs() < 1e-12);
    }

    #[test]
    fn china_is_resolved_when_squeezing_beats_propping_up_less_the_audience_cost() {
        let prop = utility_prop_up(0.05, 0.2);
        assert_eq!(prop, -0.25);
        let squeeze = utility_squeeze(0.3, 0.8, 0.91);
        assert!((squeeze - (0.3 - 0.728)).abs() < 1e-12);
        let m = resolve_margin(squeeze, prop, 0.1);
        assert!((m - (-0.078)).abs() < 1e-12, "{m}");
        // A larger audience cost tips it.
        assert!(resolve_margin(squeeze, prop, 0.3) > 0.0);
    }

    #[test]
    fn belief_is_the_normal_probability_of_a_non_negative_margin() {
        let sd = margin_sd(0.8, 0.7, 0.0, 0.15, 0.1);
        assert!((sd - (0.01f64 + 0.0084f64 * 0.0084 * 100.0).sqrt()).abs() < 1e-12);
        assert_eq!(resolve_belief(0.0, sd), 0.5);
        assert!(resolve_belief(-0.078, sd) < 0.5);
        assert!(resolve_belief(0.3, sd) > 0.95);
        assert_eq!(resolve_belief(0.1, 0.0), 1.0);
        assert_eq!(resolve_belief(-0.1, 0.0), 0.0);
        // A credible pledge takes the buffer's uncertainty out of the margin.
        assert!(margin_sd(0.8, 0.7, 0.8, 0.15, 0.1) < sd);
    }

    #[test]
    fn kim_complies_when_the_expected_cost_exceeds_the_arsenal_value() {
        let k = threat_cost(0.8, 0.5, 0.5);
        assert!((k - 1.05).abs() < 1e-12);
        assert!(compliance(1.0, k, 0.6, 0.1) > 0.95);
        assert!(compliance(0.2, k, 0.6, 0.1) < 0.05);
        assert_eq!(compliance(0.5, 1.2, 0.6, 0.1), 0.5);
        // A freeze (a share of N) comes before full compliance.
        assert!(compliance(0.4, k, 0.7 * 0.6, 0.1) > compliance(0.4, k, 0.6, 0.1));
    }
}
