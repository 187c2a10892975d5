//! Lifting a plugin's answers within a size budget.
//!
//! wasmtime lifts a call's result whole, copying every string and list out
//! of the plugin's memory, and a plugin may return a 100 MB explanation on
//! every call. So the host lifts answers into types of its own whose lift
//! first charges the byte length of each string and list (known from the
//! pointer and length pair, before any copy) against a per-call budget, and
//! fails the call as soon as the budget is spent. The records mirror the
//! contract's (wit/model.wit) field for field; wasmtime type-checks them
//! against the plugin's exports when the function is looked up. The list of
//! series every call returns is lifted in one pass ([`SeriesList`]), each
//! name matched against the model's declared ones and shared, not copied.
//!
//! The lifting trait's methods are wasmtime internals (`__internal`), the
//! same ones its derive macros use; wasmtime is pinned to 48.0.x.

use crate::contract::{self, wit};
use forecast_core::{Forecast, Indicators, ModelSpec};
use std::cell::{Cell, RefCell};
use std::sync::Arc;
use wasmtime::ValRaw;
use wasmtime::component::__internal::wasmtime_environ::component::StringEncoding;
use wasmtime::component::__internal::{CanonicalAbiInfo, InstanceType, InterfaceType, LiftContext};
use wasmtime::component::{ComponentType, Lift};

thread_local! {
    /// Bytes the current call's answer may still take.
    static BUDGET: Cell<usize> = const { Cell::new(usize::MAX) };
    /// The current call's whole budget, for the error message.
    static LIMIT: Cell<usize> = const { Cell::new(usize::MAX) };
    /// The names of the indicators the called model declared.
    static DECLARED: RefCell<Option<Names>> = const { RefCell::new(None) };
}

/// The answer was larger than the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("its answer is larger than the limit of {limit} bytes")]
pub struct TooLarge {
    pub limit: usize,
}

/// A model's declared indicator names, shared by every series that names one.
pub type Names = Arc<[Arc<str>]>;

/// The declared indicator names of `model`, in declaration order.
pub fn names(model: &ModelSpec) -> Names {
    model
        .indicators
        .iter()
        .map(|i| Arc::from(i.name.as_str()))
        .collect()
}

/// Runs `f` (one call into the plugin and the lift of its answer) with a
/// budget of `limit` bytes for the answer; series names are matched against
/// `declared`.
pub fn within<R>(limit: usize, declared: Option<Names>, f: impl FnOnce() -> R) -> R {
    BUDGET.with(|b| b.set(limit));
    LIMIT.with(|l| l.set(limit));
    DECLARED.with_borrow_mut(|d| *d = declared);
    let r = f();
    BUDGET.with(|b| b.set(usize::MAX));
    DECLARED.with_borrow_mut(|d| *d = None);
    r
}

/// The declared names of the model being called (none outside a call).
fn declared() -> Names {
    DECLARED.with_borrow(|d| d.clone().unwrap_or_else(|| Arc::new([])))
}

/// The series name `bytes` (the `index`th series): the declared name it
/// equals, shared, or a copy of an undeclared one (which the contract check
/// refuses with its name).
fn series_name(declared: &[Arc<str>], index: usize, bytes: &[u8]) -> wasmtime::Result<Arc<str>> {
    let same = |d: &&Arc<str>| d.as_bytes() == bytes;
    match declared
        .get(index)
        .filter(same)
        .or_else(|| declared.iter().find(same))
    {
        Some(name) => Ok(name.clone()),
        None => Ok(Arc::from(printable(std::str::from_utf8(bytes)?.to_owned()))),
    }
}

/// Takes `bytes` from the budget, or fails the lift.
fn charge(bytes: usize) -> wasmtime::Result<()> {
    BUDGET.with(|b| match b.get().checked_sub(bytes) {
        Some(left) => {
            b.set(left);
            Ok(())
        }
        None => {
            b.set(0);
            Err(wasmtime::Error::new(TooLarge { limit: limit() }))
        }
    })
}

fn limit() -> usize {
    LIMIT.with(Cell::get)
}

/// The byte length of a string or list from its (pointer, length) pair,
/// for an element of `size` bytes. A string's length is in bytes for UTF-8
/// (the high bit tags Latin-1+UTF-16 strings, whose units take 2 bytes).
fn bytes(len: u32, size: usize) -> usize {
    (len & !(1 << 31)) as usize * size.max(1)
}

/// A string whose length is charged before it is copied, with its control
/// characters escaped ([`forecast_core::text`]): every string a plugin
/// returns reaches the host's outputs this way.
pub struct BoundedString(pub String);

impl BoundedString {
    fn printable(s: String) -> BoundedString {
        BoundedString(printable(s))
    }
}

/// `s` with its control characters escaped, without a copy when it has none.
pub fn printable(s: String) -> String {
    match forecast_core::text::printable(&s) {
        std::borrow::Cow::Borrowed(_) => s,
        std::borrow::Cow::Owned(escaped) => escaped,
    }
}

// SAFETY: the same type, ABI and type check as `String`, to which every
// operation is delegated.
unsafe impl ComponentType for BoundedString {
    type Lower = <String as ComponentType>::Lower;
    const ABI: CanonicalAbiInfo = <String as ComponentType>::ABI;
    fn typecheck(ty: &InterfaceType, types: &InstanceType<'_>) -> wasmtime::Result<()> {
        <String as ComponentType>::typecheck(ty, types)
    }
}

// SAFETY: delegates to `String`'s lift after a length check.
unsafe impl Lift for BoundedString {
    fn linear_lift_from_flat(
        cx: &mut LiftContext<'_>,
        ty: InterfaceType,
        src: &Self::Lower,
    ) -> wasmtime::Result<Self> {
        let [_, len]: &[ValRaw; 2] = src;
        charge(bytes(len.get_u32(), 1))?;
        String::linear_lift_from_flat(cx, ty, src).map(BoundedString::printable)
    }

    fn linear_lift_from_memory(
        cx: &mut LiftContext<'_>,
        ty: InterfaceType,
        bytes_: &[u8],
    ) -> wasmtime::Result<Self> {
        let len = u32::from_le_bytes(bytes_[4..8].try_into().expect("a pointer pair"));
        charge(bytes(len, 1))?;
        String::linear_lift_from_memory(cx, ty, bytes_).map(BoundedString::printable)
    }
}

/// A list whose length is charged before its elements are lifted.
pub struct BoundedList<T>(pub Vec<T>);

// SAFETY: as for `BoundedString`, with `Vec<T>`.
unsafe impl<T: ComponentType> ComponentType for BoundedList<T> {
    type Lower = <Vec<T> as ComponentType>::Lower;
    const ABI: CanonicalAbiInfo = <Vec<T> as ComponentType>::ABI;
    fn typecheck(ty: &InterfaceType, types: &InstanceType<'_>) -> wasmtime::Result<()> {
        <Vec<T> as ComponentType>::typecheck(ty, types)
    }
}

// SAFETY: delegates to `Vec<T>`'s lift after a length check.
unsafe impl<T: Lift> Lift for BoundedList<T> {
    fn linear_lift_from_flat(
        cx: &mut LiftContext<'_>,
        ty: InterfaceType,
        src: &Self::Lower,
    ) -> wasmtime::Result<Self> {
        let [_, len]: &[ValRaw; 2] = src;
        charge(bytes(len.get_u32(), T::SIZE32))?;
        Vec::<T>::linear_lift_from_flat(cx, ty, src).map(BoundedList)
    }

    fn linear_lift_from_memory(
        cx: &mut LiftContext<'_>,
        ty: InterfaceType,
        bytes_: &[u8],
    ) -> wasmtime::Result<Self> {
        let len = u32::from_le_bytes(bytes_[4..8].try_into().expect("a pointer pair"));
        charge(bytes(len, T::SIZE32))?;
        Vec::<T>::linear_lift_from_memory(cx, ty, bytes_).map(BoundedList)
    }
}

fn strings(list: BoundedList<BoundedString>) -> Vec<String> {
    list.0.into_iter().map(|s| s.0).collect()
}

/// The contract's `series`, as the generic lift reads it (see [`SeriesList`]).
#[derive(ComponentType, Lift)]
#[component(record)]
pub struct Series {
    indicator: BoundedString,
    values: BoundedList<f64>,
}

/// The contract's `list<series>`, lifted in one pass over the plugin's
/// memory into the [`Indicators`] a [`Forecast`] holds.
///
/// Every call returns a dozen series, and wasmtime's generic lift looks up
/// the instance's memory and canonical options again for each string, list
/// and element, and copies each name: half the host's cost of a call. This
/// reads the memory once, checks what the generic lift checks (bounds,
/// alignment, UTF-8), charges the budget and wasmtime's host-call fuel the
/// same way, gives each series the declared name it carries (shared, not
/// copied) and copies all values into one buffer. A plugin whose strings are not UTF-8 (the canonical ABI
/// also allows UTF-16) takes the generic path.
pub struct SeriesList(pub Indicators);

// SAFETY: the same type, ABI and type check as `Vec<Series>`.
unsafe impl ComponentType for SeriesList {
    type Lower = <Vec<Series> as ComponentType>::Lower;
    const ABI: CanonicalAbiInfo = <Vec<Series> as ComponentType>::ABI;
    fn typecheck(ty: &InterfaceType, types: &InstanceType<'_>) -> wasmtime::Result<()> {
        <Vec<Series> as ComponentType>::typecheck(ty, types)
    }
}

// SAFETY: reads only within the plugin's memory, with the checks of the
// generic lift, or delegates to it.
unsafe impl Lift for SeriesList {
    fn linear_lift_from_flat(
        cx: &mut LiftContext<'_>,
        ty: InterfaceType,
        src: &Self::Lower,
    ) -> wasmtime::Result<Self> {
        let [ptr, len]: &[ValRaw; 2] = src;
        SeriesList::lift(cx, ty, ptr.get_u32(), len.get_u32())
    }

    fn linear_lift_from_memory(
        cx: &mut LiftContext<'_>,
        ty: InterfaceType,
        bytes: &[u8],
    ) -> wasmtime::Result<Self> {
        SeriesList::lift(cx, ty, word(bytes, 0), word(bytes, 4))
    }
}

/// The little-endian `u32` at `at` in `bytes`.
fn word(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

/// `count` elements of `size` bytes at `ptr` in `memory`, if in bounds.
fn slice(memory: &[u8], ptr: u32, count: u32, size: usize) -> Option<&[u8]> {
    let len = (count as usize).checked_mul(size)?;
    memory.get(ptr as usize..)?.get(..len)
}

/// The most values [`SeriesList`] reserves room for before it has checked
/// (and charged) any: the lengths are the plugin's word until then.
const MAX_RESERVE: usize = 1 << 16;

impl SeriesList {
    /// A `series` record: two (pointer, length) pairs.
    const RECORD: usize = 16;

    fn lift(
        cx: &mut LiftContext<'_>,
        ty: InterfaceType,
        ptr: u32,
        len: u32,
    ) -> wasmtime::Result<Self> {
        let declared = declared();
        if cx.options().string_encoding != StringEncoding::Utf8 {
            let flat = [ValRaw::u32(ptr), ValRaw::u32(len)];
            let list = BoundedList::<Series>::linear_lift_from_flat(cx, ty, &flat)?;
            let mut indicators = Indicators::default();
            for (i, s) in list.0.into_iter().enumerate() {
                let name = series_name(&declared, i, s.indicator.0.as_bytes())?;
                indicators.push(name, s.values.0);
            }
            return Ok(SeriesList(indicators));
        }
        charge(bytes(len, Self::RECORD))?;
        let memory = cx.memory();
        let Some(records) = slice(memory, ptr, len, Self::RECORD) else {
            wasmtime::bail!("list pointer/length out of bounds of memory");
        };
        if !ptr.is_multiple_of(4) {
            wasmtime::bail!("list pointer is not aligned");
        }
        cx.consume_fuel_array(len as usize, size_of::<(Arc<str>, usize)>())?;
        let values: usize = records
            .chunks_exact(Self::RECORD)
            .map(|r| word(r, 12) as usize)
            .sum();
        let mut indicators = Indicators::with_capacity(len as usize, values.min(MAX_RESERVE));
        for (index, record) in records.chunks_exact(Self::RECORD).enumerate() {
            let (name_len, values_len) = (word(record, 4), word(record, 12));
            charge(bytes(name_len, 1) + bytes(values_len, 8))?;
            let Some(name) = slice(memory, word(record, 0), name_len, 1) else {
                wasmtime::bail!("string pointer/length out of bounds of memory");
            };
            cx.consume_fuel(name.len())?;
            let name = series_name(&declared, index, name)?;
            let values_ptr = word(record, 8);
            let Some(values) = slice(memory, values_ptr, values_len, 8) else {
                wasmtime::bail!("list pointer/length out of bounds of memory");
            };
            if !values_ptr.is_multiple_of(8) {
                wasmtime::bail!("list pointer is not aligned");
            }
            cx.consume_fuel(values.len())?;
            let values = values.as_chunks().0.iter().map(|b| f64::from_le_bytes(*b));
            indicators.push(name, values);
        }
        Ok(SeriesList(indicators))
    }
}

/// The contract's `forecast-output`.
#[derive(ComponentType, Lift)]
#[component(record)]
pub struct ForecastOutput {
    outcomes: wit::Outcomes,
    indicators: SeriesList,
    explanation: BoundedList<BoundedString>,
}

impl ForecastOutput {
    /// Checks the answer against the contract (see [`Forecast::from_parts`]).
    pub fn check(
        self,
        model: &ModelSpec,
        declared: &[bool; forecast_vocab::OUTCOME_COUNT],
        horizon: u32,
    ) -> Result<Forecast, String> {
        Forecast::from_parts(
            model,
            declared,
            horizon as usize,
            contract::outcome_array(&self.outcomes),
            self.indicators.0,
            strings(self.explanation),
        )
    }
}

/// The contract's `param-spec`.
#[derive(ComponentType, Lift)]
#[component(record)]
pub struct ParamSpec {
    name: BoundedString,
    description: BoundedString,
    default: f64,
    min: f64,
    max: f64,
    unit: BoundedString,
    source: BoundedString,
}

/// The contract's `indicator-spec`.
#[derive(ComponentType, Lift)]
#[component(record)]
pub struct IndicatorSpec {
    name: BoundedString,
    description: BoundedString,
    unit: BoundedString,
}

/// The contract's `model-info`.
#[derive(ComponentType, Lift)]
#[component(record)]
pub struct ModelInfo {
    id: BoundedString,
    name: BoundedString,
    version: BoundedString,
    summary: BoundedString,
    references: BoundedList<BoundedString>,
    parameters: BoundedList<ParamSpec>,
    outcomes: BoundedList<BoundedString>,
    indicators: BoundedList<IndicatorSpec>,
}

impl From<ModelInfo> for wit::ModelInfo {
    fn from(i: ModelInfo) -> Self {
        wit::ModelInfo {
            id: i.id.0,
            name: i.name.0,
            version: i.version.0,
            summary: i.summary.0,
            references: strings(i.references),
            parameters: i
                .parameters
                .0
                .into_iter()
                .map(|p| wit::ParamSpec {
                    name: p.name.0,
                    description: p.description.0,
                    default: p.default,
                    min: p.min,
                    max: p.max,
                    unit: p.unit.0,
                    source: p.source.0,
                })
                .collect(),
            outcomes: strings(i.outcomes),
            indicators: i
                .indicators
                .0
                .into_iter()
                .map(|s| wit::IndicatorSpec {
                    name: s.name.0,
                    description: s.description.0,
                    unit: s.unit.0,
                })
                .collect(),
        }
    }
}
