//! Distributions of uncertain parameters, sampled by inverse CDF.
//!
//! Inverse CDFs (rather than rejection or Box-Muller) let Latin hypercube
//! and plain Monte Carlo share one code path: a design supplies u in (0, 1),
//! the distribution maps it to a value. Transcendental functions come from
//! `libm`, so draws are bit-identical on every platform.

use std::fmt;

/// z of the standard normal's 95th percentile: a 90% interval is mean +- Z90 sd.
pub const Z90: f64 = 1.644_853_626_951_472_2;

/// An uncertain parameter value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distribution {
    /// All of [low, high] equally likely.
    Uniform { low: f64, high: f64 },
    /// Normal with mean and standard deviation.
    Normal { mean: f64, sd: f64 },
    /// Triangular on [low, high] with its peak at mode.
    Triangular { low: f64, mode: f64, high: f64 },
    /// Lognormal whose 5th and 95th percentiles are low and high (> 0).
    LogNormal90 { low: f64, high: f64 },
    /// Normal whose 5th and 95th percentiles are low and high.
    Normal90 { low: f64, high: f64 },
    /// A certain value.
    Point(f64),
}

impl Distribution {
    /// Checks the shape's own constraints (low < high, sd > 0, ...).
    pub fn check(&self) -> Result<(), String> {
        let finite = |xs: &[f64]| xs.iter().all(|x| x.is_finite());
        match *self {
            Distribution::Uniform { low, high } | Distribution::Normal90 { low, high } => {
                if !finite(&[low, high]) || low >= high {
                    return Err(format!("needs low < high, got low = {low}, high = {high}"));
                }
            }
            Distribution::LogNormal90 { low, high } => {
                if !finite(&[low, high]) || low <= 0.0 || low >= high {
                    return Err(format!(
                        "needs 0 < low < high, got low = {low}, high = {high}"
                    ));
                }
            }
            Distribution::Normal { mean, sd } => {
                if !finite(&[mean, sd]) || sd <= 0.0 {
                    return Err(format!(
                        "needs a finite mean and sd > 0, got mean = {mean}, sd = {sd}"
                    ));
                }
            }
            Distribution::Triangular { low, mode, high } => {
                if !(finite(&[low, mode, high]) && low <= mode && mode <= high && low < high) {
                    return Err(format!(
                        "needs low <= mode <= high and low < high, got {low}, {mode}, {high}"
                    ));
                }
            }
            Distribution::Point(v) => {
                if !v.is_finite() {
                    return Err(format!("needs a finite value, got {v}"));
                }
            }
        }
        Ok(())
    }

    /// Whether a draw is certain (a point mass): it needs no sampling.
    pub fn is_point(&self) -> bool {
        matches!(self, Distribution::Point(_))
    }

    /// The smallest and largest values a draw can take (possibly infinite).
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Distribution::Uniform { low, high } | Distribution::Triangular { low, high, .. } => {
                (low, high)
            }
            Distribution::Normal { .. } | Distribution::Normal90 { .. } => {
                (f64::NEG_INFINITY, f64::INFINITY)
            }
            Distribution::LogNormal90 { .. } => (0.0, f64::INFINITY),
            Distribution::Point(v) => (v, v),
        }
    }

    /// The median, used where one representative value is needed.
    pub fn median(&self) -> f64 {
        self.quantile(0.5)
    }

    /// The cumulative probability of values <= x.
    pub fn cdf(&self, x: f64) -> f64 {
        let normal = |z: f64| 0.5 * libm::erfc(-z / core::f64::consts::SQRT_2);
        match *self {
            Distribution::Uniform { low, high } => ((x - low) / (high - low)).clamp(0.0, 1.0),
            Distribution::Normal { mean, sd } => normal((x - mean) / sd),
            Distribution::Normal90 { low, high } => {
                normal((x - (low + high) / 2.0) / ((high - low) / (2.0 * Z90)))
            }
            Distribution::LogNormal90 { low, high } => {
                if x <= 0.0 {
                    return 0.0;
                }
                let (ll, lh) = (libm::log(low), libm::log(high));
                normal((libm::log(x) - (ll + lh) / 2.0) / ((lh - ll) / (2.0 * Z90)))
            }
            Distribution::Triangular { low, mode, high } => {
                if x <= low {
                    0.0
                } else if x >= high {
                    1.0
                } else if x <= mode {
                    (x - low) * (x - low) / ((high - low) * (mode - low))
                } else {
                    1.0 - (high - x) * (high - x) / ((high - low) * (high - mode))
                }
            }
            Distribution::Point(v) => f64::from(u8::from(x >= v)),
        }
    }

    /// The value at cumulative probability u in (0, 1).
    pub fn quantile(&self, u: f64) -> f64 {
        match *self {
            Distribution::Uniform { low, high } => low + u * (high - low),
            Distribution::Normal { mean, sd } => mean + sd * normal_quantile(u),
            Distribution::Normal90 { low, high } => {
                let (mean, sd) = ((low + high) / 2.0, (high - low) / (2.0 * Z90));
                mean + sd * normal_quantile(u)
            }
            Distribution::LogNormal90 { low, high } => {
                let (ll, lh) = (libm::log(low), libm::log(high));
                let (mu, sigma) = ((ll + lh) / 2.0, (lh - ll) / (2.0 * Z90));
                libm::exp(mu + sigma * normal_quantile(u))
            }
            Distribution::Triangular { low, mode, high } => {
                let f = (mode - low) / (high - low);
                if u < f {
                    low + libm::sqrt(u * (high - low) * (mode - low))
                } else {
                    high - libm::sqrt((1.0 - u) * (high - low) * (high - mode))
                }
            }
            Distribution::Point(v) => v,
        }
    }
}

impl fmt::Display for Distribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Distribution::Uniform { low, high } => write!(f, "uniform({low}, {high})"),
            Distribution::Normal { mean, sd } => write!(f, "normal(mean {mean}, sd {sd})"),
            Distribution::Triangular { low, mode, high } => {
                write!(f, "triangular({low}, {mode}, {high})")
            }
            Distribution::LogNormal90 { low, high } => {
                write!(f, "lognormal(90% in {low} to {high})")
            }
            Distribution::Normal90 { low, high } => write!(f, "normal(90% in {low} to {high})"),
            Distribution::Point(v) => write!(f, "{v}"),
        }
    }
}

/// The standard normal quantile function (inverse CDF) for p in (0, 1).
///
/// Wichura's algorithm AS 241 (PPND16, Applied Statistics 37(3), 1988):
/// relative accuracy about 1e-16 over the whole open interval.
pub fn normal_quantile(p: f64) -> f64 {
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q * poly(&A, r) / poly(&B, r);
    }
    let r = if q < 0.0 { p } else { 1.0 - p };
    let r = libm::sqrt(-libm::log(r));
    let x = if r <= 5.0 {
        let r = r - 1.6;
        poly(&C, r) / poly(&D, r)
    } else {
        let r = r - 5.0;
        poly(&E, r) / poly(&F, r)
    };
    if q < 0.0 { -x } else { x }
}

/// Evaluates a polynomial with coefficients from the constant term up (Horner).
fn poly(coefficients: &[f64; 8], x: f64) -> f64 {
    coefficients.iter().rev().fold(0.0, |acc, c| acc * x + c)
}

#[allow(clippy::excessive_precision)] // AS 241 as published
const A: [f64; 8] = [
    3.387_132_872_796_366_5,
    133.141_667_891_784_38,
    1_971.590_950_306_551_3,
    13_731.693_765_509_461,
    45_921.953_931_549_87,
    67_265.770_927_008_7,
    33_430.575_583_588_13,
    2_509.080_928_730_122_7,
];
#[allow(clippy::excessive_precision)] // AS 241 as published
const B: [f64; 8] = [
    1.0,
    42.313_330_701_600_91,
    687.187_007_492_057_9,
    5_394.196_021_424_751,
    21_213.794_301_586_597,
    39_307.895_800_092_71,
    28_729.085_735_721_943,
    5_226.495_278_852_545,
];
#[allow(clippy::excessive_precision)] // AS 241 as published
const C: [f64; 8] = [
    1.423_437_110_749_683_5,
    4.630_337_846_156_545_5,
    5.769_497_221_460_691,
    3.647_848_324_763_204_5,
    1.270_458_252_452_368_4,
    0.241_780_725_177_450_6,
    0.022_723_844_989_269_184,
    7.745_450_142_783_414e-4,
];
#[allow(clippy::excessive_precision)] // AS 241 as published
const D: [f64; 8] = [
    1.0,
    2.053_191_626_637_759,
    1.676_384_830_183_803_8,
    0.689_767_334_985_1,
    0.148_103_976_427_480_08,
    0.015_198_666_563_616_457,
    5.475_938_084_995_345e-4,
    1.050_750_071_644_416_9e-9,
];
#[allow(clippy::excessive_precision)] // AS 241 as published
const E: [f64; 8] = [
    6.657_904_643_501_103,
    5.463_784_911_164_114,
    1.784_826_539_917_291_3,
    0.296_560_571_828_504_9,
    0.026_532_189_526_576_124,
    0.001_242_660_947_388_078_4,
    2.711_555_568_743_487_6e-5,
    2.010_334_399_292_288_1e-7,
];
#[allow(clippy::excessive_precision)] // AS 241 as published
const F: [f64; 8] = [
    1.0,
    0.599_832_206_555_888,
    0.136_929_880_922_735_8,
    0.014_875_361_290_850_615,
    7.868_691_311_456_133e-4,
    1.846_318_317_510_054_8e-5,
    1.421_511_758_316_446e-7,
    2.044_263_103_389_939_7e-15,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantile_matches_known_values() {
        assert_eq!(normal_quantile(0.5), 0.0);
        assert!((normal_quantile(0.95) - Z90).abs() < 1e-15);
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-15);
        assert!((normal_quantile(1e-10) + 6.361_340_902_404_056).abs() < 1e-12);
        assert!((normal_quantile(0.3) + normal_quantile(0.7)).abs() < 1e-15);
    }

    #[test]
    fn ninety_percent_intervals_hit_their_ends() {
        for d in [
            Distribution::LogNormal90 {
                low: 0.005,
                high: 0.02,
            },
            Distribution::Normal90 {
                low: 1.0,
                high: 3.0,
            },
        ] {
            let (Distribution::LogNormal90 { low, high } | Distribution::Normal90 { low, high }) =
                d
            else {
                unreachable!()
            };
            assert!((d.quantile(0.05) - low).abs() < 1e-12 * high, "{d}");
            assert!((d.quantile(0.95) - high).abs() < 1e-12 * high, "{d}");
        }
    }

    #[test]
    fn triangular_quantiles_bracket_the_mode() {
        let d = Distribution::Triangular {
            low: 0.0,
            mode: 0.25,
            high: 1.0,
        };
        assert!((d.quantile(0.25) - 0.25).abs() < 1e-12);
        assert_eq!(d.quantile(1e-300), 0.0 + libm::sqrt(1e-300 * 0.25));
        assert!(d.quantile(0.999_999) < 1.0);
    }

    #[test]
    fn cdf_inverts_quantile() {
        let shapes = [
            Distribution::Uniform {
                low: 1.0,
                high: 2.0,
            },
            Distribution::Normal { mean: 1.0, sd: 0.5 },
            Distribution::Normal90 {
                low: 1.0,
                high: 3.0,
            },
            Distribution::LogNormal90 {
                low: 0.005,
                high: 0.02,
            },
            Distribution::Triangular {
                low: 0.0,
                mode: 0.3,
                high: 1.0,
            },
        ];
        for d in shapes {
            for u in [0.01, 0.2, 0.5, 0.8, 0.99] {
                assert!((d.cdf(d.quantile(u)) - u).abs() < 1e-12, "{d} at {u}");
            }
        }
    }

    #[test]
    fn shapes_reject_bad_arguments() {
        assert!(
            Distribution::Uniform {
                low: 1.0,
                high: 1.0
            }
            .check()
            .is_err()
        );
        assert!(
            Distribution::LogNormal90 {
                low: 0.0,
                high: 1.0
            }
            .check()
            .is_err()
        );
        assert!(
            Distribution::Normal {
                mean: 0.0,
                sd: -1.0
            }
            .check()
            .is_err()
        );
        assert!(
            Distribution::Triangular {
                low: 0.0,
                mode: 2.0,
                high: 1.0
            }
            .check()
            .is_err()
        );
        assert!(Distribution::Point(f64::NAN).check().is_err());
        assert!(
            Distribution::Triangular {
                low: 0.0,
                mode: 0.0,
                high: 1.0
            }
            .check()
            .is_ok()
        );
    }
}
