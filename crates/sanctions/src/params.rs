//! The parameters of the `sanctions-escalation` model: the declaration table
//! the host lists, validates and varies, and their resolved values per year.
//!
//! Shared names (`dprk.*`, `china.*`, `us.*`, `sanctions.*`, `levers.*`) come
//! from the one table of shared priors (`forecast_vocab::SHARED_PARAMETERS`,
//! declared with `ParamDecl::shared`); coefficients of this model alone are
//! prefixed `sanctions-escalation.`. Every parameter may be a yearly path, so
//! [`Year::read_all`] resolves all of them for every year, reading each one
//! once and in declaration order.

use forecast_sdk::{ParamDecl, Params};

/// Every number that drives the model, with its Dec 2006 prior, the range it
/// may be varied over, and where both come from ("\[A\]" marks an assumption).
pub const PARAMS: &[ParamDecl] = &[
    // --- The target: Kim's stakes ---------------------------------------------------
    ParamDecl::shared("dprk.arsenal_value"),
    ParamDecl::shared("dprk.china_dependence"),
    ParamDecl::shared("dprk.base_hazard"),
    ParamDecl::shared("dprk.freeze_breakdown"),
    // --- The sender: China's utilities (resolve prior) --------------------------------
    ParamDecl::shared("china.buffer_value"),
    ParamDecl::shared("china.refugee_cost"),
    ParamDecl::shared("china.instability_cost"),
    ParamDecl::shared("china.audience_cost"),
    ParamDecl::shared("china.denuclearization_gain"),
    ParamDecl::shared("china.proliferation_cost"),
    ParamDecl::shared("china.aid_cost"),
    ParamDecl::shared("china.intervention_cost"),
    ParamDecl::shared("china.intervention_sd"),
    ParamDecl::shared("us.deployment_north"),
    // --- Sanctions ------------------------------------------------------------------
    ParamDecl::shared("sanctions.leakage"),
    ParamDecl::shared("sanctions.concession_base"),
    // --- Policy levers ----------------------------------------------------------------
    ParamDecl::shared("levers.sanctions_rung"),
    ParamDecl::shared("levers.china_enforcement"),
    ParamDecl::shared("levers.china_aid"),
    ParamDecl::shared("levers.us_pledge"),
    ParamDecl::shared("levers.joint_stabilisation_plan"),
    ParamDecl::shared("levers.inducements"),
    ParamDecl::shared("levers.china_veto"),
    ParamDecl::shared("levers.russia_veto"),
    // --- sanctions-escalation: China's resolve and the signal -------------------------
    ParamDecl {
        name: "sanctions-escalation.squeeze_collapse_risk",
        description: "h': collapse probability China expects if it carries out a full squeeze; weighs the buffer, refugee and instability costs in its resolve",
        default: 0.8,
        min: 0.0,
        max: 1.0,
        unit: "",
        source: "[A] China supplies most of the North's oil and food aid (Pei & Mastro 2006); Layer A of the design; prior interval 0.5-1.0, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "sanctions-escalation.plan_burden_share",
        description: "psi: share of China's refugee burden a joint stabilisation plan removes",
        default: 0.5,
        min: 0.0,
        max: 1.0,
        unit: "",
        source: "[A] the design's psi (Stares & Wit 2009 call for US-China contingency planning); prior interval 0.3-0.7, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "sanctions-escalation.resolve_noise",
        description: "sigma_U: scale of Kim's uncertainty about China's net gain from carrying out a threat (logistic); resolve prior rho = logistic(dU / sigma_U)",
        default: 0.2,
        min: 0.01,
        max: 2.0,
        unit: "",
        source: "[A] incomplete information about the sender's resolve (Morgan, Bapat & Krustev 2009; Hovi, Huseby & Sprinz 2005); prior interval 0.1-0.4, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "sanctions-escalation.bluff_gain",
        description: "A_bluff: largest gain an unresolved China expects from a successful bluff (gains uniform on [0, A_bluff]); share of unresolved types that bluff = max(0, 1 - A_C / A_bluff)",
        default: 0.4,
        min: 0.01,
        max: 2.0,
        unit: "",
        source: "[A] cheap talk pools, costly signals separate (Fearon 1994; Morgan, Bapat & Krustev 2009); prior interval 0.2-1.0, range: what the quantity can mean, above 0 since gains spread over [0, A_bluff] [A]",
    },
    // --- sanctions-escalation: Kim's cost of sanctions carried out ----------------------
    ParamDecl {
        name: "sanctions-escalation.beta",
        description: "beta: Kim's cost of full pressure on an economy wholly dependent on China (K = beta P d_CN + dh A V_reg)",
        default: 1.0,
        min: 0.0,
        max: 5.0,
        unit: "",
        source: "[A] the target's cost if sanctions are carried out (Hovi, Huseby & Sprinz 2005); prior interval 0.5-2.0, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "sanctions-escalation.dh",
        description: "dh: rise in the regime's collapse probability if China carries out the threatened aid cut (at 2006 aid)",
        default: 0.3,
        min: 0.0,
        max: 1.0,
        unit: "",
        source: "[A] sanctions destabilise personalist rulers (Escriba-Folch & Wright 2010); prior interval 0.1-0.5, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "sanctions-escalation.regime_value",
        description: "V_reg: value to Kim of regime survival, the unit of N",
        default: 1.0,
        min: 0.1,
        max: 5.0,
        unit: "",
        source: "[A] normalisation of the design (N is relative to regime survival); prior interval 0.5-1.5, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "sanctions-escalation.compliance_scale",
        description: "s: scale of the logistic spread of Kim's crisis-to-crisis arsenal value around N; smooths the rule 'comply iff mu K >= N'",
        default: 0.1,
        min: 0.01,
        max: 1.0,
        unit: "",
        source: "[A] smoothing of the TIES compliance condition (Morgan, Bapat & Krustev 2009); prior interval 0.05-0.3, range: what the quantity can mean [A]",
    },
    // --- sanctions-escalation: provocations --------------------------------------------
    ParamDecl {
        name: "sanctions-escalation.provocation_base",
        description: "yearly rate of provocations (nuclear or long-range missile tests) of an immature programme",
        default: 0.3,
        min: 0.0,
        max: 5.0,
        unit: "per year",
        source: "[A] long-range missile or nuclear tests in 1993, 1998 and 2006, none in the other years to 2006 (Niksch 2006): about 0.2 a year over a programme that matured; prior interval 0.1-0.6, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "sanctions-escalation.provocation_maturity",
        description: "yearly rate of provocations added by a mature programme (times the maturity curve)",
        default: 1.2,
        min: 0.0,
        max: 5.0,
        unit: "per year",
        source: "[A] nuclear tests or long-range launches in 2012, 2013, 2016 and 2017; ICBM launches again from 2022; prior interval 0.5-2.0, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "sanctions-escalation.maturity_midyear",
        description: "year in which the programme is half mature (logistic maturity curve in calendar years)",
        default: 2012.0,
        min: 1990.0,
        max: 2040.0,
        unit: "year",
        source: "[A] first test 2006; first H-bomb claim 2016, ICBM tests 2017; prior interval 2006.0-2020.0, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "sanctions-escalation.maturity_width",
        description: "years over which maturity rises by a factor e in its odds (logistic scale)",
        default: 3.0,
        min: 0.5,
        max: 20.0,
        unit: "years",
        source: "[A] about a decade from first test (2006) to ICBM (2017); prior interval 1.0-6.0, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "sanctions-escalation.risk_taking",
        description: "log rate ratio of provocations per unit of N x P: a Kim who values the arsenal answers pressure with brinkmanship",
        default: 2.0,
        min: 0.0,
        max: 10.0,
        unit: "log rate ratio",
        source: "[A] the competition in risk taking (Schelling 1966, Arms and Influence); prior interval 0.0-4.0, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "sanctions-escalation.reciprocity",
        description: "log rate ratio of provocations per unit of inducements withdrawn since the year before (I_{t-1} - I_t, when positive): Pyongyang answers reneging with a provocation",
        default: 1.4,
        min: 0.0,
        max: 10.0,
        unit: "log rate ratio",
        source: "[A] tit-for-tat: the DPRK cooperated when Washington did and retaliated when it reneged (Sigal 1998, Disarming Strangers), as with the Taepodong launch of 1998 amid the Agreed Framework's delayed deliveries; a full withdrawal quadruples the rate; prior interval 0.0-2.8, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "sanctions-escalation.brinkmanship_war",
        description: "P(war) per provocation at the top rung, scaled by the rung's bite below it",
        default: 0.01,
        min: 0.0,
        max: 0.5,
        unit: "per provocation",
        source: "[A] no test of 2006-23 led to war; 2017's 'fire and fury' crisis (Schelling 1966); prior interval 0.0-0.03, range: what the quantity can mean [A]",
    },
    // --- sanctions-escalation: concessions and their aftermath -------------------------
    ParamDecl {
        name: "sanctions-escalation.concession_pressure",
        description: "a1: log-odds of a concession per unit of imposed pressure P_t",
        default: 1.0,
        min: 0.0,
        max: 5.0,
        unit: "log-odds",
        source: "[A] imposed sanctions work only if the target misjudged (Hovi, Huseby & Sprinz 2005); less against nondemocracies (Lektzian & Souva 2007); prior interval 0.0-2.0, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "sanctions-escalation.concession_belief",
        description: "a2: log-odds of a concession per unit of Kim's belief mu_t in China's resolve",
        default: 1.5,
        min: 0.0,
        max: 5.0,
        unit: "log-odds",
        source: "[A] credible senders extract concessions (Morgan, Bapat & Krustev 2009); prior interval 0.5-3.0, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "sanctions-escalation.concession_arsenal",
        description: "a3: log-odds of a concession lost per unit of arsenal value N",
        default: 1.0,
        min: 0.0,
        max: 5.0,
        unit: "log-odds",
        source: "[A] the higher the stakes, the less sanctions work (Hovi, Huseby & Sprinz 2005); prior interval 0.5-2.0, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "sanctions-escalation.concession_inducements",
        description: "a4: log-odds of a concession at full inducements (1)",
        default: 0.5,
        min: 0.0,
        max: 5.0,
        unit: "log-odds",
        source: "[A] carrots alone cannot determine the outcome (Pei & Mastro 2006); prior interval 0.0-1.5, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "sanctions-escalation.denuclearization_share",
        description: "share of concessions that are verified complete denuclearisation (the rest are freezes or partial rollback)",
        default: 0.3,
        min: 0.0,
        max: 1.0,
        unit: "",
        source: "[A] 1994 Agreed Framework and 2007 deals were freezes; South Africa is the lone full rollback of an indigenous arsenal; prior interval 0.1-0.6, range: what the quantity can mean [A]",
    },
    ParamDecl {
        name: "sanctions-escalation.gamma",
        description: "gamma: log hazard ratio of collapse at full pressure (P = 1); default ln 1.6",
        default: 0.47,
        min: 0.0,
        max: 3.0,
        unit: "log hazard ratio",
        source: "[A] hazard ratio 1.2-2.5; sanctions destabilise personalist rulers more than party regimes (Escriba-Folch & Wright 2010); prior interval 0.18-0.92, range: what the quantity can mean [A]",
    },
];

/// The value of every parameter in one year (levers and, if a scenario gives
/// paths, any other parameter may change from year to year).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Year {
    pub arsenal_value: f64,
    pub china_dependence: f64,
    pub base_hazard: f64,
    pub buffer_value: f64,
    pub refugee_cost: f64,
    pub instability_cost: f64,
    pub audience_cost: f64,
    pub denuclearization_gain: f64,
    pub proliferation_cost: f64,
    pub aid_cost: f64,
    pub deployment_north: f64,
    pub leakage: f64,
    pub concession_base: f64,
    pub sanctions_rung: f64,
    pub china_enforcement: f64,
    pub china_aid: f64,
    pub us_pledge: f64,
    pub joint_plan: f64,
    pub inducements: f64,
    pub china_veto: f64,
    pub russia_veto: f64,
    pub squeeze_collapse_risk: f64,
    pub plan_burden_share: f64,
    pub resolve_noise: f64,
    pub bluff_gain: f64,
    pub beta: f64,
    pub dh: f64,
    pub regime_value: f64,
    pub compliance_scale: f64,
    pub provocation_base: f64,
    pub provocation_maturity: f64,
    pub maturity_midyear: f64,
    pub maturity_width: f64,
    pub risk_taking: f64,
    pub reciprocity: f64,
    pub brinkmanship_war: f64,
    pub concession_pressure: f64,
    pub concession_belief: f64,
    pub concession_arsenal: f64,
    pub concession_inducements: f64,
    pub denuclearization_share: f64,
    pub freeze_breakdown: f64,
    pub gamma: f64,
    pub intervention_cost: f64,
    pub intervention_sd: f64,
}

/// Reads every parameter once (in the order written, which is the order of
/// declaration: one string comparison each), then builds each year's values.
macro_rules! read_years {
    ($p:expr; $($field:ident = $name:literal,)*) => {{
        $(let $field = $p.series($name)?;)*
        Ok((0..$p.horizon())
            .map(|t| Year { $($field: $field.at(t),)* })
            .collect())
    }};
}

impl Year {
    /// Every parameter's value in every year of the horizon.
    pub fn read_all(p: &Params<'_>) -> Result<Vec<Year>, String> {
        read_years!(p;
            arsenal_value = "dprk.arsenal_value",
            china_dependence = "dprk.china_dependence",
            base_hazard = "dprk.base_hazard",
            freeze_breakdown = "dprk.freeze_breakdown",
            buffer_value = "china.buffer_value",
            refugee_cost = "china.refugee_cost",
            instability_cost = "china.instability_cost",
            audience_cost = "china.audience_cost",
            denuclearization_gain = "china.denuclearization_gain",
            proliferation_cost = "china.proliferation_cost",
            aid_cost = "china.aid_cost",
            intervention_cost = "china.intervention_cost",
            intervention_sd = "china.intervention_sd",
            deployment_north = "us.deployment_north",
            leakage = "sanctions.leakage",
            concession_base = "sanctions.concession_base",
            sanctions_rung = "levers.sanctions_rung",
            china_enforcement = "levers.china_enforcement",
            china_aid = "levers.china_aid",
            us_pledge = "levers.us_pledge",
            joint_plan = "levers.joint_stabilisation_plan",
            inducements = "levers.inducements",
            china_veto = "levers.china_veto",
            russia_veto = "levers.russia_veto",
            squeeze_collapse_risk = "sanctions-escalation.squeeze_collapse_risk",
            plan_burden_share = "sanctions-escalation.plan_burden_share",
            resolve_noise = "sanctions-escalation.resolve_noise",
            bluff_gain = "sanctions-escalation.bluff_gain",
            beta = "sanctions-escalation.beta",
            dh = "sanctions-escalation.dh",
            regime_value = "sanctions-escalation.regime_value",
            compliance_scale = "sanctions-escalation.compliance_scale",
            provocation_base = "sanctions-escalation.provocation_base",
            provocation_maturity = "sanctions-escalation.provocation_maturity",
            maturity_midyear = "sanctions-escalation.maturity_midyear",
            maturity_width = "sanctions-escalation.maturity_width",
            risk_taking = "sanctions-escalation.risk_taking",
            reciprocity = "sanctions-escalation.reciprocity",
            brinkmanship_war = "sanctions-escalation.brinkmanship_war",
            concession_pressure = "sanctions-escalation.concession_pressure",
            concession_belief = "sanctions-escalation.concession_belief",
            concession_arsenal = "sanctions-escalation.concession_arsenal",
            concession_inducements = "sanctions-escalation.concession_inducements",
            denuclearization_share = "sanctions-escalation.denuclearization_share",
            gamma = "sanctions-escalation.gamma",
        )
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
    fn every_declared_parameter_is_read() {
        // `read_all` fails on an undeclared name; this checks the converse:
        // a parameter set away from its default changes some field.
        let read = |set: Vec<(&str, f64)>| {
            let input = crate::tests_support::input(3, set);
            Year::read_all(&Params::new(&input, PARAMS).unwrap()).unwrap()
        };
        let base = read(vec![]);
        for d in PARAMS {
            let other = if d.default == d.max { d.min } else { d.max };
            assert_ne!(
                read(vec![(d.name, other)]),
                base,
                "{} is declared but not read",
                d.name
            );
        }
    }

    #[test]
    fn paths_are_resolved_per_year() {
        use forecast_sdk::ParamValue;
        let input = Params::input(
            PARAMS,
            3,
            &[("levers.china_veto", ParamValue::Path(vec![0.0, 0.5, 1.0]))],
        )
        .unwrap();
        let years = Year::read_all(&Params::new(&input, PARAMS).unwrap()).unwrap();
        assert_eq!(
            years.iter().map(|y| y.china_veto).collect::<Vec<_>>(),
            [0.0, 0.5, 1.0]
        );
        assert!(years.iter().all(|y| y.russia_veto == 0.1));
    }
}
