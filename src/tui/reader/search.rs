//! Searching the article: as the query is typed, stepping through the
//! matches, and back to where the search began.

use super::Reader;
use crate::article::search::{Matches, find_all};

/// The search: its query, its matches, the one shown, and where it began.
/// Changed only through the reader's search methods.
#[derive(Debug, Default)]
pub struct Search {
    /// The last query run (typed in `Overlay::Search`).
    query: String,
    matches: Matches,
    current: Option<usize>,
    /// Where the reader was when the search began, restored by Esc: the
    /// byte offset of the top row (a row position would not survive a
    /// resize, which re-wraps) and the cursor's sentence.
    saved: Option<(usize, usize)>,
}

impl Search {
    /// The last query run; empty when there is no search.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Every match, in text order.
    pub fn matches(&self) -> &Matches {
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
        // Folded as it is searched, each keystroke: a folded copy kept for
        // the next would be as large as the text.
        self.search.matches = find_all(&self.article.text, &query);
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
        let i = self.search.matches.first_starting_from(offset);
        Some(if i == self.search.matches.len() { 0 } else { i })
    }

    fn show_match(&mut self, index: usize) {
        let start = self.search.matches.span(index).start;
        self.put_cursor_at(start);
    }

    pub fn accept_search(&mut self) {
        self.search.saved = None;
    }

    pub fn cancel_search(&mut self) {
        if let Some((top, cursor)) = self.search.saved.take() {
            self.return_to(top, cursor);
        }
        self.search.matches = Matches::default();
        self.search.current = None;
        self.search.query.clear();
    }

    /// Moves to the next (or previous) match; true when it wrapped around.
    /// Stepping goes on from the match shown while the cursor is still on
    /// its sentence (two matches in one sentence are two steps), and from
    /// the cursor once it has moved elsewhere.
    pub fn step_match(&mut self, forward: bool) -> Option<bool> {
        let matches = &self.search.matches;
        let count = matches.len();
        if count == 0 {
            return None;
        }
        let cursor = self.cursor_span();
        let on_cursor = |m: crate::article::Span| {
            m.start == cursor.start || (cursor.start < m.start && m.start < cursor.end)
        };
        let current = self.search.current.filter(|&i| on_cursor(matches.span(i)));
        let (index, wrapped) = match (current, forward) {
            (Some(i), true) if i + 1 < count => (i + 1, false),
            (Some(_), true) => (0, true),
            (Some(i), false) => i.checked_sub(1).map_or((count - 1, true), |i| (i, false)),
            (None, true) => {
                let after = matches.first_starting_from(cursor.start);
                if after < count {
                    (after, false)
                } else {
                    (0, true)
                }
            }
            (None, false) => {
                let before = matches.first_starting_from(cursor.start);
                before
                    .checked_sub(1)
                    .map_or((count - 1, true), |i| (i, false))
            }
        };
        self.search.current = Some(index);
        self.show_match(index);
        Some(wrapped)
    }
}
