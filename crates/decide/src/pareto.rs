//! Non-dominated policies: no other is at least as good on every objective
//! and better on one.

use crate::eval::Direction;

/// Whether `a` dominates `b` under `directions`.
pub fn dominates(a: &[f64], b: &[f64], directions: &[Direction]) -> bool {
    let mut better = false;
    for ((x, y), d) in a.iter().zip(b).zip(directions) {
        if d.better(*y, *x) {
            return false;
        }
        better |= d.better(*x, *y);
    }
    better
}

/// The indices of the non-dominated points, in their order. Points with a
/// NaN are never on the front.
pub fn front(points: &[Vec<f64>], directions: &[Direction]) -> Vec<usize> {
    (0..points.len())
        .filter(|&i| {
            points[i].iter().all(|v| !v.is_nan())
                && !points.iter().enumerate().any(|(j, q)| {
                    j != i && q.iter().all(|v| !v.is_nan()) && dominates(q, &points[i], directions)
                })
        })
        .collect()
}

/// The hypervolume of two-objective points against `reference`: the area
/// they dominate, each objective oriented by its direction. Points that do
/// not dominate the reference add nothing.
pub fn hypervolume_2d(points: &[[f64; 2]], directions: [Direction; 2], reference: [f64; 2]) -> f64 {
    // Turn both objectives into ones to minimise.
    let flip = |v: f64, d: Direction| if d == Direction::Max { -v } else { v };
    let r = [
        flip(reference[0], directions[0]),
        flip(reference[1], directions[1]),
    ];
    let mut p: Vec<[f64; 2]> = points
        .iter()
        .map(|q| [flip(q[0], directions[0]), flip(q[1], directions[1])])
        .filter(|q| q[0] < r[0] && q[1] < r[1])
        .collect();
    p.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    let mut area = 0.0;
    let mut ceiling = r[1];
    for q in p {
        if q[1] < ceiling {
            area += (r[0] - q[0]) * (ceiling - q[1]);
            ceiling = q[1];
        }
    }
    area
}

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::{Max, Min};

    #[test]
    fn the_front_keeps_what_nothing_beats() {
        // (denuclearization: max, war: min)
        let points = vec![
            vec![0.5, 0.10], // front
            vec![0.4, 0.10], // dominated by 0
            vec![0.3, 0.05], // front: less war
            vec![0.5, 0.10], // equal to 0: neither dominates, both on the front
            vec![0.2, 0.20], // dominated
            vec![f64::NAN, 0.0],
        ];
        assert_eq!(front(&points, &[Max, Min]), [0, 2, 3]);
        assert!(dominates(&[0.5, 0.1], &[0.4, 0.1], &[Max, Min]));
        assert!(!dominates(&[0.5, 0.1], &[0.5, 0.1], &[Max, Min]));
    }

    #[test]
    fn the_hypervolume_is_the_dominated_area() {
        // Minimise both, reference (1, 1): points (0, 0.5) and (0.5, 0) cover
        // 0.5 + 0.5 - 0.25 = 0.75.
        let hv = hypervolume_2d(
            &[[0.0, 0.5], [0.5, 0.0], [0.6, 0.6]],
            [Min, Min],
            [1.0, 1.0],
        );
        assert!((hv - 0.75).abs() < 1e-12, "{hv}");
        // A maximised objective is mirrored: (max 0.5, min 0.0) against (0, 1).
        let hv = hypervolume_2d(&[[0.5, 0.0]], [Max, Min], [0.0, 1.0]);
        assert!((hv - 0.5).abs() < 1e-12, "{hv}");
        assert_eq!(hypervolume_2d(&[[2.0, 2.0]], [Min, Min], [1.0, 1.0]), 0.0);
    }
}
