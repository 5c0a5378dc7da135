//! The exponentials: `exp`, `exp2` and `expm1` (Cody-Waite reduction, a polynomial for e^s, the
//! exponent set through bit casts), their fast parts for the JIT and their scalar full functions.

use super::*;

/// e^s as hi + tail (unrounded: |tail| well under 1, hi = 1 + s rounded) for |s| <= ln2 / 2.
#[inline(always)]
pub(super) fn exp_core<A: Arith>(a: &mut A, fmt: &Format, s: A::F) -> (A::F, A::F) {
    // e^s = 1 + s + s^2 (1/2! + s/3! + ... + s^(n-2)/n!).
    let c = &INV_FACTORIAL[2..=fmt.exp_terms as usize];
    // 1 + s is carried as hi + lo (exact: |s| < 1), so that one rounding, the last addition, dominates.
    let p = poly(a, s, c);
    let s2 = a.mul(s, s);
    let one = a.f(1.0);
    let hi = a.add(one, s);
    let lost = a.sub(one, hi);
    let lo = a.add(lost, s);
    (hi, a.fma(s2, p, lo))
}

/// x = q ln2 + s with |s| <= ln2 / 2 (q integer-valued).
#[inline(always)]
pub(super) fn exp_reduce<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> (A::F, A::F) {
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
#[inline(always)]
pub(super) fn exp_scaled<A: Arith>(a: &mut A, fmt: &Format, s: A::F, q: A::F) -> A::F {
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
#[inline(always)]
pub(super) fn exp_limits<A: Arith>(a: &mut A, x: A::F, r: A::F, max: f64, min: f64) -> A::F {
    let (big, small) = (a.f(max), a.f(min));
    let (inf, zero) = (a.f(f64::INFINITY), a.f(0.0));
    let over = a.gt(x, big);
    let r = a.select(over, inf, r);
    let under = a.lt(x, small);
    a.select(under, zero, r)
}

/// x = q + d, |d| <= 1/2, and 2^d = e^s with s = d ln2 (carried with ln2's low part).
#[inline(always)]
pub(super) fn exp2_reduce<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> (A::F, A::F) {
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
#[inline(always)]
pub fn exp2_fast<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let (s, q) = exp2_reduce(a, fmt, x);
    scale_normal(a, fmt, s, q)
}

/// e^s 2^q for a normal result: 2^q goes straight into the exponent field.
#[inline(always)]
pub(super) fn scale_normal<A: Arith>(a: &mut A, fmt: &Format, s: A::F, q: A::F) -> A::F {
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
#[inline(always)]
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
///
/// At `Precision::Fast`: e^s - 1 = s + s^2 P(s) (no cancellation), then 2^q (e^s - 1) + (2^q - 1): the
/// first product exact, the second difference exact for |q| <= the mantissa's bits (beyond, the 1 is below
/// half an ulp of the result), one rounding at the end; where q = 1 and e^s - 1 is near -0.29, that sum
/// halves, which at most doubles the error of e^s - 1.
#[inline(always)]
pub fn expm1_fast<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let r = if fmt.fast { expm1_quick(a, fmt, x) } else { expm1_carried(a, fmt, x) };
    // expm1(-0) is -0, which 1 - 1 (and 0 + -0 s^2 P) loses.
    let zero = a.f(0.0);
    let is_zero = a.eq(x, zero);
    a.select(is_zero, x, r)
}

/// `expm1_fast` at `Precision::Fast` but for -0.
#[inline(always)]
fn expm1_quick<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let (s, q) = exp_reduce(a, fmt, x);
    let p = poly(a, s, &INV_FACTORIAL[2..=fmt.exp_terms as usize]);
    let s2 = a.mul(s, s);
    let em1 = a.fma(s2, p, s);
    let qi = to_int(a, fmt, q);
    let u = pow2(a, fmt, qi);
    let one = a.f(1.0);
    let um1 = a.sub(u, one);
    a.fma(u, em1, um1)
}

/// `expm1_fast` at `Precision::High` but for -0.
#[inline(always)]
fn expm1_carried<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let (hi, lo) = expm1_parts(a, fmt, x);
    a.add(hi, lo)
}

/// e^x - 1 = hi + lo, unrounded, for |x| < `expm1_fast_limit` (`expm1_carried`'s parts, before its last
/// addition): within about 2^-29 relative (float32) or 2^-58 (float64) of e^x - 1. Not normalized: lo
/// holds the series' terms from s^3/3! up and the rounding errors (up to about 2^-3 |hi| where q = 0),
/// and below about an ulp of 1, hi may even be 0 and lo hold x.
#[inline(always)]
pub(super) fn expm1_parts<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> (A::F, A::F) {
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
    (d2, a.add(small, urest))
}

/// e^(s + s_lo) = h + sq + rest, unrounded, for |s| <= ln2 / 2 and |s_lo| far below an ulp of s: h = 1 + s
/// and sq = s^2 / 2 rounded, their rounding errors (exact), s^3 (1/3! + s/4! + ...) and s_lo (1 + s) in
/// rest. For `expm1` and `power`, whose results an error in the tail would show in: only the sums of these
/// parts round, at the end.
#[inline(always)]
pub(super) fn exp_split<A: Arith>(a: &mut A, fmt: &Format, s: A::F, s_lo: A::F) -> (A::F, A::F, A::F) {
    let one = a.f(1.0);
    let h = a.add(one, s);
    let lost = a.sub(one, h);
    let lost = a.add(lost, s);
    let half = a.f(0.5);
    let s2 = a.mul(s, s);
    let s2_err = prod_err(a, s, s, s2);
    let sq = a.mul(s2, half);
    let p = poly(a, s, &INV_FACTORIAL[3..=fmt.exp_terms as usize]);
    let s3 = a.mul(s2, s);
    let rest = a.fma(s2_err, half, lost);
    let rest = a.fma(s3, p, rest);
    let corr = a.fma(s_lo, s, s_lo);
    (h, sq, a.add(rest, corr))
}

/// e^x.
#[inline(always)]
pub fn exp<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let (s, q) = exp_reduce(a, fmt, x);
    let r = exp_scaled(a, fmt, s, q);
    exp_limits(a, x, r, fmt.exp_max, fmt.exp_min)
}

/// 2^x.
#[inline(always)]
pub fn exp2<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let (s, q) = exp2_reduce(a, fmt, x);
    let r = exp_scaled(a, fmt, s, q);
    let max = (fmt.bias + 1) as f64;
    let min = -((fmt.bias + fmt.mant_bits as i64 + 2) as f64);
    exp_limits(a, x, r, max - f64::EPSILON * max, min)
}

pub fn exp_f64(x: f64) -> f64 {
    exp(&mut Scalar64, &F64, x)
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

pub fn exp2_f64(x: f64) -> f64 {
    exp2(&mut Scalar64, &F64, x)
}

pub fn exp2_f32(x: f32) -> f32 {
    exp2(&mut Scalar32, &F32, x)
}

pub fn exp_f32(x: f32) -> f32 {
    exp(&mut Scalar32, &F32, x)
}
