//! `forecast backtest`: yearly forecasts made at rolling origins, scored
//! against the record.

use super::ScenarioArgs;
use crate::error::{CliError, Outcome};
use crate::execute::plan_report_observed;
use crate::models::PluginArgs;
use crate::report::backtest::{Backtest, Forecaster, Kind, write_json, write_table};
use forecast_core::rng::{derive_seed, name_hash};
use forecast_core::{Forecast, Pooling};
use forecast_host::run::SampleSink;
use forecast_score::backtest::{Card, Scored};
use forecast_score::yearly::{base_rate, persistence};
use forecast_score::{Predictive, Record};
use std::io::Write;
use std::path::PathBuf;

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
    /// The origins, years whose end a forecast is made at, comma-separated
    /// (default: every three years from 2006 to 2021).
    #[arg(long, value_name = "YEARS", value_delimiter = ',', value_parser = clap::value_parser!(i32).range(1900..=2200))]
    origins: Vec<i32>,
    /// The longest lead in years: each origin forecasts its next 1 to N years.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=50))]
    leads: u32,
    /// Run on the paths as they actually moved after each origin, not held
    /// at the origin's values.
    #[arg(long)]
    conditional: bool,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BacktestFormat {
    Table,
    Json,
}

/// The default origins: 2006, 2009, ..., 2021.
fn default_origins() -> Vec<i32> {
    (2006..=2021).step_by(3).collect()
}

/// Every sample's values of the record's indicators, by plugin and series:
/// `values[plugin][series]` holds `samples x horizon` values, sample by
/// sample, in sample order (so the result does not depend on the order in
/// which blocks arrive), or `None` when the plugin does not emit it.
struct Collect {
    indicators: Vec<String>,
    horizon: usize,
    samples: usize,
    values: Vec<Vec<Option<Vec<f64>>>>,
}

impl SampleSink for Collect {
    fn block(&mut self, plugin: usize, first: u32, forecasts: &[Forecast]) {
        let (h, n) = (self.horizon, self.samples);
        for (i, f) in forecasts.iter().enumerate() {
            let s = first as usize + i;
            for (k, name) in self.indicators.iter().enumerate() {
                let Some(series) = f.indicators.get(name) else {
                    continue;
                };
                let slot = self.values[plugin][k].get_or_insert_with(|| vec![f64::NAN; n * h]);
                if let (Some(to), Some(from)) = (slot.get_mut(s * h..(s + 1) * h), series.get(..h))
                {
                    to.copy_from_slice(from);
                }
            }
        }
    }
}

impl Collect {
    /// A plugin's forecast of series `k` at lead index `t`, from the
    /// samples it answered.
    fn forecast(
        &self,
        plugin: usize,
        k: usize,
        t: usize,
        kind: forecast_score::Kind,
    ) -> Option<Predictive> {
        let all = self.values[plugin][k].as_ref()?;
        let column: Vec<f64> = (0..self.samples)
            .map(|s| all[s * self.horizon + t])
            .filter(|v| v.is_finite())
            .collect();
        Predictive::from_samples(kind, &column)
    }
}

/// The PIT's uniform draw for a target: the same for every forecaster.
fn pit_draw(seed: u64, series: &str, origin: i32, lead: u32) -> f64 {
    let bits = derive_seed(seed ^ name_hash(series), origin as u64, lead as u64);
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let record = Record::load(&args.record_file)?;
    let loaded = args.plugins.load_models()?;
    let history = args.scenario.load(&args.scenario_file)?;
    let origins = if args.origins.is_empty() {
        default_origins()
    } else {
        let mut o = args.origins.clone();
        o.sort_unstable();
        o.dedup();
        o
    };
    if let Some(late) = origins.iter().find(|o| **o >= record.last_year) {
        return Err(CliError::Usage {
            message: format!(
                "the origin {late} leaves nothing to score: the record `{}` ends in {}",
                args.record_file.display(),
                record.last_year
            ),
            hint: format!("give --origins before {}", record.last_year),
        });
    }
    let plugins = &loaded.plugins;
    let leads = args.leads;
    let indicators: Vec<String> = record.series.iter().map(|s| s.indicator.clone()).collect();
    let mut cards: Vec<Card> = vec![Card::default(); plugins.len()];
    let mut ensemble = Card::default();
    let (mut base, mut persist, mut half) = (Card::default(), Card::default(), Card::default());
    let mut emits = vec![vec![false; record.series.len()]; plugins.len()];
    let mut failures = Vec::new();
    let mut samples = 0;
    for &origin in &origins {
        let scenario = history
            .as_of(origin, leads, args.conditional)
            .map_err(|message| CliError::Usage {
                message: format!("{}: {message}", args.scenario_file.display()),
                hint: "a history scenario gives every path from before the first origin (scenarios/history-1990-2026.toml)".into(),
            })?;
        let seed = scenario.seed;
        let plan = args.scenario.plan_scenario(scenario, &loaded.planning)?;
        samples = plan.samples;
        let mut sink = Collect {
            indicators: indicators.clone(),
            horizon: leads as usize,
            samples: plan.samples as usize,
            values: vec![vec![None; indicators.len()]; plugins.len()],
        };
        let report = plan_report_observed(
            loaded.models(),
            &args.scenario_file,
            plan,
            args.jobs.threads(),
            Pooling::Linear,
            &mut sink,
        );
        let failed: Vec<usize> = (0..plugins.len())
            .filter(|p| {
                report
                    .failures
                    .iter()
                    .any(|f| f.plugin == plugins[*p].spec.id)
            })
            .collect();
        // The report repeats the load failures first: they are added once, below.
        failures.extend(
            report
                .failures
                .into_iter()
                .skip(loaded.failures.len())
                .map(|mut f| {
                    f.during = format!("origin {origin}, {}", f.during);
                    f
                }),
        );
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
                for p in (0..plugins.len()).filter(|p| !failed.contains(p)) {
                    if let Some(f) = sink.forecast(p, k, lead as usize - 1, series.kind) {
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
    let failed = !failures.is_empty() || !loaded.failures.is_empty();
    failures.extend(loaded.failures.iter().cloned());
    let report = Backtest {
        scenario_file: args.scenario_file.display().to_string(),
        scenario: history.id.clone(),
        record_file: args.record_file.display().to_string(),
        record,
        origins,
        leads,
        conditional: args.conditional,
        samples,
        emits: plugins
            .iter()
            .map(|p| p.spec.id.clone())
            .zip(emits)
            .collect(),
        forecasters,
        failures,
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        BacktestFormat::Table => write_table(&mut out, &report)?,
        BacktestFormat::Json => write_json(&mut out, &report)?,
    }
    out.flush()?;
    Ok(Outcome::failed_if(failed))
}
