//! `forecast-score`: how good were the forecasts? Questions as they could
//! have been asked at a scenario's start, resolved since ([`questions`]),
//! and proper scores of probability forecasts against them ([`scores`]):
//! the Brier score, the log score, skill against a reference forecast, and
//! a reliability table.
//!
//! What it is for: pure functions of numbers and a data file, tested on
//! hand-computed cases. What it is not: it runs no model (the `forecast
//! score` command runs them through the host and hands this crate the
//! probabilities) and prints nothing.

pub mod questions;
pub mod scores;

pub use questions::{Answer, Question, QuestionSet, QuestionsError};
pub use scores::{
    Bin, Entry, Scorecard, climatology, constant, linear_pool, reliability, scorecard,
};
