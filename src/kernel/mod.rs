//! Compiled kernels: the glue between the pipeline's stages and the public API.
//!
//! A `Kernel` holds a typed program and, for the JIT back end, its machine code per graph and access
//! signature; evaluating it resolves the variables and checks their dtypes, runs the reductions' stages
//! in order and then the main graph, each through the executor's safe entry points (`exec::eval`), which
//! allocate or check the output and resolve aliasing: this layer has no `unsafe`. `axes` normalizes a
//! reduction's axes against the actual shapes; `cache` is the compile cache.

mod axes;
mod cache;
mod locate;
mod slice;

use std::sync::{Arc, Mutex};

use crate::array::{ArrayMut, ArrayRef, DynArray, IntoArrayMut, Vars};
use crate::dtype::DType;
use crate::error::{Error, ErrorKind, Result};
use crate::exec::eval::{Arg, Kernels};
use crate::exec::{self, BlockKernel};
use crate::interp::Reference;
use crate::ir::{Graph, Input, Op, Program, StageOp};
use crate::jit::{self, Code, Listing, Signature, Text};
use crate::options::{Backend, Options, Precision};
use axes::normalize_axes;
pub use cache::cached;

/// A compiled expression: `Send + Sync`, cheap to clone, callable from many threads at once.
#[derive(Clone)]
pub struct Kernel {
    inner: Arc<Inner>,
}

struct Inner {
    text: String,
    program: Program,
    /// One part per stage's graph (a reduction's argument, a matrix product's two operands), then the main
    /// graph's, then for a complex result the imaginary parts' graph's (`Program::graphs`).
    parts: Vec<Part>,
    backend: Backend,
}

/// The compiled code of one graph of the program.
struct Part {
    used: Vec<bool>,
    /// The all-contiguous variant, compiled with the kernel (where the JIT runs): read without a lock,
    /// since most calls take it.
    contiguous: Option<Arc<Code>>,
    /// Compiled code by how it accesses its operands (see `exec::KernelSource`): the all-contiguous
    /// variant, and others compiled on first use.
    variants: Mutex<Vec<(Signature, Arc<Code>)>>,
}

impl Inner {
    /// The graph of part `p`.
    fn graph(&self, p: usize) -> &Graph {
        self.program.graphs().nth(p).expect("one part per graph")
    }

    /// The part of the main graph.
    fn main_index(&self) -> usize {
        self.program.first_graph(self.program.stages.len())
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
        &self.parts[self.main_index()]
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
    /// Compiles `expr` for variables of the given names and dtypes, for `opts.backend` (a kernel for the
    /// interpreter has no machine code) and at `opts.precision`, which the kernel keeps: evaluating it
    /// with other options changes threads, blocks and back end, never what its functions compute.
    pub fn new(expr: &str, vars: &[(&str, DType)], opts: &Options) -> Result<Kernel> {
        let backend = opts.backend;
        let program = crate::typeck::check_text(expr, vars, opts.precision).map_err(|e| e.with_source(expr))?;
        let parts = program
            .graphs()
            .map(|graph| {
                let mut variants = Vec::new();
                let mut contiguous = None;
                if backend == Backend::Jit {
                    let sig = Signature::contiguous(graph.inputs.len());
                    let (code, _) = jit::compile(graph, &sig, Text::Omit)?;
                    contiguous = Some(code.clone());
                    variants.push((sig, code));
                }
                Ok(Part { used: graph.used_inputs(), contiguous, variants: Mutex::new(variants) })
            })
            .collect::<Result<Vec<Part>>>()?;
        let inner = Inner { text: expr.to_owned(), program, parts, backend };
        Ok(Kernel { inner: Arc::new(inner) })
    }

    /// The expression text.
    pub fn expr(&self) -> &str {
        &self.inner.text
    }

    /// The precision its vector-math functions compute at.
    pub fn precision(&self) -> Precision {
        self.inner.program.main.precision
    }

    /// The result's dtype.
    pub fn dtype(&self) -> DType {
        self.inner.program.dtype()
    }

    /// The variables the expression reads, with their dtypes, in order of first mention.
    pub fn variables(&self) -> Vec<(&str, DType)> {
        self.inner.program.vars.iter().map(|v| (v.name.as_str(), v.dtype)).collect()
    }

    /// How many stages (reductions, matrix products) are computed before the result's own graph (each one
    /// more pass over the inputs it reads; see ARCHITECTURE.md, "Passes over memory").
    pub fn stages(&self) -> usize {
        self.inner.program.stages.len()
    }

    /// The typed IR after folding and simplification, as text: each reduction's argument graph, inner
    /// ones first, then the main graph, which reads the reductions' results as inputs named `#k`.
    pub fn ir(&self) -> String {
        self.inner.program.to_string()
    }

    /// The Cranelift IR and machine code of this expression (compiled again, with listings kept): each
    /// reduction's argument kernel first, headed `; reduction #k` (a matrix product's operands `; matrix
    /// product #k, left operand` and `right operand`), then the main kernel.
    pub fn listing(&self) -> Result<Listing> {
        let mut all = Listing::default();
        let n = self.inner.parts.len();
        let program = &self.inner.program;
        let mut heads = Vec::with_capacity(n);
        for (k, stage) in program.stages.iter().enumerate() {
            match stage.op {
                StageOp::Reduce(_) => heads.push(format!("; reduction #{k}\n")),
                StageOp::MatMul(..) => {
                    heads.push(format!("; matrix product #{k}, left operand\n"));
                    heads.push(format!("; matrix product #{k}, right operand\n"));
                }
            }
        }
        for p in 0..n {
            let graph = self.inner.graph(p);
            let sig = Signature::contiguous(graph.inputs.len());
            let (_, listing) = jit::compile(graph, &sig, Text::Keep)?;
            let listing = listing.unwrap_or_default();
            let main = self.inner.main_index();
            let head = if let Some(h) = heads.get(p) {
                h.clone()
            } else if p > main {
                "; imaginary parts\n".to_owned()
            } else if n > 1 {
                "; main\n".to_owned()
            } else {
                String::new()
            };
            all.clif += &(head.clone() + &listing.clif);
            all.asm += &(head + &listing.asm);
            all.code.extend(listing.code);
        }
        Ok(all)
    }

    /// The stage whose result is the whole answer (the main graph only reads it), if there is one.
    fn direct_stage(&self) -> Option<usize> {
        let program = &self.inner.program;
        let main = &program.main;
        if program.imag.is_some() {
            return None;
        }
        if main.imag_root.is_some() {
            // A complex product's result as it is (both parts of the one stage, nothing else).
            let k = complex_whole(main)?.stage?;
            return matches!(program.stages[k].op, StageOp::MatMul(..)).then_some(k);
        }
        match (main.nodes[main.root].op, main.inputs.as_slice()) {
            (Op::Input(i), [_]) => main.inputs[i].stage,
            _ => None,
        }
    }

    /// Evaluates every reduction, inner ones first, into small arrays; `var` supplies the variables, as
    /// views or as the output itself (`Arg::Output`, read through `out`). With `into`, the last stage
    /// writes its result straight into that array instead (and is missing from the results).
    fn run_stages<'v>(
        &self,
        var: &dyn Fn(&Input) -> Result<Arg<'v>>,
        opts: &Options,
        mut out: Option<&mut ArrayMut>,
        mut into: Option<&mut ArrayMut>,
    ) -> Result<Vec<DynArray>> {
        let inner = &*self.inner;
        let mut results: Vec<DynArray> = Vec::with_capacity(inner.program.stages.len());
        for (k, stage) in inner.program.stages.iter().enumerate() {
            let part = inner.program.first_graph(k);
            let last = k + 1 == inner.program.stages.len();
            let r = match &stage.op {
                StageOp::Reduce(r) => r,
                StageOp::MatMul(spec, right) => {
                    let out_view = out.as_deref().map(|o| o.view());
                    let left = self.operand(part, &stage.arg, &results, var, out_view.clone(), opts)?;
                    let right = self.operand(part + 1, right, &results, var, out_view, opts)?;
                    let reference = inner.backend(opts) == Backend::Interpreter;
                    let spec = exec::matmul::Spec { dot: spec.dot, func: &spec.func };
                    let (x, y) = (left.view(), right.view());
                    match into.as_deref_mut() {
                        Some(dest) if last => exec::matmul::product_into(&x, &y, spec, reference, opts, dest),
                        _ => exec::matmul::product(&x, &y, spec, reference, opts).map(|p| results.push(p)),
                    }
                    .map_err(|e| e.at(stage.span()))?;
                    continue;
                }
            };
            let g = &stage.arg;
            let args = g
                .inputs
                .iter()
                .map(|i| match not_a_variable(&results, i) {
                    Some(v) => Ok(Arg::View(v)),
                    None => var(i).map(Arg::shorten),
                })
                .collect::<Result<Vec<Arg>>>()?;
            let out_shape = out.as_ref().map(|o| o.shape().to_vec()).unwrap_or_default();
            let shapes: Vec<&[usize]> = args
                .iter()
                .map(|a| match a {
                    Arg::View(v) => v.shape(),
                    Arg::Output => out_shape.as_slice(),
                })
                .collect();
            let shape = exec::broadcast_shape(&shapes).map_err(|e| e.at(r.span))?;
            let axes = normalize_axes(r, shape.len())?;
            let identity = match g.nodes[g.root].op {
                Op::Input(i) if g.inputs[i].dtype == g.dtype() && g.imag_root.is_none() => Some(i),
                _ => None,
            };
            let source = Source { inner, part, backend: inner.backend(opts) };
            let kernels = Kernels { source: &source, contiguous: None, used: &inner.parts[part].used };
            let spec = exec::reduce::Spec { op: r.op, axes: &axes, keepdims: r.keepdims, func: &r.func, identity };
            match into.as_deref_mut() {
                Some(dest) if last => {
                    let views: Vec<ArrayRef> = args
                        .into_iter()
                        .map(|a| match a {
                            Arg::View(v) => v,
                            Arg::Output => unreachable!("a direct reduction reads no output"),
                        })
                        .collect();
                    exec::eval::reduction_into(&kernels, &views, g.result_dtype(), &shape, &spec, opts, dest)
                        .map_err(|e| e.at(r.span))?;
                }
                _ => {
                    let result = exec::eval::reduction(
                        &kernels,
                        &args,
                        out.as_deref_mut(),
                        g.result_dtype(),
                        &shape,
                        &spec,
                        opts,
                    )
                    .map_err(|e| e.at(r.span))?;
                    drop(args);
                    results.push(result);
                }
            }
        }
        Ok(results)
    }

    /// A matrix product's operand: graph `g` (part `p`) evaluated into a new array, or, where the graph
    /// only reads one input, that input's view itself (no copy). `out` stands for an input read through
    /// the output (an update in place), which nothing writes before the products are computed.
    fn operand<'a, 'v: 'a>(
        &'a self,
        p: usize,
        g: &'a Graph,
        results: &'a [DynArray],
        var: &dyn Fn(&Input) -> Result<Arg<'v>>,
        out: Option<ArrayRef<'a>>,
        opts: &Options,
    ) -> Result<Operand<'a>> {
        let views = g
            .inputs
            .iter()
            .map(|i| match not_a_variable(results, i) {
                Some(v) => Ok(v),
                None => match var(i)? {
                    Arg::View(v) => Ok(v.reborrow()),
                    Arg::Output => Ok(out.clone().expect("an output to read").reborrow()),
                },
            })
            .collect::<Result<Vec<ArrayRef>>>()?;
        if let (Op::Input(0), [_]) = (g.nodes[g.root].op, g.inputs.as_slice()) {
            if g.inputs[0].dtype == g.result_dtype() && g.imag_root.is_none() {
                return Ok(Operand::View(views.into_iter().next().expect("one input")));
            }
        }
        if let Some(whole) = complex_whole(g) {
            // The two parts of one complex variable (or stage result): the complex array itself.
            let view = match whole.stage {
                Some(k) => results[k].view(),
                None => match var(&whole)? {
                    Arg::View(v) => v.reborrow(),
                    Arg::Output => out.expect("an output to read").reborrow(),
                },
            };
            return Ok(Operand::View(view));
        }
        let (source, small) = self.source(p, opts);
        let result = exec::eval::new_array(&self.kernels(p, &source, &small), &views, g.result_dtype(), opts)?;
        Ok(Operand::Owned(result))
    }

    /// Part `p`'s kernels for an evaluation with `opts`.
    fn kernels<'s>(&'s self, p: usize, source: &'s Source<'s>, small: &'s Option<Arc<Code>>) -> Kernels<'s> {
        Kernels { source, contiguous: small.as_ref().map(|c| c as &dyn BlockKernel), used: &self.inner.parts[p].used }
    }

    /// The main graph's kernels for an evaluation with `opts`.
    fn main_kernels<'s>(&'s self, source: &'s Source<'s>, small: &'s Option<Arc<Code>>) -> Kernels<'s> {
        self.kernels(self.inner.main_index(), source, small)
    }

    /// Part `p`'s source, and its all-contiguous compiled variant where the JIT runs.
    fn source(&self, p: usize, opts: &Options) -> (Source<'_>, Option<Arc<Code>>) {
        let backend = self.inner.backend(opts);
        let source = Source { inner: &self.inner, part: p, backend };
        let small = match backend {
            Backend::Jit => self.inner.parts[p].contiguous.clone(),
            Backend::Interpreter => None,
        };
        (source, small)
    }

    /// The main graph's source, and its all-contiguous compiled variant where the JIT runs.
    fn main_source(&self, opts: &Options) -> (Source<'_>, Option<Arc<Code>>) {
        self.source(self.inner.main_index(), opts)
    }

    /// Evaluates a complex result into a new array: the real parts' graph, then the imaginary parts'.
    fn eval_complex(&self, vars: &Vars, results: &[DynArray], opts: &Options) -> Result<DynArray> {
        let main = self.inner.main_index();
        let imag = self.inner.program.imag.as_ref().expect("a complex result");
        let re_args = self.args_of(&self.inner.program.main, vars, results)?;
        let im_args = self.args_of(imag, vars, results)?;
        let (re_source, re_small) = self.source(main, opts);
        let (im_source, im_small) = self.source(main + 1, opts);
        let re = self.kernels(main, &re_source, &re_small);
        let im = self.kernels(main + 1, &im_source, &im_small);
        exec::eval::new_complex((&re, &re_args), (&im, &im_args), self.dtype(), opts)
            .map_err(|e| self.locate(e, vars, None))
    }

    /// The result's shape where each variable has the shape `shape_of` gives (NumPy's: a byte-string
    /// variable's without its bytes), found without evaluating anything: what an evaluation checks before
    /// it runs (broadcasting, axes, indices, empty reductions), with the same errors.
    pub fn shape(&self, shape_of: &dyn Fn(&str) -> Option<Vec<usize>>) -> Result<Vec<usize>> {
        let program = &self.inner.program;
        let of = |input: &Input, stages: &[Vec<usize>]| -> Result<Vec<usize>> {
            if let Some(k) = input.stage {
                return Ok(stages[k].clone());
            }
            if input.literal.is_some() {
                return Ok(Vec::new());
            }
            let shape = shape_of(&input.name).ok_or_else(|| {
                let message = format!("the variable `{}` was not given", input.name);
                Error::general(ErrorKind::Input { message })
            })?;
            match &input.slice {
                Some(s) => slice::shape(&shape, s),
                None => Ok(shape),
            }
        };
        let mut stages: Vec<Vec<usize>> = Vec::with_capacity(program.stages.len());
        for stage in &program.stages {
            let shape_of_graph = |g: &Graph| -> Result<Vec<usize>> {
                let shapes = g.inputs.iter().map(|i| of(i, &stages)).collect::<Result<Vec<_>>>()?;
                let refs: Vec<&[usize]> = shapes.iter().map(Vec::as_slice).collect();
                exec::broadcast_shape(&refs).map_err(|e| e.at(stage.span()))
            };
            let shape = shape_of_graph(&stage.arg)?;
            let r = match &stage.op {
                StageOp::Reduce(r) => r,
                StageOp::MatMul(spec, right) => {
                    let right = shape_of_graph(right)?;
                    let spec = exec::matmul::Spec { dot: spec.dot, func: &spec.func };
                    stages.push(exec::matmul::result_shape(&shape, &right, spec).map_err(|e| e.at(stage.span()))?);
                    continue;
                }
            };
            let axes = normalize_axes(r, shape.len())?;
            let (result, _, _) =
                exec::reduce::checked_shape(&shape, &axes, r.keepdims, r.op, &r.func).map_err(|e| e.at(r.span))?;
            stages.push(result);
        }
        let shapes = program.main.inputs.iter().map(|i| of(i, &stages)).collect::<Result<Vec<_>>>()?;
        let refs: Vec<&[usize]> = shapes.iter().map(Vec::as_slice).collect();
        exec::broadcast_shape(&refs).map_err(|e| locate::broadcast_error(e, &self.inner.text, shape_of))
    }

    /// Evaluates into a new C-order array.
    pub fn eval(&self, vars: &Vars) -> Result<DynArray> {
        self.eval_with(vars, &Options::default())
    }

    pub fn eval_with(&self, vars: &Vars, opts: &Options) -> Result<DynArray> {
        let results = self.run_stages(&|i| Ok(Arg::View(self.arg(vars, i)?)), opts, None, None)?;
        // A reduction's result is the answer itself when the main graph only reads it.
        if let Some(k) = self.direct_stage() {
            return Ok(results.into_iter().nth(k).expect("one result per stage"));
        }
        if self.inner.program.imag.is_some() {
            return self.eval_complex(vars, &results, opts);
        }
        let args = self.args(vars, &results)?;
        let (source, small) = self.main_source(opts);
        exec::eval::new_array(&self.main_kernels(&source, &small), &args, self.dtype(), opts)
            .map_err(|e| self.locate(e, vars, None))
    }

    /// Points a broadcast error at the operation whose operands' shapes conflict (`target`: the variable
    /// being written in place, and its shape).
    fn locate(&self, e: Error, vars: &Vars, target: Option<(&str, &[usize])>) -> Error {
        let shape_of = |n: &str| match target {
            Some((name, shape)) if name == n => Some(shape.to_vec()),
            _ => vars.get(n).map(|a| a.shape().to_vec()),
        };
        locate::broadcast_error(e, &self.inner.text, &shape_of)
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
        let var = |i: &Input| Ok(Arg::View(self.arg(vars, i)?));
        if let Some(imag) = &self.inner.program.imag {
            // Each part is its own pass: where the output shares memory with an input, the second pass
            // would read what the first wrote, so the result is computed apart and copied.
            let views: Vec<ArrayRef> = self.inner.program.vars.iter().filter_map(|i| self.arg(vars, i).ok()).collect();
            if exec::eval::shares_memory(&views, &mut out) {
                drop(views);
                let result = self.eval_with(vars, opts)?;
                if result.shape() != out.shape() {
                    return Err(crate::error::shape_mismatch(result.shape(), "the output", out.shape()));
                }
                out.assign(&result);
                return Ok(());
            }
            drop(views);
            let results = self.run_stages(&var, opts, None, None)?;
            let (mut re_out, mut im_out) = out.split_complex().map_err(|_| unreachable!("a complex output"))?;
            let main = self.inner.main_index();
            for (p, graph, dest) in [(main, &self.inner.program.main, &mut re_out), (main + 1, imag, &mut im_out)] {
                let args = self.args_of(graph, vars, &results)?;
                let (source, small) = self.source(p, opts);
                exec::eval::into_array(&self.kernels(p, &source, &small), &args, dest, opts)?;
            }
            return Ok(());
        }
        if self.direct_stage().is_some() {
            // The last reduction writes straight into `out`, unless `out` is strided or shares memory with
            // a variable.
            let views: Vec<ArrayRef> = self.inner.program.vars.iter().filter_map(|i| self.arg(vars, i).ok()).collect();
            if exec::eval::writes_directly(&views, &mut out) {
                self.run_stages(&var, opts, None, Some(&mut out))?;
                return Ok(());
            }
        }
        let results = self.run_stages(&var, opts, None, None)?;
        let args = self.args(vars, &results)?;
        let (source, small) = self.main_source(opts);
        exec::eval::into_array(&self.main_kernels(&source, &small), &args, &mut out, opts)
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
        let views_of_name =
            self.inner.program.graphs().any(|g| g.inputs.iter().any(|i| i.name == name && i.slice.is_some()));
        if self.dtype().is_complex() || views_of_name {
            // A complex variable is read through views of its parts, which the executor cannot read in
            // place (and a result of two passes would have the second read what the first wrote), and a
            // view of `name` (`a = a[::-1] + 1`) reads elements that other elements' results overwrite:
            // the result is computed apart, reading `name` as it was, and copied in.
            let result = {
                let mut all = Vars::new();
                for (n, a) in vars.iter().filter(|(n, _)| *n != name) {
                    all.insert(n, a.clone().reborrow());
                }
                all.insert(name, out.view());
                self.eval_with(&all, opts)?
            };
            if result.shape() != out.shape() {
                return Err(crate::error::shape_mismatch(result.shape(), &format!("`{name}`"), out.shape()));
            }
            out.assign(&result);
            return Ok(());
        }
        // The other inputs are views from `vars`; `name` is read through the output itself, so no shared
        // view of it exists while it is written.
        let out_dtype = out.dtype();
        let var = |input: &Input| -> Result<Arg> {
            if input.name == name {
                if input.var_dtype() != out_dtype || input.part.is_some() {
                    let message = format!("`{name}` has dtype {out_dtype}, but the kernel reads it as {}", input.dtype);
                    return Err(Error::general(ErrorKind::Input { message }));
                }
                Ok(Arg::Output)
            } else {
                Ok(Arg::View(self.arg(vars, input)?))
            }
        };
        // Reductions read `name` before anything is written.
        let results = self.run_stages(&var, opts, Some(&mut out), None)?;
        let main = &self.inner.program.main;
        let args = main
            .inputs
            .iter()
            .map(|input| match not_a_variable(&results, input) {
                Some(v) => Ok(Arg::View(v)),
                None => var(input).map(Arg::shorten),
            })
            .collect::<Result<Vec<Arg>>>()?;
        let names: Vec<&str> = main.inputs.iter().map(|i| i.name.as_str()).collect();
        let (source, _) = self.main_source(opts);
        let kernels = Kernels { source: &source, contiguous: None, used: &self.inner.main().used };
        let shape = out.shape().to_vec();
        exec::eval::in_place(&kernels, &args, &names, name, &mut out, opts)
            .map_err(|e| self.locate(e, vars, Some((name, &shape))))
    }

    /// The main graph's inputs: variables, with their dtypes checked, and reductions' results.
    fn args<'a>(&'a self, vars: &'a Vars<'_>, results: &'a [DynArray]) -> Result<Vec<ArrayRef<'a>>> {
        self.args_of(&self.inner.program.main, vars, results)
    }

    /// A graph's inputs: variables (or their parts), with their dtypes checked, and reductions' results.
    fn args_of<'a>(&self, graph: &'a Graph, vars: &'a Vars<'_>, results: &'a [DynArray]) -> Result<Vec<ArrayRef<'a>>> {
        graph
            .inputs
            .iter()
            .map(|input| match not_a_variable(results, input) {
                Some(v) => Ok(v),
                None => Ok(self.arg(vars, input)?.reborrow()),
            })
            .collect()
    }

    /// The variable `input` in `vars` (a view of its real or imaginary parts where `input` reads one),
    /// with its dtype checked.
    fn arg<'v>(&self, vars: &Vars<'v>, input: &Input) -> Result<ArrayRef<'v>> {
        let a = vars.get(&input.name).ok_or_else(|| {
            let message = format!("the variable `{}` was not given", input.name);
            Error::general(ErrorKind::Input { message })
        })?;
        let dtype = input.var_dtype();
        if let ArrayRef::Bytes(b) = a {
            check_bytes(&input.name, b)?;
        }
        if a.dtype() != dtype {
            let message = format!("`{}` has dtype {}, but the kernel was compiled for {dtype}", input.name, a.dtype());
            return Err(Error::general(ErrorKind::Input { message }));
        }
        let a = match &input.slice {
            Some(s) => slice::apply(a.clone(), s)?,
            None => a.clone(),
        };
        Ok(match input.part {
            None => a,
            Some(part) => a.complex_part(part == crate::ir::Part::Im).expect("a complex variable"),
        })
    }
}

/// A matrix product's operand: a view of an input, or the array its graph computed.
enum Operand<'a> {
    View(ArrayRef<'a>),
    Owned(DynArray),
}

impl Operand<'_> {
    fn view(&self) -> ArrayRef<'_> {
        match self {
            Operand::View(v) => v.view_short(),
            Operand::Owned(a) => a.view(),
        }
    }
}

/// Where graph `g` computes complex values that are just those of one complex input (its real parts
/// the root, its imaginary parts the second root) and reads nothing else (no other input shapes it),
/// that input as a whole.
fn complex_whole(g: &Graph) -> Option<Input> {
    let imag = g.imag_root?;
    if g.inputs.len() != 2 {
        return None;
    }
    let (Op::Input(r), Op::Input(i)) = (g.nodes[g.root].op, g.nodes[imag].op) else {
        return None;
    };
    let (re, im) = (&g.inputs[r], &g.inputs[i]);
    let same = re.name == im.name && re.slice == im.slice && re.stage == im.stage && re.literal.is_none();
    (same && re.part == Some(crate::ir::Part::Re) && im.part == Some(crate::ir::Part::Im)).then(|| Input {
        dtype: re.dtype.complex_of(),
        part: None,
        ..re.clone()
    })
}

/// What an input that is not a variable reads: a stage's result (or the part of its complex values the
/// input names), or a byte-string literal as a 0-d array of one string; `None` for a variable.
fn not_a_variable<'a>(results: &'a [DynArray], input: &'a Input) -> Option<ArrayRef<'a>> {
    if let Some(k) = input.stage {
        let view = results[k].view();
        return Some(match input.part {
            None => view,
            Some(part) => view.complex_part(part == crate::ir::Part::Im).expect("a complex stage result"),
        });
    }
    let bytes = input.literal.as_deref()?;
    Some(ArrayRef::Bytes(ndarray::ArrayView1::from(bytes).into_dyn()))
}

/// Checks that the `u8` view of byte-string variable `name` is one the executor can read: a last axis
/// (the strings' bytes) of at most `MAX_BYTES`, each string's bytes one after another, and every other
/// axis a whole number of strings apart (as any NumPy `S` array viewed as `u1` is).
pub(crate) fn check_bytes(name: &str, b: &ndarray::ArrayViewD<'_, u8>) -> Result<()> {
    let fail = |message: String| Err(Error::general(ErrorKind::Input { message }));
    let Some((&n, outer)) = b.shape().split_last() else {
        return fail(format!("`{name}` holds byte strings, but its u8 view has no last axis for their bytes"));
    };
    if n > crate::array::MAX_BYTES {
        return fail(format!(
            "`{name}` holds byte strings of {n} bytes: at most {} are taken",
            crate::array::MAX_BYTES
        ));
    }
    let strides = b.strides();
    let inner = strides[strides.len() - 1];
    let whole = outer.iter().zip(strides).all(|(&d, &s)| d <= 1 || (n > 0 && s % n as isize == 0));
    let empty = outer.contains(&0);
    if !empty && ((n > 1 && inner != 1) || !whole) {
        return fail(format!(
            "`{name}`'s strings do not lie whole and {n} bytes apart in memory (strides {strides:?} in bytes): \
             pass a copy in standard layout"
        ));
    }
    Ok(())
}
