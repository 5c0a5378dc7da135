//! The language as a library user sees it without evaluating anything: an expression parsed into a tree
//! that can be printed and asked for its variables and calls, and the functions and constants an
//! expression can name. The command's completion, help and constructor calls use these.

use std::fmt;
use std::ops::RangeInclusive;

use crate::error::Result;
use crate::funcs::{self, FuncKind};
use crate::span::Span;
use crate::syntax::{self, Ast, BinaryOp, NodeKind, UnaryOp};

/// A parsed expression: the syntax tree, before names and dtypes are resolved. Its `Display` is the
/// canonical text (every operation parenthesized), which parses to the same tree.
#[derive(Clone, Debug)]
pub struct Expr {
    ast: Ast,
}

/// A call in an expression: the function's name, the whole call's span, each positional argument's, and
/// each keyword argument's name and value span (`num=5`: `num` and the span of `5`), in the order written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call<'e> {
    pub name: &'e str,
    pub span: Span,
    pub args: Vec<Span>,
    pub keywords: Vec<(&'e str, Span)>,
}

/// A subscript of a variable in an expression (`a[1:, None]`): the variable's name, the whole subscript's
/// span and each index item's (`1:` and `None`), in the order written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscript<'e> {
    pub name: &'e str,
    pub span: Span,
    pub items: Vec<Span>,
}

/// A matrix product in an expression (`a @ b`, `matmul(a, b)`, `dot(a, b)`): its span, whether it follows
/// `dot`'s rules, and its two operands' spans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Product {
    pub span: Span,
    pub dot: bool,
    pub operands: [Span; 2],
}

/// Parses `text` (the grammar in `grammar/expr.ebnf`); a syntax error has a span into `text`.
pub fn parse(text: &str) -> Result<Expr> {
    syntax::parse(text).map(|ast| Expr { ast })
}

impl Expr {
    /// The names the expression reads that are not constants (or, where a variable of that name is
    /// given, shadow them: see `constants`), in order of first mention, each once.
    pub fn variables(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for node in &self.ast.nodes {
            if let NodeKind::Name(n) = &node.kind {
                if !funcs::CONSTANTS.iter().any(|c| c.0 == n) && !names.contains(&n.as_str()) {
                    names.push(n);
                }
            }
        }
        names
    }

    /// Every name the expression reads, constants (`pi`, `e`) included, in order of first mention, each
    /// once: a variable given under a constant's name shadows the constant.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for node in &self.ast.nodes {
            if let NodeKind::Name(n) = &node.kind {
                if !names.contains(&n.as_str()) {
                    names.push(n);
                }
            }
        }
        names
    }

    /// Every call, inner calls before the calls that hold them.
    pub fn calls(&self) -> Vec<Call<'_>> {
        let nodes = &self.ast.nodes;
        nodes
            .iter()
            .filter_map(|node| match &node.kind {
                NodeKind::Call { name, args, kwargs, .. } => Some(Call {
                    name,
                    span: node.span,
                    args: args.iter().map(|&a| nodes[a].span).collect(),
                    keywords: kwargs.iter().map(|k| (k.name.as_str(), nodes[k.value].span)).collect(),
                }),
                _ => None,
            })
            .collect()
    }

    /// Every subscript of a variable, inner ones (in a subscript's base) before outer ones. A subscript of
    /// anything else (`(a + b)[1:]`, which the type checker rejects) is not listed.
    pub fn subscripts(&self) -> Vec<Subscript<'_>> {
        let nodes = &self.ast.nodes;
        nodes
            .iter()
            .filter_map(|node| match &node.kind {
                NodeKind::Subscript { base, items } => match &nodes[*base].kind {
                    NodeKind::Name(name) => {
                        Some(Subscript { name, span: node.span, items: items.iter().map(|i| i.span).collect() })
                    }
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }

    /// Every matrix product, inner ones first (a call with other than two arguments, which the type checker
    /// rejects, is left out).
    pub fn matrix_products(&self) -> Vec<Product> {
        let span = |n: syntax::NodeId| self.ast.nodes[n].span;
        self.ast
            .nodes
            .iter()
            .filter_map(|node| {
                let (dot, operands) = match &node.kind {
                    NodeKind::Binary(BinaryOp::MatMul, a, b) => (false, [span(*a), span(*b)]),
                    NodeKind::Call { name, args, kwargs, .. } if args.len() == 2 && kwargs.is_empty() => {
                        match funcs::lookup(name)?.kind {
                            FuncKind::MatMul(dot) => (dot, [span(args[0]), span(args[1])]),
                            _ => return None,
                        }
                    }
                    _ => return None,
                };
                Some(Product { span: node.span, dot, operands })
            })
            .collect()
    }

    /// Where the whole expression is a tuple (`(3, 4)`, `(3,)`, `()`), its items' spans.
    pub fn tuple_items(&self) -> Option<Vec<Span>> {
        match &self.ast.nodes[self.ast.root].kind {
            NodeKind::Tuple(items) => Some(items.iter().map(|&i| self.ast.nodes[i].span).collect()),
            _ => None,
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.ast.fmt(f)
    }
}

/// A function an expression can call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function {
    pub name: &'static str,
    /// One line of help.
    pub help: &'static str,
    /// How many positional arguments it takes.
    pub args: RangeInclusive<usize>,
    /// The keyword arguments it takes.
    pub keywords: &'static [&'static str],
    /// Whether it reduces its operand (`sum`, `mean`, `argmax`, ...) rather than working elementwise.
    pub reduction: bool,
    /// Whether it is a matrix product (`matmul`, `dot`), neither elementwise nor a reduction.
    pub matrix: bool,
}

/// Every function, in the order the REPL lists them.
pub fn functions() -> impl Iterator<Item = Function> {
    funcs::FUNCS.iter().map(|f| {
        let (lo, hi) = f.arity();
        Function {
            name: f.name,
            help: f.doc,
            args: lo..=hi,
            keywords: f.keywords(),
            reduction: matches!(f.kind, FuncKind::Reduce(_)),
            matrix: matches!(f.kind, FuncKind::MatMul(_)),
        }
    })
}

/// An operator an expression can use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operator {
    /// How it is written: `+`, `//`, `not ` (a keyword with the space that follows it).
    pub symbol: &'static str,
    /// 1 for a prefix operator, 2 for an infix one.
    pub operands: usize,
    /// Python's precedence as a number: higher binds tighter.
    pub precedence: u8,
    /// One line of help.
    pub help: &'static str,
}

/// Every operator, loosest first (Python's precedence).
pub fn operators() -> impl Iterator<Item = Operator> {
    let binary = BinaryOp::ALL.iter().map(|&op| (op.symbol(), 2, op.power(), op.help()));
    let unary = UnaryOp::ALL.iter().map(|&op| (op.symbol(), 1, op.power(), op.help()));
    let mut all: Vec<Operator> = binary
        .chain(unary)
        .map(|(symbol, operands, precedence, help)| Operator { symbol, operands, precedence, help })
        .collect();
    all.sort_by_key(|o| o.precedence);
    all.into_iter()
}

/// The names that are constants unless a variable of that name is given (`pi`, `e`, `inf`, `nan`), and
/// their values.
pub fn constants() -> impl Iterator<Item = (&'static str, f64)> {
    funcs::CONSTANTS.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_expression_tells_its_variables_and_calls() {
        let e = parse("sum(x * pi, axis=0) + where(y > e, sin(x), z)").unwrap();
        assert_eq!(e.variables(), ["x", "y", "z"]);
        let calls: Vec<(&str, usize)> = e.calls().iter().map(|c| (c.name, c.args.len())).collect();
        assert_eq!(calls, [("sum", 1), ("sin", 1), ("where", 3)]);
        let nested = parse("f(1, g(2))").unwrap();
        let call = &nested.calls()[1];
        assert_eq!((call.span, &call.args[..]), (Span::new(0, 10), &[Span::new(2, 3), Span::new(5, 9)][..]));
        assert_eq!(parse("a+b*c").unwrap().to_string(), "(a + (b * c))");
    }

    #[test]
    fn an_expression_tells_its_subscripts() {
        let text = "a[1:-1, ..., None] + (b + c)[0] - d[::2]";
        let e = parse(text).unwrap();
        let subs: Vec<(&str, &str, Vec<&str>)> = e
            .subscripts()
            .iter()
            .map(|s| (s.name, &text[s.span.start..s.span.end], s.items.iter().map(|i| &text[i.start..i.end]).collect()))
            .collect();
        assert_eq!(subs, [("a", "a[1:-1, ..., None]", vec!["1:-1", "...", "None"]), ("d", "d[::2]", vec!["::2"])]);
        let text = "sin(a @ b) + dot(c, d) * matmul(e, f)";
        let at = |s: Span| &text[s.start..s.end];
        let products: Vec<(&str, bool, &str, &str)> = parse(text)
            .unwrap()
            .matrix_products()
            .iter()
            .map(|p| (at(p.span), p.dot, at(p.operands[0]), at(p.operands[1])))
            .collect();
        assert_eq!(
            products,
            [("a @ b", false, "a", "b"), ("dot(c, d)", true, "c", "d"), ("matmul(e, f)", false, "e", "f")]
        );
    }

    #[test]
    fn the_function_list_is_the_type_checkers() {
        let all: Vec<Function> = functions().collect();
        let sin = all.iter().find(|f| f.name == "sin").unwrap();
        assert_eq!((sin.args.clone(), sin.reduction), (1..=1, false));
        let std = all.iter().find(|f| f.name == "std").unwrap();
        assert_eq!((std.args.clone(), std.keywords, std.reduction), (1..=2, &["axis", "keepdims", "ddof"][..], true));
        assert_eq!(all.len(), funcs::FUNCS.len());
        assert!(constants().any(|(n, v)| n == "pi" && v == std::f64::consts::PI));
    }

    #[test]
    fn operators_come_loosest_first_and_parse_as_they_say() {
        let all: Vec<Operator> = operators().collect();
        assert_eq!(all.first().map(|o| o.symbol), Some("or"));
        assert_eq!(all.last().map(|o| o.symbol), Some("**"));
        assert!(all.windows(2).all(|w| w[0].precedence <= w[1].precedence));
        // Each infix operator binds tighter than every looser one, as the parser reads them.
        for tight in all.iter().filter(|o| o.operands == 2) {
            for loose in all.iter().filter(|o| o.operands == 2 && o.precedence < tight.precedence) {
                let text = format!("a {} b {} c", loose.symbol, tight.symbol);
                let want = format!("(a {} (b {} c))", loose.symbol, tight.symbol);
                assert_eq!(parse(&text).unwrap().to_string(), want, "{text}");
            }
        }
    }
}
