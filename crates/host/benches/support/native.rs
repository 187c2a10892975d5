//! The host's call input as the SDK's (native) type, for comparing a model
//! called natively with the same model as a plugin: shared by the benchmarks
//! and the sandbox tests (`#[path]`-included; not a crate of its own).

use forecast_host::wit;

/// The same input as the SDK's type.
pub fn native_input(i: &wit::ForecastInput) -> forecast_sdk::ForecastInput {
    forecast_sdk::ForecastInput {
        scenario: i.scenario.clone(),
        start_year: i.start_year,
        horizon: i.horizon,
        seed: i.seed,
        params: i
            .params
            .iter()
            .map(|v| match v {
                wit::ParamValue::Scalar(x) => forecast_sdk::ParamValue::Scalar(*x),
                wit::ParamValue::Path(p) => forecast_sdk::ParamValue::Path(p.clone()),
            })
            .collect(),
        explain: i.explain,
    }
}
