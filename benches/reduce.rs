//! Reductions against the machine: a STREAM-like read benchmark (a hand-written, unrolled parallel sum
//! that does nothing but read; for two arrays, one after the other (`read2`) and side by side as a dot
//! product (`dot`)) gives the read bandwidth, and numjit's `sum(a)`, `sum(a*b)`, `max(a)` and
//! `std(a)` at 10^8 float64 are measured beside it, with the same thread counts. Then the seed workload,
//! `sum((x >= 4) & (x <= 8), axis=1)` over 200000x5 int64, against a hand-written ndarray loop.
//!
//! `cargo bench --bench reduce`; `-- stream` filters by name. Set `NUMJIT_BENCH_N` for another size.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ndarray::{Array2, Axis};
use numjit::{Options, Vars};
use rayon::prelude::*;

mod common;
use common::uniform;

/// Reads every element once, with eight independent accumulators: as fast as memory delivers.
fn read_sum(xs: &[f64]) -> f64 {
    let mut r = [0.0f64; 8];
    let mut chunks = xs.chunks_exact(8);
    for c in &mut chunks {
        for k in 0..8 {
            r[k] += c[k];
        }
    }
    r.iter().sum::<f64>() + chunks.remainder().iter().sum::<f64>()
}

/// The dot product of two slices, unrolled the same way: two streams read side by side, as `sum(a*b)` does.
fn dot(xs: &[f64], ys: &[f64]) -> f64 {
    let mut r = [0.0f64; 8];
    let (mut cx, mut cy) = (xs.chunks_exact(8), ys.chunks_exact(8));
    for (x, y) in (&mut cx).zip(&mut cy) {
        for k in 0..8 {
            r[k] += x[k] * y[k];
        }
    }
    r.iter().sum::<f64>() + cx.remainder().iter().zip(cy.remainder()).map(|(x, y)| x * y).sum::<f64>()
}

fn bandwidth(c: &mut Criterion) {
    let n: usize = std::env::var("NUMJIT_BENCH_N").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000_000);
    let a = uniform(n, 1);
    let b = uniform(n, 2);
    let mut vars = Vars::new();
    vars.insert("a", &a).insert("b", &b);
    let mut g = c.benchmark_group("stream");
    g.sample_size(10).measurement_time(Duration::from_secs(6)).warm_up_time(Duration::from_secs(2));
    g.throughput(Throughput::Bytes(8 * n as u64));
    for threads in [1usize, rayon::current_num_threads()] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let sa = a.as_slice().unwrap();
        g.bench_with_input(BenchmarkId::new("read", format!("{threads}t")), &n, |bch, _| {
            bch.iter(|| pool.install(|| sa.par_chunks(1 << 16).map(read_sum).sum::<f64>()))
        });
        let opts = Options { threads: Some(threads), ..Options::default() };
        for expr in ["sum(a)", "max(a)", "mean(a)"] {
            let k = numjit::compile(expr, &vars.signature()).unwrap();
            g.bench_with_input(BenchmarkId::new(expr, format!("{threads}t")), &n, |bch, _| {
                bch.iter(|| k.eval_with(&vars, &opts).unwrap())
            });
        }
    }
    g.throughput(Throughput::Bytes(16 * n as u64));
    for threads in [1usize, rayon::current_num_threads()] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let (sa, sb) = (a.as_slice().unwrap(), b.as_slice().unwrap());
        g.bench_with_input(BenchmarkId::new("read2", format!("{threads}t")), &n, |bch, _| {
            bch.iter(|| {
                pool.install(|| {
                    sa.par_chunks(1 << 16)
                        .zip(sb.par_chunks(1 << 16))
                        .map(|(x, y)| read_sum(x) + read_sum(y))
                        .sum::<f64>()
                })
            })
        });
        g.bench_with_input(BenchmarkId::new("dot", format!("{threads}t")), &n, |bch, _| {
            bch.iter(|| {
                pool.install(|| sa.par_chunks(1 << 16).zip(sb.par_chunks(1 << 16)).map(|(x, y)| dot(x, y)).sum::<f64>())
            })
        });
        let opts = Options { threads: Some(threads), ..Options::default() };
        for expr in ["sum(a*b)", "std(a)"] {
            let k = numjit::compile(expr, &vars.signature()).unwrap();
            g.bench_with_input(BenchmarkId::new(expr, format!("{threads}t")), &n, |bch, _| {
                bch.iter(|| k.eval_with(&vars, &opts).unwrap())
            });
        }
    }
    g.finish();
}

fn rows(c: &mut Criterion) {
    let x = Array2::from_shape_fn((200_000, 5), |(i, j)| ((i * 7 + j * 13) % 10) as i64);
    let mut vars = Vars::new();
    vars.insert("x", &x);
    let mut g = c.benchmark_group("rows");
    g.throughput(Throughput::Elements(1_000_000));
    let expr = "sum((x >= 4) & (x <= 8), axis=1)";
    let k = numjit::compile(expr, &vars.signature()).unwrap();
    for threads in [1usize, rayon::current_num_threads()] {
        let opts = Options { threads: Some(threads), ..Options::default() };
        g.bench_with_input(BenchmarkId::new("jit", format!("{threads}t")), &threads, |bch, _| {
            bch.iter(|| k.eval_with(&vars, &opts).unwrap())
        });
    }
    g.bench_function("ndarray/1t", |bch| {
        bch.iter(|| x.map_axis(Axis(1), |r| r.iter().filter(|&&v| (4..=8).contains(&v)).count() as i64))
    });
    g.finish();
}

criterion_group!(benches, bandwidth, rows);
criterion_main!(benches);
