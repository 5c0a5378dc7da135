//! `:plot` and `:hist`: terminal charts drawn with braille characters (textplots).

use anyhow::{bail, Result};
use numjit::DynArray;
use textplots::{Chart, Plot, Shape};

/// Width and height of a chart in braille dots.
const WIDTH: u32 = 160;
const HEIGHT: u32 = 48;
/// A line plot shows at most this many points (evenly picked).
const POINTS: usize = 4000;

fn values(a: &DynArray) -> Result<Vec<f64>> {
    Ok(match a {
        DynArray::Bool(a) => a.iter().map(|&v| v as u8 as f64).collect(),
        DynArray::I8(a) => a.iter().map(|&v| v as f64).collect(),
        DynArray::I16(a) => a.iter().map(|&v| v as f64).collect(),
        DynArray::I32(a) => a.iter().map(|&v| v as f64).collect(),
        DynArray::I64(a) => a.iter().map(|&v| v as f64).collect(),
        DynArray::U8(a) => a.iter().map(|&v| v as f64).collect(),
        DynArray::U16(a) => a.iter().map(|&v| v as f64).collect(),
        DynArray::U32(a) => a.iter().map(|&v| v as f64).collect(),
        DynArray::U64(a) => a.iter().map(|&v| v as f64).collect(),
        DynArray::F16(a) => a.iter().map(|&v| v.to_f64()).collect(),
        DynArray::F32(a) => a.iter().map(|&v| v as f64).collect(),
        DynArray::F64(a) => a.iter().copied().collect(),
        DynArray::C64(_) | DynArray::C128(_) => {
            bail!("complex values have no place on one axis: plot `abs(z)`, `z.real` or `z.imag`")
        }
        DynArray::Bytes(_) => bail!("byte strings have no place on an axis: plot a comparison, as `s == b'x'`"),
    })
}

fn draw(points: &[(f32, f32)], xmin: f32, xmax: f32, bars: bool) -> String {
    let mut chart = Chart::new(WIDTH, HEIGHT, xmin, xmax);
    let shape = if bars { Shape::Bars(points) } else { Shape::Lines(points) };
    let c = chart.lineplot(&shape);
    c.axis();
    c.figures();
    format!("{c}")
}

/// A line plot of a 1-d result against its index.
pub fn line(a: &DynArray) -> Result<String> {
    if a.shape().len() != 1 {
        bail!(":plot needs a 1-d result, not shape {}", crate::show::shape(a.shape()));
    }
    let v = values(a)?;
    if v.is_empty() {
        bail!(":plot needs at least one element");
    }
    let step = v.len().div_ceil(POINTS);
    let points: Vec<(f32, f32)> =
        v.iter().enumerate().step_by(step).filter(|(_, y)| y.is_finite()).map(|(i, &y)| (i as f32, y as f32)).collect();
    Ok(draw(&points, 0.0, (v.len() - 1).max(1) as f32, false))
}

/// A histogram of a result's finite values in 40 bins, with the counts of what it leaves out.
pub fn histogram(a: &DynArray) -> Result<String> {
    let v: Vec<f64> = values(a)?;
    let finite: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    if finite.is_empty() {
        bail!(":hist needs at least one finite value");
    }
    let (lo, hi) = finite.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &x| (l.min(x), h.max(x)));
    let bins = 40;
    let width = if hi > lo { (hi - lo) / bins as f64 } else { 1.0 };
    let mut counts = vec![0usize; bins];
    for x in &finite {
        let b = (((x - lo) / width) as usize).min(bins - 1);
        counts[b] += 1;
    }
    let points: Vec<(f32, f32)> =
        counts.iter().enumerate().map(|(b, &c)| ((lo + (b as f64 + 0.5) * width) as f32, c as f32)).collect();
    let mut out = draw(&points, lo as f32, (lo + bins as f64 * width) as f32, true);
    out.push_str(&format!("{} values in [{lo}, {hi}], {} bins", finite.len(), bins));
    if finite.len() < v.len() {
        out.push_str(&format!("; {} NaN or infinite left out", v.len() - finite.len()));
    }
    Ok(out)
}
