//! What the host knows of a model and of one of its forecasts, independent of
//! WebAssembly: the host converts the contract's types into these.

use crate::indicators::Indicators;
use forecast_vocab::{OUTCOME_COUNT, OUTCOMES, is_shared_indicator};
use serde::{Deserialize, Serialize};

/// A parameter a model reads (the contract's `param-spec`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamSpec {
    pub name: String,
    pub description: String,
    pub default: f64,
    pub min: f64,
    pub max: f64,
    pub unit: String,
    pub source: String,
}

/// A yearly series a model emits (the contract's `indicator-spec`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorSpec {
    pub name: String,
    pub description: String,
    pub unit: String,
}

/// A model's self-description (the contract's `model-info`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ModelSpec {
    pub id: String,
    pub name: String,
    pub version: String,
    pub summary: String,
    pub references: Vec<String>,
    pub parameters: Vec<ParamSpec>,
    pub outcomes: Vec<String>,
    pub indicators: Vec<IndicatorSpec>,
}

impl ModelSpec {
    pub fn param(&self, name: &str) -> Option<&ParamSpec> {
        self.parameters.iter().find(|p| p.name == name)
    }

    /// Which outcomes, in the order of [`forecast_vocab::OUTCOMES`], the
    /// model declares it distinguishes; the others always get 0.
    pub fn declared_outcomes(&self) -> [bool; OUTCOME_COUNT] {
        OUTCOMES.map(|o| self.outcomes.iter().any(|d| d == o.id))
    }

    /// Checks what the host relies on: a usable id, known outcomes, parameter
    /// ranges that hold their defaults, indicators that are shared or prefixed
    /// with the model's id. Returns the first problem found.
    pub fn check(&self) -> Result<(), String> {
        let id_ok = !self.id.is_empty()
            && self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            return Err(format!(
                "model id `{}` must be lowercase letters, digits and dashes",
                self.id
            ));
        }
        if let Some(o) = self
            .outcomes
            .iter()
            .find(|o| forecast_vocab::outcome_index(o).is_none())
        {
            return Err(format!("declares unknown outcome `{o}`"));
        }
        for (i, p) in self.parameters.iter().enumerate() {
            if !(p.min <= p.default && p.default <= p.max && p.default.is_finite()) {
                return Err(format!(
                    "parameter `{}` has default {} outside its range [{}, {}]",
                    p.name, p.default, p.min, p.max
                ));
            }
            if self.parameters[..i].iter().any(|q| q.name == p.name) {
                return Err(format!("declares parameter `{}` twice", p.name));
            }
            if let Some(shared) = forecast_vocab::shared_parameter(&p.name) {
                check_shared(p, shared)?;
            }
        }
        for (i, ind) in self.indicators.iter().enumerate() {
            if self.indicators[..i].iter().any(|j| j.name == ind.name) {
                return Err(format!("declares indicator `{}` twice", ind.name));
            }
        }
        let prefix = format!("{}.", self.id);
        if let Some(ind) = self
            .indicators
            .iter()
            .find(|i| !is_shared_indicator(&i.name) && !i.name.starts_with(&prefix))
        {
            return Err(format!(
                "indicator `{}` is neither shared nor prefixed with `{prefix}`",
                ind.name
            ));
        }
        Ok(())
    }
}

/// A shared parameter must be declared as the one table of shared priors
/// has it, so that a scenario's value means the same to every model.
fn check_shared(p: &ParamSpec, shared: &forecast_vocab::SharedParam) -> Result<(), String> {
    let mut differs = Vec::new();
    if [p.default, p.min, p.max].map(f64::to_bits)
        != [shared.default, shared.min, shared.max].map(f64::to_bits)
    {
        differs.push(format!(
            "default {} in [{}, {}] where the table has {} in [{}, {}]",
            p.default, p.min, p.max, shared.default, shared.min, shared.max
        ));
    }
    if p.unit != shared.unit {
        differs.push(format!("unit `{}` for `{}`", p.unit, shared.unit));
    }
    if p.description != shared.description || p.source != shared.source {
        differs.push("another description or source".into());
    }
    if differs.is_empty() {
        return Ok(());
    }
    Err(format!(
        "declares the shared parameter `{}` otherwise than the table of shared priors: {}; \
         declare it as `forecast vocabulary` lists it (Rust: ParamDecl::shared; the other \
         languages' helpers: their shared-priors table)",
        p.name,
        differs.join("; ")
    ))
}

/// A parameter's resolved value for one call.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Scalar(f64),
    Path(Vec<f64>),
}

/// One forecast, checked against the contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    /// Probabilities in the order of [`forecast_vocab::OUTCOMES`].
    pub outcomes: [f64; OUTCOME_COUNT],
    /// Yearly series, in the order the model returned them.
    pub indicators: Indicators,
    pub explanation: Vec<String>,
}

impl Forecast {
    /// Checks a model's raw answer: every outcome a finite probability in
    /// [0, 1] (in the order of [`forecast_vocab::OUTCOMES`]), summing to 1
    /// within 1e-9, and 0 for every outcome the model does not declare
    /// (`declared`, as [`ModelSpec::declared_outcomes`] gives it); every
    /// series declared by the model, once, with `horizon` finite values.
    /// The error names the offending field.
    pub fn from_parts(
        model: &ModelSpec,
        declared: &[bool; OUTCOME_COUNT],
        horizon: usize,
        outcomes: [f64; OUTCOME_COUNT],
        indicators: Indicators,
        explanation: Vec<String>,
    ) -> Result<Forecast, String> {
        for (p, o) in outcomes.iter().zip(&OUTCOMES) {
            if !p.is_finite() || !(0.0..=1.0).contains(p) {
                return Err(format!(
                    "outcomes: P({}) = {p} is not a probability in [0, 1]",
                    o.id
                ));
            }
        }
        let sum: f64 = outcomes.iter().sum();
        if (sum - 1.0).abs() > 1e-9 {
            return Err(format!(
                "outcomes: probabilities sum to {sum}, not 1 (within 1e-9)"
            ));
        }
        if let Some(i) = (0..OUTCOME_COUNT).find(|i| !declared[*i] && outcomes[*i] != 0.0) {
            return Err(format!(
                "outcomes: P({}) = {}, but the model's info does not declare `{}` among the outcomes it distinguishes, so it must be 0 (declare it, or give it 0)",
                OUTCOMES[i].id, outcomes[i], OUTCOMES[i].id
            ));
        }
        // Series come in declaration order as a rule: then one comparison
        // each shows they are declared and distinct.
        let in_order = indicators.len() <= model.indicators.len()
            && indicators
                .iter()
                .zip(&model.indicators)
                .all(|((name, _), d)| **name == *d.name);
        for (i, (name, values)) in indicators.iter().enumerate() {
            if !in_order {
                if !model.indicators.iter().any(|d| *d.name == **name) {
                    return Err(format!(
                        "indicators: `{name}` is not declared in the model's info"
                    ));
                }
                if indicators.iter().take(i).any(|(n, _)| n == name) {
                    return Err(format!("indicators: `{name}` appears twice"));
                }
            }
            if values.len() != horizon {
                return Err(format!(
                    "indicators: `{name}` has {} values for a horizon of {horizon} years",
                    values.len()
                ));
            }
            // Not short-circuiting, so it compiles to vector code: every
            // call of every model passes here.
            if !values.iter().fold(true, |finite, v| finite & v.is_finite()) {
                let v = values.iter().find(|v| !v.is_finite()).expect("one is not");
                return Err(format!("indicators: `{name}` holds {v}"));
            }
        }
        Ok(Forecast {
            outcomes,
            indicators,
            explanation,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> ModelSpec {
        ModelSpec {
            id: "m".into(),
            name: "M".into(),
            version: "0".into(),
            summary: String::new(),
            references: vec![],
            parameters: vec![],
            outcomes: vec!["war".into(), "neutral-unification".into()],
            indicators: vec![IndicatorSpec {
                name: "collapse_by".into(),
                description: String::new(),
                unit: String::new(),
            }],
        }
    }

    #[test]
    fn accepts_a_valid_forecast() {
        let f = Forecast::from_parts(
            &spec(),
            &spec().declared_outcomes(),
            2,
            [0.5, 0.5, 0., 0., 0., 0., 0.],
            [("collapse_by", vec![0.1, 0.2])].into_iter().collect(),
            vec![],
        );
        assert_eq!(f.unwrap().outcomes[1], 0.5);
    }

    #[test]
    fn names_the_field_that_breaks_the_contract() {
        let err = |o, s: Vec<(&str, Vec<f64>)>| {
            let declared = spec().declared_outcomes();
            Forecast::from_parts(&spec(), &declared, 2, o, s.into_iter().collect(), vec![])
                .unwrap_err()
        };
        assert!(
            err([0.5, 0.6, 0., 0., 0., 0., -0.1], vec![]).contains("P(denuclearization) = -0.1")
        );
        assert!(err([0.5, 0.6, 0., 0., 0., 0., 0.], vec![]).contains("sum to 1.1"));
        let seventh = err([0.5, 0., 0., 0., 0., 0., 0.5], vec![]);
        assert!(
            seventh.contains("P(denuclearization) = 0.5")
                && seventh.contains("does not declare `denuclearization`"),
            "{seventh}"
        );
        assert!(err([f64::NAN, 1., 0., 0., 0., 0., 0.], vec![]).contains("P(war) = NaN"));
        let ok = [1., 0., 0., 0., 0., 0., 0.];
        assert!(err(ok, vec![("collapse_by", vec![0.1])]).contains("1 values for a horizon of 2"));
        assert!(err(ok, vec![("x", vec![0.1, 0.1])]).contains("`x` is not declared"));
        assert!(
            err(
                ok,
                vec![
                    ("collapse_by", vec![0.1, 0.2]),
                    ("collapse_by", vec![0.1, 0.2])
                ]
            )
            .contains("`collapse_by` appears twice")
        );
    }

    #[test]
    fn model_spec_check_catches_bad_declarations() {
        let mut s = spec();
        assert!(s.check().is_ok());
        s.indicators[0].name = "other.x".into();
        assert!(s.check().unwrap_err().contains("prefixed with `m.`"));
        s = spec();
        s.indicators.push(s.indicators[0].clone());
        assert!(
            s.check()
                .unwrap_err()
                .contains("declares indicator `collapse_by` twice")
        );
        s = spec();
        let h0 = forecast_vocab::shared("dprk.base_hazard");
        let mut shared = ParamSpec {
            name: h0.name.into(),
            description: h0.description.into(),
            default: h0.default,
            min: h0.min,
            max: h0.max,
            unit: h0.unit.into(),
            source: h0.source.into(),
        };
        s.parameters.push(shared.clone());
        assert!(s.check().is_ok());
        shared.max = 0.02;
        s.parameters[0] = shared;
        assert!(
            s.check()
                .unwrap_err()
                .contains("default 0.01 in [0, 0.02] where the table has 0.01 in [0, 0.5]")
        );
        s = spec();
        s.parameters.push(ParamSpec {
            name: "a".into(),
            description: String::new(),
            default: 2.0,
            min: 0.0,
            max: 1.0,
            unit: String::new(),
            source: String::new(),
        });
        assert!(s.check().unwrap_err().contains("outside its range"));
    }
}
