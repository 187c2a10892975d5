//! Declared parameters and their lookup in a forecast input.

use crate::{ForecastInput, ParamSpec, ParamValue};
use std::cell::Cell;

/// A parameter as a model declares it, in a `const` table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamDecl {
    /// Shared name (`dprk.base_hazard`) or one prefixed with the model id.
    pub name: &'static str,
    pub description: &'static str,
    pub default: f64,
    pub min: f64,
    pub max: f64,
    /// Unit, or "" for a dimensionless number.
    pub unit: &'static str,
    /// Where the default and range come from; "[A]" marks an assumption.
    pub source: &'static str,
}

impl ParamDecl {
    /// A shared parameter, declared as the one table of shared priors has it
    /// (`forecast_vocab::SHARED_PARAMETERS`: meaning, prior, range, unit,
    /// source). A name that is not in the table does not compile.
    pub const fn shared(name: &'static str) -> ParamDecl {
        let s = forecast_vocab::shared(name);
        ParamDecl {
            name: s.name,
            description: s.description,
            default: s.default,
            min: s.min,
            max: s.max,
            unit: s.unit,
            source: s.source,
        }
    }

    /// [`ParamDecl::shared`] for a name known only at run time (a shared one).
    pub fn shared_at_run_time(name: &str) -> ParamDecl {
        let s = forecast_vocab::shared_parameter(name)
            .unwrap_or_else(|| panic!("`{name}` is not a shared parameter"));
        ParamDecl::shared(s.name)
    }

    /// The declaration as the contract's `param-spec`.
    pub fn spec(&self) -> ParamSpec {
        ParamSpec {
            name: self.name.into(),
            description: self.description.into(),
            default: self.default,
            min: self.min,
            max: self.max,
            unit: self.unit.into(),
            source: self.source.into(),
        }
    }

    /// The contract's `param-spec`s of a declaration table.
    pub fn specs(decls: &[ParamDecl]) -> Vec<ParamSpec> {
        decls.iter().map(ParamDecl::spec).collect()
    }
}

/// Typed access to one call's parameter values by name.
///
/// The contract passes values positionally, in the order of the model's
/// declarations; an input with no values at all (a native caller or a test
/// that wants the defaults) gets every declared default. Lookups by name are
/// cheap when a model reads its parameters in the order it declares them
/// (one string comparison each): a cursor remembers where the last lookup
/// ended. This matters in WebAssembly, where comparing strings costs more
/// than a year of a model's arithmetic.
#[derive(Debug, Clone)]
pub struct Params<'a> {
    horizon: usize,
    decls: &'a [ParamDecl],
    /// The input's values in declaration order; empty for all defaults.
    values: &'a [ParamValue],
    cursor: Cell<usize>,
}

/// Whether two names are equal, trying their addresses first: a model
/// reads its parameters by the same literals its table declares, which the
/// compiler stores once, and comparing bytes costs more in WebAssembly (a
/// byte loop) than a year of a model's arithmetic.
fn same_name(declared: &str, asked: &str) -> bool {
    (declared.as_ptr() == asked.as_ptr() && declared.len() == asked.len()) || declared == asked
}

/// Index of `name` in `decls`, searching from `start` round to `start - 1`.
fn position_from(decls: &[ParamDecl], name: &str, start: usize) -> Option<usize> {
    let n = decls.len();
    (0..n)
        .map(|k| (start + k) % n)
        .find(|&i| same_name(decls[i].name, name))
}

impl<'a> Params<'a> {
    /// Checks that `input` has one value per declaration (or none), each in
    /// its declared range, and every path one value per year.
    pub fn new(input: &'a ForecastInput, decls: &'a [ParamDecl]) -> Result<Self, String> {
        let values = &input.params[..];
        if !values.is_empty() && values.len() != decls.len() {
            return Err(format!(
                "the input has {} parameter values for the {} parameters this model declares",
                values.len(),
                decls.len()
            ));
        }
        for (decl, value) in decls.iter().zip(values) {
            let values: &[f64] = match value {
                ParamValue::Scalar(v) => std::slice::from_ref(v),
                ParamValue::Path(path) => {
                    if path.len() != input.horizon as usize {
                        return Err(format!(
                            "parameter `{}` has a path of {} values for a horizon of {} years",
                            decl.name,
                            path.len(),
                            input.horizon
                        ));
                    }
                    path
                }
            };
            if let Some(v) = values.iter().find(|v| !(decl.min..=decl.max).contains(*v)) {
                return Err(format!(
                    "parameter `{}` = {v} is outside its range [{}, {}]",
                    decl.name, decl.min, decl.max
                ));
            }
        }
        Ok(Params {
            horizon: input.horizon as usize,
            decls,
            values,
            cursor: Cell::new(0),
        })
    }

    /// An input for `decls` with the given named values and the declared
    /// defaults for the rest: for native callers and tests.
    pub fn input(
        decls: &[ParamDecl],
        horizon: u32,
        set: &[(&str, ParamValue)],
    ) -> Result<ForecastInput, String> {
        if let Some((name, _)) = set
            .iter()
            .find(|(n, _)| !decls.iter().any(|d| d.name == *n))
        {
            return Err(format!("parameter `{name}` is not declared by this model"));
        }
        let params = decls
            .iter()
            .map(|d| {
                set.iter()
                    .find(|(n, _)| *n == d.name)
                    .map_or(ParamValue::Scalar(d.default), |(_, v)| v.clone())
            })
            .collect();
        Ok(ForecastInput {
            scenario: String::new(),
            start_year: 2007,
            horizon,
            seed: 0,
            params,
            explain: true,
        })
    }

    /// Number of yearly steps.
    pub fn horizon(&self) -> usize {
        self.horizon
    }

    fn index(&self, name: &str) -> Result<usize, String> {
        let i = position_from(self.decls, name, self.cursor.get())
            .ok_or_else(|| format!("the model reads `{name}` but does not declare it"))?;
        self.cursor.set((i + 1) % self.decls.len());
        Ok(i)
    }

    /// The value of `name` in year index `t` (0 = start year).
    pub fn at(&self, name: &str, t: usize) -> Result<f64, String> {
        Ok(self.series(name)?.at(t))
    }

    /// The values of `name` over the years, looked up once: read every
    /// parameter this way before a yearly loop.
    pub fn series(&self, name: &str) -> Result<Yearly<'a>, String> {
        let i = self.index(name)?;
        Ok(match self.values.get(i) {
            Some(ParamValue::Scalar(v)) => Yearly::Constant(*v),
            Some(ParamValue::Path(path)) if !path.is_empty() => Yearly::Path(path),
            _ => Yearly::Constant(self.decls[i].default),
        })
    }

    /// The value of `name` in the start year: for parameters read as constants.
    pub fn scalar(&self, name: &str) -> Result<f64, String> {
        self.at(name, 0)
    }

    /// The yearly path of `name`, one value per year of the horizon.
    pub fn path(&self, name: &str) -> Result<Vec<f64>, String> {
        let s = self.series(name)?;
        Ok((0..self.horizon).map(|t| s.at(t)).collect())
    }
}

/// A parameter's values over the years.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Yearly<'a> {
    Constant(f64),
    /// One value per year (at least one); past its end the last value holds.
    Path(&'a [f64]),
}

impl Yearly<'_> {
    /// The value in year index `t` (0 = start year).
    pub fn at(&self, t: usize) -> f64 {
        match self {
            Yearly::Constant(v) => *v,
            Yearly::Path(path) => path[t.min(path.len() - 1)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DECLS: &[ParamDecl] = &[
        ParamDecl {
            name: "a.x",
            description: "",
            default: 1.0,
            min: 0.0,
            max: 2.0,
            unit: "",
            source: "",
        },
        ParamDecl {
            name: "a.y",
            description: "",
            default: 5.0,
            min: 0.0,
            max: 9.0,
            unit: "",
            source: "",
        },
    ];

    #[test]
    fn values_are_read_by_name_with_paths_and_defaults() {
        let input =
            Params::input(DECLS, 3, &[("a.y", ParamValue::Path(vec![1.0, 2.0, 3.0]))]).unwrap();
        let p = Params::new(&input, DECLS).unwrap();
        assert_eq!(p.scalar("a.x").unwrap(), 1.0);
        assert_eq!(p.path("a.y").unwrap(), [1.0, 2.0, 3.0]);
        assert_eq!(
            p.at("a.y", 9).unwrap(),
            3.0,
            "past its end a path holds its last value"
        );
        // Out of declaration order too.
        assert_eq!(p.at("a.y", 1).unwrap(), 2.0);
        assert_eq!(p.at("a.x", 1).unwrap(), 1.0);
        assert!(p.scalar("a.z").unwrap_err().contains("does not declare"));
        let empty = ForecastInput {
            params: vec![],
            ..input.clone()
        };
        assert_eq!(
            Params::new(&empty, DECLS).unwrap().scalar("a.y").unwrap(),
            5.0,
            "no values: defaults"
        );
    }

    #[test]
    fn bad_inputs_are_refused_with_the_parameter_named() {
        let mut input = Params::input(DECLS, 2, &[("a.x", ParamValue::Scalar(3.0))]).unwrap();
        assert!(
            Params::new(&input, DECLS)
                .unwrap_err()
                .contains("`a.x` = 3 is outside its range [0, 2]")
        );
        input.params[0] = ParamValue::Path(vec![1.0]);
        assert!(
            Params::new(&input, DECLS)
                .unwrap_err()
                .contains("path of 1 values for a horizon of 2")
        );
        input.params.pop();
        assert!(
            Params::new(&input, DECLS)
                .unwrap_err()
                .contains("1 parameter values for the 2")
        );
        assert!(Params::input(DECLS, 2, &[("b", ParamValue::Scalar(0.0))]).is_err());
    }
}
