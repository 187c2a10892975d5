//! `forecast-table`: the experiments table of a run, one row per (sample,
//! model), for analysis outside the tool (pandas, polars, DuckDB, R) and by
//! the analysis commands.
//!
//! Columns, in order: `model` (its id), `sample` (the index) and `seed`
//! (the seed the model was called with), then every uncertain parameter's
//! drawn value by its name (the sample's draw; a model that does not read
//! the parameter ignores it), then the seven outcome probabilities by
//! outcome id, then, when asked for, each indicator at each year as
//! `NAME@YEAR` (empty where a model does not emit it). Rows come model by
//! model, sample by sample. Written as the run goes ([`TableWriter`]) to
//! Parquet (Snappy-compressed) or, for a `.csv` path, CSV; read back whole
//! by [`read`].
//!
//! What it is not: the aggregated report (`forecast compare --format json`),
//! and no I/O beyond the one file.

mod read;
mod write;

pub use read::{Column, Table, read};
pub use write::TableWriter;

use std::path::{Path, PathBuf};

/// A table that cannot be written or read.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// The file could not be created, written or read.
    #[error("experiments table `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The Parquet library refused it.
    #[error("experiments table `{path}`: {message}")]
    Parquet { path: PathBuf, message: String },
    /// The file is not a table this crate wrote.
    #[error("experiments table `{path}`: {message}")]
    Format { path: PathBuf, message: String },
}

/// The file format, by extension: CSV for `.csv`, else Parquet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Parquet,
    Csv,
}

impl FileFormat {
    pub fn of(path: &Path) -> FileFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => FileFormat::Csv,
            _ => FileFormat::Parquet,
        }
    }
}
