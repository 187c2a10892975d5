//! The command line's errors and exit codes.

use forecast_core::ScenarioError;
use forecast_host::{EngineError, LoadError};
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
    /// A scenario is unreadable, malformed, or does not fit the models.
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
    /// A questions file is unreadable or malformed.
    #[error("{0}")]
    Questions(#[from] forecast_score::QuestionsError),
    /// A record file is unreadable or malformed.
    #[error("{0}")]
    Record(#[from] forecast_score::RecordError),
    /// A plugin the command needs on its own could not be loaded.
    #[error("{0}")]
    Plugin(#[from] LoadError),
    /// The experiments table could not be written.
    #[error("{0}")]
    Table(#[from] forecast_table::TableError),
    /// Parts of a sharded run that cannot be written, read or merged.
    #[error("{0}")]
    Parts(#[from] crate::parts::PartsError),
    /// A file the command was asked to write could not be.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    /// Arguments that do not fit together.
    #[error("{message}")]
    Usage { message: String, hint: String },
    /// The engine could not start, or output could not be written.
    #[error("{0}")]
    Internal(String),
    /// The reader of our output went away (`forecast ... | head`): not an
    /// error, so it ends quietly with success.
    #[error("output closed")]
    OutputClosed,
}

impl From<EngineError> for CliError {
    fn from(e: EngineError) -> Self {
        CliError::Internal(e.to_string())
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::BrokenPipe => CliError::OutputClosed,
            _ => CliError::Internal(format!("cannot write output: {e}")),
        }
    }
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            CliError::Plugin(_) => 1,
            CliError::Scenario(_)
            | CliError::Questions(_)
            | CliError::Record(_)
            | CliError::Table(_)
            | CliError::Parts(_)
            | CliError::Write { .. }
            | CliError::Usage { .. } => 2,
            CliError::Internal(_) => 3,
            CliError::OutputClosed => 0,
        })
    }

    /// The message with a hint of what to do (empty when there is nothing to say).
    pub fn render(&self) -> String {
        let hint = match self {
            CliError::Scenario(ScenarioError::Read { .. }) => {
                Some("check the path; scenarios live in scenarios/*.toml")
            }
            CliError::Scenario(_) => None, // each diagnostic carries its own hint
            CliError::Questions(_) => Some(
                "a questions file is TOML: title, then [[question]] tables with id, text, resolution, resolved_on, record, and answer = { indicator, year } (with above = X for a threshold), answer = { outcome, year }, or unanswerable (see questions/dprk-2006.toml)",
            ),
            CliError::Record(_) => Some(
                "a record file is TOML: title, first_year, last_year, then [[series]] tables with id, kind (binary or count), indicator, definition, source and a [series.values] table of every year (docs/records.md; records/dprk.toml)",
            ),
            CliError::Plugin(_) => Some(
                "`forecast inspect FILE` loads a plugin on its own; see README.md, \"Writing a plugin\"",
            ),
            CliError::Table(forecast_table::TableError::Read { .. }) => Some(
                "give an experiments table written by `forecast compare --save FILE` (Parquet, or CSV for a .csv name, with its .run.json beside it)",
            ),
            CliError::Table(_) => Some(
                "check that the folder exists and is writable; .csv writes CSV, any other name Parquet",
            ),
            CliError::Parts(crate::parts::PartsError::Mismatch { .. }) => Some(
                "merge only the parts of one run: the same scenario file, --set, --samples, --seed, plugins and limits",
            ),
            CliError::Parts(crate::parts::PartsError::Incomplete { .. }) => Some(
                "every shard K of N must run once (`forecast compare ... --shard K/N`) before the merge",
            ),
            CliError::Parts(_) => Some(
                "parts are written by `forecast compare SCENARIO --shard K/N` (into --parts, default parts/)",
            ),
            CliError::Write { .. } => Some("check that the folder exists and is writable"),
            CliError::Usage { hint, .. } => Some(hint.as_str()),
            CliError::Internal(_) => Some(
                "this is a bug in forecast or a problem with the machine; please report it with the command you ran",
            ),
            CliError::OutputClosed => return String::new(),
        };
        match hint {
            Some(h) => format!("error: {self}\n  hint: {h}"),
            None => format!("error: {self}"),
        }
    }
}
