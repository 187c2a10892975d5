//! The run library of `forecast`: models loaded into the sandboxed host
//! ([`models`]), scenarios read with their overrides and planned
//! ([`settings`]), run block by block on every core ([`execute`], with
//! [`Exec`] saying how), and what each command makes of the runs: a
//! comparison ([`compare`]), a sweep ([`sweep`]), a
//! sensitivity analysis ([`sensitivity`]), scenario discovery
//! ([`discover`]), a back-test ([`backtest`]) and a calibration
//! ([`calibrate`]) on the record, scores against questions ([`score`]), a
//! decision between policies with its search ([`decide`], [`search`]), the
//! HTML report of all of them ([`html`]), and snapshot tests
//! ([`snapshot`]). Each can run as shards whose parts
//! ([`parts`]) merge to the same bits.
//!
//! The command line and the explorer call the same functions, so a forecast
//! is the same bits from either. It neither parses arguments nor prints:
//! it returns reports (`forecast-report`) for its callers to show, and
//! [`Error`]s that say what went wrong and where.

pub mod backtest;
pub mod calibrate;
pub mod compare;
pub mod decide;
pub mod design;
pub mod discover;
mod error;
mod exec;
pub mod execute;
pub mod html;
mod job;
pub mod models;
pub mod parts;
pub mod policies;
pub mod protocol;
pub mod runner;
pub mod score;
pub mod search;
pub mod sensitivity;
pub mod settings;
pub mod snapshot;
pub mod sweep;
pub mod yearly;

pub use error::{Error, PartsError};
pub use exec::{Exec, Quiet, Watch};
pub use job::Job;
