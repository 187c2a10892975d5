//! What can go wrong in a run, by kind, so that a front end can say what
//! to do about it (the command line maps the kinds to exit codes and adds
//! a hint).

use forecast_core::ScenarioError;
use forecast_host::{EngineError, LoadError};
use std::path::PathBuf;

/// A run that could not produce its result.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A scenario or policies file is unreadable, malformed, or does not
    /// fit the models.
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
    /// A questions file is unreadable or malformed.
    #[error("{0}")]
    Questions(#[from] forecast_score::QuestionsError),
    /// A record file is unreadable or malformed.
    #[error("{0}")]
    Record(#[from] forecast_score::RecordError),
    /// A plugin the run needs on its own could not be loaded.
    #[error("{0}")]
    Plugin(#[from] LoadError),
    /// An experiments table could not be written or read.
    #[error("{0}")]
    Table(#[from] forecast_table::TableError),
    /// Parts of a sharded run that cannot be written, read or merged.
    #[error("{0}")]
    Parts(#[from] PartsError),
    /// A file the run was asked to write could not be.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    /// Settings that do not fit together, with what to do instead.
    #[error("{message}")]
    Usage { message: String, hint: String },
    /// The runs were cancelled before they finished (`Exec::cancel`).
    #[error("cancelled")]
    Cancelled,
    /// The engine could not start, or a whole run lost its blocks: a bug or
    /// a problem of the machine.
    #[error("{0}")]
    Internal(String),
}

impl From<EngineError> for Error {
    fn from(e: EngineError) -> Self {
        Error::Internal(e.to_string())
    }
}

impl Error {
    /// A usage error: `message`, and what to do instead.
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Usage {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// A part that cannot be written, read or merged.
#[derive(Debug, thiserror::Error)]
pub enum PartsError {
    /// The file could not be written or read.
    #[error("part `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not a part, or is damaged.
    #[error("`{path}` is not a part of a sharded run: {message}")]
    NotAPart { path: PathBuf, message: String },
    /// Two parts come from different runs.
    #[error("`{path}` and `{other}` are parts of different runs: {what}")]
    Mismatch {
        path: PathBuf,
        other: PathBuf,
        what: String,
    },
    /// The parts of a run do not make a whole.
    #[error("the parts of `{scenario}` do not make a whole run: {message}")]
    Incomplete { scenario: String, message: String },
    /// The merged results are inconsistent.
    #[error("the parts of `{scenario}` disagree on `{model}`: {message}")]
    Inconsistent {
        scenario: String,
        model: String,
        message: String,
    },
}
