//! The `sanctions-escalation` model as a WebAssembly component: a thin
//! wrapper that exports `forecast_sanctions`'s `info` and `forecast` through
//! the SDK.

/// The threat-game and escalation-ladder model (see `forecast_sanctions`).
struct SanctionsEscalation;

impl forecast_sdk::Model for SanctionsEscalation {
    fn info() -> forecast_sdk::ModelInfo {
        forecast_sanctions::info()
    }

    fn forecast(
        input: &forecast_sdk::ForecastInput,
    ) -> Result<forecast_sdk::ForecastOutput, String> {
        forecast_sanctions::forecast(input)
    }
}

forecast_sdk::export_model!(SanctionsEscalation);
