//! Checksums of every float function's bits over millions of inputs, spread evenly over every binade of
//! float64 and float32 (subnormals included, both signs) plus the special values: run it before and after
//! a change to `vmath` that must not change a bit, and compare the two outputs.
//! `cargo run --release --example vmath_checksums [SAMPLES_PER_BINADE] [high|fast]` (default 2000 for
//! float64 and eight times that for float32: about 4 million inputs per function and dtype; the precision
//! defaults to high). Comparing the two precisions' outputs shows which functions `Fast` changes.
//!
//! Each function runs through the public API twice, compiled and by the reference interpreter (which
//! calls `vmath`'s scalar functions), so the checksums cover the JIT's vector code and cold lanes as well.

use numjit::{Backend, DynArray, Options, Precision, Vars};

/// Every float function of one operand, as an expression of `x`.
const UNARY: [&str; 21] = [
    "sqrt", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh",
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "cbrt",
];

/// The float operations of two operands, as expressions of `x` and `y`.
const BINARY: [&str; 6] = ["x ** y", "arctan2(x, y)", "hypot(x, y)", "fmod(x, y)", "x // y", "x % y"];

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

/// The checksum of `text`'s result bits, by one back end.
fn checksum(text: &str, vars: &Vars, backend: Backend, precision: Precision) -> u64 {
    let opts = Options { backend, precision, ..Options::default() };
    let bits: Vec<u64> = match numjit::evaluate_with(text, vars, &opts).expect("a float function evaluates") {
        DynArray::F64(r) => r.iter().map(|v| v.to_bits()).collect(),
        DynArray::F32(r) => r.iter().map(|v| v.to_bits() as u64).collect(),
        other => panic!("{text} gave {other:?}"),
    };
    bits.into_iter().fold(0xcbf2_9ce4_8422_2325, fnv)
}

/// One float width: its name and the first and second operands' bit patterns.
struct Width {
    name: &'static str,
    xs: Vec<u64>,
    ys: Vec<u64>,
    /// Whether the bit patterns are float32's.
    single: bool,
}

fn main() {
    let per: usize = std::env::args().nth(1).map_or(2000, |s| s.parse().expect("samples per binade"));
    let precision =
        std::env::args().nth(2).map_or(Precision::High, |s| Precision::from_name(&s).expect("high or fast"));
    let widths = [
        Width { name: "float64", xs: inputs(52, 11, per, 1), ys: inputs(52, 11, per, 2), single: false },
        Width { name: "float32", xs: inputs(23, 8, per * 8, 3), ys: inputs(23, 8, per * 8, 4), single: true },
    ];
    for Width { name, xs, ys, single } in &widths {
        let array = |bits: &[u64]| -> DynArray {
            if *single {
                DynArray::F32(ndarray::Array1::from_iter(bits.iter().map(|&b| f32::from_bits(b as u32))).into_dyn())
            } else {
                DynArray::F64(ndarray::Array1::from_iter(bits.iter().map(|&b| f64::from_bits(b))).into_dyn())
            }
        };
        let (x, y) = (array(xs), array(ys));
        let mut vars = Vars::new();
        vars.insert("x", &x).insert("y", &y);
        let texts = UNARY.iter().map(|f| format!("{f}(x)")).chain(BINARY.iter().map(|t| t.to_string()));
        for text in texts {
            let jit = checksum(&text, &vars, Backend::Jit, precision);
            let reference = checksum(&text, &vars, Backend::Interpreter, precision);
            println!("{text:<14} {name}  {} inputs  jit {jit:016x}  interpreter {reference:016x}", xs.len());
        }
    }
}
