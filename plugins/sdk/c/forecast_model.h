/*
 * forecast_model.h: the helper that C model plugins of `forecast` share.
 *
 * What it is for. A `forecast` model plugin is a WebAssembly component that
 * exports the interface `forecast:model/model@0.2.0` of `wit/model.wit`
 * (world `plugin`). In C the types and the canonical-ABI glue come from
 * `wit-bindgen c` (the committed `bindings/plugin.{h,c}`); this helper sits
 * between them and a model's mathematics, so that an author writes neither
 * allocation nor validation by hand:
 *
 *   - strings and lists of the generated types from C strings and arrays
 *     (`fm_string`, `fm_strings`, `fm_f64s`), each a malloc'd copy, which is
 *     what the generated code frees;
 *   - parameters declared in a static table (`fm_param_t`: name,
 *     description, default, min, max, unit, source) and a model described
 *     by `fm_model_t`, turned into `info()`'s `model-info` by `fm_info`;
 *   - one call's parameter values (`fm_params_t`): the count checked
 *     against the table, every value in [min, max], every path of `horizon`
 *     values, with a message naming the parameter; then the value of
 *     parameter `i` in year index `t` with `fm_at` (past the end of a path
 *     its last value holds). Parameters are indexed by an enum in
 *     declaration order (cheap); `fm_param_index`/`fm_at_name` look one up by
 *     name (a string comparison per declaration: fine once per call, not in
 *     a yearly loop);
 *   - the answer (`fm_output_t`): the seven outcome probabilities, yearly
 *     series and explanation lines (printf-style), checked as the contract
 *     states before they leave the plugin (every probability finite and in
 *     [0, 1], summing to 1 within 1e-9; every series `horizon` finite values,
 *     of a declared indicator, at most once), or an error string as the
 *     result's error;
 *   - `FM_EXPORT_MODEL(model, fn)`, which defines the two exported functions
 *     the bindings call, so a model is a table and one function:
 *
 *       enum { P_BASE_HAZARD, P_COUNT };
 *       static const fm_param_t PARAMS[P_COUNT] = {
 *           [P_BASE_HAZARD] = { "dprk.base_hazard", "h0: baseline annual collapse hazard",
 *                               0.01, 0.005, 0.02, "per year", "[A] Goldstone et al. 2010" },
 *       };
 *       static const fm_model_t MODEL = { .id = "hazard", .name = "Constant hazard",
 *           .version = "0.1.0", .summary = "...", FM_PARAMS(PARAMS) };
 *
 *       static bool forecast(const fm_params_t *p, fm_output_t *out) {
 *           double alive = 1.0;
 *           for (size_t t = 0; t < p->horizon; t++) alive *= 1.0 - fm_at(p, P_BASE_HAZARD, t);
 *           fm_outcome(out, FM_SUCCESSOR_STATE, 1.0 - alive);
 *           fm_outcome(out, FM_NUCLEAR_STATUS_QUO, alive);
 *           return true;
 *       }
 *       FM_EXPORT_MODEL(MODEL, forecast)
 *
 * What it is not. It is not a model (no mathematics beyond the checks), not
 * a host, and not the shared vocabulary: the shared outcome, indicator and
 * parameter names are documented in the project's VOCABULARY.md and checked
 * by the host when it loads a plugin. It does not generate bindings (that is
 * `wit-bindgen c`, whose output it includes as "plugin.h") and does not
 * replace them: the generated types stay visible for anything it does not
 * cover. It uses only the C standard library (malloc, string.h, vsnprintf,
 * strtod, math.h) and no stdio streams, so a plugin built with it imports
 * nothing from WASI.
 *
 * Memory. The bindings' conventions (plugin.h says little; plugin.c does
 * this):
 *   - what an export returns (the model-info, the forecast-output, or the
 *     error string) is freed, once the host has copied it, by the generated
 *     post-return function, with free() on every string and list of
 *     non-zero length: so every returned string and list must be malloc'd,
 *     never a string literal (plugin_string_set does not copy: do not use it
 *     for a returned value); the helper's constructors copy, and `fm_info`,
 *     `fm_output_finish` and `fm_error` build only such values;
 *   - the arguments of an export (the `forecast-input`, lifted into memory
 *     the host allocated through `cabi_realloc`) belong to the callee, which
 *     frees them: `fm_forecast` (and so `FM_EXPORT_MODEL`) frees the input
 *     after the model's function has returned, so a model must not keep
 *     pointers into it (fm_params_t points into it) past that call.
 * An allocation failure aborts (a trap in WebAssembly): the host reports it
 * like any trap.
 *
 * Building. Compile the model, this file and bindings/plugin.c together as
 * a WASI reactor, embed the contract, make the component:
 *
 *   zig cc --target=wasm32-wasi -mexec-model=reactor -O2 -s -ffp-contract=off \
 *       -Wl,-z,stack-size=1048576 -I. -Ibindings model.c forecast_model.c \
 *       bindings/plugin.c -lm -o core.wasm
 *   wasm-tools component embed wit --world plugin core.wasm -o embedded.wasm
 *   wasm-tools component new embedded.wasm -o model.wasm
 *
 * The committed bindings come without wit-bindgen's component-type object
 * file (hence `component embed`), yet plugin.c still references that
 * object's link anchor, `__component_type_object_force_link_plugin`: this
 * file defines it (weakly, as an empty function). A plugin that skips the
 * helper must define it itself. zig's default WebAssembly stack is 16 MiB,
 * which every instance would carry as memory: set a smaller one.
 *
 * Threads: none in WebAssembly; the helper keeps no global state.
 */
#ifndef FORECAST_MODEL_H
#define FORECAST_MODEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plugin.h"
#include "forecast_priors.h" /* the table of shared priors: FM_SHARED_* */

#ifdef __cplusplus
extern "C" {
#endif

/* The version of `forecast:model` these bindings and this helper speak. */
#define FM_CONTRACT_VERSION "0.2.0"

/* ---- The generated types, by short names ------------------------------- */

typedef plugin_string_t fm_string_t;
typedef plugin_list_string_t fm_strings_t;
typedef plugin_list_f64_t fm_f64s_t;
typedef exports_forecast_model_model_param_spec_t fm_param_spec_t;
typedef exports_forecast_model_model_list_param_spec_t fm_param_specs_t;
typedef exports_forecast_model_model_indicator_spec_t fm_indicator_spec_t;
typedef exports_forecast_model_model_list_indicator_spec_t fm_indicator_specs_t;
typedef exports_forecast_model_model_model_info_t fm_model_info_t;
typedef exports_forecast_model_model_param_value_t fm_param_value_t;
typedef exports_forecast_model_model_list_param_value_t fm_param_values_t;
typedef exports_forecast_model_model_forecast_input_t fm_input_t;
typedef exports_forecast_model_model_outcomes_t fm_outcomes_t;
typedef exports_forecast_model_model_series_t fm_series_t;
typedef exports_forecast_model_model_list_series_t fm_series_list_t;
typedef exports_forecast_model_model_forecast_output_t fm_forecast_output_t;

/* ---- The seven shared outcomes ------------------------------------------ */

/* The outcomes in the order of the contract's `outcomes` record (the
 * classification order). */
typedef enum fm_outcome {
    FM_WAR = 0,
    FM_NEUTRAL_UNIFICATION,
    FM_ALIGNED_UNIFICATION,
    FM_SUCCESSOR_STATE,
    FM_NUCLEAR_STATUS_QUO,
    FM_FREEZE,
    FM_DENUCLEARIZATION,
    FM_OUTCOME_COUNT
} fm_outcome_t;

/* Their ids: "war", "neutral-unification", ..., "denuclearization". */
extern const char *const fm_outcome_ids[FM_OUTCOME_COUNT];

/* The outcome with id `id`, or -1 if it is none of the seven. */
int fm_outcome_index(const char *id);

/* How far the outcome probabilities may sum from 1. */
#define FM_SUM_TOLERANCE 1e-9

/* ---- Strings and lists -------------------------------------------------- */

/* A malloc'd copy of the NUL-terminated `s` (NULL gives ""); the empty
 * string has ptr NULL and len 0. */
fm_string_t fm_string(const char *s);
/* A malloc'd copy of `len` bytes at `s`. */
fm_string_t fm_string_n(const char *s, size_t len);
/* A string formatted like printf (vsnprintf), malloc'd. */
fm_string_t fm_stringf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
fm_string_t fm_vstringf(const char *fmt, va_list ap);
/* A list of malloc'd copies of the `n` strings `s[0..n]`. */
fm_strings_t fm_strings(const char *const *s, size_t n);
/* A malloc'd copy of the `n` values `v[0..n]` (NULL: `n` zeros). */
fm_f64s_t fm_f64s(const double *v, size_t n);
/* A malloc'd NUL-terminated copy of a generated string (e.g. the input's
 * scenario id); free() it. */
char *fm_cstring(fm_string_t s);
/* Whether the generated string `s` equals the NUL-terminated `c`. */
bool fm_string_eq(fm_string_t s, const char *c);

/* The shortest decimal that reads back as `v` ("0.005", "24000000",
 * "1e-300"), as Rust's `{}` prints an f64: for messages. `buf` holds at
 * least 32 bytes; returns `buf`. */
char *fm_format_number(char *buf, size_t size, double v);

/* ---- Declarations ------------------------------------------------------- */

/* One parameter a model reads: a row of its static table. `name` is shared
 * (`dprk.base_hazard`, see VOCABULARY.md) or prefixed with the model id
 * (`collapse.gamma`); `unit` is "" for a dimensionless number; `source` says
 * where the default and range come from, "[A]" marking an assumption. */
typedef struct fm_param {
    const char *name;
    const char *description;
    double default_value;
    double min;
    double max;
    const char *unit;
    const char *source;
} fm_param_t;

/* One yearly series a model emits: a shared indicator id or one prefixed
 * with the model id. */
typedef struct fm_indicator {
    const char *name;
    const char *description;
    const char *unit;
} fm_indicator_t;

/* A model as `info()` describes it. Arrays with their lengths; FM_PARAMS,
 * FM_REFERENCES, FM_OUTCOMES and FM_INDICATORS fill both from an array. */
typedef struct fm_model {
    const char *id;      /* short stable id, lowercase with dashes */
    const char *name;    /* human-readable name */
    const char *version; /* the model's own semver */
    const char *summary; /* a paragraph on the mechanism */
    const char *const *references;
    size_t reference_count;
    const fm_param_t *params; /* in the order the input's values come */
    size_t param_count;
    /* The outcomes the model distinguishes; NULL (count 0) means all seven. */
    const fm_outcome_t *outcomes;
    size_t outcome_count;
    const fm_indicator_t *indicators;
    size_t indicator_count;
} fm_model_t;

#define FM_COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define FM_PARAMS(array) .params = (array), .param_count = FM_COUNT(array)
#define FM_REFERENCES(array) .references = (array), .reference_count = FM_COUNT(array)
#define FM_OUTCOMES(array) .outcomes = (array), .outcome_count = FM_COUNT(array)
#define FM_INDICATORS(array) .indicators = (array), .indicator_count = FM_COUNT(array)

/* Fills `ret` (the result of `info()`) from `m`: every string a malloc'd
 * copy, as the generated post-return function expects. */
void fm_info(const fm_model_t *m, fm_model_info_t *ret);

/* The `param-spec` list of a declaration table (malloc'd copies). */
fm_param_specs_t fm_param_specs(const fm_param_t *params, size_t count);

/* The index of the parameter named `name` in `params`, or -1. */
ptrdiff_t fm_param_index(const fm_param_t *params, size_t count, const char *name);

/* ---- One call's parameter values ---------------------------------------- */

/* Longest message the helper writes (longer ones are cut). */
#define FM_ERROR_MAX 512

/* One call's input, checked against the declaration table. Points into the
 * input: valid while the input is (see Memory above). */
typedef struct fm_params {
    const fm_param_t *decls;
    size_t count;
    /* The input's values in declaration order; NULL for all defaults (an
     * input with no values, as a native caller or a test may pass). */
    const fm_param_value_t *values;
    size_t horizon;     /* number of yearly steps */
    int32_t start_year; /* first forecast year */
    uint64_t seed;      /* the host's seed for this sample */
    bool explain;       /* whether explanation lines are wanted */
    fm_string_t scenario; /* the scenario id (borrowed from the input) */
    char error[FM_ERROR_MAX]; /* why fm_params_init failed */
} fm_params_t;

/* Checks `input` against the table `decls[0..count]`: one value per
 * declaration (or none: all defaults), each value in [min, max] (NaN is
 * refused), each path exactly `horizon` values. On success fills `p` and
 * returns true; else writes a message naming the parameter to `p->error`
 * and returns false. */
bool fm_params_init(fm_params_t *p, const fm_param_t *decls, size_t count,
                    const fm_input_t *input);

/* `p` with every parameter at its declared default (for native callers and
 * tests): start year 2007, explain on. */
void fm_params_defaults(fm_params_t *p, const fm_param_t *decls, size_t count,
                        size_t horizon);

/* The value of parameter `index` (its place in the table) in year index `t`
 * (0 = the start year): a scalar in every year; a path's value in year `t`,
 * its last value past its end; the default if the input has no values. */
double fm_at(const fm_params_t *p, size_t index, size_t t);

/* The value of parameter `index` in the start year. */
static inline double fm_scalar(const fm_params_t *p, size_t index) {
    return fm_at(p, index, 0);
}

/* Whether parameter `index` came as a yearly path. */
bool fm_is_path(const fm_params_t *p, size_t index);

/* By name: stores the value of `name` in year `t` in `*value` and returns
 * true, or returns false if the model does not declare `name`. */
bool fm_at_name(const fm_params_t *p, const char *name, size_t t, double *value);

/* ---- The answer --------------------------------------------------------- */

/* A forecast being built; see fm_output_init and fm_output_finish. */
typedef struct fm_output {
    size_t horizon;
    bool explain;
    double outcomes[FM_OUTCOME_COUNT]; /* by fm_outcome_t; start at 0 */
    fm_series_t *series;
    size_t series_count, series_capacity;
    fm_string_t *lines;
    size_t line_count, line_capacity;
    bool failed;
    char error[FM_ERROR_MAX];
} fm_output_t;

/* An empty forecast for `horizon` years; explanation lines are kept only if
 * `explain` (pass the input's: the host asks on the central case only). */
void fm_output_init(fm_output_t *out, size_t horizon, bool explain);

/* Adds `probability` to `outcome` (outcomes never set stay at 0). */
void fm_outcome(fm_output_t *out, fm_outcome_t outcome, double probability);

/* A new series for `indicator`: `horizon` zeros for the model to fill,
 * owned by `out`. The indicator name is copied. */
double *fm_series(fm_output_t *out, const char *indicator);

/* A new series for `indicator` with a copy of `values[0..horizon]`. */
void fm_series_copy(fm_output_t *out, const char *indicator, const double *values);

/* Adds an explanation line formatted like printf, if `out->explain`. */
void fm_explain(fm_output_t *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Adds the explanation line `line` (copied), if `out->explain`. */
void fm_explain_line(fm_output_t *out, const char *line);

/* Records an error message (the first one recorded wins) and returns false,
 * so a model's function can `return fm_fail(out, "...", ...);`. */
bool fm_fail(fm_output_t *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Checks the forecast against the contract and, on success, moves it into
 * `ret` and returns true. Otherwise (or if fm_fail was called) it frees
 * what was built, sets `*err` to the message and returns false: the
 * generated `forecast` export returns exactly that. `model` (may be NULL)
 * lets it check that each series is a declared indicator, at most once.
 * After the call `out` holds nothing to free. */
bool fm_output_finish(fm_output_t *out, const fm_model_t *model,
                      fm_forecast_output_t *ret, fm_string_t *err);

/* Frees what `out` holds, without building anything. */
void fm_output_discard(fm_output_t *out);

/* Sets `*err` to a malloc'd message formatted like printf and returns false:
 * the error of an export that returns `result<_, string>`. */
bool fm_error(fm_string_t *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- The exports -------------------------------------------------------- */

/* A model's forecast: read `p`, fill `out`; return false (through fm_fail)
 * for an input the model cannot handle. */
typedef bool (*fm_forecast_fn)(const fm_params_t *p, fm_output_t *out);

/* The whole `forecast` export: checks the input against `model`'s table,
 * runs `fn`, checks and moves its answer into `ret` (or sets `*err`), and
 * frees the input. */
bool fm_forecast(const fm_model_t *model, fm_forecast_fn fn, fm_input_t *input,
                 fm_forecast_output_t *ret, fm_string_t *err);

/* Defines the two functions the bindings export, for the model described
 * by the fm_model_t `model` and forecast by the fm_forecast_fn `fn`. Use it
 * once, at file scope, in one source file. */
#define FM_EXPORT_MODEL(model, fn)                                                   \
    void exports_forecast_model_model_info(fm_model_info_t *ret) {                   \
        fm_info(&(model), ret);                                                      \
    }                                                                                \
    bool exports_forecast_model_model_forecast(fm_input_t *input,                    \
                                               fm_forecast_output_t *ret,            \
                                               fm_string_t *err) {                   \
        return fm_forecast(&(model), (fn), input, ret, err);                         \
    }

#ifdef __cplusplus
}
#endif

#endif /* FORECAST_MODEL_H */
