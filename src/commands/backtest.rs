//! `forecast backtest`: yearly forecasts made at rolling origins, scored
//! against the record.

use super::ScenarioArgs;
use crate::error::{CliError, Outcome};
use crate::models::{Loaded, PluginArgs};
use crate::report::backtest::{Backtest, Calibration, Forecaster, Kind, write_json, write_table};
use crate::yearly::{Run, fit, fitted_years};
use forecast_core::rng::{derive_seed, name_hash};
use forecast_score::backtest::{Card, Scored};
use forecast_score::yearly::{base_rate, persistence};
use forecast_score::{Predictive, Record};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Score the models' yearly forecasts, made at rolling origins, against
/// the record of what happened.
///
/// At each origin (the end of a year) the scenario is the one known then:
/// its yearly paths (the levers, and parameters that move with time) as
/// they were up to the origin, held at their last value after it (the
/// ex-ante forecast); with --conditional, the paths as they actually moved
/// (the mechanism's skill given the levers). Each model forecasts every
/// series of the record whose indicator it emits, for each lead of 1 to
/// --leads years, and abstains on the others. The forecasts are scored
/// against the record: a binary series by the Brier and the log score, a
/// count series by the ranked probability and the log score (each sample's
/// value a Poisson mean, the forecast their mixture). References, all
/// known at the origin: the running base rate and persistence from the
/// record up to the origin, and 50%. Reported per model, per series, per
/// lead, for the ensemble (the linear pool of the models that answer), as
/// skill against the references with 95% intervals from a moving-block
/// bootstrap over the target years, and as pairwise comparisons of the
/// models on the targets both answered.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The history scenario: the levers as they moved, year by year, from
    /// before the first origin (scenarios/history-1990-2026.toml).
    #[arg(value_name = "SCENARIO")]
    scenario_file: PathBuf,
    /// The record scored against (records/dprk.toml).
    #[arg(value_name = "RECORD")]
    record_file: PathBuf,
    #[command(flatten)]
    protocol: Protocol,
    #[command(flatten)]
    scenario: ScenarioArgs,
    #[command(flatten)]
    plugins: PluginArgs,
    #[command(flatten)]
    jobs: super::JobsArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = BacktestFormat::Table)]
    format: BacktestFormat,
}

/// How a back-test runs: its origins, leads, paths and calibration.
#[derive(Debug, Clone, clap::Args)]
pub struct Protocol {
    /// The origins, years whose end a forecast is made at, comma-separated
    /// (default: every three years from 2006 to 2021).
    #[arg(long, value_name = "YEARS", value_delimiter = ',', value_parser = clap::value_parser!(i32).range(1900..=2200))]
    pub origins: Vec<i32>,
    /// The longest lead in years: each origin forecasts its next 1 to N years.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=50))]
    pub leads: u32,
    /// Run on the paths as they actually moved after each origin, not held
    /// at the origin's values.
    #[arg(long)]
    pub conditional: bool,
    /// Calibrate each model at each origin on the record up to it (as
    /// `forecast calibrate --until ORIGIN`), then forecast with the
    /// posterior: the whole rolling-origin protocol.
    #[arg(long)]
    pub calibrate: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BacktestFormat {
    Table,
    Json,
    /// The reliability diagram and the PIT histograms.
    Svg,
}

/// The default origins: 2006, 2009, ..., 2021.
fn default_origins() -> Vec<i32> {
    (2006..=2021).step_by(3).collect()
}

/// The PIT's uniform draw for a target: the same for every forecaster.
fn pit_draw(seed: u64, series: &str, origin: i32, lead: u32) -> f64 {
    let bits = derive_seed(seed ^ name_hash(series), origin as u64, lead as u64);
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let loaded = args.plugins.load_models()?;
    let report = backtest(
        &loaded,
        &args.scenario_file,
        &args.scenario,
        &args.record_file,
        &args.protocol,
        args.jobs.threads(),
    )?;
    let mut out = std::io::stdout().lock();
    match args.format {
        BacktestFormat::Table => write_table(&mut out, &report)?,
        BacktestFormat::Json => write_json(&mut out, &report)?,
        BacktestFormat::Svg => writeln!(out, "{}", crate::report::backtest::svg(&report)?)?,
    }
    out.flush()?;
    Ok(Outcome::failed_if(!report.failures.is_empty()))
}

/// Runs the back-test of `scenario_file` (a history scenario, with
/// `scenario`'s overrides) against the record `record_file`.
pub fn backtest(
    loaded: &Loaded,
    scenario_file: &Path,
    scenario_args: &ScenarioArgs,
    record_file: &Path,
    protocol: &Protocol,
    jobs: Option<usize>,
) -> Result<Backtest, CliError> {
    let record = Record::load(record_file)?;
    let history = scenario_args.load(scenario_file)?;
    let origins = if protocol.origins.is_empty() {
        default_origins()
    } else {
        let mut o = protocol.origins.clone();
        o.sort_unstable();
        o.dedup();
        o
    };
    if let Some(late) = origins.iter().find(|o| **o >= record.last_year) {
        return Err(CliError::Usage {
            message: format!(
                "the origin {late} leaves nothing to score: the record `{}` ends in {}",
                record_file.display(),
                record.last_year
            ),
            hint: format!("give --origins before {}", record.last_year),
        });
    }
    let plugins = &loaded.plugins;
    let leads = protocol.leads;
    let mut cards: Vec<Card> = vec![Card::default(); plugins.len()];
    let mut ensemble = Card::default();
    let (mut base, mut persist, mut half) = (Card::default(), Card::default(), Card::default());
    let mut emits = vec![vec![false; record.series.len()]; plugins.len()];
    let mut failures = Vec::new();
    let mut calibrations = Vec::new();
    let mut samples = 0;
    let usage = |message: String| {
        CliError::Usage {
        message: format!("{}: {message}", scenario_file.display()),
        hint: "a history scenario gives every path from before the first origin (scenarios/history-1990-2026.toml)".into(),
    }
    };
    for &origin in &origins {
        let scenario = history
            .as_of(origin, leads, protocol.conditional)
            .map_err(usage)?;
        let seed = scenario.seed;
        // With --calibrate: each model's weights from the record up to the
        // origin, over the same samples (the same draws: the same seed,
        // sample count and uncertain parameters).
        let mut weights: Vec<Option<Vec<f64>>> = vec![None; plugins.len()];
        if protocol.calibrate {
            let past = history.up_to(origin).map_err(usage)?;
            let years = fitted_years(&record, past.start_year, origin)?;
            let plan = scenario_args.plan_scenario(past, &loaded.planning)?;
            let run = Run::new(loaded, scenario_file, plan, &record, jobs);
            failures.extend(run.failures(&format!("calibration until {origin}")));
            for (p, w) in weights.iter_mut().enumerate() {
                let fitted = fit(&run, p, &record, years.clone());
                calibrations.push(Calibration {
                    model: plugins[p].spec.id.clone(),
                    origin,
                    ess: fitted.as_ref().map(|f| f.weights.ess),
                    series: fitted.as_ref().map(|f| f.series.len()).unwrap_or(0),
                });
                *w = fitted.map(|f| f.weights.weights);
            }
        }
        let plan = scenario_args.plan_scenario(scenario, &loaded.planning)?;
        samples = plan.samples;
        let run = Run::new(loaded, scenario_file, plan, &record, jobs);
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
    let mut forecasters: Vec<Forecaster> = plugins
        .iter()
        .zip(cards)
        .map(|(p, card)| Forecaster {
            name: p.spec.id.clone(),
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
    failures.extend(loaded.failures.iter().cloned());
    Ok(Backtest {
        scenario_file: scenario_file.display().to_string(),
        scenario: history.id.clone(),
        record_file: record_file.display().to_string(),
        record,
        origins,
        leads,
        conditional: protocol.conditional,
        calibrations: protocol.calibrate.then_some(calibrations),
        samples,
        emits: plugins
            .iter()
            .map(|p| p.spec.id.clone())
            .zip(emits)
            .collect(),
        forecasters,
        failures,
    })
}
