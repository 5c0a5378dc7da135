//! `power` for floats: x^y = e^(y log x), on the operands' lanes: float64, and float32 with every step
//! carried as float64's at `Precision::High` (`POW_F32_CARRIED`: 0.599 ulp in the audit), plain at
//! `Precision::Fast` (`POW_F32`: 1.37). (Float32 at `High` used to widen to float64 lanes with shorter
//! series: the carried float32 lanes are 1.4-1.5x faster at every width, sixteen lanes to a 512-bit
//! vector instead of eight.)
//!
//! An error of e in y log x is a relative error of e in the result, and y log x reaches 709 (float32: 89):
//! log x must carry about 66 bits (float32: 31). `pow_log` gives it as a sum of two floats (t's division
//! carried by its remainder, t^3 and 2/3 split exactly, the rest of the series in plain arithmetic, e log 2
//! with a high part short enough to make e's product exact) and multiplies by y with the product's error
//! kept. `pow_exp_fast` takes e^(p + p_lo) for a normal result: x = q ln2 + s by Cody-Waite, e^s from
//! `exp_split` (1 + s + s^2/2 + s^3 P(s) with the first three parts exact), so that one rounding, the last,
//! dominates; 2^q goes into the exponent field. Everything else (signs, zeros, infinities, NaN, results
//! that overflow or fall below the normal range) is the scalar `pow_f64`'s (float32: `pow_f32`'s), which
//! the JIT calls for those lanes.

use super::{
    exp_core, exp_split, fast_two_sum, log_reduce, poly, prod_err, to_int, two_sum, Arith, Format, Scalar32, Scalar64,
    F32, F64, INV_ODD,
};

/// 2 / (2k + 1), for pow's log series.
const TWO_OVER_ODD: [f64; 16] = {
    let mut t = [0.0; 16];
    let mut k = 0;
    while k < 16 {
        t[k] = 2.0 / (2 * k + 1) as f64;
        k += 1;
    }
    t
};

/// What `pow_log` and `pow_exp_fast` need of a format (float64 or float32; the precision flag does not
/// matter to them).
struct PowFormat {
    /// The lanes' format, for the reduction and the exponential's series.
    fmt: &'static Format,
    /// ln 2 with a high part short enough that e ln2[0] and q ln2[0] are exact for every exponent.
    ln2: [f64; 2],
    /// 2/3 as a sum of two floats.
    two_thirds: [f64; 2],
    /// The last k of log's series 2 t^(2k+1) / (2k + 1) taken.
    terms: usize,
    /// Whether log's series after 2t is one rounded product with its rounding errors carried to first
    /// order, and e^s's square is rounded plainly, rather than each split exactly (float32, where y log x
    /// needs 31 bits: what is left is below 2^-31 of log x and 2^-28 of e^s).
    plain: bool,
}

/// Float64: ln 2 with a 42-bit high part (q ln2[0] exact for |q| < 2^11); the series to t^25 (log's own
/// stops at t^21: 2^-62 relative at |t| = 0.17, short of what pow needs).
const POW_F64: PowFormat = PowFormat {
    fmt: &F64,
    ln2: [0.6931471805598903, 5.497923018708371e-14],
    two_thirds: [0.6666666666666666, 3.700743415417188e-17],
    terms: 12,
    plain: false,
};

/// Float32 at `Precision::Fast`: ln 2 with a 16-bit high part (exact products for |q| < 2^8); the
/// series to t^11 (2^-34 of log x), e^s's to s^7 (2^-27.6).
const POW_F32: PowFormat = PowFormat {
    fmt: &F32_POW,
    ln2: F32.ln2_cw,
    two_thirds: [0.6666666865348816, -1.9868215517249155e-8],
    terms: 5,
    plain: true,
};

const F32_POW: Format = Format { exp_terms: 7, ..F32 };

/// Float32 at `Precision::High`: `POW_F32` with every step carried as float64's is (log x to about 2^-40
/// relative as a sum of two float32s; e^s's first three parts exact), for the result's one last rounding.
const POW_F32_CARRIED: PowFormat = PowFormat { plain: false, ..POW_F32 };

fn pow_format(fmt: &Format) -> &'static PowFormat {
    if fmt.mant_bits == F64.mant_bits {
        &POW_F64
    } else if fmt.fast {
        &POW_F32
    } else {
        &POW_F32_CARRIED
    }
}

/// Below this magnitude of y log x, `pow_exp_fast` applies (for lanes of format `fmt`): the result is
/// normal with |q| <= bias - 3.
pub fn pow_fast_limit(fmt: &Format) -> f64 {
    super::exp_fast_limit(pow_format(fmt).fmt)
}

/// y log x as p + p_lo, on lanes of format `fmt` (x positive finite, and normal unless `subnormals`; y
/// finite).
#[inline(always)]
pub fn pow_log<A: Arith>(a: &mut A, fmt: &Format, x: A::F, y: A::F, subnormals: bool) -> (A::F, A::F) {
    let (lh, ll) = log_dd(a, pow_format(fmt), x, subnormals);
    let p = a.mul(y, lh);
    let p_err = prod_err(a, y, lh, p);
    let p_lo = a.fma(y, ll, p_err);
    (p, p_lo)
}

/// log x as a sum of two floats, to about 2^-66 relative (float32: 2^-31).
#[inline(always)]
fn log_dd<A: Arith>(a: &mut A, pf: &PowFormat, x: A::F, subnormals: bool) -> (A::F, A::F) {
    let (ef, t, t_lo) = log_reduce(a, pf.fmt, x, subnormals);
    let two = a.f(2.0);
    let tt = a.mul(t, two);
    let tt_lo = a.mul(t_lo, two);
    let t2 = a.mul(t, t);
    // t_lo moves log m by 2 t_lo / (1 - t^2), here 2 t_lo (1 + t^2).
    let lo = a.fma(tt_lo, t2, tt_lo);
    let (lh, ll) = (a.f(pf.ln2[0]), a.f(pf.ln2[1]));
    let e_hi = a.mul(ef, lh);
    let e_lo = a.mul(ef, ll);
    // |e_hi| >= ln2 > |tt| unless e = 0, and then s1 = tt: Fast2Sum's order holds, so it gives TwoSum's
    // results with half the operations (and so below: |q3| < |tt| / 30, and |s1| > ln2 / 2 unless e = 0).
    let (s1, err1) = fast_two_sum(a, e_hi, tt);
    if pf.plain {
        // log m = 2t + 2t^3 (1/3 + t^2/5 + ...) = tt + tt t^2 P(t^2), the second part rounded.
        // That part, q, goes into the high part (Fast2Sum) with its rounding error into the low one, which
        // stays tiny, and 1/3's own rounding error (pf.two_thirds[1] / 2) is taken apart.
        let p = poly(a, t2, &INV_ODD[1..=pf.terms]);
        let tail = a.mul(tt, t2);
        let q = a.mul(tail, p);
        let q_err = prod_err(a, tail, p, q);
        let (s2, err2) = fast_two_sum(a, s1, q);
        let c_lo = a.f(pf.two_thirds[1] * 0.5);
        let small = a.add(e_lo, err1);
        let small = a.fma(tail, c_lo, small);
        // tail's own error, from t^2 and the product (exact): to first order, times 1/3.
        let t2_err = prod_err(a, t, t, t2);
        let tail_err = prod_err(a, tt, t2, tail);
        let tail_err = a.fma(tt, t2_err, tail_err);
        let small = a.fma(tail_err, p, small);
        let lo = a.add(lo, q_err);
        let lo = a.add(lo, err2);
        let lo = a.add(lo, small);
        return fast_two_sum(a, s2, lo);
    }
    // log m = 2t + 2t^3/3 + 2t^5 (1/5 + t^2/7 + ...): the first two parts exact up to tiny errors.
    let t2_err = prod_err(a, t, t, t2);
    let t3 = a.mul(t2, t);
    let t3_err = prod_err(a, t2, t, t3);
    let t3_lo = a.fma(t2_err, t, t3_err);
    let (c, c_lo) = (a.f(pf.two_thirds[0]), a.f(pf.two_thirds[1]));
    let q3 = a.mul(t3, c);
    let q3_err = prod_err(a, t3, c, q3);
    let q3_lo = a.fma(t3_lo, c, q3_err);
    let q3_lo = a.fma(t3, c_lo, q3_lo);
    let p = poly(a, t2, &TWO_OVER_ODD[2..=pf.terms]);
    let t5 = a.mul(t3, t2);
    let rest = a.mul(t5, p);
    let lo = a.add(lo, q3_lo);
    let lo = a.add(lo, rest);
    let (s2, err2) = fast_two_sum(a, s1, q3);
    let lo = a.add(lo, e_lo);
    let lo = a.add(lo, err1);
    let lo = a.add(lo, err2);
    fast_two_sum(a, s2, lo)
}

/// e^(p + p_lo) = 2^q v with v in about [0.7, 1.5], v rounded once: (v, q).
#[inline(always)]
fn pow_exp_parts<A: Arith>(a: &mut A, pf: &PowFormat, p: A::F, p_lo: A::F) -> (A::F, A::F) {
    let inv = a.f(std::f64::consts::LOG2_E);
    let t = a.mul(p, inv);
    let q = a.rint(t);
    let (lh, ll) = (a.f(-pf.ln2[0]), a.f(-pf.ln2[1]));
    let s = a.fma(q, lh, p);
    let s_lo = a.fma(q, ll, p_lo);
    if pf.plain {
        // e^s (1 + s_lo), s_lo first moved into s but for its rounding error (Fast2Sum: where |s| <
        // |s_lo| < 2^-12, its error is below 2^-36), 1 + s still carried (`exp_core`).
        let (s, s_lo) = fast_two_sum(a, s, s_lo);
        let (hi, tail) = exp_core(a, pf.fmt, s);
        let corr = a.fma(s_lo, s, s_lo);
        let tail = a.add(tail, corr);
        return (a.add(hi, tail), q);
    }
    let (s, s_lo) = two_sum(a, s, s_lo);
    let (h, sq, rest) = exp_split(a, pf.fmt, s, s_lo);
    let (v1, v1_err) = fast_two_sum(a, h, sq);
    let small = a.add(v1_err, rest);
    (a.add(v1, small), q)
}

/// e^(p + p_lo) for |p| < `pow_fast_limit` (a normal result: 2^q goes into the exponent field), on
/// lanes of format `fmt`.
#[inline(always)]
pub fn pow_exp_fast<A: Arith>(a: &mut A, fmt: &Format, p: A::F, p_lo: A::F) -> A::F {
    let pf = pow_format(fmt);
    let fmt = pf.fmt;
    let (v, q) = pow_exp_parts(a, pf, p, p_lo);
    let qi = to_int(a, fmt, q);
    let shifted = a.shl(qi, fmt.mant_bits);
    let bits = a.float_to_bits(v);
    let bits = a.iadd(bits, shifted);
    a.bits_to_float(bits)
}

/// |x|^y for positive finite x and finite y: `pow_exp_fast` where it applies, else 2^q v scaled in two
/// steps (overflowing to infinity, or rounding once into the subnormal range).
fn pow_positive(x: f64, y: f64) -> f64 {
    let (p, p_lo) = pow_log(&mut Scalar64, &F64, x, y, true);
    if x >= f64::MIN_POSITIVE && p.abs() < pow_fast_limit(&F64) {
        return pow_exp_fast(&mut Scalar64, &F64, p, p_lo);
    }
    // (Far past overflow and underflow; within, 2^q fits two normal steps.)
    if p > 1400.0 {
        return f64::INFINITY;
    }
    if p < -1400.0 {
        return 0.0;
    }
    let (v, q) = pow_exp_parts(&mut Scalar64, &POW_F64, p, p_lo);
    let q = q as i32;
    let (h, rest) = (q / 2, q - q / 2);
    let p2 = |k: i32| f64::from_bits(((k + 1023) as u64) << 52);
    v * p2(h) * p2(rest)
}

/// x^y as C99's pow (and NumPy's `power` for floats): 1 for y = 0 or x = 1 (even with NaN); NaN for a NaN
/// otherwise, and for negative x with a non-integer y; a negative result for negative x and odd integer
/// y; zeros and infinities by the table of Annex F.
pub fn pow_f64(x: f64, y: f64) -> f64 {
    if y == 0.0 || x == 1.0 {
        return 1.0;
    }
    if x.is_nan() || y.is_nan() {
        return x + y;
    }
    let ax = x.abs();
    if y.is_infinite() {
        return if ax == 1.0 {
            1.0
        } else if (ax > 1.0) == (y > 0.0) {
            f64::INFINITY
        } else {
            0.0
        };
    }
    let y_int = y == y.trunc();
    let y_odd = y_int && y.abs() < 9007199254740992.0 && y % 2.0 != 0.0;
    let negate = x.is_sign_negative() && y_odd;
    let r = if x == 0.0 || ax.is_infinite() {
        // |x|^y is 0 or infinity.
        if (x == 0.0) == (y < 0.0) {
            f64::INFINITY
        } else {
            0.0
        }
    } else if x < 0.0 && !y_int {
        return super::DEFAULT_NAN;
    } else {
        pow_positive(ax, y)
    };
    if negate {
        -r
    } else {
        r
    }
}

/// float32's x^y: the float32 lanes' carried algorithm (`POW_F32_CARRIED`) where x is a normal positive
/// finite number, y finite and |y log x| below `pow_fast_limit`, which is what the JIT's lanes compute at
/// `Precision::High`; else float64's `pow` rounded once.
pub fn pow_f32(x: f32, y: f32) -> f32 {
    if (f32::MIN_POSITIVE..f32::INFINITY).contains(&x) && y.abs() < f32::INFINITY {
        let (p, p_lo) = pow_log(&mut Scalar32, &F32, x, y, false);
        if p.abs() < pow_fast_limit(&F32) as f32 {
            return pow_exp_fast(&mut Scalar32, &F32, p, p_lo);
        }
    }
    pow_f64(x as f64, y as f64) as f32
}
