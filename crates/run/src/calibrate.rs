//! A calibration (`forecast calibrate`): a scenario's samples weighted by
//! how well each model's forecasts of them fit the record up to a year
//! (importance sampling from the prior, exact since the models give
//! probabilities), the posterior of the uncertain parameters per model, and
//! that posterior written as scenario files.

use crate::Error;
use crate::job::Job;
use crate::models::Loaded;
use crate::yearly::{Run, fit, fitted_years};
use forecast_core::rng::{derive_seed, name_hash};
use forecast_core::scenario::SettingValue;
use forecast_core::{Plan, Scenario};
use forecast_report::calibrate::{Calibrated, ModelFit, Posterior};
use forecast_score::Record;
use forecast_score::calibrate::Weights;
use std::path::{Path, PathBuf};

/// Calibrates each loaded model on the record `record_file` up to `until`,
/// over the samples of the history scenario at `path` (with `settings`);
/// with `save_posterior`, writes the prior as of `until` and each model's
/// posterior as scenario files into that folder.
pub fn calibrate(
    job: &Job,
    record_file: &Path,
    until: i32,
    save_posterior: Option<&Path>,
) -> Result<Calibrated, Error> {
    let (loaded, path, settings, exec) = job.split();
    let record = Record::load(record_file)?;
    let history = settings.load(path)?;
    let past = history.up_to(until).map_err(|message| {
        Error::usage(
            format!("{}: {message}", path.display()),
            "give --until a year the scenario covers, or a scenario that starts earlier",
        )
    })?;
    let years = fitted_years(&record, past.start_year, until)?;
    let plan = settings.plan_scenario(past, &loaded.planning)?;
    let samples = plan.samples;
    let uncertain: Vec<(String, Vec<f64>)> = plan
        .uncertain
        .iter()
        .map(|u| (u.name.clone(), (0..samples).map(|i| u.draw(i)).collect()))
        .collect();
    let run = Run::new(loaded, &plan, &record, exec)?;
    let mut failures = run.failures("calibration");
    failures.extend(loaded.failures.iter().cloned());
    let prior = Weights::from_log_likelihoods(&vec![0.0; samples as usize])
        .ok_or_else(|| Error::Internal("a plan without samples".into()))?;
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
    let written = match save_posterior {
        Some(dir) => write_posterior(dir, &history, *years.start(), until, &plan, loaded, &models)?,
        None => Vec::new(),
    };
    Ok(Calibrated {
        scenario: history.id.clone(),
        scenario_file: path.display().to_string(),
        record_file: record_file.display().to_string(),
        record_title: record.title.clone(),
        years: (*years.start(), *years.end()),
        samples,
        seed: plan.seed,
        models,
        failures,
        written,
    })
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

/// Writes the prior as of `until` and each calibrated model's posterior as
/// scenario files into `dir`; returns their paths.
fn write_posterior(
    dir: &Path,
    history: &Scenario,
    first: i32,
    until: i32,
    plan: &Plan,
    loaded: &Loaded,
    models: &[ModelFit],
) -> Result<Vec<PathBuf>, Error> {
    let last = history.start_year + history.horizon as i32 - 1;
    let usage = |message: String| {
        Error::usage(
            message,
            "give --until a year before the scenario's last, so that there is a future to forecast",
        )
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
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let write = |name: String, scenario: &Scenario| -> Result<PathBuf, Error> {
        let path = forecast_core::name::file_in(dir, &name).map_err(|message| {
            Error::usage(
                format!("the posterior's file {message}"),
                "rename the scenario (its id) or the model",
            )
        })?;
        std::fs::write(&path, scenario.to_toml()).map_err(|source| Error::Write {
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
