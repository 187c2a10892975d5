//! Scoring yearly forecasts made at rolling origins against the record:
//! the targets (a series, an origin, a lead), each forecaster's scores on
//! them, skill against a reference on the targets both answered, with
//! intervals from a moving-block bootstrap over the target years, and
//! pairwise comparisons by a permutation test.
//!
//! Yearly outcomes are serially correlated (a year of tests is followed by
//! more), so the bootstrap resamples blocks of consecutive target years
//! (Künsch 1989), all the targets of a year together, rather than targets
//! one by one. Models abstain on different series, so two are compared only
//! on the targets both answered, by the ratio of their mean scores and a
//! permutation test that swaps the pair's scores target by target (the
//! method of scoringutils' `get_pairwise_comparisons`, Bosse et al. 2022).

use crate::yearly::Predictive;
use forecast_core::rng::{Rng, derive_seed};

/// One scored forecast: of `series` in `origin + lead`, made at `origin`.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub series: String,
    pub origin: i32,
    pub lead: u32,
    /// What happened.
    pub observed: f64,
    /// The forecast's mean: P(event), or the expected count.
    pub mean: f64,
    /// Ranked probability score (the Brier score for a binary series).
    pub rps: f64,
    /// Log score, as a loss.
    pub log: f64,
    /// Randomised PIT value.
    pub pit: f64,
}

impl Scored {
    /// Scores `forecast` against `observed`; `u` is the PIT's uniform draw.
    pub fn new(
        series: &str,
        origin: i32,
        lead: u32,
        forecast: &Predictive,
        observed: f64,
        u: f64,
    ) -> Scored {
        Scored {
            series: series.into(),
            origin,
            lead,
            observed,
            mean: forecast.mean(),
            rps: forecast.rps(observed),
            log: forecast.log_loss(observed),
            pit: forecast.pit(observed, u),
        }
    }

    /// The year forecast.
    pub fn year(&self) -> i32 {
        self.origin + self.lead as i32
    }

    fn key(&self) -> (&str, i32, u32) {
        (&self.series, self.origin, self.lead)
    }
}

/// The two scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Score {
    Rps,
    Log,
}

impl Score {
    pub fn of(self, s: &Scored) -> f64 {
        match self {
            Score::Rps => s.rps,
            Score::Log => s.log,
        }
    }
}

/// A forecaster's scored forecasts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Card {
    pub scored: Vec<Scored>,
}

/// The mean of a score over some targets, with its count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mean {
    pub n: usize,
    pub rps: f64,
    pub log: f64,
}

impl Card {
    /// Mean scores over the targets `keep` selects, if any.
    pub fn mean(&self, keep: impl Fn(&Scored) -> bool) -> Option<Mean> {
        let chosen: Vec<&Scored> = self.scored.iter().filter(|s| keep(s)).collect();
        let n = chosen.len();
        (n > 0).then(|| Mean {
            n,
            rps: chosen.iter().map(|s| s.rps).sum::<f64>() / n as f64,
            log: chosen.iter().map(|s| s.log).sum::<f64>() / n as f64,
        })
    }

    /// The (self, other) pairs of forecasts of the same targets.
    pub fn paired<'a>(&'a self, other: &'a Card) -> Vec<(&'a Scored, &'a Scored)> {
        self.scored
            .iter()
            .filter_map(|a| {
                other
                    .scored
                    .iter()
                    .find(|b| b.key() == a.key())
                    .map(|b| (a, b))
            })
            .collect()
    }
}

/// A number with a bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub value: f64,
    /// The 2.5% and 97.5% points of the bootstrap distribution.
    pub low: f64,
    pub high: f64,
}

/// How the intervals are resampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bootstrap {
    /// Consecutive target years per block.
    pub block: usize,
    pub resamples: usize,
    pub seed: u64,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Bootstrap {
            block: 3,
            resamples: 1000,
            seed: 20061213,
        }
    }
}

/// How many times each of the `years` (distinct, sorted) is drawn in each
/// moving-block resample: blocks of `block` consecutive years, as many as
/// cover the years once, the last cut to length.
pub fn block_resamples(years: usize, b: &Bootstrap) -> Vec<Vec<u32>> {
    let block = b.block.clamp(1, years.max(1));
    let starts = years + 1 - block.min(years.max(1));
    (0..b.resamples)
        .map(|i| {
            let mut rng = Rng::new(derive_seed(b.seed, 0xb007, i as u64));
            let mut counts = vec![0u32; years];
            let mut drawn = 0;
            while drawn < years {
                let s = (rng.next_u64() % starts.max(1) as u64) as usize;
                for c in counts.iter_mut().skip(s).take(block.min(years - drawn)) {
                    *c += 1;
                    drawn += 1;
                }
            }
            counts
        })
        .collect()
}

/// The 2.5% and 97.5% points of `values` (sorted in place; NaN last).
fn interval(values: &mut [f64]) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    (at(0.025), at(0.975))
}

/// Skill of `model` against `reference` on the targets both answered:
/// for the RPS, 1 - mean(model) / mean(reference) (above 0 beats it); for
/// the log score, mean(reference) - mean(model) in nats per target (above 0
/// beats it). `None` when no target is shared.
pub fn skill(
    model: &Card,
    reference: &Card,
    score: Score,
    b: &Bootstrap,
) -> Option<(usize, Estimate)> {
    let pairs = model.paired(reference);
    if pairs.is_empty() {
        return None;
    }
    let stat = |m: f64, r: f64| match score {
        Score::Rps if r > 0.0 => 1.0 - m / r,
        Score::Rps => 0.0,
        Score::Log => r - m,
    };
    let mut years: Vec<i32> = pairs.iter().map(|(a, _)| a.year()).collect();
    years.sort_unstable();
    years.dedup();
    let slot = |y: i32| years.binary_search(&y).unwrap_or(0);
    let weighted = |counts: Option<&[u32]>| {
        let (mut m, mut r, mut w) = (0.0, 0.0, 0.0);
        for (a, c) in &pairs {
            let k = counts.map_or(1.0, |c| c[slot(a.year())] as f64);
            m += k * score.of(a);
            r += k * score.of(c);
            w += k;
        }
        if w > 0.0 {
            stat(m / w, r / w)
        } else {
            f64::NAN
        }
    };
    let mut draws: Vec<f64> = block_resamples(years.len(), b)
        .iter()
        .map(|c| weighted(Some(c)))
        .collect();
    let value = weighted(None);
    let (low, high) = if draws.is_empty() {
        (value, value)
    } else {
        interval(&mut draws)
    };
    Some((pairs.len(), Estimate { value, low, high }))
}

/// A comparison of two forecasters on the targets both answered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pairwise {
    pub n: usize,
    /// mean score of the first / mean score of the second: below 1, the
    /// first is better.
    pub ratio: f64,
    /// Permutation p-value of the ratio's distance from 1.
    pub p_value: f64,
}

/// Compares `a` with `b` by `score` on their shared targets: the ratio of
/// mean scores, and the share of `resamples` random swaps of each pair's
/// scores whose ratio is as far from 1 (in logs) as the observed one.
pub fn pairwise(a: &Card, b: &Card, score: Score, resamples: usize, seed: u64) -> Option<Pairwise> {
    let pairs: Vec<(f64, f64)> = a
        .paired(b)
        .iter()
        .map(|(x, y)| (score.of(x), score.of(y)))
        .collect();
    if pairs.is_empty() {
        return None;
    }
    let ratio_of = |sa: f64, sb: f64| if sb > 0.0 { sa / sb } else { f64::INFINITY };
    let (sa, sb) = pairs
        .iter()
        .fold((0.0, 0.0), |(x, y), p| (x + p.0, y + p.1));
    let ratio = ratio_of(sa, sb);
    let distance = |r: f64| r.ln().abs();
    let observed = distance(ratio);
    let mut extreme = 0usize;
    for i in 0..resamples {
        let mut rng = Rng::new(derive_seed(seed, 0x9a1f, i as u64));
        let (mut x, mut y) = (0.0, 0.0);
        for (p, q) in &pairs {
            if rng.next_u64() & 1 == 1 {
                x += q;
                y += p;
            } else {
                x += p;
                y += q;
            }
        }
        extreme += (distance(ratio_of(x, y)) >= observed - 1e-12) as usize;
    }
    Some(Pairwise {
        n: pairs.len(),
        ratio,
        p_value: (1 + extreme) as f64 / (1 + resamples) as f64,
    })
}

/// Counts of PIT values in `bins` equal bins of [0, 1].
pub fn pit_histogram(card: &Card, bins: usize) -> Vec<usize> {
    let bins = bins.max(1);
    let mut counts = vec![0; bins];
    for s in &card.scored {
        counts[((s.pit * bins as f64) as usize).min(bins - 1)] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(values: &[(i32, f64, f64)]) -> Card {
        Card {
            scored: values
                .iter()
                .map(|&(origin, p, y)| Scored::new("s", origin, 1, &Predictive::Binary(p), y, 0.5))
                .collect(),
        }
    }

    #[test]
    fn skill_by_hand() {
        // Model: 0.8 on a yes, 0.2 on a no: Brier 0.04 each. Reference 0.5: 0.25.
        let m = card(&[(2000, 0.8, 1.0), (2001, 0.2, 0.0)]);
        let r = card(&[(2000, 0.5, 1.0), (2001, 0.5, 0.0), (2002, 0.5, 0.0)]);
        let b = Bootstrap::default();
        let (n, s) = skill(&m, &r, Score::Rps, &b).unwrap();
        assert_eq!(n, 2);
        assert!((s.value - (1.0 - 0.04 / 0.25)).abs() < 1e-12);
        // Identical forecasts on both years: every resample gives the same skill.
        assert!((s.low - s.value).abs() < 1e-12 && (s.high - s.value).abs() < 1e-12);
        let (_, g) = skill(&m, &r, Score::Log, &b).unwrap();
        assert!((g.value - (2f64.ln() - (-(0.8f64).ln()))).abs() < 1e-12);
        assert!(skill(&m, &Card::default(), Score::Log, &b).is_none());
    }

    #[test]
    fn the_block_bootstrap_draws_whole_blocks() {
        let b = Bootstrap {
            block: 3,
            resamples: 200,
            seed: 7,
        };
        let draws = block_resamples(10, &b);
        assert_eq!(draws.len(), 200);
        for d in &draws {
            assert_eq!(d.iter().sum::<u32>(), 10);
        }
        // Same seed, same draws; another seed, others.
        assert_eq!(draws, block_resamples(10, &b));
        assert_ne!(draws, block_resamples(10, &Bootstrap { seed: 8, ..b }));
        // Fewer years than a block: the whole span every time.
        assert!(block_resamples(2, &b).iter().all(|d| d == &[1, 1]));
        // The interval widens when the years disagree.
        let m = card(&[
            (2000, 0.9, 1.0),
            (2001, 0.9, 0.0),
            (2002, 0.9, 1.0),
            (2003, 0.1, 0.0),
        ]);
        let r = card(&[
            (2000, 0.5, 1.0),
            (2001, 0.5, 0.0),
            (2002, 0.5, 1.0),
            (2003, 0.5, 0.0),
        ]);
        let (_, s) = skill(&m, &r, Score::Rps, &Bootstrap::default()).unwrap();
        assert!(s.low < s.value && s.value <= s.high, "{s:?}");
    }

    #[test]
    fn pairwise_ratio_and_permutation() {
        let good = card(&(0..30).map(|i| (2000 + i, 0.9, 1.0)).collect::<Vec<_>>());
        let bad = card(&(0..30).map(|i| (2000 + i, 0.4, 1.0)).collect::<Vec<_>>());
        let c = pairwise(&good, &bad, Score::Rps, 999, 1).unwrap();
        assert_eq!(c.n, 30);
        assert!((c.ratio - 0.01 / 0.36).abs() < 1e-12);
        assert!(c.p_value < 0.01, "{c:?}");
        let same = pairwise(&good, &good, Score::Log, 99, 1).unwrap();
        assert!((same.ratio - 1.0).abs() < 1e-12 && same.p_value == 1.0);
    }

    #[test]
    fn pit_counts_fall_in_their_bins() {
        let c = card(&[(2000, 0.7, 1.0), (2001, 0.7, 0.0)]);
        // PIT with u = 0.5: yes -> 0.3 + 0.35 = 0.65; no -> 0.15.
        assert_eq!(pit_histogram(&c, 10), [0, 1, 0, 0, 0, 0, 1, 0, 0, 0]);
    }
}
