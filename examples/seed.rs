//! The seed workloads: `x**2`, `sin(a) + cos(a)` on a 10000x10000 float64 array, `2*a + 3*b - c`, `sum(a)`
//! over the whole array, and the count of numbers in [4, 8] in each row of a 200000x5 int64 matrix, with
//! their results and times. Run with `cargo run --release --example seed` (about 3.5 GB of memory);
//! pass a smaller side length as the first argument for a quick run.

use std::time::Instant;

use ndarray::{Array2, ArrayD};
use numjit::{DType, Vars};

/// Seeded uniform numbers in [0, 1) (xorshift64*), so runs are repeatable without a dependency.
fn uniform(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    Array2::from_shape_simple_fn((rows, cols), || {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        (s.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    })
}

fn show(name: &str, out: &ArrayD<f64>) {
    let flat = out.as_slice().expect("results are C-contiguous");
    let sum: f64 = flat.iter().sum();
    println!(
        "  {name}: shape {:?}, first {:.6}, last {:.6}, mean {:.6}",
        out.shape(),
        flat[0],
        flat[flat.len() - 1],
        sum / flat.len() as f64
    );
}

fn main() -> std::process::ExitCode {
    let side = match side(std::env::args().nth(1).as_deref()) {
        Ok(side) => side,
        Err(usage) => {
            eprintln!("{usage}");
            return std::process::ExitCode::from(2);
        }
    };
    // Four inputs and two results of side x side float64 at once.
    let need = 6 * 8 * (side as u128).pow(2);
    if let Some(available) = available_memory().filter(|&m| need > m) {
        eprintln!(
            "seed {side}: needs {:.1} GB of memory, more than the {:.1} GB available",
            need as f64 / 1e9,
            available as f64 / 1e9
        );
        return std::process::ExitCode::from(1);
    }
    match run(side) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            std::process::ExitCode::from(1)
        }
    }
}

/// The side length from the first argument: 10000 without one, else an integer from 1 to 100000.
fn side(arg: Option<&str>) -> Result<usize, String> {
    match arg.map(str::parse::<usize>) {
        None => Ok(10_000),
        Some(Ok(side)) if (1..=100_000).contains(&side) => Ok(side),
        Some(_) => Err(format!(
            "usage: seed [SIDE]: SIDE, the side of the square inputs, is an integer from 1 to 100000, not `{}`",
            arg.unwrap_or_default()
        )),
    }
}

/// The bytes of memory available now (Linux's `MemAvailable`), where the system says.
fn available_memory() -> Option<u128> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kib =
        info.lines().find_map(|l| l.strip_prefix("MemAvailable:"))?.split_whitespace().next()?.parse::<u128>().ok()?;
    Some(kib * 1024)
}

fn run(side: usize) -> Result<(), numjit::Error> {
    println!("numjit seed workloads on {side}x{side} float64, {} threads", rayon::current_num_threads());
    println!("  target: {}", numjit::host_description());
    let t = Instant::now();
    let (x, a, b, c) = (uniform(side, side, 1), uniform(side, side, 2), uniform(side, side, 3), uniform(side, side, 4));
    println!("  inputs generated in {:.2?}", t.elapsed());
    let mut vars = Vars::new();
    vars.insert("x", &x).insert("a", &a).insert("b", &b).insert("c", &c);

    for expr in ["x**2", "sin(a) + cos(a)", "2*a + 3*b - c"] {
        let sig: Vec<(&str, DType)> = vars.signature();
        let t = Instant::now();
        let kernel = numjit::compile(expr, &sig)?;
        let compile = t.elapsed();
        // The first run touches fresh output memory; the second shows the steady state.
        let t = Instant::now();
        let out = kernel.eval(&vars)?.into_f64()?;
        let first = t.elapsed();
        let mut again = out.clone();
        let t = Instant::now();
        kernel.eval_into(&vars, &mut again)?;
        let steady = t.elapsed();
        println!("{expr}: compile {compile:.2?}, first run {first:.2?}, into a reused output {steady:.2?}");
        show("result", &out);
    }

    let k = numjit::compile("sum(a)", &vars.signature())?;
    let t = Instant::now();
    let total = k.eval(&vars)?.into_f64()?;
    let first = t.elapsed();
    let t = Instant::now();
    let total_again = k.eval(&vars)?.into_f64()?;
    println!(
        "sum(a): {:.6} (mean {:.6}), first run {first:.2?}, again {:.2?}",
        total[[]],
        total[[]] / (side * side) as f64,
        t.elapsed()
    );
    assert_eq!(total, total_again, "reductions are deterministic");

    let rows = Array2::from_shape_fn((200_000, 5), |(i, j)| ((i * 7919 + j * 104_729) % 10) as i64);
    let mut vars = Vars::new();
    vars.insert("x", &rows);
    let expr = "sum((x >= 4) & (x <= 8), axis=1)";
    let k = numjit::compile(expr, &vars.signature())?;
    let t = Instant::now();
    let counts = k.eval(&vars)?.into_i64()?;
    let first = t.elapsed();
    let mut again = counts.clone();
    let t = Instant::now();
    k.eval_into(&vars, &mut again)?;
    let steady = t.elapsed();
    let head: Vec<i64> = counts.iter().take(8).copied().collect();
    println!("{expr} on 200000x5 int64: first run {first:.2?}, into a reused output {steady:.2?}");
    println!("  counts: shape {:?}, first {head:?}, total {}", counts.shape(), counts.sum());
    Ok(())
}
