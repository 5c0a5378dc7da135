//! Matrix products, NumPy's `matmul` (`@`) and `dot`, of two arrays: the shapes by NumPy's rules, each
//! 2-d product of float32, float64, complex64 or complex128 by faer's GEMM, every other dtype (and the
//! reference, the interpreter's) by a plain loop. (float16 never arrives here: the type checker computes
//! it in float32, as NumPy does.)
//!
//! Both rules come down to 2-d products `m x k` by `k x n`, read at any strides: `matmul` broadcasts the
//! stacks before the last two axes (a 1-d left operand is one row, a 1-d right one one column, and the
//! axis goes away), `dot` takes the outer product of the stacks (`dot(a, b)[i, j, :]` is `a[i, :] @
//! b[j, :, :]`). GEMM sums each element's `k` products in an order fixed by the sizes alone (faer splits
//! the work between threads by rows and columns of the result, never along `k`), so results do not depend
//! on the thread count; the loop sums them in order, `k = 0, 1, ...`. A stack of products too small to
//! split runs its products side by side, each on one thread: the same sums in the same order.

use ndarray::{ArrayD, ArrayView2, ArrayViewD, ArrayViewMut2, ArrayViewMutD, Axis, IxDyn};
use num_complex::Complex;
use rayon::prelude::*;

use crate::array::{ArrayMut, ArrayRef, DynArray};
use crate::error::{Error, ErrorKind, Result};
use crate::options::Options;

/// Which product, and how it was written (for messages).
#[derive(Clone, Copy, Debug)]
pub struct Spec<'a> {
    pub dot: bool,
    pub func: &'a str,
}

/// Products with fewer multiply-adds than this run on the calling thread.
const PARALLEL_FLOPS: usize = 1 << 21;

fn shape_text(s: &[usize]) -> String {
    match s {
        [n] => format!("({n},)"),
        _ => format!("({})", s.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")),
    }
}

fn value_error(message: String) -> Error {
    Error::general(ErrorKind::Value { message })
}

/// The result's shape and the sizes of each 2-d product in it, `m x k` by `k x n`.
struct Layout {
    result: Vec<usize>,
    m: usize,
    k: usize,
    n: usize,
}

/// The result's shape for operands of shapes `a` and `b`, or NumPy's error for them.
pub fn result_shape(a: &[usize], b: &[usize], spec: Spec) -> Result<Vec<usize>> {
    layout(a, b, spec).map(|l| l.result)
}

fn layout(a: &[usize], b: &[usize], spec: Spec) -> Result<Layout> {
    let func = spec.func;
    if spec.dot && (a.is_empty() || b.is_empty()) {
        // `dot` of a 0-d operand multiplies.
        let result = super::broadcast_shape(&[a, b])?;
        return Ok(Layout { result, m: 0, k: 0, n: 0 });
    }
    for (s, which) in [(a, "left"), (b, "right")] {
        if s.is_empty() {
            return Err(value_error(format!(
                "`{func}` needs arrays of at least one dimension: the {which} operand is 0-d (a scalar)"
            )));
        }
    }
    let ka = a[a.len() - 1];
    let (kb, kb_axis) = if b.len() == 1 { (b[0], 0) } else { (b[b.len() - 2], b.len() - 2) };
    if ka != kb {
        return Err(value_error(format!(
            "`{func}`: shapes {} and {} are not aligned: {ka} (axis {} of the left) != {kb} (axis {kb_axis} of the right)",
            shape_text(a),
            shape_text(b),
            a.len() - 1
        )));
    }
    let m = if a.len() == 1 { 1 } else { a[a.len() - 2] };
    let n = if b.len() == 1 { 1 } else { b[b.len() - 1] };
    let result = if spec.dot {
        let mut r = a[..a.len() - 1].to_vec();
        if b.len() >= 2 {
            r.extend_from_slice(&b[..b.len() - 2]);
            r.push(n);
        }
        r
    } else {
        let stacks = |s: &[usize]| if s.len() > 2 { s[..s.len() - 2].to_vec() } else { Vec::new() };
        let (sa, sb) = (stacks(a), stacks(b));
        let mut r = super::broadcast_shape(&[&sa, &sb]).map_err(|_| {
            value_error(format!(
                "`{func}`: shapes {} and {} do not broadcast in their stacks ({} and {})",
                shape_text(a),
                shape_text(b),
                shape_text(&sa),
                shape_text(&sb)
            ))
        })?;
        if a.len() >= 2 {
            r.push(m);
        }
        if b.len() >= 2 {
            r.push(n);
        }
        r
    };
    super::broadcast::checked_len(&result, 1)?;
    Ok(Layout { result, m, k: ka, n })
}

/// The elements a product sums: a multiply-add in the dtype's arithmetic (integers wrap, bools are `or`
/// of `and`s).
trait Dot: Copy + Send + Sync + 'static {
    const ZERO: Self;
    fn mul_add(self, x: Self, y: Self) -> Self;
    fn mul(x: Self, y: Self) -> Self {
        Self::ZERO.mul_add(x, y)
    }
}

impl Dot for bool {
    const ZERO: bool = false;
    fn mul_add(self, x: bool, y: bool) -> bool {
        self | (x & y)
    }
}

macro_rules! dot_int {
    ($($t:ty),*) => {$(
        impl Dot for $t {
            const ZERO: $t = 0;
            fn mul_add(self, x: $t, y: $t) -> $t {
                self.wrapping_add(x.wrapping_mul(y))
            }
        }
    )*};
}
dot_int!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! dot_float {
    ($($t:ty),*) => {$(
        impl Dot for $t {
            const ZERO: $t = 0.0;
            fn mul_add(self, x: $t, y: $t) -> $t {
                self + x * y
            }
            fn mul(x: $t, y: $t) -> $t {
                x * y
            }
        }
    )*};
}
dot_float!(f32, f64);

macro_rules! dot_complex {
    ($($t:ty),*) => {$(
        impl Dot for Complex<$t> {
            const ZERO: Self = Complex { re: 0.0, im: 0.0 };
            fn mul_add(self, x: Self, y: Self) -> Self {
                self + x * y
            }
            fn mul(x: Self, y: Self) -> Self {
                x * y
            }
        }
    )*};
}
dot_complex!(f32, f64);

/// Calls `$go!` with the GEMM of each dtype that has one (by faer unless `$reference`), and `None` (the
/// loop) for the rest.
macro_rules! by_dtype {
    ($go:ident, $reference:expr) => {{
        fn unless<T>(reference: bool, f: Gemm<T>) -> Option<Gemm<T>> {
            (!reference).then_some(f)
        }
        let r = $reference;
        $go!(
            F64 => unless(r, gemm_f64), F32 => unless(r, gemm_f32),
            C128 => unless(r, gemm_c128), C64 => unless(r, gemm_c64),
            Bool => None, I8 => None, I16 => None, I32 => None, I64 => None,
            U8 => None, U16 => None, U32 => None, U64 => None
        )
    }};
}

fn unsupported(spec: Spec, a: &ArrayRef, b: &ArrayRef) -> Error {
    Error::general(ErrorKind::Type {
        message: format!("`{}` of {} and {} is not supported", spec.func, a.dtype(), b.dtype()),
    })
}

/// The product of `a` and `b` (one dtype) in a new array, by GEMM for floats unless `reference`, else by
/// the loop.
pub fn product(a: &ArrayRef, b: &ArrayRef, spec: Spec, reference: bool, opts: &Options) -> Result<DynArray> {
    macro_rules! go {
        ($($v:ident => $gemm:expr),*) => {
            match (a, b) {
                $((ArrayRef::$v(x), ArrayRef::$v(y)) => {
                    let l = layout(x.shape(), y.shape(), spec)?;
                    let mut out = zeros(&l.result)?;
                    fill(x, y, &l, spec, $gemm, opts, out.view_mut())?;
                    Ok(DynArray::$v(out))
                })*
                _ => Err(unsupported(spec, a, b)),
            }
        };
    }
    by_dtype!(go, reference)
}

/// The product of `a` and `b` written into `dest` (C-contiguous, of the result's dtype and shape, sharing
/// no memory with either operand), as `product` computes it.
pub fn product_into(
    a: &ArrayRef,
    b: &ArrayRef,
    spec: Spec,
    reference: bool,
    opts: &Options,
    dest: &mut ArrayMut,
) -> Result<()> {
    macro_rules! go {
        ($($v:ident => $gemm:expr),*) => {
            match (a, b, dest) {
                $((ArrayRef::$v(x), ArrayRef::$v(y), ArrayMut::$v(d)) => {
                    let l = layout(x.shape(), y.shape(), spec)?;
                    if d.shape() != l.result.as_slice() {
                        return Err(crate::error::shape_mismatch(&l.result, "the output", d.shape()));
                    }
                    debug_assert!(d.is_standard_layout(), "a C-contiguous output");
                    fill(x, y, &l, spec, $gemm, opts, d.view_mut())
                })*
                _ => Err(unsupported(spec, a, b)),
            }
        };
    }
    by_dtype!(go, reference)
}

/// An array of zeros of `shape`, or the error for a result too large to allocate.
fn zeros<T: Dot>(shape: &[usize]) -> Result<ArrayD<T>> {
    let len = super::broadcast::checked_len(shape, std::mem::size_of::<T>())?;
    let mut data = super::memory::vec_with_capacity::<T>(len)?;
    data.resize(len, T::ZERO);
    Ok(ArrayD::from_shape_vec(IxDyn(shape), data).expect("the result's length"))
}

/// A 2-d product into `out` (C-contiguous) at `threads` threads.
type Gemm<T> = fn(ArrayView2<T>, ArrayView2<T>, &mut ArrayViewMut2<T>, Option<usize>);

/// Writes the product of `a` and `b` (laid out as `l`) into `out`, C-contiguous of the result's shape:
/// by `gemm` where there is one, else by the loop.
fn fill<T: Dot>(
    a: &ArrayViewD<T>,
    b: &ArrayViewD<T>,
    l: &Layout,
    spec: Spec,
    gemm: Option<Gemm<T>>,
    opts: &Options,
    mut out: ArrayViewMutD<T>,
) -> Result<()> {
    let len = out.len();
    if len == 0 {
        return Ok(());
    }
    if spec.dot && (a.ndim() == 0 || b.ndim() == 0) {
        // NumPy multiplies; where the other operand has at most two axes its BLAS path adds the products to
        // zeros (`0 + x*y`: no negative zeros), and this does the same.
        let blas = a.ndim().max(b.ndim()) <= 2;
        let (x, y) =
            (a.broadcast(out.raw_dim()).expect("shapes checked"), b.broadcast(out.raw_dim()).expect("shapes checked"));
        ndarray::Zip::from(&mut out).and(&x).and(&y).for_each(|o, &x, &y| {
            *o = if blas { T::ZERO.mul_add(x, y) } else { T::mul(x, y) };
        });
        return Ok(());
    }
    // Each operand as a stack of matrices: a 1-d operand is one row (left) or one column (right).
    let a3 = stack(a, a.ndim() == 1, true);
    let b3 = stack(b, b.ndim() == 1, false);
    let (m, n) = (l.m, l.n);
    let flops = l.m.saturating_mul(l.k).saturating_mul(l.n);
    // Each product on as many threads as it is worth; a stack of small ones side by side where together
    // they are.
    let threads = if flops < PARALLEL_FLOPS { Some(1) } else { opts.threads };
    let one = |x: ArrayView2<T>, y: ArrayView2<T>, mut dst: ArrayViewMut2<T>| match gemm {
        Some(g) if l.k > 0 => g(x, y, &mut dst, threads),
        Some(_) => dst.fill(T::ZERO),
        None => plain(x, y, &mut dst),
    };
    let cancelled = || opts.cancel.as_ref().is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed));
    // The products: (left matrix, right matrix, destination) by the rules' layout. dot: every left
    // row-stack against every right matrix; the left's rows are its leading indices flattened, each a row
    // of the result's leading block. matmul: the stacks broadcast; stack `s` of the result reads the
    // left's and the right's stacks at the same index, or their only one.
    let rows = a3.len_of(Axis(0)) * m;
    let left_rows = spec.dot.then(|| a3.to_shape((rows, l.k)).expect("a stack of rows"));
    let (shape3, axis) = if spec.dot { ((rows, b3.len_of(Axis(0)), n), 1) } else { ((len / (m * n), m, n), 0) };
    let matrix_axes = usize::from(a.ndim() >= 2) + usize::from(b.ndim() >= 2);
    let stack_shape = &l.result[..l.result.len() - matrix_axes];
    let lead = |s: &ArrayViewD<T>| if s.ndim() > 2 { s.shape()[..s.ndim() - 2].to_vec() } else { Vec::new() };
    let (la, lb) = (lead(a), lead(b));
    let mut dst3 = out.view_mut().into_shape_with_order(shape3).expect("C-contiguous");
    let jobs: Vec<(ArrayView2<T>, ArrayView2<T>, ArrayViewMut2<T>)> = dst3
        .axis_iter_mut(Axis(axis))
        .enumerate()
        .map(|(s, d)| {
            if spec.dot {
                (left_rows.as_ref().expect("dot's rows").view(), b3.index_axis(Axis(0), s), d)
            } else {
                let idx = unravel(s, stack_shape);
                let (ia, ib) = (ravel_broadcast(&idx, &la), ravel_broadcast(&idx, &lb));
                (a3.index_axis(Axis(0), ia), b3.index_axis(Axis(0), ib), d)
            }
        })
        .collect();
    let side_by_side = threads == Some(1)
        && opts.threads != Some(1)
        && jobs.len() > 1
        && flops.saturating_mul(jobs.len()) >= PARALLEL_FLOPS;
    if side_by_side {
        super::parallel::install(opts.threads, || {
            jobs.into_par_iter().for_each(|(x, y, d)| {
                if !cancelled() {
                    one(x, y, d)
                }
            })
        });
    } else {
        for (x, y, d) in jobs {
            if cancelled() {
                break;
            }
            one(x, y, d);
        }
    }
    if cancelled() {
        return Err(Error::general(ErrorKind::Cancelled));
    }
    Ok(())
}

/// `x` as a 3-d stack of matrices: its leading axes flattened (a copy only where they do not flatten in
/// place), a 1-d one as one row (`row`) or one column.
fn stack<'a, T: Clone>(x: &'a ArrayViewD<'_, T>, one_d: bool, row: bool) -> ndarray::CowArray<'a, T, ndarray::Ix3> {
    if one_d {
        let n = x.len();
        let shape = if row { (1, 1, n) } else { (1, n, 1) };
        x.to_shape(shape).expect("1-d")
    } else {
        let (r, c) = (x.shape()[x.ndim() - 2], x.shape()[x.ndim() - 1]);
        let s = x.shape()[..x.ndim() - 2].iter().product();
        x.to_shape((s, r, c)).expect("a stack of matrices")
    }
}

/// The multi-index of `k` in C order over `shape`.
fn unravel(mut k: usize, shape: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; shape.len()];
    for (i, &d) in shape.iter().enumerate().rev() {
        idx[i] = k % d.max(1);
        k /= d.max(1);
    }
    idx
}

/// The flat C-order index, in `shape` (right-aligned under `idx`, broadcast where its length is 1), of the
/// element at `idx`.
fn ravel_broadcast(idx: &[usize], shape: &[usize]) -> usize {
    let off = idx.len() - shape.len();
    shape.iter().enumerate().fold(0, |acc, (i, &d)| acc * d + if d == 1 { 0 } else { idx[off + i] })
}

/// `dst = x @ y` by the definition: each element the sum of its products, `k` in order.
fn plain<T: Dot>(x: ArrayView2<T>, y: ArrayView2<T>, dst: &mut ArrayViewMut2<T>) {
    let (m, k) = x.dim();
    let n = y.dim().1;
    for i in 0..m {
        for j in 0..n {
            let mut acc = T::ZERO;
            for p in 0..k {
                acc = acc.mul_add(x[(i, p)], y[(p, j)]);
            }
            dst[(i, j)] = acc;
        }
    }
}

macro_rules! gemm_with_faer {
    ($name:ident, $t:ty, $one:expr) => {
        /// `dst = x @ y` by faer's GEMM, at `threads` threads (rayon's pool where `None`).
        fn $name(x: ArrayView2<$t>, y: ArrayView2<$t>, dst: &mut ArrayViewMut2<$t>, threads: Option<usize>) {
            let (m, k) = x.dim();
            let n = y.dim().1;
            let (xs, ys, ds) = (x.strides(), y.strides(), dst.strides().to_vec());
            // SAFETY: each matrix is built from an ndarray view's pointer, dimensions and strides (in
            // elements), so faer reads exactly the view's elements, and writes `dst`'s, which no other
            // view aliases while it is borrowed mutably here.
            let (lhs, rhs, out) = unsafe {
                (
                    faer::MatRef::<$t>::from_raw_parts(x.as_ptr(), m, k, xs[0], xs[1]),
                    faer::MatRef::<$t>::from_raw_parts(y.as_ptr(), k, n, ys[0], ys[1]),
                    faer::MatMut::<$t>::from_raw_parts_mut(dst.as_mut_ptr(), m, n, ds[0], ds[1]),
                )
            };
            let run = |par| faer::linalg::matmul::matmul(out, faer::Accum::Replace, lhs, rhs, $one, par);
            match threads {
                Some(1) => run(faer::Par::Seq),
                _ => super::parallel::install(threads, || run(faer::Par::rayon(0))),
            }
        }
    };
}
gemm_with_faer!(gemm_f64, f64, 1.0);
gemm_with_faer!(gemm_f32, f32, 1.0);
gemm_with_faer!(gemm_c128, Complex<f64>, Complex::new(1.0, 0.0));
gemm_with_faer!(gemm_c64, Complex<f32>, Complex::new(1.0, 0.0));

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(a: &[usize], b: &[usize], dot: bool) -> std::result::Result<Vec<usize>, String> {
        result_shape(a, b, Spec { dot, func: "@" }).map_err(|e| e.to_string())
    }

    #[test]
    fn shapes_follow_numpys_rules() {
        // Written by NumPy 2.4: np.matmul(np.zeros(a), np.zeros(b)).shape and np.dot(...).shape.
        assert_eq!(sh(&[2, 3], &[3, 4], false), Ok(vec![2, 4]));
        assert_eq!(sh(&[3], &[3, 4], false), Ok(vec![4]));
        assert_eq!(sh(&[2, 3], &[3], false), Ok(vec![2]));
        assert_eq!(sh(&[3], &[3], false), Ok(vec![]));
        assert_eq!(sh(&[5, 1, 2, 3], &[4, 3, 6], false), Ok(vec![5, 4, 2, 6]));
        assert_eq!(sh(&[7, 2, 3], &[3], false), Ok(vec![7, 2]));
        assert_eq!(sh(&[0, 3], &[3, 2], false), Ok(vec![0, 2]));
        assert_eq!(sh(&[2, 0], &[0, 2], false), Ok(vec![2, 2]));
        assert_eq!(sh(&[5, 2, 3], &[4, 3, 6], true), Ok(vec![5, 2, 4, 6]));
        assert_eq!(sh(&[5, 2, 3], &[3], true), Ok(vec![5, 2]));
        assert_eq!(sh(&[3], &[4, 3, 6], true), Ok(vec![4, 6]));
        assert_eq!(sh(&[], &[4, 3], true), Ok(vec![4, 3]));
        assert!(sh(&[2, 3], &[4, 5], false).unwrap_err().contains("shapes (2, 3) and (4, 5) are not aligned"));
        assert!(sh(&[2, 2, 3], &[3, 3, 4], false).unwrap_err().contains("do not broadcast"));
        assert!(sh(&[], &[3], false).unwrap_err().contains("0-d"));
    }

    #[test]
    fn products_by_gemm_and_by_the_loop_agree() {
        let opts = Options::default();
        let a =
            ndarray::Array::from_shape_fn(IxDyn(&[3, 37, 19]), |i| ((i[0] * 7 + i[1] * 3 + i[2]) % 11) as f64 - 5.0);
        let b = ndarray::Array::from_shape_fn(IxDyn(&[19, 23]), |i| ((i[0] * 5 + i[1]) % 7) as f64 * 0.5);
        for dot in [false, true] {
            let spec = Spec { dot, func: "@" };
            let fast = product(&ArrayRef::F64(a.view()), &ArrayRef::F64(b.view()), spec, false, &opts).unwrap();
            let slow = product(&ArrayRef::F64(a.view()), &ArrayRef::F64(b.view()), spec, true, &opts).unwrap();
            // Small integers: every sum is exact in any order.
            assert_eq!(fast.clone().into_f64().unwrap(), slow.into_f64().unwrap());
            assert_eq!(fast.shape(), &[3, 37, 23]);
        }
    }
}
