//! The options commands share (the scenario's overrides and sampling, the
//! plugins and their limits, threads, shards, tables, output formats) and
//! their translation into the run library's settings.

use crate::error::CliError;
use forecast_core::Sampling;
use forecast_host::{Host, Limits, LoadError, Plugin};
use forecast_run::compare::SaveTable;
use forecast_run::models::{Loaded, PluginSettings, default_cache_dir};
use forecast_run::parts::ShardTo;
use forecast_run::parts::Written;
use forecast_run::settings::ScenarioSettings;
use forecast_run::{Exec, Job};
use std::path::PathBuf;
use std::time::Duration;

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
    /// outcome probabilities; Parquet, CSV for a .csv path, or for a .tar.gz
    /// path the archive of EMA Workbench's save_results (read it with
    /// ema_workbench.load_results; docs/ema.md). With several
    /// scenarios or a --shard, each scenario and shard gets its own file,
    /// their names before the extension (runs.korea-2006.0-of-4.parquet).
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// Add each indicator at each year to the experiments table, as
    /// NAME@YEAR columns.
    #[arg(long, requires = "save")]
    pub save_indicators: bool,
}

impl SaveArgs {
    /// The table asked for, if any.
    pub fn table(&self) -> Option<SaveTable> {
        self.save.as_ref().map(|file| SaveTable {
            file: file.clone(),
            indicators: self.save_indicators,
        })
    }
}

/// Prints what a shard wrote, a line per part.
pub fn print_written(out: &mut dyn std::io::Write, written: &[Written]) -> std::io::Result<()> {
    for w in written {
        writeln!(out, "wrote {}: {}", w.path.display(), w.summary)?;
    }
    Ok(())
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

impl ShardArgs {
    /// The shard asked for and where its parts go, if one is.
    pub fn to(&self) -> Option<ShardTo<'_>> {
        self.shard.map(|shard| ShardTo {
            shard,
            dir: &self.parts,
        })
    }
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

    /// How the runs go: these threads, progress on standard error.
    pub fn exec(&self) -> Exec<'static> {
        Exec::new(self.threads(), &crate::progress::Bars)
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
    /// The run library's settings.
    pub fn settings(&self) -> ScenarioSettings {
        ScenarioSettings {
            set: self.set.clone(),
            samples: self.samples,
            seed: self.seed,
            sampling: match self.sampling {
                SamplingArg::Lhs => Sampling::LatinHypercube,
                SamplingArg::Mc => Sampling::MonteCarlo,
            },
        }
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
    pub plugins: PluginArgs,
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub jobs: JobsArgs,
}

impl AnalysisArgs {
    /// Loads the plugins and keeps the selected ones.
    pub fn load(&self) -> Result<Loaded, CliError> {
        let loaded = self.plugins.settings().load_selected(&self.select.models)?;
        noted(&loaded);
        Ok(loaded)
    }

    /// The scenario at `path` with `settings`, run by `loaded`'s models on
    /// `--jobs` threads with progress on standard error.
    pub fn job<'a>(
        &self,
        loaded: &'a Loaded,
        path: &'a std::path::Path,
        settings: &'a ScenarioSettings,
    ) -> Job<'a> {
        Job {
            loaded,
            scenario: path,
            settings,
            exec: self.jobs.exec(),
        }
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

/// Options for loading and running plugins.
#[derive(Debug, Clone, clap::Args)]
pub struct PluginArgs {
    /// A model plugin (WebAssembly component) to add; one with the id of a
    /// built-in model replaces it. Repeatable.
    #[arg(long = "plugin", value_name = "FILE")]
    pub plugins: Vec<PathBuf>,
    /// Run only the --plugin models, not the built-in ones.
    #[arg(long)]
    pub no_builtin: bool,
    /// CPU budget per call, in fuel units (about one per WebAssembly
    /// instruction), or `off`. The budget is deterministic: a plugin that runs
    /// out does so on every machine. `off` leaves runaway plugins to --timeout
    /// and saves the metering, some 2-15% of a call in our benchmarks.
    #[arg(long, value_name = "UNITS|off", default_value = "2000000000", value_parser = parse_fuel)]
    pub fuel: Fuel,
    /// Fuel a plugin may use on average per call over a run, or `off`: the
    /// central case and each block of 256 samples may spend their calls'
    /// share, so a plugin too slow for the run stops at the first block
    /// that runs out (at the same call on every machine, whatever --jobs
    /// or --shard) and the others finish. The default, about a twentieth
    /// of a second a call, is ten times what the heaviest model here
    /// spends; it needs fuel metering (not with --fuel off).
    #[arg(long, value_name = "UNITS|off", default_value = "100000000", value_parser = parse_fuel)]
    pub mean_fuel: Fuel,
    /// Wall-clock limit per call, in seconds (above 0, at most a day).
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = parse_timeout)]
    pub timeout: Duration,
    /// Memory cap per plugin instance, in MiB (1 to 16384).
    #[arg(long, value_name = "MIB", default_value_t = Limits::default().memory_mib,
          value_parser = mib_in(MAX_MEMORY_MIB))]
    pub memory: usize,
    /// Cap on one answer of a plugin (its strings and lists together), in
    /// MiB (1 to 4096): checked before anything is copied out of the
    /// plugin, so a plugin that returns a flood fails at once.
    #[arg(long, value_name = "MIB", default_value_t = Limits::default().output_bytes >> 20,
          value_parser = mib_in(MAX_OUTPUT_MIB))]
    pub max_output: usize,
    /// Make every NaN a plugin computes canonical, so that even NaN payload
    /// bits are the same on every architecture. Only a plugin that reads the
    /// bits of its own NaNs needs it (NaN is refused in any output anyway);
    /// it costs float-heavy plugins 2-5x their compute time.
    #[arg(long)]
    pub strict_nan: bool,
    /// Compile plugins afresh instead of using the compile cache
    /// ($FORECAST_CACHE_DIR, else $XDG_CACHE_HOME/forecast or ~/.cache/forecast).
    #[arg(long)]
    pub no_cache: bool,
}

/// A fuel budget per call, or none (`off`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fuel(pub Option<u64>);

fn parse_fuel(s: &str) -> Result<Fuel, String> {
    match s {
        "off" => Ok(Fuel(None)),
        _ => match s.parse::<u64>() {
            Ok(0) | Err(_) => Err("a positive number of fuel units, or `off`".into()),
            Ok(n) => Ok(Fuel(Some(n))),
        },
    }
}

/// The longest --timeout: a day.
const MAX_TIMEOUT_SECONDS: f64 = 86_400.0;
/// The largest --memory: 16 GiB, four times what a 32-bit WebAssembly
/// memory can address.
const MAX_MEMORY_MIB: usize = 16 << 10;
/// The largest --max-output: all a 32-bit WebAssembly memory can hold.
const MAX_OUTPUT_MIB: usize = 4 << 10;

fn parse_timeout(s: &str) -> Result<Duration, String> {
    let seconds: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number of seconds"))?;
    if !(seconds > 0.0 && seconds <= MAX_TIMEOUT_SECONDS) {
        return Err(format!(
            "{s} seconds: give more than 0 and at most {MAX_TIMEOUT_SECONDS} (a day)"
        ));
    }
    Duration::try_from_secs_f64(seconds).map_err(|e| format!("{s} seconds: {e}"))
}

/// A parser of a count of MiB from 1 to `max`.
fn mib_in(max: usize) -> impl Fn(&str) -> Result<usize, String> + Clone {
    move |s: &str| match s.trim().parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!("`{s}`: give a whole number of MiB from 1 to {max}")),
    }
}

impl PluginArgs {
    /// The run library's settings.
    pub fn settings(&self) -> PluginSettings {
        PluginSettings {
            files: self.plugins.clone(),
            builtin: !self.no_builtin,
            limits: Limits {
                fuel: self.fuel.0,
                mean_fuel: self.mean_fuel.0,
                timeout: self.timeout,
                memory_mib: self.memory,
                output_bytes: self.max_output << 20,
            },
            cache_dir: if self.no_cache {
                None
            } else {
                default_cache_dir()
            },
            strict_nan: self.strict_nan,
        }
    }

    pub fn host(&self) -> Result<Host, CliError> {
        Ok(self.settings().host()?)
    }

    /// Loads every model into `host`, printing what the loading notes: the
    /// plugins, and those that failed to load.
    pub fn load(&self, host: &Host) -> (Vec<Plugin>, Vec<LoadError>) {
        let (plugins, failures, notes) = self.settings().load(host);
        for note in notes {
            eprintln!("note: {note}");
        }
        (plugins, failures)
    }

    /// Loads every model (printing what the loading notes); an error when
    /// none could be.
    pub fn load_models(&self) -> Result<Loaded, CliError> {
        let loaded = self.settings().load_models()?;
        noted(&loaded);
        Ok(loaded)
    }
}

/// Prints what loading the models noted.
fn noted(loaded: &Loaded) {
    for note in &loaded.notes {
        eprintln!("note: {note}");
    }
}

/// Which of the loaded models an analysis runs.
#[derive(Debug, Clone, clap::Args)]
pub struct SelectArgs {
    /// Run only this model (its id; see `forecast list`). Repeatable. The
    /// scenario is still checked against every loaded model.
    #[arg(long = "model", value_name = "ID")]
    pub models: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_parsed_within_their_ranges() {
        assert_eq!(parse_timeout("10"), Ok(Limits::default().timeout));
        assert_eq!(parse_timeout("0.5"), Ok(Duration::from_millis(500)));
        for bad in [
            "0",
            "-1",
            "1e20",
            "1e300",
            "18446744073709551616",
            "inf",
            "NaN",
            "x",
        ] {
            assert!(parse_timeout(bad).is_err(), "{bad}");
        }
        let memory = mib_in(MAX_MEMORY_MIB);
        assert_eq!(memory("256"), Ok(256));
        for bad in ["0", "17592186044416", "16385", "-3", "1.5"] {
            assert!(memory(bad).is_err(), "{bad}");
        }
    }
}
