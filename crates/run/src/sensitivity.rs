//! A sensitivity analysis (`forecast sensitivity`): which uncertain
//! parameters drive each model's outcomes, as Sobol indices from
//! Saltelli's design (with bootstrap intervals) and a tornado.

use crate::Error;
use crate::PartsError;
use crate::design::{Outcomes, Rows};
use crate::execute::run_key;
use crate::job::Job;
use crate::parts::{Part, SensitivityPart, ShardTo, Written};
use crate::settings::ScenarioSettings;
use forecast_analysis::sobol::{Bootstrap, sobol};
use forecast_analysis::tornado::tornado;
use forecast_core::Design;
use forecast_core::Plan;
use forecast_core::rng::derive_seed;
use forecast_report::Failure;
use forecast_report::sensitivity::{ModelSensitivity, OutcomeSensitivity, Sensitivity};
use std::path::{Path, PathBuf};

/// The plans of an analysis: the scenario's samples (its base rows), the
/// Saltelli design and the tornado.
struct Plans {
    samples: Plan,
    saltelli: Plan,
    tornado: Plan,
}

fn plans(
    planning: &[forecast_core::ModelSpec],
    models: usize,
    path: &Path,
    scenario: &ScenarioSettings,
) -> Result<Plans, Error> {
    let plan = scenario.plan(path, planning)?;
    if plan.uncertain.is_empty() {
        return Err(Error::usage(
            format!(
                "{}: the scenario has no uncertain parameters to analyse",
                path.display()
            ),
            "give parameters distributions in the scenario, or with --set 'NAME={dist=\"uniform\",low=..,high=..}'",
        ));
    }
    let base = plan.samples;
    if base < 2 {
        return Err(Error::usage(
            "a Saltelli design needs at least 2 base rows",
            "ask for more --samples",
        ));
    }
    let runs = Design::Saltelli { base }.samples(base, plan.uncertain.len());
    crate::design::check_memory(runs, models, 0, "a sensitivity analysis")?;
    Ok(Plans {
        saltelli: scenario.plan_design(path, planning, Design::Saltelli { base })?,
        tornado: scenario.plan_design(path, planning, Design::Tornado)?,
        samples: plan,
    })
}

/// The indices and tornadoes of each model from its runs of both designs.
#[allow(clippy::too_many_arguments)]
fn estimate(
    plan: &Plan,
    specs: &[forecast_core::ModelSpec],
    saltelli: Vec<Result<Outcomes, Failure>>,
    tornado_runs: Vec<Result<Outcomes, Failure>>,
    outcomes: &[usize],
    resamples: usize,
    mut failures: Vec<Failure>,
) -> Sensitivity {
    let k = plan.uncertain.len();
    let outcomes: Vec<usize> = if outcomes.is_empty() {
        (0..forecast_vocab::OUTCOME_COUNT).collect()
    } else {
        outcomes.to_vec()
    };
    let parameters: Vec<String> = plan.uncertain.iter().map(|u| u.name.clone()).collect();
    let mut models = Vec::new();
    for ((spec, run), tornado_run) in specs.iter().zip(saltelli).zip(tornado_runs) {
        let (rows, tornado_rows) = match (run, tornado_run) {
            (Ok(r), Ok(t)) => (r, t),
            (Err(f), _) | (_, Err(f)) => {
                failures.push(f);
                continue;
            }
        };
        let reads: Vec<usize> = (0..k)
            .filter(|&j| spec.param(&parameters[j]).is_some())
            .collect();
        let analysed = outcomes
            .iter()
            .map(|&o| {
                let output: Vec<f64> = rows.iter().map(|r| r[o]).collect();
                let bootstrap = Bootstrap {
                    resamples,
                    level: 0.95,
                    seed: derive_seed(plan.seed, o as u64, 0x5a17e111),
                };
                let result = sobol(&output, k, bootstrap);
                let (central, bars) =
                    tornado(&tornado_rows.iter().map(|r| r[o]).collect::<Vec<_>>());
                OutcomeSensitivity {
                    outcome: o,
                    variance: result.variance,
                    degenerate: result.degenerate,
                    indices: result
                        .indices
                        .map(|ix| reads.iter().map(|&j| ix[j]).collect()),
                    central,
                    bars: bars
                        .into_iter()
                        .filter(|b| reads.contains(&b.parameter))
                        .collect(),
                }
            })
            .collect();
        models.push(ModelSensitivity {
            id: spec.id.clone(),
            reads,
            outcomes: analysed,
        });
    }
    let s = &plan.scenario;
    Sensitivity {
        scenario: s.id.clone(),
        title: s.title.clone(),
        last_year: s.start_year + s.horizon as i32 - 1,
        base: plan.samples,
        seed: plan.seed,
        resamples,
        parameters,
        models,
        failures,
    }
}

/// Runs the Saltelli and tornado designs on a scenario and estimates.
pub fn analyse(job: &Job, outcomes: &[usize], resamples: usize) -> Result<Sensitivity, Error> {
    let (loaded, path, scenario, exec) = job.split();
    let plans = plans(&loaded.planning, loaded.plugins.len(), path, scenario)?;
    let label = &plans.samples.scenario.id;
    let runs = crate::design::run(loaded.models(), &plans.saltelli, exec, label)?;
    let tornado_runs = crate::design::run(loaded.models(), &plans.tornado, exec, label)?;
    Ok(estimate(
        &plans.samples,
        &loaded.specs(),
        runs,
        tornado_runs,
        outcomes,
        resamples,
        loaded.failures.clone(),
    ))
}

/// Runs the shard's blocks of both designs and writes them as a part into
/// `dir`.
pub fn write_part(
    job: &Job,
    outcomes: &[usize],
    resamples: usize,
    to: ShardTo,
) -> Result<Written, Error> {
    let (loaded, path, settings, exec) = job.split();
    let ShardTo { shard, dir } = to;
    let plans = plans(&loaded.planning, loaded.plugins.len(), path, settings)?;
    let label = &plans.samples.scenario.id;
    let models = loaded.models();
    let saltelli = crate::design::run_shard(models, &plans.saltelli, exec, shard, label)?;
    let tornado_rows = crate::design::run_shard(models, &plans.tornado, exec, shard, label)?;
    let key = run_key(
        &loaded.host,
        &loaded.plugins,
        path,
        settings,
        &plans.samples,
    )?;
    let part = Part {
        sensitivity: Some(SensitivityPart {
            outcomes: outcomes.to_vec(),
            resamples,
            saltelli,
            tornado: tornado_rows,
        }),
        ..Part::of_analysis(key, path.to_path_buf(), shard, loaded)
    };
    Ok(Written {
        path: part.write(dir)?,
        summary: format!(
            "shard {} of {}, {} of {} runs per model",
            shard.index,
            shard.count,
            shard.samples(plans.saltelli.samples) + shard.samples(plans.tornado.samples),
            plans.saltelli.samples + plans.tornado.samples
        ),
    })
}

/// The analysis of the parts of a sharded one: what the whole run gives,
/// with the same bits.
pub fn merge(parts: Vec<(PathBuf, Part)>) -> Result<Sensitivity, Error> {
    crate::parts::one_run(&parts, |part, first| {
        match (&part.sensitivity, &first.sensitivity) {
            (Some(a), Some(b)) if a.outcomes != b.outcomes || a.resamples != b.resamples => {
                Some("another --outcome or --bootstrap".to_string())
            }
            (Some(_), Some(_)) => part.key.difference(&first.key),
            _ => Some("a sensitivity analysis and another run".into()),
        }
    })?;
    let mut parts: Vec<Part> = parts.into_iter().map(|(_, p)| p).collect();
    crate::parts::complete(&mut parts)?;
    let plan = crate::parts::rebuild_plan(&parts[0], Design::Samples)?;
    let k = plan.uncertain.len();
    let runs = (
        Design::Saltelli { base: plan.samples }.samples(0, k) as u32,
        Design::Tornado.samples(0, k) as u32,
    );
    let models = parts[0].models.clone();
    let failures = parts[0].load_failures.clone();
    let settings = parts[0].sensitivity.clone().expect("checked");
    let mut shards: Vec<SensitivityPart> =
        parts.into_iter().filter_map(|p| p.sensitivity).collect();
    let mut combine = |pick: fn(&mut SensitivityPart) -> &mut Vec<crate::design::Rows>,
                       runs: u32|
     -> Result<Vec<Result<Outcomes, Failure>>, Error> {
        (0..models.len())
            .map(|m| {
                let rows = shards
                    .iter_mut()
                    .map(|s| std::mem::take(&mut pick(s)[m]))
                    .collect();
                Rows::combine(rows, runs).map_err(|message| {
                    PartsError::Incomplete {
                        scenario: plan.scenario.id.clone(),
                        message: format!("`{}`: {message}", models[m].id),
                    }
                    .into()
                })
            })
            .collect()
    };
    let saltelli = combine(|s| &mut s.saltelli, runs.0)?;
    let tornado_runs = combine(|s| &mut s.tornado, runs.1)?;
    Ok(estimate(
        &plan,
        &models,
        saltelli,
        tornado_runs,
        &settings.outcomes,
        settings.resamples,
        failures,
    ))
}
