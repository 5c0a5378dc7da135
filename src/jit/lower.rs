//! Lowering IR nodes to Cranelift vector code.
//!
//! Every IR value is a `Bundle`: the `LANES` elements of one loop iteration, held in as many 128-bit
//! vectors as its dtype needs (four f64x2, two f32x4, ...). Bool values are lane masks (all ones or all
//! zeros), 32 or 64 bits wide, converted where an operation needs the other width. Operations with a vector
//! form on x86-64 are emitted as such; the rest (integer division, shifts by a per-lane count, float `//`,
//! `%` and `**`, float to integer casts) go lane by lane, with a call to a scalar helper where the
//! operation is not a single instruction.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::types::{self, Type};
use cranelift_codegen::ir::{AbiParam, ConstantData, Endianness, InstBuilder, MemFlagsData, Signature, Value};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::FunctionBuilder;

use super::abi::{binary_helper, Helper};
use crate::dtype::{DType, Scalar};
use crate::ops::{BinOp, UnOp};
use crate::vmath::Precision;

/// Elements per loop iteration: 4 vectors of f64x2 or 2 of f32x4.
pub const LANES: usize = 8;

/// The values of one IR node for one iteration.
#[derive(Clone, Debug)]
pub struct Bundle {
    /// The vector type of each part: a float or integer vector, or for bool the integer mask type.
    pub ty: Type,
    pub vecs: Vec<Value>,
}

/// Emits operations into a function under construction.
pub struct Lowerer<'a, 'b> {
    pub b: &'a mut FunctionBuilder<'b>,
    pub call_conv: CallConv,
    /// The graph's vector-math precision.
    pub precision: Precision,
}

/// The vector type numjit computes `dtype` in (bool: 32-bit masks, the form loads produce).
pub fn vector_type(dtype: DType) -> Type {
    match lane_dtype(dtype) {
        DType::F32 => types::F32X4,
        DType::F64 => types::F64X2,
        DType::I64 => types::I64X2,
        _ => types::I32X4,
    }
}

/// The dtype whose lanes hold `dtype`'s values in registers: int8, int16, uint8 and uint16 are held
/// in int32 lanes and uint32 in int64 lanes, each as its exact value (sign- or zero-extended, which
/// `wrap` restores after an operation that may leave the range); uint64 is held in int64 lanes as its
/// bits; float16 in float32 lanes as its exact value (converted by loads and stores, rounded by casts
/// to it; no operation has float16 operands, `ir::Builder` computes them in float32). Every other dtype
/// is its own.
pub fn lane_dtype(dtype: DType) -> DType {
    match dtype {
        DType::I8 | DType::I16 | DType::U8 | DType::U16 => DType::I32,
        DType::U32 | DType::U64 => DType::I64,
        DType::F16 => DType::F32,
        t => t,
    }
}

fn nvecs(ty: Type) -> usize {
    LANES / ty.lane_count() as usize
}

/// The integer vector type with the lanes of `ty` (the type of its comparison masks).
fn mask_type(ty: Type) -> Type {
    ty.as_int()
}

fn little() -> MemFlagsData {
    MemFlagsData::new().with_endianness(Endianness::Little)
}

/// Plain loads and stores of array data: only element-aligned, and never trapping on valid pointers.
pub fn mem() -> MemFlagsData {
    MemFlagsData::new().with_notrap()
}

/// Loads of a kernel's input arrays: `mem()`, and free to move to where their value is first used
/// (`readonly`, `can_move`), so that an input is loaded just before each of its vectors is computed
/// with, often into the operation itself (`vsubpd xmm1, xmm1, [rsi+r10*8]`), instead of all inputs at the
/// top of the loop (a five-input stencil held twenty vectors and spilled five to the stack).
///
/// Sound because no kernel writes what it reads, but for an output in place, which is one of its inputs
/// at the same address and strides (`exec::run`): the store of an element follows the load of that
/// element (it needs its value), and every other store is to another element. The loads stay inside the
/// loop: each depends on its counter. Loads of what the kernel itself writes (stack slots, strip buffers)
/// keep `mem()`.
pub fn input_mem() -> MemFlagsData {
    mem().with_readonly().with_can_move()
}

impl Lowerer<'_, '_> {
    pub(super) fn bitcast(&mut self, ty: Type, v: Value) -> Value {
        if self.b.func.dfg.value_type(v) == ty {
            v
        } else {
            self.b.ins().bitcast(ty, little(), v)
        }
    }

    fn map(&mut self, a: &Bundle, ty: Type, mut f: impl FnMut(&mut Self, Value) -> Value) -> Bundle {
        let vecs = a.vecs.iter().map(|&v| f(self, v)).collect();
        Bundle { ty, vecs }
    }

    fn zip(&mut self, a: &Bundle, b: &Bundle, ty: Type, mut f: impl FnMut(&mut Self, Value, Value) -> Value) -> Bundle {
        debug_assert_eq!(a.vecs.len(), b.vecs.len());
        let vecs = a.vecs.iter().zip(&b.vecs).map(|(&x, &y)| f(self, x, y)).collect();
        Bundle { ty, vecs }
    }

    /// A vector of `ty` with every lane `bits` (the lane's bit pattern).
    pub(super) fn splat_bits(&mut self, ty: Type, bits: u64) -> Value {
        let lane = ty.lane_type();
        let s = match lane {
            types::F64 => self.b.ins().f64const(f64::from_bits(bits)),
            types::F32 => self.b.ins().f32const(f32::from_bits(bits as u32)),
            _ => self.b.ins().iconst(lane, bits as i64),
        };
        self.b.ins().splat(ty, s)
    }

    /// A constant bundle.
    pub fn constant(&mut self, c: Scalar) -> Bundle {
        let ty = vector_type(c.dtype());
        let bits = match c {
            Scalar::Bool(v) => {
                if v {
                    u32::MAX as u64
                } else {
                    0
                }
            }
            Scalar::F32(_) | Scalar::F64(_) => c.bits(),
            Scalar::F16(h) => h.to_f32().to_bits() as u64,
            // An integer as its lanes hold it: its value, cut to the lane.
            int => int.as_i128().unwrap_or_default() as u64,
        };
        let v = self.splat_bits(ty, bits);
        Bundle { ty, vecs: vec![v; nvecs(ty)] }
    }

    /// Loads the iteration's elements of `dtype` from `addr`, with `flags` (`mem()` or `input_mem()`).
    pub fn load(&mut self, dtype: DType, addr: Value, flags: MemFlagsData) -> Bundle {
        let ty = vector_type(dtype);
        if dtype == DType::Bool {
            // Eight bytes of 0 or 1, widened to two i32x4 masks.
            let bytes = self.b.ins().load(types::I64, flags, addr, 0);
            let v = self.b.ins().scalar_to_vector(types::I64X2, bytes);
            let v = self.bitcast(types::I8X16, v);
            let h = self.b.ins().uwiden_low(v);
            let lo = self.b.ins().uwiden_low(h);
            let hi = self.b.ins().uwiden_high(h);
            let vecs = vec![self.b.ins().ineg(lo), self.b.ins().ineg(hi)];
            return Bundle { ty, vecs };
        }
        if dtype == DType::F16 {
            let bits = self.load(DType::U16, addr, flags);
            return self.half_to_f32(&bits);
        }
        let vecs = match dtype {
            // Eight bytes, widened to two i32x4.
            DType::I8 => {
                let h = self.b.ins().sload8x8(flags, addr, 0);
                vec![self.b.ins().swiden_low(h), self.b.ins().swiden_high(h)]
            }
            DType::U8 => {
                let h = self.b.ins().uload8x8(flags, addr, 0);
                vec![self.b.ins().uwiden_low(h), self.b.ins().uwiden_high(h)]
            }
            DType::I16 => (0..2).map(|k| self.b.ins().sload16x4(flags, addr, 8 * k)).collect(),
            DType::U16 => (0..2).map(|k| self.b.ins().uload16x4(flags, addr, 8 * k)).collect(),
            DType::U32 => (0..4).map(|k| self.b.ins().uload32x2(flags, addr, 8 * k)).collect(),
            _ => (0..nvecs(ty)).map(|k| self.b.ins().load(ty, flags, addr, (16 * k) as i32)).collect(),
        };
        Bundle { ty, vecs }
    }

    /// Loads one element of an integer `dtype` held in wider lanes, extended to its lane type.
    fn load_held(&mut self, dtype: DType, p: Value, flags: MemFlagsData) -> Value {
        let lane = vector_type(dtype).lane_type();
        match dtype {
            DType::I8 => self.b.ins().sload8(lane, flags, p, 0),
            DType::U8 => self.b.ins().uload8(lane, flags, p, 0),
            DType::I16 => self.b.ins().sload16(lane, flags, p, 0),
            DType::U16 => self.b.ins().uload16(lane, flags, p, 0),
            DType::U32 => self.b.ins().uload32(flags, p, 0),
            _ => self.b.ins().load(lane, flags, p, 0),
        }
    }

    /// Stores one lane `s` of an integer `dtype` held in wider lanes: its low bytes.
    fn store_held(&mut self, dtype: DType, s: Value, p: Value) {
        match dtype.size() {
            1 => self.b.ins().istore8(mem(), s, p, 0),
            2 => self.b.ins().istore16(mem(), s, p, 0),
            4 if vector_type(dtype).lane_bits() == 64 => self.b.ins().istore32(mem(), s, p, 0),
            _ => self.b.ins().store(mem(), s, p, 0),
        };
    }

    /// Restores the invariant of an integer dtype held in wider lanes (`lane_dtype`) after an operation
    /// whose result may leave its range: the low bits, sign- or zero-extended.
    pub fn wrap(&mut self, v: Bundle, dtype: DType) -> Bundle {
        let held = 8 * dtype.size() as i64;
        let lane = v.ty.lane_bits() as i64;
        if !dtype.is_int() || held == lane || dtype == DType::U64 {
            return v;
        }
        let ty = v.ty;
        if dtype.is_signed() {
            self.map(&v, ty, |s, x| {
                let up = s.b.ins().ishl_imm_s(x, lane - held);
                s.b.ins().sshr_imm_s(up, lane - held)
            })
        } else {
            let mask = self.splat_bits(ty, (1u64 << held) - 1);
            self.map(&v, ty, |s, x| s.b.ins().band(x, mask))
        }
    }

    /// `n` vectors of type `ty` holding -0.0, the identity of floating-point addition.
    pub fn neg_zeros(&mut self, ty: Type, n: usize) -> Vec<Value> {
        let bits = if ty.lane_type() == types::F32 { (-0.0f32).to_bits() as u64 } else { (-0.0f64).to_bits() };
        (0..n).map(|_| self.splat_bits(ty, bits)).collect()
    }

    /// Loads one element of `dtype` from `addr` and broadcasts it to every lane.
    pub fn load_splat(&mut self, dtype: DType, addr: Value) -> Bundle {
        if dtype == DType::F16 {
            let bits = self.load_splat(DType::U16, addr);
            return self.half_to_f32(&bits);
        }
        let ty = vector_type(dtype);
        let v = match dtype {
            DType::Bool => {
                let byte = self.b.ins().uload8(types::I32, mem(), addr, 0);
                let mask = self.b.ins().ineg(byte);
                self.b.ins().splat(ty, mask)
            }
            t if lane_dtype(t) != t => {
                let s = self.load_held(t, addr, mem());
                self.b.ins().splat(ty, s)
            }
            _ => {
                let s = self.b.ins().load(ty.lane_type(), mem(), addr, 0);
                self.b.ins().splat(ty, s)
            }
        };
        Bundle { ty, vecs: vec![v; nvecs(ty)] }
    }

    /// Loads the iteration's elements of `dtype` from `addr`, `stride` bytes apart, with `flags`.
    pub fn load_strided(&mut self, dtype: DType, addr: Value, stride: Value, flags: MemFlagsData) -> Bundle {
        if dtype == DType::F16 {
            let bits = self.load_strided(DType::U16, addr, stride, flags);
            return self.half_to_f32(&bits);
        }
        let ty = vector_type(dtype);
        let lane = ty.lane_type();
        let per = ty.lane_count() as usize;
        let mut p = addr;
        let mut vecs = Vec::with_capacity(nvecs(ty));
        for _ in 0..nvecs(ty) {
            let mut v = None;
            for j in 0..per {
                let s = if dtype == DType::Bool {
                    let byte = self.b.ins().uload8(types::I32, flags, p, 0);
                    self.b.ins().ineg(byte)
                } else if lane_dtype(dtype) != dtype {
                    self.load_held(dtype, p, flags)
                } else {
                    self.b.ins().load(lane, flags, p, 0)
                };
                v = Some(match v {
                    None => self.b.ins().scalar_to_vector(ty, s),
                    Some(v) => self.b.ins().insertlane(v, s, j as u8),
                });
                p = self.b.ins().iadd(p, stride);
            }
            vecs.push(v.expect("vectors have lanes"));
        }
        Bundle { ty, vecs }
    }

    /// Stores the iteration's elements of `dtype` at `addr`, `stride` bytes apart.
    pub fn store_strided(&mut self, dtype: DType, v: &Bundle, addr: Value, stride: Value) {
        if dtype == DType::F16 {
            let bits = self.f32_to_half(v);
            return self.store_strided(DType::U16, &bits, addr, stride);
        }
        let v = if dtype == DType::Bool { self.mask_as(v, types::I32X4) } else { v.clone() };
        let per = v.ty.lane_count() as usize;
        let mut p = addr;
        for &vec in &v.vecs {
            for j in 0..per {
                let s = self.b.ins().extractlane(vec, j as u8);
                if dtype == DType::Bool {
                    let one = self.b.ins().band_imm_s(s, 1);
                    self.b.ins().istore8(mem(), one, p, 0);
                } else {
                    self.store_held(dtype, s, p);
                }
                p = self.b.ins().iadd(p, stride);
            }
        }
    }

    /// Stores the iteration's elements of `dtype` at `addr`.
    pub fn store(&mut self, dtype: DType, v: &Bundle, addr: Value) {
        if dtype == DType::F16 {
            let bits = self.f32_to_half(v);
            return self.store(DType::U16, &bits, addr);
        }
        if dtype == DType::Bool {
            let m = self.mask_as(v, types::I32X4);
            let one = self.splat_bits(types::I32X4, 1);
            let (a, b) = (self.b.ins().band(m.vecs[0], one), self.b.ins().band(m.vecs[1], one));
            let h = self.b.ins().snarrow(a, b);
            let bytes = self.b.ins().snarrow(h, h);
            let q = self.bitcast(types::I64X2, bytes);
            let q = self.b.ins().extractlane(q, 0);
            self.b.ins().store(mem(), q, addr, 0);
            return;
        }
        let (v0, v1) = (v.vecs[0], v.vecs[1]);
        match dtype {
            // The lanes hold values in range, so narrowing with saturation keeps them.
            DType::I8 | DType::U8 => {
                let signed = dtype == DType::I8;
                let h = if signed { self.b.ins().snarrow(v0, v1) } else { self.b.ins().unarrow(v0, v1) };
                let bytes = if signed { self.b.ins().snarrow(h, h) } else { self.b.ins().unarrow(h, h) };
                let q = self.bitcast(types::I64X2, bytes);
                let q = self.b.ins().extractlane(q, 0);
                self.b.ins().store(mem(), q, addr, 0);
            }
            DType::I16 => {
                let h = self.b.ins().snarrow(v0, v1);
                self.b.ins().store(mem(), h, addr, 0);
            }
            DType::U16 => {
                let h = self.b.ins().unarrow(v0, v1);
                self.b.ins().store(mem(), h, addr, 0);
            }
            DType::U32 => {
                for k in 0..2 {
                    let w = self.narrow_i64_pair(v.vecs[2 * k], v.vecs[2 * k + 1]);
                    self.b.ins().store(mem(), w, addr, (16 * k) as i32);
                }
            }
            _ => {
                for (k, &vec) in v.vecs.iter().enumerate() {
                    self.b.ins().store(mem(), vec, addr, (16 * k) as i32);
                }
            }
        }
    }

    /// float16 bits (int32 lanes, zero-extended) to the float32 of the same value: the exponent rebiased
    /// (inf and NaN twice, to the top exponent), a subnormal as 2^-14 (1 + m/1024) - 2^-14, the sign put back.
    fn half_to_f32(&mut self, h: &Bundle) -> Bundle {
        let i = types::I32X4;
        let [sign_bit, magnitude, exp_field, rebias, one_exp] =
            [0x8000, 0x7FFF, 0x0F80_0000, 0x3800_0000, 0x0080_0000].map(|k| self.splat_bits(i, k));
        let zero = self.splat_bits(i, 0);
        let min_normal = self.splat_bits(types::F32X4, (2f32.powi(-14)).to_bits() as u64);
        self.map(h, types::F32X4, |s, v| {
            let sign = s.b.ins().band(v, sign_bit);
            let sign = s.b.ins().ishl_imm_s(sign, 16);
            let em = s.b.ins().band(v, magnitude);
            let o = s.b.ins().ishl_imm_s(em, 13);
            let e = s.b.ins().band(o, exp_field);
            let o = s.b.ins().iadd(o, rebias);
            let special = s.b.ins().icmp(IntCC::Equal, e, exp_field);
            let twice = s.b.ins().iadd(o, rebias);
            let o = s.b.ins().bitselect(special, twice, o);
            let sub = s.b.ins().icmp(IntCC::Equal, e, zero);
            let up = s.b.ins().iadd(o, one_exp);
            let up = s.bitcast(types::F32X4, up);
            let up = s.b.ins().fsub(up, min_normal);
            let up = s.bitcast(i, up);
            let o = s.b.ins().bitselect(sub, up, o);
            let o = s.b.ins().bor(o, sign);
            s.bitcast(types::F32X4, o)
        })
    }

    /// float32 lanes holding float16 values (or infinities and NaNs) to their float16 bits, in int32 lanes:
    /// normal numbers rebiased, subnormal ones as the bits of 0.5 + |x| past those of 0.5 (x is a multiple
    /// of 2^-24, exact there), NaN quieted with its payload's top bits, as `half::f16::from_f32`.
    fn f32_to_half(&mut self, v: &Bundle) -> Bundle {
        let i = types::I32X4;
        let [magnitude, rebias, min_normal, inf, exp_bits, quiet, half_bits] =
            [0x7FFF_FFFF, 0x3800_0000, 0x3880_0000, 0x7F80_0000, 0x7C00, 0x200, 0x3F00_0000]
                .map(|k| self.splat_bits(i, k));
        let [mant_bits, sign_bit] = [0x3FF, 0x8000].map(|k| self.splat_bits(i, k));
        let half = self.splat_bits(types::F32X4, 0.5f32.to_bits() as u64);
        self.map(v, i, |s, x| {
            let bits = s.bitcast(i, x);
            let sign = s.b.ins().ushr_imm_s(bits, 16);
            let sign = s.b.ins().band(sign, sign_bit);
            let a = s.b.ins().band(bits, magnitude);
            let norm = s.b.ins().isub(a, rebias);
            let norm = s.b.ins().ushr_imm_s(norm, 13);
            let abs = s.b.ins().fabs(x);
            let sub = s.b.ins().fadd(abs, half);
            let sub = s.bitcast(i, sub);
            let sub = s.b.ins().isub(sub, half_bits);
            let m = s.b.ins().ushr_imm_s(a, 13);
            let m = s.b.ins().band(m, mant_bits);
            let nan = s.b.ins().icmp(IntCC::SignedGreaterThan, a, inf);
            let q = s.b.ins().band(nan, quiet);
            let special = s.b.ins().bor(exp_bits, m);
            let special = s.b.ins().bor(special, q);
            let is_special = s.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, a, inf);
            let r = s.b.ins().bitselect(is_special, special, norm);
            let is_sub = s.b.ins().icmp(IntCC::SignedLessThan, a, min_normal);
            let r = s.b.ins().bitselect(is_sub, sub, r);
            s.b.ins().bor(r, sign)
        })
    }

    /// Float lanes (float32 or float64) rounded to float16's precision, to nearest even, kept in their
    /// type: (x + c) - c with c = 1.5 * 2^(e + p - 11), e x's exponent clamped to float16's range
    /// [-14, 16] and p the type's significand bits, so the sum's last place is float16's at x; the sign
    /// put back (for zeros) and magnitudes above float16's largest, 65504, made infinite.
    fn round_to_half(&mut self, v: &Bundle) -> Bundle {
        let ty = v.ty;
        let i = ty.as_int();
        let wide = ty.lane_type() == types::F64;
        let (frac, bias) = if wide { (52, 1023i64) } else { (23, 127) };
        let field = |e: i64| (e as u64) << frac;
        let f = |s: &mut Self, x: f64| {
            let bits = if wide { x.to_bits() } else { (x as f32).to_bits() as u64 };
            s.splat_bits(ty, bits)
        };
        let (tiny, huge, largest) = (f(self, 2f64.powi(-14)), f(self, 65536.0), f(self, 65504.0));
        let inf = f(self, f64::INFINITY);
        let [exp_mask, lo, hi, step, mid, sign_mask] = [
            field((2 * bias) + 1),
            field(bias - 14),
            field(bias + 16),
            field(frac - 10),
            1u64 << (frac - 1),
            1u64 << (ty.lane_bits() - 1),
        ]
        .map(|k| self.splat_bits(i, k));
        let inf_bits = self.bitcast(i, inf);
        self.map(v, ty, |s, x| {
            let abs = s.b.ins().fabs(x);
            let bits = s.bitcast(i, x);
            let e = s.b.ins().band(bits, exp_mask);
            let small = s.b.ins().fcmp(FloatCC::LessThan, abs, tiny);
            let small = s.bitcast(i, small);
            let e = s.b.ins().bitselect(small, lo, e);
            let big = s.b.ins().fcmp(FloatCC::GreaterThanOrEqual, abs, huge);
            let big = s.bitcast(i, big);
            let e = s.b.ins().bitselect(big, hi, e);
            let c = s.b.ins().iadd(e, step);
            let c = s.b.ins().bor(c, mid);
            let c = s.bitcast(ty, c);
            let r = s.b.ins().fadd(x, c);
            let r = s.b.ins().fsub(r, c);
            let sign = s.b.ins().band(bits, sign_mask);
            let r = s.bitcast(i, r);
            let r = s.b.ins().bor(r, sign);
            let over = {
                let rf = s.bitcast(ty, r);
                let m = s.b.ins().fabs(rf);
                s.b.ins().fcmp(FloatCC::GreaterThan, m, largest)
            };
            let over = s.bitcast(i, over);
            let signed_inf = s.b.ins().bor(inf_bits, sign);
            let r = s.b.ins().bitselect(over, signed_inf, r);
            s.bitcast(ty, r)
        })
    }

    /// A mask bundle with lanes of `ty`'s width (32 or 64 bits).
    fn mask_as(&mut self, m: &Bundle, ty: Type) -> Bundle {
        let want = mask_type(ty);
        if m.ty == want {
            return m.clone();
        }
        let mut vecs = Vec::new();
        if want == types::I64X2 {
            for &v in &m.vecs {
                vecs.push(self.b.ins().swiden_low(v));
                vecs.push(self.b.ins().swiden_high(v));
            }
        } else {
            for pair in m.vecs.chunks(2) {
                vecs.push(self.narrow_i64_pair(pair[0], pair[1]));
            }
        }
        Bundle { ty: want, vecs }
    }

    fn mask_as_if_bool(&mut self, v: &Bundle, ty: Type) -> Bundle {
        if v.ty == ty {
            v.clone()
        } else {
            self.mask_as(v, ty)
        }
    }

    /// The low 32 bits of each i64 lane of `a` then `b`, as one i32x4.
    pub(super) fn narrow_i64_pair(&mut self, a: Value, b: Value) -> Value {
        let a = self.bitcast(types::I8X16, a);
        let b = self.bitcast(types::I8X16, b);
        let idx: [u8; 16] = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27];
        let v = self.shuffle(a, b, idx);
        self.bitcast(types::I32X4, v)
    }

    fn shuffle(&mut self, a: Value, b: Value, idx: [u8; 16]) -> Value {
        let imm = self.b.func.dfg.immediates.push(ConstantData::from(idx.to_vec()));
        self.b.ins().shuffle(a, b, imm)
    }

    /// Stores complex elements from the vectors of their parts (float32 or float64), interleaved: each
    /// pair of vectors becomes the two vectors of their lanes' pairs, `re[0], im[0], re[1], im[1], ...`.
    pub fn store_pairs(&mut self, part: DType, re: &Bundle, im: &Bundle, addr: Value) {
        // Bytes of the low halves of both, then of the high halves.
        let (lo, hi): ([u8; 16], [u8; 16]) = if part == DType::F64 {
            (
                [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23],
                [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31],
            )
        } else {
            (
                [0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23],
                [8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31],
            )
        };
        for (k, (&r, &m)) in re.vecs.iter().zip(&im.vecs).enumerate() {
            let (r, m) = (self.bitcast(types::I8X16, r), self.bitcast(types::I8X16, m));
            let a = self.shuffle(r, m, lo);
            let b = self.shuffle(r, m, hi);
            self.b.ins().store(mem(), a, addr, (32 * k) as i32);
            self.b.ins().store(mem(), b, addr, (32 * k + 16) as i32);
        }
    }

    /// Stores complex elements one at a time, `stride` bytes apart: each lane's real part, then its
    /// imaginary part beside it.
    pub fn store_pairs_strided(&mut self, part: DType, re: &Bundle, im: &Bundle, addr: Value, stride: Value) {
        let per = re.ty.lane_count() as u8;
        let mut p = addr;
        for (&r, &m) in re.vecs.iter().zip(&im.vecs) {
            for j in 0..per {
                let (x, y) = (self.b.ins().extractlane(r, j), self.b.ins().extractlane(m, j));
                self.b.ins().store(mem(), x, p, 0);
                self.b.ins().store(mem(), y, p, part.size() as i32);
                p = self.b.ins().iadd(p, stride);
            }
        }
    }

    /// The upper two 32-bit lanes of `v` moved to the bottom.
    fn high_half(&mut self, v: Value) -> Value {
        let ty = self.b.func.dfg.value_type(v);
        let x = self.bitcast(types::I8X16, v);
        let idx: [u8; 16] = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
        let s = self.shuffle(x, x, idx);
        self.bitcast(ty, s)
    }

    /// Applies `f` to every lane of the arguments and packs the results into vectors of `out`.
    fn per_lane(&mut self, out: Type, args: &[&Bundle], mut f: impl FnMut(&mut Self, &[Value]) -> Value) -> Bundle {
        let mut lanes: Vec<Vec<Value>> = (0..LANES).map(|_| Vec::with_capacity(args.len())).collect();
        for a in args {
            let per = a.ty.lane_count() as usize;
            for (k, &v) in a.vecs.iter().enumerate() {
                for j in 0..per {
                    let s = self.b.ins().extractlane(v, j as u8);
                    lanes[k * per + j].push(s);
                }
            }
        }
        let results: Vec<Value> = lanes.iter().map(|l| f(self, l)).collect();
        let per = out.lane_count() as usize;
        let vecs = results
            .chunks(per)
            .map(|chunk| {
                let mut v = self.b.ins().splat(out, chunk[0]);
                for (j, &s) in chunk.iter().enumerate().skip(1) {
                    v = self.b.ins().insertlane(v, s, j as u8);
                }
                v
            })
            .collect();
        Bundle { ty: out, vecs }
    }

    pub(super) fn call_helper(&mut self, h: Helper, args: &[Value]) -> Value {
        let (t, ptr) = match h {
            Helper::I32(f) => (types::I32, f as *const u8),
            Helper::I64(f) => (types::I64, f as *const u8),
            Helper::F32(f) => (types::F32, f as *const u8),
            Helper::F64(f) => (types::F64, f as *const u8),
            Helper::UnaryF32(f) => (types::F32, f as *const u8),
            Helper::UnaryF64(f) => (types::F64, f as *const u8),
        };
        let mut sig = Signature::new(self.call_conv);
        sig.params.extend(args.iter().map(|_| AbiParam::new(t)));
        sig.returns.push(AbiParam::new(t));
        let sig = self.b.import_signature(sig);
        let callee = self.b.ins().iconst(types::I64, ptr as i64);
        let call = self.b.ins().call_indirect(sig, callee, args);
        self.b.inst_results(call)[0]
    }

    pub fn cast(&mut self, a: &Bundle, from: DType, to: DType) -> Bundle {
        use DType::*;
        let out = vector_type(to);
        match (from, to) {
            _ if from == to => a.clone(),
            // float16 lanes hold float32 values; to float16, float64 rounds in float64 (once, as NumPy),
            // everything else through float32 (exact for every value below float16's overflow).
            (F16, _) => self.cast(a, F32, to),
            (F64, F16) => {
                let r = self.round_to_half(a);
                self.cast(&r, F64, F32)
            }
            (_, F16) => {
                let r = self.cast(a, from, F32);
                self.round_to_half(&r)
            }
            (U64, F64) => self.map(a, out, |s, v| s.i64_to_f64(v, false)),
            (U64, F32) => self.per_lane(out, &[a], |s, l| s.b.ins().fcvt_from_uint(types::F32, l[0])),
            (F32 | F64, U64) => self.per_lane(out, &[a], |s, l| s.float_to_u64(l[0])),
            // Held integers: convert their lanes, then wrap to the target.
            _ if lane_dtype(from) != from || lane_dtype(to) != to => {
                let r = self.cast(a, lane_dtype(from), lane_dtype(to));
                self.wrap(r, to)
            }
            (Bool, _) => {
                // A mask and the bits of 1 in the target type give 0 or 1.
                let m = self.mask_as(a, out);
                let one = self.constant(crate::ops::cast(Scalar::I64(1), to)).vecs[0];
                let one = self.bitcast(m.ty, one);
                let r = self.map(&m, out, |s, v| {
                    let x = s.b.ins().band(v, one);
                    s.bitcast(out, x)
                });
                r
            }
            (_, Bool) => {
                let ty = a.ty;
                let zero = self.splat_bits(ty, 0);
                let m = if from.is_float() {
                    self.map(a, mask_type(ty), |s, v| s.b.ins().fcmp(FloatCC::NotEqual, v, zero))
                } else {
                    self.map(a, mask_type(ty), |s, v| s.b.ins().icmp(IntCC::NotEqual, v, zero))
                };
                self.mask_as(&m, types::I32X4)
            }
            (F32, F64) => {
                let mut vecs = Vec::new();
                for &v in &a.vecs {
                    let hi = self.high_half(v);
                    vecs.push(self.b.ins().fvpromote_low(v));
                    vecs.push(self.b.ins().fvpromote_low(hi));
                }
                Bundle { ty: out, vecs }
            }
            (F64, F32) => {
                let mut vecs = Vec::new();
                for pair in a.vecs.chunks(2) {
                    let x = self.b.ins().fvdemote(pair[0]);
                    let y = self.b.ins().fvdemote(pair[1]);
                    let (x, y) = (self.bitcast(types::I8X16, x), self.bitcast(types::I8X16, y));
                    let idx: [u8; 16] = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
                    let v = self.shuffle(x, y, idx);
                    vecs.push(self.bitcast(out, v));
                }
                Bundle { ty: out, vecs }
            }
            (I32, I64) => {
                let mut vecs = Vec::new();
                for &v in &a.vecs {
                    vecs.push(self.b.ins().swiden_low(v));
                    vecs.push(self.b.ins().swiden_high(v));
                }
                Bundle { ty: out, vecs }
            }
            (I64, I32) => {
                let vecs = a.vecs.chunks(2).map(|p| self.narrow_i64_pair(p[0], p[1])).collect();
                Bundle { ty: out, vecs }
            }
            (I32, F32) => self.map(a, out, |s, v| s.b.ins().fcvt_from_sint(out, v)),
            (I32, F64) => {
                let wide = self.cast(a, I32, I64);
                self.map(&wide, out, |s, v| s.small_i64_to_f64(v))
            }
            (I64, F64) => self.map(a, out, |s, v| s.i64_to_f64(v, true)),
            (I64, F32) => self.per_lane(out, &[a], |s, l| s.b.ins().fcvt_from_sint(types::F32, l[0])),
            (F32 | F64, I32 | I64) => {
                let lane = out.lane_type();
                let bits = lane.bits();
                self.per_lane(out, &[a], |s, l| s.float_to_int(l[0], lane, bits))
            }
            _ => unreachable!("cast {from:?} -> {to:?}"),
        }
    }

    /// int64 (`signed`) or uint64 lanes to float64, rounded once: hi * 2^32 + lo, each part exact in
    /// float64, summed with one rounding.
    fn i64_to_f64(&mut self, v: Value, signed: bool) -> Value {
        let hi = if signed { self.b.ins().sshr_imm_s(v, 32) } else { self.b.ins().ushr_imm_s(v, 32) };
        let mask = self.splat_bits(types::I64X2, 0xFFFF_FFFF);
        let lo = self.b.ins().band(v, mask);
        let hi = self.small_i64_to_f64(hi);
        let scale = self.splat_bits(types::F64X2, 4294967296f64.to_bits());
        let hi = self.b.ins().fmul(hi, scale);
        let lo = self.small_i64_to_f64(lo);
        self.b.ins().fadd(hi, lo)
    }

    /// Exact conversion of i64 lanes with |x| < 2^51: the bits of 1.5 * 2^52 + x, minus 1.5 * 2^52.
    pub(super) fn small_i64_to_f64(&mut self, v: Value) -> Value {
        let magic = 0x4338_0000_0000_0000u64;
        let m = self.splat_bits(types::I64X2, magic);
        let x = self.b.ins().iadd(v, m);
        let x = self.bitcast(types::F64X2, x);
        let mf = self.splat_bits(types::F64X2, f64::from_bits(magic).to_bits());
        self.b.ins().fsub(x, mf)
    }

    /// NumPy's float to integer conversion on x86-64: truncation, and the minimum for NaN or out of range.
    fn float_to_int(&mut self, x: Value, lane: Type, bits: u32) -> Value {
        let ft = self.b.func.dfg.value_type(x);
        let limit = 2f64.powi(bits as i32 - 1);
        let (lo, hi) = if ft == types::F64 {
            (self.b.ins().f64const(-limit), self.b.ins().f64const(limit))
        } else {
            (self.b.ins().f32const(-limit as f32), self.b.ins().f32const(limit as f32))
        };
        let ge = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, x, lo);
        let lt = self.b.ins().fcmp(FloatCC::LessThan, x, hi);
        let ok = self.b.ins().band(ge, lt);
        let t = self.b.ins().fcvt_to_sint_sat(lane, x);
        let min = self.b.ins().iconst(lane, if bits == 32 { i32::MIN as i64 } else { i64::MIN });
        self.b.ins().select(ok, t, min)
    }

    /// `ops::float_to_u64` of one float lane.
    fn float_to_u64(&mut self, x: Value) -> Value {
        let ft = self.b.func.dfg.value_type(x);
        let top = if ft == types::F64 {
            self.b.ins().f64const(9223372036854775808.0)
        } else {
            self.b.ins().f32const(9223372036854775808.0)
        };
        let high = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, x, top);
        let low = self.float_to_int(x, types::I64, 64);
        let rest = self.b.ins().fsub(x, top);
        let rest = self.float_to_int(rest, types::I64, 64);
        let flipped = self.b.ins().bxor_imm_s(rest, i64::MIN);
        self.b.ins().select(high, flipped, low)
    }

    /// A unary operation that is not vector math (`jit::vmath` lowers those) on an operand of `dtype`.
    pub fn unary(&mut self, op: UnOp, a: &Bundle, dtype: DType) -> Bundle {
        let ty = a.ty;
        if dtype.is_unsigned() {
            return match op {
                UnOp::Abs => a.clone(),
                UnOp::Sign => {
                    // 1 where nonzero (uint64's lanes may look negative as int64).
                    let zero = self.splat_bits(ty, 0);
                    let one = self.splat_bits(ty, 1);
                    self.map(a, ty, |s, v| {
                        let nz = s.b.ins().icmp(IntCC::NotEqual, v, zero);
                        s.b.ins().band(nz, one)
                    })
                }
                _ => {
                    let r = self.unary(op, a, lane_dtype(dtype));
                    self.wrap(r, dtype)
                }
            };
        }
        if lane_dtype(dtype) != dtype {
            let r = self.unary(op, a, lane_dtype(dtype));
            return self.wrap(r, dtype);
        }
        if dtype.is_float() {
            let mty = mask_type(ty);
            return match op {
                UnOp::Neg => self.map(a, ty, |s, v| s.b.ins().fneg(v)),
                UnOp::Abs => self.map(a, ty, |s, v| s.b.ins().fabs(v)),
                UnOp::Sqrt => self.map(a, ty, |s, v| s.b.ins().sqrt(v)),
                UnOp::Floor => self.map(a, ty, |s, v| s.b.ins().floor(v)),
                UnOp::Ceil => self.map(a, ty, |s, v| s.b.ins().ceil(v)),
                UnOp::Trunc => self.map(a, ty, |s, v| s.b.ins().trunc(v)),
                UnOp::Round => self.map(a, ty, |s, v| s.b.ins().nearest(v)),
                UnOp::Sign => {
                    let zero = self.splat_bits(ty, 0);
                    let one = self.constant(crate::ops::cast(Scalar::I64(1), dtype)).vecs[0];
                    let minus = self.constant(crate::ops::cast(Scalar::I64(-1), dtype)).vecs[0];
                    self.map(a, ty, |s, v| {
                        let gt = s.b.ins().fcmp(FloatCC::GreaterThan, v, zero);
                        let lt = s.b.ins().fcmp(FloatCC::LessThan, v, zero);
                        let nan = s.b.ins().fcmp(FloatCC::Unordered, v, v);
                        let (gt, lt, nan) = (s.bitcast(ty, gt), s.bitcast(ty, lt), s.bitcast(ty, nan));
                        let r = s.b.ins().bitselect(gt, one, zero);
                        let r = s.b.ins().bitselect(lt, minus, r);
                        s.b.ins().bitselect(nan, v, r)
                    })
                }
                UnOp::IsNan => {
                    let m = self.map(a, mty, |s, v| s.b.ins().fcmp(FloatCC::Unordered, v, v));
                    self.mask_as(&m, types::I32X4)
                }
                UnOp::SignBit => {
                    let zero = self.splat_bits(mty, 0);
                    let m = self.map(a, mty, |s, v| {
                        let bits = s.bitcast(mty, v);
                        s.b.ins().icmp(IntCC::SignedLessThan, bits, zero)
                    });
                    self.mask_as(&m, types::I32X4)
                }
                UnOp::IsInf | UnOp::IsFinite => {
                    let inf = self.constant(crate::ops::cast(Scalar::F64(f64::INFINITY), dtype)).vecs[0];
                    let cc = if op == UnOp::IsInf { FloatCC::Equal } else { FloatCC::LessThan };
                    let m = self.map(a, mty, |s, v| {
                        let x = s.b.ins().fabs(v);
                        s.b.ins().fcmp(cc, x, inf)
                    });
                    self.mask_as(&m, types::I32X4)
                }
                _ => unreachable!("{op:?} on floats has a helper or is not admitted"),
            };
        }
        match op {
            UnOp::Not => self.map(a, ty, |s, v| s.b.ins().bnot(v)),
            UnOp::Neg => self.map(a, ty, |s, v| s.b.ins().ineg(v)),
            UnOp::Abs => {
                let zero = self.splat_bits(ty, 0);
                self.map(a, ty, |s, v| {
                    let neg = s.b.ins().icmp(IntCC::SignedLessThan, v, zero);
                    let n = s.b.ins().ineg(v);
                    s.b.ins().bitselect(neg, n, v)
                })
            }
            UnOp::Sign => {
                let zero = self.splat_bits(ty, 0);
                let one = self.splat_bits(ty, 1);
                self.map(a, ty, |s, v| {
                    let gt = s.b.ins().icmp(IntCC::SignedGreaterThan, v, zero);
                    let lt = s.b.ins().icmp(IntCC::SignedLessThan, v, zero);
                    let g = s.b.ins().band(gt, one);
                    s.b.ins().bor(g, lt)
                })
            }
            _ => unreachable!("{op:?} on {dtype:?}"),
        }
    }

    /// A binary operation that is not vector math (`jit::vmath` lowers those) on operands of dtype `dtype`
    /// (the result dtype is `op.result(dtype)`).
    pub fn binary(&mut self, op: BinOp, a: &Bundle, b: &Bundle, dtype: DType) -> Bundle {
        if let Some(h) = binary_helper(op, dtype) {
            return self.per_lane(a.ty, &[a, b], |s, l| s.call_helper(h, l));
        }
        if dtype == DType::Bool {
            return self.bool_binary(op, a, b);
        }
        if dtype == DType::U64 && (op.is_comparison() || matches!(op, BinOp::Min | BinOp::Max)) {
            return self.unsigned_compare(op, a, b);
        }
        if lane_dtype(dtype) != dtype {
            // Comparisons of the exact values give masks; every other result is wrapped back into the
            // range (a no-op for minimum and maximum).
            let r = self.binary(op, a, b, lane_dtype(dtype));
            return if op.is_comparison() { r } else { self.wrap(r, dtype) };
        }
        let ty = a.ty;
        let mty = mask_type(ty);
        if dtype.is_float() {
            let cmp = |cc: FloatCC| move |s: &mut Self, x: Value, y: Value| s.b.ins().fcmp(cc, x, y);
            let m = match op {
                BinOp::Add => return self.zip(a, b, ty, |s, x, y| s.b.ins().fadd(x, y)),
                BinOp::Sub => return self.zip(a, b, ty, |s, x, y| s.b.ins().fsub(x, y)),
                BinOp::Mul => return self.zip(a, b, ty, |s, x, y| s.b.ins().fmul(x, y)),
                BinOp::Div => return self.zip(a, b, ty, |s, x, y| s.b.ins().fdiv(x, y)),
                BinOp::CopySign => {
                    // The sign bit from y, the rest from x (x86 has no vector copysign).
                    let sign = self.splat_bits(mty, 1u64 << (ty.lane_bits() - 1));
                    let sign = self.bitcast(ty, sign);
                    return self.zip(a, b, ty, |s, x, y| s.b.ins().bitselect(sign, y, x));
                }
                BinOp::NextAfter => return self.zip(a, b, ty, |s, x, y| s.next_after(ty, x, y)),
                BinOp::Min | BinOp::Max => {
                    // numpy.minimum: `x < y ? x : y`, then a NaN in x wins (a NaN in y already did).
                    let cc = if op == BinOp::Min { FloatCC::LessThan } else { FloatCC::GreaterThan };
                    return self.zip(a, b, ty, |s, x, y| {
                        let pick = s.b.ins().fcmp(cc, x, y);
                        let nan = s.b.ins().fcmp(FloatCC::Unordered, x, x);
                        let pick = s.b.ins().bor(pick, nan);
                        let pick = s.bitcast(ty, pick);
                        s.b.ins().bitselect(pick, x, y)
                    });
                }
                BinOp::Lt => self.zip(a, b, mty, cmp(FloatCC::LessThan)),
                BinOp::Le => self.zip(a, b, mty, cmp(FloatCC::LessThanOrEqual)),
                BinOp::Eq => self.zip(a, b, mty, cmp(FloatCC::Equal)),
                BinOp::Ne => self.zip(a, b, mty, cmp(FloatCC::NotEqual)),
                BinOp::Ge => self.zip(a, b, mty, cmp(FloatCC::GreaterThanOrEqual)),
                BinOp::Gt => self.zip(a, b, mty, cmp(FloatCC::GreaterThan)),
                _ => unreachable!("{op:?} on floats"),
            };
            return self.mask_as(&m, types::I32X4);
        }
        let cmp = |cc: IntCC| move |s: &mut Self, x: Value, y: Value| s.b.ins().icmp(cc, x, y);
        let m = match op {
            BinOp::Add => return self.zip(a, b, ty, |s, x, y| s.b.ins().iadd(x, y)),
            BinOp::Sub => return self.zip(a, b, ty, |s, x, y| s.b.ins().isub(x, y)),
            BinOp::Mul => return self.zip(a, b, ty, |s, x, y| s.b.ins().imul(x, y)),
            BinOp::And => return self.zip(a, b, ty, |s, x, y| s.b.ins().band(x, y)),
            BinOp::Or => return self.zip(a, b, ty, |s, x, y| s.b.ins().bor(x, y)),
            BinOp::Xor => return self.zip(a, b, ty, |s, x, y| s.b.ins().bxor(x, y)),
            BinOp::Min | BinOp::Max => {
                let cc = if op == BinOp::Min { IntCC::SignedLessThan } else { IntCC::SignedGreaterThan };
                return self.zip(a, b, ty, |s, x, y| {
                    let pick = s.b.ins().icmp(cc, x, y);
                    s.b.ins().bitselect(pick, x, y)
                });
            }
            BinOp::Lt => self.zip(a, b, mty, cmp(IntCC::SignedLessThan)),
            BinOp::Le => self.zip(a, b, mty, cmp(IntCC::SignedLessThanOrEqual)),
            BinOp::Eq => self.zip(a, b, mty, cmp(IntCC::Equal)),
            BinOp::Ne => self.zip(a, b, mty, cmp(IntCC::NotEqual)),
            BinOp::Ge => self.zip(a, b, mty, cmp(IntCC::SignedGreaterThanOrEqual)),
            BinOp::Gt => self.zip(a, b, mty, cmp(IntCC::SignedGreaterThan)),
            _ => unreachable!("{op:?} on integers"),
        };
        self.mask_as(&m, types::I32X4)
    }

    /// Comparisons, minimum and maximum of uint64 lanes: signed comparisons of the bits with the top bit
    /// flipped order them as unsigned numbers.
    fn unsigned_compare(&mut self, op: BinOp, a: &Bundle, b: &Bundle) -> Bundle {
        let ty = a.ty;
        let top = self.splat_bits(ty, 1 << 63);
        let fa = self.map(a, ty, |s, v| s.b.ins().bxor(v, top));
        let fb = self.map(b, ty, |s, v| s.b.ins().bxor(v, top));
        match op {
            BinOp::Min | BinOp::Max => {
                let cc = if op == BinOp::Min { IntCC::SignedLessThan } else { IntCC::SignedGreaterThan };
                let pick = self.zip(&fa, &fb, ty, |s, x, y| s.b.ins().icmp(cc, x, y));
                let vecs =
                    (0..a.vecs.len()).map(|k| self.b.ins().bitselect(pick.vecs[k], a.vecs[k], b.vecs[k])).collect();
                Bundle { ty, vecs }
            }
            _ => self.binary(op, &fa, &fb, DType::I64),
        }
    }

    fn bool_binary(&mut self, op: BinOp, a: &Bundle, b: &Bundle) -> Bundle {
        let b = self.mask_as(b, a.ty);
        let ty = a.ty;
        self.zip(a, &b, ty, |s, x, y| match op {
            BinOp::And => s.b.ins().band(x, y),
            BinOp::Or => s.b.ins().bor(x, y),
            BinOp::Xor | BinOp::Ne => s.b.ins().bxor(x, y),
            BinOp::Eq => {
                let d = s.b.ins().bxor(x, y);
                s.b.ins().bnot(d)
            }
            // x < y is !x & y; x > y is x & !y; x <= y is !x | y; x >= y is x | !y.
            BinOp::Lt => s.b.ins().band_not(y, x),
            BinOp::Gt => s.b.ins().band_not(x, y),
            BinOp::Le => s.b.ins().bor_not(y, x),
            BinOp::Ge => s.b.ins().bor_not(x, y),
            _ => unreachable!("{op:?} on bool"),
        })
    }

    /// `where(c, x, y)` for x and y of `dtype`.
    /// C's `nextafter` on one vector, as `ops` defines it: one step of x's bits toward y (up where y is
    /// above x and x is not negative, or below and x is), the smallest subnormal with y's sign from
    /// zero, y where they are equal, a NaN operand quieted (y's where both are).
    fn next_after(&mut self, ty: Type, x: Value, y: Value) -> Value {
        let mty = mask_type(ty);
        let zero = self.splat_bits(ty, 0);
        let (izero, one) = (self.splat_bits(mty, 0), self.splat_bits(mty, 1));
        let sign = self.splat_bits(mty, 1u64 << (ty.lane_bits() - 1));
        let xi = self.bitcast(mty, x);
        let yi = self.bitcast(mty, y);
        let above = self.b.ins().fcmp(FloatCC::GreaterThan, y, x);
        let negative = self.b.ins().icmp(IntCC::SignedLessThan, xi, izero);
        let up = self.b.ins().bxor(above, negative);
        // +1 where up (a mask of all ones), else -1: `!up | 1`.
        let not_up = self.b.ins().bnot(up);
        let step = self.b.ins().bor(not_up, one);
        let stepped = self.b.ins().iadd(xi, step);
        let y_sign = self.b.ins().band(yi, sign);
        let tiny = self.b.ins().bor(y_sign, one);
        let from_zero = self.b.ins().fcmp(FloatCC::Equal, x, zero);
        let r = self.b.ins().bitselect(from_zero, tiny, stepped);
        let r = self.bitcast(ty, r);
        let equal = self.b.ins().fcmp(FloatCC::Equal, x, y);
        let equal = self.bitcast(ty, equal);
        let r = self.b.ins().bitselect(equal, y, r);
        // The top bit of the mantissa.
        let quiet_bit = self.splat_bits(mty, if ty.lane_bits() == 64 { 1 << 51 } else { 1 << 22 });
        let mut r = r;
        for (v, bits) in [(x, xi), (y, yi)] {
            let nan = self.b.ins().fcmp(FloatCC::Unordered, v, v);
            let nan = self.bitcast(ty, nan);
            let quiet = self.b.ins().bor(bits, quiet_bit);
            let quiet = self.bitcast(ty, quiet);
            r = self.b.ins().bitselect(nan, quiet, r);
        }
        r
    }

    /// `a * b + c` rounded once, lane by lane (floats).
    pub fn mul_add(&mut self, a: &Bundle, b: &Bundle, c: &Bundle) -> Bundle {
        let vecs = (0..a.vecs.len()).map(|k| self.b.ins().fma(a.vecs[k], b.vecs[k], c.vecs[k])).collect();
        Bundle { ty: a.ty, vecs }
    }

    pub fn select(&mut self, c: &Bundle, x: &Bundle, y: &Bundle) -> Bundle {
        let m = self.mask_as(c, x.ty);
        // Bool operands may hold masks of different widths.
        let y = &self.mask_as_if_bool(y, x.ty);
        let ty = x.ty;
        let vecs = (0..x.vecs.len())
            .map(|k| {
                let mk = self.bitcast(ty, m.vecs[k]);
                self.b.ins().bitselect(mk, x.vecs[k], y.vecs[k])
            })
            .collect();
        Bundle { ty, vecs }
    }
}
