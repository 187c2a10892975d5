//! Running a plan's samples over plugins in parallel.
//!
//! Samples are cut into fixed blocks; each block runs in order in a fresh
//! instance, and workers take whole blocks. So even a plugin that keeps state
//! between calls gives the same bits whatever the number of threads, and a
//! block is the natural unit to shard over machines. A plugin that fails
//! stops at its first failure; the others go on.

use crate::contract;
use crate::error::{CallError, RunFailure};
use crate::{Host, Plugin};
use forecast_core::{Forecast, ModelResult, Plan};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Samples per fresh instance.
pub const BLOCK: u32 = 64;

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
/// A task's forecasts and what the plugin printed meanwhile.
type TaskResult = Result<(Vec<Forecast>, String), Failure>;

fn run_task(
    host: &Host,
    plugin: &Plugin,
    plan: &Plan,
    task: Task,
    done: &AtomicUsize,
    progress: &(dyn Fn(Progress) + Sync),
    total: usize,
) -> TaskResult {
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
    let mut out = Vec::with_capacity(count as usize);
    for k in 0..count {
        let (sample, wit_input) = match task.block {
            None => (
                u32::MAX,
                input(
                    plan.call_seed(u32::MAX),
                    plan.central_values(&binding),
                    true,
                ),
            ),
            Some(_) => (
                first + k,
                input(
                    plan.call_seed(first + k),
                    plan.values(&binding, first + k),
                    false,
                ),
            ),
        };
        match instance.forecast(&wit_input) {
            Ok(f) => out.push(f),
            Err(e) => return Err((sample, e, instance.log())),
        }
        let d = done.fetch_add(1, Ordering::Relaxed) + 1;
        if d.is_multiple_of(16) || d == total {
            progress(Progress { done: d, total });
        }
    }
    Ok((out, instance.log()))
}

/// One plugin's run: its result or first failure, and what it printed on the
/// central case (for `--verbose`).
#[derive(Debug, Clone)]
pub struct PluginRun {
    pub result: Result<ModelResult, RunFailure>,
    pub log: String,
}

/// Runs every plugin on every sample of `plan` (and on its central case).
/// Returns, per plugin in the given order, its aggregated result or its
/// first failure, with its log.
pub fn run(
    host: &Host,
    plugins: &[Plugin],
    plan: &Plan,
    options: RunOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Vec<PluginRun> {
    let blocks = plan.samples.div_ceil(BLOCK);
    let tasks: Vec<Task> = (0..plugins.len())
        .flat_map(|p| {
            std::iter::once(Task {
                plugin: p,
                block: None,
            })
            .chain((0..blocks).map(move |b| Task {
                plugin: p,
                block: Some(b),
            }))
        })
        .collect();
    let total = plugins.len() * (plan.samples as usize + 1);
    let results: Vec<Mutex<Option<TaskResult>>> = tasks.iter().map(|_| Mutex::new(None)).collect();
    let failed: Vec<AtomicBool> = plugins.iter().map(|_| AtomicBool::new(false)).collect();
    let (next, done) = (AtomicUsize::new(0), AtomicUsize::new(0));
    std::thread::scope(|s| {
        for _ in 0..options.jobs.max(1).min(tasks.len()) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&task) = tasks.get(i) else { break };
                    if failed[task.plugin].load(Ordering::Relaxed) {
                        continue;
                    }
                    let r = run_task(
                        host,
                        &plugins[task.plugin],
                        plan,
                        task,
                        &done,
                        progress,
                        total,
                    );
                    if r.is_err() {
                        failed[task.plugin].store(true, Ordering::Relaxed);
                    }
                    *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
                }
            });
        }
    });
    let mut results = results
        .into_iter()
        .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()));
    plugins
        .iter()
        .map(|plugin| {
            let mine: Vec<Option<TaskResult>> =
                results.by_ref().take(blocks as usize + 1).collect();
            // The first failure in task order: tasks start in order and only
            // unstarted ones are skipped, so this does not depend on threads.
            let first_failure = mine.iter().flatten().find_map(|r| r.as_ref().err());
            if let Some((sample, error, log)) = first_failure {
                let failure = RunFailure {
                    plugin: format!("{} ({})", plugin.spec.id, plugin.origin),
                    sample: if *sample == u32::MAX {
                        "central".into()
                    } else {
                        sample.to_string()
                    },
                    error: error.clone(),
                    log: log.clone(),
                };
                return PluginRun {
                    result: Err(failure),
                    log: log.clone(),
                };
            }
            // No task failed, so none was skipped: every one holds its forecasts.
            let mut parts = mine
                .into_iter()
                .map(|r| r.and_then(Result::ok).unwrap_or_default());
            let (mut central, log) = parts.next().unwrap_or_default();
            let samples: Vec<Forecast> = parts.flat_map(|(forecasts, _)| forecasts).collect();
            let central = central.pop().expect("the central task gives one forecast");
            PluginRun {
                result: Ok(ModelResult::new(plugin.spec.clone(), &samples, central)),
                log,
            }
        })
        .collect()
}
