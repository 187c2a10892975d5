//! `forecast test`: a plugin's conformance checks and snapshot tests, for
//! authors in any language.

use super::ScenarioArgs;
use super::compare::plan_report;
use crate::error::{CliError, Outcome};
use crate::models::PluginArgs;
use crate::report::model_result;
use crate::snapshot::{self, Snapshot};
use forecast_core::Pooling;
use forecast_host::conformance;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Test a plugin: the contract's conformance checks, then a snapshot per scenario.
///
/// The checks: info() is complete and sourced; forecasts are valid at both
/// ends of every parameter's range, for horizons of 1 to 200 years and at
/// random points (scalars and yearly paths); the same input gives the same
/// bits twice and in a fresh instance. Then the plugin runs on each
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
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
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

fn compare_snapshot(path: &Path, snap: &Snapshot, accept: bool) -> Result<Verdict, CliError> {
    let write = |p: &Path, text: String| {
        std::fs::create_dir_all(p.parent().unwrap_or(Path::new(".")))
            .and_then(|()| std::fs::write(p, text))
            .map_err(|e| CliError::Internal(format!("cannot write {}: {e}", p.display())))
    };
    let pending = snapshot::pending_path(path);
    let stored = match std::fs::read_to_string(path) {
        Ok(text) => Some(Snapshot::parse(&text).map_err(|e| CliError::Usage {
            message: format!("snapshot {} is unreadable: {e}", path.display()),
            hint: "delete it and store a new one with --accept".into(),
        })?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(CliError::Internal(format!(
                "cannot read {}: {e}",
                path.display()
            )));
        }
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
            let changes = match (parse(&old.content), parse(&snap.content)) {
                (Some(a), Some(b)) => snapshot::diff(&a, &b),
                _ => vec![],
            };
            Verdict::Moved(changes)
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

pub fn run(args: Args) -> Result<Outcome, CliError> {
    if args.jobs == Some(0) {
        return Err(CliError::Usage {
            message: "--jobs must be at least 1".into(),
            hint: "leave it out to use every core".into(),
        });
    }
    let host = args.plugins.host()?;
    let (plugin, others) = super::inspect::load_selected(&host, &args.plugins, &args.model)?;
    let files = match args.no_snapshots {
        true => Vec::new(),
        false => scenario_files(&args.scenarios)?,
    };
    let mut out = std::io::stdout().lock();
    let (mut failed_checks, mut failed) = (0, 0);
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
                    "ok    {:<12} {} ({} cases)",
                    check.name, check.what, check.cases
                )?;
            } else {
                failed_checks += 1;
                writeln!(
                    out,
                    "FAIL  {:<12} {}: {} of {} cases failed",
                    check.name, check.what, check.failed, check.cases
                )?;
                for f in &check.failures {
                    writeln!(out, "        {f}")?;
                }
            }
        }
    }

    // Scenarios are checked against every available model, since they may
    // set parameters that only the others read; only the plugin runs.
    let specs: Vec<_> = others
        .iter()
        .chain([&plugin])
        .map(|p| p.spec.clone())
        .collect();
    let plugins = [plugin];
    for file in &files {
        let plan = args.scenario.plan(file, &specs)?;
        let (start_year, stem) = (
            plan.scenario.start_year,
            file.file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
        );
        let header = serde_json::json!({
            "file": file.display().to_string().replace('\\', "/"),
            "id": plan.scenario.id,
            "start_year": start_year,
            "horizon": plan.scenario.horizon,
            "seed": plan.seed,
            "samples": plan.samples,
            "sampling": plan.sampling,
        });
        let r = plan_report(&host, &plugins, &[], file, plan, args.jobs, Pooling::Linear);
        let name = format!("{}@{stem}", plugins[0].spec.id);
        let result = match (&r.comparison, r.failures.first()) {
            (Some(c), None) => &c.models[0],
            (_, failure) => {
                failed += 1;
                let why = failure.map_or_else(|| "no result".to_string(), |f| f.to_string());
                writeln!(out, "FAIL  {name}: {why}")?;
                continue;
            }
        };
        let body =
            serde_json::json!({ "scenario": header, "model": model_result(result, start_year) });
        let snap = Snapshot {
            source: "forecast test".into(),
            expression: format!("{} on {}", plugins[0].spec.id, file.display()),
            input_file: Some(file.display().to_string().replace('\\', "/")),
            content: serde_json::to_string_pretty(&body)
                .map_err(|e| CliError::Internal(e.to_string()))?,
        };
        let path = args.snapshots.join(format!("{name}.snap"));
        match compare_snapshot(&path, &snap, args.accept)? {
            Verdict::Same => writeln!(out, "ok    {name}")?,
            Verdict::Stored => writeln!(out, "saved {name} -> {}", path.display())?,
            Verdict::New => {
                failed += 1;
                writeln!(
                    out,
                    "NEW   {name}: no snapshot yet; stored as {} (--accept stores it)",
                    snapshot::pending_path(&path).display()
                )?;
            }
            Verdict::Moved(changes) => {
                failed += 1;
                writeln!(out, "MOVED {name}: {} values changed", changes.len())?;
                let lines = snapshot::summarize(&changes);
                for line in lines.iter().take(SHOWN) {
                    writeln!(out, "        {line}")?;
                }
                if lines.len() > SHOWN {
                    writeln!(out, "        ... and {} more", lines.len() - SHOWN)?;
                }
            }
        }
    }
    if failed_checks > 0 {
        writeln!(
            out,
            "\n{failed_checks} conformance checks failed: the plugin breaks the contract (docs/plugins.md)"
        )?;
    }
    if failed > 0 {
        writeln!(
            out,
            "\n{failed} snapshots failed; review the new results (*.snap.new in {}) and keep them with --accept, or fix the model",
            args.snapshots.display()
        )?;
    }
    if failed_checks + failed > 0 {
        Ok(Outcome::PluginFailed)
    } else {
        writeln!(out, "\nall passed")?;
        Ok(Outcome::Success)
    }
}
