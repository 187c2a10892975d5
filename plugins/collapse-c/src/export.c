/*
 * export.c: the C port of `collapse` as a plugin: what info() says, and forecast() as a
 * thin wrapper that reads each year's parameters, runs the recursion of
 * collapse.c straight into the output's series, and explains it. The
 * mathematics is in collapse.c and explain.c; the canonical ABI in the
 * generated bindings; the checks in the helper (forecast_model.c).
 */
#include <stdlib.h>

#include "collapse.h"
#include "forecast_model.h"
#include "params.h"

/* The Rust model's id: this is a drop-in twin (`--plugin` replaces the
 * built-in `collapse`), reading and emitting the same names. */
#define ID "collapse"

static const char *const REFERENCES[] = {
    "Pei, M. & Mastro, O. S. (2006). Op-ed on the six-party talks and the US-China endgame in North Korea. Financial Times, 13 December 2006.",
    "Goldstone, J. A., Bates, R. H., Epstein, D. L., Gurr, T. R., Lustik, M. B., Marshall, M. G., Ulfelder, J. & Woodward, M. (2010). A global model for forecasting political instability. American Journal of Political Science 54(1), 190-208.",
    "Kendall-Taylor, A. & Frantz, E. (2016). When dictators die. Journal of Democracy 27(4), 159-171.",
    "Escriba-Folch, A. & Wright, J. (2010). Dealing with tyranny: International sanctions and the survival of authoritarian rulers. International Studies Quarterly 54(2), 335-359.",
    "McLean, E. V. & Whang, T. (2010). Friends or foes? Major trading partners and the success of economic sanctions. International Studies Quarterly 54(2), 427-447.",
    "Fazal, T. M. (2004). State death in the international system. International Organization 58(2), 311-344.",
    "Coggins, B. L. (2017), on refugee flows after a North Korean collapse, as cited in the project's domain design: flows smaller and slower than planners assume.",
    "Quinlivan, J. T. (1995). Force requirements in stability operations. Parameters 25(4), 59-69.",
    "Bennett, B. W. & Lind, J. (2011). The collapse of North Korea: Military missions and requirements. International Security 36(2), 84-119.",
    "Stares, P. B. & Wit, J. S. (2009). Preparing for sudden change in North Korea. Council on Foreign Relations, Council Special Report No. 42.",
    "Lektzian, D. & Souva, M. (2007). An institutional theory of sanctions onset and success. Journal of Conflict Resolution 51(6), 848-871.",
    "Early, B. R. (2015). Busted Sanctions: Explaining Why Economic Sanctions Fail. Stanford University Press.",
    "Wit, J. S., Poneman, D. B. & Gallucci, R. L. (2004). Going Critical: The First North Korean Nuclear Crisis. Brookings Institution Press.",
    "Niksch, L. A. (2006). North Korea's Nuclear Weapons Program. Congressional Research Service, Issue Brief IB91141, revised 25 May 2006.",
};

static const char SUMMARY[] =
    "A C port of the `collapse` model (crates/collapse), built with zig cc and the project's "
    "C helper: the same id, parameters, mathematics, outcomes and indicators, a drop-in "
    "replacement for the built-in plugin. Its forecasts match the Rust plugin's to 1e-12 (bit for bit on the scenario "
    "library: zig's exp is the same algorithm as the Rust libm crate's). "
    "Regime collapse as a discrete-time hazard plus a post-collapse branch. Each year the "
    "regime falls with h_t = 1 - (1 - h_struct)(1 - m_t q): a structural hazard h_struct = "
    "min(1, h0 e^{gamma P_t} e^{-alpha (A_t - 1)}) raised by sanctions pressure P_t = "
    "bite(S_t) e_eff (1 - L), with enforcement e_eff = w + (1 - w) e_C dominated by China, "
    "and by cuts in Chinese aid A_t, plus the risk that the leader dies and the succession "
    "fails. After a collapse China sends the PLA in with P = logistic(theta0 + theta1 p_dep "
    "(1 - kappa) B + theta2 R_C phi - theta3 J): the buffer it stands to lose to US forces "
    "north of the 38th parallel, shrunk by a credible US pledge (kappa), outweighs refugees; "
    "a joint stabilisation plan J lowers it further. US/ROK forces go north with P = p_dep (1 "
    "- kappa) + ROK entry. PLA and US/ROK together clash into war with the clash probability "
    "(reduced by the plan), else partition the North; the PLA alone props up a successor "
    "state; with China out Korea unifies, neutrally in the share kappa (1 - dep (1 - J)) held "
    "by the pledge and plan, otherwise in the alliance. A surviving regime concedes at the "
    "base rate a0 raised by pressure and inducements, splitting into freeze and "
    "denuclearisation; a freeze breaks down at the rate b of the DPRK's agreements up to 2006 "
    "(1993, 2002, 2006), and the regime can agree again. Closed-form, no sampling: same input, "
    "same bits. Changed in 0.4.0, with the Rust model's 0.3.0: freezes break down (until then "
    "a concession was forever, so agreements could not recur). Changed in 0.2.0, with "
    "the Rust model: shared parameters come from the one table of shared priors, and every "
    "range is what the quantity can mean (0.1 declared the priors' 90% intervals, which "
    "truncated the scenarios' distributions); the mathematics is unchanged. Added in 0.3.0, with "
    "the Rust model: the yearly events collapse_in_year, leader_change_in_year and "
    "concession_in_year.";

static const fm_indicator_t INDICATORS[] = {
    {"collapse_hazard", "P(collapse in year t given survival to its start), h_t", "per year"},
    {"collapse_by", "cumulative P(collapse by the end of year t)", ""},
    {"denuclearization_by",
     "cumulative P(verified complete denuclearisation by the end of year t, regime alive then)",
     ""},
    {"china_pressure", "effective pressure on the regime, P_t = bite(S_t) e_eff (1 - L)", ""},
    {"refugees_to_china",
     "expected refugee flow into China in year t: P(collapse in t) x phi x Pop", "persons"},
    {"leader_change_by",
     "cumulative P(the start's leader has died, been incapacitated or fallen with the regime by "
     "the end of year t): 1 - prod (1 - m_s)(1 - h_struct_s)",
     ""},
    {"unification_by",
     "cumulative P(Korea unified by the end of year t): the neutral and aligned shares of each "
     "year's collapse mass",
     ""},
    {"concession_by",
     "cumulative P(the regime agreed to a freeze or to denuclearisation by the end of year t, "
     "standing at the end of that year; the first agreement, whatever came of it)",
     ""},
    {"collapse_in_year", "P(the regime collapses in year t): S_{t-1} h_t", ""},
    {"leader_change_in_year",
     "P(the leader in office at the start of year t goes in it, by death or incapacity (m_t) or "
     "a structural collapse, the regime standing at the start): S_{t-1} (1 - (1 - m_t)(1 - "
     "h_struct_t))",
     ""},
    {"concession_in_year",
     "P(the regime agrees in year t to a freeze or to denuclearisation, standing at its end): a "
     "first agreement, or a new one after a freeze broke down (F -> N with b)",
     ""},
    {ID ".troops_needed",
     "expected stabilisation force required in year t: P(collapsed by t) x rho x Pop / 1000 (a "
     "stabilisation mission lasts years, so the need persists after the collapse year)",
     "troops"},
    {ID ".pla_entry",
     "P(the PLA enters the North | collapse in year t), from China's entry logistic", ""},
};

static const fm_model_t MODEL = {
    .id = ID,
    .name = "Regime collapse: hazard and post-collapse branch (C port)",
    .version = "0.4.0",
    .summary = SUMMARY,
    FM_REFERENCES(REFERENCES),
    FM_PARAMS(COLLAPSE_PARAMS),
    .outcomes = NULL, /* all seven */
    FM_INDICATORS(INDICATORS),
};

static void emit_line(void *ctx, const char *line) {
    fm_explain_line((fm_output_t *)ctx, line);
}

static bool forecast(const fm_params_t *p, fm_output_t *out) {
    size_t n = p->horizon;
    if (n == 0) {
        return fm_fail(out, "the collapse model needs a horizon of at least one year");
    }
    collapse_year_t *years = malloc(n * sizeof *years);
    collapse_step_t *steps = p->explain ? malloc(n * sizeof *steps) : NULL;
    if (years == NULL || (p->explain && steps == NULL)) {
        free(years);
        free(steps);
        return fm_fail(out, "out of memory for a horizon of %zu years", n);
    }
    for (size_t t = 0; t < n; t++) {
        years[t] = collapse_read_year(p, t);
    }
    /* The series in the order the Rust model emits them. */
    collapse_trajectory_t tr = {.n = n, .steps = steps};
    tr.collapse_hazard = fm_series(out, "collapse_hazard");
    tr.collapse_by = fm_series(out, "collapse_by");
    tr.denuclearization_by = fm_series(out, "denuclearization_by");
    tr.china_pressure = fm_series(out, "china_pressure");
    tr.refugees_to_china = fm_series(out, "refugees_to_china");
    tr.leader_change_by = fm_series(out, "leader_change_by");
    tr.unification_by = fm_series(out, "unification_by");
    tr.concession_by = fm_series(out, "concession_by");
    tr.collapse_in_year = fm_series(out, "collapse_in_year");
    tr.leader_change_in_year = fm_series(out, "leader_change_in_year");
    tr.concession_in_year = fm_series(out, "concession_in_year");
    tr.troops_needed = fm_series(out, ID ".troops_needed");
    tr.pla_entry = fm_series(out, ID ".pla_entry");
    collapse_run(years, &tr);

    fm_outcome(out, FM_WAR, tr.collapse.war);
    fm_outcome(out, FM_SUCCESSOR_STATE, tr.collapse.successor_state);
    fm_outcome(out, FM_NEUTRAL_UNIFICATION, tr.collapse.neutral_unification);
    fm_outcome(out, FM_ALIGNED_UNIFICATION, tr.collapse.aligned_unification);
    fm_outcome(out, FM_NUCLEAR_STATUS_QUO, tr.nuclear_status_quo);
    fm_outcome(out, FM_FREEZE, tr.freeze);
    fm_outcome(out, FM_DENUCLEARIZATION, tr.denuclearization);
    if (p->explain) {
        collapse_explain(years, &tr, p->start_year, emit_line, out);
    }
    free(steps);
    free(years);
    return true;
}

FM_EXPORT_MODEL(MODEL, forecast)
