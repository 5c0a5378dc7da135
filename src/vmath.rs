//! Vector math: `exp`, `log`, `sin` and `cos`, written once over an arithmetic trait.
//!
//! The JIT implements `Arith` with Cranelift vector instructions and the interpreter (through `ops`) with
//! plain `f64`, so both back ends run the very same sequence of IEEE operations and agree bit for bit.
//! The algorithms are table-free and branch-free: Cody-Waite range reduction with a split constant,
//! polynomials evaluated with fused multiply-adds, and the exponent set through bit casts. Their
//! coefficients are the Taylor series' (1/k!, 1/(2k+1)), carried far enough that truncation stays well
//! under an ulp on the reduced ranges. Arguments to `sin` and `cos` beyond `TRIG_LIMIT` leave the fast
//! path for the platform's libm (a cold path in the JIT). float32 is computed through float64.
//! This module knows nothing of Cranelift or of arrays.

/// The arithmetic the algorithms need, on one lane (`f64`) or one vector of lanes.
pub trait Arith {
    /// Floats.
    type F: Copy;
    /// 64-bit integers, lane for lane with `F`.
    type I: Copy;
    /// Lane masks.
    type M: Copy;

    fn f(&mut self, v: f64) -> Self::F;
    fn i(&mut self, v: i64) -> Self::I;
    fn add(&mut self, a: Self::F, b: Self::F) -> Self::F;
    fn sub(&mut self, a: Self::F, b: Self::F) -> Self::F;
    fn mul(&mut self, a: Self::F, b: Self::F) -> Self::F;
    fn div(&mut self, a: Self::F, b: Self::F) -> Self::F;
    /// `a * b + c` with one rounding.
    fn fma(&mut self, a: Self::F, b: Self::F, c: Self::F) -> Self::F;
    /// Round to nearest, ties to even.
    fn rint(&mut self, a: Self::F) -> Self::F;
    fn abs(&mut self, a: Self::F) -> Self::F;
    fn lt(&mut self, a: Self::F, b: Self::F) -> Self::M;
    fn gt(&mut self, a: Self::F, b: Self::F) -> Self::M;
    fn eq(&mut self, a: Self::F, b: Self::F) -> Self::M;
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

/// 1.5 * 2^52: adding it to an integer-valued float below 2^51 in magnitude leaves the integer in the
/// low bits of the sum.
const MAGIC: f64 = 6755399441055744.0;
const MAGIC_BITS: i64 = 0x4338_0000_0000_0000;

/// ln 2 split in two: `LN2_HI` is ln 2 rounded to float64, `LN2_LO` the rest.
const LN2_HI: f64 = std::f64::consts::LN_2;
const LN2_LO: f64 = 2.3190468138462996e-17;

/// pi/2 split into three 26-bit parts and a rest, so that `q * part` is exact for |q| < 2^27.
const PIO2: [f64; 4] = [1.5707963109016418, 1.5893254712295857e-08, 6.123233932053594e-17, 6.36831716351095e-25];

/// Beyond this magnitude `sin` and `cos` use the platform's libm.
pub const TRIG_LIMIT: f64 = 1048576.0;

fn factorial(k: u32) -> f64 {
    (1..=k).map(|i| i as f64).product()
}

/// An integer-valued float (|q| < 2^51) as an integer.
fn to_int<A: Arith>(a: &mut A, q: A::F) -> A::I {
    let m = a.f(MAGIC);
    let t = a.add(q, m);
    let bits = a.float_to_bits(t);
    let magic = a.i(MAGIC_BITS);
    a.isub(bits, magic)
}

/// A small integer (|k| < 2^51) as a float.
fn to_float<A: Arith>(a: &mut A, k: A::I) -> A::F {
    let magic = a.i(MAGIC_BITS);
    let bits = a.iadd(k, magic);
    let t = a.bits_to_float(bits);
    let m = a.f(MAGIC);
    a.sub(t, m)
}

/// 2^k for -1022 <= k <= 1023.
fn pow2<A: Arith>(a: &mut A, k: A::I) -> A::F {
    let bias = a.i(1023);
    let e = a.iadd(k, bias);
    let bits = a.shl(e, 52);
    a.bits_to_float(bits)
}

/// `sum(c[i] * x^i)`, Horner's scheme with fused multiply-adds (`c` from the constant term up).
fn horner<A: Arith>(a: &mut A, x: A::F, c: &[f64]) -> A::F {
    let mut u = a.f(c[c.len() - 1]);
    for &k in c[..c.len() - 1].iter().rev() {
        let ck = a.f(k);
        u = a.fma(u, x, ck);
    }
    u
}

/// e^x.
pub fn exp<A: Arith>(a: &mut A, x: A::F) -> A::F {
    // x = q ln2 + s, |s| <= ln2 / 2.
    let inv = a.f(std::f64::consts::LOG2_E);
    let t = a.mul(x, inv);
    let q = a.rint(t);
    let (hi, lo) = (a.f(-LN2_HI), a.f(-LN2_LO));
    let s = a.fma(q, hi, x);
    let s = a.fma(q, lo, s);
    // e^s = 1 + s + s^2 (1/2! + s/3! + ... + s^11/13!).
    let c: Vec<f64> = (2..=13).map(|k| 1.0 / factorial(k)).collect();
    let u = horner(a, s, &c);
    let s2 = a.mul(s, s);
    let u = a.fma(u, s2, s);
    let one = a.f(1.0);
    let u = a.add(u, one);
    // times 2^q, in two steps so that q may reach the subnormal range.
    let qi = to_int(a, q);
    let h = a.sshr(qi, 1);
    let rest = a.isub(qi, h);
    let (p1, p2) = (pow2(a, h), pow2(a, rest));
    let r = a.mul(u, p1);
    let r = a.mul(r, p2);
    // Overflow and underflow, where q is too large for the exponent trick.
    let (big, small) = (a.f(709.782712893384), a.f(-745.2));
    let (inf, zero) = (a.f(f64::INFINITY), a.f(0.0));
    let over = a.gt(x, big);
    let r = a.select(over, inf, r);
    let under = a.lt(x, small);
    a.select(under, zero, r)
}

/// The natural logarithm.
pub fn log<A: Arith>(a: &mut A, x: A::F) -> A::F {
    // Subnormals are scaled into the normal range first.
    let min_normal = a.f(f64::MIN_POSITIVE);
    let sub = a.lt(x, min_normal);
    let scale = a.f(18014398509481984.0); // 2^54
    let xs = a.mul(x, scale);
    let x1 = a.select(sub, xs, x);
    let (e54, e0) = (a.f(54.0), a.f(0.0));
    let adj = a.select(sub, e54, e0);
    // x = 2^e m, m in [1, 2).
    let bits = a.float_to_bits(x1);
    let raw = a.ushr(bits, 52);
    let mask = a.i(0x7ff);
    let raw = a.iand(raw, mask);
    let bias = a.i(1023);
    let e = a.isub(raw, bias);
    let ef = to_float(a, e);
    let ef = a.sub(ef, adj);
    let mant = a.i(0x000F_FFFF_FFFF_FFFF);
    let one_bits = a.i(0x3FF0_0000_0000_0000);
    let mb = a.iand(bits, mant);
    let mb = a.ior(mb, one_bits);
    let m = a.bits_to_float(mb);
    // m in [sqrt(1/2), sqrt(2)).
    let sqrt2 = a.f(std::f64::consts::SQRT_2);
    let big = a.gt(m, sqrt2);
    let half = a.f(0.5);
    let mh = a.mul(m, half);
    let m = a.select(big, mh, m);
    let one = a.f(1.0);
    let ef1 = a.add(ef, one);
    let ef = a.select(big, ef1, ef);
    // log m = 2 atanh(t) = 2t + 2t t^2 (1/3 + t^2/5 + ... + t^18/21), t = (m - 1) / (m + 1).
    let num = a.sub(m, one);
    let den = a.add(m, one);
    let t = a.div(num, den);
    let t2 = a.mul(t, t);
    let c: Vec<f64> = (1..=10).map(|k| 1.0 / (2 * k + 1) as f64).collect();
    let p = horner(a, t2, &c);
    let two = a.f(2.0);
    let tt = a.mul(t, two);
    let tail = a.mul(tt, t2);
    let lo = a.f(LN2_LO);
    let hi = a.f(LN2_HI);
    let small = a.mul(tail, p);
    let small = a.fma(ef, lo, small);
    let body = a.add(tt, small);
    let r = a.fma(ef, hi, body);
    // Special values: log(0) = -inf, log(inf) = inf, log(x < 0) = NaN (NaN stays NaN).
    let zero = a.f(0.0);
    let (ninf, inf, nan) = (a.f(f64::NEG_INFINITY), a.f(f64::INFINITY), a.f(f64::NAN));
    let is_inf = a.eq(x, inf);
    let r = a.select(is_inf, inf, r);
    let is_zero = a.eq(x, zero);
    let r = a.select(is_zero, ninf, r);
    let neg = a.lt(x, zero);
    let r = a.select(neg, nan, r);
    let ordered = a.eq(x, x);
    a.select(ordered, r, x)
}

/// sin(r) and cos(r) for |r| <= pi/4, and the quadrant q of the reduction x = q pi/2 + r.
fn reduce_trig<A: Arith>(a: &mut A, x: A::F) -> (A::F, A::F, A::I) {
    let k = a.f(std::f64::consts::FRAC_2_PI);
    let t = a.mul(x, k);
    let q = a.rint(t);
    let mut r = x;
    for part in PIO2 {
        let p = a.f(-part);
        r = a.fma(q, p, r);
    }
    let r2 = a.mul(r, r);
    // sin r = r + r^3 (-1/3! + r^2/5! - ... + r^14/17!).
    let cs: Vec<f64> = (1..=8).map(|k| if k % 2 == 1 { -1.0 } else { 1.0 } / factorial(2 * k + 1)).collect();
    let ps = horner(a, r2, &cs);
    let r3 = a.mul(r2, r);
    let sin_r = a.fma(r3, ps, r);
    // cos r = 1 - r^2/2 + r^4 (1/4! - r^2/6! + ... + r^14/18!).
    let cc: Vec<f64> = (2..=9).map(|k| if k % 2 == 0 { 1.0 } else { -1.0 } / factorial(2 * k)).collect();
    let pc = horner(a, r2, &cc);
    let r4 = a.mul(r2, r2);
    let (mhalf, one) = (a.f(-0.5), a.f(1.0));
    let c0 = a.fma(mhalf, r2, one);
    let cos_r = a.fma(r4, pc, c0);
    (sin_r, cos_r, to_int(a, q))
}

/// Flips the sign of `v` where bit 1 of `k` is set.
fn negate_where_bit1<A: Arith>(a: &mut A, v: A::F, k: A::I) -> A::F {
    let two = a.i(2);
    let b = a.iand(k, two);
    let sign = a.shl(b, 62);
    let bits = a.float_to_bits(v);
    let bits = a.ixor(bits, sign);
    a.bits_to_float(bits)
}

/// sin x on the fast path (|x| <= `TRIG_LIMIT`).
pub fn sin<A: Arith>(a: &mut A, x: A::F) -> A::F {
    let (s, c, q) = reduce_trig(a, x);
    // Quadrants 0..3: sin r, cos r, -sin r, -cos r.
    let (one, zero) = (a.i(1), a.i(0));
    let odd = a.iand(q, one);
    let even = a.ieq(odd, zero);
    let v = a.select(even, s, c);
    let v = negate_where_bit1(a, v, q);
    // sin(-0) is -0, which the reduction loses.
    let fz = a.f(0.0);
    let is_zero = a.eq(x, fz);
    a.select(is_zero, x, v)
}

/// cos x on the fast path (|x| <= `TRIG_LIMIT`).
pub fn cos<A: Arith>(a: &mut A, x: A::F) -> A::F {
    let (s, c, q) = reduce_trig(a, x);
    // Quadrants 0..3: cos r, -sin r, -cos r, sin r.
    let (one, zero) = (a.i(1), a.i(0));
    let odd = a.iand(q, one);
    let even = a.ieq(odd, zero);
    let v = a.select(even, c, s);
    let q1 = a.iadd(q, one);
    negate_where_bit1(a, v, q1)
}

/// Plain `f64` arithmetic: the interpreter's (and constant folding's) side of the algorithms.
pub struct Scalar;

impl Arith for Scalar {
    type F = f64;
    type I = i64;
    type M = bool;

    fn f(&mut self, v: f64) -> f64 {
        v
    }
    fn i(&mut self, v: i64) -> i64 {
        v
    }
    fn add(&mut self, a: f64, b: f64) -> f64 {
        a + b
    }
    fn sub(&mut self, a: f64, b: f64) -> f64 {
        a - b
    }
    fn mul(&mut self, a: f64, b: f64) -> f64 {
        a * b
    }
    fn div(&mut self, a: f64, b: f64) -> f64 {
        a / b
    }
    fn fma(&mut self, a: f64, b: f64, c: f64) -> f64 {
        a.mul_add(b, c)
    }
    fn rint(&mut self, a: f64) -> f64 {
        a.round_ties_even()
    }
    fn abs(&mut self, a: f64) -> f64 {
        a.abs()
    }
    fn lt(&mut self, a: f64, b: f64) -> bool {
        a < b
    }
    fn gt(&mut self, a: f64, b: f64) -> bool {
        a > b
    }
    fn eq(&mut self, a: f64, b: f64) -> bool {
        a == b
    }
    fn or(&mut self, a: bool, b: bool) -> bool {
        a | b
    }
    fn select(&mut self, m: bool, a: f64, b: f64) -> f64 {
        if m {
            a
        } else {
            b
        }
    }
    fn float_to_bits(&mut self, a: f64) -> i64 {
        a.to_bits() as i64
    }
    fn bits_to_float(&mut self, a: i64) -> f64 {
        f64::from_bits(a as u64)
    }
    fn iadd(&mut self, a: i64, b: i64) -> i64 {
        a.wrapping_add(b)
    }
    fn isub(&mut self, a: i64, b: i64) -> i64 {
        a.wrapping_sub(b)
    }
    fn iand(&mut self, a: i64, b: i64) -> i64 {
        a & b
    }
    fn ior(&mut self, a: i64, b: i64) -> i64 {
        a | b
    }
    fn ixor(&mut self, a: i64, b: i64) -> i64 {
        a ^ b
    }
    fn shl(&mut self, a: i64, n: u32) -> i64 {
        a.wrapping_shl(n)
    }
    fn sshr(&mut self, a: i64, n: u32) -> i64 {
        a >> n
    }
    fn ushr(&mut self, a: i64, n: u32) -> i64 {
        ((a as u64) >> n) as i64
    }
    fn ieq(&mut self, a: i64, b: i64) -> bool {
        a == b
    }
}

/// The scalar functions, with `sin` and `cos` leaving for libm beyond `TRIG_LIMIT` as the JIT does.
pub fn exp_f64(x: f64) -> f64 {
    exp(&mut Scalar, x)
}

pub fn log_f64(x: f64) -> f64 {
    log(&mut Scalar, x)
}

pub fn sin_f64(x: f64) -> f64 {
    if x.abs() > TRIG_LIMIT {
        x.sin()
    } else {
        sin(&mut Scalar, x)
    }
}

pub fn cos_f64(x: f64) -> f64 {
    if x.abs() > TRIG_LIMIT {
        x.cos()
    } else {
        cos(&mut Scalar, x)
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

    #[test]
    fn sin_cos_within_two_ulps_of_libm() {
        for (lo, hi) in [(-10.0, 10.0), (-1e-6, 1e-6), (-1e5, 1e5), (-TRIG_LIMIT, TRIG_LIMIT), (1e6, 1e9)] {
            let (u, x) = max_ulps(sin_f64, f64::sin, samples(lo, hi, 50_000));
            assert!(u <= 2, "sin: {u} ulps at {x:e}");
            let (u, x) = max_ulps(cos_f64, f64::cos, samples(lo, hi, 50_000));
            assert!(u <= 2, "cos: {u} ulps at {x:e}");
        }
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
    }
}
