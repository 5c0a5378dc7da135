//! The typed operations of the IR and what each does to one element.
//!
//! This file is the definition of numjit's arithmetic: NumPy 2's semantics for each operation and dtype,
//! written as plain Rust on `Scalar`s. Constant folding and the reference interpreter call these functions,
//! and the JIT's lowerings are tested against them. Operations here are typed: both operands of a binary
//! operation have one dtype (the type checker has inserted the casts), and the result has that dtype,
//! except comparisons, which give bool.

use crate::dtype::{DType, Scalar};
use crate::vmath::{MathFn, MathFn2, Precision};

/// Operations of one operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnOp {
    Neg,
    /// Logical not on bool, bitwise not on integers.
    Not,
    Abs,
    Sqrt,
    Floor,
    Ceil,
    Trunc,
    /// Round half to even.
    Round,
    Sign,
    IsNan,
    IsInf,
    IsFinite,
    /// Whether the sign bit is set (`-0.0` and NaNs with it too).
    SignBit,
    /// A vector-math function of one float (`vmath`'s table).
    Math(MathFn),
}

/// Operations of two operands of one dtype.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    /// True division (floats only).
    Div,
    FloorDiv,
    Mod,
    Pow,
    /// Logical on bool, bitwise on integers.
    And,
    Or,
    Xor,
    Shl,
    Shr,
    Lt,
    Le,
    Eq,
    Ne,
    Ge,
    Gt,
    /// NaN-propagating minimum (`numpy.minimum`).
    Min,
    /// NaN-propagating maximum (`numpy.maximum`).
    Max,
    CopySign,
    /// The next float after x toward y (C's `nextafter`).
    NextAfter,
    /// A vector-math function of two floats (`vmath`'s table).
    Math(MathFn2),
    /// C's `fmod`: the remainder with the dividend's sign (integers: by zero gives 0).
    Fmod,
}

impl UnOp {
    pub fn name(self) -> &'static str {
        match self {
            UnOp::Neg => "neg",
            UnOp::Not => "not",
            UnOp::Abs => "abs",
            UnOp::Sqrt => "sqrt",
            UnOp::Floor => "floor",
            UnOp::Ceil => "ceil",
            UnOp::Trunc => "trunc",
            UnOp::Round => "round",
            UnOp::Sign => "sign",
            UnOp::IsNan => "isnan",
            UnOp::IsInf => "isinf",
            UnOp::IsFinite => "isfinite",
            UnOp::SignBit => "signbit",
            UnOp::Math(f) => f.name(),
        }
    }

    /// The result dtype for an operand of dtype `t` (the operand dtype is checked by the type checker).
    pub fn result(self, t: DType) -> DType {
        match self {
            UnOp::IsNan | UnOp::IsInf | UnOp::IsFinite | UnOp::SignBit => DType::Bool,
            _ => t,
        }
    }
}

impl BinOp {
    pub fn name(self) -> &'static str {
        match self {
            BinOp::Add => "add",
            BinOp::Sub => "sub",
            BinOp::Mul => "mul",
            BinOp::Div => "div",
            BinOp::FloorDiv => "floordiv",
            BinOp::Mod => "mod",
            BinOp::Pow => "pow",
            BinOp::And => "and",
            BinOp::Or => "or",
            BinOp::Xor => "xor",
            BinOp::Shl => "shl",
            BinOp::Shr => "shr",
            BinOp::Lt => "lt",
            BinOp::Le => "le",
            BinOp::Eq => "eq",
            BinOp::Ne => "ne",
            BinOp::Ge => "ge",
            BinOp::Gt => "gt",
            BinOp::Min => "min",
            BinOp::Max => "max",
            BinOp::CopySign => "copysign",
            BinOp::NextAfter => "nextafter",
            BinOp::Math(f) => f.name(),
            BinOp::Fmod => "fmod",
        }
    }

    /// The vector-math row that computes this operation on floats, if one does: its own, or `**`'s.
    pub fn float_math(self) -> Option<MathFn2> {
        match self {
            BinOp::Math(f) => Some(f),
            BinOp::Pow => Some(MathFn2::Pow),
            _ => None,
        }
    }

    pub fn is_comparison(self) -> bool {
        matches!(self, BinOp::Lt | BinOp::Le | BinOp::Eq | BinOp::Ne | BinOp::Ge | BinOp::Gt)
    }

    pub fn result(self, t: DType) -> DType {
        if self.is_comparison() {
            DType::Bool
        } else {
            t
        }
    }
}

/// An operation on two byte strings (NumPy's `S` dtype), giving bool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BytesOp {
    /// A comparison (`BinOp::Lt` to `BinOp::Gt`).
    Cmp(BinOp),
    /// Whether the second string occurs in the first (numexpr's `contains`, NumPy's `find(a, b) >= 0`).
    Contains,
}

impl BytesOp {
    /// Its code in the JIT's calls (`jit::abi::bytes_helper`): the comparisons in `BinOp` order, then
    /// `contains`.
    pub fn code(self) -> u32 {
        const CMPS: [BinOp; 6] = [BinOp::Lt, BinOp::Le, BinOp::Eq, BinOp::Ne, BinOp::Ge, BinOp::Gt];
        match self {
            BytesOp::Cmp(op) => CMPS.iter().position(|&c| c == op).expect("a comparison") as u32,
            BytesOp::Contains => 6,
        }
    }

    pub fn from_code(code: u32) -> Option<BytesOp> {
        const OPS: [BinOp; 6] = [BinOp::Lt, BinOp::Le, BinOp::Eq, BinOp::Ne, BinOp::Ge, BinOp::Gt];
        match code {
            6 => Some(BytesOp::Contains),
            c => OPS.get(c as usize).map(|&op| BytesOp::Cmp(op)),
        }
    }
}

/// `op` over two byte strings as NumPy computes it: each string ends at its last byte that is not NUL
/// (the padding of a shorter string in a wider array, and NUL bytes at its end, are not part of it;
/// NUL bytes inside it are); comparisons are lexicographic over unsigned bytes, a prefix coming first,
/// as if the shorter were padded with NULs; `contains` is whether the second occurs in the first (the
/// empty string occurs in every one).
#[inline(always)]
pub fn bytes(op: BytesOp, a: &[u8], b: &[u8]) -> bool {
    match op {
        BytesOp::Contains => contains(a, b),
        BytesOp::Cmp(op) => {
            let ord = cmp_padded(a, b);
            match op {
                BinOp::Lt => ord.is_lt(),
                BinOp::Le => ord.is_le(),
                BinOp::Eq => ord.is_eq(),
                BinOp::Ne => ord.is_ne(),
                BinOp::Ge => ord.is_ge(),
                BinOp::Gt => ord.is_gt(),
                _ => unreachable!("{op:?} is not a comparison"),
            }
        }
    }
}

/// Whether `b` occurs in `a` (see `bytes`).
fn contains(a: &[u8], b: &[u8]) -> bool {
    // The needle without its NULs at the end ends with a byte that is not NUL, so it cannot match
    // where it would reach into the haystack's: the haystack is searched whole.
    let b = &b[..b.iter().rposition(|&c| c != 0).map_or(0, |k| k + 1)];
    match b.len() {
        0 => true,
        1 => memchr::memchr(b[0], a).is_some(),
        // Short strings: every place compared, with no early exit (random text mispredicts the
        // branches of a scan that stops), beats setting up a searcher.
        n if a.len() < 64 => {
            a.windows(n).fold(false, |found, w| found | w.iter().zip(b).fold(true, |eq, (x, y)| eq & (x == y)))
        }
        _ => memchr::memmem::find(a, b).is_some(),
    }
}

/// Two byte strings ordered as if the shorter were padded with NULs to the longer's length (which is the
/// order of the two without their NULs at the end): the common length eight bytes at a time, as
/// big-endian words (the last ones padded alike), then whether the longer one's rest holds anything but
/// NULs.
#[inline(always)]
fn cmp_padded(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let n = a.len().min(b.len());
    let (mut x, mut y) = (a[..n].chunks_exact(8), b[..n].chunks_exact(8));
    for (p, q) in (&mut x).zip(&mut y) {
        let (p, q) =
            (u64::from_be_bytes(p.try_into().expect("8 bytes")), u64::from_be_bytes(q.try_into().expect("8 bytes")));
        if p != q {
            return p.cmp(&q);
        }
    }
    // The last bytes of the common length, padded alike to a word.
    let word = |r: &[u8]| r.iter().enumerate().fold(0u64, |w, (k, &c)| w | (c as u64) << (56 - 8 * k));
    match word(x.remainder()).cmp(&word(y.remainder())) {
        Ordering::Equal if a[n..].iter().any(|&c| c != 0) => Ordering::Greater,
        Ordering::Equal if b[n..].iter().any(|&c| c != 0) => Ordering::Less,
        ord => ord,
    }
}

/// `a * b + c` rounded once (floats of one dtype).
pub fn mul_add(a: Scalar, b: Scalar, c: Scalar) -> Scalar {
    match (a, b, c) {
        (Scalar::F64(a), Scalar::F64(b), Scalar::F64(c)) => Scalar::F64(a.mul_add(b, c)),
        (Scalar::F32(a), Scalar::F32(b), Scalar::F32(c)) => Scalar::F32(a.mul_add(b, c)),
        _ => unreachable!("mul_add of {a:?}, {b:?}, {c:?}: floats of one dtype"),
    }
}

/// Applies a unary operation at `Precision::High`. The operand's dtype must be one the type checker
/// admits for `op`.
#[cfg(test)]
pub fn unary(op: UnOp, x: Scalar) -> Scalar {
    unary_at(Precision::High, op, x)
}

/// Applies a unary operation, a vector-math function at `precision`.
pub fn unary_at(precision: Precision, op: UnOp, x: Scalar) -> Scalar {
    use Scalar::*;
    match (op, x) {
        (UnOp::Not, Bool(v)) => Bool(!v),
        (UnOp::Abs, Bool(v)) => Bool(v),
        (op, x) if x.dtype().is_int() => {
            let (t, v) = (x.dtype(), x.as_i128().unwrap_or_default());
            Scalar::wrapping(
                t,
                match op {
                    UnOp::Neg => -v,
                    UnOp::Not => !v,
                    UnOp::Abs => v.abs(),
                    UnOp::Sign => v.signum(),
                    _ => unreachable!("type checker admitted {op:?} on {t}"),
                },
            )
        }
        (UnOp::IsNan, F32(v)) => Bool(v.is_nan()),
        (UnOp::IsNan, F64(v)) => Bool(v.is_nan()),
        (UnOp::IsInf, F32(v)) => Bool(v.is_infinite()),
        (UnOp::IsInf, F64(v)) => Bool(v.is_infinite()),
        (UnOp::IsFinite, F32(v)) => Bool(v.is_finite()),
        (UnOp::IsFinite, F64(v)) => Bool(v.is_finite()),
        (UnOp::SignBit, F32(v)) => Bool(v.is_sign_negative()),
        (UnOp::SignBit, F64(v)) => Bool(v.is_sign_negative()),
        // The vector-math functions: one algorithm for the JIT and for this scalar side.
        (UnOp::Math(f), F32(v)) => F32(f.f32_at(precision, v)),
        (UnOp::Math(f), F64(v)) => F64(f.f64_at(precision, v)),
        (_, F32(v)) => F32(unary_f32(op, v)),
        (_, F64(v)) => F64(unary_f64(op, v)),
        _ => unreachable!("type checker admitted {op:?} on {:?}", x.dtype()),
    }
}

/// Applies a binary operation to two operands of one dtype, at `Precision::High`.
pub fn binary(op: BinOp, a: Scalar, b: Scalar) -> Scalar {
    binary_at(Precision::High, op, a, b)
}

/// Applies a binary operation to two operands of one dtype, float `**` and `vmath`'s functions at
/// `precision`.
pub fn binary_at(precision: Precision, op: BinOp, a: Scalar, b: Scalar) -> Scalar {
    use Scalar::*;
    match (a, b) {
        (Bool(x), Bool(y)) => bool_binary(op, x, y),
        (x, y) if x.dtype().is_int() && x.dtype() == y.dtype() => {
            int_binary(op, x.dtype(), x.as_i128().unwrap_or_default(), y.as_i128().unwrap_or_default())
        }
        (F16(x), F16(y)) if op == BinOp::NextAfter => F16(half_next_after(x, y)),
        (F32(x), F32(y)) => match op.float_math() {
            Some(f) => F32(f.f32_at(precision, x, y)),
            None => binary_f32(op, x, y),
        },
        (F64(x), F64(y)) => match op.float_math() {
            Some(f) => F64(f.f64_at(precision, x, y)),
            None => binary_f64(op, x, y),
        },
        _ => unreachable!("binary {op:?} on mixed dtypes {:?} and {:?}", a.dtype(), b.dtype()),
    }
}

fn bool_binary(op: BinOp, x: bool, y: bool) -> Scalar {
    Scalar::Bool(match op {
        BinOp::And => x & y,
        BinOp::Or => x | y,
        BinOp::Xor => x ^ y,
        BinOp::Lt => !x & y,
        BinOp::Le => x <= y,
        BinOp::Eq => x == y,
        BinOp::Ne => x != y,
        BinOp::Ge => x >= y,
        BinOp::Gt => x & !y,
        _ => unreachable!("type checker admitted {op:?} on bool"),
    })
}

/// NumPy's `nextafter` of float16 (`npy_half_nextafter`): one step of the bits toward y; x where the two
/// are equal (`nextafter(0, -0)` is 0), and NumPy's one NaN (0x7e00) where either is NaN. Every other float16
/// operation computes in float32 (`ir::Builder`).
fn half_next_after(x: half::f16, y: half::f16) -> half::f16 {
    let (xb, yb) = (x.to_bits(), y.to_bits());
    let bits = if x.is_nan() || y.is_nan() {
        0x7e00
    } else if x == y {
        xb
    } else if xb & 0x7fff == 0 {
        (yb & 0x8000) + 1
    } else if xb & 0x8000 == 0 {
        // x > 0: away from zero where y is above it.
        if (xb as i16) > (yb as i16) {
            xb - 1
        } else {
            xb + 1
        }
    } else if yb & 0x8000 == 0 || (xb & 0x7fff) > (yb & 0x7fff) {
        xb - 1
    } else {
        xb + 1
    };
    half::f16::from_bits(bits)
}

/// NumPy's integer semantics for operands of the integer dtype `t`, given as their exact values: the
/// result is computed exactly (i128 holds every product's low bits) and wrapped to `t`.
fn int_binary(op: BinOp, t: DType, x: i128, y: i128) -> Scalar {
    let bits = 8 * t.size() as i128;
    let v = match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x.wrapping_mul(y),
        // By zero: 0. The minimum over -1 wraps to itself.
        BinOp::FloorDiv if y == 0 => 0,
        BinOp::FloorDiv => x / y - i128::from(x % y != 0 && ((x < 0) != (y < 0))),
        BinOp::Mod if y == 0 => 0,
        BinOp::Mod => {
            let r = x % y;
            if r != 0 && ((r < 0) != (y < 0)) {
                r + y
            } else {
                r
            }
        }
        BinOp::Pow => return int_pow(t, x, y),
        BinOp::And => x & y,
        BinOp::Or => x | y,
        BinOp::Xor => x ^ y,
        // Shifts by a negative count or by the width or more: 0, or for `>>` of a negative number -1.
        BinOp::Shl if y < 0 || y >= bits => 0,
        BinOp::Shl => x.wrapping_shl(y as u32),
        BinOp::Shr if y < 0 || y >= bits => -i128::from(x < 0),
        BinOp::Shr => x >> y,
        BinOp::Min => x.min(y),
        BinOp::Max => x.max(y),
        BinOp::Fmod if y == 0 => 0,
        BinOp::Fmod => x % y,
        BinOp::Lt => return Scalar::Bool(x < y),
        BinOp::Le => return Scalar::Bool(x <= y),
        BinOp::Eq => return Scalar::Bool(x == y),
        BinOp::Ne => return Scalar::Bool(x != y),
        BinOp::Ge => return Scalar::Bool(x >= y),
        BinOp::Gt => return Scalar::Bool(x > y),
        BinOp::Div | BinOp::CopySign | BinOp::NextAfter | BinOp::Math(_) => {
            unreachable!("type checker admitted {op:?} on integers")
        }
    };
    Scalar::wrapping(t, v)
}

/// `x ** y` in the integer dtype `t`, wrapping. A negative exponent (an error in NumPy, which checks every
/// element) gives what truncating the real power gives: 1 for x = 1, ±1 for x = -1, else 0.
pub fn int_pow(t: DType, x: i128, y: i128) -> Scalar {
    let wrap = |v: i128| Scalar::wrapping(t, v).as_i128().unwrap_or_default();
    if y < 0 {
        let v = match x {
            1 => 1,
            -1 if y % 2 == 0 => 1,
            -1 => -1,
            _ => 0,
        };
        return Scalar::wrapping(t, v);
    }
    let (mut base, mut e, mut acc) = (wrap(x), y as u128, 1i128);
    while e > 0 {
        if e & 1 == 1 {
            acc = wrap(acc.wrapping_mul(base));
        }
        base = wrap(base.wrapping_mul(base));
        e >>= 1;
    }
    Scalar::wrapping(t, acc)
}

/// A NaN with its quiet bit set (the payload and sign kept), as an x86 operation returns it.
macro_rules! quiet {
    ($t:ident, $v:expr) => {
        <$t>::from_bits($v.to_bits() | (1 << (<$t>::MANTISSA_DIGITS - 2)))
    };
}

/// Float semantics, written once for f32 and f64.
macro_rules! float_ops {
    ($t:ident, $variant:ident, $unary:ident, $binary:ident, $divmod:ident) => {
        fn $unary(op: UnOp, v: $t) -> $t {
            match op {
                UnOp::Neg => -v,
                UnOp::Abs => v.abs(),
                UnOp::Sqrt => v.sqrt(),
                UnOp::Floor => v.floor(),
                UnOp::Ceil => v.ceil(),
                UnOp::Trunc => v.trunc(),
                UnOp::Round => v.round_ties_even(),
                UnOp::Sign => {
                    if v.is_nan() {
                        v
                    } else if v > 0.0 {
                        1.0
                    } else if v < 0.0 {
                        -1.0
                    } else {
                        0.0
                    }
                }
                UnOp::Not | UnOp::IsNan | UnOp::IsInf | UnOp::IsFinite | UnOp::SignBit => {
                    unreachable!("{op:?} on floats is handled by the caller")
                }
                // The transcendental functions: `vmath`'s, which `unary` calls first.
                op => unreachable!("{op:?} on floats is vmath's"),
            }
        }

        fn $binary(op: BinOp, x: $t, y: $t) -> Scalar {
            use Scalar::*;
            match op {
                BinOp::Add => $variant(x + y),
                BinOp::Sub => $variant(x - y),
                BinOp::Mul => $variant(x * y),
                BinOp::Div => $variant(x / y),
                BinOp::FloorDiv => $variant($divmod(x, y).0),
                BinOp::Mod => $variant($divmod(x, y).1),
                // numpy.minimum: a NaN first operand wins, then `x < y ? x : y` (the second on ties).
                BinOp::Min => $variant(if x.is_nan() || x < y { x } else { y }),
                BinOp::Max => $variant(if x.is_nan() || x > y { x } else { y }),
                BinOp::CopySign => $variant(x.copysign(y)),
                // C's nextafter: a NaN operand gives it, quieted, y's where both are (NumPy's result on
                // x86-64); x == y gives y; from zero, the smallest subnormal with y's sign; else one step
                // of the bits toward y.
                BinOp::NextAfter => $variant(if y.is_nan() {
                    quiet!($t, y)
                } else if x.is_nan() {
                    quiet!($t, x)
                } else if x == y {
                    y
                } else if x == 0.0 {
                    <$t>::from_bits(1).copysign(y)
                } else if (y > x) != (x < 0.0) {
                    <$t>::from_bits(x.to_bits() + 1)
                } else {
                    <$t>::from_bits(x.to_bits() - 1)
                }),
                BinOp::Fmod => $variant(x % y),
                BinOp::Pow | BinOp::Math(_) => unreachable!("{op:?} of floats is vmath's, see `binary`"),
                BinOp::Lt => Bool(x < y),
                BinOp::Le => Bool(x <= y),
                BinOp::Eq => Bool(x == y),
                BinOp::Ne => Bool(x != y),
                BinOp::Ge => Bool(x >= y),
                BinOp::Gt => Bool(x > y),
                op => unreachable!("type checker admitted {op:?} on floats"),
            }
        }

        /// NumPy's `divmod` for floats: the floored quotient and the remainder with the divisor's sign.
        pub fn $divmod(a: $t, b: $t) -> ($t, $t) {
            let mut m = a % b;
            if b == 0.0 {
                return (a / b, m);
            }
            let mut div = (a - m) / b;
            if m != 0.0 {
                if (b < 0.0) != (m < 0.0) {
                    m += b;
                    div -= 1.0;
                }
            } else {
                m = (0.0 as $t).copysign(b);
            }
            let q = if div != 0.0 {
                let f = div.floor();
                if div - f > 0.5 {
                    f + 1.0
                } else {
                    f
                }
            } else {
                (0.0 as $t).copysign(a / b)
            };
            (q, m)
        }
    };
}

float_ops!(f32, F32, unary_f32, binary_f32, divmod_f32);
float_ops!(f64, F64, unary_f64, binary_f64, divmod_f64);

/// Converts a value to `to` as NumPy's `astype` does on x86-64: integers wrap; to bool is `!= 0`; floats to
/// integers truncate, with x86's results out of range: int32 and int64 get their minimum for NaN, the
/// infinities and values beyond them; int8, int16, uint8 and uint16 take the low bits of the int32
/// conversion, uint32 the low bits of the int64 one (NumPy's scalar loop; its SIMD loop differs out of
/// range), uint64 the int64 conversion below 2^63 or NaN, else that of x - 2^63 with the top bit flipped.
pub fn cast(x: Scalar, to: DType) -> Scalar {
    use Scalar::*;
    match (x, to) {
        (x, t) if x.dtype() == t => x,
        // float16 is exact in float32; to float16, NumPy rounds once from float32 or float64 (and an
        // integer through float32, which loses nothing below float16's overflow).
        (F16(v), _) => cast(F32(v.to_f32()), to),
        (F32(v), DType::F16) => F16(half::f16::from_f32(v)),
        (F64(v), DType::F16) => F16(crate::dtype::f16_from_f64(v)),
        (F32(v), DType::F64) => F64(v as f64),
        (F64(v), DType::F32) => F32(v as f32),
        (F32(v), _) => cast(F64(v as f64), to),
        (F64(v), DType::Bool) => Bool(v != 0.0),
        (F64(v), DType::I32 | DType::I8 | DType::I16 | DType::U8 | DType::U16) => {
            Scalar::wrapping(to, float_to_int(v, 32) as i128)
        }
        (F64(v), DType::I64 | DType::U32) => Scalar::wrapping(to, float_to_int(v, 64) as i128),
        (F64(v), DType::U64) => U64(float_to_u64(v)),
        (x, _) => {
            // An integer or bool.
            let v = x.as_i128().unwrap_or_default();
            match to {
                DType::F16 => F16(half::f16::from_f32(v as f32)),
                DType::F32 => F32(v as f32),
                DType::F64 => F64(v as f64),
                t => Scalar::wrapping(t, v),
            }
        }
    }
}

/// Truncates toward zero; NaN and values outside the `bits`-wide range give its minimum (x86's result).
pub fn float_to_int(v: f64, bits: u32) -> i64 {
    let limit = 2f64.powi(bits as i32 - 1);
    if v >= -limit && v < limit {
        v.trunc() as i64
    } else if bits == 32 {
        i32::MIN as i64
    } else {
        i64::MIN
    }
}

/// C's conversion of a double to uint64 as compilers emit it for x86-64: below 2^63 (or NaN) the int64
/// conversion, else the int64 conversion of x - 2^63 with the top bit flipped.
pub fn float_to_u64(v: f64) -> u64 {
    const TOP: f64 = 9223372036854775808.0;
    if v >= TOP {
        float_to_int(v - TOP, 64) as u64 ^ (1 << 63)
    } else {
        float_to_int(v, 64) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair of strings of up to three bytes over NUL, `a` and 0x80, against the definitions: a
    /// comparison is of the two padded with NULs to one length, unsigned byte by byte; `contains` finds
    /// the needle, NULs at its end dropped, in the haystack without those at its end.
    #[test]
    fn byte_strings_compare_as_padded_with_nuls_and_contain_their_stripped_needles() {
        let mut all: Vec<Vec<u8>> = vec![Vec::new()];
        for len in 1..=3 {
            let mut k = vec![0usize; len];
            loop {
                all.push(k.iter().map(|&i| [0u8, b'a', 0x80][i]).collect());
                match k.iter().position(|&i| i < 2) {
                    Some(p) => {
                        k[p] += 1;
                        k[..p].fill(0);
                    }
                    None => break,
                }
            }
        }
        assert_eq!(all.len(), 1 + 3 + 9 + 27);
        let strip = |s: &[u8]| s[..s.iter().rposition(|&c| c != 0).map_or(0, |k| k + 1)].to_vec();
        for a in &all {
            for b in &all {
                let n = a.len().max(b.len());
                let (mut pa, mut pb) = (a.clone(), b.clone());
                pa.resize(n, 0);
                pb.resize(n, 0);
                let ord = pa.cmp(&pb);
                for (op, want) in [
                    (BinOp::Lt, ord.is_lt()),
                    (BinOp::Le, ord.is_le()),
                    (BinOp::Eq, ord.is_eq()),
                    (BinOp::Ne, ord.is_ne()),
                    (BinOp::Ge, ord.is_ge()),
                    (BinOp::Gt, ord.is_gt()),
                ] {
                    assert_eq!(bytes(BytesOp::Cmp(op), a, b), want, "{a:?} {op:?} {b:?}");
                    assert_eq!(BytesOp::from_code(BytesOp::Cmp(op).code()), Some(BytesOp::Cmp(op)));
                }
                let (h, needle) = (strip(a), strip(b));
                let found = needle.is_empty() || h.windows(needle.len()).any(|w| w == needle);
                assert_eq!(bytes(BytesOp::Contains, a, b), found, "contains({a:?}, {b:?})");
            }
        }
        assert_eq!(BytesOp::from_code(BytesOp::Contains.code()), Some(BytesOp::Contains));
        assert_eq!(BytesOp::from_code(7), None);
    }
    use crate::vmath::{cosh_f64 as cosh, sinh_f64 as sinh, tanh_f64 as tanh};

    /// Within `ulps` units in the last place of `want`.
    fn close(got: f64, want: f64, ulps: f64) -> bool {
        let ulp = f64::from_bits(want.abs().to_bits() + 1) - want.abs();
        (got - want).abs() <= ulps * ulp
    }

    #[test]
    fn hyperbolics_are_within_an_ulp_of_the_exact_values() {
        // The correctly rounded values (Python's decimal at 80 digits, from the float64 inputs exactly):
        // x, sinh x, cosh x, tanh x. The first three are the audit's worst inputs.
        let table = [
            (-3.871734619140625, -24.002398905316085, 24.023221124776725, -0.9991332461474466),
            (-3.827972412109375, -22.973741665610532, 22.995495344049658, -0.9990540026160057),
            (-0.99884033203125, -1.1734125222802014, 1.5417188289191983, -0.761106694858755),
            (0.3, 0.3045202934471426, 1.0453385141288605, 0.2913126124515909),
            (5.5, 122.34392274639096, 122.34800951782942, 0.9999665971563038),
            (21.9, 1621881641.7888238, 1621881641.7888238, 1.0),
            (22.5, 2955261031.5116453, 2955261031.5116453, 1.0),
            (700.0, 5.0711602736750225e+303, 5.0711602736750225e+303, 1.0),
            (710.4, 1.6663642832806496e+308, 1.6663642832806496e+308, 1.0),
            (1e-5, 1.0000000000166668e-05, 1.00000000005, 9.999999999666668e-06),
            (1.0, 1.1752011936438014, 1.5430806348152437, 0.7615941559557649),
            (0.75, 0.82231673193583, 1.2946832846768448, 0.6351489523872873),
        ];
        let ulps = |got: f64, want: f64| (got.to_bits() as i64 - want.to_bits() as i64).abs();
        for (x, sh, ch, th) in table {
            assert!(ulps(sinh(x), sh) <= 1, "sinh({x}) = {}, not {sh}", sinh(x));
            assert!(ulps(cosh(x), ch) <= 1, "cosh({x}) = {}, not {ch}", cosh(x));
            assert!(ulps(tanh(x), th) <= 1, "tanh({x}) = {}, not {th}", tanh(x));
        }
        for (x, sh, ch, th) in [(0.0, 0.0, 1.0, 0.0), (711.0, f64::INFINITY, f64::INFINITY, 1.0)] {
            assert_eq!((sinh(x), cosh(x), tanh(x)), (sh, ch, th));
            assert_eq!((sinh(-x), cosh(-x), tanh(-x)), (-sh, ch, -th));
        }
        assert!(sinh(-0.0).is_sign_negative() && tanh(-0.0).is_sign_negative());
        assert_eq!(
            (sinh(f64::NEG_INFINITY), cosh(f64::NEG_INFINITY), tanh(f64::NEG_INFINITY)),
            (f64::NEG_INFINITY, f64::INFINITY, -1.0)
        );
        assert!(sinh(f64::NAN).is_nan() && cosh(f64::NAN).is_nan() && tanh(f64::NAN).is_nan());
    }

    #[test]
    fn inverse_hyperbolics_hold_up_at_the_edges() {
        // Expected values from glibc (Python's math module). Rust's std overflowed the huge ones and was
        // 2193 ulps off at -0.99995...; the MPFR audit found both.
        let cases = [
            (UnOp::Math(MathFn::Arcsinh), 1e300, 691.4686750787736),
            (UnOp::Math(MathFn::Arcsinh), -f64::MAX, -710.4758600739439),
            (UnOp::Math(MathFn::Arcsinh), -0.515408634207875, -0.49495108391290443),
            (UnOp::Math(MathFn::Arccosh), f64::MAX, 710.4758600739439),
            (UnOp::Math(MathFn::Arccosh), 1.0076128029436218, 0.12331393576128927),
            (UnOp::Math(MathFn::Arctanh), -0.9999546252104573, -5.346839198237664),
            (UnOp::Math(MathFn::Arctanh), -0.22212011145656935, -0.2258851492140495),
            (UnOp::Math(MathFn::Arctanh), 1e-300, 1e-300),
        ];
        for (op, x, want) in cases {
            let Scalar::F64(got) = unary(op, Scalar::F64(x)) else { unreachable!() };
            assert!(close(got, want, 2.0), "{op:?}({x}) = {got}, want {want}");
        }
        let Scalar::F32(got) = unary(UnOp::Math(MathFn::Arcsinh), Scalar::F32(-f32::MAX)) else { unreachable!() };
        assert!(got.is_finite() && got < -89.0, "{got}");
        let Scalar::F64(nan) = unary(UnOp::Math(MathFn::Arccosh), Scalar::F64(0.5)) else { unreachable!() };
        assert!(nan.is_nan());
        let Scalar::F64(z) = unary(UnOp::Math(MathFn::Arcsinh), Scalar::F64(-0.0)) else { unreachable!() };
        assert!(z == 0.0 && z.is_sign_negative());
    }
    use Scalar::*;

    #[test]
    fn integer_division_follows_numpy() {
        let cases = [(-7, 2, -4, 1), (7, -2, -4, -1), (-7, 0, 0, 0), (7, 0, 0, 0), (0, 0, 0, 0)];
        for (x, y, q, r) in cases {
            assert_eq!(binary(BinOp::FloorDiv, I64(x), I64(y)), I64(q), "{x}//{y}");
            assert_eq!(binary(BinOp::Mod, I64(x), I64(y)), I64(r), "{x}%{y}");
        }
        assert_eq!(binary(BinOp::FloorDiv, I64(i64::MIN), I64(-1)), I64(i64::MIN));
        assert_eq!(binary(BinOp::Mod, I64(i64::MIN), I64(-1)), I64(0));
        assert_eq!(binary(BinOp::FloorDiv, I32(i32::MIN), I32(-1)), I32(i32::MIN));
    }

    #[test]
    fn float_division_follows_numpy() {
        let fd = |x: f64, y: f64| binary(BinOp::FloorDiv, F64(x), F64(y));
        let md = |x: f64, y: f64| binary(BinOp::Mod, F64(x), F64(y));
        assert_eq!(fd(-7.0, 2.0), F64(-4.0));
        assert_eq!(md(-7.0, 2.0), F64(1.0));
        assert_eq!(fd(7.0, 0.0), F64(f64::INFINITY));
        assert_eq!(fd(-0.0, 3.0), F64(-0.0));
        assert_eq!(md(-0.0, 3.0), F64(0.0));
        assert_eq!(md(5.0, f64::INFINITY), F64(5.0));
        assert_eq!(md(-5.0, f64::INFINITY), F64(f64::INFINITY));
        assert_eq!(fd(-5.0, f64::INFINITY), F64(-1.0));
    }

    #[test]
    fn shifts_past_the_width() {
        assert_eq!(binary(BinOp::Shl, I64(1), I64(63)), I64(i64::MIN));
        assert_eq!(binary(BinOp::Shl, I64(1), I64(64)), I64(0));
        assert_eq!(binary(BinOp::Shl, I32(1), I32(-1)), I32(0));
        assert_eq!(binary(BinOp::Shr, I32(-8), I32(40)), I32(-1));
        assert_eq!(binary(BinOp::Shr, I64(8), I64(-1)), I64(0));
    }

    #[test]
    fn minimum_and_maximum_match_numpy_on_zeros_and_nan() {
        let nan = f64::NAN;
        assert_eq!(binary(BinOp::Min, F64(0.0), F64(-0.0)), F64(-0.0));
        assert_eq!(binary(BinOp::Min, F64(-0.0), F64(0.0)), F64(0.0));
        assert!(matches!(binary(BinOp::Min, F64(nan), F64(1.0)), F64(v) if v.is_nan()));
        assert!(matches!(binary(BinOp::Max, F64(1.0), F64(nan)), F64(v) if v.is_nan()));
    }

    #[test]
    fn casts_follow_x86_numpy() {
        assert_eq!(cast(F64(f64::NAN), DType::I64), I64(i64::MIN));
        assert_eq!(cast(F64(3e9), DType::I32), I32(i32::MIN));
        assert_eq!(cast(F64(-2.7), DType::I32), I32(-2));
        assert_eq!(cast(I64(1 << 40), DType::I32), I32(0));
        assert_eq!(cast(F64(f64::NAN), DType::Bool), Bool(true));
    }

    #[test]
    fn next_after_steps_one_float_toward_the_target() {
        let next = |x: f64, y: f64| match binary(BinOp::NextAfter, F64(x), F64(y)) {
            F64(v) => v,
            other => panic!("{other:?}"),
        };
        assert_eq!(next(1.0, 2.0), 1.0 + f64::EPSILON);
        assert_eq!(next(1.0, 0.0), 1.0 - f64::EPSILON / 2.0);
        assert_eq!(next(-1.0, 0.0), -1.0 + f64::EPSILON / 2.0);
        assert_eq!(next(0.0, -1.0).to_bits(), (-5e-324f64).to_bits());
        assert_eq!(next(-0.0, 1.0), 5e-324);
        assert_eq!(next(5e-324, 0.0).to_bits(), 0);
        assert_eq!(next(f64::MAX, f64::INFINITY), f64::INFINITY);
        assert_eq!(next(f64::INFINITY, 0.0), f64::MAX);
        assert_eq!(next(f64::NEG_INFINITY, 0.0), f64::MIN);
        assert_eq!(next(0.0, -0.0).to_bits(), (-0.0f64).to_bits());
        assert!(next(f64::NAN, 1.0).is_nan() && next(1.0, f64::NAN).is_nan());
        // A NaN comes back quieted, y's where both are.
        assert!(next(-f64::NAN, f64::NAN).is_sign_positive() && next(f64::NAN, -f64::NAN).is_sign_negative());
        let signalling = f64::from_bits(0x7ff0_0000_0000_0001);
        assert_eq!(next(signalling, 1.0).to_bits(), 0x7ff8_0000_0000_0001);
        assert_eq!(binary(BinOp::NextAfter, F32(1.0), F32(2.0)), F32(1.0 + f32::EPSILON));
        assert_eq!(unary(UnOp::SignBit, F64(-0.0)), Bool(true));
        assert_eq!(unary(UnOp::SignBit, F32(-f32::NAN)), Bool(true));
        assert_eq!(unary(UnOp::SignBit, F64(0.0)), Bool(false));
    }

    #[test]
    fn integer_power() {
        assert_eq!(int_pow(DType::I64, 3, 4), I64(81));
        assert_eq!(int_pow(DType::I64, 2, 64), I64(0));
        assert_eq!(int_pow(DType::I64, -1, -3), I64(-1));
        assert_eq!(int_pow(DType::I64, 5, -1), I64(0));
        assert_eq!(binary(BinOp::Pow, I32(3), I32(21)), I32(3i32.wrapping_pow(21)));
        assert_eq!(binary(BinOp::Pow, U8(3), U8(5)), U8(243));
        assert_eq!(binary(BinOp::Pow, I8(3), I8(5)), I8(3i8.wrapping_pow(5)));
        assert_eq!(binary(BinOp::Pow, U64(3), U64(41)), U64(3u64.wrapping_pow(41)));
    }

    #[test]
    fn narrow_and_unsigned_integers_wrap_as_numpy() {
        assert_eq!(binary(BinOp::Add, U8(200), U8(100)), U8(44));
        assert_eq!(binary(BinOp::FloorDiv, I8(-128), I8(-1)), I8(-128));
        assert_eq!(binary(BinOp::Mod, I8(-128), I8(-1)), I8(0));
        assert_eq!(binary(BinOp::FloorDiv, U8(7), U8(0)), U8(0));
        assert_eq!(binary(BinOp::Mul, U64(u64::MAX), U64(u64::MAX)), U64(1));
        assert_eq!(binary(BinOp::Lt, U64(1 << 63), U64(1)), Bool(false));
        assert_eq!(binary(BinOp::Shl, U8(1), U8(8)), U8(0));
        assert_eq!(binary(BinOp::Shr, I16(-8), I16(16)), I16(-1));
        assert_eq!(unary(UnOp::Neg, U16(1)), U16(65535));
        assert_eq!(unary(UnOp::Abs, I8(-128)), I8(-128));
        assert_eq!(unary(UnOp::Not, U8(0)), U8(255));
        assert_eq!(cast(F64(300.7), DType::U8), U8(44));
        assert_eq!(cast(F64(f64::NAN), DType::U64), U64(1 << 63));
        assert_eq!(cast(F64(1.8e19), DType::U64), U64(18_000_000_000_000_000_000));
        assert_eq!(cast(F64(5e9), DType::U32), U32(705_032_704));
        assert_eq!(cast(U64(u64::MAX), DType::F64), F64(18446744073709551615.0));
        assert_eq!(cast(I8(-1), DType::U64), U64(u64::MAX));
    }
}
