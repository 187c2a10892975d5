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
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// Samples per fresh instance (and per partial sum; see
/// [`forecast_core::aggregate`]).
pub use forecast_core::aggregate::BLOCK;

/// Which blocks of samples a run computes: those with `block % count ==
/// index`. The default, 0 of 1, is all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Default for Shard {
    fn default() -> Self {
        Shard { index: 0, count: 1 }
    }
}

impl Shard {
    pub fn owns(&self, block: u32) -> bool {
        block % self.count == self.index
    }

    /// Samples this shard computes of a plan's `samples`.
    pub fn samples(&self, samples: u32) -> u32 {
        (0..samples.div_ceil(BLOCK))
            .filter(|b| self.owns(*b))
            .map(|b| BLOCK.min(samples - b * BLOCK))
            .sum()
    }
}

#[derive(Debug, Clone, Copy)]
pub struct RunOptions<'a> {
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// The blocks to compute.
    pub shard: Shard,
    /// Set when the run is no longer wanted: no call starts after it is
    /// seen, and what the run returns is incomplete, to be thrown away.
    pub cancel: Option<&'a AtomicBool>,
}

impl RunOptions<'_> {
    /// All blocks on `jobs` threads.
    pub fn with_jobs(jobs: usize) -> RunOptions<'static> {
        RunOptions {
            jobs,
            shard: Shard::default(),
            cancel: None,
        }
    }
}

impl Default for RunOptions<'_> {
    fn default() -> Self {
        RunOptions {
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            shard: Shard::default(),
            cancel: None,
        }
    }
}

/// Progress: calls done out of calls planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// Receives every sample's forecast in one fixed order, plugin by plugin
/// and sample by sample, whatever the number of threads: for per-sample
/// tables. A plugin's samples stop at the end of the last block before its
/// first failure.
pub trait SampleSink: Send {
    fn block(&mut self, plugin: usize, first_sample: u32, forecasts: &[Forecast]);
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
    /// A block's forecasts, when a sink wants them.
    Block(Vec<Forecast>),
    /// A block given up because an earlier one of the plugin failed.
    Overtaken,
}

/// A task's share of a plugin's fuel for the run: its calls times the
/// mean the host allows ([`crate::Limits::mean_fuel`]), spent call by call.
struct Budget {
    /// The host's cap per call.
    cap: u64,
    /// What is left of the share; `None` when nothing bounds the run.
    left: Option<u64>,
    mean: u64,
    calls: u32,
}

impl Budget {
    fn new(host: &Host, calls: u32) -> Budget {
        let limits = host.limits();
        let (cap, mean) = (limits.fuel.unwrap_or(u64::MAX), limits.mean_fuel);
        Budget {
            cap,
            left: limits
                .fuel
                .and(mean)
                .map(|m| m.saturating_mul(calls as u64)),
            mean: mean.unwrap_or(0),
            calls,
        }
    }

    /// One call, with at most what is left of the share; running out of it
    /// is the run's budget, not the call's.
    fn call(
        &mut self,
        instance: &mut crate::Instance,
        input: &contract::wit::ForecastInput,
    ) -> Result<Forecast, CallError> {
        let Some(left) = self.left else {
            return instance.forecast(input);
        };
        let allowed = left.min(self.cap);
        instance.limit_fuel(allowed.max(1));
        let r = instance.forecast(input);
        match &r {
            Err(CallError::OutOfFuel { .. }) if allowed < self.cap => {
                return Err(CallError::RunBudget {
                    mean: self.mean,
                    calls: self.calls,
                });
            }
            Ok(_) => self.left = Some(left - instance.fuel_used().unwrap_or(0).min(left)),
            Err(_) => {}
        }
        r
    }
}

/// What a task tells the run as it goes, and asks of it.
#[derive(Clone, Copy)]
struct Hooks<'a> {
    /// Whether to keep the block's forecasts (for a sink).
    keep: bool,
    /// Counts calls done, for the progress.
    counted: &'a dyn Fn(usize),
    /// Whether an earlier failure of the plugin has made the task moot.
    overtaken: &'a dyn Fn() -> bool,
}

/// Runs one task, folding each forecast into `aggregate` as it comes.
fn run_task(
    host: &Host,
    plugin: &Plugin,
    plan: &Plan,
    task: Task,
    aggregate: &mut Aggregate,
    hooks: Hooks,
) -> Result<TaskOutcome, Failure> {
    let Hooks {
        keep,
        counted,
        overtaken,
    } = hooks;
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
    let mut budget = Budget::new(host, count);
    if task.block.is_none() {
        let wit_input = input(
            plan.call_seed(u32::MAX),
            plan.central_values(&binding),
            true,
        );
        let f = budget
            .call(&mut instance, &wit_input)
            .map_err(|e| (u32::MAX, e, instance.log()))?;
        counted(1);
        return Ok(TaskOutcome::Central(f, instance.log()));
    }
    let mut kept = Vec::with_capacity(if keep { count as usize } else { 0 });
    // One input for the block: only the seed and the drawn values change.
    let mut wit_input = input(plan.call_seed(first), plan.values(&binding, first), false);
    for k in 0..count {
        // An earlier failure of this plugin decides its result: the rest
        // of this block would be thrown away.
        if overtaken() {
            counted((count - k / 16 * 16) as usize);
            return Ok(TaskOutcome::Overtaken);
        }
        let sample = first + k;
        wit_input.seed = plan.call_seed(sample);
        plan.redraw(&binding, sample, |position, value| {
            wit_input.params[position] = contract::wit::ParamValue::Scalar(value)
        });
        match budget.call(&mut instance, &wit_input) {
            Ok(f) => {
                aggregate.add(&f);
                if keep {
                    kept.push(f);
                }
            }
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
    Ok(TaskOutcome::Block(kept))
}

/// One plugin's run: its result or first failure, and what it printed on the
/// central case (for `--verbose`).
#[derive(Debug, Clone)]
pub struct PluginRun {
    pub result: Result<ModelResult, RunFailure>,
    pub log: String,
}

/// One plugin's share of a run, before its result is finished: what a
/// shard computed, to be merged with the other shards' ([`Partial::merge`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Partial {
    /// Every computed sample, summarised; `None` before the first block.
    pub aggregate: Option<Aggregate>,
    /// The central case's forecast and what the plugin printed meanwhile.
    pub central: Option<(Forecast, String)>,
    /// The first failure: the failing sample's place in the run (0 the
    /// central case, s + 1 sample s) and the failure.
    pub failure: Option<(u64, RunFailure)>,
}

impl Partial {
    fn empty() -> Partial {
        Partial {
            aggregate: None,
            central: None,
            failure: None,
        }
    }

    /// Folds in another shard's share of the same plugin's run: the
    /// aggregates merge exactly, the earliest failure wins. The central
    /// cases must agree: a plugin that gives another answer to the same
    /// input is not deterministic.
    pub fn merge(&mut self, other: Partial) -> Result<(), String> {
        match (&mut self.aggregate, other.aggregate) {
            (Some(a), Some(b)) => a.merge(&b),
            (a @ None, b) => *a = b,
            (Some(_), None) => {}
        }
        match (&self.central, other.central) {
            (Some((a, _)), Some((b, _))) if *a != b => {
                return Err(
                    "its central case differs between the parts: the plugin is not deterministic"
                        .into(),
                );
            }
            (None, b) => self.central = b,
            _ => {}
        }
        if let Some((key, f)) = other.failure
            && self.failure.as_ref().is_none_or(|(k, _)| key < *k)
        {
            self.failure = Some((key, f));
        }
        Ok(())
    }

    /// The plugin's result: its first failure, or its samples' summaries
    /// with the central case.
    pub fn finish(self, model: &forecast_core::ModelSpec) -> PluginRun {
        if let Some((_, failure)) = self.failure {
            let log = failure.log.clone();
            return PluginRun {
                result: Err(failure),
                log,
            };
        }
        // No task failed, so none was skipped: the central case ran and
        // every sample is in the aggregate.
        let (central, log) = self.central.expect("the central task ran");
        let aggregate = self.aggregate.expect("a block ran");
        PluginRun {
            result: Ok(aggregate.finish(model.clone(), central)),
            log,
        }
    }
}

/// What a finished task leaves for the sink.
enum Entry {
    /// A block's forecasts: (plugin, first sample, forecasts).
    Rows(usize, u32, Vec<Forecast>),
    /// The plugin failed in this task: its rows stop here.
    Failed(usize),
    /// Nothing to write (a central case, a skipped block).
    Nothing,
}

/// Blocks written out to a sink in task order, and how far that got.
struct Ordered<'a> {
    sink: &'a mut dyn SampleSink,
    /// The next task to write.
    next: usize,
    /// Finished tasks waiting for an earlier one.
    waiting: BTreeMap<usize, Entry>,
    /// Plugins whose rows stopped at a failure.
    stopped: Vec<bool>,
}

impl Ordered<'_> {
    /// Task `t` is done: write every task up to the first unfinished one.
    /// A plugin's tasks that follow its failing one (skipped, or run before
    /// the failure was known) write nothing, so the rows do not depend on
    /// the threads.
    fn finished(&mut self, t: usize, entry: Entry) {
        self.waiting.insert(t, entry);
        while let Some(entry) = self.waiting.remove(&self.next) {
            match entry {
                Entry::Rows(plugin, first, forecasts) if !self.stopped[plugin] => {
                    self.sink.block(plugin, first, &forecasts)
                }
                Entry::Failed(plugin) => self.stopped[plugin] = true,
                _ => {}
            }
            self.next += 1;
        }
    }
}

/// How many tasks may finish ahead of the next one to write: a bound on
/// the blocks held for the sink.
const AHEAD: usize = 8;

/// Runs every plugin on its central case and on every sample of `plan`
/// that `options.shard` owns, and returns per plugin, in the given order,
/// its share of the run. Each forecast is folded into its plugin's
/// aggregate as soon as it comes, so memory does not grow with the
/// samples; `sink` gets every forecast too, in a fixed order.
pub fn run_partial(
    host: &Host,
    plugins: &[Plugin],
    plan: &Plan,
    options: RunOptions,
    progress: &(dyn Fn(Progress) + Sync),
    sink: Option<&mut dyn SampleSink>,
) -> Vec<Partial> {
    let shard = options.shard;
    let owned: Vec<u32> = (0..plan.samples.div_ceil(BLOCK))
        .filter(|b| shard.owns(*b))
        .collect();
    // Task t is plugin t / (blocks + 1); its central case first, then its
    // blocks in order. Tasks are handed out in this order.
    let per_plugin = owned.len() + 1;
    let task = |t: usize| Task {
        plugin: t / per_plugin,
        block: (t % per_plugin).checked_sub(1).map(|b| owned[b]),
    };
    let tasks = plugins.len() * per_plugin;
    let total = plugins.len() * (shard.samples(plan.samples) as usize + 1);
    let gathered: Vec<Mutex<Partial>> = plugins
        .iter()
        .map(|_| Mutex::new(Partial::empty()))
        .collect();
    // Each plugin's earliest failure so far, by its place in the run (0
    // the central case, s + 1 sample s); u64::MAX for none.
    let failed: Vec<AtomicU64> = plugins.iter().map(|_| AtomicU64::new(u64::MAX)).collect();
    // A task's place in the run: that of its first call.
    let place = |task: &Task| task.block.map_or(0, |b| (b * BLOCK) as u64 + 1);
    let (next, done) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let keep = sink.is_some();
    let ordered = sink.map(|sink| {
        (
            Mutex::new(Ordered {
                sink,
                next: 0,
                waiting: BTreeMap::new(),
                stopped: vec![false; plugins.len()],
            }),
            Condvar::new(),
        )
    });
    let cancelled = || options.cancel.is_some_and(|c| c.load(Ordering::Relaxed));
    // Reported counts only go up, whichever thread reports.
    let shown = Mutex::new(0usize);
    let counted = |n: usize| {
        let d = done.fetch_add(n, Ordering::Relaxed) + n;
        let mut shown = lock(&shown);
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
                    if cancelled() {
                        break;
                    }
                    let t = next.fetch_add(1, Ordering::Relaxed);
                    if t >= tasks {
                        break;
                    }
                    // With a sink, stay within AHEAD tasks of the next to write.
                    if let Some((o, turn)) = &ordered {
                        let mut o = lock(o);
                        while t >= o.next + AHEAD {
                            o = turn.wait(o).unwrap_or_else(|e| e.into_inner());
                        }
                    }
                    let task = task(t);
                    let mut entry = Entry::Nothing;
                    // A call after an earlier failure of its plugin, or
                    // after the run was cancelled, is not made.
                    let earlier_failure = || {
                        failed[task.plugin].load(Ordering::Relaxed) < place(&task) || cancelled()
                    };
                    if earlier_failure() {
                        counted(match task.block {
                            None => 1,
                            Some(b) => BLOCK.min(plan.samples - b * BLOCK) as usize,
                        });
                    } else {
                        let plugin = &plugins[task.plugin];
                        let aggregate = mine[task.plugin]
                            .get_or_insert_with(|| Aggregate::new(plan.samples, &plugin.spec));
                        let hooks = Hooks {
                            keep,
                            counted: &counted,
                            overtaken: &earlier_failure,
                        };
                        let r = run_task(host, plugin, plan, task, aggregate, hooks);
                        let mut g = lock(&gathered[task.plugin]);
                        match r {
                            Ok(TaskOutcome::Central(f, log)) => g.central = Some((f, log)),
                            Ok(TaskOutcome::Block(kept)) => {
                                let first = task.block.unwrap_or(0) * BLOCK;
                                entry = Entry::Rows(task.plugin, first, kept);
                            }
                            Ok(TaskOutcome::Overtaken) => {}
                            Err((sample, error, log)) => {
                                let key = if sample == u32::MAX {
                                    0
                                } else {
                                    sample as u64 + 1
                                };
                                failed[task.plugin].fetch_min(key, Ordering::Relaxed);
                                entry = Entry::Failed(task.plugin);
                                if g.failure.as_ref().is_none_or(|(k, _)| key < *k) {
                                    let failure = RunFailure {
                                        plugin: format!("{} ({})", plugin.spec.id, plugin.origin),
                                        sample: if sample == u32::MAX {
                                            "central".into()
                                        } else {
                                            sample.to_string()
                                        },
                                        error,
                                        log,
                                    };
                                    g.failure = Some((key, failure));
                                }
                            }
                        }
                    }
                    if let Some((o, turn)) = &ordered {
                        lock(o).finished(t, entry);
                        turn.notify_all();
                    }
                }
                for (p, a) in mine.into_iter().enumerate() {
                    if let Some(a) = a {
                        let mut g = lock(&gathered[p]);
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
    if *lock(&shown) < total {
        progress(Progress { done: total, total });
    }
    gathered
        .into_iter()
        .map(|g| g.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}

/// Runs every plugin on every sample of `plan` (and on its central case) and
/// finishes each plugin's result: its summaries or its first failure.
pub fn run(
    host: &Host,
    plugins: &[Plugin],
    plan: &Plan,
    options: RunOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Vec<PluginRun> {
    run_partial(host, plugins, plan, options, progress, None)
        .into_iter()
        .zip(plugins)
        .map(|(p, plugin)| p.finish(&plugin.spec))
        .collect()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
