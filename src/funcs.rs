//! The function table: every function an expression can call, with its arity and dtype rule.
//!
//! The type checker reads this table to resolve a call, the REPL reads it for completion and help, and each
//! entry names the IR operation it becomes, whose meaning is in `ops` (scalar semantics, used by constant
//! folding and the interpreter) and `jit::lower` (vector code). Adding a function is one row here plus its
//! operation.

use crate::dtype::DType;
use crate::ops::{BinOp, UnOp};

/// How a function's operands are typed and what it becomes in the IR.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FuncKind {
    /// One operand, computed in floating point: integers become float64, bool float32.
    FloatUnary(UnOp),
    /// One operand; integer and bool operands are returned unchanged (floor, ceil, trunc, round).
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
    /// A conversion to the given dtype.
    Cast(DType),
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
    /// The number of positional arguments the function takes.
    pub fn arity(&self) -> usize {
        match self.kind {
            FuncKind::FloatUnary(_)
            | FuncKind::RoundingUnary(_)
            | FuncKind::NumericUnary(_)
            | FuncKind::FloatPredicate(_)
            | FuncKind::Cast(_) => 1,
            FuncKind::PromotedBinary(_) | FuncKind::FloatBinary(_) => 2,
            FuncKind::Where => 3,
        }
    }
}

macro_rules! funcs {
    ($($name:literal => $kind:expr, $doc:literal;)*) => {
        /// Every function, in the order the REPL lists them.
        pub static FUNCS: &[Func] = &[$(Func { name: $name, kind: $kind, doc: $doc }),*];
    };
}

use FuncKind::*;

funcs! {
    "where" => Where, "where(c, x, y): x where c is true, else y";
    "abs" => NumericUnary(UnOp::Abs), "absolute value";
    "absolute" => NumericUnary(UnOp::Abs), "absolute value (NumPy's name)";
    "sign" => NumericUnary(UnOp::Sign), "-1, 0 or 1 (NaN stays NaN)";
    "sqrt" => FloatUnary(UnOp::Sqrt), "square root";
    "floor" => RoundingUnary(UnOp::Floor), "round toward minus infinity";
    "ceil" => RoundingUnary(UnOp::Ceil), "round toward plus infinity";
    "trunc" => RoundingUnary(UnOp::Trunc), "round toward zero";
    "round" => RoundingUnary(UnOp::Round), "round to nearest, ties to even";
    "isnan" => FloatPredicate(UnOp::IsNan), "true where NaN";
    "isinf" => FloatPredicate(UnOp::IsInf), "true where infinite";
    "isfinite" => FloatPredicate(UnOp::IsFinite), "true where neither NaN nor infinite";
    "minimum" => PromotedBinary(BinOp::Min), "elementwise minimum, NaN-propagating";
    "maximum" => PromotedBinary(BinOp::Max), "elementwise maximum, NaN-propagating";
    "copysign" => FloatBinary(BinOp::CopySign), "copysign(x, y): |x| with the sign of y";
    "bool" => Cast(DType::Bool), "convert to bool (nonzero is true)";
    "int32" => Cast(DType::I32), "convert to int32 (floats truncate)";
    "int64" => Cast(DType::I64), "convert to int64 (floats truncate)";
    "float32" => Cast(DType::F32), "convert to float32";
    "float64" => Cast(DType::F64), "convert to float64";
}

/// Finds a function by name.
pub fn lookup(name: &str) -> Option<&'static Func> {
    FUNCS.iter().find(|f| f.name == name)
}

/// Names that are constants unless a variable of that name is given, and their values.
pub static CONSTANTS: &[(&str, f64)] = &[
    ("pi", std::f64::consts::PI),
    ("e", std::f64::consts::E),
    ("inf", f64::INFINITY),
    ("nan", f64::NAN),
];

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
        for f in FUNCS {
            assert_eq!(lookup(f.name).unwrap().name, f.name);
        }
        assert!(lookup("nosuch").is_none());
    }
}
