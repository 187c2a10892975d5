//! The yearly hazards: of collapse (pressure, aid, succession) and of a
//! concession by a surviving regime.
//!
//! All functions are pure and closed-form. Transcendental functions come from
//! `libm` so that results are bit-identical natively and in WebAssembly.

use forecast_sdk::vocab::rung_bite;

/// Effective enforcement e_eff = w + (1 - w) e_C: China's enforcement
/// dominates because it is the North's main trading partner, and sanctions
/// work far more often when the main partner joins (McLean & Whang 2010);
/// the other enforcers contribute the small weight `w` on their own.
pub fn effective_enforcement(china_enforcement: f64, other_weight: f64) -> f64 {
    other_weight + (1.0 - other_weight) * china_enforcement
}

/// Effective pressure P_t = bite(S_t) e_eff (1 - L) in [0, 1]: what the UNSC
/// rung could do if fully enforced, scaled down by enforcement and by the
/// share lost to evasion (Early 2015).
pub fn pressure(sanctions_rung: f64, effective_enforcement: f64, leakage: f64) -> f64 {
    rung_bite(sanctions_rung) * effective_enforcement * (1.0 - leakage)
}

/// Hazard ratio of pressure, e^{gamma P}: gamma is the log hazard ratio at
/// full pressure (Escriba-Folch & Wright 2010 find sanctions destabilise
/// personalist rulers).
pub fn pressure_factor(gamma: f64, pressure: f64) -> f64 {
    libm::exp(gamma * pressure)
}

/// Hazard ratio of Chinese aid, e^{-alpha (A - 1)}: 1 at 2006 aid, above 1 when
/// aid is cut, below 1 when it grows. Aid is the lifeline China can cut.
pub fn aid_factor(alpha: f64, aid: f64) -> f64 {
    libm::exp(-alpha * (aid - 1.0))
}

/// Structural hazard h_struct = min(1, h0 e^{gamma P} e^{-alpha (A - 1)}): a
/// proportional-hazards form, the baseline of a low-risk full autocracy
/// (Goldstone et al. 2010) scaled by pressure and aid, capped at certainty.
pub fn structural_hazard(base_hazard: f64, pressure_factor: f64, aid_factor: f64) -> f64 {
    (base_hazard * pressure_factor * aid_factor).min(1.0)
}

/// Succession hazard m q: the leader dies in the year and the regime does not
/// survive the succession (87% survive one: Kendall-Taylor & Frantz 2016).
pub fn succession_hazard(leader_mortality: f64, succession_failure: f64) -> f64 {
    leader_mortality * succession_failure
}

/// Yearly collapse hazard h_t = 1 - (1 - h_struct)(1 - m q): the regime
/// survives the year only if it survives both the structural strain and the
/// succession risk, taken as independent.
pub fn yearly_hazard(structural_hazard: f64, succession_hazard: f64) -> f64 {
    1.0 - (1.0 - structural_hazard) * (1.0 - succession_hazard)
}

/// Yearly concession hazard of a surviving regime, min(1, a0 e^{bP P + bI I}):
/// the base concession rate of a nuclear-armed nondemocracy (Lektzian &
/// Souva 2007) raised by pressure and by inducements, in the same
/// proportional-hazards form as collapse.
pub fn concession_hazard(
    concession_base: f64,
    pressure_effect: f64,
    pressure: f64,
    inducement_effect: f64,
    inducements: f64,
) -> f64 {
    (concession_base * libm::exp(pressure_effect * pressure + inducement_effect * inducements))
        .min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enforcement_is_dominated_by_china() {
        assert_eq!(effective_enforcement(0.0, 0.15), 0.15);
        assert_eq!(effective_enforcement(1.0, 0.15), 1.0);
        assert!((effective_enforcement(0.3, 0.15) - 0.405).abs() < 1e-12);
        // A unit of Chinese enforcement moves e_eff far more than the others' weight.
        assert!(effective_enforcement(1.0, 0.15) - effective_enforcement(0.0, 0.15) > 0.8);
    }

    #[test]
    fn pressure_is_bite_times_enforcement_times_retained_share() {
        assert_eq!(pressure(0.0, 1.0, 0.1), 0.0);
        assert!((pressure(5.0, 1.0, 0.0) - 1.0).abs() < 1e-15);
        assert!((pressure(1.0, 0.405, 0.3) - 0.1 * 0.405 * 0.7).abs() < 1e-15);
        assert!(pressure(4.0, 0.5, 0.3) > pressure(3.0, 0.5, 0.3));
        assert!(pressure(4.0, 0.5, 0.3) > pressure(4.0, 0.5, 0.5));
    }

    #[test]
    fn factors_are_hazard_ratios() {
        assert_eq!(pressure_factor(0.47, 0.0), 1.0);
        assert!((pressure_factor(libm::log(2.5), 1.0) - 2.5).abs() < 1e-12);
        assert_eq!(aid_factor(1.0, 1.0), 1.0);
        assert!(aid_factor(1.0, 0.3) > 1.0);
        assert!(aid_factor(1.0, 2.0) < 1.0);
        assert!((aid_factor(1.0, 0.0) - libm::exp(1.0)).abs() < 1e-12);
    }

    #[test]
    fn structural_hazard_scales_the_baseline_and_caps_at_one() {
        assert!((structural_hazard(0.01, 1.5, 2.0) - 0.03).abs() < 1e-15);
        assert_eq!(structural_hazard(0.5, 3.0, 2.0), 1.0);
    }

    #[test]
    fn yearly_hazard_combines_independent_risks() {
        assert_eq!(yearly_hazard(0.0, 0.0), 0.0);
        assert!((yearly_hazard(0.01, 0.0104) - (1.0 - 0.99 * 0.9896)).abs() < 1e-15);
        assert_eq!(yearly_hazard(1.0, 0.3), 1.0);
        let h = yearly_hazard(0.02, 0.01);
        assert!(h < 0.03 && h > 0.02);
        assert!((succession_hazard(0.08, 0.13) - 0.0104).abs() < 1e-15);
    }

    #[test]
    fn concession_rises_with_pressure_and_inducements() {
        assert_eq!(concession_hazard(0.02, 0.69, 0.0, 0.41, 0.0), 0.02);
        assert!(concession_hazard(0.02, 0.69, 0.5, 0.41, 0.0) > 0.02);
        assert!(concession_hazard(0.02, 0.69, 0.0, 0.41, 1.0) > 0.02);
        assert!(concession_hazard(0.9, 1.5, 1.0, 1.0, 1.0) <= 1.0);
    }
}
