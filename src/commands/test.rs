//! `forecast test`: a plugin's conformance checks and snapshot tests, for
//! authors in any language.

use super::ScenarioArgs;
use crate::error::{CliError, Outcome};
use crate::execute::{Models, plan_report};
use crate::models::PluginArgs;
use crate::snapshot::{self, Snapshot};
use forecast_core::Pooling;
use forecast_host::conformance;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    jobs: super::JobsArgs,
}

/// The scenarios to test: those named, else scenarios/*.toml, sorted.
fn scenario_files(named: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    if !named.is_empty() {
        return Ok(named.to_vec());
    }
    let dir = Path::new("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| CliError::Usage {
            message: format!("no scenario given, and cannot read {}/: {e}", dir.display()),
            hint: "name scenario files, or run from a directory with scenarios/*.toml".into(),
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(CliError::Usage {
            message: format!(
                "no scenario given, and {}/ holds no .toml file",
                dir.display()
            ),
            hint: "name scenario files, or add one to scenarios/".into(),
        });
    }
    Ok(files)
}

/// How one scenario's snapshot compared.
enum Verdict {
    Same,
    Stored,
    New,
    Moved(Vec<snapshot::Change>),
}

/// Compares `snap` with the snapshot stored at `path`, storing it when
/// accepting, and leaving it pending beside the old one when it differs.
/// An error is a sentence about this scenario's snapshot.
fn compare_snapshot(path: &Path, snap: &Snapshot, accept: bool) -> Result<Verdict, String> {
    let write = |p: &Path, text: String| {
        std::fs::create_dir_all(p.parent().unwrap_or(Path::new(".")))
            .and_then(|()| std::fs::write(p, text))
            .map_err(|e| format!("cannot write {}: {e}", p.display()))
    };
    let pending = snapshot::pending_path(path);
    let stored = match std::fs::read_to_string(path) {
        Ok(text) => match Snapshot::parse(&text) {
            Ok(old) => Some(old),
            // An unreadable snapshot is replaced when accepting.
            Err(_) if accept => None,
            Err(e) => {
                return Err(format!(
                    "the snapshot {} is unreadable ({e}); delete it, or store a new one with --accept",
                    path.display()
                ));
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let verdict = match &stored {
        Some(old) if old.content == snap.content => Verdict::Same,
        _ if accept => {
            write(path, snap.render())?;
            Verdict::Stored
        }
        None => Verdict::New,
        Some(old) => {
            let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).ok();
            Verdict::Moved(match (parse(&old.content), parse(&snap.content)) {
                (Some(a), Some(b)) => snapshot::diff(&a, &b),
                // A stored text that is not a report: a hand edit.
                _ => vec![],
            })
        }
    };
    match verdict {
        Verdict::New | Verdict::Moved(_) => write(&pending, snap.render())?,
        // A passing or accepted snapshot leaves nothing pending.
        _ => {
            let _ = std::fs::remove_file(&pending);
        }
    }
    Ok(verdict)
}

/// Lines of a diff shown per scenario before "... and N more".
const SHOWN: usize = 12;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let host = args.plugins.host()?;
    let (plugin, others) = super::inspect::load_selected(&host, &args.plugins, &args.model)?;
    // Scenarios are checked against every available model, since they may
    // set parameters that only the others read; only the plugin runs. They
    // are read before the checks run, so a mistyped one shows at once.
    let specs: Vec<_> = others
        .iter()
        .chain([&plugin])
        .map(|p| p.spec.clone())
        .collect();
    let files = match args.no_snapshots {
        true => Vec::new(),
        false => scenario_files(&args.scenarios)?,
    };
    let plans: Vec<_> = files
        .iter()
        .map(|f| args.scenario.plan(f, &specs))
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
        for check in conformance::run(&host, &plugin, &options) {
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

    let plugins = [plugin];
    let id = plugins[0].spec.id.clone();
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
                for line in e.render().lines() {
                    writeln!(out, "        {line}")?;
                }
                continue;
            }
        };
        let r = plan_report(
            Models {
                host: &host,
                plugins: &plugins,
                load_failures: &[],
            },
            file,
            plan,
            args.jobs.threads(),
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
        match compare_snapshot(&path, &snap, args.accept) {
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
