//! Building a forecast and checking it before it leaves the plugin.

use crate::{ForecastOutput, Outcomes, Series};
use forecast_vocab::{OUTCOME_COUNT, OUTCOMES};

pub use forecast_vocab::outcome_index;

/// How the mass of a regime collapse ends, over the four collapse outcomes:
/// shares summing to 1 for one collapse, or probabilities accumulated over
/// the years of a horizon.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CollapseSplit {
    pub war: f64,
    pub successor_state: f64,
    pub neutral_unification: f64,
    pub aligned_unification: f64,
}

impl CollapseSplit {
    /// `self + weight * other`, for accumulating the collapse mass over years.
    pub fn add_scaled(self, weight: f64, other: CollapseSplit) -> CollapseSplit {
        CollapseSplit {
            war: self.war + weight * other.war,
            successor_state: self.successor_state + weight * other.successor_state,
            neutral_unification: self.neutral_unification + weight * other.neutral_unification,
            aligned_unification: self.aligned_unification + weight * other.aligned_unification,
        }
    }

    /// How a collapse ends, from who enters the North (entries independent):
    /// - the PLA (`pla`) and US/ROK forces (`allied`) both: war with the
    ///   probability `clash`, else a partitioned, foreign-stabilised North
    ///   (`successor-state`);
    /// - the PLA alone: a Chinese-stabilised successor (`successor-state`);
    /// - the PLA stays out: Korea unifies with probability `unification`
    ///   (else a domestic successor), neutral in the share `neutral_share`,
    ///   else in the alliance.
    ///
    /// Fazal (2004): buffer states die violently when rivals cannot commit
    /// to preserve them. Shared by the models whose post-collapse branch
    /// turns on China's entry (`collapse`, `neutral-zone`).
    pub fn from_entries(
        pla: f64,
        allied: f64,
        clash: f64,
        unification: f64,
        neutral_share: f64,
    ) -> CollapseSplit {
        let both = pla * allied;
        let pla_alone = pla * (1.0 - allied);
        let no_pla = 1.0 - pla;
        let unified = no_pla * unification;
        CollapseSplit {
            war: both * clash,
            successor_state: both * (1.0 - clash) + pla_alone + no_pla * (1.0 - unification),
            neutral_unification: unified * neutral_share,
            aligned_unification: unified * (1.0 - neutral_share),
        }
    }

    /// The total: the collapse probability when the split holds probabilities.
    pub fn total(&self) -> f64 {
        self.war + self.successor_state + self.neutral_unification + self.aligned_unification
    }
}

impl Outcomes {
    /// The record from probabilities in the order of [`OUTCOMES`].
    pub fn from_array(p: [f64; OUTCOME_COUNT]) -> Outcomes {
        let [
            war,
            neutral_unification,
            aligned_unification,
            successor_state,
            nuclear_status_quo,
            freeze,
            denuclearization,
        ] = p;
        Outcomes {
            war,
            neutral_unification,
            aligned_unification,
            successor_state,
            nuclear_status_quo,
            freeze,
            denuclearization,
        }
    }

    /// The probabilities in the order of [`OUTCOMES`].
    pub fn to_array(&self) -> [f64; OUTCOME_COUNT] {
        [
            self.war,
            self.neutral_unification,
            self.aligned_unification,
            self.successor_state,
            self.nuclear_status_quo,
            self.freeze,
            self.denuclearization,
        ]
    }

    /// P(`id`), for an outcome id of the vocabulary.
    pub fn get(&self, id: &str) -> Option<f64> {
        outcome_index(id).map(|i| self.to_array()[i])
    }
}

/// Collects outcome probabilities, yearly series and explanation lines, and
/// checks them against the contract in [`ForecastBuilder::build`].
#[derive(Debug, Clone)]
pub struct ForecastBuilder {
    horizon: usize,
    probabilities: [f64; OUTCOME_COUNT],
    series: Vec<Series>,
    explanation: Vec<String>,
}

impl ForecastBuilder {
    pub fn new(horizon: usize) -> Self {
        ForecastBuilder {
            horizon,
            probabilities: [0.0; OUTCOME_COUNT],
            series: Vec::new(),
            explanation: Vec::new(),
        }
    }

    /// Adds `probability` to the outcome `id` (outcomes left out stay at 0).
    pub fn outcome(mut self, id: &str, probability: f64) -> Self {
        match outcome_index(id) {
            Some(i) => self.probabilities[i] += probability,
            // Reported by `build`, which knows no such outcome.
            None => self.probabilities = [f64::NAN; OUTCOME_COUNT],
        }
        self
    }

    /// Adds the probabilities of the four collapse outcomes.
    pub fn collapse(self, split: CollapseSplit) -> Self {
        self.outcome("war", split.war)
            .outcome("successor-state", split.successor_state)
            .outcome("neutral-unification", split.neutral_unification)
            .outcome("aligned-unification", split.aligned_unification)
    }

    /// Adds a yearly series.
    pub fn series(mut self, indicator: &str, values: Vec<f64>) -> Self {
        self.series.push(Series {
            indicator: indicator.into(),
            values,
        });
        self
    }

    /// Adds the lines `lines` computes, only when `wanted` (pass the input's
    /// `explain`): formatting costs more than a sample's arithmetic, and the
    /// host asks for explanations on the central case only.
    pub fn explain_if<I: IntoIterator<Item = String>>(
        mut self,
        wanted: bool,
        lines: impl FnOnce() -> I,
    ) -> Self {
        if wanted {
            self.explanation.extend(lines());
        }
        self
    }

    /// Adds a line of explanation.
    pub fn explain(mut self, line: impl Into<String>) -> Self {
        self.explanation.push(line.into());
        self
    }

    /// The forecast, or a message naming what breaks the contract: a
    /// probability that is not finite or not in [0, 1], a sum away from 1 by
    /// more than 1e-9, a series of the wrong length or with a non-finite value.
    pub fn build(self) -> Result<ForecastOutput, String> {
        for (p, o) in self.probabilities.iter().zip(OUTCOMES) {
            if !p.is_finite() || !(0.0..=1.0).contains(p) {
                return Err(format!(
                    "P({}) = {p} is not a probability (or an unknown outcome id was used)",
                    o.id
                ));
            }
        }
        let sum: f64 = self.probabilities.iter().sum();
        if (sum - 1.0).abs() > 1e-9 {
            return Err(format!("outcome probabilities sum to {sum}, not 1"));
        }
        for s in &self.series {
            if s.values.len() != self.horizon {
                return Err(format!(
                    "series `{}` has {} values for a horizon of {} years",
                    s.indicator,
                    s.values.len(),
                    self.horizon
                ));
            }
            if let Some(v) = s.values.iter().find(|v| !v.is_finite()) {
                return Err(format!("series `{}` holds {v}", s.indicator));
            }
        }
        Ok(ForecastOutput {
            outcomes: Outcomes::from_array(self.probabilities),
            indicators: self.series,
            explanation: self.explanation,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_outcome_record_by_name() {
        let f = ForecastBuilder::new(2)
            .outcome("freeze", 0.25)
            .outcome("war", 0.75)
            .series("collapse_by", vec![0.1, 0.2])
            .explain("why")
            .build()
            .unwrap();
        assert_eq!(f.outcomes.to_array(), [0.75, 0., 0., 0., 0., 0.25, 0.]);
        assert_eq!(f.outcomes.war, 0.75);
        assert_eq!(f.outcomes.get("freeze"), Some(0.25));
        assert_eq!(f.outcomes.get("peace"), None);
        assert_eq!(Outcomes::from_array(f.outcomes.to_array()), f.outcomes);
        assert_eq!(f.explanation, ["why"]);
    }

    #[test]
    fn a_collapse_splits_by_who_enters() {
        let s = CollapseSplit::from_entries(0.7, 0.85, 0.3, 0.85, 0.0);
        assert!((s.total() - 1.0).abs() < 1e-15);
        assert!((s.war - 0.7 * 0.85 * 0.3).abs() < 1e-15);
        assert_eq!(s.neutral_unification, 0.0);
        assert!((s.aligned_unification - 0.3 * 0.85).abs() < 1e-15);
        // No PLA, certain unification, full neutrality: all neutral.
        assert_eq!(
            CollapseSplit::from_entries(0.0, 0.5, 0.3, 1.0, 1.0).neutral_unification,
            1.0
        );
        // The PLA alone: all successor-state.
        assert_eq!(
            CollapseSplit::from_entries(1.0, 0.0, 0.3, 0.85, 0.5).successor_state,
            1.0
        );
    }

    #[test]
    fn refuses_what_breaks_the_contract() {
        let err = |b: ForecastBuilder| b.build().unwrap_err();
        assert!(err(ForecastBuilder::new(1).outcome("war", 0.5)).contains("sum to 0.5"));
        assert!(
            err(ForecastBuilder::new(1)
                .outcome("war", 1.5)
                .outcome("freeze", -0.5))
            .contains("not a probability")
        );
        assert!(err(ForecastBuilder::new(1).outcome("peace", 1.0)).contains("unknown outcome"));
        assert!(
            err(ForecastBuilder::new(2)
                .outcome("war", 1.0)
                .series("x", vec![1.0]))
            .contains("1 values for a horizon of 2")
        );
        assert!(
            err(ForecastBuilder::new(1)
                .outcome("war", 1.0)
                .series("x", vec![f64::NAN]))
            .contains("NaN")
        );
    }
}
