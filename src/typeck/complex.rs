//! Complex numbers in the type checker. A complex value is a pair of float nodes, its real and imaginary
//! parts (`Val::Complex`), so the IR, both back ends and the executor compute only floats: each operation
//! is written here from the parts as NumPy's loops compute it (`*` as `(ac - bd) + (ad + bc)i`, `/` by
//! Smith's method, comparisons in lexicographic order), a reduction is one per part, and
//! a complex result is two graphs (`Program::imag`). Operations between Python complex literals follow
//! Python, as in NumPy code.

use super::cmath::Pair;
use super::{funcs, promote, Checker, Literal, Val};
use crate::dtype::{DType, Scalar};
use crate::error::{type_error, Error, ErrorKind, Result};
use crate::funcs::FuncKind;
use crate::ir::{NodeId, Reduce, ReduceOp, Shaper};
use crate::ops::{self, BinOp, UnOp};
use crate::span::Span;
use crate::syntax::{BinaryOp, UnaryOp};

fn pair((re, im): Pair) -> Val {
    Val::Complex(re, im)
}

fn is_complex(v: Val) -> bool {
    matches!(v, Val::Complex(..) | Val::ComplexLit(..))
}

impl Checker<'_> {
    /// The dtype of a complex value (a literal on its own is complex128, Python's complex).
    pub(super) fn complex_dtype(&self, v: Val) -> DType {
        match v {
            Val::Complex(re, _) => self.b.dtype(re).complex_of(),
            _ => DType::C128,
        }
    }

    /// The parts of any value as nodes of the float dtype `part`: a real value's imaginary part is zero.
    pub(super) fn parts(&mut self, v: Val, part: DType, span: Span) -> Result<Pair> {
        Ok(match v {
            Val::Complex(re, im) => (self.b.cast(re, part), self.b.cast(im, part)),
            Val::ComplexLit(re, im) => (self.float(re, part), self.float(im, part)),
            real => (self.typed(real, part, span)?, self.float(0.0, part)),
        })
    }

    /// The float constant `v` in dtype `part`.
    pub(super) fn float(&mut self, v: f64, part: DType) -> NodeId {
        self.b.constant_node(ops::cast(Scalar::F64(v), part))
    }

    /// `x * y` as NumPy's vector loops compute it: `(ar br - ai bi) + (ar bi + ai br)i`, each part with
    /// one product fused into the sum (so `inf * (1 - 1j)` keeps its infinities where the plain formula
    /// gives NaN).
    fn mul(&mut self, (ar, ai): Pair, (br, bi): Pair) -> Pair {
        let ii = self.bin(BinOp::Mul, ai, bi);
        let neg_ii = self.b.unary(UnOp::Neg, ii);
        let ir = self.bin(BinOp::Mul, ai, br);
        (self.b.mul_add(ar, br, neg_ii), self.b.mul_add(ar, bi, ir))
    }

    /// `abs(x)` as NumPy's vector loop computes it: an infinite part makes it infinite, else a NaN part
    /// NaN; else the larger magnitude times `sqrt(1 + r*r)` (fused), `r` the ratio of the smaller to it.
    fn abs(&mut self, (re, im): Pair) -> NodeId {
        let part = self.b.dtype(re);
        let (inf, nan, zero, one) =
            (self.float(f64::INFINITY, part), self.float(f64::NAN, part), self.float(0.0, part), self.float(1.0, part));
        let (re, im) = (self.b.unary(UnOp::Abs, re), self.b.unary(UnOp::Abs, im));
        let larger = self.bin(BinOp::Max, re, im);
        let smaller = self.bin(BinOp::Min, im, re);
        let ratio = self.bin(BinOp::Div, smaller, larger);
        let larger_zero = self.bin(BinOp::Eq, larger, zero);
        let ratio = self.b.where_(larger_zero, zero, ratio);
        let h = self.b.mul_add(ratio, ratio, one);
        let h = self.b.unary(UnOp::Sqrt, h);
        let h = self.bin(BinOp::Mul, h, larger);
        // The special values last, so that few values are live at once: a NaN part (their sum is NaN
        // just where one is, both being >= 0), unless the other is infinite.
        let sum = self.bin(BinOp::Add, re, im);
        let any_nan = self.b.unary(UnOp::IsNan, sum);
        let h = self.b.where_(any_nan, nan, h);
        let (re_inf, im_inf) = (self.bin(BinOp::Eq, re, inf), self.bin(BinOp::Eq, im, inf));
        let any_inf = self.bin(BinOp::Or, re_inf, im_inf);
        self.b.where_(any_inf, inf, h)
    }

    /// `x / y` by Smith's method, as NumPy's loop: the ratio of the smaller part of `y` to the larger
    /// scales the denominator; a zero `y` divides each part by zero.
    fn div(&mut self, (ar, ai): Pair, (br, bi): Pair) -> Pair {
        let part = self.b.dtype(ar);
        let one = self.float(1.0, part);
        let zero = self.float(0.0, part);
        let (abs_r, abs_i) = (self.b.unary(UnOp::Abs, br), self.b.unary(UnOp::Abs, bi));
        // |br| >= |bi|: rat = bi / br, scl = 1 / (br + bi rat), ((ar + ai rat) scl, (ai - ar rat) scl).
        let rat = self.bin(BinOp::Div, bi, br);
        let d = self.bin(BinOp::Mul, bi, rat);
        let d = self.bin(BinOp::Add, br, d);
        let scl = self.bin(BinOp::Div, one, d);
        let t = self.bin(BinOp::Mul, ai, rat);
        let t = self.bin(BinOp::Add, ar, t);
        let re1 = self.bin(BinOp::Mul, t, scl);
        let t = self.bin(BinOp::Mul, ar, rat);
        let t = self.bin(BinOp::Sub, ai, t);
        let im1 = self.bin(BinOp::Mul, t, scl);
        // Else: rat = br / bi, scl = 1 / (bi + br rat), ((ar rat + ai) scl, (ai rat - ar) scl).
        let rat = self.bin(BinOp::Div, br, bi);
        let d = self.bin(BinOp::Mul, br, rat);
        let d = self.bin(BinOp::Add, bi, d);
        let scl = self.bin(BinOp::Div, one, d);
        let t = self.bin(BinOp::Mul, ar, rat);
        let t = self.bin(BinOp::Add, t, ai);
        let re2 = self.bin(BinOp::Mul, t, scl);
        let t = self.bin(BinOp::Mul, ai, rat);
        let t = self.bin(BinOp::Sub, t, ar);
        let im2 = self.bin(BinOp::Mul, t, scl);
        // Both parts zero: each part of `x` over |br| (a zero), giving infinities or NaN.
        let re0 = self.bin(BinOp::Div, ar, abs_r);
        let im0 = self.bin(BinOp::Div, ai, abs_i);
        let first = self.bin(BinOp::Ge, abs_r, abs_i);
        let r_zero = self.bin(BinOp::Eq, abs_r, zero);
        let i_zero = self.bin(BinOp::Eq, abs_i, zero);
        let both_zero = self.bin(BinOp::And, r_zero, i_zero);
        let re = self.b.where_(both_zero, re0, re1);
        let im = self.b.where_(both_zero, im0, im1);
        (self.b.where_(first, re, re2), self.b.where_(first, im, im2))
    }

    /// `sign(z)` as NumPy 2: z / |z| (|z| by `hypot`); 0 for 0; for an infinite part, ±1 along it (NaN
    /// where both are); NaN for NaN.
    fn sign(&mut self, (re, im): Pair) -> Pair {
        let part = self.b.dtype(re);
        let (zero, one, nan) = (self.float(0.0, part), self.float(1.0, part), self.float(f64::NAN, part));
        let h = self.bin(BinOp::Math(crate::vmath::MathFn2::Hypot), re, im);
        let (mut r, mut i) = (self.bin(BinOp::Div, re, h), self.bin(BinOp::Div, im, h));
        let h_zero = self.bin(BinOp::Eq, h, zero);
        r = self.b.where_(h_zero, zero, r);
        i = self.b.where_(h_zero, zero, i);
        let (re_inf, im_inf) = (self.b.unary(UnOp::IsInf, re), self.b.unary(UnOp::IsInf, im));
        let (sr, si) = (self.bin(BinOp::CopySign, one, re), self.bin(BinOp::CopySign, one, im));
        let both = self.bin(BinOp::And, re_inf, im_inf);
        let inf_r = self.b.where_(re_inf, sr, zero);
        let inf_i = self.b.where_(re_inf, zero, si);
        let inf_r = self.b.where_(both, nan, inf_r);
        let inf_i = self.b.where_(both, nan, inf_i);
        let any_inf = self.bin(BinOp::Or, re_inf, im_inf);
        r = self.b.where_(any_inf, inf_r, r);
        i = self.b.where_(any_inf, inf_i, i);
        let h_nan = self.b.unary(UnOp::IsNan, h);
        (self.b.where_(h_nan, nan, r), self.b.where_(h_nan, nan, i))
    }

    /// Whether a complex value is nonzero (its truth as a condition or a bool).
    fn nonzero(&mut self, (re, im): Pair) -> NodeId {
        let zero = self.float(0.0, self.b.dtype(re));
        let r = self.bin(BinOp::Ne, re, zero);
        let i = self.bin(BinOp::Ne, im, zero);
        self.bin(BinOp::Or, r, i)
    }

    /// A binary operator with a complex operand; `t` is the complex dtype the two promote to.
    pub(super) fn complex_binary(
        &mut self,
        op: BinaryOp,
        (a, sa): (Val, Span),
        (b, sb): (Val, Span),
        t: DType,
        span: Span,
    ) -> Result<Val> {
        let part = t.complex_part().expect("a complex dtype");
        if op == BinaryOp::Pow {
            return self.complex_power((a, sa), (b, sb), t, true, span);
        }
        let x = self.parts(a, part, sa)?;
        let y = self.parts(b, part, sb)?;
        Ok(match op {
            BinaryOp::Add => pair((self.bin(BinOp::Add, x.0, y.0), self.bin(BinOp::Add, x.1, y.1))),
            BinaryOp::Sub => pair((self.bin(BinOp::Sub, x.0, y.0), self.bin(BinOp::Sub, x.1, y.1))),
            BinaryOp::Mul => pair(self.mul(x, y)),
            BinaryOp::Div => pair(self.div(x, y)),
            BinaryOp::Eq => {
                let (r, i) = (self.bin(BinOp::Eq, x.0, y.0), self.bin(BinOp::Eq, x.1, y.1));
                Val::Node(self.bin(BinOp::And, r, i))
            }
            BinaryOp::Ne => {
                let (r, i) = (self.bin(BinOp::Ne, x.0, y.0), self.bin(BinOp::Ne, x.1, y.1));
                Val::Node(self.bin(BinOp::Or, r, i))
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => Val::Node(self.lexicographic(op, x, y)),
            _ => {
                let message = format!("`{}` is not defined for complex numbers", op.symbol().trim());
                return Err(type_error(message, span));
            }
        })
    }

    /// `x * y` as NumPy's scalar code (`npy_cpow`'s products) and C's complex product for finite parts
    /// compute it: each product rounded.
    pub(super) fn mul_plain(&mut self, (ar, ai): Pair, (br, bi): Pair) -> Pair {
        let (rr, ii) = (self.bin(BinOp::Mul, ar, br), self.bin(BinOp::Mul, ai, bi));
        let (ri, ir) = (self.bin(BinOp::Mul, ar, bi), self.bin(BinOp::Mul, ai, br));
        (self.bin(BinOp::Sub, rr, ii), self.bin(BinOp::Add, ri, ir))
    }

    /// `1 / x` as NumPy's `reciprocal` loop: Smith's method with the numerator 1 folded in.
    fn reciprocal(&mut self, (re, im): Pair) -> Pair {
        let part = self.b.dtype(re);
        let one = self.float(1.0, part);
        let (abs_r, abs_i) = (self.b.unary(UnOp::Abs, re), self.b.unary(UnOp::Abs, im));
        let first = self.bin(BinOp::Le, abs_i, abs_r);
        // |im| <= |re|: r = im / re, d = re + im r, (1 / d, -r / d).
        let r = self.bin(BinOp::Div, im, re);
        let t = self.bin(BinOp::Mul, im, r);
        let d = self.bin(BinOp::Add, re, t);
        let re1 = self.bin(BinOp::Div, one, d);
        let neg_r = self.b.unary(UnOp::Neg, r);
        let im1 = self.bin(BinOp::Div, neg_r, d);
        // Else: r = re / im, d = re r + im, (r / d, -1 / d).
        let r = self.bin(BinOp::Div, re, im);
        let t = self.bin(BinOp::Mul, re, r);
        let d = self.bin(BinOp::Add, t, im);
        let re2 = self.bin(BinOp::Div, r, d);
        let minus_one = self.float(-1.0, part);
        let im2 = self.bin(BinOp::Div, minus_one, d);
        (self.b.where_(first, re1, re2), self.b.where_(first, im1, im2))
    }

    /// A comparison in NumPy's order of complex numbers: by real parts where neither imaginary part is
    /// NaN, then by imaginary parts where the real parts are equal.
    fn lexicographic(&mut self, op: BinaryOp, x: Pair, y: Pair) -> NodeId {
        let (strict, then) = match op {
            BinaryOp::Lt => (BinOp::Lt, BinOp::Lt),
            BinaryOp::Le => (BinOp::Lt, BinOp::Le),
            BinaryOp::Gt => (BinOp::Gt, BinOp::Gt),
            _ => (BinOp::Gt, BinOp::Ge),
        };
        let by_real = self.bin(strict, x.0, y.0);
        let (nx, ny) = (self.b.unary(UnOp::IsNan, x.1), self.b.unary(UnOp::IsNan, y.1));
        let nan = self.bin(BinOp::Or, nx, ny);
        let no_nan = self.b.unary(UnOp::Not, nan);
        let first = self.bin(BinOp::And, by_real, no_nan);
        let equal = self.bin(BinOp::Eq, x.0, y.0);
        let by_imag = self.bin(then, x.1, y.1);
        let second = self.bin(BinOp::And, equal, by_imag);
        self.bin(BinOp::Or, first, second)
    }

    /// `x ** y` with a complex operand, as NumPy 2 computes it. The operator with a Python integer 2 or
    /// -1, or the float 0.5, is NumPy's `square`, `reciprocal` or `sqrt` (its fast path for `**`); otherwise
    /// `npy_cpow`: a zero
    /// exponent gives 1, a zero base 0 (NaN for a negative exponent), an integer exponent below 100 in
    /// magnitude repeated multiplication (and for a negative one, a division of 1 by the power), any
    /// other exponent `exp(y log x)`.
    fn complex_power(
        &mut self,
        (a, sa): (Val, Span),
        (b, sb): (Val, Span),
        t: DType,
        operator: bool,
        span: Span,
    ) -> Result<Val> {
        let part = t.complex_part().expect("a complex dtype");
        let x = self.parts(a, part, sa)?;
        match b {
            Val::Int(2) if operator => return Ok(pair(self.mul(x, x))),
            Val::Int(-1) if operator => return Ok(pair(self.reciprocal(x))),
            Val::Float(h) if operator && h == 0.5 => return Ok(pair(self.csqrt(x))),
            _ => {}
        }
        let exponent = match b {
            Val::Int(n) => Some((n as f64, 0.0)),
            Val::Float(f) => Some((f, 0.0)),
            Val::ComplexLit(r, i) => Some((r, i)),
            Val::Node(id) => self.b.constant(id).map(|c| (c.as_f64(), 0.0)),
            Val::Complex(re, im) => match (self.b.constant(re), self.b.constant(im)) {
                (Some(r), Some(i)) => Some((r.as_f64(), i.as_f64())),
                _ => None,
            },
            Val::Bytes(_) => unreachable!("byte strings take no operators but comparisons (`bytes_binary`)"),
        };
        let Some((br, bi)) = exponent else {
            let y = self.parts(b, part, sb)?;
            return self.complex_pow_general(x, y, span);
        };
        // The exponent as the dtype holds it.
        let (br, bi) = (ops::cast(Scalar::F64(br), part).as_f64(), ops::cast(Scalar::F64(bi), part).as_f64());
        if br == 0.0 && bi == 0.0 {
            // x ** 0 is 1, NaN included.
            let (one, zero) = (self.float(1.0, part), self.float(0.0, part));
            return Ok(Val::Complex(one, zero));
        }
        let n = br as i64;
        if bi != 0.0 || n as f64 != br || n.unsigned_abs() >= 100 {
            let y = self.parts(b, part, sb)?;
            return self.complex_pow_general(x, y, span);
        }
        let r = match n.unsigned_abs() {
            1 => x,
            2 => self.mul_plain(x, x),
            3 => {
                let sq = self.mul_plain(x, x);
                self.mul_plain(x, sq)
            }
            m => {
                // Binary powering from 1.
                let mut acc = (self.float(1.0, part), self.float(0.0, part));
                let mut p = x;
                let mut mask = 1u64;
                loop {
                    if m & mask != 0 {
                        acc = self.mul_plain(acc, p);
                    }
                    mask <<= 1;
                    if m < mask {
                        break;
                    }
                    p = self.mul_plain(p, p);
                }
                acc
            }
        };
        let r = if n < 0 {
            let one = (self.float(1.0, part), self.float(0.0, part));
            self.div(one, r)
        } else {
            r
        };
        // A zero base: zero for a positive exponent, NaN for a negative one.
        let zero = self.float(0.0, part);
        let z = self.float(if n > 0 { 0.0 } else { f64::NAN }, part);
        let (re_zero, im_zero) = (self.bin(BinOp::Eq, x.0, zero), self.bin(BinOp::Eq, x.1, zero));
        let base_zero = self.bin(BinOp::And, re_zero, im_zero);
        Ok(Val::Complex(self.b.where_(base_zero, z, r.0), self.b.where_(base_zero, z, r.1)))
    }

    /// `x ** y` for any exponent: C's `cpow` after NumPy's own cases.
    fn complex_pow_general(&mut self, x: Pair, y: Pair, _span: Span) -> Result<Val> {
        Ok(pair(self.cpow(x, y)))
    }

    /// A unary operator on a complex value; `None` for a real one.
    pub(super) fn complex_unary(&mut self, op: UnaryOp, a: Val, span: Span) -> Result<Option<Val>> {
        if !is_complex(a) {
            return Ok(None);
        }
        Ok(Some(match (op, a) {
            (UnaryOp::Pos, _) => a,
            (UnaryOp::Neg, Val::ComplexLit(re, im)) => Val::ComplexLit(-re, -im),
            (UnaryOp::Neg, Val::Complex(re, im)) => {
                Val::Complex(self.b.unary(UnOp::Neg, re), self.b.unary(UnOp::Neg, im))
            }
            _ => {
                let message = format!("`{}` is not defined for complex numbers", op.symbol().trim());
                return Err(type_error(message, span));
            }
        }))
    }

    /// A function call where complex numbers are involved (an argument, or the function makes one);
    /// `None` where the call is a real one.
    pub(super) fn complex_call(
        &mut self,
        kind: FuncKind,
        name: &str,
        args: &[(Val, Span)],
        span: Span,
    ) -> Result<Option<Val>> {
        let (a, sa) = args[0];
        let any_complex = args.iter().any(|&(v, _)| is_complex(v));
        let makes_complex = matches!(kind, FuncKind::Complex) || matches!(kind, FuncKind::Cast(t) if t.is_complex());
        let reads_parts = matches!(kind, FuncKind::Real | FuncKind::Imag);
        if !any_complex && !makes_complex && !reads_parts {
            return Ok(None);
        }
        // What NumPy has no complex loop for, and what numjit lacks though NumPy has it.
        let undefined = || Err(type_error(format!("`{name}` is not defined for complex numbers"), span));
        let missing = || {
            let message = format!("`{name}` of complex numbers is not supported yet (NumPy has it)");
            Err(type_error(message, span))
        };
        if !any_complex {
            return Ok(Some(match kind {
                FuncKind::Real => Val::Node(self.strong(a, sa)?),
                FuncKind::Imag => {
                    // A real number's imaginary part is a zero of its dtype, in its shape.
                    let x = self.strong(a, sa)?;
                    let zero = ops::cast(Scalar::I64(0), self.b.dtype(x));
                    Val::Node(self.b.constant_node(zero))
                }
                FuncKind::Complex => {
                    let (b, sb) = args[1];
                    let t = self.common_or_default(a, b);
                    let part = promote::float_of(t);
                    let part = if part == DType::F16 { DType::F32 } else { part };
                    pair((self.typed(a, part, sa)?, self.typed(b, part, sb)?))
                }
                FuncKind::Cast(t) => {
                    let part = t.complex_part().expect("a complex cast");
                    pair(self.parts(a, part, sa)?)
                }
                _ => unreachable!("only the kinds above make complex numbers"),
            }));
        }
        let t = self.complex_dtype(a);
        let part = t.complex_part().expect("a complex dtype");
        Ok(Some(match kind {
            FuncKind::Real => Val::Node(self.parts(a, part, sa)?.0),
            FuncKind::Imag => Val::Node(self.parts(a, part, sa)?.1),
            FuncKind::Complex => {
                let message = "`complex` takes real parts: its arguments may not be complex";
                return Err(type_error(message, span));
            }
            FuncKind::Contains => unreachable!("checked by `bytes_call`"),
            FuncKind::MatMul(_) => unreachable!("matrix products are checked by `matmul`"),
            FuncKind::Identity => a,
            FuncKind::Conj => {
                let (re, im) = self.parts(a, part, sa)?;
                pair((re, self.b.unary(UnOp::Neg, im)))
            }
            FuncKind::OnesLike => pair((self.float(1.0, part), self.float(0.0, part))),
            FuncKind::Cast(to) if to.is_complex() => {
                let (re, im) = self.parts(a, part, sa)?;
                let p = to.complex_part().expect("a complex dtype");
                pair((self.b.cast(re, p), self.b.cast(im, p)))
            }
            // As NumPy: a bool is whether the number is nonzero; other dtypes take the real part.
            FuncKind::Cast(DType::Bool) => {
                let x = self.parts(a, part, sa)?;
                Val::Node(self.nonzero(x))
            }
            FuncKind::Cast(to) => {
                let (re, _) = self.parts(a, part, sa)?;
                Val::Node(self.b.cast(re, to))
            }
            FuncKind::NumericUnary(UnOp::Abs) => {
                let x = self.parts(a, part, sa)?;
                Val::Node(self.abs(x))
            }
            FuncKind::FloatPredicate(op) => {
                let (re, im) = self.parts(a, part, sa)?;
                let (r, i) = (self.b.unary(op, re), self.b.unary(op, im));
                Val::Node(self.bin(if op == UnOp::IsFinite { BinOp::And } else { BinOp::Or }, r, i))
            }
            FuncKind::RoundingUnary(UnOp::Round) => {
                let (re, im) = self.parts(a, part, sa)?;
                pair((self.b.unary(UnOp::Round, re), self.b.unary(UnOp::Round, im)))
            }
            FuncKind::Where => {
                let c = if is_complex(a) {
                    let x = self.parts(a, part, sa)?;
                    self.nonzero(x)
                } else {
                    let c = self.strong(a, sa)?;
                    self.b.cast(c, DType::Bool)
                };
                let ((x, sx), (y, sy)) = (args[1], args[2]);
                if !is_complex(x) && !is_complex(y) {
                    let t = self.common_or_default(x, y);
                    let x = self.typed(x, t, sx)?;
                    let y = self.typed(y, t, sy)?;
                    return Ok(Some(Val::Node(self.b.where_(c, x, y))));
                }
                let t = self.common_or_default(x, y);
                let part = t.complex_part().expect("a complex operand makes a complex result");
                let (xr, xi) = self.parts(x, part, sx)?;
                let (yr, yi) = self.parts(y, part, sy)?;
                pair((self.b.where_(c, xr, yr), self.b.where_(c, xi, yi)))
            }
            FuncKind::Power => {
                let (b, sb) = args[1];
                let t = self.common_or_default(a, b);
                self.complex_power((a, sa), (b, sb), t, false, span)?
            }
            FuncKind::FloatUnary(op) => {
                let x = self.parts(a, part, sa)?;
                match self.complex_function(op, x) {
                    Some(r) => pair(r),
                    // `cbrt` and `signbit`: NumPy has no complex loop either.
                    None => return undefined(),
                }
            }
            FuncKind::RoundingUnary(_) => return undefined(),
            FuncKind::NumericUnary(UnOp::Sign) => {
                let x = self.parts(a, part, sa)?;
                pair(self.sign(x))
            }
            FuncKind::NumericUnary(_) => return missing(),
            FuncKind::PromotedBinary(op @ (BinOp::Min | BinOp::Max)) => {
                // NumPy: the first operand where it has a NaN part or orders first (lexicographically,
                // as `<=` / `>=`), else the second.
                let (b, sb) = args[1];
                let t = self.common_or_default(a, b);
                let part = t.complex_part().expect("a complex operand makes a complex result");
                let x = self.parts(a, part, sa)?;
                let y = self.parts(b, part, sb)?;
                let cmp = if op == BinOp::Max { BinaryOp::Ge } else { BinaryOp::Le };
                let keep = self.lexicographic(cmp, x, y);
                let (nr, ni) = (self.b.unary(UnOp::IsNan, x.0), self.b.unary(UnOp::IsNan, x.1));
                let nan = self.bin(BinOp::Or, nr, ni);
                let keep = self.bin(BinOp::Or, nan, keep);
                pair((self.b.where_(keep, x.0, y.0), self.b.where_(keep, x.1, y.1)))
            }
            FuncKind::PromotedBinary(_) | FuncKind::FloatBinary(_) => return undefined(),
            FuncKind::Reduce(_) => unreachable!("reductions are checked by `reduction`"),
        }))
    }

    /// A reduction of a complex operand, given as its parts: one reduction per part (sums and means), or
    /// of the squared magnitudes of the deviations (`var`, `std`, whose results are real).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn complex_reduction(
        &mut self,
        r: funcs::Reduction,
        name: &str,
        (re, im): Pair,
        spec: &dyn Fn(ReduceOp, bool) -> Reduce,
        keepdims: bool,
        ddof: i64,
        shapers: &[Shaper],
        span: Span,
    ) -> Result<(Val, usize)> {
        use funcs::Reduction as R;
        let mut last = None;
        let mut reduce = |b: &mut crate::ir::Builder, op: ReduceOp, arg: NodeId, keepdims: bool| {
            let dtype = op.result(b.dtype(arg));
            let id = b.reduce(spec(op, keepdims), arg, shapers.to_vec(), dtype);
            last = b.reduction_index(id);
            id
        };
        let part = self.b.dtype(re);
        // NumPy divides a complex sum by its count as by the complex number (n + 0j), Smith's method:
        // each part times 1/n, a NaN where the other part is infinite. The count is a sum of ones.
        let mut mean = |cx: &mut Self, re: NodeId, im: NodeId, keepdims: bool| {
            let one = cx.float(1.0, part);
            let n = reduce(&mut cx.b, ReduceOp::Sum, one, keepdims);
            let sr = reduce(&mut cx.b, ReduceOp::Sum, re, keepdims);
            let si = reduce(&mut cx.b, ReduceOp::Sum, im, keepdims);
            let zero = cx.float(0.0, part);
            cx.div((sr, si), (n, zero))
        };
        let v = match r {
            R::Sum => {
                let re = reduce(&mut self.b, ReduceOp::Sum, re, keepdims);
                let im = reduce(&mut self.b, ReduceOp::Sum, im, keepdims);
                Val::Complex(re, im)
            }
            R::Mean => {
                let (re, im) = mean(self, re, im, keepdims);
                Val::Complex(re, im)
            }
            R::Var | R::Std => {
                // NumPy's `_var`: the mean of (x - mean(x)) times its conjugate, whose real part is
                // re^2 + im^2.
                let (mr, mi) = mean(self, re, im, true);
                let (dr, di) = (self.bin(BinOp::Sub, re, mr), self.bin(BinOp::Sub, im, mi));
                let (rr, ii) = (self.bin(BinOp::Mul, dr, dr), self.bin(BinOp::Mul, di, di));
                let sq = self.bin(BinOp::Add, rr, ii);
                let var = reduce(&mut self.b, ReduceOp::Mean { ddof }, sq, keepdims);
                Val::Node(if r == R::Std { self.b.unary(UnOp::Sqrt, var) } else { var })
            }
            R::Any | R::All | R::CountNonzero => {
                let nz = self.nonzero((re, im));
                let (op, arg) = match r {
                    R::Any => (ReduceOp::Any, nz),
                    R::All => (ReduceOp::All, nz),
                    _ => (ReduceOp::Sum, self.b.cast(nz, DType::I64)),
                };
                Val::Node(reduce(&mut self.b, op, arg, keepdims))
            }
            R::Prod => {
                // A product does not split into its parts' reductions: one reduction of complex values.
                let (re, im) = self.b.reduce_pair(spec(ReduceOp::Prod, keepdims), (re, im), shapers.to_vec());
                last = self.b.reduction_index(re);
                Val::Complex(re, im)
            }
            R::Min | R::Max | R::ArgMin | R::ArgMax => {
                let message = format!(
                    "`{name}` of complex numbers is not supported: NumPy orders them by real parts, then \
                     imaginary ones (take `.real`, `.imag` or `abs` first)"
                );
                return Err(type_error(message, span));
            }
        };
        Ok((v, last.expect("a reduction call builds a reduction")))
    }
}

/// An operation between two literals, at least one of them a Python complex, computed as Python does.
pub(super) fn literal_binary(op: BinaryOp, a: Val, b: Val, span: Span) -> Result<Literal> {
    let c = |v: Val| match v {
        Val::Int(i) => (i as f64, 0.0),
        Val::Float(f) => (f, 0.0),
        Val::ComplexLit(re, im) => (re, im),
        _ => unreachable!("called for literals"),
    };
    let (x, y) = (c(a), c(b));
    let lit = |(re, im): (f64, f64)| Ok(Literal::Val(Val::ComplexLit(re, im)));
    let zero = || Error::new(ErrorKind::Literal { message: "complex division by zero".into() }, span);
    match op {
        BinaryOp::Add => lit((x.0 + y.0, x.1 + y.1)),
        BinaryOp::Sub => lit((x.0 - y.0, x.1 - y.1)),
        BinaryOp::Mul => lit(py_mul(x, y)),
        BinaryOp::Div => py_div(x, y).ok_or_else(zero).and_then(lit),
        BinaryOp::Pow => {
            if x == (0.0, 0.0) && (y.1 != 0.0 || y.0 < 0.0) {
                let message = "0.0 to a negative or complex power".into();
                return Err(Error::new(ErrorKind::Literal { message }, span));
            }
            let finite = |v: (f64, f64)| v.0.is_finite() && v.1.is_finite();
            let r = if y.1 == 0.0 && y.0 == y.0.floor() && y.0.abs() <= 100.0 {
                let n = y.0 as i64;
                let p = py_powu(x, n.unsigned_abs());
                if n < 0 {
                    py_div((1.0, 0.0), p).ok_or_else(zero)?
                } else {
                    p
                }
            } else {
                py_pow(x, y)
            };
            // Python raises where finite numbers overflow, as for real `**`.
            if finite(x) && finite(y) && !finite(r) {
                let message = "the literal result of `**` is too large for a complex number".to_owned();
                return Err(Error::new(ErrorKind::Literal { message }, span));
            }
            lit(r)
        }
        BinaryOp::Eq => Ok(Literal::Bool(x.0 == y.0 && x.1 == y.1)),
        BinaryOp::Ne => Ok(Literal::Bool(x.0 != y.0 || x.1 != y.1)),
        _ => {
            let message = format!("`{}` is not defined for complex numbers", op.symbol().trim());
            Err(type_error(message, span))
        }
    }
}

fn py_mul(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// Python's complex division (Smith's method); `None` for a zero divisor.
fn py_div(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    let (abs_r, abs_i) = (b.0.abs(), b.1.abs());
    if abs_r >= abs_i {
        if abs_r == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_i >= abs_r {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Some((f64::NAN, f64::NAN))
    }
}

/// Python's integer power of a complex number: binary powering from 1.
fn py_powu(x: (f64, f64), n: u64) -> (f64, f64) {
    let (mut r, mut p, mut mask) = ((1.0, 0.0), x, 1u64);
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = py_mul(r, p);
        }
        mask <<= 1;
        p = py_mul(p, p);
    }
    r
}

/// Python's complex power in polar form.
fn py_pow(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    if b == (0.0, 0.0) {
        return (1.0, 0.0);
    }
    if a == (0.0, 0.0) {
        return (0.0, 0.0);
    }
    let vabs = a.0.hypot(a.1);
    let mut len = vabs.powf(b.0);
    let at = a.1.atan2(a.0);
    let mut phase = at * b.0;
    if b.1 != 0.0 {
        len /= (at * b.1).exp();
        phase += b.1 * vabs.ln();
    }
    (len * phase.cos(), len * phase.sin())
}
