//! `forecast test`: a plugin's conformance checks and snapshot tests, for
//! authors in any language.

use crate::args::{PluginArgs, ScenarioArgs};
use crate::error::{CliError, Outcome};
use forecast_core::Pooling;
use forecast_host::conformance;
use forecast_run::execute::plan_report;
use forecast_run::snapshot::{self, Verdict};
use std::io::Write;
use std::path::PathBuf;

/// Test a plugin: the contract's conformance checks, then a snapshot per scenario.
///
/// The checks: info() is complete and sourced; forecasts are valid at both
/// ends of every parameter's range, for every horizon of 1 to 200 years and
/// at random points (scalars and yearly paths); the same input gives the
/// same bits twice and in a fresh instance. Then the plugin runs on each
/// scenario (all of scenarios/*.toml by default) and its result is compared
/// with the snapshot stored in --snapshots: outcomes with their intervals
/// and central case, yearly indicators, explanation. When anything moved it
/// shows what, leaves the new result beside the old as a .snap.new file
/// (review with --accept, or `cargo insta review --workspace-root DIR`), and
/// fails.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The plugin file (or a built-in model's id).
    #[arg(value_name = "PLUGIN")]
    model: String,
    /// Scenario files (default: scenarios/*.toml in the current directory).
    #[arg(value_name = "SCENARIO")]
    scenarios: Vec<PathBuf>,
    /// Where the snapshots live, one file per scenario:
    /// MODEL-ID@SCENARIO-FILE-STEM.snap (insta's format).
    #[arg(long, value_name = "DIR", default_value = "snapshots")]
    snapshots: PathBuf,
    /// Store the new results as the snapshots instead of failing on a change.
    #[arg(long)]
    accept: bool,
    /// Skip the conformance checks (snapshots only).
    #[arg(long, conflicts_with = "no_snapshots")]
    no_conformance: bool,
    /// Skip the snapshots (conformance checks only).
    #[arg(long)]
    no_snapshots: bool,
    /// Random points of the parameter space for the conformance checks.
    #[arg(long, value_name = "N", default_value_t = conformance::Options::default().random_inputs)]
    random_inputs: usize,
    #[command(flatten)]
    scenario: ScenarioArgs,
    #[command(flatten)]
    plugins: PluginArgs,
    #[command(flatten)]
    jobs: crate::args::JobsArgs,
}

/// Lines of a diff shown per scenario before "... and N more".
const SHOWN: usize = 12;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    // Scenarios are checked against every available model, since they may
    // set parameters that only the others read; only the plugin runs. They
    // are read before the checks run, so a mistyped one shows at once.
    let loaded = args.plugins.settings().load_alone(&args.model)?;
    let (host, plugin) = (&loaded.host, &loaded.plugins[0]);
    let files = match args.no_snapshots {
        true => Vec::new(),
        false => snapshot::scenario_files(&args.scenarios)?,
    };
    let settings = args.scenario.settings();
    let plans: Vec<_> = files
        .iter()
        .map(|f| settings.plan(f, &loaded.planning))
        .collect();
    let mut out = std::io::stdout().lock();
    // Conformance checks failed, scenarios that could not run, snapshots that differ.
    let (mut failed_checks, mut unrunnable, mut failed) = (0, 0, 0);
    writeln!(
        out,
        "testing {} {} from {}",
        plugin.spec.id, plugin.spec.version, plugin.origin
    )?;

    if !args.no_conformance {
        let options = conformance::Options {
            random_inputs: args.random_inputs,
            ..Default::default()
        };
        for check in conformance::run(host, plugin, &options) {
            if check.passed() {
                writeln!(
                    out,
                    "ok    {:<12} {} ({})",
                    check.name,
                    check.what,
                    plural(check.cases, "case", "cases")
                )?;
            } else if check.failed == 0 {
                failed_checks += 1;
                writeln!(
                    out,
                    "SKIP  {:<12} {}: {}",
                    check.name,
                    check.what,
                    check.skipped.as_deref().unwrap_or("not run")
                )?;
            } else {
                failed_checks += 1;
                writeln!(
                    out,
                    "FAIL  {:<12} {}: {} of {} failed",
                    check.name, check.what, check.failed, check.cases
                )?;
                for f in &check.failures {
                    writeln!(out, "        {f}")?;
                }
                if let Some(why) = &check.skipped {
                    writeln!(out, "        then stopped, {why}")?;
                }
            }
        }
    }

    let id = plugin.spec.id.clone();
    for (file, plan) in files.iter().zip(plans) {
        let stem = file
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let name = format!("{id}@{stem}");
        let plan = match plan {
            Ok(plan) => plan,
            Err(e) => {
                unrunnable += 1;
                writeln!(out, "FAIL  {name}: the scenario cannot run")?;
                for line in CliError::from(e).render().lines() {
                    writeln!(out, "        {line}")?;
                }
                continue;
            }
        };
        let r = plan_report(
            loaded.models(),
            file,
            plan,
            args.jobs.exec(),
            Pooling::Linear,
            None,
        )?;
        let result = match (&r.comparison, r.failures.first()) {
            (Some(c), None) => &c.models[0],
            (_, failure) => {
                unrunnable += 1;
                let why = failure.map_or_else(|| "no result".to_string(), |f| f.to_string());
                writeln!(out, "FAIL  {name}: {why}")?;
                continue;
            }
        };
        let snap = snapshot::of_result(file, &r.plan, result);
        let path = args.snapshots.join(format!("{name}.snap"));
        match snapshot::compare_snapshot(&path, &snap, args.accept) {
            Ok(Verdict::Same) => writeln!(out, "ok    {name}")?,
            Ok(Verdict::Stored) => writeln!(out, "saved {name} -> {}", path.display())?,
            Ok(Verdict::New) => {
                failed += 1;
                writeln!(
                    out,
                    "NEW   {name}: no snapshot yet; stored as {} (--accept stores it)",
                    snapshot::pending_path(&path).display()
                )?;
            }
            Ok(Verdict::Moved(changes)) if changes.is_empty() => {
                failed += 1;
                writeln!(
                    out,
                    "MOVED {name}: the stored snapshot's text is not a report (edited by hand?)"
                )?;
            }
            Ok(Verdict::Moved(changes)) => {
                failed += 1;
                writeln!(
                    out,
                    "MOVED {name}: {} changed",
                    plural(changes.len(), "value", "values")
                )?;
                let lines = snapshot::summarize(&changes);
                for line in lines.iter().take(SHOWN) {
                    writeln!(out, "        {line}")?;
                }
                if lines.len() > SHOWN {
                    writeln!(out, "        ... and {} more", lines.len() - SHOWN)?;
                }
            }
            Err(message) => {
                unrunnable += 1;
                writeln!(out, "FAIL  {name}: {message}")?;
            }
        }
    }
    if failed_checks > 0 {
        writeln!(
            out,
            "\n{} failed: the plugin breaks the contract (docs/plugins/README.md)",
            plural(failed_checks, "conformance check", "conformance checks")
        )?;
    }
    if unrunnable > 0 {
        writeln!(
            out,
            "\n{} failed to give a result (see above)",
            plural(unrunnable, "scenario", "scenarios")
        )?;
    }
    if failed > 0 {
        writeln!(
            out,
            "\n{} differ or are new; review the new results (*.snap.new in {}) and keep them with --accept, or fix the model",
            plural(failed, "snapshot", "snapshots"),
            args.snapshots.display()
        )?;
    }
    if failed_checks + unrunnable + failed > 0 {
        Ok(Outcome::PluginFailed)
    } else {
        writeln!(out, "\nall passed")?;
        Ok(Outcome::Success)
    }
}
