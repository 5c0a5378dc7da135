//! `vmath`'s algorithms emitted as Cranelift vector code, and the cold path that sends `sin` and `cos`
//! lanes beyond the fast range to libm.
//!
//! `Arith` is implemented on a whole iteration at once: four f64x2 vectors (eight lanes), each operation
//! emitted for the four one after another. Interleaving the four independent chains keeps the pipelines
//! busy and the polynomial constants' live ranges short (one load feeds four uses), where emitting one
//! vector's whole function after another made the register allocator spill every constant.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::types;
use cranelift_codegen::ir::{InstBuilder, Value};

use super::abi::{libm_cos, libm_sin, Helper};
use super::lower::Lowerer;
use crate::ops::UnOp;
use crate::vmath::{self, Arith, TRIG_LIMIT};

/// The f64x2 vectors of one iteration.
pub const WIDTH: usize = 4;

/// Four f64x2 vectors (or their i64x2 bits and masks).
type Quad = [Value; WIDTH];

struct Wide<'l, 'a, 'b>(&'l mut Lowerer<'a, 'b>);

impl Wide<'_, '_, '_> {
    fn each(&mut self, a: Quad, mut f: impl FnMut(&mut Lowerer, Value) -> Value) -> Quad {
        a.map(|x| f(self.0, x))
    }

    fn each2(&mut self, a: Quad, b: Quad, mut f: impl FnMut(&mut Lowerer, Value, Value) -> Value) -> Quad {
        std::array::from_fn(|k| f(self.0, a[k], b[k]))
    }

    fn shift(&mut self, a: Quad, n: u32, f: fn(&mut Lowerer, Value, Value) -> Value) -> Quad {
        let n = self.0.b.ins().iconst(types::I32, n as i64);
        self.each(a, |l, x| f(l, x, n))
    }
}

impl Arith for Wide<'_, '_, '_> {
    type F = Quad;
    type I = Quad;
    type M = Quad;

    fn f(&mut self, v: f64) -> Quad {
        let s = self.0.b.ins().f64const(v);
        [self.0.b.ins().splat(types::F64X2, s); WIDTH]
    }
    fn i(&mut self, v: i64) -> Quad {
        let s = self.0.b.ins().iconst(types::I64, v);
        [self.0.b.ins().splat(types::I64X2, s); WIDTH]
    }
    fn add(&mut self, a: Quad, b: Quad) -> Quad {
        self.each2(a, b, |l, x, y| l.b.ins().fadd(x, y))
    }
    fn sub(&mut self, a: Quad, b: Quad) -> Quad {
        self.each2(a, b, |l, x, y| l.b.ins().fsub(x, y))
    }
    fn mul(&mut self, a: Quad, b: Quad) -> Quad {
        self.each2(a, b, |l, x, y| l.b.ins().fmul(x, y))
    }
    fn div(&mut self, a: Quad, b: Quad) -> Quad {
        self.each2(a, b, |l, x, y| l.b.ins().fdiv(x, y))
    }
    fn fma(&mut self, a: Quad, b: Quad, c: Quad) -> Quad {
        std::array::from_fn(|k| self.0.b.ins().fma(a[k], b[k], c[k]))
    }
    fn rint(&mut self, a: Quad) -> Quad {
        self.each(a, |l, x| l.b.ins().nearest(x))
    }
    fn abs(&mut self, a: Quad) -> Quad {
        self.each(a, |l, x| l.b.ins().fabs(x))
    }
    fn lt(&mut self, a: Quad, b: Quad) -> Quad {
        self.each2(a, b, |l, x, y| l.b.ins().fcmp(FloatCC::LessThan, x, y))
    }
    fn gt(&mut self, a: Quad, b: Quad) -> Quad {
        self.each2(a, b, |l, x, y| l.b.ins().fcmp(FloatCC::GreaterThan, x, y))
    }
    fn eq(&mut self, a: Quad, b: Quad) -> Quad {
        self.each2(a, b, |l, x, y| l.b.ins().fcmp(FloatCC::Equal, x, y))
    }
    fn or(&mut self, a: Quad, b: Quad) -> Quad {
        self.each2(a, b, |l, x, y| l.b.ins().bor(x, y))
    }
    fn select(&mut self, m: Quad, a: Quad, b: Quad) -> Quad {
        std::array::from_fn(|k| {
            let mk = self.0.bitcast(types::F64X2, m[k]);
            self.0.b.ins().bitselect(mk, a[k], b[k])
        })
    }
    fn float_to_bits(&mut self, a: Quad) -> Quad {
        self.each(a, |l, x| l.bitcast(types::I64X2, x))
    }
    fn bits_to_float(&mut self, a: Quad) -> Quad {
        self.each(a, |l, x| l.bitcast(types::F64X2, x))
    }
    fn iadd(&mut self, a: Quad, b: Quad) -> Quad {
        self.each2(a, b, |l, x, y| l.b.ins().iadd(x, y))
    }
    fn isub(&mut self, a: Quad, b: Quad) -> Quad {
        self.each2(a, b, |l, x, y| l.b.ins().isub(x, y))
    }
    fn iand(&mut self, a: Quad, b: Quad) -> Quad {
        self.each2(a, b, |l, x, y| l.b.ins().band(x, y))
    }
    fn ior(&mut self, a: Quad, b: Quad) -> Quad {
        self.each2(a, b, |l, x, y| l.b.ins().bor(x, y))
    }
    fn ixor(&mut self, a: Quad, b: Quad) -> Quad {
        self.each2(a, b, |l, x, y| l.b.ins().bxor(x, y))
    }
    fn shl(&mut self, a: Quad, n: u32) -> Quad {
        self.shift(a, n, |l, x, n| l.b.ins().ishl(x, n))
    }
    fn sshr(&mut self, a: Quad, n: u32) -> Quad {
        self.shift(a, n, |l, x, n| l.b.ins().sshr(x, n))
    }
    fn ushr(&mut self, a: Quad, n: u32) -> Quad {
        self.shift(a, n, |l, x, n| l.b.ins().ushr(x, n))
    }
    fn ieq(&mut self, a: Quad, b: Quad) -> Quad {
        self.each2(a, b, |l, x, y| l.b.ins().icmp(IntCC::Equal, x, y))
    }
}

/// Whether `op` is one of the functions emitted inline from `vmath`.
pub fn is_inline(op: UnOp) -> bool {
    matches!(op, UnOp::Exp | UnOp::Log | UnOp::Sin | UnOp::Cos)
}

/// `op` on the four f64x2 vectors of one iteration.
pub fn f64_quad(lw: &mut Lowerer, op: UnOp, x: Quad) -> Quad {
    let fast = match op {
        UnOp::Exp => vmath::exp(&mut Wide(lw), x),
        UnOp::Log => vmath::log(&mut Wide(lw), x),
        UnOp::Sin => vmath::sin(&mut Wide(lw), x),
        UnOp::Cos => vmath::cos(&mut Wide(lw), x),
        _ => unreachable!("{op:?} is not inline"),
    };
    match op {
        UnOp::Sin => cold_trig(lw, x, fast, Helper::UnaryF64(libm_sin)),
        UnOp::Cos => cold_trig(lw, x, fast, Helper::UnaryF64(libm_cos)),
        _ => fast,
    }
}

/// Lanes with |x| > `TRIG_LIMIT` (rare) take `helper` one by one, in a block of their own; the others
/// keep the fast result. Emission continues in the join block.
fn cold_trig(lw: &mut Lowerer, x: Quad, fast: Quad, helper: Helper) -> Quad {
    let limit = lw.b.ins().f64const(TRIG_LIMIT);
    let limit = lw.b.ins().splat(types::F64X2, limit);
    let big: Quad = x.map(|v| {
        let ax = lw.b.ins().fabs(v);
        lw.b.ins().fcmp(FloatCC::GreaterThan, ax, limit)
    });
    let any = big[1..].iter().fold(big[0], |m, &b| lw.b.ins().bor(m, b));
    let any = lw.b.ins().vany_true(any);
    let cold = lw.b.create_block();
    let join = lw.b.create_block();
    for _ in 0..WIDTH {
        lw.b.append_block_param(join, types::F64X2);
    }
    lw.b.set_cold_block(cold);
    let args: Vec<_> = fast.iter().map(|&v| v.into()).collect();
    lw.b.ins().brif(any, cold, &[], join, &args);
    lw.b.switch_to_block(cold);
    let merged: Vec<_> = (0..WIDTH)
        .map(|k| {
            let mut v = fast[k];
            for lane in 0..2u8 {
                let s = lw.b.ins().extractlane(x[k], lane);
                let r = lw.call_helper(helper, &[s]);
                v = lw.b.ins().insertlane(v, r, lane);
            }
            let mask = lw.bitcast(types::F64X2, big[k]);
            lw.b.ins().bitselect(mask, v, fast[k]).into()
        })
        .collect();
    lw.b.ins().jump(join, &merged);
    lw.b.switch_to_block(join);
    let params = lw.b.block_params(join);
    std::array::from_fn(|k| params[k])
}
