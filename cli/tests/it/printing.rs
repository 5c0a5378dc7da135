//! Printing as NumPy 2 prints: every case of `tests/data/printing.jsonl` (written by NumPy 2.4, see
//! `printing.py`: scalars, padding, scientific notation, nan and inf, integers and bools, several
//! dimensions, line wrapping and summarized arrays) written as a `.npy` file and printed by
//! `numjit eval a -i a=FILE`, the output compared with NumPy's `str(a)` character for character.

use crate::cli::{numjit, stderr, stdout, tempdir};
use crate::grid::write;
use crate::npjson::array;

#[test]
fn arrays_print_as_numpy_prints_them() {
    let d = tempdir();
    let table = include_str!("../../../tests/data/printing.jsonl");
    let mut failures = Vec::new();
    for (k, line) in table.lines().enumerate() {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let a = array(&case["array"]);
        let want = case["str"].as_str().unwrap();
        let path = d.join(format!("case{k}.npy"));
        write(&path, &a);
        let o = numjit(&["eval", "a", "-i", &format!("a={}", path.display())]);
        assert!(o.status.success(), "case {k}: {}", stderr(&o));
        let got = stdout(&o);
        let got = got.strip_suffix('\n').unwrap_or(&got);
        if got != want {
            failures.push(format!("case {k} ({} {:?}):\nwant\n{want}\ngot\n{got}", a.dtype(), a.shape()));
        }
    }
    assert!(table.lines().count() >= 70);
    assert!(failures.is_empty(), "{} of the cases differ:\n{}", failures.len(), failures.join("\n\n"));
}
