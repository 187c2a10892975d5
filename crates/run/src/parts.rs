//! Partial results of sharded runs (`forecast compare --shard K/N`, and the
//! analyses') and their merge (`forecast merge`).
//!
//! A part holds, per model, the mergeable summaries of the blocks its
//! shard ran (`forecast_host::run::Partial`), and everything a merge needs
//! to rebuild the report and to check that the parts belong to one run:
//! the scenario's text and overrides, the sampling settings, each plugin's
//! id and SHA-256, the limits that can change a result, and the version of
//! forecast. Parts are binary (postcard): exact sums and sketches must
//! round-trip bit for bit.
//!
//! A part file is the magic line, the SHA-256 of the payload, and the
//! payload: a flipped bit, a file cut short or bytes appended are refused
//! by name before anything is merged, and what a merge computes is
//! range-checked (every sample once, probabilities in [0, 1]). The
//! checksum guards against damage, not against someone who rewrites a
//! part on purpose: a part is trusted as the scenario file is
//! (docs/security.md).

use crate::PartsError;
use forecast_core::{Comparison, ModelSpec, Plan, PlanOptions, Pooling, Sampling, Scenario};
use forecast_host::run::{Partial, Shard};
use forecast_report::{Failure, ScenarioReport};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The first bytes of every part file.
const MAGIC: &[u8] = b"forecast-part/2\n";
/// The first bytes of a part of the format before the checksum.
const MAGIC_V1: &[u8] = b"forecast-part/1\n";

/// The SHA-256 of a part's payload.
fn checksum(payload: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(payload).into()
}

/// What makes two parts parts of the same run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunKey {
    pub forecast_version: String,
    pub scenario_id: String,
    pub scenario_text: String,
    pub overrides: Vec<String>,
    pub samples: u32,
    pub seed: u64,
    pub sampling: Sampling,
    /// Each plugin's id and the SHA-256 of its component, in run order.
    pub plugins: Vec<(String, String)>,
    pub fuel: Option<u64>,
    pub mean_fuel: Option<u64>,
    pub memory_mib: usize,
    pub strict_nan: bool,
}

impl RunKey {
    /// The first difference from `other`, in words.
    pub fn difference(&self, other: &RunKey) -> Option<String> {
        let differs = |what: &str, a: String, b: String| {
            Some(format!("{what} differs ({a} here, {b} there)"))
        };
        if self.forecast_version != other.forecast_version {
            return differs(
                "the forecast version",
                self.forecast_version.clone(),
                other.forecast_version.clone(),
            );
        }
        if self.scenario_id != other.scenario_id || self.scenario_text != other.scenario_text {
            return Some(format!(
                "the scenario differs (`{}` here, `{}` there, or its file was edited between the runs)",
                self.scenario_id, other.scenario_id
            ));
        }
        if self.overrides != other.overrides {
            return differs(
                "--set",
                format!("{:?}", self.overrides),
                format!("{:?}", other.overrides),
            );
        }
        if (self.samples, self.seed, self.sampling) != (other.samples, other.seed, other.sampling) {
            return differs(
                "the sampling",
                format!(
                    "{} samples, seed {}, {:?}",
                    self.samples, self.seed, self.sampling
                ),
                format!(
                    "{} samples, seed {}, {:?}",
                    other.samples, other.seed, other.sampling
                ),
            );
        }
        if self.plugins != other.plugins {
            let show = |p: &[(String, String)]| {
                p.iter()
                    .map(|(id, d)| format!("{id} {}", &d[..12.min(d.len())]))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return differs(
                "the plugins (id and SHA-256)",
                show(&self.plugins),
                show(&other.plugins),
            );
        }
        let limits = |k: &RunKey| {
            format!(
                "--fuel {:?} --mean-fuel {:?} --memory {} strict-nan {}",
                k.fuel, k.mean_fuel, k.memory_mib, k.strict_nan
            )
        };
        if limits(self) != limits(other) {
            return differs("the limits", limits(self), limits(other));
        }
        None
    }
}

/// One shard's part of one scenario's run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Part {
    pub key: RunKey,
    /// The scenario file as named on the command line.
    pub scenario_file: PathBuf,
    /// Its place among the command's scenarios: the merged reports come in
    /// the order of the run, whatever the order of the parts.
    pub position: usize,
    pub shard: Shard,
    pub models: Vec<ModelSpec>,
    pub origins: Vec<String>,
    pub partials: Vec<Partial>,
    /// Plugins that could not be loaded.
    pub load_failures: Vec<Failure>,
    /// The point of a sweep this run is, if it is one.
    pub sweep: Option<SweepPoint>,
    /// A shard of `forecast sensitivity`'s designs, if it is one (then
    /// `partials` is empty).
    pub sensitivity: Option<SensitivityPart>,
    /// A shard of `forecast backtest`'s runs, if it is one (then `partials`
    /// is empty).
    pub backtest: Option<BacktestPart>,
    /// A shard of `forecast decide`'s evaluations, if it is one (then
    /// `partials` is empty).
    pub decide: Option<DecidePart>,
}

/// What a shard of `forecast decide` computed: each policy's quantities per
/// model on its blocks, and what the decision is about.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DecidePart {
    pub question: DecideQuestion,
    /// Per policy, per model in the loaded order.
    pub rows: Vec<Vec<crate::policies::Rows>>,
}

/// What a decision is about: the parts of one must agree on all of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecideQuestion {
    pub policies: Vec<forecast_report::decide::PolicyInfo>,
    /// The quantities kept per sample: the objectives', then the constraints'.
    pub names: Vec<String>,
    pub objectives: Vec<forecast_decide::Objective>,
    pub constraints: Vec<forecast_decide::Constraint>,
    pub tail: f64,
    /// The levers each model reads, in the loaded order.
    pub reads: Vec<Vec<String>>,
}

/// What a shard of `forecast backtest` computed: each model's values of the
/// record's indicators on its blocks of every run, and what the back-test
/// was (the record, read again at the merge, and the protocol).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BacktestPart {
    pub record_file: PathBuf,
    pub record_text: String,
    /// With the origins resolved.
    pub protocol: crate::protocol::Protocol,
    /// Per run of the back-test in order (origin by origin: its calibration
    /// with --calibrate, then its forecast), per model in the loaded order.
    pub runs: Vec<Vec<crate::yearly::Rows>>,
}

impl BacktestPart {
    /// The same back-test without its runs.
    pub fn clone_settings(&self) -> BacktestPart {
        BacktestPart {
            record_file: self.record_file.clone(),
            record_text: self.record_text.clone(),
            protocol: self.protocol.clone(),
            runs: Vec::new(),
        }
    }
}

/// What a shard of `forecast sensitivity` computed: each model's outcomes on
/// its blocks of the Saltelli and the tornado designs, and the analysis's
/// settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SensitivityPart {
    pub outcomes: Vec<usize>,
    pub resamples: usize,
    pub saltelli: Vec<crate::design::Rows>,
    pub tornado: Vec<crate::design::Rows>,
}

/// A run's place in a sweep (`forecast sweep --shard`): the sweep's varied
/// parameters, the outcomes it shows, and which point of its grid this is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    pub varies: Vec<forecast_analysis::sweep::Vary>,
    pub outcomes: Vec<usize>,
    pub point: usize,
}

/// Which shard of a run to compute, and the folder its part goes into.
#[derive(Debug, Clone, Copy)]
pub struct ShardTo<'a> {
    pub shard: Shard,
    pub dir: &'a Path,
}

/// What writing a shard's part did: the file, and what it holds in words
/// (`shard 1 of 4, 250 of 1000 samples, 3 models`).
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub path: PathBuf,
    pub summary: String,
}

impl Part {
    /// A part of an analysis's shard (a sweep point, a sensitivity
    /// analysis, a back-test, a decision), of the run `key` of
    /// `scenario_file` by `loaded`'s models: the caller sets what it
    /// computed.
    pub fn of_analysis(
        key: RunKey,
        scenario_file: PathBuf,
        shard: Shard,
        loaded: &crate::models::Loaded,
    ) -> Part {
        Part {
            key,
            scenario_file,
            position: 0,
            shard,
            models: loaded.specs(),
            origins: loaded.plugins.iter().map(|p| p.origin.clone()).collect(),
            partials: Vec::new(),
            load_failures: loaded.failures.clone(),
            sweep: None,
            sensitivity: None,
            backtest: None,
            decide: None,
        }
    }

    /// The file name of a part: `<scenario>.<K>-of-<N>.part`;
    /// `<scenario>.point-<P>.<K>-of-<N>.part` for point P of a sweep,
    /// `<scenario>.sensitivity.<K>-of-<N>.part` for a sensitivity analysis,
    /// `<scenario>.backtest.<K>-of-<N>.part` for a back-test,
    /// `<scenario>.decide.<K>-of-<N>.part` for a decision.
    pub fn file_name(&self) -> String {
        let point = match (&self.sweep, &self.sensitivity, &self.backtest, &self.decide) {
            (Some(s), ..) => format!(".point-{}", s.point),
            (None, Some(_), ..) => ".sensitivity".to_string(),
            (None, None, Some(_), _) => ".backtest".to_string(),
            (None, None, None, Some(_)) => ".decide".to_string(),
            (None, None, None, None) => String::new(),
        };
        format!(
            "{}{point}.{}-of-{}.part",
            self.key.scenario_id, self.shard.index, self.shard.count
        )
    }

    pub fn write(&self, dir: &Path) -> Result<PathBuf, PartsError> {
        let path = forecast_core::name::file_in(dir, &self.file_name()).map_err(|message| {
            PartsError::Io {
                path: dir.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::InvalidInput, message),
            }
        })?;
        let io = |source| PartsError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let payload =
            postcard::to_stdvec(self).map_err(|e| io(std::io::Error::other(e.to_string())))?;
        let mut bytes = MAGIC.to_vec();
        bytes.extend(checksum(&payload));
        bytes.extend(payload);
        std::fs::write(&path, bytes).map_err(io)?;
        Ok(path)
    }

    pub fn read(path: &Path) -> Result<Part, PartsError> {
        let bytes = std::fs::read(path).map_err(|source| PartsError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let not = |message: String| PartsError::NotAPart {
            path: path.to_path_buf(),
            message,
        };
        if bytes.starts_with(MAGIC_V1) {
            return Err(not(
                "it was written by an older forecast, without a checksum: run its shard again"
                    .into(),
            ));
        }
        let body = bytes.strip_prefix(MAGIC).ok_or_else(|| {
            not("it does not start as a part does: it is another file, or damaged (parts are written by `--shard K/N`)".into())
        })?;
        let (stored, payload) = body
            .split_first_chunk::<32>()
            .ok_or_else(|| not("it ends before its checksum: it was cut short".into()))?;
        if checksum(payload) != *stored {
            return Err(not(format!(
                "its {} bytes do not match its checksum: it is damaged, cut short or has bytes appended; run its shard again",
                bytes.len()
            )));
        }
        let (part, rest) = postcard::take_from_bytes(payload)
            .map_err(|e| not(format!("it is from another version of forecast ({e})")))?;
        if !rest.is_empty() {
            return Err(not(format!(
                "{} bytes follow the part: run its shard again",
                rest.len()
            )));
        }
        Ok(part)
    }
}

/// Merges the parts of one or more runs into their reports, one per
/// scenario (or sweep point) in the order of the run. Every run needs each
/// of its N shards exactly once, all with the same key.
pub fn merge(parts: Vec<(PathBuf, Part)>, pooling: Pooling) -> Result<Vec<Merged>, PartsError> {
    let mut runs: Vec<(PathBuf, Vec<Part>)> = Vec::new();
    for (path, part) in parts {
        let point = |p: &Part| p.sweep.as_ref().map(|s| s.point);
        match runs.iter_mut().find(|(_, r)| {
            r[0].key.scenario_id == part.key.scenario_id && point(&r[0]) == point(&part)
        }) {
            Some((first, run)) => {
                if let Some(what) = part.key.difference(&run[0].key) {
                    return Err(PartsError::Mismatch {
                        path,
                        other: first.clone(),
                        what,
                    });
                }
                run.push(part);
            }
            None => runs.push((path, vec![part])),
        }
    }
    runs.sort_by_key(|(_, r)| {
        (
            r[0].position,
            r[0].key.scenario_id.clone(),
            r[0].sweep.as_ref().map(|s| s.point),
        )
    });
    runs.into_iter()
        .map(|(_, parts)| merge_run(parts, pooling))
        .collect()
}

/// Reads part files.
pub fn read_all(paths: &[PathBuf]) -> Result<Vec<(PathBuf, Part)>, PartsError> {
    paths
        .iter()
        .map(|p| Ok((p.clone(), Part::read(p)?)))
        .collect()
}

/// Checks that `parts` (of one run) hold each of its N shards once, and
/// sorts them by shard.
pub fn complete(parts: &mut [Part]) -> Result<(), PartsError> {
    let scenario = parts[0].key.scenario_id.clone();
    let incomplete = |message: String| PartsError::Incomplete {
        scenario: scenario.clone(),
        message,
    };
    let count = parts[0].shard.count;
    if let Some(p) = parts.iter().find(|p| p.shard.count != count) {
        return Err(incomplete(format!(
            "some parts are of {count} shards, some of {}",
            p.shard.count
        )));
    }
    parts.sort_by_key(|p| p.shard.index);
    let indices: Vec<u32> = parts.iter().map(|p| p.shard.index).collect();
    if let Some(w) = indices.windows(2).find(|w| w[0] == w[1]) {
        return Err(incomplete(format!(
            "shard {} of {count} is given twice",
            w[0]
        )));
    }
    if let Some(missing) = (0..count).find(|k| !indices.contains(k)) {
        return Err(incomplete(format!(
            "shard {missing} of {count} is missing (given: {})",
            indices
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(())
}

/// Checks that `parts` are shards of one run: `differs(part, first)` says
/// how a part differs from the first, if it does.
pub fn one_run(
    parts: &[(PathBuf, Part)],
    differs: impl Fn(&Part, &Part) -> Option<String>,
) -> Result<(), PartsError> {
    let (first_path, first) = &parts[0];
    for (path, part) in &parts[1..] {
        if let Some(what) = differs(part, first) {
            return Err(PartsError::Mismatch {
                path: path.clone(),
                other: first_path.clone(),
                what,
            });
        }
    }
    Ok(())
}

/// The scenario the shards of a run ran: its text with the run's --set.
pub fn rebuild_scenario(part: &Part) -> Result<Scenario, PartsError> {
    let key = &part.key;
    let file = part.scenario_file.display().to_string();
    let rebuilt = || -> Result<Scenario, forecast_core::ScenarioError> {
        let mut sc = Scenario::parse(&file, &key.scenario_text)?;
        for s in &key.overrides {
            sc.set(s)?;
        }
        Ok(sc)
    };
    rebuilt().map_err(|e| PartsError::Incomplete {
        scenario: key.scenario_id.clone(),
        message: format!("its scenario no longer reads: {e}"),
    })
}

/// The plan options of a run's key, for `design`.
pub fn plan_options(key: &RunKey, design: forecast_core::Design) -> PlanOptions {
    PlanOptions {
        samples: Some(key.samples),
        seed: Some(key.seed),
        sampling: key.sampling,
        design,
    }
}

/// The plan the shards of a run made: the same scenario text, overrides
/// and sampling give the same draws.
pub fn rebuild_plan(part: &Part, design: forecast_core::Design) -> Result<Plan, PartsError> {
    let scenario = rebuild_scenario(part)?;
    Plan::new(scenario, &part.models, plan_options(&part.key, design)).map_err(|e| {
        PartsError::Incomplete {
            scenario: part.key.scenario_id.clone(),
            message: format!("its scenario no longer plans: {e}"),
        }
    })
}

/// A merged run: its report, and where each model came from.
pub struct Merged {
    pub report: ScenarioReport,
    /// What made the parts one run.
    pub key: RunKey,
    /// The sweep point the run was, if any.
    pub sweep: Option<SweepPoint>,
    /// (model id, origin) in run order.
    pub origins: Vec<(String, String)>,
}

fn merge_run(mut parts: Vec<Part>, pooling: Pooling) -> Result<Merged, PartsError> {
    let scenario = parts[0].key.scenario_id.clone();
    complete(&mut parts)?;
    let mut first = parts.remove(0);
    let plan = rebuild_plan(&first, forecast_core::Design::Samples)?;
    let sweep = first.sweep.take();
    let mut partials = std::mem::take(&mut first.partials);
    for part in parts {
        for ((mine, theirs), model) in partials.iter_mut().zip(part.partials).zip(&first.models) {
            mine.merge(theirs)
                .map_err(|message| PartsError::Inconsistent {
                    scenario: scenario.clone(),
                    model: model.id.clone(),
                    message,
                })?;
        }
    }
    let mut failures = first.load_failures;
    let mut results = Vec::new();
    let mut logs = Vec::new();
    for (partial, model) in partials.into_iter().zip(&first.models) {
        let run = partial.finish(model);
        match run.result {
            Ok(m) => {
                m.check(plan.samples)
                    .map_err(|message| PartsError::Inconsistent {
                        scenario: scenario.clone(),
                        model: model.id.clone(),
                        message,
                    })?;
                if !run.log.is_empty() {
                    logs.push((model.id.clone(), run.log));
                }
                results.push(m);
            }
            Err(f) => failures.push(f.into()),
        }
    }
    let comparison = (!results.is_empty()).then(|| Comparison::new(results, pooling));
    let origins = first
        .models
        .iter()
        .map(|m| m.id.clone())
        .zip(first.origins)
        .collect();
    Ok(Merged {
        key: first.key,
        sweep,
        report: ScenarioReport {
            file: first.scenario_file,
            plan,
            comparison,
            failures,
            logs,
        },
        origins,
    })
}
