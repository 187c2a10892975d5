//! Which models a command runs: the built-in ones plus `--plugin` files, and
//! the host options shared by every command that runs plugins.

use crate::error::CliError;
use forecast_host::{Host, HostConfig, Limits, LoadError, Plugin, Source};
use std::path::PathBuf;
use std::time::Duration;

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

fn cache_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    env("FORECAST_CACHE_DIR")
        .or_else(|| env("XDG_CACHE_HOME").map(|d| d.join("forecast")))
        .or_else(|| env("HOME").map(|h| h.join(".cache/forecast")))
}

impl PluginArgs {
    pub fn host(&self) -> Result<Host, CliError> {
        let limits = Limits {
            fuel: self.fuel.0,
            mean_fuel: self.mean_fuel.0,
            timeout: self.timeout,
            memory_mib: self.memory,
            output_bytes: self.max_output << 20,
        };
        Ok(Host::new(HostConfig {
            limits,
            cache_dir: if self.no_cache { None } else { cache_dir() },
            strict_nan: self.strict_nan,
        })?)
    }

    /// The sources to load: built-ins first, then `--plugin` files in order.
    pub fn sources(&self) -> Vec<Source> {
        let builtin = forecast_builtin::BUILTIN
            .iter()
            .filter(|_| !self.no_builtin)
            .map(|(name, bytes)| Source::Embedded {
                name: name.to_string(),
                bytes,
            });
        builtin
            .chain(self.plugins.iter().map(|p| Source::File(p.clone())))
            .collect()
    }

    /// Loads every model. A plugin that fails to load is returned as a
    /// failure beside the others; a later plugin replaces an earlier one
    /// with the same id (so `--plugin` overrides a built-in).
    pub fn load(&self, host: &Host) -> (Vec<Plugin>, Vec<LoadError>) {
        let mut plugins: Vec<Plugin> = Vec::new();
        let mut failures = Vec::new();
        for source in self.sources() {
            match host.load(&source) {
                Ok(p) => match plugins.iter().position(|q| q.spec.id == p.spec.id) {
                    Some(i) if plugins[i].origin.starts_with("built-in") => {
                        eprintln!(
                            "note: `{}` has the id `{}` of a built-in model and replaces it: the built-in does not run, and a scenario's values for its parameters go to the plugin",
                            p.origin, p.spec.id
                        );
                        plugins[i] = p
                    }
                    Some(i) => failures.push(LoadError::BadInfo {
                        plugin: p.origin,
                        message: format!(
                            "its id `{}` is already taken by {}; ids must be unique",
                            p.spec.id, plugins[i].origin
                        ),
                    }),
                    None => plugins.push(p),
                },
                Err(e) => failures.push(e),
            }
        }
        (plugins, failures)
    }
}

/// What a command that runs models has loaded: the host, the plugins, and
/// those that failed to load (reported with the results).
pub struct Loaded {
    pub host: Host,
    /// The models to run.
    pub plugins: Vec<Plugin>,
    pub failures: Vec<forecast_report::Failure>,
    /// Every loaded model's description, run or not: a scenario is checked
    /// against them all, since it may set parameters only another reads.
    pub planning: Vec<forecast_core::ModelSpec>,
}

impl Loaded {
    pub fn models(&self) -> crate::execute::Models<'_> {
        crate::execute::Models {
            host: &self.host,
            plugins: &self.plugins,
            load_failures: &self.failures,
        }
    }

    pub fn specs(&self) -> Vec<forecast_core::ModelSpec> {
        self.plugins.iter().map(|p| p.spec.clone()).collect()
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

impl PluginArgs {
    /// Loads the models and keeps those `select` names (all when it names
    /// none); an error when none could be loaded or a name is unknown.
    pub fn load_selected(&self, select: &SelectArgs) -> Result<Loaded, CliError> {
        let mut loaded = self.load_models()?;
        if select.models.is_empty() {
            return Ok(loaded);
        }
        let known: Vec<String> = loaded.plugins.iter().map(|p| p.spec.id.clone()).collect();
        if let Some(unknown) = select.models.iter().find(|m| !known.contains(m)) {
            return Err(CliError::Usage {
                message: format!("no loaded model has the id `{unknown}`"),
                hint: format!("the loaded models are {}", known.join(", ")),
            });
        }
        loaded
            .plugins
            .retain(|p| select.models.contains(&p.spec.id));
        Ok(loaded)
    }

    /// Loads the models; an error when none could be.
    pub fn load_models(&self) -> Result<Loaded, CliError> {
        let host = self.host()?;
        let (plugins, errors) = self.load(&host);
        let failures: Vec<forecast_report::Failure> =
            errors.iter().map(forecast_report::Failure::from).collect();
        if plugins.is_empty() {
            let mut message = "no model could be loaded".to_string();
            for f in &failures {
                message.push_str(&format!("\n  {}", f.error));
            }
            return Err(CliError::Usage {
                message,
                hint: "check the --plugin files with `forecast inspect FILE`".into(),
            });
        }
        Ok(Loaded {
            host,
            planning: plugins.iter().map(|p| p.spec.clone()).collect(),
            plugins,
            failures,
        })
    }
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
