//! Type promotion against NumPy 2: the result dtype of every binary operator and two-argument function
//! for every pair of operand kinds (arrays of each dtype, Python bool, int, float and complex literals, integers
//! in and out of the 8-bit and unsigned ranges), and of every unary operator and one-operand function for
//! arrays of each dtype, or the refusal, as NumPy 2.4 gives them (`tests/data/promotion.py` wrote the
//! table).

use numjit::{Backend, DType, Options};
use serde_json::Value;

#[test]
fn result_dtypes_follow_numpy() {
    let vars = [
        ("p", DType::Bool),
        ("i1", DType::I8),
        ("i2", DType::I16),
        ("i", DType::I32),
        ("x", DType::I64),
        ("u1", DType::U8),
        ("u2", DType::U16),
        ("u4", DType::U32),
        ("u8", DType::U64),
        ("h", DType::F16),
        ("f", DType::F32),
        ("a", DType::F64),
        ("c", DType::C64),
        ("z", DType::C128),
    ];
    // The dtype is the type checker's; the interpreter back end compiles no code.
    let opts = Options { backend: Backend::Interpreter, ..Options::default() };
    let table = include_str!("../data/promotion.jsonl");
    let mut wrong = Vec::new();
    let mut cases = 0;
    for line in table.lines() {
        let case: Value = serde_json::from_str(line).expect("a JSON line");
        let expr = case["expr"].as_str().expect("an expression");
        let want = case["dtype"].as_str();
        let got = numjit::compile_with(expr, &vars, &opts).map(|k| k.dtype().to_string());
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
