//! `forecast-neutral-zone`: the mathematics of the `neutral-zone` model,
//! China's commitment problem plus six-party bargaining.
//!
//! Layer A asks whether China's threat to cut the regime's lifeline is
//! credible (Fearon 1995, 1997; Fazal 2004): squeezing risks a collapse that
//! could bring US forces to the Yalu, so Kim reads the threat as a bluff
//! unless a credible US pledge (and a joint stabilisation plan) shrinks what
//! China would lose. Kim's belief mu that China is resolved drives his
//! compliance and, through an exact Markov chain, the survival outcomes and
//! the collapse hazard. Layer B asks where the six parties would settle the
//! endgame (Bueno de Mesquita's expected-utility model, as Scholz, Calbert &
//! Smith 2011 specify it), which splits the collapse mass between neutral
//! and aligned unification and a successor state.
//!
//! - [`params`]: the declared parameters ([`PARAMS`]) and each year's values;
//! - [`resolve`]: Layer A, China's resolve and Kim's compliance;
//! - [`bargaining`]: a general engine for the expected-utility bargaining model;
//! - [`settlement`]: Layer B, the six parties on the endgame axis E;
//! - [`trajectory`]: the yearly chain over the horizon;
//! - [`explain`]: the explanation lines.
//!
//! [`info`] and [`forecast`] are what the plugin exports.

pub mod bargaining;
pub mod explain;
pub mod params;
pub mod resolve;
pub mod settlement;
pub mod trajectory;

pub use params::PARAMS;

use forecast_sdk::{
    ForecastBuilder, ForecastInput, ForecastOutput, IndicatorSpec, ModelInfo, ParamDecl, Params,
};

/// The model's id.
pub const ID: &str = "neutral-zone";

/// Literature the mechanism and its numbers rest on.
pub const REFERENCES: &[&str] = &[
    "Pei, M. & Mastro, O. S. (2006). Op-ed on the six-party talks and the US-China endgame in North Korea. Financial Times, 13 December 2006.",
    "Fearon, J. D. (1994). Domestic political audiences and the escalation of international disputes. American Political Science Review 88(3), 577-592.",
    "Fearon, J. D. (1995). Rationalist explanations for war. International Organization 49(3), 379-414.",
    "Fearon, J. D. (1997). Signaling foreign policy interests: Tying hands versus sinking costs. Journal of Conflict Resolution 41(1), 68-90.",
    "Fazal, T. M. (2004). State death in the international system. International Organization 58(2), 311-344.",
    "Bueno de Mesquita, B. (1994). Political forecasting: An expected utility method. In B. Bueno de Mesquita & F. N. Stokman (eds.), European Community Decision Making: Models, Applications, and Comparisons, 71-104. Yale University Press.",
    "Bueno de Mesquita, B. (1997). A decision making model: Its structure and form. International Interactions 23(3-4), 235-266.",
    "Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De Mesquita's group decision model. Journal of Theoretical Politics 23(4), 510-531.",
    "Goldstone, J. A., Bates, R. H., Epstein, D. L., Gurr, T. R., Lustik, M. B., Marshall, M. G., Ulfelder, J. & Woodward, M. (2010). A global model for forecasting political instability. American Journal of Political Science 54(1), 190-208.",
    "Kendall-Taylor, A. & Frantz, E. (2016). When dictators die. Journal of Democracy 27(4), 159-171.",
    "Lektzian, D. & Souva, M. (2007). An institutional theory of sanctions onset and success. Journal of Conflict Resolution 51(6), 848-871.",
    "Bennett, B. W. & Lind, J. (2011). The collapse of North Korea: Military missions and requirements. International Security 36(2), 84-119.",
    "Stares, P. B. & Wit, J. S. (2009). Preparing for sudden change in North Korea. Council on Foreign Relations, Council Special Report No. 42.",
    "Coggins, B. L. (2017), on refugee flows after a North Korean collapse, as cited in the project's domain design: flows smaller and slower than planners assume.",
    "Wit, J. S., Poneman, D. B. & Gallucci, R. L. (2004). Going Critical: The First North Korean Nuclear Crisis. Brookings Institution Press.",
    "Niksch, L. A. (2006). North Korea's Nuclear Weapons Program. Congressional Research Service, Issue Brief IB91141, revised 25 May 2006.",
];

const SUMMARY: &str = "China's commitment problem plus six-party bargaining. Layer A: China weighs \
squeezing the regime against propping it up, U_C(squeeze) = G - h' [p_dep (1 - kappa) B + R_C (1 - J psi) + I_C] \
against U_C(prop up) = -c_aid - c_prolif, and is resolved iff the margin U_C(squeeze) - U_C(prop up) + A_C >= 0; \
h' = 1 - (1 - h0 e^beta)^Y is the collapse risk of a sustained cutoff. Kim, unsure of B and A_C (normal), believes \
China resolved with mu = Phi(margin / sd): the buffer term dominates, so a credible US pledge (kappa) and a joint \
stabilisation plan (J) are the levers on mu. Kim's cost of defying a resolved China is the threatened cutoff \
K = h' + e d_CN plus the sanctions pressure he bears, lambda P with P = bite(S) e_C (1 - L); both bite only if \
China is resolved, while inducements I pay regardless: he complies with P = logistic((mu (K + lambda P) + iota I - N)/s) \
and at least freezes with theta N in place of N. So without a pledge China's pressure is read as a bluff. An exact \
yearly Markov chain over nuclear, frozen and denuclearised regimes: China threatens at rate rho, complied threats \
denuclearise, partial compliance and the base rate a0 freeze, a freeze breaks down at the rate b of the DPRK's \
agreements up to 2006 (1993, 2002, 2006) and the regime may agree again, defied threats are carried out with probability mu \
and raise the collapse hazard from h_A = h0 e^{beta (1 - A)} (aid A, 2006 = 1) to h0 e^beta; leader death with failed \
succession adds m q. After a collapse, the same commitment decides: China sends the PLA in with P = Phi(margin / sd), \
margin = p_dep (1 - kappa) B + R_C (1 - J psi) + I_C - c_int, and with US/ROK forces also north the two clash into war \
with P = c (1 - delta J). Layer B: the six parties \
bargain over the endgame axis E (0 nuclear buffer state, 25 denuclearised DPRK, 50 neutral unified Korea, 70 allied \
without US forces north of the 38th, 100 allied without restriction) by Bueno de Mesquita's expected-utility model, \
variant: ";

const SUMMARY_END: &str = ". A pledge moves the USA towards its pledged position by kappa, and China towards \
its own by kappa (1 - omega + omega J). With China out, the endgame lands on E ~ Normal(settlement, sd_E): below 40 a \
successor state, above a unified Korea, neutral only if E is in [40, 80] and the pledge holds (P = kappa), else \
aligned. Changed in 0.3.0: freezes break down (until 0.2.0 a freeze was never undone, so agreements could not \
recur). Changed in 0.2.0: the PLA's intervention and the pledge, not the bargaining median alone, decide the \
collapse split (0.1 gave a neutral unification without any pledge); the aid, enforcement, rung and inducement levers \
enter through Layer A; ranges are the quantities' meaningful ones. Closed form and exact computation, no sampling: \
same input, same bits.";

fn indicator(name: &str, description: &str, unit: &str) -> IndicatorSpec {
    IndicatorSpec {
        name: name.into(),
        description: description.into(),
        unit: unit.into(),
    }
}

/// The model's description: parameters from [`PARAMS`], all seven outcomes,
/// and its indicators.
pub fn info() -> ModelInfo {
    ModelInfo {
        id: ID.into(),
        name: "Neutral zone: China's commitment problem and six-party bargaining".into(),
        version: "0.3.0".into(),
        summary: format!("{SUMMARY}{}{SUMMARY_END}", bargaining::VARIANT),
        references: REFERENCES.iter().map(|r| (*r).into()).collect(),
        parameters: ParamDecl::specs(PARAMS),
        outcomes: forecast_sdk::vocab::OUTCOMES
            .iter()
            .map(|o| o.id.into())
            .collect(),
        indicators: vec![
            indicator(
                "collapse_hazard",
                "P(collapse in year t given survival to its start), averaged over the regime's states",
                "per year",
            ),
            indicator(
                "collapse_by",
                "cumulative P(collapse by the end of year t)",
                "",
            ),
            indicator(
                "denuclearization_by",
                "cumulative P(verified complete denuclearisation by the end of year t, regime alive then)",
                "",
            ),
            indicator(
                "leader_change_by",
                "cumulative P(the start's leader has died, been incapacitated or fallen with the regime by the end of year t), from the chain over the regime's states",
                "",
            ),
            indicator(
                "unification_by",
                "cumulative P(Korea unified by the end of year t): the neutral and aligned shares of each year's collapse mass",
                "",
            ),
            indicator(
                "concession_by",
                "cumulative P(the regime first froze or denuclearised by the end of year t, standing at the end of that year, whatever came of it)",
                "",
            ),
            indicator(
                "collapse_in_year",
                "P(the regime collapses in year t), over the regime's states",
                "",
            ),
            indicator(
                "leader_change_in_year",
                "P(the leader in office at the start of year t goes in it, by death or incapacity (m_t) or a structural collapse, the regime standing at the start), over the regime's states",
                "",
            ),
            indicator(
                "concession_in_year",
                "P(an agreement in year t: a nuclear regime freezes or denuclearises, or a frozen one agrees to denuclearise); a freeze breaks down with b and can be agreed again",
                "",
            ),
            indicator(
                "china_resolve_belief",
                "mu_t = Phi(margin / sd): Kim's belief that China would carry out its threat to cut support",
                "",
            ),
            indicator(
                "neutral-zone.settlement",
                "the six parties' bargaining settlement on the endgame axis E (0 nuclear buffer state ... 50 neutral unified Korea ... 100 allied, no restriction)",
                "E points",
            ),
            indicator(
                "neutral-zone.china_resolved_margin",
                "mean of China's resolve margin U_C(squeeze) - U_C(prop up) + A_C (resolved iff >= 0)",
                "",
            ),
            indicator(
                "neutral-zone.compliance",
                "P(Kim complies fully with a threat) = logistic((mu (K + lambda P) + iota I - N) / s)",
                "",
            ),
        ],
    }
}

/// One forecast: reads every parameter once, runs the chain and the
/// bargaining, and returns the outcome distribution, the yearly series and
/// (when asked) the explanation.
pub fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
    let params = Params::new(input, PARAMS)?;
    let horizon = params.horizon();
    if horizon == 0 {
        return Err("the neutral-zone model needs a horizon of at least one year".into());
    }
    let years = params::Year::read_all(&params)?;
    let t = trajectory::run(&years);
    let c = t.collapse;
    ForecastBuilder::new(horizon)
        .collapse(c)
        .outcome("nuclear-status-quo", t.nuclear_status_quo)
        .outcome("freeze", t.freeze)
        .outcome("denuclearization", t.denuclearization)
        .explain_if(input.explain, || {
            explain::explain(&years, &t, input.start_year)
        })
        .series("collapse_hazard", t.collapse_hazard)
        .series("collapse_by", t.collapse_by)
        .series("denuclearization_by", t.denuclearization_by)
        .series("leader_change_by", t.leader_change_by)
        .series("unification_by", t.unification_by)
        .series("concession_by", t.concession_by)
        .series("collapse_in_year", t.collapse_in_year)
        .series("leader_change_in_year", t.leader_change_in_year)
        .series("concession_in_year", t.concession_in_year)
        .series("china_resolve_belief", t.china_resolve_belief)
        .series("neutral-zone.settlement", t.settlement)
        .series("neutral-zone.china_resolved_margin", t.resolved_margin)
        .series("neutral-zone.compliance", t.compliance)
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
        assert!(i.references.len() >= 10);
        assert!(i.summary.contains(bargaining::VARIANT));
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
            out.explanation[0].starts_with("China resolved to cut the lifeline with P="),
            "{}",
            out.explanation[0]
        );
        i.explain = false;
        assert!(forecast(&i).unwrap().explanation.is_empty());
    }

    #[test]
    fn rejects_too_few_values_out_of_range_and_empty_horizon() {
        let mut short = input(5, vec![]);
        short.params.pop();
        assert!(forecast(&short).unwrap_err().contains("parameter values"));
        assert!(forecast(&input(5, vec![("levers.us_pledge", 4.0)])).is_err());
        assert!(forecast(&input(0, vec![])).is_err());
    }
}
