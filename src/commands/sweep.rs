//! `forecast sweep`: a lever or parameter moved over a range, every model
//! run in full at each point on the same draws.

use crate::args::{AnalysisFormat, print_written, write_analysis};
use crate::error::{CliError, Outcome};
use forecast_analysis::sweep::Vary;
use forecast_report::sweep::Sweep;
use forecast_run::sweep;
use std::path::PathBuf;

/// Move one parameter or lever over a range (or two, over a grid) and see
/// how each model's outcomes follow.
///
/// Each point is a full sampled run of every model, with the varied values
/// set as by --set. Every point uses the same draws of the other uncertain
/// parameters and the same per-call seeds (common random numbers), so the
/// differences between points are the lever's effect, not sampling noise.
/// Example: `forecast sweep scenarios/korea-2006.toml --vary
/// levers.us_pledge=0..3 --format svg > pledge.svg`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,
    /// NAME=FROM..TO[:POINTS]: the parameter to vary and its range, with
    /// POINTS evenly spaced values (default: each integer when FROM and TO
    /// are integers at most 20 apart, else 5). Once for a sweep, twice for
    /// a grid.
    #[arg(long, value_name = "NAME=FROM..TO[:POINTS]", required = true)]
    vary: Vec<Vary>,
    /// Outcomes to show (default: all seven). Repeatable.
    #[arg(long, value_name = "OUTCOME", value_parser = crate::args::parse_outcome)]
    outcome: Vec<usize>,
    #[command(flatten)]
    run: crate::args::AnalysisArgs,
    /// Output format: a table, CSV or JSON of every point, or SVG line
    /// charts (one per outcome, a line per model with its 5-95% band).
    #[arg(long, value_enum, default_value_t = AnalysisFormat::Table)]
    format: AnalysisFormat,
    #[command(flatten)]
    sharding: crate::args::ShardArgs,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let loaded = args.run.load()?;
    let settings = args.run.scenario.settings();
    let job = args.run.job(&loaded, &args.scenario, &settings);
    if let Some(to) = args.sharding.to() {
        if !args.run.select.models.is_empty() {
            return Err(CliError::usage(
                "--model cannot be combined with --shard",
                "shard the sweep of every loaded model, or run the selection unsharded",
            ));
        }
        let written = sweep::write_parts(&job, &args.vary, &args.outcome, to)?;
        print_written(&mut std::io::stdout().lock(), &written)?;
        return Ok(Outcome::Success);
    }
    print(&sweep::sweep(&job, &args.vary, &args.outcome)?, args.format)
}

/// Prints a sweep in `format`.
pub fn print(s: &Sweep, format: AnalysisFormat) -> Result<Outcome, CliError> {
    write_analysis(format, s, "a sweep")?;
    let failed = !s.load_failures.is_empty() || s.points.iter().any(|p| !p.failures.is_empty());
    Ok(Outcome::failed_if(failed))
}
