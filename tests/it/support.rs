//! Helpers shared by the integration tests.

use ndarray::{ArrayD, IxDyn};
use numjit::{Backend, DynArray, Options, Vars};
use serde_json::Value;

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

/// An array from its JSON form in the test data: `{"dtype", "shape", "values"}`, values as strings
/// (floats as Python's `repr`, NaN as `nan` or `-nan` by its sign). float16 values are read as float32.
pub fn array(v: &Value) -> DynArray {
    let shape: Vec<usize> = v["shape"].as_array().unwrap().iter().map(|d| d.as_u64().unwrap() as usize).collect();
    let vals: Vec<&str> = v["values"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    fn make<T>(shape: &[usize], vals: &[&str], f: impl Fn(&str) -> T) -> ArrayD<T> {
        ArrayD::from_shape_vec(IxDyn(shape), vals.iter().map(|s| f(s)).collect()).unwrap()
    }
    match v["dtype"].as_str().unwrap() {
        "bool" => make(&shape, &vals, |s| s == "True").into(),
        "int32" => make(&shape, &vals, |s| s.parse::<i32>().unwrap()).into(),
        "int64" => make(&shape, &vals, |s| s.parse::<i64>().unwrap()).into(),
        "float32" => make(&shape, &vals, |s| float(s) as f32).into(),
        "float64" => make(&shape, &vals, float).into(),
        "float16" => make(&shape, &vals, |s| float(s) as f32).into(),
        other => panic!("unsupported dtype {other} in the table"),
    }
}

/// A float from the test data: Python's `repr`, or `nan` and `-nan` for NaN by its sign.
fn float(s: &str) -> f64 {
    match s {
        "nan" => f64::NAN,
        "-nan" => -f64::NAN,
        _ => s.parse().unwrap_or_else(|_| panic!("{s} is no float")),
    }
}

/// `same_bits`, and every NaN of the same sign as its counterpart's (NumPy's results are compared so).
pub fn same_bits_and_nan_signs(a: &DynArray, b: &DynArray) -> bool {
    fn signs<T: Copy>(x: &ArrayD<T>, y: &ArrayD<T>, negative_nan: impl Fn(T) -> bool) -> bool {
        x.iter().zip(y).all(|(&p, &q)| negative_nan(p) == negative_nan(q))
    }
    same_bits(a, b)
        && match (a, b) {
            (DynArray::F32(x), DynArray::F32(y)) => signs(x, y, |v| v.is_nan() && v.is_sign_negative()),
            (DynArray::F64(x), DynArray::F64(y)) => signs(x, y, |v| v.is_nan() && v.is_sign_negative()),
            _ => true,
        }
}
