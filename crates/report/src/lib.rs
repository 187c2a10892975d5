//! What a run of `forecast` reports, and how it is shown: the report of a
//! comparison ([`ScenarioReport`]) and of every analysis (sweeps,
//! sensitivity, discovery, back-tests, calibration, scores, decisions), each
//! as aligned tables, JSON, CSV and SVG charts, and all of them together in
//! the self-contained HTML report. The formats show the same numbers; JSON
//! is the stable, documented one (docs/json-schema.md).
//!
//! It draws and formats; it does not run models (that is `forecast-run`)
//! nor parse a command line.

pub mod backtest;
pub mod calibrate;
pub mod chart;
mod csv;
pub mod decide;
pub mod discover;
pub mod html;
mod json;
pub mod priors;
pub mod score;
pub mod sensitivity;
mod svg;
pub mod sweep;
mod text;
pub mod verification;
pub mod view;

use forecast_core::{Comparison, Plan};
use forecast_host::{LoadError, RunFailure};
use std::path::PathBuf;

pub use json::{model_result, report as json_report, write_json};
pub use text::{aligned, write_markdown, write_run, write_table};

pub use csv::{field as csv_field, write_csv};
pub use svg::{write_against, write_svg};

/// An analysis's result in each output format of the analysis commands
/// (`sweep`, `sensitivity`, `discover`).
pub trait Analysis {
    fn write_table(&self, out: &mut dyn std::io::Write) -> std::io::Result<()>;
    /// `None` when the analysis has no CSV form.
    fn write_csv(&self, out: &mut dyn std::io::Write) -> Option<std::io::Result<()>>;
    /// Every number, as docs/json-schema.md describes.
    fn json(&self) -> serde_json::Value;
    /// Its charts, one SVG.
    fn svg(&self) -> std::io::Result<String>;
}

/// Everything reported about one scenario.
pub struct ScenarioReport {
    pub file: PathBuf,
    pub plan: Plan,
    /// `None` when no model produced a result.
    pub comparison: Option<Comparison>,
    pub failures: Vec<Failure>,
    /// What each successful model printed on the central case: (id, log).
    pub logs: Vec<(String, String)>,
}

/// Writes a line per failure after a report's tables: the plugin, when, why.
pub fn write_failures(out: &mut dyn std::io::Write, failures: &[Failure]) -> std::io::Result<()> {
    for f in failures {
        writeln!(
            out,
            "\nerror: {} failed during {}: {}",
            f.plugin, f.during, f.error
        )?;
    }
    Ok(())
}

/// A plugin that failed, at load or on a sample.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Failure {
    pub plugin: String,
    /// `load`, `sample N` or `central case`.
    pub during: String,
    pub error: String,
    /// What the plugin wrote to stdout and stderr.
    pub log: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (during {}): {}",
            self.plugin, self.during, self.error
        )
    }
}

impl From<RunFailure> for Failure {
    fn from(r: RunFailure) -> Self {
        let during = if r.sample == "central" {
            "central case".into()
        } else {
            format!("sample {}", r.sample)
        };
        Failure {
            plugin: r.plugin,
            during,
            error: r.error.to_string(),
            log: r.log,
        }
    }
}

impl From<&LoadError> for Failure {
    fn from(e: &LoadError) -> Self {
        Failure {
            plugin: String::new(),
            during: "load".into(),
            error: e.to_string(),
            log: String::new(),
        }
    }
}

/// Writes `reports` in `format`; `origin` gives where a model came from.
pub fn write(
    out: &mut dyn std::io::Write,
    format: Format,
    reports: &[ScenarioReport],
    verbose: bool,
    origin: &dyn Fn(&str) -> String,
) -> std::io::Result<()> {
    match format {
        Format::Table => write_table(out, reports, verbose),
        Format::Markdown => write_markdown(out, reports, verbose),
        Format::Csv => write_csv(out, reports),
        Format::Json => write_json(out, reports, origin),
        Format::Svg => write_svg(out, reports),
    }
}

/// Output formats of `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// The stable machine-readable report.
    Json,
    /// One row per (scenario, model, outcome).
    Csv,
    /// A GitHub-flavoured Markdown table.
    Markdown,
    /// A chart: a stacked bar of outcome probabilities per model (SVG).
    Svg,
}

/// A probability as a percentage with one decimal.
pub fn pct(p: f64) -> String {
    format!("{:.1}", p * 100.0)
}

/// A short description of how the scenario was sampled.
pub fn sampling_line(plan: &Plan) -> String {
    let s = &plan.scenario;
    let method = match plan.sampling {
        forecast_core::Sampling::LatinHypercube => "Latin hypercube",
        forecast_core::Sampling::MonteCarlo => "Monte Carlo",
    };
    format!(
        "{}-{} ({} years), {} samples ({method}) of {} uncertain parameters, seed {}",
        s.start_year,
        s.start_year + s.horizon as i32 - 1,
        s.horizon,
        plan.samples,
        plan.uncertain.len(),
        plan.seed
    )
}
