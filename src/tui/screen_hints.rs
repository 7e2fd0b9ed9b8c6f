//! Hints shown in the reader: found for the sentences on screen when they
//! are drawn, never for the whole article at once (that froze the reader
//! for seconds on a 13 MB article), and kept until the screen moves.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use crate::article::{Article, Span};
use crate::classroom::{Hint, Rules, suggest_in};

/// The hints of the last screen drawn, by the sentences they were found for.
#[derive(Debug, Default)]
pub struct ScreenHints {
    found: RefCell<Option<Found>>,
}

/// Hints, and the indexes of the sentences they were found for.
type Found = (Range<usize>, Rc<Vec<Hint>>);

impl ScreenHints {
    /// The hints of every sentence that overlaps `on_screen`.
    pub fn for_text(&self, article: &Article, rules: &Rules, on_screen: Span) -> Rc<Vec<Hint>> {
        let sentences = sentences_overlapping(article, on_screen);
        let mut found = self.found.borrow_mut();
        match &*found {
            Some((range, hints)) if *range == sentences => hints.clone(),
            _ => {
                let hints = Rc::new(suggest_in(article, rules, sentences.clone()));
                *found = Some((sentences, hints.clone()));
                hints
            }
        }
    }
}

/// The indexes of the sentences that overlap `span`.
fn sentences_overlapping(article: &Article, span: Span) -> Range<usize> {
    let first = article
        .sentences
        .partition_point(|s| s.range.end <= span.start);
    let end = article
        .sentences
        .partition_point(|s| s.range.start < span.end);
    first..end.max(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Format, parse_source};
    use crate::classroom::suggest;

    #[test]
    fn finds_the_hints_of_the_sentences_on_screen_only() {
        let text = "It might rain. The council spent $2 million. Perhaps it will snow.";
        let article = parse_source("t", Format::PlainText, text);
        let rules = Rules::default();
        let hints = ScreenHints::default();
        let second = text.find("The council").unwrap();
        let shown = hints.for_text(&article, &rules, second..second + 5);
        assert!(!shown.is_empty());
        assert!(shown.iter().all(|h| h.sentence == 1), "{shown:?}");
        let whole = hints.for_text(&article, &rules, 0..text.len());
        assert_eq!(*whole, suggest(&article, &rules));
    }
}
