"""The `base-rates` model: the outside view of the North Korean endgame.

It forecasts from historical reference classes, not from mechanisms: how
often full autocracies fall, how often a regime survives its dictator's
death, how often sanctions episodes succeed, how often a state that built
nuclear weapons gave them up, how often a freeze broke down, how the ends
of divided nations came about, and how often the peninsula went to war. It
reads no policy lever: it is the climatology that every mechanism model
must beat when forecasts are scored against history.

The computation is an exact yearly Markov chain over seven states, one per
outcome (no sampling; same input, same bits):

    standing regime:  nuclear-status-quo (N), freeze (F), denuclearization (D)
    absorbing:        war (W), neutral-unification (NU),
                      aligned-unification (AU), successor-state (SS)

Each year a standing regime goes to war with the peninsula's base rate w;
otherwise it collapses with h = 1 - (1 - h0)(1 - m q) (the full-autocracy
hazard and a leader's death with a failed succession), and a collapse
splits over W / SS / NU / AU by the divided-nation shares. A regime that
stands moves between N, F and D: N freezes at the annual sanctions-success
rate c, a freeze breaks down back to N at rate b, and either dismantles its
arsenal at the rollback rate r; D stays. Every parameter may be a yearly
path: year t's matrix uses year t's values.

Beside the distribution, the chain carries two exact sub-masses for the
yearly indicators (0.3.0): the mass in which the start's leader still runs
a standing regime, a product of (1 - w)(1 - h0)(1 - m) (leader_change_by
is one minus it), and the mass that has never conceded, which stays in N
and leaves it by a freeze or a dismantlement (concession_by is what has
left, counted once, whatever came after); unification_by is the mass in
NU and AU.

Pure Python; only `forecast_model` (the shared helper) is imported, so the
mathematics is tested natively (`python3 -m unittest discover -s tests`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Sequence

from forecast_model import Forecast, Indicator, Info, ModelError, Param, Params

ID = "base-rates"
VERSION = "0.4.0"

# --- Parameters ----------------------------------------------------------------

#: Every number that drives the model. The three shared `dprk.*` parameters
#: come from the one table of shared priors (`forecast_priors.py`), so that a
#: scenario's draws mean the same thing to every model. The ranges are what
#: each quantity can mean; the sources give the reference class's own values.
PARAMS = [
    # Regime collapse: the full-autocracy base hazard and the leader's death,
    # from the one table of shared priors.
    Param.shared("dprk.base_hazard"),
    Param.shared("dprk.leader_mortality"),
    Param.shared("dprk.succession_failure"),
    # Sanctions success, converted to an annual rate.
    Param(
        "base-rates.sanctions_success",
        "p_s: probability that a sanctions episode ends in a concession by the target "
        "(here: a verified freeze)",
        0.12, 0.0, 1.0, "per episode",
        "Hufbauer, Schott & Elliott (1990): 34% of episodes at least partly successful; "
        "Pape (1997) accepts only 5 of their 40 successes, about 4%; success is rarer "
        "against nondemocracies (Lektzian & Souva 2007) and imposed sanctions are the cases that "
        "threats did not settle (TIES: Morgan, Bapat & Krustev 2009). [A] default 0.12, the "
        "geometric mean of 0.04 and 0.34",
    ),
    Param(
        "base-rates.episode_years",
        "L: typical length of a sanctions episode, over which p_s is spread: annual rate "
        "c = 1 - (1 - p_s)^(1/L)",
        5.0, 1.0, 30.0, "years",
        "[A] episodes run for years, not months; 5 years turns 12% per episode into 2.5%/yr, "
        "near the collapse model's concession base rate of 2%/yr",
    ),
    Param(
        "base-rates.freeze_breakdown",
        "b: annual probability that a verified freeze breaks down and the programme resumes",
        0.125, 0.0, 1.0, "per year",
        "the 1994 Agreed Framework froze Yongbyon for 8 years before it collapsed in 2002: "
        "1 breakdown in 8 freeze-years (as known in Dec 2006); [A] range; the six-party "
        "disablement of 2007 broke down in 2009",
    ),
    # Nuclear rollback.
    Param(
        "base-rates.rollback_rate",
        "r: annual probability that a nuclear-armed state dismantles its arsenal under verification",
        0.003, 0.0, 0.5, "per year",
        "of the ~10 states that built nuclear weapons one dismantled them (South Africa scrapped its "
        "six in 1990-91, IAEA-verified: Liberman 2001; Ukraine, Belarus and Kazakhstan inherited "
        "theirs): 1 in about 360 "
        "nuclear-armed state-years 1945-2006 [A] (counted from first test or estimated first "
        "weapon)",
    ),
    # War and how collapses end.
    Param(
        "base-rates.war_hazard",
        "w: annual probability of an interstate war involving the DPRK (>= 1,000 battle deaths) "
        "while the regime stands",
        0.009, 0.0, 0.5, "per year",
        "[A] no such war on the peninsula in the 53 years from the 1953 armistice to 2006 (the "
        "1968, 1976 and 1994 crises stopped short): Jeffreys estimate (0 + 1/2)/53 = 0.009; "
        "3/53 = 0.057 is the rule-of-three 95% upper bound (Hanley & Lippman-Hand 1983); range [A]",
    ),
    Param(
        "base-rates.collapse_war_share",
        "share of collapses that end in war",
        0.33, 0.0, 1.0, "",
        "[A] 1 of the 3 ends of a divided nation came by war (Vietnam 1975); Germany 1990 and "
        "Yemen 1990 unified by agreement; a class of three",
    ),
    Param(
        "base-rates.unification_share",
        "share of collapses without war that end in unification (the rest: a successor state in "
        "the North)",
        0.5, 0.0, 1.0, "",
        "[A] the two reference classes disagree: both peaceful ends of a divided nation were "
        "unifications (Germany 1990, Yemen 1990), while a fallen regime's state usually lives on "
        "under a successor (state death is rare after 1945: Fazal 2004); weighted equally",
    ),
    Param(
        "base-rates.neutral_share",
        "share of unifications in which, by agreement, the ally's forces stay out of the former "
        "North (neutral- rather than aligned-unification)",
        0.67, 0.0, 1.0, "",
        "[A] in the one unification where an alliance's forces were at stake, Germany 1990, the "
        "Two-Plus-Four Treaty (Art. 5) kept foreign forces out of the former GDR; Laplace's rule "
        "on 1 of 1 gives 2/3",
    ),
    # Missile launches: the DPRK's own launch rate up to December 2006.
    Param(
        "base-rates.missile_rate",
        "r_m: expected ballistic missiles launched a year (the CNS database's rule: >= 500 kg to "
        ">= 300 km, per missile) while the regime stands; a year's count is Poisson",
        1.0, 0.0, 100.0, "missiles per year",
        "the CNS North Korea Missile Test Database, April 1984 to December 2006: 23 missiles in "
        "23 years (6 in 1984, 1 in 1986, 2 in 1990, 1 in 1991, 1 in 1992, 4 in 1993, the "
        "Taepodong-1 in 1998, 7 on 5 July 2006); Jeffreys estimate (23 + 1/2)/23 = 1.02; range [A]",
    ),
]

# --- Indicators and description -------------------------------------------------

INDICATORS = [
    Indicator("collapse_hazard",
              "P(collapse in year t | regime standing at its start, no war that year): (1 - w) h",
              "per year"),
    Indicator("collapse_by", "cumulative P(collapse by the end of year t), including collapses "
              "that end in war", ""),
    Indicator("denuclearization_by", "cumulative P(verified complete denuclearisation by the end "
              "of year t, regime standing then)", ""),
    Indicator("base-rates.war_by", "cumulative P(war by the end of year t), directly or after a "
              "collapse", ""),
    Indicator("base-rates.in_freeze", "P(regime standing under a verified freeze at the end of "
              "year t)", ""),
    Indicator("leader_change_by", "cumulative P(the leader in power at the start has died, been "
              "incapacitated or fallen with the regime by the end of year t): 1 - prod (1 - w)(1 - "
              "h0)(1 - m), one minus the mass in which the start's leader still runs a standing "
              "regime; he goes with his death or incapacitation m (whether the succession holds or "
              "not), a collapse or war", ""),
    Indicator("unification_by", "cumulative P(Korea unified, neutral or in the alliance, by the end "
              "of year t): the mass in neutral-unification and aligned-unification, both absorbing",
              ""),
    Indicator("collapse_in_year", "P(collapse in year t), from the start: the standing mass "
              "times (1 - w) h, collapses that end in war included", ""),
    Indicator("war_in_year", "P(war breaks out in year t), directly (w) or after a collapse",
              ""),
    Indicator("leader_change_in_year", "P(the leader in office at the start of year t goes in "
              "it, the regime standing then): the standing mass times 1 - (1 - w)(1 - h0)(1 - m)",
              ""),
    Indicator("concession_in_year", "P(an agreement in year t: a nuclear regime freezes or "
              "dismantles, or a frozen one dismantles); a freeze that broke down can be agreed "
              "again", ""),
    Indicator("missiles_in_year", "expected ballistic missiles launched in year t: the standing "
              "mass times r_m (the mean of a Poisson count)", "missiles"),
    Indicator("concession_by", "cumulative P(the regime has agreed to a verified freeze or to "
              "denuclearisation by the end of year t, whatever came after): the mass that has left "
              "never-conceded nuclear-status-quo for freeze (c) or denuclearization (r), counted "
              "once, a freeze that broke down included", ""),
]

REFERENCES = [
    "Goldstone, J. A., Bates, R. H., Epstein, D. L., Gurr, T. R., Lustik, M. B., Marshall, M. G., "
    "Ulfelder, J. & Woodward, M. (2010). A global model for forecasting political instability. "
    "American Journal of Political Science 54(1), 190-208.",
    "Kendall-Taylor, A. & Frantz, E. (2016). When dictators die. Journal of Democracy 27(4), "
    "159-171.",
    "Hufbauer, G. C., Schott, J. J. & Elliott, K. A. (1990). Economic Sanctions Reconsidered: "
    "History and Current Policy, 2nd ed. Washington, DC: Institute for International Economics.",
    "Pape, R. A. (1997). Why economic sanctions do not work. International Security 22(2), 90-136.",
    "Lektzian, D. & Souva, M. (2007). An institutional theory of sanctions onset and success. "
    "Journal of Conflict Resolution 51(6), 848-871.",
    "Morgan, T. C., Bapat, N. & Krustev, V. (2009). The threat and imposition of economic "
    "sanctions, 1971-2000. Conflict Management and Peace Science 26(1), 92-110.",
    "Agreed Framework between the United States of America and the Democratic People's Republic "
    "of Korea, Geneva, 21 October 1994.",
    "Liberman, P. (2001). The rise and fall of the South African bomb. International Security "
    "26(2), 45-86.",
    "Treaty on the Final Settlement with Respect to Germany (Two-Plus-Four Treaty), Moscow, "
    "12 September 1990, Article 5.",
    "Fazal, T. M. (2004). State death in the international system. International Organization "
    "58(2), 311-344.",
    "Hanley, J. A. & Lippman-Hand, A. (1983). If nothing goes wrong, is everything all right? "
    "Interpreting zero numerators. JAMA 249(13), 1743-1745.",
]

SUMMARY = (
    "The outside view: no mechanism, only historical reference classes, as an exact yearly "
    "Markov chain over the seven outcomes. A standing regime goes to war at the peninsula's base "
    "rate w (no interstate war since 1953), else collapses with h = 1 - (1 - h0)(1 - m q): the "
    "full-autocracy base hazard h0 (PITF, Goldstone et al. 2010) and the leader's death m with a "
    "failed succession q (13%: Kendall-Taylor & Frantz 2016). A collapse ends in war, a "
    "successor state or unification by the shares of the divided nations (Vietnam 1975 by war; "
    "Germany 1990 by agreement, with foreign forces kept out of the East; Yemen 1990). A regime "
    "that stands freezes its programme at the success rate of sanctions episodes spread over an "
    "episode (Hufbauer, Schott & Elliott 34%, Pape about 4%), a freeze breaks down at the rate of "
    "the 1994 Agreed Framework (1 in 8 years), and either dismantles its arsenal at the rate of "
    "nuclear rollback (South Africa, 1 in about 360 nuclear-armed state-years). It reads no "
    "policy lever: it is the reference a mechanism model must beat. Changed in 0.2.0: the "
    "shared parameters come from the one table of shared priors, and every range is what the "
    "quantity can mean (0.1 declared the reference classes' spans, which truncated the "
    "scenarios' distributions); the mathematics is unchanged. Added in 0.3.0: three shared yearly "
    "indicators computed exactly from the chain, leader_change_by (the start's leader gone by "
    "death, a collapse or war), unification_by (neutral or aligned) and concession_by (a freeze "
    "or denuclearisation agreed at least once, whatever came after); the outcomes are unchanged. "
    "Added in 0.4.0: the yearly events a record scores (collapse, war, leader change and "
    "agreement in year t, each from the chain's flows of the year, an agreement recurring after "
    "a breakdown) and the expected missiles launched, at the DPRK's own rate of 1984-2006 (the "
    "CNS database: 23 in 23 years); the outcomes are unchanged."
)

INFO = Info(
    id=ID,
    name="Base rates: the outside view",
    version=VERSION,
    summary=SUMMARY,
    references=REFERENCES,
    parameters=PARAMS,
    indicators=INDICATORS,
)

# --- The chain -------------------------------------------------------------------

#: The states, in the order of the contract's outcomes (so the state vector at
#: the horizon is the outcome distribution).
W, NU, AU, SS, N, F, D = range(7)
STATES = ("war", "neutral-unification", "aligned-unification", "successor-state",
          "nuclear-status-quo", "freeze", "denuclearization")
STANDING = (N, F, D)
COLLAPSED = (NU, AU, SS)


@dataclass(frozen=True)
class Year:
    """Every parameter's value in one year."""

    base_hazard: float
    leader_mortality: float
    succession_failure: float
    sanctions_success: float
    episode_years: float
    freeze_breakdown: float
    rollback_rate: float
    war_hazard: float
    collapse_war_share: float
    unification_share: float
    neutral_share: float
    missile_rate: float


_FIELDS = [
    ("base_hazard", "dprk.base_hazard"),
    ("leader_mortality", "dprk.leader_mortality"),
    ("succession_failure", "dprk.succession_failure"),
    ("sanctions_success", "base-rates.sanctions_success"),
    ("episode_years", "base-rates.episode_years"),
    ("freeze_breakdown", "base-rates.freeze_breakdown"),
    ("rollback_rate", "base-rates.rollback_rate"),
    ("war_hazard", "base-rates.war_hazard"),
    ("collapse_war_share", "base-rates.collapse_war_share"),
    ("unification_share", "base-rates.unification_share"),
    ("neutral_share", "base-rates.neutral_share"),
    ("missile_rate", "base-rates.missile_rate"),
]


def read_years(p: Params) -> List[Year]:
    """Every parameter's value in every year of the horizon."""
    paths = {field: p.path(name) for field, name in _FIELDS}
    return [Year(**{field: paths[field][t] for field, _ in _FIELDS}) for t in range(p.horizon)]


def annual_rate(per_episode: float, years: float) -> float:
    """The constant annual probability c with 1 - (1 - c)^years = per_episode."""
    return 1.0 - (1.0 - per_episode) ** (1.0 / years)


def collapse_hazard(base_hazard: float, leader_mortality: float, succession_failure: float) -> float:
    """h = 1 - (1 - h0)(1 - m q): the regime survives the year only if it
    survives both its base hazard and a possible succession."""
    return 1.0 - (1.0 - base_hazard) * (1.0 - leader_mortality * succession_failure)


def collapse_split(war_share: float, unification_share: float, neutral_share: float) -> List[float]:
    """How a collapse ends: shares of (W, NU, AU, SS), summing to 1."""
    peaceful = 1.0 - war_share
    unified = peaceful * unification_share
    return [war_share, unified * neutral_share, unified * (1.0 - neutral_share),
            peaceful * (1.0 - unification_share)]


def programme_matrix(concession: float, breakdown: float, rollback: float) -> List[List[float]]:
    """Moves of a standing regime's programme over (N, F, D) in one year:
    rollback first (from N or F, at r), else N freezes at c and F breaks
    down at b; D stays (no verified dismantlement has been reversed)."""
    keep = 1.0 - rollback
    return [
        [keep * (1.0 - concession), keep * concession, rollback],
        [keep * breakdown, keep * (1.0 - breakdown), rollback],
        [0.0, 0.0, 1.0],
    ]


def transition_matrix(y: Year) -> List[List[float]]:
    """The 7x7 row-stochastic matrix of one year, states in `STATES` order."""
    w = y.war_hazard
    h = collapse_hazard(y.base_hazard, y.leader_mortality, y.succession_failure)
    split = collapse_split(y.collapse_war_share, y.unification_share, y.neutral_share)
    m = programme_matrix(annual_rate(y.sanctions_success, y.episode_years),
                         y.freeze_breakdown, y.rollback_rate)
    collapse = (1.0 - w) * h
    stand = (1.0 - w) * (1.0 - h)
    rows = list(_IDENTITY)
    for a, x in enumerate(STANDING):
        row = [w + collapse * split[0], collapse * split[1], collapse * split[2],
               collapse * split[3], 0.0, 0.0, 0.0]
        for c, z in enumerate(STANDING):
            row[z] = stand * m[a][c]
        rows[x] = row
    return rows


#: The rows of the absorbing states: they stay.
_IDENTITY = [[1.0 if j == i else 0.0 for j in range(7)] for i in range(7)]


def step(v: Sequence[float], matrix: Sequence[Sequence[float]]) -> List[float]:
    """One year: the distribution v P."""
    out = [0.0] * 7
    for vi, row in zip(v, matrix):
        if vi != 0.0:
            out = [o + vi * r for o, r in zip(out, row)]
    return out


@dataclass
class Trajectory:
    """The distribution at the horizon and the yearly series."""

    distribution: List[float]
    collapse_hazard: List[float]
    collapse_by: List[float]
    denuclearization_by: List[float]
    war_by: List[float]
    in_freeze: List[float]
    #: Of the war mass, what came through a collapse.
    war_after_collapse: float
    #: P(the start's leader no longer runs a standing regime) by the end of each year.
    leader_change_by: List[float] = field(default_factory=list)
    #: P(neutral- or aligned-unification) by the end of each year.
    unification_by: List[float] = field(default_factory=list)
    #: P(a freeze or denuclearisation agreed at least once) by the end of each year.
    concession_by: List[float] = field(default_factory=list)
    collapse_in_year: List[float] = field(default_factory=list)
    war_in_year: List[float] = field(default_factory=list)
    leader_change_in_year: List[float] = field(default_factory=list)
    concession_in_year: List[float] = field(default_factory=list)
    missiles_in_year: List[float] = field(default_factory=list)


def run(years: Sequence[Year]) -> Trajectory:
    """Runs the chain from a standing, nuclear regime (N) over the years.

    Beside the distribution it carries two exact sub-masses:

    - `leader`: P(the start's leader still runs a standing regime). The
      regime stands a year with (1 - w)(1 - h0)(1 - m q); the part in which
      the leader also lives is (1 - w)(1 - h0)(1 - m), since his death ends
      his rule whether the succession holds (m (1 - q)) or not (m q). Like
      `standing`, it does not depend on the programme: a plain product.
    - `unconceded`: P(standing, and never a freeze or a dismantlement). That
      is the never-conceded copy of the standing states (a flag copy of the
      chain): it starts in N and, since F and D are concessions, stays in N;
      its moves to F (c) and D (r) are the year's first concessions, added
      to `conceded` once, whatever happens after (a freeze that breaks down
      back to N stays counted)."""
    v = [0.0] * 7
    v[N] = 1.0
    t = Trajectory(v, [], [], [], [], [], 0.0)
    collapsed = denuclearized = conceded = 0.0
    # P(standing at the start of the year): war and collapse do not depend on
    # the programme, so it is a plain product (equal to v[N] + v[F] + v[D]).
    standing = 1.0
    leader = 1.0
    unconceded = 1.0
    for y in years:
        p = transition_matrix(y)
        w = y.war_hazard
        h = collapse_hazard(y.base_hazard, y.leader_mortality, y.succession_failure)
        collapse = (1.0 - w) * h
        collapsed += standing * collapse
        t.collapse_in_year.append(standing * collapse)
        t.war_in_year.append(standing * (w + collapse * y.collapse_war_share))
        t.leader_change_in_year.append(
            standing * (1.0 - (1.0 - w) * (1.0 - y.base_hazard) * (1.0 - y.leader_mortality)))
        t.concession_in_year.append(v[N] * (p[N][F] + p[N][D]) + v[F] * p[F][D])
        t.missiles_in_year.append(standing * y.missile_rate)
        t.war_after_collapse += standing * collapse * y.collapse_war_share
        denuclearized += v[N] * p[N][D] + v[F] * p[F][D]
        conceded += unconceded * (p[N][F] + p[N][D])
        unconceded *= p[N][N]
        standing *= (1.0 - w) * (1.0 - h)
        leader *= (1.0 - w) * (1.0 - y.base_hazard) * (1.0 - y.leader_mortality)
        v = step(v, p)
        t.collapse_hazard.append(collapse)
        t.collapse_by.append(collapsed)
        t.denuclearization_by.append(denuclearized)
        t.war_by.append(v[W])
        t.in_freeze.append(v[F])
        t.leader_change_by.append(1.0 - leader)
        t.unification_by.append(v[NU] + v[AU])
        t.concession_by.append(conceded)
    t.distribution = v
    return t


def limit(y: Year) -> List[float]:
    """The distribution as the horizon grows without end, for constant
    values `y` (every standing regime is eventually absorbed, since the
    yearly absorption w + (1 - w) h does not depend on the programme)."""
    w = y.war_hazard
    collapse = (1.0 - w) * collapse_hazard(y.base_hazard, y.leader_mortality, y.succession_failure)
    absorbed = w + collapse
    if absorbed <= 0.0:
        return [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    split = collapse_split(y.collapse_war_share, y.unification_share, y.neutral_share)
    return [(w + collapse * split[0]) / absorbed] + \
        [collapse * s / absorbed for s in split[1:]] + [0.0, 0.0, 0.0]


# --- Explanation ------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{100.0 * x:.1f}%"


def explain(years: Sequence[Year], t: Trajectory, start_year: int) -> List[str]:
    """Which reference class drove what, with numbers (first-year values)."""
    y0, y1 = years[0], years[-1]
    end = start_year + len(years) - 1
    d = t.distribution
    h0 = collapse_hazard(y0.base_hazard, y0.leader_mortality, y0.succession_failure)
    h1 = collapse_hazard(y1.base_hazard, y1.leader_mortality, y1.succession_failure)
    hazard = (
        f"Collapse by {end}: {_pct(t.collapse_by[-1])} from a {start_year} hazard of "
        f"{_pct(h0)}/yr = full-autocracy base rate {_pct(y0.base_hazard)}/yr (PITF, Goldstone et "
        f"al. 2010) + leader death {_pct(y0.leader_mortality)}/yr x failed succession "
        f"{_pct(y0.succession_failure)} (Kendall-Taylor & Frantz 2016)"
    )
    if h1 != h0:
        hazard += f"; {end} hazard {_pct(h1)}/yr"
    standing = d[N] + d[F] + d[D]
    split = collapse_split(y0.collapse_war_share, y0.unification_share, y0.neutral_share)
    c = annual_rate(y0.sanctions_success, y0.episode_years)
    return [
        hazard,
        f"War by {end}: {_pct(d[W])}, of which {_pct(d[W] - t.war_after_collapse)} from the "
        f"peninsula's base rate {_pct(y0.war_hazard)}/yr (no interstate war since the 1953 "
        f"armistice) and {_pct(t.war_after_collapse)} from collapses ending in war (share "
        f"{_pct(y0.collapse_war_share)}: Vietnam 1975, 1 of 3 divided-nation endings)",
        f"A collapse ends: war {_pct(split[0])}, successor-state {_pct(split[3])} (unification "
        f"share {_pct(y0.unification_share)}: Germany and Yemen 1990 unified, yet fallen regimes' "
        f"states usually live on), "
        f"neutral-unification {_pct(split[1])} (Germany 1990, Two-Plus-Four: neutral share "
        f"{_pct(y0.neutral_share)}), aligned-unification {_pct(split[2])} -> successor-state "
        f"{_pct(d[SS])}, neutral-unification {_pct(d[NU])}, aligned-unification {_pct(d[AU])}",
        f"Regime stands in {end} with P={standing:.2f}: sanctions succeed in "
        f"{_pct(y0.sanctions_success)} of {y0.episode_years:g}-year episodes (HSE 34%, Pape ~4%), "
        f"a freeze rate of {_pct(c)}/yr; freezes break down at {_pct(y0.freeze_breakdown)}/yr "
        f"(Agreed Framework 1994-2002); rollback {_pct(y0.rollback_rate)}/yr (South Africa "
        f"1990-91) -> nuclear-status-quo {_pct(d[N])}, freeze {_pct(d[F])}, denuclearization "
        f"{_pct(d[D])}",
    ]


# --- The model's entry points ---------------------------------------------------


def forecast(input) -> Forecast:
    """One forecast: reads every parameter per year, runs the chain."""
    p = Params(input, PARAMS)
    if p.horizon < 1:
        raise ModelError("the base-rates model needs a horizon of at least one year")
    years = read_years(p)
    t = run(years)
    d = t.distribution
    out = Forecast(
        p.horizon,
        war=d[W],
        neutral_unification=d[NU],
        aligned_unification=d[AU],
        successor_state=d[SS],
        nuclear_status_quo=d[N],
        freeze=d[F],
        denuclearization=d[D],
    )
    out.series("collapse_hazard", t.collapse_hazard)
    out.series("collapse_by", t.collapse_by)
    out.series("denuclearization_by", t.denuclearization_by)
    out.series("base-rates.war_by", t.war_by)
    out.series("base-rates.in_freeze", t.in_freeze)
    out.series("leader_change_by", t.leader_change_by)
    out.series("unification_by", t.unification_by)
    out.series("concession_by", t.concession_by)
    out.series("collapse_in_year", t.collapse_in_year)
    out.series("war_in_year", t.war_in_year)
    out.series("leader_change_in_year", t.leader_change_in_year)
    out.series("concession_in_year", t.concession_in_year)
    out.series("missiles_in_year", t.missiles_in_year)
    if p.explain:
        out.explain(*explain(years, t, p.start_year))
    return out.check(INFO)
