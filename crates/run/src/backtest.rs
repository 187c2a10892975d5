//! A back-test (`forecast backtest`): the models' yearly forecasts made at
//! rolling origins, each from the scenario as known then, scored against
//! the record with references known at the origin; optionally calibrated
//! at each origin on the record up to it.

use crate::Error;
use crate::PartsError;
use crate::job::Job;
use crate::parts::{BacktestPart, Part, ShardTo, Written};
use crate::protocol::Protocol;
use crate::yearly::{Run, Shape, fit, fitted_years};
use forecast_core::rng::{derive_seed, name_hash};
use forecast_core::{Plan, Scenario};
use forecast_report::backtest::{Backtest, Calibration, Forecaster, Kind};
use forecast_score::backtest::{Card, Scored};
use forecast_score::yearly::{base_rate, persistence};
use forecast_score::{Predictive, Record};
use std::path::{Path, PathBuf};

/// The PIT's uniform draw for a target: the same for every forecaster.
fn pit_draw(seed: u64, series: &str, origin: i32, lead: u32) -> f64 {
    let bits = derive_seed(seed ^ name_hash(series), origin as u64, lead as u64);
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// Runs the back-test of `scenario_file` (a history scenario, with
/// `scenario`'s overrides) against the record `record_file`.
pub fn backtest(job: &Job, record_file: &Path, protocol: &Protocol) -> Result<Backtest, Error> {
    let (loaded, scenario_file, scenario_args, exec) = job.split();
    let record = Record::load(record_file)?;
    let history = scenario_args.load(scenario_file)?;
    let files = Files {
        scenario: scenario_file,
        record: record_file,
    };
    let protocol = protocol.resolved();
    let plan = |s: Scenario| scenario_args.plan_scenario(s, &loaded.planning);
    let stages = stages(&history, &record, &protocol, files, &plan)?;
    let mut runs = Vec::with_capacity(stages.len());
    for stage in &stages {
        let run = |plan: &Plan| Run::new(loaded, plan, &record, exec);
        let calibration = stage.calibration.as_ref().map(run).transpose()?;
        runs.push((calibration, run(&stage.forecast)?));
    }
    Ok(score(
        &history,
        record,
        &protocol,
        files,
        &stages,
        runs,
        &loaded.specs(),
        loaded.failures.clone(),
    ))
}

/// The files a back-test names.
#[derive(Clone, Copy)]
struct Files<'a> {
    scenario: &'a Path,
    record: &'a Path,
}

/// The runs of one origin: the calibration on the past (with --calibrate)
/// and the forecast.
struct Stage {
    origin: i32,
    calibration: Option<Plan>,
    forecast: Plan,
}

impl Stage {
    fn plans(&self) -> impl Iterator<Item = &Plan> {
        self.calibration.iter().chain([&self.forecast])
    }
}

/// Every run a back-test of `history` makes, origin by origin, planned by
/// `plan`. With --calibrate, an origin's calibration runs over the same
/// samples as its forecast (the same draws: the same seed, sample count and
/// uncertain parameters), so its weights apply to the forecast's samples.
fn stages(
    history: &Scenario,
    record: &Record,
    protocol: &Protocol,
    files: Files,
    plan: &dyn Fn(Scenario) -> Result<Plan, Error>,
) -> Result<Vec<Stage>, Error> {
    if let Some(late) = protocol.origins.iter().find(|o| **o >= record.last_year) {
        return Err(Error::usage(
            format!(
                "the origin {late} leaves nothing to score: the record `{}` ends in {}",
                files.record.display(),
                record.last_year
            ),
            format!("give --origins before {}", record.last_year),
        ));
    }
    let usage = |message: String| {
        Error::usage(
            format!("{}: {message}", files.scenario.display()),
            "a history scenario gives every path from before the first origin (scenarios/history-1990-2026.toml)",
        )
    };
    protocol
        .origins
        .iter()
        .map(|&origin| {
            let calibration = if protocol.calibrate {
                let past = history.up_to(origin).map_err(usage)?;
                fitted_years(record, past.start_year, origin)?;
                Some(plan(past)?)
            } else {
                None
            };
            let scenario = history
                .as_of(origin, protocol.leads, protocol.conditional)
                .map_err(usage)?;
            Ok(Stage {
                origin,
                calibration,
                forecast: plan(scenario)?,
            })
        })
        .collect()
}

/// Scores the runs of each stage (its calibration's, if any, and its
/// forecast's) against the record.
#[allow(clippy::too_many_arguments)]
fn score(
    history: &Scenario,
    record: Record,
    protocol: &Protocol,
    files: Files,
    stages: &[Stage],
    runs: Vec<(Option<Run>, Run)>,
    models: &[forecast_core::ModelSpec],
    load_failures: Vec<forecast_report::Failure>,
) -> Backtest {
    let leads = protocol.leads;
    let mut cards: Vec<Card> = vec![Card::default(); models.len()];
    let mut ensemble = Card::default();
    let (mut base, mut persist, mut half) = (Card::default(), Card::default(), Card::default());
    let mut emits = vec![vec![false; record.series.len()]; models.len()];
    let mut failures = Vec::new();
    let mut calibrations = Vec::new();
    let mut samples = 0;
    for (stage, (calibration, run)) in stages.iter().zip(runs) {
        let origin = stage.origin;
        let seed = stage.forecast.scenario.seed;
        // With --calibrate: each model's weights from the record up to the
        // origin, over the forecast's samples.
        let mut weights: Vec<Option<Vec<f64>>> = vec![None; models.len()];
        if let Some(past) = calibration {
            failures.extend(past.failures(&format!("calibration until {origin}")));
            let years = fitted_years(&record, past.start_year(), origin)
                .expect("checked when the stages were planned");
            for (p, w) in weights.iter_mut().enumerate() {
                let fitted = fit(&past, p, &record, years.clone());
                calibrations.push(Calibration {
                    model: models[p].id.clone(),
                    origin,
                    ess: fitted.as_ref().map(|f| f.weights.ess),
                    series: fitted.as_ref().map(|f| f.series.len()).unwrap_or(0),
                });
                *w = fitted.map(|f| f.weights.weights);
            }
        }
        samples = stage.forecast.samples;
        failures.extend(run.failures(&format!("origin {origin}")));
        let known = record.until(origin);
        for (k, series) in record.series.iter().enumerate() {
            let past: Vec<f64> = known.series[k].values.iter().flatten().copied().collect();
            for lead in 1..=leads {
                let Some(year) = origin.checked_add(lead as i32) else {
                    continue;
                };
                let Some(observed) = series.value(year, record.first_year) else {
                    continue;
                };
                let u = pit_draw(seed, &series.id, origin, lead);
                let score = |f: &Predictive| Scored::new(&series.id, origin, lead, f, observed, u);
                let mut answered = Vec::new();
                for (p, w) in weights.iter().enumerate() {
                    if let Some(f) = run.forecast(p, k, year, series.kind, w.as_deref()) {
                        emits[p][k] = true;
                        cards[p].scored.push(score(&f));
                        answered.push(f);
                    }
                }
                if let Some(pool) = Predictive::pool(&answered.iter().collect::<Vec<_>>()) {
                    ensemble.scored.push(score(&pool));
                }
                if !past.is_empty() {
                    base.scored.push(score(&base_rate(series.kind, &past)));
                    persist
                        .scored
                        .push(score(&persistence(series.kind, &past, lead as usize)));
                }
                if series.kind == forecast_score::Kind::Binary {
                    half.scored.push(score(&Predictive::Binary(0.5)));
                }
            }
        }
    }
    let mut forecasters: Vec<Forecaster> = models
        .iter()
        .zip(cards)
        .map(|(m, card)| Forecaster {
            name: m.id.clone(),
            kind: Kind::Model,
            card,
        })
        .collect();
    forecasters.push(Forecaster {
        name: "ensemble".into(),
        kind: Kind::Ensemble,
        card: ensemble,
    });
    for (name, card) in [("base rate", base), ("persistence", persist), ("50%", half)] {
        forecasters.push(Forecaster {
            name: name.into(),
            kind: Kind::Reference,
            card,
        });
    }
    failures.extend(load_failures);
    Backtest {
        scenario_file: files.scenario.display().to_string(),
        scenario: history.id.clone(),
        record_file: files.record.display().to_string(),
        record,
        origins: protocol.origins.clone(),
        leads,
        conditional: protocol.conditional,
        calibrations: protocol.calibrate.then_some(calibrations),
        samples,
        emits: models.iter().map(|m| m.id.clone()).zip(emits).collect(),
        forecasters,
        failures,
    }
}

/// Runs the shard's blocks of every run of the back-test and writes them
/// as a part into `dir`.
pub fn write_part(
    job: &Job,
    record_file: &Path,
    protocol: &Protocol,
    to: ShardTo,
) -> Result<Written, Error> {
    let (loaded, scenario_file, settings, exec) = job.split();
    let ShardTo { shard, dir } = to;
    let record_text = std::fs::read_to_string(record_file).ok();
    let record = match &record_text {
        Some(text) => Record::parse(&record_file.display().to_string(), text)?,
        // The reading again, for its error.
        None => Record::load(record_file)?,
    };
    let history = settings.load(scenario_file)?;
    let files = Files {
        scenario: scenario_file,
        record: record_file,
    };
    let protocol = protocol.resolved();
    let plan = |s: Scenario| settings.plan_scenario(s, &loaded.planning);
    let stages = stages(&history, &record, &protocol, files, &plan)?;
    let runs = stages
        .iter()
        .flat_map(Stage::plans)
        .map(|plan| crate::yearly::run_shard(loaded, plan, &record, exec, shard))
        .collect::<Result<Vec<_>, Error>>()?;
    let first = &stages[0].forecast;
    let mut key = crate::execute::run_key(
        &loaded.host,
        &loaded.plugins,
        scenario_file,
        settings,
        first,
    )?;
    // Named after the history, not the first origin's scenario.
    key.scenario_id = history.id.clone();
    let part = Part {
        backtest: Some(BacktestPart {
            record_file: record_file.to_path_buf(),
            record_text: record_text.unwrap_or_default(),
            protocol,
            runs,
        }),
        ..Part::of_analysis(key, scenario_file.to_path_buf(), shard, loaded)
    };
    Ok(Written {
        path: part.write(dir)?,
        summary: format!(
            "shard {} of {}, {} of {} samples in each of {} runs, {} models",
            shard.index,
            shard.count,
            shard.samples(first.samples),
            first.samples,
            stages.iter().flat_map(Stage::plans).count(),
            loaded.plugins.len()
        ),
    })
}

/// The back-test of the parts of a sharded one: what the whole run gives,
/// with the same bits.
pub fn merge(parts: Vec<(PathBuf, Part)>) -> Result<Backtest, Error> {
    crate::parts::one_run(&parts, |part, first| {
        match (&part.backtest, &first.backtest) {
            (Some(a), Some(b))
                if a.record_text != b.record_text || a.record_file != b.record_file =>
            {
                Some(format!(
                    "the record differs (`{}` here, `{}` there, or its file was edited between the runs)",
                    a.record_file.display(),
                    b.record_file.display()
                ))
            }
            (Some(a), Some(b)) if a.protocol != b.protocol => Some(format!(
                "the protocol differs ({} here, {} there)",
                describe(&a.protocol),
                describe(&b.protocol)
            )),
            (Some(_), Some(_)) => part.key.difference(&first.key),
            _ => Some("a back-test and another run".into()),
        }
    })?;
    let mut parts: Vec<Part> = parts.into_iter().map(|(_, p)| p).collect();
    crate::parts::complete(&mut parts)?;
    let key = parts[0].key.clone();
    let scenario_file = parts[0].scenario_file.clone();
    let models = parts[0].models.clone();
    let load_failures = parts[0].load_failures.clone();
    let unplannable = |message: String| PartsError::Incomplete {
        scenario: key.scenario_id.clone(),
        message,
    };
    let settings = parts[0]
        .backtest
        .as_ref()
        .map(BacktestPart::clone_settings)
        .expect("checked");
    let record_name = settings.record_file.display().to_string();
    let record = Record::parse(&record_name, &settings.record_text)
        .map_err(|e| unplannable(format!("its record no longer reads: {e}")))?;
    let history = crate::parts::rebuild_scenario(&parts[0])?;
    let options = crate::parts::plan_options(&key, forecast_core::Design::Samples);
    let plan = |s: Scenario| -> Result<Plan, Error> { Ok(Plan::new(s, &models, options)?) };
    let files = Files {
        scenario: &scenario_file,
        record: &settings.record_file,
    };
    let stages = stages(&history, &record, &settings.protocol, files, &plan)?;
    let mut shards: Vec<BacktestPart> = parts.into_iter().filter_map(|p| p.backtest).collect();
    let plans: Vec<&Plan> = stages.iter().flat_map(Stage::plans).collect();
    if let Some(s) = shards.iter().find(|s| s.runs.len() != plans.len()) {
        return Err(unplannable(format!(
            "a part has {} runs where the back-test makes {}",
            s.runs.len(),
            plans.len()
        ))
        .into());
    }
    let mut combined = Vec::with_capacity(plans.len());
    for (i, plan) in plans.iter().enumerate() {
        let rows = (0..models.len())
            .map(|m| {
                shards
                    .iter_mut()
                    .map(|s| s.runs[i].get_mut(m).map(std::mem::take).unwrap_or_default())
                    .collect()
            })
            .collect();
        let run = Run::combine(Shape::of(plan, &record), rows)
            .map_err(|message| unplannable(format!("run {} of the back-test: {message}", i + 1)))?;
        combined.push(run);
    }
    let mut combined = combined.into_iter();
    let runs = stages
        .iter()
        .map(|stage| {
            let calibration = stage.calibration.as_ref().and_then(|_| combined.next());
            (calibration, combined.next().expect("one run per plan"))
        })
        .collect();
    Ok(score(
        &history,
        record,
        &settings.protocol,
        files,
        &stages,
        runs,
        &models,
        load_failures,
    ))
}

/// A protocol in words, for a message.
fn describe(p: &Protocol) -> String {
    format!(
        "origins {:?}, leads {}{}{}",
        p.origins,
        p.leads,
        if p.conditional { ", conditional" } else { "" },
        if p.calibrate { ", calibrated" } else { "" }
    )
}
