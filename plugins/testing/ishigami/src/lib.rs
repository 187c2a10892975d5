//! Test plugin `ishigami`: the Ishigami function (Ishigami & Homma 1990),
//! f = sin x1 + a sin² x2 + b x3⁴ sin x1 with a = 7, b = 0.1 and x1, x2, x3
//! uniform on [-π, π], the usual test of Sobol estimators: its first-order
//! and total indices are known in closed form.
//!
//! An outcome is a probability, so f is mapped affinely into (0, 1):
//! P(war) = (f + 11) / 29 and P(nuclear-status-quo) its complement. Sobol
//! indices do not change under an affine map of the output.

use forecast_sdk::{ForecastBuilder, ForecastInput, ForecastOutput, ModelInfo, ParamDecl, Params};
use std::f64::consts::PI;

struct Plugin;

const A: f64 = 7.0;
const B: f64 = 0.1;

const fn x(name: &'static str) -> ParamDecl {
    ParamDecl {
        name,
        description: "an input of the Ishigami function, uniform on [-pi, pi]",
        default: 0.0,
        min: -PI,
        max: PI,
        unit: "",
        source: "Ishigami & Homma (1990); Saltelli et al. (2008), Global Sensitivity Analysis: The Primer, 4.6",
    }
}

const PARAMS: &[ParamDecl] = &[x("ishigami.x1"), x("ishigami.x2"), x("ishigami.x3")];

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        ModelInfo {
            id: "ishigami".into(),
            name: "test: the Ishigami function".into(),
            version: "0.0.0".into(),
            summary: "P(war) = (sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1 + 11) / 29: known Sobol indices".into(),
            references: vec!["Ishigami, T. & Homma, T. (1990). An importance quantification technique in uncertainty analysis for computer models.".into()],
            parameters: ParamDecl::specs(PARAMS),
            outcomes: vec!["war".into(), "nuclear-status-quo".into()],
            indicators: vec![],
        }
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        let p = Params::new(input, PARAMS)?;
        let (x1, x2, x3) = (
            p.scalar("ishigami.x1")?,
            p.scalar("ishigami.x2")?,
            p.scalar("ishigami.x3")?,
        );
        let s2 = libm::sin(x2);
        let f = libm::sin(x1) + A * s2 * s2 + B * x3.powi(4) * libm::sin(x1);
        let war = (f + 11.0) / 29.0;
        ForecastBuilder::new(input.horizon as usize)
            .outcome("war", war)
            .outcome("nuclear-status-quo", 1.0 - war)
            .build()
    }
}

forecast_sdk::export_model!(Plugin);
