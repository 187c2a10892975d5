//! The `collapse` model as a WebAssembly component: a thin wrapper that
//! exports `forecast_collapse`'s `info` and `forecast` through the SDK.

/// The regime-collapse model (see `forecast_collapse`).
struct Collapse;

impl forecast_sdk::Model for Collapse {
    fn info() -> forecast_sdk::ModelInfo {
        forecast_collapse::info()
    }

    fn forecast(
        input: &forecast_sdk::ForecastInput,
    ) -> Result<forecast_sdk::ForecastOutput, String> {
        forecast_collapse::forecast(input)
    }
}

forecast_sdk::export_model!(Collapse);
