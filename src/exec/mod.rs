//! The executor: arrays in, a kernel run over them block by block, on one thread or many.
//!
//! It owns everything about memory: broadcasting shapes and strides (`broadcast`), splitting the result's
//! index space into blocks whose boundaries depend only on the size (`block`), gathering strided,
//! reversed, transposed and broadcast operands into per-thread buffers, and running blocks on rayon
//! (`parallel`). It sees a kernel only as a function over contiguous stretches (`contract::BlockKernel`),
//! and a reduction only as a `contract::ReduceOp`: it imports nothing from `ir`, `jit` or `interp`. With
//! `jit::abi`, this is where numjit handles raw pointers.

mod block;
pub mod broadcast;
pub mod eval;
pub mod matmul;
pub mod memory;
mod parallel;
pub mod reduce;

pub use block::run_contiguous;
pub use broadcast::broadcast_shape;

pub use crate::contract::{Access, BlockKernel, ElementKernel, KernelSource, Signature};
use crate::dtype::DType;
use crate::error::{Error, ErrorKind, Result};
use crate::options::Options;

/// An `ElementKernel` (the interpreter) as a block kernel: each input is first copied into `len`
/// contiguous elements, the kernel computes into a buffer, and the result is written where the signature
/// says (as leaf sums for `Access::Leaves`).
pub struct ByElement<K> {
    pub kernel: K,
    pub sig: Signature,
}

impl<K: ElementKernel> BlockKernel for ByElement<K> {
    fn lanes(&self) -> usize {
        1
    }

    unsafe fn run(&self, inputs: &[*const u8], strides: &[isize], output: *mut u8, len: usize) {
        let used = self.kernel.used();
        let dtypes = self.kernel.input_dtypes();
        let owned: Vec<Option<Vec<u8>>> = (0..inputs.len())
            .map(|k| {
                let size = dtypes[k].size();
                used[k].then(|| {
                    let step = match self.sig.inputs[k] {
                        Access::Splat => 0,
                        Access::Contiguous | Access::Leaves => size as isize,
                        Access::Strided => strides[k],
                    };
                    let mut bytes = vec![0u8; len * size];
                    for j in 0..len {
                        // SAFETY: the caller guarantees the element at this step is readable.
                        let src = unsafe { std::slice::from_raw_parts(inputs[k].offset(j as isize * step), size) };
                        bytes[j * size..(j + 1) * size].copy_from_slice(src);
                    }
                    bytes
                })
            })
            .collect();
        let slices: Vec<Option<&[u8]>> = owned.iter().map(|o| o.as_deref()).collect();
        let dtype = self.kernel.dtype();
        let size = dtype.size();
        let mut out = vec![0u8; len * size];
        self.kernel.eval(&slices, &mut out, len);
        if self.sig.output == Access::Leaves {
            let sums = reduce::leaf_sums_bytes(dtype, &out);
            // SAFETY: the caller guarantees room for one sum per leaf of `len` elements.
            unsafe { std::ptr::copy_nonoverlapping(sums.as_ptr(), output, sums.len()) };
            return;
        }
        let step = match self.sig.output {
            Access::Strided => strides[inputs.len()],
            _ => size as isize,
        };
        for j in 0..len {
            // SAFETY: the caller guarantees the element at this step is writable.
            let dst = unsafe { std::slice::from_raw_parts_mut(output.offset(j as isize * step), size) };
            dst.copy_from_slice(&out[j * size..(j + 1) * size]);
        }
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

/// How an operand is reached, decided once per evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum How {
    /// Not read by the kernel.
    Unused,
    /// Read or written where it is: contiguous, as a splat, or at a stride.
    InPlace,
    /// Copied through a per-thread buffer block by block.
    Gather,
    /// (The output only) written to a buffer the caller of `run_block` passes.
    Buffer,
}

/// Where a plan's kernel writes a block's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sink {
    /// Into the output, in place (or gathered into a buffer and scattered, as its layout asks).
    InPlace,
    /// Into a per-thread buffer in C order, contiguous (a reduction's chunk).
    Buffer,
    /// Into a per-thread buffer, one partial sum per `LEAF` elements (`Access::Leaves`).
    Leaves,
}

/// An input as the blocks see it.
struct PlanInput {
    ptr: *const u8,
    dtype: DType,
    how: How,
}

/// Everything a block needs, fixed for one evaluation.
pub(crate) struct Plan {
    inputs: Vec<PlanInput>,
    output: Target,
    out_how: How,
    /// How the kernel accesses each input and the output.
    sig: Signature,
    layout: broadcast::Layout,
    block_size: usize,
    /// 8-byte words per element of the block's buffers: enough for the widest operand.
    words: usize,
    /// Whether blocks are cut at row ends (see `run`).
    rows: bool,
    /// Whether the output, in place with a stride of one element along blocks, is written with streaming
    /// stores (see `STREAM_MIN`).
    stream: bool,
}

impl Plan {
    /// The element stride along a block of operand `op` (the output is `inputs.len()`).
    fn stride(&self, op: usize) -> isize {
        *self.layout.strides[op].last().unwrap()
    }

    fn splat(&self, k: usize) -> bool {
        self.sig.inputs[k] == Access::Splat
    }

    /// Whether the index range `start..start + len` is one stretch for `run_block`: always, unless blocks
    /// follow rows and the range crosses a row's end.
    fn within_row(&self, start: usize, len: usize) -> bool {
        let row = *self.layout.dims.last().unwrap();
        !self.rows || start % row + len <= row
    }
}

// SAFETY: a `Plan` holds pointers into arrays that the caller of `run` keeps alive and unaliased (inputs
// read-only, the output written by one block per element) for the whole evaluation; blocks are disjoint.
unsafe impl Send for Plan {}
// SAFETY: as above; shared access only reads the plan.
unsafe impl Sync for Plan {}

/// Outputs of at least this many bytes (four times a 32 MiB last-level cache) are written with streaming
/// stores where the kernel reads at most `STREAM_MAX_READS` arrays: there they avoid the write-allocate
/// read, a third or a quarter of the traffic. Measured on a Zen 4 (2 threads, n = 10^8 float64,
/// streamed / plain time): `2*a` 0.76, `a*b` 0.89, `where(a>0.5,a,b)` 0.91, `2*a+3*b-c` 0.96 and
/// `a*b+c*d` 0.99; at one thread `2*a+3*b-c` 1.02 to 1.07 and `a*b+c*d` up to 1.3, so three or more
/// arrays read keep plain stores; below 10^7 elements streaming lost (up to 1.3x slower).
pub const STREAM_MIN: usize = 128 << 20;
/// See `STREAM_MIN`.
pub const STREAM_MAX_READS: usize = 2;

/// `NUMJIT_STREAM_MIN=<bytes>`, read once: every contiguous output of at least that many bytes streams,
/// whatever the kernel reads (the tests set 0).
fn stream_override() -> Option<usize> {
    static MIN: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
    *MIN.get_or_init(|| std::env::var("NUMJIT_STREAM_MIN").ok().and_then(|v| v.parse().ok()))
}

/// The most bytes a block's buffer for one operand holds where an operand is wider than 16 bytes (a byte
/// string): blocks are cut shorter (for elementwise results any block size gives the same bits; a
/// reduction then computes its chunks' values block by block, the same values).
pub const WIDE_BLOCK_BYTES: usize = 1 << 20;

/// Rows at least this long are split into blocks on their own, so that every operand is read in place:
/// contiguous, at a stride, or as a splat (a broadcast column); shorter rows are gathered into blocks that
/// span several of them.
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
    for (k, (&d, &s)) in shape.iter().zip(&output.strides).enumerate() {
        if d > 1 && s == 0 {
            let message = format!("the output's axis {k} has stride 0: it would write one element many times");
            return Err(Error::general(ErrorKind::Output { message }));
        }
    }
    let (mut plan, kernel) = Plan::new(source, inputs, used, output, Sink::InPlace, shape, opts.block_size)?;
    let bytes = n.saturating_mul(plan.output.dtype.size());
    let reads = (0..plan.inputs.len()).filter(|&k| plan.inputs[k].how != How::Unused && !plan.splat(k)).count();
    plan.stream = crate::wide::stream::AVAILABLE
        && plan.out_how == How::InPlace
        && plan.stride(plan.inputs.len()) == 1
        && match stream_override() {
            Some(min) => bytes >= min,
            None => bytes >= STREAM_MIN && reads <= STREAM_MAX_READS,
        };
    // SAFETY: the caller's guarantees are the plan's.
    unsafe { parallel::run_blocks(&plan, &*kernel, n, opts) }
}

impl Plan {
    /// Decides how each operand is reached over `shape` and gets the kernel compiled for that. With
    /// `buffered`, the output is not an array: each block's values go to a contiguous buffer the caller
    /// passes to `run_block` (reductions), and `output` only gives the dtype; `leaves` (with `buffered`)
    /// asks for a kernel that writes the values' leaf sums instead (`Access::Leaves`).
    #[allow(clippy::too_many_arguments)]
    fn new<'s>(
        source: &'s dyn KernelSource,
        inputs: &[Operand],
        used: &[bool],
        output: Target,
        sink: Sink,
        shape: &[usize],
        block_size: usize,
    ) -> Result<(Plan, Box<dyn BlockKernel + 's>)> {
        let mut strides: Vec<Vec<isize>> =
            inputs.iter().map(|op| broadcast::broadcast_strides(&op.shape, &op.strides, shape)).collect();
        strides.push(if sink == Sink::InPlace { output.strides.clone() } else { broadcast::c_strides(shape) });
        let layout = broadcast::coalesce(shape, &strides);
        let nd = layout.dims.len();
        // Blocks follow rows when rows are long and not all operands run evenly across them.
        let rows = nd > 1 && layout.dims[nd - 1] >= ROW_MIN;
        // How each operand is reached, and so how the kernel accesses it.
        let access = |k: usize| -> (How, Access) {
            let s = &layout.strides[k];
            let last = s[nd - 1];
            if rows {
                // Transposed operands too are read at their stride: measured faster than tiling them.
                match last {
                    0 => (How::InPlace, Access::Splat),
                    1 => (How::InPlace, Access::Contiguous),
                    _ => (How::InPlace, Access::Strided),
                }
            } else if s.iter().all(|&s| s == 0) {
                (How::InPlace, Access::Splat)
            } else if (0..nd - 1).all(|a| s[a] == s[a + 1].wrapping_mul(layout.dims[a + 1] as isize)) {
                // One stride over the whole index space.
                (How::InPlace, if last == 1 { Access::Contiguous } else { Access::Strided })
            } else {
                (How::Gather, Access::Contiguous)
            }
        };
        let mut sig = Signature::contiguous(inputs.len());
        let mut plan_inputs = Vec::with_capacity(inputs.len());
        for (k, op) in inputs.iter().enumerate() {
            let (how, acc) = if used[k] { access(k) } else { (How::Unused, Access::Contiguous) };
            sig.inputs[k] = acc;
            plan_inputs.push(PlanInput { ptr: op.ptr, dtype: op.dtype, how });
        }
        let (out_how, out_access) = match sink {
            Sink::Leaves => (How::Buffer, Access::Leaves),
            Sink::Buffer => (How::Buffer, Access::Contiguous),
            Sink::InPlace => access(inputs.len()),
        };
        sig.output = out_access;
        let kernel = source.kernel(&sig)?;
        let gathers = out_how == How::Gather || plan_inputs.iter().any(|i| i.how == How::Gather);
        let block_size = if gathers { block_size.min(parallel::GATHER_BLOCK) } else { block_size }.max(1);
        // Wide byte strings take shorter blocks, so that a block's buffers stay within `WIDE_BLOCK_BYTES`.
        let widest = plan_inputs.iter().map(|i| i.dtype.size()).chain([output.dtype.size()]).max().unwrap_or(1);
        let words = block::words_per_element(widest);
        let block_size = if widest > 16 { block_size.min((WIDE_BLOCK_BYTES / widest).max(8)) } else { block_size };
        let plan = Plan { inputs: plan_inputs, output, out_how, sig, layout, block_size, words, rows, stream: false };
        Ok((plan, kernel))
    }
}

#[cfg(test)]
mod tests {
    //! The executor driven by a hand-written kernel, with no IR, JIT or interpreter behind it.

    use super::*;

    /// `x + 10 y` for two float64 inputs, element by element.
    struct Weighted;

    impl ElementKernel for Weighted {
        fn input_dtypes(&self) -> Vec<DType> {
            vec![DType::F64, DType::F64]
        }
        fn used(&self) -> Vec<bool> {
            vec![true, true]
        }
        fn dtype(&self) -> DType {
            DType::F64
        }
        fn eval(&self, inputs: &[Option<&[u8]>], out: &mut [u8], len: usize) {
            let get = |k: usize, j: usize| f64::from_ne_bytes(inputs[k].unwrap()[8 * j..8 * j + 8].try_into().unwrap());
            for j in 0..len {
                out[8 * j..8 * j + 8].copy_from_slice(&(get(0, j) + 10.0 * get(1, j)).to_ne_bytes());
            }
        }
    }

    struct Source;

    impl KernelSource for Source {
        fn kernel(&self, sig: &Signature) -> Result<Box<dyn BlockKernel + '_>> {
            Ok(Box::new(ByElement { kernel: Weighted, sig: sig.clone() }))
        }
    }

    #[test]
    fn a_hand_written_kernel_over_broadcast_strided_operands() {
        // x: a column of 3 read with a stride of 2 elements; y: a row of 4; the result 3 x 4 in C order.
        let x = [1.0f64, -1.0, 2.0, -1.0, 3.0, -1.0];
        let y = [0.5f64, 1.5, 2.5, 3.5];
        let ops = [
            Operand { ptr: x.as_ptr() as *const u8, dtype: DType::F64, shape: vec![3, 1], strides: vec![2, 0] },
            Operand { ptr: y.as_ptr() as *const u8, dtype: DType::F64, shape: vec![4], strides: vec![1] },
        ];
        let mut out = [0.0f64; 12];
        for threads in [Some(1), Some(3)] {
            let target = Target { ptr: out.as_mut_ptr() as *mut u8, dtype: DType::F64, strides: vec![4, 1] };
            let opts = Options { threads, block_size: 5, parallel_threshold: 0, ..Options::default() };
            // SAFETY: the operands describe `x` and `y` within their bounds; the target is `out`, 3 x 4.
            unsafe { run(&Source, &ops, &[true, true], target, &[3, 4], &opts) }.unwrap();
            for (i, row) in out.chunks(4).enumerate() {
                for (j, &v) in row.iter().enumerate() {
                    assert_eq!(v, x[2 * i] + 10.0 * y[j], "({i}, {j}) with {threads:?} threads");
                }
            }
        }
    }
}
