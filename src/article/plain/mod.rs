//! Plain-text articles: structure read from the layout of the lines.
//!
//! Plain text has no markup, so headings, lists and paragraphs are inferred
//! from how the lines are laid out. The rules, in the order they apply:
//!
//! - A Project Gutenberg header and licence (outside the `*** START OF` and
//!   `*** END OF` markers) are dropped; the header's `Title:` and `Author:`
//!   fields become metadata, as do `Title:`, `Author:`, `Date:` and `Tags:`
//!   lines at the top of any file.
//! - The title block is metadata (title, subtitle, author, date; a kicker
//!   becomes tags), left out of the text: either a news head at the very top
//!   (a kicker such as `OPINION`, a title, a dek, then credit lines: any
//!   `By …` line, `Jane Doe | Opinion contributor`, `Jane Doe, Staff
//!   Writer`, a date or dateline line), or a book's title line above a
//!   by-line near the top, where the lines above are a title page on which
//!   no headings are guessed.
//! - A file is either hard-wrapped (lines of similar width, blank lines
//!   between paragraphs; a paragraph's lines are joined with a space, and a
//!   blank line inside a sentence does not end it) or holds one paragraph per
//!   line.
//! - Column-aligned blocks keep their layout (as code blocks); indented blocks
//!   keep their line breaks (verse, addresses, contents lists).
//! - `1.`, `2)`, `-`, `*` and `•` lines are list items, never headings;
//!   `¹ …` and `[1] …` lines are footnotes.
//! - Headings, from the highest level down: numbered labels (`VOLUME II`;
//!   `BOOK ONE: 1805`, `PART 2`, `FIRST EPILOGUE`; `CHAPTER IV`,
//!   `FEDERALIST No. 10`; `SECTION 3`), then lines underlined with `===` and
//!   `---`, then guesses: short Title Case or ALL CAPS lines without closing
//!   punctuation, standing alone, and short sentence-case lines told apart
//!   from short paragraphs by what follows them (a long paragraph in a file
//!   of one-line paragraphs; text, after a line well short of the wrap
//!   width, in hard-wrapped files, where a heading may also open its block
//!   with no blank line after it). Guesses are made only in files without
//!   labels or underlines, as such files use short capitalised lines for
//!   subtitles, signatures and title pages. Levels count only the kinds a file
//!   uses, so a file of chapters alone has them all at level 1.
//! - Indented lines are never headings, nor is a guessed line that finishes
//!   the sentence above it, nor any heading with no text under it before the
//!   next heading of its level or higher.

use unicode_width::UnicodeWidthChar;

use super::{Draft, Metadata, title_from_file_name};
use blocks::{ParagraphStyle, split_pieces};
use gutenberg::body_range;
use headings::settle_headings;
use title_block::find_title_block;
use writer::write_draft;

/// Columns between tab stops, as in a terminal.
const TAB_WIDTH: usize = 8;

/// Lines wider than this (in characters) are whole paragraphs, not hard-wrapped text.
const MAX_WRAPPED_WIDTH: usize = 100;

/// Headings and title lines are at most this many characters wide.
const MAX_HEADING_WIDTH: usize = 80;

const MAX_HEADING_WORDS: usize = 12;

/// A guessed ALL CAPS heading may run over this many hard-wrapped lines.
const MAX_HEADING_LINES: usize = 3;

pub(super) fn parse(name: &str, source: &str) -> Draft {
    let lines = split_lines(source);
    let mut meta = Metadata::default();
    let body = &lines[body_range(&lines, &mut meta)];
    let title_block = find_title_block(body);
    let title_end = title_block.as_ref().map_or(0, |block| block.lines.end);
    let style = ParagraphStyle::detect(&body[title_end..]);
    let mut pieces = Vec::new();
    if let Some(block) = title_block {
        if meta.title.is_empty() {
            meta.title = block.title;
        }
        if let Some(author) = block.author {
            meta.author.get_or_insert(author);
        }
        if let Some(date) = block.date {
            meta.date.get_or_insert(date);
        }
        meta.subtitle = meta.subtitle.or(block.subtitle);
        if meta.tags.is_empty()
            && let Some(kicker) = block.kicker
        {
            meta.tags = kicker
                .split('|')
                .map(|tag| tag.trim().to_string())
                .collect();
        }
        split_pieces(body, 0..block.lines.start, style, false, &mut pieces);
    }
    split_pieces(body, title_end..body.len(), style, true, &mut pieces);
    settle_headings(body, &mut pieces);
    if meta.title.is_empty() {
        meta.title = title_from_file_name(name);
    }
    write_draft(body, pieces, meta)
}

/// One line of the source, without its newline.
#[derive(Debug)]
struct Line<'a> {
    /// The line as written.
    raw: &'a str,
    /// The line without leading and trailing white space.
    content: &'a str,
    /// Byte offset of `content` in the source.
    content_start: usize,
    /// Columns of leading white space, tabs expanded.
    indent: usize,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.content.is_empty()
    }

    fn content_end(&self) -> usize {
        self.content_start + self.content.len()
    }

    /// The line's width in columns, indentation included, or None when it is
    /// wider than `max`.
    fn width_up_to(&self, max: usize) -> Option<usize> {
        let room = max.checked_sub(self.indent)?;
        width_up_to(self.content, room).map(|width| self.indent + width)
    }

    /// Whether the line fills most of the wrap width, as wrapped lines do.
    fn is_full(&self, wrap_width: usize) -> bool {
        self.width_up_to(MAX_WRAPPED_WIDTH)
            .is_none_or(|width| width * 5 >= wrap_width * 3)
    }
}

fn split_lines(source: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::with_capacity(source.len() / 40 + 1);
    let mut offset = 0;
    for raw in source.split('\n') {
        crate::article::work::step(raw.len() + 1);
        let leading = raw.len() - raw.trim_start().len();
        lines.push(Line {
            raw,
            content: raw.trim(),
            content_start: offset + leading,
            indent: indent_columns(&raw[..leading]),
        });
        offset += raw.len() + 1;
    }
    lines
}

/// Columns taken by leading white space, with tabs going to the next tab stop.
fn indent_columns(white_space: &str) -> usize {
    white_space.chars().fold(0, |column, c| match c {
        '\t' => (column / TAB_WIDTH + 1) * TAB_WIDTH,
        _ => column + c.width().unwrap_or(0),
    })
}

/// The width of `text` in characters, or None when it is wider than `max`.
fn width_up_to(text: &str, max: usize) -> Option<usize> {
    // Counting stops early so that long one-line paragraphs cost little.
    let width = text.chars().take(max + 1).count();
    (width <= max).then_some(width)
}

/// The rules a news head is read by (kicker, title, dek, credit lines),
/// shared with the head pass over an extracted web page.
pub(crate) mod head_rules {
    pub(crate) use super::credits::{Credit, by_line, credit_line, date_in, iso_date};
    pub(crate) use super::title_block::{is_dek, is_kicker, is_title};
}

mod blocks;
mod credits;
mod gutenberg;
mod headings;
#[cfg(test)]
mod op_ed_tests;
#[cfg(test)]
mod tests;
mod title_block;
mod writer;
