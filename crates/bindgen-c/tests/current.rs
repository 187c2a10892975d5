//! The committed C bindings are what the generator makes of the contract today.

#[test]
fn committed_c_bindings_are_current() {
    let files = forecast_bindgen_c::generate(&forecast_bindgen_c::root().join("wit")).unwrap();
    assert_eq!(
        files.len(),
        2,
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (name, text) in files {
        let path = forecast_bindgen_c::bindings_dir().join(&name);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{} is not what wit/model.wit generates today; regenerate with `cargo run -p forecast-bindgen-c` (or `just c-bindings`)",
            path.display()
        );
    }
}
