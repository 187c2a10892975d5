//! Evaluating policies (`forecast decide`): each policy applied to the
//! scenario and run by every model through the host's block runner, every
//! policy on the same draws and per-call seeds (common random numbers), and
//! the quantities the objectives and constraints name kept per (model,
//! sample) for the robustness metrics (`forecast_decide`).

use crate::error::CliError;
use crate::models::Loaded;
use crate::report::Failure;
use forecast_core::policy::Policy;
use forecast_core::{Forecast, Plan, Scenario};
use forecast_decide::Evaluations;
use forecast_host::run::{SampleSink, Shard};

/// A quantity a policy is judged on, per sample.
#[derive(Debug, Clone, PartialEq)]
pub enum Quantity {
    /// An outcome's probability at the end of the horizon.
    Outcome(usize),
    /// A yearly indicator's value in a year.
    Indicator { name: String, year: i32 },
}

impl Quantity {
    /// Reads `war` (an outcome) or `collapse_by@2016` (an indicator at a
    /// year).
    pub fn parse(s: &str) -> Result<Quantity, String> {
        if let Some(i) = forecast_vocab::outcome_index(s) {
            return Ok(Quantity::Outcome(i));
        }
        let Some((name, year)) = s.split_once('@') else {
            let ids: Vec<&str> = forecast_vocab::OUTCOMES.iter().map(|o| o.id).collect();
            return Err(format!(
                "`{s}` is neither an outcome ({}) nor an indicator at a year (NAME@YEAR, e.g. collapse_by@2016)",
                ids.join(", ")
            ));
        };
        let year: i32 = year
            .parse()
            .map_err(|_| format!("`{year}` in `{s}` is not a year"))?;
        if !forecast_vocab::is_shared_indicator(name) && !name.contains('.') {
            return Err(format!(
                "`{name}` is neither a shared indicator (`forecast vocabulary`) nor a model's own (`model-id.name`)"
            ));
        }
        Ok(Quantity::Indicator {
            name: name.into(),
            year,
        })
    }

    /// Its value in `f`, for a run from `start_year`; `None` when the
    /// forecast does not give it.
    fn of(&self, f: &Forecast, start_year: i32) -> Option<f64> {
        match self {
            Quantity::Outcome(i) => Some(f.outcomes[*i]),
            Quantity::Indicator { name, year } => {
                let t = usize::try_from(year.checked_sub(start_year)?).ok()?;
                f.indicators.get(name)?.get(t).copied()
            }
        }
    }
}

/// Keeps each model's quantities, sample by sample, as blocks come.
struct Collect<'a> {
    quantities: &'a [Quantity],
    start_year: i32,
    samples: usize,
    /// `values[model]`: `samples x quantities`, NaN where not given.
    values: Vec<Vec<f64>>,
}

impl SampleSink for Collect<'_> {
    fn block(&mut self, plugin: usize, first: u32, forecasts: &[Forecast]) {
        let k = self.quantities.len();
        let (start, n) = (self.start_year, self.samples);
        let values = &mut self.values[plugin];
        if values.is_empty() {
            *values = vec![f64::NAN; n * k];
        }
        for (i, f) in forecasts.iter().enumerate() {
            let s = first as usize + i;
            for (q, quantity) in self.quantities.iter().enumerate() {
                if let Some(slot) = values.get_mut(s * k + q) {
                    *slot = quantity.of(f, start).unwrap_or(f64::NAN);
                }
            }
        }
    }
}

/// What evaluating the policies gave: the values, and why a model is
/// missing from some policy's.
pub struct Evaluated {
    pub evaluations: Evaluations,
    /// Failures of runs, each said to be of its policy.
    pub failures: Vec<Failure>,
    /// Models that ran but do not give a quantity: (model, quantity name).
    pub abstentions: Vec<(String, String)>,
}

/// Plans every policy on `scenario` before any runs, so that a bad one
/// fails at once, with its file and line.
pub fn plans(
    scenario: &Scenario,
    policies: &[Policy],
    plan: &dyn Fn(Scenario) -> Result<Plan, CliError>,
) -> Result<Vec<Plan>, CliError> {
    policies.iter().map(|p| plan(p.apply(scenario)?)).collect()
}

/// Runs every policy's plan with every loaded model and keeps the quantities.
pub fn evaluate(
    loaded: &Loaded,
    policies: &[Policy],
    plans: &[Plan],
    quantities: &[Quantity],
    names: &[String],
    jobs: Option<usize>,
) -> Evaluated {
    let models: Vec<String> = loaded.plugins.iter().map(|p| p.spec.id.clone()).collect();
    let samples = plans.first().map_or(0, |p| p.samples as usize);
    let mut values = Vec::with_capacity(plans.len());
    let mut failures = Vec::new();
    let mut abstentions: Vec<(String, String)> = Vec::new();
    for (policy, plan) in policies.iter().zip(plans) {
        let mut sink = Collect {
            quantities,
            start_year: plan.scenario.start_year,
            samples,
            values: vec![Vec::new(); models.len()],
        };
        let label = format!("{} under {}", plan.scenario.id, policy.id);
        let partials = crate::execute::run_blocks(
            &loaded.host,
            &loaded.plugins,
            plan,
            jobs,
            Shard::default(),
            &label,
            Some(&mut sink),
        );
        let row = partials
            .into_iter()
            .zip(sink.values)
            .enumerate()
            .map(|(m, (partial, v))| {
                if let Some((_, f)) = partial.failure {
                    let mut f: Failure = f.into();
                    f.during = format!("policy {}, {}", policy.id, f.during);
                    failures.push(f);
                    return None;
                }
                let k = quantities.len();
                let missing: Vec<usize> = (0..k)
                    .filter(|&q| v.get(q).is_none_or(|x| x.is_nan()))
                    .collect();
                for q in &missing {
                    let said = (models[m].clone(), names[*q].clone());
                    if !abstentions.contains(&said) {
                        abstentions.push(said);
                    }
                }
                (missing.is_empty() && !v.is_empty()).then_some(v)
            })
            .collect();
        values.push(row);
    }
    Evaluated {
        evaluations: Evaluations {
            policies: policies.iter().map(|p| p.id.clone()).collect(),
            models,
            samples,
            quantities: names.to_vec(),
            values,
        },
        failures,
        abstentions,
    }
}
