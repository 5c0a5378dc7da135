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

type C64 = numjit::Complex<f64>;

fn c(re: f64, im: f64) -> C64 {
    C64::new(re, im)
}

/// Complex variables and results through every entry point: a new array, into a given (reversed) view,
/// in place (the update reads the variable it writes, whose parts take a pass each), at any thread count
/// and block size.
#[test]
fn complex_values_through_every_entry_point() {
    let z = ndarray::Array1::from_shape_fn(1000, |k| c(k as f64 * 0.5 - 7.0, 3.0 - k as f64 * 0.25));
    let a = ndarray::Array1::from_shape_fn(1000, |k| (k as f64).sqrt());
    let mut vars = Vars::new();
    vars.insert("z", &z).insert("a", &a);
    let k = numjit::compile("z * 1j + a", &[("z", DType::C128), ("a", DType::F64)]).unwrap();
    assert_eq!(k.dtype(), DType::C128);
    assert_eq!(k.variables(), vec![("z", DType::C128), ("a", DType::F64)]);
    let want: Vec<C64> = z.iter().zip(&a).map(|(v, &x)| c(-v.im + x, v.re)).collect();
    let got = k.eval(&vars).unwrap().into_c128().unwrap();
    assert_eq!(got.iter().copied().collect::<Vec<_>>(), want);
    // Into a reversed view.
    let mut out = ndarray::Array1::from_elem(1000, c(9.0, 9.0));
    let mut rev = out.view_mut();
    rev.invert_axis(ndarray::Axis(0));
    k.eval_into(&vars, rev).unwrap();
    assert_eq!(out.iter().rev().copied().collect::<Vec<_>>(), want);
    // In place: z = z * 1j + a reads both parts of z before either is written.
    let mut zz = z.clone();
    let mut others = Vars::new();
    others.insert("a", &a);
    k.eval_update(&others, "z", &mut zz).unwrap();
    assert_eq!(zz.iter().copied().collect::<Vec<_>>(), want);
    // In place again, with the imaginary parts' graph reading the real parts the first pass would have
    // written: conj(z) * 2.
    let k2 = numjit::compile("conj(z) * 2 + z.real", &[("z", DType::C128)]).unwrap();
    let mut zz = z.clone();
    k2.eval_update(&Vars::new(), "z", &mut zz).unwrap();
    let want2: Vec<C64> = z.iter().map(|v| c(3.0 * v.re, -2.0 * v.im)).collect();
    assert_eq!(zz.iter().copied().collect::<Vec<_>>(), want2);
    // Any thread count and block size gives the same bits, and the interpreter agrees.
    let base = eval_both("exp(z) / (a + 1) + sum(z) * 1e-3", &vars);
    for (threads, block) in [(1, 7), (2, 64), (3, 1000), (4, 8192)] {
        let opts =
            numjit::Options { threads: Some(threads), block_size: block, parallel_threshold: 0, ..Default::default() };
        let got = numjit::evaluate_with("exp(z) / (a + 1) + sum(z) * 1e-3", &vars, &opts).unwrap();
        assert!(crate::support::same_bits(&got, &base), "{threads} threads, block {block}");
    }
}

#[test]
fn complex_errors_say_what_and_where() {
    let z = ndarray::Array1::from_elem(3, c(1.0, 2.0));
    let mut vars = Vars::new();
    vars.insert("z", &z);
    for (expr, says, at) in [
        ("max(z)", "`max` of complex numbers is not supported", "^^^^^^"),
        ("z // 2", "`//` is not defined for complex numbers", "^^^^^^"),
        ("floor(z)", "`floor` is not defined for complex numbers", "^^^^^^^^"),
        ("cbrt(z)", "`cbrt` is not defined for complex numbers", "^^^^^^^"),
        ("signbit(z)", "`signbit` is not defined for complex numbers", "^^^^^^^^^^"),
        ("complex(z, 1)", "`complex` takes real parts", "^^^^^^^^^^^^^"),
        ("1j < 2j", "`<` is not defined for complex numbers", "^^^^^^^"),
        ("z.sum()", "found `sum`", "  ^^^"),
        ("1j // 0", "`//` is not defined for complex numbers", "^^^^^^^"),
        ("1 / 0j", "complex division by zero", "^^^^^^"),
        ("(1+1j) ** 1e300", "too large for a complex number", "^^^^^^^^^^^^^^^"),
    ] {
        let e = numjit::evaluate(expr, &vars).unwrap_err().to_string();
        assert!(e.contains(says) && e.contains(at), "{expr}: {e}");
    }
    // The dtype a kernel was compiled for is checked.
    let k = numjit::compile("z + 1", &[("z", DType::C64)]).unwrap();
    let e = k.eval(&vars).unwrap_err().to_string();
    assert!(e.contains("`z` has dtype complex128, but the kernel was compiled for complex64"), "{e}");
}

/// Python's complex literal arithmetic: `(1+2j)*(3-1j)` is folded as Python computes it.
#[test]
fn complex_literals_follow_python() {
    let vars = Vars::new();
    for (expr, re, im) in
        [("(1+2j)*(3-1j)", 5.0, 5.0), ("(1+2j)/(3-4j)", -0.2, 0.4), ("(1+1j)**3", -2.0, 2.0), ("-(2j)", -0.0, -2.0)]
    {
        let got = numjit::evaluate(expr, &vars).unwrap().into_c128().unwrap();
        let v = got[[]];
        assert!((v.re - re).abs() < 1e-15 && (v.im - im).abs() < 1e-15, "{expr}: {v}");
        assert_eq!(v.re.is_sign_negative(), re.is_sign_negative(), "{expr}: {v}");
    }
}

/// A complex product reduces complex values (it does not split into its parts' reductions): over many
/// chunks, on any number of threads and with any block size, the same bits in both back ends, and near the
/// exact product of numbers on the unit circle (whose angles add up).
#[test]
fn complex_products_over_many_chunks_are_the_same_bits_on_any_threads() {
    let n = 50_000;
    let angles: Vec<f64> = (0..n).map(|k| ((k * 7919) % 1000) as f64 * 1e-3 - 0.5).collect();
    let z = ndarray::Array1::from_shape_fn(n, |k| numjit::Complex::new(angles[k].cos(), angles[k].sin()));
    let z2 = z.view().into_shape_with_order((50, 1000)).unwrap();
    let mut vars = Vars::new();
    vars.insert("z", &z).insert("w", z2);
    for expr in ["prod(z)", "prod(w, axis=1)", "prod(w * 1j, axis=-1, keepdims=True) + 1"] {
        let want = eval_both(expr, &vars);
        for (threads, block_size) in [(Some(1), 8192), (Some(4), 100), (None, 3)] {
            let opts = numjit::Options { threads, block_size, parallel_threshold: 0, ..Default::default() };
            let got = numjit::evaluate_with(expr, &vars, &opts).unwrap();
            assert!(crate::support::same_bits(&got, &want), "{expr} with {threads:?} threads, blocks of {block_size}");
        }
    }
    let total: f64 = angles.iter().sum();
    let DynArray::C128(p) = eval_both("prod(z)", &vars) else { panic!("a complex128 product") };
    let p = p.into_iter().next().unwrap();
    assert!((p.re - total.cos()).abs() < 1e-9 && (p.im - total.sin()).abs() < 1e-9, "{p} vs angle {total}");
}
