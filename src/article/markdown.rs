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

use super::front_matter::{self, one_line};
use super::sanitize::{is_unsafe, visible, visible_line};
use super::{BlockKind, CELL_SEPARATOR, Draft, Inline, InlineStyle, SourceRun, Span};

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
        crate::article::work::step(1);
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
            Tag::TableCell => self.begin_cell(range.start),
            Tag::BlockQuote(_) => {
                self.boundary();
                self.quote_depth = self.quote_depth.saturating_add(1);
            }
            Tag::List(first_number) => {
                self.boundary();
                self.lists.push(first_number);
            }
            Tag::Item => self.begin_item(range.start),
            Tag::FootnoteDefinition(label) => self.begin_footnote(&label, range.start),
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

    /// A table cell: its text follows the row's, after a separator. In a
    /// footnote, a cell only marks a boundary.
    fn begin_cell(&mut self, source_start: usize) {
        if self.footnote.is_some() {
            self.boundary();
            return;
        }
        self.open_for_content(source_start);
        if !self.cells.is_empty() {
            self.draft.text.push_str(CELL_SEPARATOR);
        }
        self.cell_start = self.draft.text.len();
    }

    /// A list item, with its list's next number or a bullet.
    fn begin_item(&mut self, source_start: usize) {
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
            source_start,
        });
    }

    /// A footnote's definition; one nested inside another is flattened
    /// into it, after a gap.
    fn begin_footnote(&mut self, label: &str, source_start: usize) {
        match &mut self.footnote {
            Some(footnote) => {
                footnote.nested += 1;
                footnote.gap = true;
            }
            None => {
                self.close_block(None);
                self.footnote = Some(OpenFootnote {
                    label: visible_line(label).into_owned(),
                    source_start,
                    nested: 0,
                    gap: false,
                });
            }
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
                    if front_matter::read(front.kind, &front.content, &mut self.draft.meta) {
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
        crate::article::work::step(text.len());
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

#[cfg(test)]
mod tests;
