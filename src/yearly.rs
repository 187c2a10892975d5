//! Running the models for a record: each sample's values of the record's
//! indicators, and what `backtest` and `calibrate` make of them (a model's
//! forecast of a year, each sample's likelihood of the record, the weights).

use crate::error::CliError;
use crate::execute::plan_report_observed;
use crate::models::Loaded;
use crate::report::{Failure, ScenarioReport};
use forecast_core::{Forecast, Plan, Pooling};
use forecast_host::run::SampleSink;
use forecast_score::calibrate::{Weights, log_likelihood};
use forecast_score::{Kind, Predictive, Record};
use std::path::Path;

/// Every sample's values of the record's indicators, by plugin and series:
/// `values[plugin][series]` holds `samples x horizon` values, sample by
/// sample, in sample order (so the result does not depend on the order in
/// which blocks arrive), or `None` when the plugin does not emit it.
pub struct Collect {
    indicators: Vec<String>,
    horizon: usize,
    samples: usize,
    values: Vec<Vec<Option<Vec<f64>>>>,
}

impl SampleSink for Collect {
    fn block(&mut self, plugin: usize, first: u32, forecasts: &[Forecast]) {
        let (h, n) = (self.horizon, self.samples);
        for (i, f) in forecasts.iter().enumerate() {
            let s = first as usize + i;
            for (k, name) in self.indicators.iter().enumerate() {
                let Some(series) = f.indicators.get(name) else {
                    continue;
                };
                let slot = self.values[plugin][k].get_or_insert_with(|| vec![f64::NAN; n * h]);
                if let (Some(to), Some(from)) = (slot.get_mut(s * h..(s + 1) * h), series.get(..h))
                {
                    to.copy_from_slice(from);
                }
            }
        }
    }
}

/// One run of every loaded model on `plan`, keeping the record's indicators.
pub struct Run {
    pub collect: Collect,
    pub report: ScenarioReport,
    /// The plugins (by index) that failed on some call: their values are
    /// not used.
    pub failed: Vec<usize>,
    /// The run's first year.
    pub start_year: i32,
}

impl Run {
    /// Runs `plan` with `loaded`'s models; the load failures, which every
    /// report repeats first, are left out of `report.failures`.
    pub fn new(
        loaded: &Loaded,
        path: &Path,
        plan: Plan,
        record: &Record,
        jobs: Option<usize>,
    ) -> Run {
        let plugins = &loaded.plugins;
        let start_year = plan.scenario.start_year;
        let indicators: Vec<String> = record.series.iter().map(|s| s.indicator.clone()).collect();
        let mut collect = Collect {
            horizon: plan.scenario.horizon as usize,
            samples: plan.samples as usize,
            values: vec![vec![None; indicators.len()]; plugins.len()],
            indicators,
        };
        let mut report = plan_report_observed(
            loaded.models(),
            path,
            plan,
            jobs,
            Pooling::Linear,
            &mut collect,
        );
        report
            .failures
            .drain(..loaded.failures.len().min(report.failures.len()));
        let failed = (0..plugins.len())
            .filter(|p| {
                report
                    .failures
                    .iter()
                    .any(|f| f.plugin == plugins[*p].spec.id)
            })
            .collect();
        Run {
            collect,
            report,
            failed,
            start_year,
        }
    }

    /// Every sample's value of series `k` in `year`, for `plugin`; `None`
    /// when it does not emit the series, failed, or the year is not run.
    pub fn column(&self, plugin: usize, k: usize, year: i32) -> Option<Vec<f64>> {
        if self.failed.contains(&plugin) {
            return None;
        }
        let t = usize::try_from(year.checked_sub(self.start_year)?).ok()?;
        if t >= self.collect.horizon {
            return None;
        }
        let all = self.collect.values[plugin][k].as_ref()?;
        Some(
            (0..self.collect.samples)
                .map(|s| all[s * self.collect.horizon + t])
                .collect(),
        )
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
        self.report
            .failures
            .iter()
            .cloned()
            .map(|mut f| {
                f.during = format!("{context}, {}", f.during);
                f
            })
            .collect()
    }
}

/// What a model's calibration on the record rests on.
pub struct Fit {
    pub weights: Weights,
    /// The series it was fitted to (those it emits), and how many years of
    /// each.
    pub series: Vec<(String, usize)>,
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
    let mut log_l = vec![0.0; run.collect.samples];
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
) -> Result<std::ops::RangeInclusive<i32>, CliError> {
    let first = record.first_year.max(start_year);
    if until < first {
        return Err(CliError::Usage {
            message: format!(
                "nothing to calibrate on: --until {until} is before {first}, where both the scenario and the record have begun"
            ),
            hint: format!("give --until {first} or later"),
        });
    }
    Ok(first..=until.min(record.last_year))
}
