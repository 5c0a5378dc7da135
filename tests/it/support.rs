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

/// Equal shapes, dtypes and bits, with every NaN equal to every NaN (the fuzz targets' comparison).
pub use crate::fuzz::same_bits;
/// An array from the NumPy tables.
pub use crate::npjson::array;

/// `same_bits`, and every NaN of the same sign as its counterpart's (NumPy's results are compared so).
pub fn same_bits_and_nan_signs(a: &DynArray, b: &DynArray) -> bool {
    fn signs<T: Copy, S: PartialEq>(x: &ArrayD<T>, y: &ArrayD<T>, negative_nan: impl Fn(T) -> S) -> bool {
        x.iter().zip(y).all(|(&p, &q)| negative_nan(p) == negative_nan(q))
    }
    same_bits(a, b)
        && match (a, b) {
            (DynArray::F16(x), DynArray::F16(y)) => signs(x, y, |v| v.is_nan() && v.is_sign_negative()),
            (DynArray::F32(x), DynArray::F32(y)) => signs(x, y, |v| v.is_nan() && v.is_sign_negative()),
            (DynArray::F64(x), DynArray::F64(y)) => signs(x, y, |v| v.is_nan() && v.is_sign_negative()),
            (DynArray::C64(x), DynArray::C64(y)) => {
                signs(x, y, |v| (v.re.is_nan() && v.re.is_sign_negative(), v.im.is_nan() && v.im.is_sign_negative()))
            }
            (DynArray::C128(x), DynArray::C128(y)) => {
                signs(x, y, |v| (v.re.is_nan() && v.re.is_sign_negative(), v.im.is_nan() && v.im.is_sign_negative()))
            }
            _ => true,
        }
}
