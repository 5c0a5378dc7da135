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

/// The float operations of one vector type (`$p`: `pd` or `ps`; `$e`: the integer lane width).
macro_rules! arith {
    ($t:ty, $f:ty, $m:ty, $elem:ty, $lanes:expr, $set1:ident, $seti:ident, $ity:ty,
     $add:ident, $sub:ident, $mul:ident, $div:ident, $fmadd:ident, $round:ident, $sqrt:ident, $abs:ident,
     $cmp:ident, $blend:ident, $cast_fi:ident, $cast_if:ident, $iadd:ident, $isub:ident, $sll:ident,
     $sra:ident, $srl:ident, $ieq:ident, $load:ident, $store:ident) => {
        impl Arith for $t {
            type F = $f;
            type I = __m512i;
            type M = $m;

            #[inline(always)]
            fn f(&mut self, v: f64) -> $f {
                simd!($set1(v as $elem))
            }
            #[inline(always)]
            fn i(&mut self, v: i64) -> __m512i {
                simd!($seti(v as $ity))
            }
            #[inline(always)]
            fn add(&mut self, a: $f, b: $f) -> $f {
                simd!($add(a, b))
            }
            #[inline(always)]
            fn sub(&mut self, a: $f, b: $f) -> $f {
                simd!($sub(a, b))
            }
            #[inline(always)]
            fn mul(&mut self, a: $f, b: $f) -> $f {
                simd!($mul(a, b))
            }
            #[inline(always)]
            fn div(&mut self, a: $f, b: $f) -> $f {
                simd!($div(a, b))
            }
            #[inline(always)]
            fn fma(&mut self, a: $f, b: $f, c: $f) -> $f {
                simd!($fmadd(a, b, c))
            }
            #[inline(always)]
            fn rint(&mut self, a: $f) -> $f {
                simd!($round::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(a))
            }
            #[inline(always)]
            fn sqrt(&mut self, a: $f) -> $f {
                simd!($sqrt(a))
            }
            #[inline(always)]
            fn trunc(&mut self, a: $f) -> $f {
                simd!($round::<{ _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC }>(a))
            }
            #[inline(always)]
            fn floor(&mut self, a: $f) -> $f {
                simd!($round::<{ _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC }>(a))
            }
            #[inline(always)]
            fn abs(&mut self, a: $f) -> $f {
                simd!($abs(a))
            }
            #[inline(always)]
            fn lt(&mut self, a: $f, b: $f) -> $m {
                simd!($cmp::<_CMP_LT_OQ>(a, b))
            }
            #[inline(always)]
            fn gt(&mut self, a: $f, b: $f) -> $m {
                simd!($cmp::<_CMP_GT_OQ>(a, b))
            }
            #[inline(always)]
            fn eq(&mut self, a: $f, b: $f) -> $m {
                simd!($cmp::<_CMP_EQ_OQ>(a, b))
            }
            #[inline(always)]
            fn ult(&mut self, a: $f, b: $f) -> $m {
                simd!($cmp::<_CMP_NGE_UQ>(a, b))
            }
            #[inline(always)]
            fn ule(&mut self, a: $f, b: $f) -> $m {
                simd!($cmp::<_CMP_NGT_UQ>(a, b))
            }
            #[inline(always)]
            fn ugt(&mut self, a: $f, b: $f) -> $m {
                simd!($cmp::<_CMP_NLE_UQ>(a, b))
            }
            #[inline(always)]
            fn uge(&mut self, a: $f, b: $f) -> $m {
                simd!($cmp::<_CMP_NLT_UQ>(a, b))
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
            fn float_to_bits(&mut self, a: $f) -> __m512i {
                simd!($cast_fi(a))
            }
            #[inline(always)]
            fn bits_to_float(&mut self, a: __m512i) -> $f {
                simd!($cast_if(a))
            }
            #[inline(always)]
            fn iadd(&mut self, a: __m512i, b: __m512i) -> __m512i {
                simd!($iadd(a, b))
            }
            #[inline(always)]
            fn isub(&mut self, a: __m512i, b: __m512i) -> __m512i {
                simd!($isub(a, b))
            }
            #[inline(always)]
            fn iand(&mut self, a: __m512i, b: __m512i) -> __m512i {
                simd!(_mm512_and_si512(a, b))
            }
            #[inline(always)]
            fn ior(&mut self, a: __m512i, b: __m512i) -> __m512i {
                simd!(_mm512_or_si512(a, b))
            }
            #[inline(always)]
            fn ixor(&mut self, a: __m512i, b: __m512i) -> __m512i {
                simd!(_mm512_xor_si512(a, b))
            }
            #[inline(always)]
            fn shl(&mut self, a: __m512i, n: u32) -> __m512i {
                simd!($sll(a, _mm_cvtsi32_si128(n as i32)))
            }
            #[inline(always)]
            fn sshr(&mut self, a: __m512i, n: u32) -> __m512i {
                simd!($sra(a, _mm_cvtsi32_si128(n as i32)))
            }
            #[inline(always)]
            fn ushr(&mut self, a: __m512i, n: u32) -> __m512i {
                simd!($srl(a, _mm_cvtsi32_si128(n as i32)))
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
