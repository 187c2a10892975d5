//! Scenario files: parsing `scenarios/*.toml` and `--set` overrides into
//! [`Scenario`], with every value's location kept for error messages.
//!
//! This module knows the file format, not the models: checking names and
//! ranges against what the loaded models declare is [`crate::plan`]'s job.

use crate::dist::Distribution;
use crate::error::{Diagnostic, Origin, ScenarioError};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// Samples drawn when a scenario does not say.
pub const DEFAULT_SAMPLES: u32 = 1000;

/// The years a scenario may start in: wide enough for any history an
/// analyst would write, narrow enough that every year a run reaches
/// (start + horizon) is far from overflowing.
pub const START_YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// The longest horizon, in years.
pub const MAX_HORIZON: u32 = 200;

/// A scenario as written: its metadata and the values it sets.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub description: String,
    /// First forecast year.
    pub start_year: i32,
    /// Number of yearly steps.
    pub horizon: u32,
    pub seed: u64,
    pub samples: u32,
    /// Values by shared name (`dprk.base_hazard`, `levers.us_pledge`), sorted by name.
    pub settings: Vec<Setting>,
}

/// One value the scenario (or the command line) sets.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    pub name: String,
    pub value: SettingValue,
    pub origin: Origin,
}

/// What a parameter or lever is set to.
#[derive(Debug, Clone, PartialEq)]
pub enum SettingValue {
    /// The same value every year.
    Fixed(f64),
    /// A yearly path.
    Path(YearlyPath),
    /// Drawn once per sample.
    Uncertain(Distribution),
    /// One value per sample, by sample index (sample i takes value i,
    /// wrapping around): the resampled draws of a posterior, written so
    /// that the draws of several parameters stay together, row by row.
    Draws(Vec<f64>),
}

/// A yearly path as written.
#[derive(Debug, Clone, PartialEq)]
pub enum YearlyPath {
    /// One value per year from the start year; the last value holds after it.
    FromStart(Vec<f64>),
    /// `{ 2007 = 1, 2013 = 3 }`: each value holds from its year until the next.
    Steps(Vec<(i32, f64)>),
}

impl YearlyPath {
    /// The path as known at the end of `origin`, for a run from
    /// `start_year`: the values up to `origin`, the last of them held after
    /// it. `None` when the path has no value in or before `origin`.
    pub fn known_at(&self, start_year: i32, origin: i32) -> Option<YearlyPath> {
        match self {
            YearlyPath::FromStart(values) => {
                let known = usize::try_from(i64::from(origin) - i64::from(start_year) + 1).ok()?;
                let last = values[..known.min(values.len())].last()?;
                Some(YearlyPath::FromStart(vec![*last]))
            }
            YearlyPath::Steps(steps) => {
                let last = steps.iter().take_while(|(y, _)| *y <= origin).last()?;
                Some(YearlyPath::Steps(vec![*last]))
            }
        }
    }
    /// What a run of `horizon` years from `start_year` makes of the path
    /// that its writer may not have meant, in words: values past the
    /// horizon, steps before the start that a later one replaces, a step
    /// before the start that gives the start's value, a list that ends
    /// before the horizon and whose last value is held. `None` when every
    /// value is used as written.
    pub fn remarks(&self, start_year: i32, horizon: u32) -> Option<String> {
        let end = start_year + horizon as i32 - 1;
        let years = |ys: Vec<i32>| ys.iter().map(i32::to_string).collect::<Vec<_>>().join(", ");
        let mut parts = Vec::new();
        match self {
            YearlyPath::FromStart(values) if values.len() > horizon as usize => parts.push(format!(
                "its last {} values fall after {end}, the horizon's last year, and are not used",
                values.len() - horizon as usize
            )),
            YearlyPath::FromStart(values) if values.len() > 1 && values.len() < horizon as usize => {
                parts.push(format!(
                    "its {} values end in {}, and the last, {}, is held to {end}",
                    values.len(),
                    start_year + values.len() as i32 - 1,
                    values[values.len() - 1]
                ))
            }
            YearlyPath::FromStart(_) => {}
            YearlyPath::Steps(steps) => {
                let late: Vec<i32> = steps.iter().map(|s| s.0).filter(|y| *y > end).collect();
                if !late.is_empty() {
                    parts.push(format!(
                        "its steps in {} fall after {end}, the horizon's last year, and are not used",
                        years(late)
                    ));
                }
                let replaced: Vec<i32> = steps
                    .iter()
                    .map(|s| s.0)
                    .filter(|y| *y < start_year && steps.iter().any(|s| s.0 > *y && s.0 <= start_year))
                    .collect();
                if !replaced.is_empty() {
                    parts.push(format!(
                        "its steps in {} are replaced by a later one before the start in {start_year} and are not used",
                        years(replaced)
                    ));
                }
                let in_force = steps.iter().take_while(|s| s.0 <= start_year).last();
                if let Some((year, value)) = in_force.filter(|s| s.0 < start_year) {
                    parts.push(format!(
                        "its step in {year}, before the start in {start_year}, gives the start its value, {value}"
                    ));
                }
            }
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }

    /// One value per year of `horizon` years from `start_year`.
    pub fn resolve(&self, start_year: i32, horizon: u32) -> Result<Vec<f64>, String> {
        match self {
            YearlyPath::FromStart(values) => {
                let last = *values.last().ok_or("a path needs at least one value")?;
                Ok((0..horizon as usize)
                    .map(|t| values.get(t).copied().unwrap_or(last))
                    .collect())
            }
            YearlyPath::Steps(steps) => {
                let first = steps.first().ok_or("a path needs at least one year")?.0;
                if first > start_year {
                    return Err(format!(
                        "the path starts in {first}, after the scenario's start year {start_year}: give a value for {start_year}"
                    ));
                }
                Ok((0..horizon as i32)
                    .map(|t| {
                        steps
                            .iter()
                            .take_while(|(y, _)| *y <= start_year + t)
                            .last()
                            .map_or(f64::NAN, |s| s.1)
                    })
                    .collect())
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    id: Spanned<String>,
    title: String,
    description: String,
    start_year: Spanned<i32>,
    horizon: Spanned<u32>,
    seed: u64,
    samples: Option<Spanned<u32>>,
    #[serde(default)]
    parameters: BTreeMap<String, BTreeMap<String, Spanned<toml::Value>>>,
    #[serde(default)]
    levers: BTreeMap<String, Spanned<toml::Value>>,
}

/// Reads a file of the scenario format's family (`what` names it in the
/// hint): a read error, or the line and column of a byte that is not UTF-8.
pub(crate) fn read_source(path: &Path, what: &str) -> Result<String, ScenarioError> {
    crate::text::read_text(path).map_err(|e| match e {
        crate::text::ReadError::Io(source) => ScenarioError::Read {
            path: path.display().to_string(),
            source,
        },
        crate::text::ReadError::NotUtf8 { line, column } => {
            let origin = Origin::File {
                path: path.display().to_string(),
                line,
                column,
            };
            ScenarioError::single(
                Diagnostic::new(origin, "a byte that is not valid UTF-8".into())
                    .with_hint(format!("{what} is UTF-8 text: save the file as UTF-8")),
            )
        }
    })
}

/// Where in `source` a byte offset lies, as 1-based (line, column).
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

impl Scenario {
    /// Reads and parses a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let source = read_source(path, "a scenario")?;
        Scenario::parse(&path.display().to_string(), &source)
    }

    /// Parses a scenario from `source`; `file` names it in errors.
    pub fn parse(file: &str, source: &str) -> Result<Scenario, ScenarioError> {
        let at = |offset: usize| {
            let (line, column) = line_column(source, offset);
            Origin::File {
                path: file.to_string(),
                line,
                column,
            }
        };
        let raw: ScenarioFile = toml::from_str(source).map_err(|e| {
            let origin = e.span().map_or(Origin::File { path: file.into(), line: 1, column: 1 }, |s| at(s.start));
            ScenarioError::single(Diagnostic::new(origin, e.message().trim_end().to_string()).with_hint(
                "a scenario needs id, title, description, start_year, horizon and seed; values go in [parameters.<group>] and [levers] tables (see scenarios/korea-2006.toml)",
            ))
        })?;
        let mut problems = Vec::new();
        if let Err(m) = crate::name::check(raw.id.get_ref()) {
            problems.push(
                Diagnostic::new(at(raw.id.span().start), m).with_hint(format!(
                    "{}; it names the scenario's parts and tables",
                    crate::name::RULE
                )),
            );
        }
        if !START_YEARS.contains(raw.start_year.get_ref()) {
            problems.push(Diagnostic::new(
                at(raw.start_year.span().start),
                format!(
                    "start_year must be {} to {}",
                    START_YEARS.start(),
                    START_YEARS.end()
                ),
            ));
        }
        if *raw.horizon.get_ref() == 0 || *raw.horizon.get_ref() > MAX_HORIZON {
            problems.push(Diagnostic::new(
                at(raw.horizon.span().start),
                format!("horizon must be 1 to {MAX_HORIZON} years"),
            ));
        }
        let samples = raw
            .samples
            .as_ref()
            .map_or(DEFAULT_SAMPLES, |s| *s.get_ref());
        if let Some(s) = raw.samples.as_ref().filter(|s| *s.get_ref() == 0) {
            problems.push(Diagnostic::new(
                at(s.span().start),
                "samples must be at least 1".into(),
            ));
        }
        let values = raw
            .parameters
            .iter()
            .flat_map(|(group, table)| table.iter().map(move |(k, v)| (format!("{group}.{k}"), v)))
            .chain(raw.levers.iter().map(|(k, v)| (format!("levers.{k}"), v)));
        let mut settings = Vec::new();
        for (name, value) in values {
            let origin = at(value.span().start);
            match parse_value(value.get_ref()) {
                Ok(value) => settings.push(Setting {
                    name,
                    value,
                    origin,
                }),
                Err(message) => problems.push(
                    Diagnostic::new(origin, format!("`{name}`: {message}")).with_hint(VALUE_FORMS),
                ),
            }
        }
        if !problems.is_empty() {
            return Err(ScenarioError::Invalid(problems));
        }
        settings.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Scenario {
            id: raw.id.into_inner(),
            title: raw.title,
            description: raw.description,
            start_year: raw.start_year.into_inner(),
            horizon: *raw.horizon.get_ref(),
            seed: raw.seed,
            samples,
            settings,
        })
    }

    /// The scenario as a forecast made at the end of `origin` sees it, for
    /// `horizon` years from `origin + 1`: every yearly path held from
    /// `origin` on at its value then (the ex-ante forecast), or, with
    /// `conditional`, the paths as written (the levers as they actually
    /// moved). The id gains `@origin`. Errors name a path with no value in
    /// or before `origin`, or an origin outside the scenario's years.
    pub fn as_of(&self, origin: i32, horizon: u32, conditional: bool) -> Result<Scenario, String> {
        if horizon == 0 || horizon > MAX_HORIZON {
            return Err(format!(
                "a forecast of {horizon} years: give 1 to {MAX_HORIZON}"
            ));
        }
        let start = origin
            .checked_add(1)
            .filter(|s| *s >= self.start_year && START_YEARS.contains(s))
            .ok_or_else(|| {
                format!(
                    "the origin {origin} is before the year before the scenario `{}` starts ({}): its paths say nothing of the years up to it",
                    self.id, self.start_year
                )
            })?;
        let mut scenario = self.clone();
        scenario.id = format!("{}@{origin}", self.id);
        scenario.start_year = start;
        scenario.horizon = horizon;
        for setting in &mut scenario.settings {
            let SettingValue::Path(path) = &setting.value else {
                continue;
            };
            let now = if conditional {
                path.clone()
            } else {
                path.known_at(self.start_year, origin).ok_or_else(|| {
                    format!(
                        "`{}` has no value in or before {origin}: give it one from the scenario's start",
                        setting.name
                    )
                })?
            };
            // A path from the start becomes steps in calendar years, so that
            // it reads the same from the new start.
            setting.value = SettingValue::Path(match now {
                YearlyPath::FromStart(values) => YearlyPath::Steps(
                    values
                        .iter()
                        .enumerate()
                        .map(|(t, v)| (self.start_year + t as i32, *v))
                        .collect(),
                ),
                steps => steps,
            });
        }
        Ok(scenario)
    }

    /// The scenario over its years up to `until`, paths as written (all of
    /// it past): what a calibration at `until` runs on. The id gains
    /// `..until`.
    pub fn up_to(&self, until: i32) -> Result<Scenario, String> {
        let years = until
            .checked_sub(self.start_year)
            .and_then(|d| u32::try_from(d).ok())
            .ok_or_else(|| {
                format!(
                    "calibrating until {until} needs the scenario to start by then; `{}` starts in {}",
                    self.id, self.start_year
                )
            })?;
        if years >= MAX_HORIZON {
            return Err(format!(
                "calibrating until {until} runs the scenario `{}` over {} years from {}, past the longest run of {MAX_HORIZON}",
                self.id,
                u64::from(years) + 1,
                self.start_year
            ));
        }
        let mut s = self.clone();
        s.id = format!("{}..{until}", self.id);
        s.horizon = years + 1;
        Ok(s)
    }

    /// Applies a command-line override `NAME=VALUE` (VALUE in the file's
    /// syntax: `3`, `[1, 0.5]`, `{ dist = "uniform", low = 0, high = 1 }`).
    pub fn set(&mut self, assignment: &str) -> Result<(), ScenarioError> {
        let origin = Origin::Override(assignment.to_string());
        let fail = |m: String| {
            ScenarioError::single(Diagnostic::new(origin.clone(), m).with_hint(VALUE_FORMS))
        };
        let (name, text) = assignment
            .split_once('=')
            .ok_or_else(|| fail("expected NAME=VALUE, e.g. levers.us_pledge=3".into()))?;
        let name = name.trim();
        if !name.contains('.') {
            return Err(fail(format!(
                "`{name}` is not a `group.name` parameter name"
            )));
        }
        let table: toml::Table = toml::from_str(&format!("v = {}", text.trim())).map_err(|e| {
            fail(format!(
                "cannot read `{}`: {}",
                text.trim(),
                e.message().trim_end()
            ))
        })?;
        let value = parse_value(&table["v"]).map_err(|m| fail(format!("`{name}`: {m}")))?;
        let setting = Setting {
            name: name.to_string(),
            value,
            origin: origin.clone(),
        };
        match self.settings.iter_mut().find(|s| s.name == name) {
            Some(existing) => *existing = setting,
            None => {
                self.settings.push(setting);
                self.settings.sort_by(|a, b| a.name.cmp(&b.name));
            }
        }
        Ok(())
    }
}

const VALUE_FORMS: &str = "a value is a number (0.6), a yearly path ([1, 0.9, 0.8] from the start year, or { 2007 = 1, 2013 = 3 }), the draws of each sample ({ draws = [0.1, 0.3, ...] }), or a distribution: { dist = \"uniform\", low, high }, { dist = \"normal\", mean, sd }, { dist = \"normal\", low, high } or { dist = \"lognormal\", low, high } (a 90% interval), { dist = \"triangular\", low, mode, high }, { dist = \"point\", value }";

fn number(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) => Some(*f),
        _ => None,
    }
}

pub(crate) fn parse_value(v: &toml::Value) -> Result<SettingValue, String> {
    if let Some(x) = number(v) {
        return Ok(SettingValue::Fixed(x));
    }
    match v {
        toml::Value::Array(items) => {
            let values: Option<Vec<f64>> = items.iter().map(number).collect();
            match values {
                Some(values) if !values.is_empty() => {
                    Ok(SettingValue::Path(YearlyPath::FromStart(values)))
                }
                _ => Err("a path is a non-empty list of numbers".into()),
            }
        }
        toml::Value::Table(t) if t.contains_key("dist") => {
            parse_distribution(t).map(SettingValue::Uncertain)
        }
        toml::Value::Table(t) if t.contains_key("draws") => {
            if t.len() > 1 {
                return Err("`draws` takes no other key".into());
            }
            let values: Option<Vec<f64>> = t["draws"]
                .as_array()
                .and_then(|a| a.iter().map(number).collect());
            match values {
                Some(v) if !v.is_empty() && v.iter().all(|x| x.is_finite()) => {
                    Ok(SettingValue::Draws(v))
                }
                _ => Err("`draws` is a non-empty list of finite numbers, one per sample".into()),
            }
        }
        toml::Value::Table(t) => {
            let mut steps = Vec::new();
            for (k, v) in t {
                let year: i32 = k
                    .parse()
                    .map_err(|_| format!("`{k}` is neither `dist` nor a year"))?;
                steps.push((
                    year,
                    number(v).ok_or_else(|| format!("the value for {year} is not a number"))?,
                ));
            }
            steps.sort_by_key(|s| s.0);
            if steps.is_empty() {
                return Err("an empty table is not a value".into());
            }
            Ok(SettingValue::Path(YearlyPath::Steps(steps)))
        }
        other => Err(format!("a {} is not a value", other.type_str())),
    }
}

fn parse_distribution(t: &toml::Table) -> Result<Distribution, String> {
    let kind = t["dist"].as_str().ok_or("`dist` must be a string")?;
    let allowed: &[&str] = match kind {
        "uniform" | "lognormal" => &["low", "high"],
        "normal" if t.contains_key("mean") => &["mean", "sd"],
        "normal" => &["low", "high"],
        "triangular" => &["low", "mode", "high"],
        "point" => &["value"],
        other => {
            return Err(format!(
                "unknown distribution `{other}` (uniform, normal, lognormal, triangular, point)"
            ));
        }
    };
    if let Some(k) = t
        .keys()
        .find(|k| *k != "dist" && !allowed.contains(&k.as_str()))
    {
        return Err(format!("`{kind}` takes {}, not `{k}`", allowed.join(", ")));
    }
    let field = |k: &str| {
        t.get(k)
            .ok_or_else(|| format!("`{kind}` needs `{k}` ({})", allowed.join(", ")))
            .and_then(|v| number(v).ok_or_else(|| format!("`{k}` must be a number")))
    };
    let d = match (kind, allowed) {
        ("uniform", _) => Distribution::Uniform {
            low: field("low")?,
            high: field("high")?,
        },
        ("lognormal", _) => Distribution::LogNormal90 {
            low: field("low")?,
            high: field("high")?,
        },
        ("normal", ["mean", _]) => Distribution::Normal {
            mean: field("mean")?,
            sd: field("sd")?,
        },
        ("normal", _) => Distribution::Normal90 {
            low: field("low")?,
            high: field("high")?,
        },
        ("triangular", _) => Distribution::Triangular {
            low: field("low")?,
            mode: field("mode")?,
            high: field("high")?,
        },
        _ => Distribution::Point(field("value")?),
    };
    d.check().map_err(|m| format!("`{kind}` {m}"))?;
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_as_of_an_origin_holds_its_paths_there() {
        let s = Scenario::parse(
            "h.toml",
            "id = \"h\"\ntitle = \"t\"\ndescription = \"d\"\nstart_year = 2007\nhorizon = 20\nseed = 1\n[levers]\nsanctions_rung = { 2007 = 1, 2009 = 2, 2016 = 3 }\nchina_aid = [1.0, 0.9, 0.8]\nus_pledge = 0\n",
        )
        .unwrap();
        let value = |s: &Scenario, name: &str| {
            let set = s.settings.iter().find(|x| x.name == name).unwrap();
            match &set.value {
                SettingValue::Path(p) => p.resolve(s.start_year, s.horizon).unwrap(),
                SettingValue::Fixed(x) => vec![*x; s.horizon as usize],
                SettingValue::Uncertain(_) | SettingValue::Draws(_) => unreachable!(),
            }
        };
        let ex_ante = s.as_of(2012, 4, false).unwrap();
        assert_eq!(
            (ex_ante.id.as_str(), ex_ante.start_year, ex_ante.horizon),
            ("h@2012", 2013, 4)
        );
        assert_eq!(value(&ex_ante, "levers.sanctions_rung"), [2.0; 4]);
        assert_eq!(value(&ex_ante, "levers.china_aid"), [0.8; 4]);
        assert_eq!(value(&ex_ante, "levers.us_pledge"), [0.0; 4]);
        let early = s.as_of(2007, 3, false).unwrap();
        assert_eq!(value(&early, "levers.china_aid"), [1.0; 3]);
        let conditional = s.as_of(2014, 3, true).unwrap();
        assert_eq!(
            value(&conditional, "levers.sanctions_rung"),
            [2.0, 3.0, 3.0]
        );
        // The origin may be the year before the start, not earlier.
        assert!(s.as_of(2006, 3, true).is_ok());
        assert!(
            s.as_of(2006, 3, false)
                .unwrap_err()
                .contains("no value in or before 2006")
        );
        assert!(
            s.as_of(2005, 3, false)
                .unwrap_err()
                .contains("before the year before")
        );
        assert!(s.as_of(i32::MAX, 3, false).is_err());
        let past = s.up_to(2010).unwrap();
        assert_eq!(
            (past.id.as_str(), past.start_year, past.horizon),
            ("h..2010", 2007, 4)
        );
        assert_eq!(value(&past, "levers.sanctions_rung"), [1.0, 1.0, 2.0, 2.0]);
        assert!(s.up_to(2006).unwrap_err().contains("starts in 2007"));
        assert!(s.up_to(i32::MIN).is_err());
    }

    const GOOD: &str = r#"
id = "t"
title = "T"
description = "d"
start_year = 2007
horizon = 5
seed = 1

[parameters.dprk]
base_hazard = { dist = "lognormal", low = 0.005, high = 0.02 }
arsenal_value = 0.6

[levers]
sanctions_rung = { 2007 = 1, 2009 = 2 }
china_aid = [1.0, 0.9]
"#;

    #[test]
    fn parses_every_value_form() {
        let s = Scenario::parse("t.toml", GOOD).unwrap();
        let names: Vec<_> = s.settings.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "dprk.arsenal_value",
                "dprk.base_hazard",
                "levers.china_aid",
                "levers.sanctions_rung"
            ]
        );
        assert_eq!(s.samples, DEFAULT_SAMPLES);
        assert_eq!(s.settings[0].value, SettingValue::Fixed(0.6));
        assert_eq!(s.settings[0].origin.to_string(), "t.toml:11:17");
        let SettingValue::Path(p) = &s.settings[3].value else {
            panic!()
        };
        assert_eq!(p.resolve(2007, 5).unwrap(), [1.0, 1.0, 2.0, 2.0, 2.0]);
        let SettingValue::Path(p) = &s.settings[2].value else {
            panic!()
        };
        assert_eq!(p.resolve(2007, 3).unwrap(), [1.0, 0.9, 0.9]);
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let bad = GOOD.replace("arsenal_value = 0.6", "arsenal_value = \"high\"");
        let e = Scenario::parse("t.toml", &bad).unwrap_err().to_string();
        assert!(
            e.starts_with("t.toml:11:17: `dprk.arsenal_value`: a string is not a value"),
            "{e}"
        );
        let bad = GOOD.replace("low = 0.005", "low = 0.05");
        let e = Scenario::parse("t.toml", &bad).unwrap_err().to_string();
        assert!(
            e.contains("t.toml:10:15") && e.contains("0 < low < high"),
            "{e}"
        );
        let e = Scenario::parse("t.toml", "id = 1").unwrap_err().to_string();
        assert!(e.starts_with("t.toml:1:6:"), "{e}");
        let bad = GOOD.replace("seed = 1", "seed = 1\nsede = 2");
        let e = Scenario::parse("t.toml", &bad).unwrap_err().to_string();
        assert!(e.contains("t.toml:8:1") && e.contains("sede"), "{e}");
    }

    #[test]
    fn overrides_replace_or_add_values() {
        let mut s = Scenario::parse("t.toml", GOOD).unwrap();
        s.set("levers.us_pledge=3").unwrap();
        s.set("dprk.arsenal_value = { dist = \"uniform\", low = 0.3, high = 0.9 }")
            .unwrap();
        assert!(
            s.settings
                .iter()
                .any(|x| x.name == "levers.us_pledge" && x.value == SettingValue::Fixed(3.0))
        );
        let a = s
            .settings
            .iter()
            .find(|x| x.name == "dprk.arsenal_value")
            .unwrap();
        assert_eq!(
            a.value,
            SettingValue::Uncertain(Distribution::Uniform {
                low: 0.3,
                high: 0.9
            })
        );
        assert!(
            s.set("us_pledge=3")
                .unwrap_err()
                .to_string()
                .contains("group.name")
        );
        assert!(
            s.set("levers.us_pledge")
                .unwrap_err()
                .to_string()
                .contains("NAME=VALUE")
        );
        assert!(
            s.set("levers.x={dist=\"beta\"}")
                .unwrap_err()
                .to_string()
                .contains("unknown distribution `beta`")
        );
    }

    #[test]
    fn values_outside_the_run_are_named() {
        let steps = YearlyPath::Steps(vec![(2004, 1.0), (2006, 0.8), (2010, 0.5), (2030, 0.2)]);
        let said = steps.remarks(2007, 20).unwrap();
        assert!(said.contains("steps in 2030 fall after 2026"), "{said}");
        assert!(said.contains("steps in 2004 are replaced"), "{said}");
        assert!(
            said.contains("step in 2006, before the start in 2007, gives the start its value, 0.8"),
            "{said}"
        );
        assert_eq!(
            YearlyPath::Steps(vec![(2007, 1.0), (2010, 0.5)]).remarks(2007, 20),
            None
        );
        let list = YearlyPath::FromStart(vec![1.0, 2.0, 3.0, 4.0, 0.5]);
        assert!(
            list.remarks(2007, 3)
                .unwrap()
                .contains("last 2 values fall after 2009")
        );
        assert_eq!(list.remarks(2007, 5), None);
        assert_eq!(
            list.remarks(2007, 20).unwrap(),
            "its 5 values end in 2011, and the last, 0.5, is held to 2026"
        );
        assert_eq!(YearlyPath::FromStart(vec![1.0]).remarks(2007, 20), None);
    }

    #[test]
    fn step_paths_must_cover_the_start_year() {
        let p = YearlyPath::Steps(vec![(2009, 1.0)]);
        assert!(
            p.resolve(2007, 3)
                .unwrap_err()
                .contains("give a value for 2007")
        );
    }
}
