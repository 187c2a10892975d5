//! The command line's errors and exit codes: the run library's errors by
//! kind, each with a hint of what to do, and what only a command line has
//! (its own usage errors, a closed output).

use forecast_core::ScenarioError;
use forecast_run::Error as RunError;
use std::process::ExitCode;

/// How a command ended when it produced its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// At least one plugin failed; the others' results were reported.
    PluginFailed,
}

impl Outcome {
    /// `PluginFailed` when a plugin failed, else `Success`.
    pub fn failed_if(failed: bool) -> Outcome {
        if failed {
            Outcome::PluginFailed
        } else {
            Outcome::Success
        }
    }

    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::PluginFailed => ExitCode::from(1),
        }
    }
}

/// A command that could not produce its output.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The run could not produce its result (see [`RunError`]'s kinds).
    #[error("{0}")]
    Run(#[from] RunError),
    /// Arguments that do not fit together.
    #[error("{message}")]
    Usage { message: String, hint: String },
    /// Output could not be written.
    #[error("cannot write output: {0}")]
    Output(std::io::Error),
    /// The reader of our output went away (`forecast ... | head`): not an
    /// error, so it ends quietly with success.
    #[error("output closed")]
    OutputClosed,
}

/// The library's error types convert as the library's own.
macro_rules! via_run_error {
    ($($t:ty),*) => {$(
        impl From<$t> for CliError {
            fn from(e: $t) -> Self {
                CliError::Run(e.into())
            }
        }
    )*};
}

via_run_error!(
    ScenarioError,
    forecast_score::QuestionsError,
    forecast_score::RecordError,
    forecast_host::LoadError,
    forecast_host::EngineError,
    forecast_table::TableError,
    forecast_run::PartsError
);

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::BrokenPipe => CliError::OutputClosed,
            _ => CliError::Output(e),
        }
    }
}

impl CliError {
    /// A usage error of the command line: `message`, and what to do.
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> CliError {
        CliError::Usage {
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// A bug or a problem of the machine.
    pub fn internal(message: impl Into<String>) -> CliError {
        CliError::Run(RunError::Internal(message.into()))
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            CliError::Run(RunError::Plugin(_)) => 1,
            CliError::Run(
                RunError::Scenario(_)
                | RunError::Questions(_)
                | RunError::Record(_)
                | RunError::Table(_)
                | RunError::Parts(_)
                | RunError::Write { .. }
                | RunError::Usage { .. },
            )
            | CliError::Usage { .. } => 2,
            CliError::Run(RunError::Internal(_) | RunError::Cancelled) | CliError::Output(_) => 3,
            CliError::OutputClosed => 0,
        })
    }

    /// The message with a hint of what to do (empty when there is nothing to say).
    pub fn render(&self) -> String {
        use forecast_run::PartsError;
        let hint = match self {
            CliError::Run(e) => match e {
                RunError::Scenario(ScenarioError::Read { .. }) => {
                    Some("check the path; scenarios live in scenarios/*.toml")
                }
                RunError::Scenario(_) => None, // each diagnostic carries its own hint
                RunError::Questions(_) => Some(
                    "a questions file is TOML: title, then [[question]] tables with id, text, resolution, resolved_on, record, and answer = { indicator, year } (with above = X for a threshold), answer = { outcome, year }, or unanswerable (see questions/dprk-2006.toml)",
                ),
                RunError::Record(_) => Some(
                    "a record file is TOML: title, first_year, last_year, then [[series]] tables with id, kind (binary or count), indicator, definition, source and a [series.values] table of every year (docs/records.md; records/dprk.toml)",
                ),
                RunError::Plugin(_) => Some(
                    "`forecast inspect FILE` loads a plugin on its own; see docs/writing-a-plugin.md",
                ),
                RunError::Table(forecast_table::TableError::Read { .. }) => Some(
                    "give an experiments table written by `forecast compare --save FILE` (Parquet, or CSV for a .csv name, with its .run.json beside it)",
                ),
                RunError::Table(_) => Some(
                    "check that the folder exists and is writable; .csv writes CSV, .tar.gz an EMA Workbench archive, any other name Parquet",
                ),
                RunError::Parts(PartsError::Mismatch { .. }) => Some(
                    "merge only the parts of one run: the same scenario file, --set, --samples, --seed, plugins and limits",
                ),
                RunError::Parts(PartsError::Incomplete { .. }) => Some(
                    "every shard K of N must run once (`forecast compare ... --shard K/N`) before the merge",
                ),
                RunError::Parts(_) => Some(
                    "parts are written by `forecast compare SCENARIO --shard K/N` (into --parts, default parts/)",
                ),
                RunError::Write { .. } => Some("check that the folder exists and is writable"),
                RunError::Usage { hint, .. } => Some(hint.as_str()),
                RunError::Cancelled | RunError::Internal(_) => Some(
                    "this is a bug in forecast or a problem with the machine; please report it with the command you ran",
                ),
            },
            CliError::Usage { hint, .. } => Some(hint.as_str()),
            CliError::Output(_) => Some("check the disk or the pipe the output goes to"),
            CliError::OutputClosed => return String::new(),
        };
        match hint {
            Some(h) => format!("error: {self}\n  hint: {h}"),
            None => format!("error: {self}"),
        }
    }
}
