//! The viewport and the cursor: scrolling, moving by sentence, paragraph
//! and section, and the rule every move keeps: the cursor's sentence is on
//! screen.

use super::Reader;
use crate::article::Span;
use crate::tui::layout::{Position, RowAt, Wrapping};

impl Reader {
    /// Re-wraps for a new text size (tables may spread to `table_width`),
    /// keeping the text at the top of the screen there and the cursor's
    /// sentence on screen.
    pub fn resize(&mut self, width: u16, table_width: u16, page_height: usize) {
        self.page_height = page_height;
        let wrapping = Wrapping::with_table_width(width, table_width);
        if (wrapping.width, wrapping.table_width)
            != (self.wrapping.width, self.wrapping.table_width)
        {
            let top_offset = self.offset_at(self.top);
            self.wrapping = wrapping;
            self.top = self.wrapping.position_of(&self.article, top_offset);
        }
        self.keep_cursor_visible();
    }

    /// The byte offset at the start of the row at `pos`.
    pub fn offset_at(&self, pos: Position) -> usize {
        let Some(block) = self.article.blocks.get(pos.block) else {
            return 0;
        };
        self.wrapping
            .line(&self.article, pos)
            .map_or(block.range.end, |line| line.start)
    }

    /// The last row on screen.
    pub fn bottom(&self) -> Position {
        self.wrapping
            .down(&self.article, self.top, self.page_height.saturating_sub(1))
    }

    /// How far through the article the screen is, in percent.
    pub fn percent(&self) -> usize {
        let len = self.article.text.len().max(1);
        let bottom = self.bottom();
        let last_block = self.article.blocks.len().saturating_sub(1);
        let below = Position {
            row: bottom.row + 1,
            ..bottom
        };
        let at_end =
            bottom.block == last_block && self.wrapping.row(&self.article, below) == RowAt::Past;
        if at_end {
            100
        } else {
            self.offset_at(self.top) * 100 / len
        }
    }

    pub fn scroll_down(&mut self, rows: usize) {
        let last = self.wrapping.last_page(&self.article, self.page_height);
        self.top = self
            .wrapping
            .down(&self.article, self.top, rows)
            .min(last.max(self.top));
        self.pull_cursor_on_screen();
    }

    pub fn scroll_up(&mut self, rows: usize) {
        self.top = self.wrapping.up(&self.article, self.top, rows);
        self.pull_cursor_on_screen();
    }

    pub fn page_down(&mut self) {
        self.scroll_down(self.page_height.saturating_sub(2).max(1));
    }

    pub fn page_up(&mut self) {
        self.scroll_up(self.page_height.saturating_sub(2).max(1));
    }

    pub fn go_top(&mut self) {
        self.top = Position::default();
        self.cursor = 0;
    }

    pub fn go_bottom(&mut self) {
        self.top = self.wrapping.last_page(&self.article, self.page_height);
        self.cursor = self.article.sentences.len().saturating_sub(1);
    }

    /// To the next (or previous) taggable sentence.
    pub fn move_sentence(&mut self, forward: bool) {
        if let Some(next) = self.article.next_taggable(self.cursor, forward) {
            self.cursor = next;
        }
        self.keep_cursor_visible();
    }

    /// The first sentence of the next (or this/previous) paragraph.
    pub fn move_paragraph(&mut self, forward: bool) {
        if let Some(target) = self.article.paragraph_start(self.cursor, forward) {
            self.cursor = target;
        }
        self.keep_cursor_visible();
    }

    pub fn move_section(&mut self, forward: bool) {
        let here = self.cursor_span().start;
        let sections = &self.article.sections;
        let target = if forward {
            sections.iter().position(|s| s.range.start > here)
        } else {
            sections.iter().rposition(|s| s.range.start < here)
        };
        if let Some(index) = target {
            self.jump_to_section(index);
        }
    }

    /// Puts the section's heading at the top of the screen and the cursor on it.
    pub fn jump_to_section(&mut self, index: usize) {
        let Some(section) = self.article.sections.get(index) else {
            return;
        };
        let start = section.range.start;
        if let Some(sentence) = self.article.sentence_at(start) {
            self.cursor = sentence;
        }
        self.top = self.wrapping.position_of(&self.article, start);
        let last = self.wrapping.last_page(&self.article, self.page_height);
        self.top = self.top.min(last);
        self.keep_cursor_visible();
    }

    /// Moves the cursor to the sentence at `offset` and scrolls to it.
    pub fn put_cursor_at(&mut self, offset: usize) {
        if let Some(sentence) = self.article.sentence_at(offset) {
            self.cursor = sentence;
        }
        self.keep_cursor_visible();
    }

    /// Scrolls so the cursor's sentence is on screen (its start, and its end
    /// when the screen can hold it).
    pub fn keep_cursor_visible(&mut self) {
        let span = self.cursor_span();
        let start = self.wrapping.position_of(&self.article, span.start);
        let end = self
            .wrapping
            .position_of(&self.article, span.end.saturating_sub(1).max(span.start));
        let height = self.page_height.max(1);
        if start < self.top {
            self.top = start;
            return;
        }
        let below = |pos| {
            self.wrapping
                .distance(&self.article, self.top, pos, height)
                .is_none_or(|d| d >= height)
        };
        if below(end) {
            let end_top = self.wrapping.up(&self.article, end, height - 1);
            // A sentence taller than the screen shows from its start.
            self.top = if end_top > start { start } else { end_top };
        }
    }

    /// After a scroll, moves the cursor onto the screen if it fell off.
    fn pull_cursor_on_screen(&mut self) {
        if self.article.sentences.is_empty() {
            return;
        }
        let top_offset = self.offset_at(self.top);
        let bottom_offset = self.bottom_offset();
        let span = self.cursor_span();
        if span.start < top_offset {
            let first = self
                .article
                .sentences
                .partition_point(|s| s.range.start < top_offset);
            self.cursor = first.min(self.article.sentences.len() - 1);
        } else if span.start >= bottom_offset {
            let last = self
                .article
                .sentences
                .partition_point(|s| s.range.start < bottom_offset);
            self.cursor = last.saturating_sub(1);
        }
    }

    /// The section the cursor is in.
    pub fn current_section(&self) -> Option<usize> {
        self.article.section_at(self.cursor_span().start)
    }

    /// The text on screen, never empty (so range queries find what is there).
    pub fn on_screen(&self) -> Span {
        let top = self.offset_at(self.top);
        top..self.bottom_offset().max(top + 1)
    }

    /// The first byte after the last row on screen.
    pub fn bottom_offset(&self) -> usize {
        let bottom = self.bottom();
        let rows = self.wrapping.rows(&self.article, bottom.block);
        let text = &self.article.text;
        rows.line(text, bottom.row)
            .or_else(|| rows.last_line(text))
            .map_or(self.article.text.len(), |l| l.end)
    }
}
