//! `numjit._numjit`: the engine's public API for the Python package beside it (`python/numjit/`).
//!
//! The Python side finds the variables (frames, mappings), makes each one an array the engine can read in
//! place (native byte order, aligned, strides in whole elements; byte strings as `uint8` with the bytes on
//! a last axis) and decides where a result goes; this side borrows the arrays as ndarray views (no copy),
//! compiles through the engine's cache, evaluates with the GIL released, and hands results to NumPy
//! without copying them. Errors become Python exceptions carrying the engine's message and caret.

use std::sync::atomic::{AtomicUsize, Ordering};

use numjit::{ArrayMut, ArrayRef, DType, DynArray, Error, ErrorKind, Kernel, Options, Precision, Vars};
use numpy::{
    dtype, Element as NpElement, PyArrayDescrMethods, PyArrayDyn, PyArrayMethods, PyReadonlyArrayDyn,
    PyReadwriteArrayDyn, PyUntypedArray, PyUntypedArrayMethods,
};
use pyo3::exceptions::{
    PyIndexError, PyKeyError, PyKeyboardInterrupt, PyMemoryError, PyNotImplementedError, PyRuntimeError, PySyntaxError,
    PyTypeError, PyValueError,
};
use pyo3::prelude::*;

/// Threads an evaluation uses: 0 for one per core (the engine's default pool).
static THREADS: AtomicUsize = AtomicUsize::new(0);
/// The vector math's precision: 0 for `Precision::High` (<= 1 ulp), 1 for `Precision::Fast` (<= 4).
static PRECISION: AtomicUsize = AtomicUsize::new(0);

fn options() -> Options {
    let threads = THREADS.load(Ordering::Relaxed);
    let precision = if PRECISION.load(Ordering::Relaxed) == 1 { Precision::Fast } else { Precision::High };
    Options { threads: (threads > 0).then_some(threads), precision, ..Options::default() }
}

/// The engine's error as the Python exception numexpr's users expect for it, with the engine's message
/// (the expression and a caret under the place, where there is one).
fn exception(e: Error, ex: &str) -> PyErr {
    let text = e.clone().with_source(ex).to_string();
    match e.kind {
        ErrorKind::Syntax { .. } | ErrorKind::ChainedComparison | ErrorKind::Literal { .. } => {
            PySyntaxError::new_err(text)
        }
        ErrorKind::UnknownVariable { .. } => PyKeyError::new_err(text),
        // What numjit does not compute (a function, an operation on a dtype): numexpr raises
        // NotImplementedError there; the Python side raises it as `numjit.UnsupportedError`, which is a
        // `TypeError` too.
        ErrorKind::UnknownFunction { .. } | ErrorKind::Type { .. } => PyNotImplementedError::new_err(text),
        ErrorKind::Arity { .. } | ErrorKind::UnknownKeyword { .. } => PyTypeError::new_err(text),
        ErrorKind::Index { .. } => PyIndexError::new_err(text),
        ErrorKind::Size { .. } => PyMemoryError::new_err(text),
        ErrorKind::Cancelled => PyKeyboardInterrupt::new_err(text),
        ErrorKind::Codegen { .. } => PyRuntimeError::new_err(text),
        _ => PyValueError::new_err(text),
    }
}

macro_rules! held {
    ($($t:ty => $v:ident),*) => {
        /// An input borrowed from NumPy for reading, of one of the engine's dtypes.
        enum Held<'py> {
            $($v(PyReadonlyArrayDyn<'py, $t>),)*
            /// Byte strings: `uint8`, each string's bytes on the last axis.
            Bytes(PyReadonlyArrayDyn<'py, u8>),
        }

        /// The output, borrowed from NumPy for writing.
        enum HeldMut<'py> {
            $($v(PyReadwriteArrayDyn<'py, $t>),)*
        }

        impl<'py> Held<'py> {
            /// Borrows `a` (a NumPy array the Python side prepared) for reading.
            fn new(a: &Bound<'py, PyAny>, bytes: bool) -> PyResult<Held<'py>> {
                let array = array_of(a)?;
                let py = a.py();
                let dt = array.dtype();
                if bytes {
                    if dt.is_equiv_to(&dtype::<u8>(py)) {
                        return Ok(Held::Bytes(readable::<u8>(array)?));
                    }
                    return Err(PyTypeError::new_err(format!("byte strings must come as uint8, not {dt}")));
                }
                $(if dt.is_equiv_to(&dtype::<$t>(py)) {
                    return Ok(Held::$v(readable::<$t>(array)?));
                })*
                Err(PyTypeError::new_err(format!("numjit does not take arrays of dtype {dt}")))
            }

            fn view(&self) -> ArrayRef<'_> {
                match self {
                    $(Held::$v(a) => ArrayRef::$v(a.as_array()),)*
                    Held::Bytes(a) => ArrayRef::bytes(a.as_array()),
                }
            }
        }

        impl<'py> HeldMut<'py> {
            /// Borrows `a` for writing.
            fn new(a: &Bound<'py, PyAny>) -> PyResult<HeldMut<'py>> {
                let array = array_of(a)?;
                let py = a.py();
                let dt = array.dtype();
                $(if dt.is_equiv_to(&dtype::<$t>(py)) {
                    let typed = array.cast::<PyArrayDyn<$t>>()?;
                    let rw = typed.try_readwrite().map_err(|e| PyValueError::new_err(format!("out: {e}")))?;
                    return Ok(HeldMut::$v(rw));
                })*
                Err(PyTypeError::new_err(format!("numjit does not write arrays of dtype {dt}")))
            }

            fn view(&mut self) -> ArrayMut<'_> {
                match self {
                    $(HeldMut::$v(a) => ArrayMut::$v(a.as_array_mut()),)*
                }
            }
        }

        /// A result handed to NumPy without a copy.
        fn to_python(py: Python<'_>, r: DynArray) -> PyResult<Bound<'_, PyAny>> {
            match r {
                $(DynArray::$v(a) => Ok(numpy::PyArray::from_owned_array(py, a).into_any()),)*
                DynArray::Bytes(_) => Err(PyTypeError::new_err("a byte-string result")),
            }
        }
    };
}

// The commonest dtypes first: an input's dtype is found by trying each in turn.
held!(
    f64 => F64, f32 => F32, i64 => I64, i32 => I32, bool => Bool, num_complex::Complex<f64> => C128,
    num_complex::Complex<f32> => C64, i8 => I8, i16 => I16, u8 => U8, u16 => U16, u32 => U32, u64 => U64,
    half::f16 => F16
);

/// `a` as a NumPy array that the `numpy` crate reads correctly: aligned, with strides in whole elements
/// (rust-numpy#523: it reads others wrong without a word; the Python side copies such arrays first).
fn array_of<'a, 'py>(a: &'a Bound<'py, PyAny>) -> PyResult<&'a Bound<'py, PyUntypedArray>> {
    let array = a.cast::<PyUntypedArray>().map_err(|_| PyTypeError::new_err("numjit takes NumPy arrays"))?;
    let size = array.dtype().itemsize() as isize;
    if !array.is_aligned() || array.strides().iter().any(|s| size > 0 && s % size != 0) {
        return Err(PyValueError::new_err("an array that is misaligned or has strides of part elements"));
    }
    Ok(array)
}

fn readable<'py, T: NpElement>(a: &Bound<'py, PyUntypedArray>) -> PyResult<PyReadonlyArrayDyn<'py, T>> {
    let typed = a.cast::<PyArrayDyn<T>>()?;
    typed.try_readonly().map_err(|e| PyValueError::new_err(format!("an input: {e}")))
}

/// The inputs, borrowed, with their names and the signature the kernel is compiled for.
struct Inputs<'py> {
    names: Vec<String>,
    held: Vec<Held<'py>>,
}

impl<'py> Inputs<'py> {
    fn new(names: Vec<String>, arrays: &[Bound<'py, PyAny>], bytes: &[bool]) -> PyResult<Inputs<'py>> {
        if names.len() != arrays.len() || names.len() != bytes.len() {
            return Err(PyValueError::new_err("one name, array and byte-string flag per variable"));
        }
        let held = arrays.iter().zip(bytes).map(|(a, &b)| Held::new(a, b)).collect::<PyResult<Vec<_>>>()?;
        Ok(Inputs { names, held })
    }

    fn signature(&self) -> Vec<(&str, DType)> {
        self.names.iter().zip(&self.held).map(|(n, h)| (n.as_str(), h.view().dtype())).collect()
    }

    /// The variables, but `skip` (the one an update writes).
    fn vars(&self, skip: Option<&str>) -> Vars<'_> {
        let mut vars = Vars::new();
        for (n, h) in self.names.iter().zip(&self.held) {
            if Some(n.as_str()) != skip {
                vars.insert(n.as_str(), h.view());
            }
        }
        vars
    }

    fn kernel(&self, ex: &str, opts: &Options) -> PyResult<Kernel> {
        numjit::compile_cached(ex, &self.signature(), opts).map_err(|e| exception(e, ex))
    }
}

/// An expression compiled once for variables of fixed names and dtypes, then run many times (numexpr's
/// `NumExpr`): what `numjit.compile` wraps. Shared between Python threads, it runs on each at once.
#[pyclass(frozen, module = "numjit._numjit")]
struct Compiled {
    ex: String,
    names: Vec<String>,
    kernel: Kernel,
}

#[pymethods]
impl Compiled {
    /// Compiles `ex` for the variables `names` of the dtypes `dtypes` (NumPy's names: `float64`, `S5`).
    #[new]
    fn new(ex: String, names: Vec<String>, dtypes: Vec<String>) -> PyResult<Compiled> {
        if names.len() != dtypes.len() {
            return Err(PyValueError::new_err("one dtype per name"));
        }
        let mut sig = Vec::with_capacity(names.len());
        for (n, d) in names.iter().zip(&dtypes) {
            let t = DType::from_name(d).ok_or_else(|| PyTypeError::new_err(format!("numjit has no dtype {d:?}")))?;
            sig.push((n.as_str(), t));
        }
        let kernel = numjit::compile_cached(&ex, &sig, &options()).map_err(|e| exception(e, &ex))?;
        Ok(Compiled { ex, names, kernel })
    }

    /// Runs over `arrays` (in the order of the names), as `evaluate` does.
    #[pyo3(signature = (arrays, bytes, out=None, update=None))]
    fn run<'py>(
        &self,
        py: Python<'py>,
        arrays: Vec<Bound<'py, PyAny>>,
        bytes: Vec<bool>,
        out: Option<Bound<'py, PyAny>>,
        update: Option<String>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let inputs = Inputs::new(self.names.clone(), &arrays, &bytes)?;
        run(py, &self.kernel, &self.ex, inputs, out, update, &options())
    }

    /// The result's dtype.
    #[getter]
    fn dtype<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, numpy::PyArrayDescr>> {
        dtype_of(py, self.kernel.dtype())
    }

    /// The result's shape for variables of the shapes `shapes` (in the order of the names; a byte-string
    /// array's shape as NumPy gives it), found without evaluating: raises what an evaluation over arrays of
    /// these shapes would raise before it runs.
    fn shape(&self, shapes: Vec<Vec<usize>>) -> PyResult<Vec<usize>> {
        if shapes.len() != self.names.len() {
            return Err(PyValueError::new_err("one shape per name"));
        }
        let shape_of = |n: &str| self.names.iter().position(|m| m == n).map(|i| shapes[i].clone());
        self.kernel.shape(&shape_of).map_err(|e| exception(e, &self.ex))
    }
}

/// A span of `ex` in characters (Python's string indices), from the engine's byte span.
fn chars(ex: &str, span: numjit::Span) -> CharSpan {
    let at = |byte: usize| ex[..byte].chars().count();
    (at(span.start), at(span.end))
}

/// A span as `(start, end)` in characters.
type CharSpan = (usize, usize);
type CallInfo = (String, bool, CharSpan, Vec<CharSpan>, Vec<(String, CharSpan)>);
type SubscriptInfo = (String, CharSpan, Vec<CharSpan>);
type ProductInfo = (CharSpan, bool, CharSpan, CharSpan);

/// The calls and the subscripts of variables in `ex`, for cutting it into pieces (`numjit.dask`): each call
/// as `(name, whether it reduces, span, argument spans, [(keyword, value span)])`, inner calls first; each
/// subscript as `(variable, span, item spans)`; each matrix product as `(span, whether it is dot's,
/// left operand's span, right operand's span)`, inner ones first. Spans are `(start, end)` in characters of
/// `ex`.
#[pyfunction]
fn structure(ex: &str) -> PyResult<(Vec<CallInfo>, Vec<SubscriptInfo>, Vec<ProductInfo>)> {
    let parsed = numjit::parse(ex).map_err(|e| exception(e, ex))?;
    let reductions: Vec<&str> = numjit::functions().filter(|f| f.reduction).map(|f| f.name).collect();
    let calls = parsed
        .calls()
        .into_iter()
        .map(|c| {
            let args = c.args.iter().map(|&a| chars(ex, a)).collect();
            let keywords = c.keywords.iter().map(|&(k, v)| (k.to_owned(), chars(ex, v))).collect();
            (c.name.to_owned(), reductions.contains(&c.name), chars(ex, c.span), args, keywords)
        })
        .collect();
    let subscripts = parsed
        .subscripts()
        .into_iter()
        .map(|s| (s.name.to_owned(), chars(ex, s.span), s.items.iter().map(|&i| chars(ex, i)).collect()))
        .collect();
    let products = parsed
        .matrix_products()
        .into_iter()
        .map(|p| (chars(ex, p.span), p.dot, chars(ex, p.operands[0]), chars(ex, p.operands[1])))
        .collect();
    Ok((calls, subscripts, products))
}

/// Evaluates `ex` over the arrays named `names` (`bytes[i]`: whether array `i` holds byte strings as
/// `uint8`). Without `out`, returns the result. With `out` (an array the inputs do not overlap, or, with
/// `update`, the input of that name itself), writes the result there and returns `None` where its dtype
/// is the result's; otherwise returns the result for the caller to cast into `out`.
#[pyfunction]
#[pyo3(signature = (ex, names, arrays, bytes, out=None, update=None))]
fn evaluate<'py>(
    py: Python<'py>,
    ex: &str,
    names: Vec<String>,
    arrays: Vec<Bound<'py, PyAny>>,
    bytes: Vec<bool>,
    out: Option<Bound<'py, PyAny>>,
    update: Option<String>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let opts = options();
    let inputs = Inputs::new(names, &arrays, &bytes)?;
    let kernel = inputs.kernel(ex, &opts)?;
    run(py, &kernel, ex, inputs, out, update, &opts)
}

/// `kernel` over `inputs`, into a new array or into `out` (see `evaluate`).
fn run<'py>(
    py: Python<'py>,
    kernel: &Kernel,
    ex: &str,
    mut inputs: Inputs<'py>,
    out: Option<Bound<'py, PyAny>>,
    update: Option<String>,
    opts: &Options,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let target = match &out {
        Some(o) if array_of(o)?.dtype().is_equiv_to(&dtype_of(py, kernel.dtype())?) => Some(o),
        _ => None,
    };
    let Some(target) = target else {
        let vars = inputs.vars(None);
        let r = py.detach(|| kernel.eval_with(&vars, opts)).map_err(|e| exception(e, ex))?;
        return to_python(py, r).map(Some);
    };
    if let Some(name) = &update {
        // The input of that name is the output: let go of it for reading, then borrow it for writing.
        let k = inputs.names.iter().position(|n| n == name).ok_or_else(|| PyKeyError::new_err(name.clone()))?;
        inputs.held.remove(k);
        inputs.names.remove(k);
    }
    let mut held = HeldMut::new(target)?;
    let vars = inputs.vars(None);
    let view = held.view();
    let result = match &update {
        Some(name) => py.detach(|| kernel.eval_update_with(&vars, name, view, opts)),
        None => py.detach(|| kernel.eval_into_with(&vars, view, opts)),
    };
    result.map_err(|e| exception(e, ex))?;
    Ok(None)
}

/// NumPy's dtype for an engine dtype (numeric ones).
fn dtype_of(py: Python<'_>, d: DType) -> PyResult<Bound<'_, numpy::PyArrayDescr>> {
    Ok(match d {
        DType::Bool => dtype::<bool>(py),
        DType::I8 => dtype::<i8>(py),
        DType::I16 => dtype::<i16>(py),
        DType::I32 => dtype::<i32>(py),
        DType::I64 => dtype::<i64>(py),
        DType::U8 => dtype::<u8>(py),
        DType::U16 => dtype::<u16>(py),
        DType::U32 => dtype::<u32>(py),
        DType::U64 => dtype::<u64>(py),
        DType::F16 => dtype::<half::f16>(py),
        DType::F32 => dtype::<f32>(py),
        DType::F64 => dtype::<f64>(py),
        DType::C64 => dtype::<num_complex::Complex<f32>>(py),
        DType::C128 => dtype::<num_complex::Complex<f64>>(py),
        other => return Err(PyTypeError::new_err(format!("a result of dtype {other}"))),
    })
}

/// Compiles `ex` for the arrays (as `evaluate`), raising what evaluating would raise for the text and the
/// dtypes; returns the result's dtype's name.
#[pyfunction]
fn validate<'py>(
    py: Python<'py>,
    ex: &str,
    names: Vec<String>,
    arrays: Vec<Bound<'py, PyAny>>,
    bytes: Vec<bool>,
) -> PyResult<Bound<'py, numpy::PyArrayDescr>> {
    let inputs = Inputs::new(names, &arrays, &bytes)?;
    let kernel = inputs.kernel(ex, &options())?;
    dtype_of(py, kernel.dtype())
}

/// Every name `ex` reads, constants (`pi`, `e`) included, in order of first mention (a syntax error raises
/// `SyntaxError`): a variable given under a constant's name shadows the constant.
#[pyfunction]
fn names(ex: &str) -> PyResult<Vec<String>> {
    let parsed = numjit::parse(ex).map_err(|e| exception(e, ex))?;
    Ok(parsed.names().into_iter().map(str::to_owned).collect())
}

/// The names of the constants an expression may use without a variable of that name.
#[pyfunction]
fn constants() -> Vec<&'static str> {
    numjit::constants().map(|(name, _)| name).collect()
}

/// Sets the threads evaluations use (0: one per core); returns the previous setting.
#[pyfunction]
fn set_threads(n: usize) -> usize {
    THREADS.swap(n, Ordering::Relaxed)
}

#[pyfunction]
fn get_threads() -> usize {
    THREADS.load(Ordering::Relaxed)
}

/// Sets the vector math's precision, `"high"` (<= 1 ulp) or `"fast"` (<= 4 ulp); returns the previous one.
#[pyfunction]
fn set_precision(mode: &str) -> PyResult<&'static str> {
    let new = match mode {
        "high" => 0,
        "fast" => 1,
        _ => return Err(PyValueError::new_err(format!("precision must be 'high' or 'fast', not {mode:?}"))),
    };
    Ok(if PRECISION.swap(new, Ordering::Relaxed) == 1 { "fast" } else { "high" })
}

/// The CPU and the vector width the kernels use.
#[pyfunction]
fn host() -> String {
    numjit::host_description()
}

#[pymodule]
fn _numjit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_class::<Compiled>()?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(names, m)?)?;
    m.add_function(wrap_pyfunction!(structure, m)?)?;
    m.add_function(wrap_pyfunction!(constants, m)?)?;
    m.add_function(wrap_pyfunction!(set_threads, m)?)?;
    m.add_function(wrap_pyfunction!(get_threads, m)?)?;
    m.add_function(wrap_pyfunction!(set_precision, m)?)?;
    m.add_function(wrap_pyfunction!(host, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
