/*
 * params.h: the parameters of `collapse-c`: the same table as the Rust
 * `collapse` model (crates/collapse/src/params.rs), in the same order with
 * the same names, defaults, ranges, units and sources, and the reading of
 * one call's values into each year's `collapse_year_t`.
 */
#ifndef COLLAPSE_PARAMS_H
#define COLLAPSE_PARAMS_H

#include "collapse.h"
#include "forecast_model.h"

/* Each parameter's place in the table (= in the input's values). */
enum collapse_param {
    /* The regime: baseline hazard and succession */
    P_BASE_HAZARD,
    P_LEADER_MORTALITY,
    P_SUCCESSION_FAILURE,
    P_POPULATION,
    /* China, the US and the post-collapse scramble */
    P_BUFFER_VALUE,
    P_REFUGEE_COST,
    P_DEPLOYMENT_NORTH,
    P_TROOPS_PER_1000,
    P_REFUGEE_SHARE,
    /* Sanctions */
    P_LEAKAGE,
    P_CONCESSION_BASE,
    P_FREEZE_BREAKDOWN,
    /* Policy levers */
    P_SANCTIONS_RUNG,
    P_CHINA_ENFORCEMENT,
    P_CHINA_AID,
    P_US_PLEDGE,
    P_JOINT_PLAN,
    P_INDUCEMENTS,
    /* collapse: the hazard */
    P_GAMMA,
    P_ALPHA,
    P_OTHER_ENFORCEMENT,
    /* collapse: China's entry logistic */
    P_THETA0,
    P_THETA1,
    P_THETA2,
    P_THETA3,
    /* collapse: the rest of the post-collapse branch */
    P_ROK_ENTRY,
    P_CLASH,
    P_DECONFLICTION,
    P_UNIFICATION,
    P_PLAN_DEPENDENCE,
    /* collapse: the survival branch */
    P_CONCESSION_PRESSURE,
    P_CONCESSION_INDUCEMENTS,
    P_DENUCLEARIZATION_SHARE,
    COLLAPSE_PARAM_COUNT
};

/* The declaration table, indexed by enum collapse_param. */
extern const fm_param_t COLLAPSE_PARAMS[COLLAPSE_PARAM_COUNT];

/* Every parameter's value in year index `t` (0 = the start year). */
collapse_year_t collapse_read_year(const fm_params_t *p, size_t t);

#endif /* COLLAPSE_PARAMS_H */
