//! The contract's per-call overhead, measured interleaved: each built-in
//! model's call natively and through the host, in alternating batches, so
//! both see the same machine. On a shared VM whose speed drifts by tens of
//! percent over seconds, criterion's groups (one benchmark after the other)
//! can move a few-microsecond difference by more than itself; paired
//! batches and their quantiles move less (though a busy spell still
//! slows the plugin more than the native call).
//!
//! Run with `cargo bench -p forecast-host --bench overhead [-- ROUNDS
//! MODEL]`. For each model at 20 years it prints the 10th percentile and
//! the median of the batch means (µs per call), natively and as a plugin,
//! and of the paired differences. The 10th percentile is the machine at
//! its quiet best; the median includes its busy spells.

use forecast_host::{Host, HostConfig};
use std::hint::black_box;
use std::time::Instant;

#[path = "support/builtin.rs"]
mod builtin;
#[path = "support/native.rs"]
mod native;

use builtin::{MODELS, inputs, load_all, plan};

/// Calls per batch: long enough to time, short enough to pair closely.
const BATCH: u32 = 500;

fn main() {
    // `cargo bench` passes `--bench`; a number is the rounds per model, a
    // word the one model to measure.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rounds: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(400);
    let only = args
        .iter()
        .find(|a| !a.starts_with('-') && a.parse::<usize>().is_err());
    let host = Host::new(HostConfig::default()).expect("an engine");
    let plugins = load_all(&host);
    let plan = plan(&plugins, 20);
    println!("µs per call, 20 years, {rounds} rounds of {BATCH} calls each way");
    println!(
        "model | native p10 | plugin p10 | gap p10 | native median | plugin median | paired gap median"
    );
    for (id, native) in MODELS {
        if only.is_some_and(|m| m != id) {
            continue;
        }
        let plugin = plugins.iter().find(|p| p.spec.id == id).expect("loaded");
        let (sdk, input) = inputs(plugin, &plan);
        let mut instance = plugin.instantiate(&host).expect("an instance");
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            a.push(per_call(|| drop(black_box(native(black_box(&sdk))))));
            b.push(per_call(|| {
                drop(black_box(instance.forecast(black_box(&input))))
            }));
        }
        let mut gaps: Vec<f64> = a.iter().zip(&b).map(|(x, y)| y - x).collect();
        let (p10, median) = (quantile(0.1), quantile(0.5));
        println!(
            "{id} | {:.2} | {:.2} | {:+.2} | {:.2} | {:.2} | {:+.2}",
            p10(&mut a),
            p10(&mut b),
            p10(&mut b) - p10(&mut a),
            median(&mut a),
            median(&mut b),
            median(&mut gaps),
        );
    }
}

/// Mean µs per call of a batch of `f`.
fn per_call(mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..BATCH {
        f();
    }
    start.elapsed().as_secs_f64() * 1e6 / f64::from(BATCH)
}

fn quantile(q: f64) -> impl Fn(&mut Vec<f64>) -> f64 {
    move |v| {
        v.sort_by(f64::total_cmp);
        v[((v.len() - 1) as f64 * q).round() as usize]
    }
}
