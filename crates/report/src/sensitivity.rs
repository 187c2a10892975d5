//! Sensitivity results: per model and outcome, each parameter's Sobol
//! indices with their bootstrap intervals and its tornado swing; as a
//! table, CSV, JSON, or charts (ranked indices beside the tornado).

use super::chart::{self, Ranked};
use super::{Failure, csv_field, pct};
use forecast_analysis::sobol::Indices;
use forecast_analysis::tornado::Bar;
use forecast_vocab::OUTCOMES;
use serde_json::{Value, json};
use std::io::{self, Write};

/// Bars per chart: the rest are in the table.
const CHART_ROWS: usize = 10;

/// One outcome of one model.
pub struct OutcomeSensitivity {
    /// Index into [`OUTCOMES`].
    pub outcome: usize,
    /// The outcome's variance over the design; no indices when 0.
    pub variance: f64,
    /// Bootstrap resamples left out because the outcome did not vary in them.
    pub degenerate: usize,
    /// Per parameter the model reads (in [`ModelSensitivity::reads`] order).
    pub indices: Option<Vec<Indices>>,
    /// The central case's probability and the tornado's bars, by swing.
    pub central: f64,
    pub bars: Vec<Bar>,
}

pub struct ModelSensitivity {
    pub id: String,
    /// Indices into [`Sensitivity::parameters`] of those the model reads.
    pub reads: Vec<usize>,
    pub outcomes: Vec<OutcomeSensitivity>,
}

pub struct Sensitivity {
    pub scenario: String,
    pub title: String,
    pub last_year: i32,
    pub base: u32,
    pub seed: u64,
    pub resamples: usize,
    /// The scenario's uncertain parameters.
    pub parameters: Vec<String>,
    pub models: Vec<ModelSensitivity>,
    pub failures: Vec<Failure>,
}

impl OutcomeSensitivity {
    /// (position in `reads`, indices), by decreasing total index.
    fn ranked(&self) -> Vec<(usize, Indices)> {
        let mut v: Vec<(usize, Indices)> =
            self.indices.iter().flatten().copied().enumerate().collect();
        v.sort_by(|a, b| {
            b.1.total
                .value
                .total_cmp(&a.1.total.value)
                .then(a.0.cmp(&b.0))
        });
        v
    }
}

impl Sensitivity {
    pub fn runs_per_model(&self) -> u64 {
        self.base as u64 * (self.parameters.len() as u64 + 2)
    }

    fn heading(&self) -> String {
        format!(
            "{}: {}\nSobol indices of P(outcome by {}) from a Saltelli design of {} base rows ({} runs per model) over {} uncertain parameters, seed {}; 95% bootstrap intervals ({} resamples); tornado: each parameter alone from its 5% to its 95% point",
            self.scenario,
            self.title,
            self.last_year,
            self.base,
            self.runs_per_model(),
            self.parameters.len(),
            self.seed,
            self.resamples
        )
    }

    /// The tornado swing of parameter `p` (an index into `parameters`).
    fn swing<'a>(o: &'a OutcomeSensitivity, reads: &[usize], position: usize) -> Option<&'a Bar> {
        o.bars.iter().find(|b| b.parameter == reads[position])
    }
}

fn estimate(e: forecast_analysis::sobol::Estimate) -> String {
    format!("{:.3} [{:.3}, {:.3}]", e.value, e.low, e.high)
}

pub fn write_table(out: &mut dyn Write, s: &Sensitivity) -> io::Result<()> {
    writeln!(out, "{}", s.heading())?;
    for m in &s.models {
        for o in &m.outcomes {
            writeln!(
                out,
                "\n{} / {}: P = {}% at the central case",
                m.id,
                OUTCOMES[o.outcome].id,
                pct(o.central)
            )?;
            if o.indices.is_none() {
                writeln!(
                    out,
                    "  does not vary with the uncertain parameters (variance 0)"
                )?;
                continue;
            }
            let header: Vec<String> = ["parameter", "S1 (first order)", "ST (total)", "5% -> 95%"]
                .map(String::from)
                .to_vec();
            let rows: Vec<Vec<String>> = o
                .ranked()
                .into_iter()
                .map(|(position, ix)| {
                    let swing = Sensitivity::swing(o, &m.reads, position)
                        .map_or(String::new(), |b| {
                            format!("{} -> {}", pct(b.at_low), pct(b.at_high))
                        });
                    vec![
                        s.parameters[m.reads[position]].clone(),
                        estimate(ix.first),
                        estimate(ix.total),
                        swing,
                    ]
                })
                .collect();
            super::aligned(out, &header, &rows, 1)?;
            if o.degenerate > 0 {
                writeln!(
                    out,
                    "  ({} of {} bootstrap resamples had no variance and are left out: a rare outcome; the intervals hold given that it occurs)",
                    o.degenerate, s.resamples
                )?;
            }
        }
    }
    for f in &s.failures {
        writeln!(out, "FAILED {f}")?;
    }
    Ok(())
}

pub fn write_csv(out: &mut dyn Write, s: &Sensitivity) -> io::Result<()> {
    writeln!(
        out,
        "scenario,model,outcome,parameter,s1,s1_low,s1_high,st,st_low,st_high,tornado_low,tornado_high"
    )?;
    for m in &s.models {
        for o in &m.outcomes {
            for (position, &p) in m.reads.iter().enumerate() {
                let ix = o.indices.as_ref().map(|v| v[position]);
                let cell = |x: Option<f64>| x.map_or(String::new(), |x| x.to_string());
                let bar = Sensitivity::swing(o, &m.reads, position);
                writeln!(
                    out,
                    "{},{},{},{},{},{},{},{},{},{},{},{}",
                    csv_field(&s.scenario),
                    csv_field(&m.id),
                    OUTCOMES[o.outcome].id,
                    csv_field(&s.parameters[p]),
                    cell(ix.map(|i| i.first.value)),
                    cell(ix.map(|i| i.first.low)),
                    cell(ix.map(|i| i.first.high)),
                    cell(ix.map(|i| i.total.value)),
                    cell(ix.map(|i| i.total.low)),
                    cell(ix.map(|i| i.total.high)),
                    cell(bar.map(|b| b.at_low)),
                    cell(bar.map(|b| b.at_high)),
                )?;
            }
        }
    }
    Ok(())
}

pub fn report(s: &Sensitivity) -> Value {
    let models: Vec<Value> = s
        .models
        .iter()
        .map(|m| {
            let outcomes: Vec<Value> = m
                .outcomes
                .iter()
                .map(|o| {
                    let parameters: Vec<Value> = m
                        .reads
                        .iter()
                        .enumerate()
                        .map(|(position, &p)| {
                            let ix = o.indices.as_ref().map(|v| v[position]);
                            let bar = Sensitivity::swing(o, &m.reads, position);
                            json!({
                                "parameter": s.parameters[p],
                                "s1": ix.map(|i| json!({"value": i.first.value, "low": i.first.low, "high": i.first.high})),
                                "st": ix.map(|i| json!({"value": i.total.value, "low": i.total.low, "high": i.total.high})),
                                "tornado": bar.map(|b| json!({"at_p05": b.at_low, "at_p95": b.at_high})),
                            })
                        })
                        .collect();
                    json!({
                        "outcome": OUTCOMES[o.outcome].id,
                        "variance": o.variance,
                        "bootstrap_degenerate": o.degenerate,
                        "central": o.central,
                        "parameters": parameters,
                    })
                })
                .collect();
            json!({"id": m.id, "outcomes": outcomes})
        })
        .collect();
    json!({
        "scenario": s.scenario,
        "base_rows": s.base,
        "runs_per_model": s.runs_per_model(),
        "seed": s.seed,
        "bootstrap_resamples": s.resamples,
        "interval": 0.95,
        "models": models,
        "failures": s.failures.iter().map(|f| json!({"plugin": f.plugin, "during": f.during, "error": f.error})).collect::<Vec<_>>(),
    })
}

/// Per model and outcome that varies: its ranked indices (the ten largest
/// totals) beside its tornado (the ten largest swings).
pub fn svg(s: &Sensitivity) -> io::Result<String> {
    let pairs: Vec<(&ModelSensitivity, &OutcomeSensitivity)> = s
        .models
        .iter()
        .flat_map(|m| m.outcomes.iter().map(move |o| (m, o)))
        .filter(|(_, o)| o.indices.is_some())
        .collect();
    let rows = |n: usize| n.min(CHART_ROWS);
    let height = 90
        + 26 * pairs
            .iter()
            .map(|(m, _)| rows(m.reads.len()))
            .max()
            .unwrap_or(1) as u32;
    chart::panels(2 * pairs.len(), 2, (620, height), |i, area| {
        let (m, o) = pairs[i / 2];
        let name = format!("{} / P({})", m.id, OUTCOMES[o.outcome].id);
        if i % 2 == 0 {
            let ranked: Vec<(usize, Indices)> = o.ranked().into_iter().take(CHART_ROWS).collect();
            let names: Vec<String> = ranked
                .iter()
                .map(|(position, _)| s.parameters[m.reads[*position]].clone())
                .collect();
            let as_ranked = |e: forecast_analysis::sobol::Estimate| Ranked {
                value: e.value,
                low: e.low,
                high: e.high,
            };
            let first: Vec<Ranked> = ranked.iter().map(|(_, ix)| as_ranked(ix.first)).collect();
            let total: Vec<Ranked> = ranked.iter().map(|(_, ix)| as_ranked(ix.total)).collect();
            chart::indices(
                area,
                &format!("{name}: Sobol indices"),
                &names,
                &first,
                &total,
            )
        } else {
            let bars: Vec<&Bar> = o.bars.iter().take(CHART_ROWS).collect();
            let names: Vec<String> = bars
                .iter()
                .map(|b| s.parameters[b.parameter].clone())
                .collect();
            let ends: Vec<(f64, f64)> = bars.iter().map(|b| (b.at_low, b.at_high)).collect();
            chart::tornado(area, &format!("{name}: tornado"), o.central, &names, &ends)
        }
    })
}

impl super::Analysis for Sensitivity {
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
