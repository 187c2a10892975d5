//! Test helpers for model authors: checking a model's declarations and its
//! outputs against the contract, reading outputs, and (with the `proptest`
//! feature) inputs drawn from every declared range.
//!
//! For a model library's own tests, natively; a plugin needs none of it.

use crate::{ForecastInput, ForecastOutput, ModelInfo, ParamDecl, ParamValue, Params};
use forecast_vocab::{OUTCOMES, is_shared_indicator, is_shared_parameter};

/// The levers of the 2006 baseline the op-ed argues against: no US pledge,
/// no joint stabilisation plan (for tests of its claims, docs/claims.md).
pub const NO_PLEDGE: [(&str, f64); 2] = [
    ("levers.us_pledge", 0.0),
    ("levers.joint_stabilisation_plan", 0.0),
];

/// The op-ed's remedy: a treaty-level pledge not to deploy north of the
/// 38th parallel, and a full joint stabilisation plan.
pub const REMEDY: [(&str, f64); 2] = [
    ("levers.us_pledge", 3.0),
    ("levers.joint_stabilisation_plan", 1.0),
];

/// Checks a declaration table: every default finite and within a non-empty
/// range, every name shared or prefixed `<model_id>.`, no name twice, every
/// parameter with a description and a source.
pub fn check_declarations(decls: &[ParamDecl], model_id: &str) -> Result<(), String> {
    let prefix = format!("{model_id}.");
    for (i, d) in decls.iter().enumerate() {
        if !(d.min.is_finite() && d.max.is_finite() && d.min < d.max) {
            return Err(format!(
                "{}: range [{}, {}] is empty or not finite",
                d.name, d.min, d.max
            ));
        }
        if !(d.min <= d.default && d.default <= d.max) {
            return Err(format!(
                "{}: default {} not in [{}, {}]",
                d.name, d.default, d.min, d.max
            ));
        }
        if is_shared_parameter(d.name) && *d != ParamDecl::shared_at_run_time(d.name) {
            return Err(format!(
                "{} is declared otherwise than the table of shared priors has it: use ParamDecl::shared",
                d.name
            ));
        }
        if !is_shared_parameter(d.name) && !d.name.starts_with(&prefix) {
            return Err(format!(
                "{} is neither a shared parameter nor prefixed `{prefix}`",
                d.name
            ));
        }
        if decls[..i].iter().any(|e| e.name == d.name) {
            return Err(format!("{} is declared twice", d.name));
        }
        if d.description.is_empty() || d.source.is_empty() {
            return Err(format!("{} lacks a description or a source", d.name));
        }
    }
    Ok(())
}

/// Checks a model's info against its declaration table and the vocabulary:
/// the parameters are exactly `decls`, outcomes are known and distinct,
/// indicators shared or prefixed `<id>.` and distinct, references given.
pub fn check_info(info: &ModelInfo, decls: &[ParamDecl]) -> Result<(), String> {
    check_declarations(decls, &info.id)?;
    let same = info.parameters.len() == decls.len()
        && info.parameters.iter().zip(decls).all(|(p, d)| {
            (
                p.name.as_str(),
                p.description.as_str(),
                p.unit.as_str(),
                p.source.as_str(),
            ) == (d.name, d.description, d.unit, d.source)
                && [p.default, p.min, p.max].map(f64::to_bits)
                    == [d.default, d.min, d.max].map(f64::to_bits)
        });
    if !same {
        return Err("info().parameters differ from the declaration table".into());
    }
    for (i, o) in info.outcomes.iter().enumerate() {
        if forecast_vocab::outcome_index(o).is_none() || info.outcomes[..i].contains(o) {
            return Err(format!("outcome `{o}` is unknown or listed twice"));
        }
    }
    let prefix = format!("{}.", info.id);
    for (i, ind) in info.indicators.iter().enumerate() {
        if !is_shared_indicator(&ind.name) && !ind.name.starts_with(&prefix) {
            return Err(format!(
                "indicator `{}` is neither shared nor prefixed `{prefix}`",
                ind.name
            ));
        }
        if info.indicators[..i].iter().any(|j| j.name == ind.name) {
            return Err(format!("indicator `{}` is declared twice", ind.name));
        }
    }
    if info.references.is_empty() {
        return Err("no references".into());
    }
    Ok(())
}

/// Checks an output against the contract and the model's info: each of the
/// seven outcomes a finite probability, summing to 1 within 1e-9; every
/// declared indicator exactly once, with `horizon` finite values.
pub fn check_output(out: &ForecastOutput, info: &ModelInfo, horizon: usize) -> Result<(), String> {
    let mut sum = 0.0;
    for (p, o) in out.outcomes.to_array().into_iter().zip(OUTCOMES) {
        if !(p.is_finite() && (0.0..=1.0).contains(&p)) {
            return Err(format!("P({}) = {p}", o.id));
        }
        sum += p;
    }
    if (sum - 1.0).abs() > 1e-9 {
        return Err(format!("probabilities sum to {sum}"));
    }
    if out.indicators.len() != info.indicators.len() {
        return Err(format!(
            "{} series for {} declared indicators",
            out.indicators.len(),
            info.indicators.len()
        ));
    }
    for s in &out.indicators {
        if !info.indicators.iter().any(|d| d.name == s.indicator) {
            return Err(format!("series `{}` is not declared", s.indicator));
        }
        if !is_shared_indicator(&s.indicator) && !s.indicator.starts_with(&format!("{}.", info.id))
        {
            return Err(format!(
                "series `{}` is neither shared nor prefixed `{}.`",
                s.indicator, info.id
            ));
        }
        if s.values.len() != horizon || !s.values.iter().all(|v| v.is_finite()) {
            return Err(format!(
                "series `{}` is not {horizon} finite values: {:?}",
                s.indicator, s.values
            ));
        }
    }
    Ok(())
}

/// An input with the declared defaults and the given scalar values.
pub fn input(decls: &[ParamDecl], horizon: u32, set: &[(&str, f64)]) -> ForecastInput {
    let set: Vec<(&str, ParamValue)> = set
        .iter()
        .map(|(n, v)| (*n, ParamValue::Scalar(*v)))
        .collect();
    Params::input(decls, horizon, &set).unwrap_or_else(|e| panic!("{e}"))
}

/// P(outcome) in an output.
pub fn probability(out: &ForecastOutput, outcome: &str) -> f64 {
    out.outcomes
        .get(outcome)
        .unwrap_or_else(|| panic!("no outcome `{outcome}`"))
}

/// The values of an indicator in an output.
pub fn series<'a>(out: &'a ForecastOutput, indicator: &str) -> &'a [f64] {
    out.indicators
        .iter()
        .find(|s| s.indicator == indicator)
        .map_or_else(|| panic!("no series `{indicator}`"), |s| &s.values[..])
}

/// The last value of an indicator.
pub fn at_horizon(out: &ForecastOutput, indicator: &str) -> f64 {
    *series(out, indicator)
        .last()
        .unwrap_or_else(|| panic!("series `{indicator}` is empty"))
}

/// The total probability of the four outcomes in which the regime collapses.
pub fn collapse_mass(out: &ForecastOutput) -> f64 {
    [
        "war",
        "successor-state",
        "neutral-unification",
        "aligned-unification",
    ]
    .iter()
    .map(|o| probability(out, o))
    .sum()
}

/// An output as bits (outcomes, series, explanation), to compare exactly.
pub type Bits = ([u64; 7], Vec<(String, Vec<u64>)>, Vec<String>);

/// The bits of an output.
pub fn bits(out: &ForecastOutput) -> Bits {
    (
        out.outcomes.to_array().map(f64::to_bits),
        out.indicators
            .iter()
            .map(|s| {
                (
                    s.indicator.clone(),
                    s.values.iter().map(|v| v.to_bits()).collect(),
                )
            })
            .collect(),
        out.explanation.clone(),
    )
}

/// Inputs with a start year in 1990..=2030, a horizon of 1..=`max_horizon`
/// years and, for every declared parameter, a scalar or a yearly path, each
/// value uniform in its declared range; explanations asked for.
#[cfg(feature = "proptest")]
pub fn any_input(
    decls: &'static [ParamDecl],
    max_horizon: u32,
) -> impl proptest::strategy::Strategy<Value = ForecastInput> {
    use proptest::prelude::*;
    (1u32..=max_horizon).prop_flat_map(move |horizon| {
        let per_param: Vec<_> = decls
            .iter()
            .map(|d| {
                (
                    any::<bool>(),
                    prop::collection::vec(d.min..=d.max, horizon as usize),
                )
                    .prop_map(|(scalar, values)| {
                        if scalar {
                            ParamValue::Scalar(values[0])
                        } else {
                            ParamValue::Path(values)
                        }
                    })
            })
            .collect();
        (per_param, any::<u64>(), 1990i32..=2030).prop_map(move |(params, seed, start_year)| {
            ForecastInput {
                scenario: "property".into(),
                start_year,
                horizon,
                seed,
                params,
                explain: true,
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DECLS: &[ParamDecl] = &[ParamDecl {
        name: "m.k",
        description: "d",
        default: 1.0,
        min: 0.0,
        max: 2.0,
        unit: "",
        source: "[A]",
    }];

    #[test]
    fn declarations_are_checked() {
        assert!(check_declarations(DECLS, "m").is_ok());
        assert!(
            check_declarations(DECLS, "other")
                .unwrap_err()
                .contains("prefixed `other.`")
        );
        let bad = [ParamDecl {
            default: 3.0,
            ..DECLS[0]
        }];
        assert!(
            check_declarations(&bad, "m")
                .unwrap_err()
                .contains("not in [0, 2]")
        );
        let twice = [DECLS[0], DECLS[0]];
        assert!(
            check_declarations(&twice, "m")
                .unwrap_err()
                .contains("twice")
        );
    }

    fn info() -> ModelInfo {
        ModelInfo {
            id: "m".into(),
            name: "M".into(),
            version: "0".into(),
            summary: String::new(),
            references: vec!["r".into()],
            parameters: ParamDecl::specs(DECLS),
            outcomes: vec!["war".into()],
            indicators: vec![crate::IndicatorSpec {
                name: "m.x".into(),
                description: String::new(),
                unit: String::new(),
            }],
        }
    }

    #[test]
    fn info_is_checked_against_the_declarations() {
        assert!(check_info(&info(), DECLS).is_ok());
        let other = [ParamDecl {
            max: 3.0,
            ..DECLS[0]
        }];
        assert!(check_info(&info(), &other).unwrap_err().contains("differ"));
        let mut i = info();
        i.indicators[0].name = "x".into();
        assert!(check_info(&i, DECLS).unwrap_err().contains("prefixed `m.`"));
    }

    #[test]
    fn outputs_are_checked_against_the_contract_and_the_info() {
        let build = |series: &[&str]| {
            series
                .iter()
                .fold(
                    crate::ForecastBuilder::new(2).outcome("war", 1.0),
                    |b, s| b.series(s, vec![0.0, 1.0]),
                )
                .build()
                .unwrap()
        };
        assert!(check_output(&build(&["m.x"]), &info(), 2).is_ok());
        assert!(
            check_output(&build(&[]), &info(), 2)
                .unwrap_err()
                .contains("0 series")
        );
        assert!(
            check_output(&build(&["m.y"]), &info(), 2)
                .unwrap_err()
                .contains("not declared")
        );
        assert!(
            check_output(&build(&["m.x"]), &info(), 3)
                .unwrap_err()
                .contains("3 finite values")
        );
    }
}
