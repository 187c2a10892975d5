"""Benchmark: `forecast decide` against EMA Workbench on the same decision,
one model at a time (EMA 2.5's optimisers refuse several models:
"Optimization over multiple models is not yet supported").

The `collapse` model (its Python port, collapse.py, checked against the
Rust model by check_port.py) on scenarios/korea-2006.toml, 1,000
Latin-hypercube samples (the scenario's count), one process, one thread;
objectives denuclearization:max and war:min, constraint war<=0.1 (decide's
defaults). Timed, median of 3 runs:

  1. The five policies of policies/oped-2006.toml on the same 1,000 draws
     (common random numbers). EMA: perform_experiments(scenarios=1000,
     policies=5 Policy objects of a CategoricalParameter lever that selects
     each policy's yearly lever paths), then the robustness metrics that
     decide reports (mean, bad-side 10th percentile, Savage regret against
     the best policy of each sample, satisficing) by hand with numpy, as
     EMA 2.5 has no function for them. forecast: `forecast decide
     SCENARIO --policies policies/oped-2006.toml --model collapse --jobs 1
     --format json`.
  2. The search: NSGA-II over the pledge (whole levels 0-3), the year it
     comes (2007-2026), China's enforcement (0-1) and the joint plan (0-1),
     16 candidates for 10 generations after the first (176 evaluations of
     1,000 samples each, 176,000 model runs), each candidate judged by its
     mean on the two objectives over the same 1,000 scenarios. EMA:
     robust_optimize with platypus's NSGAII (population 16, nfe=176) on a
     fixed set of 1,000 sampled scenarios; forecast: `forecast decide
     SCENARIO --model collapse --jobs 1 --search ... --population 16
     --generations 10`.

The three models in one run are forecast's alone: EMA would need a Python
port of each (there is one only of collapse here), run them one by one,
and compute the worst model, the regret over models and the rank flips by
hand; forecast's times for the three models are printed beside.

Run by hand (not part of the test suite), after `cargo build --release`:

    python3 benches/ema/decide.py [--runs 3]

It shares run.py's virtual environment (created on first use, by
whichever script runs first); the search needs platypus-opt, which
ema_workbench 2.5 installs.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run  # noqa: E402  (enters the venv, made on first use; the scenario, the port, timing)

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import tomllib  # noqa: E402

POLICIES = "policies/oped-2006.toml"
SAMPLES = 1000
TAIL = 0.1
WAR_AT_MOST = 0.1
# (outcome, True to maximise), decide's default objectives.
OBJECTIVES = (("denuclearization", True), ("war", False))
POPULATION, GENERATIONS = 16, 10
SEARCH = ("levers.us_pledge", "levers.china_enforcement", "levers.joint_stabilisation_plan")


def lever_paths(scenario, fixed, policies_file):
    """Each policy's levers as the model reads them: a yearly path over the
    horizon where the policy steps (the scenario's value before its first
    step, as forecast_core::policy applies it), a number where it sets one."""
    with open(policies_file, "rb") as f:
        policies = tomllib.load(f)["policy"]
    start, horizon = scenario["start_year"], scenario["horizon"]
    out = {}
    for p in policies:
        levers = {}
        for short, v in p["levers"].items():
            name = f"levers.{short}"
            if name not in run.DECLARED:
                continue  # not read by collapse (the vetoes)
            if isinstance(v, dict):
                before = fixed[name]
                steps = sorted((int(y), float(x)) for y, x in v.items())
                path = []
                for t in range(horizon):
                    year = start + t
                    value = before[t] if isinstance(before, list) else before
                    for y, x in steps:
                        if y <= year:
                            value = x
                    path.append(value)
                levers[name] = path
            else:
                levers[name] = float(v)
        out[p["id"]] = levers
    return out


def step_path(scenario, fixed, name, value, year):
    """A searched lever: the scenario's value before `year`, `value` from it."""
    start, horizon = scenario["start_year"], scenario["horizon"]
    before = fixed[name]
    return [
        value if start + t >= year else (before[t] if isinstance(before, list) else before)
        for t in range(horizon)
    ]


def hypervolume(points, reference):
    """The area two minimised objectives dominate up to `reference`."""
    inside = sorted(p for p in points if p[0] < reference[0] and p[1] < reference[1])
    area, ceiling = 0.0, reference[1]
    for x, y in inside:
        if y < ceiling:
            area += (reference[0] - x) * (ceiling - y)
            ceiling = y
    return area


def robustness(values):
    """decide's metrics of each policy from values[policy][objective] =
    numpy array over the samples: mean, bad-side percentile, max and mean
    regret per objective, and the satisficing share (war <= 0.1)."""
    import numpy as np

    ids = list(values)
    metrics = {i: {} for i in ids}
    for o, maximise in OBJECTIVES:
        table = np.array([values[i][o] for i in ids])  # policies x samples
        best = table.max(axis=0) if maximise else table.min(axis=0)
        for k, i in enumerate(ids):
            regret = best - table[k] if maximise else table[k] - best
            q = TAIL if maximise else 1.0 - TAIL
            metrics[i][o] = {
                "mean": float(table[k].mean()),
                "tail": float(np.quantile(table[k], q)),  # linear: Hyndman & Fan type 7
                "max_regret": float(regret.max()),
                "mean_regret": float(regret.mean()),
            }
    for i in ids:
        metrics[i]["satisficing"] = float(np.mean(values[i]["war"] <= WAR_AT_MOST))
    return metrics


def ema_policies(scenario, uncertain, fixed, paths, seeds, runs):
    """EMA: the five policies on the same LHS draws, then the metrics."""
    import numpy as np
    from ema_workbench import CategoricalParameter, Policy, Samplers, SequentialEvaluator

    start, horizon = scenario["start_year"], scenario["horizon"]

    def collapse_model(which, **params):
        params.update(paths[which])
        return run.collapse.forecast(params, start, horizon)

    model = run.ema_model(scenario, uncertain, fixed, collapse_model)
    model.levers = [CategoricalParameter("which", list(paths))]
    policies = [Policy(i, which=i) for i in paths]
    with SequentialEvaluator(model) as evaluator:
        np.random.seed(next(seeds))
        evaluator.perform_experiments(scenarios=10, policies=policies)  # warm-up

        def once():
            np.random.seed(next(seeds))
            experiments, outcomes = evaluator.perform_experiments(
                scenarios=SAMPLES, policies=policies, uncertainty_sampling=Samplers.LHS
            )
            which = experiments["which"].to_numpy()
            values = {
                i: {o: outcomes[o][which == i] for o, _ in OBJECTIVES} for i in paths
            }
            return robustness(values)

        return run.median_of(runs, once, "EMA perform_experiments + metrics")


def ema_search(scenario, uncertain, fixed, seed):
    """EMA: robust_optimize with NSGA-II over the four variables."""
    import numpy as np
    import platypus
    from ema_workbench import (
        IntegerParameter,
        RealParameter,
        ScalarOutcome,
        SequentialEvaluator,
    )
    from ema_workbench.em_framework.samplers import sample_uncertainties

    start, horizon = scenario["start_year"], scenario["horizon"]
    last = start + horizon - 1

    def collapse_model(us_pledge, pledge_year, china_enforcement, joint_plan, **params):
        params["levers.us_pledge"] = step_path(
            scenario, fixed, "levers.us_pledge", float(us_pledge), pledge_year
        )
        params["levers.china_enforcement"] = china_enforcement
        params["levers.joint_stabilisation_plan"] = joint_plan
        return run.collapse.forecast(params, start, horizon)

    model = run.ema_model(scenario, uncertain, fixed, collapse_model)
    model.levers = [
        IntegerParameter("us_pledge", 0, 3),
        IntegerParameter("pledge_year", start, last),
        RealParameter("china_enforcement", 0.0, 1.0),
        RealParameter("joint_plan", 0.0, 1.0),
    ]
    np.random.seed(seed)
    scenarios = sample_uncertainties(model, SAMPLES)  # the same for every candidate
    functions = [
        ScalarOutcome(
            f"mean_{o}",
            kind=ScalarOutcome.MAXIMIZE if maximise else ScalarOutcome.MINIMIZE,
            variable_name=o,
            function=np.mean,
        )
        for o, maximise in OBJECTIVES
    ]
    with SequentialEvaluator(model) as evaluator:
        found = evaluator.robust_optimize(
            functions,
            scenarios,
            algorithm=platypus.NSGAII,
            nfe=POPULATION * (GENERATIONS + 1),
            population_size=POPULATION,
            # EMA reads the archive, which NSGA-II has only when given one:
            # the non-dominated candidates of the whole run.
            archive=platypus.Archive(),
        )
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=20061213, help="numpy seed of EMA's sampling")
    args = ap.parse_args()
    os.chdir(run.ROOT)
    import logging

    import ema_workbench

    logging.getLogger("EMA").setLevel(logging.WARNING)
    scenario, uncertain, fixed = run.read_scenario(run.SCENARIO)
    paths = lever_paths(scenario, fixed, POLICIES)
    seeds = iter(range(args.seed, args.seed + args.runs + 2))

    def forecast(*extra, models=("--model", "collapse", "--jobs", "1")):
        cmd = [run.FORECAST, "decide", run.SCENARIO, *models, "--format", "json", *extra]
        return lambda: json.loads(subprocess.run(cmd, capture_output=True, check=True).stdout)

    search_args = [a for lever in SEARCH for a in ("--search", lever)]
    search_args += ["--search-year", "levers.us_pledge", "--population", str(POPULATION)]
    search_args += ["--generations", str(GENERATIONS)]

    # 1. The policies file.
    ema_wall, ema_cpu, ema_metrics = ema_policies(scenario, uncertain, fixed, paths, seeds, args.runs)
    one = forecast("--policies", POLICIES)
    one()  # warm the compile cache
    fc_wall, fc_cpu, report = run.median_of(args.runs, one, "forecast decide, collapse")
    all_wall, all_cpu, _ = run.median_of(
        args.runs, forecast("--policies", POLICIES, models=()), "forecast decide, 3 models"
    )

    # 2. The search.
    search_wall, search_cpu, found = run.median_of(
        args.runs, lambda: ema_search(scenario, uncertain, fixed, args.seed), "EMA robust_optimize"
    )
    fs_wall, fs_cpu, searched = run.median_of(
        args.runs, forecast(*search_args), "forecast decide --search, collapse"
    )
    fs3_wall, fs3_cpu, _ = run.median_of(
        args.runs, forecast(*search_args, models=()), "forecast decide --search, 3 models"
    )

    version = subprocess.run([run.FORECAST, "--version"], capture_output=True, text=True).stdout
    print(f"\nema_workbench {ema_workbench.__version__}, {version.strip()}; median of {args.runs} runs")
    print(f"collapse, {SAMPLES} samples, {len(paths)} policies, one thread\n")
    print("| what | wall s | CPU s | forecast is |")
    print("|---|---:|---:|---:|")
    print(f"| EMA perform_experiments + metrics by hand | {ema_wall:.3f} | {ema_cpu:.3f} | {ema_wall / fc_wall:.0f}x faster |")
    print(f"| forecast decide --policies, collapse, --jobs 1 | {fc_wall:.3f} | {fc_cpu:.3f} | |")
    print(f"| forecast decide --policies, 3 models, both cores | {all_wall:.3f} | {all_cpu:.3f} | |")
    evaluations = searched["search"]["evaluations"]
    print(f"| EMA robust_optimize, NSGAII, {POPULATION * (GENERATIONS + 1)} nfe | {search_wall:.3f} | {search_cpu:.3f} | {search_wall / fs_wall:.0f}x faster |")
    print(f"| forecast decide --search, collapse, --jobs 1 ({evaluations} evaluated) | {fs_wall:.3f} | {fs_cpu:.3f} | |")
    print(f"| forecast decide --search, 3 models, both cores | {fs3_wall:.3f} | {fs3_cpu:.3f} | |")

    print("\nthe same metrics (collapse; EMA's draws against forecast's): mean, 10th/90th percentile, max regret")
    model_index = report["models"].index("collapse")
    for p in report["policies"]:
        line = f"  {p['id']:15}"
        for k, (o, _) in enumerate(OBJECTIVES):
            e, f = ema_metrics[p["id"]][o], p["per_model"][model_index][k]
            line += f"  {o} {e['mean']:.4f}/{f['mean']:.4f} {e['tail']:.4f}/{f['tail']:.4f} {e['max_regret']:.3f}/{f['max_regret']:.3f}"
        s_e, s_f = ema_metrics[p["id"]]["satisficing"], p["satisficing_per_model"][model_index]
        print(f"{line}  satisficing {s_e:.3f}/{s_f:.3f}")
    print(f"\nEMA's front: {len(found[0]) if isinstance(found, tuple) else len(found)} solutions")
    table = found[0] if isinstance(found, tuple) else found
    print(table.sort_values("mean_war").to_string(index=False))
    front = [p for p in searched["policies"] if p["id"].startswith("candidate-")]
    print(f"forecast's front: {len(front)} candidates")
    ours = []
    for p in front:
        means = [p["per_model"][0][k]["mean"] for k in range(len(OBJECTIVES))]
        print(f"  {p['name']}: denuclearization {means[0]:.4f}, war {means[1]:.4f}")
        ours.append((-means[0], means[1]))
    # Both fronts against forecast's reference point (a maximised objective
    # negated); each on its own tool's draws.
    reference = searched["search"]["reference"]
    theirs = list(zip(-table["mean_denuclearization"], table["mean_war"]))
    print(
        f"hypervolume against {reference}: EMA {hypervolume(theirs, reference):.6f}, "
        f"forecast {hypervolume(ours, reference):.6f} "
        f"(forecast's search reports {searched['search']['hypervolume'][-1]:.6f})"
    )


if __name__ == "__main__":
    main()
