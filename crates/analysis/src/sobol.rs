//! Variance-based sensitivity: first-order and total Sobol indices of one
//! output from the runs of a Saltelli design, with bootstrap intervals.
//!
//! Estimators: first order S_i = mean((f(B) - f0) (f(AB_i) - f(A))) / V
//! (Saltelli et al. 2010, table 2 (b), with the output centred on its mean
//! f0 as Sobol' (2001) advises: the same in expectation, but a probability
//! far from 0 no longer inflates its variance); total ST_i = mean((f(A) - f(AB_i))^2) / (2V)
//! (Jansen 1999; Saltelli et al. 2010, table 2 (f)); V the variance of f
//! over the rows of A and B together. Intervals: the percentile bootstrap
//! over the design's base rows (Archer, Saltelli & Sobol 1997), as SALib does.

use forecast_core::rng::Rng;
use serde::Serialize;

/// An estimate with its bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// One parameter's indices.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Indices {
    pub first: Estimate,
    pub total: Estimate,
}

/// The indices of every parameter for one output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sobol {
    /// The output's variance over A and B; the indices are `None` when it is
    /// zero (the output does not move).
    pub variance: f64,
    pub indices: Option<Vec<Indices>>,
    /// Bootstrap resamples in which the output did not vary, left out of
    /// the intervals: for a rare outcome the intervals are then conditional
    /// on the resample holding some of its rare runs.
    pub degenerate: usize,
}

/// How the bootstrap runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bootstrap {
    pub resamples: usize,
    /// The interval's coverage, e.g. 0.95.
    pub level: f64,
    pub seed: u64,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Bootstrap {
            resamples: 500,
            level: 0.95,
            seed: 0x5a17e111,
        }
    }
}

/// Point estimates over the base rows `rows` (indices into the design).
fn estimate(
    outputs: &[f64],
    k: usize,
    rows: impl Iterator<Item = usize> + Clone,
) -> Option<Vec<(f64, f64)>> {
    let width = k + 2;
    let n = rows.clone().count() as f64;
    // The variance over A and B, two passes for accuracy.
    let ab = rows
        .clone()
        .flat_map(|r| [outputs[r * width], outputs[r * width + 1]]);
    let mean = ab.clone().sum::<f64>() / (2.0 * n);
    let variance = ab.map(|y| (y - mean) * (y - mean)).sum::<f64>() / (2.0 * n - 1.0);
    if variance.is_nan() || variance <= 0.0 {
        return None;
    }
    Some(
        (0..k)
            .map(|i| {
                let (mut first, mut total) = (0.0, 0.0);
                for r in rows.clone() {
                    let row = &outputs[r * width..(r + 1) * width];
                    let (a, b, ab_i) = (row[0], row[1], row[2 + i]);
                    first += (b - mean) * (ab_i - a);
                    total += (a - ab_i) * (a - ab_i);
                }
                (first / n / variance, total / (2.0 * n) / variance)
            })
            .collect(),
    )
}

/// The variance over A and B of all base rows.
fn variance(outputs: &[f64], k: usize) -> f64 {
    let width = k + 2;
    let n = outputs.len() / width;
    let ab: Vec<f64> = (0..n)
        .flat_map(|r| [outputs[r * width], outputs[r * width + 1]])
        .collect();
    let mean = ab.iter().sum::<f64>() / ab.len() as f64;
    ab.iter().map(|y| (y - mean) * (y - mean)).sum::<f64>() / (ab.len() as f64 - 1.0)
}

/// The q-quantile of sorted values, linearly interpolated.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Sobol indices of `k` parameters from `outputs`, the output of every run
/// of a Saltelli design in its order (`forecast_core::Design::Saltelli`:
/// base row r, matrix m at r * (k + 2) + m). Needs at least two base rows.
pub fn sobol(outputs: &[f64], k: usize, bootstrap: Bootstrap) -> Sobol {
    let width = k + 2;
    assert!(
        outputs.len().is_multiple_of(width) && outputs.len() >= 2 * width,
        "a Saltelli design of at least 2 rows"
    );
    let n = outputs.len() / width;
    let variance = variance(outputs, k);
    let Some(point) = estimate(outputs, k, 0..n) else {
        return Sobol {
            variance,
            indices: None,
            degenerate: 0,
        };
    };
    // Each resample draws n base rows with replacement; all indices use
    // the same resample, as the rows carry every matrix.
    let mut rng = Rng::new(bootstrap.seed);
    let mut draws: Vec<Vec<(f64, f64)>> = Vec::with_capacity(bootstrap.resamples);
    let mut rows = vec![0usize; n];
    let mut degenerate = 0;
    for _ in 0..bootstrap.resamples {
        for r in rows.iter_mut() {
            *r = rng.below(n);
        }
        match estimate(outputs, k, rows.iter().copied()) {
            Some(e) => draws.push(e),
            None => degenerate += 1,
        }
    }
    let tail = (1.0 - bootstrap.level) / 2.0;
    let interval = |value: f64, pick: &dyn Fn(&(f64, f64)) -> f64, i: usize| {
        let mut v: Vec<f64> = draws.iter().map(|d| pick(&d[i])).collect();
        if v.is_empty() {
            return Estimate {
                value,
                low: value,
                high: value,
            };
        }
        v.sort_by(f64::total_cmp);
        Estimate {
            value,
            low: quantile(&v, tail),
            high: quantile(&v, 1.0 - tail),
        }
    };
    let indices = point
        .iter()
        .enumerate()
        .map(|(i, &(s1, st))| Indices {
            first: interval(s1, &|d| d.0, i),
            total: interval(st, &|d| d.1, i),
        })
        .collect();
    Sobol {
        variance,
        indices: Some(indices),
        degenerate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use forecast_core::Design;
    use forecast_core::sample::{DesignDraws, Sampling};
    use std::f64::consts::PI;

    /// The Saltelli design's outputs of `f` over k uniform(-pi, pi) inputs.
    fn run(f: impl Fn(&[f64]) -> f64, k: usize, base: u32) -> Vec<f64> {
        let design = Design::Saltelli { base };
        let draws: Vec<DesignDraws> = (0..k)
            .map(|j| {
                DesignDraws::new(
                    &format!("x{j}"),
                    design,
                    j,
                    k,
                    0,
                    2010,
                    Sampling::LatinHypercube,
                )
            })
            .collect();
        (0..design.samples(0, k))
            .map(|s| {
                let x: Vec<f64> = draws.iter().map(|d| -PI + 2.0 * PI * d.draw(s)).collect();
                f(&x)
            })
            .collect()
    }

    fn ishigami(x: &[f64]) -> f64 {
        x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
    }

    /// Analytic indices of the Ishigami function with a = 7, b = 0.1
    /// (Saltelli et al. 2008, 4.6; Sobol & Levitan 1999).
    pub fn ishigami_indices() -> ([f64; 3], [f64; 3]) {
        let (a, b) = (7.0f64, 0.1f64);
        let pi4 = PI.powi(4);
        let v1 = 0.5 * (1.0 + b * pi4 / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
        let v = v1 + v2 + v13;
        ([v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v])
    }

    #[test]
    fn ishigami_indices_fall_inside_their_intervals() {
        let (s1, st) = ishigami_indices();
        assert!((s1[0] - 0.3139).abs() < 1e-4 && (st[2] - 0.2437).abs() < 1e-4);
        let result = sobol(&run(ishigami, 3, 4096), 3, Bootstrap::default());
        let indices = result.indices.unwrap();
        for i in 0..3 {
            let Indices { first, total } = indices[i];
            assert!(
                first.low <= s1[i] && s1[i] <= first.high,
                "S{}: {first:?} vs {}",
                i + 1,
                s1[i]
            );
            assert!(
                total.low <= st[i] && st[i] <= total.high,
                "ST{}: {total:?} vs {}",
                i + 1,
                st[i]
            );
            assert!(
                first.high - first.low < 0.1 && total.high - total.low < 0.1,
                "{first:?} {total:?}"
            );
        }
    }

    #[test]
    fn an_additive_function_has_equal_first_and_total_indices() {
        // f = x0 + 2 x1: S = ST = (1, 4) / 5, x2 inert.
        let result = sobol(
            &run(|x| x[0] + 2.0 * x[1], 3, 2048),
            3,
            Bootstrap::default(),
        );
        let ix = result.indices.unwrap();
        for (i, want) in [0.2, 0.8, 0.0].into_iter().enumerate() {
            assert!((ix[i].first.value - want).abs() < 0.06, "{i}: {:?}", ix[i]);
            assert!((ix[i].total.value - want).abs() < 0.06, "{i}: {:?}", ix[i]);
        }
        // An inert parameter's total index is exactly 0: AB_2 equals A.
        assert_eq!(ix[2].total.value, 0.0);
    }

    #[test]
    fn a_constant_output_has_no_indices() {
        let result = sobol(&run(|_| 0.25, 2, 64), 2, Bootstrap::default());
        assert_eq!(result.indices, None);
        assert_eq!(result.variance, 0.0);
    }

    #[test]
    fn resamples_without_variance_are_counted() {
        // One run in 64 base rows moves: most resamples miss it.
        let mut out = vec![0.0; 64 * 3];
        out[5 * 3] = 1.0;
        let r = sobol(&out, 1, Bootstrap::default());
        assert!(r.indices.is_some());
        let share = r.degenerate as f64 / Bootstrap::default().resamples as f64;
        // P(a resample misses row 5) = (63/64)^64, about 0.37.
        assert!((share - 0.37).abs() < 0.07, "{share}");
    }

    #[test]
    fn the_same_outputs_give_the_same_bits() {
        let out = run(ishigami, 3, 256);
        assert_eq!(
            sobol(&out, 3, Bootstrap::default()),
            sobol(&out, 3, Bootstrap::default())
        );
    }
}
