//! `forecast-host`: loads model plugins (WebAssembly components implementing
//! `forecast:model@0.2.0`) and runs them sandboxed, bounded and deterministic.
//!
//! What it is for: refusing what is not a plugin of this contract with a
//! message that says what was expected and found ([`Host::load`]); running
//! untrusted code with no ambient capabilities and a CPU, wall-clock and
//! memory budget per call ([`Limits`]); compiling each component once
//! ([`cache`]); running a [`forecast_core::Plan`]'s samples in parallel with
//! results independent of the thread count ([`run`]). What it is not: a
//! command-line program (no printing, no argument parsing, no exit codes:
//! that is the `forecast` binary), nor a model.

pub mod bounded;
pub mod cache;
pub mod conformance;
mod contract;
mod engine;
mod error;
mod lower;
mod plugin;
pub mod run;
mod sandbox;

pub use contract::{VERSION as CONTRACT_VERSION, input, wit};
pub use error::{CallError, EngineError, LoadError, RunFailure};
pub use plugin::{Instance, Plugin, Source};
pub use run::{PluginRun, Progress, RunOptions};
pub use sandbox::FROZEN_UNIX_SECONDS;

use std::path::PathBuf;
use std::time::Duration;
use wasmtime::Engine;
use wasmtime::component::Linker;

/// Per-call budgets. Every call gets them afresh.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// CPU budget in wasmtime fuel units (about one per WebAssembly
    /// instruction): deterministic, so a plugin that runs out always does,
    /// on every machine. `None` meters nothing and leaves runaway plugins to
    /// the wall-clock limit: calls run some 2-15% faster, but where
    /// a runaway plugin is stopped then depends on the machine.
    pub fuel: Option<u64>,
    /// Wall-clock backstop, for what fuel does not count.
    pub timeout: Duration,
    /// Cap on the plugin's memory, all its linear memories together, in MiB.
    pub memory_mib: usize,
    /// Cap on the bytes of one answer's strings and lists together, checked
    /// before they are copied out of the plugin.
    pub output_bytes: usize,
    /// The fuel a plugin may use on average per call over a run: each unit
    /// of work (the central case, a block of samples) may spend its calls'
    /// share and no more, so a plugin too slow for the run stops at the
    /// first unit that runs out, at the same call on every machine and
    /// whatever the threads or shards, and the others finish. The run's
    /// total is this times its calls. `None`, or without fuel metering,
    /// bounds nothing but each call.
    pub mean_fuel: Option<u64>,
}

impl Default for Limits {
    /// 2e9 fuel is about a second of WebAssembly, some 10^5 times what a
    /// Rust model's call needs and 10^3 times a Python one's; 256 MiB holds
    /// the CPython of componentize-py several times over; 4 MiB per answer
    /// is some 50 times the largest a built-in model gives (a 200-year
    /// horizon, every indicator, the explanation); 1e8 fuel a call on
    /// average, about a twentieth of a second, is some 10 times what the
    /// heaviest model here spends on its heaviest call (the Python
    /// `base-rates`, 9e6 with its explanation).
    fn default() -> Self {
        Limits {
            fuel: Some(2_000_000_000),
            timeout: Duration::from_secs(10),
            memory_mib: 256,
            output_bytes: 4 << 20,
            mean_fuel: Some(100_000_000),
        }
    }
}

/// How the host is set up.
#[derive(Debug, Clone, Default)]
pub struct HostConfig {
    pub limits: Limits,
    /// Where compiled components are kept; `None` compiles every time.
    pub cache_dir: Option<PathBuf>,
    /// Canonical NaNs: the same NaN payload bits on every architecture, at
    /// 2-5x the compute of float-heavy plugins. Off by default: arithmetic on
    /// non-NaN values is IEEE-exact everywhere, and NaN outputs are refused.
    pub strict_nan: bool,
}

/// The engine, the sandbox's linker and the compile cache, shared by all
/// plugins and threads.
pub struct Host {
    engine: Engine,
    fingerprint: String,
    linker: Linker<sandbox::Sandbox>,
    limits: Limits,
    strict_nan: bool,
    cache: Option<cache::CompileCache>,
    _ticker: engine::Ticker,
}

impl Host {
    pub fn new(config: HostConfig) -> Result<Host, EngineError> {
        let (engine, fingerprint) =
            engine::new_engine(config.limits.fuel.is_some(), config.strict_nan)?;
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)
            .and_then(|()| sandbox::add_frozen_sleep(&mut linker))
            .map_err(|e| EngineError(e.to_string()))?;
        // A cache that cannot be opened (read-only home, say) only costs time.
        let cache = config
            .cache_dir
            .as_deref()
            .and_then(|d| cache::CompileCache::open(d).ok());
        let ticker = engine::Ticker::start(&engine);
        Ok(Host {
            engine,
            fingerprint,
            linker,
            limits: config.limits,
            strict_nan: config.strict_nan,
            cache,
            _ticker: ticker,
        })
    }

    /// Loads and checks a plugin, and asks it for its `info()`.
    pub fn load(&self, source: &Source) -> Result<Plugin, LoadError> {
        Plugin::load(self, source)
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Whether NaNs are canonical (`--strict-nan`).
    pub fn strict_nan(&self) -> bool {
        self.strict_nan
    }
}
