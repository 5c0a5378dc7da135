//! The hyperbolic functions and their inverses, in float64 (float32 arguments are widened and the results
//! rounded once; at `Precision::Fast` float32 stays float32): each over `Arith` on its main range
//! (`*_lanes`, what the JIT emits inline), and as a scalar function that takes the rest (huge arguments,
//! NaN, the edges of the domain) by branches.
//!
//! sinh, cosh and tanh come from the exponential carried to about twice float64's precision (e^a and e^-a
//! as sums of two floats) and round once at the end; beyond |x| = 22, e^-|x| no longer reaches the
//! result's last bit. The float64 inverses carry each argument of the logarithm as a sum of two floats
//! (TwoSum, exact products by fused multiply-adds, a square root's remainder) into `log_plus`/`log1p_plus`,
//! which add the lower part before their one last rounding; float32's need nothing carried on float64
//! lanes, and take plain forms on float32 lanes at `Precision::Fast`. (fdlibm's formulas over the
//! platform's log rounded the argument first: up to 1.6, 1.9 and 1.6 ulps; the platform's sinh, cosh and
//! tanh reached 1.8, 1.6 and 2.2.)

use super::{
    copysign, exp_core, exp_fast, exp_parts_f64, exp_reduce, expm1_fast, expm1_parts, log1p_plus, log_plus, pow2,
    prod_err, to_int, two_sum, Arith, Format, Scalar32, Scalar64, F32, F32_FAST, F64, F64_FAST,
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

/// sinh x = x + x^3 (1/3! + x^2/5! + ...) for |x| < 1, the first `terms` of `SINH_TERMS` (all nine: to
/// x^19/19!): the first two parts, unrounded.
#[inline(always)]
fn sinh_series<A: Arith>(a: &mut A, x: A::F, terms: usize) -> (A::F, A::F) {
    let x2 = a.mul(x, x);
    let mut p = a.f(SINH_TERMS[terms - 1]);
    for &c in SINH_TERMS[..terms].iter().rev().skip(1) {
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
    let (h, t) = sinh_series(a, ax, SINH_TERMS.len());
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
    odd_below(a, &F64, v, x, ax, SINH_TINY)
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
    odd_below(a, &F64, v, x, ax, TANH_TINY)
}

/// Float64 with e^s's series cut at s^8/8!: within 2^-32 relative on |s| <= ln2 / 2, and far closer for
/// small s (the truncation is about s^9/9!), which is what keeps e^x - e^-x and e^2x - 1 accurate where
/// they cancel. For float32 results, rounded from float64 lanes once at the end.
const F64_FOR_F32: Format = Format { exp_terms: 8, ..F64 };

/// Below this, sinh x and tanh x of a float32 x round to x (x^2 / 3 < 2^-41); above it, e^x - e^-x and
/// e^2x - 1 from `F64_FOR_F32` keep 2^-31 relative.
const F32_TINY: f64 = 1.0 / 1048576.0; // 2^-20

/// Which algorithm `sinh`, `cosh` and `tanh` run for operands of format `fmt` (their rows are widened at
/// `Precision::High` only, so the format also says the lanes' width).
enum Hyp {
    /// Float64 at `Precision::High`: the exponential carried in two floats (`*_fast`).
    Full,
    /// Float64 at `Precision::Fast`: the plain exponential, no carried terms (within 2 ulps).
    Plain,
    /// Float32 at `Precision::High`, on float64 lanes: `F64_FOR_F32`'s exponential (within 2^-31
    /// relative, so within 0.51 ulp once rounded to float32); but tanh, on float32 lanes, carried
    /// (`tanh_carried`).
    Short,
    /// Float32 at `Precision::Fast`, on float32 lanes (twice as many): float32's exponential, as `Plain`.
    Native,
}

fn hyp(fmt: &Format) -> Hyp {
    match (fmt.mant_bits == F64.mant_bits, fmt.fast) {
        (true, false) => Hyp::Full,
        (true, true) => Hyp::Plain,
        (false, false) => Hyp::Short,
        (false, true) => Hyp::Native,
    }
}

/// The exponential's format and the lanes' layout for `kind`.
fn exp_format(kind: &Hyp) -> (&'static Format, &'static Format) {
    match kind {
        Hyp::Short => (&F64_FOR_F32, &F64),
        Hyp::Native => (&F32_FAST, &F32),
        Hyp::Plain => (&F64_FAST, &F64),
        Hyp::Full => (&F64, &F64),
    }
}

/// e^|x| and e^-|x| for |x| <= 22: the second by one division (within 1.5 ulps of e^-|x|).
#[inline(always)]
fn exp_pair<A: Arith>(a: &mut A, fmt: &Format, ax: A::F) -> (A::F, A::F) {
    let e = exp_fast(a, fmt, ax);
    let one = a.f(1.0);
    (e, a.div(one, e))
}

/// An odd function's value |v| given the sign of x; at `Short`, x itself below `F32_TINY`.
#[inline(always)]
fn odd_result<A: Arith>(a: &mut A, kind: &Hyp, layout: &Format, v: A::F, x: A::F, ax: A::F) -> A::F {
    if let Hyp::Short = kind {
        odd_below(a, layout, v, x, ax, F32_TINY)
    } else {
        copysign(a, layout, v, x)
    }
}

/// sinh x for |x| <= 22, for operands of format `fmt` (see `Hyp`). At `Plain` and `Native`: the series
/// below 1 (float32: to x^11/11!), else (e^a - e^-a) / 2, whose cancellation is at most 1.16 there.
#[inline(always)]
pub fn sinh_lanes<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let kind = hyp(fmt);
    if let Hyp::Full = kind {
        return sinh_fast(a, x);
    }
    let (efmt, layout) = exp_format(&kind);
    let ax = a.abs(x);
    let (e, r) = exp_pair(a, efmt, ax);
    let d = a.sub(e, r);
    let half = a.f(0.5);
    let v = a.mul(d, half);
    let v = match kind {
        Hyp::Short => v,
        _ => {
            let terms = if let Hyp::Native = kind { 5 } else { SINH_TERMS.len() };
            let (h, t) = sinh_series(a, ax, terms);
            let series = a.add(h, t);
            let one = a.f(1.0);
            let below = a.lt(ax, one);
            a.select(below, series, v)
        }
    };
    odd_result(a, &kind, layout, v, x, ax)
}

/// cosh x for |x| <= 22 (see `sinh_lanes`): (e^a + e^-a) / 2 but at `Full`.
#[inline(always)]
pub fn cosh_lanes<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let kind = hyp(fmt);
    if let Hyp::Full = kind {
        return cosh_fast(a, x);
    }
    let ax = a.abs(x);
    let (e, r) = exp_pair(a, exp_format(&kind).0, ax);
    let s = a.add(e, r);
    let half = a.f(0.5);
    a.mul(s, half)
}

/// Past this 2a, float32's tanh a rounds to 1 (1 - tanh a < 2^-28), and e^2a - 1 stays inside
/// `expm1_fast`'s range.
const TANH_CAP: f64 = 20.0;

/// tanh x for |x| <= 22 (see `sinh_lanes`; tanh's row is native at both precisions, so float32 is on
/// float32 lanes): t / (t + 2) with t = e^2a - 1 on a = |x|, which is the fast `expm1` at `Plain` (within
/// 2.5 ulps in all) and at `Native` (float32's, within 1.4 ulps, 2a capped at `TANH_CAP`: one branch and
/// one division); at `Short` and `Full`, `tanh_carried`.
#[inline(always)]
pub fn tanh_lanes<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let kind = hyp(fmt);
    match kind {
        Hyp::Full => return tanh_carried(a, &F64, x, TANH_TINY),
        Hyp::Short => return tanh_carried(a, &F32, x, F32_INVERSE_TINY),
        Hyp::Plain | Hyp::Native => {}
    }
    let (efmt, layout) = exp_format(&kind);
    let ax = a.abs(x);
    let a2 = a.add(ax, ax);
    let t = if let Hyp::Native = kind {
        let a2 = cap_tanh(a, a2, TANH_CAP);
        expm1_fast(a, efmt, a2)
    } else {
        expm1_fast(a, efmt, a2)
    };
    let two = a.f(2.0);
    let d = a.add(t, two);
    let v = a.div(t, d);
    copysign(a, layout, v, x)
}

/// 2a capped at `cap`.
#[inline(always)]
fn cap_tanh<A: Arith>(a: &mut A, a2: A::F, cap: f64) -> A::F {
    let cap = a.f(cap);
    let below = a.lt(a2, cap);
    a.select(below, a2, cap)
}

/// Float32 tanh x for |x| <= 22 at `Precision::High`, on float32 lanes: t / (t + 2) as at `Native`, but
/// with t = e^2a - 1 as a sum of two floats from `expm1_parts` (within about 2^-29 relative), t + 2 likewise
/// (TwoSum), and the quotient q = t (1 / (t + 2)) corrected by its remainder, so that only the last
/// addition rounds at the result's scale; the error of t shrinks by 2 / (t + 2) in the quotient. Below
/// `F32_INVERSE_TINY`, tanh x rounds to x (x^2 / 3 < 2^-25.5), and there the parts of e^2a - 1 are not
/// yet a normalized pair, so x is taken as it is. One division, as at `Native`, against two float64
/// divisions for the same sixteen lanes on widened lanes.
///
/// Float64 at `High` (`tanh_carried(.., &F64, TANH_TINY)`) is the same, within 2^-58 relative for t and
/// hi > |lo| from 2a = 2^-52 up: one division, where sinh / cosh took two (1 / e^a for e^-a, then the
/// quotient).
#[inline(always)]
fn tanh_carried<A: Arith>(a: &mut A, fmt: &Format, x: A::F, tiny: f64) -> A::F {
    let ax = a.abs(x);
    let a2 = a.add(ax, ax);
    // Float32's tanh is 1 from 9.01, float64's only from 19.06: 2a capped at 40 there, inside the
    // exponential's `expm1_fast_limit` (43.7).
    let cap = if fmt.mant_bits == F64.mant_bits { 40.0 } else { TANH_CAP };
    let a2 = cap_tanh(a, a2, cap);
    let (hi, lo) = expm1_parts(a, fmt, a2);
    // Normalized (hi > lo from 2a = 2^-11 up: lo holds the series' cubic and higher terms), so that the
    // quotient's correction needs no second-order term.
    let t = a.add(hi, lo);
    let back = a.sub(t, hi);
    let t_lo = a.sub(lo, back);
    let (one, two, m1) = (a.f(1.0), a.f(2.0), a.f(-1.0));
    let (d, d_t) = two_sum(a, t, two);
    let d_lo = a.add(d_t, t_lo);
    let inv = a.div(one, d);
    let q = a.mul(t, inv);
    let mq = a.mul(q, m1);
    let rem = a.fma(mq, d, t);
    let rem = a.add(rem, t_lo);
    let mqd = a.mul(mq, d_lo);
    let rem = a.add(rem, mqd);
    let v = a.fma(rem, inv, q);
    odd_below(a, fmt, v, x, ax, tiny)
}

/// Float32 tanh: `tanh_lanes` at float32's format where it applies (|x| <= 22), else float64's full
/// function rounded (+-1, or NaN).
pub fn tanh_f32(x: f32) -> f32 {
    if (x.abs() as f64) <= HYPERBOLIC_LIMIT {
        tanh_lanes(&mut Scalar32, &F32, x)
    } else {
        tanh_f64(x as f64) as f32
    }
}

/// Below this, asinh x and atanh x of a float32 x round to x (x^2 / 3 < 2^-25.5, under half an ulp).
const F32_INVERSE_TINY: f64 = 1.0 / 4096.0; // 2^-12

/// The logarithm's format and the lanes' layout for the inverse functions' plain forms (`Short`, `Native`):
/// float64's fast log on float64 lanes, float32's on float32 lanes.
fn log_format(kind: &Hyp) -> (&'static Format, &'static Format) {
    match kind {
        Hyp::Native => (&F32_FAST, &F32),
        _ => (&F64_FAST, &F64),
    }
}

/// An odd function's value from |v| and x: x itself where |x| is below `tiny`, else |v| with x's sign.
#[inline(always)]
fn odd_below<A: Arith>(a: &mut A, layout: &Format, v: A::F, x: A::F, ax: A::F, tiny: f64) -> A::F {
    let v = copysign(a, layout, v, x);
    let tiny = a.f(tiny);
    let is_tiny = a.lt(ax, tiny);
    a.select(is_tiny, x, v)
}

/// asinh x for |x| <= `ASINH_LIMIT`, for operands of format `fmt` (see `Hyp`; the inverse functions' rows
/// too are widened at `Precision::High` only). Float64 takes `asinh_fast` at both precisions: a form with
/// each step rounded saved 5% and tripled the error (division and square root, which both forms have,
/// bound float64 lanes). Float32 at `High` (`Short`, float64 lanes): log(a + sqrt(a^2 + 1)), each
/// step rounded. At `Fast` (`Native`, float32 lanes): log1p(a + a^2 / (1 + sqrt(1 + a^2))), each step
/// rounded, on a = |x|.
#[inline(always)]
pub fn asinh_lanes<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let kind = hyp(fmt);
    if let Hyp::Full | Hyp::Plain = kind {
        return asinh_fast(a, x);
    }
    let (lfmt, layout) = log_format(&kind);
    let ax = a.abs(x);
    let one = a.f(1.0);
    let p = a.mul(ax, ax);
    let s = a.add(p, one);
    let s = a.sqrt(s);
    if let Hyp::Short = kind {
        // log(a + sqrt(a^2 + 1)) is within 2^-52 absolute, so 2^-40 relative from 2^-12 up; below, asinh
        // of a float32 rounds to x itself.
        let w = a.add(ax, s);
        let v = log_plus(a, lfmt, w, None, false);
        return odd_below(a, layout, v, x, ax, F32_INVERSE_TINY);
    }
    let d = a.add(s, one);
    let q = a.div(p, d);
    let y = a.add(ax, q);
    let v = log1p_plus(a, lfmt, y, None, false);
    odd_below(a, layout, v, x, ax, SINH_TINY)
}

/// acosh x for 1 <= x <= `ASINH_LIMIT` (see `asinh_lanes`), x^2 - 1 rounded once by a fused multiply-add:
/// at `Short` log(x + sqrt(x^2 - 1)), at `Native` log1p(d + sqrt(x^2 - 1)) with d = x - 1 (exact up to 2).
#[inline(always)]
pub fn acosh_lanes<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let kind = hyp(fmt);
    if let Hyp::Full | Hyp::Plain = kind {
        return acosh_fast(a, x);
    }
    let (lfmt, _) = log_format(&kind);
    let m1 = a.f(-1.0);
    let p = a.fma(x, x, m1);
    let s = a.sqrt(p);
    if let Hyp::Short = kind {
        // log(x + sqrt(x^2 - 1)) is within 2^-52 absolute, and acosh of a float32 above 1 is at least 2^-11.
        let w = a.add(x, s);
        return log_plus(a, lfmt, w, None, false);
    }
    let d = a.add(x, m1);
    let y = a.add(d, s);
    log1p_plus(a, lfmt, y, None, false)
}

/// atanh x for |x| < 1 (see `asinh_lanes`), on a = |x|: at `Short` log((1 + a) / (1 - a)) / 2, at
/// `Native` log1p(2a / (1 - a)) / 2 (1 - a is exact from 1/2 up), each step rounded.
#[inline(always)]
pub fn atanh_lanes<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let kind = hyp(fmt);
    if let Hyp::Full | Hyp::Plain = kind {
        return atanh_fast(a, x);
    }
    let (lfmt, layout) = log_format(&kind);
    let ax = a.abs(x);
    let one = a.f(1.0);
    let d = a.sub(one, ax);
    let half = a.f(0.5);
    if let Hyp::Short = kind {
        // log((1 + a) / (1 - a)) / 2: 1 + a and 1 - a are exact in float64 for a float32 a from 2^-29 up,
        // so within 2^-51 absolute, 2^-40 relative from 2^-12 up; below, atanh rounds to x.
        let n = a.add(one, ax);
        let r = a.div(n, d);
        let l = log_plus(a, lfmt, r, None, false);
        let v = a.mul(l, half);
        return odd_below(a, layout, v, x, ax, F32_INVERSE_TINY);
    }
    let a2 = a.add(ax, ax);
    let q = a.div(a2, d);
    let l = log1p_plus(a, lfmt, q, None, false);
    let v = a.mul(l, half);
    odd_below(a, layout, v, x, ax, TANH_TINY)
}

/// Where `asinh_lanes`, `acosh_lanes` and `atanh_lanes` apply, for the JIT's cold-lane tests.
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
        tanh_lanes(&mut Scalar64, &F64, x)
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
