//! The accuracy audit: every float function numjit computes, in float64 and float32, against MPFR's
//! correctly rounded result, over inputs spread across all magnitudes plus the special values. Prints a
//! table: function, dtype, maximum and mean error in ULPs of the result's format, and the worst input.
//!
//! `cargo run --release --features audit --example audit -- [N] [--precision high|fast] [FUNCTION...]`: N
//! inputs per function, dtype and precision (default 10^7; both precisions unless one is named); half
//! are any finite number (random bits, every binade alike), half lie in the function's interesting range
//! (uniform by binade). Needs libmpfr and libgmp (`apt install libmpfr-dev
//! libgmp-dev`). Not part of CI: the tests check every function against glibc on sampled ranges instead.

use std::time::Instant;

use ndarray::Array1;
use numjit::{Options, Precision, Vars};
use rayon::prelude::*;
use rug::ops::Pow;
use rug::Float;

/// MPFR's precision for the reference: far beyond float64's 53 bits.
const PREC: u32 = 160;

struct Func {
    name: &'static str,
    expr: &'static str,
    /// The range of the first (and second) argument where the function is interesting.
    x: (f64, f64),
    y: Option<(f64, f64)>,
    reference: fn(Float, &Float) -> Float,
}

fn funcs() -> Vec<Func> {
    let f = |name, expr, x, reference| Func { name, expr, x, y: None, reference };
    let g = |name, expr, x, y, reference| Func { name, expr, x, y: Some(y), reference };
    vec![
        f("sin", "sin(x)", (-1e6, 1e6), |x, _| x.sin()),
        f("cos", "cos(x)", (-1e6, 1e6), |x, _| x.cos()),
        f("tan", "tan(x)", (-1e6, 1e6), |x, _| x.tan()),
        f("arcsin", "arcsin(x)", (-1.0, 1.0), |x, _| x.asin()),
        f("arccos", "arccos(x)", (-1.0, 1.0), |x, _| x.acos()),
        f("arctan", "arctan(x)", (-1e10, 1e10), |x, _| x.atan()),
        f("sinh", "sinh(x)", (-720.0, 720.0), |x, _| x.sinh()),
        f("cosh", "cosh(x)", (-720.0, 720.0), |x, _| x.cosh()),
        f("tanh", "tanh(x)", (-30.0, 30.0), |x, _| x.tanh()),
        f("arcsinh", "arcsinh(x)", (-1e10, 1e10), |x, _| x.asinh()),
        f("arccosh", "arccosh(x)", (1.0, 1e10), |x, _| x.acosh()),
        f("arctanh", "arctanh(x)", (-1.0, 1.0), |x, _| x.atanh()),
        f("exp", "exp(x)", (-745.0, 710.0), |x, _| x.exp()),
        f("exp2", "exp2(x)", (-1075.0, 1024.0), |x, _| x.exp2()),
        f("expm1", "expm1(x)", (-40.0, 710.0), |x, _| x.exp_m1()),
        f("log", "log(x)", (0.0, 1e300), |x, _| x.ln()),
        f("log2", "log2(x)", (0.0, 1e300), |x, _| x.log2()),
        f("log10", "log10(x)", (0.0, 1e300), |x, _| x.log10()),
        f("log1p", "log1p(x)", (-1.0, 1e300), |x, _| x.ln_1p()),
        f("cbrt", "cbrt(x)", (-1e300, 1e300), |x, _| x.cbrt()),
        f("sqrt", "sqrt(x)", (0.0, 1e300), |x, _| x.sqrt()),
        g("arctan2", "arctan2(x, y)", (-1e10, 1e10), (-1e10, 1e10), |x, y| x.atan2(y)),
        g("hypot", "hypot(x, y)", (-1e300, 1e300), (-1e300, 1e300), |x, y| x.hypot(y)),
        g("power", "x ** y", (0.0, 1e10), (-300.0, 300.0), |x, y| x.pow(y)),
        g("fmod", "fmod(x, y)", (-1e10, 1e10), (-1e5, 1e5), |x, y| x % y),
    ]
}

/// xorshift64*: seeded, so every run audits the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Any finite float64, every binade alike (subnormals included).
    fn any(&mut self) -> f64 {
        loop {
            let v = f64::from_bits(self.next());
            if v.is_finite() {
                return v;
            }
        }
    }

    /// A number in `[lo, hi]`, uniform by binade between 2^-60 (or the smallest magnitude) and the largest.
    fn within(&mut self, (lo, hi): (f64, f64)) -> f64 {
        let top = lo.abs().max(hi.abs()).log2().ceil() as i32;
        loop {
            let e = -60 + (self.next() % (top + 61) as u64) as i32;
            let m = 1.0 + (self.next() >> 11) as f64 / (1u64 << 53) as f64;
            let sign = if self.next() & 1 == 0 { 1.0 } else { -1.0 };
            let v = sign * m * 2f64.powi(e);
            if v >= lo && v <= hi {
                return v;
            }
        }
    }
}

/// The inputs for one argument: the special values, points near multiples of pi/2, a dense sweep of
/// [-4, 4], then half anywhere and half in `range`.
fn inputs(n: usize, range: (f64, f64), seed: u64) -> Vec<f64> {
    let mut v = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        -0.5,
        2.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::MIN_POSITIVE,
        5e-324,
        f64::MAX,
        -f64::MAX,
        range.0,
        range.1,
    ];
    // Near multiples of pi/2, where argument reduction cancels most: the nearest float64 and its neighbours
    // (and, in float32, the nearest float32, which the caller rounds to).
    for k in (1..=3000).chain((1..=3000).map(|k| k * 211)) {
        let m = k as f64 * std::f64::consts::FRAC_PI_2;
        for x in [m, f64::from_bits(m.to_bits() + 1), f64::from_bits(m.to_bits() - 1), -m] {
            v.push(x);
        }
    }
    // A dense, even sweep of [-4, 4] within the range, where most algorithms switch between branches.
    let sweep = 1 << 18;
    for k in 0..=sweep {
        let x = -4.0 + 8.0 * k as f64 / sweep as f64;
        if x >= range.0 && x <= range.1 {
            v.push(x);
        }
    }
    let mut rng = Rng(seed | 1);
    while v.len() < n {
        let x = if v.len() % 2 == 0 { rng.any() } else { rng.within(range) };
        v.push(x);
    }
    v
}

/// The error of `got` against the exact `exact`, in ULPs of a format with `mant` fraction bits and
/// smallest normal exponent `emin`; `rounded` is `exact` rounded to that format.
fn ulps(got: f64, rounded: f64, exact: &Float, mant: i32, emin: i32) -> f64 {
    match (got.is_nan(), exact.is_nan()) {
        (true, true) => return 0.0,
        (true, false) | (false, true) => return f64::INFINITY,
        _ => {}
    }
    if got.is_infinite() || rounded.is_infinite() {
        return if got == rounded { 0.0 } else { f64::INFINITY };
    }
    // An exact value of 2^e * m, m in [0.5, 1): its binade's ULP is 2^(e - 1 - mant), at least the subnormal step.
    let e = exact.get_exp().map_or(emin, |e| (e - 1).max(emin));
    let diff = Float::with_val(PREC, got - exact).abs();
    (diff << (mant - e)).to_f64()
}

struct Row {
    max: f64,
    sum: f64,
    count: usize,
    worst: (f64, f64),
}

fn audit(f: &Func, n: usize, single: bool, precision: Precision) -> Row {
    let xs = inputs(n, f.x, 0x5EED ^ f.name.len() as u64 ^ (f.name.as_bytes()[0] as u64) << 8);
    let ys = f.y.map(|r| inputs(n, r, 0xA11CE ^ f.name.as_bytes()[1] as u64));
    let (xs, ys): (Vec<f64>, Option<Vec<f64>>) = if single {
        (xs.iter().map(|&v| v as f32 as f64).collect(), ys.map(|y| y.iter().map(|&v| v as f32 as f64).collect()))
    } else {
        (xs, ys)
    };
    let got: Vec<f64> = {
        let mut vars = Vars::new();
        let (x64, y64) = (Array1::from(xs.clone()), ys.clone().map(Array1::from));
        let (x32, y32) = (x64.mapv(|v| v as f32), y64.as_ref().map(|y| y.mapv(|v| v as f32)));
        if single {
            vars.insert("x", &x32);
            if let Some(y) = &y32 {
                vars.insert("y", y);
            }
        } else {
            vars.insert("x", &x64);
            if let Some(y) = &y64 {
                vars.insert("y", y);
            }
        }
        let opts = Options { precision, ..Options::default() };
        let out = numjit::evaluate_with(f.expr, &vars, &opts).unwrap_or_else(|e| panic!("{}: {e}", f.expr));
        if single {
            out.into_f32().unwrap().iter().map(|&v| v as f64).collect()
        } else {
            out.into_f64().unwrap().iter().copied().collect()
        }
    };
    let (mant, emin) = if single { (23, -126) } else { (52, -1022) };
    let idx: Vec<usize> = (0..xs.len()).collect();
    idx.par_chunks(4096)
        .map(|chunk| {
            let mut row = Row { max: 0.0, sum: 0.0, count: 0, worst: (f64::NAN, f64::NAN) };
            for &i in chunk {
                let x = Float::with_val(PREC, xs[i]);
                let y = Float::with_val(PREC, ys.as_ref().map_or(0.0, |y| y[i]));
                let exact = (f.reference)(x, &y);
                let rounded = if single { exact.to_f32() as f64 } else { exact.to_f64() };
                let err = ulps(got[i], rounded, &exact, mant, emin);
                if err > row.max || (row.count == 0 && err.is_nan()) {
                    row.max = err;
                    row.worst = (xs[i], ys.as_ref().map_or(f64::NAN, |y| y[i]));
                }
                if err.is_finite() {
                    row.sum += err;
                }
                row.count += 1;
            }
            row
        })
        .reduce(
            || Row { max: 0.0, sum: 0.0, count: 0, worst: (f64::NAN, f64::NAN) },
            |a, b| Row {
                max: a.max.max(b.max),
                sum: a.sum + b.sum,
                count: a.count + b.count,
                worst: if b.max > a.max { b.worst } else { a.worst },
            },
        )
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse::<f64>().ok()).map_or(10_000_000, |v| v as usize);
    let mut only: Vec<String> = args.collect();
    let mut precisions = vec![Precision::High, Precision::Fast];
    if let Some(k) = only.iter().position(|a| a == "--precision") {
        let name = only.get(k + 1).cloned().unwrap_or_default();
        precisions = vec![Precision::from_name(&name).expect("--precision high or fast")];
        only.drain(k..=k + 1);
    }
    println!("numjit accuracy audit: {n} inputs per function, dtype and precision, against MPFR at {PREC} bits");
    println!("| function | dtype | precision | max ULP | mean ULP | worst input |");
    println!("|---|---|---|---|---|---|");
    let runs = [false, true].into_iter().flat_map(|single| precisions.iter().map(move |&p| (single, p)));
    let runs: Vec<(bool, Precision)> = runs.collect();
    for f in funcs().iter().filter(|f| only.is_empty() || only.iter().any(|o| o == f.name)) {
        for &(single, precision) in &runs {
            let t = Instant::now();
            let r = audit(f, n, single, precision);
            let worst =
                if f.y.is_some() { format!("({:e}, {:e})", r.worst.0, r.worst.1) } else { format!("{:e}", r.worst.0) };
            println!(
                "| `{}` | {} | {} | {:.3} | {:.4} | {} |  ({:.1?})",
                f.name,
                if single { "float32" } else { "float64" },
                precision.name(),
                r.max,
                r.sum / r.count as f64,
                worst,
                t.elapsed()
            );
        }
    }
}
