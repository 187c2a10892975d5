//! The comparison as a chart (SVG): per scenario, one stacked bar per model
//! and one for the ensemble, each cut into the seven outcomes' mean
//! probabilities, with the 5-95% interval of each model's survival mass.

use super::{ScenarioReport, pct, sampling_line};
use forecast_core::{Comparison, ModelResult};
use forecast_vocab::OUTCOMES;
use std::io::{self, Write};

/// One colour per outcome: warm for the collapse branch, cool for survival.
const COLOURS: [&str; 7] = [
    "#b2182b", "#5aae61", "#f4a582", "#d6604d", "#2166ac", "#67a9cf", "#92c5de",
];
const WIDTH: f64 = 1000.0;
const LABEL: f64 = 190.0;
const BAR: f64 = 26.0;
const GAP: f64 = 10.0;
/// The height of a reference bar under a model's.
const REFERENCE: f64 = 7.0;

/// Escapes text for SVG and HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One stacked bar of the seven outcomes at `y`, `plot` pixels for a
/// probability of 1, each share labelled when it is wide enough; with
/// `reference` (a title), a thin, pale bar of what the scenario as written
/// gives instead.
fn bar(
    out: &mut dyn Write,
    y: f64,
    probabilities: &[f64; 7],
    plot: f64,
    reference: Option<&str>,
) -> io::Result<()> {
    let (height, opacity) = match reference {
        None => (BAR, ""),
        Some(_) => (REFERENCE, r##" fill-opacity="0.45""##),
    };
    let mut x = LABEL;
    for ((p, colour), o) in probabilities.iter().zip(COLOURS).zip(OUTCOMES) {
        let w = p * plot;
        writeln!(
            out,
            r##"<rect x="{x:.2}" y="{y}" width="{w:.2}" height="{height}" fill="{colour}"{opacity}><title>{}{}: {}%</title></rect>"##,
            reference.map_or(String::new(), |r| format!("{r}, ")),
            o.id,
            pct(*p)
        )?;
        if reference.is_none() && w > 34.0 {
            writeln!(
                out,
                r##"<text x="{:.2}" y="{}" text-anchor="middle" fill="white">{}</text>"##,
                x + w / 2.0,
                y + BAR * 0.65,
                pct(*p)
            )?;
        }
        x += w;
    }
    Ok(())
}

/// The white ground and the outcomes' colours.
fn legend(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r##"<rect width="100%" height="100%" fill="white"/>"##)?;
    let mut x = 10.0;
    for (o, colour) in OUTCOMES.iter().zip(COLOURS) {
        writeln!(
            out,
            r##"<rect x="{x}" y="12" width="12" height="12" fill="{colour}"/>"##
        )?;
        writeln!(out, r##"<text x="{}" y="22">{}</text>"##, x + 16.0, o.id)?;
        x += 16.0 + 7.0 * o.id.len() as f64 + 14.0;
    }
    Ok(())
}

/// The 5-95% range across samples of a model's survival mass (the last
/// three outcomes), summed per bound as an indication (intervals of sums
/// are not sums of intervals), as a line over its bar at `y`.
fn survival(out: &mut dyn Write, m: &ModelResult, y: f64, plot: f64) -> io::Result<()> {
    let (lo, hi): (f64, f64) = m.outcomes[4..]
        .iter()
        .fold((0.0, 0.0), |(a, b), i| (a + i.p05, b + i.p95));
    let (x0, x1) = (
        LABEL + (1.0 - hi.min(1.0)) * plot,
        LABEL + (1.0 - lo) * plot,
    );
    writeln!(
        out,
        r##"<line x1="{x0:.2}" x2="{x1:.2}" y1="{}" y2="{}" stroke="black" stroke-width="1.5"><title>survival 5-95%</title></line>"##,
        y - 3.0,
        y - 3.0
    )
}

/// Each model's bar and the ensemble's: label, probabilities, model.
fn bar_rows(c: &Comparison) -> impl Iterator<Item = (String, [f64; 7], Option<&ModelResult>)> {
    c.models
        .iter()
        .map(|m| (m.model.id.clone(), m.means(), Some(m)))
        .chain([("ensemble".to_string(), c.ensemble, None)])
}

/// A bar with its label on the left and, for a model, its survival
/// interval.
fn labelled_bar(
    out: &mut dyn Write,
    y: f64,
    label: &str,
    probabilities: &[f64; 7],
    model: Option<&ModelResult>,
    plot: f64,
) -> io::Result<()> {
    writeln!(
        out,
        r##"<text x="{}" y="{}" text-anchor="end">{}</text>"##,
        LABEL - 8.0,
        y + BAR * 0.65,
        escape(label)
    )?;
    bar(out, y, probabilities, plot, None)?;
    match model {
        Some(m) => survival(out, m, y, plot),
        None => Ok(()),
    }
}

/// One scenario's comparison, each model's bar (and the ensemble's) with,
/// under it, a thin pale bar of what `reference` gives (the scenario as
/// written), for the explorer.
pub fn write_against(
    out: &mut dyn Write,
    r: &ScenarioReport,
    reference: Option<&ScenarioReport>,
) -> io::Result<()> {
    let plot = WIDTH - LABEL - 20.0;
    let Some(c) = &r.comparison else {
        return write_svg(out, std::slice::from_ref(r));
    };
    let base = reference.and_then(|b| b.comparison.as_ref());
    let step = BAR + GAP + if base.is_some() { REFERENCE + 2.0 } else { 0.0 };
    let height = 50.0 + (c.models.len() + 1) as f64 * step + 16.0;
    writeln!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" font-family="sans-serif" font-size="12">"##
    )?;
    legend(out)?;
    let mut y = 44.0;
    for (label, probabilities, model) in bar_rows(c) {
        labelled_bar(out, y, &label, &probabilities, model, plot)?;
        let before = base.and_then(|b| match model {
            Some(m) => b
                .models
                .iter()
                .find(|x| x.model.id == m.model.id)
                .map(|x| x.means()),
            None => Some(b.ensemble),
        });
        if let Some(p) = before {
            bar(out, y + BAR + 2.0, &p, plot, Some("as written"))?;
        }
        y += step;
    }
    writeln!(out, "</svg>")
}

pub fn write_svg(out: &mut dyn Write, reports: &[ScenarioReport]) -> io::Result<()> {
    let plot = WIDTH - LABEL - 20.0;
    let rows = |r: &ScenarioReport| r.comparison.as_ref().map_or(0, |c| c.models.len() + 1) as f64;
    let section =
        |r: &ScenarioReport| 60.0 + rows(r) * (BAR + GAP) + 20.0 * r.failures.len() as f64;
    let height = 50.0 + reports.iter().map(section).sum::<f64>();
    writeln!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" font-family="sans-serif" font-size="12">"##
    )?;
    legend(out)?;
    let mut y = 50.0;
    for r in reports {
        let s = &r.plan.scenario;
        writeln!(
            out,
            r##"<text x="10" y="{}" font-size="14" font-weight="bold">{}: {}</text>"##,
            y + 14.0,
            escape(&s.id),
            escape(&s.title)
        )?;
        writeln!(
            out,
            r##"<text x="10" y="{}" fill="#555">{}; mean P(outcome by {}); line: 5-95% of survival</text>"##,
            y + 32.0,
            escape(&sampling_line(&r.plan)),
            s.start_year + s.horizon as i32 - 1
        )?;
        y += 48.0;
        if let Some(c) = &r.comparison {
            for (label, probabilities, model) in bar_rows(c) {
                labelled_bar(out, y, &label, &probabilities, model, plot)?;
                y += BAR + GAP;
            }
        }
        for f in &r.failures {
            writeln!(
                out,
                r##"<text x="10" y="{}" fill="#b2182b">FAILED {}</text>"##,
                y + 12.0,
                escape(&f.to_string())
            )?;
            y += 20.0;
        }
        y += 12.0;
    }
    writeln!(out, "</svg>")
}
