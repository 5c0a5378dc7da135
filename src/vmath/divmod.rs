//! `fmod` and float `//` and `%`, exact for quotients below 2^51 (float32 2^22): the quotient by
//! truncation, the remainder by a fused multiply-add.

use super::*;

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
#[inline(always)]
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
#[inline(always)]
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
