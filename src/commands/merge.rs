//! `forecast merge`: the parts of a sharded run, combined into its report.

use super::backtest::BacktestFormat;
use super::compare::PoolArg;
use crate::args::AnalysisFormat;
use crate::error::{CliError, Outcome};
use forecast_report::Format;
use forecast_run::parts;
use std::io::Write;
use std::path::PathBuf;

/// Merge the parts of sharded runs into their report.
///
/// Each part is one shard of a run (`forecast compare SCENARIO --shard
/// K/N`, e.g. one task of a Slurm job array). The merge checks that the
/// parts are of one run (the same scenario text and --set, samples, seed
/// and sampling, plugins by SHA-256, limits and version of forecast) and
/// that each of the N shards is there once, then prints the report the
/// whole run would have printed, with the same bits. Parts of several
/// scenarios give one report each. The parts of a sharded sweep (`forecast
/// sweep --shard K/N`) give the sweep, as `forecast sweep` prints it; of a
/// sharded sensitivity analysis or back-test, the analysis or back-test.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Part files (e.g. parts/*.part).
    #[arg(value_name = "PART", required = true)]
    parts: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// How model probabilities are pooled into the ensemble.
    #[arg(long, value_enum, default_value_t = PoolArg::Linear)]
    pool: PoolArg,
    /// Show notes on the scenario and what failing plugins printed.
    #[arg(long, short)]
    verbose: bool,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let parts = parts::read_all(&args.parts)?;
    if parts.iter().any(|(_, p)| p.decide.is_some()) {
        let format = analysis_format(args.format, "a decision")?;
        return super::decide::print(&forecast_run::decide::merge(parts)?, format);
    }
    if parts.iter().any(|(_, p)| p.backtest.is_some()) {
        let format = match args.format {
            Format::Table => BacktestFormat::Table,
            Format::Json => BacktestFormat::Json,
            Format::Svg => BacktestFormat::Svg,
            Format::Csv | Format::Markdown => {
                return Err(CliError::usage(
                    "a back-test has no CSV or Markdown output",
                    "use --format table, json or svg",
                ));
            }
        };
        return super::backtest::print(&forecast_run::backtest::merge(parts)?, format);
    }
    if parts.iter().any(|(_, p)| p.sensitivity.is_some()) {
        let format = analysis_format(args.format, "a sensitivity analysis")?;
        let s = forecast_run::sensitivity::merge(parts)?;
        return super::sensitivity::print(&s, format);
    }
    let merged = parts::merge(parts, args.pool.pooling())?;
    if merged.iter().any(|m| m.sweep.is_some()) {
        let format = analysis_format(args.format, "a sweep")?;
        return super::sweep::print(&forecast_run::sweep::merge(merged)?, format);
    }
    let origins: Vec<(String, String)> = merged.iter().flat_map(|m| m.origins.clone()).collect();
    let origin = |id: &str| {
        origins
            .iter()
            .find(|(i, _)| i == id)
            .map_or(String::new(), |(_, o)| o.clone())
    };
    let reports: Vec<_> = merged.into_iter().map(|m| m.report).collect();
    let mut out = std::io::stdout().lock();
    forecast_report::write(&mut out, args.format, &reports, args.verbose, &origin)?;
    out.flush()?;
    Ok(Outcome::failed_if(
        reports.iter().any(|r| !r.failures.is_empty()),
    ))
}

/// The analysis commands' format for `--format`.
fn analysis_format(format: Format, what: &str) -> Result<AnalysisFormat, CliError> {
    Ok(match format {
        Format::Table => AnalysisFormat::Table,
        Format::Json => AnalysisFormat::Json,
        Format::Csv => AnalysisFormat::Csv,
        Format::Svg => AnalysisFormat::Svg,
        Format::Markdown => {
            return Err(CliError::usage(
                format!("{what} has no Markdown output"),
                "use --format table, json, csv or svg",
            ));
        }
    })
}
