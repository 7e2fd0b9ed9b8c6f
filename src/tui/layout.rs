//! Wrapped display rows, derived from byte ranges and cached per block.
//!
//! Only the blocks that are drawn or walked over are wrapped, so opening a
//! book costs one screen of wrapping, not the whole book; a paragraph longer
//! than [`PIECE_BYTES`] is wrapped a piece at a time, as far as it is drawn
//! or walked over (a 15 MB file of one line took seconds to open when it was
//! wrapped whole). A position in the
//! document is a block and a row inside it (both `usize`), never a global
//! row number, so nothing needs the height of the whole document.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use textwrap::WordSeparator;
use textwrap::core::{Word, break_words};
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_width::UnicodeWidthStr;

use crate::article::{Article, Block, BlockKind, Span};
pub use crate::tui::table::{COLUMN_SEPARATOR, TableRows};
use crate::tui::table::{MeasuredTable, table_rows};

/// A place in the document: a block and a row of it (rows include the blank
/// rows after the block).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub block: usize,
    pub row: usize,
}

/// Paragraphs longer than this are wrapped a piece of about this size at a
/// time, when rows of the piece are asked for.
pub const PIECE_BYTES: usize = 32 * 1024;

/// The rows of one block as wrapped at one width.
#[derive(Debug, PartialEq, Eq)]
pub struct BlockRows {
    /// The text shown on each row (trailing spaces left out), as far as the
    /// block has been wrapped.
    lines: RefCell<Vec<Span>>,
    /// Where the block's text not wrapped yet starts; `None` once it all is.
    rest: Cell<Option<usize>>,
    /// The end of the block's text, and the width it is wrapped to.
    end: usize,
    text_width: usize,
    /// The display columns taken before the text (quote bars, list markers).
    pub indent: u16,
    /// Blank rows after the block.
    pub gap: usize,
    /// For a table row: each column's width, and for each display row the
    /// piece of each cell shown on it, so cells are drawn aligned.
    pub table: Option<TableRows>,
}

/// What a row of a block shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowAt {
    Text(Span),
    /// A blank row after the block.
    Gap,
    /// Below the block's last row.
    Past,
}

impl BlockRows {
    fn wrapped(lines: Vec<Span>, indent: u16, gap: usize, table: Option<TableRows>) -> BlockRows {
        BlockRows {
            end: lines.last().map_or(0, |l| l.end),
            lines: RefCell::new(lines),
            rest: Cell::new(None),
            text_width: 0,
            indent,
            gap,
            table,
        }
    }

    /// Rows in all, gap included (wraps the whole block).
    pub fn height(&self, text: &str) -> usize {
        while self.wrap_more(text) {}
        self.lines.borrow().len() + self.gap
    }

    /// What row `row` shows, wrapping only as far as it.
    pub fn row(&self, text: &str, row: usize) -> RowAt {
        while self.lines.borrow().len() <= row && self.wrap_more(text) {}
        let lines = self.lines.borrow();
        match lines.get(row) {
            Some(line) => RowAt::Text(line.clone()),
            None if row < lines.len() + self.gap => RowAt::Gap,
            None => RowAt::Past,
        }
    }

    /// The text on row `row`, if it is a row of text.
    pub fn line(&self, text: &str, row: usize) -> Option<Span> {
        match self.row(text, row) {
            RowAt::Text(line) => Some(line),
            RowAt::Gap | RowAt::Past => None,
        }
    }

    /// The row showing byte `offset` (the last row for offsets past the text).
    pub fn row_of(&self, text: &str, offset: usize) -> usize {
        while self.rest.get().is_some_and(|rest| rest <= offset) && self.wrap_more(text) {}
        let lines = self.lines.borrow();
        lines
            .partition_point(|line| line.start <= offset)
            .saturating_sub(1)
    }

    /// The last row of text, wrapping the whole block.
    pub fn last_line(&self, text: &str) -> Option<Span> {
        while self.wrap_more(text) {}
        self.lines.borrow().last().cloned()
    }

    /// Wraps the next piece of a long paragraph; false when nothing is left.
    /// A piece's last row may be cut short by the piece's end, so it is
    /// wrapped again with the next piece: rows come out as if the paragraph
    /// had been wrapped whole.
    fn wrap_more(&self, text: &str) -> bool {
        let Some(start) = self.rest.get() else {
            return false;
        };
        let mut end = (start + PIECE_BYTES).min(self.end);
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let mut rows = wrap_range(text, start..end, self.text_width);
        let rest = match rows.len() {
            _ if end >= self.end => None,
            n if n > 1 => rows.pop().map(|last| last.start),
            _ => Some(end),
        };
        self.rest.set(rest);
        self.lines.borrow_mut().extend(rows);
        true
    }
}

/// The columns a block's decoration takes before its text.
pub fn indent_of(block: &Block) -> u16 {
    let quote = 2 * block.quote_depth as u16;
    quote
        + match &block.kind {
            BlockKind::ListItem { depth, marker } => {
                2 * *depth as u16 + marker_width(marker).max(1) + 1
            }
            BlockKind::Code { .. } => 2,
            BlockKind::Footnote { label } => label.width() as u16 + 3,
            _ => 0,
        }
}

fn marker_width(marker: &str) -> u16 {
    marker.width() as u16
}

/// Whether a blank row separates `block` from the next one: list items and
/// table rows of one list or table sit together.
fn gap_after(article: &Article, index: usize) -> usize {
    let Some(next) = article.blocks.get(index + 1) else {
        return 0;
    };
    let this = &article.blocks[index].kind;
    let together = matches!(
        (this, &next.kind),
        (BlockKind::ListItem { .. }, BlockKind::ListItem { .. })
            | (BlockKind::TableRow { .. }, BlockKind::TableRow { .. })
            | (BlockKind::Footnote { .. }, BlockKind::Footnote { .. })
    );
    usize::from(!together)
}

/// Wraps `range` of `text` to `width` columns: hard line breaks are kept,
/// lines break at Unicode line-break opportunities, a link wider than a
/// line breaks after a `/` or before a `?`, `&` or `#`, and only what is
/// still wider than a line is cut.
pub fn wrap_range(text: &str, range: Span, width: usize) -> Vec<Span> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut line_start = range.start;
    for line in text[range.clone()].split('\n') {
        let offset_of = |s: &str| s.as_ptr() as usize - text.as_ptr() as usize;
        let words: Vec<Word> = WordSeparator::UnicodeBreakProperties
            .find_words(line)
            .collect();
        let words = break_words(split_long_links(line, words, width), width);
        if words.is_empty() {
            rows.push(line_start..line_start);
        }
        for row in wrap_first_fit(&words, &[width as f64]) {
            let (Some(first), Some(last)) = (row.first(), row.last()) else {
                continue;
            };
            let start = offset_of(first.word);
            let end = offset_of(last.word) + last.word.len();
            rows.push(start..end);
        }
        line_start += line.len() + 1;
    }
    rows
}

/// Links wrap at the places a link may break: each run of words with no
/// space between them that holds a `://` is taken as one (the Unicode
/// rules would break it after `https://`), and it and every other word
/// wider than `width` with a `/`, `?`, `&` or `#` in it is split after a
/// `/` (not within `//`, nor before the host's first `/`) and before a
/// `?`, `&` or `#`. The pieces join with no space; a piece still wider
/// than the line is cut by `break_words` after this.
fn split_long_links<'a>(line: &'a str, words: Vec<Word<'a>>, width: usize) -> Vec<Word<'a>> {
    let offset = |s: &str| s.as_ptr() as usize - line.as_ptr() as usize;
    let mut tokens: Vec<Word<'a>> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let mut j = i;
        while j + 1 < words.len() && words[j].whitespace.is_empty() && words[j].penalty.is_empty() {
            j += 1;
        }
        let start = offset(words[i].word);
        let end = offset(words[j].word) + words[j].word.len();
        if j > i && line[start..end].contains("://") {
            tokens.push(Word {
                whitespace: words[j].whitespace,
                penalty: words[j].penalty,
                ..Word::from(&line[start..end])
            });
        } else {
            tokens.extend_from_slice(&words[i..=j]);
        }
        i = j + 1;
    }
    let mut out = Vec::with_capacity(tokens.len());
    for word in tokens {
        if word.width <= width || !word.word.contains(['/', '?', '&', '#']) {
            out.push(word);
            continue;
        }
        let bytes = word.word.as_bytes();
        let first = word.word.find("://").map_or(1, |scheme| {
            let host = scheme + 3;
            word.word[host..]
                .find('/')
                .map_or(bytes.len(), |slash| host + slash + 1)
        });
        let mut start = 0;
        for i in first.max(1)..bytes.len() {
            let after_slash = bytes[i - 1] == b'/' && bytes[i] != b'/';
            let before_mark = matches!(bytes[i], b'?' | b'&' | b'#');
            if after_slash || before_mark {
                out.push(Word::from(&word.word[start..i]));
                start = i;
            }
        }
        let last = Word::from(&word.word[start..]);
        out.push(Word {
            whitespace: word.whitespace,
            penalty: word.penalty,
            ..last
        });
    }
    out
}

/// Wrapped rows per block for one text width, filled in as blocks are asked for.
pub struct Wrapping {
    pub width: u16,
    /// How wide a table may be drawn when it does not fit `width` (the
    /// window's width where the text column is narrower).
    pub table_width: u16,
    cache: RefCell<HashMap<usize, Rc<BlockRows>>>,
    /// The tables measured so far, by their first row block.
    tables: RefCell<BTreeMap<usize, Rc<MeasuredTable>>>,
}

impl Wrapping {
    pub fn new(width: u16) -> Wrapping {
        Wrapping::with_table_width(width, width)
    }

    /// Text wrapped to `width`, tables allowed up to `table_width`.
    pub fn with_table_width(width: u16, table_width: u16) -> Wrapping {
        let width = width.max(1);
        Wrapping {
            width,
            table_width: table_width.max(width),
            cache: RefCell::default(),
            tables: RefCell::default(),
        }
    }

    pub fn rows(&self, article: &Article, block: usize) -> Rc<BlockRows> {
        if let Some(rows) = self.cache.borrow().get(&block) {
            return rows.clone();
        }
        let b = &article.blocks[block];
        let indent = indent_of(b).min(self.width.saturating_sub(1));
        let text_width = (self.width - indent) as usize;
        let table_width = (self.table_width - indent) as usize;
        let gap = gap_after(article, block);
        let table = self
            .table_of(article, block)
            .and_then(|table| table_rows(article, &table, block, text_width, table_width));
        let rows = match (&b.kind, table) {
            (BlockKind::TableRow { .. }, Some((lines, table))) => {
                BlockRows::wrapped(lines, indent, gap, Some(table))
            }
            // A header row over stacked rows reads as a line of text apart.
            (BlockKind::TableRow { .. }, None) => BlockRows::wrapped(
                wrap_range(&article.text, b.range.clone(), text_width),
                indent,
                1,
                None,
            ),
            (BlockKind::Rule, _) => BlockRows::wrapped(vec![b.range.clone()], indent, gap, None),
            _ if b.range.len() > PIECE_BYTES => BlockRows {
                lines: RefCell::default(),
                rest: Cell::new(Some(b.range.start)),
                end: b.range.end,
                text_width,
                indent,
                gap,
                table: None,
            },
            _ => {
                let lines = wrap_range(&article.text, b.range.clone(), text_width);
                BlockRows::wrapped(lines, indent, gap, None)
            }
        };
        let rows = Rc::new(rows);
        self.cache.borrow_mut().insert(block, rows.clone());
        rows
    }

    /// The measured table row block `block` belongs to, measured once per
    /// table; `None` for a block that is not a table row.
    fn table_of(&self, article: &Article, block: usize) -> Option<Rc<MeasuredTable>> {
        if !matches!(article.blocks[block].kind, BlockKind::TableRow { .. }) {
            return None;
        }
        let known = self
            .tables
            .borrow()
            .range(..=block)
            .next_back()
            .map(|(_, table)| table.clone())
            .filter(|table| table.rows.contains(&block));
        known.or_else(|| {
            let table = Rc::new(MeasuredTable::of(article, block)?);
            self.tables
                .borrow_mut()
                .insert(table.rows.start, table.clone());
            Some(table)
        })
    }

    /// What the row at `pos` shows.
    pub fn row(&self, article: &Article, pos: Position) -> RowAt {
        self.rows(article, pos.block).row(&article.text, pos.row)
    }

    /// The text on the row at `pos`, if it is a row of text.
    pub fn line(&self, article: &Article, pos: Position) -> Option<Span> {
        self.rows(article, pos.block).line(&article.text, pos.row)
    }

    /// Rows in block `block`, its gap included.
    pub fn height(&self, article: &Article, block: usize) -> usize {
        self.rows(article, block).height(&article.text)
    }

    /// The position `n` rows below `pos`, stopping at the last row.
    pub fn down(&self, article: &Article, mut pos: Position, mut n: usize) -> Position {
        while n > 0 {
            // Within the block when that row exists: a long paragraph is
            // wrapped only as far as the row asked for.
            if self.row(
                article,
                Position {
                    row: pos.row + n,
                    ..pos
                },
            ) != RowAt::Past
            {
                pos.row += n;
                return pos;
            }
            let height = self.height(article, pos.block);
            let left_here = height.saturating_sub(pos.row + 1);
            if n <= left_here {
                pos.row += n;
                return pos;
            }
            if pos.block + 1 >= article.blocks.len() {
                pos.row = height.saturating_sub(1);
                return pos;
            }
            n -= left_here + 1;
            pos = Position {
                block: pos.block + 1,
                row: 0,
            };
        }
        pos
    }

    /// The position `n` rows above `pos`, stopping at the top.
    pub fn up(&self, article: &Article, mut pos: Position, mut n: usize) -> Position {
        while n > 0 {
            if n <= pos.row {
                pos.row -= n;
                return pos;
            }
            if pos.block == 0 {
                pos.row = 0;
                return pos;
            }
            n -= pos.row + 1;
            let block = pos.block - 1;
            pos = Position {
                block,
                row: self.height(article, block).saturating_sub(1),
            };
        }
        pos
    }

    /// Rows from `a` down to `b` (0 when `b` is not below `a`), walking at
    /// most `limit` rows.
    pub fn distance(
        &self,
        article: &Article,
        a: Position,
        b: Position,
        limit: usize,
    ) -> Option<usize> {
        if b < a {
            return None;
        }
        let mut pos = a;
        let mut count = 0;
        while pos.block < b.block {
            // A position kept from before a re-wrap may lie past its block's rows.
            count += self.height(article, pos.block).saturating_sub(pos.row);
            pos = Position {
                block: pos.block + 1,
                row: 0,
            };
            if count > limit {
                return None;
            }
        }
        Some(count + b.row - pos.row)
    }

    /// The row showing byte `offset`.
    pub fn position_of(&self, article: &Article, offset: usize) -> Position {
        let Some(block) = article.block_at(offset) else {
            return Position::default();
        };
        let row = self.rows(article, block).row_of(&article.text, offset);
        Position { block, row }
    }

    /// The top position that shows the last screenful of the document.
    pub fn last_page(&self, article: &Article, height: usize) -> Position {
        let Some(last) = article.blocks.len().checked_sub(1) else {
            return Position::default();
        };
        let end = Position {
            block: last,
            row: self.height(article, last).saturating_sub(1),
        };
        self.up(article, end, height.saturating_sub(1))
    }
}

/// The display width of a fragment of text, as the wrapper measures it
/// (spaces included).
pub fn display_width(text: &str) -> usize {
    crate::text_width::width(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Format, parse_source};

    fn article(text: &str) -> Article {
        parse_source("t", Format::Markdown, text)
    }

    fn shown(text: &str, rows: &[Span]) -> Vec<String> {
        rows.iter().map(|r| text[r.clone()].to_string()).collect()
    }

    #[test]
    fn wraps_on_words_and_keeps_offsets() {
        let text = "The quick brown fox jumps over the lazy dog";
        let rows = wrap_range(text, 0..text.len(), 10);
        assert_eq!(
            shown(text, &rows),
            ["The quick", "brown fox", "jumps over", "the lazy", "dog"]
        );
    }

    #[test]
    fn wraps_cjk_and_emoji_by_display_width() {
        let text = "東京は今日も晴れです🙂🙂";
        let rows = wrap_range(text, 0..text.len(), 6);
        for row in &rows {
            assert!(
                display_width(&text[row.clone()]) <= 6,
                "{:?}",
                &text[row.clone()]
            );
        }
        assert_eq!(rows.first().unwrap().start, 0);
        assert_eq!(rows.last().unwrap().end, text.len());
    }

    #[test]
    fn cuts_words_wider_than_the_line_and_keeps_hard_breaks() {
        let text = "abcdefghij\nxy";
        let rows = wrap_range(text, 0..text.len(), 4);
        assert_eq!(shown(text, &rows), ["abcd", "efgh", "ij", "xy"]);
        let rows = wrap_range("a\n\nb", 0..4, 4);
        assert_eq!(rows.len(), 3);
    }

    /// A link wider than the line breaks where a link may, never in the
    /// middle of a name; a piece still wider than the line is cut.
    #[test]
    fn long_links_break_after_slashes_and_before_queries() {
        let url = "https://www.example-news.co.uk/opinion/2024/03/01/the-case-for-boring-bike-lanes?utm_source=rss&utm_medium=feed#comments";
        let text = format!("Read it at {url} today.");
        let rows = wrap_range(&text, 0..text.len(), 62);
        assert_eq!(
            shown(&text, &rows),
            [
                "Read it at https://www.example-news.co.uk/opinion/2024/03/01/",
                "the-case-for-boring-bike-lanes?utm_source=rss&utm_medium=feed",
                "#comments today.",
            ]
        );
        assert_eq!(rows.last().unwrap().end, text.len());
        let rows = wrap_range(url, 0..url.len(), 20);
        for row in &rows {
            assert!(display_width(&url[row.clone()]) <= 20);
        }
        // The scheme and host stay together, cut only because they alone
        // are wider than the row.
        assert_eq!(shown(url, &rows)[0], "https://www.example-");
        // Words with no place to break are cut as before.
        let rows = wrap_range("abcdefghij", 0..10, 4);
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn table_cells_wrap_in_their_columns() {
        let a = article("| Name | Description |\n|---|---|\n| A | one two three four five six |\n");
        let layout = Wrapping::new(20);
        let header = layout.rows(&a, 0);
        let body = layout.rows(&a, 1);
        let table = body.table.as_ref().expect("drawn as a table");
        assert_eq!(table.columns, header.table.as_ref().unwrap().columns);
        assert!(table.cells.len() > 1, "the long cell wraps");
        for row in &table.cells {
            for (cell, width) in row.iter().zip(&table.columns) {
                assert!(display_width(&a.text[cell.clone()]) <= *width);
            }
        }
    }

    /// Each row of a table needs the whole table's measure; it is taken
    /// once per table (it was taken per row: quadratic in the rows), and
    /// two tables apart are measured apart.
    #[test]
    fn a_table_is_measured_once_for_all_its_rows() {
        let mut source = String::from("| Year | Riders |\n|---|---:|\n");
        for year in 1990..2090 {
            source.push_str(&format!("| {year} | {} |\n", year * 7));
        }
        source.push_str(
            "\nBetween the tables.\n\n| Other | Table |\n|---|---|\n| x | wider cell here |\n",
        );
        let a = article(&source);
        let layout = Wrapping::new(60);
        let first = layout.table_of(&a, 0).unwrap();
        assert_eq!(first.rows, 0..101);
        // From the bottom up, as a jump to the end lays rows out.
        for block in (0..a.blocks.len()).rev() {
            let rows = layout.rows(&a, block);
            let fresh = Wrapping::new(60).rows(&a, block);
            assert_eq!(rows.table, fresh.table, "block {block}");
        }
        assert!(Rc::ptr_eq(&first, &layout.table_of(&a, 100).unwrap()));
        let other = layout.table_of(&a, a.blocks.len() - 1).unwrap();
        assert_eq!(other.rows, 102..104);
        assert_eq!(layout.tables.borrow().len(), 2);
        assert!(layout.table_of(&a, 101).is_none(), "the paragraph between");
    }

    #[test]
    fn a_long_paragraph_is_wrapped_as_far_as_it_is_asked_for() {
        // Real prose with a hard break and wide characters, one paragraph of
        // about ten pieces.
        let sentence = "The council spent “$2 million” on 東京 trains,\nperhaps wisely. ";
        let text = sentence.repeat(10 * PIECE_BYTES / sentence.len());
        let a = article(&text);
        assert_eq!(a.blocks.len(), 1);
        let layout = Wrapping::new(37);
        let rows = layout.rows(&a, 0);
        assert_eq!(
            layout.down(&a, Position::default(), 40),
            Position { block: 0, row: 40 }
        );
        assert!(
            rows.rest.get().is_some_and(|rest| rest < 2 * PIECE_BYTES),
            "a screen's worth wraps one piece, not {:?} bytes",
            rows.rest.get()
        );
        let middle = text.len() / 2;
        let row = rows.row_of(&a.text, middle);
        let line = rows.line(&a.text, row).unwrap();
        assert!(line.start <= middle && middle <= line.end + 1);
        assert!(rows.rest.get().is_some(), "the rest is still unwrapped");
        // Piece by piece, the rows are those of the whole paragraph.
        let whole = wrap_range(&a.text, a.blocks[0].range.clone(), 37);
        assert_eq!(rows.height(&a.text), whole.len());
        assert_eq!(*rows.lines.borrow(), whole);
        assert_eq!(
            layout.row(
                &a,
                Position {
                    block: 0,
                    row: whole.len()
                }
            ),
            RowAt::Past
        );
    }

    #[test]
    fn walks_rows_across_blocks() {
        let a = article("one two three four\n\nfive six\n\nseven");
        let layout = Wrapping::new(10);
        // Block 0: 2 rows + gap, block 1: 1 row + gap, block 2: 1 row.
        assert_eq!(layout.height(&a, 0), 3);
        let start = Position::default();
        assert_eq!(layout.down(&a, start, 3), Position { block: 1, row: 0 });
        assert_eq!(layout.down(&a, start, 100), Position { block: 2, row: 0 });
        assert_eq!(
            layout.up(&a, Position { block: 2, row: 0 }, 2),
            Position { block: 1, row: 0 }
        );
        assert_eq!(
            layout.distance(&a, start, Position { block: 2, row: 0 }, 100),
            Some(5)
        );
        assert_eq!(
            layout.position_of(&a, a.text.find("seven").unwrap()).block,
            2
        );
        assert_eq!(layout.last_page(&a, 2), Position { block: 1, row: 1 });
    }
}
