//! The one gate for everything marginalia writes: to a terminal, a pipe or
//! a file, no text from a stranger (an article, a note, a label, a name, a
//! file name, an argument) carries a raw C0 or C1 control (newline and tab
//! aside) or a bidi control, so none can retitle a terminal, write its
//! clipboard, move its cursor or reorder what a reader sees.
//!
//! One rule per kind of output:
//!
//! - text for people (reports, markdown, messages, the screen): each such
//!   character becomes a visible stand-in (`␛`, `<U+009B>`), see
//!   [`for_people`], [`SafeWriter`] and [`write_file`] with [`Kind::Text`];
//! - JSON and CSV: each becomes the escape `\u001b`, see [`escaped`],
//!   [`json`] and [`Kind::Escaped`]. In JSON the escape reads back as the
//!   same character; in CSV it is shown as written.
//!
//! `main` writes every subcommand's standard output through a
//! [`SafeWriter`], so a new subcommand is safe by default; a JSON or CSV
//! output is escaped first with [`json`] or [`escaped`] (after which the
//! writer finds nothing to change). Files are written with [`write_file`].
//! The reader's screen is cleaned cell by cell in [`screen`].

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::Path;

use crate::article::sanitize::visible;
pub use crate::article::sanitize::{has_unsafe, is_unsafe};

/// How a kind of output shows an unsafe character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A visible stand-in, for text people read.
    Text,
    /// `\uXXXX`, for JSON and CSV.
    Escaped,
}

/// `text` with each unsafe character as a visible stand-in; newlines and
/// tabs kept.
pub fn for_people(text: &str) -> Cow<'_, str> {
    visible(text)
}

/// `text` with each unsafe character written as `\uXXXX`, CR LF line ends
/// aside (CSV's record separator). Applied to JSON,
/// the escape sits inside a string (no other place in JSON can hold such a
/// character) and decodes back to the same character.
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !has_unsafe(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // CSV ends its records with CR LF; a lone CR could overwrite a line.
        let line_end = c == '\r' && chars.peek() == Some(&'\n');
        if is_unsafe(c) && !line_end {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` cleaned for an output of `kind`.
pub fn clean(kind: Kind, text: &str) -> Cow<'_, str> {
    match kind {
        Kind::Text => for_people(text),
        Kind::Escaped => escaped(text),
    }
}

/// `value` as pretty JSON ending in a newline, every unsafe character
/// escaped (serde_json escapes C0 controls itself, but writes C1 and bidi
/// controls raw).
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(escaped(&text).into_owned())
}

/// Writes `text`, cleaned for `kind`, to `path` atomically (see
/// [`crate::fsutil::atomic_write`]).
pub fn write_file(path: &Path, kind: Kind, text: &str) -> io::Result<()> {
    crate::fsutil::atomic_write(path, clean(kind, text).as_bytes())
}

/// An error and its causes on one line for people, each cause once: an
/// error that already quotes its source (`cannot read it: Is a directory
/// (os error 21)`) is not followed by the source again.
pub fn error_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    crate::article::sanitize::visible_line(&line).into_owned()
}

/// Prints clap's message for a bad command line (or its help) and gives the
/// exit code. clap echoes the arguments it did not understand raw (it strips
/// escapes only when writing to a pipe), so when an argument holds anything
/// unsafe the command line is parsed again without colours, to tell clap's
/// text from the argument's, and the message is printed cleaned.
pub fn clap_error<P: clap::CommandFactory>(error: clap::Error) -> std::process::ExitCode {
    let code = std::process::ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
    let safe = std::env::args_os().all(|arg| arg.to_str().is_some_and(|a| !has_unsafe(a)));
    if safe {
        let _ = error.print();
        return code;
    }
    let plain = P::command()
        .styles(clap::builder::Styles::plain())
        .try_get_matches_from(std::env::args_os())
        .err()
        .unwrap_or(error);
    let text = plain.render().ansi().to_string();
    let cleaned = for_people(&text);
    let _ = if plain.use_stderr() {
        io::stderr().write_all(cleaned.as_bytes())
    } else {
        io::stdout().write_all(cleaned.as_bytes())
    };
    code
}

/// A writer that passes text for people through [`for_people`]. Bytes that
/// are not UTF-8 become U+FFFD (a lone 0x9B is a CSI to some terminals); a
/// character split across two writes is held until its end arrives.
pub struct SafeWriter<W: Write> {
    inner: W,
    /// The start of a character whose remaining bytes have not come yet.
    partial: Vec<u8>,
}

impl<W: Write> SafeWriter<W> {
    pub fn new(inner: W) -> SafeWriter<W> {
        SafeWriter {
            inner,
            partial: Vec::new(),
        }
    }

    fn write_clean(&mut self, text: &str) -> io::Result<()> {
        self.inner.write_all(for_people(text).as_bytes())
    }
}

impl<W: Write> Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut bytes = std::mem::take(&mut self.partial);
        bytes.extend_from_slice(buf);
        let mut rest = &bytes[..];
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.write_clean(text)?;
                    break;
                }
                Err(error) => {
                    let (valid, after) = rest.split_at(error.valid_up_to());
                    // Checked by from_utf8 just now.
                    self.write_clean(std::str::from_utf8(valid).unwrap_or_default())?;
                    match error.error_len() {
                        Some(len) => {
                            self.inner.write_all("\u{FFFD}".as_bytes())?;
                            rest = &after[len..];
                        }
                        None => {
                            self.partial = after.to_vec();
                            break;
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.partial.is_empty() {
            self.partial.clear();
            self.inner.write_all("\u{FFFD}".as_bytes())?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for SafeWriter<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// What a drawn cell's symbol must become, if anything, before it reaches
/// the terminal: an unsafe character becomes `?`, and a symbol that joins
/// several characters with a zero-width joiner (an emoji family, say) keeps
/// only its first character. Terminals disagree on how wide a joined
/// sequence is (many draw each part), so the joined symbol would push the
/// rest of the line, and the side panel's border, out of place; its first
/// character has the width the layout gave the cell.
pub fn screen_symbol(symbol: &str) -> Option<String> {
    use unicode_width::UnicodeWidthStr;
    let joined = symbol.contains('\u{200D}');
    let unsafe_char = symbol.chars().any(is_unsafe);
    if !joined && !unsafe_char {
        return None;
    }
    let width = symbol.width();
    let first: String = symbol
        .chars()
        .take(1)
        .map(|c| {
            if is_unsafe(c) || c == '\u{200D}' {
                '?'
            } else {
                c
            }
        })
        .collect();
    // The first character alone must fill the cell as the symbol did.
    if first.width() == width || (width == 0 && first.width() <= 1) {
        Some(first)
    } else {
        Some("?".repeat(width.max(1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a\u{1b}]0;T\u{7}b\u{9d}c\u{202e}d\u{7f}e\nf\tg";

    #[test]
    fn text_for_people_shows_stand_ins() {
        assert_eq!(for_people(HOSTILE), "a␛]0;T␇b<U+009D>c<U+202E>d␡e\nf\tg");
    }

    #[test]
    fn json_escapes_and_reads_back() {
        let text = json(&serde_json::json!({ "note": HOSTILE })).unwrap();
        assert!(!text.chars().any(is_unsafe), "{text}");
        assert!(
            text.contains("\\u009d") && text.contains("\\u202e"),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["note"], HOSTILE);
    }

    #[test]
    fn escaped_writes_backslash_u() {
        assert_eq!(escaped("x\u{1b}y"), "x\\u001by");
        assert_eq!(escaped("a\r\nb\rc"), "a\r\nb\\u000dc");
        assert!(matches!(escaped("plain, \"quoted\"\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_writer_cleans_characters_split_across_writes() {
        let mut out = Vec::new();
        {
            let mut writer = SafeWriter::new(&mut out);
            let bytes = "x\u{9b}y\u{202e}z".as_bytes();
            for byte in bytes {
                writer.write_all(&[*byte]).unwrap();
            }
            writer.write_all(b"\xff\x1b[2J").unwrap();
            writer.write_all(&[0xE2]).unwrap();
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "x<U+009B>y<U+202E>z\u{FFFD}␛[2J\u{FFFD}"
        );
    }

    #[test]
    fn screen_cells_lose_joiners_and_controls() {
        assert_eq!(
            screen_symbol("👨\u{200D}👩\u{200D}👧").as_deref(),
            Some("👨")
        );
        assert_eq!(screen_symbol("\u{1b}").as_deref(), Some("?"));
        assert_eq!(screen_symbol("é"), None);
        assert_eq!(screen_symbol("界"), None);
    }
}
