//! `forecast sensitivity`: which uncertain parameters drive each model's
//! outcomes: Sobol indices and a tornado.

use super::{AnalysisFormat, ScenarioArgs};
use crate::error::{CliError, Outcome};
use crate::models::Loaded;
use crate::report::sensitivity::{self, ModelSensitivity, OutcomeSensitivity, Sensitivity};
use forecast_core::Design;
use forecast_core::rng::derive_seed;
use forecast_explore::sobol::{Bootstrap, sobol};
use forecast_explore::tornado::tornado;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Global sensitivity: how much of the spread of each model's outcomes
/// each uncertain parameter drives.
///
/// First-order (S1: the parameter alone) and total (ST: with all its
/// interactions) Sobol indices, from Saltelli's design (--samples base
/// rows, each run k + 2 times for k uncertain parameters) with the
/// estimators of Saltelli et al. (2010) and Jansen (1999), and 95%
/// bootstrap intervals. Also a tornado: each parameter alone from its 5% to
/// its 95% point, the others at their medians (2k + 1 runs), a first look
/// that misses interactions. Only uncertain parameters (distributions in
/// the scenario) are analysed; fixed settings and defaults stay put.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,
    /// Outcomes to analyse (default: all seven). Repeatable.
    #[arg(long, value_name = "OUTCOME", value_parser = super::parse_outcome)]
    outcome: Vec<usize>,
    /// Bootstrap resamples for the intervals.
    #[arg(long, value_name = "N", default_value_t = 500, value_parser = clap::value_parser!(u32).range(10..=100_000))]
    bootstrap: u32,
    #[command(flatten)]
    run: super::AnalysisArgs,
    /// Output format: a table, CSV or JSON of every index, or SVG charts
    /// (ranked indices and the tornado per model and outcome).
    #[arg(long, value_enum, default_value_t = AnalysisFormat::Table)]
    format: AnalysisFormat,
}

/// Runs the Saltelli and tornado designs on a scenario and estimates.
pub fn analyse(
    loaded: &Loaded,
    path: &Path,
    scenario: &ScenarioArgs,
    outcomes: &[usize],
    resamples: usize,
    jobs: Option<usize>,
) -> Result<Sensitivity, CliError> {
    let specs = loaded.specs();
    let plan = scenario.plan(path, &loaded.planning)?;
    let k = plan.uncertain.len();
    if k == 0 {
        return Err(CliError::Usage {
            message: format!(
                "{}: the scenario has no uncertain parameters to analyse",
                path.display()
            ),
            hint: "give parameters distributions in the scenario, or with --set 'NAME={dist=\"uniform\",low=..,high=..}'".into(),
        });
    }
    let base = plan.samples;
    if base < 2 {
        return Err(CliError::Usage {
            message: "a Saltelli design needs at least 2 base rows".into(),
            hint: "ask for more --samples".into(),
        });
    }
    let saltelli = scenario.plan_design(path, &loaded.planning, Design::Saltelli { base })?;
    let one_at_a_time = scenario.plan_design(path, &loaded.planning, Design::Tornado)?;
    let label = &plan.scenario.id;
    let runs = crate::design::run(loaded.models(), &saltelli, jobs, label)?;
    let tornado_runs = crate::design::run(loaded.models(), &one_at_a_time, jobs, label)?;
    let outcomes: Vec<usize> = if outcomes.is_empty() {
        (0..forecast_vocab::OUTCOME_COUNT).collect()
    } else {
        outcomes.to_vec()
    };
    let parameters: Vec<String> = plan.uncertain.iter().map(|u| u.name.clone()).collect();
    let mut models = Vec::new();
    let mut failures = loaded.failures.clone();
    for ((spec, run), tornado_run) in specs.iter().zip(runs).zip(tornado_runs) {
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
    Ok(Sensitivity {
        scenario: s.id.clone(),
        title: s.title.clone(),
        last_year: s.start_year + s.horizon as i32 - 1,
        base,
        seed: plan.seed,
        resamples,
        parameters,
        models,
        failures,
    })
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let loaded = args.run.load()?;
    let s = analyse(
        &loaded,
        &args.scenario,
        &args.run.scenario,
        &args.outcome,
        args.bootstrap as usize,
        args.run.jobs.threads(),
    )?;
    let mut out = std::io::stdout().lock();
    match args.format {
        AnalysisFormat::Table => sensitivity::write_table(&mut out, &s)?,
        AnalysisFormat::Csv => sensitivity::write_csv(&mut out, &s)?,
        AnalysisFormat::Json => sensitivity::write_json(&mut out, &s)?,
        AnalysisFormat::Svg => writeln!(out, "{}", sensitivity::svg(&s)?)?,
    }
    out.flush()?;
    Ok(Outcome::failed_if(!s.failures.is_empty()))
}
