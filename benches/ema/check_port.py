"""Checks the Python port (collapse.py) against the Rust model.

Draws random parameter points over every declared range (with some levers
given as yearly paths, boundary values, fractional rungs and pledges, and
several horizons), runs each through the Rust crate's example program
`crates/collapse/examples/eval.rs` and through `collapse.forecast`, and
reports the largest difference: absolute for the seven outcome
probabilities, relative for the yearly indicators (some are in persons or
troops). Fails unless every outcome agrees to 1e-12.

    cargo build --release -p forecast-collapse --example eval
    python3 benches/ema/check_port.py [--points 500] [--seed 1] [--eval PATH]

crates/collapse/tests/python_port.rs runs it with every `cargo test`, so
that a change to the model the port does not follow fails there.
"""

import argparse
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import collapse  # noqa: E402

EVAL = os.path.join(ROOT, "target", "release", "examples", "eval")
TOLERANCE = 1e-12


def random_point(rng):
    horizon = rng.choice([1, 2, 5, 10, 20, 20, 20, 30])
    params = {}
    for name, _default, lo, hi in collapse.PARAMS:
        r = rng.random()
        if r < 0.15:
            continue  # the default
        if r < 0.2:
            v = rng.choice([lo, hi])
        elif name in ("levers.sanctions_rung", "levers.us_pledge") and r < 0.5:
            v = float(rng.randint(int(lo), int(hi)))
        else:
            v = rng.uniform(lo, hi)
        if name.startswith("levers.") and rng.random() < 0.3:
            v = [rng.uniform(lo, hi) for _ in range(horizon)]
        params[name] = v
    return {"start_year": 2007, "horizon": horizon, "params": params}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--eval", default=EVAL, help="the Rust reference program (examples/eval)")
    args = ap.parse_args()
    if not os.path.exists(args.eval):
        sys.exit(f"{args.eval} is missing: cargo build --release -p forecast-collapse --example eval")
    rng = random.Random(args.seed)
    points = [{"start_year": 2007, "horizon": 20, "params": {}}]  # the defaults
    points += [random_point(rng) for _ in range(args.points - 1)]
    lines = "".join(json.dumps(p) + "\n" for p in points)
    out = subprocess.run([args.eval], input=lines, capture_output=True, text=True, check=True)
    replies = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(replies) == len(points)

    max_outcome = max_indicator = 0.0
    worst = None
    bitwise = 0
    for point, rust in zip(points, replies, strict=True):
        if "error" in rust:
            sys.exit(f"the Rust model refused {point}: {rust['error']}")
        py = collapse.forecast(point["params"], point["start_year"], point["horizon"])
        same = True
        for o in collapse.OUTCOMES:
            d = abs(py[o] - rust["outcomes"][o])
            same &= py[o] == rust["outcomes"][o]
            if d > max_outcome:
                max_outcome, worst = d, (o, point)
        for name, values in rust["indicators"].items():
            mine = py["indicators"][name]
            assert len(mine) == len(values), name
            for a, b in zip(mine, values, strict=True):
                same &= a == b
                d = abs(a - b) / max(1.0, abs(b))
                max_indicator = max(max_indicator, d)
        bitwise += same

    # Inputs the Rust model refuses are refused by the port too.
    for bad in ({"levers.us_pledge": 4.0}, {"levers.china_aid": [1.0] * 3}):
        try:
            collapse.forecast(bad, 2007, 20)
            sys.exit(f"the port accepted {bad}")
        except ValueError:
            pass

    print(f"{len(points)} points (horizons 1-30, paths for some levers)")
    print(f"identical to the last bit (outcomes and indicators): {bitwise} of {len(points)}")
    print(f"max abs difference, outcome probabilities: {max_outcome:.3g}")
    print(f"max relative difference, indicators: {max_indicator:.3g}")
    if max_outcome > TOLERANCE:
        print(f"FAIL: {worst}")
        sys.exit(1)
    print(f"OK: within {TOLERANCE:g}")


if __name__ == "__main__":
    main()
