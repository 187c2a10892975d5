//! `forecast report`: one self-contained HTML file of the comparison, the
//! yearly indicators, the models, and (when asked) sweeps and sensitivity.

use crate::args::scenario_paths;
use crate::error::{CliError, Outcome};
use forecast_analysis::sweep::Vary;
use forecast_run::html::{self, Extras};
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
    protocol: super::backtest::ProtocolArgs,
    #[command(flatten)]
    question: super::decide::QuestionArgs,
    /// How model probabilities are pooled into the ensemble.
    #[arg(long, value_enum, default_value_t = super::compare::PoolArg::Linear)]
    pool: super::compare::PoolArg,
    #[command(flatten)]
    run: crate::args::AnalysisArgs,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let paths = scenario_paths(&args.scenarios)?;
    let loaded = args.run.load()?;
    let extras = Extras {
        sweeps: args.sweep.clone(),
        sensitivity: args.sensitivity,
        backtest: args
            .backtest
            .as_ref()
            .map(|record| (record.clone(), args.protocol.protocol())),
        decision: Some(args.question.question()).filter(|q| q.asked()),
    };
    let io = |source| {
        CliError::Run(forecast_run::Error::Write {
            path: args.output.clone(),
            source,
        })
    };
    let mut file = std::io::BufWriter::new(std::fs::File::create(&args.output).map_err(io)?);
    let summary = html::write(
        &loaded,
        paths,
        &args.run.scenario.settings(),
        args.pool.pooling(),
        &extras,
        args.run.jobs.exec(),
        &mut file,
    )?;
    file.flush().map_err(io)?;
    println!(
        "wrote {}: {} scenario(s), {} model(s)",
        args.output.display(),
        summary.scenarios,
        summary.models
    );
    Ok(Outcome::failed_if(summary.failed))
}
