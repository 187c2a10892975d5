//! Sampling designs: where in (0, 1) each sample's draw of each uncertain
//! parameter falls, before its distribution maps it to a value.
//!
//! A parameter's draws are a stream named by the parameter (not by its
//! position), so adding a parameter to a scenario leaves the others' draws
//! as they were; and every draw is a function of (seed, name, sample, sample
//! count) alone, computed in constant time and memory, so any subset of
//! samples can be computed anywhere with the same bits.

use crate::rng::{Rng, derive_seed, mix64, name_hash};

/// How samples spread over the uncertain parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sampling {
    /// Latin hypercube: each parameter's range is cut into N equally likely
    /// strata and every stratum is drawn once (McKay, Beckman & Conover 1979).
    #[default]
    LatinHypercube,
    /// Plain Monte Carlo: independent uniform draws.
    MonteCarlo,
}

/// Which rows a run computes over the uncertain parameters: samples of the
/// scenario's distributions, or a design for an analysis built on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Design {
    /// Samples drawn by the plan's [`Sampling`].
    #[default]
    Samples,
    /// Saltelli's design for Sobol indices (Saltelli et al. 2010): two
    /// independent sample matrices A and B of `base` rows, and for each
    /// parameter i a matrix AB_i, A with column i taken from B. With k
    /// uncertain parameters, sample `r * (k + 2) + m` is row r of matrix m:
    /// m = 0 is A, 1 is B, 2 + i is AB_i. So each row's k + 2 runs sit in
    /// the same block, and any block can be computed alone.
    Saltelli { base: u32 },
    /// One at a time, for a tornado chart: sample 0 has every parameter at
    /// its median; sample 2i + 1 moves parameter i to its 5% point and
    /// sample 2i + 2 to its 95% point.
    Tornado,
}

impl Design {
    /// Samples the design takes with `parameters` uncertain parameters and
    /// `samples` requested (the base rows of a Saltelli design).
    pub fn samples(&self, samples: u32, parameters: usize) -> u64 {
        match self {
            Design::Samples => samples as u64,
            Design::Saltelli { base } => *base as u64 * (parameters as u64 + 2),
            Design::Tornado => 2 * parameters as u64 + 1,
        }
    }
}

/// The points of a tornado's one-at-a-time moves.
pub const TORNADO_LOW: f64 = 0.05;
pub const TORNADO_HIGH: f64 = 0.95;

/// The stream tags of the stratum permutation and of the per-sample jitter.
const PERMUTATION: u64 = u64::MAX;
const JITTER: u64 = u64::MAX - 1;
/// SplitMix64's increment.
const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// Rounds of the Feistel network: four make a strong pseudo-random
/// permutation from pseudo-random round functions (Luby & Rackoff 1988).
const ROUNDS: usize = 4;

/// A keyed pseudo-random permutation of 0..n, evaluated one index at a time
/// in constant memory: a balanced Feistel network over the smallest even
/// number of bits that holds n, with cycle walking (Black & Rogaway 2002)
/// to stay inside 0..n. So a Latin hypercube of a billion samples needs no
/// table of its strata, and any sample can be drawn alone, anywhere.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Permutation {
    n: u64,
    /// One key per round, derived from the permutation's key.
    round_keys: [u64; ROUNDS],
    half_bits: u32,
}

impl Permutation {
    pub fn new(n: u64, key: u64) -> Permutation {
        let bits = 64 - n.saturating_sub(1).leading_zeros();
        Permutation {
            n,
            round_keys: std::array::from_fn(|r| derive_seed(key, r as u64, 0)),
            half_bits: bits.div_ceil(2).max(1),
        }
    }

    /// Where `i` (< n) goes.
    pub fn apply(&self, i: u64) -> u64 {
        debug_assert!(i < self.n);
        let mut x = i;
        // The network permutes 0..4^half_bits (< 4n), so each walk leaves
        // 0..n with probability below 3/4.
        loop {
            x = self.feistel(x);
            if x < self.n {
                return x;
            }
        }
    }

    fn feistel(&self, x: u64) -> u64 {
        let mask = (1u64 << self.half_bits) - 1;
        let (mut left, mut right) = (x >> self.half_bits, x & mask);
        for key in self.round_keys {
            // The round function: SplitMix64's mixer of the keyed half.
            let f = mix64(key ^ right) & mask;
            (left, right) = (right, left ^ f);
        }
        (left << self.half_bits) | right
    }
}

/// The uniform draw in (0, 1) of one parameter in one sample. Its stream is
/// named by the parameter, and it depends on (seed, name, sample, samples)
/// alone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitDraws {
    jitter_key: u64,
    method: Sampling,
    strata: Permutation,
    samples: u64,
}

impl UnitDraws {
    pub fn new(name: &str, samples: u64, seed: u64, method: Sampling) -> UnitDraws {
        let stream = name_hash(name);
        UnitDraws {
            jitter_key: derive_seed(seed, stream, JITTER),
            method,
            strata: Permutation::new(samples, derive_seed(seed, stream, PERMUTATION)),
            samples,
        }
    }

    /// The draw of sample `index` (< samples).
    pub fn draw(&self, index: u64) -> f64 {
        // Element `index` of the parameter's SplitMix64 stream: the
        // generator jumped straight to it.
        let jitter =
            Rng::new(self.jitter_key.wrapping_add(index.wrapping_mul(GOLDEN))).next_open01();
        match self.method {
            Sampling::MonteCarlo => jitter,
            // Stratum perm(index) of `samples` equal strata, jittered within.
            Sampling::LatinHypercube => {
                ((self.strata.apply(index) as f64 + jitter) / self.samples as f64).min(ONE_BELOW)
            }
        }
    }
}

/// Where one parameter's draws fall in (0, 1) under a [`Design`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DesignDraws {
    Samples(UnitDraws),
    /// Column `column` of `columns` (k + 2) rows per base row.
    Saltelli {
        a: UnitDraws,
        b: UnitDraws,
        column: u64,
        columns: u64,
    },
    Tornado {
        column: u64,
    },
}

/// The stream tag of a Saltelli design's B matrix.
const SALTELLI_B: u64 = u64::MAX - 2;

impl DesignDraws {
    /// The draws of parameter `name`, the `column`-th of `parameters`
    /// uncertain ones, in sample `samples` requested rows of `design`.
    pub fn new(
        name: &str,
        design: Design,
        column: usize,
        parameters: usize,
        samples: u32,
        seed: u64,
        method: Sampling,
    ) -> DesignDraws {
        match design {
            Design::Samples => {
                DesignDraws::Samples(UnitDraws::new(name, samples as u64, seed, method))
            }
            Design::Saltelli { base } => DesignDraws::Saltelli {
                a: UnitDraws::new(name, base as u64, seed, method),
                b: UnitDraws::new(name, base as u64, derive_seed(seed, SALTELLI_B, 0), method),
                column: column as u64,
                columns: parameters as u64 + 2,
            },
            Design::Tornado => DesignDraws::Tornado {
                column: column as u64,
            },
        }
    }

    /// The draw of sample `index`.
    pub fn draw(&self, index: u64) -> f64 {
        match *self {
            DesignDraws::Samples(u) => u.draw(index),
            DesignDraws::Saltelli {
                a,
                b,
                column,
                columns,
            } => {
                let (row, matrix) = (index / columns, index % columns);
                if matrix == 1 || matrix == column + 2 {
                    b.draw(row)
                } else {
                    a.draw(row)
                }
            }
            DesignDraws::Tornado { column } => match index {
                i if i == 2 * column + 1 => TORNADO_LOW,
                i if i == 2 * column + 2 => TORNADO_HIGH,
                _ => 0.5,
            },
        }
    }
}

/// The largest f64 below 1: keeps a draw in the open interval when the
/// division rounds up.
const ONE_BELOW: f64 = 1.0 - f64::EPSILON / 2.0;

/// Uniform draws in (0, 1) for one parameter over `samples` samples.
pub fn unit_draws(name: &str, samples: usize, seed: u64, method: Sampling) -> Vec<f64> {
    let draws = UnitDraws::new(name, samples as u64, seed, method);
    (0..samples as u64).map(|i| draws.draw(i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_hypercube_draws_each_stratum_once() {
        let n = 97;
        let draws = unit_draws("dprk.base_hazard", n, 42, Sampling::LatinHypercube);
        let mut strata: Vec<usize> = draws.iter().map(|u| (u * n as f64) as usize).collect();
        strata.sort_unstable();
        assert_eq!(strata, (0..n).collect::<Vec<_>>());
        assert!(draws.iter().all(|u| *u > 0.0 && *u < 1.0));
    }

    #[test]
    fn streams_depend_on_name_and_seed_only() {
        let a = unit_draws("a", 50, 1, Sampling::MonteCarlo);
        assert_eq!(a, unit_draws("a", 50, 1, Sampling::MonteCarlo));
        assert_ne!(a, unit_draws("b", 50, 1, Sampling::MonteCarlo));
        assert_ne!(a, unit_draws("a", 50, 2, Sampling::MonteCarlo));
        // Monte Carlo draws are a prefix-stable stream: more samples extend it.
        assert_eq!(a[..10], unit_draws("a", 10, 1, Sampling::MonteCarlo)[..]);
    }

    #[test]
    fn the_permutation_is_a_bijection_for_every_size() {
        for n in [1u64, 2, 3, 5, 64, 97, 1000, 1 << 12, 4097] {
            let p = Permutation::new(n, 0xfeed ^ n);
            let mut seen = vec![false; n as usize];
            for i in 0..n {
                let j = p.apply(i);
                assert!(j < n && !seen[j as usize], "n {n}: {i} -> {j}");
                seen[j as usize] = true;
            }
        }
        // A billion strata cost nothing to set up.
        let p = Permutation::new(1_000_000_000, 3);
        assert!(p.apply(999_999_999) < 1_000_000_000);
    }

    #[test]
    fn the_permutation_shuffles() {
        // Not the identity, and neighbours land far apart on average.
        let n = 10_000u64;
        let p = Permutation::new(n, 11);
        let fixed = (0..n).filter(|&i| p.apply(i) == i).count();
        assert!(fixed < 10, "{fixed} fixed points");
        let mean_gap = (1..n)
            .map(|i| p.apply(i).abs_diff(p.apply(i - 1)) as f64)
            .sum::<f64>()
            / (n - 1) as f64;
        // A random permutation's mean gap is n / 3.
        assert!(
            (mean_gap / (n as f64 / 3.0) - 1.0).abs() < 0.05,
            "{mean_gap}"
        );
    }

    #[test]
    fn saltelli_rows_take_column_i_from_b_in_matrix_ab_i() {
        let (k, base) = (3usize, 16u32);
        let design = Design::Saltelli { base };
        let draws: Vec<DesignDraws> = (0..k)
            .map(|j| {
                DesignDraws::new(
                    &format!("p{j}"),
                    design,
                    j,
                    k,
                    0,
                    7,
                    Sampling::LatinHypercube,
                )
            })
            .collect();
        assert_eq!(design.samples(0, k), 16 * 5);
        let at = |row: u64, matrix: u64, j: usize| draws[j].draw(row * (k as u64 + 2) + matrix);
        for row in 0..base as u64 {
            for j in 0..k {
                assert_ne!(at(row, 0, j), at(row, 1, j), "A and B are independent");
                for i in 0..k {
                    let expected = if i == j { at(row, 1, j) } else { at(row, 0, j) };
                    assert_eq!(at(row, 2 + i as u64, j), expected);
                }
            }
        }
        // A's columns are themselves Latin hypercubes of the base rows.
        let mut strata: Vec<u64> = (0..base as u64)
            .map(|r| (at(r, 0, 1) * base as f64) as u64)
            .collect();
        strata.sort_unstable();
        assert_eq!(strata, (0..base as u64).collect::<Vec<_>>());
    }

    #[test]
    fn tornado_moves_one_parameter_at_a_time() {
        let d = |j| DesignDraws::new("x", Design::Tornado, j, 2, 0, 1, Sampling::MonteCarlo);
        let (x0, x1) = (d(0), d(1));
        let rows: Vec<(f64, f64)> = (0..5).map(|i| (x0.draw(i), x1.draw(i))).collect();
        assert_eq!(
            rows,
            [
                (0.5, 0.5),
                (0.05, 0.5),
                (0.95, 0.5),
                (0.5, 0.05),
                (0.5, 0.95)
            ]
        );
    }

    #[test]
    fn draws_are_roughly_uniform() {
        for method in [Sampling::MonteCarlo, Sampling::LatinHypercube] {
            let d = unit_draws("x", 4000, 9, method);
            let mean = d.iter().sum::<f64>() / d.len() as f64;
            assert!((mean - 0.5).abs() < 0.02, "{method:?} mean {mean}");
        }
    }
}
