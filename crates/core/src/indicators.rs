//! A forecast's yearly series, stored flat: every call of every model makes
//! one, so it costs two allocations however many series it holds.

use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Arc;

/// Named yearly series, in the order a model returned them. The values of
/// all series share one buffer; names are shared (`Arc`), so a host can
/// hand every call the names it holds for the model instead of copies.
///
/// Serialized as a list of `[name, [values...]]` pairs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Indicators {
    /// Each series' name and the end of its values in `values`.
    spans: Vec<(Arc<str>, usize)>,
    values: Vec<f64>,
}

impl Indicators {
    /// Room for `series` series of `values` values in all.
    pub fn with_capacity(series: usize, values: usize) -> Indicators {
        Indicators {
            spans: Vec::with_capacity(series),
            values: Vec::with_capacity(values),
        }
    }

    /// Appends the series `name` with `values`.
    pub fn push(&mut self, name: Arc<str>, values: impl IntoIterator<Item = f64>) {
        self.values.extend(values);
        self.spans.push((name, self.values.len()));
    }

    /// Number of series.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Each series' name and values, in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            spans: self.spans.iter(),
            values: &self.values,
            start: 0,
        }
    }

    /// The values of the series `name`.
    pub fn get(&self, name: &str) -> Option<&[f64]> {
        self.iter().find(|(n, _)| ***n == *name).map(|(_, v)| v)
    }
}

/// The series of [`Indicators`], in order: (name, values).
pub struct Iter<'a> {
    spans: std::slice::Iter<'a, (Arc<str>, usize)>,
    values: &'a [f64],
    start: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a Arc<str>, &'a [f64]);

    fn next(&mut self) -> Option<Self::Item> {
        let (name, end) = self.spans.next()?;
        let values = &self.values[self.start..*end];
        self.start = *end;
        Some((name, values))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.spans.size_hint()
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Indicators {
    type Item = (&'a Arc<str>, &'a [f64]);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<N: Into<Arc<str>>, V: IntoIterator<Item = f64>> FromIterator<(N, V)> for Indicators {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(series: I) -> Indicators {
        let mut out = Indicators::default();
        for (name, values) in series {
            out.push(name.into(), values);
        }
        out
    }
}

impl Serialize for Indicators {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The length first: binary formats (the shard parts) need it.
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for pair in self {
            seq.serialize_element(&pair)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Indicators {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Indicators, D::Error> {
        Vec::<(Arc<str>, Vec<f64>)>::deserialize(d).map(|pairs| pairs.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_keep_their_names_values_and_order() {
        let i: Indicators = [("a", vec![1.0, 2.0]), ("b", vec![]), ("c", vec![3.0])]
            .into_iter()
            .collect();
        let pairs: Vec<(&str, &[f64])> = i.iter().map(|(n, v)| (&**n, v)).collect();
        assert_eq!(
            pairs,
            [("a", &[1.0, 2.0][..]), ("b", &[][..]), ("c", &[3.0][..])]
        );
        assert_eq!(
            (i.len(), i.get("c"), i.get("d")),
            (3, Some(&[3.0][..]), None)
        );
        let json = serde_json::to_string(&i).unwrap();
        assert_eq!(json, r#"[["a",[1.0,2.0]],["b",[]],["c",[3.0]]]"#);
        assert_eq!(serde_json::from_str::<Indicators>(&json).unwrap(), i);
    }
}
