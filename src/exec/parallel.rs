//! Running blocks: on the calling thread for small results, else on a rayon pool.
//!
//! Block boundaries depend only on the result's size and the block size, never on the number of threads,
//! and each block is computed the same way wherever it runs: results are bit-identical for any thread
//! count.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use super::block::{run_block, with_scratch, Scratch};
use super::{BlockKernel, Plan};
use crate::error::{Error, ErrorKind, Result};
use crate::options::Options;

/// The most elements per block when some operand is gathered: 64 KiB of float64 per buffer, so a block's
/// buffers stay in L2.
pub const GATHER_BLOCK: usize = 8192;

/// A pool of `n` threads, built once per `n` and kept.
fn pool(n: usize) -> Option<Arc<rayon::ThreadPool>> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let mut pools = POOLS.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = pools.get(&n) {
        return Some(p.clone());
    }
    let p = Arc::new(rayon::ThreadPoolBuilder::new().num_threads(n).build().ok()?);
    pools.insert(n, p.clone());
    Some(p)
}

/// Runs `job` on a pool of `threads` threads, or on rayon's global pool for `None`.
pub(super) fn install(threads: Option<usize>, job: impl FnOnce() + Send) {
    match threads.and_then(pool) {
        Some(p) => p.install(job),
        None => job(),
    }
}

/// Runs every block of an `n`-element result.
///
/// # Safety
/// As `exec::run`.
pub(super) unsafe fn run_blocks(plan: &Plan, kernel: &dyn BlockKernel, n: usize, opts: &Options) -> Result<()> {
    let blocks = Blocks::new(plan, n);
    let cancelled = || opts.cancel.as_ref().is_some_and(|c| c.load(Ordering::Relaxed));
    let one = |b: usize, sc: &mut Scratch| {
        if !cancelled() {
            // SAFETY: the caller's guarantees; blocks cover disjoint output elements.
            unsafe { blocks.run(plan, kernel, b, sc) }
        }
    };
    let serial = opts.threads == Some(1) || n < opts.parallel_threshold || blocks.count == 1;
    if serial {
        with_scratch(|sc| (0..blocks.count).for_each(|b| one(b, sc)));
    } else {
        install(opts.threads, || (0..blocks.count).into_par_iter().for_each(|b| with_scratch(|sc| one(b, sc))));
    }
    if cancelled() {
        return Err(Error::general(ErrorKind::Cancelled));
    }
    Ok(())
}

/// How the result's index space is cut into blocks: every `size` elements, or, when the plan follows
/// rows, every `size` elements of each row. It depends on the shape and the block size only.
struct Blocks {
    count: usize,
    size: usize,
    /// The row length when blocks follow rows, else the whole length.
    row: usize,
    per_row: usize,
}

impl Blocks {
    fn new(plan: &Plan, n: usize) -> Blocks {
        let size = plan.block_size;
        let row = if plan.rows { *plan.layout.dims.last().unwrap() } else { n };
        let per_row = row.div_ceil(size);
        Blocks { count: (n / row) * per_row, size, row, per_row }
    }

    /// Runs block `b`.
    ///
    /// # Safety
    /// As `exec::run`; no other thread runs block `b` at the same time.
    unsafe fn run(&self, plan: &Plan, kernel: &dyn BlockKernel, b: usize, sc: &mut Scratch) {
        let (r, c) = (b / self.per_row, b % self.per_row);
        let offset = c * self.size;
        // SAFETY: the caller's guarantees.
        unsafe {
            run_block(plan, kernel, r * self.row + offset, self.size.min(self.row - offset), sc, std::ptr::null_mut())
        };
    }
}
