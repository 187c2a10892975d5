"""{{id}}: a `forecast` model plugin in Python.

The skeleton: the regime falls with a constant yearly hazard h (the one
declared parameter); a collapse ends in a successor state, survival keeps
the nuclear status quo. Replace the mechanism, keep the shape:

  1. declare every number the model reads in PARAMS, with a default, a range
     and a source ("[A]" marks a modelling assumption);
  2. describe the model in INFO (summary, references, outcomes, indicators);
  3. in `forecast`, read the values by name (`p.at(name, t)`), compute the
     seven outcome probabilities (summing to 1), the yearly series and, when
     asked, a few explanation lines.

forecast_model.py (copied from the project) documents the helper. Keep the
mathematics in functions of plain numbers (like `yearly_survival`), so that
tests/ checks them natively: `python3 -m unittest discover -s tests`.
"""

from forecast_model import Forecast, Indicator, Info, ModelError, Param, Params

ID = "{{id}}"

# --- Parameters: everything the model reads --------------------------------------

PARAMS = [
    # A shared parameter, as the one table of shared priors declares it
    # (forecast_priors.py). A parameter of this model's own is prefixed with
    # its id: Param(f"{ID}.my_coefficient", description, default, min, max,
    # unit, source).
    Param.shared("dprk.base_hazard"),
]

# --- The model ---------------------------------------------------------------------

INFO = Info(
    id=ID,
    name=f"{ID}: a constant collapse hazard",
    version="0.1.0",
    summary="The regime falls with a constant yearly hazard h; a collapse leaves a successor "
    "state, survival the nuclear status quo.",
    references=[
        "[A] a placeholder: the literature the mechanism and its numbers rest on, one reference each",
    ],
    parameters=PARAMS,
    # The outcomes the model distinguishes (the others are always 0).
    outcomes=["successor-state", "nuclear-status-quo"],
    indicators=[Indicator("collapse_by", "cumulative P(collapse by the end of year t)", "")],
)

# --- The mathematics ------------------------------------------------------------------


def yearly_survival(h: float) -> float:
    """P(the regime survives a year with collapse hazard h)."""
    return 1.0 - h


# --- The forecast ------------------------------------------------------------------------


def forecast(input) -> Forecast:
    """One forecast for one sample of a scenario."""
    p = Params(input, PARAMS)  # checks the values; raises ModelError naming a bad one
    if p.horizon < 1:
        raise ModelError(f"{ID} needs a horizon of at least one year")
    alive = 1.0
    collapse_by = []
    for t in range(p.horizon):
        alive *= yearly_survival(p.at("dprk.base_hazard", t))  # a path may vary by year
        collapse_by.append(1.0 - alive)
    out = Forecast(p.horizon, successor_state=1.0 - alive, nuclear_status_quo=alive)
    out.series("collapse_by", collapse_by)
    if p.explain:  # formatted only when the host asks (the central case)
        end = p.start_year + p.horizon - 1
        out.explain(
            f"Collapse by {end}: {100 * (1 - alive):.1f}% at a hazard of "
            f"{100 * p['dprk.base_hazard']:.1f}%/yr in {p.start_year}"
        )
    return out
