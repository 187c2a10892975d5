//! Policies files (`policies/*.toml`): named sets of lever values or yearly
//! paths, each with its rationale, that `forecast decide` evaluates on a
//! scenario, every policy on the same draws.
//!
//! ```toml
//! title = "..."
//! description = "..."
//! [[policy]]
//! id = "remedy"
//! name = "The op-ed's remedy"
//! rationale = "A treaty-level pledge and a joint plan from 2008, China enforcing."
//! [policy.levers]
//! us_pledge = { 2008 = 3 }          # from 2008 on; before it, the scenario's
//! joint_stabilisation_plan = { 2008 = 1 }
//! china_enforcement = 0.9           # every year
//! ```
//!
//! A lever is set as in a scenario: a number, a list from the start year, or
//! `{ year = value }` steps. Steps that begin after the scenario's start keep
//! the scenario's own value until the first of them, so a policy says only
//! what it changes. A policy decides levers, so it draws nothing: a
//! distribution is refused. Names are checked against the shared levers
//! (with a did-you-mean) and values against the ranges when the policy is
//! planned, every error with the policy file's line and column.

use crate::error::{Diagnostic, Origin, ScenarioError};
use crate::scenario::{Scenario, Setting, SettingValue, YearlyPath, line_column, parse_value};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// One policy: what it sets, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub id: String,
    pub name: String,
    pub rationale: String,
    /// The levers it sets (`levers.*`), with their places in the file.
    pub settings: Vec<Setting>,
}

/// A policies file.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicySet {
    pub title: String,
    pub description: String,
    pub policies: Vec<Policy>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(rename = "policy")]
    policies: Vec<Spanned<RawPolicy>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    id: Spanned<String>,
    name: String,
    rationale: String,
    #[serde(default)]
    levers: BTreeMap<String, Spanned<toml::Value>>,
}

const HINT: &str = "a policies file is TOML: title, description, then [[policy]] tables with id, name, rationale and a [policy.levers] table of lever values: a number, a list from the start year, or { 2008 = 3 } steps (see policies/oped-2006.toml)";

impl PolicySet {
    /// Reads and checks a policies file.
    pub fn load(path: &Path) -> Result<PolicySet, ScenarioError> {
        let file = path.display().to_string();
        let text = crate::scenario::read_source(path, "a policies file")?;
        PolicySet::parse(&file, &text)
    }

    /// Parses a policies file's text; `file` names it in errors. Every
    /// problem is reported, each where it is.
    pub fn parse(file: &str, text: &str) -> Result<PolicySet, ScenarioError> {
        let at = |offset: usize| {
            let (line, column) = line_column(text, offset);
            Origin::File {
                path: file.to_string(),
                line,
                column,
            }
        };
        let raw: PolicyFile = toml::from_str(text).map_err(|e| {
            let origin = e.span().map_or(
                Origin::File {
                    path: file.into(),
                    line: 1,
                    column: 1,
                },
                |s| at(s.start),
            );
            ScenarioError::single(
                Diagnostic::new(origin, e.message().trim_end().to_string()).with_hint(HINT),
            )
        })?;
        let levers: Vec<&str> = forecast_vocab::SHARED_PARAMETERS
            .iter()
            .filter_map(|p| p.name.strip_prefix("levers."))
            .collect();
        let mut problems = Vec::new();
        let mut policies: Vec<Policy> = Vec::new();
        for spanned in raw.policies {
            let span = spanned.span();
            let p = spanned.into_inner();
            let id = p.id.get_ref().clone();
            if let Err(m) = crate::name::check(&id) {
                problems
                    .push(Diagnostic::new(at(p.id.span().start), m).with_hint(crate::name::RULE));
            }
            if policies.iter().any(|q| q.id == id) {
                problems.push(Diagnostic::new(
                    at(p.id.span().start),
                    format!("the policy id `{id}` is used twice"),
                ));
            }
            if p.levers.is_empty() {
                problems.push(
                    Diagnostic::new(at(span.start), format!("the policy `{id}` sets no lever"))
                        .with_hint("give its levers in a [policy.levers] table"),
                );
            }
            let mut settings = Vec::new();
            for (name, value) in &p.levers {
                let origin = at(value.span().start);
                if !levers.contains(&name.as_str()) {
                    let hint = match crate::plan::closest(name, levers.iter().copied()) {
                        Some(c) => {
                            format!("did you mean `{c}`? The levers are {}", levers.join(", "))
                        }
                        None => format!("the levers are {}", levers.join(", ")),
                    };
                    problems.push(
                        Diagnostic::new(origin, format!("`{name}` is not a lever")).with_hint(hint),
                    );
                    continue;
                }
                match parse_value(value.get_ref()) {
                    Ok(SettingValue::Uncertain(_) | SettingValue::Draws(_)) => problems.push(
                        Diagnostic::new(
                            origin,
                            format!(
                                "`levers.{name}`: a policy decides a lever, so it draws nothing"
                            ),
                        )
                        .with_hint(
                            "give a number, a list from the start year, or { year = value } steps",
                        ),
                    ),
                    Ok(value) => settings.push(Setting {
                        name: format!("levers.{name}"),
                        value,
                        origin,
                    }),
                    Err(m) => problems.push(
                        Diagnostic::new(origin, format!("`levers.{name}`: {m}")).with_hint(HINT),
                    ),
                }
            }
            policies.push(Policy {
                id,
                name: p.name,
                rationale: p.rationale,
                settings,
            });
        }
        if policies.is_empty() && problems.is_empty() {
            problems.push(
                Diagnostic::new(at(0), "the file holds no [[policy]]".into()).with_hint(HINT),
            );
        }
        if !problems.is_empty() {
            return Err(ScenarioError::Invalid(problems));
        }
        Ok(PolicySet {
            title: raw.title,
            description: raw.description,
            policies,
        })
    }
}

impl Policy {
    /// A policy of the given lever values (a point of a grid), every year.
    pub fn of_values(values: &[(String, f64)], origin: &str) -> Policy {
        let id = values
            .iter()
            .map(|(n, v)| format!("{}={v}", n.strip_prefix("levers.").unwrap_or(n)))
            .collect::<Vec<_>>()
            .join(",");
        Policy {
            name: id.clone(),
            rationale: format!("a point of the grid {origin}"),
            settings: values
                .iter()
                .map(|(n, v)| Setting {
                    name: n.clone(),
                    value: SettingValue::Fixed(*v),
                    origin: Origin::Override(format!("{n}={v}")),
                })
                .collect(),
            id,
        }
    }

    /// This policy with `other`'s settings on top, named after both.
    pub fn and(&self, other: &Policy) -> Policy {
        let mut settings = self.settings.clone();
        for s in &other.settings {
            match settings.iter_mut().find(|t| t.name == s.name) {
                Some(t) => *t = s.clone(),
                None => settings.push(s.clone()),
            }
        }
        Policy {
            id: format!("{}+{}", self.id, other.id),
            name: format!("{}, {}", self.name, other.name),
            rationale: format!("{} With {}.", self.rationale, other.name),
            settings,
        }
    }

    /// `scenario` under this policy: each lever it sets replaces the
    /// scenario's, except that steps beginning after the start keep the
    /// scenario's value (or the shared default) until the first of them.
    pub fn apply(&self, scenario: &Scenario) -> Result<Scenario, ScenarioError> {
        let mut out = scenario.clone();
        for s in &self.settings {
            let value = match &s.value {
                SettingValue::Path(YearlyPath::Steps(steps))
                    if steps.first().is_some_and(|(y, _)| *y > scenario.start_year) =>
                {
                    let before = self.before(scenario, s, steps[0].0)?;
                    let mut all = before;
                    all.extend(steps.iter().copied());
                    SettingValue::Path(YearlyPath::Steps(all))
                }
                v => v.clone(),
            };
            let setting = Setting {
                name: s.name.clone(),
                value,
                origin: s.origin.clone(),
            };
            match out.settings.iter_mut().find(|t| t.name == s.name) {
                Some(t) => *t = setting,
                None => {
                    out.settings.push(setting);
                    out.settings.sort_by(|a, b| a.name.cmp(&b.name));
                }
            }
        }
        Ok(out)
    }

    /// The scenario's own value of `s`'s lever in each year from the start
    /// to `until` (exclusive), as steps.
    fn before(
        &self,
        scenario: &Scenario,
        s: &Setting,
        until: i32,
    ) -> Result<Vec<(i32, f64)>, ScenarioError> {
        let years = (until - scenario.start_year) as u32;
        let own = scenario.settings.iter().find(|t| t.name == s.name);
        let values: Vec<f64> = match own.map(|t| &t.value) {
            None => {
                let default = forecast_vocab::shared_parameter(&s.name).map_or(0.0, |p| p.default);
                vec![default; years as usize]
            }
            Some(SettingValue::Fixed(v)) => vec![*v; years as usize],
            Some(SettingValue::Path(p)) => p.resolve(scenario.start_year, years).map_err(|m| {
                ScenarioError::single(Diagnostic::new(
                    s.origin.clone(),
                    format!("`{}`: {m}", s.name),
                ))
            })?,
            Some(_) => {
                return Err(ScenarioError::single(
                    Diagnostic::new(
                        s.origin.clone(),
                        format!(
                            "`{}` is drawn in the scenario, so the policy's steps from {until} need its value before: give one for {}",
                            s.name, scenario.start_year
                        ),
                    )
                    .with_hint("start the policy's steps in the scenario's start year"),
                ));
            }
        };
        Ok(values
            .into_iter()
            .enumerate()
            .map(|(t, v)| (scenario.start_year + t as i32, v))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
title = "t"
[[policy]]
id = "remedy"
name = "Remedy"
rationale = "r"
[policy.levers]
us_pledge = { 2009 = 3 }
china_enforcement = 0.9
"#;

    const SCENARIO: &str = "id = \"s\"\ntitle = \"t\"\ndescription = \"d\"\nstart_year = 2007\nhorizon = 5\nseed = 1\n[levers]\nus_pledge = 1\n";

    #[test]
    fn steps_after_the_start_keep_the_scenario_s_value_before_them() {
        let set = PolicySet::parse("p.toml", FILE).unwrap();
        let scenario = Scenario::parse("s.toml", SCENARIO).unwrap();
        let applied = set.policies[0].apply(&scenario).unwrap();
        let value = |name: &str| {
            applied
                .settings
                .iter()
                .find(|s| s.name == name)
                .unwrap()
                .value
                .clone()
        };
        match value("levers.us_pledge") {
            SettingValue::Path(p) => {
                assert_eq!(p.resolve(2007, 5).unwrap(), [1.0, 1.0, 3.0, 3.0, 3.0])
            }
            v => panic!("{v:?}"),
        }
        assert_eq!(value("levers.china_enforcement"), SettingValue::Fixed(0.9));
        assert!(matches!(
            &applied.settings.iter().find(|s| s.name == "levers.us_pledge").unwrap().origin,
            Origin::File { path, line: 8, .. } if path == "p.toml"
        ));
    }

    #[test]
    fn unknown_levers_draws_and_duplicates_are_refused_where_they_are() {
        let err = |text: &str| PolicySet::parse("p.toml", text).unwrap_err().to_string();
        let e = err(&FILE.replace("us_pledge", "us_pledg"));
        assert!(
            e.contains("p.toml:8:12: `us_pledg` is not a lever")
                && e.contains("did you mean `us_pledge`?"),
            "{e}"
        );
        let e = err(&FILE.replace("0.9", "{ dist = \"uniform\", low = 0, high = 1 }"));
        assert!(
            e.contains("p.toml:9:21: `levers.china_enforcement`: a policy decides a lever"),
            "{e}"
        );
        let twice = format!("{FILE}{}", &FILE[FILE.find("[[policy]]").unwrap()..]);
        assert!(err(&twice).contains("the policy id `remedy` is used twice"));
        assert!(
            err(&FILE.replace("rationale = \"r\"\n", "")).contains("missing field `rationale`")
        );
        assert!(err("title = \"t\"\npolicy = []\n").contains("holds no [[policy]]"));
    }

    #[test]
    fn a_grid_point_and_a_combination_are_policies_too() {
        let point = Policy::of_values(&[("levers.us_pledge".into(), 2.0)], "--grid");
        assert_eq!(point.id, "us_pledge=2");
        let set = PolicySet::parse("p.toml", FILE).unwrap();
        let both = set.policies[0].and(&point);
        assert_eq!(both.id, "remedy+us_pledge=2");
        let pledge = both
            .settings
            .iter()
            .find(|s| s.name == "levers.us_pledge")
            .unwrap();
        assert_eq!(pledge.value, SettingValue::Fixed(2.0));
    }
}
