//! `forecast merge`: the parts of a sharded run, combined into its report.

use super::compare::PoolArg;
use crate::error::{CliError, Outcome};
use forecast_report::Format;
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
    let parts = crate::parts::read_all(&args.parts)?;
    if parts.iter().any(|(_, p)| p.decide.is_some()) {
        return super::decide::merge(parts, analysis_format(args.format, "a decision")?);
    }
    if parts.iter().any(|(_, p)| p.backtest.is_some()) {
        let format = match args.format {
            Format::Table => super::backtest::BacktestFormat::Table,
            Format::Json => super::backtest::BacktestFormat::Json,
            Format::Svg => super::backtest::BacktestFormat::Svg,
            Format::Csv | Format::Markdown => {
                return Err(CliError::Usage {
                    message: "a back-test has no CSV or Markdown output".into(),
                    hint: "use --format table, json or svg".into(),
                });
            }
        };
        return super::backtest::merge(parts, format);
    }
    if parts.iter().any(|(_, p)| p.sensitivity.is_some()) {
        return super::sensitivity::merge(
            parts,
            analysis_format(args.format, "a sensitivity analysis")?,
        );
    }
    let merged = crate::parts::merge(parts, args.pool.pooling())?;
    if merged.iter().any(|m| m.sweep.is_some()) {
        return merge_sweep(merged, args.format);
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
    Ok(if reports.iter().any(|r| !r.failures.is_empty()) {
        Outcome::PluginFailed
    } else {
        Outcome::Success
    })
}

/// The merged points of a sharded sweep, printed as `forecast sweep` prints.
fn merge_sweep(merged: Vec<crate::parts::Merged>, format: Format) -> Result<Outcome, CliError> {
    let incomplete = |message: String| {
        CliError::Usage {
        message,
        hint: "merge the parts of one sweep: every point of its grid, each shard once (`forecast sweep ... --shard K/N`)".into(),
    }
    };
    let Some(point) = merged[0].sweep.clone() else {
        return Err(incomplete("the parts mix a sweep with other runs".into()));
    };
    let points = forecast_explore::sweep::grid(&point.varies).len();
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
    let common = |key: &crate::parts::RunKey| {
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
    let format = analysis_format(format, "a sweep")?;
    let reports = merged.into_iter().map(|m| m.report).collect();
    let s = super::sweep::assemble(&point.varies, &point.outcomes, models, reports);
    super::write_analysis(format, &s, "a sweep")?;
    let failed = !s.load_failures.is_empty() || s.points.iter().any(|p| !p.failures.is_empty());
    Ok(Outcome::failed_if(failed))
}

/// The analysis commands' format for `--format`.
fn analysis_format(format: Format, what: &str) -> Result<super::AnalysisFormat, CliError> {
    Ok(match format {
        Format::Table => super::AnalysisFormat::Table,
        Format::Json => super::AnalysisFormat::Json,
        Format::Csv => super::AnalysisFormat::Csv,
        Format::Svg => super::AnalysisFormat::Svg,
        Format::Markdown => {
            return Err(CliError::Usage {
                message: format!("{what} has no Markdown output"),
                hint: "use --format table, json, csv or svg".into(),
            });
        }
    })
}
