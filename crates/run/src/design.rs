//! Running an analysis design (`forecast_core::Design`) over the models and
//! keeping every run's seven outcome probabilities, for the analyses: the
//! host's parallel block runner does the work, so the runs
//! are the same bits at any thread count, and a shard of the blocks can run
//! anywhere and be put together with the others ([`Rows::combine`]).

use crate::runner::{Models, earliest, run_gathering};
use crate::{Error, Exec};
use forecast_core::{Forecast, Plan};
use forecast_host::run::{SampleSink, Shard};
use forecast_report::Failure;
use forecast_vocab::OUTCOME_COUNT;
use serde::{Deserialize, Serialize};

/// One model's outcome probabilities, run by run, in the design's order.
pub type Outcomes = Vec<[f64; OUTCOME_COUNT]>;

/// Memory the analyses may use for the runs they keep: their estimators
/// need every run's outcomes at once.
pub const KEPT_BYTES: u64 = 1 << 30;

/// Refuses a design whose kept outcomes (and `extra` bytes per run) would
/// take more than [`KEPT_BYTES`].
pub fn check_memory(runs: u64, models: usize, extra: u64, what: &str) -> Result<(), Error> {
    let per_run = (models as u64) * std::mem::size_of::<[f64; OUTCOME_COUNT]>() as u64 + extra;
    let bytes = runs.saturating_mul(per_run);
    if bytes > KEPT_BYTES {
        return Err(Error::usage(
            format!(
                "{what} keeps every run's outcomes: {runs} runs of {models} models need {} MiB, more than the {} MiB allowed",
                bytes >> 20,
                KEPT_BYTES >> 20
            ),
            "ask for fewer --samples (indices and boxes settle long before), or fewer models with --model",
        ));
    }
    Ok(())
}

/// What one model gave on the blocks of a design that a shard ran: per run
/// a `T`, by default its seven outcome probabilities.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Rows<T = [f64; OUTCOME_COUNT]> {
    /// (first run, one `T` per run) per block, in order.
    pub blocks: Vec<(u32, Vec<T>)>,
    /// The first failure: (its place in the run: 0 the central case, s + 1
    /// run s) and what it was.
    pub failure: Option<(u64, Failure)>,
}

impl<T> Rows<T> {
    /// No blocks and no failure (for any `T`, with or without a default).
    pub fn empty() -> Rows<T> {
        Rows {
            blocks: Vec::new(),
            failure: None,
        }
    }

    /// Puts the shards' rows of one model together: its values for all
    /// `runs` runs, or the earliest failure. Blocks missing or given twice
    /// are an error (the message says which).
    #[allow(clippy::type_complexity)]
    pub fn combine(shards: Vec<Rows<T>>, runs: u32) -> Result<Result<Vec<T>, Failure>, String> {
        let mut blocks = Vec::new();
        let mut failures = Vec::new();
        for rows in shards {
            blocks.extend(rows.blocks);
            failures.push(rows.failure);
        }
        if let Some((_, f)) = earliest(failures) {
            return Ok(Err(f));
        }
        blocks.sort_by_key(|(first, _)| *first);
        let mut outcomes = Vec::with_capacity(runs as usize);
        for (first, block) in blocks {
            if first as usize != outcomes.len() {
                return Err(format!(
                    "runs from {} on are missing or given twice",
                    outcomes.len().min(first as usize)
                ));
            }
            outcomes.extend(block);
        }
        if outcomes.len() != runs as usize {
            return Err(format!("{} of {runs} runs are there", outcomes.len()));
        }
        Ok(Ok(outcomes))
    }
}

/// Keeps each plugin's `T` of every forecast, block by block, as the
/// runner hands them over in order.
struct Collect<T, F> {
    rows: Vec<Rows<T>>,
    keep: F,
}

impl<T: Send, F: Fn(&Forecast) -> T + Send> SampleSink for Collect<T, F> {
    fn block(&mut self, plugin: usize, first: u32, forecasts: &[Forecast]) {
        let kept = forecasts.iter().map(&self.keep).collect();
        self.rows[plugin].blocks.push((first, kept));
    }
}

/// Runs every model on the blocks of `plan`'s design that `shard` owns,
/// its progress labelled `label`. Per model in the loaded order.
pub fn run_shard(
    models: Models,
    plan: &Plan,
    exec: Exec,
    shard: Shard,
    label: &str,
) -> Result<Vec<Rows>, Error> {
    run_shard_keeping(models, plan, exec, shard, label, |f| f.outcomes)
}

/// [`run_shard`], keeping `keep` of each forecast instead of its outcomes.
pub fn run_shard_keeping<T: Clone + Send>(
    models: Models,
    plan: &Plan,
    exec: Exec,
    shard: Shard,
    label: &str,
    keep: impl Fn(&Forecast) -> T + Send,
) -> Result<Vec<Rows<T>>, Error> {
    let mut sink = Collect {
        rows: vec![Rows::<T>::empty(); models.plugins.len()],
        keep,
    };
    let failures = run_gathering(models, plan, exec, shard, label, &mut sink)?;
    Ok(sink
        .rows
        .into_iter()
        .zip(failures)
        .map(|(mut rows, failure)| {
            rows.failure = failure;
            rows
        })
        .collect())
}

/// Runs every model on every run of `plan`'s design. Per model in the
/// loaded order: its outcomes, or the failure that stopped it.
pub fn run(
    models: Models,
    plan: &Plan,
    exec: Exec,
    label: &str,
) -> Result<Vec<Result<Outcomes, Failure>>, Error> {
    run_shard(models, plan, exec, Shard::default(), label)?
        .into_iter()
        .map(|rows| {
            Rows::combine(vec![rows], plan.samples)
                .map_err(|m| Error::Internal(format!("a whole run lost blocks: {m}")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(blocks: &[(u32, usize)]) -> Rows {
        Rows {
            blocks: blocks
                .iter()
                .map(|&(first, n)| (first, vec![[first as f64; OUTCOME_COUNT]; n]))
                .collect(),
            failure: None,
        }
    }

    #[test]
    fn shards_combine_in_block_order_and_gaps_are_named() {
        let all = Rows::combine(vec![rows(&[(2, 2)]), rows(&[(0, 2)])], 4)
            .unwrap()
            .unwrap();
        assert_eq!(
            all.iter().map(|r| r[0]).collect::<Vec<_>>(),
            [0.0, 0.0, 2.0, 2.0]
        );
        let gap = Rows::combine(vec![rows(&[(0, 2)]), rows(&[(4, 2)])], 6).unwrap_err();
        assert!(gap.contains("from 2 on"), "{gap}");
        let twice = Rows::combine(vec![rows(&[(0, 2)]), rows(&[(0, 2)])], 4).unwrap_err();
        assert!(
            twice.contains("from 2 on") || twice.contains("from 0 on"),
            "{twice}"
        );
        let short = Rows::combine(vec![rows(&[(0, 2)])], 4).unwrap_err();
        assert!(short.contains("2 of 4"), "{short}");
    }
}
