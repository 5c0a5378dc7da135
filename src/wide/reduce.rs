//! Plain float reductions at 256 bits (AVX2): the leaves of pairwise sums and running extremes, the
//! same IEEE operations in the same order as `exec::reduce`'s scalar loops, so the same bits.
//!
//! 256 bits and not 512: both loops read far faster than memory delivers, and on Zen 4 a 512-bit
//! operation is two 256-bit halves, so wider vectors would only add code.

use std::arch::x86_64::*;

use crate::contract::LEAF;

/// Leaves summed per group: eight, whose sums a transposing tree of shuffles and adds puts into one
/// vector (float32) or two (float64).
pub const GROUP: usize = 8;

/// How far ahead (in float64s: 8 KiB) the float64 leaves prefetch. Four leaves read at once are four
/// streams 1 KiB apart, which the hardware prefetcher does not follow: without this `sum(a)` of 10^7
/// float64s took 7.7 ms instead of 3.2 (measured on a Zen 4).
const AHEAD: usize = 1024;

/// `(a0+a1), (b0+b1), (a2+a3), (b2+b3)` of two vectors of four running sums: the first level of the leaf's
/// combination, for two leaves.
#[inline(always)]
unsafe fn pairs_f64(a: __m256d, b: __m256d) -> __m256d {
    // SAFETY: register operations; the caller's CPU has AVX2.
    unsafe { _mm256_add_pd(_mm256_unpacklo_pd(a, b), _mm256_unpackhi_pd(a, b)) }
}

/// The sums of `groups * GROUP` consecutive leaves of `LEAF` float64s from `xs` into `out`, each
/// `((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))` of its running sums.
///
/// # Safety
/// `groups * GROUP * LEAF` readable float64s at `xs`, `groups * GROUP` writable at `out`; the CPU has AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn leaf_sums_f64(xs: *const f64, groups: usize, out: *mut f64) {
    for g in 0..groups {
        // SAFETY: the caller's guarantees: leaves `GROUP * g ..` lie inside `xs`, their sums inside `out`.
        unsafe {
            let base = xs.add(g * GROUP * LEAF);
            // Four leaves at a time, each as `exec::reduce::leaf`: eight interleaved running sums from
            // -0.0 (lanes 0-3 in `lo`, 4-7 in `hi`), the four leaves' eight chains in one loop so that
            // their additions overlap.
            for q in 0..GROUP / 4 {
                let leaves = base.add(4 * q * LEAF);
                let (mut lo, mut hi) = ([_mm256_set1_pd(-0.0); 4], [_mm256_set1_pd(-0.0); 4]);
                for k in 0..4 {
                    for j in 0..LEAF / 8 {
                        lo[k] = _mm256_add_pd(lo[k], _mm256_loadu_pd(leaves.add(k * LEAF + 8 * j)));
                        hi[k] = _mm256_add_pd(hi[k], _mm256_loadu_pd(leaves.add(k * LEAF + 8 * j + 4)));
                        _mm_prefetch::<_MM_HINT_T0>(leaves.wrapping_add(k * LEAF + 8 * j + AHEAD) as *const i8);
                    }
                }
                // `(r0+r1)+(r2+r3)` from the low halves, `(r4+r5)+(r6+r7)` from the high ones, added.
                _mm256_storeu_pd(out.add(g * GROUP + 4 * q), _mm256_add_pd(quad_f64(lo), quad_f64(hi)));
            }
        }
    }
}

/// `(v0+v1)+(v2+v3)` of the four lanes of each of four vectors, the vectors in order in the lanes:
/// [A01 B01 A23 B23] and [C01 D01 C23 D23], then [A01 B01 C01 D01] + [A23 B23 C23 D23].
#[inline(always)]
unsafe fn quad_f64(v: [__m256d; 4]) -> __m256d {
    // SAFETY: register operations; the caller's CPU has AVX2.
    unsafe {
        let (ab, cd) = (pairs_f64(v[0], v[1]), pairs_f64(v[2], v[3]));
        _mm256_add_pd(_mm256_permute2f128_pd::<0x20>(ab, cd), _mm256_permute2f128_pd::<0x31>(ab, cd))
    }
}

/// The even and the odd lanes of each 128-bit half of `a` and `b` added: `[a0+a1, a2+a3, b0+b1, b2+b3 | ..]`.
#[inline(always)]
unsafe fn pairs_f32(a: __m256, b: __m256) -> __m256 {
    // SAFETY: register operations; the caller's CPU has AVX2.
    unsafe { _mm256_add_ps(_mm256_shuffle_ps::<0b10_00_10_00>(a, b), _mm256_shuffle_ps::<0b11_01_11_01>(a, b)) }
}

/// As `leaf_sums_f64`, for float32.
///
/// # Safety
/// `groups * GROUP * LEAF` readable float32s at `xs`, `groups * GROUP` writable at `out`; the CPU has AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn leaf_sums_f32(xs: *const f32, groups: usize, out: *mut f32) {
    for g in 0..groups {
        // SAFETY: the caller's guarantees, as in `leaf_sums_f64`.
        unsafe {
            let base = xs.add(g * GROUP * LEAF);
            // Each leaf as `exec::reduce::leaf`: eight interleaved running sums from -0.0, one vector; the
            // eight leaves' chains in one loop so that their additions overlap.
            let mut l = [_mm256_set1_ps(-0.0); GROUP];
            for (k, r) in l.iter_mut().enumerate() {
                for j in 0..LEAF / 8 {
                    *r = _mm256_add_ps(*r, _mm256_loadu_ps(base.add(k * LEAF + 8 * j)));
                }
            }
            // Four leaves: [A01 A23 B01 B23 | A45 A67 B45 B67] and the same of C, D, then
            // [A0123 B0123 C0123 D0123 | A4567 B4567 C4567 D4567]; the same of E to H.
            let p = pairs_f32(pairs_f32(l[0], l[1]), pairs_f32(l[2], l[3]));
            let q = pairs_f32(pairs_f32(l[4], l[5]), pairs_f32(l[6], l[7]));
            let sums = _mm256_add_ps(_mm256_permute2f128_ps::<0x20>(p, q), _mm256_permute2f128_ps::<0x31>(p, q));
            _mm256_storeu_ps(out.add(g * GROUP), sums);
        }
    }
}

/// Eight running extremes over the first `8 * (n / 8)` of `n` float64s at `xs`, each starting at `xs[0]`
/// (lane k sees elements k, k+8, ...; a lane takes `x` where `x > lane`, or `x < lane` for the minimum, so
/// a NaN never enters), and whether any of them is a NaN. `None` where a lane's extreme is a zero: the
/// loop keeps several partial extremes a lane, so it knows the extreme's value but not which of `0.0`
/// and `-0.0` came first (every other value has one representation); the caller then runs the plain loop.
///
/// # Safety
/// `n >= 1` readable float64s at `xs`; the CPU has AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn extremes_f64<const MAX: bool>(xs: *const f64, n: usize) -> Option<([f64; 8], bool)> {
    // `pick(x, lane)` is `x > lane ? x : lane` (the second operand where either is a NaN or they are
    // equal), exactly the scalar loop's choice; `min` likewise.
    #[inline(always)]
    unsafe fn pick<const MAX: bool>(x: __m256d, lane: __m256d) -> __m256d {
        // SAFETY: register operations; the caller's CPU has AVX2.
        unsafe {
            if MAX {
                _mm256_max_pd(x, lane)
            } else {
                _mm256_min_pd(x, lane)
            }
        }
    }
    // SAFETY: the caller's guarantees: every load lies in the first `8 * (n / 8)` elements.
    unsafe {
        let first = _mm256_set1_pd(*xs);
        // Two partial extremes a lane (`a` over even blocks of eight, `b` over odd ones), so that two
        // chains of comparisons overlap; one NaN test for each pair of vectors.
        let (mut a, mut b) = ([first; 2], [first; 2]);
        let mut nan = _mm256_setzero_pd();
        let blocks = n / 8;
        for j in 0..blocks / 2 {
            let p = xs.add(16 * j);
            // Prefetched ahead, as the sums' leaves: the hardware prefetcher alone falls behind (`max(a)` of
            // 10^7 float64s from memory, Zen 5: 2.06 -> 1.87 ms; float32 0.97 -> 0.76).
            _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(AHEAD) as *const i8);
            _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(AHEAD + 8) as *const i8);
            let (x0, x1) = (_mm256_loadu_pd(p), _mm256_loadu_pd(p.add(4)));
            let (y0, y1) = (_mm256_loadu_pd(p.add(8)), _mm256_loadu_pd(p.add(12)));
            (a[0], a[1]) = (pick::<MAX>(x0, a[0]), pick::<MAX>(x1, a[1]));
            (b[0], b[1]) = (pick::<MAX>(y0, b[0]), pick::<MAX>(y1, b[1]));
            let unordered = _mm256_or_pd(_mm256_cmp_pd::<_CMP_UNORD_Q>(x0, x1), _mm256_cmp_pd::<_CMP_UNORD_Q>(y0, y1));
            nan = _mm256_or_pd(nan, unordered);
        }
        if blocks % 2 == 1 {
            let p = xs.add(8 * (blocks - 1));
            let (x0, x1) = (_mm256_loadu_pd(p), _mm256_loadu_pd(p.add(4)));
            (a[0], a[1]) = (pick::<MAX>(x0, a[0]), pick::<MAX>(x1, a[1]));
            nan = _mm256_or_pd(nan, _mm256_cmp_pd::<_CMP_UNORD_Q>(x0, x1));
        }
        let nan = _mm256_movemask_pd(nan) != 0;
        let (lo, hi) = (pick::<MAX>(b[0], a[0]), pick::<MAX>(b[1], a[1]));
        let zero = _mm256_or_pd(
            _mm256_cmp_pd::<_CMP_EQ_OQ>(lo, _mm256_setzero_pd()),
            _mm256_cmp_pd::<_CMP_EQ_OQ>(hi, _mm256_setzero_pd()),
        );
        if !nan && _mm256_movemask_pd(zero) != 0 {
            return None;
        }
        let mut acc = [0.0; 8];
        _mm256_storeu_pd(acc.as_mut_ptr(), lo);
        _mm256_storeu_pd(acc.as_mut_ptr().add(4), hi);
        Some((acc, nan))
    }
}

/// As `extremes_f64`, for float32 (four partial extremes a lane).
///
/// # Safety
/// `n >= 1` readable float32s at `xs`; the CPU has AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn extremes_f32<const MAX: bool>(xs: *const f32, n: usize) -> Option<([f32; 8], bool)> {
    #[inline(always)]
    unsafe fn pick<const MAX: bool>(x: __m256, lane: __m256) -> __m256 {
        // SAFETY: register operations; the caller's CPU has AVX2.
        unsafe {
            if MAX {
                _mm256_max_ps(x, lane)
            } else {
                _mm256_min_ps(x, lane)
            }
        }
    }
    // SAFETY: as in `extremes_f64`.
    unsafe {
        let mut acc = [_mm256_set1_ps(*xs); 4];
        let mut nan = _mm256_setzero_ps();
        let blocks = n / 8;
        for j in 0..blocks / 4 {
            let p = xs.add(32 * j);
            // As in `extremes_f64`: the same 8 KiB ahead.
            _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(2 * AHEAD) as *const i8);
            _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(2 * AHEAD + 16) as *const i8);
            let x: [__m256; 4] =
                [_mm256_loadu_ps(p), _mm256_loadu_ps(p.add(8)), _mm256_loadu_ps(p.add(16)), _mm256_loadu_ps(p.add(24))];
            for k in 0..4 {
                acc[k] = pick::<MAX>(x[k], acc[k]);
            }
            let unordered =
                _mm256_or_ps(_mm256_cmp_ps::<_CMP_UNORD_Q>(x[0], x[1]), _mm256_cmp_ps::<_CMP_UNORD_Q>(x[2], x[3]));
            nan = _mm256_or_ps(nan, unordered);
        }
        for j in blocks / 4 * 4..blocks {
            let x = _mm256_loadu_ps(xs.add(8 * j));
            acc[0] = pick::<MAX>(x, acc[0]);
            nan = _mm256_or_ps(nan, _mm256_cmp_ps::<_CMP_UNORD_Q>(x, x));
        }
        let nan = _mm256_movemask_ps(nan) != 0;
        let best = pick::<MAX>(pick::<MAX>(acc[3], acc[2]), pick::<MAX>(acc[1], acc[0]));
        if !nan && _mm256_movemask_ps(_mm256_cmp_ps::<_CMP_EQ_OQ>(best, _mm256_setzero_ps())) != 0 {
            return None;
        }
        let mut out = [0.0; 8];
        _mm256_storeu_ps(out.as_mut_ptr(), best);
        Some((out, nan))
    }
}

/// `xs.iter().fold(zero, add)` compiled for AVX2, where the compiler vectorizes integer sums' widening
/// additions eight or sixteen lanes at a time.
///
/// # Safety
/// The CPU has AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn fold_avx2<T: Copy, A>(xs: &[T], zero: A, add: impl Fn(A, T) -> A) -> A {
    xs.iter().fold(zero, |a, &x| add(a, x))
}
