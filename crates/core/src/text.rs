//! Text from an untrusted source (a plugin's names, explanations, errors
//! and output), made safe to print.
//!
//! A terminal obeys the control characters in what it prints: an escape
//! sequence can clear the screen, move the cursor or recolour a line, a
//! carriage return or newline can print a forged line over or after a
//! real one, and Unicode's bidirectional controls can reorder what is
//! shown (the "Trojan Source" attack). So every string a plugin gives
//! has its control characters written out as escapes (`\u{1b}`, `\n`)
//! before anything else sees it: the text is kept, readable, and every
//! output format (table, Markdown, CSV, JSON, SVG, HTML) shows the same
//! escaped text, never the raw character.

use std::borrow::Cow;
use std::path::Path;

/// A text file that could not be read as text.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be read.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A byte sequence that is not UTF-8, at a 1-based line and column (in
    /// characters, counting the valid text before it).
    #[error(
        "not UTF-8 text: line {line}, column {column} holds a byte that is not valid UTF-8; save the file as UTF-8"
    )]
    NotUtf8 { line: usize, column: usize },
}

/// Reads a text file, naming the place of the first byte that is not UTF-8.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let bytes = std::fs::read(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let before = std::str::from_utf8(valid).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ReadError::NotUtf8 { line, column }
    })
}

/// Whether `c` must not reach a terminal raw: a C0 or C1 control, DEL,
/// or a Unicode control that reorders or separates lines.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'              // Arabic letter mark
            | '\u{200e}'..='\u{200f}' // left-to-right and right-to-left marks
            | '\u{2028}'..='\u{2029}' // line and paragraph separators
            | '\u{202a}'..='\u{202e}' // embeddings and overrides
            | '\u{2066}'..='\u{2069}' // isolates
        )
}

/// `s` on one line: every control character (newlines and tabs too)
/// written as an escape, `\n`, `\r`, `\t` or `\u{..}`.
pub fn printable(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// `s` as lines of text: as [`printable`], but newlines and tabs are kept,
/// for text that is printed as a block (a plugin's output).
pub fn printable_lines(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, keep_lines: bool) -> Cow<'_, str> {
    let kept = |c: char| keep_lines && (c == '\n' || c == '\t');
    if !s.chars().any(|c| is_unsafe(c) && !kept(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if kept(c) || !is_unsafe(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.extend(c.escape_unicode()),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_written_out_and_the_rest_is_kept() {
        let forged = "\u{1b}[2J\u{1b}[Hok\r\nforecast: no errors\u{9b}";
        assert_eq!(
            printable(forged),
            "\\u{1b}[2J\\u{1b}[Hok\\r\\nforecast: no errors\\u{9b}"
        );
        assert_eq!(printable("a\u{202e}b\u{2066}c"), "a\\u{202e}b\\u{2066}c");
        assert_eq!(printable("déjà vu, 北朝鮮 \\ ok"), "déjà vu, 北朝鮮 \\ ok");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_byte_that_is_not_utf8_is_located() {
        let path = std::env::temp_dir().join(format!("forecast-text-{}.toml", std::process::id()));
        std::fs::write(&path, b"id = \"x\"\ntitle = \"caf\xe9\"\n").unwrap();
        let e = read_text(&path).unwrap_err();
        let _ = std::fs::remove_file(&path);
        assert!(
            matches!(
                e,
                ReadError::NotUtf8 {
                    line: 2,
                    column: 13
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("line 2, column 13"));
    }

    #[test]
    fn lines_keep_newlines_and_tabs_only() {
        assert_eq!(printable_lines("a\n\tb\r\u{7f}"), "a\n\tb\\r\\u{7f}");
    }
}
