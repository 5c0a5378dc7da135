//! Type promotion against NumPy 2: the result dtype of every binary operator and two-argument function
//! for every pair of operand kinds (arrays of each dtype, Python bool, int and float literals), and of
//! every unary operator and one-operand function for arrays of each dtype, or the refusal, as NumPy 2.4
//! gives them (`tests/data/promotion.py` wrote the table). numjit has no int8 or float16: where NumPy
//! gives those (operations on bools), numjit gives int32 and float32 (README, "Deviations").

use numjit::DType;
use serde_json::Value;

#[test]
fn result_dtypes_follow_numpy() {
    let vars = [("p", DType::Bool), ("i", DType::I32), ("x", DType::I64), ("f", DType::F32), ("a", DType::F64)];
    let table = include_str!("../data/promotion.jsonl");
    let mut wrong = Vec::new();
    let mut cases = 0;
    for line in table.lines() {
        let case: Value = serde_json::from_str(line).expect("a JSON line");
        let expr = case["expr"].as_str().expect("an expression");
        let want = case["dtype"].as_str().map(|d| match d {
            "int8" => "int32",
            "float16" => "float32",
            d => d,
        });
        let got = numjit::compile(expr, &vars).map(|k| k.dtype().to_string());
        cases += 1;
        match (&got, want) {
            (Ok(g), Some(w)) if g == w => {}
            (Err(_), None) => {}
            _ => wrong.push(format!("{expr}: numjit {got:?}, NumPy {}", want.unwrap_or("refuses"))),
        }
    }
    assert!(cases > 1000, "the table has {cases} cases");
    assert!(wrong.is_empty(), "{} of {cases} differ from NumPy:\n{}", wrong.len(), wrong.join("\n"));
}
