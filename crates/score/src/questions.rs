//! The questions file: resolved questions, each with what in a model's
//! output answers it (`questions/*.toml`).

use serde::Deserialize;
use std::path::Path;

/// What in a model's output answers a question, at the end of `year`:
/// - `indicator`: a yearly indicator that is the cumulative probability of
///   the event (`collapse_by`); the forecast is its mean over the samples;
/// - `indicator` with `above`: the event is that indicator's value passing
///   the threshold (`sanctions_rung` above 2.5); the forecast is the share
///   of samples in which it does;
/// - `indicator` with `from`: a window of years `from..=year` and an
///   indicator that is P(the event in year t) (`unsc_resolution_in_year`);
///   the event is at least one such event in the window, and the forecast
///   is the mean over samples of 1 - prod_t (1 - p_t): the years taken as
///   independent given a sample;
/// - `outcome`: one of the seven outcomes, which a model gives for the end
///   of the scenario's horizon; the forecast is its mean over the samples,
///   and a model abstains when the scenario ends in another year.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    #[serde(default)]
    pub indicator: Option<String>,
    #[serde(default)]
    pub outcome: Option<String>,
    pub year: i32,
    #[serde(default)]
    pub above: Option<f64>,
    /// The first year of a window ending in `year`.
    #[serde(default)]
    pub from: Option<i32>,
}

impl Answer {
    /// The answer by an indicator's mean at a year.
    pub fn indicator(name: &str, year: i32) -> Answer {
        Answer {
            indicator: Some(name.into()),
            outcome: None,
            year,
            above: None,
            from: None,
        }
    }

    /// What is wrong with it, if anything.
    fn problem(&self) -> Option<String> {
        if let Some(from) = self.from {
            if self.indicator.is_none() || self.above.is_some() {
                return Some("a window (`from`) asks about an `indicator` of P(an event in year t), with no `above`".into());
            }
            if from > self.year || self.year - from > 200 {
                return Some(format!(
                    "the window {from}-{} is not a span of 1 to 200 years",
                    self.year
                ));
            }
        }
        match (&self.indicator, &self.outcome, self.above) {
            (Some(_), Some(_), _) | (None, None, _) => {
                Some("an answer names either an `indicator` or an `outcome`".into())
            }
            (None, Some(_), Some(_)) => {
                Some("`above` applies to an indicator; an outcome is already a probability".into())
            }
            (None, Some(o), None) => forecast_vocab::outcome_index(o)
                .is_none()
                .then(|| format!("`{o}` is not one of the seven outcomes (`forecast vocabulary`)")),
            (Some(_), None, Some(t)) if !t.is_finite() => {
                Some(format!("`above = {t}` is not a finite threshold"))
            }
            (Some(i), None, Some(t))
                if forecast_vocab::is_probability_indicator(i) && !(0.0..1.0).contains(&t) =>
            {
                Some(format!(
                    "`above = {t}` on `{i}`, a probability: {}; give a threshold in [0, 1)",
                    if t < 0.0 {
                        "every sample passes it"
                    } else {
                        "no sample can pass it"
                    }
                ))
            }
            (Some(i), None, _) => {
                let prefixed = i.split_once('.').is_some();
                (!forecast_vocab::is_shared_indicator(i) && !prefixed).then(|| {
                    format!(
                        "`{i}` is neither a shared indicator (`forecast vocabulary`) nor a model's own (`model-id.name`)"
                    )
                })
            }
        }
    }
}

/// A resolved question.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: u32,
    pub text: String,
    /// `yes` or `no`.
    pub resolution: Resolution,
    /// When it resolved (an ISO date, as recorded).
    pub resolved_on: String,
    /// What happened, with sources.
    pub record: String,
    /// What answers it, if any model output can.
    #[serde(default)]
    pub answer: Option<Answer>,
    /// Why no model output can answer it, when none can.
    #[serde(default)]
    pub unanswerable: Option<String>,
}

/// How a question resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Resolution {
    Yes,
    No,
}

impl Question {
    /// 1 if it resolved yes, else 0.
    pub fn outcome(&self) -> f64 {
        match self.resolution {
            Resolution::Yes => 1.0,
            Resolution::No => 0.0,
        }
    }
}

/// A questions file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionSet {
    pub title: String,
    /// The year the questions were asked: a forecast of them starts in the
    /// year after; a later start knows part of the answers.
    pub asked: i32,
    #[serde(rename = "question")]
    pub questions: Vec<Question>,
}

/// A questions file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum QuestionsError {
    /// The file could not be read.
    #[error("cannot read questions `{file}`: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    /// It is not a questions file (the message has the line and column).
    #[error("questions `{file}`: {message}")]
    Malformed { file: String, message: String },
    /// A question breaks a rule of the format.
    #[error("questions `{file}`, question {id}: {message}")]
    Invalid {
        file: String,
        id: u32,
        message: String,
    },
}

impl QuestionSet {
    /// Reads and checks a questions file.
    pub fn load(path: &Path) -> Result<QuestionSet, QuestionsError> {
        let file = path.display().to_string();
        let text = forecast_core::text::read_text(path).map_err(|e| match e {
            forecast_core::text::ReadError::Io(source) => QuestionsError::Read {
                file: file.clone(),
                source,
            },
            not_utf8 => QuestionsError::Malformed {
                file: file.clone(),
                message: not_utf8.to_string(),
            },
        })?;
        QuestionSet::parse(&file, &text)
    }

    /// Parses and checks a questions file's text: every question has either
    /// an answer (a known indicator) or a reason it has none, and ids are
    /// unique.
    pub fn parse(file: &str, text: &str) -> Result<QuestionSet, QuestionsError> {
        let set: QuestionSet = toml::from_str(text).map_err(|e| QuestionsError::Malformed {
            file: file.into(),
            message: e.to_string().trim_end().replace('\n', " "),
        })?;
        let invalid = |id: u32, message: String| QuestionsError::Invalid {
            file: file.into(),
            id,
            message,
        };
        let mut ids = std::collections::HashSet::with_capacity(set.questions.len());
        for q in &set.questions {
            if !ids.insert(q.id) {
                return Err(invalid(q.id, "the id is used twice".into()));
            }
            if let Err(problem) = check_date(&q.resolved_on) {
                return Err(invalid(
                    q.id,
                    format!("resolved_on = {:?}: {problem}", q.resolved_on),
                ));
            }
            match (&q.answer, &q.unanswerable) {
                (Some(a), None) if a.from.unwrap_or(a.year) <= set.asked => {
                    return Err(invalid(
                        q.id,
                        format!(
                            "asks about {}, not after the year the questions were asked (asked = {})",
                            a.from.unwrap_or(a.year),
                            set.asked
                        ),
                    ));
                }
                (Some(a), None) => {
                    if let Some(problem) = a.problem() {
                        return Err(invalid(q.id, problem));
                    }
                }
                (None, Some(_)) => {}
                (Some(_), Some(_)) => {
                    return Err(invalid(
                        q.id,
                        "has both an `answer` and a reason it is `unanswerable`".into(),
                    ));
                }
                (None, None) => {
                    return Err(invalid(
                        q.id,
                        "says neither what answers it (`answer = { indicator, year }`, with `above = X` for a threshold, or `{ outcome, year }`) nor why nothing can (`unanswerable`)".into(),
                    ));
                }
            }
        }
        Ok(set)
    }
}

/// Checks an ISO calendar date, `YYYY-MM-DD`.
fn check_date(date: &str) -> Result<(), String> {
    let parts: Vec<&str> = date.split('-').collect();
    let number = |s: &str, digits: usize| {
        (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let [Some(year), Some(month), Some(day)] = (match parts[..] {
        [y, m, d] => [number(y, 4), number(m, 2), number(d, 2)],
        _ => [None; 3],
    }) else {
        return Err("not a date as YYYY-MM-DD".into());
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(format!("there is no month {month}")),
    };
    if !(1..=days).contains(&day) {
        return Err(format!("month {month} of {year} has no day {day}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"
title = "t"
asked = 2006
[[question]]
id = 8
text = "Collapse by 2016?"
resolution = "no"
resolved_on = "2016-12-31"
record = "it held"
answer = { indicator = "collapse_by", year = 2016 }
"#;

    #[test]
    fn a_question_reads_with_its_answer() {
        let set = QuestionSet::parse("q.toml", ONE).unwrap();
        let q = &set.questions[0];
        assert_eq!(q.outcome(), 0.0);
        assert_eq!(q.answer, Some(Answer::indicator("collapse_by", 2016)));
        let other = |a: &str| {
            QuestionSet::parse(
                "q.toml",
                &ONE.replace("indicator = \"collapse_by\", year = 2016", a),
            )
            .map(|s| s.questions[0].answer.clone().unwrap())
        };
        let outcome = other("outcome = \"war\", year = 2026").unwrap();
        assert_eq!(
            (outcome.outcome.as_deref(), outcome.indicator),
            (Some("war"), None)
        );
        let threshold = other("indicator = \"sanctions_rung\", year = 2017, above = 2.5").unwrap();
        assert_eq!(threshold.above, Some(2.5));
        let window =
            other("indicator = \"unsc_resolution_in_year\", from = 2010, year = 2012").unwrap();
        assert_eq!((window.from, window.year), (Some(2010), 2012));
        for (bad, says) in [
            (
                "indicator = \"unsc_resolution_in_year\", from = 2013, year = 2012",
                "not a span",
            ),
            (
                "indicator = \"unsc_resolution_in_year\", from = 2005, year = 2012",
                "asks about 2005",
            ),
            (
                "outcome = \"war\", from = 2010, year = 2012",
                "a window (`from`)",
            ),
            (
                "outcome = \"war\", indicator = \"collapse_by\", year = 2026",
                "either an `indicator` or an `outcome`",
            ),
            ("year = 2026", "either an `indicator` or an `outcome`"),
            (
                "outcome = \"war\", year = 2026, above = 0.5",
                "`above` applies to an indicator",
            ),
            (
                "outcome = \"peace\", year = 2026",
                "`peace` is not one of the seven outcomes",
            ),
        ] {
            let e = other(bad).unwrap_err().to_string();
            assert!(e.contains("question 8") && e.contains(says), "{bad}: {e}");
        }
    }

    #[test]
    fn bad_files_are_refused_with_the_question_named() {
        let err = |text: &str| QuestionSet::parse("q.toml", text).unwrap_err().to_string();
        assert!(
            err(&ONE.replace("collapse_by", "collapse_bye"))
                .contains("question 8: `collapse_bye` is neither")
        );
        assert!(err(&ONE.replace("\"no\"", "\"maybe\"")).contains("line"));
        let twice = format!("{ONE}{}", &ONE[ONE.find("[[question]]").unwrap()..]);
        assert!(err(&twice).contains("question 8: the id is used twice"));
        let neither = ONE.replace("answer = { indicator = \"collapse_by\", year = 2016 }", "");
        assert!(err(&neither).contains("says neither"));
        assert!(err(&ONE.replace("record", "recrod")).contains("unknown field"));
        assert!(
            err(&ONE.replace("year = 2016", "year = 2006")).contains(
                "question 8: asks about 2006, not after the year the questions were asked"
            )
        );
        for (date, says) in [
            ("2009-13-45", "there is no month 13"),
            ("2009-02-29", "month 2 of 2009 has no day 29"),
            ("2009-2-1", "not a date as YYYY-MM-DD"),
            ("soon", "not a date as YYYY-MM-DD"),
        ] {
            let e = err(&ONE.replace("2016-12-31", date));
            assert!(
                e.contains("question 8: resolved_on") && e.contains(says),
                "{date}: {e}"
            );
        }
        assert!(QuestionSet::parse("q.toml", &ONE.replace("2016-12-31", "2008-02-29")).is_ok());
        let above = |t: &str| {
            err(&ONE.replace(
                "indicator = \"collapse_by\", year = 2016",
                &format!("indicator = \"collapse_by\", year = 2016, above = {t}"),
            ))
        };
        assert!(
            above("2.0")
                .contains("`above = 2` on `collapse_by`, a probability: no sample can pass it")
        );
        assert!(above("-0.5").contains("every sample passes it"));
    }

    #[test]
    fn the_project_s_questions_file_reads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../questions/dprk-2006.toml");
        let set = QuestionSet::load(&path).unwrap();
        assert_eq!(set.questions.len(), 15);
        assert!(set.questions.iter().filter(|q| q.answer.is_some()).count() >= 7);
    }
}
