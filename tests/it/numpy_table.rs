//! NumPy 2's semantics as data: every case in `tests/data/numpy_semantics.jsonl` (written by NumPy itself,
//! see `numpy_semantics.py` beside it) evaluated with numjit, with both back ends, compared in dtype,
//! shape and bits.

use numjit::{DynArray, Vars};
use serde_json::Value;

use crate::support::{array, eval_both, same_bits};

/// Cases where numjit deliberately differs from NumPy in dtype (README lists them): values must still
/// agree once both are read as float64.
const DEVIATIONS: &[(&str, &str)] = &[("sqrt(p)", "NumPy gives float16, which numjit lacks; numjit gives float32")];

fn as_f64(a: &DynArray) -> Vec<f64> {
    match a {
        DynArray::Bool(x) => x.iter().map(|&v| v as u8 as f64).collect(),
        DynArray::I32(x) => x.iter().map(|&v| v as f64).collect(),
        DynArray::I64(x) => x.iter().map(|&v| v as f64).collect(),
        DynArray::F32(x) => x.iter().map(|&v| v as f64).collect(),
        DynArray::F64(x) => x.iter().copied().collect(),
    }
}

#[test]
fn numpy_semantics_table() {
    let text = include_str!("../data/numpy_semantics.jsonl");
    let mut checked = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let case: Value = serde_json::from_str(line).unwrap();
        let expr = case["expr"].as_str().unwrap();
        let inputs: Vec<(String, DynArray)> =
            case["inputs"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), array(v))).collect();
        let mut vars = Vars::new();
        for (name, a) in &inputs {
            vars.insert(name.as_str(), a);
        }
        if let Some((_, why)) = DEVIATIONS.iter().find(|(e, _)| *e == expr) {
            let (got, want) = (eval_both(expr, &vars), &case["result"]);
            let want_vals: Vec<f64> =
                want["values"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().parse().unwrap()).collect();
            assert_eq!(as_f64(&got), want_vals, "{expr} ({why})");
        } else if let Some(err) = case.get("error") {
            let got = numjit::evaluate(expr, &vars);
            assert!(got.is_err(), "{expr}: NumPy raises {err}, numjit gives {got:?}");
        } else {
            let want = array(&case["result"]);
            let got = eval_both(expr, &vars);
            assert!(same_bits(&got, &want), "{expr}: numjit {got:?}, NumPy {want:?}");
        }
        checked += 1;
    }
    assert!(checked >= 100, "only {checked} cases");
}
