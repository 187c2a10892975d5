//! `forecast discover`: under which conditions an outcome becomes likely.

use crate::args::{AnalysisFormat, write_analysis};
use crate::error::{CliError, Outcome};
use forecast_run::discover::{Discovery, discover};
use std::path::PathBuf;

/// Scenario discovery: the regions of parameter space where an outcome's
/// probability passes a threshold, per model.
///
/// PRIM (Friedman & Fisher 1999), as robust decision making uses it (Bryant
/// & Lempert 2010): the samples whose outcome passes the threshold are the
/// cases of interest; boxes are peeled on half the samples, chosen on the
/// other half, and described by the parameters they restrict, with their
/// coverage (share of the cases inside) and density (share of the box that
/// are cases). Runs the samples itself, or reads a saved experiments table
/// (--from, as written by `compare --save`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,
    /// The outcome of interest.
    #[arg(long, value_name = "OUTCOME", value_parser = crate::args::parse_outcome)]
    outcome: usize,
    /// Cases of interest: samples whose probability is above P.
    #[arg(
        long,
        value_name = "P",
        required_unless_present = "below",
        conflicts_with = "below"
    )]
    above: Option<f64>,
    /// Cases of interest: samples whose probability is below P.
    #[arg(long, value_name = "P")]
    below: Option<f64>,
    /// Read the samples from an experiments table (`compare --save`)
    /// instead of running them. The table must be of this scenario, with
    /// the same --set and --sampling, run by the same plugins (and, if
    /// given, --samples and --seed): it records its run, and another
    /// run's is refused.
    #[arg(long, value_name = "TABLE")]
    from: Option<PathBuf>,
    /// Most boxes to find (each next one among the samples outside the
    /// boxes before).
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=10))]
    boxes: u32,
    /// The box chosen is the densest, on held-out samples, whose coverage is
    /// at least this (then the least restricted within one standard error).
    #[arg(long, value_name = "SHARE", default_value_t = 0.5)]
    min_coverage: f64,
    /// Share of a box's samples one peeling step removes.
    #[arg(long, value_name = "SHARE", default_value_t = 0.05)]
    alpha: f64,
    #[command(flatten)]
    run: crate::args::AnalysisArgs,
    /// Output format: a table, JSON (with every peeling step), or SVG charts
    /// of the peeling trajectory. CSV is not offered: a box is not a row.
    #[arg(long, value_enum, default_value_t = AnalysisFormat::Table)]
    format: AnalysisFormat,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let threshold = args.above.or(args.below).expect("clap requires one");
    let loaded = args.run.load()?;
    let discovery = Discovery {
        outcome: args.outcome,
        threshold,
        above: args.above.is_some(),
        from: args.from.clone(),
        models: args.run.select.models.clone(),
        boxes: args.boxes,
        min_coverage: args.min_coverage,
        alpha: args.alpha,
    };
    let settings = args.run.scenario.settings();
    let report = discover(
        &args.run.job(&loaded, &args.scenario, &settings),
        &discovery,
    )?;
    write_analysis(args.format, &report, "discover (a box is not a row)")?;
    Ok(Outcome::failed_if(!report.failures.is_empty()))
}
