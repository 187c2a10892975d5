//! `forecast calibrate`: the posterior of a scenario's uncertain parameters
//! given the record up to a year, per model.

use super::ScenarioArgs;
use super::backtest::up_to;
use crate::error::{CliError, Outcome};
use crate::models::PluginArgs;
use crate::report::calibrate::{Calibrated, ModelFit, Posterior, write_json, write_table};
use crate::yearly::{Run, fit, fitted_years};
use forecast_score::Record;
use forecast_score::calibrate::Weights;
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
    jobs: super::JobsArgs,
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
    let record = Record::load(&args.record_file)?;
    let loaded = args.plugins.load_models()?;
    let history = args.scenario.load(&args.scenario_file)?;
    let past = up_to(&history, args.until).map_err(|message| CliError::Usage {
        message: format!("{}: {message}", args.scenario_file.display()),
        hint: "give --until a year the scenario covers, or a scenario that starts earlier".into(),
    })?;
    let years = fitted_years(&record, past.start_year, args.until)?;
    let plan = args.scenario.plan_scenario(past, &loaded.planning)?;
    let samples = plan.samples;
    let uncertain: Vec<(String, Vec<f64>)> = plan
        .uncertain
        .iter()
        .map(|u| (u.name.clone(), (0..samples).map(|i| u.draw(i)).collect()))
        .collect();
    let run = Run::new(
        &loaded,
        &args.scenario_file,
        plan.clone(),
        &record,
        args.jobs.threads(),
    );
    let mut failures = run.failures("calibration");
    failures.extend(loaded.failures.iter().cloned());
    let prior = Weights::from_log_likelihoods(&vec![0.0; samples as usize])
        .ok_or_else(|| CliError::Internal("a plan without samples".into()))?;
    let models: Vec<ModelFit> = loaded
        .plugins
        .iter()
        .enumerate()
        .map(|(p, plugin)| {
            let fitted = fit(&run, p, &record, years.clone());
            let reads = |name: &str| plugin.spec.parameters.iter().any(|d| d.name == name);
            let posteriors = uncertain
                .iter()
                .filter(|(name, _)| reads(name))
                .map(|(name, draws)| {
                    let summary = |w: &Weights| {
                        [
                            w.mean(draws),
                            w.quantile(draws, 0.05),
                            w.quantile(draws, 0.5),
                            w.quantile(draws, 0.95),
                        ]
                    };
                    Posterior {
                        name: name.clone(),
                        prior: summary(&prior),
                        posterior: fitted.as_ref().map(|f| summary(&f.weights)),
                    }
                })
                .collect();
            ModelFit {
                model: plugin.spec.id.clone(),
                failed: run.failed.contains(&p),
                fit: fitted,
                posteriors,
            }
        })
        .collect();
    let failed = !failures.is_empty();
    let report = Calibrated {
        scenario: history.id.clone(),
        scenario_file: args.scenario_file.display().to_string(),
        record_file: args.record_file.display().to_string(),
        record_title: record.title.clone(),
        years: (*years.start(), *years.end()),
        samples,
        seed: plan.seed,
        models,
        failures,
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        CalibrateFormat::Table => write_table(&mut out, &report)?,
        CalibrateFormat::Json => write_json(&mut out, &report)?,
    }
    out.flush()?;
    Ok(Outcome::failed_if(failed))
}
