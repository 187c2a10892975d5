//! A decision between policies (`forecast decide`): each policy applied to
//! the scenario and run by every model on the same draws, judged by the
//! robustness metrics of `forecast_decide` per model and across models,
//! with the Pareto fronts; the policies from a file, a grid or a search.

use crate::job::Job;
use crate::models::Loaded;
use crate::parts::{DecidePart, DecideQuestion, Part, ShardTo, Written};
use crate::policies::{Evaluated, Quantity, assemble, evaluate, plans, run_shard};
use crate::search::Search;
use crate::settings::ScenarioSettings;
use crate::{Error, Exec};
use forecast_analysis::sweep::Vary;
use forecast_core::policy::{Policy, PolicySet};
use forecast_decide::metrics::Options;
use forecast_decide::{Constraint, Direction, Objective};
use forecast_report::decide::{Decision, PolicyInfo};
use std::path::{Path, PathBuf};

/// What is decided between, and on what.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// A policies file (policies/oped-2006.toml is the op-ed's).
    pub policies: Option<PathBuf>,
    /// NAME=FROM..TO[:POINTS] or NAME=V1,V2,...: a lever's values to try,
    /// every year; the grid crosses them, and a policies file too when one
    /// is given.
    pub grid: Vec<String>,
    /// NAME:max or NAME:min, NAME an outcome (war) or an indicator at a year
    /// (collapse_by@2016); none: denuclearization:max and war:min, the
    /// op-ed's aim and its risk.
    pub objective: Vec<String>,
    /// NAME<=X or NAME>=X, NAME as for the objectives: what a (model,
    /// sample) must meet to count as satisfactory; none (with the default
    /// objectives): war<=0.1.
    pub constraint: Vec<String>,
    /// The percentile on the bad side: 0.1 is the 10th percentile of a
    /// quantity to maximise and the 90th of one to minimise.
    pub tail: f64,
    pub search: Search,
}

impl Default for Question {
    /// Nothing asked yet; the default objectives, constraint and tail.
    fn default() -> Self {
        Question {
            policies: None,
            grid: Vec::new(),
            objective: Vec::new(),
            constraint: Vec::new(),
            tail: 0.1,
            search: Search::default(),
        }
    }
}

impl Question {
    /// Whether anything is asked (a policies file, a grid or a search).
    pub fn asked(&self) -> bool {
        self.policies.is_some() || !self.grid.is_empty() || self.search.asked()
    }
}

/// The defaults for the op-ed's question: more denuclearisation, less war,
/// and a war risk no higher than 10% as the bar for a satisfactory future.
const OBJECTIVES: [&str; 2] = ["denuclearization:max", "war:min"];
const CONSTRAINTS: [&str; 1] = ["war<=0.1"];

fn usage(message: String, hint: &str) -> Error {
    Error::usage(message, hint)
}

fn parse_objective(s: &str) -> Result<(Quantity, Objective), Error> {
    let hint = "e.g. --objective denuclearization:max --objective war:min";
    let (name, direction) = s
        .rsplit_once(':')
        .ok_or_else(|| usage(format!("`{s}` is not NAME:max or NAME:min"), hint))?;
    let direction = match direction {
        "max" => Direction::Max,
        "min" => Direction::Min,
        d => {
            return Err(usage(
                format!("`{d}` in `{s}` is neither max nor min"),
                hint,
            ));
        }
    };
    let quantity = Quantity::parse(name).map_err(|m| usage(m, hint))?;
    Ok((
        quantity,
        Objective {
            name: name.into(),
            direction,
        },
    ))
}

fn parse_constraint(s: &str) -> Result<(Quantity, String, bool, f64), Error> {
    let hint = "e.g. --constraint 'war<=0.1'";
    let (name, at_most, bound) = match (s.split_once("<="), s.split_once(">=")) {
        (Some((n, b)), None) => (n, true, b),
        (None, Some((n, b))) => (n, false, b),
        _ => return Err(usage(format!("`{s}` is not NAME<=X or NAME>=X"), hint)),
    };
    let bound: f64 = bound
        .trim()
        .parse()
        .ok()
        .filter(|b: &f64| b.is_finite())
        .ok_or_else(|| usage(format!("`{bound}` in `{s}` is not a number"), hint))?;
    let name = name.trim();
    Ok((
        Quantity::parse(name).map_err(|m| usage(m, hint))?,
        name.into(),
        at_most,
        bound,
    ))
}

/// The policies of a --grid: every combination of the levers' values.
fn grid_policies(specs: &[String]) -> Result<Vec<Policy>, Error> {
    if specs.is_empty() {
        return Ok(Vec::new());
    }
    let hint = "e.g. --grid levers.us_pledge=0..3 --grid levers.joint_stabilisation_plan=0,1";
    let mut axes: Vec<(String, Vec<f64>)> = Vec::new();
    for spec in specs {
        let (name, values) = spec
            .split_once('=')
            .ok_or_else(|| usage(format!("`{spec}` is not NAME=VALUES"), hint))?;
        let values: Vec<f64> = if values.contains("..") {
            let vary: Vary = spec.parse().map_err(|m: String| usage(m, hint))?;
            vary.values
        } else {
            values
                .split(',')
                .map(|v| {
                    v.trim()
                        .parse::<f64>()
                        .map_err(|_| usage(format!("`{v}` in `{spec}` is not a number"), hint))
                })
                .collect::<Result<_, _>>()?
        };
        if !name.starts_with("levers.") {
            return Err(usage(
                format!("`{name}` is not a lever: a grid varies levers (levers.NAME)"),
                hint,
            ));
        }
        axes.push((name.into(), values));
    }
    let mut points: Vec<Vec<(String, f64)>> = vec![Vec::new()];
    for (name, values) in &axes {
        points = points
            .into_iter()
            .flat_map(|p| {
                values.iter().map(move |v| {
                    let mut q = p.clone();
                    q.push((name.clone(), *v));
                    q
                })
            })
            .collect();
    }
    Ok(points
        .iter()
        .map(|p| Policy::of_values(p, "--grid"))
        .collect())
}

/// A decision planned: what is asked, of which policies, and their plans.
struct Prepared {
    question: DecideQuestion,
    policies: Vec<Policy>,
    quantities: Vec<Quantity>,
    scenario: forecast_core::Scenario,
    plans: Vec<forecast_core::Plan>,
    search: Option<forecast_report::decide::SearchInfo>,
}

/// Reads `question`'s policies, objectives and constraints, runs the search
/// if one is asked, and plans every policy on the scenario at `path`.
fn prepare(
    loaded: &Loaded,
    path: &Path,
    scenario_args: &ScenarioSettings,
    question: &Question,
    exec: Exec,
) -> Result<Prepared, Error> {
    if !(0.0..0.5).contains(&question.tail) {
        return Err(usage(
            format!("--tail {} is not a share below one half", question.tail),
            "e.g. --tail 0.1 for the 10th percentile of a quantity to maximise",
        ));
    }
    let file = question
        .policies
        .as_ref()
        .map(|p| PolicySet::load(p))
        .transpose()?;
    let grid = grid_policies(&question.grid)?;
    let mut policies: Vec<Policy> = match (&file, grid.is_empty()) {
        (None, true) if !question.search.asked() => {
            return Err(usage(
                "no policies to decide between".into(),
                "give --policies FILE (policies/oped-2006.toml), --grid NAME=VALUES, --search LEVER, or some of them",
            ));
        }
        (None, true) => Vec::new(),
        (None, false) => grid,
        (Some(f), true) => f.policies.clone(),
        (Some(f), false) => f
            .policies
            .iter()
            .flat_map(|p| grid.iter().map(move |g| p.and(g)))
            .collect(),
    };
    let objective_args: Vec<String> = if question.objective.is_empty() {
        OBJECTIVES.iter().map(|s| s.to_string()).collect()
    } else {
        question.objective.clone()
    };
    let constraint_args: Vec<String> =
        if question.constraint.is_empty() && question.objective.is_empty() {
            CONSTRAINTS.iter().map(|s| s.to_string()).collect()
        } else {
            question.constraint.clone()
        };
    let mut quantities = Vec::new();
    let mut names = Vec::new();
    let mut objectives = Vec::new();
    for s in &objective_args {
        let (q, o) = parse_objective(s)?;
        quantities.push(q);
        names.push(o.name.clone());
        objectives.push(o);
    }
    let mut constraints = Vec::new();
    for s in &constraint_args {
        let (q, name, at_most, bound) = parse_constraint(s)?;
        let index = match quantities.iter().position(|x| *x == q) {
            Some(i) => i,
            None => {
                quantities.push(q);
                names.push(name.clone());
                quantities.len() - 1
            }
        };
        constraints.push(Constraint {
            name: s.clone(),
            quantity: index,
            at_most,
            bound,
        });
    }
    let scenario = scenario_args.load(path)?;
    let plan = |s| scenario_args.plan_scenario(s, &loaded.planning);
    // The search's front joins the policies listed, and all are compared.
    let search = if question.search.asked() {
        let found = crate::search::search(
            &question.search,
            loaded,
            &scenario,
            &plan,
            &quantities,
            &names,
            &objectives,
            exec,
        )?;
        policies.extend(found.front);
        Some(found.info)
    } else {
        None
    };
    let plans = plans(&scenario, &policies, &plan)?;
    let samples = plans.first().map_or(0, |p| p.samples as u64);
    crate::design::check_memory(
        samples * policies.len() as u64,
        loaded.plugins.len(),
        (quantities.len() as u64) * 8 * loaded.plugins.len() as u64,
        "decide",
    )?;
    let question = DecideQuestion {
        policies: policies
            .iter()
            .map(|p| PolicyInfo {
                id: p.id.clone(),
                name: p.name.clone(),
                rationale: p.rationale.clone(),
                levers: p.settings.iter().map(|s| s.name.clone()).collect(),
            })
            .collect(),
        names,
        objectives,
        constraints,
        tail: question.tail,
        reads: loaded
            .plugins
            .iter()
            .map(|p| {
                p.spec
                    .parameters
                    .iter()
                    .filter(|d| d.name.starts_with("levers."))
                    .map(|d| d.name.clone())
                    .collect()
            })
            .collect(),
    };
    Ok(Prepared {
        question,
        policies,
        quantities,
        scenario,
        plans,
        search,
    })
}

/// The decision from the evaluations of a question's policies.
fn finish(
    question: DecideQuestion,
    scenario: &forecast_core::Scenario,
    plan: Option<&forecast_core::Plan>,
    evaluated: Evaluated,
    mut failures: Vec<forecast_report::Failure>,
    search: Option<forecast_report::decide::SearchInfo>,
) -> Decision {
    let metrics = forecast_decide::metrics::metrics(
        &evaluated.evaluations,
        &question.objectives,
        &question.constraints,
        Options {
            tail: question.tail,
        },
    );
    failures.extend(evaluated.failures);
    Decision {
        scenario: scenario.id.clone(),
        title: scenario.title.clone(),
        last_year: scenario.start_year + scenario.horizon as i32 - 1,
        samples: evaluated.evaluations.samples,
        seed: plan.map_or(scenario.seed, |p| p.seed),
        tail: question.tail,
        policies: question.policies,
        models: evaluated.evaluations.models.clone(),
        reads: question.reads,
        objectives: question.objectives,
        constraints: question.constraints,
        metrics,
        abstentions: evaluated.abstentions,
        failures,
        search,
    }
}

/// Evaluates `question`'s policies on the scenario at `path` with every
/// loaded model.
pub fn decide(job: &Job, question: &Question) -> Result<Decision, Error> {
    let (loaded, path, scenario_args, exec) = job.split();
    let p = prepare(loaded, path, scenario_args, question, exec)?;
    let evaluated = evaluate(
        loaded,
        &p.policies,
        &p.plans,
        &p.quantities,
        &p.question.names,
        exec,
    )?;
    Ok(finish(
        p.question,
        &p.scenario,
        p.plans.first(),
        evaluated,
        loaded.failures.clone(),
        p.search,
    ))
}

/// Runs the shard's blocks of every policy and writes them as a part
/// into `dir`.
pub fn write_part(job: &Job, question: &Question, to: ShardTo) -> Result<Written, Error> {
    let (loaded, path, settings, exec) = job.split();
    let ShardTo { shard, dir } = to;
    if question.search.asked() {
        return Err(usage(
            "a search cannot be sharded: each generation is bred from the one before".into(),
            "run the search unsharded (--state FILE saves it as it goes), or shard the decision between listed policies",
        ));
    }
    let p = prepare(loaded, path, settings, question, exec)?;
    let rows = run_shard(loaded, &p.policies, &p.plans, &p.quantities, exec, shard)?;
    let Some(first) = p.plans.first() else {
        return Err(usage(
            "no policies to decide between".into(),
            "give --policies FILE or --grid",
        ));
    };
    let mut key = crate::execute::run_key(&loaded.host, &loaded.plugins, path, settings, first)?;
    key.scenario_id = p.scenario.id.clone();
    let samples = first.samples;
    let part = Part {
        decide: Some(DecidePart {
            question: p.question,
            rows,
        }),
        ..Part::of_analysis(key, path.to_path_buf(), shard, loaded)
    };
    Ok(Written {
        path: part.write(dir)?,
        summary: format!(
            "shard {} of {}, {} of {} samples of {} policies, {} models",
            shard.index,
            shard.count,
            shard.samples(samples),
            samples,
            p.policies.len(),
            loaded.plugins.len()
        ),
    })
}

/// The decision of the parts of a sharded one: what the whole run gives,
/// with the same bits.
pub fn merge(parts: Vec<(PathBuf, Part)>) -> Result<Decision, Error> {
    crate::parts::one_run(&parts, |part, first| {
        match (&part.decide, &first.decide) {
        (Some(a), Some(b)) if a.question != b.question => {
            Some("the question differs (another policies file, --grid, --objective, --constraint or --tail)".into())
        }
        (Some(_), Some(_)) => part.key.difference(&first.key),
        _ => Some("a decision and another run".into()),
    }
    })?;
    let mut parts: Vec<Part> = parts.into_iter().map(|(_, p)| p).collect();
    crate::parts::complete(&mut parts)?;
    let scenario = crate::parts::rebuild_scenario(&parts[0])?;
    let samples = parts[0].key.samples;
    let seed = parts[0].key.seed;
    let models: Vec<String> = parts[0].models.iter().map(|m| m.id.clone()).collect();
    let failures = parts[0].load_failures.clone();
    let scenario_id = parts[0].key.scenario_id.clone();
    let mut shards = Vec::with_capacity(parts.len());
    let mut question = None;
    for p in parts {
        let d = p.decide.expect("checked: every part is a decision's");
        question.get_or_insert(d.question);
        shards.push(d.rows);
    }
    let question = question.expect("at least one part");
    let ids: Vec<String> = question.policies.iter().map(|p| p.id.clone()).collect();
    let evaluated =
        assemble(shards, &ids, &models, samples, &question.names).map_err(|message| {
            crate::PartsError::Incomplete {
                scenario: scenario_id,
                message,
            }
        })?;
    let mut decision = finish(question, &scenario, None, evaluated, failures, None);
    decision.seed = seed;
    Ok(decision)
}
