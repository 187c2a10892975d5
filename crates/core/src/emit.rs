//! Writing a scenario back as a scenario file: what `forecast calibrate
//! --save-posterior` writes, read again by every command as any scenario
//! is. Values are written so that they read back to the same bits.

use crate::dist::Distribution;
use crate::scenario::{Scenario, SettingValue, YearlyPath};
use std::fmt::Write as _;

/// A number as TOML, read back to the same bits.
fn number(x: f64) -> String {
    toml::Value::Float(x).to_string()
}

fn string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn list(values: &[f64]) -> String {
    let lines: Vec<String> = values
        .chunks(8)
        .map(|c| c.iter().map(|v| number(*v)).collect::<Vec<_>>().join(", "))
        .collect();
    if lines.len() <= 1 {
        format!("[{}]", lines.join(""))
    } else {
        format!("[\n    {},\n]", lines.join(",\n    "))
    }
}

fn value(v: &SettingValue) -> String {
    match v {
        SettingValue::Fixed(x) => number(*x),
        SettingValue::Path(YearlyPath::FromStart(values)) => list(values),
        SettingValue::Path(YearlyPath::Steps(steps)) => {
            let items: Vec<String> = steps
                .iter()
                .map(|(y, v)| format!("{y} = {}", number(*v)))
                .collect();
            format!("{{ {} }}", items.join(", "))
        }
        SettingValue::Draws(values) => format!("{{ draws = {} }}", list(values)),
        SettingValue::Uncertain(d) => {
            let fields = |kind: &str, kv: &[(&str, f64)]| {
                let rest: Vec<String> = kv
                    .iter()
                    .map(|(k, v)| format!("{k} = {}", number(*v)))
                    .collect();
                format!("{{ dist = \"{kind}\", {} }}", rest.join(", "))
            };
            match *d {
                Distribution::Uniform { low, high } => {
                    fields("uniform", &[("low", low), ("high", high)])
                }
                Distribution::Normal { mean, sd } => {
                    fields("normal", &[("mean", mean), ("sd", sd)])
                }
                Distribution::Normal90 { low, high } => {
                    fields("normal", &[("low", low), ("high", high)])
                }
                Distribution::LogNormal90 { low, high } => {
                    fields("lognormal", &[("low", low), ("high", high)])
                }
                Distribution::Triangular { low, mode, high } => fields(
                    "triangular",
                    &[("low", low), ("mode", mode), ("high", high)],
                ),
                Distribution::Point(v) => fields("point", &[("value", v)]),
            }
        }
    }
}

impl SettingValue {
    /// The value as a scenario file writes it (and `--set NAME=VALUE`
    /// reads it): a number, a list, a table of steps, a distribution.
    pub fn to_toml(&self) -> String {
        value(self)
    }
}

impl Scenario {
    /// The scenario as a scenario file.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "id = {}", string(&self.id));
        let _ = writeln!(out, "title = {}", string(&self.title));
        let _ = writeln!(out, "description = {}", string(&self.description));
        let _ = writeln!(out, "start_year = {}", self.start_year);
        let _ = writeln!(out, "horizon = {}", self.horizon);
        let _ = writeln!(out, "seed = {}", self.seed);
        let _ = writeln!(out, "samples = {}", self.samples);
        // Settings are sorted by name, so each group's come together.
        let mut group = "";
        for s in &self.settings {
            let Some((g, name)) = s.name.split_once('.') else {
                continue;
            };
            if g != group {
                group = g;
                if g == "levers" {
                    let _ = writeln!(out, "\n[levers]");
                } else {
                    let _ = writeln!(out, "\n[parameters.{g}]");
                }
            }
            let _ = writeln!(out, "{name} = {}", value(&s.value));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_reads_back_as_it_was_written() {
        let text = "id = \"t\"\ntitle = \"a \\\"quoted\\\" title\"\ndescription = \"\"\"\ntwo\nlines\n\"\"\"\nstart_year = 2007\nhorizon = 5\nseed = 3\nsamples = 7\n[parameters.dprk]\nbase_hazard = { dist = \"lognormal\", low = 0.005, high = 0.02 }\nchina_dependence = { 2007 = 0.5, 2010 = 0.6 }\nleader_mortality = { dist = \"triangular\", low = 0.05, mode = 0.1, high = 0.2 }\n[parameters.china]\nbuffer_value = { draws = [0.1, 0.30000000000000004, 0.7, 1e-7, 0.2, 0.3, 0.4, 0.5, 0.6] }\nrefugee_cost = { dist = \"normal\", mean = 0.2, sd = 0.1 }\naudience_cost = { dist = \"normal\", low = 0.0, high = 0.3 }\n[levers]\nchina_aid = [1.0, 0.9, 0.8]\nus_pledge = 2\ninducements = { dist = \"uniform\", low = 0.1, high = 0.3 }\njoint_stabilisation_plan = { dist = \"point\", value = 1 }\n";
        let a = Scenario::parse("a.toml", text).unwrap();
        let written = a.to_toml();
        let b = Scenario::parse("b.toml", &written).unwrap();
        assert_eq!(
            (&a.id, &a.title, &a.description),
            (&b.id, &b.title, &b.description)
        );
        assert_eq!(
            (a.start_year, a.horizon, a.seed, a.samples),
            (b.start_year, b.horizon, b.seed, b.samples)
        );
        let values = |s: &Scenario| {
            s.settings
                .iter()
                .map(|x| (x.name.clone(), x.value.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(values(&a), values(&b), "{written}");
    }

    #[test]
    fn draws_must_be_numbers() {
        let base = "id = \"t\"\ntitle = \"t\"\ndescription = \"\"\nstart_year = 2007\nhorizon = 5\nseed = 3\n[parameters.china]\n";
        for (bad, says) in [
            ("buffer_value = { draws = [] }", "non-empty"),
            (
                "buffer_value = { draws = [1, \"x\"] }",
                "non-empty list of finite numbers",
            ),
            (
                "buffer_value = { draws = [1], dist = \"point\" }",
                "takes value, not `draws`",
            ),
            ("buffer_value = { draws = [1], extra = 2 }", "no other key"),
        ] {
            let e = Scenario::parse("t.toml", &format!("{base}{bad}\n"))
                .unwrap_err()
                .to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
