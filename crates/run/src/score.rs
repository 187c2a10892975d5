//! Scores (`forecast score`): every model's forecasts of a scenario read
//! off as answers to questions that have resolved, scored by Brier and log
//! score for each model, the ensemble and the references.

use crate::Error;
use crate::execute::plan_report_observed;
use crate::job::Job;
use forecast_core::{Forecast, ModelResult, Pooling};
use forecast_host::run::SampleSink;
use forecast_report::score::{Forecaster, Kind, ScoreReport};
use forecast_score::{
    Answer, QuestionSet, Scorecard, climatology, constant, linear_pool, scorecard,
};
use std::path::Path;

/// The model skill is measured against when `--reference` is left out, if
/// loaded: the outside view.
pub const DEFAULT_REFERENCE: &str = "base-rates";

/// The questions scored when none are named, built in so that `score`
/// works from any directory.
pub const DEFAULT_QUESTIONS_FILE: &str = "questions/dprk-2006.toml";
const DEFAULT_QUESTIONS: &str = include_str!("../../../questions/dprk-2006.toml");

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

/// Scores every loaded model's forecasts of the scenario at `path` (with
/// `settings`) against the questions of `questions_file` (none: the DPRK
/// questions of December 2006, built in), with skill measured against the
/// model `reference` (none: base-rates when loaded, else 50%).
pub fn score(
    job: &Job,
    questions_file: Option<&Path>,
    reference: Option<&str>,
) -> Result<ScoreReport, Error> {
    let (loaded, path, settings, exec) = job.split();
    let (questions_file, questions) = match questions_file {
        Some(path) => (path.display().to_string(), QuestionSet::load(path)?),
        None => (
            DEFAULT_QUESTIONS_FILE.to_string(),
            QuestionSet::parse(DEFAULT_QUESTIONS_FILE, DEFAULT_QUESTIONS)?,
        ),
    };
    let plugins = &loaded.plugins;
    if let Some(asked) = reference
        && !plugins.iter().any(|p| p.spec.id == *asked)
    {
        return Err(Error::usage(
            format!("--reference `{asked}` is not a loaded model"),
            "name a loaded model's id (`forecast list` shows them; load others with --plugin), or leave it out",
        ));
    }
    let plan = settings.plan(path, &loaded.planning)?;
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
        path,
        plan,
        exec,
        Pooling::Linear,
        &mut sample_events,
    )?;
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
    let reference_id = reference.unwrap_or(DEFAULT_REFERENCE).to_string();
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
    Ok(ScoreReport {
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
    })
}
