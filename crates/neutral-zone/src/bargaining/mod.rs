//! A general engine for Bueno de Mesquita's expected-utility group decision
//! model, as specified by Scholz, Calbert & Smith (2011, J. Theoretical
//! Politics 23(4)), with the win probability of a public replication: any
//! actors, any one-dimensional issue axis.
//!
//! One round (the steps of the paper's appendix):
//! 1. the capability-times-salience weighted median mu of the positions;
//! 2. win probabilities P_i^j for every pair ([`utility::win_probability`]):
//!    the net weighted vote for i's position over j's, floored at 0, over all
//!    the votes cast in the contest;
//! 3. pass 0: every expected utility of a challenge with all risk exponents
//!    r = 1, and each actor's exposure, the sum of what the others expect to
//!    gain by challenging it, Sec_i = sum_{j != i} E_j(U_ji); from it the
//!    risk exponents r_i in [0.5, 2] ([`utility::risk_exponents`]);
//! 4. from each actor i's perspective (its own r_i), for every other actor j
//!    at another position, E^i(U_ij) and E^i(U_ji), classified into an offer
//!    from j: conflict, compromise or capitulation ([`utility::classify`]);
//! 5. each actor takes the credible offer that asks it to move least (ties:
//!    the offer of the actor listed first), all moves at once.
//!
//! Rounds repeat until no position moves by more than the tolerance
//! (settled), the positions repeat an earlier round (cycled: the model's
//! rounds can oscillate), or the round bound is reached. Positions only ever
//! move to another actor's position or part of the way towards it, so they
//! stay within the range of the starting positions. The forecast is the
//! weighted median of the final positions, or, for a cycle, the mean of the
//! weighted medians of the rounds it cycles over.
//!
//! # The variant ([`VARIANT`])
//!
//! Public replications of the paper disagree with it and with each other.
//! This engine's pass 0 (steps 1-3, which give the risk exponents) follows
//! D. Masad's replication, `github.com/dmasad/BDM_DecisionModel_Replication`
//! (`GroupDecisionModel.py` at commit aa3899a), because it is the one that
//! prints pass-0 risk exponents for the paper's own example: on the ten EC
//! states the engine gives the exponents of its notebooks
//! `Comparison with Original.ipynb` ("Pass 0") and `Testing.ipynb` to 1e-12
//! (`tests/bargaining.rs` records all ten).
//!
//! - Exposure and risk exponents: the engine already computed them as the
//!   paper and both replications do, the paper's section 5 and Appendix
//!   steps 8-9, R_i = (2 Sec_i - max_k Sec_k - min_k Sec_k) / (max_k Sec_k -
//!   min_k Sec_k) and r_i = (1 - R_i/3) / (1 + R_i/3), from r = 1 utilities
//!   (Masad, `Actor.calculate_r`, lines 142-161; the other replication,
//!   `danger_level` and `risk_acceptance`). At r = 1 every actor perceives a
//!   challenge alike, so the Appendix's E^i(U_ji) and the prose's E^j(U_ji)
//!   give the same Sec_i.
//! - The win probability was the one departure: the engine used the formula
//!   the paper prints (section 4; Appendix step 5), the votes of i's
//!   supporters over all votes cast, kept as
//!   [`utility::printed_win_probability`]. Masad's code uses the net vote
//!   floored at 0 (`Actor.calculate_prob`, lines 90-120, with a note on why),
//!   which is max(0, 2p - 1) of the printed p. Exposures depend on P only
//!   through s_i (1 - P_j^i), and a challenger who loses the vote has P = 0
//!   in the net form but 0.37-0.50 in the printed one on the EC example; so
//!   the states at the median 7 (Belgium, Greece, Ireland), whom no
//!   challenger from 4 or 10 outvotes, came out 0.12-0.42 off.
//! - The code that accompanies the paper, as ported in
//!   `github.com/dmasad/bdm-scholz-expected-utility-model`
//!   (`bdm_scholz_model.py`, `BDMScholzModel.probability`, lines 275-300),
//!   divides the supporters' votes by the votes of every contest between any
//!   two actors, which makes every P tiny; its pass-0 exponents differ
//!   again (Netherlands 1.41, Denmark 2.0, Ireland 0.5). Not followed: that
//!   port prints none to check against.
//! - Everything else in pass 0 agrees with both: U^s, U^f, U^sq, the
//!   challenge's expected utility with the target's salience as its chance to
//!   resist, the range x_max - x_min of the starting positions, Q = 1 for
//!   the example. For Q < 1 the engine subtracts the no-challenge term
//!   Q U^sq + (1 - Q)(T U^b + (1 - T) U^w) as the paper's equation does;
//!   Masad's line 139 adds the (1 - Q) part (a sign slip, moot at Q = 1) and
//!   the port drops it.
//!
//! The rounds after pass 0 are this engine's reading, not a replication's
//! (Masad's notebooks play one round, and his readme says the code does not
//! reproduce the paper's results): each actor judges an offer with its own
//! r_i for both expected utilities, as the EC example's quadrant charts are
//! drawn from one actor's perspective (Masad's `Figures/BelgiumEU.png` sets
//! the published one beside his own) and as the port's docstring reads
//! Bueno de Mesquita and the paper's code; it takes the offer that moves it
//! least (the paper's section 6); all move at once. Masad instead uses each
//! actor's own r for its own challenge and lets an actor take the offer with
//! the highest expected utility first.
//!
//! A consequence of the net-vote P: a challenger that loses the vote has
//! P = 0, so at r = 1 and Q = 1 challenging a target of salience s_j at
//! distance d is worth 2d (1 - 2 s_j), positive whenever s_j < 1/2. Weak
//! actors of low salience are then open to every side and can be pulled back
//! and forth, so runs cycle more often than with the printed P.

pub mod utility;

use utility::Challenge;
pub use utility::OfferKind;

/// The variant this engine implements, as `info()` names it.
pub const VARIANT: &str = "Scholz, Calbert & Smith (2011) with the win probability of Masad's replication \
(github.com/dmasad/BDM_DecisionModel_Replication): P_i^j = max(0, net capability*salience vote for i over j) / \
all votes cast in the i-j contest (the paper prints the votes of i's supporters only); risk exponents \
r = (1 - R/3)/(1 + R/3) from the pass-0 (r = 1) exposure to challenges, reproducing that replication's pass 0 \
on the paper's EC example; utilities from the perceiver's risk exponent; each actor takes the credible offer \
that moves it least; simultaneous moves; forecast = capability*salience weighted median (mean over a cycle)";

/// An actor on the issue axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Actor {
    /// c: influence on the issue (any non-negative scale).
    pub capability: f64,
    /// s in [0, 1]: how much the issue matters to the actor; also the
    /// probability that it resists a challenge.
    pub salience: f64,
    /// x: the actor's position on the axis.
    pub position: f64,
}

/// The engine's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Width of the issue axis, dividing every distance (the paper: the span
    /// of the starting positions, x_max - x_min).
    pub range: f64,
    /// Q: probability that, absent a challenge, the status quo holds.
    pub status_quo: f64,
    /// T: probability that, absent a challenge and the status quo, things get
    /// better for the actor (else worse).
    pub improvement: f64,
    /// The most rounds to play.
    pub max_rounds: usize,
    /// Positions within this distance count as equal (settling and cycles).
    pub tolerance: f64,
}

/// Rounds at most: compromises approach a settlement geometrically, so a run
/// can take dozens of rounds to come within the tolerance.
pub const MAX_ROUNDS: usize = 100;

/// Positions within this share of the range count as equal.
pub const TOLERANCE: f64 = 1e-3;

impl Config {
    /// The paper's setting for `actors`: the span of their starting positions
    /// as the range (1 if they all agree), Q = 1 (T then does not matter; 1/2),
    /// [`MAX_ROUNDS`] rounds, a tolerance of [`TOLERANCE`] of the range.
    pub fn for_actors(actors: &[Actor]) -> Config {
        let (min, max) = span(actors.iter().map(|a| a.position));
        let range = if max > min { max - min } else { 1.0 };
        Config::for_axis(range, 1.0, 0.5)
    }

    /// An axis of width `range` with the given Q and T.
    pub fn for_axis(range: f64, status_quo: f64, improvement: f64) -> Config {
        Config {
            range,
            status_quo,
            improvement,
            max_rounds: MAX_ROUNDS,
            tolerance: TOLERANCE * range,
        }
    }
}

/// The smallest and largest of some values.
pub fn span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

/// The offer an actor accepted in a round.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Move {
    /// The actor whose offer it took.
    pub from: usize,
    pub kind: OfferKind,
    /// Its position after the round.
    pub to: f64,
}

/// One round of bargaining.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    /// Positions at the start of the round.
    pub positions: Vec<f64>,
    /// The weighted median mu at the start of the round.
    pub median: f64,
    /// sum_{j != i} E_j(U_ji) at r = 1: the lower, the more secure i is.
    pub exposure: Vec<f64>,
    /// r_i in [0.5, 2].
    pub risk: Vec<f64>,
    /// The offer each actor took, if any.
    pub moves: Vec<Option<Move>>,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ending {
    /// No position moved by more than the tolerance in the last round.
    Settled,
    /// The positions after the last round repeat those at the start of an
    /// earlier round: the positions of every round in the cycle, in order.
    Cycled { positions: Vec<Vec<f64>> },
    /// The round bound was reached first.
    RoundLimit,
}

/// A whole run.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub rounds: Vec<Round>,
    /// Positions after the last round.
    pub positions: Vec<f64>,
    pub ending: Ending,
    /// The forecast: the weighted median of the final positions, or the mean
    /// of the weighted medians over a cycle.
    pub settlement: f64,
}

fn with_positions(actors: &[Actor], positions: &[f64]) -> Vec<Actor> {
    actors
        .iter()
        .zip(positions)
        .map(|(a, &position)| Actor { position, ..*a })
        .collect()
}

/// One round from the actors' current positions (steps 1-5 above).
pub fn round(actors: &[Actor], config: &Config) -> Round {
    let n = actors.len();
    let x: Vec<f64> = actors.iter().map(|a| a.position).collect();
    let median = utility::weighted_median(actors);
    let (q, t) = (config.status_quo, config.improvement);
    let challenge = |i: usize, j: usize, win: &[f64]| Challenge {
        win: win[i * n + j],
        target_salience: actors[j].salience,
        distance: (x[i] - x[j]).abs() / config.range,
        median_distance: (x[i] - median).abs() / config.range,
    };
    let mut win = vec![0.5; n * n];
    for i in 0..n {
        for j in 0..n {
            if i != j {
                win[i * n + j] = utility::win_probability(actors, x[i], x[j]);
            }
        }
    }
    let mut exposure = vec![0.0; n];
    for i in 0..n {
        for (j, e) in exposure.iter_mut().enumerate() {
            if i != j {
                *e += utility::expected_utility(&challenge(i, j, &win), 1.0, q, t);
            }
        }
    }
    let risk = utility::risk_exponents(&exposure);
    let moves = (0..n)
        .map(|i| {
            let mut best: Option<Move> = None;
            for j in (0..n).filter(|&j| j != i && x[j] != x[i]) {
                let e_ij = utility::expected_utility(&challenge(i, j, &win), risk[i], q, t);
                let e_ji = utility::expected_utility(&challenge(j, i, &win), risk[i], q, t);
                if let Some((kind, share)) = utility::classify(e_ij, e_ji) {
                    let to = x[i] + (x[j] - x[i]) * share;
                    if best.is_none_or(|b| (to - x[i]).abs() < (b.to - x[i]).abs()) {
                        best = Some(Move { from: j, kind, to });
                    }
                }
            }
            best
        })
        .collect();
    Round {
        positions: x,
        median,
        exposure,
        risk,
        moves,
    }
}

fn max_distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

/// Plays rounds from the actors' starting positions until they settle, cycle
/// or reach the round bound.
pub fn run(actors: &[Actor], config: &Config) -> Run {
    let mut current = actors.to_vec();
    let mut history: Vec<Vec<f64>> = vec![current.iter().map(|a| a.position).collect()];
    let mut rounds = Vec::new();
    let ending = loop {
        if rounds.len() >= config.max_rounds {
            break Ending::RoundLimit;
        }
        let r = round(&current, config);
        let next: Vec<f64> = r
            .moves
            .iter()
            .zip(&r.positions)
            .map(|(m, &x)| m.map_or(x, |m| m.to))
            .collect();
        let change = max_distance(&next, &r.positions);
        rounds.push(r);
        current = with_positions(&current, &next);
        if change <= config.tolerance {
            break Ending::Settled;
        }
        if let Some(k) = history
            .iter()
            .position(|h| max_distance(h, &next) <= config.tolerance)
        {
            break Ending::Cycled {
                positions: history.split_off(k),
            };
        }
        history.push(next);
    };
    let settlement = match &ending {
        Ending::Cycled { positions } => {
            positions
                .iter()
                .map(|p| utility::weighted_median(&with_positions(actors, p)))
                .sum::<f64>()
                / positions.len() as f64
        }
        _ => utility::weighted_median(&current),
    };
    Run {
        rounds,
        positions: current.iter().map(|a| a.position).collect(),
        ending,
        settlement,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(capability: f64, salience: f64, position: f64) -> Actor {
        Actor {
            capability,
            salience,
            position,
        }
    }

    #[test]
    fn agreement_settles_at_once_where_everyone_stands() {
        let actors = [a(1.0, 1.0, 3.0), a(0.5, 0.5, 3.0)];
        let run = run(&actors, &Config::for_actors(&actors));
        assert_eq!(run.ending, Ending::Settled);
        assert_eq!(run.rounds.len(), 1);
        assert_eq!(run.settlement, 3.0);
    }

    #[test]
    fn a_weak_actor_facing_a_strong_coalition_moves_towards_it() {
        let actors = [a(1.0, 1.0, 0.0), a(1.0, 1.0, 1.0), a(0.1, 0.5, 10.0)];
        let r = round(&actors, &Config::for_actors(&actors));
        let m = r.moves[2].expect("the weak actor takes an offer");
        assert!(m.to < 10.0 && m.to >= 0.0, "{m:?}");
        assert!(r.risk.iter().all(|x| (0.5..=2.0).contains(x)));
    }

    #[test]
    fn the_round_bound_is_respected() {
        let actors = [a(1.0, 1.0, 0.0), a(0.8, 0.9, 10.0), a(0.3, 0.6, 4.0)];
        let config = Config {
            max_rounds: 1,
            ..Config::for_actors(&actors)
        };
        let run = run(&actors, &config);
        assert_eq!(run.rounds.len(), 1);
    }

    #[test]
    fn span_finds_the_extremes() {
        assert_eq!(span([3.0, -1.0, 2.0].into_iter()), (-1.0, 3.0));
    }
}
