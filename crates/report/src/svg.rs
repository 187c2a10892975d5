//! The comparison as a chart (SVG): per scenario, one stacked bar per model
//! and one for the ensemble, each cut into the seven outcomes' mean
//! probabilities, with the 5-95% interval of each model's survival mass.

use super::{ScenarioReport, pct, sampling_line};
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

/// Escapes text for SVG and HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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
    writeln!(out, r##"<rect width="100%" height="100%" fill="white"/>"##)?;
    // Legend.
    let mut x = 10.0;
    for (o, colour) in OUTCOMES.iter().zip(COLOURS) {
        writeln!(
            out,
            r##"<rect x="{x}" y="12" width="12" height="12" fill="{colour}"/>"##
        )?;
        writeln!(out, r##"<text x="{}" y="22">{}</text>"##, x + 16.0, o.id)?;
        x += 16.0 + 7.0 * o.id.len() as f64 + 14.0;
    }
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
            let bars = c
                .models
                .iter()
                .map(|m| (m.model.id.clone(), m.means(), Some(m)))
                .chain([("ensemble".to_string(), c.ensemble, None)]);
            for (label, probabilities, model) in bars {
                writeln!(
                    out,
                    r##"<text x="{}" y="{}" text-anchor="end">{}</text>"##,
                    LABEL - 8.0,
                    y + BAR * 0.65,
                    escape(&label)
                )?;
                let mut x = LABEL;
                for ((p, colour), o) in probabilities.iter().zip(COLOURS).zip(OUTCOMES) {
                    let w = p * plot;
                    writeln!(
                        out,
                        r##"<rect x="{x:.2}" y="{y}" width="{w:.2}" height="{BAR}" fill="{colour}"><title>{}: {}%</title></rect>"##,
                        o.id,
                        pct(*p)
                    )?;
                    if w > 34.0 {
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
                if let Some(m) = model {
                    // The survival mass is the last three outcomes: its 5-95% range across samples,
                    // summed per bound as an indication (intervals of sums are not sums of intervals).
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
                    )?;
                }
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
