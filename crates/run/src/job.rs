//! One scenario to run with the loaded models: what every analysis starts
//! from.

use crate::Exec;
use crate::models::Loaded;
use crate::settings::ScenarioSettings;
use std::path::Path;

/// A scenario file with its overrides and sampling, the models to run it,
/// and how the runs go.
#[derive(Clone, Copy)]
pub struct Job<'a> {
    pub loaded: &'a Loaded,
    /// The scenario file.
    pub scenario: &'a Path,
    pub settings: &'a ScenarioSettings,
    pub exec: Exec<'a>,
}

impl<'a> Job<'a> {
    /// Its parts, to take apart at once: the models, the scenario file,
    /// its settings and how the runs go.
    pub fn split(&self) -> (&'a Loaded, &'a Path, &'a ScenarioSettings, Exec<'a>) {
        (self.loaded, self.scenario, self.settings, self.exec)
    }
}
