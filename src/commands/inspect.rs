//! `forecast inspect`: a model's description and every parameter it reads.

use crate::error::{CliError, Outcome};
use crate::models::PluginArgs;
use forecast_host::{Host, Plugin, Source};
use std::io::Write;
use std::path::Path;

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

/// Loads every model (built-ins and --plugin files) and picks MODEL, a
/// built-in id or a plugin file (which joins the others, replacing a
/// built-in of the same id). Returns it and the other models.
pub fn load_selected(
    host: &Host,
    args: &PluginArgs,
    model: &str,
) -> Result<(Plugin, Vec<Plugin>), CliError> {
    let looks_like_file = model.contains(['/', '.']) || Path::new(model).exists();
    let chosen = if looks_like_file {
        Some(host.load(&Source::File(model.into()))?)
    } else {
        None
    };
    let (mut plugins, failures) = args.load(host);
    let id = chosen
        .as_ref()
        .map_or(model, |p| p.spec.id.as_str())
        .to_string();
    let found = plugins.iter().position(|p| p.spec.id == id);
    let selected = match (chosen, found) {
        (Some(p), Some(i)) => {
            plugins.remove(i);
            p
        }
        (Some(p), None) => p,
        (None, Some(i)) => plugins.remove(i),
        (None, None) => {
            if let Some(f) = failures.into_iter().next() {
                return Err(f.into());
            }
            let ids: Vec<&str> = forecast_builtin::BUILTIN.iter().map(|b| b.0).collect();
            return Err(CliError::Usage {
                message: format!("no model with id `{model}`"),
                hint: format!(
                    "built-in models: {}; or give the path of a plugin file",
                    ids.join(", ")
                ),
            });
        }
    };
    Ok((selected, plugins))
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let host = args.plugins.host()?;
    let (plugin, _) = load_selected(&host, &args.plugins, &args.model)?;
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
