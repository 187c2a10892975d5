//! The report of `forecast calibrate`: per model, what the calibration
//! rests on and each uncertain parameter's prior and posterior; as a table
//! or as JSON.

use super::Failure;
use super::backtest::few_samples;
use super::text::aligned;
use forecast_score::calibrate::Fit;
use serde_json::{Value, json};
use std::io::{self, Write};

/// One uncertain parameter: [mean, 5%, 50%, 95%] under the prior and the
/// posterior.
pub struct Posterior {
    pub name: String,
    pub prior: [f64; 4],
    /// `None` when the model could not be fitted.
    pub posterior: Option<[f64; 4]>,
}

/// One model's calibration.
pub struct ModelFit {
    pub model: String,
    pub failed: bool,
    /// `None` when it emits no series of the record in the years fitted.
    pub fit: Option<Fit>,
    pub posteriors: Vec<Posterior>,
}

/// Everything `forecast calibrate` reports.
pub struct Calibrated {
    pub scenario: String,
    pub scenario_file: String,
    pub record_file: String,
    pub record_title: String,
    /// The record's years fitted.
    pub years: (i32, i32),
    pub samples: u32,
    pub seed: u64,
    pub models: Vec<ModelFit>,
    pub failures: Vec<Failure>,
    /// The scenario files written (`--save-posterior`).
    pub written: Vec<std::path::PathBuf>,
}

fn why_not(m: &ModelFit) -> &'static str {
    if m.failed {
        "it failed (see the error below)"
    } else {
        "it emits no series of the record: not calibrated"
    }
}

pub fn write_table(out: &mut dyn Write, c: &Calibrated) -> io::Result<()> {
    writeln!(
        out,
        "Calibration of {} ({}) on {} ({}), {}-{}: {} samples weighted by the likelihood of the record under each model's yearly forecasts (years and series independent given a sample).",
        c.scenario, c.scenario_file, c.record_title, c.record_file, c.years.0, c.years.1, c.samples
    )?;
    for m in &c.models {
        writeln!(out)?;
        let Some(fit) = &m.fit else {
            writeln!(out, "{}: {}", m.model, why_not(m))?;
            continue;
        };
        let series: Vec<String> = fit
            .series
            .iter()
            .map(|(s, n)| format!("{s} ({n} years)"))
            .collect();
        writeln!(
            out,
            "{}: effective sample size {:.0} of {}; log evidence {:.3}; fitted to {}",
            m.model,
            fit.weights.ess,
            c.samples,
            fit.weights.log_evidence,
            series.join(", ")
        )?;
        if fit.weights.ess < few_samples(c.samples) {
            writeln!(
                out,
                "  note: the posterior rests on few samples: run more (--samples N); importance sampling from the prior needs more as the record it fits grows"
            )?;
        }
        let header: Vec<String> = [
            "parameter",
            "prior mean",
            "[5%, 50%, 95%]",
            "posterior mean",
            "[5%, 50%, 95%]",
        ]
        .map(String::from)
        .to_vec();
        let g = |x: f64| format!("{x:.4}");
        let points = |v: &[f64; 4]| format!("[{}, {}, {}]", g(v[1]), g(v[2]), g(v[3]));
        let rows: Vec<Vec<String>> = m
            .posteriors
            .iter()
            .map(|p| {
                let post = p.posterior.as_ref();
                vec![
                    format!("  {}", p.name),
                    g(p.prior[0]),
                    points(&p.prior),
                    post.map_or("-".into(), |v| g(v[0])),
                    post.map_or("-".into(), points),
                ]
            })
            .collect();
        aligned(out, &header, &rows, 1)?;
    }
    if !c.written.is_empty() {
        writeln!(out, "\nwrote the prior and the posteriors as scenarios:")?;
        for p in &c.written {
            writeln!(out, "  {}", p.display())?;
        }
    }
    super::write_failures(out, &c.failures)?;
    Ok(())
}

fn summary(v: &[f64; 4]) -> Value {
    json!({ "mean": v[0], "p05": v[1], "p50": v[2], "p95": v[3] })
}

/// Every number, with each sample's weight (by sample index).
pub fn write_json(out: &mut dyn Write, c: &Calibrated) -> io::Result<()> {
    let models: Vec<Value> = c
        .models
        .iter()
        .map(|m| {
            json!({
                "model": m.model,
                "calibrated": m.fit.is_some(),
                "ess": m.fit.as_ref().map(|f| f.weights.ess),
                "log_evidence": m.fit.as_ref().map(|f| f.weights.log_evidence),
                "series": m.fit.as_ref().map(|f| f.series.iter().map(|(s, n)| json!({ "series": s, "years": n })).collect::<Vec<_>>()),
                "parameters": m.posteriors.iter().map(|p| json!({
                    "name": p.name,
                    "prior": summary(&p.prior),
                    "posterior": p.posterior.as_ref().map(summary),
                })).collect::<Vec<_>>(),
                "weights": m.fit.as_ref().map(|f| &f.weights.weights),
            })
        })
        .collect();
    let doc = json!({
        "schema": "forecast-calibrate/1",
        "scenario": c.scenario,
        "scenario_file": c.scenario_file,
        "record_file": c.record_file,
        "years": [c.years.0, c.years.1],
        "samples": c.samples,
        "seed": c.seed,
        "models": models,
        "failures": c.failures,
        "written": c.written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
