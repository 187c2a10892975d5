//! The escalation ladder as an exact Markov chain: a probability vector over
//! (sanctions rung 0-5) x (nuclear state: programme, frozen, denuclearised)
//! for a living regime, plus two absorbing states, collapsed and war. Each
//! year moves the whole vector by the year's transition probabilities; no
//! sampling.
//!
//! One year, in this order:
//! 1. a freeze breaks down with the yearly breakdown probability (the
//!    programme resumes at the same rung);
//! 2. a regime with a programme at rung S provokes (a test) with
//!    probability lambda(S); a provocation ends in war with w(S); otherwise
//!    China threatens the next step and Kim complies at the threat with
//!    q(S) (a concession: freeze or denuclearisation by the declared share);
//!    if he defies it the UNSC steps up one rung with (1 - v_CN)(1 - v_RU);
//! 3. the regime collapses with the hazard of its state: pressure P(S) with
//!    a programme, none after a concession (China stops enforcing once Kim
//!    has conceded, as in 2007 and 2018);
//! 4. a surviving regime with a programme concedes with the hazard c(S).
//!
//! The lever `levers.sanctions_rung` acts as a floor the UNSC has already
//! reached: [`Chain::raise_to`] lifts the mass below it at the start of a year.
//!
//! "By year t" indicators (a first resolution, oil sanctions, a first test, a
//! first concession) need the history of a path, not only its state. A
//! [`Track`] keeps it exactly: a second copy of the vector, started like the
//! chain and moved by the same year, that drops a path's mass at its first
//! marked event ([`Marks`]). The copy holds P(no marked event yet, state) for
//! every state, collapse and war included, so absorbed mass that never saw
//! the event stays unmarked and mass marked before absorption stays marked;
//! what it has dropped is P(a marked event by now).

/// Number of sanctions rungs, 0 (none) to 5 (oil cut, crude cap).
pub const RUNGS: usize = 6;
/// Index of the nuclear states of a living regime.
pub const PROGRAMME: usize = 0;
pub const FROZEN: usize = 1;
pub const DENUCLEARISED: usize = 2;

/// The first rung of oil sanctions: coal, textile and labour bans with an
/// oil cap (resolutions 2371/2375 of 2017); rung 5 cuts refined oil further.
pub const OIL_RUNG: usize = 4;

/// One year's transition probabilities, per rung where they depend on it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    /// lambda(S): P(at least one provocation in the year | programme at S).
    pub provocation: [f64; RUNGS],
    /// w(S): P(war | a provocation at S).
    pub war: [f64; RUNGS],
    /// q(S): P(Kim complies at the threat | a provocation at S, no war).
    pub comply: [f64; RUNGS],
    /// P(the UNSC steps up one rung | a defied threat).
    pub step_up: f64,
    /// c(S): P(concession in the year | programme at S, alive).
    pub concession: [f64; RUNGS],
    /// h(S): P(collapse in the year | programme at S).
    pub collapse_programme: [f64; RUNGS],
    /// h0: P(collapse in the year | conceded, no pressure).
    pub collapse_conceded: f64,
    /// Share of a concession that is denuclearisation (the rest a freeze).
    pub denuclearization_share: f64,
    /// P(a freeze breaks down in the year).
    pub freeze_breakdown: f64,
}

/// What flowed in one year, for the indicators.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Flows {
    /// P(a provocation in the year).
    pub provocation: f64,
    /// P(a provocation that did not end in war: a threat was made).
    pub threatened: f64,
    /// P(Kim complied at a threat).
    pub complied: f64,
    /// P(collapse in the year).
    pub collapse: f64,
    /// P(war in the year).
    pub war: f64,
    /// P(denuclearised in the year, alive at its end).
    pub denuclearized: f64,
    /// P(a path's first marked event in the year): the mass a tracking copy
    /// dropped ([`Chain::step_marked`]); 0 for the chain itself.
    pub marked: f64,
}

/// The events that take a path's mass out of a tracking copy of the chain
/// (see [`Track`]). [`Marks::NONE`] marks nothing: the chain itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marks {
    /// A rise of the rung: a step up after a defied threat, or a lever floor
    /// that lifts the mass (a resolution the scenario says was passed). The
    /// top rung holds, so a step up there is no rise.
    pub step_up: bool,
    /// Arrival at this rung or above, by a step up or a floor (`RUNGS`:
    /// never).
    pub reach: usize,
    /// A provocation (a nuclear or long-range missile test).
    pub provocation: bool,
    /// A concession: compliance at a threat or the yearly concession hazard.
    pub concession: bool,
}

impl Marks {
    /// Nothing marked: the chain itself.
    pub const NONE: Marks = Marks {
        step_up: false,
        reach: RUNGS,
        provocation: false,
        concession: false,
    };
    /// A new UNSC resolution: any rise of the rung.
    pub const STEP_UP: Marks = Marks {
        step_up: true,
        ..Marks::NONE
    };
    /// Oil sanctions: rung [`OIL_RUNG`] or above.
    pub const OIL: Marks = Marks {
        reach: OIL_RUNG,
        ..Marks::NONE
    };
    /// A provocation.
    pub const PROVOCATION: Marks = Marks {
        provocation: true,
        ..Marks::NONE
    };
    /// A concession.
    pub const CONCESSION: Marks = Marks {
        concession: true,
        ..Marks::NONE
    };

    /// Whether a move of living mass from rung `from` to rung `to` is marked.
    pub fn moves(&self, from: usize, to: usize) -> bool {
        (self.step_up && to > from) || (from < self.reach && to >= self.reach)
    }
}

/// The probability vector.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Chain {
    /// P(alive, rung S, nuclear state n) as `alive[S][n]`.
    pub alive: [[f64; 3]; RUNGS],
    pub collapsed: f64,
    pub war: f64,
}

impl Chain {
    /// All mass on a living regime with a programme at `rung`.
    pub fn start(rung: usize) -> Chain {
        let mut alive = [[0.0; 3]; RUNGS];
        alive[rung.min(RUNGS - 1)][PROGRAMME] = 1.0;
        Chain {
            alive,
            collapsed: 0.0,
            war: 0.0,
        }
    }

    /// Total probability mass (1 up to rounding).
    pub fn total(&self) -> f64 {
        self.alive_mass() + self.collapsed + self.war
    }

    /// P(the regime is alive).
    pub fn alive_mass(&self) -> f64 {
        self.alive.iter().flatten().sum()
    }

    /// P(alive in nuclear state `n`).
    pub fn nuclear_mass(&self, n: usize) -> f64 {
        self.alive.iter().map(|a| a[n]).sum()
    }

    /// E[rung; alive] = sum over living states of P x rung (not normalised).
    pub fn rung_mass(&self) -> f64 {
        self.alive
            .iter()
            .enumerate()
            .map(|(r, a)| r as f64 * (a[0] + a[1] + a[2]))
            .sum()
    }

    /// E[P; alive] = sum over states with a programme of P x P(S) (conceded
    /// states bear no pressure; not normalised).
    pub fn pressure_mass(&self, pressure: &[f64; RUNGS]) -> f64 {
        self.alive
            .iter()
            .zip(pressure)
            .map(|(a, p)| a[PROGRAMME] * p)
            .sum()
    }

    /// Lifts all living mass below `floor` to the rung `floor`: the UNSC has
    /// already reached it (a lever path), whatever the chain's own steps.
    pub fn raise_to(&mut self, floor: usize) {
        self.raise_to_marked(floor, &Marks::NONE);
    }

    /// [`Chain::raise_to`] for a tracking copy: lifted mass whose move is
    /// marked leaves the copy instead. Returns the mass that left.
    pub fn raise_to_marked(&mut self, floor: usize, marks: &Marks) -> f64 {
        let floor = floor.min(RUNGS - 1);
        let mut marked = 0.0;
        for r in 0..floor {
            let leaves = marks.moves(r, floor);
            for n in 0..3 {
                if leaves {
                    marked += self.alive[r][n];
                } else {
                    self.alive[floor][n] += self.alive[r][n];
                }
                self.alive[r][n] = 0.0;
            }
        }
        marked
    }

    /// One year of the chain (see the module documentation for the order).
    pub fn step(&mut self, rates: &Rates) -> Flows {
        self.step_marked(rates, &Marks::NONE)
    }

    /// One year of the chain in which the mass of every marked event (a
    /// provocation, a marked move up the ladder, a concession at a threat or
    /// by the hazard) leaves the vector at the moment it happens, before the
    /// later stages of the year; [`Flows::marked`] is what left. With
    /// [`Marks::NONE`] this is [`Chain::step`], operation for operation.
    pub fn step_marked(&mut self, rates: &Rates, marks: &Marks) -> Flows {
        let mut f = Flows::default();
        let sd = rates.denuclearization_share;

        // 1. Freezes break down at the start of the year.
        let mut programme = [0.0; RUNGS];
        let mut frozen = [0.0; RUNGS];
        let mut denuclearised = [0.0; RUNGS];
        for r in 0..RUNGS {
            let back = self.alive[r][FROZEN] * rates.freeze_breakdown;
            programme[r] = self.alive[r][PROGRAMME] + back;
            frozen[r] = self.alive[r][FROZEN] - back;
            denuclearised[r] = self.alive[r][DENUCLEARISED];
        }

        // 2. Provocation, brinkmanship, threat, step-up.
        let mut after_ladder = [0.0; RUNGS];
        let mut conceded_at_threat = [0.0; RUNGS];
        let mut war = 0.0;
        for r in 0..RUNGS {
            let m = programme[r];
            let provoked = m * rates.provocation[r];
            if marks.provocation {
                // The test is the marked event: war, threat and step-up
                // follow it, so all of the provoked mass leaves.
                after_ladder[r] += m - provoked;
                f.marked += provoked;
                continue;
            }
            let to_war = provoked * rates.war[r];
            let crisis = provoked - to_war;
            let comply = crisis * rates.comply[r];
            let defiant = crisis - comply;
            let up = defiant * rates.step_up;
            let next = (r + 1).min(RUNGS - 1);
            after_ladder[r] += (m - provoked) + (defiant - up);
            if marks.moves(r, next) {
                f.marked += up;
            } else {
                after_ladder[next] += up;
            }
            if marks.concession {
                f.marked += comply;
            } else {
                conceded_at_threat[r] = comply;
            }
            war += to_war;
            f.provocation += provoked;
            f.threatened += crisis;
            f.complied += comply;
        }

        // 3-4. Collapse, then concession of the survivors with a programme.
        let h0 = rates.collapse_conceded;
        let mut collapse = 0.0;
        let mut next = [[0.0; 3]; RUNGS];
        for r in 0..RUNGS {
            let m = after_ladder[r];
            let fall = m * rates.collapse_programme[r];
            let survivors = m - fall;
            let concede = survivors * rates.concession[r];
            next[r][PROGRAMME] = survivors - concede;
            let concede = if marks.concession {
                f.marked += concede;
                0.0
            } else {
                concede
            };

            let c = conceded_at_threat[r];
            let fz = frozen[r] + c * (1.0 - sd);
            let dn = denuclearised[r] + c * sd;
            let (fall_fz, fall_dn) = (fz * h0, dn * h0);
            next[r][FROZEN] = fz - fall_fz + concede * (1.0 - sd);
            next[r][DENUCLEARISED] = dn - fall_dn + concede * sd;

            collapse += fall + fall_fz + fall_dn;
            f.denuclearized += c * sd * (1.0 - h0) + concede * sd;
        }
        self.alive = next;
        self.collapsed += collapse;
        self.war += war;
        f.collapse = collapse;
        f.war = war;
        f
    }
}

/// A tracking copy of the chain for one kind of event: the vector of the
/// paths that have not yet had a marked event, and the probability that one
/// has. Run it beside the chain with the same floors and rates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Track {
    pub marks: Marks,
    /// P(no marked event yet, state), for every state of the chain.
    pub unmarked: Chain,
    /// P(a marked event since the start, by now).
    pub marked: f64,
}

impl Track {
    /// The copy of [`Chain::start`]`(rung)`. Starting at or above the rung
    /// `marks.reach` counts as having reached it: all the mass is marked.
    pub fn start(rung: usize, marks: Marks) -> Track {
        let mut unmarked = Chain::start(rung);
        let mut marked = 0.0;
        if rung.min(RUNGS - 1) >= marks.reach {
            unmarked.alive = [[0.0; 3]; RUNGS];
            marked = 1.0;
        }
        Track {
            marks,
            unmarked,
            marked,
        }
    }

    /// The floor of a lever path ([`Chain::raise_to`]).
    pub fn raise_to(&mut self, floor: usize) {
        self.marked += self.unmarked.raise_to_marked(floor, &self.marks);
    }

    /// One year ([`Chain::step_marked`]).
    pub fn step(&mut self, rates: &Rates) {
        self.marked += self.unmarked.step_marked(rates, &self.marks).marked;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rates(x: f64) -> Rates {
        Rates {
            provocation: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8].map(|p| p * x),
            war: [0.0, 0.001, 0.0025, 0.0045, 0.0075, 0.01],
            comply: [0.01, 0.02, 0.03, 0.04, 0.05, 0.06],
            step_up: 0.855,
            concession: [0.02; RUNGS],
            collapse_programme: [0.01, 0.011, 0.012, 0.013, 0.014, 0.015],
            collapse_conceded: 0.01,
            denuclearization_share: 0.3,
            freeze_breakdown: 0.15,
        }
    }

    #[test]
    fn the_chain_conserves_probability_mass_each_year() {
        let mut c = Chain::start(1);
        for t in 0..40 {
            let f = c.step(&rates(1.0 - t as f64 / 80.0));
            assert!((c.total() - 1.0).abs() < 1e-12, "year {t}: {}", c.total());
            assert!(f.complied <= f.threatened && f.threatened <= f.provocation);
            assert!(c.alive.iter().flatten().all(|&p| p >= 0.0));
        }
    }

    #[test]
    fn mass_moves_up_only_after_a_provocation() {
        let mut c = Chain::start(0);
        let mut r = rates(1.0);
        r.provocation = [0.0; RUNGS];
        c.step(&r);
        assert_eq!(c.rung_mass(), 0.0);
        r.provocation = [1.0; RUNGS];
        r.war = [0.0; RUNGS];
        r.comply = [0.0; RUNGS];
        r.step_up = 1.0;
        let mut c = Chain::start(0);
        c.step(&r);
        assert_eq!(c.alive[0][PROGRAMME], 0.0);
        assert!((c.rung_mass() - c.alive_mass()).abs() < 1e-15);
    }

    #[test]
    fn the_top_rung_holds() {
        let mut r = rates(1.0);
        r.step_up = 1.0;
        let mut c = Chain::start(5);
        for _ in 0..10 {
            c.step(&r);
        }
        assert!((c.rung_mass() - 5.0 * c.alive_mass()).abs() < 1e-12);
    }

    #[test]
    fn collapse_and_war_are_absorbing_and_flows_add_up() {
        let mut c = Chain::start(2);
        let (mut collapsed, mut war) = (0.0, 0.0);
        for _ in 0..20 {
            let f = c.step(&rates(1.0));
            collapsed += f.collapse;
            war += f.war;
            assert!((c.collapsed - collapsed).abs() < 1e-15);
            assert!((c.war - war).abs() < 1e-15);
        }
        assert!(c.war > 0.0 && c.collapsed > 0.0);
    }

    #[test]
    fn the_floor_lifts_mass_and_keeps_the_nuclear_state() {
        let mut c = Chain::start(0);
        c.alive[0] = [0.5, 0.2, 0.1];
        c.alive[3] = [0.2, 0.0, 0.0];
        c.raise_to(2);
        assert_eq!(c.alive[0], [0.0; 3]);
        assert_eq!(c.alive[2], [0.5, 0.2, 0.1]);
        assert_eq!(c.alive[3], [0.2, 0.0, 0.0]);
        assert!((c.total() - 1.0).abs() < 1e-15);
        c.raise_to(0);
        assert_eq!(c.alive[2], [0.5, 0.2, 0.1]);
    }

    #[test]
    fn denuclearisation_flows_only_through_concessions() {
        let mut r = rates(1.0);
        r.comply = [0.0; RUNGS];
        r.concession = [0.0; RUNGS];
        let mut c = Chain::start(1);
        let f = c.step(&r);
        assert_eq!(f.denuclearized, 0.0);
        assert_eq!(c.nuclear_mass(DENUCLEARISED), 0.0);
        let mut c = Chain::start(1);
        let f = c.step(&rates(1.0));
        assert!((f.denuclearized - c.nuclear_mass(DENUCLEARISED)).abs() < 1e-15);
    }

    /// Every tracked event, with the chain beside it.
    const ALL: [Marks; 4] = [
        Marks::STEP_UP,
        Marks::OIL,
        Marks::PROVOCATION,
        Marks::CONCESSION,
    ];

    #[test]
    fn a_track_splits_the_mass_into_marked_and_unmarked_exactly() {
        let floors = [1, 1, 0, 3, 3, 2, 4, 5, 5, 0];
        for start in 0..RUNGS {
            let mut tracks = ALL.map(|m| Track::start(start, m));
            for (t, &floor) in floors.iter().cycle().take(30).enumerate() {
                for k in &mut tracks {
                    let before = k.marked;
                    k.raise_to(floor);
                    k.step(&rates(1.0 - t as f64 / 60.0));
                    assert!(k.marked >= before);
                    let sum = k.marked + k.unmarked.total();
                    assert!((sum - 1.0).abs() < 1e-12, "{:?} year {t}: {sum}", k.marks);
                    assert!(k.unmarked.alive.iter().flatten().all(|&p| p >= 0.0));
                }
            }
        }
    }

    #[test]
    fn unmarked_tracks_move_exactly_as_the_chain() {
        let mut c = Chain::start(1);
        let mut k = Track::start(1, Marks::NONE);
        for t in 0..20 {
            c.raise_to(t % 4);
            k.raise_to(t % 4);
            let f = c.step(&rates(1.0));
            k.step(&rates(1.0));
            assert_eq!(f.marked, 0.0);
            assert_eq!((k.unmarked, k.marked), (c, 0.0));
        }
    }

    #[test]
    fn first_test_and_first_step_up_match_their_closed_forms() {
        // Constant provocation rate l, collapse hazard h, no concession or
        // war: P(no test in s years, alive) = ((1 - l)(1 - h))^s, so
        // P(a test by year t) = l sum_{s<t} ((1 - l)(1 - h))^s. A rise needs a
        // defied threat stepped up, l u in place of l (from rung 0, t <= 5).
        let (l, h, u) = (0.4, 0.05, 0.7);
        let mut r = rates(1.0);
        r.provocation = [l; RUNGS];
        r.collapse_programme = [h; RUNGS];
        r.war = [0.0; RUNGS];
        r.comply = [0.0; RUNGS];
        r.concession = [0.0; RUNGS];
        r.step_up = u;
        let mut test = Track::start(0, Marks::PROVOCATION);
        let mut rise = Track::start(0, Marks::STEP_UP);
        let (mut by_test, mut by_rise) = (0.0, 0.0);
        for t in 0..5 {
            test.step(&r);
            rise.step(&r);
            by_test += l * libm::pow((1.0 - l) * (1.0 - h), t as f64);
            by_rise += l * u * libm::pow((1.0 - l * u) * (1.0 - h), t as f64);
            assert!((test.marked - by_test).abs() < 1e-15, "year {t}");
            assert!((rise.marked - by_rise).abs() < 1e-15, "year {t}");
            // Unmarked mass that collapsed stays unmarked.
            assert!(test.unmarked.collapsed > 0.0 && test.unmarked.war == 0.0);
        }
    }

    #[test]
    fn marked_mass_bounds_the_state_it_leads_to() {
        let mut c = Chain::start(1);
        let mut k = ALL.map(|m| Track::start(1, m));
        for t in 0..30 {
            let f = c.step(&rates(1.0));
            for x in &mut k {
                x.step(&rates(1.0));
            }
            let [rise, oil, test, concession] = k.map(|x| x.marked);
            let above: f64 = c.alive[2..].iter().flatten().sum();
            let at_oil: f64 = c.alive[OIL_RUNG..].iter().flatten().sum();
            let conceded = c.nuclear_mass(FROZEN) + c.nuclear_mass(DENUCLEARISED);
            assert!(rise + 1e-15 >= above, "year {t}");
            assert!(oil + 1e-15 >= at_oil && oil <= rise + 1e-15, "year {t}");
            assert!(test + 1e-15 >= c.war && test + 1e-15 >= rise, "year {t}");
            assert!(concession + 1e-15 >= conceded, "year {t}");
            if t == 0 {
                assert!((test - f.provocation).abs() < 1e-15);
            }
        }
    }

    #[test]
    fn without_step_ups_or_floors_no_resolution_is_passed() {
        let mut r = rates(1.0);
        r.step_up = 0.0;
        let mut rise = Track::start(2, Marks::STEP_UP);
        let mut oil = Track::start(2, Marks::OIL);
        for _ in 0..20 {
            rise.raise_to(1);
            rise.step(&r);
            oil.raise_to(2);
            oil.step(&r);
        }
        assert_eq!((rise.marked, oil.marked), (0.0, 0.0));
        assert!(rise.unmarked.collapsed > 0.0);
    }

    #[test]
    fn a_floor_marks_the_living_mass_it_lifts_and_not_the_absorbed() {
        let mut rise = Track::start(1, Marks::STEP_UP);
        let mut oil = Track::start(1, Marks::OIL);
        for k in [&mut rise, &mut oil] {
            k.unmarked.alive[1][PROGRAMME] = 0.7;
            k.unmarked.alive[1][FROZEN] = 0.1;
            k.unmarked.collapsed = 0.15;
            k.unmarked.war = 0.05;
        }
        rise.raise_to(3);
        oil.raise_to(3);
        assert!((rise.marked - 0.8).abs() < 1e-15);
        assert_eq!(rise.unmarked.alive_mass(), 0.0);
        assert_eq!((rise.unmarked.collapsed, rise.unmarked.war), (0.15, 0.05));
        assert_eq!(oil.marked, 0.0);
        assert_eq!(oil.unmarked.alive[3], [0.7, 0.1, 0.0]);
        oil.raise_to(OIL_RUNG);
        assert!((oil.marked - 0.8).abs() < 1e-15);
        // Starting with oil sanctions in place is having reached them.
        assert_eq!(Track::start(5, Marks::OIL).marked, 1.0);
        assert_eq!(Track::start(5, Marks::OIL).unmarked.total(), 0.0);
    }

    #[test]
    fn an_event_counts_even_when_the_regime_falls_the_same_year() {
        // Every path provokes, defies the threat, is stepped up and then
        // collapses in the same year: every path rose, none is unmarked.
        let mut r = rates(1.0);
        r.provocation = [1.0; RUNGS];
        r.war = [0.0; RUNGS];
        r.comply = [0.0; RUNGS];
        r.step_up = 1.0;
        r.collapse_programme = [1.0; RUNGS];
        let mut rise = Track::start(3, Marks::STEP_UP);
        let mut oil = Track::start(3, Marks::OIL);
        rise.step(&r);
        oil.step(&r);
        assert_eq!((rise.marked, rise.unmarked.collapsed), (1.0, 0.0));
        assert_eq!((oil.marked, oil.unmarked.collapsed), (1.0, 0.0));
        // A concession at a threat followed by a collapse is a concession.
        r.comply = [1.0; RUNGS];
        r.collapse_conceded = 1.0;
        let mut concession = Track::start(0, Marks::CONCESSION);
        concession.step(&r);
        assert_eq!(concession.marked, 1.0);
        assert_eq!(concession.unmarked.total(), 0.0);
    }
}
