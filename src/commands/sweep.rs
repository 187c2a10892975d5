//! `forecast sweep`: a lever or parameter moved over a range, every model
//! run in full at each point on the same draws.

use super::{AnalysisFormat, ScenarioArgs};
use crate::error::{CliError, Outcome};
use crate::execute::{PartOf, plan_report, write_part};
use crate::parts::SweepPoint;
use forecast_core::Pooling;
use forecast_explore::sweep::{Vary, grid};
use forecast_host::run::Shard;
use forecast_report::ScenarioReport;
use forecast_report::sweep::{Point, Sweep};
use std::io::Write;
use std::path::PathBuf;

/// Move one parameter or lever over a range (or two, over a grid) and see
/// how each model's outcomes follow.
///
/// Each point is a full sampled run of every model, with the varied values
/// set as by --set. Every point uses the same draws of the other uncertain
/// parameters and the same per-call seeds (common random numbers), so the
/// differences between points are the lever's effect, not sampling noise.
/// Example: `forecast sweep scenarios/korea-2006.toml --vary
/// levers.us_pledge=0..3 --format svg > pledge.svg`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,
    /// NAME=FROM..TO[:POINTS]: the parameter to vary and its range, with
    /// POINTS evenly spaced values (default: each integer when FROM and TO
    /// are integers at most 20 apart, else 5). Once for a sweep, twice for
    /// a grid.
    #[arg(long, value_name = "NAME=FROM..TO[:POINTS]", required = true)]
    vary: Vec<Vary>,
    /// Outcomes to show (default: all seven). Repeatable.
    #[arg(long, value_name = "OUTCOME", value_parser = super::parse_outcome)]
    outcome: Vec<usize>,
    #[command(flatten)]
    run: super::AnalysisArgs,
    /// Output format: a table, CSV or JSON of every point, or SVG line
    /// charts (one per outcome, a line per model with its 5-95% band).
    #[arg(long, value_enum, default_value_t = AnalysisFormat::Table)]
    format: AnalysisFormat,
    #[command(flatten)]
    sharding: super::ShardArgs,
}

/// Checks the varied parameters.
fn check(varies: &[Vary]) -> Result<(), CliError> {
    if varies.len() > 2 {
        return Err(CliError::Usage {
            message: format!("{} --vary given; a sweep takes one or two", varies.len()),
            hint: "vary one parameter for a sweep, two for a grid".into(),
        });
    }
    if let Some(v) = varies.iter().skip(1).find(|v| v.name == varies[0].name) {
        return Err(CliError::Usage {
            message: format!("`{}` is varied twice", v.name),
            hint: "give each --vary another parameter".into(),
        });
    }
    Ok(())
}

/// The scenario arguments of one point of the grid: the varied values set.
fn at(scenario: &ScenarioArgs, varies: &[Vary], values: &[f64]) -> ScenarioArgs {
    let mut at = scenario.clone();
    for (v, x) in varies.iter().zip(values) {
        at.set.push(format!("{}={x}", v.name));
    }
    at
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
pub fn sweep(
    loaded: &crate::models::Loaded,
    path: &std::path::Path,
    scenario: &ScenarioArgs,
    varies: &[Vary],
    outcomes: &[usize],
    jobs: Option<usize>,
) -> Result<Sweep, CliError> {
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
            jobs,
            Pooling::Linear,
            None,
        )?);
    }
    let models = loaded.plugins.iter().map(|p| p.spec.id.clone()).collect();
    Ok(assemble(varies, outcomes, models, reports))
}

/// Writes the shard's part of every point of the sweep.
fn write_parts(args: &Args, loaded: &crate::models::Loaded, shard: Shard) -> Result<(), CliError> {
    check(&args.vary)?;
    if !args.run.select.models.is_empty() {
        return Err(CliError::Usage {
            message: "--model cannot be combined with --shard".into(),
            hint: "shard the sweep of every loaded model, or run the selection unsharded".into(),
        });
    }
    // Every point is planned before any part is written.
    let points = grid(&args.vary)
        .iter()
        .map(|values| {
            let scenario = at(&args.run.scenario, &args.vary, values);
            let plan = scenario.plan(&args.scenario, &loaded.planning)?;
            Ok((scenario, plan))
        })
        .collect::<Result<Vec<_>, CliError>>()?;
    let mut out = std::io::stdout().lock();
    for (point, (scenario, plan)) in points.iter().enumerate() {
        let part = write_part(
            loaded.models(),
            &args.scenario,
            scenario,
            plan,
            args.run.jobs.threads(),
            PartOf {
                shard,
                dir: &args.sharding.parts,
                position: 0,
                sweep: Some(SweepPoint {
                    varies: args.vary.clone(),
                    outcomes: args.outcome.clone(),
                    point,
                }),
            },
            None,
        )?;
        writeln!(
            out,
            "wrote {}: point {point}, shard {} of {}, {} of {} samples",
            part.path.display(),
            shard.index,
            shard.count,
            part.samples,
            part.of
        )?;
    }
    Ok(())
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let loaded = args.run.load()?;
    if let Some(shard) = args.sharding.shard {
        write_parts(&args, &loaded, shard)?;
        return Ok(Outcome::Success);
    }
    let s = sweep(
        &loaded,
        &args.scenario,
        &args.run.scenario,
        &args.vary,
        &args.outcome,
        args.run.jobs.threads(),
    )?;
    super::write_analysis(args.format, &s, "a sweep")?;
    let failed = !s.load_failures.is_empty() || s.points.iter().any(|p| !p.failures.is_empty());
    Ok(Outcome::failed_if(failed))
}
