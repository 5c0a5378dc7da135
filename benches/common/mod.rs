//! What the benchmarks share: seeded inputs.

use ndarray::Array1;

/// `n` seeded uniform numbers in [0, 1) (xorshift64*), the same on every run, in memory allocated as
/// NumPy allocates its arrays (huge pages from 4 MiB: `numjit::vec_with_capacity`).
pub fn uniform(n: usize, seed: u64) -> Array1<f64> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut v = numjit::vec_with_capacity(n).expect("the benchmark's inputs fit in memory");
    v.extend((0..n).map(|_| {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        (s.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }));
    Array1::from_vec(v)
}
