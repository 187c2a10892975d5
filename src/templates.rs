//! The plugin templates `forecast new` writes, embedded in the binary: one
//! folder per language under `plugins/templates/`, plus what every
//! language's scaffold gets (the contract, an example scenario and its
//! snapshot) and each language's helper from `plugins/sdk/`.
//!
//! Placeholders in paths and texts: `{{id}}` (the model id, `my-model`),
//! `{{ident}}` (the same as an identifier, `my_model`) and `{{sdk}}` (Rust
//! only: the path of `crates/sdk`).

/// A language `forecast new` scaffolds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Rust with the project's SDK (cargo, wasm32-wasip2).
    Rust,
    /// Python with componentize-py.
    Python,
    /// JavaScript with componentize-qjs.
    Js,
    /// C with zig cc (wasi-libc) and wasm-tools.
    C,
}

/// One file of a scaffold: its path in the new folder, its text, and
/// whether it is a script to run.
#[derive(Debug, Clone, Copy)]
pub struct File {
    pub path: &'static str,
    pub text: &'static str,
    pub executable: bool,
    /// Where the text comes from, in the project (for the test that
    /// every template file is embedded).
    #[cfg_attr(not(test), allow(dead_code))]
    pub source: &'static str,
}

macro_rules! files {
    ($($path:literal <= $source:literal $(, $exec:ident)?;)*) => {
        &[$(File {
            path: $path,
            text: include_str!(concat!("../", $source)),
            executable: files!(@exec $($exec)?),
            source: $source,
        }),*]
    };
    (@exec executable) => { true };
    (@exec) => { false };
}

/// What every scaffold gets.
const COMMON: &[File] = files! {
    "wit/model.wit" <= "wit/model.wit";
    "scenarios/example.toml" <= "plugins/templates/common/scenarios/example.toml";
    "snapshots/{{id}}@example.snap" <= "plugins/templates/common/snapshots/{{id}}@example.snap";
};

const RUST: &[File] = files! {
    "Cargo.toml" <= "plugins/templates/rust/Cargo.toml";
    "src/lib.rs" <= "plugins/templates/rust/src/lib.rs";
    "README.md" <= "plugins/templates/rust/README.md";
    ".gitignore" <= "plugins/templates/rust/.gitignore";
    // Pins the SDK's dependencies to the versions the project tests with
    // (cargo drops the entries the plugin does not use).
    "Cargo.lock" <= "Cargo.lock";
};

const PYTHON: &[File] = files! {
    "model.py" <= "plugins/templates/python/model.py";
    "app.py" <= "plugins/templates/python/app.py";
    "tests/test_model.py" <= "plugins/templates/python/tests/test_model.py";
    "pyproject.toml" <= "plugins/templates/python/pyproject.toml";
    "build.sh" <= "plugins/templates/python/build.sh", executable;
    "README.md" <= "plugins/templates/python/README.md";
    ".gitignore" <= "plugins/templates/python/.gitignore";
    "forecast_model.py" <= "plugins/sdk/python/forecast_model.py";
    "forecast_priors.py" <= "plugins/sdk/python/forecast_priors.py";
};

const JS: &[File] = files! {
    "model.js" <= "plugins/templates/js/model.js";
    "component.js" <= "plugins/templates/js/component.js";
    "tests/model.test.js" <= "plugins/templates/js/tests/model.test.js";
    "package.json" <= "plugins/templates/js/package.json";
    "build.sh" <= "plugins/templates/js/build.sh", executable;
    "README.md" <= "plugins/templates/js/README.md";
    ".gitignore" <= "plugins/templates/js/.gitignore";
    "forecast-model.js" <= "plugins/sdk/js/forecast-model.js";
    "forecast-priors.js" <= "plugins/sdk/js/forecast-priors.js";
};

const C: &[File] = files! {
    "model.c" <= "plugins/templates/c/model.c";
    "Makefile" <= "plugins/templates/c/Makefile";
    "README.md" <= "plugins/templates/c/README.md";
    ".gitignore" <= "plugins/templates/c/.gitignore";
    "forecast_model.h" <= "plugins/sdk/c/forecast_model.h";
    "forecast_model.c" <= "plugins/sdk/c/forecast_model.c";
    "forecast_priors.h" <= "plugins/sdk/c/forecast_priors.h";
    "bindings/plugin.h" <= "plugins/sdk/c/bindings/plugin.h";
    "bindings/plugin.c" <= "plugins/sdk/c/bindings/plugin.c";
};

/// The files of a scaffold in `lang`, common ones included.
pub fn files(lang: Lang) -> impl Iterator<Item = &'static File> {
    let own = match lang {
        Lang::Rust => RUST,
        Lang::Python => PYTHON,
        Lang::Js => JS,
        Lang::C => C,
    };
    COMMON.iter().chain(own)
}

/// The template folders of each language (its own and the common one),
/// for the test that checks every file in them is embedded.
#[cfg(test)]
pub fn folders(lang: Lang) -> [&'static str; 2] {
    let own = match lang {
        Lang::Rust => "plugins/templates/rust",
        Lang::Python => "plugins/templates/python",
        Lang::Js => "plugins/templates/js",
        Lang::C => "plugins/templates/c",
    };
    [own, "plugins/templates/common"]
}

/// `text` with the placeholders filled in.
pub fn fill(text: &str, id: &str, sdk: &str) -> String {
    text.replace("{{id}}", id)
        .replace("{{ident}}", &id.replace('-', "_"))
        .replace("{{sdk}}", sdk)
}
