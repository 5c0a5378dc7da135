//! `sin`, `cos` and `tan`: Cody-Waite reduction by pi/2 in three parts, sin r and cos r as two-float
//! pairs, the quadrant picking the result; beyond the format's `trig_limit` the scalar functions call libm.

use super::*;

/// (-1)^k / (2k + 1)!: the sine series, from x's term up.
const SIN_TERMS: [f64; 12] = {
    let mut t = [0.0; 12];
    let mut k = 0;
    while k < 12 {
        t[k] = if k % 2 == 1 { -1.0 } else { 1.0 } / factorial(2 * k as u32 + 1);
        k += 1;
    }
    t
};

/// (-1)^k / (2k)!: the cosine series, from 1 up.
const COS_TERMS: [f64; 12] = {
    let mut t = [0.0; 12];
    let mut k = 0;
    while k < 12 {
        t[k] = if k % 2 == 0 { 1.0 } else { -1.0 } / factorial(2 * k as u32);
        k += 1;
    }
    t
};

/// sin(r) and cos(r) for |r| <= pi/4, and the quadrant q of the reduction x = q pi/2 + r.
#[inline(always)]
pub(super) fn reduce_trig<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> (A::F, A::F, A::I) {
    let p = trig_parts(a, fmt, x, false);
    let sin_r = a.add(p.s_hi, p.s_lo);
    let cos_r = a.add(p.c_hi, p.c_lo);
    (sin_r, cos_r, to_int(a, fmt, p.q))
}

/// sin r = s_hi + s_lo and cos r = c_hi + c_lo unrounded (|r| <= pi/4; the heads are the larger), and the
/// quadrant q (integer-valued) of the reduction x = q pi/2 + r. With `precise` (for `tan`, where the errors
/// of sin r and cos r add up), the heads also take sin's r^3 / 3! and cos's 1 - r^2 / 2 exactly, and both
/// come back as normalized pairs: what is left rounds to about a tenth of an ulp (a third without).
#[inline(always)]
pub(super) fn trig_parts<A: Arith>(a: &mut A, fmt: &Format, x: A::F, precise: bool) -> TrigParts<A::F> {
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
    let cs = &SIN_TERMS[1..=fmt.sin_terms as usize];
    let r3 = a.mul(r2, r);
    let (mhalf, one) = (a.f(-0.5), a.f(1.0));
    let c0 = a.fma(mhalf, r2, one);
    let ec = a.mul(e, c0);
    // r^2 = r2 + r2_err exactly.
    let r2_err = if precise { Some(prod_err(a, r, r, r2)) } else { None };
    let (s_hi, s_lo) = match r2_err {
        None => {
            let ps = poly(a, r2, cs);
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
    let pc = poly(a, r2, &COS_TERMS[2..=fmt.cos_terms as usize]);
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
pub(super) struct TrigParts<F> {
    s_hi: F,
    s_lo: F,
    c_hi: F,
    c_lo: F,
    q: F,
}

/// tan x on the fast path (|x| <= the format's `trig_limit`): sin r / cos r, or -cos r / sin r in odd
/// quadrants, from both as sums of two floats; the quotient from one reciprocal, corrected by its
/// remainder (which takes in the lower parts), rounds once. At `Precision::Fast`: sin r and cos r rounded
/// (as `sin` and `cos` have them) and one division, within 2.5 ulps.
#[inline(always)]
pub fn tan<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let TrigParts { s_hi: sh, s_lo: sl, c_hi: ch, c_lo: cl, q } = trig_parts(a, fmt, x, !fmt.fast);
    let qi = to_int(a, fmt, q);
    let (one, zero) = (a.i(1), a.i(0));
    let odd = a.iand(qi, one);
    let even = a.ieq(odd, zero);
    let m1 = a.f(-1.0);
    let v = if fmt.fast {
        let (s, c) = (a.add(sh, sl), a.add(ch, cl));
        let (n, d) = (a.select(even, s, c), a.select(even, c, s));
        a.div(n, d)
    } else {
        let (nh, nl) = (a.select(even, sh, ch), a.select(even, sl, cl));
        let (dh, dl) = (a.select(even, ch, sh), a.select(even, cl, sl));
        let (t, rem, rd) = quotient(a, (nh, nl), (dh, dl));
        a.fma(rem, rd, t)
    };
    let nv = a.mul(v, m1);
    let v = a.select(even, v, nv);
    // tan(-0) is -0, which the reduction loses.
    let fz = a.f(0.0);
    let is_zero = a.eq(x, fz);
    a.select(is_zero, x, v)
}

/// Flips the sign of `v` where bit 1 of `k` is set.
#[inline(always)]
pub(super) fn negate_where_bit1<A: Arith>(a: &mut A, fmt: &Format, v: A::F, k: A::I) -> A::F {
    let two = a.i(2);
    let b = a.iand(k, two);
    // Bit 1 moved to the sign bit (the width's top bit).
    let sign = a.shl(b, fmt.mant_bits + fmt.exp_mask.count_ones() - 1);
    let bits = a.float_to_bits(v);
    let bits = a.ixor(bits, sign);
    a.bits_to_float(bits)
}

/// sin x on the fast path (|x| <= the format's `trig_limit`).
#[inline(always)]
pub fn sin<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let (s, c, q) = reduce_trig(a, fmt, x);
    pick_sin(a, fmt, x, s, c, q)
}

/// cos x on the fast path (|x| <= the format's `trig_limit`).
#[inline(always)]
pub fn cos<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let (s, c, q) = reduce_trig(a, fmt, x);
    pick_cos(a, fmt, s, c, q)
}

/// sin x and cos x from one argument reduction: the same bits as `sin` and `cos` apart.
#[inline(always)]
pub fn sincos<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> (A::F, A::F) {
    let (s, c, q) = reduce_trig(a, fmt, x);
    let sin = pick_sin(a, fmt, x, s, c, q);
    (sin, pick_cos(a, fmt, s, c, q))
}

/// sin x from sin r, cos r and the quadrant q: sin r, cos r, -sin r, -cos r.
#[inline(always)]
pub(super) fn pick_sin<A: Arith>(a: &mut A, fmt: &Format, x: A::F, s: A::F, c: A::F, q: A::I) -> A::F {
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
#[inline(always)]
pub(super) fn pick_cos<A: Arith>(a: &mut A, fmt: &Format, s: A::F, c: A::F, q: A::I) -> A::F {
    let (one, zero) = (a.i(1), a.i(0));
    let odd = a.iand(q, one);
    let even = a.ieq(odd, zero);
    let v = a.select(even, c, s);
    let q1 = a.iadd(q, one);
    negate_where_bit1(a, fmt, v, q1)
}

/// The scalar functions, leaving for libm beyond the trig limit as the JIT does.
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
