//! Helpers shared by the integration tests.

use ndarray::ArrayD;
use numjit::{Backend, DynArray, Options, Vars};

/// Evaluates with both back ends and checks they agree bit for bit (any NaN equals any NaN).
pub fn eval_both(expr: &str, vars: &Vars) -> DynArray {
    let jit = numjit::evaluate(expr, vars).unwrap_or_else(|e| panic!("{expr}: {e}"));
    let opts = Options { backend: Backend::Interpreter, ..Options::default() };
    let interp = numjit::evaluate_with(expr, vars, &opts).unwrap_or_else(|e| panic!("{expr}: {e}"));
    assert!(same_bits(&jit, &interp), "{expr}: jit {jit:?} != interpreter {interp:?}");
    jit
}

/// Equal shapes, dtypes and bits, with every NaN equal to every NaN.
pub fn same_bits(a: &DynArray, b: &DynArray) -> bool {
    fn eq<T: Copy, F: Fn(T) -> u64>(x: &ArrayD<T>, y: &ArrayD<T>, bits: F, nan: impl Fn(T) -> bool) -> bool {
        x.shape() == y.shape() && x.iter().zip(y.iter()).all(|(&p, &q)| (nan(p) && nan(q)) || bits(p) == bits(q))
    }
    match (a, b) {
        (DynArray::Bool(x), DynArray::Bool(y)) => x == y,
        (DynArray::I32(x), DynArray::I32(y)) => x == y,
        (DynArray::I64(x), DynArray::I64(y)) => x == y,
        (DynArray::F32(x), DynArray::F32(y)) => eq(x, y, |v: f32| v.to_bits() as u64, |v| v.is_nan()),
        (DynArray::F64(x), DynArray::F64(y)) => eq(x, y, f64::to_bits, |v| v.is_nan()),
        _ => false,
    }
}
