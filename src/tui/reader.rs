//! The reading view's state: an article, where it is scrolled to, the
//! sentence cursor, the outline and search. Every move keeps the cursor's
//! sentence on screen.

use std::cell::OnceCell;
use std::path::PathBuf;

use crate::annotate::Store;
use crate::article::search::FoldedText;
use crate::article::{Article, Span};
use crate::classroom::{Comparison, DEFAULT_OVERLAP, Tagging, compare, label_names};

use super::layout::{Layout, Position, RowAt};
use super::screen_hints::ScreenHints;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Text,
    Outline,
    Side,
}

#[derive(Debug, Default)]
pub struct Search {
    /// The last query run (typed in `Overlay::Search`).
    pub query: String,
    pub matches: Vec<Span>,
    pub current: Option<usize>,
    /// Where the reader was when the search began, restored by Esc: the
    /// byte offset of the top row (a row position would not survive a
    /// resize, which re-wraps) and the cursor's sentence.
    pub saved: Option<(usize, usize)>,
    folded: OnceCell<FoldedText>,
}

/// A passage being chosen: from a fixed `anchor` to a moving `head`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub anchor: usize,
    pub head: usize,
}

impl Selection {
    pub fn range(&self) -> Span {
        self.anchor.min(self.head)..self.anchor.max(self.head)
    }
}

/// A teacher's answer key beside the reader's own annotations, and how they
/// compare.
pub struct KeyView {
    pub store: Store,
    /// An exercise not yet handed in: the key is not shown.
    pub hidden: bool,
    pub comparison: Comparison,
    /// The reader's annotations' revision the comparison was made at.
    compared_at: u64,
}

impl KeyView {
    pub fn new(
        store: Store,
        hidden: bool,
        article: &Article,
        student: &Store,
        labels: &[String],
    ) -> KeyView {
        let comparison = compare_with_key(article, &store, student, labels);
        KeyView {
            store,
            hidden,
            comparison,
            compared_at: 0,
        }
    }

    /// Compares again after the reader's annotations changed.
    pub fn refresh(&mut self, article: &Article, student: &Store, labels: &[String]) {
        self.comparison = compare_with_key(article, &self.store, student, labels);
    }

    /// True when a passage of the reader's matches nothing in the key.
    pub fn is_extra(&self, range: &Span) -> bool {
        self.comparison.extra.iter().any(|e| e.range == *range)
    }
}

fn compare_with_key(
    article: &Article,
    key: &Store,
    student: &Store,
    labels: &[String],
) -> Comparison {
    let key = Tagging::from_store(key);
    let student = Tagging::from_store(student);
    let names = label_names(labels.iter().map(String::as_str), [&key, &student]);
    compare(article, &key, &student, &names, DEFAULT_OVERLAP)
}

pub struct Reader {
    pub path: PathBuf,
    pub article: Article,
    /// Reached through [`Reader::store`] and [`Reader::store_mut`], which
    /// counts the changes in `revision`.
    store: Store,
    /// Goes up with every change to the annotations, so what is derived
    /// from them (the comparison with a key) is made again once per change.
    revision: u64,
    /// An answer key opened with `--key`.
    pub key: Option<KeyView>,
    /// Rule-based hints, when shown (never applied as tags).
    pub hints: Option<ScreenHints>,
    pub selection: Option<Selection>,
    /// Where the mouse button went down, while it is held.
    pub pressed_at: Option<usize>,
    pub layout: Layout,
    /// Rows of text on screen.
    pub page_height: usize,
    pub top: Position,
    /// Index into `article.sentences`.
    pub cursor: usize,
    /// The selected outline entry, when the outline is open.
    pub outline: Option<usize>,
    pub side_open: bool,
    pub focus: Focus,
    pub search: Search,
}

impl Reader {
    pub fn new(
        path: PathBuf,
        article: Article,
        store: Store,
        width: u16,
        page_height: usize,
    ) -> Reader {
        Reader {
            path,
            article,
            store,
            revision: 0,
            key: None,
            hints: None,
            selection: None,
            pressed_at: None,
            layout: Layout::new(width),
            page_height,
            top: Position::default(),
            cursor: 0,
            outline: None,
            side_open: false,
            focus: Focus::Text,
            search: Search::default(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The annotations, to change them (counted as a change).
    pub fn store_mut(&mut self) -> &mut Store {
        self.revision += 1;
        &mut self.store
    }

    /// The annotations, to write them to disk (which changes none of them).
    pub fn store_for_saving(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Compares the annotations with the answer key again if they changed
    /// since it was last done.
    pub fn refresh_key(&mut self, labels: &[String]) {
        if let Some(key) = self.key.as_mut()
            && key.compared_at != self.revision
        {
            key.refresh(&self.article, &self.store, labels);
            key.compared_at = self.revision;
        }
    }

    /// The cursor's sentence range (empty at 0 when the article has none).
    pub fn cursor_span(&self) -> Span {
        self.article
            .sentences
            .get(self.cursor)
            .map_or(0..0, |s| s.range.clone())
    }

    /// Re-wraps for a new text size, keeping the text at the top of the
    /// screen there and the cursor's sentence on screen.
    pub fn resize(&mut self, width: u16, page_height: usize) {
        self.page_height = page_height;
        if width.max(1) != self.layout.width {
            let top_offset = self.offset_at(self.top);
            self.layout = Layout::new(width);
            self.top = self.layout.position_of(&self.article, top_offset);
        }
        self.keep_cursor_visible();
    }

    /// The byte offset at the start of the row at `pos`.
    pub fn offset_at(&self, pos: Position) -> usize {
        let Some(block) = self.article.blocks.get(pos.block) else {
            return 0;
        };
        self.layout
            .line(&self.article, pos)
            .map_or(block.range.end, |line| line.start)
    }

    /// The last row on screen.
    pub fn bottom(&self) -> Position {
        self.layout
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
            bottom.block == last_block && self.layout.row(&self.article, below) == RowAt::Past;
        if at_end {
            100
        } else {
            self.offset_at(self.top) * 100 / len
        }
    }

    pub fn scroll_down(&mut self, rows: usize) {
        let last = self.layout.last_page(&self.article, self.page_height);
        self.top = self
            .layout
            .down(&self.article, self.top, rows)
            .min(last.max(self.top));
        self.pull_cursor_on_screen();
    }

    pub fn scroll_up(&mut self, rows: usize) {
        self.top = self.layout.up(&self.article, self.top, rows);
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
        self.top = self.layout.last_page(&self.article, self.page_height);
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
        if let Some(target) = self.paragraph_start(self.cursor, forward) {
            self.cursor = target;
        }
        self.keep_cursor_visible();
    }

    /// The sentence a paragraph move from sentence `from` lands on.
    pub fn paragraph_start(&self, from: usize, forward: bool) -> Option<usize> {
        let sentences = &self.article.sentences;
        let block = sentences.get(from)?.block;
        if forward {
            let next = sentences[from..].iter().position(|s| s.block != block)?;
            Some(from + next)
        } else {
            let first_of_block = sentences[..from]
                .iter()
                .rposition(|s| s.block != block)
                .map_or(0, |i| i + 1);
            if first_of_block < from {
                return Some(first_of_block);
            }
            let prev_block = sentences.get(from.checked_sub(1)?)?.block;
            Some(
                sentences[..from]
                    .iter()
                    .rposition(|s| s.block != prev_block)
                    .map_or(0, |i| i + 1),
            )
        }
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
        self.top = self.layout.position_of(&self.article, start);
        let last = self.layout.last_page(&self.article, self.page_height);
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
        let start = self.layout.position_of(&self.article, span.start);
        let end = self
            .layout
            .position_of(&self.article, span.end.saturating_sub(1).max(span.start));
        let height = self.page_height.max(1);
        if start < self.top {
            self.top = start;
            return;
        }
        let below = |pos| {
            self.layout
                .distance(&self.article, self.top, pos, height)
                .is_none_or(|d| d >= height)
        };
        if below(end) {
            let end_top = self.layout.up(&self.article, end, height - 1);
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

    // --- selection and annotations ---

    /// What a label key tags: the selection, else the cursor's sentence.
    pub fn target(&self) -> Span {
        match self.selection {
            // Without the white space a selection's edges may hold.
            Some(selection) => {
                let range = selection.range();
                let text = &self.article.text[range.clone()];
                let start = range.start + (text.len() - text.trim_start().len());
                let end = range.start + text.trim_end().len();
                start..end.max(start)
            }
            None => self.cursor_span(),
        }
    }

    pub fn select_sentence(&mut self) {
        let span = self.cursor_span();
        self.selection = Some(Selection {
            anchor: span.start,
            head: span.end,
        });
    }

    pub fn select_paragraph(&mut self) {
        let Some(sentence) = self.article.sentences.get(self.cursor) else {
            return;
        };
        let block = &self.article.blocks[sentence.block];
        self.selection = Some(Selection {
            anchor: block.range.start,
            head: block.range.end,
        });
    }

    /// Moves the selection's head to a new offset and the cursor with it.
    fn move_head(&mut self, head: Option<usize>) {
        let (Some(selection), Some(head)) = (self.selection.as_mut(), head) else {
            return;
        };
        selection.head = head;
        if let Some(sentence) = self
            .article
            .sentence_at(head.saturating_sub(1).max(selection.range().start))
        {
            self.cursor = sentence;
        }
        self.keep_cursor_visible();
    }

    /// Selects from the word at `from` to the word at `to` (either order).
    pub fn select_words(&mut self, from: usize, to: usize) {
        let word = |offset: usize| {
            let block = self.article.block_at(offset)?;
            self.article
                .words(self.article.blocks[block].range.clone())
                .find(|w| w.end > offset)
        };
        let (low, high) = (from.min(to), from.max(to));
        let start = word(low).map_or(low, |w| w.start.min(low));
        let end = word(high).map_or(high, |w| if w.start <= high { w.end } else { high });
        if end > start {
            self.selection = Some(Selection {
                anchor: start,
                head: end,
            });
        }
    }

    /// Grows (or shrinks) the selection by a word.
    pub fn extend_by_word(&mut self, forward: bool) {
        let Some(head) = self.selection.map(|s| s.head) else {
            return;
        };
        let all = 0..self.article.text.len();
        let target = if forward {
            self.article
                .words(head..all.end)
                .find(|w| w.end > head)
                .map(|w| w.end)
        } else {
            let block_start = self
                .article
                .block_at(head.saturating_sub(1))
                .map_or(0, |b| self.article.blocks[b].range.start);
            self.article
                .words(block_start..head)
                .filter(|w| w.start < head)
                .last()
                .map(|w| w.start)
                .or_else(|| {
                    // At a paragraph's start: the last word of the paragraph before.
                    let previous = self.article.block_at(block_start.checked_sub(1)?)?;
                    let range = self.article.blocks[previous].range.clone();
                    self.article.words(range).last().map(|w| w.start)
                })
        };
        self.move_head(target);
    }

    /// Grows (or shrinks) the selection by a sentence.
    pub fn extend_by_sentence(&mut self, forward: bool) {
        if let Some(head) = self.selection.map(|s| s.head) {
            let target = self.article.taggable_boundary(head, forward);
            self.move_head(target);
        }
    }

    /// Grows (or shrinks) the selection by a paragraph.
    pub fn extend_by_paragraph(&mut self, forward: bool) {
        if let Some(head) = self.selection.map(|s| s.head) {
            let target = boundary(&self.article.blocks, |b| &b.range, head, forward);
            self.move_head(target);
        }
    }

    /// The annotation the cursor (or the selection) is on: one with exactly
    /// the target's range, else the shortest one holding the cursor.
    pub fn annotation_under_cursor(&self) -> Option<String> {
        let target = self.target();
        let overlapping: Vec<_> = self.store.overlapping(target.clone()).collect();
        if let Some(exact) = overlapping.iter().find(|p| p.range == target) {
            return Some(exact.annotation.id.clone());
        }
        if self.selection.is_some() {
            return None;
        }
        overlapping
            .iter()
            .filter(|p| p.range.contains(&target.start))
            .min_by_key(|p| p.range.len())
            .or_else(|| overlapping.first())
            .map(|p| p.annotation.id.clone())
    }

    /// Annotations the list shows (only those of `label`, when given), in
    /// document order, orphans last.
    pub fn listed_annotations(&self, label: Option<&str>) -> Vec<&crate::annotate::Annotation> {
        let keep = |a: &&crate::annotate::Annotation| label.is_none_or(|l| a.label == l);
        let mut listed: Vec<_> = self
            .store
            .overlapping(0..self.article.text.len().max(1))
            .map(|p| p.annotation)
            .filter(keep)
            .collect();
        listed.extend(self.store.orphans().filter(keep));
        listed
    }

    /// The text on screen, never empty (so range queries find what is there).
    pub fn on_screen(&self) -> Span {
        let top = self.offset_at(self.top);
        top..self.bottom_offset().max(top + 1)
    }

    /// The first byte after the last row on screen.
    pub fn bottom_offset(&self) -> usize {
        let bottom = self.bottom();
        let rows = self.layout.rows(&self.article, bottom.block);
        let text = &self.article.text;
        rows.line(text, bottom.row)
            .or_else(|| rows.last_line(text))
            .map_or(self.article.text.len(), |l| l.end)
    }

    // --- search ---

    pub fn begin_search(&mut self) {
        self.search.saved = Some((self.offset_at(self.top), self.cursor));
    }

    /// Runs the query as it is typed: all matches, and the first at or after
    /// where the search began shown.
    pub fn update_search(&mut self, query: String) {
        let folded = self
            .search
            .folded
            .get_or_init(|| FoldedText::new(&self.article.text));
        self.search.matches = folded.find_all(&query);
        self.search.query = query;
        let from = self
            .search
            .saved
            .map_or(self.cursor_span().start, |(_, cursor)| {
                self.article
                    .sentences
                    .get(cursor)
                    .map_or(0, |s| s.range.start)
            });
        self.search.current = self.first_match_from(from);
        match self.search.current {
            Some(i) => self.show_match(i),
            None => {
                if let Some((top, cursor)) = self.search.saved {
                    self.return_to(top, cursor);
                }
            }
        }
    }

    /// Back to a place saved as a top-row offset and a cursor sentence.
    fn return_to(&mut self, top_offset: usize, cursor: usize) {
        self.top = self.layout.position_of(&self.article, top_offset);
        self.cursor = cursor;
    }

    fn first_match_from(&self, offset: usize) -> Option<usize> {
        if self.search.matches.is_empty() {
            return None;
        }
        let i = self.search.matches.partition_point(|m| m.start < offset);
        Some(if i == self.search.matches.len() { 0 } else { i })
    }

    fn show_match(&mut self, index: usize) {
        let start = self.search.matches[index].start;
        self.put_cursor_at(start);
    }

    pub fn accept_search(&mut self) {
        self.search.saved = None;
    }

    pub fn cancel_search(&mut self) {
        if let Some((top, cursor)) = self.search.saved.take() {
            self.return_to(top, cursor);
        }
        self.search.matches.clear();
        self.search.current = None;
        self.search.query.clear();
    }

    /// Moves to the next (or previous) match; true when it wrapped around.
    pub fn step_match(&mut self, forward: bool) -> Option<bool> {
        let count = self.search.matches.len();
        if count == 0 {
            return None;
        }
        let here = self.cursor_span().start;
        let (index, wrapped) = if forward {
            let after = match self.search.current {
                Some(i) if self.search.matches[i].start >= here => i + 1,
                _ => self.search.matches.partition_point(|m| m.start <= here),
            };
            if after >= count {
                (0, true)
            } else {
                (after, false)
            }
        } else {
            let before = self.search.matches.partition_point(|m| m.start < here);
            let before = match self.search.current {
                Some(i) if i < before || self.search.matches[i].start < here => before,
                Some(i) => i.min(before),
                None => before,
            };
            match before.checked_sub(1) {
                Some(i) => (i, false),
                None => (count - 1, true),
            }
        };
        self.search.current = Some(index);
        self.show_match(index);
        Some(wrapped)
    }
}

/// Where a selection's head goes by one item (sentence, paragraph): the end
/// of the first item ending after `head`, or back to the start of the last
/// item starting before it. Items are in order and do not overlap.
fn boundary<T>(
    items: &[T],
    range: impl Fn(&T) -> &Span,
    head: usize,
    forward: bool,
) -> Option<usize> {
    if forward {
        let next = items.partition_point(|item| range(item).end <= head);
        items.get(next).map(|item| range(item).end)
    } else {
        let before = items.partition_point(|item| range(item).start < head);
        before.checked_sub(1).map(|i| range(&items[i]).start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Format, parse_source};

    fn reader(text: &str, width: u16, height: usize) -> Reader {
        let article = parse_source("t", Format::PlainText, text);
        let store = Store::open("/nowhere/t.json", &article.text).unwrap();
        Reader::new(PathBuf::from("t.txt"), article, store, width, height)
    }

    fn long_text(paragraphs: usize) -> String {
        (0..paragraphs)
            .map(|i| format!("Paragraph {i} starts here. It has a second sentence."))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    #[test]
    fn scrolling_keeps_the_cursor_on_screen() {
        let mut r = reader(&long_text(50), 80, 5);
        r.page_down();
        assert!(r.cursor_span().start >= r.offset_at(r.top));
        r.go_bottom();
        assert_eq!(r.cursor, r.article.sentences.len() - 1);
        assert_eq!(r.percent(), 100);
        r.page_up();
        let bottom = r.bottom();
        assert!(r.layout.position_of(&r.article, r.cursor_span().start) <= bottom);
    }

    #[test]
    fn sentence_moves_scroll_the_view() {
        let mut r = reader(&long_text(50), 80, 5);
        for _ in 0..20 {
            r.move_sentence(true);
        }
        let pos = r.layout.position_of(&r.article, r.cursor_span().start);
        assert!(pos >= r.top && pos <= r.bottom());
    }

    #[test]
    fn resize_keeps_the_cursor_visible() {
        let mut r = reader(&long_text(200), 80, 10);
        for _ in 0..101 {
            r.move_sentence(true);
        }
        r.resize(20, 4);
        let pos = r.layout.position_of(&r.article, r.cursor_span().start);
        assert!(pos >= r.top && pos <= r.bottom());
        r.resize(1, 1);
        let pos = r.layout.position_of(&r.article, r.cursor_span().start);
        assert!(pos >= r.top && pos <= r.bottom());
    }

    #[test]
    fn search_finds_and_steps_through_matches() {
        let mut r = reader(&long_text(30), 80, 5);
        r.begin_search();
        r.update_search("paragraph 2".into());
        assert_eq!(r.search.matches.len(), 11); // 2, 20..29
        let first = r.search.current.unwrap();
        assert_eq!(r.article.slice(&r.search.matches[first]), "Paragraph 2");
        r.accept_search();
        assert_eq!(r.step_match(true), Some(false));
        assert_eq!(r.search.current, Some(first + 1));
        assert_eq!(r.step_match(false), Some(false));
        assert_eq!(r.search.current, Some(first));
        assert_eq!(r.step_match(false), Some(true));
        assert_eq!(r.search.current, Some(10));
    }

    #[test]
    fn cancelled_search_returns_to_where_it_began() {
        let mut r = reader(&long_text(30), 80, 5);
        r.begin_search();
        r.update_search("paragraph 29".into());
        assert!(r.cursor > 0);
        r.cancel_search();
        assert_eq!((r.top, r.cursor), (Position::default(), 0));
    }

    #[test]
    fn selections_grow_and_shrink_by_sentences_and_paragraphs() {
        let mut r = reader("One. Two. Three.\n\nFour. Five.", 80, 20);
        r.select_sentence();
        r.extend_by_sentence(true);
        assert_eq!(r.article.slice(&r.target()), "One. Two.");
        r.extend_by_paragraph(true);
        assert_eq!(r.article.slice(&r.target()), "One. Two. Three.");
        r.extend_by_paragraph(true);
        assert!(r.article.slice(&r.target()).ends_with("Five."));
        r.extend_by_sentence(false);
        assert!(
            r.article.slice(&r.target()).ends_with("Four."),
            "{:?}",
            r.article.slice(&r.target())
        );
    }

    #[test]
    fn a_search_given_up_after_a_resize_returns_to_a_real_row() {
        let mut r = reader(&long_text(30), 5, 12);
        r.page_down();
        r.begin_search();
        let top_offset = r.offset_at(r.top);
        r.resize(84, 0);
        r.update_search("no such words".into());
        assert!(r.top.row < r.layout.height(&r.article, r.top.block));
        r.cancel_search();
        assert_eq!(r.top, r.layout.position_of(&r.article, top_offset));
        r.keep_cursor_visible();
    }

    #[test]
    fn paragraph_moves() {
        let mut r = reader(&long_text(5), 80, 20);
        r.move_paragraph(true);
        assert_eq!(r.cursor, 2);
        r.move_sentence(true);
        r.move_paragraph(false);
        assert_eq!(r.cursor, 2);
        r.move_paragraph(false);
        assert_eq!(r.cursor, 0);
    }
}
