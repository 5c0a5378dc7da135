//! Complex numbers through the public API: the complex functions against the exact values (mpmath) and,
//! where a part of the argument is not finite, NumPy's special values (C99 Annex G), as
//! `tests/data/complex_functions.py` wrote them: special values exactly, finite parts within a few units
//! in the last place.

use numjit::{DType, DynArray, Vars};
use serde_json::Value;

use crate::support::{array as table_array, eval_both};

/// How far `got` is from `want` in units in the last place of `want`'s dtype (`f32` when `single`);
/// `None` where they are of different kinds (one NaN, infinite or zero and the other not, or zeros of
/// different signs).
fn ulps(got: f64, want: f64, single: bool) -> Option<f64> {
    if want.is_nan() || got.is_nan() {
        return (want.is_nan() && got.is_nan()).then_some(0.0);
    }
    if want.is_infinite() || got.is_infinite() || want == 0.0 || got == 0.0 {
        return (got.to_bits() == want.to_bits()).then_some(0.0);
    }
    let exp = want.abs().log2().floor();
    let (digits, min_exp) = if single { (23.0, -126.0) } else { (52.0, -1022.0) };
    let ulp = 2f64.powf(exp.max(min_exp) - digits);
    Some((got - want).abs() / ulp)
}

/// The most units in the last place a function's finite parts may be from the expected values. A part may also be off
/// by as many of the larger part's ulps, where it is the small difference of larger terms (the real part
/// of `exp(x + iy)` near a zero of the cosine).
const TOLERANCE: f64 = 4.0;

#[test]
fn complex_functions_are_within_a_few_ulps_with_annex_g_special_values() {
    let text = include_str!("../data/complex_functions.jsonl");
    let mut failures = Vec::new();
    let mut worst: Vec<(String, f64)> = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let case: Value = serde_json::from_str(line).unwrap();
        let z = table_array(&case["inputs"]["z"]);
        let mut vars = Vars::new();
        vars.insert("z", &z);
        for (expr, result) in case["results"].as_object().unwrap() {
            let expr = expr.as_str();
            let want = table_array(result);
            let got = eval_both(expr, &vars);
            let single = want.dtype() == DType::C64;
            let pairs = |a: &DynArray| -> Vec<(f64, f64)> {
                match a {
                    DynArray::C64(a) => a.iter().map(|v| (v.re as f64, v.im as f64)).collect(),
                    DynArray::C128(a) => a.iter().map(|v| (v.re, v.im)).collect(),
                    other => panic!("{expr}: {other:?} is not complex"),
                }
            };
            assert_eq!(got.dtype(), want.dtype(), "{expr}");
            let (zs, gs, ws) = (pairs(&z), pairs(&got), pairs(&want));
            let mut max = 0f64;
            for ((x, g), w) in zs.iter().zip(&gs).zip(&ws) {
                let scale = w.0.abs().max(w.1.abs());
                let part = |g: f64, w: f64| {
                    let own = ulps(g, w, single)?;
                    // In the larger part's ulps, where this part is the small one.
                    let theirs =
                        if scale.is_finite() && scale > 0.0 { (g - w).abs() / ulp_of(scale, single) } else { own };
                    Some(own.min(theirs))
                };
                match (part(g.0, w.0), part(g.1, w.1)) {
                    (Some(a), Some(b)) if a <= TOLERANCE && b <= TOLERANCE => max = max.max(a).max(b),
                    _ => failures.push(format!("{expr} at {x:?}: numjit {g:?}, expected {w:?}")),
                }
            }
            worst.push((format!("{expr} ({})", want.dtype()), max));
        }
    }
    println!("largest difference from the expected values, in ulps: {worst:?}");
    assert!(failures.is_empty(), "{} values differ from the expected ones:\n{}", failures.len(), failures.join("\n"));
}

/// One unit in the last place at `v`'s magnitude.
fn ulp_of(v: f64, single: bool) -> f64 {
    let (digits, min_exp) = if single { (23.0, -126.0) } else { (52.0, -1022.0) };
    2f64.powf(v.abs().log2().floor().max(min_exp) - digits)
}
