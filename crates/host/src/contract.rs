//! The `forecast:model@0.1.0` contract as wasmtime bindings, and conversions
//! between its types and `forecast-core`'s.

use forecast_core::{Forecast, IndicatorSpec, ModelSpec, ParamSpec, Value};

wasmtime::component::bindgen!({
    path: "../../wit",
    world: "plugin",
});

pub use exports::forecast::model::model as wit;

/// The contract version this host speaks.
pub const VERSION: &str = "0.1.0";
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

/// Checks a plugin's answer against the contract.
pub fn forecast(
    model: &ModelSpec,
    horizon: u32,
    output: wit::ForecastOutput,
) -> Result<Forecast, String> {
    Forecast::from_parts(
        model,
        horizon as usize,
        output
            .outcomes
            .into_iter()
            .map(|o| (o.outcome, o.probability))
            .collect(),
        output
            .indicators
            .into_iter()
            .map(|s| (s.indicator, s.values))
            .collect(),
        output.explanation,
    )
}
