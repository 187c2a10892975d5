"""Benchmark: `forecast run collapse` against EMA Workbench on the same work.

The `collapse` model (its Python port, collapse.py, checked against the Rust
model by check_port.py) on the baseline scenario scenarios/korea-2006.toml:
10,000 Latin-hypercube samples of the scenario's uncertain parameters, with
the same distributions, one process, one thread. Timed, median of 3 runs:

  1. EMA Workbench: perform_experiments with the SequentialEvaluator, the
     Python function as the model, the seven outcome probabilities as
     ScalarOutcomes (sampling, the experiment loop and result storage);
  2. the bare Python function in a loop over the same 10,000 samples;
  3. target/release/forecast run collapse SCENARIO --samples 10000 --jobs 1,
     end to end as a process (table and --json output; and --samples 1, which
     shows its start-up cost).

Run by hand from anywhere (not part of the test suite):

    python3 benches/ema/run.py [--samples 10000] [--runs 3]

The first run creates benches/ema/.venv and installs ema_workbench 2.5.x
from PyPI into it, then runs itself with the venv's Python.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VENV = os.path.join(HERE, ".venv")
VENV_PYTHON = os.path.join(VENV, "bin", "python")
EMA_REQUIREMENT = "ema_workbench==2.5.*"

# One thread everywhere (numpy's BLAS is not on the path here, but say so).
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"


def ensure_venv():
    """Re-executes the running script with the venv's Python, creating
    the venv first; decide.py and sensitivity.py enter it by importing this
    module."""
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    import subprocess

    if not os.path.exists(VENV_PYTHON):
        print(f"creating {VENV} and installing {EMA_REQUIREMENT} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run(
            [VENV_PYTHON, "-m", "pip", "install", "--quiet", EMA_REQUIREMENT], check=True
        )
    # The script that was run: this one, or one that imports it.
    os.execv(VENV_PYTHON, [VENV_PYTHON, os.path.abspath(sys.argv[0]), *sys.argv[1:]])


ensure_venv()

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import tomllib  # noqa: E402

sys.path.insert(0, HERE)
import collapse  # noqa: E402

FORECAST = os.path.join(ROOT, "target", "release", "forecast")
SCENARIO = "scenarios/korea-2006.toml"
# z of the standard normal's 95th percentile (crates/core/src/dist.rs Z90).
Z90 = 1.6448536269514722
DECLARED = {name: (lo, hi) for name, _, lo, hi in collapse.PARAMS}


def read_scenario(path):
    """The scenario's uncertain parameters (name -> distribution table) and
    fixed values (name -> number or path), as full names."""
    with open(path, "rb") as f:
        s = tomllib.load(f)
    uncertain, fixed = {}, {}
    settings = [
        (f"{group}.{k}", v) for group, t in s.get("parameters", {}).items() for k, v in t.items()
    ]
    settings += [(f"levers.{k}", v) for k, v in s.get("levers", {}).items()]
    for name, v in settings:
        if isinstance(v, dict) and "dist" in v:
            uncertain[name] = v
        elif isinstance(v, (int, float)):
            fixed[name] = float(v)
        elif isinstance(v, list) and len(v) == s["horizon"]:
            fixed[name] = [float(x) for x in v]
        else:
            sys.exit(f"{name}: this benchmark reads numbers, full paths and distributions only")
    return s, uncertain, fixed


def scipy_distribution(name, spec):
    """The scenario's distribution as a frozen scipy.stats distribution, the
    way forecast's host draws it (crates/core/src/dist.rs): uniform on
    [low, high]; triangular; lognormal with low and high as its 5th and 95th
    percentiles; truncated to the model's declared range where it has mass
    outside it (the host truncates to the range every reading model accepts)."""
    import numpy as np
    from scipy import stats

    kind = spec["dist"]
    if kind == "uniform":
        d = stats.uniform(loc=spec["low"], scale=spec["high"] - spec["low"])
    elif kind == "triangular":
        lo, mode, hi = spec["low"], spec["mode"], spec["high"]
        d = stats.triang((mode - lo) / (hi - lo), loc=lo, scale=hi - lo)
    elif kind == "lognormal":
        ll, lh = math.log(spec["low"]), math.log(spec["high"])
        d = stats.lognorm(s=(lh - ll) / (2.0 * Z90), scale=math.exp((ll + lh) / 2.0))
    else:
        sys.exit(f"{name}: distribution `{kind}` is not handled by this benchmark")
    if name not in DECLARED:
        return d  # not read by collapse
    low, high = DECLARED[name]
    f_lo, f_hi = float(d.cdf(low)), float(d.cdf(high))
    if f_lo == 0.0 and f_hi == 1.0:
        return d
    base = d

    class Truncated(stats.rv_continuous):
        """`base` truncated to [low, high], by inverse CDF as the host does."""

        def _ppf(self, u):
            return np.clip(base.ppf(f_lo + u * (f_hi - f_lo)), low, high)

        def _cdf(self, x):
            return (base.cdf(x) - f_lo) / (f_hi - f_lo)

    return Truncated(a=low, b=high, name=f"truncated {kind}")()


def identifier(name):
    """EMA wants parameter names that are Python identifiers."""
    return name.replace(".", "__")


def ema_model(scenario, uncertain, fixed, function=None):
    """The collapse port as an EMA Model: the scenario's uncertainties and
    constants, the seven outcomes; `function` (keyword parameters to the
    port's result) in place of the plain port when given."""
    from ema_workbench import Constant, Model, RealParameter, ScalarOutcome

    start, horizon = scenario["start_year"], scenario["horizon"]

    def collapse_model(**params):
        return collapse.forecast(params, start, horizon)

    model = Model("collapse", function=function or collapse_model)
    # The function receives the full names (variable_name) as keywords.
    model.uncertainties = [
        RealParameter.from_dist(identifier(n), scipy_distribution(n, spec), variable_name=n)
        for n, spec in uncertain.items()
    ]
    # Constants reach the function under their name (EMA 2.5 has no
    # variable_name for them); dotted names work, with a deprecation note.
    model.constants = [Constant(n, v) for n, v in fixed.items()]
    model.outcomes = [
        ScalarOutcome(o.replace("-", "_"), variable_name=o) for o in collapse.OUTCOMES
    ]
    return model


def timed(fn):
    """(wall seconds, CPU seconds of this process and its children, result)."""
    r0, c0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    result = fn()
    wall = time.perf_counter() - t0
    r1, c1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(
        getattr(b, f) - getattr(a, f)
        for a, b in ((r0, r1), (c0, c1))
        for f in ("ru_utime", "ru_stime")
    )
    return wall, cpu, result


def median_of(runs, fn, label):
    walls, cpus, result = [], [], None
    for i in range(runs):
        wall, cpu, result = timed(fn)
        walls.append(wall)
        cpus.append(cpu)
        print(f"  {label} run {i + 1}: {wall:.3f} s wall, {cpu:.3f} s CPU", file=sys.stderr)
    return statistics.median(walls), statistics.median(cpus), result


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=20061213, help="numpy seed of EMA's sampling")
    args = ap.parse_args()
    os.chdir(ROOT)
    if not os.path.exists(FORECAST):
        sys.exit(f"{FORECAST} is missing: cargo build --release")

    import numpy as np

    t0 = time.perf_counter()
    import ema_workbench
    from ema_workbench import Samplers, SequentialEvaluator

    import_seconds = time.perf_counter() - t0

    scenario, uncertain, fixed = read_scenario(SCENARIO)
    n = args.samples
    model = ema_model(scenario, uncertain, fixed)
    start, horizon = scenario["start_year"], scenario["horizon"]
    print(
        f"{SCENARIO}: {len(uncertain)} uncertain parameters "
        f"({sum(u in DECLARED for u in uncertain)} read by collapse), "
        f"{len(fixed)} fixed; {n} samples; horizon {horizon}",
        file=sys.stderr,
    )

    # 1. EMA Workbench, sequential. A small warm-up run first (lazy imports).
    with SequentialEvaluator(model) as evaluator:
        np.random.seed(args.seed)
        evaluator.perform_experiments(scenarios=100, uncertainty_sampling=Samplers.LHS)
        seeds = iter(range(args.seed, args.seed + args.runs))

        def ema():
            np.random.seed(next(seeds))
            return evaluator.perform_experiments(scenarios=n, uncertainty_sampling=Samplers.LHS)

        ema_wall, ema_cpu, (experiments, ema_outcomes) = median_of(args.runs, ema, "EMA")
    assert len(experiments) == n

    # 2. The bare function over the same samples (EMA's last design), as
    #    plain dicts of Python floats prepared before the clock starts.
    columns = {u: experiments[identifier(u)].to_numpy().tolist() for u in uncertain}
    samples = [dict(fixed, **{u: columns[u][i] for u in uncertain}) for i in range(n)]

    #    Like EMA, it keeps the seven probabilities of each sample.
    outcomes = collapse.OUTCOMES

    def bare():
        kept = []
        for p in samples:
            r = collapse.forecast(p, start, horizon)
            kept.append([r[o] for o in outcomes])
        return kept

    py_wall, py_cpu, py_results = median_of(args.runs, bare, "bare Python")
    for k, o in enumerate(outcomes):  # the same numbers as EMA's
        col = ema_outcomes[o.replace("-", "_")]
        assert all(r[k] == v for r, v in zip(py_results, col, strict=True)), o

    # 3. forecast run, end to end; a warm-up first (compile cache).
    def forecast_cmd(samples, json_output):
        cmd = [FORECAST, "run", "collapse", SCENARIO, "--samples", str(samples), "--jobs", "1"]
        return cmd + (["--json"] if json_output else [])

    def run_forecast(samples, json_output):
        cmd = forecast_cmd(samples, json_output)
        return lambda: subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)

    subprocess.run(forecast_cmd(n, True), stdout=subprocess.DEVNULL, check=True)
    fc = {}
    for samples in (n, 1):
        for json_output in (False, True):
            label = f"forecast --samples {samples}{' --json' if json_output else ''}"
            fc[samples, json_output] = median_of(
                args.runs, run_forecast(samples, json_output), label
            )[:2]
    report = json.loads(
        subprocess.run(forecast_cmd(n, True), capture_output=True, check=True).stdout
    )
    fc_means = {o["outcome"]: o["mean"] for o in report["scenarios"][0]["models"][0]["outcomes"]}

    # The report.
    version = subprocess.run([FORECAST, "--version"], capture_output=True, text=True).stdout.strip()
    fc_wall, fc_cpu = min((fc[n, False], fc[n, True]), key=lambda x: x[0])
    fc_format = "table" if fc[n, False][0] <= fc[n, True][0] else "--json"
    rate = lambda seconds: n / seconds  # noqa: E731
    print()
    print(
        f"Python {platform.python_version()}, ema_workbench {ema_workbench.__version__}, "
        f"numpy {np.__version__}, {version}; {platform.machine()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(f"median of {args.runs} runs, {n} samples, one process, one thread\n")
    rows = [
        ("EMA Workbench, SequentialEvaluator", ema_wall, ema_cpu, rate(ema_wall)),
        ("bare Python function in a loop", py_wall, py_cpu, rate(py_wall)),
    ]
    for (samples, json_output), (wall, cpu) in fc.items():
        flag = " --json" if json_output else ""
        cmd = f"`forecast run collapse --samples {samples} --jobs 1{flag}`"
        rows.append((cmd, wall, cpu, rate(wall) if samples == n else None))
    print("| what | wall s | CPU s | samples/s |")
    print("|---|---:|---:|---:|")
    for what, wall, cpu, per_s in rows:
        per_s = "-" if per_s is None else f"{per_s:,.0f}"
        print(f"| {what} | {wall:.3f} | {cpu:.3f} | {per_s} |")
    print(f"| ema_workbench import (once per process) | {import_seconds:.3f} | | |")
    print()
    for what, wall, cpu in (("EMA", ema_wall, ema_cpu), ("bare Python", py_wall, py_cpu)):
        print(
            f"forecast ({fc_format}) vs {what}: {wall / fc_wall:.1f}x faster (wall), "
            f"{cpu / fc_cpu:.1f}x (CPU)"
        )
    print(
        f"bare Python vs EMA: EMA adds {(ema_wall - py_wall) / n * 1e6:.0f} us per sample "
        f"({ema_wall / py_wall:.2f}x)"
    )
    print("\nmean P(outcome by the horizon), EMA's draws vs forecast's (same distributions):")
    for o in collapse.OUTCOMES:
        ema_mean = float(np.mean(ema_outcomes[o.replace("-", "_")]))
        print(f"  {o:20} EMA {ema_mean:.4f}  forecast {fc_means[o]:.4f}")


if __name__ == "__main__":
    main()
