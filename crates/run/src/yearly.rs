//! Running the models for a record: each sample's values of the record's
//! indicators, and what `backtest` and `calibrate` make of them (a model's
//! forecast of a year, each sample's likelihood of the record, the weights).

use crate::models::Loaded;
use crate::runner::{earliest, run_gathering};
use crate::{Error, Exec};
use forecast_core::{Forecast, Plan};
use forecast_host::run::{SampleSink, Shard};
use forecast_report::Failure;
use forecast_score::calibrate::{Fit, Weights, log_likelihood};
use forecast_score::{Kind, Predictive, Record};
use serde::{Deserialize, Serialize};

/// One block of a run: its first sample, its number of samples, and per
/// series of the record the block's `samples x horizon` values, sample by
/// sample (`None` when no sample of the block emits it).
pub type Block = (u32, u32, Vec<Option<Vec<f64>>>);

/// What one plugin gave of the record's indicators on the blocks of a run
/// that a shard computed: all of a whole run's blocks, or one shard's, to
/// be put together with the others' ([`Run::combine`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Rows {
    /// The blocks, in the order the runner handed them over.
    pub blocks: Vec<Block>,
    /// The first failure: (its place in the run: 0 the central case, s + 1
    /// sample s) and what it was.
    pub failure: Option<(u64, Failure)>,
}

/// Keeps each plugin's values of the record's indicators, block by block,
/// as the runner hands them over in order.
struct Collect<'a> {
    indicators: &'a [String],
    horizon: usize,
    rows: Vec<Rows>,
}

impl SampleSink for Collect<'_> {
    fn block(&mut self, plugin: usize, first: u32, forecasts: &[Forecast]) {
        let (h, n) = (self.horizon, forecasts.len());
        let values = self
            .indicators
            .iter()
            .map(|name| {
                let mut slot: Option<Vec<f64>> = None;
                for (i, f) in forecasts.iter().enumerate() {
                    let Some(series) = f.indicators.get(name) else {
                        continue;
                    };
                    let slot = slot.get_or_insert_with(|| vec![f64::NAN; n * h]);
                    let to = &mut slot[i * h..(i + 1) * h];
                    let from = &series[..h.min(series.len())];
                    to[..from.len()].copy_from_slice(from);
                }
                slot
            })
            .collect();
        self.rows[plugin].blocks.push((first, n as u32, values));
    }
}

/// The record's indicators, as a list of names in the record's order.
fn indicators(record: &Record) -> Vec<String> {
    record.series.iter().map(|s| s.indicator.clone()).collect()
}

/// Runs every loaded model on the blocks of `plan` that `shard` owns,
/// keeping the record's indicators: per plugin in the loaded order.
pub fn run_shard(
    loaded: &Loaded,
    plan: &Plan,
    record: &Record,
    exec: Exec,
    shard: Shard,
) -> Result<Vec<Rows>, Error> {
    let indicators = indicators(record);
    let mut sink = Collect {
        indicators: &indicators,
        horizon: plan.scenario.horizon as usize,
        rows: vec![Rows::default(); loaded.plugins.len()],
    };
    let label = plan.scenario.id.clone();
    let failures = run_gathering(loaded.models(), plan, exec, shard, &label, &mut sink)?;
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

/// The shape of a run: what [`Run::combine`] needs besides the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shape {
    /// The run's first year.
    pub start_year: i32,
    pub horizon: usize,
    pub samples: usize,
    /// How many series the record has.
    pub series: usize,
}

impl Shape {
    pub fn of(plan: &Plan, record: &Record) -> Shape {
        Shape {
            start_year: plan.scenario.start_year,
            horizon: plan.scenario.horizon as usize,
            samples: plan.samples as usize,
            series: record.series.len(),
        }
    }
}

/// One run of every loaded model, keeping the record's indicators.
pub struct Run {
    shape: Shape,
    /// `values[plugin][series]`: `samples x horizon` values, sample by
    /// sample, or `None` when the plugin does not emit the series.
    values: Vec<Vec<Option<Vec<f64>>>>,
    /// The plugins' failures, in plugin order.
    failures: Vec<Failure>,
    /// The plugins (by index) that failed on some call: their values are
    /// not used.
    pub failed: Vec<usize>,
}

impl Run {
    /// Runs `plan` with `loaded`'s models, all of its samples.
    pub fn new(loaded: &Loaded, plan: &Plan, record: &Record, exec: Exec) -> Result<Run, Error> {
        let rows = run_shard(loaded, plan, record, exec, Shard::default())?;
        Run::combine(
            Shape::of(plan, record),
            rows.into_iter().map(|r| vec![r]).collect(),
        )
        .map_err(|m| Error::Internal(format!("a whole run lost blocks: {m}")))
    }

    /// Puts together each plugin's rows from the shards of one run
    /// (`rows[plugin]`, one `Rows` per shard): its values over all samples,
    /// or its earliest failure. Blocks missing or given twice, or of
    /// another shape, are an error that says which.
    pub fn combine(shape: Shape, rows: Vec<Vec<Rows>>) -> Result<Run, String> {
        let (h, n) = (shape.horizon, shape.samples);
        let mut values = Vec::with_capacity(rows.len());
        let mut failures = Vec::new();
        let mut failed = Vec::new();
        for (p, shards) in rows.into_iter().enumerate() {
            let mut blocks = Vec::new();
            let mut firsts = Vec::new();
            for r in shards {
                blocks.extend(r.blocks);
                firsts.push(r.failure);
            }
            if let Some((_, f)) = earliest(firsts) {
                failures.push(f);
                failed.push(p);
                values.push(vec![None; shape.series]);
                continue;
            }
            blocks.sort_by_key(|(first, _, _)| *first);
            let mut next = 0;
            let mut plugin: Vec<Option<Vec<f64>>> = vec![None; shape.series];
            for (first, count, block) in blocks {
                let count = count as usize;
                if first as usize != next {
                    return Err(format!(
                        "samples from {} on are missing or given twice",
                        next.min(first as usize)
                    ));
                }
                if block.len() != shape.series {
                    return Err(format!(
                        "the block from sample {first} is of another record"
                    ));
                }
                if next + count > n {
                    return Err(format!(
                        "the block from sample {first} runs past the run's {n} samples"
                    ));
                }
                for (k, b) in block.into_iter().enumerate() {
                    let Some(b) = b else { continue };
                    if b.len() != count * h {
                        return Err(format!("the block from sample {first} is of another run"));
                    }
                    let all = plugin[k].get_or_insert_with(|| vec![f64::NAN; n * h]);
                    all[next * h..(next + count) * h].copy_from_slice(&b);
                }
                next += count;
            }
            if next != n {
                return Err(format!("{next} of {n} samples are there"));
            }
            values.push(plugin);
        }
        Ok(Run {
            shape,
            values,
            failures,
            failed,
        })
    }

    /// The run's first year.
    pub fn start_year(&self) -> i32 {
        self.shape.start_year
    }

    /// Every sample's value of series `k` in `year`, for `plugin`; `None`
    /// when it does not emit the series, failed, or the year is not run.
    pub fn column(&self, plugin: usize, k: usize, year: i32) -> Option<Vec<f64>> {
        if self.failed.contains(&plugin) {
            return None;
        }
        let (h, n) = (self.shape.horizon, self.shape.samples);
        let t = usize::try_from(year.checked_sub(self.shape.start_year)?).ok()?;
        if t >= h {
            return None;
        }
        let all = self.values.get(plugin)?.get(k)?.as_ref()?;
        Some((0..n).map(|s| all[s * h + t]).collect())
    }

    /// `plugin`'s forecast of series `k` in `year`, its samples weighted by
    /// `weights` (`None`: equally); samples with no finite value are left out.
    pub fn forecast(
        &self,
        plugin: usize,
        k: usize,
        year: i32,
        kind: Kind,
        weights: Option<&[f64]>,
    ) -> Option<Predictive> {
        let column = self.column(plugin, k, year)?;
        match weights {
            None => {
                let finite: Vec<f64> = column.into_iter().filter(|v| v.is_finite()).collect();
                Predictive::from_samples(kind, &finite)
            }
            Some(w) => Predictive::from_weighted_samples(kind, &column, Some(w)),
        }
    }

    /// The failures of this run, each said to be of `context`.
    pub fn failures(&self, context: &str) -> Vec<Failure> {
        self.failures
            .iter()
            .cloned()
            .map(|mut f| {
                f.during = format!("{context}, {}", f.during);
                f
            })
            .collect()
    }
}

/// Each sample's likelihood of the record's years `years` under `plugin`'s
/// forecasts, over every series it emits, as weights. `None` when it emits
/// none of the record's series in those years, or a value is not finite.
pub fn fit(
    run: &Run,
    plugin: usize,
    record: &Record,
    years: std::ops::RangeInclusive<i32>,
) -> Option<Fit> {
    let mut log_l = vec![0.0; run.shape.samples];
    let mut series = Vec::new();
    for (k, s) in record.series.iter().enumerate() {
        let mut used = 0;
        for year in years.clone() {
            let (Some(observed), Some(column)) = (
                s.value(year, record.first_year),
                run.column(plugin, k, year),
            ) else {
                continue;
            };
            for (l, v) in log_l.iter_mut().zip(&column) {
                *l += log_likelihood(s.kind, *v, observed);
            }
            used += 1;
        }
        if used > 0 {
            series.push((s.id.clone(), used));
        }
    }
    if series.is_empty() {
        return None;
    }
    Some(Fit {
        weights: Weights::from_log_likelihoods(&log_l)?,
        series,
    })
}

/// The years of the record a calibration until `until` uses, in a run
/// from `start_year`: from the later of the two starts to `until`.
pub fn fitted_years(
    record: &Record,
    start_year: i32,
    until: i32,
) -> Result<std::ops::RangeInclusive<i32>, Error> {
    let first = record.first_year.max(start_year);
    if until < first {
        return Err(Error::usage(
            format!(
                "nothing to calibrate on: --until {until} is before {first}, where both the scenario and the record have begun"
            ),
            format!("give --until {first} or later"),
        ));
    }
    Ok(first..=until.min(record.last_year))
}
