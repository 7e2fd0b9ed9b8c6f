//! Moving through an article by its own units, without a screen: where a
//! paragraph move lands, where a selection grows to by a word or a
//! paragraph. The reader calls these; nothing here knows rows or columns.

use super::{Article, Span};

impl Article {
    /// The sentence a paragraph move from sentence `from` lands on: the
    /// first of the next paragraph, or of this one (of the one before, when
    /// already at its first).
    pub fn paragraph_start(&self, from: usize, forward: bool) -> Option<usize> {
        let sentences = &self.sentences;
        let block = sentences.get(from)?.block;
        if forward {
            let next = sentences[from..].iter().position(|s| s.block != block)?;
            return Some(from + next);
        }
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

    /// Where a selection's head at byte `head` goes by a word: the end of
    /// the next word, or back to the start of the word before (across a
    /// paragraph's start, the last word of the paragraph before).
    pub fn word_boundary(&self, head: usize, forward: bool) -> Option<usize> {
        if forward {
            return self
                .words(head..self.text.len())
                .find(|w| w.end > head)
                .map(|w| w.end);
        }
        let block_start = self
            .block_at(head.saturating_sub(1))
            .map_or(0, |b| self.blocks[b].range.start);
        self.words(block_start..head)
            .filter(|w| w.start < head)
            .last()
            .map(|w| w.start)
            .or_else(|| {
                let previous = self.block_at(block_start.checked_sub(1)?)?;
                let range = self.blocks[previous].range.clone();
                self.words(range).last().map(|w| w.start)
            })
    }

    /// Where a selection's head at byte `head` goes by a paragraph: the end
    /// of the first block ending after it, or the start of the last block
    /// starting before it.
    pub fn paragraph_boundary(&self, head: usize, forward: bool) -> Option<usize> {
        boundary(&self.blocks, |b| &b.range, head, forward)
    }
}

/// The end of the first item ending after `head`, or the start of the last
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
    use crate::article::{Format, parse_source};

    #[test]
    fn paragraph_moves_land_on_first_sentences() {
        let article = parse_source("t", Format::PlainText, "One. Two.\n\nThree. Four.\n\nFive.");
        assert_eq!(article.paragraph_start(0, true), Some(2));
        assert_eq!(article.paragraph_start(3, false), Some(2));
        assert_eq!(article.paragraph_start(2, false), Some(0));
        assert_eq!(article.paragraph_start(4, true), None);
    }

    #[test]
    fn words_and_paragraphs_bound_a_growing_selection() {
        let text = "Alpha beta.\n\nGamma delta.";
        let article = parse_source("t", Format::PlainText, text);
        let gamma = text.find("Gamma").unwrap();
        assert_eq!(article.word_boundary(0, true), Some(5));
        assert_eq!(article.word_boundary(gamma + 2, false), Some(gamma));
        // Back across a paragraph's start: the last word before it.
        let back = article.word_boundary(gamma, false).unwrap();
        assert_eq!(&text[back..back + 4], "beta");
        assert_eq!(
            article.paragraph_boundary(0, true),
            Some("Alpha beta.".len())
        );
        assert_eq!(article.paragraph_boundary(gamma + 3, false), Some(gamma));
    }
}
