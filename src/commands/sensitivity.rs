//! `forecast sensitivity`: which uncertain parameters drive each model's
//! outcomes: Sobol indices and a tornado.

use crate::args::{AnalysisFormat, print_written, write_analysis};
use crate::error::{CliError, Outcome};
use forecast_report::sensitivity::Sensitivity;
use forecast_run::sensitivity;
use std::path::PathBuf;

/// Global sensitivity: how much of the spread of each model's outcomes
/// each uncertain parameter drives.
///
/// First-order (S1: the parameter alone) and total (ST: with all its
/// interactions) Sobol indices, from Saltelli's design (--samples base
/// rows, each run k + 2 times for k uncertain parameters) with the
/// estimators of Saltelli et al. (2010) and Jansen (1999), and 95%
/// bootstrap intervals. Also a tornado: each parameter alone from its 5% to
/// its 95% point, the others at their medians (2k + 1 runs), a first look
/// that misses interactions. Only uncertain parameters (distributions in
/// the scenario) are analysed; fixed settings and defaults stay put.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,
    /// Outcomes to analyse (default: all seven). Repeatable.
    #[arg(long, value_name = "OUTCOME", value_parser = crate::args::parse_outcome)]
    outcome: Vec<usize>,
    /// Bootstrap resamples for the intervals.
    #[arg(long, value_name = "N", default_value_t = 500, value_parser = clap::value_parser!(u32).range(10..=100_000))]
    bootstrap: u32,
    #[command(flatten)]
    run: crate::args::AnalysisArgs,
    /// Output format: a table, CSV or JSON of every index, or SVG charts
    /// (ranked indices and the tornado per model and outcome).
    #[arg(long, value_enum, default_value_t = AnalysisFormat::Table)]
    format: AnalysisFormat,
    #[command(flatten)]
    sharding: crate::args::ShardArgs,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let loaded = args.run.load()?;
    let settings = args.run.scenario.settings();
    let job = args.run.job(&loaded, &args.scenario, &settings);
    let resamples = args.bootstrap as usize;
    if let Some(to) = args.sharding.to() {
        if !args.run.select.models.is_empty() {
            return Err(CliError::usage(
                "--model cannot be combined with --shard",
                "shard the analysis of every loaded model, or run the selection unsharded",
            ));
        }
        let written = sensitivity::write_part(&job, &args.outcome, resamples, to)?;
        print_written(&mut std::io::stdout().lock(), &[written])?;
        return Ok(Outcome::Success);
    }
    print(
        &sensitivity::analyse(&job, &args.outcome, resamples)?,
        args.format,
    )
}

/// Prints an analysis in `format`.
pub fn print(s: &Sensitivity, format: AnalysisFormat) -> Result<Outcome, CliError> {
    write_analysis(format, s, "a sensitivity analysis")?;
    Ok(Outcome::failed_if(!s.failures.is_empty()))
}
