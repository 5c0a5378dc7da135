//! The inline vector math against a scalar loop over Rust's std (the platform libm): each function at
//! 10^6 elements on one thread, float64 and float32, and `sin(a)+cos(a)` at 10^7 on all threads.
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

/// A function's name in expressions and its std versions.
type Func = (&'static str, fn(f64) -> f64, fn(f32) -> f32);

fn per_function(c: &mut Criterion) {
    let n = 1_000_000;
    let a = inputs(n);
    let af = a.mapv(|v| v as f32);
    let one = Options { threads: Some(1), ..Options::default() };
    let mut g = c.benchmark_group("vmath 1 thread n=1e6");
    g.throughput(Throughput::Elements(n as u64));
    let funcs: [Func; 4] = [
        ("sin", f64::sin, f32::sin),
        ("cos", f64::cos, f32::cos),
        ("exp", f64::exp, f32::exp),
        ("log", f64::ln, f32::ln),
    ];
    for (name, f, ff) in funcs {
        let expr = format!("{name}(a)");
        let mut vars = Vars::new();
        vars.insert("a", &a);
        let k = numjit::compile(&expr, &vars.signature()).unwrap();
        let mut out = Array1::<f64>::zeros(n);
        g.bench_function(format!("{name} f64/numjit"), |b| b.iter(|| k.eval_into_with(&vars, &mut out, &one).unwrap()));
        g.bench_function(format!("{name} f64/std"), |b| {
            b.iter(|| Zip::from(&mut out).and(&a).for_each(|o, &x| *o = f(x)))
        });
        let mut vf = Vars::new();
        vf.insert("a", &af);
        let kf = numjit::compile(&expr, &vf.signature()).unwrap();
        let mut outf = Array1::<f32>::zeros(n);
        g.bench_function(format!("{name} f32/numjit"), |b| b.iter(|| kf.eval_into_with(&vf, &mut outf, &one).unwrap()));
        g.bench_function(format!("{name} f32/std"), |b| {
            b.iter(|| Zip::from(&mut outf).and(&af).for_each(|o, &x| *o = ff(x)))
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
