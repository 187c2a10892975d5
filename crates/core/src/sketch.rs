//! A mergeable quantile sketch of bounded relative error, for intervals over
//! more samples than are worth keeping.
//!
//! Values are counted in fixed log-linear buckets read straight off the f64
//! bit pattern: the exponent and the top 7 bits of the significand, so each
//! bucket spans a 2^-7 fraction of its binade. Quantiles come back as the
//! midpoint of the bucket holding the order statistic, within
//! [`RELATIVE_ACCURACY`] of it. Like DDSketch (Masson, Rim & Lee 2019) the
//! buckets do not depend on the data, so sketches merge by adding counts:
//! any split of the samples over threads or shards, merged in any order,
//! gives the same sketch and the same bits. Unlike DDSketch no logarithm is
//! taken, so nothing depends on a platform's `ln`.
//!
//! Not for exact intervals: `compare` keeps every value up to
//! [`crate::aggregate::EXACT_UP_TO`] samples.

use serde::{Deserialize, Serialize};

/// Significand bits in a bucket index.
const SIGNIFICAND_BITS: u32 = 7;
/// A bucket's midpoint is within this fraction of any value in it:
/// half the bucket's relative width, 2^-(7+1).
pub const RELATIVE_ACCURACY: f64 = 1.0 / (1u64 << (SIGNIFICAND_BITS + 1)) as f64;
/// Magnitudes below this count as zero: far below anything a forecast
/// distinguishes, and it keeps a bucket range bounded.
pub const MIN_MAGNITUDE: f64 = 1e-12;

/// Counts of one sign's buckets, dense from the lowest index seen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Store {
    offset: u32,
    counts: Vec<u32>,
}

impl Store {
    #[inline]
    fn add(&mut self, index: u32, count: u32) {
        if let Some(c) = self
            .counts
            .get_mut(index.wrapping_sub(self.offset) as usize)
        {
            *c += count;
            return;
        }
        self.grow_to(index, count);
    }

    #[cold]
    fn grow_to(&mut self, index: u32, count: u32) {
        if self.counts.is_empty() {
            self.offset = index;
        } else if index < self.offset {
            let grow = (self.offset - index) as usize;
            self.counts.splice(0..0, std::iter::repeat_n(0, grow));
            self.offset = index;
        }
        let at = (index - self.offset) as usize;
        if at >= self.counts.len() {
            self.counts.resize(at + 1, 0);
        }
        self.counts[at] += count;
    }

    fn merge(&mut self, other: &Store) {
        for (k, &c) in other.counts.iter().enumerate() {
            if c > 0 {
                self.add(other.offset + k as u32, c);
            }
        }
    }

    /// (index, count) from the lowest index up.
    fn buckets(&self) -> impl DoubleEndedIterator<Item = (u32, u32)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(k, &c)| (self.offset + k as u32, c))
    }
}

/// A quantile sketch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sketch {
    positive: Store,
    negative: Store,
    zeros: u32,
    nans: u32,
}

/// The bucket of a magnitude at least [`MIN_MAGNITUDE`]: its bit pattern
/// without the low significand bits, monotone in the magnitude.
fn index(magnitude: f64) -> u32 {
    (magnitude.to_bits() >> (52 - SIGNIFICAND_BITS)) as u32
}

/// The midpoint of a bucket.
fn midpoint(index: u32) -> f64 {
    let lo = f64::from_bits((index as u64) << (52 - SIGNIFICAND_BITS));
    let hi = f64::from_bits(((index as u64) + 1) << (52 - SIGNIFICAND_BITS));
    lo + (hi - lo) / 2.0
}

impl Sketch {
    pub fn new() -> Sketch {
        Sketch::default()
    }

    #[inline]
    pub fn add(&mut self, x: f64) {
        if x.is_nan() {
            self.nans += 1;
        } else if x.abs() < MIN_MAGNITUDE {
            self.zeros += 1;
        } else if x > 0.0 {
            self.positive.add(index(x.min(f64::MAX)), 1);
        } else {
            self.negative.add(index((-x).min(f64::MAX)), 1);
        }
    }

    pub fn merge(&mut self, other: &Sketch) {
        self.positive.merge(&other.positive);
        self.negative.merge(&other.negative);
        self.zeros += other.zeros;
        self.nans += other.nans;
    }

    pub fn count(&self) -> u64 {
        let sum = |s: &Store| s.counts.iter().map(|&c| c as u64).sum::<u64>();
        sum(&self.positive) + sum(&self.negative) + self.zeros as u64 + self.nans as u64
    }

    /// The value of order statistic `rank` (0-based, ascending, NaNs last).
    fn order_statistic(&self, rank: u64) -> f64 {
        let mut seen = 0u64;
        let ascending = self
            .negative
            .buckets()
            .rev()
            .map(|(i, c)| (-midpoint(i), c))
            .chain(std::iter::once((0.0, self.zeros)))
            .chain(self.positive.buckets().map(|(i, c)| (midpoint(i), c)));
        for (value, count) in ascending {
            seen += count as u64;
            if rank < seen {
                return value;
            }
        }
        f64::NAN
    }

    /// The q-quantile, interpolated between order statistics as type 7 of
    /// Hyndman & Fan does between sorted values; NaN when empty.
    pub fn quantile(&self, q: f64) -> f64 {
        let n = self.count();
        if n == 0 {
            return f64::NAN;
        }
        let h = (n - 1) as f64 * q;
        let (lo, hi) = (h.floor(), h.ceil());
        let (a, b) = (
            self.order_statistic(lo as u64),
            self.order_statistic(hi as u64),
        );
        a + (h - lo) * (b - a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn exact_quantile(values: &[f64], q: f64) -> f64 {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let h = (v.len() - 1) as f64 * q;
        let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
        v[lo] + (h - lo as f64) * (v[hi] - v[lo])
    }

    #[test]
    fn buckets_are_monotone_and_narrow() {
        let xs = [1e-12, 1e-6, 0.003, 0.5, 0.9999, 1.0, 4.0, 2.5e7];
        for w in xs.windows(2) {
            assert!(index(w[0]) < index(w[1]));
        }
        for x in xs {
            let m = midpoint(index(x));
            assert!((m - x).abs() <= RELATIVE_ACCURACY * x, "{x} -> {m}");
        }
    }

    #[test]
    fn quantiles_of_a_known_sample() {
        let mut s = Sketch::new();
        let values: Vec<f64> = (1..=1000).map(|i| i as f64 / 1000.0).collect();
        values.iter().for_each(|&v| s.add(v));
        for q in [0.0, 0.05, 0.5, 0.95, 1.0] {
            let (got, want) = (s.quantile(q), exact_quantile(&values, q));
            assert!(
                (got - want).abs() <= RELATIVE_ACCURACY * want,
                "q {q}: {got} vs {want}"
            );
        }
        assert_eq!(s.count(), 1000);
        assert!(Sketch::new().quantile(0.5).is_nan());
    }

    #[test]
    fn zeros_negatives_and_nans_take_their_places() {
        let mut s = Sketch::new();
        for v in [-2.0, -1.0, 0.0, 1e-15, 1.0, f64::NAN] {
            s.add(v);
        }
        assert!((s.order_statistic(0) + 2.0).abs() <= 2.0 * RELATIVE_ACCURACY);
        assert_eq!(s.order_statistic(2), 0.0);
        assert_eq!(s.order_statistic(3), 0.0);
        assert!((s.order_statistic(4) - 1.0).abs() <= RELATIVE_ACCURACY);
        assert!(s.order_statistic(5).is_nan());
        assert!(s.quantile(1.0).is_nan());
    }

    proptest! {
        #[test]
        fn within_the_stated_accuracy(values in prop::collection::vec(1e-6..1e3f64, 1..300), q in 0.0..1.0f64) {
            let mut s = Sketch::new();
            values.iter().for_each(|&v| s.add(v));
            // Each order statistic is within the accuracy, so the
            // interpolation between two of them is too.
            let (got, want) = (s.quantile(q), exact_quantile(&values, q));
            prop_assert!((got - want).abs() <= RELATIVE_ACCURACY * want * (1.0 + 1e-12), "{} vs {}", got, want);
        }

        #[test]
        fn merging_in_any_grouping_gives_the_same_sketch(values in prop::collection::vec(-1e3..1e3f64, 0..200), cut in 0usize..200) {
            let mut whole = Sketch::new();
            values.iter().for_each(|&v| whole.add(v));
            let cut = cut.min(values.len());
            let (mut a, mut b) = (Sketch::new(), Sketch::new());
            values[..cut].iter().for_each(|&v| a.add(v));
            values[cut..].iter().rev().for_each(|&v| b.add(v));
            b.merge(&a);
            prop_assert_eq!(&b, &whole);
            prop_assert_eq!(b.quantile(0.05).to_bits(), whole.quantile(0.05).to_bits());
        }
    }
}
