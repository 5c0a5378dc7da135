//! numexpr's expression grid through `numjit eval`: every case of `tests/data/numexpr_grid.jsonl`
//! (written by NumPy 2, see `numexpr_grid.py`), its inputs written as `.npy` files, the result read back
//! and compared with NumPy's in dtype, shape and value; cases NumPy rejects must exit 1.

use std::path::Path;
use std::process::Command;

use numjit::DynArray;
use serde_json::Value;

use crate::npjson::array;

pub fn write(path: &Path, a: &DynArray) {
    use ndarray_npy::write_npy;
    match a {
        DynArray::Bool(a) => write_npy(path, a),
        DynArray::I8(a) => write_npy(path, a),
        DynArray::I16(a) => write_npy(path, a),
        DynArray::I32(a) => write_npy(path, a),
        DynArray::I64(a) => write_npy(path, a),
        DynArray::U8(a) => write_npy(path, a),
        DynArray::U16(a) => write_npy(path, a),
        DynArray::U32(a) => write_npy(path, a),
        DynArray::U64(a) => write_npy(path, a),
        DynArray::F32(a) => write_npy(path, a),
        DynArray::F64(a) => write_npy(path, a),
        DynArray::C64(a) => write_npy(path, a),
        DynArray::C128(a) => write_npy(path, a),
        DynArray::Bytes(a) => {
            // ndarray-npy has no byte strings: NumPy's header for `|S<n>`, then the strings in C order.
            let (outer, n) = a.shape().split_at(a.ndim() - 1);
            let dims: Vec<String> = outer.iter().map(|d| format!("{d},")).collect();
            let mut dict =
                format!("{{'descr': '|S{}', 'fortran_order': False, 'shape': ({}), }}", n[0], dims.join(" "));
            while (11 + dict.len()) % 64 != 0 {
                dict.push(' ');
            }
            dict.push('\n');
            let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
            bytes.extend_from_slice(&(dict.len() as u16).to_le_bytes());
            bytes.extend_from_slice(dict.as_bytes());
            bytes.extend(a.iter());
            std::fs::write(path, bytes).map_err(Into::into)
        }
        DynArray::F16(a) => {
            // ndarray-npy has no float16: the bits as uint16, the descriptor then made NumPy's `'<f2'`.
            write_npy(path, &a.mapv(numjit::f16::to_bits)).unwrap();
            let mut bytes = std::fs::read(path).unwrap();
            let at = bytes.windows(5).position(|w| w == b"'<u2'").expect("a uint16 descriptor");
            bytes[at..at + 5].copy_from_slice(b"'<f2'");
            std::fs::write(path, bytes).unwrap();
            Ok(())
        }
    }
    .unwrap();
}

fn read(path: &Path, dtype: &str) -> DynArray {
    use ndarray::ArrayD;
    use ndarray_npy::read_npy;
    match dtype {
        "bool" => read_npy::<_, ArrayD<bool>>(path).map(DynArray::from),
        "int8" => read_npy::<_, ArrayD<i8>>(path).map(DynArray::from),
        "int16" => read_npy::<_, ArrayD<i16>>(path).map(DynArray::from),
        "int32" => read_npy::<_, ArrayD<i32>>(path).map(DynArray::from),
        "int64" => read_npy::<_, ArrayD<i64>>(path).map(DynArray::from),
        "uint8" => read_npy::<_, ArrayD<u8>>(path).map(DynArray::from),
        "uint16" => read_npy::<_, ArrayD<u16>>(path).map(DynArray::from),
        "uint32" => read_npy::<_, ArrayD<u32>>(path).map(DynArray::from),
        "uint64" => read_npy::<_, ArrayD<u64>>(path).map(DynArray::from),
        "float32" => read_npy::<_, ArrayD<f32>>(path).map(DynArray::from),
        "complex64" => read_npy::<_, ArrayD<numjit::Complex<f32>>>(path).map(DynArray::from),
        "complex128" => read_npy::<_, ArrayD<numjit::Complex<f64>>>(path).map(DynArray::from),
        "float16" => {
            // ndarray-npy has no float16: NumPy's `'<f2'` read as uint16 bits.
            let mut bytes = std::fs::read(path).unwrap();
            let at = bytes.windows(5).position(|w| w == b"'<f2'").expect("a float16 descriptor");
            bytes[at..at + 5].copy_from_slice(b"'<u2'");
            let bits = <ArrayD<u16> as ndarray_npy::ReadNpyExt>::read_npy(std::io::Cursor::new(bytes));
            bits.map(|b| DynArray::from(b.mapv(numjit::f16::from_bits)))
        }
        _ => read_npy::<_, ArrayD<f64>>(path).map(DynArray::from),
    }
    .unwrap_or_else(|e| panic!("{}: not {dtype}: {e}", path.display()))
}

/// Equal values: exact for integers and bools; for floats within a few units in the last place of
/// NumPy's own transcendental functions at the inputs' precision (NaN equals NaN).
fn close(a: &DynArray, b: &DynArray, single: bool) -> bool {
    let rtol = if single { 2e-6 } else { 1e-13 };
    fn floats(x: impl Iterator<Item = f64>, y: impl Iterator<Item = f64>, rtol: f64) -> bool {
        x.zip(y).all(|(p, q)| (p.is_nan() && q.is_nan()) || p == q || (p - q).abs() <= rtol * q.abs().max(1e-300))
    }
    match (a, b) {
        (DynArray::F32(x), DynArray::F32(y)) => floats(x.iter().map(|&v| v as f64), y.iter().map(|&v| v as f64), rtol),
        (DynArray::F64(x), DynArray::F64(y)) => floats(x.iter().copied(), y.iter().copied(), rtol),
        // Each part within the tolerance of the larger part's magnitude (NaN equals NaN).
        (DynArray::C128(x), DynArray::C128(y)) => x.iter().zip(y).all(|(p, q)| {
            let scale = q.re.abs().max(q.im.abs()).max(1e-300);
            let part = |g: f64, w: f64| (g.is_nan() && w.is_nan()) || g == w || (g - w).abs() <= rtol * scale;
            part(p.re, q.re) && part(p.im, q.im)
        }),
        _ => a == b,
    }
}

fn run_case(dir: &Path, k: usize, case: &Value) -> Result<(), String> {
    let expr = case["expr"].as_str().unwrap();
    let what = format!("{} {} (0-d: {}): {expr}", case["section"], case["dtype"], case["zero_d"]);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_numjit"));
    cmd.args(["eval", expr, "--threads", "1"]);
    for (name, v) in case["inputs"].as_object().unwrap() {
        let path = dir.join(format!("{k}-{name}.npy"));
        write(&path, &array(v));
        cmd.arg("-i").arg(format!("{name}={}", path.display()));
    }
    let out = dir.join(format!("{k}-out.npy"));
    let o = cmd.arg("-o").arg(&out).output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    if case.get("error").is_some() {
        return match o.status.code() {
            Some(1) if stderr.contains("error") => Ok(()),
            code => Err(format!("{what}: NumPy rejects it, numjit exits {code:?}")),
        };
    }
    if !o.status.success() {
        return Err(format!("{what}: numjit failed: {stderr}"));
    }
    let want = array(&case["result"]);
    let got = read(&out, want.dtype().name());
    if got.dtype() != want.dtype() || got.shape() != want.shape() || !close(&got, &want, case["dtype"] == "float32") {
        return Err(format!("{what}: numjit {got:?}, NumPy {want:?}"));
    }
    Ok(())
}

#[test]
fn numexpr_grid_through_numjit_eval() {
    let text = include_str!("../../../tests/data/numexpr_grid.jsonl");
    let cases: Vec<Value> =
        text.lines().filter(|l| !l.starts_with('#')).map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(cases.len() >= 1000, "only {} cases", cases.len());
    run_all(&cases, "grid");
}

/// The NumPy table's subscripts (`tests/data/numpy_semantics.jsonl`, the cases that index a variable),
/// through `numjit eval`: views of `.npy` inputs, C and Fortran order.
#[test]
fn slicing_table_through_numjit_eval() {
    let text = include_str!("../../../tests/data/numpy_semantics.jsonl");
    let cases: Vec<Value> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|c| c["expr"].as_str().unwrap().contains('['))
        .collect();
    assert!(cases.len() >= 70, "only {} cases", cases.len());
    run_all(&cases, "slices");
}

/// Runs every case through `numjit eval` on four threads; fails with the ones that differ.
fn run_all(cases: &[Value], what: &str) {
    let dir = std::env::temp_dir().join(format!("numjit-{what}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let workers = 4;
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let dir = &dir;
                s.spawn(move || {
                    (w..cases.len())
                        .step_by(workers)
                        .filter_map(|k| run_case(dir, k, &cases[k]).err())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
