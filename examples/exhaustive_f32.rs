//! Every float32 input of a float function, through the public API (the JIT's vector code and its cold
//! lanes), against the platform's float64 function: the float64 reference is within about 2^-29 of a
//! float32 ulp, so the figures are float32 errors to that precision, with no MPFR needed. Prints, per
//! function and precision, the largest error in float32 ulps, its input, and how many inputs are more
//! than one ulp off.
//!
//! `cargo run --release --example exhaustive_f32 -- [--precision high|fast] [--positive] FUNCTION...`
//! (functions: `tanh sinh cosh arcsinh arccosh arctanh exp expm1 log log1p sin cos tan arctan`); all
//! 2^32 bit patterns, or the 2^31 non-negative ones with `--positive` (for odd and even functions).
//! About a minute per function and precision on two cores.

use numjit::{DynArray, Options, Precision, Vars};
use rayon::prelude::*;

/// The float64 reference of each function the tool knows.
fn reference(name: &str) -> Option<fn(f64) -> f64> {
    Some(match name {
        "tanh" => f64::tanh,
        "sinh" => f64::sinh,
        "cosh" => f64::cosh,
        "arcsinh" => f64::asinh,
        "arccosh" => f64::acosh,
        "arctanh" => f64::atanh,
        "exp" => f64::exp,
        "expm1" => f64::exp_m1,
        "log" => f64::ln,
        "log1p" => f64::ln_1p,
        "sin" => f64::sin,
        "cos" => f64::cos,
        "tan" => f64::tan,
        "arctan" => f64::atan,
        _ => return None,
    })
}

/// The error of `got` in float32 ulps of the exact value `want` (infinite where one is NaN and the other
/// is not, or where an infinity is missed).
fn ulps(got: f32, want: f64) -> f64 {
    if got.is_nan() || want.is_nan() {
        return if got.is_nan() && want.is_nan() { 0.0 } else { f64::INFINITY };
    }
    let rounded = want as f32;
    if got.is_infinite() || rounded.is_infinite() {
        return if got == rounded { 0.0 } else { f64::INFINITY };
    }
    let m = want.abs().max(f32::MIN_POSITIVE as f64);
    let ulp = 2f64.powi(m.log2().floor() as i32 - 23);
    (got as f64 - want).abs() / ulp
}

/// The largest error over one chunk of bit patterns, its input, and the count of inputs above one ulp.
fn chunk(name: &str, f: fn(f64) -> f64, opts: &Options, bits: std::ops::Range<u64>) -> (f64, f32, u64) {
    let xs = ndarray::Array1::from_iter(bits.map(|b| f32::from_bits(b as u32)));
    let mut vars = Vars::new();
    vars.insert("x", &xs);
    let text = format!("{name}(x)");
    let got = match numjit::evaluate_with(&text, &vars, opts).expect("a float function evaluates") {
        DynArray::F32(r) => r,
        other => panic!("{text} gave {other:?}"),
    };
    let mut worst = (0.0, 0.0f32, 0);
    for (&x, &g) in xs.iter().zip(got.iter()) {
        let u = ulps(g, f(x as f64));
        if u > 1.0 {
            worst.2 += 1;
        }
        if u > worst.0 {
            worst = (u, x, worst.2);
        }
    }
    worst
}

fn main() {
    let mut precision = Precision::High;
    let mut positive = false;
    let mut names = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--precision" => {
                precision = match args.next().as_deref() {
                    Some("high") => Precision::High,
                    Some("fast") => Precision::Fast,
                    other => panic!("--precision takes high or fast, not {other:?}"),
                }
            }
            "--positive" => positive = true,
            name if reference(name).is_some() => names.push(name.to_string()),
            other => panic!("unknown function or flag {other:?}"),
        }
    }
    // Each chunk is evaluated with one thread; rayon runs the chunks side by side.
    let opts = Options { precision, threads: Some(1), ..Options::default() };
    let end: u64 = if positive { 1 << 31 } else { 1 << 32 };
    const CHUNK: u64 = 1 << 22;
    println!("| function | precision | max ulps | at | inputs over 1 ulp |");
    println!("|---|---|---|---|---|");
    for name in &names {
        let f = reference(name).expect("checked above");
        let (max, at, over) = (0..end / CHUNK)
            .into_par_iter()
            .map(|c| chunk(name, f, &opts, c * CHUNK..(c + 1) * CHUNK))
            .reduce(|| (0.0, 0.0, 0), |p, q| if q.0 > p.0 { (q.0, q.1, p.2 + q.2) } else { (p.0, p.1, p.2 + q.2) });
        println!("| `{name}` | {precision:?} | {max:.3} | {at:e} | {over} |");
    }
}
