//! The article model: one reading text and byte ranges into it.
//!
//! Loaders (markdown, plain text) fill a [`Draft`]; [`Draft::finish`] derives
//! sections and sentences the same way for every format. Nothing here knows
//! about display widths or wrapping: those are derived by the reader.

mod first_part;
pub mod front_matter;
mod load;
mod markdown;
mod navigation;
mod plain;
pub mod sanitize;
pub mod search;
mod sentences;
mod taggable;
pub mod work;

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

pub use first_part::{LONG_ARTICLE_BYTES, first_part};
pub use load::{
    HEAD_BYTES, LoadError, MAX_ARTICLE_BYTES, Source, first_part_of_file, is_html_path,
    load_metadata, load_path, parse_owned, parse_path_source, parse_source, read_bytes,
    read_source, stem_of,
};
pub use markdown::PARSE_OPTIONS as MARKDOWN_OPTIONS;
pub(crate) use plain::head_rules;
pub use sentences::{opens_sentences, split_sentences};

/// A byte range into [`Article::text`] (or, for [`Block::source`], into
/// [`Article::source`]). Always on char boundaries.
pub type Span = Range<usize>;

/// Where an article came from, which decides how it was parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    PlainText,
}

/// Title, subtitle, author, date and tags (and, for web articles, site,
/// source and fetch time): from front matter, a title block, or the file name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    pub title: String,
    /// A dek or subtitle under the title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub tags: Vec<String>,
    /// The site a web article was published on.
    pub site: Option<String>,
    /// The address a web article was fetched from (its canonical URL when the page names one).
    pub source_url: Option<String>,
    /// When the saved copy was fetched (RFC 3339).
    pub fetched_at: Option<String>,
}

/// What a block is; how it is shown and exported follows from this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockKind {
    Heading {
        level: u8,
    },
    Paragraph,
    /// A list item; `depth` 0 is a top-level list. An empty `marker` is a
    /// continuation paragraph of the item above.
    ListItem {
        depth: u8,
        marker: String,
    },
    Code {
        lang: Option<String>,
    },
    /// One table row; the row's text is its cells joined by [`CELL_SEPARATOR`].
    TableRow {
        header: bool,
        cells: Vec<Span>,
    },
    /// The text of a footnote definition.
    Footnote {
        label: String,
    },
    /// A thematic break; its range is empty.
    Rule,
}

/// Joins table cells in the reading text, so a row still reads as a line.
pub const CELL_SEPARATOR: &str = " | ";

/// Joins blocks in the reading text.
pub const BLOCK_SEPARATOR: &str = "\n\n";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// The block's reading text.
    pub range: Span,
    /// Where the block stands in [`Article::source`].
    pub source: Span,
    /// How many block quotes this block stands in (0: none).
    pub quote_depth: u8,
}

impl Block {
    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading { .. })
    }
}

/// Inline styling kept from markdown, as ranges of the reading text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "style", rename_all = "snake_case")]
pub enum InlineStyle {
    Emphasis,
    Strong,
    Strikethrough,
    Code,
    Link { url: String },
    FootnoteRef { label: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inline {
    pub range: Span,
    pub style: InlineStyle,
}

/// A stretch of reading text copied from a stretch of source. When both have
/// the same length the copy is verbatim and offsets map one to one inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRun {
    pub text: Span,
    pub source: Span,
}

/// A heading and everything up to the next heading of the same or a higher level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub title: String,
    /// The heading's level (1 is the highest).
    pub level: u8,
    /// Nesting depth in the section tree (0: top level).
    pub depth: u8,
    pub parent: Option<usize>,
    /// Index of the heading block.
    pub heading: usize,
    /// Block indices, the heading included.
    pub blocks: Range<usize>,
    /// From the heading's start to the end of the section's last block.
    pub range: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub range: Span,
    pub block: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub format: Format,
    pub meta: Metadata,
    /// The original file, decoded (BOM and CRLF normalised). Empty after
    /// [`Article::forget_plain_source`].
    pub source: String,
    /// What a reader sees: blocks joined by [`BLOCK_SEPARATOR`], no markup.
    /// Shared with the annotation store placed on it ([`crate::annotate::Store::open`]),
    /// so a book's text is held once.
    pub text: Arc<str>,
    pub blocks: Vec<Block>,
    /// Sorted by start.
    pub inlines: Vec<Inline>,
    /// Sorted by text start; markdown only.
    pub source_map: Vec<SourceRun>,
    /// In document order.
    pub sections: Vec<Section>,
    /// In document order; they never overlap and never cross a block.
    pub sentences: Vec<Sentence>,
}

impl Article {
    /// Lets go of a plain-text article's source, where nothing reads it
    /// (the reader: a plain-text export is written from the reading text),
    /// so a book is not held twice. Blocks keep their source ranges, which
    /// then point into nothing; markdown keeps its source, which its export
    /// and table layout read.
    pub fn forget_plain_source(&mut self) {
        if self.format == Format::PlainText {
            self.source = String::new();
        }
    }

    /// The reading text of a range.
    pub fn slice(&self, span: &Span) -> &str {
        &self.text[span.clone()]
    }

    /// Index of the block containing `offset`, or the last block starting before it.
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        last_starting_at_or_before(&self.blocks, offset, |b| b.range.start)
    }

    /// Index of the sentence containing `offset`, or the last one before it.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        last_starting_at_or_before(&self.sentences, offset, |s| s.range.start)
    }

    /// The innermost section containing `offset`.
    pub fn section_at(&self, offset: usize) -> Option<usize> {
        let last = last_starting_at_or_before(&self.sections, offset, |s| s.range.start)?;
        let mut index = Some(last);
        while let Some(i) = index {
            if self.sections[i].range.contains(&offset) || self.sections[i].range.end == offset {
                return Some(i);
            }
            index = self.sections[i].parent;
        }
        None
    }

    /// Sentences whose range lies in the given blocks.
    pub fn sentences_in_blocks(&self, blocks: Range<usize>) -> Range<usize> {
        let start = self.sentences.partition_point(|s| s.block < blocks.start);
        let end = self.sentences.partition_point(|s| s.block < blocks.end);
        start..end
    }

    /// Word ranges (runs containing a letter or digit) inside `span`.
    pub fn words(&self, span: Span) -> impl Iterator<Item = Span> + '_ {
        let base = span.start;
        self.text[span]
            .split_word_bound_indices()
            .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
            .map(move |(i, w)| base + i..base + i + w.len())
    }

    pub fn word_count(&self) -> usize {
        self.blocks
            .iter()
            .filter(|b| !matches!(b.kind, BlockKind::Code { .. }))
            .map(|b| self.words(b.range.clone()).count())
            .sum()
    }

    /// Inline styles overlapping `span`.
    pub fn inlines_in(&self, span: Span) -> impl Iterator<Item = &Inline> {
        // Inlines may nest, so a long one starting early can still overlap;
        // but none crosses its block (a parse invariant), so none starting
        // before the block holding `span.start` can reach it. Scanning from
        // there keeps each call as long as one block, not the article before.
        let floor = self
            .block_at(span.start)
            .map_or(0, |b| self.blocks[b].range.start);
        let start = self.inlines.partition_point(|i| i.range.start < floor);
        let end = self.inlines.partition_point(|i| i.range.start < span.end);
        self.inlines[start..end.max(start)]
            .iter()
            .filter(move |i| i.range.end > span.start)
    }
}

/// A file name made into a title, for articles that name none:
/// `op-ed_on-trains` becomes `Op ed on trains`.
pub(crate) fn title_from_file_name(name: &str) -> String {
    let spaced = name
        .split(['-', '_', ' '])
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = spaced.chars();
    let Some(first) = chars.next() else {
        return "Untitled".to_string();
    };
    let capitalised: String = first.to_uppercase().chain(chars).collect();
    sanitize::visible_line(&capitalised).into_owned()
}

/// Binary search over items sorted by `start`.
fn last_starting_at_or_before<T>(
    items: &[T],
    offset: usize,
    start: impl Fn(&T) -> usize,
) -> Option<usize> {
    items
        .partition_point(|item| start(item) <= offset)
        .checked_sub(1)
}

/// What a loader builds: the reading text and its blocks, before sections
/// and sentences are derived.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    pub text: String,
    pub blocks: Vec<Block>,
    pub inlines: Vec<Inline>,
    pub source_map: Vec<SourceRun>,
    pub meta: Metadata,
}

impl Draft {
    /// Starts a new block: separates it from the previous one and returns
    /// where its text begins.
    pub fn begin_block(&mut self) -> usize {
        if !self.blocks.is_empty() || !self.text.is_empty() {
            self.text.push_str(BLOCK_SEPARATOR);
        }
        self.text.len()
    }

    /// Ends the block begun at `start`. Empty blocks (other than rules) are
    /// dropped along with their separator, so the text never holds blank blocks.
    pub fn end_block(&mut self, start: usize, kind: BlockKind, source: Span, quote_depth: u8) {
        let trimmed_end = start + self.text[start..].trim_end().len();
        self.text.truncate(trimmed_end);
        if trimmed_end == start && kind != BlockKind::Rule {
            let keep = self.blocks.last().map_or(0, |b| b.range.end);
            self.text.truncate(keep);
            // What the dropped block added sits at the end of both lists;
            // popping keeps this linear where `retain` was quadratic.
            while self.inlines.last().is_some_and(|i| i.range.end > keep) {
                self.inlines.pop();
            }
            while self.source_map.last().is_some_and(|r| r.text.end > keep) {
                self.source_map.pop();
            }
            return;
        }
        self.blocks.push(Block {
            kind,
            range: start..trimmed_end,
            source,
            quote_depth,
        });
    }

    pub fn finish(mut self, format: Format, source: String) -> Article {
        self.inlines
            .sort_by_key(|i| (i.range.start, std::cmp::Reverse(i.range.end)));
        self.source_map.sort_by_key(|r| r.text.start);
        let sections = build_sections(&self.text, &self.blocks);
        let sentences = split_sentences(&self.text, &self.blocks);
        Article {
            format,
            meta: self.meta,
            source,
            text: self.text.into(),
            blocks: self.blocks,
            inlines: self.inlines,
            source_map: self.source_map,
            sections,
            sentences,
        }
    }
}

/// Sections from heading blocks: each runs to the next heading of the same
/// or a higher level, and nests under the nearest open higher-level heading.
fn build_sections(text: &str, blocks: &[Block]) -> Vec<Section> {
    work::step(blocks.len());
    let mut sections: Vec<Section> = Vec::new();
    // Indices of sections still open, outermost first.
    let mut open: Vec<usize> = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        let BlockKind::Heading { level } = block.kind else {
            continue;
        };
        while let Some(&top) = open.last() {
            if sections[top].level >= level {
                close_section(&mut sections[top], blocks, index);
                open.pop();
            } else {
                break;
            }
        }
        let parent = open.last().copied();
        sections.push(Section {
            title: text[block.range.clone()].to_string(),
            level,
            depth: open.len() as u8,
            parent,
            heading: index,
            blocks: index..blocks.len(),
            range: block.range.start..text.len(),
        });
        open.push(sections.len() - 1);
    }
    for top in open {
        close_section(&mut sections[top], blocks, blocks.len());
    }
    sections
}

fn close_section(section: &mut Section, blocks: &[Block], end_block: usize) {
    section.blocks = section.heading..end_block;
    section.range.end = blocks[end_block - 1].range.end.max(section.range.start);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft_with(blocks: &[(BlockKind, &str)]) -> Article {
        let mut draft = Draft::default();
        for (kind, text) in blocks {
            let start = draft.begin_block();
            draft.text.push_str(text);
            draft.end_block(start, kind.clone(), 0..0, 0);
        }
        draft.finish(Format::PlainText, String::new())
    }

    #[test]
    fn sections_nest_and_close_at_same_or_higher_level() {
        let h = |level| BlockKind::Heading { level };
        let article = draft_with(&[
            (BlockKind::Paragraph, "Lede."),
            (h(1), "Book"),
            (h(2), "One"),
            (BlockKind::Paragraph, "Text one."),
            (h(2), "Two"),
            (BlockKind::Paragraph, "Text two."),
            (h(1), "Epilogue"),
            (BlockKind::Paragraph, "End."),
        ]);
        let titles: Vec<_> = article
            .sections
            .iter()
            .map(|s| (s.title.as_str(), s.depth, s.parent))
            .collect();
        assert_eq!(
            titles,
            vec![
                ("Book", 0, None),
                ("One", 1, Some(0)),
                ("Two", 1, Some(0)),
                ("Epilogue", 0, None)
            ]
        );
        assert_eq!(article.sections[0].blocks, 1..6);
        assert_eq!(
            article.slice(&article.sections[1].range),
            "One\n\nText one."
        );
        let end = article.text.len();
        assert_eq!(article.sections[3].range.end, end);
        assert_eq!(
            article.section_at(article.text.find("Text two").unwrap()),
            Some(2)
        );
        assert_eq!(article.section_at(0), None);
    }

    #[test]
    fn empty_blocks_leave_no_trace() {
        let article = draft_with(&[
            (BlockKind::Paragraph, "A."),
            (BlockKind::Paragraph, "   "),
            (BlockKind::Paragraph, "B."),
        ]);
        assert_eq!(&*article.text, "A.\n\nB.");
        assert_eq!(article.blocks.len(), 2);
    }

    #[test]
    fn words_skip_punctuation_and_space() {
        let article = draft_with(&[(BlockKind::Paragraph, "It's $41.2 million — 東京 too!")]);
        let words: Vec<_> = article
            .words(0..article.text.len())
            .map(|w| article.slice(&w).to_string())
            .collect();
        assert_eq!(words, vec!["It's", "41.2", "million", "東", "京", "too"]);
    }
}
