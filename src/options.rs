//! How to compile and run an expression: one `Options` for the public API and the executor alike.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

pub use crate::vmath::Precision;

/// Which back end runs a kernel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Backend {
    /// Compiled SIMD code (the default).
    #[default]
    Jit,
    /// The reference interpreter: one element at a time, the same semantics, much slower.
    Interpreter,
}

/// How to compile and run an expression.
#[derive(Clone, Debug)]
pub struct Options {
    pub backend: Backend,
    /// How close the vector-math functions come to the correctly rounded result: within 1 ulp (`High`,
    /// the default) or 4 (`Fast`). Part of what a kernel is compiled for (and of the cache's key).
    pub precision: Precision,
    /// Threads to use: `None` for one per core (rayon's global pool), `Some(1)` for the calling thread.
    pub threads: Option<usize>,
    /// Elements per block, at most 8192 where operands are gathered (results never depend on it).
    pub block_size: usize,
    /// Results with fewer elements than this run on the calling thread, as do reductions that are one
    /// parallel task (16 chunks of 8192) at most; 0 sends all work to the threads (tests use it).
    pub parallel_threshold: usize,
    /// Set it (from another thread, or a signal handler) to stop an evaluation between blocks; the
    /// evaluation then returns `ErrorKind::Cancelled`.
    pub cancel: Option<Arc<AtomicBool>>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            backend: Backend::Jit,
            precision: Precision::High,
            threads: None,
            block_size: DEFAULT_BLOCK,
            parallel_threshold: PARALLEL_THRESHOLD,
            cancel: None,
        }
    }
}

/// Elements per block where every operand is read in place: large, so per-block costs vanish (measured:
/// 8192 costs 5% more than 32768 on `2*a+3*b-c` at 10^7). Where an operand is gathered the executor uses
/// at most `exec::GATHER_BLOCK`.
pub const DEFAULT_BLOCK: usize = 32768;
/// Below this many elements, waking other threads costs more than it saves.
pub const PARALLEL_THRESHOLD: usize = 32768;
