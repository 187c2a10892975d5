//! The HTML report: one self-contained file (inline CSS and SVG, no
//! scripts, nothing fetched) that an analyst can mail or open offline.
//! Per scenario: the comparison as stacked bars and a table, the
//! disagreement, fan charts of the yearly indicators, and, when asked, the
//! sweep and sensitivity charts; then each model with its explanation and
//! its parameters with their sources.

use super::chart::{self};
use super::sensitivity::Sensitivity;
use super::svg::escape;
use super::sweep::Sweep;
use super::{ScenarioReport, sampling_line};
use forecast_core::{ModelResult, ModelSpec};
use std::fmt::Write as _;
use std::io;

/// What the report shows of one scenario.
pub struct Section<'a> {
    pub report: &'a ScenarioReport,
    pub sweeps: Vec<Sweep>,
    pub sensitivity: Option<Sensitivity>,
    pub backtest: Option<super::backtest::Backtest>,
    pub decision: Option<super::decide::Decision>,
    /// What the reader should know, e.g. an analysis that could not run.
    pub notes: Vec<String>,
}

const STYLE: &str = r#"
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1240px; padding: 1.5em; color: #222; line-height: 1.45; }
h1 { margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #0072b2; padding-bottom: 0.2em; margin-top: 2em; }
h3 { margin-top: 1.6em; }
.meta, figcaption, .note { color: #555; font-size: 0.92em; }
figure { margin: 1em 0; }
figure svg { display: block; border: 1px solid #e4e4e4; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.9em; }
th, td { padding: 0.25em 0.6em; border-bottom: 1px solid #e4e4e4; text-align: right; vertical-align: top; }
th:first-child, td:first-child, td.text { text-align: left; }
td.text { max-width: 38em; }
thead th { background: #f3f6f9; }
.failure { color: #b2182b; }
nav ul { columns: 2; }
details { margin: 0.5em 0; }
code { background: #f3f3f3; padding: 0 0.2em; }
"#;

/// Writes the whole report.
pub fn write_html(
    out: &mut dyn io::Write,
    sections: &[Section],
    origins: &dyn Fn(&str) -> String,
) -> io::Result<()> {
    let mut h = String::new();
    let ids: Vec<&str> = sections
        .iter()
        .map(|s| s.report.plan.scenario.id.as_str())
        .collect();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>forecast report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&ids.join(", "))
    );
    let _ = writeln!(
        h,
        "<header><h1>Forecast report</h1><p class=\"meta\">forecast {}; {} scenario(s), every model on the same draws. Probabilities are means over the samples of the uncertain parameters with their 5-95% interval.</p>",
        env!("CARGO_PKG_VERSION"),
        sections.len()
    );
    let _ = writeln!(h, "<nav><ul>");
    for id in &ids {
        let _ = writeln!(h, "<li><a href=\"#{0}\">{0}</a></li>", escape(id));
    }
    let _ = writeln!(
        h,
        "<li><a href=\"#models\">The models</a></li></ul></nav></header>"
    );
    for section in sections {
        scenario(&mut h, section)?;
    }
    models(&mut h, sections, origins);
    let _ = writeln!(h, "</body>\n</html>");
    out.write_all(h.as_bytes())
}

fn scenario(h: &mut String, section: &Section) -> io::Result<()> {
    let r = section.report;
    let s = &r.plan.scenario;
    let last = s.start_year + s.horizon as i32 - 1;
    let _ = writeln!(
        h,
        "<section id=\"{}\">\n<h2>{}: {}</h2>\n<p>{}</p>\n<p class=\"meta\">{}</p>",
        escape(&s.id),
        escape(&s.id),
        escape(&s.title),
        escape(s.description.trim()),
        escape(&sampling_line(&r.plan))
    );
    for f in &r.failures {
        let _ = writeln!(
            h,
            "<p class=\"failure\">FAILED {}</p>",
            escape(&f.to_string())
        );
    }
    let Some(c) = &r.comparison else {
        let _ = writeln!(
            h,
            "<p class=\"failure\">No model produced a result.</p></section>"
        );
        return Ok(());
    };
    // The comparison.
    let _ = writeln!(h, "<h3>The comparison: P(outcome by {last})</h3>");
    let mut bars = Vec::new();
    super::write_svg(&mut bars, std::slice::from_ref(r))?;
    let bars = String::from_utf8_lossy(&bars).into_owned();
    let _ = writeln!(
        h,
        "<figure>{}<figcaption>Mean probability of each outcome per model and for the ensemble.</figcaption></figure>",
        chart::scalable(&bars)
    );
    h.push_str(&super::view::outcomes_table(c, None));
    // Disagreement.
    let _ = writeln!(h, "<h3>Disagreement</h3>");
    h.push_str(&super::view::disagreement(c));
    fans(h, &c.models, s.start_year)?;
    for sweep in &section.sweeps {
        let names: Vec<&str> = sweep.varies.iter().map(|v| v.name.as_str()).collect();
        for p in &sweep.points {
            for f in &p.failures {
                let _ = writeln!(
                    h,
                    "<p class=\"failure\">FAILED in the sweep at {}: {}</p>",
                    escape(&sweep.at(p)),
                    escape(&f.to_string())
                );
            }
        }
        let _ = writeln!(
            h,
            "<h3>Sweep: {}</h3>\n<figure>{}<figcaption>Each point a full run of {} samples on the same draws (common random numbers); lines are means, bands the 5-95% interval across samples.</figcaption></figure>",
            escape(&names.join(" by ")),
            super::sweep::svg(sweep)?,
            sweep.samples
        );
    }
    for note in &section.notes {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", escape(note));
    }
    if let Some(sens) = &section.sensitivity {
        for f in sens.failures.iter().filter(|f| f.during != "load") {
            let _ = writeln!(
                h,
                "<p class=\"failure\">FAILED in the sensitivity analysis: {}</p>",
                escape(&f.to_string())
            );
        }
        let _ = writeln!(
            h,
            "<h3>Sensitivity</h3>\n<figure>{}<figcaption>Sobol indices (first order S1, total ST, with 95% bootstrap intervals) from a Saltelli design of {} base rows, and the tornado: each parameter alone from its 5% to its 95% point. Ten parameters per chart at most; <code>forecast sensitivity</code> lists all.</figcaption></figure>",
            super::sensitivity::svg(sens)?,
            sens.base
        );
    }
    if let Some(b) = &section.backtest {
        let mut table = Vec::new();
        super::backtest::write_table(&mut table, b)?;
        let _ = writeln!(
            h,
            "<h3>Back-test against {}</h3>\n<pre>{}</pre>\n<figure>{}<figcaption>The reliability diagram of the binary series (each bin's mean forecast against how often the event happened, with a 95% binomial interval; the diagonal is perfect reliability) and each forecaster's histogram of randomised PIT values (flat when calibrated). <code>forecast backtest</code> gives the same in JSON.</figcaption></figure>",
            escape(&b.record.title),
            escape(&String::from_utf8_lossy(&table)),
            super::backtest::svg(b)?
        );
    }
    if let Some(d) = &section.decision {
        use super::Analysis;
        let mut table = Vec::new();
        d.write_table(&mut table)?;
        let _ = writeln!(
            h,
            "<h3>Which policy holds up in every model</h3>\n<pre>{}</pre>\n<figure>{}<figcaption>Each policy's means on each pair of objectives, a point per model and a cross for the mean across models; and each policy's maximum regret per model, against the best policy of each (model, sample). <code>forecast decide</code> gives every number in JSON and CSV.</figcaption></figure>",
            escape(&String::from_utf8_lossy(&table)),
            d.svg()?
        );
    }
    let _ = writeln!(h, "</section>");
    Ok(())
}

/// Fan charts: per indicator, each model's median over the years with its
/// 5-95% band.
fn fans(h: &mut String, models: &[ModelResult], start_year: i32) -> io::Result<()> {
    let names = super::view::indicator_names(models);
    if names.is_empty() {
        return Ok(());
    }
    let svg = super::view::fans(models, &names, start_year, None)?;
    let _ = writeln!(
        h,
        "<h3>Yearly indicators</h3>\n<figure>{svg}<figcaption>Fan charts: per model the median over the samples of each year's value, with the 5-95% band.</figcaption></figure>"
    );
    let _ = writeln!(
        h,
        "<details><summary>What the indicators mean</summary><table><thead><tr><th>indicator</th><th>meaning</th><th>unit</th></tr></thead><tbody>"
    );
    for name in &names {
        let spec = models
            .iter()
            .find_map(|m| m.model.indicators.iter().find(|i| i.name == *name));
        if let Some(i) = spec {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td></tr>",
                escape(name),
                escape(&i.description),
                escape(&i.unit)
            );
        }
    }
    let _ = writeln!(h, "</tbody></table></details>");
    Ok(())
}

/// Each model once: what it is, its sources, its explanation of each
/// scenario's central case, and its parameters.
fn models(h: &mut String, sections: &[Section], origins: &dyn Fn(&str) -> String) {
    let _ = writeln!(h, "<section id=\"models\">\n<h2>The models</h2>");
    let mut seen: Vec<&ModelSpec> = Vec::new();
    for section in sections {
        for m in section.report.comparison.iter().flat_map(|c| &c.models) {
            if !seen.iter().any(|s| s.id == m.model.id) {
                seen.push(&m.model);
            }
        }
    }
    for spec in seen {
        let _ = writeln!(
            h,
            "<h3 id=\"model-{0}\">{0}: {1} <span class=\"meta\">version {2}, {3}</span></h3>\n<p>{4}</p>",
            escape(&spec.id),
            escape(&spec.name),
            escape(&spec.version),
            escape(&origins(&spec.id)),
            escape(&spec.summary)
        );
        if !spec.references.is_empty() {
            let _ = writeln!(h, "<details><summary>References</summary><ul>");
            for r in &spec.references {
                let _ = writeln!(h, "<li>{}</li>", escape(r));
            }
            let _ = writeln!(h, "</ul></details>");
        }
        for section in sections {
            let r = section.report;
            let result = r
                .comparison
                .iter()
                .flat_map(|c| &c.models)
                .find(|m| m.model.id == spec.id);
            if let Some(result) = result
                && !result.central.explanation.is_empty()
            {
                let _ = writeln!(
                    h,
                    "<details><summary>Its explanation of {}'s central case</summary><ul>",
                    escape(&r.plan.scenario.id)
                );
                for line in &result.central.explanation {
                    let _ = writeln!(h, "<li>{}</li>", escape(line));
                }
                let _ = writeln!(h, "</ul></details>");
            }
        }
        let _ = writeln!(
            h,
            "<details><summary>Its {} parameters, with sources</summary><table><thead><tr><th>parameter</th><th>meaning</th><th>default</th><th>range</th><th>unit</th><th>source</th></tr></thead><tbody>",
            spec.parameters.len()
        );
        for p in &spec.parameters {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"text\">{}</td><td>{}</td><td>{} to {}</td><td class=\"text\">{}</td><td class=\"text\">{}</td></tr>",
                escape(&p.name),
                escape(&p.description),
                p.default,
                p.min,
                p.max,
                escape(&p.unit),
                escape(&p.source)
            );
        }
        let _ = writeln!(h, "</tbody></table></details>");
    }
    let _ = writeln!(h, "</section>");
}
