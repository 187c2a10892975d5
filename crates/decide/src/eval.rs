//! What the metrics are computed from: every policy's objective values on
//! every (model, sample) pair, and what each objective and constraint asks.

use serde::{Deserialize, Serialize};

/// Whether an objective is to be made large or small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Max,
    Min,
}

impl Direction {
    /// `a` is better than `b`.
    pub fn better(self, a: f64, b: f64) -> bool {
        match self {
            Direction::Max => a > b,
            Direction::Min => a < b,
        }
    }

    /// The better of two values.
    pub fn best(self, a: f64, b: f64) -> f64 {
        if self.better(b, a) { b } else { a }
    }

    /// How much worse `value` is than `best`: 0 at the best, positive below it.
    pub fn shortfall(self, best: f64, value: f64) -> f64 {
        match self {
            Direction::Max => best - value,
            Direction::Min => value - best,
        }
    }
}

/// An objective: a quantity (by the caller's name) and its direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    pub name: String,
    pub direction: Direction,
}

/// A constraint on a quantity: `at_most` a value, or at least it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Constraint {
    pub name: String,
    /// Index of the quantity in [`Evaluations`]' columns.
    pub quantity: usize,
    pub at_most: bool,
    pub bound: f64,
}

impl Constraint {
    /// Whether `value` meets it.
    pub fn met(&self, value: f64) -> bool {
        if self.at_most {
            value <= self.bound
        } else {
            value >= self.bound
        }
    }
}

/// Every policy's values of the quantities (the objectives first, then
/// any that only constraints read) on every (model, sample) pair:
/// `values[policy][model]` holds `samples x quantities` values, sample by
/// sample, or `None` where the model failed for that policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluations {
    pub policies: Vec<String>,
    pub models: Vec<String>,
    pub samples: usize,
    /// The quantities' names, objectives first.
    pub quantities: Vec<String>,
    pub values: Vec<Vec<Option<Vec<f64>>>>,
}

impl Evaluations {
    /// Quantity `q` of `policy` on `model` in every sample, if it ran.
    pub fn column(&self, policy: usize, model: usize, q: usize) -> Option<Vec<f64>> {
        let k = self.quantities.len();
        let v = self.values.get(policy)?.get(model)?.as_ref()?;
        Some((0..self.samples).map(|s| v[s * k + q]).collect())
    }

    /// The value of quantity `q` for `policy`, `model` and `sample`.
    pub fn at(&self, policy: usize, model: usize, sample: usize, q: usize) -> Option<f64> {
        let k = self.quantities.len();
        self.values
            .get(policy)?
            .get(model)?
            .as_ref()
            .map(|v| v[sample * k + q])
    }

    /// The models every policy ran on: the ones the comparison is across.
    pub fn complete_models(&self) -> Vec<usize> {
        (0..self.models.len())
            .filter(|&m| self.values.iter().all(|p| p[m].is_some()))
            .collect()
    }
}
