//! NumPy 2's type promotion (NEP 50) for the five dtypes numjit has.
//!
//! Arrays and typed values are "strong"; Python literals are "weak": they take the dtype of the strong
//! operand when its kind (bool < integer < float) is at least theirs, so `f32 * 2.0` stays float32 and
//! `i32 + 1` stays int32, while `i32 * 2.5` is float64 and `b + 1` (bool) is int64.

use crate::dtype::DType;

/// The dtype two strong operands are computed in.
pub fn promote(a: DType, b: DType) -> DType {
    use DType::*;
    match (a, b) {
        (x, y) if x == y => x,
        (Bool, x) | (x, Bool) => x,
        (I32, I64) | (I64, I32) => I64,
        (F32, F64) | (F64, F32) => F64,
        // Integers with float32: int32 and int64 need float64 to be held exactly (NumPy's rule).
        (I32 | I64, F32) | (F32, I32 | I64) => F64,
        (I32 | I64, F64) | (F64, I32 | I64) => F64,
        _ => unreachable!(),
    }
}

/// The kind of a weak (Python) literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeakKind {
    Int,
    Float,
}

/// The dtype a weak literal of `kind` and a strong operand of `strong` are computed in.
pub fn promote_weak(kind: WeakKind, strong: DType) -> DType {
    match (kind, strong) {
        (WeakKind::Int, DType::Bool) => DType::I64,
        (WeakKind::Int, t) => t,
        (WeakKind::Float, t) if t.is_float() => t,
        (WeakKind::Float, _) => DType::F64,
    }
}

/// The dtype a weak literal takes when nothing strong decides: NumPy's defaults.
pub fn default_dtype(kind: WeakKind) -> DType {
    match kind {
        WeakKind::Int => DType::I64,
        WeakKind::Float => DType::F64,
    }
}

/// The floating dtype a float-only function computes an operand of `t` in. NumPy gives float64 for
/// int32 and int64; for bool it gives float16, which numjit lacks, so bool becomes float32.
pub fn float_of(t: DType) -> DType {
    match t {
        DType::Bool => DType::F32,
        DType::I32 | DType::I64 => DType::F64,
        t => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DType::*;

    #[test]
    fn promotion_is_symmetric_and_idempotent() {
        for a in DType::ALL {
            assert_eq!(promote(a, a), a);
            for b in DType::ALL {
                assert_eq!(promote(a, b), promote(b, a));
            }
        }
    }

    #[test]
    fn numpy_table() {
        assert_eq!(promote(I32, F32), F64);
        assert_eq!(promote(I64, F32), F64);
        assert_eq!(promote(Bool, F32), F32);
        assert_eq!(promote(I32, I64), I64);
        assert_eq!(promote_weak(WeakKind::Float, F32), F32);
        assert_eq!(promote_weak(WeakKind::Float, I32), F64);
        assert_eq!(promote_weak(WeakKind::Int, Bool), I64);
        assert_eq!(promote_weak(WeakKind::Int, I32), I32);
    }
}
