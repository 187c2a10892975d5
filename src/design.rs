//! Running an analysis design (`forecast_core::Design`) over the models and
//! keeping every run's seven outcome probabilities, for the analysis
//! commands: the host's parallel block runner does the work, so the runs
//! are the same bits at any thread count.

use crate::error::CliError;
use crate::execute::Models;
use crate::report::Failure;
use forecast_core::{Forecast, Plan};
use forecast_host::Progress;
use forecast_host::run::{RunOptions, SampleSink, run_partial};
use forecast_vocab::OUTCOME_COUNT;

/// One model's outcome probabilities, run by run, in the design's order.
pub type Outcomes = Vec<[f64; OUTCOME_COUNT]>;

/// Keeps each plugin's outcomes as the runner hands them over in order.
struct Collect(Vec<Outcomes>);

impl SampleSink for Collect {
    fn block(&mut self, plugin: usize, first: u32, forecasts: &[Forecast]) {
        let rows = &mut self.0[plugin];
        debug_assert_eq!(rows.len(), first as usize, "blocks come in order");
        rows.extend(forecasts.iter().map(|f| f.outcomes));
    }
}

/// Runs every model on every run of `plan`'s design, with a progress bar
/// labelled `label`. Per model in the loaded order: its outcomes, or the
/// failure that stopped it.
pub fn run(
    models: Models,
    plan: &Plan,
    jobs: Option<usize>,
    label: &str,
) -> Result<Vec<Result<Outcomes, Failure>>, CliError> {
    let plugins = models.plugins;
    let calls = plugins.len() * (plan.samples as usize + 1);
    let bar = crate::progress::Bar::new(label, calls);
    let progress = |p: Progress| bar.update(p);
    let options = jobs.map_or_else(RunOptions::default, RunOptions::with_jobs);
    let mut sink = Collect(vec![Vec::new(); plugins.len()]);
    let partials = run_partial(
        models.host,
        plugins,
        plan,
        options,
        &progress,
        Some(&mut sink),
    );
    Ok(partials
        .into_iter()
        .zip(sink.0)
        .map(|(partial, outcomes)| match partial.failure {
            Some((_, failure)) => Err(failure.into()),
            None => Ok(outcomes),
        })
        .collect())
}
