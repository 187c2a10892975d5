//! Running a checked plan: the whole run into a report (and, when asked,
//! its experiments table), or one shard of it into a part for a merge;
//! and what makes the parts of a run one run ([`run_key`]).

use crate::parts::{Part, RunKey};
use crate::runner::{Models, run_blocks};
use crate::settings::ScenarioSettings;
use crate::{Error, Exec};
use forecast_core::{Comparison, Forecast, Plan, Pooling};
use forecast_host::run::{Partial, SampleSink, Shard};
use forecast_host::{Host, Plugin};
use forecast_report::ScenarioReport;
use forecast_table::TableWriter;
use std::path::{Path, PathBuf};

/// Where the per-sample rows of a run go, if anywhere.
#[derive(Debug, Clone, Copy)]
pub struct Save<'a> {
    pub file: &'a Path,
    pub indicators: bool,
    /// The run's identity, kept with the table ([`TableRun`], as JSON).
    pub run: &'a str,
}

/// What a saved table records of the run that wrote it, so that it is never
/// read as another run's (`forecast discover --from`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TableRun {
    pub key: RunKey,
    /// The shard whose rows the table holds.
    pub shard: Shard,
}

impl TableRun {
    /// The identity of a run of `plan` (its shard `shard`), as JSON.
    pub fn json(
        models: Models,
        path: &Path,
        scenario: &ScenarioSettings,
        plan: &Plan,
        shard: Shard,
    ) -> Result<String, Error> {
        let key = run_key(models.host, models.plugins, path, scenario, plan)?;
        serde_json::to_string(&TableRun { key, shard })
            .map_err(|e| Error::Internal(format!("cannot describe the run: {e}")))
    }
}

/// Which part of a run to compute and where it goes.
#[derive(Debug, Clone)]
pub struct PartOf<'a> {
    pub shard: Shard,
    /// The folder of the part file.
    pub dir: &'a Path,
    /// The scenario's place among the command's scenarios.
    pub position: usize,
    /// The sweep point the run is, if it is one.
    pub sweep: Option<crate::parts::SweepPoint>,
}

/// The experiments table as the host's per-sample sink.
struct TableSink<'p>(TableWriter<'p>);

impl SampleSink for TableSink<'_> {
    fn block(&mut self, plugin: usize, first: u32, forecasts: &[Forecast]) {
        self.0.block(plugin, first, forecasts);
    }
}

/// Runs the blocks `shard` owns, with a progress bar; with `save`, every
/// sample's row goes to the table as it comes.
fn partials(
    host: &Host,
    plugins: &[Plugin],
    plan: &Plan,
    exec: Exec,
    shard: Shard,
    save: Option<Save>,
) -> Result<Vec<Partial>, Error> {
    let label = &plan.scenario.id;
    Ok(match save {
        None => run_blocks(host, plugins, plan, exec, shard, label, None)?,
        Some(save) => {
            let specs: Vec<_> = plugins.iter().map(|p| p.spec.clone()).collect();
            let writer = TableWriter::create(
                save.file,
                plan,
                &specs,
                save.indicators,
                save.run.to_string(),
            )?;
            let mut sink = TableSink(writer);
            let p = run_blocks(host, plugins, plan, exec, shard, label, Some(&mut sink))?;
            sink.0.finish()?;
            p
        }
    })
}

/// Runs `models` on a checked plan and gathers the report.
pub fn plan_report(
    models: Models,
    path: &Path,
    plan: Plan,
    exec: Exec,
    pooling: Pooling,
    save: Option<Save>,
) -> Result<ScenarioReport, Error> {
    let partials = partials(
        models.host,
        models.plugins,
        &plan,
        exec,
        Shard::default(),
        save,
    )?;
    Ok(gather(models, path, plan, partials, pooling))
}

/// Runs `models` on a checked plan with every sample's forecast also handed
/// to `sink`, and gathers the report.
pub fn plan_report_observed(
    models: Models,
    path: &Path,
    plan: Plan,
    exec: Exec,
    pooling: Pooling,
    sink: &mut dyn SampleSink,
) -> Result<ScenarioReport, Error> {
    let label = plan.scenario.id.clone();
    let partials = run_blocks(
        models.host,
        models.plugins,
        &plan,
        exec,
        Shard::default(),
        &label,
        Some(sink),
    )?;
    Ok(gather(models, path, plan, partials, pooling))
}

/// The report of a run from each plugin's share of it.
fn gather(
    models: Models,
    path: &Path,
    plan: Plan,
    partials: Vec<Partial>,
    pooling: Pooling,
) -> ScenarioReport {
    let mut failures = models.load_failures.to_vec();
    let mut results = Vec::new();
    let mut logs = Vec::new();
    for (plugin, partial) in models.plugins.iter().zip(partials) {
        let r = partial.finish(&plugin.spec);
        match r.result {
            Ok(m) => {
                if !r.log.is_empty() {
                    logs.push((plugin.spec.id.clone(), r.log));
                }
                results.push(m);
            }
            Err(f) => failures.push(f.into()),
        }
    }
    let comparison = (!results.is_empty()).then(|| Comparison::new(results, pooling));
    ScenarioReport {
        file: path.to_path_buf(),
        plan,
        comparison,
        failures,
        logs,
    }
}

/// What one shard of a run wrote.
pub struct WrittenPart {
    pub path: PathBuf,
    pub samples: u32,
    pub of: u32,
}

/// Runs the blocks `part.shard` owns and writes them as a part.
pub fn write_part(
    models: Models,
    path: &Path,
    scenario: &ScenarioSettings,
    plan: &Plan,
    exec: Exec,
    part: PartOf,
    save: Option<Save>,
) -> Result<WrittenPart, Error> {
    let Models {
        host,
        plugins,
        load_failures,
    } = models;
    let PartOf {
        shard,
        dir,
        position,
        sweep,
    } = part;
    let specs: Vec<_> = plugins.iter().map(|p| p.spec.clone()).collect();
    let key = run_key(host, plugins, path, scenario, plan)?;
    let partials = partials(host, plugins, plan, exec, shard, save)?;
    let part = Part {
        key,
        scenario_file: path.to_path_buf(),
        position,
        shard,
        models: specs,
        origins: plugins.iter().map(|p| p.origin.clone()).collect(),
        partials,
        load_failures: load_failures.to_vec(),
        sweep,
        sensitivity: None,
        backtest: None,
        decide: None,
    };
    Ok(WrittenPart {
        path: part.write(dir)?,
        samples: shard.samples(plan.samples),
        of: plan.samples,
    })
}

/// What makes the parts of a run of `plan` parts of the same run.
pub fn run_key(
    host: &Host,
    plugins: &[Plugin],
    path: &Path,
    scenario: &ScenarioSettings,
    plan: &Plan,
) -> Result<RunKey, Error> {
    let scenario_text =
        std::fs::read_to_string(path).map_err(|source| forecast_core::ScenarioError::Read {
            path: path.display().to_string(),
            source,
        })?;
    let limits = host.limits();
    Ok(RunKey {
        forecast_version: env!("CARGO_PKG_VERSION").into(),
        scenario_id: plan.scenario.id.clone(),
        scenario_text,
        overrides: scenario.set.clone(),
        samples: plan.samples,
        seed: plan.seed,
        sampling: plan.sampling,
        plugins: plugins
            .iter()
            .map(|p| (p.spec.id.clone(), p.digest.clone()))
            .collect(),
        fuel: limits.fuel,
        mean_fuel: limits.mean_fuel,
        memory_mib: limits.memory_mib,
        strict_nan: host.strict_nan(),
    })
}
