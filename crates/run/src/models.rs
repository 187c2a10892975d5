//! Which models a run uses: the built-in ones plus plugin files, loaded
//! into a host with the limits every call runs under.

use crate::Error;
use crate::runner::Models;
use forecast_core::ModelSpec;
use forecast_host::{Host, HostConfig, Limits, LoadError, Plugin, Source};
use forecast_report::Failure;
use std::path::PathBuf;
use std::sync::Arc;

/// Where the models come from and the host they run in.
#[derive(Debug, Clone, PartialEq)]
pub struct PluginSettings {
    /// Plugin files (WebAssembly components) to add, in order; one with the
    /// id of a built-in model replaces it.
    pub files: Vec<PathBuf>,
    /// Whether the built-in models load too.
    pub builtin: bool,
    pub limits: Limits,
    /// The compile cache (`None`: compile afresh).
    pub cache_dir: Option<PathBuf>,
    /// Canonical NaNs everywhere (see `forecast_host::HostConfig`).
    pub strict_nan: bool,
}

impl Default for PluginSettings {
    /// The built-in models, the default limits and the default cache.
    fn default() -> Self {
        PluginSettings {
            files: Vec::new(),
            builtin: true,
            limits: Limits::default(),
            cache_dir: default_cache_dir(),
            strict_nan: false,
        }
    }
}

/// The compile cache: $FORECAST_CACHE_DIR, else $XDG_CACHE_HOME/forecast
/// or ~/.cache/forecast.
pub fn default_cache_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    env("FORECAST_CACHE_DIR")
        .or_else(|| env("XDG_CACHE_HOME").map(|d| d.join("forecast")))
        .or_else(|| env("HOME").map(|h| h.join(".cache/forecast")))
}

impl PluginSettings {
    pub fn host(&self) -> Result<Host, Error> {
        Ok(Host::new(HostConfig {
            limits: self.limits,
            cache_dir: self.cache_dir.clone(),
            strict_nan: self.strict_nan,
        })?)
    }

    /// The sources to load: built-ins first, then the files in order.
    pub fn sources(&self) -> Vec<Source> {
        let builtin = forecast_builtin::BUILTIN
            .iter()
            .filter(|_| self.builtin)
            .map(|(name, bytes)| Source::Embedded {
                name: name.to_string(),
                bytes,
            });
        builtin
            .chain(self.files.iter().map(|p| Source::File(p.clone())))
            .collect()
    }

    /// Loads every model. A plugin that fails to load is returned as a
    /// failure beside the others; a later plugin replaces an earlier one
    /// with the same id (so a file overrides a built-in, with a note).
    pub fn load(&self, host: &Host) -> (Vec<Plugin>, Vec<LoadError>, Vec<String>) {
        let mut plugins: Vec<Plugin> = Vec::new();
        let mut failures = Vec::new();
        let mut notes = Vec::new();
        for source in self.sources() {
            match host.load(&source) {
                Ok(p) => match plugins.iter().position(|q| q.spec.id == p.spec.id) {
                    Some(i) if plugins[i].origin.starts_with("built-in") => {
                        notes.push(format!(
                            "`{}` has the id `{}` of a built-in model and replaces it: the built-in does not run, and a scenario's values for its parameters go to the plugin",
                            p.origin, p.spec.id
                        ));
                        plugins[i] = p
                    }
                    Some(i) => failures.push(LoadError::BadInfo {
                        plugin: p.origin,
                        message: format!(
                            "its id `{}` is already taken by {}; ids must be unique",
                            p.spec.id, plugins[i].origin
                        ),
                    }),
                    None => plugins.push(p),
                },
                Err(e) => failures.push(e),
            }
        }
        (plugins, failures, notes)
    }

    /// Loads every model and picks `model`, a built-in id or a plugin file
    /// (which joins the others, replacing a built-in of the same id).
    /// Returns it and the other models.
    pub fn load_one(&self, host: &Host, model: &str) -> Result<(Plugin, Vec<Plugin>), Error> {
        let looks_like_file = model.contains(['/', '.']) || std::path::Path::new(model).exists();
        let chosen = if looks_like_file {
            Some(host.load(&Source::File(model.into()))?)
        } else {
            None
        };
        let (mut plugins, failures, _) = self.load(host);
        let id = chosen
            .as_ref()
            .map_or(model, |p| p.spec.id.as_str())
            .to_string();
        let found = plugins.iter().position(|p| p.spec.id == id);
        let selected = match (chosen, found) {
            (Some(p), Some(i)) => {
                plugins.remove(i);
                p
            }
            (Some(p), None) => p,
            (None, Some(i)) => plugins.remove(i),
            (None, None) => {
                if let Some(f) = failures.into_iter().next() {
                    return Err(f.into());
                }
                let ids: Vec<&str> = forecast_builtin::BUILTIN.iter().map(|b| b.0).collect();
                return Err(Error::usage(
                    format!("no model with id `{model}`"),
                    format!(
                        "built-in models: {}; or give the path of a plugin file",
                        ids.join(", ")
                    ),
                ));
            }
        };
        Ok((selected, plugins))
    }

    /// Loads every model and keeps only `model` (a built-in id or a plugin
    /// file) to run; the others still check scenarios
    /// ([`Loaded::planning`]), since a scenario may set parameters only
    /// they read.
    pub fn load_alone(&self, model: &str) -> Result<Loaded, Error> {
        let host = self.host()?;
        let (plugin, others) = self.load_one(&host, model)?;
        let planning = others
            .iter()
            .chain([&plugin])
            .map(|p| p.spec.clone())
            .collect();
        Ok(Loaded {
            host: Arc::new(host),
            plugins: vec![plugin],
            failures: Vec::new(),
            planning,
            notes: Vec::new(),
        })
    }

    /// Loads the models; an error when none could be.
    pub fn load_models(&self) -> Result<Loaded, Error> {
        let host = self.host()?;
        let (plugins, errors, notes) = self.load(&host);
        let failures: Vec<Failure> = errors.iter().map(Failure::from).collect();
        if plugins.is_empty() {
            let mut message = "no model could be loaded".to_string();
            for f in &failures {
                message.push_str(&format!("\n  {}", f.error));
            }
            return Err(Error::usage(
                message,
                "check the --plugin files with `forecast inspect FILE`",
            ));
        }
        Ok(Loaded {
            host: Arc::new(host),
            planning: plugins.iter().map(|p| p.spec.clone()).collect(),
            plugins,
            failures,
            notes,
        })
    }

    /// Loads the models and keeps those `select` names (all when it names
    /// none); an error when none could be loaded or a name is unknown.
    pub fn load_selected(&self, select: &[String]) -> Result<Loaded, Error> {
        let mut loaded = self.load_models()?;
        loaded.select(select)?;
        Ok(loaded)
    }
}

/// What a run has loaded: the host, the plugins, and those that failed to
/// load (reported with the results).
pub struct Loaded {
    /// Shared by the subsets of these models ([`Loaded::subset`]).
    pub host: Arc<Host>,
    /// The models to run.
    pub plugins: Vec<Plugin>,
    pub failures: Vec<Failure>,
    /// Every loaded model's description, run or not: a scenario is checked
    /// against them all, since it may set parameters only another reads.
    pub planning: Vec<ModelSpec>,
    /// What the loading has to say (a plugin that replaces a built-in).
    pub notes: Vec<String>,
}

impl Loaded {
    pub fn models(&self) -> Models<'_> {
        Models {
            host: &self.host,
            plugins: &self.plugins,
            load_failures: &self.failures,
        }
    }

    pub fn specs(&self) -> Vec<ModelSpec> {
        self.plugins.iter().map(|p| p.spec.clone()).collect()
    }

    /// Where the model `id` came from (empty when it is not loaded).
    pub fn origin(&self, id: &str) -> String {
        self.plugins
            .iter()
            .find(|p| p.spec.id == id)
            .map_or(String::new(), |p| p.origin.clone())
    }

    /// The same models, keeping only those `select` names (all when it
    /// names none): the others still check scenarios.
    pub fn subset(&self, select: &[String]) -> Result<Loaded, Error> {
        let mut subset = Loaded {
            host: self.host.clone(),
            plugins: self.plugins.clone(),
            failures: self.failures.clone(),
            planning: self.planning.clone(),
            notes: Vec::new(),
        };
        subset.select(select)?;
        Ok(subset)
    }

    /// Keeps the models `select` names (all when it names none); the
    /// others still check scenarios ([`Loaded::planning`]).
    pub fn select(&mut self, select: &[String]) -> Result<(), Error> {
        if select.is_empty() {
            return Ok(());
        }
        let known: Vec<String> = self.plugins.iter().map(|p| p.spec.id.clone()).collect();
        if let Some(unknown) = select.iter().find(|m| !known.contains(m)) {
            return Err(Error::usage(
                format!("no loaded model has the id `{unknown}`"),
                format!("the loaded models are {}", known.join(", ")),
            ));
        }
        self.plugins.retain(|p| select.contains(&p.spec.id));
        Ok(())
    }
}
