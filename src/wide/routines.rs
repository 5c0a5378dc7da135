//! The strip routines (x86-64 only): for each width, float dtype and row, a `#[target_feature]` function
//! over a strip, and the visitors that pick one.

use super::{avx2, avx512, two::Two, BinaryStrip, Lanes, SinCosStrip, UnaryStrip, Widen, Width};
use crate::dtype::DType;
use crate::vmath::{
    beyond_trig_limit, format, sincos, BinaryRow, BinaryVisitor, MathFn, Precision, UnaryRow, UnaryVisitor,
};

/// The precision a routine's `FAST` parameter stands for.
const fn precision(fast: bool) -> Precision {
    if fast {
        Precision::Fast
    } else {
        Precision::High
    }
}

/// The strip loop: a row's lanes a vector at a time over elements `start..n` (`load` gives a vector's
/// operands at an index, `store` writes its results), then `cold` for each cold lane and each element of
/// the tail. The closures do the memory accesses, so their callers state what makes them sound.
#[inline(always)]
fn strip_loop<A: Lanes, X, Y>(
    a: &mut A,
    start: usize,
    n: usize,
    mut load: impl FnMut(&mut A, usize) -> X,
    mut store: impl FnMut(&mut A, usize, Y),
    mut lanes: impl FnMut(&mut A, X) -> (Y, Option<A::M>),
    mut cold: impl FnMut(usize),
) {
    let mut i = start;
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

/// `strip_loop` over `n` elements with `$lanes` vectors two at a time (`Two`: two dependency chains
/// interleaved), then at most one alone, then the scalar tail. Each closure is written once and typed
/// for both loops.
macro_rules! strips {
    ($lanes:ty, $n:expr, |$a:ident, $i:ident| $load:expr, |$sa:ident, $si:ident, $v:pat_param| $store:expr,
     |$la:ident, $x:pat_param| $lane:expr, |$k:ident| $cold:expr $(,)?) => {{
        let n: usize = $n;
        let pairs = n - n % (2 * <$lanes as Lanes>::N);
        // SAFETY: a routine runs only on a CPU with its features (`unary_strip`, `binary_strip` and
        // `sincos_strip` check).
        let mut two = Two(unsafe { <$lanes>::new() });
        strip_loop(&mut two, 0, pairs, |$a, $i| $load, |$sa, $si, $v| $store, |$la, $x| $lane, |$k| $cold);
        // SAFETY: as above.
        let mut one = unsafe { <$lanes>::new() };
        strip_loop(&mut one, pairs, n, |$a, $i| $load, |$sa, $si, $v| $store, |$la, $x| $lane, |$k| $cold);
    }};
}

/// One routine per (width, float dtype, row, precision): `$name::<R, FAST>` runs row `R` at the width of
/// `$lanes` (`$f64`: whether its lanes are float64), at `Precision::Fast` if `FAST`. Cold lanes and the
/// tail take `$full` (`f64_at` or `f32_at`): the fast algorithm where it covers them, else the full one.
macro_rules! unary_routine {
    ($name:ident, $features:literal, $lanes:ty, $elem:ty, $f64:expr, $full:ident) => {
        /// # Safety
        /// `UnaryStrip`'s contract, on a CPU with the routine's features.
        #[target_feature(enable = $features)]
        unsafe extern "C" fn $name<R: UnaryRow, const FAST: bool>(src: *const u8, dst: *mut u8, n: usize) {
            let (p, fmt) = (precision(FAST), format($f64, precision(FAST)));
            let (src, dst) = (src as *const $elem, dst as *mut $elem);
            strips!(
                $lanes,
                n,
                // SAFETY (the loads, stores and cold lanes): `src` and `dst` hold `n` elements; the loop
                // reads and writes a vector at i only where i + N <= n, and single elements below n.
                |a, i| unsafe { a.load(src.add(i)) },
                |a, i, v| unsafe { a.store(dst.add(i), v) },
                |a, x| R::F.lanes(a, fmt, x),
                |k| unsafe { *dst.add(k) = R::F.$full(p, *src.add(k)) },
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
        unsafe extern "C" fn $name<R: UnaryRow, const FAST: bool>(src: *const u8, dst: *mut u8, n: usize) {
            let (p, fmt) = (precision(FAST), format(false, precision(FAST)));
            let (src, dst) = (src as *const f32, dst as *mut f32);
            strips!(
                $lanes,
                n,
                // SAFETY: as in `unary_routine`.
                |a, i| unsafe { a.load_f32(src.add(i)) },
                |a, i, v| unsafe { a.store_f32(dst.add(i), v) },
                |a, x| R::F.lanes(a, fmt, x),
                |k| unsafe { *dst.add(k) = R::F.f32_at(p, *src.add(k)) },
            )
        }
    };
}

unary_routine!(u512_f64, "avx512f,avx512dq,avx512vl,avx2,fma", avx512::F64x8, f64, true, f64_at);
unary_routine!(u512_f32, "avx512f,avx512dq,avx512vl,avx2,fma", avx512::F32x16, f32, false, f32_at);
widened_routine!(u512_f32w, "avx512f,avx512dq,avx512vl,avx2,fma", avx512::F64x8);
unary_routine!(u256_f64, "avx2,fma", avx2::F64x4, f64, true, f64_at);
unary_routine!(u256_f32, "avx2,fma", avx2::F32x8, f32, false, f32_at);
widened_routine!(u256_f32w, "avx2,fma", avx2::F64x4);

pub struct PickUnary(pub Width, pub DType, pub Precision);

impl UnaryVisitor for PickUnary {
    type Out = Option<UnaryStrip>;

    fn visit<R: UnaryRow>(self) -> Option<UnaryStrip> {
        match self.2 {
            Precision::High => self.pick::<R, false>(),
            Precision::Fast => self.pick::<R, true>(),
        }
    }
}

impl PickUnary {
    fn pick<R: UnaryRow, const FAST: bool>(self) -> Option<UnaryStrip> {
        let widened = R::F.widened_at(precision(FAST));
        Some(match (self.0, self.1) {
            (Width::W512, DType::F64) => u512_f64::<R, FAST>,
            (Width::W512, DType::F32) if widened => u512_f32w::<R, FAST>,
            (Width::W512, DType::F32) => u512_f32::<R, FAST>,
            (Width::W256, DType::F64) => u256_f64::<R, FAST>,
            (Width::W256, DType::F32) if widened => u256_f32w::<R, FAST>,
            (Width::W256, DType::F32) => u256_f32::<R, FAST>,
            _ => return None,
        })
    }
}

/// One routine per (width, float dtype, row) of two operands.
macro_rules! binary_routine {
    ($name:ident, $features:literal, $lanes:ty, $elem:ty, $f64:expr, $full:ident) => {
        /// # Safety
        /// `BinaryStrip`'s contract, on a CPU with the routine's features.
        #[target_feature(enable = $features)]
        unsafe extern "C" fn $name<R: BinaryRow, const FAST: bool>(x: *const u8, y: *const u8, dst: *mut u8, n: usize) {
            let (p, fmt) = (precision(FAST), format($f64, precision(FAST)));
            let (x, y, dst) = (x as *const $elem, y as *const $elem, dst as *mut $elem);
            strips!(
                $lanes,
                n,
                // SAFETY: as in `unary_routine`, for both operands.
                |a, i| unsafe { (a.load(x.add(i)), a.load(y.add(i))) },
                |a, i, v| unsafe { a.store(dst.add(i), v) },
                |a, (u, v)| R::F.lanes(a, fmt, u, v),
                |k| unsafe { *dst.add(k) = R::F.$full(p, *x.add(k), *y.add(k)) },
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
        unsafe extern "C" fn $name<R: BinaryRow, const FAST: bool>(x: *const u8, y: *const u8, dst: *mut u8, n: usize) {
            let (p, fmt) = (precision(FAST), format(false, precision(FAST)));
            let (x, y, dst) = (x as *const f32, y as *const f32, dst as *mut f32);
            strips!(
                $lanes,
                n,
                // SAFETY: as in `unary_routine`, for both operands.
                |a, i| unsafe { (a.load_f32(x.add(i)), a.load_f32(y.add(i))) },
                |a, i, v| unsafe { a.store_f32(dst.add(i), v) },
                |a, (u, v)| R::F.lanes(a, fmt, u, v),
                |k| unsafe { *dst.add(k) = R::F.f32_at(p, *x.add(k), *y.add(k)) },
            )
        }
    };
}

binary_routine!(b512_f64, "avx512f,avx512dq,avx512vl,avx2,fma", avx512::F64x8, f64, true, f64_at);
binary_routine!(b512_f32, "avx512f,avx512dq,avx512vl,avx2,fma", avx512::F32x16, f32, false, f32_at);
widened_binary_routine!(b512_f32w, "avx512f,avx512dq,avx512vl,avx2,fma", avx512::F64x8);
binary_routine!(b256_f64, "avx2,fma", avx2::F64x4, f64, true, f64_at);
binary_routine!(b256_f32, "avx2,fma", avx2::F32x8, f32, false, f32_at);
widened_binary_routine!(b256_f32w, "avx2,fma", avx2::F64x4);

pub struct PickBinary(pub Width, pub DType, pub Precision);

impl BinaryVisitor for PickBinary {
    type Out = Option<BinaryStrip>;

    fn visit<R: BinaryRow>(self) -> Option<BinaryStrip> {
        match self.2 {
            Precision::High => self.pick::<R, false>(),
            Precision::Fast => self.pick::<R, true>(),
        }
    }
}

impl PickBinary {
    fn pick<R: BinaryRow, const FAST: bool>(self) -> Option<BinaryStrip> {
        let widened = R::F.widened_at(precision(FAST));
        Some(match (self.0, self.1) {
            (Width::W512, DType::F64) => b512_f64::<R, FAST>,
            (Width::W512, DType::F32) if widened => b512_f32w::<R, FAST>,
            (Width::W512, DType::F32) => b512_f32::<R, FAST>,
            (Width::W256, DType::F64) => b256_f64::<R, FAST>,
            (Width::W256, DType::F32) if widened => b256_f32w::<R, FAST>,
            (Width::W256, DType::F32) => b256_f32::<R, FAST>,
            _ => return None,
        })
    }
}

/// `sin` and `cos` of one strip from one argument reduction (`vmath::sincos`), into two strips.
macro_rules! sincos_routine {
    ($name:ident, $features:literal, $lanes:ty, $elem:ty, $f64:expr, $full:ident) => {
        /// # Safety
        /// `SinCosStrip`'s contract, on a CPU with the routine's features.
        #[target_feature(enable = $features)]
        pub unsafe extern "C" fn $name<const FAST: bool>(src: *const u8, sin: *mut u8, cos: *mut u8, n: usize) {
            let (p, fmt) = (precision(FAST), format($f64, precision(FAST)));
            let (src, sin, cos) = (src as *const $elem, sin as *mut $elem, cos as *mut $elem);
            strips!(
                $lanes,
                n,
                // SAFETY: as in `unary_routine`, for both results.
                |a, i| unsafe { a.load(src.add(i)) },
                |a, i, (s, c)| unsafe {
                    a.store(sin.add(i), s);
                    a.store(cos.add(i), c);
                },
                |a, x| (sincos(a, fmt, x), Some(beyond_trig_limit(a, fmt, x))),
                |k| unsafe {
                    *sin.add(k) = MathFn::Sin.$full(p, *src.add(k));
                    *cos.add(k) = MathFn::Cos.$full(p, *src.add(k));
                },
            )
        }
    };
}

sincos_routine!(sc512_f64, "avx512f,avx512dq,avx512vl,avx2,fma", avx512::F64x8, f64, true, f64_at);
sincos_routine!(sc512_f32, "avx512f,avx512dq,avx512vl,avx2,fma", avx512::F32x16, f32, false, f32_at);
sincos_routine!(sc256_f64, "avx2,fma", avx2::F64x4, f64, true, f64_at);
sincos_routine!(sc256_f32, "avx2,fma", avx2::F32x8, f32, false, f32_at);

/// The sine-and-cosine routine for `width`, `dtype` and `precision`.
pub fn sincos_routine(width: Width, dtype: DType, precision: Precision) -> Option<SinCosStrip> {
    match precision {
        Precision::High => pick_sincos::<false>(width, dtype),
        Precision::Fast => pick_sincos::<true>(width, dtype),
    }
}

fn pick_sincos<const FAST: bool>(width: Width, dtype: DType) -> Option<SinCosStrip> {
    Some(match (width, dtype) {
        (Width::W512, DType::F64) => sc512_f64::<FAST>,
        (Width::W512, DType::F32) => sc512_f32::<FAST>,
        (Width::W256, DType::F64) => sc256_f64::<FAST>,
        (Width::W256, DType::F32) => sc256_f32::<FAST>,
        _ => return None,
    })
}
