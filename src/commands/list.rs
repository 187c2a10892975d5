//! `forecast list`: the models available.

use crate::error::{CliError, Outcome};
use crate::models::PluginArgs;
use crate::report::Failure;
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
    writeln!(
        out,
        "{:<22} {:<9} {:>6}  {:<44} origin",
        "id", "version", "params", "name"
    )?;
    for p in &plugins {
        let m = &p.spec;
        writeln!(
            out,
            "{:<22} {:<9} {:>6}  {:<44} {}",
            m.id,
            m.version,
            m.parameters.len(),
            m.name,
            p.origin
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
