//! One module per subcommand, and the options they share.

mod check;
mod compare;
mod inspect;
mod list;
mod new;
mod run;
mod score;
mod test;
mod vocabulary;

use crate::error::{CliError, Outcome};
use forecast_core::{Plan, PlanOptions, Sampling, Scenario};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Compare(compare::Args),
    Run(run::Args),
    List(list::Args),
    Inspect(inspect::Args),
    Check(check::Args),
    Test(test::Args),
    Score(score::Args),
    New(new::Args),
    Vocabulary(vocabulary::Args),
}

pub fn run(command: Command) -> Result<Outcome, CliError> {
    match command {
        Command::Compare(a) => compare::run(a),
        Command::Run(a) => run::run(a),
        Command::List(a) => list::run(a),
        Command::Inspect(a) => inspect::run(a),
        Command::Check(a) => check::run(a),
        Command::Test(a) => test::run(a),
        Command::Score(a) => score::run(a),
        Command::New(a) => new::run(a),
        Command::Vocabulary(a) => vocabulary::run(a),
    }
}

/// How a scenario is read and sampled.
#[derive(Debug, Clone, clap::Args)]
pub struct ScenarioArgs {
    /// Override a parameter or lever, e.g. `--set levers.us_pledge=3` or
    /// `--set 'dprk.base_hazard={dist="uniform",low=0.005,high=0.02}'`. Repeatable.
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// Number of samples of the uncertain parameters (default: the scenario's).
    #[arg(long, value_name = "N")]
    pub samples: Option<u32>,
    /// Seed of the sampling (default: the scenario's).
    #[arg(long, value_name = "SEED")]
    pub seed: Option<u64>,
    /// How samples are drawn.
    #[arg(long, value_enum, default_value_t = SamplingArg::Lhs)]
    pub sampling: SamplingArg,
}

/// How many threads run the models.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct JobsArgs {
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
}

impl JobsArgs {
    pub fn threads(&self) -> Option<usize> {
        self.jobs.map(usize::from)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SamplingArg {
    /// Latin hypercube.
    Lhs,
    /// Plain Monte Carlo.
    Mc,
}

impl ScenarioArgs {
    /// Reads a scenario and applies the overrides.
    pub fn load(&self, path: &Path) -> Result<Scenario, CliError> {
        let mut scenario = Scenario::load(path)?;
        for s in &self.set {
            scenario.set(s)?;
        }
        Ok(scenario)
    }

    pub fn plan(&self, path: &Path, models: &[forecast_core::ModelSpec]) -> Result<Plan, CliError> {
        let options = PlanOptions {
            samples: self.samples,
            seed: self.seed,
            sampling: match self.sampling {
                SamplingArg::Lhs => Sampling::LatinHypercube,
                SamplingArg::Mc => Sampling::MonteCarlo,
            },
        };
        Ok(Plan::new(self.load(path)?, models, options)?)
    }
}

/// Scenario files named on the command line.
pub fn scenario_paths(paths: &[PathBuf]) -> Result<&[PathBuf], CliError> {
    if paths.is_empty() {
        return Err(CliError::Usage {
            message: "no scenario given".into(),
            hint: "name one or more scenario files, e.g. scenarios/korea-2006.toml".into(),
        });
    }
    Ok(paths)
}
