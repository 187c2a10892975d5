//! `forecast list`: the models available.

use crate::args::PluginArgs;
use crate::error::{CliError, Outcome};
use forecast_report::Failure;
use std::io::Write;

/// List the models: the built-in ones and any --plugin files.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    plugins: PluginArgs,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let host = args.plugins.host()?;
    let (plugins, failures) = args.plugins.load(&host);
    let mut out = std::io::stdout().lock();
    let id = plugins
        .iter()
        .map(|p| p.spec.id.len())
        .max()
        .unwrap_or(0)
        .max(2);
    let name = plugins
        .iter()
        .map(|p| p.spec.name.len())
        .max()
        .unwrap_or(0)
        .max(4);
    writeln!(
        out,
        "{:<id$}  {:<9} {:>6}  {:<name$}  origin",
        "id", "version", "params", "name"
    )?;
    for p in &plugins {
        let m = &p.spec;
        let n = m.parameters.len();
        writeln!(
            out,
            "{:<id$}  {:<9} {n:>6}  {:<name$}  {}",
            m.id, m.version, m.name, p.origin
        )?;
    }
    for f in &failures {
        writeln!(out, "FAILED {}", Failure::from(f).error)?;
    }
    Ok(if failures.is_empty() {
        Outcome::Success
    } else {
        Outcome::PluginFailed
    })
}
