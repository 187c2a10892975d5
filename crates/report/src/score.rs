//! The report of `forecast score`: scores per forecaster, forecasts by
//! question, reliability; as a table or as JSON.

use super::ScenarioReport;
use forecast_score::{Bin, Question, QuestionSet, Scorecard, reliability, scores::CLIP};
use serde_json::{Value, json};
use std::io::{self, Write};

/// What a forecaster is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Model,
    Ensemble,
    /// Not scored for its own sake: what the others are measured against.
    Reference,
}

/// A forecaster and its forecasts.
#[derive(Debug, Clone)]
pub struct Forecaster {
    pub name: String,
    pub kind: Kind,
    pub card: Scorecard,
}

/// Everything `forecast score` reports.
pub struct ScoreReport {
    pub scenario: ScenarioReport,
    pub questions_file: String,
    pub questions: QuestionSet,
    /// The scenario's first and last year: questions about other years are
    /// not scored.
    pub years: (i32, i32),
    /// The name of the forecaster skill is measured against.
    pub reference: String,
    pub forecasters: Vec<Forecaster>,
}

/// Bins of the reliability table.
const BINS: usize = 5;

impl ScoreReport {
    fn card(&self, name: &str) -> Option<&Scorecard> {
        self.forecasters
            .iter()
            .find(|f| f.name == name)
            .map(|f| &f.card)
    }

    fn answerable(&self) -> usize {
        self.questions
            .questions
            .iter()
            .filter(|q| q.answer.is_some())
            .count()
    }

    /// The questions scored: answerable, about the scenario's years.
    fn scored(&self) -> impl Iterator<Item = &Question> {
        self.questions
            .questions
            .iter()
            .filter(|q| q.answer.is_some() && not_scored(q, self.years).is_none())
    }

    /// Answerable questions that this scenario cannot answer, with why.
    fn not_scored(&self) -> impl Iterator<Item = (&Question, String)> {
        self.questions
            .questions
            .iter()
            .filter_map(|q| Some((q, not_scored(q, self.years)?)))
    }

    /// Whether the scenario starts after the year after the questions were
    /// asked, and so knows part of the answers.
    fn hindsight(&self) -> bool {
        self.years.0 > self.questions.asked + 1
    }
}

/// Why a scenario of `years` (its first and last) cannot score the
/// answerable question `q`, if it cannot: the question is about other
/// years, or asks for an outcome at a year other than the scenario's end,
/// which is when the models give outcomes.
pub fn not_scored(q: &Question, (first, last): (i32, i32)) -> Option<String> {
    let a = q.answer.as_ref()?;
    let from = a.from.unwrap_or(a.year);
    if !(first..=last).contains(&a.year) || from < first {
        let about = if from == a.year {
            a.year.to_string()
        } else {
            format!("{from}-{}", a.year)
        };
        return Some(format!(
            "about {about}, outside the scenario's years {first}-{last}"
        ));
    }
    match &a.outcome {
        Some(outcome) if a.year != last => Some(format!(
            "asks for the outcome `{outcome}` at the end of {}, but the models give outcomes at the scenario's end, {last}: every model abstains; score it with a scenario whose horizon ends in {}",
            a.year, a.year
        )),
        _ => None,
    }
}

fn opt(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(|| "-".into(), |v| format!("{v:.digits$}"))
}

fn signed(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |v| format!("{v:+.2}"))
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}...", s.chars().take(n - 3).collect::<String>())
    }
}

pub fn write_table(out: &mut dyn Write, r: &ScoreReport) -> io::Result<()> {
    let sc = &r.scenario.plan.scenario;
    writeln!(
        out,
        "{}: {}\n{} samples, seed {}; scored against {} ({}): {} questions, {} answerable from a model's output{}",
        sc.id,
        sc.title,
        r.scenario.plan.samples,
        r.scenario.plan.seed,
        r.questions_file,
        r.questions.title,
        r.questions.questions.len(),
        r.answerable(),
        if r.scored().count() < r.answerable() {
            format!(
                ", {} of them about the scenario's years {}-{}",
                r.scored().count(),
                r.years.0,
                r.years.1
            )
        } else {
            String::new()
        }
    )?;
    if r.hindsight() {
        writeln!(
            out,
            "note: the scenario starts in {}, after the questions were asked ({}): it knows part of the answers,\nso these scores measure its mechanisms given that knowledge, not foresight",
            r.years.0, r.questions.asked
        )?;
    }
    writeln!(
        out,
        "Brier and log loss: lower is better (50% scores 0.25 and 0.693); log loss clips forecasts to [{CLIP}, {}];\nskill = 1 - Brier / Brier of the reference on the same questions (above 0 beats it; - where the reference\nabstains on some of them); the climatology is the questions' own share of yes, known only in hindsight{}\n",
        1.0 - CLIP,
        if r.reference == "50%" {
            ";\nload the reference model base-rates with --plugin to measure skill against the outside view"
        } else {
            ""
        }
    )?;
    let reference = r.card(&r.reference);
    let coin = r.card("50%");
    let name_width = r
        .forecasters
        .iter()
        .map(|f| f.name.len() + if f.kind == Kind::Reference { 12 } else { 0 })
        .max()
        .unwrap_or(10)
        .max(10);
    let against_model = r.reference != "50%";
    let mut header = format!(
        "{:<name_width$}  answered   Brier  log loss  skill vs 50%",
        "forecaster"
    );
    if against_model {
        header.push_str(&format!("  skill vs {}", r.reference));
    }
    writeln!(out, "{header}")?;
    for f in &r.forecasters {
        let name = match f.kind {
            Kind::Reference => format!("{} (reference)", f.name),
            _ => f.name.clone(),
        };
        let mut line = format!(
            "{:<name_width$}  {:>8}  {:>6}  {:>8}  {:>12}",
            name,
            format!("{}/{}", f.card.answered(), r.scored().count()),
            opt(f.card.brier(), 3),
            opt(f.card.log_loss(), 3),
            signed(coin.and_then(|c| f.card.skill(c))),
        );
        if against_model {
            line.push_str(&format!(
                "  {:>w$}",
                signed(reference.and_then(|c| f.card.skill(c))),
                w = 9 + r.reference.len()
            ));
        }
        writeln!(out, "{line}")?;
    }

    let shown: Vec<&Forecaster> = r
        .forecasters
        .iter()
        .filter(|f| f.kind != Kind::Reference || f.name == r.reference)
        .collect();
    writeln!(out, "\nforecasts by question, in % (- abstains):")?;
    let mut header = format!(
        "  {:>3}  {:>4}  {:<8}  {:<44}",
        "id", "year", "resolved", "question"
    );
    for f in &shown {
        header.push_str(&format!("  {:>w$}", f.name, w = f.name.len().max(6)));
    }
    writeln!(out, "{header}")?;
    // Each shown forecaster's forecasts by question, looked up per row.
    let by_question: Vec<std::collections::HashMap<u32, f64>> = shown
        .iter()
        .map(|f| {
            f.card
                .entries
                .iter()
                .map(|e| (e.question, e.forecast))
                .collect()
        })
        .collect();
    for q in r.scored() {
        let year = q.answer.as_ref().map_or(0, |a| a.year);
        let mut line = format!(
            "  {:>3}  {:>4}  {:<8}  {:<44}",
            q.id,
            year,
            if q.outcome() > 0.5 { "yes" } else { "no" },
            shorten(&q.text, 44)
        );
        for (f, forecasts) in shown.iter().zip(&by_question) {
            let p = forecasts.get(&q.id).map(|p| p * 100.0);
            line.push_str(&format!("  {:>w$}", opt(p, 1), w = f.name.len().max(6)));
        }
        writeln!(out, "{line}")?;
    }
    writeln!(out, "\nnot scored:")?;
    for (q, why) in r.not_scored() {
        writeln!(out, "  {:>3}  {}: {why}", q.id, shorten(&q.text, 60))?;
    }
    for q in r.questions.questions.iter().filter(|q| q.answer.is_none()) {
        writeln!(
            out,
            "  {:>3}  {}: {}",
            q.id,
            shorten(&q.text, 60),
            q.unanswerable.as_deref().unwrap_or("")
        )?;
    }

    writeln!(
        out,
        "\nreliability: forecasts in {BINS} bins, each as questions: mean forecast -> share resolved yes"
    )?;
    let bins = |c: &Scorecard| reliability(c, BINS);
    let first = bins(&Scorecard::default());
    let mut header = format!("  {:<name_width$}", "forecaster");
    for b in &first {
        header.push_str(&format!(
            "  {:<16}",
            format!("{:.0}-{:.0}%", b.lo * 100.0, b.hi * 100.0)
        ));
    }
    writeln!(out, "{}", header.trim_end())?;
    for f in shown.iter().filter(|f| f.kind != Kind::Reference) {
        let mut line = format!("  {:<name_width$}", f.name);
        for b in bins(&f.card) {
            line.push_str(&format!("  {:<16}", bin_cell(&b)));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn bin_cell(b: &Bin) -> String {
    if b.count == 0 {
        "-".into()
    } else {
        format!(
            "{}: {:.0}% -> {:.0}%",
            b.count,
            b.mean_forecast * 100.0,
            b.observed * 100.0
        )
    }
}

/// The report as JSON (schema `forecast-score/1`).
pub fn report(r: &ScoreReport) -> Value {
    let sc = &r.scenario.plan.scenario;
    let reference = r.card(&r.reference);
    let coin = r.card("50%");
    json!({
        "schema": "forecast-score/1",
        "scenario": { "id": sc.id, "file": r.scenario.file.display().to_string(),
            "samples": r.scenario.plan.samples, "seed": r.scenario.plan.seed },
        "questions": { "file": r.questions_file, "title": r.questions.title, "asked": r.questions.asked,
            "count": r.questions.questions.len(), "answerable": r.answerable(),
            "scored": r.scored().map(|q| q.id).collect::<Vec<_>>(),
            "outside_years": r.not_scored().filter(|(_, why)| why.starts_with("about ")).map(|(q, _)| q.id).collect::<Vec<_>>(),
            "not_scored": r.not_scored().map(|(q, why)| json!({ "id": q.id, "why": why })).collect::<Vec<_>>() },
        "years": [r.years.0, r.years.1],
        "hindsight": r.hindsight(),
        "log_loss_clip": CLIP,
        "reference": r.reference,
        "forecasters": r.forecasters.iter().map(|f| json!({
            "name": f.name,
            "kind": match f.kind { Kind::Model => "model", Kind::Ensemble => "ensemble", Kind::Reference => "reference" },
            "answered": f.card.answered(),
            "brier": f.card.brier(),
            "log_loss": f.card.log_loss(),
            "skill_vs_50": coin.and_then(|c| f.card.skill(c)),
            "skill_vs_reference": reference.and_then(|c| f.card.skill(c)),
            "forecasts": f.card.entries.iter().map(|e| json!({
                "question": e.question, "forecast": e.forecast, "outcome": e.outcome,
            })).collect::<Vec<_>>(),
            "reliability": reliability(&f.card, BINS).iter().map(|b| json!({
                "lo": b.lo, "hi": b.hi, "count": b.count,
                "mean_forecast": (b.count > 0).then_some(b.mean_forecast),
                "observed": (b.count > 0).then_some(b.observed),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "failures": r.scenario.failures.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
    })
}

pub fn write_json(out: &mut dyn Write, r: &ScoreReport) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &report(r))?;
    writeln!(out)
}
