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
//! Parquet (Snappy-compressed), or, for a `.csv` path, CSV, and read back
//! whole by [`read`]; or, for a `.tar.gz` path, as EMA Workbench's
//! `save_results` archive, for `ema_workbench.load_results` (written only).
//!
//! What it is not: the aggregated report (`forecast compare --format json`),
//! and no I/O beyond the one file.

pub mod digest;
mod ema;
mod read;
mod write;

pub use ema::{is_archive, outcome_name};
pub use read::{Column, Table, read};
pub use write::TableWriter;

use std::path::{Path, PathBuf};

/// A table that cannot be written or read.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// The file could not be created or written.
    #[error("experiments table `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The Parquet library refused to write it.
    #[error("experiments table `{path}`: {message}")]
    Parquet { path: PathBuf, message: String },
    /// The file cannot be read as a table this crate wrote: missing, not a
    /// table, damaged, or without its identity and checksum.
    #[error("cannot read the experiments table `{path}`: {message}")]
    Read { path: PathBuf, message: String },
}

/// The key-value metadata (Parquet) or sidecar field that holds the run's
/// identity.
pub const RUN_KEY: &str = "forecast.run";
/// The one that holds the checksum ([`digest`]).
pub const DIGEST_KEY: &str = "forecast.sha256";

/// Where a CSV table's identity and checksum are kept: `<file>.run.json`.
pub fn sidecar(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".run.json");
    PathBuf::from(name)
}

/// The file format, by extension: CSV for `.csv`, EMA Workbench's archive
/// for `.tar.gz` or `.tgz`, else Parquet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Parquet,
    Csv,
    /// What `ema_workbench.save_results` writes (written only).
    Ema,
}

impl FileFormat {
    pub fn of(path: &Path) -> FileFormat {
        if is_archive(path) {
            return FileFormat::Ema;
        }
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => FileFormat::Csv,
            _ => FileFormat::Parquet,
        }
    }
}
