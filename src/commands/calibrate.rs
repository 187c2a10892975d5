//! `forecast calibrate`: the posterior of a scenario's uncertain parameters
//! given the record up to a year, per model.

use crate::args::{PluginArgs, ScenarioArgs};
use crate::error::{CliError, Outcome};
use forecast_report::calibrate::{write_json, write_table};
use forecast_run::Job;
use forecast_run::calibrate::calibrate;
use std::io::Write;
use std::path::PathBuf;

/// Weigh a scenario's samples by how well each model's forecasts of them
/// fit the record up to a year: the posterior of the uncertain parameters.
///
/// Runs every model over the scenario's years up to --until (the paths as
/// they were: all of it is past), and weights each sample by the
/// likelihood of the record's yearly values under that sample's forecasts:
/// for a binary series p_t or 1 - p_t, for a count the Poisson probability
/// of the count, over every series the model emits and every year from the
/// later of the scenario's and the record's starts to --until, taken as
/// independent given the sample. That is importance sampling from the
/// prior, exact since the models give probabilities (no ABC distance).
/// Each model is calibrated on its own, since the mechanisms differ.
/// Reports per model the effective sample size of the weights (and says so
/// when it collapses), the log evidence, and each uncertain parameter's
/// prior and posterior mean and 5/50/95% points. Nothing after --until is
/// read: the record after it can change without changing a bit.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The history scenario, starting at or before the record's years
    /// (scenarios/history-1990-2026.toml).
    #[arg(value_name = "SCENARIO")]
    scenario_file: PathBuf,
    /// The record to calibrate on (records/dprk.toml).
    #[arg(value_name = "RECORD")]
    record_file: PathBuf,
    /// The last year of the record used.
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i32).range(1900..=2200))]
    until: i32,
    #[command(flatten)]
    scenario: ScenarioArgs,
    #[command(flatten)]
    plugins: PluginArgs,
    #[command(flatten)]
    jobs: crate::args::JobsArgs,
    /// Write the posterior as scenario files into this folder, to be read
    /// by every command: the scenario as known at the end of --until (its
    /// paths held there, from --until + 1 to its last year), and for each
    /// calibrated model the same with the uncertain parameters it reads
    /// given as its posterior draws (the samples resampled by their
    /// weights, each row kept whole). `forecast compare DIR/*.toml` then
    /// shows prior and posterior side by side.
    #[arg(long, value_name = "DIR")]
    save_posterior: Option<PathBuf>,
    /// Output format; JSON has every sample's weight.
    #[arg(long, value_enum, default_value_t = CalibrateFormat::Table)]
    format: CalibrateFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CalibrateFormat {
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
    let report = calibrate(
        &job,
        &args.record_file,
        args.until,
        args.save_posterior.as_deref(),
    )?;
    let mut out = std::io::stdout().lock();
    match args.format {
        CalibrateFormat::Table => write_table(&mut out, &report)?,
        CalibrateFormat::Json => write_json(&mut out, &report)?,
    }
    out.flush()?;
    Ok(Outcome::failed_if(!report.failures.is_empty()))
}
