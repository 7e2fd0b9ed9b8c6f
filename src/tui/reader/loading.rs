//! An article shown from its first part while the whole is parsed: the
//! reader knows it is waiting, and takes the whole in place of the part,
//! keeping its place by byte offset (the part's text is the whole's start).

use std::path::PathBuf;

use super::{Reader, Search};
use crate::annotate::Store;
use crate::article::Article;
use crate::tui::layout::Wrapping;

impl Reader {
    /// A reader on the first part of an article whose whole is being
    /// opened under `ticket`; it holds no annotations until then (those
    /// of `annotations` are placed on the whole text only).
    pub fn on_first_part(
        path: PathBuf,
        part: Article,
        annotations: PathBuf,
        ticket: u64,
    ) -> Reader {
        let mut reader = Reader::new(path, part, Store::placeholder(annotations), 1, 1);
        reader.awaiting = Some(ticket);
        reader
    }

    /// The load this reader waits for, while it shows a first part.
    pub fn awaiting(&self) -> Option<u64> {
        self.awaiting
    }

    /// Takes the whole article and its annotations in place of the first
    /// part. The top row and the cursor stay where they were, by byte
    /// offset; the outline keeps its entry (the part's sections are the
    /// whole's first ones). Gives them back, changing nothing, if `whole`
    /// is not what the part is the start of.
    pub fn take_whole(
        &mut self,
        whole: Article,
        store: Store,
    ) -> Result<(), Box<(Article, Store)>> {
        if !self.article.starts(&whole) {
            return Err(Box::new((whole, store)));
        }
        // Rows of a block the whole has as it is are the same rows: the top
        // stays as it is, blank rows between blocks included. Only the
        // part's last block may have been cut; there the offset is kept.
        let same_top = self.top.block + 1 < self.article.blocks.len();
        let (top, top_offset) = (self.top, self.offset_at(self.top));
        let cursor = self.cursor_span().start;
        self.article = whole;
        self.store = store;
        self.revision += 1;
        self.awaiting = None;
        self.search = Search::default();
        if self.hints.is_some() {
            self.hints = Some(Default::default());
        }
        self.wrapping = Wrapping::new(self.wrapping.width);
        self.top = match same_top {
            true => top,
            false => self.wrapping.position_of(&self.article, top_offset),
        };
        if let Some(sentence) = self.article.sentence_at(cursor) {
            self.cursor = sentence;
        }
        self.keep_cursor_visible();
        Ok(())
    }
}
