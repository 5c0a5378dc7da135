//! The public API as a user embeds it.

use ndarray::{array, Array1, ArrayD, Axis};
use numjit::{DType, ErrorKind, Vars};

use crate::support::eval_both;

#[test]
fn the_readme_example() {
    let a = Array1::<f64>::linspace(0.0, 1.0, 1001);
    let b = Array1::linspace(1.0, 2.0, 1001);
    let mut vars = Vars::new();
    vars.insert("a", a.view());
    vars.insert("b", &b);
    let out = numjit::evaluate("2*a + 3*b - sqrt(a)", &vars)
        .unwrap()
        .into_f64()
        .unwrap();
    for i in 0..a.len() {
        assert_eq!(out[[i]], 2.0 * a[i] + 3.0 * b[i] - a[i].sqrt());
    }
    let k = numjit::compile(
        "where(a > 0.5, a, b)",
        &[("a", DType::F64), ("b", DType::F64)],
    )
    .unwrap();
    let mut out = Array1::<f64>::zeros(1001);
    k.eval_into(&vars, &mut out).unwrap();
    for i in 0..a.len() {
        assert_eq!(out[i], if a[i] > 0.5 { a[i] } else { b[i] });
    }
}

#[test]
fn mixed_dtypes_and_broadcasting() {
    let i = array![[1i32, -2, 3], [4, 5, -6]];
    let f = array![0.5f32, 1.5, -2.5];
    let b = array![true, false, true];
    let mut vars = Vars::new();
    vars.insert("i", &i).insert("f", &f).insert("b", &b);
    for expr in [
        "i + f",
        "i * 2.5",
        "f * 2.0",
        "where(b, i, f)",
        "i // 2",
        "i % -4",
        "-i ** 3",
        "i << 2",
        "(i > 0) & b",
        "~b | (f < 0)",
        "float32(i) / f",
        "int64(f) + i",
        "abs(i) + sign(f)",
        "minimum(i, f) + maximum(f, i)",
        "isnan(f / 0) | isinf(f / 0)",
        "round(f) + floor(f) + ceil(f) + trunc(f)",
        "copysign(f, i)",
        "bool(i) ^ b",
    ] {
        eval_both(expr, &vars);
    }
}

#[test]
fn strided_and_reversed_views() {
    let a = ArrayD::from_shape_fn(vec![7, 9], |ix| (ix[0] * 9 + ix[1]) as f64);
    let t = a.t();
    let r = a.slice(ndarray::s![..;-2, 1..;3]);
    let mut vars = Vars::new();
    vars.insert("t", t.view()).insert("r", r.view());
    let out = eval_both("t * 2 + 1", &vars).into_f64().unwrap();
    assert_eq!(out, t.mapv(|v| v * 2.0 + 1.0).into_dyn());
    let out = eval_both("r - 1", &vars).into_f64().unwrap();
    assert_eq!(out, r.mapv(|v| v - 1.0).into_dyn());
    // A column (stride 9) against a transposed matrix: broadcasting with strides.
    let col = a.index_axis(Axis(1), 3).insert_axis(Axis(0));
    vars.insert("c", col);
    eval_both("c + t", &vars);
}

#[test]
fn errors_say_what_and_where() {
    let vars = Vars::new();
    let e = numjit::evaluate("1 +", &vars).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Syntax { .. }));
    assert!(e.to_string().contains("^"), "{e}");
}
