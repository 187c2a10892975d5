/*
 * params.c: the declaration table of `collapse-c` (a copy of
 * crates/collapse/src/params.rs: a twin reads the same scenario values) and
 * the reading of one year's values.
 */
#include "params.h"

/* Designated initializers tie each row to its enum constant. */
const fm_param_t COLLAPSE_PARAMS[COLLAPSE_PARAM_COUNT] = {
    [P_BASE_HAZARD] = {
        .name = "dprk.base_hazard",
        .description = "h0: baseline annual collapse hazard of the regime under no pressure and 2006 aid",
        .default_value = 0.01,
        .min = 0.005,
        .max = 0.02,
        .unit = "per year",
        .source = "[A]; full autocracies fall in the PITF's low-risk class (Goldstone et al. 2010)",
    },
    [P_LEADER_MORTALITY] = {
        .name = "dprk.leader_mortality",
        .description = "m_t: annual probability that the leader dies or is incapacitated",
        .default_value = 0.08,
        .min = 0.01,
        .max = 0.15,
        .unit = "per year",
        .source = "[A] 0.05-0.15 for Kim Jong-il (64 in 2006, stroke Aug 2008); down to 0.01 for a young successor (Kim Jong-un from Dec 2011)",
    },
    [P_SUCCESSION_FAILURE] = {
        .name = "dprk.succession_failure",
        .description = "q: probability that the regime falls within a year of the leader's death",
        .default_value = 0.13,
        .min = 0.05,
        .max = 0.25,
        .unit = "",
        .source = "87% of authoritarian regimes survived the death of their dictator in office, 1946-2012 (Kendall-Taylor & Frantz 2016)",
    },
    [P_POPULATION] = {
        .name = "dprk.population",
        .description = "Pop: population of the DPRK",
        .default_value = 24e6,
        .min = 20e6,
        .max = 28e6,
        .unit = "persons",
        .source = "UN World Population Prospects: 23.4m in 2006, about 26m in the 2020s",
    },
    [P_BUFFER_VALUE] = {
        .name = "china.buffer_value",
        .description = "B: value to China of the North as a buffer against US forces on the Yalu",
        .default_value = 0.8,
        .min = 0.6,
        .max = 1.0,
        .unit = "",
        .source = "[A] the op-ed's thesis (Pei & Mastro 2006); buffer logic of Fazal (2004)",
    },
    [P_REFUGEE_COST] = {
        .name = "china.refugee_cost",
        .description = "R_C: cost to China of a refugee influx of 1% of the North's population, small next to B",
        .default_value = 0.15,
        .min = 0.05,
        .max = 0.3,
        .unit = "",
        .source = "[A] China already absorbs ~100m internal migrants (Pei & Mastro 2006); flows will be smaller and slower than planners assume (Coggins 2017)",
    },
    [P_DEPLOYMENT_NORTH] = {
        .name = "us.deployment_north",
        .description = "p_dep: probability that US forces go north of the 38th parallel after a collapse, absent a pledge",
        .default_value = 0.7,
        .min = 0.5,
        .max = 0.9,
        .unit = "",
        .source = "[A] the US would not rule it out (Pei & Mastro 2006); WMD-elimination missions need US forces in the North (Bennett & Lind 2011)",
    },
    [P_TROOPS_PER_1000] = {
        .name = "collapse.troops_per_1000",
        .description = "rho: stabilisation troops needed per 1,000 residents",
        .default_value = 15.0,
        .min = 10.0,
        .max = 20.0,
        .unit = "troops per 1,000 residents",
        .source = "Quinlivan (1995): 10-20 per 1,000 for stability operations; 260-400k for the North in total (Bennett & Lind 2011)",
    },
    [P_REFUGEE_SHARE] = {
        .name = "collapse.refugee_share",
        .description = "phi: share of the North's population that flees to China after a collapse",
        .default_value = 0.01,
        .min = 0.002,
        .max = 0.04,
        .unit = "",
        .source = "[A] most flight stays inside the North as displacement; flows to China smaller and slower than planners assume (Coggins 2017)",
    },
    [P_LEAKAGE] = {
        .name = "sanctions.leakage",
        .description = "L: share of sanctions pressure lost to evasion and black-knight trade",
        .default_value = 0.3,
        .min = 0.1,
        .max = 0.6,
        .unit = "",
        .source = "[A] sanctions busting by third-country traders (Early 2015)",
    },
    [P_CONCESSION_BASE] = {
        .name = "sanctions.concession_base",
        .description = "a0: annual rate at which a nuclear-armed target concedes (freeze or rollback) under no pressure",
        .default_value = 0.02,
        .min = 0.01,
        .max = 0.05,
        .unit = "per year",
        .source = "HSE ~34% overall sanctions success, lower against nondemocracies (Lektzian & Souva 2007) [A]",
    },
    [P_SANCTIONS_RUNG] = {
        .name = "levers.sanctions_rung",
        .description = "UNSC sanctions rung, 0 (none) to 5 (oil cut, crude cap); its bite is forecast_vocab::rung_bite",
        .default_value = 1.0,
        .min = 0.0,
        .max = 5.0,
        .unit = "rung",
        .source = "UNSC 1718 (Oct 2006) is rung 1",
    },
    [P_CHINA_ENFORCEMENT] = {
        .name = "levers.china_enforcement",
        .description = "e_C: China's enforcement of sanctions, 0-1",
        .default_value = 0.3,
        .min = 0.0,
        .max = 1.0,
        .unit = "",
        .source = "[A] lax enforcement of 1718 in 2006-07 (Pei & Mastro 2006)",
    },
    [P_CHINA_AID] = {
        .name = "levers.china_aid",
        .description = "A_t: Chinese aid and energy supplies, 2006 = 1",
        .default_value = 1.0,
        .min = 0.0,
        .max = 2.0,
        .unit = "2006 = 1",
        .source = "index; 2006 = 1 by definition",
    },
    [P_US_PLEDGE] = {
        .name = "levers.us_pledge",
        .description = "l: US pledge not to deploy north of the 38th: 0 none, 1 informal, 2 executive/joint statement, 3 treaty with verification",
        .default_value = 0.0,
        .min = 0.0,
        .max = 3.0,
        .unit = "level",
        .source = "no pledge in 2006 (Pei & Mastro 2006); credibility by level from forecast_vocab::pledge_credibility [A]",
    },
    [P_JOINT_PLAN] = {
        .name = "levers.joint_stabilisation_plan",
        .description = "J: US-China-ROK plan for aid, security and reconstruction after a collapse, 0-1",
        .default_value = 0.0,
        .min = 0.0,
        .max = 1.0,
        .unit = "",
        .source = "no such plan in 2006 (Pei & Mastro 2006; Stares & Wit 2009)",
    },
    [P_INDUCEMENTS] = {
        .name = "levers.inducements",
        .description = "economic aid and security assurances offered at the talks, 0-1",
        .default_value = 0.2,
        .min = 0.0,
        .max = 1.0,
        .unit = "",
        .source = "[A] six-party talks offers of 2005-07",
    },
    [P_GAMMA] = {
        .name = "collapse.gamma",
        .description = "gamma: log hazard ratio of collapse at full pressure (P = 1); default ln 1.6",
        .default_value = 0.47,
        .min = 0.18,
        .max = 0.92,
        .unit = "log hazard ratio",
        .source = "[A] hazard ratio 1.2-2.5; sanctions destabilise personalist rulers more than party regimes (Escriba-Folch & Wright 2010)",
    },
    [P_ALPHA] = {
        .name = "collapse.alpha",
        .description = "alpha: log hazard ratio per unit of Chinese aid withdrawn (hazard x e^{alpha(1 - A)})",
        .default_value = 1.0,
        .min = 0.5,
        .max = 1.5,
        .unit = "log hazard ratio per 2006 aid",
        .source = "[A] China's food and energy aid is the regime's lifeline (Pei & Mastro 2006)",
    },
    [P_OTHER_ENFORCEMENT] = {
        .name = "collapse.other_enforcement",
        .description = "w: weight of enforcers other than China in effective enforcement e_eff = w + (1 - w) e_C",
        .default_value = 0.15,
        .min = 0.0,
        .max = 0.4,
        .unit = "",
        .source = "[A] sanctions succeed far more often when the target's main trading partner joins (McLean & Whang 2010)",
    },
    [P_THETA0] = {
        .name = "collapse.theta0",
        .description = "theta0: intercept of China's entry logistic (log-odds of PLA entry with nothing at stake)",
        .default_value = -1.0,
        .min = -3.0,
        .max = 1.0,
        .unit = "log-odds",
        .source = "[A] calibrated so that P(PLA enters) ~ 0.7 with no pledge and no plan (Bennett & Lind 2011 expect Chinese intervention)",
    },
    [P_THETA1] = {
        .name = "collapse.theta1",
        .description = "theta1: weight of the buffer at stake p_dep (1 - kappa) B in China's entry logistic",
        .default_value = 3.0,
        .min = 1.0,
        .max = 5.0,
        .unit = "log-odds per unit",
        .source = "[A] China entered Korea in Oct 1950 when UN forces crossed the 38th; buffer logic (Fazal 2004)",
    },
    [P_THETA2] = {
        .name = "collapse.theta2",
        .description = "theta2: weight of refugee pressure R_C x (refugee share in %) in China's entry logistic",
        .default_value = 1.0,
        .min = 0.0,
        .max = 3.0,
        .unit = "log-odds per unit",
        .source = "[A] refugees are a secondary motive (Pei & Mastro 2006; Coggins 2017)",
    },
    [P_THETA3] = {
        .name = "collapse.theta3",
        .description = "theta3: log-odds reduction of PLA entry under a full joint stabilisation plan (J = 1)",
        .default_value = 1.5,
        .min = 0.5,
        .max = 3.0,
        .unit = "log-odds",
        .source = "[A] a US-China-ROK plan replaces unilateral entry (Pei & Mastro 2006; Stares & Wit 2009)",
    },
    [P_ROK_ENTRY] = {
        .name = "collapse.rok_entry",
        .description = "probability that ROK forces go north on their own when US forces do not",
        .default_value = 0.5,
        .min = 0.2,
        .max = 0.8,
        .unit = "",
        .source = "[A] the ROK constitution claims the whole peninsula; stabilisation needs ROK troops (Bennett & Lind 2011)",
    },
    [P_CLASH] = {
        .name = "collapse.clash",
        .description = "probability that PLA and US/ROK forces both in the North clash into war (>= 1,000 battle deaths)",
        .default_value = 0.3,
        .min = 0.05,
        .max = 0.6,
        .unit = "",
        .source = "[A] buffer states die violently because rivals cannot commit to preserve them (Fazal 2004); 1950 precedent",
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
        .min = 0.5,
        .max = 1.0,
        .unit = "",
        .source = "[A] German precedent of 1990; a military successor regime is the alternative (Bennett & Lind 2011)",
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
        .max = 1.5,
        .unit = "log hazard ratio",
        .source = "[A] sanctions succeed less against nondemocracies (Lektzian & Souva 2007) and when busted (Early 2015)",
    },
    [P_CONCESSION_INDUCEMENTS] = {
        .name = "collapse.concession_inducements",
        .description = "log hazard ratio of concession at full inducements (1); default ln 1.5",
        .default_value = 0.41,
        .min = 0.0,
        .max = 1.0,
        .unit = "log hazard ratio",
        .source = "[A] carrots alone cannot determine the outcome (Pei & Mastro 2006)",
    },
    [P_DENUCLEARIZATION_SHARE] = {
        .name = "collapse.denuclearization_share",
        .description = "share of concessions that are verified complete denuclearisation (the rest are freezes or partial rollback)",
        .default_value = 0.3,
        .min = 0.1,
        .max = 0.6,
        .unit = "",
        .source = "[A] 1994 Agreed Framework and 2007 deals were freezes; South Africa is the lone full rollback of an indigenous arsenal",
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
