//! Searching the article: as the query is typed, stepping through the
//! matches, and back to where the search began.

use std::cell::OnceCell;

use super::Reader;
use crate::article::Span;
use crate::article::search::FoldedText;

/// The search: its query, its matches, the one shown, and where it began.
/// Changed only through the reader's search methods.
#[derive(Debug, Default)]
pub struct Search {
    /// The last query run (typed in `Overlay::Search`).
    query: String,
    matches: Vec<Span>,
    current: Option<usize>,
    /// Where the reader was when the search began, restored by Esc: the
    /// byte offset of the top row (a row position would not survive a
    /// resize, which re-wraps) and the cursor's sentence.
    saved: Option<(usize, usize)>,
    folded: OnceCell<FoldedText>,
}

impl Search {
    /// The last query run; empty when there is no search.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Every match, in text order.
    pub fn matches(&self) -> &[Span] {
        &self.matches
    }

    /// The index of the match shown, if any.
    pub fn current(&self) -> Option<usize> {
        self.current
    }
}

impl Reader {
    pub fn search(&self) -> &Search {
        &self.search
    }

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
        self.top = self.wrapping.position_of(&self.article, top_offset);
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
