//! The one error type of the library.
//!
//! Every failure, from a stray character in the expression to an output array of the wrong shape, is an
//! `Error` with an `ErrorKind` and, where it points into the expression, a `Span`. `Display` prints the
//! message and, when the expression text is attached, the expression with carets under the span.

use std::fmt;

use crate::span::{write_caret, Span};

/// What went wrong.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text does not follow the grammar: what was expected and what was found.
    Syntax { expected: String, found: String },
    /// A comparison chained onto another, such as `a < b < c`.
    ChainedComparison,
    /// The expression is longer, deeper or larger than the stated limits.
    TooComplex { what: &'static str, limit: usize },
    /// A name that is neither a variable nor a constant.
    UnknownVariable { name: String, suggestion: Option<String> },
    /// A call to a function that does not exist.
    UnknownFunction { name: String, suggestion: Option<String> },
    /// A call with the wrong number of arguments.
    Arity { func: String, expected: String, found: usize },
    /// A keyword argument the function does not take.
    UnknownKeyword { func: String, keyword: String },
    /// An operation applied to a dtype it is not defined for.
    Type { message: String },
    /// A literal out of range of the type it must take.
    Literal { message: String },
    /// A value NumPy refuses for its value, not its dtype (NumPy's `ValueError`): an integer raised to a
    /// negative integer literal, a slice step of zero.
    Value { message: String },
    /// Input shapes that do not broadcast together.
    Broadcast { shapes: Vec<Vec<usize>> },
    /// The output array's shape or dtype is not what the expression produces.
    Output { message: String },
    /// A variable given with another dtype than the kernel was compiled for, or not given at all.
    Input { message: String },
    /// The result would be too large to allocate.
    Size { message: String },
    /// A reduction's `axis` that does not fit the array it reduces, or a reduction that needs at least one
    /// element given none (`max` of an empty array).
    Axis { message: String },
    /// A subscript that does not fit the array it indexes (NumPy's `IndexError`): a position out of
    /// range, more indices than axes.
    Index { message: String },
    /// The code generator failed (a bug: please report it with the expression).
    Codegen { message: String },
    /// The evaluation was cancelled through `Options::cancel`; the output is partly written.
    Cancelled,
}

/// An error, with the place in the expression it refers to where there is one. `Debug` prints what
/// `Display` does (the message and its caret), so that `fn main() -> Result<(), Error>` reads well.
#[derive(Clone, PartialEq)]
pub struct Error {
    pub kind: ErrorKind,
    pub span: Option<Span>,
    /// The expression text, attached by the public API so that `Display` can point into it.
    source_text: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, span: Span) -> Error {
        Error { kind, span: Some(span), source_text: None }
    }

    /// An error that points nowhere in the expression (shapes, dtypes of arrays, ...).
    pub fn general(kind: ErrorKind) -> Error {
        Error { kind, span: None, source_text: None }
    }

    /// Points an error that points nowhere at `span`.
    pub fn at(mut self, span: Span) -> Error {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Attaches the expression text for `Display`; a text already attached is kept.
    pub fn with_source(mut self, text: &str) -> Error {
        if self.source_text.is_none() && self.span.is_some() {
            self.source_text = Some(text.to_owned());
        }
        self
    }

    /// Attaches `text` for `Display`, replacing a text already attached: for a caller that evaluated a
    /// rewritten expression whose spans are those of `text` (the command replaces each constructor call by
    /// a name of the same length).
    pub fn in_source(mut self, text: &str) -> Error {
        self.source_text = self.span.is_some().then(|| text.to_owned());
        self
    }

    /// A hint for the user, where there is a useful one.
    pub fn hint(&self) -> Option<String> {
        match &self.kind {
            ErrorKind::ChainedComparison => Some(
                "write `(a < b) & (b < c)`; as in Python, `&`, `|` and `^` bind tighter than comparisons".to_owned(),
            ),
            ErrorKind::UnknownVariable { suggestion: Some(s), .. }
            | ErrorKind::UnknownFunction { suggestion: Some(s), .. } => Some(format!("did you mean `{s}`?")),
            ErrorKind::Syntax { expected, .. } if expected.starts_with("`real` or `imag`") => Some(
                "the only attributes are `.real` and `.imag`, and there are no methods: write `sum(a)` for \
                 `a.sum()`, `abs(a)` for `a.abs()`"
                    .to_owned(),
            ),
            _ => None,
        }
    }

    fn message(&self) -> String {
        match &self.kind {
            ErrorKind::Syntax { expected, found } => format!("expected {expected}, found {found}"),
            ErrorKind::ChainedComparison => "comparisons cannot be chained".to_owned(),
            ErrorKind::TooComplex { what, limit } => {
                format!("expression too complex: {what} exceeds the limit of {limit}")
            }
            ErrorKind::UnknownVariable { name, .. } => format!("unknown variable `{name}`"),
            ErrorKind::UnknownFunction { name, .. } => format!("unknown function `{name}`"),
            ErrorKind::Arity { func, expected, found } => {
                format!("`{func}` takes {expected}, but {found} were given")
            }
            ErrorKind::UnknownKeyword { func, keyword } => {
                format!("`{func}` takes no keyword argument `{keyword}`")
            }
            ErrorKind::Type { message }
            | ErrorKind::Literal { message }
            | ErrorKind::Value { message }
            | ErrorKind::Output { message }
            | ErrorKind::Input { message }
            | ErrorKind::Size { message }
            | ErrorKind::Axis { message }
            | ErrorKind::Index { message } => message.clone(),
            ErrorKind::Broadcast { shapes } => {
                let shapes: Vec<String> = shapes.iter().map(|s| format_shape(s)).collect();
                format!("shapes {} cannot be broadcast together", shapes.join(" and "))
            }
            ErrorKind::Codegen { message } => format!("internal code generation error: {message}"),
            ErrorKind::Cancelled => "cancelled".to_owned(),
        }
    }
}

/// A shape as NumPy prints it: `(3,)`, `(2, 3)`, `()`.
pub fn format_shape(shape: &[usize]) -> String {
    match shape {
        [n] => format!("({n},)"),
        _ => {
            let parts: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
            format!("({})", parts.join(", "))
        }
    }
}

pub(crate) fn type_error(message: impl Into<String>, span: Span) -> Error {
    Error::new(ErrorKind::Type { message: message.into() }, span)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message())?;
        if let (Some(text), Some(span)) = (&self.source_text, self.span) {
            writeln!(f)?;
            write_caret(f, text, span)?;
        }
        if let Some(hint) = self.hint() {
            write!(f, "\nhint: {hint}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}

/// The message of an output whose shape is not the result's; `into` names where the result goes.
pub(crate) fn shape_mismatch(result: &[usize], into: &str, out: &[usize]) -> Error {
    let message = format!("the result has shape {}, but {into} has shape {}", format_shape(result), format_shape(out));
    Error::general(ErrorKind::Output { message })
}

/// The closest of `candidates` to `name` by edit distance, if it is close enough to be a likely typo.
/// The candidate `name` was most likely meant to be, if one is near enough (within an edit for every three
/// characters): the engine's "did you mean" hints, public so that a front end suggests alike.
///
/// Ranked by edit distance; among equally near candidates, the more commonly used function first (`sinn` is
/// `sin`, not `sign`), then the one sharing the longest start with `name`, then the shorter (a doubled
/// letter is the likelier slip: `sin`, not `sinh`), then the first given.
///
/// ```
/// assert_eq!(numjit::did_you_mean("sinn", ["sign", "sinh", "sin"]).as_deref(), Some("sin"));
/// assert_eq!(numjit::did_you_mean("expp", ["exp2", "exp"]).as_deref(), Some("exp"));
/// assert_eq!(numjit::did_you_mean("mena", ["mean", "min"]).as_deref(), Some("mean"));
/// assert_eq!(numjit::did_you_mean("zzz", ["sin"]), None);
/// ```
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let rank = |c: &str| {
        let used = COMMON.iter().position(|&k| k == c).unwrap_or(COMMON.len());
        let shared = name.chars().zip(c.chars()).take_while(|(a, b)| a == b).count();
        (edit_distance(name, c), used, std::cmp::Reverse(shared), c.len())
    };
    let mut best: Option<(_, &str)> = None;
    for c in candidates {
        let r = rank(c);
        if r.0 <= (name.len().max(c.len()) / 3).max(1) && best.as_ref().is_none_or(|(b, _)| r < *b) {
            best = Some((r, c));
        }
    }
    best.map(|(_, c)| c.to_owned())
}

/// Names in the order NumPy users reach for them, most common first: the tie-break between equally near
/// suggestions. Names not listed come after, in the other tie-breaks' order.
const COMMON: &[&str] = &[
    "sum", "where", "sqrt", "exp", "log", "abs", "mean", "max", "min", "sin", "cos", "std", "pi", "e", "tan",
    "arctan2", "log10", "floor", "ceil", "round", "power", "tanh", "prod", "var", "clip", "arcsin", "arccos", "arctan",
    "log2", "log1p", "expm1", "sinh", "cosh", "sign", "isnan", "isfinite", "isinf", "hypot", "maximum", "minimum",
    "any", "all", "argmax", "argmin",
];

/// Edits (insert, delete, substitute, or swap two neighbours: `mena` for `mean` is one slip) from `a` to `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_draws_caret_and_hint() {
        let e =
            Error::new(ErrorKind::UnknownVariable { name: "bb".into(), suggestion: Some("b".into()) }, Span::new(4, 6))
                .with_source("a + bb");
        assert_eq!(e.to_string(), "error: unknown variable `bb`\n  a + bb\n      ^^\nhint: did you mean `b`?");
    }

    #[test]
    fn suggestions_are_close_names_only() {
        assert_eq!(did_you_mean("sqr", ["sqrt", "sign"]), Some("sqrt".into()));
        assert_eq!(did_you_mean("zzzz", ["sqrt", "sign"]), None);
        // Equally near: the one that starts as the name does, wherever it is listed.
        assert_eq!(did_you_mean("sinn", ["sign", "sinh", "sin"]), Some("sin".into()));
        assert_eq!(did_you_mean("coss", ["cos", "cosh"]), Some("cos".into()));
        assert_eq!(did_you_mean("arcsni", ["arcsin", "arccos"]), Some("arcsin".into()));
        // Equally near and both start alike: the more used one (`sim` is one edit from `sin` and `sum`).
        assert_eq!(did_you_mean("sim", ["sin", "sum"]), Some("sum".into()));
        assert_eq!(did_you_mean("sim", ["sign", "sin"]), Some("sin".into()));
        // Swapped neighbours are one slip.
        assert_eq!(did_you_mean("mena", ["min", "mean"]), Some("mean".into()));
        assert_eq!(did_you_mean("wehre", ["where"]), Some("where".into()));
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("abc", "ca"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn shapes_print_as_numpy() {
        assert_eq!(format_shape(&[3]), "(3,)");
        assert_eq!(format_shape(&[2, 3]), "(2, 3)");
        assert_eq!(format_shape(&[]), "()");
    }
}
