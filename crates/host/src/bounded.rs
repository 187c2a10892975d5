//! Lifting a plugin's answers within a size budget.
//!
//! wasmtime lifts a call's result whole, copying every string and list out
//! of the plugin's memory, and a plugin may return a 100 MB explanation on
//! every call. So the host lifts answers into types of its own whose lift
//! first charges the byte length of each string and list (known from the
//! pointer and length pair, before any copy) against a per-call budget, and
//! fails the call as soon as the budget is spent. The records mirror the
//! contract's (wit/model.wit) field for field; wasmtime type-checks them
//! against the plugin's exports when the function is looked up.
//!
//! The lifting trait's methods are wasmtime internals (`__internal`), the
//! same ones its derive macros use; wasmtime is pinned to 48.0.x.

use crate::contract::wit;
use std::cell::Cell;
use wasmtime::ValRaw;
use wasmtime::component::__internal::{CanonicalAbiInfo, InstanceType, InterfaceType, LiftContext};
use wasmtime::component::{ComponentType, Lift};

thread_local! {
    /// Bytes the current call's answer may still take.
    static BUDGET: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// The answer was larger than the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("its answer is larger than the limit of {limit} bytes")]
pub struct TooLarge {
    pub limit: usize,
}

thread_local! {
    /// The current call's whole budget, for the error message.
    static LIMIT: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// Runs `f` (one call into the plugin and the lift of its answer) with a
/// budget of `limit` bytes for the answer.
pub fn within<R>(limit: usize, f: impl FnOnce() -> R) -> R {
    BUDGET.with(|b| b.set(limit));
    LIMIT.with(|l| l.set(limit));
    let r = f();
    BUDGET.with(|b| b.set(usize::MAX));
    r
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

/// A string whose length is charged before it is copied.
pub struct BoundedString(pub String);

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
        String::linear_lift_from_flat(cx, ty, src).map(BoundedString)
    }

    fn linear_lift_from_memory(
        cx: &mut LiftContext<'_>,
        ty: InterfaceType,
        bytes_: &[u8],
    ) -> wasmtime::Result<Self> {
        let len = u32::from_le_bytes(bytes_[4..8].try_into().expect("a pointer pair"));
        charge(bytes(len, 1))?;
        String::linear_lift_from_memory(cx, ty, bytes_).map(BoundedString)
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

/// The contract's `series`.
#[derive(ComponentType, Lift)]
#[component(record)]
pub struct Series {
    indicator: BoundedString,
    values: BoundedList<f64>,
}

/// The contract's `forecast-output`.
#[derive(ComponentType, Lift)]
#[component(record)]
pub struct ForecastOutput {
    outcomes: wit::Outcomes,
    indicators: BoundedList<Series>,
    explanation: BoundedList<BoundedString>,
}

impl From<ForecastOutput> for wit::ForecastOutput {
    fn from(o: ForecastOutput) -> Self {
        wit::ForecastOutput {
            outcomes: o.outcomes,
            indicators: o
                .indicators
                .0
                .into_iter()
                .map(|s| wit::Series {
                    indicator: s.indicator.0,
                    values: s.values.0,
                })
                .collect(),
            explanation: strings(o.explanation),
        }
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
