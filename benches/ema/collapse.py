"""The `collapse` model in plain Python: a port of crates/collapse for the
EMA Workbench benchmark (benches/ema/run.py).

The same mathematics, parameter names, defaults and ranges as the Rust crate
(crates/collapse/src: params.rs, hazard.rs, branch.rs, trajectory.rs; the
shared priors of crates/vocab), transliterated expression by expression in
the Rust operand order, so the results agree to the last bit except where
`math.exp` (the platform's libm) and Rust's `libm` crate round an exp
differently (check_port.py measures the difference). Pure Python and `math`.

    forecast(params, start_year, horizon) -> dict

`params` maps parameter names to a number or to a list of one number per
year (a path, e.g. a lever that changes in 2010); names left out take their
defaults, names the model does not read are ignored (as the host passes a
model only what it declares). The result holds the seven outcome
probabilities under their ids and, under "indicators", the yearly series the
Rust model returns.
"""

import math

# (name, default, min, max), in the declaration order of params.rs; shared
# parameters (dprk.*, china.*, us.*, sanctions.*, levers.*) as the table of
# shared priors declares them (crates/vocab/src/priors.rs).
PARAMS = (
    ("dprk.base_hazard", 0.01, 0.0, 0.5),
    ("dprk.leader_mortality", 0.08, 0.0, 0.5),
    ("dprk.succession_failure", 0.13, 0.0, 1.0),
    ("dprk.population", 24e6, 10e6, 40e6),
    ("china.buffer_value", 0.8, 0.0, 2.0),
    ("china.refugee_cost", 0.15, 0.0, 2.0),
    ("us.deployment_north", 0.7, 0.0, 1.0),
    ("collapse.troops_per_1000", 15.0, 0.0, 50.0),
    ("collapse.refugee_share", 0.01, 0.0, 0.5),
    ("sanctions.leakage", 0.3, 0.0, 1.0),
    ("sanctions.concession_base", 0.02, 0.0, 0.5),
    ("dprk.freeze_breakdown", 0.23, 0.0, 1.0),
    ("levers.sanctions_rung", 1.0, 0.0, 5.0),
    ("levers.china_enforcement", 0.3, 0.0, 1.0),
    ("levers.china_aid", 1.0, 0.0, 2.0),
    ("levers.us_pledge", 0.0, 0.0, 3.0),
    ("levers.joint_stabilisation_plan", 0.0, 0.0, 1.0),
    ("levers.inducements", 0.2, 0.0, 1.0),
    ("collapse.gamma", 0.47, 0.0, 3.0),
    ("collapse.alpha", 1.0, 0.0, 5.0),
    ("collapse.other_enforcement", 0.15, 0.0, 1.0),
    ("collapse.theta0", -1.0, -10.0, 10.0),
    ("collapse.theta1", 3.0, 0.0, 10.0),
    ("collapse.theta2", 1.0, 0.0, 10.0),
    ("collapse.theta3", 1.5, 0.0, 10.0),
    ("collapse.rok_entry", 0.5, 0.0, 1.0),
    ("collapse.clash", 0.3, 0.0, 1.0),
    ("collapse.deconfliction", 0.5, 0.0, 1.0),
    ("collapse.unification", 0.85, 0.0, 1.0),
    ("collapse.plan_dependence", 0.5, 0.0, 1.0),
    ("collapse.concession_pressure", 0.69, 0.0, 5.0),
    ("collapse.concession_inducements", 0.41, 0.0, 5.0),
    ("collapse.denuclearization_share", 0.3, 0.0, 1.0),
)

DEFAULTS = {name: default for name, default, _, _ in PARAMS}

# The shared outcomes, in the vocabulary's order.
OUTCOMES = (
    "war",
    "neutral-unification",
    "aligned-unification",
    "successor-state",
    "nuclear-status-quo",
    "freeze",
    "denuclearization",
)

# ---- crates/vocab: pledge credibility and rung bite ------------------------

PLEDGE_CREDIBILITY = (0.0, 0.3, 0.55, 0.8)
RUNG_BITE = (0.0, 0.1, 0.25, 0.45, 0.75, 1.0)


def _clamp_or_zero(x, lo, hi):
    if x != x:  # NaN
        return 0.0
    return lo if x < lo else (hi if x > hi else x)


def pledge_credibility(level):
    """kappa of a (fractional) `levers.us_pledge`, interpolated, clamped to 0..3."""
    lv = _clamp_or_zero(level, 0.0, 3.0)
    i = min(int(math.floor(lv)), 2)
    frac = lv - i
    return PLEDGE_CREDIBILITY[i] + frac * (PLEDGE_CREDIBILITY[i + 1] - PLEDGE_CREDIBILITY[i])


def rung_bite(rung):
    """Bite of a (fractional) UNSC rung, interpolated, clamped to 0..5."""
    r = _clamp_or_zero(rung, 0.0, 5.0)
    i = min(int(math.floor(r)), 4)
    frac = r - i
    return RUNG_BITE[i] + frac * (RUNG_BITE[i + 1] - RUNG_BITE[i])


def _min1(x):
    """Rust's `x.min(1.0)` (a NaN gives 1.0)."""
    return x if x < 1.0 else 1.0


# ---- hazard.rs ---------------------------------------------------------------


def effective_enforcement(china_enforcement, other_weight):
    return other_weight + (1.0 - other_weight) * china_enforcement


def pressure(sanctions_rung, effective_enforcement, leakage):
    return rung_bite(sanctions_rung) * effective_enforcement * (1.0 - leakage)


def pressure_factor(gamma, pressure):
    return math.exp(gamma * pressure)


def aid_factor(alpha, aid):
    return math.exp(-alpha * (aid - 1.0))


def structural_hazard(base_hazard, pressure_factor, aid_factor):
    return _min1(base_hazard * pressure_factor * aid_factor)


def succession_hazard(leader_mortality, succession_failure):
    return leader_mortality * succession_failure


def yearly_hazard(structural_hazard, succession_hazard):
    return 1.0 - (1.0 - structural_hazard) * (1.0 - succession_hazard)


def concession_hazard(concession_base, pressure_effect, pressure, inducement_effect, inducements):
    return _min1(
        concession_base * math.exp(pressure_effect * pressure + inducement_effect * inducements)
    )


# ---- branch.rs ---------------------------------------------------------------


def logistic(z):
    return 1.0 / (1.0 + math.exp(-z))


def troops_needed(troops_per_1000, population):
    return troops_per_1000 * population / 1000.0


def refugees(refugee_share, population):
    return refugee_share * population


def buffer_at_stake(deployment_north, kappa, buffer_value):
    return deployment_north * (1.0 - kappa) * buffer_value


def refugee_pressure(refugee_cost, refugee_share):
    return refugee_cost * 100.0 * refugee_share


def pla_entry_probability(theta, buffer_at_stake, refugee_pressure, joint_plan):
    return logistic(
        theta[0] + theta[1] * buffer_at_stake + theta[2] * refugee_pressure - theta[3] * joint_plan
    )


def allied_entry_probability(deployment_north, kappa, rok_entry):
    us = deployment_north * (1.0 - kappa)
    return us + (1.0 - us) * rok_entry


def clash_probability(clash, deconfliction, joint_plan):
    return clash * (1.0 - deconfliction * joint_plan)


def neutral_share(kappa, joint_plan, plan_dependence):
    return kappa * (1.0 - plan_dependence * (1.0 - joint_plan))


def post_collapse_split(pla, allied, clash, unification, neutral_share):
    """forecast_sdk::CollapseSplit::from_entries: (war, successor-state,
    neutral-unification, aligned-unification) shares of one collapse."""
    both = pla * allied
    pla_alone = pla * (1.0 - allied)
    no_pla = 1.0 - pla
    unified = no_pla * unification
    return (
        both * clash,
        both * (1.0 - clash) + pla_alone + no_pla * (1.0 - unification),
        unified * neutral_share,
        unified * (1.0 - neutral_share),
    )


# ---- params.rs: one year's values ----------------------------------------------


def _resolve(params, horizon):
    """Every declared parameter as a number or a tuple of `horizon` numbers,
    checked against its range as forecast_sdk::Params::new checks it."""
    values = []
    for name, default, lo, hi in PARAMS:
        v = params.get(name, default)
        if isinstance(v, (list, tuple)):
            if len(v) != horizon:
                raise ValueError(
                    f"parameter `{name}` has a path of {len(v)} values "
                    f"for a horizon of {horizon} years"
                )
            v = tuple(float(x) for x in v)
            bad = [x for x in v if not lo <= x <= hi]
        else:
            v = float(v)
            bad = [] if lo <= v <= hi else [v]
        if bad:
            raise ValueError(f"parameter `{name}` = {bad[0]} is outside its range [{lo}, {hi}]")
        values.append(v)
    return values


# The short names of the values of one year (params.rs `Year`), in the order
# of PARAMS.
FIELDS = (
    "base_hazard",
    "leader_mortality",
    "succession_failure",
    "population",
    "buffer_value",
    "refugee_cost",
    "deployment_north",
    "troops_per_1000",
    "refugee_share",
    "leakage",
    "concession_base",
    "freeze_breakdown",
    "sanctions_rung",
    "china_enforcement",
    "china_aid",
    "us_pledge",
    "joint_plan",
    "inducements",
    "gamma",
    "alpha",
    "other_enforcement",
    "theta0",
    "theta1",
    "theta2",
    "theta3",
    "rok_entry",
    "clash",
    "deconfliction",
    "unification",
    "plan_dependence",
    "concession_pressure",
    "concession_inducements",
    "denuclearization_share",
)


def read_years(params, horizon):
    """Year::read_all: each year's values, a dict by short name (one dict
    shared by all years when no parameter is a path)."""
    constant = {}
    paths = []
    for field, v in zip(FIELDS, _resolve(params, horizon)):
        if type(v) is tuple:
            paths.append((field, v))
        else:
            constant[field] = v
    if not paths:
        return [constant] * horizon
    years = []
    for t in range(horizon):
        y = dict(constant)
        for field, v in paths:
            y[field] = v[t]
        years.append(y)
    return years


# ---- trajectory.rs -----------------------------------------------------------------


def step(y):
    """One year's derived quantities (trajectory::step)."""
    e_eff = effective_enforcement(y["china_enforcement"], y["other_enforcement"])
    p = pressure(y["sanctions_rung"], e_eff, y["leakage"])
    pf = pressure_factor(y["gamma"], p)
    af = aid_factor(y["alpha"], y["china_aid"])
    h_struct = structural_hazard(y["base_hazard"], pf, af)
    h_succ = succession_hazard(y["leader_mortality"], y["succession_failure"])
    kappa = pledge_credibility(y["us_pledge"])
    buffer = buffer_at_stake(y["deployment_north"], kappa, y["buffer_value"])
    rp = refugee_pressure(y["refugee_cost"], y["refugee_share"])
    theta = (y["theta0"], y["theta1"], y["theta2"], y["theta3"])
    pla = pla_entry_probability(theta, buffer, rp, y["joint_plan"])
    allied = allied_entry_probability(y["deployment_north"], kappa, y["rok_entry"])
    clash = clash_probability(y["clash"], y["deconfliction"], y["joint_plan"])
    ns = neutral_share(kappa, y["joint_plan"], y["plan_dependence"])
    return {
        "pressure": p,
        "structural_hazard": h_struct,
        "hazard": yearly_hazard(h_struct, h_succ),
        "pla": pla,
        "split": post_collapse_split(pla, allied, clash, y["unification"], ns),
        "concession": concession_hazard(
            y["concession_base"],
            y["concession_pressure"],
            p,
            y["concession_inducements"],
            y["inducements"],
        ),
        "troops": troops_needed(y["troops_per_1000"], y["population"]),
        "refugees": refugees(y["refugee_share"], y["population"]),
    }


def run(years):
    """The recursion over the horizon (trajectory::run): the outcome masses
    and the yearly indicator series. The programme, independent of collapse,
    is a chain over never conceded, reneged, frozen and denuclearised: each
    year a standing freeze breaks down with b, then a regime with a
    programme concedes with that year's hazard."""
    war = successor = neutral = aligned = 0.0  # the collapse mass by outcome
    series = {
        name: []
        for name in (
            "collapse_hazard",
            "collapse_by",
            "denuclearization_by",
            "china_pressure",
            "refugees_to_china",
            "leader_change_by",
            "unification_by",
            "concession_by",
            "collapse_in_year",
            "leader_change_in_year",
            "concession_in_year",
            "collapse.troops_needed",
            "collapse.pla_entry",
        )
    }
    survival = 1.0  # S_{t-1}
    never, reneged, frozen, denuclear = 1.0, 0.0, 0.0, 0.0
    denuclearized = 0.0
    leader_in_power = 1.0
    conceded_alive = 0.0
    for y in years:
        s = step(y)
        collapse_now = survival * s["hazard"]
        w, ss, nu, au = s["split"]
        war = war + collapse_now * w
        successor = successor + collapse_now * ss
        neutral = neutral + collapse_now * nu
        aligned = aligned + collapse_now * au
        series["leader_change_in_year"].append(
            survival * (1.0 - (1.0 - y["leader_mortality"]) * (1.0 - s["structural_hazard"]))
        )
        series["collapse_in_year"].append(collapse_now)
        survival *= 1.0 - s["hazard"]
        leader_in_power *= (1.0 - y["leader_mortality"]) * (1.0 - s["structural_hazard"])
        # Last year's freezes break down first; a regime that reneges this
        # year does not concede again before the next.
        broke = frozen * y["freeze_breakdown"]
        first_now = never * s["concession"]
        concede_now = (never + reneged) * s["concession"]
        never -= first_now
        reneged += broke - reneged * s["concession"]
        share = y["denuclearization_share"]
        frozen += (1.0 - share) * concede_now - broke
        denuclear += share * concede_now
        denuclearized += share * survival * concede_now

        series["collapse_hazard"].append(s["hazard"])
        series["collapse_by"].append(1.0 - survival)
        series["refugees_to_china"].append(collapse_now * s["refugees"])
        series["collapse.troops_needed"].append((1.0 - survival) * s["troops"])
        series["china_pressure"].append(s["pressure"])
        series["collapse.pla_entry"].append(s["pla"])
        series["denuclearization_by"].append(denuclearized)
        series["leader_change_by"].append(1.0 - leader_in_power)
        series["unification_by"].append(neutral + aligned)
        conceded_alive += survival * first_now
        series["concession_by"].append(conceded_alive)
        series["concession_in_year"].append(survival * concede_now)
    outcomes = {
        "war": war,
        "neutral-unification": neutral,
        "aligned-unification": aligned,
        "successor-state": successor,
        "nuclear-status-quo": survival * (never + reneged),
        "freeze": survival * frozen,
        "denuclearization": survival * denuclear,
    }
    return outcomes, series


def forecast(params, start_year=2007, horizon=20):
    """One forecast (lib.rs `forecast`): the seven outcome probabilities
    under their ids, and the yearly series under "indicators". Raises
    ValueError where the Rust model returns an error. `start_year` only
    labels the years (the Rust model uses it for its explanation alone)."""
    if horizon == 0:
        raise ValueError("the collapse model needs a horizon of at least one year")
    outcomes, series = run(read_years(params, horizon))
    # ForecastBuilder::build's checks.
    for name, p in outcomes.items():
        if not (math.isfinite(p) and 0.0 <= p <= 1.0):
            raise ValueError(f"P({name}) = {p} is not a probability")
    total = sum(outcomes.values())
    if abs(total - 1.0) > 1e-9:
        raise ValueError(f"outcome probabilities sum to {total}, not 1")
    for name, values in series.items():
        if not all(math.isfinite(v) for v in values):
            raise ValueError(f"series `{name}` holds a non-finite value")
    result = dict(outcomes)
    result["indicators"] = series
    return result


if __name__ == "__main__":
    import json

    print(json.dumps(forecast({}, 2007, 20), indent=1))
