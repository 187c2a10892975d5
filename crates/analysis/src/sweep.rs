//! The grid of a sweep: `NAME=FROM..TO[:POINTS]` per varied parameter, and
//! every combination of their values.

use serde::{Deserialize, Serialize};

/// A parameter and the values a sweep gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vary {
    pub name: String,
    pub values: Vec<f64>,
}

/// Most points a single `--vary` may ask for.
pub const MAX_POINTS: usize = 1000;

impl std::str::FromStr for Vary {
    type Err = String;

    /// `NAME=FROM..TO` or `NAME=FROM..TO:POINTS`. Without POINTS: every
    /// integer from FROM to TO when both are integers at most 20 apart
    /// (a lever's levels), else 5 points.
    fn from_str(s: &str) -> Result<Vary, String> {
        let usage = || {
            format!(
                "`{s}` is not NAME=FROM..TO[:POINTS], e.g. levers.us_pledge=0..3 or dprk.base_hazard=0.005..0.05:10"
            )
        };
        let (name, range) = s.split_once('=').ok_or_else(usage)?;
        let (range, points) = match range.split_once(':') {
            Some((r, p)) => (
                r,
                Some(
                    p.trim()
                        .parse::<usize>()
                        .map_err(|e| format!("`{p}` points: {e}"))?,
                ),
            ),
            None => (range, None),
        };
        let (from, to) = range.split_once("..").ok_or_else(usage)?;
        let number = |v: &str| -> Result<f64, String> {
            v.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("`{v}` in `{s}` is not a finite number"))
        };
        let (from, to) = (number(from)?, number(to)?);
        let name = name.trim();
        if name.is_empty() {
            return Err(usage());
        }
        if from >= to {
            return Err(format!("`{s}`: FROM must be below TO"));
        }
        let integers = from.fract() == 0.0 && to.fract() == 0.0 && to - from <= 20.0;
        let points = points.unwrap_or(if integers {
            (to - from) as usize + 1
        } else {
            5
        });
        if !(2..=MAX_POINTS).contains(&points) {
            return Err(format!("`{s}`: between 2 and {MAX_POINTS} points"));
        }
        let step = (to - from) / (points - 1) as f64;
        let values = (0..points)
            .map(|i| {
                if i + 1 == points {
                    to
                } else {
                    from + step * i as f64
                }
            })
            .collect();
        Ok(Vary {
            name: name.to_string(),
            values,
        })
    }
}

/// Every combination of the varied values, the first parameter varying
/// slowest: the points of a one-at-a-time sweep (one `Vary`) or a grid.
pub fn grid(varies: &[Vary]) -> Vec<Vec<f64>> {
    varies.iter().fold(vec![Vec::new()], |points, vary| {
        points
            .iter()
            .flat_map(|p| {
                vary.values.iter().map(move |v| {
                    let mut q = p.clone();
                    q.push(*v);
                    q
                })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_levels_and_point_counts() {
        let v: Vary = "levers.us_pledge=0..3".parse().unwrap();
        assert_eq!(v.values, [0.0, 1.0, 2.0, 3.0]);
        let v: Vary = "dprk.base_hazard=0.005..0.025:5".parse().unwrap();
        assert_eq!(v.values.len(), 5);
        assert_eq!(v.values[4], 0.025);
        assert!((v.values[2] - 0.015).abs() < 1e-15);
        let v: Vary = "x=0..100".parse().unwrap();
        assert_eq!(v.values.len(), 5);
        for bad in [
            "x", "x=1", "x=3..1", "=0..1", "x=0..1:1", "x=0..nan", "x=0..1:z",
        ] {
            assert!(bad.parse::<Vary>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_grid_has_every_combination_first_slowest() {
        let a: Vary = "a=0..1".parse().unwrap();
        let b: Vary = "b=0..2".parse().unwrap();
        let g = grid(&[a, b]);
        assert_eq!(g.len(), 6);
        assert_eq!(g[0], [0.0, 0.0]);
        assert_eq!(g[1], [0.0, 1.0]);
        assert_eq!(g[5], [1.0, 2.0]);
    }
}
