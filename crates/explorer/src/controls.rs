//! The page's controls, built from the loaded models' declarations: one
//! per lever and parameter any model reads, with its range, unit,
//! description and source, and what the scenario sets it to; grouped by
//! actor (`dprk.*`, `china.*`, ...), levers first.

use forecast_core::scenario::{SettingValue, YearlyPath};
use forecast_core::{ModelSpec, Scenario};
use serde_json::{Value, json};

/// The groups' titles, in the order they are shown; others follow.
const GROUPS: [(&str, &str); 6] = [
    ("levers", "Levers (what the US, China and the UN choose)"),
    ("dprk", "The regime"),
    ("china", "China"),
    ("us", "The United States"),
    ("sanctions", "Sanctions"),
    ("rok", "South Korea"),
];

/// Where a slider starts for a setting, and how the setting reads.
fn slider(value: &SettingValue) -> (&'static str, f64) {
    match value {
        SettingValue::Fixed(x) => ("fixed", *x),
        SettingValue::Path(YearlyPath::FromStart(v)) => ("path", v.first().copied().unwrap_or(0.0)),
        SettingValue::Path(YearlyPath::Steps(s)) => ("path", s.first().map_or(0.0, |p| p.1)),
        SettingValue::Uncertain(d) => ("uncertain", d.median()),
        SettingValue::Draws(v) => ("draws", v.first().copied().unwrap_or(0.0)),
    }
}

/// The controls of `scenario` for `models`, grouped.
pub fn controls(scenario: &Scenario, models: &[ModelSpec]) -> Value {
    // Every parameter any model reads, once, with the models that read it.
    let mut params: Vec<(&forecast_core::ParamSpec, Vec<&str>)> = Vec::new();
    for m in models {
        for p in &m.parameters {
            match params.iter_mut().find(|(q, _)| q.name == p.name) {
                Some((_, readers)) => readers.push(&m.id),
                None => params.push((p, vec![&m.id])),
            }
        }
    }
    params.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    let group_of = |name: &str| name.split_once('.').map_or("", |(g, _)| g).to_string();
    let mut groups: Vec<String> = params.iter().map(|(p, _)| group_of(&p.name)).collect();
    groups.dedup();
    groups.sort_by_key(|g| {
        GROUPS
            .iter()
            .position(|(id, _)| id == g)
            .unwrap_or(GROUPS.len())
    });
    groups.dedup();
    let groups: Vec<Value> = groups
        .iter()
        .map(|g| {
            let title = GROUPS
                .iter()
                .find(|(id, _)| id == g)
                .map_or_else(|| format!("The {g} model's own"), |(_, t)| t.to_string());
            let controls: Vec<Value> = params
                .iter()
                .filter(|(p, _)| group_of(&p.name) == *g)
                .map(|(p, readers)| {
                    let set = scenario.settings.iter().find(|s| s.name == p.name);
                    let (kind, value) = set.map_or(("default", p.default), |s| slider(&s.value));
                    let levels =
                        forecast_vocab::shared_parameter(&p.name).is_some_and(|s| s.has_levels());
                    json!({
                        "name": p.name,
                        "description": p.description,
                        "unit": p.unit,
                        "source": p.source,
                        "min": p.min,
                        "max": p.max,
                        "default": p.default,
                        "levels": levels,
                        "kind": kind,
                        "value": value.clamp(p.min, p.max),
                        "setting": set.map(|s| s.value.to_toml()),
                        "readers": readers,
                    })
                })
                .collect();
            json!({ "group": g, "title": title, "controls": controls })
        })
        .collect();
    json!(groups)
}
