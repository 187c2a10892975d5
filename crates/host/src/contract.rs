//! The `forecast:model@0.2.0` contract as wasmtime bindings, and conversions
//! between its types and `forecast-core`'s.

use forecast_core::{IndicatorSpec, ModelSpec, ParamSpec, Value};

wasmtime::component::bindgen!({
    path: "../../wit",
    world: "plugin",
});

pub use exports::forecast::model::model as wit;

/// The contract version this host speaks.
pub const VERSION: &str = "0.2.0";

/// What changed since each older contract version the host once spoke: the
/// message a plugin built against it gets.
pub const CHANGES_SINCE: &[(&str, &str)] = &[(
    "0.1.0",
    "in 0.2.0 `forecast-output.outcomes` is a record of the seven outcomes as named \
     f64 fields (war, neutral-unification, ...) instead of a list of (outcome, \
     probability) pairs",
)];
/// The exported interface every plugin must provide, without its version.
pub const INTERFACE: &str = "forecast:model/model";

pub fn model_spec(info: wit::ModelInfo) -> ModelSpec {
    ModelSpec {
        id: info.id,
        name: info.name,
        version: info.version,
        summary: info.summary,
        references: info.references,
        parameters: info
            .parameters
            .into_iter()
            .map(|p| ParamSpec {
                name: p.name,
                description: p.description,
                default: p.default,
                min: p.min,
                max: p.max,
                unit: p.unit,
                source: p.source,
            })
            .collect(),
        outcomes: info.outcomes,
        indicators: info
            .indicators
            .into_iter()
            .map(|i| IndicatorSpec {
                name: i.name,
                description: i.description,
                unit: i.unit,
            })
            .collect(),
    }
}

/// A call's input: `values` are those of the model's declared parameters,
/// in declaration order (as [`forecast_core::Plan::values`] gives them).
pub fn input(
    scenario: &str,
    start_year: i32,
    horizon: u32,
    seed: u64,
    values: Vec<Value>,
    explain: bool,
) -> wit::ForecastInput {
    wit::ForecastInput {
        scenario: scenario.to_string(),
        start_year,
        horizon,
        seed,
        params: values
            .into_iter()
            .map(|value| match value {
                Value::Scalar(v) => wit::ParamValue::Scalar(v),
                Value::Path(p) => wit::ParamValue::Path(p),
            })
            .collect(),
        explain,
    }
}

/// The outcome record as probabilities in the order of [`forecast_vocab::OUTCOMES`].
pub fn outcome_array(o: &wit::Outcomes) -> [f64; forecast_vocab::OUTCOME_COUNT] {
    [
        o.war,
        o.neutral_unification,
        o.aligned_unification,
        o.successor_state,
        o.nuclear_status_quo,
        o.freeze,
        o.denuclearization,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outcome_record_follows_the_vocabulary_order() {
        let o = wit::Outcomes {
            war: 0.0,
            neutral_unification: 1.0,
            aligned_unification: 2.0,
            successor_state: 3.0,
            nuclear_status_quo: 4.0,
            freeze: 5.0,
            denuclearization: 6.0,
        };
        let ids = forecast_vocab::OUTCOMES.map(|o| o.id);
        assert_eq!(ids[1], "neutral-unification");
        assert_eq!(ids[4], "nuclear-status-quo");
        assert_eq!(outcome_array(&o), [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    }
}
