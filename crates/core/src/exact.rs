//! Exact summation of f64 values: a fixed-point superaccumulator.
//!
//! Every finite f64 is an integer multiple of 2^-1074, so a sum of them is
//! an integer number of such units, held here exactly in 32-bit digits
//! (Neal 2015, "Fast exact summation using small and large
//! superaccumulators", the small kind). Addition is then associative and
//! commutative: samples summed in any order, on any number of threads or
//! shards, and merged in any grouping give the same total, rounded once to
//! the nearest f64 (ties to even) only at the end. That is what lets a
//! sharded run merge to the bits of the unsharded one.
//!
//! Not a general big-number type: only sums, merges and the final rounding.

use serde::{Deserialize, Serialize};

/// Digits of 32 bits: positions 0..2144 cover every finite f64 (the top bit
/// of the largest is position 2097) with room for 2^46 carries.
const LIMBS: usize = 67;
/// Adds between carry propagations: each add moves a digit by less than
/// 2^32, so an i64 digit cannot overflow before 2^31 of them.
const NORMALIZE_EVERY: u32 = 1 << 24;

/// An exact sum of f64 values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExactSum {
    /// Value = sum of digits[i] * 2^(32 i) units of 2^-1074.
    digits: Vec<i64>,
    /// Adds since the last carry propagation.
    pending: u32,
    nan: bool,
    pos_inf: bool,
    neg_inf: bool,
}

impl Default for ExactSum {
    fn default() -> Self {
        ExactSum {
            digits: vec![0; LIMBS],
            pending: 0,
            nan: false,
            pos_inf: false,
            neg_inf: false,
        }
    }
}

impl ExactSum {
    pub fn new() -> ExactSum {
        ExactSum::default()
    }

    /// Adds `x` exactly.
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            if x.is_nan() {
                self.nan = true;
            } else if x > 0.0 {
                self.pos_inf = true;
            } else {
                self.neg_inf = true;
            }
            return;
        }
        let bits = x.to_bits();
        let exponent = ((bits >> 52) & 0x7ff) as usize;
        let fraction = bits & ((1 << 52) - 1);
        // x = m * 2^(position - 1074), with m < 2^53.
        let (m, position) = if exponent == 0 {
            (fraction, 0)
        } else {
            (fraction | (1 << 52), exponent - 1)
        };
        if m == 0 {
            return;
        }
        let (i, shift) = (position / 32, position % 32);
        let v = (m as u128) << shift;
        let parts = [
            (v & 0xffff_ffff) as i64,
            ((v >> 32) & 0xffff_ffff) as i64,
            (v >> 64) as i64,
        ];
        let negative = bits >> 63 == 1;
        for (k, p) in parts.into_iter().enumerate() {
            if negative {
                self.digits[i + k] -= p;
            } else {
                self.digits[i + k] += p;
            }
        }
        self.pending += 1;
        if self.pending == NORMALIZE_EVERY {
            self.normalize();
        }
    }

    /// Adds another sum: the result is exactly the sum of both.
    pub fn merge(&mut self, other: &ExactSum) {
        self.normalize();
        let mut other = other.clone();
        other.normalize();
        for (a, b) in self.digits.iter_mut().zip(&other.digits) {
            *a += b;
        }
        self.pending = 1;
        self.nan |= other.nan;
        self.pos_inf |= other.pos_inf;
        self.neg_inf |= other.neg_inf;
    }

    /// Propagates carries: every digit but the top one ends in [0, 2^32);
    /// the top one holds the sign.
    fn normalize(&mut self) {
        for i in 0..LIMBS - 1 {
            let carry = self.digits[i] >> 32;
            self.digits[i] -= carry << 32;
            self.digits[i + 1] += carry;
        }
        self.pending = 0;
    }

    /// The sum, rounded once to the nearest f64 (ties to even); NaN if a NaN
    /// was added or both infinities, an infinity if one was or the sum
    /// overflows.
    pub fn value(&self) -> f64 {
        if self.nan || (self.pos_inf && self.neg_inf) {
            return f64::NAN;
        }
        if self.pos_inf {
            return f64::INFINITY;
        }
        if self.neg_inf {
            return f64::NEG_INFINITY;
        }
        let mut d = self.clone();
        d.normalize();
        let negative = d.digits[LIMBS - 1] < 0;
        if negative {
            for x in &mut d.digits {
                *x = -*x;
            }
            d.normalize();
        }
        let magnitude = round_units(&d.digits);
        if negative { -magnitude } else { magnitude }
    }
}

/// The f64 nearest to a non-negative number of 2^-1074 units held in
/// normalized digits.
fn round_units(digits: &[i64]) -> f64 {
    let Some(top) = digits.iter().rposition(|&x| x != 0) else {
        return 0.0;
    };
    let lowest = top.saturating_sub(2);
    let window = digits[lowest..=top]
        .iter()
        .rev()
        .fold(0u128, |w, &x| (w << 32) | x as u128);
    let sticky = digits[..lowest].iter().any(|&x| x != 0);
    let bits = 128 - window.leading_zeros();
    if bits <= 53 {
        // Below 2^53 units the value is a subnormal or the smallest normal
        // binade, whose bit pattern is the count of units itself.
        return f64::from_bits(window as u64);
    }
    let mut shift = bits - 53;
    let mut mantissa = window >> shift;
    let rest = window & ((1u128 << shift) - 1);
    let half = 1u128 << (shift - 1);
    if rest > half || (rest == half && (sticky || mantissa & 1 == 1)) {
        mantissa += 1;
        if mantissa == 1 << 53 {
            mantissa >>= 1;
            shift += 1;
        }
    }
    // value = mantissa * 2^(k - 1074) with mantissa in [2^52, 2^53).
    let k = shift as i64 + 32 * lowest as i64;
    let biased = k + 1;
    if biased >= 2047 {
        return f64::INFINITY;
    }
    f64::from_bits(((biased as u64) << 52) | (mantissa as u64 & ((1 << 52) - 1)))
}

/// The exact sum of `values`, rounded once.
pub fn exact_sum(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut s = ExactSum::new();
    values.into_iter().for_each(|v| s.add(v));
    s.value()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cancellation_loses_nothing() {
        assert_eq!(exact_sum([1e100, 1.0, -1e100]), 1.0);
        assert_eq!(exact_sum([0.1, 0.2, -0.3]), 2.0f64.powi(-55));
        assert_eq!(exact_sum([f64::MAX, f64::MAX, -f64::MAX]), f64::MAX);
        assert_eq!(exact_sum([f64::MAX, f64::MAX]), f64::INFINITY);
        assert_eq!(exact_sum([]), 0.0);
        assert_eq!(exact_sum([-2.5, 1.0]), -1.5);
    }

    #[test]
    fn subnormals_and_rounding_are_exact() {
        let tiny = f64::from_bits(1);
        assert_eq!(exact_sum([tiny, tiny, tiny]), f64::from_bits(3));
        assert_eq!(
            exact_sum([f64::MIN_POSITIVE, -tiny]),
            f64::from_bits((1 << 52) - 1)
        );
        // 1 + 2^-53 is a tie: to even (1); a sticky bit below breaks it upwards.
        let half_ulp = 2.0f64.powi(-53);
        assert_eq!(exact_sum([1.0, half_ulp]), 1.0);
        assert_eq!(exact_sum([1.0, half_ulp, tiny]), 1.0 + f64::EPSILON);
        assert_eq!(
            exact_sum([1.0 + f64::EPSILON, half_ulp]),
            1.0 + 2.0 * f64::EPSILON
        );
    }

    #[test]
    fn specials_propagate() {
        assert!(exact_sum([1.0, f64::NAN]).is_nan());
        assert!(exact_sum([f64::INFINITY, f64::NEG_INFINITY]).is_nan());
        assert_eq!(exact_sum([f64::INFINITY, 1.0]), f64::INFINITY);
        assert_eq!(exact_sum([f64::NEG_INFINITY, 1.0]), f64::NEG_INFINITY);
    }

    #[test]
    fn many_adds_cross_the_carry_propagation() {
        let mut s = ExactSum::new();
        for _ in 0..(NORMALIZE_EVERY as u64 + 10) {
            s.add(0.75);
        }
        assert_eq!(s.value(), 0.75 * (NORMALIZE_EVERY as f64 + 10.0));
    }

    fn any_f64() -> impl Strategy<Value = f64> {
        prop_oneof![
            -1e3..1e3f64,
            (0u64..=u64::MAX)
                .prop_map(f64::from_bits)
                .prop_filter("finite", |x| x.is_finite()),
            0.0..1.0f64,
        ]
    }

    proptest! {
        #[test]
        fn any_grouping_gives_the_same_bits(values in prop::collection::vec(any_f64(), 0..60), cut in 0usize..60) {
            let whole = exact_sum(values.iter().copied());
            let cut = cut.min(values.len());
            let (mut a, mut b) = (ExactSum::new(), ExactSum::new());
            values[..cut].iter().for_each(|&v| a.add(v));
            values[cut..].iter().rev().for_each(|&v| b.add(v));
            b.merge(&a);
            prop_assert_eq!(b.value().to_bits(), whole.to_bits());
        }

        #[test]
        fn the_sum_is_correctly_rounded(values in prop::collection::vec(-1e6..1e6f64, 1..40)) {
            // Against an exact reference in i128 units of 2^-60 (these values
            // are multiples of 2^-33 at least, so exactly representable).
            let scaled: Vec<f64> = values.iter().map(|v| (v * 2f64.powi(27)).round() / 2f64.powi(27)).collect();
            let units: i128 = scaled.iter().map(|v| (v * 2f64.powi(60)) as i128).sum();
            let reference = units as f64 / 2f64.powi(60);
            prop_assert_eq!(exact_sum(scaled.iter().copied()), reference);
        }
    }
}
