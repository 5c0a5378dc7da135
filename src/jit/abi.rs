//! The kernel calling convention, and the scalar helpers generated code calls for rare operations.
//!
//! A kernel is `extern "C" fn(inputs: *const *const u8, strides: *const isize, output: *mut u8, len:
//! usize)`. How it reads input `i` and writes the output was fixed when it was compiled (`Access`):
//! `len` contiguous elements from `inputs[i]`, one element broadcast to all (a splat), or `len` elements
//! `strides[i]` bytes apart; the output likewise, with `strides[n_inputs]`. `len` is a multiple of the
//! kernel's lane count. This file is one of the two places with `unsafe` (the other is the executor's
//! pointer handling).

use crate::contract::BlockKernel;
use crate::dtype::Scalar;
use crate::ops::{self, BinOp, UnOp};

/// The machine signature of a compiled kernel.
pub type KernelFn = unsafe extern "C" fn(inputs: *const *const u8, strides: *const isize, output: *mut u8, len: usize);

/// Compiled code and the module that owns it.
pub struct Code {
    func: KernelFn,
    /// Freed on drop; `None` only during drop. The module is `Send` but not `Sync`, and nothing touches it
    /// after compilation except `Drop`, so it sits behind a mutex to make `Code` `Sync`.
    module: std::sync::Mutex<Option<cranelift_jit::JITModule>>,
    /// Elements per loop iteration: `len` must be a multiple of it.
    pub lanes: usize,
}

impl Code {
    /// # Safety
    /// `ptr` must be the finalized address of a function of `module` that follows `KernelFn`'s signature
    /// and reads and writes only `len` elements through its pointers.
    pub(super) unsafe fn new(ptr: *const u8, module: cranelift_jit::JITModule, lanes: usize) -> Code {
        // SAFETY: the caller guarantees `ptr` is a finalized function with `KernelFn`'s signature.
        let func = unsafe { std::mem::transmute::<*const u8, KernelFn>(ptr) };
        Code { func, module: std::sync::Mutex::new(Some(module)), lanes }
    }

    /// Runs the kernel over one stretch.
    ///
    /// # Safety
    /// `inputs` must hold one pointer for each input of the compiled graph and `strides` one byte stride
    /// for each input and then the output; each pointer must be valid for the accesses its `Access` makes
    /// (`len` elements contiguous or at its stride, or one element for a splat) of that input's dtype, and
    /// `output` for writing `len` elements of the result dtype likewise; `len` must be a multiple of
    /// `self.lanes`.
    pub unsafe fn call(&self, inputs: &[*const u8], strides: &[isize], output: *mut u8, len: usize) {
        debug_assert_eq!(len % self.lanes, 0);
        debug_assert_eq!(strides.len(), inputs.len() + 1);
        // SAFETY: the pointer came from a finalized module that `self` keeps alive, and the caller
        // guarantees the buffers' extents.
        unsafe { (self.func)(inputs.as_ptr(), strides.as_ptr(), output, len) }
    }
}

impl BlockKernel for std::sync::Arc<Code> {
    fn lanes(&self) -> usize {
        self.lanes
    }

    unsafe fn run(&self, inputs: &[*const u8], strides: &[isize], output: *mut u8, len: usize) {
        // SAFETY: the caller upholds `Code::call`'s contract, which is this trait's.
        unsafe { self.call(inputs, strides, output, len) }
    }
}

impl Drop for Code {
    fn drop(&mut self) {
        let module = self.module.get_mut().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(module) = module {
            // SAFETY: `self.func` is the only pointer into the module's code and dies with `self`;
            // no call can be running, since calls borrow `self`.
            unsafe { module.free_memory() };
        }
    }
}

/// A scalar helper the generated code calls per lane for an operation with no vector lowering.
#[derive(Clone, Copy, Debug)]
pub enum Helper {
    I32(extern "C" fn(i32, i32) -> i32),
    I64(extern "C" fn(i64, i64) -> i64),
    F32(extern "C" fn(f32, f32) -> f32),
    F64(extern "C" fn(f64, f64) -> f64),
    UnaryF32(extern "C" fn(f32) -> f32),
    UnaryF64(extern "C" fn(f64) -> f64),
}

macro_rules! helpers {
    ($($name:ident: $t:ident, $variant:ident, $op:expr;)*) => {
        $(
            extern "C" fn $name(a: $t, b: $t) -> $t {
                match ops::binary($op, Scalar::$variant(a), Scalar::$variant(b)) {
                    Scalar::$variant(v) => v,
                    _ => unreachable!(),
                }
            }
        )*
    };
}

helpers! {
    floordiv_i32: i32, I32, BinOp::FloorDiv;
    floordiv_i64: i64, I64, BinOp::FloorDiv;
    mod_i32: i32, I32, BinOp::Mod;
    mod_i64: i64, I64, BinOp::Mod;
    pow_i32: i32, I32, BinOp::Pow;
    pow_i64: i64, I64, BinOp::Pow;
    shl_i32: i32, I32, BinOp::Shl;
    shl_i64: i64, I64, BinOp::Shl;
    shr_i32: i32, I32, BinOp::Shr;
    shr_i64: i64, I64, BinOp::Shr;
    floordiv_f32: f32, F32, BinOp::FloorDiv;
    floordiv_f64: f64, F64, BinOp::FloorDiv;
    mod_f32: f32, F32, BinOp::Mod;
    mod_f64: f64, F64, BinOp::Mod;
    fmod_i32: i32, I32, BinOp::Fmod;
    fmod_i64: i64, I64, BinOp::Fmod;
    fmod_f32: f32, F32, BinOp::Fmod;
    fmod_f64: f64, F64, BinOp::Fmod;
}

/// The helper for a binary operation on one dtype, if that operation is computed per lane.
pub fn binary_helper(op: BinOp, dtype: crate::dtype::DType) -> Option<Helper> {
    use crate::dtype::DType::*;
    use Helper as H;
    Some(match (op, dtype) {
        (BinOp::FloorDiv, I32) => H::I32(floordiv_i32),
        (BinOp::FloorDiv, I64) => H::I64(floordiv_i64),
        (BinOp::Mod, I32) => H::I32(mod_i32),
        (BinOp::Mod, I64) => H::I64(mod_i64),
        (BinOp::Pow, I32) => H::I32(pow_i32),
        (BinOp::Pow, I64) => H::I64(pow_i64),
        (BinOp::Shl, I32) => H::I32(shl_i32),
        (BinOp::Shl, I64) => H::I64(shl_i64),
        (BinOp::Shr, I32) => H::I32(shr_i32),
        (BinOp::Shr, I64) => H::I64(shr_i64),
        (BinOp::FloorDiv, F32) => H::F32(floordiv_f32),
        (BinOp::FloorDiv, F64) => H::F64(floordiv_f64),
        (BinOp::Mod, F32) => H::F32(mod_f32),
        (BinOp::Mod, F64) => H::F64(mod_f64),
        (BinOp::Fmod, I32) => H::I32(fmod_i32),
        (BinOp::Fmod, I64) => H::I64(fmod_i64),
        (BinOp::Fmod, F32) => H::F32(fmod_f32),
        (BinOp::Fmod, F64) => H::F64(fmod_f64),
        _ => return None,
    })
}

/// Lanes that leave `vmath`'s fast paths (`exp_fast`, `log_fast`, `cbrt_fast`, `sinh_fast` and the
/// like: huge or tiny arguments, zeros, negatives, infinities, NaN): the full function, one lane at a time,
/// as the interpreter computes it. The hyperbolic functions always compute in float64 (float32 lanes are
/// widened first), so their helpers are float64's.
pub fn vmath_full(op: UnOp, dtype: crate::dtype::DType) -> Helper {
    let double = dtype == crate::dtype::DType::F64;
    match op {
        UnOp::Exp if double => Helper::UnaryF64(full::exp),
        UnOp::Exp => Helper::UnaryF32(full::expf),
        UnOp::Log2 if double => Helper::UnaryF64(full::log2),
        UnOp::Log2 => Helper::UnaryF32(full::log2f),
        UnOp::Log10 if double => Helper::UnaryF64(full::log10),
        UnOp::Log10 => Helper::UnaryF32(full::log10f),
        UnOp::Exp2 if double => Helper::UnaryF64(full::exp2),
        UnOp::Exp2 => Helper::UnaryF32(full::exp2f),
        UnOp::Log1p if double => Helper::UnaryF64(full::log1p),
        UnOp::Log1p => Helper::UnaryF32(full::log1pf),
        UnOp::Log if double => Helper::UnaryF64(full::log),
        UnOp::Log => Helper::UnaryF32(full::logf),
        UnOp::Sinh => Helper::UnaryF64(full::sinh),
        UnOp::Cosh => Helper::UnaryF64(full::cosh),
        UnOp::Tanh => Helper::UnaryF64(full::tanh),
        UnOp::Arcsinh => Helper::UnaryF64(full::asinh),
        UnOp::Arccosh => Helper::UnaryF64(full::acosh),
        UnOp::Arctanh => Helper::UnaryF64(full::atanh),
        UnOp::Cbrt if double => Helper::UnaryF64(full::cbrt),
        UnOp::Cbrt => Helper::UnaryF32(full::cbrtf),
        UnOp::Expm1 if double => Helper::UnaryF64(full::expm1),
        UnOp::Expm1 => Helper::UnaryF32(full::expm1f),
        UnOp::Arctan if double => Helper::UnaryF64(full::atan),
        UnOp::Arctan => Helper::UnaryF32(full::atanf),
        _ => unreachable!("{op:?} has no fast path"),
    }
}

/// Lanes that leave `vmath::pow_exp_fast` or `pow32_fast` (a zero, negative, subnormal, infinite or NaN
/// x, a non-finite y, or a result outside the normal range): the full `pow`, on float64 lanes (float32's
/// widened, its result exact in float64).
pub fn pow_full(dtype: crate::dtype::DType) -> Helper {
    if dtype == crate::dtype::DType::F64 {
        Helper::F64(full::pow)
    } else {
        Helper::F64(full::pow32)
    }
}

/// Lanes that leave `vmath::hypot_fast` (outside its range, infinite or NaN): the full `hypot`.
pub fn hypot_full(dtype: crate::dtype::DType) -> Helper {
    if dtype == crate::dtype::DType::F64 {
        Helper::F64(full::hypot)
    } else {
        Helper::F32(full::hypotf)
    }
}

/// Lanes that leave `vmath::atan2_fast` (an infinite or NaN argument, or both zero): the full `atan2`.
pub fn atan2_full(dtype: crate::dtype::DType) -> Helper {
    if dtype == crate::dtype::DType::F64 {
        Helper::F64(full::atan2)
    } else {
        Helper::F32(full::atan2f)
    }
}

mod full {
    use crate::vmath as v;

    pub extern "C" fn exp(x: f64) -> f64 {
        v::exp_f64(x)
    }
    pub extern "C" fn expf(x: f32) -> f32 {
        v::exp_f32(x)
    }
    pub extern "C" fn log(x: f64) -> f64 {
        v::log_f64(x)
    }
    pub extern "C" fn logf(x: f32) -> f32 {
        v::log_f32(x)
    }
    pub extern "C" fn log2(x: f64) -> f64 {
        v::log2_f64(x)
    }
    pub extern "C" fn log2f(x: f32) -> f32 {
        v::log2_f32(x)
    }
    pub extern "C" fn log10(x: f64) -> f64 {
        v::log10_f64(x)
    }
    pub extern "C" fn log10f(x: f32) -> f32 {
        v::log10_f32(x)
    }
    pub extern "C" fn exp2(x: f64) -> f64 {
        v::exp2_f64(x)
    }
    pub extern "C" fn exp2f(x: f32) -> f32 {
        v::exp2_f32(x)
    }
    pub extern "C" fn log1p(x: f64) -> f64 {
        v::log1p_f64(x)
    }
    pub extern "C" fn log1pf(x: f32) -> f32 {
        v::log1p_f32(x)
    }
    pub extern "C" fn sinh(x: f64) -> f64 {
        v::sinh_f64(x)
    }
    pub extern "C" fn cosh(x: f64) -> f64 {
        v::cosh_f64(x)
    }
    pub extern "C" fn tanh(x: f64) -> f64 {
        v::tanh_f64(x)
    }
    pub extern "C" fn asinh(x: f64) -> f64 {
        v::asinh_f64(x)
    }
    pub extern "C" fn acosh(x: f64) -> f64 {
        v::acosh_f64(x)
    }
    pub extern "C" fn atanh(x: f64) -> f64 {
        v::atanh_f64(x)
    }
    pub extern "C" fn cbrt(x: f64) -> f64 {
        v::cbrt_f64(x)
    }
    pub extern "C" fn cbrtf(x: f32) -> f32 {
        v::cbrt_f32(x)
    }
    pub extern "C" fn expm1(x: f64) -> f64 {
        v::expm1_f64(x)
    }
    pub extern "C" fn expm1f(x: f32) -> f32 {
        v::expm1_f32(x)
    }
    pub extern "C" fn atan(x: f64) -> f64 {
        v::atan_f64(x)
    }
    pub extern "C" fn atanf(x: f32) -> f32 {
        v::atan_f32(x)
    }
    pub extern "C" fn pow(x: f64, y: f64) -> f64 {
        v::pow_f64(x, y)
    }
    pub extern "C" fn pow32(x: f64, y: f64) -> f64 {
        v::pow_f32(x as f32, y as f32) as f64
    }
    pub extern "C" fn hypot(y: f64, x: f64) -> f64 {
        v::hypot_f64(y, x)
    }
    pub extern "C" fn hypotf(y: f32, x: f32) -> f32 {
        v::hypot_f32(y, x)
    }
    pub extern "C" fn atan2(y: f64, x: f64) -> f64 {
        v::atan2_f64(y, x)
    }
    pub extern "C" fn atan2f(y: f32, x: f32) -> f32 {
        v::atan2_f32(y, x)
    }
}

/// The platform's sine and cosine, for the lanes that leave `vmath`'s fast path.
pub extern "C" fn libm_sin(x: f64) -> f64 {
    x.sin()
}

pub extern "C" fn libm_cos(x: f64) -> f64 {
    x.cos()
}

pub extern "C" fn libm_tan(x: f64) -> f64 {
    x.tan()
}

/// float32 lanes beyond the fast path: libm's float64 result rounded to float32 (as `vmath::sin_f32`).
pub extern "C" fn libm_sinf(x: f32) -> f32 {
    (x as f64).sin() as f32
}

pub extern "C" fn libm_cosf(x: f32) -> f32 {
    (x as f64).cos() as f32
}

pub extern "C" fn libm_tanf(x: f32) -> f32 {
    (x as f64).tan() as f32
}
