//! The wasmtime engine every plugin runs on, configured for determinism and
//! bounded execution, and a ticker thread that drives the wall-clock backstop.

use crate::error::EngineError;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;
use wasmtime::{Config, Engine};

/// The most native stack a plugin's WebAssembly calls may take (wasmtime's
/// default), past which a call traps with a stack overflow.
pub const MAX_WASM_STACK: usize = 512 * 1024;

/// How often the epoch advances: the wall-clock limit's granularity.
pub const EPOCH_TICK: Duration = Duration::from_millis(10);

/// The engine settings that affect compiled code, beyond what wasmtime's own
/// compatibility hash covers (which ignores NaN canonicalization). Part of
/// the compile-cache key.
const SETTINGS: &str = "epochs=on relaxed-simd=deterministic opt=speed";

/// A configured engine and its fingerprint for the compile cache.
///
/// With `fuel`, compiled code counts every instruction against a budget:
/// deterministic, at some 2-15% of a call in our benchmarks. With
/// `strict_nan`, every float operation that can make a NaN canonicalizes it,
/// so even NaN payload bits are the same on every architecture; it costs 2-5x
/// in float-heavy models and buys nothing for a plugin that never reads a
/// NaN's bits (arithmetic on non-NaN values is IEEE-exact everywhere, and
/// the host refuses NaN in any output), so it is off by default.
pub fn new_engine(fuel: bool, strict_nan: bool) -> Result<(Engine, String), EngineError> {
    let mut config = Config::new();
    config
        .wasm_component_model(true)
        // CPU budget, deterministic: the same call always stops at the same point.
        .consume_fuel(fuel)
        // The wall-clock backstop for host-side waits fuel does not see.
        .epoch_interruption(true)
        .cranelift_nan_canonicalization(strict_nan)
        .relaxed_simd_deterministic(true)
        .cranelift_opt_level(wasmtime::OptLevel::Speed)
        .max_wasm_stack(MAX_WASM_STACK);
    // For profiling a plugin: /tmp/perf-PID.map names its functions for `perf`.
    if std::env::var_os("FORECAST_PERFMAP").is_some() {
        config.profiler(wasmtime::ProfilingStrategy::PerfMap);
    }
    let engine = Engine::new(&config).map_err(|e| EngineError(e.to_string()))?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut h);
    let fingerprint = format!(
        "fuel={fuel} nan-canonicalization={strict_nan} {SETTINGS} wasmtime-compat={:016x}",
        h.finish()
    );
    Ok((engine, fingerprint))
}

/// Advances the engine's epoch every [`EPOCH_TICK`] until dropped.
pub struct Ticker {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Ticker {
    pub fn start(engine: &Engine) -> Ticker {
        let stop = Arc::new(AtomicBool::new(false));
        let (engine, flag) = (engine.clone(), stop.clone());
        let thread = std::thread::Builder::new()
            .name("forecast-epoch".into())
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    std::thread::sleep(EPOCH_TICK);
                    engine.increment_epoch();
                }
            })
            .ok();
        Ticker { stop, thread }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
