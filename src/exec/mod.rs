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
    /// `inputs[i]` must be valid for reading `len` elements of input `i`'s dtype, or one element where
    /// the kernel reads input `i` as a single value (a splat), or may be null where the input is unused;
    /// `output` must be valid for writing `len` elements of the result dtype, and `len` a multiple of
    /// `lanes()`.
    unsafe fn run(&self, inputs: &[*const u8], output: *mut u8, len: usize);
}

/// Where the executor gets its kernel from, once per evaluation: the layout decides which inputs are one
/// value along each stretch (`splat[i]`), and those are read once and broadcast in registers.
pub trait KernelSource: Sync {
    fn kernel(&self, splat: &[bool]) -> Result<Box<dyn BlockKernel + '_>>;
}

impl BlockKernel for std::sync::Arc<crate::jit::Code> {
    fn lanes(&self) -> usize {
        self.lanes
    }

    unsafe fn run(&self, inputs: &[*const u8], output: *mut u8, len: usize) {
        // SAFETY: the caller upholds `Code::call`'s contract, which is this trait's.
        unsafe { self.call(inputs, output, len) }
    }
}

/// The reference interpreter as a block kernel.
pub struct Interpreter<'g> {
    pub graph: &'g crate::ir::Graph,
    pub splat: Vec<bool>,
}

impl BlockKernel for Interpreter<'_> {
    fn lanes(&self) -> usize {
        1
    }

    unsafe fn run(&self, inputs: &[*const u8], output: *mut u8, len: usize) {
        let used = self.graph.used_inputs();
        // Splat inputs are widened to `len` copies: the interpreter is the plain reference.
        let owned: Vec<Option<Vec<u8>>> = inputs
            .iter()
            .zip(&self.graph.inputs)
            .zip(used.iter().zip(&self.splat))
            .map(|((&p, input), (&used, &splat))| {
                let n = if splat { 1 } else { len };
                // SAFETY: the caller guarantees `n` readable elements of each used input's dtype.
                let bytes = used.then(|| unsafe { std::slice::from_raw_parts(p, n * input.dtype.size()) });
                bytes.map(|b| if splat { b.repeat(len) } else { b.to_vec() })
            })
            .collect();
        let slices: Vec<Option<&[u8]>> = owned.iter().map(|o| o.as_deref()).collect();
        // SAFETY: the caller guarantees `len` writable elements of the result dtype.
        let out = unsafe { std::slice::from_raw_parts_mut(output, len * self.graph.dtype().size()) };
        crate::interp::eval_block(self.graph, &slices, out, len);
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
    /// One value along every block (stride 0 along the stretch a block covers): the kernel reads one
    /// element and broadcasts it in registers.
    splat: bool,
}

/// Everything a block needs, fixed for one evaluation.
pub(crate) struct Plan {
    inputs: Vec<PlanInput>,
    output: Target,
    layout: broadcast::Layout,
    block_size: usize,
    /// Whether blocks are cut at row ends (see `run`): then an input with stride 0 along rows is a splat,
    /// and one with stride 1 is read in place.
    rows: bool,
}

// SAFETY: a `Plan` holds pointers into arrays that the caller of `run` keeps alive and unaliased (inputs
// read-only, the output written by one block per element) for the whole evaluation; blocks are disjoint.
unsafe impl Send for Plan {}
// SAFETY: as above; shared access only reads the plan.
unsafe impl Sync for Plan {}

/// Rows at least this long are split into blocks on their own, so that rows are read in place and
/// broadcast columns are splats; shorter rows are gathered into blocks that span several of them.
pub const ROW_MIN: usize = 256;

/// Evaluates a kernel from `source` over `inputs` broadcast to `shape`, writing `output`.
///
/// `used[i]` says whether the kernel reads input `i` (an unused input only shapes the result).
///
/// # Safety
/// Each operand's pointer, shape and strides must describe elements valid for reading for the whole call,
/// and the target's pointer and strides, in `shape`, elements valid for writing, each element once (no two
/// indices at one address). The output may be one of the inputs only with the same pointer and the same
/// strides (in place); any other overlap is the caller's to resolve first.
pub unsafe fn run(
    source: &dyn KernelSource,
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
    // Blocks follow rows when rows are long and not all operands run contiguously across them.
    let rows = layout.dims.len() > 1 && *layout.dims.last().unwrap() >= ROW_MIN;
    let plan_inputs: Vec<PlanInput> = inputs
        .iter()
        .enumerate()
        .map(|(k, op)| {
            let s = &layout.strides[k];
            let splat = used[k] && if rows { *s.last().unwrap() == 0 } else { s.iter().all(|&s| s == 0) };
            PlanInput { ptr: op.ptr, dtype: op.dtype, used: used[k], splat }
        })
        .collect();
    let splat: Vec<bool> = plan_inputs.iter().map(|i| i.splat).collect();
    let kernel = source.kernel(&splat)?;
    let plan = Plan { inputs: plan_inputs, output, layout, block_size: opts.block_size.max(1), rows };
    // SAFETY: the caller's guarantees are the plan's.
    unsafe { parallel::run_blocks(&plan, &*kernel, n, opts) }
}
