//! The executor's safe entry points: evaluations over array views into a new array, into a given one, or
//! in place, and reductions likewise. Here the output is allocated, its overlaps with the inputs are
//! resolved (copied, refused, or read in place), and small contiguous results skip the planning; the
//! callers (the API layer) hold no raw pointer and write no `unsafe`.

use super::{broadcast, reduce, BlockKernel, KernelSource, Operand, Target};
use smallvec::SmallVec;

use crate::array::{from_vec, uninit_vec, ArrayMut, ArrayRef, DynArray, Element};
use crate::dtype::DType;
use crate::error::{format_shape, shape_mismatch, Error, ErrorKind, Result};
use crate::options::Options;

/// An evaluation's kernel: a source for the layout it meets, its all-contiguous variant where one is
/// compiled already (the JIT's: small contiguous results then run it directly), and which inputs it reads.
pub struct Kernels<'a> {
    pub source: &'a dyn KernelSource,
    pub contiguous: Option<&'a dyn BlockKernel>,
    pub used: &'a [bool],
}

/// One input of an evaluation that writes in place: a view, or the array being written itself (read
/// through the output's own pointer, element by element in place).
pub enum Arg<'a> {
    View(ArrayRef<'a>),
    Output,
}

impl<'a> Arg<'a> {
    /// The same argument, borrowed for less long (beside views of shorter-lived arrays).
    pub fn shorten<'b>(self) -> Arg<'b>
    where
        'a: 'b,
    {
        match self {
            Arg::View(v) => Arg::View(v.reborrow()),
            Arg::Output => Arg::Output,
        }
    }
}

/// Evaluates over `args` into a new C-order array of their broadcast shape.
pub fn new_array(k: &Kernels, args: &[ArrayRef], dtype: DType, opts: &Options) -> Result<DynArray> {
    let shapes: SmallVec<[&[usize]; 8]> = args.iter().map(|a| a.shape()).collect();
    let shape = broadcast::broadcast_shape(&shapes)?;
    macro_rules! alloc_run {
        ($t:ty) => {{
            let n = broadcast::checked_len(&shape, std::mem::size_of::<$t>())?;
            let mut v = uninit_vec::<$t>(n)?;
            let target = Target {
                ptr: v.as_mut_ptr() as *mut u8,
                dtype: <$t as Element>::DTYPE,
                strides: broadcast::c_strides(&shape),
            };
            // SAFETY: the inputs are views, alive for the call; the target is `n` elements of fresh memory in
            // C order, written once each, overlapping nothing.
            unsafe { run_views(k, args, target, &shape, opts)? };
            // SAFETY: `run_views` wrote all `n` elements.
            unsafe { v.set_len(n) };
            from_vec(&shape, v)
        }};
    }
    Ok(match dtype {
        DType::Bool => alloc_run!(bool),
        DType::I8 => alloc_run!(i8),
        DType::I16 => alloc_run!(i16),
        DType::I32 => alloc_run!(i32),
        DType::I64 => alloc_run!(i64),
        DType::U8 => alloc_run!(u8),
        DType::U16 => alloc_run!(u16),
        DType::U32 => alloc_run!(u32),
        DType::U64 => alloc_run!(u64),
        DType::F16 => alloc_run!(half::f16),
        DType::F32 => alloc_run!(f32),
        DType::F64 => alloc_run!(f64),
        // A kernel of a complex result writes each element's two parts side by side.
        DType::C64 => alloc_run!(num_complex::Complex<f32>),
        DType::C128 => alloc_run!(num_complex::Complex<f64>),
        DType::Bytes(_) => unreachable!("no expression computes byte strings (the type checker)"),
    })
}

/// Evaluates a complex result into a new C-order array of `dtype`: the kernels of `re` compute its real
/// parts and those of `im` its imaginary ones, each over its own inputs (all of which broadcast together),
/// one pass each, written in place between the other's.
pub fn new_complex<'a>(
    re: (&Kernels, &[ArrayRef<'a>]),
    im: (&Kernels, &[ArrayRef<'a>]),
    dtype: DType,
    opts: &Options,
) -> Result<DynArray> {
    let shapes: SmallVec<[&[usize]; 8]> = re.1.iter().chain(im.1).map(|a| a.shape()).collect();
    let shape = broadcast::broadcast_shape(&shapes)?;
    macro_rules! alloc_run {
        ($t:ty, $part:ident) => {{
            let n = broadcast::checked_len(&shape, std::mem::size_of::<num_complex::Complex<$t>>())?;
            let mut v = uninit_vec::<num_complex::Complex<$t>>(n)?;
            // Each part is every other float of the array.
            let strides: Vec<isize> = broadcast::c_strides(&shape).iter().map(|s| 2 * s).collect();
            let base = v.as_mut_ptr() as *mut u8;
            for (k, (kernels, args)) in [re, im].into_iter().enumerate() {
                let ptr = base.wrapping_add(k * std::mem::size_of::<$t>());
                let target = Target { ptr, dtype: DType::$part, strides: strides.clone() };
                // SAFETY: the inputs are views, alive for the call; the target is the real (or imaginary)
                // parts of `n` fresh complex elements in C order, written once each, overlapping nothing
                // the kernel reads.
                unsafe { run_views(kernels, args, target, &shape, opts)? };
            }
            // SAFETY: the two passes wrote both parts of all `n` elements.
            unsafe { v.set_len(n) };
            from_vec(&shape, v)
        }};
    }
    Ok(match dtype {
        DType::C64 => alloc_run!(f32, F32),
        DType::C128 => alloc_run!(f64, F64),
        other => unreachable!("{other} is not a complex dtype"),
    })
}

/// Whether any of `args` shares memory with `out`.
pub fn shares_memory(args: &[ArrayRef], out: &mut ArrayMut) -> bool {
    let (shape, strides, dtype) = (out.shape().to_vec(), out.strides().to_vec(), out.dtype());
    let ptr = out.ptr();
    args.iter().any(|a| overlaps(&operand(a), ptr, &shape, &strides, dtype))
}

/// Evaluates over `args` into `out`, whose shape they must broadcast to (the caller checked the dtype).
/// Inputs that overlap `out` other than exactly (the same place and layout) are copied first.
pub fn into_array(k: &Kernels, args: &[ArrayRef], out: &mut ArrayMut, opts: &Options) -> Result<()> {
    let mut shapes: Vec<&[usize]> = args.iter().map(|a| a.shape()).collect();
    let out_shape = out.shape().to_vec();
    shapes.push(&out_shape);
    let shape = broadcast::broadcast_shape(&shapes).map_err(|_| {
        let inputs: Vec<&[usize]> = args.iter().map(|a| a.shape()).collect();
        let in_shape = broadcast::broadcast_shape(&inputs).map(|s| format_shape(&s)).unwrap_or_default();
        let message = format!(
            "the inputs broadcast to {in_shape}, which does not fit the output's shape {}",
            format_shape(&out_shape)
        );
        Error::general(ErrorKind::Output { message })
    })?;
    if shape != out_shape {
        return Err(shape_mismatch(&shape, "the output", &out_shape));
    }
    let target = Target { ptr: out.ptr(), dtype: out.dtype(), strides: out.strides().to_vec() };
    let copies: Vec<Option<DynArray>> = args
        .iter()
        .zip(k.used)
        .map(|(a, &used)| (used && overlaps_inexactly(a, &target, &shape)).then(|| a.to_owned()))
        .collect();
    let args: Vec<ArrayRef<'_>> = args
        .iter()
        .zip(&copies)
        .map(|(a, c): (&ArrayRef<'_>, _)| match c {
            Some(c) => c.view(),
            None => a.view_short(),
        })
        .collect();
    // SAFETY: inputs are views alive for the call (or copies); the output is a mutable view (each element at
    // its own address) of the checked shape, and overlaps an input only exactly.
    unsafe { run_views(k, &args, target, &shape, opts) }
}

/// Evaluates into `out`, which the inputs `Arg::Output` read: `a = 2*a + b`. `names` name the inputs for
/// messages, `name` the output. An input view that shares memory with `out` is an error.
pub fn in_place(
    k: &Kernels,
    args: &[Arg],
    names: &[&str],
    name: &str,
    out: &mut ArrayMut,
    opts: &Options,
) -> Result<()> {
    let operands = operands_with(args, out);
    let (out_shape, out_strides, dtype) = (out.shape().to_vec(), out.strides().to_vec(), out.dtype());
    let out_ptr = out.ptr();
    for ((op, arg), (&used, input)) in operands.iter().zip(args).zip(k.used.iter().zip(names)) {
        if matches!(arg, Arg::View(_)) && used && overlaps(op, out_ptr, &out_shape, &out_strides, dtype) {
            let message = format!("`{input}` shares memory with `{name}`, which is being written");
            return Err(Error::general(ErrorKind::Input { message }));
        }
    }
    let shapes: Vec<&[usize]> = operands.iter().map(|o| o.shape.as_slice()).collect();
    let shape = broadcast::broadcast_shape(&shapes)?;
    if shape != out_shape {
        return Err(shape_mismatch(&shape, &format!("`{name}`"), &out_shape));
    }
    let target = Target { ptr: out_ptr, dtype, strides: out_strides };
    // SAFETY: the views are alive for the call and do not overlap the target; the target is read and
    // written through one pointer with one layout, each element in place.
    unsafe { super::run(k.source, &operands, k.used, target, &shape, opts) }
}

/// Reduces the kernel's values over `args` (read from `out` where they are `Arg::Output`, before anything
/// is written) into a new array; `shape` is their broadcast shape.
pub fn reduction(
    k: &Kernels,
    args: &[Arg],
    out: Option<&mut ArrayMut>,
    dtype: DType,
    shape: &[usize],
    spec: &reduce::Spec,
    opts: &Options,
) -> Result<DynArray> {
    let operands = match out {
        Some(out) => operands_with(args, out),
        None => args.iter().map(|a| operand_of(a).expect("`Arg::Output` comes with an output")).collect(),
    };
    // SAFETY: every operand is a view alive for the call, or `out`, borrowed for the call and only read.
    let result = unsafe { reduce::run(k.source, &operands, k.used, dtype, shape, spec, opts, None) }?;
    Ok(result.expect("a reduction without a destination returns its array"))
}

/// `reduction` written straight into `dest`, which must be C-contiguous in the result's shape and share no
/// memory with the inputs (`writes_directly` says so beforehand).
pub fn reduction_into(
    k: &Kernels,
    args: &[ArrayRef],
    dtype: DType,
    shape: &[usize],
    spec: &reduce::Spec,
    opts: &Options,
    dest: &mut ArrayMut,
) -> Result<()> {
    let result = reduce::result_shape(shape, spec.axes, spec.keepdims);
    if result != dest.shape() {
        return Err(shape_mismatch(&result, "the output", dest.shape()));
    }
    if !writes_directly(args, dest) {
        let message = "the output must be C-contiguous and share no memory with the inputs".to_owned();
        return Err(Error::general(ErrorKind::Output { message }));
    }
    let operands: Vec<Operand> = args.iter().map(operand).collect();
    // SAFETY: the operands are views alive for the call; `dest` is a mutable view, C-contiguous in the
    // result's shape, overlapping none of them.
    unsafe { reduce::run(k.source, &operands, k.used, dtype, shape, spec, opts, Some(dest.ptr())) }?;
    Ok(())
}

/// Whether a reduction's result can go straight into `dest`: C-contiguous, sharing memory with no input.
pub fn writes_directly(args: &[ArrayRef], dest: &mut ArrayMut) -> bool {
    let (shape, strides, dtype) = (dest.shape().to_vec(), dest.strides().to_vec(), dest.dtype());
    let ptr = dest.ptr();
    is_c_contiguous(&shape, &strides) && !args.iter().any(|a| overlaps(&operand(a), ptr, &shape, &strides, dtype))
}

/// Runs over views: small results whose used inputs and output are all C-contiguous in `shape` go straight
/// to the contiguous kernel, the rest through a plan.
///
/// # Safety
/// As `exec::run`, with the inputs given as views.
unsafe fn run_views(k: &Kernels, args: &[ArrayRef], target: Target, shape: &[usize], opts: &Options) -> Result<()> {
    let n: usize = shape.iter().product();
    if let Some(code) = k.contiguous {
        let small = n < opts.parallel_threshold
            && is_c_contiguous(shape, &target.strides)
            && args.iter().zip(k.used).all(|(a, &u)| !u || (a.shape() == shape && a.is_standard_layout()));
        if small {
            let ptrs: SmallVec<[*const u8; 8]> =
                args.iter().zip(k.used).map(|(a, &u)| if u { a.ptr() } else { std::ptr::null() }).collect();
            let sizes: SmallVec<[usize; 8]> = args.iter().map(|a| a.dtype().size()).collect();
            // SAFETY: every used input is a C-contiguous view of `n` elements, the target `n` contiguous
            // writable elements (the caller's), and `code` reads every input contiguously.
            unsafe { super::run_contiguous(code, &ptrs, &sizes, target.ptr, target.dtype.size(), n) };
            return Ok(());
        }
    }
    let operands: Vec<Operand> = args.iter().map(operand).collect();
    // SAFETY: the caller's guarantees.
    unsafe { super::run(k.source, &operands, k.used, target, shape, opts) }
}

/// An input view as the plan sees it. A byte-string view's strides, in bytes, are in whole strings (the
/// API layer passes only views whose strings lie contiguously at such strides).
fn operand(a: &ArrayRef) -> Operand {
    let strides = match a.dtype() {
        DType::Bytes(n) => a.strides().iter().map(|&s| if n == 0 { 0 } else { s / n as isize }).collect(),
        _ => a.strides().to_vec(),
    };
    Operand { ptr: a.ptr(), dtype: a.dtype(), shape: a.shape().to_vec(), strides }
}

fn operand_of(a: &Arg) -> Option<Operand> {
    match a {
        Arg::View(v) => Some(operand(v)),
        Arg::Output => None,
    }
}

/// The operands for `args`, `Arg::Output` read through `out`'s pointer.
fn operands_with(args: &[Arg], out: &mut ArrayMut) -> Vec<Operand> {
    let (shape, strides, dtype) = (out.shape().to_vec(), out.strides().to_vec(), out.dtype());
    let ptr = out.ptr() as *const u8;
    args.iter()
        .map(|a| {
            operand_of(a).unwrap_or_else(|| Operand { ptr, dtype, shape: shape.clone(), strides: strides.clone() })
        })
        .collect()
}

/// The byte range an array of `shape` and `strides` (elements) spans from `ptr`.
fn byte_range(ptr: usize, shape: &[usize], strides: &[isize], size: usize) -> (usize, usize) {
    let (mut lo, mut hi) = (0isize, 0isize);
    for (&d, &s) in shape.iter().zip(strides) {
        if d == 0 {
            return (ptr, ptr);
        }
        let ext = (d as isize - 1).wrapping_mul(s);
        if ext < 0 {
            lo += ext;
        } else {
            hi += ext;
        }
    }
    let base = ptr as isize;
    ((base + lo * size as isize) as usize, (base + (hi + 1) * size as isize) as usize)
}

/// Whether an array of `shape` and `strides` (elements) lies in C order with no gaps.
pub fn is_c_contiguous(shape: &[usize], strides: &[isize]) -> bool {
    let mut acc = 1isize;
    shape.iter().zip(strides).rev().all(|(&d, &s)| {
        let ok = d <= 1 || s == acc;
        acc = acc.wrapping_mul(d as isize);
        ok
    })
}

/// Whether operand `a` and an output of `shape` and `strides` at `ptr` share any bytes.
fn overlaps(a: &Operand, ptr: *mut u8, shape: &[usize], strides: &[isize], dtype: DType) -> bool {
    let (a0, a1) = byte_range(a.ptr as usize, &a.shape, &a.strides, a.dtype.size());
    let (o0, o1) = byte_range(ptr as usize, shape, strides, dtype.size());
    a0 < o1 && o0 < a1 && a0 != a1 && o0 != o1
}

/// Whether input `a` shares memory with the output without being exactly it.
fn overlaps_inexactly(a: &ArrayRef, out: &Target, shape: &[usize]) -> bool {
    if !overlaps(&operand(a), out.ptr, shape, &out.strides, out.dtype) {
        return false;
    }
    let same_layout = std::ptr::eq(a.ptr(), out.ptr)
        && a.dtype() == out.dtype
        && broadcast::broadcast_strides(a.shape(), a.strides(), shape)
            .iter()
            .zip(&out.strides)
            .zip(shape)
            .all(|((s, o), &d)| d <= 1 || s == o);
    !same_layout
}
