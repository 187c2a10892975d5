//! The `neutral-zone` model as a WebAssembly component: a thin wrapper that
//! exports `forecast_neutral_zone`'s `info` and `forecast` through the SDK.

/// China's commitment problem plus six-party bargaining (see `forecast_neutral_zone`).
struct NeutralZone;

impl forecast_sdk::Model for NeutralZone {
    fn info() -> forecast_sdk::ModelInfo {
        forecast_neutral_zone::info()
    }

    fn forecast(
        input: &forecast_sdk::ForecastInput,
    ) -> Result<forecast_sdk::ForecastOutput, String> {
        forecast_neutral_zone::forecast(input)
    }
}

forecast_sdk::export_model!(NeutralZone);
