//! One module per subcommand, and the options they share.

pub(crate) mod backtest;
mod calibrate;
mod check;
pub mod compare;
pub(crate) mod decide;
mod discover;
mod inspect;
mod list;
mod merge;
mod new;
mod report;
mod run;
mod score;
mod sensitivity;
mod sweep;
mod test;
mod vocabulary;

use crate::error::{CliError, Outcome};
use forecast_core::{Design, Plan, PlanOptions, Sampling, Scenario};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Compare(compare::Args),
    Run(run::Args),
    List(list::Args),
    Inspect(inspect::Args),
    Check(check::Args),
    Merge(merge::Args),
    Test(test::Args),
    Score(score::Args),
    Backtest(backtest::Args),
    Calibrate(calibrate::Args),
    Sweep(sweep::Args),
    Sensitivity(sensitivity::Args),
    Discover(discover::Args),
    Decide(decide::Args),
    Report(report::Args),
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
        Command::Merge(a) => merge::run(a),
        Command::Test(a) => test::run(a),
        Command::Score(a) => score::run(a),
        Command::Backtest(a) => backtest::run(a),
        Command::Calibrate(a) => calibrate::run(a),
        Command::Sweep(a) => sweep::run(a),
        Command::Sensitivity(a) => sensitivity::run(a),
        Command::Discover(a) => discover::run(a),
        Command::Decide(a) => decide::run(a),
        Command::Report(a) => report::run(a),
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

/// The experiments table of a run.
#[derive(Debug, Clone, clap::Args)]
pub struct SaveArgs {
    /// Write the experiments table: one row per (sample, model) with the
    /// sample's index and seed, its drawn parameters and the model's seven
    /// outcome probabilities; Parquet, or CSV for a .csv path. With several
    /// scenarios or a --shard, each scenario and shard gets its own file,
    /// their names before the extension (runs.korea-2006.0-of-4.parquet).
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// Add each indicator at each year to the experiments table, as
    /// NAME@YEAR columns.
    #[arg(long, requires = "save")]
    pub save_indicators: bool,
}

/// Parses `K/N` (0 <= K < N), or `slurm`: K and N from a Slurm job array's
/// environment, which must number its tasks 0..N-1.
pub fn parse_shard(s: &str) -> Result<forecast_host::run::Shard, String> {
    let (k, n) = if s == "slurm" {
        let var = |name: &str| {
            std::env::var(name).map_err(|_| {
                format!("`slurm` needs ${name}: run it as a task of a job array (sbatch --array=0-(N-1))")
            })
        };
        let min = var("SLURM_ARRAY_TASK_MIN")?;
        if min != "0" {
            return Err(format!(
                "the job array starts at task {min}: submit it as --array=0-(N-1), so that the task ids are the shards"
            ));
        }
        (var("SLURM_ARRAY_TASK_ID")?, var("SLURM_ARRAY_TASK_COUNT")?)
    } else {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("`{s}` is not K/N (e.g. 0/4) or slurm"))?;
        (k.to_string(), n.to_string())
    };
    let parse = |v: &str| v.trim().parse::<u32>().map_err(|e| format!("`{v}`: {e}"));
    let (index, count) = (parse(&k)?, parse(&n)?);
    if count == 0 || index >= count {
        return Err(format!(
            "shard {index} of {count}: K must be below N (shards are numbered 0..N-1)"
        ));
    }
    Ok(forecast_host::run::Shard { index, count })
}

/// Running one shard of a command's samples, to merge with the others.
#[derive(Debug, Clone, clap::Args)]
pub struct ShardArgs {
    /// Run only the blocks of samples b with b mod N = K, and write them as
    /// parts into --parts; `forecast merge` of all the parts prints what the
    /// whole run prints, with the same bits. `slurm` takes K and N from a
    /// Slurm job array submitted with --array=0-(N-1).
    #[arg(long, value_name = "K/N|slurm", value_parser = parse_shard)]
    pub shard: Option<forecast_host::run::Shard>,
    /// The folder --shard writes its parts into, as
    /// <scenario>.<K>-of-<N>.part (a sweep's point P: <scenario>.point-<P>...;
    /// a sensitivity analysis: <scenario>.sensitivity...).
    #[arg(long, value_name = "DIR", default_value = "parts", requires = "shard")]
    pub parts: PathBuf,
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
        self.plan_design(path, models, Design::Samples)
    }

    /// Plans the samples of a scenario already read (and changed).
    pub fn plan_scenario(
        &self,
        scenario: Scenario,
        models: &[forecast_core::ModelSpec],
    ) -> Result<Plan, CliError> {
        Ok(Plan::new(scenario, models, self.options(Design::Samples))?)
    }

    fn options(&self, design: Design) -> PlanOptions {
        PlanOptions {
            design,
            samples: self.samples,
            seed: self.seed,
            sampling: match self.sampling {
                SamplingArg::Lhs => Sampling::LatinHypercube,
                SamplingArg::Mc => Sampling::MonteCarlo,
            },
        }
    }

    /// Plans `design` over the scenario's uncertain parameters; `--samples`
    /// counts the design's base rows.
    pub fn plan_design(
        &self,
        path: &Path,
        models: &[forecast_core::ModelSpec],
        design: Design,
    ) -> Result<Plan, CliError> {
        Ok(Plan::new(self.load(path)?, models, self.options(design))?)
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

/// Output formats of the analysis commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AnalysisFormat {
    /// Aligned columns for a terminal.
    Table,
    /// Machine-readable, every number.
    Json,
    /// One row per number, for spreadsheets and data frames.
    Csv,
    /// Charts (SVG).
    Svg,
}

/// Parses an outcome id of the vocabulary into its index.
pub fn parse_outcome(s: &str) -> Result<usize, String> {
    forecast_vocab::outcome_index(s).ok_or_else(|| {
        let ids: Vec<&str> = forecast_vocab::OUTCOMES.iter().map(|o| o.id).collect();
        format!(
            "`{s}` is not an outcome; the outcomes are {}",
            ids.join(", ")
        )
    })
}

/// What every analysis command shares: the scenario's sampling, the
/// plugins and which of them run, and the threads.
#[derive(Debug, Clone, clap::Args)]
pub struct AnalysisArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub plugins: crate::models::PluginArgs,
    #[command(flatten)]
    pub select: crate::models::SelectArgs,
    #[command(flatten)]
    pub jobs: JobsArgs,
}

impl AnalysisArgs {
    /// Loads the plugins and keeps the selected ones.
    pub fn load(&self) -> Result<crate::models::Loaded, CliError> {
        self.plugins.load_selected(&self.select)
    }
}

/// Prints an analysis in `format`; `what` names it when it has no CSV.
pub fn write_analysis(
    format: AnalysisFormat,
    analysis: &dyn forecast_report::Analysis,
    what: &str,
) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match format {
        AnalysisFormat::Table => analysis.write_table(&mut out)?,
        AnalysisFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &analysis.json())
                .map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        AnalysisFormat::Svg => writeln!(out, "{}", analysis.svg()?)?,
        AnalysisFormat::Csv => match analysis.write_csv(&mut out) {
            Some(written) => written?,
            None => {
                return Err(CliError::Usage {
                    message: format!("{what} has no CSV output"),
                    hint: "use --format json for every number, or table".into(),
                });
            }
        },
    }
    out.flush()?;
    Ok(())
}
