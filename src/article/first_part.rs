//! The first part of a long article, parsed alone so that the reader can
//! show it while the whole is parsed (a 16 MB book took as long to parse
//! as `less` took to show it many times over).
//!
//! The first part is the same bytes as the start of the whole article's
//! reading text whenever the parser decides the start of a file from the
//! start alone, which [`Article::starts`] checks once the whole is there.
//! Plain text only: a markdown file's link definitions at its end change
//! the text of links at its start.

use super::{Article, Draft, Format, plain};

/// Articles whose source is longer than this are shown from their first
/// part while the rest is parsed; shorter ones parse in a few milliseconds.
pub const LONG_ARTICLE_BYTES: usize = 1024 * 1024;

/// How much source the first part is parsed from: many screens' worth.
const FIRST_PART_BYTES: usize = 256 * 1024;

/// The first part of a long plain-text article, or `None` for a short one
/// or one of another format. It ends at a paragraph break where one is
/// near the end of the first [`FIRST_PART_BYTES`] (its last blocks, which
/// what follows could have made headings, are left out), else at a line
/// end or a space.
pub fn first_part(name: &str, format: Format, source: &str) -> Option<Article> {
    if format != Format::PlainText || source.len() <= LONG_ARTICLE_BYTES {
        return None;
    }
    first_part_within(name, source, FIRST_PART_BYTES)
}

/// The first part of plain text, from at most its first `bytes`.
fn first_part_within(name: &str, source: &str, bytes: usize) -> Option<Article> {
    let mut end = bytes.min(source.len());
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    let window = &source[..end];
    let late = |at: &usize| *at > window.len() / 2;
    let (cut, at_paragraph) = match window.rfind("\n\n").filter(late) {
        Some(at) => (at, true),
        None => (
            window
                .rfind('\n')
                .filter(late)
                .or_else(|| window.rfind(' ').filter(late))?,
            false,
        ),
    };
    let mut draft = plain::parse(name, &source[..cut]);
    if at_paragraph {
        draft.keep_blocks(draft.blocks.len().saturating_sub(2));
    }
    if draft.blocks.is_empty() {
        return None;
    }
    Some(draft.finish(Format::PlainText, source[..cut].to_string()))
}

impl Draft {
    /// Drops every block after the first `count`, and what they added.
    fn keep_blocks(&mut self, count: usize) {
        let end = match count.checked_sub(1) {
            Some(last) => self.blocks[last].range.end,
            None => 0,
        };
        self.blocks.truncate(count);
        self.text.truncate(end);
        self.inlines.retain(|i| i.range.end <= end);
        self.source_map.retain(|r| r.text.end <= end);
    }
}

impl Article {
    /// Whether this article (a [`first_part`]) is the start of `whole`: the
    /// same bytes of reading text, its blocks where the whole has them (the
    /// last may be cut short). Heading levels may differ: a file's levels
    /// count the kinds of heading it uses, and the rest may use more.
    pub fn starts(&self, whole: &Article) -> bool {
        let Some((last, before)) = self.blocks.split_last() else {
            return whole.text.starts_with(&*self.text);
        };
        whole.text.starts_with(&*self.text)
            && whole.blocks.len() >= self.blocks.len()
            && before
                .iter()
                .zip(&whole.blocks)
                .all(|(mine, theirs)| mine.range == theirs.range)
            && whole.blocks[before.len()].range.start == last.range.start
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::parse_source;

    fn book(paragraphs: usize) -> String {
        let mut text = String::from("Title: A Long Book\nAuthor: A. Writer\n\n");
        for chapter in 0..paragraphs / 20 {
            text.push_str(&format!("CHAPTER {}\n\n", chapter + 1));
            for p in 0..20 {
                text.push_str(&format!(
                    "It was the {p}th morning of the chapter, and the rain had not\n\
                     stopped since the night before. Nobody in the house said so.\n\n"
                ));
            }
        }
        text
    }

    #[test]
    fn a_long_books_first_part_is_the_start_of_the_whole() {
        let source = book(12_000);
        assert!(source.len() > LONG_ARTICLE_BYTES);
        let part = first_part("book", Format::PlainText, &source).unwrap();
        let whole = parse_source("book", Format::PlainText, &source);
        assert!(
            part.text.len() > 100_000 && part.text.len() <= FIRST_PART_BYTES,
            "{} bytes, {} blocks",
            part.text.len(),
            part.blocks.len()
        );
        assert!(part.starts(&whole));
        assert_eq!(part.meta, whole.meta);
        assert_eq!(
            part.sentences[..],
            whole.sentences[..part.sentences.len()],
            "the first part's sentences are the whole's"
        );
        assert_eq!(part.sections[0].title, whole.sections[0].title);
    }

    #[test]
    fn a_single_line_is_cut_at_a_space() {
        let source = "The rain fell. ".repeat(80_000);
        let part = first_part("line", Format::PlainText, &source).unwrap();
        let whole = parse_source("line", Format::PlainText, &source);
        assert!(
            part.starts(&whole),
            "{:?}",
            &part.text[part.text.len() - 40..]
        );
        assert_eq!(part.blocks.len(), 1);
    }

    #[test]
    fn short_articles_and_markdown_have_no_first_part() {
        assert!(first_part("a", Format::PlainText, &book(40)).is_none());
        let markdown = "# A\n\nText.\n\n".repeat(200_000);
        assert!(first_part("a", Format::Markdown, &markdown).is_none());
    }

    /// Every plain text of the corpus (books, op-eds, news pages' texts),
    /// cut at many places: the first part is always the start of the whole.
    #[test]
    #[ignore = "needs ../shared/corpus"]
    fn first_parts_of_the_corpus_are_the_start_of_the_whole() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let mut checked = 0;
        let mut stack = vec![corpus];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "txt") {
                    continue;
                }
                let source = std::fs::read_to_string(&path).unwrap();
                let whole = parse_source("corpus", Format::PlainText, &source);
                let cuts = (1..=40).map(|i| i * 1_600).chain([128 * 1024, 256 * 1024]);
                for bytes in cuts {
                    if bytes >= source.len() {
                        continue;
                    }
                    if let Some(part) = first_part_within("corpus", &source, bytes) {
                        assert!(part.starts(&whole), "{} cut at {bytes}", path.display());
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100, "only {checked} cuts checked");
    }

    #[test]
    fn another_start_is_told_apart() {
        let source = book(12_000);
        let part = first_part("book", Format::PlainText, &source).unwrap();
        let other = parse_source(
            "book",
            Format::PlainText,
            &source.replacen("rain", "snow", 1),
        );
        assert!(!part.starts(&other));
    }
}
