//! Reading annotations back from a markdown export.
//!
//! The export's body is parsed as markdown like any article. Its reading
//! text, without the note quotes the export added and without the passage
//! markers, is the original article's reading text, and each marker's
//! offset in it is where its passage begins or ends. The list at the end
//! gives each annotation's labels, note, annotator, id and times.

use std::collections::HashMap;

use super::escape::unescape_line;
use super::markdown::{
    APPENDIX_END_LINE, APPENDIX_LINE, COMMENT_SUFFIX, ENTRY_META_PREFIX, EXPORT_VERSION, EntryMeta,
    HEADER_PREFIX, Header, MARK_CLOSE, MARK_OPEN, MarkerStyle, NOTE_LINE, entry_indent,
};
use crate::annotate::{Anchor, Annotation, resolve_all};
use crate::article::{BLOCK_SEPARATOR, Format, parse_source};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "not a markdown export of marginalia (it has no `{HEADER_PREFIX}…` line); only files written by `marginalia export` can be imported"
    )]
    NotAnExport,
    #[error(
        "written by a newer marginalia (export version {found}; this version reads {EXPORT_VERSION})"
    )]
    NewerVersion { found: u32 },
    #[error(
        "exported with --criticmarkup, which cannot mark overlapping passages exactly; export again without it to import"
    )]
    CriticMarkup,
    #[error("damaged export: {0}")]
    Damaged(String),
}

/// What an export holds.
#[derive(Debug)]
pub struct Imported {
    /// The article's path as the export recorded it.
    pub article_path: String,
    /// The article's reading text, recovered from the export.
    pub text: String,
    /// Anchored on [`Imported::text`]; orphans keep the anchors they had.
    /// From a W3C file, anchored on nothing yet: their byte offsets are
    /// worked out from the char offsets when they are anchored.
    pub annotations: Vec<Annotation>,
    /// Annotations the file held that could not be read (no quote to find,
    /// neither a label nor a note).
    pub skipped: usize,
}

impl Imported {
    /// The annotations anchored on `text`, the article as it is now: each
    /// passage that is found gets an anchor made there; the rest keep their
    /// anchors (they stay orphans until their passage comes back). Also
    /// returns how many were not found.
    pub fn anchored_on(&self, text: &str) -> (Vec<Annotation>, usize) {
        let hinted = with_byte_hints(text, self.annotations.iter().map(|a| &a.anchor));
        let resolutions = resolve_all(text, hinted.iter());
        let mut missing = 0;
        let annotations = self
            .annotations
            .iter()
            .zip(resolutions)
            .map(|(annotation, resolution)| {
                let mut annotation = annotation.clone();
                match resolution.range().and_then(|r| Anchor::new(text, r)) {
                    Some(anchor) => annotation.anchor = anchor,
                    None => missing += 1,
                }
                annotation
            })
            .collect();
        (annotations, missing)
    }
}

/// Reads a markdown export written by [`super::to_markdown`].
pub fn parse_export(exported: &str) -> Result<Imported, ImportError> {
    let header = read_header(exported)?;
    let appendix_at = exported
        .rmatch_indices(APPENDIX_LINE)
        .map(|(at, _)| at)
        .find(|&at| at == 0 || exported[..at].ends_with('\n'))
        .ok_or_else(|| ImportError::Damaged(format!("the `{APPENDIX_LINE}` line is missing")))?;
    let (body, appendix) = exported.split_at(appendix_at);
    // Article that follows the appendix (raw HTML open to the end).
    let (body, appendix) = match appendix.find(&format!("\n{APPENDIX_END_LINE}\n")) {
        Some(at) => {
            let after = &appendix[at + APPENDIX_END_LINE.len() + 2..];
            (format!("{body}{after}"), &appendix[..at])
        }
        None => (body.to_string(), appendix),
    };
    let entries = read_entries(appendix)?;

    let placed: HashMap<usize, &ListEntry> = entries
        .iter()
        .filter(|e| e.meta.anchor.is_none())
        .map(|e| (e.number, e))
        .collect();
    let (text, marks) = reading_text_without_markers(&body, &placed);

    let annotations = entries
        .into_iter()
        .map(|entry| {
            let anchor = match entry.meta.anchor {
                Some(anchor) => anchor,
                None => marked_passage(&text, marks.get(&entry.number), &entry)
                    .unwrap_or_else(|| unplaced_anchor(&entry.passage)),
            };
            Annotation {
                id: entry.meta.id,
                labels: entry_labels(entry.meta.labels, entry.meta.label),
                note: entry.note,
                annotator: entry.meta.annotator,
                created: entry.meta.created,
                modified: entry.meta.modified,
                anchor,
                extra: Default::default(),
            }
        })
        .collect();
    Ok(Imported {
        article_path: header.article,
        text,
        annotations,
        skipped: 0,
    })
}

/// An entry's labels: version 2's list, or version 1's one label.
fn entry_labels(mut labels: Vec<String>, old_label: Option<String>) -> Vec<String> {
    if let Some(label) = old_label.filter(|l| !l.trim().is_empty() && !labels.contains(l)) {
        labels.push(label);
    }
    labels
}

/// The anchors with their byte offsets taken from their char offsets in
/// `text`, where the passage was when the anchor was made (for anchors from
/// other tools, which count chars, the only offsets there are).
fn with_byte_hints<'a>(text: &str, anchors: impl Iterator<Item = &'a Anchor>) -> Vec<Anchor> {
    let mut anchors: Vec<Anchor> = anchors.cloned().collect();
    let mut wanted: Vec<(usize, usize, bool)> = anchors
        .iter()
        .enumerate()
        .flat_map(|(i, a)| [(a.char_start, i, true), (a.char_end, i, false)])
        .collect();
    wanted.sort_unstable();
    let mut chars = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .enumerate();
    let mut current = chars.next();
    for (char_at, index, is_start) in wanted {
        while let Some((c, _)) = current
            && c < char_at
        {
            current = chars.next();
        }
        let byte = current.map_or(text.len(), |(_, b)| b);
        let anchor = &mut anchors[index];
        if is_start {
            anchor.start = byte;
        } else {
            anchor.end = byte.max(anchor.start);
        }
    }
    anchors
}

fn read_header(exported: &str) -> Result<Header, ImportError> {
    let line = exported
        .lines()
        .find(|l| l.starts_with(HEADER_PREFIX) && l.ends_with(COMMENT_SUFFIX))
        .ok_or(ImportError::NotAnExport)?;
    let json = &line[HEADER_PREFIX.len()..line.len() - COMMENT_SUFFIX.len()];
    #[derive(serde::Deserialize)]
    struct Version {
        version: u32,
    }
    match serde_json::from_str::<Version>(json) {
        Ok(v) if v.version > EXPORT_VERSION => {
            return Err(ImportError::NewerVersion { found: v.version });
        }
        _ => {}
    }
    let header: Header = serde_json::from_str(json)
        .map_err(|e| ImportError::Damaged(format!("its header line: {e}")))?;
    if header.style == MarkerStyle::CriticMarkup {
        return Err(ImportError::CriticMarkup);
    }
    Ok(header)
}

struct ListEntry {
    number: usize,
    meta: EntryMeta,
    /// The passage as the list quotes it.
    passage: String,
    note: String,
}

/// The numbered entries of the list: a header line ending in the metadata
/// comment, the passage's quote lines, then `Note:` and the note's.
fn read_entries(appendix: &str) -> Result<Vec<ListEntry>, ImportError> {
    let mut entries = Vec::new();
    let mut lines = appendix.lines().peekable();
    while let Some(line) = lines.next() {
        let Some((number, meta)) = entry_header(line) else {
            continue;
        };
        let meta = meta.map_err(|e| ImportError::Damaged(format!("entry {number}: {e}")))?;
        let quote = format!("{}>", entry_indent(number));
        let passage = quote_lines(&mut lines, &quote);
        while lines.peek().is_some_and(|l| l.trim().is_empty()) {
            lines.next();
        }
        let note_line = format!("{}{NOTE_LINE}", entry_indent(number));
        let note = if lines.peek() == Some(&note_line.as_str()) {
            lines.next();
            quote_lines(&mut lines, &quote)
        } else {
            String::new()
        };
        entries.push(ListEntry {
            number,
            meta,
            passage,
            note,
        });
    }
    Ok(entries)
}

fn entry_header(line: &str) -> Option<(usize, Result<EntryMeta, serde_json::Error>)> {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let number = line[..digits].parse().ok()?;
    if !line[digits..].starts_with(". ") || !line.ends_with(COMMENT_SUFFIX) {
        return None;
    }
    let meta_at = line.rfind(ENTRY_META_PREFIX)?;
    let json = &line[meta_at + ENTRY_META_PREFIX.len()..line.len() - COMMENT_SUFFIX.len()];
    Some((number, serde_json::from_str(json)))
}

/// Consecutive quote lines under an entry (each opening with `quote`),
/// unescaped and joined.
fn quote_lines<'a>(
    lines: &mut std::iter::Peekable<impl Iterator<Item = &'a str>>,
    quote: &str,
) -> String {
    let mut text: Vec<String> = Vec::new();
    while let Some(rest) = lines.peek().and_then(|l| l.strip_prefix(quote)) {
        let content = rest.strip_prefix(' ').unwrap_or(rest);
        text.push(unescape_line(content));
        lines.next();
    }
    text.join("\n")
}

/// Offsets of each passage's start and end marker in the recovered text.
type Marks = HashMap<usize, (Option<usize>, Option<usize>)>;

/// The body's reading text without the export's additions, and where the
/// markers of `placed` entries stood in it.
fn reading_text_without_markers(
    body: &str,
    placed: &HashMap<usize, &ListEntry>,
) -> (String, Marks) {
    let exported = parse_source("export", Format::Markdown, body);
    let mut text = String::with_capacity(exported.text.len());
    let mut marks = Marks::new();
    let mut first = true;
    for block in &exported.blocks {
        let block_text = exported.slice(&block.range);
        if block.quote_depth > 0 && is_note_quote(block_text) {
            continue;
        }
        if !std::mem::take(&mut first) {
            text.push_str(BLOCK_SEPARATOR);
        }
        let block_start = text.len();
        let mut rest = block_text;
        while let Some(open) = rest.find(MARK_OPEN) {
            text.push_str(&rest[..open]);
            let after_open = &rest[open + MARK_OPEN.len_utf8()..];
            let marker = after_open
                .find(MARK_CLOSE)
                .map(|close| &after_open[..close])
                .and_then(|inner| read_marker(inner).map(|m| (m, inner.len())))
                .filter(|((number, _), _)| placed.contains_key(number));
            match marker {
                Some(((number, is_end), inner_len)) => {
                    let slot = marks.entry(number).or_default();
                    if is_end {
                        slot.1 = Some(text.len());
                    } else {
                        slot.0 = Some(text.len());
                    }
                    rest = &after_open[inner_len + MARK_CLOSE.len_utf8()..];
                }
                None => {
                    text.push(MARK_OPEN);
                    rest = after_open;
                }
            }
        }
        text.push_str(rest);
        // The loader trims a block's end, which a marker after white
        // space (code ending in a space) had kept from being trimmed.
        let trimmed = block_start + text[block_start..].trim_end().len();
        if trimmed < text.len() {
            text.truncate(trimmed);
            for (start, end) in marks.values_mut() {
                for mark in [start, end].into_iter().flatten() {
                    *mark = (*mark).min(trimmed);
                }
            }
        }
    }
    (text, marks)
}

/// `/3` is the end of passage 3; `◆ claim 3` its start.
fn read_marker(inner: &str) -> Option<(usize, bool)> {
    let number = |s: &str| {
        s.parse::<usize>()
            .ok()
            .filter(|_| s.bytes().all(|b| b.is_ascii_digit()))
    };
    if let Some(end) = inner.strip_prefix('/') {
        return number(end).map(|n| (n, true));
    }
    let (_, last) = inner.rsplit_once(' ')?;
    number(last).map(|n| (n, false))
}

/// The export's quote of a note after a paragraph: `⟦3⟧ ◆ **claim**: …`.
fn is_note_quote(text: &str) -> bool {
    text.strip_prefix(MARK_OPEN)
        .and_then(|rest| rest.split_once(MARK_CLOSE))
        .is_some_and(|(number, after)| {
            !number.is_empty()
                && number.bytes().all(|b| b.is_ascii_digit())
                && after.starts_with(' ')
        })
}

/// The passage its markers hold. Where the export had to move them (the
/// passage began inside an image, say) or they were edited away, the
/// list's quote of it decides: the occurrence nearest the markers, else the
/// first.
fn marked_passage(
    text: &str,
    marks: Option<&(Option<usize>, Option<usize>)>,
    entry: &ListEntry,
) -> Option<Anchor> {
    let quote = entry.passage.as_str();
    let (start, end) = marks.copied().unwrap_or_default();
    if let (Some(start), Some(end)) = (start, end)
        && (quote.is_empty() || text.get(start..end) == Some(quote))
    {
        return Anchor::new(text, start..end);
    }
    if quote.is_empty() {
        return None;
    }
    // Between the markers if it is there, nearest where it was.
    let near = entry.meta.start.or(start).or(end).unwrap_or(0);
    let between =
        |at: usize| start.is_some_and(|s| s <= at) && end.is_some_and(|e| at + quote.len() <= e);
    let found = text
        .match_indices(quote)
        .map(|(at, _)| at)
        .min_by_key(|&at| (!between(at), at.abs_diff(near)))?;
    Anchor::new(text, found..found + quote.len())
}

/// An anchor for a passage that is nowhere in the text: the quote alone,
/// which the store will report as an orphan.
fn unplaced_anchor(quote: &str) -> Anchor {
    Anchor {
        quote: quote.to_string(),
        prefix: String::new(),
        suffix: String::new(),
        start: 0,
        end: quote.len(),
        char_start: 0,
        char_end: quote.chars().count(),
        extra: Default::default(),
    }
}
