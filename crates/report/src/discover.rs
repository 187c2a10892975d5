//! Scenario discovery results: per model, the boxes PRIM found, with
//! coverage, density and the restricted parameters in the vocabulary's
//! words, and the peeling trajectory; as a table, JSON or charts.

use super::chart;
use super::{Failure, pct};
use forecast_analysis::prim::{Discovery, Step};
use forecast_vocab::OUTCOMES;
use serde_json::{Value, json};
use std::io::{self, Write};

/// A dimension of the search: a parameter and what it means.
pub struct Dimension {
    pub name: String,
    /// Its description and unit, from the model or the shared priors.
    pub meaning: String,
}

pub struct ModelDiscovery {
    pub id: String,
    pub dimensions: Vec<Dimension>,
    pub discovery: Discovery,
}

pub struct DiscoveryReport {
    pub scenario: String,
    /// The share each peeling step removes.
    pub alpha: f64,
    /// Where the samples came from.
    pub source: String,
    pub outcome: usize,
    pub threshold: f64,
    pub above: bool,
    pub models: Vec<ModelDiscovery>,
    pub failures: Vec<Failure>,
}

impl DiscoveryReport {
    fn case(&self) -> String {
        format!(
            "P({}) {} {}",
            OUTCOMES[self.outcome].id,
            if self.above { ">" } else { "<" },
            self.threshold
        )
    }
}

fn restricted_lines(m: &ModelDiscovery, first: &Step, step: &Step) -> Vec<String> {
    step.restricted
        .iter()
        .map(|&d| {
            let (lo, hi) = step.limits[d];
            let (rlo, rhi) = first.limits[d];
            let bound = match (lo > rlo, hi < rhi) {
                (true, true) => format!("between {} and {}", num(lo), num(hi)),
                (true, false) => format!("at least {}", num(lo)),
                _ => format!("at most {}", num(hi)),
            };
            format!(
                "{} {bound} (sampled {} to {}): {}",
                m.dimensions[d].name,
                num(rlo),
                num(rhi),
                m.dimensions[d].meaning
            )
        })
        .collect()
}

/// Four significant digits.
fn num(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return x.to_string();
    }
    let digits = (3 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("{x:.digits$}")
}

pub fn write_table(out: &mut dyn Write, r: &DiscoveryReport) -> io::Result<()> {
    writeln!(
        out,
        "{}: where {} ({}); PRIM (Friedman & Fisher 1999), peeling {}% a step, box chosen on held-out samples",
        r.scenario,
        r.case(),
        r.source,
        r.alpha * 100.0
    )?;
    writeln!(
        out,
        "(a box keeps a restriction only if dropping it costs more than one standard error of density)"
    )?;
    for m in &r.models {
        let d = &m.discovery;
        writeln!(
            out,
            "\n{}: {}% of {} samples have {}",
            m.id,
            pct(d.base_rate),
            d.samples,
            r.case()
        )?;
        if d.boxes.is_empty() {
            writeln!(out, "  no sample does: nothing to discover")?;
            continue;
        }
        for (k, found) in d.boxes.iter().enumerate() {
            let b = &found.simple;
            writeln!(
                out,
                "  box {}: coverage {}%, density {}% (base rate {}%), mass {}% of {} samples; peeling step {} of {}, {} of its {} restrictions kept",
                k + 1,
                pct(b.coverage),
                pct(b.density),
                pct(found.cases as f64 / found.samples.max(1) as f64),
                pct(b.mass),
                found.samples,
                found.chosen,
                found.trajectory.len() - 1,
                b.restricted.len(),
                found.chosen().restricted.len()
            )?;
            if b.restricted.is_empty() {
                writeln!(out, "    no restriction beats the whole space")?;
            }
            for line in restricted_lines(m, &found.trajectory[0], b) {
                writeln!(out, "    {line}")?;
            }
        }
        let first = &d.boxes[0];
        writeln!(
            out,
            "  peeling trajectory of box 1 (step: coverage/density/mass, restricted):"
        )?;
        let steps: Vec<String> = first
            .trajectory
            .iter()
            .enumerate()
            .map(|(i, s)| {
                format!(
                    "{i}{}: {}/{}/{} {}",
                    if i == first.chosen { "*" } else { "" },
                    pct(s.coverage),
                    pct(s.density),
                    pct(s.mass),
                    s.restricted.len()
                )
            })
            .collect();
        for chunk in steps.chunks(4) {
            writeln!(out, "    {}", chunk.join("   "))?;
        }
    }
    for f in &r.failures {
        writeln!(out, "FAILED {f}")?;
    }
    Ok(())
}

pub fn report(r: &DiscoveryReport) -> Value {
    let models: Vec<Value> = r
        .models
        .iter()
        .map(|m| {
            let step = |s: &Step| {
                json!({
                    "coverage": s.coverage,
                    "density": s.density,
                    "mass": s.mass,
                    "restricted": s.restricted.iter().map(|&d| json!({
                        "parameter": m.dimensions[d].name,
                        "low": s.limits[d].0,
                        "high": s.limits[d].1,
                    })).collect::<Vec<_>>(),
                })
            };
            let boxes: Vec<Value> = m
                .discovery
                .boxes
                .iter()
                .map(|f| {
                    json!({
                        "box": step(&f.simple),
                        "chosen_step": f.chosen,
                        "samples": f.samples,
                        "cases": f.cases,
                        "trajectory": f.trajectory.iter().map(step).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({
                "id": m.id,
                "base_rate": m.discovery.base_rate,
                "parameters": m.dimensions.iter().map(|d| json!({"name": d.name, "meaning": d.meaning})).collect::<Vec<_>>(),
                "boxes": boxes,
            })
        })
        .collect();
    json!({
        "scenario": r.scenario,
        "source": r.source,
        "outcome": OUTCOMES[r.outcome].id,
        "threshold": r.threshold,
        "above": r.above,
        "models": models,
        "failures": r.failures.iter().map(|f| json!({"plugin": f.plugin, "during": f.during, "error": f.error})).collect::<Vec<_>>(),
    })
}

/// One trajectory chart per model with a box.
pub fn svg(r: &DiscoveryReport) -> io::Result<String> {
    let with: Vec<&ModelDiscovery> = r
        .models
        .iter()
        .filter(|m| !m.discovery.boxes.is_empty())
        .collect();
    chart::panels(with.len(), 3, (420, 360), |i, area| {
        let m = with[i];
        let first = &m.discovery.boxes[0];
        let steps: Vec<(f64, f64)> = first
            .trajectory
            .iter()
            .map(|s| (s.coverage, s.density))
            .collect();
        chart::trajectory(
            area,
            &format!("{}: {}", m.id, r.case()),
            &steps,
            first.chosen,
        )
    })
}

impl super::Analysis for DiscoveryReport {
    fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        write_table(out, self)
    }

    fn write_csv(&self, _out: &mut dyn Write) -> Option<io::Result<()>> {
        None
    }

    fn json(&self) -> Value {
        report(self)
    }

    fn svg(&self) -> io::Result<String> {
        svg(self)
    }
}
