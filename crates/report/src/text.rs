//! The table and Markdown renderings, built from one grid of cells.

use super::{ScenarioReport, pct, sampling_line};
use forecast_core::{ModelResult, Pooling};
use forecast_vocab::OUTCOMES;
use std::io::{self, Write};

/// Header and rows: a row per model, then the ensemble and the spread.
fn grid(comparison: &forecast_core::Comparison) -> (Vec<String>, Vec<Vec<String>>) {
    let header = std::iter::once("model".to_string())
        .chain(OUTCOMES.iter().map(|o| o.id.to_string()))
        .collect();
    let mut rows: Vec<Vec<String>> = comparison
        .models
        .iter()
        .map(|m| {
            std::iter::once(m.model.id.clone())
                .chain(
                    m.outcomes
                        .iter()
                        .map(|i| format!("{} [{}-{}]", pct(i.mean), pct(i.p05), pct(i.p95))),
                )
                .collect()
        })
        .collect();
    let pool = match comparison.pooling {
        Pooling::Linear => "ensemble (linear pool)",
        Pooling::GeometricOdds => "ensemble (geometric odds)",
    };
    rows.push(
        std::iter::once(pool.to_string())
            .chain(comparison.ensemble.iter().map(|p| pct(*p)))
            .collect(),
    );
    rows.push(
        std::iter::once("spread (max-min)".to_string())
            .chain(comparison.spread.iter().map(|p| pct(*p)))
            .collect(),
    );
    (header, rows)
}

fn divergence_lines(comparison: &forecast_core::Comparison) -> Vec<String> {
    comparison
        .divergence
        .iter()
        .map(|d| format!("{} vs {}: {:.3} bits", d.a, d.b, d.jensen_shannon))
        .collect()
}

fn failure_lines(r: &ScenarioReport, verbose: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for f in &r.failures {
        lines.push(if f.during == "load" {
            format!("FAILED {}", f.error)
        } else {
            format!("FAILED {f}")
        });
        if verbose && !f.log.is_empty() {
            lines.extend(f.log.lines().map(|l| format!("  | {l}")));
        }
    }
    lines
}

pub fn write_table(
    out: &mut dyn Write,
    reports: &[ScenarioReport],
    verbose: bool,
) -> io::Result<()> {
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let s = &r.plan.scenario;
        writeln!(out, "{}: {}", s.id, s.title)?;
        writeln!(out, "{}", sampling_line(&r.plan))?;
        writeln!(
            out,
            "P(outcome by {}) in %, mean [5%-95% across samples]",
            s.start_year + s.horizon as i32 - 1
        )?;
        writeln!(out)?;
        if let Some(c) = &r.comparison {
            let (header, rows) = grid(c);
            let widths = column_widths(&header, &rows);
            let line = |cells: &[String]| aligned_line(cells, &widths, 1);
            writeln!(out, "{}", line(&header))?;
            for (k, row) in rows.iter().enumerate() {
                if k == c.models.len() {
                    writeln!(
                        out,
                        "{}",
                        "-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1))
                    )?;
                }
                writeln!(out, "{}", line(row))?;
            }
            let div = divergence_lines(c);
            if !div.is_empty() {
                writeln!(
                    out,
                    "\nJensen-Shannon divergence between models (0 = same, 1 = disjoint):"
                )?;
                for d in div {
                    writeln!(out, "  {d}")?;
                }
            }
        }
        for line in failure_lines(r, verbose) {
            writeln!(out, "{line}")?;
        }
        if verbose {
            for n in &r.plan.notes {
                writeln!(out, "note: {n}")?;
            }
            for (id, log) in &r.logs {
                writeln!(out, "log of {id} (central case):")?;
                for l in log.lines() {
                    writeln!(out, "  | {l}")?;
                }
            }
        }
    }
    Ok(())
}

pub fn write_markdown(
    out: &mut dyn Write,
    reports: &[ScenarioReport],
    verbose: bool,
) -> io::Result<()> {
    for r in reports {
        let s = &r.plan.scenario;
        writeln!(out, "### {}: {}\n", s.id, s.title)?;
        writeln!(
            out,
            "{}. P(outcome by {}) in %, mean [5%-95%].\n",
            sampling_line(&r.plan),
            s.start_year + s.horizon as i32 - 1
        )?;
        if let Some(c) = &r.comparison {
            let (header, rows) = grid(c);
            writeln!(out, "| {} |", header.join(" | "))?;
            writeln!(out, "|{}", "---|".repeat(header.len()))?;
            for row in rows {
                writeln!(out, "| {} |", row.join(" | "))?;
            }
            let div = divergence_lines(c);
            if !div.is_empty() {
                writeln!(out, "\nJensen-Shannon divergence: {}.", div.join("; "))?;
            }
        }
        for line in failure_lines(r, verbose) {
            writeln!(out, "\n> {line}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// One model in full: outcomes, the central case's explanation and yearly indicators.
pub fn write_run(out: &mut dyn Write, r: &ScenarioReport, m: &ModelResult) -> io::Result<()> {
    let s = &r.plan.scenario;
    writeln!(
        out,
        "{} {} on {}: {}",
        m.model.id, m.model.version, s.id, s.title
    )?;
    writeln!(out, "{}\n", sampling_line(&r.plan))?;
    writeln!(
        out,
        "outcome by {}         mean    5%   95%  central",
        s.start_year + s.horizon as i32 - 1
    )?;
    for ((o, i), c) in OUTCOMES.iter().zip(&m.outcomes).zip(m.central.outcomes) {
        writeln!(
            out,
            "  {:<20} {:>6} {:>5} {:>5} {:>8}",
            o.id,
            pct(i.mean),
            pct(i.p05),
            pct(i.p95),
            pct(c)
        )?;
    }
    writeln!(
        out,
        "\nwhy (central case: uncertain parameters at their medians):"
    )?;
    for line in &m.central.explanation {
        writeln!(out, "  {line}")?;
    }
    writeln!(out, "\nyearly indicators, mean [5%-95%]:")?;
    // Each column as wide as its widest cell, two spaces apart.
    let columns: Vec<(String, Vec<String>)> = m
        .indicators
        .iter()
        .map(|ind| {
            let cells = ind
                .years
                .iter()
                .map(|i| format!("{} [{}-{}]", num(i.mean), num(i.p05), num(i.p95)))
                .collect();
            (ind.name.clone(), cells)
        })
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .map(|(name, cells)| {
            cells
                .iter()
                .map(String::len)
                .max()
                .unwrap_or(0)
                .max(name.len())
        })
        .collect();
    let row = |first: String, cell: &dyn Fn(usize) -> String| {
        let mut line = format!("  {first:<4}");
        for (c, w) in widths.iter().enumerate() {
            line.push_str(&format!("  {:>w$}", cell(c)));
        }
        line
    };
    writeln!(out, "{}", row("year".into(), &|c| columns[c].0.clone()))?;
    for t in 0..s.horizon as usize {
        let year = (s.start_year + t as i32).to_string();
        writeln!(out, "{}", row(year, &|c| columns[c].1[t].clone()))?;
    }
    Ok(())
}

/// A number in 4 significant digits, without exponent for everyday sizes.
fn num(x: f64) -> String {
    if x != 0.0 && (x.abs() >= 1e6 || x.abs() < 1e-3) {
        format!("{x:.3e}")
    } else if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.4}")
    }
}

/// Writes `header` and `rows` as aligned columns: the first `left` columns
/// flush left, the rest flush right.
pub fn aligned(
    out: &mut dyn Write,
    header: &[String],
    rows: &[Vec<String>],
    left: usize,
) -> io::Result<()> {
    let widths = column_widths(header, rows);
    let line = |cells: &[String]| aligned_line(cells, &widths, left);
    writeln!(out, "{}", line(header))?;
    for row in rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

/// Each column's width: its widest cell, the header's included.
fn column_widths(header: &[String], rows: &[Vec<String>]) -> Vec<usize> {
    (0..header.len())
        .map(|k| {
            rows.iter()
                .map(|row| row.get(k).map_or(0, |c| c.chars().count()))
                .chain([header[k].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// One row padded to `widths`: the first `left` cells flush left, the rest
/// flush right.
fn aligned_line(cells: &[String], widths: &[usize], left: usize) -> String {
    cells
        .iter()
        .enumerate()
        .map(|(k, c)| {
            if k < left {
                format!("{c:<w$}", w = widths[k])
            } else {
                format!("{c:>w$}", w = widths[k])
            }
        })
        .collect::<Vec<_>>()
        .join("  ")
        .trim_end()
        .to_string()
}
