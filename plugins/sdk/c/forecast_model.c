/*
 * forecast_model.c: the helper that C model plugins of `forecast` share.
 * What it is for, what it is not, and who frees what: see forecast_model.h.
 */
#include "forecast_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The committed bindings are generated without wit-bindgen's component-type
 * object file (the contract is embedded by `wasm-tools component embed`
 * instead), but plugin.c still calls that object's link anchor to force it
 * into the link. This empty definition satisfies it; it is weak, so the real
 * object file, if one is linked, takes precedence. */
__attribute__((weak)) void __component_type_object_force_link_plugin(void) {}

const char *const fm_outcome_ids[FM_OUTCOME_COUNT] = {
    "war",
    "neutral-unification",
    "aligned-unification",
    "successor-state",
    "nuclear-status-quo",
    "freeze",
    "denuclearization",
};

int fm_outcome_index(const char *id) {
    for (int i = 0; i < FM_OUTCOME_COUNT; i++) {
        if (id != NULL && strcmp(fm_outcome_ids[i], id) == 0) {
            return i;
        }
    }
    return -1;
}

/* ---- Allocation ---------------------------------------------------------- */

/* malloc that never returns NULL (n == 0 gives a 1-byte block). An
 * allocation failure aborts: a trap in WebAssembly. */
static void *fm__alloc(size_t n) {
    void *p = malloc(n == 0 ? 1 : n);
    if (p == NULL) {
        abort();
    }
    return p;
}

static void *fm__calloc(size_t n, size_t size) {
    void *p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);
    if (p == NULL) {
        abort();
    }
    return p;
}

/* Grows `*items` (of `*capacity` elements of `size` bytes) to hold one more. */
static void fm__grow(void **items, size_t *capacity, size_t count, size_t size) {
    if (count < *capacity) {
        return;
    }
    size_t capacity2 = *capacity == 0 ? 8 : 2 * *capacity;
    void *p = realloc(*items, capacity2 * size);
    if (p == NULL) {
        abort();
    }
    *items = p;
    *capacity = capacity2;
}

/* ---- Strings and lists ---------------------------------------------------- */

fm_string_t fm_string_n(const char *s, size_t len) {
    fm_string_t r = {NULL, 0};
    if (len == 0) {
        return r;
    }
    r.ptr = fm__alloc(len);
    memcpy(r.ptr, s, len);
    r.len = len;
    return r;
}

fm_string_t fm_string(const char *s) {
    return s == NULL ? fm_string_n("", 0) : fm_string_n(s, strlen(s));
}

fm_string_t fm_vstringf(const char *fmt, va_list ap) {
    /* One pass into a stack buffer; a second only for a longer string. */
    char small[512];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n <= 0) {
        return fm_string_n("", 0);
    }
    if ((size_t)n < sizeof small) {
        return fm_string_n(small, (size_t)n);
    }
    char *buf = fm__alloc((size_t)n + 1);
    vsnprintf(buf, (size_t)n + 1, fmt, ap);
    fm_string_t r = {(uint8_t *)buf, (size_t)n};
    return r;
}

fm_string_t fm_stringf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fm_string_t r = fm_vstringf(fmt, ap);
    va_end(ap);
    return r;
}

fm_strings_t fm_strings(const char *const *s, size_t n) {
    fm_strings_t r = {NULL, 0};
    if (n == 0) {
        return r;
    }
    r.ptr = fm__alloc(n * sizeof(fm_string_t));
    for (size_t i = 0; i < n; i++) {
        r.ptr[i] = fm_string(s[i]);
    }
    r.len = n;
    return r;
}

fm_f64s_t fm_f64s(const double *v, size_t n) {
    fm_f64s_t r = {NULL, 0};
    if (n == 0) {
        return r;
    }
    r.ptr = fm__calloc(n, sizeof(double));
    if (v != NULL) {
        memcpy(r.ptr, v, n * sizeof(double));
    }
    r.len = n;
    return r;
}

char *fm_cstring(fm_string_t s) {
    char *c = fm__alloc(s.len + 1);
    if (s.len > 0) {
        memcpy(c, s.ptr, s.len);
    }
    c[s.len] = '\0';
    return c;
}

bool fm_string_eq(fm_string_t s, const char *c) {
    size_t n = strlen(c);
    return s.len == n && (n == 0 || memcmp(s.ptr, c, n) == 0);
}

char *fm_format_number(char *buf, size_t size, double v) {
    if (size == 0) {
        return buf;
    }
    if (isnan(v)) {
        snprintf(buf, size, "NaN");
        return buf;
    }
    if (isinf(v)) {
        snprintf(buf, size, v > 0 ? "inf" : "-inf");
        return buf;
    }
    double a = fabs(v);
    if (a == 0.0 || (a >= 1e-5 && a < 1e16)) {
        /* Plain decimal, fewest digits after the point that read back. */
        for (int d = 0; d <= 20; d++) {
            snprintf(buf, size, "%.*f", d, v);
            if (strtod(buf, NULL) == v) {
                return buf;
            }
        }
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, size, "%.*g", p, v);
        if (strtod(buf, NULL) == v) {
            break;
        }
    }
    return buf;
}

/* ---- Declarations ---------------------------------------------------------- */

fm_param_specs_t fm_param_specs(const fm_param_t *params, size_t count) {
    fm_param_specs_t r = {NULL, 0};
    if (count == 0) {
        return r;
    }
    r.ptr = fm__alloc(count * sizeof(fm_param_spec_t));
    for (size_t i = 0; i < count; i++) {
        const fm_param_t *d = &params[i];
        fm_param_spec_t *s = &r.ptr[i];
        s->name = fm_string(d->name);
        s->description = fm_string(d->description);
        s->default_ = d->default_value;
        s->min = d->min;
        s->max = d->max;
        s->unit = fm_string(d->unit);
        s->source = fm_string(d->source);
    }
    r.len = count;
    return r;
}

void fm_info(const fm_model_t *m, fm_model_info_t *ret) {
    ret->id = fm_string(m->id);
    ret->name = fm_string(m->name);
    ret->version = fm_string(m->version);
    ret->summary = fm_string(m->summary);
    ret->references = fm_strings(m->references, m->reference_count);
    ret->parameters = fm_param_specs(m->params, m->param_count);
    if (m->outcomes == NULL || m->outcome_count == 0) {
        ret->outcomes = fm_strings(fm_outcome_ids, FM_OUTCOME_COUNT);
    } else {
        const char *ids[FM_OUTCOME_COUNT];
        size_t n = 0;
        for (size_t i = 0; i < m->outcome_count && n < FM_OUTCOME_COUNT; i++) {
            ids[n++] = fm_outcome_ids[m->outcomes[i]];
        }
        ret->outcomes = fm_strings(ids, n);
    }
    fm_indicator_specs_t inds = {NULL, 0};
    if (m->indicator_count > 0) {
        inds.ptr = fm__alloc(m->indicator_count * sizeof(fm_indicator_spec_t));
        for (size_t i = 0; i < m->indicator_count; i++) {
            inds.ptr[i].name = fm_string(m->indicators[i].name);
            inds.ptr[i].description = fm_string(m->indicators[i].description);
            inds.ptr[i].unit = fm_string(m->indicators[i].unit);
        }
        inds.len = m->indicator_count;
    }
    ret->indicators = inds;
}

ptrdiff_t fm_param_index(const fm_param_t *params, size_t count, const char *name) {
    for (size_t i = 0; i < count; i++) {
        if (strcmp(params[i].name, name) == 0) {
            return (ptrdiff_t)i;
        }
    }
    return -1;
}

/* ---- One call's parameter values ------------------------------------------- */

bool fm_params_init(fm_params_t *p, const fm_param_t *decls, size_t count,
                    const fm_input_t *input) {
    memset(p, 0, sizeof *p);
    p->decls = decls;
    p->count = count;
    p->horizon = input->horizon;
    p->start_year = input->start_year;
    p->seed = input->seed;
    p->explain = input->explain;
    p->scenario = input->scenario;
    size_t n = input->params.len;
    if (n != 0 && n != count) {
        snprintf(p->error, sizeof p->error,
                 "the input has %zu parameter values for the %zu parameters this model declares",
                 n, count);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        const fm_param_t *d = &decls[i];
        const fm_param_value_t *v = &input->params.ptr[i];
        const double *values;
        size_t len;
        if (v->tag == EXPORTS_FORECAST_MODEL_MODEL_PARAM_VALUE_PATH) {
            values = v->val.path.ptr;
            len = v->val.path.len;
            if (len != p->horizon) {
                snprintf(p->error, sizeof p->error,
                         "parameter `%s` has a path of %zu values for a horizon of %zu years",
                         d->name, len, p->horizon);
                return false;
            }
        } else {
            values = &v->val.scalar;
            len = 1;
        }
        for (size_t k = 0; k < len; k++) {
            double x = values[k];
            if (!(x >= d->min && x <= d->max)) {
                char a[40], lo[40], hi[40];
                snprintf(p->error, sizeof p->error,
                         "parameter `%s` = %s is outside its range [%s, %s]", d->name,
                         fm_format_number(a, sizeof a, x),
                         fm_format_number(lo, sizeof lo, d->min),
                         fm_format_number(hi, sizeof hi, d->max));
                return false;
            }
        }
    }
    p->values = n == 0 ? NULL : input->params.ptr;
    return true;
}

void fm_params_defaults(fm_params_t *p, const fm_param_t *decls, size_t count,
                        size_t horizon) {
    memset(p, 0, sizeof *p);
    p->decls = decls;
    p->count = count;
    p->horizon = horizon;
    p->start_year = 2007;
    p->explain = true;
}

double fm_at(const fm_params_t *p, size_t index, size_t t) {
    if (index >= p->count) {
        return NAN; /* not declared: the output check refuses what it touches */
    }
    if (p->values == NULL) {
        return p->decls[index].default_value;
    }
    const fm_param_value_t *v = &p->values[index];
    if (v->tag == EXPORTS_FORECAST_MODEL_MODEL_PARAM_VALUE_PATH) {
        size_t len = v->val.path.len;
        if (len == 0) {
            return p->decls[index].default_value;
        }
        return v->val.path.ptr[t < len ? t : len - 1];
    }
    return v->val.scalar;
}

bool fm_is_path(const fm_params_t *p, size_t index) {
    return p->values != NULL && index < p->count &&
           p->values[index].tag == EXPORTS_FORECAST_MODEL_MODEL_PARAM_VALUE_PATH;
}

bool fm_at_name(const fm_params_t *p, const char *name, size_t t, double *value) {
    ptrdiff_t i = fm_param_index(p->decls, p->count, name);
    if (i < 0) {
        return false;
    }
    *value = fm_at(p, (size_t)i, t);
    return true;
}

/* ---- The answer ---------------------------------------------------------------- */

void fm_output_init(fm_output_t *out, size_t horizon, bool explain) {
    memset(out, 0, sizeof *out);
    out->horizon = horizon;
    out->explain = explain;
}

void fm_outcome(fm_output_t *out, fm_outcome_t outcome, double probability) {
    if ((int)outcome < 0 || outcome >= FM_OUTCOME_COUNT) {
        fm_fail(out, "fm_outcome: %d is not an outcome", (int)outcome);
        return;
    }
    out->outcomes[outcome] += probability;
}

double *fm_series(fm_output_t *out, const char *indicator) {
    fm__grow((void **)&out->series, &out->series_capacity, out->series_count,
             sizeof(fm_series_t));
    fm_series_t *s = &out->series[out->series_count++];
    s->indicator = fm_string(indicator);
    /* Always a block (the caller fills it); fm_output_finish frees the
     * block of an empty series, which post-return would not. */
    s->values.ptr = fm__calloc(out->horizon, sizeof(double));
    s->values.len = out->horizon;
    return s->values.ptr;
}

void fm_series_copy(fm_output_t *out, const char *indicator, const double *values) {
    double *v = fm_series(out, indicator);
    if (out->horizon > 0) {
        memcpy(v, values, out->horizon * sizeof(double));
    }
}

static void fm__push_line(fm_output_t *out, fm_string_t line) {
    fm__grow((void **)&out->lines, &out->line_capacity, out->line_count,
             sizeof(fm_string_t));
    out->lines[out->line_count++] = line;
}

void fm_explain(fm_output_t *out, const char *fmt, ...) {
    if (!out->explain) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    fm__push_line(out, fm_vstringf(fmt, ap));
    va_end(ap);
}

void fm_explain_line(fm_output_t *out, const char *line) {
    if (out->explain) {
        fm__push_line(out, fm_string(line));
    }
}

bool fm_fail(fm_output_t *out, const char *fmt, ...) {
    if (!out->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(out->error, sizeof out->error, fmt, ap);
        va_end(ap);
        out->failed = true;
    }
    return false;
}

static void fm__free_string(fm_string_t *s) {
    if (s->ptr != NULL) {
        free(s->ptr);
    }
    s->ptr = NULL;
    s->len = 0;
}

void fm_output_discard(fm_output_t *out) {
    for (size_t i = 0; i < out->series_count; i++) {
        fm__free_string(&out->series[i].indicator);
        free(out->series[i].values.ptr);
    }
    free(out->series);
    for (size_t i = 0; i < out->line_count; i++) {
        fm__free_string(&out->lines[i]);
    }
    free(out->lines);
    out->series = NULL;
    out->series_count = out->series_capacity = 0;
    out->lines = NULL;
    out->line_count = out->line_capacity = 0;
}

/* The indicator name of series `s` as a NUL-terminated string in `buf`. */
static const char *fm__name(const fm_series_t *s, char *buf, size_t size) {
    size_t n = s->indicator.len < size - 1 ? s->indicator.len : size - 1;
    if (n > 0) {
        memcpy(buf, s->indicator.ptr, n);
    }
    buf[n] = '\0';
    return buf;
}

/* The contract's checks; false with a message in out->error. */
static bool fm__check(fm_output_t *out, const fm_model_t *model) {
    if (out->failed) {
        return false;
    }
    char num[40], name[128];
    double sum = 0.0;
    for (int i = 0; i < FM_OUTCOME_COUNT; i++) {
        double p = out->outcomes[i];
        if (!isfinite(p) || !(p >= 0.0 && p <= 1.0)) {
            return fm_fail(out, "P(%s) = %s is not a probability", fm_outcome_ids[i],
                           fm_format_number(num, sizeof num, p));
        }
        sum += p;
    }
    if (fabs(sum - 1.0) > FM_SUM_TOLERANCE) {
        return fm_fail(out, "outcome probabilities sum to %s, not 1",
                       fm_format_number(num, sizeof num, sum));
    }
    for (size_t k = 0; k < out->series_count; k++) {
        const fm_series_t *s = &out->series[k];
        if (s->values.len != out->horizon) {
            return fm_fail(out, "series `%s` has %zu values for a horizon of %zu years",
                           fm__name(s, name, sizeof name), s->values.len, out->horizon);
        }
        for (size_t t = 0; t < s->values.len; t++) {
            if (!isfinite(s->values.ptr[t])) {
                return fm_fail(out, "series `%s` holds %s in year index %zu",
                               fm__name(s, name, sizeof name),
                               fm_format_number(num, sizeof num, s->values.ptr[t]), t);
            }
        }
        if (model != NULL) {
            bool declared = false;
            for (size_t i = 0; i < model->indicator_count && !declared; i++) {
                declared = fm_string_eq(s->indicator, model->indicators[i].name);
            }
            if (!declared) {
                return fm_fail(out, "series `%s` is not an indicator the model declares",
                               fm__name(s, name, sizeof name));
            }
            for (size_t j = 0; j < k; j++) {
                const fm_string_t *a = &out->series[j].indicator;
                if (a->len == s->indicator.len &&
                    (a->len == 0 || memcmp(a->ptr, s->indicator.ptr, a->len) == 0)) {
                    return fm_fail(out, "series `%s` is emitted twice",
                                   fm__name(s, name, sizeof name));
                }
            }
        }
    }
    return true;
}

bool fm_output_finish(fm_output_t *out, const fm_model_t *model,
                      fm_forecast_output_t *ret, fm_string_t *err) {
    if (!fm__check(out, model)) {
        fm_output_discard(out);
        *err = fm_string(out->error[0] != '\0' ? out->error : "the model failed");
        return false;
    }
    fm_outcomes_t *o = &ret->outcomes;
    o->war = out->outcomes[FM_WAR];
    o->neutral_unification = out->outcomes[FM_NEUTRAL_UNIFICATION];
    o->aligned_unification = out->outcomes[FM_ALIGNED_UNIFICATION];
    o->successor_state = out->outcomes[FM_SUCCESSOR_STATE];
    o->nuclear_status_quo = out->outcomes[FM_NUCLEAR_STATUS_QUO];
    o->freeze = out->outcomes[FM_FREEZE];
    o->denuclearization = out->outcomes[FM_DENUCLEARIZATION];

    /* Lists of length 0 are not freed by post-return: free their blocks here
     * and hand over NULL. */
    for (size_t k = 0; k < out->series_count; k++) {
        if (out->series[k].values.len == 0) {
            free(out->series[k].values.ptr);
            out->series[k].values.ptr = NULL;
        }
    }
    ret->indicators.ptr = out->series;
    ret->indicators.len = out->series_count;
    if (out->series_count == 0) {
        free(out->series);
        ret->indicators.ptr = NULL;
    }
    ret->explanation.ptr = out->lines;
    ret->explanation.len = out->line_count;
    if (out->line_count == 0) {
        free(out->lines);
        ret->explanation.ptr = NULL;
    }
    out->series = NULL;
    out->series_count = out->series_capacity = 0;
    out->lines = NULL;
    out->line_count = out->line_capacity = 0;
    return true;
}

bool fm_error(fm_string_t *err, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    *err = fm_vstringf(fmt, ap);
    va_end(ap);
    return false;
}

/* ---- The exports ------------------------------------------------------------------ */

bool fm_forecast(const fm_model_t *model, fm_forecast_fn fn, fm_input_t *input,
                 fm_forecast_output_t *ret, fm_string_t *err) {
    /* Large structs stay off the (small) WebAssembly shadow stack. */
    fm_params_t *p = fm__alloc(sizeof *p);
    fm_output_t *out = fm__alloc(sizeof *out);
    bool ok;
    if (!fm_params_init(p, model->params, model->param_count, input)) {
        ok = fm_error(err, "%s", p->error);
    } else {
        fm_output_init(out, p->horizon, p->explain);
        if (!fn(p, out) && !out->failed) {
            fm_fail(out, "the model `%s` failed", model->id);
        }
        ok = fm_output_finish(out, model, ret, err);
    }
    free(out);
    free(p);
    /* The input belongs to the export (the generated code does not free it). */
    exports_forecast_model_model_forecast_input_free(input);
    return ok;
}
