//! The parameters of the `collapse` model: the declaration table the host
//! lists, validates and varies, and their resolved values for one year.
//!
//! Shared names (`dprk.*`, `china.*`, `us.*`, `sanctions.*`, `levers.*`) come
//! from the one table of shared priors (`forecast_vocab::SHARED_PARAMETERS`,
//! declared with `ParamDecl::shared`); coefficients of this
//! model alone are prefixed `collapse.`. Every parameter may be a yearly path,
//! so [`Year::read`] resolves all of them per year.

use forecast_sdk::{ParamDecl, Params};

/// Every number that drives the model, with its Dec 2006 prior, the range it
/// may be varied over, and where both come from ("[A]" marks an assumption).
pub const PARAMS: &[ParamDecl] = &[
    // --- The regime: baseline hazard and succession ---------------------------
    ParamDecl::shared("dprk.base_hazard"),
    ParamDecl::shared("dprk.leader_mortality"),
    ParamDecl::shared("dprk.succession_failure"),
    ParamDecl::shared("dprk.population"),
    // --- China, the US and the post-collapse scramble -------------------------
    ParamDecl::shared("china.buffer_value"),
    ParamDecl::shared("china.refugee_cost"),
    ParamDecl::shared("us.deployment_north"),
    ParamDecl {
        name: "collapse.troops_per_1000",
        description: "rho: stabilisation troops needed per 1,000 residents",
        default: 15.0,
        min: 0.0,
        max: 50.0,
        unit: "troops per 1,000 residents",
        source: "Quinlivan (1995): 10-20 per 1,000 for stability operations; 260-400k for the North in total (Bennett & Lind 2011); prior interval 10.0-20.0, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "collapse.refugee_share",
        description: "phi: share of the North's population that flees to China after a collapse",
        default: 0.01,
        min: 0.0,
        max: 0.5,
        unit: "",
        source: "[A] most flight stays inside the North as displacement; flows to China smaller and slower than planners assume (Coggins 2017); prior interval 0.002-0.04, range: what the quantity can mean [A]",
    },
    // --- Sanctions -------------------------------------------------------------
    ParamDecl::shared("sanctions.leakage"),
    ParamDecl::shared("sanctions.concession_base"),
    ParamDecl::shared("dprk.freeze_breakdown"),
    // --- Policy levers -----------------------------------------------------------
    ParamDecl::shared("levers.sanctions_rung"),
    ParamDecl::shared("levers.china_enforcement"),
    ParamDecl::shared("levers.china_aid"),
    ParamDecl::shared("levers.us_pledge"),
    ParamDecl::shared("levers.joint_stabilisation_plan"),
    ParamDecl::shared("levers.inducements"),
    // --- collapse: the hazard ----------------------------------------------------
    ParamDecl {
        name: "collapse.gamma",
        description: "gamma: log hazard ratio of collapse at full pressure (P = 1); default ln 1.6",
        default: 0.47,
        min: 0.0,
        max: 3.0,
        unit: "log hazard ratio",
        source: "[A] hazard ratio 1.2-2.5; sanctions destabilise personalist rulers more than party regimes (Escriba-Folch & Wright 2010); prior interval 0.18-0.92, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "collapse.alpha",
        description: "alpha: log hazard ratio per unit of Chinese aid withdrawn (hazard x e^{alpha(1 - A)})",
        default: 1.0,
        min: 0.0,
        max: 5.0,
        unit: "log hazard ratio per 2006 aid",
        source: "[A] China's food and energy aid is the regime's lifeline (Pei & Mastro 2006); prior interval 0.5-1.5, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "collapse.other_enforcement",
        description: "w: weight of enforcers other than China in effective enforcement e_eff = w + (1 - w) e_C",
        default: 0.15,
        min: 0.0,
        max: 1.0,
        unit: "",
        source: "[A] sanctions succeed far more often when the target's main trading partner joins (McLean & Whang 2010); prior interval 0.0-0.4, range: what the quantity can mean [A]",
    },
    // --- collapse: China's entry logistic -----------------------------------------
    ParamDecl {
        name: "collapse.theta0",
        description: "theta0: intercept of China's entry logistic (log-odds of PLA entry with nothing at stake)",
        default: -1.0,
        min: -10.0,
        max: 10.0,
        unit: "log-odds",
        source: "[A] calibrated so that P(PLA enters) ~ 0.7 with no pledge and no plan (Bennett & Lind 2011 expect Chinese intervention); prior interval -3.0-1.0, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "collapse.theta1",
        description: "theta1: weight of the buffer at stake p_dep (1 - kappa) B in China's entry logistic",
        default: 3.0,
        min: 0.0,
        max: 10.0,
        unit: "log-odds per unit",
        source: "[A] China entered Korea in Oct 1950 when UN forces crossed the 38th; buffer logic (Fazal 2004); prior interval 1.0-5.0, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "collapse.theta2",
        description: "theta2: weight of refugee pressure R_C x (refugee share in %) in China's entry logistic",
        default: 1.0,
        min: 0.0,
        max: 10.0,
        unit: "log-odds per unit",
        source: "[A] refugees are a secondary motive (Pei & Mastro 2006; Coggins 2017); prior interval 0.0-3.0, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "collapse.theta3",
        description: "theta3: log-odds reduction of PLA entry under a full joint stabilisation plan (J = 1)",
        default: 1.5,
        min: 0.0,
        max: 10.0,
        unit: "log-odds",
        source: "[A] a US-China-ROK plan replaces unilateral entry (Pei & Mastro 2006; Stares & Wit 2009); prior interval 0.5-3.0, range: what the quantity can mean [A]",
    },
    // --- collapse: the rest of the post-collapse branch -------------------------
    ParamDecl {
        name: "collapse.rok_entry",
        description: "probability that ROK forces go north on their own when US forces do not",
        default: 0.5,
        min: 0.0,
        max: 1.0,
        unit: "",
        source: "[A] the ROK constitution claims the whole peninsula; stabilisation needs ROK troops (Bennett & Lind 2011); prior interval 0.2-0.8, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "collapse.clash",
        description: "probability that PLA and US/ROK forces both in the North clash into war (>= 1,000 battle deaths)",
        default: 0.3,
        min: 0.0,
        max: 1.0,
        unit: "",
        source: "[A] buffer states die violently because rivals cannot commit to preserve them (Fazal 2004); 1950 precedent; prior interval 0.05-0.6, range: what the quantity can mean [A]",
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
        min: 0.0,
        max: 1.0,
        unit: "",
        source: "[A] German precedent of 1990; a military successor regime is the alternative (Bennett & Lind 2011); prior interval 0.5-1.0, range: what the quantity can mean [A]",
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
        max: 5.0,
        unit: "log hazard ratio",
        source: "[A] sanctions succeed less against nondemocracies (Lektzian & Souva 2007) and when busted (Early 2015); prior interval 0.0-1.5, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "collapse.concession_inducements",
        description: "log hazard ratio of concession at full inducements (1); default ln 1.5",
        default: 0.41,
        min: 0.0,
        max: 5.0,
        unit: "log hazard ratio",
        source: "[A] carrots alone cannot determine the outcome (Pei & Mastro 2006); prior interval 0.0-1.0, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "collapse.denuclearization_share",
        description: "share of concessions that are verified complete denuclearisation (the rest are freezes or partial rollback)",
        default: 0.3,
        min: 0.0,
        max: 1.0,
        unit: "",
        source: "[A] 1994 Agreed Framework and 2007 deals were freezes; South Africa is the lone full rollback of an indigenous arsenal; prior interval 0.1-0.6, range: what the quantity can mean [A]",
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
    /// b: P(a standing freeze breaks down in the year).
    pub freeze_breakdown: f64,
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
            freeze_breakdown = "dprk.freeze_breakdown",
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
    fn gamma_is_a_hazard_ratio_of_1_6_and_ranges_over_ratios_from_1_to_20() {
        let g = PARAMS.iter().find(|d| d.name == "collapse.gamma").unwrap();
        assert!((libm::exp(g.default) - 1.6).abs() < 0.01);
        assert_eq!(libm::exp(g.min), 1.0);
        assert!((libm::exp(g.max) - 20.1).abs() < 0.1);
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
