//! The function table: every function an expression can call, with its arity and dtype rule.
//!
//! The type checker reads this table to resolve a call, the REPL reads it for completion and help, and each
//! entry names the IR operation it becomes, whose meaning is in `ops` (scalar semantics, used by constant
//! folding and the interpreter) and `jit::lower` (vector code). Adding a function is one row here plus its
//! operation.

use crate::dtype::DType;
use std::sync::LazyLock;

use crate::ops::{BinOp, UnOp};
use crate::vmath::{MathFn, MathFn2};

/// How a function's operands are typed and what it becomes in the IR.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FuncKind {
    /// One operand, computed in floating point: the smallest float that holds the operand's values (bool,
    /// int8 and uint8 float16; int16 and uint16 float32; wider integers float64).
    FloatUnary(UnOp),
    /// One operand; integer and bool operands are returned unchanged (floor, ceil, trunc), but `round`
    /// of bool is float16, as in NumPy.
    RoundingUnary(UnOp),
    /// One numeric operand of any dtype, result of the same dtype (`abs`, `sign`).
    NumericUnary(UnOp),
    /// A float predicate: false (or for `isfinite` true) for every integer or bool element.
    FloatPredicate(UnOp),
    /// Two operands, promoted together; on bool `minimum` is `&` and `maximum` is `|`.
    PromotedBinary(BinOp),
    /// Two operands promoted together and then to a float (`copysign`).
    FloatBinary(BinOp),
    /// `where(condition, x, y)`.
    Where,
    /// `power(x, y)`: the `**` operator as a function.
    Power,
    /// A conversion to the given dtype.
    Cast(DType),
    /// The operand itself (`copy`).
    Identity,
    /// The complex conjugate: the operand itself for real numbers; NumPy has no bool loop and computes
    /// it in int8, for which numjit uses int32.
    Conj,
    /// Ones of the operand's dtype, in its shape.
    OnesLike,
    /// The real part (`x.real`): a real operand itself.
    Real,
    /// The imaginary part (`x.imag`): zeros of a real operand's dtype.
    Imag,
    /// `complex(re, im)`: the complex number of two real parts, complex64 where both fit float32, else
    /// complex128.
    Complex,
    /// `contains(haystack, needle)`: whether a byte string occurs in another.
    Contains,
    /// A reduction: one operand, then `axis` (positional or keyword), `keepdims=` and for `std` and `var`
    /// `ddof=`.
    Reduce(Reduction),
    /// A matrix product of two operands: `matmul`'s rules, or `dot`'s where true.
    MatMul(bool),
}

/// The reductions as the user names them; the type checker writes each as IR reductions (`var` is a mean
/// of squared deviations from a mean, `std` its square root).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduction {
    Sum,
    Prod,
    Min,
    Max,
    Mean,
    Std,
    Var,
    Any,
    All,
    CountNonzero,
    ArgMin,
    ArgMax,
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct Func {
    pub name: &'static str,
    pub kind: FuncKind,
    /// One line of help for the REPL.
    pub doc: &'static str,
}

impl Func {
    /// The number of positional arguments the function takes: at least the first, at most the second.
    pub fn arity(&self) -> (usize, usize) {
        let n = match self.kind {
            FuncKind::FloatUnary(_)
            | FuncKind::RoundingUnary(_)
            | FuncKind::NumericUnary(_)
            | FuncKind::FloatPredicate(_)
            | FuncKind::Cast(_)
            | FuncKind::Identity
            | FuncKind::Conj
            | FuncKind::Real
            | FuncKind::Imag
            | FuncKind::OnesLike => 1,
            FuncKind::PromotedBinary(_)
            | FuncKind::FloatBinary(_)
            | FuncKind::Power
            | FuncKind::Complex
            | FuncKind::Contains
            | FuncKind::MatMul(_) => 2,
            FuncKind::Where => 3,
            FuncKind::Reduce(_) => return (1, 2),
        };
        if let FuncKind::RoundingUnary(UnOp::Round) = self.kind {
            return (1, 2);
        }
        (n, n)
    }

    /// The keyword arguments the function takes.
    pub fn keywords(&self) -> &'static [&'static str] {
        match self.kind {
            FuncKind::Reduce(Reduction::Std | Reduction::Var) => &["axis", "keepdims", "ddof"],
            FuncKind::Reduce(_) => &["axis", "keepdims"],
            FuncKind::RoundingUnary(UnOp::Round) => &["decimals"],
            _ => &[],
        }
    }
}

macro_rules! funcs {
    ($(#[$doc:meta])* $table:ident: $($name:literal => $kind:expr, $help:literal;)*) => {
        $(#[$doc])*
        static $table: &[Func] = &[$(Func { name: $name, kind: $kind, doc: $help }),*];
    };
}

use FuncKind::*;

funcs! {
    /// The functions listed before the vector-math ones.
    FIRST:
    "where" => Where, "where(c, x, y): x where c is true, else y";
    "abs" => NumericUnary(UnOp::Abs), "abs(x): the absolute value";
    "absolute" => NumericUnary(UnOp::Abs), "absolute(x): the absolute value (NumPy's name for abs)";
    "sign" => NumericUnary(UnOp::Sign), "sign(x): -1, 0 or 1 by the sign of x (NaN stays NaN)";
    "sqrt" => FloatUnary(UnOp::Sqrt), "sqrt(x): the square root";
    "floor" => RoundingUnary(UnOp::Floor), "floor(x): x rounded toward minus infinity";
    "ceil" => RoundingUnary(UnOp::Ceil), "ceil(x): x rounded toward plus infinity";
    "trunc" => RoundingUnary(UnOp::Trunc), "trunc(x): x rounded toward zero";
    "round" => RoundingUnary(UnOp::Round), "round(x, decimals=0): x rounded to `decimals` decimal places (negative: to tens, hundreds, ...), ties to even";
    "isnan" => FloatPredicate(UnOp::IsNan), "isnan(x): true where x is NaN";
    "isinf" => FloatPredicate(UnOp::IsInf), "isinf(x): true where x is infinite";
    "isfinite" => FloatPredicate(UnOp::IsFinite), "isfinite(x): true where x is neither NaN nor infinite";
    "minimum" => PromotedBinary(BinOp::Min), "minimum(x, y): the smaller, element by element (NaN if either is)";
    "maximum" => PromotedBinary(BinOp::Max), "maximum(x, y): the larger, element by element (NaN if either is)";
    "copysign" => FloatBinary(BinOp::CopySign), "copysign(x, y): |x| with the sign of y";
    "nextafter" => FloatBinary(BinOp::NextAfter), "nextafter(x, y): the next float after x toward y";
    "signbit" => FloatUnary(UnOp::SignBit), "signbit(x): true where the sign bit of x is set (also -0.0)";
}

funcs! {
    /// The functions listed after the vector-math ones.
    LAST:
    "fmod" => PromotedBinary(BinOp::Fmod), "fmod(x, y): remainder with the sign of x (C's fmod)";
    "power" => Power, "power(x, y): x ** y";
    "pow" => Power, "pow: power under another name";
    "copy" => Identity, "copy(x): x itself (every result is a new array anyway)";
    "conj" => Conj, "conj(x): the complex conjugate, which for real numbers is x";
    "conjugate" => Conj, "conjugate: conj under NumPy's other name";
    "real" => Real, "real(x): the real part (also `x.real`), x itself for real numbers";
    "imag" => Imag, "imag(x): the imaginary part (also `x.imag`), zeros for real numbers";
    "complex" => Complex, "complex(re, im): the complex number re + im*1j, its parts exactly re and im";
    "contains" => Contains, "contains(s, t): whether byte string t occurs in s (NUL bytes at their ends ignored)";
    "ones_like" => OnesLike, "ones_like(x): ones of x's dtype and shape";
    "matmul" => MatMul(false), "matmul(a, b): the matrix product a @ b (stacks of matrices broadcast; 1-d vectors)";
    "dot" => MatMul(true), "dot(a, b): NumPy's dot: a @ b for 1-d and 2-d, sum over a's last and b's second-to-last axis";
    "sum" => Reduce(Reduction::Sum), "sum(x, axis=None, keepdims=False): pairwise for floats; ints sum in int64";
    "prod" => Reduce(Reduction::Prod), "prod(x, axis=None, keepdims=False): product; ints in int64";
    "min" => Reduce(Reduction::Min), "min(x, axis=None, keepdims=False): smallest element, NaN if any is NaN";
    "max" => Reduce(Reduction::Max), "max(x, axis=None, keepdims=False): largest element, NaN if any is NaN";
    "mean" => Reduce(Reduction::Mean), "mean(x, axis=None, keepdims=False): ints and bools in float64";
    "std" => Reduce(Reduction::Std), "std(x, axis=None, keepdims=False, ddof=0): standard deviation";
    "var" => Reduce(Reduction::Var), "var(x, axis=None, keepdims=False, ddof=0): variance";
    "any" => Reduce(Reduction::Any), "any(x, axis=None, keepdims=False): whether any element is nonzero";
    "all" => Reduce(Reduction::All), "all(x, axis=None, keepdims=False): whether every element is nonzero";
    "count_nonzero" => Reduce(Reduction::CountNonzero), "count_nonzero(x, axis=None, keepdims=False): int64 count";
    "argmin" => Reduce(Reduction::ArgMin), "argmin(x, axis=None, keepdims=False): index of the first minimum";
    "argmax" => Reduce(Reduction::ArgMax), "argmax(x, axis=None, keepdims=False): index of the first maximum";
    "bool" => Cast(DType::Bool), "bool(x): x as bool (nonzero is true)";
    "int8" => Cast(DType::I8), "int8(x): x as int8 (floats truncate, integers wrap)";
    "int16" => Cast(DType::I16), "int16(x): x as int16 (floats truncate, integers wrap)";
    "int32" => Cast(DType::I32), "int32(x): x as int32 (floats truncate, integers wrap)";
    "int64" => Cast(DType::I64), "int64(x): x as int64 (floats truncate)";
    "uint8" => Cast(DType::U8), "uint8(x): x as uint8 (floats truncate, integers wrap)";
    "uint16" => Cast(DType::U16), "uint16(x): x as uint16 (floats truncate, integers wrap)";
    "uint32" => Cast(DType::U32), "uint32(x): x as uint32 (floats truncate, integers wrap)";
    "uint64" => Cast(DType::U64), "uint64(x): x as uint64 (floats truncate, integers wrap)";
    "float16" => Cast(DType::F16), "float16(x): x as float16 (rounded to nearest even; beyond 65504 infinite)";
    "float32" => Cast(DType::F32), "float32(x): x as float32";
    "float64" => Cast(DType::F64), "float64(x): x as float64";
    "complex64" => Cast(DType::C64), "complex64(x): x as complex64 (two float32 parts)";
    "complex128" => Cast(DType::C128), "complex128(x): x as complex128 (two float64 parts)";
}

/// Every function, in the order the REPL lists them: the vector-math functions (`vmath`'s table, their
/// own names and then their aliases) between the others.
pub static FUNCS: LazyLock<Vec<Func>> = LazyLock::new(|| {
    let row = |(name, doc): &(&'static str, &'static str), kind| Func { name, kind, doc };
    let unary =
        |k: usize| MathFn::ALL.iter().flat_map(move |&f| f.names().get(k).map(|n| row(n, FloatUnary(UnOp::Math(f)))));
    let binary = MathFn2::ALL.iter().flat_map(|&f| f.names().iter().map(move |n| row(n, FloatBinary(BinOp::Math(f)))));
    FIRST.iter().copied().chain(unary(0)).chain(unary(1)).chain(binary).chain(LAST.iter().copied()).collect()
});

/// Finds a function by name.
pub fn lookup(name: &str) -> Option<&'static Func> {
    FUNCS.iter().find(|f| f.name == name)
}

/// Names that are constants unless a variable of that name is given, and their values.
pub static CONSTANTS: &[(&str, f64)] =
    &[("pi", std::f64::consts::PI), ("e", std::f64::consts::E), ("inf", f64::INFINITY), ("nan", f64::NAN)];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = FUNCS.iter().map(|f| f.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), FUNCS.len());
    }

    #[test]
    fn lookup_finds_every_row() {
        for f in FUNCS.iter() {
            assert_eq!(lookup(f.name).unwrap().name, f.name);
        }
        assert!(lookup("nosuch").is_none());
    }
}
