//! The one way models run: a plan's blocks through the host's parallel
//! block runner, as [`Exec`] says (threads, progress, cancellation), with
//! each forecast handed in order to a sink when one is given. Every run of
//! the library goes through [`run_blocks`].

use crate::{Error, Exec};
use forecast_core::Plan;
use forecast_host::run::{Partial, RunOptions, SampleSink, Shard, run_partial};
use forecast_host::{Host, Plugin};
use forecast_report::Failure;

/// The models a command runs: the host, the plugins it loaded, and those
/// that failed to load (reported with the results).
#[derive(Clone, Copy)]
pub struct Models<'a> {
    pub host: &'a Host,
    pub plugins: &'a [Plugin],
    pub load_failures: &'a [Failure],
}

/// Runs the blocks of `plan` that `shard` owns over `plugins` as `exec`
/// says, its progress labelled `label`; `sink`, if any, gets every
/// forecast in order. Cancelled ([`Exec::cancel`]), it stops early with
/// [`Error::Cancelled`].
pub fn run_blocks(
    host: &Host,
    plugins: &[Plugin],
    plan: &Plan,
    exec: Exec,
    shard: Shard,
    label: &str,
    sink: Option<&mut dyn SampleSink>,
) -> Result<Vec<Partial>, Error> {
    let calls = plugins.len() * (shard.samples(plan.samples) as usize + 1);
    let progress = exec.watch.run(label, calls);
    let mut options = exec
        .jobs
        .map_or_else(RunOptions::default, RunOptions::with_jobs);
    options.shard = shard;
    options.cancel = exec.cancel;
    let partials = run_partial(host, plugins, plan, options, &*progress, sink);
    if exec.cancelled() {
        return Err(Error::Cancelled);
    }
    Ok(partials)
}

/// Runs like [`run_blocks`], every forecast handed to `sink`, and returns
/// each plugin's first failure (its place in the run: 0 the central case,
/// s + 1 sample s), for runs that keep what the sink gathered rather than
/// the summaries.
pub fn run_gathering(
    models: Models,
    plan: &Plan,
    exec: Exec,
    shard: Shard,
    label: &str,
    sink: &mut dyn SampleSink,
) -> Result<Vec<Option<(u64, Failure)>>, Error> {
    let partials = run_blocks(
        models.host,
        models.plugins,
        plan,
        exec,
        shard,
        label,
        Some(sink),
    )?;
    Ok(partials
        .into_iter()
        .map(|partial| partial.failure.map(|(key, f)| (key, f.into())))
        .collect())
}

/// The earliest of the shards' first failures of one plugin, by place in
/// the run: the failure the whole run would have stopped at.
pub fn earliest(
    failures: impl IntoIterator<Item = Option<(u64, Failure)>>,
) -> Option<(u64, Failure)> {
    failures
        .into_iter()
        .flatten()
        .min_by_key(|(place, _)| *place)
}
