/*
 * params.c: the declaration table of `collapse-c` (a copy of
 * crates/collapse/src/params.rs, the shared parameters from the table of
 * shared priors: a twin reads the same scenario values) and
 * the reading of one year's values.
 */
#include "params.h"

/* Designated initializers tie each row to its enum constant. */
const fm_param_t COLLAPSE_PARAMS[COLLAPSE_PARAM_COUNT] = {
    [P_BASE_HAZARD] = FM_SHARED_DPRK_BASE_HAZARD,
    [P_LEADER_MORTALITY] = FM_SHARED_DPRK_LEADER_MORTALITY,
    [P_SUCCESSION_FAILURE] = FM_SHARED_DPRK_SUCCESSION_FAILURE,
    [P_POPULATION] = FM_SHARED_DPRK_POPULATION,
    [P_BUFFER_VALUE] = FM_SHARED_CHINA_BUFFER_VALUE,
    [P_REFUGEE_COST] = FM_SHARED_CHINA_REFUGEE_COST,
    [P_DEPLOYMENT_NORTH] = FM_SHARED_US_DEPLOYMENT_NORTH,
    [P_TROOPS_PER_1000] = {
        .name = "collapse.troops_per_1000",
        .description = "rho: stabilisation troops needed per 1,000 residents",
        .default_value = 15.0,
        .min = 0.0,
        .max = 50.0,
        .unit = "troops per 1,000 residents",
        .source = "Quinlivan (1995): 10-20 per 1,000 for stability operations; 260-400k for the North in total (Bennett & Lind 2011); prior interval 10.0-20.0, range: what the quantity can mean [A]",
    },
    [P_REFUGEE_SHARE] = {
        .name = "collapse.refugee_share",
        .description = "phi: share of the North's population that flees to China after a collapse",
        .default_value = 0.01,
        .min = 0.0,
        .max = 0.5,
        .unit = "",
        .source = "[A] most flight stays inside the North as displacement; flows to China smaller and slower than planners assume (Coggins 2017); prior interval 0.002-0.04, range: what the quantity can mean [A]",
    },
    [P_LEAKAGE] = FM_SHARED_SANCTIONS_LEAKAGE,
    [P_CONCESSION_BASE] = FM_SHARED_SANCTIONS_CONCESSION_BASE,
    [P_FREEZE_BREAKDOWN] = FM_SHARED_DPRK_FREEZE_BREAKDOWN,
    [P_SANCTIONS_RUNG] = FM_SHARED_LEVERS_SANCTIONS_RUNG,
    [P_CHINA_ENFORCEMENT] = FM_SHARED_LEVERS_CHINA_ENFORCEMENT,
    [P_CHINA_AID] = FM_SHARED_LEVERS_CHINA_AID,
    [P_US_PLEDGE] = FM_SHARED_LEVERS_US_PLEDGE,
    [P_JOINT_PLAN] = FM_SHARED_LEVERS_JOINT_STABILISATION_PLAN,
    [P_INDUCEMENTS] = FM_SHARED_LEVERS_INDUCEMENTS,
    [P_GAMMA] = {
        .name = "collapse.gamma",
        .description = "gamma: log hazard ratio of collapse at full pressure (P = 1); default ln 1.6",
        .default_value = 0.47,
        .min = 0.0,
        .max = 3.0,
        .unit = "log hazard ratio",
        .source = "[A] hazard ratio 1.2-2.5; sanctions destabilise personalist rulers more than party regimes (Escriba-Folch & Wright 2010); prior interval 0.18-0.92, range: what the quantity can mean [A]",
    },
    [P_ALPHA] = {
        .name = "collapse.alpha",
        .description = "alpha: log hazard ratio per unit of Chinese aid withdrawn (hazard x e^{alpha(1 - A)})",
        .default_value = 1.0,
        .min = 0.0,
        .max = 5.0,
        .unit = "log hazard ratio per 2006 aid",
        .source = "[A] China's food and energy aid is the regime's lifeline (Pei & Mastro 2006); prior interval 0.5-1.5, range: what the quantity can mean [A]",
    },
    [P_OTHER_ENFORCEMENT] = {
        .name = "collapse.other_enforcement",
        .description = "w: weight of enforcers other than China in effective enforcement e_eff = w + (1 - w) e_C",
        .default_value = 0.15,
        .min = 0.0,
        .max = 1.0,
        .unit = "",
        .source = "[A] sanctions succeed far more often when the target's main trading partner joins (McLean & Whang 2010); prior interval 0.0-0.4, range: what the quantity can mean [A]",
    },
    [P_THETA0] = {
        .name = "collapse.theta0",
        .description = "theta0: intercept of China's entry logistic (log-odds of PLA entry with nothing at stake)",
        .default_value = -1.0,
        .min = -10.0,
        .max = 10.0,
        .unit = "log-odds",
        .source = "[A] calibrated so that P(PLA enters) ~ 0.7 with no pledge and no plan (Bennett & Lind 2011 expect Chinese intervention); prior interval -3.0-1.0, range: what the quantity can mean [A]",
    },
    [P_THETA1] = {
        .name = "collapse.theta1",
        .description = "theta1: weight of the buffer at stake p_dep (1 - kappa) B in China's entry logistic",
        .default_value = 3.0,
        .min = 0.0,
        .max = 10.0,
        .unit = "log-odds per unit",
        .source = "[A] China entered Korea in Oct 1950 when UN forces crossed the 38th; buffer logic (Fazal 2004); prior interval 1.0-5.0, range: what the quantity can mean [A]",
    },
    [P_THETA2] = {
        .name = "collapse.theta2",
        .description = "theta2: weight of refugee pressure R_C x (refugee share in %) in China's entry logistic",
        .default_value = 1.0,
        .min = 0.0,
        .max = 10.0,
        .unit = "log-odds per unit",
        .source = "[A] refugees are a secondary motive (Pei & Mastro 2006; Coggins 2017); prior interval 0.0-3.0, range: what the quantity can mean [A]",
    },
    [P_THETA3] = {
        .name = "collapse.theta3",
        .description = "theta3: log-odds reduction of PLA entry under a full joint stabilisation plan (J = 1)",
        .default_value = 1.5,
        .min = 0.0,
        .max = 10.0,
        .unit = "log-odds",
        .source = "[A] a US-China-ROK plan replaces unilateral entry (Pei & Mastro 2006; Stares & Wit 2009); prior interval 0.5-3.0, range: what the quantity can mean [A]",
    },
    [P_ROK_ENTRY] = {
        .name = "collapse.rok_entry",
        .description = "probability that ROK forces go north on their own when US forces do not",
        .default_value = 0.5,
        .min = 0.0,
        .max = 1.0,
        .unit = "",
        .source = "[A] the ROK constitution claims the whole peninsula; stabilisation needs ROK troops (Bennett & Lind 2011); prior interval 0.2-0.8, range: what the quantity can mean [A]",
    },
    [P_CLASH] = {
        .name = "collapse.clash",
        .description = "probability that PLA and US/ROK forces both in the North clash into war (>= 1,000 battle deaths)",
        .default_value = 0.3,
        .min = 0.0,
        .max = 1.0,
        .unit = "",
        .source = "[A] buffer states die violently because rivals cannot commit to preserve them (Fazal 2004); 1950 precedent; prior interval 0.05-0.6, range: what the quantity can mean [A]",
    },
    [P_DECONFLICTION] = {
        .name = "collapse.deconfliction",
        .description = "share of the clash risk a full joint plan removes (agreed zones and liaison)",
        .default_value = 0.5,
        .min = 0.0,
        .max = 1.0,
        .unit = "",
        .source = "[A] (Stares & Wit 2009 call for US-China contingency talks)",
    },
    [P_UNIFICATION] = {
        .name = "collapse.unification",
        .description = "probability that Korea unifies after a collapse in which the PLA stays out (else a domestic successor)",
        .default_value = 0.85,
        .min = 0.0,
        .max = 1.0,
        .unit = "",
        .source = "[A] German precedent of 1990; a military successor regime is the alternative (Bennett & Lind 2011); prior interval 0.5-1.0, range: what the quantity can mean [A]",
    },
    [P_PLAN_DEPENDENCE] = {
        .name = "collapse.plan_dependence",
        .description = "share of a pledge's hold on the unification settlement that needs a joint plan: neutral share = kappa (1 - dep (1 - J))",
        .default_value = 0.5,
        .min = 0.0,
        .max = 1.0,
        .unit = "",
        .source = "[A] a pledge without a stabilisation plan is overtaken by ad hoc deployments (Pei & Mastro 2006)",
    },
    [P_CONCESSION_PRESSURE] = {
        .name = "collapse.concession_pressure",
        .description = "log hazard ratio of concession at full pressure (P = 1); default ln 2",
        .default_value = 0.69,
        .min = 0.0,
        .max = 5.0,
        .unit = "log hazard ratio",
        .source = "[A] sanctions succeed less against nondemocracies (Lektzian & Souva 2007) and when busted (Early 2015); prior interval 0.0-1.5, range: what the quantity can mean [A]",
    },
    [P_CONCESSION_INDUCEMENTS] = {
        .name = "collapse.concession_inducements",
        .description = "log hazard ratio of concession at full inducements (1); default ln 1.5",
        .default_value = 0.41,
        .min = 0.0,
        .max = 5.0,
        .unit = "log hazard ratio",
        .source = "[A] carrots alone cannot determine the outcome (Pei & Mastro 2006); prior interval 0.0-1.0, range: what the quantity can mean [A]",
    },
    [P_DENUCLEARIZATION_SHARE] = {
        .name = "collapse.denuclearization_share",
        .description = "share of concessions that are verified complete denuclearisation (the rest are freezes or partial rollback)",
        .default_value = 0.3,
        .min = 0.0,
        .max = 1.0,
        .unit = "",
        .source = "[A] 1994 Agreed Framework and 2007 deals were freezes; South Africa is the lone full rollback of an indigenous arsenal; prior interval 0.1-0.6, range: what the quantity can mean [A]",
    },
};

collapse_year_t collapse_read_year(const fm_params_t *p, size_t t) {
    collapse_year_t y;
    y.base_hazard = fm_at(p, P_BASE_HAZARD, t);
    y.leader_mortality = fm_at(p, P_LEADER_MORTALITY, t);
    y.succession_failure = fm_at(p, P_SUCCESSION_FAILURE, t);
    y.population = fm_at(p, P_POPULATION, t);
    y.buffer_value = fm_at(p, P_BUFFER_VALUE, t);
    y.refugee_cost = fm_at(p, P_REFUGEE_COST, t);
    y.deployment_north = fm_at(p, P_DEPLOYMENT_NORTH, t);
    y.troops_per_1000 = fm_at(p, P_TROOPS_PER_1000, t);
    y.refugee_share = fm_at(p, P_REFUGEE_SHARE, t);
    y.leakage = fm_at(p, P_LEAKAGE, t);
    y.concession_base = fm_at(p, P_CONCESSION_BASE, t);
    y.freeze_breakdown = fm_at(p, P_FREEZE_BREAKDOWN, t);
    y.sanctions_rung = fm_at(p, P_SANCTIONS_RUNG, t);
    y.china_enforcement = fm_at(p, P_CHINA_ENFORCEMENT, t);
    y.china_aid = fm_at(p, P_CHINA_AID, t);
    y.us_pledge = fm_at(p, P_US_PLEDGE, t);
    y.joint_plan = fm_at(p, P_JOINT_PLAN, t);
    y.inducements = fm_at(p, P_INDUCEMENTS, t);
    y.gamma = fm_at(p, P_GAMMA, t);
    y.alpha = fm_at(p, P_ALPHA, t);
    y.other_enforcement = fm_at(p, P_OTHER_ENFORCEMENT, t);
    y.theta[0] = fm_at(p, P_THETA0, t);
    y.theta[1] = fm_at(p, P_THETA1, t);
    y.theta[2] = fm_at(p, P_THETA2, t);
    y.theta[3] = fm_at(p, P_THETA3, t);
    y.rok_entry = fm_at(p, P_ROK_ENTRY, t);
    y.clash = fm_at(p, P_CLASH, t);
    y.deconfliction = fm_at(p, P_DECONFLICTION, t);
    y.unification = fm_at(p, P_UNIFICATION, t);
    y.plan_dependence = fm_at(p, P_PLAN_DEPENDENCE, t);
    y.concession_pressure = fm_at(p, P_CONCESSION_PRESSURE, t);
    y.concession_inducements = fm_at(p, P_CONCESSION_INDUCEMENTS, t);
    y.denuclearization_share = fm_at(p, P_DENUCLEARIZATION_SHARE, t);
    return y;
}
