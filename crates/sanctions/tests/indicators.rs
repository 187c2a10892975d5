//! The cumulative "by year t" indicators: what each must be on the chain,
//! checked against the chain's own states, closed cases and the outcomes.

mod common;
use common::*;
use forecast_sanctions::chain::{Chain, OIL_RUNG};
use forecast_sanctions::{PARAMS, params::Year, trajectory};
use forecast_sdk::{ForecastInput, ForecastOutput, ParamValue, Params};
use proptest::prelude::*;

const HORIZON: u32 = 20;

/// The cumulative indicators this model emits from its chain.
const CUMULATIVE: [&str; 5] = [
    "unsc_resolution_by",
    "oil_sanctions_by",
    "nuclear_test_by",
    "concession_by",
    "unification_by",
];

fn path(v: &[f64]) -> ParamValue {
    ParamValue::Path(v.to_vec())
}

/// A yearly path of `horizon` values: `before` until `year` (calendar, from
/// 2007), `after` from it.
fn step_path(horizon: usize, year: i32, before: f64, after: f64) -> ParamValue {
    let at = (year - 2007) as usize;
    ParamValue::Path(
        (0..horizon)
            .map(|t| if t < at { before } else { after })
            .collect(),
    )
}

/// Each cumulative indicator is a probability, one a year, never falling.
fn check_cumulative(out: &ForecastOutput, horizon: usize) -> Result<(), String> {
    for name in CUMULATIVE {
        let s = series(out, name);
        if s.len() != horizon {
            return Err(format!("{name}: {} values", s.len()));
        }
        if !s.iter().all(|v| (0.0..=1.0).contains(v)) {
            return Err(format!("{name} leaves [0, 1]: {s:?}"));
        }
        if !s.windows(2).all(|w| w[1] >= w[0]) {
            return Err(format!("{name} falls: {s:?}"));
        }
    }
    Ok(())
}

#[test]
fn every_cumulative_indicator_is_a_non_decreasing_probability() {
    let cases = [
        input(HORIZON, &[]),
        input(40, &[("levers.sanctions_rung", 2.7)]),
        input(HORIZON, &[("levers.sanctions_rung", 5.0)]),
        input_with(
            6,
            &[
                (
                    "levers.sanctions_rung",
                    path(&[0.5, 1.25, 1.25, 3.9, 5.0, 0.0]),
                ),
                ("levers.china_veto", path(&[0.0, 0.0, 1.0, 1.0, 0.5, 0.0])),
            ],
        ),
        input(
            HORIZON,
            &[
                ("dprk.base_hazard", 0.5),
                ("sanctions.concession_base", 0.5),
            ],
        ),
    ];
    for i in &cases {
        check_cumulative(&run(i), i.horizon as usize).unwrap();
    }
}

#[test]
fn with_both_vetoes_and_no_lever_path_no_resolution_is_passed() {
    let out = run(&input(
        HORIZON,
        &[("levers.china_veto", 1.0), ("levers.russia_veto", 1.0)],
    ));
    assert!(series(&out, "unsc_resolution_by").iter().all(|&v| v == 0.0));
    assert!(series(&out, "oil_sanctions_by").iter().all(|&v| v == 0.0));
    // The regime still tests: the vetoes stop the ladder, not Kim.
    assert!(at_horizon(&out, "nuclear_test_by") > 0.5);
}

#[test]
fn a_lever_path_to_rung_4_in_2017_passes_oil_sanctions_that_year() {
    // Vetoed ladder, no collapse and no war: the path decides everything.
    let rung = step_path(HORIZON as usize, 2017, 1.0, 4.0);
    let closed = run(&input_with(
        HORIZON,
        &[
            ("levers.sanctions_rung", rung.clone()),
            ("levers.china_veto", ParamValue::Scalar(1.0)),
            ("dprk.base_hazard", ParamValue::Scalar(0.0)),
            (
                "sanctions-escalation.brinkmanship_war",
                ParamValue::Scalar(0.0),
            ),
        ],
    ));
    let t2017 = 10;
    for name in ["oil_sanctions_by", "unsc_resolution_by"] {
        let s = series(&closed, name);
        assert!(s[..t2017].iter().all(|&v| v == 0.0), "{name}: {s:?}");
        assert!(
            s[t2017..].iter().all(|&v| (v - 1.0).abs() < 1e-12),
            "{name}: {s:?}"
        );
    }
    // With the default hazards the path lifts every living regime: only the
    // mass absorbed before 2017 below rung 4 misses oil sanctions.
    let open = run(&input_with(HORIZON, &[("levers.sanctions_rung", rung)]));
    let oil = series(&open, "oil_sanctions_by");
    let absorbed_2016 = series(&open, "collapse_by")[t2017 - 1]
        + series(&open, "sanctions-escalation.war_by")[t2017 - 1];
    assert!(oil[t2017] + 1e-12 >= 1.0 - absorbed_2016, "{}", oil[t2017]);
    assert!(oil[t2017] - oil[t2017 - 1] > 0.1);
    assert!(oil[t2017 - 1] > 0.0 && oil[t2017 - 1] < 1.0);
}

#[test]
fn the_ladder_indicators_bound_the_rung_distribution() {
    // Run the chain itself with the model's yearly rates and compare with
    // P(alive at a rung above the start) and P(alive at rung 4 or above).
    for set in [
        vec![],
        vec![("levers.sanctions_rung", 0.0)],
        vec![("levers.china_veto", 0.5), ("china.audience_cost", 0.3)],
    ] {
        let i = input(HORIZON, &set);
        let years = Year::read_all(&Params::new(&i, PARAMS).unwrap()).unwrap();
        let t = trajectory::run(&years, i.start_year);
        let start = years[0].sanctions_rung as usize;
        let mut chain = Chain::start(start);
        for (y, s) in t.years.iter().enumerate() {
            chain.step(&s.rates);
            let above: f64 = chain.alive[start + 1..].iter().flatten().sum();
            let oil: f64 = chain.alive[OIL_RUNG..].iter().flatten().sum();
            assert!(t.unsc_resolution_by[y] + 1e-12 >= above, "year {y}");
            assert!(t.oil_sanctions_by[y] + 1e-12 >= oil, "year {y}");
            // From below rung 4, oil sanctions need a resolution first.
            assert!(t.oil_sanctions_by[y] <= t.unsc_resolution_by[y] + 1e-12);
        }
        // Some resolutions were passed to a regime that later fell or went to war.
        let last = t.years.len() - 1;
        let above_end: f64 = chain.alive[start + 1..].iter().flatten().sum();
        assert!(t.unsc_resolution_by[last] > above_end + 1e-6);
    }
    // Starting with oil sanctions in place is having them.
    let out = run(&input(HORIZON, &[("levers.sanctions_rung", 4.0)]));
    assert!(series(&out, "oil_sanctions_by").iter().all(|&v| v == 1.0));
}

#[test]
fn without_provocations_there_is_no_test_no_resolution_and_no_war() {
    let out = run(&input(
        HORIZON,
        &[
            ("sanctions-escalation.provocation_base", 0.0),
            ("sanctions-escalation.provocation_maturity", 0.0),
        ],
    ));
    for name in ["nuclear_test_by", "unsc_resolution_by", "oil_sanctions_by"] {
        assert!(series(&out, name).iter().all(|&v| v == 0.0), "{name}");
    }
    assert_eq!(p(&out, "war"), 0.0);
    // The yearly and the cumulative series agree in the first year and the
    // cumulative one is above every year's.
    let out = run(&input(HORIZON, &[]));
    let (by, in_year) = (
        series(&out, "nuclear_test_by"),
        series(&out, "nuclear_test_in_year"),
    );
    assert!((by[0] - in_year[0]).abs() < 1e-15);
    assert!(by.iter().zip(in_year).all(|(b, y)| b + 1e-15 >= *y));
    assert!(by.iter().all(|&b| b + 1e-15 >= p(&out, "war")));
}

#[test]
fn concession_by_bounds_the_conceded_outcomes() {
    for set in [
        vec![],
        vec![("levers.inducements", 1.0), ("dprk.freeze_breakdown", 0.6)],
        vec![
            ("levers.us_pledge", 3.0),
            ("levers.joint_stabilisation_plan", 1.0),
            ("china.audience_cost", 0.3),
        ],
    ] {
        let out = run(&input(HORIZON, &set));
        let c = at_horizon(&out, "concession_by");
        let conceded = p(&out, "freeze") + p(&out, "denuclearization");
        assert!(c + 1e-12 >= conceded, "{c} < {conceded}");
        assert!(c + 1e-12 >= at_horizon(&out, "denuclearization_by"));
    }
    // Broken freezes still count: with every freeze breaking down at once,
    // P(conceded by t) stays well above the mass that is frozen at t.
    let out = run(&input(HORIZON, &[("dprk.freeze_breakdown", 1.0)]));
    assert!(
        at_horizon(&out, "concession_by") > 2.0 * (p(&out, "freeze") + p(&out, "denuclearization"))
    );
    // No concession hazard and threats that move no one: no concession.
    let none = run(&input(
        HORIZON,
        &[
            ("sanctions.concession_base", 0.0),
            ("china.audience_cost", 0.0),
        ],
    ));
    assert!(series(&none, "concession_by").iter().all(|&v| v == 0.0));
    assert_eq!(p(&none, "freeze") + p(&none, "denuclearization"), 0.0);
}

#[test]
fn unification_by_sums_the_collapse_split() {
    let out = run(&input(HORIZON, &[]));
    let unified = p(&out, "neutral-unification") + p(&out, "aligned-unification");
    assert!((at_horizon(&out, "unification_by") - unified).abs() < 1e-12);
    // Without a pledge China intervenes after nearly every collapse.
    assert!(
        unified < 0.01 * at_horizon(&out, "collapse_by"),
        "{unified}"
    );
    // A pledge that comes in 2015 turns the later collapses into
    // unifications, and only those.
    let out = run(&input_with(
        HORIZON,
        &[
            ("levers.us_pledge", step_path(20, 2015, 0.0, 3.0)),
            (
                "levers.joint_stabilisation_plan",
                step_path(20, 2015, 0.0, 1.0),
            ),
        ],
    ));
    let unified = p(&out, "neutral-unification") + p(&out, "aligned-unification");
    assert!((at_horizon(&out, "unification_by") - unified).abs() < 1e-12);
    let (by, collapsed) = (series(&out, "unification_by"), series(&out, "collapse_by"));
    assert!(
        by.iter()
            .zip(collapsed.iter())
            .all(|(v, c)| *v <= c + 1e-12)
    );
    assert!(
        by[6] < 0.01 * collapsed[6],
        "{} of {} before the pledge",
        by[6],
        collapsed[6]
    );
    assert!(
        by[19] - by[8] > 0.3 * (collapsed[19] - collapsed[8]),
        "after the pledge"
    );
}

#[test]
fn the_model_has_no_leader_and_emits_no_leader_change() {
    let info = forecast_sanctions::info();
    assert!(info.indicators.iter().all(|i| i.name != "leader_change_by"));
    for name in CUMULATIVE {
        assert!(forecast_sdk::vocab::is_shared_indicator(name), "{name}");
        assert!(info.indicators.iter().any(|i| i.name == name), "{name}");
    }
}

#[test]
fn report_the_cumulative_indicators_on_the_default_input() {
    let out = run(&input(HORIZON, &[]));
    for name in CUMULATIVE {
        let s = series(&out, name);
        println!(
            "  {name:<20} 2009 {:.4}  2016 {:.4}  2018 {:.4}  2026 {:.4}",
            s[2], s[9], s[11], s[19]
        );
    }
}

/// A horizon of 1..=40 years and, for every declared parameter, a scalar or
/// a yearly path, each value uniform in the declared [min, max].
fn any_input() -> impl Strategy<Value = ForecastInput> {
    forecast_sdk::testing::any_input(PARAMS, 40)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_cumulative_indicators_hold_for_any_input(input in any_input()) {
        let out = forecast_sanctions::forecast(&input).map_err(TestCaseError::fail)?;
        check_cumulative(&out, input.horizon as usize).map_err(TestCaseError::fail)?;
        let unified = p(&out, "neutral-unification") + p(&out, "aligned-unification");
        prop_assert!((at_horizon(&out, "unification_by") - unified).abs() < 1e-12);
        let conceded = p(&out, "freeze") + p(&out, "denuclearization");
        prop_assert!(at_horizon(&out, "concession_by") + 1e-12 >= conceded);
        prop_assert!(at_horizon(&out, "nuclear_test_by") + 1e-12 >= p(&out, "war"));
        let (by, in_year) = (series(&out, "nuclear_test_by"), series(&out, "nuclear_test_in_year"));
        prop_assert!(by.iter().zip(in_year).all(|(b, y)| b + 1e-12 >= *y));
    }
}
