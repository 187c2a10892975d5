//! `forecast-sdk`: write a `forecast` model plugin in Rust as a plain function
//! from typed inputs to a forecast.
//!
//! It owns the WebAssembly bindings of the `forecast:model@0.2.0` contract
//! (`wit/model.wit`), parameter lookup with the declared defaults
//! ([`Params`]), and a builder that checks a forecast before it leaves the
//! plugin ([`ForecastBuilder`]). It is not a host: running plugins is
//! `forecast-host`'s job.
//!
//! A plugin is a model type and one macro call:
//!
//! ```ignore
//! struct Collapse;
//! impl forecast_sdk::Model for Collapse {
//!     fn info() -> forecast_sdk::ModelInfo { my_model::info() }
//!     fn forecast(input: &forecast_sdk::ForecastInput) -> Result<forecast_sdk::ForecastOutput, String> {
//!         my_model::forecast(input)
//!     }
//! }
//! forecast_sdk::export_model!(Collapse);
//! ```
//!
//! The generated types are plain Rust structs, so the model's library
//! compiles and is tested natively as well as to `wasm32-wasip2`.

mod build;
mod params;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use build::{CollapseSplit, ForecastBuilder, outcome_index};
pub use forecast_vocab as vocab;
pub use params::{ParamDecl, Params, Yearly};

#[doc(hidden)]
pub mod bindings {
    wit_bindgen::generate!({
        world: "plugin",
        path: "../../wit",
        pub_export_macro: true,
        export_macro_name: "__export_plugin",
        default_bindings_module: "forecast_sdk::bindings",
        // Outputs compare in tests.
        additional_derives: [PartialEq],
    });
}

pub use bindings::exports::forecast::model::model::{
    ForecastInput, ForecastOutput, IndicatorSpec, ModelInfo, Outcomes, ParamSpec, ParamValue,
    Series,
};

/// The version of the contract these bindings implement.
pub const CONTRACT_VERSION: &str = "0.2.0";

/// A model: what it is, and how it forecasts one sample.
pub trait Model {
    /// The model's description, parameters, outcomes and indicators.
    fn info() -> ModelInfo;
    /// One forecast for one resolved sample of a scenario.
    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String>;
}

/// Adapts a [`Model`] to the generated export trait; used by [`export_model!`].
#[doc(hidden)]
pub struct Adapter<M>(core::marker::PhantomData<M>);

impl<M: Model> bindings::exports::forecast::model::model::Guest for Adapter<M> {
    fn info() -> ModelInfo {
        M::info()
    }
    fn forecast(input: ForecastInput) -> Result<ForecastOutput, String> {
        M::forecast(&input)
    }
}

/// Exports a [`Model`] type as the plugin's implementation of the contract.
///
/// Only when compiling to WebAssembly: natively (`cargo test`, benchmarks)
/// the same crate is a plain library, and the export names, which hold `:`
/// and `@`, are no valid native symbols.
#[macro_export]
macro_rules! export_model {
    ($model:ty) => {
        #[cfg(target_arch = "wasm32")]
        type __ForecastPluginExport = $crate::Adapter<$model>;
        #[cfg(target_arch = "wasm32")]
        $crate::bindings::__export_plugin!(__ForecastPluginExport with_types_in $crate::bindings);
        // Natively the model is still checked against the trait.
        #[cfg(not(target_arch = "wasm32"))]
        const _: fn() -> $crate::ModelInfo = <$model as $crate::Model>::info;
    };
}
