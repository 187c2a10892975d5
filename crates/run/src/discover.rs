//! Scenario discovery (`forecast discover`): the regions of parameter
//! space where an outcome's probability passes a threshold, per model, by
//! PRIM (Friedman & Fisher 1999) as robust decision making uses it (Bryant
//! & Lempert 2010), on samples run here or read from a saved table.

use crate::execute::{TableRun, run_key};
use crate::job::Job;
use crate::models::Loaded;
use crate::settings::ScenarioSettings;
use crate::{Error, Exec};
use forecast_analysis::prim::{self, Options};
use forecast_core::ModelSpec;
use forecast_report::discover::{Dimension, DiscoveryReport, ModelDiscovery};
use forecast_table::Column;
use forecast_vocab::OUTCOMES;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// What a discovery looks for, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Discovery {
    /// The outcome of interest (its index in the vocabulary).
    pub outcome: usize,
    /// Cases of interest: samples whose probability is above the
    /// threshold, or (`above` false) below it.
    pub threshold: f64,
    pub above: bool,
    /// Read the samples from an experiments table (`compare --save`)
    /// instead of running them; it must be of this run.
    pub from: Option<PathBuf>,
    /// Only these models' rows of the table (none: all of them).
    pub models: Vec<String>,
    /// Most boxes to find.
    pub boxes: u32,
    /// The box chosen is the densest, on held-out samples, whose coverage
    /// is at least this.
    pub min_coverage: f64,
    /// Share of a box's samples one peeling step removes.
    pub alpha: f64,
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
    loaded: &Loaded,
    path: &Path,
    settings: &ScenarioSettings,
    outcome: usize,
    exec: Exec,
) -> Result<(String, Vec<Samples>, Vec<forecast_report::Failure>), Error> {
    let specs = loaded.specs();
    let plan = settings.plan(path, &loaded.planning)?;
    // The outcomes, and the parameter columns.
    let columns = 8 * plan.uncertain.len() as u64;
    crate::design::check_memory(plan.samples as u64, specs.len(), columns, "discover")?;
    let runs = crate::design::run(loaded.models(), &plan, exec, &plan.scenario.id)?;
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
            outcome: rows.iter().map(|r| r[outcome]).collect(),
        });
    }
    let source = format!("{} samples run, seed {}", plan.samples, plan.seed);
    Ok((source, samples, failures))
}

/// The table `file`, if it is of the run of `path` with `settings` by
/// `loaded` (the scenario's text, --set, the sampling and the plugins); its
/// shard.
fn check_table(
    loaded: &Loaded,
    path: &Path,
    settings: &ScenarioSettings,
    file: &Path,
) -> Result<(forecast_table::Table, forecast_host::run::Shard), Error> {
    let table = forecast_table::read(file)?;
    let other = |what: String| {
        Error::usage(
            format!(
                "`{}` is the table of another run than `{}`: {what}",
                file.display(),
                path.display()
            ),
            "give the scenario, --set, --samples, --seed and --plugin of the `forecast compare --save` run that wrote it, or run without --from",
        )
    };
    let saved: TableRun = serde_json::from_str(&table.run)
        .map_err(|e| other(format!("its record of the run does not read ({e})")))?;
    // The table's sample count and seed unless given.
    let mut scenario = settings.clone();
    scenario.samples = scenario.samples.or(Some(saved.key.samples));
    scenario.seed = scenario.seed.or(Some(saved.key.seed));
    let plan = scenario.plan(path, &loaded.planning)?;
    let models = loaded.models();
    let mut key = run_key(models.host, models.plugins, path, &scenario, &plan)?;
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
    outcome: usize,
    file: &Path,
    specs: &[ModelSpec],
) -> Result<Vec<Samples>, Error> {
    let bad = |message: String| {
        Error::usage(
            format!("{}: {message}", file.display()),
            "give a table written by `forecast compare --save` or `forecast run --save`",
        )
    };
    let Some(Column::Text(models)) = table.column("model") else {
        return Err(bad("it has no `model` column".into()));
    };
    let outcome_id = OUTCOMES[outcome].id;
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

/// Discovers, on the scenario at `path` with `settings`, where `d`'s
/// outcome passes its threshold, for every loaded model (or the table's).
pub fn discover(job: &Job, d: &Discovery) -> Result<DiscoveryReport, Error> {
    let (loaded, path, settings, exec) = job.split();
    let valid = (0.0..=1.0).contains(&d.min_coverage) && d.alpha > 0.0 && d.alpha < 0.5;
    if !valid {
        return Err(Error::usage(
            format!(
                "--min-coverage {} and --alpha {}: a coverage is in [0, 1], a peel in (0, 0.5)",
                d.min_coverage, d.alpha
            ),
            "e.g. --min-coverage 0.5 --alpha 0.05",
        ));
    }
    if !(0.0..=1.0).contains(&d.threshold) {
        return Err(Error::usage(
            format!("{} is not a probability", d.threshold),
            "give a probability in [0, 1], e.g. --above 0.1",
        ));
    }
    let specs = loaded.specs();
    let (source, samples, failures) = match &d.from {
        Some(file) => {
            let (table, shard) = check_table(loaded, path, settings, file)?;
            let mut samples = from_table(&table, d.outcome, file, &loaded.planning)?;
            let chosen = &d.models;
            if let Some(m) = chosen.iter().find(|m| !samples.iter().any(|s| &s.id == *m)) {
                return Err(Error::usage(
                    format!("{}: no rows of the model `{m}`", file.display()),
                    "--model names models of the table",
                ));
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
        None => from_run(loaded, path, settings, d.outcome, exec)?,
    };
    let options = Options {
        alpha: d.alpha,
        min_coverage: d.min_coverage,
        boxes: d.boxes as usize,
        ..Options::default()
    };
    let (threshold, above) = (d.threshold, d.above);
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
    Ok(DiscoveryReport {
        scenario: settings.load(path)?.id,
        alpha: d.alpha,
        source,
        outcome: d.outcome,
        threshold,
        above,
        models,
        failures,
    })
}
