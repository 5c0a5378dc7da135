//! float16 conversions over strips, with the CPU's conversion instructions (F16C's `vcvtph2ps` and
//! `vcvtps2ph` at 256 bits, AVX-512F's at 512): eight or sixteen lanes an instruction, where Cranelift's
//! 128-bit code takes a dozen integer operations for four. A kernel cut into strips (`jit::strips`)
//! calls them for its float16 casts: a contiguous float16 input widened into a float32 strip, a float32
//! strip rounded to float16 (kept as float32 for the phases after it), or rounded and written as
//! float16 into the output. Rounding is to nearest even whatever the rounding mode, as the JIT's inline
//! conversions and `half::f16::from_f32` round; the strip's tail goes through `half`.

use std::arch::x86_64::*;

use half::f16;

use super::{feature, HalfOp, UnaryStrip, Width};

/// The routine for `op` at `width`, where the CPU has the instructions.
pub fn routine(width: Width, op: HalfOp) -> Option<UnaryStrip> {
    let f: UnaryStrip = match (width, op) {
        (Width::W512, HalfOp::Widen) if width.available() => widen512,
        (Width::W512, HalfOp::Round) if width.available() => round512,
        (Width::W512, HalfOp::Narrow) if width.available() => narrow512,
        (Width::W256, HalfOp::Widen) if width.available() && feature("f16c") => widen256,
        (Width::W256, HalfOp::Round) if width.available() && feature("f16c") => round256,
        (Width::W256, HalfOp::Narrow) if width.available() && feature("f16c") => narrow256,
        _ => return None,
    };
    Some(f)
}

/// The nearest float16 (`_MM_FROUND_TO_NEAREST_INT`, not the rounding mode's); at 512 bits with
/// exceptions masked too (F16C's form takes the rounding bits alone).
const NEAREST: i32 = _MM_FROUND_TO_NEAREST_INT;
const NEAREST_NO_EXC: i32 = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;

/// A conversion routine over a strip: `$lanes` elements a step by `$vector` (given the step's source and
/// destination pointers), the tail by `$scalar` (given one source element).
macro_rules! conversion {
    ($(#[$doc:meta])* $name:ident, $features:literal, $lanes:literal, $src:ty => $dst:ty,
     |$p:ident, $q:ident| $vector:expr, |$x:ident| $scalar:expr) => {
        $(#[$doc])*
        ///
        /// # Safety
        /// `src` holds `n` elements and `dst` room for `n`, not overlapping; the CPU has the routine's features.
        #[target_feature(enable = $features)]
        unsafe extern "C" fn $name(src: *const u8, dst: *mut u8, n: usize) {
            let (src, dst) = (src as *const $src, dst as *mut $dst);
            let body = n / $lanes * $lanes;
            // SAFETY: every access is below `n` elements of its strip (the caller's contract), and a step's
            // `$lanes` elements start at most `body - $lanes`.
            unsafe {
                for i in (0..body).step_by($lanes) {
                    let ($p, $q) = (src.add(i), dst.add(i));
                    $vector;
                }
                for k in body..n {
                    let $x = *src.add(k);
                    *dst.add(k) = $scalar;
                }
            }
        }
    };
}

conversion!(
    /// float16 bits to their float32 values, eight lanes a step.
    widen256, "avx2,f16c", 8, u16 => f32,
    |p, q| _mm256_storeu_ps(q, _mm256_cvtph_ps(_mm_loadu_si128(p as *const __m128i))),
    |x| f16::from_bits(x).to_f32()
);
conversion!(
    /// float32 to the nearest float16's value, as float32.
    round256, "avx2,f16c", 8, f32 => f32,
    |p, q| _mm256_storeu_ps(q, _mm256_cvtph_ps(_mm256_cvtps_ph::<NEAREST>(_mm256_loadu_ps(p)))),
    |x| f16::from_f32(x).to_f32()
);
conversion!(
    /// float32 to the nearest float16, as its bits.
    narrow256, "avx2,f16c", 8, f32 => u16,
    |p, q| _mm_storeu_si128(q as *mut __m128i, _mm256_cvtps_ph::<NEAREST>(_mm256_loadu_ps(p))),
    |x| f16::from_f32(x).to_bits()
);
conversion!(
    /// `widen256`, sixteen lanes a step.
    widen512, "avx512f", 16, u16 => f32,
    |p, q| _mm512_storeu_ps(q, _mm512_cvtph_ps(_mm256_loadu_si256(p as *const __m256i))),
    |x| f16::from_bits(x).to_f32()
);
conversion!(
    /// `round256`, sixteen lanes a step.
    round512, "avx512f", 16, f32 => f32,
    |p, q| _mm512_storeu_ps(q, _mm512_cvtph_ps(_mm512_cvtps_ph::<NEAREST_NO_EXC>(_mm512_loadu_ps(p)))),
    |x| f16::from_f32(x).to_f32()
);
conversion!(
    /// `narrow256`, sixteen lanes a step.
    narrow512, "avx512f", 16, f32 => u16,
    |p, q| _mm256_storeu_si256(q as *mut __m256i, _mm512_cvtps_ph::<NEAREST_NO_EXC>(_mm512_loadu_ps(p))),
    |x| f16::from_f32(x).to_bits()
);
