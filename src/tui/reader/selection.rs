//! Choosing a passage: the selection, growing it by words, sentences and
//! paragraphs, and the annotations under the cursor.

use super::Reader;
use crate::article::Span;

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

impl Reader {
    /// The passage being chosen, if one is.
    pub fn selection(&self) -> Option<Selection> {
        self.selection
    }

    pub fn is_selecting(&self) -> bool {
        self.selection.is_some()
    }

    /// Gives up the passage being chosen (after tagging it, or on Esc).
    pub fn clear_selection(&mut self) {
        self.selection = None;
    }

    /// The mouse button went down on `offset`: the cursor goes there, the
    /// text takes the focus, and a drag from here selects.
    pub fn press(&mut self, offset: usize) {
        self.put_cursor_at(offset);
        self.focus_text();
        self.selection = None;
        self.pressed_at = Some(offset);
    }

    /// The mouse moved to `offset` with the button down: the words from
    /// where it went down to here are selected.
    pub fn drag_to(&mut self, offset: usize) {
        if let Some(from) = self.pressed_at {
            self.select_words(from, offset);
        }
    }

    /// The mouse button came up.
    pub fn release(&mut self) {
        self.pressed_at = None;
    }

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
    fn select_words(&mut self, from: usize, to: usize) {
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
        if let Some(head) = self.selection.map(|s| s.head) {
            let target = self.article.word_boundary(head, forward);
            self.move_head(target);
        }
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
            let target = self.article.paragraph_boundary(head, forward);
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
        let keep = |a: &&crate::annotate::Annotation| label.is_none_or(|l| a.has_label(l));
        let mut listed: Vec<_> = self
            .store
            .overlapping(0..self.article.text.len().max(1))
            .map(|p| p.annotation)
            .filter(keep)
            .collect();
        listed.extend(self.store.orphans().filter(keep));
        listed
    }
}
