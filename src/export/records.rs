//! Annotations as records: JSON for programs, CSV for spreadsheets.

use serde::Serialize;
use time::OffsetDateTime;

use super::Listing;
use crate::annotate::{Placement, Store, content_hash};
use crate::article::{Article, Format};
use crate::config::LabelDef;

/// The `generator` field of a JSON export, by which it is recognised.
pub const JSON_GENERATOR: &str = "marginalia-export";
/// The first line of a CSV export, by which it is recognised.
pub const CSV_HEADER: &str = "section,labels,passage,note,annotator,status,id";
/// The first line of CSV exports made before a passage held several labels
/// (still recognised as ours, so `-o` replaces them).
const CSV_HEADER_ONE_LABEL: &str = "section,label,passage,note,annotator,status,id";
/// The version of the JSON export's layout: 2 has `labels`, a list, where
/// 1 had one `label`.
const JSON_VERSION: u32 = 2;
/// Between the labels of one passage in a CSV field.
pub const CSV_LABEL_SEPARATOR: &str = "; ";

#[derive(Serialize)]
struct JsonExport<'a> {
    generator: &'static str,
    version: u32,
    article: JsonArticle<'a>,
    labels: Vec<JsonLabel<'a>>,
    annotations: Vec<JsonAnnotation<'a>>,
    orphans: Vec<JsonOrphan<'a>>,
}

#[derive(Serialize)]
struct JsonArticle<'a> {
    title: &'a str,
    author: Option<&'a str>,
    date: Option<&'a str>,
    path: &'a str,
    format: Format,
    content_hash: String,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    name: &'a str,
    glyph: &'a str,
    definition: &'a str,
}

#[derive(Serialize)]
struct JsonAnnotation<'a> {
    number: usize,
    id: &'a str,
    /// Empty for a plain note.
    labels: &'a [String],
    note: &'a str,
    annotator: &'a str,
    #[serde(with = "time::serde::rfc3339")]
    created: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    modified: OffsetDateTime,
    /// The innermost section's title; `None` before the first heading.
    section: Option<&'a str>,
    /// Titles from the outermost section down.
    section_path: Vec<&'a str>,
    passage: &'a str,
    /// Byte and char offsets of the passage in the reading text.
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    /// How the passage was found: exact, moved or fuzzy.
    placement: &'static str,
    confidence: f32,
}

#[derive(Serialize)]
struct JsonOrphan<'a> {
    number: usize,
    id: &'a str,
    /// Empty for a plain note.
    labels: &'a [String],
    note: &'a str,
    annotator: &'a str,
    #[serde(with = "time::serde::rfc3339")]
    created: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    modified: OffsetDateTime,
    /// What the passage said when it was annotated.
    quote: &'a str,
    prefix: &'a str,
    suffix: &'a str,
}

/// The annotations with their passages and sections, pretty-printed.
pub fn to_json(
    article: &Article,
    store: &Store,
    labels: &[LabelDef],
    article_path: &str,
) -> String {
    let listing = Listing::new(article, store);
    let annotations = json_annotations(article, &listing);
    let orphans = json_orphans(&listing);
    let export = JsonExport {
        generator: JSON_GENERATOR,
        version: JSON_VERSION,
        article: JsonArticle {
            title: &article.meta.title,
            author: article.meta.author.as_deref(),
            date: article.meta.date.as_deref(),
            path: article_path,
            format: article.format,
            content_hash: content_hash(&article.text),
        },
        labels: labels
            .iter()
            .map(|l| JsonLabel {
                name: &l.name,
                glyph: &l.glyph,
                definition: &l.definition,
            })
            .collect(),
        annotations,
        orphans,
    };
    let mut json = serde_json::to_string_pretty(&export).expect("the export serializes");
    json.push('\n');
    json
}

/// The placed annotations, in text order, with their passages, sections
/// and offsets in bytes and chars.
fn json_annotations<'a>(article: &'a Article, listing: &Listing<'a>) -> Vec<JsonAnnotation<'a>> {
    // Entries run in text order, so char offsets are counted incrementally.
    let mut counted = (0usize, 0usize);
    listing
        .placed
        .iter()
        .map(|entry| {
            let (byte, chars) = counted;
            let char_start = chars + article.text[byte..entry.range.start].chars().count();
            counted = (entry.range.start, char_start);
            let passage = listing.passage(entry);
            let annotation = entry.annotation;
            JsonAnnotation {
                number: entry.number,
                id: &annotation.id,
                labels: &annotation.labels,
                note: &annotation.note,
                annotator: &annotation.annotator,
                created: annotation.created,
                modified: annotation.modified,
                section: entry.section.map(|s| article.sections[s].title.as_str()),
                section_path: section_titles(article, entry.section),
                passage,
                start: entry.range.start,
                end: entry.range.end,
                char_start,
                char_end: char_start + passage.chars().count(),
                placement: match entry.resolution.placement {
                    Placement::Exact(_) => "exact",
                    Placement::Moved(_) => "moved",
                    Placement::Fuzzy { .. } => "fuzzy",
                    Placement::Orphan => "orphan",
                },
                confidence: entry.resolution.confidence,
            }
        })
        .collect()
}

/// The annotations whose passage is gone, with what it said.
fn json_orphans<'a>(listing: &Listing<'a>) -> Vec<JsonOrphan<'a>> {
    listing
        .orphans
        .iter()
        .enumerate()
        .map(|(i, annotation)| JsonOrphan {
            number: listing.orphan_number(i),
            id: &annotation.id,
            labels: &annotation.labels,
            note: &annotation.note,
            annotator: &annotation.annotator,
            created: annotation.created,
            modified: annotation.modified,
            quote: &annotation.anchor.quote,
            prefix: &annotation.anchor.prefix,
            suffix: &annotation.anchor.suffix,
        })
        .collect()
}

fn section_titles(article: &Article, section: Option<usize>) -> Vec<&str> {
    let mut titles = Vec::new();
    let mut next = section;
    while let Some(index) = next {
        titles.push(article.sections[index].title.as_str());
        next = article.sections[index].parent;
    }
    titles.reverse();
    titles
}

/// One row per annotation, orphans last (with an empty section), as RFC
/// 4180 says: CRLF line ends, fields with a comma, quote or line break
/// quoted, quotes doubled. Labels are names alone, to filter on; a
/// passage's labels share its one field, separated by `; `.
pub fn to_csv(article: &Article, store: &Store) -> String {
    let listing = Listing::new(article, store);
    let mut out = String::with_capacity(64 * (listing.placed.len() + listing.orphans.len() + 1));
    out.push_str(CSV_HEADER);
    out.push_str("\r\n");
    let mut row = |fields: [&str; 7]| {
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_csv_field(&mut out, field);
        }
        out.push_str("\r\n");
    };
    for entry in &listing.placed {
        let a = entry.annotation;
        let section = listing.section_path(entry.section);
        row([
            &section,
            &a.labels.join(CSV_LABEL_SEPARATOR),
            listing.passage(entry),
            &a.note,
            &a.annotator,
            "placed",
            &a.id,
        ]);
    }
    for a in &listing.orphans {
        row([
            "",
            &a.labels.join(CSV_LABEL_SEPARATOR),
            &a.anchor.quote,
            &a.note,
            &a.annotator,
            "orphaned",
            &a.id,
        ]);
    }
    out
}

pub(crate) fn push_csv_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

pub(super) fn is_json_export(content: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Probe {
        generator: String,
    }
    content.trim_start().starts_with('{')
        && serde_json::from_str::<Probe>(content).is_ok_and(|p| p.generator == JSON_GENERATOR)
}

pub(super) fn is_csv_export(content: &str) -> bool {
    content
        .lines()
        .next()
        .map(|l| l.trim_end_matches('\r'))
        .is_some_and(|header| header == CSV_HEADER || header == CSV_HEADER_ONE_LABEL)
}
