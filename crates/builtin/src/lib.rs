//! `forecast-builtin`: the built-in model plugins, compiled to WebAssembly
//! components when this crate is built and embedded in it, so that
//! `forecast compare` needs no plugin files.
//!
//! Also gives the paths of the plugins that misbehave on purpose (an infinite
//! loop, a memory hog, a trap, invalid probabilities, another contract
//! version, a forbidden import, state kept between calls), for tests of the
//! host. It holds no model code: each model's mathematics is a library crate
//! (`forecast-collapse`) wrapped by a plugin crate under `plugins/`.

include!(concat!(env!("OUT_DIR"), "/plugins.rs"));

/// The path of a misbehaving test plugin by name.
pub fn misbehaving(name: &str) -> Option<&'static str> {
    MISBEHAVING
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, p)| *p)
}

/// The path of a well-behaved test model with known answers (`ishigami`).
pub fn testing(name: &str) -> Option<&'static str> {
    TESTING.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
}
