//! Exports: an article with its annotations as markdown (and back again),
//! JSON, CSV, and the statistics the `stats` command and the reader show.
//!
//! Everything here reads an [`Article`] and a [`Store`]; the command line
//! (`crate::cli::export`) wires the formats to files and standard output.

pub mod article_html;
mod escape;
pub mod html;
mod import;
mod markdown;
mod page;
mod records;
pub mod stats;
#[cfg(test)]
mod tests;
mod w3c;
mod write;

use crate::annotate::{Annotation, Resolution, Store};
use crate::article::{Article, Span};
/// The glyph that marks a label, so it is never told by colour alone.
pub use crate::config::label_glyph;
pub use import::{ImportError, Imported, parse_export};
pub use markdown::{MarkerStyle, to_markdown};
pub use page::to_html;
pub(crate) use records::push_csv_field;
pub use records::{CSV_HEADER, JSON_GENERATOR, to_csv, to_json};
pub use stats::Stats;
pub use w3c::{parse_w3c, to_w3c};
pub use write::{ExportWriteError, write_export};

/// Where text before the first heading is counted and listed.
pub const BEFORE_FIRST_HEADING: &str = "(before the first heading)";

/// An article's annotations in reading order, numbered for cross-reference:
/// placed ones first (1, 2, …), then the orphans.
pub struct Listing<'a> {
    pub article: &'a Article,
    pub placed: Vec<Entry<'a>>,
    pub orphans: Vec<&'a Annotation>,
}

/// A placed annotation.
pub struct Entry<'a> {
    /// From 1, in reading order (by start, then end).
    pub number: usize,
    pub annotation: &'a Annotation,
    pub resolution: &'a Resolution,
    /// Byte range in the reading text.
    pub range: Span,
    /// The innermost section the passage starts in.
    pub section: Option<usize>,
}

impl<'a> Listing<'a> {
    pub fn new(article: &'a Article, store: &'a Store) -> Listing<'a> {
        let placed = store
            .overlapping(0..article.text.len())
            .enumerate()
            .map(|(i, placed)| Entry {
                number: i + 1,
                annotation: placed.annotation,
                resolution: placed.resolution,
                section: article.section_at(placed.range.start),
                range: placed.range,
            })
            .collect();
        Listing {
            article,
            placed,
            orphans: store.orphans().collect(),
        }
    }

    /// The number an orphan is listed under, after all placed annotations.
    pub fn orphan_number(&self, index: usize) -> usize {
        self.placed.len() + index + 1
    }

    /// The passage of a placed annotation, as it reads now.
    pub fn passage(&self, entry: &Entry) -> &'a str {
        &self.article.text[entry.range.clone()]
    }

    /// Titles from the outermost section down to `section`, joined by ` › `.
    pub fn section_path(&self, section: Option<usize>) -> String {
        section_path(self.article, section)
    }
}

pub(crate) fn section_path(article: &Article, section: Option<usize>) -> String {
    let Some(mut index) = section else {
        return BEFORE_FIRST_HEADING.to_string();
    };
    let mut titles = vec![article.sections[index].title.as_str()];
    while let Some(parent) = article.sections[index].parent {
        titles.push(&article.sections[parent].title);
        index = parent;
    }
    titles.reverse();
    titles.join(" › ")
}

/// True when `content` is a file some export of marginalia wrote, which
/// may be replaced without `--force`.
pub fn is_own_output(content: &str) -> bool {
    markdown::is_markdown_export(content)
        || html::is_html_export(content)
        || records::is_json_export(content)
        || records::is_csv_export(content)
        || w3c::is_w3c_export(content)
}

/// Whether `path` holds a file that an export must not replace: one that
/// is not an earlier export (read with a bound: one too large to read is
/// not an export either) or that cannot be read.
pub fn is_foreign_file(path: &std::path::Path) -> bool {
    let limit = crate::annotate::MAX_ANNOTATION_BYTES;
    match crate::fsutil::read_bounded(path, limit, "an earlier export") {
        Ok(bytes) => !is_own_output(&String::from_utf8_lossy(&bytes)),
        Err(e) => e.kind() != std::io::ErrorKind::NotFound,
    }
}
