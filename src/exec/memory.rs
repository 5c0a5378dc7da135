//! Allocating the large buffers results live in.
//!
//! A result of some megabytes is streamed through once, and with 4 KiB pages the walk over it misses the
//! TLB every 512 float64s. Linux can back memory with 2 MiB pages instead, but in its default
//! `madvise` mode only where the program asks. NumPy asks for every array of 4 MiB or more
//! (`madvise(MADV_HUGEPAGE)` before the first touch); numjit asks for the same, so its results stream as
//! fast as NumPy's arrays do (measured on this project's machines: NumPy's own `sum` of 10^7 float64s is
//! 25% slower with the advice turned off).

use crate::error::{Error, ErrorKind, Result};

/// Buffers of at least this many bytes are advised into huge pages (NumPy's threshold).
pub const HUGE_PAGE_THRESHOLD: usize = 4 << 20;

/// An empty vector with room for exactly `n` elements, allocated fallibly (an `Error::Size`, not an
/// abort, where it does not fit), its memory advised into huge pages where it is large.
pub fn vec_with_capacity<T>(n: usize) -> Result<Vec<T>> {
    let mut v: Vec<T> = Vec::new();
    v.try_reserve_exact(n).map_err(|_| {
        let size = std::mem::size_of::<T>().max(1);
        let gb = n as f64 * size as f64 / 1e9;
        let message = format!("cannot allocate {n} elements of {size} bytes ({gb:.1} GB)");
        Error::general(ErrorKind::Size { message })
    })?;
    advise_huge_pages(v.as_mut_ptr() as *mut u8, v.capacity().saturating_mul(std::mem::size_of::<T>()));
    Ok(v)
}

/// Asks the kernel to back the whole pages inside `bytes` bytes at `p` with huge pages, if they are at
/// least `HUGE_PAGE_THRESHOLD`. Advice only: contents are unchanged and a refusal changes nothing.
#[cfg(target_os = "linux")]
fn advise_huge_pages(p: *mut u8, bytes: usize) {
    const PAGE: usize = 4096;
    if bytes < HUGE_PAGE_THRESHOLD {
        return;
    }
    let start = (p as usize).next_multiple_of(PAGE);
    let end = (p as usize + bytes) & !(PAGE - 1);
    if end > start {
        // SAFETY: `madvise` with `MADV_HUGEPAGE` reads and writes no memory; it marks the address range
        // as eligible for huge pages. The range lies inside one allocation this call owns, and an error
        // (for example from a kernel without transparent huge pages) leaves everything as it was.
        unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE) };
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages(_: *mut u8, _: usize) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_buffer_is_usable_and_a_huge_one_is_an_error() {
        let mut v = vec_with_capacity::<f64>(HUGE_PAGE_THRESHOLD / 8 + 3).unwrap();
        assert!(v.capacity() >= HUGE_PAGE_THRESHOLD / 8 + 3 && v.is_empty());
        v.extend((0..HUGE_PAGE_THRESHOLD / 8 + 3).map(|k| k as f64));
        assert_eq!(v.iter().sum::<f64>(), v.len() as f64 * (v.len() - 1) as f64 / 2.0);
        let e = vec_with_capacity::<f64>(usize::MAX / 4).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Size { .. }), "{e}");
        assert!(vec_with_capacity::<u8>(0).unwrap().capacity() == 0);
    }

    /// The advice is visible in the mapping's flags (`hg` in `/proc/self/smaps`) on a Linux with
    /// transparent huge pages; whether the kernel then finds 2 MiB pages is its affair.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_large_buffer_is_advised_into_huge_pages() {
        if !std::path::Path::new("/sys/kernel/mm/transparent_hugepage/enabled").exists() {
            return;
        }
        let v = vec_with_capacity::<f64>(HUGE_PAGE_THRESHOLD).unwrap();
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let flags = |addr: usize| -> String {
            let mut inside = false;
            for line in smaps.lines() {
                let range = line.split(' ').next().unwrap_or("");
                if let Some((a, b)) = range.split_once('-') {
                    if let (Ok(a), Ok(b)) = (usize::from_str_radix(a, 16), usize::from_str_radix(b, 16)) {
                        inside = a <= addr && addr < b;
                        continue;
                    }
                }
                if inside {
                    if let Some(f) = line.strip_prefix("VmFlags:") {
                        return f.to_string();
                    }
                }
            }
            panic!("no mapping holds {addr:#x}")
        };
        let middle = v.as_ptr() as usize + HUGE_PAGE_THRESHOLD * 4;
        assert!(flags(middle).split_whitespace().any(|f| f == "hg"), "{}", flags(middle));
    }
}
