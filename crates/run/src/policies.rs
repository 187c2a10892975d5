//! Evaluating policies (`forecast decide`): each policy applied to the
//! scenario and run by every model through the host's block runner, every
//! policy on the same draws and per-call seeds (common random numbers), and
//! the quantities the objectives and constraints name kept per (model,
//! sample) for the robustness metrics (`forecast_decide`).

use crate::models::Loaded;
use crate::{Error, Exec};
use forecast_core::policy::Policy;
use forecast_core::{Forecast, Plan, Scenario};
use forecast_decide::Evaluations;
use forecast_host::run::Shard;
use forecast_report::Failure;

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

/// One model's quantities on the blocks a shard ran: per sample, each
/// quantity (NaN where the forecast does not give it).
pub type Rows = crate::design::Rows<Vec<f64>>;

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
    plan: &dyn Fn(Scenario) -> Result<Plan, Error>,
) -> Result<Vec<Plan>, Error> {
    policies.iter().map(|p| plan(p.apply(scenario)?)).collect()
}

/// Runs the blocks `shard` owns of every policy's plan with every loaded
/// model, keeping the quantities: per policy, per model.
pub fn run_shard(
    loaded: &Loaded,
    policies: &[Policy],
    plans: &[Plan],
    quantities: &[Quantity],
    exec: Exec,
    shard: Shard,
) -> Result<Vec<Vec<Rows>>, Error> {
    policies
        .iter()
        .zip(plans)
        .map(|(policy, plan)| -> Result<Vec<Rows>, Error> {
            let start_year = plan.scenario.start_year;
            let label = format!("{} under {}", plan.scenario.id, policy.id);
            let rows = crate::design::run_shard_keeping(
                loaded.models(),
                plan,
                exec,
                shard,
                &label,
                |f| {
                    let quantity = |q: &Quantity| q.of(f, start_year).unwrap_or(f64::NAN);
                    quantities.iter().map(quantity).collect::<Vec<f64>>()
                },
            )?;
            // Each failure says which policy it was under.
            Ok(rows
                .into_iter()
                .map(|mut rows| {
                    if let Some((_, f)) = &mut rows.failure {
                        f.during = format!("policy {}, {}", policy.id, f.during);
                    }
                    rows
                })
                .collect())
        })
        .collect()
}

/// Puts the shards' rows together (`rows[shard][policy][model]`) into the
/// evaluations of `policies` by `models` over `samples` samples.
pub fn assemble(
    rows: Vec<Vec<Vec<Rows>>>,
    policies: &[String],
    models: &[String],
    samples: u32,
    names: &[String],
) -> Result<Evaluated, String> {
    let k = names.len();
    let mut by_policy: Vec<Vec<Vec<Rows>>> = vec![vec![Vec::new(); models.len()]; policies.len()];
    for shard in rows {
        for (p, per_model) in shard.into_iter().enumerate().take(policies.len()) {
            for (m, r) in per_model.into_iter().enumerate().take(models.len()) {
                by_policy[p][m].push(r);
            }
        }
    }
    let mut values = Vec::with_capacity(policies.len());
    let mut failures = Vec::new();
    let mut abstentions: Vec<(String, String)> = Vec::new();
    for (p, per_model) in by_policy.into_iter().enumerate() {
        let mut row = Vec::with_capacity(models.len());
        for (m, shards) in per_model.into_iter().enumerate() {
            let combined = Rows::combine(shards, samples)
                .map_err(|e| format!("policy {}, `{}`: {e}", policies[p], models[m]))?;
            match combined {
                Err(f) => {
                    failures.push(f);
                    row.push(None);
                }
                Ok(per_sample) => {
                    if per_sample.iter().any(|v| v.len() != k) {
                        return Err(format!(
                            "policy {}, `{}`: a sample of another question",
                            policies[p], models[m]
                        ));
                    }
                    let missing: Vec<usize> = (0..k)
                        .filter(|&q| {
                            per_sample.is_empty() || per_sample.iter().any(|v| v[q].is_nan())
                        })
                        .collect();
                    for q in &missing {
                        let said = (models[m].clone(), names[*q].clone());
                        if !abstentions.contains(&said) {
                            abstentions.push(said);
                        }
                    }
                    row.push(missing.is_empty().then(|| per_sample.concat()));
                }
            }
        }
        values.push(row);
    }
    Ok(Evaluated {
        evaluations: Evaluations {
            policies: policies.to_vec(),
            models: models.to_vec(),
            samples: samples as usize,
            quantities: names.to_vec(),
            values,
        },
        failures,
        abstentions,
    })
}

/// Runs every policy's plan with every loaded model and keeps the quantities.
pub fn evaluate(
    loaded: &Loaded,
    policies: &[Policy],
    plans: &[Plan],
    quantities: &[Quantity],
    names: &[String],
    exec: Exec,
) -> Result<Evaluated, Error> {
    let models: Vec<String> = loaded.plugins.iter().map(|p| p.spec.id.clone()).collect();
    let ids: Vec<String> = policies.iter().map(|p| p.id.clone()).collect();
    let samples = plans.first().map_or(0, |p| p.samples);
    let rows = run_shard(loaded, policies, plans, quantities, exec, Shard::default())?;
    assemble(vec![rows], &ids, &models, samples, names)
        .map_err(|e| Error::Internal(format!("a whole run lost blocks: {e}")))
}
