//! What a small cached call allocates, counted by a global allocator that counts only where a test asks
//! (a thread-local switch, so the other tests running beside it are not counted).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use ndarray::{Array1, Array2};
use numjit::{Options, Vars};

struct Counting;

thread_local! {
    /// (counting, allocations, zeroed allocations) on this thread.
    static COUNTS: Cell<(bool, usize, usize)> = const { Cell::new((false, 0, 0)) };
}

fn count(zeroed: bool) {
    // `try_with`: the allocator runs during a thread's teardown too, after its locals are gone.
    let _ = COUNTS.try_with(|c| {
        let (on, all, zero) = c.get();
        if on {
            c.set((on, all + 1, zero + usize::from(zeroed)));
        }
    });
}

// SAFETY: every method passes the caller's layout and pointer to the system allocator unchanged; the
// counting touches only a thread-local `Cell`, which allocates nothing.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(false);
        // SAFETY: the caller's contract for `alloc`, passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(true);
        // SAFETY: as `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator, which is the system's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(false);
        // SAFETY: as `dealloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// (allocations, zeroed allocations) that `f` makes on this thread.
fn counted<T>(f: impl FnOnce() -> T) -> (T, usize, usize) {
    COUNTS.with(|c| c.set((true, 0, 0)));
    let out = f();
    let (_, all, zeroed) = COUNTS.with(|c| c.replace((false, 0, 0)));
    (out, all, zeroed)
}

/// A cached `evaluate` of a small array allocates its result and a few short lists, and never zeroed
/// memory: glibc's `calloc` skips the per-thread cache that the free then fills, after which every small
/// free goes to a fast bin that the next result's allocation must sweep (a tenth of the call's time).
#[test]
fn a_small_cached_call_allocates_little_and_nothing_zeroed() {
    let a = Array1::from_iter((0..1000).map(|k| k as f64 / 1000.0));
    let b = a.mapv(|x| 1.0 - x);
    let mut vars = Vars::new();
    vars.insert("a", &a).insert("b", &b);
    numjit::evaluate("2*a + 3*b", &vars).unwrap();
    let (r, all, zeroed) = counted(|| numjit::evaluate("2*a + 3*b", &vars).unwrap());
    assert_eq!(r.into_f64().unwrap()[[7]], 2.0 * a[7] + 3.0 * b[7]);
    assert_eq!(zeroed, 0, "zeroed allocations in a cached call");
    assert!(all <= 4, "{all} allocations in a cached call of `2*a + 3*b` (the result and three short lists)");
}

/// Allocation is per call, never per block: a broadcast, strided evaluation split into 1 block or into
/// 100 allocates the same number of times, none of them zeroed.
#[test]
fn no_allocation_per_block() {
    let m = Array2::from_shape_fn((100, 64), |(i, j)| (i * 64 + j) as f64);
    let row = Array1::from_iter((0..64).map(|j| j as f64 / 64.0));
    let mut vars = Vars::new();
    vars.insert("m", &m).insert("r", &row);
    let mt = m.t();
    vars.insert("t", mt);
    let opts = |block_size| Options { threads: Some(1), block_size, ..Options::default() };
    for expr in ["m * r + 1", "t * 2 + sqrt(t)", "sum(m * r, axis=1)", "exp(m / 6400) - r"] {
        let mut counts = Vec::new();
        for block_size in [1 << 20, 64] {
            numjit::evaluate_with(expr, &vars, &opts(block_size)).unwrap();
            let (_, all, zeroed) = counted(|| numjit::evaluate_with(expr, &vars, &opts(block_size)).unwrap());
            assert_eq!(zeroed, 0, "`{expr}`: zeroed allocations in a cached call");
            counts.push(all);
        }
        assert_eq!(counts[0], counts[1], "`{expr}`: allocations with 1 block, and with 100");
    }
}
