//! The grammar's example and error files as snapshot tests: `grammar/examples/*.txt` must parse as
//! written and evaluate alike in both back ends; `grammar/errors/errors.txt` holds each bad expression's
//! error exactly as a user sees it. `BLESS=1` rewrites the error file from what numjit now prints.

use ndarray::{array, ArrayD};
use numjit::Vars;

use crate::fuzz::VARS;
use crate::support::eval_both;

struct Data {
    a: ArrayD<f64>,
    b: ArrayD<f64>,
    c: ArrayD<f64>,
    f: ArrayD<f32>,
    i: ArrayD<i32>,
    x: ArrayD<i64>,
    p: ArrayD<bool>,
    q: ArrayD<bool>,
}

fn data() -> Data {
    Data {
        a: array![0.25, 0.75, -1.5, 2.0, 0.0, 9.0, 0.5, 1e-3, 3.5].into_dyn(),
        b: array![1.0, -0.5, 0.25, 4.0, -0.0, 2.5, 0.5, 7.0, -3.0].into_dyn(),
        c: array![2.0, 3.0, 0.5, -1.0, 1.5, 0.0, 8.0, -2.5, 1.0].into_dyn(),
        f: array![1.5f32, -2.0, 0.25, 3.0, 0.0, 1e3, -7.5, 2.0, 0.1].into_dyn(),
        i: array![1, -2, 3, 40, 0, -7, 11, 2, 5].into_dyn(),
        x: array![10i64, 3, -4, 0, 7, 1 << 40, -1, 2, 9].into_dyn(),
        p: array![true, false, true, true, false, false, true, false, true].into_dyn(),
        q: array![false, false, true, true, true, false, false, true, true].into_dyn(),
    }
}

fn vars(d: &Data) -> Vars<'_> {
    let mut v = Vars::new();
    v.insert("a", &d.a).insert("b", &d.b).insert("c", &d.c).insert("f", &d.f);
    v.insert("i", &d.i).insert("x", &d.x).insert("p", &d.p).insert("q", &d.q);
    v
}

#[test]
fn examples_parse_as_written_and_evaluate() {
    let d = data();
    let v = vars(&d);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/grammar/examples");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let (expr, want) = line.split_once(" => ").expect("`expr => parse` lines");
            let ast = numjit::parse(expr).unwrap_or_else(|e| panic!("{expr}: {}", e.with_source(expr)));
            assert_eq!(ast.to_string(), want, "{expr}");
            eval_both(expr, &v);
            n += 1;
        }
    }
    assert!(n >= 30, "only {n} examples");
}

#[test]
fn errors_display_as_recorded() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/grammar/errors/errors.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let (header, body) = text.split_once("\n\n").unwrap();
    let mut blessed = vec![header.to_owned()];
    let mut mismatches = Vec::new();
    for block in body.split("\n\n").filter(|b| !b.trim().is_empty()) {
        let (expr, want) = block.split_once('\n').unwrap_or((block, ""));
        let got = match numjit::compile(expr, &VARS) {
            Ok(_) => panic!("{expr}: compiles, but is in the error file"),
            Err(e) => e.to_string(),
        };
        if got != want.trim_end() {
            mismatches.push(format!("{expr}\n--- recorded\n{want}\n--- now\n{got}"));
        }
        blessed.push(format!("{expr}\n{got}"));
    }
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(path, blessed.join("\n\n") + "\n").unwrap();
    } else {
        assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
    }
}
