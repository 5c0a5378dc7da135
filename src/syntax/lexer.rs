//! Tokens, derived with logos from the lexical rules at the end of `grammar/expr.ebnf`.

use logos::Logos;

use crate::error::{Error, ErrorKind, Result};
use crate::span::Span;

/// One kind of token. Literal values and names are read back from the text through the token's span.
#[derive(Logos, Clone, Copy, Debug, PartialEq, Eq)]
#[logos(skip r"[ \t\r\n\f]+")]
pub enum Tok {
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("**")]
    StarStar,
    #[token("/")]
    Slash,
    #[token("//")]
    SlashSlash,
    #[token("%")]
    Percent,
    #[token("&")]
    Amp,
    #[token("|")]
    Pipe,
    #[token("^")]
    Caret,
    #[token("~")]
    Tilde,
    #[token("<<")]
    Shl,
    #[token(">>")]
    Shr,
    #[token("<")]
    Lt,
    #[token("<=")]
    Le,
    #[token("==")]
    EqEq,
    #[token("!=")]
    Ne,
    #[token(">=")]
    Ge,
    #[token(">")]
    Gt,
    #[token("=")]
    Assign,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token(",")]
    Comma,
    /// The `.` of an attribute, `z.real` (a `.` inside a number belongs to the number, the longer match).
    #[token(".")]
    Dot,
    #[token("True")]
    True,
    #[token("False")]
    False,
    #[token("and")]
    And,
    #[token("or")]
    Or,
    #[token("not")]
    Not,
    #[regex(r"[0-9](_?[0-9])*")]
    Int,
    #[regex(r"([0-9]+\.[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+")]
    Float,
    /// An imaginary literal, Python's: a float or decimal digits, then `j` or `J` (`1j`, `2.5e3j`).
    #[regex(r"(([0-9]+\.[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|[0-9](_?[0-9])*([eE][+-]?[0-9]+)?)[jJ]")]
    Imag,
    #[regex(r"[A-Za-z_][A-Za-z0-9_]*")]
    Name,
    /// The end of the input (never produced by logos; appended by `tokenize`).
    Eof,
}

/// A token and where it stands in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// Splits `text` into tokens, ending with `Tok::Eof`; a character no token starts with is an error.
pub fn tokenize(text: &str) -> Result<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut lexer = Tok::lexer(text);
    while let Some(tok) = lexer.next() {
        let span = Span::new(lexer.span().start, lexer.span().end);
        match tok {
            Ok(tok) => tokens.push(Token { tok, span }),
            Err(()) => {
                let found = text[span.start..].chars().next().unwrap_or(' ');
                return Err(Error::new(
                    ErrorKind::Syntax {
                        expected: "an operator, a name or a number".into(),
                        found: format!("the character `{found}`"),
                    },
                    span,
                ));
            }
        }
    }
    tokens.push(Token { tok: Tok::Eof, span: Span::new(text.len(), text.len()) });
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Tok> {
        tokenize(text).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn numbers() {
        for f in ["1.5", ".5", "1.", "1e-3", "2.5E+4", "3e10"] {
            assert_eq!(toks(f), [Tok::Float, Tok::Eof], "{f}");
        }
        assert_eq!(toks("1_000"), [Tok::Int, Tok::Eof]);
        for j in ["1j", "2.5e3j", ".5J", "1_0j", "3e-2j", "1.j"] {
            assert_eq!(toks(j), [Tok::Imag, Tok::Eof], "{j}");
        }
        assert_eq!(toks("z.real"), [Tok::Name, Tok::Dot, Tok::Name, Tok::Eof]);
        assert_eq!(toks("1j.imag"), [Tok::Imag, Tok::Dot, Tok::Name, Tok::Eof]);
    }

    #[test]
    fn longest_operator_wins() {
        assert_eq!(toks("a**b//c"), [Tok::Name, Tok::StarStar, Tok::Name, Tok::SlashSlash, Tok::Name, Tok::Eof]);
        assert_eq!(toks("a<=b>>c"), [Tok::Name, Tok::Le, Tok::Name, Tok::Shr, Tok::Name, Tok::Eof]);
    }

    #[test]
    fn keywords_are_not_names() {
        assert_eq!(toks("not a and True"), [Tok::Not, Tok::Name, Tok::And, Tok::True, Tok::Eof]);
        assert_eq!(toks("android"), [Tok::Name, Tok::Eof]);
    }

    #[test]
    fn stray_character_is_an_error_with_span() {
        let e = tokenize("a $ b").unwrap_err();
        assert_eq!(e.span, Some(Span::new(2, 3)));
    }
}
