//! Proper scores of probability forecasts of yes/no questions.
//!
//! - Brier score (Brier 1950): the mean squared difference between the
//!   forecast probability and the outcome (1 yes, 0 no); 0 is perfect, 0.25
//!   is what always saying 50% earns.
//! - Log score, as a loss: the mean of -ln(probability given to what
//!   happened); 0 is perfect, ln 2 = 0.693 is 50%'s. A forecast of 0 for
//!   what then happened would cost infinitely much: forecasts are clipped
//!   to [0.001, 0.999] first, and the report says so.
//! - Skill against a reference: 1 - Brier / Brier of the reference on the
//!   same questions (Murphy 1973); above 0 beats it.
//! - Reliability: forecasts binned by probability, each bin's mean forecast
//!   against how often its questions resolved yes.
//!
//! Both scores are strictly proper: a forecaster minimises the expected
//! score only by stating its true belief.

/// Where log scores clip forecasts.
pub const CLIP: f64 = 0.001;

/// (p - o)^2.
pub fn brier(p: f64, outcome: f64) -> f64 {
    (p - outcome) * (p - outcome)
}

/// -ln(probability given to what happened), the forecast clipped to
/// [CLIP, 1 - CLIP].
pub fn log_loss(p: f64, outcome: f64) -> f64 {
    let p = p.clamp(CLIP, 1.0 - CLIP);
    -(if outcome >= 0.5 { p } else { 1.0 - p }).ln()
}

/// One forecast of one question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    pub question: u32,
    pub forecast: f64,
    /// 1 if the question resolved yes, else 0.
    pub outcome: f64,
}

/// One forecaster's forecasts of the questions it answered.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scorecard {
    pub entries: Vec<Entry>,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

impl Scorecard {
    /// Questions answered.
    pub fn answered(&self) -> usize {
        self.entries.len()
    }

    /// The mean Brier score, if anything was answered.
    pub fn brier(&self) -> Option<f64> {
        mean(self.entries.iter().map(|e| brier(e.forecast, e.outcome)))
    }

    /// The mean log loss, if anything was answered.
    pub fn log_loss(&self) -> Option<f64> {
        mean(self.entries.iter().map(|e| log_loss(e.forecast, e.outcome)))
    }

    /// The forecasts of the questions `ids`.
    pub fn on(&self, ids: &[u32]) -> Scorecard {
        let ids: std::collections::HashSet<u32> = ids.iter().copied().collect();
        Scorecard {
            entries: self
                .entries
                .iter()
                .filter(|e| ids.contains(&e.question))
                .copied()
                .collect(),
        }
    }

    /// The questions answered.
    pub fn questions(&self) -> Vec<u32> {
        self.entries.iter().map(|e| e.question).collect()
    }

    /// Brier skill against `reference` on the questions this card answered:
    /// 1 - Brier / Brier(reference). `None` when the reference did not answer
    /// all of them, or scored a perfect 0.
    pub fn skill(&self, reference: &Scorecard) -> Option<f64> {
        let theirs = reference.on(&self.questions());
        if theirs.answered() != self.answered() {
            return None;
        }
        let (mine, theirs) = (self.brier()?, theirs.brier()?);
        (theirs > 0.0).then(|| 1.0 - mine / theirs)
    }
}

/// A forecaster's scorecard on `questions`: `forecast` gives its probability
/// for a question's answer, or `None` where it abstains. Questions with no
/// answer are left out.
pub fn scorecard(
    questions: &[crate::Question],
    forecast: impl Fn(&crate::Answer) -> Option<f64>,
) -> Scorecard {
    Scorecard {
        entries: questions
            .iter()
            .filter_map(|q| {
                let p = forecast(q.answer.as_ref()?)?;
                Some(Entry {
                    question: q.id,
                    forecast: p,
                    outcome: q.outcome(),
                })
            })
            .collect(),
    }
}

/// The same probability `p` for every question with an answer: a reference
/// forecaster (50%, or a climatology).
pub fn constant(questions: &[crate::Question], p: f64) -> Scorecard {
    scorecard(questions, |_| Some(p))
}

/// The share of the questions with an answer that resolved yes: the
/// climatological forecast, known only in hindsight.
pub fn climatology(questions: &[crate::Question]) -> Option<f64> {
    mean(
        questions
            .iter()
            .filter(|q| q.answer.is_some())
            .map(|q| q.outcome()),
    )
}

/// The linear pool of several forecasters: on each question, the mean of
/// the forecasts of those that answered it (none answered: it abstains).
pub fn linear_pool(cards: &[&Scorecard]) -> Scorecard {
    // Per question: the sum of the forecasts, how many, and the outcome;
    // the cards in order, so the sums do not depend on anything else.
    let mut pooled: std::collections::BTreeMap<u32, (f64, usize, f64)> = Default::default();
    for card in cards {
        for e in &card.entries {
            let slot = pooled.entry(e.question).or_insert((0.0, 0, e.outcome));
            slot.0 += e.forecast;
            slot.1 += 1;
        }
    }
    Scorecard {
        entries: pooled
            .into_iter()
            .map(|(question, (sum, n, outcome))| Entry {
                question,
                forecast: sum / n as f64,
                outcome,
            })
            .collect(),
    }
}

/// One bin of a reliability table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bin {
    /// The forecasts in [lo, hi) (the last bin includes 1).
    pub lo: f64,
    pub hi: f64,
    pub count: usize,
    /// The mean forecast of the bin's questions (NaN when empty).
    pub mean_forecast: f64,
    /// The share of them that resolved yes (NaN when empty).
    pub observed: f64,
}

/// Forecasts binned into `bins` equal widths of [0, 1]: a reliable
/// forecaster's questions resolve yes about as often as it said.
pub fn reliability(card: &Scorecard, bins: usize) -> Vec<Bin> {
    (0..bins)
        .map(|b| {
            let (lo, hi) = (b as f64 / bins as f64, (b + 1) as f64 / bins as f64);
            let inside: Vec<&Entry> = card
                .entries
                .iter()
                .filter(|e| {
                    e.forecast >= lo && (e.forecast < hi || (b + 1 == bins && e.forecast <= hi))
                })
                .collect();
            let n = inside.len();
            let avg = |f: fn(&Entry) -> f64| {
                if n == 0 {
                    f64::NAN
                } else {
                    inside.iter().map(|e| f(e)).sum::<f64>() / n as f64
                }
            };
            Bin {
                lo,
                hi,
                count: n,
                mean_forecast: avg(|e| e.forecast),
                observed: avg(|e| e.outcome),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(entries: &[(u32, f64, f64)]) -> Scorecard {
        Scorecard {
            entries: entries
                .iter()
                .map(|&(question, forecast, outcome)| Entry {
                    question,
                    forecast,
                    outcome,
                })
                .collect(),
        }
    }

    #[test]
    fn scores_by_hand() {
        // Brier: (0.8 - 1)^2 = 0.04, (0.3 - 0)^2 = 0.09; mean 0.065.
        let c = card(&[(1, 0.8, 1.0), (2, 0.3, 0.0)]);
        assert!((c.brier().unwrap() - 0.065).abs() < 1e-15);
        // Log loss: -ln 0.8 and -ln 0.7.
        let expected = (-(0.8f64).ln() - (0.7f64).ln()) / 2.0;
        assert!((c.log_loss().unwrap() - expected).abs() < 1e-15);
        // A coin: 0.25 and ln 2 on anything.
        let coin = card(&[(1, 0.5, 1.0), (2, 0.5, 0.0)]);
        assert_eq!(coin.brier(), Some(0.25));
        assert!((coin.log_loss().unwrap() - std::f64::consts::LN_2).abs() < 1e-15);
        assert_eq!(Scorecard::default().brier(), None);
    }

    #[test]
    fn certainty_in_the_wrong_outcome_costs_a_clipped_log_loss() {
        assert!((log_loss(0.0, 1.0) - (1.0 / CLIP).ln()).abs() < 1e-12);
        assert!((log_loss(1.0, 0.0) - (1.0 / CLIP).ln()).abs() < 1e-12);
        assert!(log_loss(1.0, 1.0) < 0.0011);
    }

    #[test]
    fn the_brier_score_is_proper() {
        // For a question that resolves yes with probability q, the expected
        // Brier score of forecast p is q (1 - p)^2 + (1 - q) p^2, least at p = q.
        let q = 0.3;
        let expected = |p: f64| q * brier(p, 1.0) + (1.0 - q) * brier(p, 0.0);
        for p in [0.0, 0.1, 0.2, 0.4, 0.5, 1.0] {
            assert!(expected(p) > expected(q), "{p}");
        }
        let expected_log = |p: f64| q * log_loss(p, 1.0) + (1.0 - q) * log_loss(p, 0.0);
        for p in [0.1, 0.2, 0.4, 0.5, 0.9] {
            assert!(expected_log(p) > expected_log(q), "{p}");
        }
    }

    #[test]
    fn skill_is_measured_on_the_same_questions() {
        let model = card(&[(1, 0.8, 1.0), (2, 0.3, 0.0)]);
        let coin = card(&[(1, 0.5, 1.0), (2, 0.5, 0.0), (3, 0.5, 1.0)]);
        // 1 - 0.065 / 0.25.
        assert!((model.skill(&coin).unwrap() - 0.74).abs() < 1e-12);
        // A reference that did not answer question 2 cannot be compared.
        assert_eq!(model.skill(&card(&[(1, 0.5, 1.0)])), None);
    }

    #[test]
    fn a_pool_averages_those_that_answered() {
        let a = card(&[(1, 0.8, 1.0), (2, 0.2, 0.0)]);
        let b = card(&[(1, 0.4, 1.0), (3, 0.9, 1.0)]);
        let pool = linear_pool(&[&a, &b]);
        assert_eq!(pool.questions(), [1, 2, 3]);
        assert!((pool.entries[0].forecast - 0.6).abs() < 1e-15);
        assert_eq!(pool.entries[1].forecast, 0.2);
        assert_eq!(pool.entries[2].forecast, 0.9);
    }

    #[test]
    fn reliability_bins_forecasts_and_counts_what_happened() {
        let c = card(&[
            (1, 0.05, 0.0),
            (2, 0.15, 0.0),
            (3, 0.95, 1.0),
            (4, 1.0, 1.0),
            (5, 0.9, 0.0),
        ]);
        let bins = reliability(&c, 10);
        assert_eq!(bins.len(), 10);
        assert_eq!((bins[0].count, bins[1].count, bins[9].count), (1, 1, 3));
        assert!((bins[9].mean_forecast - 0.95).abs() < 1e-12);
        assert!((bins[9].observed - 2.0 / 3.0).abs() < 1e-12);
        assert!(bins[5].mean_forecast.is_nan());
        assert_eq!(bins.iter().map(|b| b.count).sum::<usize>(), 5);
    }
}
