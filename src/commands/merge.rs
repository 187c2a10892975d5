//! `forecast merge`: the parts of a sharded run, combined into its report.

use super::compare::PoolArg;
use crate::error::{CliError, Outcome};
use crate::report::{self, Format};
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
/// scenarios give one report each.
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
    let merged = crate::parts::merge(&args.parts, args.pool.pooling())?;
    let origins: Vec<(String, String)> = merged.iter().flat_map(|m| m.origins.clone()).collect();
    let origin = |id: &str| {
        origins
            .iter()
            .find(|(i, _)| i == id)
            .map_or(String::new(), |(_, o)| o.clone())
    };
    let reports: Vec<_> = merged.into_iter().map(|m| m.report).collect();
    let mut out = std::io::stdout().lock();
    report::write(&mut out, args.format, &reports, args.verbose, &origin)?;
    out.flush()?;
    Ok(if reports.iter().any(|r| !r.failures.is_empty()) {
        Outcome::PluginFailed
    } else {
        Outcome::Success
    })
}
