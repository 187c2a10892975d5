//! What the server keeps: the models, the folder of scenarios, the token,
//! the clients' runs (the latest wins), the baselines, and counts of what
//! it did.

use crate::Error;
use crate::work::Problem;
use forecast_report::ScenarioReport;
use forecast_run::models::Loaded;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Clients remembered at most: older idle ones are forgotten.
const CLIENTS: usize = 1024;
/// Baselines kept at most (the scenario as written, per model choice and
/// sampling).
const BASELINES: usize = 16;

pub struct App {
    pub token: String,
    pub folder: PathBuf,
    /// The scenario shown first: a file name in the folder.
    pub first: String,
    pub loaded: Loaded,
    /// The policies file whose robustness the page can show.
    pub policies: Option<PathBuf>,
    pub clients: Mutex<HashMap<String, Arc<Client>>>,
    /// Runs go one at a time, each on every core.
    pub runs: Arc<tokio::sync::Semaphore>,
    pub baselines: Mutex<Vec<(String, Arc<ScenarioReport>)>>,
    pub stats: Stats,
}

/// One browser tab: its latest request's cancel flag, and the gate that
/// lets one of its runs go at a time.
#[derive(Default)]
pub struct Client {
    latest: Mutex<Option<Arc<Cancel>>>,
    pub gate: Arc<tokio::sync::Mutex<()>>,
    pub running: AtomicU64,
}

impl Client {
    /// A new request: the one before (if any) is cancelled; the returned
    /// flag is set when a newer one comes.
    pub fn supersede(&self) -> Arc<Cancel> {
        let mine = Arc::new(Cancel::default());
        let mut latest = self.latest.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(before) = latest.replace(mine.clone()) {
            before.cancel();
        }
        mine
    }
}

/// A request's cancel flag (what the run library checks between blocks),
/// and a wake-up for the request while it waits its turn.
#[derive(Default)]
pub struct Cancel {
    pub flag: AtomicBool,
    wake: tokio::sync::Notify,
}

impl Cancel {
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::Relaxed);
        self.wake.notify_waiters();
    }

    pub fn cancelled(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    /// `future`'s output, or `None` as soon as the request is cancelled.
    async fn until<F: std::future::Future>(&self, future: F) -> Option<F::Output> {
        let woken = self.wake.notified();
        tokio::pin!(woken);
        // Registered before the flag is read, so no wake-up is lost.
        woken.as_mut().enable();
        if self.cancelled() {
            return None;
        }
        tokio::select! {
            out = future => Some(out),
            () = woken => None,
        }
    }
}

/// Counts of what the server did, for `/api/stats` and the load test.
#[derive(Default)]
pub struct Stats {
    pub requests: AtomicU64,
    pub runs: AtomicU64,
    pub finished: AtomicU64,
    pub superseded: AtomicU64,
    pub refused: AtomicU64,
    /// Runs going now, and the most of one client's ever at once.
    pub running: AtomicU64,
    pub most_per_client: AtomicU64,
}

impl App {
    pub fn new(
        loaded: Loaded,
        folder: PathBuf,
        first: Option<PathBuf>,
        policies: Option<PathBuf>,
    ) -> Result<App, Error> {
        let not = |message: String| Error::Folder {
            path: folder.clone(),
            message,
        };
        let listed = list(&folder).map_err(|e| not(e.to_string()))?;
        let first = match first {
            Some(path) => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if !path.is_file() {
                    return Err(not(format!(
                        "there is no scenario file `{}`",
                        path.display()
                    )));
                }
                let same = |a: &Path, b: &Path| {
                    a.canonicalize()
                        .ok()
                        .is_some_and(|a| b.canonicalize().ok() == Some(a))
                };
                if !listed.contains(&name) || !same(&path, &folder.join(&name)) {
                    return Err(not(format!(
                        "it does not hold `{}`; give a scenario inside it",
                        path.display()
                    )));
                }
                name
            }
            None => listed
                .first()
                .cloned()
                .ok_or_else(|| not("it holds no .toml scenario".into()))?,
        };
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)
            .map_err(|e| Error::Serve(std::io::Error::other(e.to_string())))?;
        Ok(App {
            token: bytes.iter().map(|b| format!("{b:02x}")).collect(),
            folder,
            first,
            loaded,
            policies,
            clients: Mutex::new(HashMap::new()),
            runs: Arc::new(tokio::sync::Semaphore::new(1)),
            baselines: Mutex::new(Vec::new()),
            stats: Stats::default(),
        })
    }

    /// The client `id`, made on its first request.
    pub fn client(&self, id: &str) -> Arc<Client> {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if clients.len() >= CLIENTS && !clients.contains_key(id) {
            // Forget the idle ones: nobody else holds them.
            clients.retain(|_, c| Arc::strong_count(c) > 1);
        }
        clients.entry(id.to_string()).or_default().clone()
    }

    /// Runs `work` for the client `id` on the blocking pool once the
    /// client's run before it has ended and the cores are free; a newer
    /// request of the same client cancels it, waiting or running (409), and
    /// so does the request going away (the page aborted it).
    pub async fn exclusive<T: Send + 'static>(
        self: &Arc<Self>,
        id: &str,
        work: impl FnOnce(&App, &AtomicBool) -> Result<T, Problem> + Send + 'static,
    ) -> Result<T, Problem> {
        let client = self.client(id);
        let flag = client.supersede();
        let mut abandoned = CancelOnDrop(Some(flag.clone()));
        let stale = || {
            self.stats.superseded.fetch_add(1, Ordering::Relaxed);
            Problem::superseded()
        };
        let Some(gate) = flag.until(client.gate.clone().lock_owned()).await else {
            return Err(stale());
        };
        let Some(Ok(cores)) = flag.until(self.runs.clone().acquire_owned()).await else {
            return Err(stale());
        };
        if flag.cancelled() {
            return Err(stale());
        }
        let app = self.clone();
        let cancel = flag.clone();
        // The guards go with the run: if this request goes away, the run
        // (cancelled) still holds the client's gate and the cores to its end.
        let result = tokio::task::spawn_blocking(move || {
            let _held = (gate, cores);
            let _counted = Running::start(&app.stats, &client);
            work(&app, &cancel.flag)
        })
        .await
        .unwrap_or_else(|e| Err(Problem::internal(format!("a run failed: {e}"))));
        abandoned.0 = None;
        match result {
            Err(p) if p.is_superseded() => Err(stale()),
            other => {
                self.stats.finished.fetch_add(1, Ordering::Relaxed);
                other
            }
        }
    }

    /// The path of the scenario `name`, a file the folder lists.
    pub fn scenario(&self, name: &str) -> Option<PathBuf> {
        let listed = list(&self.folder).ok()?;
        listed
            .iter()
            .any(|n| n == name)
            .then(|| self.folder.join(name))
    }

    pub fn baseline(&self, key: &str) -> Option<Arc<ScenarioReport>> {
        let cache = self.baselines.lock().unwrap_or_else(|e| e.into_inner());
        cache.iter().find(|(k, _)| k == key).map(|(_, r)| r.clone())
    }

    pub fn keep_baseline(&self, key: String, report: Arc<ScenarioReport>) {
        let mut cache = self.baselines.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= BASELINES {
            cache.remove(0);
        }
        cache.push((key, report));
    }
}

/// The scenario files of `folder`, sorted.
pub fn list(folder: &Path) -> std::io::Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(folder)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml") && !n.starts_with('.'))
        .collect();
    names.sort();
    Ok(names)
}

/// Cancels a run whose request went away before it ended.
struct CancelOnDrop(Option<Arc<Cancel>>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(flag) = &self.0 {
            flag.cancel();
        }
    }
}

/// Counts a run while it goes: in all, and for its client.
struct Running<'a> {
    stats: &'a Stats,
    client: &'a Client,
}

impl<'a> Running<'a> {
    fn start(stats: &'a Stats, client: &'a Client) -> Running<'a> {
        stats.runs.fetch_add(1, Ordering::Relaxed);
        stats.running.fetch_add(1, Ordering::Relaxed);
        let mine = client.running.fetch_add(1, Ordering::Relaxed) + 1;
        stats.most_per_client.fetch_max(mine, Ordering::Relaxed);
        Running { stats, client }
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.client.running.fetch_sub(1, Ordering::Relaxed);
        self.stats.running.fetch_sub(1, Ordering::Relaxed);
    }
}
