//! `forecast report`: one self-contained HTML file of the comparison, the
//! yearly indicators, the models, and (when asked) sweeps and sensitivity.

use super::scenario_paths;
use crate::error::{CliError, Outcome};
use crate::execute::plan_report;
use forecast_explore::sweep::Vary;
use forecast_report::html::{self, Section};
use std::io::Write;
use std::path::PathBuf;

/// Write an HTML report of one or more scenarios, to read in a browser or
/// mail: no network, no scripts, charts inline.
///
/// Per scenario: the comparison (stacked bars and the table), the
/// disagreement between models, fan charts of the yearly indicators
/// (median and 5-95% band per model); with --sweep, the sweep charts; with
/// --sensitivity, the Sobol indices and tornadoes; with --backtest, the
/// back-test's scores, reliability diagram and PIT histograms; with
/// --policies or --grid, the decision between the policies (as `forecast
/// decide`): its tables, the Pareto scatter and the regret per model. Then each model's
/// summary, references, explanation of the central case, and parameters
/// with their sources.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario files.
    #[arg(value_name = "SCENARIO")]
    scenarios: Vec<PathBuf>,
    /// Where to write the report.
    #[arg(long, short, value_name = "FILE")]
    output: PathBuf,
    /// Add a sweep (as `forecast sweep --vary`) to each scenario. Repeatable:
    /// each gives its own sweep.
    #[arg(long, value_name = "NAME=FROM..TO[:POINTS]")]
    sweep: Vec<Vary>,
    /// Add the sensitivity analysis (as `forecast sensitivity`) to each
    /// scenario.
    #[arg(long)]
    sensitivity: bool,
    /// Add a back-test against this record (as `forecast backtest`) to each
    /// scenario, which must then be a history scenario; --origins,
    /// --leads, --conditional and --calibrate set it.
    #[arg(long, value_name = "RECORD")]
    backtest: Option<PathBuf>,
    #[command(flatten)]
    protocol: super::backtest::Protocol,
    #[command(flatten)]
    question: super::decide::Question,
    /// How model probabilities are pooled into the ensemble.
    #[arg(long, value_enum, default_value_t = super::compare::PoolArg::Linear)]
    pool: super::compare::PoolArg,
    #[command(flatten)]
    run: super::AnalysisArgs,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let paths = scenario_paths(&args.scenarios)?;
    let loaded = args.run.load()?;
    let jobs = args.run.jobs.threads();
    let mut reports = Vec::new();
    for path in paths {
        let plan = args.run.scenario.plan(path, &loaded.planning)?;
        reports.push(plan_report(
            loaded.models(),
            path,
            plan,
            jobs,
            args.pool.pooling(),
            None,
        )?);
    }
    let mut sections = Vec::new();
    for (path, report) in paths.iter().zip(&reports) {
        let sweeps = args
            .sweep
            .iter()
            .map(|v| {
                super::sweep::sweep(
                    &loaded,
                    path,
                    &args.run.scenario,
                    std::slice::from_ref(v),
                    &[],
                    jobs,
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut notes = Vec::new();
        let sensitivity = if !args.sensitivity {
            None
        } else if report.plan.uncertain.is_empty() {
            notes.push("No sensitivity analysis: the scenario has no uncertain parameters.".into());
            None
        } else {
            Some(super::sensitivity::analyse(
                &loaded,
                path,
                &args.run.scenario,
                &[],
                500,
                jobs,
            )?)
        };
        let backtest = match &args.backtest {
            Some(record) => Some(super::backtest::backtest(
                &loaded,
                path,
                &args.run.scenario,
                record,
                &args.protocol,
                jobs,
            )?),
            None => None,
        };
        let decision = if args.question.asked() {
            Some(super::decide::decide(
                &loaded,
                path,
                &args.run.scenario,
                &args.question,
                jobs,
            )?)
        } else {
            None
        };
        sections.push(Section {
            report,
            sweeps,
            sensitivity,
            backtest,
            decision,
            notes,
        });
    }
    let origins = |id: &str| {
        loaded
            .plugins
            .iter()
            .find(|p| p.spec.id == id)
            .map_or(String::new(), |p| p.origin.clone())
    };
    let io = |source| CliError::Write {
        path: args.output.clone(),
        source,
    };
    let mut file = std::io::BufWriter::new(std::fs::File::create(&args.output).map_err(io)?);
    html::write_html(&mut file, &sections, &origins).map_err(io)?;
    file.flush().map_err(io)?;
    let failed = sections.iter().any(|s| {
        !s.report.failures.is_empty()
            || s.sweeps
                .iter()
                .any(|w| w.points.iter().any(|p| !p.failures.is_empty()))
            || s.sensitivity
                .as_ref()
                .is_some_and(|a| !a.failures.is_empty())
            || s.backtest.as_ref().is_some_and(|b| !b.failures.is_empty())
            || s.decision.as_ref().is_some_and(|d| !d.failures.is_empty())
    });
    println!(
        "wrote {}: {} scenario(s), {} model(s)",
        args.output.display(),
        reports.len(),
        loaded.plugins.len()
    );
    Ok(Outcome::failed_if(failed))
}
