//! `Arith` over AVX2 vectors: four float64 lanes (`F64x4`) or eight float32 lanes (`F32x8`), masks as
//! all-ones lanes of the float type.

use std::arch::x86_64::*;

use super::Lanes;
use crate::vmath::Arith;

/// The features every routine of this file is compiled for, and that a CPU must have to run them.
pub const FEATURES: &[&str] = &["avx2", "fma"];

/// An intrinsic call. SAFETY (every use): the vector types of this file are made only by their unsafe
/// `new`, whose callers are routines compiled with `FEATURES` and run only on a CPU that has them
/// (`super::Width::available` checks), so each intrinsic's required features are present.
macro_rules! simd {
    ($e:expr) => {
        unsafe { $e }
    };
}

/// Four float64 lanes.
pub struct F64x4(());

impl F64x4 {
    /// # Safety
    /// The CPU has `FEATURES`.
    #[inline(always)]
    pub unsafe fn new() -> Self {
        F64x4(())
    }
}

/// Eight float32 lanes.
pub struct F32x8(());

impl F32x8 {
    /// # Safety
    /// The CPU has `FEATURES`.
    #[inline(always)]
    pub unsafe fn new() -> Self {
        F32x8(())
    }
}

/// `Arith` and `Lanes` for one vector type: the shared methods, and those AVX2 spells its own way (masks
/// as all-ones float lanes; `$sshr` is the arithmetic shift right, which float64 lanes have no
/// instruction for: `sshr64`).
macro_rules! arith {
    ($t:ty, $f:ty, $elem:ty, $lanes:expr, $set1:ident, $seti:ident, $ity:ty, $add:ident, $sub:ident,
     $mul:ident, $div:ident, $fmadd:ident, $round:ident, $sqrt:ident, $andnot:ident, $cmp:ident, $orf:ident,
     $blend:ident, $cast_fi:ident, $cast_if:ident, $iadd:ident, $isub:ident, $sll:ident, $sshr:path,
     $srl:ident, $ieq:ident, $load:ident, $store:ident, $movemask:ident) => {
        impl Arith for $t {
            shared_arith!(
                F = $f,
                I = __m256i,
                M = $f,
                elem = $elem,
                int = $ity,
                set1 = $set1,
                seti = $seti,
                add = $add,
                sub = $sub,
                mul = $mul,
                div = $div,
                fmadd = $fmadd,
                round = $round,
                sqrt = $sqrt,
                cmp = $cmp,
                cast_fi = $cast_fi,
                cast_if = $cast_if,
                iadd = $iadd,
                isub = $isub,
                and = _mm256_and_si256,
                or = _mm256_or_si256,
                xor = _mm256_xor_si256,
                sll = $sll,
                srl = $srl
            );

            #[inline(always)]
            fn abs(&mut self, a: $f) -> $f {
                simd!($andnot($set1(-0.0), a))
            }
            #[inline(always)]
            fn or(&mut self, a: $f, b: $f) -> $f {
                simd!($orf(a, b))
            }
            #[inline(always)]
            fn select(&mut self, m: $f, a: $f, b: $f) -> $f {
                simd!($blend(b, a, m))
            }
            #[inline(always)]
            fn sshr(&mut self, a: __m256i, n: u32) -> __m256i {
                simd!($sshr(a, n))
            }
            #[inline(always)]
            fn ieq(&mut self, a: __m256i, b: __m256i) -> $f {
                simd!($cast_if($ieq(a, b)))
            }
        }

        impl Lanes for $t {
            type Elem = $elem;
            const N: usize = $lanes;

            #[inline(always)]
            unsafe fn load(&mut self, p: *const $elem) -> $f {
                // SAFETY: the caller gives `N` readable elements at `p`.
                unsafe { $load(p) }
            }
            #[inline(always)]
            unsafe fn store(&mut self, p: *mut $elem, v: $f) {
                // SAFETY: the caller gives `N` writable elements at `p`.
                unsafe { $store(p, v) }
            }
            #[inline(always)]
            fn bits(&mut self, m: $f) -> u64 {
                simd!($movemask(m)) as u64
            }
        }
    };
}

/// Arithmetic shift right of int64 lanes by `n` < 64: the logical shift, with the sign bits or-ed in.
///
/// # Safety
/// The CPU has AVX2.
#[inline(always)]
unsafe fn sshr64(a: __m256i, n: u32) -> __m256i {
    simd!({
        let sign = _mm256_cmpgt_epi64(_mm256_setzero_si256(), a);
        let low = _mm256_srl_epi64(a, _mm_cvtsi32_si128(n as i32));
        // A shift by 64 (n = 0) gives zero, as it should.
        let high = _mm256_sll_epi64(sign, _mm_cvtsi32_si128(64 - n as i32));
        _mm256_or_si256(low, high)
    })
}

/// Arithmetic shift right of int32 lanes.
///
/// # Safety
/// The CPU has AVX2.
#[inline(always)]
unsafe fn sshr32(a: __m256i, n: u32) -> __m256i {
    simd!(_mm256_sra_epi32(a, _mm_cvtsi32_si128(n as i32)))
}

arith!(
    F64x4,
    __m256d,
    f64,
    4,
    _mm256_set1_pd,
    _mm256_set1_epi64x,
    i64,
    _mm256_add_pd,
    _mm256_sub_pd,
    _mm256_mul_pd,
    _mm256_div_pd,
    _mm256_fmadd_pd,
    _mm256_round_pd,
    _mm256_sqrt_pd,
    _mm256_andnot_pd,
    _mm256_cmp_pd,
    _mm256_or_pd,
    _mm256_blendv_pd,
    _mm256_castpd_si256,
    _mm256_castsi256_pd,
    _mm256_add_epi64,
    _mm256_sub_epi64,
    _mm256_sll_epi64,
    sshr64,
    _mm256_srl_epi64,
    _mm256_cmpeq_epi64,
    _mm256_loadu_pd,
    _mm256_storeu_pd,
    _mm256_movemask_pd
);

arith!(
    F32x8,
    __m256,
    f32,
    8,
    _mm256_set1_ps,
    _mm256_set1_epi32,
    i32,
    _mm256_add_ps,
    _mm256_sub_ps,
    _mm256_mul_ps,
    _mm256_div_ps,
    _mm256_fmadd_ps,
    _mm256_round_ps,
    _mm256_sqrt_ps,
    _mm256_andnot_ps,
    _mm256_cmp_ps,
    _mm256_or_ps,
    _mm256_blendv_ps,
    _mm256_castps_si256,
    _mm256_castsi256_ps,
    _mm256_add_epi32,
    _mm256_sub_epi32,
    _mm256_sll_epi32,
    sshr32,
    _mm256_srl_epi32,
    _mm256_cmpeq_epi32,
    _mm256_loadu_ps,
    _mm256_storeu_ps,
    _mm256_movemask_ps
);

impl super::Widen for F64x4 {
    #[inline(always)]
    unsafe fn load_f32(&mut self, p: *const f32) -> __m256d {
        // SAFETY: the caller gives four readable float32s at `p`; the features are `new`'s promise.
        unsafe { _mm256_cvtps_pd(_mm_loadu_ps(p)) }
    }
    #[inline(always)]
    unsafe fn store_f32(&mut self, p: *mut f32, v: __m256d) {
        // SAFETY: the caller gives four writable float32s at `p`; the features are `new`'s promise.
        unsafe { _mm_storeu_ps(p, _mm256_cvtpd_ps(v)) }
    }
}
