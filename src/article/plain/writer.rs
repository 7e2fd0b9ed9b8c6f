//! Pieces written out as the draft's blocks and reading text.

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

use super::super::sanitize::visible;
use super::super::{BlockKind, Draft, Metadata};
use super::blocks::*;
use super::headings::*;
use super::*;

pub(super) fn write_draft(lines: &[Line], pieces: Vec<Piece>, meta: Metadata) -> Draft {
    let levels = heading_levels(&pieces);
    let mut draft = Draft {
        meta,
        ..Draft::default()
    };
    let text_bytes =
        lines.last().map_or(0, Line::content_end) - lines.first().map_or(0, |l| l.content_start);
    draft.text.reserve(text_bytes);
    for piece in pieces {
        let start = draft.begin_block();
        write_text(&piece, lines, &mut draft.text);
        let source =
            lines[piece.lines.start].content_start..lines[piece.lines.end - 1].content_end();
        let kind = match piece.role {
            Role::Heading(kind) => BlockKind::Heading {
                level: levels[kind as usize],
            },
            Role::Paragraph => BlockKind::Paragraph,
            Role::ListItem { depth, marker } => BlockKind::ListItem { depth, marker },
            Role::Footnote { label } => BlockKind::Footnote { label },
            Role::Preformatted => BlockKind::Code { lang: None },
            Role::Rule => BlockKind::Rule,
        };
        draft.end_block(start, kind, source, 0);
    }
    draft
}

/// Appends a piece's reading text: tabs expanded, unsafe characters made visible.
pub(super) fn write_text(piece: &Piece, lines: &[Line], out: &mut String) {
    if piece.role == Role::Rule {
        return;
    }
    let shown = piece
        .shown_lines(lines)
        .iter()
        .filter(|line| !line.is_blank());
    match piece.join {
        LineJoin::Flowing | LineJoin::LineBreaks => {
            let separator = if piece.join == LineJoin::Flowing {
                " "
            } else {
                "\n"
            };
            for (n, line) in shown.enumerate() {
                if n == 0 {
                    push_visible(out, line.content[piece.skip..].trim_start());
                } else {
                    out.push_str(separator);
                    push_visible(out, line.content);
                }
            }
        }
        LineJoin::Verbatim => {
            let shared_indent = piece
                .shown_lines(lines)
                .iter()
                .map(|l| l.indent)
                .min()
                .unwrap_or(0);
            for (n, line) in shown.enumerate() {
                if n > 0 {
                    out.push('\n');
                }
                let expanded = expand_tabs(line.raw.trim_end());
                push_visible(out, skip_columns(&expanded, shared_indent));
            }
        }
    }
}

pub(super) fn push_visible(out: &mut String, text: &str) {
    crate::article::work::step(text.len());
    out.push_str(&visible(&expand_tabs(text)));
}

/// `text` with each tab replaced by spaces up to the next tab stop.
pub(super) fn expand_tabs(text: &str) -> Cow<'_, str> {
    if !text.contains('\t') {
        return Cow::Borrowed(text);
    }
    let mut expanded = String::with_capacity(text.len() + TAB_WIDTH);
    let mut column = 0;
    for c in text.chars() {
        if c == '\t' {
            let next_stop = (column / TAB_WIDTH + 1) * TAB_WIDTH;
            expanded.extend(std::iter::repeat_n(' ', next_stop - column));
            column = next_stop;
        } else {
            expanded.push(c);
            column += c.width().unwrap_or(0);
        }
    }
    Cow::Owned(expanded)
}

/// `text` without its first `columns` columns of leading white space.
pub(super) fn skip_columns(text: &str, columns: usize) -> &str {
    let mut column = 0;
    for (at, c) in text.char_indices() {
        if column >= columns || !c.is_whitespace() {
            return &text[at..];
        }
        column += c.width().unwrap_or(1);
    }
    ""
}
