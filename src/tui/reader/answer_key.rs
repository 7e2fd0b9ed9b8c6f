//! A teacher's answer key beside the reader's own annotations, and how
//! they compare.

use crate::annotate::Store;
use crate::article::{Article, Span};
use crate::classroom::{Comparison, DEFAULT_OVERLAP, Tagging, compare, label_names};

/// A teacher's answer key beside the reader's own annotations, and how they
/// compare.
pub struct AnswerKeyView {
    pub store: Store,
    /// An exercise not yet handed in: the key is not shown.
    pub hidden: bool,
    pub comparison: Comparison,
    /// The reader's annotations' revision the comparison was made at.
    pub(super) compared_at: u64,
}

impl AnswerKeyView {
    pub fn new(
        store: Store,
        hidden: bool,
        article: &Article,
        student: &Store,
        labels: &[String],
    ) -> AnswerKeyView {
        let comparison = compare_with_key(article, &store, student, labels);
        AnswerKeyView {
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
