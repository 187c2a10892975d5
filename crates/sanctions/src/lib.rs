//! `forecast-sanctions`: the mathematics of the `sanctions-escalation` model.
//!
//! A threat game with incomplete information about China's resolve (TIES:
//! Morgan, Bapat & Krustev 2009; Hovi, Huseby & Sprinz 2005) and a yearly UNSC
//! escalation ladder computed exactly as a Markov chain. China's audience
//! cost decides whether its threats are informative: near zero, unresolved
//! senders bluff too and a threat leaves Kim's belief at the prior (the
//! op-ed's "bluff"); a US pledge and a joint plan raise the prior itself.
//! Provocations climb the ladder unless China or Russia vetoes; pressure
//! raises the collapse hazard, brinkmanship a small war hazard; concessions
//! split into freeze and denuclearisation.
//!
//! - [`params`]: the declared parameters ([`PARAMS`]) and each year's values;
//! - [`threat`]: China's resolve, the signal, Kim's cost and compliance;
//! - [`ladder`]: provocations, step-ups, pressure and the yearly hazards;
//! - [`chain`]: the Markov chain over rung, nuclear state, collapse and war;
//! - [`trajectory`]: the run over the horizon, outcomes and indicators;
//! - [`explain`]: the explanation lines.
//!
//! [`info`] and [`forecast`] are what the plugin exports.

pub mod chain;
pub mod explain;
pub mod ladder;
pub mod params;
pub mod threat;
pub mod trajectory;

pub use params::PARAMS;

use forecast_sdk::{
    ForecastBuilder, ForecastInput, ForecastOutput, IndicatorSpec, ModelInfo, ParamDecl, Params,
};

/// The model's id.
pub const ID: &str = "sanctions-escalation";

/// Literature the mechanism and its numbers rest on.
pub const REFERENCES: &[&str] = &[
    "Pei, M. & Mastro, O. S. (2006). Op-ed on the six-party talks and the US-China endgame in North Korea. Financial Times, 13 December 2006.",
    "Morgan, T. C., Bapat, N. & Krustev, V. (2009). The Threat and Imposition of Economic Sanctions, 1971-2000. Conflict Management and Peace Science 26(1), 92-110.",
    "Hovi, J., Huseby, R. & Sprinz, D. F. (2005). When do (imposed) economic sanctions work? World Politics 57(4), 479-499.",
    "Schelling, T. C. (1966). Arms and Influence. Yale University Press.",
    "Fearon, J. D. (1994). Domestic political audiences and the escalation of international disputes. American Political Science Review 88(3), 577-592.",
    "Lektzian, D. & Souva, M. (2007). An institutional theory of sanctions onset and success. Journal of Conflict Resolution 51(6), 848-871.",
    "Early, B. R. (2015). Busted Sanctions: Explaining Why Economic Sanctions Fail. Stanford University Press.",
    "McLean, E. V. & Whang, T. (2010). Friends or foes? Major trading partners and the success of economic sanctions. International Studies Quarterly 54(2), 427-447.",
    "Escriba-Folch, A. & Wright, J. (2010). Dealing with tyranny: International sanctions and the survival of authoritarian rulers. International Studies Quarterly 54(2), 335-359.",
    "Goldstone, J. A., Bates, R. H., Epstein, D. L., Gurr, T. R., Lustik, M. B., Marshall, M. G., Ulfelder, J. & Woodward, M. (2010). A global model for forecasting political instability. American Journal of Political Science 54(1), 190-208.",
    "Fazal, T. M. (2004). State death in the international system. International Organization 58(2), 311-344.",
    "Bennett, B. W. & Lind, J. (2011). The collapse of North Korea: Military missions and requirements. International Security 36(2), 84-119.",
    "Stares, P. B. & Wit, J. S. (2009). Preparing for sudden change in North Korea. Council on Foreign Relations, Council Special Report No. 42.",
    "UN Security Council resolution 1718 (14 October 2006): arms, luxury goods (rung 1).",
    "UN Security Council resolution 1874 (12 June 2009): finance, cargo inspections (rung 2).",
    "UN Security Council resolution 2094 (7 March 2013): bulk cash, banking (rung 2).",
    "UN Security Council resolution 2270 (2 March 2016): mineral exports, inspections of all cargo (rung 3).",
    "UN Security Council resolution 2321 (30 November 2016): coal export cap (rung 3).",
    "UN Security Council resolution 2371 (5 August 2017): coal, iron, seafood bans (rung 4).",
    "UN Security Council resolution 2375 (11 September 2017): textile ban, oil cap, labour (rung 4).",
    "UN Security Council resolution 2397 (22 December 2017): refined oil cut to 0.5m barrels, crude cap (rung 5).",
    "Wit, J. S., Poneman, D. B. & Gallucci, R. L. (2004). Going Critical: The First North Korean Nuclear Crisis. Brookings Institution Press.",
    "Niksch, L. A. (2006). North Korea's Nuclear Weapons Program. Congressional Research Service, Issue Brief IB91141, revised 25 May 2006.",
    "Sigal, L. V. (1998). Disarming Strangers: Nuclear Diplomacy with North Korea. Princeton University Press.",
    "Fazal, T. M. (2004). State death in the international system. International Organization 58(2), 311-344.",
];

const SUMMARY: &str = "A threat game plus an escalation ladder. Threat stage (TIES: Morgan, Bapat & \
Krustev 2009; Hovi, Huseby & Sprinz 2005): Kim's prior that China would carry out a squeeze is \
rho = logistic(dU / sigma_U), where China's net gain dU = G + c_prolif + c_aid A - h' [p_dep (1 - kappa) \
B + R_C (1 - psi J) + I_C] rises with a credible US pledge (kappa) and a joint plan (J). A share \
b = max(0, 1 - A_C / A_bluff) of unresolved Chinas bluffs, so a threat raises Kim's belief by Bayes' \
rule to mu = rho / (rho + (1 - rho) b): with China's audience cost A_C near zero threats pool and \
mu = rho (the op-ed's bluff). Kim's cost if the threat is carried out is K = beta P' d_CN + dh A V_reg \
(P' the next rung fully enforced); he complies at a threat when mu K >= N, smoothed logistically, and \
only the threat's news moves him (a Kim who would comply on rho K alone has already). Ladder, \
yearly, an exact Markov chain over (rung 0-5, nuclear state programme/frozen/denuclearised) for a \
living regime plus absorbing collapse and war: a provocation (nuclear or long-range missile test) \
with probability 1 - exp(-(r0 + r1 maturity) e^{k N P + r W}), W the inducements withdrawn since the year before; war with w bite(S) per provocation; the \
UNSC steps up one rung after a defied threat with (1 - v_CN)(1 - v_RU); pressure P = bite(S) e_C (1 - L); \
collapse hazard h0 e^{gamma P}; concession hazard logistic(logit a0 + a1 P + a2 mu - a3 N + a4 I) into \
freeze and denuclearisation; freezes break down. The rung lever is a floor the UNSC has reached. \
After a collapse China sends the PLA in, propping up a successor state, with P = Phi((C - c_int) / sd_int): \
its stake C (the buffer at stake p_dep (1 - kappa) B, refugees and chaos, the collapse cost of the threat game) \
against its cost of intervening; with China out Korea unifies, neutral in the share kappa J. The cumulative indicators of a first resolution, oil \
sanctions, a first test and a first concession come from copies of the chain that drop a path's mass at \
its first such event; this model has no leader and emits no leader_change_by. Closed-form and exact: same input, same bits. Changed in 0.3.0: the freeze breakdown rate is the shared \
dprk.freeze_breakdown, 0.23 from the DPRK's agreements up to 2006 (0.2.0 had its own 0.15, sourced in part to later \
events); provocations also answer inducements withdrawn since the year before, tit for tat (Sigal 1998); \
China's intervention after a collapse decides the split (0.2.0 unified a fixed 40% of collapses, so it gave an \
aligned unification without any pledge). Changed in 0.2.0: \
shared parameters come from the one table of shared priors, and every range is what the quantity can mean (0.1 \
declared the priors' 90% intervals, which truncated the scenarios' distributions); the mathematics is unchanged.";

fn indicator(name: &str, description: &str, unit: &str) -> IndicatorSpec {
    IndicatorSpec {
        name: name.into(),
        description: description.into(),
        unit: unit.into(),
    }
}

/// The model's description: parameters from [`PARAMS`], all seven outcomes
/// and its indicators.
pub fn info() -> ModelInfo {
    ModelInfo {
        id: ID.into(),
        name: "Sanctions escalation: threat game and UNSC ladder".into(),
        version: "0.3.0".into(),
        summary: SUMMARY.into(),
        references: REFERENCES.iter().map(|r| (*r).into()).collect(),
        parameters: ParamDecl::specs(PARAMS),
        outcomes: forecast_sdk::vocab::OUTCOMES
            .iter()
            .map(|o| o.id.into())
            .collect(),
        indicators: vec![
            indicator(
                "sanctions_rung",
                "expected UNSC sanctions rung (0-5) at the end of year t, given the regime is alive",
                "rung",
            ),
            indicator(
                "nuclear_test_in_year",
                "P(at least one provocation, a nuclear or long-range missile test, in year t)",
                "",
            ),
            indicator(
                "china_pressure",
                "expected effective pressure P_t = bite(S_t) e_C (1 - L) on a living regime at the end of year t (none after a concession)",
                "",
            ),
            indicator(
                "china_resolve_belief",
                "mu_t: Kim's belief after a threat that China would carry it out",
                "",
            ),
            indicator(
                "denuclearization_by",
                "cumulative P(verified complete denuclearisation by the end of year t, regime alive then)",
                "",
            ),
            indicator(
                "collapse_by",
                "cumulative P(collapse by the end of year t)",
                "",
            ),
            indicator(
                "unsc_resolution_by",
                "cumulative P(at least one new UNSC sanctions resolution, a rise of the rung by a step up after a defied threat or by the lever path's floor, by the end of year t); exact, from a copy of the chain that drops a path's mass at its first rise, so a resolution before a later collapse or war still counts; a step up at the top rung (5) is no rise",
                "",
            ),
            indicator(
                "oil_sanctions_by",
                "cumulative P(UNSC sanctions at rung 4 or above, the coal, textile and labour bans with an oil cap of resolutions 2371/2375, reached by the end of year t; a start at rung 4 or 5 counts as reached); exact, from a copy of the chain that drops a path's mass on its arrival at rung 4, before that year's collapse; the lever path lifts only a living regime's rung",
                "",
            ),
            indicator(
                "nuclear_test_by",
                "cumulative P(at least one provocation after the start by the end of year t); the chain's provocation is a nuclear or long-range missile test and it does not tell the two apart; exact, from a copy of the chain that drops a path's mass at its first provocation",
                "",
            ),
            indicator(
                "concession_by",
                "cumulative P(the regime has agreed to a verified freeze or to denuclearisation, by compliance at a threat or by the yearly concession hazard, by the end of year t, whatever came after: a freeze that broke down or a later collapse); exact, from a copy of the chain that drops a path's mass at its first concession",
                "",
            ),
            indicator(
                "unification_by",
                "cumulative P(Korea unified, neutral or in the alliance, by the end of year t): each year's collapse flow times that year's declared unification share u, as the outcomes split it (this model does not model the post-collapse branch)",
                "",
            ),
            indicator(
                "collapse_in_year",
                "P(the regime collapses in year t): the chain's collapse flow of the year",
                "",
            ),
            indicator(
                "war_in_year",
                "P(war from brinkmanship breaks out in year t): the chain's war flow of the year",
                "",
            ),
            indicator(
                "unsc_resolution_in_year",
                "P(at least one new UNSC sanctions resolution in year t: a rise of the rung by a step up after a defied threat or by the lever path's floor); exact, from a copy of the chain at the start of the year that drops a path's mass at its first rise in the year",
                "",
            ),
            indicator(
                "concession_in_year",
                "P(the regime agrees in year t to a verified freeze or to denuclearisation, by compliance at a threat or by the yearly concession hazard, whatever came before: a freeze that broke down can be agreed again); exact, from a copy of the chain at the start of the year",
                "",
            ),
            indicator(
                "sanctions-escalation.resolve_prior",
                "rho_t: Kim's prior that China is resolved, from China's utilities",
                "",
            ),
            indicator(
                "sanctions-escalation.threat_compliance",
                "P(Kim complies at a threat | a threat in year t)",
                "",
            ),
            indicator(
                "sanctions-escalation.war_by",
                "cumulative P(war from brinkmanship by the end of year t)",
                "",
            ),
        ],
    }
}

/// One forecast: reads every parameter once, runs the chain and returns the
/// outcome distribution, the yearly series and (if asked) the explanation.
pub fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
    let params = Params::new(input, PARAMS)?;
    let horizon = params.horizon();
    if horizon == 0 {
        return Err("the sanctions-escalation model needs a horizon of at least one year".into());
    }
    let years = params::Year::read_all(&params)?;
    let t = trajectory::run(&years, input.start_year);
    ForecastBuilder::new(horizon)
        .outcome("war", t.war)
        .outcome("neutral-unification", t.neutral_unification)
        .outcome("aligned-unification", t.aligned_unification)
        .outcome("successor-state", t.successor_state)
        .outcome("nuclear-status-quo", t.nuclear_status_quo)
        .outcome("freeze", t.freeze)
        .outcome("denuclearization", t.denuclearization)
        .explain_if(input.explain, || {
            explain::explain(&years, &t, input.start_year)
        })
        .series("sanctions_rung", t.sanctions_rung)
        .series("nuclear_test_in_year", t.nuclear_test_in_year)
        .series("china_pressure", t.china_pressure)
        .series("china_resolve_belief", t.china_resolve_belief)
        .series("denuclearization_by", t.denuclearization_by)
        .series("collapse_by", t.collapse_by)
        .series("sanctions-escalation.resolve_prior", t.resolve_prior)
        .series(
            "sanctions-escalation.threat_compliance",
            t.threat_compliance,
        )
        .series("sanctions-escalation.war_by", t.war_by)
        .series("unsc_resolution_by", t.unsc_resolution_by)
        .series("oil_sanctions_by", t.oil_sanctions_by)
        .series("nuclear_test_by", t.nuclear_test_by)
        .series("concession_by", t.concession_by)
        .series("unification_by", t.unification_by)
        .series("collapse_in_year", t.collapse_in_year)
        .series("war_in_year", t.war_in_year)
        .series("unsc_resolution_in_year", t.unsc_resolution_in_year)
        .series("concession_in_year", t.concession_in_year)
        .build()
}

/// Test helpers shared by the unit tests of the modules.
#[cfg(test)]
pub(crate) mod tests_support {
    use forecast_sdk::ForecastInput;

    /// An input from the start year 2007 with the given scalar values.
    pub fn input(horizon: u32, set: Vec<(&str, f64)>) -> ForecastInput {
        forecast_sdk::testing::input(crate::PARAMS, horizon, &set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tests_support::input;

    #[test]
    fn info_and_a_default_forecast_keep_the_contract() {
        let i = info();
        assert_eq!(
            (i.id.as_str(), i.version.as_str(), i.outcomes.len()),
            (ID, "0.3.0", 7)
        );
        assert!(i.references.len() >= 15);
        forecast_sdk::testing::check_info(&i, PARAMS).unwrap();
        let out = forecast(&input(20, vec![])).unwrap();
        forecast_sdk::testing::check_output(&out, &i, 20).unwrap();
    }

    #[test]
    fn explanation_only_when_asked() {
        let mut i = input(20, vec![]);
        let out = forecast(&i).unwrap();
        assert_eq!(out.explanation.len(), 5);
        assert!(
            out.explanation[0].starts_with("China's resolve in 2007: prior rho = "),
            "{}",
            out.explanation[0]
        );
        i.explain = false;
        let quiet = forecast(&i).unwrap();
        assert!(quiet.explanation.is_empty());
        let bits =
            |o: &ForecastOutput| -> Vec<u64> { o.outcomes.to_array().map(f64::to_bits).to_vec() };
        assert_eq!(bits(&quiet), bits(&out));
    }

    #[test]
    fn rejects_too_few_values_out_of_range_and_empty_horizon() {
        let mut short = input(5, vec![]);
        short.params.pop();
        assert!(forecast(&short).unwrap_err().contains("parameter values"));
        assert!(forecast(&input(5, vec![("levers.china_veto", 1.5)])).is_err());
        assert!(forecast(&input(0, vec![])).is_err());
    }
}
