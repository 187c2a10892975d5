//! How runs go: on how many threads, who watches their progress, and
//! whether they are still wanted.

use forecast_host::Progress;
use std::sync::atomic::AtomicBool;

/// Watches runs as they go: a progress bar on a terminal, nothing in a
/// server. Each run asks for a fresh observer of its calls.
pub trait Watch: Sync {
    /// An observer of one run of `calls` model calls, labelled `label`;
    /// dropped when the run ends.
    fn run<'a>(&'a self, label: &str, calls: usize) -> Box<dyn Fn(Progress) + Sync + 'a>;
}

/// Shows nothing.
pub struct Quiet;

impl Watch for Quiet {
    fn run<'a>(&'a self, _: &str, _: usize) -> Box<dyn Fn(Progress) + Sync + 'a> {
        Box::new(|_| {})
    }
}

/// How the runs of a command go. Results do not depend on any of it.
#[derive(Clone, Copy)]
pub struct Exec<'a> {
    /// Worker threads (`None`: one per core).
    pub jobs: Option<usize>,
    pub watch: &'a dyn Watch,
    /// Set when the runs are no longer wanted (a newer request came): the
    /// runner stops handing out blocks, and what it returns is incomplete
    /// and must be thrown away.
    pub cancel: Option<&'a AtomicBool>,
}

impl<'a> Exec<'a> {
    /// On `jobs` threads (`None`: one per core), watched by `watch`.
    pub fn new(jobs: Option<usize>, watch: &'a dyn Watch) -> Exec<'a> {
        Exec {
            jobs,
            watch,
            cancel: None,
        }
    }

    /// Whether the runs were cancelled.
    pub fn cancelled(&self) -> bool {
        self.cancel
            .is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed))
    }
}

impl Default for Exec<'_> {
    /// One thread per core, quiet.
    fn default() -> Self {
        Exec::new(None, &Quiet)
    }
}
