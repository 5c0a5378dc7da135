//! Type checking: a syntax tree and the dtypes of the variables in, a typed IR graph out.
//!
//! This stage resolves names (variables first, then the constants `pi`, `e`, `inf`, `nan`) and calls (the
//! function table in `funcs`), applies NumPy 2's promotion rules (`promote`), inserts the casts each
//! operation needs, and keeps Python literals "weak" until a strong operand decides their dtype. Operations
//! between literals follow Python, as they would in NumPy code. It rejects what NumPy rejects (`-` on bool,
//! `~` on floats, an integer to a negative literal power, ...) with the span of the offending node. It knows
//! nothing of arrays or shapes: only dtypes.

mod bytes;
mod cmath;
mod complex;
pub mod promote;

use std::collections::HashMap;

use crate::dtype::{DType, Scalar};
use crate::error::{did_you_mean, type_error, Error, ErrorKind, Result};
use crate::funcs::{self, FuncKind};
use crate::ir::{Builder, MatMul, NodeId, Part, Program, Reduce, ReduceOp, Shaper, Slice, SliceItem};
use crate::ops::{BinOp, UnOp};
use crate::span::Span;
use crate::syntax::{self, Ast, BinaryOp, IndexKind, NodeKind, UnaryOp};
use crate::vmath::Precision;
use promote::{default_dtype, float_of, promote, promote_weak, WeakKind};

/// Checks `ast` against the variables `vars` (name and dtype) and builds its IR: the main graph and one
/// graph per reduction, whose vector-math functions compute at `precision`.
pub fn check(ast: &Ast, vars: &[(&str, DType)], precision: Precision) -> Result<Program> {
    let starts = subtree_starts(ast);
    let statics = static_arguments(ast, &starts);
    let mut cx = Checker {
        ast,
        vars,
        b: Builder::at(precision),
        starts: &starts,
        reduced: HashMap::new(),
        subscripts: HashMap::new(),
    };
    let mut vals: Vec<Val> = Vec::with_capacity(ast.nodes.len());
    // Children precede parents in the arena, so one pass in order sees every operand before its use.
    for (id, node) in ast.nodes.iter().enumerate() {
        let v = if statics[id] {
            // Read from the tree by the reduction that takes it.
            Val::Int(0)
        } else if let NodeKind::Tuple(_) = node.kind {
            let message = "a tuple is allowed only as a reduction's axis, as in `sum(x, axis=(0, 1))`";
            return Err(type_error(message, node.span));
        } else {
            cx.node(id, &node.kind, node.span, &vals)?
        };
        vals.push(v);
    }
    let shapers = cx.shapers(ast.root);
    let (root, imag) = match vals[ast.root] {
        v @ (Val::Complex(..) | Val::ComplexLit(..)) => {
            let (re, im) = cx.parts(v, cx.complex_dtype(v).complex_part().expect("complex"), ast.root_span())?;
            (re, Some(im))
        }
        v => (cx.strong(v, ast.root_span())?, None),
    };
    Ok(cx.b.split(root, imag, &shapers))
}

/// For each node, the first node of its subtree: the arena is in post-order, so a subtree is the range
/// `starts[id]..=id`.
fn subtree_starts(ast: &Ast) -> Vec<usize> {
    let mut starts: Vec<usize> = Vec::with_capacity(ast.nodes.len());
    for (id, node) in ast.nodes.iter().enumerate() {
        let s = node.kind.children().iter().map(|&c| starts[c]).min().unwrap_or(id);
        starts.push(s);
    }
    starts
}

/// Whether `call` is a call to a reduction.
fn reduction_of(kind: &NodeKind) -> Option<funcs::Reduction> {
    match kind {
        NodeKind::Call { name, .. } => match funcs::lookup(name)?.kind {
            FuncKind::Reduce(r) => Some(r),
            _ => None,
        },
        _ => None,
    }
}

/// Marks the nodes that are literal arguments of reductions (`axis`, `keepdims`, `ddof`, with their
/// subtrees), and the variable and indices of a subscript: they are read from the tree, not typed as
/// values.
fn static_arguments(ast: &Ast, starts: &[usize]) -> Vec<bool> {
    let mut statics = vec![false; ast.nodes.len()];
    for node in &ast.nodes {
        if let NodeKind::Subscript { base, items } = &node.kind {
            for a in std::iter::once(*base).chain(items.iter().flat_map(|i| i.kind.nodes())) {
                statics[starts[a]..=a].fill(true);
            }
        }
        if let (Some(_), NodeKind::Call { args, kwargs, .. }) = (reduction_of(&node.kind), &node.kind) {
            for &a in args.iter().skip(1).chain(kwargs.iter().map(|k| &k.value)) {
                statics[starts[a]..=a].fill(true);
            }
        }
    }
    statics
}

/// Parses and checks in one step.
pub fn check_text(text: &str, vars: &[(&str, DType)], precision: Precision) -> Result<Program> {
    check(&syntax::parse(text)?, vars, precision)
}

/// A checked subexpression: a typed IR node, or a Python literal whose dtype is not decided yet.
#[derive(Clone, Copy, Debug)]
enum Val {
    Node(NodeId),
    Int(i128),
    Float(f64),
    /// A complex value: its real and imaginary parts, two nodes of one float dtype (float32 for complex64,
    /// float64 for complex128). The IR has no complex nodes (`complex.rs`).
    Complex(NodeId, NodeId),
    /// A Python complex literal (`1j`, `2 + 3j`): its real and imaginary parts.
    ComplexLit(f64, f64),
    /// A byte string, variable or literal: its input's index in the builder (`bytes.rs`).
    Bytes(usize),
}

struct Checker<'a> {
    ast: &'a Ast,
    vars: &'a [(&'a str, DType)],
    b: Builder,
    starts: &'a [usize],
    /// For each reduction call checked so far (by AST node), the builder's reduction whose result has
    /// the call's shape (for `var` and `std`, the outer mean).
    reduced: HashMap<syntax::NodeId, usize>,
    /// For each subscript checked so far (by AST node), the builder's input of the view.
    subscripts: HashMap<syntax::NodeId, usize>,
}

impl Checker<'_> {
    fn node(&mut self, id: syntax::NodeId, kind: &NodeKind, span: Span, vals: &[Val]) -> Result<Val> {
        let operand = |id: syntax::NodeId| (vals[id], self.ast.nodes[id].span);
        Ok(match kind {
            NodeKind::Int(v) => Val::Int(*v as i128), // at most i128::MAX (the parser)
            NodeKind::Float(v) => Val::Float(*v),
            NodeKind::Imag(v) => Val::ComplexLit(0.0, *v),
            NodeKind::Bool(v) => Val::Node(self.b.constant_node(Scalar::Bool(*v))),
            NodeKind::Bytes(v) => Val::Bytes(self.b.bytes_literal(v)),
            NodeKind::Name(name) => self.name(name, span, None)?,
            NodeKind::Subscript { base, items } => {
                let NodeKind::Name(name) = &self.ast.nodes[*base].kind else {
                    let message = if let NodeKind::Subscript { .. } = self.ast.nodes[*base].kind {
                        "a subscript of a subscript is not supported: write one subscript of the variable \
                         (`a[-2::-1]` for `a[::-1][1:]`)"
                    } else {
                        "only a variable can be indexed: index each one, as in `a[1:] + b[1:]` for `(a + b)[1:]`"
                    };
                    return Err(type_error(message, span));
                };
                let slice = self.slice(items, span)?;
                let v = self.name(name, self.ast.nodes[*base].span, Some(slice))?;
                let input = match v {
                    Val::Node(n) | Val::Complex(n, _) => self.b.input_of(n),
                    Val::Bytes(k) => Some(k),
                    _ => None,
                };
                if let Some(k) = input {
                    self.subscripts.insert(id, k);
                }
                v
            }
            NodeKind::Unary(op, a) => self.unary(*op, operand(*a), span)?,
            NodeKind::Binary(BinaryOp::MatMul, a, b) => {
                // The `@` and the spaces around it.
                let at = Span::new(self.ast.nodes[*a].span.end, self.ast.nodes[*b].span.start);
                let (v, k) = self.matmul(false, "@", (*a, *b), vals, at)?;
                self.reduced.insert(id, k);
                v
            }
            NodeKind::Binary(op, a, b) => self.binary(*op, operand(*a), operand(*b), span)?,
            NodeKind::Call { name, name_span, args, kwargs } => {
                let func = funcs::lookup(name).ok_or_else(|| {
                    let suggestion = did_you_mean(name, funcs::FUNCS.iter().map(|f| f.name));
                    Error::new(ErrorKind::UnknownFunction { name: name.clone(), suggestion }, *name_span)
                })?;
                for k in kwargs {
                    if !func.keywords().contains(&k.name.as_str()) {
                        let e = ErrorKind::UnknownKeyword { func: name.clone(), keyword: k.name.clone() };
                        return Err(Error::new(e, k.span));
                    }
                }
                let (lo, hi) = func.arity();
                if args.len() < lo || args.len() > hi {
                    let expected = match (lo, hi) {
                        (1, 1) => "1 argument".to_owned(),
                        (n, m) if n == m => format!("{n} arguments"),
                        (n, m) if m == n + 1 => format!("{n} or {m} arguments"),
                        (n, m) => format!("{n} to {m} arguments"),
                    };
                    let e = ErrorKind::Arity { func: name.clone(), expected, found: args.len() };
                    return Err(Error::new(e, span));
                }
                if let FuncKind::MatMul(dot) = func.kind {
                    let (v, k) = self.matmul(dot, name, (args[0], args[1]), vals, span)?;
                    self.reduced.insert(id, k);
                    return Ok(v);
                }
                if let FuncKind::Reduce(r) = func.kind {
                    let (v, k) = self.reduction(r, name, args, kwargs, span, vals)?;
                    self.reduced.insert(id, k);
                    return Ok(v);
                }
                let decimals = args.get(1).copied().or(kwargs.iter().find(|k| k.name == "decimals").map(|k| k.value));
                if let (FuncKind::RoundingUnary(UnOp::Round), Some(d)) = (func.kind, decimals) {
                    if args.len() == 2 && !kwargs.is_empty() {
                        return Err(type_error("`decimals` is given twice", kwargs[0].span));
                    }
                    return self.round_decimals(operand(args[0]), operand(d), span);
                }
                let args: Vec<(Val, Span)> = args.iter().map(|a| operand(*a)).collect();
                self.call(func.kind, name, &args, span)?
            }
            NodeKind::Tuple(_) => unreachable!("tuples are rejected or read by their reduction"),
        })
    }

    /// What shapes the value of AST node `id`, whatever folding did to its values: the variables it names
    /// outside the reductions it contains, and those reductions (the outermost ones), whose results have
    /// shapes of their own.
    fn shapers(&self, id: syntax::NodeId) -> Vec<Shaper> {
        let mut found = Vec::new();
        let mut i = id as isize;
        while i >= self.starts[id] as isize {
            let node = &self.ast.nodes[i as usize];
            if let Some(&k) = self.reduced.get(&(i as usize)) {
                found.push(Shaper::Reduction(k));
                i = self.starts[i as usize] as isize - 1;
                continue;
            }
            if let Some(&k) = self.subscripts.get(&(i as usize)) {
                // The view, not the variable it indexes.
                found.push(Shaper::Var(k));
                i = self.starts[i as usize] as isize - 1;
                continue;
            }
            if let NodeKind::Name(n) = &node.kind {
                if let Some(k) = self.b.input_index(n) {
                    found.push(Shaper::Var(k));
                }
            }
            i -= 1;
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// A reduction call: its literal arguments read from the tree, its operand cast as the reduction
    /// needs, and `var`/`std` written as means. Returns the value and the reduction whose result has the
    /// call's shape.
    fn reduction(
        &mut self,
        r: funcs::Reduction,
        name: &str,
        args: &[syntax::NodeId],
        kwargs: &[syntax::Kwarg],
        span: Span,
        vals: &[Val],
    ) -> Result<(Val, usize)> {
        use funcs::Reduction as R;
        let kw = |k: &str| kwargs.iter().find(|a| a.name == k);
        let axis_node = match (args.get(1), kw("axis")) {
            (Some(_), Some(k)) => {
                let message = format!("`{name}` got `axis` both by position and by keyword");
                return Err(type_error(message, k.span));
            }
            (Some(&a), None) => Some(a),
            (None, k) => k.map(|k| k.value),
        };
        let axes = match axis_node {
            None => None,
            Some(n) => self.axes(n)?,
        };
        let axis_span = axis_node.map_or(span, |n| self.ast.nodes[n].span);
        if matches!(r, R::ArgMin | R::ArgMax) && axes.as_ref().is_some_and(|a| a.len() != 1) {
            return Err(type_error(format!("`{name}` takes one axis or None, not a tuple"), axis_span));
        }
        let keepdims = match kw("keepdims") {
            None => false,
            Some(k) => match self.ast.nodes[k.value].kind {
                NodeKind::Bool(b) => b,
                _ => return Err(type_error("`keepdims` must be True or False", self.ast.nodes[k.value].span)),
            },
        };
        let ddof = match kw("ddof") {
            None => 0,
            Some(k) => self
                .literal_int(k.value)
                .ok_or_else(|| type_error("`ddof` must be an integer literal", self.ast.nodes[k.value].span))?,
        };
        let shapers = self.shapers(args[0]);
        if let v @ (Val::Complex(..) | Val::ComplexLit(..)) = vals[args[0]] {
            let (re, im) = self.parts(v, self.complex_dtype(v).complex_part().expect("complex"), span)?;
            let spec = |op: ReduceOp, keepdims: bool| Reduce {
                op,
                axes: axes.clone(),
                tuple: axis_node.is_some_and(|n| matches!(self.ast.nodes[n].kind, NodeKind::Tuple(_))),
                keepdims,
                func: name.to_owned(),
                span,
                axis_span,
            };
            return self.complex_reduction(r, name, (re, im), &spec, keepdims, ddof, &shapers, span);
        }
        let x = self.strong(vals[args[0]], self.ast.nodes[args[0]].span)?;
        let t = self.b.dtype(x);
        // float16 reduces in float32, as NumPy's float16 loops accumulate in float, and the result is
        // rounded back to float16 (below). `var` and `std` keep their intermediates in float32 too, where
        // NumPy rounds each to float16 (README).
        let is_half = t == DType::F16;
        let x = if is_half { self.b.cast(x, DType::F32) } else { x };
        let t = self.b.dtype(x);
        let float = if t.is_float() { t } else { DType::F64 };
        // NumPy's accumulator: signed integers and bool sum in int64, unsigned ones in uint64.
        let wide = if t.is_float() {
            t
        } else if t.is_unsigned() {
            DType::U64
        } else {
            DType::I64
        };
        let tuple = axis_node.is_some_and(|n| matches!(self.ast.nodes[n].kind, NodeKind::Tuple(_)));
        let spec = |op: ReduceOp, keepdims: bool| Reduce {
            op,
            axes: axes.clone(),
            tuple,
            keepdims,
            func: name.to_owned(),
            span,
            axis_span,
        };
        // The reduction built last is the one whose result has the call's shape.
        let mut last = None;
        let mut reduce = |b: &mut Builder, op: ReduceOp, arg: NodeId, keepdims: bool| {
            let dtype = op.result(b.dtype(arg));
            let id = b.reduce(spec(op, keepdims), arg, shapers.clone(), dtype);
            last = b.reduction_index(id);
            id
        };
        let b = &mut self.b;
        let id = match r {
            // Integers are summed as they are, widened element by element (`ReduceOp::result`); bools and
            // products are cast first.
            R::Sum if t.is_int() => reduce(b, ReduceOp::Sum, x, keepdims),
            R::Sum | R::Prod => {
                let op = if r == R::Sum { ReduceOp::Sum } else { ReduceOp::Prod };
                let arg = b.cast(x, wide);
                reduce(b, op, arg, keepdims)
            }
            // On bools `min` and `max` compute `all` and `any`, but have no identity (exec); their
            // arg-versions index bools as integers.
            R::Min => reduce(b, ReduceOp::Min, x, keepdims),
            R::Max => reduce(b, ReduceOp::Max, x, keepdims),
            R::ArgMin | R::ArgMax => {
                let op = if r == R::ArgMin { ReduceOp::ArgMin } else { ReduceOp::ArgMax };
                let arg = if t == DType::Bool { b.cast(x, DType::I32) } else { x };
                reduce(b, op, arg, keepdims)
            }
            R::Mean => {
                let arg = b.cast(x, float);
                reduce(b, ReduceOp::Mean { ddof: 0 }, arg, keepdims)
            }
            R::Var | R::Std => {
                // NumPy's `_var`: the mean (kept as an axis of length one), the squared deviations, their
                // sum divided by `max(n - ddof, 0)`.
                let xf = b.cast(x, float);
                let mean = reduce(b, ReduceOp::Mean { ddof: 0 }, xf, true);
                let dev = b.binary(BinOp::Sub, xf, mean);
                let sq = b.binary(BinOp::Mul, dev, dev);
                let var = reduce(b, ReduceOp::Mean { ddof }, sq, keepdims);
                if r == R::Std {
                    b.unary(UnOp::Sqrt, var)
                } else {
                    var
                }
            }
            R::Any | R::All => {
                let arg = b.cast(x, DType::Bool);
                reduce(b, if r == R::Any { ReduceOp::Any } else { ReduceOp::All }, arg, keepdims)
            }
            R::CountNonzero => {
                let nz = b.cast(x, DType::Bool);
                let arg = b.cast(nz, DType::I64);
                reduce(b, ReduceOp::Sum, arg, keepdims)
            }
        };
        let id = if is_half && b.dtype(id) == DType::F32 { b.cast(id, DType::F16) } else { id };
        Ok((Val::Node(id), last.expect("a reduction call builds a reduction")))
    }

    /// A matrix product of AST nodes `ia` and `ib` (`@`, `matmul`, `dot`), written at `span`: both operands
    /// in their common dtype (NumPy's promotion), the product a stage of its own. Returns the value and
    /// the stage.
    fn matmul(
        &mut self,
        dot: bool,
        func: &str,
        (ia, ib): (syntax::NodeId, syntax::NodeId),
        vals: &[Val],
        span: Span,
    ) -> Result<(Val, usize)> {
        let (sa, sb) = (self.ast.nodes[ia].span, self.ast.nodes[ib].span);
        let (a, b) = (vals[ia], vals[ib]);
        for (v, s) in [(a, sa), (b, sb)] {
            if let Val::Bytes(_) = v {
                return Err(bytes::not_allowed(s));
            }
        }
        // Two Python numbers take their default dtypes (a product of scalars is an error anyway, but for
        // `dot`, which multiplies them).
        let t = self.common_or_default(a, b);
        let spec = MatMul { dot, func: func.to_owned(), span };
        if let Some(part) = t.complex_part() {
            // Complex operands: each its two parts, the product one stage of complex numbers.
            let x = self.parts(a, part, sa)?;
            let y = self.parts(b, part, sb)?;
            let (re, im) = self.b.matmul_pair(spec, (x, self.shapers(ia)), (y, self.shapers(ib)));
            let k = self.b.reduction_index(re).expect("a product is a stage");
            return Ok((Val::Complex(re, im), k));
        }
        // float16 as NumPy computes it: each element's products summed in float32, then rounded once.
        let wide = if t == DType::F16 { DType::F32 } else { t };
        let x = self.typed(a, t, sa)?;
        let y = self.typed(b, t, sb)?;
        let (x, y) = (self.b.cast(x, wide), self.b.cast(y, wide));
        let node = self.b.matmul(spec, (x, self.shapers(ia)), (y, self.shapers(ib)));
        let k = self.b.reduction_index(node).expect("a product is a stage");
        Ok((Val::Node(self.b.cast(node, t)), k))
    }

    /// A subscript's items, read from the tree: integer literals (with a sign), `...` at most once, `None`;
    /// a step of zero is an error, as in NumPy.
    fn slice(&self, items: &[syntax::Index], span: Span) -> Result<Slice> {
        let int = |n: syntax::NodeId| {
            self.literal_int(n).ok_or_else(|| {
                let message = "an index must be an integer literal, as in `a[1:-1]` (arrays do not index here)";
                type_error(message, self.ast.nodes[n].span)
            })
        };
        let opt = |n: Option<syntax::NodeId>| n.map(int).transpose();
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(match item.kind {
                IndexKind::At(n) => SliceItem::At(int(n)?),
                IndexKind::Slice(a, b, c) => {
                    let step = opt(c)?;
                    if step == Some(0) {
                        let message = "slice step cannot be zero".to_owned();
                        return Err(Error::new(ErrorKind::Value { message }, item.span));
                    }
                    SliceItem::Range(opt(a)?, opt(b)?, step)
                }
                IndexKind::Ellipsis if out.contains(&SliceItem::Ellipsis) => {
                    return Err(type_error("an index can only have a single ellipsis (`...`)", item.span));
                }
                IndexKind::Ellipsis => SliceItem::Ellipsis,
                IndexKind::NewAxis => SliceItem::NewAxis,
            });
        }
        Ok(Slice { items: out, span })
    }

    /// An `axis` argument: `None`, an integer or a tuple of integers.
    fn axes(&self, id: syntax::NodeId) -> Result<Option<Vec<i64>>> {
        let bad = |id: syntax::NodeId| {
            type_error("`axis` must be an integer, a tuple of integers or None", self.ast.nodes[id].span)
        };
        match &self.ast.nodes[id].kind {
            NodeKind::Name(n) if n == "None" => Ok(None),
            NodeKind::Tuple(items) => {
                items.iter().map(|&i| self.literal_int(i).ok_or_else(|| bad(i))).collect::<Result<_>>().map(Some)
            }
            _ => Ok(Some(vec![self.literal_int(id).ok_or_else(|| bad(id))?])),
        }
    }

    /// An integer literal, with an optional sign.
    fn literal_int(&self, id: syntax::NodeId) -> Option<i64> {
        match &self.ast.nodes[id].kind {
            NodeKind::Int(v) => i64::try_from(*v).ok(),
            NodeKind::Unary(UnaryOp::Neg, a) => self.literal_int(*a).and_then(i64::checked_neg),
            NodeKind::Unary(UnaryOp::Pos, a) => self.literal_int(*a),
            _ => None,
        }
    }

    /// Variable `name` (or its view `slice`), or a constant.
    fn name(&mut self, name: &str, span: Span, slice: Option<Slice>) -> Result<Val> {
        if let Some(&(_, dtype)) = self.vars.iter().find(|(n, _)| *n == name) {
            if dtype.is_bytes() {
                return Ok(Val::Bytes(self.b.bytes_input(name, dtype, slice)));
            }
            if let Some(part) = dtype.complex_part() {
                // A complex variable is read as two float inputs, its parts.
                let re = self.b.input_sliced(name, part, Some(Part::Re), slice.clone());
                let im = self.b.input_sliced(name, part, Some(Part::Im), slice);
                return Ok(Val::Complex(re, im));
            }
            return Ok(Val::Node(self.b.input_sliced(name, dtype, None, slice)));
        }
        if let Some(&(_, v)) = funcs::CONSTANTS.iter().find(|(n, _)| *n == name) {
            if slice.is_some() {
                return Err(type_error(format!("`{name}` is a constant, not an array: it cannot be indexed"), span));
            }
            return Ok(Val::Float(v));
        }
        let candidates = self.vars.iter().map(|(n, _)| *n).chain(funcs::CONSTANTS.iter().map(|c| c.0));
        let suggestion = did_you_mean(name, candidates);
        let kind = if funcs::lookup(name).is_some() {
            ErrorKind::Type { message: format!("`{name}` is a function: call it, as in `{name}(x)`") }
        } else {
            ErrorKind::UnknownVariable { name: name.to_owned(), suggestion }
        };
        Err(Error::new(kind, span))
    }

    fn dtype_of(&self, v: Val) -> Option<DType> {
        match v {
            Val::Node(id) => Some(self.b.dtype(id)),
            Val::Complex(re, _) => Some(self.b.dtype(re).complex_of()),
            _ => None,
        }
    }

    /// Gives a literal the dtype `t` (checking that it fits, as NumPy does); nodes are cast.
    fn typed(&mut self, v: Val, t: DType, span: Span) -> Result<NodeId> {
        let c = match v {
            Val::Node(id) => return Ok(self.b.cast(id, t)),
            Val::Int(i) => {
                let fits = match t {
                    DType::Bool => i64::try_from(i).is_ok(),
                    t => t.int_range().is_none_or(|(lo, hi)| (lo..=hi).contains(&i)),
                };
                if !fits {
                    let message = format!("Python integer {i} out of bounds for {t}");
                    return Err(Error::new(ErrorKind::Literal { message }, span));
                }
                match t {
                    // NumPy converts a Python integer to float64 first, then to float32 or float16 (two
                    // roundings).
                    DType::F16 => Scalar::F16(crate::dtype::f16_from_f64(i as f64)),
                    DType::F32 => Scalar::F32(i as f64 as f32),
                    DType::F64 => Scalar::F64(i as f64),
                    t => Scalar::wrapping(t, i),
                }
            }
            Val::Float(f) => crate::ops::cast(Scalar::F64(f), t),
            Val::Complex(..) | Val::ComplexLit(..) => return Err(complex_not_allowed(span)),
            Val::Bytes(_) => return Err(bytes::not_allowed(span)),
        };
        Ok(self.b.constant_node(c))
    }

    /// A literal left weak takes NumPy's default dtype.
    fn strong(&mut self, v: Val, span: Span) -> Result<NodeId> {
        match v {
            Val::Node(id) => Ok(id),
            Val::Int(_) => self.typed(v, default_dtype(WeakKind::Int), span),
            Val::Float(_) => self.typed(v, default_dtype(WeakKind::Float), span),
            Val::Complex(..) | Val::ComplexLit(..) => Err(complex_not_allowed(span)),
            Val::Bytes(_) => Err(bytes::not_allowed(span)),
        }
    }

    /// The dtype two operands are computed in, under NEP 50.
    fn common(&self, a: Val, b: Val) -> DType {
        let weak = |v: Val| match v {
            Val::Int(_) => WeakKind::Int,
            Val::ComplexLit(..) => WeakKind::Complex,
            _ => WeakKind::Float,
        };
        match (self.dtype_of(a), self.dtype_of(b)) {
            (Some(x), Some(y)) => promote(x, y),
            (Some(x), None) => promote_weak(weak(b), x),
            (None, Some(y)) => promote_weak(weak(a), y),
            (None, None) => unreachable!("two literals are folded as Python does"),
        }
    }

    /// A comparison of uint64 with a signed integer, exact as NumPy 2 computes it (promotion would give
    /// float64, which rounds): where the signed one is negative the answer is that of any negative number
    /// against any unsigned one, elsewhere that of the two compared as uint64.
    fn mixed_u64_comparison(&mut self, op: BinaryOp, a: Val, b: Val, x: DType, y: DType) -> Option<Val> {
        let (Val::Node(l), Val::Node(r)) = (a, b) else { return None };
        let unsigned_left = match (x, y) {
            (DType::U64, s) if s.is_signed() => true,
            (s, DType::U64) if s.is_signed() => false,
            _ => return None,
        };
        let ir_op = comparison(op)?;
        let signed = if unsigned_left { r } else { l };
        let signed = self.b.cast(signed, DType::I64);
        let zero = self.b.constant_node(Scalar::I64(0));
        let negative = self.b.binary(BinOp::Lt, signed, zero);
        let as_unsigned = self.b.cast(signed, DType::U64);
        let cmp =
            if unsigned_left { self.b.binary(ir_op, l, as_unsigned) } else { self.b.binary(ir_op, as_unsigned, r) };
        // The unsigned side as 0 and the negative one as -1 order both alike.
        let (p, q) = if unsigned_left { (0.0, -1.0) } else { (-1.0, 0.0) };
        let when_negative = self.b.constant_node(Scalar::Bool(compare(op, p, q)));
        Some(Val::Node(self.b.where_(negative, when_negative, cmp)))
    }

    fn unary(&mut self, op: UnaryOp, (a, sa): (Val, Span), span: Span) -> Result<Val> {
        if let Val::Bytes(_) = a {
            return Err(bytes::not_allowed(sa));
        }
        if let Some(v) = self.complex_unary(op, a, span)? {
            return Ok(v);
        }
        match (op, a) {
            (UnaryOp::Pos, Val::Node(id)) if self.b.dtype(id) == DType::Bool => {
                return Err(type_error("`+` is not defined for bool", span))
            }
            (UnaryOp::Pos, _) => return Ok(a),
            (UnaryOp::Neg, Val::Int(i)) => {
                return i.checked_neg().map(Val::Int).ok_or_else(|| {
                    let message = "the literal result of `-` does not fit in 128 bits".to_owned();
                    Error::new(ErrorKind::Literal { message }, span)
                })
            }
            (UnaryOp::Neg, Val::Float(f)) => return Ok(Val::Float(-f)),
            (UnaryOp::Invert, Val::Int(i)) => return Ok(Val::Int(!i)),
            (UnaryOp::Invert | UnaryOp::Not, Val::Float(_)) | (UnaryOp::Not, Val::Int(_)) => {
                return Err(type_error(format!("`{}` is not defined for a number", op.symbol().trim()), span))
            }
            _ => {}
        }
        let id = self.strong(a, sa)?;
        let t = self.b.dtype(id);
        let ir_op = match (op, t) {
            (UnaryOp::Neg, DType::Bool) => {
                return Err(type_error("`-` is not defined for bool: use `~` or `not` to negate a condition", span))
            }
            (UnaryOp::Neg, _) => UnOp::Neg,
            (UnaryOp::Invert, t) if t.is_float() => {
                return Err(type_error(format!("`~` is not defined for {t}: it needs bool or integers"), span))
            }
            (UnaryOp::Not, t) if t != DType::Bool => {
                return Err(type_error(format!("`not` needs a bool operand, not {t}: use `~` on integers"), span))
            }
            _ => UnOp::Not,
        };
        Ok(Val::Node(self.b.unary(ir_op, id)))
    }

    fn binary(&mut self, op: BinaryOp, (a, sa): (Val, Span), (b, sb): (Val, Span), span: Span) -> Result<Val> {
        if let Some(v) = self.bytes_binary(op, (a, sa), (b, sb))? {
            return Ok(v);
        }
        if self.dtype_of(a).is_none() && self.dtype_of(b).is_none() {
            return match literal_binary(op, a, b, span)? {
                Literal::Val(v) => Ok(v),
                Literal::Bool(v) => Ok(Val::Node(self.b.constant_node(Scalar::Bool(v)))),
            };
        }
        let t = self.common(a, b);
        if t.is_complex() {
            return self.complex_binary(op, (a, sa), (b, sb), t, span);
        }
        let array_dtype = self.dtype_of(a).or(self.dtype_of(b)).expect("an operand that is not a literal");
        if let Some(v) = out_of_range_comparison(op, a, b, array_dtype) {
            // NumPy 2 compares an integer array with any Python integer exactly (NEP 50's exception for
            // comparisons): beyond the dtype's range the answer is the same for every element. The
            // operands' shapes still apply (`shapers`).
            return Ok(Val::Node(self.b.constant_node(Scalar::Bool(v))));
        }
        if let (Some(x), Some(y)) = (self.dtype_of(a), self.dtype_of(b)) {
            if let Some(v) = self.mixed_u64_comparison(op, a, b, x, y) {
                return Ok(v);
            }
        }
        let bad = |what: &str| Err(type_error(format!("`{}` is not defined for {what}", op.symbol()), span));
        // The dtype the operation computes in (bool promoted where NumPy would use int8), and its IR op.
        let (t, ir_op) = match op {
            BinaryOp::Add if t == DType::Bool => (t, BinOp::Or),
            BinaryOp::Mul if t == DType::Bool => (t, BinOp::And),
            BinaryOp::Sub if t == DType::Bool => {
                return Err(type_error("`-` is not defined for bool: use `^` for exclusive or", span))
            }
            BinaryOp::Add => (t, BinOp::Add),
            BinaryOp::Sub => (t, BinOp::Sub),
            BinaryOp::Mul => (t, BinOp::Mul),
            BinaryOp::Div => (if t.is_float() { t } else { DType::F64 }, BinOp::Div),
            BinaryOp::FloorDiv => (int_for_bool(t), BinOp::FloorDiv),
            BinaryOp::Mod => (int_for_bool(t), BinOp::Mod),
            BinaryOp::MatMul => unreachable!("matrix products are checked by `matmul`"),
            BinaryOp::Pow => {
                let t = int_for_bool(t);
                if t.is_int() {
                    let negative = match b {
                        Val::Int(e) => e < 0,
                        Val::Node(id) => self.b.constant(id).is_some_and(|c| c.as_f64() < 0.0),
                        Val::Float(_) | Val::Complex(..) | Val::ComplexLit(..) | Val::Bytes(_) => false,
                    };
                    {
                        if negative {
                            let message = "integers to negative integer powers are not allowed: \
                                           write a float exponent, as in `x ** -1.0`";
                            return Err(Error::new(ErrorKind::Value { message: message.to_owned() }, sb));
                        }
                    }
                }
                (t, BinOp::Pow)
            }
            BinaryOp::BitAnd | BinaryOp::BitOr | BinaryOp::BitXor if t.is_float() => {
                return bad(&format!("{t}: it needs bool or integers"))
            }
            BinaryOp::BitAnd => (t, BinOp::And),
            BinaryOp::BitOr => (t, BinOp::Or),
            BinaryOp::BitXor => (t, BinOp::Xor),
            BinaryOp::And | BinaryOp::Or if t != DType::Bool => {
                let sym = if op == BinaryOp::And { "&" } else { "|" };
                return Err(type_error(
                    format!("`{}` needs bool operands, not {t}: use `{sym}` on integers", op.symbol()),
                    span,
                ));
            }
            BinaryOp::And => (t, BinOp::And),
            BinaryOp::Or => (t, BinOp::Or),
            BinaryOp::Shl | BinaryOp::Shr if t.is_float() => return bad(&format!("{t}: shifts need integers")),
            BinaryOp::Shl => (int_for_bool(t), BinOp::Shl),
            BinaryOp::Shr => (int_for_bool(t), BinOp::Shr),
            BinaryOp::Lt => (t, BinOp::Lt),
            BinaryOp::Le => (t, BinOp::Le),
            BinaryOp::Eq => (t, BinOp::Eq),
            BinaryOp::Ne => (t, BinOp::Ne),
            BinaryOp::Ge => (t, BinOp::Ge),
            BinaryOp::Gt => (t, BinOp::Gt),
        };
        let x = self.typed(a, t, sa)?;
        let y = self.typed(b, t, sb)?;
        Ok(Val::Node(self.b.binary(ir_op, x, y)))
    }

    /// `round(x, decimals)` as NumPy computes it: for floats rint(x * 10^d) / 10^d (or rint(x / 10^-d) *
    /// 10^-d for negative d) in x's dtype; integers unchanged for d >= 0, else through float64 and back.
    fn round_decimals(&mut self, (a, sa): (Val, Span), (d, sd): (Val, Span), span: Span) -> Result<Val> {
        let Val::Int(d) = d else {
            return Err(type_error("`decimals` must be an integer literal, such as 2 or -1", sd));
        };
        if d.unsigned_abs() > 400 {
            return Err(type_error(format!("`decimals` = {d} is out of range (at most 400 either way)"), sd));
        }
        if let v @ (Val::Complex(..) | Val::ComplexLit(..)) = a {
            // NumPy rounds each part.
            let (re, im) = self.parts(v, self.complex_dtype(v).complex_part().expect("complex"), sa)?;
            let re = self.round_decimals((Val::Node(re), sa), (Val::Int(d), sd), span)?;
            let im = self.round_decimals((Val::Node(im), sa), (Val::Int(d), sd), span)?;
            return match (re, im) {
                (Val::Node(re), Val::Node(im)) => Ok(Val::Complex(re, im)),
                _ => unreachable!("rounding a node gives a node"),
            };
        }
        let x = self.strong(a, sa)?;
        let t = self.b.dtype(x);
        if t == DType::Bool {
            // As NumPy: float16 zeros and ones for 0 places; otherwise its float64 product cannot be cast
            // back to bool.
            if d == 0 {
                return Ok(Val::Node(self.b.cast(x, DType::F16)));
            }
            return Err(type_error("`round` of a bool takes no `decimals` but 0 (as NumPy)", span));
        }
        if !t.is_float() && d >= 0 {
            return Ok(Val::Node(x));
        }
        // NumPy's power_of_ten: a table to 10^8, then repeated multiplication.
        let n = d.unsigned_abs() as u32;
        let f = if n < 9 { 10f64.powi(n as i32) } else { (9..n).fold(1e9, |p, _| p * 10.0) };
        let work = if t.is_float() { t } else { DType::F64 };
        let x = self.b.cast(x, work);
        let f = self.b.constant_node(crate::ops::cast(Scalar::F64(f), work));
        let (first, then) = if d >= 0 { (BinOp::Mul, BinOp::Div) } else { (BinOp::Div, BinOp::Mul) };
        let y = self.b.binary(first, x, f);
        let y = self.b.unary(UnOp::Round, y);
        let y = self.b.binary(then, y, f);
        Ok(Val::Node(self.b.cast(y, t)))
    }

    fn call(&mut self, kind: FuncKind, name: &str, args: &[(Val, Span)], span: Span) -> Result<Val> {
        if let Some(v) = self.bytes_call(kind, name, args)? {
            return Ok(v);
        }
        if let Some(v) = self.complex_call(kind, name, args, span)? {
            return Ok(v);
        }
        let (a, sa) = args[0];
        match kind {
            FuncKind::Identity => Ok(Val::Node(self.strong(a, sa)?)),
            FuncKind::Conj => {
                let x = self.strong(a, sa)?;
                Ok(Val::Node(self.b.cast(x, int_for_bool(self.b.dtype(x)))))
            }
            FuncKind::OnesLike => {
                // The operand still shapes the result (`shapers`).
                let x = self.strong(a, sa)?;
                let one = crate::ops::cast(Scalar::I64(1), self.b.dtype(x));
                Ok(Val::Node(self.b.constant_node(one)))
            }
            // A Python integer must fit the dtype, as `numpy.uint8(300)` says; arrays and floats convert.
            FuncKind::Cast(t) if matches!(a, Val::Int(_)) => Ok(Val::Node(self.typed(a, t, sa)?)),
            FuncKind::Cast(t) => {
                let x = self.strong(a, sa)?;
                Ok(Val::Node(self.b.cast(x, t)))
            }
            FuncKind::FloatUnary(op) => {
                let x = self.strong(a, sa)?;
                let x = self.b.cast(x, float_of(self.b.dtype(x)));
                Ok(Val::Node(self.b.unary(op, x)))
            }
            FuncKind::RoundingUnary(op) => {
                let x = self.strong(a, sa)?;
                match self.b.dtype(x) {
                    t if t.is_float() => Ok(Val::Node(self.b.unary(op, x))),
                    // NumPy rounds bools as float16: 0.0 and 1.0.
                    DType::Bool if op == UnOp::Round => Ok(Val::Node(self.b.cast(x, DType::F16))),
                    _ => Ok(Val::Node(x)),
                }
            }
            FuncKind::NumericUnary(op) => {
                let x = self.strong(a, sa)?;
                match (op, self.b.dtype(x)) {
                    (UnOp::Abs, DType::Bool) => Ok(Val::Node(x)),
                    (_, DType::Bool) => Err(type_error(format!("`{name}` is not defined for bool"), span)),
                    _ => Ok(Val::Node(self.b.unary(op, x))),
                }
            }
            FuncKind::FloatPredicate(op) => {
                let x = self.strong(a, sa)?;
                if self.b.dtype(x).is_float() {
                    return Ok(Val::Node(self.b.unary(op, x)));
                }
                // Integers are never NaN or infinite; the variable still sets the shape (Graph::inputs).
                let v = op == UnOp::IsFinite;
                Ok(Val::Node(self.b.constant_node(Scalar::Bool(v))))
            }
            FuncKind::PromotedBinary(op) | FuncKind::FloatBinary(op) => {
                let (b, sb) = args[1];
                let mut t = self.common_or_default(a, b);
                if matches!(kind, FuncKind::FloatBinary(_)) {
                    // NumPy's loop: the smallest float both operands fit in (int8 with uint16: float32,
                    // though the two promote to int32).
                    t = match (self.dtype_of(a), self.dtype_of(b)) {
                        (Some(x), Some(y)) => promote(float_of(x), float_of(y)),
                        _ => float_of(t),
                    };
                }
                let op = match (op, t) {
                    (BinOp::Min, DType::Bool) => BinOp::And,
                    (BinOp::Max, DType::Bool) => BinOp::Or,
                    _ => op,
                };
                if op == BinOp::Fmod {
                    t = int_for_bool(t);
                }
                let x = self.typed(a, t, sa)?;
                let y = self.typed(b, t, sb)?;
                Ok(Val::Node(self.b.binary(op, x, y)))
            }
            FuncKind::Power => {
                // Literals stay weak beside an array, as in `**`; two literals become arrays first, so
                // `power(2, -1)` is an error where `2 ** -1` is 0.5.
                let (b, sb) = args[1];
                let (x, y) = match (a, b) {
                    (Val::Node(_), _) | (_, Val::Node(_)) => (a, b),
                    _ => (Val::Node(self.strong(a, sa)?), Val::Node(self.strong(b, sb)?)),
                };
                self.binary(BinaryOp::Pow, (x, sa), (y, sb), span)
            }
            FuncKind::Reduce(_) => unreachable!("reductions are checked by `reduction`"),
            FuncKind::MatMul(_) => unreachable!("matrix products are checked by `matmul`"),
            FuncKind::Real | FuncKind::Imag | FuncKind::Complex => unreachable!("checked by `complex_call`"),
            FuncKind::Contains => unreachable!("checked by `bytes_call`"),
            FuncKind::Where => {
                let c = self.strong(a, sa)?;
                let c = self.b.cast(c, DType::Bool);
                let ((x, sx), (y, sy)) = (args[1], args[2]);
                let t = self.common_or_default(x, y);
                let x = self.typed(x, t, sx)?;
                let y = self.typed(y, t, sy)?;
                Ok(Val::Node(self.b.where_(c, x, y)))
            }
        }
    }

    /// Like `common`, but two literals (which NumPy turns into arrays for a function call) take the
    /// default dtypes first.
    fn common_or_default(&self, a: Val, b: Val) -> DType {
        match (a, b) {
            (Val::Node(_) | Val::Complex(..), _) | (_, Val::Node(_) | Val::Complex(..)) => self.common(a, b),
            (Val::Int(_), Val::Int(_)) => DType::I64,
            (Val::ComplexLit(..), _) | (_, Val::ComplexLit(..)) => DType::C128,
            _ => DType::F64,
        }
    }
}

/// The error for a complex value where only real ones are allowed.
fn complex_not_allowed(span: Span) -> Error {
    type_error("a complex number is not allowed here: take its `.real`, `.imag` or `abs`", span)
}

/// The IR's comparison for a comparison operator; `None` for the other operators.
fn comparison(op: BinaryOp) -> Option<BinOp> {
    Some(match op {
        BinaryOp::Lt => BinOp::Lt,
        BinaryOp::Le => BinOp::Le,
        BinaryOp::Eq => BinOp::Eq,
        BinaryOp::Ne => BinOp::Ne,
        BinaryOp::Ge => BinOp::Ge,
        BinaryOp::Gt => BinOp::Gt,
        _ => return None,
    })
}

/// NumPy computes `//`, `%`, `**`, shifts, `fmod` and `conj` of bools in int8.
fn int_for_bool(t: DType) -> DType {
    if t == DType::Bool {
        DType::I8
    } else {
        t
    }
}

/// The value of comparison `op` between an integer array of dtype `t` and a Python integer outside its
/// range, the same for every element; `None` where the comparison is an ordinary one (bool arrays
/// included: NumPy compares them as its default integer, and raises for a literal outside it).
fn out_of_range_comparison(op: BinaryOp, a: Val, b: Val, t: DType) -> Option<bool> {
    if !BinaryOp::is_comparison(op) || !t.is_int() {
        return None;
    }
    let (lo, hi) = t.int_range()?;
    // The array's elements as 0 and the literal as 1 above the range or -1 below it order both alike.
    let side = |v: Val| match v {
        Val::Int(i) if i > hi => Some(1i8),
        Val::Int(i) if i < lo => Some(-1),
        Val::Int(_) => None,
        _ => Some(0),
    };
    match (side(a)?, side(b)?) {
        (0, 0) => None,
        (x, y) => Some(compare(op, x.into(), y.into())),
    }
}

/// The result of an operation between literals: a literal, or a (strong) bool from a comparison.
enum Literal {
    Val(Val),
    Bool(bool),
}

/// An operation between two Python literals, computed as Python computes it. Python's integers have no
/// bound; numjit's literals are exact up to 128 bits, and an error says so only where the true result
/// is beyond that (a literal must still fit the dtype it is finally used in, which `typed` checks).
fn literal_binary(op: BinaryOp, a: Val, b: Val, span: Span) -> Result<Literal> {
    let overflow = || {
        let message = format!("the literal result of `{}` does not fit in 128 bits", op.symbol().trim());
        Error::new(ErrorKind::Literal { message }, span)
    };
    let zero = || Error::new(ErrorKind::Literal { message: "division by zero".into() }, span);
    let check = |v: Option<i128>| v.map(|v| Literal::Val(Val::Int(v))).ok_or_else(overflow);
    if matches!(a, Val::ComplexLit(..)) || matches!(b, Val::ComplexLit(..)) {
        return complex::literal_binary(op, a, b, span);
    }
    match (a, b) {
        (Val::Int(x), Val::Int(y)) => match op {
            BinaryOp::Add => check(x.checked_add(y)),
            BinaryOp::Sub => check(x.checked_sub(y)),
            BinaryOp::Mul => check(x.checked_mul(y)),
            BinaryOp::Div if y == 0 => Err(zero()),
            BinaryOp::Div => Ok(Literal::Val(Val::Float(x as f64 / y as f64))),
            BinaryOp::FloorDiv | BinaryOp::Mod if y == 0 => Err(zero()),
            BinaryOp::FloorDiv => {
                let floor = x.checked_rem(y).unwrap_or(0) != 0 && ((x < 0) != (y < 0));
                check(x.checked_div(y).map(|q| q - i128::from(floor)))
            }
            BinaryOp::Mod => {
                let r = x.checked_rem(y).unwrap_or(0); // only i128::MIN % -1, which is 0
                check(Some(if r != 0 && ((r < 0) != (y < 0)) { r + y } else { r }))
            }
            BinaryOp::Pow if y < 0 && x == 0 => Err(zero()),
            BinaryOp::Pow if y < 0 => Ok(Literal::Val(Val::Float((x as f64).powf(y as f64)))),
            // 0, 1 and -1 to any power fit; other bases overflow long before 2^32.
            BinaryOp::Pow => match x {
                0 => check(Some(i128::from(y == 0))),
                1 => check(Some(1)),
                -1 => check(Some(if y % 2 == 0 { 1 } else { -1 })),
                _ => check(u32::try_from(y).ok().and_then(|e| x.checked_pow(e))),
            },
            BinaryOp::BitAnd => check(Some(x & y)),
            BinaryOp::BitOr => check(Some(x | y)),
            BinaryOp::BitXor => check(Some(x ^ y)),
            BinaryOp::Shl | BinaryOp::Shr if y < 0 => {
                Err(Error::new(ErrorKind::Literal { message: "negative shift count".into() }, span))
            }
            BinaryOp::Shl if x == 0 => check(Some(0)),
            BinaryOp::Shl => check(u32::try_from(y).ok().filter(|s| *s < 127).and_then(|s| x.checked_mul(1i128 << s))),
            BinaryOp::Shr => check(Some(x >> y.min(127))),
            BinaryOp::And | BinaryOp::Or => {
                Err(type_error(format!("`{}` needs bool operands, not numbers", op.symbol()), span))
            }
            cmp => Ok(Literal::Bool(compare_ordering(cmp, Some(x.cmp(&y))))),
        },
        (Val::Int(x), Val::Float(y)) if BinaryOp::is_comparison(op) => {
            Ok(Literal::Bool(compare_ordering(op, int_float_cmp(x, y))))
        }
        (Val::Float(x), Val::Int(y)) if BinaryOp::is_comparison(op) => {
            Ok(Literal::Bool(compare_ordering(op, int_float_cmp(y, x).map(std::cmp::Ordering::reverse))))
        }
        (Val::Int(_) | Val::Float(_), Val::Int(_) | Val::Float(_)) => {
            let f = |v: Val| match v {
                Val::Int(i) => i as f64,
                Val::Float(f) => f,
                _ => unreachable!("two real literals"),
            };
            let (x, y) = (f(a), f(b));
            let v = match op {
                BinaryOp::Add => x + y,
                BinaryOp::Sub => x - y,
                BinaryOp::Mul => x * y,
                BinaryOp::Div | BinaryOp::FloorDiv | BinaryOp::Mod if y == 0.0 => return Err(zero()),
                BinaryOp::Div => x / y,
                BinaryOp::FloorDiv => crate::ops::divmod_f64(x, y).0,
                BinaryOp::Mod => crate::ops::divmod_f64(x, y).1,
                BinaryOp::Pow if x == 0.0 && y < 0.0 => return Err(zero()),
                BinaryOp::Pow if x < 0.0 && x.is_finite() && y.is_finite() && y != y.trunc() => {
                    let message = "a negative number to a fractional power is a complex number in Python, \
                                   which numjit does not have"
                        .to_owned();
                    return Err(Error::new(ErrorKind::Literal { message }, span));
                }
                // Python raises where finite numbers overflow (`10.0 ** 400`), as for no other operator.
                BinaryOp::Pow if x.is_finite() && y.is_finite() && x.powf(y).is_infinite() => {
                    let message = "the literal result of `**` is too large for a float".to_owned();
                    return Err(Error::new(ErrorKind::Literal { message }, span));
                }
                BinaryOp::Pow => x.powf(y),
                cmp if BinaryOp::is_comparison(cmp) => return Ok(Literal::Bool(compare(cmp, x, y))),
                _ => return Err(type_error(format!("`{}` is not defined for float numbers", op.symbol()), span)),
            };
            Ok(Literal::Val(Val::Float(v)))
        }
        _ => unreachable!("called for two literals"),
    }
}

/// How a Python integer compares with a float: exactly, as Python compares them (`2**53 + 1 > 2.0**53`);
/// `None` against NaN.
fn int_float_cmp(x: i128, y: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    if y.is_nan() {
        return None;
    }
    let floor = y.floor();
    // Every i128 lies in [-2^127, 2^127).
    if floor < -(2f64.powi(127)) {
        return Some(Ordering::Greater);
    }
    if floor >= 2f64.powi(127) {
        return Some(Ordering::Less);
    }
    Some(match x.cmp(&(floor as i128)) {
        Ordering::Equal if y > floor => Ordering::Less,
        other => other,
    })
}

/// A comparison's value from how its operands order (`None`: unordered, as against NaN).
fn compare_ordering(op: BinaryOp, ord: Option<std::cmp::Ordering>) -> bool {
    match ord {
        None => op == BinaryOp::Ne,
        Some(o) => compare(op, o as i8 as f64, 0.0),
    }
}

fn compare(op: BinaryOp, x: f64, y: f64) -> bool {
    match op {
        BinaryOp::Lt => x < y,
        BinaryOp::Le => x <= y,
        BinaryOp::Eq => x == y,
        BinaryOp::Ne => x != y,
        BinaryOp::Ge => x >= y,
        BinaryOp::Gt => x > y,
        _ => unreachable!(),
    }
}
