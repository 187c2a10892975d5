//! Test plugin: implements `forecast:model@0.2.0`, a version this host does
//! not speak; the host must refuse it at load, naming both versions.

wit_bindgen::generate!({ world: "plugin", path: "wit" });

use exports::forecast::model::model::{ForecastInput, ForecastOutput, Guest, ModelInfo};

struct Plugin;

impl Guest for Plugin {
    fn info() -> ModelInfo {
        ModelInfo {
            id: "wrong-version".into(),
            name: "test: wrong version".into(),
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
