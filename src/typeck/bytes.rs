//! Byte strings (NumPy's `S` dtype) in the type checker. A byte string is never a node value: a variable
//! or a literal is an input of the graph (`Val::Bytes`, its index), and the only operations on byte
//! strings, the six comparisons and `contains`, read two such inputs and give bool
//! (`ir::Op::Bytes`). Everything else is an error that says what byte strings take.

use super::{Checker, Val};
use crate::error::{type_error, Error, Result};
use crate::funcs::FuncKind;
use crate::ops::BytesOp;
use crate::span::Span;
use crate::syntax::BinaryOp;

/// What a byte string takes, for messages.
const TAKES: &str = "byte strings can only be compared (`==`, `<`, ...) with byte strings or searched with `contains`";

/// The error for a byte string where a number is needed.
pub(super) fn not_allowed(span: Span) -> Error {
    type_error(TAKES, span)
}

impl Checker<'_> {
    /// A binary operator where an operand is a byte string: a comparison of two byte strings (a bool
    /// node); `None` where neither operand is one.
    pub(super) fn bytes_binary(
        &mut self,
        op: BinaryOp,
        (a, sa): (Val, Span),
        (b, sb): (Val, Span),
    ) -> Result<Option<Val>> {
        let Some(cmp) = super::comparison(op) else {
            return match (a, b) {
                (Val::Bytes(_), _) => Err(not_allowed(sa)),
                (_, Val::Bytes(_)) => Err(not_allowed(sb)),
                _ => Ok(None),
            };
        };
        match (a, b) {
            (Val::Bytes(x), Val::Bytes(y)) => Ok(Some(Val::Node(self.b.bytes(BytesOp::Cmp(cmp), x, y)))),
            (Val::Bytes(_), other) => Err(self.mismatch(other, sb)),
            (other, Val::Bytes(_)) => Err(self.mismatch(other, sa)),
            _ => Ok(None),
        }
    }

    /// The error for a number compared with a byte string (NumPy answers `==` and `!=` elementwise with
    /// all False or all True and raises for the others; numexpr raises for all: README).
    fn mismatch(&self, other: Val, span: Span) -> Error {
        let what = match self.dtype_of(other) {
            Some(t) => t.to_string(),
            None => "a number".to_owned(),
        };
        type_error(format!("a byte string compares only with byte strings, not with {what}"), span)
    }

    /// A call with a byte-string argument: `contains(haystack, needle)` of two byte strings (a bool node);
    /// `None` where the call is not `contains` and takes no byte string.
    pub(super) fn bytes_call(&mut self, kind: FuncKind, name: &str, args: &[(Val, Span)]) -> Result<Option<Val>> {
        if kind == FuncKind::Contains {
            let [(a, sa), (b, sb)] = args else { unreachable!("contains takes two arguments (its arity)") };
            return match (*a, *b) {
                (Val::Bytes(x), Val::Bytes(y)) => Ok(Some(Val::Node(self.b.bytes(BytesOp::Contains, x, y)))),
                (Val::Bytes(_), _) => Err(type_error("`contains` searches a byte string for a byte string", *sb)),
                _ => Err(type_error("`contains` searches a byte string for a byte string", *sa)),
            };
        }
        match args.iter().find(|(v, _)| matches!(v, Val::Bytes(_))) {
            Some(&(_, span)) => Err(type_error(format!("`{name}` does not take byte strings: {TAKES}"), span)),
            None => Ok(None),
        }
    }
}
