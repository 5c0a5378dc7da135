//! Syntax: expression text in, a syntax tree with byte spans out.
//!
//! This stage knows the grammar (`grammar/expr.ebnf`) and nothing else: no dtypes, no variables, no
//! functions. Names are only names and calls only calls; `typeck` gives them meaning.

pub mod ast;
pub mod lexer;
pub mod operators;
pub mod parser;

pub use ast::{bytes_literal, Ast, Index, IndexKind, Kwarg, NodeId, NodeKind};
pub use operators::{BinaryOp, UnaryOp};
pub use parser::parse;
