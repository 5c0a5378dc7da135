//! Matrix products (`@`, `matmul`, `dot`): NumPy's results as data (`tests/data/matmul.jsonl`, written by
//! NumPy, see `matmul.py` beside it), both back ends (faer's GEMM and the interpreter's plain loop) against
//! each other within the bound of their summation orders, the same bits at any thread count, errors.

use ndarray::{Array, ArrayD, IxDyn};
use numjit::{Backend, DType, DynArray, Options, Vars};
use proptest::prelude::*;
use serde_json::Value;

use crate::support::{array, eval_both, same_bits_and_nan_signs};

#[test]
fn numpy_matmul_table() {
    let text = include_str!("../data/matmul.jsonl");
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let case: Value = serde_json::from_str(line).unwrap();
        let expr = case["expr"].as_str().unwrap();
        let inputs: Vec<(String, DynArray)> =
            case["inputs"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), array(v))).collect();
        let mut vars = Vars::new();
        for (name, a) in &inputs {
            vars.insert(name.as_str(), a);
        }
        checked += 1;
        if case.get("error").is_some() {
            if let Ok(r) = numjit::evaluate(expr, &vars) {
                failures.push(format!("{expr}: NumPy raises, numjit gives {r:?}"));
            }
            continue;
        }
        let want = array(&case["result"]);
        // Exact sums (small integers and halves): both back ends give NumPy's bits.
        let got = eval_both(expr, &vars);
        if !same_bits_and_nan_signs(&got, &want) {
            failures.push(format!("{expr}: numjit {got:?}, NumPy {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {checked} cases differ from NumPy:\n{}", failures.len(), failures.join("\n"));
    assert!(checked >= 50, "only {checked} cases");
}

#[test]
fn errors_name_both_shapes_under_the_operator() {
    let a = Array::<f64, _>::zeros((2, 3));
    let b = Array::<f64, _>::zeros((4, 5));
    let mut vars = Vars::new();
    vars.insert("a", &a).insert("b", &b);
    let e = numjit::evaluate("sin(a) @ b", &vars).unwrap_err();
    assert_eq!(
        e.to_string(),
        "error: `@`: shapes (2, 3) and (4, 5) are not aligned: 3 (axis 1 of the left) != 4 (axis 0 of the right)\n  \
         sin(a) @ b\n        ^^^"
    );
    // Known before evaluating too.
    let k = numjit::compile("matmul(a, b) + 1", &vars.signature()).unwrap();
    let e = k.shape(&|n| vars.get(n).map(|v| v.shape().to_vec())).unwrap_err();
    assert!(e.to_string().contains("`matmul`: shapes (2, 3) and (4, 5) are not aligned"), "{e}");
    let e = numjit::evaluate("a @ 2", &vars).unwrap_err();
    assert!(e.to_string().contains("at least one dimension: the right operand is 0-d"), "{e}");
    let c = ndarray::arr1(&[numjit::Complex::new(1.0, 0.0)]);
    vars.insert("c", &c);
    let e = numjit::evaluate("c @ a", &vars).unwrap_err();
    assert!(e.to_string().contains("shapes (1,) and (2, 3) are not aligned"), "{e}");
    let ok = numjit::compile("a @ b", &[("a", DType::F64), ("b", DType::F64)]).unwrap();
    assert_eq!(ok.shape(&|n| Some(if n == "a" { vec![7, 2, 3] } else { vec![3, 5] })).unwrap(), [7, 2, 5]);
}

#[test]
fn an_update_in_place_reads_the_matrix_before_writing_it() {
    let a0 = Array::from_shape_fn((5, 5), |(i, j)| (i * 5 + j) as f64 * 0.5 - 3.0);
    let b = Array::from_shape_fn((5, 5), |(i, j)| if i == (j + 1) % 5 { 2.0 } else { 0.0 });
    let want = a0.dot(&b) + 1.0;
    let mut a = a0.clone();
    let mut vars = Vars::new();
    vars.insert("b", &b);
    numjit::evaluate_update("a @ b + 1", &vars, "a", &mut a).unwrap();
    assert_eq!(a, want);
}

/// A random float array of `shape` (values of both signs and many magnitudes).
fn floats(shape: &[usize], seed: u64) -> ArrayD<f64> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    Array::from_shape_fn(IxDyn(shape), |_| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        ((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * (1 << (s % 9)) as f64
    })
}

/// `|x - y| <= 2 k u sum|a||b|` elementwise: the bound on two summation orders of `k` products each
/// (`u` the unit roundoff), with `bound` holding `k sum|a||b|`.
fn within(x: &ArrayD<f64>, y: &ArrayD<f64>, bound: &ArrayD<f64>, u: f64) -> bool {
    x.shape() == y.shape() && ndarray::Zip::from(x).and(y).and(bound).all(|&x, &y, &b| (x - y).abs() <= 2.0 * u * b)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// GEMM against the plain loop, on stacks, vectors and transposed (strided) operands.
    #[test]
    fn gemm_agrees_with_the_loop(
        m in 1usize..40, k in 0usize..40, n in 1usize..40, stack in 1usize..3,
        form in 0usize..5, seed in any::<u64>(), single in any::<bool>(), complex in any::<bool>(),
    ) {
        let single = single && !complex;
        let (sa, sb, expr): (Vec<usize>, Vec<usize>, &str) = match form {
            0 => (vec![m, k], vec![k, n], "a @ b"),
            1 => (vec![stack, m, k], vec![k, n], "matmul(a, b)"),
            2 => (vec![k], vec![stack, k, n], "a @ b"),
            // Reversed and strided views, read in place.
            3 => (vec![m, 2 * k], vec![k, n], "dot(a[::-1, ::2], b[::-1])"),
            _ => (vec![stack, m, k], vec![k, n], "dot(a * 2, b - 1)"),
        };
        let (a, b) = (floats(&sa, seed), floats(&sb, seed ^ 0x55));
        let (fa, fb) = (a.mapv(|v| v as f32), b.mapv(|v| v as f32));
        // Complex operands: the real ones as real parts, the same reversed as imaginary parts.
        let to_complex = |x: &ArrayD<f64>| {
            let mut flipped: Vec<f64> = x.iter().copied().collect();
            flipped.reverse();
            let mut it = flipped.into_iter();
            x.mapv(|re| numjit::Complex::new(re, it.next().unwrap_or(0.0)))
        };
        let (ca, cb) = (to_complex(&a), to_complex(&b));
        let mut vars = Vars::new();
        if single {
            vars.insert("a", &fa).insert("b", &fb);
        } else if complex {
            vars.insert("a", &ca).insert("b", &cb);
        } else {
            vars.insert("a", &a).insert("b", &b);
        }
        let interp = Options { backend: Backend::Interpreter, ..Options::default() };
        let jit = numjit::evaluate(expr, &vars).unwrap();
        let reference = numjit::evaluate_with(expr, &vars, &interp).unwrap();
        // The bound from the operands' magnitudes: the same product over |a| and |b|, times k.
        let (abs_a, abs_b) = if complex { (ca.mapv(|v| v.norm()), cb.mapv(|v| v.norm())) } else { (a.mapv(f64::abs), b.mapv(f64::abs)) };
        let mut mags = Vars::new();
        mags.insert("a", &abs_a).insert("b", &abs_b);
        let abs_expr = expr.replace("b - 1", "(b + 1)");
        let bound = numjit::evaluate_with(&abs_expr, &mags, &interp).unwrap().into_f64().unwrap() * (k.max(1) as f64);
        if complex {
            // Each part sums 2k products, each at most the product of the moduli: twice the bound.
            let parts = |r: DynArray, imag: bool| match r {
                DynArray::C128(x) => x.mapv(|v| if imag { v.im } else { v.re }),
                other => panic!("{other:?}"),
            };
            let twice = &bound * 2.0;
            for imag in [false, true] {
                let (got, want) = (parts(jit.clone(), imag), parts(reference.clone(), imag));
                prop_assert!(within(&got, &want, &twice, f64::EPSILON), "{expr} {sa:?} {sb:?} complex");
            }
            return Ok(());
        }
        let (got, want, u) = if single {
            (jit.into_f32().unwrap().mapv(f64::from), reference.into_f32().unwrap().mapv(f64::from), f32::EPSILON as f64)
        } else {
            (jit.into_f64().unwrap(), reference.into_f64().unwrap(), f64::EPSILON)
        };
        prop_assert!(within(&got, &want, &bound, u), "{expr} {sa:?} {sb:?}");
    }
}

#[test]
fn the_same_bits_at_any_thread_count() {
    let a = floats(&[203, 151], 7);
    let b = floats(&[151, 177], 8);
    let mut vars = Vars::new();
    vars.insert("a", &a).insert("b", &b);
    let at = |threads| {
        let opts = Options { threads: Some(threads), parallel_threshold: 0, ..Options::default() };
        numjit::evaluate_with("tanh(a @ b * 0.01) + a @ b", &vars, &opts).unwrap()
    };
    let one = at(1);
    for t in [2, 3, 4] {
        assert!(crate::support::same_bits(&one, &at(t)), "{t} threads");
    }
    // A stack of products too small to split, run side by side: the same bits too.
    let (s, m) = (floats(&[40, 40, 40], 9), floats(&[40, 40], 10));
    let (fs, fm) = (s.mapv(|v| v as f32), m.mapv(|v| v as f32));
    let mut vars = Vars::new();
    vars.insert("s", &s).insert("m", &m).insert("fs", &fs).insert("fm", &fm);
    for expr in ["s @ m", "dot(m, s)", "fs @ fm"] {
        let at = |threads| {
            let opts = Options { threads: Some(threads), parallel_threshold: 0, ..Options::default() };
            numjit::evaluate_with(expr, &vars, &opts).unwrap()
        };
        let one = at(1);
        for t in [2, 3] {
            assert!(crate::support::same_bits(&one, &at(t)), "{expr} at {t} threads");
        }
    }
}

#[test]
fn a_product_goes_straight_into_the_output() {
    let a = floats(&[3, 40, 30], 11);
    let b = floats(&[30, 20], 12);
    let mut vars = Vars::new();
    vars.insert("a", &a).insert("b", &b);
    let want = numjit::evaluate("a @ b", &vars).unwrap().into_f64().unwrap();
    // C-contiguous: written in place; a strided output: computed, then copied.
    let mut out = ArrayD::<f64>::from_elem(IxDyn(&[3, 40, 20]), f64::NAN);
    let k = numjit::compile("a @ b", &vars.signature()).unwrap();
    k.eval_into(&vars, &mut out).unwrap();
    assert!(crate::support::same_bits(&DynArray::F64(out), &DynArray::F64(want.clone())));
    let mut wide = ArrayD::<f64>::from_elem(IxDyn(&[3, 40, 40]), f64::NAN);
    let mut strided = wide.slice_mut(ndarray::s![.., .., ..;2]);
    k.eval_into(&vars, &mut strided).unwrap();
    assert_eq!(strided.into_dyn(), want);
    // Complex: the stage's complex result, written there too.
    let ca = a.mapv(|v| numjit::Complex::new(v, 1.0 - v));
    let cb = b.mapv(|v| numjit::Complex::new(-v, v * 0.5));
    let mut vars = Vars::new();
    vars.insert("a", &ca).insert("b", &cb);
    let want = numjit::evaluate("a @ b", &vars).unwrap();
    let mut out = ArrayD::from_elem(IxDyn(&[3, 40, 20]), numjit::Complex::new(f64::NAN, f64::NAN));
    numjit::compile("a @ b", &vars.signature()).unwrap().eval_into(&vars, &mut out).unwrap();
    assert!(crate::support::same_bits(&DynArray::C128(out), &want));
    // A zero-length sum writes zeros over what was there.
    let (e, f) = (ArrayD::<f64>::zeros(IxDyn(&[2, 0])), ArrayD::<f64>::zeros(IxDyn(&[0, 3])));
    let mut vars = Vars::new();
    vars.insert("e", &e).insert("f", &f);
    let mut out = ArrayD::<f64>::from_elem(IxDyn(&[2, 3]), f64::NAN);
    numjit::compile("e @ f", &vars.signature()).unwrap().eval_into(&vars, &mut out).unwrap();
    assert!(out.iter().all(|&v| v == 0.0));
    let mut ints = ArrayD::<i64>::from_elem(IxDyn(&[2, 3]), 7);
    let (ei, fi) = (e.mapv(|v| v as i64), f.mapv(|v| v as i64));
    let mut vars = Vars::new();
    vars.insert("e", &ei).insert("f", &fi);
    numjit::compile("e @ f", &vars.signature()).unwrap().eval_into(&vars, &mut ints).unwrap();
    assert!(ints.iter().all(|&v| v == 0));
}
