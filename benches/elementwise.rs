//! Elementwise kernels: the JIT against the reference interpreter and against hand-written ndarray
//! loops (`Zip` on one thread, `par_azip!` on a pool), at several sizes and thread counts, plus the
//! broadcast and strided cases where the JIT's executor gathers. Outputs are allocated once and reused.
//!
//! `cargo bench --bench elementwise`; `-- 'a\*b'` filters by name.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ndarray::{par_azip, Array1, Array2, Zip};
use numjit::{Backend, DType, Options, Vars};

mod common;
use common::uniform;

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
}

/// One expression: numjit (JIT, and the interpreter at small sizes) against its hand-written loop.
fn bench_expr(
    c: &mut Criterion,
    name: &str,
    expr: &str,
    hand: fn(&mut Array1<f64>, [&Array1<f64>; 4]),
    hand_par: fn(&mut Array1<f64>, [&Array1<f64>; 4]),
) {
    let mut g = c.benchmark_group(name);
    for n in [1_000usize, 100_000, 10_000_000] {
        let ins: Vec<Array1<f64>> = (0..4).map(|k| uniform(n, k + 1)).collect();
        let arrays = [&ins[0], &ins[1], &ins[2], &ins[3]];
        let mut vars = Vars::new();
        for (name, a) in ["a", "b", "c", "d"].iter().zip(&ins) {
            vars.insert(*name, a);
        }
        let sig: Vec<(&str, DType)> = vars.signature();
        let jit = numjit::compile(expr, &sig).unwrap();
        let mut out = Array1::<f64>::zeros(n);
        g.throughput(Throughput::Elements(n as u64));
        // One thread: the calling thread. All threads: rayon's global pool, for numjit and par_azip alike.
        let all = rayon::current_num_threads();
        for (threads, label) in [(Some(1), "1t".to_owned()), (None, format!("{all}t"))] {
            let opts = Options { threads, ..Options::default() };
            g.bench_with_input(BenchmarkId::new(format!("jit/{label}"), n), &n, |bch, _| {
                bch.iter(|| jit.eval_into_with(&vars, &mut out, &opts).unwrap())
            });
            let f = if threads == Some(1) { hand } else { hand_par };
            g.bench_with_input(BenchmarkId::new(format!("ndarray/{label}"), n), &n, |bch, _| {
                bch.iter(|| f(&mut out, arrays))
            });
        }
        if n <= 100_000 {
            let opts = Options { threads: Some(1), backend: Backend::Interpreter, ..Options::default() };
            let interp = numjit::compile_with(expr, &sig, &opts).unwrap();
            g.bench_with_input(BenchmarkId::new("interpreter/1t", n), &n, |bch, _| {
                bch.iter(|| interp.eval_into_with(&vars, &mut out, &opts).unwrap())
            });
        }
    }
    g.finish();
}

fn elementwise(c: &mut Criterion) {
    bench_expr(
        c,
        "2*a+3*b-c",
        "2*a + 3*b - c",
        |o, [a, b, c, _]| Zip::from(o).and(a).and(b).and(c).for_each(|o, &a, &b, &c| *o = 2.0 * a + 3.0 * b - c),
        |o, [a, b, c, _]| par_azip!((o in o, &a in a, &b in b, &c in c) *o = 2.0 * a + 3.0 * b - c),
    );
    bench_expr(
        c,
        "a*b+c*d",
        "a*b + c*d",
        |o, [a, b, c, d]| Zip::from(o).and(a).and(b).and(c).and(d).for_each(|o, &a, &b, &c, &d| *o = a * b + c * d),
        |o, [a, b, c, d]| par_azip!((o in o, &a in a, &b in b, &c in c, &d in d) *o = a * b + c * d),
    );
    bench_expr(
        c,
        "where(a>0.5,a,b)",
        "where(a > 0.5, a, b)",
        |o, [a, b, _, _]| Zip::from(o).and(a).and(b).for_each(|o, &a, &b| *o = if a > 0.5 { a } else { b }),
        |o, [a, b, _, _]| par_azip!((o in o, &a in a, &b in b) *o = if a > 0.5 { a } else { b }),
    );
}

/// Inputs that need the executor's gathering: a broadcast row and column, and a transposed matrix.
fn layouts(c: &mut Criterion) {
    let mut g = c.benchmark_group("layouts");
    let n = 3000;
    let m = Array2::from_shape_vec((n, n), uniform(n * n, 5).to_vec()).unwrap();
    let row = uniform(n, 6);
    let col = uniform(n, 7).into_shape_with_order((n, 1)).unwrap();
    let mut out = Array2::<f64>::zeros((n, n));
    g.throughput(Throughput::Elements((n * n) as u64));
    for threads in [1usize, rayon::current_num_threads()] {
        let p = pool(threads);
        let opts = Options { threads: Some(threads), ..Options::default() };
        let mut vars = Vars::new();
        vars.insert("r", &row).insert("c", &col).insert("t", m.t());
        let bc = numjit::compile("2*r + 3*c", &vars.signature()).unwrap();
        g.bench_function(format!("broadcast 2*r+3*c/jit/{threads}t"), |b| {
            b.iter(|| bc.eval_into_with(&vars, &mut out, &opts).unwrap())
        });
        let rb = row.broadcast((n, n)).unwrap();
        let cb = col.broadcast((n, n)).unwrap();
        g.bench_function(format!("broadcast 2*r+3*c/ndarray/{threads}t"), |b| {
            b.iter(|| p.install(|| par_azip!((o in &mut out, &r in &rb, &c in &cb) *o = 2.0 * r + 3.0 * c)))
        });
        let tk = numjit::compile("t*t + 1", &vars.signature()).unwrap();
        g.bench_function(format!("transposed t*t+1/jit/{threads}t"), |b| {
            b.iter(|| tk.eval_into_with(&vars, &mut out, &opts).unwrap())
        });
        let t = m.t();
        g.bench_function(format!("transposed t*t+1/ndarray/{threads}t"), |b| {
            b.iter(|| p.install(|| par_azip!((o in &mut out, &t in &t) *o = t * t + 1.0)))
        });
        let big = uniform(2 * n * n, 8);
        let s = big.slice(ndarray::s![..;2]);
        let mut flat = Array1::<f64>::zeros(n * n);
        let mut sv = Vars::new();
        sv.insert("s", s);
        let sk = numjit::compile("s*s + 1", &sv.signature()).unwrap();
        g.bench_function(format!("strided s*s+1/jit/{threads}t"), |b| {
            b.iter(|| sk.eval_into_with(&sv, &mut flat, &opts).unwrap())
        });
        g.bench_function(format!("strided s*s+1/ndarray/{threads}t"), |b| {
            b.iter(|| p.install(|| par_azip!((o in &mut flat, &s in &s) *o = s * s + 1.0)))
        });
    }
    g.finish();
}

/// The cost of a cached `evaluate` call on a small array (compile once, then hash and look up).
fn small_calls(c: &mut Criterion) {
    let a = uniform(1000, 1);
    let b = uniform(1000, 2);
    let mut vars = Vars::new();
    vars.insert("a", &a).insert("b", &b);
    c.bench_function("evaluate 2*a+3*b n=1000 (cached)", |bch| {
        bch.iter(|| numjit::evaluate("2*a + 3*b", &vars).unwrap())
    });
    let expr = "where(a > 0.5, sqrt(a) * 2 + b, minimum(a, b) - abs(b - 0.25)) * (a + b) / (1 + a*a)";
    c.bench_function("compile a 20-node expression", |bch| {
        bch.iter(|| numjit::compile(expr, &[("a", DType::F64), ("b", DType::F64)]).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = elementwise, layouts, small_calls
}
criterion_main!(benches);
