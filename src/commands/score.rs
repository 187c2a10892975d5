//! `forecast score`: every model's forecasts against what happened.

use super::ScenarioArgs;
use crate::error::{CliError, Outcome};
use crate::execute::plan_report_observed;
use crate::models::PluginArgs;
use forecast_core::{Forecast, ModelResult, Pooling};
use forecast_host::run::SampleSink;
use forecast_report::score::{Forecaster, Kind, ScoreReport, write_json, write_table};
use forecast_score::{
    Answer, QuestionSet, Scorecard, climatology, constant, linear_pool, scorecard,
};
use std::io::Write;
use std::path::PathBuf;

/// Score every model's forecasts against questions that have resolved.
///
/// Runs the models on the scenario (as `compare` does), reads each
/// question's forecast from the model's output (the mean over the samples
/// of the indicator the question names at its year; with a threshold, the
/// share of samples in which the indicator passes it; or an outcome's mean
/// when the scenario ends in the question's year), and reports per model
/// and for the ensemble (the linear pool) the Brier score, the log score,
/// how many questions it answered (a model that emits nothing for a
/// question abstains: no number is filled in), skill against references (a
/// reference model, `base-rates` when loaded with --plugin; always a fixed
/// 50% and the climatology, the questions' own share of yes known only in
/// hindsight), every forecast by question, and a reliability table.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario file whose forecasts are scored.
    #[arg(value_name = "SCENARIO")]
    scenario_file: PathBuf,
    /// The questions file (default: the DPRK questions of December 2006,
    /// `questions/dprk-2006.toml`, built into the binary).
    #[arg(value_name = "QUESTIONS")]
    questions: Option<PathBuf>,
    /// The id of the model every other is measured against (default:
    /// base-rates, the outside view, when loaded with --plugin).
    #[arg(long, value_name = "MODEL")]
    reference: Option<String>,
    #[command(flatten)]
    scenario: ScenarioArgs,
    #[command(flatten)]
    plugins: PluginArgs,
    #[command(flatten)]
    jobs: super::JobsArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScoreFormat::Table)]
    format: ScoreFormat,
}

/// The model skill is measured against when `--reference` is left out, if
/// loaded: the outside view.
const DEFAULT_REFERENCE: &str = "base-rates";

/// The questions scored when none are named, built in so that `score`
/// works from any directory.
const DEFAULT_QUESTIONS_FILE: &str = "questions/dprk-2006.toml";
const DEFAULT_QUESTIONS: &str = include_str!("../../questions/dprk-2006.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreFormat {
    Table,
    Json,
}

/// The events of threshold and window questions, judged in each sample:
/// for a threshold, 1 when the indicator at its year passes it; for a
/// window, 1 - prod (1 - p_t) over its years (the years independent given
/// the sample). Kept per sample, by index, so that their mean does not
/// depend on the order in which blocks arrive.
struct SampleEvents {
    events: Vec<Event>,
    /// `values[plugin][event]`: one value per sample, NaN until computed;
    /// `None` when the plugin does not emit the indicator.
    values: Vec<Vec<Option<Vec<f64>>>>,
    samples: usize,
}

/// A question's event, by the indicator's year indices.
#[derive(Debug, Clone, PartialEq)]
enum Event {
    Threshold {
        name: String,
        t: usize,
        above: f64,
    },
    Window {
        name: String,
        from: usize,
        to: usize,
    },
}

impl Event {
    fn of(answer: &Answer, start_year: i32, last_year: i32) -> Option<Event> {
        let index = |year: i32| usize::try_from(year - start_year).ok();
        let name = answer.indicator.clone()?;
        if answer.year > last_year {
            return None;
        }
        match (answer.above, answer.from) {
            (Some(above), None) => Some(Event::Threshold {
                name,
                t: index(answer.year)?,
                above,
            }),
            (None, Some(from)) => Some(Event::Window {
                name,
                from: index(from)?,
                to: index(answer.year)?,
            }),
            _ => None,
        }
    }

    fn name(&self) -> &str {
        match self {
            Event::Threshold { name, .. } | Event::Window { name, .. } => name,
        }
    }

    fn judge(&self, values: &[f64]) -> f64 {
        match self {
            Event::Threshold { t, above, .. } => (values[*t] > *above) as u8 as f64,
            Event::Window { from, to, .. } => {
                1.0 - values[*from..=*to]
                    .iter()
                    .map(|p| 1.0 - p.clamp(0.0, 1.0))
                    .product::<f64>()
            }
        }
    }
}

impl SampleSink for SampleEvents {
    fn block(&mut self, plugin: usize, first: u32, forecasts: &[Forecast]) {
        for (i, f) in forecasts.iter().enumerate() {
            let s = first as usize + i;
            for (k, event) in self.events.iter().enumerate() {
                if let Some(values) = f.indicators.get(event.name()) {
                    let slot =
                        self.values[plugin][k].get_or_insert_with(|| vec![f64::NAN; self.samples]);
                    if let Some(v) = slot.get_mut(s) {
                        *v = event.judge(values);
                    }
                }
            }
        }
    }
}

impl SampleEvents {
    /// The mean over `plugin`'s samples of `answer`'s event.
    fn share(
        &self,
        plugin: usize,
        start_year: i32,
        last_year: i32,
        answer: &Answer,
    ) -> Option<f64> {
        let event = Event::of(answer, start_year, last_year)?;
        let k = self.events.iter().position(|e| *e == event)?;
        let values = self.values[plugin][k].as_ref()?;
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        (!finite.is_empty()).then(|| finite.iter().sum::<f64>() / finite.len() as f64)
    }
}

/// A model's forecast of a question's event (see [`Answer`]): an
/// indicator's mean at the year, the share of samples passing a threshold,
/// the mean chance of an event in a window, or an outcome's mean when the
/// scenario ends that year. `None` (it
/// abstains) when the model does not emit what the answer names.
fn forecast_of(
    m: &ModelResult,
    years: (i32, i32),
    answer: &Answer,
    threshold_share: impl Fn() -> Option<f64>,
) -> Option<f64> {
    if let Some(outcome) = &answer.outcome {
        let declared = m.model.outcomes.iter().any(|o| o == outcome);
        let o = forecast_vocab::outcome_index(outcome)?;
        return (declared && answer.year == years.1).then(|| m.outcomes[o].mean);
    }
    if answer.above.is_some() || answer.from.is_some() {
        return threshold_share();
    }
    let name = answer.indicator.as_deref()?;
    let series = m.indicators.iter().find(|i| i.name == name)?;
    let t = usize::try_from(answer.year - years.0).ok()?;
    series.years.get(t).map(|y| y.mean)
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let (questions_file, questions) = match &args.questions {
        Some(path) => (path.display().to_string(), QuestionSet::load(path)?),
        None => (
            DEFAULT_QUESTIONS_FILE.to_string(),
            QuestionSet::parse(DEFAULT_QUESTIONS_FILE, DEFAULT_QUESTIONS)?,
        ),
    };
    let loaded = args.plugins.load_models()?;
    let plugins = &loaded.plugins;
    if let Some(asked) = &args.reference
        && !plugins.iter().any(|p| p.spec.id == *asked)
    {
        return Err(CliError::Usage {
            message: format!("--reference `{asked}` is not a loaded model"),
            hint: "name a loaded model's id (`forecast list` shows them; load others with --plugin), or leave it out".into(),
        });
    }
    let plan = args.scenario.plan(&args.scenario_file, &loaded.planning)?;
    let start_year = plan.scenario.start_year;
    let years = (start_year, start_year + plan.scenario.horizon as i32 - 1);
    // Threshold and window questions need each sample's indicator.
    let mut events: Vec<Event> = Vec::new();
    for q in &questions.questions {
        if let Some(e) = q
            .answer
            .as_ref()
            .and_then(|a| Event::of(a, start_year, years.1))
            && !events.contains(&e)
        {
            events.push(e);
        }
    }
    let mut sample_events = SampleEvents {
        values: vec![vec![None; events.len()]; plugins.len()],
        samples: plan.samples as usize,
        events,
    };
    let report = plan_report_observed(
        loaded.models(),
        &args.scenario_file,
        plan,
        args.jobs.threads(),
        Pooling::Linear,
        &mut sample_events,
    );
    // Only questions about the scenario's years are scored, by the models
    // and the references alike; the report lists the others.
    let in_years: Vec<_> = questions
        .questions
        .iter()
        .filter(|q| q.answer.is_some() && forecast_report::score::not_scored(q, years).is_none())
        .cloned()
        .collect();
    let qs = &in_years;
    let models: Vec<(String, Scorecard)> = report
        .comparison
        .iter()
        .flat_map(|c| &c.models)
        .map(|m| {
            let plugin = plugins.iter().position(|p| p.spec.id == m.model.id);
            let card = scorecard(qs, |a| {
                forecast_of(m, years, a, || {
                    sample_events.share(plugin?, start_year, years.1, a)
                })
            });
            (m.model.id.clone(), card)
        })
        .collect();
    let reference_id = args
        .reference
        .clone()
        .unwrap_or_else(|| DEFAULT_REFERENCE.into());
    let (reference, scored): (Vec<_>, Vec<_>) =
        models.into_iter().partition(|(id, _)| *id == reference_id);
    let ensemble = linear_pool(&scored.iter().map(|(_, c)| c).collect::<Vec<_>>());
    let mut forecasters: Vec<Forecaster> = scored
        .into_iter()
        .map(|(name, card)| Forecaster {
            name,
            kind: Kind::Model,
            card,
        })
        .collect();
    forecasters.push(Forecaster {
        name: "ensemble (linear pool)".into(),
        kind: Kind::Ensemble,
        card: ensemble,
    });
    forecasters.extend(reference.into_iter().map(|(name, card)| Forecaster {
        name,
        kind: Kind::Reference,
        card,
    }));
    forecasters.push(Forecaster {
        name: "50%".into(),
        kind: Kind::Reference,
        card: constant(qs, 0.5),
    });
    let climate = climatology(qs);
    if let Some(p) = climate {
        forecasters.push(Forecaster {
            name: "climatology".into(),
            kind: Kind::Reference,
            card: constant(qs, p),
        });
    }
    let failed = !report.failures.is_empty();
    let score = ScoreReport {
        questions_file,
        questions,
        years,
        reference: if forecasters.iter().any(|f| f.name == reference_id) {
            reference_id
        } else {
            "50%".into()
        },
        forecasters,
        scenario: report,
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        ScoreFormat::Table => write_table(&mut out, &score)?,
        ScoreFormat::Json => write_json(&mut out, &score)?,
    }
    out.flush()?;
    Ok(if failed {
        Outcome::PluginFailed
    } else {
        Outcome::Success
    })
}
