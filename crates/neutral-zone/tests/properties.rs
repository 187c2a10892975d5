//! Properties that hold for every parameter drawn within its declared range.

mod common;
use forecast_neutral_zone::PARAMS;
use forecast_sdk::{ForecastInput, ForecastOutput, ParamValue};
use proptest::prelude::*;

/// A horizon of 1..=40 years and, for every declared parameter, either a
/// scalar or a yearly path, each value uniform in the declared [min, max].
fn any_input() -> impl Strategy<Value = ForecastInput> {
    (1u32..=40).prop_flat_map(|horizon| {
        let per_param: Vec<_> = PARAMS
            .iter()
            .map(|d| {
                (
                    any::<bool>(),
                    prop::collection::vec(d.min..=d.max, horizon as usize),
                )
                    .prop_map(move |(scalar, values)| {
                        if scalar {
                            ParamValue::Scalar(values[0])
                        } else {
                            ParamValue::Path(values)
                        }
                    })
            })
            .collect();
        (per_param, any::<u64>()).prop_map(move |(params, seed)| ForecastInput {
            scenario: "prop".into(),
            start_year: 2007,
            horizon,
            seed,
            params,
            explain: true,
        })
    })
}

/// An output as bits: outcomes, series and explanation, compared exactly.
type Bits = (Vec<(String, u64)>, Vec<(String, Vec<u64>)>, Vec<String>);

fn bits(out: &ForecastOutput) -> Bits {
    (
        out.outcomes
            .iter()
            .map(|o| (o.outcome.clone(), o.probability.to_bits()))
            .collect(),
        out.indicators
            .iter()
            .map(|s| {
                (
                    s.indicator.clone(),
                    s.values.iter().map(|v| v.to_bits()).collect(),
                )
            })
            .collect(),
        out.explanation.clone(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn outcomes_are_a_distribution_and_series_are_complete(input in any_input()) {
        let out = forecast_neutral_zone::forecast(&input).map_err(TestCaseError::fail)?;
        prop_assert_eq!(out.outcomes.len(), 7);
        let mut sum = 0.0;
        for o in &out.outcomes {
            prop_assert!(o.probability.is_finite() && (0.0..=1.0).contains(&o.probability), "{} = {}", o.outcome, o.probability);
            sum += o.probability;
        }
        prop_assert!((sum - 1.0).abs() <= 1e-9, "sum {}", sum);
        prop_assert_eq!(out.indicators.len(), forecast_neutral_zone::info().indicators.len());
        for s in &out.indicators {
            prop_assert_eq!(s.values.len(), input.horizon as usize, "{}", &s.indicator);
            prop_assert!(s.values.iter().all(|v| v.is_finite()), "{}", &s.indicator);
        }
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
        prop_assert_eq!(bits(&a), bits(&b));
    }

    #[test]
    fn collapse_by_matches_the_collapse_outcomes(input in any_input()) {
        let out = forecast_neutral_zone::forecast(&input).map_err(TestCaseError::fail)?;
        let by = common::at_horizon(&out, "collapse_by");
        prop_assert!((common::collapse_mass(&out) - by).abs() < 1e-9);
        prop_assert!(common::at_horizon(&out, "denuclearization_by") + 1e-12 >= common::p(&out, "denuclearization"));
    }
}
