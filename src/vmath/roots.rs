//! The cube root (an exponent split by three, a Chebyshev guess, Newton's steps) and `hypot` (two-float
//! squares, the root corrected by its residual), with their scalar full functions.

use super::*;

/// cbrt m on [1, 2] to 2^-16 (a Chebyshev fit), from the constant term up: `cbrt_fast`'s first guess.
pub(super) const CBRT_GUESS: [f64; 5] =
    [0.5092481335492415, 0.7117423866025924, -0.2939541180848237, 0.08307903547963541, -0.010102212336338642];

/// The cube root of a normal finite x (the JIT sends zeros, subnormals, infinities and NaN to `cbrt`):
/// |x| = 2^(3q + rem) m with rem in {-1, 0, 1} and m in [1, 2); y = 2^rem m; a first guess cbrt(m)
/// cbrt(2^rem) to 2^-16, Newton's steps t + (y - t^3) t / (3y) (one in float64, none in float32), and a
/// last step whose residual y - t^3 is exact (fused multiply-adds), so that only the final addition
/// rounds (at `Precision::Fast`, on a rounded t^3); then 2^q and the sign.
#[inline(always)]
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
    let m1 = a.f(-1.0);
    let t2 = a.mul(t, t);
    let r = if fmt.fast {
        // `Precision::Fast`: the last step on a rounded t^3 (y - t^3 is about 3 2^-16 y, so t^3's rounding
        // moves the step by 2^-9.4 of itself: a third of an ulp).
        let mt = a.mul(t, m1);
        a.fma(t2, mt, y)
    } else {
        // The last step: y - t^3 exactly (t^3 = t3 + t3_err + t2_err t, y - t3 exact by Sterbenz).
        let t2_err = prod_err(a, t, t, t2);
        let t3 = a.mul(t2, t);
        let t3_err = prod_err(a, t2, t, t3);
        let r = a.sub(y, t3);
        let r = a.sub(r, t3_err);
        let mt2_err = a.mul(t2_err, m1);
        a.fma(mt2_err, t, r)
    };
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
#[inline(always)]
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
pub(super) trait Pow2 {
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
