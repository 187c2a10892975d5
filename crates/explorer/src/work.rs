//! What the explorer's calls do, off the async threads: read a scenario and
//! its controls, compare the models through the run library (as `forecast
//! compare` does), save the settings as a scenario, write the report, and
//! weigh the policies. Each returns the JSON the page draws, or a
//! [`Problem`] that says what went wrong and what to do.

use crate::app::App;
use crate::controls::controls;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use forecast_core::{Pooling, Scenario};
use forecast_report::{ScenarioReport, view};
use forecast_run::models::Loaded;
use forecast_run::settings::ScenarioSettings;
use forecast_run::{Exec, Job, Quiet};
use serde::Deserialize;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// The most samples a page may ask for: more is a batch job for the
/// command line, not an interactive one.
pub const MOST_SAMPLES: u32 = 20_000;

/// The settings a page runs with: a scenario of the folder, the models
/// (none: all), the overrides (`NAME=VALUE`, as `--set`), and the sampling.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Asked {
    pub scenario: String,
    #[serde(default)]
    pub models: Vec<String>,
    #[serde(default)]
    pub set: Vec<String>,
    pub samples: Option<u32>,
    /// A number, or its text (a page's numbers are exact only to 2^53).
    #[serde(default, deserialize_with = "seed")]
    pub seed: Option<u64>,
}

/// A seed given as a number or as text.
fn seed<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    use serde::de::Error as _;
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Seed {
        Number(u64),
        Text(String),
    }
    match Option::<Seed>::deserialize(d)? {
        None => Ok(None),
        Some(Seed::Number(n)) => Ok(Some(n)),
        Some(Seed::Text(t)) => t.trim().parse().map(Some).map_err(|_| {
            D::Error::custom(format!(
                "the seed `{t}` is not a whole number from 0 to {}",
                u64::MAX
            ))
        }),
    }
}

/// The settings to save, and the name of the new scenario file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveAsked {
    pub name: String,
    pub settings: Asked,
}

/// A call that could not give what was asked: its status, what went
/// wrong, and what to do.
#[derive(Debug)]
pub struct Problem {
    status: StatusCode,
    error: String,
    hint: String,
}

impl Problem {
    pub fn bad(error: impl Into<String>, hint: impl Into<String>) -> Problem {
        Problem {
            status: StatusCode::BAD_REQUEST,
            error: error.into(),
            hint: hint.into(),
        }
    }

    pub fn internal(error: impl Into<String>) -> Problem {
        Problem {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            error: error.into(),
            hint: "this is a bug or a problem of the machine; the command line says more".into(),
        }
    }

    /// A run overtaken by a newer request of the same client.
    pub fn superseded() -> Problem {
        Problem {
            status: StatusCode::CONFLICT,
            error: "superseded by a newer request".into(),
            hint: "nothing to do: the newer one is running".into(),
        }
    }

    pub fn is_superseded(&self) -> bool {
        self.status == StatusCode::CONFLICT && self.error.starts_with("superseded")
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = json!({ "error": self.error, "hint": self.hint });
        (self.status, axum::Json(body)).into_response()
    }
}

impl From<forecast_run::Error> for Problem {
    fn from(e: forecast_run::Error) -> Problem {
        use forecast_run::Error as E;
        match e {
            E::Cancelled => Problem::superseded(),
            E::Usage { message, hint } => Problem::bad(message, hint),
            E::Scenario(e) => Problem::bad(
                e.to_string(),
                "change the value in the page (each control says its range), or fix the scenario file",
            ),
            E::Internal(_) | E::Write { .. } | E::Table(_) | E::Parts(_) => {
                Problem::internal(e.to_string())
            }
            other => Problem::bad(other.to_string(), "check the file it names"),
        }
    }
}

/// The folder's scenarios, the models, and what else the page may ask.
pub fn state(app: &App) -> Result<Value, Problem> {
    let scenarios = crate::app::list(&app.folder)
        .map_err(|e| Problem::internal(format!("cannot list {}: {e}", app.folder.display())))?;
    let models: Vec<Value> = app
        .loaded
        .plugins
        .iter()
        .map(|p| {
            json!({
                "id": p.spec.id, "name": p.spec.name, "version": p.spec.version,
                "origin": p.origin,
            })
        })
        .collect();
    let failures: Vec<String> = app.loaded.failures.iter().map(|f| f.to_string()).collect();
    Ok(json!({
        "folder": app.folder.display().to_string(),
        "scenarios": scenarios,
        "first": app.first,
        "models": models,
        "failures": failures,
        "policies": app.policies.as_ref().map(|p| p.display().to_string()),
        "most_samples": MOST_SAMPLES,
    }))
}

/// The scenario `name` of the folder.
fn path_of(app: &App, name: &str) -> Result<PathBuf, Problem> {
    app.scenario(name).ok_or_else(|| {
        Problem::bad(
            format!("`{name}` is not a scenario of {}", app.folder.display()),
            "pick one of the list; a new file shows after a reload",
        )
    })
}

/// A scenario's description and the controls of what the models read.
pub fn scenario(app: &App, name: &str) -> Result<Value, Problem> {
    let path = path_of(app, name)?;
    let s = Scenario::load(&path).map_err(forecast_run::Error::from)?;
    Ok(json!({
        "name": name,
        "id": s.id,
        "title": s.title,
        "description": s.description,
        "start_year": s.start_year,
        "horizon": s.horizon,
        "samples": s.samples,
        "seed": s.seed.to_string(),
        "controls": controls(&s, &app.loaded.planning),
    }))
}

impl Asked {
    fn settings(&self) -> Result<ScenarioSettings, Problem> {
        if let Some(n) = self.samples.filter(|n| *n == 0 || *n > MOST_SAMPLES) {
            return Err(Problem::bad(
                format!("{n} samples: the explorer runs 1 to {MOST_SAMPLES}"),
                "for more, run `forecast compare --samples N` on the saved scenario",
            ));
        }
        Ok(ScenarioSettings {
            set: self.set.clone(),
            samples: self.samples,
            seed: self.seed,
            ..ScenarioSettings::default()
        })
    }

    /// The models asked, sharing the server's.
    fn models(&self, app: &App) -> Result<Loaded, Problem> {
        Ok(app.loaded.subset(&self.models)?)
    }
}

/// How runs go in the server: on every core, quiet, cancelled by `cancel`.
fn exec(cancel: &AtomicBool) -> Exec<'_> {
    Exec {
        jobs: None,
        watch: &Quiet,
        cancel: Some(cancel),
    }
}

/// The models' report on `path` with `settings`: `forecast compare`'s own
/// function, so that the page shows its bits.
fn run(
    loaded: &Loaded,
    path: &Path,
    settings: &ScenarioSettings,
    exec: Exec,
) -> Result<ScenarioReport, Problem> {
    let paths = [path.to_path_buf()];
    let mut reports =
        forecast_run::compare::compare(loaded, &paths, settings, exec, Pooling::Linear, None)?;
    reports
        .pop()
        .ok_or_else(|| Problem::internal("the comparison gave no report"))
}

/// The scenario as written (no overrides) with the same models and
/// sampling: run once, then kept.
fn baseline(
    app: &App,
    asked: &Asked,
    loaded: &Loaded,
    path: &Path,
    exec: Exec,
) -> Result<Arc<ScenarioReport>, Problem> {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let key = format!(
        "{}|{:?}|{:?}|{:?}|{modified:?}",
        asked.scenario, asked.models, asked.samples, asked.seed
    );
    if let Some(kept) = app.baseline(&key) {
        return Ok(kept);
    }
    let written = Asked {
        set: Vec::new(),
        ..asked.clone()
    };
    let report = Arc::new(run(loaded, path, &written.settings()?, exec)?);
    app.keep_baseline(key, report.clone());
    Ok(report)
}

/// The comparison of the settings asked, drawn against the scenario as
/// written.
pub fn compare(app: &App, asked: &Asked, cancel: &AtomicBool) -> Result<Value, Problem> {
    let started = Instant::now();
    let path = path_of(app, &asked.scenario)?;
    let loaded = asked.models(app)?;
    let settings = asked.settings()?;
    let report = run(&loaded, &path, &settings, exec(cancel))?;
    let reference = baseline(app, asked, &loaded, &path, exec(cancel))?;
    let origin = |id: &str| loaded.origin(id);
    let draw = |e: std::io::Error| Problem::internal(format!("cannot draw: {e}"));
    let mut bars = Vec::new();
    forecast_report::write_against(&mut bars, &report, Some(&reference)).map_err(draw)?;
    let (table, disagreement, fans) = match &report.comparison {
        Some(c) => {
            let before = reference.comparison.as_ref();
            let names = view::indicator_names(&c.models);
            let fans = view::fans(
                &c.models,
                &names,
                report.plan.scenario.start_year,
                before.map(|b| b.models.as_slice()),
            )
            .map_err(draw)?;
            (view::outcomes_table(c, before), view::disagreement(c), fans)
        }
        None => Default::default(),
    };
    let failures: Vec<String> = report.failures.iter().map(|f| f.to_string()).collect();
    Ok(json!({
        "report": forecast_report::json_report(std::slice::from_ref(&report), &origin),
        "sampling": forecast_report::sampling_line(&report.plan),
        "bars": String::from_utf8_lossy(&bars),
        "table": table,
        "disagreement": disagreement,
        "fans": fans,
        "failures": failures,
        "seconds": started.elapsed().as_secs_f64(),
    }))
}

/// Whether `name` can name a scenario file: letters, digits, `-` and `_`,
/// so that it stays in the folder.
fn file_name(name: &str) -> Result<String, Problem> {
    let stem = name.strip_suffix(".toml").unwrap_or(name);
    let fits = !stem.is_empty()
        && stem.len() <= 80
        && !stem.starts_with(['-', '_'])
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !fits {
        return Err(Problem::bad(
            format!("`{name}` cannot name a scenario file"),
            "use letters, digits, - and _ (up to 80); it is saved in the explorer's folder",
        ));
    }
    Ok(format!("{stem}.toml"))
}

/// Writes the settings asked as a new scenario file of the folder, which
/// `forecast compare` runs to the same bits.
pub fn save(app: &App, asked: &SaveAsked) -> Result<Value, Problem> {
    let name = file_name(&asked.name)?;
    let from = path_of(app, &asked.settings.scenario)?;
    let settings = asked.settings.settings()?;
    let mut scenario = settings.load(&from)?;
    if let Some(n) = asked.settings.samples {
        scenario.samples = n;
    }
    if let Some(s) = asked.settings.seed {
        scenario.seed = s;
    }
    // Refuse what `compare` would refuse, before writing.
    settings.plan_scenario(scenario.clone(), &app.loaded.planning)?;
    if !asked.settings.set.is_empty() {
        scenario.description = format!(
            "{}\n\nSaved from the explorer: {} with {}.",
            scenario.description.trim_end(),
            asked.settings.scenario,
            asked.settings.set.join(", ")
        );
    }
    let path = app.folder.join(&name);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, scenario.to_toml().as_bytes()));
    match written {
        Ok(()) => Ok(json!({
            "saved": name,
            "path": path.display().to_string(),
            // A scenario does not choose models: compare runs them all.
            "every_model": asked.settings.models.is_empty(),
        })),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Problem::bad(
            format!("{} exists already", path.display()),
            "choose another name; the explorer never overwrites a file",
        )),
        Err(e) => Err(Problem::internal(format!(
            "cannot write {}: {e}",
            path.display()
        ))),
    }
}

/// The HTML report of the settings asked: its file name and its text.
pub fn report(app: &App, asked: &Asked, cancel: &AtomicBool) -> Result<(String, String), Problem> {
    let path = path_of(app, &asked.scenario)?;
    let loaded = asked.models(app)?;
    let settings = asked.settings()?;
    let mut html = Vec::new();
    forecast_run::html::write(
        &loaded,
        &[path],
        &settings,
        Pooling::Linear,
        &forecast_run::html::Extras::default(),
        exec(cancel),
        &mut html,
    )?;
    let stem = asked.scenario.trim_end_matches(".toml");
    Ok((
        format!("{stem}-report.html"),
        String::from_utf8_lossy(&html).into_owned(),
    ))
}

/// How each policy of the policies file holds up in every model under the
/// settings asked (as `forecast decide --policies FILE` with them).
pub fn decide(app: &App, asked: &Asked, cancel: &AtomicBool) -> Result<Value, Problem> {
    use forecast_report::Analysis;
    let Some(policies) = &app.policies else {
        return Err(Problem::bad(
            "the explorer was started without a policies file",
            "start it with `forecast explore --policies policies/oped-2006.toml`",
        ));
    };
    let path = path_of(app, &asked.scenario)?;
    let loaded = asked.models(app)?;
    let settings = asked.settings()?;
    let job = Job {
        loaded: &loaded,
        scenario: &path,
        settings: &settings,
        exec: exec(cancel),
    };
    let question = forecast_run::decide::Question {
        policies: Some(policies.clone()),
        ..Default::default()
    };
    let decision = forecast_run::decide::decide(&job, &question)?;
    let draw = |e: std::io::Error| Problem::internal(format!("cannot draw: {e}"));
    let mut table = Vec::new();
    decision.write_table(&mut table).map_err(draw)?;
    Ok(json!({
        "policies": policies.display().to_string(),
        "table": String::from_utf8_lossy(&table),
        "svg": decision.svg().map_err(draw)?,
    }))
}
