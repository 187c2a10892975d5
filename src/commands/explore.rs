//! `forecast explore`: the explorer in the browser, served on loopback.

use crate::args::PluginArgs;
use crate::error::{CliError, Outcome};
use forecast_explorer::{Error, Options};
use std::io::Write;
use std::path::PathBuf;

/// The default policies file, shown when it is there.
const POLICIES: &str = "policies/oped-2006.toml";

/// Explore the models in the browser: move a lever, watch the forecast.
///
/// Serves a page on 127.0.0.1 with a control for every lever and
/// parameter the models read; each change reruns the comparison (as
/// `forecast compare --set ...` would, to the bit) and draws it against the
/// scenario as written. The page can save the settings as a scenario, write
/// the HTML report, and weigh the policies of a policies file. The address
/// printed holds a token made for this launch: without it the server
/// answers 403. Nothing is opened by itself; Ctrl-C stops the server.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario shown first; the page lists the scenarios of its
    /// folder, where "Save as scenario" writes too (default: the first of
    /// scenarios/).
    #[arg(value_name = "SCENARIO")]
    scenario: Option<PathBuf>,
    /// The folder of scenarios to list and save into (default: the
    /// scenario's folder).
    #[arg(long, value_name = "DIR")]
    folder: Option<PathBuf>,
    /// The port on 127.0.0.1 (default: a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The policies file whose robustness the page shows (default:
    /// policies/oped-2006.toml when it is there).
    #[arg(long, value_name = "FILE")]
    policies: Option<PathBuf>,
    #[command(flatten)]
    plugins: PluginArgs,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    if let Some(p) = args.policies.as_ref().filter(|p| !p.is_file()) {
        return Err(CliError::usage(
            format!("no policies file at `{}`", p.display()),
            "give a file like policies/oped-2006.toml",
        ));
    }
    let policies = args
        .policies
        .or_else(|| Some(PathBuf::from(POLICIES)).filter(|p| p.is_file()));
    let explorer = forecast_explorer::open(Options {
        scenario: args.scenario,
        folder: args.folder,
        port: args.port,
        plugins: args.plugins.settings(),
        policies,
    })
    .map_err(cli_error)?;
    for note in explorer.notes() {
        eprintln!("note: {note}");
    }
    // One write, and the server goes on if nobody reads it any more
    // (`forecast explore | head -1` to take the address in a script).
    let said = format!(
        "forecast explore: open {}\n(on this machine only; Ctrl-C stops it)\n",
        explorer.url()
    );
    let mut out = std::io::stdout().lock();
    match out.write_all(said.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    drop(out);
    explorer.serve().map_err(cli_error)?;
    Ok(Outcome::Success)
}

fn cli_error(e: Error) -> CliError {
    match e {
        Error::Run(e) => CliError::Run(e),
        Error::Bind { .. } => CliError::usage(
            e.to_string(),
            "choose another --port, or leave it out for a free one",
        ),
        Error::Folder { .. } => CliError::usage(
            e.to_string(),
            "give a scenario file (scenarios/baseline.toml) or --folder DIR",
        ),
        Error::Serve(e) => CliError::internal(format!("the server stopped: {e}")),
    }
}
