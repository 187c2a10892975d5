//! The parameters of the `collapse` model: the declaration table the host
//! lists, validates and varies, and their resolved values for one year.
//!
//! Shared names (`dprk.*`, `china.*`, `us.*`, `sanctions.*`, `levers.*`) come
//! from the vocabulary in `forecast_vocab::PARAMETERS`; coefficients of this
//! model alone are prefixed `collapse.`. Every parameter may be a yearly path,
//! so [`Year::read`] resolves all of them per year.

use forecast_sdk::{ParamDecl, Params};

/// Every number that drives the model, with its Dec 2006 prior, the range it
/// may be varied over, and where both come from ("[A]" marks an assumption).
pub const PARAMS: &[ParamDecl] = &[
    // --- The regime: baseline hazard and succession ---------------------------
    ParamDecl {
        name: "dprk.base_hazard",
        description: "h0: baseline annual collapse hazard of the regime under no pressure and 2006 aid",
        default: 0.01,
        min: 0.005,
        max: 0.02,
        unit: "per year",
        source: "[A]; full autocracies fall in the PITF's low-risk class (Goldstone et al. 2010)",
    },
    ParamDecl {
        name: "dprk.leader_mortality",
        description: "m_t: annual probability that the leader dies or is incapacitated",
        default: 0.08,
        min: 0.01,
        max: 0.15,
        unit: "per year",
        source: "[A] 0.05-0.15 for Kim Jong-il (64 in 2006, stroke Aug 2008); down to 0.01 for a young successor (Kim Jong-un from Dec 2011)",
    },
    ParamDecl {
        name: "dprk.succession_failure",
        description: "q: probability that the regime falls within a year of the leader's death",
        default: 0.13,
        min: 0.05,
        max: 0.25,
        unit: "",
        source: "87% of authoritarian regimes survived the death of their dictator in office, 1946-2012 (Kendall-Taylor & Frantz 2016)",
    },
    ParamDecl {
        name: "dprk.population",
        description: "Pop: population of the DPRK",
        default: 24e6,
        min: 20e6,
        max: 28e6,
        unit: "persons",
        source: "UN World Population Prospects: 23.4m in 2006, about 26m in the 2020s",
    },
    // --- China, the US and the post-collapse scramble -------------------------
    ParamDecl {
        name: "china.buffer_value",
        description: "B: value to China of the North as a buffer against US forces on the Yalu",
        default: 0.8,
        min: 0.6,
        max: 1.0,
        unit: "",
        source: "[A] the op-ed's thesis (Pei & Mastro 2006); buffer logic of Fazal (2004)",
    },
    ParamDecl {
        name: "china.refugee_cost",
        description: "R_C: cost to China of a refugee influx of 1% of the North's population, small next to B",
        default: 0.15,
        min: 0.05,
        max: 0.3,
        unit: "",
        source: "[A] China already absorbs ~100m internal migrants (Pei & Mastro 2006); flows will be smaller and slower than planners assume (Coggins 2017)",
    },
    ParamDecl {
        name: "us.deployment_north",
        description: "p_dep: probability that US forces go north of the 38th parallel after a collapse, absent a pledge",
        default: 0.7,
        min: 0.5,
        max: 0.9,
        unit: "",
        source: "[A] the US would not rule it out (Pei & Mastro 2006); WMD-elimination missions need US forces in the North (Bennett & Lind 2011)",
    },
    ParamDecl {
        name: "collapse.troops_per_1000",
        description: "rho: stabilisation troops needed per 1,000 residents",
        default: 15.0,
        min: 10.0,
        max: 20.0,
        unit: "troops per 1,000 residents",
        source: "Quinlivan (1995): 10-20 per 1,000 for stability operations; 260-400k for the North in total (Bennett & Lind 2011)",
    },
    ParamDecl {
        name: "collapse.refugee_share",
        description: "phi: share of the North's population that flees to China after a collapse",
        default: 0.01,
        min: 0.002,
        max: 0.04,
        unit: "",
        source: "[A] most flight stays inside the North as displacement; flows to China smaller and slower than planners assume (Coggins 2017)",
    },
    // --- Sanctions -------------------------------------------------------------
    ParamDecl {
        name: "sanctions.leakage",
        description: "L: share of sanctions pressure lost to evasion and black-knight trade",
        default: 0.3,
        min: 0.1,
        max: 0.6,
        unit: "",
        source: "[A] sanctions busting by third-country traders (Early 2015)",
    },
    ParamDecl {
        name: "sanctions.concession_base",
        description: "a0: annual rate at which a nuclear-armed target concedes (freeze or rollback) under no pressure",
        default: 0.02,
        min: 0.01,
        max: 0.05,
        unit: "per year",
        source: "HSE ~34% overall sanctions success, lower against nondemocracies (Lektzian & Souva 2007) [A]",
    },
    // --- Policy levers -----------------------------------------------------------
    ParamDecl {
        name: "levers.sanctions_rung",
        description: "UNSC sanctions rung, 0 (none) to 5 (oil cut, crude cap); its bite is forecast_vocab::rung_bite",
        default: 1.0,
        min: 0.0,
        max: 5.0,
        unit: "rung",
        source: "UNSC 1718 (Oct 2006) is rung 1",
    },
    ParamDecl {
        name: "levers.china_enforcement",
        description: "e_C: China's enforcement of sanctions, 0-1",
        default: 0.3,
        min: 0.0,
        max: 1.0,
        unit: "",
        source: "[A] lax enforcement of 1718 in 2006-07 (Pei & Mastro 2006)",
    },
    ParamDecl {
        name: "levers.china_aid",
        description: "A_t: Chinese aid and energy supplies, 2006 = 1",
        default: 1.0,
        min: 0.0,
        max: 2.0,
        unit: "2006 = 1",
        source: "index; 2006 = 1 by definition",
    },
    ParamDecl {
        name: "levers.us_pledge",
        description: "l: US pledge not to deploy north of the 38th: 0 none, 1 informal, 2 executive/joint statement, 3 treaty with verification",
        default: 0.0,
        min: 0.0,
        max: 3.0,
        unit: "level",
        source: "no pledge in 2006 (Pei & Mastro 2006); credibility by level from forecast_vocab::pledge_credibility [A]",
    },
    ParamDecl {
        name: "levers.joint_stabilisation_plan",
        description: "J: US-China-ROK plan for aid, security and reconstruction after a collapse, 0-1",
        default: 0.0,
        min: 0.0,
        max: 1.0,
        unit: "",
        source: "no such plan in 2006 (Pei & Mastro 2006; Stares & Wit 2009)",
    },
    ParamDecl {
        name: "levers.inducements",
        description: "economic aid and security assurances offered at the talks, 0-1",
        default: 0.2,
        min: 0.0,
        max: 1.0,
        unit: "",
        source: "[A] six-party talks offers of 2005-07",
    },
    // --- collapse: the hazard ----------------------------------------------------
    ParamDecl {
        name: "collapse.gamma",
        description: "gamma: log hazard ratio of collapse at full pressure (P = 1); default ln 1.6",
        default: 0.47,
        min: 0.18,
        max: 0.92,
        unit: "log hazard ratio",
        source: "[A] hazard ratio 1.2-2.5; sanctions destabilise personalist rulers more than party regimes (Escriba-Folch & Wright 2010)",
    },
    ParamDecl {
        name: "collapse.alpha",
        description: "alpha: log hazard ratio per unit of Chinese aid withdrawn (hazard x e^{alpha(1 - A)})",
        default: 1.0,
        min: 0.5,
        max: 1.5,
        unit: "log hazard ratio per 2006 aid",
        source: "[A] China's food and energy aid is the regime's lifeline (Pei & Mastro 2006)",
    },
    ParamDecl {
        name: "collapse.other_enforcement",
        description: "w: weight of enforcers other than China in effective enforcement e_eff = w + (1 - w) e_C",
        default: 0.15,
        min: 0.0,
        max: 0.4,
        unit: "",
        source: "[A] sanctions succeed far more often when the target's main trading partner joins (McLean & Whang 2010)",
    },
    // --- collapse: China's entry logistic -----------------------------------------
    ParamDecl {
        name: "collapse.theta0",
        description: "theta0: intercept of China's entry logistic (log-odds of PLA entry with nothing at stake)",
        default: -1.0,
        min: -3.0,
        max: 1.0,
        unit: "log-odds",
        source: "[A] calibrated so that P(PLA enters) ~ 0.7 with no pledge and no plan (Bennett & Lind 2011 expect Chinese intervention)",
    },
    ParamDecl {
        name: "collapse.theta1",
        description: "theta1: weight of the buffer at stake p_dep (1 - kappa) B in China's entry logistic",
        default: 3.0,
        min: 1.0,
        max: 5.0,
        unit: "log-odds per unit",
        source: "[A] China entered Korea in Oct 1950 when UN forces crossed the 38th; buffer logic (Fazal 2004)",
    },
    ParamDecl {
        name: "collapse.theta2",
        description: "theta2: weight of refugee pressure R_C x (refugee share in %) in China's entry logistic",
        default: 1.0,
        min: 0.0,
        max: 3.0,
        unit: "log-odds per unit",
        source: "[A] refugees are a secondary motive (Pei & Mastro 2006; Coggins 2017)",
    },
    ParamDecl {
        name: "collapse.theta3",
        description: "theta3: log-odds reduction of PLA entry under a full joint stabilisation plan (J = 1)",
        default: 1.5,
        min: 0.5,
        max: 3.0,
        unit: "log-odds",
        source: "[A] a US-China-ROK plan replaces unilateral entry (Pei & Mastro 2006; Stares & Wit 2009)",
    },
    // --- collapse: the rest of the post-collapse branch -------------------------
    ParamDecl {
        name: "collapse.rok_entry",
        description: "probability that ROK forces go north on their own when US forces do not",
        default: 0.5,
        min: 0.2,
        max: 0.8,
        unit: "",
        source: "[A] the ROK constitution claims the whole peninsula; stabilisation needs ROK troops (Bennett & Lind 2011)",
    },
    ParamDecl {
        name: "collapse.clash",
        description: "probability that PLA and US/ROK forces both in the North clash into war (>= 1,000 battle deaths)",
        default: 0.3,
        min: 0.05,
        max: 0.6,
        unit: "",
        source: "[A] buffer states die violently because rivals cannot commit to preserve them (Fazal 2004); 1950 precedent",
    },
    ParamDecl {
        name: "collapse.deconfliction",
        description: "share of the clash risk a full joint plan removes (agreed zones and liaison)",
        default: 0.5,
        min: 0.0,
        max: 1.0,
        unit: "",
        source: "[A] (Stares & Wit 2009 call for US-China contingency talks)",
    },
    ParamDecl {
        name: "collapse.unification",
        description: "probability that Korea unifies after a collapse in which the PLA stays out (else a domestic successor)",
        default: 0.85,
        min: 0.5,
        max: 1.0,
        unit: "",
        source: "[A] German precedent of 1990; a military successor regime is the alternative (Bennett & Lind 2011)",
    },
    ParamDecl {
        name: "collapse.plan_dependence",
        description: "share of a pledge's hold on the unification settlement that needs a joint plan: neutral share = kappa (1 - dep (1 - J))",
        default: 0.5,
        min: 0.0,
        max: 1.0,
        unit: "",
        source: "[A] a pledge without a stabilisation plan is overtaken by ad hoc deployments (Pei & Mastro 2006)",
    },
    // --- collapse: the survival branch ----------------------------------------------
    ParamDecl {
        name: "collapse.concession_pressure",
        description: "log hazard ratio of concession at full pressure (P = 1); default ln 2",
        default: 0.69,
        min: 0.0,
        max: 1.5,
        unit: "log hazard ratio",
        source: "[A] sanctions succeed less against nondemocracies (Lektzian & Souva 2007) and when busted (Early 2015)",
    },
    ParamDecl {
        name: "collapse.concession_inducements",
        description: "log hazard ratio of concession at full inducements (1); default ln 1.5",
        default: 0.41,
        min: 0.0,
        max: 1.0,
        unit: "log hazard ratio",
        source: "[A] carrots alone cannot determine the outcome (Pei & Mastro 2006)",
    },
    ParamDecl {
        name: "collapse.denuclearization_share",
        description: "share of concessions that are verified complete denuclearisation (the rest are freezes or partial rollback)",
        default: 0.3,
        min: 0.1,
        max: 0.6,
        unit: "",
        source: "[A] 1994 Agreed Framework and 2007 deals were freezes; South Africa is the lone full rollback of an indigenous arsenal",
    },
];

/// The value of every parameter in one year (levers and, if a scenario gives
/// paths, any other parameter may change from year to year).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Year {
    pub base_hazard: f64,
    pub leader_mortality: f64,
    pub succession_failure: f64,
    pub population: f64,
    pub buffer_value: f64,
    pub refugee_cost: f64,
    pub deployment_north: f64,
    pub troops_per_1000: f64,
    pub refugee_share: f64,
    pub leakage: f64,
    pub concession_base: f64,
    pub sanctions_rung: f64,
    pub china_enforcement: f64,
    pub china_aid: f64,
    pub us_pledge: f64,
    pub joint_plan: f64,
    pub inducements: f64,
    pub gamma: f64,
    pub alpha: f64,
    pub other_enforcement: f64,
    /// theta0..theta3 of China's entry logistic.
    pub theta: [f64; 4],
    pub rok_entry: f64,
    pub clash: f64,
    pub deconfliction: f64,
    pub unification: f64,
    pub plan_dependence: f64,
    pub concession_pressure: f64,
    pub concession_inducements: f64,
    pub denuclearization_share: f64,
}

/// Reads every parameter once, then builds each year's values.
macro_rules! read_years {
    ($p:expr; theta = [$($theta:literal),*]; $($field:ident = $name:literal,)*) => {{
        $(let $field = $p.series($name)?;)*
        let theta = [$($p.series($theta)?),*];
        Ok((0..$p.horizon())
            .map(|t| Year { $($field: $field.at(t),)* theta: theta.map(|s| s.at(t)) })
            .collect())
    }};
}

impl Year {
    /// Every parameter's value in every year of the horizon.
    pub fn read_all(p: &Params<'_>) -> Result<Vec<Year>, String> {
        read_years!(p;
            theta = ["collapse.theta0", "collapse.theta1", "collapse.theta2", "collapse.theta3"];
            base_hazard = "dprk.base_hazard",
            leader_mortality = "dprk.leader_mortality",
            succession_failure = "dprk.succession_failure",
            population = "dprk.population",
            buffer_value = "china.buffer_value",
            refugee_cost = "china.refugee_cost",
            deployment_north = "us.deployment_north",
            troops_per_1000 = "collapse.troops_per_1000",
            refugee_share = "collapse.refugee_share",
            leakage = "sanctions.leakage",
            concession_base = "sanctions.concession_base",
            sanctions_rung = "levers.sanctions_rung",
            china_enforcement = "levers.china_enforcement",
            china_aid = "levers.china_aid",
            us_pledge = "levers.us_pledge",
            joint_plan = "levers.joint_stabilisation_plan",
            inducements = "levers.inducements",
            gamma = "collapse.gamma",
            alpha = "collapse.alpha",
            other_enforcement = "collapse.other_enforcement",
            rok_entry = "collapse.rok_entry",
            clash = "collapse.clash",
            deconfliction = "collapse.deconfliction",
            unification = "collapse.unification",
            plan_dependence = "collapse.plan_dependence",
            concession_pressure = "collapse.concession_pressure",
            concession_inducements = "collapse.concession_inducements",
            denuclearization_share = "collapse.denuclearization_share",
        )
    }

    /// Every parameter's value in year index `t` (0 = start year).
    pub fn read(p: &Params<'_>, t: usize) -> Result<Year, String> {
        let years = Year::read_all(p)?;
        years
            .get(t)
            .or(years.last())
            .copied()
            .ok_or_else(|| "the horizon is 0 years".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_are_in_range_unique_documented_and_shared_or_prefixed() {
        forecast_sdk::testing::check_declarations(PARAMS, crate::ID).unwrap();
    }

    #[test]
    fn levers_have_the_ranges_of_the_design() {
        let range = |n: &str| {
            PARAMS
                .iter()
                .find(|d| d.name == n)
                .map(|d| (d.min, d.max))
                .unwrap()
        };
        assert_eq!(range("levers.sanctions_rung"), (0.0, 5.0));
        assert_eq!(range("levers.us_pledge"), (0.0, 3.0));
        assert_eq!(range("levers.china_aid"), (0.0, 2.0));
        assert_eq!(range("levers.joint_stabilisation_plan"), (0.0, 1.0));
    }

    #[test]
    fn gamma_spans_hazard_ratios_1_2_to_2_5() {
        let g = PARAMS.iter().find(|d| d.name == "collapse.gamma").unwrap();
        assert!((libm::exp(g.min) - 1.2).abs() < 0.01);
        assert!((libm::exp(g.max) - 2.5).abs() < 0.01);
    }

    #[test]
    fn every_declared_parameter_is_read() {
        // `Year::read` fails on an undeclared name; this checks the converse:
        // a parameter set away from its default changes some field.
        let base = crate::tests_support::input(5, vec![]);
        let base_year = Year::read(&Params::new(&base, PARAMS).unwrap(), 0).unwrap();
        for d in PARAMS {
            let other = if d.default == d.max { d.min } else { d.max };
            let input = crate::tests_support::input(5, vec![(d.name, other)]);
            let year = Year::read(&Params::new(&input, PARAMS).unwrap(), 0).unwrap();
            assert_ne!(year, base_year, "{} is declared but not read", d.name);
        }
    }
}
