//! Scenario discovery with PRIM, the Patient Rule Induction Method
//! (Friedman & Fisher 1999), as the RDM literature uses it (Bryant &
//! Lempert 2010; Kwakkel & Jaxa-Rozen 2016): the boxes in parameter space
//! where the cases of interest (here: samples whose outcome probability
//! exceeds a threshold) are concentrated.
//!
//! Peeling: from the box holding every sample, each step cuts the share
//! `alpha` of the box's samples off one side of one dimension, the cut that
//! leaves the highest density of cases of interest, until the box would
//! hold less than `min_mass` of the samples. Every step's box is kept: the
//! peeling trajectory, which trades coverage for density. Peeling uses half
//! the samples and the box is chosen on the other half. Pasting is not
//! done: on the smooth inputs of sampled runs it rarely moves a box.
//! Simplifying: a restriction whose removal lowers the chosen box's density
//! by less than one standard error is dropped, one at a time, so that the
//! box names only the parameters that matter (Bryant & Lempert 2010 ask for
//! few restricted dimensions for the sake of interpretation).
//! Covering: after a box is chosen, its samples are set aside and the
//! search repeats on the rest, for up to `boxes` boxes.

use serde::Serialize;

/// How PRIM peels and chooses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Share of the box's samples each peel removes.
    pub alpha: f64,
    /// Smallest share of all samples a box may hold.
    pub min_mass: f64,
    /// The box chosen from a trajectory is the densest whose coverage is
    /// at least this.
    pub min_coverage: f64,
    /// Most boxes to find by covering.
    pub boxes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            alpha: 0.05,
            min_mass: 0.05,
            min_coverage: 0.5,
            boxes: 2,
        }
    }
}

/// One box of the trajectory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// (low, high) per dimension; the data's range where unrestricted.
    pub limits: Vec<(f64, f64)>,
    /// Share of all cases of interest (of the search) inside the box.
    pub coverage: f64,
    /// Share of the box's samples that are cases of interest.
    pub density: f64,
    /// Share of the search's samples inside the box.
    pub mass: f64,
    /// Dimensions whose limits are inside the data's range.
    pub restricted: Vec<usize>,
}

/// One covering round: its trajectory and the box chosen from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found {
    pub trajectory: Vec<Step>,
    /// Index into `trajectory`.
    pub chosen: usize,
    /// The chosen box with the restrictions that do not earn their place
    /// dropped: the box to report.
    pub simple: Step,
    /// Cases of interest and samples the search started from.
    pub cases: usize,
    pub samples: usize,
}

impl Found {
    pub fn chosen(&self) -> &Step {
        &self.trajectory[self.chosen]
    }
}

/// The result of scenario discovery.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Discovery {
    /// Share of all samples that are cases of interest.
    pub base_rate: f64,
    pub samples: usize,
    pub boxes: Vec<Found>,
}

/// Runs PRIM on `columns` (one slice per dimension, equal lengths) and
/// `interesting` (one flag per sample).
pub fn discover(columns: &[&[f64]], interesting: &[bool], options: Options) -> Discovery {
    let n = interesting.len();
    assert!(
        columns.iter().all(|c| c.len() == n),
        "columns of equal length"
    );
    let cases = interesting.iter().filter(|y| **y).count();
    let mut remaining: Vec<usize> = (0..n).collect();
    let mut boxes = Vec::new();
    while boxes.len() < options.boxes {
        let left_cases = remaining.iter().filter(|&&i| interesting[i]).count();
        // Stop when few cases are left, or they are no denser than elsewhere.
        if left_cases == 0 || (!boxes.is_empty() && left_cases * 10 < cases) {
            break;
        }
        let found = peel(columns, interesting, &remaining, options);
        let chosen = found.chosen();
        let rest_rate = left_cases as f64 / remaining.len() as f64;
        if chosen.density <= rest_rate {
            if boxes.is_empty() {
                boxes.push(found);
            }
            break;
        }
        let limits = found.simple.limits.clone();
        remaining.retain(|&i| !inside(columns, i, &limits));
        boxes.push(found);
        if remaining.is_empty() {
            break;
        }
    }
    Discovery {
        base_rate: if n == 0 { 0.0 } else { cases as f64 / n as f64 },
        samples: n,
        boxes,
    }
}

fn inside(columns: &[&[f64]], i: usize, limits: &[(f64, f64)]) -> bool {
    columns
        .iter()
        .zip(limits)
        .all(|(c, (lo, hi))| *lo <= c[i] && c[i] <= *hi)
}

/// Coverage, density and mass of the box `limits` over the samples `among`,
/// of which `cases` are cases of interest.
fn measure(
    columns: &[&[f64]],
    interesting: &[bool],
    among: &[usize],
    cases: usize,
    limits: &[(f64, f64)],
) -> (f64, f64, f64, usize) {
    let (mut members, mut hits) = (0usize, 0usize);
    for &i in among {
        if inside(columns, i, limits) {
            members += 1;
            hits += interesting[i] as usize;
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    (
        ratio(hits, cases),
        ratio(hits, members),
        ratio(members, among.len()),
        members,
    )
}

/// The peeling trajectory over the samples `among`. Following Friedman &
/// Fisher (1999, 8), the box is peeled on one half of the samples and
/// chosen on the other, so that peels that only fit the first half's noise
/// do not pay off; the figures reported are over all of `among`.
fn peel(columns: &[&[f64]], interesting: &[bool], among: &[usize], options: Options) -> Found {
    let count = |set: &[usize]| set.iter().filter(|&&i| interesting[i]).count();
    let train: Vec<usize> = among.iter().step_by(2).copied().collect();
    let test: Vec<usize> = among.iter().skip(1).step_by(2).copied().collect();
    let cases = count(among);
    let range: Vec<(f64, f64)> = columns
        .iter()
        .map(|c| {
            among
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &i| {
                    (lo.min(c[i]), hi.max(c[i]))
                })
        })
        .collect();
    let mut limits = range.clone();
    let mut boxes = vec![limits.clone()];
    let mut members = train.clone();
    let min_members = (options.min_mass * train.len() as f64).ceil() as usize;
    let mut values = Vec::with_capacity(train.len());
    while members.len() > 1 {
        // The best cut: (density after, samples kept, dimension, side, bound).
        let mut best: Option<(f64, usize, usize, bool, f64)> = None;
        for (d, column) in columns.iter().enumerate() {
            values.clear();
            values.extend(members.iter().map(|&i| column[i]));
            values.sort_by(f64::total_cmp);
            let m = values.len();
            let cut = ((options.alpha * m as f64).floor() as usize).clamp(1, m - 1);
            // Lower side: drop values below the alpha-quantile; upper: above
            // the (1 - alpha)-quantile. Ties at the bound stay in.
            for (upper, bound) in [(false, values[cut]), (true, values[m - 1 - cut])] {
                let keep = |v: f64| if upper { v <= bound } else { v >= bound };
                let (mut kept, mut hits) = (0usize, 0usize);
                for &i in &members {
                    if keep(column[i]) {
                        kept += 1;
                        hits += interesting[i] as usize;
                    }
                }
                if kept == members.len() || kept < min_members.max(1) {
                    continue;
                }
                let density = hits as f64 / kept as f64;
                let better = match best {
                    None => true,
                    // Higher density, then the smaller cut, then the first.
                    Some((bd, bk, ..)) => density > bd || (density == bd && kept > bk),
                };
                if better {
                    best = Some((density, kept, d, upper, bound));
                }
            }
        }
        let Some((_, _, d, upper, bound)) = best else {
            break;
        };
        if upper {
            limits[d].1 = bound;
        } else {
            limits[d].0 = bound;
        }
        members.retain(|&i| {
            if upper {
                columns[d][i] <= bound
            } else {
                columns[d][i] >= bound
            }
        });
        boxes.push(limits.clone());
    }
    let trajectory: Vec<Step> = boxes
        .iter()
        .map(|limits| {
            let (coverage, density, mass, _) = measure(columns, interesting, among, cases, limits);
            Step {
                limits: limits.clone(),
                coverage,
                density,
                mass,
                restricted: limits
                    .iter()
                    .zip(&range)
                    .enumerate()
                    .filter(|(_, (l, r))| l.0 > r.0 || l.1 < r.1)
                    .map(|(d, _)| d)
                    .collect(),
            }
        })
        .collect();
    // On the held-out half: the densest box with enough coverage, then, by
    // the one-standard-error rule (Breiman et al. 1984, for pruning trees),
    // the first box, which restricts least, whose density is within one
    // standard error of it.
    let test_cases = count(&test);
    let held_out: Vec<(f64, f64, usize)> = boxes
        .iter()
        .map(|limits| {
            let (coverage, density, _, members) =
                measure(columns, interesting, &test, test_cases, limits);
            (coverage, density, members)
        })
        .collect();
    let eligible = |h: &(f64, f64, usize)| h.0 >= options.min_coverage && h.2 > 0;
    let densest = held_out
        .iter()
        .filter(|h| eligible(h))
        .fold(held_out[0], |best, h| if h.1 > best.1 { *h } else { best });
    let error = (densest.1 * (1.0 - densest.1) / densest.2.max(1) as f64).sqrt();
    let chosen = held_out
        .iter()
        .position(|h| eligible(h) && h.1 >= densest.1 - error)
        .unwrap_or(0);
    let simple = simplify(
        columns,
        interesting,
        among,
        cases,
        &range,
        &trajectory[chosen],
    );
    Found {
        trajectory,
        chosen,
        simple,
        cases,
        samples: among.len(),
    }
}

/// Drops, one at a time, the restriction whose removal costs `chosen` the
/// least density, while the density stays within one standard error of
/// `chosen`'s.
fn simplify(
    columns: &[&[f64]],
    interesting: &[bool],
    among: &[usize],
    cases: usize,
    range: &[(f64, f64)],
    chosen: &Step,
) -> Step {
    let members = (chosen.mass * among.len() as f64).round().max(1.0);
    let floor = chosen.density - (chosen.density * (1.0 - chosen.density) / members).sqrt();
    let mut limits = chosen.limits.clone();
    let mut restricted = chosen.restricted.clone();
    loop {
        let best = restricted
            .iter()
            .map(|&d| {
                let mut wider = limits.clone();
                wider[d] = range[d];
                let density = measure(columns, interesting, among, cases, &wider).1;
                (density, d)
            })
            .fold(None, |best: Option<(f64, usize)>, c| match best {
                Some(b) if b.0 >= c.0 => Some(b),
                _ => Some(c),
            });
        match best {
            Some((density, d)) if density >= floor => {
                limits[d] = range[d];
                restricted.retain(|&r| r != d);
            }
            _ => break,
        }
    }
    let (coverage, density, mass, _) = measure(columns, interesting, among, cases, &limits);
    Step {
        limits,
        coverage,
        density,
        mass,
        restricted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use forecast_core::rng::Rng;

    /// Uniform samples in [0, 1]^5 with a planted box, x0 in [0.2, 0.6] and
    /// x2 above 0.7: a sample inside is a case of interest with probability
    /// 1 - noise, one outside with probability noise / 5.
    fn planted(n: usize, noise: f64, seed: u64) -> (Vec<Vec<f64>>, Vec<bool>) {
        let mut rng = Rng::new(seed);
        let columns: Vec<Vec<f64>> = (0..5)
            .map(|_| (0..n).map(|_| rng.next_open01()).collect())
            .collect();
        let y = (0..n)
            .map(|i| {
                let inside = (0.2..=0.6).contains(&columns[0][i]) && columns[2][i] > 0.7;
                let u = rng.next_open01();
                if inside { u >= noise } else { u < noise / 5.0 }
            })
            .collect();
        (columns, y)
    }

    fn run(columns: &[Vec<f64>], y: &[bool], options: Options) -> Discovery {
        let slices: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
        discover(&slices, y, options)
    }

    #[test]
    fn recovers_a_planted_box() {
        for (noise, tolerance) in [(0.0, 0.03), (0.1, 0.05)] {
            let (columns, y) = planted(4000, noise, 17);
            let found = run(&columns, &y, Options::default());
            let first = &found.boxes[0];
            let b = &first.simple;
            assert_eq!(b.restricted, [0, 2], "noise {noise}: {b:?}");
            assert!(
                (b.limits[0].0 - 0.2).abs() < tolerance,
                "{noise}: {:?}",
                b.limits
            );
            assert!(
                (b.limits[0].1 - 0.6).abs() < tolerance,
                "{noise}: {:?}",
                b.limits
            );
            assert!(
                (b.limits[2].0 - 0.7).abs() < tolerance,
                "{noise}: {:?}",
                b.limits
            );
            assert!(b.coverage > 0.65 && b.density > 0.75, "{noise}: {b:?}");
            // The trajectory trades coverage for density, from the whole space.
            let t = &first.trajectory;
            assert_eq!((t[0].coverage, t[0].mass), (1.0, 1.0));
            assert!(
                t.windows(2)
                    .all(|w| w[1].mass < w[0].mass && w[1].coverage <= w[0].coverage)
            );
            assert!(t.last().unwrap().mass >= 0.05);
        }
    }

    #[test]
    fn covering_finds_a_second_box() {
        // Two planted boxes: x0 < 0.25, and x1 > 0.8 with x0 > 0.5.
        let mut rng = Rng::new(3);
        let n = 4000;
        let columns: Vec<Vec<f64>> = (0..3)
            .map(|_| (0..n).map(|_| rng.next_open01()).collect())
            .collect();
        let y: Vec<bool> = (0..n)
            .map(|i| columns[0][i] < 0.25 || (columns[1][i] > 0.8 && columns[0][i] > 0.5))
            .collect();
        let found = run(&columns, &y, Options::default());
        assert_eq!(
            found.boxes.len(),
            2,
            "{:#?}",
            found.boxes.iter().map(Found::chosen).collect::<Vec<_>>()
        );
        let first = &found.boxes[0].simple;
        assert_eq!(first.restricted, [0]);
        assert!((first.limits[0].1 - 0.25).abs() < 0.03, "{first:?}");
        let second = &found.boxes[1].simple;
        assert!(second.restricted.contains(&1), "{second:?}");
        assert!((second.limits[1].0 - 0.8).abs() < 0.05, "{second:?}");
    }

    #[test]
    fn nothing_interesting_gives_the_whole_space() {
        let (columns, _) = planted(200, 0.0, 1);
        let found = run(&columns, &[false; 200], Options::default());
        assert!(found.boxes.is_empty());
        assert_eq!(found.base_rate, 0.0);
    }
}
