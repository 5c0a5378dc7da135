//! Arrays as NumPy 2 prints them (`print(a)`, its default print options): a 0-d array as its scalar, the
//! shortest text that reads back (`0.49976799050871745`, `1.0`, `1e-05`); other arrays with one format for
//! all the elements shown (up to 8 decimals, scientific notation when the magnitudes call for it, columns
//! aligned), lines wrapped at 75 characters, and three items at each end of every axis once the array has
//! more than 1000 elements, the format then taken from those items only.
//!
//! Digits come from Rust's formatting, which gives the shortest round-trip digits (`{:e}`) and exact
//! rounding to a number of decimals (`{:.8}`), as NumPy's Dragon4 does.

use ndarray::{ArrayViewD, Axis, IxDyn};
use numjit::{f16_from_f64, Complex, DynArray, Scalar};

/// The float type whose digits are printed: NumPy prints each value with the fewest digits that read back
/// in its own type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prec {
    Half,
    Single,
    Double,
}

impl Prec {
    /// `v` (a value of the type) with `precision` digits after the point, scientific (`{:.*e}`): exact
    /// rounding of the value itself (a float16 is exact as a float32).
    fn sci(self, precision: usize, v: f64) -> String {
        match self {
            Prec::Double => format!("{:.*e}", precision, v.abs()),
            _ => format!("{:.*e}", precision, (v as f32).abs()),
        }
    }

    /// `v` with `precision` decimals, positional.
    fn fixed(self, precision: usize, v: f64) -> String {
        match self {
            Prec::Double => format!("{:.*}", precision, v.abs()),
            _ => format!("{:.*}", precision, (v as f32).abs()),
        }
    }

    /// |v|'s shortest round-trip digits in scientific form (`1.5e-3`).
    fn shortest_sci(self, v: f64) -> String {
        match self {
            Prec::Double => format!("{:e}", v.abs()),
            Prec::Single => format!("{:e}", (v as f32).abs()),
            // The engine's shortest float16 text, a decimal of at most five digits, which float64's
            // shortest form writes with the same digits.
            Prec::Half => {
                let text = Scalar::F16(f16_from_f64(v.abs())).to_string();
                format!("{:e}", text.parse::<f64>().unwrap_or(v.abs()))
            }
        }
    }

    /// Whether `text` reads back as |v| in this type.
    fn reads_back(self, text: &str, v: f64) -> Option<bool> {
        let back = text.parse::<f64>().ok()?;
        Some(match self {
            Prec::Double => back == v.abs(),
            Prec::Single => text.parse::<f32>().ok()? == v.abs() as f32,
            Prec::Half => f16_from_f64(back) == f16_from_f64(v.abs()),
        })
    }

    /// The value as the type holds it (for NumPy's comparisons in the array's own precision).
    fn round(self, v: f64) -> f64 {
        match self {
            Prec::Double => v,
            Prec::Single => v as f32 as f64,
            Prec::Half => f16_from_f64(v).to_f64(),
        }
    }

    /// NumPy 2.3's largest positional value: 10 to the power of the type's decimal digits (`finfo`'s
    /// precision: 3, 6, 15), but 10^16 for a float64 scalar and 10^8 for float64 arrays.
    fn positional_below(self, scalar: bool) -> f64 {
        match (self, scalar) {
            (Prec::Half, _) => 1e3,
            (Prec::Single, _) => 1e6,
            (Prec::Double, true) => 1e16,
            (Prec::Double, false) => 1e8,
        }
    }
}

/// Above this many elements, axes are summarized (NumPy's `threshold`).
const THRESHOLD: usize = 1000;
/// Items kept at each end of a summarized axis (NumPy's `edgeitems`).
const EDGE: usize = 3;
/// Decimals at most (NumPy's `precision`).
const PRECISION: usize = 8;
/// NumPy's `linewidth`.
const LINE_WIDTH: usize = 75;

/// The array's text, `[...]` with no `array(` wrapper (like `print(a)` in NumPy).
pub fn format(a: &DynArray) -> String {
    format_with(a, THRESHOLD)
}

/// The array's text, summarized above `threshold` elements (`usize::MAX`: every element).
pub fn format_with(a: &DynArray, threshold: usize) -> String {
    if a.shape().is_empty() {
        return scalar(a);
    }
    if a.is_empty() {
        return "[]".to_owned();
    }
    let summarize = a.len() > threshold;
    match a {
        DynArray::Bool(a) => layout(a.view(), summarize, |_| |v: &bool| (if *v { " True" } else { "False" }).into()),
        DynArray::I8(a) => layout(a.view(), summarize, |shown| integers(shown.iter().map(|&v| v.into()))),
        DynArray::I16(a) => layout(a.view(), summarize, |shown| integers(shown.iter().map(|&v| v.into()))),
        DynArray::I32(a) => layout(a.view(), summarize, |shown| integers(shown.iter().map(|&v| v.into()))),
        DynArray::I64(a) => layout(a.view(), summarize, |shown| integers(shown.iter().map(|&v| v.into()))),
        DynArray::U8(a) => layout(a.view(), summarize, |shown| integers(shown.iter().map(|&v| v.into()))),
        DynArray::U16(a) => layout(a.view(), summarize, |shown| integers(shown.iter().map(|&v| v.into()))),
        DynArray::U32(a) => layout(a.view(), summarize, |shown| integers(shown.iter().map(|&v| v.into()))),
        DynArray::U64(a) => layout(a.view(), summarize, |shown| integers(shown.iter().map(|&v| v.into()))),
        DynArray::F16(a) => {
            layout(a.view(), summarize, |shown| Floats::new(shown.iter().map(|&v| v.to_f64()), Prec::Half).into_fn())
        }
        DynArray::F32(a) => {
            layout(a.view(), summarize, |shown| Floats::new(shown.iter().map(|&v| v as f64), Prec::Single).into_fn())
        }
        DynArray::F64(a) => {
            layout(a.view(), summarize, |shown| Floats::new(shown.iter().copied(), Prec::Double).into_fn())
        }
        DynArray::C64(a) => {
            let wide = a.mapv(|v| Complex::new(v.re as f64, v.im as f64));
            layout(wide.view(), summarize, |shown| complexes(shown, Prec::Single))
        }
        DynArray::C128(a) => layout(a.view(), summarize, |shown| complexes(shown, Prec::Double)),
        DynArray::Bytes(a) => {
            let reprs = strings(a);
            let refs = reprs.map(|s| s.as_str());
            layout(refs.view(), summarize, |_| |s: &&str| (*s).to_owned())
        }
    }
}

/// Each byte string of a `u8` array whose last axis holds them, as Python's `repr` of it (NumPy prints
/// them so, unpadded).
fn strings(a: &ndarray::ArrayD<u8>) -> ndarray::ArrayD<String> {
    let last = ndarray::Axis(a.ndim() - 1);
    let outer: Vec<usize> = a.shape()[..a.ndim() - 1].to_vec();
    let reprs: Vec<String> = a.lanes(last).into_iter().map(|s| bytes_repr(&s.to_vec())).collect();
    ndarray::ArrayD::from_shape_vec(outer, reprs).expect("one string per lane")
}

/// Python's `repr` of a NumPy byte string: its NUL bytes at the end dropped, quoted with `'` (or `"` where
/// it holds a `'` and no `"`), printable ASCII as it is, `\\`, the quote, `\t`, `\n` and `\r` escaped, any
/// other byte as `\xhh`.
pub fn bytes_repr(s: &[u8]) -> String {
    let end = s.iter().rposition(|&c| c != 0).map_or(0, |k| k + 1);
    let s = &s[..end];
    let quote = if s.contains(&b'\'') && !s.contains(&b'"') { '"' } else { '\'' };
    let mut out = format!("b{quote}");
    for &c in s {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            c if c as char == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(c as char),
            _ => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote);
    out
}

/// NumPy's `ComplexFloatingFormat`: a float format for the real parts and one, signed, for the imaginary
/// ones, each fitted to its own parts; the `j` goes before the imaginary part's padding.
fn complexes(shown: &[Complex<f64>], prec: Prec) -> impl Fn(&Complex<f64>) -> String {
    let re = Floats::new(shown.iter().map(|v| v.re), prec);
    let mut im = Floats::signed(shown.iter().map(|v| v.im), prec);
    im.plus = true;
    move |v: &Complex<f64>| {
        let (r, i) = (re.format(v.re), im.format(v.im));
        let end = i.trim_end().len();
        format!("{r}{}j{}", &i[..end], &i[end..])
    }
}

/// A complex scalar as NumPy's `str`: `(1+2j)`, `(1e+20-0.5j)`, and a zero real part (not -0) left out:
/// `2j`. Each part has the shortest digits that read back, with no `.0`.
fn complex_scalar(v: Complex<f64>, prec: Prec) -> String {
    let part = |x: f64| {
        let s = float_scalar(x, prec);
        s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
    };
    let im = part(v.im);
    let im = if im.starts_with('-') { im } else { format!("+{im}") };
    if v.re == 0.0 && v.re.is_sign_positive() {
        return format!("{}j", im.trim_start_matches('+'));
    }
    format!("({}{im}j)", part(v.re))
}

/// A 0-d array as NumPy prints its scalar.
fn scalar(a: &DynArray) -> String {
    match a {
        DynArray::Bool(a) => (if a.iter().next() == Some(&true) { "True" } else { "False" }).into(),
        DynArray::I8(a) => a.iter().next().map(|v| v.to_string()).unwrap_or_default(),
        DynArray::I16(a) => a.iter().next().map(|v| v.to_string()).unwrap_or_default(),
        DynArray::I32(a) => a.iter().next().map(|v| v.to_string()).unwrap_or_default(),
        DynArray::I64(a) => a.iter().next().map(|v| v.to_string()).unwrap_or_default(),
        DynArray::U8(a) => a.iter().next().map(|v| v.to_string()).unwrap_or_default(),
        DynArray::U16(a) => a.iter().next().map(|v| v.to_string()).unwrap_or_default(),
        DynArray::U32(a) => a.iter().next().map(|v| v.to_string()).unwrap_or_default(),
        DynArray::U64(a) => a.iter().next().map(|v| v.to_string()).unwrap_or_default(),
        DynArray::F16(a) => a.iter().next().map(|&v| float_scalar(v.to_f64(), Prec::Half)).unwrap_or_default(),
        DynArray::F32(a) => a.iter().next().map(|&v| float_scalar(v as f64, Prec::Single)).unwrap_or_default(),
        DynArray::F64(a) => a.iter().next().map(|&v| float_scalar(v, Prec::Double)).unwrap_or_default(),
        DynArray::C64(a) => a
            .iter()
            .next()
            .map(|&v| complex_scalar(Complex::new(v.re as f64, v.im as f64), Prec::Single))
            .unwrap_or_default(),
        DynArray::C128(a) => a.iter().next().map(|&v| complex_scalar(v, Prec::Double)).unwrap_or_default(),
        DynArray::Bytes(a) => bytes_repr(a.as_slice_memory_order().unwrap_or(&a.iter().copied().collect::<Vec<u8>>())),
    }
}

/// A float scalar as NumPy's `str`: the shortest digits that read back, positional from 1e-4 up to 1e16
/// (float32: 1e6, float16: 1e3), as `1.0` and `0.0001234`, else scientific (`1e-05`, `1.5e+16`).
pub fn float_scalar(v: f64, prec: Prec) -> String {
    if let Some(s) = non_finite(v) {
        return s.to_owned();
    }
    let (neg, digits, exp) = shortest(v, prec);
    let sign = if neg { "-" } else { "" };
    let a = v.abs();
    if a == 0.0 || (1e-4..prec.positional_below(true)).contains(&a) {
        let (int, frac) = positional(&digits, exp);
        let frac = if frac.is_empty() { "0".to_owned() } else { frac };
        format!("{sign}{int}.{frac}")
    } else {
        let (first, rest) = digits.split_at(1);
        let point = if rest.is_empty() { "" } else { "." };
        format!("{sign}{first}{point}{rest}e{}", exponent(exp, 2))
    }
}

fn non_finite(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("nan")
    } else if v.is_infinite() {
        Some(if v > 0.0 { "inf" } else { "-inf" })
    } else {
        None
    }
}

/// The sign, the shortest round-trip digits (no leading or trailing zeros; "0" for zero) and the decimal
/// exponent of the first digit.
fn shortest(v: f64, prec: Prec) -> (bool, String, i32) {
    let s = prec.shortest_sci(v);
    let (neg, digits, exp) = split_sci(v.is_sign_negative(), &s);
    if prec == Prec::Half {
        // The engine's float16 text already breaks ties to the even digit.
        return (neg, digits, exp);
    }
    match even_tie(v, prec, digits.len()) {
        Some((digits, exp)) => (neg, digits, exp),
        None => (neg, digits, exp),
    }
}

/// Where the value lies exactly halfway between the two shortest candidates of `n` digits, the one whose
/// last digit is even, as NumPy's Dragon4 breaks the tie (Rust's shortest form may take the other).
fn even_tie(v: f64, prec: Prec, n: usize) -> Option<(String, i32)> {
    let sci = |precision: usize| prec.sci(precision, v);
    // One digit more than the candidates: a tie ends in 5 there, with nothing after it in the exact
    // expansion (at most 150 significant digits for float32, 770 for float64).
    let longer = sci(n);
    let (mantissa, exp) = longer.split_once('e')?;
    if !mantissa.ends_with('5') {
        return None;
    }
    let exact = sci(if prec == Prec::Double { 800 } else { 160 });
    let digits: String = exact.split_once('e')?.0.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.get(n + 1..)?.bytes().any(|b| b != b'0') {
        return None;
    }
    let mut candidate: Vec<u8> = digits.as_bytes()[..n].to_vec();
    let mut exp: i32 = exp.parse().ok()?;
    if (candidate.last()? - b'0') % 2 == 1 {
        // Round up, carrying.
        let mut k = candidate.len();
        loop {
            if k == 0 {
                candidate.insert(0, b'1');
                candidate.pop();
                exp += 1;
                break;
            }
            k -= 1;
            if candidate[k] == b'9' {
                candidate[k] = b'0';
            } else {
                candidate[k] += 1;
                break;
            }
        }
    }
    let text = String::from_utf8(candidate).ok()?;
    let text = text.trim_end_matches('0');
    let text = if text.is_empty() { "0" } else { text };
    // Only where the even candidate reads back as the value.
    let back = format!("{}.{}e{exp}", &text[..1], &text[1..]);
    prec.reads_back(&back, v)?.then(|| (text.to_owned(), exp))
}

/// `d.ddde±x` as Rust writes it, into sign, digits and exponent.
fn split_sci(neg: bool, s: &str) -> (bool, String, i32) {
    let (mantissa, exp) = s.split_once('e').unwrap_or((s, "0"));
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0".to_owned() } else { digits.to_owned() };
    (neg, digits, exp.parse().unwrap_or(0))
}

/// The integer and fractional digits of `0.digits × 10^(exp + 1)`, written out.
fn positional(digits: &str, exp: i32) -> (String, String) {
    if exp < 0 {
        ("0".to_owned(), format!("{}{digits}", "0".repeat((-exp - 1) as usize)))
    } else {
        let e = exp as usize + 1;
        if digits.len() <= e {
            (format!("{digits}{}", "0".repeat(e - digits.len())), String::new())
        } else {
            (digits[..e].to_owned(), digits[e..].to_owned())
        }
    }
}

/// An exponent with its sign and at least `width` digits: `-05`, `+100`.
fn exponent(exp: i32, width: usize) -> String {
    format!("{}{:0>width$}", if exp < 0 { '-' } else { '+' }, exp.unsigned_abs())
}

/// A float in an array before padding: its sign, integer digits, fractional digits (at most `PRECISION`,
/// rounded from the exact value where the shortest needs more) and, in scientific form, its exponent.
struct Parts {
    neg: bool,
    int: String,
    frac: String,
    exp: Option<i32>,
}

fn positional_parts(v: f64, prec: Prec) -> Parts {
    let (neg, digits, exp) = shortest(v, prec);
    let (int, frac) = positional(&digits, exp);
    if frac.len() <= PRECISION {
        return Parts { neg, int, frac, exp: None };
    }
    let s = prec.fixed(PRECISION, v);
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    Parts { neg, int: int.to_owned(), frac: frac.trim_end_matches('0').to_owned(), exp: None }
}

fn scientific_parts(v: f64, prec: Prec) -> Parts {
    let (neg, mut digits, mut exp) = shortest(v, prec);
    if digits.len() > PRECISION + 1 {
        let s = prec.sci(PRECISION, v);
        (_, digits, exp) = split_sci(neg, &s);
    }
    let (int, frac) = digits.split_at(1);
    Parts { neg, int: int.to_owned(), frac: frac.to_owned(), exp: Some(exp) }
}

/// NumPy's `FloatingFormat` in its default mode (`maxprec`) for the elements shown.
struct Floats {
    prec: Prec,
    scientific: bool,
    pad_left: usize,
    pad_right: usize,
    /// Scientific only: fractional digits for all (zeros added) and exponent digits.
    digits: usize,
    exp_digits: usize,
    /// Whether positive values show a `+` (the imaginary parts of complex numbers).
    plus: bool,
}

impl Floats {
    fn new(shown: impl Iterator<Item = f64> + Clone, prec: Prec) -> Floats {
        Floats::with_sign(shown, prec, false)
    }

    /// A format whose positive values show a `+`, fitted with the sign counted.
    fn signed(shown: impl Iterator<Item = f64> + Clone, prec: Prec) -> Floats {
        Floats::with_sign(shown, prec, true)
    }

    fn with_sign(shown: impl Iterator<Item = f64> + Clone, prec: Prec, plus: bool) -> Floats {
        let finite: Vec<f64> = shown.clone().filter(|v| v.is_finite()).collect();
        let nonzero = finite.iter().map(|v| v.abs()).filter(|&v| v != 0.0);
        let (max, min) = nonzero.fold((None, None), |(mx, mn): (Option<f64>, Option<f64>), v| {
            (Some(mx.map_or(v, |m| m.max(v))), Some(mn.map_or(v, |m| m.min(v))))
        });
        // The comparisons in the array's own precision, as NumPy makes them (a Python float meets a float32
        // array as a float32); from NumPy 2.3 the largest positional value is 10 to the power of the type's
        // decimal digits of precision (10^3 float16, 10^6 float32), 10^8 for float64.
        let scientific = match (max, min) {
            (Some(max), Some(min)) => {
                let r = |x: f64| prec.round(x);
                max >= prec.positional_below(false) || min < r(1e-4) || r(r(max) / r(min)) > r(1000.0)
            }
            _ => false,
        };
        let mut f = Floats { prec, scientific, pad_left: 0, pad_right: 0, digits: 0, exp_digits: 0, plus };
        if !finite.is_empty() {
            let parts: Vec<Parts> = finite
                .iter()
                .map(|&v| if scientific { scientific_parts(v, prec) } else { positional_parts(v, prec) })
                .collect();
            f.pad_left = parts.iter().map(|p| p.int.len() + (p.neg || plus) as usize).max().unwrap_or(0);
            let frac = parts.iter().map(|p| p.frac.len()).max().unwrap_or(0);
            if scientific {
                f.exp_digits = parts
                    .iter()
                    .filter_map(|p| p.exp)
                    .map(|e| e.unsigned_abs().to_string().len().max(2))
                    .max()
                    .unwrap_or(2);
                f.digits = frac;
                f.pad_right = f.exp_digits + 2 + frac;
            } else {
                f.pad_right = frac;
            }
        }
        // Room for nan and inf, right-aligned in the same width.
        let nonfinite: Vec<f64> = shown.filter(|v| !v.is_finite()).collect();
        if !nonfinite.is_empty() {
            let neginf = (plus || nonfinite.contains(&f64::NEG_INFINITY)) as usize;
            let offset = f.pad_right + 1;
            f.pad_left = f.pad_left.max(3usize.saturating_sub(offset)).max((3 + neginf).saturating_sub(offset));
        }
        f
    }

    fn format(&self, v: f64) -> String {
        let width = self.pad_left + self.pad_right + 1;
        if let Some(s) = non_finite(v) {
            let s = if self.plus && !s.starts_with('-') { format!("+{s}") } else { s.to_owned() };
            return format!("{s:>width$}");
        }
        let p = if self.scientific { scientific_parts(v, self.prec) } else { positional_parts(v, self.prec) };
        let sign = if p.neg {
            "-"
        } else if self.plus {
            "+"
        } else {
            ""
        };
        let int = format!("{sign}{}", p.int);
        match p.exp {
            Some(mut exp) => {
                // Digits past the shortest are the value's own, rounded at the last (Dragon4's
                // `min_digits`), not zeros.
                let (mut int, mut frac) = (int, p.frac);
                if frac.len() < self.digits {
                    // The leading digit too: the shortest digits may have rounded it up (float16's 6e-08
                    // is 5.96e-08 with two more).
                    let s = self.prec.sci(self.digits, v);
                    let (mantissa, e) = s.split_once('e').unwrap_or((&s, "0"));
                    let (lead, rest) = mantissa.split_once('.').unwrap_or((mantissa, ""));
                    int = format!("{sign}{lead}");
                    frac = rest.to_owned();
                    exp = e.parse().unwrap_or(exp);
                }
                format!("{int:>l$}.{frac}e{}", exponent(exp, self.exp_digits), l = self.pad_left)
            }
            None => format!("{int:>l$}.{:<r$}", p.frac, l = self.pad_left, r = self.pad_right),
        }
    }

    fn into_fn(self) -> impl Fn(&f64) -> String {
        move |v| self.format(*v)
    }
}

/// NumPy's `IntegerFormat`: right-aligned to the widest of the largest and smallest shown.
fn integers(shown: impl Iterator<Item = i128>) -> Box<dyn Fn(&i128) -> String> {
    let width = shown.map(|v| v.to_string().len()).max().unwrap_or(0);
    Box::new(move |v| format!("{v:>width$}"))
}

/// Lays out `a` with the element format `make` builds from the elements shown.
fn layout<T: Copy + Into<E>, F: Fn(&E) -> String, E>(
    a: ArrayViewD<'_, T>,
    summarize: bool,
    make: impl FnOnce(&[T]) -> F,
) -> String {
    let mut shown = Vec::new();
    collect(&a, summarize, &mut shown);
    let fmt = make(&shown);
    let element = |v: &T| fmt(&(*v).into());
    let mut index = Vec::with_capacity(a.ndim());
    recurse(&a, summarize, &element, &mut index, " ", LINE_WIDTH)
}

/// The elements a summarized array shows: the first and last `EDGE` of each long axis.
fn collect<T: Copy>(a: &ArrayViewD<'_, T>, summarize: bool, out: &mut Vec<T>) {
    fn walk<T: Copy>(a: &ArrayViewD<'_, T>, summarize: bool, index: &mut Vec<usize>, out: &mut Vec<T>) {
        let axis = index.len();
        if axis == a.ndim() {
            if let Some(v) = a.get(IxDyn(index)) {
                out.push(*v);
            }
            return;
        }
        for i in shown(a.len_of(Axis(axis)), summarize).into_iter().flatten() {
            index.push(i);
            walk(a, summarize, index, out);
            index.pop();
        }
    }
    walk(a, summarize, &mut Vec::new(), out);
}

/// The indices shown along an axis of `len`, `None` where `...` stands for the rest.
fn shown(len: usize, summarize: bool) -> Vec<Option<usize>> {
    if summarize && len > 2 * EDGE {
        (0..EDGE).map(Some).chain([None]).chain((len - EDGE..len).map(Some)).collect()
    } else {
        (0..len).map(Some).collect()
    }
}

/// NumPy's `_formatArray`: the sub-array at `index`, its lines after the first indented by `hanging`, in
/// `width` columns.
fn recurse<T>(
    a: &ArrayViewD<'_, T>,
    summarize: bool,
    element: &dyn Fn(&T) -> String,
    index: &mut Vec<usize>,
    hanging: &str,
    width: usize,
) -> String {
    let axis = index.len();
    if axis == a.ndim() {
        return a.get(IxDyn(index)).map(element).unwrap_or_default();
    }
    let next_hanging = format!("{hanging} ");
    let next_width = width.saturating_sub(1);
    let items = shown(a.len_of(Axis(axis)), summarize);
    let mut s = String::new();
    if axis + 1 == a.ndim() {
        // Room for the separator or the closing bracket after each word.
        let elem_width = width.saturating_sub(1);
        let mut line = hanging.to_owned();
        let last = items.len() - 1;
        for (k, item) in items.iter().enumerate() {
            let word = match item {
                Some(i) => {
                    index.push(*i);
                    let w = recurse(a, summarize, element, index, &next_hanging, next_width);
                    index.pop();
                    w
                }
                None => "...".to_owned(),
            };
            extend(&mut s, &mut line, &word, elem_width, hanging);
            if k != last {
                line.push(' ');
            }
        }
        s.push_str(&line);
    } else {
        let separator = "\n".repeat(a.ndim() - axis - 1);
        let last = items.len() - 1;
        for (k, item) in items.iter().enumerate() {
            s.push_str(hanging);
            match item {
                Some(i) => {
                    index.push(*i);
                    s.push_str(&recurse(a, summarize, element, index, &next_hanging, next_width));
                    index.pop();
                }
                None => s.push_str("..."),
            }
            if k != last {
                s.push_str(&separator);
            }
        }
    }
    format!("[{}]", &s[hanging.len()..])
}

/// NumPy's `_extendLine`: `word` onto `line`, which first wraps into `s` if the word would pass `width`
/// (but a line holding nothing yet does not wrap).
fn extend(s: &mut String, line: &mut String, word: &str, width: usize, hanging: &str) {
    let needs_wrap = line.chars().count() + word.chars().count() > width && line.len() > hanging.len();
    if needs_wrap {
        s.push_str(line.trim_end());
        s.push('\n');
        *line = hanging.to_owned();
    }
    line.push_str(word);
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
        assert_eq!(float_scalar(1.0 / 3.0, Prec::Double), "0.3333333333333333");
        assert_eq!(float_scalar(1.5e-8, Prec::Double), "1.5e-08");
        assert_eq!(float_scalar(f64::NAN, Prec::Double), "nan");
        assert_eq!(float_scalar(0.1f32 as f64, Prec::Single), "0.1");
        assert_eq!(float_scalar(numjit::f16::from_f32(0.1).to_f64(), Prec::Half), "0.1");
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
