//! Test plugin: implements the contract but also imports
//! `forecast:model/outside`, which the sandbox does not provide; the host
//! must refuse it at load, naming the import.

wit_bindgen::generate!({ world: "plugin", path: "wit" });

use exports::forecast::model::model::{ForecastInput, ForecastOutput, Guest, ModelInfo};

struct Plugin;

impl Guest for Plugin {
    fn info() -> ModelInfo {
        let _ = forecast::model::outside::fetch("https://example.invalid/");
        ModelInfo {
            id: "imports-outside".into(),
            name: "test: imports outside".into(),
            version: "0.0.0".into(),
            summary: String::new(),
            references: vec![],
            parameters: vec![],
            outcomes: vec![],
            indicators: vec![],
        }
    }

    fn forecast(_: ForecastInput) -> Result<ForecastOutput, String> {
        Err("never called".into())
    }
}

export!(Plugin);
