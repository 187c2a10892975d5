//! Charts of how forecasts verified against what happened: the
//! reliability diagram (forecast probability against observed frequency,
//! by bin) and the PIT histogram (flat when forecasts are calibrated).

use super::chart::{FONT, colour, empty, failed, legend};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::io;

/// One forecaster's reliability: per bin (mean forecast, observed
/// frequency, targets).
pub struct Reliability<'a> {
    pub name: &'a str,
    pub colour: usize,
    pub bins: Vec<(f64, f64, usize)>,
}

/// Bins binary forecasts `(forecast, outcome)` into `bins` equal bins of
/// [0, 1]; empty bins are left out.
pub fn reliability_bins(
    pairs: impl Iterator<Item = (f64, f64)>,
    bins: usize,
) -> Vec<(f64, f64, usize)> {
    let bins = bins.max(1);
    let mut sums = vec![(0.0, 0.0, 0usize); bins];
    for (p, o) in pairs {
        let b = ((p.clamp(0.0, 1.0) * bins as f64) as usize).min(bins - 1);
        sums[b] = (sums[b].0 + p, sums[b].1 + o, sums[b].2 + 1);
    }
    sums.into_iter()
        .filter(|s| s.2 > 0)
        .map(|(p, o, n)| (p / n as f64, o / n as f64, n))
        .collect()
}

/// The reliability diagram: the diagonal, and per forecaster its bins as a
/// line with each bin's 95% binomial interval of the observed frequency.
pub fn reliability(
    area: &DrawingArea<SVGBackend, Shift>,
    title: &str,
    lines: &[Reliability],
) -> io::Result<()> {
    if lines.iter().all(|l| l.bins.is_empty()) {
        return empty(area, title, "no binary forecast was scored");
    }
    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT, 15))
        .margin(8)
        .x_label_area_size(34)
        .y_label_area_size(46)
        .build_cartesian_2d(0f64..1f64, 0f64..1f64)
        .map_err(failed)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE.mix(0.0))
        .x_desc("forecast probability")
        .y_desc("observed frequency")
        .label_style((FONT, 11))
        .axis_desc_style((FONT, 12))
        .draw()
        .map_err(failed)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (1.0, 1.0)],
            BLACK.mix(0.4).stroke_width(1),
        )))
        .map_err(failed)?;
    for line in lines {
        let c = colour(line.colour);
        chart
            .draw_series(line.bins.iter().map(|&(p, o, n)| {
                let half = 1.96 * (o * (1.0 - o) / n as f64).sqrt();
                PathElement::new(
                    vec![(p, (o - half).max(0.0)), (p, (o + half).min(1.0))],
                    c.mix(0.5).stroke_width(1),
                )
            }))
            .map_err(failed)?;
        chart
            .draw_series(LineSeries::new(
                line.bins.iter().map(|b| (b.0, b.1)),
                c.stroke_width(2),
            ))
            .map_err(failed)?
            .label(line.name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(2)));
        chart
            .draw_series(
                line.bins
                    .iter()
                    .map(|b| Circle::new((b.0, b.1), 3, c.filled())),
            )
            .map_err(failed)?;
    }
    legend(&mut chart, SeriesLabelPosition::UpperLeft)
}

/// A histogram of PIT values in equal bins of [0, 1], with the flat line a
/// calibrated forecaster would give.
pub fn pit(
    area: &DrawingArea<SVGBackend, Shift>,
    title: &str,
    counts: &[usize],
    colour_index: usize,
) -> io::Result<()> {
    let total: usize = counts.iter().sum();
    if total == 0 || counts.is_empty() {
        return empty(area, title, "nothing scored");
    }
    let bins = counts.len() as f64;
    let density: Vec<f64> = counts
        .iter()
        .map(|c| *c as f64 / total as f64 * bins)
        .collect();
    let top = density.iter().copied().fold(1.0, f64::max) * 1.15;
    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT, 15))
        .margin(8)
        .x_label_area_size(34)
        .y_label_area_size(40)
        .build_cartesian_2d(0f64..1f64, 0f64..top)
        .map_err(failed)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE.mix(0.0))
        .x_desc("PIT")
        .y_desc("density")
        .label_style((FONT, 11))
        .axis_desc_style((FONT, 12))
        .draw()
        .map_err(failed)?;
    let c = colour(colour_index);
    chart
        .draw_series(density.iter().enumerate().map(|(i, d)| {
            let x = i as f64 / bins;
            Rectangle::new([(x, 0.0), (x + 1.0 / bins, *d)], c.mix(0.7).filled())
        }))
        .map_err(failed)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 1.0), (1.0, 1.0)],
            BLACK.mix(0.5).stroke_width(1),
        )))
        .map_err(failed)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_hold_the_mean_forecast_and_the_frequency() {
        let pairs = [
            (0.05, 0.0),
            (0.15, 1.0),
            (0.9, 1.0),
            (0.95, 1.0),
            (0.85, 0.0),
        ];
        let bins = reliability_bins(pairs.into_iter(), 5);
        assert_eq!(bins.len(), 2);
        assert!((bins[0].0 - 0.1).abs() < 1e-12 && bins[0].1 == 0.5 && bins[0].2 == 2);
        assert!((bins[1].0 - 0.9).abs() < 1e-12 && (bins[1].1 - 2.0 / 3.0).abs() < 1e-12);
    }
}
