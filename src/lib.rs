//! numjit compiles NumPy-style array expressions, such as `2*a + 3*b - sin(a)` or
//! `where(x > 0.5, 2*x, -x)`, into fused SIMD machine code with Cranelift, and evaluates them over
//! `ndarray` arrays block by block on all cores, with no temporary arrays.
//!
//! ```
//! use ndarray::array;
//! let a = array![1.0, 2.0, 3.0];
//! let b = array![[10.0], [20.0]];
//! let mut vars = numjit::Vars::new();
//! vars.insert("a", &a);
//! vars.insert("b", &b);
//! let out = numjit::evaluate("2*a + b", &vars)?.into_f64()?;
//! assert_eq!(out, array![[12.0, 14.0, 16.0], [22.0, 24.0, 26.0]].into_dyn());
//! # Ok::<(), numjit::Error>(())
//! ```
//!
//! The API: [`evaluate`] and [`evaluate_with`] (one shot, kernels cached), [`evaluate_update`] (in
//! place), [`compile`] and [`compile_with`] (a reusable [`Kernel`]: `eval`, `eval_into`, `eval_update`);
//! the arrays they take and give ([`Vars`], [`ArrayRef`], [`ArrayMut`], [`DynArray`], [`Element`]);
//! [`Options`], [`Backend`] and [`Precision`]; [`vec_with_capacity`] (room for a large input); [`DType`] and [`Scalar`]; [`Error`] and [`ErrorKind`], whose `Display`
//! draws a caret under the expression, at a [`Span`]; [`host_description`]. Without evaluating:
//! [`parse`] (an [`Expr`]: its canonical text, [`variables`](Expr::variables), [`calls`](Expr::calls)),
//! and the language's [`functions`], [`operators`] and [`constants`].
//!
//! Inside, one private module a stage: `syntax` (text to tree) → `typeck` (names, dtypes, NumPy 2
//! promotion) → `ir` (typed DAG) → `jit` (Cranelift code) or `interp` (the reference) → `exec` (blocks,
//! broadcasting, threads), meeting in `contract`. See `ARCHITECTURE.md`.

mod array;
mod contract;
mod dtype;
mod error;
mod exec;
mod expr;
mod funcs;
mod interp;
mod ir;
mod jit;
mod kernel;
mod ops;
mod options;
mod span;
mod syntax;
mod typeck;
mod vmath;
mod wide;

pub use array::{ArrayMut, ArrayRef, DynArray, Element, IntoArrayMut, IntoArrayRef, Vars, MAX_BYTES};
pub use dtype::{f16_from_f64, DType, Scalar};
pub use error::{did_you_mean, Error, ErrorKind, Result};
pub use expr::{constants, functions, operators, parse, Call, Expr, Function, Operator, Product, Subscript};
/// The float16 element type (`half::f16`), for `Vars` and results of dtype `DType::F16`.
pub use half::f16;
pub use jit::Listing;
pub use kernel::Kernel;
pub use num_complex::Complex;
pub use options::{Backend, Options, Precision};
pub use span::Span;

/// Evaluates `expr` over `vars` into a new array. Kernels are cached by expression text and the
/// variables' dtypes, so evaluating the same expression again compiles nothing.
pub fn evaluate(expr: &str, vars: &Vars) -> Result<DynArray> {
    evaluate_with(expr, vars, &Options::default())
}

/// `evaluate` with options: back end, precision, threads, block size.
pub fn evaluate_with(expr: &str, vars: &Vars, opts: &Options) -> Result<DynArray> {
    let sig: smallvec::SmallVec<[(&str, DType); 8]> = vars.iter().map(|(n, a)| (n, a.dtype())).collect();
    let kernel = kernel::cached(expr, &sig, opts.backend, opts.precision)?;
    kernel.eval_with(vars, opts).map_err(|e| e.with_source(expr))
}

/// Evaluates `expr` and stores the result in `target`, which the expression reads as the variable
/// `name`: the in-place update `name = expr`, with no temporary array.
pub fn evaluate_update<'o>(expr: &str, vars: &Vars, name: &str, target: impl IntoArrayMut<'o>) -> Result<()> {
    let target = target.into_array_mut();
    let mut sig: Vec<(&str, DType)> = vars.signature().into_iter().filter(|(n, _)| *n != name).collect();
    sig.push((name, target.dtype()));
    let kernel = kernel::cached(expr, &sig, Backend::Jit, Precision::High)?;
    kernel.eval_update(vars, name, target).map_err(|e| e.with_source(expr))
}

/// An empty vector with room for `n` elements, for building large input arrays as numjit builds its
/// results (and NumPy its arrays): allocated fallibly (an [`ErrorKind::Size`] error, not an abort, where
/// it does not fit) and, from 4 MiB on Linux, advised into transparent huge pages before the first touch,
/// which makes streaming over it faster (fewer TLB misses).
///
/// ```
/// let mut v = numjit::vec_with_capacity::<f64>(1 << 20)?;
/// v.extend((0..1 << 20).map(|k| k as f64));
/// let a = ndarray::Array1::from_vec(v);
/// # Ok::<(), numjit::Error>(())
/// ```
pub fn vec_with_capacity<T: Element>(n: usize) -> Result<Vec<T>> {
    exec::memory::vec_with_capacity(n)
}

/// The machine the JIT compiles for: the target and the CPU features Cranelift uses (what `numjit bench`
/// and the benchmarks print beside their figures).
pub fn host_description() -> String {
    jit::host_description()
}

/// Compiles `expr` for variables of the given names and dtypes into a reusable kernel (not cached).
pub fn compile(expr: &str, vars: &[(&str, DType)]) -> Result<Kernel> {
    Kernel::new(expr, vars, &Options::default())
}

/// Compiles for `opts.backend` at `opts.precision` (see `Kernel::new`).
pub fn compile_with(expr: &str, vars: &[(&str, DType)], opts: &Options) -> Result<Kernel> {
    Kernel::new(expr, vars, opts)
}

/// `compile_with` through the cache `evaluate` uses: the same expression for the same names and dtypes
/// (at the same back end and precision) compiles once; later calls return that kernel (a shared handle).
pub fn compile_cached(expr: &str, vars: &[(&str, DType)], opts: &Options) -> Result<Kernel> {
    kernel::cached(expr, vars, opts.backend, opts.precision)
}

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(test)]
mod tests {
    use super::*;

    /// `throwaway_twice` exists only as a row of `vmath`'s table (under `cfg(test)`): the type checker,
    /// constant folding, the interpreter, the JIT's fast and cold lanes, both float widths and the
    /// function list know it from that row alone.
    #[test]
    fn a_function_added_to_the_table_alone_works_everywhere() {
        assert!(functions().any(|f| f.name == "throwaway_twice" && f.args == (1..=1) && !f.reduction));
        let xs = [1.5, -2.0, 0.0, 1e301, -f64::INFINITY, f64::NAN, 3e299, -7.25];
        let want: [f64; 8] = [3.0, -4.0, 0.0, 0.0, 0.0, 0.0, 6e299, -14.5];
        // Long enough for whole vectors, short ones and a cold lane in each.
        let a = ndarray::Array1::from_iter((0..37).map(|k| xs[k % xs.len()])).into_dyn();
        let f = a.mapv(|v| v as f32);
        let i = ndarray::arr0(3i32).into_dyn();
        let mut vars = Vars::new();
        vars.insert("a", &a).insert("f", &f).insert("i", &i);
        for backend in [Backend::Jit, Backend::Interpreter] {
            let opts = Options { backend, ..Options::default() };
            let got = evaluate_with("throwaway_twice(a)", &vars, &opts).unwrap().into_f64().unwrap();
            for (k, &g) in got.iter().enumerate() {
                assert_eq!(g.to_bits(), want[k % want.len()].to_bits(), "{backend:?} at {k}");
            }
            // float32: computed in float64 (the row is widened), so 3e299 is infinite and stays cold.
            let got = evaluate_with("throwaway_twice(f)", &vars, &opts).unwrap().into_f32().unwrap();
            for (k, &g) in got.iter().enumerate() {
                let x = xs[k % xs.len()] as f32;
                let w = if (x as f64).abs() < 1e300 { x + x } else { 0.0 };
                assert_eq!(g.to_bits(), w.to_bits(), "{backend:?} float32 at {k}");
            }
            // An integer operand becomes float64, as for every float function; a literal folds.
            let i = evaluate_with("throwaway_twice(i) + throwaway_twice(2.5)", &vars, &opts).unwrap();
            assert_eq!(i.into_f64().unwrap().into_iter().collect::<Vec<_>>(), [11.0]);
        }
        let e = evaluate("throwaway_twice(a, a)", &vars).unwrap_err();
        assert!(e.to_string().contains("throwaway_twice"), "{e}");
    }
}
