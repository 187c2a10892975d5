//! A comparison (`forecast compare`): every model on the same scenarios,
//! each scenario's report with its ensemble and disagreement; or one shard
//! of it written as parts. With an experiments table when asked.

use crate::execute::{PartOf, Save, TableRun, plan_report, write_part};
use crate::models::Loaded;
use crate::parts::Written;
use crate::settings::ScenarioSettings;
use crate::{Error, Exec};
use forecast_core::Pooling;
use forecast_host::run::Shard;
use forecast_report::ScenarioReport;
use std::path::{Path, PathBuf};

/// The experiments table of a run: where, and whether with the indicators.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveTable {
    /// Parquet, or CSV for a .csv name.
    pub file: PathBuf,
    /// Each indicator at each year as NAME@YEAR columns too.
    pub indicators: bool,
}

/// The table file of `scenario` among `several` scenarios (or one) and
/// `shard`: with several scenarios or a shard, their names before the
/// extension (runs.korea-2006.0-of-4.parquet).
pub fn table_file(file: &Path, scenario: &Path, several: bool, shard: Option<Shard>) -> PathBuf {
    let mut tags = Vec::new();
    if several {
        tags.push(
            scenario
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
        );
    }
    if let Some(s) = shard {
        tags.push(format!("{}-of-{}", s.index, s.count));
    }
    if tags.is_empty() {
        return file.to_path_buf();
    }
    let name = file
        .file_name()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    // The extension is the last one, or .tar.gz for an EMA archive.
    let at = if forecast_table::is_archive(file) && name.to_ascii_lowercase().ends_with(".tar.gz") {
        name.len() - ".tar.gz".len()
    } else {
        name.rfind('.').filter(|&k| k > 0).unwrap_or(name.len())
    };
    let (stem, ext) = name.split_at(at);
    file.with_file_name(format!("{stem}.{}{ext}", tags.join(".")))
}

/// Compares the loaded models on each scenario of `paths` (with
/// `settings`): one report per scenario, in order; with `save`, each
/// scenario's experiments table.
pub fn compare(
    loaded: &Loaded,
    paths: &[PathBuf],
    settings: &ScenarioSettings,
    exec: Exec,
    pooling: Pooling,
    save: Option<&SaveTable>,
) -> Result<Vec<ScenarioReport>, Error> {
    let models = loaded.models();
    let several = paths.len() > 1;
    let mut reports = Vec::with_capacity(paths.len());
    for path in paths {
        // Checked against every loaded model, run or not (as the parts are).
        let plan = settings.plan(path, &loaded.planning)?;
        let file = save.map(|s| table_file(&s.file, path, several, None));
        // The run's identity, described only for a table that keeps it.
        let run = file
            .as_ref()
            .map(|_| TableRun::json(models, path, settings, &plan, Shard::default()))
            .transpose()?;
        let save = file.as_deref().zip(run.as_deref()).map(|(file, run)| Save {
            file,
            indicators: save.is_some_and(|s| s.indicators),
            run,
        });
        reports.push(plan_report(models, path, plan, exec, pooling, save)?);
    }
    Ok(reports)
}

/// Runs `shard` of each scenario of `paths` and writes it as a part into
/// `dir`; with `save`, the shard's experiments table beside.
pub fn write_parts(
    loaded: &Loaded,
    paths: &[PathBuf],
    settings: &ScenarioSettings,
    exec: Exec,
    shard: Shard,
    dir: &Path,
    save: Option<&SaveTable>,
) -> Result<Vec<Written>, Error> {
    let models = loaded.models();
    let several = paths.len() > 1;
    let mut written = Vec::with_capacity(paths.len());
    for (position, path) in paths.iter().enumerate() {
        let file = save.map(|s| table_file(&s.file, path, several, Some(shard)));
        let plan = settings.plan(path, &loaded.planning)?;
        let run = file
            .as_ref()
            .map(|_| TableRun::json(models, path, settings, &plan, shard))
            .transpose()?;
        let save = file.as_deref().zip(run.as_deref()).map(|(file, run)| Save {
            file,
            indicators: save.is_some_and(|s| s.indicators),
            run,
        });
        let part = write_part(
            models,
            path,
            settings,
            &plan,
            exec,
            PartOf {
                shard,
                dir,
                position,
                sweep: None,
            },
            save,
        )?;
        written.push(Written {
            path: part.path,
            summary: format!(
                "shard {} of {}, {} of {} samples, {} models",
                shard.index,
                shard.count,
                part.samples,
                part.of,
                loaded.plugins.len()
            ),
        });
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_files_carry_the_scenario_and_shard_before_the_extension() {
        let shard = Some(Shard { index: 1, count: 4 });
        let name = |file: &str, several, shard| {
            table_file(
                Path::new(file),
                Path::new("s/korea-2006.toml"),
                several,
                shard,
            )
            .display()
            .to_string()
        };
        assert_eq!(name("out/runs.parquet", false, None), "out/runs.parquet");
        assert_eq!(
            name("runs.parquet", true, shard),
            "runs.korea-2006.1-of-4.parquet"
        );
        assert_eq!(name("runs.csv", false, shard), "runs.1-of-4.csv");
        assert_eq!(name("runs.tar.gz", true, None), "runs.korea-2006.tar.gz");
        assert_eq!(name("runs.tgz", false, shard), "runs.1-of-4.tgz");
        assert_eq!(name("runs", true, None), "runs.korea-2006");
    }
}
