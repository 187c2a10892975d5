"""Loads a `forecast --save runs.tar.gz` archive with EMA Workbench and
prints, as JSON, what the test checks: the experiments' columns, dtypes and
values, each outcome's values, and what EMA's analyses make of them."""
import json
import sys

import numpy as np
from ema_workbench import load_results
from ema_workbench.analysis import cart, feature_scoring

experiments, outcomes = load_results(sys.argv[1])
parameters = [c for c in experiments.columns if c not in ("scenario", "policy", "model")]

# Feature scoring (extra trees) of the drawn parameters on the probability
# of war, and CART on the experiments where war is above its median.
x = experiments[parameters]
war = outcomes["war"]
scores = feature_scoring.get_feature_scores_all(x, {"war": war})
tree = cart.CART(x, war > np.median(war), mass_min=0.05)
tree.build_tree()
boxes = tree.boxes

print(json.dumps({
    "columns": list(experiments.columns),
    "dtypes": {c: str(t) for c, t in experiments.dtypes.items()},
    "rows": len(experiments),
    "models": sorted(experiments["model"].cat.categories.tolist()),
    "policy": sorted(experiments["policy"].cat.categories.tolist()),
    "scenario": experiments["scenario"].tolist(),
    "model": experiments["model"].astype(str).tolist(),
    "parameters": {p: experiments[p].tolist() for p in parameters},
    "outcomes": {k: np.asarray(v).tolist() for k, v in outcomes.items()},
    "shapes": {k: list(np.asarray(v).shape) for k, v in outcomes.items()},
    "feature_scores": len(scores.index),
    "cart_boxes": len(boxes),
}, allow_nan=True).replace("NaN", "null"))
