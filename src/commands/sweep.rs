//! `forecast sweep`: a lever or parameter moved over a range, every model
//! run in full at each point on the same draws.

use super::{AnalysisFormat, ScenarioArgs};
use crate::error::{CliError, Outcome};
use crate::execute::plan_report;
use crate::report::sweep::{self, Point, Sweep};
use forecast_core::Pooling;
use forecast_explore::sweep::{Vary, grid};
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
    let specs = loaded.specs();
    let mut points = Vec::new();
    let mut header = None;
    for values in grid(varies) {
        let mut at = scenario.clone();
        for (v, x) in varies.iter().zip(&values) {
            at.set.push(format!("{}={x}", v.name));
        }
        let plan = at.plan(path, &loaded.planning)?;
        header.get_or_insert_with(|| {
            let s = &plan.scenario;
            (
                s.id.clone(),
                s.title.clone(),
                s.start_year + s.horizon as i32 - 1,
                plan.samples,
                plan.seed,
            )
        });
        let r = plan_report(loaded.models(), path, plan, jobs, Pooling::Linear, None)?;
        let results = r.comparison.map(|c| c.models).unwrap_or_default();
        points.push(Point {
            values,
            outcomes: specs
                .iter()
                .map(|m| {
                    results
                        .iter()
                        .find(|r| r.model.id == m.id)
                        .map(|r| r.outcomes)
                })
                .collect(),
            failures: r
                .failures
                .into_iter()
                .filter(|f| f.during != "load")
                .collect(),
        });
    }
    let (scenario, title, last_year, samples, seed) = header.expect("a grid has points");
    Ok(Sweep {
        scenario,
        title,
        last_year,
        samples,
        seed,
        varies: varies.to_vec(),
        models: specs.iter().map(|m| m.id.clone()).collect(),
        load_failures: loaded.failures.clone(),
        points,
        outcomes: if outcomes.is_empty() {
            (0..forecast_vocab::OUTCOME_COUNT).collect()
        } else {
            outcomes.to_vec()
        },
    })
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let loaded = args.run.load()?;
    let s = sweep(
        &loaded,
        &args.scenario,
        &args.run.scenario,
        &args.vary,
        &args.outcome,
        args.run.jobs.threads(),
    )?;
    let mut out = std::io::stdout().lock();
    match args.format {
        AnalysisFormat::Table => sweep::write_table(&mut out, &s)?,
        AnalysisFormat::Csv => sweep::write_csv(&mut out, &s)?,
        AnalysisFormat::Json => sweep::write_json(&mut out, &s)?,
        AnalysisFormat::Svg => writeln!(out, "{}", sweep::svg(&s)?)?,
    }
    out.flush()?;
    let failed = !loaded.failures.is_empty() || s.points.iter().any(|p| !p.failures.is_empty());
    Ok(Outcome::failed_if(failed))
}
