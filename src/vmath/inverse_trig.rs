//! The inverse trigonometric functions: `arctan` and `arctan2` (one reciprocal, a Chebyshev fit), and
//! `arcsin` and `arccos` (a fit to 1/2, a square root above), with their scalar full functions.

use super::*;

/// The arc tangent: `atan_fast` for finite x, ±pi/2 for ±infinity, NaN for NaN.
#[inline(always)]
pub fn atan<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    if fmt.fast {
        let one = a.f(1.0);
        return atan2(a, fmt, x, one);
    }
    let res = atan_one(a, fmt, x);
    let ax = a.abs(x);
    let inf = a.f(f64::INFINITY);
    let at_inf = a.eq(ax, inf);
    let pi_2 = a.f(fmt.pi_2[0]);
    let pi_2 = copysign(a, fmt, pi_2, x);
    let res = a.select(at_inf, pi_2, res);
    let ordered = a.eq(x, x);
    a.select(ordered, res, x)
}

/// `atan` of finite x at `Precision::High` with one division, where `atan2(x, 1)` takes two (1/den, then
/// the shifted argument's), and division is what bounds this loop at 512 bits.
///
/// With u = |x| split four ways, atan |x| = C + s atan(N / D) with N / D in [-0.27, 0.4]:
/// up to 0.4, N / D = |x| / 1 (C = 0, s = 1); up to 1, (|x| sqrt3 - 1) / (|x| + sqrt3) (C = pi/6, s = 1);
/// below 2.5, (sqrt3 - |x|) / (1 + |x| sqrt3) (C = pi/3, s = -1: 1/|x| is above 0.4 there); beyond, 1 / |x|
/// (C = pi/2, s = -1). N and D are carried as sums of two floats (sqrt3 - |x| and |x| sqrt3 - 1 are exact
/// by Sterbenz, the products' errors by fused multiply-adds), q = N (1 / D) with its error q_lo from the
/// exact remainder N - q D, times the same reciprocal; then atan(q + q_lo) = q + q^3 p(q^2) + q_lo (1 -
/// q^2), and C_hi + s q by TwoSum, one last rounding, x's sign.
#[inline(always)]
pub fn atan_one<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let ax = a.abs(x);
    let (zero, one, m1) = (a.f(0.0), a.f(1.0), a.f(-1.0));
    let (split, far) = (a.f(0.4), a.f(2.5));
    let above_split = a.gt(ax, split);
    let above_one = a.gt(ax, one);
    let (s3, s3lo) = (a.f(fmt.sqrt3[0]), a.f(fmt.sqrt3[1]));
    // |x| sqrt3 and its error, for both middle cases.
    let prod = a.mul(ax, s3);
    let prod_lo = prod_err(a, ax, s3, prod);
    let prod_lo = a.fma(ax, s3lo, prod_lo);
    // (0.4, 1]: N = |x| sqrt3 - 1 (exact: the product lies in [0.69, 1.74]), D = |x| + sqrt3.
    let n_b = a.add(prod, m1);
    let (d_b, d_b_err) = two_sum(a, ax, s3);
    let d_b_lo = a.add(d_b_err, s3lo);
    // (1, 2.5): N = sqrt3 - |x| (exact), D = 1 + |x| sqrt3.
    let n_c = a.sub(s3, ax);
    let (d_c, d_c_err) = fast_two_sum(a, prod, one);
    let d_c_lo = a.add(d_c_err, prod_lo);
    // Each lane's case: [0, 0.4] -> (|x|, 1), (0.4, 1] -> B, (1, 2.5) -> C, [2.5, inf) -> (1, |x|); each
    // select below overrides the one before it, so "above 1" stands for (1, 2.5).
    let n = a.select(above_split, n_b, ax);
    let n_lo = a.select(above_split, prod_lo, zero);
    let d = a.select(above_split, d_b, one);
    let d_lo = a.select(above_split, d_b_lo, zero);
    let n = a.select(above_one, n_c, n);
    let n_lo = a.select(above_one, s3lo, n_lo);
    let d = a.select(above_one, d_c, d);
    let d_lo = a.select(above_one, d_c_lo, d_lo);
    let beyond = a.uge(ax, far);
    let n = a.select(beyond, one, n);
    let n_lo = a.select(beyond, zero, n_lo);
    let d = a.select(beyond, ax, d);
    let d_lo = a.select(beyond, zero, d_lo);
    // q = N / D through the reciprocal, q_lo = (N - q D + N_lo - q D_lo) / D.
    let (q, rem, rd) = quotient(a, (n, n_lo), (d, d_lo));
    let q_lo = a.mul(rem, rd);
    let qq = a.mul(q, q);
    let p = poly(a, qq, fmt.atan);
    let q3 = a.mul(qq, q);
    let slope = a.fma(qq, m1, one);
    let corr = a.mul(q_lo, slope);
    let tail = a.fma(q3, p, corr);
    // C and s by case.
    let (none, pi_6, pi_3, pi_2) = ((zero, zero), pair(a, fmt.pi_6), pair(a, fmt.pi_3), pair(a, fmt.pi_2));
    let c = pick(a, above_split, pi_6, none);
    let c = pick(a, above_one, pi_3, c);
    let (c_hi, c_lo) = pick(a, beyond, pi_2, c);
    let s = a.select(above_one, m1, one);
    let r = shifted(a, (c_hi, c_lo), s, (q, tail));
    copysign(a, fmt, r, x)
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
#[inline(always)]
pub fn atan2<A: Arith>(a: &mut A, fmt: &Format, y: A::F, x: A::F) -> A::F {
    let res = atan2_core(a, fmt, y, x, true);
    atan2_specials(a, fmt, y, x, res)
}

/// `atan2` where x and y are finite and not both zero (the JIT sends other lanes to the full `atan2`):
/// the same bits there, with no special values to select.
#[inline(always)]
pub fn atan2_fast<A: Arith>(a: &mut A, fmt: &Format, y: A::F, x: A::F) -> A::F {
    atan2_core(a, fmt, y, x, false)
}

/// `atan` for finite x (likewise).
#[inline(always)]
pub fn atan_fast<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    if fmt.fast {
        let one = a.f(1.0);
        return atan2_fast(a, fmt, x, one);
    }
    atan_one(a, fmt, x)
}

/// `atan2` but for its special values; with `full`, t's error term is kept finite where den is infinite.
/// At `Precision::Fast`, `atan2_quick`.
#[inline(always)]
pub(super) fn atan2_core<A: Arith>(a: &mut A, fmt: &Format, y: A::F, x: A::F, full: bool) -> A::F {
    if fmt.fast {
        return atan2_quick(a, fmt, y, x);
    }
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
    let (u2, urem, ru) = quotient(a, (unum, unum_lo), (uden, uden_lo));
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
    atan2_octant(a, fmt, y, x, (u, tail), swapped, big)
}

/// `atan2` at `Precision::Fast` for finite x and y, not both zero (the fast lanes): one division, and no
/// carried errors. With num the smaller of |x| and |y| and den the larger, u = num / den, or where num >
/// 0.4 den, u = (num sqrt3 - den) / (num + den sqrt3) (that is, (t sqrt3 - 1) / (t + sqrt3) for t =
/// num / den, the numerator by fused multiply-adds with both parts of sqrt3; num and den are quartered
/// first where den is so large that the denominator would overflow, and scaled up where den is so small
/// that the numerator would lose bits below the normal range); then the octant as in `atan2_core`.
/// Within 2.5 ulps.
#[inline(always)]
fn atan2_quick<A: Arith>(a: &mut A, fmt: &Format, y: A::F, x: A::F) -> A::F {
    let (ax, ay) = (a.abs(x), a.abs(y));
    let swapped = a.gt(ay, ax);
    let num = a.select(swapped, ax, ay);
    let den = a.select(swapped, ay, ax);
    let (huge, quarter, one) = (a.f(((fmt.bias - 2) as f64).exp2()), a.f(0.25), a.f(1.0));
    let large = a.gt(den, huge);
    let scale = a.select(large, quarter, one);
    let tiny = a.f(fmt.min_normal * ((fmt.mant_bits + 2) as f64).exp2());
    let up = a.f(((2 * fmt.mant_bits + 24) as f64).exp2());
    let small = a.lt(den, tiny);
    let scale = a.select(small, up, scale);
    let (num_s, den_s) = (a.mul(num, scale), a.mul(den, scale));
    // The split on the scaled pair, where 0.4 den does not round in the subnormal range.
    let split = a.f(0.4);
    let limit = a.mul(den_s, split);
    let big = a.gt(num_s, limit);
    let (s3, s3lo) = (a.f(fmt.sqrt3[0]), a.f(fmt.sqrt3[1]));
    let m1 = a.f(-1.0);
    let mden = a.mul(den_s, m1);
    let unum = a.fma(num_s, s3, mden);
    let unum = a.fma(num_s, s3lo, unum);
    let uden = a.fma(den_s, s3, num_s);
    let n = a.select(big, unum, num);
    let d = a.select(big, uden, den);
    let u = a.div(n, d);
    let uu = a.mul(u, u);
    let p = poly(a, uu, fmt.atan);
    let u3 = a.mul(uu, u);
    let tail = a.mul(u3, p);
    atan2_octant(a, fmt, y, x, (u, tail), swapped, big)
}

/// C + s (u + tail) with the sign of y: C, a multiple of pi/6 (as two floats), and s = ±1 from the
/// octant (`swapped`: |y| > |x|; `big`: u was shifted by pi/6), C_hi + s u by TwoSum.
#[inline(always)]
fn atan2_octant<A: Arith>(
    a: &mut A,
    fmt: &Format,
    y: A::F,
    x: A::F,
    (u, tail): (A::F, A::F),
    swapped: A::M,
    big: A::M,
) -> A::F {
    let (zero, one, m1) = (a.f(0.0), a.f(1.0), a.f(-1.0));
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
    let r = shifted(a, (c_hi, c_lo), s, (u, tail));
    copysign(a, fmt, r, y)
}

/// C99's values for zeros, infinities and NaN over `atan2_core`'s result.
#[inline(always)]
pub(super) fn atan2_specials<A: Arith>(a: &mut A, fmt: &Format, y: A::F, x: A::F, res: A::F) -> A::F {
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
#[inline(always)]
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
    let r = shifted(a, c, k, (s, tail));
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
