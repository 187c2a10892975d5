//! The CSV report: one row per (scenario, model, outcome), the ensemble as
//! model `ensemble`, failures as rows with an error and no numbers.

use super::ScenarioReport;
use forecast_vocab::OUTCOMES;
use std::io::{self, Write};

/// Quotes a field if it needs it (RFC 4180).
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn write_csv(out: &mut dyn Write, reports: &[ScenarioReport]) -> io::Result<()> {
    writeln!(out, "scenario,model,outcome,mean,p05,p95,error")?;
    for r in reports {
        let id = field(&r.plan.scenario.id);
        if let Some(c) = &r.comparison {
            for m in &c.models {
                for (o, i) in OUTCOMES.iter().zip(&m.outcomes) {
                    writeln!(
                        out,
                        "{id},{},{},{},{},{},",
                        field(&m.model.id),
                        o.id,
                        i.mean,
                        i.p05,
                        i.p95
                    )?;
                }
            }
            for (o, p) in OUTCOMES.iter().zip(c.ensemble) {
                writeln!(out, "{id},ensemble,{},{p},,,", o.id)?;
            }
        }
        for f in &r.failures {
            writeln!(out, "{id},{},,,,,{}", field(&f.plugin), field(&f.error))?;
        }
    }
    Ok(())
}
