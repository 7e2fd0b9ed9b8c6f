//! The taggable sentences of an article: one definition, used by the
//! reader's `(` and `)`, `stats`, `compare`, `class` and `suggest`, so that
//! every one of them counts the same sentences.
//!
//! A sentence is taggable when it is prose: in a paragraph, a list item or a
//! footnote (block quotes included). Headings, code blocks and table cells
//! are not: nobody tags a title or a listing, and a table's cells are data
//! rather than prose; counting them would pad every agreement figure with
//! cells everyone leaves untagged. They can still be selected and tagged by
//! hand (`v` and the word motions); they are only left out of the count and
//! of sentence motions.

use std::ops::Range;

use super::{Article, BlockKind};

impl Article {
    /// Whether sentence `index` is one to tag.
    pub fn is_taggable(&self, index: usize) -> bool {
        self.sentences.get(index).is_some_and(|sentence| {
            matches!(
                self.blocks[sentence.block].kind,
                BlockKind::Paragraph | BlockKind::ListItem { .. } | BlockKind::Footnote { .. }
            )
        })
    }

    /// The indexes of the taggable sentences, in order.
    pub fn taggable_sentences(&self) -> Vec<usize> {
        (0..self.sentences.len())
            .filter(|&index| self.is_taggable(index))
            .collect()
    }

    /// How many taggable sentences the given blocks hold.
    pub fn taggable_in_blocks(&self, blocks: Range<usize>) -> usize {
        self.sentences_in_blocks(blocks)
            .filter(|&index| self.is_taggable(index))
            .count()
    }

    /// The next taggable sentence after sentence `from` (or the one before it).
    pub fn next_taggable(&self, from: usize, forward: bool) -> Option<usize> {
        if forward {
            (from + 1..self.sentences.len()).find(|&index| self.is_taggable(index))
        } else {
            (0..from.min(self.sentences.len()))
                .rev()
                .find(|&index| self.is_taggable(index))
        }
    }

    /// Where a selection's head at byte `head` goes when it grows (or
    /// shrinks) by a sentence: the end of the next taggable sentence ending
    /// after it, or the start of the last one starting before it.
    pub fn taggable_boundary(&self, head: usize, forward: bool) -> Option<usize> {
        if forward {
            let first = self.sentences.partition_point(|s| s.range.end <= head);
            (first..self.sentences.len())
                .find(|&index| self.is_taggable(index))
                .map(|index| self.sentences[index].range.end)
        } else {
            let before = self.sentences.partition_point(|s| s.range.start < head);
            (0..before)
                .rev()
                .find(|&index| self.is_taggable(index))
                .map(|index| self.sentences[index].range.start)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::article::{Format, parse_source};

    const TABLE_ARTICLE: &str = "# Results\n\nRevenue rose. Costs fell.\n\n\
        | Year | Riders |\n|---|---:|\n| 2023 | 1,200 |\n| 2024 | 1,390 |\n\n\
        - Fewer cars. More trees.\n\n```\nlet a = 1;\n```\n\nThe end.[^1]\n\n[^1]: A note.\n";

    #[test]
    fn taggable_sentences_are_prose_not_headings_cells_or_code() {
        let article = parse_source("t", Format::Markdown, TABLE_ARTICLE);
        let taggable: Vec<&str> = article
            .taggable_sentences()
            .into_iter()
            .map(|i| article.slice(&article.sentences[i].range))
            .collect();
        assert_eq!(
            taggable,
            [
                "Revenue rose.",
                "Costs fell.",
                "Fewer cars.",
                "More trees.",
                "The end.[1]",
                "A note."
            ]
        );
        assert_eq!(article.taggable_in_blocks(0..article.blocks.len()), 6);
        assert!(
            article.sentences.len() > 6,
            "cells and headings are sentences too"
        );
    }

    #[test]
    fn sentence_steps_skip_what_is_not_taggable() {
        let article = parse_source("t", Format::Markdown, TABLE_ARTICLE);
        let taggable = article.taggable_sentences();
        let costs = taggable[1];
        let fewer = taggable[2];
        assert_eq!(article.next_taggable(costs, true), Some(fewer));
        assert_eq!(article.next_taggable(fewer, false), Some(costs));
        assert_eq!(article.next_taggable(0, false), None);
        let end_of_costs = article.sentences[costs].range.end;
        assert_eq!(
            article.taggable_boundary(end_of_costs, true),
            Some(article.sentences[fewer].range.end)
        );
        let start_of_fewer = article.sentences[fewer].range.start;
        assert_eq!(
            article.taggable_boundary(start_of_fewer, false),
            Some(article.sentences[costs].range.start)
        );
    }
}
