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

/// Widens `n` float16s at `src` into float32s at `dst`.
///
/// # Safety
/// `src` holds `n` float16s and `dst` room for `n` float32s, not overlapping; the CPU has F16C and AVX2.
#[target_feature(enable = "avx2,f16c")]
unsafe extern "C" fn widen256(src: *const u8, dst: *mut u8, n: usize) {
    let (src, dst) = (src as *const u16, dst as *mut f32);
    let body = n / 8 * 8;
    // SAFETY: every access is below `n` elements of its strip (the caller's contract).
    unsafe {
        for i in (0..body).step_by(8) {
            let h = _mm_loadu_si128(src.add(i) as *const __m128i);
            _mm256_storeu_ps(dst.add(i), _mm256_cvtph_ps(h));
        }
        for k in body..n {
            *dst.add(k) = f16::from_bits(*src.add(k)).to_f32();
        }
    }
}

/// Rounds `n` float32s at `src` to float16's precision, into `dst`.
///
/// # Safety
/// `src` and `dst` hold `n` float32s each; the CPU has F16C and AVX2.
#[target_feature(enable = "avx2,f16c")]
unsafe extern "C" fn round256(src: *const u8, dst: *mut u8, n: usize) {
    let (src, dst) = (src as *const f32, dst as *mut f32);
    let body = n / 8 * 8;
    // SAFETY: as in `widen256`.
    unsafe {
        for i in (0..body).step_by(8) {
            let h = _mm256_cvtps_ph::<NEAREST>(_mm256_loadu_ps(src.add(i)));
            _mm256_storeu_ps(dst.add(i), _mm256_cvtph_ps(h));
        }
        for k in body..n {
            *dst.add(k) = f16::from_f32(*src.add(k)).to_f32();
        }
    }
}

/// Rounds `n` float32s at `src` to float16, written as float16 bits at `dst`.
///
/// # Safety
/// `src` holds `n` float32s and `dst` room for `n` float16s, not overlapping; the CPU has F16C and AVX2.
#[target_feature(enable = "avx2,f16c")]
unsafe extern "C" fn narrow256(src: *const u8, dst: *mut u8, n: usize) {
    let (src, dst) = (src as *const f32, dst as *mut u16);
    let body = n / 8 * 8;
    // SAFETY: as in `widen256`.
    unsafe {
        for i in (0..body).step_by(8) {
            let h = _mm256_cvtps_ph::<NEAREST>(_mm256_loadu_ps(src.add(i)));
            _mm_storeu_si128(dst.add(i) as *mut __m128i, h);
        }
        for k in body..n {
            *dst.add(k) = f16::from_f32(*src.add(k)).to_bits();
        }
    }
}

/// `widen256` sixteen lanes at a time.
///
/// # Safety
/// As `widen256`, on a CPU with AVX-512F.
#[target_feature(enable = "avx512f")]
unsafe extern "C" fn widen512(src: *const u8, dst: *mut u8, n: usize) {
    let (src, dst) = (src as *const u16, dst as *mut f32);
    let body = n / 16 * 16;
    // SAFETY: as in `widen256`.
    unsafe {
        for i in (0..body).step_by(16) {
            let h = _mm256_loadu_si256(src.add(i) as *const __m256i);
            _mm512_storeu_ps(dst.add(i), _mm512_cvtph_ps(h));
        }
        for k in body..n {
            *dst.add(k) = f16::from_bits(*src.add(k)).to_f32();
        }
    }
}

/// `round256` sixteen lanes at a time.
///
/// # Safety
/// As `round256`, on a CPU with AVX-512F.
#[target_feature(enable = "avx512f")]
unsafe extern "C" fn round512(src: *const u8, dst: *mut u8, n: usize) {
    let (src, dst) = (src as *const f32, dst as *mut f32);
    let body = n / 16 * 16;
    // SAFETY: as in `widen256`.
    unsafe {
        for i in (0..body).step_by(16) {
            let h = _mm512_cvtps_ph::<NEAREST_NO_EXC>(_mm512_loadu_ps(src.add(i)));
            _mm512_storeu_ps(dst.add(i), _mm512_cvtph_ps(h));
        }
        for k in body..n {
            *dst.add(k) = f16::from_f32(*src.add(k)).to_f32();
        }
    }
}

/// `narrow256` sixteen lanes at a time.
///
/// # Safety
/// As `narrow256`, on a CPU with AVX-512F.
#[target_feature(enable = "avx512f")]
unsafe extern "C" fn narrow512(src: *const u8, dst: *mut u8, n: usize) {
    let (src, dst) = (src as *const f32, dst as *mut u16);
    let body = n / 16 * 16;
    // SAFETY: as in `widen256`.
    unsafe {
        for i in (0..body).step_by(16) {
            let h = _mm512_cvtps_ph::<NEAREST_NO_EXC>(_mm512_loadu_ps(src.add(i)));
            _mm256_storeu_si256(dst.add(i) as *mut __m256i, h);
        }
        for k in body..n {
            *dst.add(k) = f16::from_f32(*src.add(k)).to_bits();
        }
    }
}
