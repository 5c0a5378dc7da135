//! NumPy 2's type promotion (NEP 50) for the dtypes numjit has.
//!
//! Arrays and typed values are "strong"; Python literals are "weak": they take the dtype of the strong
//! operand when its kind (bool < integer < float) is at least theirs, so `f32 * 2.0` stays float32 and
//! `u8 + 1` stays uint8 (a literal outside the dtype's range is an error, `typeck` checks it), while
//! `i32 * 2.5` is float64 and `b + 1` (bool) is int64.

use crate::dtype::DType;

/// The dtype two strong operands are computed in (`numpy.promote_types`).
pub fn promote(a: DType, b: DType) -> DType {
    use DType::*;
    match (a, b) {
        (x, y) if x == y => x,
        // A complex dtype with anything: the complex dtype whose parts hold both parts' floats.
        (c, x) | (x, c) if c.is_complex() => {
            let part = |t: DType| t.complex_part().unwrap_or_else(|| float_of(t));
            promote(part(c), part(x)).complex_of()
        }
        (Bool, x) | (x, Bool) => x,
        (_, F64) | (F64, _) => F64,
        (F16, F32) | (F32, F16) => F32,
        // Integers with a float: the float if they fit in it (8 bits in float16, 16 in float32), else
        // the next float that holds them.
        (i, f @ (F16 | F32)) | (f @ (F16 | F32), i) => {
            if i.size() < f.size() {
                f
            } else {
                float_of(i)
            }
        }
        // Integers of one signedness: the wider.
        (x, y) if x.is_signed() == y.is_signed() => {
            if x.size() >= y.size() {
                x
            } else {
                y
            }
        }
        // A signed and an unsigned integer: the smallest signed one that holds both, float64 past int64.
        (x, y) => {
            let (signed, unsigned) = if x.is_signed() { (x, y) } else { (y, x) };
            match signed.size().max(2 * unsigned.size()) {
                1 => I8,
                2 => I16,
                4 => I32,
                8 => I64,
                _ => F64,
            }
        }
    }
}

/// The kind of a weak (Python) literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeakKind {
    Int,
    Float,
    Complex,
}

/// The dtype a weak literal of `kind` and a strong operand of `strong` are computed in.
pub fn promote_weak(kind: WeakKind, strong: DType) -> DType {
    match (kind, strong) {
        (WeakKind::Int, DType::Bool) => DType::I64,
        (WeakKind::Int, t) => t,
        (WeakKind::Float, t) if t.is_float() || t.is_complex() => t,
        (WeakKind::Float, _) => DType::F64,
        // float16 and float32 give complex64; integers, like float64, complex128.
        (WeakKind::Complex, t) if t.is_float() || t.is_complex() => t.complex_of(),
        (WeakKind::Complex, _) => DType::C128,
    }
}

/// The dtype a weak literal takes when nothing strong decides: NumPy's defaults.
pub fn default_dtype(kind: WeakKind) -> DType {
    match kind {
        WeakKind::Int => DType::I64,
        WeakKind::Float => DType::F64,
        WeakKind::Complex => DType::C128,
    }
}

/// The floating dtype a float-only function computes an operand of `t` in: the smallest that holds it
/// (float16 for bool, int8 and uint8, float32 for 16-bit integers, float64 for wider ones).
pub fn float_of(t: DType) -> DType {
    match t {
        t if t.is_float() => t,
        t if t.size() == 1 => DType::F16,
        t if t.size() == 2 => DType::F32,
        _ => DType::F64,
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
        assert_eq!(promote(U8, I8), I16);
        assert_eq!(promote(U64, I64), F64);
        assert_eq!(promote(U32, I8), I64);
        assert_eq!(promote(U16, F32), F32);
        assert_eq!(promote(U32, F32), F64);
        assert_eq!(promote(I8, I64), I64);
        assert_eq!(promote(U8, U64), U64);
        assert_eq!(promote(U8, I32), I32);
        assert_eq!(float_of(U16), F32);
        assert_eq!(float_of(I8), F16);
        assert_eq!(float_of(Bool), F16);
        assert_eq!(promote(I8, F16), F16);
        assert_eq!(promote(U8, F16), F16);
        assert_eq!(promote(I16, F16), F32);
        assert_eq!(promote(U32, F16), F64);
        assert_eq!(promote(F16, F32), F32);
        assert_eq!(promote(F16, F64), F64);
        assert_eq!(promote_weak(WeakKind::Float, F16), F16);
        assert_eq!(float_of(U32), F64);
        assert_eq!(promote(C64, I16), C64);
        assert_eq!(promote(C64, U16), C64);
        assert_eq!(promote(C64, I32), C128);
        assert_eq!(promote(C64, F16), C64);
        assert_eq!(promote(C64, F64), C128);
        assert_eq!(promote(C64, C128), C128);
        assert_eq!(promote(Bool, C64), C64);
        assert_eq!(promote_weak(WeakKind::Complex, F16), C64);
        assert_eq!(promote_weak(WeakKind::Complex, I8), C128);
        assert_eq!(promote_weak(WeakKind::Float, C64), C64);
        assert_eq!(promote_weak(WeakKind::Int, C64), C64);
    }
}
