/*
 * explain.c: the explanation lines of `collapse-c`, as explain.rs writes
 * them for `collapse`: which mechanism drove the forecast, with numbers.
 * Rust's `{:.1}` and `{:.2}` are printf's `%.1f` and `%.2f`.
 */
#include "collapse.h"

#include <math.h>
#include <stdio.h>

/* A percentage with one decimal, "12.3%", in `buf` (32 bytes). */
static const char *pct(char *buf, double x) {
    snprintf(buf, 32, "%.1f%%", 100.0 * x);
    return buf;
}

static double step_pla(const collapse_step_t *s) { return s->pla; }
static double step_buffer_at_stake(const collapse_step_t *s) { return s->buffer_at_stake; }
static double step_kappa(const collapse_step_t *s) { return s->kappa; }
static double step_refugee_pressure(const collapse_step_t *s) { return s->refugee_pressure; }
static double step_joint_plan(const collapse_step_t *s) { return s->joint_plan; }
static double step_both_enter(const collapse_step_t *s) { return s->pla * s->allied; }
static double step_clash(const collapse_step_t *s) { return s->clash; }
static double step_neutral_share(const collapse_step_t *s) { return s->neutral_share; }

int collapse_explain(const collapse_year_t *years, const collapse_trajectory_t *t,
                     int32_t start_year, void (*emit)(void *ctx, const char *line),
                     void *ctx) {
    if (t->n == 0 || t->steps == NULL) {
        return 0;
    }
    const collapse_year_t *first = &years[0];
    const collapse_step_t *s0 = &t->steps[0];
    const collapse_step_t *last = &t->steps[t->n - 1];
    int32_t end_year = start_year + (int32_t)t->n - 1;
    double collapse_by = t->collapse_by[t->n - 1];
    char line[COLLAPSE_LINE_MAX];
    char a[32], b[32], c[32], d[32], e[32], f[32], g[32];
    int lines = 0;

    int len = snprintf(line, sizeof line,
                       "Collapse by %d: %s (%d hazard %s/yr = baseline %s/yr x pressure %.2f x "
                       "aid cut %.2f, plus leader death with succession failure %s/yr",
                       (int)end_year, pct(a, collapse_by), (int)start_year, pct(b, s0->hazard),
                       pct(c, first->base_hazard), s0->pressure_factor, s0->aid_factor,
                       pct(d, s0->succession_hazard));
    if (t->n > 1 && last->hazard != s0->hazard && len >= 0 && (size_t)len < sizeof line) {
        len += snprintf(line + len, sizeof line - (size_t)len, "; %d hazard %s/yr",
                        (int)end_year, pct(a, last->hazard));
    }
    if (len >= 0 && (size_t)len < sizeof line) {
        snprintf(line + len, sizeof line - (size_t)len, ")");
    }
    emit(ctx, line);
    lines++;

    snprintf(line, sizeof line,
             "China enters after a collapse with P=%.2f: the buffer at stake "
             "p_dep*(1-kappa)*B = %.2f (pledge credibility kappa %.2f), refugee pressure "
             "R_C*phi = %.2f, joint plan J = %.2f",
             collapse_weighted(t, step_pla), collapse_weighted(t, step_buffer_at_stake),
             collapse_weighted(t, step_kappa), collapse_weighted(t, step_refugee_pressure),
             collapse_weighted(t, step_joint_plan));
    emit(ctx, line);
    lines++;

    collapse_split_t m = t->collapse;
    snprintf(line, sizeof line,
             "Collapse mass %s splits: war %s (PLA and US/ROK both in the North with P=%.2f, "
             "clash %.2f), successor-state %s, neutral-unification %s (neutral share of a "
             "unification %.2f), aligned-unification %s",
             pct(a, collapse_split_total(m)), pct(b, m.war), collapse_weighted(t, step_both_enter),
             collapse_weighted(t, step_clash), pct(c, m.successor_state),
             pct(d, m.neutral_unification), collapse_weighted(t, step_neutral_share),
             pct(e, m.aligned_unification));
    emit(ctx, line);
    lines++;

    snprintf(line, sizeof line,
             "Regime survives %s: concession by %d with P=%.2f (base rate %s/yr x pressure "
             "%.2f x inducements %.2f) -> nuclear-status-quo %s, freeze %s, denuclearization %s",
             pct(a, t->survival), (int)end_year, t->conceded, pct(b, first->concession_base),
             exp(first->concession_pressure * s0->pressure),
             exp(first->concession_inducements * first->inducements),
             pct(c, t->nuclear_status_quo), pct(f, t->freeze), pct(g, t->denuclearization));
    emit(ctx, line);
    lines++;

    double refugees = 0.0;
    for (size_t k = 0; k < t->n; k++) {
        refugees += t->refugees_to_china[k];
    }
    snprintf(line, sizeof line,
             "A collapse would need %.0fk stabilisation troops and send %.0fk refugees to "
             "China; expected refugees over the horizon %.0fk",
             s0->troops / 1000.0, s0->refugees / 1000.0, refugees / 1000.0);
    emit(ctx, line);
    lines++;
    return lines;
}
