//! Arrays as NumPy prints them: nested brackets, aligned columns, and at most three items at each end of
//! an axis once the array has more than 1000 elements.

use ndarray::{ArrayViewD, Axis};
use numjit::DynArray;

/// Above this many elements, axes are abbreviated (NumPy's `threshold`).
const THRESHOLD: usize = 1000;
/// Items kept at each end of an abbreviated axis (NumPy's `edgeitems`).
const EDGE: usize = 3;

/// The array's text, `[...]` with no `array(` wrapper (like `print(a)` in NumPy).
pub fn format(a: &DynArray) -> String {
    match a {
        DynArray::Bool(a) => layout(a.view(), |v| if *v { "True".into() } else { "False".into() }),
        DynArray::I32(a) => layout(a.view(), |v| v.to_string()),
        DynArray::I64(a) => layout(a.view(), |v| v.to_string()),
        DynArray::F32(a) => layout(a.view(), |v| float(*v as f64, true)),
        DynArray::F64(a) => layout(a.view(), |v| float(*v, false)),
    }
}

/// A float as NumPy prints it in an array: `1.`, `0.25`, `1.5e-08`, `nan`, `-inf`.
pub fn float(v: f64, single: bool) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let a = v.abs();
    if a != 0.0 && !(1e-4..1e16).contains(&a) {
        let s = if single { format!("{:e}", v as f32) } else { format!("{v:e}") };
        // Rust writes `1.5e-8`; NumPy writes `1.5e-08`.
        return match s.split_once('e') {
            Some((m, e)) => {
                let (sign, digits) = if let Some(d) = e.strip_prefix('-') { ("-", d) } else { ("+", e) };
                let m = if m.contains('.') { m.to_owned() } else { format!("{m}.") };
                format!("{m}e{sign}{digits:0>2}")
            }
            None => s,
        };
    }
    // Up to 8 significant decimals, trailing zeros dropped, the point kept: `1.`, `0.33333333`.
    let s = if single { format!("{:.8}", v as f32) } else { format!("{v:.8}") };
    let s = s.trim_end_matches('0');
    s.to_owned()
}

fn layout<T>(a: ArrayViewD<'_, T>, fmt: impl Fn(&T) -> String) -> String {
    if a.ndim() == 0 {
        return a.first().map(&fmt).unwrap_or_default();
    }
    let summarize = a.len() > THRESHOLD;
    // Format the shown items first, to align them all to one width.
    let mut items: Vec<String> = Vec::new();
    collect(&a, summarize, &fmt, &mut items);
    let items = align_points(items);
    let width = items.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut it = items.into_iter();
    let mut out = String::new();
    write(&a, summarize, width, &mut it, 0, &mut out);
    out
}

/// Pads floats so that their decimal points line up, as NumPy does: `[ 0.   0.5 10.25]`.
fn align_points(items: Vec<String>) -> Vec<String> {
    if !items.iter().any(|s| s.contains('.')) {
        return items;
    }
    let split = |s: &str| s.find('.').unwrap_or(s.len());
    let left = items.iter().map(|s| split(s)).max().unwrap_or(0);
    let right = items.iter().map(|s| s.len() - split(s)).max().unwrap_or(0);
    items
        .into_iter()
        .map(|s| format!("{}{s:<w$}", " ".repeat(left - split(&s)), w = s.len() + right - (s.len() - split(&s))))
        .collect()
}

fn shown(len: usize, summarize: bool) -> Vec<Option<usize>> {
    if summarize && len > 2 * EDGE {
        (0..EDGE).map(Some).chain([None]).chain((len - EDGE..len).map(Some)).collect()
    } else {
        (0..len).map(Some).collect()
    }
}

fn collect<T>(a: &ArrayViewD<'_, T>, summarize: bool, fmt: &impl Fn(&T) -> String, out: &mut Vec<String>) {
    if a.ndim() == 1 {
        for i in shown(a.len(), summarize).into_iter().flatten() {
            out.push(fmt(&a[i]));
        }
        return;
    }
    for i in shown(a.len_of(Axis(0)), summarize).into_iter().flatten() {
        collect(&a.index_axis(Axis(0), i), summarize, fmt, out);
    }
}

fn write<T>(
    a: &ArrayViewD<'_, T>,
    summarize: bool,
    width: usize,
    items: &mut impl Iterator<Item = String>,
    depth: usize,
    out: &mut String,
) {
    out.push('[');
    if a.ndim() == 1 {
        let parts: Vec<String> = shown(a.len(), summarize)
            .into_iter()
            .map(|i| match i {
                Some(_) => format!("{:>width$}", items.next().unwrap_or_default()),
                None => "...".to_owned(),
            })
            .collect();
        out.push_str(&parts.join(" "));
    } else {
        let rows = shown(a.len_of(Axis(0)), summarize);
        let sep = format!("{}\n{}", "\n".repeat(a.ndim() - 2), " ".repeat(depth + 1));
        for (k, i) in rows.iter().enumerate() {
            if k > 0 {
                out.push_str(&sep);
            }
            match i {
                Some(i) => write(&a.index_axis(Axis(0), *i), summarize, width, items, depth + 1, out),
                None => out.push_str("..."),
            }
        }
    }
    out.push(']');
}

/// A shape as Python writes a tuple: `(3,)`, `(2, 3)`, `()`.
pub fn shape(s: &[usize]) -> String {
    match s {
        [n] => format!("({n},)"),
        _ => format!("({})", s.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, Array1};

    #[test]
    fn floats_as_numpy() {
        assert_eq!(format(&array![1.0, 2.5, -0.25].into_dyn().into()), "[ 1.    2.5  -0.25]");
        assert_eq!(format(&array![0.0, 0.5, 10.25].into_dyn().into()), "[ 0.    0.5  10.25]");
        assert_eq!(float(1.0 / 3.0, false), "0.33333333");
        assert_eq!(float(1.5e-8, false), "1.5e-08");
        assert_eq!(float(f64::NAN, false), "nan");
    }

    #[test]
    fn matrices_and_abbreviation() {
        let m = array![[1i64, 2, 3], [40, 5, 6]].into_dyn();
        assert_eq!(format(&m.into()), "[[ 1  2  3]\n [40  5  6]]");
        let long = Array1::from_iter(0..2000i32).into_dyn();
        assert_eq!(format(&long.into()), "[   0    1    2 ... 1997 1998 1999]");
        assert_eq!(format(&array![true, false].into_dyn().into()), "[ True False]");
    }
}
