//! Lowering a call's input into the plugin: the contract's `forecast-input`
//! with its parameter list written in one pass.
//!
//! wasmtime's generic lowering of a `list<param-value>` looks up the
//! instance's memory again for every field of every element (a model with
//! thirty parameters: sixty lookups per call). [`Param`] overrides the
//! list's store to take the memory once and write each 16-byte element in
//! place; the path lists a parameter may hold are copied first, since each
//! needs an allocation in the plugin, which may move its memory.
//!
//! Like [`crate::bounded`], this implements wasmtime's lowering trait, whose
//! methods are internals (`__internal`); wasmtime is pinned to 48.0.x.

use crate::contract::wit;
use std::mem::MaybeUninit;
use wasmtime::component::__internal::{
    CanonicalAbiInfo, InstanceType, InterfaceType, LowerContext,
};
use wasmtime::component::{ComponentType, Lower};

/// The contract's `forecast-input`, borrowing a [`wit::ForecastInput`].
#[derive(ComponentType, Lower)]
#[component(record)]
pub struct Input<'a> {
    scenario: &'a str,
    #[component(name = "start-year")]
    start_year: i32,
    horizon: u32,
    seed: u64,
    params: &'a [Param],
    explain: bool,
}

impl<'a> Input<'a> {
    pub fn new(input: &'a wit::ForecastInput) -> Input<'a> {
        Input {
            scenario: &input.scenario,
            start_year: input.start_year,
            horizon: input.horizon,
            seed: input.seed,
            params: Param::slice(&input.params),
            explain: input.explain,
        }
    }
}

/// A `param-value` whose lists are stored in one pass.
#[repr(transparent)]
pub struct Param(wit::ParamValue);

impl Param {
    fn slice(values: &[wit::ParamValue]) -> &[Param] {
        // SAFETY: `Param` is a transparent wrapper of `wit::ParamValue`.
        unsafe { std::slice::from_raw_parts(values.as_ptr().cast::<Param>(), values.len()) }
    }
}

/// The canonical ABI's layout of a `param-value`: a one-byte case (0
/// `scalar`, 1 `path`), then at offset 8 the `f64` or the path's (pointer,
/// length) pair.
const SIZE: usize = 16;
const PAYLOAD: usize = 8;
const _: () = assert!(<wit::ParamValue as ComponentType>::SIZE32 == SIZE);
const _: () = assert!(<wit::ParamValue as ComponentType>::ALIGN32 == 8);

// SAFETY: the same type, ABI and type check as `wit::ParamValue`.
unsafe impl ComponentType for Param {
    type Lower = <wit::ParamValue as ComponentType>::Lower;
    const ABI: CanonicalAbiInfo = <wit::ParamValue as ComponentType>::ABI;
    fn typecheck(ty: &InterfaceType, types: &InstanceType<'_>) -> wasmtime::Result<()> {
        <wit::ParamValue as ComponentType>::typecheck(ty, types)
    }
}

// SAFETY: single values go to `wit::ParamValue`'s lowering; a list writes
// only within the range wasmtime allocated and checked for it, and within
// the ranges `realloc` returned (which it checks) for the paths.
unsafe impl Lower for Param {
    fn linear_lower_to_flat<T>(
        &self,
        cx: &mut LowerContext<'_, T>,
        ty: InterfaceType,
        dst: &mut MaybeUninit<Self::Lower>,
    ) -> wasmtime::Result<()> {
        self.0.linear_lower_to_flat(cx, ty, dst)
    }

    fn linear_lower_to_memory<T>(
        &self,
        cx: &mut LowerContext<'_, T>,
        ty: InterfaceType,
        offset: usize,
    ) -> wasmtime::Result<()> {
        self.0.linear_lower_to_memory(cx, ty, offset)
    }

    fn linear_store_list_to_memory<T>(
        cx: &mut LowerContext<'_, T>,
        _ty: InterfaceType,
        offset: usize,
        items: &[Self],
    ) -> wasmtime::Result<()> {
        let mut paths = Vec::new();
        for item in items {
            if let wit::ParamValue::Path(values) = &item.0 {
                paths.push(store_f64s(cx, values)?);
            }
        }
        let memory = &mut cx.as_slice_mut()[offset..][..items.len() * SIZE];
        let mut paths = paths.into_iter();
        for (slot, item) in memory.chunks_exact_mut(SIZE).zip(items) {
            let (case, payload) = slot.split_at_mut(PAYLOAD);
            match &item.0 {
                wit::ParamValue::Scalar(v) => {
                    case[0] = 0;
                    payload.copy_from_slice(&v.to_le_bytes());
                }
                wit::ParamValue::Path(_) => {
                    let (ptr, len) = paths.next().expect("one stored list per path");
                    case[0] = 1;
                    payload[..4].copy_from_slice(&ptr.to_le_bytes());
                    payload[4..].copy_from_slice(&len.to_le_bytes());
                }
            }
        }
        Ok(())
    }
}

/// Copies `values` into a fresh allocation in the plugin: its (pointer, length).
fn store_f64s<T>(cx: &mut LowerContext<'_, T>, values: &[f64]) -> wasmtime::Result<(u32, u32)> {
    let Some(bytes) = values.len().checked_mul(8) else {
        wasmtime::bail!("size overflow copying a list");
    };
    let ptr = cx.realloc(0, 0, 8, bytes)?;
    let memory = &mut cx.as_slice_mut()[ptr..][..bytes];
    for (dst, v) in memory.chunks_exact_mut(8).zip(values) {
        dst.copy_from_slice(&v.to_le_bytes());
    }
    Ok((u32::try_from(ptr)?, u32::try_from(values.len())?))
}
