//! Byte spans into the expression text, and the one place that draws a caret under one.

use std::fmt;

/// A half-open byte range `start..end` into the expression text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span that covers both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Writes the line of `text` that holds `span`, and below it carets under the span's characters.
///
/// Long expressions are shown as a window of at most 100 characters around the span, so a caret under
/// a 10 MB expression stays readable.
pub fn write_caret(f: &mut dyn fmt::Write, text: &str, span: Span) -> fmt::Result {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[line_start..line_end];
    let col = text[line_start..start].chars().count();
    let width = text[start..end.min(line_end)].chars().count().max(1);
    // Keep a window of the line around the caret.
    const WINDOW: usize = 100;
    let skip = col.saturating_sub(WINDOW / 2);
    let shown: String = line.chars().skip(skip).take(WINDOW).collect();
    let prefix = if skip > 0 { "..." } else { "" };
    let suffix = if line.chars().count() > skip + WINDOW { "..." } else { "" };
    writeln!(f, "  {prefix}{shown}{suffix}")?;
    let pad = prefix.len() + col - skip;
    let width = width.min(WINDOW.saturating_sub(col - skip).max(1));
    write!(f, "  {}{}", " ".repeat(pad), "^".repeat(width))
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caret(text: &str, span: Span) -> String {
        let mut s = String::new();
        write_caret(&mut s, text, span).unwrap();
        s
    }

    #[test]
    fn caret_under_span() {
        assert_eq!(caret("a + bb", Span::new(4, 6)), "  a + bb\n      ^^");
    }

    #[test]
    fn caret_at_end_of_input() {
        assert_eq!(caret("a +", Span::new(3, 3)), "  a +\n     ^");
    }

    #[test]
    fn caret_in_long_line_is_windowed() {
        let text = "a+".repeat(1000) + "?";
        let s = caret(&text, Span::new(2000, 2001));
        let lines: Vec<&str> = s.lines().collect();
        assert!(lines[0].len() < 120);
        let col = lines[1].find('^').unwrap();
        assert_eq!(&lines[0][col..col + 1], "?");
    }

    #[test]
    fn caret_never_splits_a_character() {
        let s = caret("é+ü", Span::new(1, 4));
        assert!(s.contains('^'));
    }
}
