//! Aggregating each model's samples and comparing models: per-outcome means
//! with 5-95% intervals across draws, an ensemble, and the disagreement.

use crate::model::{Forecast, ModelSpec};
use forecast_vocab::OUTCOME_COUNT;
use serde::Serialize;

/// A mean with the 5th, 50th and 95th percentiles across samples.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub mean: f64,
    pub p05: f64,
    /// The median.
    pub p50: f64,
    pub p95: f64,
}

/// The q-quantile of sorted values, linearly interpolated (Hyndman & Fan type 7).
pub(crate) fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

impl Interval {
    /// Summarises values (at least one). The mean is their exact sum,
    /// rounded once, over their count: the same bits in any order.
    pub fn of(values: &[f64]) -> Interval {
        let mean = crate::exact::exact_sum(values.iter().copied()) / values.len() as f64;
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        Interval {
            mean,
            p05: quantile(&sorted, 0.05),
            p50: quantile(&sorted, 0.5),
            p95: quantile(&sorted, 0.95),
        }
    }
}

/// One indicator's yearly summaries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorSummary {
    pub name: String,
    pub years: Vec<Interval>,
}

/// One model's result over all samples of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelResult {
    pub model: ModelSpec,
    pub samples: usize,
    /// In the order of [`forecast_vocab::OUTCOMES`].
    pub outcomes: [Interval; OUTCOME_COUNT],
    pub indicators: Vec<IndicatorSummary>,
    /// The forecast of the central case (uncertain parameters at their medians).
    pub central: Forecast,
}

impl ModelResult {
    /// Aggregates samples (at least one) and the central case; for a run
    /// that streams, see [`crate::aggregate::Aggregate`].
    pub fn new(model: ModelSpec, samples: &[Forecast], central: Forecast) -> ModelResult {
        let mut a = crate::aggregate::Aggregate::new(samples.len() as u32, &model);
        for block in samples.chunks(crate::aggregate::BLOCK as usize) {
            block.iter().for_each(|f| a.add(f));
            a.end_block();
        }
        a.finish(model, central)
    }

    /// Mean probability of each outcome.
    pub fn means(&self) -> [f64; OUTCOME_COUNT] {
        self.outcomes.map(|i| i.mean)
    }

    /// Checks a result put together from parts: `samples` samples, each
    /// outcome's summary probabilities in [0, 1], every indicator's
    /// summary a number or, where samples lacked it, NaN, never infinite.
    pub fn check(&self, samples: u32) -> Result<(), String> {
        if self.samples != samples as usize {
            return Err(format!(
                "it summarises {} samples of a run of {samples}",
                self.samples
            ));
        }
        let probability = |p: f64| (-1e-9..=1.0 + 1e-9).contains(&p);
        for (i, o) in self.outcomes.iter().zip(&forecast_vocab::OUTCOMES) {
            if ![i.mean, i.p05, i.p50, i.p95].into_iter().all(probability) {
                return Err(format!(
                    "P({}) is summarised as {} [{}-{}], not probabilities",
                    o.id, i.mean, i.p05, i.p95
                ));
            }
        }
        for s in &self.indicators {
            if let Some(y) = s.years.iter().position(|i| {
                [i.mean, i.p05, i.p50, i.p95]
                    .iter()
                    .any(|v| v.is_infinite())
            }) {
                return Err(format!("`{}` is infinite in its year {}", s.name, y + 1));
            }
        }
        Ok(())
    }
}

/// How model probabilities are pooled into an ensemble.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pooling {
    /// The plain average (Stone 1961): calibrated when models are, but
    /// under-confident.
    #[default]
    Linear,
    /// The geometric mean of odds, renormalised (Satopää et al. 2014):
    /// sharper; one model's near-zero pulls the outcome down.
    GeometricOdds,
}

/// Pools distributions (each summing to 1) into one that sums to 1.
pub fn pool(distributions: &[[f64; OUTCOME_COUNT]], method: Pooling) -> [f64; OUTCOME_COUNT] {
    let n = distributions.len() as f64;
    let pooled: [f64; OUTCOME_COUNT] = std::array::from_fn(|o| match method {
        Pooling::Linear => distributions.iter().map(|d| d[o]).sum::<f64>() / n,
        Pooling::GeometricOdds => {
            // Odds are clamped away from 0 and infinity so a certain outcome stays finite.
            let log_odds = distributions
                .iter()
                .map(|d| {
                    let p = d[o].clamp(1e-12, 1.0 - 1e-12);
                    libm::log(p / (1.0 - p))
                })
                .sum::<f64>()
                / n;
            let odds = libm::exp(log_odds);
            odds / (1.0 + odds)
        }
    });
    let total: f64 = pooled.iter().sum();
    pooled.map(|p| p / total)
}

/// Jensen-Shannon divergence in bits: 0 for identical distributions, 1 for
/// ones with disjoint support.
pub fn jensen_shannon(p: &[f64], q: &[f64]) -> f64 {
    let kl = |a: &[f64], m: &[f64]| -> f64 {
        a.iter()
            .zip(m)
            .filter(|(x, _)| **x > 0.0)
            .map(|(x, y)| x * libm::log2(x / y))
            .sum()
    };
    let m: Vec<f64> = p.iter().zip(q).map(|(a, b)| (a + b) / 2.0).collect();
    (0.5 * kl(p, &m) + 0.5 * kl(q, &m)).max(0.0)
}

/// The divergence of two models' mean distributions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairDivergence {
    pub a: String,
    pub b: String,
    pub jensen_shannon: f64,
}

/// The comparison of models on one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub models: Vec<ModelResult>,
    pub pooling: Pooling,
    pub ensemble: [f64; OUTCOME_COUNT],
    /// Per outcome, the largest minus the smallest model mean.
    pub spread: [f64; OUTCOME_COUNT],
    pub divergence: Vec<PairDivergence>,
}

impl Comparison {
    /// Compares model results (at least one).
    pub fn new(models: Vec<ModelResult>, pooling: Pooling) -> Comparison {
        let means: Vec<[f64; OUTCOME_COUNT]> = models.iter().map(ModelResult::means).collect();
        let ensemble = pool(&means, pooling);
        let spread = std::array::from_fn(|o| {
            let (lo, hi) = means
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), m| {
                    (lo.min(m[o]), hi.max(m[o]))
                });
            hi - lo
        });
        let mut divergence = Vec::new();
        for i in 0..models.len() {
            for j in i + 1..models.len() {
                divergence.push(PairDivergence {
                    a: models[i].model.id.clone(),
                    b: models[j].model.id.clone(),
                    jensen_shannon: jensen_shannon(&means[i], &means[j]),
                });
            }
        }
        Comparison {
            models,
            pooling,
            ensemble,
            spread,
            divergence,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_interpolate_percentiles() {
        let v: Vec<f64> = (0..=100).map(f64::from).collect();
        let i = Interval::of(&v);
        assert_eq!((i.mean, i.p05, i.p95), (50.0, 5.0, 95.0));
        let one = Interval::of(&[0.3]);
        assert_eq!((one.p05, one.p95), (0.3, 0.3));
    }

    #[test]
    fn pools_sum_to_one_and_linear_is_the_average() {
        let a = [0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0];
        let b = [0.1, 0.3, 0.2, 0.1, 0.1, 0.1, 0.1];
        let lin = pool(&[a, b], Pooling::Linear);
        assert!((lin[0] - 0.3).abs() < 1e-15);
        for method in [Pooling::Linear, Pooling::GeometricOdds] {
            let p = pool(&[a, b], method);
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
        let geo = pool(&[a, b], Pooling::GeometricOdds);
        assert!(
            geo[2] < 1e-4,
            "a zero pulls the geometric pool towards zero: {}",
            geo[2]
        );
    }

    #[test]
    fn jensen_shannon_is_bounded_and_symmetric() {
        let a = [1.0, 0.0];
        let b = [0.0, 1.0];
        assert!((jensen_shannon(&a, &b) - 1.0).abs() < 1e-12);
        assert_eq!(jensen_shannon(&a, &a), 0.0);
        let c = [0.3, 0.7];
        assert!((jensen_shannon(&a, &c) - jensen_shannon(&c, &a)).abs() < 1e-15);
    }
}
