//! Properties that hold for every parameter drawn within its declared range.

mod common;
use forecast_sanctions::{PARAMS, params::Year, trajectory};
use forecast_sdk::testing::{self, check_output};
use forecast_sdk::{ForecastInput, Params};
use proptest::prelude::*;

/// A horizon of 1..=40 years and, for every declared parameter, a scalar or
/// a yearly path, each value uniform in the declared [min, max].
fn any_input() -> impl Strategy<Value = ForecastInput> {
    forecast_sdk::testing::any_input(PARAMS, 40)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn outcomes_are_a_distribution_and_series_are_complete(input in any_input()) {
        let out = forecast_sanctions::forecast(&input).map_err(TestCaseError::fail)?;
        check_output(&out, &forecast_sanctions::info(), input.horizon as usize).map_err(TestCaseError::fail)?;
        for name in ["nuclear_test_in_year", "china_pressure", "china_resolve_belief", "denuclearization_by", "collapse_by",
                     "sanctions-escalation.resolve_prior", "sanctions-escalation.threat_compliance", "sanctions-escalation.war_by"] {
            prop_assert!(common::series(&out, name).iter().all(|v| (0.0..=1.0).contains(v)), "{}", name);
        }
        prop_assert!(common::series(&out, "sanctions_rung").iter().all(|v| (0.0..=5.0).contains(v)));
        prop_assert!(common::series(&out, "collapse_by").windows(2).all(|w| w[1] >= w[0]));
        prop_assert!(common::series(&out, "denuclearization_by").windows(2).all(|w| w[1] >= w[0]));
        prop_assert!(!out.explanation.is_empty());
    }

    #[test]
    fn the_same_input_gives_bit_identical_output(input in any_input()) {
        let a = forecast_sanctions::forecast(&input).map_err(TestCaseError::fail)?;
        let b = forecast_sanctions::forecast(&input.clone()).map_err(TestCaseError::fail)?;
        prop_assert_eq!(testing::bits(&a), testing::bits(&b));
    }

    #[test]
    fn the_chain_conserves_mass_and_collapse_by_matches_the_collapse_outcomes(input in any_input()) {
        let years = Year::read_all(&Params::new(&input, PARAMS).map_err(TestCaseError::fail)?)
            .map_err(TestCaseError::fail)?;
        let t = trajectory::run(&years, input.start_year);
        for m in &t.total_mass {
            prop_assert!((m - 1.0).abs() < 1e-12, "mass {}", m);
        }
        let out = forecast_sanctions::forecast(&input).map_err(TestCaseError::fail)?;
        let by = common::at_horizon(&out, "collapse_by");
        prop_assert!((common::collapse_mass(&out) - common::p(&out, "war") - by).abs() < 1e-9);
        prop_assert!((common::p(&out, "war") - common::at_horizon(&out, "sanctions-escalation.war_by")).abs() < 1e-12);
        prop_assert!(common::at_horizon(&out, "denuclearization_by") + 1e-12 >= common::p(&out, "denuclearization"));
    }
}
