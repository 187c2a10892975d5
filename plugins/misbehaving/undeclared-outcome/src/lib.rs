//! Test plugin `undeclared-outcome`: it declares six of the seven outcomes
//! and gives each of all seven 1/7, so the seventh, which it says it does
//! not distinguish, gets probability. The contract says such an outcome
//! always gets 0: the host and the conformance kit must refuse the answer,
//! naming the outcome.

use forecast_sdk::{ForecastInput, ForecastOutput, ModelInfo};

struct Plugin;

/// The outcome it leaves out of its declaration.
const LEFT_OUT: &str = "aligned-unification";

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        let mut info = misbehaving_common::info(
            "undeclared-outcome",
            "gives 1/7 to an outcome it does not declare; the host must refuse it",
        );
        info.outcomes = forecast_sdk::vocab::OUTCOMES
            .iter()
            .map(|o| o.id.to_string())
            .filter(|o| o != LEFT_OUT)
            .collect();
        info
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        let _ = input;
        Ok(ForecastOutput {
            outcomes: forecast_sdk::Outcomes::from_array([1.0 / 7.0; 7]),
            indicators: vec![],
            explanation: vec![],
        })
    }
}

forecast_sdk::export_model!(Plugin);
