//! Reductions through the public API: accuracy against exact references, determinism across threads, the
//! seed workloads, layouts, and reductions inside in-place updates.

use ndarray::{Array, Array1, Array2, ArrayD, Axis, IxDyn, ShapeBuilder};

use numjit::{DynArray, ErrorKind, Options, Vars};

fn eval(expr: &str, vars: &Vars) -> DynArray {
    numjit::evaluate(expr, vars).unwrap_or_else(|e| panic!("{expr}: {e}"))
}

/// An exact-enough sum: a double-double accumulator (Knuth's two-sum), error about n * 2^-106.
fn double_double_sum(xs: impl Iterator<Item = f64>) -> f64 {
    let (mut hi, mut lo) = (0.0f64, 0.0f64);
    for x in xs {
        let s = hi + x;
        let bb = s - hi;
        let err = (hi - (s - bb)) + (x - bb);
        hi = s;
        lo += err;
    }
    hi + lo
}

/// A deterministic stream of values spread over magnitudes and signs (a 64-bit LCG).
fn values(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let u = (s >> 11) as f64 / (1u64 << 53) as f64;
            let e = ((s >> 3) % 24) as i32 - 12;
            (u - 0.3) * 2f64.powi(e)
        })
        .collect()
}

#[test]
fn float32_tenths_sum_to_a_million() {
    // numexpr's naive float32 loop gives 1.088e6 here; the exact sum of 10^7 float32(0.1) is
    // 1000000.0149..., and float32's spacing there is 0.0625.
    let a = Array1::from_elem(10_000_000, 0.1f32);
    let mut vars = Vars::new();
    vars.insert("a", &a);
    let s = eval("sum(a)", &vars).into_f32().unwrap().first().copied().unwrap();
    let exact = 10_000_000.0 * (0.1f32 as f64);
    assert!((s as f64 - exact).abs() <= 2.0 * 0.0625, "sum = {s}, exact {exact}");
    let m = eval("mean(a)", &vars).into_f32().unwrap().first().copied().unwrap();
    assert!((m as f64 - 0.1f32 as f64).abs() <= 2e-8, "mean = {m}");
}

#[test]
fn float64_sums_are_within_the_pairwise_bound() {
    let eps = f64::EPSILON / 2.0;
    for (n, seed) in [(1_000_000, 1), (123_457, 2), (4096 * 3 + 5, 3)] {
        let x = Array1::from(values(n, seed));
        let mut vars = Vars::new();
        vars.insert("x", &x);
        let got = eval("sum(x)", &vars).into_f64().unwrap().first().copied().unwrap();
        let exact = double_double_sum(x.iter().copied());
        let abs_sum: f64 = x.iter().map(|v| v.abs()).sum();
        // Pairwise summation: |error| <= eps * log2(n) * sum |x| (with room for the 8-wide leaves).
        let bound = eps * ((n as f64).log2() + 16.0) * abs_sum;
        assert!((got - exact).abs() <= bound, "n={n}: {got} vs {exact}, bound {bound}");
        // And the sum of squares, fused: no temporary for x*x.
        let got = eval("sum(x * x)", &vars).into_f64().unwrap().first().copied().unwrap();
        let exact = double_double_sum(x.iter().map(|v| v * v));
        assert!((got - exact).abs() <= eps * ((n as f64).log2() + 17.0) * exact, "n={n}: {got} vs {exact}");
    }
}

#[test]
fn sums_in_registers_equal_sums_of_stored_values() {
    // `sum(x)` reduces `x` where it lies; `sum(x * 1.0)` has the kernel sum leaves in registers: the
    // same additions in the same order, so the same bits, for every length.
    for n in [8192, 8193, 8199, 8200, 8320, 16384 + 77, 100_003] {
        let x = Array1::from(values(n, n as u64));
        let f = x.mapv(|v| v as f32);
        let mut vars = Vars::new();
        vars.insert("x", &x).insert("f", &f);
        for (a, b) in [("sum(x)", "sum(x * 1.0)"), ("mean(x)", "mean(x * 1.0)"), ("sum(f)", "sum(f * 1.0)")] {
            assert!(crate::support::same_bits(&eval(a, &vars), &eval(b, &vars)), "{a} vs {b} at n = {n}");
        }
    }
}

#[test]
fn results_are_identical_for_any_thread_count() {
    let x = Array2::from_shape_vec((300, 5000), values(1_500_000, 7)).unwrap();
    let mut vars = Vars::new();
    vars.insert("x", &x);
    for expr in ["sum(x)", "sum(x * x, axis=0)", "mean(x, axis=1)", "std(x)", "argmax(x, axis=0)", "prod(x / 2)"] {
        let one = numjit::evaluate_with(expr, &vars, &Options { threads: Some(1), ..Options::default() }).unwrap();
        for threads in [Some(2), Some(3), Some(8), None] {
            let opts = Options { threads, ..Options::default() };
            let other = numjit::evaluate_with(expr, &vars, &opts).unwrap();
            assert!(crate::support::same_bits(&one, &other), "{expr} with {threads:?} threads");
        }
    }
}

#[test]
fn the_seed_workload_counts_per_row() {
    let x = Array2::from_shape_fn((200_000, 5), |(i, j)| ((i * 7 + j * 3) % 10) as i64);
    let mut vars = Vars::new();
    vars.insert("x", &x);
    let got = eval("sum((x >= 4) & (x <= 8), axis=1)", &vars).into_i64().unwrap();
    let want = x.map_axis(Axis(1), |row| row.iter().filter(|&&v| (4..=8).contains(&v)).count() as i64);
    assert_eq!(got, want.into_dyn());
}

#[test]
fn every_layout_reduces_alike() {
    // Reductions follow the logical index order, whatever the memory order: the same bits for C and
    // Fortran order, and for a transpose reduced along the swapped axis.
    let c = Array2::from_shape_vec((70, 130), values(9100, 11)).unwrap();
    let mut f = Array2::<f64>::zeros((70, 130).f());
    f.assign(&c);
    let t = c.t().to_owned();
    let run = |expr: &str, a: &Array2<f64>| {
        let mut vars = Vars::new();
        vars.insert("x", a);
        eval(expr, &vars)
    };
    for op in ["sum", "max", "argmin", "mean", "var"] {
        for (axis, swapped) in [("None", "None"), ("0", "1"), ("1", "0"), ("(0, 1)", "(1, 0)"), ("-1", "0")] {
            if op == "argmin" && axis.starts_with('(') {
                continue;
            }
            let expr = format!("{op}(x, axis={axis})");
            let want = run(&expr, &c);
            assert!(crate::support::same_bits(&run(&expr, &f), &want), "{expr} in Fortran order");
            let whole = matches!(axis, "None" | "(0, 1)");
            if !whole || op == "max" {
                let got = run(&format!("{op}(x, axis={swapped})"), &t);
                assert!(crate::support::same_bits(&got, &want), "{expr} transposed");
            }
        }
    }
}

#[test]
fn reductions_inside_updates_read_before_writing() {
    let mut a = Array1::from(vec![1.0, 2.0, 3.0, 6.0]);
    let vars = Vars::new();
    numjit::evaluate_update("(a - mean(a)) / std(a)", &vars, "a", &mut a).unwrap();
    let want: [f64; 4] = [-1.0690449676496976, -0.5345224838248488, 0.0, 1.6035674514745464];
    for (g, w) in a.iter().zip(want) {
        assert!((g - w).abs() < 1e-15, "{a}");
    }
    let m = Array2::from_shape_vec((2, 3), vec![1.0, 3.0, 4.0, 2.0, 2.0, 4.0]).unwrap();
    let mut out = Array2::<f64>::zeros((2, 3));
    let mut vars = Vars::new();
    vars.insert("m", &m);
    numjit::compile("m / sum(m, axis=1, keepdims=True)", &[("m", numjit::DType::F64)])
        .unwrap()
        .eval_into(&vars, &mut out)
        .unwrap();
    assert_eq!(out, Array2::from_shape_vec((2, 3), vec![0.125, 0.375, 0.5, 0.25, 0.25, 0.5]).unwrap());
}

#[test]
fn axis_errors_point_at_the_axis() {
    let m = Array::from_shape_vec(IxDyn(&[2, 3]), vec![1i64; 6]).unwrap();
    let e: ArrayD<f64> = ArrayD::zeros(IxDyn(&[0, 4]));
    let mut vars = Vars::new();
    vars.insert("m", &m).insert("e", &e);
    let err = numjit::evaluate("1 + sum(m, axis=2)", &vars).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Axis { .. }));
    assert_eq!(
        err.to_string(),
        "error: axis 2 is out of bounds for array of dimension 2\n  1 + sum(m, axis=2)\n                  ^"
    );
    let err = numjit::evaluate("max(e, axis=0)", &vars).unwrap_err();
    assert!(err.to_string().contains("`max` of an empty array"), "{err}");
    assert_eq!(eval("max(e, axis=1)", &vars).shape(), &[0]);
    assert_eq!(eval("sum(e, axis=0)", &vars).into_f64().unwrap(), ArrayD::<f64>::zeros(IxDyn(&[4])));
    let err = numjit::evaluate("sum(m, axis=(1, -1))", &vars).unwrap_err();
    assert!(err.to_string().contains("duplicate value in 'axis'"), "{err}");
}

#[test]
fn a_program_shows_its_stages() {
    let k = numjit::compile("(a - mean(a)) / std(a)", &[("a", numjit::DType::F64)]).unwrap();
    let p = k.ir();
    // The mean, std's own mean (kept as an axis of length one) and its mean of squared deviations.
    assert_eq!(k.stages(), 3, "{p}");
    assert!(p.contains("mean(axis=None, keepdims=true) of:"), "{p}");
    assert_eq!(k.variables().len(), 1);
    assert!(k.listing().unwrap().clif.contains("; reduction #0"));
}

#[test]
fn reductions_write_into_outputs_of_any_layout() {
    let m = Array2::from_shape_fn((40, 700), |(i, j)| (i * 700 + j) as f64 * 0.5);
    let want = m.sum_axis(Axis(1));
    let k = numjit::compile("sum(m, axis=1)", &[("m", numjit::DType::F64)]).unwrap();
    let mut vars = Vars::new();
    vars.insert("m", &m);
    // Contiguous: written in place by the reduction.
    let mut out = Array1::<f64>::zeros(40);
    k.eval_into(&vars, &mut out).unwrap();
    assert_eq!(out, want);
    // Strided and reversed: through the main kernel.
    let mut big = Array1::<f64>::zeros(80);
    k.eval_into(&vars, big.slice_mut(ndarray::s![..;-2])).unwrap();
    assert_eq!(big.slice(ndarray::s![..;-2]), want);
    // Wrong shapes are errors, not writes out of bounds.
    let mut short = Array1::<f64>::zeros(39);
    let err = k.eval_into(&vars, &mut short).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Output { .. }), "{err}");
    // An output that is also the input: the reduction reads it all before anything is written.
    let mut sq = Array2::from_shape_fn((3, 3), |(i, j)| (i * 3 + j) as f64);
    let col = sq.sum_axis(Axis(1));
    let vars = Vars::new();
    numjit::evaluate_update("m - sum(m, axis=1, keepdims=True)", &vars, "m", &mut sq).unwrap();
    assert_eq!(sq.column(0).to_owned() + &col, Array1::from(vec![0.0, 3.0, 6.0]));
}
