//! The contract's conformance checks, for a plugin in any language: the
//! checks a Rust model gets from `forecast_sdk::testing`, run through the
//! host on the compiled component (`forecast test` runs them).
//!
//! - `info`: the description is complete (every parameter with a finite,
//!   non-empty range holding its default, a description and a source;
//!   names shared or prefixed with the model's id; no duplicates; references);
//! - `ranges`: a valid forecast with each parameter at the ends of its range;
//! - `horizons`: a valid forecast for every horizon of 1 to 200 years;
//! - `random`: a valid forecast at random points of the parameter space,
//!   scalars and yearly paths, random horizons and start years;
//! - `determinism`: the same input gives the same bits twice in one
//!   instance and in a fresh one, and asking for an explanation changes no
//!   number.
//!
//! "Valid" is what the host checks on every call (seven finite
//! probabilities summing to 1, declared series of `horizon` finite values)
//! plus: every declared indicator exactly once, and an explanation exactly
//! when one is asked for. It is not a test of the model's mechanism: that is
//! the author's own tests, and the snapshots.
//!
//! A call that exhausts a budget (CPU, wall clock, memory) stops the kit:
//! the same fault would cost every remaining case the whole budget again,
//! so the checks not yet run are reported as skipped, with the reason.

use crate::contract::{self, wit};
use crate::{CallError, Host, Instance, Plugin};
use forecast_core::rng::{Rng, derive_seed};
use forecast_core::{Forecast, ModelSpec, Value};
use forecast_vocab::is_shared_parameter;
use std::sync::Arc;

/// How many inputs to try.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Random points of the parameter space.
    pub random_inputs: usize,
    /// Seed of the random points.
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            random_inputs: 200,
            seed: 20061213,
        }
    }
}

/// The longest horizon tried.
pub const MAX_HORIZON: u32 = 200;
/// At most this many failures are kept per check.
const KEEP: usize = 5;

/// One check's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub name: &'static str,
    /// What it checks, in a phrase.
    pub what: &'static str,
    /// Inputs (or declarations) checked.
    pub cases: usize,
    /// The first few failures, each naming its input.
    pub failures: Vec<String>,
    /// All failures, including those not kept.
    pub failed: usize,
    /// Why the check stopped before its last case, if it did: an earlier
    /// call exhausted a budget.
    pub skipped: Option<String>,
}

impl Check {
    fn new(name: &'static str, what: &'static str) -> Check {
        Check {
            name,
            what,
            cases: 0,
            failures: Vec::new(),
            failed: 0,
            skipped: None,
        }
    }

    fn record(&mut self, result: Result<(), String>) {
        self.cases += 1;
        if let Err(e) = result {
            self.failed += 1;
            if self.failures.len() < KEEP {
                self.failures.push(e);
            }
        }
    }

    pub fn passed(&self) -> bool {
        self.failed == 0 && self.skipped.is_none()
    }
}

/// Checks a model's description beyond what loading it requires.
pub fn check_info(spec: &ModelSpec) -> Check {
    let mut check = Check::new(
        "info",
        "every parameter sourced, described and in a finite range; names shared or prefixed",
    );
    let prefix = format!("{}.", spec.id);
    for (i, p) in spec.parameters.iter().enumerate() {
        check.record((|| {
            if !(p.min.is_finite() && p.max.is_finite() && p.min < p.max) {
                return Err(format!(
                    "parameter `{}`: range [{}, {}] is empty or not finite",
                    p.name, p.min, p.max
                ));
            }
            if p.description.trim().is_empty() || p.source.trim().is_empty() {
                return Err(format!(
                    "parameter `{}` lacks a description or a source (\"[A]\" marks an assumption)",
                    p.name
                ));
            }
            if !is_shared_parameter(&p.name) && !p.name.starts_with(&prefix) {
                return Err(format!(
                    "parameter `{}` is neither a shared name (VOCABULARY.md) nor prefixed `{prefix}`",
                    p.name
                ));
            }
            if spec.parameters[..i].iter().any(|q| q.name == p.name) {
                return Err(format!("parameter `{}` is declared twice", p.name));
            }
            Ok(())
        })());
    }
    for (i, ind) in spec.indicators.iter().enumerate() {
        check.record(if spec.indicators[..i].iter().any(|j| j.name == ind.name) {
            Err(format!("indicator `{}` is declared twice", ind.name))
        } else if ind.description.trim().is_empty() {
            Err(format!("indicator `{}` lacks a description", ind.name))
        } else {
            Ok(())
        });
    }
    for (i, o) in spec.outcomes.iter().enumerate() {
        check.record(if spec.outcomes[..i].contains(o) {
            Err(format!("outcome `{o}` is listed twice"))
        } else {
            Ok(())
        });
    }
    check.record(if spec.references.is_empty() {
        Err("no references: name the literature the mechanism and its numbers rest on".into())
    } else if spec.summary.trim().is_empty() {
        Err("no summary: say in a paragraph what mechanism the model encodes".into())
    } else {
        Ok(())
    });
    check
}

/// One input to try, and how to name it in a message.
struct Case {
    label: String,
    /// Whether to ask for an explanation.
    explain: bool,
    horizon: u32,
    start_year: i32,
    seed: u64,
    values: Vec<Value>,
}

impl Case {
    fn input(&self, explain: bool) -> wit::ForecastInput {
        contract::input(
            "conformance",
            self.start_year,
            self.horizon,
            self.seed,
            self.values.clone(),
            explain,
        )
    }
}

fn defaults(spec: &ModelSpec) -> Vec<Value> {
    spec.parameters
        .iter()
        .map(|p| Value::Scalar(p.default))
        .collect()
}

fn at_defaults(spec: &ModelSpec, horizon: u32) -> Case {
    Case {
        label: format!("defaults, horizon {horizon}"),
        explain: true,
        horizon,
        start_year: 2007,
        seed: horizon as u64,
        values: defaults(spec),
    }
}

fn range_ends(spec: &ModelSpec) -> Vec<Case> {
    let mut cases = Vec::new();
    for (i, p) in spec.parameters.iter().enumerate() {
        for (end, v) in [("min", p.min), ("max", p.max)] {
            let mut values = defaults(spec);
            values[i] = Value::Scalar(v);
            cases.push(Case {
                label: format!(
                    "`{}` = {v} (its {end}), others at defaults, horizon 20",
                    p.name
                ),
                explain: false,
                horizon: 20,
                start_year: 2007,
                seed: i as u64,
                values,
            });
        }
    }
    cases
}

fn random_points(spec: &ModelSpec, options: &Options) -> Vec<Case> {
    (0..options.random_inputs)
        .map(|k| {
            let seed = derive_seed(options.seed, 0xc0f0, k as u64);
            let mut rng = Rng::new(seed);
            let horizon = 1 + rng.below(MAX_HORIZON as usize) as u32;
            let start_year = 1990 + rng.below(41) as i32;
            let mut uniform = |lo: f64, hi: f64| lo + (hi - lo) * rng.next_open01();
            let values = spec
                .parameters
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    // Alternate scalars and paths by parameter and point.
                    if (i + k) % 2 == 0 {
                        Value::Scalar(uniform(p.min, p.max))
                    } else {
                        Value::Path((0..horizon).map(|_| uniform(p.min, p.max)).collect())
                    }
                })
                .collect();
            Case {
                label: format!(
                    "random point {k} (seed {seed:#x}), horizon {horizon}, start year {start_year}"
                ),
                explain: k % 4 == 0,
                horizon,
                start_year,
                seed,
                values,
            }
        })
        .collect()
}

/// A forecast's bits: outcomes, series and explanation, to compare exactly.
type Bits = (Vec<u64>, Vec<(Arc<str>, Vec<u64>)>, Vec<String>);

fn bits(f: &Forecast) -> Bits {
    (
        f.outcomes.iter().map(|p| p.to_bits()).collect(),
        f.indicators
            .iter()
            .map(|(n, v)| (n.clone(), v.iter().map(|x| x.to_bits()).collect()))
            .collect(),
        f.explanation.clone(),
    )
}

/// What the host does not check on every call: every declared indicator is
/// there, and an explanation comes exactly when asked for.
fn complete(spec: &ModelSpec, f: &Forecast, explain: bool) -> Result<(), String> {
    if let Some(missing) = spec
        .indicators
        .iter()
        .find(|d| !f.indicators.iter().any(|(n, _)| **n == *d.name))
    {
        return Err(format!(
            "declared indicator `{}` is missing from the output",
            missing.name
        ));
    }
    match (explain, f.explanation.is_empty()) {
        (true, true) => Err("no explanation, though one was asked for".into()),
        (false, false) => {
            Err("an explanation, though none was asked for (it costs every sample)".into())
        }
        _ => Ok(()),
    }
}

/// The kit's calls into one plugin: an instance replaced after a trap, and
/// the first call that exhausted a budget, after which no call is made.
struct Calls<'a> {
    host: &'a Host,
    plugin: &'a Plugin,
    instance: Option<Instance>,
    exhausted: Option<String>,
}

impl Calls<'_> {
    /// Calls the plugin in the kit's instance, or in a fresh one.
    fn call(&mut self, input: &wit::ForecastInput, fresh: bool) -> Result<Forecast, CallError> {
        let mut own = None;
        let slot = if fresh { &mut own } else { &mut self.instance };
        if slot.is_none() {
            *slot = Some(self.plugin.instantiate(self.host)?);
        }
        let r = slot.as_mut().expect("just made").forecast(input);
        if let Err(
            e @ (CallError::OutOfFuel { .. }
            | CallError::Timeout { .. }
            | CallError::OutOfMemory { .. }),
        ) = &r
        {
            self.exhausted
                .get_or_insert_with(|| format!("{e}, with input {}", describe(input)));
        }
        r
    }

    fn valid(&mut self, case: &Case) -> Result<Forecast, String> {
        let explain = case.explain;
        let f = self
            .call(&case.input(explain), false)
            .map_err(|e| format!("{}: {e}", case.label))?;
        complete(&self.plugin.spec, &f, explain).map_err(|e| format!("{}: {e}", case.label))?;
        Ok(f)
    }

    /// Records `check` of each case in turn, until a call exhausts a budget.
    fn each<'c>(
        &mut self,
        check: &mut Check,
        cases: impl IntoIterator<Item = &'c Case>,
        mut one: impl FnMut(&mut Self, &Case) -> Result<(), String>,
    ) {
        for case in cases {
            if let Some(why) = &self.exhausted {
                check.skipped = Some(format!("not run to the end: a call {why}"));
                return;
            }
            check.record(one(self, case));
        }
    }
}

/// An input in a few words, for a message.
fn describe(input: &wit::ForecastInput) -> String {
    format!(
        "horizon {}, start year {}, seed {:#x}",
        input.horizon, input.start_year, input.seed
    )
}

/// Runs every check on a loaded plugin. A call that exhausts a budget ends
/// the run: the checks after it are reported as skipped.
pub fn run(host: &Host, plugin: &Plugin, options: &Options) -> Vec<Check> {
    let spec = &plugin.spec;
    let mut calls = Calls {
        host,
        plugin,
        instance: None,
        exhausted: None,
    };
    let mut checks = vec![check_info(spec)];

    let mut ranges = Check::new("ranges", "a valid forecast at both ends of every range");
    calls.each(&mut ranges, &range_ends(spec), |c, case| {
        c.valid(case).map(drop)
    });
    checks.push(ranges);

    let mut horizons = Check::new(
        "horizons",
        "a valid forecast for every horizon of 1 to 200 years",
    );
    let cases: Vec<Case> = (1..=MAX_HORIZON).map(|h| at_defaults(spec, h)).collect();
    calls.each(&mut horizons, &cases, |c, case| c.valid(case).map(drop));
    checks.push(horizons);

    let points = random_points(spec, options);
    let mut random = Check::new(
        "random",
        "a valid forecast at random points: scalars and yearly paths, any horizon",
    );
    calls.each(&mut random, &points, |c, case| c.valid(case).map(drop));
    checks.push(random);

    let mut determinism = Check::new(
        "determinism",
        "the same bits twice, in a fresh instance, and with or without an explanation",
    );
    let central = at_defaults(spec, 20);
    let cases = points.iter().take(20).chain([&central]);
    calls.each(&mut determinism, cases, |calls, case| {
        let fail = |e: CallError| format!("{}: {e}", case.label);
        let first = calls.call(&case.input(true), false).map_err(fail)?;
        let again = calls.call(&case.input(true), false).map_err(fail)?;
        if bits(&first) != bits(&again) {
            return Err(format!(
                "{}: a second call in the same instance gave other bits (does the plugin keep state between calls?)",
                case.label
            ));
        }
        let other = calls.call(&case.input(true), true).map_err(fail)?;
        if bits(&first) != bits(&other) {
            return Err(format!(
                "{}: a fresh instance gave other bits than a used one",
                case.label
            ));
        }
        let quiet = calls.call(&case.input(false), false).map_err(fail)?;
        let (outcomes, series, _) = bits(&first);
        let (quiet_outcomes, quiet_series, _) = bits(&quiet);
        if (outcomes, series) != (quiet_outcomes, quiet_series) {
            return Err(format!(
                "{}: asking for an explanation changed the numbers",
                case.label
            ));
        }
        Ok(())
    });
    checks.push(determinism);
    checks
}
