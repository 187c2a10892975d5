//! Calibration by importance sampling from the prior: each sample of a
//! scenario weighed by the likelihood of the observed yearly record under
//! that sample's forecasts.
//!
//! A model's per-year forecasts make the likelihood exact, so no distance
//! or tolerance is needed (as approximate Bayesian computation would):
//! for a binary series, p_t if the event happened in year t and 1 - p_t if
//! not; for a count series, the Poisson probability of the count. Years
//! and series are taken as independent given the sample (the sample's
//! forecasts already carry what it says about their dependence through the
//! parameters). The weights, normalised, give the posterior; their
//! effective sample size (Kish) says how many prior samples it rests on.
//!
//! Pure numbers: no model, no file, nothing printed.

use crate::record::Kind;
use crate::scores::CLIP;

/// ln P(observed | the sample's forecast `value` of one year): a binary
/// probability clipped to [CLIP, 1 - CLIP] as the log score is, or a
/// Poisson mean (a count of 0 with a mean of 0 is certain; a positive
/// count with a mean of 0 costs as much as a clipped probability).
pub fn log_likelihood(kind: Kind, value: f64, observed: f64) -> f64 {
    match kind {
        Kind::Binary => {
            let p = value.clamp(CLIP, 1.0 - CLIP);
            if observed >= 0.5 {
                p.ln()
            } else {
                (1.0 - p).ln()
            }
        }
        Kind::Count => {
            let rate = value.max(0.0);
            let k = observed.max(0.0).round();
            if rate == 0.0 {
                return if k == 0.0 { 0.0 } else { CLIP.ln() };
            }
            (k * rate.ln() - rate - libm::lgamma(k + 1.0)).max(CLIP.ln() * (1.0 + k))
        }
    }
}

/// What a model's calibration on a record rests on: its weights, and the
/// series it was fitted to (those it emits) with how many years of each.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub weights: Weights,
    pub series: Vec<(String, usize)>,
}

/// Normalised importance weights, with what they say about themselves.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// One per sample, summing to 1.
    pub weights: Vec<f64>,
    /// Kish's effective sample size, (sum w)^2 / sum w^2: from 1 (one sample
    /// holds all the weight) to the number of samples (all equal).
    pub ess: f64,
    /// ln of the mean likelihood: the log evidence of the record under the
    /// prior, by which two models' fits to the same record compare.
    pub log_evidence: f64,
}

impl Weights {
    /// From each sample's log-likelihood, by the log-sum-exp so that no
    /// likelihood underflows. `None` with no samples, or when any is NaN.
    pub fn from_log_likelihoods(log_l: &[f64]) -> Option<Weights> {
        if log_l.is_empty() || log_l.iter().any(|l| l.is_nan()) {
            return None;
        }
        let top = log_l.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if top == f64::NEG_INFINITY {
            return None;
        }
        let raw: Vec<f64> = log_l.iter().map(|l| (l - top).exp()).collect();
        let sum: f64 = raw.iter().sum();
        let weights: Vec<f64> = raw.iter().map(|w| w / sum).collect();
        let ess = 1.0 / weights.iter().map(|w| w * w).sum::<f64>();
        let log_evidence = top + (sum / log_l.len() as f64).ln();
        Some(Weights {
            weights,
            ess,
            log_evidence,
        })
    }

    /// The weighted mean of `values` (one per sample).
    pub fn mean(&self, values: &[f64]) -> f64 {
        self.weights.iter().zip(values).map(|(w, v)| w * v).sum()
    }

    /// The weighted `q`-quantile of `values`: the smallest value whose
    /// cumulative weight reaches q.
    pub fn quantile(&self, values: &[f64], q: f64) -> f64 {
        let mut order: Vec<usize> = (0..values.len().min(self.weights.len())).collect();
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]).then(a.cmp(&b)));
        let mut cumulative = 0.0;
        for &i in &order {
            cumulative += self.weights[i];
            if cumulative >= q - 1e-12 {
                return values[i];
            }
        }
        order.last().map_or(f64::NAN, |&i| values[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use forecast_core::rng::{Rng, derive_seed};

    #[test]
    fn the_likelihood_of_a_year() {
        assert!((log_likelihood(Kind::Binary, 0.2, 1.0) - 0.2f64.ln()).abs() < 1e-15);
        assert!((log_likelihood(Kind::Binary, 0.2, 0.0) - 0.8f64.ln()).abs() < 1e-15);
        assert!((log_likelihood(Kind::Binary, 0.0, 1.0) - CLIP.ln()).abs() < 1e-15);
        let poisson = (3.0 * 2f64.ln() - 2.0 - 6f64.ln()).abs();
        assert!((log_likelihood(Kind::Count, 2.0, 3.0).abs() - poisson).abs() < 1e-12);
        assert_eq!(log_likelihood(Kind::Count, 0.0, 0.0), 0.0);
        assert!(log_likelihood(Kind::Count, 0.0, 4.0).is_finite());
    }

    #[test]
    fn weights_normalise_and_count_their_effective_samples() {
        let w = Weights::from_log_likelihoods(&[0.0, 0.0, 0.0, 0.0]).unwrap();
        assert_eq!(w.weights, [0.25; 4]);
        assert!((w.ess - 4.0).abs() < 1e-12 && w.log_evidence.abs() < 1e-15);
        let one = Weights::from_log_likelihoods(&[-1e6, 0.0, -1e6]).unwrap();
        assert!((one.ess - 1.0).abs() < 1e-12 && one.weights[1] == 1.0);
        // Far below underflow, the weights still come out.
        let deep = Weights::from_log_likelihoods(&[-2000.0, -2000.0 - 2f64.ln()]).unwrap();
        assert!((deep.weights[0] - 2.0 / 3.0).abs() < 1e-12);
        assert!(Weights::from_log_likelihoods(&[]).is_none());
        assert!(Weights::from_log_likelihoods(&[f64::NAN]).is_none());
        let q = Weights::from_log_likelihoods(&[0.0; 4]).unwrap();
        assert_eq!(q.quantile(&[4.0, 1.0, 3.0, 2.0], 0.5), 2.0);
        assert_eq!(q.quantile(&[4.0, 1.0, 3.0, 2.0], 1.0), 4.0);
    }

    #[test]
    fn a_uniform_prior_on_a_yearly_hazard_gives_the_beta_posterior() {
        // k = 3 events in n = 17 years, hazard uniform on [0, 1] = Beta(1, 1):
        // the posterior is Beta(4, 15), mean 4/19, variance ab/((a+b)^2 (a+b+1)).
        let (k, n) = (3.0, 17.0);
        let samples = 20_000;
        let draws: Vec<f64> = (0..samples)
            .map(|i| {
                let mut rng = Rng::new(derive_seed(7, 1, i as u64));
                (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
            })
            .collect();
        let log_l: Vec<f64> = draws
            .iter()
            .map(|&p| {
                k * log_likelihood(Kind::Binary, p, 1.0)
                    + (n - k) * log_likelihood(Kind::Binary, p, 0.0)
            })
            .collect();
        let w = Weights::from_log_likelihoods(&log_l).unwrap();
        let (a, b) = (k + 1.0, n - k + 1.0);
        let mean = a / (a + b);
        let sd = (a * b / ((a + b).powi(2) * (a + b + 1.0))).sqrt();
        let error = sd / w.ess.sqrt();
        assert!(
            (w.mean(&draws) - mean).abs() < 4.0 * error,
            "{} vs {mean}",
            w.mean(&draws)
        );
        // The median of Beta(4, 15) is about 0.2002 (the incomplete beta's root).
        assert!((w.quantile(&draws, 0.5) - 0.2002).abs() < 0.01);
        assert!(w.ess > 0.2 * samples as f64 && w.ess < samples as f64);
    }
}
