//! Where in the expression the variables' shapes first fail to broadcast, for the caret under a
//! `Broadcast` error: the executor checks all of a graph's operands at once and knows no spans. A result
//! too large to allocate points at the whole expression.

use crate::error::{Error, ErrorKind};
use crate::exec;
use crate::funcs;
use crate::span::Span;
use crate::syntax::{self, NodeKind};

/// Points a `Broadcast` error that points nowhere at the innermost, leftmost operation of `text` whose
/// operands' shapes do not broadcast, given each variable's shape (`None` for a name that is not one: a
/// constant). A reduction's result counts as any shape: its own operands are checked inside it.
/// A result too large to allocate (`Size`) points at the whole expression.
pub fn broadcast_error(e: Error, text: &str, shape_of: &dyn Fn(&str) -> Option<Vec<usize>>) -> Error {
    if e.span.is_some() {
        return e;
    }
    let span = match e.kind {
        ErrorKind::Broadcast { .. } => first_conflict(text, shape_of),
        ErrorKind::Size { .. } => syntax::parse(text).ok().map(|ast| ast.root_span()),
        _ => None,
    };
    match span {
        Some(span) => e.at(span),
        None => e,
    }
}

fn first_conflict(text: &str, shape_of: &dyn Fn(&str) -> Option<Vec<usize>>) -> Option<Span> {
    let ast = syntax::parse(text).ok()?;
    // Each node's shape, children first; `None` where it is not known (a reduction, a tuple).
    let mut shapes: Vec<Option<Vec<usize>>> = Vec::with_capacity(ast.nodes.len());
    for node in &ast.nodes {
        let operands: Vec<usize> = match &node.kind {
            NodeKind::Int(_) | NodeKind::Float(_) | NodeKind::Imag(_) | NodeKind::Bool(_) | NodeKind::Bytes(_) => {
                Vec::new()
            }
            NodeKind::Name(n) => {
                shapes.push(Some(shape_of(n).unwrap_or_default()));
                continue;
            }
            NodeKind::Unary(_, a) => vec![*a],
            NodeKind::Binary(_, a, b) => vec![*a, *b],
            NodeKind::Call { name, args, .. }
                if funcs::lookup(name).is_some_and(|f| !matches!(f.kind, funcs::FuncKind::Reduce(_))) =>
            {
                args.clone()
            }
            // A subscript's shape depends on the array's (its view is checked where it is made).
            NodeKind::Call { .. } | NodeKind::Tuple(_) | NodeKind::Subscript { .. } => {
                shapes.push(None);
                continue;
            }
        };
        let known: Vec<&[usize]> = operands.iter().filter_map(|&k| shapes[k].as_deref()).collect();
        let shape = match exec::broadcast_shape(&known) {
            Ok(s) => s,
            Err(_) => return Some(node.span),
        };
        shapes.push(operands.iter().all(|&k| shapes[k].is_some()).then_some(shape));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conflict(text: &str) -> Option<&str> {
        let shape_of = |n: &str| match n {
            "a" => Some(vec![3]),
            "b" => Some(vec![4]),
            "m" => Some(vec![2, 3]),
            _ => None,
        };
        first_conflict(text, &shape_of).map(|s| &text[s.start..s.end])
    }

    #[test]
    fn the_innermost_operation_whose_operands_do_not_broadcast() {
        assert_eq!(conflict("a + b"), Some("a + b"));
        assert_eq!(conflict("m * 2 + sin(a) - (b + 1)"), Some("m * 2 + sin(a) - (b + 1)"));
        assert_eq!(conflict("where(a > 0, b, 1) * 2"), Some("where(a > 0, b, 1)"));
        assert_eq!(conflict("sqrt(m + b)"), Some("m + b"));
        assert_eq!(conflict("arctan2(a, m) + pi"), None);
        // A reduction's result takes any shape; its operands are checked where it runs.
        assert_eq!(conflict("sum(a) + b"), None);
        assert_eq!(conflict("sum(m, axis=0) + (b + a)"), Some("(b + a)"));
        assert_eq!(conflict("a +"), None);
    }
}
