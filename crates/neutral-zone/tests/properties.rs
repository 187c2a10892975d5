//! Properties that hold for every parameter drawn within its declared range.

mod common;
use forecast_neutral_zone::PARAMS;
use forecast_sdk::ForecastInput;
use forecast_sdk::testing::{self, check_output};
use proptest::prelude::*;

/// A horizon of 1..=40 years and, for every declared parameter, a scalar or
/// a yearly path, each value uniform in the declared [min, max].
fn any_input() -> impl Strategy<Value = ForecastInput> {
    forecast_sdk::testing::any_input(PARAMS, 40)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn outcomes_are_a_distribution_and_series_are_complete(input in any_input()) {
        let out = forecast_neutral_zone::forecast(&input).map_err(TestCaseError::fail)?;
        check_output(&out, &forecast_neutral_zone::info(), input.horizon as usize).map_err(TestCaseError::fail)?;
        for name in ["collapse_hazard", "collapse_by", "denuclearization_by", "china_resolve_belief", "neutral-zone.compliance"] {
            prop_assert!(common::series(&out, name).iter().all(|v| (0.0..=1.0).contains(v)), "{}", name);
        }
        prop_assert!(common::series(&out, "neutral-zone.settlement").iter().all(|v| (0.0..=100.0).contains(v)));
        prop_assert!(common::series(&out, "collapse_by").windows(2).all(|w| w[1] >= w[0]));
        prop_assert!(common::series(&out, "denuclearization_by").windows(2).all(|w| w[1] >= w[0]));
        prop_assert!(!out.explanation.is_empty());
    }

    #[test]
    fn the_same_input_gives_bit_identical_output(input in any_input()) {
        let a = forecast_neutral_zone::forecast(&input).map_err(TestCaseError::fail)?;
        let b = forecast_neutral_zone::forecast(&input.clone()).map_err(TestCaseError::fail)?;
        prop_assert_eq!(testing::bits(&a), testing::bits(&b));
    }

    #[test]
    fn collapse_by_matches_the_collapse_outcomes(input in any_input()) {
        let out = forecast_neutral_zone::forecast(&input).map_err(TestCaseError::fail)?;
        let by = common::at_horizon(&out, "collapse_by");
        prop_assert!((common::collapse_mass(&out) - by).abs() < 1e-9);
        prop_assert!(common::at_horizon(&out, "denuclearization_by") + 1e-12 >= common::p(&out, "denuclearization"));
    }
}
