//! `forecast run`: one model on one scenario, in full.

use crate::args::{PluginArgs, SaveArgs, ScenarioArgs};
use crate::error::{CliError, Outcome};
use forecast_core::Pooling;
use std::path::PathBuf;

/// Run one model on one scenario and show it in full.
///
/// Each outcome's probability with its interval and the central case, the
/// explanation of the mechanism that drove the result, and the yearly
/// indicators.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in model's id (see `forecast list`) or a plugin file.
    #[arg(value_name = "MODEL")]
    model: String,
    /// The scenario file.
    #[arg(value_name = "SCENARIO")]
    scenario_file: PathBuf,
    #[command(flatten)]
    scenario: ScenarioArgs,
    #[command(flatten)]
    plugins: PluginArgs,
    #[command(flatten)]
    jobs: crate::args::JobsArgs,
    /// Print the report as JSON (schema forecast-compare/1).
    #[arg(long)]
    json: bool,
    /// Show what a failing plugin printed.
    #[arg(long, short)]
    verbose: bool,
    #[command(flatten)]
    save: SaveArgs,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let loaded = args.plugins.settings().load_alone(&args.model)?;
    let settings = args.scenario.settings();
    // compare's own run, of this one model.
    let r = forecast_run::compare::compare(
        &loaded,
        std::slice::from_ref(&args.scenario_file),
        &settings,
        args.jobs.exec(),
        Pooling::Linear,
        args.save.table().as_ref(),
    )?
    .remove(0);
    let plugins = &loaded.plugins;
    let mut out = std::io::stdout().lock();
    if args.json {
        forecast_report::write_json(&mut out, std::slice::from_ref(&r), &|_| {
            plugins[0].origin.clone()
        })?;
    } else if let Some(c) = &r.comparison {
        forecast_report::write_run(&mut out, &r, &c.models[0])?;
    }
    if !args.json {
        for f in &r.failures {
            eprintln!("FAILED {f}");
            if args.verbose {
                for line in f.log.lines() {
                    eprintln!("  | {line}");
                }
            }
        }
    }
    Ok(if r.failures.is_empty() {
        Outcome::Success
    } else {
        Outcome::PluginFailed
    })
}
