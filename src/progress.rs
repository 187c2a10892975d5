//! The progress bar of long runs: model runs done, their rate and the time
//! left, on standard error when it is a terminal; nothing otherwise, so
//! that logs and pipes stay clean.

use forecast_host::Progress;
use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::io::IsTerminal;

/// Runs below this many model calls finish before a bar is worth drawing.
const WORTH_SHOWING: usize = 2_000;

/// A progress bar, or nothing when stderr is not a terminal or the run is short.
pub struct Bar(Option<ProgressBar>);

impl Bar {
    /// A bar for a run of `total` model calls, labelled `label`.
    pub fn new(label: &str, total: usize) -> Bar {
        if !std::io::stderr().is_terminal() || total < WORTH_SHOWING {
            return Bar(None);
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix} [{bar:30}] {human_pos}/{human_len} model runs, {rate}/s, {eta} left",
            )
            .expect("a valid template")
            .with_key(
                "rate",
                |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{}", HumanCount(state.per_sec() as u64));
                },
            )
            .progress_chars("=> "),
        );
        bar.set_prefix(label.to_string());
        Bar(Some(bar))
    }

    /// Shows the run's progress; counts from the host only go up.
    pub fn update(&self, p: Progress) {
        if let Some(bar) = &self.0 {
            bar.set_position(p.done as u64);
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
