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

/// Number of sanctions rungs, 0 (none) to 5 (oil cut, crude cap).
pub const RUNGS: usize = 6;
/// Index of the nuclear states of a living regime.
pub const PROGRAMME: usize = 0;
pub const FROZEN: usize = 1;
pub const DENUCLEARISED: usize = 2;

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
        let floor = floor.min(RUNGS - 1);
        for r in 0..floor {
            for n in 0..3 {
                self.alive[floor][n] += self.alive[r][n];
                self.alive[r][n] = 0.0;
            }
        }
    }

    /// One year of the chain (see the module documentation for the order).
    pub fn step(&mut self, rates: &Rates) -> Flows {
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
            let to_war = provoked * rates.war[r];
            let crisis = provoked - to_war;
            let comply = crisis * rates.comply[r];
            let defiant = crisis - comply;
            let up = defiant * rates.step_up;
            let next = (r + 1).min(RUNGS - 1);
            after_ladder[r] += (m - provoked) + (defiant - up);
            after_ladder[next] += up;
            conceded_at_threat[r] = comply;
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
}
