//! `forecast discover`: under which conditions an outcome becomes likely.

use super::AnalysisFormat;
use crate::error::{CliError, Outcome};
use crate::execute::{TableRun, run_key};
use forecast_core::ModelSpec;
use forecast_explore::prim::{self, Options};
use forecast_report::discover::{Dimension, DiscoveryReport, ModelDiscovery};
use forecast_table::Column;
use forecast_vocab::OUTCOMES;
use std::path::PathBuf;
use std::rc::Rc;

/// Scenario discovery: the regions of parameter space where an outcome's
/// probability passes a threshold, per model.
///
/// PRIM (Friedman & Fisher 1999), as robust decision making uses it (Bryant
/// & Lempert 2010): the samples whose outcome passes the threshold are the
/// cases of interest; boxes are peeled on half the samples, chosen on the
/// other half, and described by the parameters they restrict, with their
/// coverage (share of the cases inside) and density (share of the box that
/// are cases). Runs the samples itself, or reads a saved experiments table
/// (--from, as written by `compare --save`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,
    /// The outcome of interest.
    #[arg(long, value_name = "OUTCOME", value_parser = super::parse_outcome)]
    outcome: usize,
    /// Cases of interest: samples whose probability is above P.
    #[arg(
        long,
        value_name = "P",
        required_unless_present = "below",
        conflicts_with = "below"
    )]
    above: Option<f64>,
    /// Cases of interest: samples whose probability is below P.
    #[arg(long, value_name = "P")]
    below: Option<f64>,
    /// Read the samples from an experiments table (`compare --save`)
    /// instead of running them. The table must be of this scenario, with
    /// the same --set and --sampling, run by the same plugins (and, if
    /// given, --samples and --seed): it records its run, and another
    /// run's is refused.
    #[arg(long, value_name = "TABLE")]
    from: Option<PathBuf>,
    /// Most boxes to find (each next one among the samples outside the
    /// boxes before).
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=10))]
    boxes: u32,
    /// The box chosen is the densest, on held-out samples, whose coverage is
    /// at least this (then the least restricted within one standard error).
    #[arg(long, value_name = "SHARE", default_value_t = 0.5)]
    min_coverage: f64,
    /// Share of a box's samples one peeling step removes.
    #[arg(long, value_name = "SHARE", default_value_t = 0.05)]
    alpha: f64,
    #[command(flatten)]
    run: super::AnalysisArgs,
    /// Output format: a table, JSON (with every peeling step), or SVG charts
    /// of the peeling trajectory. CSV is not offered: a box is not a row.
    #[arg(long, value_enum, default_value_t = AnalysisFormat::Table)]
    format: AnalysisFormat,
}

/// What a parameter means: the model's description, else the shared
/// priors'.
fn meaning(name: &str, specs: &[ModelSpec]) -> String {
    let described = specs.iter().find_map(|m| m.param(name)).map(|p| {
        if p.unit.is_empty() {
            p.description.clone()
        } else {
            format!("{} ({})", p.description, p.unit)
        }
    });
    described
        .or_else(|| forecast_vocab::shared_parameter(name).map(|p| p.description.to_string()))
        .unwrap_or_else(|| "not described by any loaded model".into())
}

/// The samples of one model: its parameter columns and outcome.
struct Samples {
    id: String,
    names: Vec<String>,
    /// Shared between the models that read a parameter, when drawn here.
    columns: Vec<Rc<[f64]>>,
    outcome: Vec<f64>,
}

fn from_run(
    args: &Args,
    loaded: &crate::models::Loaded,
) -> Result<(String, Vec<Samples>, Vec<forecast_report::Failure>), CliError> {
    let specs = loaded.specs();
    let plan = args.run.scenario.plan(&args.scenario, &loaded.planning)?;
    // The outcomes, and the parameter columns.
    let columns = 8 * plan.uncertain.len() as u64;
    crate::design::check_memory(plan.samples as u64, specs.len(), columns, "discover")?;
    let runs = crate::design::run(
        loaded.models(),
        &plan,
        args.run.jobs.threads(),
        &plan.scenario.id,
    )?;
    // Each parameter's draws, once for every model that reads it.
    let drawn: Vec<Rc<[f64]>> = plan
        .uncertain
        .iter()
        .map(|u| (0..plan.samples).map(|i| u.draw(i)).collect())
        .collect();
    let mut failures = loaded.failures.clone();
    let mut samples = Vec::new();
    for (spec, run) in specs.iter().zip(runs) {
        let rows = match run {
            Ok(rows) => rows,
            Err(f) => {
                failures.push(f);
                continue;
            }
        };
        let read: Vec<usize> = (0..plan.uncertain.len())
            .filter(|&j| spec.param(&plan.uncertain[j].name).is_some())
            .collect();
        samples.push(Samples {
            id: spec.id.clone(),
            names: read
                .iter()
                .map(|&j| plan.uncertain[j].name.clone())
                .collect(),
            columns: read.iter().map(|&j| Rc::clone(&drawn[j])).collect(),
            outcome: rows.iter().map(|r| r[args.outcome]).collect(),
        });
    }
    let source = format!("{} samples run, seed {}", plan.samples, plan.seed);
    Ok((source, samples, failures))
}

/// The table `file`, if it is of the run that `args` and `loaded` describe
/// (the scenario's text, --set, the sampling and the plugins); its shard.
fn check_table(
    args: &Args,
    file: &std::path::Path,
    loaded: &crate::models::Loaded,
) -> Result<(forecast_table::Table, forecast_host::run::Shard), CliError> {
    let table = forecast_table::read(file)?;
    let other = |what: String| {
        CliError::Usage {
        message: format!(
            "`{}` is the table of another run than `{}`: {what}",
            file.display(),
            args.scenario.display()
        ),
        hint: "give the scenario, --set, --samples, --seed and --plugin of the `forecast compare --save` run that wrote it, or run without --from".into(),
    }
    };
    let saved: TableRun = serde_json::from_str(&table.run)
        .map_err(|e| other(format!("its record of the run does not read ({e})")))?;
    // The table's sample count and seed unless given.
    let mut scenario = args.run.scenario.clone();
    scenario.samples = scenario.samples.or(Some(saved.key.samples));
    scenario.seed = scenario.seed.or(Some(saved.key.seed));
    let plan = scenario.plan(&args.scenario, &loaded.planning)?;
    let models = loaded.models();
    let mut key = run_key(
        models.host,
        models.plugins,
        &args.scenario,
        &scenario,
        &plan,
    )?;
    // The table may hold more models than are run here (--model): each
    // loaded one must be there, the same plugin.
    for (id, digest) in &key.plugins {
        match saved.key.plugins.iter().find(|(i, _)| i == id) {
            None => return Err(other(format!("it has no rows of the model `{id}`"))),
            Some((_, d)) if d != digest => {
                return Err(other(format!(
                    "the plugin `{id}` differs (SHA-256 {} here, {} in the table)",
                    &digest[..12],
                    &d[..12.min(d.len())]
                )));
            }
            Some(_) => {}
        }
    }
    key.plugins = saved.key.plugins.clone();
    if let Some(what) = key.difference(&saved.key) {
        return Err(other(what));
    }
    Ok((table, saved.shard))
}

/// The samples of each model in a table; a loaded model's only over the
/// parameters it reads.
fn from_table(
    table: &forecast_table::Table,
    args: &Args,
    file: &std::path::Path,
    specs: &[ModelSpec],
) -> Result<Vec<Samples>, CliError> {
    let bad = |message: String| CliError::Usage {
        message: format!("{}: {message}", file.display()),
        hint: "give a table written by `forecast compare --save` or `forecast run --save`".into(),
    };
    let Some(Column::Text(models)) = table.column("model") else {
        return Err(bad("it has no `model` column".into()));
    };
    let outcome_id = OUTCOMES[args.outcome].id;
    let outcome = table
        .numbers(outcome_id)
        .ok_or_else(|| bad(format!("it has no `{outcome_id}` column")))?;
    let parameters: Vec<(&String, &[f64])> = table
        .columns
        .iter()
        .filter(|(name, _)| {
            !["model", "sample", "seed"].contains(&name.as_str())
                && forecast_vocab::outcome_index(name).is_none()
                && !name.contains('@')
        })
        .filter_map(|(name, _)| Some((name, table.numbers(name)?)))
        .collect();
    let mut ids: Vec<&String> = Vec::new();
    for m in models {
        if !ids.contains(&m) {
            ids.push(m);
        }
    }
    Ok(ids
        .into_iter()
        .map(|id| {
            let rows: Vec<usize> = (0..models.len()).filter(|&i| &models[i] == id).collect();
            let spec = specs.iter().find(|m| &m.id == id);
            let read: Vec<&(&String, &[f64])> = parameters
                .iter()
                .filter(|(n, _)| spec.is_none_or(|m| m.param(n).is_some()))
                .collect();
            Samples {
                id: id.clone(),
                names: read.iter().map(|(n, _)| (*n).clone()).collect(),
                columns: read
                    .iter()
                    .map(|(_, v)| rows.iter().map(|&i| v[i]).collect())
                    .collect(),
                outcome: rows.iter().map(|&i| outcome[i]).collect(),
            }
        })
        .collect())
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let threshold = args.above.or(args.below).expect("clap requires one");
    let valid = (0.0..=1.0).contains(&args.min_coverage) && args.alpha > 0.0 && args.alpha < 0.5;
    if !valid {
        return Err(CliError::Usage {
            message: format!(
                "--min-coverage {} and --alpha {}: a coverage is in [0, 1], a peel in (0, 0.5)",
                args.min_coverage, args.alpha
            ),
            hint: "e.g. --min-coverage 0.5 --alpha 0.05".into(),
        });
    }
    if !(0.0..=1.0).contains(&threshold) {
        return Err(CliError::Usage {
            message: format!("{threshold} is not a probability"),
            hint: "give a probability in [0, 1], e.g. --above 0.1".into(),
        });
    }
    let loaded = args.run.load()?;
    let specs = loaded.specs();
    let (source, samples, failures) = match &args.from {
        Some(file) => {
            let (table, shard) = check_table(&args, file, &loaded)?;
            let mut samples = from_table(&table, &args, file, &loaded.planning)?;
            let chosen = &args.run.select.models;
            if let Some(m) = chosen.iter().find(|m| !samples.iter().any(|s| &s.id == *m)) {
                return Err(CliError::Usage {
                    message: format!("{}: no rows of the model `{m}`", file.display()),
                    hint: "--model names models of the table".into(),
                });
            }
            samples.retain(|s| chosen.is_empty() || chosen.contains(&s.id));
            let source = if shard.count > 1 {
                format!(
                    "the table {}, of shard {} of {} of the run",
                    file.display(),
                    shard.index,
                    shard.count
                )
            } else {
                format!("the table {}", file.display())
            };
            (source, samples, Vec::new())
        }
        None => from_run(&args, &loaded)?,
    };
    let options = Options {
        alpha: args.alpha,
        min_coverage: args.min_coverage,
        boxes: args.boxes as usize,
        ..Options::default()
    };
    let above = args.above.is_some();
    let models = samples
        .iter()
        .map(|s| {
            let interesting: Vec<bool> = s
                .outcome
                .iter()
                .map(|&p| if above { p > threshold } else { p < threshold })
                .collect();
            let columns: Vec<&[f64]> = s.columns.iter().map(|c| &c[..]).collect();
            ModelDiscovery {
                id: s.id.clone(),
                dimensions: s
                    .names
                    .iter()
                    .map(|n| Dimension {
                        name: n.clone(),
                        meaning: meaning(n, &specs),
                    })
                    .collect(),
                discovery: prim::discover(&columns, &interesting, options),
            }
        })
        .collect();
    let scenario = args.run.scenario.load(&args.scenario)?.id;
    let report = DiscoveryReport {
        scenario,
        alpha: args.alpha,
        source,
        outcome: args.outcome,
        threshold,
        above,
        models,
        failures,
    };
    super::write_analysis(args.format, &report, "discover (a box is not a row)")?;
    Ok(Outcome::failed_if(!report.failures.is_empty()))
}
