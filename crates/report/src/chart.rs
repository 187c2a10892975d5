//! The analysis charts as SVG, drawn with `plotters`: lines with interval
//! bands (sweeps, fan charts), ranked Sobol indices, tornadoes and PRIM's
//! peeling trajectory. Each returns one self-contained `<svg>` element,
//! sized by a viewBox so that a page can scale it.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::io;

/// One colour per model, in the order they ran (Okabe & Ito 2008, safe for
/// colour-blind readers).
const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(120, 120, 120),
];

pub fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

pub(super) const FONT: &str = "sans-serif";

pub(super) fn failed<E: std::fmt::Debug>(e: E) -> io::Error {
    io::Error::other(format!("drawing a chart: {e:?}"))
}

/// Draws `panels` charts of `size` pixels each, `columns` to a row, into one
/// SVG.
pub fn panels(
    count: usize,
    columns: usize,
    size: (u32, u32),
    mut draw: impl FnMut(usize, &DrawingArea<SVGBackend, Shift>) -> io::Result<()>,
) -> io::Result<String> {
    let columns = columns.clamp(1, count.max(1));
    let rows = count.div_ceil(columns).max(1);
    let (w, h) = (size.0 * columns as u32, size.1 * rows as u32);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        for (i, area) in root
            .split_evenly((rows, columns))
            .iter()
            .enumerate()
            .take(count)
        {
            draw(i, area)?;
        }
        root.present().map_err(failed)?;
    }
    Ok(scalable(&svg))
}

/// Gives an SVG of fixed size a viewBox and its width as a maximum, so
/// that a page can scale it.
pub fn scalable(svg: &str) -> String {
    let Some(open) = svg.find("<svg") else {
        return svg.to_string();
    };
    let attr = |name: &str| -> Option<String> {
        let tag = &svg[open..open + svg[open..].find('>')?];
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[start..start + tag[start..].find('"')?].to_string())
    };
    let (Some(w), Some(h)) = (attr("width"), attr("height")) else {
        return svg.to_string();
    };
    let sized = format!("width=\"{w}\" height=\"{h}\"");
    let with_box = format!("{sized} viewBox=\"0 0 {w} {h}\"");
    let old = if svg.contains(&with_box) {
        with_box
    } else {
        sized
    };
    svg.replacen(
        &old,
        &format!("viewBox=\"0 0 {w} {h}\" style=\"max-width:{w}px;width:100%;height:auto\""),
        1,
    )
}

/// A number in at most about four characters of digits: 25M, 3.5k, 0.125.
pub fn short(v: f64) -> String {
    let a = v.abs();
    let trim = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    if a >= 1e6 {
        format!("{}M", trim(format!("{:.1}", v / 1e6)))
    } else if a >= 1e3 {
        format!("{}k", trim(format!("{:.1}", v / 1e3)))
    } else if a >= 1.0 || a == 0.0 {
        trim(format!("{v:.2}"))
    } else {
        trim(format!("{v:.3}"))
    }
}

/// A panel with its title and a note instead of a chart.
pub fn empty(area: &DrawingArea<SVGBackend, Shift>, title: &str, note: &str) -> io::Result<()> {
    let (w, h) = area.dim_in_pixel();
    let centre = Pos::new(HPos::Center, VPos::Center);
    let big = TextStyle::from((FONT, 15).into_font()).pos(centre);
    let small = TextStyle::from((FONT, 12).into_font()).pos(centre);
    let (x, y) = ((w / 2) as i32, (h / 2) as i32);
    area.draw(&Text::new(title.to_string(), (x, 20), big))
        .map_err(failed)?;
    area.draw(&Text::new(note.to_string(), (x, y), small))
        .map_err(failed)
}

/// A series of points with an interval: (x, middle, low, high).
pub struct Band<'a> {
    pub name: &'a str,
    pub colour: RGBColor,
    pub points: Vec<(f64, f64, f64, f64)>,
}

/// Lines with their interval as a translucent band, and a legend.
pub fn line_bands(
    area: &DrawingArea<SVGBackend, Shift>,
    title: &str,
    x_desc: &str,
    y_desc: &str,
    y_range: (f64, f64),
    percent: bool,
    bands: &[Band],
) -> io::Result<()> {
    line_bands_against(area, title, x_desc, y_desc, y_range, percent, bands, &[])
}

/// [`line_bands`], with `reference` lines (their middles only) dashed
/// beside them: what another run gave, to compare with.
#[allow(clippy::too_many_arguments)]
pub fn line_bands_against(
    area: &DrawingArea<SVGBackend, Shift>,
    title: &str,
    x_desc: &str,
    y_desc: &str,
    y_range: (f64, f64),
    percent: bool,
    bands: &[Band],
    reference: &[Band],
) -> io::Result<()> {
    let xs = bands.iter().flat_map(|b| b.points.iter().map(|p| p.0));
    let (x0, x1) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    });
    let finite = [x0, x1, y_range.0, y_range.1].iter().all(|v| v.is_finite());
    if bands.is_empty() || !finite || y_range.0 >= y_range.1 {
        return empty(area, title, "no model gave a result here");
    }
    let (x0, x1) = if x0 < x1 {
        (x0, x1)
    } else {
        (x0 - 0.5, x0 + 0.5)
    };
    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT, 15))
        .margin(8)
        .x_label_area_size(34)
        .y_label_area_size(52)
        .build_cartesian_2d(x0..x1, y_range.0..y_range.1)
        .map_err(failed)?;
    let y_format = |v: &f64| {
        if percent && y_range.1 - y_range.0 < 0.1 {
            format!("{:.1}%", v * 100.0)
        } else if percent {
            format!("{:.0}%", v * 100.0)
        } else {
            short(*v)
        }
    };
    let x_format = |v: &f64| format!("{v}");
    chart
        .configure_mesh()
        .light_line_style(WHITE.mix(0.0))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .y_label_formatter(&y_format)
        .x_label_formatter(&x_format)
        .label_style((FONT, 11))
        .axis_desc_style((FONT, 12))
        .draw()
        .map_err(failed)?;
    for band in bands {
        let upper = band.points.iter().map(|p| (p.0, p.3));
        let lower = band.points.iter().rev().map(|p| (p.0, p.2));
        chart
            .draw_series(std::iter::once(Polygon::new(
                upper.chain(lower).collect::<Vec<_>>(),
                band.colour.mix(0.18).filled(),
            )))
            .map_err(failed)?;
    }
    for band in bands {
        let colour = band.colour;
        chart
            .draw_series(LineSeries::new(
                band.points.iter().map(|p| (p.0, p.1)),
                colour.stroke_width(2),
            ))
            .map_err(failed)?
            .label(band.name)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2))
            });
        chart
            .draw_series(
                band.points
                    .iter()
                    .map(|p| Circle::new((p.0, p.1), 2, colour.filled())),
            )
            .map_err(failed)?;
    }
    for (k, band) in reference.iter().enumerate() {
        let colour = band.colour;
        let drawn = chart
            .draw_series(DashedLineSeries::new(
                band.points.iter().map(|p| (p.0, p.1)),
                5,
                4,
                colour.mix(0.8).stroke_width(1),
            ))
            .map_err(failed)?;
        // One legend entry for all the reference lines: each has its
        // model's colour, dashed.
        if k == 0 {
            drawn
                .label(format!("{} (dashed)", band.name))
                .legend(move |(x, y)| {
                    plotters::element::DashedPathElement::new(
                        vec![(x, y), (x + 18, y)],
                        4,
                        3,
                        BLACK.mix(0.7),
                    )
                });
        }
    }
    legend(&mut chart, SeriesLabelPosition::UpperRight)
}

/// Draws the legend of `chart`'s labelled series.
pub(super) fn legend<'a, X: Ranged, Y: Ranged>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, Cartesian2d<X, Y>>,
    position: SeriesLabelPosition,
) -> io::Result<()> {
    chart
        .configure_series_labels()
        .position(position)
        .label_font((FONT, 11))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(failed)
}

/// Writes `labels` to the left of rows 0..n of a chart whose y axis counts
/// rows downwards.
fn row_labels<X: Ranged<ValueType = f64>>(
    area: &DrawingArea<SVGBackend, Shift>,
    chart: &ChartContext<SVGBackend, Cartesian2d<X, plotters::coord::types::RangedCoordf64>>,
    x: f64,
    labels: &[String],
) -> io::Result<()> {
    let base = area.get_base_pixel();
    let style = TextStyle::from((FONT, 11).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
    for (i, label) in labels.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(x, i as f64));
        area.draw(&Text::new(
            label.clone(),
            (px - base.0 - 6, py - base.1),
            style.clone(),
        ))
        .map_err(failed)?;
    }
    Ok(())
}

/// An estimate with its interval, for ranked bars.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// Ranked horizontal bars, two per row (first-order and total Sobol
/// indices), with interval whiskers.
pub fn indices(
    area: &DrawingArea<SVGBackend, Shift>,
    title: &str,
    names: &[String],
    first: &[Ranked],
    total: &[Ranked],
) -> io::Result<()> {
    let n = names.len().max(1) as f64;
    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT, 15))
        .margin(8)
        .margin_left(210)
        .x_label_area_size(30)
        .build_cartesian_2d(0f64..1f64, (n - 0.5)..-0.5f64)
        .map_err(failed)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .light_line_style(WHITE.mix(0.0))
        .x_desc("share of the outcome's variance")
        .label_style((FONT, 11))
        .axis_desc_style((FONT, 12))
        .draw()
        .map_err(failed)?;
    let styles = [
        (colour(0), -0.36, "first order S1"),
        (colour(5), 0.0, "total ST"),
    ];
    for ((c, offset, label), values) in styles.into_iter().zip([first, total]) {
        chart
            .draw_series(values.iter().enumerate().map(|(i, r)| {
                let y = i as f64 + offset;
                Rectangle::new([(0.0, y), (r.value.clamp(0.0, 1.0), y + 0.34)], c.filled())
            }))
            .map_err(failed)?
            .label(label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 4), (x + 12, y + 4)], c.filled()));
        chart
            .draw_series(values.iter().enumerate().map(|(i, r)| {
                let y = i as f64 + offset + 0.17;
                PathElement::new(
                    vec![(r.low.clamp(0.0, 1.0), y), (r.high.clamp(0.0, 1.0), y)],
                    BLACK.stroke_width(1),
                )
            }))
            .map_err(failed)?;
    }
    row_labels(area, &chart, 0.0, names)?;
    legend(&mut chart, SeriesLabelPosition::LowerRight)
}

/// A tornado: per row the output with the parameter at its 5% and its 95%
/// point, around the central output.
pub fn tornado(
    area: &DrawingArea<SVGBackend, Shift>,
    title: &str,
    central: f64,
    names: &[String],
    bars: &[(f64, f64)],
) -> io::Result<()> {
    let n = names.len().max(1) as f64;
    let (lo, hi) = bars.iter().fold((central, central), |(lo, hi), (a, b)| {
        (lo.min(*a).min(*b), hi.max(*a).max(*b))
    });
    let pad = ((hi - lo) * 0.08).max(0.005);
    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT, 15))
        .margin(8)
        .margin_left(210)
        .x_label_area_size(30)
        .build_cartesian_2d((lo - pad)..(hi + pad), (n - 0.5)..-0.5f64)
        .map_err(failed)?;
    let x_format = |v: &f64| format!("{:.1}%", v * 100.0);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .light_line_style(WHITE.mix(0.0))
        .x_label_formatter(&x_format)
        .x_desc("probability, parameter at its 5% (light) and 95% (dark) point")
        .label_style((FONT, 11))
        .axis_desc_style((FONT, 12))
        .draw()
        .map_err(failed)?;
    for (shade, pick) in [(colour(5), 0usize), (colour(0), 1)] {
        chart
            .draw_series(bars.iter().enumerate().map(|(i, b)| {
                let end = if pick == 0 { b.0 } else { b.1 };
                let y = i as f64;
                Rectangle::new([(central, y - 0.35), (end, y + 0.35)], shade.filled())
            }))
            .map_err(failed)?;
    }
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(central, -0.5), (central, n - 0.5)],
            BLACK.stroke_width(1),
        )))
        .map_err(failed)?;
    row_labels(area, &chart, lo - pad, names)?;
    Ok(())
}

/// PRIM's peeling trajectory: density against coverage, the chosen box
/// ringed.
pub fn trajectory(
    area: &DrawingArea<SVGBackend, Shift>,
    title: &str,
    steps: &[(f64, f64)],
    chosen: usize,
) -> io::Result<()> {
    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT, 15))
        .margin(8)
        .x_label_area_size(34)
        .y_label_area_size(48)
        .build_cartesian_2d(0f64..1.02f64, 0f64..1.02f64)
        .map_err(failed)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE.mix(0.0))
        .x_desc("coverage")
        .y_desc("density")
        .label_style((FONT, 11))
        .axis_desc_style((FONT, 12))
        .draw()
        .map_err(failed)?;
    chart
        .draw_series(LineSeries::new(steps.iter().copied(), colour(0).mix(0.5)))
        .map_err(failed)?;
    chart
        .draw_series(steps.iter().map(|p| Circle::new(*p, 3, colour(0).filled())))
        .map_err(failed)?;
    if let Some(p) = steps.get(chosen) {
        chart
            .draw_series([Circle::new(*p, 7, colour(1).stroke_width(2))])
            .map_err(failed)?;
    }
    Ok(())
}
