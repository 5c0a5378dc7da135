//! Element types and single values of them.
//!
//! `DType` is the closed set of element types numjit computes with; `Scalar` is one value of one of them.
//! Promotion rules live in `typeck::promote`; what operations do to scalars lives in `ops`.

use std::fmt;

use half::f16;

/// The element type of an array or an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DType {
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F16,
    F32,
    F64,
    /// A complex number of two float32 parts (NumPy's complex64). Only the API, the type checker and the
    /// executor's entry points see complex dtypes: the IR computes each part as its own float value.
    C64,
    /// A complex number of two float64 parts (NumPy's complex128).
    C128,
    /// Byte strings of this many bytes each, padded with NUL bytes (NumPy's `S<n>`). They are only
    /// compared and searched (`contains`): every value an expression computes from them is bool, and no
    /// result has this dtype. Not in `ALL`, which lists the dtypes that compute.
    Bytes(u32),
}

impl DType {
    pub const ALL: [DType; 14] = [
        DType::Bool,
        DType::I8,
        DType::I16,
        DType::I32,
        DType::I64,
        DType::U8,
        DType::U16,
        DType::U32,
        DType::U64,
        DType::F16,
        DType::F32,
        DType::F64,
        DType::C64,
        DType::C128,
    ];

    /// Bytes per element in memory (`bool` is one byte holding 0 or 1, as in NumPy).
    pub fn size(self) -> usize {
        match self {
            DType::Bool | DType::I8 | DType::U8 => 1,
            DType::I16 | DType::U16 | DType::F16 => 2,
            DType::I32 | DType::U32 | DType::F32 => 4,
            DType::I64 | DType::U64 | DType::F64 | DType::C64 => 8,
            DType::C128 => 16,
            DType::Bytes(n) => n as usize,
        }
    }

    pub fn is_bytes(self) -> bool {
        matches!(self, DType::Bytes(_))
    }

    pub fn is_float(self) -> bool {
        matches!(self, DType::F16 | DType::F32 | DType::F64)
    }

    pub fn is_complex(self) -> bool {
        matches!(self, DType::C64 | DType::C128)
    }

    /// The float dtype of a complex dtype's parts (float32 for complex64, float64 for complex128).
    pub fn complex_part(self) -> Option<DType> {
        match self {
            DType::C64 => Some(DType::F32),
            DType::C128 => Some(DType::F64),
            _ => None,
        }
    }

    /// The complex dtype whose parts have float dtype `self` (float16 has none: complex64, as NumPy).
    pub fn complex_of(self) -> DType {
        match self {
            DType::F16 | DType::F32 | DType::C64 => DType::C64,
            _ => DType::C128,
        }
    }

    pub fn is_int(self) -> bool {
        self.is_signed() || self.is_unsigned()
    }

    pub fn is_signed(self) -> bool {
        matches!(self, DType::I8 | DType::I16 | DType::I32 | DType::I64)
    }

    pub fn is_unsigned(self) -> bool {
        matches!(self, DType::U8 | DType::U16 | DType::U32 | DType::U64)
    }

    /// The smallest and largest value of an integer dtype (bool: 0 and 1).
    pub fn int_range(self) -> Option<(i128, i128)> {
        let bits = 8 * self.size() as u32;
        match self {
            DType::Bool => Some((0, 1)),
            t if t.is_signed() => Some((-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)),
            t if t.is_unsigned() => Some((0, (1i128 << bits) - 1)),
            _ => None,
        }
    }

    /// NumPy's name for the type.
    pub fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::I8 => "int8",
            DType::I16 => "int16",
            DType::I32 => "int32",
            DType::I64 => "int64",
            DType::U8 => "uint8",
            DType::U16 => "uint16",
            DType::U32 => "uint32",
            DType::U64 => "uint64",
            DType::F16 => "float16",
            DType::F32 => "float32",
            DType::F64 => "float64",
            DType::C64 => "complex64",
            DType::C128 => "complex128",
            // NumPy's name for the type of every width (`np.bytes_`); `Display` adds the width.
            DType::Bytes(_) => "bytes",
        }
    }

    /// Parses NumPy's names, its codes with sizes in bytes (`i8` and `u8` are NumPy's int64 and uint64,
    /// as in `'<i8'`), and Rust's spellings (`i16`, `u32`, `f64`, ...) where they do not clash with those;
    /// byte strings as `S<n>` (`S5`).
    pub fn from_name(name: &str) -> Option<DType> {
        if let Some(n) = name.strip_prefix('S').filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) {
            return n.parse().ok().map(DType::Bytes);
        }
        Some(match name {
            "bool" | "b1" | "bool_" => DType::Bool,
            "int8" | "i1" | "byte" => DType::I8,
            "int16" | "i2" | "i16" | "short" => DType::I16,
            "int32" | "i32" | "i4" | "intc" => DType::I32,
            "int64" | "i64" | "i8" | "int" | "int_" | "intp" | "long" => DType::I64,
            "uint8" | "u1" | "ubyte" => DType::U8,
            "uint16" | "u2" | "u16" | "ushort" => DType::U16,
            "uint32" | "u4" | "u32" | "uintc" => DType::U32,
            "uint64" | "u8" | "u64" | "uint" | "uintp" | "ulong" => DType::U64,
            "float16" | "f16" | "f2" | "half" => DType::F16,
            "float32" | "f32" | "f4" | "single" => DType::F32,
            "float64" | "f64" | "f8" | "float" | "double" => DType::F64,
            "complex64" | "c8" | "csingle" => DType::C64,
            "complex128" | "c16" | "complex" | "cdouble" => DType::C128,
            _ => return None,
        })
    }
}

/// NumPy's name, and a byte string's as its code with the width (`S5`), as NumPy writes it in `dtype('S5')`.
impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DType::Bytes(n) => write!(f, "S{n}"),
            _ => f.write_str(self.name()),
        }
    }
}

/// One value of one `DType`.
#[derive(Clone, Copy, Debug)]
pub enum Scalar {
    Bool(bool),
    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),
    U8(u8),
    U16(u16),
    U32(u32),
    U64(u64),
    F16(f16),
    F32(f32),
    F64(f64),
}

impl Scalar {
    pub fn dtype(self) -> DType {
        match self {
            Scalar::Bool(_) => DType::Bool,
            Scalar::I8(_) => DType::I8,
            Scalar::I16(_) => DType::I16,
            Scalar::I32(_) => DType::I32,
            Scalar::I64(_) => DType::I64,
            Scalar::U8(_) => DType::U8,
            Scalar::U16(_) => DType::U16,
            Scalar::U32(_) => DType::U32,
            Scalar::U64(_) => DType::U64,
            Scalar::F16(_) => DType::F16,
            Scalar::F32(_) => DType::F32,
            Scalar::F64(_) => DType::F64,
        }
    }

    /// The value's bits, zero-extended: equal bits mean the same value (NaN payloads included).
    pub fn bits(self) -> u64 {
        match self {
            Scalar::F16(v) => v.to_bits() as u64,
            Scalar::F32(v) => v.to_bits() as u64,
            Scalar::F64(v) => v.to_bits(),
            // An integer's two's complement bits, cut to its width.
            other => {
                let n = 8 * other.dtype().size() as u32;
                (other.as_i128().unwrap_or_default() as u64) & (u64::MAX >> (64 - n))
            }
        }
    }

    /// The exact value of an integer or bool; `None` for floats.
    pub fn as_i128(self) -> Option<i128> {
        Some(match self {
            Scalar::Bool(v) => v as i128,
            Scalar::I8(v) => v as i128,
            Scalar::I16(v) => v as i128,
            Scalar::I32(v) => v as i128,
            Scalar::I64(v) => v as i128,
            Scalar::U8(v) => v as i128,
            Scalar::U16(v) => v as i128,
            Scalar::U32(v) => v as i128,
            Scalar::U64(v) => v as i128,
            Scalar::F16(_) | Scalar::F32(_) | Scalar::F64(_) => return None,
        })
    }

    /// The integer `v` wrapped to the integer dtype `dtype` (two's complement, as C's casts do); for bool,
    /// whether `v` is nonzero.
    pub fn wrapping(dtype: DType, v: i128) -> Scalar {
        match dtype {
            DType::Bool => Scalar::Bool(v != 0),
            DType::I8 => Scalar::I8(v as i8),
            DType::I16 => Scalar::I16(v as i16),
            DType::I32 => Scalar::I32(v as i32),
            DType::I64 => Scalar::I64(v as i64),
            DType::U8 => Scalar::U8(v as u8),
            DType::U16 => Scalar::U16(v as u16),
            DType::U32 => Scalar::U32(v as u32),
            DType::U64 => Scalar::U64(v as u64),
            _ => unreachable!("{dtype} is not an integer dtype"),
        }
    }

    /// Reads one element of type `dtype` from its little-endian bytes.
    pub fn from_bytes(dtype: DType, b: &[u8]) -> Scalar {
        let n = dtype.size();
        let mut buf = [0u8; 8];
        buf[..n].copy_from_slice(&b[..n]);
        let v = u64::from_le_bytes(buf);
        match dtype {
            DType::F16 => Scalar::F16(f16::from_bits(v as u16)),
            DType::F32 => Scalar::F32(f32::from_bits(v as u32)),
            DType::F64 => Scalar::F64(f64::from_bits(v)),
            int => Scalar::wrapping(int, v as i128),
        }
    }

    /// Writes the element's little-endian bytes into `b[..dtype.size()]`.
    pub fn write_bytes(self, b: &mut [u8]) {
        let n = self.dtype().size();
        b[..n].copy_from_slice(&self.bits().to_le_bytes()[..n]);
    }

    pub fn as_f64(self) -> f64 {
        match self {
            Scalar::F16(v) => v.to_f64(),
            Scalar::F32(v) => v as f64,
            Scalar::F64(v) => v,
            other => other.as_i128().unwrap_or_default() as f64,
        }
    }
}

/// Same dtype and same bits: NaN equals a NaN of the same payload, and `-0.0` differs from `0.0`.
impl PartialEq for Scalar {
    fn eq(&self, other: &Scalar) -> bool {
        self.dtype() == other.dtype() && self.bits() == other.bits()
    }
}

impl Eq for Scalar {}

impl std::hash::Hash for Scalar {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.dtype().hash(state);
        self.bits().hash(state);
    }
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Bool(v) => f.write_str(if *v { "True" } else { "False" }),
            Scalar::F16(v) => write_float(f, v.to_f64(), shortest_f16(*v)),
            Scalar::F32(v) => write_float(f, *v as f64, format!("{v:?}")),
            Scalar::F64(v) => write_float(f, *v, format!("{v:?}")),
            int => write!(f, "{}", int.as_i128().unwrap_or_default()),
        }
    }
}

/// The float16 nearest to `v`, ties to even, rounded once as NumPy converts: `v` rounded to float16's
/// precision in float64 (its last place at `v`'s exponent, clamped to float16's exponents, -14 for the
/// subnormals), then converted exactly. (`half::f16::from_f64` goes through float32 on CPUs with F16C,
/// rounding twice: 65519.999999 becomes inf there, not 65504.)
pub fn f16_from_f64(v: f64) -> f16 {
    if !v.is_finite() {
        return f16::from_f32(v as f32);
    }
    let exponent = ((v.to_bits() >> 52) & 0x7FF) as i32 - 1023;
    let quantum = 2f64.powi(exponent.clamp(-14, 16) - 10);
    f16::from_f32(((v / quantum).round_ties_even() * quantum) as f32)
}

/// The shortest decimal text that reads back as `v` (as NumPy prints a float16), in Rust's `{:?}` form: the
/// fewest significant digits that read back as `v`, the nearest to `v` of those.
pub fn shortest_f16(v: f16) -> String {
    let x = v.to_f64();
    if !x.is_finite() || x == 0.0 {
        return format!("{:?}", x as f32);
    }
    let exp10 = x.abs().log10().floor() as i32;
    // Five significant digits always read back (float16 has 11 bits), so the loop ends by then.
    for digits in 1..=6 {
        // The nearest decimal of `digits` digits, and its neighbours: where `v` is a power of two its
        // interval is lopsided, and the one that reads back may be the farther one.
        let scale = 10f64.powi(exp10 + 1 - digits);
        // Of two as near, the even one, as NumPy's Dragon4 breaks the tie.
        let m = (x / scale).round();
        let best = [m, m - 1.0, m + 1.0]
            .into_iter()
            .filter_map(|m| Some((m, format!("{m}e{}", exp10 + 1 - digits).parse::<f64>().ok()?)))
            .filter(|&(_, d)| f16_from_f64(d) == v)
            .min_by(|(m, a), (n, b)| {
                (a - x).abs().total_cmp(&(b - x).abs()).then((m % 2.0 != 0.0).cmp(&(n % 2.0 != 0.0)))
            });
        if let Some((_, d)) = best {
            return format!("{d:?}");
        }
    }
    format!("{x:?}")
}

/// Writes a float as Python does: `nan`, `inf`, `-inf`, else the shortest text that reads back the same.
fn write_float(f: &mut fmt::Formatter<'_>, v: f64, shortest: String) -> fmt::Result {
    if v.is_nan() {
        f.write_str("nan")
    } else if v.is_infinite() {
        f.write_str(if v > 0.0 { "inf" } else { "-inf" })
    } else {
        f.write_str(&shortest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float16_from_float64_rounds_once() {
        for (v, bits) in [
            (65519.999999, 0x7BFF),
            (65520.0, 0x7C00),
            (2f64.powi(-25), 0),
            (2f64.powi(-25) * (1.0 + f64::EPSILON), 1),
            (-2f64.powi(-26), 0x8000),
            (1.0 + 2f64.powi(-11), 0x3C00),
            (1.0 + 2f64.powi(-11) + 2f64.powi(-40), 0x3C01),
            (1e300, 0x7C00),
            (5e-324, 0),
        ] {
            assert_eq!(f16_from_f64(v).to_bits(), bits, "{v:e}");
        }
        // Where float32 holds the value exactly, converting from it agrees.
        for bits in (0..u32::MAX).step_by(4099) {
            let x = f32::from_bits(bits);
            let (once, via) = (f16_from_f64(x as f64), f16::from_f32(x));
            assert!(once.to_bits() == via.to_bits() || (once.is_nan() && via.is_nan()), "{x:e}");
        }
    }

    #[test]
    fn float16_prints_its_shortest_round_trip_digits() {
        for (v, text) in [(0.1, "0.1"), (285.25, "285.2"), (6e-8, "6e-8"), (65504.0, "65500.0"), (1.0, "1.0")] {
            assert_eq!(shortest_f16(f16_from_f64(v)), text, "{v}");
        }
        // Every finite float16: the text reads back, and no decimal of fewer digits does.
        for bits in 0..=u16::MAX {
            let v = f16::from_bits(bits);
            if !v.is_finite() || v.to_f64() == 0.0 {
                continue;
            }
            let text = shortest_f16(v);
            let back: f64 = text.parse().unwrap();
            assert_eq!(f16_from_f64(back), v, "{text}");
            let digits = format!("{:e}", back.abs()).split('e').next().unwrap().replace('.', "").len();
            if digits > 1 {
                let shorter = format!("{:.*e}", digits - 2, v.to_f64()).parse::<f64>().unwrap();
                assert_ne!(f16_from_f64(shorter), v, "{text}: {shorter} is shorter");
            }
        }
    }
}
