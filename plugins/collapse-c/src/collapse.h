/*
 * collapse.h: the mathematics of `collapse-c`, a C port of the `collapse`
 * model (crates/collapse). Plain C with no dependency on the bindings or the
 * helper, so it compiles and is tested natively (tests/test_collapse.c).
 *
 * A discrete-time hazard of regime collapse, driven by sanctions pressure
 * (which China's enforcement dominates), Chinese aid and the leader's
 * mortality, followed by a post-collapse branch in which China's decision to
 * send the PLA in turns on the buffer it stands to lose to US forces north
 * of the 38th parallel. A surviving regime concedes at a base rate raised by
 * pressure and inducements. Everything is closed-form and deterministic.
 *
 * Each function mirrors the Rust function of the same name (hazard.rs,
 * branch.rs, trajectory.rs; rung_bite and pledge_credibility from
 * crates/vocab), with the same operations in the same order, so the two
 * agree to the last bit wherever the two libms' exp do.
 */
#ifndef COLLAPSE_H
#define COLLAPSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- The shared vocabulary's lever scales (crates/vocab) --------------- */

/* Credibility kappa of a (possibly fractional) `levers.us_pledge` level,
 * interpolated linearly between 0, 0.3, 0.55, 0.8 and clamped to 0..3. */
double collapse_pledge_credibility(double level);

/* Bite of a (possibly fractional) UNSC sanctions rung, interpolated
 * linearly between 0, 0.1, 0.25, 0.45, 0.75, 1 and clamped to 0..5. */
double collapse_rung_bite(double rung);

/* ---- One year's parameter values (params.rs `Year`) -------------------- */

typedef struct collapse_year {
    double base_hazard;
    double leader_mortality;
    double succession_failure;
    double population;
    double buffer_value;
    double refugee_cost;
    double deployment_north;
    double troops_per_1000;
    double refugee_share;
    double leakage;
    double concession_base;
    double freeze_breakdown; /* b: P(a standing freeze breaks down in the year) */
    double sanctions_rung;
    double china_enforcement;
    double china_aid;
    double us_pledge;
    double joint_plan;
    double inducements;
    double gamma;
    double alpha;
    double other_enforcement;
    double theta[4]; /* theta0..theta3 of China's entry logistic */
    double rok_entry;
    double clash;
    double deconfliction;
    double unification;
    double plan_dependence;
    double concession_pressure;
    double concession_inducements;
    double denuclearization_share;
} collapse_year_t;

/* ---- The hazards (hazard.rs) -------------------------------------------- */

/* e_eff = w + (1 - w) e_C. */
double collapse_effective_enforcement(double china_enforcement, double other_weight);
/* P_t = bite(S_t) e_eff (1 - L). */
double collapse_pressure(double sanctions_rung, double effective_enforcement, double leakage);
/* e^{gamma P}. */
double collapse_pressure_factor(double gamma, double pressure);
/* e^{-alpha (A - 1)}. */
double collapse_aid_factor(double alpha, double aid);
/* min(1, h0 e^{gamma P} e^{-alpha (A - 1)}). */
double collapse_structural_hazard(double base_hazard, double pressure_factor, double aid_factor);
/* m q. */
double collapse_succession_hazard(double leader_mortality, double succession_failure);
/* h_t = 1 - (1 - h_struct)(1 - m q). */
double collapse_yearly_hazard(double structural_hazard, double succession_hazard);
/* min(1, a0 e^{bP P + bI I}). */
double collapse_concession_hazard(double concession_base, double pressure_effect,
                                  double pressure, double inducement_effect,
                                  double inducements);

/* ---- The post-collapse branch (branch.rs) ------------------------------- */

/* How a collapse ends, over the four collapse outcomes (the SDK's
 * CollapseSplit): shares of one collapse, or probabilities accumulated. */
typedef struct collapse_split {
    double war;
    double successor_state;
    double neutral_unification;
    double aligned_unification;
} collapse_split_t;

/* self + weight * other. */
collapse_split_t collapse_split_add_scaled(collapse_split_t self, double weight,
                                           collapse_split_t other);
/* war + successor_state + neutral_unification + aligned_unification. */
double collapse_split_total(collapse_split_t s);

/* 1 / (1 + e^{-z}). */
double collapse_logistic(double z);
/* T = rho Pop / 1000. */
double collapse_troops_needed(double troops_per_1000, double population);
/* Phi = phi Pop. */
double collapse_refugees(double refugee_share, double population);
/* p_dep (1 - kappa) B. */
double collapse_buffer_at_stake(double deployment_north, double kappa, double buffer_value);
/* R_C x 100 phi. */
double collapse_refugee_pressure(double refugee_cost, double refugee_share);
/* logistic(theta0 + theta1 buffer + theta2 refugees - theta3 J). */
double collapse_pla_entry_probability(const double theta[4], double buffer_at_stake,
                                      double refugee_pressure, double joint_plan);
/* d + (1 - d) r with d = p_dep (1 - kappa). */
double collapse_allied_entry_probability(double deployment_north, double kappa,
                                         double rok_entry);
/* c (1 - delta J). */
double collapse_clash_probability(double clash, double deconfliction, double joint_plan);
/* kappa (1 - dep (1 - J)). */
double collapse_neutral_share(double kappa, double joint_plan, double plan_dependence);
/* The split of one collapse given the entries (independent). */
collapse_split_t collapse_post_collapse_split(double pla, double allied, double clash,
                                              double unification, double neutral_share);

/* ---- The recursion (trajectory.rs) --------------------------------------- */

/* Everything the model derives for one year from that year's parameters. */
typedef struct collapse_step {
    double pressure;
    double pressure_factor;
    double aid_factor;
    double structural_hazard;
    double succession_hazard;
    double hazard;
    double kappa;
    double buffer_at_stake;
    double refugee_pressure;
    double pla;
    double allied;
    double clash;
    double joint_plan;
    double neutral_share;
    collapse_split_t split;
    double concession;
    double troops;
    double refugees;
} collapse_step_t;

/* One year's derived quantities. */
collapse_step_t collapse_step(const collapse_year_t *y);

/* The whole horizon. The caller provides the arrays (n values each; the
 * series may be the output's own buffers, so nothing is copied); `steps`
 * may be NULL when the explanation is not wanted. */
typedef struct collapse_trajectory {
    size_t n;
    collapse_step_t *steps;
    double *collapse_hazard;     /* h_t */
    double *collapse_by;         /* 1 - prod_{s<=t} (1 - h_s) */
    double *denuclearization_by; /* P(denuclearised by the end of t, alive then) */
    double *china_pressure;      /* P_t */
    double *refugees_to_china;   /* P(collapse in t) Phi_t */
    double *troops_needed;       /* P(collapsed by t) T_t */
    double *pla_entry;           /* P(PLA enters | collapse in t) */
    double *leader_change_by;    /* 1 - prod_{s<=t} (1 - m_s)(1 - h_struct_s) */
    double *unification_by;      /* P(unified by the end of t) */
    double *concession_by;       /* P(a concession by t, regime alive then) */
    double *collapse_in_year;    /* S_{t-1} h_t */
    double *leader_change_in_year; /* S_{t-1} (1 - (1 - m_t)(1 - h_struct_t)) */
    double *concession_in_year;  /* the increments of concession_by */
    collapse_split_t collapse;   /* the collapse mass at the horizon */
    double survival;             /* P(the regime survives the horizon) */
    double conceded;             /* P(a concession by the horizon) */
    double nuclear_status_quo;
    double freeze;
    double denuclearization;
} collapse_trajectory_t;

/* Runs the recursion over `t->n` years `years[0..n]` into `t`'s arrays. */
void collapse_run(const collapse_year_t *years, collapse_trajectory_t *t);

/* Collapse-mass-weighted mean of a per-year quantity (the start year's
 * value when there is no collapse mass); needs `t->steps`. */
double collapse_weighted(const collapse_trajectory_t *t,
                         double (*f)(const collapse_step_t *s));

/* ---- The explanation (explain.rs) ----------------------------------------- */

/* Longest explanation line. */
#define COLLAPSE_LINE_MAX 1024

/* Calls `emit(ctx, line)` for each of the four or five lines that say which
 * mechanism drove the forecast (needs `t->steps`); returns how many. */
int collapse_explain(const collapse_year_t *years, const collapse_trajectory_t *t,
                     int32_t start_year, void (*emit)(void *ctx, const char *line),
                     void *ctx);

#endif /* COLLAPSE_H */
