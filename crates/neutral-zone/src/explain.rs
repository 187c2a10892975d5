//! The explanation lines: which mechanism drove the forecast, with numbers.

use crate::bargaining::Ending;
use crate::params::Year;
use crate::settlement::{PARTIES, PRC, USA};
use crate::trajectory::Trajectory;

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// Five lines: China's resolve, Kim's response and the survival split, the
/// collapse hazard, China's decision to intervene after a collapse, and the
/// six-party settlement with the collapse split.
/// Layer A is reported for the start year (and the last, if it differs).
pub fn explain(years: &[Year], t: &Trajectory, start_year: i32) -> Vec<String> {
    let (Some(first), Some(r0), Some(h0), Some(run)) = (
        years.first(),
        t.resolve.first(),
        t.hazards.first(),
        t.bargaining.last(),
    ) else {
        return Vec::new();
    };
    let end_year = start_year + years.len() as i32 - 1;
    let mut lines = Vec::new();

    let mut resolve = format!(
        "China resolved to cut the lifeline with P={:.2} in {start_year} (Kim's belief mu): squeezing risks collapse h'={:.2} times the burden {:.2} (buffer at stake p_dep*(1-kappa)*B = {:.2} with pledge credibility kappa {:.2}, refugees and border chaos {:.2}) against G + c_aid + c_prolif + A_C = {:.2}; margin {:+.2} +/- {:.2}",
        r0.belief,
        r0.cutoff_collapse,
        r0.burden,
        r0.buffer_at_stake,
        r0.kappa,
        r0.burden - r0.buffer_at_stake,
        first.denuclearization_gain
            + first.aid_cost
            + first.proliferation_cost
            + first.audience_cost,
        r0.margin,
        r0.margin_sd,
    );
    if let Some(last) = t.resolve.last().filter(|l| l.belief != r0.belief) {
        resolve.push_str(&format!("; {end_year} mu={:.2}", last.belief));
    }
    lines.push(resolve);

    lines.push(format!(
        "Kim's cost of defying a resolved China K + lambda*P = {:.2} + {:.2}*{:.3} (the threatened cutoff, and sanctions pressure as China enforces rung {:.1}); mu*(K + lambda*P) = {:.2} against the arsenal's value N = {:.2} less inducements iota*I = {:.2}: P(comply) {:.2}, P(at least freeze) {:.2} per threat (threats at {}/yr) -> denuclearization {}, freeze {}, nuclear-status-quo {}",
        r0.threat_cost,
        first.pressure_weight,
        r0.pressure,
        first.sanctions_rung,
        r0.belief * (r0.threat_cost + first.pressure_weight * r0.pressure),
        first.arsenal_value,
        first.inducement_weight * first.inducements,
        r0.comply,
        r0.freeze_or_more,
        pct(first.threat_rate),
        pct(t.denuclearization),
        pct(t.freeze),
        pct(t.nuclear_status_quo),
    ));

    lines.push(format!(
        "Collapse by {end_year}: {} ({start_year} hazard {}/yr: {}/yr at aid {:.2} of 2006 (baseline {}/yr), a carried-out cutoff with P={:.3}/yr at {}/yr, leader death with failed succession {}/yr)",
        pct(t.collapse_by.last().copied().unwrap_or(0.0)),
        pct(t.collapse_hazard.first().copied().unwrap_or(0.0)),
        pct(r0.aid_hazard),
        first.china_aid,
        pct(first.base_hazard),
        h0.squeeze,
        pct(r0.cutoff_hazard),
        pct(first.leader_mortality * first.succession_failure),
    ));
    let w = |f: fn(&crate::trajectory::Resolve) -> f64| t.collapse_weighted(|i| f(&t.resolve[i]));
    lines.push(format!(
        "After a collapse China sends the PLA in with P={:.2}: staying out would cost it {:.2} (the buffer at stake {:.2} with pledge credibility kappa {:.2}, refugees and border chaos) against the cost of intervening {:.2}; US/ROK forces go north with P={:.2}, and the two clash with P={:.2}",
        w(|r| r.pla),
        w(|r| r.burden),
        w(|r| r.buffer_at_stake),
        w(|r| r.kappa),
        first.intervention_cost,
        w(|r| r.allied),
        w(|r| r.clash),
    ));

    let ending = match &run.ending {
        Ending::Settled => format!("settled after {} rounds", run.rounds.len()),
        Ending::Cycled { positions } => format!(
            "cycled over {} rounds' positions after {} rounds",
            positions.len(),
            run.rounds.len()
        ),
        Ending::RoundLimit => format!("still moving after {} rounds", run.rounds.len()),
    };
    let start = run.rounds.first().map(|r| r.positions.as_slice());
    let moved = |i: usize| {
        format!(
            "{} {:.0}->{:.0}",
            PARTIES[i],
            start.map_or(run.positions[i], |p| p[i]),
            run.positions[i]
        )
    };
    let c = t.collapse;
    lines.push(format!(
        "Six-party bargaining (Bueno de Mesquita, as Scholz, Calbert & Smith 2011) {ending}: settlement E = {:.1} in {end_year} ({}, {}); collapse mass {} splits war {}, neutral-unification {} (China out, E in [40, 80] and the pledge holds), aligned-unification {}, successor-state {}",
        run.settlement,
        moved(USA),
        moved(PRC),
        pct(c.total()),
        pct(c.war),
        pct(c.neutral_unification),
        pct(c.aligned_unification),
        pct(c.successor_state),
    ));
    lines
}
