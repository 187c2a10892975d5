//! The robustness metrics of McPhail et al. (2018) for each policy, per
//! model and across models, from every (model, sample) evaluation:
//!
//! - the expected value: the mean over samples (across models: the mean of
//!   the models' means, each model weighing the same);
//! - a percentile over samples on the bad side: the `q`th of a quantity to
//!   maximise, the `1 - q`th of one to minimise (across models: over every
//!   (model, sample) pair);
//! - regret (Savage 1951): on each (model, sample), how far the policy falls
//!   short of the best policy for that (model, sample); its maximum is the
//!   minimax-regret criterion, and its mean is reported beside it;
//! - satisficing (Simon 1956; Starr 1963): the share of (model, sample)
//!   pairs in which every constraint holds;
//! - the worst model (the model whose mean is worst) and the spread (the
//!   best model's mean less the worst's).
//!
//! Models that failed for some policy are left out of every comparison, so
//! that each policy is judged on the same models and samples (the caller
//! reports them).

use crate::eval::{Constraint, Direction, Evaluations, Objective};
use serde::Serialize;

/// How the metrics are computed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// The percentile on the bad side, as a share (0.1: the 10th percentile
    /// of a quantity to maximise, the 90th of one to minimise).
    pub tail: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options { tail: 0.1 }
    }
}

/// One objective's metrics for one policy, on one model or across models.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    pub mean: f64,
    /// The percentile on the bad side ([`Options::tail`]).
    pub tail: f64,
    pub max_regret: f64,
    pub mean_regret: f64,
}

/// Everything the metrics say of one policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyMetrics {
    /// Per model (in [`Metrics::models`]' order), per objective.
    pub per_model: Vec<Vec<Scores>>,
    /// Across models, per objective.
    pub across: Vec<Scores>,
    /// Per objective: the model whose mean is worst (an index into
    /// [`Metrics::models`]) and that mean.
    pub worst_model: Vec<(usize, f64)>,
    /// Per objective: the best model's mean less the worst's, in absolute value.
    pub spread: Vec<f64>,
    /// Share of samples meeting every constraint, per model.
    pub satisficing_per_model: Vec<f64>,
    /// Share of (model, sample) pairs meeting every constraint.
    pub satisficing: f64,
}

/// Two policies that the models rank in opposite orders on an objective.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flip {
    pub objective: usize,
    /// The two policies (indices), `a` before `b`.
    pub a: usize,
    pub b: usize,
    /// The models (indices into [`Metrics::models`]) whose mean prefers `a`,
    /// and those that prefer `b`.
    pub prefer_a: Vec<usize>,
    pub prefer_b: Vec<usize>,
}

/// The metrics of every policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    /// The models compared (indices into [`Evaluations::models`]): those
    /// that ran for every policy.
    pub models: Vec<usize>,
    /// Per policy, in [`Evaluations::policies`]' order.
    pub policies: Vec<PolicyMetrics>,
    pub flips: Vec<Flip>,
}

/// The `q`-quantile of `values` (sorted in place), linearly interpolated
/// (Hyndman & Fan type 7).
pub fn quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let h = (values.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    values[lo] + (h - lo as f64) * (values[hi] - values[lo])
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

/// The bad-side percentile of `values` for `direction`.
fn tail(values: &[f64], direction: Direction, options: Options) -> f64 {
    let q = match direction {
        Direction::Max => options.tail,
        Direction::Min => 1.0 - options.tail,
    };
    quantile(&mut values.to_vec(), q)
}

/// Computes the metrics of every policy of `e` on `objectives` (the first
/// quantities of `e`, in order) and `constraints`.
pub fn metrics(
    e: &Evaluations,
    objectives: &[Objective],
    constraints: &[Constraint],
    options: Options,
) -> Metrics {
    let models = e.complete_models();
    let (n, k) = (e.samples, objectives.len());
    // The best value of each objective over the policies, per (model, sample).
    let best: Vec<Vec<Vec<f64>>> = models
        .iter()
        .map(|&m| {
            (0..n)
                .map(|s| {
                    objectives
                        .iter()
                        .enumerate()
                        .map(|(q, o)| {
                            (0..e.policies.len())
                                .filter_map(|p| e.at(p, m, s, q))
                                .reduce(|a, b| o.direction.best(a, b))
                                .unwrap_or(f64::NAN)
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let policies: Vec<PolicyMetrics> = (0..e.policies.len())
        .map(|p| {
            let mut per_model = Vec::with_capacity(models.len());
            let mut pooled: Vec<Vec<f64>> = vec![Vec::new(); k];
            let mut pooled_regret: Vec<Vec<f64>> = vec![Vec::new(); k];
            let mut satisficing_per_model = Vec::with_capacity(models.len());
            for (i, &m) in models.iter().enumerate() {
                let mut scores = Vec::with_capacity(k);
                for (q, o) in objectives.iter().enumerate() {
                    let values = e.column(p, m, q).unwrap_or_default();
                    let regret: Vec<f64> = values
                        .iter()
                        .enumerate()
                        .map(|(s, v)| o.direction.shortfall(best[i][s][q], *v))
                        .collect();
                    scores.push(Scores {
                        mean: mean(&values),
                        tail: tail(&values, o.direction, options),
                        max_regret: regret.iter().copied().fold(0.0, f64::max),
                        mean_regret: mean(&regret),
                    });
                    pooled[q].extend(&values);
                    pooled_regret[q].extend(regret);
                }
                per_model.push(scores);
                let met = (0..n)
                    .filter(|&s| {
                        constraints
                            .iter()
                            .all(|c| e.at(p, m, s, c.quantity).is_some_and(|v| c.met(v)))
                    })
                    .count();
                satisficing_per_model.push(met as f64 / n.max(1) as f64);
            }
            let across = objectives
                .iter()
                .enumerate()
                .map(|(q, o)| Scores {
                    mean: mean(&per_model.iter().map(|s| s[q].mean).collect::<Vec<_>>()),
                    tail: tail(&pooled[q], o.direction, options),
                    max_regret: pooled_regret[q].iter().copied().fold(0.0, f64::max),
                    mean_regret: mean(&pooled_regret[q]),
                })
                .collect();
            let (worst_model, spread) = objectives
                .iter()
                .enumerate()
                .map(|(q, o)| {
                    let means: Vec<f64> = per_model.iter().map(|s| s[q].mean).collect();
                    let worst = (0..means.len())
                        .reduce(|a, b| {
                            if o.direction.better(means[a], means[b]) {
                                b
                            } else {
                                a
                            }
                        })
                        .unwrap_or(0);
                    let (lo, hi) = means
                        .iter()
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                            (lo.min(*v), hi.max(*v))
                        });
                    (
                        (worst, means.get(worst).copied().unwrap_or(f64::NAN)),
                        hi - lo,
                    )
                })
                .unzip();
            PolicyMetrics {
                satisficing: mean(&satisficing_per_model),
                per_model,
                across,
                worst_model,
                spread,
                satisficing_per_model,
            }
        })
        .collect();
    let flips = flips(&policies, objectives, models.len());
    Metrics {
        models,
        policies,
        flips,
    }
}

/// The pairs of policies whose order by mean flips between models, per
/// objective; differences within 1e-9 are ties.
fn flips(policies: &[PolicyMetrics], objectives: &[Objective], models: usize) -> Vec<Flip> {
    let mut out = Vec::new();
    for (q, o) in objectives.iter().enumerate() {
        for a in 0..policies.len() {
            for b in a + 1..policies.len() {
                let mut flip = Flip {
                    objective: q,
                    a,
                    b,
                    prefer_a: Vec::new(),
                    prefer_b: Vec::new(),
                };
                for m in 0..models {
                    let (va, vb) = (
                        policies[a].per_model[m][q].mean,
                        policies[b].per_model[m][q].mean,
                    );
                    if (va - vb).abs() <= 1e-9 {
                        continue;
                    }
                    if o.direction.better(va, vb) {
                        flip.prefer_a.push(m);
                    } else {
                        flip.prefer_b.push(m);
                    }
                }
                if !flip.prefer_a.is_empty() && !flip.prefer_b.is_empty() {
                    out.push(flip);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three policies, two models, two samples, one objective (max) and a
    /// second quantity that a constraint reads:
    ///
    /// ```text
    ///            model A        model B
    ///            s0    s1       s0    s1
    /// p0 obj     0.6   0.2      0.5   0.5
    /// p1 obj     0.4   0.4      0.7   0.1
    /// p2 obj     0.1   0.3      0.2   0.2
    /// (war)      p0: .05 .20 | .10 .05   p1: .05 .05 | .30 .05   p2: 0 0 | 0 0
    /// ```
    fn case() -> (Evaluations, Vec<Objective>, Vec<Constraint>) {
        let rows = |a: [[f64; 2]; 2], b: [[f64; 2]; 2]| {
            vec![
                Some(a.iter().flatten().copied().collect()),
                Some(b.iter().flatten().copied().collect()),
            ]
        };
        let e = Evaluations {
            policies: vec!["p0".into(), "p1".into(), "p2".into()],
            models: vec!["A".into(), "B".into()],
            samples: 2,
            quantities: vec!["denuclearization".into(), "war".into()],
            values: vec![
                rows([[0.6, 0.05], [0.2, 0.20]], [[0.5, 0.10], [0.5, 0.05]]),
                rows([[0.4, 0.05], [0.4, 0.05]], [[0.7, 0.30], [0.1, 0.05]]),
                rows([[0.1, 0.0], [0.3, 0.0]], [[0.2, 0.0], [0.2, 0.0]]),
            ],
        };
        let objectives = vec![Objective {
            name: "denuclearization".into(),
            direction: Direction::Max,
        }];
        let constraints = vec![Constraint {
            name: "war<=0.1".into(),
            quantity: 1,
            at_most: true,
            bound: 0.1,
        }];
        (e, objectives, constraints)
    }

    #[test]
    fn regret_and_satisficing_by_hand() {
        let (e, o, c) = case();
        let m = metrics(&e, &o, &c, Options { tail: 0.0 });
        // Best per (model, sample): A: 0.6, 0.4; B: 0.7, 0.5.
        // p0's regret: A 0, 0.2; B 0.2, 0  -> max 0.2, mean 0.1.
        // p1's regret: A 0.2, 0; B 0, 0.4  -> max 0.4, mean 0.15.
        // p2's regret: A 0.5, 0.1; B 0.5, 0.3 -> max 0.5, mean 0.35.
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        let regret: Vec<(f64, f64)> = m
            .policies
            .iter()
            .map(|p| (p.across[0].max_regret, p.across[0].mean_regret))
            .collect();
        for (got, want) in regret.iter().zip([(0.2, 0.1), (0.4, 0.15), (0.5, 0.35)]) {
            assert!(
                close(got.0, want.0) && close(got.1, want.1),
                "{got:?} != {want:?}"
            );
        }
        // Minimax regret picks p0; the means: p0 A 0.4, B 0.5 -> 0.45;
        // p1 A 0.4, B 0.4 -> 0.4; p2 0.2, 0.2.
        assert!(close(m.policies[0].across[0].mean, 0.45));
        assert!(close(m.policies[1].per_model[1][0].max_regret, 0.4));
        // Satisficing war <= 0.1: p0 A 1 of 2, B 2 of 2 -> 0.75; p1 A 2, B 1 -> 0.75; p2 1.
        let sat: Vec<f64> = m.policies.iter().map(|p| p.satisficing).collect();
        assert_eq!(sat, [0.75, 0.75, 1.0]);
        assert_eq!(m.policies[0].satisficing_per_model, [0.5, 1.0]);
        // The worst model and the spread: p0's worst is A (0.4), spread 0.1.
        assert_eq!(m.policies[0].worst_model[0].0, 0);
        assert!(close(m.policies[0].worst_model[0].1, 0.4) && close(m.policies[0].spread[0], 0.1));
        // The bad-side percentile at 0: the minimum over samples.
        assert!(close(m.policies[0].per_model[0][0].tail, 0.2));
        assert!(close(m.policies[0].across[0].tail, 0.2));
    }

    #[test]
    fn rank_flips_are_the_pairs_the_models_order_differently() {
        let (e, o, c) = case();
        let m = metrics(&e, &o, &c, Options::default());
        // p0 vs p1: A ties (0.4 = 0.4), B prefers p0: no flip. Make A prefer p1.
        assert!(m.flips.is_empty(), "{:?}", m.flips);
        let mut e2 = e.clone();
        if let Some(v) = e2.values[1][0].as_mut() {
            v[0] = 0.5; // p1 on A, sample 0: mean 0.45 > p0's 0.4
        }
        let m = metrics(&e2, &o, &c, Options::default());
        assert_eq!(
            m.flips,
            [Flip {
                objective: 0,
                a: 0,
                b: 1,
                prefer_a: vec![1],
                prefer_b: vec![0]
            }]
        );
    }

    #[test]
    fn a_model_that_failed_for_a_policy_is_left_out() {
        let (mut e, o, c) = case();
        e.values[2][1] = None;
        let m = metrics(&e, &o, &c, Options::default());
        assert_eq!(m.models, [0]);
        assert_eq!(m.policies[0].per_model.len(), 1);
        // On model A alone, p0's regret: 0, 0.2.
        assert!((m.policies[0].across[0].max_regret - 0.2).abs() < 1e-12);
    }

    #[test]
    fn quantiles_interpolate() {
        assert_eq!(quantile(&mut [3.0, 1.0, 2.0, 4.0], 0.5), 2.5);
        assert_eq!(quantile(&mut [5.0], 0.9), 5.0);
        assert!(quantile(&mut [], 0.5).is_nan());
    }
}
