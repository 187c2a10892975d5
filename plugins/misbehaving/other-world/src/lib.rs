//! Test plugin: a valid component of another world (it exports
//! `demo:greeter/greet`, not `forecast:model/model`); the host must refuse it
//! at load, saying what it expected and what it found.

wit_bindgen::generate!({ world: "greeter", path: "wit" });

struct Greeter;

impl exports::demo::greeter::greet::Guest for Greeter {
    fn hello(name: String) -> String {
        format!("hello, {name}")
    }
}

export!(Greeter);
