//! The JSON report, schema `forecast-compare/1` (docs/json-schema.md).
//! Fields are only ever added within a schema version.

use super::ScenarioReport;
use forecast_core::{Interval, ModelResult};
use forecast_vocab::OUTCOMES;
use serde_json::{Value, json};
use std::io::{self, Write};

pub const SCHEMA: &str = "forecast-compare/1";

fn interval(i: &Interval) -> Value {
    json!({ "mean": i.mean, "p05": i.p05, "p50": i.p50, "p95": i.p95 })
}

/// One model's result: what it is, its outcomes (mean, interval, central
/// case), yearly indicators and explanation. Without where the plugin came
/// from, so that it is the same wherever the plugin file lies.
pub fn model_result(m: &ModelResult, start_year: i32) -> Value {
    json!({
        "id": m.model.id,
        "name": m.model.name,
        "version": m.model.version,
        "samples": m.samples,
        "outcomes": OUTCOMES.iter().zip(&m.outcomes).map(|(o, i)| {
            let mut v = interval(i);
            v["outcome"] = json!(o.id);
            v["central"] = json!(m.central.outcomes[forecast_vocab::outcome_index(o.id).unwrap_or(0)]);
            v
        }).collect::<Vec<_>>(),
        "indicators": m.indicators.iter().map(|ind| json!({
            "indicator": ind.name,
            "years": ind.years.iter().enumerate().map(|(t, i)| {
                let mut v = interval(i);
                v["year"] = json!(start_year + t as i32);
                v
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "explanation": m.central.explanation,
    })
}

fn model(m: &ModelResult, origin: &str, log: &str, start_year: i32) -> Value {
    let mut v = model_result(m, start_year);
    v["origin"] = json!(origin);
    v["log"] = json!(log);
    v
}

/// The report as a JSON value.
pub fn report(reports: &[ScenarioReport], origins: &dyn Fn(&str) -> String) -> Value {
    let scenarios: Vec<Value> = reports
        .iter()
        .map(|r| {
            let s = &r.plan.scenario;
            let comparison = r.comparison.as_ref();
            let per_outcome = |values: &[f64; 7]| -> Vec<Value> {
                OUTCOMES.iter().zip(values).map(|(o, p)| json!({ "outcome": o.id, "probability": p })).collect()
            };
            json!({
                "file": r.file.display().to_string(),
                "id": s.id,
                "title": s.title,
                "start_year": s.start_year,
                "horizon": s.horizon,
                "seed": r.plan.seed,
                "samples": r.plan.samples,
                "sampling": r.plan.sampling,
                "uncertain": r.plan.uncertain.iter().map(|u| json!({
                    "name": u.name, "distribution": u.describe(), "low": u.low, "high": u.high,
                })).collect::<Vec<_>>(),
                "models": comparison.map_or(vec![], |c| c.models.iter().map(|m| {
                    let log = r.logs.iter().find(|(id, _)| *id == m.model.id).map_or("", |(_, l)| l.as_str());
                    model(m, &origins(&m.model.id), log, s.start_year)
                }).collect()),
                "failures": r.failures.iter().map(|f| json!({
                    "plugin": f.plugin, "during": f.during, "error": f.error, "log": f.log,
                })).collect::<Vec<_>>(),
                "ensemble": comparison.map(|c| json!({ "pooling": c.pooling, "outcomes": per_outcome(&c.ensemble) })),
                "disagreement": comparison.map(|c| json!({
                    "spread": per_outcome(&c.spread),
                    "jensen_shannon": c.divergence.iter().map(|d| json!({ "a": d.a, "b": d.b, "bits": d.jensen_shannon })).collect::<Vec<_>>(),
                })),
                "notes": r.plan.notes,
            })
        })
        .collect();
    json!({ "schema": SCHEMA, "contract": forecast_host::CONTRACT_VERSION, "scenarios": scenarios })
}

pub fn write_json(
    out: &mut dyn Write,
    reports: &[ScenarioReport],
    origins: &dyn Fn(&str) -> String,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &report(reports, origins))?;
    writeln!(out)
}
