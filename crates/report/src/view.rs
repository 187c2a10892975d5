//! The parts of a comparison that the HTML report and the explorer
//! (`forecast explore`) both show, as HTML and SVG fragments: the table of
//! outcomes, the disagreement between models, and the fan charts of the
//! yearly indicators; with a reference run (the scenario as written), the
//! explorer's table says how far each number moved and its fans draw the
//! reference's medians dashed.

use super::chart::{self, Band};
use super::pct;
use super::svg::escape;
use forecast_core::{Comparison, ModelResult};
use forecast_vocab::OUTCOMES;
use std::fmt::Write as _;
use std::io;

/// The outcomes table: per model (and the ensemble) each outcome's mean
/// with its 5-95% interval; every cell holds its exact mean in
/// `data-mean`. With `reference`, each mean's change from it in points.
pub fn outcomes_table(c: &Comparison, reference: Option<&Comparison>) -> String {
    let mut h = String::new();
    let _ = write!(h, "<table class=\"comparison\"><thead><tr><th>model</th>");
    for o in &OUTCOMES {
        let _ = write!(h, "<th>{}</th>", o.id);
    }
    let _ = writeln!(h, "</tr></thead><tbody>");
    let change = |now: f64, before: Option<f64>| match before {
        Some(b) if pct(now) != pct(b) => {
            format!(" <span class=\"change\">({:+.1})</span>", (now - b) * 100.0)
        }
        _ => String::new(),
    };
    for m in &c.models {
        let before = reference.and_then(|r| r.models.iter().find(|x| x.model.id == m.model.id));
        let _ = write!(
            h,
            "<tr data-model=\"{0}\"><td>{0}</td>",
            escape(&m.model.id)
        );
        for (k, i) in m.outcomes.iter().enumerate() {
            let _ = write!(
                h,
                "<td data-outcome=\"{}\" data-mean=\"{:?}\">{}%{}<br><span class=\"note\">{}-{}</span></td>",
                OUTCOMES[k].id,
                i.mean,
                pct(i.mean),
                change(i.mean, before.map(|b| b.outcomes[k].mean)),
                pct(i.p05),
                pct(i.p95)
            );
        }
        let _ = writeln!(h, "</tr>");
    }
    let _ = write!(h, "<tr data-model=\"ensemble\"><td><b>ensemble</b></td>");
    for (k, p) in c.ensemble.iter().enumerate() {
        let _ = write!(
            h,
            "<td data-outcome=\"{}\" data-mean=\"{p:?}\"><b>{}%</b>{}</td>",
            OUTCOMES[k].id,
            pct(*p),
            change(*p, reference.map(|r| r.ensemble[k]))
        );
    }
    let _ = writeln!(h, "</tr></tbody></table>");
    h
}

/// How far the models disagree: each outcome's spread of the model means,
/// and each pair's Jensen-Shannon divergence.
pub fn disagreement(c: &Comparison) -> String {
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<table><thead><tr><th>outcome</th><th>spread (max-min of the model means)</th></tr></thead><tbody>"
    );
    for (o, spread) in OUTCOMES.iter().zip(&c.spread) {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{} points</td></tr>",
            o.id,
            pct(*spread)
        );
    }
    let _ = writeln!(h, "</tbody></table>");
    if !c.divergence.is_empty() {
        let _ = writeln!(
            h,
            "<table><thead><tr><th>models</th><th>Jensen-Shannon divergence (bits; 0 same, 1 disjoint)</th></tr></thead><tbody>"
        );
        for d in &c.divergence {
            let _ = writeln!(
                h,
                "<tr><td>{} vs {}</td><td>{:.3}</td></tr>",
                escape(&d.a),
                escape(&d.b),
                d.jensen_shannon
            );
        }
        let _ = writeln!(h, "</tbody></table>");
    }
    h
}

/// The yearly indicators the models emit, the shared ones first, in the
/// order the models emit them.
pub fn indicator_names(models: &[ModelResult]) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for m in models {
        for i in &m.indicators {
            if !names.contains(&i.name.as_str()) {
                names.push(&i.name);
            }
        }
    }
    names.sort_by_key(|n| !forecast_vocab::is_shared_indicator(n));
    names
}

/// One model's series of `name` as a band: per year its median and 5-95%.
fn band<'a>(m: usize, r: &'a ModelResult, name: &str, start_year: i32) -> Option<Band<'a>> {
    let series = r.indicators.iter().find(|i| i.name == name)?;
    Some(Band {
        name: &r.model.id,
        colour: chart::colour(m),
        points: series
            .years
            .iter()
            .enumerate()
            .map(|(t, i)| ((start_year + t as i32) as f64, i.p50, i.p05, i.p95))
            .collect(),
    })
}

/// Fan charts, a panel per indicator of `names`: per model the median over
/// the years with its 5-95% band; with `reference`, its medians dashed.
pub fn fans(
    models: &[ModelResult],
    names: &[&str],
    start_year: i32,
    reference: Option<&[ModelResult]>,
) -> io::Result<String> {
    chart::panels(names.len(), 3, (400, 270), |k, area| {
        let name = names[k];
        let bands: Vec<Band> = models
            .iter()
            .enumerate()
            .filter_map(|(m, r)| band(m, r, name, start_year))
            .collect();
        let before: Vec<Band> = reference
            .unwrap_or_default()
            .iter()
            .filter_map(|r| {
                let m = models.iter().position(|x| x.model.id == r.model.id)?;
                let mut b = band(m, r, name, start_year)?;
                b.name = "as written";
                Some(b)
            })
            .collect();
        let (lo, hi) = bands
            .iter()
            .flat_map(|b| b.points.iter().flat_map(|p| [p.2, p.3]))
            .chain(before.iter().flat_map(|b| b.points.iter().map(|p| p.1)))
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        let probability = lo >= 0.0 && hi <= 1.0;
        let (lo, hi) = if probability {
            (0.0, ((hi * 1.1).max(0.01) * 20.0).ceil().min(20.0) / 20.0)
        } else {
            let pad = ((hi - lo) * 0.08).max(1e-9);
            (lo - pad, hi + pad)
        };
        chart::line_bands_against(
            area,
            name,
            "year",
            "median, 5-95% band",
            (lo, hi),
            probability,
            &bands,
            &before,
        )
    })
}
