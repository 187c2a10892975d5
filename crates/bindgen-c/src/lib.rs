//! `forecast-bindgen-c`: the C bindings of the contract (`wit/model.wit`,
//! world `plugin`), as `wit-bindgen c` would write them.
//!
//! C plugins compile against the committed copy in
//! `plugins/sdk/c/bindings/` (so building one needs no Rust tools); this
//! crate regenerates that copy (`cargo run -p forecast-bindgen-c`, or `just
//! c-bindings`) and its test fails when the copy is out of date. It is not
//! a build step of anything else, and it does not compile C.

use std::path::{Path, PathBuf};
use wit_bindgen_core::wit_parser::Resolve;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where the committed bindings live.
pub fn bindings_dir() -> PathBuf {
    root().join("plugins/sdk/c/bindings")
}

/// The generated files, by name: `plugin.h` and `plugin.c`. The generator's
/// object file with the component type is left out: C plugins embed the
/// contract with `wasm-tools component embed` instead, which needs no
/// binary file in the repository.
pub fn generate(wit_dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut resolve = Resolve::default();
    let (package, _) = resolve
        .push_path(wit_dir)
        .map_err(|e| format!("cannot read {}: {e:#}", wit_dir.display()))?;
    let world = resolve
        .select_world(&[package], Some("plugin"))
        .map_err(|e| format!("{e:#}"))?;
    let opts = wit_bindgen_c::Opts {
        no_object_file: true,
        ..Default::default()
    };
    let mut files = wit_bindgen_core::Files::default();
    opts.build()
        .generate(&resolve, world, &mut files)
        .map_err(|e| format!("{e:#}"))?;
    files
        .iter()
        .map(|(name, bytes)| {
            String::from_utf8(bytes.to_vec())
                .map(|text| (name.to_string(), text))
                .map_err(|_| format!("{name} is not UTF-8"))
        })
        .collect()
}
