"""Benchmark: `forecast sensitivity` against SALib, as EMA Workbench uses it, on the
same work: first-order and total Sobol indices of the `collapse` model's
seven outcomes on scenarios/korea-2006.toml, from a Saltelli design of
1,024 base rows over the scenario's 13 uncertain parameters without second
order (15,360 runs), 500 bootstrap resamples, one process, one thread.

  1. SALib (what EMA Workbench's Sobol analysis runs on): its Saltelli
     sample of the unit cube, mapped through the scenario's distributions,
     the Python port of `collapse` (collapse.py) in a loop, then
     sobol.analyze per outcome. EMA Workbench itself adds its per-run
     overhead to the loop (run.py: 5,560 against 9,850 runs/s) and, in 2.5,
     its SobolSampler draws every parameter uniformly between its bounds,
     which cannot express the scenario's lognormals;
  2. target/release/forecast sensitivity SCENARIO --model collapse
     --samples 1024 --jobs 1 (which also runs the tornado),
     end to end as a process; and the same for the three built-in models
     on every core.

Run by hand (not part of the test suite), after `cargo build --release`:

    python3 benches/ema/sensitivity.py [--runs 3]

It shares run.py's virtual environment (created on first use, by
whichever script runs first).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run  # noqa: E402  (enters the venv, made on first use; the scenario, the port)

import argparse  # noqa: E402
import subprocess  # noqa: E402
import warnings  # noqa: E402

BASE = 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    os.chdir(run.ROOT)
    import numpy as np
    from SALib.analyze import sobol
    from SALib.sample.sobol import sample as saltelli_sample

    scenario, uncertain, fixed = run.read_scenario(run.SCENARIO)

    names = sorted(uncertain)
    dists = [run.scipy_distribution(n, uncertain[n]) for n in names]
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    start, horizon = scenario["start_year"], scenario["horizon"]

    def salib():
        # Unit Saltelli design, mapped through each distribution's inverse
        # CDF (EMA 2.5's SobolSampler samples every parameter uniformly
        # between its bounds, so it cannot draw the scenario's lognormals).
        unit = saltelli_sample(problem, BASE, calc_second_order=False, seed=1)
        unit = np.clip(unit, 1e-12, 1.0 - 1e-12)
        values = np.column_stack([d.ppf(unit[:, j]) for j, d in enumerate(dists)]).tolist()
        ys = {o: [] for o in run.collapse.OUTCOMES}
        for row in values:
            r = run.collapse.forecast(dict(fixed, **dict(zip(names, row))), start, horizon)
            for o in ys:
                ys[o].append(r[o])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # outcomes that never vary
            return len(values), {
                o: sobol.analyze(problem, np.array(y), calc_second_order=False, num_resamples=500, seed=1)
                for o, y in ys.items()
            }

    ema_wall, ema_cpu, (runs, indices) = run.median_of(args.runs, salib, "SALib")
    top = sorted(zip(indices["war"]["ST"], names), reverse=True)[:4]

    one = [run.FORECAST, "sensitivity", run.SCENARIO, "--model", "collapse",
           "--samples", str(BASE), "--jobs", "1"]
    three = [run.FORECAST, "sensitivity", run.SCENARIO, "--samples", str(BASE)]
    subprocess.run(one, stdout=subprocess.DEVNULL, check=True)  # warm the compile cache
    fc_wall, fc_cpu, _ = run.median_of(
        args.runs, lambda: subprocess.run(one, stdout=subprocess.DEVNULL, check=True), "forecast"
    )
    all_wall, all_cpu, _ = run.median_of(
        args.runs, lambda: subprocess.run(three, stdout=subprocess.DEVNULL, check=True),
        "forecast, 3 models",
    )
    print(f"SALib (the Python port, sequential), collapse, {runs} runs, 7 outcomes: {ema_wall:.2f} s wall ({ema_cpu:.2f} s CPU)")
    print(f"forecast sensitivity, collapse, --jobs 1: {fc_wall:.3f} s wall ({fc_cpu:.3f} s CPU): {ema_wall / fc_wall:.0f}x faster")
    print(f"forecast sensitivity, the 3 built-in models, all cores: {all_wall:.3f} s wall ({all_cpu:.3f} s CPU)")
    print("SALib's largest total indices of P(war): " + ", ".join(f"{n} {v:.3f}" for v, n in top))


if __name__ == "__main__":
    main()
