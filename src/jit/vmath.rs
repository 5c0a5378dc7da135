//! `vmath`'s algorithms emitted as Cranelift vector code: `Arith` on f64x2 values, and the cold path that
//! sends `sin` and `cos` lanes beyond the fast range to libm.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::types;
use cranelift_codegen::ir::{InstBuilder, Value};

use super::abi::{libm_cos, libm_sin, Helper};
use super::lower::Lowerer;
use crate::ops::UnOp;
use crate::vmath::{self, Arith, TRIG_LIMIT};

/// `Arith` over one f64x2 vector (masks and integers are i64x2).
struct F64x2<'l, 'a, 'b>(&'l mut Lowerer<'a, 'b>);

impl Arith for F64x2<'_, '_, '_> {
    type F = Value;
    type I = Value;
    type M = Value;

    fn f(&mut self, v: f64) -> Value {
        let s = self.0.b.ins().f64const(v);
        self.0.b.ins().splat(types::F64X2, s)
    }
    fn i(&mut self, v: i64) -> Value {
        let s = self.0.b.ins().iconst(types::I64, v);
        self.0.b.ins().splat(types::I64X2, s)
    }
    fn add(&mut self, a: Value, b: Value) -> Value {
        self.0.b.ins().fadd(a, b)
    }
    fn sub(&mut self, a: Value, b: Value) -> Value {
        self.0.b.ins().fsub(a, b)
    }
    fn mul(&mut self, a: Value, b: Value) -> Value {
        self.0.b.ins().fmul(a, b)
    }
    fn div(&mut self, a: Value, b: Value) -> Value {
        self.0.b.ins().fdiv(a, b)
    }
    fn fma(&mut self, a: Value, b: Value, c: Value) -> Value {
        self.0.b.ins().fma(a, b, c)
    }
    fn rint(&mut self, a: Value) -> Value {
        self.0.b.ins().nearest(a)
    }
    fn abs(&mut self, a: Value) -> Value {
        self.0.b.ins().fabs(a)
    }
    fn lt(&mut self, a: Value, b: Value) -> Value {
        self.0.b.ins().fcmp(FloatCC::LessThan, a, b)
    }
    fn gt(&mut self, a: Value, b: Value) -> Value {
        self.0.b.ins().fcmp(FloatCC::GreaterThan, a, b)
    }
    fn eq(&mut self, a: Value, b: Value) -> Value {
        self.0.b.ins().fcmp(FloatCC::Equal, a, b)
    }
    fn or(&mut self, a: Value, b: Value) -> Value {
        self.0.b.ins().bor(a, b)
    }
    fn select(&mut self, m: Value, a: Value, b: Value) -> Value {
        let m = self.0.bitcast(types::F64X2, m);
        self.0.b.ins().bitselect(m, a, b)
    }
    fn float_to_bits(&mut self, a: Value) -> Value {
        self.0.bitcast(types::I64X2, a)
    }
    fn bits_to_float(&mut self, a: Value) -> Value {
        self.0.bitcast(types::F64X2, a)
    }
    fn iadd(&mut self, a: Value, b: Value) -> Value {
        self.0.b.ins().iadd(a, b)
    }
    fn isub(&mut self, a: Value, b: Value) -> Value {
        self.0.b.ins().isub(a, b)
    }
    fn iand(&mut self, a: Value, b: Value) -> Value {
        self.0.b.ins().band(a, b)
    }
    fn ior(&mut self, a: Value, b: Value) -> Value {
        self.0.b.ins().bor(a, b)
    }
    fn ixor(&mut self, a: Value, b: Value) -> Value {
        self.0.b.ins().bxor(a, b)
    }
    fn shl(&mut self, a: Value, n: u32) -> Value {
        let n = self.0.b.ins().iconst(types::I32, n as i64);
        self.0.b.ins().ishl(a, n)
    }
    fn sshr(&mut self, a: Value, n: u32) -> Value {
        let n = self.0.b.ins().iconst(types::I32, n as i64);
        self.0.b.ins().sshr(a, n)
    }
    fn ushr(&mut self, a: Value, n: u32) -> Value {
        let n = self.0.b.ins().iconst(types::I32, n as i64);
        self.0.b.ins().ushr(a, n)
    }
    fn ieq(&mut self, a: Value, b: Value) -> Value {
        self.0.b.ins().icmp(IntCC::Equal, a, b)
    }
}

/// Whether `op` is one of the functions emitted inline from `vmath`.
pub fn is_inline(op: UnOp) -> bool {
    matches!(op, UnOp::Exp | UnOp::Log | UnOp::Sin | UnOp::Cos)
}

/// `op` on one f64x2 vector.
pub fn f64x2(lw: &mut Lowerer, op: UnOp, x: Value) -> Value {
    let fast = match op {
        UnOp::Exp => vmath::exp(&mut F64x2(lw), x),
        UnOp::Log => vmath::log(&mut F64x2(lw), x),
        UnOp::Sin => vmath::sin(&mut F64x2(lw), x),
        UnOp::Cos => vmath::cos(&mut F64x2(lw), x),
        _ => unreachable!("{op:?} is not inline"),
    };
    match op {
        UnOp::Sin => cold_trig(lw, x, fast, Helper::UnaryF64(libm_sin)),
        UnOp::Cos => cold_trig(lw, x, fast, Helper::UnaryF64(libm_cos)),
        _ => fast,
    }
}

/// Lanes with |x| > `TRIG_LIMIT` (rare) take `helper` per lane, in a block of their own; the others keep
/// the fast result. Emission continues in the join block.
fn cold_trig(lw: &mut Lowerer, x: Value, fast: Value, helper: Helper) -> Value {
    let ax = lw.b.ins().fabs(x);
    let limit = lw.b.ins().f64const(TRIG_LIMIT);
    let limit = lw.b.ins().splat(types::F64X2, limit);
    let big = lw.b.ins().fcmp(FloatCC::GreaterThan, ax, limit);
    let any = lw.b.ins().vany_true(big);
    let cold = lw.b.create_block();
    let join = lw.b.create_block();
    lw.b.append_block_param(join, types::F64X2);
    lw.b.set_cold_block(cold);
    lw.b.ins().brif(any, cold, &[], join, &[fast.into()]);
    lw.b.switch_to_block(cold);
    let mut v = fast;
    for lane in 0..2u8 {
        let s = lw.b.ins().extractlane(x, lane);
        let r = lw.call_helper(helper, &[s]);
        v = lw.b.ins().insertlane(v, r, lane);
    }
    let mask = lw.bitcast(types::F64X2, big);
    let merged = lw.b.ins().bitselect(mask, v, fast);
    lw.b.ins().jump(join, &[merged.into()]);
    lw.b.switch_to_block(join);
    lw.b.block_params(join)[0]
}
