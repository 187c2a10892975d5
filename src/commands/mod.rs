//! One module per subcommand, and the options they share.

pub(crate) mod backtest;
mod calibrate;
mod check;
pub mod compare;
pub(crate) mod decide;
mod discover;
mod explore;
mod inspect;
mod list;
mod merge;
mod new;
mod report;
mod run;
mod score;
mod sensitivity;
mod sweep;
mod test;
mod vocabulary;

use crate::error::{CliError, Outcome};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Compare(compare::Args),
    Run(run::Args),
    List(list::Args),
    Inspect(inspect::Args),
    Check(check::Args),
    Merge(merge::Args),
    Test(test::Args),
    Score(score::Args),
    Backtest(backtest::Args),
    Calibrate(calibrate::Args),
    Sweep(sweep::Args),
    Sensitivity(sensitivity::Args),
    Discover(discover::Args),
    Decide(decide::Args),
    Explore(explore::Args),
    Report(report::Args),
    New(new::Args),
    Vocabulary(vocabulary::Args),
}

pub fn run(command: Command) -> Result<Outcome, CliError> {
    match command {
        Command::Compare(a) => compare::run(a),
        Command::Run(a) => run::run(a),
        Command::List(a) => list::run(a),
        Command::Inspect(a) => inspect::run(a),
        Command::Check(a) => check::run(a),
        Command::Merge(a) => merge::run(a),
        Command::Test(a) => test::run(a),
        Command::Score(a) => score::run(a),
        Command::Backtest(a) => backtest::run(a),
        Command::Calibrate(a) => calibrate::run(a),
        Command::Sweep(a) => sweep::run(a),
        Command::Sensitivity(a) => sensitivity::run(a),
        Command::Discover(a) => discover::run(a),
        Command::Decide(a) => decide::run(a),
        Command::Explore(a) => explore::run(a),
        Command::Report(a) => report::run(a),
        Command::New(a) => new::run(a),
        Command::Vocabulary(a) => vocabulary::run(a),
    }
}
