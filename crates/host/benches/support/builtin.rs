//! The built-in models for the benchmarks: loaded through a host, with
//! their native entry points, on the baseline scenario (`#[path]`-included
//! by each benchmark beside `native.rs`).

// Each benchmark uses a part of these.
#![allow(dead_code)]

use forecast_core::{Plan, PlanOptions, Scenario};
use forecast_host::{Host, Plugin, Source, wit};

pub const SCENARIO: &str = include_str!("../../../../scenarios/korea-2006.toml");

/// A model's native entry point.
pub type Native = fn(&forecast_sdk::ForecastInput) -> Result<forecast_sdk::ForecastOutput, String>;

/// The built-in models with their native entry points.
pub const MODELS: [(&str, Native); 3] = [
    ("collapse", forecast_collapse::forecast),
    ("neutral-zone", forecast_neutral_zone::forecast),
    ("sanctions-escalation", forecast_sanctions::forecast),
];

pub fn sources() -> Vec<Source> {
    forecast_builtin::BUILTIN
        .iter()
        .map(|(name, bytes)| Source::Embedded {
            name: name.to_string(),
            bytes,
        })
        .collect()
}

pub fn load_all(host: &Host) -> Vec<Plugin> {
    sources().iter().map(|s| host.load(s).unwrap()).collect()
}

/// The baseline scenario with `horizon` years, checked against all models.
pub fn plan(plugins: &[Plugin], horizon: u32) -> Plan {
    let mut scenario = Scenario::parse("korea-2006.toml", SCENARIO).unwrap();
    scenario.horizon = horizon;
    let specs: Vec<_> = plugins.iter().map(|p| p.spec.clone()).collect();
    Plan::new(scenario, &specs, PlanOptions::default()).unwrap()
}

/// Sample 0's input for `plugin`, as the host sends it and as the SDK's type.
pub fn inputs(plugin: &Plugin, plan: &Plan) -> (forecast_sdk::ForecastInput, wit::ForecastInput) {
    let sc = &plan.scenario;
    let wit = forecast_host::input(
        &sc.id,
        sc.start_year,
        sc.horizon,
        plan.call_seed(0),
        plan.values(&plan.bind(&plugin.spec), 0),
        false,
    );
    (super::native::native_input(&wit), wit)
}
