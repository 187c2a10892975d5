//! The local explorer of `forecast` (`forecast explore`): a web server on
//! loopback and the page it serves, where moving a lever or a parameter
//! reruns the comparison and redraws it against the scenario as written.
//!
//! What it is for: the same runs as the command line, through the same
//! run library (`forecast-run`), so that a forecast in the browser is, to
//! the bit, the forecast of `forecast compare` with the same settings. The
//! server binds 127.0.0.1, and every request must carry the per-launch
//! token the printed address holds (as Jupyter's does). Each browser tab
//! is a client: a new request of a client cancels its stale run, so the
//! latest wins and runs never pile up; "save" writes only into the folder
//! the server was started for.
//!
//! What it is not: a multi-user service. It opens nothing by itself and
//! fetches nothing; the page, its script and its style are in the binary.

mod api;
mod app;
mod controls;
mod page;
mod work;

use forecast_run::models::{Loaded, PluginSettings};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;

/// How the explorer starts.
#[derive(Debug, Clone)]
pub struct Options {
    /// The scenario shown first (`None`: the folder's first).
    pub scenario: Option<PathBuf>,
    /// The folder whose scenarios the page lists and where "save" writes
    /// (`None`: the first scenario's folder, else `scenarios/`).
    pub folder: Option<PathBuf>,
    /// The port on 127.0.0.1 (0: a free one).
    pub port: u16,
    /// The models and their limits.
    pub plugins: PluginSettings,
    /// The policies file whose robustness the page shows (as `forecast
    /// decide --policies`); `None`: the page does not offer it.
    pub policies: Option<PathBuf>,
}

/// What keeps the explorer from starting.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The models could not be loaded, or a file could not be read.
    #[error("{0}")]
    Run(#[from] forecast_run::Error),
    /// The port could not be bound.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: SocketAddr,
        source: std::io::Error,
    },
    /// The folder of scenarios is not one.
    #[error("`{}` is not a folder of scenarios: {message}", path.display())]
    Folder { path: PathBuf, message: String },
    /// The server stopped with an error.
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}

/// An explorer bound to its port, ready to serve.
pub struct Explorer {
    listener: TcpListener,
    app: Arc<app::App>,
    url: String,
}

/// Loads the models, checks the folder and binds the port.
pub fn open(options: Options) -> Result<Explorer, Error> {
    let loaded: Loaded = options.plugins.load_models()?;
    // The scenario's own folder ("." for a bare file name), else scenarios/.
    let folder = options
        .folder
        .clone()
        .or_else(|| {
            options.scenario.as_ref().map(|s| match s.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            })
        })
        .unwrap_or_else(|| PathBuf::from("scenarios"));
    let app = app::App::new(
        loaded,
        folder,
        options.scenario.clone(),
        options.policies.clone(),
    )?;
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, options.port));
    let listener = TcpListener::bind(address).map_err(|source| Error::Bind { address, source })?;
    let port = listener
        .local_addr()
        .map_err(|source| Error::Bind { address, source })?
        .port();
    let url = format!("http://127.0.0.1:{port}/?token={}", app.token);
    Ok(Explorer {
        listener,
        app: Arc::new(app),
        url,
    })
}

impl Explorer {
    /// The address to open, token included.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// What loading the models noted (a plugin replacing a built-in).
    pub fn notes(&self) -> &[String] {
        &self.app.loaded.notes
    }

    /// Serves until the process ends.
    pub fn serve(self) -> Result<(), Error> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_io()
            .enable_time()
            .build()
            .map_err(Error::Serve)?;
        runtime.block_on(async move {
            self.listener.set_nonblocking(true).map_err(Error::Serve)?;
            let listener =
                tokio::net::TcpListener::from_std(self.listener).map_err(Error::Serve)?;
            axum::serve(listener, api::router(self.app))
                .await
                .map_err(Error::Serve)
        })
    }
}
