//! `forecast-analysis`: the numerical side of exploring a scenario.
//!
//! What it is for: Sobol indices from a Saltelli design with bootstrap
//! intervals ([`sobol`]), one-at-a-time swings for a tornado ([`tornado`]),
//! PRIM scenario discovery ([`prim`]), and the grid of a sweep ([`sweep`]).
//! Each works on plain numbers (the outputs of runs the caller made, or a
//! saved experiments table), so it is tested on functions with known answers.
//! What it is not: it runs no models (that is `forecast-host`, driven by the
//! `forecast` CLI) and draws nothing (designs are `forecast_core::Design`).

pub mod prim;
pub mod sobol;
pub mod sweep;
pub mod tornado;
