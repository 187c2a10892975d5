//! Running a plan's samples over plugins in parallel, folding each forecast
//! into its plugin's aggregate as it comes.
//!
//! Samples are cut into fixed blocks; each block runs in order in a fresh
//! instance, and workers take whole blocks. So even a plugin that keeps state
//! between calls gives the same bits whatever the number of threads, and a
//! block is the natural unit to shard over machines. A plugin that fails
//! stops at its first failure; the others go on.

use crate::contract;
use crate::error::{CallError, RunFailure};
use crate::{Host, Plugin};
use forecast_core::{Aggregate, Forecast, ModelResult, Plan};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Samples per fresh instance (and per partial sum; see
/// [`forecast_core::aggregate`]).
pub use forecast_core::aggregate::BLOCK;

#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    /// Worker threads (at least 1).
    pub jobs: usize,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// Progress: calls done out of calls planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// One unit of work: the central case, or a block of samples, of one plugin.
#[derive(Debug, Clone, Copy)]
struct Task {
    plugin: usize,
    /// `None` for the central case.
    block: Option<u32>,
}

/// A failure, with the sample it happened on (`u32::MAX` for the central case).
type Failure = (u32, CallError, String);

/// What one task left behind besides its aggregate.
enum TaskOutcome {
    /// The central case's forecast and what the plugin printed.
    Central(Forecast, String),
    Block,
}

/// Runs one task, folding each forecast into `aggregate` as it comes.
fn run_task(
    host: &Host,
    plugin: &Plugin,
    plan: &Plan,
    task: Task,
    aggregate: &mut Aggregate,
    counted: &dyn Fn(usize),
) -> Result<TaskOutcome, Failure> {
    let sc = &plan.scenario;
    let input = |seed, values, explain| {
        contract::input(&sc.id, sc.start_year, sc.horizon, seed, values, explain)
    };
    let binding = plan.bind(&plugin.spec);
    let (first, count) = match task.block {
        None => (u32::MAX, 1),
        Some(b) => (b * BLOCK, BLOCK.min(plan.samples - b * BLOCK)),
    };
    let mut instance = plugin
        .instantiate(host)
        .map_err(|e| (first, e, String::new()))?;
    if task.block.is_none() {
        let wit_input = input(
            plan.call_seed(u32::MAX),
            plan.central_values(&binding),
            true,
        );
        let f = instance
            .forecast(&wit_input)
            .map_err(|e| (u32::MAX, e, instance.log()))?;
        counted(1);
        return Ok(TaskOutcome::Central(f, instance.log()));
    }
    // One input for the block: only the seed and the drawn values change.
    let mut wit_input = input(plan.call_seed(first), plan.values(&binding, first), false);
    for k in 0..count {
        let sample = first + k;
        wit_input.seed = plan.call_seed(sample);
        plan.redraw(&binding, sample, |position, value| {
            wit_input.params[position] = contract::wit::ParamValue::Scalar(value)
        });
        match instance.forecast(&wit_input) {
            Ok(f) => aggregate.add(&f),
            Err(e) => return Err((sample, e, instance.log())),
        }
        if k % 16 == 15 || k + 1 == count {
            counted(if k % 16 == 15 {
                16
            } else {
                (k % 16 + 1) as usize
            });
        }
    }
    aggregate.end_block();
    Ok(TaskOutcome::Block)
}

/// One plugin's run: its result or first failure, and what it printed on the
/// central case (for `--verbose`).
#[derive(Debug, Clone)]
pub struct PluginRun {
    pub result: Result<ModelResult, RunFailure>,
    pub log: String,
}

/// What one plugin's tasks gathered, shared by the workers.
#[derive(Default)]
struct Gathered {
    aggregate: Option<Aggregate>,
    central: Option<(Forecast, String)>,
    /// The failure of the lowest task, with that task's index.
    failure: Option<(usize, Failure)>,
}

/// Runs every plugin on every sample of `plan` (and on its central case).
/// Returns, per plugin in the given order, its aggregated result or its
/// first failure, with its log. Each forecast is folded into its plugin's
/// aggregate as soon as it comes, so memory does not grow with the samples.
pub fn run(
    host: &Host,
    plugins: &[Plugin],
    plan: &Plan,
    options: RunOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Vec<PluginRun> {
    let blocks = plan.samples.div_ceil(BLOCK) as usize;
    // Task t is plugin t / (blocks + 1); its central case first, then its
    // blocks in order. Tasks are handed out in this order.
    let per_plugin = blocks + 1;
    let task = |t: usize| Task {
        plugin: t / per_plugin,
        block: (t % per_plugin).checked_sub(1).map(|b| b as u32),
    };
    let tasks = plugins.len() * per_plugin;
    let total = plugins.len() * (plan.samples as usize + 1);
    let gathered: Vec<Mutex<Gathered>> = plugins.iter().map(|_| Mutex::default()).collect();
    let failed: Vec<AtomicBool> = plugins.iter().map(|_| AtomicBool::new(false)).collect();
    let (next, done) = (AtomicUsize::new(0), AtomicUsize::new(0));
    // Reported counts only go up, whichever thread reports.
    let shown = Mutex::new(0usize);
    let counted = |n: usize| {
        let d = done.fetch_add(n, Ordering::Relaxed) + n;
        let mut shown = shown.lock().unwrap_or_else(|e| e.into_inner());
        if d > *shown {
            *shown = d;
            progress(Progress { done: d, total });
        }
    };
    std::thread::scope(|s| {
        for _ in 0..options.jobs.max(1).min(tasks) {
            s.spawn(|| {
                // This worker's own aggregates, merged into the shared ones
                // at the end: merging is exact, so the order does not matter.
                let mut mine: Vec<Option<Aggregate>> = plugins.iter().map(|_| None).collect();
                loop {
                    let t = next.fetch_add(1, Ordering::Relaxed);
                    if t >= tasks {
                        break;
                    }
                    let task = task(t);
                    if failed[task.plugin].load(Ordering::Relaxed) {
                        let skipped = match task.block {
                            None => 1,
                            Some(b) => BLOCK.min(plan.samples - b * BLOCK) as usize,
                        };
                        counted(skipped);
                        continue;
                    }
                    let aggregate = mine[task.plugin].get_or_insert_with(|| {
                        Aggregate::new(plan.samples, &plugins[task.plugin].spec)
                    });
                    let r = run_task(host, &plugins[task.plugin], plan, task, aggregate, &counted);
                    let mut g = gathered[task.plugin]
                        .lock()
                        .unwrap_or_else(|e| e.into_inner());
                    match r {
                        Ok(TaskOutcome::Central(f, log)) => g.central = Some((f, log)),
                        Ok(TaskOutcome::Block) => {}
                        Err(f) => {
                            failed[task.plugin].store(true, Ordering::Relaxed);
                            if g.failure.as_ref().is_none_or(|(u, _)| t < *u) {
                                g.failure = Some((t, f));
                            }
                        }
                    }
                }
                for (p, a) in mine.into_iter().enumerate() {
                    if let Some(a) = a {
                        let mut g = gathered[p].lock().unwrap_or_else(|e| e.into_inner());
                        match &mut g.aggregate {
                            Some(total) => total.merge(&a),
                            None => g.aggregate = Some(a),
                        }
                    }
                }
            });
        }
    });
    // Samples left in a failed plugin's last block were never counted.
    if *shown.lock().unwrap_or_else(|e| e.into_inner()) < total {
        progress(Progress { done: total, total });
    }
    plugins
        .iter()
        .zip(gathered)
        .map(|(plugin, g)| {
            let g = g.into_inner().unwrap_or_else(|e| e.into_inner());
            // The failure of the lowest task: tasks start in order and only
            // unstarted ones are skipped, so it does not depend on threads.
            if let Some((_, (sample, error, log))) = g.failure {
                let failure = RunFailure {
                    plugin: format!("{} ({})", plugin.spec.id, plugin.origin),
                    sample: if sample == u32::MAX {
                        "central".into()
                    } else {
                        sample.to_string()
                    },
                    error,
                    log: log.clone(),
                };
                return PluginRun {
                    result: Err(failure),
                    log,
                };
            }
            // No task failed, so none was skipped: the central case ran and
            // every sample is in the aggregate.
            let (central, log) = g.central.expect("the central task ran");
            let aggregate = g.aggregate.expect("a block ran");
            PluginRun {
                result: Ok(aggregate.finish(plugin.spec.clone(), central)),
                log,
            }
        })
        .collect()
}
