//! Every width gives the scalar function's bits, for every row, both float widths and both precisions,
//! over every binade, the special values and strips of every tail length.

use super::*;

/// xorshift64*: repeatable without a dependency.
fn rng(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

/// `per` bit patterns in each binade of a format (`mant` mantissa bits, `exp` exponent bits), both
/// signs, then the special values.
fn patterns(mant: u32, exp: u32, per: usize, seed: u64) -> Vec<u64> {
    let mut s = seed | 1;
    let top = (1u64 << exp) - 1;
    let mut v: Vec<u64> = (0..top)
        .flat_map(|e| (0..per).map(move |_| e))
        .map(|e| {
            let m = rng(&mut s) & ((1u64 << mant) - 1);
            ((rng(&mut s) & 1) << (mant + exp)) | (e << mant) | m
        })
        .collect();
    let (inf, sign, quiet) = (top << mant, 1u64 << (mant + exp), 1u64 << (mant - 1));
    v.extend([0, sign, inf, inf | sign, inf | quiet, inf | quiet | sign, 1, (1u64 << mant) - 1, inf | 1]);
    v
}

const PRECISIONS: [Precision; 2] = [Precision::High, Precision::Fast];

fn widths() -> Vec<Width> {
    let w: Vec<Width> = [Width::W256, Width::W512].into_iter().filter(|w| w.available()).collect();
    eprintln!("wide widths tested on this CPU: {w:?}");
    w
}

fn f64s(seed: u64) -> Vec<f64> {
    patterns(52, 11, 12, seed).into_iter().map(f64::from_bits).collect()
}

fn f32s(seed: u64) -> Vec<f32> {
    patterns(23, 8, 48, seed).into_iter().map(|b| f32::from_bits(b as u32)).collect()
}

#[test]
fn unary_routines_give_the_scalar_bits() {
    let (xs, xs32) = (f64s(1), f32s(2));
    for (width, p) in widths().into_iter().flat_map(|w| PRECISIONS.map(|p| (w, p))) {
        for &f in MathFn::ALL {
            let mut out = vec![0.0; xs.len()];
            assert!(map_unary(width, p, f, &xs, &mut out));
            for (&x, &y) in xs.iter().zip(&out) {
                let want = f.f64_at(p, x);
                assert_eq!(y.to_bits(), want.to_bits(), "{width:?} {p:?} {f:?}({x:e}) = {y:e}, not {want:e}");
            }
            let mut out = vec![0.0; xs32.len()];
            assert!(map_unary(width, p, f, &xs32, &mut out));
            for (&x, &y) in xs32.iter().zip(&out) {
                let want = f.f32_at(p, x);
                assert_eq!(y.to_bits(), want.to_bits(), "{width:?} {p:?} {f:?}({x:e}) float32 = {y:e}, not {want:e}");
            }
        }
    }
}

#[test]
fn binary_routines_give_the_scalar_bits() {
    let (xs, ys) = (f64s(3), f64s(4));
    let (xs32, ys32) = (f32s(5), f32s(6));
    for (width, p) in widths().into_iter().flat_map(|w| PRECISIONS.map(|p| (w, p))) {
        for &f in MathFn2::ALL {
            let mut out = vec![0.0; xs.len()];
            assert!(map_binary(width, p, f, &xs, &ys, &mut out));
            for ((&x, &y), &z) in xs.iter().zip(&ys).zip(&out) {
                let want = f.f64_at(p, x, y);
                assert_eq!(z.to_bits(), want.to_bits(), "{width:?} {p:?} {f:?}({x:e}, {y:e}) = {z:e}, not {want:e}");
            }
            let mut out = vec![0.0; xs32.len()];
            assert!(map_binary(width, p, f, &xs32, &ys32, &mut out));
            for ((&x, &y), &z) in xs32.iter().zip(&ys32).zip(&out) {
                let want = f.f32_at(p, x, y);
                assert_eq!(
                    z.to_bits(),
                    want.to_bits(),
                    "{width:?} {p:?} {f:?}({x:e}, {y:e}) float32 = {z:e}, not {want:e}"
                );
            }
        }
    }
}

#[test]
fn the_sine_and_cosine_routine_gives_each_functions_bits() {
    let (xs, xs32) = (f64s(7), f32s(8));
    for (width, p) in widths().into_iter().flat_map(|w| PRECISIONS.map(|p| (w, p))) {
        let (mut s, mut c) = (vec![0.0; xs.len()], vec![0.0; xs.len()]);
        assert!(map_sincos(width, p, &xs, &mut s, &mut c));
        for ((&x, &sv), &cv) in xs.iter().zip(&s).zip(&c) {
            assert_eq!(sv.to_bits(), MathFn::Sin.f64_at(p, x).to_bits(), "{width:?} {p:?} sin({x:e})");
            assert_eq!(cv.to_bits(), MathFn::Cos.f64_at(p, x).to_bits(), "{width:?} {p:?} cos({x:e})");
        }
        let (mut s, mut c) = (vec![0.0; xs32.len()], vec![0.0; xs32.len()]);
        assert!(map_sincos(width, p, &xs32, &mut s, &mut c));
        for ((&x, &sv), &cv) in xs32.iter().zip(&s).zip(&c) {
            assert_eq!(sv.to_bits(), MathFn::Sin.f32_at(p, x).to_bits(), "{width:?} {p:?} sin({x:e}) float32");
            assert_eq!(cv.to_bits(), MathFn::Cos.f32_at(p, x).to_bits(), "{width:?} {p:?} cos({x:e}) float32");
        }
    }
}

/// Strips of every length up to four vectors (two pairs of float32 at 512 bits: the paired loop, one
/// vector alone, the scalar tail): the tail's elements come out right and nothing beyond the strip is
/// written.
#[test]
fn every_tail_length_is_covered_and_nothing_beyond_is_written() {
    for (width, p) in widths().into_iter().flat_map(|w| PRECISIONS.map(|p| (w, p))) {
        for n in 0..=64 {
            let xs: Vec<f32> = (0..n).map(|k| k as f32 * 0.37 - 3.0).collect();
            let mut out = vec![f32::NAN; n + 8];
            assert!(map_unary(width, p, MathFn::Exp, &xs, &mut out[..n]));
            for (k, &x) in xs.iter().enumerate() {
                assert_eq!(out[k].to_bits(), MathFn::Exp.f32_at(p, x).to_bits(), "{width:?} {p:?} n={n} k={k}");
            }
            assert!(out[n..].iter().all(|v| v.is_nan()), "{width:?} wrote past {n}");
            let xs: Vec<f64> = xs.iter().map(|&v| v as f64).collect();
            let mut out = vec![f64::NAN; n + 8];
            assert!(map_unary(width, p, MathFn::Sinh, &xs, &mut out[..n]));
            for (k, &x) in xs.iter().enumerate() {
                assert_eq!(out[k].to_bits(), MathFn::Sinh.f64_at(p, x).to_bits(), "{width:?} {p:?} n={n} k={k}");
            }
            assert!(out[n..].iter().all(|v| v.is_nan()), "{width:?} wrote past {n}");
        }
    }
}

/// One cold lane (a NaN, or an argument past the fast path's range) at each position of a strip of four
/// vectors, in each half of a pair and in the vector alone: that lane, and only it, takes the full
/// function.
#[test]
fn a_cold_lane_anywhere_in_a_pair_takes_the_full_function() {
    for (width, p) in widths().into_iter().flat_map(|w| PRECISIONS.map(|p| (w, p))) {
        for cold in [f64::NAN, 1000.0, -800.0] {
            for at in 0..64 {
                let mut xs: Vec<f64> = (0..64).map(|k| k as f64 * 0.11 - 2.0).collect();
                xs[at] = cold;
                let mut out = vec![0.0; xs.len()];
                assert!(map_unary(width, p, MathFn::Exp, &xs, &mut out));
                for (k, (&x, &y)) in xs.iter().zip(&out).enumerate() {
                    let want = MathFn::Exp.f64_at(p, x);
                    assert_eq!(y.to_bits(), want.to_bits(), "{width:?} {p:?} cold {cold} at {at}, lane {k}");
                }
                let xs32: Vec<f32> = xs.iter().map(|&v| v as f32).collect();
                let mut out = vec![0.0; xs32.len()];
                assert!(map_unary(width, p, MathFn::Exp, &xs32, &mut out));
                for (k, (&x, &y)) in xs32.iter().zip(&out).enumerate() {
                    let want = MathFn::Exp.f32_at(p, x);
                    assert_eq!(y.to_bits(), want.to_bits(), "{width:?} {p:?} float32 cold {cold} at {at}, lane {k}");
                }
            }
        }
    }
}

#[test]
fn the_host_width_is_one_this_cpu_has() {
    assert!(Width::host().available());
    assert!(Width::W128.available());
    assert!(unary_strip(Width::W128, MathFn::Exp, DType::F64, Precision::High).is_none());
    assert!(unary_strip(Width::host(), MathFn::Exp, DType::I64, Precision::Fast).is_none());
}

/// The widening integer sums (`fold`) give the plain loop's wrapping sum at every width, over lengths
/// around the vector loops' steps and values with every width's extremes (so that the sums wrap).
#[test]
fn integer_folds_are_the_same_at_every_width() {
    let mut s = 0x9E37_79B9_7F4A_7C15u64;
    let raw: Vec<u64> = (0..10_007).map(|_| rng(&mut s)).collect();
    macro_rules! check {
        ($t:ty, $w:ty) => {{
            let xs: Vec<$t> = raw.iter().map(|&v| v as $t).collect();
            for n in [0, 1, 7, 15, 16, 17, 31, 33, 63, 64, 65, 1000, 10_007] {
                let want = xs[..n].iter().fold(0 as $w, |a, &x| a.wrapping_add(x as $w));
                for width in [Width::W128, Width::W256, Width::W512].into_iter().filter(|w| w.available()) {
                    let got = fold(width, &xs[..n], 0 as $w, |a, x| a.wrapping_add(x as $w));
                    assert_eq!(got, want, "{} into {} at {width:?}, n = {n}", stringify!($t), stringify!($w));
                }
            }
        }};
    }
    check!(i8, i64);
    check!(i16, i64);
    check!(i32, i64);
    check!(i64, i64);
    check!(u8, u64);
    check!(u16, u64);
    check!(u32, u64);
    check!(u64, u64);
}
