//! A Pratt parser for `grammar/expr.ebnf`.
//!
//! One binding-power table (the operators' rows, `operators.rs`) and one loop (`expr_bp`) cover the binary rules from `or_test`
//! down to `power`; `prefix` covers `not_test`, `unary` and `primary`. Recursion happens only at prefix
//! operators, parentheses and call arguments, and is bounded by `MAX_NESTING`; long operator chains are
//! built by the loop.

use super::ast::{Ast, Index, IndexKind, Kwarg, Node, NodeId, NodeKind};
use super::lexer::{tokenize, Tok, Token};
use super::operators::{BinaryOp, UnaryOp, BP_UNARY};
use crate::error::{Error, ErrorKind, Result};
use crate::span::Span;

/// The longest expression text accepted, in bytes.
pub const MAX_LEN: usize = 1 << 20;
/// The most nodes an expression may have.
pub const MAX_NODES: usize = 100_000;
/// How deep parentheses, unary operators and calls may nest.
pub const MAX_NESTING: usize = 200;

/// Parses a whole expression.
pub fn parse(text: &str) -> Result<Ast> {
    if text.len() > MAX_LEN {
        return Err(Error::new(
            ErrorKind::TooComplex { what: "the expression's length in bytes", limit: MAX_LEN },
            Span::new(0, 0),
        ));
    }
    let tokens = tokenize(text)?;
    let mut p = Parser { text, tokens, pos: 0, nodes: Vec::new(), depth: 0 };
    let root = p.expr_bp(0)?;
    let next = p.peek();
    if next.tok != Tok::Eof {
        return Err(p.unexpected(next, "an operator or end of input"));
    }
    Ok(Ast { nodes: p.nodes, root })
}

struct Parser<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    pos: usize,
    nodes: Vec<Node>,
    /// Current nesting of prefix operators, parentheses and calls.
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Token {
        self.tokens[self.pos]
    }

    fn bump(&mut self) -> Token {
        let t = self.tokens[self.pos];
        if t.tok != Tok::Eof {
            self.pos += 1;
        }
        t
    }

    fn expect(&mut self, tok: Tok, expected: &str) -> Result<Token> {
        let t = self.peek();
        if t.tok == tok {
            Ok(self.bump())
        } else {
            Err(self.unexpected(t, expected))
        }
    }

    fn unexpected(&self, t: Token, expected: &str) -> Error {
        let found = match t.tok {
            Tok::Eof => "end of input".to_owned(),
            _ => format!("`{}`", &self.text[t.span.start..t.span.end]),
        };
        Error::new(ErrorKind::Syntax { expected: expected.to_owned(), found }, t.span)
    }

    fn push(&mut self, kind: NodeKind, span: Span) -> Result<NodeId> {
        if self.nodes.len() >= MAX_NODES {
            return Err(Error::new(ErrorKind::TooComplex { what: "the number of nodes", limit: MAX_NODES }, span));
        }
        self.nodes.push(Node { kind, span });
        Ok(self.nodes.len() - 1)
    }

    fn enter(&mut self, span: Span) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(Error::new(ErrorKind::TooComplex { what: "the nesting depth", limit: MAX_NESTING }, span));
        }
        Ok(())
    }

    /// Parses operators that bind at least as tightly as `min_bp` (the rules `or_test` to `power`). The
    /// descent recurses at most `MAX_NESTING` deep, but its frames are large in a debug build, so where
    /// less than 64 KiB of stack is left it goes on on a fresh stack (a thread's may be small).
    fn expr_bp(&mut self, min_bp: u8) -> Result<NodeId> {
        stacker::maybe_grow(64 << 10, 1 << 20, || self.expr_bp_here(min_bp))
    }

    fn expr_bp_here(&mut self, min_bp: u8) -> Result<NodeId> {
        let mut lhs = self.prefix(min_bp)?;
        let mut compared = false;
        loop {
            let t = self.peek();
            let Some((op, bp)) = BinaryOp::infix(t.tok) else {
                break;
            };
            if bp < min_bp {
                break;
            }
            if op.is_comparison() {
                if compared {
                    let span = self.nodes[lhs].span.to(t.span);
                    return Err(Error::new(ErrorKind::ChainedComparison, span));
                }
                compared = true;
            }
            self.bump();
            // `power = primary [ "**" unary ]`: the right operand of `**` is a unary.
            let rhs_bp = if op == BinaryOp::Pow { BP_UNARY } else { bp + 1 };
            let rhs = self.expr_bp(rhs_bp)?;
            let span = self.nodes[lhs].span.to(self.nodes[rhs].span);
            lhs = self.push(NodeKind::Binary(op, lhs, rhs), span)?;
            if op == BinaryOp::Pow {
                // `a ** b ** c` was taken whole by the right operand; nothing binds tighter than `**`.
                continue;
            }
        }
        Ok(lhs)
    }

    /// `not_test`, `unary` and `primary`: what may start an operand at binding power `min_bp`.
    fn prefix(&mut self, min_bp: u8) -> Result<NodeId> {
        let t = self.peek();
        // `not` starts a `not_test`, which an operand tighter than `not` cannot be.
        let op = UnaryOp::prefix(t.tok).filter(|&(op, bp)| op != UnaryOp::Not || min_bp <= bp);
        if let Some((op, bp)) = op {
            self.bump();
            self.enter(t.span)?;
            let operand = self.expr_bp(bp)?;
            self.depth -= 1;
            let span = t.span.to(self.nodes[operand].span);
            return self.push(NodeKind::Unary(op, operand), span);
        }
        self.postfix()
    }

    /// `postfix = primary { "." ( "real" | "imag" ) | "[" subscripts "]" }`: an attribute is the call of the
    /// function of its name, `z.real` is `real(z)`.
    fn postfix(&mut self) -> Result<NodeId> {
        let mut x = self.primary()?;
        while matches!(self.peek().tok, Tok::Dot | Tok::LBracket) {
            if self.peek().tok == Tok::LBracket {
                x = self.subscript(x)?;
                continue;
            }
            self.bump();
            let t = self.peek();
            let name = &self.text[t.span.start..t.span.end];
            if t.tok != Tok::Name || !matches!(name, "real" | "imag") {
                return Err(self.unexpected(t, "`real` or `imag` (the only attributes)"));
            }
            self.bump();
            let span = self.nodes[x].span.to(t.span);
            let call = NodeKind::Call { name: name.to_owned(), name_span: t.span, args: vec![x], kwargs: Vec::new() };
            x = self.push(call, span)?;
        }
        Ok(x)
    }

    /// `primary = number | string | "True" | "False" | name | call | "(" expr ")" | tuple`.
    fn primary(&mut self) -> Result<NodeId> {
        let t = self.bump();
        let text = &self.text[t.span.start..t.span.end];
        match t.tok {
            Tok::Int => {
                let digits: String = text.chars().filter(|c| *c != '_').collect();
                // Python's integers have no bound; numjit's literals are exact up to 2^127 - 1.
                let v = digits.parse::<i128>().map_err(|_| {
                    Error::new(
                        ErrorKind::Literal { message: format!("integer literal {text} does not fit in 128 bits") },
                        t.span,
                    )
                })?;
                self.push(NodeKind::Int(v.unsigned_abs()), t.span)
            }
            Tok::Float => {
                // The lexer's regex admits only text that Rust's float parser accepts.
                let v: f64 = text.parse().map_err(|_| self.unexpected(t, "a number"))?;
                self.push(NodeKind::Float(v), t.span)
            }
            Tok::Imag => {
                let digits: String = text[..text.len() - 1].chars().filter(|c| *c != '_').collect();
                let v: f64 = digits.parse().map_err(|_| self.unexpected(t, "a number"))?;
                self.push(NodeKind::Imag(v), t.span)
            }
            Tok::Str => {
                let v = super::lexer::decode_string(text, t.span)?;
                self.push(NodeKind::Bytes(v), t.span)
            }
            Tok::True => self.push(NodeKind::Bool(true), t.span),
            Tok::False => self.push(NodeKind::Bool(false), t.span),
            Tok::Name => {
                let name = text.to_owned();
                if self.peek().tok == Tok::LParen {
                    self.call(name, t.span)
                } else {
                    self.push(NodeKind::Name(name), t.span)
                }
            }
            Tok::LParen => {
                self.enter(t.span)?;
                if self.peek().tok == Tok::RParen {
                    let close = self.bump();
                    self.depth -= 1;
                    return self.push(NodeKind::Tuple(Vec::new()), t.span.to(close.span));
                }
                let inner = self.expr_bp(0)?;
                if self.peek().tok == Tok::Comma {
                    // A tuple: `(a,)` or `(a, b, ...)`, with an optional trailing comma.
                    let mut items = vec![inner];
                    while self.peek().tok == Tok::Comma {
                        self.bump();
                        if self.peek().tok == Tok::RParen {
                            break;
                        }
                        items.push(self.expr_bp(0)?);
                    }
                    self.depth -= 1;
                    let close = self.expect(Tok::RParen, "`,` or `)`")?;
                    return self.push(NodeKind::Tuple(items), t.span.to(close.span));
                }
                self.depth -= 1;
                let close = self.expect(Tok::RParen, "`)`")?;
                // The parenthesized node takes the parentheses' span, so carets cover them.
                self.nodes[inner].span = t.span.to(close.span);
                Ok(inner)
            }
            _ => Err(self.unexpected(t, "an expression")),
        }
    }

    /// `"[" subscripts "]"` after `base`: `subscripts = index { "," index } [ "," ]`, `index = "..." |
    /// "None" | expr | [ expr ] ":" [ expr ] [ ":" [ expr ] ]`.
    fn subscript(&mut self, base: NodeId) -> Result<NodeId> {
        let open = self.expect(Tok::LBracket, "`[`")?;
        self.enter(open.span)?;
        let mut items = Vec::new();
        loop {
            let t = self.peek();
            let ends = |tok: Tok| matches!(tok, Tok::Comma | Tok::RBracket);
            let is_none = t.tok == Tok::Name && &self.text[t.span.start..t.span.end] == "None";
            let item = if t.tok == Tok::Ellipsis {
                self.bump();
                Index { kind: IndexKind::Ellipsis, span: t.span }
            } else if is_none && ends(self.tokens[self.pos + 1].tok) {
                self.bump();
                Index { kind: IndexKind::NewAxis, span: t.span }
            } else {
                let start = if t.tok == Tok::Colon { None } else { Some(self.expr_bp(0)?) };
                if self.peek().tok != Tok::Colon {
                    let node = start.ok_or_else(|| self.unexpected(self.peek(), "an index"))?;
                    Index { kind: IndexKind::At(node), span: self.nodes[node].span }
                } else {
                    let mut end = self.bump().span;
                    let part = |p: &mut Self| -> Result<Option<NodeId>> {
                        Ok(if ends(p.peek().tok) || p.peek().tok == Tok::Colon { None } else { Some(p.expr_bp(0)?) })
                    };
                    let stop = part(self)?;
                    let mut step = None;
                    if self.peek().tok == Tok::Colon {
                        end = self.bump().span;
                        step = part(self)?;
                    }
                    let last = [step, stop].into_iter().flatten().next().map_or(end, |n| self.nodes[n].span);
                    let first = start.map_or(t.span, |n| self.nodes[n].span);
                    Index { kind: IndexKind::Slice(start, stop, step), span: first.to(last).to(end) }
                }
            };
            items.push(item);
            match self.peek().tok {
                Tok::Comma => {
                    self.bump();
                    if self.peek().tok == Tok::RBracket {
                        break;
                    }
                }
                Tok::RBracket => break,
                _ => return Err(self.unexpected(self.peek(), "`,`, `:` or `]`")),
            }
        }
        let close = self.expect(Tok::RBracket, "`]`")?;
        self.depth -= 1;
        let span = self.nodes[base].span.to(close.span);
        self.push(NodeKind::Subscript { base, items }, span)
    }

    /// `call = name "(" [ argument { "," argument } [ "," ] ] ")"`, `argument = expr | name "=" expr`.
    fn call(&mut self, name: String, name_span: Span) -> Result<NodeId> {
        let open = self.expect(Tok::LParen, "`(`")?;
        self.enter(open.span)?;
        let mut args = Vec::new();
        let mut kwargs: Vec<Kwarg> = Vec::new();
        while self.peek().tok != Tok::RParen {
            let t = self.peek();
            let is_kwarg = t.tok == Tok::Name && self.tokens[self.pos + 1].tok == Tok::Assign;
            if is_kwarg {
                self.bump();
                self.bump();
                let value = self.expr_bp(0)?;
                let kw = self.text[t.span.start..t.span.end].to_owned();
                if kwargs.iter().any(|k| k.name == kw) {
                    return Err(self.unexpected(t, "a keyword not given before"));
                }
                kwargs.push(Kwarg { name: kw, span: t.span, value });
            } else {
                if !kwargs.is_empty() {
                    return Err(self.unexpected(t, "a keyword argument (positional ones come first)"));
                }
                args.push(self.expr_bp(0)?);
            }
            if self.peek().tok == Tok::Comma {
                self.bump();
            } else if self.peek().tok != Tok::RParen {
                let t = self.peek();
                return Err(self.unexpected(t, "`,` or `)`"));
            }
        }
        let close = self.bump();
        self.depth -= 1;
        self.push(NodeKind::Call { name, name_span, args, kwargs }, name_span.to(close.span))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> String {
        parse(text).unwrap().to_string()
    }

    fn err(text: &str) -> Error {
        parse(text).unwrap_err()
    }

    #[test]
    fn python_precedence() {
        assert_eq!(show("a + b * c"), "(a + (b * c))");
        assert_eq!(show("-a**2"), "(-(a ** 2))");
        assert_eq!(show("a**-b"), "(a ** (-b))");
        assert_eq!(show("a**b**c"), "(a ** (b ** c))");
        assert_eq!(show("a - b - c"), "((a - b) - c)");
        assert_eq!(show("a | b ^ c & d"), "(a | (b ^ (c & d)))");
        assert_eq!(show("a & b << 1 + 2"), "(a & (b << (1 + 2)))");
        assert_eq!(show("a < b | c"), "(a < (b | c))");
        assert_eq!(show("not a < b and c or d"), "(((not (a < b)) and c) or d)");
        assert_eq!(show("~a * 2"), "((~a) * 2)");
        assert_eq!(show("2 * -3"), "(2 * (-3))");
    }

    #[test]
    fn calls_and_keywords() {
        assert_eq!(show("where(a > 0.5, a, b)"), "where((a > 0.5), a, b)");
        assert_eq!(show("f()"), "f()");
        assert_eq!(show("f(a, b,)"), "f(a, b)");
        assert_eq!(show("sum(a, axis=1)"), "sum(a, axis=1)");
        assert_eq!(show("sum(a, axis=(0, -1), keepdims=True)"), "sum(a, axis=(0, (-1)), keepdims=True)");
        assert_eq!(show("sum(a, axis=(1,))"), "sum(a, axis=(1,))");
        assert_eq!(show("sum(a, axis=())"), "sum(a, axis=())");
        assert_eq!(show("(a, b,)"), "(a, b)");
    }

    #[test]
    fn spans_cover_parentheses() {
        let ast = parse("(a + b) * c").unwrap();
        let NodeKind::Binary(_, lhs, _) = ast.nodes[ast.root].kind else { panic!() };
        assert_eq!(ast.nodes[lhs].span, Span::new(0, 7));
    }

    #[test]
    fn chained_comparison_is_an_error() {
        let e = err("a < b < c");
        assert_eq!(e.kind, ErrorKind::ChainedComparison);
        assert_eq!(e.span, Some(Span::new(0, 7)));
        // Python reads `x > 0.5 & x < 1` as `x > (0.5 & x) < 1`: also chained.
        assert_eq!(err("x > 0.5 & x < 1").kind, ErrorKind::ChainedComparison);
    }

    #[test]
    fn syntax_errors_point_at_the_token() {
        assert_eq!(err("a +").span, Some(Span::new(3, 3)));
        assert_eq!(err("a b").span, Some(Span::new(2, 3)));
        assert_eq!(err("(a").span, Some(Span::new(2, 2)));
        assert_eq!(err("f(a=1, b)").span, Some(Span::new(7, 8)));
        assert_eq!(err("a + not b").span, Some(Span::new(4, 7)));
        // Literals are exact up to 2^127 - 1 (Python's have no bound).
        assert!(matches!(err("170141183460469231731687303715884105728").kind, ErrorKind::Literal { .. }));
        assert!(parse("170141183460469231731687303715884105727").is_ok());
    }

    #[test]
    fn limits_are_errors_not_crashes() {
        let deep = "(".repeat(100_000) + "a" + &")".repeat(100_000);
        assert!(matches!(err(&deep).kind, ErrorKind::TooComplex { .. }));
        let minus = "-".repeat(100_000) + "a";
        assert!(matches!(err(&minus).kind, ErrorKind::TooComplex { .. }));
        let long = "a+".repeat(60_000) + "a";
        assert!(matches!(err(&long).kind, ErrorKind::TooComplex { .. }));
        let huge = "a".repeat(10 << 20);
        assert!(matches!(err(&huge).kind, ErrorKind::TooComplex { .. }));
        // A long flat chain under the node limit is fine.
        assert!(parse(&("a+".repeat(20_000) + "a")).is_ok());
    }
}
