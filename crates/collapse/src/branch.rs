//! The post-collapse branch: who sends troops north once the regime has
//! fallen, and which outcome that leads to.
//!
//! China enters to keep its buffer (Pei & Mastro 2006), the US/ROK enter to
//! secure weapons and stabilise (Bennett & Lind 2011); both at once risk a
//! clash (buffer states die violently: Fazal 2004); if China stays out, Korea
//! unifies, neutral if a credible pledge and a joint plan hold the US south of
//! the 38th parallel.

/// The logistic function 1 / (1 + e^{-z}), via `libm` for determinism.
pub fn logistic(z: f64) -> f64 {
    1.0 / (1.0 + libm::exp(-z))
}

/// Stabilisation troops needed, T = rho Pop / 1000 (Quinlivan 1995's ratio
/// of troops per 1,000 residents; ~360k for the North, within Bennett &
/// Lind's 2011 range of 260-400k).
pub fn troops_needed(troops_per_1000: f64, population: f64) -> f64 {
    troops_per_1000 * population / 1000.0
}

/// Refugees to China after a collapse, Phi = phi Pop (Coggins 2017: most
/// flight stays inside the North, so phi is small).
pub fn refugees(refugee_share: f64, population: f64) -> f64 {
    refugee_share * population
}

/// The buffer China stands to lose, p_dep (1 - kappa) B: the value of the
/// buffer times the chance that US forces come north despite a pledge of
/// credibility kappa. This is the op-ed's lever: a credible pledge shrinks it.
pub fn buffer_at_stake(deployment_north: f64, kappa: f64, buffer_value: f64) -> f64 {
    deployment_north * (1.0 - kappa) * buffer_value
}

/// Refugee pressure on China, R_C times the refugee share in percent: the
/// cost of an influx of 1% of the population scaled by the influx's size.
pub fn refugee_pressure(refugee_cost: f64, refugee_share: f64) -> f64 {
    refugee_cost * 100.0 * refugee_share
}

/// P(PLA enters) = logistic(theta0 + theta1 buffer + theta2 refugees - theta3 J):
/// China moves in to hold its buffer and stop refugees at the border, less so
/// when a joint plan gives it a share of the stabilisation instead.
pub fn pla_entry_probability(
    theta: [f64; 4],
    buffer_at_stake: f64,
    refugee_pressure: f64,
    joint_plan: f64,
) -> f64 {
    logistic(
        theta[0] + theta[1] * buffer_at_stake + theta[2] * refugee_pressure - theta[3] * joint_plan,
    )
}

/// P(US/ROK forces go north) = d + (1 - d) r with d = p_dep (1 - kappa): US
/// forces go unless the pledge holds them back; otherwise ROK forces may
/// still go on their own with probability r.
pub fn allied_entry_probability(deployment_north: f64, kappa: f64, rok_entry: f64) -> f64 {
    let us = deployment_north * (1.0 - kappa);
    us + (1.0 - us) * rok_entry
}

/// P(clash | both enter) = c (1 - delta J): a joint plan's agreed zones and
/// liaison remove a share delta of the clash risk.
pub fn clash_probability(clash: f64, deconfliction: f64, joint_plan: f64) -> f64 {
    clash * (1.0 - deconfliction * joint_plan)
}

/// Share of a unification that is neutral, kappa (1 - dep (1 - J)): the
/// pledge's credibility is the chance that US forces stay south, but part of
/// its hold (`plan_dependence`) lasts only if a joint plan organises the North.
pub fn neutral_share(kappa: f64, joint_plan: f64, plan_dependence: f64) -> f64 {
    kappa * (1.0 - plan_dependence * (1.0 - joint_plan))
}

/// How a collapse ends: the SDK's split over the four collapse outcomes.
pub use forecast_sdk::CollapseSplit as Split;

/// Splits a collapse over the four collapse outcomes: the SDK's rule of who
/// enters the North ([`Split::from_entries`]).
pub fn post_collapse_split(
    pla: f64,
    allied: f64,
    clash: f64,
    unification: f64,
    neutral_share: f64,
) -> Split {
    Split::from_entries(pla, allied, clash, unification, neutral_share)
}

#[cfg(test)]
mod tests {
    use super::*;
    use forecast_sdk::vocab::pledge_credibility;

    #[test]
    fn logistic_is_a_probability_centred_at_zero() {
        assert_eq!(logistic(0.0), 0.5);
        assert!(logistic(40.0) <= 1.0 && logistic(40.0) > 0.999);
        assert!(logistic(-40.0) >= 0.0 && logistic(-40.0) < 0.001);
        assert!((logistic(1.3) + logistic(-1.3) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn troops_and_refugees_scale_with_population() {
        assert_eq!(troops_needed(15.0, 24e6), 360_000.0);
        assert_eq!(refugees(0.01, 24e6), 240_000.0);
    }

    #[test]
    fn a_credible_pledge_shrinks_the_buffer_at_stake() {
        let none = buffer_at_stake(0.7, pledge_credibility(0.0), 0.8);
        let treaty = buffer_at_stake(0.7, pledge_credibility(3.0), 0.8);
        assert!((none - 0.56).abs() < 1e-12);
        assert!((treaty - 0.112).abs() < 1e-12);
    }

    #[test]
    fn china_enters_less_with_a_pledge_and_a_plan() {
        let theta = [-1.0, 3.0, 1.0, 1.5];
        let rp = refugee_pressure(0.15, 0.01);
        assert!((rp - 0.15).abs() < 1e-12);
        let baseline = pla_entry_probability(theta, 0.56, rp, 0.0);
        let pledge = pla_entry_probability(theta, 0.112, rp, 0.0);
        let both = pla_entry_probability(theta, 0.112, rp, 1.0);
        assert!((baseline - 0.6964).abs() < 1e-3, "{baseline}");
        assert!(pledge < baseline && both < pledge);
        // Refugees matter, but less than the buffer at the priors.
        let more_refugees = pla_entry_probability(theta, 0.56, refugee_pressure(0.15, 0.02), 0.0);
        assert!(more_refugees > baseline);
    }

    #[test]
    fn allied_entry_falls_with_the_pledge_but_not_below_rok_entry() {
        assert!((allied_entry_probability(0.7, 0.0, 0.5) - 0.85).abs() < 1e-12);
        assert!(allied_entry_probability(0.7, 0.8, 0.5) < 0.85);
        assert_eq!(allied_entry_probability(0.7, 1.0, 0.5), 0.5);
    }

    #[test]
    fn a_plan_deconflicts_and_holds_the_pledge() {
        assert_eq!(clash_probability(0.3, 0.5, 0.0), 0.3);
        assert_eq!(clash_probability(0.3, 0.5, 1.0), 0.15);
        assert_eq!(neutral_share(0.8, 1.0, 0.5), 0.8);
        assert_eq!(neutral_share(0.8, 0.0, 0.5), 0.4);
        assert_eq!(neutral_share(0.0, 1.0, 0.5), 0.0);
    }

    #[test]
    fn the_split_is_a_distribution_with_the_stated_branches() {
        let s = post_collapse_split(0.7, 0.85, 0.3, 0.85, 0.0);
        assert!((s.total() - 1.0).abs() < 1e-15);
        assert!((s.war - 0.7 * 0.85 * 0.3).abs() < 1e-15);
        assert_eq!(s.neutral_unification, 0.0);
        assert!((s.aligned_unification - 0.3 * 0.85).abs() < 1e-15);
        // No PLA, certain unification, full neutrality: all neutral.
        let n = post_collapse_split(0.0, 0.5, 0.3, 1.0, 1.0);
        assert_eq!(n.neutral_unification, 1.0);
        // PLA alone: all successor-state.
        let p = post_collapse_split(1.0, 0.0, 0.3, 0.85, 0.5);
        assert_eq!(p.successor_state, 1.0);
    }

    #[test]
    fn split_accumulates_linearly() {
        let a = post_collapse_split(0.5, 0.5, 0.2, 0.9, 0.4);
        let acc = Split::default().add_scaled(0.25, a).add_scaled(0.75, a);
        assert!((acc.total() - 1.0).abs() < 1e-15);
        assert!((acc.war - a.war).abs() < 1e-15);
    }
}
