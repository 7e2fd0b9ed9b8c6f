//! A teacher's answer key beside the reader's own annotations, and how
//! they compare. The comparison is made again once after every change to
//! the reader's annotations, and the key stays hidden until an exercise is
//! handed in.

use super::Reader;
use crate::annotate::Store;
use crate::article::{Article, Span};
use crate::classroom::{Comparison, DEFAULT_OVERLAP, Tagging, compare, label_names};

/// A teacher's answer key beside the reader's own annotations, and how they
/// compare.
pub struct AnswerKeyView {
    store: Store,
    /// An exercise not yet handed in: the key is not shown.
    hidden: bool,
    comparison: Comparison,
    /// The reader's annotations' revision the comparison was made at.
    compared_at: u64,
}

impl AnswerKeyView {
    /// The key's own annotations.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// True while an exercise is not yet handed in.
    pub fn is_hidden(&self) -> bool {
        self.hidden
    }

    /// The reader's annotations against the key's.
    pub fn comparison(&self) -> &Comparison {
        &self.comparison
    }

    /// True when a passage of the reader's matches nothing in the key.
    pub fn is_extra(&self, range: &Span) -> bool {
        self.comparison.extra.iter().any(|e| e.range == *range)
    }
}

impl Reader {
    /// Puts an answer key beside the annotations; `hidden` keeps it out of
    /// sight until the file is handed in (a file already handed in shows it).
    pub fn open_answer_key(&mut self, key: Store, hidden: bool, labels: &[String]) {
        let hidden = hidden && self.store.submitted().is_none();
        let comparison = compare_with_key(&self.article, &key, &self.store, labels);
        self.answer_key = Some(AnswerKeyView {
            store: key,
            hidden,
            comparison,
            compared_at: self.revision,
        });
    }

    pub fn answer_key(&self) -> Option<&AnswerKeyView> {
        self.answer_key.as_ref()
    }

    /// The answer key, when there is one and it may be seen.
    pub fn shown_answer_key(&self) -> Option<&AnswerKeyView> {
        self.answer_key.as_ref().filter(|k| !k.hidden)
    }

    /// The file was handed in: the key is shown from now on.
    pub fn reveal_answer_key(&mut self) {
        if let Some(key) = self.answer_key.as_mut() {
            key.hidden = false;
        }
    }

    /// Compares the annotations with the answer key again if they changed
    /// since it was last done.
    pub fn refresh_answer_key(&mut self, labels: &[String]) {
        if let Some(key) = self.answer_key.as_mut()
            && key.compared_at != self.revision
        {
            key.comparison = compare_with_key(&self.article, &key.store, &self.store, labels);
            key.compared_at = self.revision;
        }
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
