//! `vmath`'s algorithms emitted as Cranelift vector code, and the cold blocks that send rare lanes (outside
//! a function's fast range: specials, huge or tiny arguments, domain edges) one by one to the scalar
//! function, which computes them as the interpreter does.
//!
//! `Arith` is implemented on a whole iteration at once: four f64x2 vectors or two f32x4 (eight lanes), each
//! operation emitted for all of them one after another. (Cranelift's optimizer re-places pure
//! instructions next to their uses, so the machine code computes one vector's chain after another anyway,
//! with shared constants loaded once and spilled between the chains; the out-of-order core overlaps the
//! chains. `opt_level=none`, which keeps the emitted order, measured 20% slower.)

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::types;
use cranelift_codegen::ir::{InstBuilder, Value};

use cranelift_codegen::ir::Type;

use super::abi::Helper;
use super::lower::{Bundle, Lowerer};
use crate::dtype::DType;
use crate::ops::{BinOp, UnOp};
use crate::vmath::{self, Arith, Format, MathFn, MathFn2, Precision};

/// Lowers a unary operation: vector math here, everything else by the `Lowerer`.
pub fn unary(s: &mut Lowerer, op: UnOp, a: &Bundle, dtype: DType) -> Bundle {
    match op {
        UnOp::Math(f) if dtype.is_float() => lower_unary_math(s, f, a, dtype),
        _ => s.unary(op, a, dtype),
    }
}

/// Lowers a binary operation: vector math (and integer `//` and `%` through float64) here, everything
/// else by the `Lowerer`.
pub fn binary(s: &mut Lowerer, op: BinOp, a: &Bundle, b: &Bundle, dtype: DType) -> Bundle {
    match op {
        _ if dtype.is_float() && op.float_math().is_some() => {
            lower_binary_math(s, op.float_math().expect("checked"), a, b, dtype)
        }
        BinOp::Fmod | BinOp::FloorDiv | BinOp::Mod if dtype.is_float() => lower_divmod(s, op, a, b, dtype),
        BinOp::FloorDiv | BinOp::Mod if matches!(dtype, DType::I32 | DType::I64) => {
            lower_int_divmod(s, op, a, b, dtype)
        }
        // Integers held in int32 or int64 lanes as their values: the lanes' exact `//` and `%`, wrapped
        // (int8's minimum // -1 leaves the range); uint64 is not held so and takes its helper.
        BinOp::FloorDiv | BinOp::Mod if dtype.is_int() && dtype != DType::U64 => {
            let r = lower_int_divmod(s, op, a, b, super::lower::lane_dtype(dtype));
            s.wrap(r, dtype)
        }
        _ => s.binary(op, a, b, dtype),
    }
}

/// The vectors of one iteration: four f64x2 or two f32x4 (or their integer bits and masks).
type Quad<const N: usize> = [Value; N];

/// A bundle's vectors as a `Quad`.
fn quad<const N: usize>(b: &Bundle) -> Quad<N> {
    std::array::from_fn(|k| b.vecs[k])
}

/// `$body` over a `Wide` named `$w` of `$dtype`'s width (four f64x2, or two f32x4) and `$fmt` its format:
/// the result's vectors.
macro_rules! by_width {
    ($lw:expr, $dtype:expr, |$w:ident, $fmt:ident| $body:expr) => {{
        let $fmt = format($dtype, $lw.precision);
        if $dtype == DType::F64 {
            let mut $w = Wide::<4> { lw: $lw, ft: types::F64X2, it: types::I64X2 };
            $body.to_vec()
        } else {
            let mut $w = Wide::<2> { lw: $lw, ft: types::F32X4, it: types::I32X4 };
            $body.to_vec()
        }
    }};
}

/// `f` over `args` as four float64 vectors each: float32 bundles are widened first and the result
/// rounded back once, as the interpreter computes these functions (in float64) for float32.
fn in_f64(
    lw: &mut Lowerer,
    dtype: DType,
    args: &[&Bundle],
    f: impl FnOnce(&mut Wide<'_, '_, '_, 4>, &[Quad<4>]) -> Quad<4>,
) -> Bundle {
    let wide: Vec<Quad<4>> =
        args.iter().map(|b| if dtype == DType::F64 { quad(b) } else { quad(&lw.cast(b, dtype, DType::F64)) }).collect();
    let mut w = Wide::<4> { lw, ft: types::F64X2, it: types::I64X2 };
    let r = Bundle { ty: types::F64X2, vecs: f(&mut w, &wide).to_vec() };
    if dtype == DType::F64 {
        r
    } else {
        w.lw.cast(&r, DType::F64, dtype)
    }
}

/// `Arith` over `N` vectors of float type `ft` (with integer type `it`).
struct Wide<'l, 'a, 'b, const N: usize> {
    lw: &'l mut Lowerer<'a, 'b>,
    ft: Type,
    it: Type,
}

impl<const N: usize> Wide<'_, '_, '_, N> {
    fn each(&mut self, a: Quad<N>, mut f: impl FnMut(&mut Lowerer, Value) -> Value) -> Quad<N> {
        a.map(|x| f(self.lw, x))
    }

    fn each2(&mut self, a: Quad<N>, b: Quad<N>, mut f: impl FnMut(&mut Lowerer, Value, Value) -> Value) -> Quad<N> {
        std::array::from_fn(|k| f(self.lw, a[k], b[k]))
    }

    fn shift(&mut self, a: Quad<N>, n: u32, f: fn(&mut Lowerer, Value, Value) -> Value) -> Quad<N> {
        let n = self.lw.b.ins().iconst(types::I32, n as i64);
        self.each(a, |l, x| f(l, x, n))
    }
}

impl<const N: usize> Arith for Wide<'_, '_, '_, N> {
    type F = Quad<N>;
    type I = Quad<N>;
    type M = Quad<N>;

    fn f(&mut self, v: f64) -> Quad<N> {
        let s = if self.ft == types::F64X2 { self.lw.b.ins().f64const(v) } else { self.lw.b.ins().f32const(v as f32) };
        [self.lw.b.ins().splat(self.ft, s); N]
    }
    fn i(&mut self, v: i64) -> Quad<N> {
        let s = self.lw.b.ins().iconst(self.it.lane_type(), v);
        [self.lw.b.ins().splat(self.it, s); N]
    }
    fn add(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().fadd(x, y))
    }
    fn sub(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().fsub(x, y))
    }
    fn mul(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().fmul(x, y))
    }
    fn div(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().fdiv(x, y))
    }
    fn fma(&mut self, a: Quad<N>, b: Quad<N>, c: Quad<N>) -> Quad<N> {
        std::array::from_fn(|k| self.lw.b.ins().fma(a[k], b[k], c[k]))
    }
    fn rint(&mut self, a: Quad<N>) -> Quad<N> {
        self.each(a, |l, x| l.b.ins().nearest(x))
    }
    fn sqrt(&mut self, a: Quad<N>) -> Quad<N> {
        self.each(a, |l, x| l.b.ins().sqrt(x))
    }
    fn trunc(&mut self, a: Quad<N>) -> Quad<N> {
        self.each(a, |l, x| l.b.ins().trunc(x))
    }
    fn floor(&mut self, a: Quad<N>) -> Quad<N> {
        self.each(a, |l, x| l.b.ins().floor(x))
    }
    fn abs(&mut self, a: Quad<N>) -> Quad<N> {
        self.each(a, |l, x| l.b.ins().fabs(x))
    }
    fn lt(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().fcmp(FloatCC::LessThan, x, y))
    }
    fn gt(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().fcmp(FloatCC::GreaterThan, x, y))
    }
    fn eq(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().fcmp(FloatCC::Equal, x, y))
    }
    fn ult(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().fcmp(FloatCC::UnorderedOrLessThan, x, y))
    }
    fn ule(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().fcmp(FloatCC::UnorderedOrLessThanOrEqual, x, y))
    }
    fn ugt(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().fcmp(FloatCC::UnorderedOrGreaterThan, x, y))
    }
    fn uge(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().fcmp(FloatCC::UnorderedOrGreaterThanOrEqual, x, y))
    }
    fn or(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().bor(x, y))
    }
    fn select(&mut self, m: Quad<N>, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        std::array::from_fn(|k| {
            let mk = self.lw.bitcast(self.ft, m[k]);
            self.lw.b.ins().bitselect(mk, a[k], b[k])
        })
    }
    fn float_to_bits(&mut self, a: Quad<N>) -> Quad<N> {
        let it = self.it;
        self.each(a, |l, x| l.bitcast(it, x))
    }
    fn bits_to_float(&mut self, a: Quad<N>) -> Quad<N> {
        let ft = self.ft;
        self.each(a, |l, x| l.bitcast(ft, x))
    }
    fn iadd(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().iadd(x, y))
    }
    fn isub(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().isub(x, y))
    }
    fn iand(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().band(x, y))
    }
    fn ior(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().bor(x, y))
    }
    fn ixor(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().bxor(x, y))
    }
    fn shl(&mut self, a: Quad<N>, n: u32) -> Quad<N> {
        self.shift(a, n, |l, x, n| l.b.ins().ishl(x, n))
    }
    fn sshr(&mut self, a: Quad<N>, n: u32) -> Quad<N> {
        self.shift(a, n, |l, x, n| l.b.ins().sshr(x, n))
    }
    fn ushr(&mut self, a: Quad<N>, n: u32) -> Quad<N> {
        self.shift(a, n, |l, x, n| l.b.ins().ushr(x, n))
    }
    fn ieq(&mut self, a: Quad<N>, b: Quad<N>) -> Quad<N> {
        self.each2(a, b, |l, x, y| l.b.ins().icmp(IntCC::Equal, x, y))
    }
}

/// A vector-math function on one iteration's bundle of `dtype` (float32 or float64): its row's lanes,
/// the cold ones sent to the row's full function one by one; a widened row in float64 (float32 bundles
/// widened first and the result rounded back once, as the interpreter computes it).
fn lower_unary_math(lw: &mut Lowerer, f: MathFn, x: &Bundle, dtype: DType) -> Bundle {
    let helper = super::abi::unary_math_helper(f, dtype, lw.precision);
    if f.widened_at(lw.precision) {
        let fmt = format(dtype, lw.precision);
        in_f64(lw, dtype, &[x], |w, args| {
            let lanes = f.lanes(w, fmt, args[0]);
            with_cold(w, args, lanes, helper)
        })
    } else {
        Bundle {
            ty: x.ty,
            vecs: by_width!(lw, dtype, |w, fmt| {
                let x = quad(x);
                let lanes = f.lanes(&mut w, fmt, x);
                with_cold(&mut w, &[x], lanes, helper)
            }),
        }
    }
}

/// The same for a function of two floats.
fn lower_binary_math(lw: &mut Lowerer, f: MathFn2, x: &Bundle, y: &Bundle, dtype: DType) -> Bundle {
    let helper = super::abi::binary_math_helper(f, dtype, lw.precision);
    if f.widened_at(lw.precision) {
        let fmt = format(dtype, lw.precision);
        in_f64(lw, dtype, &[x, y], |w, args| {
            let lanes = f.lanes(w, fmt, args[0], args[1]);
            with_cold(w, args, lanes, helper)
        })
    } else {
        Bundle {
            ty: x.ty,
            vecs: by_width!(lw, dtype, |w, fmt| {
                let (x, y) = (quad(x), quad(y));
                let lanes = f.lanes(&mut w, fmt, x, y);
                with_cold(&mut w, &[x, y], lanes, helper)
            }),
        }
    }
}

/// A float dtype's `vmath` format at a precision.
fn format(dtype: DType, precision: Precision) -> &'static Format {
    vmath::format(dtype == DType::F64, precision)
}

/// The fast result, its cold lanes (if any) replaced by `helper`'s values on `args`.
fn with_cold<const N: usize>(
    w: &mut Wide<'_, '_, '_, N>,
    args: &[Quad<N>],
    (fast, cold): (Quad<N>, Option<Quad<N>>),
    helper: Helper,
) -> Quad<N> {
    match cold {
        Some(big) => cold_lanes(w, args, fast, helper, big),
        None => fast,
    }
}

/// `fmod`, `//` or `%` of floats on one iteration's bundles of `dtype`: `fmod_fast` / `divmod_fast`, with
/// the lanes outside their range (y zero, subnormal, infinite or NaN; x infinite or NaN; |x| >= 2^51 |y|,
/// float32 2^22)
/// sent to the scalar operation.
pub fn lower_divmod(lw: &mut Lowerer, op: BinOp, x: &Bundle, y: &Bundle, dtype: DType) -> Bundle {
    let helper = super::abi::binary_helper(op, dtype).expect("float fmod, // and % have scalar helpers");
    Bundle { ty: x.ty, vecs: by_width!(lw, dtype, |w, fmt| divmod_lanes(&mut w, fmt, op, quad(x), quad(y), helper)) }
}

fn divmod_lanes<const N: usize>(
    w: &mut Wide<'_, '_, '_, N>,
    fmt: &Format,
    op: BinOp,
    x: Quad<N>,
    y: Quad<N>,
    helper: Helper,
) -> Quad<N> {
    let fast = match op {
        BinOp::Fmod => vmath::fmod_fast(w, fmt, x, y),
        BinOp::FloorDiv => vmath::divmod_fast(w, fmt, x, y).0,
        _ => vmath::divmod_fast(w, fmt, x, y).1,
    };
    let (min, inf, range) = (w.f(fmt.min_normal)[0], w.f(f64::INFINITY)[0], w.f(vmath::fmod_range(fmt))[0]);
    let big: Quad<N> = std::array::from_fn(|k| {
        let b = &mut w.lw.b;
        let (ax, ay) = (b.ins().fabs(x[k]), b.ins().fabs(y[k]));
        let low = b.ins().fcmp(FloatCC::UnorderedOrLessThan, ay, min);
        let top = b.ins().fcmp(FloatCC::Equal, ay, inf);
        let bound = b.ins().fmul(ay, range);
        let far = b.ins().fcmp(FloatCC::UnorderedOrGreaterThanOrEqual, ax, bound);
        let m = b.ins().bor(low, top);
        b.ins().bor(m, far)
    });
    cold_lanes(w, &[x, y], fast, helper, big)
}

/// `//` or `%` of int32 or int64 bundles, exactly, through float64: where |x| and |y| are below 2^50, the
/// floor of the rounded quotient is the true floor (a quotient just below an integer n is at least 1/|y|
/// below it, more than half an ulp of n) and x - q y is exact. int32 always fits (y = 0 gives 0, and
/// int32's minimum // -1 wraps to the minimum, as `ops` computes them); int64 lanes beyond 2^50 go to
/// the scalar operation in a cold block.
pub fn lower_int_divmod(lw: &mut Lowerer, op: BinOp, x: &Bundle, y: &Bundle, dtype: DType) -> Bundle {
    let wide =
        |lw: &mut Lowerer, b: &Bundle| if dtype == DType::I64 { b.clone() } else { lw.cast(b, dtype, DType::I64) };
    let (xw, yw) = (wide(lw, x), wide(lw, y));
    let (x, y): (Quad<4>, Quad<4>) = (quad(&xw), quad(&yw));
    let magic = 6755399441055744.0f64; // 1.5 * 2^52: an integer below 2^51 added to it lands in the low bits
    let r: Quad<4> = std::array::from_fn(|k| {
        let (xf, yf) = (lw.small_i64_to_f64(x[k]), lw.small_i64_to_f64(y[k]));
        let d = lw.b.ins().fdiv(xf, yf);
        let q = lw.b.ins().floor(d);
        let v = if op == BinOp::FloorDiv {
            q
        } else {
            let qy = lw.b.ins().fmul(q, yf);
            lw.b.ins().fsub(xf, qy)
        };
        let m = lw.splat_bits(types::F64X2, magic.to_bits());
        let t = lw.b.ins().fadd(v, m);
        let bits = lw.bitcast(types::I64X2, t);
        let mb = lw.splat_bits(types::I64X2, magic.to_bits());
        let v = lw.b.ins().isub(bits, mb);
        let zero = lw.splat_bits(types::I64X2, 0);
        let by_zero = lw.b.ins().icmp(IntCC::Equal, y[k], zero);
        lw.b.ins().bitselect(by_zero, zero, v)
    });
    let r = if dtype == DType::I64 {
        let helper = super::abi::binary_helper(op, dtype).expect("integer // and % have scalar helpers");
        let mut w = Wide::<4> { lw, ft: types::I64X2, it: types::I64X2 };
        let (off, top) = (w.i(1 << 50)[0], w.i(1 << 51)[0]);
        let big: Quad<4> = std::array::from_fn(|k| {
            let b = &mut w.lw.b;
            let (sx, sy) = (b.ins().iadd(x[k], off), b.ins().iadd(y[k], off));
            let fx = b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, sx, top);
            let fy = b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, sy, top);
            b.ins().bor(fx, fy)
        });
        cold_lanes(&mut w, &[x, y], r, helper, big)
    } else {
        r
    };
    let vecs =
        if dtype == DType::I64 { r.to_vec() } else { r.chunks(2).map(|p| lw.narrow_i64_pair(p[0], p[1])).collect() };
    Bundle { ty: super::lower::vector_type(dtype), vecs }
}

/// `sin` and `cos` of one bundle from one argument reduction (both are live in the graph), each with
/// its row's cold lanes.
pub fn lower_sincos(lw: &mut Lowerer, x: &Bundle, dtype: DType) -> (Bundle, Bundle) {
    let helpers = [MathFn::Sin, MathFn::Cos].map(|f| super::abi::unary_math_helper(f, dtype, lw.precision));
    let both: Vec<(Value, Value)> = by_width!(lw, dtype, |w, fmt| {
        let x = quad(x);
        let (s, c) = vmath::sincos(&mut w, fmt, x);
        let big = vmath::beyond_trig_limit(&mut w, fmt, x);
        let s = cold_lanes(&mut w, &[x], s, helpers[0], big);
        let c = cold_lanes(&mut w, &[x], c, helpers[1], big);
        s.into_iter().zip(c).collect::<Vec<_>>()
    });
    let (s, c) = both.into_iter().unzip();
    (Bundle { ty: x.ty, vecs: s }, Bundle { ty: x.ty, vecs: c })
}

/// Lanes set in `big` (rare) take `helper` one by one, on the lanes of `args`, in a block of their own;
/// the others keep the fast result. Emission continues in the join block.
fn cold_lanes<const N: usize>(
    w: &mut Wide<'_, '_, '_, N>,
    args: &[Quad<N>],
    fast: Quad<N>,
    helper: Helper,
    big: Quad<N>,
) -> Quad<N> {
    let (ft, lw) = (w.ft, &mut *w.lw);
    let any = big[1..].iter().fold(big[0], |m, &b| lw.b.ins().bor(m, b));
    let any = lw.b.ins().vany_true(any);
    let cold = lw.b.create_block();
    let join = lw.b.create_block();
    for _ in 0..N {
        lw.b.append_block_param(join, ft);
    }
    lw.b.set_cold_block(cold);
    let fast_args: Vec<_> = fast.iter().map(|&v| v.into()).collect();
    lw.b.ins().brif(any, cold, &[], join, &fast_args);
    lw.b.switch_to_block(cold);
    let merged: Vec<_> = (0..N)
        .map(|k| {
            let mut v = fast[k];
            for lane in 0..ft.lane_count() as u8 {
                let s: Vec<Value> = args.iter().map(|arg| lw.b.ins().extractlane(arg[k], lane)).collect();
                let r = lw.call_helper(helper, &s);
                v = lw.b.ins().insertlane(v, r, lane);
            }
            let mask = lw.bitcast(ft, big[k]);
            lw.b.ins().bitselect(mask, v, fast[k]).into()
        })
        .collect();
    lw.b.ins().jump(join, &merged);
    lw.b.switch_to_block(join);
    let params = lw.b.block_params(join);
    std::array::from_fn(|k| params[k])
}
