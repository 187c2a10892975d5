//! `forecast check`: validate scenarios without running them.

use crate::args::{PluginArgs, ScenarioArgs, scenario_paths};
use crate::error::{CliError, Outcome};
use forecast_report::sampling_line;
use std::io::Write;
use std::path::PathBuf;

/// Check scenarios against the models without running them.
///
/// The file's syntax, every name (with a "did you mean"), every value's type
/// and range, and the distributions' fit to the ranges the models accept.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario files.
    #[arg(value_name = "SCENARIO")]
    scenarios: Vec<PathBuf>,
    #[command(flatten)]
    scenario: ScenarioArgs,
    #[command(flatten)]
    plugins: PluginArgs,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let paths = scenario_paths(&args.scenarios)?;
    let host = args.plugins.host()?;
    let (plugins, failures) = args.plugins.load(&host);
    // A plugin that fails to load is reported; the others still check.
    for f in &failures {
        eprintln!("FAILED {f}");
    }
    if plugins.is_empty() {
        return Err(CliError::Usage {
            message: "no model could be loaded to check against".into(),
            hint: "check the --plugin files with `forecast inspect FILE`".into(),
        });
    }
    let specs: Vec<_> = plugins.iter().map(|p| p.spec.clone()).collect();
    let settings = args.scenario.settings();
    let mut out = std::io::stdout().lock();
    for path in paths {
        let plan = settings.plan(path, &specs)?;
        writeln!(
            out,
            "ok: {} ({}): {}",
            path.display(),
            plan.scenario.id,
            sampling_line(&plan)
        )?;
        for n in &plan.notes {
            writeln!(out, "  note: {n}")?;
        }
    }
    Ok(if failures.is_empty() {
        Outcome::Success
    } else {
        Outcome::PluginFailed
    })
}
