//! The experiments table as EMA Workbench's `save_results` archive (a
//! `.tar.gz` path), so that `ema_workbench.load_results` reads it and its
//! analyses (CART, feature scoring, dimensional stacking, PRIM) work on
//! `forecast`'s runs.
//!
//! The archive holds what `save_results` writes (ema_workbench 2.5,
//! `util/utilities.py`): `experiments.csv` with a header, one column per
//! uncertain parameter, then `scenario` (the sample's index: a sampled
//! scenario in EMA's sense), `policy` (the scenario file's id: its lever
//! settings) and `model` (the model's id); one headerless `NAME.cls` file
//! per outcome probability (a `ScalarOutcome`, named with `_` for `-`:
//! `neutral_unification`), one `NAME.csv` file per indicator when asked (an
//! `ArrayOutcome`, a row per experiment and a column per year, empty where
//! a model does not emit it); and `metadata.json` with the outcome classes
//! and the experiments' dtypes, plus the run's identity and checksum under
//! keys EMA ignores. Rows are spooled to a folder beside the archive as the
//! run goes, so memory does not grow with the samples; the archive's bytes
//! depend only on the rows (no times, owners or modes of this machine).

use crate::{DIGEST_KEY, RUN_KEY, TableError};
use forecast_vocab::OUTCOMES;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Whether `path` names an EMA archive (`.tar.gz` or `.tgz`).
pub fn is_archive(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".tar.gz") || name.ends_with(".tgz")
}

/// An outcome's name in EMA (a Python identifier).
pub fn outcome_name(id: &str) -> String {
    id.replace('-', "_")
}

/// One spooled file of the archive.
struct Spool {
    name: String,
    file: BufWriter<File>,
}

pub struct EmaWriter {
    path: PathBuf,
    dir: PathBuf,
    policy: String,
    experiments: Spool,
    outcomes: Vec<Spool>,
    indicators: Vec<Spool>,
    metadata: serde_json::Value,
}

impl EmaWriter {
    /// Spools a run with `parameters` (the uncertain ones, by name) of the
    /// scenario `policy`, with an array per name of `indicators`.
    pub fn create(
        path: &Path,
        parameters: &[String],
        policy: &str,
        indicators: &[String],
    ) -> Result<EmaWriter, TableError> {
        let mut dir = path.as_os_str().to_owned();
        dir.push(".partial");
        let dir = PathBuf::from(dir);
        let io = |source| TableError::Io {
            path: dir.clone(),
            source,
        };
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(io)?;
        let spool = |name: String| -> Result<Spool, TableError> {
            let file = File::create(dir.join(&name)).map_err(io)?;
            Ok(Spool {
                name,
                file: BufWriter::new(file),
            })
        };
        let mut experiments = spool("experiments.csv".into())?;
        let mut columns: Vec<String> = parameters
            .iter()
            .map(|p| crate::write::csv_field(p))
            .collect();
        columns.extend(["scenario", "policy", "model"].map(String::from));
        writeln!(experiments.file, "{}", columns.join(",")).map_err(io)?;
        let outcomes = OUTCOMES
            .iter()
            .map(|o| spool(format!("{}.cls", outcome_name(o.id))))
            .collect::<Result<Vec<_>, _>>()?;
        let arrays = indicators
            .iter()
            .map(|i| spool(format!("{i}.csv")))
            .collect::<Result<Vec<_>, _>>()?;
        let mut classes: Vec<serde_json::Value> = OUTCOMES
            .iter()
            .map(|o| {
                let name = outcome_name(o.id);
                serde_json::json!(["ScalarOutcome", name, format!("{name}.cls")])
            })
            .collect();
        classes.extend(
            indicators
                .iter()
                .map(|i| serde_json::json!(["ArrayOutcome", i, format!("{i}.csv")])),
        );
        let mut dtypes = serde_json::Map::new();
        for p in parameters {
            dtypes.insert(p.clone(), "float64".into());
        }
        dtypes.insert("scenario".into(), "int64".into());
        dtypes.insert("policy".into(), "category".into());
        dtypes.insert("model".into(), "category".into());
        Ok(EmaWriter {
            path: path.to_path_buf(),
            policy: crate::write::csv_field(policy),
            experiments,
            outcomes,
            indicators: arrays,
            metadata: serde_json::json!({
                "version": 0.1,
                "outcomes": classes,
                "experiments": dtypes,
            }),
            dir,
        })
    }

    fn io(&self, source: std::io::Error) -> TableError {
        TableError::Io {
            path: self.dir.clone(),
            source,
        }
    }

    /// One experiment: `model`'s run of `sample` with the drawn
    /// `parameters`, its `outcomes`, and per indicator its values by year.
    pub fn row(
        &mut self,
        model: &str,
        sample: u32,
        parameters: &[Option<f64>],
        outcomes: &[Option<f64>],
        indicators: &[Option<f64>],
        years: usize,
    ) -> Result<(), TableError> {
        let number = |v: &Option<f64>| v.map_or_else(String::new, |v| v.to_string());
        let mut line: Vec<String> = parameters.iter().map(number).collect();
        line.push(sample.to_string());
        line.push(self.policy.clone());
        line.push(crate::write::csv_field(model));
        let written = writeln!(self.experiments.file, "{}", line.join(","));
        written.map_err(|e| self.io(e))?;
        for (spool, v) in self.outcomes.iter_mut().zip(outcomes) {
            writeln!(spool.file, "{}", number(v)).map_err(|e| TableError::Io {
                path: self.dir.clone(),
                source: e,
            })?;
        }
        for (k, spool) in self.indicators.iter_mut().enumerate() {
            let values: Vec<String> = indicators[k * years..(k + 1) * years]
                .iter()
                .map(number)
                .collect();
            writeln!(spool.file, "{}", values.join(",")).map_err(|e| TableError::Io {
                path: self.dir.clone(),
                source: e,
            })?;
        }
        Ok(())
    }

    /// Writes the archive from the spooled files, with the run's identity
    /// and checksum in its metadata, and removes the spool.
    pub fn finish(mut self, run: String, digest: String) -> Result<(), TableError> {
        self.metadata[RUN_KEY] = run.into();
        self.metadata[DIGEST_KEY] = digest.into();
        let spools: Vec<Spool> = std::iter::once(self.experiments)
            .chain(self.outcomes)
            .chain(self.indicators)
            .collect();
        let dir = self.dir.clone();
        let io = |path: &Path, source| TableError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut names = Vec::new();
        for mut s in spools {
            s.file.flush().map_err(|e| io(&dir, e))?;
            names.push(s.name);
        }
        let archive = File::create(&self.path).map_err(|e| io(&self.path, e))?;
        let gz = flate2::GzBuilder::new()
            .mtime(0)
            .write(BufWriter::new(archive), flate2::Compression::default());
        let mut tar = tar::Builder::new(gz);
        let mut add = |name: &str, size: u64, data: &mut dyn std::io::Read| {
            let mut header = tar::Header::new_gnu();
            header.set_size(size);
            header.set_mode(0o644);
            header.set_mtime(0);
            header.set_uid(0);
            header.set_gid(0);
            tar.append_data(&mut header, name, data)
        };
        for name in &names {
            let spooled = dir.join(name);
            let mut file = File::open(&spooled).map_err(|e| io(&spooled, e))?;
            let size = file.metadata().map_err(|e| io(&spooled, e))?.len();
            add(name, size, &mut file).map_err(|e| io(&self.path, e))?;
        }
        let metadata = self.metadata.to_string();
        add(
            "metadata.json",
            metadata.len() as u64,
            &mut metadata.as_bytes(),
        )
        .map_err(|e| io(&self.path, e))?;
        let gz = tar.into_inner().map_err(|e| io(&self.path, e))?;
        let mut out = gz.finish().map_err(|e| io(&self.path, e))?;
        out.flush().map_err(|e| io(&self.path, e))?;
        std::fs::remove_dir_all(&dir).map_err(|e| io(&dir, e))
    }
}
