//! Memory safety of generated code: inputs and outputs placed against a `PROT_NONE` guard page, right
//! after their last byte or right before their first, for every length 0..=70, every dtype and every
//! kernel shape. A read or write one element past either end kills the test process.

use ndarray::{ArrayView1, ArrayViewMut1};
use numjit::{Backend, DType, DynArray, Element, Kernel, Options, Vars};

use crate::support::same_bits;

/// A mapping of readable and writable pages between two inaccessible ones, and a place in it for `bytes`
/// bytes: flush against the page after (`at_end`) or the page before.
struct Guarded {
    base: *mut libc::c_void,
    len: usize,
    data: *mut u8,
}

impl Guarded {
    fn new(bytes: usize, at_end: bool) -> Guarded {
        // SAFETY: plain anonymous mapping and protection calls on memory this struct owns; the results are
        // checked, and `data` stays inside the writable pages.
        unsafe {
            let page = libc::sysconf(libc::_SC_PAGESIZE) as usize;
            let pages = bytes.div_ceil(page).max(1);
            let len = (pages + 2) * page;
            let prot = libc::PROT_READ | libc::PROT_WRITE;
            let base = libc::mmap(std::ptr::null_mut(), len, prot, libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, -1, 0);
            assert_ne!(base, libc::MAP_FAILED, "mmap");
            let first = base as *mut u8;
            assert_eq!(libc::mprotect(base, page, libc::PROT_NONE), 0, "mprotect");
            let after = first.add((pages + 1) * page);
            assert_eq!(libc::mprotect(after as *mut libc::c_void, page, libc::PROT_NONE), 0, "mprotect");
            let data = if at_end { after.sub(bytes) } else { first.add(page) };
            Guarded { base, len, data }
        }
    }

    /// `values` copied in, as a view of exactly their length.
    fn input<T: Element>(&self, values: &[T]) -> ArrayView1<'_, T> {
        // SAFETY: `data` has room for `values.len()` elements of `T` (the mapping was made for them) and is
        // aligned for `T` (page-aligned, or a page end less a multiple of `T`'s size); the view borrows self.
        unsafe {
            let p = self.data as *mut T;
            std::ptr::copy_nonoverlapping(values.as_ptr(), p, values.len());
            ArrayView1::from_shape_ptr(values.len(), p)
        }
    }

    /// A writable view of `n` elements (filled with `fill`).
    fn output<T: Element>(&mut self, n: usize, fill: T) -> ArrayViewMut1<'_, T> {
        // SAFETY: as for `input`; the view borrows self mutably.
        unsafe {
            let p = self.data as *mut T;
            for k in 0..n {
                p.add(k).write(fill);
            }
            ArrayViewMut1::from_shape_ptr(n, p)
        }
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `new`, unmapped once; no view outlives `self`.
        unsafe {
            libc::munmap(self.base, self.len);
        }
    }
}

/// `n` values of each dtype, with NaN, infinities, zeros of both signs and extremes among them.
fn values<T: Element>(n: usize, salt: usize) -> Vec<T> {
    let f = [0.5, -0.0, 3.0, f64::NAN, -2.25, f64::INFINITY, 1e300, 0.0, 7.0, -1e-310, 100.0];
    let i = [3i64, -7, 0, 1, i32::MAX as i64, 2, -1, 64, 5, i32::MIN as i64, 9];
    let pick = |k: usize| k * 7 + salt;
    // Integers wrap into the narrower dtypes, so each gets its extremes and negatives too.
    let int = |k: usize| i[pick(k) % i.len()];
    let all: Vec<DynArray> = vec![
        ndarray::Array1::from_shape_fn(n, |k| pick(k) % 3 == 0).into_dyn().into(),
        ndarray::Array1::from_shape_fn(n, |k| int(k) as i8).into_dyn().into(),
        ndarray::Array1::from_shape_fn(n, |k| int(k) as i16).into_dyn().into(),
        ndarray::Array1::from_shape_fn(n, |k| int(k) as i32).into_dyn().into(),
        ndarray::Array1::from_shape_fn(n, int).into_dyn().into(),
        ndarray::Array1::from_shape_fn(n, |k| int(k) as u8).into_dyn().into(),
        ndarray::Array1::from_shape_fn(n, |k| int(k) as u16).into_dyn().into(),
        ndarray::Array1::from_shape_fn(n, |k| int(k) as u32).into_dyn().into(),
        ndarray::Array1::from_shape_fn(n, |k| int(k) as u64).into_dyn().into(),
        ndarray::Array1::from_shape_fn(n, |k| numjit::f16_from_f64(f[pick(k) % f.len()])).into_dyn().into(),
        ndarray::Array1::from_shape_fn(n, |k| f[pick(k) % f.len()] as f32).into_dyn().into(),
        ndarray::Array1::from_shape_fn(n, |k| f[pick(k) % f.len()]).into_dyn().into(),
        ndarray::Array1::from_shape_fn(n, |k| {
            numjit::Complex::new(f[pick(k) % f.len()] as f32, f[(pick(k) + 3) % f.len()] as f32)
        })
        .into_dyn()
        .into(),
        ndarray::Array1::from_shape_fn(n, |k| numjit::Complex::new(f[pick(k) % f.len()], f[(pick(k) + 3) % f.len()]))
            .into_dyn()
            .into(),
    ];
    let wanted = all.into_iter().find(|a| a.dtype() == T::DTYPE).expect("every dtype");
    T::from_owned(wanted).unwrap_or_else(|_| panic!("the dtype just found")).iter().copied().collect()
}

/// Evaluates `kernel` on guarded `x` and `y` (and, for elementwise results, into a guarded output) and
/// compares with the interpreter on ordinary arrays.
fn check<T: Element>(expr: &str, kernel: &Kernel, n: usize, at_end: bool) {
    let (xv, yv) = (values::<T>(n, 0), values::<T>(n, 5));
    let (gx, gy) = (Guarded::new(n * T::DTYPE.size(), at_end), Guarded::new(n * T::DTYPE.size(), at_end));
    let (x, y) = (gx.input(&xv), gy.input(&yv));
    let mut vars = Vars::new();
    vars.insert("x", x).insert("y", y);
    let (ox, oy) = (ndarray::Array1::from(xv.clone()), ndarray::Array1::from(yv.clone()));
    let mut plain = Vars::new();
    plain.insert("x", &ox).insert("y", &oy);
    let interp = Options { backend: Backend::Interpreter, ..Options::default() };
    let want = numjit::evaluate_with(expr, &plain, &interp);
    let got = kernel.eval(&vars);
    match (&got, &want) {
        (Ok(g), Ok(w)) => assert!(same_bits(g, w), "{expr} at n = {n}: {g:?} vs {w:?}"),
        (Err(g), Err(w)) => assert_eq!(g.kind, w.kind, "{expr} at n = {n}"),
        _ => panic!("{expr} at n = {n}: {got:?} vs {want:?}"),
    }
    let Ok(want) = want else { return };
    if want.shape() != [n] {
        return;
    }
    let mut go = Guarded::new(n * kernel.dtype().size(), at_end);
    let got = match kernel.dtype() {
        DType::Bool => into::<bool>(kernel, &vars, &mut go, n, false),
        DType::I8 => into::<i8>(kernel, &vars, &mut go, n, -9),
        DType::I16 => into::<i16>(kernel, &vars, &mut go, n, -9),
        DType::I32 => into::<i32>(kernel, &vars, &mut go, n, -9),
        DType::I64 => into::<i64>(kernel, &vars, &mut go, n, -9),
        DType::U8 => into::<u8>(kernel, &vars, &mut go, n, 9),
        DType::U16 => into::<u16>(kernel, &vars, &mut go, n, 9),
        DType::U32 => into::<u32>(kernel, &vars, &mut go, n, 9),
        DType::U64 => into::<u64>(kernel, &vars, &mut go, n, 9),
        DType::F16 => into::<numjit::f16>(kernel, &vars, &mut go, n, numjit::f16::from_f32(-9.0)),
        DType::F32 => into::<f32>(kernel, &vars, &mut go, n, -9.0),
        DType::F64 => into::<f64>(kernel, &vars, &mut go, n, -9.0),
        DType::C64 => into::<numjit::Complex<f32>>(kernel, &vars, &mut go, n, numjit::Complex::new(-9.0, 9.0)),
        DType::C128 => into::<numjit::Complex<f64>>(kernel, &vars, &mut go, n, numjit::Complex::new(-9.0, 9.0)),
        DType::Bytes(_) => unreachable!("no expression gives byte strings"),
    };
    assert!(same_bits(&got, &want), "{expr} into a guarded output at n = {n}: {got:?} vs {want:?}");
}

fn into<T: Element>(kernel: &Kernel, vars: &Vars, g: &mut Guarded, n: usize, fill: T) -> DynArray {
    let mut out = g.output(n, fill);
    kernel.eval_into(vars, out.view_mut()).expect("the same shape and dtype");
    T::owned(out.to_owned().into_dyn())
}

fn sweep<T: Element>(exprs: &[&str]) {
    sweep_sizes::<T>(exprs, 0..=70);
}

fn sweep_sizes<T: Element>(exprs: &[&str], sizes: impl Iterator<Item = usize> + Clone) {
    for expr in exprs {
        let kernel = numjit::compile(expr, &[("x", T::DTYPE), ("y", T::DTYPE)]).expect(expr);
        for n in sizes.clone() {
            for at_end in [true, false] {
                check::<T>(expr, &kernel, n, at_end);
            }
        }
    }
}

const ANY: [&str; 8] =
    ["x + y", "where(x > y, x, y)", "sum(x)", "mean(x)", "max(x)", "argmin(x)", "count_nonzero(x)", "x * sum(y)"];

#[test]
fn kernels_stay_inside_bool_arrays() {
    sweep::<bool>(&ANY.iter().copied().chain(["x & ~y", "any(x) | y"]).collect::<Vec<_>>());
}

#[test]
fn kernels_stay_inside_integer_arrays() {
    let more = ["-x", "x // y", "x % y", "x << 3", "x ** 2", "float64(x) / 3"];
    let exprs: Vec<&str> = ANY.iter().copied().chain(more).collect();
    sweep::<i32>(&exprs);
    sweep::<i64>(&exprs);
}

/// The integers held in wider lanes (loaded widened, stored narrowed): every width, both signs.
#[test]
fn kernels_stay_inside_narrow_and_unsigned_integer_arrays() {
    let more = ["-x", "x // y", "x % y", "x << 3", "x * y + 1", "x < y", "maximum(x, y)", "float64(x) / 3"];
    let exprs: Vec<&str> = ANY.iter().copied().chain(more).collect();
    sweep::<i8>(&exprs);
    sweep::<i16>(&exprs);
    sweep::<u8>(&exprs);
    sweep::<u16>(&exprs);
    sweep::<u32>(&exprs);
    sweep::<u64>(&exprs);
}

#[test]
fn kernels_stay_inside_float_arrays() {
    let more =
        ["-x", "sin(x) + cos(x)", "exp(x) * log1p(y)", "arctan2(x, y)", "x ** y", "x // y", "int32(x > 0)", "std(x)"];
    let exprs: Vec<&str> = ANY.iter().copied().chain(more).collect();
    sweep::<f32>(&exprs);
    sweep::<f64>(&exprs);
}

/// float16, loaded into float32 lanes and stored back as its bits (two bytes an element), its operations
/// rounded to float16 in between.
#[test]
fn kernels_stay_inside_float16_arrays() {
    let more = ["-x", "sin(x) + cos(x)", "x * y + 1", "float16(float64(x) / 3)", "int32(x > 0)", "x ** y", "std(x)"];
    let exprs: Vec<&str> = ANY.iter().copied().chain(more).collect();
    sweep::<numjit::f16>(&exprs);
}

/// Complex numbers, read and written as two floats each, a part per pass (every other float).
#[test]
fn kernels_stay_inside_complex_arrays() {
    let exprs = [
        "x + y",
        "where(x == y, x, y)",
        "sum(x)",
        "mean(x)",
        "count_nonzero(x)",
        "x * sum(y)",
        "x / y",
        "abs(x) + 1",
        "x.imag",
        "x ** 3",
        "conj(x) * 1j",
        "var(x)",
        "x < y",
        "exp(x) + sqrt(y)",
        "log(x)",
        "prod(x)",
        "prod(x * y) + 1",
    ];
    sweep::<numjit::Complex<f32>>(&exprs);
    sweep::<numjit::Complex<f64>>(&exprs);
}

/// Views of the guarded arrays (`x[1:]`, `x[::-1]`, ...): the first and the last element they read lie
/// flush against a guard page, in either direction.
#[test]
fn kernels_stay_inside_sliced_arrays() {
    let exprs = [
        "x[1:] - x[:-1]",
        "x[::-1] * y[::-1]",
        "x[::2] + y[1::2]",
        "x[-1] + y",
        "sum(x[None, ::-1] * y[:, None])",
        "x[0]",
        "where(x[::-3] > 0, y[::-3], x[:0:-3])",
    ];
    sweep::<f64>(&exprs);
    sweep::<u8>(&exprs);
    sweep::<numjit::Complex<f64>>(&exprs[..3]);
}

/// Byte strings of several widths (one byte, odd widths, wider than the executor's 16-byte elements),
/// each string read where it lies by a call per iteration, flush against the guard pages; strided and
/// broadcast too (every other string, a column against a row).
#[test]
fn kernels_stay_inside_byte_string_arrays() {
    let exprs = ["x == y", "x < y", "contains(x, y)", "contains(x, b'a') | (y >= b'b')", "sum(x != y)", "x > b'ab'"];
    for width in [1usize, 3, 8, 17] {
        for n in (0..=40).chain([63, 64, 65, 300]) {
            // Strings over a small alphabet with NULs, so that equal strings, prefixes and padding all occur.
            let text = |salt: usize| -> Vec<u8> { (0..n * width).map(|k| b"a\0bab"[(k * 7 + salt) % 5]).collect() };
            let (xv, yv) = (text(0), text(3));
            for at_end in [true, false] {
                let (gx, gy) = (Guarded::new(n * width, at_end), Guarded::new(n * width, at_end));
                let (x, y) = (gx.input(&xv), gy.input(&yv));
                let (x, y) =
                    (x.into_shape_with_order((n, width)).unwrap(), y.into_shape_with_order((n, width)).unwrap());
                let (ox, oy) = (x.to_owned(), y.to_owned());
                let views = [(x.view(), y.view()), (x.slice(ndarray::s![..;2, ..]), y.slice(ndarray::s![..;-2, ..]))];
                for expr in exprs {
                    for (vx, vy) in views {
                        let mut vars = Vars::new();
                        vars.insert("x", numjit::ArrayRef::bytes(vx)).insert("y", numjit::ArrayRef::bytes(vy));
                        let mut plain = Vars::new();
                        let (px, py) = (vx.to_owned(), vy.to_owned());
                        plain
                            .insert("x", numjit::ArrayRef::bytes(px.view()))
                            .insert("y", numjit::ArrayRef::bytes(py.view()));
                        let got = numjit::evaluate(expr, &vars).unwrap();
                        let interp = Options { backend: Backend::Interpreter, ..Options::default() };
                        let want = numjit::evaluate_with(expr, &plain, &interp).unwrap();
                        assert!(same_bits(&got, &want), "{expr}, S{width}, n = {n}: {got:?} vs {want:?}");
                    }
                    // A column against a row: every pair, broadcast.
                    let col = ox.view().into_shape_with_order((n, 1, width)).unwrap();
                    let mut vars = Vars::new();
                    vars.insert("x", numjit::ArrayRef::bytes(col)).insert("y", numjit::ArrayRef::bytes(oy.view()));
                    let got = numjit::evaluate(expr, &vars).unwrap();
                    let interp = Options { backend: Backend::Interpreter, ..Options::default() };
                    let want = numjit::evaluate_with(expr, &vars, &interp).unwrap();
                    assert!(same_bits(&got, &want), "{expr}, S{width}, n = {n}, broadcast");
                }
            }
        }
    }
}

/// Kernels cut at math calls walk their stretch in strips (128 elements) through stack buffers, the
/// math reading contiguous inputs and writing contiguous results in place: lengths around the strips'
/// ends, at the machine's widest width (and, through `api::every_vector_width_gives_the_same_bits`, at
/// the others).
#[test]
fn kernels_cut_at_math_calls_stay_inside_float_arrays() {
    let exprs = [
        "exp(x)",
        "sin(x) + y",
        "arctan2(x, y) * 2",
        "exp(sin(x)) + tanh(y)",
        "where(x > 0, log(x), -x) ** y",
        "sum(exp(x))",
        "mean(sin(x) * y)",
    ];
    let sizes = [0, 1, 7, 8, 9, 127, 128, 129, 135, 136, 255, 256, 257, 263, 264, 600, 1031].into_iter();
    sweep_sizes::<f32>(&exprs, sizes.clone());
    sweep_sizes::<f64>(&exprs, sizes);
}

/// Outputs written with streaming stores are computed in strips of 8192 bytes and streamed out: lengths
/// around the strips' and the blocks' ends, past the small-array path. Streaming is on only for outputs
/// beyond the caches; `api::streaming_stores_give_the_same_bits` runs this with `NUMJIT_STREAM_MIN=0`.
#[test]
fn kernels_with_streamed_outputs_stay_inside_float_arrays() {
    let exprs = ["x + y", "2 * x", "where(x > y, x, -y)", "exp(x) + y", "x * sum(y)"];
    let block = 32768;
    let sizes = [1, 7, 8, 9, 1023, 1024, 1025, 2047, 2048, 2049, 4097].map(|k| block + k).into_iter();
    sweep_sizes::<f32>(&exprs, sizes.clone());
    sweep_sizes::<f64>(&exprs, sizes);
}
