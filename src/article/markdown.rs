//! Markdown articles: CommonMark with GFM tables, footnotes, strikethrough
//! and task lists, plus YAML (`---`) or TOML (`+++`) front matter.
//!
//! One pass over pulldown-cmark's events builds the reading text. Blocks are
//! opened lazily, on their first piece of content, so markup that shows
//! nothing (HTML, empty paragraphs) leaves nothing behind. Every text event
//! is recorded in the source map; stretches copied verbatim keep equal
//! lengths on both sides so positions can be carried back into the markdown.

use std::borrow::Cow;

use pulldown_cmark::{CodeBlockKind, Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use super::sanitize::{is_unsafe, visible, visible_line};
use super::{BlockKind, CELL_SEPARATOR, Draft, Inline, InlineStyle, Metadata, SourceRun, Span};

/// What a tab becomes in code, where indentation carries meaning.
const CODE_TAB: &str = "    ";
/// What a tab becomes in prose, where it only separates words.
const PROSE_TAB: &str = " ";
const BULLET: &str = "•";
const TASK_OPEN: &str = "☐";
const TASK_DONE: &str = "☑";
/// An image reads as `[image: alt]`, or `[image]` without alt text.
const IMAGE_OPEN: &str = "[image: ";
const IMAGE_ALT_SEPARATOR: &str = ": ";
const IMAGE_CLOSE: &str = "]";

/// The markdown extensions articles are read with. Export parses with the
/// same set, so inline markup lands where the loader saw it.
pub const PARSE_OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS)
    .union(Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS);

pub(super) fn parse(name: &str, source: &str) -> Draft {
    let mut builder = Builder::new(source);
    for (event, range) in Parser::new_ext(source, PARSE_OPTIONS).into_offset_iter() {
        builder.event(event, range);
    }
    builder.finish(name)
}

/// The innermost leaf element being read: it decides the kind of the block
/// its content opens.
#[derive(Debug, Clone, PartialEq)]
enum Leaf {
    /// A paragraph, or the bare text of a tight list item.
    Prose,
    Heading(u8),
    Code(Option<String>),
    TableRow {
        header: bool,
    },
}

impl Leaf {
    fn block_kind(&self) -> BlockKind {
        match self {
            Leaf::Prose => BlockKind::Paragraph,
            Leaf::Heading(level) => BlockKind::Heading { level: *level },
            Leaf::Code(lang) => BlockKind::Code { lang: lang.clone() },
            Leaf::TableRow { header } => BlockKind::TableRow {
                header: *header,
                cells: Vec::new(),
            },
        }
    }
}

/// A block whose text is being written.
struct OpenBlock {
    text_start: usize,
    kind: BlockKind,
    source: Span,
    quote_depth: u8,
    /// Lengths of `inlines` and `source_map` when the block opened: what
    /// came after belongs to this block.
    first_inline: usize,
    first_run: usize,
}

struct OpenItem {
    /// Taken by the item's first block; later blocks of the item get none.
    marker: Option<String>,
    depth: u8,
    source_start: usize,
}

/// A footnote definition: all its content is flattened into one block.
struct OpenFootnote {
    label: String,
    source_start: usize,
    /// Definitions nested inside this one, which are flattened into it.
    nested: usize,
    /// A block boundary passed since the last text: the next text needs a space.
    gap: bool,
}

enum OpenInline {
    Style {
        start: usize,
        style: InlineStyle,
    },
    /// An image; `alt_start` is where its alt text begins.
    Image {
        alt_start: usize,
    },
}

struct FrontMatter {
    kind: MetadataBlockKind,
    content: String,
    /// Where the content stands in the source, between the fences.
    content_source: Span,
}

struct Builder<'s> {
    source: &'s str,
    draft: Draft,
    open: Option<OpenBlock>,
    leaf: Leaf,
    /// Where the current leaf element starts in the source.
    leaf_source_start: Option<usize>,
    quote_depth: u8,
    /// For each open list, the number of its next item (`None`: bullets).
    lists: Vec<Option<u64>>,
    items: Vec<OpenItem>,
    footnote: Option<OpenFootnote>,
    inlines: Vec<OpenInline>,
    /// Cells of the table row being read.
    cells: Vec<Span>,
    cell_start: usize,
    /// Front matter being collected; only a metadata block that opens the
    /// document is front matter.
    front_matter: Option<FrontMatter>,
    at_document_start: bool,
}

impl<'s> Builder<'s> {
    fn new(source: &'s str) -> Self {
        Builder {
            source,
            draft: Draft::default(),
            open: None,
            leaf: Leaf::Prose,
            leaf_source_start: None,
            quote_depth: 0,
            lists: Vec::new(),
            items: Vec::new(),
            footnote: None,
            inlines: Vec::new(),
            cells: Vec::new(),
            cell_start: 0,
            front_matter: None,
            at_document_start: true,
        }
    }

    fn event(&mut self, event: Event<'_>, range: Span) {
        let first = std::mem::replace(&mut self.at_document_start, false);
        let source_end = range.end;
        match event {
            Event::Start(tag) => self.start(tag, range, first),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => match &mut self.front_matter {
                Some(front) => {
                    if front.content.is_empty() {
                        front.content_source = range.clone();
                    }
                    front.content.push_str(&text);
                    front.content_source.end = range.end;
                }
                None => self.push_text(&text, range),
            },
            Event::Code(code) => self.push_code_span(&code, range),
            Event::InlineMath(math) | Event::DisplayMath(math) => self.push_text(&math, range),
            Event::Html(_) => {}
            Event::InlineHtml(html) => {
                if is_line_break_tag(&html) {
                    self.push_generated("\n", range.start);
                }
            }
            Event::FootnoteReference(label) => self.push_footnote_reference(&label, range),
            Event::SoftBreak => self.push_generated(" ", range.start),
            Event::HardBreak => self.push_generated("\n", range.start),
            Event::Rule => self.push_rule(range),
            Event::TaskListMarker(done) => {
                if let Some(item) = self.items.last_mut() {
                    item.marker = Some(if done { TASK_DONE } else { TASK_OPEN }.to_string());
                }
            }
        }
        self.extend_source(source_end);
    }

    fn start(&mut self, tag: Tag<'_>, range: Span, first: bool) {
        match tag {
            Tag::Paragraph | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.begin_leaf(Leaf::Prose, range.start);
            }
            Tag::Heading { level, .. } => self.begin_leaf(Leaf::Heading(level as u8), range.start),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => code_language(&info),
                    CodeBlockKind::Indented => None,
                };
                self.begin_leaf(Leaf::Code(lang), range.start);
            }
            Tag::MetadataBlock(kind) if first => {
                self.front_matter = Some(FrontMatter {
                    kind,
                    content: String::new(),
                    content_source: range.start..range.start,
                })
            }
            // Later "front matter" is text the author wrote; show it as it stands.
            Tag::MetadataBlock(_) => self.begin_leaf(Leaf::Code(None), range.start),
            Tag::TableHead => self.begin_row(true, range.start),
            Tag::TableRow => self.begin_row(false, range.start),
            Tag::TableCell => {
                if self.footnote.is_some() {
                    self.boundary();
                    return;
                }
                self.open_for_content(range.start);
                if !self.cells.is_empty() {
                    self.draft.text.push_str(CELL_SEPARATOR);
                }
                self.cell_start = self.draft.text.len();
            }
            Tag::BlockQuote(_) => {
                self.boundary();
                self.quote_depth = self.quote_depth.saturating_add(1);
            }
            Tag::List(first_number) => {
                self.boundary();
                self.lists.push(first_number);
            }
            Tag::Item => {
                self.boundary();
                let marker = match self.lists.last_mut() {
                    Some(Some(number)) => {
                        let marker = format!("{number}.");
                        *number = number.saturating_add(1);
                        marker
                    }
                    _ => BULLET.to_string(),
                };
                self.items.push(OpenItem {
                    marker: Some(marker),
                    depth: u8::try_from(self.lists.len().saturating_sub(1)).unwrap_or(u8::MAX),
                    source_start: range.start,
                });
            }
            Tag::FootnoteDefinition(label) => match &mut self.footnote {
                Some(footnote) => {
                    footnote.nested += 1;
                    footnote.gap = true;
                }
                None => {
                    self.close_block(None);
                    self.footnote = Some(OpenFootnote {
                        label: visible_line(&label).into_owned(),
                        source_start: range.start,
                        nested: 0,
                        gap: false,
                    });
                }
            },
            Tag::HtmlBlock | Tag::Table(_) | Tag::DefinitionList => self.boundary(),
            Tag::Emphasis => self.open_inline(InlineStyle::Emphasis, range.start),
            Tag::Strong => self.open_inline(InlineStyle::Strong, range.start),
            Tag::Strikethrough => self.open_inline(InlineStyle::Strikethrough, range.start),
            Tag::Link { dest_url, .. } => {
                let url = visible_line(&dest_url).into_owned();
                self.open_inline(InlineStyle::Link { url }, range.start);
            }
            Tag::Image { .. } => {
                self.push_generated(IMAGE_OPEN, range.start);
                let alt_start = self.draft.text.len();
                self.inlines.push(OpenInline::Image { alt_start });
            }
            // Not enabled; their text reads as plain text.
            Tag::Superscript | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Span) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.end_leaf(range.end),
            TagEnd::MetadataBlock(_) => {
                if let Some(front) = self.front_matter.take() {
                    if read_front_matter(&front, &mut self.draft.meta) {
                        return;
                    }
                    // Not metadata after all (a rule over a setext heading
                    // reads the same): show it as written.
                    self.begin_leaf(Leaf::Code(None), range.start);
                    self.push_text(&front.content, front.content_source);
                }
                self.end_leaf(range.end);
            }
            TagEnd::TableCell => {
                if self.footnote.is_none() {
                    self.cells.push(self.cell_start..self.draft.text.len());
                }
            }
            TagEnd::BlockQuote(_) => {
                self.boundary();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.boundary();
                self.lists.pop();
            }
            TagEnd::Item => {
                self.boundary();
                self.items.pop();
            }
            TagEnd::FootnoteDefinition => match &mut self.footnote {
                Some(footnote) if footnote.nested > 0 => {
                    footnote.nested -= 1;
                    footnote.gap = true;
                }
                _ => {
                    self.close_block(Some(range.end));
                    self.footnote = None;
                }
            },
            TagEnd::HtmlBlock | TagEnd::Table | TagEnd::DefinitionList => self.boundary(),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                if let Some(OpenInline::Style { start, style }) = self.inlines.pop() {
                    let end = self.draft.text.len();
                    if end > start {
                        self.draft.inlines.push(Inline {
                            range: start..end,
                            style,
                        });
                    }
                }
            }
            TagEnd::Image => {
                if let Some(OpenInline::Image { alt_start }) = self.inlines.pop() {
                    if self.draft.text.len() == alt_start {
                        self.draft
                            .text
                            .truncate(alt_start - IMAGE_ALT_SEPARATOR.len());
                    }
                    self.draft.text.push_str(IMAGE_CLOSE);
                }
            }
            TagEnd::Superscript | TagEnd::Subscript => {}
        }
    }

    /// A leaf element begins: whatever block was open ends first.
    fn begin_leaf(&mut self, leaf: Leaf, source_start: usize) {
        self.boundary();
        self.leaf = leaf;
        self.leaf_source_start = Some(source_start);
    }

    fn end_leaf(&mut self, source_end: usize) {
        self.extend_source(source_end);
        self.boundary();
        self.leaf = Leaf::Prose;
        self.leaf_source_start = None;
    }

    fn begin_row(&mut self, header: bool, source_start: usize) {
        self.begin_leaf(Leaf::TableRow { header }, source_start);
        self.cells.clear();
    }

    /// Where one block ends and another may begin. Inside a footnote the
    /// blocks run together, so only a space is owed.
    fn boundary(&mut self) {
        match &mut self.footnote {
            Some(footnote) => footnote.gap = true,
            None => self.close_block(None),
        }
    }

    fn extend_source(&mut self, end: usize) {
        if let Some(open) = &mut self.open {
            open.source.end = open.source.end.max(end);
        }
    }

    /// Makes sure a block is open to take content that starts at `source_start`.
    fn open_for_content(&mut self, source_start: usize) {
        if let Some(footnote) = &mut self.footnote
            && std::mem::take(&mut footnote.gap)
            && let Some(open) = &self.open
            && self.draft.text.len() > open.text_start
        {
            self.draft.text.push(' ');
        }
        if self.open.is_some() {
            return;
        }
        let mut source_start = self.leaf_source_start.unwrap_or(source_start);
        let kind = if let Some(footnote) = &self.footnote {
            source_start = footnote.source_start;
            BlockKind::Footnote {
                label: footnote.label.clone(),
            }
        } else {
            match self.items.last_mut() {
                Some(item) if self.leaf == Leaf::Prose => {
                    let marker = item.marker.take();
                    if marker.is_some() {
                        source_start = item.source_start;
                    }
                    BlockKind::ListItem {
                        depth: item.depth,
                        marker: marker.unwrap_or_default(),
                    }
                }
                item => {
                    // A list item's marker belongs to its first block; when
                    // that is a heading, code or a table, it has nowhere to go.
                    if let Some(item) = item {
                        item.marker = None;
                    }
                    self.leaf.block_kind()
                }
            }
        };
        let text_start = self.draft.begin_block();
        self.open = Some(OpenBlock {
            text_start,
            kind,
            source: source_start..source_start,
            quote_depth: self.quote_depth,
            first_inline: self.draft.inlines.len(),
            first_run: self.draft.source_map.len(),
        });
    }

    fn close_block(&mut self, source_end: Option<usize>) {
        let Some(open) = self.open.take() else {
            return;
        };
        let mut source = open.source;
        if let Some(end) = source_end {
            source.end = source.end.max(end);
        }
        source.end = source.start + self.source[source.clone()].trim_end().len();
        let mut kind = open.kind;
        if let BlockKind::TableRow { cells, .. } = &mut kind {
            *cells = std::mem::take(&mut self.cells);
        }
        let index = self.draft.blocks.len();
        self.draft
            .end_block(open.text_start, kind, source, open.quote_depth);
        // The draft trims the block's trailing whitespace; what pointed into
        // it must end where the block now ends.
        let Some(block) = self.draft.blocks.get_mut(index) else {
            return;
        };
        let end = block.range.end;
        if let BlockKind::TableRow { cells, .. } = &mut block.kind {
            for cell in cells {
                cell.end = cell.end.min(end);
                cell.start = cell.start.min(cell.end);
            }
        }
        clamp_runs(&mut self.draft.source_map, open.first_run, end);
        let inlines = &mut self.draft.inlines;
        if inlines[open.first_inline..]
            .iter()
            .any(|inline| inline.range.end > end)
        {
            let mut tail = inlines.split_off(open.first_inline);
            tail.retain_mut(|inline| {
                inline.range.end = inline.range.end.min(end);
                inline.range.end > inline.range.start
            });
            inlines.append(&mut tail);
        }
    }

    fn open_inline(&mut self, style: InlineStyle, source_start: usize) {
        self.open_for_content(source_start);
        let start = self.draft.text.len();
        self.inlines.push(OpenInline::Style { start, style });
    }

    fn push_rule(&mut self, range: Span) {
        if self.footnote.is_some() {
            self.boundary();
            return;
        }
        self.close_block(None);
        let start = self.draft.begin_block();
        let source = range.start..range.start + self.source[range].trim_end().len();
        self.draft
            .end_block(start, BlockKind::Rule, source, self.quote_depth);
    }

    /// Text the reader sees that the source does not spell out (breaks,
    /// brackets): it has no place in the source map.
    fn push_generated(&mut self, text: &str, source_start: usize) {
        self.open_for_content(source_start);
        self.draft.text.push_str(text);
    }

    /// A text event: `origin` is the source it was read from, which it
    /// copies verbatim unless an escape or entity was resolved.
    fn push_text(&mut self, text: &str, origin: Span) {
        if text.is_empty() {
            return;
        }
        let tab = match self.leaf {
            Leaf::Code(_) => CODE_TAB,
            _ => PROSE_TAB,
        };
        self.push_mapped(text, origin, tab);
    }

    fn push_mapped(&mut self, text: &str, origin: Span, tab: &str) {
        self.open_for_content(origin.start);
        if self.source.get(origin.clone()) == Some(text) {
            self.append_shown(text, Some(origin.start), tab);
        } else {
            let start = self.draft.text.len();
            self.append_shown(text, None, tab);
            let end = self.draft.text.len();
            self.map(start..end, origin, false);
        }
    }

    /// An inline code span; its source range includes the backticks.
    fn push_code_span(&mut self, code: &str, range: Span) {
        self.open_for_content(range.start);
        let start = self.draft.text.len();
        self.push_mapped(code, code_span_content(self.source, range, code), CODE_TAB);
        let end = self.draft.text.len();
        if end > start {
            self.draft.inlines.push(Inline {
                range: start..end,
                style: InlineStyle::Code,
            });
        }
    }

    /// A footnote reference reads as `[label]`.
    fn push_footnote_reference(&mut self, label: &str, range: Span) {
        self.open_for_content(range.start);
        let start = self.draft.text.len();
        self.draft.text.push('[');
        let label_source = footnote_label_source(self.source, range);
        self.push_mapped(label, label_source, PROSE_TAB);
        self.draft.text.push(']');
        self.draft.inlines.push(Inline {
            range: start..self.draft.text.len(),
            style: InlineStyle::FootnoteRef {
                label: visible_line(label).into_owned(),
            },
        });
    }

    /// Appends `text` with tabs expanded and unsafe characters made visible.
    /// `copied_from` is where `text` stands verbatim in the source, if it
    /// does: then each copied stretch is mapped one to one and each replaced
    /// character gets a run of its own.
    fn append_shown(&mut self, text: &str, copied_from: Option<usize>, tab: &str) {
        let mut copied = 0;
        let replaced = text
            .char_indices()
            .filter(|&(_, c)| c == '\t' || is_unsafe(c));
        for (at, c) in replaced {
            self.append_piece(
                &text[copied..at],
                copied_from.map(|s| s + copied..s + at),
                true,
            );
            let original = &text[at..at + c.len_utf8()];
            let shown = if c == '\t' {
                Cow::Borrowed(tab)
            } else {
                visible(original)
            };
            let origin = copied_from.map(|s| s + at..s + at + original.len());
            self.append_piece(&shown, origin, false);
            copied = at + original.len();
        }
        self.append_piece(
            &text[copied..],
            copied_from.map(|s| s + copied..s + text.len()),
            true,
        );
    }

    fn append_piece(&mut self, piece: &str, origin: Option<Span>, verbatim: bool) {
        let start = self.draft.text.len();
        self.draft.text.push_str(piece);
        if let Some(origin) = origin {
            self.map(start..self.draft.text.len(), origin, verbatim);
        }
    }

    /// Records that `text` was read from `source`. A run of equal lengths
    /// promises a verbatim copy, so a changed stretch of the same length
    /// (a tab read as one space) stays unmapped rather than break that.
    fn map(&mut self, text: Span, source: Span, verbatim: bool) {
        if text.is_empty() || (!verbatim && text.len() == source.len()) {
            return;
        }
        let runs = &mut self.draft.source_map;
        if verbatim
            && let Some(last) = runs.last_mut()
            && last.text.end == text.start
            && last.source.end == source.start
            && last.text.len() == last.source.len()
        {
            last.text.end = text.end;
            last.source.end = source.end;
            return;
        }
        runs.push(SourceRun { text, source });
    }

    fn finish(mut self, name: &str) -> Draft {
        self.close_block(None);
        let meta = &mut self.draft.meta;
        if meta.title.is_empty() {
            let first_title = self
                .draft
                .blocks
                .iter()
                .find(|b| b.kind == BlockKind::Heading { level: 1 })
                .map(|b| &self.draft.text[b.range.clone()]);
            meta.title = match first_title {
                Some(title) => one_line(title),
                None => super::title_from_file_name(name),
            };
        }
        self.draft
    }
}

/// Shortens the runs from `first` on so none reaches past `end`. Runs are
/// in text order, so those past the end are a suffix.
fn clamp_runs(runs: &mut Vec<SourceRun>, first: usize, end: usize) {
    while runs.len() > first && runs.last().is_some_and(|r| r.text.start >= end) {
        runs.pop();
    }
    let Some(last) = runs.last_mut().filter(|r| r.text.end > end) else {
        return;
    };
    let verbatim = last.text.len() == last.source.len();
    let cut = last.text.end - end;
    last.text.end = end;
    if verbatim {
        last.source.end -= cut;
    } else if last.text.len() == last.source.len() {
        // No longer distinguishable from a verbatim copy.
        runs.pop();
    }
}

/// The source range of a code span's content: inside the backticks and,
/// when the content was padded with one space on each side, inside those.
fn code_span_content(source: &str, range: Span, code: &str) -> Span {
    let span = &source[range.clone()];
    let fence = span.len() - span.trim_start_matches('`').len();
    if span.len() < 2 * fence {
        return range;
    }
    let inner = range.start + fence..range.end - fence;
    let content = &source[inner.clone()];
    if content.len() == code.len() + 2 && content.starts_with(' ') && content.ends_with(' ') {
        inner.start + 1..inner.end - 1
    } else {
        inner
    }
}

/// The source range of a footnote reference's label, inside `[^` and `]`.
fn footnote_label_source(source: &str, range: Span) -> Span {
    let reference = &source[range.clone()];
    if reference.len() > 3 && reference.starts_with("[^") && reference.ends_with(']') {
        range.start + 2..range.end - 1
    } else {
        range
    }
}

/// The language of a fenced code block: the first word of its info string.
fn code_language(info: &str) -> Option<String> {
    info.split_whitespace()
        .next()
        .map(|word| visible_line(word).into_owned())
}

/// `<br>` in its common spellings; other inline HTML shows nothing.
fn is_line_break_tag(html: &str) -> bool {
    let tag = html.trim();
    ["<br>", "<br/>", "<br />"]
        .iter()
        .any(|br| tag.eq_ignore_ascii_case(br))
}

/// Metadata text as one safe, trimmed line.
fn one_line(text: &str) -> String {
    visible_line(text.trim()).trim().to_string()
}

/// A front matter value, as far as metadata cares.
#[derive(Debug, PartialEq)]
enum FieldValue {
    Text(String),
    List(Vec<String>),
}

impl FieldValue {
    fn joined(self) -> String {
        match self {
            FieldValue::Text(text) => text,
            FieldValue::List(items) => items.join(", "),
        }
    }

    /// The items of a list, or of a comma-separated text.
    fn items(self) -> Vec<String> {
        match self {
            FieldValue::Text(text) => text.split(',').map(str::to_string).collect(),
            FieldValue::List(items) => items,
        }
    }
}

/// Fills `meta` from front matter; false when it is not front matter at
/// all: TOML that does not parse, or YAML without a single `key:` line.
fn read_front_matter(front: &FrontMatter, meta: &mut Metadata) -> bool {
    let fields = match front.kind {
        MetadataBlockKind::YamlStyle => yaml_fields(&front.content),
        MetadataBlockKind::PlusesStyle => match front.content.parse::<toml::Table>() {
            Ok(table) => {
                apply_fields(meta, toml_fields(&table));
                return true;
            }
            Err(_) => return false,
        },
    };
    if fields.is_empty() {
        return false;
    }
    apply_fields(meta, fields);
    true
}

fn apply_fields<'a>(meta: &mut Metadata, fields: impl IntoIterator<Item = (&'a str, FieldValue)>) {
    let non_empty = |text: String| Some(one_line(&text)).filter(|t| !t.is_empty());
    let mut authors = None;
    for (key, value) in fields {
        match key.to_ascii_lowercase().as_str() {
            "title" => meta.title = one_line(&value.joined()),
            "author" => meta.author = non_empty(value.joined()),
            "authors" => authors = non_empty(value.joined()),
            "date" => meta.date = non_empty(value.joined()),
            "tags" => {
                meta.tags = value.items().into_iter().filter_map(non_empty).collect();
            }
            _ => {}
        }
    }
    // `author` is the more specific of the two when both are given.
    if meta.author.is_none() {
        meta.author = authors;
    }
}

/// The top-level fields of TOML front matter, and Zola's `[taxonomies] tags`.
fn toml_fields(table: &toml::Table) -> Vec<(&str, FieldValue)> {
    let mut fields: Vec<_> = table
        .iter()
        .filter_map(|(key, value)| Some((key.as_str(), toml_value(value)?)))
        .collect();
    let taxonomy_tags = table
        .get("taxonomies")
        .and_then(|t| t.get("tags"))
        .and_then(toml_value);
    if let (false, Some(tags)) = (table.contains_key("tags"), taxonomy_tags) {
        fields.push(("tags", tags));
    }
    fields
}

fn toml_value(value: &toml::Value) -> Option<FieldValue> {
    let text = match value {
        toml::Value::String(text) => text.clone(),
        toml::Value::Integer(number) => number.to_string(),
        toml::Value::Float(number) => number.to_string(),
        toml::Value::Boolean(flag) => flag.to_string(),
        toml::Value::Datetime(date) => date.to_string(),
        toml::Value::Array(items) => {
            let texts = items.iter().filter_map(|item| match toml_value(item)? {
                FieldValue::Text(text) => Some(text),
                FieldValue::List(_) => None,
            });
            return Some(FieldValue::List(texts.collect()));
        }
        toml::Value::Table(_) => return None,
    };
    Some(FieldValue::Text(text))
}

/// The top-level `key: value` fields of YAML front matter: plain and quoted
/// scalars (which may continue on indented lines), `[a, b]` flow lists and
/// `- item` block lists. Nested mappings and other structures are skipped,
/// never guessed at.
fn yaml_fields(yaml: &str) -> Vec<(&str, FieldValue)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut fields = Vec::new();
    let mut next = 0;
    while next < lines.len() {
        let line = lines[next];
        next += 1;
        if is_indented(line) || is_blank_or_comment(line) {
            continue;
        }
        let Some((key, rest)) = yaml_key(line) else {
            continue;
        };
        // A key's value may go on over indented lines, and a block list
        // may also sit at the key's own indentation.
        let body_start = next;
        while next < lines.len()
            && (is_indented(lines[next])
                || is_blank_or_comment(lines[next])
                || is_list_item(lines[next]))
        {
            next += 1;
        }
        if let Some(value) = yaml_value(rest.trim(), &lines[body_start..next]) {
            fields.push((key, value));
        }
    }
    fields
}

fn is_indented(line: &str) -> bool {
    line.starts_with([' ', '\t'])
}

fn is_blank_or_comment(line: &str) -> bool {
    let line = line.trim_start();
    line.is_empty() || line.starts_with('#')
}

fn is_list_item(line: &str) -> bool {
    let line = line.trim_start();
    line == "-" || line.starts_with("- ")
}

/// Splits `key: rest` at the colon that ends the key (one followed by a
/// space or the line's end, so `time: 10:30` keeps its value whole).
fn yaml_key(line: &str) -> Option<(&str, &str)> {
    if is_list_item(line) {
        return None;
    }
    let colon = line.match_indices(':').map(|(at, _)| at).find(|&at| {
        let after = &line[at + 1..];
        after.is_empty() || after.starts_with([' ', '\t'])
    })?;
    let key = line[..colon].trim();
    let key = ['"', '\'']
        .iter()
        .find_map(|&q| key.strip_prefix(q)?.strip_suffix(q))
        .unwrap_or(key);
    (!key.is_empty()).then_some((key, &line[colon + 1..]))
}

fn yaml_value(rest: &str, body: &[&str]) -> Option<FieldValue> {
    let body_lines = body
        .iter()
        .filter(|line| !is_blank_or_comment(line))
        .map(|line| line.trim());
    if rest.is_empty() {
        return yaml_block_list(body_lines);
    }
    // `|` and `>` block scalars: metadata is one line, so fold them.
    if rest.starts_with(['|', '>']) {
        return Some(FieldValue::Text(body_lines.collect::<Vec<_>>().join(" ")));
    }
    let mut full = rest.to_string();
    for line in body_lines {
        full.push(' ');
        full.push_str(line);
    }
    if full.starts_with('[') {
        Some(FieldValue::List(yaml_flow_list(&full)))
    } else {
        Some(FieldValue::Text(yaml_scalar(&full)))
    }
}

/// `- item` lines; an item may go on over the lines after it. `None` when
/// the lines are something else, such as a nested mapping.
fn yaml_block_list<'a>(lines: impl Iterator<Item = &'a str>) -> Option<FieldValue> {
    let mut items: Vec<String> = Vec::new();
    for line in lines {
        if let Some(item) = line.strip_prefix('-').filter(|_| is_list_item(line)) {
            items.push(item.trim().to_string());
        } else {
            let current = items.last_mut()?;
            current.push(' ');
            current.push_str(line);
        }
    }
    if items.is_empty() {
        return None;
    }
    let scalars = items
        .iter()
        // A plain item with `key: value` is a mapping, not a name or tag.
        .filter(|item| item.starts_with(['"', '\'']) || yaml_key(item).is_none())
        .map(|item| yaml_scalar(item))
        .filter(|item| !item.is_empty());
    Some(FieldValue::List(scalars.collect()))
}

/// The items of `[a, "b, c", 'd']`, up to the closing bracket.
fn yaml_flow_list(text: &str) -> Vec<String> {
    let inner = text.strip_prefix('[').unwrap_or(text);
    let mut items = Vec::new();
    let mut item_start = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (at, c) in inner.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == ',' || c == ']' => {
                items.push(yaml_scalar(&inner[item_start..at]));
                item_start = at + 1;
                if c == ']' {
                    break;
                }
            }
            None => {}
        }
    }
    if quote.is_none() && !inner.contains(']') {
        items.push(yaml_scalar(&inner[item_start..]));
    }
    items.retain(|item| !item.is_empty());
    items
}

/// One scalar: double-quoted (with escapes), single-quoted, or plain (a
/// ` #` starts a comment; `~` and `null` are nothing).
fn yaml_scalar(text: &str) -> String {
    let text = text.trim();
    if let Some(quoted) = text.strip_prefix('"') {
        return yaml_double_quoted(quoted);
    }
    if let Some(quoted) = text.strip_prefix('\'') {
        let mut out = String::new();
        let mut chars = quoted.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() != Some(&'\'') {
                    break;
                }
                chars.next();
            }
            out.push(c);
        }
        return out;
    }
    let plain = text
        .find(" #")
        .map_or(text, |comment| &text[..comment])
        .trim_end();
    match plain {
        "~" | "null" | "Null" | "NULL" => String::new(),
        _ => plain.to_string(),
    }
}

/// The body of a double-quoted scalar, up to its closing quote. Escapes
/// that produce control characters are kept; the caller makes them visible.
fn yaml_double_quoted(quoted: &str) -> String {
    let mut out = String::new();
    let mut chars = quoted.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => {
                let Some(escape) = chars.next() else { break };
                let hex_digits = match escape {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => 0,
                };
                if hex_digits > 0 {
                    let hex: String = chars.by_ref().take(hex_digits).collect();
                    let decoded = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                    out.push(decoded.unwrap_or(char::REPLACEMENT_CHARACTER));
                    continue;
                }
                out.push(match escape {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    'e' => '\u{1b}',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    '_' => '\u{a0}',
                    other => other,
                });
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::{Article, Format};
    use super::*;

    fn read(source: &str) -> Article {
        let article = parse("file-name", source).finish(Format::Markdown, source.to_string());
        assert_well_formed(&article);
        article
    }

    /// The invariants every parse must keep, whatever the input.
    fn assert_well_formed(article: &Article) {
        let (text, source) = (&article.text, &article.source);
        let on_boundaries =
            |s: &str, span: &Span| s.is_char_boundary(span.start) && s.is_char_boundary(span.end);
        assert!(!text.chars().any(is_unsafe), "unsafe text: {text:?}");
        let mut previous_end = 0;
        for block in &article.blocks {
            assert!(block.range.start >= previous_end && block.range.end <= text.len());
            assert!(on_boundaries(text, &block.range), "{block:?}");
            assert!(block.source.start <= block.source.end && block.source.end <= source.len());
            assert!(on_boundaries(source, &block.source), "{block:?}");
            if let BlockKind::TableRow { cells, .. } = &block.kind {
                for cell in cells {
                    assert!(cell.start >= block.range.start && cell.end <= block.range.end);
                }
            }
            previous_end = block.range.end;
        }
        let mut previous_end = 0;
        for run in &article.source_map {
            assert!(run.text.start >= previous_end, "runs overlap: {run:?}");
            assert!(on_boundaries(text, &run.text) && on_boundaries(source, &run.source));
            if run.text.len() == run.source.len() {
                assert_eq!(&source[run.source.clone()], &text[run.text.clone()]);
            }
            previous_end = run.text.end;
        }
        for inline in &article.inlines {
            let block = article
                .block_at(inline.range.start)
                .expect("inline outside blocks");
            assert!(
                inline.range.end <= article.blocks[block].range.end,
                "inline crosses blocks: {inline:?}"
            );
        }
    }

    fn texts(article: &Article) -> Vec<&str> {
        article
            .blocks
            .iter()
            .map(|b| article.slice(&b.range))
            .collect()
    }

    fn kinds(article: &Article) -> Vec<BlockKind> {
        article.blocks.iter().map(|b| b.kind.clone()).collect()
    }

    fn item(depth: u8, marker: &str) -> BlockKind {
        BlockKind::ListItem {
            depth,
            marker: marker.to_string(),
        }
    }

    fn styled<'a>(article: &'a Article, style: &InlineStyle) -> Vec<&'a str> {
        article
            .inlines
            .iter()
            .filter(|i| &i.style == style)
            .map(|i| article.slice(&i.range))
            .collect()
    }

    #[test]
    fn yaml_front_matter_gives_metadata_and_no_text() {
        let article = read(
            "---\n\
             title: \"Rates: a reckoning\" # the headline\n\
             authors:\n\
             \x20 - Ada Byron\n\
             \x20 - 'Charles O''Neil'\n\
             date: 2024-03-01\n\
             tags: [economy, \"rates, interest\", policy]\n\
             extra:\n\
             \x20 title: not this one\n\
             ---\n\n\
             # Heading\n\nBody.\n",
        );
        assert_eq!(article.meta.title, "Rates: a reckoning");
        assert_eq!(
            article.meta.author.as_deref(),
            Some("Ada Byron, Charles O'Neil")
        );
        assert_eq!(article.meta.date.as_deref(), Some("2024-03-01"));
        assert_eq!(article.meta.tags, ["economy", "rates, interest", "policy"]);
        assert_eq!(article.text, "Heading\n\nBody.");
    }

    #[test]
    fn yaml_scalars_lists_and_folded_values() {
        let fields = yaml_fields(
            "title: >\n  A folded\n  title\nauthor: Plain Name\ntags: one, two\n\
             keywords:\n- a\n- b\nlinks:\n  - name: x\n    url: y\nempty:\n",
        );
        assert_eq!(
            fields,
            vec![
                ("title", FieldValue::Text("A folded title".into())),
                ("author", FieldValue::Text("Plain Name".into())),
                ("tags", FieldValue::Text("one, two".into())),
                ("keywords", FieldValue::List(vec!["a".into(), "b".into()])),
                ("links", FieldValue::List(vec![])),
            ]
        );
        let mut meta = Metadata::default();
        apply_fields(&mut meta, fields);
        assert_eq!(meta.tags, ["one", "two"]);
        assert_eq!(yaml_scalar(r#""tab\tquote\" \u00e9""#), "tab\tquote\" é");
        assert_eq!(yaml_scalar("~"), "");
        assert_eq!(yaml_key("time: 10:30"), Some(("time", " 10:30")));
        assert_eq!(yaml_key("url:http://x"), None);
        assert_eq!(yaml_key("東京: 市場"), Some(("東京", " 市場")));
        assert_eq!(yaml_key("1. 東京"), None);
    }

    #[test]
    fn toml_front_matter_gives_metadata() {
        let article = read(
            "+++\n\
             title = 'Clippy: Deprecating `feature = \"cargo-clippy\"`'\n\
             authors = [\"The Clippy Team\", \"Ferris\"]\n\
             date = 2024-02-28\n\
             [taxonomies]\n\
             tags = [\"tooling\"]\n\
             +++\n\nBody text.\n",
        );
        assert_eq!(
            article.meta.title,
            "Clippy: Deprecating `feature = \"cargo-clippy\"`"
        );
        assert_eq!(
            article.meta.author.as_deref(),
            Some("The Clippy Team, Ferris")
        );
        assert_eq!(article.meta.date.as_deref(), Some("2024-02-28"));
        assert_eq!(article.meta.tags, ["tooling"]);
        assert_eq!(article.text, "Body text.");
    }

    #[test]
    fn broken_front_matter_is_shown_and_title_falls_back() {
        let article = read("+++\ntitle = \n+++\n\n## Minor\n\n# The *Real* Title\n\nText.\n");
        assert_eq!(article.meta.title, "The Real Title");
        assert_eq!(
            texts(&article),
            ["title =", "Minor", "The Real Title", "Text."]
        );
        assert_eq!(article.blocks[0].kind, BlockKind::Code { lang: None });
        let article = read("---\nNot metadata, a heading\n---\n\nText.\n");
        assert_eq!(texts(&article), ["Not metadata, a heading", "Text."]);
        assert_eq!(article.meta.title, "File name");
        assert_eq!(read("Just text.\n").meta.title, "File name");
        assert_eq!(read("## Only a subheading\n").meta.title, "File name");
    }

    #[test]
    fn later_metadata_block_is_shown_as_written() {
        let article = read("Intro.\n\n---\nkey: value\n---\n\nOutro.\n");
        assert_eq!(
            article.meta,
            Metadata {
                title: "File name".into(),
                ..Default::default()
            }
        );
        assert_eq!(texts(&article), ["Intro.", "key: value", "Outro."]);
        assert_eq!(article.blocks[1].kind, BlockKind::Code { lang: None });
    }

    #[test]
    fn headings_nest_into_sections() {
        let article = read(
            "# Book\n\nLede.\n\n## One ##\n\nText one.\n\n### Deeper\n\nx\n\n\
             Setext two\n----------\n\nText two.\n",
        );
        let headings: Vec<_> = article
            .blocks
            .iter()
            .filter(|b| b.is_heading())
            .map(|b| (article.slice(&b.range), b.kind.clone()))
            .collect();
        assert_eq!(
            headings,
            [
                ("Book", BlockKind::Heading { level: 1 }),
                ("One", BlockKind::Heading { level: 2 }),
                ("Deeper", BlockKind::Heading { level: 3 }),
                ("Setext two", BlockKind::Heading { level: 2 }),
            ]
        );
        let sections: Vec<_> = article
            .sections
            .iter()
            .map(|s| (s.title.as_str(), s.depth, s.parent))
            .collect();
        assert_eq!(
            sections,
            [
                ("Book", 0, None),
                ("One", 1, Some(0)),
                ("Deeper", 2, Some(1)),
                ("Setext two", 1, Some(0))
            ]
        );
        let one = &article.blocks[2];
        assert_eq!(&article.source[one.source.clone()], "## One ##");
    }

    #[test]
    fn lists_nest_number_and_continue() {
        let article = read(
            "- alpha\n  - beta\n    - gamma\n  - delta\n- epsilon\n\n\
             7. seventh\n\n   more of seventh\n8. eighth\n\n\
             - [ ] open task\n- [x] done task\n",
        );
        assert_eq!(
            texts(&article),
            [
                "alpha",
                "beta",
                "gamma",
                "delta",
                "epsilon",
                "seventh",
                "more of seventh",
                "eighth",
                "open task",
                "done task"
            ]
        );
        assert_eq!(
            kinds(&article),
            [
                item(0, "•"),
                item(1, "•"),
                item(2, "•"),
                item(1, "•"),
                item(0, "•"),
                item(0, "7."),
                item(0, ""),
                item(0, "8."),
                item(0, "☐"),
                item(0, "☑"),
            ]
        );
        assert_eq!(&article.source[article.blocks[0].source.clone()], "- alpha");
        assert_eq!(
            &article.source[article.blocks[6].source.clone()],
            "more of seventh"
        );
    }

    #[test]
    fn loose_task_items_and_items_in_quotes() {
        let article = read("> 1. [x] first\n>\n> 2. second\n");
        assert_eq!(texts(&article), ["first", "second"]);
        assert_eq!(kinds(&article), [item(0, "☑"), item(0, "2.")]);
        assert!(article.blocks.iter().all(|b| b.quote_depth == 1));
    }

    #[test]
    fn table_rows_have_cells() {
        let article = read("| Name | Claim |\n|:-----|------:|\n| Ada | *yes* |\n| Bob |  |\n");
        assert_eq!(texts(&article), ["Name | Claim", "Ada | yes", "Bob |"]);
        let rows: Vec<(bool, Vec<&str>)> = article
            .blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::TableRow { header, cells } => {
                    (*header, cells.iter().map(|c| article.slice(c)).collect())
                }
                other => panic!("not a row: {other:?}"),
            })
            .collect();
        assert_eq!(
            rows,
            [
                (true, vec!["Name", "Claim"]),
                (false, vec!["Ada", "yes"]),
                (false, vec!["Bob", ""]),
            ]
        );
        assert_eq!(styled(&article, &InlineStyle::Emphasis), ["yes"]);
    }

    #[test]
    fn footnotes_read_as_labels_and_one_block() {
        let article = read(
            "A claim.[^src] Another.[^2]\n\n\
             [^src]: First *part*.\n\n    Second part.\n\n    - a listed part\n\n\
             [^2]: Short.\n",
        );
        assert_eq!(
            texts(&article),
            [
                "A claim.[src] Another.[2]",
                "First part. Second part. a listed part",
                "Short."
            ]
        );
        assert_eq!(
            article.blocks[1].kind,
            BlockKind::Footnote {
                label: "src".into()
            }
        );
        let refs: Vec<_> = article
            .inlines
            .iter()
            .filter_map(|i| match &i.style {
                InlineStyle::FootnoteRef { label } => {
                    Some((label.as_str(), article.slice(&i.range)))
                }
                _ => None,
            })
            .collect();
        assert_eq!(refs, [("src", "[src]"), ("2", "[2]")]);
        assert_eq!(styled(&article, &InlineStyle::Emphasis), ["part"]);
        assert!(article.source[article.blocks[1].source.clone()].starts_with("[^src]:"));
    }

    #[test]
    fn block_quotes_count_their_depth() {
        let article = read("> outer\n>\n> > inner\n> > more\n>\n> outer again\n\nafter\n");
        let depths: Vec<_> = article
            .blocks
            .iter()
            .map(|b| (article.slice(&b.range), b.quote_depth))
            .collect();
        assert_eq!(
            depths,
            [
                ("outer", 1),
                ("inner more", 2),
                ("outer again", 1),
                ("after", 0)
            ]
        );
    }

    #[test]
    fn inline_styles_cover_their_text() {
        let article = read(
            "Say **it *loud***, ~~not~~ `quiet` and [read this](https://example.com/a \"t\").\n",
        );
        assert_eq!(article.text, "Say it loud, not quiet and read this.");
        assert_eq!(styled(&article, &InlineStyle::Strong), ["it loud"]);
        assert_eq!(styled(&article, &InlineStyle::Emphasis), ["loud"]);
        assert_eq!(styled(&article, &InlineStyle::Strikethrough), ["not"]);
        assert_eq!(styled(&article, &InlineStyle::Code), ["quiet"]);
        let link = InlineStyle::Link {
            url: "https://example.com/a".into(),
        };
        assert_eq!(styled(&article, &link), ["read this"]);
    }

    #[test]
    fn breaks_images_and_html() {
        let article = read(
            "one\ntwo\\\nthree  \nfour<br/>five\n\n\
             ![A *chart*](c.png) and ![](x.png)\n\n\
             <div>\n<p>block html</p>\n</div>\n\n\
             Inline <span class=\"x\">kept</span><!-- gone -->.\n",
        );
        assert_eq!(
            texts(&article),
            [
                "one two\nthree\nfour\nfive",
                "[image: A chart] and [image]",
                "Inline kept."
            ]
        );
        assert_eq!(styled(&article, &InlineStyle::Emphasis), ["chart"]);
    }

    #[test]
    fn code_blocks_keep_lines_and_expand_tabs() {
        let article =
            read("```rust title=x\nfn main() {\n\tgo();\n}\n```\n\n    indented\n\nA\ttab.\n");
        assert_eq!(
            texts(&article),
            ["fn main() {\n    go();\n}", "indented", "A tab."]
        );
        assert_eq!(
            article.blocks[0].kind,
            BlockKind::Code {
                lang: Some("rust".into())
            }
        );
        assert_eq!(article.blocks[1].kind, BlockKind::Code { lang: None });
        assert!(article.source[article.blocks[0].source.clone()].ends_with("}\n```"));
        // The expanded tab is mapped, with lengths that show it is no copy.
        let tab_at = article.text.find("    go").unwrap();
        let run = article
            .source_map
            .iter()
            .find(|r| r.text.start == tab_at)
            .unwrap();
        assert_eq!(&article.source[run.source.clone()], "\t");
    }

    #[test]
    fn rules_are_empty_blocks() {
        let article = read("Above.\n\n***\n\nBelow.\n");
        assert_eq!(article.blocks[1].kind, BlockKind::Rule);
        assert!(article.blocks[1].range.is_empty());
        assert_eq!(&article.source[article.blocks[1].source.clone()], "***");
        assert_eq!(texts(&article), ["Above.", "", "Below."]);
    }

    #[test]
    fn world_scripts_survive_intact() {
        let lines = [
            "Family 👨‍👩‍👧‍👦 and flags 🇺🇳 stay whole.",
            "東京の市場は**静か**だった。",
            "שלום עולם and مرحبا بالعالم side by side.",
            "Combining: e\u{301}te\u{301}.",
        ];
        let article = read(&lines.join("\n\n"));
        let plain = lines.map(|l| l.replace("**", ""));
        assert_eq!(texts(&article), plain);
        for block in &article.blocks {
            let runs_text: String = article
                .source_map
                .iter()
                .filter(|r| r.text.start >= block.range.start && r.text.end <= block.range.end)
                .map(|r| &article.source[r.source.clone()])
                .collect();
            assert_eq!(runs_text, article.slice(&block.range));
        }
    }

    #[test]
    fn hostile_sequences_are_made_visible() {
        let source = "---\ntitle: \"Pwn\\e]0;x\\a\"\nauthor: Eve\u{1b}[2J\n---\n\n\
                      # Head\u{1b}[31m\n\n\
                      Text \u{1b}]8;;http://evil\u{7} &#x1b;[2J x\u{202e}y \u{9b}1m\n\n\
                      [link](http://a\u{1b}b)\n\n```\u{1b}lang\ncode\u{1b}[0m\n```\n";
        let article = parse("name\u{1b}[1m", source).finish(Format::Markdown, source.to_string());
        assert_well_formed(&article);
        let meta = &article.meta;
        for field in [&meta.title, meta.author.as_ref().unwrap()] {
            assert!(!field.chars().any(is_unsafe), "{field:?}");
        }
        assert_eq!(meta.title, "Pwn␛]0;x␇");
        assert_eq!(
            texts(&article)[1],
            "Text ␛]8;;http://evil␇ ␛[2J x<U+202E>y <U+009B>1m"
        );
        for inline in &article.inlines {
            if let InlineStyle::Link { url } = &inline.style {
                assert_eq!(url, "http://a␛b");
            }
        }
        assert!(
            matches!(&article.blocks[3].kind, BlockKind::Code { lang: Some(l) } if l == "␛lang")
        );
        let untitled = parse("evil\u{1b}[1m", "no title here");
        assert_eq!(untitled.meta.title, "Evil␛[1m");
    }

    #[test]
    fn source_map_runs_copy_the_source() {
        let source = "Plain *emphasis* and a\\*b &amp; `code` here.[^n]\n\n\
                      > Quoted line\n> goes on.\n\n[^n]: Note.\n";
        let article = read(source);
        let verbatim: Vec<&str> = article
            .source_map
            .iter()
            .filter(|r| r.text.len() == r.source.len())
            .map(|r| article.slice(&r.text))
            .collect();
        assert_eq!(
            verbatim,
            [
                "Plain ",
                "emphasis",
                " and a",
                "*b ",
                " ",
                "code",
                " here.",
                "n",
                "Quoted line",
                "goes on.",
                "Note."
            ]
        );
        // The entity is mapped, but as a rewrite.
        let entity = article
            .source_map
            .iter()
            .find(|r| article.slice(&r.text) == "&")
            .unwrap();
        assert_eq!(&source[entity.source.clone()], "&amp;");
    }

    #[test]
    fn blocks_never_show_markup() {
        let article = read(
            "# Title with *style*\n\n## Sub `code`\n\n\
             Text with **strong**, __also__, ~~gone~~, [link](u) and <b>tags</b>.\n\n\
             > quoted *words*\n\n- item **one**\n1. first\n\n| a | **b** |\n|---|---|\n| c | d |\n\n\
             ***\n",
        );
        for text in texts(&article) {
            for markup in ["**", "__", "~~", "#", "`", "](", "<b>", "> ", "- ", "1. "] {
                assert!(!text.contains(markup), "{markup:?} in {text:?}");
            }
        }
    }

    #[test]
    fn empty_and_markup_only_input_leaves_no_blocks() {
        for source in [
            "<!-- just a comment -->\n",
            "<div></div>\n",
            "---\ntitle: T\n---\n",
            "[](x)\n",
        ] {
            let article = read(source);
            assert!(
                article.blocks.is_empty(),
                "{source:?}: {:?}",
                article.blocks
            );
            assert_eq!(article.text, "");
        }
    }

    /// ATX headings outside fenced code: what the corpus check expects as sections.
    fn count_headings(markdown: &str) -> usize {
        let mut in_fence = false;
        let mut count = 0;
        for line in markdown.lines() {
            if line.starts_with("```") {
                in_fence = !in_fence;
            } else if !in_fence {
                let hashes = line.len() - line.trim_start_matches('#').len();
                count += usize::from((1..=6).contains(&hashes) && line[hashes..].starts_with(' '));
            }
        }
        count
    }

    #[test]
    fn corpus_articles_parse() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/markdown");
        let Ok(entries) = std::fs::read_dir(dir) else {
            eprintln!("note: {dir} is absent; skipping the markdown corpus check");
            return;
        };
        let mut checked = 0;
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let name = path.display();
            let source = std::fs::read_to_string(&path).unwrap();
            let article = read(&source);
            let front = source
                .split("+++")
                .nth(1)
                .expect("corpus files have TOML front matter");
            let line_of = |key: &str| front.lines().find(|l| l.starts_with(key)).unwrap_or("");
            assert!(!article.meta.title.is_empty(), "{name}");
            assert!(
                line_of("title").contains(&article.meta.title),
                "{name}: {:?}",
                article.meta
            );
            let author = article.meta.author.as_deref().unwrap_or("");
            assert!(!author.is_empty(), "{name}");
            for person in author.split(", ") {
                assert!(line_of("author").contains(person), "{name}: {person:?}");
            }
            assert_eq!(article.sections.len(), count_headings(&source), "{name}");
            assert!(!article.text.contains("+++"), "{name}");
            checked += 1;
        }
        assert!(checked > 0, "no markdown files in {dir}");
    }

    /// Pieces of markdown that nest in interesting ways when strung together.
    const FRAGMENTS: &[&str] = &[
        "\n",
        "\n\n",
        "  ",
        "\t",
        "> ",
        "- ",
        "1. ",
        "3) ",
        "- [ ] ",
        "    ",
        "# ",
        "## ",
        "***\n",
        "---\n",
        "+++\n",
        "title: x\n",
        "```\n",
        "```rs\n",
        "| a | b |\n",
        "|---|---|\n",
        "[^n]",
        "[^n]: ",
        "*",
        "**",
        "~~",
        "`",
        "[t](u)",
        "![a](i)",
        "<b>",
        "<div>\n",
        "<br>",
        "&amp;",
        "&#x1b;",
        "\\*",
        "word",
        "東京",
        "👨‍👩‍👧",
        "\u{1b}[2J",
        "\u{202e}",
        "\u{9b}",
        "é",
    ];

    fn markdown_soup() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            prop::sample::select(FRAGMENTS).prop_map(str::to_string),
            "[a-z #*>|\\-\\[\\]`\n]{1,6}",
        ];
        prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn any_input_parses_well_formed(source in markdown_soup()) {
            read(&source);
        }
    }
}
