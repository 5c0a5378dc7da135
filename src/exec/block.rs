//! One block: gather what is not contiguous, run the kernel, scatter what is not contiguous.
//!
//! Blocks are ranges of the result's C-order index space. An operand whose block lies inside one
//! contiguous row is read (or written) in place; any other is copied through a per-thread buffer. The
//! kernel needs lengths that are multiples of its lane count, so the last `len % lanes` elements go
//! through small padded buffers.

use std::cell::RefCell;

use super::{BlockKernel, Plan};

/// Per-thread buffers, reused by every block the thread runs (no allocation per block after the first).
#[derive(Default)]
pub struct Scratch {
    block: Vec<u64>,
    tail: Vec<u64>,
    ptrs: Vec<*const u8>,
    tail_ptrs: Vec<*const u8>,
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
fn offset(dims: &[usize], strides: &[isize], mut idx: usize) -> isize {
    let mut off = 0isize;
    for k in (0..dims.len()).rev() {
        let d = dims[k];
        off += (idx % d) as isize * strides[k];
        idx /= d;
    }
    off
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
        4 => each!(u32),
        8 => each!(u64),
        _ => unreachable!("element sizes are 1, 4 or 8"),
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

/// Whether operand `op`'s block can be used in place.
fn in_place(plan: &Plan, op: usize, start: usize, len: usize) -> bool {
    let inner = *plan.layout.dims.last().unwrap();
    *plan.layout.strides[op].last().unwrap() == 1 && start / inner == (start + len - 1) / inner
}

/// Runs the block `start..start + len`.
///
/// # Safety
/// The plan's pointers must be valid for their layouts (see `Plan`), and no other thread may write the
/// output elements of this block.
pub unsafe fn run_block(plan: &Plan, kernel: &dyn BlockKernel, start: usize, len: usize, sc: &mut Scratch) {
    let n_in = plan.inputs.len();
    let block = plan.block_size;
    let lanes = kernel.lanes();
    if sc.block.len() < (n_in + 1) * block {
        sc.block.resize((n_in + 1) * block, 0);
    }
    if sc.tail.len() < (n_in + 1) * lanes {
        sc.tail.resize((n_in + 1) * lanes, 0);
    }
    let out_op = n_in;
    let out = &plan.output;

    // Step 1: the input pointers, in place or gathered into this thread's buffers.
    sc.ptrs.clear();
    for (k, input) in plan.inputs.iter().enumerate() {
        let size = input.dtype.size();
        let p = if !input.used {
            std::ptr::null()
        } else if input.splat || in_place(plan, k, start, len) {
            // SAFETY: the block's elements lie in one row of the operand's valid layout (for a splat, the
            // one element the kernel reads is the block's first).
            unsafe { input.ptr.offset(offset(&plan.layout.dims, &plan.layout.strides[k], start) * size as isize) }
        } else {
            let buf = sc.block[k * block..].as_mut_ptr() as *mut u8;
            for_rows(plan, k, start, len, |off, dst, n, s| {
                // SAFETY: `off` and `s` stay inside the operand's layout; the buffer holds `block` elements.
                unsafe { copy_strided(input.ptr.offset(off * size as isize), s, buf.add(dst * size), 1, n, size) }
            });
            buf as *const u8
        };
        sc.ptrs.push(p);
    }

    // Step 2: the output pointer, in place or this thread's buffer.
    let size = out.dtype.size();
    let direct = in_place(plan, out_op, start, len);
    let out_ptr = if direct {
        // SAFETY: as for inputs; this block's output elements belong to this call alone.
        unsafe { out.ptr.offset(offset(&plan.layout.dims, &plan.layout.strides[out_op], start) * size as isize) }
    } else {
        sc.block[out_op * block..].as_mut_ptr() as *mut u8
    };

    // Step 3: the kernel over whole multiples of its lanes, then the rest through padded buffers.
    let main = len - len % lanes;
    if main > 0 {
        // SAFETY: every pointer is valid for `len >= main` elements of its dtype.
        unsafe { kernel.run(&sc.ptrs, out_ptr, main) };
    }
    let rest = len - main;
    if rest > 0 {
        sc.tail_ptrs.clear();
        for (k, input) in plan.inputs.iter().enumerate() {
            let tail = sc.tail[k * lanes..].as_mut_ptr() as *mut u8;
            if input.splat {
                sc.tail_ptrs.push(sc.ptrs[k]);
                continue;
            }
            if input.used {
                let s = input.dtype.size();
                // SAFETY: `rest` elements remain after `main` in the input's block; the tail holds `lanes`.
                unsafe { copy_strided(sc.ptrs[k].add(main * s), 1, tail, 1, rest, s) };
            }
            sc.tail_ptrs.push(tail);
        }
        let tail_out = sc.tail[n_in * lanes..].as_mut_ptr() as *mut u8;
        // SAFETY: the padded buffers hold `lanes` elements each.
        unsafe {
            kernel.run(&sc.tail_ptrs, tail_out, lanes);
            copy_strided(tail_out, 1, out_ptr.add(main * size), 1, rest, size);
        }
    }

    // Step 4: scatter a gathered output.
    if !direct {
        let buf = out_ptr as *const u8;
        for_rows(plan, out_op, start, len, |off, src, n, s| {
            // SAFETY: the output layout is valid and this block's elements are written by this call only.
            unsafe { copy_strided(buf.add(src * size), 1, out.ptr.offset(off * size as isize), s, n, size) }
        });
    }
}
