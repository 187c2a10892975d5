//! `forecast score`: every model's forecasts against what happened.

use super::ScenarioArgs;
use crate::error::{CliError, Outcome};
use crate::execute::{Models, scenario_report};
use crate::models::PluginArgs;
use crate::report::score::{Forecaster, Kind, ScoreReport, write_json, write_table};
use forecast_core::{ModelResult, Pooling};
use forecast_score::{QuestionSet, Scorecard, climatology, constant, linear_pool, scorecard};
use std::io::Write;
use std::path::PathBuf;

/// Score every model's forecasts against questions that have resolved.
///
/// Runs the models on the scenario (as `compare` does), reads each
/// question's forecast from the model's output (the mean over the samples
/// of the indicator the question names, at its year), and reports per model
/// and for the ensemble (the linear pool) the Brier score, the log score,
/// how many questions it answered (a model that emits nothing for a
/// question abstains: no number is filled in), skill against references (a
/// reference model, `base-rates` when loaded with --plugin; always a fixed
/// 50% and the climatology, the questions' own share of yes known only in
/// hindsight), every forecast by question, and a reliability table.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario file whose forecasts are scored.
    #[arg(value_name = "SCENARIO")]
    scenario_file: PathBuf,
    /// The questions file (default: the DPRK questions of December 2006,
    /// `questions/dprk-2006.toml`, built into the binary).
    #[arg(value_name = "QUESTIONS")]
    questions: Option<PathBuf>,
    /// The id of the model every other is measured against (default:
    /// base-rates, the outside view, when loaded with --plugin).
    #[arg(long, value_name = "MODEL")]
    reference: Option<String>,
    #[command(flatten)]
    scenario: ScenarioArgs,
    #[command(flatten)]
    plugins: PluginArgs,
    #[command(flatten)]
    jobs: super::JobsArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScoreFormat::Table)]
    format: ScoreFormat,
}

/// The model skill is measured against when `--reference` is left out, if
/// loaded: the outside view.
const DEFAULT_REFERENCE: &str = "base-rates";

/// The questions scored when none are named, built in so that `score`
/// works from any directory.
const DEFAULT_QUESTIONS_FILE: &str = "questions/dprk-2006.toml";
const DEFAULT_QUESTIONS: &str = include_str!("../../questions/dprk-2006.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreFormat {
    Table,
    Json,
}

/// A model's forecast of the event an indicator counts by `year`: the mean
/// over the samples of the indicator at that year; `None` (it abstains)
/// when the model does not emit it or the year is outside the scenario.
fn forecast_of(m: &ModelResult, start_year: i32, answer: &forecast_score::Answer) -> Option<f64> {
    let series = m.indicators.iter().find(|i| i.name == answer.indicator)?;
    let t = usize::try_from(answer.year - start_year).ok()?;
    series.years.get(t).map(|y| y.mean)
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let (questions_file, questions) = match &args.questions {
        Some(path) => (path.display().to_string(), QuestionSet::load(path)?),
        None => (
            DEFAULT_QUESTIONS_FILE.to_string(),
            QuestionSet::parse(DEFAULT_QUESTIONS_FILE, DEFAULT_QUESTIONS)?,
        ),
    };
    let host = args.plugins.host()?;
    let (plugins, load_errors) = args.plugins.load(&host);
    let load_failures: Vec<_> = load_errors
        .iter()
        .map(crate::report::Failure::from)
        .collect();
    if plugins.is_empty() {
        return Err(CliError::Usage {
            message: "no model could be loaded".into(),
            hint: "check the --plugin files with `forecast inspect FILE`".into(),
        });
    }
    if let Some(asked) = &args.reference
        && !plugins.iter().any(|p| p.spec.id == *asked)
    {
        return Err(CliError::Usage {
            message: format!("--reference `{asked}` is not a loaded model"),
            hint: "name a loaded model's id (`forecast list` shows them; load others with --plugin), or leave it out".into(),
        });
    }
    let report = scenario_report(
        Models {
            host: &host,
            plugins: &plugins,
            load_failures: &load_failures,
        },
        &args.scenario_file,
        &args.scenario,
        args.jobs.threads(),
        Pooling::Linear,
    )?;
    let start_year = report.plan.scenario.start_year;
    let years = (
        start_year,
        start_year + report.plan.scenario.horizon as i32 - 1,
    );
    // Only questions about the scenario's years are scored, by the models
    // and the references alike; the report lists the others.
    let in_years: Vec<_> = questions
        .questions
        .iter()
        .filter(|q| {
            q.answer
                .as_ref()
                .is_some_and(|a| (years.0..=years.1).contains(&a.year))
        })
        .cloned()
        .collect();
    let qs = &in_years;
    let models: Vec<(String, Scorecard)> = report
        .comparison
        .iter()
        .flat_map(|c| &c.models)
        .map(|m| {
            let card = scorecard(qs, |a| forecast_of(m, start_year, a));
            (m.model.id.clone(), card)
        })
        .collect();
    let reference_id = args
        .reference
        .clone()
        .unwrap_or_else(|| DEFAULT_REFERENCE.into());
    let (reference, scored): (Vec<_>, Vec<_>) =
        models.into_iter().partition(|(id, _)| *id == reference_id);
    let ensemble = linear_pool(&scored.iter().map(|(_, c)| c).collect::<Vec<_>>());
    let mut forecasters: Vec<Forecaster> = scored
        .into_iter()
        .map(|(name, card)| Forecaster {
            name,
            kind: Kind::Model,
            card,
        })
        .collect();
    forecasters.push(Forecaster {
        name: "ensemble (linear pool)".into(),
        kind: Kind::Ensemble,
        card: ensemble,
    });
    forecasters.extend(reference.into_iter().map(|(name, card)| Forecaster {
        name,
        kind: Kind::Reference,
        card,
    }));
    forecasters.push(Forecaster {
        name: "50%".into(),
        kind: Kind::Reference,
        card: constant(qs, 0.5),
    });
    let climate = climatology(qs);
    if let Some(p) = climate {
        forecasters.push(Forecaster {
            name: "climatology".into(),
            kind: Kind::Reference,
            card: constant(qs, p),
        });
    }
    let failed = !report.failures.is_empty();
    let score = ScoreReport {
        questions_file,
        questions,
        years,
        reference: if forecasters.iter().any(|f| f.name == reference_id) {
            reference_id
        } else {
            "50%".into()
        },
        forecasters,
        scenario: report,
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        ScoreFormat::Table => write_table(&mut out, &score)?,
        ScoreFormat::Json => write_json(&mut out, &score)?,
    }
    out.flush()?;
    Ok(if failed {
        Outcome::PluginFailed
    } else {
        Outcome::Success
    })
}
