//! The article as markdown with its annotations marked in the text.
//!
//! A markdown article is copied from its source, byte for byte, with markers
//! inserted where the source map says each passage begins and ends; a
//! plain-text article is first written as markdown from its blocks (with a
//! source map of its own), then marked the same way. Markers are plain text
//! with no markdown meaning, `⟦◆ claim 3⟧` … `⟦/3⟧`, and [`placer`] puts
//! them only where inserting text cannot change the parse, so the export
//! renders as the article does; [`super::import`] finds them again in the
//! reading text of the export. See docs/EXPORT.md.

mod appendix;
mod emphasis;
mod placer;
mod plain;
mod source_map;

use std::cmp::Reverse;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::escape::{self, escape_line, escape_one_line};
use super::{Entry, Listing, stats};
use crate::annotate::Store;
use crate::article::{Article, Format};
use crate::config::{LabelDef, glyphs_and_names};
use appendix::write_appendix;
use placer::{Placement, Placer};
use source_map::{OpenEnd, SourceMap};

pub(in crate::export) use appendix::entry_indent;

pub(super) use crate::article::MARKDOWN_OPTIONS as PARSE_OPTIONS;

/// Opens the first line of every markdown export (after any front matter).
pub(super) const HEADER_PREFIX: &str = "<!-- marginalia-export ";
/// Separates the article from the summary and the list of annotations.
pub(super) const APPENDIX_LINE: &str = "<!-- marginalia-annotations -->";
/// Ends the appendix where article follows it: after raw HTML that runs to
/// the end of the document, nothing written would be read as markdown, so
/// the appendix goes before that HTML.
pub(super) const APPENDIX_END_LINE: &str = "<!-- /marginalia-annotations -->";
/// Opens the machine-readable part of a list entry.
pub(super) const ENTRY_META_PREFIX: &str = "<!-- marginalia ";
pub(super) const COMMENT_SUFFIX: &str = " -->";
/// Marks the note below an entry's passage in the list (after the
/// entry's indentation).
pub(super) const NOTE_LINE: &str = "Note:";
pub(super) const MARK_OPEN: char = '⟦';
pub(super) const MARK_CLOSE: char = '⟧';
/// 2: an entry's comment holds `labels`, a list (1 had one `label`, which
/// import still reads).
pub(super) const EXPORT_VERSION: u32 = 2;

/// How passages are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MarkerStyle {
    /// `⟦◆ claim 3⟧passage⟦/3⟧`, notes quoted after the paragraph: the style
    /// `marginalia import` reads back.
    Markers,
    /// `{==passage==}{>>claim: note<<}`, for CriticMarkup tools.
    CriticMarkup,
}

/// What the first line of an export records.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Header {
    pub version: u32,
    /// The article's path as given to `export`.
    pub article: String,
    /// What the article was, written `markdown` or `plain text`.
    #[serde(with = "format_name")]
    pub format: Format,
    pub style: MarkerStyle,
}

/// The article's format as the header writes it: `plain text` with a space
/// (unlike the JSON records' `plaintext`), as exports already written say.
mod format_name {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::article::Format;

    const MARKDOWN: &str = "markdown";
    const PLAIN_TEXT: &str = "plain text";

    pub fn serialize<S: Serializer>(format: &Format, out: S) -> Result<S::Ok, S::Error> {
        out.serialize_str(match format {
            Format::Markdown => MARKDOWN,
            Format::PlainText => PLAIN_TEXT,
        })
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<Format, D::Error> {
        match String::deserialize(input)?.as_str() {
            MARKDOWN => Ok(Format::Markdown),
            PLAIN_TEXT => Ok(Format::PlainText),
            other => Err(D::Error::unknown_variant(other, &[MARKDOWN, PLAIN_TEXT])),
        }
    }
}

/// The machine-readable part of an entry in the list: what the visible
/// text does not carry exactly. Orphans keep their whole anchor, as there is
/// no marked passage to rebuild it from.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct EntryMeta {
    pub id: String,
    /// Empty for a plain note.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Version 1's one label; read, never written.
    #[serde(default, skip_serializing)]
    pub label: Option<String>,
    pub annotator: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub modified: time::OffsetDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<crate::annotate::Anchor>,
    /// Where the passage starts in the reading text, for passages whose
    /// markers had to move: their quote may occur more than once between
    /// the markers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
}

/// `article` with `store`'s annotations marked, then a summary per section
/// and the list of all annotations (orphans in a list of their own).
pub fn to_markdown(
    article: &Article,
    store: &Store,
    labels: &[LabelDef],
    article_path: &str,
    style: MarkerStyle,
) -> String {
    let listing = Listing::new(article, store);
    let layout = match article.format {
        Format::Markdown => SourceMap::of_markdown(article),
        Format::PlainText => SourceMap::of_plain_text(article),
    };
    let header = Header {
        version: EXPORT_VERSION,
        article: article_path.to_string(),
        format: article.format,
        style,
    };
    let mut insertions = vec![Insertion {
        at: layout.header_at,
        order: (0, Reverse(0)),
        text: layout.as_block(layout.header_at, &comment(HEADER_PREFIX, &header)),
    }];
    let (markers, placements) = passage_markers(&listing, &Placer::new(&layout), labels, style);
    insertions.extend(markers);
    if style == MarkerStyle::Markers {
        insertions.extend(note_quotes(&listing, &layout, &placements, labels));
    }
    let stats = stats::annotation_counts(article, store, labels);
    let mut appendix = String::new();
    write_appendix(&mut appendix, &listing, &placements, &stats, labels);
    insertions.extend(close_open_end(&layout, &mut appendix));
    insertions.sort_by_key(|i| (i.at, i.order));
    splice(&layout.source, &insertions, &appendix)
}

/// The markers around each passage that can be marked, and where every
/// passage was placed.
fn passage_markers(
    listing: &Listing,
    placer: &Placer,
    labels: &[LabelDef],
    style: MarkerStyle,
) -> (Vec<Insertion>, Vec<Placement>) {
    let mut insertions = Vec::with_capacity(2 * listing.placed.len());
    let mut placements = Vec::with_capacity(listing.placed.len());
    for entry in &listing.placed {
        let placement = placer.passage(entry.range.clone());
        if placement.marked {
            let (open, close) = markers(entry, labels, style);
            insertions.push(Insertion {
                at: placement.start,
                order: (2, Reverse(entry.range.end)),
                text: open,
            });
            insertions.push(Insertion {
                at: placement.end,
                order: (1, Reverse(entry.range.start)),
                text: close,
            });
        }
        placements.push(placement);
    }
    (insertions, placements)
}

/// What a source that ends inside a construct needs before the appendix: a
/// fence that runs to the end is closed there, so what follows is not code;
/// raw HTML that runs to the end would swallow the appendix, so the
/// appendix moves before it (and `appendix` is left empty).
fn close_open_end(layout: &SourceMap, appendix: &mut String) -> Option<Insertion> {
    let source = &layout.source;
    match layout.open_end()? {
        (_, OpenEnd::Fence(fence)) => Some(Insertion {
            at: source.len(),
            order: (3, Reverse(usize::MAX)),
            text: format!(
                "{}{fence}\n",
                if source.ends_with('\n') { "" } else { "\n" }
            ),
        }),
        (element, OpenEnd::Html) => {
            let at = element.span.start;
            appendix.push_str(&format!("\n{APPENDIX_END_LINE}\n"));
            let text = layout.as_block(at, appendix.trim());
            appendix.clear();
            Some(Insertion {
                at,
                order: (4, Reverse(0)),
                text,
            })
        }
    }
}

/// The source with the (sorted) insertions made, then the appendix after a
/// blank line.
fn splice(source: &str, insertions: &[Insertion], appendix: &str) -> String {
    let extra: usize = insertions.iter().map(|i| i.text.len()).sum();
    let mut out = String::with_capacity(source.len() + extra + appendix.len());
    let mut copied = 0;
    for insertion in insertions {
        out.push_str(&source[copied..insertion.at]);
        out.push_str(&insertion.text);
        copied = insertion.at;
    }
    out.push_str(&source[copied..]);
    if !appendix.is_empty() {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
        out.push_str(appendix);
    }
    out
}

/// True when `content` holds the header line of a markdown export.
pub(super) fn is_markdown_export(content: &str) -> bool {
    content
        .lines()
        .any(|line| line.starts_with(HEADER_PREFIX) && line.ends_with(COMMENT_SUFFIX))
}

/// An HTML comment holding `value` as JSON. `>` is written as `\u003e`
/// so no string inside can end the comment early.
pub(super) fn comment(prefix: &str, value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).expect("export metadata serializes");
    format!("{prefix}{}{COMMENT_SUFFIX}", json.replace('>', "\\u003e"))
}

/// A passage's labels as `◆ claim ● opinion` (a plain note: `✎ note`), or
/// with the names in bold, `◆ **claim** ● **opinion**`, escaped for one line.
pub(super) fn glyphs_and_names_line(labels: &[LabelDef], names: &[String], bold: bool) -> String {
    glyphs_and_names(labels, names)
        .into_iter()
        .map(|(glyph, name)| {
            let (glyph, name) = (escape_one_line(glyph), escape_one_line(name));
            if bold {
                format!("{glyph} **{name}**")
            } else {
                format!("{glyph} {name}")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn markers(entry: &Entry, labels: &[LabelDef], style: MarkerStyle) -> (String, String) {
    let annotation = entry.annotation;
    match style {
        MarkerStyle::Markers => (
            format!(
                "{MARK_OPEN}{} {}{MARK_CLOSE}",
                glyphs_and_names_line(labels, &annotation.labels, false),
                entry.number
            ),
            format!("{MARK_OPEN}/{}{MARK_CLOSE}", entry.number),
        ),
        MarkerStyle::CriticMarkup => {
            let label = escape_one_line(&annotation.labels_joined());
            let note = escape_one_line(&annotation.note);
            let comment = match (label.is_empty(), note.is_empty()) {
                (_, true) => label,
                (true, false) => note,
                (false, false) => format!("{label}: {note}"),
            };
            ("{==".to_string(), format!("==}}{{>>{comment}<<}}"))
        }
    }
}

/// Text inserted at a source position. At one position, insertions go in
/// `order`: the header, then passages ending (the one that started last
/// first), then passages starting (the one that ends last first), so marks
/// nest; then notes.
struct Insertion {
    at: usize,
    order: (u8, Reverse<usize>),
    text: String,
}

/// The notes of passages ending in each top-level element, quoted right
/// after it: the one place a block can be added without changing what
/// surrounds it (inside a list, table or quote it would join or split it).
fn note_quotes(
    listing: &Listing,
    layout: &SourceMap,
    placements: &[Placement],
    labels: &[LabelDef],
) -> Vec<Insertion> {
    let mut by_element: BTreeMap<usize, Vec<&Entry>> = BTreeMap::new();
    for (entry, placement) in listing.placed.iter().zip(placements) {
        if entry.annotation.note.trim().is_empty() {
            continue;
        }
        let end = placement.end;
        let element = layout
            .elements
            .partition_point(|e| e.span.start < end)
            .saturating_sub(1);
        // After the element's last line (before the line break, so that
        // markers where the next element begins stay there); raw HTML open
        // to the end takes in whatever follows it, so then before it.
        let at = layout
            .elements
            .get(element)
            .map_or(layout.source.len(), |e| {
                match e.open_end {
                    Some(OpenEnd::Html) => e.span.start,
                    // After the fence that closes it.
                    Some(OpenEnd::Fence(_)) => layout.source.len(),
                    None => {
                        // The end of its last line that is not blank, keeping
                        // that line's own white space (code's, say).
                        let source = &layout.source[..e.span.end];
                        let content = source.trim_end().len();
                        let line_end = source[content..].find(['\n', '\r']);
                        (content + line_end.unwrap_or(source.len() - content)).max(e.span.start)
                    }
                }
            });
        by_element.entry(at).or_default().push(entry);
    }
    by_element
        .into_iter()
        .map(|(at, entries)| {
            let quotes: Vec<String> = entries
                .iter()
                .map(|entry| note_quote(entry, labels))
                .collect();
            Insertion {
                at,
                order: (3, Reverse(0)),
                text: layout.as_block(at, &quotes.join("\n\n")),
            }
        })
        .collect()
}

/// `> ⟦3⟧ ◆ **claim**: the note`, its lines joined by hard breaks so the
/// quote stays one paragraph.
fn note_quote(entry: &Entry, labels: &[LabelDef]) -> String {
    let annotation = entry.annotation;
    let lines: Vec<String> = annotation.note.trim().lines().map(escape_line).collect();
    format!(
        "> {MARK_OPEN}{}{MARK_CLOSE} {}: {}",
        entry.number,
        glyphs_and_names_line(labels, &annotation.labels, true),
        lines.join("\\\n> ")
    )
}
