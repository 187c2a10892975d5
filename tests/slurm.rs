//! A sharded run on a real Slurm: a single-node cluster started for the
//! test (tools/slurm/cluster.sh), a job array of 4 shards submitted with
//! the project's sbatch script, the parts merged, and the bits compared
//! with the unsharded run. Without Slurm on the machine the same shards
//! run as local processes, and the test says so; `.ci/run` installs Slurm
//! and sets FORECAST_REQUIRE_SLURM=1, which makes Slurm mandatory.

mod common;

use common::{forecast, forecast_in, root, stderr, stdout};
use std::path::Path;
use std::process::Command;

const SHARDS: u32 = 4;
/// 1,100 samples: five blocks of 256, so the fourth shard gets two.
const RUN: [&str; 4] = [
    "scenarios/korea-2006.toml",
    "scenarios/leader-death.toml",
    "--samples",
    "1100",
];

fn on_path(program: &str) -> bool {
    [
        "/usr/sbin",
        "/usr/bin",
        "/sbin",
        "/bin",
        "/usr/local/sbin",
        "/usr/local/bin",
    ]
    .iter()
    .any(|d| Path::new(d).join(program).exists())
}

#[test]
fn a_slurm_array_of_shards_merges_to_the_bits_of_the_whole_run() {
    let dir = root().join("target/slurm-test");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let scenarios: Vec<String> = RUN[..2]
        .iter()
        .map(|s| root().join(s).display().to_string())
        .collect();
    let args: Vec<&str> = scenarios
        .iter()
        .map(String::as_str)
        .chain(RUN[2..].iter().copied())
        .collect();

    let slurm = ["slurmctld", "slurmd", "munged", "mungekey", "sbatch"];
    let missing: Vec<&str> = slurm.iter().copied().filter(|p| !on_path(p)).collect();
    if missing.is_empty() {
        let o = Command::new(root().join("tools/slurm/array-test.sh"))
            .arg(SHARDS.to_string())
            .args(&args)
            .current_dir(&dir)
            .env("FORECAST", env!("CARGO_BIN_EXE_forecast"))
            .env("FORECAST_CACHE_DIR", root().join("target/test-cache"))
            .env("SLURM_TEST_DIR", dir.join("cluster"))
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "the Slurm array failed:\n{}{}",
            stdout(&o),
            stderr(&o)
        );
        assert!(
            stdout(&o).contains(&format!("{SHARDS} of {SHARDS} tasks completed")),
            "{}",
            stdout(&o)
        );
    } else {
        assert!(
            std::env::var_os("FORECAST_REQUIRE_SLURM").is_none(),
            "Slurm is required (FORECAST_REQUIRE_SLURM) but {} not found: apt-get install slurm-wlm munge",
            missing.join(", ")
        );
        eprintln!(
            "Slurm not found ({} missing): the {SHARDS} shards run as local processes instead",
            missing.join(", ")
        );
        for k in 0..SHARDS {
            let shard = format!("{k}/{SHARDS}");
            let o = forecast_in(
                &dir,
                &[&["compare"][..], &args, &["--shard", &shard]].concat(),
            );
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        }
    }
    let mut parts: Vec<String> = std::fs::read_dir(dir.join("parts"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    parts.sort();
    assert_eq!(parts.len(), 2 * SHARDS as usize, "{parts:?}");
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    let merged = forecast(&[&["merge", "--format", "json"][..], &refs].concat());
    assert_eq!(merged.status.code(), Some(0), "{}", stderr(&merged));
    let whole = forecast(&[&["compare"][..], &args, &["--format", "json"]].concat());
    assert!(
        stdout(&whole) == stdout(&merged),
        "the merged report differs from the unsharded run's"
    );
}
