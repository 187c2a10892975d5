//! Declared parameters and their lookup in a forecast input.

use crate::{ForecastInput, ParamSpec, ParamValue};

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

/// Typed access to one call's parameter values, falling back to the declared
/// default for a parameter the input leaves out (the host always fills them
/// in; native callers and tests need not).
#[derive(Debug, Clone, Copy)]
pub struct Params<'a> {
    input: &'a ForecastInput,
    decls: &'a [ParamDecl],
}

impl<'a> Params<'a> {
    /// Checks that every value in `input` is declared and in range, and that
    /// every path has one value per year.
    pub fn new(input: &'a ForecastInput, decls: &'a [ParamDecl]) -> Result<Self, String> {
        for p in &input.params {
            let Some(decl) = decls.iter().find(|d| d.name == p.name) else {
                return Err(format!(
                    "parameter `{}` is not declared by this model",
                    p.name
                ));
            };
            let values: &[f64] = match &p.value {
                ParamValue::Scalar(v) => std::slice::from_ref(v),
                ParamValue::Path(path) => {
                    if path.len() != input.horizon as usize {
                        return Err(format!(
                            "parameter `{}` has a path of {} values for a horizon of {} years",
                            p.name,
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
                    p.name, decl.min, decl.max
                ));
            }
        }
        Ok(Params { input, decls })
    }

    /// Number of yearly steps.
    pub fn horizon(&self) -> usize {
        self.input.horizon as usize
    }

    fn lookup(&self, name: &str) -> Result<Option<&'a ParamValue>, String> {
        if !self.decls.iter().any(|d| d.name == name) {
            return Err(format!("the model reads `{name}` but does not declare it"));
        }
        Ok(self
            .input
            .params
            .iter()
            .find(|p| p.name == name)
            .map(|p| &p.value))
    }

    fn default_of(&self, name: &str) -> f64 {
        self.decls
            .iter()
            .find(|d| d.name == name)
            .map_or(f64::NAN, |d| d.default)
    }

    /// The value of `name` in year index `t` (0 = start year).
    pub fn at(&self, name: &str, t: usize) -> Result<f64, String> {
        Ok(match self.lookup(name)? {
            Some(ParamValue::Scalar(v)) => *v,
            Some(ParamValue::Path(path)) => path[t.min(path.len().saturating_sub(1))],
            None => self.default_of(name),
        })
    }

    /// The value of `name` in the start year: for parameters read as constants.
    pub fn scalar(&self, name: &str) -> Result<f64, String> {
        self.at(name, 0)
    }

    /// The yearly path of `name`, one value per year of the horizon.
    pub fn path(&self, name: &str) -> Result<Vec<f64>, String> {
        Ok(match self.lookup(name)? {
            Some(ParamValue::Path(path)) => path.clone(),
            Some(ParamValue::Scalar(v)) => vec![*v; self.horizon()],
            None => vec![self.default_of(name); self.horizon()],
        })
    }
}
