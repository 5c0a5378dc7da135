//! The kernel calling convention, and the scalar helpers generated code calls for rare operations.
//!
//! A kernel is `extern "C" fn(inputs: *const *const u8, strides: *const isize, output: *mut u8, len:
//! usize)`. How it reads input `i` and writes the output was fixed when it was compiled (`Access`):
//! `len` contiguous elements from `inputs[i]`, one element broadcast to all (a splat), or `len` elements
//! `strides[i]` bytes apart; the output likewise, with `strides[n_inputs]`. `len` is a multiple of the
//! kernel's lane count. This file is one of the two places with `unsafe` (the other is the executor's
//! pointer handling).

use crate::contract::BlockKernel;
use crate::dtype::{DType, Scalar};
use crate::ops::{self, BinOp};
use crate::vmath::{MathFn, MathFn2, Precision};

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

/// `LANES` results of byte-string operation `op` (`ops::BytesOp::code`): element `j` compares (or
/// searches) the `la` bytes at `a + j * sa` with the `lb` bytes at `b + j * sb`, and `out[j]` receives
/// the bool (0 or 1). The kernels call it once per iteration for an `Op::Bytes` (`jit::lower_bytes`).
///
/// # Safety
/// For each `j < LANES`, `la` bytes from `a + j * sa` and `lb` bytes from `b + j * sb` must be readable,
/// and `out` writable for `LANES` bytes.
pub(super) unsafe extern "C" fn bytes_lanes(
    op: u64,
    a: *const u8,
    sa: isize,
    la: usize,
    b: *const u8,
    sb: isize,
    lb: usize,
    out: *mut u8,
) {
    /// The lanes for one operation, a constant where this is inlined: `ops::bytes` specialized to it.
    #[inline(always)]
    fn each(
        op: ops::BytesOp,
        (a, sa, la): (*const u8, isize, usize),
        (b, sb, lb): (*const u8, isize, usize),
        out: *mut u8,
    ) {
        for j in 0..super::LANES {
            // SAFETY: `bytes_lanes`' caller guarantees these extents; the kernel's stretch holds `LANES`
            // elements from these addresses at these strides (0 for a splat or a literal).
            unsafe {
                let x = std::slice::from_raw_parts(a.offset(j as isize * sa), la);
                let y = std::slice::from_raw_parts(b.offset(j as isize * sb), lb);
                *out.add(j) = ops::bytes(op, x, y) as u8;
            }
        }
    }
    let (x, y) = ((a, sa, la), (b, sb, lb));
    use ops::BytesOp::{Cmp, Contains};
    match ops::BytesOp::from_code(op as u32).expect("the kernel passes a valid code") {
        Contains => each(Contains, x, y, out),
        Cmp(BinOp::Lt) => each(Cmp(BinOp::Lt), x, y, out),
        Cmp(BinOp::Le) => each(Cmp(BinOp::Le), x, y, out),
        Cmp(BinOp::Eq) => each(Cmp(BinOp::Eq), x, y, out),
        Cmp(BinOp::Ne) => each(Cmp(BinOp::Ne), x, y, out),
        Cmp(BinOp::Ge) => each(Cmp(BinOp::Ge), x, y, out),
        Cmp(op) => each(Cmp(op), x, y, out),
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

/// A lane's value as the scalar of a dtype, and back (`jit::lower::lane_dtype`: integers held in wider
/// lanes as their exact value, uint64 as its bits).
trait Lane: Copy {
    fn scalar(self, dtype: DType) -> Scalar;
    fn from_scalar(s: Scalar) -> Self;
}

macro_rules! int_lanes {
    ($($t:ty),*) => {$(
        impl Lane for $t {
            fn scalar(self, dtype: DType) -> Scalar {
                Scalar::wrapping(dtype, self as i128)
            }
            fn from_scalar(s: Scalar) -> $t {
                s.as_i128().unwrap_or_default() as $t
            }
        }
    )*};
}

int_lanes!(i32, i64);

/// float32 lanes hold float32 values, and float16 values exactly.
impl Lane for f32 {
    fn scalar(self, dtype: DType) -> Scalar {
        match dtype {
            DType::F16 => Scalar::F16(half::f16::from_f32(self)),
            _ => Scalar::F32(self),
        }
    }
    fn from_scalar(s: Scalar) -> f32 {
        match s {
            Scalar::F32(v) => v,
            Scalar::F16(v) => v.to_f32(),
            _ => unreachable!(),
        }
    }
}

impl Lane for f64 {
    fn scalar(self, _: DType) -> Scalar {
        Scalar::F64(self)
    }
    fn from_scalar(s: Scalar) -> f64 {
        match s {
            Scalar::F64(v) => v,
            _ => unreachable!(),
        }
    }
}

/// The operations computed lane by lane through `ops` (no vector form, or a vector form for ordinary
/// lanes only): one row each (the operation, the dtype, the lanes' helper kind and Rust type), from which
/// both the C entry point and `binary_helper`'s answer come.
macro_rules! helpers {
    ($($op:ident $dtype:ident $lane:ident $t:ident;)*) => {
        /// The helper for a binary operation on one dtype, if that operation is computed per lane.
        pub fn binary_helper(op: BinOp, dtype: DType) -> Option<Helper> {
            match (op, dtype) {
                $((BinOp::$op, DType::$dtype) => Some(Helper::$lane({
                    extern "C" fn full(a: $t, b: $t) -> $t {
                        let (a, b) = (a.scalar(DType::$dtype), b.scalar(DType::$dtype));
                        <$t>::from_scalar(ops::binary(BinOp::$op, a, b))
                    }
                    full
                })),)*
                _ => None,
            }
        }
    };
}

helpers! {
    FloorDiv I32 I32 i32;
    FloorDiv I64 I64 i64;
    FloorDiv U64 I64 i64;
    Mod I32 I32 i32;
    Mod I64 I64 i64;
    Mod U64 I64 i64;
    Pow I8 I32 i32;
    Pow I16 I32 i32;
    Pow I32 I32 i32;
    Pow I64 I64 i64;
    Pow U8 I32 i32;
    Pow U16 I32 i32;
    Pow U32 I64 i64;
    Pow U64 I64 i64;
    Shl I8 I32 i32;
    Shl I16 I32 i32;
    Shl I32 I32 i32;
    Shl I64 I64 i64;
    Shl U8 I32 i32;
    Shl U16 I32 i32;
    Shl U32 I64 i64;
    Shl U64 I64 i64;
    Shr I8 I32 i32;
    Shr I16 I32 i32;
    Shr I32 I32 i32;
    Shr I64 I64 i64;
    Shr U8 I32 i32;
    Shr U16 I32 i32;
    Shr U32 I64 i64;
    Shr U64 I64 i64;
    FloorDiv F32 F32 f32;
    FloorDiv F64 F64 f64;
    Mod F32 F32 f32;
    Mod F64 F64 f64;
    Fmod I8 I32 i32;
    Fmod I16 I32 i32;
    Fmod I32 I32 i32;
    Fmod I64 I64 i64;
    Fmod U8 I32 i32;
    Fmod U16 I32 i32;
    Fmod U32 I64 i64;
    Fmod U64 I64 i64;
    Fmod F32 F32 f32;
    Fmod F64 F64 f64;
    NextAfter F16 F32 f32;
}

/// The helper that the cold lanes of a vector-math function (the lanes its row's fast algorithm leaves)
/// call, one lane at a time: the row's full function, as the interpreter computes it. Float32 lanes of a
/// widened function are float64 lanes, so their helper takes and returns float64.
pub fn unary_math_helper(f: MathFn, dtype: DType, precision: Precision) -> Helper {
    match dtype {
        DType::F64 => Helper::UnaryF64(f.c_f64()),
        _ if f.widened_at(precision) => Helper::UnaryF64(f.c_widened_f32()),
        _ => Helper::UnaryF32(f.c_f32()),
    }
}

/// The same for a function of two floats.
pub fn binary_math_helper(f: MathFn2, dtype: DType, precision: Precision) -> Helper {
    match dtype {
        DType::F64 => Helper::F64(f.c_f64()),
        _ if f.widened_at(precision) => Helper::F64(f.c_widened_f32()),
        _ => Helper::F32(f.c_f32()),
    }
}
