//! `.npy` files in and out, for any of numjit's dtypes, C or Fortran order, either byte order.

use std::io::Cursor;
use std::path::Path;

use anyhow::{bail, Context, Result};
use ndarray::ArrayD;
use ndarray_npy::{ReadNpyError, ReadNpyExt, WriteNpyExt};
use numjit::DynArray;

/// Reads an `.npy` file as whichever supported dtype it holds.
pub fn load(path: &Path) -> Result<DynArray> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
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
        "{}: unsupported dtype {d}: numjit reads bool, int8 to int64, uint8 to uint64, float32 and float64",
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
        DynArray::F32(a) => a.write_npy(file),
        DynArray::F64(a) => a.write_npy(file),
    };
    r.with_context(|| format!("cannot write {}", path.display()))
}
