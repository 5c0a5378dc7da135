//! The public API as a user embeds it.

use ndarray::{array, Array1, ArrayD, Axis};
use numjit::{DType, ErrorKind, Vars};

use crate::support::eval_both;

#[test]
fn the_readme_example() {
    let a = Array1::<f64>::linspace(0.0, 1.0, 1001);
    let b = Array1::linspace(1.0, 2.0, 1001);
    let mut vars = Vars::new();
    vars.insert("a", a.view());
    vars.insert("b", &b);
    let out = numjit::evaluate("2*a + 3*b - sqrt(a)", &vars).unwrap().into_f64().unwrap();
    for i in 0..a.len() {
        assert_eq!(out[[i]], 2.0 * a[i] + 3.0 * b[i] - a[i].sqrt());
    }
    let k = numjit::compile("where(a > 0.5, a, b)", &[("a", DType::F64), ("b", DType::F64)]).unwrap();
    let mut out = Array1::<f64>::zeros(1001);
    k.eval_into(&vars, &mut out).unwrap();
    for i in 0..a.len() {
        assert_eq!(out[i], if a[i] > 0.5 { a[i] } else { b[i] });
    }
}

#[test]
fn mixed_dtypes_and_broadcasting() {
    let i = array![[1i32, -2, 3], [4, 5, -6]];
    let f = array![0.5f32, 1.5, -2.5];
    let b = array![true, false, true];
    let mut vars = Vars::new();
    vars.insert("i", &i).insert("f", &f).insert("b", &b);
    for expr in [
        "i + f",
        "i * 2.5",
        "f * 2.0",
        "where(b, i, f)",
        "i // 2",
        "i % -4",
        "-i ** 3",
        "i << 2",
        "(i > 0) & b",
        "~b | (f < 0)",
        "float32(i) / f",
        "int64(f) + i",
        "abs(i) + sign(f)",
        "minimum(i, f) + maximum(f, i)",
        "isnan(f / 0) | isinf(f / 0)",
        "round(f) + floor(f) + ceil(f) + trunc(f)",
        "copysign(f, i)",
        "bool(i) ^ b",
    ] {
        eval_both(expr, &vars);
    }
}

#[test]
fn next_after_returns_a_nan_operand_quieted_with_its_payload() {
    // Signalling and quiet NaNs of both signs, beside numbers, over more than one vector and a tail.
    let nans = [0x7ff0_0000_0000_0001u64, 0xfff0_0000_0000_0abc, 0x7ff8_0000_0000_0000, 0xfff8_0000_0000_0007];
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for (i, &n) in nans.iter().enumerate() {
        xs.extend([f64::from_bits(n), 1.0, f64::from_bits(n)]);
        ys.extend([2.0, f64::from_bits(n), f64::from_bits(nans[(i + 1) % 4])]);
    }
    let (a, b) = (Array1::from(xs.clone()), Array1::from(ys.clone()));
    let mut vars = Vars::new();
    vars.insert("a", &a).insert("b", &b);
    let got = eval_both("nextafter(a, b)", &vars).into_f64().unwrap();
    for ((x, y), r) in xs.iter().zip(&ys).zip(&got) {
        // y's NaN where both are, as NumPy's nextafter gives on x86-64.
        let want = if y.is_nan() { y } else { x };
        assert_eq!(r.to_bits(), want.to_bits() | 1 << 51, "nextafter({x:?}, {y:?})");
    }
    let (a32, b32) = (a.mapv(|v| v as f32), b.mapv(|v| v as f32));
    let mut vars = Vars::new();
    vars.insert("a", &a32).insert("b", &b32);
    let got = eval_both("nextafter(a, b)", &vars).into_f32().unwrap();
    for ((x, y), r) in a32.iter().zip(&b32).zip(&got) {
        let want = if y.is_nan() { y } else { x };
        assert_eq!(r.to_bits(), want.to_bits() | 1 << 22, "nextafter({x:?}, {y:?})");
    }
}

/// Compiling on a thread with a small stack: code generation, whose frames take megabytes in a debug
/// build (most at the 128-bit width, where the vector math is lowered inline), moves to a stack of its
/// own instead of overflowing the caller's. In a child process, so that the width is 128 bits.
#[test]
fn kernels_compile_on_threads_with_small_stacks() {
    run_in_child("api::small_stack_probe", &[("NUMJIT_WIDTH", "128")], "--ignored");
}

#[test]
#[ignore = "run at the 128-bit width by kernels_compile_on_threads_with_small_stacks"]
fn small_stack_probe() {
    let run = || {
        let a = Array1::linspace(-3.0f32, 3.0, 40);
        let mut vars = Vars::new();
        vars.insert("a", &a);
        let expr = "sum(arcsinh(a) + tanh(a) * arctan2(a, 2.0) + exp(a) / cosh(a) + log1p(abs(a)))";
        numjit::evaluate(expr, &vars).unwrap()
    };
    // The small thread first: it compiles (later calls find the kernel in the cache).
    let got = std::thread::Builder::new().stack_size(1 << 20).spawn(run).unwrap().join().unwrap();
    assert_eq!(got, run());
}

#[test]
fn strided_and_reversed_views() {
    let a = ArrayD::from_shape_fn(vec![7, 9], |ix| (ix[0] * 9 + ix[1]) as f64);
    let t = a.t();
    let r = a.slice(ndarray::s![..;-2, 1..;3]);
    let mut vars = Vars::new();
    vars.insert("t", t.view()).insert("r", r.view());
    let out = eval_both("t * 2 + 1", &vars).into_f64().unwrap();
    assert_eq!(out, t.mapv(|v| v * 2.0 + 1.0).into_dyn());
    let out = eval_both("r - 1", &vars).into_f64().unwrap();
    assert_eq!(out, r.mapv(|v| v - 1.0).into_dyn());
    // A column (stride 9) against a transposed matrix: broadcasting with strides.
    let col = a.index_axis(Axis(1), 3).insert_axis(Axis(0));
    vars.insert("c", col);
    eval_both("c + t", &vars);
}

#[test]
fn errors_say_what_and_where() {
    let vars = Vars::new();
    let e = numjit::evaluate("1 +", &vars).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Syntax { .. }));
    assert!(e.to_string().contains("^"), "{e}");
}

#[test]
fn in_place_update_reads_and_writes_one_array() {
    let mut a = Array1::<f64>::linspace(0.0, 1.0, 100_003);
    let b = Array1::<f64>::from_elem(100_003, 0.5);
    let want = a.mapv(|v| 2.0 * v + 0.5);
    let mut vars = Vars::new();
    vars.insert("b", &b);
    let opts = numjit::Options { parallel_threshold: 0, block_size: 1000, ..Default::default() };
    let k = numjit::compile("2*a + b", &[("a", DType::F64), ("b", DType::F64)]).unwrap();
    k.eval_update_with(&vars, "a", &mut a, &opts).unwrap();
    assert_eq!(a, want);
    // A strided target: every other element of a matrix column, updated in place.
    let mut m = ndarray::Array2::<f64>::from_shape_fn((50, 3), |(i, j)| (i * 3 + j) as f64);
    let before = m.clone();
    numjit::evaluate_update("x * x - 1", &Vars::new(), "x", m.slice_mut(ndarray::s![..;2, 1])).unwrap();
    for ((i, j), v) in m.indexed_iter() {
        let b = before[[i, j]];
        assert_eq!(*v, if j == 1 && i % 2 == 0 { b * b - 1.0 } else { b });
    }
}

#[test]
fn outputs_of_any_layout() {
    let a = ArrayD::from_shape_fn(vec![6, 5], |ix| (ix[0] * 5 + ix[1]) as i64);
    let mut vars = Vars::new();
    vars.insert("a", &a);
    let k = numjit::compile("a * 3 - 1", &[("a", DType::I64)]).unwrap();
    // Reversed rows, transposed storage, and a strided window of a bigger array.
    let mut big = ndarray::Array2::<i64>::zeros((12, 15));
    k.eval_into(&vars, big.slice_mut(ndarray::s![..;-2, ..;3])).unwrap();
    let mut fortran = ndarray::Array2::<i64>::zeros((5, 6));
    let mut t = fortran.view_mut().reversed_axes();
    k.eval_into(&vars, t.view_mut()).unwrap();
    for i in 0..6 {
        for j in 0..5 {
            let want = (i * 5 + j) as i64 * 3 - 1;
            assert_eq!(big[[11 - 2 * i, 3 * j]], want);
            assert_eq!(fortran[[j, i]], want);
        }
    }
}

#[test]
fn shape_and_dtype_errors() {
    let a = Array1::<f64>::zeros(3);
    let b = Array1::<f64>::zeros(4);
    let i = Array1::<i32>::zeros(3);
    let mut vars = Vars::new();
    vars.insert("a", &a).insert("b", &b).insert("i", &i);
    let e = numjit::evaluate("a + b", &vars).unwrap_err();
    assert_eq!(e.to_string(), "error: shapes (3,) and (4,) cannot be broadcast together\n  a + b\n  ^^^^^");
    // The caret goes under the operation whose operands conflict, also where the result is written in place.
    let e = numjit::evaluate("sqrt(a) * 2 + sin(b)", &vars).unwrap_err();
    assert_eq!(e.span.map(|s| s.start..s.end), Some(0..20));
    let mut target = Array1::<f64>::zeros(3);
    let e = numjit::evaluate_update("t * 2 - (b + 1)", &vars, "t", &mut target).unwrap_err();
    assert!(e.to_string().ends_with("  t * 2 - (b + 1)\n  ^^^^^^^^^^^^^^^"), "{e}");
    let k = numjit::compile("a * 2", &[("a", DType::F64)]).unwrap();
    let mut wrong_shape = Array1::<f64>::zeros(4);
    assert!(matches!(k.eval_into(&vars, &mut wrong_shape).unwrap_err().kind(), ErrorKind::Output { .. }));
    let mut wrong_dtype = Array1::<f32>::zeros(3);
    assert!(matches!(k.eval_into(&vars, &mut wrong_dtype).unwrap_err().kind(), ErrorKind::Output { .. }));
    // A broadcast output is fine where the inputs broadcast to it.
    let mut wide = ndarray::Array2::<f64>::zeros((2, 3));
    k.eval_into(&vars, &mut wide).unwrap();
    // A kernel compiled for float64 rejects an int32 array.
    let mut v2 = Vars::new();
    v2.insert("a", &i);
    assert!(matches!(k.eval(&v2).unwrap_err().kind(), ErrorKind::Input { .. }));
    assert!(matches!(k.eval(&Vars::new()).unwrap_err().kind(), ErrorKind::Input { .. }));
    // The typed extraction names both dtypes.
    let r = numjit::evaluate("i + 1", &vars).unwrap();
    assert_eq!(r.into_f64().unwrap_err().to_string(), "error: the result has dtype int32, not float64");
}

#[test]
fn huge_broadcast_results_are_errors() {
    let a = ArrayD::<f64>::zeros(vec![1 << 31, 0]);
    let b = ArrayD::<f64>::zeros(vec![1, 1]);
    let mut vars = Vars::new();
    vars.insert("a", a.view()).insert("b", &b);
    // 0 elements: fine, and empty.
    assert_eq!(numjit::evaluate("a + b", &vars).unwrap().shape(), &[1 << 31, 0]);
    // (2^24, 1) * (1, 2^24) float64 is 2^51 bytes: more than any address space holds.
    let one = ndarray::Array1::<f64>::zeros(1);
    let r = one.broadcast(1 << 24).unwrap().insert_axis(ndarray::Axis(0));
    let c = one.broadcast(1 << 24).unwrap().insert_axis(ndarray::Axis(1));
    let mut v = Vars::new();
    v.insert("r", r).insert("c", c);
    let e = numjit::evaluate("r * c", &v).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Size { .. }), "{e}");
}

#[test]
fn kernels_are_shared_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<numjit::Kernel>();
    let a = Array1::<f64>::linspace(-1.0, 1.0, 5000);
    let exprs = ["a*a", "abs(a) + 1", "where(a > 0, a, -a)", "floor(a * 10)", "a - 0.5", "sign(a)", "a / 3", "-a"];
    std::thread::scope(|s| {
        for (t, expr) in exprs.iter().enumerate() {
            let a = &a;
            s.spawn(move || {
                let mut vars = Vars::new();
                vars.insert("a", a);
                for _ in 0..50 {
                    let got = eval_both(expr, &vars);
                    assert_eq!(got.shape(), &[5000], "thread {t}");
                }
            });
        }
    });
}

/// Resident memory in bytes, from /proc (Linux).
fn rss() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Runs the ignored test `name` alone in a child process of this test binary, with `env` set.
fn run_probe(name: &str, env: &[(&str, &str)]) {
    run_in_child(name, env, "--ignored");
}

/// Runs the test `name` alone in a child process with `env` (`which`: `--ignored` for a probe, or
/// `--include-ignored` for any test).
fn run_in_child(name: &str, env: &[(&str, &str)], which: &str) {
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .envs(env.iter().copied())
        .args([which, "--exact", name, "--test-threads=1", "--nocapture"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && text.contains("1 passed"), "{name} {env:?}: {text}");
}

/// Runs `memory_probe` alone in a child process: other tests allocating at the same time would blur
/// the measurement.
#[test]
fn compiled_code_is_freed_with_its_kernel() {
    run_probe("api::memory_probe", &[]);
}

#[test]
#[ignore = "run in a process of its own by compiled_code_is_freed_with_its_kernel"]
fn memory_probe() {
    let sig = [("a", DType::F64), ("b", DType::F64)];
    let compile_and_drop = |n: usize| {
        for k in 0..n {
            let kernel = numjit::compile(&format!("a * {k}.5 + b - {k}"), &sig).unwrap();
            drop(kernel);
        }
    };
    compile_and_drop(200);
    let Some(before) = rss() else { return };
    compile_and_drop(4000);
    let grown = rss().unwrap().saturating_sub(before);
    // Leaking each module keeps at least a page of code per kernel: 16 MB for 4000 (measured).
    assert!(grown < 4 << 20, "resident memory grew by {grown} bytes over 4000 compile-and-drop cycles");
}

#[test]
fn transposed_and_broadcast_operands_on_long_rows() {
    // Rows long enough for row-following blocks: transposed inputs and outputs (strided access), broadcast
    // rows and columns (in place and splats), and odd sizes so blocks end in remainders.
    let m = ArrayD::from_shape_fn(vec![261, 299], |ix| (ix[0] * 299 + ix[1]) as f64 * 0.5 - 100.0);
    let col = Array1::<f64>::linspace(-1.0, 1.0, 299).into_shape_with_order((299, 1)).unwrap();
    let row = Array1::<f64>::linspace(2.0, 3.0, 261);
    let mut vars = Vars::new();
    vars.insert("t", m.t()).insert("c", &col).insert("r", &row);
    let expr = "t * c + r - where(t > 0, t, c)";
    for backend in [numjit::Backend::Jit, numjit::Backend::Interpreter] {
        for block in [8192, 1000, 33] {
            let opts = numjit::Options { backend, block_size: block, parallel_threshold: 0, ..Default::default() };
            let k = numjit::compile_with(expr, &vars.signature(), &opts).unwrap();
            let want = ndarray::Array2::from_shape_fn((299, 261), |(i, j)| {
                let t = m[[j, i]];
                t * col[[i, 0]] + row[j] - if t > 0.0 { t } else { col[[i, 0]] }
            });
            // Into a C-order array, and into a transposed (Fortran-order) one.
            let got = k.eval_with(&vars, &opts).unwrap().into_f64().unwrap();
            assert_eq!(got, want.clone().into_dyn(), "{backend:?} block {block}");
            let mut f = ndarray::Array2::<f64>::zeros((261, 299));
            k.eval_into_with(&vars, f.view_mut().reversed_axes(), &opts).unwrap();
            assert_eq!(f.t(), want, "{backend:?} block {block}, transposed output");
        }
    }
}

#[test]
fn a_set_cancel_flag_stops_an_evaluation() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let a = Array1::<f64>::zeros(100_000);
    let mut vars = Vars::new();
    vars.insert("a", &a);
    let flag = std::sync::Arc::new(AtomicBool::new(true));
    let opts = numjit::Options { cancel: Some(flag.clone()), ..Default::default() };
    let e = numjit::evaluate_with("a + 1", &vars, &opts).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Cancelled);
    flag.store(false, Ordering::Relaxed);
    assert!(numjit::evaluate_with("a + 1", &vars, &opts).is_ok());
}

/// Runs `isa_probe` in a child process compiled as for a CPU without FMA (and without SSE4.1), where
/// Cranelift turns `fma`, `floor`, `nearest` and friends into calls: results must not change.
#[test]
fn results_do_not_depend_on_cpu_features() {
    for var in ["NUMJIT_NO_FMA", "NUMJIT_NO_SSE41"] {
        run_probe("api::isa_probe", &[(var, "1")]);
    }
}

/// The vector math runs at the CPU's widest width (512 bits with AVX-512, 256 with AVX2 and FMA) unless
/// `NUMJIT_WIDTH` caps it: at each narrower width, in a child process, the probe's expressions, the
/// differential property tests and the guard-page tests give the same results.
#[test]
fn every_vector_width_gives_the_same_bits() {
    for width in ["128", "256"] {
        let env = [("NUMJIT_WIDTH", width)];
        run_probe("api::isa_probe", &env);
        for test in [
            "prop::jit_equals_interpreter",
            "prop::jit_equals_interpreter_on_long_rows",
            "prop::reductions_jit_equals_interpreter",
            "prop::long_reductions_jit_equals_interpreter",
            "guard::kernels_stay_inside_float_arrays",
            "guard::kernels_cut_at_math_calls_stay_inside_float_arrays",
            "guard::kernels_stay_inside_float16_arrays",
            "api::float16_conversions_match_the_interpreter",
        ] {
            run_in_child(test, &env, "--include-ignored");
        }
    }
}

/// Contiguous outputs beyond the caches are written with streaming stores (`NUMJIT_STREAM_MIN` lowers
/// the threshold): with every output streamed, in a child process, the differential property tests and
/// the guard-page tests give the same results.
#[test]
fn streaming_stores_give_the_same_bits() {
    let env = [("NUMJIT_STREAM_MIN", "0")];
    for test in [
        "prop::jit_equals_interpreter",
        "prop::jit_equals_interpreter_on_long_rows",
        "guard::kernels_stay_inside_float_arrays",
        "guard::kernels_with_streamed_outputs_stay_inside_float_arrays",
        "guard::kernels_stay_inside_float16_arrays",
    ] {
        run_in_child(test, &env, "--include-ignored");
    }
}

#[test]
#[ignore = "run with CPU features turned off by results_do_not_depend_on_cpu_features"]
fn isa_probe() {
    let desc = numjit::host_description();
    if let Ok(w) = std::env::var("NUMJIT_WIDTH") {
        let bits: u32 =
            desc.rsplit("vector math at ").next().and_then(|s| s.split(' ').next()).unwrap().parse().unwrap();
        assert!(bits <= w.parse().unwrap(), "NUMJIT_WIDTH={w}: {desc}");
    }
    if std::env::var_os("NUMJIT_NO_FMA").is_some() {
        assert!(!desc.contains("has_fma"), "{desc}");
    }
    if std::env::var_os("NUMJIT_NO_SSE41").is_some() {
        assert!(!desc.contains("has_sse41"), "{desc}");
    }
    let x = Array1::from_shape_fn(1003, |i| (i as f64 - 500.0) * 0.37);
    let xf = x.mapv(|v| v as f32);
    let mut vars = Vars::new();
    vars.insert("x", &x).insert("f", &xf);
    for expr in [
        "sin(x) + cos(x)",
        "exp(x / 50) - log(abs(x) + 1)",
        "floor(x) + round(x) * trunc(x)",
        "sin(f) * exp(f / 100)",
        "log(abs(f) + 0.5) + ceil(f)",
        "tan(x) + arctan2(x, 3) + hypot(x, 2) + cbrt(x)",
        "arcsin(x / 200) + expm1(x / 100) + tanh(x / 10) + arcsinh(x)",
        "abs(x) ** 1.5 + fmod(x, 7) + x // 3 + x % 2.5",
        "tan(f) + arccos(f / 200) + abs(f) ** 0.7 + f // 3",
        "int64(x) // 7 + int32(x) % 5",
    ] {
        eval_both(expr, &vars);
    }
}

#[test]
fn sine_and_cosine_of_one_operand_share_a_reduction_bit_for_bit() {
    // The JIT computes sin and cos of the same operand together; each must equal the interpreter's (which
    // computes them apart), on the fast path and on the cold one (beyond 2^20, float32 beyond 2048).
    let vals = [0.0, -0.0, 0.5, -1.25, 3.0, 1e3, -7e5, 1.5e6, 1e22, -3e300, f64::NAN, f64::INFINITY, 2.5e-310];
    let g = ndarray::Array1::from_iter((0..130).map(|k| vals[k % vals.len()] * (1.0 + k as f64 / 64.0)));
    let f = g.mapv(|v| v as f32);
    let mut vars = Vars::new();
    vars.insert("g", &g).insert("f", &f);
    for expr in ["sin(g) + cos(g)", "cos(g) * sin(g)", "sin(g*3) - cos(g*3) + sin(g)", "cos(f) + sin(f)"] {
        crate::support::eval_both(expr, &vars);
    }
    let both = crate::support::eval_both("sin(g) + cos(g)", &vars).into_f64().unwrap();
    // Each function alone, by the interpreter, and the sum taken here.
    let alone = |f: &str| {
        let opts = numjit::Options { backend: numjit::Backend::Interpreter, ..Default::default() };
        numjit::evaluate_with(&format!("{f}(g)"), &vars, &opts).unwrap().into_f64().unwrap()
    };
    let apart = alone("sin") + alone("cos");
    assert!(crate::support::same_bits(&numjit::DynArray::F64(both), &numjit::DynArray::F64(apart)));
}

#[test]
fn kernels_too_heavy_to_compile_quickly_are_refused() {
    let sig = [("a", DType::F64)];
    // 600 `sin` terms: far under the parser's node limit, but minutes of Cranelift time and gigabytes.
    let heavy: Vec<String> = (0..600).map(|k| format!("sin(a*{k})")).collect();
    let e = numjit::compile(&heavy.join(" + "), &sig).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::TooComplex { .. }), "{e}");
    assert!(e.to_string().contains("weight"), "{e}");
    // 20000 plain additions are fine.
    assert!(numjit::compile(&vec!["a"; 20_000].join("+"), &sig).is_ok());
}

#[test]
fn exp_fast_path_and_cold_lanes_agree_with_the_interpreter() {
    // The JIT computes exp below |x| = 707 (float32: about 86) with 2^q put into the exponent field and sends
    // other lanes (overflow, subnormal results, NaN) to the full algorithm: every lane must keep the
    // interpreter's bits, across both edges and with fast and cold lanes mixed in one vector.
    let specials =
        [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.0, -0.0, 706.99, 707.0, -707.0, -745.2, 709.8, 43.0, -43.0];
    let sweep = (0..40_000).map(|k| -760.0 + k as f64 * 0.037);
    let a = Array1::from_iter(specials.into_iter().chain(sweep));
    let f = a.mapv(|v| (v / 7.8) as f32);
    let mut vars = Vars::new();
    vars.insert("a", &a).insert("f", &f);
    let exprs = ["exp(a)", "exp(f)", "exp(a) - exp(-a)", "exp2(a * 1.5)", "exp2(f * 1.5)", "expm1(a / 16)", "expm1(f)"];
    for expr in exprs {
        eval_both(expr, &vars);
    }
}

#[test]
fn hyperbolic_fast_paths_and_cold_lanes_agree_with_the_interpreter() {
    // In float64 (float32 widened), inline up to |x| = 22 (sinh, cosh, tanh), 2^28 (arcsinh, arccosh,
    // from 1) and 1 (arctanh); other lanes, NaN and the domain's edges included, to the scalar function.
    let specials = [0.0, -0.0, 1e-300, -1e-9, 1.0, -1.0, 22.0, 22.000001, 711.0, 268435456.0, 3e8, f64::INFINITY];
    let sweep = (0..12_000).map(|k| 1.23f64.powi(k % 240 - 140) * if k % 3 == 0 { -1.0 } else { 1.0 });
    let a = Array1::from_iter(specials.into_iter().chain([f64::NAN, f64::NEG_INFINITY]).chain(sweep));
    let f = a.mapv(|v| v as f32);
    let mut vars = Vars::new();
    vars.insert("a", &a).insert("f", &f);
    for func in ["sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh"] {
        for arg in ["a", "f", "a + 1", "f * 0.5"] {
            eval_both(&format!("{func}({arg})"), &vars);
        }
    }
}

#[test]
fn integer_floor_division_and_remainder_agree_with_the_interpreter() {
    // Through float64 where |x|, |y| < 2^50 (all of int32); int64 beyond that, by zero, the minimum by -1,
    // and every sign mixed within vectors.
    let edges = [0, 1, -1, 7, -7, i64::MIN, i64::MAX, 1 << 50, (1 << 50) - 1, -(1 << 50), 1 << 52, 3 << 60];
    let sweep = (0..6000i64).map(|k| (k * 7919) % 20011 - 10005);
    let x = Array1::from_iter(edges.into_iter().chain(sweep.clone()).cycle().take(6100));
    let y = Array1::from_iter(sweep.chain(edges).cycle().skip(3).take(6100));
    let (xi, yi) = (x.mapv(|v| v as i32), y.mapv(|v| v as i32));
    let mut vars = Vars::new();
    vars.insert("x", &x).insert("y", &y).insert("xi", &xi).insert("yi", &yi);
    for expr in ["x // y", "x % y", "y // x", "xi // yi", "xi % yi", "yi % xi", "x // 3", "xi % -7"] {
        eval_both(expr, &vars);
    }
}

#[test]
fn tan_fast_path_and_cold_lanes_agree_with_the_interpreter() {
    // Below the trig limit (float64 2^20, float32 2048) the JIT computes tan inline; beyond it, and for
    // infinities, lanes go to libm one by one: mixed within vectors, around both limits and the poles.
    let specials = [0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 1048576.0, 1048577.0, 2048.0, 2049.0];
    let sweep =
        (0..20_000).map(|k| (k as f64 - 10_000.0) * std::f64::consts::FRAC_PI_4 * if k % 5 == 0 { 140.0 } else { 1.0 });
    let a = Array1::from_iter(specials.into_iter().chain(sweep));
    let f = a.mapv(|v| v as f32);
    let mut vars = Vars::new();
    vars.insert("a", &a).insert("f", &f);
    for expr in ["tan(a)", "tan(f)", "tan(a) * cos(a)", "tan(f / 3)"] {
        eval_both(expr, &vars);
    }
}

#[test]
fn binary_function_fast_paths_and_cold_lanes_agree_with_the_interpreter() {
    // Finite pairs, not both zero, take the fast path (tiny numerators scaled, huge denominators not);
    // infinities, NaN and (±0, ±0) the full algorithm, mixed within vectors, in every quadrant.
    let specials = [0.0, -0.0, 5e-324, -1e-310, 1e-300, 1e300, -1.7e308, f64::INFINITY, f64::NEG_INFINITY, f64::NAN];
    let mags = (0..3000).map(|k| 1.91f64.powi(k % 2200 - 1100) * if k % 3 == 0 { -1.0 } else { 1.0 });
    let a: Vec<f64> = specials.into_iter().chain(mags).collect();
    let b: Vec<f64> = a.iter().rev().cycle().skip(7).take(a.len()).copied().collect();
    let (a, b) = (Array1::from(a), Array1::from(b));
    let (f, g) = (a.mapv(|v| v as f32), b.mapv(|v| v as f32));
    let mut vars = Vars::new();
    vars.insert("a", &a).insert("b", &b).insert("f", &f).insert("g", &g);
    let exprs = ["arctan2(a, b)", "arctan2(b, a)", "arctan2(f, g)", "arctan2(g, f)", "arctan(a)", "arctan(f)"];
    // hypot's fast range and its cold lanes (zeros, subnormals, huge, infinite, NaN) likewise.
    let hypots = ["hypot(a, b)", "hypot(f, g)", "hypot(a * 1e-300, b)", "hypot(a, b * 1e300)"];
    // And power's: negative, zero, subnormal, infinite bases; huge exponents; overflow and underflow.
    let powers = ["a ** b", "b ** a", "f ** g", "g ** f", "abs(a) ** (b / 1e100)", "abs(f) ** 2.5", "a ** 3.0"];
    // And fmod's, //'s and %'s: zero, subnormal, infinite, NaN divisors; quotients beyond 2^51 (2^22).
    let remainders = ["fmod(a, b)", "a // b", "a % b", "fmod(f, g)", "f // g", "g % f", "a % 7.5", "f // 0.1"];
    for expr in exprs.into_iter().chain(hypots).chain(powers).chain(remainders) {
        eval_both(expr, &vars);
    }
    // Every special pair against C99's values (the interpreter's are checked in `vmath`'s unit tests).
    let pairs: Vec<(f64, f64)> = specials.iter().flat_map(|&y| specials.iter().map(move |&x| (y, x))).collect();
    let ys = Array1::from_iter(pairs.iter().map(|p| p.0));
    let xs = Array1::from_iter(pairs.iter().map(|p| p.1));
    let mut vars = Vars::new();
    vars.insert("y", &ys).insert("x", &xs);
    let got = numjit::evaluate("arctan2(y, x)", &vars).unwrap().into_f64().unwrap();
    for (k, &(y, x)) in pairs.iter().enumerate() {
        let want = y.atan2(x);
        let ok = want.to_bits() == got[k].to_bits()
            || (want.is_nan() && got[k].is_nan())
            || (want - got[k]).abs() <= 2.0 * f64::EPSILON * want.abs();
        assert!(ok, "arctan2({y:e}, {x:e}) = {:e}, libm {want:e}", got[k]);
    }
}

#[test]
fn log_fast_path_and_cold_lanes_agree_with_the_interpreter() {
    // Normal positive finite lanes take the fast path; zeros, subnormals, negatives, infinities and NaN
    // the full algorithm, mixed within vectors.
    let specials =
        [0.0, -0.0, 5e-324, 1e-310, f64::MIN_POSITIVE, -1.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 1.0];
    let sweep = (0..20_000).map(|k| 1.37f64.powi(k % 4000 - 2000) * if k % 7 == 0 { -1.0 } else { 1.0 });
    let a = Array1::from_iter(specials.into_iter().chain(sweep));
    let f = a.mapv(|v| v as f32);
    let mut vars = Vars::new();
    vars.insert("a", &a).insert("f", &f);
    let exprs =
        ["log(a)", "log2(a)", "log10(a)", "log(f)", "log2(f)", "log10(f)", "log(a) + log10(f)", "cbrt(a)", "cbrt(f)"];
    let near_minus_one = ["log1p(a)", "log1p(f)", "log1p(a - 1)", "log1p(f - 1)", "log1p(-a)", "log1p(-f)"];
    for expr in exprs.into_iter().chain(near_minus_one) {
        eval_both(expr, &vars);
    }
}

#[test]
fn literal_arithmetic_is_pythons_to_128_bits() {
    let x = ndarray::arr1(&[1.0f64]);
    let mut vars = Vars::new();
    vars.insert("x", &x);
    let value = |e: &str| numjit::evaluate(e, &vars).unwrap_or_else(|err| panic!("{e}: {err}")).into_f64().unwrap()[0];
    // Intermediate values beyond 64 bits, and results that fit though an operand is huge.
    assert_eq!(value("x * (0 << 100)"), 0.0);
    assert_eq!(value("x * (2**100 >> 98)"), 4.0);
    assert_eq!(value("x * 1 ** (2**100)"), 1.0);
    assert_eq!(value("x * (-1) ** (2**100 + 1)"), -1.0);
    assert_eq!(value("x * ((2**126 - 1) * 2 + 1 - 170141183460469231731687303715884105726)"), 1.0);
    assert_eq!(value("x * ((-2**126 * 2) // -2**126)"), 2.0);
    assert_eq!(value("x * ((-2**126 * 2) % -1)"), 0.0);
    // Comparisons between integers and floats are exact, as Python's.
    assert_eq!(value("x * (2**53 + 1 > 2.0**53)"), 1.0);
    assert_eq!(value("x * (2.0**53 < 2**53 + 1)"), 1.0);
    assert_eq!(value("x * (2**100 < inf) + (2**100 != nan)"), 2.0);
    // Errors only where Python's result does not fit 128 bits (or Python raises), with a caret.
    for (e, what) in [
        ("x + 2**127", "does not fit in 128 bits"),
        ("x + (2**126 << 1)", "does not fit in 128 bits"),
        ("x + -(-2**126 * 2)", "does not fit in 128 bits"),
        ("x + 0 ** -1", "division by zero"),
        ("x + 10.0 ** 400", "too large for a float"),
        ("x + (-8.0) ** 0.5", "complex"),
        ("x + 170141183460469231731687303715884105728", "does not fit in 128 bits"),
    ] {
        let err = numjit::evaluate(e, &vars).unwrap_err();
        assert!(matches!(err.kind, numjit::ErrorKind::Literal { .. }), "{e}: {err}");
        let text = err.to_string();
        assert!(text.contains(what) && text.contains('^'), "{e}: {text}");
    }
}

#[test]
fn folded_operands_keep_their_shapes_and_errors() {
    let i = ndarray::array![[0i64, 1, 2], [3, 4, 5]];
    let p0 = ndarray::Array2::<bool>::from_elem((0, 3), false);
    let mut vars = Vars::new();
    vars.insert("i", &i).insert("p0", &p0);
    let shape = |e: &str| numjit::evaluate(e, &vars).unwrap_or_else(|err| panic!("{e}: {err}")).shape().to_vec();
    assert_eq!(shape("isnan(sum(i, 0))"), [3]);
    assert_eq!(shape("sum(i, 0) ** 0"), [3]);
    assert_eq!(shape("where(True, 1, sum(i, axis=1, keepdims=True))"), [2, 1]);
    assert_eq!(shape("isnan(any(p0, axis=-2))"), [3]);
    assert_eq!(numjit::evaluate("sum(ones_like(sum(i, 0)))", &vars).unwrap().into_i64().unwrap()[[]], 3);
    // The same through the other entry points: an output array, and an in-place update.
    let mut out = ndarray::Array1::<bool>::from_elem(3, true);
    numjit::compile("isnan(sum(i, 0))", &vars.signature()).unwrap().eval_into(&vars, &mut out).unwrap();
    assert_eq!(out, ndarray::arr1(&[false, false, false]));
    let mut wrong = ndarray::Array0::<bool>::from_elem((), true);
    assert!(numjit::compile("isnan(sum(i, 0))", &vars.signature()).unwrap().eval_into(&vars, &mut wrong).is_err());
    let mut m = ndarray::array![[1i64, 1, 1], [1, 1, 1]];
    numjit::evaluate_update("m * 0 + isinf(max(i, axis=0))", &vars, "m", &mut m).unwrap();
    assert_eq!(m, ndarray::Array2::<i64>::zeros((2, 3)));
    // Errors NumPy raises though the values are not needed.
    for e in ["where(isinf(i), max(i, axis=1), i)", "isnan(sum(i, 0)) + isnan(sum(i, 1))", "isinf(max(p0, axis=0))"] {
        assert!(numjit::evaluate(e, &vars).is_err(), "{e}");
    }
}

/// Distance in ulps between two floats of one sign class, NaN to NaN counting 0.
fn ulp_distance(a: f64, b: f64, single: bool) -> u64 {
    if a.is_nan() && b.is_nan() {
        return 0;
    }
    let key = |v: f64| -> i64 {
        let bits = if single { (v as f32).to_bits() as i32 as i64 } else { v.to_bits() as i64 };
        if bits < 0 {
            (if single { i32::MIN as i64 } else { i64::MIN }) - bits
        } else {
            bits
        }
    };
    key(a).abs_diff(key(b))
}

/// `Precision::Fast` is a kernel property: part of the cache key (the same text gives each precision's
/// kernel), reported by `Kernel::precision`, the same bits in both back ends (at either precision), and within 5 ulps of the
/// default (each is within 4 and 1 of the true result) for every function, float64 and float32.
#[test]
fn fast_precision_is_its_own_kernel_and_stays_close() {
    use numjit::{Backend, Options, Precision};
    // Ordinary arguments, then a grid of special and extreme ones; where an operand is zero, infinite or
    // NaN the two precisions must agree bit for bit (the fast lanes send those to the full functions, or
    // treat them alike).
    let specials = [0.0, -0.0, 1.0, -1.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 5e-324, -1e-310, 1e300, -1e300];
    let n = 4099;
    let pairs = specials.iter().flat_map(|&u| specials.iter().map(move |&v| (u, v)));
    let (sx, sy): (Vec<f64>, Vec<f64>) = pairs.unzip();
    let x = Array1::from_iter((0..n).map(|i| ((i as f64) * 0.754_877_666).fract() * 8.0 - 4.0).chain(sx));
    let y = Array1::from_iter((0..n).map(|i| ((i as f64) * 0.569_840_29).fract() * 3.0 + 0.01).chain(sy));
    let (xf, yf) = (x.mapv(|v| v as f32), y.mapv(|v| v as f32));
    let mut differ = 0;
    // Every elementwise function of one or two operands (the vector-math ones among them), and `**`;
    // `contains` takes byte strings only.
    let numeric = numjit::functions().filter(|f| !f.reduction && !f.matrix && f.name != "contains");
    let calls = numeric.filter_map(|f| match *f.args.start() {
        1 => Some(format!("{}(x)", f.name)),
        2 => Some(format!("{}(x, y)", f.name)),
        _ => None,
    });
    let exprs: Vec<String> = calls.chain(["x ** y".to_owned()]).collect();
    for single in [false, true] {
        {
            for expr in &exprs {
                let mut vars = Vars::new();
                if single {
                    vars.insert("x", &xf).insert("y", &yf);
                } else {
                    vars.insert("x", &x).insert("y", &y);
                }
                let at = |precision, backend| -> Option<Vec<f64>> {
                    let opts = Options { precision, backend, ..Options::default() };
                    match numjit::evaluate_with(expr, &vars, &opts).unwrap() {
                        r if r.dtype() == DType::F64 => Some(r.into_f64().unwrap().iter().copied().collect()),
                        r if r.dtype() == DType::F32 => Some(r.into_f32().unwrap().iter().map(|&v| v as f64).collect()),
                        _ => None,
                    }
                };
                let Some(high) = at(Precision::High, Backend::Jit) else { continue };
                assert_eq!(
                    high.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                    at(Precision::High, Backend::Interpreter).unwrap().iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                    "{expr}: the back ends differ at High"
                );
                let fast = at(Precision::Fast, Backend::Jit).unwrap();
                assert_eq!(
                    fast.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                    at(Precision::Fast, Backend::Interpreter).unwrap().iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                    "{expr}: the back ends differ at Fast"
                );
                for (k, (&h, &v)) in high.iter().zip(&fast).enumerate() {
                    let d = ulp_distance(h, v, single);
                    assert!(d <= 5, "{expr} (float32: {single}) at {}: high {h:e}, fast {v:e}", x[k]);
                    let same = h.to_bits() == v.to_bits() || h.is_nan() && v.is_nan();
                    let special = |v: f64| v == 0.0 || !v.is_finite();
                    let at_special = k >= n && (special(x[k]) || expr.contains('y') && special(y[k]));
                    assert!(
                        !at_special || same,
                        "{expr} (float32: {single}) at ({}, {}): high {h:e}, fast {v:e}",
                        x[k],
                        y[k]
                    );
                    differ += (d > 0) as usize;
                }
            }
        }
    }
    // Some function is faster for being less exact: otherwise the mode would be a name only.
    assert!(differ > 0);
    let sig = [("x", DType::F64)];
    let fast = numjit::compile_with("tanh(x)", &sig, &Options { precision: Precision::Fast, ..Options::default() });
    assert_eq!(fast.unwrap().precision(), Precision::Fast);
    assert_eq!(numjit::compile("tanh(x)", &sig).unwrap().precision(), Precision::High);
}

/// float16 conversions, exhaustively at this process's vector width (`every_vector_width_gives_the_same_bits`
/// runs it at each): every float16 widened and written back (`float16(float32(h))`: the conversion
/// routines at 256 and 512 bits, Cranelift's integer code at 128), float32 and float64 values on, beside
/// and halfway between every pair of neighbouring float16s rounded (ties to even, overflow to inf,
/// subnormals), and operations rounded between them; the JIT against the interpreter, which converts with
/// the `half` crate.
#[test]
fn float16_conversions_match_the_interpreter() {
    use numjit::f16;
    let every: Vec<f16> = (0..=u16::MAX).map(f16::from_bits).collect();
    let reversed: Vec<f16> = every.iter().rev().copied().collect();
    let (mut f, mut a) = (Vec::new(), Vec::new());
    for bits in 0..0x7C00u16 {
        let (v, next) = (f16::from_bits(bits).to_f64(), f16::from_bits(bits + 1).to_f64());
        let mid = (v + next) / 2.0;
        for x in [v, mid, mid * (1.0 + f64::EPSILON), mid * (1.0 - f64::EPSILON)] {
            a.extend([x, -x]);
        }
        let mid32 = mid as f32;
        for x in [v as f32, mid32, f32::from_bits(mid32.to_bits() + 1), f32::from_bits(mid32.to_bits() - 1)] {
            f.extend([x, -x]);
        }
    }
    f.extend([f32::INFINITY, f32::NEG_INFINITY, f32::NAN, 65520.0, 1e30, f32::MIN_POSITIVE, 1e-45, -0.0]);
    a.extend([f64::INFINITY, f64::NAN, 65520.0, 1e300, 5e-324, -0.0, 65519.999999]);
    let (h, k) = (Array1::from(every).into_dyn(), Array1::from(reversed).into_dyn());
    let (f, a) = (Array1::from(f).into_dyn(), Array1::from(a).into_dyn());
    let mut vars = Vars::new();
    vars.insert("h", &h).insert("k", &k).insert("f", &f).insert("a", &a);
    for expr in ["float16(float32(h))", "float32(h)", "h * k + h", "sin(h) * 2", "sqrt(k) + float16(1)"] {
        eval_both(expr, &vars);
    }
    let copied = eval_both("float16(float32(h))", &vars).into_f16().unwrap();
    let kept = copied.iter().zip(&h).filter(|(x, y)| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()));
    assert_eq!(kept.count(), 65536, "every float16 comes back");
    // `where` selects float16 values in float32 and skips the rounding back (`Graph::holds_half`), but not
    // where one side is not a float16 value.
    let ff = f.slice(ndarray::s![..65536]).to_owned();
    vars.insert("ff", &ff);
    let mixed = ["where(h > k, h, k)", "where(h > 1, h, 0.1)", "float32(float16(where(h > 1, float32(h), ff)))"];
    for expr in ["float16(f)", "float16(a)", "float16(f) * float16(f)", "float16(a * 3)"].into_iter().chain(mixed) {
        eval_both(expr, &vars);
    }
}

/// `Kernel::shape` tells the result's shape, or the evaluation's error, without evaluating.
#[test]
fn shapes_are_known_before_evaluating() {
    let exprs = [
        "a + b",
        "sum(a, axis=1) + b",
        "a[1:, None] * b",
        "mean(a - max(b), axis=-1, keepdims=True)",
        "argmax(a, axis=0) + 1",
        "std(a[::2], axis=(0, 1))",
        "max(a[:0])",
        "sum(a[:0], axis=0)",
        "a[2] - b[..., -1]",
        "sum(a, axis=3)",
        "count_nonzero(a > b, axis=0) * b",
        "var(a * b, keepdims=True) + a",
    ];
    let shapes: [&[usize]; 7] = [&[3, 4], &[4], &[1, 4], &[3, 1], &[2, 3, 4], &[0, 4], &[]];
    let mut checked = (0, 0);
    for expr in exprs {
        for sa in shapes {
            for sb in shapes {
                let a =
                    ArrayD::<f64>::from_shape_fn(sa, |i| ndarray::Dimension::slice(&i).iter().sum::<usize>() as f64);
                let b = ArrayD::<f64>::ones(sb);
                let mut vars = Vars::new();
                vars.insert("a", &a).insert("b", &b);
                let k = numjit::compile(expr, &vars.signature()).unwrap();
                let shape = k.shape(&|n| vars.get(n).map(|v| v.shape().to_vec()));
                match (k.eval(&vars), shape) {
                    (Ok(r), Ok(s)) => {
                        assert_eq!(r.shape(), &s[..], "{expr} {sa:?} {sb:?}");
                        checked.0 += 1;
                    }
                    (Err(e), Err(f)) => {
                        assert_eq!(e.to_string(), f.to_string(), "{expr} {sa:?} {sb:?}");
                        checked.1 += 1;
                    }
                    (r, s) => panic!("{expr} {sa:?} {sb:?}: {r:?} vs {s:?}"),
                }
            }
        }
    }
    // Both outcomes are exercised.
    assert!(checked.0 > 100 && checked.1 > 100, "{checked:?}");
    let k = numjit::compile("a + b", &[("a", DType::F64), ("b", DType::F64)]).unwrap();
    let e = k.shape(&|n| (n == "a").then(|| vec![2])).unwrap_err();
    assert_eq!(e.to_string(), "error: the variable `b` was not given");
}
