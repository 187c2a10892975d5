//! `forecast compare`: every model on the same scenarios, side by side.

use super::{SaveArgs, ScenarioArgs, scenario_paths};
use crate::error::{CliError, Outcome};
use crate::execute::{PartOf, Save, TableRun, plan_report, write_part};
use crate::models::PluginArgs;
use forecast_core::Pooling;
use forecast_host::run::Shard;
use forecast_report::Format;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    jobs: super::JobsArgs,
    /// How model probabilities are pooled into the ensemble.
    #[arg(long, value_enum, default_value_t = PoolArg::Linear)]
    pool: PoolArg,
    /// Show notes on the scenario and what failing plugins printed.
    #[arg(long, short)]
    verbose: bool,
    #[command(flatten)]
    save: SaveArgs,
    #[command(flatten)]
    sharding: super::ShardArgs,
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
    let plugins = &loaded.plugins;
    let pooling = args.pool.pooling();
    let models = loaded.models();
    // One table per scenario and shard: their names before the extension.
    let several = paths.len() > 1;
    let save_file = |path: &Path| -> Option<PathBuf> {
        let file = args.save.save.as_ref()?;
        let mut tags = Vec::new();
        if several {
            tags.push(
                path.file_stem()
                    .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
            );
        }
        if let Some(s) = args.sharding.shard {
            tags.push(format!("{}-of-{}", s.index, s.count));
        }
        if tags.is_empty() {
            return Some(file.clone());
        }
        let stem = file
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let ext = file
            .extension()
            .map_or_else(String::new, |e| format!(".{}", e.to_string_lossy()));
        Some(file.with_file_name(format!("{stem}.{}{ext}", tags.join("."))))
    };
    if let Some(shard) = args.sharding.shard {
        let mut out = std::io::stdout().lock();
        for (position, path) in paths.iter().enumerate() {
            let file = save_file(path);
            let plan = args.scenario.plan(path, &loaded.planning)?;
            let run = TableRun::json(models, path, &args.scenario, &plan, shard)?;
            let save = file.as_deref().map(|file| Save {
                file,
                indicators: args.save.save_indicators,
                run: &run,
            });
            let part = write_part(
                models,
                path,
                &args.scenario,
                &plan,
                args.jobs.threads(),
                PartOf {
                    shard,
                    dir: &args.sharding.parts,
                    position,
                    sweep: None,
                },
                save,
            )?;
            writeln!(
                out,
                "wrote {}: shard {} of {}, {} of {} samples, {} models",
                part.path.display(),
                shard.index,
                shard.count,
                part.samples,
                part.of,
                plugins.len()
            )?;
        }
        return Ok(Outcome::Success);
    }
    let mut reports = Vec::new();
    for path in paths {
        let specs: Vec<_> = plugins.iter().map(|p| p.spec.clone()).collect();
        let plan = args.scenario.plan(path, &specs)?;
        let file = save_file(path);
        let run = TableRun::json(models, path, &args.scenario, &plan, Shard::default())?;
        let save = file.as_deref().map(|file| Save {
            file,
            indicators: args.save.save_indicators,
            run: &run,
        });
        reports.push(plan_report(
            models,
            path,
            plan,
            args.jobs.threads(),
            pooling,
            save,
        )?);
    }
    let origins = |id: &str| {
        plugins
            .iter()
            .find(|p| p.spec.id == id)
            .map_or(String::new(), |p| p.origin.clone())
    };
    let mut out = std::io::stdout().lock();
    forecast_report::write(&mut out, args.format, &reports, args.verbose, &origins)?;
    out.flush()?;
    let failed = reports.iter().any(|r| !r.failures.is_empty());
    Ok(if failed {
        Outcome::PluginFailed
    } else {
        Outcome::Success
    })
}
