//! The shared vocabulary of `forecast`: the seven outcome ids, the shared
//! yearly indicator ids, and the one table of shared parameters and levers
//! with their priors ([`priors`]).
//!
//! Every model plugin and every scenario speaks this vocabulary, so that any
//! two models can be compared outcome by outcome. It is data only: no
//! parsing, no validation logic (that is `forecast-core`'s job), no
//! WebAssembly. The design behind it is the op-ed of Pei & Mastro (FT,
//! 13 Dec 2006); `VOCABULARY.md` at the workspace root is generated from the
//! same tables (`forecast vocabulary`).

pub mod priors;

pub use priors::{SHARED_PARAMETERS, SharedParam, shared, shared_parameter};

/// A named entry of the vocabulary with its meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub id: &'static str,
    pub meaning: &'static str,
}

/// The outcomes at the horizon: mutually exclusive and exhaustive, listed in
/// classification order. Every forecast gives a probability for each.
pub const OUTCOMES: [Term; 7] = [
    Term {
        id: "war",
        meaning: "interstate armed conflict involving the DPRK with >= 1,000 battle deaths",
    },
    Term {
        id: "neutral-unification",
        meaning: "regime collapsed or transitioned; Korea unified; by agreement no US forces north of the 38th parallel",
    },
    Term {
        id: "aligned-unification",
        meaning: "regime collapsed or transitioned; Korea unified in the ROK-US alliance, no such restriction",
    },
    Term {
        id: "successor-state",
        meaning: "regime collapsed; a successor or foreign-stabilised northern state, no unification",
    },
    Term {
        id: "nuclear-status-quo",
        meaning: "regime survives; nuclear programme continues or grows",
    },
    Term {
        id: "freeze",
        meaning: "regime survives; verified freeze or partial rollback",
    },
    Term {
        id: "denuclearization",
        meaning: "regime survives; verified complete denuclearisation",
    },
];

/// Number of shared outcomes.
pub const OUTCOME_COUNT: usize = OUTCOMES.len();

/// Index of an outcome id in [`OUTCOMES`], if it is one.
pub fn outcome_index(id: &str) -> Option<usize> {
    OUTCOMES.iter().position(|o| o.id == id)
}

/// The shared yearly indicators. A model emits those it models, and may add
/// its own named `<model-id>.<name>`.
pub const INDICATORS: [Term; 20] = [
    Term {
        id: "collapse_hazard",
        meaning: "P(collapse in year t given survival to its start)",
    },
    Term {
        id: "collapse_by",
        meaning: "cumulative P(collapse by end of year t)",
    },
    Term {
        id: "denuclearization_by",
        meaning: "cumulative P(verified complete denuclearisation by end of year t)",
    },
    Term {
        id: "nuclear_test_in_year",
        meaning: "P(at least one nuclear test in year t)",
    },
    Term {
        id: "china_pressure",
        meaning: "effective pressure on the regime, P_t in [0,1]",
    },
    Term {
        id: "china_resolve_belief",
        meaning: "mu_t: Kim's belief that China would carry out its threats",
    },
    Term {
        id: "sanctions_rung",
        meaning: "expected UNSC sanctions rung (0-5)",
    },
    Term {
        id: "refugees_to_china",
        meaning: "expected refugee flow into China in year t (persons)",
    },
    Term {
        id: "leader_change_by",
        meaning: "cumulative P(the leader in power at the start has died, been incapacitated or fallen with the regime by end of year t)",
    },
    Term {
        id: "unification_by",
        meaning: "cumulative P(Korea unified, neutral or in the alliance, by end of year t)",
    },
    Term {
        id: "concession_by",
        meaning: "cumulative P(the regime has agreed to a verified freeze or to denuclearisation by end of year t, whatever came after)",
    },
    Term {
        id: "nuclear_test_by",
        meaning: "cumulative P(at least one nuclear test after the start by end of year t)",
    },
    Term {
        id: "unsc_resolution_by",
        meaning: "cumulative P(at least one new UNSC sanctions resolution, a step up the ladder, by end of year t)",
    },
    Term {
        id: "oil_sanctions_by",
        meaning: "cumulative P(UNSC sanctions restrict the DPRK's oil imports, rung 4 or above, by end of year t)",
    },
    Term {
        id: "collapse_in_year",
        meaning: "P(the regime collapses in year t), from the start: P(survival to t) x h_t",
    },
    Term {
        id: "leader_change_in_year",
        meaning: "P(the leader in office at the start of year t leaves office in year t: dies, is incapacitated or falls with the regime)",
    },
    Term {
        id: "concession_in_year",
        meaning: "P(the regime agrees in year t to a new verified freeze or to denuclearisation, whatever came before)",
    },
    Term {
        id: "unsc_resolution_in_year",
        meaning: "P(at least one new UNSC sanctions resolution, a step up the ladder, in year t)",
    },
    Term {
        id: "war_in_year",
        meaning: "P(war, an interstate conflict with the DPRK a party and >= 1,000 battle deaths, breaks out in year t)",
    },
    Term {
        id: "missiles_in_year",
        meaning: "expected number of ballistic missiles launched in year t (the CNS database's rule); each sample's value is the mean of a Poisson count",
    },
];

/// Whether `name` is a shared indicator id.
pub fn is_shared_indicator(name: &str) -> bool {
    INDICATORS.iter().any(|i| i.id == name)
}

/// Whether the shared indicator `name` is a probability (its meaning is a
/// P(...) or a share in [0,1]), so that a threshold on it lies in [0, 1).
pub fn is_probability_indicator(name: &str) -> bool {
    INDICATORS.iter().any(|i| {
        i.id == name
            && (i.meaning.starts_with("P(")
                || i.meaning.starts_with("cumulative P(")
                || i.meaning.contains("in [0,1]"))
    })
}

/// Whether `name` is a shared parameter or lever name.
pub fn is_shared_parameter(name: &str) -> bool {
    shared_parameter(name).is_some()
}

/// Credibility kappa of each level of `levers.us_pledge` (0..=3): none,
/// informal statement, executive/joint statement, treaty with verification.
/// The Two-Plus-Four Treaty (1990) held; the informal 1990 assurances on NATO
/// are still disputed. [A]
pub const PLEDGE_CREDIBILITY: [f64; 4] = [0.0, 0.3, 0.55, 0.8];

/// Credibility kappa of a (possibly fractional) pledge level, interpolated
/// linearly between the levels of [`PLEDGE_CREDIBILITY`] and clamped to 0..=3.
pub fn pledge_credibility(level: f64) -> f64 {
    let l = if level.is_nan() {
        0.0
    } else {
        level.clamp(0.0, 3.0)
    };
    let i = (l.floor() as usize).min(2);
    let frac = l - i as f64;
    PLEDGE_CREDIBILITY[i] + frac * (PLEDGE_CREDIBILITY[i + 1] - PLEDGE_CREDIBILITY[i])
}

/// Economic bite of each UNSC sanctions rung (0..=5) as a share of the
/// pressure the strongest regime could exert: none; arms and luxury goods
/// (1718); finance and cargo (1874/2094); mineral caps (2270/2321); coal,
/// textile and labour bans with an oil cap (2371/2375); oil cut and crude cap
/// (2397). By 2017 the bans covered some 90% of reported exports. [A]
pub const RUNG_BITE: [f64; 6] = [0.0, 0.1, 0.25, 0.45, 0.75, 1.0];

/// Bite of a (possibly fractional) rung, interpolated linearly and clamped to 0..=5.
pub fn rung_bite(rung: f64) -> f64 {
    let r = if rung.is_nan() {
        0.0
    } else {
        rung.clamp(0.0, 5.0)
    };
    let i = (r.floor() as usize).min(4);
    let frac = r - i as f64;
    RUNG_BITE[i] + frac * (RUNG_BITE[i + 1] - RUNG_BITE[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique() {
        for table in [&OUTCOMES[..], &INDICATORS[..]] {
            for (i, a) in table.iter().enumerate() {
                assert!(
                    table[i + 1..].iter().all(|b| b.id != a.id),
                    "duplicate id {}",
                    a.id
                );
            }
        }
    }

    #[test]
    fn shared_parameter_names_are_unique() {
        for (i, a) in SHARED_PARAMETERS.iter().enumerate() {
            assert!(
                SHARED_PARAMETERS[i + 1..].iter().all(|b| b.name != a.name),
                "{}",
                a.name
            );
        }
    }

    #[test]
    fn pledge_and_rung_interpolate_between_levels() {
        assert_eq!(pledge_credibility(0.0), 0.0);
        assert_eq!(pledge_credibility(3.0), 0.8);
        assert!((pledge_credibility(2.5) - 0.675).abs() < 1e-12);
        assert_eq!(pledge_credibility(9.0), 0.8);
        assert_eq!(rung_bite(5.0), 1.0);
        assert!((rung_bite(1.5) - 0.175).abs() < 1e-12);
        assert_eq!(rung_bite(-1.0), 0.0);
    }

    #[test]
    fn outcome_index_finds_each_outcome() {
        for (i, o) in OUTCOMES.iter().enumerate() {
            assert_eq!(outcome_index(o.id), Some(i));
        }
        assert_eq!(outcome_index("peace"), None);
    }
}
