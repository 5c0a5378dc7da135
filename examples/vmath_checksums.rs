//! Checksums of every float function's bits over millions of inputs, spread evenly over every binade of
//! float64 and float32 (subnormals included, both signs) plus the special values: run it before and after
//! a change to `vmath` that must not change a bit, and compare the two outputs.
//! `cargo run --release --example vmath_checksums [SAMPLES_PER_BINADE]` (default 2000 for float64 and
//! eight times that for float32: about 4 million inputs per function and dtype).
//!
//! The functions run through `numjit::ops`, the scalar semantics that the interpreter and constant
//! folding use, which call `vmath`'s algorithms on scalars; the JIT runs the same algorithms on vectors
//! and is checked against them bit for bit by the property tests.

use numjit::ops::{self, BinOp, UnOp};
use numjit::Scalar;

const UNARY: [UnOp; 21] = [
    UnOp::Sqrt,
    UnOp::Sin,
    UnOp::Cos,
    UnOp::Tan,
    UnOp::Arcsin,
    UnOp::Arccos,
    UnOp::Arctan,
    UnOp::Sinh,
    UnOp::Cosh,
    UnOp::Tanh,
    UnOp::Arcsinh,
    UnOp::Arccosh,
    UnOp::Arctanh,
    UnOp::Exp,
    UnOp::Exp2,
    UnOp::Expm1,
    UnOp::Log,
    UnOp::Log2,
    UnOp::Log10,
    UnOp::Log1p,
    UnOp::Cbrt,
];

const BINARY: [BinOp; 6] = [BinOp::Pow, BinOp::Arctan2, BinOp::Hypot, BinOp::Fmod, BinOp::FloorDiv, BinOp::Mod];

/// xorshift64*: repeatable without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// `per` random values in each binade of a format with `mant` mantissa bits and `exp_bits` exponent bits
/// (as raw bit patterns, both signs), then the special values.
fn inputs(mant: u32, exp_bits: u32, per: usize, seed: u64) -> Vec<u64> {
    let mut rng = Rng(seed | 1);
    let mut v = Vec::new();
    let top = (1u64 << exp_bits) - 1;
    for e in 0..top {
        for _ in 0..per {
            let m = rng.next() & ((1u64 << mant) - 1);
            let sign = (rng.next() & 1) << (mant + exp_bits);
            v.push(sign | (e << mant) | m);
        }
    }
    let inf = top << mant;
    let quiet = 1u64 << (mant - 1);
    let sign = 1u64 << (mant + exp_bits);
    v.extend([0, sign, inf, inf | sign, inf | quiet, inf | quiet | sign, 1, (1u64 << mant) - 1]);
    v
}

/// FNV-1a over the results' bits.
fn fnv(h: u64, bits: u64) -> u64 {
    (h ^ bits).wrapping_mul(0x100_0000_01b3)
}

fn bits(s: Scalar) -> u64 {
    match s {
        Scalar::F64(v) => v.to_bits(),
        Scalar::F32(v) => v.to_bits() as u64,
        other => panic!("a float function gave {other:?}"),
    }
}

/// One float width: its name, the first and second operands' bit patterns, and how bits become a scalar.
struct Width {
    name: &'static str,
    xs: Vec<u64>,
    ys: Vec<u64>,
    make: fn(u64) -> Scalar,
}

fn main() {
    let per: usize = std::env::args().nth(1).map_or(2000, |s| s.parse().expect("samples per binade"));
    let widths = [
        Width {
            name: "float64",
            xs: inputs(52, 11, per, 1),
            ys: inputs(52, 11, per, 2),
            make: |b| Scalar::F64(f64::from_bits(b)),
        },
        Width {
            name: "float32",
            xs: inputs(23, 8, per * 8, 3),
            ys: inputs(23, 8, per * 8, 4),
            make: |b| Scalar::F32(f32::from_bits(b as u32)),
        },
    ];
    for Width { name, xs, ys, make } in &widths {
        for op in UNARY {
            let h = xs.iter().fold(0xcbf2_9ce4_8422_2325, |h, &x| fnv(h, bits(ops::unary(op, make(x)))));
            println!("{:<10} {name}  {} inputs  {h:016x}", op.name(), xs.len());
        }
        for op in BINARY {
            let h = xs
                .iter()
                .zip(ys)
                .fold(0xcbf2_9ce4_8422_2325, |h, (&x, &y)| fnv(h, bits(ops::binary(op, make(x), make(y)))));
            println!("{:<10} {name}  {} pairs   {h:016x}", format!("{op:?}").to_lowercase(), xs.len());
        }
    }
}
