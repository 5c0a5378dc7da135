//! The syntax tree: an arena of nodes in which every child comes before its parent.
//!
//! Keeping the tree flat means no later stage recurses over it (no stack overflow, no recursive `Drop`):
//! walking `nodes` in order visits children first.

use std::fmt;

use super::operators::{BinaryOp, UnaryOp};
use crate::span::Span;

/// The index of a node in `Ast::nodes`.
pub type NodeId = usize;

/// A parsed expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Ast {
    pub nodes: Vec<Node>,
    pub root: NodeId,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// An integer literal (its magnitude; a minus sign is a unary operator).
    Int(u128),
    Float(f64),
    /// An imaginary literal, `2.5j`: its imaginary part.
    Imag(f64),
    Bool(bool),
    /// A string literal: the bytes it stands for (`b'abc'` and `'abc'` alike).
    Bytes(Vec<u8>),
    Name(String),
    Unary(UnaryOp, NodeId),
    Binary(BinaryOp, NodeId, NodeId),
    Call {
        name: String,
        name_span: Span,
        args: Vec<NodeId>,
        kwargs: Vec<Kwarg>,
    },
    /// `(a, b)`, `(a,)` or `()`: allowed only as a reduction's `axis` (the type checker says so).
    Tuple(Vec<NodeId>),
    /// `base[items]`: basic indexing (the type checker allows it on a variable only, its items integer
    /// literals).
    Subscript {
        base: NodeId,
        items: Vec<Index>,
    },
}

/// One item of a subscript, with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Index {
    pub kind: IndexKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum IndexKind {
    /// One position along the axis, which goes away.
    At(NodeId),
    /// `start:stop:step`, each part optional.
    Slice(Option<NodeId>, Option<NodeId>, Option<NodeId>),
    /// `...`: full slices for the axes no other item takes.
    Ellipsis,
    /// `None`: a new axis of length one.
    NewAxis,
}

impl IndexKind {
    /// The nodes the item reads, in order.
    pub fn nodes(&self) -> Vec<NodeId> {
        match self {
            IndexKind::At(a) => vec![*a],
            IndexKind::Slice(a, b, c) => [a, b, c].into_iter().flatten().copied().collect(),
            IndexKind::Ellipsis | IndexKind::NewAxis => Vec::new(),
        }
    }
}

impl NodeKind {
    /// The nodes this one reads, in order.
    pub fn children(&self) -> Vec<NodeId> {
        match self {
            NodeKind::Int(_)
            | NodeKind::Float(_)
            | NodeKind::Imag(_)
            | NodeKind::Bool(_)
            | NodeKind::Bytes(_)
            | NodeKind::Name(_) => Vec::new(),
            NodeKind::Unary(_, a) => vec![*a],
            NodeKind::Binary(_, a, b) => vec![*a, *b],
            NodeKind::Call { args, kwargs, .. } => args.iter().copied().chain(kwargs.iter().map(|k| k.value)).collect(),
            NodeKind::Tuple(items) => items.clone(),
            NodeKind::Subscript { base, items } => {
                std::iter::once(*base).chain(items.iter().flat_map(|i| i.kind.nodes())).collect()
            }
        }
    }
}

/// A keyword argument, `name=value`.
#[derive(Clone, Debug, PartialEq)]
pub struct Kwarg {
    pub name: String,
    pub span: Span,
    pub value: NodeId,
}

impl Ast {
    pub fn root_span(&self) -> Span {
        self.nodes[self.root].span
    }
}

/// Prints the expression fully parenthesized; parsing the text again gives the same tree (spans aside).
impl fmt::Display for Ast {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Children come first, so one pass in order builds every node's text from its children's.
        let mut text: Vec<String> = Vec::with_capacity(self.nodes.len());
        for node in &self.nodes {
            let s = match &node.kind {
                NodeKind::Int(v) => v.to_string(),
                NodeKind::Float(v) => format_float(*v),
                NodeKind::Imag(v) => format_float(*v) + "j",
                NodeKind::Bool(v) => (if *v { "True" } else { "False" }).to_owned(),
                NodeKind::Bytes(v) => bytes_literal(v),
                NodeKind::Name(n) => n.clone(),
                NodeKind::Unary(op, a) => format!("({}{})", op.symbol(), text[*a]),
                NodeKind::Binary(op, a, b) => {
                    format!("({} {} {})", text[*a], op.symbol(), text[*b])
                }
                NodeKind::Call { name, args, kwargs, .. } => {
                    let mut parts: Vec<String> = args.iter().map(|a| text[*a].clone()).collect();
                    parts.extend(kwargs.iter().map(|k| format!("{}={}", k.name, text[k.value])));
                    format!("{name}({})", parts.join(", "))
                }
                NodeKind::Tuple(items) => match items.as_slice() {
                    [one] => format!("({},)", text[*one]),
                    _ => format!("({})", items.iter().map(|a| text[*a].as_str()).collect::<Vec<_>>().join(", ")),
                },
                NodeKind::Subscript { base, items } => {
                    let part = |n: &Option<NodeId>| n.map_or(String::new(), |n| text[n].clone());
                    let items: Vec<String> = items
                        .iter()
                        .map(|i| match &i.kind {
                            IndexKind::At(a) => text[*a].clone(),
                            IndexKind::Slice(a, b, None) => format!("{}:{}", part(a), part(b)),
                            IndexKind::Slice(a, b, c) => format!("{}:{}:{}", part(a), part(b), part(c)),
                            IndexKind::Ellipsis => "...".to_owned(),
                            IndexKind::NewAxis => "None".to_owned(),
                        })
                        .collect();
                    format!("{}[{}]", text[*base], items.join(", "))
                }
            };
            text.push(s);
        }
        f.write_str(&text[self.root])
    }
}

/// A byte string as Python writes it (`b'a\x00'`): printable ASCII as it is, `\\`, `\'`, `\t`, `\n` and
/// `\r` escaped, every other byte as `\xhh`.
pub fn bytes_literal(v: &[u8]) -> String {
    let mut s = String::from("b'");
    for &c in v {
        match c {
            b'\\' => s.push_str(r"\\"),
            b'\'' => s.push_str(r"\'"),
            b'\t' => s.push_str(r"\t"),
            b'\n' => s.push_str(r"\n"),
            b'\r' => s.push_str(r"\r"),
            0x20..=0x7e => s.push(c as char),
            _ => s.push_str(&format!(r"\x{c:02x}")),
        }
    }
    s.push('\'');
    s
}

/// A float literal that reads back as the same value: always with a `.` or an exponent.
fn format_float(v: f64) -> String {
    if v.is_infinite() {
        return "1e999".to_owned();
    }
    let s = format!("{v:?}");
    if s.contains(['.', 'e', 'E']) {
        s
    } else {
        format!("{s}.0")
    }
}
