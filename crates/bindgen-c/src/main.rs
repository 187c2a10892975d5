//! Regenerates `plugins/sdk/c/bindings/` from `wit/model.wit`.

fn main() -> std::process::ExitCode {
    let dir = forecast_bindgen_c::bindings_dir();
    let files = match forecast_bindgen_c::generate(&forecast_bindgen_c::root().join("wit")) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    for (name, text) in files {
        let path = dir.join(&name);
        if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, text)) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return std::process::ExitCode::from(3);
        }
        println!("wrote {}", path.display());
    }
    std::process::ExitCode::SUCCESS
}
