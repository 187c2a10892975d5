//! Errors about scenarios, written for the person who wrote the scenario.

use std::fmt;

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A scenario file, 1-based line and column.
    File {
        path: String,
        line: usize,
        column: usize,
    },
    /// A `--set NAME=VALUE` on the command line.
    Override(String),
    /// The scenario as a whole (e.g. a missing model).
    Scenario(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File { path, line, column } => write!(f, "{path}:{line}:{column}"),
            Origin::Override(s) => write!(f, "--set {s}"),
            Origin::Scenario(s) => write!(f, "{s}"),
        }
    }
}

/// One problem, where it is, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub origin: Origin,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(origin: Origin, message: String) -> Self {
        Diagnostic {
            origin,
            message,
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// A scenario that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("cannot read scenario `{path}`: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// The scenario is malformed or does not fit the loaded models; every
    /// problem found is listed.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Diagnostic>),
}

impl ScenarioError {
    pub fn single(d: Diagnostic) -> Self {
        ScenarioError::Invalid(vec![d])
    }
}
