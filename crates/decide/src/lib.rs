//! `forecast-decide`: which policy holds up in every model, as numbers.
//!
//! What it is for: given every policy's value of every objective on every
//! (model, sample) pair ([`Evaluations`]), the robustness metrics of
//! McPhail et al. (2018, "Robustness metrics", Earth's Future) per policy,
//! per model and across models ([`metrics`]): the expected value, a
//! percentile across samples, the regret of each (model, sample) against
//! the best policy for it (Savage), the share of pairs that meet every
//! constraint (satisficing), and the worst model with the spread between
//! models; the pairs of policies whose ranking flips between models; and
//! the non-dominated policies ([`pareto`]); and, for lever spaces too large
//! for a grid, an NSGA-II search whose every generation the caller
//! evaluates ([`search`]). Everything is a pure function of numbers, tested
//! on cases computed by hand and on ZDT1's known front.
//!
//! What it is not: it runs no models and reads no files (the `forecast
//! decide` verb evaluates the policies through the host and the policies
//! file is `forecast_core::policy`).

pub mod eval;
pub mod metrics;
pub mod pareto;
pub mod search;

pub use eval::{Constraint, Direction, Evaluations, Objective};
