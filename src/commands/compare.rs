//! `forecast compare`: every model on the same scenarios, side by side.

use crate::args::{PluginArgs, SaveArgs, ScenarioArgs, print_written, scenario_paths};
use crate::error::{CliError, Outcome};
use forecast_core::Pooling;
use forecast_report::Format;
use forecast_run::compare;
use std::io::Write;
use std::path::PathBuf;

/// Compare the models on one or more scenarios.
///
/// For each scenario, a row per model with its probability of each of the
/// seven outcomes at the horizon (mean over the samples of the uncertain
/// parameters, with the 5-95% interval across samples), the ensemble and
/// the disagreement between models. Every model sees the same draws.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario files (scenarios/*.toml).
    #[arg(value_name = "SCENARIO")]
    scenarios: Vec<PathBuf>,
    #[command(flatten)]
    scenario: ScenarioArgs,
    #[command(flatten)]
    plugins: PluginArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(flatten)]
    jobs: crate::args::JobsArgs,
    /// How model probabilities are pooled into the ensemble.
    #[arg(long, value_enum, default_value_t = PoolArg::Linear)]
    pool: PoolArg,
    /// Show notes on the scenario and what failing plugins printed.
    #[arg(long, short)]
    verbose: bool,
    #[command(flatten)]
    save: SaveArgs,
    #[command(flatten)]
    sharding: crate::args::ShardArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PoolArg {
    /// The average of the models' probabilities.
    Linear,
    /// The geometric mean of the models' odds, renormalised.
    Geometric,
}

impl PoolArg {
    pub fn pooling(self) -> Pooling {
        match self {
            PoolArg::Linear => Pooling::Linear,
            PoolArg::Geometric => Pooling::GeometricOdds,
        }
    }
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let paths = scenario_paths(&args.scenarios)?;
    let loaded = args.plugins.load_models()?;
    let settings = args.scenario.settings();
    let save = args.save.table();
    let exec = args.jobs.exec();
    let mut out = std::io::stdout().lock();
    if let Some(shard) = args.sharding.shard {
        let written = compare::write_parts(
            &loaded,
            paths,
            &settings,
            exec,
            shard,
            &args.sharding.parts,
            save.as_ref(),
        )?;
        print_written(&mut out, &written)?;
        return Ok(Outcome::Success);
    }
    let pooling = args.pool.pooling();
    let reports = compare::compare(&loaded, paths, &settings, exec, pooling, save.as_ref())?;
    let origin = |id: &str| loaded.origin(id);
    forecast_report::write(&mut out, args.format, &reports, args.verbose, &origin)?;
    out.flush()?;
    Ok(Outcome::failed_if(
        reports.iter().any(|r| !r.failures.is_empty()),
    ))
}
