//! Property tests: random expressions over random arrays, the JIT against the interpreter; random text
//! against the parser; thread counts and block sizes against each other.

use ndarray::{ArrayD, Dimension, IxDyn, ShapeBuilder};
use numjit::{Backend, DynArray, ErrorKind, Options, Precision, Vars};
use proptest::prelude::*;

use crate::support::same_bits;

/// Variable names in the random expressions: bool, int32, int64, float32, float64, then int8, int16,
/// uint8, uint16, uint32, uint64, float16, complex64 and complex128, then byte strings of 3 and 5 bytes.
const VARS: [&str; N] = ["p", "i", "j", "f", "g", "i1", "i2", "u1", "u2", "u4", "u8", "h", "c", "z", "s", "t"];
/// How many variables there are.
const N: usize = 16;

/// A comparison or `contains` of byte strings (variables and literals, with and without the `b`): a bool
/// leaf, so that string operations meet every other operation.
fn string_predicate() -> BoxedStrategy<String> {
    let string = proptest::sample::select(vec!["s", "t", "b'a'", "'ab'", "b''", "b'a\\x00b'", "b'\\xffz'"]);
    let op = proptest::sample::select(vec!["<", "<=", "==", "!=", ">=", ">", "contains"]);
    (op, string.clone(), string)
        .prop_map(|(op, a, b)| if op == "contains" { format!("contains({a}, {b})") } else { format!("({a} {op} {b})") })
        .boxed()
}

/// A subscript of a variable: ranges with either sign of step, positions, `...`, new axes; some of them
/// do not fit some shapes, which both back ends must refuse alike.
fn subscripted() -> BoxedStrategy<String> {
    let index = proptest::sample::select(vec![
        "1:",
        ":-1",
        "::-1",
        "::2",
        "..., 0",
        "None",
        "1:, ::-2",
        "..., None",
        "-1",
        "0",
        ":, 1:",
        "-2::-1",
        "5:1:-2",
        "100:",
        "None, ..., ::3",
    ]);
    (proptest::sample::select(VARS.to_vec()), index).prop_map(|(v, i)| format!("{v}[{i}]")).boxed()
}

fn leaf() -> BoxedStrategy<String> {
    prop_oneof![
        4 => proptest::sample::select(VARS.to_vec()).prop_map(str::to_owned),
        1 => subscripted(),
        1 => string_predicate(),
        1 => (-5i64..300).prop_map(|v| v.to_string()),
        1 => proptest::sample::select(vec!["0.5", "2.0", "1e300", "-0.0", "inf", "nan", "3.25", "1e-310", "1j", "(2.5-1e300j)"])
            .prop_map(str::to_owned),
        1 => proptest::sample::select(vec!["True", "False", "2147483647", "9223372036854775807"]).prop_map(str::to_owned),
    ]
    .boxed()
}

/// The symbols of the operators of `n` operands but the keywords (`not`, `and`, `or`, which need bools).
fn operators(n: usize) -> Vec<&'static str> {
    crate::fuzz::operators(n).into_iter().filter(|o| !o.starts_with(char::is_alphabetic)).collect()
}

/// Random expression text; many are well typed, and the rest must fail in both back ends alike.
fn expr() -> BoxedStrategy<String> {
    leaf()
        .prop_recursive(5, 40, 3, |inner| {
            // The operators, then every elementwise function of that arity (the library's own list).
            let unary = proptest::sample::select([operators(1), crate::fuzz::elementwise(1)].concat());
            let binary = proptest::sample::select([operators(2), crate::fuzz::elementwise(2)].concat());
            prop_oneof![
                (unary, inner.clone()).prop_map(|(op, a)| {
                    if op.starts_with(char::is_alphabetic) {
                        format!("{op}({a})")
                    } else {
                        format!("({op}{a})")
                    }
                }),
                (binary, inner.clone(), inner.clone()).prop_map(|(op, a, b)| {
                    if op.starts_with(char::is_alphabetic) {
                        format!("{op}({a}, {b})")
                    } else {
                        format!("({a} {op} {b})")
                    }
                }),
                (inner.clone(), inner.clone(), inner).prop_map(|(c, a, b)| format!("where({c}, {a}, {b})")),
            ]
        })
        .boxed()
}

/// A random reduction of a random expression, alone or inside an elementwise one.
fn reduction() -> BoxedStrategy<String> {
    let func =
        proptest::sample::select(numjit::functions().filter(|f| f.reduction).map(|f| f.name).collect::<Vec<_>>());
    let axis = proptest::sample::select(vec![
        "",
        ", axis=0",
        ", axis=1",
        ", axis=-1",
        ", axis=(0, 1)",
        ", axis=(-1,)",
        ", axis=None",
        ", 0",
        ", axis=()",
    ]);
    let keep = proptest::sample::select(vec!["", ", keepdims=True", ", keepdims=False"]);
    let ddof = proptest::sample::select(vec!["", ", ddof=1"]);
    (func, expr(), axis, keep, ddof, expr(), 0..3usize)
        .prop_map(|(f, a, axis, keep, ddof, outer, how)| {
            let ddof = if matches!(f, "std" | "var") { ddof } else { "" };
            let r = format!("{f}({a}{axis}{keep}{ddof})");
            match how {
                0 => r,
                1 => format!("({outer} - {r})"),
                _ => format!("sum({r} * 2)"),
            }
        })
        .boxed()
}

/// Values with the special cases over-represented.
fn float_values() -> Vec<f64> {
    vec![
        0.0,
        -0.0,
        1.0,
        -1.5,
        2.5,
        0.5,
        -0.5,
        1e300,
        -1e300,
        1e-310,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        3e9,
        -3e9,
        7.0,
        1e20,
    ]
}

fn int_values() -> Vec<i64> {
    vec![0, 1, -1, 2, -7, 7, 31, 32, 63, 64, 100, i32::MIN as i64, i32::MAX as i64, i64::MIN, i64::MAX, 1 << 40]
}

/// How a variable's array is laid out in memory.
#[derive(Clone, Copy, Debug)]
enum Layout {
    C,
    Fortran,
    Reversed,
    Strided,
}

#[derive(Clone, Debug)]
struct Input {
    shape: Vec<usize>,
    layout: Layout,
    picks: Vec<usize>,
}

fn input(rows: usize, cols: usize) -> impl Strategy<Value = Input> {
    let shapes = vec![vec![], vec![cols], vec![rows, 1], vec![rows, cols], vec![1, cols]];
    (
        proptest::sample::select(shapes),
        proptest::sample::select(vec![Layout::C, Layout::Fortran, Layout::Reversed, Layout::Strided]),
        proptest::collection::vec(0usize..1000, 67),
    )
        .prop_map(|(shape, layout, picks)| Input { shape, layout, picks })
}

/// Builds an array of `shape` whose elements come from `values`, in the given memory layout.
fn build<T: Clone>(inp: &Input, values: &[T]) -> ArrayD<T> {
    let n: usize = inp.shape.iter().product();
    let get = |k: usize| values[inp.picks[k % inp.picks.len()] % values.len()].clone();
    match inp.layout {
        Layout::C => ArrayD::from_shape_fn(IxDyn(&inp.shape), |ix| get(ix.slice().iter().sum::<usize>())),
        Layout::Fortran => {
            let v: Vec<T> = (0..n).map(get).collect();
            ArrayD::from_shape_vec(IxDyn(&inp.shape).f(), v).unwrap()
        }
        Layout::Reversed | Layout::Strided => {
            // Twice as long along the last axis, then sliced with step -1 or 2.
            let mut big = inp.shape.clone();
            if let Some(last) = big.last_mut() {
                *last *= 2;
            }
            let a = ArrayD::from_shape_fn(IxDyn(&big), |ix| get(ix.slice().iter().sum::<usize>() + 3));
            let step = if matches!(inp.layout, Layout::Reversed) { -2 } else { 2 };
            let mut v = a;
            if !inp.shape.is_empty() {
                let ax = inp.shape.len() - 1;
                v.slice_axis_inplace(ndarray::Axis(ax), ndarray::Slice::new(0, None, step));
            }
            v
        }
    }
}

/// The arrays of the variables, in `VARS` order.
struct Data(Vec<DynArray>);

fn data(inputs: &[Input; N]) -> Data {
    let fv = float_values();
    let iv = int_values();
    // Each narrower integer dtype gets the int64 values wrapped to it.
    Data(vec![
        build(&inputs[0], &[true, false, true]).into(),
        build(&inputs[1], &iv.iter().map(|&v| v as i32).collect::<Vec<_>>()).into(),
        build(&inputs[2], &iv).into(),
        build(&inputs[3], &fv.iter().map(|&v| v as f32).collect::<Vec<_>>()).into(),
        build(&inputs[4], &fv).into(),
        build(&inputs[5], &iv.iter().map(|&v| v as i8).collect::<Vec<_>>()).into(),
        build(&inputs[6], &iv.iter().map(|&v| v as i16).collect::<Vec<_>>()).into(),
        build(&inputs[7], &iv.iter().map(|&v| v as u8).collect::<Vec<_>>()).into(),
        build(&inputs[8], &iv.iter().map(|&v| v as u16).collect::<Vec<_>>()).into(),
        build(&inputs[9], &iv.iter().map(|&v| v as u32).collect::<Vec<_>>()).into(),
        build(&inputs[10], &iv.iter().map(|&v| v as u64).collect::<Vec<_>>()).into(),
        build(&inputs[11], &fv.iter().map(|&v| numjit::f16_from_f64(v)).collect::<Vec<_>>()).into(),
        // Complex values pair the float values with others (every NaN, infinity and zero meets each).
        build(
            &inputs[12],
            &complex(&fv).iter().map(|v| numjit::Complex::new(v.re as f32, v.im as f32)).collect::<Vec<_>>(),
        )
        .into(),
        build(&inputs[13], &complex(&fv)).into(),
        strings(&inputs[14], 3),
        strings(&inputs[15], 5),
    ])
}

/// Byte strings of `width` bytes in the input's shape and layout (the layout applies to the strings: each
/// string's bytes stay together), over the fuzz target's strings (empty ones, prefixes, NULs).
fn strings(inp: &Input, width: usize) -> DynArray {
    let layout = match inp.layout {
        Layout::C => 0,
        Layout::Fortran => 1,
        Layout::Reversed => 2,
        Layout::Strided => 3,
    };
    crate::fuzz::strings_of(&inp.shape, width, |k| inp.picks[k % inp.picks.len()], layout)
}

/// Complex numbers whose parts are the float values, each paired with its neighbour three places on.
fn complex(fv: &[f64]) -> Vec<numjit::Complex<f64>> {
    (0..fv.len()).map(|k| numjit::Complex::new(fv[k], fv[(k + 3) % fv.len()])).collect()
}

impl Data {
    /// The same values in fresh C-order arrays: the interpreter runs on these, so that the executor's
    /// handling of strides and broadcasting is checked against plain contiguous evaluation.
    fn contiguous(&self) -> Data {
        Data(self.0.iter().map(|a| a.view().to_owned()).collect())
    }
}

fn vars(d: &Data) -> Vars<'_> {
    let mut v = Vars::new();
    for (name, a) in VARS.iter().zip(&d.0) {
        v.insert(*name, a);
    }
    v
}

fn run(expr: &str, vars: &Vars, opts: &Options) -> Result<DynArray, String> {
    numjit::evaluate_with(expr, vars, opts).map_err(|e| e.to_string())
}

fn precision() -> impl Strategy<Value = Precision> {
    proptest::sample::select(vec![Precision::High, Precision::Fast])
}

fn inputs() -> impl Strategy<Value = [Input; N]> {
    inputs_in(0..21)
}

/// Rows long enough (at least `exec::ROW_MIN`) that blocks follow rows and broadcast columns are splats.
fn long_rows() -> impl Strategy<Value = [Input; N]> {
    inputs_in(256..300)
}

fn inputs_in(cols: std::ops::Range<usize>) -> impl Strategy<Value = [Input; N]> {
    (1usize..4, cols).prop_flat_map(|(r, c)| std::array::from_fn::<_, N, _>(|_| input(r, c)))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// The JIT and the interpreter agree bit for bit on every well-typed expression, at both precisions,
    /// and reject the same ones.
    #[test]
    fn jit_equals_interpreter(e in expr(), ins in inputs(), block in proptest::sample::select(vec![1usize, 3, 17, 1000, 8192]), precision in precision()) {
        let d = data(&ins);
        let c = d.contiguous();
        let (v, vc) = (vars(&d), vars(&c));
        let jit = Options { block_size: block, parallel_threshold: 0, precision, ..Options::default() };
        let interp = Options { backend: Backend::Interpreter, precision, ..Options::default() };
        match (run(&e, &v, &jit), run(&e, &vc, &interp)) {
            (Ok(a), Ok(b)) => prop_assert!(same_bits(&a, &b), "{}: jit {:?} interp {:?}", e, a, b),
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "{}: jit {:?} interp {:?}", e, a, b),
        }
    }

    /// The same on rows long enough to be split into blocks of their own.
    #[test]
    fn jit_equals_interpreter_on_long_rows(e in expr(), ins in long_rows(), block in proptest::sample::select(vec![1usize, 7, 100, 8192]), precision in precision()) {
        let d = data(&ins);
        let c = d.contiguous();
        let (v, vc) = (vars(&d), vars(&c));
        let jit = Options { block_size: block, parallel_threshold: 0, precision, ..Options::default() };
        let interp = Options { backend: Backend::Interpreter, threads: Some(1), precision, ..Options::default() };
        match (run(&e, &v, &jit), run(&e, &vc, &interp)) {
            (Ok(a), Ok(b)) => prop_assert!(same_bits(&a, &b), "{}: jit {:?} interp {:?}", e, a, b),
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "{}: jit {:?} interp {:?}", e, a, b),
        }
    }

    /// Thread count and block size never change a bit of the result.
    #[test]
    fn threads_and_blocks_do_not_change_results(e in expr(), ins in inputs()) {
        let d = data(&ins);
        let v = vars(&d);
        let base = run(&e, &v, &Options { threads: Some(1), ..Options::default() });
        // Every thread count from 1 to 8, and the pool's default, against blocks of 1, 3, 17 and 1000 elements
        // and other odd sizes (every size leaves its own tail).
        let blocks = [1, 3, 17, 1000, 5, 64, 8192, 33, 7];
        let threads = (1..=8).map(Some).chain([None]);
        for (threads, block) in threads.zip(blocks) {
            let opts = Options { threads, block_size: block, parallel_threshold: 0, ..Options::default() };
            let other = run(&e, &v, &opts);
            match (&base, &other) {
                (Ok(a), Ok(b)) => prop_assert!(same_bits(a, b), "{} threads {:?} block {}", e, threads, block),
                (Err(a), Err(b)) => prop_assert_eq!(a, b),
                _ => prop_assert!(false, "{}: {:?} vs {:?}", e, base, other),
            }
        }
    }

    /// Reductions anywhere: the JIT (on strided, reversed and broadcast layouts) and the interpreter (on
    /// contiguous copies) agree bit for bit, and so do thread counts.
    #[test]
    fn reductions_jit_equals_interpreter(e in reduction(), ins in inputs(), precision in precision()) {
        let d = data(&ins);
        let c = d.contiguous();
        let (v, vc) = (vars(&d), vars(&c));
        let jit = Options { threads: Some(3), parallel_threshold: 0, precision, ..Options::default() };
        let interp = Options { backend: Backend::Interpreter, threads: Some(1), precision, ..Options::default() };
        match (run(&e, &v, &jit), run(&e, &vc, &interp)) {
            (Ok(a), Ok(b)) => prop_assert!(same_bits(&a, &b), "{}: jit {:?} interp {:?}", e, a, b),
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "{}: jit {:?} interp {:?}", e, a, b),
        }
    }

    /// No text makes the parser panic, and every error's span lies inside the text.
    #[test]
    fn parser_never_panics(s in "[a-z0-9_ .,()+*/%<>=!&|^~eE-]{0,40}|\\PC{0,40}") {
        match numjit::parse(&s) {
            Ok(ast) => { let _ = ast.to_string(); }
            Err(e) => {
                let span = e.span.expect("syntax errors have spans");
                prop_assert!(span.start <= span.end && span.end <= s.len(), "{:?} in {:?}", span, s);
                let _ = e.with_source(&s).to_string();
            }
        }
    }

    /// Printing a parsed expression and parsing the text again gives the same tree.
    #[test]
    fn printing_round_trips_with_reductions(e in reduction()) {
        let ast = numjit::parse(&e).unwrap();
        let printed = ast.to_string();
        prop_assert_eq!(&printed, &numjit::parse(&printed).unwrap().to_string());
    }

    #[test]
    fn printing_round_trips(e in expr()) {
        let ast = numjit::parse(&e).unwrap();
        let printed = ast.to_string();
        let again = numjit::parse(&printed).unwrap();
        prop_assert_eq!(printed, again.to_string());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Runs longer than a chunk (8192 elements), so partial results are combined across chunks and
    /// threads: still the interpreter's bits, for every thread count.
    #[test]
    fn long_reductions_jit_equals_interpreter(e in reduction(), ins in inputs_in(8200..12000)) {
        let d = data(&ins);
        let c = d.contiguous();
        let (v, vc) = (vars(&d), vars(&c));
        let interp = Options { backend: Backend::Interpreter, threads: Some(1), ..Options::default() };
        let want = run(&e, &vc, &interp);
        for threads in [Some(1), Some(2), Some(5)] {
            let jit = Options { threads, parallel_threshold: 0, ..Options::default() };
            match (run(&e, &v, &jit), &want) {
                (Ok(a), Ok(b)) => prop_assert!(same_bits(&a, b), "{} ({:?} threads): jit {:?} interp {:?}", e, threads, a, b),
                (Err(a), Err(b)) => prop_assert_eq!(&a, b),
                (a, b) => prop_assert!(false, "{}: jit {:?} interp {:?}", e, a, b),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// The result's shape is NumPy's broadcast of the operands' shapes, and shapes that do not broadcast
    /// are a `Broadcast` error naming both.
    #[test]
    fn shapes_broadcast_as_numpy_does(
        a in proptest::collection::vec(0usize..4, 0..4),
        b in proptest::collection::vec(0usize..4, 0..4),
    ) {
        let (x, y) = (ArrayD::<f64>::zeros(IxDyn(&a)), ArrayD::<i32>::zeros(IxDyn(&b)));
        let mut v = Vars::new();
        v.insert("x", &x).insert("y", &y);
        match (numjit::evaluate("x + y", &v), crate::fuzz::broadcast(&a, &b).ok()) {
            (Ok(r), Some(want)) => prop_assert_eq!(r.shape(), &want[..]),
            (Err(e), None) => prop_assert!(
                matches!(&e.kind, numjit::ErrorKind::Broadcast { shapes } if shapes == &vec![a.clone(), b.clone()]),
                "{:?}", e
            ),
            (got, want) => prop_assert!(false, "{:?} + {:?}: {:?}, NumPy {:?}", a, b, got, want),
        }
    }
}

/// Wrappers under which folding removes the operand's values but NumPy keeps its shape.
fn shape_keepers() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(vec![
        "isnan({})",
        "isinf({}) | True",
        "isfinite({})",
        "ones_like({})",
        "({}) ** 0",
        "({}) ** 1",
        "where(True, 1, {})",
        "where(False, {}, 2.5)",
        "where({0} == {0}, {0}, {0})",
        "where(isnan({0}), {0}, {0})",
        "sum(ones_like({}), axis=())",
        "+({}) * 0",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Shape is part of the semantics even where the values are not: wrapping an expression (a reduction
    /// or elementwise) in something whose value folding removes keeps the expression's shape, and its
    /// errors (a broadcast, an axis, an empty `max`).
    #[test]
    fn folding_keeps_shapes(
        e in prop_oneof![reduction(), expr()],
        wrap in shape_keepers(),
        ins in inputs(),
    ) {
        let d = data(&ins);
        let v = vars(&d);
        let wrapped = wrap.replace("{0}", &e).replace("{}", &e);
        let opts = Options::default();
        let run = |text: &str| numjit::evaluate_with(text, &v, &opts);
        match (run(&e), run(&wrapped)) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a.shape(), b.shape(), "{} and {}", e, wrapped),
            (Err(_), Err(_)) => {}
            // A wrapper may reject a dtype (`+` of bool) or a literal, never a shape or an axis.
            (Ok(a), Err(b)) => prop_assert!(matches!(b.kind, ErrorKind::Type { .. } | ErrorKind::Literal { .. }),
                "{}: {:?}, but {}: {}", e, a.shape(), wrapped, b),
            (Err(a), Ok(b)) => prop_assert!(false, "{}: {}, but {} gives {:?}", e, a, wrapped, b),
        }
    }

    /// The differential fuzz target on random inputs: the JIT against the interpreter, and both against
    /// NumPy's shape rules computed from the tree alone (`fuzz::numpy_shape`).
    #[test]
    fn differential_target_holds(bytes in proptest::collection::vec(any::<u8>(), 8..400)) {
        if let Ok(case) = arbitrary::Unstructured::new(&bytes).arbitrary::<crate::fuzz::Case>() {
            crate::fuzz::differential(&case);
        }
    }
}

/// Floats with zeros, infinities, NaN of both signs and domain edges over-represented.
fn float_or_special() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => -4.0f64..4.0,
        1 => proptest::sample::select(vec![f64::NAN, -f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0, 1.0,
            -1e300, 1e300, -0.0, 0.0, -5e-324, 2.0, -2.0, 0.5]),
    ]
}

/// Functions of one float with arguments outside their domain somewhere on the line.
const DOMAIN_FUNCTIONS: [&str; 14] = [
    "log", "log2", "log10", "log1p", "arcsin", "arccos", "arccosh", "arctanh", "sqrt", "sin", "cos", "tan", "exp",
    "cbrt",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// A NaN that a function makes from a number is x86-64's default NaN, sign bit set, as NumPy's are; a
    /// NaN argument stays itself (its sign too, but in `arccos`): both back ends, both float widths.
    #[test]
    fn new_nans_are_the_default_nan(
        f in proptest::sample::select(DOMAIN_FUNCTIONS.to_vec()),
        xs in proptest::collection::vec(float_or_special(), 0..40),
        single in any::<bool>(),
    ) {
        let a = ndarray::Array1::from(xs.clone()).into_dyn();
        let a32 = a.mapv(|v| v as f32);
        let mut v = Vars::new();
        v.insert("a", &a).insert("f", &a32);
        let text = if single { format!("{f}(f)") } else { format!("{f}(a)") };
        for opts in [Options::default(), Options { backend: Backend::Interpreter, ..Options::default() }] {
            let got: Vec<f64> = match numjit::evaluate_with(&text, &v, &opts).unwrap() {
                DynArray::F64(r) => r.iter().copied().collect(),
                DynArray::F32(r) => r.iter().map(|&y| y as f64).collect(),
                other => panic!("{other:?}"),
            };
            for (&x, &y) in xs.iter().zip(&got) {
                let x = if single { x as f32 as f64 } else { x };
                if x.is_nan() {
                    // `arccos` gives a NaN of either sign (README, "The sign of NaN").
                    let kept = y.is_sign_negative() == x.is_sign_negative() || f == "arccos";
                    prop_assert!(y.is_nan() && kept, "{}({}) = {}", f, x, y);
                } else if y.is_nan() {
                    prop_assert!(y.is_sign_negative(), "{} of {} is +nan ({:?})", f, x, opts.backend);
                }
            }
        }
    }

    /// The same for operations of two floats: a NaN made from numbers is the default NaN, and where one
    /// operand is NaN, a NaN result is that NaN (with two NaN operands, which one x86 returns depends on
    /// operand order: not checked).
    #[test]
    fn binary_nans_are_the_default_nan_or_the_operand(
        f in proptest::sample::select(vec![
            "a + b", "a - b", "a * b", "a / b", "a // b", "a % b", "a ** b", "power(a, b)", "fmod(a, b)",
            "arctan2(a, b)", "hypot(a, b)", "minimum(a, b)", "maximum(a, b)", "nextafter(a, b)",
        ]),
        pairs in proptest::collection::vec((float_or_special(), float_or_special()), 0..40),
        single in any::<bool>(),
    ) {
        let (xs, ys): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
        let (a, b) = (ndarray::Array1::from(xs.clone()).into_dyn(), ndarray::Array1::from(ys.clone()).into_dyn());
        let (a32, b32) = (a.mapv(|v| v as f32), b.mapv(|v| v as f32));
        let mut v = Vars::new();
        if single {
            v.insert("a", &a32).insert("b", &b32);
        } else {
            v.insert("a", &a).insert("b", &b);
        }
        for opts in [Options::default(), Options { backend: Backend::Interpreter, ..Options::default() }] {
            let got: Vec<f64> = match numjit::evaluate_with(f, &v, &opts).unwrap() {
                DynArray::F64(r) => r.iter().copied().collect(),
                DynArray::F32(r) => r.iter().map(|&y| y as f64).collect(),
                other => panic!("{other:?}"),
            };
            for ((&x, &y), &r) in xs.iter().zip(&ys).zip(&got) {
                let (x, y) = if single { (x as f32 as f64, y as f32 as f64) } else { (x, y) };
                let why = format!("{f} at a = {x}, b = {y}: {r} ({:?})", opts.backend);
                match (x.is_nan(), y.is_nan()) {
                    _ if !r.is_nan() => {}
                    (false, false) => prop_assert!(r.is_sign_negative(), "{}", why),
                    (true, false) => prop_assert_eq!(r.is_sign_negative(), x.is_sign_negative(), "{}", why),
                    (false, true) => prop_assert_eq!(r.is_sign_negative(), y.is_sign_negative(), "{}", why),
                    (true, true) => {}
                }
            }
        }
    }

    /// An integer array compares with any Python integer exactly, inside its dtype's range or beyond it.
    #[test]
    fn integer_comparisons_with_literals_are_exact(
        xs in proptest::collection::vec(any::<i64>(), 1..20),
        literal in prop_oneof![
            any::<i64>().prop_map(i128::from),
            any::<i32>().prop_map(i128::from),
            (-(1i128 << 100))..(1i128 << 100),
            proptest::sample::select(vec![1i128 << 31, -(1i128 << 31) - 1, 1 << 63, -(1i128 << 63) - 1, 1 << 64]),
        ],
        op in proptest::sample::select(vec!["<", "<=", "==", "!=", ">=", ">"]),
        narrow in any::<bool>(),
        flipped in any::<bool>(),
    ) {
        let j = ndarray::Array1::from(xs.clone()).into_dyn();
        let i = j.mapv(|v| v as i32);
        let mut v = Vars::new();
        v.insert("j", &j).insert("i", &i);
        let (name, values): (&str, Vec<i128>) = if narrow {
            ("i", xs.iter().map(|&x| i128::from(x as i32)).collect())
        } else {
            ("j", xs.iter().map(|&x| i128::from(x)).collect())
        };
        // Literals are written as Python would read them: a negative one through unary minus.
        let lit = if literal < 0 { format!("(-{})", literal.unsigned_abs()) } else { literal.to_string() };
        let text = if flipped { format!("{lit} {op} {name}") } else { format!("{name} {op} {lit}") };
        let got = numjit::evaluate(&text, &v).unwrap_or_else(|e| panic!("{text}: {e}")).into_bool().unwrap();
        for (&x, &g) in values.iter().zip(got.iter()) {
            let (l, r) = if flipped { (literal, x) } else { (x, literal) };
            let want = match op {
                "<" => l < r,
                "<=" => l <= r,
                "==" => l == r,
                "!=" => l != r,
                ">=" => l >= r,
                _ => l > r,
            };
            prop_assert_eq!(g, want, "{} at {}", text, x);
        }
    }
}

/// The byte strings of the property tests hold the same strings in every layout.
#[test]
fn byte_strings_are_the_same_strings_in_every_layout() {
    let inp = |layout| Input { shape: vec![2, 3], layout, picks: (0..67).map(|k| k * 5 + 1).collect() };
    let want = strings(&inp(Layout::C), 5);
    for layout in [Layout::Fortran, Layout::Reversed, Layout::Strided] {
        let got = strings(&inp(layout), 5);
        assert_eq!(got.view().to_owned(), want, "{layout:?}");
        let DynArray::Bytes(a) = &got else { unreachable!() };
        assert!(!a.is_standard_layout(), "{layout:?}");
    }
}
