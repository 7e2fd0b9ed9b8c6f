//! The reading view's state: an article, where it is scrolled to, the
//! sentence cursor, the panels and their focus, the selection, the search
//! and the answer key. Its fields are private: the rules between them
//! (the cursor's sentence stays on screen; the focus is on a panel only
//! while it is open; the answer key is compared again after every change
//! to the annotations) are kept here, by the methods, and callers only ask.
//! The viewport, the panels, the selection, the search and the answer key
//! each have their own file.

mod answer_key;
mod loading;
mod panels;
mod search;
mod selection;
#[cfg(test)]
mod tests;
mod viewport;

use std::path::{Path, PathBuf};

use crate::annotate::Store;
use crate::article::{Article, Span};

use super::layout::{Position, Wrapping};
use super::screen_hints::ScreenHints;
pub use answer_key::AnswerKeyView;
pub use search::Search;
pub use selection::Selection;

/// Which pane takes the moves: the text, or an open panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Text,
    Outline,
    Side,
}

pub struct Reader {
    path: PathBuf,
    article: Article,
    /// Reached through [`Reader::store`] and [`Reader::store_mut`], which
    /// counts the changes in `revision`.
    store: Store,
    /// Goes up with every change to the annotations, so what is derived
    /// from them (the comparison with a key) is made again once per change.
    revision: u64,
    /// An answer key opened with `--key`.
    answer_key: Option<AnswerKeyView>,
    /// Rule-based hints, when shown (never applied as tags).
    hints: Option<ScreenHints>,
    selection: Option<Selection>,
    /// Where the mouse button went down, while it is held.
    pressed_at: Option<usize>,
    wrapping: Wrapping,
    /// Rows of text on screen.
    page_height: usize,
    top: Position,
    /// Index into `article.sentences`.
    cursor: usize,
    /// The selected outline entry, when the outline is open.
    outline: Option<usize>,
    side_open: bool,
    /// On a panel only while that panel is open.
    focus: Focus,
    search: Search,
    /// While only the article's first part is shown: the load of the whole
    /// that will take its place (see `loading.rs`).
    awaiting: Option<u64>,
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
            answer_key: None,
            hints: None,
            selection: None,
            pressed_at: None,
            wrapping: Wrapping::new(width),
            page_height,
            top: Position::default(),
            cursor: 0,
            outline: None,
            side_open: false,
            focus: Focus::Text,
            search: Search::default(),
            awaiting: None,
        }
    }

    /// The article's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn article(&self) -> &Article {
        &self.article
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

    /// The annotations, the rest of the reader let go.
    pub fn into_store(self) -> Store {
        self.store
    }

    /// The text wrapped for the text pane's width.
    pub fn wrapping(&self) -> &Wrapping {
        &self.wrapping
    }

    /// Rows of text on screen.
    pub fn page_height(&self) -> usize {
        self.page_height
    }

    /// The first row on screen.
    pub fn top(&self) -> Position {
        self.top
    }

    /// The cursor's sentence, an index into the article's sentences.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The cursor's sentence range (empty at 0 when the article has none).
    pub fn cursor_span(&self) -> Span {
        self.article
            .sentences
            .get(self.cursor)
            .map_or(0..0, |s| s.range.clone())
    }

    /// The rule-based hints, while they are shown.
    pub fn hints(&self) -> Option<&ScreenHints> {
        self.hints.as_ref()
    }

    /// Shows the hints, or hides them; true when they are shown now.
    pub fn toggle_hints(&mut self) -> bool {
        self.hints = match self.hints.take() {
            Some(_shown) => None,
            None => Some(ScreenHints::default()),
        };
        self.hints.is_some()
    }

    /// Esc in the text: drops a selection, else a search, else the focus
    /// goes back to the text.
    pub fn cancel(&mut self) {
        if self.selection.is_some() {
            self.selection = None;
        } else if self.search.query().is_empty() {
            self.focus = Focus::Text;
        } else {
            self.cancel_search();
        }
    }
}
