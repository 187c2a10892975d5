//! `forecast inspect`: a model's description and every parameter it reads.

use crate::error::{CliError, Outcome};
use crate::models::PluginArgs;
use forecast_host::{Host, Plugin, Source};
use std::io::Write;
use std::path::Path;

/// Show a model's description and every parameter it reads.
///
/// What it is, its literature, every parameter it reads (default, range,
/// unit, source), its outcomes and indicators.
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

/// Loads a model given by built-in id or file path.
pub fn load_one(host: &Host, args: &PluginArgs, model: &str) -> Result<Plugin, CliError> {
    let looks_like_file = model.contains(['/', '.']) || Path::new(model).exists();
    if looks_like_file {
        return Ok(host.load(&Source::File(model.into()))?);
    }
    let (plugins, failures) = args.load(host);
    if let Some(p) = plugins.into_iter().find(|p| p.spec.id == model) {
        return Ok(p);
    }
    if let Some(f) = failures.into_iter().next() {
        return Err(f.into());
    }
    let ids: Vec<&str> = forecast_builtin::BUILTIN.iter().map(|b| b.0).collect();
    Err(CliError::Usage {
        message: format!("no model with id `{model}`"),
        hint: format!(
            "built-in models: {}; or give the path of a plugin file",
            ids.join(", ")
        ),
    })
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let host = args.plugins.host()?;
    let plugin = load_one(&host, &args.plugins, &args.model)?;
    let m = &plugin.spec;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, m).map_err(|e| CliError::Internal(e.to_string()))?;
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
        writeln!(out, "  {:<36} source: {}", "", p.source)?;
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
