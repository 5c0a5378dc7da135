//! Arrays in the NumPy tables' JSON form, as `tests/data/npjson.py` writes them. Shared by the engine's
//! tests and the command's (`cli/tests/it`), which include this file by path.

use ndarray::{ArrayD, IxDyn};
use numjit::DynArray;
use serde_json::Value;

/// An array from its JSON form in the test data: `{"dtype", "shape", "values"}`, values as strings
/// (floats as Python's `repr`, NaN as `nan` or `-nan` by its sign; complex numbers as their parts, `re,im`;
/// byte strings, dtype `S<n>`, as the hex of their `n` bytes).
pub fn array(v: &Value) -> DynArray {
    let shape: Vec<usize> = v["shape"].as_array().unwrap().iter().map(|d| d.as_u64().unwrap() as usize).collect();
    let vals: Vec<&str> = v["values"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    let fortran = v.get("order").and_then(Value::as_str) == Some("F");
    // The values in C order; in memory, Fortran order where the table says so (the same values).
    fn make<T: Clone>(shape: &[usize], vals: &[&str], fortran: bool, f: impl Fn(&str) -> T) -> ArrayD<T> {
        let c = ArrayD::from_shape_vec(IxDyn(shape), vals.iter().map(|s| f(s)).collect()).unwrap();
        if fortran {
            c.t().as_standard_layout().into_owned().reversed_axes()
        } else {
            c
        }
    }
    match v["dtype"].as_str().unwrap() {
        "bool" => make(&shape, &vals, fortran, |s| s == "True").into(),
        "int8" => make(&shape, &vals, fortran, |s| s.parse::<i8>().unwrap()).into(),
        "int16" => make(&shape, &vals, fortran, |s| s.parse::<i16>().unwrap()).into(),
        "int32" => make(&shape, &vals, fortran, |s| s.parse::<i32>().unwrap()).into(),
        "int64" => make(&shape, &vals, fortran, |s| s.parse::<i64>().unwrap()).into(),
        "uint8" => make(&shape, &vals, fortran, |s| s.parse::<u8>().unwrap()).into(),
        "uint16" => make(&shape, &vals, fortran, |s| s.parse::<u16>().unwrap()).into(),
        "uint32" => make(&shape, &vals, fortran, |s| s.parse::<u32>().unwrap()).into(),
        "uint64" => make(&shape, &vals, fortran, |s| s.parse::<u64>().unwrap()).into(),
        "float32" => make(&shape, &vals, fortran, |s| float(s) as f32).into(),
        "float64" => make(&shape, &vals, fortran, float).into(),
        "float16" => make(&shape, &vals, fortran, |s| numjit::f16_from_f64(float(s))).into(),
        "complex64" => make(&shape, &vals, fortran, |s| {
            let (re, im) = complex(s);
            numjit::Complex::new(re as f32, im as f32)
        })
        .into(),
        "complex128" => make(&shape, &vals, fortran, |s| {
            let (re, im) = complex(s);
            numjit::Complex::new(re, im)
        })
        .into(),
        other => match other.strip_prefix('S').and_then(|n| n.parse::<usize>().ok()) {
            // Byte strings: each one's bytes in hex, along a last axis of the width.
            Some(n) => {
                let bytes: Vec<u8> = vals
                    .iter()
                    .flat_map(|s| (0..n).map(move |k| u8::from_str_radix(&s[2 * k..2 * k + 2], 16).unwrap()))
                    .collect();
                let full: Vec<usize> = shape.iter().copied().chain([n]).collect();
                DynArray::Bytes(ArrayD::from_shape_vec(IxDyn(&full), bytes).unwrap())
            }
            None => panic!("unsupported dtype {other} in the table"),
        },
    }
}

/// A complex number from the test data: its two parts as floats, `re,im`.
fn complex(s: &str) -> (f64, f64) {
    let (re, im) = s.split_once(',').unwrap_or_else(|| panic!("{s} is no complex number"));
    (float(re), float(im))
}

/// A float from the test data: Python's `repr`, or `nan` and `-nan` for NaN by its sign.
fn float(s: &str) -> f64 {
    match s {
        "nan" => f64::NAN,
        "-nan" => -f64::NAN,
        _ => s.parse().unwrap_or_else(|_| panic!("{s} is no float")),
    }
}
