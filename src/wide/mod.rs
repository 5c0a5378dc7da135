//! `vmath`'s algorithms at the CPU's full vector width: `Arith` over `std::arch` 256-bit (AVX2 + FMA)
//! and 512-bit (AVX-512F/DQ/VL) vectors, compiled by rustc with `#[target_feature]` and chosen at run
//! time from the CPU's features. Cranelift emits 128-bit vectors only; a compiled kernel hands these
//! routines a strip of arguments and takes a strip of results (see `jit`).
//!
//! Each routine runs one row of `vmath`'s table over a strip: the row's lanes (its fast algorithm and
//! cold-lane mask) two vectors at a time (`two::Two`) and then one, the cold lanes and the strip's tail
//! (fewer than a vector's lanes) by the row's full scalar function, which is what the interpreter computes. The operations are the
//! same IEEE operations in the same order as the scalar and 128-bit paths, so every width gives the same
//! bits (tested).

/// The `Arith` methods both instruction sets spell alike, given one vector type's intrinsics (inside an
/// `impl Arith`; the file's `simd!` makes each call).
macro_rules! shared_arith {
    (F = $f:ty, I = $i:ty, M = $m:ty, elem = $elem:ty, int = $ity:ty, set1 = $set1:ident, seti = $seti:ident,
     add = $add:ident, sub = $sub:ident, mul = $mul:ident, div = $div:ident, fmadd = $fmadd:ident,
     round = $round:ident, sqrt = $sqrt:ident, cmp = $cmp:ident, cast_fi = $cast_fi:ident,
     cast_if = $cast_if:ident, iadd = $iadd:ident, isub = $isub:ident, and = $and:ident, or = $or:ident,
     xor = $xor:ident, sll = $sll:ident, srl = $srl:ident) => {
        type F = $f;
        type I = $i;
        type M = $m;

        #[inline(always)]
        fn f(&mut self, v: f64) -> $f {
            simd!($set1(v as $elem))
        }
        #[inline(always)]
        fn i(&mut self, v: i64) -> $i {
            simd!($seti(v as $ity))
        }
        #[inline(always)]
        fn add(&mut self, a: $f, b: $f) -> $f {
            simd!($add(a, b))
        }
        #[inline(always)]
        fn sub(&mut self, a: $f, b: $f) -> $f {
            simd!($sub(a, b))
        }
        #[inline(always)]
        fn mul(&mut self, a: $f, b: $f) -> $f {
            simd!($mul(a, b))
        }
        #[inline(always)]
        fn div(&mut self, a: $f, b: $f) -> $f {
            simd!($div(a, b))
        }
        #[inline(always)]
        fn fma(&mut self, a: $f, b: $f, c: $f) -> $f {
            simd!($fmadd(a, b, c))
        }
        #[inline(always)]
        fn rint(&mut self, a: $f) -> $f {
            simd!($round::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(a))
        }
        #[inline(always)]
        fn sqrt(&mut self, a: $f) -> $f {
            simd!($sqrt(a))
        }
        #[inline(always)]
        fn trunc(&mut self, a: $f) -> $f {
            simd!($round::<{ _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC }>(a))
        }
        #[inline(always)]
        fn floor(&mut self, a: $f) -> $f {
            simd!($round::<{ _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC }>(a))
        }
        #[inline(always)]
        fn lt(&mut self, a: $f, b: $f) -> $m {
            simd!($cmp::<_CMP_LT_OQ>(a, b))
        }
        #[inline(always)]
        fn gt(&mut self, a: $f, b: $f) -> $m {
            simd!($cmp::<_CMP_GT_OQ>(a, b))
        }
        #[inline(always)]
        fn eq(&mut self, a: $f, b: $f) -> $m {
            simd!($cmp::<_CMP_EQ_OQ>(a, b))
        }
        #[inline(always)]
        fn ult(&mut self, a: $f, b: $f) -> $m {
            simd!($cmp::<_CMP_NGE_UQ>(a, b))
        }
        #[inline(always)]
        fn ule(&mut self, a: $f, b: $f) -> $m {
            simd!($cmp::<_CMP_NGT_UQ>(a, b))
        }
        #[inline(always)]
        fn ugt(&mut self, a: $f, b: $f) -> $m {
            simd!($cmp::<_CMP_NLE_UQ>(a, b))
        }
        #[inline(always)]
        fn uge(&mut self, a: $f, b: $f) -> $m {
            simd!($cmp::<_CMP_NLT_UQ>(a, b))
        }
        #[inline(always)]
        fn float_to_bits(&mut self, a: $f) -> $i {
            simd!($cast_fi(a))
        }
        #[inline(always)]
        fn bits_to_float(&mut self, a: $i) -> $f {
            simd!($cast_if(a))
        }
        #[inline(always)]
        fn iadd(&mut self, a: $i, b: $i) -> $i {
            simd!($iadd(a, b))
        }
        #[inline(always)]
        fn isub(&mut self, a: $i, b: $i) -> $i {
            simd!($isub(a, b))
        }
        #[inline(always)]
        fn iand(&mut self, a: $i, b: $i) -> $i {
            simd!($and(a, b))
        }
        #[inline(always)]
        fn ior(&mut self, a: $i, b: $i) -> $i {
            simd!($or(a, b))
        }
        #[inline(always)]
        fn ixor(&mut self, a: $i, b: $i) -> $i {
            simd!($xor(a, b))
        }
        #[inline(always)]
        fn shl(&mut self, a: $i, n: u32) -> $i {
            simd!($sll(a, _mm_cvtsi32_si128(n as i32)))
        }
        #[inline(always)]
        fn ushr(&mut self, a: $i, n: u32) -> $i {
            simd!($srl(a, _mm_cvtsi32_si128(n as i32)))
        }
    };
}

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
mod avx512;
#[cfg(target_arch = "x86_64")]
mod half;
#[cfg(target_arch = "x86_64")]
mod reduce;
#[cfg(target_arch = "x86_64")]
mod routines;
pub mod stream;
#[cfg(target_arch = "x86_64")]
mod two;

use crate::dtype::DType;
use crate::vmath::{Arith, MathFn, MathFn2, Precision};

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
        #[cfg(target_arch = "x86_64")]
        let has = |features: &[&str]| features.iter().all(|f| feature(f));
        match self {
            Width::W128 => true,
            #[cfg(target_arch = "x86_64")]
            Width::W256 => has(avx2::FEATURES),
            #[cfg(target_arch = "x86_64")]
            Width::W512 => has(avx512::FEATURES),
            #[cfg(not(target_arch = "x86_64"))]
            _ => false,
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
#[cfg(target_arch = "x86_64")]
fn feature(f: &str) -> bool {
    match f {
        "avx2" => std::arch::is_x86_feature_detected!("avx2"),
        "fma" => std::arch::is_x86_feature_detected!("fma"),
        "avx512f" => std::arch::is_x86_feature_detected!("avx512f"),
        "avx512dq" => std::arch::is_x86_feature_detected!("avx512dq"),
        "avx512vl" => std::arch::is_x86_feature_detected!("avx512vl"),
        "f16c" => std::arch::is_x86_feature_detected!("f16c"),
        _ => false,
    }
}

/// An `Arith` over one vector type that also moves its lanes to and from memory.
#[allow(dead_code)] // on CPUs other than x86-64
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
#[allow(dead_code)]
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

/// A routine computing `sin` and `cos` of one strip from one argument reduction: `(src, sin, cos, n)`,
/// three non-overlapping strips of `n` elements.
pub type SinCosStrip = unsafe extern "C" fn(*const u8, *mut u8, *mut u8, usize);

/// What a float16 conversion routine does to a strip of `n` elements (`half_strip`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HalfOp {
    /// float16 bits in, their float32 values out.
    Widen,
    /// float32 in, the nearest float16 values out as float32.
    Round,
    /// float32 in, the nearest float16 values out as float16 bits.
    Narrow,
}

/// The float16 conversion routine for `op` at `width`, where the CPU has the instructions (F16C at 256
/// bits, AVX-512F at 512).
pub fn half_strip(width: Width, op: HalfOp) -> Option<UnaryStrip> {
    #[cfg(target_arch = "x86_64")]
    return half::routine(width, op);
    #[cfg(not(target_arch = "x86_64"))]
    return None;
}

/// The sine-and-cosine routine for strips of `dtype` at `width`, if there is one.
pub fn sincos_strip(width: Width, dtype: DType, precision: Precision) -> Option<SinCosStrip> {
    if !width.available() || !dtype.is_float() {
        return None;
    }
    #[cfg(target_arch = "x86_64")]
    return routines::sincos_routine(width, dtype, precision);
    #[cfg(not(target_arch = "x86_64"))]
    return None;
}

/// The routine that runs `f` on strips of `dtype` at `width`, if there is one (float dtypes at 256 or
/// 512 bits, on a CPU that has the width).
pub fn unary_strip(width: Width, f: MathFn, dtype: DType, precision: Precision) -> Option<UnaryStrip> {
    if !width.available() || !dtype.is_float() {
        return None;
    }
    #[cfg(target_arch = "x86_64")]
    return f.visit(routines::PickUnary(width, dtype, precision));
    #[cfg(not(target_arch = "x86_64"))]
    return None;
}

/// The same for a function of two operands.
pub fn binary_strip(width: Width, f: MathFn2, dtype: DType, precision: Precision) -> Option<BinaryStrip> {
    if !width.available() || !dtype.is_float() {
        return None;
    }
    #[cfg(target_arch = "x86_64")]
    return f.visit(routines::PickBinary(width, dtype, precision));
    #[cfg(not(target_arch = "x86_64"))]
    return None;
}

/// `xs.iter().fold(zero, add)` at `width`: from 256 bits compiled for AVX2, which vectorizes the widening
/// integer sums of `exec::reduce` (wrapping integer addition is associative, so their bits do not depend
/// on the order the compiler picks).
pub fn fold<T: Copy, A>(width: Width, xs: &[T], zero: A, add: impl Fn(A, T) -> A) -> A {
    #[cfg(target_arch = "x86_64")]
    if width >= Width::W256 && width.available() {
        // SAFETY: the CPU has AVX2 (`available`).
        return unsafe { reduce::fold_avx2(xs, zero, add) };
    }
    xs.iter().fold(zero, |a, &x| add(a, x))
}

/// The plain float reductions at `width`: the loops of `exec::reduce` over float32 or float64 values,
/// the same bits at every width (tested there).
pub trait Reduce: Copy + Sized {
    /// The sums of the leading leaves of `LEAF` elements of `xs`, as many whole groups of eight as `xs`
    /// holds and `out` has room for, into `out`: how many leaves were summed (none at 128 bits, where
    /// the caller sums them all).
    fn leaf_sums(width: Width, xs: &[Self], out: &mut [Self]) -> usize;
    /// Eight running extremes of `xs` (non-empty), each starting at `xs[0]`, lane k over elements k,
    /// k + 8, ... of the first `8 * (len / 8)`, taking an element that is greater (`max`) or less than it,
    /// and whether any of those elements is a NaN; `None` at 128 bits, and where a lane's extreme is a
    /// zero (whose sign depends on which zero came first, which the wide loops do not track).
    fn extremes(width: Width, xs: &[Self], max: bool) -> Option<([Self; 8], bool)>;
}

macro_rules! reduce {
    ($t:ty, $sums:ident, $extremes:ident) => {
        impl Reduce for $t {
            fn leaf_sums(width: Width, xs: &[$t], out: &mut [$t]) -> usize {
                #[cfg(target_arch = "x86_64")]
                if width >= Width::W256 && width.available() {
                    let groups = (xs.len() / (reduce::GROUP * crate::contract::LEAF)).min(out.len() / reduce::GROUP);
                    // SAFETY: the CPU has AVX2 (`available`); `groups` whole groups of leaves lie in `xs`
                    // and their sums fit in `out`.
                    unsafe { reduce::$sums(xs.as_ptr(), groups, out.as_mut_ptr()) };
                    return groups * reduce::GROUP;
                }
                let _ = (width, xs, out);
                0
            }

            fn extremes(width: Width, xs: &[$t], max: bool) -> Option<([$t; 8], bool)> {
                #[cfg(target_arch = "x86_64")]
                if width >= Width::W256 && width.available() && !xs.is_empty() {
                    // SAFETY: the CPU has AVX2; `xs` holds its `len() >= 1` elements.
                    return unsafe {
                        if max {
                            reduce::$extremes::<true>(xs.as_ptr(), xs.len())
                        } else {
                            reduce::$extremes::<false>(xs.as_ptr(), xs.len())
                        }
                    };
                }
                let _ = (width, xs, max);
                None
            }
        }
    };
}
reduce!(f64, leaf_sums_f64, extremes_f64);
reduce!(f32, leaf_sums_f32, extremes_f32);

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
pub fn map_unary<T: Float>(width: Width, p: Precision, f: MathFn, src: &[T], dst: &mut [T]) -> bool {
    assert_eq!(src.len(), dst.len());
    let Some(routine) = unary_strip(width, f, T::DTYPE, p) else { return false };
    // SAFETY: `unary_strip` gave a routine for this CPU and `T`'s dtype; both slices hold `len`
    // elements of it, and a shared and a mutable borrow cannot overlap.
    unsafe { routine(src.as_ptr() as *const u8, dst.as_mut_ptr() as *mut u8, src.len()) };
    true
}

/// `f` of each pair of elements of `x` and `y` into `dst` at `width`, as `map_unary`.
#[cfg(test)]
pub fn map_binary<T: Float>(width: Width, p: Precision, f: MathFn2, x: &[T], y: &[T], dst: &mut [T]) -> bool {
    assert!(x.len() == dst.len() && y.len() == dst.len());
    let Some(routine) = binary_strip(width, f, T::DTYPE, p) else { return false };
    // SAFETY: as in `map_unary`, for both operands.
    unsafe { routine(x.as_ptr() as *const u8, y.as_ptr() as *const u8, dst.as_mut_ptr() as *mut u8, dst.len()) };
    true
}

/// `sin` and `cos` of each element of `src` into `sin` and `cos` at `width`, as `map_unary`.
#[cfg(test)]
pub fn map_sincos<T: Float>(width: Width, p: Precision, src: &[T], sin: &mut [T], cos: &mut [T]) -> bool {
    assert!(src.len() == sin.len() && src.len() == cos.len());
    let Some(routine) = sincos_strip(width, T::DTYPE, p) else { return false };
    let (s, c) = (sin.as_mut_ptr() as *mut u8, cos.as_mut_ptr() as *mut u8);
    // SAFETY: as in `map_unary`, for both results.
    unsafe { routine(src.as_ptr() as *const u8, s, c, src.len()) };
    true
}

#[cfg(test)]
mod tests;
