//! The kernel contract: what passes between the back ends that make kernels (`jit`, `interp`) and the
//! executor that runs them (`exec`), below all three so that none imports another. A kernel computes a
//! stretch of elements, reading each input and writing its output as its `Signature` says (`Access`);
//! the executor asks a `KernelSource` for the signature an evaluation's layout calls for, and runs what
//! it gets as a `BlockKernel`: the JIT's compiled code, or the interpreter, which computes safely over
//! byte slices (`ElementKernel`) and which the executor adapts to the pointer interface. A reduction is
//! described to the executor by a `ReduceOp` alone.

use crate::dtype::DType;
use crate::error::Result;

/// How a kernel reads one input or writes its output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Access {
    /// `len` elements, one after another.
    Contiguous,
    /// One element, the same for every lane (inputs only).
    Splat,
    /// `len` elements, a run-time number of bytes apart (any, zero and negative included).
    Strided,
    /// (Float outputs only.) Not the elements but their sums, one per `LEAF` elements, written one after
    /// another: the leaf sums of NumPy's pairwise summation (`exec::reduce`'s `leaf`), so that a
    /// reduction's values never leave the registers.
    Leaves,
}

/// Elements per leaf sum of an `Access::Leaves` kernel (NumPy's pairwise block).
pub const LEAF: usize = 128;

/// How a kernel reads each input and writes its output.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Signature {
    pub inputs: Vec<Access>,
    pub output: Access,
}

impl Signature {
    /// Every input and the output contiguous.
    pub fn contiguous(n_inputs: usize) -> Signature {
        Signature { inputs: vec![Access::Contiguous; n_inputs], output: Access::Contiguous }
    }
}

/// A function over stretches of elements: the JIT's compiled code, or the interpreter.
pub trait BlockKernel: Sync {
    /// `run`'s length must be a multiple of this.
    fn lanes(&self) -> usize;

    /// Computes `len` elements.
    ///
    /// # Safety
    /// As `jit::Code::call`: one pointer per input (null for unused ones) and one byte stride per input
    /// and then the output, each valid for the accesses the kernel's signature makes; `len` a multiple of
    /// `lanes()`.
    unsafe fn run(&self, inputs: &[*const u8], strides: &[isize], output: *mut u8, len: usize);
}

/// Where the executor gets its kernel from, once per evaluation: the layout decides how each operand is
/// accessed (`Signature`), and the source provides a kernel compiled for that.
pub trait KernelSource: Sync {
    fn kernel(&self, sig: &Signature) -> Result<Box<dyn BlockKernel + '_>>;
}

/// A kernel computed without pointers: its inputs as contiguous byte slices (`None` for an input it does
/// not read), its output as one; the interpreter. The executor gathers and scatters for it
/// (`exec::ByElement`).
pub trait ElementKernel: Sync {
    /// The dtype of each input, in order.
    fn input_dtypes(&self) -> Vec<DType>;
    /// Which inputs it reads.
    fn used(&self) -> Vec<bool>;
    /// The result's dtype.
    fn dtype(&self) -> DType;
    /// Computes `len` elements into `out` (`len` elements of the result's dtype).
    fn eval(&self, inputs: &[Option<&[u8]>], out: &mut [u8], len: usize);
}

/// What a reduction computes over the elements it reduces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReduceOp {
    /// Pairwise summation for floats (NumPy's error bound), wrapping for int64.
    Sum,
    Prod,
    /// NaN-propagating, as `np.min`.
    Min,
    Max,
    /// The sum divided by `max(count - ddof, 0)`: `mean` (ddof 0) and the outer pass of `var`.
    Mean {
        ddof: i64,
    },
    Any,
    All,
    /// The index of the first minimum (or first NaN) along the reduced axes, in C order.
    ArgMin,
    ArgMax,
}

impl ReduceOp {
    pub fn name(self) -> &'static str {
        match self {
            ReduceOp::Sum => "sum",
            ReduceOp::Prod => "prod",
            ReduceOp::Min => "min",
            ReduceOp::Max => "max",
            ReduceOp::Mean { .. } => "mean",
            ReduceOp::Any => "any",
            ReduceOp::All => "all",
            ReduceOp::ArgMin => "argmin",
            ReduceOp::ArgMax => "argmax",
        }
    }

    /// The result's dtype for an argument of `arg` (which the type checker already cast as needed).
    pub fn result(self, arg: DType) -> DType {
        match self {
            ReduceOp::Any | ReduceOp::All => DType::Bool,
            ReduceOp::ArgMin | ReduceOp::ArgMax => DType::I64,
            // Integers sum in the 64-bit type of their signedness (NumPy's accumulator on 64-bit Linux).
            ReduceOp::Sum if arg.is_signed() => DType::I64,
            ReduceOp::Sum if arg.is_unsigned() => DType::U64,
            _ => arg,
        }
    }

    /// Whether a reduction over no elements has no answer (`max` of nothing).
    pub fn needs_elements(self) -> bool {
        matches!(self, ReduceOp::Min | ReduceOp::Max | ReduceOp::ArgMin | ReduceOp::ArgMax)
    }
}
