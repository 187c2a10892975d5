"""forecast_model: the helper that Python model plugins of `forecast` share.

What it is for. A `forecast` model plugin is a WebAssembly component that
exports the interface `forecast:model/model@0.2.0` of `wit/model.wit`
(world `plugin`). Built with componentize-py, the Python side of such a
plugin needs three things, and this module gives them:

- declare parameters with their sources (`Param`), and list them in
  `info()` (`Info`, `Indicator`);
- read one call's parameter values BY NAME (`Params`): the contract passes
  them positionally, in declaration order, as `scalar(f64)` or `path(list<f64>)`,
  and an empty list means "all defaults"; `Params` checks the count, each
  value's range and each path's length, and names the parameter at fault;
- build the answer (`Forecast`): the seven outcome probabilities by name,
  yearly indicator series and explanation lines, checked against the
  contract before they leave the plugin, with a message naming what is wrong.

    from forecast_model import Param, Params, Forecast

    PARAMS = [Param("dprk.base_hazard", "h0: baseline annual collapse hazard",
                    0.01, 0.005, 0.02, "per year", "[A] Goldstone et al. 2010")]

    def forecast(input):
        p = Params(input, PARAMS)
        alive = 1.0
        for t in range(p.horizon):
            alive *= 1.0 - p.at("dprk.base_hazard", t)
        return Forecast(p.horizon, successor_state=1.0 - alive,
                        nuclear_status_quo=alive)

Everything above the line "The WebAssembly side" is plain Python with no
dependency, so a model's mathematics is unit-tested natively
(`python3 -m unittest`); `make_input` builds a native input for tests. The
conversion to the types componentize-py generates (`wit_world`) is in that
last section only, and imports the bindings lazily: an entry module
(`app.py`) calls `wit_info(INFO)` and `wit_forecast(INFO, forecast, input)`.

What it is not. It is not a model (no mathematics beyond the checks), not a
host (the `forecast` binary loads and runs plugins), and not the shared
vocabulary: the shared parameter, indicator and outcome names are
documented in the project's VOCABULARY.md (`forecast vocabulary`), and the
host checks outcome ids and indicator names when it loads a plugin. It
keeps to the Python standard library, so it adds nothing to a component but
its own few kilobytes.

One trap of componentize-py: it bundles only the modules imported while it
builds the component, so import standard-library modules at the top of a
module, not inside a function (a late `import` fails in the plugin).
"""

from __future__ import annotations

import math
import traceback  # at the top: componentize-py bundles only what is imported at build time
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Union

from forecast_priors import SHARED  # the table of shared priors, generated

__all__ = [
    "CONTRACT_VERSION",
    "OUTCOMES",
    "ModelError",
    "Param",
    "Indicator",
    "Info",
    "Params",
    "Forecast",
    "Scalar",
    "Path",
    "Input",
    "make_input",
    "wit_param_specs",
    "wit_info",
    "wit_output",
    "wit_forecast",
]

#: The version of `forecast:model` this helper speaks.
CONTRACT_VERSION = "0.2.0"

#: The seven shared outcome ids, in the order of the contract's `outcomes`
#: record (the classification order).
OUTCOMES = (
    "war",
    "neutral-unification",
    "aligned-unification",
    "successor-state",
    "nuclear-status-quo",
    "freeze",
    "denuclearization",
)

#: The Python keyword for each outcome: its id with `_` for `-`.
OUTCOME_KEYWORDS = tuple(o.replace("-", "_") for o in OUTCOMES)

#: How far the outcome probabilities may sum from 1.
SUM_TOLERANCE = 1e-9


class ModelError(ValueError):
    """A message for the user; `wit_forecast` returns it as the contract's error."""


def _finite(x) -> bool:
    """A finite int or float (not a bool, not NaN or infinite)."""
    if type(x) is float:
        return math.isfinite(x)
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


# --- Declarations -------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One parameter a model reads, as `info()` declares it.

    `name` is shared (`dprk.base_hazard`, see VOCABULARY.md) or prefixed with
    the model id (`base-rates.war_hazard`); `source` says where the default
    and range come from, with "[A]" marking a modelling assumption.
    """

    name: str
    description: str
    default: float
    min: float
    max: float
    unit: str = ""
    source: str = ""

    def __post_init__(self):
        if not (self.name and self.description and self.source):
            raise ModelError(f"parameter `{self.name}` needs a name, a description and a source")
        if not all(_finite(v) for v in (self.default, self.min, self.max)):
            raise ModelError(f"parameter `{self.name}`: default, min and max must be finite numbers")
        if not (self.min < self.max and self.min <= self.default <= self.max):
            raise ModelError(
                f"parameter `{self.name}`: default {self.default} is not in a non-empty range "
                f"[{self.min}, {self.max}]"
            )

    @staticmethod
    def shared(name: str) -> "Param":
        """A shared parameter, declared exactly as the one table of shared
        priors has it (`forecast_priors.py`, generated from the project's
        vocabulary): the host refuses a plugin that declares it otherwise."""
        try:
            description, default, lo, hi, unit, source = SHARED[name]
        except KeyError:
            raise ModelError(
                f"`{name}` is not a shared parameter (see forecast_priors.py); "
                "prefix a parameter of the model's own with its id"
            ) from None
        return Param(name, description, default, lo, hi, unit, source)


@dataclass(frozen=True)
class Indicator:
    """One yearly series a model emits: a shared id or `<model-id>.<name>`."""

    name: str
    description: str
    unit: str = ""


@dataclass(frozen=True)
class Info:
    """What a model is and what it reads and emits (the contract's `model-info`)."""

    id: str
    name: str
    version: str
    summary: str
    references: Sequence[str]
    parameters: Sequence[Param]
    outcomes: Sequence[str] = OUTCOMES
    indicators: Sequence[Indicator] = ()

    def __post_init__(self):
        if not self.id or not all(c.islower() or c.isdigit() or c == "-" for c in self.id) \
                or not self.id.isascii():
            raise ModelError(f"model id `{self.id}` must be lowercase letters, digits and dashes")
        _unique("parameter", [p.name for p in self.parameters])
        _unique("indicator", [i.name for i in self.indicators])
        _unique("outcome", list(self.outcomes))
        for o in self.outcomes:
            if o not in OUTCOMES:
                raise ModelError(f"unknown outcome `{o}`; the outcomes are {', '.join(OUTCOMES)}")
        for i in self.indicators:
            if "." in i.name and not i.name.startswith(self.id + "."):
                raise ModelError(f"indicator `{i.name}` must be shared or prefixed `{self.id}.`")
        if not self.references:
            raise ModelError(f"model `{self.id}` lists no references")


def _unique(what: str, names: List[str]) -> None:
    for i, n in enumerate(names):
        if n in names[:i]:
            raise ModelError(f"{what} `{n}` is declared twice")


# --- Reading one call's parameter values --------------------------------------


@dataclass
class Scalar:
    """A native stand-in for the contract's `param-value::scalar`."""

    value: float


@dataclass
class Path:
    """A native stand-in for the contract's `param-value::path` (one value a year)."""

    value: List[float]


@dataclass
class Input:
    """A native stand-in for the contract's `forecast-input`, for tests."""

    scenario: str = "test"
    start_year: int = 2007
    horizon: int = 20
    seed: int = 0
    params: list = field(default_factory=list)
    explain: bool = True


def make_input(
    params: Sequence[Param],
    horizon: int = 20,
    values: Optional[Dict[str, Union[float, Sequence[float]]]] = None,
    start_year: int = 2007,
    explain: bool = True,
) -> Input:
    """An input for a model declaring `params`: the given values by name (a
    number, or a list: a yearly path), the declared defaults for the rest."""
    values = dict(values or {})
    declared = {p.name for p in params}
    for name in values:
        if name not in declared:
            raise ModelError(f"parameter `{name}` is not declared by this model")
    resolved = []
    for p in params:
        v = values.get(p.name, p.default)
        resolved.append(Path(list(v)) if isinstance(v, (list, tuple)) else Scalar(float(v)))
    return Input(start_year=start_year, horizon=horizon, params=resolved, explain=explain)


def _raw(value):
    """The number or list of numbers inside a param-value (generated or native)."""
    return getattr(value, "value", value)


class Params:
    """One call's parameter values, read by name.

    `Params(input, PARAMS)` checks the input against the declarations: one
    value per declared parameter in declaration order (or none at all: every
    default), each within its declared [min, max], each path `horizon` values
    long. It raises `ModelError` naming the parameter otherwise. Then:

    - `p["name"]`: the value in the start year;
    - `p.at("name", t)`: the value in year index t (0 = start year); past the
      end of a path its last value holds;
    - `p.path("name")`: the `horizon` yearly values as a list;
    - `p.horizon`, `p.start_year`, `p.explain`.

    Reading a name the model did not declare raises `ModelError`.
    """

    __slots__ = ("horizon", "start_year", "explain", "_values")

    def __init__(self, input, params: Sequence[Param]):
        self.horizon = int(input.horizon)
        self.start_year = int(input.start_year)
        self.explain = bool(input.explain)
        given = list(input.params)
        if given and len(given) != len(params):
            raise ModelError(
                f"the input has {len(given)} parameter values for the {len(params)} "
                "parameters this model declares"
            )
        values: Dict[str, Union[float, List[float]]] = {}
        for i, decl in enumerate(params):
            if not given:
                values[decl.name] = float(decl.default)
                continue
            raw = _raw(given[i])
            is_path = isinstance(raw, (list, tuple))
            if is_path and len(raw) != self.horizon:
                raise ModelError(
                    f"parameter `{decl.name}` has a path of {len(raw)} values for a "
                    f"horizon of {self.horizon} years"
                )
            for v in raw if is_path else (raw,):
                if not (_finite(v) and decl.min <= v <= decl.max):
                    raise ModelError(
                        f"parameter `{decl.name}` = {v} is outside its range "
                        f"[{decl.min}, {decl.max}]"
                    )
            if is_path and raw:
                values[decl.name] = [float(v) for v in raw]
            else:  # a scalar, or the empty path of a zero-year horizon
                values[decl.name] = float(raw) if not is_path else float(decl.default)
        self._values = values

    def _get(self, name: str):
        try:
            return self._values[name]
        except KeyError:
            raise ModelError(f"the model reads `{name}` but does not declare it") from None

    def at(self, name: str, t: int) -> float:
        """The value of `name` in year index `t` (0 = start year)."""
        v = self._get(name)
        if isinstance(v, list):
            return v[min(t, len(v) - 1)]
        return v

    def __getitem__(self, name: str) -> float:
        return self.at(name, 0)

    def path(self, name: str) -> List[float]:
        """The values of `name` in each of the `horizon` years."""
        v = self._get(name)
        if isinstance(v, list):
            return [v[min(t, len(v) - 1)] for t in range(self.horizon)]
        return [v] * self.horizon

    def __contains__(self, name: str) -> bool:
        return name in self._values


# --- Building the answer ------------------------------------------------------


class Forecast:
    """A model's answer: outcome probabilities, yearly series, explanation.

    `Forecast(horizon, war=0.1, nuclear_status_quo=0.9)` takes the outcomes by
    their Python keyword names (war, neutral_unification,
    aligned_unification, successor_state, nuclear_status_quo, freeze,
    denuclearization); omitted ones are 0. `series(name, values)` adds a
    yearly indicator, `explain(line, ...)` explanation lines; both return the
    forecast, so calls chain. `check()` raises `ModelError` naming what breaks
    the contract; `wit_forecast` calls it before anything leaves the plugin.
    """

    __slots__ = ("horizon", "outcomes", "indicators", "explanation")

    def __init__(self, horizon: int, **outcomes: float):
        for k in outcomes:
            if k not in OUTCOME_KEYWORDS:
                raise ModelError(
                    f"unknown outcome `{k}`; the outcomes are {', '.join(OUTCOME_KEYWORDS)}"
                )
        self.horizon = int(horizon)
        #: Probabilities by Python keyword, in contract order.
        self.outcomes: Dict[str, float] = {k: outcomes.get(k, 0.0) for k in OUTCOME_KEYWORDS}
        #: (indicator, values) in the order added.
        self.indicators: List[tuple] = []
        self.explanation: List[str] = []

    def series(self, name: str, values: Iterable[float]) -> "Forecast":
        """Adds the yearly series of indicator `name` (`horizon` values)."""
        self.indicators.append((name, list(values)))
        return self

    def explain(self, *lines: str) -> "Forecast":
        """Adds explanation lines."""
        self.explanation.extend(lines)
        return self

    def probability(self, outcome: str) -> float:
        """P(outcome), by id (`nuclear-status-quo`) or keyword (`nuclear_status_quo`)."""
        return self.outcomes[outcome.replace("-", "_")]

    def values(self, indicator: str) -> List[float]:
        """The values of an indicator added with `series`."""
        for name, values in self.indicators:
            if name == indicator:
                return values
        raise KeyError(indicator)

    def check(self, info: Optional[Info] = None) -> "Forecast":
        """Checks the contract: each probability finite and in [0, 1], their
        sum within 1e-9 of 1, each series `horizon` finite values and added
        once; with `info`, each series declared there and each declared
        indicator given. Raises `ModelError` naming the fault; returns self."""
        total = 0.0
        for k, p in self.outcomes.items():
            if not (_finite(p) and 0.0 <= p <= 1.0):
                raise ModelError(f"outcomes: P({k.replace('_', '-')}) = {p} is not a probability in [0, 1]")
            total += p
        if abs(total - 1.0) > SUM_TOLERANCE:
            raise ModelError(f"outcomes: the probabilities sum to {total!r}, not 1 (within 1e-9)")
        names = [n for n, _ in self.indicators]
        for i, n in enumerate(names):
            if n in names[:i]:
                raise ModelError(f"indicators: `{n}` appears twice")
        for name, values in self.indicators:
            if len(values) != self.horizon:
                raise ModelError(
                    f"indicators: `{name}` has {len(values)} values for a horizon of "
                    f"{self.horizon} years"
                )
            for t, v in enumerate(values):
                if not _finite(v):
                    raise ModelError(f"indicators: `{name}` holds {v!r} in year index {t}")
        if info is not None:
            declared = [i.name for i in info.indicators]
            for n in names:
                if n not in declared:
                    raise ModelError(f"indicators: `{n}` is not declared in the model's info")
            for n in declared:
                if n not in names:
                    raise ModelError(f"indicators: `{n}` is declared but not given")
        for line in self.explanation:
            if not isinstance(line, str):
                raise ModelError(f"explanation: {line!r} is not a string")
        return self


# --- The WebAssembly side: conversion to the generated WIT types ---------------
#
# Only this section touches the bindings componentize-py generates for
# `wit/model.wit` (the `wit_world` package); it imports them when called, so
# the rest of the module works in plain CPython.


def _wit():
    from wit_world.exports import model  # generated by componentize-py

    return model


def wit_param_specs(params: Sequence[Param]) -> list:
    """The declarations as the contract's `list<param-spec>`."""
    m = _wit()
    return [
        m.ParamSpec(
            name=p.name,
            description=p.description,
            default=float(p.default),
            min=float(p.min),
            max=float(p.max),
            unit=p.unit,
            source=p.source,
        )
        for p in params
    ]


def wit_info(info: Info):
    """The contract's `model-info`."""
    m = _wit()
    return m.ModelInfo(
        id=info.id,
        name=info.name,
        version=info.version,
        summary=info.summary,
        references=list(info.references),
        parameters=wit_param_specs(info.parameters),
        outcomes=list(info.outcomes),
        indicators=[
            m.IndicatorSpec(name=i.name, description=i.description, unit=i.unit)
            for i in info.indicators
        ],
    )


def wit_output(out: Forecast):
    """The contract's `forecast-output` (call `check` first)."""
    m = _wit()
    o = out.outcomes
    return m.ForecastOutput(
        outcomes=m.Outcomes(
            war=float(o["war"]),
            neutral_unification=float(o["neutral_unification"]),
            aligned_unification=float(o["aligned_unification"]),
            successor_state=float(o["successor_state"]),
            nuclear_status_quo=float(o["nuclear_status_quo"]),
            freeze=float(o["freeze"]),
            denuclearization=float(o["denuclearization"]),
        ),
        indicators=[m.Series(indicator=n, values=[float(v) for v in vs]) for n, vs in out.indicators],
        explanation=list(out.explanation),
    )


def wit_forecast(info: Info, forecast: Callable[[object], Forecast], input):
    """Runs `forecast(input)`, checks the answer against the contract and
    `info`, and converts it. A `ModelError` becomes the contract's error
    (`Err(message)`); any other exception too, prefixed "internal error",
    with its traceback on stderr (which the host shows with --verbose)."""
    from componentize_py_types import Err  # generated by componentize-py

    try:
        out = forecast(input)
        if not isinstance(out, Forecast):
            raise ModelError(f"the model returned {type(out).__name__}, not a Forecast")
        return wit_output(out.check(info))
    except ModelError as e:
        raise Err(str(e)) from None
    except Exception as e:  # a bug in the model: say so rather than trap
        traceback.print_exc()
        raise Err(f"internal error in model `{info.id}`: {type(e).__name__}: {e}") from None
