//! The report of `forecast backtest`: scores and skill per forecaster, by
//! series and by lead, pairwise comparisons and what each model answers;
//! as a table or as JSON.

use super::Failure;
use super::text::aligned;
use forecast_score::backtest::{
    Bootstrap, Card, Estimate, Score, Scored, pairwise, pit_histogram, skill,
};
use forecast_score::{Kind as SeriesKind, Record};
use serde_json::{Value, json};
use std::io::{self, Write};

/// What a forecaster is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Model,
    /// The linear pool of the models that answer a target.
    Ensemble,
    /// Known at the origin: what skill is measured against.
    Reference,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Model => "model",
            Kind::Ensemble => "ensemble",
            Kind::Reference => "reference",
        }
    }
}

/// A forecaster and its scored forecasts.
#[derive(Debug, Clone)]
pub struct Forecaster {
    pub name: String,
    pub kind: Kind,
    pub card: Card,
}

/// One model's calibration at one origin (`--calibrate`).
#[derive(Debug, Clone)]
pub struct Calibration {
    pub model: String,
    pub origin: i32,
    /// The weights' effective sample size; `None` when the model emits no
    /// series of the record in the years before the origin (uncalibrated).
    pub ess: Option<f64>,
    /// How many of the record's series it was fitted to.
    pub series: usize,
}

/// Below this effective sample size a posterior is said to rest on few
/// samples: 5% of them, and at least 20.
pub fn few_samples(samples: u32) -> f64 {
    (samples as f64 * 0.05).max(20.0)
}

/// Everything `forecast backtest` reports.
pub struct Backtest {
    pub scenario_file: String,
    pub scenario: String,
    pub record_file: String,
    pub record: Record,
    pub origins: Vec<i32>,
    pub leads: u32,
    pub conditional: bool,
    /// With `--calibrate`, each model's calibration at each origin.
    pub calibrations: Option<Vec<Calibration>>,
    pub samples: u32,
    /// Per model, whether it emits each record series' indicator.
    pub emits: Vec<(String, Vec<bool>)>,
    pub forecasters: Vec<Forecaster>,
    pub failures: Vec<Failure>,
}

/// The references skill is reported against, by name.
const REFERENCES: [&str; 2] = ["base rate", "persistence"];
/// PIT histogram bins.
const PIT_BINS: usize = 10;
/// Permutations of a pairwise test.
const PERMUTATIONS: usize = 999;

impl Backtest {
    fn card(&self, name: &str) -> Option<&Card> {
        self.forecasters
            .iter()
            .find(|f| f.name == name)
            .map(|f| &f.card)
    }

    fn mode(&self) -> String {
        let paths = if self.conditional {
            "conditional: the paths as they actually moved after each origin"
        } else {
            "ex-ante: every path held at its value at the origin"
        };
        let priors = if self.calibrations.is_some() {
            "calibrated at each origin on the record up to it"
        } else {
            "the priors of the scenario, uncalibrated"
        };
        format!("{paths}; {priors}")
    }

    /// Whether some model answered the target: the overall means of every
    /// forecaster are taken over these, so that they compare.
    fn answered(&self, s: &Scored) -> bool {
        self.card("ensemble").is_some_and(|e| {
            e.scored.iter().any(|x| {
                (x.series.as_str(), x.origin, x.lead) == (s.series.as_str(), s.origin, s.lead)
            })
        })
    }

    fn kind_of(&self, series: &str) -> Option<SeriesKind> {
        self.record.series(series).map(|s| s.kind)
    }
}

fn num(x: f64) -> String {
    format!("{x:.3}")
}

fn estimate(e: Option<(usize, Estimate)>) -> String {
    match e {
        Some((_, e)) => format!("{:+.3} [{:+.3}, {:+.3}]", e.value, e.low, e.high),
        None => "-".into(),
    }
}

fn estimate_json(e: Option<(usize, Estimate)>) -> Value {
    match e {
        Some((n, e)) => json!({ "targets": n, "value": e.value, "low": e.low, "high": e.high }),
        None => Value::Null,
    }
}

/// The targets of series of `kind` that some model answered.
fn of_kind(b: &Backtest, card: &Card, kind: SeriesKind) -> Card {
    Card {
        scored: card
            .scored
            .iter()
            .filter(|s| b.kind_of(&s.series) == Some(kind) && b.answered(s))
            .cloned()
            .collect(),
    }
}

/// Each forecaster's mean scores and skill on the series of one kind (RPS
/// on a count and Brier on a binary series are not on one scale).
fn skill_table(out: &mut dyn Write, b: &Backtest, kind: SeriesKind) -> io::Result<()> {
    let cards: Vec<(&Forecaster, Card)> = b
        .forecasters
        .iter()
        .map(|f| (f, of_kind(b, &f.card, kind)))
        .collect();
    if cards.iter().all(|(_, c)| c.scored.is_empty()) {
        return Ok(());
    }
    let (title, quadratic) = match kind {
        SeriesKind::Binary => ("Binary series", "Brier"),
        SeriesKind::Count => ("Count series", "RPS"),
    };
    writeln!(out, "{title}:")?;
    let header: Vec<String> = [
        "forecaster".to_string(),
        "targets".into(),
        quadratic.into(),
        "log".into(),
        "log skill vs base rate".into(),
        "log skill vs persistence".into(),
        format!("{quadratic} skill vs base rate"),
        format!("{quadratic} skill vs persistence"),
    ]
    .to_vec();
    let reference = |name: &str| cards.iter().find(|(f, _)| f.name == name).map(|(_, c)| c);
    let mut rows = Vec::new();
    for (f, card) in &cards {
        let Some(m) = card.mean(|_| true) else {
            let mut row = vec![f.name.clone(), "0".into()];
            row.extend(std::iter::repeat_n("-".to_string(), 6));
            rows.push(row);
            continue;
        };
        let skills = |score| {
            REFERENCES.map(|r| match reference(r) {
                Some(c) if f.name != r => estimate(skill(card, c, score, &Bootstrap::default())),
                _ => "-".into(),
            })
        };
        let [lb, lp] = skills(Score::Log);
        let [rb, rp] = skills(Score::Rps);
        rows.push(vec![
            f.name.clone(),
            m.n.to_string(),
            num(m.rps),
            num(m.log),
            lb,
            lp,
            rb,
            rp,
        ]);
    }
    aligned(out, &header, &rows, 1)?;
    writeln!(out)
}

/// The table: skill on each kind of series, then log scores by series and by lead, the
/// pairwise comparisons and the abstentions.
pub fn write_table(out: &mut dyn Write, b: &Backtest) -> io::Result<()> {
    let origins: Vec<String> = b.origins.iter().map(i32::to_string).collect();
    writeln!(
        out,
        "Back-test of {} ({}) against {} ({})",
        b.scenario, b.scenario_file, b.record.title, b.record_file
    )?;
    writeln!(
        out,
        "origins {}; leads 1-{} years; {} samples per origin; {}",
        origins.join(", "),
        b.leads,
        b.samples,
        b.mode()
    )?;
    writeln!(
        out,
        "Scores are losses (lower is better): RPS (the Brier score on a binary series) and the log score (-ln P(what happened), clipped at 0.001). Skill: RPS 1 - model/reference, log score reference - model in nats per target, on the targets both answered; above 0 beats the reference. [95%] from a moving-block bootstrap over target years (blocks of 3). The means are over the targets some model answered (series no model answers are in the table by series); binary and count series apart, since a Brier and a count's RPS are not on one scale.\n"
    )?;
    for kind in [SeriesKind::Binary, SeriesKind::Count] {
        skill_table(out, b, kind)?;
    }

    writeln!(out, "\nLog score by series (targets):")?;
    let mut header = vec!["forecaster".to_string()];
    header.extend(b.record.series.iter().map(|s| s.id.clone()));
    let rows: Vec<Vec<String>> =
        b.forecasters
            .iter()
            .map(|f| {
                let mut row = vec![f.name.clone()];
                row.extend(b.record.series.iter().map(
                    |s| match f.card.mean(|x| x.series == s.id) {
                        Some(m) => format!("{} ({})", num(m.log), m.n),
                        None => "abstains".into(),
                    },
                ));
                row
            })
            .collect();
    aligned(out, &header, &rows, 1)?;

    writeln!(out, "\nLog score by lead (targets):")?;
    let mut header = vec!["forecaster".to_string()];
    header.extend((1..=b.leads).map(|l| format!("lead {l}")));
    let rows: Vec<Vec<String>> = b
        .forecasters
        .iter()
        .map(|f| {
            let mut row = vec![f.name.clone()];
            row.extend((1..=b.leads).map(|l| match f.card.mean(|x| x.lead == l) {
                Some(m) => format!("{} ({})", num(m.log), m.n),
                None => "-".into(),
            }));
            row
        })
        .collect();
    aligned(out, &header, &rows, 1)?;

    let scored: Vec<&Forecaster> = b
        .forecasters
        .iter()
        .filter(|f| f.kind != Kind::Reference)
        .collect();
    writeln!(
        out,
        "\nPairwise, on the targets both answered: mean log score of the row / of the column (below 1, the row is better), permutation p-value:"
    )?;
    let mut header = vec!["forecaster".to_string()];
    header.extend(scored.iter().map(|f| f.name.clone()));
    let rows: Vec<Vec<String>> = scored
        .iter()
        .map(|a| {
            let mut row = vec![a.name.clone()];
            row.extend(scored.iter().map(|c| {
                if a.name == c.name {
                    return "-".into();
                }
                match pairwise(&a.card, &c.card, Score::Log, PERMUTATIONS, 1) {
                    Some(p) => format!("{:.2} (p {:.3}, {})", p.ratio, p.p_value, p.n),
                    None => "no shared targets".into(),
                }
            }));
            row
        })
        .collect();
    aligned(out, &header, &rows, 1)?;

    writeln!(
        out,
        "\nWhat each model answers (a model that does not emit a series' indicator abstains):"
    )?;
    for (model, emits) in &b.emits {
        let answered: Vec<&str> = b
            .record
            .series
            .iter()
            .zip(emits)
            .filter(|(_, e)| **e)
            .map(|(s, _)| s.id.as_str())
            .collect();
        let shown = if answered.is_empty() {
            "nothing".to_string()
        } else {
            answered.join(", ")
        };
        writeln!(out, "  {model}: {shown}")?;
    }
    if let Some(cal) = &b.calibrations {
        writeln!(
            out,
            "\nCalibration: each model's effective sample size at each origin (of {} samples; '-': it emits no series of the record before the origin, so it forecasts from its priors):",
            b.samples
        )?;
        let mut header = vec!["model".to_string()];
        header.extend(b.origins.iter().map(i32::to_string));
        let rows: Vec<Vec<String>> = b
            .emits
            .iter()
            .map(|(model, _)| {
                let mut row = vec![model.clone()];
                row.extend(b.origins.iter().map(|o| {
                    cal.iter()
                        .find(|c| c.model == *model && c.origin == *o)
                        .and_then(|c| c.ess)
                        .map_or("-".into(), |e| format!("{e:.0}"))
                }));
                row
            })
            .collect();
        aligned(out, &header, &rows, 1)?;
        let low: Vec<String> = cal
            .iter()
            .filter(|c| c.ess.is_some_and(|e| e < few_samples(b.samples)))
            .map(|c| format!("{} at {}", c.model, c.origin))
            .collect();
        if !low.is_empty() {
            writeln!(
                out,
                "note: the posterior rests on few samples for {}: run more samples (--samples), or a sequential scheme",
                low.join(", ")
            )?;
        }
    }
    super::write_failures(out, &b.failures)?;
    Ok(())
}

fn scored_json(s: &Scored) -> Value {
    json!({
        "series": s.series, "origin": s.origin, "lead": s.lead, "year": s.year(),
        "observed": s.observed, "mean": s.mean, "rps": s.rps, "log": s.log, "pit": s.pit,
    })
}

/// Every number, as docs/json-schema.md describes.
pub fn write_json(out: &mut dyn Write, b: &Backtest) -> io::Result<()> {
    let forecasters: Vec<Value> = b
        .forecasters
        .iter()
        .map(|f| {
            let mean = |keep: &dyn Fn(&Scored) -> bool| {
                f.card
                    .mean(keep)
                    .map(|m| json!({ "targets": m.n, "rps": m.rps, "log": m.log }))
            };
            // Per kind of series, against each reference, on the targets both answered.
            let mut overall = serde_json::Map::new();
            let mut skills = serde_json::Map::new();
            for (kind, key) in [(SeriesKind::Binary, "binary"), (SeriesKind::Count, "count")] {
                let card = of_kind(b, &f.card, kind);
                let mut by_reference = serde_json::Map::new();
                for r in REFERENCES.iter().filter(|r| **r != f.name) {
                    let Some(reference) = b.card(r).map(|c| of_kind(b, c, kind)) else {
                        continue;
                    };
                    let est = |score| {
                        estimate_json(skill(&card, &reference, score, &Bootstrap::default()))
                    };
                    by_reference.insert(
                        (*r).into(),
                        json!({ "log": est(Score::Log), "rps": est(Score::Rps) }),
                    );
                }
                overall.insert(
                    key.into(),
                    json!(
                        card.mean(|_| true)
                            .map(|m| json!({ "targets": m.n, "rps": m.rps, "log": m.log }))
                    ),
                );
                skills.insert(key.into(), Value::Object(by_reference));
            }
            let by_series: serde_json::Map<String, Value> = b
                .record
                .series
                .iter()
                .map(|s| (s.id.clone(), json!(mean(&|x| x.series == s.id))))
                .collect();
            let by_lead: Vec<Value> = (1..=b.leads)
                .map(|l| json!(mean(&|x| x.lead == l)))
                .collect();
            json!({
                "name": f.name,
                "kind": f.kind.name(),
                "overall": overall,
                "skill": skills,
                "by_series": by_series,
                "by_lead": by_lead,
                "pit_histogram": pit_histogram(&f.card, PIT_BINS),
                "scored": f.card.scored.iter().map(scored_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let scored: Vec<&Forecaster> = b
        .forecasters
        .iter()
        .filter(|f| f.kind != Kind::Reference)
        .collect();
    let mut pairs = Vec::new();
    for a in &scored {
        for c in &scored {
            if a.name == c.name {
                continue;
            }
            if let Some(p) = pairwise(&a.card, &c.card, Score::Log, PERMUTATIONS, 1) {
                pairs.push(json!({ "a": a.name, "b": c.name, "targets": p.n, "log_ratio": p.ratio, "p_value": p.p_value }));
            }
        }
    }
    let doc = json!({
        "schema": "forecast-backtest/1",
        "scenario": b.scenario,
        "scenario_file": b.scenario_file,
        "record": { "title": b.record.title, "file": b.record_file, "first_year": b.record.first_year, "last_year": b.record.last_year,
            "series": b.record.series.iter().map(|s| json!({ "id": s.id, "kind": format!("{:?}", s.kind).to_lowercase(), "indicator": s.indicator })).collect::<Vec<_>>() },
        "origins": b.origins,
        "leads": b.leads,
        "mode": if b.conditional { "conditional" } else { "ex-ante" },
        "calibrated": b.calibrations.is_some(),
        "calibrations": b.calibrations.as_ref().map(|cal| cal.iter().map(|c| json!({ "model": c.model, "origin": c.origin, "ess": c.ess, "series": c.series })).collect::<Vec<_>>()),
        "samples": b.samples,
        "log_clip": forecast_score::scores::CLIP,
        "emits": b.emits.iter().map(|(m, e)| json!({ "model": m, "series": b.record.series.iter().zip(e).filter(|(_, e)| **e).map(|(s, _)| s.id.clone()).collect::<Vec<_>>() })).collect::<Vec<_>>(),
        "forecasters": forecasters,
        "pairwise": pairs,
        "failures": b.failures,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// The charts, one SVG: the reliability diagram of the binary forecasts
/// (models and the ensemble) and each one's PIT histogram.
pub fn svg(b: &Backtest) -> io::Result<String> {
    use super::verification::{Reliability, pit, reliability, reliability_bins};
    let scored: Vec<(usize, &Forecaster)> = b
        .forecasters
        .iter()
        .filter(|f| f.kind != Kind::Reference)
        .enumerate()
        .collect();
    let lines: Vec<Reliability> = scored
        .iter()
        .map(|(i, f)| Reliability {
            name: &f.name,
            colour: *i,
            bins: reliability_bins(
                of_kind(b, &f.card, SeriesKind::Binary)
                    .scored
                    .iter()
                    .map(|s| (s.mean, s.observed)),
                5,
            ),
        })
        .collect();
    super::chart::panels(1 + scored.len(), 3, (420, 340), |i, area| {
        if i == 0 {
            return reliability(area, "Reliability, binary series", &lines);
        }
        let (c, f) = scored[i - 1];
        pit(
            area,
            &format!("PIT, {}", f.name),
            &pit_histogram(&f.card, PIT_BINS),
            c,
        )
    })
}
