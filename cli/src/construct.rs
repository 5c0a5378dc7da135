//! The constructors a session evaluates before handing an expression to the library: `load('f.npy')`,
//! `linspace`, `arange`, `zeros`, `ones`, `rand`, `randn`, with NumPy's arguments and keywords.
//!
//! Each call is replaced in the statement's text by a temporary name of the same length (`_t0___`), so
//! that the library's spans, and so its carets, still point into what was typed. Every failure is a
//! `numjit::Error` at the call or the argument at fault, and every array is allocated fallibly, bounded
//! by the memory the machine has available.

use numjit::{DType, DynArray, ErrorKind, Span};

/// The constructors, with their help lines.
pub const CONSTRUCTORS: &[(&str, &str)] = &[
    (
        "linspace",
        "linspace(start, stop, num=50, endpoint=True, dtype=float64): num evenly spaced values from start to stop",
    ),
    ("arange", "arange([start,] stop[, step], dtype=None): values from start up to stop; int64 if all are integers"),
    ("zeros", "zeros(shape, dtype=float64): zeros; shape is n, (d0, d1, ...) or d0, d1, ..."),
    ("ones", "ones(shape, dtype=float64): ones, as zeros"),
    ("rand", "rand(d0, d1, ...): uniform [0, 1) float64, seeded (:seed)"),
    ("randn", "randn(d0, d1, ...): standard normal float64, seeded (:seed)"),
    ("load", "load('file.npy'): an array from a .npy file (either quotes)"),
];

/// Every constructor keyword, for completion.
pub const KEYWORDS: &[&str] = &["num", "endpoint", "dtype", "step", "shape"];

/// The keywords each constructor takes.
fn keywords(name: &str) -> &'static [&'static str] {
    match name {
        "linspace" => &["num", "endpoint", "dtype"],
        "arange" => &["step", "dtype"],
        "zeros" | "ones" => &["shape", "dtype"],
        _ => &[],
    }
}

/// An error at `span` of the statement.
pub fn error_at(span: Span, kind: ErrorKind) -> anyhow::Error {
    numjit::Error::new(kind, span).into()
}

/// An argument error at `span`.
fn wrong(span: Span, message: impl Into<String>) -> anyhow::Error {
    error_at(span, ErrorKind::Type { message: message.into() })
}

/// A name of `len` bytes for temporary `k`: `_t0` padded with underscores.
pub fn temp_name(k: usize, len: usize) -> String {
    let mut s = format!("_t{k}");
    while s.len() < len {
        s.push('_');
    }
    s
}

/// A `load(...)` call: its span, and the file name's (inside the quotes).
pub struct LoadCall {
    pub span: Span,
    pub path: Span,
}

/// The first `load(...)` call of `s` at or after byte `from`, if any; a call that is not `load('file')`
/// or `load("file")` is an error at its argument.
pub fn next_load(s: &str, from: usize) -> anyhow::Result<Option<LoadCall>> {
    let Some(start) = find_load(s, from) else { return Ok(None) };
    let open = start + 4 + (s[start + 4..].len() - s[start + 4..].trim_start().len());
    let arg = open + 1 + (s[open + 1..].len() - s[open + 1..].trim_start().len());
    let usage = "`load` takes a file name in quotes: load('data.npy')";
    let Some(quote) = s[arg..].chars().next().filter(|c| *c == '\'' || *c == '"') else {
        // The argument up to the closing parenthesis, or the whole call when there is none.
        let end = s[arg..].find(')').map_or(s.len(), |i| arg + i);
        let span = if end > arg { Span::new(arg, end) } else { Span::new(start, (end + 1).min(s.len())) };
        return Err(wrong(span, usage));
    };
    let Some(len) = s[arg + 1..].find(quote) else {
        return Err(error_at(
            Span::new(arg, s.len()),
            ErrorKind::Syntax { expected: format!("a closing {quote}"), found: "the end of the line".into() },
        ));
    };
    let path = Span::new(arg + 1, arg + 1 + len);
    let after = path.end + 1;
    let close = after + (s[after..].len() - s[after..].trim_start().len());
    if !s[close..].starts_with(')') {
        let found = s[close..].chars().next().map_or("the end of the line".to_owned(), |c| format!("`{c}`"));
        let end = s[close..].chars().next().map_or(close, |c| close + c.len_utf8());
        return Err(error_at(
            Span::new(close, end.max(close)),
            ErrorKind::Syntax { expected: "`)` after the file name (load takes one)".into(), found },
        ));
    }
    if path.start == path.end {
        return Err(wrong(Span::new(arg, after), usage));
    }
    Ok(Some(LoadCall { span: Span::new(start, close + 1), path }))
}

/// Where the next `load(` starts at or after `from`, if any.
fn find_load(s: &str, mut from: usize) -> Option<usize> {
    while let Some(i) = s[from..].find("load") {
        let i = from + i;
        let before_ok = i == 0 || !s[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
        if before_ok && s[i + 4..].trim_start().starts_with('(') {
            return Some(i);
        }
        from = i + 4;
    }
    None
}

/// A number given to a constructor, and whether it was an integer.
#[derive(Clone, Copy, Debug)]
pub struct Num {
    pub value: f64,
    pub int: Option<i64>,
}

impl Num {
    pub fn of(a: &DynArray) -> Num {
        let int = |v: i64| Num { value: v as f64, int: Some(v) };
        match a {
            DynArray::Bool(a) => int(a.iter().next().is_some_and(|&b| b) as i64),
            DynArray::I8(a) => int(a.iter().next().map_or(0, |&x| x as i64)),
            DynArray::I16(a) => int(a.iter().next().map_or(0, |&x| x as i64)),
            DynArray::I32(a) => int(a.iter().next().map_or(0, |&x| x as i64)),
            DynArray::I64(a) => int(a.iter().next().copied().unwrap_or(0)),
            DynArray::U8(a) => int(a.iter().next().map_or(0, |&x| x as i64)),
            DynArray::U16(a) => int(a.iter().next().map_or(0, |&x| x as i64)),
            DynArray::U32(a) => int(a.iter().next().map_or(0, |&x| x as i64)),
            // Beyond int64 a uint64 is only a (float) value.
            DynArray::U64(a) => {
                let v = a.iter().next().copied().unwrap_or(0);
                i64::try_from(v).map_or(Num { value: v as f64, int: None }, int)
            }
            DynArray::F16(a) => Num { value: a.iter().next().map_or(0.0, |&x| x.to_f64()), int: None },
            DynArray::F32(a) => Num { value: a.iter().next().map_or(0.0, |&x| x as f64), int: None },
            DynArray::F64(a) => Num { value: a.iter().next().copied().unwrap_or(0.0), int: None },
            // The session refuses complex numbers and byte strings as constructors' arguments before this.
            DynArray::Bytes(_) => Num { value: 0.0, int: None },
            DynArray::C64(a) => Num { value: a.iter().next().map_or(0.0, |v| v.re as f64), int: None },
            DynArray::C128(a) => Num { value: a.iter().next().map_or(0.0, |v| v.re), int: None },
        }
    }
}

/// A positional argument: a number, or a tuple of them (a shape).
pub enum Arg {
    Num(Num, Span),
    Tuple(Vec<(Num, Span)>, Span),
}

impl Arg {
    fn span(&self) -> Span {
        match self {
            Arg::Num(_, s) | Arg::Tuple(_, s) => *s,
        }
    }

    fn num(&self) -> anyhow::Result<Num> {
        match self {
            Arg::Num(n, _) => Ok(*n),
            Arg::Tuple(_, s) => Err(wrong(*s, "a tuple is allowed here only as a shape")),
        }
    }
}

/// A keyword argument: its name, its value's text and span, and the value as a number where it is one.
pub struct Keyword {
    pub name: String,
    pub text: String,
    pub span: Span,
    pub num: Option<Num>,
}

/// A constructor call with its arguments evaluated.
pub struct Call<'a> {
    pub name: &'a str,
    /// The call as written, for messages.
    pub text: &'a str,
    pub span: Span,
    pub args: Vec<Arg>,
    pub keywords: Vec<Keyword>,
}

/// Where a generator comes from for `rand` and `randn`.
pub trait Random {
    fn uniform(&mut self) -> f64;
    fn normal(&mut self) -> f64;
}

/// Builds the array `call` asks for.
pub fn construct(call: &Call, random: &mut dyn Random) -> anyhow::Result<DynArray> {
    let allowed = keywords(call.name);
    for k in &call.keywords {
        if !allowed.contains(&k.name.as_str()) {
            let takes = if allowed.is_empty() {
                "none".to_owned()
            } else {
                allowed.iter().map(|k| format!("{k}=")).collect::<Vec<_>>().join(", ")
            };
            return Err(wrong(k.span, format!("`{}` takes no keyword `{}` (it takes {takes})", call.name, k.name)));
        }
    }
    let keyword = |name: &str| call.keywords.iter().rev().find(|k| k.name == name);
    let dtype = match keyword("dtype") {
        Some(k) => Some(DType::from_name(k.text.trim()).filter(|t| !t.is_bytes()).ok_or_else(|| {
            let names =
                "bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float16, float32, float64 (or int, float)";
            wrong(k.span, format!("`{}` is not a dtype: {names}", k.text))
        })?),
        None => None,
    };
    let number = |k: &Keyword| k.num.ok_or_else(|| wrong(k.span, format!("`{}=` takes a number", k.name)));
    match call.name {
        "linspace" => {
            let [start, stop, rest @ ..] = call.args.as_slice() else {
                return Err(arity(call, "2 or 3 arguments (start, stop[, num])"));
            };
            let num = match (rest, keyword("num")) {
                ([], None) => 50,
                ([n], None) => length(n.num()?, n.span(), "num")?,
                ([], Some(k)) => length(number(k)?, k.span, "num")?,
                ([n], Some(_)) => return Err(wrong(n.span(), "`num` is given twice")),
                _ => return Err(arity(call, "2 or 3 arguments (start, stop[, num])")),
            };
            let endpoint = match keyword("endpoint") {
                Some(k) => number(k)?.value != 0.0,
                None => true,
            };
            let (start, stop) = (start.num()?.value, stop.num()?.value);
            let mut v = alloc::<f64>(call, num, DType::F64)?;
            let div = if endpoint { num.saturating_sub(1) } else { num } as f64;
            let delta = stop - start;
            let step = delta / div;
            // NumPy's order of operations: i * step + start, or (i / div) * delta where the step is zero.
            v.extend(
                (0..num).map(|i| if step == 0.0 { i as f64 / div * delta + start } else { i as f64 * step + start }),
            );
            if endpoint && num > 1 {
                v[num - 1] = stop;
            }
            let dtype = dtype.unwrap_or(DType::F64);
            // NumPy 2 rounds towards minus infinity for an integer dtype.
            let v = if dtype.is_int() { v.into_iter().map(f64::floor).collect() } else { v };
            cast(call, &[num], v, dtype)
        }
        "arange" => {
            let (start, stop, step) = match (call.args.as_slice(), keyword("step")) {
                ([stop], None) => (None, stop.num()?, None),
                ([start, stop], k) => (Some(start.num()?), stop.num()?, k.map(number).transpose()?),
                ([start, stop, step], None) => (Some(start.num()?), stop.num()?, Some(step.num()?)),
                ([_, _, step], Some(_)) => return Err(wrong(step.span(), "`step` is given twice")),
                _ => return Err(arity(call, "1 to 3 arguments ([start,] stop[, step])")),
            };
            let zero = Num { value: 0.0, int: Some(0) };
            let one = Num { value: 1.0, int: Some(1) };
            let (start, step) = (start.unwrap_or(zero), step.unwrap_or(one));
            let all_int = start.int.is_some() && stop.int.is_some() && step.int.is_some();
            let dtype = dtype.unwrap_or(if all_int { DType::I64 } else { DType::F64 });
            if step.value == 0.0 {
                return Err(wrong(call.span, "arange: the step must not be zero"));
            }
            let n = match (start.int, stop.int, step.int) {
                (Some(a), Some(b), Some(s)) => {
                    let (a, b, s) = (a as i128, b as i128, s as i128);
                    let span = if s > 0 { b - a + s - 1 } else { b - a + s + 1 };
                    (span / s).max(0) as f64
                }
                _ => ((stop.value - start.value) / step.value).ceil().max(0.0),
            };
            if n >= 1e15 {
                return Err(too_many(call, n, dtype));
            }
            let n = n as usize;
            if dtype == DType::F64 {
                // NumPy's fill: the first two values, then start + i * (second - first).
                let (first, second) = (start.value, start.value + step.value);
                let delta = second - first;
                let mut v = alloc::<f64>(call, n, dtype)?;
                v.extend((0..n).map(|i| if i == 1 { second } else { first + i as f64 * delta }));
                cast(call, &[n], v, dtype)
            } else if dtype.is_float() {
                // The same in float32 (NumPy's float32 and float16 fills compute in float32), from the
                // first two values in the dtype, each rounded once to float16.
                let round = |v: f64| match dtype {
                    DType::F16 => numjit::f16_from_f64(v).to_f32(),
                    _ => v as f32,
                };
                let (first, second) = (round(start.value), round(start.value + step.value));
                let delta = second - first;
                let mut v = alloc::<f32>(call, n, dtype)?;
                v.extend((0..n).map(|i| if i == 1 { second } else { first + i as f32 * delta }));
                let shape = ndarray::IxDyn(&[n]);
                let array: Result<DynArray, ndarray::ShapeError> = match dtype {
                    DType::F16 => {
                        let mut h = alloc::<numjit::f16>(call, n, dtype)?;
                        h.extend(v.iter().map(|&x| numjit::f16::from_f32(x)));
                        ndarray::ArrayD::from_shape_vec(shape, h).map(Into::into)
                    }
                    _ => ndarray::ArrayD::from_shape_vec(shape, v).map(Into::into),
                };
                array.map_err(|e| wrong(call.span, e.to_string()))
            } else {
                let first = start.int.unwrap_or(start.value as i64);
                let second = first.wrapping_add(step.int.unwrap_or((start.value + step.value) as i64 - first));
                let delta = second.wrapping_sub(first);
                let mut v = alloc::<i64>(call, n, DType::I64)?;
                v.extend((0..n).map(|i| first.wrapping_add((i as i64).wrapping_mul(delta))));
                cast_int(call, &[n], v, dtype)
            }
        }
        "zeros" | "ones" | "rand" | "randn" => {
            let shape = match (call.args.as_slice(), keyword("shape")) {
                ([], None) if matches!(call.name, "zeros" | "ones") => {
                    return Err(arity(call, "a shape (n, (d0, d1, ...) or d0, d1, ...)"));
                }
                ([Arg::Tuple(items, _)], None) => items.iter().map(|&(n, s)| length(n, s, "a length")).collect(),
                (args, None) => args.iter().map(|a| length(a.num()?, a.span(), "a length")).collect(),
                ([], Some(k)) => Ok(vec![length(number(k)?, k.span, "a length")?]),
                (_, Some(k)) => Err(wrong(k.span, "the shape is given twice")),
            }?;
            let n = shape.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
            let Some(n) = n else { return Err(too_many(call, shape.iter().map(|&d| d as f64).product(), DType::F64)) };
            let dtype = dtype.unwrap_or(DType::F64);
            let mut v = alloc::<f64>(call, n, dtype)?;
            match call.name {
                "zeros" => v.resize(n, 0.0),
                "ones" => v.resize(n, 1.0),
                "rand" => v.extend((0..n).map(|_| random.uniform())),
                _ => v.extend((0..n).map(|_| random.normal())),
            }
            cast(call, &shape, v, dtype)
        }
        _ => Err(wrong(call.span, format!("unknown constructor `{}`", call.name))),
    }
}

fn arity(call: &Call, takes: &str) -> anyhow::Error {
    let n = call.args.len();
    error_at(call.span, ErrorKind::Arity { func: call.name.to_owned(), expected: takes.to_owned(), found: n })
}

/// A count: a non-negative integer, as NumPy asks of shapes and `num`.
fn length(n: Num, span: Span, what: &str) -> anyhow::Result<usize> {
    match n.int {
        Some(k) if k >= 0 => Ok(k as usize),
        Some(k) => Err(wrong(span, format!("{what} must not be negative, not {k}"))),
        None => Err(wrong(span, format!("{what} must be an integer, not {:?}", n.value))),
    }
}

/// The bytes of memory the machine has available now (Linux's `MemAvailable`), where it says.
fn available_memory() -> Option<u128> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u128 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn gigabytes(bytes: f64) -> String {
    format!("{:.1} GB", bytes / 1e9)
}

fn too_many(call: &Call, n: f64, dtype: DType) -> anyhow::Error {
    let bytes = n * dtype.size() as f64;
    let limit = available_memory().map_or("more than can be addressed".to_owned(), |m| {
        format!("more than the {} of memory available", gigabytes(m as f64))
    });
    let message = format!("{}: {n:.0} elements of {dtype} ({}) are {limit}", call.text, gigabytes(bytes));
    error_at(call.span, ErrorKind::Size { message })
}

/// Room for `n` values, failing (not aborting) where the result, of `dtype`, would not fit in memory.
fn alloc<T: numjit::Element>(call: &Call, n: usize, dtype: DType) -> anyhow::Result<Vec<T>> {
    let need = n as u128 * std::mem::size_of::<T>().max(dtype.size()) as u128;
    if available_memory().is_some_and(|m| need > m) {
        return Err(too_many(call, n as f64, dtype));
    }
    numjit::vec_with_capacity(n).map_err(|_| too_many(call, n as f64, dtype))
}

/// The values as an array of `dtype` (NumPy's casts: to integers towards zero, to bool nonzero).
fn cast(call: &Call, dims: &[usize], v: Vec<f64>, dtype: DType) -> anyhow::Result<DynArray> {
    let shape = ndarray::IxDyn(dims);
    let array = |r: Result<DynArray, ndarray::ShapeError>| r.map_err(|e| wrong(call.span, e.to_string()));
    match dtype {
        DType::F64 => array(ndarray::ArrayD::from_shape_vec(shape, v).map(Into::into)),
        DType::F32 => {
            let mut out = alloc::<f32>(call, v.len(), dtype)?;
            out.extend(v.iter().map(|&x| x as f32));
            array(ndarray::ArrayD::from_shape_vec(shape, out).map(Into::into))
        }
        DType::F16 => {
            let mut out = alloc::<numjit::f16>(call, v.len(), dtype)?;
            out.extend(v.iter().map(|&x| numjit::f16_from_f64(x)));
            array(ndarray::ArrayD::from_shape_vec(shape, out).map(Into::into))
        }
        _ => {
            let mut out = alloc::<i64>(call, v.len(), dtype)?;
            out.extend(v.iter().map(|&x| if dtype == DType::Bool { (x != 0.0) as i64 } else { x as i64 }));
            drop(v);
            cast_int(call, dims, out, dtype)
        }
    }
}

/// Integer values as an array of `dtype` (wrapping to narrower integers, as NumPy's cast does).
fn cast_int(call: &Call, shape: &[usize], v: Vec<i64>, dtype: DType) -> anyhow::Result<DynArray> {
    let shape = ndarray::IxDyn(shape);
    let array = |r: Result<DynArray, ndarray::ShapeError>| r.map_err(|e| wrong(call.span, e.to_string()));
    macro_rules! convert {
        ($t:ty, $f:expr) => {{
            let mut out = alloc::<$t>(call, v.len(), dtype)?;
            out.extend(v.iter().map($f));
            array(ndarray::ArrayD::from_shape_vec(shape, out).map(Into::into))
        }};
    }
    match dtype {
        DType::I64 => array(ndarray::ArrayD::from_shape_vec(shape, v).map(Into::into)),
        DType::I8 => convert!(i8, |&x| x as i8),
        DType::I16 => convert!(i16, |&x| x as i16),
        DType::I32 => convert!(i32, |&x| x as i32),
        DType::U8 => convert!(u8, |&x| x as u8),
        DType::U16 => convert!(u16, |&x| x as u16),
        DType::U32 => convert!(u32, |&x| x as u32),
        DType::U64 => convert!(u64, |&x| x as u64),
        DType::Bool => convert!(bool, |&x| x != 0),
        DType::F16 => convert!(numjit::f16, |&x| numjit::f16_from_f64(x as f64)),
        DType::F32 => convert!(f32, |&x| x as f32),
        DType::F64 => convert!(f64, |&x| x as f64),
        DType::C64 => convert!(numjit::Complex<f32>, |&x| numjit::Complex::new(x as f32, 0.0)),
        DType::C128 => convert!(numjit::Complex<f64>, |&x| numjit::Complex::new(x as f64, 0.0)),
        DType::Bytes(_) => unreachable!("constructors take no byte-string dtype (`dtype=` is checked above)"),
    }
}
