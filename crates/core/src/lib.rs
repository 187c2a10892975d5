//! `forecast-core`: scenarios, uncertainty sampling and model comparison.
//!
//! What it is for: reading `scenarios/*.toml` with precise error locations
//! ([`scenario`]), checking a scenario against what the loaded models declare
//! and drawing its samples reproducibly ([`plan`], [`sample`]), folding the
//! models' forecasts into mergeable summaries as they come ([`aggregate`],
//! with [`exact`] sums and [`sketch`]es), and comparing them ([`compare`]).
//! What it is not: it runs no models and knows nothing of WebAssembly (that
//! is `forecast-host`), and it prints nothing (that is the `forecast` CLI).

pub mod aggregate;
pub mod compare;
pub mod dist;
mod emit;
pub mod error;
pub mod exact;
pub mod indicators;
pub mod model;
pub mod name;
pub mod plan;
pub mod policy;
pub mod rng;
pub mod sample;
pub mod scenario;
pub mod sketch;
pub mod text;

pub use aggregate::Aggregate;
pub use compare::{Comparison, Interval, ModelResult, Pooling};
pub use dist::Distribution;
pub use error::{Diagnostic, Origin, ScenarioError};
pub use indicators::Indicators;
pub use model::{Forecast, IndicatorSpec, ModelSpec, ParamSpec, Value};
pub use plan::{Binding, Plan, PlanOptions};
pub use sample::{Design, Sampling};
pub use scenario::Scenario;
