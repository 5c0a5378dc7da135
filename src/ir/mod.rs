//! The IR: a typed expression DAG with common subexpressions shared.
//!
//! Every node has one dtype, and the operands of an operation already have the dtypes it needs (the type
//! checker inserted the casts), so the back ends never promote. Nodes are stored children first:
//! `Graph::nodes` in order is a valid evaluation order. The builder hash-conses nodes (equal nodes are
//! built once), folds operations on constants with `ops`, and strength-reduces powers with constant
//! exponents where the result is bit-identical. The IR knows nothing of Cranelift or of arrays.
//!
//! An expression with reductions is a `Program`: one elementwise graph per reduction's argument (its
//! `Stage`s, inner ones first) and the main graph. A graph reads the result of an earlier stage as an
//! input (`Input::stage`), broadcast like any variable; the type checker builds all of them at once in one
//! builder (`Op::Reduce` marks a reduction there) and `Builder::split` cuts them apart.

mod build;
mod print;

pub use build::Builder;

pub use crate::contract::ReduceOp;
use crate::dtype::{DType, Scalar};
use crate::ops::{BinOp, BytesOp, UnOp};
use crate::span::Span;
use crate::vmath::Precision;

/// The index of a node in `Graph::nodes`.
pub type NodeId = usize;

/// One operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// The element of input `i` (an index into `Graph::inputs`).
    Input(usize),
    Const(Scalar),
    /// Conversion of the operand to the node's dtype.
    Cast(NodeId),
    Unary(UnOp, NodeId),
    Binary(BinOp, NodeId, NodeId),
    /// `where(cond, x, y)`: `cond` is bool, `x` and `y` have the node's dtype.
    Where(NodeId, NodeId, NodeId),
    /// `a * b + c` of floats rounded once, a fused multiply-add (NumPy's complex loops compute with it).
    MulAdd(NodeId, NodeId, NodeId),
    /// A comparison or `contains` of two byte strings, inputs `a` and `b` (indices into `Graph::inputs`,
    /// of dtype `DType::Bytes`: byte strings are never node values), giving bool.
    Bytes(BytesOp, usize, usize),
    /// Reduction `k` of the builder (see `Builder::reduce`), or one part of its complex result (see
    /// `Builder::reduce_pair`); only while building: `Builder::split` turns it into an input that reads the
    /// stage's result.
    Reduce(usize, Option<Part>),
}

impl Op {
    /// Whether the operation, giving values of `dtype`, is a vector-math function: a call that the JIT
    /// makes at the CPU's full width (`jit::strips`).
    pub fn calls_math(&self, dtype: DType) -> bool {
        match self {
            Op::Unary(UnOp::Math(_), _) => true,
            Op::Binary(op, ..) => dtype.is_float() && op.float_math().is_some(),
            _ => false,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Node {
    pub op: Op,
    pub dtype: DType,
}

impl Node {
    /// The nodes this one reads.
    pub fn operands(&self) -> impl Iterator<Item = NodeId> {
        let (a, b, c) = match self.op {
            Op::Input(_) | Op::Const(_) | Op::Reduce(..) | Op::Bytes(..) => (None, None, None),
            Op::Cast(a) | Op::Unary(_, a) => (Some(a), None, None),
            Op::Binary(_, a, b) => (Some(a), Some(b), None),
            Op::Where(a, b, c) | Op::MulAdd(a, b, c) => (Some(a), Some(b), Some(c)),
        };
        a.into_iter().chain(b).chain(c)
    }
}

/// Which of `nodes` (children first) `root` depends on, itself included; nodes after `root` are not.
fn live_nodes(nodes: &[Node], root: NodeId) -> Vec<bool> {
    let mut live = vec![false; nodes.len()];
    live[root] = true;
    for i in (0..=root).rev() {
        if live[i] {
            for o in nodes[i].operands() {
                live[o] = true;
            }
        }
    }
    live
}

/// A variable the expression reads, or the result of an earlier stage (then named `#k`, which no variable
/// can be).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Input {
    pub name: String,
    /// The dtype of the values read: a complex variable's part has its parts' float dtype.
    pub dtype: DType,
    /// `Some(k)` where this input is the result of `Program::stages[k]`.
    pub stage: Option<usize>,
    /// Which part of a complex variable this input reads (each part is an input of its own).
    pub part: Option<Part>,
    /// A byte-string literal's bytes: the input is that one string, not a variable (named as Python
    /// writes it, `b'abc'`, which no variable can be).
    pub literal: Option<Vec<u8>>,
    /// Basic indexing of the variable (`a[1:-1]`): the input reads that view of it.
    pub slice: Option<Slice>,
}

/// Basic indexing of a variable as written, `a[1:, ::-1, 0, None, ...]`: what the API layer applies to
/// the variable's array (as NumPy does) before the executor reads it in place.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Slice {
    pub items: Vec<SliceItem>,
    /// The subscript, for errors (an index out of range).
    pub span: Span,
}

/// One item of a `Slice`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SliceItem {
    /// A position (negative ones from the end); the axis goes away.
    At(i64),
    /// `start:stop:step`, each optional (the step is never 0).
    Range(Option<i64>, Option<i64>, Option<i64>),
    /// `...`
    Ellipsis,
    /// `None`: a new axis of length one.
    NewAxis,
}

/// As written: `[1:-1, ::2, 0]`.
impl std::fmt::Display for Slice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let part = |v: Option<i64>| v.map_or(String::new(), |v| v.to_string());
        let items: Vec<String> = self
            .items
            .iter()
            .map(|i| match *i {
                SliceItem::At(k) => k.to_string(),
                SliceItem::Range(a, b, None) => format!("{}:{}", part(a), part(b)),
                SliceItem::Range(a, b, c) => format!("{}:{}:{}", part(a), part(b), part(c)),
                SliceItem::Ellipsis => "...".to_owned(),
                SliceItem::NewAxis => "None".to_owned(),
            })
            .collect();
        write!(f, "[{}]", items.join(", "))
    }
}

/// The real or the imaginary part of a complex value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    Re,
    Im,
}

impl Part {
    /// `.real` or `.imag`, as the IR prints a part.
    pub fn suffix(self) -> &'static str {
        match self {
            Part::Re => ".real",
            Part::Im => ".imag",
        }
    }
}

impl Input {
    /// The dtype of the variable itself (complex for a part of one).
    pub fn var_dtype(&self) -> DType {
        if self.part.is_some() {
            self.dtype.complex_of()
        } else {
            self.dtype
        }
    }

    /// The name, with its subscript and `.real` or `.imag` for a part: how the IR prints it.
    pub fn label(&self) -> String {
        let slice = self.slice.as_ref().map_or(String::new(), |s| s.to_string());
        format!("{}{slice}{}", self.name, self.part.map_or("", Part::suffix))
    }

    /// Whether two inputs read the same values (spans of subscripts aside).
    pub fn same(&self, other: &Input) -> bool {
        self.name == other.name
            && self.part == other.part
            && self.slice.as_ref().map(|s| &s.items) == other.slice.as_ref().map(|s| &s.items)
    }
}

/// What decides a value's shape besides the nodes it reads: every variable it names and every reduction
/// it contains (outside nested reductions), whether or not folding left their values in use. NumPy
/// broadcasts `isnan(i)` for an integer `i` to the shape of `i`, and `sum(x, 0) ** 0` to the shape of the
/// sum, though neither reads a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Shaper {
    /// Variable `k` of the builder (`Builder::input_index`).
    Var(usize),
    /// Reduction `k` of the builder (`Builder::reduction_index`).
    Reduction(usize),
}

/// One reduction: what, over which axes, and where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reduce {
    pub op: ReduceOp,
    /// The axes as written (negative ones count from the end), or `None` for all of them.
    pub axes: Option<Vec<i64>>,
    /// Whether `axis` was written as a tuple (NumPy accepts a plain 0 or -1 for a 0-d array, not a tuple).
    pub tuple: bool,
    pub keepdims: bool,
    /// The function's name as the user wrote it, for messages.
    pub func: String,
    /// The call, and the `axis` argument where there is one, for messages.
    pub span: Span,
    pub axis_span: Span,
}

/// A matrix product (`a @ b`, `matmul(a, b)`, `dot(a, b)`): which rules, and where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MatMul {
    /// `dot`'s rules (a 0-d operand multiplies; N-d operands give the outer product of their stacks)
    /// rather than `matmul`'s (stacks broadcast).
    pub dot: bool,
    /// How it was written (`@`, `matmul`, `dot`), for messages.
    pub func: String,
    /// Where: the `@` (with the spaces around it), or the call.
    pub span: Span,
}

/// What a stage computes from its graphs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StageOp {
    /// A reduction of the stage's graph.
    Reduce(Reduce),
    /// The matrix product of the stage's graph (the left operand) and this one (the right operand).
    MatMul(MatMul, Graph),
}

/// One stage: a reduction and the elementwise graph of its argument (of complex values where it has two
/// roots: a complex `prod`, which does not split into its parts' reductions), or a matrix product and
/// the graphs of its operands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub op: StageOp,
    /// A reduction's argument, a matrix product's left operand.
    pub arg: Graph,
}

impl Stage {
    /// The result's dtype: complex where the argument's graph computes complex values (two roots).
    pub fn dtype(&self) -> DType {
        match &self.op {
            StageOp::Reduce(r) => r.op.result(self.arg.result_dtype()),
            StageOp::MatMul(..) => self.arg.result_dtype(),
        }
    }

    /// Its graphs, the left operand's (or argument's) first.
    pub fn graphs(&self) -> impl Iterator<Item = &Graph> {
        let right = match &self.op {
            StageOp::MatMul(_, g) => Some(g),
            StageOp::Reduce(_) => None,
        };
        std::iter::once(&self.arg).chain(right)
    }

    /// Where it was written, for errors.
    pub fn span(&self) -> Span {
        match &self.op {
            StageOp::Reduce(r) => r.span,
            StageOp::MatMul(m, _) => m.span,
        }
    }
}

/// A whole expression: its reductions in the order they must run (each may read earlier ones' results),
/// then the elementwise main graph. Complex values exist only as pairs of floats: a complex reduction is
/// two stages, one per part, and a complex result is either one graph with two roots (`imag_root`,
/// computed in one pass, where the graph calls no vector-math function) or two graphs, the main one for
/// the real parts and `imag` for the imaginary ones (two passes, each cut at its math calls for the
/// CPU's full width).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    pub stages: Vec<Stage>,
    /// The result, or its real parts where it is complex.
    pub main: Graph,
    /// The imaginary parts of a complex result.
    pub imag: Option<Graph>,
    /// Every variable the expression names, in order of first mention (a complex one once, with its
    /// complex dtype and no part).
    pub vars: Vec<Input>,
}

impl Program {
    /// The result's dtype.
    pub fn dtype(&self) -> DType {
        match self.imag {
            Some(_) => self.main.dtype().complex_of(),
            None => self.main.result_dtype(),
        }
    }

    /// The graphs in the order they run: the stages' (a matrix product's two), the main one, the imaginary
    /// parts'.
    pub fn graphs(&self) -> impl Iterator<Item = &Graph> {
        self.stages.iter().flat_map(Stage::graphs).chain([&self.main]).chain(self.imag.as_ref())
    }

    /// The index in `graphs` of stage `k`'s first graph; `stages.len()` gives the main graph's.
    pub fn first_graph(&self, k: usize) -> usize {
        self.stages[..k].iter().map(|s| s.graphs().count()).sum()
    }
}

/// A typed expression: nodes children first, the root last among those it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub root: NodeId,
    /// For a complex result computed in one pass, the imaginary parts (`root` then holds the real ones):
    /// the kernel writes each element's two parts side by side.
    pub imag_root: Option<NodeId>,
    /// The variables the expression names and the reductions' results it contains (see `Shaper`), each
    /// once. Each one takes part in broadcasting even where folding removed its last use (`isnan(i)` for
    /// an integer `i` is all false, in the shape of `i`).
    pub inputs: Vec<Input>,
    /// What the vector-math functions compute: both back ends read it.
    pub precision: Precision,
}

impl Graph {
    /// The dtype of the root's values (of each part, for a complex result).
    pub fn dtype(&self) -> DType {
        self.nodes[self.root].dtype
    }

    /// The dtype of the elements the graph's kernel writes: complex where it writes both parts.
    pub fn result_dtype(&self) -> DType {
        match self.imag_root {
            Some(_) => self.dtype().complex_of(),
            None => self.dtype(),
        }
    }

    /// Which nodes the root (and the imaginary parts' root) depend on (dead nodes left behind by folding
    /// are not live).
    pub fn live(&self) -> Vec<bool> {
        let mut live = live_nodes(&self.nodes, self.root);
        if let Some(im) = self.imag_root {
            for (l, m) in live.iter_mut().zip(live_nodes(&self.nodes, im)) {
                *l |= m;
            }
        }
        live
    }

    /// Which nodes hold float16 values in float32 (float16 operations compute in float32, `Builder`): a
    /// float16 widened, a float32 constant that float16 holds, a selection between such. Rounding one of
    /// them to float16 changes nothing, so back ends may skip it (`where` over float16 selects in float32).
    pub fn holds_half(&self) -> Vec<bool> {
        let mut holds = vec![false; self.nodes.len()];
        for (id, node) in self.nodes.iter().enumerate() {
            holds[id] = match node.op {
                Op::Cast(a) => node.dtype == DType::F32 && self.nodes[a].dtype == DType::F16,
                Op::Const(Scalar::F32(v)) => half::f16::from_f32(v).to_f32().to_bits() == v.to_bits(),
                Op::Where(_, x, y) => holds[x] && holds[y],
                _ => false,
            };
        }
        holds
    }

    /// Which inputs the live nodes read; the others need not be loaded at all.
    pub fn used_inputs(&self) -> Vec<bool> {
        let mut used = vec![false; self.inputs.len()];
        for (node, live) in self.nodes.iter().zip(self.live()) {
            match (node.op, live) {
                (Op::Input(i), true) => used[i] = true,
                (Op::Bytes(_, a, b), true) => {
                    used[a] = true;
                    used[b] = true;
                }
                _ => {}
            }
        }
        used
    }
}
