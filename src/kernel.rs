//! Compiled kernels and the compile cache: the glue between the pipeline's stages and the public API.
//!
//! A `Kernel` holds a typed graph and, for the JIT back end, its machine code; evaluating it resolves the
//! variables, checks their dtypes, broadcasts, allocates or checks the output and hands everything to the
//! executor. The cache maps an expression's text and its variables' dtypes to a kernel, so a repeated
//! `evaluate` costs one hash and one lookup.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use crate::array::{from_vec, uninit_vec, ArrayMut, ArrayRef, DynArray, Element, IntoArrayMut, Vars};
use crate::dtype::DType;
use crate::error::{format_shape, shape_mismatch, Error, ErrorKind, Result};
use crate::exec::{self, BlockKernel, Operand, Target};
use crate::interp::Reference;
use crate::ir::{Graph, Input, Op, Program, Reduce, ReduceOp};
use crate::jit::{self, Code, Listing, Signature, Text};
use crate::options::{Backend, Options};

/// A compiled expression: `Send + Sync`, cheap to clone, callable from many threads at once.
#[derive(Clone)]
pub struct Kernel {
    inner: Arc<Inner>,
}

struct Inner {
    text: String,
    program: Program,
    /// One part per stage (reduction), then the main graph's.
    parts: Vec<Part>,
    backend: Backend,
}

/// The compiled code of one graph of the program.
struct Part {
    used: Vec<bool>,
    /// Compiled code by how it accesses its operands (see `exec::KernelSource`); the all-contiguous
    /// variant is compiled with the kernel, others on first use.
    variants: Mutex<Vec<(Signature, Arc<Code>)>>,
}

impl Inner {
    /// The graph of part `p`.
    fn graph(&self, p: usize) -> &Graph {
        self.program.stages.get(p).map_or(&self.program.main, |s| &s.arg)
    }

    /// The back end an evaluation with `opts` runs on: a kernel compiled for the interpreter has no code.
    fn backend(&self, opts: &Options) -> Backend {
        if self.backend == Backend::Jit {
            opts.backend
        } else {
            Backend::Interpreter
        }
    }

    fn main(&self) -> &Part {
        self.parts.last().expect("a program has a main part")
    }

    fn variant(&self, p: usize, sig: &Signature) -> Result<Arc<Code>> {
        let mut variants = self.parts[p].variants.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, code)) = variants.iter().find(|(s, _)| s == sig) {
            return Ok(code.clone());
        }
        let (code, _) = jit::compile(self.graph(p), sig, Text::Omit)?;
        variants.push((sig.clone(), code.clone()));
        Ok(code)
    }
}

/// A part's kernel and the back end to run it with, as the executor asks for it.
struct Source<'k> {
    inner: &'k Inner,
    part: usize,
    backend: Backend,
}

impl exec::KernelSource for Source<'_> {
    fn kernel(&self, sig: &Signature) -> Result<Box<dyn BlockKernel + '_>> {
        Ok(match self.backend {
            Backend::Jit => Box::new(self.inner.variant(self.part, sig)?),
            Backend::Interpreter => {
                Box::new(exec::ByElement { kernel: Reference { graph: self.inner.graph(self.part) }, sig: sig.clone() })
            }
        })
    }
}

impl std::fmt::Debug for Kernel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kernel")
            .field("expr", &self.inner.text)
            .field("dtype", &self.dtype())
            .field("backend", &self.inner.backend)
            .finish()
    }
}

impl Kernel {
    /// Compiles `expr` for variables of the given names and dtypes.
    pub fn new(expr: &str, vars: &[(&str, DType)], backend: Backend) -> Result<Kernel> {
        let program = crate::typeck::check_text(expr, vars).map_err(|e| e.with_source(expr))?;
        let graphs = program.stages.iter().map(|s| &s.arg).chain([&program.main]);
        let parts = graphs
            .map(|graph| {
                let mut variants = Vec::new();
                if backend == Backend::Jit {
                    let sig = Signature::contiguous(graph.inputs.len());
                    let (code, _) = jit::compile(graph, &sig, Text::Omit)?;
                    variants.push((sig, code));
                }
                Ok(Part { used: graph.used_inputs(), variants: Mutex::new(variants) })
            })
            .collect::<Result<Vec<Part>>>()?;
        let inner = Inner { text: expr.to_owned(), program, parts, backend };
        Ok(Kernel { inner: Arc::new(inner) })
    }

    /// The expression text.
    pub fn expr(&self) -> &str {
        &self.inner.text
    }

    /// The result's dtype.
    pub fn dtype(&self) -> DType {
        self.inner.program.main.dtype()
    }

    /// The variables the expression reads, in order of first mention.
    pub fn inputs(&self) -> &[Input] {
        &self.inner.program.vars
    }

    /// The main graph: the typed IR after folding and simplification, reading reductions' results as
    /// inputs named `#k` (see `program`).
    pub fn graph(&self) -> &Graph {
        &self.inner.program.main
    }

    /// The whole typed IR: the reductions' argument graphs, inner ones first, and the main graph.
    pub fn program(&self) -> &Program {
        &self.inner.program
    }

    /// The Cranelift IR and machine code of this expression (compiled again, with listings kept): each
    /// reduction's argument kernel first, headed `; reduction #k`, then the main kernel.
    pub fn listing(&self) -> Result<Listing> {
        let mut all = Listing::default();
        let n = self.inner.parts.len();
        for p in 0..n {
            let graph = self.inner.graph(p);
            let sig = Signature::contiguous(graph.inputs.len());
            let (_, listing) = jit::compile(graph, &sig, Text::Keep)?;
            let listing = listing.unwrap_or_default();
            let head = if p + 1 < n {
                format!("; reduction #{p}\n")
            } else if n > 1 {
                "; main\n".to_owned()
            } else {
                String::new()
            };
            all.clif += &(head.clone() + &listing.clif);
            all.asm += &(head + &listing.asm);
        }
        Ok(all)
    }

    /// The stage whose result is the whole answer (the main graph only reads it), if there is one.
    fn direct_stage(&self) -> Option<usize> {
        let main = &self.inner.program.main;
        match (main.nodes[main.root].op, main.inputs.as_slice()) {
            (Op::Input(i), [_]) => main.inputs[i].stage,
            _ => None,
        }
    }

    /// Evaluates every reduction, inner ones first, into small arrays; `var` supplies the variables.
    /// With `into`, the last stage writes its result to that C-contiguous memory of that shape instead
    /// (and is missing from the results).
    fn run_stages(
        &self,
        var: &dyn Fn(&Input) -> Result<Operand>,
        opts: &Options,
        into: Option<(*mut u8, &[usize])>,
    ) -> Result<Vec<DynArray>> {
        let inner = &*self.inner;
        let mut results: Vec<DynArray> = Vec::with_capacity(inner.program.stages.len());
        for (k, stage) in inner.program.stages.iter().enumerate() {
            let g = &stage.arg;
            let operands = g
                .inputs
                .iter()
                .map(|i| match i.stage {
                    Some(j) => Ok(operand(&results[j].view())),
                    None => var(i),
                })
                .collect::<Result<Vec<Operand>>>()?;
            let shapes: Vec<&[usize]> = operands.iter().map(|o| o.shape.as_slice()).collect();
            let r = &stage.reduce;
            let shape = exec::broadcast_shape(&shapes).map_err(|e| e.at(r.span))?;
            let axes = normalize_axes(r, shape.len())?;
            let identity = match g.nodes[g.root].op {
                Op::Input(i) if g.inputs[i].dtype == g.dtype() => Some(i),
                _ => None,
            };
            let source = Source { inner, part: k, backend: inner.backend(opts) };
            let spec = exec::reduce::Spec { op: r.op, axes: &axes, keepdims: r.keepdims, func: &r.func, identity };
            let last = k + 1 == inner.program.stages.len();
            let dest = match into {
                Some((ptr, out_shape)) if last => {
                    let shape = exec::reduce::result_shape(&shape, &axes, r.keepdims);
                    if shape != out_shape {
                        return Err(shape_mismatch(&shape, "the output", out_shape));
                    }
                    Some(ptr)
                }
                _ => None,
            };
            let used = &inner.parts[k].used;
            // SAFETY: every operand is a live view (from `vars`, or a result computed above) for the call;
            // `dest` is the caller's (see `eval_into_with`).
            let result = unsafe { exec::reduce::run(&source, &operands, used, g.dtype(), &shape, &spec, opts, dest) }
                .map_err(|e| e.at(r.span))?;
            results.extend(result);
        }
        Ok(results)
    }

    /// Evaluates into a new C-order array.
    pub fn eval(&self, vars: &Vars) -> Result<DynArray> {
        self.eval_with(vars, &Options::default())
    }

    pub fn eval_with(&self, vars: &Vars, opts: &Options) -> Result<DynArray> {
        let results = self.run_stages(&|i| Ok(operand(&self.arg(vars, i)?)), opts, None)?;
        // A reduction's result is the answer itself when the main graph only reads it.
        if let Some(k) = self.direct_stage() {
            return Ok(results.into_iter().nth(k).expect("one result per stage"));
        }
        let args = self.args(vars, &results)?;
        let shapes: Vec<&[usize]> = args.iter().map(|a| a.shape()).collect();
        let shape = exec::broadcast_shape(&shapes)?;
        macro_rules! alloc_run {
            ($t:ty) => {{
                let n = exec::broadcast::checked_len(&shape, std::mem::size_of::<$t>())?;
                let mut v = uninit_vec::<$t>(n)?;
                let target = Target {
                    ptr: v.as_mut_ptr() as *mut u8,
                    dtype: <$t as Element>::DTYPE,
                    strides: exec::c_strides(&shape),
                };
                // SAFETY: the inputs are views kept alive by `vars`; the target is `n` elements of fresh
                // memory in C order, written once each, overlapping nothing.
                unsafe { self.run(&args, target, &shape, opts)? };
                // SAFETY: `run` wrote all `n` elements.
                unsafe { v.set_len(n) };
                from_vec(&shape, v)
            }};
        }
        Ok(match self.dtype() {
            DType::Bool => alloc_run!(bool),
            DType::I32 => alloc_run!(i32),
            DType::I64 => alloc_run!(i64),
            DType::F32 => alloc_run!(f32),
            DType::F64 => alloc_run!(f64),
        })
    }

    /// Evaluates into `out`, whose dtype must be the result's and whose shape the inputs must broadcast to.
    pub fn eval_into<'o>(&self, vars: &Vars, out: impl IntoArrayMut<'o>) -> Result<()> {
        self.eval_into_with(vars, out, &Options::default())
    }

    pub fn eval_into_with<'o>(&self, vars: &Vars, out: impl IntoArrayMut<'o>, opts: &Options) -> Result<()> {
        let mut out: ArrayMut = out.into_array_mut();
        if out.dtype() != self.dtype() {
            let message = format!("the output has dtype {}, but the expression gives {}", out.dtype(), self.dtype());
            return Err(Error::general(ErrorKind::Output { message }));
        }
        let var = |i: &Input| Ok(operand(&self.arg(vars, i)?));
        if self.direct_stage().is_some() && is_c_contiguous(out.shape(), out.strides()) {
            // The last reduction writes straight into `out`, unless `out` shares memory with a variable.
            let (shape, strides, dtype) = (out.shape().to_vec(), out.strides().to_vec(), out.dtype());
            let ptr = out.ptr();
            let shared = self
                .inputs()
                .iter()
                .any(|i| self.arg(vars, i).is_ok_and(|a| overlaps(&a, ptr, &shape, &strides, dtype)));
            if !shared {
                self.run_stages(&var, opts, Some((ptr, &shape)))?;
                return Ok(());
            }
        }
        let results = self.run_stages(&var, opts, None)?;
        let args = self.args(vars, &results)?;
        let mut shapes: Vec<&[usize]> = args.iter().map(|a| a.shape()).collect();
        let out_shape = out.shape().to_vec();
        shapes.push(&out_shape);
        let shape = exec::broadcast_shape(&shapes).map_err(|_| {
            let inputs: Vec<&[usize]> = args.iter().map(|a| a.shape()).collect();
            let in_shape = exec::broadcast_shape(&inputs).map(|s| format_shape(&s)).unwrap_or_default();
            let message = format!(
                "the inputs broadcast to {in_shape}, which does not fit the output's shape {}",
                format_shape(&out_shape)
            );
            Error::general(ErrorKind::Output { message })
        })?;
        if shape != out_shape {
            return Err(shape_mismatch(&shape, "the output", &out_shape));
        }
        let target = Target { ptr: out.ptr(), dtype: out.dtype(), strides: out.strides().to_vec() };
        // Inputs that overlap the output other than exactly (same place, same layout) are copied first.
        let copies: Vec<Option<DynArray>> = args
            .iter()
            .zip(&self.inner.main().used)
            .map(|(a, &used)| (used && overlaps_inexactly(a, &target, &shape)).then(|| a.to_owned()))
            .collect();
        let args: Vec<ArrayRef<'_>> = args
            .iter()
            .zip(&copies)
            .map(|(a, c): (&ArrayRef<'_>, _)| match c {
                Some(c) => c.view(),
                None => a.view_short(),
            })
            .collect();
        // SAFETY: inputs are views kept alive by `vars` or `copies`; the output is a mutable view (each
        // element at its own address) of the checked shape, and overlaps an input only exactly.
        unsafe { self.run(&args, target, &shape, opts) }
    }

    /// Evaluates into `target`, which is also the variable `name` the expression may read: the in-place
    /// update `a = 2*a + b`. Every other variable comes from `vars` (a `name` there is ignored).
    pub fn eval_update<'o>(&self, vars: &Vars, name: &str, target: impl IntoArrayMut<'o>) -> Result<()> {
        self.eval_update_with(vars, name, target, &Options::default())
    }

    pub fn eval_update_with<'o>(
        &self,
        vars: &Vars,
        name: &str,
        target: impl IntoArrayMut<'o>,
        opts: &Options,
    ) -> Result<()> {
        let mut out: ArrayMut = target.into_array_mut();
        if out.dtype() != self.dtype() {
            let message = format!("`{name}` has dtype {}, but the expression gives {}", out.dtype(), self.dtype());
            return Err(Error::general(ErrorKind::Output { message }));
        }
        let (out_shape, out_strides, out_ptr) = (out.shape().to_vec(), out.strides().to_vec(), out.ptr());
        // The other inputs are views from `vars`; `name` is read through the target's own pointer, so no
        // shared view of it exists while it is written.
        let var = |input: &Input| -> Result<Operand> {
            if input.name == name {
                if input.dtype != out.dtype() {
                    let message =
                        format!("`{name}` has dtype {}, but the kernel reads it as {}", out.dtype(), input.dtype);
                    return Err(Error::general(ErrorKind::Input { message }));
                }
                let (shape, strides) = (out_shape.clone(), out_strides.clone());
                Ok(Operand { ptr: out_ptr, dtype: input.dtype, shape, strides })
            } else {
                Ok(operand(&self.arg(vars, input)?))
            }
        };
        // Reductions read `name` before anything is written.
        let results = self.run_stages(&var, opts, None)?;
        let main = &self.inner.program.main;
        let mut operands = Vec::with_capacity(main.inputs.len());
        for (k, input) in main.inputs.iter().enumerate() {
            let op = match input.stage {
                Some(j) => operand(&results[j].view()),
                None => var(input)?,
            };
            if input.name != name
                && self.inner.main().used[k]
                && overlaps_raw(&op, out_ptr, &out_shape, &out_strides, out.dtype())
            {
                let message = format!("`{}` shares memory with `{name}`, which is being written", input.name);
                return Err(Error::general(ErrorKind::Input { message }));
            }
            operands.push(op);
        }
        let shapes: Vec<&[usize]> = operands.iter().map(|o| o.shape.as_slice()).collect();
        let shape = exec::broadcast_shape(&shapes)?;
        if shape != out_shape {
            return Err(shape_mismatch(&shape, &format!("`{name}`"), &out_shape));
        }
        let target = Target { ptr: out_ptr, dtype: out.dtype(), strides: out_strides };
        // SAFETY: the other inputs are views kept alive by `vars` that do not overlap the target; the
        // target is read and written through one pointer with one layout, each element in place.
        unsafe { self.run_operands(&operands, target, &shape, opts) }
    }

    /// The main graph's inputs: variables, with their dtypes checked, and reductions' results.
    fn args<'a>(&self, vars: &'a Vars<'_>, results: &'a [DynArray]) -> Result<Vec<ArrayRef<'a>>> {
        let main = &self.inner.program.main;
        main.inputs
            .iter()
            .map(|input| match input.stage {
                Some(k) => Ok(results[k].view()),
                None => Ok(self.arg_ref(vars, input)?.view_short()),
            })
            .collect()
    }

    fn arg<'v>(&self, vars: &Vars<'v>, input: &Input) -> Result<ArrayRef<'v>> {
        self.arg_ref(vars, input).cloned()
    }

    /// The variable `input` in `vars`, with its dtype checked.
    fn arg_ref<'a, 'v>(&self, vars: &'a Vars<'v>, input: &Input) -> Result<&'a ArrayRef<'v>> {
        let a = vars.get(&input.name).ok_or_else(|| {
            let message = format!("the variable `{}` was not given", input.name);
            Error::general(ErrorKind::Input { message })
        })?;
        if a.dtype() != input.dtype {
            let message =
                format!("`{}` has dtype {}, but the kernel was compiled for {}", input.name, a.dtype(), input.dtype);
            return Err(Error::general(ErrorKind::Input { message }));
        }
        Ok(a)
    }

    /// # Safety
    /// As `exec::run`.
    unsafe fn run(&self, args: &[ArrayRef], target: Target, shape: &[usize], opts: &Options) -> Result<()> {
        // Small arrays with nothing to broadcast or gather skip the planning.
        // SAFETY: the caller's guarantees.
        if unsafe { self.run_small(args, &target, shape, opts) } {
            return Ok(());
        }
        let operands: Vec<Operand> = args.iter().map(operand).collect();
        // SAFETY: the caller's guarantees.
        unsafe { self.run_operands(&operands, target, shape, opts) }
    }

    /// Runs on the calling thread, without a plan, if the result is small and every used input and the
    /// output are C-contiguous in the result's shape; returns whether it did.
    ///
    /// # Safety
    /// As `exec::run`.
    unsafe fn run_small(&self, args: &[ArrayRef], target: &Target, shape: &[usize], opts: &Options) -> bool {
        let n: usize = shape.iter().product();
        let contiguous_target = is_c_contiguous(shape, &target.strides);
        let main = self.inner.main();
        let eligible = self.inner.backend == Backend::Jit
            && opts.backend == Backend::Jit
            && n < opts.parallel_threshold
            && contiguous_target
            && args.iter().zip(&main.used).all(|(a, &u)| !u || (a.shape() == shape && a.is_standard_layout()));
        if !eligible {
            return false;
        }
        let code = {
            let variants = main.variants.lock().unwrap_or_else(|e| e.into_inner());
            variants[0].1.clone()
        };
        let ptrs: Vec<*const u8> =
            args.iter().zip(&main.used).map(|(a, &u)| if u { a.ptr() } else { std::ptr::null() }).collect();
        let sizes: Vec<usize> = args.iter().map(|a| a.dtype().size()).collect();
        // SAFETY: every used input is a live C-contiguous view of `n` elements, the target `n` contiguous
        // writable elements, and variant 0 is the all-contiguous kernel.
        unsafe { exec::run_contiguous(&code, &ptrs, &sizes, target.ptr, target.dtype.size(), n) };
        true
    }

    /// # Safety
    /// As `exec::run`.
    unsafe fn run_operands(&self, operands: &[Operand], target: Target, shape: &[usize], opts: &Options) -> Result<()> {
        let backend = self.inner.backend(opts);
        let part = self.inner.parts.len() - 1;
        let source = Source { inner: &self.inner, part, backend };
        // SAFETY: the caller's guarantees.
        unsafe { exec::run(&source, operands, &self.inner.main().used, target, shape, opts) }
    }
}

/// An input view as the executor sees it.
fn operand(a: &ArrayRef) -> Operand {
    Operand { ptr: a.ptr(), dtype: a.dtype(), shape: a.shape().to_vec(), strides: a.strides().to_vec() }
}

/// The byte range an array of `shape` and `strides` (elements) spans from `ptr`.
fn byte_range(ptr: usize, shape: &[usize], strides: &[isize], size: usize) -> (usize, usize) {
    let (mut lo, mut hi) = (0isize, 0isize);
    for (&d, &s) in shape.iter().zip(strides) {
        if d == 0 {
            return (ptr, ptr);
        }
        let ext = (d as isize - 1).wrapping_mul(s);
        if ext < 0 {
            lo += ext;
        } else {
            hi += ext;
        }
    }
    let base = ptr as isize;
    ((base + lo * size as isize) as usize, (base + (hi + 1) * size as isize) as usize)
}

/// Whether an array of `shape` and `strides` (elements) lies in C order with no gaps.
fn is_c_contiguous(shape: &[usize], strides: &[isize]) -> bool {
    let mut acc = 1isize;
    shape.iter().zip(strides).rev().all(|(&d, &s)| {
        let ok = d <= 1 || s == acc;
        acc = acc.wrapping_mul(d as isize);
        ok
    })
}

/// The axes a reduction reduces, for an argument of `ndim` dimensions: counted from the front, sorted,
/// each once (NumPy's rules and messages).
fn normalize_axes(r: &Reduce, ndim: usize) -> Result<Vec<usize>> {
    let Some(axes) = &r.axes else { return Ok((0..ndim).collect()) };
    // NumPy's allowance for 0-d arrays: the one element, reduced over no axes. Its `mean` (and so `var`
    // and `std`) counts the elements along the axis first, and raises.
    let counts = matches!(r.op, ReduceOp::Mean { .. });
    if ndim == 0 && !r.tuple && !counts && matches!(axes.as_slice(), [0 | -1]) {
        return Ok(Vec::new());
    }
    let mut out = Vec::with_capacity(axes.len());
    for &a in axes {
        let k = if a < 0 { a + ndim as i64 } else { a };
        if k < 0 || k >= ndim as i64 {
            let message = format!("axis {a} is out of bounds for array of dimension {ndim}");
            return Err(Error::new(ErrorKind::Axis { message }, r.axis_span));
        }
        if out.contains(&(k as usize)) {
            return Err(Error::new(ErrorKind::Axis { message: "duplicate value in 'axis'".into() }, r.axis_span));
        }
        out.push(k as usize);
    }
    out.sort_unstable();
    Ok(out)
}

/// Whether input `a` and an output of `shape` and `strides` at `ptr` share any bytes.
fn overlaps(a: &ArrayRef, ptr: *mut u8, shape: &[usize], strides: &[isize], dtype: DType) -> bool {
    overlaps_raw(&operand(a), ptr, shape, strides, dtype)
}

/// `overlaps` for an operand.
fn overlaps_raw(a: &Operand, ptr: *mut u8, shape: &[usize], strides: &[isize], dtype: DType) -> bool {
    let (a0, a1) = byte_range(a.ptr as usize, &a.shape, &a.strides, a.dtype.size());
    let (o0, o1) = byte_range(ptr as usize, shape, strides, dtype.size());
    a0 < o1 && o0 < a1 && a0 != a1 && o0 != o1
}

/// Whether input `a` shares memory with the output without being exactly it.
fn overlaps_inexactly(a: &ArrayRef, out: &Target, shape: &[usize]) -> bool {
    if !overlaps(a, out.ptr, shape, &out.strides, out.dtype) {
        return false;
    }
    let same_layout = std::ptr::eq(a.ptr(), out.ptr)
        && a.dtype() == out.dtype
        && exec::broadcast::broadcast_strides(a.shape(), a.strides(), shape)
            .iter()
            .zip(&out.strides)
            .zip(shape)
            .all(|((s, o), &d)| d <= 1 || s == o);
    !same_layout
}

/// One cached kernel and what it was compiled for.
struct Entry {
    text: String,
    sig: Vec<(String, DType)>,
    backend: Backend,
    kernel: Kernel,
}

impl Entry {
    fn matches(&self, expr: &str, sig: &[(&str, DType)], backend: Backend) -> bool {
        self.text == expr
            && self.backend == backend
            && self.sig.len() == sig.len()
            && self.sig.iter().zip(sig).all(|(a, b)| a.0 == b.0 && a.1 == b.1)
    }
}

/// The compile cache: a hash of the expression text, variable signature and back end, to kernels.
#[derive(Default)]
struct Cache {
    map: HashMap<u64, Vec<Entry>>,
    len: usize,
}

/// Bounds memory: the cache is emptied when it holds this many kernels.
const CACHE_LIMIT: usize = 4096;

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn cache_key(expr: &str, sig: &[(&str, DType)], backend: Backend) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    expr.hash(&mut h);
    for (n, d) in sig {
        n.hash(&mut h);
        d.hash(&mut h);
    }
    backend.hash(&mut h);
    h.finish()
}

/// A kernel for `expr` over variables with these names and dtypes, from the cache or compiled now.
pub fn cached(expr: &str, sig: &[(&str, DType)], backend: Backend) -> Result<Kernel> {
    let key = cache_key(expr, sig, backend);
    {
        let c = cache().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = c.map.get(&key).and_then(|es| es.iter().find(|e| e.matches(expr, sig, backend))) {
            return Ok(e.kernel.clone());
        }
    }
    // Compile outside the lock, so other threads' lookups are not held up.
    let kernel = Kernel::new(expr, sig, backend)?;
    let mut c = cache().lock().unwrap_or_else(|e| e.into_inner());
    if c.len >= CACHE_LIMIT {
        c.map.clear();
        c.len = 0;
    }
    let sig = sig.iter().map(|(n, d)| (n.to_string(), *d)).collect();
    c.map.entry(key).or_default().push(Entry { text: expr.to_owned(), sig, backend, kernel: kernel.clone() });
    c.len += 1;
    Ok(kernel)
}
