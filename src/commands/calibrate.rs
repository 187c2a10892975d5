//! `forecast calibrate`: the posterior of a scenario's uncertain parameters
//! given the record up to a year, per model.

use super::ScenarioArgs;
use crate::error::{CliError, Outcome};
use crate::models::{Loaded, PluginArgs};
use crate::yearly::{Run, fit, fitted_years};
use forecast_core::rng::{derive_seed, name_hash};
use forecast_core::scenario::SettingValue;
use forecast_core::{Plan, Scenario};
use forecast_report::calibrate::{Calibrated, ModelFit, Posterior, write_json, write_table};
use forecast_score::Record;
use forecast_score::calibrate::Weights;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    let record = Record::load(&args.record_file)?;
    let loaded = args.plugins.load_models()?;
    let history = args.scenario.load(&args.scenario_file)?;
    let past = history
        .up_to(args.until)
        .map_err(|message| CliError::Usage {
            message: format!("{}: {message}", args.scenario_file.display()),
            hint: "give --until a year the scenario covers, or a scenario that starts earlier"
                .into(),
        })?;
    let years = fitted_years(&record, past.start_year, args.until)?;
    let plan = args.scenario.plan_scenario(past, &loaded.planning)?;
    let samples = plan.samples;
    let uncertain: Vec<(String, Vec<f64>)> = plan
        .uncertain
        .iter()
        .map(|u| (u.name.clone(), (0..samples).map(|i| u.draw(i)).collect()))
        .collect();
    let run = Run::new(&loaded, &plan, &record, args.jobs.threads());
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
    let written = match &args.save_posterior {
        Some(dir) => save_posterior(
            dir,
            &history,
            *years.start(),
            args.until,
            &plan,
            &loaded,
            &models,
        )?,
        None => Vec::new(),
    };
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
        written,
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        CalibrateFormat::Table => write_table(&mut out, &report)?,
        CalibrateFormat::Json => write_json(&mut out, &report)?,
    }
    out.flush()?;
    Ok(Outcome::failed_if(failed))
}

/// Sample indices drawn from `weights` by systematic resampling (Kitagawa
/// 1996): as many as there are weights, one uniform offset from `seed`, so
/// the same weights give the same rows.
pub fn resample(weights: &[f64], seed: u64) -> Vec<usize> {
    let n = weights.len();
    let offset = (derive_seed(seed, name_hash("posterior"), 0) >> 11) as f64 / (1u64 << 53) as f64;
    let mut rows = Vec::with_capacity(n);
    let (mut cumulative, mut i) = (0.0, 0);
    for k in 0..n {
        let position = (k as f64 + offset) / n as f64;
        while i + 1 < n && cumulative + weights[i] <= position {
            cumulative += weights[i];
            i += 1;
        }
        rows.push(i);
    }
    rows
}

/// Refuses an id that cannot be a file name inside the folder: only
/// letters, digits and `-_.@`, not starting with a dot (no `/`, no `..`).
/// Writes the prior as of `until` and each calibrated model's posterior as
/// scenario files into `dir`; returns their paths.
fn save_posterior(
    dir: &Path,
    history: &Scenario,
    first: i32,
    until: i32,
    plan: &Plan,
    loaded: &Loaded,
    models: &[ModelFit],
) -> Result<Vec<PathBuf>, CliError> {
    let last = history.start_year + history.horizon as i32 - 1;
    let usage = |message: String| CliError::Usage {
        message,
        hint:
            "give --until a year before the scenario's last, so that there is a future to forecast"
                .into(),
    };
    let horizon = u32::try_from(last - until)
        .ok()
        .filter(|h| *h > 0)
        .ok_or_else(|| {
            usage(format!(
                "the scenario `{}` ends in {last}: nothing after --until {until} to forecast",
                history.id
            ))
        })?;
    let mut prior = history.as_of(until, horizon, false).map_err(usage)?;
    prior.samples = plan.samples;
    prior.seed = plan.seed;
    prior.title = format!("{} (as known at the end of {until}, prior)", history.title);
    prior.description = format!(
        "{} as a forecast at the end of {until} sees it: every yearly path held at its value then, the uncertain parameters at their priors. Written by `forecast calibrate --until {until} --save-posterior`; beside it, each model's posterior.",
        history.id
    );
    std::fs::create_dir_all(dir).map_err(|source| CliError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let write = |name: String, scenario: &Scenario| -> Result<PathBuf, CliError> {
        let path = forecast_core::name::file_in(dir, &name).map_err(|message| CliError::Usage {
            message: format!("the posterior's file {message}"),
            hint: "rename the scenario (its id) or the model".into(),
        })?;
        std::fs::write(&path, scenario.to_toml()).map_err(|source| CliError::Write {
            path: path.clone(),
            source,
        })?;
        Ok(path)
    };
    let mut written = vec![write(format!("{}.toml", prior.id), &prior)?];
    for m in models {
        let Some(fit) = &m.fit else { continue };
        let rows = resample(&fit.weights.weights, plan.seed);
        let reads = |name: &str| {
            loaded
                .plugins
                .iter()
                .find(|p| p.spec.id == m.model)
                .is_some_and(|p| p.spec.parameters.iter().any(|d| d.name == name))
        };
        let mut posterior = prior.clone();
        posterior.id = format!("{}-{}", prior.id, m.model);
        posterior.title = format!(
            "{} (as known at the end of {until}, the posterior of {})",
            history.title, m.model
        );
        posterior.description = format!(
            "{} as a forecast at the end of {until} sees it, with the uncertain parameters that `{}` reads given as its posterior on the record {}-{until}: the {} samples resampled by their likelihood weights (effective sample size {:.0}), each row kept whole. The other models read the same draws, but the posterior is `{}`'s.",
            history.id, m.model, first, plan.samples, fit.weights.ess, m.model
        );
        for setting in &mut posterior.settings {
            let Some(u) = plan.uncertain.iter().find(|u| u.name == setting.name) else {
                continue;
            };
            if reads(&setting.name) {
                setting.value =
                    SettingValue::Draws(rows.iter().map(|&i| u.draw(i as u32)).collect());
            }
        }
        written.push(write(format!("{}.toml", posterior.id), &posterior)?);
    }
    Ok(written)
}
