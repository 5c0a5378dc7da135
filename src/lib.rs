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
//! [`Options`] and [`Backend`]; [`DType`] and [`Scalar`]; [`Error`] and [`ErrorKind`], whose `Display`
//! draws a caret under the expression; [`host_description`].
//!
//! Inside, one module a stage: `syntax` (text to tree) → `typeck` (names, dtypes, NumPy 2 promotion) →
//! `ir` (typed DAG) → `jit` (Cranelift code) or `interp` (the reference) → `exec` (blocks, broadcasting,
//! threads), meeting in `contract`. Those modules are public for the `numjit` command, the tests and the
//! fuzzers, but hidden from these docs: they are not the API and may change. See `ARCHITECTURE.md`.

mod array;
#[doc(hidden)]
pub mod contract;
#[doc(hidden)]
pub mod dtype;
#[doc(hidden)]
pub mod error;
#[doc(hidden)]
pub mod exec;
#[doc(hidden)]
pub mod funcs;
#[doc(hidden)]
pub mod interp;
#[doc(hidden)]
pub mod ir;
#[doc(hidden)]
pub mod jit;
mod kernel;
#[doc(hidden)]
pub mod ops;
mod options;
#[doc(hidden)]
pub mod span;
#[doc(hidden)]
pub mod syntax;
#[doc(hidden)]
pub mod typeck;
#[doc(hidden)]
pub mod vmath;

pub use array::{ArrayMut, ArrayRef, DynArray, Element, IntoArrayMut, IntoArrayRef, Vars};
pub use dtype::{DType, Scalar};
pub use error::{Error, ErrorKind, Result};
pub use kernel::Kernel;
pub use options::{Backend, Options};

/// Evaluates `expr` over `vars` into a new array. Kernels are cached by expression text and the
/// variables' dtypes, so evaluating the same expression again compiles nothing.
pub fn evaluate(expr: &str, vars: &Vars) -> Result<DynArray> {
    evaluate_with(expr, vars, &Options::default())
}

/// `evaluate` with options: back end, threads, block size.
pub fn evaluate_with(expr: &str, vars: &Vars, opts: &Options) -> Result<DynArray> {
    let sig = vars.signature();
    let kernel = kernel::cached(expr, &sig, opts.backend)?;
    kernel.eval_with(vars, opts).map_err(|e| e.with_source(expr))
}

/// Evaluates `expr` and stores the result in `target`, which the expression reads as the variable
/// `name`: the in-place update `name = expr`, with no temporary array.
pub fn evaluate_update<'o>(expr: &str, vars: &Vars, name: &str, target: impl IntoArrayMut<'o>) -> Result<()> {
    let target = target.into_array_mut();
    let mut sig: Vec<(&str, DType)> = vars.signature().into_iter().filter(|(n, _)| *n != name).collect();
    sig.push((name, target.dtype()));
    let kernel = kernel::cached(expr, &sig, Backend::Jit)?;
    kernel.eval_update(vars, name, target).map_err(|e| e.with_source(expr))
}

/// The machine the JIT compiles for: the target and the CPU features Cranelift uses (what `numjit bench`
/// and the benchmarks print beside their figures).
pub fn host_description() -> String {
    jit::host_description()
}

/// Compiles `expr` for variables of the given names and dtypes into a reusable kernel (not cached).
pub fn compile(expr: &str, vars: &[(&str, DType)]) -> Result<Kernel> {
    Kernel::new(expr, vars, Backend::Jit)
}

/// Compiles with a chosen back end.
pub fn compile_with(expr: &str, vars: &[(&str, DType)], backend: Backend) -> Result<Kernel> {
    Kernel::new(expr, vars, backend)
}

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
