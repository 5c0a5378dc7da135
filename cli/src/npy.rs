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

/// The header's descriptor, Fortran order and shape, read from its Python dict; `None` where it has no
/// such fields.
fn header(bytes: &[u8]) -> Option<(String, bool, Vec<usize>)> {
    let end = header_end(bytes)?;
    let text = std::str::from_utf8(&bytes[if bytes[6] == 1 { 10 } else { 12 }..end]).ok()?;
    let after =
        |key: &str| text.find(key).map(|k| text[k + key.len()..].trim_start().trim_start_matches(':').trim_start());
    let descr = after("'descr'")?;
    let descr = descr.strip_prefix('\'')?.split('\'').next()?.to_owned();
    let fortran = after("'fortran_order'")?.starts_with("True");
    let shape = after("'shape'")?.strip_prefix('(')?.split(')').next()?;
    let shape =
        shape.split(',').map(str::trim).filter(|d| !d.is_empty()).map(|d| d.parse().ok()).collect::<Option<_>>()?;
    Some((descr, fortran, shape))
}

/// A byte-string array (`|S<n>`) from an `.npy` file's data: a `u8` array whose last axis holds each
/// string's `n` bytes (numjit's form); `None` where the descriptor is another.
fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Option<DynArray>> {
    let Some((descr, fortran, shape)) = header(bytes) else { return Ok(None) };
    let Some(n) = descr.trim_start_matches(['|', '<', '>', '=']).strip_prefix('S') else { return Ok(None) };
    let n: usize = n.parse().with_context(|| format!("{}: bad descriptor {descr}", path.display()))?;
    if n > numjit::MAX_BYTES {
        bail!("{}: strings of {n} bytes: numjit takes at most {}", path.display(), numjit::MAX_BYTES);
    }
    let count = shape.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
    let data = &bytes[header_end(bytes).unwrap_or(bytes.len())..];
    match count.and_then(|c| c.checked_mul(n)) {
        Some(len) if len == data.len() => {}
        _ => bail!("{} is not a valid .npy file: its data does not hold shape {shape:?} of {descr}", path.display()),
    }
    // Fortran order: the strings lie with the first axis fastest, each string's bytes together.
    let mut dims: Vec<usize> = if fortran { shape.iter().rev().copied().collect() } else { shape.clone() };
    dims.push(n);
    let mut a = ArrayD::from_shape_vec(dims, data.to_vec()).context("the shape holds the data")?;
    if fortran {
        let k = shape.len();
        let order: Vec<usize> = (0..k).rev().chain([k]).collect();
        a = a.permuted_axes(order).as_standard_layout().into_owned();
    }
    Ok(Some(DynArray::Bytes(a)))
}

/// Writes byte strings (a `u8` array whose last axis holds them) as `|S<n>`, C order.
fn save_bytes(a: &ArrayD<u8>) -> Vec<u8> {
    let (outer, n) = a.shape().split_at(a.ndim() - 1);
    let shape = match outer {
        [d] => format!("({d},)"),
        _ => format!("({})", outer.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")),
    };
    let mut dict = format!("{{'descr': '|S{}', 'fortran_order': False, 'shape': {shape}, }}", n[0]);
    // The header, newline included, pads to a multiple of 64 bytes.
    while (10 + dict.len() + 1) % 64 != 0 {
        dict.push(' ');
    }
    dict.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(dict.len() as u16).to_le_bytes());
    out.extend_from_slice(dict.as_bytes());
    out.extend(a.as_standard_layout().iter());
    out
}

/// Reads an `.npy` file as whichever supported dtype it holds.
pub fn load(path: &Path) -> Result<DynArray> {
    let mut bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if let Some(a) = load_bytes(path, &bytes)? {
        return Ok(a);
    }
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
    if header(&bytes).is_some_and(|(d, ..)| d.trim_start_matches(['|', '<', '>', '=']).starts_with('U')) {
        bail!(
            "{}: Unicode strings (NumPy's U dtype) are not supported: numjit compares byte strings (S); \
             convert them with `np.char.encode(a, 'ascii')`",
            path.display()
        );
    }
    bail!(
        "{}: unsupported dtype {d}: numjit reads bool, int8 to int64, uint8 to uint64, float16 to float64, complex64, complex128 and byte strings (S)",
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
        DynArray::Bytes(a) => {
            let mut file = file;
            std::io::Write::write_all(&mut file, &save_bytes(a)).map_err(Into::into)
        }
    };
    r.with_context(|| format!("cannot write {}", path.display()))
}
