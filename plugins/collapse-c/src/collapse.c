/*
 * collapse.c: the hazards, the post-collapse branch and the yearly recursion
 * of `collapse-c`, ported from crates/collapse (hazard.rs, branch.rs,
 * trajectory.rs) and crates/vocab (rung_bite, pledge_credibility).
 *
 * Faithful to the last bit: each expression keeps the Rust operand order
 * (floating-point addition and multiplication are not associative), the
 * build turns off FMA contraction (-ffp-contract=off), `min(1)` is fmin
 * (which, like Rust's f64::min, ignores a NaN), and `exp` is libm's. Rust
 * takes `exp` from the `libm` crate; the libm `zig cc` links has a port of
 * the same algorithm (musl's older exp, from FreeBSD's e_exp.c), so the two
 * agree to the bit; another libm may differ in the last bit of an exp.
 */
#include "collapse.h"

#include <math.h>

/* ---- crates/vocab ------------------------------------------------------- */

static const double PLEDGE_CREDIBILITY[4] = {0.0, 0.3, 0.55, 0.8};
static const double RUNG_BITE[6] = {0.0, 0.1, 0.25, 0.45, 0.75, 1.0};

/* Rust's `x.clamp(lo, hi)` with NaN mapped to 0 beforehand. */
static double clamp_or_zero(double x, double lo, double hi) {
    if (isnan(x)) {
        return 0.0;
    }
    return x < lo ? lo : (x > hi ? hi : x);
}

double collapse_pledge_credibility(double level) {
    double l = clamp_or_zero(level, 0.0, 3.0);
    size_t i = (size_t)floor(l);
    if (i > 2) {
        i = 2;
    }
    double frac = l - (double)i;
    return PLEDGE_CREDIBILITY[i] + frac * (PLEDGE_CREDIBILITY[i + 1] - PLEDGE_CREDIBILITY[i]);
}

double collapse_rung_bite(double rung) {
    double r = clamp_or_zero(rung, 0.0, 5.0);
    size_t i = (size_t)floor(r);
    if (i > 4) {
        i = 4;
    }
    double frac = r - (double)i;
    return RUNG_BITE[i] + frac * (RUNG_BITE[i + 1] - RUNG_BITE[i]);
}

/* ---- hazard.rs ------------------------------------------------------------- */

double collapse_effective_enforcement(double china_enforcement, double other_weight) {
    return other_weight + (1.0 - other_weight) * china_enforcement;
}

double collapse_pressure(double sanctions_rung, double effective_enforcement, double leakage) {
    return collapse_rung_bite(sanctions_rung) * effective_enforcement * (1.0 - leakage);
}

double collapse_pressure_factor(double gamma, double pressure) {
    return exp(gamma * pressure);
}

double collapse_aid_factor(double alpha, double aid) {
    return exp(-alpha * (aid - 1.0));
}

double collapse_structural_hazard(double base_hazard, double pressure_factor, double aid_factor) {
    return fmin(base_hazard * pressure_factor * aid_factor, 1.0);
}

double collapse_succession_hazard(double leader_mortality, double succession_failure) {
    return leader_mortality * succession_failure;
}

double collapse_yearly_hazard(double structural_hazard, double succession_hazard) {
    return 1.0 - (1.0 - structural_hazard) * (1.0 - succession_hazard);
}

double collapse_concession_hazard(double concession_base, double pressure_effect,
                                  double pressure, double inducement_effect,
                                  double inducements) {
    return fmin(concession_base * exp(pressure_effect * pressure + inducement_effect * inducements),
                1.0);
}

/* ---- branch.rs -------------------------------------------------------------- */

collapse_split_t collapse_split_add_scaled(collapse_split_t self, double weight,
                                           collapse_split_t other) {
    collapse_split_t r;
    r.war = self.war + weight * other.war;
    r.successor_state = self.successor_state + weight * other.successor_state;
    r.neutral_unification = self.neutral_unification + weight * other.neutral_unification;
    r.aligned_unification = self.aligned_unification + weight * other.aligned_unification;
    return r;
}

double collapse_split_total(collapse_split_t s) {
    return s.war + s.successor_state + s.neutral_unification + s.aligned_unification;
}

double collapse_logistic(double z) {
    return 1.0 / (1.0 + exp(-z));
}

double collapse_troops_needed(double troops_per_1000, double population) {
    return troops_per_1000 * population / 1000.0;
}

double collapse_refugees(double refugee_share, double population) {
    return refugee_share * population;
}

double collapse_buffer_at_stake(double deployment_north, double kappa, double buffer_value) {
    return deployment_north * (1.0 - kappa) * buffer_value;
}

double collapse_refugee_pressure(double refugee_cost, double refugee_share) {
    return refugee_cost * 100.0 * refugee_share;
}

double collapse_pla_entry_probability(const double theta[4], double buffer_at_stake,
                                      double refugee_pressure, double joint_plan) {
    return collapse_logistic(theta[0] + theta[1] * buffer_at_stake +
                             theta[2] * refugee_pressure - theta[3] * joint_plan);
}

double collapse_allied_entry_probability(double deployment_north, double kappa,
                                         double rok_entry) {
    double us = deployment_north * (1.0 - kappa);
    return us + (1.0 - us) * rok_entry;
}

double collapse_clash_probability(double clash, double deconfliction, double joint_plan) {
    return clash * (1.0 - deconfliction * joint_plan);
}

double collapse_neutral_share(double kappa, double joint_plan, double plan_dependence) {
    return kappa * (1.0 - plan_dependence * (1.0 - joint_plan));
}

collapse_split_t collapse_post_collapse_split(double pla, double allied, double clash,
                                              double unification, double neutral_share) {
    double both = pla * allied;
    double pla_alone = pla * (1.0 - allied);
    double no_pla = 1.0 - pla;
    double unified = no_pla * unification;
    collapse_split_t s;
    s.war = both * clash;
    s.successor_state = both * (1.0 - clash) + pla_alone + no_pla * (1.0 - unification);
    s.neutral_unification = unified * neutral_share;
    s.aligned_unification = unified * (1.0 - neutral_share);
    return s;
}

/* ---- trajectory.rs ---------------------------------------------------------- */

collapse_step_t collapse_step(const collapse_year_t *y) {
    collapse_step_t s;
    double e_eff = collapse_effective_enforcement(y->china_enforcement, y->other_enforcement);
    s.pressure = collapse_pressure(y->sanctions_rung, e_eff, y->leakage);
    s.pressure_factor = collapse_pressure_factor(y->gamma, s.pressure);
    s.aid_factor = collapse_aid_factor(y->alpha, y->china_aid);
    s.structural_hazard =
        collapse_structural_hazard(y->base_hazard, s.pressure_factor, s.aid_factor);
    s.succession_hazard = collapse_succession_hazard(y->leader_mortality, y->succession_failure);
    s.kappa = collapse_pledge_credibility(y->us_pledge);
    s.buffer_at_stake = collapse_buffer_at_stake(y->deployment_north, s.kappa, y->buffer_value);
    s.refugee_pressure = collapse_refugee_pressure(y->refugee_cost, y->refugee_share);
    s.pla = collapse_pla_entry_probability(y->theta, s.buffer_at_stake, s.refugee_pressure,
                                           y->joint_plan);
    s.allied = collapse_allied_entry_probability(y->deployment_north, s.kappa, y->rok_entry);
    s.clash = collapse_clash_probability(y->clash, y->deconfliction, y->joint_plan);
    s.neutral_share = collapse_neutral_share(s.kappa, y->joint_plan, y->plan_dependence);
    s.hazard = collapse_yearly_hazard(s.structural_hazard, s.succession_hazard);
    s.joint_plan = y->joint_plan;
    s.split = collapse_post_collapse_split(s.pla, s.allied, s.clash, y->unification,
                                           s.neutral_share);
    s.concession = collapse_concession_hazard(y->concession_base, y->concession_pressure,
                                              s.pressure, y->concession_inducements,
                                              y->inducements);
    s.troops = collapse_troops_needed(y->troops_per_1000, y->population);
    s.refugees = collapse_refugees(y->refugee_share, y->population);
    return s;
}

void collapse_run(const collapse_year_t *years, collapse_trajectory_t *t) {
    const collapse_split_t zero = {0.0, 0.0, 0.0, 0.0};
    t->collapse = zero;
    double survival = 1.0;          /* S_{t-1} */
    /* The programme's chain, independent of collapse: never conceded,
     * reneged, frozen, denuclearised. */
    double never = 1.0, reneged = 0.0, frozen = 0.0, denuclear = 0.0;
    double denuclearized = 0.0;     /* P(denuclearised by t, alive then) */
    double leader_in_power = 1.0;   /* P(the start's leader alive, regime standing) */
    double conceded_alive = 0.0;    /* P(a first concession by t, regime alive then) */
    for (size_t k = 0; k < t->n; k++) {
        const collapse_year_t *y = &years[k];
        collapse_step_t s = collapse_step(y);
        double collapse_now = survival * s.hazard;
        t->collapse = collapse_split_add_scaled(t->collapse, collapse_now, s.split);
        /* Whoever leads in t, with that year's mortality, while the regime stands. */
        t->leader_change_in_year[k] =
            survival * (1.0 - (1.0 - y->leader_mortality) * (1.0 - s.structural_hazard));
        t->collapse_in_year[k] = collapse_now;
        survival *= 1.0 - s.hazard;
        /* The leader goes with his death or with a structural collapse. */
        leader_in_power *= (1.0 - y->leader_mortality) * (1.0 - s.structural_hazard);
        /* Last year's freezes break down first; a regime that reneges this
         * year does not concede again before the next. */
        double broke = frozen * y->freeze_breakdown;
        double first_now = never * s.concession;
        double concede_now = (never + reneged) * s.concession;
        never -= first_now;
        reneged += broke - reneged * s.concession;
        frozen += (1.0 - y->denuclearization_share) * concede_now - broke;
        denuclear += y->denuclearization_share * concede_now;
        denuclearized += y->denuclearization_share * survival * concede_now;

        t->collapse_hazard[k] = s.hazard;
        t->collapse_by[k] = 1.0 - survival;
        t->refugees_to_china[k] = collapse_now * s.refugees;
        t->troops_needed[k] = (1.0 - survival) * s.troops;
        t->china_pressure[k] = s.pressure;
        t->pla_entry[k] = s.pla;
        t->denuclearization_by[k] = denuclearized;
        t->leader_change_by[k] = 1.0 - leader_in_power;
        t->unification_by[k] = t->collapse.neutral_unification + t->collapse.aligned_unification;
        conceded_alive += survival * first_now;
        t->concession_by[k] = conceded_alive;
        t->concession_in_year[k] = survival * concede_now;
        if (t->steps != NULL) {
            t->steps[k] = s;
        }
    }
    t->survival = survival;
    t->conceded = 1.0 - never;
    t->nuclear_status_quo = survival * (never + reneged);
    t->denuclearization = survival * denuclear;
    t->freeze = survival * frozen;
}

double collapse_weighted(const collapse_trajectory_t *t,
                         double (*f)(const collapse_step_t *s)) {
    double weight = 0.0;
    double sum = 0.0;
    double survival = 1.0;
    for (size_t k = 0; k < t->n; k++) {
        const collapse_step_t *s = &t->steps[k];
        double w = survival * s->hazard;
        weight += w;
        sum += w * f(s);
        survival *= 1.0 - s->hazard;
    }
    if (weight > 0.0) {
        return sum / weight;
    }
    return t->n > 0 ? f(&t->steps[0]) : 0.0;
}
