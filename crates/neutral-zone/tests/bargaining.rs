//! The bargaining engine on the paper's own example: ten EC states on the
//! date of emission standards for medium-sized cars (Bueno de Mesquita 1994,
//! as replicated by Scholz, Calbert & Smith 2011). Pass 0 (the risk
//! exponents) is checked against the figures a public replication prints;
//! replications disagree on the rounds after it, so those tests check what
//! holds for every variant, and the last ones record what this variant gives.

mod common;
use common::ec_emissions;
use forecast_neutral_zone::bargaining::{
    self, Actor, Config, Ending, MAX_ROUNDS, Run, span,
    utility::{
        Challenge, expected_utility, pairwise_vote, printed_win_probability, risk_exponents,
        weighted_mean, weighted_median, win_probability,
    },
};

fn ec_run() -> (Vec<Actor>, Config, Run) {
    let (_, actors) = ec_emissions();
    let config = Config::for_actors(&actors);
    let run = bargaining::run(&actors, &config);
    (actors, config, run)
}

#[test]
fn the_example_data_are_the_ten_ec_states() {
    let (names, actors) = ec_emissions();
    assert_eq!(names.len(), 10);
    assert_eq!(names[0], "Netherlands");
    assert!(actors.iter().all(|a| (0.0..=1.0).contains(&a.salience)));
    assert_eq!(span(actors.iter().map(|a| a.position)), (4.0, 10.0));
}

#[test]
fn the_starting_condorcet_median_is_7_and_the_weighted_mean_7_39() {
    let (_, actors) = ec_emissions();
    assert_eq!(weighted_median(&actors), 7.0);
    assert!(
        (weighted_mean(&actors) - 7.39).abs() < 0.005,
        "capability*salience weighted mean {}",
        weighted_mean(&actors)
    );
    // 7 beats every other position in pairwise capability*salience votes.
    for other in &actors {
        assert!(pairwise_vote(&actors, 7.0, other.position) >= 0.0);
    }
    assert!(pairwise_vote(&actors, 7.0, 4.0) > 0.0 && pairwise_vote(&actors, 7.0, 10.0) > 0.0);
}

#[test]
fn every_risk_exponent_lies_in_half_to_two_with_the_most_and_least_secure_at_the_ends() {
    let (_, _, run) = ec_run();
    for (k, round) in run.rounds.iter().enumerate() {
        assert!(
            round.risk.iter().all(|r| (0.5..=2.0).contains(r)),
            "round {k}: {:?}",
            round.risk
        );
        // Exposure is what the others expect from challenging an actor: the
        // most exposed (least secure) gets r = 0.5, the most secure r = 2.
        let argmax = (0..round.exposure.len())
            .max_by(|&a, &b| round.exposure[a].total_cmp(&round.exposure[b]))
            .unwrap();
        let argmin = (0..round.exposure.len())
            .min_by(|&a, &b| round.exposure[a].total_cmp(&round.exposure[b]))
            .unwrap();
        assert!((round.risk[argmax] - 0.5).abs() < 1e-12, "round {k}");
        assert!((round.risk[argmin] - 2.0).abs() < 1e-12, "round {k}");
        assert_eq!(risk_exponents(&round.exposure), round.risk);
    }
}

#[test]
fn positions_stay_within_the_range_of_the_starting_positions_every_round() {
    let (actors, _, run) = ec_run();
    let (lo, hi) = span(actors.iter().map(|a| a.position));
    for round in &run.rounds {
        assert!(round.positions.iter().all(|x| (lo..=hi).contains(x)));
        for m in round.moves.iter().flatten() {
            assert!((lo..=hi).contains(&m.to), "{m:?}");
        }
    }
    assert!(run.positions.iter().all(|x| (lo..=hi).contains(x)));
    assert!((lo..=hi).contains(&run.settlement));
}

#[test]
fn the_run_stops_within_the_round_bound_and_reports_whether_it_settled_or_cycled() {
    let (_, config, run) = ec_run();
    assert!(!run.rounds.is_empty() && run.rounds.len() <= MAX_ROUNDS);
    let last = run.rounds.last().unwrap();
    match &run.ending {
        Ending::Settled => {
            // The last round moved no one by more than the tolerance.
            for (x, m) in last.positions.iter().zip(&last.moves) {
                assert!(m.is_none_or(|m| (m.to - x).abs() <= config.tolerance));
            }
        }
        Ending::Cycled { positions } => {
            assert!(positions.len() >= 2);
            // The final positions repeat the first state of the cycle.
            let first = &positions[0];
            assert!(
                first
                    .iter()
                    .zip(&run.positions)
                    .all(|(a, b)| (a - b).abs() <= config.tolerance)
            );
        }
        Ending::RoundLimit => assert_eq!(run.rounds.len(), config.max_rounds),
    }
    // A tighter bound stops the same example earlier and says so.
    let (_, actors) = ec_emissions();
    let short = bargaining::run(
        &actors,
        &Config {
            max_rounds: 3,
            ..config
        },
    );
    assert_eq!(short.rounds.len(), 3);
    assert_eq!(short.ending, Ending::RoundLimit);
    assert_eq!(short.rounds[..], run.rounds[..3], "the same first rounds");
}

#[test]
fn a_cycle_is_detected_and_reported_with_its_positions() {
    // A weak actor sharing a strong one's position is pulled part of the way
    // to a third actor's position and back, round after round (found by a
    // search over small random examples).
    let a = |capability, salience, position| Actor {
        capability,
        salience,
        position,
    };
    let actors = [a(0.1, 0.3, 7.0), a(0.7, 1.0, 7.0), a(0.8, 0.9, 6.0)];
    let run = bargaining::run(&actors, &Config::for_actors(&actors));
    match &run.ending {
        Ending::Cycled { positions } => {
            assert_eq!(positions.len(), 2);
            assert_eq!(positions[0], [7.0, 7.0, 6.0]);
            // It compromises towards 6, then capitulates back to 7.
            let x = positions[1][0];
            assert!((x - 6.541431558281551).abs() < 1e-12, "{x}");
            assert_eq!(positions[1][1..], [7.0, 6.0]);
            assert_eq!(run.positions, positions[0], "back where the cycle began");
            // The medians over the cycle are 7 and x.
            assert!((run.settlement - 0.5 * (7.0 + x)).abs() < 1e-12);
        }
        other => panic!(
            "expected a cycle, got {other:?} after {} rounds",
            run.rounds.len()
        ),
    }
}

#[test]
fn the_same_actors_give_bit_identical_runs() {
    let (_, _, a) = ec_run();
    let (_, _, b) = ec_run();
    assert_eq!(a, b);
}

/// The pass-0 risk exponents of the ten states, in the order of the data, as
/// D. Masad's replication prints them: `github.com/dmasad/BDM_DecisionModel_Replication`
/// at commit aa3899a, `Testing.ipynb`, the output of
/// `[actor.r for actor in model.Actors]` after `model.run_model()` (r is set
/// in pass 0 and not changed after it); `Comparison with Original.ipynb`,
/// section "Pass 0", prints the same to 12 significant digits.
const MASAD_PASS_0: [(&str, f64); 10] = [
    ("Netherlands", 1.1271980463013587),
    ("Belgium", 0.7809178391316438),
    ("Luxembourg", 0.5000000000000001),
    ("Germany", 1.1271980463013587),
    ("France", 1.0778922989239863),
    ("Italy", 1.0778922989239863),
    ("UK", 2.000000000000001),
    ("Ireland", 0.5247821721738853),
    ("Denmark", 1.4716965449819073),
    ("Greece", 1.1404794480175189),
];

#[test]
fn pass_0_risk_exponents_are_those_masad_s_replication_prints_for_all_ten_states() {
    // Variant: the win probability of that replication (net vote floored at
    // 0), exposure and exponents as the paper and both replications define
    // them, Q = 1 and the range 4-10 as there.
    let (names, _) = ec_emissions();
    let (_, _, run) = ec_run();
    let risk = &run.rounds[0].risk;
    for (k, (name, expected)) in MASAD_PASS_0.iter().enumerate() {
        assert_eq!(&names[k], name);
        assert!(
            (risk[k] - expected).abs() < 1e-12,
            "{name}: engine {} vs replication {expected}",
            risk[k]
        );
    }
}

/// Pass 0 computed here from the pure pieces, with a given win probability:
/// each actor's exposure Sec_i = sum_{j != i} E_j(U_ji) at r = 1, and the
/// risk exponents from it.
fn pass_0(
    actors: &[Actor],
    config: &Config,
    win: fn(&[Actor], f64, f64) -> f64,
) -> (Vec<f64>, Vec<f64>) {
    let mu = weighted_median(actors);
    let exposure: Vec<f64> = (0..actors.len())
        .map(|i| {
            (0..actors.len())
                .filter(|&j| j != i)
                .map(|j| {
                    let (xj, xi) = (actors[j].position, actors[i].position);
                    let c = Challenge {
                        win: win(actors, xj, xi),
                        target_salience: actors[i].salience,
                        distance: (xj - xi).abs() / config.range,
                        median_distance: (xj - mu).abs() / config.range,
                    };
                    expected_utility(&c, 1.0, config.status_quo, config.improvement)
                })
                .sum()
        })
        .collect();
    let risk = risk_exponents(&exposure);
    (exposure, risk)
}

#[test]
fn the_paper_s_printed_win_probability_gives_the_exponents_the_engine_had_before() {
    let (actors, config, run) = ec_run();
    // The engine's exposure is the sum of the others' r = 1 expected gains
    // from challenging an actor.
    let (exposure, risk) = pass_0(&actors, &config, win_probability);
    for k in 0..actors.len() {
        assert!((exposure[k] - run.rounds[0].exposure[k]).abs() < 1e-12);
        assert!((risk[k] - run.rounds[0].risk[k]).abs() < 1e-12);
    }
    // With the formula as the paper prints it, the five states issue 7
    // names agree with the replication within 0.02, Belgium, Greece and
    // Ireland do not (issue 7: 1.004, 1.557, 0.648).
    let (_, printed) = pass_0(&actors, &config, printed_win_probability);
    for (k, (name, masad)) in MASAD_PASS_0.iter().enumerate() {
        let off = (printed[k] - masad).abs();
        match *name {
            "Netherlands" | "Germany" | "Luxembourg" | "UK" | "Denmark" => {
                assert!(off < 0.02, "{name}: {}", printed[k])
            }
            "Belgium" | "Greece" | "Ireland" => assert!(off > 0.12, "{name}: {}", printed[k]),
            _ => {}
        }
    }
    for (k, before) in [(1, 1.004), (9, 1.557), (7, 0.648)] {
        assert!(
            (printed[k] - before).abs() < 5e-4,
            "{}: {}",
            MASAD_PASS_0[k].0,
            printed[k]
        );
    }
}

#[test]
fn the_risk_adjusted_expected_utilities_of_belgium_s_and_the_uk_s_challenges_are_the_replication_s()
{
    // Masad's `Testing.ipynb` prints, after `run_model()`, E^i(U_ij) for
    // i = Belgium and i = the UK against every other state: the second pass,
    // at the starting positions with each challenger's own pass-0 exponent.
    // The engine's E^i(U_ij) is the same quantity (its E^i(U_ji) is not: it
    // uses i's exponent where the replication uses j's; see the module docs).
    let (actors, config, run) = ec_run();
    let risk = &run.rounds[0].risk;
    let mu = weighted_median(&actors);
    let challenge = |i: usize, j: usize| Challenge {
        win: win_probability(&actors, actors[i].position, actors[j].position),
        target_salience: actors[j].salience,
        distance: (actors[i].position - actors[j].position).abs() / config.range,
        median_distance: (actors[i].position - mu).abs() / config.range,
    };
    // Order of the data: NL, BE, LU, DE, FR, IT, UK, IE, DK, GR.
    let belgium = [
        -0.1055122924983457,
        f64::NAN,
        0.7034516927698495,
        -0.1055122924983457,
        -0.12290936745034992,
        -0.12290936745034992,
        -0.6709172284384823,
        0.0,
        -0.3751669542544107,
        0.0,
    ];
    let uk = [
        -1.7178082191780832,
        -0.05000000000000049,
        0.3205479452054789,
        -1.7178082191780832,
        0.0,
        0.0,
        f64::NAN,
        0.5499999999999996,
        -2.397260273972604,
        -0.6500000000000002,
    ];
    for (i, row) in [(1, belgium), (6, uk)] {
        for (j, expected) in row.iter().enumerate().filter(|(j, _)| *j != i) {
            let e = expected_utility(
                &challenge(i, j),
                risk[i],
                config.status_quo,
                config.improvement,
            );
            assert!(
                (e - expected).abs() < 1e-12,
                "E({i} challenges {j}) = {e}, replication {expected}"
            );
        }
    }
}

#[test]
fn this_variant_settles_the_ec_example_at_7_after_16_rounds() {
    // Variant-specific: the record of what this engine gives, with pass 0 as
    // Masad's replication and the rounds as this engine reads the paper
    // (perceiver's exponent, least move, simultaneous moves). Not a
    // replication's figure: Masad's notebooks play one round, in which
    // Luxembourg loses a confrontation to France and Ireland compromises
    // towards it; here Belgium and Ireland move towards 4 and Luxembourg
    // towards 7. Scholz et al. report a median of 8.4 after round 1 and 9.9
    // after rounds 2-5 (their results table, conference version).
    let (_, config, run) = ec_run();
    println!(
        "EC example: {:?} after {} rounds, settlement {}, final positions {:?}",
        run.ending,
        run.rounds.len(),
        run.settlement,
        run.positions
    );
    assert_eq!(run.ending, Ending::Settled);
    assert_eq!(run.rounds.len(), 16);
    assert_eq!(run.settlement, 7.0);
    // Belgium and Luxembourg end in the camp at 4, Ireland and Greece at 7
    // (Greece holds the median), France, Italy and the UK at 10.
    let ends = [4.0, 4.0, 4.0, 4.0, 10.0, 10.0, 10.0, 7.0, 4.0, 7.0];
    for (x, end) in run.positions.iter().zip(ends) {
        assert!((x - end).abs() <= config.tolerance, "{:?}", run.positions);
    }
    let first = &run.rounds[1].positions;
    assert!(
        first[1] < 7.0 && first[2] > 4.0 && first[7] < 7.0,
        "{first:?}"
    );
}
