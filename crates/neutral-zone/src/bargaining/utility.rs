//! The pure pieces of the expected-utility bargaining model, equation by
//! equation as Scholz, Calbert & Smith (2011) give them: the weighted median
//! and mean, pairwise votes and win probabilities, the five basic utilities,
//! the expected utility of a challenge, the risk exponents, and the
//! classification of an offer.
//!
//! Notation: actor i has capability c_i, salience s_i in [0, 1] and position
//! x_i; distances are divided by the width of the issue axis (`range`), so a
//! normalised distance d lies in [0, 1]; r_i is the risk exponent.

use super::Actor;

/// The weight of an actor in votes and medians, c s.
pub fn weight(a: &Actor) -> f64 {
    a.capability * a.salience
}

/// The capability-times-salience weighted median of the positions: the
/// smallest position at which the cumulative weight reaches half the total
/// (the midpoint of two neighbouring positions when it reaches exactly half).
/// On a line with symmetric losses this is the Condorcet winner of
/// [`pairwise_vote`]s: the "median voter" position of the model.
pub fn weighted_median(actors: &[Actor]) -> f64 {
    let mut order: Vec<usize> = (0..actors.len()).collect();
    order.sort_by(|&a, &b| actors[a].position.total_cmp(&actors[b].position));
    let total: f64 = actors.iter().map(weight).sum();
    let mut cumulative = 0.0;
    for (k, &i) in order.iter().enumerate() {
        cumulative += weight(&actors[i]);
        if 2.0 * cumulative > total {
            return actors[i].position;
        }
        if 2.0 * cumulative == total {
            return match order.get(k + 1) {
                Some(&next) => 0.5 * (actors[i].position + actors[next].position),
                None => actors[i].position,
            };
        }
    }
    // No weight at all: the plain median position.
    order
        .get(order.len() / 2)
        .map_or(0.0, |&i| actors[i].position)
}

/// The capability-times-salience weighted mean position.
pub fn weighted_mean(actors: &[Actor]) -> f64 {
    let total: f64 = actors.iter().map(weight).sum();
    if total > 0.0 {
        actors.iter().map(|a| weight(a) * a.position).sum::<f64>() / total
    } else {
        actors.iter().map(|a| a.position).sum::<f64>() / actors.len().max(1) as f64
    }
}

/// Actor k's weighted vote for position `a` over position `b`,
/// c_k s_k (|x_k - b| - |x_k - a|): positive when k is closer to `a`.
pub fn vote(k: &Actor, a: f64, b: f64) -> f64 {
    weight(k) * ((k.position - b).abs() - (k.position - a).abs())
}

/// The whole group's vote for `a` over `b`, sum_k c_k s_k (|x_k - b| - |x_k - a|).
pub fn pairwise_vote(actors: &[Actor], a: f64, b: f64) -> f64 {
    actors.iter().map(|k| vote(k, a, b)).sum()
}

/// P_i^j, the probability that i wins a contest with j, as the replication
/// this engine follows computes it: the net weighted vote for i's position
/// over j's, floored at zero, over all the votes cast in the contest,
///
/// ```text
/// P_i^j = max(0, sum_k v_k) / sum_k |v_k|,   v_k = c_k s_k (|x_k - x_j| - |x_k - x_i|)
/// ```
///
/// Source: D. Masad, `dmasad/BDM_DecisionModel_Replication`,
/// `GroupDecisionModel.py`, `Actor.calculate_prob` (lines 90-120 at commit
/// aa3899a): the numerator sums every actor's vote, signed, and is floored at
/// 0. Its note says why: the paper's printed numerator, the votes of i's
/// supporters only, "did not seem to produce correct results", and the BDM
/// paper Scholz et al. cite suggests the net vote (without, it thinks, the
/// floor, which is the replication's own). With it, and only with it, the engine's pass-0 risk
/// exponents for the EC example are the ones that replication prints (see
/// the module docs); the paper's printed form is [`printed_win_probability`].
///
/// In terms of the printed form p, this is max(0, 2p - 1): i wins only with
/// a net majority, a tied vote gives 0, and P_i^j + P_j^i = |net| / all <= 1
/// (the two are no longer complementary; at most one of them is positive).
/// When no one votes (x_i = x_j, or no weight) it is 0, as in the replication;
/// there the value never matters, since at distance 0 success, failure and
/// the status quo are worth the same.
pub fn win_probability(actors: &[Actor], xi: f64, xj: f64) -> f64 {
    let (net, all) = actors.iter().fold((0.0, 0.0), |(net, all), k| {
        let v = vote(k, xi, xj);
        (net + v, all + v.abs())
    });
    if all > 0.0 { net.max(0.0) / all } else { 0.0 }
}

/// P_i^j in the form Scholz, Calbert & Smith (2011) print it (section 4 and
/// the Appendix, step 5; an image of it is `Figures/Prob.png` in
/// `dmasad/BDM_DecisionModel_Replication`): the votes
/// cast for i's position over j's, summed over the actors k that favour i
/// (those with |x_k - x_j| - |x_k - x_i| > 0), over all the votes cast in the
/// contest, sum_k c_k s_k ||x_k - x_j| - |x_k - x_i||. So P_i^j + P_j^i = 1;
/// when no one votes it is 1/2.
///
/// Not used by the engine: kept to state, and test, how the printed formula
/// differs from the replication's [`win_probability`]. Until this change the
/// engine used it; on the EC example it gives Belgium, Greece and Ireland
/// pass-0 risk exponents 0.12-0.42 away from both public replications.
pub fn printed_win_probability(actors: &[Actor], xi: f64, xj: f64) -> f64 {
    let mut for_i = 0.0;
    let mut all = 0.0;
    for k in actors {
        let v = vote(k, xi, xj);
        if v > 0.0 {
            for_i += v;
        }
        all += v.abs();
    }
    if all > 0.0 { for_i / all } else { 0.5 }
}

/// b^r, skipping the power for the common exponent 1 (the same bits).
fn power(base: f64, r: f64) -> f64 {
    if r == 1.0 { base } else { libm::pow(base, r) }
}

/// U^s = 2 - 4 (0.5 - 0.5 d)^r: i's utility of winning a challenge against a
/// position at normalised distance d (i imposes its own position).
pub fn u_success(d: f64, r: f64) -> f64 {
    2.0 - 4.0 * power(0.5 - 0.5 * d, r)
}

/// U^f = 2 - 4 (0.5 + 0.5 d)^r: i's utility of losing a challenge (i must
/// accept the position at distance d).
pub fn u_failure(d: f64, r: f64) -> f64 {
    2.0 - 4.0 * power(0.5 + 0.5 * d, r)
}

/// U^b = 2 - 4 (0.5 - 0.25 (d_mu + d))^r: i's utility if, without a challenge,
/// things get better for i; d_mu is i's normalised distance to the median.
pub fn u_better(d: f64, d_mu: f64, r: f64) -> f64 {
    2.0 - 4.0 * power(0.5 - 0.25 * (d_mu + d), r)
}

/// U^w = 2 - 4 (0.5 + 0.25 (d_mu + d))^r: i's utility if, without a
/// challenge, things get worse for i.
pub fn u_worse(d: f64, d_mu: f64, r: f64) -> f64 {
    2.0 - 4.0 * power(0.5 + 0.25 * (d_mu + d), r)
}

/// U^sq = 2 - 4 (0.5)^r: the utility of the status quo.
pub fn u_status_quo(r: f64) -> f64 {
    2.0 - 4.0 * power(0.5, r)
}

/// What enters the expected utility of i challenging j.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Challenge {
    /// P_i^j.
    pub win: f64,
    /// s_j: the probability that j resists the challenge.
    pub target_salience: f64,
    /// |x_i - x_j| / range.
    pub distance: f64,
    /// |x_i - mu| / range, mu the weighted median.
    pub median_distance: f64,
}

/// The expected utility of i challenging j:
///
/// ```text
/// E(U_ij) = s_j [P U^s + (1 - P) U^f] + (1 - s_j) U^s - Q U^sq - (1 - Q) [T U^b + (1 - T) U^w]
/// ```
///
/// i's expected gain from challenging j over not challenging. j resists with
/// probability s_j (else i gets its way); without a challenge the status quo
/// holds with probability Q, else things get better for i with probability T
/// or worse. All utilities use the perceiver's risk exponent `r`.
pub fn expected_utility(c: &Challenge, r: f64, q: f64, t: f64) -> f64 {
    let us = u_success(c.distance, r);
    let uf = u_failure(c.distance, r);
    let challenge =
        c.target_salience * (c.win * us + (1.0 - c.win) * uf) + (1.0 - c.target_salience) * us;
    let mut no_challenge = q * u_status_quo(r);
    if q != 1.0 {
        no_challenge += (1.0 - q)
            * (t * u_better(c.distance, c.median_distance, r)
                + (1.0 - t) * u_worse(c.distance, c.median_distance, r));
    }
    challenge - no_challenge
}

/// The risk exponents from the actors' exposure to challenges.
///
/// `exposure[i]` = sum_{j != i} E_j(U_ji), what the others expect to gain by
/// challenging i: the lower it is, the more secure i is. With
/// R_i = (2 exposure_i - max - min) / (max - min) in [-1, 1], the exponent is
/// r_i = (1 - R_i/3) / (1 + R_i/3) in [0.5, 2]: the most secure actor gets
/// r = 2, the most exposed r = 0.5. All 1 when everyone is equally exposed.
pub fn risk_exponents(exposure: &[f64]) -> Vec<f64> {
    let max = exposure.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = exposure.iter().copied().fold(f64::INFINITY, f64::min);
    let spread = max - min;
    exposure
        .iter()
        .map(|&e| {
            if spread.is_nan() || spread <= 0.0 {
                return 1.0;
            }
            let big_r = ((2.0 * e - max - min) / spread).clamp(-1.0, 1.0);
            ((1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)).clamp(0.5, 2.0)
        })
        .collect()
}

/// The kind of an offer j makes to i, seen from i.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferKind {
    /// Both expect to gain from a challenge and j expects more: i loses the
    /// conflict and takes j's position.
    Conflict,
    /// j expects to gain, i to lose, and i's loss is smaller than j's gain:
    /// i moves towards j by the share |E_ij| / E_ji.
    Compromise,
    /// j expects to gain, i to lose at least as much: i takes j's position.
    Capitulation,
}

/// Classifies the pair (E^i(U_ij), E^i(U_ji)) of i's expected utilities of
/// challenging j and of j challenging i, both as i perceives them: the offer
/// j makes to i and the share of the way to x_j that i moves, or `None` when
/// j has no credible demand on i (E_ji <= 0) or i would win a conflict.
pub fn classify(e_ij: f64, e_ji: f64) -> Option<(OfferKind, f64)> {
    if e_ji.is_nan() || e_ji <= 0.0 {
        None
    } else if e_ij > 0.0 {
        (e_ji > e_ij).then_some((OfferKind::Conflict, 1.0))
    } else if -e_ij < e_ji {
        Some((OfferKind::Compromise, -e_ij / e_ji))
    } else {
        Some((OfferKind::Capitulation, 1.0))
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
    fn weighted_median_is_where_half_the_weight_is_reached() {
        let actors = [a(1.0, 1.0, 0.0), a(1.0, 1.0, 10.0), a(3.0, 1.0, 5.0)];
        assert_eq!(weighted_median(&actors), 5.0);
        // Exactly half: the midpoint of the two neighbouring positions.
        let tie = [a(1.0, 1.0, 0.0), a(1.0, 1.0, 10.0)];
        assert_eq!(weighted_median(&tie), 5.0);
        // Weight, not count: one heavy actor at 10 outweighs two at 0.
        let heavy = [a(0.1, 1.0, 0.0), a(0.1, 1.0, 0.0), a(1.0, 0.9, 10.0)];
        assert_eq!(weighted_median(&heavy), 10.0);
    }

    #[test]
    fn weighted_mean_weights_by_capability_times_salience() {
        let actors = [a(1.0, 0.5, 0.0), a(0.5, 0.5, 30.0)];
        assert!((weighted_mean(&actors) - 10.0).abs() < 1e-12);
    }

    #[test]
    fn the_median_beats_every_other_position_in_pairwise_votes() {
        let actors = [
            a(0.2, 1.0, 0.0),
            a(0.9, 0.9, 10.0),
            a(1.0, 0.7, 90.0),
            a(0.35, 1.0, 75.0),
        ];
        let m = weighted_median(&actors);
        for other in &actors {
            assert!(pairwise_vote(&actors, m, other.position) >= 0.0);
        }
    }

    #[test]
    fn the_win_probability_is_the_net_vote_floored_at_zero_over_all_votes() {
        let actors = [a(1.0, 1.0, 0.0), a(0.5, 1.0, 4.0), a(0.2, 1.0, 10.0)];
        // Votes for 0 over 10: 1 * 10 and 0.5 * 2 for, 0.2 * 10 against, 13 cast.
        let p = win_probability(&actors, 0.0, 10.0);
        assert!((p - (11.0 - 2.0) / 13.0).abs() < 1e-15, "{p}");
        // The loser of the vote has no chance, so the two do not add to 1.
        assert_eq!(win_probability(&actors, 10.0, 0.0), 0.0);
        // No contest between equal positions: 0, as in the replication.
        assert_eq!(win_probability(&actors, 4.0, 4.0), 0.0);
        // A tied vote: neither side has a net majority.
        let tie = [a(1.0, 1.0, 0.0), a(1.0, 1.0, 10.0)];
        assert_eq!(win_probability(&tie, 0.0, 10.0), 0.0);
        assert_eq!(printed_win_probability(&tie, 0.0, 10.0), 0.5);
    }

    #[test]
    fn the_printed_win_probability_is_complementary_and_maps_onto_the_replication_s() {
        let actors = [a(1.0, 1.0, 0.0), a(0.5, 1.0, 4.0), a(0.2, 1.0, 10.0)];
        let p = printed_win_probability(&actors, 0.0, 10.0);
        let q = printed_win_probability(&actors, 10.0, 0.0);
        assert!((p + q - 1.0).abs() < 1e-15);
        assert!((p - 11.0 / 13.0).abs() < 1e-12);
        assert_eq!(printed_win_probability(&actors, 4.0, 4.0), 0.5);
        // Replication = max(0, 2 printed - 1), whichever side and contest.
        for (xi, xj) in [
            (0.0, 10.0),
            (10.0, 0.0),
            (4.0, 0.0),
            (0.0, 4.0),
            (4.0, 10.0),
            (10.0, 4.0),
        ] {
            let printed = printed_win_probability(&actors, xi, xj);
            let used = win_probability(&actors, xi, xj);
            assert!(
                (used - (2.0 * printed - 1.0).max(0.0)).abs() < 1e-15,
                "{xi} v {xj}"
            );
        }
    }

    #[test]
    fn basic_utilities_order_success_over_status_quo_over_failure() {
        for r in [0.5, 1.0, 2.0] {
            let (us, usq, uf) = (u_success(0.4, r), u_status_quo(r), u_failure(0.4, r));
            assert!(us > usq && usq > uf, "r = {r}");
            assert!(u_better(0.4, 0.2, r) > usq && usq > u_worse(0.4, 0.2, r));
        }
        // No distance: success and failure are the status quo.
        assert_eq!(u_success(0.0, 2.0), u_status_quo(2.0));
        assert_eq!(u_failure(0.0, 2.0), u_status_quo(2.0));
        // The extremes of the scale at r = 1.
        assert_eq!(u_success(1.0, 1.0), 2.0);
        assert_eq!(u_failure(1.0, 1.0), -2.0);
        assert_eq!(u_status_quo(1.0), 0.0);
    }

    #[test]
    fn expected_utility_of_a_sure_unresisted_win_is_the_gain_over_the_status_quo() {
        let c = Challenge {
            win: 1.0,
            target_salience: 0.0,
            distance: 0.5,
            median_distance: 0.0,
        };
        assert!((expected_utility(&c, 1.0, 1.0, 0.5) - 1.0).abs() < 1e-15);
        // A sure loss against a resisting target costs as much.
        let lose = Challenge {
            win: 0.0,
            target_salience: 1.0,
            ..c
        };
        assert!((expected_utility(&lose, 1.0, 1.0, 0.5) + 1.0).abs() < 1e-15);
        // With Q < 1, a better future without a challenge lowers its value.
        assert!(expected_utility(&c, 1.0, 0.5, 1.0) < expected_utility(&c, 1.0, 0.5, 0.0));
    }

    #[test]
    fn risk_exponents_span_half_to_two_with_the_most_secure_at_two() {
        let r = risk_exponents(&[3.0, -1.0, 1.0, 0.0]);
        assert!((r[0] - 0.5).abs() < 1e-15, "most exposed: {}", r[0]);
        assert!((r[1] - 2.0).abs() < 1e-15, "most secure: {}", r[1]);
        assert!((r[2] - 1.0).abs() < 1e-15, "midway: {}", r[2]);
        assert!(r.iter().all(|x| (0.5..=2.0).contains(x)));
        assert_eq!(risk_exponents(&[1.0, 1.0]), vec![1.0, 1.0]);
    }

    #[test]
    fn offers_are_classified_by_the_quadrant_of_the_two_expected_utilities() {
        assert_eq!(classify(0.2, 0.5), Some((OfferKind::Conflict, 1.0)));
        assert_eq!(classify(0.5, 0.2), None, "i would win the conflict");
        assert_eq!(classify(-0.1, 0.4), Some((OfferKind::Compromise, 0.25)));
        assert_eq!(classify(-0.5, 0.4), Some((OfferKind::Capitulation, 1.0)));
        assert_eq!(classify(0.3, -0.1), None, "no credible demand from j");
        assert_eq!(classify(-0.3, 0.0), None);
    }
}
