//! A run plan: a scenario checked against the models that will run it, its
//! uncertain parameters drawn, and each model's input for each sample.
//!
//! Every model sees the same draws for the parameters it shares with the
//! others (a paired comparison), and a sample's values depend only on
//! (scenario seed, parameter name, sample index, sample count).

use crate::dist::Distribution;
use crate::error::{Diagnostic, Origin, ScenarioError};
use crate::model::{ModelSpec, Value};
use crate::rng::derive_seed;
use crate::sample::{Design, DesignDraws, Sampling};
use crate::scenario::{Scenario, SettingValue};
use std::collections::BTreeMap;

/// Stream tag of the per-call seeds handed to plugins.
const CALL_SEEDS: u64 = 0x63616c6c; // "call"

/// Options that override the scenario for one run.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    pub samples: Option<u32>,
    pub seed: Option<u64>,
    pub sampling: Sampling,
    /// The rows to compute; with a design other than samples, `samples`
    /// counts its base rows.
    pub design: Design,
}

/// An uncertain parameter, truncated to the range every reading model accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncertain {
    pub name: String,
    pub distribution: Distribution,
    pub low: f64,
    pub high: f64,
    /// Share of the distribution's mass inside [low, high].
    pub mass_inside: f64,
    /// Where each sample's draw falls in (0, 1), computed on demand.
    unit: DesignDraws,
    /// Given draws, one per sample (`{ draws = [...] }`), sorted beside
    /// for their quantiles; `None` for a distribution.
    draws: Option<std::sync::Arc<Draws>>,
    /// The distribution's CDF at `low` and `high`.
    f_low: f64,
    f_high: f64,
}

/// A parameter's given draws, in sample order and sorted.
#[derive(Debug, Clone, PartialEq)]
pub struct Draws {
    pub values: Vec<f64>,
    sorted: Vec<f64>,
}

impl Draws {
    fn new(values: Vec<f64>) -> Draws {
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        Draws { values, sorted }
    }

    /// The empirical u-quantile.
    fn quantile(&self, u: f64) -> f64 {
        let i = (u * self.sorted.len() as f64).floor() as usize;
        self.sorted[i.min(self.sorted.len() - 1)]
    }
}

impl Uncertain {
    /// The value of sample `index`: its unit draw mapped through the
    /// distribution truncated to [low, high]; with given draws, the draw of
    /// that index (so that the draws of several parameters stay together)
    /// in a plain design, their empirical quantile in an analysis design.
    pub fn draw(&self, index: u32) -> f64 {
        if let (Some(d), DesignDraws::Samples(_)) = (&self.draws, &self.unit) {
            return d.values[index as usize % d.values.len()].clamp(self.low, self.high);
        }
        self.at(self.unit.draw(index as u64))
    }

    /// What the values are drawn from, in words.
    pub fn describe(&self) -> String {
        match &self.draws {
            Some(d) => format!("{} given draws", d.values.len()),
            None => self.distribution.to_string(),
        }
    }

    /// The median of the truncated distribution.
    pub fn median(&self) -> f64 {
        if let Some(d) = &self.draws {
            return d.quantile(0.5).clamp(self.low, self.high);
        }
        self.distribution
            .quantile((self.f_low + self.f_high) / 2.0)
            .clamp(self.low, self.high)
    }

    /// The value at `u` in (0, 1) of the truncated distribution: its
    /// u-quantile.
    pub fn at(&self, u: f64) -> f64 {
        if let Some(d) = &self.draws {
            return d.quantile(u).clamp(self.low, self.high);
        }
        self.distribution
            .quantile(self.f_low + u * (self.f_high - self.f_low))
            .clamp(self.low, self.high)
    }
}

/// A checked scenario, ready to run.
#[derive(Debug, Clone)]
pub struct Plan {
    pub scenario: Scenario,
    pub samples: u32,
    pub seed: u64,
    pub sampling: Sampling,
    /// What the samples are: draws, or an analysis design over them.
    pub design: Design,
    /// Fixed values and paths, resolved to the horizon.
    pub fixed: BTreeMap<String, Value>,
    pub uncertain: Vec<Uncertain>,
    /// Things the user should know that are not errors.
    pub notes: Vec<String>,
}

/// Names within a small edit distance of `name`, for "did you mean".
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 5))
        .min()
        .map(|(_, c)| c)
}

/// For a lever whose values are the levels of a scale, the first value of
/// `values` (one per year from `start_year`) that lies between two levels,
/// in words.
fn between_levels(name: &str, values: &[f64], start_year: i32) -> Option<String> {
    let shared = forecast_vocab::shared_parameter(name).filter(|p| p.has_levels())?;
    let t = values.iter().position(|v| v.fract() != 0.0)?;
    let v = values[t];
    let when = if values.len() > 1 {
        format!(" in {}", start_year + t as i32)
    } else {
        String::new()
    };
    Some(format!(
        "{v}{when} lies between the {unit}s {} and {} of its scale, which the models interpolate ({})",
        v.floor(),
        v.ceil(),
        shared.description,
        unit = shared.unit
    ))
}

impl Plan {
    /// Checks `scenario` against `models` and draws its samples. Every
    /// problem is reported, each with its place in the file or command line.
    pub fn new(
        scenario: Scenario,
        models: &[ModelSpec],
        options: PlanOptions,
    ) -> Result<Plan, ScenarioError> {
        let samples = options.samples.unwrap_or(scenario.samples);
        let seed = options.seed.unwrap_or(scenario.seed);
        let mut problems = Vec::new();
        if samples == 0 {
            problems.push(Diagnostic::new(
                Origin::Scenario(scenario.id.clone()),
                "at least one sample is needed".into(),
            ));
        }
        let mut fixed = BTreeMap::new();
        let mut uncertain = Vec::new();
        let mut notes = Vec::new();
        for setting in &scenario.settings {
            let name = &setting.name;
            let readers: Vec<(&ModelSpec, f64, f64)> = models
                .iter()
                .filter_map(|m| m.param(name).map(|p| (m, p.min, p.max)))
                .collect();
            if readers.is_empty() {
                let declared = models
                    .iter()
                    .flat_map(|m| m.parameters.iter().map(|p| p.name.as_str()));
                let mut d = Diagnostic::new(
                    setting.origin.clone(),
                    format!("no loaded model reads a parameter named `{name}`"),
                );
                let owner = name
                    .split_once('.')
                    .and_then(|(id, _)| models.iter().find(|m| m.id == id));
                d = match (closest(name, declared), owner) {
                    (Some(c), _) => d.with_hint(format!("did you mean `{c}`?")),
                    (None, Some(m)) => d.with_hint(format!(
                        "the loaded model `{}` ({} {}) does not declare it: is it another version of `{}`, or a plugin that replaced the built-in? `forecast inspect {}` lists what it reads",
                        m.id, m.name, m.version, m.id, m.id
                    )),
                    (None, None) => d.with_hint(
                        "`forecast inspect MODEL` lists the parameters each model reads",
                    ),
                };
                problems.push(d);
                continue;
            }
            let low = readers
                .iter()
                .map(|r| r.1)
                .fold(f64::NEG_INFINITY, f64::max);
            let high = readers.iter().map(|r| r.2).fold(f64::INFINITY, f64::min);
            let range_note = || {
                if forecast_vocab::is_shared_parameter(name) {
                    return format!(
                        "the range of the shared parameter `{name}` is [{low}, {high}] (the table of shared priors: `forecast vocabulary`)"
                    );
                }
                let by: Vec<String> = readers
                    .iter()
                    .map(|(m, lo, hi)| format!("[{lo}, {hi}] by `{}`", m.id))
                    .collect();
                format!("the range accepted is {}", by.join(", "))
            };
            let out_of_range = |v: f64| !(low..=high).contains(&v);
            match &setting.value {
                SettingValue::Fixed(v) | SettingValue::Uncertain(Distribution::Point(v)) => {
                    if out_of_range(*v) {
                        problems.push(
                            Diagnostic::new(
                                setting.origin.clone(),
                                format!("`{name}` = {v} is out of range"),
                            )
                            .with_hint(range_note()),
                        );
                    } else {
                        if let Some(note) = between_levels(name, &[*v], scenario.start_year) {
                            notes.push(format!("`{name}` ({}): {note}", setting.origin));
                        }
                        fixed.insert(name.clone(), Value::Scalar(*v));
                    }
                }
                SettingValue::Path(path) => {
                    if let Some(remarks) = path.remarks(scenario.start_year, scenario.horizon) {
                        notes.push(format!("`{name}` ({}): {remarks}", setting.origin));
                    }
                    if let Some(note) = path
                        .resolve(scenario.start_year, scenario.horizon)
                        .ok()
                        .and_then(|values| between_levels(name, &values, scenario.start_year))
                    {
                        notes.push(format!("`{name}` ({}): {note}", setting.origin));
                    }
                    match path.resolve(scenario.start_year, scenario.horizon) {
                        Err(m) => problems.push(Diagnostic::new(
                            setting.origin.clone(),
                            format!("`{name}`: {m}"),
                        )),
                        Ok(values) => match values.iter().position(|v| out_of_range(*v)) {
                            Some(t) => problems.push(
                                Diagnostic::new(
                                    setting.origin.clone(),
                                    format!(
                                        "`{name}` = {} in {} is out of range",
                                        values[t],
                                        scenario.start_year + t as i32
                                    ),
                                )
                                .with_hint(range_note()),
                            ),
                            None => {
                                fixed.insert(name.clone(), Value::Path(values));
                            }
                        },
                    }
                }
                SettingValue::Uncertain(d) => {
                    let mass_inside = d.cdf(high) - d.cdf(low);
                    if mass_inside < 0.5 {
                        problems.push(
                            Diagnostic::new(
                                setting.origin.clone(),
                                format!(
                                    "`{name}` ~ {d} puts only {:.0}% of its mass inside the accepted range",
                                    mass_inside * 100.0
                                ),
                            )
                            .with_hint(range_note()),
                        );
                        continue;
                    }
                    if mass_inside < 1.0 - 1e-9 {
                        notes.push(format!(
                            "`{name}` ~ {d} is truncated to [{low}, {high}]: {:.1}% of its mass lay outside",
                            (1.0 - mass_inside) * 100.0
                        ));
                    }
                    uncertain.push((name.clone(), *d, low, high, mass_inside, None));
                }
                SettingValue::Draws(values) => {
                    if let Some(v) = values.iter().find(|v| out_of_range(**v)) {
                        problems.push(
                            Diagnostic::new(
                                setting.origin.clone(),
                                format!("`{name}` has the draw {v}, out of range"),
                            )
                            .with_hint(range_note()),
                        );
                        continue;
                    }
                    if values.len() != samples as usize {
                        notes.push(format!(
                            "`{name}` ({}) gives {} draws for {samples} samples: sample i takes draw i mod {}",
                            setting.origin,
                            values.len(),
                            values.len()
                        ));
                    }
                    let (lo, hi) = values
                        .iter()
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                            (a.min(*v), b.max(*v))
                        });
                    // The distribution is only a stand-in for the draws' span.
                    let span = if lo < hi {
                        Distribution::Uniform { low: lo, high: hi }
                    } else {
                        Distribution::Point(lo)
                    };
                    uncertain.push((name.clone(), span, low, high, 1.0, Some(values.clone())));
                }
            }
        }
        let k = uncertain.len();
        if !matches!(options.design, Design::Samples) {
            let given: Vec<&str> = uncertain
                .iter()
                .filter(|u| u.5.is_some())
                .map(|u| u.0.as_str())
                .collect();
            if !given.is_empty() {
                notes.push(format!(
                    "the given draws of {} are read by their empirical quantiles in this design, each on its own: their rows are not kept together",
                    given.join(", ")
                ));
            }
        }
        let rows = options.design.samples(samples, k);
        if rows > u32::MAX as u64 {
            problems.push(Diagnostic::new(
                Origin::Scenario(scenario.id.clone()),
                format!(
                    "the design needs {rows} runs of each model, more than {} that a run can index",
                    u32::MAX
                ),
            ).with_hint("ask for fewer --samples"));
        }
        if !problems.is_empty() {
            return Err(ScenarioError::Invalid(problems));
        }
        let uncertain = uncertain
            .into_iter()
            .enumerate()
            .map(
                |(column, (name, d, low, high, mass_inside, draws))| Uncertain {
                    draws: draws.map(|v| std::sync::Arc::new(Draws::new(v))),
                    unit: DesignDraws::new(
                        &name,
                        options.design,
                        column,
                        k,
                        samples,
                        seed,
                        options.sampling,
                    ),
                    name,
                    distribution: d,
                    low,
                    high,
                    mass_inside,
                    f_low: d.cdf(low),
                    f_high: d.cdf(high),
                },
            )
            .collect();
        Ok(Plan {
            scenario,
            samples: rows as u32,
            seed,
            sampling: options.sampling,
            design: options.design,
            fixed,
            uncertain,
            notes,
        })
    }

    /// The seed handed to every model for sample `index` (`u32::MAX`: the
    /// central case). A design's runs share seeds where its estimators
    /// compare them: all runs of a Saltelli base row take the seed of that
    /// row (the seed sample r has in the plain design), and every run of a
    /// tornado the central case's, so a model that draws from its seed
    /// adds no noise to the differences an index is made of.
    pub fn call_seed(&self, index: u32) -> u64 {
        let stream = match self.design {
            _ if index == u32::MAX => index as u64,
            Design::Samples => index as u64,
            Design::Saltelli { .. } => index as u64 / (self.uncertain.len() as u64 + 2),
            Design::Tornado => u32::MAX as u64,
        };
        derive_seed(self.seed, CALL_SEEDS, stream)
    }

    /// How each parameter `model` declares gets its value in this plan:
    /// resolved once per model, so that a sample's values cost no lookups.
    pub fn bind(&self, model: &ModelSpec) -> Binding {
        let sources = model
            .parameters
            .iter()
            .map(|p| match self.fixed.get(&p.name) {
                Some(v) => Source::Fixed(v.clone()),
                None => match self.uncertain.iter().position(|u| u.name == p.name) {
                    Some(i) => Source::Drawn(i),
                    None => Source::Default(p.default),
                },
            })
            .collect();
        Binding {
            names: model.parameters.iter().map(|p| p.name.clone()).collect(),
            sources,
        }
    }

    /// The values of a model's parameters in sample `index`, in its
    /// declaration order: the scenario's setting or draw, else the default.
    pub fn values(&self, binding: &Binding, index: u32) -> Vec<Value> {
        self.values_with(binding, |u| u.draw(index))
    }

    /// Calls `set(position, value)` for each drawn parameter of sample
    /// `index`, by its position in the model's declaration order: the
    /// values that change from one sample to the next, so that a caller can
    /// keep one input and overwrite only them.
    pub fn redraw(&self, binding: &Binding, index: u32, mut set: impl FnMut(usize, f64)) {
        for (position, source) in binding.sources.iter().enumerate() {
            if let Source::Drawn(i) = source {
                set(position, self.uncertain[*i].draw(index));
            }
        }
    }

    /// The values of the central case: every uncertain parameter at the
    /// median of its (truncated) distribution.
    pub fn central_values(&self, binding: &Binding) -> Vec<Value> {
        self.values_with(binding, Uncertain::median)
    }

    fn values_with(&self, binding: &Binding, draw: impl Fn(&Uncertain) -> f64) -> Vec<Value> {
        binding
            .sources
            .iter()
            .map(|s| match s {
                Source::Fixed(v) => v.clone(),
                Source::Drawn(i) => Value::Scalar(draw(&self.uncertain[*i])),
                Source::Default(d) => Value::Scalar(*d),
            })
            .collect()
    }

    /// Every parameter `model` declares with its value in sample `index`.
    pub fn params(&self, model: &ModelSpec, index: u32) -> Vec<(String, Value)> {
        let binding = self.bind(model);
        binding
            .names
            .iter()
            .cloned()
            .zip(self.values(&binding, index))
            .collect()
    }

    /// Every parameter `model` declares with its value in the central case.
    pub fn central_params(&self, model: &ModelSpec) -> Vec<(String, Value)> {
        let binding = self.bind(model);
        binding
            .names
            .iter()
            .cloned()
            .zip(self.central_values(&binding))
            .collect()
    }
}

/// Where one model's parameters get their values in a plan ([`Plan::bind`]).
#[derive(Debug, Clone)]
pub struct Binding {
    names: Vec<String>,
    sources: Vec<Source>,
}

#[derive(Debug, Clone)]
enum Source {
    Fixed(Value),
    /// Index into [`Plan::uncertain`].
    Drawn(usize),
    Default(f64),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ParamSpec;

    fn model(id: &str, params: &[(&str, f64, f64, f64)]) -> ModelSpec {
        ModelSpec {
            id: id.into(),
            name: id.into(),
            version: "0".into(),
            summary: String::new(),
            references: vec![],
            parameters: params
                .iter()
                .map(|(n, d, lo, hi)| ParamSpec {
                    name: n.to_string(),
                    description: String::new(),
                    default: *d,
                    min: *lo,
                    max: *hi,
                    unit: String::new(),
                    source: String::new(),
                })
                .collect(),
            outcomes: vec![],
            indicators: vec![],
        }
    }

    const SCENARIO: &str = r#"
id = "t"
title = "T"
description = "d"
start_year = 2007
horizon = 3
seed = 5
samples = 64
[parameters.dprk]
base_hazard = { dist = "lognormal", low = 0.005, high = 0.02 }
[levers]
us_pledge = 2
china_aid = { 2007 = 1, 2008 = 0.5 }
"#;

    #[test]
    fn given_draws_keep_their_rows_together_and_wrap() {
        let text = SCENARIO.replace(
            "base_hazard = { dist = \"lognormal\", low = 0.005, high = 0.02 }",
            "base_hazard = { draws = [0.01, 0.02, 0.03] }",
        ) + "[parameters.b]\nk = { draws = [1, 2, 3] }\n";
        let plan = Plan::new(
            Scenario::parse("t.toml", &text).unwrap(),
            &models(),
            PlanOptions::default(),
        )
        .unwrap();
        let b = &models()[1];
        for i in 0..6u32 {
            let p = plan.params(b, i);
            let (Value::Scalar(h), Value::Scalar(k)) = (&p[0].1, &p[2].1) else {
                panic!()
            };
            // Sample i takes row i mod 3 of both.
            assert_eq!(
                (*h, *k),
                (
                    [0.01, 0.02, 0.03][i as usize % 3],
                    [1.0, 2.0, 3.0][i as usize % 3]
                )
            );
        }
        assert!(
            plan.notes
                .iter()
                .any(|n| n.contains("3 draws for 64 samples")),
            "{:?}",
            plan.notes
        );
        assert_eq!(plan.uncertain[0].describe(), "3 given draws");
        let Value::Scalar(median) = plan.central_params(b)[0].1 else {
            panic!()
        };
        assert_eq!(median, 0.02);
        // A draw out of a reading model's range is refused.
        let bad = SCENARIO.replace(
            "base_hazard = { dist = \"lognormal\", low = 0.005, high = 0.02 }",
            "base_hazard = { draws = [0.01, 0.2] }",
        );
        let e = Plan::new(
            Scenario::parse("t.toml", &bad).unwrap(),
            &models(),
            PlanOptions::default(),
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("has the draw 0.2, out of range"),
            "{e}"
        );
    }

    fn models() -> Vec<ModelSpec> {
        vec![
            model(
                "a",
                &[
                    ("dprk.base_hazard", 0.01, 0.0, 0.1),
                    ("levers.us_pledge", 0.0, 0.0, 3.0),
                ],
            ),
            model(
                "b",
                &[
                    ("dprk.base_hazard", 0.01, 0.001, 0.05),
                    ("levers.china_aid", 1.0, 0.0, 2.0),
                    ("b.k", 7.0, 0.0, 9.0),
                ],
            ),
        ]
    }

    #[test]
    fn models_share_draws_and_get_defaults() {
        let plan = Plan::new(
            Scenario::parse("t.toml", SCENARIO).unwrap(),
            &models(),
            PlanOptions::default(),
        )
        .unwrap();
        let ms = models();
        let a = plan.params(&ms[0], 3);
        let b = plan.params(&ms[1], 3);
        assert_eq!(a[0], b[0], "paired draws");
        assert_eq!(a[1], ("levers.us_pledge".into(), Value::Scalar(2.0)));
        assert_eq!(
            b[1],
            ("levers.china_aid".into(), Value::Path(vec![1.0, 0.5, 0.5]))
        );
        assert_eq!(b[2], ("b.k".into(), Value::Scalar(7.0)));
        let u = &plan.uncertain[0];
        assert!((0..plan.samples).all(|i| (0.001..=0.05).contains(&u.draw(i))));
        let Value::Scalar(median) = plan.central_params(&ms[0])[0].1 else {
            panic!()
        };
        assert!((median - 0.01).abs() < 1e-4, "{median}");
        assert_ne!(plan.call_seed(0), plan.call_seed(1));
    }

    #[test]
    fn design_runs_share_the_seeds_their_estimators_compare() {
        let plan = |design| {
            Plan::new(
                Scenario::parse("t.toml", SCENARIO).unwrap(),
                &models(),
                PlanOptions {
                    samples: Some(8),
                    design,
                    ..PlanOptions::default()
                },
            )
            .unwrap()
        };
        let samples = plan(Design::Samples);
        // One uncertain parameter: three runs per Saltelli base row.
        let saltelli = plan(Design::Saltelli { base: 8 });
        assert_eq!(saltelli.samples, 24);
        for run in 0..24 {
            assert_eq!(saltelli.call_seed(run), samples.call_seed(run / 3));
        }
        let tornado = plan(Design::Tornado);
        assert_eq!(tornado.samples, 3);
        assert!((0..3).all(|run| tornado.call_seed(run) == samples.call_seed(u32::MAX)));
    }

    #[test]
    fn unknown_names_get_a_suggestion_and_ranges_are_checked() {
        let text = SCENARIO
            .replace("us_pledge = 2", "us_pldge = 2\nchina_veto = 1")
            .replace("2008 = 0.5", "2008 = 5");
        let e = Plan::new(
            Scenario::parse("t.toml", &text).unwrap(),
            &models(),
            PlanOptions::default(),
        )
        .unwrap_err();
        let ScenarioError::Invalid(ds) = &e else {
            panic!()
        };
        let text = e.to_string();
        assert_eq!(ds.len(), 3, "{text}");
        assert!(
            text.contains("t.toml:14:13: `levers.china_aid` = 5 in 2008 is out of range"),
            "{text}"
        );
        assert!(
            text.contains("the range of the shared parameter `levers.china_aid` is [0, 2]"),
            "{text}"
        );
        assert!(text.contains("did you mean `levers.us_pledge`?"), "{text}");
        assert!(text.contains("`levers.china_veto`"), "{text}");
    }

    #[test]
    fn mostly_out_of_range_distributions_are_refused_and_tails_noted() {
        let text = SCENARIO.replace("low = 0.005, high = 0.02", "low = 0.2, high = 0.5");
        let e = Plan::new(
            Scenario::parse("t.toml", &text).unwrap(),
            &models(),
            PlanOptions::default(),
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("mass inside the accepted range"),
            "{e}"
        );
        let text = SCENARIO.replace("low = 0.005, high = 0.02", "low = 0.002, high = 0.02");
        let plan = Plan::new(
            Scenario::parse("t.toml", &text).unwrap(),
            &models(),
            PlanOptions::default(),
        )
        .unwrap();
        assert!(
            plan.notes[0].contains("truncated to [0.001, 0.05]"),
            "{:?}",
            plan.notes
        );
    }
}
