//! Loading a plugin: recognising a component, checking what it exports and
//! imports, compiling it (through the cache), pre-instantiating it and
//! asking it who it is; and one instance's calls, bounded.

use crate::bounded;
use crate::contract::{self, INTERFACE, VERSION, wit};
use crate::error::{CallError, LoadError};
use crate::lower;
use crate::sandbox::Sandbox;
use crate::{Host, Limits};
use forecast_core::{Forecast, ModelSpec};
use wasmtime::component::types::ComponentItem;
use wasmtime::component::{ComponentExportIndex, Func, TypedFunc};
use wasmtime::{Store, Trap};

/// Where a plugin's bytes come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A component file.
    File(std::path::PathBuf),
    /// Bytes built into the program (the built-in models).
    Embedded { name: String, bytes: &'static [u8] },
}

impl Source {
    /// How the plugin is named in messages.
    pub fn label(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Embedded { name, .. } => format!("built-in {name}"),
        }
    }
}

/// A loaded, checked, pre-instantiated plugin; a clone shares its compiled
/// code.
#[derive(Clone)]
pub struct Plugin {
    /// The file or built-in it came from.
    pub origin: String,
    pub spec: ModelSpec,
    /// Whether its compiled code came from the cache.
    pub cached: bool,
    /// SHA-256 of the component's bytes, in hex: which plugin exactly ran.
    pub digest: String,
    /// The declared indicator names, shared by every forecast's series.
    names: bounded::Names,
    pre: contract::PluginPre<Sandbox>,
    exports: Exports,
}

/// Where the contract's two functions are among a component's exports.
#[derive(Clone)]
struct Exports {
    info: ComponentExportIndex,
    forecast: ComponentExportIndex,
}

/// The contract's functions lifted into size-bounded types
/// ([`crate::bounded`]).
type InfoFn = (bounded::ModelInfo,);
type ForecastFn = (Result<bounded::ForecastOutput, bounded::BoundedString>,);

impl std::fmt::Debug for Plugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugin")
            .field("origin", &self.origin)
            .field("id", &self.spec.id)
            .finish()
    }
}

/// WASI packages a plugin may import; anything else is refused.
const PROVIDED: &[&str] = &[
    "wasi:io/",
    "wasi:clocks/",
    "wasi:random/",
    "wasi:cli/",
    "wasi:filesystem/",
    "wasi:sockets/",
];

fn import_hint(import: &str) -> String {
    if import.starts_with("wasi:http/") {
        "models get no network; with componentize-js disable it (`-d http fetch-event`)".into()
    } else if import.starts_with("wasi:") {
        "only wasi:io, clocks, random, cli, filesystem and sockets (0.2) are provided, all empty; build for WASI 0.2 (wasm32-wasip2)".into()
    } else {
        "a model may import nothing but WASI: remove the import from its world, or use the `plugin` world of wit/model.wit as it is".into()
    }
}

fn check_shape(plugin: &str, bytes: &[u8]) -> Result<(), LoadError> {
    match bytes {
        [0, b'a', b's', b'm', 1, 0, 0, 0, ..] => Err(LoadError::CoreModule {
            plugin: plugin.into(),
        }),
        [0, b'a', b's', b'm', _, _, 1, 0, ..] => Ok(()),
        [0, b'a', b's', b'm', ..] => Err(LoadError::NotWasm {
            plugin: plugin.into(),
            found: "WebAssembly of an unknown version or layer".into(),
        }),
        _ => {
            let head: String = bytes.iter().take(8).map(|b| format!("{b:02x} ")).collect();
            Err(LoadError::NotWasm {
                plugin: plugin.into(),
                found: format!(
                    "the file starts with {}instead of `00 61 73 6d` (\\0asm)",
                    if head.is_empty() {
                        "nothing ".into()
                    } else {
                        head
                    }
                ),
            })
        }
    }
}

impl Plugin {
    pub(crate) fn load(host: &Host, source: &Source) -> Result<Plugin, LoadError> {
        let origin = source.label();
        let owned;
        let bytes: &[u8] = match source {
            Source::File(path) => {
                owned = std::fs::read(path).map_err(|e| LoadError::Read {
                    plugin: origin.clone(),
                    source: e,
                })?;
                &owned
            }
            Source::Embedded { bytes, .. } => bytes,
        };
        check_shape(&origin, bytes)?;
        let compile = |e: wasmtime::Error| {
            let message = bounded::printable(format!("{e:#}"));
            // What wasmparser says of a file that ends before its sections do.
            let cut_short = message.contains("unexpected end-of-file")
                || (message.contains("section range") && message.contains("out of bounds"));
            if cut_short {
                LoadError::Incomplete {
                    plugin: origin.clone(),
                    message: format!("its {} bytes end early ({message})", bytes.len()),
                }
            } else {
                LoadError::Compile {
                    plugin: origin.clone(),
                    message,
                }
            }
        };
        let (component, cached) = match &host.cache {
            Some(cache) => cache
                .load_or_compile(&host.engine, &host.fingerprint, bytes)
                .map_err(compile)?,
            None => (
                wasmtime::component::Component::new(&host.engine, bytes).map_err(compile)?,
                false,
            ),
        };
        let ty = component.component_type();
        let exports: Vec<String> = ty
            .exports(&host.engine)
            .map(|(name, _)| name.to_string())
            .collect();
        let ours = exports
            .iter()
            .find(|e| e.split('@').next() == Some(INTERFACE));
        match ours.and_then(|e| e.split_once('@')).map(|(_, v)| v) {
            Some(v) if v == VERSION => {}
            Some(v) => {
                let changes = contract::CHANGES_SINCE
                    .iter()
                    .find(|(old, _)| *old == v)
                    .map_or_else(
                        || "the contracts differ".to_string(),
                        |(_, what)| what.to_string(),
                    );
                return Err(LoadError::IncompatibleVersion {
                    plugin: origin,
                    expected: VERSION,
                    found: v.to_string(),
                    changes,
                });
            }
            None => {
                if exports.is_empty() && ty.imports(&host.engine).next().is_none() {
                    return Err(LoadError::Incomplete {
                        plugin: origin,
                        message: format!(
                            "it is an empty component of {} bytes, with nothing in it",
                            bytes.len()
                        ),
                    });
                }
                let found = if exports.is_empty() {
                    "nothing".to_string()
                } else {
                    exports.join(", ")
                };
                return Err(LoadError::WrongWorld {
                    plugin: origin,
                    expected: VERSION,
                    found,
                });
            }
        }
        for (import, item) in ty.imports(&host.engine) {
            let provided = PROVIDED.iter().any(|p| import.starts_with(p))
                && matches!(item.ty, ComponentItem::ComponentInstance(_));
            if !provided {
                return Err(LoadError::ForbiddenImport {
                    plugin: origin,
                    import: import.to_string(),
                    hint: import_hint(import),
                });
            }
        }
        let pre = host.linker.instantiate_pre(&component).map_err(|e| {
            let message = format!("{e:#}");
            let import = message.split('`').nth(1).unwrap_or("an import").to_string();
            LoadError::ForbiddenImport {
                plugin: origin.clone(),
                hint: format!("{} ({message})", import_hint(&import)),
                import,
            }
        })?;
        let pre = contract::PluginPre::new(pre).map_err(|e| LoadError::WrongWorld {
            plugin: origin.clone(),
            expected: VERSION,
            found: format!("`{INTERFACE}@{VERSION}` with other function types ({e:#})"),
        })?;
        let interface = component.get_export_index(None, format!("{INTERFACE}@{VERSION}"));
        let export = |name: &str| component.get_export_index(interface.as_ref(), name);
        let (Some(info), Some(forecast)) = (export("info"), export("forecast")) else {
            return Err(LoadError::WrongWorld {
                plugin: origin.clone(),
                expected: VERSION,
                found: format!("`{INTERFACE}@{VERSION}` without `info` or `forecast`"),
            });
        };
        let mut plugin = Plugin {
            origin: origin.clone(),
            // Filled in from its own info() below.
            spec: ModelSpec::default(),
            cached,
            digest: crate::cache::digest(bytes),
            names: bounded::Names::default(),
            pre,
            exports: Exports { info, forecast },
        };
        let mut instance = plugin.instantiate(host).map_err(|error| LoadError::Info {
            plugin: origin.clone(),
            error,
        })?;
        let info = instance.info().map_err(|error| LoadError::Info {
            plugin: origin.clone(),
            error,
        })?;
        let spec = contract::model_spec(info);
        spec.check().map_err(|message| LoadError::BadInfo {
            plugin: origin.clone(),
            message,
        })?;
        plugin.names = bounded::names(&spec);
        plugin.spec = spec;
        Ok(plugin)
    }

    /// An instance with the host's limits (in a fresh store).
    pub fn instantiate(&self, host: &Host) -> Result<Instance, CallError> {
        let mut instance = Instance {
            engine: host.engine.clone(),
            pre: self.pre.clone(),
            exports: self.exports.clone(),
            limits: host.limits,
            declared: self.spec.declared_outcomes(),
            spec: self.spec.clone(),
            names: self.names.clone(),
            live: None,
            log_of_trapped: String::new(),
        };
        instance.live()?;
        Ok(instance)
    }
}

/// Sets the CPU budget and the wall-clock deadline for the next call.
fn arm(store: &mut Store<Sandbox>, limits: &Limits) {
    // Fuel is always enabled on our engine, so this cannot fail.
    if let Some(fuel) = limits.fuel {
        let _ = store.set_fuel(fuel);
    }
    let ticks = limits
        .timeout
        .as_millis()
        .div_ceil(crate::engine::EPOCH_TICK.as_millis())
        .max(1);
    store.set_epoch_deadline(ticks as u64);
}

fn classify(store: &Store<Sandbox>, limits: &Limits, e: wasmtime::Error) -> CallError {
    if let Some(big) = e.downcast_ref::<bounded::TooLarge>() {
        return CallError::TooLarge { limit: big.limit };
    }
    if let Some(exit) = e.downcast_ref::<wasmtime_wasi::I32Exit>() {
        return CallError::Exit { status: exit.0 };
    }
    let frames = e
        .downcast_ref::<wasmtime::WasmBacktrace>()
        .map_or(&[][..], |b| b.frames());
    match e.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => CallError::OutOfFuel {
            budget: limits.fuel.unwrap_or(0),
        },
        Some(Trap::Interrupt) => CallError::Timeout {
            limit: limits.timeout,
        },
        _ if store.data().memory.exceeded => CallError::OutOfMemory {
            limit: limits.memory_mib,
        },
        Some(Trap::StackOverflow) => CallError::StackOverflow {
            detail: format!(
                "its calls nested past the host's limit of {} KiB of stack{}",
                crate::engine::MAX_WASM_STACK >> 10,
                recursion(frames).map_or(String::new(), |f| format!(" (recursion in {f})"))
            ),
        },
        // A language with a stack of its own in linear memory (Rust, C)
        // overflows it below address 0: an out-of-bounds access, deep in
        // one recursive function.
        Some(Trap::MemoryOutOfBounds) if recursion(frames).is_some() => CallError::StackOverflow {
            detail: format!(
                "recursion in {} ran out the stack the plugin keeps in its own memory (the access \
                 below it is out of bounds); its size is set when the plugin is built \
                 (Rust: -C link-arg=-zstack-size=BYTES), not by the host",
                recursion(frames).unwrap_or_default()
            ),
        },
        Some(trap) => CallError::Trap {
            message: with_panic_or_frames(trap.to_string(), &store.data().log(), frames),
        },
        None => CallError::Trap {
            message: with_panic_or_frames(
                bounded::printable(e.root_cause().to_string()),
                &store.data().log(),
                frames,
            ),
        },
    }
}

/// A frame's function, named as its module's name section has it
/// (demangled, and escaped: the plugin wrote it) or by index.
fn frame_name(frame: &wasmtime::FrameInfo) -> String {
    match frame.func_name() {
        Some(name) => {
            let name = format!("{:#}", rustc_demangle::demangle(name));
            format!("`{}`", forecast_core::text::printable(&name))
        }
        None => format!("function {}", frame.func_index()),
    }
}

/// A trap's message with the panic message the guest printed, if any, or
/// else the innermost frames it trapped in, on one line.
fn with_panic_or_frames(trap: String, log: &str, frames: &[wasmtime::FrameInfo]) -> String {
    let message = with_panic(trap, log);
    if message.contains("panicked at") || frames.is_empty() {
        return message;
    }
    let shown: Vec<String> = frames.iter().take(3).map(frame_name).collect();
    let more = if frames.len() > shown.len() {
        " <- ..."
    } else {
        ""
    };
    format!("{message} (in {}{more})", shown.join(" <- "))
}

/// The function that recursed, if every frame of the trap's backtrace (as
/// deep as wasmtime keeps it, 20 frames) is one of at most two functions.
fn recursion(frames: &[wasmtime::FrameInfo]) -> Option<String> {
    const DEEP: usize = 16;
    if frames.len() < DEEP {
        return None;
    }
    let mut seen: Vec<(u32, &wasmtime::FrameInfo)> = Vec::new();
    for f in frames {
        if !seen.iter().any(|(i, _)| *i == f.func_index()) {
            seen.push((f.func_index(), f));
        }
    }
    (seen.len() <= 2).then(|| frame_name(seen[0].1))
}

/// Adds a Rust panic's message, which the guest printed to stderr, to a trap's.
fn with_panic(trap: String, log: &str) -> String {
    match log.lines().position(|l| l.contains("panicked at")) {
        Some(i) => {
            let detail: Vec<&str> = log.lines().skip(i).take(2).collect();
            format!("{trap}; {}", detail.join(" "))
        }
        None => trap,
    }
}

/// One instance of a plugin, for a sequence of calls. After a trap its
/// store is discarded (a trapped instance cannot be entered again) and the
/// next call gets a fresh one from the pre-instantiated component.
pub struct Instance {
    engine: wasmtime::Engine,
    pre: contract::PluginPre<Sandbox>,
    exports: Exports,
    limits: Limits,
    spec: ModelSpec,
    names: bounded::Names,
    /// The outcomes the model declares (see [`ModelSpec::declared_outcomes`]).
    declared: [bool; forecast_vocab::OUTCOME_COUNT],
    /// The store and the instance's `info` and `forecast`, type-checked.
    live: Option<(Store<Sandbox>, Func, Func)>,
    /// What the last discarded store's plugin printed.
    log_of_trapped: String,
}

impl Instance {
    fn live(&mut self) -> Result<&mut (Store<Sandbox>, Func, Func), CallError> {
        if self.live.is_none() {
            let mut store = Store::new(&self.engine, Sandbox::new(self.limits.memory_mib << 20));
            store.limiter(|s| &mut s.memory);
            arm(&mut store, &self.limits);
            let instance = self
                .pre
                .instance_pre()
                .instantiate(&mut store)
                .map_err(|e| classify(&store, &self.limits, e))?;
            let func = |store: &mut Store<Sandbox>, index| {
                instance
                    .get_func(&mut *store, index)
                    .ok_or_else(|| CallError::Trap {
                        message: "the contract's function is missing from the instance".into(),
                    })
            };
            let info = func(&mut store, &self.exports.info)?;
            let forecast = func(&mut store, &self.exports.forecast)?;
            // Checked once per instance, so each call can skip the check.
            let wrong = |e: wasmtime::Error| CallError::Trap {
                message: format!("its functions do not have the contract's types: {e:#}"),
            };
            info.typed::<(), InfoFn>(&store).map_err(wrong)?;
            forecast
                .typed::<(lower::Input<'static>,), ForecastFn>(&store)
                .map_err(wrong)?;
            self.live = Some((store, info, forecast));
        }
        Ok(self.live.as_mut().expect("just made"))
    }

    /// Discards the store after a trap, keeping what the plugin printed.
    fn discard(&mut self) {
        if let Some((store, ..)) = self.live.take() {
            self.log_of_trapped = store.data().log();
        }
    }

    /// The plugin's `info()`.
    pub fn info(&mut self) -> Result<wit::ModelInfo, CallError> {
        let limits = self.limits;
        let (store, info, _) = self.live()?;
        arm(store, &limits);
        // SAFETY: `live` checked these types for this instance.
        let info = unsafe { TypedFunc::<(), InfoFn>::new_unchecked(*info) };
        let r = bounded::within(limits.output_bytes, None, || info.call(&mut *store, ()));
        let r = r
            .map(|(info,)| info.into())
            .map_err(|e| classify(store, &limits, e));
        if r.is_err() {
            self.discard();
        }
        r
    }

    /// One `forecast` call, checked against the contract.
    pub fn forecast(&mut self, input: &wit::ForecastInput) -> Result<Forecast, CallError> {
        let limits = self.limits;
        let names = self.names.clone();
        let (store, _, forecast) = self.live()?;
        arm(store, &limits);
        store.data().reseed(input.seed);
        // SAFETY: `live` checked these types for this instance.
        let forecast =
            unsafe { TypedFunc::<(lower::Input<'_>,), ForecastFn>::new_unchecked(*forecast) };
        let r = bounded::within(limits.output_bytes, Some(names), || {
            forecast.call(&mut *store, (lower::Input::new(input),))
        });
        let answer = match r.map_err(|e| classify(store, &limits, e)) {
            Ok((answer,)) => answer.map_err(|e| e.0),
            Err(trap) => {
                self.discard();
                return Err(trap);
            }
        };
        match answer {
            Err(message) => Err(CallError::Model { message }),
            Ok(output) => output
                .check(&self.spec, &self.declared, input.horizon)
                .map_err(|message| CallError::InvalidForecast { message }),
        }
    }

    /// What the plugin wrote to stdout and stderr (in the instance that
    /// trapped, if the last call trapped).
    pub fn log(&self) -> String {
        match &self.live {
            Some((store, ..)) => store.data().log(),
            None => self.log_of_trapped.clone(),
        }
    }

    /// Caps the fuel of the calls that follow at `fuel` (with fuel
    /// metering on; never above the host's cap per call).
    pub fn limit_fuel(&mut self, fuel: u64) {
        if let Some(cap) = self.limits.fuel.as_mut() {
            *cap = fuel;
        }
    }

    /// Fuel the last call consumed (`None` without fuel metering or after a trap).
    pub fn fuel_used(&self) -> Option<u64> {
        let budget = self.limits.fuel?;
        let (store, ..) = self.live.as_ref()?;
        Some(budget - store.get_fuel().ok()?)
    }
}
