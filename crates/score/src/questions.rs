//! The questions file: resolved questions, each with what in a model's
//! output answers it (`questions/*.toml`).

use serde::Deserialize;
use std::path::Path;

/// What in a model's output answers a question: a yearly indicator (a
/// cumulative probability of the event) at the end of a year.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub indicator: String,
    pub year: i32,
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
        let text = std::fs::read_to_string(path).map_err(|source| QuestionsError::Read {
            file: file.clone(),
            source,
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
        for (i, q) in set.questions.iter().enumerate() {
            if set.questions[..i].iter().any(|p| p.id == q.id) {
                return Err(invalid(q.id, "the id is used twice".into()));
            }
            match (&q.answer, &q.unanswerable) {
                (Some(a), None) if a.year <= set.asked => {
                    return Err(invalid(
                        q.id,
                        format!(
                            "asks about {}, not after the year the questions were asked (asked = {})",
                            a.year, set.asked
                        ),
                    ));
                }
                (Some(a), None) => {
                    let prefixed = a.indicator.split_once('.').is_some();
                    if !forecast_vocab::is_shared_indicator(&a.indicator) && !prefixed {
                        return Err(invalid(
                            q.id,
                            format!(
                                "`{}` is neither a shared indicator (`forecast vocabulary`) nor a model's own (`model-id.name`)",
                                a.indicator
                            ),
                        ));
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
                        "says neither what answers it (`answer = { indicator, year }`) nor why nothing can (`unanswerable`)".into(),
                    ));
                }
            }
        }
        Ok(set)
    }
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
        assert_eq!(
            q.answer,
            Some(Answer {
                indicator: "collapse_by".into(),
                year: 2016
            })
        );
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
    }

    #[test]
    fn the_project_s_questions_file_reads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../questions/dprk-2006.toml");
        let set = QuestionSet::load(&path).unwrap();
        assert_eq!(set.questions.len(), 15);
        assert!(set.questions.iter().filter(|q| q.answer.is_some()).count() >= 7);
    }
}
