//! The explanation lines: which mechanism drove the forecast, with numbers.

use crate::params::Year;
use crate::trajectory::Trajectory;

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// Five lines: China's resolve and whether its threats are informative;
/// Kim's cost of defiance against the arsenal's value; the ladder; the
/// survival branch; the collapse and war masses.
pub fn explain(years: &[Year], t: &Trajectory, start_year: i32) -> Vec<String> {
    let (Some(y0), Some(s0), Some(last)) = (years.first(), t.years.first(), t.years.last()) else {
        return Vec::new();
    };
    let n = years.len();
    let end_year = start_year + n as i32 - 1;
    let mut lines = Vec::new();

    let signal = if s0.bluff_share >= 1.0 {
        "every unresolved China bluffs, so a threat tells Kim nothing (pooling: the op-ed's bluff)"
            .to_string()
    } else if s0.bluff_share <= 0.0 {
        "no unresolved China bluffs, so a threat reveals resolve (separating)".to_string()
    } else {
        format!(
            "{} of unresolved Chinas bluff (partial pooling)",
            pct(s0.bluff_share)
        )
    };
    lines.push(format!(
        "China's resolve in {start_year}: prior rho = {:.2} from its net gain from a squeeze {:+.2} (a collapse would cost it {:.2}; pledge credibility kappa {:.2}, joint plan J {:.2}); audience cost A_C = {:.2}: {signal}; belief after a threat mu = {:.2}",
        s0.prior,
        s0.net_gain,
        s0.collapse_cost,
        s0.kappa,
        y0.joint_plan,
        y0.audience_cost,
        s0.belief,
    ));

    let r0 = libm::round(t.sanctions_rung.first().copied().unwrap_or(0.0)).clamp(0.0, 5.0) as usize;
    let mean_compliance = t.threat_compliance.iter().sum::<f64>() / n as f64;
    lines.push(format!(
        "Threat stage: Kim's cost of a threat carried out K = {:.2} at rung {r0} ({:.2} at rung 5) against an arsenal worth N = {:.2}: mu*K = {:.2}; he complies at a threat with P = {:.3} on average over the years",
        s0.threat_cost[r0],
        s0.threat_cost[5],
        y0.arsenal_value,
        s0.belief * s0.threat_cost[r0],
        mean_compliance,
    ));

    let tests: f64 = t.nuclear_test_in_year.iter().sum();
    lines.push(format!(
        "Ladder: a test in {start_year} with P = {:.2}, in {end_year} {:.2} ({:.1} test years expected); the UNSC steps up after a test with P = (1-v_CN)(1-v_RU) = {:.2} ({end_year}); expected rung {:.2} -> {:.2}, pressure {:.3} -> {:.3}",
        t.nuclear_test_in_year[0],
        t.nuclear_test_in_year[n - 1],
        tests,
        last.rates.step_up,
        t.sanctions_rung[0],
        t.sanctions_rung[n - 1],
        t.china_pressure[0],
        t.china_pressure[n - 1],
    ));

    let alive = t.nuclear_status_quo + t.freeze + t.denuclearization;
    lines.push(format!(
        "Regime survives {} by {end_year}: nuclear-status-quo {}, freeze {}, denuclearization {} (concession hazard {}/yr in {start_year}; a freeze breaks down with P = {:.2}/yr)",
        pct(alive),
        pct(t.nuclear_status_quo),
        pct(t.freeze),
        pct(t.denuclearization),
        pct(s0.rates.concession[r0]),
        y0.freeze_breakdown,
    ));

    lines.push(format!(
        "Collapse {} (hazard {}/yr at rung {r0} with a programme); after one China sends the PLA in with P {:.2} in the last year (its stake in the North {:.2} against its cost of intervening): successor-state {}, aligned-unification {}, neutral-unification {} (neutral share of a unification kappa*J = {:.2}); war {} from brinkmanship at high rungs",
        pct(t.collapse()),
        pct(s0.rates.collapse_programme[r0]),
        last.pla_entry,
        last.collapse_cost,
        pct(t.successor_state),
        pct(t.aligned_unification),
        pct(t.neutral_unification),
        last.neutral_share,
        pct(t.war),
    ));
    lines
}
