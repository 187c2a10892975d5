//! `forecast-score`: how good were the forecasts? Questions as they could
//! have been asked at a scenario's start, resolved since ([`questions`]),
//! and proper scores of probability forecasts against them ([`scores`]):
//! the Brier score, the log score, skill against a reference forecast, and
//! a reliability table. The yearly record of what happened ([`record`]),
//! predictive distributions of one year's value with their scores and the
//! references known at a forecast's origin ([`yearly`]), and the scoring of
//! rolling-origin back-tests, with bootstrap intervals and pairwise tests
//! ([`backtest`]); importance weights of a scenario's samples by the
//! likelihood of the record ([`calibrate`]).
//!
//! What it is for: pure functions of numbers and a data file, tested on
//! hand-computed cases. What it is not: it runs no model (the `forecast
//! score` command runs them through the host and hands this crate the
//! probabilities) and prints nothing.

pub mod backtest;
pub mod calibrate;
pub mod questions;
pub mod record;
pub mod scores;
pub mod yearly;

pub use questions::{Answer, Question, QuestionSet, QuestionsError};
pub use record::{Kind, Record, RecordError, Series};
pub use scores::{
    Bin, Entry, Scorecard, climatology, constant, linear_pool, reliability, scorecard,
};
pub use yearly::Predictive;
