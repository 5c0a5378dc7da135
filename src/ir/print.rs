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
                Op::Input(k) => write!(f, "input {} {}", node.dtype, self.inputs[k].label())?,
                Op::Const(c) => write!(f, "const {} {c}", node.dtype)?,
                Op::Cast(a) => write!(f, "cast {} %{a}", node.dtype)?,
                Op::Unary(op, a) => write!(f, "{} {} %{a}", op.name(), node.dtype)?,
                Op::Binary(op, a, b) => write!(f, "{} {} %{a}, %{b}", op.name(), node.dtype)?,
                Op::Where(c, a, b) => write!(f, "where {} %{c}, %{a}, %{b}", node.dtype)?,
                Op::MulAdd(a, b, c) => write!(f, "muladd {} %{a}, %{b}, %{c}", node.dtype)?,
                Op::Reduce(k, part) => write!(f, "reduce {} #{k}{}", node.dtype, part.map_or("", super::Part::suffix))?,
                Op::Bytes(op, a, b) => {
                    let (a, b) = (self.inputs[a].label(), self.inputs[b].label());
                    match op {
                        crate::ops::BytesOp::Cmp(op) => write!(f, "bytes.{} {a}, {b}", op.name())?,
                        crate::ops::BytesOp::Contains => write!(f, "bytes.contains {a}, {b}")?,
                    }
                }
            }
            writeln!(f)?;
        }
        match self.imag_root {
            None => write!(f, "return %{}", self.root),
            Some(im) => write!(f, "return %{} + %{}j", self.root, im),
        }
    }
}

/// Each stage, then the main graph: `#k = sum(axis=(1,), keepdims=False) of:` and its argument's graph.
impl fmt::Display for super::Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, stage) in self.stages.iter().enumerate() {
            let r = match &stage.op {
                super::StageOp::Reduce(r) => r,
                super::StageOp::MatMul(m, right) => {
                    let name = if m.dot { "dot" } else { "matmul" };
                    writeln!(f, "#{k} = {} {name} of:", stage.dtype())?;
                    for (i, graph) in [&stage.arg, right].into_iter().enumerate() {
                        if i == 1 {
                            writeln!(f, "  and:")?;
                        }
                        for line in graph.to_string().lines() {
                            writeln!(f, "    {line}")?;
                        }
                    }
                    continue;
                }
            };
            let axes = match &r.axes {
                None => "None".to_owned(),
                Some(a) => format!("({})", a.iter().map(|x| format!("{x},")).collect::<String>()),
            };
            let ddof = match r.op {
                super::ReduceOp::Mean { ddof } if ddof != 0 => format!(", ddof={ddof}"),
                _ => String::new(),
            };
            writeln!(f, "#{k} = {} {}(axis={axes}, keepdims={}{ddof}) of:", stage.dtype(), r.op.name(), r.keepdims)?;
            for line in stage.arg.to_string().lines() {
                writeln!(f, "    {line}")?;
            }
        }
        match &self.imag {
            None => write!(f, "{}", self.main),
            Some(imag) => {
                writeln!(f, "real parts:")?;
                for line in self.main.to_string().lines() {
                    writeln!(f, "    {line}")?;
                }
                writeln!(f, "imaginary parts:")?;
                let text = imag.to_string();
                let mut lines = text.lines().peekable();
                while let Some(line) = lines.next() {
                    write!(f, "    {line}")?;
                    if lines.peek().is_some() {
                        writeln!(f)?;
                    }
                }
                Ok(())
            }
        }
    }
}
