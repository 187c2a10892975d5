//! The HTML report (`forecast report`, and the explorer's "Report"): each
//! scenario's comparison with, when asked, its sweeps, sensitivity
//! analysis, back-test and decision, written as one self-contained file.

use crate::Job;
use crate::decide::Question;
use crate::models::Loaded;
use crate::protocol::Protocol;
use crate::settings::ScenarioSettings;
use crate::{Error, Exec};
use forecast_analysis::sweep::Vary;
use forecast_core::Pooling;
use forecast_report::html::{Section, write_html};
use std::path::PathBuf;

/// What the report adds to each scenario's comparison.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extras {
    /// One sweep per entry (as `forecast sweep --vary`).
    pub sweeps: Vec<Vary>,
    /// The sensitivity analysis (as `forecast sensitivity`).
    pub sensitivity: bool,
    /// A back-test against this record with this protocol (the scenario
    /// must then be a history scenario).
    pub backtest: Option<(PathBuf, Protocol)>,
    /// A decision between policies (as `forecast decide`).
    pub decision: Option<Question>,
}

/// What a written report holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub scenarios: usize,
    pub models: usize,
    /// Whether a plugin failed somewhere (the others are reported).
    pub failed: bool,
}

/// Runs every scenario of `paths` (with `settings`) and what `extras`
/// asks, and writes the HTML report to `out`.
pub fn write(
    loaded: &Loaded,
    paths: &[PathBuf],
    settings: &ScenarioSettings,
    pooling: Pooling,
    extras: &Extras,
    exec: Exec,
    out: &mut dyn std::io::Write,
) -> Result<Summary, Error> {
    let reports = crate::compare::compare(loaded, paths, settings, exec, pooling, None)?;
    let mut sections = Vec::new();
    for (path, report) in paths.iter().zip(&reports) {
        let job = Job {
            loaded,
            scenario: path,
            settings,
            exec,
        };
        sections.push(section(&job, extras, report)?);
    }
    let failed = sections.iter().any(|s| {
        !s.report.failures.is_empty()
            || s.sweeps
                .iter()
                .any(|w| w.points.iter().any(|p| !p.failures.is_empty()))
            || s.sensitivity
                .as_ref()
                .is_some_and(|a| !a.failures.is_empty())
            || s.backtest.as_ref().is_some_and(|b| !b.failures.is_empty())
            || s.decision.as_ref().is_some_and(|d| !d.failures.is_empty())
    });
    let origins = |id: &str| loaded.origin(id);
    write_html(out, &sections, &origins)
        .map_err(|e| Error::Internal(format!("cannot write the report: {e}")))?;
    Ok(Summary {
        scenarios: reports.len(),
        models: loaded.plugins.len(),
        failed,
    })
}

/// One scenario's section: its comparison and the analyses asked.
fn section<'a>(
    job: &Job,
    extras: &Extras,
    report: &'a forecast_report::ScenarioReport,
) -> Result<Section<'a>, Error> {
    let sweeps = extras
        .sweeps
        .iter()
        .map(|v| crate::sweep::sweep(job, std::slice::from_ref(v), &[]))
        .collect::<Result<Vec<_>, _>>()?;
    let mut notes = Vec::new();
    let sensitivity = if !extras.sensitivity {
        None
    } else if report.plan.uncertain.is_empty() {
        notes.push("No sensitivity analysis: the scenario has no uncertain parameters.".into());
        None
    } else {
        Some(crate::sensitivity::analyse(job, &[], 500)?)
    };
    let backtest = match &extras.backtest {
        Some((record, protocol)) => Some(crate::backtest::backtest(job, record, protocol)?),
        None => None,
    };
    let decision = match &extras.decision {
        Some(question) => Some(crate::decide::decide(job, question)?),
        None => None,
    };
    Ok(Section {
        report,
        sweeps,
        sensitivity,
        backtest,
        decision,
        notes,
    })
}
