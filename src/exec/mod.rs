//! The executor: arrays in, a kernel run over them block by block, on one thread or many.
//!
//! It owns everything about memory: broadcasting shapes and strides (`broadcast`), splitting the result's
//! index space into blocks whose boundaries depend only on the size (`block`), gathering strided,
//! reversed, transposed and broadcast operands into per-thread buffers, and running blocks on rayon
//! (`parallel`). It sees a kernel only as a function over contiguous stretches (`BlockKernel`), never
//! the IR. With its sibling `jit::abi`, this is where numjit handles raw pointers.

mod block;
pub mod broadcast;
mod parallel;

pub use broadcast::{broadcast_shape, c_strides};
pub use parallel::Options;

use crate::dtype::DType;
use crate::error::{Error, ErrorKind, Result};

/// A function over contiguous stretches: the JIT's compiled code, or the interpreter.
pub trait BlockKernel: Sync {
    /// `run`'s length must be a multiple of this.
    fn lanes(&self) -> usize;

    /// Computes `len` elements.
    ///
    /// # Safety
    /// `inputs[i]` must be valid for reading `len` elements of input `i`'s dtype (or may be null where
    /// the input is unused), `output` valid for writing `len` elements of the result dtype, and `len` a
    /// multiple of `lanes()`.
    unsafe fn run(&self, inputs: &[*const u8], output: *mut u8, len: usize);
}

impl BlockKernel for crate::jit::Code {
    fn lanes(&self) -> usize {
        self.lanes
    }

    unsafe fn run(&self, inputs: &[*const u8], output: *mut u8, len: usize) {
        // SAFETY: the caller upholds `Code::call`'s contract, which is this trait's.
        unsafe { self.call(inputs, output, len) }
    }
}

/// The reference interpreter as a block kernel.
pub struct Interpreter<'g>(pub &'g crate::ir::Graph);

impl BlockKernel for Interpreter<'_> {
    fn lanes(&self) -> usize {
        1
    }

    unsafe fn run(&self, inputs: &[*const u8], output: *mut u8, len: usize) {
        let used = self.0.used_inputs();
        let slices: Vec<Option<&[u8]>> = inputs
            .iter()
            .zip(&self.0.inputs)
            .zip(used)
            .map(|((&p, input), used)| {
                // SAFETY: the caller guarantees `len` readable elements of each used input's dtype.
                used.then(|| unsafe { std::slice::from_raw_parts(p, len * input.dtype.size()) })
            })
            .collect();
        // SAFETY: the caller guarantees `len` writable elements of the result dtype.
        let out = unsafe { std::slice::from_raw_parts_mut(output, len * self.0.dtype().size()) };
        crate::interp::eval_block(self.0, &slices, out, len);
    }
}

/// An input array: where its element 0 is, and its shape and strides in elements.
#[derive(Clone, Debug)]
pub struct Operand {
    pub ptr: *const u8,
    pub dtype: DType,
    pub shape: Vec<usize>,
    pub strides: Vec<isize>,
}

/// The output array, in the broadcast shape.
#[derive(Clone, Debug)]
pub struct Target {
    pub ptr: *mut u8,
    pub dtype: DType,
    pub strides: Vec<isize>,
}

/// An input as the blocks see it.
struct PlanInput {
    ptr: *const u8,
    dtype: DType,
    used: bool,
    /// For an operand that is one value everywhere (0-d, or broadcast along every axis): a block's worth
    /// of it, filled once per evaluation.
    filled: Option<Vec<u64>>,
}

/// Everything a block needs, fixed for one evaluation.
pub(crate) struct Plan {
    inputs: Vec<PlanInput>,
    output: Target,
    layout: broadcast::Layout,
    block_size: usize,
}

// SAFETY: a `Plan` holds pointers into arrays that the caller of `run` keeps alive and unaliased (inputs
// read-only, the output written by one block per element) for the whole evaluation; blocks are disjoint.
unsafe impl Send for Plan {}
// SAFETY: as above; shared access only reads the plan.
unsafe impl Sync for Plan {}

/// Evaluates `kernel` over `inputs` broadcast to `shape`, writing `output`.
///
/// `used[i]` says whether the kernel reads input `i` (an unused input only shapes the result).
///
/// # Safety
/// Each operand's pointer, shape and strides must describe elements valid for reading for the whole call,
/// and the target's pointer and strides, in `shape`, elements valid for writing, each element once (no two
/// indices at one address). The output may be one of the inputs only with the same pointer and the same
/// strides (in place); any other overlap is the caller's to resolve first.
pub unsafe fn run(
    kernel: &dyn BlockKernel,
    inputs: &[Operand],
    used: &[bool],
    output: Target,
    shape: &[usize],
    opts: &Options,
) -> Result<()> {
    let n = broadcast::checked_len(shape, output.dtype.size())?;
    if n == 0 {
        return Ok(());
    }
    let block_size = opts.block_size.max(1);
    let mut strides: Vec<Vec<isize>> =
        inputs.iter().map(|op| broadcast::broadcast_strides(&op.shape, &op.strides, shape)).collect();
    strides.push(output.strides.clone());
    for (k, (&d, &s)) in shape.iter().zip(&output.strides).enumerate() {
        if d > 1 && s == 0 {
            let message = format!("the output's axis {k} has stride 0: it would write one element many times");
            return Err(Error::general(ErrorKind::Output { message }));
        }
    }
    let layout = broadcast::coalesce(shape, &strides);
    let plan_inputs = inputs
        .iter()
        .enumerate()
        .map(|(k, op)| {
            let constant = layout.strides[k].iter().all(|&s| s == 0);
            let filled = (used[k] && constant).then(|| {
                let size = op.dtype.size();
                let mut buf = vec![0u64; block_size.max(kernel.lanes())];
                let bytes = buf.as_mut_ptr() as *mut u8;
                for j in 0..buf.len() {
                    // SAFETY: element 0 of the operand is readable (n > 0); the buffer holds
                    // `buf.len()` u64s, room for as many elements of any dtype.
                    unsafe { std::ptr::copy_nonoverlapping(op.ptr, bytes.add(j * size), size) };
                }
                buf
            });
            PlanInput { ptr: op.ptr, dtype: op.dtype, used: used[k], filled }
        })
        .collect();
    let plan = Plan { inputs: plan_inputs, output, layout, block_size };
    // SAFETY: the caller's guarantees are the plan's.
    unsafe { parallel::run_blocks(&plan, kernel, n, opts) }
}
