//! Vector math: every float function of the language, written once over an arithmetic trait. This file
//! is the shared core (`Arith`, `Format`, TwoSum and exact products, polynomials, sign and constant
//! helpers, the scalar `Arith`); each family has a file of its own: `exp` (`exp`, `exp2`, `expm1`), `log`
//! (`log`, `log2`, `log10`, `log1p`), `trig` (`sin`, `cos`, `tan`), `inverse_trig` (`arcsin`, `arccos`,
//! `arctan`, `arctan2`), `hyperbolic` (the hyperbolic functions and their inverses), `pow` (`power`),
//! `roots` (`cbrt`, `hypot`) and `divmod` (`fmod`, float `//` and `%`). The families' items are all
//! re-exported here, so users name them `vmath::exp_fast` whatever file they live in.
//!
//! The JIT implements `Arith` with Cranelift vector instructions and the interpreter (through `ops`) with
//! plain scalars, so both back ends run the very same sequence of IEEE operations and agree bit for bit.
//! The algorithms are table-free and branch-free: Cody-Waite range reduction with a split constant,
//! polynomials evaluated with fused multiply-adds (Taylor coefficients carried far enough that truncation
//! stays well under an ulp, or Chebyshev fits where the series converges slowly), the exponent set through
//! bit casts, and sums of two floats (TwoSum, exact products by fused multiply-adds, remainders of
//! divisions and roots) wherever one rounding must dominate. Each algorithm is written once for both
//! widths: a `Format` holds what differs between float64 and float32 (bit layout, split constants, series
//! lengths, limits). Most functions come in two parts: a `*_fast` algorithm for ordinary arguments, and a
//! scalar function (`exp_f64`, `cbrt_f32`, ...) that takes the rest by branches and calls the same
//! `*_fast` for ordinary inputs; the JIT sends the rest, lane by lane, to that scalar function in a cold
//! block. Arguments to `sin`, `cos` and `tan` beyond the format's `trig_limit` go to the platform's libm.
//! This module knows nothing of Cranelift or of arrays.

mod divmod;
mod exp;
mod hyperbolic;
mod inverse_trig;
mod log;
mod pow;
mod roots;
mod table;
#[cfg(test)]
mod tests;
mod trig;

pub use divmod::*;
pub use exp::*;
pub use hyperbolic::{
    acosh_f64, acosh_lanes, asinh_f64, asinh_lanes, atanh_f64, atanh_lanes, cosh_f64, cosh_lanes, sinh_f64, sinh_lanes,
    tanh_f32, tanh_f64, tanh_lanes, ASINH_LIMIT, HYPERBOLIC_LIMIT,
};
pub use inverse_trig::*;
pub use log::*;
pub use pow::{pow_exp_fast, pow_f32, pow_f64, pow_fast_limit, pow_log};
pub use roots::*;
pub use table::{beyond_trig_limit, BinaryRow, BinaryVisitor, MathFn, MathFn2, UnaryRow, UnaryVisitor};
pub use trig::*;

/// The arithmetic the algorithms need, on one lane or on vectors of lanes, of one float width.
pub trait Arith {
    /// Floats.
    type F: Copy;
    /// Integers of the floats' width, lane for lane with `F`.
    type I: Copy;
    /// Lane masks.
    type M: Copy;

    /// A constant (rounded to the lane width).
    fn f(&mut self, v: f64) -> Self::F;
    /// An integer constant (wrapped to the lane width).
    fn i(&mut self, v: i64) -> Self::I;
    fn add(&mut self, a: Self::F, b: Self::F) -> Self::F;
    fn sub(&mut self, a: Self::F, b: Self::F) -> Self::F;
    fn mul(&mut self, a: Self::F, b: Self::F) -> Self::F;
    fn div(&mut self, a: Self::F, b: Self::F) -> Self::F;
    /// `a * b + c` with one rounding.
    fn fma(&mut self, a: Self::F, b: Self::F, c: Self::F) -> Self::F;
    /// Round to nearest, ties to even.
    fn rint(&mut self, a: Self::F) -> Self::F;
    /// The correctly rounded square root.
    fn sqrt(&mut self, a: Self::F) -> Self::F;
    /// Round toward zero, and toward minus infinity.
    fn trunc(&mut self, a: Self::F) -> Self::F;
    fn floor(&mut self, a: Self::F) -> Self::F;
    fn abs(&mut self, a: Self::F) -> Self::F;
    fn lt(&mut self, a: Self::F, b: Self::F) -> Self::M;
    fn gt(&mut self, a: Self::F, b: Self::F) -> Self::M;
    fn eq(&mut self, a: Self::F, b: Self::F) -> Self::M;
    /// "Unordered or less than": `a < b`, or either is NaN (the negation of `a >= b`); and the same for
    /// `<=`, `>` and `>=`. The cold-lane conditions use these, so that NaN lanes are cold.
    fn ult(&mut self, a: Self::F, b: Self::F) -> Self::M;
    fn ule(&mut self, a: Self::F, b: Self::F) -> Self::M;
    fn ugt(&mut self, a: Self::F, b: Self::F) -> Self::M;
    fn uge(&mut self, a: Self::F, b: Self::F) -> Self::M;
    /// Either mask's lanes.
    fn or(&mut self, a: Self::M, b: Self::M) -> Self::M;
    fn select(&mut self, m: Self::M, a: Self::F, b: Self::F) -> Self::F;
    fn float_to_bits(&mut self, a: Self::F) -> Self::I;
    fn bits_to_float(&mut self, a: Self::I) -> Self::F;
    fn iadd(&mut self, a: Self::I, b: Self::I) -> Self::I;
    fn isub(&mut self, a: Self::I, b: Self::I) -> Self::I;
    fn iand(&mut self, a: Self::I, b: Self::I) -> Self::I;
    fn ior(&mut self, a: Self::I, b: Self::I) -> Self::I;
    fn ixor(&mut self, a: Self::I, b: Self::I) -> Self::I;
    fn shl(&mut self, a: Self::I, n: u32) -> Self::I;
    /// Arithmetic (sign-extending) shift right.
    fn sshr(&mut self, a: Self::I, n: u32) -> Self::I;
    fn ushr(&mut self, a: Self::I, n: u32) -> Self::I;
    fn ieq(&mut self, a: Self::I, b: Self::I) -> Self::M;
}

/// What differs between float64 and float32 in the algorithms.
#[derive(Clone, Copy, Debug)]
pub struct Format {
    /// Mantissa bits (the exponent starts there), exponent mask and bias.
    mant_bits: u32,
    exp_mask: i64,
    bias: i64,
    /// 1.5 * 2^mant_bits: added to an integer-valued float below 2^(mant_bits - 1) in magnitude, it
    /// leaves the integer in the low bits; and its bits.
    magic: f64,
    magic_bits: i64,
    /// The smallest normal number, and 2^k that lifts subnormals into the normal range.
    pub min_normal: f64,
    sub_scale_log2: i64,
    /// ln 2 = ln2_hi + ln2_lo, and log10(2) likewise.
    ln2_hi: f64,
    ln2_lo: f64,
    /// ln 2 split so that q * ln2_cw[0] is exact for |q| < 2^(mant_bits - 44 or -17) (`expm1`'s
    /// Cody-Waite reduction).
    ln2_cw: [f64; 2],
    log10_2_hi: f64,
    log10_2_lo: f64,
    /// log2(e) and log10(e), each as a high and a low part.
    log2_e: [f64; 2],
    log10_e: [f64; 2],
    /// pi/2, pi/6 and sqrt(3), each as a high and a low part, for `atan2`, and the other multiples of pi/6
    /// its result starts from: pi/3, 2pi/3, 5pi/6, pi.
    pi_2: [f64; 2],
    pi_6: [f64; 2],
    sqrt3: [f64; 2],
    pi_3: [f64; 2],
    two_pi_3: [f64; 2],
    five_pi_6: [f64; 2],
    pi: [f64; 2],
    /// atan u = u + u^3 p(u^2) for |u| <= 0.4: p's coefficients, from the constant term up (a Chebyshev
    /// fit on [0, 0.16] rounded to the format, within 2^-58 (float64) and 2^-29 (float32) relative to atan
    /// u; the Taylor series took 19 and 9 terms for as much).
    atan: &'static [f64],
    /// asin u = u + u^3 p(u^2) for |u| <= 1/2: p's coefficients likewise (a Chebyshev fit on [0, 1/4],
    /// within 2^-58 and 2^-29 relative to asin u).
    asin: &'static [f64],
    /// pi/2 in parts short enough that `q * part` is exact for |q| below what `trig_limit` allows.
    pio2: [f64; 4],
    /// Beyond this magnitude `sin` and `cos` use the platform's libm.
    pub trig_limit: f64,
    /// Where exp overflows to infinity and underflows to zero.
    exp_max: f64,
    exp_min: f64,
    /// Series lengths: exp's last power, log's number of odd terms after t, and sin's and cos's last
    /// powers.
    exp_terms: u32,
    log_terms: u32,
    sin_terms: u32,
    cos_terms: u32,
    /// Newton's steps in `cbrt_fast` before the last (each doubles the first guess's 16 bits).
    cbrt_steps: u32,
    /// `Precision::Fast`: the algorithms may take shorter polynomials and drop carried error terms, so
    /// long as every function stays within 4 ulps.
    pub fast: bool,
}

/// How close to the correctly rounded result the vector-math functions are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Precision {
    /// Within 1 ulp (the default; the audit's figures are in README).
    #[default]
    High,
    /// Within 4 ulps, faster: the accuracy NumPy's SVML loops, SLEEF's u35 functions and Intel VML's
    /// low-accuracy mode accept.
    Fast,
}

impl Precision {
    /// Its spelling in the REPL and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Precision::High => "high",
            Precision::Fast => "fast",
        }
    }

    /// The most ulps a function may be from the correctly rounded result.
    pub fn max_ulps(self) -> u32 {
        match self {
            Precision::High => 1,
            Precision::Fast => 4,
        }
    }

    /// The precision a spelling names.
    pub fn from_name(name: &str) -> Option<Precision> {
        match name {
            "high" => Some(Precision::High),
            "fast" => Some(Precision::Fast),
            _ => None,
        }
    }
}

/// The format of float64 (`f64 == true`) or float32 lanes at a precision.
pub fn format(f64: bool, precision: Precision) -> &'static Format {
    match (f64, precision) {
        (true, Precision::High) => &F64,
        (true, Precision::Fast) => &F64_FAST,
        (false, Precision::High) => &F32,
        (false, Precision::Fast) => &F32_FAST,
    }
}

/// The NaN that an invalid operation gives on x86-64 (sign bit set: the "default NaN" of SSE and AVX), as
/// `0.0 / 0.0` or `sqrt(-1.0)` computed by the hardware. NumPy's functions return it for arguments outside
/// their domain (`log(-1)`, `arcsin(2)`), so numjit's do too; a NaN argument stays itself.
pub const DEFAULT_NAN: f64 = f64::from_bits(0xFFF8_0000_0000_0000);

pub const F64: Format = Format {
    mant_bits: 52,
    exp_mask: 0x7ff,
    bias: 1023,
    magic: 6755399441055744.0,
    magic_bits: 0x4338_0000_0000_0000,
    min_normal: f64::MIN_POSITIVE,
    sub_scale_log2: 54,
    ln2_hi: std::f64::consts::LN_2,
    ln2_lo: 2.3190468138462996e-17,
    ln2_cw: [0.6931471805599188, 2.6557520756679704e-14],
    log10_2_hi: std::f64::consts::LOG10_2,
    log10_2_lo: -2.8037281277851704e-18,
    log2_e: [std::f64::consts::LOG2_E, 2.0355273740931033e-17],
    log10_e: [std::f64::consts::LOG10_E, 1.098319650216765e-17],
    pi_2: [std::f64::consts::FRAC_PI_2, 6.123233995736766e-17],
    pi_6: [std::f64::consts::FRAC_PI_6, -5.360408832255455e-17],
    sqrt3: [1.7320508075688772, 1.0035084221806903e-16],
    pi_3: [std::f64::consts::FRAC_PI_3, -1.072081766451091e-16],
    two_pi_3: [2.0943951023931957, -2.144163532902182e-16],
    five_pi_6: [2.6179938779914944, -4.597583668774144e-17],
    pi: [std::f64::consts::PI, 1.2246467991473532e-16],
    atan: &[
        -0.3333333333333333,
        0.19999999999999904,
        -0.14285714285685594,
        0.11111111107747453,
        -0.09090908886672922,
        0.07692300352083689,
        -0.06666498694920257,
        0.05879806251463176,
        -0.05237135690593229,
        0.04583122861831778,
        -0.035409769791586894,
        0.017248670313840024,
    ],
    asin: &[
        0.16666666666666666,
        0.07500000000000118,
        0.044642857142551895,
        0.03038194447553234,
        0.02237215744350722,
        0.017352816540325496,
        0.01396378001220357,
        0.011566459612121669,
        0.009621842970100282,
        0.009319560794767446,
        0.0030448799094556773,
        0.019554513336123378,
        -0.01924167174674304,
        0.02961201126495512,
    ],
    pio2: [1.5707963109016418, 1.5893254712295857e-08, 6.123233932053594e-17, 6.36831716351095e-25],
    trig_limit: 1048576.0,
    exp_max: 709.782712893384,
    exp_min: -745.2,
    exp_terms: 13,
    log_terms: 10,
    cbrt_steps: 1,
    sin_terms: 8,
    cos_terms: 9,
    fast: false,
};

/// Float64 at `Precision::Fast`: log's series one term shorter (to t^19/19, 2^-55 relative).
pub const F64_FAST: Format = Format { fast: true, log_terms: 9, ..F64 };

pub const F32: Format = Format {
    mant_bits: 23,
    exp_mask: 0xff,
    bias: 127,
    magic: 12582912.0,
    magic_bits: 0x4B40_0000,
    min_normal: f32::MIN_POSITIVE as f64,
    sub_scale_log2: 25,
    ln2_hi: 0.6931471824645996,
    ln2_lo: -1.9046542121259336e-09,
    ln2_cw: [0.693145751953125, 1.428606765330187e-06],
    log10_2_hi: 0.3010300099849701,
    log10_2_lo: -1.432098883924482e-08,
    log2_e: [1.4426950216293335, 1.925963033500011e-08],
    log10_e: [0.4342944920063019, -1.0103049952192578e-08],
    pi_2: [1.5707963705062866, -4.371138828673793e-08],
    pi_6: [0.5235987901687622, -1.457046305830545e-08],
    sqrt3: [1.7320507764816284, 3.1087250107475484e-08],
    pi_3: [1.0471975803375244, -2.91409261166109e-08],
    two_pi_3: [2.094395160675049, -5.82818522332218e-08],
    five_pi_6: [2.6179938316345215, 4.635697337107558e-08],
    pi: [3.1415927410125732, -8.742277657347586e-08],
    atan: &[
        -0.3333333432674408,
        0.1999998390674591,
        -0.1428450047969818,
        0.11078058183193207,
        -0.08676326274871826,
        0.05186111479997635,
    ],
    asin: &[
        0.1666666716337204,
        0.07499992102384567,
        0.044647663831710815,
        0.030269138514995575,
        0.02361181750893593,
        0.01057441532611847,
        0.03097454085946083,
    ],
    pio2: [1.5703125, 0.0004837512969970703, 7.549533620476723e-08, 2.5633440682570896e-12],
    trig_limit: 2048.0,
    exp_max: 88.72284,
    exp_min: -104.0,
    exp_terms: 8,
    log_terms: 5,
    cbrt_steps: 0,
    sin_terms: 5,
    cos_terms: 5,
    fast: false,
};

/// Float32 at `Precision::Fast`: log's series one term shorter (to t^9/9, 2^-29 relative).
pub const F32_FAST: Format = Format { fast: true, log_terms: 4, ..F32 };

impl Format {
    /// The bits of the smallest mantissa `log_reduce` gives: half the format's next float above sqrt(2)
    /// (mantissas above the format's sqrt(2) are halved).
    fn log_split_bits(&self) -> i64 {
        let above = if self.mant_bits == 23 {
            (std::f64::consts::SQRT_2 as f32).to_bits() as i64 + 1
        } else {
            std::f64::consts::SQRT_2.to_bits() as i64 + 1
        };
        above - (1i64 << self.mant_bits)
    }

    /// `v` rounded to the format.
    fn round(&self, v: f64) -> f64 {
        if self.mant_bits == 23 {
            v as f32 as f64
        } else {
            v
        }
    }
}

/// k! as the product 1 * 1 * 2 * ... * k in float64, left to right.
const fn factorial(k: u32) -> f64 {
    let (mut p, mut i) = (1.0, 1);
    while i <= k {
        p *= i as f64;
        i += 1;
    }
    p
}

/// Series coefficients, computed at compile time so that no algorithm allocates or recomputes them (the
/// wide routines run the algorithms once per vector).
/// 1 / k!.
pub(super) const INV_FACTORIAL: [f64; 20] = {
    let mut t = [0.0; 20];
    let mut k = 0;
    while k < 20 {
        t[k] = 1.0 / factorial(k as u32);
        k += 1;
    }
    t
};

/// 1 / (2k + 1).
pub(super) const INV_ODD: [f64; 16] = {
    let mut t = [0.0; 16];
    let mut k = 0;
    while k < 16 {
        t[k] = 1.0 / (2 * k + 1) as f64;
        k += 1;
    }
    t
};

/// An integer-valued float (|q| < 2^(mant_bits - 1)) as an integer.
#[inline(always)]
fn to_int<A: Arith>(a: &mut A, fmt: &Format, q: A::F) -> A::I {
    let m = a.f(fmt.magic);
    let t = a.add(q, m);
    let bits = a.float_to_bits(t);
    let magic = a.i(fmt.magic_bits);
    a.isub(bits, magic)
}

/// A small integer (|k| < 2^(mant_bits - 1)) as a float.
#[inline(always)]
fn to_float<A: Arith>(a: &mut A, fmt: &Format, k: A::I) -> A::F {
    let magic = a.i(fmt.magic_bits);
    let bits = a.iadd(k, magic);
    let t = a.bits_to_float(bits);
    let m = a.f(fmt.magic);
    a.sub(t, m)
}

/// 2^k for k in the normal exponent range.
#[inline(always)]
fn pow2<A: Arith>(a: &mut A, fmt: &Format, k: A::I) -> A::F {
    let bias = a.i(fmt.bias);
    let e = a.iadd(k, bias);
    let bits = a.shl(e, fmt.mant_bits);
    a.bits_to_float(bits)
}

/// x + y exactly, as the rounded sum and its error (Knuth's TwoSum: whichever of x and y is larger).
#[inline(always)]
fn two_sum<A: Arith>(a: &mut A, x: A::F, y: A::F) -> (A::F, A::F) {
    let s = a.add(x, y);
    let bb = a.sub(s, x);
    let rr = a.sub(s, bb);
    let dr = a.sub(x, rr);
    let db = a.sub(y, bb);
    (s, a.add(dr, db))
}

/// The rounding error of the product p = x y: x y - p, exact by a fused multiply-add.
#[inline(always)]
fn prod_err<A: Arith>(a: &mut A, x: A::F, y: A::F, p: A::F) -> A::F {
    let m1 = a.f(-1.0);
    let mp = a.mul(p, m1);
    a.fma(x, y, mp)
}

/// `x + e`, or `x` where there is no `e`.
#[inline(always)]
fn add_opt<A: Arith>(a: &mut A, x: A::F, e: Option<A::F>) -> A::F {
    match e {
        Some(e) => a.add(x, e),
        None => x,
    }
}

/// `sum(c[i] * x^i)` by Estrin's scheme (`c` from the constant term up): pairs `c[2i] + c[2i+1] x` by
/// fused multiply-adds, then pairs of those with x^2, then with x^4, and so on. The same operations as
/// Horner's scheme give, less one: but the chain of dependent operations is log2(n) long instead of n, and
/// these kernels are bound by latency, not by throughput. The terms here shrink fast (|x| is small), so
/// the grouping costs no accuracy that the audit can see.
#[inline(always)]
fn poly<A: Arith>(a: &mut A, x: A::F, c: &[f64]) -> A::F {
    // One instance per length, so that every loop below has a constant trip count: the wide routines
    // then keep the terms in registers, fully unrolled (`c.len()` is a constant wherever this is inlined).
    macro_rules! by_len {
        ($($n:literal)*) => {
            match c.len() {
                $($n => estrin::<A, $n>(a, x, c.try_into().expect("the length matched")),)*
                n => panic!("a polynomial of {n} terms"),
            }
        };
    }
    by_len!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20)
}

/// `poly` for `N` coefficients.
#[inline(always)]
fn estrin<A: Arith, const N: usize>(a: &mut A, x: A::F, c: &[f64; N]) -> A::F {
    let mut terms = [x; N];
    let mut n = 0;
    let mut k = 0;
    while k < N {
        let k0 = a.f(c[k]);
        terms[n] = if k + 1 < N {
            let k1 = a.f(c[k + 1]);
            a.fma(k1, x, k0)
        } else {
            k0
        };
        n += 1;
        k += 2;
    }
    let mut power = x;
    while n > 1 {
        power = a.mul(power, power);
        let (mut m, mut k) = (0, 0);
        while k < n {
            terms[m] = if k + 1 < n { a.fma(terms[k + 1], power, terms[k]) } else { terms[k] };
            m += 1;
            k += 2;
        }
        n = m;
    }
    terms[0]
}

/// `v` with the sign of `s`.
#[inline(always)]
fn copysign<A: Arith>(a: &mut A, fmt: &Format, v: A::F, s: A::F) -> A::F {
    let sign = a.i(1i64 << (fmt.mant_bits + fmt.exp_mask.count_ones()));
    let mag = a.i(!(1i64 << (fmt.mant_bits + fmt.exp_mask.count_ones())));
    let vb = a.float_to_bits(v);
    let vb = a.iand(vb, mag);
    let sb = a.float_to_bits(s);
    let sb = a.iand(sb, sign);
    let r = a.ior(vb, sb);
    a.bits_to_float(r)
}

/// (n + n_lo) / (d + d_lo) through one reciprocal: q = n (1 / d), the remainder n + n_lo - q (d + d_lo)
/// (its main part exact by a fused multiply-add) and the reciprocal, so that the caller finishes the
/// quotient as q + rem (1 / d), in one rounding or kept apart.
#[inline(always)]
fn quotient<A: Arith>(a: &mut A, (n, n_lo): (A::F, A::F), (d, d_lo): (A::F, A::F)) -> (A::F, A::F, A::F) {
    let (one, m1) = (a.f(1.0), a.f(-1.0));
    let rd = a.div(one, d);
    let q = a.mul(n, rd);
    let mq = a.mul(q, m1);
    let rem = a.fma(mq, d, n);
    let rem = a.add(rem, n_lo);
    let rem = a.fma(mq, d_lo, rem);
    (q, rem, rd)
}

/// C + k (v + tail) for a constant C = [hi, lo] and k = ±1 or ±2, rounded once at the end: C_hi + k v
/// exactly (TwoSum), then C_lo + k tail and that sum's error added to it.
#[inline(always)]
fn shifted<A: Arith>(a: &mut A, (c_hi, c_lo): (A::F, A::F), k: A::F, (v, tail): (A::F, A::F)) -> A::F {
    let kv = a.mul(k, v);
    let (head, head_err) = two_sum(a, c_hi, kv);
    let kt = a.mul(k, tail);
    let small = a.add(c_lo, kt);
    let small = a.add(small, head_err);
    a.add(head, small)
}

/// A constant's [hi, lo] parts where `m` holds, `other`'s elsewhere.
#[inline(always)]
fn pick<A: Arith>(a: &mut A, m: A::M, k: (A::F, A::F), other: (A::F, A::F)) -> (A::F, A::F) {
    (a.select(m, k.0, other.0), a.select(m, k.1, other.1))
}

/// A constant's [hi, lo] parts as values.
#[inline(always)]
fn pair<A: Arith>(a: &mut A, k: [f64; 2]) -> (A::F, A::F) {
    (a.f(k[0]), a.f(k[1]))
}

/// Where the sign bit of `v` is set.
#[inline(always)]
fn sign_set<A: Arith>(a: &mut A, fmt: &Format, v: A::F) -> A::M {
    let sign = a.i(1i64 << (fmt.mant_bits + fmt.exp_mask.count_ones()));
    let vb = a.float_to_bits(v);
    let vs = a.iand(vb, sign);
    a.ieq(vs, sign)
}

/// x + y exactly as the rounded sum and its error, for |x| >= |y| (Dekker's Fast2Sum).
#[inline(always)]
fn fast_two_sum<A: Arith>(a: &mut A, x: A::F, y: A::F) -> (A::F, A::F) {
    let s = a.add(x, y);
    let moved = a.sub(s, x);
    (s, a.sub(y, moved))
}

macro_rules! scalar_arith {
    ($name:ident, $f:ty, $i:ty, $u:ty) => {
        /// Plain scalar arithmetic: the interpreter's (and constant folding's) side of the algorithms.
        pub struct $name;

        impl Arith for $name {
            type F = $f;
            type I = $i;
            type M = bool;

            fn f(&mut self, v: f64) -> $f {
                v as $f
            }
            fn i(&mut self, v: i64) -> $i {
                v as $i
            }
            fn add(&mut self, a: $f, b: $f) -> $f {
                a + b
            }
            fn sub(&mut self, a: $f, b: $f) -> $f {
                a - b
            }
            fn mul(&mut self, a: $f, b: $f) -> $f {
                a * b
            }
            fn div(&mut self, a: $f, b: $f) -> $f {
                a / b
            }
            fn fma(&mut self, a: $f, b: $f, c: $f) -> $f {
                a.mul_add(b, c)
            }
            fn rint(&mut self, a: $f) -> $f {
                a.round_ties_even()
            }
            fn sqrt(&mut self, a: $f) -> $f {
                a.sqrt()
            }
            fn trunc(&mut self, a: $f) -> $f {
                a.trunc()
            }
            fn floor(&mut self, a: $f) -> $f {
                a.floor()
            }
            fn abs(&mut self, a: $f) -> $f {
                a.abs()
            }
            fn lt(&mut self, a: $f, b: $f) -> bool {
                a < b
            }
            fn gt(&mut self, a: $f, b: $f) -> bool {
                a > b
            }
            fn eq(&mut self, a: $f, b: $f) -> bool {
                a == b
            }
            #[allow(clippy::neg_cmp_op_on_partial_ord)] // the negation is the point: NaN gives true
            fn ult(&mut self, a: $f, b: $f) -> bool {
                !(a >= b)
            }
            #[allow(clippy::neg_cmp_op_on_partial_ord)] // the negation is the point: NaN gives true
            fn ule(&mut self, a: $f, b: $f) -> bool {
                !(a > b)
            }
            #[allow(clippy::neg_cmp_op_on_partial_ord)] // the negation is the point: NaN gives true
            fn ugt(&mut self, a: $f, b: $f) -> bool {
                !(a <= b)
            }
            #[allow(clippy::neg_cmp_op_on_partial_ord)] // the negation is the point: NaN gives true
            fn uge(&mut self, a: $f, b: $f) -> bool {
                !(a < b)
            }
            fn or(&mut self, a: bool, b: bool) -> bool {
                a | b
            }
            fn select(&mut self, m: bool, a: $f, b: $f) -> $f {
                if m {
                    a
                } else {
                    b
                }
            }
            fn float_to_bits(&mut self, a: $f) -> $i {
                a.to_bits() as $i
            }
            fn bits_to_float(&mut self, a: $i) -> $f {
                <$f>::from_bits(a as $u)
            }
            fn iadd(&mut self, a: $i, b: $i) -> $i {
                a.wrapping_add(b)
            }
            fn isub(&mut self, a: $i, b: $i) -> $i {
                a.wrapping_sub(b)
            }
            fn iand(&mut self, a: $i, b: $i) -> $i {
                a & b
            }
            fn ior(&mut self, a: $i, b: $i) -> $i {
                a | b
            }
            fn ixor(&mut self, a: $i, b: $i) -> $i {
                a ^ b
            }
            fn shl(&mut self, a: $i, n: u32) -> $i {
                a.wrapping_shl(n)
            }
            fn sshr(&mut self, a: $i, n: u32) -> $i {
                a >> n
            }
            fn ushr(&mut self, a: $i, n: u32) -> $i {
                ((a as $u) >> n) as $i
            }
            fn ieq(&mut self, a: $i, b: $i) -> bool {
                a == b
            }
        }
    };
}

scalar_arith!(Scalar64, f64, i64, u64);

scalar_arith!(Scalar32, f32, i32, u32);
