//! What the fuzz targets check, written once for the targets in `fuzz_targets/` (run by `cargo fuzz`) and
//! for the tests at the end, which replay the seed corpora in `seeds/` on a stable toolchain: the main
//! crate's `cargo test` includes this file (`tests/it/main.rs`), so CI runs them without building this crate.
//!
//! - `parse`: any bytes; the parser never panics, and every error's span lies inside the text, on
//!   character boundaries, and renders with its caret.
//! - `compile`: any bytes, compiled against one variable of each dtype; the same, through the type
//!   checker, the IR and the JIT.
//! - `differential`: an `Arbitrary` expression tree over arrays of every dtype, shape, memory layout and
//!   broadcast pattern, holding NaN, infinities, huge, tiny and negative-zero values; the JIT (on the
//!   strided arrays, with a random thread count and block size) and the interpreter (on contiguous copies,
//!   one thread) must both fail or give the same bits; and where numjit gives a result, its shape must be
//!   the one `numpy_shape` finds from the tree alone by NumPy's rules (where NumPy would raise for a
//!   shape, an axis or an empty reduction, numjit must fail too).

use std::sync::LazyLock;

use arbitrary::Arbitrary;
use ndarray::{ArrayD, Axis, Dimension, IxDyn, ShapeBuilder, Slice};
use numjit::{Backend, DType, DynArray, Error, Options, Vars};

/// The variables the `compile` target declares: the grammar's examples' (`grammar/examples/`), one of
/// each narrow and unsigned integer dtype, float16, and byte strings of two widths.
pub const VARS: [(&str, DType); 17] = [
    ("a", DType::F64),
    ("b", DType::F64),
    ("c", DType::F64),
    ("f", DType::F32),
    ("i", DType::I32),
    ("x", DType::I64),
    ("p", DType::Bool),
    ("q", DType::Bool),
    ("i1", DType::I8),
    ("i2", DType::I16),
    ("u1", DType::U8),
    ("u2", DType::U16),
    ("u4", DType::U32),
    ("u8", DType::U64),
    ("h", DType::F16),
    ("s", DType::Bytes(3)),
    ("t", DType::Bytes(5)),
];

/// The `differential` target's variables, one of each dtype, in the order of `Case::arrays`, then
/// `Case::complex`, then `Case::strings` (byte strings of 3 and 5 bytes).
const NAMES: [&str; 16] = ["p", "i", "x", "f", "a", "i1", "i2", "u1", "u2", "u4", "u8", "h", "y", "z", "s", "t"];

/// An error's span must lie inside `text` on character boundaries, and the error must render.
fn check_error(text: &str, e: &Error) {
    if let Some(span) = e.span {
        assert!(span.start <= span.end && span.end <= text.len(), "span {span:?} outside {} bytes", text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "span {span:?} splits a char");
    }
    let _ = e.clone().with_source(text).to_string();
}

/// The `parse` target.
pub fn parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(e) = numjit::parse(text) {
        check_error(text, &e);
    }
}

/// The `compile` target.
pub fn compile(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(e) = numjit::compile(text, &VARS) {
        check_error(text, &e);
    }
}

/// An expression tree; `render` turns it into text.
#[derive(Arbitrary, Debug)]
pub enum Expr {
    Var(u8),
    Int(i8),
    Float(u8),
    Word(u8),
    Unary(u8, Box<Expr>),
    Binary(u8, Box<Expr>, Box<Expr>),
    Where(Box<Expr>, Box<Expr>, Box<Expr>),
    Reduce(u8, i8, bool, Box<Expr>),
    /// A subscript of a variable (its first `MAX_ITEMS` items; none is the variable alone).
    Subscript(u8, Vec<Item>),
}

/// One item of a subscript: a position, a range (each part may be left out), `...` or `None`.
#[derive(Arbitrary, Clone, Debug)]
pub enum Item {
    At(i8),
    Range(Option<i8>, Option<i8>, Option<i8>),
    Ellipsis,
    NewAxis,
}

/// The most items of a subscript the fuzzer writes: more than any of its arrays has axes.
const MAX_ITEMS: usize = 5;

/// A subscript's items as written between the brackets.
pub fn render_items(items: &[Item]) -> String {
    let part = |v: &Option<i8>| v.map_or(String::new(), |v| v.to_string());
    let item = |i: &Item| match i {
        Item::At(k) => k.to_string(),
        Item::Range(a, b, None) => format!("{}:{}", part(a), part(b)),
        Item::Range(a, b, c) => format!("{}:{}:{}", part(a), part(b), part(c)),
        Item::Ellipsis => "...".to_owned(),
        Item::NewAxis => "None".to_owned(),
    };
    items.iter().take(MAX_ITEMS).map(item).collect::<Vec<_>>().join(", ")
}

/// The operators of one operand, then every elementwise function of one (the library's own list).
static UNARY: LazyLock<Vec<&str>> = LazyLock::new(|| [operators(1), elementwise(1)].concat());
/// The operators of two operands, then every elementwise function of two.
static BINARY: LazyLock<Vec<&str>> = LazyLock::new(|| [operators(2), elementwise(2)].concat());
/// How many of `UNARY` and `BINARY` are operators (the rest are functions).
static OPERATORS: LazyLock<[usize; 2]> = LazyLock::new(|| [operators(1).len(), operators(2).len()]);
/// Every reduction.
static REDUCE: LazyLock<Vec<&str>> =
    LazyLock::new(|| numjit::functions().filter(|f| f.reduction).map(|f| f.name).collect());

/// The symbols of the elementwise operators of `n` operands (the library's own list, less `@`, a matrix
/// product, whose shapes the oracle below does not model).
pub fn operators(n: usize) -> Vec<&'static str> {
    numjit::operators().filter(|o| o.operands == n && o.symbol != "@").map(|o| o.symbol).collect()
}

/// The names of the elementwise functions of `n` operands (at least: `round(x)` is among those of one,
/// its `decimals` being a literal).
pub fn elementwise(n: usize) -> Vec<&'static str> {
    numjit::functions().filter(|f| !f.reduction && !f.matrix && *f.args.start() == n).map(|f| f.name).collect()
}

const FLOATS: [&str; 12] =
    ["0.5", "2.0", "1e300", "-0.0", "inf", "nan", "3.25", "1e-310", "1e-45", "0.1", "7e22", "1e308"];
const WORDS: [&str; 8] =
    ["True", "False", "2147483647", "9223372036854775807", "4294967296", "b'ab'", "'a\\x00b'", "b''"];
/// The byte strings of the `s` and `t` arrays: empty ones, prefixes of each other, NULs inside and at the
/// end, a byte above 127.
const TEXTS: [&[u8]; 8] = [b"", b"a", b"ab", b"a\0b", b"abz", b"\xffz", b"b", b"ab\0\0z"];

/// The expression's text; below depth 6 every node is a variable.
pub fn render(e: &Expr, depth: usize) -> String {
    let sub = |e: &Expr| render(e, depth + 1);
    if depth >= 6 {
        return NAMES[depth % NAMES.len()].to_owned();
    }
    match e {
        Expr::Var(k) => NAMES[*k as usize % NAMES.len()].to_owned(),
        Expr::Int(v) => format!("{v}"),
        Expr::Float(k) => FLOATS[*k as usize % FLOATS.len()].to_owned(),
        Expr::Word(k) => WORDS[*k as usize % WORDS.len()].to_owned(),
        Expr::Unary(k, a) => {
            let k = *k as usize % UNARY.len();
            if k < OPERATORS[0] {
                format!("({}{})", UNARY[k], sub(a))
            } else {
                format!("{}({})", UNARY[k], sub(a))
            }
        }
        Expr::Binary(k, a, b) => {
            let k = *k as usize % BINARY.len();
            if k < OPERATORS[1] {
                format!("({} {} {})", sub(a), BINARY[k], sub(b))
            } else {
                format!("{}({}, {})", BINARY[k], sub(a), sub(b))
            }
        }
        Expr::Where(c, a, b) => format!("where({}, {}, {})", sub(c), sub(a), sub(b)),
        Expr::Subscript(k, items) if items.is_empty() => NAMES[*k as usize % NAMES.len()].to_owned(),
        Expr::Subscript(k, items) => format!("{}[{}]", NAMES[*k as usize % NAMES.len()], render_items(items)),
        Expr::Reduce(k, axis, keepdims, a) => {
            let f = REDUCE[*k as usize % REDUCE.len()];
            let axis = match axis.rem_euclid(5) {
                0 => "None".to_owned(),
                4 => "(0, 1)".to_owned(),
                n => format!("{}", n - 2),
            };
            let keep = if *keepdims { "True" } else { "False" };
            format!("{f}({}, axis={axis}, keepdims={keep})", sub(a))
        }
    }
}

/// Why NumPy would reject an expression whatever its dtypes (see `numpy_shape`).
#[derive(Debug, PartialEq)]
pub enum ShapeError {
    /// Operands whose shapes do not broadcast.
    Broadcast,
    /// An axis out of range or given twice, a tuple for `argmin`/`argmax`, an axis of a 0-d `mean`.
    Axis,
    /// `min`, `max`, `argmin` or `argmax` over no elements.
    Empty,
    /// A subscript NumPy refuses: a position out of range, more positions and ranges than axes, two
    /// ellipses, a step of zero.
    Index,
    /// A matrix product of operands that do not fit: a 0-d operand of `@`, unequal summed lengths, stacks
    /// that do not broadcast.
    MatMul,
}

/// The shape NumPy gives `render(e, depth)` over variables of `shapes` (in `NAMES` order), from the tree
/// alone: an oracle that shares nothing with numjit's stages, so that a shape lost by folding, or a
/// broadcast, axis or empty-reduction error that numjit skips, shows up against it. Dtypes are not
/// modelled: where NumPy would raise for a dtype, any shape is allowed.
pub fn numpy_shape(e: &Expr, shapes: &[Vec<usize>], depth: usize) -> Result<Vec<usize>, ShapeError> {
    let sub = |e: &Expr| numpy_shape(e, shapes, depth + 1);
    if depth >= 6 {
        return Ok(shapes[depth % NAMES.len()].clone());
    }
    match e {
        Expr::Var(k) => Ok(shapes[*k as usize % NAMES.len()].clone()),
        Expr::Int(_) | Expr::Float(_) | Expr::Word(_) => Ok(Vec::new()),
        Expr::Unary(_, a) => sub(a),
        Expr::Binary(_, a, b) => broadcast(&sub(a)?, &sub(b)?),
        Expr::Where(c, a, b) => broadcast(&broadcast(&sub(c)?, &sub(a)?)?, &sub(b)?),
        Expr::Subscript(k, items) => {
            let items = &items[..items.len().min(MAX_ITEMS)];
            index_shape(&shapes[*k as usize % NAMES.len()], items)
        }
        Expr::Reduce(k, axis, keepdims, a) => {
            let f = REDUCE[*k as usize % REDUCE.len()];
            let shape = sub(a)?;
            let ndim = shape.len() as i64;
            let arg = matches!(f, "argmin" | "argmax");
            let axes: Vec<i64> = match axis.rem_euclid(5) {
                0 => (0..ndim).collect(),
                4 if arg => return Err(ShapeError::Axis),
                4 => vec![0, 1],
                // A 0-d array takes axis 0 or -1 as no axis at all, except in `mean` (and `var`, `std`).
                _ if ndim == 0 && !matches!(f, "mean" | "std" | "var") => Vec::new(),
                n => vec![i64::from(n) - 2],
            };
            let mut reduced = vec![false; shape.len()];
            for a in axes {
                let k = if a < 0 { a + ndim } else { a };
                if k < 0 || k >= ndim || reduced[k as usize] {
                    return Err(ShapeError::Axis);
                }
                reduced[k as usize] = true;
            }
            let count: usize = shape.iter().zip(&reduced).filter(|(_, &r)| r).map(|(&d, _)| d).product();
            let out: Vec<usize> = shape
                .iter()
                .zip(&reduced)
                .filter_map(|(&d, &r)| match (r, *keepdims) {
                    (false, _) => Some(d),
                    (true, true) => Some(1),
                    (true, false) => None,
                })
                .collect();
            let needs_elements = matches!(f, "min" | "max" | "argmin" | "argmax");
            if needs_elements && count == 0 && out.iter().product::<usize>() > 0 {
                return Err(ShapeError::Empty);
            }
            Ok(out)
        }
    }
}

/// The shape of NumPy's basic indexing of an array of `shape` with `items`, written out: a position takes
/// its axis away (it must lie in `-len..len`), a range keeps it with the length `slice.indices` gives, `...`
/// stands for the axes no other item takes, `None` inserts an axis of 1, and axes after the items stay.
pub fn index_shape(shape: &[usize], items: &[Item]) -> Result<Vec<usize>, ShapeError> {
    let taken = items.iter().filter(|i| matches!(i, Item::At(_) | Item::Range(..))).count();
    let ellipses = items.iter().filter(|i| matches!(i, Item::Ellipsis)).count();
    if taken > shape.len() || ellipses > 1 {
        return Err(ShapeError::Index);
    }
    let (mut out, mut axis) = (Vec::new(), 0);
    for item in items {
        match item {
            Item::At(k) => {
                let len = shape[axis] as i64;
                if !(-len..len).contains(&i64::from(*k)) {
                    return Err(ShapeError::Index);
                }
                axis += 1;
            }
            Item::Range(start, stop, step) => {
                let step = step.map_or(1, i64::from);
                if step == 0 {
                    return Err(ShapeError::Index);
                }
                out.push(range_of(start.map(i64::from), stop.map(i64::from), step, shape[axis] as i64).1);
                axis += 1;
            }
            Item::Ellipsis => {
                let n = shape.len() - taken;
                out.extend_from_slice(&shape[axis..axis + n]);
                axis += n;
            }
            Item::NewAxis => out.push(1),
        }
    }
    out.extend_from_slice(&shape[axis..]);
    Ok(out)
}

/// The first position and the length of Python's `range(*slice(start, stop, step).indices(len))` (`step`
/// not zero).
pub fn range_of(start: Option<i64>, stop: Option<i64>, step: i64, len: i64) -> (i64, usize) {
    let (lower, upper) = if step > 0 { (0, len) } else { (-1, len - 1) };
    let clip = |v: Option<i64>, missing: i64| match v {
        None => missing,
        Some(v) if v < 0 => (v + len).max(lower),
        Some(v) => v.min(upper),
    };
    let (a, b) =
        if step > 0 { (clip(start, lower), clip(stop, upper)) } else { (clip(start, upper), clip(stop, lower)) };
    let n = if step > 0 { (b - a + step - 1).div_euclid(step) } else { (a - b - step - 1).div_euclid(-step) };
    (a, n.max(0) as usize)
}

/// NumPy's broadcasting rule, written out: shapes aligned at the right, each pair of lengths equal or one
/// of them 1.
pub fn broadcast(a: &[usize], b: &[usize]) -> Result<Vec<usize>, ShapeError> {
    let n = a.len().max(b.len());
    let at = |s: &[usize], k: usize| if k < n - s.len() { 1 } else { s[k - (n - s.len())] };
    (0..n)
        .map(|k| match (at(a, k), at(b, k)) {
            (x, y) if x == y => Ok(x),
            (1, y) => Ok(y),
            (x, 1) => Ok(x),
            _ => Err(ShapeError::Broadcast),
        })
        .collect()
}

/// One input array: its shape, memory layout and elements (indices into a table of values).
#[derive(Arbitrary, Debug)]
pub struct ArraySpec {
    shape: u8,
    rows: u8,
    cols: u8,
    layout: u8,
    picks: Vec<u8>,
}

const F64S: [f64; 20] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    2.5,
    -3.75,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    1e308,
    -1.7e308,
    5e-324,
    1e-310,
    f64::MIN_POSITIVE,
    100.0,
    1e10,
    0.1,
    709.8,
    -745.5,
];
/// Complex values: every float value as a real part beside another as the imaginary part.
static COMPLEX: LazyLock<[numjit::Complex<f64>; 20]> =
    LazyLock::new(|| std::array::from_fn(|k| numjit::Complex::new(F64S[k], F64S[(k + 7) % F64S.len()])));
const I64S: [i64; 16] =
    [0, 1, -1, 2, 7, -128, 3, 100, i32::MAX as i64, i32::MIN as i64, i64::MAX, i64::MIN, 63, 64, -31, 65536];

impl ArraySpec {
    fn shape(&self) -> Vec<usize> {
        let (r, c) = (self.rows as usize % 5, self.cols as usize % 71);
        match self.shape % 6 {
            0 => vec![],
            1 => vec![c],
            2 => vec![r, 1],
            3 => vec![r, c],
            4 => vec![1, c],
            _ => vec![r, c % 9, 2],
        }
    }

    /// The array in its layout: C or Fortran order, or a view with step -2 or 2 along the last axis.
    fn build<T: Clone>(&self, values: &[T]) -> ArrayD<T> {
        let shape = self.shape();
        let n: usize = shape.iter().product();
        let get = |k: usize| match self.picks.is_empty() {
            true => values[k % values.len()].clone(),
            false => values[self.picks[k % self.picks.len()] as usize % values.len()].clone(),
        };
        match self.layout % 4 {
            0 => ArrayD::from_shape_vec(IxDyn(&shape), (0..n).map(get).collect()).expect("the shape's length"),
            1 => ArrayD::from_shape_vec(IxDyn(&shape).f(), (0..n).map(get).collect()).expect("the shape's length"),
            layout => {
                let mut big = shape.clone();
                if let Some(last) = big.last_mut() {
                    *last *= 2;
                }
                let m: usize = big.iter().product();
                let mut a = ArrayD::from_shape_vec(IxDyn(&big), (0..m).map(get).collect()).expect("the shape's length");
                if let Some(ax) = shape.len().checked_sub(1) {
                    a.slice_axis_inplace(Axis(ax), Slice::new(0, None, if layout == 2 { -2 } else { 2 }));
                }
                a
            }
        }
    }
}

/// Byte strings, `c` in C order (each string's bytes along the last axis), laid out as `layout` says:
/// 0 as they are, 1 with the other axes transposed in memory, 2 and 3 every other string of an array twice
/// as long along the last of them, backwards or forwards. Each string's bytes stay together.
pub fn lay_out_strings(c: ArrayD<u8>, layout: u8) -> ArrayD<u8> {
    let k = c.ndim() - 1;
    match layout % 4 {
        1 => {
            let order: Vec<usize> = (0..k).rev().chain([k]).collect();
            let t = c.view().permuted_axes(order.clone()).as_standard_layout().into_owned();
            t.permuted_axes(order)
        }
        2 | 3 if k > 0 => {
            let rev = layout % 4 == 2;
            let mut big = c.shape().to_vec();
            big[k - 1] *= 2;
            let mut b = ArrayD::from_shape_fn(IxDyn(&big), |ix| {
                let mut o = ix.slice().to_vec();
                let j = o[k - 1];
                // `..;-2` takes the odd places from the end, `..;2` the even ones from the start.
                if (j % 2 == 1) != rev {
                    return b'?';
                }
                o[k - 1] = if rev { (big[k - 1] - 1 - j) / 2 } else { j / 2 };
                c[IxDyn(&o)]
            });
            b.slice_axis_inplace(Axis(k - 1), Slice::new(0, None, if rev { -2 } else { 2 }));
            b
        }
        _ => c,
    }
}

/// Byte strings of `width` bytes, `TEXTS[picks[k]]` (cut or NUL-padded) the `k`-th in C order.
pub fn strings_of(shape: &[usize], width: usize, picks: impl Fn(usize) -> usize, layout: u8) -> DynArray {
    let full: Vec<usize> = shape.iter().copied().chain([width]).collect();
    let bytes: Vec<u8> = (0..shape.iter().product::<usize>())
        .flat_map(|k| {
            let s = TEXTS[picks(k) % TEXTS.len()];
            (0..width).map(move |j| s.get(j).copied().unwrap_or(0))
        })
        .collect();
    let c = ArrayD::from_shape_vec(IxDyn(&full), bytes).expect("the shape's length");
    DynArray::Bytes(lay_out_strings(c, layout))
}

/// A whole differential case: the expression, one array per variable, and how the JIT runs.
#[derive(Arbitrary, Debug)]
pub struct Case {
    pub expr: Expr,
    pub arrays: [ArraySpec; 12],
    pub threads: u8,
    pub block: u8,
    /// The complex64 and complex128 arrays (after the others, so that earlier seeds keep their arrays).
    pub complex: [ArraySpec; 2],
    /// The byte-string arrays, 3 and 5 bytes wide (after the others, likewise).
    pub strings: [ArraySpec; 2],
    /// A matrix product around the expression (after the others, likewise): by `product % 4`, none (what
    /// a seed without this byte decodes to), the expression `@` a variable, a variable `@` it, or `dot` of
    /// the two; the variable is `NAMES[product / 4]`.
    pub product: u8,
}

/// The text of `case`'s expression, within its matrix product if it has one.
pub fn case_text(case: &Case) -> String {
    let text = render(&case.expr, 0);
    let var = NAMES[(case.product / 4) as usize % NAMES.len()];
    match case.product % 4 {
        0 => text,
        1 => format!("({text}) @ {var}"),
        2 => format!("{var} @ ({text})"),
        _ => format!("dot(({text}), {var})"),
    }
}

/// The shape NumPy gives `case_text(case)` (see `numpy_shape`).
pub fn case_shape(case: &Case, shapes: &[Vec<usize>]) -> Result<Vec<usize>, ShapeError> {
    let inner = numpy_shape(&case.expr, shapes, 0);
    let var = &shapes[(case.product / 4) as usize % NAMES.len()];
    match case.product % 4 {
        0 => inner,
        1 => matmul_shape(&inner?, var, false),
        2 => matmul_shape(var, &inner?, false),
        _ => matmul_shape(&inner?, var, true),
    }
}

/// The shape of NumPy's `matmul(a, b)` (or `dot`) for operands of shapes `a` and `b`, written out.
pub fn matmul_shape(a: &[usize], b: &[usize], dot: bool) -> Result<Vec<usize>, ShapeError> {
    if dot && (a.is_empty() || b.is_empty()) {
        return broadcast(a, b);
    }
    if a.is_empty() || b.is_empty() {
        return Err(ShapeError::MatMul);
    }
    let k = if b.len() == 1 { b[0] } else { b[b.len() - 2] };
    if a[a.len() - 1] != k {
        return Err(ShapeError::MatMul);
    }
    let mut out: Vec<usize> = if dot {
        a[..a.len() - 1].iter().chain(b.len().checked_sub(2).map_or(&[][..], |n| &b[..n])).copied().collect()
    } else {
        let stack = |s: &[usize]| s[..s.len().saturating_sub(2)].to_vec();
        let mut o = broadcast(&stack(a), &stack(b)).map_err(|_| ShapeError::MatMul)?;
        if a.len() >= 2 {
            o.push(a[a.len() - 2]);
        }
        o
    };
    if b.len() >= 2 {
        out.push(b[b.len() - 1]);
    }
    Ok(out)
}

/// The arrays of a case, in `NAMES` order.
struct Data(Vec<DynArray>);

impl Data {
    fn new(a: &[ArraySpec; 12], c: &[ArraySpec; 2], s: &[ArraySpec; 2]) -> Data {
        let strings = |spec: &ArraySpec, width: usize| {
            let pick = |k: usize| if spec.picks.is_empty() { k } else { spec.picks[k % spec.picks.len()] as usize };
            strings_of(&spec.shape(), width, pick, spec.layout)
        };
        // Each integer dtype gets I64S wrapped to it: its extremes, negatives and shift counts.
        Data(vec![
            a[0].build(&[true, false, false, true, true]).into(),
            a[1].build(&I64S.map(|v| v as i32)).into(),
            a[2].build(&I64S).into(),
            a[3].build(&F64S.map(|v| v as f32)).into(),
            a[4].build(&F64S).into(),
            a[5].build(&I64S.map(|v| v as i8)).into(),
            a[6].build(&I64S.map(|v| v as i16)).into(),
            a[7].build(&I64S.map(|v| v as u8)).into(),
            a[8].build(&I64S.map(|v| v as u16)).into(),
            a[9].build(&I64S.map(|v| v as u32)).into(),
            a[10].build(&I64S.map(|v| v as u64)).into(),
            a[11].build(&F64S.map(numjit::f16_from_f64)).into(),
            // Each float value paired with the one seven places on.
            c[0].build(&COMPLEX.map(|v| numjit::Complex::new(v.re as f32, v.im as f32))).into(),
            c[1].build(&*COMPLEX).into(),
            strings(&s[0], 3),
            strings(&s[1], 5),
        ])
    }

    fn contiguous(&self) -> Data {
        Data(self.0.iter().map(|a| a.view().to_owned()).collect())
    }

    fn vars(&self) -> Vars<'_> {
        let mut v = Vars::new();
        for (name, a) in NAMES.iter().zip(&self.0) {
            v.insert(*name, a);
        }
        v
    }
}

/// Equal shapes and dtypes, and equal bits (any NaN equals any NaN).
pub fn same_bits(a: &DynArray, b: &DynArray) -> bool {
    fn eq<T: Copy>(x: &ArrayD<T>, y: &ArrayD<T>, bits: impl Fn(T) -> u64, nan: impl Fn(T) -> bool) -> bool {
        x.shape() == y.shape() && x.iter().zip(y).all(|(&p, &q)| (nan(p) && nan(q)) || bits(p) == bits(q))
    }
    match (a, b) {
        (DynArray::Bool(x), DynArray::Bool(y)) => x == y,
        (DynArray::I8(x), DynArray::I8(y)) => x == y,
        (DynArray::I16(x), DynArray::I16(y)) => x == y,
        (DynArray::I32(x), DynArray::I32(y)) => x == y,
        (DynArray::I64(x), DynArray::I64(y)) => x == y,
        (DynArray::U8(x), DynArray::U8(y)) => x == y,
        (DynArray::U16(x), DynArray::U16(y)) => x == y,
        (DynArray::U32(x), DynArray::U32(y)) => x == y,
        (DynArray::U64(x), DynArray::U64(y)) => x == y,
        (DynArray::F16(x), DynArray::F16(y)) => eq(x, y, |v| v.to_bits() as u64, numjit::f16::is_nan),
        (DynArray::F32(x), DynArray::F32(y)) => eq(x, y, |v| v.to_bits() as u64, f32::is_nan),
        (DynArray::F64(x), DynArray::F64(y)) => eq(x, y, f64::to_bits, f64::is_nan),
        // Each part on its own: a NaN part equals any NaN part.
        (DynArray::C64(x), DynArray::C64(y)) => {
            eq(&x.mapv(|v| v.re), &y.mapv(|v| v.re), |v| v.to_bits() as u64, f32::is_nan)
                && eq(&x.mapv(|v| v.im), &y.mapv(|v| v.im), |v| v.to_bits() as u64, f32::is_nan)
        }
        (DynArray::C128(x), DynArray::C128(y)) => {
            eq(&x.mapv(|v| v.re), &y.mapv(|v| v.re), f64::to_bits, f64::is_nan)
                && eq(&x.mapv(|v| v.im), &y.mapv(|v| v.im), f64::to_bits, f64::is_nan)
        }
        _ => false,
    }
}

/// The `differential` target.
pub fn differential(case: &Case) {
    let text = case_text(case);
    let data = Data::new(&case.arrays, &case.complex, &case.strings);
    let plain = data.contiguous();
    let jit_opts = Options {
        threads: Some(1 + case.threads as usize % 4),
        block_size: [1, 3, 17, 1000, 8192][case.block as usize % 5],
        parallel_threshold: 0,
        ..Options::default()
    };
    let interp_opts = Options { backend: Backend::Interpreter, threads: Some(1), ..Options::default() };
    let jit = numjit::evaluate_with(&text, &data.vars(), &jit_opts);
    let interp = numjit::evaluate_with(&text, &plain.vars(), &interp_opts);
    let shapes: Vec<Vec<usize>> =
        case.arrays.iter().chain(&case.complex).chain(&case.strings).map(ArraySpec::shape).collect();
    match (&jit, case_shape(case, &shapes)) {
        (Ok(a), Ok(want)) => assert_eq!(a.shape(), want, "{text}: numjit's shape is not NumPy's"),
        (Ok(a), Err(why)) => panic!("{text}: NumPy raises ({why:?}), numjit gives {a:?}"),
        (Err(_), _) => {}
    }
    match (&jit, &interp) {
        // A float product's bits depend on its summation order (GEMM's against the interpreter's loop).
        (Ok(a), Ok(b))
            if !case.product.is_multiple_of(4)
                && matches!(a.dtype(), DType::F16 | DType::F32 | DType::F64 | DType::C64 | DType::C128) =>
        {
            let bound = product_bound(case, &plain);
            assert!(close_products(a, b, &bound), "{text}: the JIT gave {a:?}, the interpreter {b:?}");
        }
        (Ok(a), Ok(b)) => assert!(same_bits(a, b), "{text}: the JIT gave {a:?}, the interpreter {b:?}"),
        (Err(a), Err(b)) => {
            assert_eq!(a.kind, b.kind, "{text}: the back ends fail differently");
            check_error(&text, a);
        }
        _ => panic!("{text}: the JIT gave {jit:?}, the interpreter {interp:?}"),
    }
}

/// For a case with a product, twice the contracted length times the product of the operands' magnitudes
/// (`2 k |L| @ |R|`, by the interpreter, in float64): two summation orders of `k` terms differ by at most
/// this many units of roundoff.
fn product_bound(case: &Case, data: &Data) -> ArrayD<f64> {
    let text = render(&case.expr, 0);
    let var = NAMES[(case.product / 4) as usize % NAMES.len()];
    let (l, r) = match case.product % 4 {
        2 => (var.to_owned(), format!("({text})")),
        _ => (format!("({text})"), var.to_owned()),
    };
    let func = if case.product % 4 == 3 { "dot" } else { "matmul" };
    let opts = Options { backend: Backend::Interpreter, threads: Some(1), ..Options::default() };
    let magnitude = format!("{func}(float64(abs({l})), float64(abs({r})))");
    let k = numjit::evaluate_with(
        &format!("{func}(ones_like(float64({l})), ones_like(float64({r})))"),
        &data.vars(),
        &opts,
    );
    let m = numjit::evaluate_with(&magnitude, &data.vars(), &opts);
    match (m.ok().and_then(|m| m.into_f64().ok()), k.ok().and_then(|k| k.into_f64().ok())) {
        // `k` per element: the product of ones counts the terms summed.
        (Some(m), Some(k)) => m * k * 2.0,
        _ => ArrayD::from_elem(IxDyn(&[]), f64::INFINITY),
    }
}

/// Float products within `bound` units of roundoff of each other, element by element; where the bound
/// is not finite (an infinite or NaN term, or sums that overflow in some order) anything goes. Each part
/// of a complex product sums twice the terms (each at most the product of the moduli): twice the bound.
/// A float16 product is summed in float32 and rounded once, so the two may also differ by the rounding:
/// one unit in the last place of float16 (or be infinite where the other is beyond float16's largest).
fn close_products(a: &DynArray, b: &DynArray, bound: &ArrayD<f64>) -> bool {
    let re = |x: &ArrayD<numjit::Complex<f64>>| x.mapv(|v| v.re);
    let im = |x: &ArrayD<numjit::Complex<f64>>| x.mapv(|v| v.im);
    let widen = |x: &ArrayD<numjit::Complex<f32>>| x.mapv(|v| numjit::Complex::new(v.re.into(), v.im.into()));
    type Pairs = Vec<(ArrayD<f64>, ArrayD<f64>)>;
    let (pairs, u, half): (Pairs, f64, bool) = match (a, b) {
        (DynArray::F64(x), DynArray::F64(y)) => (vec![(x.clone(), y.clone())], f64::EPSILON, false),
        (DynArray::F32(x), DynArray::F32(y)) => {
            (vec![(x.mapv(f64::from), y.mapv(f64::from))], f32::EPSILON as f64, false)
        }
        (DynArray::F16(x), DynArray::F16(y)) => {
            (vec![(x.mapv(|v| v.to_f64()), y.mapv(|v| v.to_f64()))], f32::EPSILON as f64, true)
        }
        (DynArray::C128(x), DynArray::C128(y)) => (vec![(re(x), re(y)), (im(x), im(y))], 2.0 * f64::EPSILON, false),
        (DynArray::C64(x), DynArray::C64(y)) => {
            let (x, y) = (widen(x), widen(y));
            (vec![(re(&x), re(&y)), (im(&x), im(&y))], 2.0 * f32::EPSILON as f64, false)
        }
        _ => return false,
    };
    // One unit in float16's last place at `v` (its subnormals' spacing below the normal range).
    let ulp16 =
        |v: f64| if v.abs() < 2f64.powi(-14) { 2f64.powi(-24) } else { 2f64.powi(v.abs().log2().floor() as i32 - 10) };
    let close = |p: f64, q: f64, b: f64| {
        if !b.is_finite() || p.to_bits() == q.to_bits() {
            return true;
        }
        let room = u * b.max(f64::MIN_POSITIVE);
        if half {
            let beyond = |v: f64| v.is_infinite() || v.abs() >= 65504.0;
            (beyond(p) && beyond(q) && p.signum() == q.signum()) || (p - q).abs() <= room + ulp16(p.abs().max(q.abs()))
        } else {
            (p - q).abs() <= room
        }
    };
    pairs.iter().all(|(x, y)| {
        let Some(bound) = bound.broadcast(x.raw_dim()) else { return false };
        x.shape() == y.shape() && ndarray::Zip::from(x).and(y).and(&bound).all(|&p, &q, &b| close(p, q, b))
    })
}

#[cfg(test)]
mod tests {
    //! Every file of the seed corpora (and every crash saved as a regression) through its target.

    use std::path::Path;

    fn corpus(target: &str) -> Vec<Vec<u8>> {
        // This file's folder's parent, relative to the package being tested (which is where tests run):
        // `fuzz` from the main crate, `` from this one.
        let fuzz = Path::new(file!()).parent().and_then(Path::parent).expect("fuzz/src/lib.rs");
        let dir = fuzz.join("seeds").join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|f| f.expect("a readable corpus entry").path())
            .collect();
        files.sort();
        files.iter().map(|f| std::fs::read(f).expect("a readable corpus file")).collect()
    }

    /// `index_shape` against shapes NumPy 2.4 gave (`np.zeros(shape)[items].shape`, or an error).
    #[test]
    fn index_shapes_are_numpys() {
        use super::Item::{At, Ellipsis, NewAxis, Range};
        let r = |a: Option<i8>, b: Option<i8>, c: Option<i8>| Range(a, b, c);
        // A shape, the items, and the shape NumPy gives (`None`: it raises).
        type Case = (Vec<usize>, Vec<super::Item>, Option<Vec<usize>>);
        let cases: Vec<Case> = vec![
            (vec![4, 5], vec![r(None, None, Some(-2)), At(-1)], Some(vec![2])),
            (vec![4, 5], vec![NewAxis, Ellipsis, r(Some(1), Some(3), None)], Some(vec![1, 4, 2])),
            (vec![3], vec![r(Some(5), Some(1), Some(-2))], Some(vec![1])),
            (vec![3], vec![r(Some(-100), Some(100), None)], Some(vec![3])),
            (vec![2, 3, 4], vec![Ellipsis, At(0), NewAxis], Some(vec![2, 3, 1])),
            (vec![2, 3, 4], vec![At(1), At(2), At(3)], Some(vec![])),
            (vec![0], vec![r(None, None, Some(-1))], Some(vec![0])),
            (vec![], vec![Ellipsis, NewAxis], Some(vec![1])),
            (vec![4], vec![r(Some(3), Some(-3), None)], Some(vec![0])),
            (vec![6], vec![r(Some(-1), Some(-7), Some(-2))], Some(vec![3])),
            (vec![3], vec![At(3)], None),
            (vec![3], vec![At(-4)], None),
            (vec![2, 3], vec![At(0), At(0), At(0)], None),
            (vec![2], vec![Ellipsis, Ellipsis], None),
            (vec![2], vec![r(None, None, Some(0))], None),
        ];
        for (shape, items, want) in cases {
            let got = super::index_shape(&shape, &items).ok();
            assert_eq!(got, want, "{shape:?}[{}]", super::render_items(&items));
        }
    }

    #[test]
    fn parse_corpus() {
        let inputs = corpus("parse");
        assert!(inputs.len() > 20, "the parse corpus has {} files", inputs.len());
        inputs.iter().for_each(|d| super::parse(d));
    }

    #[test]
    fn compile_corpus() {
        let inputs = corpus("compile");
        assert!(inputs.len() > 20, "the compile corpus has {} files", inputs.len());
        inputs.iter().for_each(|d| super::compile(d));
    }

    #[test]
    fn differential_corpus() {
        let inputs = corpus("differential");
        assert!(inputs.len() > 20, "the differential corpus has {} files", inputs.len());
        for d in &inputs {
            if let Ok(case) = arbitrary::Unstructured::new(d).arbitrary() {
                super::differential(&case);
            }
        }
    }

    /// Every seed's expression in each matrix product, with variables of several dtypes: the fuzzer
    /// reaches `Case::product` only where bytes are left after the arrays, so the corpus covers it here.
    #[test]
    fn differential_corpus_in_products() {
        let (mut results, mut runs) = (0, 0);
        for d in &corpus("differential") {
            let Ok(mut case) = arbitrary::Unstructured::new(d).arbitrary::<super::Case>() else { continue };
            // `a` (float64), `x` (int64), `h` (float16) and `z` (complex128) in `NAMES`.
            for product in [1 + 4 * 4, 2 + 4 * 4, 3 + 4 * 4, 1 + 4 * 2, 3 + 4 * 2, 2 + 4 * 11, 1 + 4 * 13] {
                case.product = product;
                super::differential(&case);
                let shapes: Vec<Vec<usize>> =
                    case.arrays.iter().chain(&case.complex).chain(&case.strings).map(super::ArraySpec::shape).collect();
                results += usize::from(super::case_shape(&case, &shapes).is_ok());
                runs += 1;
            }
        }
        // Products that fit, not only errors.
        assert!(results * 10 > runs, "{results} of {runs} products fit");
    }
}
