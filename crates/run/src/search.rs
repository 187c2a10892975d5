//! The lever search of `forecast decide --search`: NSGA-II
//! (`forecast_decide::search`) over levers' values and the years they
//! change, every candidate a policy run by every model on the same samples,
//! judged by its worst model's mean on each objective (robust across
//! models); the state saved after every generation so that a search
//! resumes to the same bits.

use crate::models::Loaded;
use crate::policies::{Quantity, evaluate, plans};
use crate::{Error, Exec};
use forecast_core::policy::Policy;
use forecast_core::scenario::{Setting, SettingValue, YearlyPath};
use forecast_core::{Origin, Plan, Scenario};
use forecast_decide::search::{Bounds, Settings, State};
use forecast_decide::{Direction, Objective};
use std::path::{Path, PathBuf};

/// What is searched.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    /// The levers searched: NAME (over its range) or NAME=LO..HI. Levers
    /// with levels (a rung, a pledge) are searched over whole levels.
    pub levers: Vec<String>,
    /// Searched levers whose year of change is searched too: the value
    /// holds from that year, the scenario's before it.
    pub years: Vec<String>,
    /// Generations to run (after the first, or after those of `state`).
    pub generations: usize,
    /// Candidates per generation.
    pub population: u32,
    /// Seed of the search.
    pub seed: u64,
    /// The search's state: resumed from it if it exists, saved to it after
    /// every generation.
    pub state: Option<PathBuf>,
}

impl Default for Search {
    /// Nothing searched; 20 generations of 24, seed 1.
    fn default() -> Self {
        Search {
            levers: Vec::new(),
            years: Vec::new(),
            generations: 20,
            population: 24,
            seed: 1,
            state: None,
        }
    }
}

impl Search {
    pub fn asked(&self) -> bool {
        !self.levers.is_empty()
    }
}

/// A searched variable.
#[derive(Debug, Clone, PartialEq)]
enum Variable {
    /// A lever's value.
    Value { lever: String, bounds: Bounds },
    /// The year from which a lever's searched value holds.
    Year { lever: String, bounds: Bounds },
}

impl Variable {
    fn bounds(&self) -> Bounds {
        match self {
            Variable::Value { bounds, .. } | Variable::Year { bounds, .. } => *bounds,
        }
    }

    pub fn name(&self) -> String {
        match self {
            Variable::Value { lever, .. } => lever.clone(),
            Variable::Year { lever, .. } => format!("{lever}@year"),
        }
    }
}

fn usage(message: String) -> Error {
    Error::usage(
        message,
        "e.g. --search levers.us_pledge --search levers.china_enforcement=0.3..1 --search-year levers.us_pledge",
    )
}

fn variables(args: &Search, scenario: &Scenario) -> Result<Vec<Variable>, Error> {
    let mut out = Vec::new();
    for spec in &args.levers {
        let (name, range) = match spec.split_once('=') {
            Some((n, r)) => (n.trim(), Some(r)),
            None => (spec.trim(), None),
        };
        let shared = forecast_vocab::shared_parameter(name)
            .filter(|p| p.name.starts_with("levers."))
            .ok_or_else(|| {
                usage(format!(
                    "`{name}` is not a lever (levers.NAME; `forecast vocabulary` lists them)"
                ))
            })?;
        let (lo, hi) = match range {
            None => (shared.min, shared.max),
            Some(r) => {
                let (a, b) = r
                    .split_once("..")
                    .ok_or_else(|| usage(format!("`{r}` in `{spec}` is not LO..HI")))?;
                let num = |s: &str| {
                    s.trim()
                        .parse::<f64>()
                        .map_err(|_| usage(format!("`{s}` in `{spec}` is not a number")))
                };
                (num(a)?, num(b)?)
            }
        };
        if !(shared.min <= lo && lo < hi && hi <= shared.max) {
            return Err(usage(format!(
                "`{spec}`: search within [{}, {}], the lever's range, from low to high",
                shared.min, shared.max
            )));
        }
        if out
            .iter()
            .any(|v| matches!(v, Variable::Value { lever, .. } if lever == name))
        {
            return Err(usage(format!("`{name}` is searched twice")));
        }
        out.push(Variable::Value {
            lever: name.to_string(),
            bounds: Bounds {
                lo,
                hi,
                integer: shared.has_levels(),
            },
        });
    }
    let last = scenario.start_year + scenario.horizon as i32 - 1;
    for name in &args.years {
        if !out
            .iter()
            .any(|v| matches!(v, Variable::Value { lever, .. } if lever == name))
        {
            return Err(usage(format!(
                "--search-year `{name}` needs --search `{name}` too: the value that changes"
            )));
        }
        out.push(Variable::Year {
            lever: name.clone(),
            bounds: Bounds {
                lo: scenario.start_year as f64,
                hi: last as f64,
                integer: true,
            },
        });
    }
    Ok(out)
}

/// The policy a candidate is: each searched lever at its value, from its
/// searched year when there is one.
fn policy(variables: &[Variable], x: &[f64], number: usize) -> Policy {
    let year = |lever: &str| {
        variables.iter().zip(x).find_map(|(v, x)| match v {
            Variable::Year { lever: l, .. } if l == lever => Some(*x as i32),
            _ => None,
        })
    };
    let mut settings = Vec::new();
    let mut described = Vec::new();
    for (v, value) in variables.iter().zip(x) {
        let Variable::Value { lever, .. } = v else {
            continue;
        };
        let short = lever.strip_prefix("levers.").unwrap_or(lever);
        let (value_form, text) = match year(lever) {
            Some(y) => (
                SettingValue::Path(YearlyPath::Steps(vec![(y, *value)])),
                format!("{short}={} from {y}", trim(*value)),
            ),
            None => (
                SettingValue::Fixed(*value),
                format!("{short}={}", trim(*value)),
            ),
        };
        described.push(text);
        settings.push(Setting {
            name: lever.clone(),
            value: value_form,
            origin: Origin::Override(format!("--search {lever}")),
        });
    }
    Policy {
        id: format!("candidate-{number}"),
        name: described.join(", "),
        rationale: "found by the search".into(),
        settings,
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// What the search found: the front's candidates, as policies, and what
/// the report says of the search.
pub struct Searched {
    pub info: forecast_report::decide::SearchInfo,
    pub front: Vec<Policy>,
}

fn load_state(path: &Path) -> Result<Option<State>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map(Some).map_err(|e| {
            Error::usage(
                format!("`{}` is not the state of a search: {e}", path.display()),
                "give --state a new file, or the one a search wrote",
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Write {
            path: path.into(),
            source,
        }),
    }
}

fn save_state(path: &Path, state: &State) -> Result<(), Error> {
    let text = serde_json::to_string(state).map_err(|e| Error::Internal(e.to_string()))?;
    std::fs::write(path, text).map_err(|source| Error::Write {
        path: path.into(),
        source,
    })
}

/// Runs the search and returns what it found.
#[allow(clippy::too_many_arguments)]
pub fn search(
    args: &Search,
    loaded: &Loaded,
    scenario: &Scenario,
    plan: &dyn Fn(Scenario) -> Result<Plan, Error>,
    quantities: &[Quantity],
    names: &[String],
    objectives: &[Objective],
    exec: Exec,
) -> Result<Searched, Error> {
    let variables = variables(args, scenario)?;
    let bounds: Vec<Bounds> = variables.iter().map(Variable::bounds).collect();
    // The first error of an evaluation: the search stops at the end of
    // that generation, before it is saved.
    let error: std::cell::RefCell<Option<Error>> = std::cell::RefCell::new(None);
    let failed = |e: Error| {
        error.borrow_mut().get_or_insert(e);
    };
    // A generation: each candidate a policy, all run on the same samples;
    // each objective the worst model's mean, oriented to be minimised.
    let mut evaluate_all = |xs: &[Vec<f64>]| -> Vec<Vec<f64>> {
        let bad = vec![f64::INFINITY; objectives.len()];
        if error.borrow().is_some() {
            return vec![bad; xs.len()];
        }
        let policies: Vec<Policy> = xs
            .iter()
            .enumerate()
            .map(|(i, x)| policy(&variables, x, i))
            .collect();
        let planned = match plans(scenario, &policies, plan) {
            Ok(p) => p,
            Err(e) => {
                failed(e);
                return vec![bad; xs.len()];
            }
        };
        let evaluated = match evaluate(loaded, &policies, &planned, quantities, names, exec) {
            Ok(e) => e,
            Err(e) => {
                failed(e);
                return vec![bad; xs.len()];
            }
        };
        let e = &evaluated.evaluations;
        (0..policies.len())
            .map(|p| {
                objectives
                    .iter()
                    .enumerate()
                    .map(|(q, o)| {
                        // A model that failed on the candidate fails the
                        // candidate: the worst model is never left out.
                        let means: Option<Vec<f64>> = (0..e.models.len())
                            .map(|m| {
                                e.column(p, m, q)
                                    .map(|v| v.iter().sum::<f64>() / v.len().max(1) as f64)
                            })
                            .collect();
                        let Some(means) = means else {
                            return f64::INFINITY;
                        };
                        let worst = match o.direction {
                            Direction::Max => -means.iter().copied().fold(f64::INFINITY, f64::min),
                            Direction::Min => {
                                means.iter().copied().fold(f64::NEG_INFINITY, f64::max)
                            }
                        };
                        if worst.is_finite() {
                            worst
                        } else {
                            f64::INFINITY
                        }
                    })
                    .collect()
            })
            .collect()
    };
    let settings = Settings {
        // Pairs of parents make pairs of children.
        population: (args.population as usize).max(4) & !1,
        seed: args.seed,
        ..Settings::default()
    };
    let mut state = match args.state.as_deref().map(load_state).transpose()?.flatten() {
        Some(s) if s.bounds == bounds && s.settings == settings => s,
        Some(_) => {
            return Err(Error::usage(
                format!(
                    "`{}` is the state of another search (other levers, ranges, population or seed)",
                    args.state
                        .as_ref()
                        .map_or(String::new(), |p| p.display().to_string())
                ),
                "resume with the same --search, --search-year, --population and --search-seed, or give a new --state file",
            ));
        }
        None => State::start(bounds, settings, None, &mut evaluate_all),
    };
    // Saved after every generation that went through; never one with a
    // failed evaluation (a resumed search would not be the same).
    for step in 0..=args.generations {
        if step > 0 {
            state.step(&mut evaluate_all);
        }
        if let Some(e) = error.borrow_mut().take() {
            return Err(e);
        }
        if let Some(path) = &args.state {
            save_state(path, &state)?;
        }
    }
    let mut front: Vec<Vec<f64>> = state.front().iter().map(|c| c.x.clone()).collect();
    front.sort_by(|a, b| {
        a.iter()
            .zip(b)
            .map(|(x, y)| x.total_cmp(y))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    front.dedup();
    Ok(Searched {
        info: forecast_report::decide::SearchInfo {
            variables: variables.iter().map(Variable::name).collect(),
            generations: state.generation,
            population: state.population.len(),
            evaluations: state.evaluations,
            reference: state.reference.clone(),
            hypervolume: state.hypervolume.clone(),
        },
        front: front
            .iter()
            .enumerate()
            .map(|(i, x)| policy(&variables, x, i + 1))
            .collect(),
    })
}
