//! A sweep's results: each outcome's mean and interval per model at each
//! point of the grid, as a table, CSV, JSON, or line charts with bands.

use super::chart::{self, Band};
use super::{Failure, csv_field, pct};
use forecast_analysis::sweep::Vary;
use forecast_core::Interval;
use forecast_vocab::{OUTCOME_COUNT, OUTCOMES};
use serde_json::{Value, json};
use std::io::{self, Write};

/// One point of the grid: its values (one per varied parameter) and what
/// each model gave there.
pub struct Point {
    pub values: Vec<f64>,
    /// Per model of [`Sweep::models`]: its outcomes, or `None` if it failed.
    pub outcomes: Vec<Option<[Interval; OUTCOME_COUNT]>>,
    pub failures: Vec<Failure>,
}

/// A whole sweep of one scenario.
pub struct Sweep {
    pub scenario: String,
    pub title: String,
    pub last_year: i32,
    pub samples: u32,
    pub seed: u64,
    pub varies: Vec<Vary>,
    pub models: Vec<String>,
    /// Plugins that did not load.
    pub load_failures: Vec<Failure>,
    pub points: Vec<Point>,
    /// Indices into [`OUTCOMES`] to show.
    pub outcomes: Vec<usize>,
}

impl Sweep {
    /// Where a point is: `NAME=VALUE, ...`.
    pub fn at(&self, point: &Point) -> String {
        let at: Vec<String> = self
            .varies
            .iter()
            .zip(&point.values)
            .map(|(v, x)| format!("{}={x}", v.name))
            .collect();
        at.join(", ")
    }

    fn heading(&self) -> String {
        let varied: Vec<String> = self
            .varies
            .iter()
            .map(|v| {
                format!(
                    "{} from {} to {} ({} points)",
                    v.name,
                    v.values[0],
                    v.values[v.values.len() - 1],
                    v.values.len()
                )
            })
            .collect();
        format!(
            "{}: {}\n{}; {} samples at each point, the same draws at every point (seed {})",
            self.scenario,
            self.title,
            varied.join(" by "),
            self.samples,
            self.seed
        )
    }
}

pub fn write_table(out: &mut dyn Write, s: &Sweep) -> io::Result<()> {
    writeln!(out, "{}", s.heading())?;
    writeln!(
        out,
        "P(outcome by {}) in %, mean [5%-95% across samples]\n",
        s.last_year
    )?;
    let header: Vec<String> = s
        .varies
        .iter()
        .map(|v| v.name.clone())
        .chain(["model".to_string()])
        .chain(s.outcomes.iter().map(|&o| OUTCOMES[o].id.to_string()))
        .collect();
    let mut rows = Vec::new();
    for p in &s.points {
        for (m, outcomes) in s.models.iter().zip(&p.outcomes) {
            let Some(outcomes) = outcomes else { continue };
            let row = p
                .values
                .iter()
                .map(|v| v.to_string())
                .chain([m.clone()])
                .chain(s.outcomes.iter().map(|&o| {
                    let i = outcomes[o];
                    format!("{} [{}-{}]", pct(i.mean), pct(i.p05), pct(i.p95))
                }))
                .collect();
            rows.push(row);
        }
    }
    super::aligned(out, &header, &rows, s.varies.len() + 1)?;
    for f in &s.load_failures {
        writeln!(out, "FAILED {}", f.error)?;
    }
    for p in &s.points {
        for f in &p.failures {
            writeln!(out, "FAILED at {}: {f}", s.at(p))?;
        }
    }
    Ok(())
}

pub fn write_csv(out: &mut dyn Write, s: &Sweep) -> io::Result<()> {
    let names: Vec<String> = s.varies.iter().map(|v| csv_field(&v.name)).collect();
    writeln!(
        out,
        "scenario,{},model,outcome,mean,p05,p50,p95,error",
        names.join(",")
    )?;
    for p in &s.points {
        let at: Vec<String> = p.values.iter().map(|v| v.to_string()).collect();
        let at = at.join(",");
        for (m, outcomes) in s.models.iter().zip(&p.outcomes) {
            let Some(outcomes) = outcomes else { continue };
            for &o in &s.outcomes {
                let i = outcomes[o];
                writeln!(
                    out,
                    "{},{at},{},{},{},{},{},{},",
                    csv_field(&s.scenario),
                    csv_field(m),
                    OUTCOMES[o].id,
                    i.mean,
                    i.p05,
                    i.p50,
                    i.p95
                )?;
            }
        }
        for f in &p.failures {
            writeln!(
                out,
                "{},{at},{},,,,,,{}",
                csv_field(&s.scenario),
                csv_field(&f.plugin),
                csv_field(&f.error)
            )?;
        }
    }
    Ok(())
}

pub fn report(s: &Sweep) -> Value {
    let points: Vec<Value> = s
        .points
        .iter()
        .map(|p| {
            let at: serde_json::Map<String, Value> = s
                .varies
                .iter()
                .zip(&p.values)
                .map(|(v, x)| (v.name.clone(), json!(x)))
                .collect();
            let models: Vec<Value> = s
                .models
                .iter()
                .zip(&p.outcomes)
                .filter_map(|(m, o)| {
                    let o = o.as_ref()?;
                    let outcomes: Vec<Value> = s
                        .outcomes
                        .iter()
                        .map(|&k| {
                            let i = o[k];
                            json!({"outcome": OUTCOMES[k].id, "mean": i.mean, "p05": i.p05, "p50": i.p50, "p95": i.p95})
                        })
                        .collect();
                    Some(json!({"id": m, "outcomes": outcomes}))
                })
                .collect();
            let failures: Vec<Value> = p
                .failures
                .iter()
                .map(|f| json!({"plugin": f.plugin, "during": f.during, "error": f.error}))
                .collect();
            json!({"at": at, "models": models, "failures": failures})
        })
        .collect();
    json!({
        "scenario": s.scenario,
        "samples": s.samples,
        "seed": s.seed,
        "vary": s.varies.iter().map(|v| json!({"name": v.name, "values": v.values})).collect::<Vec<_>>(),
        "points": points,
    })
}

/// One chart per outcome (and per value of a second varied parameter):
/// the outcome against the first varied parameter, a line per model with
/// its 5-95% interval as a band.
pub fn svg(s: &Sweep) -> io::Result<String> {
    let first = &s.varies[0];
    let panels_of_second = s.varies.get(1).map_or(1, |v| v.values.len());
    let count = s.outcomes.len() * panels_of_second;
    chart::panels(count, 2, (560, 340), |i, area| {
        let o = s.outcomes[i / panels_of_second];
        let second = s.varies.get(1).map(|v| (v, i % panels_of_second));
        let mut title = format!("P({}) by {}", OUTCOMES[o].id, s.last_year);
        if let Some((v, k)) = second {
            title.push_str(&format!(", {} = {}", v.name, v.values[k]));
        }
        let bands: Vec<Band> = s
            .models
            .iter()
            .enumerate()
            .map(|(m, name)| Band {
                name,
                colour: chart::colour(m),
                points: s
                    .points
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| second.is_none_or(|(_, k)| j % panels_of_second == k))
                    .filter_map(|(_, p)| {
                        let iv = p.outcomes[m].as_ref()?[o];
                        Some((p.values[0], iv.mean, iv.p05, iv.p95))
                    })
                    .collect(),
            })
            .filter(|b| !b.points.is_empty())
            .collect();
        let top = bands
            .iter()
            .flat_map(|b| b.points.iter().map(|p| p.3))
            .fold(0.0f64, f64::max);
        let top = ((top * 1.1).max(0.01) * 20.0).ceil() / 20.0;
        chart::line_bands(
            area,
            &title,
            &first.name,
            "probability (mean, 5-95% band)",
            (0.0, top.min(1.0)),
            true,
            &bands,
        )
    })
}

impl super::Analysis for Sweep {
    fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        write_table(out, self)
    }

    fn write_csv(&self, out: &mut dyn Write) -> Option<io::Result<()>> {
        Some(write_csv(out, self))
    }

    fn json(&self) -> Value {
        report(self)
    }

    fn svg(&self) -> io::Result<String> {
        svg(self)
    }
}
