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
    #[token("@")]
    At,
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
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token(":")]
    Colon,
    /// `...` in a subscript: as many full slices as the array has axes left.
    #[token("...")]
    Ellipsis,
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
    /// A string literal, Python's, with or without the `b` prefix (`b'abc'`, `"abc"`): both are byte
    /// strings (numexpr's rule), decoded by `decode_string`.
    #[regex(r#"[bB]?'([^'\\\n]|\\.)*'"#)]
    #[regex(r#"[bB]?"([^"\\\n]|\\.)*""#)]
    Str,
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
                let quote = text[span.start..].trim_start_matches(['b', 'B']).chars().next();
                if let Some(q @ ('\'' | '"')) = quote {
                    let end = text[span.start..].find('\n').map_or(text.len(), |k| span.start + k);
                    let message = format!("this string has no closing {q} on its line");
                    return Err(Error::new(ErrorKind::Literal { message }, Span::new(span.start, end)));
                }
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

/// The bytes a string literal (a `Tok::Str`'s text, quotes and prefix included) stands for, with
/// Python's escapes: `\\`, `\'`, `\"`, `\a \b \f \n \r \t \v`, `\ooo` (octal, at most 377) and `\xhh`; any
/// other backslash stays as it is. Characters beyond ASCII are an error (write them as `\xhh`): `span` is
/// the literal's, for the error.
pub fn decode_string(text: &str, span: Span) -> Result<Vec<u8>> {
    let body = &text.trim_start_matches(['b', 'B'])[1..];
    let body = &body[..body.len() - 1];
    let offset = span.start + (text.len() - body.len() - 1);
    let err = |at: usize, len: usize, message: String| {
        Error::new(ErrorKind::Literal { message }, Span::new(offset + at, offset + at + len))
    };
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut k = 0;
    while k < bytes.len() {
        let c = bytes[k];
        if !c.is_ascii() {
            let ch = body[k..].chars().next().unwrap_or(' ');
            let message = format!("`{ch}` is not ASCII: a string here is bytes (write them as \\xhh escapes)");
            return Err(err(k, ch.len_utf8(), message));
        }
        if c != b'\\' {
            out.push(c);
            k += 1;
            continue;
        }
        // The lexer admits a backslash only before another character.
        let e = bytes[k + 1];
        let simple = match e {
            b'\\' => Some(b'\\'),
            b'\'' => Some(b'\''),
            b'"' => Some(b'"'),
            b'a' => Some(7),
            b'b' => Some(8),
            b'f' => Some(12),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'v' => Some(11),
            _ => None,
        };
        if let Some(v) = simple {
            out.push(v);
            k += 2;
        } else if e == b'x' {
            let hex = body.get(k + 2..k + 4).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
            let Some(hex) = hex else {
                return Err(err(k, 2, "\\x takes two hexadecimal digits".into()));
            };
            out.push(u8::from_str_radix(hex, 16).expect("two hexadecimal digits"));
            k += 4;
        } else if (b'0'..=b'7').contains(&e) {
            let n = bytes[k + 1..].iter().take(3).take_while(|b| (b'0'..=b'7').contains(b)).count();
            let v = u32::from_str_radix(&body[k + 1..k + 1 + n], 8).expect("octal digits");
            let Ok(v) = u8::try_from(v) else {
                return Err(err(k, n + 1, format!("octal escape \\{v:o} is above \\377, one byte")));
            };
            out.push(v);
            k += 1 + n;
        } else {
            out.push(c);
            k += 1;
        }
    }
    Ok(out)
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
        assert_eq!(
            toks("a[1:, ...]"),
            [Tok::Name, Tok::LBracket, Tok::Int, Tok::Colon, Tok::Comma, Tok::Ellipsis, Tok::RBracket, Tok::Eof]
        );
        assert_eq!(toks("a[.5:]"), [Tok::Name, Tok::LBracket, Tok::Float, Tok::Colon, Tok::RBracket, Tok::Eof]);
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
    fn strings_and_their_escapes() {
        assert_eq!(toks(r#"s == b'ab' + "c\"d""#), [Tok::Name, Tok::EqEq, Tok::Str, Tok::Plus, Tok::Str, Tok::Eof]);
        let decode = |t: &str| decode_string(t, Span::new(0, t.len()));
        assert_eq!(decode(r"b'a\x00\t\\\'\101\0\q'").unwrap(), b"a\x00\t\\'A\x00\\q");
        assert_eq!(decode("'x'").unwrap(), b"x");
        assert_eq!(decode(r#"B"\"""#).unwrap(), b"\"");
        assert_eq!(decode(r"'\x4'").unwrap_err().span, Some(Span::new(1, 3)));
        assert_eq!(decode(r"'ab\400'").unwrap_err().span, Some(Span::new(3, 7)));
        assert_eq!(decode("'aé'").unwrap_err().span, Some(Span::new(2, 4)));
        let e = tokenize("a == 'abc").unwrap_err();
        assert_eq!(e.span, Some(Span::new(5, 9)));
    }

    #[test]
    fn stray_character_is_an_error_with_span() {
        let e = tokenize("a $ b").unwrap_err();
        assert_eq!(e.span, Some(Span::new(2, 3)));
    }
}
