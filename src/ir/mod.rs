//! The IR: a typed expression DAG with common subexpressions shared.
//!
//! Every node has one dtype, and the operands of an operation already have the dtypes it needs (the type
//! checker inserted the casts), so the back ends never promote. Nodes are stored children first:
//! `Graph::nodes` in order is a valid evaluation order. The builder hash-conses nodes (equal nodes are
//! built once), folds operations on constants with `ops`, and strength-reduces powers with constant
//! exponents where the result is bit-identical. The IR knows nothing of Cranelift or of arrays.

mod build;
mod print;

pub use build::Builder;

use crate::dtype::{DType, Scalar};
use crate::ops::{BinOp, UnOp};

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
            Op::Input(_) | Op::Const(_) => (None, None, None),
            Op::Cast(a) | Op::Unary(_, a) => (Some(a), None, None),
            Op::Binary(_, a, b) => (Some(a), Some(b), None),
            Op::Where(a, b, c) => (Some(a), Some(b), Some(c)),
        };
        a.into_iter().chain(b).chain(c)
    }
}

/// A variable the expression reads.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Input {
    pub name: String,
    pub dtype: DType,
}

/// A typed expression: nodes children first, the root last among those it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub root: NodeId,
    /// The variables the expression names, in order of first mention. Each one takes part in
    /// broadcasting even where folding removed its last use (`isnan(i)` for an integer `i` is all false,
    /// in the shape of `i`).
    pub inputs: Vec<Input>,
}

impl Graph {
    pub fn dtype(&self) -> DType {
        self.nodes[self.root].dtype
    }

    /// Which nodes the root depends on (dead nodes left behind by folding are not live).
    pub fn live(&self) -> Vec<bool> {
        let mut live = vec![false; self.nodes.len()];
        live[self.root] = true;
        for i in (0..self.nodes.len()).rev() {
            if live[i] {
                for o in self.nodes[i].operands() {
                    live[o] = true;
                }
            }
        }
        live
    }

    /// Which inputs the live nodes read; the others need not be loaded at all.
    pub fn used_inputs(&self) -> Vec<bool> {
        let mut used = vec![false; self.inputs.len()];
        for (node, live) in self.nodes.iter().zip(self.live()) {
            if let (Op::Input(i), true) = (node.op, live) {
                used[i] = true;
            }
        }
        used
    }
}
