//! Streaming stores: a result far larger than the caches is written around them.
//!
//! A plain store to a line that is not in cache first reads the line (write-allocate), so writing a
//! result costs its bytes twice in memory traffic. Non-temporal stores (`movntdq`) go to memory through
//! write-combining buffers without that read. Cranelift emits none, so a kernel whose output streams
//! writes a strip into an L1-resident buffer and `copy` streams the strip out.

/// Whether this CPU has streaming stores (every x86-64: they are SSE2).
pub const AVAILABLE: bool = cfg!(target_arch = "x86_64");

/// Copies `bytes` bytes from `src` to `dst`, with non-temporal stores for the 16-byte aligned part of
/// `dst`. Until `fence`, other threads may not see the streamed bytes.
///
/// # Safety
/// `src` valid for reading and `dst` for writing `bytes` bytes; they do not overlap.
#[cfg(target_arch = "x86_64")]
pub unsafe fn copy(src: *const u8, dst: *mut u8, bytes: usize) {
    use std::arch::x86_64::{__m128i, _mm_loadu_si128, _mm_stream_si128};
    let head = (dst.align_offset(16)).min(bytes);
    let body = (bytes - head) / 64 * 64;
    // SAFETY: the caller's guarantees; `head + body <= bytes`, and the streamed stores go to 16-byte
    // aligned addresses of `dst`, as `movntdq` requires. SSE2 is part of x86-64.
    unsafe {
        std::ptr::copy_nonoverlapping(src, dst, head);
        let (s, d) = (src.add(head), dst.add(head));
        for j in (0..body).step_by(64) {
            let v: [__m128i; 4] = std::array::from_fn(|k| _mm_loadu_si128(s.add(j + 16 * k) as *const __m128i));
            for (k, v) in v.into_iter().enumerate() {
                _mm_stream_si128(d.add(j + 16 * k) as *mut __m128i, v);
            }
        }
        std::ptr::copy_nonoverlapping(s.add(body), d.add(body), bytes - head - body);
    }
}

/// Copies as `copy` does, with plain stores (no CPU here streams).
///
/// # Safety
/// As `copy`.
#[cfg(not(target_arch = "x86_64"))]
pub unsafe fn copy(src: *const u8, dst: *mut u8, bytes: usize) {
    // SAFETY: the caller's guarantees.
    unsafe { std::ptr::copy_nonoverlapping(src, dst, bytes) }
}

/// Orders the streamed stores before every later store of this thread, so that a thread that learns of
/// the work's end (through rayon's synchronization) sees them.
pub fn fence() {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `sfence` has no operands and no preconditions; SSE is part of x86-64.
    unsafe {
        std::arch::x86_64::_mm_sfence()
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_copies_equal_plain_ones_at_every_alignment_and_length() {
        let src: Vec<u8> = (0..1000u32).map(|k| (k * 37 % 251) as u8).collect();
        for off in 0..20 {
            for len in [0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 200, 500, 900] {
                let mut dst = vec![0xAAu8; 1000];
                // SAFETY: both buffers hold `off + len <= 1000` bytes from where they are used.
                unsafe { copy(src.as_ptr(), dst.as_mut_ptr().add(off), len) };
                fence();
                assert!(dst[..off].iter().all(|&b| b == 0xAA), "{off} {len}");
                assert_eq!(&dst[off..off + len], &src[..len], "{off} {len}");
                assert!(dst[off + len..].iter().all(|&b| b == 0xAA), "{off} {len}");
            }
        }
    }
}
