/*
 * test_collapse.c: native tests of `collapse-c`: the mechanism's properties
 * and the hand-computed numbers of the Rust model's unit tests
 * (crates/collapse, crates/vocab), the declaration table, and the two
 * exports called natively through the helper and the generated bindings.
 *
 *   make test      (zig cc for the host machine; or any C compiler: CC=cc)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collapse.h"
#include "forecast_model.h"
#include "params.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                              \
    do {                                                                         \
        checks++;                                                                \
        if (!(cond)) {                                                           \
            failures++;                                                          \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                        \
    } while (0)

#define NEAR(a, b, tol)                                                           \
    do {                                                                          \
        checks++;                                                                 \
        double a_ = (a), b_ = (b);                                                \
        if (!(fabs(a_ - b_) <= (tol))) {                                          \
            failures++;                                                           \
            fprintf(stderr, "%s:%d: %s = %.17g, expected %.17g (tolerance %g)\n", \
                    __FILE__, __LINE__, #a, a_, b_, (double)(tol));               \
        }                                                                         \
    } while (0)

/* Every year at the declared defaults. */
static collapse_year_t default_year(void) {
    fm_params_t p;
    fm_params_defaults(&p, COLLAPSE_PARAMS, COLLAPSE_PARAM_COUNT, 1);
    return collapse_read_year(&p, 0);
}

/* A trajectory over `n` default years, with its own arrays. */
typedef struct {
    collapse_year_t years[64];
    collapse_step_t steps[64];
    double series[13][64];
    collapse_trajectory_t t;
} run_t;

static void run_defaults(run_t *r, size_t n) {
    for (size_t k = 0; k < n; k++) {
        r->years[k] = default_year();
    }
    r->t = (collapse_trajectory_t){
        .n = n,
        .steps = r->steps,
        .collapse_hazard = r->series[0],
        .collapse_by = r->series[1],
        .denuclearization_by = r->series[2],
        .china_pressure = r->series[3],
        .refugees_to_china = r->series[4],
        .troops_needed = r->series[5],
        .pla_entry = r->series[6],
        .leader_change_by = r->series[7],
        .unification_by = r->series[8],
        .concession_by = r->series[9],
        .collapse_in_year = r->series[10],
        .leader_change_in_year = r->series[11],
        .concession_in_year = r->series[12],
    };
    collapse_run(r->years, &r->t);
}

static void test_vocab_interpolation(void) {
    CHECK(collapse_pledge_credibility(0.0) == 0.0);
    CHECK(collapse_pledge_credibility(3.0) == 0.8);
    NEAR(collapse_pledge_credibility(2.5), 0.675, 1e-12);
    CHECK(collapse_pledge_credibility(9.0) == 0.8);
    CHECK(collapse_pledge_credibility(NAN) == 0.0);
    CHECK(collapse_rung_bite(5.0) == 1.0);
    NEAR(collapse_rung_bite(1.5), 0.175, 1e-12);
    CHECK(collapse_rung_bite(-1.0) == 0.0);
    CHECK(collapse_rung_bite(1.0) == 0.1);
}

static void test_hazards(void) {
    CHECK(collapse_effective_enforcement(0.0, 0.15) == 0.15);
    CHECK(collapse_effective_enforcement(1.0, 0.15) == 1.0);
    NEAR(collapse_effective_enforcement(0.3, 0.15), 0.405, 1e-12);
    CHECK(collapse_pressure(0.0, 1.0, 0.1) == 0.0);
    NEAR(collapse_pressure(5.0, 1.0, 0.0), 1.0, 1e-15);
    NEAR(collapse_pressure(1.0, 0.405, 0.3), 0.1 * 0.405 * 0.7, 1e-15);
    CHECK(collapse_pressure(4.0, 0.5, 0.3) > collapse_pressure(3.0, 0.5, 0.3));
    CHECK(collapse_pressure(4.0, 0.5, 0.3) > collapse_pressure(4.0, 0.5, 0.5));
    CHECK(collapse_pressure_factor(0.47, 0.0) == 1.0);
    NEAR(collapse_pressure_factor(log(2.5), 1.0), 2.5, 1e-12);
    CHECK(collapse_aid_factor(1.0, 1.0) == 1.0);
    CHECK(collapse_aid_factor(1.0, 0.3) > 1.0);
    CHECK(collapse_aid_factor(1.0, 2.0) < 1.0);
    NEAR(collapse_aid_factor(1.0, 0.0), exp(1.0), 1e-12);
    NEAR(collapse_structural_hazard(0.01, 1.5, 2.0), 0.03, 1e-15);
    CHECK(collapse_structural_hazard(0.5, 3.0, 2.0) == 1.0);
    CHECK(collapse_yearly_hazard(0.0, 0.0) == 0.0);
    NEAR(collapse_yearly_hazard(0.01, 0.0104), 1.0 - 0.99 * 0.9896, 1e-15);
    CHECK(collapse_yearly_hazard(1.0, 0.3) == 1.0);
    double h = collapse_yearly_hazard(0.02, 0.01);
    CHECK(h < 0.03 && h > 0.02);
    NEAR(collapse_succession_hazard(0.08, 0.13), 0.0104, 1e-15);
    CHECK(collapse_concession_hazard(0.02, 0.69, 0.0, 0.41, 0.0) == 0.02);
    CHECK(collapse_concession_hazard(0.02, 0.69, 0.5, 0.41, 0.0) > 0.02);
    CHECK(collapse_concession_hazard(0.02, 0.69, 0.0, 0.41, 1.0) > 0.02);
    CHECK(collapse_concession_hazard(0.9, 1.5, 1.0, 1.0, 1.0) <= 1.0);
}

static void test_branch(void) {
    CHECK(collapse_logistic(0.0) == 0.5);
    CHECK(collapse_logistic(40.0) <= 1.0 && collapse_logistic(40.0) > 0.999);
    CHECK(collapse_logistic(-40.0) >= 0.0 && collapse_logistic(-40.0) < 0.001);
    NEAR(collapse_logistic(1.3) + collapse_logistic(-1.3), 1.0, 1e-15);
    CHECK(collapse_troops_needed(15.0, 24e6) == 360000.0);
    CHECK(collapse_refugees(0.01, 24e6) == 240000.0);

    double none = collapse_buffer_at_stake(0.7, collapse_pledge_credibility(0.0), 0.8);
    double treaty = collapse_buffer_at_stake(0.7, collapse_pledge_credibility(3.0), 0.8);
    NEAR(none, 0.56, 1e-12);
    NEAR(treaty, 0.112, 1e-12);

    const double theta[4] = {-1.0, 3.0, 1.0, 1.5};
    double rp = collapse_refugee_pressure(0.15, 0.01);
    NEAR(rp, 0.15, 1e-12);
    double baseline = collapse_pla_entry_probability(theta, 0.56, rp, 0.0);
    double pledge = collapse_pla_entry_probability(theta, 0.112, rp, 0.0);
    double both = collapse_pla_entry_probability(theta, 0.112, rp, 1.0);
    /* logistic(-1 + 3 x 0.56 + 0.15) = logistic(0.83) = 0.69635... */
    NEAR(baseline, 1.0 / (1.0 + exp(-0.83)), 1e-15);
    NEAR(baseline, 0.6964, 1e-3);
    CHECK(pledge < baseline && both < pledge);
    CHECK(collapse_pla_entry_probability(theta, 0.56, collapse_refugee_pressure(0.15, 0.02),
                                         0.0) > baseline);

    NEAR(collapse_allied_entry_probability(0.7, 0.0, 0.5), 0.85, 1e-12);
    CHECK(collapse_allied_entry_probability(0.7, 0.8, 0.5) < 0.85);
    CHECK(collapse_allied_entry_probability(0.7, 1.0, 0.5) == 0.5);
    CHECK(collapse_clash_probability(0.3, 0.5, 0.0) == 0.3);
    CHECK(collapse_clash_probability(0.3, 0.5, 1.0) == 0.15);
    CHECK(collapse_neutral_share(0.8, 1.0, 0.5) == 0.8);
    CHECK(collapse_neutral_share(0.8, 0.0, 0.5) == 0.4);
    CHECK(collapse_neutral_share(0.0, 1.0, 0.5) == 0.0);

    collapse_split_t s = collapse_post_collapse_split(0.7, 0.85, 0.3, 0.85, 0.0);
    NEAR(collapse_split_total(s), 1.0, 1e-15);
    NEAR(s.war, 0.7 * 0.85 * 0.3, 1e-15);
    CHECK(s.neutral_unification == 0.0);
    NEAR(s.aligned_unification, 0.3 * 0.85, 1e-15);
    CHECK(collapse_post_collapse_split(0.0, 0.5, 0.3, 1.0, 1.0).neutral_unification == 1.0);
    CHECK(collapse_post_collapse_split(1.0, 0.0, 0.3, 0.85, 0.5).successor_state == 1.0);

    collapse_split_t a = collapse_post_collapse_split(0.5, 0.5, 0.2, 0.9, 0.4);
    collapse_split_t zero = {0, 0, 0, 0};
    collapse_split_t acc =
        collapse_split_add_scaled(collapse_split_add_scaled(zero, 0.25, a), 0.75, a);
    NEAR(collapse_split_total(acc), 1.0, 1e-15);
    NEAR(acc.war, a.war, 1e-15);
}

static void test_trajectory(void) {
    static run_t r;
    run_defaults(&r, 1);
    collapse_step_t s = r.steps[0];
    NEAR(s.pressure, 0.1 * 0.405 * 0.7, 1e-15);
    CHECK(s.aid_factor == 1.0);
    NEAR(s.hazard, 1.0 - (1.0 - 0.01 * s.pressure_factor) * (1.0 - 0.0104), 1e-15);
    NEAR(s.pla, 0.6964, 1e-3);
    CHECK(s.troops == 360000.0);
    NEAR(collapse_split_total(s.split), 1.0, 1e-15);

    run_defaults(&r, 20);
    double surv = 1.0;
    for (size_t k = 0; k < 20; k++) {
        surv *= 1.0 - r.t.collapse_hazard[k];
        CHECK(r.t.collapse_by[k] == 1.0 - surv);
        if (k > 0) {
            CHECK(r.t.collapse_by[k] >= r.t.collapse_by[k - 1]);
            CHECK(r.t.denuclearization_by[k] >= r.t.denuclearization_by[k - 1]);
        }
    }
    NEAR(collapse_split_total(r.t.collapse), 1.0 - r.t.survival, 1e-12);
    double total = r.t.collapse.war + r.t.collapse.neutral_unification +
                   r.t.collapse.aligned_unification + r.t.collapse.successor_state +
                   r.t.nuclear_status_quo + r.t.freeze + r.t.denuclearization;
    NEAR(total, 1.0, 1e-12);

    run_defaults(&r, 10);
    NEAR(r.t.nuclear_status_quo + r.t.freeze + r.t.denuclearization, r.t.survival, 1e-12);
    /* Freezes break down, denuclearisation stays. */
    CHECK(r.t.denuclearization / (r.t.freeze + r.t.denuclearization) > 0.3);
    CHECK(r.t.denuclearization_by[9] >= r.t.denuclearization);

    run_defaults(&r, 5);
    double prev = 0.0;
    for (size_t k = 0; k < 5; k++) {
        NEAR(r.t.refugees_to_china[k], (r.t.collapse_by[k] - prev) * 240000.0, 1e-6);
        prev = r.t.collapse_by[k];
    }

    /* The in-year events are the year's flows. */
    run_defaults(&r, 20);
    double collapsed = 0.0, conceded = 0.0;
    for (size_t k = 0; k < 20; k++) {
        NEAR(r.t.collapse_in_year[k], r.t.collapse_by[k] - collapsed, 1e-15);
        /* A first agreement, or a new one after a breakdown. */
        CHECK(r.t.concession_in_year[k] >= r.t.concession_by[k] - conceded - 1e-15);
        CHECK(r.t.leader_change_in_year[k] >= 0.08 * (1.0 - collapsed) - 1e-15);
        collapsed = r.t.collapse_by[k];
        conceded = r.t.concession_by[k];
    }

    /* Constant parameters: the same entry probability every year. */
    run_defaults(&r, 7);
    CHECK(r.t.pla_entry[6] == r.steps[0].pla);
}

static double step_pla(const collapse_step_t *s) { return s->pla; }

static void test_weighted_mean_of_a_constant(void) {
    static run_t r;
    run_defaults(&r, 7);
    NEAR(collapse_weighted(&r.t, step_pla), r.steps[0].pla, 1e-12);
}

static void test_declarations(void) {
    CHECK(COLLAPSE_PARAM_COUNT == 33);
    const char *groups[] = {"dprk.", "china.", "us.", "sanctions.", "levers.", "collapse."};
    for (size_t i = 0; i < COLLAPSE_PARAM_COUNT; i++) {
        const fm_param_t *d = &COLLAPSE_PARAMS[i];
        CHECK(d->name != NULL && d->description != NULL && d->unit != NULL &&
              d->source != NULL);
        if (d->name == NULL) {
            continue;
        }
        CHECK(d->min <= d->default_value && d->default_value <= d->max && d->min < d->max);
        CHECK(strlen(d->description) > 0 && strlen(d->source) > 0);
        bool grouped = false;
        for (size_t g = 0; g < FM_COUNT(groups); g++) {
            grouped |= strncmp(d->name, groups[g], strlen(groups[g])) == 0;
        }
        CHECK(grouped);
        for (size_t j = 0; j < i; j++) {
            CHECK(strcmp(COLLAPSE_PARAMS[j].name, d->name) != 0);
        }
        CHECK(fm_param_index(COLLAPSE_PARAMS, COLLAPSE_PARAM_COUNT, d->name) == (ptrdiff_t)i);
    }
    CHECK(fm_param_index(COLLAPSE_PARAMS, COLLAPSE_PARAM_COUNT, "collapse.nothing") == -1);
    CHECK(strcmp(COLLAPSE_PARAMS[P_BASE_HAZARD].name, "dprk.base_hazard") == 0);
    CHECK(strcmp(COLLAPSE_PARAMS[P_JOINT_PLAN].name, "levers.joint_stabilisation_plan") == 0);
    CHECK(strcmp(COLLAPSE_PARAMS[P_DENUCLEARIZATION_SHARE].name,
                 "collapse.denuclearization_share") == 0);
    CHECK(COLLAPSE_PARAMS[P_US_PLEDGE].min == 0.0 && COLLAPSE_PARAMS[P_US_PLEDGE].max == 3.0);
    CHECK(COLLAPSE_PARAMS[P_SANCTIONS_RUNG].max == 5.0);
    CHECK(COLLAPSE_PARAMS[P_CHINA_AID].max == 2.0);
    /* gamma: a hazard ratio of 1.6, ranging over ratios from 1 to e^3 */
    NEAR(exp(COLLAPSE_PARAMS[P_GAMMA].default_value), 1.6, 0.01);
    CHECK(COLLAPSE_PARAMS[P_GAMMA].min == 0.0 && COLLAPSE_PARAMS[P_GAMMA].max == 3.0);
}

/* ---- The exports, natively ------------------------------------------------ */

/* A malloc'd input as the host would lift it: every parameter a scalar at
 * its default except `name` (if not NULL), set to `value`. */
static fm_input_t make_input(uint32_t horizon, const char *name, double value) {
    fm_input_t in;
    memset(&in, 0, sizeof in);
    in.scenario = fm_string("test");
    in.start_year = 2007;
    in.horizon = horizon;
    in.explain = true;
    in.params.len = COLLAPSE_PARAM_COUNT;
    in.params.ptr = calloc(COLLAPSE_PARAM_COUNT, sizeof(fm_param_value_t));
    for (size_t i = 0; i < COLLAPSE_PARAM_COUNT; i++) {
        in.params.ptr[i].tag = EXPORTS_FORECAST_MODEL_MODEL_PARAM_VALUE_SCALAR;
        in.params.ptr[i].val.scalar = COLLAPSE_PARAMS[i].default_value;
        if (name != NULL && strcmp(COLLAPSE_PARAMS[i].name, name) == 0) {
            in.params.ptr[i].val.scalar = value;
        }
    }
    return in;
}

static void set_path(fm_input_t *in, size_t index, const double *v, size_t n) {
    in->params.ptr[index].tag = EXPORTS_FORECAST_MODEL_MODEL_PARAM_VALUE_PATH;
    in->params.ptr[index].val.path = fm_f64s(v, n);
}

/* The error of a forecast that must fail, as a C string (freed by caller). */
static char *forecast_error(fm_input_t in) {
    fm_forecast_output_t out;
    fm_string_t err = {NULL, 0};
    if (exports_forecast_model_model_forecast(&in, &out, &err)) {
        exports_forecast_model_model_forecast_output_free(&out);
        return NULL;
    }
    char *c = fm_cstring(err);
    plugin_string_free(&err);
    return c;
}

static bool str_contains(fm_string_t s, const char *needle) {
    char *c = fm_cstring(s);
    bool r = strstr(c, needle) != NULL;
    free(c);
    return r;
}

static void test_exports(void) {
    fm_model_info_t info;
    exports_forecast_model_model_info(&info);
    CHECK(fm_string_eq(info.id, "collapse"));
    CHECK(fm_string_eq(info.version, "0.4.0"));
    CHECK(info.parameters.len == COLLAPSE_PARAM_COUNT);
    CHECK(info.outcomes.len == 7);
    CHECK(info.indicators.len == 13);
    CHECK(info.references.len >= 10);
    CHECK(fm_string_eq(info.indicators.ptr[5].name, "leader_change_by"));
    CHECK(fm_string_eq(info.indicators.ptr[8].name, "collapse_in_year"));
    CHECK(fm_string_eq(info.indicators.ptr[11].name, "collapse.troops_needed"));
    CHECK(fm_string_eq(info.indicators.ptr[12].name, "collapse.pla_entry"));
    CHECK(fm_string_eq(info.parameters.ptr[P_POPULATION].name, "dprk.population"));
    CHECK(info.parameters.ptr[P_POPULATION].default_ == 24e6);
    CHECK(fm_string_eq(info.outcomes.ptr[6], "denuclearization"));
    CHECK(str_contains(info.summary, "C port"));
    exports_forecast_model_model_model_info_free(&info);

    /* A default forecast keeps the contract and explains itself. */
    fm_input_t in = make_input(20, NULL, 0.0);
    fm_forecast_output_t out;
    fm_string_t err = {NULL, 0};
    bool ok = exports_forecast_model_model_forecast(&in, &out, &err);
    CHECK(ok);
    if (ok) {
        const fm_outcomes_t *o = &out.outcomes;
        double sum = o->war + o->neutral_unification + o->aligned_unification +
                     o->successor_state + o->nuclear_status_quo + o->freeze +
                     o->denuclearization;
        NEAR(sum, 1.0, 1e-12);
        CHECK(o->neutral_unification == 0.0); /* no pledge: kappa = 0 */
        CHECK(out.indicators.len == 13);
        for (size_t k = 0; k < out.indicators.len; k++) {
            CHECK(out.indicators.ptr[k].values.len == 20);
        }
        CHECK(fm_string_eq(out.indicators.ptr[0].indicator, "collapse_hazard"));
        CHECK(fm_string_eq(out.indicators.ptr[11].indicator, "collapse.troops_needed"));
        CHECK(out.explanation.len >= 3 && out.explanation.len <= 5);
        if (out.explanation.len >= 2) {
            CHECK(str_contains(out.explanation.ptr[0], "Collapse by 2026: "));
            CHECK(str_contains(out.explanation.ptr[1],
                               "China enters after a collapse with P=0.70"));
            CHECK(str_contains(out.explanation.ptr[4], "360k stabilisation troops"));
        }
        /* A twin run by hand: the same numbers as the mathematics alone. */
        static run_t r;
        run_defaults(&r, 20);
        CHECK(o->war == r.t.collapse.war);
        CHECK(o->nuclear_status_quo == r.t.nuclear_status_quo);
        CHECK(out.indicators.ptr[12].values.ptr[19] == r.t.pla_entry[19]);
        CHECK(out.indicators.ptr[8].values.ptr[19] == r.t.collapse_in_year[19]);
        CHECK(out.indicators.ptr[9].values.ptr[19] == r.t.leader_change_in_year[19]);
        CHECK(out.indicators.ptr[5].values.ptr[19] == r.t.leader_change_by[19]);
        exports_forecast_model_model_forecast_output_free(&out);
    }

    /* No explanation unless asked. */
    in = make_input(3, NULL, 0.0);
    in.explain = false;
    ok = exports_forecast_model_model_forecast(&in, &out, &err);
    CHECK(ok && out.explanation.len == 0);
    if (ok) {
        exports_forecast_model_model_forecast_output_free(&out);
    }

    /* Paths: each year its value, past the end the last one holds. */
    in = make_input(3, NULL, 0.0);
    const double rungs[3] = {1.0, 3.0, 5.0};
    set_path(&in, P_SANCTIONS_RUNG, rungs, 3);
    fm_params_t p;
    CHECK(fm_params_init(&p, COLLAPSE_PARAMS, COLLAPSE_PARAM_COUNT, &in));
    CHECK(fm_at(&p, P_SANCTIONS_RUNG, 1) == 3.0);
    CHECK(fm_at(&p, P_SANCTIONS_RUNG, 7) == 5.0);
    CHECK(fm_is_path(&p, P_SANCTIONS_RUNG) && !fm_is_path(&p, P_US_PLEDGE));
    double v = 0.0;
    CHECK(fm_at_name(&p, "levers.sanctions_rung", 2, &v) && v == 5.0);
    CHECK(!fm_at_name(&p, "levers.nothing", 0, &v));
    ok = exports_forecast_model_model_forecast(&in, &out, &err);
    CHECK(ok);
    if (ok) {
        const double *pressure = out.indicators.ptr[3].values.ptr;
        CHECK(pressure[0] < pressure[1] && pressure[1] < pressure[2]);
        NEAR(pressure[2], 1.0 * 0.405 * 0.7, 1e-15);
        exports_forecast_model_model_forecast_output_free(&out);
    }

    /* What the contract refuses, with the parameter named. */
    char *e = forecast_error(make_input(5, "levers.us_pledge", 4.0));
    CHECK(e != NULL && strstr(e, "`levers.us_pledge` = 4 is outside its range [0, 3]"));
    free(e);
    e = forecast_error(make_input(5, "dprk.base_hazard", NAN));
    CHECK(e != NULL && strstr(e, "`dprk.base_hazard`"));
    free(e);
    e = forecast_error(make_input(0, NULL, 0.0));
    CHECK(e != NULL && strstr(e, "at least one year"));
    free(e);
    in = make_input(5, NULL, 0.0);
    in.params.len -= 1;
    e = forecast_error(in);
    CHECK(e != NULL && strstr(e, "32 parameter values for the 33"));
    free(e);
    in = make_input(4, NULL, 0.0);
    set_path(&in, P_CHINA_AID, rungs, 3);
    e = forecast_error(in);
    CHECK(e != NULL && strstr(e, "`levers.china_aid` has a path of 3 values for a horizon of 4"));
    free(e);
    in = make_input(3, NULL, 0.0);
    const double aid[3] = {1.0, 2.5, 1.0};
    set_path(&in, P_CHINA_AID, aid, 3);
    e = forecast_error(in);
    CHECK(e != NULL && strstr(e, "`levers.china_aid` = 2.5 is outside its range [0, 2]"));
    free(e);

    /* No values at all: every default. */
    in = make_input(20, NULL, 0.0);
    fm_forecast_output_t out_defaults;
    fm_param_values_t values = in.params;
    in.params.len = 0;
    in.params.ptr = NULL;
    free(values.ptr);
    ok = exports_forecast_model_model_forecast(&in, &out_defaults, &err);
    CHECK(ok);
    if (ok) {
        static run_t r;
        run_defaults(&r, 20);
        CHECK(out_defaults.outcomes.freeze == r.t.freeze);
        exports_forecast_model_model_forecast_output_free(&out_defaults);
    }
}

static void test_helper_checks(void) {
    char buf[40];
    CHECK(strcmp(fm_format_number(buf, sizeof buf, 0.005), "0.005") == 0);
    CHECK(strcmp(fm_format_number(buf, sizeof buf, 24e6), "24000000") == 0);
    CHECK(strcmp(fm_format_number(buf, sizeof buf, -3.0), "-3") == 0);
    CHECK(strcmp(fm_format_number(buf, sizeof buf, 1e-300), "1e-300") == 0);
    CHECK(fm_outcome_index("successor-state") == FM_SUCCESSOR_STATE);
    CHECK(fm_outcome_index("peace") == -1);

    static const fm_indicator_t inds[] = {{"collapse_by", "", ""}};
    static const fm_model_t m = {.id = "t", FM_INDICATORS(inds)};
    fm_forecast_output_t ret;
    fm_string_t err;
    fm_output_t out;
    char *c;

    fm_output_init(&out, 2, true);
    fm_outcome(&out, FM_WAR, 0.5);
    CHECK(!fm_output_finish(&out, &m, &ret, &err));
    c = fm_cstring(err);
    CHECK(strstr(c, "sum to 0.5, not 1") != NULL);
    free(c);
    plugin_string_free(&err);

    fm_output_init(&out, 2, true);
    fm_outcome(&out, FM_WAR, 1.5);
    fm_outcome(&out, FM_FREEZE, -0.5);
    CHECK(!fm_output_finish(&out, &m, &ret, &err));
    c = fm_cstring(err);
    CHECK(strstr(c, "P(war) = 1.5 is not a probability") != NULL);
    free(c);
    plugin_string_free(&err);

    fm_output_init(&out, 2, true);
    fm_outcome(&out, FM_WAR, 1.0);
    fm_series(&out, "collapse_by")[1] = NAN;
    CHECK(!fm_output_finish(&out, &m, &ret, &err));
    c = fm_cstring(err);
    CHECK(strstr(c, "series `collapse_by` holds NaN in year index 1") != NULL);
    free(c);
    plugin_string_free(&err);

    fm_output_init(&out, 2, true);
    fm_outcome(&out, FM_WAR, 1.0);
    fm_series(&out, "nothing");
    CHECK(!fm_output_finish(&out, &m, &ret, &err));
    plugin_string_free(&err);

    fm_output_init(&out, 2, true);
    fm_outcome(&out, FM_WAR, 1.0);
    fm_series(&out, "collapse_by");
    fm_series(&out, "collapse_by");
    CHECK(!fm_output_finish(&out, &m, &ret, &err));
    c = fm_cstring(err);
    CHECK(strstr(c, "emitted twice") != NULL);
    free(c);
    plugin_string_free(&err);

    fm_output_init(&out, 2, false);
    fm_outcome(&out, FM_DENUCLEARIZATION, 1.0);
    fm_explain(&out, "not kept: %d", 1);
    double v[2] = {0.25, 0.5};
    fm_series_copy(&out, "collapse_by", v);
    CHECK(fm_output_finish(&out, &m, &ret, &err));
    CHECK(ret.explanation.len == 0 && ret.indicators.len == 1);
    CHECK(ret.indicators.ptr[0].values.ptr[1] == 0.5);
    CHECK(ret.outcomes.denuclearization == 1.0 && ret.outcomes.war == 0.0);
    exports_forecast_model_model_forecast_output_free(&ret);

    fm_output_init(&out, 1, true);
    CHECK(!fm_fail(&out, "first %s", "error"));
    fm_fail(&out, "second");
    CHECK(!fm_output_finish(&out, NULL, &ret, &err));
    c = fm_cstring(err);
    CHECK(strcmp(c, "first error") == 0);
    free(c);
    plugin_string_free(&err);
}

int main(void) {
    test_vocab_interpolation();
    test_hazards();
    test_branch();
    test_trajectory();
    test_weighted_mean_of_a_constant();
    test_declarations();
    test_exports();
    test_helper_checks();
    if (failures > 0) {
        fprintf(stderr, "test_collapse: %d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("test_collapse: all %d checks passed\n", checks);
    return 0;
}
