//! Streaming aggregation of a model's samples, in memory that does not grow
//! with their number past [`EXACT_UP_TO`].
//!
//! Every sample's forecast is folded into per-series summaries as soon as it
//! is computed and then dropped. A summary's mean is an exact sum
//! ([`crate::exact`]) and its interval comes from every value up to
//! [`EXACT_UP_TO`] samples, from a sketch ([`crate::sketch`]) above. Both
//! are commutative and associative, so summaries built from any split of the
//! samples (threads, blocks, shards) merge in any order to the same bits.
//!
//! Not the comparison of models ([`crate::compare`]), and no I/O.

use crate::compare::{IndicatorSummary, Interval, ModelResult};
use crate::exact::ExactSum;
use crate::model::{Forecast, ModelSpec};
use crate::sketch::Sketch;
use forecast_vocab::OUTCOME_COUNT;
use serde::{Deserialize, Serialize};

/// Up to this many samples intervals are exact (every value is kept and
/// sorted); above it they come from a sketch within
/// [`crate::sketch::RELATIVE_ACCURACY`]. The scenarios run 1,000: twice that
/// keeps memory below 50 MB for the three models.
pub const EXACT_UP_TO: u32 = 2_000;

/// Samples per block: the unit of work handed to a fresh plugin instance,
/// of sharding, and of the plain partial sums that feed the exact ones.
pub const BLOCK: u32 = 256;

/// Where a series' quantiles come from, one entry per value of the series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Quantiles {
    Exact(Vec<Vec<f64>>),
    Sketch(Vec<Sketch>),
}

/// The summaries of one series of values given by every sample (the seven
/// outcomes, or one indicator's years): per value, a mean and a 5-95%
/// interval across samples.
///
/// Values are summed plainly, in sample order, within a block, and each
/// block's sums go into exact sums at [`Series::end_block`]: blocks are
/// fixed, so the totals do not depend on which thread or shard ran which
/// block, and exact summation costs one add per block, not per value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    samples: u64,
    block_sums: Vec<f64>,
    sums: Vec<ExactSum>,
    quantiles: Quantiles,
}

impl Series {
    /// An empty series of `len` values, exact or sketched.
    pub fn new(len: usize, exact: bool) -> Series {
        Series {
            samples: 0,
            block_sums: vec![0.0; len],
            sums: vec![ExactSum::new(); len],
            quantiles: if exact {
                Quantiles::Exact(vec![Vec::new(); len])
            } else {
                Quantiles::Sketch(vec![Sketch::new(); len])
            },
        }
    }

    /// Adds one sample's values (as many as the series holds).
    pub fn add(&mut self, values: &[f64]) {
        self.samples += 1;
        for (s, v) in self.block_sums.iter_mut().zip(values) {
            *s += v;
        }
        match &mut self.quantiles {
            Quantiles::Exact(kept) => kept.iter_mut().zip(values).for_each(|(k, &v)| k.push(v)),
            Quantiles::Sketch(sketches) => {
                sketches.iter_mut().zip(values).for_each(|(s, &v)| s.add(v))
            }
        }
    }

    /// Samples added.
    pub fn samples(&self) -> u64 {
        self.samples
    }

    /// Closes a block: its plain sums go into the exact sums.
    pub fn end_block(&mut self) {
        for (sum, b) in self.sums.iter_mut().zip(&mut self.block_sums) {
            if b.to_bits() != 0 {
                sum.add(*b);
            }
            *b = 0.0;
        }
    }

    /// Folds in the series of other blocks (both with their blocks closed).
    pub fn merge(&mut self, other: &Series) {
        self.end_block();
        self.samples += other.samples;
        for ((sum, theirs), b) in self.sums.iter_mut().zip(&other.sums).zip(&other.block_sums) {
            sum.merge(theirs);
            if b.to_bits() != 0 {
                sum.add(*b);
            }
        }
        match (&mut self.quantiles, &other.quantiles) {
            (Quantiles::Exact(a), Quantiles::Exact(b)) => a
                .iter_mut()
                .zip(b)
                .for_each(|(a, b)| a.extend_from_slice(b)),
            (Quantiles::Sketch(a), Quantiles::Sketch(b)) => {
                a.iter_mut().zip(b).for_each(|(a, b)| a.merge(b))
            }
            // Series of one run are all of one kind; a sketch absorbs values.
            (Quantiles::Sketch(a), Quantiles::Exact(b)) => a
                .iter_mut()
                .zip(b)
                .for_each(|(a, b)| b.iter().for_each(|&x| a.add(x))),
            (Quantiles::Exact(a), Quantiles::Sketch(b)) => {
                let mut b = b.clone();
                b.iter_mut()
                    .zip(a.iter())
                    .for_each(|(s, a)| a.iter().for_each(|&x| s.add(x)));
                self.quantiles = Quantiles::Sketch(b);
            }
        }
    }

    /// Counts `missing` samples that lacked the series as NaN, so that the
    /// gap shows instead of being averaged away.
    fn add_missing(&mut self, missing: u64) {
        if missing == 0 {
            return;
        }
        let nans = vec![f64::NAN; self.block_sums.len()];
        for _ in 0..missing {
            self.add(&nans);
        }
        self.end_block();
    }

    /// Per value, the mean (the exact sum of the block sums, rounded once,
    /// over the samples) and the 5th, 50th and 95th percentiles (Hyndman &
    /// Fan type 7). NaN when empty.
    pub fn intervals(mut self) -> Vec<Interval> {
        self.end_block();
        let n = self.samples as f64;
        let means = self.sums.iter().map(|s| s.value() / n);
        match self.quantiles {
            Quantiles::Exact(kept) => means
                .zip(kept)
                .map(|(mean, mut values)| {
                    if values.is_empty() {
                        return Interval {
                            mean: f64::NAN,
                            p05: f64::NAN,
                            p50: f64::NAN,
                            p95: f64::NAN,
                        };
                    }
                    values.sort_by(f64::total_cmp);
                    Interval {
                        mean,
                        p05: crate::compare::quantile(&values, 0.05),
                        p50: crate::compare::quantile(&values, 0.5),
                        p95: crate::compare::quantile(&values, 0.95),
                    }
                })
                .collect(),
            Quantiles::Sketch(sketches) => means
                .zip(sketches)
                .map(|(mean, s)| Interval {
                    mean,
                    p05: s.quantile(0.05),
                    p50: s.quantile(0.5),
                    p95: s.quantile(0.95),
                })
                .collect(),
        }
    }
}

/// A model's samples so far, summarised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aggregate {
    exact: bool,
    outcomes: Series,
    /// The model's declared indicators, in order.
    names: Vec<String>,
    /// Each declared indicator's series, once a sample gave it.
    indicators: Vec<Option<Series>>,
}

impl Aggregate {
    /// An empty aggregate of `model`'s forecasts for a run of `planned`
    /// samples: exact intervals up to [`EXACT_UP_TO`], sketched above.
    pub fn new(planned: u32, model: &ModelSpec) -> Aggregate {
        let exact = planned <= EXACT_UP_TO;
        Aggregate {
            exact,
            outcomes: Series::new(OUTCOME_COUNT, exact),
            names: model.indicators.iter().map(|i| i.name.clone()).collect(),
            indicators: model.indicators.iter().map(|_| None).collect(),
        }
    }

    /// Samples folded in.
    pub fn samples(&self) -> u64 {
        self.outcomes.samples()
    }

    /// Folds in one sample's forecast (checked against the model, so every
    /// indicator in it is declared).
    pub fn add(&mut self, f: &Forecast) {
        self.outcomes.add(&f.outcomes);
        for (i, (name, values)) in f.indicators.iter().enumerate() {
            // Models give their series in declaration order as a rule.
            let slot = if self.names.get(i).is_some_and(|n| **n == **name) {
                i
            } else {
                match self.names.iter().position(|n| **n == **name) {
                    Some(slot) => slot,
                    None => continue,
                }
            };
            let exact = self.exact;
            self.indicators[slot]
                .get_or_insert_with(|| Series::new(values.len(), exact))
                .add(values);
        }
    }

    /// Closes a block of samples (see [`Series`]).
    pub fn end_block(&mut self) {
        self.outcomes.end_block();
        self.indicators
            .iter_mut()
            .flatten()
            .for_each(Series::end_block);
    }

    /// Folds in the aggregate of other blocks of the same run.
    pub fn merge(&mut self, other: &Aggregate) {
        self.outcomes.merge(&other.outcomes);
        for (mine, theirs) in self.indicators.iter_mut().zip(&other.indicators) {
            match (mine, theirs) {
                (Some(mine), Some(theirs)) => mine.merge(theirs),
                (mine @ None, Some(theirs)) => *mine = Some(theirs.clone()),
                (_, None) => {}
            }
        }
    }

    /// The model's result: indicators in the order the model declares them;
    /// a sample that lacked one counts as NaN in its summaries.
    pub fn finish(self, model: ModelSpec, central: Forecast) -> ModelResult {
        let samples = self.samples();
        let outcomes: Vec<Interval> = self.outcomes.intervals();
        let indicators = self
            .names
            .into_iter()
            .zip(self.indicators)
            .filter_map(|(name, series)| {
                let mut series = series?;
                series.add_missing(samples - series.samples());
                Some(IndicatorSummary {
                    name,
                    years: series.intervals(),
                })
            })
            .collect();
        ModelResult {
            model,
            samples: samples as usize,
            outcomes: std::array::from_fn(|o| outcomes[o]),
            indicators,
            central,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IndicatorSpec;

    fn spec() -> ModelSpec {
        ModelSpec {
            id: "m".into(),
            name: "m".into(),
            version: "0".into(),
            summary: String::new(),
            references: vec![],
            parameters: vec![],
            outcomes: vec![],
            indicators: ["b", "a"]
                .iter()
                .map(|n| IndicatorSpec {
                    name: n.to_string(),
                    description: String::new(),
                    unit: String::new(),
                })
                .collect(),
        }
    }

    fn forecast(i: u32) -> Forecast {
        let p = (i % 97) as f64 / 200.0;
        let mut outcomes = [0.0; OUTCOME_COUNT];
        outcomes[0] = p;
        outcomes[1] = 1.0 - p;
        let mut indicators = vec![("a", vec![p, 2.0 * p])];
        if !i.is_multiple_of(3) {
            indicators.insert(0, ("b", vec![i as f64, 1.0]));
        }
        Forecast {
            outcomes,
            indicators: indicators.into_iter().collect(),
            explanation: vec![],
        }
    }

    /// Blocks of BLOCK samples, gathered by groups of blocks merged in
    /// reverse order.
    fn run(planned: u32, groups: &[std::ops::Range<u32>]) -> ModelResult {
        let mut total = Aggregate::new(planned, &spec());
        for g in groups.iter().rev() {
            let mut part = Aggregate::new(planned, &spec());
            for block in g.clone() {
                (block * BLOCK..(block + 1) * BLOCK).for_each(|i| part.add(&forecast(i)));
                part.end_block();
            }
            total.merge(&part);
        }
        total.finish(spec(), forecast(0))
    }

    #[test]
    fn any_split_merges_to_the_same_bits() {
        for planned in [300, EXACT_UP_TO + 1] {
            let whole = run(planned, &[0..20, 20..20]);
            let split = run(planned, &[0..3, 3..4, 4..11, 11..20]);
            assert_eq!(format!("{whole:?}"), format!("{split:?}"));
            assert_eq!(whole.samples, 20 * BLOCK as usize);
        }
    }

    #[test]
    fn exact_intervals_match_sorting_and_sketched_ones_come_close() {
        let exact = run(300, &[0..5, 5..5]);
        let values: Vec<f64> = (0..5 * BLOCK).map(|i| forecast(i).outcomes[0]).collect();
        let direct = Interval::of(&values);
        assert_eq!(
            (exact.outcomes[0].p05, exact.outcomes[0].p95),
            (direct.p05, direct.p95)
        );
        assert!((exact.outcomes[0].mean - direct.mean).abs() < 1e-15);
        let sketched = run(EXACT_UP_TO + 1, &[0..5, 5..5]);
        assert_eq!(sketched.outcomes[0].mean, exact.outcomes[0].mean);
        let acc = crate::sketch::RELATIVE_ACCURACY;
        assert!((sketched.outcomes[0].p95 - direct.p95).abs() <= acc * direct.p95);
    }

    #[test]
    fn indicators_follow_the_declaration_and_gaps_show() {
        let r = run(300, &[0..5, 5..5]);
        let names: Vec<&str> = r.indicators.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["b", "a"]);
        // `b` is missing from every third sample: its summaries are NaN.
        assert!(r.indicators[0].years[1].mean.is_nan());
        assert!(!r.indicators[1].years[1].mean.is_nan());
    }
}
