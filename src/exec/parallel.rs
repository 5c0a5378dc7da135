//! Running blocks: on the calling thread for small results, else on a rayon pool.
//!
//! Block boundaries depend only on the result's size and the block size, never on the number of threads,
//! and each block is computed the same way wherever it runs: results are bit-identical for any thread
//! count.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use super::block::{run_block, with_scratch};
use super::{BlockKernel, Plan};
use crate::error::Result;

/// How to run an evaluation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Threads to use: `None` for rayon's global pool (one per core), `Some(1)` for the calling thread.
    pub threads: Option<usize>,
    /// Elements per block.
    pub block_size: usize,
    /// Results with fewer elements than this run on the calling thread.
    pub parallel_threshold: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options { threads: None, block_size: DEFAULT_BLOCK, parallel_threshold: PARALLEL_THRESHOLD }
    }
}

/// Elements per block: 64 KiB of float64, so a gathered block of a few operands stays in L2.
pub const DEFAULT_BLOCK: usize = 8192;
/// Below this many elements, waking other threads costs more than it saves.
pub const PARALLEL_THRESHOLD: usize = 32768;

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

/// Runs every block of an `n`-element result.
///
/// # Safety
/// As `exec::run`.
pub(super) unsafe fn run_blocks(plan: &Plan, kernel: &dyn BlockKernel, n: usize, opts: &Options) -> Result<()> {
    let block = plan.block_size;
    let nblocks = n.div_ceil(block);
    let serial = opts.threads == Some(1) || n < opts.parallel_threshold || nblocks == 1;
    if serial {
        // SAFETY: the caller's guarantees; blocks run one after another.
        with_scratch(|sc| unsafe { run_serial(plan, kernel, n, sc) });
        return Ok(());
    }
    let job = || {
        (0..nblocks).into_par_iter().for_each(|b| {
            let start = b * block;
            let len = block.min(n - start);
            // SAFETY: the caller's guarantees; blocks cover disjoint output elements.
            with_scratch(|sc| unsafe { run_block(plan, kernel, start, len, sc) });
        })
    };
    match opts.threads.and_then(pool) {
        Some(p) => p.install(job),
        None => job(),
    }
    Ok(())
}

/// # Safety
/// As `exec::run`.
unsafe fn run_serial(plan: &Plan, kernel: &dyn BlockKernel, n: usize, sc: &mut super::block::Scratch) {
    let block = plan.block_size;
    let mut start = 0;
    while start < n {
        let len = block.min(n - start);
        // SAFETY: the caller's guarantees.
        unsafe { run_block(plan, kernel, start, len, sc) };
        start += len;
    }
}
