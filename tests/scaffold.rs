//! `forecast new` in every language: the scaffold builds by its own recipe,
//! passes `forecast test` (conformance checks and the snapshot it ships
//! with), and runs in `forecast compare`. One test per language, each in
//! a fresh folder under target/scaffold/.

mod common;

use common::{forecast_in, root, run_tool, stderr, stdout};
use std::path::{Path, PathBuf};

/// Scaffolds `lang` as the model `demo-<lang>` in a fresh folder.
fn scaffold(lang: &str) -> (PathBuf, String) {
    let id = format!("demo-{lang}");
    let dir = root().join("target/scaffold").join(lang);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
    let o = forecast_in(
        &root(),
        &["new", &id, "--lang", lang, "--dir", dir.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("created "), "{}", stdout(&o));
    (dir, id)
}

/// What the scaffold's own README promises: it passes `forecast test`
/// (conformance checks and the example scenario's snapshot) and compares
/// beside the built-in models.
fn check(dir: &Path, wasm: &str, id: &str) {
    let test = forecast_in(dir, &["test", wasm]);
    assert_eq!(
        test.status.code(),
        Some(0),
        "forecast test in {}:\n{}{}",
        dir.display(),
        stdout(&test),
        stderr(&test)
    );
    assert!(
        stdout(&test).contains(&format!("ok    {id}@example")),
        "{}",
        stdout(&test)
    );
    assert!(
        !dir.join(format!("snapshots/{id}@example.snap.new"))
            .exists(),
        "a passing test leaves nothing pending"
    );
    let compare = forecast_in(
        dir,
        &["compare", "scenarios/example.toml", "--plugin", wasm],
    );
    assert_eq!(compare.status.code(), Some(0), "{}", stderr(&compare));
    assert!(
        stdout(&compare)
            .lines()
            .any(|l| l.starts_with(&format!("{id} "))),
        "{}",
        stdout(&compare)
    );
}

#[test]
fn a_rust_scaffold_builds_tests_and_compares() {
    let (dir, id) = scaffold("rust");
    // One target directory for every run, so the SDK compiles once.
    let target = root().join("target/scaffold-target");
    for args in [
        &["test", "--release", "-q"][..],
        &["build", "--release", "--target", "wasm32-wasip2", "-q"],
    ] {
        let o = std::process::Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        assert!(o.status.success(), "cargo {args:?}:\n{}", stderr(&o));
    }
    let wasm = target.join("wasm32-wasip2/release/demo_rust.wasm");
    check(&dir, wasm.to_str().unwrap(), &id);
}

#[test]
fn a_python_scaffold_builds_tests_and_compares() {
    let (dir, id) = scaffold("python");
    run_tool(
        &dir,
        "python3",
        &["-m", "unittest", "discover", "-s", "tests", "-q"],
    );
    run_tool(&dir, "./build.sh", &[]);
    check(&dir, &format!("build/{id}.wasm"), &id);
}

#[test]
fn a_js_scaffold_builds_tests_and_compares() {
    let (dir, id) = scaffold("js");
    run_tool(&dir, "node", &["--test"]);
    // As its README says: the toolchain from npm into the scaffold's own
    // node_modules, then the package's build script.
    run_tool(
        &dir,
        "npm",
        &["install", "--no-audit", "--no-fund", "--loglevel=error"],
    );
    run_tool(&dir, "npm", &["run", "build"]);
    check(&dir, &format!("build/{id}.wasm"), &id);
}

#[test]
fn a_c_scaffold_builds_tests_and_compares() {
    let (dir, id) = scaffold("c");
    run_tool(&dir, "make", &["-s"]);
    check(&dir, &format!("build/{id}.wasm"), &id);
}

#[test]
fn new_refuses_a_bad_id_and_a_folder_in_use() {
    let o = forecast_in(&root(), &["new", "My Model", "--lang", "python"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a model id"), "{}", stderr(&o));
    let o = forecast_in(
        &root(),
        &["new", "taken", "--lang", "c", "--dir", "scenarios"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("already exists and is not empty"),
        "{}",
        stderr(&o)
    );
}
