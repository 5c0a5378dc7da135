//! NumPy 2's semantics as data: every case in `tests/data/numpy_semantics.jsonl` (written by NumPy itself,
//! see `numpy_semantics.py` beside it) evaluated with numjit, with both back ends, compared in dtype,
//! shape and bits (the sign of NaN included).

use numjit::{DynArray, Vars};
use serde_json::Value;

use crate::support::{array, eval_both, same_bits_and_nan_signs};

#[test]
fn numpy_semantics_table() {
    let text = include_str!("../data/numpy_semantics.jsonl");
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let case: Value = serde_json::from_str(line).unwrap();
        let expr = case["expr"].as_str().unwrap();
        if let Err(why) = check(expr, &case) {
            failures.push(why);
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{} of {checked} cases differ from NumPy:\n{}", failures.len(), failures.join("\n"));
    assert!(checked >= 100, "only {checked} cases");
}

/// One case of the table: numjit's result (both back ends) against NumPy's, or its error where NumPy raised.
fn check(expr: &str, case: &Value) -> Result<(), String> {
    let inputs: Vec<(String, DynArray)> =
        case["inputs"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), array(v))).collect();
    let mut vars = Vars::new();
    for (name, a) in &inputs {
        vars.insert(name.as_str(), a);
    }
    if let Some(err) = case.get("error") {
        let got = numjit::evaluate(expr, &vars);
        if got.is_ok() {
            return Err(format!("{expr}: NumPy raises {err}, numjit gives {got:?}"));
        }
    } else {
        let want = array(&case["result"]);
        let got = numjit::evaluate(expr, &vars).map_err(|e| format!("{expr}: NumPy gives {want:?}, numjit: {e}"))?;
        let both = eval_both(expr, &vars);
        assert!(crate::support::same_bits(&got, &both));
        if !same_bits_and_nan_signs(&got, &want) {
            return Err(format!("{expr}: numjit {got:?}, NumPy {want:?}"));
        }
    }
    Ok(())
}
