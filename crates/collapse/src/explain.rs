//! The explanation lines: which mechanism drove the forecast, with numbers.

use crate::params::Year;
use crate::trajectory::Trajectory;

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// Four or five lines: the collapse hazard and its drivers, China's entry
/// decision, the split of the collapse mass, the survival branch, and the
/// stabilisation burden. Per-year quantities of the branch are weighted by
/// the probability of collapse in each year.
pub fn explain(years: &[Year], t: &Trajectory, start_year: i32) -> Vec<String> {
    let (Some(first), Some(s0), Some(last)) = (years.first(), t.steps.first(), t.steps.last())
    else {
        return Vec::new();
    };
    let end_year = start_year + years.len() as i32 - 1;
    let collapse_by = t.collapse_by.last().copied().unwrap_or(0.0);
    let mut lines = Vec::new();

    let mut hazard = format!(
        "Collapse by {end_year}: {} ({start_year} hazard {}/yr = baseline {}/yr x pressure {:.2} x aid cut {:.2}, plus leader death with succession failure {}/yr",
        pct(collapse_by),
        pct(s0.hazard),
        pct(first.base_hazard),
        s0.pressure_factor,
        s0.aid_factor,
        pct(s0.succession_hazard),
    );
    if years.len() > 1 && last.hazard != s0.hazard {
        hazard.push_str(&format!("; {end_year} hazard {}/yr", pct(last.hazard)));
    }
    hazard.push(')');
    lines.push(hazard);

    let w = |f: fn(&crate::trajectory::Step) -> f64| t.collapse_weighted(f);
    lines.push(format!(
        "China enters after a collapse with P={:.2}: the buffer at stake p_dep*(1-kappa)*B = {:.2} (pledge credibility kappa {:.2}), refugee pressure R_C*phi = {:.2}, joint plan J = {:.2}",
        w(|s| s.pla),
        w(|s| s.buffer_at_stake),
        w(|s| s.kappa),
        w(|s| s.refugee_pressure),
        w(|s| s.joint_plan),
    ));

    let c = t.collapse;
    lines.push(format!(
        "Collapse mass {} splits: war {} (PLA and US/ROK both in the North with P={:.2}, clash {:.2}), successor-state {}, neutral-unification {} (neutral share of a unification {:.2}), aligned-unification {}",
        pct(c.total()),
        pct(c.war),
        w(|s| s.pla * s.allied),
        w(|s| s.clash),
        pct(c.successor_state),
        pct(c.neutral_unification),
        w(|s| s.neutral_share),
        pct(c.aligned_unification),
    ));

    lines.push(format!(
        "Regime survives {}: concession by {end_year} with P={:.2} (base rate {}/yr x pressure {:.2} x inducements {:.2}) -> nuclear-status-quo {}, freeze {}, denuclearization {}",
        pct(t.survival),
        t.conceded,
        pct(first.concession_base),
        libm::exp(first.concession_pressure * s0.pressure),
        libm::exp(first.concession_inducements * first.inducements),
        pct(t.nuclear_status_quo),
        pct(t.freeze),
        pct(t.denuclearization),
    ));

    let refugees: f64 = t.refugees_to_china.iter().sum();
    lines.push(format!(
        "A collapse would need {:.0}k stabilisation troops and send {:.0}k refugees to China; expected refugees over the horizon {:.0}k",
        s0.troops / 1000.0,
        s0.refugees / 1000.0,
        refugees / 1000.0,
    ));
    lines
}
