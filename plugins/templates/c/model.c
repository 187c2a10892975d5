/*
 * {{id}}: a `forecast` model plugin in C.
 *
 * The skeleton: the regime falls with a constant yearly hazard h (the one
 * declared parameter); a collapse ends in a successor state, survival keeps
 * the nuclear status quo. Replace the mechanism, keep the shape:
 *
 *   1. declare every number the model reads in PARAMS (and its index in the
 *      enum, in the same order: the input's values come in that order);
 *   2. describe the model in MODEL (summary, references, indicators);
 *   3. compute the seven outcome probabilities (summing to 1), the yearly
 *      series and, when asked, a few explanation lines in {{ident}}_forecast.
 *
 * forecast_model.h documents the helper; bindings/plugin.h the generated
 * types. Keep the mathematics in functions that take plain numbers (like
 * yearly_survival below), so they can be tested natively.
 */
#include <math.h>

#include "forecast_model.h"

#define ID "{{id}}"

/* ---- Parameters: one enum constant per row of PARAMS, same order ---------- */

enum {
    P_HAZARD,
    P_COUNT
};

static const fm_param_t PARAMS[P_COUNT] = {
    /* A shared parameter, as the one table of shared priors declares it
     * (forecast_priors.h). A parameter of this model's own is prefixed with
     * its id: [P_MINE] = {.name = ID ".my_coefficient", .description = ...,
     * .default_value = ..., .min = ..., .max = ..., .unit = ..., .source = ...}. */
    [P_HAZARD] = FM_SHARED_DPRK_BASE_HAZARD,
};

/* ---- The model --------------------------------------------------------------- */

static const char *const REFERENCES[] = {
    "[A] a placeholder: the literature the mechanism and its numbers rest on, one reference each",
};

/* The outcomes the model distinguishes (the others are always 0). */
static const fm_outcome_t OUTCOMES[] = {FM_SUCCESSOR_STATE, FM_NUCLEAR_STATUS_QUO};

static const fm_indicator_t INDICATORS[] = {
    {"collapse_by", "cumulative P(collapse by the end of year t)", ""},
};

static const fm_model_t MODEL = {
    .id = ID,
    .name = "{{id}}: a constant collapse hazard",
    .version = "0.1.0",
    .summary = "The regime falls with a constant yearly hazard h; a collapse leaves a successor "
               "state, survival the nuclear status quo.",
    FM_REFERENCES(REFERENCES),
    FM_PARAMS(PARAMS),
    FM_OUTCOMES(OUTCOMES),
    FM_INDICATORS(INDICATORS),
};

/* ---- The mathematics ------------------------------------------------------------ */

/* P(the regime survives a year with collapse hazard h). */
static double yearly_survival(double h) {
    return 1.0 - h;
}

/* ---- The forecast ------------------------------------------------------------------ */

static bool {{ident}}_forecast(const fm_params_t *p, fm_output_t *out) {
    size_t n = p->horizon;
    if (n == 0) {
        return fm_fail(out, "%s needs a horizon of at least one year", ID);
    }
    double *collapse_by = fm_series(out, "collapse_by"); /* n values to fill */
    double alive = 1.0;
    for (size_t t = 0; t < n; t++) {
        alive *= yearly_survival(fm_at(p, P_HAZARD, t)); /* a path may vary by year */
        collapse_by[t] = 1.0 - alive;
    }
    fm_outcome(out, FM_SUCCESSOR_STATE, 1.0 - alive);
    fm_outcome(out, FM_NUCLEAR_STATUS_QUO, alive);
    /* Formatted only when the host asks (the central case). */
    fm_explain(out, "Collapse by %d: %.1f%% at a hazard of %.1f%%/yr in %d",
               (int)(p->start_year + (int32_t)n - 1), 100.0 * (1.0 - alive),
               100.0 * fm_scalar(p, P_HAZARD), (int)p->start_year);
    return true;
}

/* Defines the two exports the bindings call: info() and forecast(). */
FM_EXPORT_MODEL(MODEL, {{ident}}_forecast)
