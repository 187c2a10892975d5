//! How a long run shows its progress on standard error: a bar (model runs
//! done, their rate, the time left) when it is a terminal, a plain line
//! every ten seconds when it is not (a log, a pipe, a batch job), and once,
//! when the first blocks say the run will be long, an estimate of its time
//! with the hint to shard it. Short runs print nothing.
//!
//! `FORECAST_PROGRESS_SECONDS` sets the interval of the plain lines (10 by
//! default); the estimate is shown for runs of more than six intervals.

use forecast_host::Progress;
use indicatif::{
    HumanCount, HumanDuration, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle,
};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Runs below this many model calls finish before progress is worth showing.
const WORTH_SHOWING: usize = 2_000;
/// The plain lines' interval when the environment does not set one.
const INTERVAL: Duration = Duration::from_secs(10);
/// How far into a run its rate is trusted for an estimate: a share of it,
/// or so many calls, whichever comes first.
const SETTLED: (f64, usize) = (0.01, 5_000);

/// The progress of one run, shown as it goes.
pub struct Bar {
    label: String,
    total: usize,
    /// The bar, on a terminal.
    bar: Option<ProgressBar>,
    /// Plain lines, elsewhere.
    plain: bool,
    interval: Duration,
    start: Instant,
    /// When a line was last printed, and whether the estimate was given.
    shown: Mutex<(Instant, bool)>,
}

fn interval() -> Duration {
    std::env::var("FORECAST_PROGRESS_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .unwrap_or(INTERVAL)
}

impl Bar {
    /// The progress of a run of `total` model calls, labelled `label`.
    pub fn new(label: &str, total: usize) -> Bar {
        let worth = total >= WORTH_SHOWING;
        let terminal = std::io::stderr().is_terminal();
        let bar =
            (worth && terminal).then(|| {
                let bar =
                    ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
                bar.set_style(
                ProgressStyle::with_template(
                    "{prefix} [{bar:30}] {human_pos}/{human_len} model runs, {rate}/s, {eta} left",
                )
                .expect("a valid template")
                .with_key("rate", |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{}", HumanCount(state.per_sec() as u64));
                })
                .progress_chars("=> "),
            );
                bar.set_prefix(label.to_string());
                bar
            });
        let start = Instant::now();
        Bar {
            label: label.to_string(),
            total,
            bar,
            plain: worth && !terminal,
            interval: interval(),
            start,
            shown: Mutex::new((start, false)),
        }
    }

    /// Shows the run's progress; counts from the host only go up.
    pub fn update(&self, p: Progress) {
        if let Some(bar) = &self.bar {
            bar.set_position(p.done as u64);
        }
        if self.bar.is_none() && !self.plain {
            return;
        }
        let now = Instant::now();
        let elapsed = now - self.start;
        let Ok(mut shown) = self.shown.try_lock() else {
            return; // another thread is printing
        };
        let rate = p.done as f64 / elapsed.as_secs_f64().max(1e-9);
        let left = Duration::from_secs_f64((p.total - p.done) as f64 / rate.max(1e-9));
        let settled = p.done as f64 >= (SETTLED.0 * p.total as f64).min(SETTLED.1 as f64)
            && elapsed >= self.interval / 10;
        if settled && !shown.1 && p.done < p.total {
            shown.1 = true;
            let whole = elapsed + left;
            if whole > self.interval * 6 {
                self.say(format!(
                    "{}: {} model runs at about {}/s will take about {}; --shard K/N splits a run over processes or machines (docs/big-runs.md)",
                    self.label,
                    HumanCount(self.total as u64),
                    HumanCount(rate as u64),
                    HumanDuration(whole)
                ));
            }
        }
        if self.plain && now - shown.0 >= self.interval && p.done < p.total {
            shown.0 = now;
            self.say(format!(
                "{}: {} of {} model runs ({:.1}%), {}/s, about {} left",
                self.label,
                HumanCount(p.done as u64),
                HumanCount(p.total as u64),
                100.0 * p.done as f64 / p.total as f64,
                HumanCount(rate as u64),
                HumanDuration(left)
            ));
        }
    }

    /// A line on standard error, above the bar if there is one.
    fn say(&self, line: String) {
        match &self.bar {
            Some(bar) => bar.println(format!("forecast: {line}")),
            None => eprintln!("forecast: {line}"),
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A [`Bar`] for every run, as the run library's watcher.
pub struct Bars;

impl forecast_run::Watch for Bars {
    fn run<'a>(&'a self, label: &str, calls: usize) -> Box<dyn Fn(Progress) + Sync + 'a> {
        let bar = Bar::new(label, calls);
        Box::new(move |p| bar.update(p))
    }
}
