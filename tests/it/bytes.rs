//! Byte strings (NumPy's `S` dtype) through the public API: what NumPy computes for them is in the NumPy
//! table (`numpy_semantics.jsonl`) and the numexpr grid; here are the errors, the layouts the API takes
//! and refuses, literals, compiled signatures, and strings wide enough to shorten the executor's blocks.

use ndarray::{s, Array2, Array3};
use numjit::{ArrayRef, Backend, DType, DynArray, ErrorKind, Options, Vars};

use crate::support::eval_both;

/// `n` strings of `width` bytes from `text`, cycled.
fn strings(n: usize, width: usize, text: &[u8]) -> Array2<u8> {
    Array2::from_shape_fn((n, width), |(i, j)| text[(i * width + j * 3 + i / 2) % text.len()])
}

/// A byte string as NumPy compares it: without its NUL bytes at the end.
fn stripped(s: &[u8]) -> &[u8] {
    &s[..s.iter().rposition(|&c| c != 0).map_or(0, |k| k + 1)]
}

#[test]
fn errors_say_what_byte_strings_take_and_where() {
    let s = strings(4, 3, b"ab\0c");
    let x = ndarray::Array1::from_elem(4, 1.0);
    let mut v2 = Vars::new();
    v2.insert("s", ArrayRef::bytes(s.view())).insert("x", &x);
    for (expr, at) in [
        ("s + 1", "s"),
        ("s == 1", "1"),
        ("x < s", "x"),
        ("s", "s"),
        ("-s", "s"),
        ("sin(s)", "s"),
        ("sum(s)", "s"),
        ("where(s, 1, 2)", "s"),
        ("contains(s, 1)", "1"),
        ("contains(x, s)", "x"),
        ("s == b'\\x4'", "\\x"),
        ("s == 'é'", "é"),
        ("s == 'ab", "'ab"),
    ] {
        let e = numjit::evaluate(expr, &v2).expect_err(expr);
        let span = e.span.unwrap_or_else(|| panic!("{expr}: {e} has no span"));
        assert_eq!(&expr[span.start..span.end], at, "{expr}: {e}");
    }
}

#[test]
fn string_literals_with_and_without_the_prefix_are_bytes() {
    let s = strings(9, 4, b"ab\0\x80c");
    let mut v = Vars::new();
    v.insert("s", ArrayRef::bytes(s.view()));
    let with = eval_both("(s >= b'ab') | contains(s, b'\\x80')", &v);
    let without = eval_both("(s >= 'ab') | contains(s, \"\\x80\")", &v);
    assert_eq!(with, without);
    let want: Vec<bool> = s
        .outer_iter()
        .map(|r| {
            let r = stripped(r.as_slice().unwrap());
            r >= &b"ab"[..] || r.contains(&0x80)
        })
        .collect();
    assert_eq!(with.into_bool().unwrap().into_raw_vec_and_offset().0, want);
    // Two literals fold, as Python computes them.
    let none = Vars::new();
    assert_eq!(
        eval_both("(b'a\\x00' == b'a') & (b'ab' < b'b') & contains(b'xyz', 'y')", &none),
        DynArray::from(ndarray::arr0(true).into_dyn())
    );
}

#[test]
fn kernels_are_compiled_for_a_width_and_print_their_string_operations() {
    let k =
        numjit::compile("contains(s, b'ab') & (s != t)", &[("s", DType::Bytes(3)), ("t", DType::Bytes(5))]).unwrap();
    assert_eq!(k.dtype(), DType::Bool);
    assert_eq!(k.variables(), [("s", DType::Bytes(3)), ("t", DType::Bytes(5))]);
    let ir = k.ir();
    assert!(ir.contains("bytes.contains s, b'ab'") && ir.contains("bytes.ne s, t"), "{ir}");
    let (s3, s4, t) = (strings(2, 3, b"ab"), strings(2, 4, b"ab"), strings(2, 5, b"ab"));
    let mut v = Vars::new();
    v.insert("s", ArrayRef::bytes(s3.view())).insert("t", ArrayRef::bytes(t.view()));
    assert!(k.eval(&v).is_ok());
    v.insert("s", ArrayRef::bytes(s4.view()));
    let e = k.eval(&v).unwrap_err();
    assert!(e.to_string().contains("S4") && e.to_string().contains("S3"), "{e}");
    assert_eq!(DType::from_name("S12"), Some(DType::Bytes(12)));
    assert_eq!(DType::Bytes(12).to_string(), "S12");
}

#[test]
fn views_whose_strings_do_not_lie_whole_are_refused() {
    let a = strings(6, 4, b"abcd");
    let refused = [
        // Every other byte of each string.
        a.slice(s![.., ..;2]).into_dyn(),
        // Strings three bytes wide, four apart.
        a.slice(s![.., ..3]).into_dyn(),
        // No axis for the bytes.
        a.slice(s![0, 0]).into_dyn(),
    ];
    for view in refused {
        let mut v = Vars::new();
        v.insert("s", ArrayRef::Bytes(view.clone()));
        let e = numjit::evaluate("s == b'a'", &v).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::Input { .. }), "{:?}: {e}", view.strides());
    }
    // A copy in standard layout is taken.
    let mut v = Vars::new();
    let copy = a.slice(s![.., ..3]).to_owned();
    v.insert("s", ArrayRef::bytes(copy.view()));
    assert!(numjit::evaluate("s == b'a'", &v).is_ok());
    // Strings wider than the limit.
    let wide = Array2::<u8>::zeros((1, numjit::MAX_BYTES + 1));
    v.insert("s", ArrayRef::bytes(wide.view()));
    assert!(matches!(numjit::evaluate("s == b''", &v).unwrap_err().kind, ErrorKind::Input { .. }));
}

/// Strings so wide that a block's buffer of them would pass a megabyte: the executor cuts blocks to a few
/// strings, and a reduction computes each chunk's values block by block. Transposed and broadcast
/// operands are gathered through the buffers.
#[test]
fn wide_strings_take_short_blocks_with_the_same_results() {
    let width = 200_000;
    let a = Array3::from_shape_fn(
        (5, 4, width),
        |(i, j, k)| if k == width - 1 { b'a' + ((i + j) % 3) as u8 } else { b'x' },
    );
    let b = Array2::from_shape_fn((4, width), |(j, k)| if k == width - 1 { b'a' + (j % 2) as u8 } else { b'x' });
    let f = ndarray::Array2::from_shape_fn((4, 5), |(i, j)| (i * 5 + j) as f64 + 0.25);
    let at = a.view().permuted_axes([1, 0, 2]);
    let mut v = Vars::new();
    v.insert("s", ArrayRef::Bytes(at.into_dyn()))
        .insert("t", ArrayRef::bytes(b.view().insert_axis(ndarray::Axis(1))))
        .insert("f", &f);
    for expr in ["s == t", "sum(where(s < t, f, 0.5))", "count_nonzero(s > t, axis=1)", "sum(f * (s != t), axis=0)"] {
        let got = eval_both(expr, &v);
        let opts = Options { threads: Some(1), block_size: 3, backend: Backend::Interpreter, ..Options::default() };
        let small = numjit::evaluate_with(expr, &v, &opts).unwrap();
        assert!(crate::support::same_bits(&got, &small), "{expr}");
    }
    // Against the definition: s[j, i] == t[j] where their last bytes agree.
    let eq = eval_both("s == t", &v).into_bool().unwrap();
    for ((j, i), &e) in eq.indexed_iter().map(|(d, e)| ((d[0], d[1]), e)) {
        assert_eq!(e, (i + j) % 3 == j % 2, "({j}, {i})");
    }
}

/// The empty literal has no bytes at all (`S0`): as a 0-d operand beside 0-d strings (the small-array
/// path, no broadcasting), and beside arrays of every length around the kernels' lanes.
#[test]
fn the_empty_string_is_an_operand_of_no_bytes() {
    let one = ndarray::arr1(b"ab\0").into_dyn();
    let mut v = Vars::new();
    v.insert("s", ArrayRef::Bytes(one.view()));
    for (expr, want) in
        [("contains(s, b'')", true), ("s == b''", false), ("b'' < s", true), ("contains(b'', s)", false)]
    {
        assert_eq!(eval_both(expr, &v), DynArray::from(ndarray::arr0(want).into_dyn()), "{expr}");
    }
    for n in 0..20 {
        let s = strings(n, 2, b"a\0\0");
        let mut v = Vars::new();
        v.insert("s", ArrayRef::bytes(s.view()));
        let got = eval_both("(s == '') | contains(b'', s)", &v).into_bool().unwrap();
        let want: Vec<bool> = s.outer_iter().map(|r| stripped(r.as_slice().unwrap()).is_empty()).collect();
        assert_eq!(got.into_raw_vec_and_offset().0, want, "n = {n}");
    }
}
