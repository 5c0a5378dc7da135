//! One block: gather what cannot be read in place, run the kernel, scatter what cannot be written in place.
//!
//! Blocks are ranges of the result's C-order index space. How each operand is
//! reached was decided once for the evaluation (`How`): in place, through the kernel's contiguous, splat
//! or strided access, or copied through a per-thread buffer. The kernel needs lengths that are multiples of
//! its lane count, so the last `len % lanes` elements go through small padded buffers.

use std::cell::RefCell;

use super::{BlockKernel, How, Plan};

/// Per-thread buffers, reused by every block the thread runs (no allocation per block after the first).
#[derive(Default)]
pub struct Scratch {
    block: Vec<u64>,
    tail: Vec<u64>,
    ptrs: Vec<*const u8>,
    strides: Vec<isize>,
    /// The block's first element's index along each axis of the plan's layout.
    index: Vec<usize>,
    tail_ptrs: Vec<*const u8>,
    tail_strides: Vec<isize>,
    /// A reduction's values for one chunk.
    pub(super) reduce: Vec<u64>,
    /// One strip of a streamed output, and the block's input pointers while its strips run.
    stream: Vec<u64>,
    block_ptrs: Vec<*const u8>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's scratch buffers.
pub fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|s| match s.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        // Only reachable if a kernel re-entered the executor on this thread; use fresh buffers.
        Err(_) => f(&mut Scratch::default()),
    })
}

/// The offset in elements of C-order index `idx` in a layout with `dims` and `strides`.
pub(super) fn offset(dims: &[usize], strides: &[isize], mut idx: usize) -> isize {
    let mut off = 0isize;
    for k in (0..dims.len()).rev() {
        let d = dims[k];
        off += (idx % d) as isize * strides[k];
        idx /= d;
    }
    off
}

/// `index`, the C-order index `idx` split into one position per axis of `dims` (found once per block:
/// then each operand's offset is a sum of products, where `offset` divides once per axis and operand).
fn split_index(dims: &[usize], mut idx: usize, index: &mut Vec<usize>) {
    index.clear();
    index.resize(dims.len(), 0);
    for k in (0..dims.len()).rev() {
        index[k] = idx % dims[k];
        idx /= dims[k];
    }
}

/// The offset in elements of the element at `index` (per axis) in a layout with `strides`.
fn offset_at(index: &[usize], strides: &[isize]) -> isize {
    index.iter().zip(strides).map(|(&i, &s)| i as isize * s).sum()
}

/// 8-byte words a buffer holds per element of `size` bytes: at least two, a complex128 (byte strings
/// may be wider).
pub(super) fn words_per_element(size: usize) -> usize {
    size.div_ceil(8).max(2)
}

/// Copies `n` elements of `size` bytes from `src` (stride `ss` elements) to `dst` (stride `ds`).
///
/// # Safety
/// Both ranges must be valid for the accesses; they must not overlap.
unsafe fn copy_strided(src: *const u8, ss: isize, dst: *mut u8, ds: isize, n: usize, size: usize) {
    macro_rules! each {
        ($t:ty) => {{
            let (s, d) = (src as *const $t, dst as *mut $t);
            for j in 0..n as isize {
                // SAFETY: the caller guarantees `n` elements at these strides are valid.
                unsafe { d.offset(j * ds).write_unaligned(s.offset(j * ss).read_unaligned()) };
            }
        }};
    }
    if ss == 1 && ds == 1 {
        // SAFETY: as above, and contiguous.
        unsafe { std::ptr::copy_nonoverlapping(src, dst, n * size) };
        return;
    }
    match size {
        1 => each!(u8),
        2 => each!(u16),
        4 => each!(u32),
        8 => each!(u64),
        16 => each!(u128),
        _ => {
            // Byte strings of any other width, one after another.
            for j in 0..n as isize {
                // SAFETY: as above, `size` bytes at each index.
                unsafe {
                    std::ptr::copy_nonoverlapping(
                        src.offset(j * ss * size as isize),
                        dst.offset(j * ds * size as isize),
                        size,
                    )
                };
            }
        }
    }
}

/// Walks the block `start..start + len` of one operand row by row, calling `f(elem_offset, dst_index,
/// count, inner_stride)` for each contiguous stretch of the C-order index space.
fn for_rows(plan: &Plan, op: usize, start: usize, len: usize, mut f: impl FnMut(isize, usize, usize, isize)) {
    let dims = &plan.layout.dims;
    let strides = &plan.layout.strides[op];
    let inner = *dims.last().unwrap();
    let s_inner = *strides.last().unwrap();
    let (mut i, end) = (start, start + len);
    while i < end {
        let seg = (inner - i % inner).min(end - i);
        f(offset(dims, strides, i), i - start, seg, s_inner);
        i += seg;
    }
}

/// Runs the block `start..start + len`, writing the plan's output, or `len` contiguous elements at `dest`
/// where the plan's output is `How::Buffer`.
///
/// # Safety
/// The plan's pointers must be valid for their layouts (see `Plan`), and no other thread may write the
/// output elements of this block; `dest`, where used, must be valid for `len` elements.
pub unsafe fn run_block(
    plan: &Plan,
    kernel: &dyn BlockKernel,
    start: usize,
    len: usize,
    sc: &mut Scratch,
    dest: *mut u8,
) {
    let n_in = plan.inputs.len();
    // Each operand's buffer: `len` elements of the plan's widest, in 8-byte words.
    let slot = plan.words * len;
    if sc.block.len() < (n_in + 1) * slot {
        sc.block.resize((n_in + 1) * slot, 0);
    }
    let dims = &plan.layout.dims;
    let out_op = n_in;
    let out = &plan.output;

    // Step 1: each input's pointer and byte stride: in place, or gathered into a buffer.
    sc.ptrs.clear();
    sc.strides.clear();
    split_index(dims, start, &mut sc.index);
    for (k, input) in plan.inputs.iter().enumerate() {
        let size = input.dtype.size() as isize;
        let strides = &plan.layout.strides[k];
        let (p, stride) = match input.how {
            How::Unused | How::Buffer => (std::ptr::null(), 0),
            // SAFETY: the block's elements lie inside the operand's valid layout, at this stride.
            How::InPlace => (unsafe { input.ptr.offset(offset_at(&sc.index, strides) * size) }, plan.stride(k) * size),
            How::Gather => {
                let buf = sc.block[k * slot..].as_mut_ptr() as *mut u8;
                for_rows(plan, k, start, len, |off, dst, n, s| {
                    // SAFETY: `off` and `s` stay inside the operand's layout; the buffer holds `block` elements.
                    unsafe {
                        copy_strided(input.ptr.offset(off * size), s, buf.add(dst * size as usize), 1, n, size as usize)
                    }
                });
                (buf as *const u8, size)
            }
        };
        sc.ptrs.push(p);
        sc.strides.push(stride);
    }

    // Step 2: the output's pointer and byte stride: in place, or this thread's buffer.
    let size = out.dtype.size();
    let gathered = plan.out_how == How::Gather;
    let (out_ptr, out_stride) = if plan.out_how == How::Buffer {
        (dest, size as isize)
    } else if gathered {
        (sc.block[out_op * slot..].as_mut_ptr() as *mut u8, size as isize)
    } else {
        // SAFETY: as for inputs; this block's output elements belong to this call alone.
        let p = unsafe { out.ptr.offset(offset_at(&sc.index, &plan.layout.strides[out_op]) * size as isize) };
        (p, plan.stride(out_op) * size as isize)
    };
    sc.strides.push(out_stride);

    // Step 3: the kernel, with every access contiguous in the padded remainder but for splats.
    let (sizes, splat) = (|k: usize| plan.inputs[k].dtype.size(), |k: usize| plan.splat(k));
    if plan.stream {
        // SAFETY: as below; a streamed plan's output is in place and contiguous (`exec::run`).
        unsafe { run_streamed(kernel, sc, sizes, splat, plan.words, out_ptr, size, len) };
    } else {
        // SAFETY: every pointer is valid for `len` elements at its stride (splats for one).
        unsafe { run_kernel(kernel, sc, sizes, splat, plan.words, out_ptr, size, len) };
    }

    // Step 4: scatter a gathered output.
    if gathered {
        let buf = out_ptr as *const u8;
        for_rows(plan, out_op, start, len, |off, src, n, s| {
            // SAFETY: the output layout is valid and this block's elements are written by this call only.
            unsafe { copy_strided(buf.add(src * size), 1, out.ptr.offset(off * size as isize), s, n, size) }
        });
    }
}

/// The kernel over `len` elements whose pointers and byte strides (the output's last) are in `sc.ptrs`
/// and `sc.strides`: whole multiples of its lanes where they are, the rest through the padded buffers, in
/// which every access is contiguous (a stride of one element) but for splats, which keep their pointer;
/// they hold `words` 8-byte words per element.
///
/// # Safety
/// Each non-null `sc.ptrs[k]` must be valid for `len` elements of `size(k)` bytes at `sc.strides[k]` (one
/// element where `splat(k)`), and `out` for `len` elements of `out_size` bytes at the output's stride;
/// `words` must be at least `words_per_element` of every size.
#[allow(clippy::too_many_arguments)]
unsafe fn run_kernel(
    kernel: &dyn BlockKernel,
    sc: &mut Scratch,
    size: impl Fn(usize) -> usize,
    splat: impl Fn(usize) -> bool,
    words: usize,
    out: *mut u8,
    out_size: usize,
    len: usize,
) {
    let (n_in, lanes) = (sc.ptrs.len(), kernel.lanes());
    let slot = words * lanes;
    if sc.tail.len() < (n_in + 1) * slot {
        sc.tail.resize((n_in + 1) * slot, 0);
    }
    let main = len - len % lanes;
    if main > 0 {
        // SAFETY: every pointer is valid for `len >= main` elements at its stride.
        unsafe { kernel.run(&sc.ptrs, &sc.strides, out, main) };
    }
    let rest = len - main;
    if rest == 0 {
        return;
    }
    sc.tail_ptrs.clear();
    sc.tail_strides.clear();
    for k in 0..n_in {
        let (p, stride, s) = (sc.ptrs[k], sc.strides[k], size(k));
        if p.is_null() || splat(k) || s == 0 {
            // (Empty byte strings have no bytes to copy.)
            sc.tail_ptrs.push(p);
        } else {
            let tail = sc.tail[k * slot..].as_mut_ptr() as *mut u8;
            // SAFETY: `rest` elements remain after `main` at this stride; the tail holds `lanes`.
            unsafe { copy_strided(p.offset(main as isize * stride), stride / s as isize, tail, 1, rest, s) };
            sc.tail_ptrs.push(tail);
        }
        sc.tail_strides.push(s as isize);
    }
    sc.tail_strides.push(out_size as isize);
    let out_stride = sc.strides[n_in];
    let tail_out = sc.tail[n_in * slot..].as_mut_ptr() as *mut u8;
    // SAFETY: the padded buffers hold `lanes` elements each; the output has `rest` more at its stride.
    unsafe {
        kernel.run(&sc.tail_ptrs, &sc.tail_strides, tail_out, lanes);
        let dst = out.offset(main as isize * out_stride);
        copy_strided(tail_out, 1, dst, out_stride / out_size as isize, rest, out_size);
    }
}

/// Bytes of output a streamed block computes into its buffer at a time: small enough to stay in L1.
const STREAM_STRIP: usize = 8192;

/// `run_kernel` for a contiguous output written with streaming stores: strip by strip into this thread's
/// buffer, then streamed out (`wide::stream`). The same kernel over the same elements, so the same bits.
///
/// # Safety
/// As `run_kernel`, with the output contiguous (`out_size` bytes apart).
#[allow(clippy::too_many_arguments)]
unsafe fn run_streamed(
    kernel: &dyn BlockKernel,
    sc: &mut Scratch,
    size: impl Fn(usize) -> usize,
    splat: impl Fn(usize) -> bool,
    words: usize,
    out: *mut u8,
    out_size: usize,
    len: usize,
) {
    let mut buf = std::mem::take(&mut sc.stream);
    buf.resize(STREAM_STRIP / 8, 0);
    let mut base = std::mem::take(&mut sc.block_ptrs);
    base.clear();
    base.extend_from_slice(&sc.ptrs);
    let strip = STREAM_STRIP / out_size;
    let mut j = 0;
    while j < len {
        let n = strip.min(len - j);
        for (k, &p) in base.iter().enumerate() {
            // SAFETY: element `j < len` of a non-splat input lies inside its valid range at its stride.
            sc.ptrs[k] = if p.is_null() || splat(k) { p } else { unsafe { p.offset(j as isize * sc.strides[k]) } };
        }
        let dst = buf.as_mut_ptr() as *mut u8;
        // SAFETY: the inputs are valid for the `n` elements from `j`; the buffer holds `STREAM_STRIP`
        // bytes, `strip >= n` elements; the output has `n` elements from `j`, not overlapping the buffer.
        unsafe {
            run_kernel(kernel, sc, &size, &splat, words, dst, out_size, n);
            crate::wide::stream::copy(dst, out.add(j * out_size), n * out_size);
        }
        j += n;
    }
    crate::wide::stream::fence();
    sc.ptrs.copy_from_slice(&base);
    sc.stream = buf;
    sc.block_ptrs = base;
}

/// Evaluates `n` elements on the calling thread where every used input and the output are contiguous
/// with the result's shape (nothing broadcast): the small-array path, with no planning and no allocation
/// after warm-up.
///
/// # Safety
/// Each non-null `inputs[i]` must be valid for reading `n` elements of `sizes[i]` bytes, `output` for
/// writing `n` elements of `out_size` bytes, and `kernel` must read every input contiguously.
pub unsafe fn run_contiguous(
    kernel: &dyn BlockKernel,
    inputs: &[*const u8],
    sizes: &[usize],
    output: *mut u8,
    out_size: usize,
    n: usize,
) {
    with_scratch(|sc| {
        sc.ptrs.clear();
        sc.ptrs.extend_from_slice(inputs);
        sc.strides.clear();
        sc.strides.extend(sizes.iter().map(|&s| s as isize));
        sc.strides.push(out_size as isize);
        let words = sizes.iter().chain([&out_size]).map(|&s| words_per_element(s)).max().unwrap_or(2);
        // SAFETY: the caller's guarantees; every access is contiguous.
        unsafe { run_kernel(kernel, sc, |k| sizes[k], |_| false, words, output, out_size, n) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_split_once_gives_every_operands_offset() {
        let dims = [3usize, 4, 5];
        let layouts: [[isize; 3]; 3] = [[20, 5, 1], [1, 3, 12], [-7, 0, 2]];
        let mut index = Vec::new();
        for idx in 0..60 {
            split_index(&dims, idx, &mut index);
            assert_eq!(index, [idx / 20, idx / 5 % 4, idx % 5]);
            for strides in &layouts {
                assert_eq!(offset_at(&index, strides), offset(&dims, strides, idx), "{idx} {strides:?}");
            }
        }
    }
}
