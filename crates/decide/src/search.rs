//! A multi-objective evolutionary search, NSGA-II (Deb, Pratap, Agarwal &
//! Meyarivan 2002), for lever spaces too large for a grid: real and integer
//! variables in bounds, objectives to minimise, a population that is
//! carried from generation to generation (and so can be saved and resumed,
//! [`State`]) and the hypervolume of its front recorded by generation.
//!
//! Why not a crate: `moors` brings ndarray, numpy bindings and its own
//! parallelism, and `nsga_rs` (0.1) fixes the evaluation to one candidate at
//! a time behind a trait object; here every generation's candidates must be
//! evaluated together by the caller, through the host's block runner, on the
//! same samples of every model, and the whole state must round-trip through
//! a file bit for bit. The algorithm is short and standard: fast
//! non-dominated sorting, crowding distance, binary tournaments, simulated
//! binary crossover and polynomial mutation (Deb & Agrawal 1995).

use serde::{Deserialize, Serialize};

/// A decision variable's bounds; integer variables are rounded.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bounds {
    pub lo: f64,
    pub hi: f64,
    pub integer: bool,
}

/// The search's settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Candidates per generation (even).
    pub population: usize,
    pub seed: u64,
    /// P(a pair is crossed).
    pub crossover: f64,
    /// Distribution indices of the crossover and the mutation: larger keeps
    /// children nearer their parents.
    pub crossover_eta: f64,
    pub mutation_eta: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            population: 24,
            seed: 1,
            crossover: 0.9,
            crossover_eta: 15.0,
            mutation_eta: 20.0,
        }
    }
}

/// Evaluates every candidate of a generation at once: their objectives, to
/// minimise, in order.
pub type Evaluate<'a> = dyn FnMut(&[Vec<f64>]) -> Vec<Vec<f64>> + 'a;

/// One candidate and its objectives (to minimise).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub x: Vec<f64>,
    pub f: Vec<f64>,
}

/// Where a search stands: the population after `generation` generations,
/// the random stream's state, and the hypervolume of the front after each
/// generation. Saved, it resumes to the same bits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub bounds: Vec<Bounds>,
    pub settings: Settings,
    pub generation: usize,
    pub population: Vec<Candidate>,
    pub rng: u64,
    /// The point the hypervolume is measured against.
    pub reference: Vec<f64>,
    pub hypervolume: Vec<f64>,
    /// How many candidates were evaluated in all.
    pub evaluations: usize,
}

/// SplitMix64: small, fast and fully determined by its state.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn uniform(state: &mut u64) -> f64 {
    (next(state) >> 11) as f64 / (1u64 << 53) as f64
}

fn below(state: &mut u64, n: usize) -> usize {
    (uniform(state) * n as f64) as usize % n.max(1)
}

/// `a` dominates `b` (minimising every objective).
fn dominates(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x <= y) && a.iter().zip(b).any(|(x, y)| x < y)
}

/// The fronts of `points` (minimising), best first, each a list of indices
/// (Deb et al. 2002's fast non-dominated sort).
pub fn fronts(points: &[Vec<f64>]) -> Vec<Vec<usize>> {
    let n = points.len();
    let mut dominated_by = vec![0usize; n];
    let mut dominates_list: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        for j in 0..n {
            if i != j && dominates(&points[i], &points[j]) {
                dominates_list[i].push(j);
            } else if i != j && dominates(&points[j], &points[i]) {
                dominated_by[i] += 1;
            }
        }
    }
    let mut out = Vec::new();
    let mut current: Vec<usize> = (0..n).filter(|&i| dominated_by[i] == 0).collect();
    while !current.is_empty() {
        let mut next_front = Vec::new();
        for &i in &current {
            for &j in &dominates_list[i] {
                dominated_by[j] -= 1;
                if dominated_by[j] == 0 {
                    next_front.push(j);
                }
            }
        }
        next_front.sort_unstable();
        out.push(std::mem::take(&mut current));
        current = next_front;
    }
    out
}

/// The crowding distance of each member of `front` (indices into
/// `points`): how much room it has on the front; the ends are infinite.
pub fn crowding(points: &[Vec<f64>], front: &[usize]) -> Vec<f64> {
    let mut d = vec![0.0; front.len()];
    let k = points.first().map_or(0, Vec::len);
    #[allow(clippy::needless_range_loop)] // m indexes every point's objectives
    for m in 0..k {
        let mut order: Vec<usize> = (0..front.len()).collect();
        order.sort_by(|a, b| {
            points[front[*a]][m]
                .total_cmp(&points[front[*b]][m])
                .then(a.cmp(b))
        });
        let (lo, hi) = (
            points[front[order[0]]][m],
            points[front[*order.last().unwrap_or(&0)]][m],
        );
        d[order[0]] = f64::INFINITY;
        d[*order.last().unwrap_or(&0)] = f64::INFINITY;
        if hi > lo {
            for w in 1..order.len().saturating_sub(1) {
                d[order[w]] +=
                    (points[front[order[w + 1]]][m] - points[front[order[w - 1]]][m]) / (hi - lo);
            }
        }
    }
    d
}

/// The hypervolume of `points` (minimising) against `reference`: exact, by
/// slicing along the last objective (fine for the few objectives and the
/// fronts of a few dozen points a decision has).
pub fn hypervolume(points: &[Vec<f64>], reference: &[f64]) -> f64 {
    let inside: Vec<&Vec<f64>> = points
        .iter()
        .filter(|p| p.iter().zip(reference).all(|(x, r)| x < r))
        .collect();
    slice(&inside, reference)
}

fn slice(points: &[&Vec<f64>], reference: &[f64]) -> f64 {
    let d = reference.len();
    if points.is_empty() {
        return 0.0;
    }
    if d == 1 {
        let best = points.iter().map(|p| p[0]).fold(f64::INFINITY, f64::min);
        return reference[0] - best;
    }
    let mut sorted: Vec<&Vec<f64>> = points.to_vec();
    sorted.sort_by(|a, b| a[d - 1].total_cmp(&b[d - 1]));
    let mut volume = 0.0;
    for i in 0..sorted.len() {
        let top = sorted.get(i + 1).map_or(reference[d - 1], |p| p[d - 1]);
        let depth = top - sorted[i][d - 1];
        if depth > 0.0 {
            let lower: Vec<Vec<f64>> = sorted[..=i].iter().map(|p| p[..d - 1].to_vec()).collect();
            let lower: Vec<&Vec<f64>> = lower.iter().collect();
            volume += depth * slice(&lower, &reference[..d - 1]);
        }
    }
    volume
}

/// Ranks and crowding of a population's objectives: (rank, crowding) per member.
fn rank_and_crowd(points: &[Vec<f64>]) -> Vec<(usize, f64)> {
    let mut out = vec![(0, 0.0); points.len()];
    for (rank, front) in fronts(points).iter().enumerate() {
        for (i, c) in front.iter().zip(crowding(points, front)) {
            out[*i] = (rank, c);
        }
    }
    out
}

fn clamp(x: f64, b: &Bounds) -> f64 {
    let x = x.clamp(b.lo, b.hi);
    if b.integer {
        x.round().clamp(b.lo, b.hi)
    } else {
        x
    }
}

/// Simulated binary crossover of one variable.
fn sbx(a: f64, b: f64, bounds: &Bounds, eta: f64, rng: &mut u64) -> (f64, f64) {
    let u = uniform(rng);
    let beta = if u <= 0.5 {
        (2.0 * u).powf(1.0 / (eta + 1.0))
    } else {
        (1.0 / (2.0 * (1.0 - u))).powf(1.0 / (eta + 1.0))
    };
    let c1 = 0.5 * ((1.0 + beta) * a + (1.0 - beta) * b);
    let c2 = 0.5 * ((1.0 - beta) * a + (1.0 + beta) * b);
    (clamp(c1, bounds), clamp(c2, bounds))
}

/// Polynomial mutation of one variable.
fn mutate(x: f64, bounds: &Bounds, eta: f64, rng: &mut u64) -> f64 {
    let span = bounds.hi - bounds.lo;
    if span <= 0.0 {
        return bounds.lo;
    }
    let u = uniform(rng);
    let delta = if u < 0.5 {
        (2.0 * u).powf(1.0 / (eta + 1.0)) - 1.0
    } else {
        1.0 - (2.0 * (1.0 - u)).powf(1.0 / (eta + 1.0))
    };
    // An integer variable moves at least one step when it mutates.
    let step = delta * span;
    let step = if bounds.integer && step.abs() < 1.0 {
        step.signum()
    } else {
        step
    };
    clamp(x + step, bounds)
}

impl State {
    /// The first generation: `settings.population` candidates drawn
    /// uniformly in the bounds and evaluated by `evaluate` (which gets
    /// every candidate of a generation at once and returns their objectives,
    /// to minimise). The hypervolume is measured against `reference`, or
    /// when `None` against the first generation's worst values plus a tenth
    /// of their range.
    pub fn start(
        bounds: Vec<Bounds>,
        settings: Settings,
        reference: Option<Vec<f64>>,
        evaluate: &mut Evaluate,
    ) -> State {
        let mut rng = settings.seed;
        let n = settings.population.max(4) & !1;
        let xs: Vec<Vec<f64>> = (0..n)
            .map(|_| {
                bounds
                    .iter()
                    .map(|b| clamp(b.lo + uniform(&mut rng) * (b.hi - b.lo), b))
                    .collect()
            })
            .collect();
        let fs = evaluate(&xs);
        let population: Vec<Candidate> = xs
            .into_iter()
            .zip(fs)
            .map(|(x, f)| Candidate { x, f })
            .collect();
        let reference = reference.unwrap_or_else(|| {
            let k = population.first().map_or(0, |c| c.f.len());
            (0..k)
                .map(|m| {
                    // Failed candidates (infinite) do not set the reference.
                    let (lo, hi) = population
                        .iter()
                        .map(|c| c.f[m])
                        .filter(|v| v.is_finite())
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                            (l.min(v), h.max(v))
                        });
                    if lo > hi {
                        return 1.0;
                    }
                    hi + 0.1 * (hi - lo).max(1e-9)
                })
                .collect()
        });
        let mut state = State {
            bounds,
            settings: Settings {
                population: n,
                ..settings
            },
            generation: 0,
            evaluations: n,
            population,
            rng,
            reference,
            hypervolume: Vec::new(),
        };
        state.hypervolume.push(state.front_hypervolume());
        state
    }

    /// The objectives of the first front.
    pub fn front(&self) -> Vec<&Candidate> {
        let points: Vec<Vec<f64>> = self.population.iter().map(|c| c.f.clone()).collect();
        fronts(&points)
            .first()
            .map(|f| f.iter().map(|&i| &self.population[i]).collect())
            .unwrap_or_default()
    }

    fn front_hypervolume(&self) -> f64 {
        let points: Vec<Vec<f64>> = self.front().iter().map(|c| c.f.clone()).collect();
        hypervolume(&points, &self.reference)
    }

    /// One generation: children by tournament, crossover and mutation,
    /// evaluated together, and the best of parents and children kept by
    /// rank and crowding.
    pub fn step(&mut self, evaluate: &mut Evaluate) {
        let n = self.population.len();
        let s = self.settings;
        let parents: Vec<Vec<f64>> = self.population.iter().map(|c| c.f.clone()).collect();
        let ranked = rank_and_crowd(&parents);
        let rng = &mut self.rng;
        let better = |a: usize, b: usize| {
            let (ra, ca) = ranked[a];
            let (rb, cb) = ranked[b];
            if ra != rb { ra < rb } else { ca > cb }
        };
        let tournament = |rng: &mut u64| {
            let (a, b) = (below(rng, n), below(rng, n));
            if better(b, a) { b } else { a }
        };
        let mut children: Vec<Vec<f64>> = Vec::with_capacity(n);
        while children.len() < n {
            let (pa, pb) = (tournament(rng), tournament(rng));
            let (mut a, mut b) = (self.population[pa].x.clone(), self.population[pb].x.clone());
            if uniform(rng) < s.crossover {
                for (v, bounds) in self.bounds.iter().enumerate() {
                    if uniform(rng) < 0.5 {
                        (a[v], b[v]) = sbx(a[v], b[v], bounds, s.crossover_eta, rng);
                    }
                }
            }
            let p_mutate = 1.0 / self.bounds.len().max(1) as f64;
            for child in [&mut a, &mut b] {
                for (v, bounds) in self.bounds.iter().enumerate() {
                    if uniform(rng) < p_mutate {
                        child[v] = mutate(child[v], bounds, s.mutation_eta, rng);
                    }
                }
            }
            children.push(a);
            children.push(b);
        }
        children.truncate(n);
        let fs = evaluate(&children);
        self.evaluations += children.len();
        let mut all = std::mem::take(&mut self.population);
        all.extend(
            children
                .into_iter()
                .zip(fs)
                .map(|(x, f)| Candidate { x, f }),
        );
        let points: Vec<Vec<f64>> = all.iter().map(|c| c.f.clone()).collect();
        let mut keep = Vec::with_capacity(n);
        for front in fronts(&points) {
            if keep.len() + front.len() <= n {
                keep.extend(front);
                continue;
            }
            let crowd = crowding(&points, &front);
            let mut order: Vec<usize> = (0..front.len()).collect();
            order.sort_by(|a, b| {
                crowd[*b]
                    .total_cmp(&crowd[*a])
                    .then(front[*a].cmp(&front[*b]))
            });
            keep.extend(order.into_iter().take(n - keep.len()).map(|i| front[i]));
            break;
        }
        keep.sort_unstable();
        self.population = keep.into_iter().map(|i| all[i].clone()).collect();
        self.generation += 1;
        let hv = self.front_hypervolume();
        self.hypervolume.push(hv);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ZDT1 (Zitzler, Deb & Thiele 2000) with `n` variables in [0, 1]:
    /// f1 = x1, g = 1 + 9 sum(x2..xn) / (n - 1), f2 = g (1 - sqrt(f1 / g)).
    /// Its front is f2 = 1 - sqrt(f1), whose hypervolume against (1, 1) is
    /// 2/3.
    fn zdt1(xs: &[Vec<f64>]) -> Vec<Vec<f64>> {
        xs.iter()
            .map(|x| {
                let g = 1.0 + 9.0 * x[1..].iter().sum::<f64>() / (x.len() - 1) as f64;
                vec![x[0], g * (1.0 - (x[0] / g).sqrt())]
            })
            .collect()
    }

    fn bounds(n: usize) -> Vec<Bounds> {
        vec![
            Bounds {
                lo: 0.0,
                hi: 1.0,
                integer: false
            };
            n
        ]
    }

    #[test]
    fn the_search_recovers_the_zdt1_front() {
        let settings = Settings {
            population: 40,
            seed: 7,
            ..Settings::default()
        };
        let mut state = State::start(bounds(6), settings, Some(vec![1.0, 1.0]), &mut zdt1);
        for _ in 0..100 {
            state.step(&mut zdt1);
        }
        let hv = *state.hypervolume.last().unwrap();
        // Within 0.02 of the true front's 2/3, from far below it.
        assert!(
            hv > 2.0 / 3.0 - 0.02 && hv <= 2.0 / 3.0 + 1e-9,
            "hypervolume {hv}"
        );
        assert!(state.hypervolume[0] < 0.5, "{}", state.hypervolume[0]);
        assert_eq!(state.evaluations, 40 * 101);
        for c in state.front() {
            assert!((c.f[1] - (1.0 - c.f[0].sqrt())).abs() < 0.1, "{:?}", c.f);
        }
    }

    #[test]
    fn failed_candidates_do_not_set_the_reference() {
        // Half the first generation fails (infinite on every objective).
        let mut half_failed = |xs: &[Vec<f64>]| -> Vec<Vec<f64>> {
            zdt1(xs)
                .into_iter()
                .enumerate()
                .map(|(i, f)| {
                    if i % 2 == 0 {
                        f
                    } else {
                        vec![f64::INFINITY; 2]
                    }
                })
                .collect()
        };
        let settings = Settings {
            population: 12,
            seed: 5,
            ..Settings::default()
        };
        let state = State::start(bounds(3), settings, None, &mut half_failed);
        assert!(
            state.reference.iter().all(|r| r.is_finite()),
            "{:?}",
            state.reference
        );
        assert!(state.hypervolume[0].is_finite() && state.hypervolume[0] > 0.0);
    }

    #[test]
    fn a_saved_search_resumes_to_the_same_bits() {
        let settings = Settings {
            population: 12,
            seed: 3,
            ..Settings::default()
        };
        let mut whole = State::start(bounds(3), settings, None, &mut zdt1);
        let mut half = whole.clone();
        for _ in 0..10 {
            whole.step(&mut zdt1);
        }
        for _ in 0..5 {
            half.step(&mut zdt1);
        }
        let mut resumed: State =
            serde_json::from_str(&serde_json::to_string(&half).unwrap()).unwrap();
        for _ in 0..5 {
            resumed.step(&mut zdt1);
        }
        assert_eq!(resumed, whole);
    }

    #[test]
    fn fronts_crowding_and_hypervolume_by_hand() {
        let p = vec![
            vec![1.0, 4.0],
            vec![2.0, 2.0],
            vec![3.0, 3.0],
            vec![4.0, 1.0],
            vec![5.0, 5.0],
        ];
        assert_eq!(fronts(&p), vec![vec![0, 1, 3], vec![2], vec![4]]);
        let c = crowding(&p, &[0, 1, 3]);
        assert!(c[0].is_infinite() && c[2].is_infinite());
        // (4 - 1)/3 + (4 - 1)/3 = 2 for the middle point.
        assert!((c[1] - 2.0).abs() < 1e-12);
        // Against (5, 5), the slices along f2: [1, 2] x 1, [2, 4] x 3, [4, 5] x 4.
        let front: Vec<Vec<f64>> = [0, 1, 3].iter().map(|&i| p[i].clone()).collect();
        assert!((hypervolume(&front, &[5.0, 5.0]) - 11.0).abs() < 1e-12);
        // Three objectives: one point (0,0,0) against (1,2,3) is 6.
        assert!((hypervolume(&[vec![0.0, 0.0, 0.0]], &[1.0, 2.0, 3.0]) - 6.0).abs() < 1e-12);
    }
}
