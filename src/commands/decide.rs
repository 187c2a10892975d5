//! `forecast decide`: which policy holds up in every model.

use crate::args::{AnalysisFormat, print_written, write_analysis};
use crate::error::{CliError, Outcome};
use forecast_report::decide::Decision;
use forecast_run::decide::{self, Question};
use forecast_run::search::Search;
use std::path::PathBuf;

/// Evaluate policies on every model and ask which holds up in all of them.
///
/// Each policy (from --policies, a --grid of lever values, or both crossed)
/// is applied to the scenario and run by every model on the same draws and
/// per-call seeds (common random numbers), so the differences between
/// policies are the policies', not sampling noise. For each policy, per
/// model and across models: each objective's expected value, its percentile
/// on the bad side (--tail), the regret against the best policy of each
/// (model, sample) (minimax regret, Savage), the share of (model, sample)
/// pairs that meet every constraint (satisficing), the worst model and the
/// spread between models (McPhail et al. 2018); the pairs of policies the
/// models rank in opposite orders, and the Pareto front. Example: `forecast
/// decide scenarios/korea-2006.toml --policies policies/oped-2006.toml`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,
    #[command(flatten)]
    question: QuestionArgs,
    #[command(flatten)]
    run: crate::args::AnalysisArgs,
    #[command(flatten)]
    sharding: crate::args::ShardArgs,
    /// Output format: tables, JSON (every number), CSV (a row per number),
    /// or SVG charts.
    #[arg(long, value_enum, default_value_t = AnalysisFormat::Table)]
    format: AnalysisFormat,
}

/// What is decided between, and on what (shared with `forecast report`).
#[derive(Debug, Clone, clap::Args)]
pub struct QuestionArgs {
    /// A policies file (policies/oped-2006.toml is the op-ed's).
    #[arg(long, value_name = "FILE")]
    pub policies: Option<PathBuf>,
    /// NAME=FROM..TO[:POINTS] or NAME=V1,V2,...: a lever's values to try,
    /// every year. Repeatable: the grid crosses them, and a policies file
    /// too when one is given.
    #[arg(long, value_name = "NAME=VALUES")]
    pub grid: Vec<String>,
    /// NAME:max or NAME:min, NAME an outcome (war) or an indicator at a year
    /// (collapse_by@2016). Repeatable; default: denuclearization:max and
    /// war:min, the op-ed's aim and its risk.
    #[arg(long, value_name = "NAME:max|min")]
    pub objective: Vec<String>,
    /// NAME<=X or NAME>=X, NAME as for --objective: what a (model, sample)
    /// must meet to count as satisfactory. Repeatable; default (with the
    /// default objectives): war<=0.1.
    #[arg(long, value_name = "NAME<=X")]
    pub constraint: Vec<String>,
    /// The percentile on the bad side: 0.1 is the 10th percentile of a
    /// quantity to maximise and the 90th of one to minimise.
    #[arg(long, value_name = "SHARE", default_value_t = 0.1)]
    pub tail: f64,
    #[command(flatten)]
    pub search: SearchArgs,
}

impl QuestionArgs {
    /// The run library's question.
    pub fn question(&self) -> Question {
        let s = &self.search;
        Question {
            policies: self.policies.clone(),
            grid: self.grid.clone(),
            objective: self.objective.clone(),
            constraint: self.constraint.clone(),
            tail: self.tail,
            search: Search {
                levers: s.levers.clone(),
                years: s.years.clone(),
                generations: s.generations,
                population: s.population,
                seed: s.seed,
                state: s.state.clone(),
            },
        }
    }
}

/// What is searched.
#[derive(Debug, Clone, clap::Args)]
pub struct SearchArgs {
    /// A lever to search over its range, or over LO..HI: NAME or
    /// NAME=LO..HI. Repeatable. Levers with levels (a rung, a pledge) are
    /// searched over whole levels.
    #[arg(long = "search", value_name = "NAME[=LO..HI]")]
    pub levers: Vec<String>,
    /// A searched lever whose year of change is searched too: its value
    /// holds from that year, the scenario's before it. Repeatable.
    #[arg(long = "search-year", value_name = "NAME")]
    pub years: Vec<String>,
    /// Generations to run (after the first, or after those of --state).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub generations: usize,
    /// Candidates per generation.
    #[arg(long, value_name = "N", default_value_t = 24, value_parser = clap::value_parser!(u32).range(4..=1000))]
    pub population: u32,
    /// Seed of the search.
    #[arg(long = "search-seed", value_name = "SEED", default_value_t = 1)]
    pub seed: u64,
    /// The search's state: resumed from it if it exists, saved to it after
    /// every generation.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let loaded = args.run.load()?;
    let settings = args.run.scenario.settings();
    let job = args.run.job(&loaded, &args.scenario, &settings);
    let question = args.question.question();
    if let Some(to) = args.sharding.to() {
        let written = decide::write_part(&job, &question, to)?;
        print_written(&mut std::io::stdout().lock(), &[written])?;
        return Ok(Outcome::Success);
    }
    print(&decide::decide(&job, &question)?, args.format)
}

/// Prints a decision in `format`.
pub fn print(decision: &Decision, format: AnalysisFormat) -> Result<Outcome, CliError> {
    write_analysis(format, decision, "decide")?;
    Ok(Outcome::failed_if(!decision.failures.is_empty()))
}
