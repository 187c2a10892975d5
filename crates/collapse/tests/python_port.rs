//! The Python port of this model (`benches/ema/collapse.py`, which the EMA
//! Workbench and SALib benchmarks run) agrees with it: a change to the
//! model that the port does not follow fails here, not in a benchmark
//! months later.
//!
//! Runs `benches/ema/check_port.py` (Python 3 and its standard library
//! only) against this crate's `eval` example, which `cargo test` builds
//! beside the tests.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn the_python_port_agrees_with_the_model() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    // target/<profile>/deps/python_port-<hash> -> target/<profile>/examples/eval
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>");
    let eval = profile
        .join("examples")
        .join(format!("eval{}", std::env::consts::EXE_SUFFIX));
    assert!(
        eval.exists(),
        "{} is missing: run `cargo test -p forecast-collapse` (which builds the examples), or `cargo build -p forecast-collapse --example eval` first",
        eval.display()
    );
    let out = Command::new("python3")
        .arg(root.join("benches/ema/check_port.py"))
        .args(["--points", "300", "--eval"])
        .arg(&eval)
        .output()
        .expect("python3 runs (Python 3.11 or later is needed for this test)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the Python port disagrees with the model; follow the change in benches/ema/collapse.py:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("OK: within"), "{stdout}");
}
