//! The logarithms: `log`, `log2`, `log10` and `log1p` (x = 2^e m with m near 1, an odd series in
//! t = (m - 1)/(m + 1) carried in two floats), their fast parts and scalar full functions.

use super::*;

/// The parts of a logarithm: x = 2^e m with m in [sqrt(1/2), sqrt(2)), and log m = tt + small
/// (tt = 2t, small the rest of the series), all as floats.
/// With `subnormals` false, x must be normal (the JIT's fast path: other lanes go to the full function).
#[inline(always)]
pub(super) fn log_parts<A: Arith>(a: &mut A, fmt: &Format, x: A::F, subnormals: bool) -> (A::F, A::F, A::F) {
    let (ef, t, t_lo) = log_reduce(a, fmt, x, subnormals);
    let t_lo = if fmt.fast { None } else { Some(t_lo) };
    let (tt, small) = log_series(a, fmt, t, t_lo);
    (ef, tt, small)
}

/// log m = tt + small from t (and its lower part t_lo, if carried): tt = 2t, small the rest of the series.
#[inline(always)]
fn log_series<A: Arith>(a: &mut A, fmt: &Format, t: A::F, t_lo: Option<A::F>) -> (A::F, A::F) {
    let t2 = a.mul(t, t);
    let p = poly(a, t2, &INV_ODD[1..=fmt.log_terms as usize]);
    let two = a.f(2.0);
    let tt = a.mul(t, two);
    let tail = a.mul(tt, t2);
    let small = match t_lo {
        Some(t_lo) => {
            let tt_lo = a.mul(t_lo, two);
            a.fma(tail, p, tt_lo)
        }
        None => a.mul(tail, p),
    };
    (tt, small)
}

/// x = 2^e m with m in [sqrt(1/2), sqrt(2)), and t + t_lo = (m - 1) / (m + 1) to about twice the
/// format's precision (log m = 2 atanh t): (e as a float, t, t_lo).
#[inline(always)]
pub(super) fn log_reduce<A: Arith>(a: &mut A, fmt: &Format, x: A::F, subnormals: bool) -> (A::F, A::F, A::F) {
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
    let (mut ef, m, _) = log_split(a, fmt, x1);
    if let Some(adj) = adj {
        ef = a.sub(ef, adj);
    }
    let one = a.f(1.0);
    // log m = 2 atanh(t) = 2t + 2t t^2 (1/3 + t^2/5 + ...), t = (m - 1) / (m + 1).
    let num = a.sub(m, one); // exact (Sterbenz)
    if fmt.fast {
        // `Precision::Fast`: t rounded once, no lower part (what `log_parts` then ignores).
        let den = a.add(m, one);
        let t = a.div(num, den);
        let zero = a.f(0.0);
        return (ef, t, zero);
    }
    // den's rounding error (Fast2Sum: m < 2, so 1's exponent is not below m's), then t's:
    // num - t (den + den_err), so that t + t_lo is (m-1)/(m+1) to about twice the precision.
    let (den, den_err) = fast_two_sum(a, one, m);
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

/// x = 2^e m with m in [sqrt(1/2), sqrt(2)) for normal positive x, by integers: (e as a float, m, and x's
/// bits plus an offset, whose exponent field is e's and whose mantissa field is m's less the smallest m's).
#[inline(always)]
fn log_split<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> (A::F, A::F, A::I) {
    let bits = a.float_to_bits(x);
    let l = fmt.log_split_bits();
    let d = a.i((fmt.bias << fmt.mant_bits) - l);
    let ix = a.iadd(bits, d);
    let k = a.ushr(ix, fmt.mant_bits);
    // e = k - bias as a float: k in the low bits of magic, less magic + bias (exact).
    let magic = a.i(fmt.magic_bits);
    let kb = a.iadd(k, magic);
    let kf = a.bits_to_float(kb);
    let off = a.f(fmt.magic + fmt.bias as f64);
    let ef = a.sub(kf, off);
    let mant = a.i((1i64 << fmt.mant_bits) - 1);
    let mb = a.iand(ix, mant);
    let lb = a.i(l);
    let mb = a.iadd(mb, lb);
    (ef, a.bits_to_float(mb), ix)
}

/// A logarithm's special values: -inf at 0, inf at inf, NaN below 0 (and NaN stays NaN).
#[inline(always)]
pub(super) fn log_specials<A: Arith>(a: &mut A, x: A::F, r: A::F) -> A::F {
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
#[inline(always)]
pub fn log<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let r = log_plus(a, fmt, x, None, true);
    log_specials(a, x, r)
}

/// `log`, `log2` or `log10` for normal positive finite x (`fast`), where they give the same bits with no
/// subnormal scaling and no special values to select.
#[inline(always)]
pub fn log_fast<A: Arith>(a: &mut A, fmt: &Format, base: u32, x: A::F) -> A::F {
    match base {
        2 => log2_body(a, fmt, x, false),
        10 => log10_body(a, fmt, x, false),
        _ => log_plus(a, fmt, x, None, false),
    }
}

/// log x (plus a small `extra`, added before the last rounding) for positive finite x.
#[inline(always)]
pub(super) fn log_plus<A: Arith>(a: &mut A, fmt: &Format, x: A::F, extra: Option<A::F>, subnormals: bool) -> A::F {
    let (ef, tt, small) = log_parts(a, fmt, x, subnormals);
    log_sum(a, fmt, ef, tt, small, extra)
}

/// e ln 2 + tt + small (+ extra), rounded once at the end.
#[inline(always)]
fn log_sum<A: Arith>(a: &mut A, fmt: &Format, ef: A::F, tt: A::F, small: A::F, extra: Option<A::F>) -> A::F {
    let (hi, lo) = (a.f(fmt.ln2_hi), a.f(fmt.ln2_lo));
    let small = a.fma(ef, lo, small);
    let small = add_opt(a, small, extra);
    let body = a.add(tt, small);
    a.fma(ef, hi, body)
}

/// log(m) k for k = k[0] + k[1], with one rounding at the end: tt k0 + (tt k1 + small k0).
#[inline(always)]
pub(super) fn scaled_log_m<A: Arith>(a: &mut A, tt: A::F, small: A::F, k: [f64; 2]) -> A::F {
    let (k0, k1) = (a.f(k[0]), a.f(k[1]));
    let s = a.mul(small, k0);
    let lo = a.fma(tt, k1, s);
    a.fma(tt, k0, lo)
}

/// The base-2 logarithm: e + log(m) log2(e).
#[inline(always)]
pub fn log2<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let r = log2_body(a, fmt, x, true);
    log_specials(a, x, r)
}

#[inline(always)]
pub(super) fn log2_body<A: Arith>(a: &mut A, fmt: &Format, x: A::F, subnormals: bool) -> A::F {
    let (ef, tt, small) = log_parts(a, fmt, x, subnormals);
    let l = scaled_log_m(a, tt, small, fmt.log2_e);
    a.add(ef, l)
}

/// The base-10 logarithm: e log10(2) + log(m) log10(e).
#[inline(always)]
pub fn log10<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let r = log10_body(a, fmt, x, true);
    log_specials(a, x, r)
}

#[inline(always)]
pub(super) fn log10_body<A: Arith>(a: &mut A, fmt: &Format, x: A::F, subnormals: bool) -> A::F {
    let (ef, tt, small) = log_parts(a, fmt, x, subnormals);
    let l = scaled_log_m(a, tt, small, fmt.log10_e);
    let (hi, lo) = (a.f(fmt.log10_2_hi), a.f(fmt.log10_2_lo));
    let body = a.fma(ef, lo, l);
    a.fma(ef, hi, body)
}

/// log(1 + x), accurate for small x: log(u) for u = 1 + x, corrected by the rounding of that sum,
/// (x - (u - 1)) / u.
#[inline(always)]
pub fn log1p<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    log1p_plus(a, fmt, x, None, true)
}

/// `log1p` for finite x > -1 (1 + x is then normal and finite): the same bits, with no subnormal scaling
/// and no special values to select.
#[inline(always)]
pub fn log1p_fast<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    log1p_plus(a, fmt, x, None, false)
}

/// log(1 + x + extra) for a small `extra` (a lower part of the argument), rounded once; with `full` false,
/// only for finite x > -1 (at `Precision::Fast` with no `extra`, `log1p_quick`: below its limit too).
#[inline(always)]
pub(super) fn log1p_plus<A: Arith>(a: &mut A, fmt: &Format, x: A::F, extra: Option<A::F>, full: bool) -> A::F {
    if fmt.fast && extra.is_none() && !full {
        return log1p_quick(a, fmt, x);
    }
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

/// Where `log1p_quick` applies: -1 < x below this (2^e + 1 and x + 2^e + 1 then stay finite).
pub fn log1p_quick_limit(fmt: &Format) -> f64 {
    2f64.powi(fmt.bias as i32 - 2)
}

/// log(1 + x) at `Precision::Fast`, for -1 < x < `log1p_quick_limit`, from one division and no correction:
/// with 1 + x = 2^e m as `log_reduce` splits the rounded sum, t = (m - 1) / (m + 1) is taken from x itself
/// as (x - (2^e - 1)) / (x + (2^e + 1)), whose numerator is exact at e = 0 (x) and, by Sterbenz, at e = 1
/// from x = 1/2 and at e = -1; then log1p x = e ln 2 + 2t + 2t^3 / 3 + ..., as `log_plus` sums it (`log_series`, `log_sum`).
#[inline(always)]
fn log1p_quick<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::F {
    let one = a.f(1.0);
    let u = a.add(x, one);
    let (ef, _, ix) = log_split(a, fmt, u);
    let exp = a.i(!((1i64 << fmt.mant_bits) - 1));
    let sb = a.iand(ix, exp);
    let s = a.bits_to_float(sb); // 2^e
    let below = a.sub(s, one);
    let above = a.add(s, one);
    let num = a.sub(x, below);
    let den = a.add(x, above);
    let t = a.div(num, den);
    let (tt, small) = log_series(a, fmt, t, None);
    let r = log_sum(a, fmt, ef, tt, small, None);
    // log1p(-0) = -0 (the sum loses the sign).
    let zero = a.f(0.0);
    let is_zero = a.eq(x, zero);
    a.select(is_zero, x, r)
}

pub fn log_f64(x: f64) -> f64 {
    log(&mut Scalar64, &F64, x)
}

pub fn log2_f64(x: f64) -> f64 {
    log2(&mut Scalar64, &F64, x)
}

pub fn log10_f64(x: f64) -> f64 {
    log10(&mut Scalar64, &F64, x)
}

pub fn log2_f32(x: f32) -> f32 {
    log2(&mut Scalar32, &F32, x)
}

pub fn log10_f32(x: f32) -> f32 {
    log10(&mut Scalar32, &F32, x)
}

/// log x + extra for positive finite x and |extra| < 1, rounded once (the inverse hyperbolic functions in
/// `ops` pass an argument's lower part as extra = lo / x).
pub fn log_plus_f64(x: f64, extra: f64) -> f64 {
    log_plus(&mut Scalar64, &F64, x, Some(extra), true)
}

pub fn log1p_f64(x: f64) -> f64 {
    log1p(&mut Scalar64, &F64, x)
}

pub fn log1p_f32(x: f32) -> f32 {
    log1p(&mut Scalar32, &F32, x)
}

pub fn log_f32(x: f32) -> f32 {
    log(&mut Scalar32, &F32, x)
}
