//! `forecast score`: every model's forecasts against what happened.

use crate::args::{PluginArgs, ScenarioArgs};
use crate::error::{CliError, Outcome};
use forecast_report::score::{write_json, write_table};
use forecast_run::Job;
use forecast_run::score::score;
use std::io::Write;
use std::path::PathBuf;

/// Score every model's forecasts against questions that have resolved.
///
/// Runs the models on the scenario (as `compare` does), reads each
/// question's forecast from the model's output (the mean over the samples
/// of the indicator the question names at its year; with a threshold, the
/// share of samples in which the indicator passes it; or an outcome's mean
/// when the scenario ends in the question's year), and reports per model
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
    jobs: crate::args::JobsArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScoreFormat::Table)]
    format: ScoreFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreFormat {
    Table,
    Json,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let loaded = args.plugins.load_models()?;
    let job = Job {
        loaded: &loaded,
        scenario: &args.scenario_file,
        settings: &args.scenario.settings(),
        exec: args.jobs.exec(),
    };
    let score = score(&job, args.questions.as_deref(), args.reference.as_deref())?;
    let mut out = std::io::stdout().lock();
    match args.format {
        ScoreFormat::Table => write_table(&mut out, &score)?,
        ScoreFormat::Json => write_json(&mut out, &score)?,
    }
    out.flush()?;
    Ok(Outcome::failed_if(!score.scenario.failures.is_empty()))
}
