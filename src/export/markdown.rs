//! The article as markdown with its annotations marked in the text.
//!
//! A markdown article is copied from its source, byte for byte, with markers
//! inserted where the source map says each passage begins and ends; a
//! plain-text article is first written as markdown from its blocks (with a
//! source map of its own), then marked the same way. Markers are plain text
//! with no markdown meaning, `⟦◆ claim 3⟧` … `⟦/3⟧`, so they read the same
//! raw and rendered, in any inline context, and [`super::import`] finds them
//! again in the reading text of the export. See docs/EXPORT.md.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BTreeMap;

use pulldown_cmark::{Event, LinkType, Parser, Tag};
use serde::{Deserialize, Serialize};

use super::escape::{escape_line, escape_one_line, line_edits};
use super::stats::{self, Stats};
use super::{Entry, Listing, label_glyph};
use crate::annotate::{Annotation, Store};
use crate::article::{Article, Block, BlockKind, Format, SourceRun, Span};
use crate::config::LabelDef;

pub(super) use crate::article::MARKDOWN_OPTIONS as PARSE_OPTIONS;

/// Opens the first line of every markdown export (after any front matter).
pub(super) const HEADER_PREFIX: &str = "<!-- marginalia-export ";
/// Separates the article from the summary and the list of annotations.
pub(super) const APPENDIX_LINE: &str = "<!-- marginalia-annotations -->";
/// Opens the machine-readable part of a list entry.
pub(super) const ENTRY_META_PREFIX: &str = "<!-- marginalia ";
pub(super) const COMMENT_SUFFIX: &str = " -->";
/// Marks the note below an entry's passage in the list (after the
/// entry's indentation).
pub(super) const NOTE_LINE: &str = "Note:";
pub(super) const MARK_OPEN: char = '⟦';
pub(super) const MARK_CLOSE: char = '⟧';
pub(super) const EXPORT_VERSION: u32 = 1;

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
    /// What the article was: `markdown` or `plain text`.
    pub format: String,
    pub style: MarkerStyle,
}

/// The machine-readable part of an entry in the list: what the visible
/// text does not carry exactly. Orphans keep their whole anchor, as there is
/// no marked passage to rebuild it from.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct EntryMeta {
    pub id: String,
    pub label: String,
    pub annotator: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub modified: time::OffsetDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<crate::annotate::Anchor>,
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
        Format::Markdown => Layout::of_markdown(article),
        Format::PlainText => Layout::of_plain_text(article),
    };
    let header = Header {
        version: EXPORT_VERSION,
        article: article_path.to_string(),
        format: match article.format {
            Format::Markdown => "markdown",
            Format::PlainText => "plain text",
        }
        .to_string(),
        style,
    };
    let mut insertions = vec![Insertion {
        at: layout.header_at,
        order: (0, Reverse(0)),
        text: layout.as_block(layout.header_at, &comment(HEADER_PREFIX, &header)),
    }];
    let placer = Placer::new(&layout);
    let mut ends = Vec::with_capacity(listing.placed.len());
    for entry in &listing.placed {
        let (start, end) = placer.passage(entry.range.clone());
        let glyph = label_glyph(labels, &entry.annotation.label);
        let (open, close) = markers(entry, glyph, style);
        insertions.push(Insertion {
            at: start,
            order: (2, Reverse(entry.range.end)),
            text: open,
        });
        insertions.push(Insertion {
            at: end,
            order: (1, Reverse(entry.range.start)),
            text: close,
        });
        ends.push(end);
    }
    if style == MarkerStyle::Markers {
        insertions.extend(note_quotes(&listing, &layout, &ends, labels));
    }
    insertions.sort_by_key(|i| (i.at, i.order));

    let source = &layout.source;
    let extra: usize = insertions.iter().map(|i| i.text.len()).sum();
    let mut out = String::with_capacity(source.len() + extra + 4096);
    let mut copied = 0;
    for insertion in &insertions {
        out.push_str(&source[copied..insertion.at]);
        out.push_str(&insertion.text);
        copied = insertion.at;
    }
    out.push_str(&source[copied..]);
    let stats = stats::annotation_counts(article, store, labels);
    write_appendix(&mut out, &listing, &stats, labels);
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
fn comment(prefix: &str, value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).expect("export metadata serializes");
    format!("{prefix}{}{COMMENT_SUFFIX}", json.replace('>', "\\u003e"))
}

fn markers(entry: &Entry, glyph: &str, style: MarkerStyle) -> (String, String) {
    let annotation = entry.annotation;
    let label = escape_one_line(&annotation.label);
    match style {
        MarkerStyle::Markers => (
            format!(
                "{MARK_OPEN}{} {label} {}{MARK_CLOSE}",
                escape_one_line(glyph),
                entry.number
            ),
            format!("{MARK_OPEN}/{}{MARK_CLOSE}", entry.number),
        ),
        MarkerStyle::CriticMarkup => {
            let note = escape_one_line(&annotation.note);
            let comment = if note.is_empty() {
                label
            } else {
                format!("{label}: {note}")
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
    layout: &Layout,
    ends: &[usize],
    labels: &[LabelDef],
) -> Vec<Insertion> {
    let mut by_element: BTreeMap<usize, Vec<&Entry>> = BTreeMap::new();
    for (entry, &end) in listing.placed.iter().zip(ends) {
        if entry.annotation.note.trim().is_empty() {
            continue;
        }
        let element = layout
            .elements
            .partition_point(|e| e.start < end)
            .saturating_sub(1);
        let at = layout
            .elements
            .get(element)
            .map_or(layout.source.len(), |e| e.end.max(end));
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
        "> {MARK_OPEN}{}{MARK_CLOSE} {} **{}**: {}",
        entry.number,
        escape_one_line(label_glyph(labels, &annotation.label)),
        escape_one_line(&annotation.label),
        lines.join("\\\n> ")
    )
}

fn write_appendix(out: &mut String, listing: &Listing, stats: &Stats, labels: &[LabelDef]) {
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
    out.push_str(APPENDIX_LINE);
    out.push_str("\n\n---\n\n## Annotations\n\n");
    write_summary(out, listing, stats, labels);
    if !listing.placed.is_empty() {
        out.push_str("\n### Passages\n");
        for entry in &listing.placed {
            let section = listing.section_path(entry.section);
            let meta = entry_meta(entry.annotation, false);
            write_entry(
                out,
                entry.number,
                entry.annotation,
                Some(&section),
                &meta,
                listing.passage(entry),
                labels,
            );
        }
    }
    if !listing.orphans.is_empty() {
        out.push_str(
            "\n### Orphaned annotations\n\nTheir passages are no longer in the article; \
             they are kept here with what they quoted.\n",
        );
        for (i, annotation) in listing.orphans.iter().enumerate() {
            let meta = entry_meta(annotation, true);
            write_entry(
                out,
                listing.orphan_number(i),
                annotation,
                None,
                &meta,
                &annotation.anchor.quote,
                labels,
            );
        }
    }
}

fn entry_meta(annotation: &Annotation, with_anchor: bool) -> EntryMeta {
    EntryMeta {
        id: annotation.id.clone(),
        label: annotation.label.clone(),
        annotator: annotation.annotator.clone(),
        created: annotation.created,
        modified: annotation.modified,
        anchor: with_anchor.then(|| annotation.anchor.clone()),
    }
}

/// Counts per label for each part of the article that has annotations.
fn write_summary(out: &mut String, listing: &Listing, stats: &Stats, labels: &[LabelDef]) {
    let total = &stats.total;
    if total.annotations == 0 {
        out.push_str("No passages are annotated.\n");
    } else {
        out.push_str(&format!(
            "Annotated passages: {}, with notes: {}. Counts by section:\n\n| Section |",
            total.annotations, total.notes
        ));
        for name in &stats.labels {
            let glyph = label_glyph(labels, name);
            out.push_str(&format!(
                " {} |",
                escape_one_line(&format!("{glyph} {name}"))
            ));
        }
        out.push_str(" Notes |\n| :-- |");
        out.push_str(&" --: |".repeat(stats.labels.len() + 1));
        out.push('\n');
        let row = |out: &mut String, title: &str, part: &stats::PartStats| {
            out.push_str(&format!("| {title} |"));
            for count in &part.labels {
                out.push_str(&format!(" {} |", count.count));
            }
            out.push_str(&format!(" {} |\n", part.notes));
        };
        for part in stats.parts.iter().filter(|p| p.annotations > 0) {
            let title = escape_one_line(&listing.section_path(part.section));
            row(out, &title, part);
        }
        row(out, "**Total**", total);
    }
    if stats.orphans > 0 {
        out.push_str(&format!(
            "\nOrphaned annotations, listed at the end: {}.\n",
            stats.orphans
        ));
    }
}

/// One list entry: a header line (number, label, section, annotator and,
/// hidden from readers, what import needs), the passage quoted, the note.
fn write_entry(
    out: &mut String,
    number: usize,
    annotation: &Annotation,
    section: Option<&str>,
    meta: &EntryMeta,
    passage: &str,
    labels: &[LabelDef],
) {
    out.push_str(&format!(
        "\n{number}. {} **{}**",
        escape_one_line(label_glyph(labels, &annotation.label)),
        escape_one_line(&annotation.label)
    ));
    if let Some(section) = section {
        out.push_str(&format!(" · *{}*", escape_one_line(section)));
    }
    out.push_str(&format!(
        " · {} {}\n",
        escape_one_line(&annotation.annotator),
        comment(ENTRY_META_PREFIX, meta)
    ));
    let indent = entry_indent(number);
    write_entry_quote(out, &indent, passage);
    if !annotation.note.is_empty() {
        out.push('\n');
        out.push_str(&indent);
        out.push_str(NOTE_LINE);
        out.push('\n');
        write_entry_quote(out, &indent, &annotation.note);
    }
}

/// What lines inside entry `number` are indented by: the width of `N. `,
/// so they stay in the entry's list item.
pub(super) fn entry_indent(number: usize) -> String {
    " ".repeat(number.to_string().len() + 2)
}

/// Every line of `text` as a quote line under a list entry; blank lines
/// stay (as `>` alone), so the text reads back exactly.
fn write_entry_quote(out: &mut String, indent: &str, text: &str) {
    for line in text.split('\n') {
        out.push_str(indent);
        out.push('>');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(&escape_line(line));
        }
        out.push('\n');
    }
}

/// Markdown to mark up, with where its reading text came from.
struct Layout<'a> {
    source: Cow<'a, str>,
    runs: Cow<'a, [SourceRun]>,
    /// Source ranges of inline markup that adds no text of its own
    /// (emphasis, strong, strikethrough, links, code spans), by start.
    markup: Vec<Span>,
    /// Source ranges of inline markup that adds text (images, footnote
    /// references): markers never move across it.
    generating: Vec<Span>,
    /// Source ranges a marker would break (footnote references, autolinks):
    /// markers go around them, never inside.
    atomic: Vec<Span>,
    /// Top-level elements (paragraphs, lists, tables, quotes…) in order.
    elements: Vec<Span>,
    /// Where the export's header line goes: after any front matter.
    header_at: usize,
}

impl<'a> Layout<'a> {
    fn of_markdown(article: &'a Article) -> Layout<'a> {
        let source = article.source.as_str();
        let mut markup = Vec::new();
        let mut generating = Vec::new();
        let mut atomic = Vec::new();
        let mut elements = Vec::new();
        let mut header_at = 0;
        let mut depth = 0usize;
        for (event, range) in Parser::new_ext(source, PARSE_OPTIONS).into_offset_iter() {
            match event {
                Event::Start(tag) => {
                    match tag {
                        Tag::Link {
                            link_type: LinkType::Autolink | LinkType::Email,
                            ..
                        } => {
                            markup.push(range.clone());
                            atomic.push(range.clone());
                        }
                        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } => {
                            markup.push(range.clone())
                        }
                        Tag::Image { .. } => generating.push(range.clone()),
                        Tag::MetadataBlock(_) if range.start == 0 => header_at = range.end,
                        _ => {}
                    }
                    if depth == 0 {
                        elements.push(range);
                    }
                    depth += 1;
                }
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::Code(_) => markup.push(range),
                Event::FootnoteReference(_) => {
                    generating.push(range.clone());
                    atomic.push(range);
                }
                _ if depth == 0 => elements.push(range),
                _ => {}
            }
        }
        markup.sort_by_key(|r| r.start);
        generating.sort_by_key(|r| r.start);
        atomic.sort_by_key(|r| r.start);
        Layout {
            source: Cow::Borrowed(source),
            runs: Cow::Borrowed(&article.source_map),
            markup,
            generating,
            atomic,
            elements,
            header_at,
        }
    }

    /// Markdown written from the blocks of a plain-text article, escaped so
    /// that it reads back as the same text.
    fn of_plain_text(article: &Article) -> Layout<'static> {
        let mut writer = PlainWriter::default();
        writer.front_matter(article);
        let header_at = writer.source.len();
        for block in &article.blocks {
            writer.block(article, block);
        }
        Layout {
            source: Cow::Owned(writer.source),
            runs: Cow::Owned(writer.runs),
            markup: Vec::new(),
            generating: Vec::new(),
            atomic: Vec::new(),
            elements: writer.elements,
            header_at,
        }
    }

    /// `content` as a block of its own at `at`: blank lines around it.
    fn as_block(&self, at: usize, content: &str) -> String {
        let before = &self.source[..at];
        let lead = if at == 0 || before.ends_with("\n\n") {
            ""
        } else if before.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        };
        let after = &self.source[at..];
        let trail = if after.starts_with("\n\n") {
            ""
        } else if after.is_empty() || after.starts_with('\n') {
            "\n"
        } else {
            "\n\n"
        };
        format!("{lead}{content}{trail}")
    }
}

/// Finds the source position for a reading-text offset.
struct Placer<'l> {
    runs: &'l [SourceRun],
    source_len: usize,
    /// `Layout::markup` starts, and ends in order.
    markup_starts: Vec<usize>,
    markup_ends: Vec<usize>,
    generating_starts: Vec<usize>,
    generating_ends: Vec<usize>,
    atomic: &'l [Span],
}

impl<'l> Placer<'l> {
    fn new(layout: &'l Layout) -> Placer<'l> {
        let sorted = |spans: &[Span], end: bool| {
            let mut points: Vec<usize> = spans
                .iter()
                .map(|s| if end { s.end } else { s.start })
                .collect();
            points.sort_unstable();
            points
        };
        Placer {
            runs: &layout.runs,
            source_len: layout.source.len(),
            markup_starts: sorted(&layout.markup, false),
            markup_ends: sorted(&layout.markup, true),
            generating_starts: sorted(&layout.generating, false),
            generating_ends: sorted(&layout.generating, true),
            atomic: &layout.atomic,
        }
    }

    /// Source positions for a passage's start and end markers. Where the
    /// text at an end was not copied from the source (a list bullet, a
    /// footnote's brackets), the passage shrinks to what was, unless
    /// nothing would be left; then it grows instead.
    fn passage(&self, range: Span) -> (usize, usize) {
        let start = self.outside_atomic(self.position(range.start, true), true);
        let end = self.outside_atomic(self.position(range.end, false), false);
        if start < end {
            return (start, end);
        }
        let grown = (
            self.outside_atomic(self.position(range.start, false), true),
            self.outside_atomic(self.position(range.end, true), false),
        );
        (grown.0.min(grown.1), grown.0.max(grown.1))
    }

    /// `pos`, or the edge of the atomic span it falls inside: the start for
    /// a passage's start, the end for its end, so the passage takes it whole.
    fn outside_atomic(&self, pos: usize, at_start: bool) -> usize {
        let candidate = self.atomic.partition_point(|s| s.start < pos);
        match candidate.checked_sub(1).map(|i| &self.atomic[i]) {
            Some(span) if pos < span.end => {
                if at_start {
                    span.start
                } else {
                    span.end
                }
            }
            _ => pos,
        }
    }

    /// The source position whose reading-text offset is `offset`, or the
    /// nearest one inward (`forward`: the next, else the previous).
    fn position(&self, offset: usize, forward: bool) -> usize {
        let runs = self.runs;
        let next = runs.partition_point(|r| r.text.end <= offset);
        if let Some(run) = runs.get(next).filter(|r| r.text.start < offset) {
            if run.text.len() == run.source.len() {
                return run.source.start + (offset - run.text.start);
            }
            // Inside an escape or a reference: take all of it.
            return if forward {
                self.before_openers(next)
            } else {
                self.after_closers(next)
            };
        }
        let ends_here = next > 0 && runs[next - 1].text.end == offset;
        let starts_here = runs.get(next).is_some_and(|r| r.text.start == offset);
        match (ends_here, starts_here, forward) {
            (true, _, _) => self.after_closers(next - 1),
            (false, true, _) => self.before_openers(next),
            // In text the source does not spell out.
            (false, false, true) if next < runs.len() => self.before_openers(next),
            (false, false, _) if next > 0 => self.after_closers(next - 1),
            (false, false, _) => {
                if forward {
                    self.source_len
                } else {
                    0
                }
            }
        }
    }

    /// After run `index` and any markup closing right after it, so a marker
    /// never splits a delimiter run (`**`) or a link from its target.
    fn after_closers(&self, index: usize) -> usize {
        let pos = self.runs[index].source.end;
        let mut limit = self
            .runs
            .get(index + 1)
            .map_or(self.source_len, |r| r.source.start);
        let generating = self.generating_ends.partition_point(|&e| e <= pos);
        if let Some(&end) = self.generating_ends.get(generating) {
            limit = limit.min(end.saturating_sub(1));
        }
        let last = self.markup_ends.partition_point(|&e| e <= limit);
        match last.checked_sub(1).map(|i| self.markup_ends[i]) {
            Some(end) if end > pos => end,
            _ => pos,
        }
    }

    /// Before run `index` and any markup opening right before it.
    fn before_openers(&self, index: usize) -> usize {
        let pos = self.runs[index].source.start;
        let mut lower = index.checked_sub(1).map_or(0, |i| self.runs[i].source.end);
        let generating = self.generating_starts.partition_point(|&s| s < pos);
        if let Some(&start) = generating
            .checked_sub(1)
            .map(|i| &self.generating_starts[i])
            && start >= lower
        {
            lower = start + 1;
        }
        let first = self.markup_starts.partition_point(|&s| s < lower);
        match self.markup_starts.get(first) {
            Some(&start) if start < pos => start,
            _ => pos,
        }
    }
}

/// Writes a plain-text article's blocks as markdown, recording where each
/// stretch of reading text went.
#[derive(Default)]
struct PlainWriter {
    source: String,
    runs: Vec<SourceRun>,
    elements: Vec<Span>,
    /// Content indentation of the open list items, by depth.
    item_indents: Vec<usize>,
    /// The last element is a list still open to more items.
    in_list: bool,
}

impl PlainWriter {
    /// YAML front matter with the title block's metadata, which plain text
    /// keeps out of the reading text. Values are JSON strings, which YAML reads.
    fn front_matter(&mut self, article: &Article) {
        let meta = &article.meta;
        let quoted = |s: &str| serde_json::to_string(s).expect("strings serialize");
        let mut yaml = format!("---\ntitle: {}\n", quoted(&meta.title));
        if let Some(author) = &meta.author {
            yaml.push_str(&format!("author: {}\n", quoted(author)));
        }
        if let Some(date) = &meta.date {
            yaml.push_str(&format!("date: {}\n", quoted(date)));
        }
        if !meta.tags.is_empty() {
            yaml.push_str("tags:\n");
            for tag in &meta.tags {
                yaml.push_str(&format!("  - {}\n", quoted(tag)));
            }
        }
        yaml.push_str("---\n");
        self.source.push_str(&yaml);
    }

    fn block(&mut self, article: &Article, block: &Block) {
        self.source.push('\n');
        let start = self.source.len();
        let quote = "> ".repeat(block.quote_depth as usize);
        let text = article.slice(&block.range);
        let is_item = matches!(block.kind, BlockKind::ListItem { .. });
        match &block.kind {
            BlockKind::Heading { level } => {
                self.source.push_str(&quote);
                self.source
                    .push_str(&"#".repeat((*level).clamp(1, 6) as usize));
                self.source.push(' ');
                self.lines(text, block.range.start, &quote);
            }
            BlockKind::ListItem { depth, marker } => {
                // A new item closes the items at its depth and deeper; a
                // continuation block stays in the item at its depth.
                let depth = *depth as usize;
                self.item_indents
                    .truncate(depth + usize::from(marker.is_empty()));
                let indent = self.item_indents.last().copied().unwrap_or(0);
                let prefix = format!("{quote}{}", " ".repeat(indent));
                self.source.push_str(&prefix);
                if !marker.is_empty() {
                    let marker = markdown_list_marker(marker);
                    self.source.push_str(&marker);
                    self.source.push(' ');
                    self.item_indents.push(indent + marker.len() + 1);
                }
                let continuation = format!(
                    "{quote}{}",
                    " ".repeat(self.item_indents.last().copied().unwrap_or(0))
                );
                self.lines(text, block.range.start, &continuation);
            }
            BlockKind::Code { lang } => {
                let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
                self.source.push_str(&format!(
                    "{quote}{fence}{}\n",
                    lang.as_deref().unwrap_or("")
                ));
                self.copy_verbatim(text, block.range.start, &quote);
                self.source.push_str(&format!("\n{quote}{fence}"));
            }
            BlockKind::Rule => self.source.push_str(&format!("{quote}---")),
            // Plain text has none of these; should one appear, its text
            // still reads back as a paragraph.
            BlockKind::Paragraph | BlockKind::TableRow { .. } | BlockKind::Footnote { .. } => {
                self.source.push_str(&quote);
                self.lines(text, block.range.start, &quote);
            }
        }
        self.source.push('\n');
        let end = self.source.len();
        match self.elements.last_mut() {
            Some(last) if is_item && self.in_list => last.end = end,
            _ => self.elements.push(start..end),
        }
        self.in_list = is_item;
        if !is_item {
            self.item_indents.clear();
        }
    }

    /// Lines of prose joined by hard breaks, each continued after `prefix`.
    fn lines(&mut self, text: &str, text_start: usize, prefix: &str) {
        let mut line_start = 0;
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                let break_start = self.source.len();
                self.source.push_str("\\\n");
                self.source.push_str(prefix);
                let at = text_start + line_start - 1;
                self.runs.push(SourceRun {
                    text: at..at + 1,
                    source: break_start..self.source.len(),
                });
            }
            self.escaped_line(line, text_start + line_start);
            line_start += line.len() + 1;
        }
    }

    fn escaped_line(&mut self, line: &str, text_start: usize) {
        let mut copied = 0;
        for edit in line_edits(line) {
            self.copy(&line[copied..edit.range.start], text_start + copied);
            let source_start = self.source.len();
            self.source.push_str(&edit.with);
            self.runs.push(SourceRun {
                text: text_start + edit.range.start..text_start + edit.range.end,
                source: source_start..self.source.len(),
            });
            copied = edit.range.end;
        }
        self.copy(&line[copied..], text_start + copied);
    }

    /// Copies text unchanged: a verbatim run, merged with the one before
    /// when both sides continue it.
    fn copy(&mut self, text: &str, text_start: usize) {
        if text.is_empty() {
            return;
        }
        let source_start = self.source.len();
        self.source.push_str(text);
        let text_range = text_start..text_start + text.len();
        let source_range = source_start..self.source.len();
        if let Some(last) = self.runs.last_mut()
            && last.text.end == text_range.start
            && last.source.end == source_range.start
            && last.text.len() == last.source.len()
        {
            last.text.end = text_range.end;
            last.source.end = source_range.end;
            return;
        }
        self.runs.push(SourceRun {
            text: text_range,
            source: source_range,
        });
    }

    /// Code lines, copied as they are (inside a quote, after its prefix).
    fn copy_verbatim(&mut self, text: &str, text_start: usize, quote: &str) {
        let mut line_start = 0;
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.copy("\n", text_start + line_start - 1);
                self.source.push_str(quote);
            }
            self.copy(line, text_start + line_start);
            line_start += line.len() + 1;
        }
    }
}

/// Numbered markers stay (`3.`, `3)`); every bullet becomes `-`.
fn markdown_list_marker(marker: &str) -> String {
    let digits = marker.trim_end_matches(['.', ')']);
    if !digits.is_empty()
        && digits.len() < marker.len()
        && digits.len() <= 9
        && digits.chars().all(|c| c.is_ascii_digit())
    {
        marker.to_string()
    } else {
        "-".to_string()
    }
}

fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for ch in text.chars() {
        current = if ch == c { current + 1 } else { 0 };
        longest = longest.max(current);
    }
    longest
}
