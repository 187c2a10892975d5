//! `forecast`: compare strategic forecasting models of the North Korean
//! nuclear endgame on shared scenarios.
//!
//! A thin command line over `forecast-run` (the run library: models,
//! scenarios, runs, analyses, parts) and `forecast-report` (what is shown):
//! it parses arguments, prints reports with progress on standard error, and
//! maps errors to exit codes with a hint.

mod args;
mod commands;
mod error;
mod progress;
mod templates;

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
