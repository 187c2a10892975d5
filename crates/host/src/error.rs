//! The host's errors: each names the plugin and says what to do.

use std::time::Duration;

/// A plugin that cannot be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read plugin `{plugin}`: {source}")]
    Read {
        plugin: String,
        source: std::io::Error,
    },
    /// The bytes are not WebAssembly at all.
    #[error("plugin `{plugin}` is not a WebAssembly component: {found}")]
    NotWasm { plugin: String, found: String },
    /// A core WebAssembly module, not a component.
    #[error(
        "plugin `{plugin}` is a core WebAssembly module, not a component; build it as a component (Rust: `--target wasm32-wasip2`; C: `wasm-tools component new`)"
    )]
    CoreModule { plugin: String },
    /// A component's header with too little after it: a build cut short or
    /// a truncated copy.
    #[error(
        "plugin `{plugin}` is not a complete component: {message}; it may be a build that stopped early or a truncated copy: build it again"
    )]
    Incomplete { plugin: String, message: String },
    /// Compilation failed.
    #[error("plugin `{plugin}` does not compile: {message}")]
    Compile { plugin: String, message: String },
    /// It exports something other than the `forecast:model` contract.
    #[error(
        "plugin `{plugin}` does not implement the world `forecast:model/plugin@{expected}`: it exports {found}"
    )]
    WrongWorld {
        plugin: String,
        expected: &'static str,
        found: String,
    },
    /// It implements another version of the contract.
    #[error(
        "plugin `{plugin}` implements `forecast:model@{found}`, but this host speaks `forecast:model@{expected}`: {changes}; rebuild it against wit/model.wit of this version (Rust: the forecast-sdk of this version)"
    )]
    IncompatibleVersion {
        plugin: String,
        expected: &'static str,
        found: String,
        /// What changed between the two versions.
        changes: String,
    },
    /// It imports something the sandbox does not provide.
    #[error("plugin `{plugin}` imports `{import}`, which the sandbox does not provide: {hint}")]
    ForbiddenImport {
        plugin: String,
        import: String,
        hint: String,
    },
    /// Its `info()` failed.
    #[error("plugin `{plugin}`: info() failed: {error}")]
    Info { plugin: String, error: CallError },
    /// Its `info()` answer breaks the contract.
    #[error("plugin `{plugin}` describes itself wrongly: {message}")]
    BadInfo { plugin: String, message: String },
}

/// A call into a plugin that did not give a usable answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum CallError {
    /// The CPU budget ran out (deterministic).
    #[error(
        "used up its CPU budget of {budget} fuel units (raise it with --fuel if the model is just slow)"
    )]
    OutOfFuel { budget: u64 },
    /// It spent its share of the run's fuel (see
    /// [`crate::Limits::mean_fuel`]).
    #[error(
        "used up its fuel for the run, {mean} units a call on average, {}: a model too slow for the run (raise it with --mean-fuel)",
        if *calls == 1 { "on its first call".to_string() } else { format!("within a block of {calls} calls") }
    )]
    RunBudget { mean: u64, calls: u32 },
    /// The wall-clock backstop fired.
    #[error("ran past the wall-clock limit of {limit:?} (raise it with --timeout)")]
    Timeout { limit: Duration },
    /// It asked for more memory than allowed.
    #[error("tried to grow its memory past the cap of {limit} MiB (raise it with --memory)")]
    OutOfMemory { limit: usize },
    /// Its answer is larger than the host accepts.
    #[error(
        "returned an answer larger than the limit of {} (strings and lists together; raise it with --max-output)",
        mib(*limit)
    )]
    TooLarge { limit: usize },
    /// It called WASI's `exit` (whose 0.2 form passes on only success or
    /// failure, not the code the program gave).
    #[error(
        "exited (called exit()) with {} instead of answering; a model returns an error instead",
        if *status == 0 { "success" } else { "a failure status" }
    )]
    Exit { status: i32 },
    /// Its calls nested too deep: the host's stack limit, or the stack the
    /// plugin keeps in its own memory.
    #[error("stack overflow: {detail}")]
    StackOverflow { detail: String },
    /// It trapped (a panic, `unreachable`, an out-of-bounds access...).
    #[error("crashed (trap): {message}")]
    Trap { message: String },
    /// The model returned an error of its own.
    #[error("returned an error: {message}")]
    Model { message: String },
    /// The answer breaks the contract.
    #[error("returned an invalid forecast: {message}")]
    InvalidForecast { message: String },
}

fn mib(bytes: usize) -> String {
    format!("{} MiB", bytes >> 20)
}

/// A plugin that failed during a run; the other plugins' results still stand.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("plugin `{plugin}` failed on sample {sample}: {error}")]
pub struct RunFailure {
    pub plugin: String,
    /// The first failing sample (the central case is reported as `central`).
    pub sample: String,
    pub error: CallError,
    /// What the plugin wrote to stdout and stderr before failing.
    pub log: String,
}

/// The host itself could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot start the WebAssembly engine: {0}")]
pub struct EngineError(pub String);
