//! Predictive distributions of one year's value of a series, and their
//! proper scores: what `forecast backtest` scores against the record.
//!
//! - A binary series (did the event happen in the year?) is forecast by a
//!   probability. A model's is the mean over its samples of P(event in t).
//! - A count series is forecast by a distribution over 0, 1, 2, ... A
//!   model's is the mixture over its samples of Poisson counts, each with
//!   that sample's expected count as its mean.
//!
//! Scores, as losses (lower is better): the ranked probability score (for a
//! binary forecast it is the Brier score) and the log score, -ln of the
//! probability given to what happened, clipped at [`CLIP`] as in
//! [`crate::scores`]. References known at a forecast's origin: the running
//! base rate and persistence, from the record up to the origin.
//!
//! Pure numbers: no model, no file, nothing printed.

use crate::record::Kind;
use crate::scores::CLIP;

/// A forecast of one year's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Predictive {
    /// P(the event happens in the year).
    Binary(f64),
    /// P(count = k) for k = 0..pmf.len(); what is left of 1 lies beyond.
    Count(Vec<f64>),
}

/// Largest count a predictive distribution spans: bounds memory for a
/// model that claims absurd rates.
pub const MAX_COUNT: usize = 5000;

/// P(k) of a Poisson count with mean `rate`, for k = 0..len, in logs so that
/// large rates do not underflow at k = 0.
fn poisson_pmf(rate: f64, len: usize) -> impl Iterator<Item = f64> {
    let rate = rate.max(0.0);
    let ln_rate = rate.ln();
    let mut ln_p = -rate;
    (0..len).map(move |k| {
        if k > 0 {
            ln_p += ln_rate - (k as f64).ln();
        }
        if rate == 0.0 {
            if k == 0 { 1.0 } else { 0.0 }
        } else {
            ln_p.exp()
        }
    })
}

/// How far a count distribution with mean `rate` reaches, with a margin that
/// leaves a tail below 1e-12.
fn reach(rate: f64) -> usize {
    let r = rate.max(0.0);
    ((r + 12.0 * r.sqrt() + 16.0).ceil() as usize).min(MAX_COUNT)
}

impl Predictive {
    /// A model's forecast from its samples' values: for a binary series each
    /// value is P(event in t), for a count series a Poisson mean. `None`
    /// when there are no samples.
    pub fn from_samples(kind: Kind, values: &[f64]) -> Option<Predictive> {
        Predictive::from_weighted_samples(kind, values, None)
    }

    /// [`Predictive::from_samples`] with each sample weighted (`weights`
    /// sum to 1, one per value; `None`: equal weights): the posterior
    /// forecast of a calibrated scenario.
    pub fn from_weighted_samples(
        kind: Kind,
        values: &[f64],
        weights: Option<&[f64]>,
    ) -> Option<Predictive> {
        if values.is_empty() || weights.is_some_and(|w| w.len() != values.len()) {
            return None;
        }
        let n = values.len() as f64;
        // Equal weights divide by n, as a mean does (the same bits as one).
        let weighted = |i: usize, x: f64| weights.map_or(x / n, |w| w[i] * x);
        Some(match kind {
            Kind::Binary => Predictive::Binary(match weights {
                None => values.iter().map(|p| p.clamp(0.0, 1.0)).sum::<f64>() / n,
                Some(_) => values
                    .iter()
                    .enumerate()
                    .map(|(i, p)| weighted(i, p.clamp(0.0, 1.0)))
                    .sum::<f64>()
                    .clamp(0.0, 1.0),
            }),
            Kind::Count => {
                let len = values.iter().map(|&r| reach(r)).max().unwrap_or(1);
                let mut pmf = vec![0.0; len];
                for (i, &rate) in values.iter().enumerate() {
                    if weights.is_some_and(|w| w[i] == 0.0) {
                        continue;
                    }
                    for (slot, p) in pmf.iter_mut().zip(poisson_pmf(rate, len)) {
                        *slot += weighted(i, p);
                    }
                }
                Predictive::Count(pmf)
            }
        })
    }

    /// The negative binomial count with this mean and variance (the Poisson
    /// when the variance is not above the mean): the overdispersed count
    /// the references use.
    pub fn negative_binomial(mean: f64, variance: f64) -> Predictive {
        let m = mean.max(0.0);
        if variance <= m || m == 0.0 {
            return Predictive::Count(poisson_pmf(m, reach(m)).collect());
        }
        // size r and success probability p with mean r(1-p)/p = m.
        let r = m * m / (variance - m);
        let p = r / (r + m);
        let len = reach(variance.sqrt() * 3.0 + m);
        let (ln_p, ln_q) = (p.ln(), (1.0 - p).ln());
        let lg_r = libm::lgamma(r);
        Predictive::Count(
            (0..len)
                .map(|k| {
                    let k = k as f64;
                    (libm::lgamma(k + r) - lg_r - libm::lgamma(k + 1.0) + r * ln_p + k * ln_q).exp()
                })
                .collect(),
        )
    }

    /// The linear pool: the mean of the forecasts' distributions. `None`
    /// when there are none or they are of different kinds.
    pub fn pool(forecasts: &[&Predictive]) -> Option<Predictive> {
        let n = forecasts.len() as f64;
        match forecasts.first()? {
            Predictive::Binary(_) => {
                let mut sum = 0.0;
                for f in forecasts {
                    let Predictive::Binary(p) = f else {
                        return None;
                    };
                    sum += p;
                }
                Some(Predictive::Binary(sum / n))
            }
            Predictive::Count(_) => {
                let mut pmf: Vec<f64> = Vec::new();
                for f in forecasts {
                    let Predictive::Count(q) = f else { return None };
                    if q.len() > pmf.len() {
                        pmf.resize(q.len(), 0.0);
                    }
                    for (slot, p) in pmf.iter_mut().zip(q) {
                        *slot += p / n;
                    }
                }
                Some(Predictive::Count(pmf))
            }
        }
    }

    /// The expected value: P(event), or the mean count.
    pub fn mean(&self) -> f64 {
        match self {
            Predictive::Binary(p) => *p,
            Predictive::Count(pmf) => pmf.iter().enumerate().map(|(k, p)| k as f64 * p).sum(),
        }
    }

    /// P(value <= k).
    pub fn cdf(&self, k: usize) -> f64 {
        match self {
            Predictive::Binary(p) => {
                if k == 0 {
                    1.0 - p
                } else {
                    1.0
                }
            }
            Predictive::Count(pmf) => pmf.iter().take(k + 1).sum::<f64>().min(1.0),
        }
    }

    /// The probability given to the value `y`.
    pub fn probability(&self, y: f64) -> f64 {
        match self {
            Predictive::Binary(p) => {
                if y >= 0.5 {
                    *p
                } else {
                    1.0 - p
                }
            }
            Predictive::Count(pmf) => pmf.get(y as usize).copied().unwrap_or(0.0),
        }
    }

    /// The log score as a loss: -ln P(y), clipped at [`CLIP`] (a binary
    /// forecast also at 1 - CLIP, as [`crate::scores::log_loss`]).
    pub fn log_loss(&self, y: f64) -> f64 {
        let p = match self {
            Predictive::Binary(p) => {
                let p = p.clamp(CLIP, 1.0 - CLIP);
                if y >= 0.5 { p } else { 1.0 - p }
            }
            Predictive::Count(_) => self.probability(y).max(CLIP),
        };
        -p.ln()
    }

    /// The ranked probability score, sum over k of (F(k) - 1{y <= k})^2 (Epstein
    /// 1969), unnormalised so that for a binary forecast it is the Brier
    /// score. A count's sum runs to where both terms are 1.
    pub fn rps(&self, y: f64) -> f64 {
        match self {
            Predictive::Binary(p) => (p - y) * (p - y),
            Predictive::Count(pmf) => {
                let y = y as usize;
                let mut cdf = 0.0;
                let mut sum = 0.0;
                for k in 0..pmf.len().max(y + 1) {
                    cdf += pmf.get(k).copied().unwrap_or(0.0);
                    let step = if y <= k { 1.0 } else { 0.0 };
                    sum += (cdf.min(1.0) - step).powi(2);
                }
                sum
            }
        }
    }

    /// The randomised probability integral transform of `y` with the
    /// uniform draw `u`: F(y - 1) + u P(y) (Czado, Gneiting & Held 2009).
    /// Uniform on [0, 1] when the forecast is calibrated.
    pub fn pit(&self, y: f64, u: f64) -> f64 {
        let below = if y >= 1.0 {
            self.cdf(y as usize - 1)
        } else {
            0.0
        };
        (below + u * self.probability(y)).clamp(0.0, 1.0)
    }
}

/// Smoothed share: (k + 1/2) / (n + 1), Jeffreys' prior, so that a
/// reference never gives an event probability 0 or 1.
fn share(k: f64, n: f64) -> f64 {
    (k + 0.5) / (n + 1.0)
}

/// The running base rate from the values known at the origin (`history`,
/// oldest first): for a binary series, the smoothed share of years with the
/// event; for a count series, a negative binomial with the years' mean
/// (smoothed as the share is) and variance.
pub fn base_rate(kind: Kind, history: &[f64]) -> Predictive {
    let n = history.len() as f64;
    let sum: f64 = history.iter().sum();
    match kind {
        Kind::Binary => Predictive::Binary(share(sum, n)),
        Kind::Count => {
            let mean = share(sum, n);
            let var = if history.len() > 1 {
                history.iter().map(|v| (v - sum / n).powi(2)).sum::<f64>() / (n - 1.0)
            } else {
                0.0
            };
            Predictive::negative_binomial(mean, var)
        }
    }
}

/// Persistence: the last known value, `lead` years on. For a binary series,
/// the smoothed share of the record's year pairs `lead` years apart (both
/// known at the origin) in which a year like the last one was followed by
/// the event; for a count series, a negative binomial with the last value
/// as its mean (at least 1/2) and the variance of the changes over `lead`
/// years. `history` is oldest first and not empty.
pub fn persistence(kind: Kind, history: &[f64], lead: usize) -> Predictive {
    let Some(&last) = history.last() else {
        return base_rate(kind, history);
    };
    let pairs = history.iter().zip(history.iter().skip(lead.max(1)));
    match kind {
        Kind::Binary => {
            let (mut n, mut k) = (0.0, 0.0);
            for (a, b) in pairs {
                if (*a >= 0.5) == (last >= 0.5) {
                    n += 1.0;
                    k += *b;
                }
            }
            Predictive::Binary(share(k, n))
        }
        Kind::Count => {
            let changes: Vec<f64> = pairs.map(|(a, b)| b - a).collect();
            let n = changes.len() as f64;
            let var = if n > 0.0 {
                changes.iter().map(|d| d * d).sum::<f64>() / n
            } else {
                0.0
            };
            let mean = last.max(0.5);
            Predictive::negative_binomial(mean, var + mean)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn a_binary_forecast_scores_as_the_brier_and_log_score() {
        let f = Predictive::from_samples(Kind::Binary, &[0.1, 0.3]).unwrap();
        assert_eq!(f, Predictive::Binary(0.2));
        assert!(close(f.rps(1.0), 0.64, 1e-15));
        assert!(close(f.rps(0.0), 0.04, 1e-15));
        assert!(close(f.log_loss(1.0), -(0.2f64.ln()), 1e-15));
        assert!(close(
            Predictive::Binary(0.0).log_loss(1.0),
            -(CLIP.ln()),
            1e-15
        ));
        assert!(close(f.pit(1.0, 0.5), 0.8 + 0.1, 1e-15));
    }

    #[test]
    fn a_count_forecast_is_the_mixture_of_poisson_counts() {
        let f = Predictive::from_samples(Kind::Count, &[1.0, 3.0]).unwrap();
        let p0 = ((-1.0f64).exp() + (-3.0f64).exp()) / 2.0;
        assert!(close(f.probability(0.0), p0, 1e-15));
        let p2 = ((-1.0f64).exp() / 2.0 + 9.0 * (-3.0f64).exp() / 2.0) / 2.0;
        assert!(close(f.probability(2.0), p2, 1e-15));
        assert!(close(f.mean(), 2.0, 1e-12));
        assert!(close(f.cdf(10_000), 1.0, 1e-12));
        // A huge rate neither underflows nor spans more than MAX_COUNT.
        let big = Predictive::from_samples(Kind::Count, &[1000.0, 1e12]).unwrap();
        let Predictive::Count(pmf) = &big else {
            panic!()
        };
        assert!(pmf.len() <= MAX_COUNT && close(big.probability(1000.0), 0.0126 / 2.0, 1e-3));
    }

    #[test]
    fn the_rps_of_a_count_by_hand() {
        // P(0) = 0.5, P(1) = 0.3, P(2) = 0.2; y = 1:
        // (0.5 - 0)^2 + (0.8 - 1)^2 + (1 - 1)^2 = 0.29.
        let f = Predictive::Count(vec![0.5, 0.3, 0.2]);
        assert!(close(f.rps(1.0), 0.29, 1e-15));
        // y beyond the support: every F(k) < 1 term counts, then (1 - 0)^2 ... none.
        assert!(close(f.rps(4.0), 0.25 + 0.64 + 1.0 + 1.0, 1e-15));
        // A sure forecast of the value scores 0.
        assert_eq!(Predictive::Count(vec![0.0, 1.0]).rps(1.0), 0.0);
        assert!(close(f.pit(1.0, 0.0), 0.5, 1e-15));
    }

    #[test]
    fn weighted_samples_weigh_the_mixture() {
        let w = [0.75, 0.25];
        let f = Predictive::from_weighted_samples(Kind::Binary, &[0.2, 0.6], Some(&w)).unwrap();
        assert!(close(f.mean(), 0.3, 1e-15));
        let c = Predictive::from_weighted_samples(Kind::Count, &[0.0, 2.0], Some(&w)).unwrap();
        assert!(close(
            c.probability(0.0),
            0.75 + 0.25 * (-2.0f64).exp(),
            1e-15
        ));
        assert!(close(c.mean(), 0.5, 1e-12));
        assert_eq!(
            Predictive::from_weighted_samples(Kind::Binary, &[0.2], Some(&w)),
            None
        );
    }

    #[test]
    fn the_negative_binomial_has_its_moments() {
        let f = Predictive::negative_binomial(4.0, 12.0);
        let Predictive::Count(pmf) = &f else { panic!() };
        let mean = f.mean();
        let var: f64 = pmf
            .iter()
            .enumerate()
            .map(|(k, p)| (k as f64 - mean).powi(2) * p)
            .sum();
        assert!(
            close(mean, 4.0, 1e-6) && close(var, 12.0, 1e-3),
            "{mean} {var}"
        );
        assert!(close(
            Predictive::negative_binomial(2.0, 1.0).mean(),
            2.0,
            1e-9
        ));
    }

    #[test]
    fn the_pool_averages_distributions() {
        let a = Predictive::Count(vec![1.0]);
        let b = Predictive::Count(vec![0.0, 0.5, 0.5]);
        assert_eq!(
            Predictive::pool(&[&a, &b]),
            Some(Predictive::Count(vec![0.5, 0.25, 0.25]))
        );
        let p = Predictive::pool(&[&Predictive::Binary(0.2), &Predictive::Binary(0.4)]);
        assert!(close(p.unwrap().mean(), 0.3, 1e-15));
        assert_eq!(Predictive::pool(&[&a, &Predictive::Binary(0.2)]), None);
        assert_eq!(Predictive::pool(&[]), None);
    }

    #[test]
    fn references_use_only_the_history_they_are_given() {
        let h = [0.0, 1.0, 0.0, 0.0, 1.0, 0.0];
        assert_eq!(base_rate(Kind::Binary, &h), Predictive::Binary(2.5 / 7.0));
        // Last year 0; pairs one apart starting in a 0 year: (0,1), (0,0), (0,1), (1->skip)...
        // from 0: 0->1, 0->0, 0->1, 1->0 skipped, 1->0 skipped: 3 pairs, 2 events.
        assert_eq!(
            persistence(Kind::Binary, &h, 1),
            Predictive::Binary(2.5 / 4.0)
        );
        let counts = [2.0, 4.0, 6.0];
        assert!(close(
            base_rate(Kind::Count, &counts).mean(),
            12.5 / 4.0,
            1e-6
        ));
        assert!(close(
            persistence(Kind::Count, &counts, 1).mean(),
            6.0,
            1e-6
        ));
        assert!(close(persistence(Kind::Count, &[0.0], 1).mean(), 0.5, 1e-9));
    }
}
