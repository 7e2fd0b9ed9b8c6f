//! Lines grouped into pieces: paragraphs, list items, headings, preformatted text.

use std::ops::Range;

use crate::article::work::step;

use super::headings::*;
use super::*;

/// How a file lays out its paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ParagraphStyle {
    /// Each line is a paragraph (or list item, or heading).
    OneLine,
    /// Paragraphs are wrapped at about `width` characters and separated by
    /// blank lines.
    HardWrapped { width: usize },
}

impl ParagraphStyle {
    /// Hard-wrapped text has few long lines, and nearly every line that another
    /// follows is close to the wrap width (it was broken because it was full).
    pub(super) fn detect(lines: &[Line]) -> Self {
        let mut text_lines = 0;
        let mut long_lines = 0;
        let mut width = 0;
        for line in lines.iter().filter(|line| !line.is_blank()) {
            text_lines += 1;
            match line.width_up_to(MAX_WRAPPED_WIDTH) {
                Some(w) => width = width.max(w),
                None => long_lines += 1,
            }
        }
        if long_lines * 10 >= text_lines {
            return ParagraphStyle::OneLine;
        }
        let mut followed = 0;
        let mut full = 0;
        for pair in lines.windows(2) {
            if pair[0].is_blank() || pair[1].is_blank() {
                continue;
            }
            // Lines ended by structure rather than by wrapping do not count:
            // a line before a list item or an underline, and short headings.
            if list_marker(pair[1].content).is_some() || underline_kind(&pair[1]).is_some() {
                continue;
            }
            if pair[0].is_full(width) {
                full += 1;
            } else if labelled_heading(pair[0].content).is_some()
                || looks_like_heading(pair[0].content)
            {
                continue;
            }
            followed += 1;
        }
        if followed > 0 && full * 5 >= followed * 4 {
            ParagraphStyle::HardWrapped { width }
        } else {
            ParagraphStyle::OneLine
        }
    }
}

/// A thematic break: `* * *`, `***`, `-----`, `_____` or `=====` alone.
pub(super) fn is_rule(content: &str) -> bool {
    let mut marks = content.chars().filter(|c| !c.is_whitespace());
    let Some(mark) = marks.next() else {
        return false;
    };
    matches!(mark, '*' | '-' | '_' | '=') && marks.clone().count() >= 2 && marks.all(|c| c == mark)
}

/// The marker of a list item (`1.`, `2)`, `-`, `*`, `•`) and the bytes it and
/// the space after it take.
pub(super) fn list_marker(content: &str) -> Option<(&str, usize)> {
    let marker_len = match content.chars().next()? {
        '-' | '*' | '•' | '+' => content.chars().next()?.len_utf8(),
        '0'..='9' => {
            let digits = content.bytes().take_while(u8::is_ascii_digit).count();
            let closes = matches!(content.as_bytes().get(digits), Some(b'.' | b')'));
            if digits > 3 || !closes {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    let after = &content[marker_len..];
    let text = after.trim_start();
    (after.starts_with(char::is_whitespace) && !text.is_empty())
        .then(|| (&content[..marker_len], content.len() - text.len()))
}

/// Whether a line of text stops in the middle of a sentence, so that what
/// follows it continues the sentence.
pub(super) fn ends_open(content: &str) -> bool {
    content
        .chars()
        .next_back()
        .is_some_and(|c| c.is_lowercase() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—'))
}

/// Whether a block is laid out in columns with runs of spaces, like a table.
pub(super) fn is_column_aligned(lines: &[Line]) -> bool {
    if lines.len() < 2 {
        return false;
    }
    let aligned = lines
        .iter()
        .filter(|line| line.content.contains("   ") || line.content.contains('\t'))
        .count();
    aligned * 2 >= lines.len()
}

/// A block-to-be, in body lines.
#[derive(Debug)]
pub(super) struct Piece {
    pub(super) role: Role,
    /// Body lines the piece stands on (blank lines inside are skipped).
    pub(super) lines: Range<usize>,
    /// How many of those lines hold its text: an underline holds none.
    pub(super) shown: usize,
    /// Bytes of the first line's content taken by a list marker.
    pub(super) skip: usize,
    pub(super) join: LineJoin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Role {
    Heading(HeadingKind),
    Paragraph,
    ListItem {
        depth: u8,
        marker: String,
    },
    /// A note at the foot of the text: `¹ Vantry Borough Council, …`.
    Footnote {
        label: String,
    },
    Preformatted,
    Rule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineJoin {
    /// Lines joined with a space.
    Flowing,
    /// Lines kept, without their indentation.
    LineBreaks,
    /// Lines kept as they are, less the indentation they share.
    Verbatim,
}

impl Piece {
    pub(super) fn new(role: Role, lines: Range<usize>, join: LineJoin) -> Self {
        let shown = lines.len();
        Piece {
            role,
            lines,
            shown,
            skip: 0,
            join,
        }
    }

    pub(super) fn shown_lines<'l, 'a>(&self, lines: &'l [Line<'a>]) -> &'l [Line<'a>] {
        &lines[self.lines.start..self.lines.start + self.shown]
    }

    /// Whether this is a paragraph that stops mid-sentence (list items often
    /// go without closing punctuation).
    pub(super) fn ends_open(&self, lines: &[Line]) -> bool {
        self.role == Role::Paragraph
            && self
                .shown_lines(lines)
                .last()
                .is_some_and(|line| ends_open(line.content))
    }
}

/// Depths of list items from their indentation.
#[derive(Debug, Default)]
pub(super) struct ListNesting {
    /// Indentation of each open level, outermost first.
    pub(super) indents: Vec<usize>,
}

impl ListNesting {
    pub(super) fn depth(&mut self, indent: usize) -> u8 {
        while self.indents.last().is_some_and(|&open| open > indent) {
            self.indents.pop();
        }
        if self.indents.last() != Some(&indent) {
            self.indents.push(indent);
        }
        u8::try_from(self.indents.len() - 1).unwrap_or(u8::MAX)
    }

    pub(super) fn close(&mut self) {
        self.indents.clear();
    }
}

/// Splits body lines `range` into pieces, block by block (a block is a run of
/// non-blank lines). `guess` allows guessed headings.
pub(super) fn split_pieces(
    lines: &[Line],
    range: Range<usize>,
    style: ParagraphStyle,
    guess: bool,
    out: &mut Vec<Piece>,
) {
    let first_piece = out.len();
    let mut lists = ListNesting::default();
    let mut index = range.start;
    while index < range.end {
        if lines[index].is_blank() {
            index += 1;
            continue;
        }
        let end = (index..range.end)
            .find(|&i| lines[i].is_blank())
            .unwrap_or(range.end);
        step(end - index);
        let previous = out[first_piece..].last();
        let continues =
            previous.is_some_and(|p| continues_across_blank(lines, p, &lines[index], style));
        block_pieces(lines, index..end, style, guess, continues, &mut lists, out);
        index = end;
    }
}

/// In hard-wrapped text, a blank line after a full line that stops
/// mid-sentence is a stray (some files are double-spaced), not a paragraph break.
pub(super) fn continues_across_blank(
    lines: &[Line],
    previous: &Piece,
    next: &Line,
    style: ParagraphStyle,
) -> bool {
    let ParagraphStyle::HardWrapped { width } = style else {
        return false;
    };
    let Some(last) = previous.shown_lines(lines).last() else {
        return false;
    };
    let mid_sentence = match last.content.chars().next_back() {
        Some(c) if c.is_lowercase() => true,
        Some(',' | ';') => next.content.starts_with(char::is_lowercase),
        _ => false,
    };
    previous.role == Role::Paragraph
        && previous.join == LineJoin::Flowing
        && mid_sentence
        && last.is_full(width)
        && next.indent == 0
}

pub(super) fn block_pieces(
    lines: &[Line],
    block: Range<usize>,
    style: ParagraphStyle,
    guess: bool,
    continues: bool,
    lists: &mut ListNesting,
    out: &mut Vec<Piece>,
) {
    let block_lines = &lines[block.clone()];
    // The checks on the whole block below each read every line of it.
    step(block.len());
    if is_column_aligned(block_lines) {
        lists.close();
        out.push(Piece::new(Role::Preformatted, block, LineJoin::Verbatim));
        return;
    }
    let indented = block_lines.iter().all(|line| line.indent > 0);
    if block.len() >= 2 && indented && !block_lines.iter().any(|l| list_marker(l.content).is_some())
    {
        lists.close();
        out.push(Piece::new(Role::Paragraph, block, LineJoin::LineBreaks));
        return;
    }
    let wrapped = matches!(style, ParagraphStyle::HardWrapped { .. });
    let mut index = block.start;
    while index < block.end {
        let starts_block = index == block.start;
        // Hard-wrapped text has headings only where a block starts.
        let may_head = lines[index].indent == 0 && (starts_block || !wrapped);
        if let Some((piece, end)) = marked_piece(lines, index, block.end, may_head, wrapped, lists)
        {
            out.push(piece);
            index = end;
            continue;
        }
        lists.close();
        let may_guess = guess && !(starts_block && continues);
        if may_head
            && let Some((piece, end)) = unmarked_heading(lines, &block, index, may_guess, style)
        {
            out.push(piece);
            index = end;
            continue;
        }
        let end = paragraph_end(lines, index, block.end, wrapped);
        match out.last_mut() {
            Some(previous) if starts_block && continues => {
                previous.lines.end = end;
                previous.shown = previous.lines.len();
            }
            _ => out.push(Piece::new(Role::Paragraph, index..end, LineJoin::Flowing)),
        }
        index = end;
    }
}

/// A piece its own lines mark as what it is, starting at `index`: a heading
/// underlined on the next line, a rule, a footnote or a list item; with
/// the line after it.
fn marked_piece(
    lines: &[Line],
    index: usize,
    block_end: usize,
    may_head: bool,
    wrapped: bool,
    lists: &mut ListNesting,
) -> Option<(Piece, usize)> {
    let line = &lines[index];
    if may_head
        && index + 1 < block_end
        && list_marker(line.content).is_none()
        && width_up_to(line.content, MAX_HEADING_WIDTH).is_some()
        && let Some(kind) = underline_kind(&lines[index + 1])
    {
        lists.close();
        let mut heading = Piece::new(Role::Heading(kind), index..index + 2, LineJoin::Flowing);
        heading.shown = 1;
        return Some((heading, index + 2));
    }
    if is_rule(line.content) {
        lists.close();
        return Some((
            Piece::new(Role::Rule, index..index + 1, LineJoin::Flowing),
            index + 1,
        ));
    }
    if let Some((label, skip)) = footnote_marker(line.content) {
        lists.close();
        let end = item_end(lines, index, block_end, wrapped);
        let role = Role::Footnote {
            label: label.to_string(),
        };
        let mut note = Piece::new(role, index..end, LineJoin::Flowing);
        note.skip = skip;
        return Some((note, end));
    }
    let (marker, skip) = list_marker(line.content)?;
    // A wrapped item runs on until the next item or rule.
    let end = item_end(lines, index, block_end, wrapped);
    let role = Role::ListItem {
        depth: lists.depth(line.indent),
        marker: marker.to_string(),
    };
    let mut item = Piece::new(role, index..end, LineJoin::Flowing);
    item.skip = skip;
    Some((item, end))
}

/// A heading nothing marks but its words (`Chapter 3`, `BOOK ONE: 1805`) or,
/// with `may_guess`, its shape; with the line after it.
fn unmarked_heading(
    lines: &[Line],
    block: &Range<usize>,
    index: usize,
    may_guess: bool,
    style: ParagraphStyle,
) -> Option<(Piece, usize)> {
    if let Some(kind) = labelled_heading(lines[index].content) {
        return Some((
            Piece::new(Role::Heading(kind), index..index + 1, LineJoin::Flowing),
            index + 1,
        ));
    }
    if !may_guess {
        return None;
    }
    let end = guessed_heading_end(lines, block.clone(), index, style)?;
    Some((
        Piece::new(
            Role::Heading(HeadingKind::Guessed),
            index..end,
            LineJoin::Flowing,
        ),
        end,
    ))
}

/// Where a paragraph starting at `index` ends: a wrapped one runs on until
/// a list item or rule interrupts it, or a line indented more than the one
/// before starts a new paragraph; otherwise each line is one.
fn paragraph_end(lines: &[Line], index: usize, block_end: usize, wrapped: bool) -> usize {
    let end = if wrapped {
        (index + 1..block_end)
            .find(|&i| interrupts_text(&lines[i]) || lines[i].indent > lines[i - 1].indent)
            .unwrap_or(block_end)
    } else {
        index + 1
    };
    step(end - index);
    end
}

/// Whether a line ends the wrapped paragraph or list item above it: a new
/// list item, a footnote or a rule.
pub(super) fn interrupts_text(line: &Line) -> bool {
    list_marker(line.content).is_some()
        || footnote_marker(line.content).is_some()
        || is_rule(line.content)
}

/// The label of a footnote line (`¹ Vantry Borough Council…`, `[2] Annual
/// report…`) and the bytes it and the space after it take.
pub(super) fn footnote_marker(content: &str) -> Option<(&str, usize)> {
    let superscripts: usize = content
        .chars()
        .take_while(|c| matches!(c, '¹' | '²' | '³' | '⁰'..='⁹'))
        .map(char::len_utf8)
        .sum();
    let label_len = if superscripts > 0 {
        superscripts
    } else {
        let inside = content.strip_prefix('[')?;
        let close = inside.find(']')?;
        let label = inside[..close]
            .strip_prefix('^')
            .unwrap_or(&inside[..close]);
        if label.is_empty() || label.len() > 3 || !label.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        close + 2
    };
    let after = &content[label_len..];
    let text = after.trim_start();
    (after.starts_with(char::is_whitespace) && !text.is_empty())
        .then(|| (&content[..label_len], content.len() - text.len()))
}

/// Where a footnote or list item that starts on line `index` ends: a
/// one-line item at its own line, a wrapped one at the next line that
/// interrupts running text (another item, a rule) or at the block's end.
fn item_end(lines: &[Line], index: usize, block_end: usize, wrapped: bool) -> usize {
    let end = if wrapped {
        (index + 1..block_end)
            .find(|&i| interrupts_text(&lines[i]))
            .unwrap_or(block_end)
    } else {
        index + 1
    };
    step(end - index);
    end
}
