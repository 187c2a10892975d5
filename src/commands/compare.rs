//! `forecast compare`: every model on the same scenarios, side by side.

use super::{ScenarioArgs, scenario_paths};
use crate::error::{CliError, Outcome};
use crate::models::PluginArgs;
use crate::report::{self, Failure, Format, ScenarioReport};
use forecast_core::{Comparison, Pooling};
use forecast_host::run::{RunOptions, run as run_plan};
use forecast_host::{Host, Plugin, Progress};
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
    jobs: super::JobsArgs,
    /// How model probabilities are pooled into the ensemble.
    #[arg(long, value_enum, default_value_t = PoolArg::Linear)]
    pool: PoolArg,
    /// Show notes on the scenario and what failing plugins printed.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PoolArg {
    /// The average of the models' probabilities.
    Linear,
    /// The geometric mean of the models' odds, renormalised.
    Geometric,
}

/// Runs `plugins` on one scenario and gathers the report.
pub fn scenario_report(
    host: &Host,
    plugins: &[Plugin],
    load_failures: &[Failure],
    path: &std::path::Path,
    scenario: &ScenarioArgs,
    jobs: Option<usize>,
    pooling: Pooling,
) -> Result<ScenarioReport, CliError> {
    let specs: Vec<_> = plugins.iter().map(|p| p.spec.clone()).collect();
    let plan = scenario.plan(path, &specs)?;
    Ok(plan_report(
        host,
        plugins,
        load_failures,
        path,
        plan,
        jobs,
        pooling,
    ))
}

/// Runs `plugins` on a checked plan and gathers the report.
pub fn plan_report(
    host: &Host,
    plugins: &[Plugin],
    load_failures: &[Failure],
    path: &std::path::Path,
    plan: forecast_core::Plan,
    jobs: Option<usize>,
    pooling: Pooling,
) -> ScenarioReport {
    let bar = crate::progress::Bar::new(
        &plan.scenario.id,
        plugins.len() * (plan.samples as usize + 1),
    );
    let progress = |p: Progress| bar.update(p);
    let options = jobs.map_or_else(RunOptions::default, |jobs| RunOptions { jobs });
    let mut failures = load_failures.to_vec();
    let mut results = Vec::new();
    let mut logs = Vec::new();
    for (plugin, r) in plugins
        .iter()
        .zip(run_plan(host, plugins, &plan, options, &progress))
    {
        match r.result {
            Ok(m) => {
                if !r.log.is_empty() {
                    logs.push((plugin.spec.id.clone(), r.log));
                }
                results.push(m);
            }
            Err(f) => failures.push(f.into()),
        }
    }
    let comparison = (!results.is_empty()).then(|| Comparison::new(results, pooling));
    ScenarioReport {
        file: path.to_path_buf(),
        plan,
        comparison,
        failures,
        logs,
    }
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let paths = scenario_paths(&args.scenarios)?;
    let host = args.plugins.host()?;
    let (plugins, load_errors) = args.plugins.load(&host);
    let load_failures: Vec<Failure> = load_errors.iter().map(Failure::from).collect();
    if plugins.is_empty() {
        let mut msg = "no model could be loaded".to_string();
        for f in &load_failures {
            msg.push_str(&format!("\n  {}", f.error));
        }
        return Err(CliError::Usage {
            message: msg,
            hint: "check the --plugin files with `forecast inspect FILE`".into(),
        });
    }
    let pooling = match args.pool {
        PoolArg::Linear => Pooling::Linear,
        PoolArg::Geometric => Pooling::GeometricOdds,
    };
    let mut reports = Vec::new();
    for path in paths {
        reports.push(scenario_report(
            &host,
            &plugins,
            &load_failures,
            path,
            &args.scenario,
            args.jobs.threads(),
            pooling,
        )?);
    }
    let origins = |id: &str| {
        plugins
            .iter()
            .find(|p| p.spec.id == id)
            .map_or(String::new(), |p| p.origin.clone())
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Table => report::write_table(&mut out, &reports, args.verbose)?,
        Format::Markdown => report::write_markdown(&mut out, &reports, args.verbose)?,
        Format::Csv => report::write_csv(&mut out, &reports)?,
        Format::Json => report::write_json(&mut out, &reports, &origins)?,
        Format::Svg => report::write_svg(&mut out, &reports)?,
    }
    out.flush()?;
    let failed = reports.iter().any(|r| !r.failures.is_empty());
    Ok(if failed {
        Outcome::PluginFailed
    } else {
        Outcome::Success
    })
}
