//! `forecast-collapse`: the mathematics of the `collapse` model.
//!
//! A discrete-time hazard of regime collapse, driven by sanctions pressure
//! (which China's enforcement dominates), Chinese aid and the leader's
//! mortality, followed by a post-collapse branch in which China's decision to
//! send the PLA in turns on the buffer it stands to lose to US forces north of
//! the 38th parallel. A surviving regime concedes at a base rate raised by
//! pressure and inducements. Everything is closed-form and deterministic.
//!
//! - [`params`]: the declared parameters ([`PARAMS`]) and one year's values;
//! - [`hazard`]: the yearly collapse and concession hazards;
//! - [`branch`]: who enters the North after a collapse, and what follows;
//! - [`trajectory`]: the recursion over the horizon;
//! - [`explain`]: the explanation lines.
//!
//! [`info`] and [`forecast`] are what the plugin exports (and what the host's
//! benchmark calls natively).

pub mod branch;
pub mod explain;
pub mod hazard;
pub mod params;
pub mod trajectory;

pub use params::PARAMS;

use forecast_sdk::{
    ForecastBuilder, ForecastInput, ForecastOutput, IndicatorSpec, ModelInfo, ParamDecl, Params,
};

/// The model's id.
pub const ID: &str = "collapse";

/// Literature the mechanism and its numbers rest on.
pub const REFERENCES: &[&str] = &[
    "Pei, M. & Mastro, O. S. (2006). Op-ed on the six-party talks and the US-China endgame in North Korea. Financial Times, 13 December 2006.",
    "Goldstone, J. A., Bates, R. H., Epstein, D. L., Gurr, T. R., Lustik, M. B., Marshall, M. G., Ulfelder, J. & Woodward, M. (2010). A global model for forecasting political instability. American Journal of Political Science 54(1), 190-208.",
    "Kendall-Taylor, A. & Frantz, E. (2016). When dictators die. Journal of Democracy 27(4), 159-171.",
    "Escriba-Folch, A. & Wright, J. (2010). Dealing with tyranny: International sanctions and the survival of authoritarian rulers. International Studies Quarterly 54(2), 335-359.",
    "McLean, E. V. & Whang, T. (2010). Friends or foes? Major trading partners and the success of economic sanctions. International Studies Quarterly 54(2), 427-447.",
    "Fazal, T. M. (2004). State death in the international system. International Organization 58(2), 311-344.",
    "Coggins, B. L. (2017), on refugee flows after a North Korean collapse, as cited in the project's domain design: flows smaller and slower than planners assume.",
    "Quinlivan, J. T. (1995). Force requirements in stability operations. Parameters 25(4), 59-69.",
    "Bennett, B. W. & Lind, J. (2011). The collapse of North Korea: Military missions and requirements. International Security 36(2), 84-119.",
    "Stares, P. B. & Wit, J. S. (2009). Preparing for sudden change in North Korea. Council on Foreign Relations, Council Special Report No. 42.",
    "Lektzian, D. & Souva, M. (2007). An institutional theory of sanctions onset and success. Journal of Conflict Resolution 51(6), 848-871.",
    "Early, B. R. (2015). Busted Sanctions: Explaining Why Economic Sanctions Fail. Stanford University Press.",
    "Wit, J. S., Poneman, D. B. & Gallucci, R. L. (2004). Going Critical: The First North Korean Nuclear Crisis. Brookings Institution Press.",
    "Niksch, L. A. (2006). North Korea's Nuclear Weapons Program. Congressional Research Service, Issue Brief IB91141, revised 25 May 2006.",
];

const SUMMARY: &str = "Regime collapse as a discrete-time hazard plus a post-collapse branch. \
Each year the regime falls with h_t = 1 - (1 - h_struct)(1 - m_t q): a structural hazard \
h_struct = min(1, h0 e^{gamma P_t} e^{-alpha (A_t - 1)}) raised by sanctions pressure \
P_t = bite(S_t) e_eff (1 - L), with enforcement e_eff = w + (1 - w) e_C dominated by China, and by \
cuts in Chinese aid A_t, plus the risk that the leader dies and the succession fails. After a \
collapse China sends the PLA in with P = logistic(theta0 + theta1 p_dep (1 - kappa) B + theta2 R_C phi \
- theta3 J): the buffer it stands to lose to US forces north of the 38th parallel, shrunk by a \
credible US pledge (kappa), outweighs refugees; a joint stabilisation plan J lowers it further. \
US/ROK forces go north with P = p_dep (1 - kappa) + ROK entry. PLA and US/ROK together clash into \
war with the clash probability (reduced by the plan), else partition the North; the PLA alone \
props up a successor state; with China out Korea unifies, neutrally in the share kappa (1 - dep \
(1 - J)) held by the pledge and plan, otherwise in the alliance. A surviving regime concedes at \
the base rate a0 raised by pressure and inducements, splitting into freeze and denuclearisation; a \
freeze breaks down at the rate b of the DPRK's agreements up to 2006 (1993, 2002, 2006), and the \
regime can agree again. Closed-form, no sampling: same input, same bits. Changed in 0.3.0: freezes \
break down (until 0.2.0 a concession was forever, so agreements could not recur). Changed in 0.2.0: \
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
/// (the survival branch splits by the concession rate), and its indicators.
pub fn info() -> ModelInfo {
    ModelInfo {
        id: ID.into(),
        name: "Regime collapse: hazard and post-collapse branch".into(),
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
                "collapse_hazard",
                "P(collapse in year t given survival to its start), h_t",
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
                "china_pressure",
                "effective pressure on the regime, P_t = bite(S_t) e_eff (1 - L)",
                "",
            ),
            indicator(
                "refugees_to_china",
                "expected refugee flow into China in year t: P(collapse in t) x phi x Pop",
                "persons",
            ),
            indicator(
                "leader_change_by",
                "cumulative P(the start's leader has died, been incapacitated or fallen with the regime by the end of year t): 1 - prod (1 - m_s)(1 - h_struct_s)",
                "",
            ),
            indicator(
                "unification_by",
                "cumulative P(Korea unified by the end of year t): the neutral and aligned shares of each year's collapse mass",
                "",
            ),
            indicator(
                "concession_by",
                "cumulative P(the regime agreed to a freeze or to denuclearisation by the end of year t, standing at the end of that year; the first agreement, whatever came of it)",
                "",
            ),
            indicator(
                "collapse_in_year",
                "P(the regime collapses in year t): S_{t-1} h_t",
                "",
            ),
            indicator(
                "leader_change_in_year",
                "P(the leader in office at the start of year t goes in it, by death or incapacity (m_t) or a structural collapse, the regime standing at the start): S_{t-1} (1 - (1 - m_t)(1 - h_struct_t))",
                "",
            ),
            indicator(
                "concession_in_year",
                "P(the regime agrees in year t to a freeze or to denuclearisation, standing at its end): a first agreement, or a new one after a freeze broke down (F -> N with b)",
                "",
            ),
            indicator(
                "collapse.troops_needed",
                "expected stabilisation force required in year t: P(collapsed by t) x rho x Pop / 1000 (a stabilisation mission lasts years, so the need persists after the collapse year)",
                "troops",
            ),
            indicator(
                "collapse.pla_entry",
                "P(the PLA enters the North | collapse in year t), from China's entry logistic",
                "",
            ),
        ],
    }
}

/// One forecast: reads every parameter per year, runs the recursion and
/// returns the outcome distribution, the yearly series and the explanation.
pub fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
    let params = Params::new(input, PARAMS)?;
    let horizon = params.horizon();
    if horizon == 0 {
        return Err("the collapse model needs a horizon of at least one year".into());
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
        .series("china_pressure", t.china_pressure)
        .series("refugees_to_china", t.refugees_to_china)
        .series("leader_change_by", t.leader_change_by)
        .series("unification_by", t.unification_by)
        .series("concession_by", t.concession_by)
        .series("collapse_in_year", t.collapse_in_year)
        .series("leader_change_in_year", t.leader_change_in_year)
        .series("concession_in_year", t.concession_in_year)
        .series("collapse.troops_needed", t.troops_needed)
        .series("collapse.pla_entry", t.pla_entry)
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
        forecast_sdk::testing::check_info(&i, PARAMS).unwrap();
        let out = forecast(&input(20, vec![])).unwrap();
        forecast_sdk::testing::check_output(&out, &i, 20).unwrap();
    }

    #[test]
    fn default_forecast_explains_itself() {
        let out = forecast(&input(20, vec![])).unwrap();
        assert!((3..=5).contains(&out.explanation.len()));
        assert!(
            out.explanation[0].starts_with("Collapse by 2026: "),
            "{}",
            out.explanation[0]
        );
        assert!(
            out.explanation[1].contains("China enters after a collapse with P=0.70"),
            "{}",
            out.explanation[1]
        );
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
