//! The float functions of complex numbers, written over their parts as glibc computes them (NumPy's
//! complex loops call the C library's `cexp`, `clog`, `csqrt`, ...): the same formulas, scalings and
//! special values (C99 Annex G), each branch computed for every element and the right one selected. The
//! real functions they call are numjit's own (`vmath`), so the last bits may differ from the C library's;
//! the special values do not.

use super::Checker;
use crate::dtype::DType;
use crate::ir::NodeId;
use crate::ops::{BinOp, UnOp};
use crate::vmath::{MathFn, MathFn2};

/// A complex value's parts.
pub(super) type Pair = (NodeId, NodeId);

/// Whether each part of a complex argument is infinite, NaN or finite (bool nodes).
struct Classes {
    x_inf: NodeId,
    y_inf: NodeId,
    x_nan: NodeId,
    y_nan: NodeId,
    x_fin: NodeId,
    y_fin: NodeId,
}

/// The constants of a float dtype the algorithms need.
struct Limits {
    /// The largest finite value.
    max: f64,
    /// `(MAX_EXP - 1) * ln 2` truncated: beyond it `exp` overflows (709 for float64, 88 for float32).
    exp_limit: f64,
}

fn limits(part: DType) -> Limits {
    match part {
        DType::F32 => Limits { max: f32::MAX as f64, exp_limit: 88.0 },
        _ => Limits { max: f64::MAX, exp_limit: 709.0 },
    }
}

impl Checker<'_> {
    /// `v` with the sign of `s`, but unchanged where `s` is NaN: the sign of a NaN is not part of the
    /// semantics (the back ends may differ in it), so no special value takes its sign from one (Annex G
    /// leaves those signs unspecified).
    fn signed_as(&mut self, v: NodeId, s: NodeId) -> NodeId {
        let signed = self.bin(BinOp::CopySign, v, s);
        let nan = self.un(UnOp::IsNan, s);
        self.sel(nan, v, signed)
    }

    pub(super) fn bin(&mut self, op: BinOp, a: NodeId, b: NodeId) -> NodeId {
        self.b.binary(op, a, b)
    }

    fn un(&mut self, op: UnOp, a: NodeId) -> NodeId {
        self.b.unary(op, a)
    }

    fn math(&mut self, f: MathFn, a: NodeId) -> NodeId {
        self.b.unary(UnOp::Math(f), a)
    }

    fn sel(&mut self, c: NodeId, x: NodeId, y: NodeId) -> NodeId {
        self.b.where_(c, x, y)
    }

    /// A float function of a complex number, where one is written (`None` where not).
    pub(super) fn complex_function(&mut self, op: UnOp, x: Pair) -> Option<Pair> {
        let part = self.b.dtype(x.0);
        Some(match op {
            UnOp::Sqrt => self.csqrt(x),
            UnOp::Math(MathFn::Exp) => self.cexp(x),
            UnOp::Math(MathFn::Exp2) => {
                // NumPy: exp(z ln 2), each part times ln 2.
                let ln2 = self.float(std::f64::consts::LN_2, part);
                let (re, im) = (self.bin(BinOp::Mul, x.0, ln2), self.bin(BinOp::Mul, x.1, ln2));
                self.cexp((re, im))
            }
            UnOp::Math(MathFn::Log) => self.clog(x),
            UnOp::Math(f @ (MathFn::Log2 | MathFn::Log10)) => {
                // NumPy: the natural logarithm times log2(e) or log10(e).
                let (re, im) = self.clog(x);
                let scale = if f == MathFn::Log2 { std::f64::consts::LOG2_E } else { std::f64::consts::LOG10_E };
                let s = self.float(scale, part);
                (self.bin(BinOp::Mul, re, s), self.bin(BinOp::Mul, im, s))
            }
            UnOp::Math(MathFn::Expm1) => self.cexpm1(x),
            UnOp::Math(MathFn::Log1p) => self.clog1p(x),
            UnOp::Math(MathFn::Sinh) => self.csinh(x),
            UnOp::Math(MathFn::Cosh) => self.ccosh(x),
            UnOp::Math(MathFn::Tanh) => self.ctanh(x),
            // sin(z) = -i sinh(iz), cos(z) = cosh(iz), tan(z) = -i tanh(iz) (Annex G's definitions).
            UnOp::Math(f @ (MathFn::Sin | MathFn::Tan)) => {
                let iz = (self.un(UnOp::Neg, x.1), x.0);
                let (a, b) = if f == MathFn::Sin { self.csinh(iz) } else { self.ctanh(iz) };
                let mut im = self.un(UnOp::Neg, a);
                if f == MathFn::Sin {
                    // Where the sign is unspecified, the C library's `csin` gives sin(x ± i inf) for a
                    // real part not finite as NaN + i inf.
                    let x_finite = self.un(UnOp::IsFinite, x.0);
                    let x_bad = self.un(UnOp::Not, x_finite);
                    let y_inf = self.un(UnOp::IsInf, x.1);
                    let both = self.bin(BinOp::And, x_bad, y_inf);
                    let inf = self.float(f64::INFINITY, part);
                    im = self.sel(both, inf, im);
                }
                (b, im)
            }
            UnOp::Math(MathFn::Cos) => {
                let iz = (self.un(UnOp::Neg, x.1), x.0);
                self.ccosh(iz)
            }
            UnOp::Math(MathFn::Arcsinh) => self.casinh(x),
            UnOp::Math(MathFn::Arctanh) => self.catanh(x),
            // arcsin(z) = -i arcsinh(iz), arctan(z) = -i arctanh(iz) (Annex G's definitions).
            UnOp::Math(f @ (MathFn::Arcsin | MathFn::Arctan)) => {
                let iz = (self.un(UnOp::Neg, x.1), x.0);
                let (a, b) = if f == MathFn::Arcsin { self.casinh(iz) } else { self.catanh(iz) };
                let im = self.un(UnOp::Neg, a);
                // Where Annex G leaves the sign unspecified, the C library's for an infinite real part
                // and a (positive) NaN imaginary one: arcsin NaN + i inf, arctan ±pi/2 + 0i.
                let x_inf = self.un(UnOp::IsInf, x.0);
                let y_nan = self.un(UnOp::IsNan, x.1);
                let both = self.bin(BinOp::And, x_inf, y_nan);
                let v = self.float(if f == MathFn::Arcsin { f64::INFINITY } else { 0.0 }, part);
                (b, self.sel(both, v, im))
            }
            UnOp::Math(MathFn::Arccos) => self.cacos(x),
            UnOp::Math(MathFn::Arccosh) => self.cacosh(x),
            _ => return None,
        })
    }

    /// sqrt(1 - z) and sqrt(1 + z), the roots Kahan's inverse functions are built from (with 1 - z's
    /// imaginary part the negated one, so the branch cuts keep the sign of zero).
    fn roots_one_minus_plus(&mut self, (x, y): Pair) -> (Pair, Pair) {
        let part = self.b.dtype(x);
        let one = self.float(1.0, part);
        let omx = self.bin(BinOp::Sub, one, x);
        let ny = self.un(UnOp::Neg, y);
        let opx = self.bin(BinOp::Add, one, x);
        (self.csqrt((omx, ny)), self.csqrt((opx, y)))
    }

    /// For |z| beyond `huge_limit`, where arcsinh(z) and arccosh(z) are log(2z) to within their last
    /// bits: log|z| + ln 2 (from `clog`, scaled) and whether |z| is that large.
    fn log_2z(&mut self, (x, y): Pair) -> (NodeId, NodeId) {
        let part = self.b.dtype(x);
        let (ax, ay) = (self.un(UnOp::Abs, x), self.un(UnOp::Abs, y));
        let h = self.bin(BinOp::Max, ax, ay);
        // The next term is 1/(4z^2): below half an ulp of the result from 2^28 (float32: 2^13).
        let limit = self.float(if part == DType::F32 { 2f64.powi(13) } else { 2f64.powi(28) }, part);
        let huge = self.bin(BinOp::Gt, h, limit);
        let (l, _) = self.clog((x, y));
        let ln2 = self.float(std::f64::consts::LN_2, part);
        (self.bin(BinOp::Add, l, ln2), huge)
    }

    /// The classes of a complex argument's parts the special values of the inverse functions depend on.
    fn classes(&mut self, (x, y): Pair) -> Classes {
        let (x_inf, y_inf) = (self.un(UnOp::IsInf, x), self.un(UnOp::IsInf, y));
        let (x_nan, y_nan) = (self.un(UnOp::IsNan, x), self.un(UnOp::IsNan, y));
        let (x_fin, y_fin) = (self.un(UnOp::IsFinite, x), self.un(UnOp::IsFinite, y));
        Classes { x_inf, y_inf, x_nan, y_nan, x_fin, y_fin }
    }

    /// `arcsinh(z)`, Kahan's formula through arcsin (arcsinh(z) = -i arcsin(iz)): for arcsin(x + iy),
    /// with s1 = sqrt(1 - z), s2 = sqrt(1 + z): atan2(x, Re(s1 s2)) + i asinh(Im(conj(s1) s2)), no
    /// cancellation and no overflow; Annex G's special values (an odd function, symmetric under
    /// conjugation).
    fn casinh(&mut self, (x, y): Pair) -> Pair {
        let part = self.b.dtype(x);
        // arcsin(iz), iz = -y + ix.
        let (u, v) = (self.un(UnOp::Neg, y), x);
        let ((s1r, s1i), (s2r, s2i)) = self.roots_one_minus_plus((u, v));
        let p = self.bin(BinOp::Mul, s1r, s2r);
        let q = self.bin(BinOp::Mul, s1i, s2i);
        let den = self.bin(BinOp::Sub, p, q);
        let a = self.b.binary(BinOp::Math(MathFn2::Arctan2), u, den);
        let p = self.bin(BinOp::Mul, s1r, s2i);
        let q = self.bin(BinOp::Mul, s1i, s2r);
        let d = self.bin(BinOp::Sub, p, q);
        let b = self.math(MathFn::Arcsinh, d);
        // arcsinh(z) = -i (a + ib) = b - ia; its real part has the sign of x and its imaginary part that
        // of y (zeros included).
        let minus_a = self.un(UnOp::Neg, a);
        // Huge |z|: log(2|z|) + i angle(|x| + i|y|), before the signs (Kahan's products would overflow).
        let (l2z, huge) = self.log_2z((x, y));
        let (ax, ay) = (self.un(UnOp::Abs, x), self.un(UnOp::Abs, y));
        let angle = self.b.binary(BinOp::Math(MathFn2::Arctan2), ay, ax);
        let b = self.sel(huge, l2z, b);
        let minus_a = self.sel(huge, angle, minus_a);
        let (mut re, mut im) = (self.bin(BinOp::CopySign, b, x), self.bin(BinOp::CopySign, minus_a, y));
        // Special values, for |x| + i|y|, signed back as x and y.
        let c = self.classes((x, y));
        let (inf, nan, zero) = (self.float(f64::INFINITY, part), self.float(f64::NAN, part), self.float(0.0, part));
        let (pi2, pi4) = (self.float(std::f64::consts::FRAC_PI_2, part), self.float(std::f64::consts::FRAC_PI_4, part));
        // x infinite: inf + i (0, pi/4, NaN as y is finite, infinite, NaN).
        let xi_im = self.sel(c.y_inf, pi4, zero);
        let xi_im = self.sel(c.y_nan, nan, xi_im);
        // x finite, y infinite: inf + i pi/2; y NaN: NaN + i NaN.
        // x NaN: y zero: NaN + i y; y infinite: inf + i NaN; else NaN + i NaN.
        let y_zero = self.bin(BinOp::Eq, y, zero);
        let xn_re = self.sel(c.y_inf, inf, nan);
        let xn_im = self.sel(y_zero, zero, nan);
        let fin_re = self.finite_or_nan_x(&c, inf, nan, xn_re);
        let sp_re = self.sel(c.x_inf, inf, fin_re);
        let fin_im = self.finite_or_nan_x(&c, pi2, nan, xn_im);
        let sp_im = self.sel(c.x_inf, xi_im, fin_im);
        let special = self.special(&c);
        let sp_re = self.signed_as(sp_re, x);
        let sp_im = self.signed_as(sp_im, y);
        re = self.sel(special, sp_re, re);
        im = self.sel(special, sp_im, im);
        (re, im)
    }

    /// Whether a part is infinite or NaN.
    fn special(&mut self, c: &Classes) -> NodeId {
        let both = self.bin(BinOp::And, c.x_fin, c.y_fin);
        self.un(UnOp::Not, both)
    }

    /// A part of a special value where x is finite (`on_inf` for y infinite, `nan` for y NaN) or NaN
    /// (`x_nan`).
    fn finite_or_nan_x(&mut self, c: &Classes, on_inf: NodeId, nan: NodeId, x_nan: NodeId) -> NodeId {
        let finite_x = self.sel(c.y_inf, on_inf, nan);
        self.sel(c.x_nan, x_nan, finite_x)
    }

    /// `arctanh(z)`, Kahan's formulas: Re = log1p(4|x| / ((1 - |x|)^2 + y^2)) / 4 signed as x (no
    /// cancellation), Im = atan2(2y, (1 - |x|)(1 + |x|) - y^2) / 2; for huge |z| Re = x / |z|^2 (scaled)
    /// and Im = ±pi/2, at |x| = 1 with y too small to square Re = log(2/|y|) / 2; Annex G's special
    /// values (odd, symmetric under conjugation).
    fn catanh(&mut self, (x, y): Pair) -> Pair {
        let part = self.b.dtype(x);
        let (one, two, four, half, quarter) = (
            self.float(1.0, part),
            self.float(2.0, part),
            self.float(4.0, part),
            self.float(0.5, part),
            self.float(0.25, part),
        );
        let (ax, ay) = (self.un(UnOp::Abs, x), self.un(UnOp::Abs, y));
        let omx = self.bin(BinOp::Sub, one, ax);
        let opx = self.bin(BinOp::Add, one, ax);
        let yy = self.bin(BinOp::Mul, y, y);
        let omx2 = self.bin(BinOp::Mul, omx, omx);
        let d = self.bin(BinOp::Add, omx2, yy);
        let four_x = self.bin(BinOp::Mul, four, ax);
        let q = self.bin(BinOp::Div, four_x, d);
        let lp = self.math(MathFn::Log1p, q);
        let re_n = self.bin(BinOp::Mul, quarter, lp);
        // |x| = 1 and y beyond squaring: log(2/|y|) / 2.
        let (tiny_y, huge_h) = if part == DType::F32 { (1e-18, 2f64.powi(60)) } else { (1e-100, 2f64.powi(500)) };
        let tiny_limit = self.float(tiny_y, part);
        let x_one = self.bin(BinOp::Eq, ax, one);
        let y_tiny = self.bin(BinOp::Lt, ay, tiny_limit);
        let edge = self.bin(BinOp::And, x_one, y_tiny);
        let ln2 = self.float(std::f64::consts::LN_2, part);
        let l = self.math(MathFn::Log, ay);
        let l = self.bin(BinOp::Sub, ln2, l);
        let re_edge = self.bin(BinOp::Mul, half, l);
        let re_n = self.sel(edge, re_edge, re_n);
        // Huge |z|: x / |z|^2 with both parts scaled by 1/max(|x|, |y|) first.
        let h = self.bin(BinOp::Max, ax, ay);
        let huge_limit = self.float(huge_h, part);
        let huge = self.bin(BinOp::Gt, h, huge_limit);
        let s = self.bin(BinOp::Div, one, h);
        let (xs, ys) = (self.bin(BinOp::Mul, ax, s), self.bin(BinOp::Mul, ay, s));
        let xs2 = self.bin(BinOp::Mul, xs, xs);
        let ys2 = self.bin(BinOp::Mul, ys, ys);
        let n2 = self.bin(BinOp::Add, xs2, ys2);
        let re_h = self.bin(BinOp::Div, xs, n2);
        let re_h = self.bin(BinOp::Mul, re_h, s);
        let re = self.sel(huge, re_h, re_n);
        let mut re = self.bin(BinOp::CopySign, re, x);
        let two_y = self.bin(BinOp::Mul, two, y);
        let p = self.bin(BinOp::Mul, omx, opx);
        let den = self.bin(BinOp::Sub, p, yy);
        let a = self.b.binary(BinOp::Math(MathFn2::Arctan2), two_y, den);
        let im_n = self.bin(BinOp::Mul, half, a);
        let pi2 = self.float(std::f64::consts::FRAC_PI_2, part);
        let signed_pi2 = self.bin(BinOp::CopySign, pi2, y);
        let im = self.sel(huge, signed_pi2, im_n);
        let mut im = self.bin(BinOp::CopySign, im, y);
        let c = self.classes((x, y));
        let (nan, zero, inf) = (self.float(f64::NAN, part), self.float(0.0, part), self.float(f64::INFINITY, part));
        // x infinite: 0 + i (pi/2, or NaN for y NaN); x finite, y infinite: 0 + i pi/2; y NaN: NaN (but
        // x = 0: 0 + i NaN); x NaN: y infinite: 0 + i pi/2, else NaN + i NaN.
        let x_zero = self.bin(BinOp::Eq, x, zero);
        let xi_im = self.sel(c.y_nan, nan, pi2);
        let yn_re = self.sel(x_zero, zero, nan);
        let fin_re = self.sel(c.y_inf, zero, yn_re);
        let xn_re = self.sel(c.y_inf, zero, nan);
        let sp_re = self.sel(c.x_nan, xn_re, fin_re);
        let sp_re = self.sel(c.x_inf, zero, sp_re);
        let fin_im = self.sel(c.y_inf, pi2, nan);
        let xn_im = self.sel(c.y_inf, pi2, nan);
        let sp_im = self.sel(c.x_nan, xn_im, fin_im);
        let sp_im = self.sel(c.x_inf, xi_im, sp_im);
        let special = self.special(&c);
        let sp_re = self.signed_as(sp_re, x);
        let sp_im = self.signed_as(sp_im, y);
        re = self.sel(special, sp_re, re);
        im = self.sel(special, sp_im, im);
        // arctanh(±1 ± 0i) is ±inf ± 0i exactly.
        let y_zero = self.bin(BinOp::Eq, y, zero);
        let pole = self.bin(BinOp::And, x_one, y_zero);
        let signed_inf = self.bin(BinOp::CopySign, inf, x);
        re = self.sel(pole, signed_inf, re);
        im = self.sel(pole, y, im);
        (re, im)
    }

    /// `arccos(z)`, Kahan's formula: 2 atan2(Re s1, Re s2) + i asinh(Im(conj(s2) s1)), s1 = sqrt(1 - z),
    /// s2 = sqrt(1 + z); Annex G's special values (symmetric under conjugation).
    fn cacos(&mut self, (x, y): Pair) -> Pair {
        let part = self.b.dtype(x);
        let ((s1r, s1i), (s2r, s2i)) = self.roots_one_minus_plus((x, y));
        let a = self.b.binary(BinOp::Math(MathFn2::Arctan2), s1r, s2r);
        let two = self.float(2.0, part);
        let mut re = self.bin(BinOp::Mul, two, a);
        let p = self.bin(BinOp::Mul, s2r, s1i);
        let q = self.bin(BinOp::Mul, s2i, s1r);
        let d = self.bin(BinOp::Sub, p, q);
        let mut im = self.math(MathFn::Arcsinh, d);
        // Huge |z|: angle(x + i|y|) - i log(2|z|) signed against y.
        let (l2z, huge) = self.log_2z((x, y));
        let ay = self.un(UnOp::Abs, y);
        let angle = self.b.binary(BinOp::Math(MathFn2::Arctan2), ay, x);
        let neg_y = self.un(UnOp::Neg, y);
        let signed = self.bin(BinOp::CopySign, l2z, neg_y);
        re = self.sel(huge, angle, re);
        im = self.sel(huge, signed, im);
        let c = self.classes((x, y));
        let (nan, zero) = (self.float(f64::NAN, part), self.float(0.0, part));
        let pi2 = self.float(std::f64::consts::FRAC_PI_2, part);
        // For y >= 0 (conjugated back after): x infinite: (the angle) - i inf; x finite: y infinite:
        // pi/2 - i inf; y NaN: pi/2 + i NaN for x = 0, else NaN; x NaN: y infinite: NaN - i inf, else
        // NaN + i NaN.
        let xi_re = self.infinite_x_angle(x, &c);
        let minus_inf = self.float(f64::NEG_INFINITY, part);
        let x_zero = self.bin(BinOp::Eq, x, zero);
        let yn_re = self.sel(x_zero, pi2, nan);
        let fin_re = self.sel(c.y_inf, pi2, yn_re);
        let fin_im = self.sel(c.y_inf, minus_inf, nan);
        let xn_im = self.sel(c.y_inf, minus_inf, nan);
        let sp_re = self.sel(c.x_nan, nan, fin_re);
        let sp_re = self.sel(c.x_inf, xi_re, sp_re);
        let sp_im = self.sel(c.x_nan, xn_im, fin_im);
        // x infinite, y NaN: NaN ± i inf (the sign unspecified; the C library's, -inf, here).
        let xi_im = minus_inf;
        let sp_im = self.sel(c.x_inf, xi_im, sp_im);
        // Conjugation: the imaginary part's sign flips with y's.
        let neg_y = self.un(UnOp::Neg, y);
        let sign = self.signed_as(sp_im, neg_y);
        let y_nan_now = self.un(UnOp::IsNan, sp_im);
        let sp_im = self.sel(y_nan_now, sp_im, sign);
        let special = self.special(&c);
        re = self.sel(special, sp_re, re);
        im = self.sel(special, sp_im, im);
        (re, im)
    }

    /// The angle `arccos` and `arccosh` take where x is infinite (for y >= 0): pi or 0 by x's sign, 3pi/4
    /// or pi/4 where y is infinite too, NaN where y is NaN.
    fn infinite_x_angle(&mut self, x: NodeId, c: &Classes) -> NodeId {
        let part = self.b.dtype(x);
        let k = |cx: &mut Self, v: f64| cx.float(v, part);
        let (zero, nan, pi, pi4, pi34) = (
            k(self, 0.0),
            k(self, f64::NAN),
            k(self, std::f64::consts::PI),
            k(self, std::f64::consts::FRAC_PI_4),
            k(self, 3.0 * std::f64::consts::FRAC_PI_4),
        );
        let x_neg = self.bin(BinOp::Lt, x, zero);
        let angle = self.sel(x_neg, pi, zero);
        let both_inf = self.sel(x_neg, pi34, pi4);
        let angle = self.sel(c.y_inf, both_inf, angle);
        self.sel(c.y_nan, nan, angle)
    }

    /// `arccosh(z)`, Kahan's formula: asinh(Re(conj(s1) s2)) + 2i atan2(Im s1, Re s2), s1 = sqrt(z - 1),
    /// s2 = sqrt(z + 1); Annex G's special values (symmetric under conjugation).
    fn cacosh(&mut self, (x, y): Pair) -> Pair {
        let part = self.b.dtype(x);
        let one = self.float(1.0, part);
        let xm1 = self.bin(BinOp::Sub, x, one);
        let xp1 = self.bin(BinOp::Add, x, one);
        let (s1r, s1i) = self.csqrt((xm1, y));
        let (s2r, s2i) = self.csqrt((xp1, y));
        let p = self.bin(BinOp::Mul, s1r, s2r);
        let q = self.bin(BinOp::Mul, s1i, s2i);
        let d = self.bin(BinOp::Add, p, q);
        let mut re = self.math(MathFn::Arcsinh, d);
        let a = self.b.binary(BinOp::Math(MathFn2::Arctan2), s1i, s2r);
        let two = self.float(2.0, part);
        let mut im = self.bin(BinOp::Mul, two, a);
        // Huge |z|: log(2|z|) + i angle(z).
        let (l2z, huge) = self.log_2z((x, y));
        let angle = self.b.binary(BinOp::Math(MathFn2::Arctan2), y, x);
        re = self.sel(huge, l2z, re);
        im = self.sel(huge, angle, im);
        let c = self.classes((x, y));
        let (nan, zero, inf) = (self.float(f64::NAN, part), self.float(0.0, part), self.float(f64::INFINITY, part));
        let pi2 = self.float(std::f64::consts::FRAC_PI_2, part);
        // For y >= 0: x infinite: inf + i (the angle); x finite: y infinite: inf + i pi/2, y NaN: NaN + i
        // NaN; x NaN: y infinite: inf + i NaN, else NaN + i NaN.
        let xi_im = self.infinite_x_angle(x, &c);
        let fin_re = self.sel(c.y_inf, inf, nan);
        // y NaN: NaN + i NaN, but NaN + i pi/2 for x = 0.
        let x_zero = self.bin(BinOp::Eq, x, zero);
        let yn_im = self.sel(x_zero, pi2, nan);
        let fin_im = self.sel(c.y_inf, pi2, yn_im);
        let xn_re = self.sel(c.y_inf, inf, nan);
        let sp_re = self.sel(c.x_nan, xn_re, fin_re);
        let sp_re = self.sel(c.x_inf, inf, sp_re);
        let sp_im = self.sel(c.x_nan, nan, fin_im);
        let sp_im = self.sel(c.x_inf, xi_im, sp_im);
        let sp_im = self.signed_as(sp_im, y);
        let special = self.special(&c);
        re = self.sel(special, sp_re, re);
        im = self.sel(special, sp_im, im);
        (re, im)
    }

    /// `x ** y` for an exponent that is not a small integer constant: C's `cpow`, exp(y log x), after
    /// NumPy's own cases (a zero exponent gives 1; a zero base 0 for a positive real exponent, else NaN).
    pub(super) fn cpow(&mut self, x: Pair, y: Pair) -> Pair {
        let part = self.b.dtype(x.0);
        let l = self.clog(x);
        let p = self.mul_plain(y, l);
        let (mut re, mut im) = self.cexp(p);
        let (zero, one, nan) = (self.float(0.0, part), self.float(1.0, part), self.float(f64::NAN, part));
        let (xr0, xi0) = (self.bin(BinOp::Eq, x.0, zero), self.bin(BinOp::Eq, x.1, zero));
        let base_zero = self.bin(BinOp::And, xr0, xi0);
        let (yr_pos, yi0) = (self.bin(BinOp::Gt, y.0, zero), self.bin(BinOp::Eq, y.1, zero));
        let positive = self.bin(BinOp::And, yr_pos, yi0);
        let z = self.sel(positive, zero, nan);
        re = self.sel(base_zero, z, re);
        im = self.sel(base_zero, z, im);
        let yr0 = self.bin(BinOp::Eq, y.0, zero);
        let exponent_zero = self.bin(BinOp::And, yr0, yi0);
        (self.sel(exponent_zero, one, re), self.sel(exponent_zero, zero, im))
    }

    /// `expm1(x + iy)` = e^z - 1: (expm1(x) cos y - 2 sin^2(y/2)) + i e^x sin y, accurate for small z
    /// (no 1 subtracted); for x > 1 or a part not finite, `exp(z)` less 1 (with its scaling past
    /// overflow and its special values); for y = 0 the real `expm1(x)`.
    fn cexpm1(&mut self, (x, y): Pair) -> Pair {
        let part = self.b.dtype(x);
        let (zero, one, half, two) =
            (self.float(0.0, part), self.float(1.0, part), self.float(0.5, part), self.float(2.0, part));
        let y2 = self.bin(BinOp::Mul, y, half);
        let a = self.math(MathFn::Sin, y2);
        let em1 = self.math(MathFn::Expm1, x);
        let c = self.math(MathFn::Cos, y);
        let t = self.bin(BinOp::Mul, em1, c);
        let aa = self.bin(BinOp::Mul, two, a);
        let aa = self.bin(BinOp::Mul, aa, a);
        // -(2 sin^2 - expm1 cos): a zero that underflowed keeps the sign of -y^2/2.
        let d = self.bin(BinOp::Sub, aa, t);
        let mut re = self.un(UnOp::Neg, d);
        let y_zero = self.bin(BinOp::Eq, y, zero);
        re = self.sel(y_zero, em1, re);
        let e = self.math(MathFn::Exp, x);
        let s = self.math(MathFn::Sin, y);
        let mut im = self.bin(BinOp::Mul, e, s);
        let (ere, eim) = self.cexp((x, y));
        // exp(z) - 1 also where a part is not finite (Annex G's special values of exp, less 1).
        let big = self.bin(BinOp::Gt, x, one);
        let x_finite = self.un(UnOp::IsFinite, x);
        let y_finite = self.un(UnOp::IsFinite, y);
        let finite = self.bin(BinOp::And, x_finite, y_finite);
        let not_finite = self.un(UnOp::Not, finite);
        let big = self.bin(BinOp::Or, big, not_finite);
        let ere1 = self.bin(BinOp::Sub, ere, one);
        re = self.sel(big, ere1, re);
        im = self.sel(big, eim, im);
        (re, im)
    }

    /// `log1p(x + iy)` = log(1 + z), accurate for small z: where |1 + z| is near 1 the real part is
    /// log1p(t) / 2, t = 2x + x^2 + y^2 from the exact products and sums; elsewhere `log` of 1 + z.
    fn clog1p(&mut self, (x, y): Pair) -> Pair {
        let part = self.b.dtype(x);
        let one = self.float(1.0, part);
        let u = self.bin(BinOp::Add, x, one);
        let (far_re, im) = self.clog((u, y));
        let p1 = self.bin(BinOp::Mul, x, x);
        let np1 = self.un(UnOp::Neg, p1);
        let e1 = self.b.mul_add(x, x, np1);
        let p2 = self.bin(BinOp::Mul, y, y);
        let np2 = self.un(UnOp::Neg, p2);
        let e2 = self.b.mul_add(y, y, np2);
        let two_x = self.bin(BinOp::Add, x, x);
        let (a, ea) = self.two_sum(two_x, p1);
        let (b, eb) = self.two_sum(a, p2);
        let low = self.bin(BinOp::Add, e1, e2);
        let low = self.bin(BinOp::Add, ea, low);
        let low = self.bin(BinOp::Add, eb, low);
        let t = self.bin(BinOp::Add, b, low);
        let lp = self.math(MathFn::Log1p, t);
        let half = self.float(0.5, part);
        let near_re = self.bin(BinOp::Mul, half, lp);
        let (lo, hi) = (self.float(-0.5, part), self.float(1.0, part));
        let above = self.bin(BinOp::Gt, t, lo);
        let below = self.bin(BinOp::Lt, t, hi);
        let near = self.bin(BinOp::And, above, below);
        (self.sel(near, near_re, far_re), im)
    }

    /// `sinh(x + iy)` = sinh x cos y + i cosh x sin y, glibc's `csinh` (with cosh, `ccosh`, its twin):
    /// beyond the overflow threshold e^|x| / 2 taken in steps into the cosine and sine; Annex G's special
    /// values.
    fn csinh(&mut self, x: Pair) -> Pair {
        self.hyperbolic(x, true)
    }

    fn ccosh(&mut self, x: Pair) -> Pair {
        self.hyperbolic(x, false)
    }

    fn hyperbolic(&mut self, (x, y): Pair, sinh: bool) -> Pair {
        let part = self.b.dtype(x);
        let lim = limits(part);
        let (zero, one, inf, nan) =
            (self.float(0.0, part), self.float(1.0, part), self.float(f64::INFINITY, part), self.float(f64::NAN, part));
        let (s, c) = (self.math(MathFn::Sin, y), self.math(MathFn::Cos, y));
        let ax = self.un(UnOp::Abs, x);
        let sign_x = self.bin(BinOp::CopySign, one, x);
        // Ordinary: sinh x cos y + i cosh x sin y (cosh: cosh x cos y + i sinh x sin y).
        let (sh, ch) = (self.math(MathFn::Sinh, x), self.math(MathFn::Cosh, x));
        let (f_re, f_im) = if sinh { (sh, ch) } else { (ch, sh) };
        let mut re = self.bin(BinOp::Mul, f_re, c);
        let mut im = self.bin(BinOp::Mul, f_im, s);
        // |x| beyond the threshold t: e^(|x| - t) (e^t / 2) (cos y, sin y), the odd part signed as x.
        let t = self.float(lim.exp_limit, part);
        let et = self.float(lim.exp_limit.exp(), part);
        let et2 = self.float(lim.exp_limit.exp() / 2.0, part);
        let big = self.bin(BinOp::Gt, ax, t);
        let (signed_c, signed_s) =
            if sinh { (self.bin(BinOp::Mul, c, sign_x), s) } else { (c, self.bin(BinOp::Mul, s, sign_x)) };
        let mut rx = self.bin(BinOp::Sub, ax, t);
        let mut cs = self.bin(BinOp::Mul, signed_c, et2);
        let mut sn = self.bin(BinOp::Mul, signed_s, et2);
        let again = self.bin(BinOp::Gt, rx, t);
        let rx2 = self.bin(BinOp::Sub, rx, t);
        rx = self.sel(again, rx2, rx);
        let f = self.sel(again, et, one);
        cs = self.bin(BinOp::Mul, cs, f);
        sn = self.bin(BinOp::Mul, sn, f);
        let over = self.bin(BinOp::Gt, rx, t);
        let max = self.float(lim.max, part);
        let e = self.math(MathFn::Exp, rx);
        let ev = self.sel(over, max, e);
        let big_re = self.bin(BinOp::Mul, ev, cs);
        let big_im = self.bin(BinOp::Mul, ev, sn);
        re = self.sel(big, big_re, re);
        im = self.sel(big, big_im, im);
        // Special values.
        let y_zero = self.bin(BinOp::Eq, y, zero);
        let y_finite = self.un(UnOp::IsFinite, y);
        let y_bad = self.un(UnOp::Not, y_finite);
        let x_inf = self.bin(BinOp::Eq, ax, inf);
        let x_nan = self.un(UnOp::IsNan, x);
        let x_zero = self.bin(BinOp::Eq, x, zero);
        let y_minus_y = self.bin(BinOp::Sub, y, y);
        // x infinite, y finite: infinities signed by the cosine and sine (and x); y zero: exact zero part.
        let inf_c = self.bin(BinOp::CopySign, inf, c);
        let inf_s = self.bin(BinOp::CopySign, inf, s);
        let (xi_re, xi_im) = if sinh {
            (self.bin(BinOp::Mul, inf_c, sign_x), inf_s)
        } else {
            (inf_c, self.bin(BinOp::Mul, inf_s, sign_x))
        };
        // y zero: sinh: (x, y), cosh: (inf, y * sign x).
        let y_signed = self.bin(BinOp::Mul, y, sign_x);
        let (xi_re, xi_im) = if sinh {
            (self.sel(y_zero, x, xi_re), self.sel(y_zero, y, xi_im))
        } else {
            (self.sel(y_zero, inf, xi_re), self.sel(y_zero, y_signed, xi_im))
        };
        // x infinite, y not finite: (inf, NaN).
        let xi_re = self.sel(y_bad, inf, xi_re);
        let xi_im = self.sel(y_bad, y_minus_y, xi_im);
        // x finite, y not finite: sinh: (x if x is 0 else NaN, NaN); cosh: (NaN, 0 if x is 0 else NaN).
        let (yb_re, yb_im) =
            if sinh { (self.sel(x_zero, x, nan), y_minus_y) } else { (y_minus_y, self.sel(x_zero, zero, nan)) };
        re = self.sel(y_bad, yb_re, re);
        im = self.sel(y_bad, yb_im, im);
        re = self.sel(x_inf, xi_re, re);
        im = self.sel(x_inf, xi_im, im);
        // x NaN: NaN, but a zero y stays.
        let nan_im = self.sel(y_zero, y, nan);
        re = self.sel(x_nan, nan, re);
        im = self.sel(x_nan, nan_im, im);
        (re, im)
    }

    /// `tanh(x + iy)` = (sinh x cosh x + i sin y cos y) / (sinh^2 x + cos^2 y), glibc's `ctanh`: beyond
    /// half the overflow threshold the real part is ±1 and the imaginary one 4 sin y cos y / e^(2|x|),
    /// taken in steps; Annex G's special values.
    fn ctanh(&mut self, (x, y): Pair) -> Pair {
        let part = self.b.dtype(x);
        let lim = limits(part);
        let (zero, one, four, nan) =
            (self.float(0.0, part), self.float(1.0, part), self.float(4.0, part), self.float(f64::NAN, part));
        let (s, c) = (self.math(MathFn::Sin, y), self.math(MathFn::Cos, y));
        let ax = self.un(UnOp::Abs, x);
        let sign_x = self.bin(BinOp::CopySign, one, x);
        let (sh, ch) = (self.math(MathFn::Sinh, x), self.math(MathFn::Cosh, x));
        let eps = self.float(if part == DType::F32 { f32::EPSILON as f64 } else { f64::EPSILON }, part);
        let cc = self.bin(BinOp::Mul, c, c);
        let ss = self.bin(BinOp::Mul, sh, sh);
        let full = self.bin(BinOp::Add, ss, cc);
        let ash = self.un(UnOp::Abs, sh);
        let ac = self.un(UnOp::Abs, c);
        let ac_eps = self.bin(BinOp::Mul, ac, eps);
        let large = self.bin(BinOp::Gt, ash, ac_eps);
        let den = self.sel(large, full, cc);
        let shch = self.bin(BinOp::Mul, sh, ch);
        let mut re = self.bin(BinOp::Div, shch, den);
        let sc = self.bin(BinOp::Mul, s, c);
        let mut im = self.bin(BinOp::Div, sc, den);
        // |x| beyond t = (MAX_EXP - 1) ln 2 / 2.
        let half_limit = (lim.exp_limit / 2.0).floor();
        let t = self.float(half_limit, part);
        let e2t = self.float((2.0 * half_limit).exp(), part);
        let big = self.bin(BinOp::Gt, ax, t);
        let sc4 = self.bin(BinOp::Mul, four, s);
        let sc4 = self.bin(BinOp::Mul, sc4, c);
        let q = self.bin(BinOp::Div, sc4, e2t);
        let rx = self.bin(BinOp::Sub, ax, t);
        let beyond = self.bin(BinOp::Gt, rx, t);
        let two_rx = self.bin(BinOp::Add, rx, rx);
        let e = self.math(MathFn::Exp, two_rx);
        let d = self.sel(beyond, e2t, e);
        let big_im = self.bin(BinOp::Div, q, d);
        re = self.sel(big, sign_x, re);
        im = self.sel(big, big_im, im);
        // Special values: x infinite: (±1, a zero signed as sin y cos y for finite |y| > 1, else as y).
        let x_inf = self.un(UnOp::IsInf, x);
        let ay = self.un(UnOp::Abs, y);
        let y_finite = self.un(UnOp::IsFinite, y);
        let y_above_one = self.bin(BinOp::Gt, ay, one);
        let by_sc = self.bin(BinOp::And, y_finite, y_above_one);
        let zero_sc = self.bin(BinOp::CopySign, zero, sc);
        let zero_y = self.signed_as(zero, y);
        let xi_im = self.sel(by_sc, zero_sc, zero_y);
        // Else, a part not finite: (x, y) where y is 0 (x NaN); else (x where x is 0, else NaN; NaN).
        let x_finite = self.un(UnOp::IsFinite, x);
        let both_finite = self.bin(BinOp::And, x_finite, y_finite);
        let not_finite = self.un(UnOp::Not, both_finite);
        let y_zero = self.bin(BinOp::Eq, y, zero);
        let x_zero = self.bin(BinOp::Eq, x, zero);
        let nf_re = self.sel(x_zero, x, nan);
        let nf_re = self.sel(y_zero, x, nf_re);
        let nf_im = self.sel(y_zero, y, nan);
        re = self.sel(not_finite, nf_re, re);
        im = self.sel(not_finite, nf_im, im);
        re = self.sel(x_inf, sign_x, re);
        im = self.sel(x_inf, xi_im, im);
        (re, im)
    }

    /// `exp(x + iy)`: e^x (cos y + i sin y), glibc's `cexp`. Beyond the overflow threshold e^x is taken
    /// in steps into the cosine and sine (so a result whose parts are finite is); special values per
    /// Annex G: `exp(±inf + 0i)` keeps the zero, `exp(-inf + i inf)` is 0, `exp(inf + i nan)` is
    /// `inf + i nan`, a NaN real part with a zero imaginary one keeps the zero.
    fn cexp(&mut self, (x, y): Pair) -> Pair {
        let part = self.b.dtype(x);
        let lim = limits(part);
        let (s, c) = (self.math(MathFn::Sin, y), self.math(MathFn::Cos, y));
        let t = self.float(lim.exp_limit, part);
        let et = self.float(lim.exp_limit.exp(), part);
        let one = self.float(1.0, part);
        // Up to two steps of e^t moved into the cosine and sine.
        let (mut xr, mut cs, mut sn) = (x, c, s);
        for _ in 0..2 {
            let big = self.bin(BinOp::Gt, xr, t);
            let reduced = self.bin(BinOp::Sub, xr, t);
            xr = self.sel(big, reduced, xr);
            let f = self.sel(big, et, one);
            cs = self.bin(BinOp::Mul, cs, f);
            sn = self.bin(BinOp::Mul, sn, f);
        }
        let over = self.bin(BinOp::Gt, xr, t);
        let max = self.float(lim.max, part);
        let e = self.math(MathFn::Exp, xr);
        let ev = self.sel(over, max, e);
        let mut re = self.bin(BinOp::Mul, ev, cs);
        let mut im = self.bin(BinOp::Mul, ev, sn);
        let (inf, zero, nan) = (self.float(f64::INFINITY, part), self.float(0.0, part), self.float(f64::NAN, part));
        // exp(+inf + iy), y finite: infinities signed as the cosine and sine.
        let x_inf = self.bin(BinOp::Eq, x, inf);
        let inf_c = self.bin(BinOp::CopySign, inf, c);
        let inf_s = self.bin(BinOp::CopySign, inf, s);
        re = self.sel(x_inf, inf_c, re);
        im = self.sel(x_inf, inf_s, im);
        // A zero imaginary part stays (exp(x + 0i) is real, NaN and infinite x included).
        let y_zero = self.bin(BinOp::Eq, y, zero);
        im = self.sel(y_zero, y, im);
        // A NaN real part: NaN, but the zero above.
        let x_nan = self.un(UnOp::IsNan, x);
        re = self.sel(x_nan, nan, re);
        let y_nonzero = self.un(UnOp::Not, y_zero);
        let nan_im = self.bin(BinOp::And, x_nan, y_nonzero);
        im = self.sel(nan_im, nan, im);
        // An infinite or NaN imaginary part: inf + i nan for x = +inf, a zero for x = -inf, else NaN.
        let y_bad = self.un(UnOp::IsFinite, y);
        let y_bad = self.un(UnOp::Not, y_bad);
        let minus_inf = self.float(f64::NEG_INFINITY, part);
        let x_minus_inf = self.bin(BinOp::Eq, x, minus_inf);
        let y_minus_y = self.bin(BinOp::Sub, y, y);
        let signed_zero = self.signed_as(zero, y);
        let bad_re = self.sel(x_minus_inf, zero, nan);
        let bad_re = self.sel(x_inf, inf, bad_re);
        let bad_im = self.sel(x_minus_inf, signed_zero, nan);
        let bad_im = self.sel(x_inf, y_minus_y, bad_im);
        (self.sel(y_bad, bad_re, re), self.sel(y_bad, bad_im, im))
    }

    /// `log(x + iy)`: log|z| + i atan2(y, x), glibc's `clog`, accurate where |z| is near 1 (there
    /// log1p of x^2 + y^2 - 1, computed with its rounding errors carried) and where |z| is tiny (scaled up
    /// first). atan2 and hypot give Annex G's special values: `log(±0 + 0i)` is `-inf` with the angle 0 or
    /// pi, an infinite part makes `inf`, a NaN part NaN (but `inf` beside an infinity).
    fn clog(&mut self, (x, y): Pair) -> Pair {
        let part = self.b.dtype(x);
        let im = self.b.binary(BinOp::Math(MathFn2::Arctan2), y, x);
        let (ax, ay) = (self.un(UnOp::Abs, x), self.un(UnOp::Abs, y));
        let h = self.bin(BinOp::Max, ax, ay);
        let l = self.bin(BinOp::Min, ay, ax);
        // Ordinary: log(hypot(x, y)).
        let hyp = self.b.binary(BinOp::Math(MathFn2::Hypot), x, y);
        let plain = self.math(MathFn::Log, hyp);
        // Near |z| = 1: log1p(t) / 2, t = h^2 + l^2 - 1 from the exact products and sums.
        let minus_one = self.float(-1.0, part);
        let p1 = self.bin(BinOp::Mul, h, h);
        let np1 = self.un(UnOp::Neg, p1);
        let e1 = self.b.mul_add(h, h, np1);
        let p2 = self.bin(BinOp::Mul, l, l);
        let np2 = self.un(UnOp::Neg, p2);
        let e2 = self.b.mul_add(l, l, np2);
        let (a, ea) = self.two_sum(p1, minus_one);
        let (b, eb) = self.two_sum(a, p2);
        let low = self.bin(BinOp::Add, e1, e2);
        let low = self.bin(BinOp::Add, ea, low);
        let low = self.bin(BinOp::Add, eb, low);
        let t = self.bin(BinOp::Add, b, low);
        let lp = self.math(MathFn::Log1p, t);
        let half = self.float(0.5, part);
        let near_value = self.bin(BinOp::Mul, half, lp);
        let n2 = self.bin(BinOp::Add, p1, p2);
        let (lo, hi) = (self.float(0.5, part), self.float(2.0, part));
        let above = self.bin(BinOp::Gt, n2, lo);
        let below = self.bin(BinOp::Lt, n2, hi);
        let near = self.bin(BinOp::And, above, below);
        // Tiny or huge: both parts scaled by 2^k or 2^-k first (hypot would lose the subnormals' digits,
        // or overflow), k ln 2 taken off or added after, in two parts, the first exact (ln 2's leading
        // bits times k, as fdlibm splits it).
        let (tiny_below, huge_above, k) = if part == DType::F32 {
            (2f64.powi(-60), 2f64.powi(100), 80)
        } else {
            (2f64.powi(-500), 2f64.powi(1000), 600)
        };
        let (ln2_hi, ln2_lo) = if part == DType::F32 {
            (0.693_145_751_953_125, 1.428_606_765_330_187e-6)
        } else {
            (6.931_471_803_691_238e-1, 1.908_214_929_270_587_7e-10)
        };
        let tiny_limit = self.float(tiny_below, part);
        let tiny = self.bin(BinOp::Lt, h, tiny_limit);
        let huge_limit = self.float(huge_above, part);
        let huge = self.bin(BinOp::Gt, h, huge_limit);
        let one = self.float(1.0, part);
        let (up, down) = (self.float(2f64.powi(k), part), self.float(2f64.powi(-k), part));
        let scale = self.sel(huge, down, one);
        let scale = self.sel(tiny, up, scale);
        let (xs, ys) = (self.bin(BinOp::Mul, x, scale), self.bin(BinOp::Mul, y, scale));
        let hyp_s = self.b.binary(BinOp::Math(MathFn2::Hypot), xs, ys);
        let log_s = self.math(MathFn::Log, hyp_s);
        let (hi, lo) = (k as f64 * ln2_hi, k as f64 * ln2_lo);
        let (minus_hi, minus_lo, plus_hi, plus_lo) =
            (self.float(-hi, part), self.float(-lo, part), self.float(hi, part), self.float(lo, part));
        let shift_hi = self.sel(tiny, minus_hi, plus_hi);
        let shift_lo = self.sel(tiny, minus_lo, plus_lo);
        let scaled_value = self.bin(BinOp::Add, log_s, shift_hi);
        let scaled_value = self.bin(BinOp::Add, scaled_value, shift_lo);
        let scaled = self.bin(BinOp::Or, tiny, huge);
        let re = self.sel(scaled, scaled_value, plain);
        (self.sel(near, near_value, re), im)
    }

    /// `a + b` and its rounding error (Knuth's TwoSum).
    fn two_sum(&mut self, a: NodeId, b: NodeId) -> (NodeId, NodeId) {
        let s = self.bin(BinOp::Add, a, b);
        let bb = self.bin(BinOp::Sub, s, a);
        let ab = self.bin(BinOp::Sub, s, bb);
        let da = self.bin(BinOp::Sub, a, ab);
        let db = self.bin(BinOp::Sub, b, bb);
        (s, self.bin(BinOp::Add, da, db))
    }

    /// `sqrt(x + iy)`, glibc's `csqrt`: the principal root, its real part >= 0, computed from
    /// d = hypot(x, y) as sqrt((d + |x|) / 2) and y / (2 that) (so no cancellation), scaled where the
    /// parts are huge or tiny; Annex G: `sqrt(x ± i inf)` is `inf ± i inf`, `sqrt(-inf + iy)` is
    /// `0 ± i inf`, `sqrt(inf + iy)` is `inf ± 0i`, a zero imaginary part keeps its sign.
    pub(super) fn csqrt(&mut self, (x, y): Pair) -> Pair {
        let part = self.b.dtype(x);
        let lim = limits(part);
        let (zero, half, inf, nan) =
            (self.float(0.0, part), self.float(0.5, part), self.float(f64::INFINITY, part), self.float(f64::NAN, part));
        let (ax, ay) = (self.un(UnOp::Abs, x), self.un(UnOp::Abs, y));
        // The ordinary case, with the parts scaled by 1/4 where one is beyond MAX / 4 (the root then
        // doubled), or by 2^(2m) where both are below twice the smallest normal (the root then halved m
        // times).
        let huge_limit = self.float(lim.max / 4.0, part);
        let (hx, hy) = (self.bin(BinOp::Gt, ax, huge_limit), self.bin(BinOp::Gt, ay, huge_limit));
        let huge = self.bin(BinOp::Or, hx, hy);
        let min2 = if part == DType::F32 { 2.0 * f32::MIN_POSITIVE as f64 } else { 2.0 * f64::MIN_POSITIVE };
        let m = if part == DType::F32 { 12 } else { 27 };
        let tiny_limit = self.float(min2, part);
        let (tx, ty) = (self.bin(BinOp::Lt, ax, tiny_limit), self.bin(BinOp::Lt, ay, tiny_limit));
        let tiny = self.bin(BinOp::And, tx, ty);
        let quarter = self.float(0.25, part);
        let up = self.float(2f64.powi(2 * m), part);
        let one = self.float(1.0, part);
        let f = self.sel(tiny, up, one);
        let f = self.sel(huge, quarter, f);
        let (xs, ys) = (self.bin(BinOp::Mul, x, f), self.bin(BinOp::Mul, y, f));
        let d = self.b.binary(BinOp::Math(MathFn2::Hypot), xs, ys);
        // x > 0: r = sqrt((d + x) / 2), s = (y / r) / 2; else s = sqrt((d - x) / 2), r = |(y / s) / 2|.
        let dx = self.bin(BinOp::Add, d, xs);
        let dx = self.bin(BinOp::Mul, half, dx);
        let r1 = self.un(UnOp::Sqrt, dx);
        let q = self.bin(BinOp::Div, ys, r1);
        let s1 = self.bin(BinOp::Mul, half, q);
        let dmx = self.bin(BinOp::Sub, d, xs);
        let dmx = self.bin(BinOp::Mul, half, dmx);
        let s2 = self.un(UnOp::Sqrt, dmx);
        let q = self.bin(BinOp::Div, ys, s2);
        let q = self.bin(BinOp::Mul, half, q);
        let r2 = self.un(UnOp::Abs, q);
        let positive = self.bin(BinOp::Gt, xs, zero);
        let r = self.sel(positive, r1, r2);
        let s = self.sel(positive, s1, s2);
        let two = self.float(2.0, part);
        let down = self.float(2f64.powi(-m), part);
        let g = self.sel(tiny, down, one);
        let g = self.sel(huge, two, g);
        let r = self.bin(BinOp::Mul, r, g);
        let s = self.bin(BinOp::Mul, s, g);
        let mut re = r;
        let mut im = self.bin(BinOp::CopySign, s, y);
        // A zero imaginary part: sqrt(x) real for x >= 0, imaginary for x < 0, the zero's sign kept.
        let y_zero = self.bin(BinOp::Eq, y, zero);
        let x_negative = self.bin(BinOp::Lt, x, zero);
        let root_ax = self.un(UnOp::Sqrt, ax);
        let signed_root = self.bin(BinOp::CopySign, root_ax, y);
        let signed_zero = self.bin(BinOp::CopySign, zero, y);
        let zre = self.sel(x_negative, zero, root_ax);
        let zim = self.sel(x_negative, signed_root, signed_zero);
        re = self.sel(y_zero, zre, re);
        im = self.sel(y_zero, zim, im);
        // A zero real part: sqrt(|y| / 2) for both (with y's sign), halved in two steps near underflow.
        let x_zero = self.bin(BinOp::Eq, x, zero);
        let y_half = self.bin(BinOp::Mul, half, ay);
        let root_half = self.un(UnOp::Sqrt, y_half);
        let two_y = self.bin(BinOp::Mul, two, ay);
        let root_two = self.un(UnOp::Sqrt, two_y);
        let small_root = self.bin(BinOp::Mul, half, root_two);
        let y_small = self.bin(BinOp::Lt, ay, tiny_limit);
        let rz = self.sel(y_small, small_root, root_half);
        let rz_signed = self.bin(BinOp::CopySign, rz, y);
        let x_zero_only = self.un(UnOp::Not, y_zero);
        let x_zero_only = self.bin(BinOp::And, x_zero, x_zero_only);
        re = self.sel(x_zero_only, rz, re);
        im = self.sel(x_zero_only, rz_signed, im);
        // Infinite and NaN parts.
        let y_inf = self.bin(BinOp::Eq, ay, inf);
        let x_inf = self.bin(BinOp::Eq, ax, inf);
        let y_nan = self.un(UnOp::IsNan, y);
        let x_nan = self.un(UnOp::IsNan, x);
        // x = -inf: (NaN if y is NaN else 0, ±inf); x = +inf: (inf, NaN if y is NaN else ±0).
        let inf_y = self.signed_as(inf, y);
        let re_minf = self.sel(y_nan, nan, zero);
        let im_pinf = self.sel(y_nan, nan, signed_zero);
        let x_neg_inf = self.bin(BinOp::And, x_inf, x_negative);
        let re_xinf = self.sel(x_neg_inf, re_minf, inf);
        let im_xinf = self.sel(x_neg_inf, inf_y, im_pinf);
        re = self.sel(x_inf, re_xinf, re);
        im = self.sel(x_inf, im_xinf, im);
        // Else a NaN part: NaN.
        let any_nan = self.bin(BinOp::Or, x_nan, y_nan);
        let not_x_inf = self.un(UnOp::Not, x_inf);
        let nan_case = self.bin(BinOp::And, any_nan, not_x_inf);
        re = self.sel(nan_case, nan, re);
        im = self.sel(nan_case, nan, im);
        // An infinite imaginary part wins over everything: inf ± i inf.
        re = self.sel(y_inf, inf, re);
        im = self.sel(y_inf, y, im);
        (re, im)
    }
}
