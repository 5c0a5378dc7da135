//! Building a graph: hash-consing, constant folding and strength reduction in one place, so that every
//! node enters the graph already simplified.

use std::collections::HashMap;

use super::{Graph, Input, MatMul, Node, NodeId, Op, Part, Program, Reduce, Shaper, Slice, Stage, StageOp};
use crate::dtype::{DType, Scalar};
use crate::ops::{self, BinOp, BytesOp, UnOp};
use crate::vmath::Precision;

/// Builds a `Graph` node by node; children must be built before their parents.
#[derive(Default)]
pub struct Builder {
    nodes: Vec<Node>,
    memo: HashMap<Node, NodeId>,
    inputs: Vec<Input>,
    reductions: Vec<Reduction>,
    /// The vector-math functions' precision, for folding and for the graphs built.
    precision: Precision,
}

/// A reduction (or a matrix product) met while building: its spec, the node of its argument (the left
/// operand), what shapes the argument and the result's dtype.
struct Reduction {
    reduce: Pending,
    arg: NodeId,
    /// The imaginary parts of a complex argument reduced as complex numbers (`reduce_pair`).
    imag: Option<NodeId>,
    shapers: Vec<Shaper>,
    dtype: DType,
}

/// What a stage being built computes.
enum Pending {
    Reduce(Reduce),
    /// A matrix product: its spec, the right operand's node (its real parts' where the product is of
    /// complex numbers, with the imaginary parts' node beside it) and what shapes it.
    MatMul(MatMul, (NodeId, Option<NodeId>), Vec<Shaper>),
}

/// 1 / c where c is a float constant ±2^k whose reciprocal is a normal number of its dtype (so exact).
fn exact_reciprocal(c: Scalar) -> Option<Scalar> {
    let (v, min, max) = match c {
        Scalar::F64(v) => (v, f64::MIN_POSITIVE, f64::MAX),
        Scalar::F32(v) => (v as f64, f32::MIN_POSITIVE as f64, f32::MAX as f64),
        _ => return None,
    };
    let power_of_two = v.is_normal() && v.to_bits() & ((1u64 << 52) - 1) == 0;
    let r = 1.0 / v;
    if !power_of_two || !(min..=max).contains(&r.abs()) {
        return None;
    }
    Some(match c {
        Scalar::F32(_) => Scalar::F32(r as f32),
        _ => Scalar::F64(r),
    })
}

impl Builder {
    #[cfg(test)]
    pub fn new() -> Builder {
        Builder::default()
    }

    /// A builder whose graphs compute the vector-math functions at `precision`.
    pub fn at(precision: Precision) -> Builder {
        Builder { precision, ..Builder::default() }
    }

    pub fn dtype(&self, id: NodeId) -> DType {
        self.nodes[id].dtype
    }

    /// The constant a node holds, if it is one.
    pub fn constant(&self, id: NodeId) -> Option<Scalar> {
        match self.nodes[id].op {
            Op::Const(c) => Some(c),
            _ => None,
        }
    }

    fn add(&mut self, node: Node) -> NodeId {
        if let Some(&id) = self.memo.get(&node) {
            return id;
        }
        self.nodes.push(node);
        let id = self.nodes.len() - 1;
        self.memo.insert(node, id);
        id
    }

    /// The node reading variable `name` of `dtype` (one input per name).
    #[cfg(test)]
    pub fn input(&mut self, name: &str, dtype: DType) -> NodeId {
        self.input_sliced(name, dtype, None, None)
    }

    /// The node reading variable `name`, or its `part` where it is complex (then `dtype` is the parts'), or
    /// the view `slice` of it.
    pub fn input_sliced(&mut self, name: &str, dtype: DType, part: Option<Part>, slice: Option<Slice>) -> NodeId {
        let i = self.mention(Input { name: name.to_owned(), dtype, stage: None, part, literal: None, slice });
        self.add(Node { op: Op::Input(i), dtype })
    }

    /// The input index of byte-string variable `name` (of a `DType::Bytes`), or of its view `slice`, which
    /// no node reads: only `bytes` operations do.
    pub fn bytes_input(&mut self, name: &str, dtype: DType, slice: Option<Slice>) -> usize {
        self.mention(Input { name: name.to_owned(), dtype, stage: None, part: None, literal: None, slice })
    }

    /// The input index of a byte-string literal.
    pub fn bytes_literal(&mut self, v: &[u8]) -> usize {
        let name = crate::syntax::bytes_literal(v);
        let dtype = DType::Bytes(v.len() as u32);
        self.mention(Input { name, dtype, stage: None, part: None, literal: Some(v.to_vec()), slice: None })
    }

    /// `op` over byte-string inputs `a` and `b` (from `bytes_input` or `bytes_literal`): folded where
    /// both are literals.
    pub fn bytes(&mut self, op: BytesOp, a: usize, b: usize) -> NodeId {
        if let (Some(x), Some(y)) = (&self.inputs[a].literal, &self.inputs[b].literal) {
            let v = ops::bytes(op, x, y);
            return self.constant_node(Scalar::Bool(v));
        }
        self.add(Node { op: Op::Bytes(op, a, b), dtype: DType::Bool })
    }

    /// Registers an input without reading it (it still takes part in broadcasting); returns its index.
    fn mention(&mut self, input: Input) -> usize {
        match self.inputs.iter().position(|v| v.same(&input)) {
            Some(i) => i,
            None => {
                self.inputs.push(input);
                self.inputs.len() - 1
            }
        }
    }

    /// The input a node built by `input_sliced` reads.
    pub fn input_of(&self, id: NodeId) -> Option<usize> {
        match self.nodes[id].op {
            Op::Input(k) => Some(k),
            _ => None,
        }
    }

    /// The index of variable `name` (not a view of it) among the inputs met so far.
    pub fn input_index(&self, name: &str) -> Option<usize> {
        self.inputs.iter().position(|v| v.name == name && v.slice.is_none())
    }

    /// A reduction of `arg`, whose shape is the broadcast of `shapers` (variables by their index from
    /// `input_index`, earlier reductions by `reduction_index`), with result dtype `dtype`. Equal reductions
    /// of equal arguments are built once.
    pub fn reduce(&mut self, reduce: Reduce, arg: NodeId, shapers: Vec<Shaper>, dtype: DType) -> NodeId {
        let k = self.reduction(reduce, (arg, None), shapers, dtype);
        self.add(Node { op: Op::Reduce(k, None), dtype })
    }

    /// A reduction of the complex numbers whose parts are `re` and `im` (of float dtype `part`) as complex
    /// numbers, its result complex: the nodes of the result's real and imaginary parts.
    pub fn reduce_pair(
        &mut self,
        reduce: Reduce,
        (re, im): (NodeId, NodeId),
        shapers: Vec<Shaper>,
    ) -> (NodeId, NodeId) {
        let part = self.dtype(re);
        let k = self.reduction(reduce, (re, Some(im)), shapers, part.complex_of());
        self.stage_parts(k, part)
    }

    /// The nodes of the real and imaginary parts (of float dtype `part`) of stage `k`'s complex result.
    fn stage_parts(&mut self, k: usize, part: DType) -> (NodeId, NodeId) {
        let re = self.add(Node { op: Op::Reduce(k, Some(Part::Re)), dtype: part });
        let im = self.add(Node { op: Op::Reduce(k, Some(Part::Im)), dtype: part });
        (re, im)
    }

    /// The index of a reduction, built once for equal ones.
    fn reduction(
        &mut self,
        reduce: Reduce,
        (arg, imag): (NodeId, Option<NodeId>),
        shapers: Vec<Shaper>,
        dtype: DType,
    ) -> usize {
        self.stage(Reduction { reduce: Pending::Reduce(reduce), arg, imag, shapers, dtype })
    }

    /// The index of stage `new`, or of an equal one built before.
    fn stage(&mut self, new: Reduction) -> usize {
        let same = |r: &Reduction| {
            r.arg == new.arg
                && r.imag == new.imag
                && r.shapers == new.shapers
                && match (&r.reduce, &new.reduce) {
                    (Pending::Reduce(s), Pending::Reduce(t)) => {
                        s.op == t.op && s.axes == t.axes && s.keepdims == t.keepdims && s.tuple == t.tuple
                    }
                    (Pending::MatMul(m, b, sb), Pending::MatMul(n, c, sc)) => m.dot == n.dot && b == c && sb == sc,
                    _ => false,
                }
        };
        match self.reductions.iter().position(same) {
            Some(k) => k,
            None => {
                self.reductions.push(new);
                self.reductions.len() - 1
            }
        }
    }

    /// The matrix product of `a` and `b` (of one dtype, each shaped by its shapers), computed as a
    /// stage: the node of its result. Equal products of equal operands are built once.
    pub fn matmul(&mut self, spec: MatMul, (a, sa): (NodeId, Vec<Shaper>), (b, sb): (NodeId, Vec<Shaper>)) -> NodeId {
        let dtype = self.dtype(a);
        let new = Reduction { reduce: Pending::MatMul(spec, (b, None), sb), arg: a, imag: None, shapers: sa, dtype };
        let k = self.stage(new);
        self.add(Node { op: Op::Reduce(k, None), dtype })
    }

    /// The matrix product of complex operands `a` and `b`, each given by the nodes of its parts (of one
    /// float dtype) and shaped by its shapers, computed as a stage of complex numbers: the nodes of the
    /// result's real and imaginary parts. Equal products of equal operands are built once.
    pub fn matmul_pair(
        &mut self,
        spec: MatMul,
        ((ar, ai), sa): ((NodeId, NodeId), Vec<Shaper>),
        ((br, bi), sb): ((NodeId, NodeId), Vec<Shaper>),
    ) -> (NodeId, NodeId) {
        let part = self.dtype(ar);
        let reduce = Pending::MatMul(spec, (br, Some(bi)), sb);
        let k = self.stage(Reduction { reduce, arg: ar, imag: Some(ai), shapers: sa, dtype: part.complex_of() });
        self.stage_parts(k, part)
    }

    /// Which reduction a node built by `reduce` is.
    pub fn reduction_index(&self, id: NodeId) -> Option<usize> {
        match self.nodes[id].op {
            Op::Reduce(k, _) => Some(k),
            _ => None,
        }
    }

    pub fn constant_node(&mut self, value: Scalar) -> NodeId {
        self.add(Node { op: Op::Const(value), dtype: value.dtype() })
    }

    pub fn cast(&mut self, a: NodeId, to: DType) -> NodeId {
        if self.dtype(a) == to {
            return a;
        }
        if let Some(c) = self.constant(a) {
            return self.constant_node(ops::cast(c, to));
        }
        self.add(Node { op: Op::Cast(a), dtype: to })
    }

    pub fn unary(&mut self, op: UnOp, a: NodeId) -> NodeId {
        if self.dtype(a) == DType::F16 {
            let x = self.cast(a, DType::F32);
            let r = self.unary(op, x);
            return self.half_result(r);
        }
        if let Some(c) = self.constant(a) {
            return self.constant_node(ops::unary_at(self.precision, op, c));
        }
        let dtype = op.result(self.dtype(a));
        self.add(Node { op: Op::Unary(op, a), dtype })
    }

    pub fn binary(&mut self, op: BinOp, a: NodeId, b: NodeId) -> NodeId {
        debug_assert_eq!(self.dtype(a), self.dtype(b), "{op:?} operands");
        if self.dtype(a) == DType::F16 && op != BinOp::NextAfter {
            let (x, y) = (self.cast(a, DType::F32), self.cast(b, DType::F32));
            let r = self.binary(op, x, y);
            return self.half_result(r);
        }
        match (self.constant(a), self.constant(b)) {
            (Some(x), Some(y)) => return self.constant_node(ops::binary_at(self.precision, op, x, y)),
            (_, Some(y)) if op == BinOp::Pow => {
                if let Some(id) = self.reduce_power(a, y) {
                    return id;
                }
            }
            (_, Some(y)) if op == BinOp::Div => {
                if let Some(r) = exact_reciprocal(y) {
                    // x / 2^k and x * 2^-k are the correctly rounded values of one real number: the same
                    // bits for every x (NaN, infinities, zeros, subnormal results), and a multiplication
                    // is several times cheaper than a division.
                    let r = self.constant_node(r);
                    return self.binary(BinOp::Mul, a, r);
                }
            }
            _ => {}
        }
        let dtype = op.result(self.dtype(a));
        self.add(Node { op: Op::Binary(op, a, b), dtype })
    }

    /// A float16 operation's result: NumPy computes float16 in float32 and rounds each result to float16
    /// (a comparison's bool stays as it is). So no operation of the graph has a float16 operand but
    /// `nextafter`, which steps in float16's own ulps: float16 values are read, cast and written.
    fn half_result(&mut self, r: NodeId) -> NodeId {
        if self.dtype(r) == DType::F32 {
            self.cast(r, DType::F16)
        } else {
            r
        }
    }

    pub fn where_(&mut self, c: NodeId, x: NodeId, y: NodeId) -> NodeId {
        debug_assert_eq!(self.dtype(c), DType::Bool);
        debug_assert_eq!(self.dtype(x), self.dtype(y));
        if let Some(Scalar::Bool(c)) = self.constant(c) {
            return if c { x } else { y };
        }
        if x == y {
            return x;
        }
        if self.dtype(x) == DType::F16 {
            // Exact (float16 values are float32 values), and the selection itself then runs on float32
            // lanes, where a kernel cut into strips converts its operands and result by routines.
            let (x, y) = (self.cast(x, DType::F32), self.cast(y, DType::F32));
            let r = self.where_(c, x, y);
            return self.half_result(r);
        }
        let dtype = self.dtype(x);
        self.add(Node { op: Op::Where(c, x, y), dtype })
    }

    /// `x ** k` for a constant `k`, rewritten where the result is bit-identical to NumPy's:
    /// for integers any `k >= 0` becomes multiplications by repeated squaring (wrapping, as NumPy's
    /// loop); for floats NumPy itself computes `x**2` as `x*x`, `x**0.5` as `sqrt(x)`, `x**-1` as `1/x`,
    /// `x**1` as `x` and `x**0` as `1`, so those are rewritten and other exponents stay `pow`.
    /// `a * b + c` rounded once, for floats of one dtype (float32 or float64).
    pub fn mul_add(&mut self, a: NodeId, b: NodeId, c: NodeId) -> NodeId {
        let dtype = self.dtype(a);
        debug_assert!(matches!(dtype, DType::F32 | DType::F64) && dtype == self.dtype(b) && dtype == self.dtype(c));
        if let (Some(x), Some(y), Some(z)) = (self.constant(a), self.constant(b), self.constant(c)) {
            return self.constant_node(ops::mul_add(x, y, z));
        }
        self.add(Node { op: Op::MulAdd(a, b, c), dtype })
    }

    fn reduce_power(&mut self, x: NodeId, k: Scalar) -> Option<NodeId> {
        let dtype = self.dtype(x);
        let one = ops::cast(Scalar::I64(1), dtype);
        match k {
            k if k.dtype().is_int() => {
                let mut e = k.as_i128().unwrap_or_default();
                if e < 0 {
                    return None;
                }
                let mut acc: Option<NodeId> = None;
                let mut base = x;
                while e > 0 {
                    if e & 1 == 1 {
                        acc = Some(match acc {
                            None => base,
                            Some(a) => self.binary(BinOp::Mul, a, base),
                        });
                    }
                    e >>= 1;
                    if e > 0 {
                        base = self.binary(BinOp::Mul, base, base);
                    }
                }
                Some(acc.unwrap_or_else(|| self.constant_node(one)))
            }
            Scalar::F32(_) | Scalar::F64(_) => {
                let k = k.as_f64();
                if k == 2.0 {
                    Some(self.binary(BinOp::Mul, x, x))
                } else if k == 1.0 {
                    Some(x)
                } else if k == 0.0 {
                    let one = self.constant_node(one);
                    // x**0 is 1 even for NaN, but x still decides the shape.
                    Some(one)
                } else if k == 0.5 {
                    Some(self.unary(UnOp::Sqrt, x))
                } else if k == -1.0 {
                    let one = self.constant_node(one);
                    Some(self.binary(BinOp::Div, one, x))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// Finishes the graph with `root` as its result (a graph without reductions).
    #[cfg(test)]
    pub fn finish(self, root: NodeId) -> Graph {
        debug_assert!(self.reductions.is_empty());
        Graph { nodes: self.nodes, root, imag_root: None, inputs: self.inputs, precision: self.precision }
    }

    /// Cuts the nodes built into a program: one graph per reduction's argument, in the order the
    /// reductions were built (inner ones first), and the main graph for `root` (the real parts of a
    /// complex result whose imaginary parts are `imag`, a graph of their own), shaped by `shapers`.
    pub fn split(self, root: NodeId, imag: Option<NodeId>, shapers: &[Shaper]) -> Program {
        let stages = self
            .reductions
            .iter()
            .map(|r| {
                let op = match &r.reduce {
                    Pending::Reduce(reduce) => StageOp::Reduce(reduce.clone()),
                    Pending::MatMul(spec, (b, b_imag), sb) => {
                        StageOp::MatMul(spec.clone(), self.extract(*b, *b_imag, sb))
                    }
                };
                Stage { op, arg: self.extract(r.arg, r.imag, &r.shapers) }
            })
            .collect();
        // A complex result is one graph of both parts where it calls no vector-math function (which the
        // JIT computes at the CPU's full width only for graphs of one result), else one graph per part.
        let (main, imag) = match imag {
            None => (self.extract(root, None, shapers), None),
            Some(i) => {
                let pair = self.extract(root, Some(i), shapers);
                if pair.nodes.iter().any(|n| n.op.calls_math(n.dtype)) {
                    (self.extract(root, None, shapers), Some(self.extract(i, None, shapers)))
                } else {
                    (pair, None)
                }
            }
        };
        // A complex variable is one variable, whichever of its parts are read; literals are none.
        let mut vars: Vec<Input> = Vec::with_capacity(self.inputs.len());
        for input in self.inputs.iter().filter(|i| i.literal.is_none()) {
            if !vars.iter().any(|v| v.name == input.name) {
                vars.push(Input { dtype: input.var_dtype(), part: None, slice: None, ..input.clone() });
            }
        }
        Program { stages, main, imag, vars }
    }

    /// The graph of the nodes `root` needs, up to (not into) reductions, which become stage inputs. Every
    /// shaper is an input, read or not, so that it takes part in broadcasting.
    /// The graph of the nodes `root` (and `imag`, a second root) need.
    fn extract(&self, root: NodeId, imag: Option<NodeId>, shapers: &[Shaper]) -> Graph {
        let mut b = Builder::at(self.precision);
        for &s in shapers {
            match s {
                Shaper::Var(v) => b.mention(self.inputs[v].clone()),
                Shaper::Reduction(k) => {
                    // A complex result shapes through the input of its real parts.
                    let dtype = self.reductions[k].dtype;
                    match dtype.complex_part() {
                        Some(part) => b.mention(stage_input(k, part, Some(Part::Re))),
                        None => b.mention(stage_input(k, dtype, None)),
                    }
                }
            };
        }
        let last = imag.map_or(root, |i| i.max(root));
        let mut live = super::live_nodes(&self.nodes[..=last], root);
        if let Some(i) = imag {
            for (l, m) in live.iter_mut().zip(super::live_nodes(&self.nodes[..=last], i)) {
                *l |= m;
            }
        }
        let mut map = vec![usize::MAX; last + 1];
        for i in (0..=last).filter(|&i| live[i]) {
            let node = self.nodes[i];
            let m = |a: NodeId| map[a];
            map[i] = match node.op {
                Op::Input(k) => {
                    let j = b.mention(self.inputs[k].clone());
                    b.add(Node { op: Op::Input(j), ..node })
                }
                Op::Reduce(k, part) => {
                    let j = b.mention(stage_input(k, node.dtype, part));
                    b.add(Node { op: Op::Input(j), dtype: node.dtype })
                }
                Op::Const(_) => b.add(node),
                Op::Cast(a) => b.add(Node { op: Op::Cast(m(a)), ..node }),
                Op::Unary(op, a) => b.add(Node { op: Op::Unary(op, m(a)), ..node }),
                Op::Binary(op, a, c) => b.add(Node { op: Op::Binary(op, m(a), m(c)), ..node }),
                Op::Where(c, x, y) => b.add(Node { op: Op::Where(m(c), m(x), m(y)), ..node }),
                Op::MulAdd(x, y, z) => b.add(Node { op: Op::MulAdd(m(x), m(y), m(z)), ..node }),
                Op::Bytes(op, x, y) => {
                    let (x, y) = (b.mention(self.inputs[x].clone()), b.mention(self.inputs[y].clone()));
                    b.add(Node { op: Op::Bytes(op, x, y), ..node })
                }
            };
        }
        Graph {
            nodes: b.nodes,
            root: map[root],
            imag_root: imag.map(|i| map[i]),
            inputs: b.inputs,
            precision: self.precision,
        }
    }
}

/// The input that reads stage `k`'s result (or `part` of its complex result), named `#k` (which no
/// variable can be).
fn stage_input(k: usize, dtype: DType, part: Option<Part>) -> Input {
    Input { name: format!("#{k}"), dtype, stage: Some(k), part, literal: None, slice: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_nodes_are_built_once() {
        let mut b = Builder::new();
        let a = b.input("a", DType::F64);
        let s1 = b.unary(UnOp::Sqrt, a);
        let s2 = b.unary(UnOp::Sqrt, a);
        assert_eq!(s1, s2);
        assert_eq!(b.input("a", DType::F64), a);
    }

    #[test]
    fn constants_fold() {
        let mut b = Builder::new();
        let x = b.constant_node(Scalar::I64(7));
        let y = b.constant_node(Scalar::I64(-2));
        let q = b.binary(BinOp::FloorDiv, x, y);
        assert_eq!(b.constant(q), Some(Scalar::I64(-4)));
    }

    #[test]
    fn integer_powers_become_multiplications() {
        let mut b = Builder::new();
        let a = b.input("a", DType::I64);
        let k = b.constant_node(Scalar::I64(5));
        let p = b.binary(BinOp::Pow, a, k);
        let g = b.finish(p);
        let muls = g.nodes.iter().filter(|n| matches!(n.op, Op::Binary(BinOp::Mul, ..))).count();
        assert_eq!(muls, 3); // a*a, (a*a)*(a*a), a*(a^4)
        assert!(!g.nodes.iter().any(|n| matches!(n.op, Op::Binary(BinOp::Pow, ..))));
    }

    #[test]
    fn float_powers_reduce_only_where_numpy_does() {
        let mut b = Builder::new();
        let a = b.input("a", DType::F64);
        let half = b.constant_node(Scalar::F64(0.5));
        let three = b.constant_node(Scalar::F64(3.0));
        let s = b.binary(BinOp::Pow, a, half);
        assert!(matches!(b.nodes[s].op, Op::Unary(UnOp::Sqrt, _)));
        let c = b.binary(BinOp::Pow, a, three);
        assert!(matches!(b.nodes[c].op, Op::Binary(BinOp::Pow, _, _)));
    }

    #[test]
    fn division_by_a_power_of_two_is_multiplication_by_its_exact_reciprocal() {
        let mut b = Builder::new();
        let a = b.input("a", DType::F64);
        let f = b.input("f", DType::F32);
        for (x, c) in [
            (a, Scalar::F64(2.0)),
            (a, Scalar::F64(-0.25)),
            (f, Scalar::F32(1024.0)),
            (a, Scalar::F64(2f64.powi(-1022))),
        ] {
            let k = b.constant_node(c);
            let q = b.binary(BinOp::Div, x, k);
            assert!(matches!(b.nodes[q].op, Op::Binary(BinOp::Mul, _, _)), "{c:?}");
        }
        // 3 has no exact reciprocal; 2^1023's is subnormal; float32's 2^-140 is itself subnormal.
        for (x, c) in [(a, Scalar::F64(3.0)), (a, Scalar::F64(2f64.powi(1023))), (f, Scalar::F32(2f32.powi(-140)))] {
            let k = b.constant_node(c);
            let q = b.binary(BinOp::Div, x, k);
            assert!(matches!(b.nodes[q].op, Op::Binary(BinOp::Div, _, _)), "{c:?}");
        }
        // The same bits for every kind of x, through `ops`.
        let mut s = 0x9E37_79B9_7F4A_7C15u64;
        let mut xs: Vec<f64> = (0..4000)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                f64::from_bits(s)
            })
            .collect();
        xs.extend([0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, f64::MIN_POSITIVE, 5e-324, f64::MAX]);
        for c in [2.0, 0.5, -8.0, 2f64.powi(600), 2f64.powi(-1000)] {
            let r = exact_reciprocal(Scalar::F64(c)).unwrap();
            for &x in &xs {
                let q = ops::binary(BinOp::Div, Scalar::F64(x), Scalar::F64(c));
                let m = ops::binary(BinOp::Mul, Scalar::F64(x), r);
                assert_eq!(q.as_f64().to_bits(), m.as_f64().to_bits(), "{x:e} / {c:e}");
                let (x32, c32) = (x as f32, c as f32);
                if let Some(r32) = exact_reciprocal(Scalar::F32(c32)) {
                    let q = ops::binary(BinOp::Div, Scalar::F32(x32), Scalar::F32(c32));
                    let m = ops::binary(BinOp::Mul, Scalar::F32(x32), r32);
                    assert_eq!((q.as_f64() as f32).to_bits(), (m.as_f64() as f32).to_bits(), "{x32:e} / {c32:e}");
                }
            }
        }
    }
}
