//! Peak memory of `forecast compare` on the baseline scenario (the three
//! built-in models) against the number of samples: it must stay flat, the
//! run at 10^6 samples within 1.5x of the run at 10^3.
//!
//! Run with `cargo bench --bench memory` (or `just bench`); set
//! `FORECAST_BENCH_MAX_SAMPLES` to stop earlier than 10^6. Each run is
//! measured alone: the bench re-runs itself once per sample count, and that
//! child reads its own child's peak resident set from `getrusage`.

use std::process::Command;
use std::time::Instant;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs `forecast compare` once and prints its peak RSS in KiB and seconds.
fn measure(samples: &str) {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_forecast"))
        .args(["compare", "scenarios/korea-2006.toml", "--samples", samples])
        .current_dir(ROOT)
        .env("FORECAST_CACHE_DIR", format!("{ROOT}/target/bench-cache"))
        .output()
        .expect("forecast runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seconds = start.elapsed().as_secs_f64();
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut u), 0);
        u
    };
    println!("{} {seconds}", usage.ru_maxrss);
}

fn measure_quietly(samples: &str) {
    Command::new(std::env::current_exe().unwrap())
        .args(["--measure", samples])
        .output()
        .unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--measure") {
        measure(&args[i + 1]);
        return;
    }
    if args.iter().any(|a| a == "--list") {
        return;
    }
    let max: u64 = std::env::var("FORECAST_BENCH_MAX_SAMPLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    println!("peak memory of `forecast compare scenarios/korea-2006.toml --samples N` (3 models)");
    println!(
        "{:>10}  {:>10}  {:>9}  {:>8}",
        "N", "peak MiB", "vs 10^3", "seconds"
    );
    // Fill the compile cache first: compiling is not what is measured.
    measure_quietly("1");
    let mut base = None;
    for n in [1_000u64, 10_000, 100_000, 1_000_000]
        .into_iter()
        .filter(|n| *n <= max)
    {
        let out = Command::new(std::env::current_exe().unwrap())
            .args(["--measure", &n.to_string()])
            .output()
            .unwrap();
        let line = String::from_utf8_lossy(&out.stdout);
        let mut fields = line.split_whitespace();
        let kib: f64 = fields
            .next()
            .and_then(|v| v.parse().ok())
            .expect("a measurement");
        let seconds: f64 = fields.next().and_then(|v| v.parse().ok()).unwrap();
        let base = *base.get_or_insert(kib);
        println!(
            "{n:>10}  {:>10.1}  {:>8.2}x  {seconds:>8.1}",
            kib / 1024.0,
            kib / base
        );
    }
}
