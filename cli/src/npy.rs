//! `.npy` files in and out, for any of numjit's dtypes, C or Fortran order, either byte order.

use std::io::Cursor;
use std::path::Path;

use anyhow::{bail, Context, Result};
use ndarray::ArrayD;
use ndarray_npy::{ReadNpyError, ReadNpyExt, WriteNpyExt};
use numjit::{f16, DynArray};

/// The length of an `.npy` header that holds the descriptor: the magic string, the version, the header's
/// length and the header (version 1: a 2-byte length, versions 2 and 3: 4 bytes).
fn header_end(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return None;
    }
    let end = match bytes[6] {
        1 => 10 + u16::from_le_bytes([bytes[8], bytes[9]]) as usize,
        _ => 12 + u32::from_le_bytes(bytes.get(8..12)?.try_into().ok()?) as usize,
    };
    (end <= bytes.len()).then_some(end)
}

/// Replaces the descriptor `from` (quoted, as `'<f2'`) by `to`, of the same length, in the header; whether
/// it was there. float16 goes through the reader and writer as uint16 this way (ndarray-npy has no
/// float16), the bits unchanged.
fn swap_descriptor(bytes: &mut [u8], from: &str, to: &str) -> bool {
    let Some(end) = header_end(bytes) else { return false };
    let (from, to) = (from.as_bytes(), to.as_bytes());
    match bytes[..end].windows(from.len()).position(|w| w == from) {
        Some(i) => {
            bytes[i..i + to.len()].copy_from_slice(to);
            true
        }
        None => false,
    }
}

/// Reads an `.npy` file as whichever supported dtype it holds.
pub fn load(path: &Path) -> Result<DynArray> {
    let mut bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if swap_descriptor(&mut bytes, "'<f2'", "'<u2'") || swap_descriptor(&mut bytes, "'>f2'", "'>u2'") {
        let bits = ArrayD::<u16>::read_npy(Cursor::new(&bytes))
            .with_context(|| format!("{} is not a valid .npy file", path.display()))?;
        return Ok(bits.mapv(f16::from_bits).into());
    }
    // Each attempt either succeeds, or fails on the descriptor (another dtype), or on the file itself.
    macro_rules! try_as {
        ($t:ty) => {
            match ArrayD::<$t>::read_npy(Cursor::new(&bytes)) {
                Ok(a) => return Ok(a.into()),
                Err(ReadNpyError::WrongDescriptor(d)) => d,
                Err(e) => bail!("{} is not a valid .npy file: {e}", path.display()),
            }
        };
    }
    try_as!(f64);
    try_as!(f32);
    try_as!(numjit::Complex<f64>);
    try_as!(numjit::Complex<f32>);
    try_as!(i64);
    try_as!(i32);
    try_as!(i16);
    try_as!(i8);
    try_as!(u64);
    try_as!(u32);
    try_as!(u16);
    try_as!(u8);
    let d = try_as!(bool);
    bail!(
        "{}: unsupported dtype {d}: numjit reads bool, int8 to int64, uint8 to uint64, float16 to float64, complex64 and complex128",
        path.display()
    )
}

/// Writes an array as `.npy` (C order, little-endian).
pub fn save(path: &Path, a: &DynArray) -> Result<()> {
    let file = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let file = std::io::BufWriter::new(file);
    let r = match a {
        DynArray::Bool(a) => a.write_npy(file),
        DynArray::I8(a) => a.write_npy(file),
        DynArray::I16(a) => a.write_npy(file),
        DynArray::I32(a) => a.write_npy(file),
        DynArray::I64(a) => a.write_npy(file),
        DynArray::U8(a) => a.write_npy(file),
        DynArray::U16(a) => a.write_npy(file),
        DynArray::U32(a) => a.write_npy(file),
        DynArray::U64(a) => a.write_npy(file),
        DynArray::F16(a) => {
            let mut bytes = Vec::new();
            a.mapv(f16::to_bits).write_npy(&mut bytes).with_context(|| format!("cannot write {}", path.display()))?;
            swap_descriptor(&mut bytes, "'<u2'", "'<f2'");
            let mut file = file;
            std::io::Write::write_all(&mut file, &bytes).map_err(Into::into)
        }
        DynArray::F32(a) => a.write_npy(file),
        DynArray::F64(a) => a.write_npy(file),
        DynArray::C64(a) => a.write_npy(file),
        DynArray::C128(a) => a.write_npy(file),
    };
    r.with_context(|| format!("cannot write {}", path.display()))
}
