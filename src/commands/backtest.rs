//! `forecast backtest`: yearly forecasts made at rolling origins, scored
//! against the record.

use crate::args::{PluginArgs, ScenarioArgs, print_written};
use crate::error::{CliError, Outcome};
use forecast_report::backtest::{Backtest, svg, write_json, write_table};
use forecast_run::protocol::Protocol;
use forecast_run::{Job, backtest};
use std::io::Write;
use std::path::PathBuf;

/// Score the models' yearly forecasts, made at rolling origins, against
/// the record of what happened.
///
/// At each origin (the end of a year) the scenario is the one known then:
/// its yearly paths (the levers, and parameters that move with time) as
/// they were up to the origin, held at their last value after it (the
/// ex-ante forecast); with --conditional, the paths as they actually moved
/// (the mechanism's skill given the levers). Each model forecasts every
/// series of the record whose indicator it emits, for each lead of 1 to
/// --leads years, and abstains on the others. The forecasts are scored
/// against the record: a binary series by the Brier and the log score, a
/// count series by the ranked probability and the log score (each sample's
/// value a Poisson mean, the forecast their mixture). References, all
/// known at the origin: the running base rate and persistence from the
/// record up to the origin, and 50%. Reported per model, per series, per
/// lead, for the ensemble (the linear pool of the models that answer), as
/// skill against the references with 95% intervals from a moving-block
/// bootstrap over the target years, and as pairwise comparisons of the
/// models on the targets both answered.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The history scenario: the levers as they moved, year by year, from
    /// before the first origin (scenarios/history-1990-2026.toml).
    #[arg(value_name = "SCENARIO")]
    scenario_file: PathBuf,
    /// The record scored against (records/dprk.toml).
    #[arg(value_name = "RECORD")]
    record_file: PathBuf,
    #[command(flatten)]
    protocol: ProtocolArgs,
    #[command(flatten)]
    scenario: ScenarioArgs,
    #[command(flatten)]
    plugins: PluginArgs,
    #[command(flatten)]
    jobs: crate::args::JobsArgs,
    #[command(flatten)]
    sharding: crate::args::ShardArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = BacktestFormat::Table)]
    format: BacktestFormat,
}

/// How a back-test runs: its origins, leads, paths and calibration.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct ProtocolArgs {
    /// The origins, years whose end a forecast is made at, comma-separated
    /// (default: every three years from 2006 to 2021).
    #[arg(long, value_name = "YEARS", value_delimiter = ',', value_parser = clap::value_parser!(i32).range(1900..=2200))]
    pub origins: Vec<i32>,
    /// The longest lead in years: each origin forecasts its next 1 to N years.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=50))]
    pub leads: u32,
    /// Run on the paths as they actually moved after each origin, not held
    /// at the origin's values.
    #[arg(long)]
    pub conditional: bool,
    /// Calibrate each model at each origin on the record up to it (as
    /// `forecast calibrate --until ORIGIN`), then forecast with the
    /// posterior: the whole rolling-origin protocol.
    #[arg(long)]
    pub calibrate: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BacktestFormat {
    Table,
    Json,
    /// The reliability diagram and the PIT histograms.
    Svg,
}

impl ProtocolArgs {
    /// The run library's protocol.
    pub fn protocol(&self) -> Protocol {
        Protocol {
            origins: self.origins.clone(),
            leads: self.leads,
            conditional: self.conditional,
            calibrate: self.calibrate,
        }
    }
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let loaded = args.plugins.load_models()?;
    let settings = args.scenario.settings();
    let job = Job {
        loaded: &loaded,
        scenario: &args.scenario_file,
        settings: &settings,
        exec: args.jobs.exec(),
    };
    let protocol = args.protocol.protocol();
    if let Some(to) = args.sharding.to() {
        let written = backtest::write_part(&job, &args.record_file, &protocol, to)?;
        print_written(&mut std::io::stdout().lock(), &[written])?;
        return Ok(Outcome::Success);
    }
    print(
        &backtest::backtest(&job, &args.record_file, &protocol)?,
        args.format,
    )
}

/// Prints a back-test in `format`.
pub fn print(report: &Backtest, format: BacktestFormat) -> Result<Outcome, CliError> {
    let mut out = std::io::stdout().lock();
    match format {
        BacktestFormat::Table => write_table(&mut out, report)?,
        BacktestFormat::Json => write_json(&mut out, report)?,
        BacktestFormat::Svg => writeln!(out, "{}", svg(report)?)?,
    }
    out.flush()?;
    Ok(Outcome::failed_if(!report.failures.is_empty()))
}
