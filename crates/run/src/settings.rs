//! How a scenario is read and sampled: the file, the overrides (`--set`),
//! the sample count, seed and sampling method, and the plans made of them.

use crate::Error;
use forecast_core::{Design, ModelSpec, Plan, PlanOptions, Sampling, Scenario};
use std::path::Path;

/// The overrides and sampling of a scenario, as given to a command.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScenarioSettings {
    /// `NAME=VALUE` overrides, applied in order (a value, a yearly path or
    /// a distribution, as in the scenario file).
    pub set: Vec<String>,
    /// The number of samples (`None`: the scenario's).
    pub samples: Option<u32>,
    /// The seed of the sampling (`None`: the scenario's).
    pub seed: Option<u64>,
    pub sampling: Sampling,
}

impl ScenarioSettings {
    /// Reads a scenario and applies the overrides.
    pub fn load(&self, path: &Path) -> Result<Scenario, Error> {
        let mut scenario = Scenario::load(path)?;
        for s in &self.set {
            scenario.set(s)?;
        }
        Ok(scenario)
    }

    /// Plans the scenario's samples for `models`.
    pub fn plan(&self, path: &Path, models: &[ModelSpec]) -> Result<Plan, Error> {
        self.plan_design(path, models, Design::Samples)
    }

    /// Plans the samples of a scenario already read (and changed).
    pub fn plan_scenario(&self, scenario: Scenario, models: &[ModelSpec]) -> Result<Plan, Error> {
        Ok(Plan::new(scenario, models, self.options(Design::Samples))?)
    }

    fn options(&self, design: Design) -> PlanOptions {
        PlanOptions {
            design,
            samples: self.samples,
            seed: self.seed,
            sampling: self.sampling,
        }
    }

    /// Plans `design` over the scenario's uncertain parameters; `samples`
    /// counts the design's base rows.
    pub fn plan_design(
        &self,
        path: &Path,
        models: &[ModelSpec],
        design: Design,
    ) -> Result<Plan, Error> {
        Ok(Plan::new(self.load(path)?, models, self.options(design))?)
    }

    /// The same settings with more overrides after these.
    pub fn with_set(&self, more: impl IntoIterator<Item = String>) -> ScenarioSettings {
        let mut s = self.clone();
        s.set.extend(more);
        s
    }
}
