//! Writing arbitrary text into markdown so that it reads back as the same
//! characters: CommonMark and GFM punctuation is backslash-escaped, and the
//! whitespace markdown would swallow at a line's ends is written as a
//! character reference.

use std::borrow::Cow;
use std::ops::Range;

/// One replacement inside a line: `range` of the line is written as `with`.
pub(super) struct Edit {
    pub range: Range<usize>,
    pub with: Cow<'static, str>,
}

/// What a single line (no `\n`) needs replaced to read back unchanged in
/// the middle of a paragraph, a heading, a list item or a table cell.
pub(super) fn line_edits(line: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let content_start = line.len() - line.trim_start_matches([' ', '\t']).len();
    let content_end = line.trim_end_matches([' ', '\t']).len().max(content_start);
    for (at, c) in line[..content_start].char_indices() {
        edits.push(reference(at, c));
    }
    let content = &line[content_start..content_end];
    let first = line_start_escape(content);
    if let Some(first) = first {
        edits.push(backslash(
            content_start + first,
            content[first..].chars().next(),
        ));
    }
    // Every character with a meaning is ASCII, so bytes are scanned.
    for (at, byte) in content.bytes().enumerate() {
        if Some(at) != first && is_special(byte) && needs_backslash(content, at, byte) {
            edits.push(backslash(content_start + at, Some(byte as char)));
        }
    }
    if content_end > content_start {
        for (at, c) in line[content_end..].char_indices() {
            edits.push(reference(content_end + at, c));
        }
    }
    edits
}

/// `line` escaped as [`line_edits`] says.
pub(super) fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut copied = 0;
    for edit in line_edits(line) {
        out.push_str(&line[copied..edit.range.start]);
        out.push_str(&edit.with);
        copied = edit.range.end;
    }
    out.push_str(&line[copied..]);
    out
}

/// Text that must stay on one line (a table cell, a list entry's header):
/// its line breaks read as spaces.
pub(super) fn escape_one_line(text: &str) -> String {
    let joined: String = text
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    escape_line(&joined)
}

/// Reverses [`escape_line`]: backslash escapes and numeric references.
pub(super) fn unescape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '\\'
            && let Some(escaped) = rest[1..].chars().next().filter(char::is_ascii_punctuation)
        {
            out.push(escaped);
            rest = &rest[2..];
            continue;
        }
        if let Some((decoded, len)) = numeric_reference(rest) {
            out.push(decoded);
            rest = &rest[len..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `&#NN;` at the start of `text`: the character and the reference's length.
fn numeric_reference(text: &str) -> Option<(char, usize)> {
    let digits = text.strip_prefix("&#")?;
    let end = digits.find(';')?;
    let code: u32 = digits[..end].parse().ok()?;
    Some((char::from_u32(code)?, 2 + end + 1))
}

fn reference(at: usize, c: char) -> Edit {
    Edit {
        range: at..at + c.len_utf8(),
        with: Cow::Owned(format!("&#{};", c as u32)),
    }
}

fn backslash(at: usize, c: Option<char>) -> Edit {
    let c = c.unwrap_or('\\');
    let mut with = String::with_capacity(2);
    with.push('\\');
    with.push(c);
    Edit {
        range: at..at + c.len_utf8(),
        with: Cow::Owned(with),
    }
}

fn is_special(byte: u8) -> bool {
    matches!(
        byte,
        b'\\' | b'`' | b'*' | b'[' | b']' | b'<' | b'|' | b'~' | b'_' | b'&'
    )
}

/// Whether the special character at `at` has a meaning where it stands.
fn needs_backslash(text: &str, at: usize, byte: u8) -> bool {
    let next = || text[at + 1..].chars().next();
    match byte {
        // Between two letters or digits an underscore cannot emphasise.
        b'_' => {
            let previous = text[..at].chars().next_back();
            !(previous.is_some_and(char::is_alphanumeric)
                && next().is_some_and(char::is_alphanumeric))
        }
        // Only `&name;` and `&#NN;` are references.
        b'&' => next().is_some_and(|n| n == '#' || n.is_ascii_alphabetic()),
        _ => true,
    }
}

/// Where in a line's content a block marker would begin (a heading, quote,
/// list item, setext underline or thematic break), as the offset of the
/// character to escape.
fn line_start_escape(content: &str) -> Option<usize> {
    let first = content.chars().next()?;
    if matches!(first, '#' | '>' | '+' | '-' | '=' | '*' | '_') {
        return Some(0);
    }
    let digits = content.len()
        - content
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    (digits > 0 && content[digits..].starts_with(['.', ')'])).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_with_meaning_is_escaped_and_reads_back() {
        let line = "a *b* _c_ snake_case `d` [e](f) <g> | ~h~ & &amp; \\";
        let escaped = escape_line(line);
        assert_eq!(
            escaped,
            "a \\*b\\* \\_c\\_ snake_case \\`d\\` \\[e\\](f) \\<g> \\| \\~h\\~ & \\&amp; \\\\"
        );
        assert_eq!(unescape_line(&escaped), line);
    }

    #[test]
    fn block_markers_and_edge_whitespace_are_neutralised() {
        for (line, escaped) in [
            ("# not a heading", "\\# not a heading"),
            ("> not a quote", "\\> not a quote"),
            ("- not an item", "\\- not an item"),
            ("12. not an item", "12\\. not an item"),
            ("===", "\\==="),
            ("  indented  ", "&#32;&#32;indented&#32;&#32;"),
            ("&#32; literal", "\\&#32; literal"),
        ] {
            assert_eq!(escape_line(line), escaped, "{line:?}");
            assert_eq!(unescape_line(escaped), line, "{escaped:?}");
        }
    }

    #[test]
    fn one_line_text_joins_its_lines() {
        assert_eq!(escape_one_line("first\n\n second \n"), "first second");
    }
}
