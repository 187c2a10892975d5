//! What the command-line tests share: running `forecast`, the project-local
//! toolchains for plugins in other languages, and building those plugins.
#![allow(dead_code)] // each test binary uses its own part

pub mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `forecast` from `dir` with a private compile cache.
pub fn forecast_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_forecast"))
        .args(args)
        .current_dir(dir)
        .env("FORECAST_CACHE_DIR", root().join("target/test-cache"))
        .output()
        .expect("run forecast")
}

/// `forecast` from the workspace root.
pub fn forecast(args: &[&str]) -> Output {
    forecast_in(&root(), args)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The project-local toolchains (`tools/setup`): componentize-py, zig,
/// wasm-tools, componentize-qjs. Their absence is a failure, never a skip:
/// README's test command installs them.
pub fn tools_bin() -> PathBuf {
    let bin = root().join(".tools/bin");
    for tool in ["componentize-py", "zig", "wasm-tools", "componentize-qjs"] {
        assert!(
            bin.join(tool).exists(),
            "{} is missing: run `tools/setup` first (README.md's test command does), which installs \
             the plugin toolchains into .tools/ and tools/node_modules/",
            bin.join(tool).display()
        );
    }
    bin
}

/// PATH with the project-local toolchains first.
pub fn tool_path() -> std::ffi::OsString {
    let mut paths = vec![tools_bin()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).expect("PATH")
}

/// Runs a build or test command with the toolchains on PATH; panics with
/// its output when it fails.
pub fn run_tool(dir: &Path, program: &str, args: &[&str]) -> Output {
    let o = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PATH", tool_path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} in {}: {e}", dir.display()));
    assert!(
        o.status.success(),
        "`{program} {}` in {} failed:\n{}\n{}",
        args.join(" "),
        dir.display(),
        stdout(&o),
        stderr(&o)
    );
    o
}

/// A hash of every file below `dirs` (names and contents), to rebuild a
/// plugin only when its sources changed.
pub fn sources_hash(dirs: &[PathBuf]) -> String {
    use std::hash::{Hash, Hasher};
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = dirs.to_vec();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if ["build", "node_modules", "__pycache__", "snapshots"].contains(&name) {
                continue;
            }
            for e in std::fs::read_dir(&p).unwrap().flatten() {
                stack.push(e.path());
            }
        } else {
            files.push(p);
        }
    }
    files.sort();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in files {
        f.hash(&mut h);
        std::fs::read(&f).unwrap_or_default().hash(&mut h);
    }
    format!("{:016x}", h.finish())
}

/// A plugin of another language built from source by its own recipe into
/// `target/polyglot/<name>.wasm`, rebuilt only when a source changed.
pub fn build_plugin(name: &str, sources: &[&str], recipe: &[&str]) -> PathBuf {
    let out_dir = root().join("target/polyglot");
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = out_dir.join(format!("{name}.wasm"));
    let stamp = out_dir.join(format!("{name}.sources"));
    let dirs: Vec<PathBuf> = sources.iter().map(|s| root().join(s)).collect();
    let hash = sources_hash(&dirs);
    let fresh = out.exists() && std::fs::read_to_string(&stamp).is_ok_and(|s| s == hash);
    if !fresh {
        let (program, args) = recipe.split_first().expect("a recipe");
        let args: Vec<String> = args
            .iter()
            .map(|a| a.replace("{out}", out.to_str().unwrap()))
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_tool(&dirs[0], program, &args);
        assert!(
            out.exists(),
            "{} built no {}",
            recipe.join(" "),
            out.display()
        );
        std::fs::write(&stamp, hash).unwrap();
    }
    out
}

/// Debian's `chromium` (or another Chromium) on the PATH; `None` after
/// saying what to install, unless FORECAST_REQUIRE_CHROMIUM=1 (as `.ci/run`
/// sets), where its absence fails the browser test of `what`.
pub fn chromium(what: &str) -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let path = std::env::var_os("PATH")?;
            std::env::split_paths(&path)
                .map(|d| d.join(name))
                .find(|p| p.exists())
        });
    if found.is_none() {
        let message = format!(
            "headless Chromium is not installed: install Debian's `chromium` package \
             (sudo apt-get install chromium) to run the browser test of {what}"
        );
        if std::env::var("FORECAST_REQUIRE_CHROMIUM").as_deref() == Ok("1") {
            panic!("{message}");
        }
        eprintln!("SKIPPED: {message}");
    }
    found
}
