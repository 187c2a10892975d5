//! A tornado: each parameter moved alone from its 5% to its 95% point, the
//! others at their medians, and the output's swing. A first look that
//! misses interactions and non-monotone effects; Sobol indices catch them.

use serde::Serialize;

/// One parameter's bar.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bar {
    /// The parameter's place among the design's uncertain parameters.
    pub parameter: usize,
    /// The output with the parameter at its 5% and its 95% point.
    pub at_low: f64,
    pub at_high: f64,
}

impl Bar {
    /// How far the output moves from the 5% to the 95% point.
    pub fn swing(&self) -> f64 {
        self.at_high - self.at_low
    }
}

/// The tornado of one output, from the runs of a `Design::Tornado` (the
/// central run, then each parameter low and high), its bars by decreasing
/// swing (ties in parameter order). Returns the central output and the bars.
pub fn tornado(outputs: &[f64]) -> (f64, Vec<Bar>) {
    assert!(
        outputs.len() % 2 == 1,
        "a central run and two runs per parameter"
    );
    let k = outputs.len() / 2;
    let mut bars: Vec<Bar> = (0..k)
        .map(|i| Bar {
            parameter: i,
            at_low: outputs[2 * i + 1],
            at_high: outputs[2 * i + 2],
        })
        .collect();
    bars.sort_by(|a, b| {
        b.swing()
            .abs()
            .total_cmp(&a.swing().abs())
            .then(a.parameter.cmp(&b.parameter))
    });
    (outputs[0], bars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_come_by_decreasing_swing() {
        let (central, bars) = tornado(&[0.5, 0.45, 0.55, 0.7, 0.2, 0.5, 0.5]);
        assert_eq!(central, 0.5);
        let order: Vec<usize> = bars.iter().map(|b| b.parameter).collect();
        assert_eq!(order, [1, 0, 2]);
        assert!((bars[0].swing() + 0.5).abs() < 1e-12);
        assert_eq!(bars[2].swing(), 0.0);
    }
}
