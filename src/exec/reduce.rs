//! Reductions: a kernel's values reduced over some axes, in one pass, with no temporary for them.
//!
//! The argument's axes are reordered so that the kept ones come first and the reduced ones last; in that
//! order each result element reduces one run of `m` consecutive elements of the index space. The runs are
//! cut into chunks of `CHUNK` elements, a fixed partition that depends on nothing but the shape: a long run
//! is several chunks, whose partial results are combined by a fixed tree; short runs are packed whole,
//! several to a chunk. A chunk's values are computed by the block machinery (`run_block`, so gathering,
//! strides and splats work as for elementwise results) into a per-thread buffer and reduced from there
//! while they are in cache; a plain input is reduced where it lies; and a float sum of a computed argument
//! over long runs never stores the values at all: its kernel (`Access::Leaves`) writes one partial sum per
//! 128 elements. The chunk is the unit of parallel work, so results are bit-identical for any thread count.
//! Floating-point sums are pairwise: leaves of 128 elements summed as NumPy does (eight interleaved running
//! sums), then halving, so the error grows with the logarithm of the count, as NumPy's does.
//!
//! It knows nothing of the IR: a `contract::ReduceOp` says what to compute; the caller normalizes the axes and casts the argument to
//! the dtype the reduction accumulates in (int64 for integer sums, float64 for integer means, bool for
//! `any` and `all`).

use std::marker::PhantomData;
use std::mem::MaybeUninit;

use rayon::prelude::*;

use super::block::{run_block, with_scratch, Scratch};
use super::{parallel, BlockKernel, How, KernelSource, Operand, Plan, Sink, Target};
use crate::array::{from_vec, DynArray, Element};
use crate::contract::{ReduceOp, LEAF};
use crate::dtype::DType;
use crate::error::{Error, ErrorKind, Result};
use crate::options::Options;
use crate::wide::{Reduce, Width};

/// Elements per chunk: the unit of the fixed partition (and of parallel work). 64 KiB of float64, so a
/// chunk's values stay in L2 between the kernel writing them and the reduction reading them (measured:
/// `sum(a*b)` at 10^8 takes 62 ms on one thread with 8192, 67 ms with 4096).
pub const CHUNK: usize = 8192;

/// Chunks per parallel task. Each chunk still has its own partial result, so this changes no bit.
const GROUP: usize = 16;

/// What to reduce: the operation, the axes of the argument's shape it reduces (sorted, distinct), and
/// whether they stay as axes of length one.
pub struct Spec<'a> {
    pub op: ReduceOp,
    pub axes: &'a [usize],
    pub keepdims: bool,
    /// The function's name, for messages.
    pub func: &'a str,
    /// `Some(k)` when the argument is input `k` itself: chunks lying contiguously in memory are then
    /// reduced where they are, not copied first.
    pub identity: Option<usize>,
}

/// The shape of the result of reducing an argument of `shape` over `axes`.
pub fn result_shape(shape: &[usize], axes: &[usize], keepdims: bool) -> Vec<usize> {
    let reduced = |a: &usize| axes.contains(a);
    if keepdims {
        (0..shape.len()).map(|a| if reduced(&a) { 1 } else { shape[a] }).collect()
    } else {
        (0..shape.len()).filter(|a| !reduced(a)).map(|a| shape[a]).collect()
    }
}

/// The result's shape, its length and how many elements each result reduces, for an argument of `shape`;
/// an error where a reduction with no identity (`max`) would reduce no elements, or the lengths overflow.
pub fn checked_shape(
    shape: &[usize],
    axes: &[usize],
    keepdims: bool,
    op: ReduceOp,
    func: &str,
) -> Result<(Vec<usize>, usize, usize)> {
    let out_shape = result_shape(shape, axes, keepdims);
    let n_out = super::broadcast::checked_len(&out_shape, 8)?;
    let reduced: Vec<usize> = axes.iter().map(|&a| shape[a]).collect();
    let m = super::broadcast::checked_len(&reduced, 1)?;
    if m == 0 && n_out > 0 && op.needs_elements() {
        let message = format!("`{func}` of an empty array: the reduction has no identity");
        return Err(Error::general(ErrorKind::Axis { message }));
    }
    Ok((out_shape, n_out, m))
}

/// Reduces the kernel's values over `inputs` broadcast to `shape`; `dtype` is the argument's dtype. The
/// result goes to a new array, or, where `dest` is given, to the C-contiguous elements there (then `None`
/// is returned).
///
/// # Safety
/// Each operand's pointer, shape and strides must describe elements valid for reading for the whole call;
/// `dest`, if given, must be valid for writing the result (`result_shape` elements of the result's
/// dtype, in C order) and overlap no operand.
#[allow(clippy::too_many_arguments)]
pub unsafe fn run(
    source: &dyn KernelSource,
    inputs: &[Operand],
    used: &[bool],
    dtype: DType,
    shape: &[usize],
    spec: &Spec,
    opts: &Options,
    dest: Option<*mut u8>,
) -> Result<Option<DynArray>> {
    let kept: Vec<usize> = (0..shape.len()).filter(|a| !spec.axes.contains(a)).collect();
    let order: Vec<usize> = kept.iter().chain(spec.axes).copied().collect();
    let (out_shape, n_out, m) = checked_shape(shape, spec.axes, spec.keepdims, spec.op, spec.func)?;
    // The argument in the reordered shape: kept axes first, reduced axes last.
    let pshape: Vec<usize> = order.iter().map(|&a| shape[a]).collect();
    let permuted: Vec<Operand> = inputs
        .iter()
        .map(|op| {
            let s = super::broadcast::broadcast_strides(&op.shape, &op.strides, shape);
            Operand {
                ptr: op.ptr,
                dtype: op.dtype,
                shape: pshape.clone(),
                strides: order.iter().map(|&a| s[a]).collect(),
            }
        })
        .collect();
    let job = Job { source, inputs: &permuted, used, dtype, shape: &pshape, identity: spec.identity, m, n_out, opts };
    macro_rules! go {
        ($r:expr) => {{
            let r = $r;
            match dest {
                Some(p) => {
                    // SAFETY: the caller guarantees `n_out` writable elements of the result's type at `p`.
                    let slots = unsafe { std::slice::from_raw_parts_mut(p as *mut MaybeUninit<_>, n_out) };
                    // SAFETY: the caller's guarantees.
                    unsafe { job.run(&r, slots)? };
                    Ok(None)
                }
                None => {
                    let mut out = crate::array::uninit_vec(n_out)?;
                    // SAFETY: the caller's guarantees.
                    unsafe { job.run(&r, &mut out.spare_capacity_mut()[..n_out])? };
                    // SAFETY: `run` returned without error, so it wrote all `n_out` elements.
                    unsafe { out.set_len(n_out) };
                    Ok(Some(from_vec(&out_shape, out)))
                }
            }
        }};
    }
    match (spec.op, dtype) {
        (ReduceOp::Sum, DType::I8) => go!(IntSum::<i8, i64>(PhantomData)),
        (ReduceOp::Sum, DType::I16) => go!(IntSum::<i16, i64>(PhantomData)),
        (ReduceOp::Sum, DType::I32) => go!(IntSum::<i32, i64>(PhantomData)),
        (ReduceOp::Sum, DType::I64) => go!(IntSum::<i64, i64>(PhantomData)),
        (ReduceOp::Sum, DType::U8) => go!(IntSum::<u8, u64>(PhantomData)),
        (ReduceOp::Sum, DType::U16) => go!(IntSum::<u16, u64>(PhantomData)),
        (ReduceOp::Sum, DType::U32) => go!(IntSum::<u32, u64>(PhantomData)),
        (ReduceOp::Sum, DType::U64) => go!(IntSum::<u64, u64>(PhantomData)),
        (ReduceOp::Sum, DType::F32) => go!(FloatSum::<f32> { ddof: None, _t: PhantomData }),
        (ReduceOp::Sum, DType::F64) => go!(FloatSum::<f64> { ddof: None, _t: PhantomData }),
        (ReduceOp::Mean { ddof }, DType::F32) => go!(FloatSum::<f32> { ddof: Some(ddof), _t: PhantomData }),
        (ReduceOp::Mean { ddof }, DType::F64) => go!(FloatSum::<f64> { ddof: Some(ddof), _t: PhantomData }),
        (ReduceOp::Prod, DType::I64) => go!(IntProd::<i64>(PhantomData)),
        (ReduceOp::Prod, DType::U64) => go!(IntProd::<u64>(PhantomData)),
        (ReduceOp::Prod, DType::F32) => go!(FloatProd::<f32>(PhantomData)),
        (ReduceOp::Prod, DType::F64) => go!(FloatProd::<f64>(PhantomData)),
        (ReduceOp::Prod, DType::C64) => go!(ComplexProd::<f32>(PhantomData)),
        (ReduceOp::Prod, DType::C128) => go!(ComplexProd::<f64>(PhantomData)),
        (ReduceOp::Any, DType::Bool) => go!(AnyAll { any: true }),
        (ReduceOp::All, DType::Bool) => go!(AnyAll { any: false }),
        // `max` and `min` of bools are `any` and `all`, but with no identity (checked above).
        (ReduceOp::Max, DType::Bool) => go!(AnyAll { any: true }),
        (ReduceOp::Min, DType::Bool) => go!(AnyAll { any: false }),
        (ReduceOp::Min | ReduceOp::Max | ReduceOp::ArgMin | ReduceOp::ArgMax, _) => {
            let max = matches!(spec.op, ReduceOp::Max | ReduceOp::ArgMax);
            let arg = matches!(spec.op, ReduceOp::ArgMin | ReduceOp::ArgMax);
            macro_rules! by_type {
                ($($dt:ident $t:ty),*) => {
                    match (dtype, arg, max) {
                        $(
                            (DType::$dt, false, false) => go!(Extreme::<$t, false>(PhantomData)),
                            (DType::$dt, false, true) => go!(Extreme::<$t, true>(PhantomData)),
                            (DType::$dt, true, _) => go!(ArgExtreme::<$t> { max, _t: PhantomData }),
                        )*
                        _ => Err(unsupported(spec, dtype)),
                    }
                };
            }
            by_type!(I8 i8, I16 i16, I32 i32, I64 i64, U8 u8, U16 u16, U32 u32, U64 u64, F32 f32, F64 f64)
        }
        _ => Err(unsupported(spec, dtype)),
    }
}

fn unsupported(spec: &Spec, dtype: DType) -> Error {
    let message = format!("no {} reduction over {dtype} (the type checker casts before reducing)", spec.op.name());
    Error::general(ErrorKind::Codegen { message })
}

/// One reduction over elements of type `In`, with partial results `Acc` and results `Out`.
trait Reducer: Sync {
    type In: Copy;
    type Acc: Copy + Send + Sync;
    type Out: Element;
    /// The partial result of a non-empty chunk whose first element is number `base` of its run.
    fn chunk(&self, xs: &[Self::In], base: usize) -> Self::Acc;
    /// Combines the partial results of consecutive stretches, `a` first.
    fn combine(&self, a: Self::Acc, b: Self::Acc) -> Self::Acc;
    /// The result of a run of `m` elements (`acc` is `empty()` where `m` is 0).
    fn finish(&self, acc: Self::Acc, m: usize) -> Self::Out;
    /// The partial result of no elements (never used by reductions that need elements).
    fn empty(&self) -> Self::Acc;

    /// Whether the kernel can reduce in registers, writing leaf sums (`Access::Leaves`): float sums.
    const LEAVES: bool = false;

    /// The partial result of a chunk from the leaf sums of its first `main` elements and the values of the
    /// rest: equal to `chunk` of all its values.
    fn chunk_from_leaves(&self, _leaves: &[Self::In], _tail: &[Self::In], _main: usize) -> Self::Acc {
        unreachable!("only reducers with LEAVES sum leaves")
    }

    /// Combines partial results by halving: a fixed tree, so the order is the same on every run.
    fn tree(&self, accs: &[Self::Acc]) -> Self::Acc {
        match accs {
            [] => self.empty(),
            [a] => *a,
            _ => {
                let (l, r) = accs.split_at(accs.len() / 2);
                self.combine(self.tree(l), self.tree(r))
            }
        }
    }
}

/// One evaluation's fixed parameters.
struct Job<'a> {
    source: &'a dyn KernelSource,
    inputs: &'a [Operand],
    used: &'a [bool],
    dtype: DType,
    /// The reordered shape: kept axes, then reduced ones.
    shape: &'a [usize],
    identity: Option<usize>,
    /// Elements per run, and runs (result elements).
    m: usize,
    n_out: usize,
    opts: &'a Options,
}

// SAFETY: the operands' pointers are only read, and the caller of `run` keeps them valid and unwritten
// for the whole evaluation; chunks write only their own partial results.
unsafe impl Sync for Job<'_> {}

impl Job<'_> {
    /// Writes the `n_out` results into `slots`; all of them unless it returns an error. They are written by
    /// the (parallel) loops below, so the first touch of a large result's pages is spread over the threads.
    ///
    /// # Safety
    /// As `run`.
    unsafe fn run<R: Reducer>(&self, r: &R, slots: &mut [MaybeUninit<R::Out>]) -> Result<()> {
        let (m, n_out) = (self.m, self.n_out);
        if m == 0 || n_out == 0 {
            slots.iter_mut().for_each(|s| {
                s.write(r.finish(r.empty(), 0));
            });
            return Ok(());
        }
        let target = Target { ptr: std::ptr::null_mut(), dtype: self.dtype, strides: Vec::new() };
        let (plan, kernel) =
            Plan::new(self.source, self.inputs, self.used, target.clone(), Sink::Buffer, self.shape, CHUNK)?;
        let cancel = self.opts.cancel.clone();
        let cancelled = move || cancel.as_ref().is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed));
        let serial = self.opts.threads == Some(1) || n_out.saturating_mul(m) < self.opts.parallel_threshold;
        if m >= CHUNK {
            // Long runs: every run is `per` chunks; chunk partials are combined per run by the tree.
            let per = m.div_ceil(CHUNK);
            let tasks = n_out * per;
            // One parallel task's work is done fastest by the calling thread (measured: `max(a)` of 10^5
            // float64s, 11 us on one thread, 30 us handed to two), unless the threshold asks for threads.
            let serial = serial || (tasks <= GROUP && self.opts.parallel_threshold > 0);
            // Float sums of computed values are summed in registers: the kernel writes leaf sums. So are
            // those of an argument that is an input not lying contiguously (a complex number's part, a
            // column): loaded at its stride and summed, rather than copied out first.
            let computed = match self.identity {
                None => true,
                Some(k) => plan.inputs[k].how != How::InPlace || plan.sig.inputs[k] != super::Access::Contiguous,
            };
            let leaves = if R::LEAVES && computed {
                Some(Plan::new(self.source, self.inputs, self.used, target, Sink::Leaves, self.shape, CHUNK)?)
            } else {
                None
            };
            let leaves = leaves.as_ref().map(|(p, k)| (p, &**k));
            let one = |t: usize, sc: &mut Scratch| -> Option<R::Acc> {
                if cancelled() {
                    return None;
                }
                let (o, c) = (t / per, t % per);
                let (start, len) = (o * m + c * CHUNK, CHUNK.min(m - c * CHUNK));
                // SAFETY: the caller's guarantees; the range lies inside the index space.
                Some(unsafe { self.chunk(r, (&plan, &*kernel), leaves, start, len, c * CHUNK, sc) })
            };
            let mut partials: Vec<Option<R::Acc>> = vec![None; tasks];
            // A thread takes `GROUP` consecutive chunks at a time: fewer, longer tasks stream better.
            let group = |g: usize, dst: &mut [Option<R::Acc>], sc: &mut Scratch| {
                for (j, d) in dst.iter_mut().enumerate() {
                    *d = one(g * GROUP + j, sc);
                }
            };
            if serial {
                with_scratch(|sc| partials.chunks_mut(GROUP).enumerate().for_each(|(g, dst)| group(g, dst, sc)));
            } else {
                parallel::install(self.opts.threads, || {
                    partials.par_chunks_mut(GROUP).enumerate().for_each(|(g, dst)| with_scratch(|sc| group(g, dst, sc)))
                });
            }
            let partials: Option<Vec<R::Acc>> = partials.into_iter().collect();
            let partials = partials.ok_or_else(|| Error::general(ErrorKind::Cancelled))?;
            for (o, dst) in slots.iter_mut().enumerate() {
                dst.write(r.finish(r.tree(&partials[o * per..(o + 1) * per]), m));
            }
        } else {
            // Short runs: whole runs packed into chunks, each reduced where it lies in the buffer.
            let runs = CHUNK / m;
            let serial = serial || (n_out <= runs && self.opts.parallel_threshold > 0);
            let one = |b: usize, dst: &mut [MaybeUninit<R::Out>], sc: &mut Scratch| {
                if cancelled() {
                    return;
                }
                let start = b * runs * m;
                // SAFETY: the caller's guarantees; each run is reduced from the buffer the chunk filled.
                unsafe { self.runs(r, &plan, &*kernel, start, dst, sc) };
            };
            if serial {
                with_scratch(|sc| slots.chunks_mut(runs).enumerate().for_each(|(b, dst)| one(b, dst, sc)));
            } else {
                parallel::install(self.opts.threads, || {
                    slots.par_chunks_mut(runs).enumerate().for_each(|(b, dst)| with_scratch(|sc| one(b, dst, sc)))
                });
            }
            if cancelled() {
                return Err(Error::general(ErrorKind::Cancelled));
            }
        }
        Ok(())
    }

    /// The partial result of the `len` elements from index `start`, element `base` of its run: from the
    /// leaf sums of a `leaves` kernel where there is one and the chunk lies within one of its rows, else
    /// from the values.
    ///
    /// # Safety
    /// As `run`; `start + len` lies inside the index space.
    #[allow(clippy::too_many_arguments)]
    unsafe fn chunk<R: Reducer>(
        &self,
        r: &R,
        (plan, kernel): (&Plan, &dyn BlockKernel),
        leaves: Option<(&Plan, &dyn BlockKernel)>,
        start: usize,
        len: usize,
        base: usize,
        sc: &mut Scratch,
    ) -> R::Acc {
        let mut buf = std::mem::take(&mut sc.reduce);
        let acc = match leaves {
            Some((lplan, lkernel)) if lplan.within_row(start, len) && lplan.block_size >= len => {
                let main = len - len % 8;
                let mut sums = [0u64; CHUNK / LEAF];
                if main > 0 {
                    // SAFETY: the caller's guarantees; `sums` holds a sum for every leaf of `main <= CHUNK`
                    // elements, and the range lies within one row of the plan.
                    unsafe { run_block(lplan, lkernel, start, main, sc, sums.as_mut_ptr() as *mut u8) };
                }
                // SAFETY: the caller's guarantees.
                let tail = unsafe { self.values::<R::In>(plan, kernel, start + main, len - main, sc, &mut buf) };
                // SAFETY: the kernel wrote one sum of the argument's float type per leaf, 8-byte aligned.
                let leaf_sums =
                    unsafe { std::slice::from_raw_parts(sums.as_ptr() as *const R::In, main.div_ceil(LEAF)) };
                r.chunk_from_leaves(leaf_sums, tail, main)
            }
            _ => {
                // SAFETY: the caller's guarantees.
                let values = unsafe { self.values::<R::In>(plan, kernel, start, len, sc, &mut buf) };
                r.chunk(values, base)
            }
        };
        sc.reduce = buf;
        acc
    }

    /// Reduces the whole runs from index `start` into `dst`, one result per run.
    ///
    /// # Safety
    /// As `run`; the runs lie inside the index space.
    unsafe fn runs<R: Reducer>(
        &self,
        r: &R,
        plan: &Plan,
        kernel: &dyn BlockKernel,
        start: usize,
        dst: &mut [MaybeUninit<R::Out>],
        sc: &mut Scratch,
    ) {
        let m = self.m;
        let mut buf = std::mem::take(&mut sc.reduce);
        // SAFETY: the caller's guarantees.
        let values = unsafe { self.values::<R::In>(plan, kernel, start, dst.len() * m, sc, &mut buf) };
        for (d, run) in dst.iter_mut().zip(values.chunks_exact(m)) {
            d.write(r.finish(r.chunk(run, 0), m));
        }
        sc.reduce = buf;
    }

    /// The argument's values at indices `start..start + len`: computed into `buf`, or, for an identity
    /// argument lying contiguously in memory, where they are.
    ///
    /// # Safety
    /// As `run`; `T` is the argument's element type (`u8` for bool); `len <= CHUNK`.
    unsafe fn values<'b, T>(
        &self,
        plan: &Plan,
        kernel: &dyn BlockKernel,
        start: usize,
        len: usize,
        sc: &mut Scratch,
        buf: &'b mut Vec<u64>,
    ) -> &'b [T] {
        let dims = &plan.layout.dims;
        if let Some(k) = self.identity {
            let input = &plan.inputs[k];
            if input.how == How::InPlace
                && plan.sig.inputs[k] == super::Access::Contiguous
                && plan.within_row(start, len)
            {
                let off = super::block::offset(dims, &plan.layout.strides[k], start);
                // SAFETY: the elements `start..start + len` of a contiguous operand lie consecutively from
                // this address (one stride of one element over the range), valid for reading during the
                // call; the operand's dtype is `T`'s, so its elements are aligned for `T`.
                return unsafe {
                    std::slice::from_raw_parts(input.ptr.offset(off * input.dtype.size() as isize) as *const T, len)
                };
            }
        }
        let size = self.dtype.size();
        // CHUNK values of up to 16 bytes (a complex product's), in 8-byte words.
        let words = CHUNK * size.div_ceil(8).max(1);
        if buf.len() < words {
            buf.resize(words, 0);
        }
        let base = buf.as_mut_ptr() as *mut u8;
        let row = if plan.rows { *dims.last().unwrap() } else { usize::MAX };
        let mut i = start;
        while i < start + len {
            // Blocks that follow rows must not cross a row's end, nor be longer than the plan's blocks.
            let seg = (row - i % row).min(start + len - i).min(plan.block_size);
            // SAFETY: the buffer holds CHUNK >= len elements of 8 bytes; the caller's guarantees for the plan.
            unsafe { run_block(plan, kernel, i, seg, sc, base.add((i - start) * size)) };
            i += seg;
        }
        // SAFETY: `run_block` wrote `len` elements of the argument's dtype (`T`) into the 8-byte aligned buffer.
        unsafe { std::slice::from_raw_parts(base as *const T, len) }
    }
}

/// The float operations the reducers need, for `f32` and `f64`.
trait Float:
    Element
    + Default
    + Copy
    + PartialOrd
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + Reduce
{
    const ZERO: Self;
    const NEG_ZERO: Self;
    const ONE: Self;
    fn from_count(n: i64) -> Self;
    fn div(self, d: Self) -> Self;
}

macro_rules! float {
    ($t:ty) => {
        impl Float for $t {
            const ZERO: $t = 0.0;
            const NEG_ZERO: $t = -0.0;
            const ONE: $t = 1.0;
            fn from_count(n: i64) -> $t {
                n as $t
            }
            fn div(self, d: $t) -> $t {
                self / d
            }
        }
    };
}
float!(f32);
float!(f64);

/// One leaf of pairwise summation, as NumPy sums up to 128 elements: in turn below 8 elements, else eight
/// interleaved running sums combined as ((0+1)+(2+3))+((4+5)+(6+7)), then the last `n % 8` in turn. An
/// `Access::Leaves` kernel computes the same in registers.
fn leaf<F: Float>(xs: &[F]) -> F {
    if xs.len() < 8 {
        return xs.iter().fold(F::NEG_ZERO, |acc, &x| acc + x);
    }
    let mut r = [F::NEG_ZERO; 8];
    let mut chunks = xs.chunks_exact(8);
    for c in &mut chunks {
        for k in 0..8 {
            r[k] = r[k] + c[k];
        }
    }
    // Through memory: otherwise the compiler shuffles the accumulators inside the loop to suit this final
    // combination (measured: the loop ran at half speed).
    let r = std::hint::black_box(r);
    let acc = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    chunks.remainder().iter().fold(acc, |acc, &x| acc + x)
}

/// Sums by halving: the two halves (the first `n / 2` long) summed apart and added.
fn halving<F: Float>(xs: &[F]) -> F {
    if xs.len().is_power_of_two() && xs.len() <= CHUNK / LEAF {
        // The same tree level by level: neighbours added in place, halving the count each time.
        let mut level = [F::NEG_ZERO; CHUNK / LEAF];
        let mut n = xs.len();
        level[..n].copy_from_slice(xs);
        while n > 1 {
            n /= 2;
            for k in 0..n {
                level[k] = level[2 * k] + level[2 * k + 1];
            }
        }
        return level[0];
    }
    match xs {
        [] => F::NEG_ZERO,
        [x] => *x,
        _ => {
            let (l, r) = xs.split_at(xs.len() / 2);
            halving(l) + halving(r)
        }
    }
}

/// Pairwise summation of at most `CHUNK` elements: leaves of `LEAF` consecutive elements (the last one
/// shorter), summed by halving. For a power-of-two count of leaves this is NumPy's pairwise sum exactly.
fn pairwise<F: Float>(xs: &[F]) -> F {
    pairwise_at(Width::host(), xs)
}

/// `pairwise` with the leaves summed at `width` (the same bits at every width).
fn pairwise_at<F: Float>(width: Width, xs: &[F]) -> F {
    let mut sums = [F::NEG_ZERO; CHUNK / LEAF];
    let n = xs.len().div_ceil(LEAF);
    let wide = F::leaf_sums(width, xs, &mut sums);
    for (s, l) in sums[wide..].iter_mut().zip(xs[wide * LEAF..].chunks(LEAF)) {
        *s = leaf(l);
    }
    halving(&sums[..n])
}

/// `pairwise` from the leaf sums of the first `main` elements (a multiple of 8, as an `Access::Leaves`
/// kernel writes them) and the values of the rest (fewer than 8).
fn pairwise_from_leaves<F: Float>(leaves: &[F], tail: &[F], main: usize) -> F {
    let mut sums = [F::NEG_ZERO; CHUNK / LEAF + 1];
    let mut n = leaves.len();
    sums[..n].copy_from_slice(leaves);
    if !tail.is_empty() {
        if !main.is_multiple_of(LEAF) {
            // The last leaf's remainder, added in turn as `leaf` does.
            sums[n - 1] = tail.iter().fold(sums[n - 1], |acc, &x| acc + x);
        } else {
            sums[n] = leaf(tail);
            n += 1;
        }
    }
    halving(&sums[..n])
}

/// The leaf sums of `values` (bytes of float32 or float64, a multiple of 8 elements): what an
/// `Access::Leaves` kernel writes, for the interpreter.
pub(super) fn leaf_sums_bytes(dtype: DType, values: &[u8]) -> Vec<u8> {
    match dtype {
        DType::F32 => {
            let v: Vec<f32> = values.chunks_exact(4).map(|b| f32::from_ne_bytes(b.try_into().unwrap())).collect();
            v.chunks(LEAF).flat_map(|l| leaf(l).to_ne_bytes()).collect()
        }
        DType::F64 => {
            let v: Vec<f64> = values.chunks_exact(8).map(|b| f64::from_ne_bytes(b.try_into().unwrap())).collect();
            v.chunks(LEAF).flat_map(|l| leaf(l).to_ne_bytes()).collect()
        }
        _ => unreachable!("only float sums are summed in leaves"),
    }
}

/// `sum` of floats, and `mean` (with `ddof`: the sum divided by `max(m - ddof, 0)`).
struct FloatSum<F> {
    ddof: Option<i64>,
    _t: PhantomData<F>,
}

impl<F: Float> Reducer for FloatSum<F> {
    type In = F;
    type Acc = F;
    type Out = F;
    const LEAVES: bool = true;
    fn chunk(&self, xs: &[F], _: usize) -> F {
        pairwise(xs)
    }
    fn chunk_from_leaves(&self, leaves: &[F], tail: &[F], main: usize) -> F {
        pairwise_from_leaves(leaves, tail, main)
    }
    fn combine(&self, a: F, b: F) -> F {
        a + b
    }
    fn finish(&self, acc: F, m: usize) -> F {
        // NumPy adds the sum to its identity, +0.0: a sum of negative zeros is +0.0.
        let acc = acc + F::ZERO;
        match self.ddof {
            None => acc,
            Some(ddof) => acc.div(F::from_count((m as i64).saturating_sub(ddof).max(0))),
        }
    }
    fn empty(&self) -> F {
        F::ZERO
    }
}

/// The 64-bit integers sums and products accumulate in (NumPy's int64 and uint64), wrapping.
trait Wrapping: Element + Copy + Send + Sync {
    const ZERO: Self;
    const ONE: Self;
    fn add(self, b: Self) -> Self;
    fn mul(self, b: Self) -> Self;
}

macro_rules! wrapping {
    ($($t:ty),*) => {$(
        impl Wrapping for $t {
            const ZERO: $t = 0;
            const ONE: $t = 1;
            fn add(self, b: $t) -> $t {
                self.wrapping_add(b)
            }
            fn mul(self, b: $t) -> $t {
                self.wrapping_mul(b)
            }
        }
    )*};
}

wrapping!(i64, u64);

/// `sum` of integers of type `T` in the 64-bit type `W` of their signedness, wrapping, as NumPy's loop
/// accumulates: narrow elements are read as they are and widened one by one, not cast into a buffer of
/// 64-bit values first.
struct IntSum<T, W>(PhantomData<(T, W)>);

impl<T: Copy + Send + Sync + Into<W>, W: Wrapping> Reducer for IntSum<T, W> {
    type In = T;
    type Acc = W;
    type Out = W;
    fn chunk(&self, xs: &[T], _: usize) -> W {
        crate::wide::fold(Width::host(), xs, W::ZERO, |a, x| a.add(x.into()))
    }
    fn combine(&self, a: W, b: W) -> W {
        a.add(b)
    }
    fn finish(&self, acc: W, _: usize) -> W {
        acc
    }
    fn empty(&self) -> W {
        W::ZERO
    }
}

struct IntProd<T>(PhantomData<T>);

impl<T: Wrapping> Reducer for IntProd<T> {
    type In = T;
    type Acc = T;
    type Out = T;
    fn chunk(&self, xs: &[T], _: usize) -> T {
        xs.iter().fold(T::ONE, |a, &x| a.mul(x))
    }
    fn combine(&self, a: T, b: T) -> T {
        a.mul(b)
    }
    fn finish(&self, acc: T, _: usize) -> T {
        acc
    }
    fn empty(&self) -> T {
        T::ONE
    }
}

struct FloatProd<F>(PhantomData<F>);

impl<F: Float> Reducer for FloatProd<F> {
    type In = F;
    type Acc = F;
    type Out = F;
    fn chunk(&self, xs: &[F], _: usize) -> F {
        xs.iter().fold(F::ONE, |a, &x| a * x)
    }
    fn combine(&self, a: F, b: F) -> F {
        a * b
    }
    fn finish(&self, acc: F, _: usize) -> F {
        acc
    }
    fn empty(&self) -> F {
        F::ONE
    }
}

/// A product of complex numbers as NumPy's `multiply.reduce` computes one along a contiguous run: from
/// the first element on (not from 1 + 0j, whose zero imaginary part times an infinite one would be NaN),
/// each step `(a.re x.re - a.im x.im) + (a.re x.im + a.im x.re) i`, every product rounded (no fused
/// multiply-add). An empty run gives 1 + 0j.
struct ComplexProd<F>(PhantomData<F>);

impl<F: Float> ComplexProd<F> {
    fn mul(a: num_complex::Complex<F>, x: num_complex::Complex<F>) -> num_complex::Complex<F> {
        num_complex::Complex::new(a.re * x.re - a.im * x.im, a.re * x.im + a.im * x.re)
    }
}

impl<F: Float> Reducer for ComplexProd<F>
where
    num_complex::Complex<F>: Element,
{
    type In = num_complex::Complex<F>;
    type Acc = Option<num_complex::Complex<F>>;
    type Out = num_complex::Complex<F>;
    fn chunk(&self, xs: &[Self::In], _: usize) -> Self::Acc {
        let (&first, rest) = xs.split_first()?;
        Some(rest.iter().fold(first, |a, &x| Self::mul(a, x)))
    }
    fn combine(&self, a: Self::Acc, b: Self::Acc) -> Self::Acc {
        match (a, b) {
            (Some(a), Some(b)) => Some(Self::mul(a, b)),
            (a, b) => a.or(b),
        }
    }
    fn finish(&self, acc: Self::Acc, _: usize) -> Self::Out {
        acc.unwrap_or(num_complex::Complex::new(F::ONE, F::ZERO))
    }
    fn empty(&self) -> Self::Acc {
        None
    }
}

/// `any` (or `all`) over bools, read as bytes.
struct AnyAll {
    any: bool,
}

impl Reducer for AnyAll {
    type In = u8;
    type Acc = bool;
    type Out = bool;
    fn chunk(&self, xs: &[u8], _: usize) -> bool {
        if self.any {
            xs.iter().any(|&x| x != 0)
        } else {
            xs.iter().all(|&x| x != 0)
        }
    }
    fn combine(&self, a: bool, b: bool) -> bool {
        if self.any {
            a || b
        } else {
            a && b
        }
    }
    fn finish(&self, acc: bool, _: usize) -> bool {
        acc
    }
    fn empty(&self) -> bool {
        !self.any
    }
}

/// Ordering with NaN first: a NaN beats every number, and the first NaN beats later ones.
trait Ordered: Element + Default + Copy + PartialOrd {
    fn nan(self) -> bool;
    const SOME: Self;
    /// `wide::Reduce::extremes` where the type has it.
    fn extremes(_width: Width, _xs: &[Self], _max: bool) -> Option<([Self; 8], bool)> {
        None
    }
}

macro_rules! ordered_ints {
    ($($t:ty),*) => {$(
        impl Ordered for $t {
            fn nan(self) -> bool {
                false
            }
            const SOME: $t = 0;
        }
    )*};
}

ordered_ints!(i8, i16, i32, i64, u8, u16, u32, u64);
impl Ordered for f32 {
    fn nan(self) -> bool {
        self.is_nan()
    }
    const SOME: f32 = 0.0;
    fn extremes(width: Width, xs: &[f32], max: bool) -> Option<([f32; 8], bool)> {
        Reduce::extremes(width, xs, max)
    }
}
impl Ordered for f64 {
    fn nan(self) -> bool {
        self.is_nan()
    }
    const SOME: f64 = 0.0;
    fn extremes(width: Width, xs: &[f64], max: bool) -> Option<([f64; 8], bool)> {
        Reduce::extremes(width, xs, max)
    }
}

/// Whether `b` replaces `a` as the extreme so far (`a` came first).
fn better<T: Ordered>(max: bool, a: T, b: T) -> bool {
    !a.nan() && (b.nan() || if max { b > a } else { b < a })
}

/// The extreme of `a` and `b` (`a` came first).
fn pick<T: Ordered>(max: bool, a: T, b: T) -> T {
    if better(max, a, b) {
        b
    } else {
        a
    }
}

/// `min` (`MAX` false) or `max`, NaN-propagating.
struct Extreme<T, const MAX: bool>(PhantomData<T>);

impl<T: Ordered, const MAX: bool> Reducer for Extreme<T, MAX> {
    type In = T;
    type Acc = T;
    type Out = T;
    fn chunk(&self, xs: &[T], _: usize) -> T {
        extreme::<T, MAX>(Width::host(), xs)
    }
    fn combine(&self, a: T, b: T) -> T {
        pick(MAX, a, b)
    }
    fn finish(&self, acc: T, _: usize) -> T {
        acc
    }
    fn empty(&self) -> T {
        T::SOME
    }
}

/// `min` or `max` of a non-empty `xs` at `width` (the same bits at every width): eight running extremes
/// and a NaN flag, then the lanes and the remainder combined in order; the first NaN, if any, is the
/// answer.
fn extreme<T: Ordered, const MAX: bool>(width: Width, xs: &[T]) -> T {
    let (acc, nan) = T::extremes(width, xs, MAX).unwrap_or_else(|| {
        // In a loop the compiler vectorizes.
        let mut acc = [xs[0]; 8];
        let mut nan = false;
        for c in xs.chunks_exact(8) {
            for k in 0..8 {
                let x = c[k];
                nan |= x.nan();
                acc[k] = if (MAX && x > acc[k]) || (!MAX && x < acc[k]) { x } else { acc[k] };
            }
        }
        (acc, nan)
    });
    let rest = &xs[xs.len() - xs.len() % 8..];
    if nan || rest.iter().any(|x| x.nan()) {
        return *xs.iter().find(|x| x.nan()).expect("a NaN was seen");
    }
    let best = acc.iter().fold(acc[0], |b, &x| pick(MAX, b, x));
    rest.iter().fold(best, |b, &x| pick(MAX, b, x))
}

/// `argmin` or `argmax`: the index of the first extreme (or of the first NaN).
struct ArgExtreme<T> {
    max: bool,
    _t: PhantomData<T>,
}

impl<T: Ordered> Reducer for ArgExtreme<T> {
    type In = T;
    type Acc = (T, usize);
    type Out = i64;
    fn chunk(&self, xs: &[T], base: usize) -> (T, usize) {
        let mut best = (xs[0], base);
        for (j, &x) in xs.iter().enumerate().skip(1) {
            if better(self.max, best.0, x) {
                best = (x, base + j);
            }
        }
        best
    }
    fn combine(&self, a: (T, usize), b: (T, usize)) -> (T, usize) {
        if better(self.max, a.0, b.0) {
            b
        } else {
            a
        }
    }
    fn finish(&self, acc: (T, usize), _: usize) -> i64 {
        acc.1 as i64
    }
    fn empty(&self) -> (T, usize) {
        (T::SOME, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_sum_of_tenths_in_f32_is_accurate() {
        let xs = vec![0.1f32; 1 << 20];
        let r = FloatSum::<f32> { ddof: None, _t: PhantomData };
        let partials: Vec<f32> = xs.chunks(CHUNK).enumerate().map(|(c, x)| r.chunk(x, c * CHUNK)).collect();
        let s = r.finish(r.tree(&partials), xs.len());
        // The exact sum of 2^20 float32 0.1s is 104857.6015625; float32 spacing there is 1/128.
        assert!((s as f64 - 104857.6015625).abs() <= 4.0 / 128.0, "{s}");
    }

    #[test]
    fn leaf_sums_give_the_pairwise_sum() {
        let xs: Vec<f64> = (0..CHUNK).map(|k| ((k * 7919) % 1000) as f64 * 1.37e-3 - 0.4).collect();
        for len in [0, 1, 7, 8, 9, 127, 128, 129, 135, 1000, 4096, 8191, CHUNK] {
            let x = &xs[..len];
            let main = len - len % 8;
            let leaves: Vec<f64> = x[..main].chunks(LEAF).map(leaf).collect();
            let got = pairwise_from_leaves(&leaves, &x[main..], main);
            assert_eq!(got.to_bits(), pairwise(x).to_bits(), "len {len}");
        }
    }

    #[test]
    fn extremes_propagate_the_first_nan() {
        let r = ArgExtreme::<f64> { max: true, _t: PhantomData };
        let (v, i) = r.chunk(&[1.0, 3.0, f64::NAN, 5.0, f64::NAN], 10);
        assert!(v.is_nan() && i == 12);
        let (v, i) = r.chunk(&[1.0, 3.0, 3.0, -5.0], 0);
        assert_eq!((v, i), (3.0, 1));
        let e = Extreme::<f64, false>(PhantomData);
        assert!(e.chunk(&[1.0, 3.0, f64::NAN, -5.0, 2.0, 2.0, 2.0, 2.0, 2.0, 9.0], 0).is_nan());
        assert_eq!(e.chunk(&[1.0, 3.0, 0.5, -5.0, 2.0, 2.0, 2.0, 2.0, 2.0, -9.0, 4.0], 0), -9.0);
        assert!(e.combine(1.0, f64::NAN).is_nan());
        assert!(e.combine(f64::NAN, 1.0).is_nan());
        assert_eq!(e.combine(1.0, -2.0), -2.0);
    }

    /// Values that test an order of additions and comparisons: mixed magnitudes that round, both zeros,
    /// infinities, and NaNs with distinct payloads (which one an addition keeps depends on the operands'
    /// order), at a seeded density.
    fn tricky(n: usize, seed: u64, specials: u64) -> Vec<f64> {
        let mut s = seed | 1;
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                let pick = s % 1000;
                if pick < specials {
                    [0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::from_bits(0x7ff8_0000_0000_0000 | (s >> 40))]
                        [(s >> 20) as usize % 5]
                } else {
                    let m = ((s >> 11) as f64 / (1u64 << 53) as f64) - 0.3;
                    m * [1.0, 1e-8, 3e7, 1e300, 1e-300][(s >> 3) as usize % 5]
                }
            })
            .collect()
    }

    /// Whether two NaNs count as the same here. A NaN's payload shows the order of the additions (of two
    /// NaNs, x86 keeps the first operand's), but only without optimization: an optimized build may swap
    /// the operands of the scalar references' additions (LLVM takes `fadd` as commutative), so there
    /// any NaN equals any NaN, as everywhere else in numjit's tests ("NaN payloads aside").
    fn nan_pair(p: bool, q: bool) -> bool {
        !cfg!(debug_assertions) && p && q
    }

    /// Every width this CPU has gives the 128-bit loops' bits, for sums (through the leaf routines) and
    /// extremes, both float types, every length up to a chunk's and beyond a group of leaves.
    #[test]
    fn every_width_reduces_to_the_same_bits() {
        let widths: Vec<Width> = [Width::W256, Width::W512].into_iter().filter(|w| w.available()).collect();
        if widths.is_empty() {
            eprintln!("skipped: this CPU has no 256-bit routines");
        }
        let lens = [1, 2, 7, 8, 9, 127, 128, 129, 1023, 1024, 1025, 2048, 2047, 3000, 5000, 8191, CHUNK];
        for (seed, specials) in [(1, 0), (2, 3), (3, 50), (4, 400)] {
            let x64 = tricky(CHUNK, seed, specials);
            let x32: Vec<f32> = x64.iter().map(|&v| v as f32).collect();
            for &len in &lens {
                let (a, b) = (&x64[..len], &x32[..len]);
                for &w in &widths {
                    let why = format!("len {len} seed {seed} at {} bits", w.bits());
                    let same64 = |p: f64, q: f64| p.to_bits() == q.to_bits() || nan_pair(p.is_nan(), q.is_nan());
                    let same32 = |p: f32, q: f32| p.to_bits() == q.to_bits() || nan_pair(p.is_nan(), q.is_nan());
                    // The leaf sums themselves, where a NaN's payload shows the order of every addition.
                    let mut sums = [0.0f64; CHUNK / LEAF];
                    let k = f64::leaf_sums(w, a, &mut sums);
                    assert_eq!(k, len / (8 * LEAF) * 8, "{why}");
                    for (j, (s, l)) in sums[..k].iter().zip(a.chunks(LEAF)).enumerate() {
                        assert!(same64(*s, leaf(l)), "leaf {j} {why}: {:x} {:x}", s.to_bits(), leaf(l).to_bits());
                    }
                    let mut sums = [0.0f32; CHUNK / LEAF];
                    let k = f32::leaf_sums(w, b, &mut sums);
                    for (j, (s, l)) in sums[..k].iter().zip(b.chunks(LEAF)).enumerate() {
                        assert!(same32(*s, leaf(l)), "leaf {j} {why}: {:x} {:x}", s.to_bits(), leaf(l).to_bits());
                    }
                    assert!(same64(pairwise_at(w, a), pairwise_at(Width::W128, a)), "sum f64 {why}");
                    assert!(same32(pairwise_at(w, b), pairwise_at(Width::W128, b)), "sum f32 {why}");
                    assert!(same64(extreme::<f64, true>(w, a), extreme::<f64, true>(Width::W128, a)), "max {why}");
                    assert!(same64(extreme::<f64, false>(w, a), extreme::<f64, false>(Width::W128, a)), "min {why}");
                    assert!(same32(extreme::<f32, true>(w, b), extreme::<f32, true>(Width::W128, b)), "max {why}");
                    assert!(same32(extreme::<f32, false>(w, b), extreme::<f32, false>(Width::W128, b)), "min {why}");
                }
            }
        }
    }

    /// The level-by-level tree of a power-of-two count adds in the recursion's order.
    #[test]
    fn halving_by_levels_is_the_recursive_tree() {
        fn reference(xs: &[f64]) -> f64 {
            match xs {
                [] => -0.0,
                [x] => *x,
                _ => reference(&xs[..xs.len() / 2]) + reference(&xs[xs.len() / 2..]),
            }
        }
        for specials in [0, 300] {
            let xs = tricky(CHUNK / LEAF, 5, specials);
            for n in 0..=CHUNK / LEAF {
                let (h, r) = (halving(&xs[..n]), reference(&xs[..n]));
                assert!(h.to_bits() == r.to_bits() || nan_pair(h.is_nan(), r.is_nan()), "{n}: {h} {r}");
            }
        }
    }

    /// The wide loops' ties: of equal extremes (both zeros) a lane keeps the first, as the scalar loop,
    /// wherever the two zeros fall.
    #[test]
    fn extremes_keep_the_first_of_equal_zeros_at_every_width() {
        let widths: Vec<Width> = [Width::W256, Width::W512].into_iter().filter(|w| w.available()).collect();
        for len in [16, 40, 72, 100] {
            for p in 0..len {
                for q in (p + 8..len).step_by(8) {
                    for (zp, zq) in [(0.0, -0.0), (-0.0, 0.0)] {
                        let mut xs = vec![-1.0f64; len];
                        (xs[p], xs[q]) = (zp, zq);
                        let ys: Vec<f32> = xs.iter().map(|&v| v as f32).collect();
                        let (nx, ny): (Vec<f64>, Vec<f32>) =
                            (xs.iter().map(|v| -v).collect(), ys.iter().map(|v| -v).collect());
                        let want = extreme::<f64, true>(Width::W128, &xs).to_bits();
                        assert_eq!(want, zp.to_bits(), "{p} {q}");
                        for &w in &widths {
                            let why = format!("{len} {p} {q} {zp} at {w:?}");
                            assert_eq!(extreme::<f64, true>(w, &xs).to_bits(), want, "{why}");
                            assert_eq!(extreme::<f32, true>(w, &ys).to_bits(), (zp as f32).to_bits(), "{why}");
                            assert_eq!(extreme::<f64, false>(w, &nx).to_bits(), (-zp).to_bits(), "{why}");
                            assert_eq!(extreme::<f32, false>(w, &ny).to_bits(), (-zp as f32).to_bits(), "{why}");
                        }
                    }
                }
            }
        }
    }
}
