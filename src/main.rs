//! `forecast`: compare strategic forecasting models of the North Korean
//! nuclear endgame on shared scenarios.
//!
//! A thin command line over `forecast-core` (scenarios, sampling,
//! comparison) and `forecast-host` (sandboxed plugins): it parses
//! arguments, prints reports and maps errors to exit codes.

mod commands;
mod design;
mod error;
mod execute;
mod models;
mod parts;
mod policies;
mod progress;
mod search;
mod snapshot;
mod templates;
mod yearly;

use clap::Parser;
use std::process::ExitCode;

/// Compare strategic forecasting models of the North Korean nuclear endgame.
///
/// Each model is a WebAssembly component implementing forecast:model@0.2.0;
/// the built-in ones are embedded. Scenarios are TOML files (scenarios/*.toml).
///
/// Exit codes: 0 success; 1 a plugin failed (the others are still reported);
/// 2 bad input (scenario, arguments, unknown model); 3 internal error.
#[derive(Debug, Parser)]
#[command(
    name = "forecast",
    version,
    propagate_version = true,
    max_term_width = 100
)]
struct Cli {
    #[command(subcommand)]
    command: commands::Command,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::run(cli.command) {
        Ok(outcome) => outcome.exit_code(),
        Err(e) => {
            let message = e.render();
            if !message.is_empty() {
                eprintln!("{message}");
            }
            e.exit_code()
        }
    }
}
