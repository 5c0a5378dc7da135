//! The IR as text, one node a line: what the REPL's `:ir` shows.

use std::fmt;

use super::{Graph, Op};

impl fmt::Display for Graph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let live = self.live();
        for (i, node) in self.nodes.iter().enumerate() {
            if !live[i] {
                continue;
            }
            write!(f, "%{i} = ")?;
            match node.op {
                Op::Input(k) => write!(f, "input {} {}", node.dtype, self.inputs[k].name)?,
                Op::Const(c) => write!(f, "const {} {c}", node.dtype)?,
                Op::Cast(a) => write!(f, "cast {} %{a}", node.dtype)?,
                Op::Unary(op, a) => write!(f, "{} {} %{a}", op.name(), node.dtype)?,
                Op::Binary(op, a, b) => write!(f, "{} {} %{a}, %{b}", op.name(), node.dtype)?,
                Op::Where(c, a, b) => write!(f, "where {} %{c}, %{a}, %{b}", node.dtype)?,
            }
            writeln!(f)?;
        }
        write!(f, "return %{}", self.root)
    }
}
