//! `Arith` over AVX-512 vectors: eight float64 lanes (`F64x8`) or sixteen float32 lanes (`F32x16`),
//! masks in mask registers.

use std::arch::x86_64::*;

use super::Lanes;
use crate::vmath::Arith;

/// The features every routine of this file is compiled for, and that a CPU must have to run them.
pub const FEATURES: &[&str] = &["avx512f", "avx512dq", "avx512vl", "avx2", "fma"];

/// An intrinsic call. SAFETY (every use): the vector types of this file are made only by their unsafe
/// `new`, whose callers are routines compiled with `FEATURES` and run only on a CPU that has them
/// (`super::Width::available` checks), so each intrinsic's required features are present.
macro_rules! simd {
    ($e:expr) => {
        unsafe { $e }
    };
}

/// Eight float64 lanes.
pub struct F64x8(());

impl F64x8 {
    /// # Safety
    /// The CPU has `FEATURES`.
    #[inline(always)]
    pub unsafe fn new() -> Self {
        F64x8(())
    }
}

/// Sixteen float32 lanes.
pub struct F32x16(());

impl F32x16 {
    /// # Safety
    /// The CPU has `FEATURES`.
    #[inline(always)]
    pub unsafe fn new() -> Self {
        F32x16(())
    }
}

/// `Arith` and `Lanes` for one vector type: the shared methods, and those AVX-512 spells its own way
/// (masks in mask registers, a 64-bit arithmetic shift, `abs`).
macro_rules! arith {
    ($t:ty, $f:ty, $m:ty, $elem:ty, $lanes:expr, $set1:ident, $seti:ident, $ity:ty,
     $add:ident, $sub:ident, $mul:ident, $div:ident, $fmadd:ident, $round:ident, $sqrt:ident, $abs:ident,
     $cmp:ident, $blend:ident, $cast_fi:ident, $cast_if:ident, $iadd:ident, $isub:ident, $sll:ident,
     $sra:ident, $srl:ident, $ieq:ident, $load:ident, $store:ident) => {
        impl Arith for $t {
            shared_arith!(
                F = $f,
                I = __m512i,
                M = $m,
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
                and = _mm512_and_si512,
                or = _mm512_or_si512,
                xor = _mm512_xor_si512,
                sll = $sll,
                srl = $srl
            );

            #[inline(always)]
            fn abs(&mut self, a: $f) -> $f {
                simd!($abs(a))
            }
            #[inline(always)]
            fn or(&mut self, a: $m, b: $m) -> $m {
                a | b
            }
            #[inline(always)]
            fn select(&mut self, m: $m, a: $f, b: $f) -> $f {
                simd!($blend(m, b, a))
            }
            #[inline(always)]
            fn sshr(&mut self, a: __m512i, n: u32) -> __m512i {
                simd!($sra(a, _mm_cvtsi32_si128(n as i32)))
            }
            #[inline(always)]
            fn ieq(&mut self, a: __m512i, b: __m512i) -> $m {
                simd!($ieq(a, b))
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
            fn bits(&mut self, m: $m) -> u64 {
                m as u64
            }
        }
    };
}

arith!(
    F64x8,
    __m512d,
    __mmask8,
    f64,
    8,
    _mm512_set1_pd,
    _mm512_set1_epi64,
    i64,
    _mm512_add_pd,
    _mm512_sub_pd,
    _mm512_mul_pd,
    _mm512_div_pd,
    _mm512_fmadd_pd,
    _mm512_roundscale_pd,
    _mm512_sqrt_pd,
    _mm512_abs_pd,
    _mm512_cmp_pd_mask,
    _mm512_mask_blend_pd,
    _mm512_castpd_si512,
    _mm512_castsi512_pd,
    _mm512_add_epi64,
    _mm512_sub_epi64,
    _mm512_sll_epi64,
    _mm512_sra_epi64,
    _mm512_srl_epi64,
    _mm512_cmpeq_epi64_mask,
    _mm512_loadu_pd,
    _mm512_storeu_pd
);

arith!(
    F32x16,
    __m512,
    __mmask16,
    f32,
    16,
    _mm512_set1_ps,
    _mm512_set1_epi32,
    i32,
    _mm512_add_ps,
    _mm512_sub_ps,
    _mm512_mul_ps,
    _mm512_div_ps,
    _mm512_fmadd_ps,
    _mm512_roundscale_ps,
    _mm512_sqrt_ps,
    _mm512_abs_ps,
    _mm512_cmp_ps_mask,
    _mm512_mask_blend_ps,
    _mm512_castps_si512,
    _mm512_castsi512_ps,
    _mm512_add_epi32,
    _mm512_sub_epi32,
    _mm512_sll_epi32,
    _mm512_sra_epi32,
    _mm512_srl_epi32,
    _mm512_cmpeq_epi32_mask,
    _mm512_loadu_ps,
    _mm512_storeu_ps
);

impl super::Widen for F64x8 {
    #[inline(always)]
    unsafe fn load_f32(&mut self, p: *const f32) -> __m512d {
        // SAFETY: the caller gives eight readable float32s at `p`; the features are `new`'s promise.
        unsafe { _mm512_cvtps_pd(_mm256_loadu_ps(p)) }
    }
    #[inline(always)]
    unsafe fn store_f32(&mut self, p: *mut f32, v: __m512d) {
        // SAFETY: the caller gives eight writable float32s at `p`; the features are `new`'s promise.
        unsafe { _mm256_storeu_ps(p, _mm512_cvtpd_ps(v)) }
    }
}
