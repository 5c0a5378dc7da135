//! `vmath`'s algorithms at the CPU's full vector width: `Arith` over `std::arch` 256-bit (AVX2 + FMA)
//! and 512-bit (AVX-512F/DQ/VL) vectors, compiled by rustc with `#[target_feature]` and chosen at run
//! time from the CPU's features. Cranelift emits 128-bit vectors only; a compiled kernel hands these
//! routines a strip of arguments and takes a strip of results (see `jit`).
//!
//! Each routine runs one row of `vmath`'s table over a strip: the row's lanes (its fast algorithm and
//! cold-lane mask) a vector at a time, the cold lanes and the strip's tail (fewer than a vector's lanes)
//! by the row's full scalar function, which is what the interpreter computes. The operations are the
//! same IEEE operations in the same order as the scalar and 128-bit paths, so every width gives the same
//! bits (tested).

mod avx2;
mod avx512;

use crate::dtype::DType;
use crate::vmath::{Arith, BinaryRow, BinaryVisitor, MathFn, MathFn2, UnaryRow, UnaryVisitor, F32, F64};

/// A vector width of the math routines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Width {
    /// Cranelift's own 128-bit vectors, no routine.
    W128,
    /// AVX2 and FMA.
    W256,
    /// AVX-512F, DQ and VL (with AVX2 and FMA).
    W512,
}

impl Width {
    /// Whether this CPU runs the width's routines.
    pub fn available(self) -> bool {
        let has = |features: &[&str]| features.iter().all(|f| feature(f));
        match self {
            Width::W128 => true,
            Width::W256 => has(avx2::FEATURES),
            Width::W512 => has(avx512::FEATURES),
        }
    }

    /// The widest width this CPU has, capped by `NUMJIT_WIDTH` (128, 256 or 512; another value is
    /// ignored), read once.
    pub fn host() -> Width {
        static HOST: std::sync::OnceLock<Width> = std::sync::OnceLock::new();
        *HOST.get_or_init(|| {
            let best = [Width::W512, Width::W256].into_iter().find(|w| w.available()).unwrap_or(Width::W128);
            let cap = match std::env::var("NUMJIT_WIDTH").as_deref() {
                Ok("128") => Width::W128,
                Ok("256") => Width::W256,
                _ => Width::W512,
            };
            best.min(cap)
        })
    }

    /// Its size in bits.
    pub fn bits(self) -> u32 {
        match self {
            Width::W128 => 128,
            Width::W256 => 256,
            Width::W512 => 512,
        }
    }
}

/// Whether the CPU has `f` (the names `is_x86_feature_detected!` takes).
fn feature(f: &str) -> bool {
    match f {
        "avx2" => std::arch::is_x86_feature_detected!("avx2"),
        "fma" => std::arch::is_x86_feature_detected!("fma"),
        "avx512f" => std::arch::is_x86_feature_detected!("avx512f"),
        "avx512dq" => std::arch::is_x86_feature_detected!("avx512dq"),
        "avx512vl" => std::arch::is_x86_feature_detected!("avx512vl"),
        _ => false,
    }
}

/// An `Arith` over one vector type that also moves its lanes to and from memory.
trait Lanes: Arith {
    type Elem: Copy;
    /// Lanes per vector.
    const N: usize;
    /// # Safety
    /// `N` readable elements at `p`.
    unsafe fn load(&mut self, p: *const Self::Elem) -> Self::F;
    /// # Safety
    /// `N` writable elements at `p`.
    unsafe fn store(&mut self, p: *mut Self::Elem, v: Self::F);
    /// The mask's lanes as bits, lane k at bit k.
    fn bits(&mut self, m: Self::M) -> u64;
}

/// A float64 `Lanes` that also takes float32 lanes, widened (for the widened rows).
trait Widen: Lanes<Elem = f64> {
    /// # Safety
    /// `N` readable float32s at `p`.
    unsafe fn load_f32(&mut self, p: *const f32) -> Self::F;
    /// # Safety
    /// `N` writable float32s at `p`.
    unsafe fn store_f32(&mut self, p: *mut f32, v: Self::F);
}

/// A routine over a strip of one operand: `(src, dst, n)`. `src` and `dst` hold `n` elements of the
/// routine's dtype each and do not overlap.
pub type UnaryStrip = unsafe extern "C" fn(*const u8, *mut u8, usize);

/// A routine over a strip of two operands: `(x, y, dst, n)`, likewise.
pub type BinaryStrip = unsafe extern "C" fn(*const u8, *const u8, *mut u8, usize);

/// The routine that runs `f` on strips of `dtype` at `width`, if there is one (float dtypes at 256 or
/// 512 bits, on a CPU that has the width).
pub fn unary_strip(width: Width, f: MathFn, dtype: DType) -> Option<UnaryStrip> {
    if !width.available() || !dtype.is_float() {
        return None;
    }
    f.visit(PickUnary(width, dtype))
}

/// The same for a function of two operands.
pub fn binary_strip(width: Width, f: MathFn2, dtype: DType) -> Option<BinaryStrip> {
    if !width.available() || !dtype.is_float() {
        return None;
    }
    f.visit(PickBinary(width, dtype))
}

/// The strip loop: a row's lanes a vector at a time over `n` elements (`load` gives a vector's operands
/// at an index, `store` writes its results), then `cold` for each cold lane and each element of the tail.
/// The closures do the memory accesses, so their callers state what makes them sound.
#[inline(always)]
fn strip_loop<A: Lanes, X>(
    a: &mut A,
    n: usize,
    mut load: impl FnMut(&mut A, usize) -> X,
    mut store: impl FnMut(&mut A, usize, A::F),
    mut lanes: impl FnMut(&mut A, X) -> (A::F, Option<A::M>),
    mut cold: impl FnMut(usize),
) {
    let mut i = 0;
    while i + A::N <= n {
        let x = load(a, i);
        let (fast, mask) = lanes(a, x);
        store(a, i, fast);
        if let Some(m) = mask {
            let mut bits = a.bits(m);
            while bits != 0 {
                cold(i + bits.trailing_zeros() as usize);
                bits &= bits - 1;
            }
        }
        i += A::N;
    }
    for k in i..n {
        cold(k);
    }
}

/// One routine per (width, float dtype, row): `$name::<R>` runs row `R` at the width of `$lanes`.
macro_rules! unary_routine {
    ($name:ident, $features:literal, $lanes:ty, $elem:ty, $fmt:expr, $full:ident) => {
        /// # Safety
        /// `UnaryStrip`'s contract, on a CPU with the routine's features.
        #[target_feature(enable = $features)]
        unsafe extern "C" fn $name<R: UnaryRow>(src: *const u8, dst: *mut u8, n: usize) {
            let (src, dst) = (src as *const $elem, dst as *mut $elem);
            // SAFETY: the caller runs this only on a CPU with the features (`unary_strip` checks).
            let mut a = unsafe { <$lanes>::new() };
            strip_loop(
                &mut a,
                n,
                // SAFETY (the loads, stores and cold lanes): `src` and `dst` hold `n` elements; the loop
                // reads and writes a vector at i only where i + N <= n, and single elements below n.
                |a, i| unsafe { a.load(src.add(i)) },
                |a, i, v| unsafe { a.store(dst.add(i), v) },
                |a, x| R::F.lanes(a, $fmt, x),
                |k| unsafe { *dst.add(k) = R::F.$full(*src.add(k)) },
            )
        }
    };
}

/// The same for a widened row on float32 strips: float64 lanes, results rounded once.
macro_rules! widened_routine {
    ($name:ident, $features:literal, $lanes:ty) => {
        /// # Safety
        /// `UnaryStrip`'s contract (float32 strips), on a CPU with the routine's features.
        #[target_feature(enable = $features)]
        unsafe extern "C" fn $name<R: UnaryRow>(src: *const u8, dst: *mut u8, n: usize) {
            let (src, dst) = (src as *const f32, dst as *mut f32);
            // SAFETY: the caller runs this only on a CPU with the features (`unary_strip` checks).
            let mut a = unsafe { <$lanes>::new() };
            strip_loop(
                &mut a,
                n,
                // SAFETY: as in `unary_routine`.
                |a, i| unsafe { a.load_f32(src.add(i)) },
                |a, i, v| unsafe { a.store_f32(dst.add(i), v) },
                |a, x| R::F.lanes(a, &F32, x),
                |k| unsafe { *dst.add(k) = R::F.f32(*src.add(k)) },
            )
        }
    };
}

unary_routine!(u512_f64, "avx512f,avx512dq,avx512vl,avx2,fma", avx512::F64x8, f64, &F64, f64);
unary_routine!(u512_f32, "avx512f,avx512dq,avx512vl,avx2,fma", avx512::F32x16, f32, &F32, f32);
widened_routine!(u512_f32w, "avx512f,avx512dq,avx512vl,avx2,fma", avx512::F64x8);
unary_routine!(u256_f64, "avx2,fma", avx2::F64x4, f64, &F64, f64);
unary_routine!(u256_f32, "avx2,fma", avx2::F32x8, f32, &F32, f32);
widened_routine!(u256_f32w, "avx2,fma", avx2::F64x4);

struct PickUnary(Width, DType);

impl UnaryVisitor for PickUnary {
    type Out = Option<UnaryStrip>;

    fn visit<R: UnaryRow>(self) -> Option<UnaryStrip> {
        let widened = R::F.widened();
        Some(match (self.0, self.1) {
            (Width::W512, DType::F64) => u512_f64::<R>,
            (Width::W512, DType::F32) if widened => u512_f32w::<R>,
            (Width::W512, DType::F32) => u512_f32::<R>,
            (Width::W256, DType::F64) => u256_f64::<R>,
            (Width::W256, DType::F32) if widened => u256_f32w::<R>,
            (Width::W256, DType::F32) => u256_f32::<R>,
            _ => return None,
        })
    }
}

/// One routine per (width, float dtype, row) of two operands.
macro_rules! binary_routine {
    ($name:ident, $features:literal, $lanes:ty, $elem:ty, $fmt:expr, $full:ident) => {
        /// # Safety
        /// `BinaryStrip`'s contract, on a CPU with the routine's features.
        #[target_feature(enable = $features)]
        unsafe extern "C" fn $name<R: BinaryRow>(x: *const u8, y: *const u8, dst: *mut u8, n: usize) {
            let (x, y, dst) = (x as *const $elem, y as *const $elem, dst as *mut $elem);
            // SAFETY: the caller runs this only on a CPU with the features (`binary_strip` checks).
            let mut a = unsafe { <$lanes>::new() };
            strip_loop(
                &mut a,
                n,
                // SAFETY: as in `unary_routine`, for both operands.
                |a, i| unsafe { (a.load(x.add(i)), a.load(y.add(i))) },
                |a, i, v| unsafe { a.store(dst.add(i), v) },
                |a, (u, v)| R::F.lanes(a, $fmt, u, v),
                |k| unsafe { *dst.add(k) = R::F.$full(*x.add(k), *y.add(k)) },
            )
        }
    };
}

/// The same for a widened row on float32 strips.
macro_rules! widened_binary_routine {
    ($name:ident, $features:literal, $lanes:ty) => {
        /// # Safety
        /// `BinaryStrip`'s contract (float32 strips), on a CPU with the routine's features.
        #[target_feature(enable = $features)]
        unsafe extern "C" fn $name<R: BinaryRow>(x: *const u8, y: *const u8, dst: *mut u8, n: usize) {
            let (x, y, dst) = (x as *const f32, y as *const f32, dst as *mut f32);
            // SAFETY: the caller runs this only on a CPU with the features (`binary_strip` checks).
            let mut a = unsafe { <$lanes>::new() };
            strip_loop(
                &mut a,
                n,
                // SAFETY: as in `unary_routine`, for both operands.
                |a, i| unsafe { (a.load_f32(x.add(i)), a.load_f32(y.add(i))) },
                |a, i, v| unsafe { a.store_f32(dst.add(i), v) },
                |a, (u, v)| R::F.lanes(a, &F32, u, v),
                |k| unsafe { *dst.add(k) = R::F.f32(*x.add(k), *y.add(k)) },
            )
        }
    };
}

binary_routine!(b512_f64, "avx512f,avx512dq,avx512vl,avx2,fma", avx512::F64x8, f64, &F64, f64);
binary_routine!(b512_f32, "avx512f,avx512dq,avx512vl,avx2,fma", avx512::F32x16, f32, &F32, f32);
widened_binary_routine!(b512_f32w, "avx512f,avx512dq,avx512vl,avx2,fma", avx512::F64x8);
binary_routine!(b256_f64, "avx2,fma", avx2::F64x4, f64, &F64, f64);
binary_routine!(b256_f32, "avx2,fma", avx2::F32x8, f32, &F32, f32);
widened_binary_routine!(b256_f32w, "avx2,fma", avx2::F64x4);

struct PickBinary(Width, DType);

impl BinaryVisitor for PickBinary {
    type Out = Option<BinaryStrip>;

    fn visit<R: BinaryRow>(self) -> Option<BinaryStrip> {
        let widened = R::F.widened();
        Some(match (self.0, self.1) {
            (Width::W512, DType::F64) => b512_f64::<R>,
            (Width::W512, DType::F32) if widened => b512_f32w::<R>,
            (Width::W512, DType::F32) => b512_f32::<R>,
            (Width::W256, DType::F64) => b256_f64::<R>,
            (Width::W256, DType::F32) if widened => b256_f32w::<R>,
            (Width::W256, DType::F32) => b256_f32::<R>,
            _ => return None,
        })
    }
}

/// A float dtype's element, for the safe entry points.
#[cfg(test)]
pub trait Float: Copy {
    const DTYPE: DType;
}

#[cfg(test)]
impl Float for f64 {
    const DTYPE: DType = DType::F64;
}

#[cfg(test)]
impl Float for f32 {
    const DTYPE: DType = DType::F32;
}

/// `f` of each element of `src` into `dst` at `width`; `false` (and `dst` untouched) where the width
/// has no routine here. Panics if the lengths differ.
#[cfg(test)]
pub fn map_unary<T: Float>(width: Width, f: MathFn, src: &[T], dst: &mut [T]) -> bool {
    assert_eq!(src.len(), dst.len());
    let Some(routine) = unary_strip(width, f, T::DTYPE) else { return false };
    // SAFETY: `unary_strip` gave a routine for this CPU and `T`'s dtype; both slices hold `len`
    // elements of it, and a shared and a mutable borrow cannot overlap.
    unsafe { routine(src.as_ptr() as *const u8, dst.as_mut_ptr() as *mut u8, src.len()) };
    true
}

/// `f` of each pair of elements of `x` and `y` into `dst` at `width`, as `map_unary`.
#[cfg(test)]
pub fn map_binary<T: Float>(width: Width, f: MathFn2, x: &[T], y: &[T], dst: &mut [T]) -> bool {
    assert!(x.len() == dst.len() && y.len() == dst.len());
    let Some(routine) = binary_strip(width, f, T::DTYPE) else { return false };
    // SAFETY: as in `map_unary`, for both operands.
    unsafe { routine(x.as_ptr() as *const u8, y.as_ptr() as *const u8, dst.as_mut_ptr() as *mut u8, dst.len()) };
    true
}

#[cfg(test)]
mod tests;
