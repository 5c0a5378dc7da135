//! Vector math: every float function of the language (`exp`, `exp2`, `expm1`, the logarithms, the
//! trigonometric functions and their inverses, `atan2`, `hypot`, `cbrt`, `fmod` and float `//` and `%`;
//! the hyperbolic functions and `power` in `hyperbolic` and `pow`), written once over an arithmetic trait.
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

mod hyperbolic;
mod pow;

pub use hyperbolic::{
    acosh_f64, acosh_fast, asinh_f64, asinh_fast, atanh_f64, atanh_fast, cosh_f64, cosh_fast, sinh_f64, sinh_fast,
    tanh_f64, tanh_fast, ASINH_LIMIT, HYPERBOLIC_LIMIT,
};
pub use pow::{pow32_fast, pow_exp_fast, pow_f32, pow_f64, pow_fast_limit, pow_log};

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
};

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
};

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

fn factorial(k: u32) -> f64 {
    (1..=k).map(|i| i as f64).product()
}

/// An integer-valued float (|q| < 2^(mant_bits - 1)) as an integer.
fn to_int<A: Arith>(a: &mut A, fmt: &Format, q: A::F) -> A::I {
    let m = a.f(fmt.magic);
    let t = a.add(q, m);
    let bits = a.float_to_bits(t);
    let magic = a.i(fmt.magic_bits);
    a.isub(bits, magic)
}

/// A small integer (|k| < 2^(mant_bits - 1)) as a float.
fn to_float<A: Arith>(a: &mut A, fmt: &Format, k: A::I) -> A::F {
    let magic = a.i(fmt.magic_bits);
    let bits = a.iadd(k, magic);
    let t = a.bits_to_float(bits);
    let m = a.f(fmt.magic);
    a.sub(t, m)
}

/// 2^k for k in the normal exponent range.
fn pow2<A: Arith>(a: &mut A, fmt: &Format, k: A::I) -> A::F {
    let bias = a.i(fmt.bias);
    let e = a.iadd(k, bias);
    let bits = a.shl(e, fmt.mant_bits);
    a.bits_to_float(bits)
}

/// x + y exactly, as the rounded sum and its error (Knuth's TwoSum: whichever of x and y is larger).
fn two_sum<A: Arith>(a: &mut A, x: A::F, y: A::F) -> (A::F, A::F) {
    let s = a.add(x, y);
    let bb = a.sub(s, x);
    let rr = a.sub(s, bb);
    let dr = a.sub(x, rr);
    let db = a.sub(y, bb);
    (s, a.add(dr, db))
}

/// The rounding error of the product p = x y: x y - p, exact by a fused multiply-add.
fn prod_err<A: Arith>(a: &mut A, x: A::F, y: A::F, p: A::F) -> A::F {
    let m1 = a.f(-1.0);
    let mp = a.mul(p, m1);
    a.fma(x, y, mp)
}

/// `x + e`, or `x` where there is no `e`.
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
fn poly<A: Arith>(a: &mut A, x: A::F, c: &[f64]) -> A::F {
    let mut terms: Vec<A::F> = c
        .chunks(2)
        .map(|pair| {
            let k0 = a.f(pair[0]);
            match pair.get(1) {
                Some(&c1) => {
                    let k1 = a.f(c1);
                    a.fma(k1, x, k0)
                }
                None => k0,
            }
        })
        .collect();
    let mut power = x;
    while terms.len() > 1 {
        power = a.mul(power, power);
        terms = terms
            .chunks(2)
            .map(|pair| match pair.get(1) {
                Some(&hi) => a.fma(hi, power, pair[0]),
                None => pair[0],
            })
            .collect();
    }
    terms[0]
}

/// e^s as hi + tail (unrounded: |tail| well under 1, hi = 1 + s rounded) for |s| <= ln2 / 2.
fn exp_core<A: Arith>(a: &mut A, fmt: &Format, s: A::F) -> (A::F, A::F) {
    // e^s = 1 + s + s^2 (1/2! + s/3! + ... + s^(n-2)/n!).
    let c: Vec<f64> = (2..=fmt.exp_terms).map(|k| 1.0 / factorial(k)).collect();
    // 1 + s is carried as hi + lo (exact: |s| < 1), so that one rounding, the last addition, dominates.
    let p = poly(a, s, &c);
    let s2 = a.mul(s, s);
    let one = a.f(1.0);
    let hi = a.add(one, s);
    let lost = a.sub(one, hi);
    let lo = a.add(lost, s);
    (hi, a.fma(s2, p, lo))
}

/// x = q ln2 + s with |s| <= ln2 / 2 (q integer-valued).
fn exp_reduce<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> (A::F, A::F) {
    let inv = a.f(std::f64::consts::LOG2_E);
    let t = a.mul(x, inv);
    let q = a.rint(t);
    let (hi, lo) = (a.f(-fmt.ln2_hi), a.f(-fmt.ln2_lo));
    let s = a.fma(q, hi, x);
    (a.fma(q, lo, s), q)
}

/// e^x = (hi + lo) 2^q, unrounded, for the hyperbolic functions (`ops`), which need e^x to about twice
/// float64's precision: hi in [0.7, 1.5), |lo| < 2^-50 hi, accurate to about 2^-55 relative.
pub fn exp_parts_f64(x: f64) -> (f64, f64, i32) {
    let (s, q) = exp_reduce(&mut Scalar64, &F64, x);
    let (hi, lo) = exp_core(&mut Scalar64, &F64, s);
    let (hi, lo) = (hi + lo, lo - ((hi + lo) - hi));
    (hi, lo, q as i32)
}

/// e^s 2^q for |s| <= ln2 / 2 and integer-valued q.
fn exp_scaled<A: Arith>(a: &mut A, fmt: &Format, s: A::F, q: A::F) -> A::F {
    let (hi, tail) = exp_core(a, fmt, s);
    let u = a.add(hi, tail);
    // times 2^q, in two steps so that q may reach the subnormal range.
    let qi = to_int(a, fmt, q);
    let h = a.sshr(qi, 1);
    let rest = a.isub(qi, h);
    let (p1, p2) = (pow2(a, fmt, h), pow2(a, fmt, rest));
    let r = a.mul(u, p1);
    a.mul(r, p2)
}

/// Infinity above `max`, zero below `min` (where q is too large for the exponent trick).
fn exp_limits<A: Arith>(a: &mut A, x: A::F, r: A::F, max: f64, min: f64) -> A::F {
    let (big, small) = (a.f(max), a.f(min));
    let (inf, zero) = (a.f(f64::INFINITY), a.f(0.0));
    let over = a.gt(x, big);
    let r = a.select(over, inf, r);
    let under = a.lt(x, small);
    a.select(under, zero, r)
}

/// x = q + d, |d| <= 1/2, and 2^d = e^s with s = d ln2 (carried with ln2's low part).
fn exp2_reduce<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> (A::F, A::F) {
    let q = a.rint(x);
    let d = a.sub(x, q);
    let (hi, lo) = (a.f(fmt.ln2_hi), a.f(fmt.ln2_lo));
    let dl = a.mul(d, lo);
    (a.fma(d, hi, dl), q)
}

/// Below this magnitude 2^x is normal with |q| <= bias - 3, so `exp2_fast` applies (the JIT sends other
/// lanes, NaN included, to the full `exp2`).
pub fn exp2_fast_limit(fmt: &Format) -> f64 {
    (fmt.bias - 3) as f64
}

/// Below this magnitude e^x is normal with |q| <= bias - 3, so `exp_fast` applies (likewise).
pub fn exp_fast_limit(fmt: &Format) -> f64 {
    exp2_fast_limit(fmt) * std::f64::consts::LN_2
}

/// 2^x for |x| < `exp2_fast_limit`: the same bits as `exp2` there (see `exp_fast`).
pub fn exp2_fast<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let (s, q) = exp2_reduce(a, fmt, x);
    scale_normal(a, fmt, s, q)
}

/// e^s 2^q for a normal result: 2^q goes straight into the exponent field.
fn scale_normal<A: Arith>(a: &mut A, fmt: &Format, s: A::F, q: A::F) -> A::F {
    let (hi, tail) = exp_core(a, fmt, s);
    let u = a.add(hi, tail);
    let qi = to_int(a, fmt, q);
    let shifted = a.shl(qi, fmt.mant_bits);
    let bits = a.float_to_bits(u);
    let bits = a.iadd(bits, shifted);
    a.bits_to_float(bits)
}

/// e^x for |x| < `exp_fast_limit`: the same bits as `exp` there, with 2^q put straight into the result's
/// exponent field (the result is normal) and no limits to check: 5 to 8 fewer operations.
pub fn exp_fast<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let (s, q) = exp_reduce(a, fmt, x);
    scale_normal(a, fmt, s, q)
}

/// Below this magnitude `expm1_fast` applies: 2^q stays within [2^-62, 2^62] (float32: 2^33), and beyond
/// it e^x - 1 rounds as e^x does (above) or to -1 (below), but for 2^-10 of an ulp.
pub fn expm1_fast_limit(fmt: &Format) -> f64 {
    (fmt.mant_bits + 10) as f64 * std::f64::consts::LN_2
}

/// e^x - 1 for |x| < `expm1_fast_limit`: x = q ln2 + s with s as a sum of two floats (Cody-Waite, the
/// first product exact); e^s = hi + sq + rest with hi = 1 + s and sq = s^2 / 2 exact but for rounding
/// errors that go into rest; then 2^q hi - 1 and + 2^q sq exactly (TwoSum), so that only the last addition
/// rounds at the result's scale (the result can be a third of 2^q e^s, so errors there would triple).
pub fn expm1_fast<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let inv = a.f(std::f64::consts::LOG2_E);
    let t = a.mul(x, inv);
    let q = a.rint(t);
    let (hi, lo) = (a.f(-fmt.ln2_cw[0]), a.f(-fmt.ln2_cw[1]));
    let s1 = a.fma(q, hi, x);
    let s_lo = a.mul(q, lo);
    let (s, s_err) = two_sum(a, s1, s_lo);
    let (h, sq, rest) = exp_split(a, fmt, s, s_err);
    let m1 = a.f(-1.0);
    let qi = to_int(a, fmt, q);
    let u = pow2(a, fmt, qi);
    let (uh, usq, urest) = (a.mul(u, h), a.mul(u, sq), a.mul(u, rest));
    let (d, d_err) = two_sum(a, uh, m1);
    let (d2, d2_err) = two_sum(a, d, usq);
    let small = a.add(d_err, d2_err);
    let small = a.add(small, urest);
    let r = a.add(d2, small);
    // expm1(-0) is -0, which 1 - 1 loses.
    let zero = a.f(0.0);
    let is_zero = a.eq(x, zero);
    a.select(is_zero, x, r)
}

/// e^(s + s_lo) = h + sq + rest, unrounded, for |s| <= ln2 / 2 and |s_lo| far below an ulp of s: h = 1 + s
/// and sq = s^2 / 2 rounded, their rounding errors (exact), s^3 (1/3! + s/4! + ...) and s_lo (1 + s) in
/// rest. For `expm1` and `power`, whose results an error in the tail would show in: only the sums of these
/// parts round, at the end.
fn exp_split<A: Arith>(a: &mut A, fmt: &Format, s: A::F, s_lo: A::F) -> (A::F, A::F, A::F) {
    let one = a.f(1.0);
    let h = a.add(one, s);
    let lost = a.sub(one, h);
    let lost = a.add(lost, s);
    let half = a.f(0.5);
    let s2 = a.mul(s, s);
    let s2_err = prod_err(a, s, s, s2);
    let sq = a.mul(s2, half);
    let c: Vec<f64> = (3..=fmt.exp_terms).map(|k| 1.0 / factorial(k)).collect();
    let p = poly(a, s, &c);
    let s3 = a.mul(s2, s);
    let rest = a.fma(s2_err, half, lost);
    let rest = a.fma(s3, p, rest);
    let corr = a.fma(s_lo, s, s_lo);
    (h, sq, a.add(rest, corr))
}

/// e^x.
pub fn exp<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let (s, q) = exp_reduce(a, fmt, x);
    let r = exp_scaled(a, fmt, s, q);
    exp_limits(a, x, r, fmt.exp_max, fmt.exp_min)
}

/// 2^x.
pub fn exp2<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let (s, q) = exp2_reduce(a, fmt, x);
    let r = exp_scaled(a, fmt, s, q);
    let max = (fmt.bias + 1) as f64;
    let min = -((fmt.bias + fmt.mant_bits as i64 + 2) as f64);
    exp_limits(a, x, r, max - f64::EPSILON * max, min)
}

/// The parts of a logarithm: x = 2^e m with m in [sqrt(1/2), sqrt(2)), and log m = tt + small
/// (tt = 2t, small the rest of the series), all as floats.
/// With `subnormals` false, x must be normal (the JIT's fast path: other lanes go to the full function).
fn log_parts<A: Arith>(a: &mut A, fmt: &Format, x: A::F, subnormals: bool) -> (A::F, A::F, A::F) {
    let (ef, t, t_lo) = log_reduce(a, fmt, x, subnormals);
    let t2 = a.mul(t, t);
    let c: Vec<f64> = (1..=fmt.log_terms).map(|k| 1.0 / (2 * k + 1) as f64).collect();
    let p = poly(a, t2, &c);
    let two = a.f(2.0);
    let tt = a.mul(t, two);
    let tail = a.mul(tt, t2);
    let tt_lo = a.mul(t_lo, two);
    let small = a.fma(tail, p, tt_lo);
    (ef, tt, small)
}

/// x = 2^e m with m in [sqrt(1/2), sqrt(2)), and t + t_lo = (m - 1) / (m + 1) to about twice the
/// format's precision (log m = 2 atanh t): (e as a float, t, t_lo).
fn log_reduce<A: Arith>(a: &mut A, fmt: &Format, x: A::F, subnormals: bool) -> (A::F, A::F, A::F) {
    // Subnormals are scaled into the normal range first.
    let (x1, adj) = if subnormals {
        let min_normal = a.f(fmt.min_normal);
        let sub = a.lt(x, min_normal);
        let scale = a.f((fmt.sub_scale_log2 as f64).exp2());
        let xs = a.mul(x, scale);
        let x1 = a.select(sub, xs, x);
        let (eadj, e0) = (a.f(fmt.sub_scale_log2 as f64), a.f(0.0));
        (x1, Some(a.select(sub, eadj, e0)))
    } else {
        (x, None)
    };
    // x = 2^e m with m in [sqrt(1/2), sqrt(2)), by integers: adding D moves the mantissas from sqrt(2) up
    // into the next binade, so that e comes out of the exponent field already adjusted, and the mantissa
    // bits plus L (the bits of the smallest m, just above sqrt(1/2)) are m itself. (The same m and e as
    // comparing m with sqrt(2) and halving it: 6 fewer operations.)
    let bits = a.float_to_bits(x1);
    let l = fmt.log_split_bits();
    let d = a.i((fmt.bias << fmt.mant_bits) - l);
    let ix = a.iadd(bits, d);
    let k = a.ushr(ix, fmt.mant_bits);
    // e = k - bias as a float: k in the low bits of magic, less magic + bias (exact).
    let magic = a.i(fmt.magic_bits);
    let kb = a.iadd(k, magic);
    let kf = a.bits_to_float(kb);
    let off = a.f(fmt.magic + fmt.bias as f64);
    let mut ef = a.sub(kf, off);
    if let Some(adj) = adj {
        ef = a.sub(ef, adj);
    }
    let mant = a.i((1i64 << fmt.mant_bits) - 1);
    let mb = a.iand(ix, mant);
    let lb = a.i(l);
    let mb = a.iadd(mb, lb);
    let m = a.bits_to_float(mb);
    let one = a.f(1.0);
    // log m = 2 atanh(t) = 2t + 2t t^2 (1/3 + t^2/5 + ...), t = (m - 1) / (m + 1).
    let num = a.sub(m, one); // exact (Sterbenz)
                             // den's rounding error (TwoSum), then t's: num - t (den + den_err), so that t + t_lo is (m-1)/(m+1)
                             // to about twice the precision.
    let (den, den_err) = two_sum(a, m, one);
    // One division: t = num (1/den), not quite rounded to nearest, and its residual times 1/den again.
    let rden = a.div(one, den);
    let t = a.mul(num, rden);
    let nt = a.f(-1.0);
    let mt = a.mul(t, nt);
    let res = a.fma(mt, den, num);
    let res = a.fma(mt, den_err, res);
    let t_lo = a.mul(res, rden);
    (ef, t, t_lo)
}

/// A logarithm's special values: -inf at 0, inf at inf, NaN below 0 (and NaN stays NaN).
fn log_specials<A: Arith>(a: &mut A, x: A::F, r: A::F) -> A::F {
    let zero = a.f(0.0);
    let (ninf, inf, nan) = (a.f(f64::NEG_INFINITY), a.f(f64::INFINITY), a.f(DEFAULT_NAN));
    let is_inf = a.eq(x, inf);
    let r = a.select(is_inf, inf, r);
    let is_zero = a.eq(x, zero);
    let r = a.select(is_zero, ninf, r);
    let neg = a.lt(x, zero);
    let r = a.select(neg, nan, r);
    let ordered = a.eq(x, x);
    a.select(ordered, r, x)
}

/// The natural logarithm.
pub fn log<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let r = log_plus(a, fmt, x, None, true);
    log_specials(a, x, r)
}

/// `log`, `log2` or `log10` for normal positive finite x (`fast`), where they give the same bits with no
/// subnormal scaling and no special values to select.
pub fn log_fast<A: Arith>(a: &mut A, fmt: &Format, base: u32, x: A::F) -> A::F {
    match base {
        2 => log2_body(a, fmt, x, false),
        10 => log10_body(a, fmt, x, false),
        _ => log_plus(a, fmt, x, None, false),
    }
}

/// log x (plus a small `extra`, added before the last rounding) for positive finite x.
fn log_plus<A: Arith>(a: &mut A, fmt: &Format, x: A::F, extra: Option<A::F>, subnormals: bool) -> A::F {
    let (ef, tt, small) = log_parts(a, fmt, x, subnormals);
    let (hi, lo) = (a.f(fmt.ln2_hi), a.f(fmt.ln2_lo));
    let small = a.fma(ef, lo, small);
    let small = add_opt(a, small, extra);
    let body = a.add(tt, small);
    a.fma(ef, hi, body)
}

/// log(m) k for k = k[0] + k[1], with one rounding at the end: tt k0 + (tt k1 + small k0).
fn scaled_log_m<A: Arith>(a: &mut A, tt: A::F, small: A::F, k: [f64; 2]) -> A::F {
    let (k0, k1) = (a.f(k[0]), a.f(k[1]));
    let s = a.mul(small, k0);
    let lo = a.fma(tt, k1, s);
    a.fma(tt, k0, lo)
}

/// The base-2 logarithm: e + log(m) log2(e).
pub fn log2<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let r = log2_body(a, fmt, x, true);
    log_specials(a, x, r)
}

fn log2_body<A: Arith>(a: &mut A, fmt: &Format, x: A::F, subnormals: bool) -> A::F {
    let (ef, tt, small) = log_parts(a, fmt, x, subnormals);
    let l = scaled_log_m(a, tt, small, fmt.log2_e);
    a.add(ef, l)
}

/// The base-10 logarithm: e log10(2) + log(m) log10(e).
pub fn log10<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let r = log10_body(a, fmt, x, true);
    log_specials(a, x, r)
}

fn log10_body<A: Arith>(a: &mut A, fmt: &Format, x: A::F, subnormals: bool) -> A::F {
    let (ef, tt, small) = log_parts(a, fmt, x, subnormals);
    let l = scaled_log_m(a, tt, small, fmt.log10_e);
    let (hi, lo) = (a.f(fmt.log10_2_hi), a.f(fmt.log10_2_lo));
    let body = a.fma(ef, lo, l);
    a.fma(ef, hi, body)
}

/// log(1 + x), accurate for small x: log(u) for u = 1 + x, corrected by the rounding of that sum,
/// (x - (u - 1)) / u.
pub fn log1p<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    log1p_plus(a, fmt, x, None, true)
}

/// `log1p` for finite x > -1 (1 + x is then normal and finite): the same bits, with no subnormal scaling
/// and no special values to select.
pub fn log1p_fast<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    log1p_plus(a, fmt, x, None, false)
}

/// log(1 + x + extra) for a small `extra` (a lower part of the argument), rounded once; with `full` false,
/// only for finite x > -1.
fn log1p_plus<A: Arith>(a: &mut A, fmt: &Format, x: A::F, extra: Option<A::F>, full: bool) -> A::F {
    let one = a.f(1.0);
    let u = a.add(x, one);
    let um1 = a.sub(u, one);
    let err = a.sub(x, um1);
    let err = add_opt(a, err, extra);
    let corr = a.div(err, u);
    // The correction joins log u's small parts before its last rounding (added after it, the sum rounded
    // twice: 1.1 ulps float64, 1.17 float32). At u = 0 or inf, log's special values stand.
    let r = log_plus(a, fmt, u, Some(corr), full);
    let r = if full { log_specials(a, u, r) } else { r };
    // Near zero, where 1 + x rounds to a neighbour of 1, log(1 + x) carries an error of its own binade into
    // a smaller result (the audit found 1.4 ulps at -1.5 * 2^-53): there x - x^2/2 is within 0.2 ulp.
    let tiny = a.f(2f64.powi(-(fmt.mant_bits as i32 / 2 + 1)));
    let ax = a.abs(x);
    let small = a.lt(ax, tiny);
    let neg_half = a.f(-0.5);
    let hx = a.mul(neg_half, x);
    let series = a.fma(hx, x, x);
    let series = add_opt(a, series, extra);
    let r = a.select(small, series, r);
    // log1p(-0) = -0 (the sum loses the sign).
    let zero = a.f(0.0);
    let is_zero = a.eq(x, zero);
    a.select(is_zero, x, r)
}

/// The arc tangent: `atan2(x, 1)`.
pub fn atan<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let one = a.f(1.0);
    atan2(a, fmt, x, one)
}

/// `v` with the sign of `s`.
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

/// A constant's [hi, lo] parts where `m` holds, `other`'s elsewhere.
fn pick<A: Arith>(a: &mut A, m: A::M, k: (A::F, A::F), other: (A::F, A::F)) -> (A::F, A::F) {
    (a.select(m, k.0, other.0), a.select(m, k.1, other.1))
}

/// A constant's [hi, lo] parts as values.
fn pair<A: Arith>(a: &mut A, k: [f64; 2]) -> (A::F, A::F) {
    (a.f(k[0]), a.f(k[1]))
}

/// The angle of the point (x, y), with C99's values for zeros and infinities.
///
/// The smaller of |x| and |y| over the larger gives t in [0, 1], carried with its error t_lo (the
/// remainder by a fused multiply-add, times the same reciprocal: one division serves both); above 0.4,
/// atan t = pi/6 + atan u with u = (t sqrt3 - 1) / (t + sqrt3), u carried likewise with an error that
/// includes t_lo's share. The result is then C + s (atan u + u_lo / (1 + u^2)) for a multiple C of pi/6
/// and a sign s that the octant decides (C in 0, pi/6, pi/3, pi/2, 2pi/3, 5pi/6, pi), with C_hi + s u
/// summed exactly (TwoSum), so that one rounding, the last, dominates; the sign of y goes on last.
/// Dividing y by x first, then taking 1/t above 1 and adding pi at the end, rounded three times more: up
/// to 1.9 ulps.
pub fn atan2<A: Arith>(a: &mut A, fmt: &Format, y: A::F, x: A::F) -> A::F {
    let res = atan2_core(a, fmt, y, x, true);
    atan2_specials(a, fmt, y, x, res)
}

/// `atan2` where x and y are finite and not both zero (the JIT sends other lanes to the full `atan2`):
/// the same bits there, with no special values to select.
pub fn atan2_fast<A: Arith>(a: &mut A, fmt: &Format, y: A::F, x: A::F) -> A::F {
    atan2_core(a, fmt, y, x, false)
}

/// `atan` for finite x (likewise).
pub fn atan_fast<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let one = a.f(1.0);
    atan2_fast(a, fmt, x, one)
}

/// Where the sign bit of `v` is set.
fn sign_set<A: Arith>(a: &mut A, fmt: &Format, v: A::F) -> A::M {
    let sign = a.i(1i64 << (fmt.mant_bits + fmt.exp_mask.count_ones()));
    let vb = a.float_to_bits(v);
    let vs = a.iand(vb, sign);
    a.ieq(vs, sign)
}

/// `atan2` but for its special values; with `full`, t's error term is kept finite where den is infinite.
fn atan2_core<A: Arith>(a: &mut A, fmt: &Format, y: A::F, x: A::F, full: bool) -> A::F {
    let (ax, ay) = (a.abs(x), a.abs(y));
    let swapped = a.gt(ay, ax);
    let num = a.select(swapped, ax, ay);
    let den = a.select(swapped, ay, ax);
    // Tiny numerators are scaled up with the denominator (the quotient stays), so that 1/den is finite and
    // the remainder below stays normal; not where den * up would overflow (the quotient then rounds to 0 or
    // to a subnormal t, whose remainder matters no more).
    let up_log2 = 2 * fmt.mant_bits as i64 + 24;
    let tiny = a.f(fmt.min_normal * ((fmt.mant_bits + 2) as f64).exp2());
    let huge = a.f(((fmt.bias - up_log2) as f64).exp2());
    let (up, one) = (a.f((up_log2 as f64).exp2()), a.f(1.0));
    let small = a.lt(num, tiny);
    let scale = a.select(small, up, one);
    let large = a.lt(den, huge);
    let scale = a.select(large, scale, one);
    let num = a.mul(num, scale);
    let den = a.mul(den, scale);
    let rd = a.div(one, den);
    let t = a.mul(num, rd);
    let m1 = a.f(-1.0);
    let mt = a.mul(t, m1);
    let rem = a.fma(mt, den, num);
    let t_lo = a.mul(rem, rd);
    // Not where den is infinite or both are zero (the special cases decide those).
    let zero = a.f(0.0);
    let t_lo = if full {
        let finite = a.eq(t_lo, t_lo);
        a.select(finite, t_lo, zero)
    } else {
        t_lo
    };
    // Above 0.4 (not from tan(pi/12) itself: just above it the sum cancels a bit, and the fit runs to 0.4).
    let split = a.f(0.4);
    let big = a.gt(t, split);
    // u's numerator and denominator as sums of two floats (t sqrt3 - 1 is exact by Sterbenz: t sqrt3 lies
    // in [0.69, 1.74]; t_lo joins both lower parts), and u = unum / uden carried with its own error u_lo.
    let (s3, s3lo) = (a.f(fmt.sqrt3[0]), a.f(fmt.sqrt3[1]));
    let prod = a.mul(t, s3);
    let prod_err = prod_err(a, t, s3, prod);
    let unum = a.add(prod, m1);
    let unum_lo = a.fma(t, s3lo, prod_err);
    let unum_lo = a.fma(t_lo, s3, unum_lo);
    let uden = a.add(t, s3);
    let back = a.sub(uden, s3);
    let lost = a.sub(t, back);
    let uden_lo = a.add(lost, s3lo);
    let uden_lo = a.add(uden_lo, t_lo);
    let ru = a.div(one, uden);
    let u2 = a.mul(unum, ru);
    let mu = a.mul(u2, m1);
    let urem = a.fma(mu, uden, unum);
    let urem = a.add(urem, unum_lo);
    let urem = a.fma(mu, uden_lo, urem);
    let u2_lo = a.mul(urem, ru);
    let u = a.select(big, u2, t);
    let u_lo = a.select(big, u2_lo, t_lo);
    // atan u = u + u^3 p(u^2); u_lo moves it by u_lo / (1 + u^2), here u_lo (1 - u^2) (within 2.2% of it
    // for |u| <= 0.4, and u_lo is under an ulp of u: far below an ulp of the result).
    let uu = a.mul(u, u);
    let p = poly(a, uu, fmt.atan);
    let u3 = a.mul(uu, u);
    let slope = a.fma(uu, m1, one);
    let corr = a.mul(u_lo, slope);
    let tail = a.fma(u3, p, corr);
    // The octant: C and s.
    let neg_x = sign_set(a, fmt, x);
    let none = (zero, zero);
    let (pi_6, pi_3, pi_2) = (pair(a, fmt.pi_6), pair(a, fmt.pi_3), pair(a, fmt.pi_2));
    let (two_pi_3, five_pi_6, pi) = (pair(a, fmt.two_pi_3), pair(a, fmt.five_pi_6), pair(a, fmt.pi));
    let right = pick(a, big, pi_6, none);
    let right_swapped = pick(a, big, pi_3, pi_2);
    let right = pick(a, swapped, right_swapped, right);
    let left = pick(a, big, five_pi_6, pi);
    let left_swapped = pick(a, big, two_pi_3, pi_2);
    let left = pick(a, swapped, left_swapped, left);
    let (c_hi, c_lo) = pick(a, neg_x, left, right);
    let s = a.select(swapped, m1, one);
    let ms = a.mul(s, m1);
    let s = a.select(neg_x, ms, s);
    // C_hi + s u with its rounding error (TwoSum), then the small parts, then one last rounding.
    let st = a.mul(s, tail);
    let su = a.mul(s, u);
    let (head, head_err) = two_sum(a, c_hi, su);
    let small = a.add(c_lo, st);
    let small = a.add(small, head_err);
    let r = a.add(head, small);
    copysign(a, fmt, r, y)
}

/// C99's values for zeros, infinities and NaN over `atan2_core`'s result.
fn atan2_specials<A: Arith>(a: &mut A, fmt: &Format, y: A::F, x: A::F, res: A::F) -> A::F {
    let (ax, ay) = (a.abs(x), a.abs(y));
    let neg_x = sign_set(a, fmt, x);
    let (zero, pi) = (a.f(0.0), a.f(fmt.pi[0]));
    // y = ±0 (x = ±0 too, where t is NaN): ±0 to the right, ±pi to the left.
    let y_zero = a.eq(y, zero);
    let on_axis = a.select(neg_x, pi, zero);
    let on_axis = copysign(a, fmt, on_axis, y);
    let res = a.select(y_zero, on_axis, res);
    // Both infinite (t is NaN): ±pi/4 or ±3pi/4.
    let inf = a.f(f64::INFINITY);
    let (xi, yi) = (a.eq(ax, inf), a.eq(ay, inf));
    let (q1, q3) = (a.f(fmt.pi_2[0] / 2.0), a.f(3.0 * fmt.pi_2[0] / 2.0));
    let corner = a.select(neg_x, q3, q1);
    let corner = copysign(a, fmt, corner, y);
    let both = a.select(xi, corner, res);
    let res = a.select(yi, both, res);
    // A NaN in either stays NaN (the special cases above would hide it).
    let ordered = a.eq(x, x);
    let res = a.select(ordered, res, x);
    let ordered = a.eq(y, y);
    a.select(ordered, res, y)
}

/// `arcsin` (with `cos` false) or `arccos` of x, NaN outside [-1, 1].
///
/// With u = |x|: up to 1/2, asin u = u + u^3 p(u^2); above, asin u = pi/2 - 2 asin s with s = sqrt((1 - u)
/// / 2) (1 - u exact by Sterbenz), s carried with its residual s_lo. Every case is then C + k (s + tail),
/// k in {±1, ±2} and C in {0, pi/2, pi}: C_hi + k s summed exactly (TwoSum), C_lo + k tail added before the
/// one last rounding. arcsin takes x's sign at the end; arccos of negative x is pi - arccos |x|.
pub fn asin_acos<A: Arith>(a: &mut A, fmt: &Format, x: A::F, cos: bool) -> A::F {
    let u = a.abs(x);
    let (zero, half, one) = (a.f(0.0), a.f(0.5), a.f(1.0));
    let small = a.gt(half, u);
    let u2 = a.mul(u, u);
    let d = a.sub(one, u);
    let zb = a.mul(d, half);
    let z = a.select(small, u2, zb);
    let sb = a.sqrt(zb);
    let s = a.select(small, u, sb);
    // s_lo = (z - s^2) / 2s for the root (0 where the root is 0 or the branch is the small one).
    let m1 = a.f(-1.0);
    let ms = a.mul(sb, m1);
    let res = a.fma(ms, sb, zb);
    let two_s = a.add(sb, sb);
    let q = a.div(res, two_s);
    let pos = a.gt(zb, zero);
    let q = a.select(pos, q, zero);
    let s_lo = a.select(small, zero, q);
    // asin(s + s_lo) = s + s^3 p(s^2) + s_lo (1 + s^2/2).
    let p = poly(a, z, fmt.asin);
    let s3 = a.mul(z, s);
    let slope = a.fma(z, half, one);
    let lo = a.mul(s_lo, slope);
    let tail = a.fma(s3, p, lo);
    let (pi_2, pi) = (pair(a, fmt.pi_2), pair(a, fmt.pi));
    let (two, m2) = (a.f(2.0), a.f(-2.0));
    let none = (zero, zero);
    let (c, k) = if cos {
        // small: pi/2 - sign(x) (s + tail); big: 2 (s + tail) for x > 0, pi - 2 (s + tail) for x < 0.
        let neg = sign_set(a, fmt, x);
        let k_small = a.select(neg, one, m1);
        let k_big = a.select(neg, m2, two);
        let c_big = pick(a, neg, pi, none);
        (pick(a, small, pi_2, c_big), a.select(small, k_small, k_big))
    } else {
        (pick(a, small, none, pi_2), a.select(small, one, m2))
    };
    let ks = a.mul(k, s);
    let (h, h_err) = two_sum(a, c.0, ks);
    let kt = a.mul(k, tail);
    let small_parts = a.add(c.1, kt);
    let small_parts = a.add(small_parts, h_err);
    let r = a.add(h, small_parts);
    if cos {
        // Beyond [-1, 1] the root's NaN is the default one already. A NaN argument comes out as a NaN of
        // either sign (u = |x| lost it, and the JIT may negate by flipping the sign bit): selecting x back
        // cost 3-6% of `arccos` (README, "The sign of NaN").
        r
    } else {
        // asin |x| has its sign bit clear, so or-ing in x's gives asin x; beyond [-1, 1] it is the root's
        // default NaN, whose sign bit is set already (copying x's sign would make it +nan for x > 1).
        let sign = a.i(1i64 << (fmt.mant_bits + fmt.exp_mask.count_ones()));
        let rb = a.float_to_bits(r);
        let xb = a.float_to_bits(x);
        let xs = a.iand(xb, sign);
        let r = a.ior(rb, xs);
        a.bits_to_float(r)
    }
}

/// Where `fmod_fast` applies: y normal and finite, |x| below this times |y| (2^51; float32 2^22).
pub fn fmod_range(fmt: &Format) -> f64 {
    ((fmt.mant_bits - 1) as f64).exp2()
}

/// fmod(x, y), exactly, where |y| is normal and finite and |x| < `fmod_range` |y| (the JIT sends other
/// lanes to the exact scalar `%`, whose result this equals): q = trunc(|x| / |y|) is the true quotient
/// or, where the division rounded up to the next integer, one more (never less: rounding is monotonic
/// and the integers there are floats); |x| - q |y| is then exactly representable (a multiple of the smaller of the two ulps,
/// below |y| in magnitude), so the fused multiply-add is exact, and a negative remainder takes |y| back,
/// exactly again. The result has x's sign.
pub fn fmod_fast<A: Arith>(a: &mut A, fmt: &Format, x: A::F, y: A::F) -> A::F {
    let (ax, ay) = (a.abs(x), a.abs(y));
    let d = a.div(ax, ay);
    let q = a.trunc(d);
    let m1 = a.f(-1.0);
    let mq = a.mul(q, m1);
    let r = a.fma(mq, ay, ax);
    let zero = a.f(0.0);
    let neg = a.lt(r, zero);
    let back = a.add(r, ay);
    let r = a.select(neg, back, r);
    copysign(a, fmt, r, x)
}

/// NumPy's floor division and remainder of floats (`ops`' `divmod`, operation for operation) from
/// `fmod_fast`, for the lanes where it applies: (quotient, remainder).
pub fn divmod_fast<A: Arith>(a: &mut A, fmt: &Format, x: A::F, y: A::F) -> (A::F, A::F) {
    let m0 = fmod_fast(a, fmt, x, y);
    let sub = a.sub(x, m0);
    let div0 = a.div(sub, y);
    // A nonzero remainder whose sign differs from y's moves by y, and the quotient down by one.
    let (zero, one) = (a.f(0.0), a.f(1.0));
    let (y_neg, m_neg) = (a.lt(y, zero), a.lt(m0, zero));
    let (sy, sm) = (a.select(y_neg, one, zero), a.select(m_neg, one, zero));
    let same = a.eq(sy, sm);
    let m_adj = a.add(m0, y);
    let div_adj = a.sub(div0, one);
    let m1 = a.select(same, m0, m_adj);
    let div1 = a.select(same, div0, div_adj);
    // A zero remainder takes y's sign.
    let m_zero = a.eq(m0, zero);
    let z = copysign(a, fmt, zero, y);
    let m = a.select(m_zero, z, m1);
    let div = a.select(m_zero, div0, div1);
    // The quotient: div rounded to the nearest integer below half, or a zero with the sign of x / y.
    let f = a.floor(div);
    let frac = a.sub(div, f);
    let half = a.f(0.5);
    let up = a.gt(frac, half);
    let f1 = a.add(f, one);
    let qn = a.select(up, f1, f);
    let q0 = a.div(x, y);
    let qz = copysign(a, fmt, zero, q0);
    let div_zero = a.eq(div, zero);
    (a.select(div_zero, qz, qn), m)
}

/// cbrt m on [1, 2] to 2^-16 (a Chebyshev fit), from the constant term up: `cbrt_fast`'s first guess.
const CBRT_GUESS: [f64; 5] =
    [0.5092481335492415, 0.7117423866025924, -0.2939541180848237, 0.08307903547963541, -0.010102212336338642];

/// The cube root of a normal finite x (the JIT sends zeros, subnormals, infinities and NaN to `cbrt`):
/// |x| = 2^(3q + rem) m with rem in {-1, 0, 1} and m in [1, 2); y = 2^rem m; a first guess cbrt(m)
/// cbrt(2^rem) to 2^-16, Newton's steps t + (y - t^3) t / (3y) (one in float64, none in float32), and a
/// last step whose residual y - t^3 is exact (fused multiply-adds), so that only the final addition
/// rounds; then 2^q and the sign.
pub fn cbrt_fast<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let ax = a.abs(x);
    let bits = a.float_to_bits(ax);
    let raw = a.ushr(bits, fmt.mant_bits);
    let bias = a.i(fmt.bias);
    let e = a.isub(raw, bias);
    let ef = to_float(a, fmt, e);
    let mant = a.i((1i64 << fmt.mant_bits) - 1);
    let one_bits = a.i(fmt.bias << fmt.mant_bits);
    let mb = a.iand(bits, mant);
    let mb = a.ior(mb, one_bits);
    let m = a.bits_to_float(mb);
    // e = 3q + rem.
    let third = a.f(1.0 / 3.0);
    let eq = a.mul(ef, third);
    let q = a.rint(eq);
    let three = a.f(-3.0);
    let rem = a.fma(q, three, ef);
    let (zero, half, one, two) = (a.f(0.0), a.f(0.5), a.f(1.0), a.f(2.0));
    let (below, above) = (a.lt(rem, zero), a.gt(rem, zero));
    let scale = a.select(above, two, one);
    let scale = a.select(below, half, scale);
    let y = a.mul(m, scale);
    let (c_down, c_up) = (a.f(0.7937005259840998), a.f(1.2599210498948732));
    let c = a.select(above, c_up, one);
    let c = a.select(below, c_down, c);
    let guess = poly(a, m, &CBRT_GUESS);
    let mut t = a.mul(guess, c);
    let iy3 = a.div(third, y);
    for _ in 0..fmt.cbrt_steps {
        let t2 = a.mul(t, t);
        let t3 = a.mul(t2, t);
        let r = a.sub(y, t3);
        let rt = a.mul(r, t);
        t = a.fma(rt, iy3, t);
    }
    // The last step: y - t^3 exactly (t^3 = t3 + t3_err + t2_err t, y - t3 exact by Sterbenz).
    let m1 = a.f(-1.0);
    let t2 = a.mul(t, t);
    let t2_err = prod_err(a, t, t, t2);
    let t3 = a.mul(t2, t);
    let t3_err = prod_err(a, t2, t, t3);
    let r = a.sub(y, t3);
    let r = a.sub(r, t3_err);
    let mt2_err = a.mul(t2_err, m1);
    let r = a.fma(mt2_err, t, r);
    let rt = a.mul(r, t);
    let t = a.fma(rt, iy3, t);
    let qi = to_int(a, fmt, q);
    let p = pow2(a, fmt, qi);
    let v = a.mul(t, p);
    copysign(a, fmt, v, x)
}

/// `hypot_fast` applies where lo <= |x| + |y| < hi: the larger magnitude is then in [lo / 2, hi), where
/// its square neither overflows nor underflows and the smaller one's square underflows only where it is
/// far below an ulp of the sum. Beyond, the full `hypot` scales by a power of two first.
pub fn hypot_fast_range(fmt: &Format) -> (f64, f64) {
    let k = ((fmt.bias - 1) / 2 - fmt.mant_bits as i64 - 10) as f64;
    ((-k).exp2(), k.exp2())
}

/// sqrt(x^2 + y^2) in `hypot_fast_range`: both squares as sums of two floats (exact by fused
/// multiply-adds), their sum's root r, and r corrected by the residual (x^2 + y^2 - r^2) / 2r, so that
/// one rounding, the last, dominates.
pub fn hypot_fast<A: Arith>(a: &mut A, y: A::F, x: A::F) -> A::F {
    let (ax, ay) = (a.abs(x), a.abs(y));
    let swap = a.gt(ay, ax);
    let big = a.select(swap, ay, ax);
    let small = a.select(swap, ax, ay);
    let m1 = a.f(-1.0);
    let b2 = a.mul(big, big);
    let b2_err = prod_err(a, big, big, b2);
    let s2 = a.mul(small, small);
    let s2_err = prod_err(a, small, small, s2);
    let (sum, sum_err) = fast_two_sum(a, b2, s2);
    let lo = a.add(b2_err, s2_err);
    let lo = a.add(lo, sum_err);
    let r = a.sqrt(sum);
    let mr = a.mul(r, m1);
    let res = a.fma(mr, r, sum);
    let res = a.add(res, lo);
    let two = a.f(2.0);
    let twice = a.mul(r, two);
    let corr = a.div(res, twice);
    a.add(r, corr)
}

macro_rules! hypot_full {
    ($name:ident, $t:ident, $fmt:expr, $scalar:ident) => {
        /// C99's hypot: +inf if either argument is infinite (even with a NaN), NaN for a NaN, else
        /// `hypot_fast`, scaled by a power of two into its range where needed.
        pub fn $name(y: $t, x: $t) -> $t {
            let (ax, ay) = (x.abs(), y.abs());
            if ax == $t::INFINITY || ay == $t::INFINITY {
                return $t::INFINITY;
            }
            if x.is_nan() || y.is_nan() {
                return x + y;
            }
            let (lo, hi) = hypot_fast_range(&$fmt);
            let sum = (ax + ay) as f64;
            if sum >= lo && sum < hi {
                return hypot_fast(&mut $scalar, y, x);
            }
            if sum == 0.0 {
                return 0.0;
            }
            // Subnormals up by 2^(mant_bits + 2) first, then the larger magnitude to [1, 2) by its
            // exponent; the result back by both (the last step rounds once if it lands below normal).
            let p2 = |k: i32| -> $t { <$t as Pow2>::pow2(k) };
            let up = ($fmt.mant_bits + 2) as i32;
            let (ax, ay, post) =
                if ax.max(ay) < $t::MIN_POSITIVE { (ax * p2(up), ay * p2(up), -up) } else { (ax, ay, 0) };
            let e = (ax.max(ay).to_bits() >> $fmt.mant_bits) as i32 - $fmt.bias as i32;
            let (h, rest) = (-e / 2, -e - -e / 2);
            let (ay, ax) = (ay * p2(h) * p2(rest), ax * p2(h) * p2(rest));
            let r: $t = hypot_fast(&mut $scalar, ay, ax);
            r * p2(e) * p2(post)
        }
    };
}

/// 2^k exactly, for k where it is a normal number of the type.
trait Pow2 {
    fn pow2(k: i32) -> Self;
}

impl Pow2 for f64 {
    fn pow2(k: i32) -> f64 {
        f64::from_bits(((k + 1023) as u64) << 52)
    }
}

impl Pow2 for f32 {
    fn pow2(k: i32) -> f32 {
        f32::from_bits(((k + 127) as u32) << 23)
    }
}

hypot_full!(hypot_f64, f64, F64, Scalar64);
hypot_full!(hypot_f32, f32, F32, Scalar32);

/// sin(r) and cos(r) for |r| <= pi/4, and the quadrant q of the reduction x = q pi/2 + r.
fn reduce_trig<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> (A::F, A::F, A::I) {
    let p = trig_parts(a, fmt, x, false);
    let sin_r = a.add(p.s_hi, p.s_lo);
    let cos_r = a.add(p.c_hi, p.c_lo);
    (sin_r, cos_r, to_int(a, fmt, p.q))
}

/// sin r = s_hi + s_lo and cos r = c_hi + c_lo unrounded (|r| <= pi/4; the heads are the larger), and the
/// quadrant q (integer-valued) of the reduction x = q pi/2 + r. With `precise` (for `tan`, where the errors
/// of sin r and cos r add up), the heads also take sin's r^3 / 3! and cos's 1 - r^2 / 2 exactly, and both
/// come back as normalized pairs: what is left rounds to about a tenth of an ulp (a third without).
fn trig_parts<A: Arith>(a: &mut A, fmt: &Format, x: A::F, precise: bool) -> TrigParts<A::F> {
    let k = a.f(std::f64::consts::FRAC_2_PI);
    let t = a.mul(x, k);
    let q = a.rint(t);
    // r = x - q pi/2 as r + e: the first part's product cancels exactly; the rounding error of each later
    // subtraction (q * part is exact) is kept by TwoSum, so r + e carries about twice the format's precision.
    let p0 = a.f(-fmt.pio2[0]);
    let mut r = a.fma(q, p0, x);
    let mut e = a.f(0.0);
    for &part in &fmt.pio2[1..] {
        let p = a.f(-part);
        let b = a.mul(q, p);
        let (s, err) = two_sum(a, r, b);
        e = a.add(e, err);
        r = s;
    }
    let r2 = a.mul(r, r);
    // sin(r + e) = r + (r^3 (-1/3! + r^2/5! - ...) + e cos r), rounded once at the end.
    let cs: Vec<f64> =
        (1..=fmt.sin_terms).map(|k| if k % 2 == 1 { -1.0 } else { 1.0 } / factorial(2 * k + 1)).collect();
    let r3 = a.mul(r2, r);
    let (mhalf, one) = (a.f(-0.5), a.f(1.0));
    let c0 = a.fma(mhalf, r2, one);
    let ec = a.mul(e, c0);
    // r^2 = r2 + r2_err exactly.
    let r2_err = if precise { Some(prod_err(a, r, r, r2)) } else { None };
    let (s_hi, s_lo) = match r2_err {
        None => {
            let ps = poly(a, r2, &cs);
            (r, a.fma(r3, ps, ec))
        }
        Some(r2_err) => {
            // r^3 = r3 + r3_lo, and r^3 c1 = p + p_err exactly, c1 = -1/3! = c1_hi + c1_lo.
            let r3_err = prod_err(a, r2, r, r3);
            let r3_lo = a.fma(r2_err, r, r3_err);
            let c1_hi = fmt.round(cs[0]);
            let c1_lo = -(6.0f64.mul_add(c1_hi, 1.0)) / 6.0;
            let (c1, c1_lo) = (a.f(c1_hi), a.f(c1_lo));
            let p = a.mul(r3, c1);
            let p_err = prod_err(a, r3, c1, p);
            let rest = poly(a, r2, &cs[1..]);
            let r5 = a.mul(r3, r2);
            let lo = a.fma(r3, c1_lo, p_err);
            let lo = a.fma(r3_lo, c1, lo);
            let lo = a.fma(r5, rest, lo);
            let lo = a.add(lo, ec);
            let (sh, s1) = fast_two_sum(a, r, p);
            let sl = a.add(s1, lo);
            fast_two_sum(a, sh, sl)
        }
    };
    // cos(r + e) = w + ((1 - w) - r^2/2 + r^4 (1/4! - r^2/6! + ...) - e r), with w = 1 - r^2/2 rounded and
    // its rounding error recovered exactly (|1| >= r^2/2); with `precise`, r^2's own error too.
    let cc: Vec<f64> = (2..=fmt.cos_terms).map(|k| if k % 2 == 0 { 1.0 } else { -1.0 } / factorial(2 * k)).collect();
    let pc = poly(a, r2, &cc);
    let r4 = a.mul(r2, r2);
    let hr2 = a.mul(mhalf, r2);
    let w = a.add(one, hr2);
    let lost = a.sub(one, w);
    let lost = a.add(lost, hr2);
    let mer = a.mul(e, r);
    let mut small = a.sub(lost, mer);
    if let Some(r2_err) = r2_err {
        small = a.fma(r2_err, mhalf, small);
    }
    let cos_tail = a.fma(r4, pc, small);
    let (c_hi, c_lo) = if precise { fast_two_sum(a, w, cos_tail) } else { (w, cos_tail) };
    TrigParts { s_hi, s_lo, c_hi, c_lo, q }
}

/// What `trig_parts` gives: sin r = s_hi + s_lo, cos r = c_hi + c_lo, and the quadrant q.
struct TrigParts<F> {
    s_hi: F,
    s_lo: F,
    c_hi: F,
    c_lo: F,
    q: F,
}

/// tan x on the fast path (|x| <= the format's `trig_limit`): sin r / cos r, or -cos r / sin r in odd
/// quadrants, from both as sums of two floats; the quotient from one reciprocal, corrected by its
/// remainder (which takes in the lower parts), rounds once.
pub fn tan<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let TrigParts { s_hi: sh, s_lo: sl, c_hi: ch, c_lo: cl, q } = trig_parts(a, fmt, x, true);
    let qi = to_int(a, fmt, q);
    let (one, zero) = (a.i(1), a.i(0));
    let odd = a.iand(qi, one);
    let even = a.ieq(odd, zero);
    let (nh, nl) = (a.select(even, sh, ch), a.select(even, sl, cl));
    let (dh, dl) = (a.select(even, ch, sh), a.select(even, cl, sl));
    let (one, m1) = (a.f(1.0), a.f(-1.0));
    let rd = a.div(one, dh);
    let t = a.mul(nh, rd);
    let mt = a.mul(t, m1);
    let rem = a.fma(mt, dh, nh);
    let rem = a.add(rem, nl);
    let rem = a.fma(mt, dl, rem);
    let v = a.fma(rem, rd, t);
    let nv = a.mul(v, m1);
    let v = a.select(even, v, nv);
    // tan(-0) is -0, which the reduction loses.
    let fz = a.f(0.0);
    let is_zero = a.eq(x, fz);
    a.select(is_zero, x, v)
}

/// x + y exactly as the rounded sum and its error, for |x| >= |y| (Dekker's Fast2Sum).
fn fast_two_sum<A: Arith>(a: &mut A, x: A::F, y: A::F) -> (A::F, A::F) {
    let s = a.add(x, y);
    let moved = a.sub(s, x);
    (s, a.sub(y, moved))
}

/// Flips the sign of `v` where bit 1 of `k` is set.
fn negate_where_bit1<A: Arith>(a: &mut A, fmt: &Format, v: A::F, k: A::I) -> A::F {
    let two = a.i(2);
    let b = a.iand(k, two);
    // Bit 1 moved to the sign bit (the width's top bit).
    let sign = a.shl(b, fmt.mant_bits + fmt.exp_mask.count_ones() - 1);
    let bits = a.float_to_bits(v);
    let bits = a.ixor(bits, sign);
    a.bits_to_float(bits)
}

/// sin x on the fast path (|x| <= the format's `trig_limit`).
pub fn sin<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let (s, c, q) = reduce_trig(a, fmt, x);
    pick_sin(a, fmt, x, s, c, q)
}

/// cos x on the fast path (|x| <= the format's `trig_limit`).
pub fn cos<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let (s, c, q) = reduce_trig(a, fmt, x);
    pick_cos(a, fmt, s, c, q)
}

/// sin x and cos x from one argument reduction: the same bits as `sin` and `cos` apart.
pub fn sincos<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> (A::F, A::F) {
    let (s, c, q) = reduce_trig(a, fmt, x);
    let sin = pick_sin(a, fmt, x, s, c, q);
    (sin, pick_cos(a, fmt, s, c, q))
}

/// sin x from sin r, cos r and the quadrant q: sin r, cos r, -sin r, -cos r.
fn pick_sin<A: Arith>(a: &mut A, fmt: &Format, x: A::F, s: A::F, c: A::F, q: A::I) -> A::F {
    let (one, zero) = (a.i(1), a.i(0));
    let odd = a.iand(q, one);
    let even = a.ieq(odd, zero);
    let v = a.select(even, s, c);
    let v = negate_where_bit1(a, fmt, v, q);
    // sin(-0) is -0, which the reduction loses.
    let fz = a.f(0.0);
    let is_zero = a.eq(x, fz);
    a.select(is_zero, x, v)
}

/// cos x from sin r, cos r and the quadrant q: cos r, -sin r, -cos r, sin r.
fn pick_cos<A: Arith>(a: &mut A, fmt: &Format, s: A::F, c: A::F, q: A::I) -> A::F {
    let (one, zero) = (a.i(1), a.i(0));
    let odd = a.iand(q, one);
    let even = a.ieq(odd, zero);
    let v = a.select(even, c, s);
    let q1 = a.iadd(q, one);
    negate_where_bit1(a, fmt, v, q1)
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

/// The scalar functions, with `sin` and `cos` leaving for libm beyond the trig limit as the JIT does.
pub fn exp_f64(x: f64) -> f64 {
    exp(&mut Scalar64, &F64, x)
}

pub fn log_f64(x: f64) -> f64 {
    log(&mut Scalar64, &F64, x)
}

pub fn sin_f64(x: f64) -> f64 {
    if x.abs() > F64.trig_limit {
        x.sin()
    } else {
        sin(&mut Scalar64, &F64, x)
    }
}

pub fn cos_f64(x: f64) -> f64 {
    if x.abs() > F64.trig_limit {
        x.cos()
    } else {
        cos(&mut Scalar64, &F64, x)
    }
}

pub fn tan_f64(x: f64) -> f64 {
    if x.abs() > F64.trig_limit {
        x.tan()
    } else {
        tan(&mut Scalar64, &F64, x)
    }
}

pub fn tan_f32(x: f32) -> f32 {
    if x.abs() as f64 > F32.trig_limit {
        (x as f64).tan() as f32
    } else {
        tan(&mut Scalar32, &F32, x)
    }
}

/// e^x - 1: `expm1_fast` in its range; beyond it e^x above and -1 below (NaN stays NaN).
pub fn expm1_f64(x: f64) -> f64 {
    if x.abs() < expm1_fast_limit(&F64) {
        expm1_fast(&mut Scalar64, &F64, x)
    } else if x > 0.0 {
        exp_f64(x)
    } else if x < 0.0 {
        -1.0
    } else {
        x
    }
}

pub fn expm1_f32(x: f32) -> f32 {
    if (x.abs() as f64) < expm1_fast_limit(&F32) {
        expm1_fast(&mut Scalar32, &F32, x)
    } else if x > 0.0 {
        exp_f32(x)
    } else if x < 0.0 {
        -1.0
    } else {
        x
    }
}

/// The cube root: `cbrt_fast` for normal numbers; subnormals scaled by 2^54 first (2^18 after), and
/// zeros, infinities and NaN as they are.
pub fn cbrt_f64(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        x
    } else if x.abs() < f64::MIN_POSITIVE {
        cbrt_fast(&mut Scalar64, &F64, x * 2f64.powi(54)) * 2f64.powi(-18)
    } else {
        cbrt_fast(&mut Scalar64, &F64, x)
    }
}

pub fn cbrt_f32(x: f32) -> f32 {
    if x == 0.0 || !x.is_finite() {
        x
    } else if x.abs() < f32::MIN_POSITIVE {
        cbrt_fast(&mut Scalar32, &F32, x * 2f32.powi(24)) * 2f32.powi(-8)
    } else {
        cbrt_fast(&mut Scalar32, &F32, x)
    }
}

pub fn asin_f64(x: f64) -> f64 {
    asin_acos(&mut Scalar64, &F64, x, false)
}

pub fn asin_f32(x: f32) -> f32 {
    asin_acos(&mut Scalar32, &F32, x, false)
}

pub fn acos_f64(x: f64) -> f64 {
    asin_acos(&mut Scalar64, &F64, x, true)
}

pub fn acos_f32(x: f32) -> f32 {
    asin_acos(&mut Scalar32, &F32, x, true)
}

pub fn exp2_f64(x: f64) -> f64 {
    exp2(&mut Scalar64, &F64, x)
}

pub fn log2_f64(x: f64) -> f64 {
    log2(&mut Scalar64, &F64, x)
}

pub fn log10_f64(x: f64) -> f64 {
    log10(&mut Scalar64, &F64, x)
}

pub fn exp2_f32(x: f32) -> f32 {
    exp2(&mut Scalar32, &F32, x)
}

pub fn log2_f32(x: f32) -> f32 {
    log2(&mut Scalar32, &F32, x)
}

pub fn log10_f32(x: f32) -> f32 {
    log10(&mut Scalar32, &F32, x)
}

pub fn atan_f64(x: f64) -> f64 {
    atan(&mut Scalar64, &F64, x)
}

pub fn atan_f32(x: f32) -> f32 {
    atan(&mut Scalar32, &F32, x)
}

pub fn atan2_f64(y: f64, x: f64) -> f64 {
    atan2(&mut Scalar64, &F64, y, x)
}

pub fn atan2_f32(y: f32, x: f32) -> f32 {
    atan2(&mut Scalar32, &F32, y, x)
}

/// log x + extra for positive finite x and |extra| < 1, rounded once (the inverse hyperbolic functions in
/// `ops` pass an argument's lower part as extra = lo / x).
pub fn log_plus_f64(x: f64, extra: f64) -> f64 {
    log_plus(&mut Scalar64, &F64, x, Some(extra), true)
}

/// log(1 + x + lo) for x > -1 and |lo| <= ulp(x), rounded once.
pub fn log1p_plus_f64(x: f64, lo: f64) -> f64 {
    log1p_plus(&mut Scalar64, &F64, x, Some(lo), true)
}

pub fn log1p_f64(x: f64) -> f64 {
    log1p(&mut Scalar64, &F64, x)
}

pub fn log1p_f32(x: f32) -> f32 {
    log1p(&mut Scalar32, &F32, x)
}

pub fn exp_f32(x: f32) -> f32 {
    exp(&mut Scalar32, &F32, x)
}

pub fn log_f32(x: f32) -> f32 {
    log(&mut Scalar32, &F32, x)
}

/// Beyond the float32 trig limit: libm's float64 sine, rounded to float32 (correct to half an ulp).
pub fn sin_f32(x: f32) -> f32 {
    if x.abs() as f64 > F32.trig_limit {
        (x as f64).sin() as f32
    } else {
        sin(&mut Scalar32, &F32, x)
    }
}

pub fn cos_f32(x: f32) -> f32 {
    if x.abs() as f64 > F32.trig_limit {
        (x as f64).cos() as f32
    } else {
        cos(&mut Scalar32, &F32, x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The distance in units in the last place between two floats (0 for equal, NaN = NaN).
    fn ulps(a: f64, b: f64) -> u64 {
        if a.is_nan() && b.is_nan() || a == b {
            return 0;
        }
        let key = |x: f64| {
            let b = x.to_bits() as i64;
            if b < 0 {
                i64::MIN - b
            } else {
                b
            }
        };
        key(a).abs_diff(key(b))
    }

    /// Deterministic samples spread over [lo, hi], plus the ends.
    fn samples(lo: f64, hi: f64, n: usize) -> impl Iterator<Item = f64> {
        let mut s = 0x9E37_79B9_7F4A_7C15u64;
        (0..n).map(move |i| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let u = (s >> 11) as f64 / (1u64 << 53) as f64;
            if i == 0 {
                lo
            } else if i == 1 {
                hi
            } else {
                lo + (hi - lo) * u
            }
        })
    }

    fn max_ulps(f: fn(f64) -> f64, g: fn(f64) -> f64, xs: impl Iterator<Item = f64>) -> (u64, f64) {
        xs.map(|x| (ulps(f(x), g(x)), x)).fold((0, 0.0), |m, v| if v.0 > m.0 { v } else { m })
    }

    #[test]
    fn exp_within_two_ulps_of_libm() {
        for (lo, hi) in [(-745.0, 709.7), (-1.0, 1.0), (-1e-5, 1e-5), (-710.0, -700.0), (700.0, 709.78)] {
            let (u, x) = max_ulps(exp_f64, f64::exp, samples(lo, hi, 50_000));
            assert!(u <= 2, "exp: {u} ulps at {x:e}");
        }
    }

    #[test]
    fn log_within_two_ulps_of_libm() {
        for (lo, hi) in [(1e-300, 1e300), (0.5, 2.0), (0.99, 1.01), (1e-320, 1e-300), (1.0, 1e10)] {
            let (u, x) = max_ulps(log_f64, f64::ln, samples(lo, hi, 50_000));
            assert!(u <= 2, "log: {u} ulps at {x:e}");
        }
    }

    /// A function, its reference, and a range to sample.
    type Case<T> = (&'static str, fn(T) -> T, fn(f64) -> f64, T, T);

    #[test]
    fn more_functions_within_two_ulps() {
        let cases: [Case<f64>; 20] = [
            ("asin", asin_f64, f64::asin, -1.0, 1.0),
            ("asin", asin_f64, f64::asin, 0.49, 0.51),
            ("acos", acos_f64, f64::acos, -1.0, 1.0),
            ("acos", acos_f64, f64::acos, -1e-9, 1e-9),
            ("cbrt", cbrt_f64, f64::cbrt, -1e300, 1e300),
            ("cbrt", cbrt_f64, f64::cbrt, -10.0, 10.0),
            ("cbrt", cbrt_f64, f64::cbrt, -1e-305, 1e-305),
            ("expm1", expm1_f64, f64::exp_m1, -1e-8, 1e-8),
            ("expm1", expm1_f64, f64::exp_m1, -1.5, 1.5),
            ("expm1", expm1_f64, f64::exp_m1, -50.0, 50.0),
            ("expm1", expm1_f64, f64::exp_m1, -800.0, 710.0),
            ("atan", atan_f64, f64::atan, -2.0, 2.0),
            ("atan", atan_f64, f64::atan, -1e20, 1e20),
            ("atan", atan_f64, f64::atan, -1e-5, 1e-5),
            ("exp2", exp2_f64, f64::exp2, -1074.0, 1023.9),
            ("exp2", exp2_f64, f64::exp2, -1.0, 1.0),
            ("log2", log2_f64, f64::log2, 1e-310, 1e300),
            ("log2", log2_f64, f64::log2, 0.5, 2.0),
            ("log10", log10_f64, f64::log10, 1e-310, 1e300),
            ("log10", log10_f64, f64::log10, 0.5, 2.0),
        ];
        for (name, f, g, lo, hi) in cases {
            let (u, x) = max_ulps(f, g, samples(lo, hi, 50_000));
            assert!(u <= 2, "{name}: {u} ulps at {x:e}");
        }
        let cases32: [Case<f32>; 11] = [
            ("asin", asin_f32, f64::asin, -1.0, 1.0),
            ("acos", acos_f32, f64::acos, -1.0, 1.0),
            ("cbrt", cbrt_f32, f64::cbrt, -3e38, 3e38),
            ("cbrt", cbrt_f32, f64::cbrt, -1e-38, 1e-38),
            ("expm1", expm1_f32, f64::exp_m1, -1.5, 1.5),
            ("expm1", expm1_f32, f64::exp_m1, -120.0, 89.0),
            ("atan", atan_f32, f64::atan, -2.0, 2.0),
            ("atan", atan_f32, f64::atan, -1e20, 1e20),
            ("exp2", exp2_f32, f64::exp2, -149.0, 127.9),
            ("log2", log2_f32, f64::log2, 1e-44, 3e38),
            ("log10", log10_f32, f64::log10, 1e-44, 3e38),
        ];
        for (name, f, g, lo, hi) in cases32 {
            let (u, x) = max_ulps32(f, g, lo, hi);
            assert!(u <= 2, "{name} f32: {u} ulps at {x:e}");
        }
        assert_eq!(atan_f64(f64::INFINITY), std::f64::consts::FRAC_PI_2);
        assert_eq!(atan_f64(-0.0).to_bits(), (-0.0f64).to_bits());
        assert!(atan_f64(f64::NAN).is_nan());
        assert_eq!(exp2_f64(1024.0), f64::INFINITY);
        assert_eq!(exp2_f64(-1080.0), 0.0);
        assert_eq!(exp2_f64(3.0), 8.0);
        assert_eq!(log2_f64(8.0), 3.0);
        assert_eq!(log10_f64(1000.0), 3.0);
        assert_eq!(log2_f64(0.0), f64::NEG_INFINITY);
        assert_eq!(expm1_f64(-0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(expm1_f32(-0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(expm1_f64(5e-324), 5e-324);
        assert_eq!(expm1_f64(f64::INFINITY), f64::INFINITY);
        assert_eq!(expm1_f64(710.0), f64::INFINITY);
        assert_eq!(expm1_f64(f64::NEG_INFINITY), -1.0);
        assert_eq!(expm1_f32(f32::NEG_INFINITY), -1.0);
        assert!(expm1_f64(f64::NAN).is_nan() && expm1_f32(f32::NAN).is_nan());
        use std::f64::consts::{FRAC_PI_2, PI};
        assert_eq!((asin_f64(1.0), asin_f64(-1.0), acos_f64(-1.0)), (FRAC_PI_2, -FRAC_PI_2, PI));
        assert_eq!((acos_f64(1.0).to_bits(), acos_f64(0.0), acos_f64(-0.0)), (0, FRAC_PI_2, FRAC_PI_2));
        assert_eq!(asin_f64(-0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(asin_f32(1.0), std::f32::consts::FRAC_PI_2);
        for v in [1.0000000000000002, -1.5, f64::INFINITY, f64::NAN] {
            assert!(asin_f64(v).is_nan() && acos_f64(v).is_nan(), "{v}");
        }
        assert_eq!(cbrt_f64(-0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(cbrt_f64(-27.0), -3.0);
        assert_eq!(cbrt_f64(1e-300), 1e-100);
        assert_eq!(cbrt_f32(-8.0), -2.0);
        assert_eq!(cbrt_f64(f64::NEG_INFINITY), f64::NEG_INFINITY);
        assert!(cbrt_f64(f64::NAN).is_nan() && cbrt_f32(f32::NAN).is_nan());
        // Every perfect cube of an integer up to 2^17 (float64) and 2^8 (float32) has an exact root.
        for k in 1..(1u64 << 17) {
            assert_eq!(cbrt_f64((k * k * k) as f64), k as f64, "cbrt({})", k * k * k);
        }
        for k in 1..256u32 {
            assert_eq!(cbrt_f32((k * k * k) as f32), k as f32);
        }
    }

    #[test]
    fn atan2_within_two_ulps_and_c99_specials() {
        let ys: Vec<f64> = samples(-10.0, 10.0, 400).chain(samples(-1e10, 1e10, 100)).collect();
        let xs: Vec<f64> = samples(-10.0, 10.0, 400).chain(samples(-1e-10, 1e-10, 100)).collect();
        let mut worst = (0, 0.0, 0.0);
        for &y in &ys {
            for &x in &xs {
                let u = ulps(atan2_f64(y, x), y.atan2(x));
                if u > worst.0 {
                    worst = (u, y, x);
                }
            }
        }
        assert!(worst.0 <= 2, "atan2: {} ulps at ({:e}, {:e})", worst.0, worst.1, worst.2);
        let sp = [0.0, -0.0, 1.0, -1.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 1e-310, -1e300];
        let special = |v: f64| v == 0.0 || !v.is_finite();
        for &y in &sp {
            for &x in &sp {
                let bound = if special(x) || special(y) { 0 } else { 2 };
                assert!(ulps(atan2_f64(y, x), y.atan2(x)) <= bound, "atan2({y}, {x})");
                let (y32, x32) = (y as f32, x as f32);
                let want = (y32 as f64).atan2(x32 as f64) as f32;
                let got = atan2_f32(y32, x32);
                let exact = got.to_bits() == want.to_bits() || got.is_nan() && want.is_nan();
                let near = (got.to_bits() as i64 - want.to_bits() as i64).abs() <= 2;
                assert!(exact || bound > 0 && near, "atan2f({y32}, {x32})");
            }
        }
    }

    #[test]
    fn pow_within_an_ulp_of_libm_and_c99_specials() {
        let pairs = samples(0.0, 20.0, 20_000).zip(samples(-60.0, 60.0, 20_000));
        for (x, y) in pairs {
            for (x, y) in
                [(x, y), (x * 1e-3, y * 10.0), (x * 1e100, y / 50.0), (1.0 + x * 1e-9, y * 1e9), (x, y.round())]
            {
                let (got, want) = (pow_f64(x, y), x.powf(y));
                assert!(ulps(got, want) <= 1, "pow({x:e}, {y:e}) = {got:e}, libm {want:e}");
                let (xf, yf) = (x as f32, y as f32);
                let (got, want) = (pow_f32(xf, yf), (xf as f64).powf(yf as f64) as f32);
                assert!(ulps(got as f64, want as f64) <= 1, "pow f32({xf:e}, {yf:e}) = {got:e}, libm {want:e}");
            }
        }
        // Annex F's table, against the platform's pow (which follows it): every pair of these.
        let v = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 2.5, -2.5, 1e-310, 1e300, f64::INFINITY];
        let v: Vec<f64> = v.iter().copied().chain([f64::NEG_INFINITY, f64::NAN]).collect();
        for &x in &v {
            for &y in &v {
                let (got, want) = (pow_f64(x, y), x.powf(y));
                assert!(
                    ulps(got, want) <= 1 && got.is_sign_negative() == want.is_sign_negative()
                        || got.is_nan() && want.is_nan(),
                    "pow({x:e}, {y:e}) = {got:e}, libm {want:e}"
                );
            }
        }
        assert!(pow_f64(-8.0, 1.0 / 3.0).is_nan());
        assert_eq!(pow_f64(-2.0, 3.0), -8.0);
        assert_eq!(pow_f64(2.0, -1074.0), 5e-324);
        assert_eq!(pow_f64(2.0, 1024.0), f64::INFINITY);
        assert_eq!(pow_f32(2.0, 0.5), std::f32::consts::SQRT_2);
    }

    #[test]
    fn fmod_and_divmod_fast_are_exactly_the_scalar_operations() {
        // Quotients just below and at integers (where the division rounds up), across the whole range,
        // and every sign; against Rust's exact `%` and `ops`' divmod.
        let mut s = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        for i in 0..400_000 {
            let y = f64::from_bits(0x3FF0_0000_0000_0000 | (next() >> 12)) * if i % 2 == 0 { 1.0 } else { -3e-5 };
            let k = (next() >> 11) as f64 / 2f64.powi(53 - (i % 52));
            let x = match i % 3 {
                0 => (k * y).next_down(),
                1 => k * y,
                _ => k.fract() * y,
            } * if i % 5 == 0 { -1.0 } else { 1.0 };
            if x.abs() >= fmod_range(&F64) * y.abs() {
                continue;
            }
            let got = fmod_fast(&mut Scalar64, &F64, x, y);
            assert_eq!(got.to_bits(), (x % y).to_bits(), "fmod({x:e}, {y:e})");
            let (q, m) = divmod_fast(&mut Scalar64, &F64, x, y);
            let (wq, wm) = crate::ops::divmod_f64(x, y);
            assert_eq!((q.to_bits(), m.to_bits()), (wq.to_bits(), wm.to_bits()), "divmod({x:e}, {y:e})");
            let (xf, yf) = (x as f32, y as f32);
            if yf.abs() >= f32::MIN_POSITIVE && (xf.abs() as f64) < fmod_range(&F32) * yf.abs() as f64 {
                let got = fmod_fast(&mut Scalar32, &F32, xf, yf);
                assert_eq!(got.to_bits(), (xf % yf).to_bits(), "fmod f32({xf:e}, {yf:e})");
                let (q, m) = divmod_fast(&mut Scalar32, &F32, xf, yf);
                let (wq, wm) = crate::ops::divmod_f32(xf, yf);
                assert_eq!((q.to_bits(), m.to_bits()), (wq.to_bits(), wm.to_bits()), "divmod f32({xf:e}, {yf:e})");
            }
        }
    }

    #[test]
    fn hypot_within_an_ulp_of_libm_and_c99_specials() {
        let pairs = samples(-1e10, 1e10, 20_000).zip(samples(-1e3, 1e3, 20_000));
        let scales = [1.0, 1e-300, 1e300, 1e-310, 2f64.powi(449), 2f64.powi(-449), 1.7e308];
        for (y, x) in pairs {
            for s in scales {
                let (y, x) = (y * s, x * s / 3.0);
                let (got, want) = (hypot_f64(y, x), y.hypot(x));
                assert!(ulps(got, want) <= 1, "hypot({y:e}, {x:e}) = {got:e}, libm {want:e}");
                let (yf, xf) = (y as f32, x as f32);
                let (got, want) = (hypot_f32(yf, xf), (yf as f64).hypot(xf as f64) as f32);
                assert!(ulps(got as f64, want as f64) <= 1, "hypot f32({yf:e}, {xf:e}) = {got:e}, libm {want:e}");
            }
        }
        let (inf, nan) = (f64::INFINITY, f64::NAN);
        assert_eq!(hypot_f64(nan, -inf), inf);
        assert_eq!(hypot_f64(inf, nan), inf);
        assert!(hypot_f64(nan, 1.0).is_nan());
        assert_eq!(hypot_f64(-0.0, 0.0).to_bits(), 0);
        assert_eq!(hypot_f64(3.0, -4.0), 5.0);
        assert_eq!(hypot_f64(5e-324, 0.0), 5e-324);
        assert_eq!(hypot_f64(f64::MAX, f64::MAX), inf);
        assert_eq!(hypot_f32(f32::NAN, f32::NEG_INFINITY), f32::INFINITY);
    }

    #[test]
    fn log1p_within_two_ulps_of_libm() {
        for (lo, hi) in [(-0.999, 1.0), (-1e-10, 1e-10), (1.0, 1e300), (-0.5, -1e-300)] {
            let (u, x) = max_ulps(log1p_f64, f64::ln_1p, samples(lo, hi, 50_000));
            assert!(u <= 2, "log1p: {u} ulps at {x:e}");
        }
        assert_eq!(log1p_f64(-1.0), f64::NEG_INFINITY);
        assert!(log1p_f64(-2.0).is_nan());
        assert_eq!(log1p_f64(f64::INFINITY), f64::INFINITY);
        assert_eq!(log1p_f64(-0.0).to_bits(), (-0.0f64).to_bits());
        let (u, x) = max_ulps32(log1p_f32, f64::ln_1p, -0.99, 1e30);
        assert!(u <= 2, "log1p f32: {u} ulps at {x:e}");
    }

    #[test]
    fn sin_cos_within_two_ulps_of_libm() {
        for (lo, hi) in [(-10.0, 10.0), (-1e-6, 1e-6), (-1e5, 1e5), (-F64.trig_limit, F64.trig_limit), (1e6, 1e9)] {
            let (u, x) = max_ulps(sin_f64, f64::sin, samples(lo, hi, 50_000));
            assert!(u <= 2, "sin: {u} ulps at {x:e}");
            let (u, x) = max_ulps(cos_f64, f64::cos, samples(lo, hi, 50_000));
            assert!(u <= 2, "cos: {u} ulps at {x:e}");
            let (u, x) = max_ulps(tan_f64, f64::tan, samples(lo, hi, 50_000));
            assert!(u <= 2, "tan: {u} ulps at {x:e}");
        }
        // Near the poles and near pi/4, where sin r and cos r are both large and their errors add up.
        let poles = (1..2000).flat_map(|k| {
            let c = k as f64 * std::f64::consts::FRAC_PI_4;
            [c, c.next_up(), c.next_down(), -c]
        });
        let (u, x) = max_ulps(tan_f64, f64::tan, poles);
        assert!(u <= 2, "tan: {u} ulps at {x:e}");
    }

    /// float32 against libm's float64 result rounded to float32 (correctly rounded but for rare ties).
    fn max_ulps32(f: fn(f32) -> f32, g: fn(f64) -> f64, lo: f32, hi: f32) -> (u64, f32) {
        samples(lo as f64, hi as f64, 50_000)
            .map(|x| x as f32)
            .map(|x| {
                let (a, b) = (f(x), g(x as f64) as f32);
                let d = if a == b || (a.is_nan() && b.is_nan()) {
                    0
                } else {
                    ((a.to_bits() as i32 as i64) - (b.to_bits() as i32 as i64)).unsigned_abs()
                };
                (d, x)
            })
            .fold((0, 0.0), |m, v| if v.0 > m.0 { v } else { m })
    }

    #[test]
    fn float32_within_two_ulps() {
        for (lo, hi) in [(-103.0, 88.7), (-1.0, 1.0)] {
            let (u, x) = max_ulps32(exp_f32, f64::exp, lo, hi);
            assert!(u <= 2, "exp f32: {u} ulps at {x:e}");
        }
        for (lo, hi) in [(1e-44, 3e38), (0.5, 2.0), (1e-44, 1e-37)] {
            let (u, x) = max_ulps32(log_f32, f64::ln, lo, hi);
            assert!(u <= 2, "log f32: {u} ulps at {x:e}");
        }
        for (lo, hi) in [(-10.0, 10.0), (-2048.0, 2048.0), (-1e6, 1e6)] {
            let (u, x) = max_ulps32(sin_f32, f64::sin, lo, hi);
            assert!(u <= 2, "sin f32: {u} ulps at {x:e}");
            let (u, x) = max_ulps32(cos_f32, f64::cos, lo, hi);
            assert!(u <= 2, "cos f32: {u} ulps at {x:e}");
            let (u, x) = max_ulps32(tan_f32, f64::tan, lo, hi);
            assert!(u <= 2, "tan f32: {u} ulps at {x:e}");
        }
        assert_eq!(exp_f32(f32::NEG_INFINITY), 0.0);
        assert_eq!(exp_f32(89.0), f32::INFINITY);
        assert_eq!(log_f32(0.0), f32::NEG_INFINITY);
        assert!(log_f32(-1.0).is_nan() && log_f32(f32::NAN).is_nan());
        assert_eq!(sin_f32(-0.0).to_bits(), (-0.0f32).to_bits());
    }

    #[test]
    fn special_values_exact() {
        let inf = f64::INFINITY;
        assert_eq!(exp_f64(-inf), 0.0);
        assert_eq!(exp_f64(inf), inf);
        assert_eq!(exp_f64(710.0), inf);
        assert_eq!(exp_f64(0.0), 1.0);
        assert_eq!(exp_f64(-0.0), 1.0);
        assert!(exp_f64(f64::NAN).is_nan());
        assert_eq!(log_f64(0.0), -inf);
        assert_eq!(log_f64(-0.0), -inf);
        assert_eq!(log_f64(1.0), 0.0);
        assert_eq!(log_f64(inf), inf);
        assert!(log_f64(-1.0).is_nan());
        assert!(log_f64(f64::NAN).is_nan());
        assert_eq!(sin_f64(-0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(sin_f64(0.0).to_bits(), 0.0f64.to_bits());
        assert_eq!(cos_f64(0.0), 1.0);
        assert!(sin_f64(inf).is_nan() && cos_f64(-inf).is_nan() && sin_f64(f64::NAN).is_nan());
        assert_eq!(tan_f64(-0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(tan_f32(-0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(tan_f64(0.0).to_bits(), 0.0f64.to_bits());
        assert!(tan_f64(inf).is_nan() && tan_f64(f64::NAN).is_nan() && tan_f32(f32::NEG_INFINITY).is_nan());
    }
}
