//! The sandbox a plugin runs in: a virtual WASI with nothing real behind it,
//! a memory cap across all its linear memories, and seeded randomness.
//!
//! Toolchains (Rust `wasm32-wasip2`, componentize-py, componentize-js,
//! wasi-libc) import WASI even when the model never uses it, so the host
//! provides it, but empty: no preopened directories, no environment or
//! arguments, no sockets or name lookup, stdin closed, clocks frozen at a
//! fixed instant, randomness a deterministic stream reseeded for every call
//! from the call's seed, stdout and stderr captured into the plugin's log.
//! A sleep ends at once ([`add_frozen_sleep`]): time is frozen, and a host
//! thread waiting out a plugin's sleep is beyond any wall-clock limit.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use wasmtime::ResourceLimiter;
use wasmtime::component::{Linker, Resource, ResourceTable};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::p2::{DynPollable, Pollable};
use wasmtime_wasi::{HostMonotonicClock, HostWallClock, WasiCtx, WasiCtxView, WasiView};

/// The instant every plugin sees as "now": 2006-12-13T00:00:00Z, the op-ed's
/// date, so a plugin cannot tell when or how long it runs.
pub const FROZEN_UNIX_SECONDS: u64 = 1_165_968_000;

/// Bytes of stdout plus stderr kept per plugin instance.
const LOG_CAPACITY: usize = 64 * 1024;

/// A memory cap across all the linear memories and tables of one store.
pub struct MemoryCap {
    pub limit: usize,
    used: usize,
    pub exceeded: bool,
}

impl ResourceLimiter for MemoryCap {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _max: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let used = self.used - current.min(self.used) + desired;
        if used > self.limit {
            self.exceeded = true;
            // An error (not `false`) traps the guest at once, the same way in every language.
            return Err(wasmtime::Error::msg("memory cap exceeded"));
        }
        self.used = used;
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _max: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= 1 << 20)
    }

    fn instances(&self) -> usize {
        64
    }
    fn memories(&self) -> usize {
        64
    }
    fn tables(&self) -> usize {
        256
    }
}

struct FrozenWallClock;
impl HostWallClock for FrozenWallClock {
    fn resolution(&self) -> Duration {
        Duration::from_secs(1)
    }
    fn now(&self) -> Duration {
        Duration::from_secs(FROZEN_UNIX_SECONDS)
    }
}

struct FrozenMonotonicClock;
impl HostMonotonicClock for FrozenMonotonicClock {
    fn resolution(&self) -> u64 {
        1_000_000_000
    }
    fn now(&self) -> u64 {
        0
    }
}

/// A clock deadline that has passed as soon as it is set.
struct Elapsed;

impl Pollable for Elapsed {
    fn ready<'a, 'b>(&'a mut self) -> Pin<Box<dyn Future<Output = ()> + Send + 'b>>
    where
        'a: 'b,
        Self: 'b,
    {
        Box::pin(std::future::ready(()))
    }
}

/// The WASI version of `wasi:clocks/monotonic-clock` that wasmtime-wasi
/// provides (a plugin's 0.2.x import resolves to it).
const MONOTONIC_CLOCK: &str = "wasi:clocks/monotonic-clock@0.2.12";

/// Replaces WASI's sleeps (`subscribe-duration`, `subscribe-instant` of the
/// monotonic clock) with deadlines that have already passed. The host
/// cannot interrupt itself: while it waits out a plugin's sleep, neither
/// fuel nor the epoch deadline runs, so a plugin sleeping for an hour would
/// hold a worker thread for an hour. With the clocks frozen, no time passes
/// in a sleep anyway; a plugin that sleeps in a loop spins, and its CPU
/// budget or wall-clock limit stops it.
pub fn add_frozen_sleep(linker: &mut Linker<Sandbox>) -> wasmtime::Result<()> {
    linker.allow_shadowing(true);
    let mut clock = linker.instance(MONOTONIC_CLOCK)?;
    for name in ["subscribe-duration", "subscribe-instant"] {
        clock.func_wrap(
            name,
            |mut store: wasmtime::StoreContextMut<'_, Sandbox>,
             (_,): (u64,)|
             -> wasmtime::Result<(Resource<DynPollable>,)> {
                let table = &mut store.data_mut().table;
                let elapsed = table.push(Elapsed)?;
                Ok((wasmtime_wasi::p2::subscribe(table, elapsed)?,))
            },
        )?;
    }
    linker.allow_shadowing(false);
    Ok(())
}

/// SplitMix64 over a state shared with the host, which resets it per call.
struct SeededRandom(Arc<AtomicU64>);

impl rand_core::TryRng for SeededRandom {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((self.try_next_u64()? >> 32) as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let state = self
            .0
            .fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed)
            .wrapping_add(0x9e37_79b9_7f4a_7c15);
        Ok(forecast_core::rng::mix64(state))
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dest.chunks_mut(8) {
            let bytes = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}

/// The data of one plugin store.
pub struct Sandbox {
    wasi: WasiCtx,
    table: ResourceTable,
    pub memory: MemoryCap,
    random_state: Arc<AtomicU64>,
    stdout: MemoryOutputPipe,
    stderr: MemoryOutputPipe,
}

impl WasiView for Sandbox {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl Sandbox {
    pub fn new(memory_limit: usize) -> Sandbox {
        let random_state = Arc::new(AtomicU64::new(0));
        let (stdout, stderr) = (
            MemoryOutputPipe::new(LOG_CAPACITY),
            MemoryOutputPipe::new(LOG_CAPACITY),
        );
        let wasi = WasiCtx::builder()
            .stdout(stdout.clone())
            .stderr(stderr.clone())
            .wall_clock(FrozenWallClock)
            .monotonic_clock(FrozenMonotonicClock)
            .secure_random(SeededRandom(random_state.clone()))
            .insecure_random(SeededRandom(random_state.clone()))
            .insecure_random_seed(0)
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .build();
        Sandbox {
            wasi,
            table: ResourceTable::new(),
            memory: MemoryCap {
                limit: memory_limit,
                used: 0,
                exceeded: false,
            },
            random_state,
            stdout,
            stderr,
        }
    }

    /// Reseeds the plugin's randomness for a call.
    pub fn reseed(&self, seed: u64) {
        self.random_state.store(seed, Ordering::Relaxed);
    }

    /// What the plugin wrote to stdout and stderr so far, as lines of text
    /// with every other control character escaped.
    pub fn log(&self) -> String {
        let mut out = String::from_utf8_lossy(&self.stdout.contents()).into_owned();
        let err = self.stderr.contents();
        if !err.is_empty() {
            out.push_str(&String::from_utf8_lossy(&err));
        }
        forecast_core::text::printable_lines(&out).into_owned()
    }
}
