//! The inline vector math against a scalar loop over Rust's std (the platform libm): each function at
//! 10^6 elements on one thread, float64 and float32, and `sin(a)+cos(a)` at 10^7 on all threads.
//! Inputs lie where each function is defined and not trivial (`arcsin` in (-1, 1), `arccosh` above 1).
//!
//! `cargo bench --bench vmath`.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ndarray::{par_azip, Array1, Zip};
use numjit::{Options, Vars};

fn inputs(n: usize) -> Array1<f64> {
    // Spread over the ranges these functions are used on: (0, 20).
    Array1::from_shape_fn(n, |i| ((i as f64 * 0.618_033_988_749_895) % 1.0) * 20.0 + 1e-3)
}

/// A function's expression over `a` (and `b`), its std versions, and how to map the (0, 20) inputs into
/// its domain.
struct Func {
    expr: &'static str,
    f64: fn(f64, f64) -> f64,
    f32: fn(f32, f32) -> f32,
    domain: fn(f64) -> f64,
}

fn funcs() -> Vec<Func> {
    let id = |x: f64| x;
    let unit = |x: f64| x / 10.0 - 0.999;
    let f = |expr, f64: fn(f64, f64) -> f64, f32: fn(f32, f32) -> f32, domain| Func { expr, f64, f32, domain };
    vec![
        f("sin(a)", |x, _| x.sin(), |x, _| x.sin(), id),
        f("cos(a)", |x, _| x.cos(), |x, _| x.cos(), id),
        f("tan(a)", |x, _| x.tan(), |x, _| x.tan(), id),
        f("arcsin(a)", |x, _| x.asin(), |x, _| x.asin(), unit),
        f("arccos(a)", |x, _| x.acos(), |x, _| x.acos(), unit),
        f("arctan(a)", |x, _| x.atan(), |x, _| x.atan(), id),
        f("sinh(a)", |x, _| x.sinh(), |x, _| x.sinh(), id),
        f("cosh(a)", |x, _| x.cosh(), |x, _| x.cosh(), id),
        f("tanh(a)", |x, _| x.tanh(), |x, _| x.tanh(), id),
        f("arcsinh(a)", |x, _| x.asinh(), |x, _| x.asinh(), id),
        f("arccosh(a)", |x, _| x.acosh(), |x, _| x.acosh(), |x| x + 1.0),
        f("arctanh(a)", |x, _| x.atanh(), |x, _| x.atanh(), unit),
        f("exp(a)", |x, _| x.exp(), |x, _| x.exp(), id),
        f("exp2(a)", |x, _| x.exp2(), |x, _| x.exp2(), id),
        f("expm1(a)", |x, _| x.exp_m1(), |x, _| x.exp_m1(), unit),
        f("log(a)", |x, _| x.ln(), |x, _| x.ln(), id),
        f("log2(a)", |x, _| x.log2(), |x, _| x.log2(), id),
        f("log10(a)", |x, _| x.log10(), |x, _| x.log10(), id),
        f("log1p(a)", |x, _| x.ln_1p(), |x, _| x.ln_1p(), id),
        f("cbrt(a)", |x, _| x.cbrt(), |x, _| x.cbrt(), id),
        f("arctan2(a, b)", |x, y| x.atan2(y), |x, y| x.atan2(y), id),
        f("hypot(a, b)", |x, y| x.hypot(y), |x, y| x.hypot(y), id),
        f("a ** b", |x, y| x.powf(y), |x, y| x.powf(y), |x| x / 4.0),
    ]
}

fn per_function(c: &mut Criterion) {
    let n = 1_000_000;
    let raw = inputs(n);
    let one = Options { threads: Some(1), ..Options::default() };
    let mut g = c.benchmark_group("vmath 1 thread n=1e6");
    g.throughput(Throughput::Elements(n as u64));
    for func in funcs() {
        let a = raw.mapv(func.domain);
        let b = a.iter().rev().copied().collect::<Array1<f64>>();
        let (af, bf) = (a.mapv(|v| v as f32), b.mapv(|v| v as f32));
        let (f, ff) = (func.f64, func.f32);
        let mut vars = Vars::new();
        vars.insert("a", &a).insert("b", &b);
        let k = numjit::compile(func.expr, &vars.signature()).unwrap();
        let mut out = Array1::<f64>::zeros(n);
        g.bench_function(format!("{} f64/numjit", func.expr), |t| {
            t.iter(|| k.eval_into_with(&vars, &mut out, &one).unwrap())
        });
        let binary = func.expr.contains('b');
        g.bench_function(format!("{} f64/std", func.expr), |t| {
            if binary {
                t.iter(|| Zip::from(&mut out).and(&a).and(&b).for_each(|o, &x, &y| *o = f(x, y)))
            } else {
                t.iter(|| Zip::from(&mut out).and(&a).for_each(|o, &x| *o = f(x, 0.0)))
            }
        });
        let mut vf = Vars::new();
        vf.insert("a", &af).insert("b", &bf);
        let kf = numjit::compile(func.expr, &vf.signature()).unwrap();
        let mut outf = Array1::<f32>::zeros(n);
        g.bench_function(format!("{} f32/numjit", func.expr), |t| {
            t.iter(|| kf.eval_into_with(&vf, &mut outf, &one).unwrap())
        });
        g.bench_function(format!("{} f32/std", func.expr), |t| {
            if binary {
                t.iter(|| Zip::from(&mut outf).and(&af).and(&bf).for_each(|o, &x, &y| *o = ff(x, y)))
            } else {
                t.iter(|| Zip::from(&mut outf).and(&af).for_each(|o, &x| *o = ff(x, 0.0)))
            }
        });
    }
    g.finish();
}

fn sin_plus_cos(c: &mut Criterion) {
    let n = 10_000_000;
    let a = inputs(n);
    let mut vars = Vars::new();
    vars.insert("a", &a);
    let k = numjit::compile("sin(a) + cos(a)", &vars.signature()).unwrap();
    let mut out = Array1::<f64>::zeros(n);
    let mut g = c.benchmark_group("sin(a)+cos(a) n=1e7 all threads");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("numjit", |b| b.iter(|| k.eval_into(&vars, &mut out).unwrap()));
    g.bench_function("std par_azip", |b| b.iter(|| par_azip!((o in &mut out, &x in &a) *o = x.sin() + x.cos())));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(2));
    targets = per_function, sin_plus_cos
}
criterion_main!(benches);
