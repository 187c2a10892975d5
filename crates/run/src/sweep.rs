//! A sweep (`forecast sweep`): a lever or parameter moved over a range (or
//! two over a grid), every model run in full at each point on the same
//! draws, so the differences between points are the lever's.

use crate::Error;
use crate::execute::{PartOf, plan_report, write_part};
use crate::job::Job;
use crate::parts::{Merged, RunKey, ShardTo, SweepPoint, Written};
use crate::settings::ScenarioSettings;
use forecast_analysis::sweep::{Vary, grid};
use forecast_core::Pooling;
use forecast_report::ScenarioReport;
use forecast_report::sweep::{Point, Sweep};

/// Checks the varied parameters.
fn check(varies: &[Vary]) -> Result<(), Error> {
    if varies.len() > 2 {
        return Err(Error::usage(
            format!("{} --vary given; a sweep takes one or two", varies.len()),
            "vary one parameter for a sweep, two for a grid",
        ));
    }
    if let Some(v) = varies.iter().skip(1).find(|v| v.name == varies[0].name) {
        return Err(Error::usage(
            format!("`{}` is varied twice", v.name),
            "give each --vary another parameter",
        ));
    }
    Ok(())
}

/// The scenario settings of one point of the grid: the varied values set,
/// after the other overrides.
fn at(scenario: &ScenarioSettings, varies: &[Vary], values: &[f64]) -> ScenarioSettings {
    scenario.with_set(
        varies
            .iter()
            .zip(values)
            .map(|(v, x)| format!("{}={x}", v.name)),
    )
}

/// A sweep from the report of each point of its grid (in grid order) and
/// the ids of the models run, in order.
pub fn assemble(
    varies: &[Vary],
    outcomes: &[usize],
    models: Vec<String>,
    reports: Vec<ScenarioReport>,
) -> Sweep {
    let first = &reports[0].plan;
    let s = &first.scenario;
    let (scenario, title, last_year, samples, seed) = (
        s.id.clone(),
        s.title.clone(),
        s.start_year + s.horizon as i32 - 1,
        first.samples,
        first.seed,
    );
    let load_failures = reports[0]
        .failures
        .iter()
        .filter(|f| f.during == "load")
        .cloned()
        .collect();
    let points = grid(varies)
        .into_iter()
        .zip(reports)
        .map(|(values, r)| {
            let results = r.comparison.map(|c| c.models).unwrap_or_default();
            Point {
                values,
                outcomes: models
                    .iter()
                    .map(|m| {
                        results
                            .iter()
                            .find(|r| &r.model.id == m)
                            .map(|r| r.outcomes)
                    })
                    .collect(),
                failures: r
                    .failures
                    .into_iter()
                    .filter(|f| f.during != "load")
                    .collect(),
            }
        })
        .collect();
    Sweep {
        scenario,
        title,
        last_year,
        samples,
        seed,
        varies: varies.to_vec(),
        models,
        load_failures,
        points,
        outcomes: if outcomes.is_empty() {
            (0..forecast_vocab::OUTCOME_COUNT).collect()
        } else {
            outcomes.to_vec()
        },
    }
}

/// Runs the sweep of `varies` on a scenario.
pub fn sweep(job: &Job, varies: &[Vary], outcomes: &[usize]) -> Result<Sweep, Error> {
    let (loaded, path, scenario, exec) = job.split();
    check(varies)?;
    // Every point is planned before any runs: a bad one fails at once.
    let plans = grid(varies)
        .iter()
        .map(|values| at(scenario, varies, values).plan(path, &loaded.planning))
        .collect::<Result<Vec<_>, _>>()?;
    let mut reports = Vec::new();
    for plan in plans {
        reports.push(plan_report(
            loaded.models(),
            path,
            plan,
            exec,
            Pooling::Linear,
            None,
        )?);
    }
    let models = loaded.plugins.iter().map(|p| p.spec.id.clone()).collect();
    Ok(assemble(varies, outcomes, models, reports))
}

/// Writes the shard's part of every point of the sweep into `dir`.
pub fn write_parts(
    job: &Job,
    varies: &[Vary],
    outcomes: &[usize],
    to: ShardTo,
) -> Result<Vec<Written>, Error> {
    let (loaded, path, settings, exec) = job.split();
    let ShardTo { shard, dir } = to;
    check(varies)?;
    // Every point is planned before any part is written.
    let points = grid(varies)
        .iter()
        .map(|values| {
            let scenario = at(settings, varies, values);
            let plan = scenario.plan(path, &loaded.planning)?;
            Ok((scenario, plan))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let mut written = Vec::new();
    for (point, (scenario, plan)) in points.iter().enumerate() {
        let part = write_part(
            loaded.models(),
            path,
            scenario,
            plan,
            exec,
            PartOf {
                shard,
                dir,
                position: 0,
                sweep: Some(SweepPoint {
                    varies: varies.to_vec(),
                    outcomes: outcomes.to_vec(),
                    point,
                }),
            },
            None,
        )?;
        written.push(Written {
            path: part.path,
            summary: format!(
                "point {point}, shard {} of {}, {} of {} samples",
                shard.index, shard.count, part.samples, part.of
            ),
        });
    }
    Ok(written)
}

/// The sweep of the merged points of a sharded one (`parts::merge`), as
/// the whole sweep gives it.
pub fn merge(merged: Vec<Merged>) -> Result<Sweep, Error> {
    let incomplete = |message: String| {
        Error::usage(
            message,
            "merge the parts of one sweep: every point of its grid, each shard once (`forecast sweep ... --shard K/N`)",
        )
    };
    let Some(point) = merged[0].sweep.clone() else {
        return Err(incomplete("the parts mix a sweep with other runs".into()));
    };
    let points = grid(&point.varies).len();
    for (k, m) in merged.iter().enumerate() {
        match &m.sweep {
            Some(s) if s.varies == point.varies && s.outcomes == point.outcomes && s.point == k => {
            }
            Some(s) if s.varies == point.varies && s.outcomes == point.outcomes => {
                return Err(incomplete(format!("point {k} of the sweep has no parts")));
            }
            _ => {
                return Err(incomplete(
                    "the parts are of different sweeps or runs".into(),
                ));
            }
        }
    }
    // The points must be of one run but for the varied values, which come
    // last among the overrides.
    let common = |key: &RunKey| {
        let mut key = key.clone();
        let kept = key.overrides.len().saturating_sub(point.varies.len());
        key.overrides.truncate(kept);
        key
    };
    let base = common(&merged[0].key);
    for (k, m) in merged.iter().enumerate().skip(1) {
        if let Some(what) = common(&m.key).difference(&base) {
            return Err(incomplete(format!(
                "point {k} of the sweep is of another run than point 0: {what}"
            )));
        }
    }
    if merged.len() != points {
        return Err(incomplete(format!(
            "{} of the sweep's {points} points have parts",
            merged.len()
        )));
    }
    let models = merged[0].origins.iter().map(|(id, _)| id.clone()).collect();
    let reports = merged.into_iter().map(|m| m.report).collect();
    Ok(assemble(&point.varies, &point.outcomes, models, reports))
}
