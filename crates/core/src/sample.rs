//! Sampling designs: where in (0, 1) each sample's draw of each uncertain
//! parameter falls, before its distribution maps it to a value.
//!
//! A parameter's draws are a stream named by the parameter (not by its
//! position), so adding a parameter to a scenario leaves the others' draws
//! as they were; and every draw is a function of (seed, name, sample) alone,
//! so any subset of samples can be computed anywhere with the same bits.

use crate::rng::{Rng, derive_seed, name_hash};

/// How samples spread over the uncertain parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sampling {
    /// Latin hypercube: each parameter's range is cut into N equally likely
    /// strata and every stratum is drawn once (McKay, Beckman & Conover 1979).
    #[default]
    LatinHypercube,
    /// Plain Monte Carlo: independent uniform draws.
    MonteCarlo,
}

/// The stream tag of the stratum permutation, apart from per-sample jitter.
const PERMUTATION: u64 = u64::MAX;

/// Uniform draws in (0, 1) for one parameter over `samples` samples.
pub fn unit_draws(name: &str, samples: usize, seed: u64, method: Sampling) -> Vec<f64> {
    let stream = name_hash(name);
    let jitter = |i: usize| Rng::new(derive_seed(seed, stream, i as u64)).next_open01();
    match method {
        Sampling::MonteCarlo => (0..samples).map(jitter).collect(),
        Sampling::LatinHypercube => {
            // Fisher-Yates shuffle of the strata.
            let mut strata: Vec<usize> = (0..samples).collect();
            let mut rng = Rng::new(derive_seed(seed, stream, PERMUTATION));
            for i in (1..samples).rev() {
                strata.swap(i, rng.below(i + 1));
            }
            strata
                .iter()
                .enumerate()
                .map(|(i, &s)| (s as f64 + jitter(i)) / samples as f64)
                .collect()
        }
    }
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
    fn draws_are_roughly_uniform() {
        for method in [Sampling::MonteCarlo, Sampling::LatinHypercube] {
            let d = unit_draws("x", 4000, 9, method);
            let mean = d.iter().sum::<f64>() / d.len() as f64;
            assert!((mean - 0.5).abs() < 0.02, "{method:?} mean {mean}");
        }
    }
}
