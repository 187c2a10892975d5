//! Test plugin `zdt1`: the ZDT1 problem (Zitzler, Deb & Thiele 2000) over
//! three levers in [0, 1], x1 = `levers.china_enforcement`, x2 =
//! `levers.joint_stabilisation_plan`, x3 = `levers.inducements`:
//! f1 = x1, g = 1 + 9 (x2 + x3) / 2, f2 = g (1 - sqrt(f1 / g)), both to
//! minimise, emitted every year as `zdt1.f1` and `zdt1.f2`. Its Pareto front
//! is f2 = 1 - sqrt(f1) (x2 = x3 = 0), whose hypervolume against (1, 1) is
//! 2/3: a known answer for the search of `forecast decide`. Each lever is
//! read in the start year.

use forecast_sdk::{
    ForecastBuilder, ForecastInput, ForecastOutput, IndicatorSpec, ModelInfo, ParamDecl, Params,
};

struct Plugin;

const PARAMS: &[ParamDecl] = &[
    ParamDecl::shared("levers.china_enforcement"),
    ParamDecl::shared("levers.joint_stabilisation_plan"),
    ParamDecl::shared("levers.inducements"),
];

fn indicator(name: &str, description: &str) -> IndicatorSpec {
    IndicatorSpec {
        name: name.into(),
        description: description.into(),
        unit: "".into(),
    }
}

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        ModelInfo {
            id: "zdt1".into(),
            name: "test: ZDT1 over three levers".into(),
            version: "0.0.0".into(),
            summary: "f1 = x1, f2 = g (1 - sqrt(x1 / g)), g = 1 + 9 (x2 + x3) / 2: a known Pareto front".into(),
            references: vec!["Zitzler, E., Deb, K. & Thiele, L. (2000). Comparison of multiobjective evolutionary algorithms: empirical results. Evolutionary Computation 8(2), 173-195.".into()],
            parameters: ParamDecl::specs(PARAMS),
            outcomes: vec!["nuclear-status-quo".into()],
            indicators: vec![
                indicator("zdt1.f1", "f1 = x1"),
                indicator("zdt1.f2", "f2 = g (1 - sqrt(f1 / g))"),
            ],
        }
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        let p = Params::new(input, PARAMS)?;
        let x1 = p.at("levers.china_enforcement", 0)?;
        let x2 = p.at("levers.joint_stabilisation_plan", 0)?;
        let x3 = p.at("levers.inducements", 0)?;
        let g = 1.0 + 9.0 * (x2 + x3) / 2.0;
        let f2 = g * (1.0 - (x1 / g).sqrt());
        let horizon = input.horizon as usize;
        ForecastBuilder::new(horizon)
            .outcome("nuclear-status-quo", 1.0)
            .series("zdt1.f1", vec![x1; horizon])
            .series("zdt1.f2", vec![f2; horizon])
            .build()
    }
}

forecast_sdk::export_model!(Plugin);
