//! The hyperbolic functions and their inverses, in float64 (float32 arguments are widened and the results
//! rounded once): each over `Arith` on its main range (`*_fast`, what the JIT emits inline), and as a
//! scalar function that takes the rest (huge arguments, NaN, the edges of the domain) by branches.
//!
//! sinh, cosh and tanh come from the exponential carried to about twice float64's precision (e^a and e^-a
//! as sums of two floats) and round once at the end; beyond |x| = 22, e^-|x| no longer reaches the
//! result's last bit. The inverses carry each argument of the logarithm as a sum of two floats (TwoSum,
//! exact products by fused multiply-adds, a square root's remainder) into `log_plus`/`log1p_plus`, which
//! add the lower part before their one last rounding. (fdlibm's formulas over the platform's log rounded
//! the argument first: up to 1.6, 1.9 and 1.6 ulps; the platform's sinh, cosh and tanh reached 1.8, 1.6
//! and 2.2.)

use super::{
    copysign, exp_core, exp_parts_f64, exp_reduce, log1p_plus, log_plus, pow2, prod_err, to_int, two_sum, Arith,
    Scalar64, F64,
};

/// Beyond this, `asinh(x)` and `acosh(x)` are `ln(2x)` to float64 precision.
const HUGE: f64 = 268435456.0; // 2^28

/// Where sinh, cosh and tanh leave `*_fast`.
pub const HYPERBOLIC_LIMIT: f64 = 22.0;

/// Below these, sinh x (asinh x) and tanh x (atanh x) are x.
const SINH_TINY: f64 = 1.0 / 67108864.0; // 2^-26
const TANH_TINY: f64 = 1.0 / 268435456.0; // 2^-28

/// 1/3!, 1/5!, ..., 1/19!.
const SINH_TERMS: [f64; 9] = [
    1.0 / 6.0,
    1.0 / 120.0,
    1.0 / 5040.0,
    1.0 / 362880.0,
    1.0 / 39916800.0,
    1.0 / 6227020800.0,
    1.0 / 1307674368000.0,
    1.0 / 355687428096000.0,
    1.0 / 121645100408832000.0,
];

/// e^a and e^-a, each as a sum of two floats accurate to about 2^-54 relative, for 0 <= a <= 22:
/// [e, e_lo, r, r_lo].
#[inline(always)]
fn exp_both<A: Arith>(a: &mut A, x: A::F) -> [A::F; 4] {
    let (s, q) = exp_reduce(a, &F64, x);
    let (hi, lo) = exp_core(a, &F64, s);
    let h = a.add(hi, lo);
    let back = a.sub(h, hi);
    let l = a.sub(lo, back);
    let qi = to_int(a, &F64, q);
    let p = pow2(a, &F64, qi);
    let (e, e_lo) = (a.mul(h, p), a.mul(l, p));
    let (one, m1) = (a.f(1.0), a.f(-1.0));
    let r = a.div(one, e);
    let mr = a.mul(r, m1);
    let err = a.fma(mr, e, one);
    let re = a.mul(r, e_lo);
    let err = a.sub(err, re);
    [e, e_lo, r, a.mul(r, err)]
}

/// sinh x = x + x^3 (1/3! + x^2/5! + ... + x^16/19!) for |x| < 1: the first two parts, unrounded.
#[inline(always)]
fn sinh_series<A: Arith>(a: &mut A, x: A::F) -> (A::F, A::F) {
    let x2 = a.mul(x, x);
    let mut p = a.f(SINH_TERMS[SINH_TERMS.len() - 1]);
    for &c in SINH_TERMS.iter().rev().skip(1) {
        let c = a.f(c);
        p = a.fma(p, x2, c);
    }
    let x3 = a.mul(x, x2);
    (x, a.mul(x3, p))
}

/// sinh x for |x| <= 22.
#[inline(always)]
pub fn sinh_fast<A: Arith>(a: &mut A, x: A::F) -> A::F {
    let ax = a.abs(x);
    let (h, t) = sinh_series(a, ax);
    let series = a.add(h, t);
    let [e, e_lo, r, r_lo] = exp_both(a, ax);
    let m1 = a.f(-1.0);
    let mr = a.mul(r, m1);
    let (s, st) = two_sum(a, e, mr);
    let lo = a.sub(e_lo, r_lo);
    let lo = a.add(st, lo);
    let big = a.add(s, lo);
    let half = a.f(0.5);
    let big = a.mul(big, half);
    let one = a.f(1.0);
    let below = a.lt(ax, one);
    let v = a.select(below, series, big);
    let v = copysign(a, &F64, v, x);
    let tiny = a.f(SINH_TINY);
    let is_tiny = a.lt(ax, tiny);
    a.select(is_tiny, x, v)
}

/// cosh x for |x| <= 22.
#[inline(always)]
pub fn cosh_fast<A: Arith>(a: &mut A, x: A::F) -> A::F {
    let ax = a.abs(x);
    let [e, e_lo, r, r_lo] = exp_both(a, ax);
    let (s, st) = two_sum(a, e, r);
    let lo = a.add(e_lo, r_lo);
    let lo = a.add(st, lo);
    let v = a.add(s, lo);
    let half = a.f(0.5);
    a.mul(v, half)
}

/// tanh x for |x| <= 22: sinh / cosh, numerator and denominator as sums of two floats (both halved alike,
/// or neither), the quotient corrected by its remainder.
#[inline(always)]
pub fn tanh_fast<A: Arith>(a: &mut A, x: A::F) -> A::F {
    let ax = a.abs(x);
    let [e, e_lo, r, r_lo] = exp_both(a, ax);
    let (d, d_t) = two_sum(a, e, r);
    let lo = a.add(e_lo, r_lo);
    let d_lo = a.add(d_t, lo);
    let (h, t) = sinh_series(a, ax);
    let (h2, t2) = (a.add(h, h), a.add(t, t));
    let (n1, n1_lo) = two_sum(a, h2, t2);
    let m1 = a.f(-1.0);
    let mr = a.mul(r, m1);
    let (n2, n2_t) = two_sum(a, e, mr);
    let lo = a.sub(e_lo, r_lo);
    let n2_lo = a.add(n2_t, lo);
    let one = a.f(1.0);
    let below = a.lt(ax, one);
    let n = a.select(below, n1, n2);
    let n_lo = a.select(below, n1_lo, n2_lo);
    let q = a.div(n, d);
    let mq = a.mul(q, m1);
    let rem = a.fma(mq, d, n);
    let rem = a.add(rem, n_lo);
    let qd = a.mul(q, d_lo);
    let rem = a.sub(rem, qd);
    let corr = a.div(rem, d);
    let v = a.add(q, corr);
    let v = copysign(a, &F64, v, x);
    let tiny = a.f(TANH_TINY);
    let is_tiny = a.lt(ax, tiny);
    a.select(is_tiny, x, v)
}

/// sqrt(hi + lo) as a sum of two floats (hi > 0).
#[inline(always)]
fn sqrt_dd<A: Arith>(a: &mut A, hi: A::F, lo: A::F) -> (A::F, A::F) {
    let r = a.sqrt(hi);
    let m1 = a.f(-1.0);
    let mr = a.mul(r, m1);
    let res = a.fma(mr, r, hi);
    let res = a.add(res, lo);
    let two = a.f(2.0);
    let twice = a.mul(two, r);
    (r, a.div(res, twice))
}

/// log(hi + lo) for positive normal hi, rounded once.
#[inline(always)]
fn log_dd<A: Arith>(a: &mut A, hi: A::F, lo: A::F) -> A::F {
    let extra = a.div(lo, hi);
    log_plus(a, &F64, hi, Some(extra), false)
}

/// asinh x = log(a + sqrt(a^2 + 1)) with the sign of x, for |x| <= 2^28.
#[inline(always)]
pub fn asinh_fast<A: Arith>(a: &mut A, x: A::F) -> A::F {
    let ax = a.abs(x);
    let p = a.mul(ax, ax);
    let p_lo = prod_err(a, ax, ax, p);
    let one = a.f(1.0);
    let (s, s_t) = two_sum(a, p, one);
    let s_lo = a.add(s_t, p_lo);
    let (r, r_lo) = sqrt_dd(a, s, s_lo);
    let (w, w_t) = two_sum(a, ax, r);
    let w_lo = a.add(w_t, r_lo);
    let v = log_dd(a, w, w_lo);
    let v = copysign(a, &F64, v, x);
    let tiny = a.f(SINH_TINY);
    let is_tiny = a.lt(ax, tiny);
    a.select(is_tiny, x, v)
}

/// acosh x = log(x + sqrt(x^2 - 1)) for 1 <= x <= 2^28.
#[inline(always)]
pub fn acosh_fast<A: Arith>(a: &mut A, x: A::F) -> A::F {
    let m1 = a.f(-1.0);
    let p = a.mul(x, x);
    let p_lo = prod_err(a, x, x, p);
    let (s, s_t) = two_sum(a, p, m1);
    let s_lo = a.add(s_t, p_lo);
    let (r, r_lo) = sqrt_dd(a, s, s_lo);
    // At x = 1 the root is 0 (and its remainder 0 / 0).
    let zero = a.f(0.0);
    let root = a.gt(s, zero);
    let r_lo = a.select(root, r_lo, zero);
    let (w, w_t) = two_sum(a, x, r);
    let w_lo = a.add(w_t, r_lo);
    log_dd(a, w, w_lo)
}

/// atanh x = log1p(2a / (1 - a)) / 2 on a = |x| < 1, with the sign of x.
#[inline(always)]
pub fn atanh_fast<A: Arith>(a: &mut A, x: A::F) -> A::F {
    let ax = a.abs(x);
    let (one, m1) = (a.f(1.0), a.f(-1.0));
    let ma = a.mul(ax, m1);
    let (d, d_lo) = two_sum(a, one, ma);
    let a2 = a.add(ax, ax);
    let q = a.div(a2, d);
    let mq = a.mul(q, m1);
    let rem = a.fma(mq, d, a2);
    let qd = a.mul(q, d_lo);
    let rem = a.sub(rem, qd);
    let q_lo = a.div(rem, d);
    let l = log1p_plus(a, &F64, q, Some(q_lo), false);
    let half = a.f(0.5);
    let v = a.mul(l, half);
    let v = copysign(a, &F64, v, x);
    let tiny = a.f(TANH_TINY);
    let is_tiny = a.lt(ax, tiny);
    a.select(is_tiny, x, v)
}

/// Where `asinh_fast`, `acosh_fast` and `atanh_fast` apply, for the JIT's cold-lane tests.
pub const ASINH_LIMIT: f64 = HUGE;

/// 2^k for -1022 <= k <= 1023.
fn pow2_f64(k: i32) -> f64 {
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// e^a / 2 for 22 < a <= 711 (past float64's range, infinity), rounded once.
fn half_exp(a: f64) -> f64 {
    let (hi, lo, q) = exp_parts_f64(a);
    let q = q - 1;
    (hi + lo) * pow2_f64(q / 2) * pow2_f64(q - q / 2)
}

/// sinh: `sinh_fast` up to 22; beyond, e^|x| / 2 (infinity past 711).
pub fn sinh_f64(x: f64) -> f64 {
    let a = x.abs();
    if a <= HYPERBOLIC_LIMIT {
        sinh_fast(&mut Scalar64, x)
    } else if a.is_nan() {
        x
    } else if a > 711.0 {
        f64::INFINITY.copysign(x)
    } else {
        half_exp(a).copysign(x)
    }
}

pub fn cosh_f64(x: f64) -> f64 {
    let a = x.abs();
    if a <= HYPERBOLIC_LIMIT {
        cosh_fast(&mut Scalar64, x)
    } else if a.is_nan() {
        x
    } else if a > 711.0 {
        f64::INFINITY
    } else {
        half_exp(a)
    }
}

pub fn tanh_f64(x: f64) -> f64 {
    if x.abs() <= HYPERBOLIC_LIMIT {
        tanh_fast(&mut Scalar64, x)
    } else if x.is_nan() {
        x
    } else {
        1f64.copysign(x)
    }
}

pub fn asinh_f64(x: f64) -> f64 {
    let a = x.abs();
    if a <= HUGE {
        asinh_fast(&mut Scalar64, x)
    } else if a.is_nan() || a == f64::INFINITY {
        x
    } else {
        // log(2a) = log a + ln 2 (2a may overflow): ln 2 joins log a before its last rounding.
        super::log_plus_f64(a, std::f64::consts::LN_2).copysign(x)
    }
}

pub fn acosh_f64(x: f64) -> f64 {
    if (1.0..=HUGE).contains(&x) {
        acosh_fast(&mut Scalar64, x)
    } else if x.is_nan() {
        x
    } else if x < 1.0 {
        super::DEFAULT_NAN
    } else if x == f64::INFINITY {
        x
    } else {
        super::log_plus_f64(x, std::f64::consts::LN_2)
    }
}

pub fn atanh_f64(x: f64) -> f64 {
    let a = x.abs();
    if a < 1.0 {
        atanh_fast(&mut Scalar64, x)
    } else if a == 1.0 {
        f64::INFINITY.copysign(x)
    } else if x.is_nan() {
        x
    } else {
        super::DEFAULT_NAN
    }
}
