//! `forecast inspect`: a model's description and every parameter it reads.

use crate::args::PluginArgs;
use crate::error::{CliError, Outcome};
use std::io::Write;

/// Show a model's description and every parameter it reads.
///
/// What it is, its literature, every parameter it reads (default, range,
/// unit, source), its outcomes and indicators. A shared parameter's line
/// comes from the one table of shared priors (`forecast vocabulary`), the
/// same for every model.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in model's id (see `forecast list`) or a plugin file.
    #[arg(value_name = "MODEL")]
    model: String,
    #[command(flatten)]
    plugins: PluginArgs,
    /// Print the description as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let host = args.plugins.host()?;
    let (plugin, _) = args.plugins.settings().load_one(&host, &args.model)?;
    let m = &plugin.spec;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, m).map_err(|e| CliError::internal(e.to_string()))?;
        writeln!(out)?;
        return Ok(Outcome::Success);
    }
    writeln!(
        out,
        "{} {} ({}) from {}",
        m.id, m.version, m.name, plugin.origin
    )?;
    writeln!(out, "\n{}", m.summary)?;
    writeln!(out, "\nparameters ({}):", m.parameters.len())?;
    for p in &m.parameters {
        let unit = if p.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", p.unit)
        };
        writeln!(
            out,
            "  {:<36} {} in [{}, {}]{unit}",
            p.name, p.default, p.min, p.max
        )?;
        writeln!(out, "  {:<36} {}", "", p.description)?;
        let whose = if forecast_vocab::is_shared_parameter(&p.name) {
            "source (shared prior)"
        } else {
            "source"
        };
        writeln!(out, "  {:<36} {whose}: {}", "", p.source)?;
    }
    writeln!(out, "\noutcomes: {}", m.outcomes.join(", "))?;
    writeln!(out, "\nindicators:")?;
    for i in &m.indicators {
        writeln!(
            out,
            "  {:<28} {}{}",
            i.name,
            i.description,
            if i.unit.is_empty() {
                String::new()
            } else {
                format!(" [{}]", i.unit)
            }
        )?;
    }
    writeln!(out, "\nreferences:")?;
    for r in &m.references {
        writeln!(out, "  - {r}")?;
    }
    Ok(Outcome::Success)
}
