//! Element types and single values of them.
//!
//! `DType` is the closed set of element types numjit computes with; `Scalar` is one value of one of them.
//! Promotion rules live in `typeck::promote`; what operations do to scalars lives in `ops`.

use std::fmt;

/// The element type of an array or an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DType {
    Bool,
    I32,
    I64,
    F32,
    F64,
}

impl DType {
    pub const ALL: [DType; 5] = [DType::Bool, DType::I32, DType::I64, DType::F32, DType::F64];

    /// Bytes per element in memory (`bool` is one byte holding 0 or 1, as in NumPy).
    pub fn size(self) -> usize {
        match self {
            DType::Bool => 1,
            DType::I32 | DType::F32 => 4,
            DType::I64 | DType::F64 => 8,
        }
    }

    pub fn is_float(self) -> bool {
        matches!(self, DType::F32 | DType::F64)
    }

    pub fn is_int(self) -> bool {
        matches!(self, DType::I32 | DType::I64)
    }

    /// NumPy's name for the type.
    pub fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::I32 => "int32",
            DType::I64 => "int64",
            DType::F32 => "float32",
            DType::F64 => "float64",
        }
    }

    /// Parses NumPy's names and the short spellings `f64`, `i32`, ...
    pub fn from_name(name: &str) -> Option<DType> {
        Some(match name {
            "bool" | "b1" => DType::Bool,
            "int32" | "i32" | "i4" => DType::I32,
            "int64" | "i64" | "i8" | "int" => DType::I64,
            "float32" | "f32" | "f4" => DType::F32,
            "float64" | "f64" | "f8" | "float" => DType::F64,
            _ => return None,
        })
    }
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One value of one `DType`.
#[derive(Clone, Copy, Debug)]
pub enum Scalar {
    Bool(bool),
    I32(i32),
    I64(i64),
    F32(f32),
    F64(f64),
}

impl Scalar {
    pub fn dtype(self) -> DType {
        match self {
            Scalar::Bool(_) => DType::Bool,
            Scalar::I32(_) => DType::I32,
            Scalar::I64(_) => DType::I64,
            Scalar::F32(_) => DType::F32,
            Scalar::F64(_) => DType::F64,
        }
    }

    /// The value's bits, zero-extended: equal bits mean the same value (NaN payloads included).
    pub fn bits(self) -> u64 {
        match self {
            Scalar::Bool(v) => v as u64,
            Scalar::I32(v) => v as u32 as u64,
            Scalar::I64(v) => v as u64,
            Scalar::F32(v) => v.to_bits() as u64,
            Scalar::F64(v) => v.to_bits(),
        }
    }

    /// Reads one element of type `dtype` from its little-endian bytes.
    pub fn from_bytes(dtype: DType, b: &[u8]) -> Scalar {
        let n = dtype.size();
        let mut buf = [0u8; 8];
        buf[..n].copy_from_slice(&b[..n]);
        let v = u64::from_le_bytes(buf);
        match dtype {
            DType::Bool => Scalar::Bool(v != 0),
            DType::I32 => Scalar::I32(v as u32 as i32),
            DType::I64 => Scalar::I64(v as i64),
            DType::F32 => Scalar::F32(f32::from_bits(v as u32)),
            DType::F64 => Scalar::F64(f64::from_bits(v)),
        }
    }

    /// Writes the element's little-endian bytes into `b[..dtype.size()]`.
    pub fn write_bytes(self, b: &mut [u8]) {
        let n = self.dtype().size();
        b[..n].copy_from_slice(&self.bits().to_le_bytes()[..n]);
    }

    pub fn as_f64(self) -> f64 {
        match self {
            Scalar::Bool(v) => v as u8 as f64,
            Scalar::I32(v) => v as f64,
            Scalar::I64(v) => v as f64,
            Scalar::F32(v) => v as f64,
            Scalar::F64(v) => v,
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
            Scalar::I32(v) => write!(f, "{v}"),
            Scalar::I64(v) => write!(f, "{v}"),
            Scalar::F32(v) => write_float(f, *v as f64, format!("{v:?}")),
            Scalar::F64(v) => write_float(f, *v, format!("{v:?}")),
        }
    }
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
