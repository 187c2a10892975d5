//! The yearly record: what happened, one value per year for each observable
//! series (`records/*.toml`; the schema is `docs/records.md`).
//!
//! A record is data, not code: any file of this schema can be scored
//! against, for another country or an analyst's own series. Each series
//! says how it is counted (`definition`), which yearly indicator forecasts
//! it (`indicator`), and where every value comes from: the series' `source`
//! covers every year, and a year's own entry in `sources` names the event
//! behind a value.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The widest span of years a record may cover; bounds the arithmetic.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// What kind of quantity a series counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// 1 if the event happened in the year, else 0. Forecast by an
    /// indicator that is P(the event in year t).
    Binary,
    /// How many times it happened in the year (0, 1, 2, ...). Forecast by an
    /// indicator that is each sample's expected count, read as the mean of a
    /// Poisson count; the predictive distribution is the mixture over samples.
    Count,
}

/// One series as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeries {
    id: String,
    kind: Kind,
    indicator: String,
    definition: String,
    source: String,
    #[serde(default)]
    unknown: Vec<i32>,
    values: BTreeMap<String, f64>,
    #[serde(default)]
    sources: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecord {
    title: String,
    #[serde(default)]
    description: String,
    first_year: i32,
    last_year: i32,
    series: Vec<RawSeries>,
}

/// One observed series, checked: a value for every year of the record but
/// those declared unknown.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Short id, lowercase with underscores (`nuclear_test`).
    pub id: String,
    pub kind: Kind,
    /// The yearly indicator that forecasts it (`nuclear_test_in_year`).
    pub indicator: String,
    /// How a year is counted, precisely enough that two people agree.
    pub definition: String,
    /// The source of every value.
    pub source: String,
    /// One value per year from the record's first year; `None` where unknown.
    pub values: Vec<Option<f64>>,
    /// A year's own source or the event behind its value, by year.
    pub sources: BTreeMap<i32, String>,
}

/// A record file: yearly series over `first_year..=last_year`.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub title: String,
    pub description: String,
    pub first_year: i32,
    pub last_year: i32,
    pub series: Vec<Series>,
}

/// A record file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The file could not be read.
    #[error("cannot read record `{file}`: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    /// It is not a record file (the message has the line and column).
    #[error("record `{file}`: {message}")]
    Malformed { file: String, message: String },
    /// A series breaks a rule of the schema.
    #[error("record `{file}`, series `{series}`: {message}")]
    Invalid {
        file: String,
        series: String,
        message: String,
    },
}

impl Series {
    /// The value in `year`, if the record has it.
    pub fn value(&self, year: i32, first_year: i32) -> Option<f64> {
        let t = usize::try_from(year.checked_sub(first_year)?).ok()?;
        self.values.get(t).copied().flatten()
    }
}

impl Record {
    /// Reads and checks a record file.
    pub fn load(path: &Path) -> Result<Record, RecordError> {
        let file = path.display().to_string();
        let text = forecast_core::text::read_text(path).map_err(|e| match e {
            forecast_core::text::ReadError::Io(source) => RecordError::Read {
                file: file.clone(),
                source,
            },
            not_utf8 => RecordError::Malformed {
                file: file.clone(),
                message: not_utf8.to_string(),
            },
        })?;
        Record::parse(&file, &text)
    }

    /// Parses and checks a record's text.
    pub fn parse(file: &str, text: &str) -> Result<Record, RecordError> {
        let raw: RawRecord = toml::from_str(text).map_err(|e| RecordError::Malformed {
            file: file.into(),
            message: e.to_string().trim_end().replace('\n', " "),
        })?;
        let malformed = |message: String| RecordError::Malformed {
            file: file.into(),
            message,
        };
        if !YEARS.contains(&raw.first_year) || !YEARS.contains(&raw.last_year) {
            return Err(malformed(format!(
                "the years {}-{} are outside {}-{}",
                raw.first_year,
                raw.last_year,
                YEARS.start(),
                YEARS.end()
            )));
        }
        if raw.last_year < raw.first_year {
            return Err(malformed(format!(
                "last_year {} is before first_year {}",
                raw.last_year, raw.first_year
            )));
        }
        if raw.series.is_empty() {
            return Err(malformed("the record has no `[[series]]`".into()));
        }
        let mut series: Vec<Series> = Vec::with_capacity(raw.series.len());
        for s in raw.series {
            if series.iter().any(|p| p.id == s.id) {
                return Err(RecordError::Invalid {
                    file: file.into(),
                    series: s.id,
                    message: "the id is used twice".into(),
                });
            }
            let checked =
                check_series(s.clone(), raw.first_year, raw.last_year).map_err(|message| {
                    RecordError::Invalid {
                        file: file.into(),
                        series: s.id,
                        message,
                    }
                })?;
            series.push(checked);
        }
        Ok(Record {
            title: raw.title,
            description: raw.description,
            first_year: raw.first_year,
            last_year: raw.last_year,
            series,
        })
    }

    /// The series with id `id`.
    pub fn series(&self, id: &str) -> Option<&Series> {
        self.series.iter().find(|s| s.id == id)
    }

    /// A copy with every value after `year` unknown: what was known at the
    /// end of `year`.
    pub fn until(&self, year: i32) -> Record {
        let mut r = self.clone();
        for s in &mut r.series {
            for (t, v) in s.values.iter_mut().enumerate() {
                if self.first_year + t as i32 > year {
                    *v = None;
                }
            }
        }
        r
    }
}

fn check_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err("a series id is 1-64 lowercase letters, digits and `_`, starting with a letter".into())
    }
}

fn year_key(key: &str, first: i32, last: i32, table: &str) -> Result<i32, String> {
    let year: i32 = key
        .parse()
        .map_err(|_| format!("`{table}` has the key `{key}`, not a year"))?;
    if !(first..=last).contains(&year) {
        return Err(format!(
            "`{table}` has the year {year}, outside the record's {first}-{last}"
        ));
    }
    Ok(year)
}

fn check_series(s: RawSeries, first: i32, last: i32) -> Result<Series, String> {
    check_id(&s.id)?;
    let prefixed = s.indicator.split_once('.').is_some();
    if !forecast_vocab::is_shared_indicator(&s.indicator) && !prefixed {
        return Err(format!(
            "`indicator = \"{}\"` is neither a shared indicator (`forecast vocabulary`) nor a model's own (`model-id.name`)",
            s.indicator
        ));
    }
    if s.definition.trim().is_empty() || s.source.trim().is_empty() {
        return Err("give the series a `definition` and a `source`".into());
    }
    let years = (last - first + 1) as usize;
    let mut values = vec![None; years];
    for (key, v) in &s.values {
        let year = year_key(key, first, last, "values")?;
        let fits = match s.kind {
            Kind::Binary => *v == 0.0 || *v == 1.0,
            Kind::Count => v.is_finite() && *v >= 0.0 && v.fract() == 0.0 && *v < 1e9,
        };
        if !fits {
            let want = match s.kind {
                Kind::Binary => "0 or 1 (a binary series)",
                Kind::Count => "a whole number of events, 0 or more (a count series)",
            };
            return Err(format!("the value {v} in {year} is not {want}"));
        }
        if s.unknown.contains(&year) {
            return Err(format!(
                "{year} has a value and is also listed as `unknown`"
            ));
        }
        values[(year - first) as usize] = Some(*v);
    }
    for year in &s.unknown {
        if !(first..=last).contains(year) {
            return Err(format!(
                "`unknown` has the year {year}, outside the record's {first}-{last}"
            ));
        }
    }
    let missing: Vec<String> = (first..=last)
        .filter(|y| values[(y - first) as usize].is_none() && !s.unknown.contains(y))
        .map(|y| y.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "no value for {}: give one for every year of the record, or list the years in `unknown = [...]`",
            missing.join(", ")
        ));
    }
    let mut sources = BTreeMap::new();
    for (key, text) in s.sources {
        sources.insert(year_key(&key, first, last, "sources")?, text);
    }
    Ok(Series {
        id: s.id,
        kind: s.kind,
        indicator: s.indicator,
        definition: s.definition,
        source: s.source,
        values,
        sources,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
title = "t"
first_year = 2000
last_year = 2003

[[series]]
id = "nuclear_test"
kind = "binary"
indicator = "nuclear_test_in_year"
definition = "a test"
source = "CTBTO"
unknown = [2003]
[series.values]
2000 = 0
2001 = 1
2002 = 0
[series.sources]
2001 = "the test of 1 May"
"#;

    #[test]
    fn a_record_reads_with_unknown_years_and_sources() {
        let r = Record::parse("r.toml", SMALL).unwrap();
        let s = r.series("nuclear_test").unwrap();
        assert_eq!(s.values, [Some(0.0), Some(1.0), Some(0.0), None]);
        assert_eq!(s.value(2001, r.first_year), Some(1.0));
        assert_eq!(s.value(1999, r.first_year), None);
        assert_eq!(s.value(i32::MIN, r.first_year), None);
        assert_eq!(s.sources[&2001], "the test of 1 May");
        let until = r.until(2000);
        assert_eq!(until.series[0].values, [Some(0.0), None, None, None]);
    }

    #[test]
    fn bad_records_are_refused_with_the_reason() {
        let cases = [
            (SMALL.replace("2002 = 0\n", ""), "no value for 2002"),
            (SMALL.replace("2001 = 1\n", "2001 = 2\n"), "not 0 or 1"),
            (
                SMALL.replace("2001 = 1\n", "1999 = 1\n"),
                "outside the record",
            ),
            (
                SMALL.replace("nuclear_test_in_year", "nope"),
                "neither a shared",
            ),
            (
                SMALL.replace("unknown = [2003]", "unknown = [2002, 2003]"),
                "also listed",
            ),
            (
                SMALL
                    .replace("kind = \"binary\"", "kind = \"count\"")
                    .replace("2001 = 1\n", "2001 = 1.5\n"),
                "whole number",
            ),
            (
                SMALL.replace("id = \"nuclear_test\"", "id = \"../x\""),
                "lowercase",
            ),
            (
                SMALL.replace("last_year = 2003", "last_year = 1999"),
                "before first_year",
            ),
            (
                SMALL.replace("first_year = 2000", "first_year = -2147483648"),
                "outside",
            ),
            (
                SMALL.replace("source = \"CTBTO\"", "source = \"CTBTO\"\nextra = 1"),
                "unknown field",
            ),
            (
                format!("{SMALL}\n{}", &SMALL[SMALL.find("[[series]]").unwrap()..]),
                "used twice",
            ),
        ];
        for (text, want) in cases {
            let e = Record::parse("r.toml", &text).unwrap_err().to_string();
            assert!(e.contains(want) && e.contains("r.toml"), "{want}: {e}");
        }
    }
}
