//! The `numjit` binary: `eval` through `.npy` files, `bench`, exit codes, scripts on stdin, and the REPL
//! through a real pseudo-terminal.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use ndarray::{array, ArrayD, ShapeBuilder};
use ndarray_npy::{read_npy, write_npy};

pub const BIN: &str = env!("CARGO_BIN_EXE_numjit");

/// A fresh directory for one test's files.
pub fn tempdir() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let d =
        std::env::temp_dir().join(format!("numjit-cli-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub fn numjit(args: &[&str]) -> Output {
    Command::new(BIN).args(args).stdin(Stdio::null()).output().unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn eval_round_trips_every_dtype() {
    let d = tempdir();
    macro_rules! round_trip {
        ($t:ty, $a:expr, $expr:expr, $want:expr) => {
            round_trip!($t, $t, $a, $expr, $want)
        };
        ($t:ty, $r:ty, $a:expr, $expr:expr, $want:expr) => {{
            let a: ArrayD<$t> = $a.into_dyn();
            let (input, output) = (d.join("in.npy"), d.join("out.npy"));
            write_npy(&input, &a).unwrap();
            let o = numjit(&["eval", $expr, "-i", &format!("a={}", p(&input)), "-o", p(&output)]);
            assert!(o.status.success(), "{}: {}", $expr, stderr(&o));
            let got: ArrayD<$r> = read_npy(&output).unwrap();
            assert_eq!(got, $want.into_dyn(), "{}", $expr);
        }};
    }
    round_trip!(bool, array![true, false, true], "~a", array![false, true, false]);
    round_trip!(i32, array![[1, -2], [3, 4]], "a * 3 // 2", array![[1i32, -3], [4, 6]]);
    round_trip!(i64, array![5, -7], "a % 3", array![2i64, 2]);
    round_trip!(f32, array![0.5f32, 2.0], "a * 2.0", array![1.0f32, 4.0]);
    round_trip!(f64, array![0.25, 4.0], "sqrt(a)", array![0.5, 2.0]);
    round_trip!(i8, array![-128i8, 127], "a - 1", array![127i8, 126]);
    round_trip!(i16, array![-32768i16, 7], "-a", array![-32768i16, -7]);
    round_trip!(u8, array![[200u8, 3], [255, 0]], "a + 100", array![[44u8, 103], [99, 100]]);
    round_trip!(u16, array![65535u16, 2], "a * a", array![1u16, 4]);
    round_trip!(u32, array![4294967295u32, 9], "a // 2", array![2147483647u32, 4]);
    round_trip!(u64, array![u64::MAX, 1 << 63], "a + 1", array![0u64, (1 << 63) + 1]);
    round_trip!(u8, u64, array![200u8, 100, 255], "sum(a, keepdims=True)", array![555u64]);
    round_trip!(u64, bool, array![1u64 << 63, 5], "a > -1", array![true, true]);
    type C128 = numjit::Complex<f64>;
    type C64 = numjit::Complex<f32>;
    let c = |re: f64, im: f64| C128::new(re, im);
    round_trip!(C128, array![c(1.0, 2.0), c(-0.5, 0.0)], "a * 1j", array![c(-2.0, 1.0), c(-0.0, -0.5)]);
    let c32 = |re: f32, im: f32| C64::new(re, im);
    round_trip!(C64, array![c32(1.0, 2.0)], "conj(a) + 1", array![c32(2.0, -2.0)]);
    round_trip!(C64, f32, array![c32(3.0, 4.0)], "abs(a)", array![5.0f32]);
    round_trip!(f64, C128, array![-4.0, 9.0], "sqrt(a + 0j)", array![c(0.0, 2.0), c(3.0, 0.0)]);
    // float16 out: the bits under NumPy's descriptor `<f2` (here read back as uint16 after checking it).
    let (input, output) = (d.join("in.npy"), d.join("out.npy"));
    write_npy(&input, &array![0.1f32, 1000.0, 7e-8]).unwrap();
    let o = numjit(&["eval", "float16(a) * 2", "-i", &format!("a={}", p(&input)), "-o", p(&output)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut bytes = std::fs::read(&output).unwrap();
    let at = bytes.windows(5).position(|w| w == b"'<f2'").expect("NumPy's float16 descriptor");
    bytes[at..at + 5].copy_from_slice(b"'<u2'");
    std::fs::write(&output, bytes).unwrap();
    let got: ArrayD<u16> = read_npy(&output).unwrap();
    // 0.1 -> 0x2E66 (0.0999755859375) doubled; 1000 doubled; 7e-8 -> the smallest subnormal, doubled.
    assert_eq!(got, array![0x3266u16, 0x67D0, 0x0002].into_dyn());
    // A Fortran-order input.
    let f = ArrayD::from_shape_vec(ndarray::IxDyn(&[2, 3]).f(), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
    round_trip!(f64, f.clone(), "a + 0.5", f.mapv(|v| v + 0.5));
}

#[test]
fn eval_broadcasts_inputs_and_prints_without_output() {
    let d = tempdir();
    write_npy(d.join("c.npy"), &array![[1.0], [2.0]]).unwrap();
    write_npy(d.join("r.npy"), &array![10i32, 20, 30]).unwrap();
    let c = format!("c={}", p(&d.join("c.npy")));
    let r = format!("r={}", p(&d.join("r.npy")));
    let o = numjit(&["eval", "c * r", "-i", &c, "-i", &r, "--threads", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "[[10. 20. 30.]\n [20. 40. 60.]]\n");
}

#[test]
fn eval_exit_codes_and_messages() {
    let d = tempdir();
    write_npy(d.join("a.npy"), &array![1.0, 2.0]).unwrap();
    let a = format!("a={}", p(&d.join("a.npy")));
    // An expression error: exit 1, the caret on stderr.
    let o = numjit(&["eval", "a +* 2", "-i", &a]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("a +* 2\n     ^"), "{}", stderr(&o));
    let o = numjit(&["eval", "aa + 1", "-i", &a]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("did you mean `a`?"), "{}", stderr(&o));
    // A missing file.
    let o = numjit(&["eval", "a", "-i", &format!("a={}", p(&d.join("missing.npy")))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot read"), "{}", stderr(&o));
    // A corrupt file.
    std::fs::write(d.join("bad.npy"), b"\x93NUMPY garbage").unwrap();
    let o = numjit(&["eval", "a", "-i", &format!("a={}", p(&d.join("bad.npy")))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a valid .npy file"), "{}", stderr(&o));
    // Big-endian integers read as their values.
    let path = d.join("be.npy");
    let mut bytes = npy_bytes(">i2", 0);
    bytes.extend_from_slice(&(-300i16).to_be_bytes());
    std::fs::write(&path, bytes).unwrap();
    let o = numjit(&["eval", "a * 2", "-i", &format!("a={}", p(&path))]);
    assert_eq!((o.status.code(), stdout(&o)), (Some(0), "[-600]\n".to_owned()), "{}", stderr(&o));
    // float16 in either byte order: NumPy's descriptors `<f2` and `>f2`, the bits of 1.5 and -65504.
    for (descr, bits) in [("<f2", 0x3E00u16.to_le_bytes()), (">f2", 0xFBFFu16.to_be_bytes())] {
        let path = d.join("h.npy");
        let mut bytes = npy_bytes(descr, 0);
        bytes.extend_from_slice(&bits);
        std::fs::write(&path, bytes).unwrap();
        let o = numjit(&["eval", "a * 2", "-i", &format!("a={}", p(&path))]);
        let want = if descr == "<f2" { "[3.]\n" } else { "[-inf]\n" };
        assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), want), "{descr}: {}", stderr(&o));
    }
    // A Python integer outside the dtype: NumPy's OverflowError, with a caret.
    let path = d.join("u8.npy");
    write_npy(&path, &array![1u8, 2]).unwrap();
    let o = numjit(&["eval", "a + 300", "-i", &format!("a={}", p(&path))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Python integer 300 out of bounds for uint8\n  a + 300\n      ^^^"), "{}", stderr(&o));
    // An unsupported dtype: unicode strings.
    let path = d.join("odd.npy");
    std::fs::write(&path, npy_bytes("<U3", 16)).unwrap();
    let o = numjit(&["eval", "a", "-i", &format!("a={}", p(&path))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Unicode strings (NumPy's U dtype) are not supported"), "{}", stderr(&o));
    // Usage errors: exit 2.
    assert_eq!(numjit(&["eval"]).status.code(), Some(2));
    assert_eq!(numjit(&["eval", "a", "-i", "no-equals-sign"]).status.code(), Some(2));
    assert_eq!(numjit(&["frobnicate"]).status.code(), Some(2));
}

/// A version-1 `.npy` file of one element of dtype `descr`, with `size` zero bytes of data.
fn npy_bytes(descr: &str, size: usize) -> Vec<u8> {
    let mut out = npy_header(descr, false, "(1,)");
    out.extend(std::iter::repeat_n(0u8, size));
    out
}

#[test]
fn bench_prints_json() {
    let o = numjit(&["bench", "2*a + 3*b", "--n", "10000", "--repeat", "3", "--json", "--dtype", "f32"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["expr"], "2*a + 3*b");
    assert_eq!(v["n"], 10000);
    assert_eq!(v["dtype"], "float32");
    for field in ["compile_ms", "min_ms", "median_ms", "elements_per_s", "gb_per_s"] {
        assert!(v[field].as_f64().unwrap() > 0.0, "{field}");
    }
    assert!(v["min_ms"].as_f64() <= v["median_ms"].as_f64());
    let o = numjit(&["bench", "sqrt(a)", "--n", "1000", "--repeat", "2"]);
    assert!(stdout(&o).contains("GB/s"), "{}", stdout(&o));
    for (dtype, name) in [("f16", "float16"), ("c64", "complex64"), ("c128", "complex128")] {
        let o = numjit(&["bench", "a * b + 1j", "--n", "1000", "--repeat", "2", "--json", "--dtype", dtype]);
        let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        assert_eq!(v["dtype"], name, "{}", stderr(&o));
    }
}

/// `--precision high|fast` on `eval` and `bench`: fast gives other bits for some inputs, close to the
/// default's; another spelling is a usage error.
#[test]
fn eval_and_bench_take_a_precision() {
    let d = tempdir();
    let a = ndarray::Array1::from_shape_fn(4099, |i| (i as f64 * 0.754_877_666).fract() * 8.0 - 4.0);
    write_npy(d.join("a.npy"), &a).unwrap();
    let input = format!("a={}", p(&d.join("a.npy")));
    let at = |precision: &str| -> ndarray::Array1<f64> {
        let out = d.join(format!("{precision}.npy"));
        let o = numjit(&["eval", "tanh(a)", "-i", &input, "-o", p(&out), "--precision", precision]);
        assert!(o.status.success(), "{}", stderr(&o));
        read_npy(&out).unwrap()
    };
    let (high, fast) = (at("high"), at("fast"));
    assert!(high.iter().zip(&fast).any(|(h, f)| h != f));
    assert!(high.iter().zip(&fast).all(|(h, f)| (h - f).abs() <= 4.0 * f64::EPSILON * h.abs()));
    let o = numjit(&["eval", "tanh(a)", "-i", &input, "--precision", "medium"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("high") && stderr(&o).contains("fast"), "{}", stderr(&o));
    let o = numjit(&["bench", "tanh(a)", "--n", "1000", "--repeat", "1", "--json", "--precision", "fast"]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["precision"], "fast");
    let o = numjit(&["bench", "tanh(a)", "--n", "1000", "--repeat", "1", "--threads", "1"]);
    assert!(stdout(&o).contains("1 thread, precision high, 1 run\n"), "{}", stdout(&o));
    let o = numjit(&["bench", "tanh(a)", "--n", "1000", "--repeat", "3", "--threads", "2"]);
    assert!(stdout(&o).contains("2 threads, precision high, 3 runs\n"), "{}", stdout(&o));
}

/// `:precision` in the REPL: shown, set, and a wrong spelling explained.
#[test]
fn the_repl_sets_the_precision() {
    let o = script(
        ":precision
:precision fast
t = tanh(linspace(-2, 2, 5))
:precision medium
:precision
:precision high
",
    );
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(out.contains("precision: high (math functions within 1 ulp)"), "{out}");
    assert_eq!(out.matches("precision: fast (math functions within 4 ulp)").count(), 2, "{out}");
    assert!(err.contains("`:precision` takes `high` (within 1 ulp) or `fast` (4), not `medium`"), "{err}");
}

/// A reader that stops reading (`numjit ... | head`) ends the command quietly, not with a panic: a script
/// whose output is far more than a pipe holds, its stdout closed at once.
#[test]
fn a_closed_output_pipe_ends_quietly() {
    use std::io::Write;
    let mut child =
        Command::new(BIN).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    let _ = child.stdin.take().unwrap().write_all("arange(5)\n".repeat(100_000).as_bytes());
    let o = child.wait_with_output().unwrap();
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// An `--n` no memory holds is an error with exit code 1, not an allocation abort.
#[test]
fn bench_sizes_beyond_memory_are_errors() {
    let o = numjit(&["bench", "exp(a)", "--n", "100000000000000", "--repeat", "1"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("do not fit in memory"), "{}", stderr(&o));
}

#[test]
fn the_demo_data_answers_the_seed_questions() {
    // The demo `x` is 200000x5 int64 in [0, 10): each row's count of values in [4, 8] is between 0 and 5,
    // and the counts add up to about half the million elements.
    let o = script(":reset\nc = sum((x >= 4) & (x <= 8), axis=1)\nc\n(min(c), max(c))\nsum(c) == count_nonzero((x >= 4) & (x <= 8))\nmean(c) > 2.3\nmean(c) < 2.7\n:ir mean(a) - a\n");
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(out.contains("int64 (200000,)"), "{out}");
    assert!(err.contains("a tuple is allowed only as a reduction's axis"), "{err}");
    assert_eq!(out.matches("bool ()").count(), 3, "{out}");
    assert!(!out.contains("False"), "{out}");
    assert!(out.contains("#0 = float64 mean(axis=None, keepdims=false) of:"), "{out}");
    let o = script("x = zeros(3, 4) + arange(4)\nsum(x, axis=0)\nargmax(x, axis=1)\nstd(x, ddof=1)\nsum(x, axis=2)\n");
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(out.contains("[0. 3. 6. 9.]"), "{out}");
    assert!(out.contains("[3 3 3]"), "{out}");
    assert!(out.contains("float64 ()\n1.1677484162422844\n"), "{out}");
    assert!(
        err.contains("axis 2 is out of bounds for array of dimension 2\n  sum(x, axis=2)\n              ^"),
        "{err}"
    );
    assert_eq!(o.status.code(), Some(1));
}

/// Runs a script through stdin.
pub fn script(text: &str) -> Output {
    use std::io::Write;
    let mut child =
        Command::new(BIN).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn scripts_on_stdin() {
    let d = tempdir();
    let file = d.join("z.npy");
    let o = script(&format!(
        "z = linspace(0, 1, 5)\nz * 2\nn = arange(6) % 4\nn\n:save z {}\nw = load(\"{}\") + zeros(2, 5)\nw\n:vars\n",
        p(&file),
        p(&file)
    ));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("float64 (5,)"), "{out}");
    assert!(out.contains("[0.  0.5 1.  1.5 2. ]"), "{out}");
    assert!(out.contains("[0 1 2 3 0 1]"), "{out}");
    assert!(out.contains("[[0.   0.25 0.5  0.75 1.  ]\n [0.   0.25 0.5  0.75 1.  ]]"), "{out}");
    assert!(out.contains("w            float64  (2, 5)"), "{out}");
    let saved: ndarray::Array1<f64> = read_npy(&file).unwrap();
    assert_eq!(saved, array![0.0, 0.25, 0.5, 0.75, 1.0]);
    // Errors go to stderr with their caret, the script goes on, and the exit code says it failed.
    let o = script("1 +\nq = 3\nq * 2\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("1 +\n     ^"), "{}", stderr(&o));
    assert!(stdout(&o).contains("int64 ()"), "{}", stdout(&o));
}

#[test]
fn repl_in_a_terminal_completes_and_answers() {
    let d = tempdir();
    let cmd = format!("env NUMJIT_HISTORY={} TERM=xterm {BIN}", p(&d.join("history")));
    let mut s = rexpect::spawn(&cmd, Some(30_000)).unwrap();
    s.exp_string("demo data").unwrap();
    // The line editor asks the terminal where its cursor is when a prompt starts; give it time to
    // give up waiting for the answer before typing.
    let prompt = |s: &mut rexpect::session::PtySession| {
        s.exp_string(">>> ").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
    };
    prompt(&mut s);
    // Tab completes `sqr` to `sqrt`.
    s.send("sqr").unwrap();
    s.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(100));
    s.send("\t").unwrap();
    s.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(100));
    s.send_line("(16.0) + 1").unwrap();
    s.exp_string("float64 ()").unwrap();
    s.exp_string("5.").unwrap();
    prompt(&mut s);
    // An error shows its caret and the REPL goes on.
    s.send_line("nosuch + 1").unwrap();
    s.exp_string("unknown variable `nosuch`").unwrap();
    prompt(&mut s);
    s.send_line(":quit").unwrap();
    s.exp_eof().unwrap();
    assert!(std::fs::read_to_string(d.join("history")).unwrap().contains("nosuch + 1"));
}

/// A version-1 `.npy` header for `descr` and `shape` (Python's tuple text), in C or Fortran order.
fn npy_header(descr: &str, fortran: bool, shape: &str) -> Vec<u8> {
    let order = if fortran { "True" } else { "False" };
    let mut header = format!("{{'descr': '{descr}', 'fortran_order': {order}, 'shape': {shape}, }}");
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out
}

#[test]
fn byte_strings_through_npy_files_and_the_repl() {
    let d = tempdir();
    // NumPy's `np.array([[b'a', b'bc'], [b'x', b'']], 'S2')`, in C order and in Fortran order.
    let c_order = b"a\0bcx\0\0\0".to_vec();
    let f_order = b"a\0x\0bc\0\0".to_vec();
    for (name, fortran, data) in [("c.npy", false, c_order), ("f.npy", true, f_order)] {
        let path = d.join(name);
        std::fs::write(&path, [npy_header("|S2", fortran, "(2, 2)"), data].concat()).unwrap();
        let o = numjit(&["eval", "(s >= b'b') | contains(s, 'x')", "-i", &format!("s={}", p(&path))]);
        assert_eq!(stdout(&o), "[[False  True]\n [ True False]]\n", "{name}: {}", stderr(&o));
    }
    // Truncated data, and Unicode strings: errors that say so.
    let path = d.join("short.npy");
    std::fs::write(&path, [npy_header("|S4", false, "(3,)"), b"abcdabcd".to_vec()].concat()).unwrap();
    let o = numjit(&["eval", "s == b''", "-i", &format!("s={}", p(&path))]);
    assert!(o.status.code() == Some(1) && stderr(&o).contains("not a valid .npy"), "{}", stderr(&o));
    let path = d.join("u.npy");
    std::fs::write(&path, [npy_header("<U2", false, "(1,)"), vec![0; 8]].concat()).unwrap();
    let o = numjit(&["eval", "s == b''", "-i", &format!("s={}", p(&path))]);
    assert!(o.status.code() == Some(1) && stderr(&o).contains("Unicode strings"), "{}", stderr(&o));
    // The REPL: a file of byte strings loaded, printed as NumPy does, compared, saved and loaded back.
    let (c, out) = (d.join("c.npy"), d.join("out.npy"));
    let o = script(&format!(
        "s = load('{}')\ns\ns.dtype\n:save s {}\nt = load('{}')\nall(t == s)\ns + 1\n",
        p(&c),
        p(&out),
        p(&out)
    ));
    let text = stdout(&o);
    assert!(text.contains("S2 (2, 2)\n[[b'a' b'bc']\n [b'x' b'']]\nS2\n"), "{text}");
    assert!(text.contains("bool ()\nTrue\n"), "{text}");
    assert!(stderr(&o).contains("byte strings can only be compared"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&c).unwrap());
}

/// Subscripts in the REPL: views printed as NumPy prints them, an update that reads a view of the
/// variable it writes (computed apart, so the right answer), and the errors.
#[test]
fn the_repl_prints_and_updates_views() {
    let o = script("a = arange(6.0)\na[:3]\na[::-2]\na = a[::-1] + 1\na\na[6]\n(a + 1)[1:]\n");
    let want = "float64 (3,)\n[0. 1. 2.]\nfloat64 (3,)\n[5. 3. 1.]\nfloat64 (6,)\n[6. 5. 4. 3. 2. 1.]\n";
    assert_eq!(stdout(&o), want, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("index 6 is out of bounds for axis 0 with size 6\n  a[6]\n  ^^^^"), "{err}");
    assert!(err.contains("only a variable can be indexed"), "{err}");
}
