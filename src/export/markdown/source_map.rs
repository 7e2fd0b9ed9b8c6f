//! What the marker placement needs to know about the markdown it marks up:
//! the source, where the reading text came from, and which stretches of
//! source a marker must never enter.

use std::borrow::Cow;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Parser, Tag};

use super::PARSE_OPTIONS;
use super::plain::PlainWriter;
use crate::article::{Article, SourceRun, Span};

/// Markdown to mark up, with where its reading text came from.
pub(super) struct SourceMap<'a> {
    pub source: Cow<'a, str>,
    pub runs: Cow<'a, [SourceRun]>,
    /// Source ranges of inline markup that adds no text of its own and
    /// whose text may hold markers (emphasis, strong, strikethrough, inline
    /// and full reference links), by start.
    pub markup: Vec<Span>,
    /// Source ranges of inline markup that adds text (images, footnote
    /// references): markers never move across it.
    pub generating: Vec<Span>,
    /// Inline constructs a marker would change (code spans, images,
    /// autolinks, footnote references, raw HTML, links whose text is their
    /// reference label): markers go before or after them, never inside.
    pub atomic: Vec<Atomic>,
    /// Tables, where a cell's edge white space is trimmed.
    pub tables: Vec<Span>,
    /// Top-level elements (paragraphs, lists, tables, quotes…) in order.
    pub elements: Vec<Element>,
    /// Where the export's header line goes: after any front matter.
    pub header_at: usize,
}

/// A stretch of source no marker may enter.
#[derive(Debug, Clone)]
pub(super) struct Atomic {
    pub span: Span,
    pub what: Construct,
    /// Block constructs (code blocks, raw HTML blocks) cannot take a
    /// marker at their edges either: there it would start a paragraph.
    pub block: bool,
}

/// Why a marker could not stand where its passage begins or ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Construct {
    Code,
    Image,
    Autolink,
    FootnoteReference,
    Html,
    ReferenceLabel,
    Emphasis,
    Escape,
    Unspelled,
}

impl Construct {
    /// How the list entry of a moved passage says why.
    pub fn describe(self) -> &'static str {
        match self {
            Construct::Code => "code",
            Construct::Image => "an image",
            Construct::Autolink => "an autolink",
            Construct::FootnoteReference => "a footnote reference",
            Construct::Html => "raw HTML",
            Construct::ReferenceLabel => "a reference link's label",
            Construct::Emphasis => "emphasis delimiters",
            Construct::Escape => "an escape or line break",
            Construct::Unspelled => "text the markdown does not spell out",
        }
    }
}

/// A top-level element and what, if anything, it leaves open at the end of
/// the document for whatever is written after it.
#[derive(Debug, Clone)]
pub(super) struct Element {
    pub span: Span,
    pub open_end: Option<OpenEnd>,
}

/// A construct at the very end of the document that would swallow what
/// follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum OpenEnd {
    /// A fenced code block never closed: closing it with this fence
    /// changes nothing it shows.
    Fence(String),
    /// Raw HTML that runs to the end of the document (`<style>`, `<!--`…):
    /// it cannot be closed without changing it, so nothing goes after it.
    Html,
}

impl<'a> SourceMap<'a> {
    pub fn of_markdown(article: &'a Article) -> SourceMap<'a> {
        let source = article.source.as_str();
        let mut layout = SourceMap {
            source: Cow::Borrowed(source),
            runs: Cow::Borrowed(&article.source_map),
            markup: Vec::new(),
            generating: Vec::new(),
            atomic: Vec::new(),
            tables: Vec::new(),
            elements: Vec::new(),
            header_at: 0,
        };
        let mut depth = 0usize;
        for (event, range) in Parser::new_ext(source, PARSE_OPTIONS).into_offset_iter() {
            match event {
                Event::Start(tag) => {
                    if depth == 0 {
                        layout.elements.push(Element {
                            span: range.clone(),
                            open_end: open_end(source, &tag, &range),
                        });
                    }
                    layout.start(tag, range);
                    depth += 1;
                }
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::Code(_) => layout.atomic(range, Construct::Code, false),
                Event::InlineHtml(_) => layout.atomic(range, Construct::Html, false),
                Event::FootnoteReference(_) => {
                    layout.generating.push(range.clone());
                    layout.atomic(range, Construct::FootnoteReference, false);
                }
                _ if depth == 0 => layout.elements.push(Element {
                    span: range,
                    open_end: None,
                }),
                _ => {}
            }
        }
        layout.markup.sort_by_key(|r| r.start);
        layout.generating.sort_by_key(|r| r.start);
        layout.finish_atomic();
        layout
    }

    fn start(&mut self, tag: Tag, mut range: Span) {
        // pulldown-cmark's range of a collapsed reference stops before its `[]`.
        if let Tag::Link { link_type, .. } | Tag::Image { link_type, .. } = &tag
            && matches!(link_type, LinkType::Collapsed | LinkType::CollapsedUnknown)
            && self
                .source
                .get(range.end..)
                .is_some_and(|rest| rest.starts_with("[]"))
        {
            range.end += 2;
        }
        match tag {
            Tag::Link { link_type, .. } => match link_type {
                LinkType::Autolink | LinkType::Email => {
                    self.atomic(range, Construct::Autolink, false)
                }
                // Their text is the label that finds the reference.
                LinkType::Collapsed
                | LinkType::Shortcut
                | LinkType::CollapsedUnknown
                | LinkType::ShortcutUnknown => self.atomic(range, Construct::ReferenceLabel, false),
                _ => self.markup.push(range),
            },
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough => self.markup.push(range),
            Tag::Image { .. } => {
                self.generating.push(range.clone());
                self.atomic(range, Construct::Image, false);
            }
            Tag::CodeBlock(_) => self.atomic(range, Construct::Code, true),
            Tag::HtmlBlock => self.atomic(range, Construct::Html, true),
            Tag::MetadataBlock(_) => {
                if range.start == 0 {
                    self.header_at = range.end;
                }
                self.atomic(range, Construct::Code, true);
            }
            Tag::Table(_) => self.tables.push(range),
            _ => {}
        }
    }

    fn atomic(&mut self, span: Span, what: Construct, block: bool) {
        self.atomic.push(Atomic { span, what, block });
    }

    /// Sorted by start, with spans inside others dropped: the outermost
    /// decides where a marker may go.
    fn finish_atomic(&mut self) {
        self.atomic
            .sort_by_key(|a| (a.span.start, std::cmp::Reverse(a.span.end)));
        let mut kept: Vec<Atomic> = Vec::with_capacity(self.atomic.len());
        for atomic in self.atomic.drain(..) {
            match kept.last() {
                Some(last) if atomic.span.end <= last.span.end => {}
                _ => kept.push(atomic),
            }
        }
        self.atomic = kept;
    }

    /// Markdown written from the blocks of a plain-text article, escaped so
    /// that it reads back as the same text.
    pub fn of_plain_text(article: &Article) -> SourceMap<'static> {
        let mut writer = PlainWriter::default();
        writer.front_matter(article);
        let header_at = writer.source.len();
        for block in &article.blocks {
            writer.block(article, block);
        }
        let atomic = writer
            .code_blocks
            .iter()
            .map(|span| Atomic {
                span: span.clone(),
                what: Construct::Code,
                block: true,
            })
            .collect();
        SourceMap {
            source: Cow::Owned(writer.source),
            runs: Cow::Owned(writer.runs),
            markup: Vec::new(),
            generating: Vec::new(),
            atomic,
            tables: Vec::new(),
            elements: writer
                .elements
                .into_iter()
                .map(|span| Element {
                    span,
                    open_end: None,
                })
                .collect(),
            header_at,
        }
    }

    /// `content` as a block of its own at `at`: blank lines around it.
    pub fn as_block(&self, at: usize, content: &str) -> String {
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

    /// The element that runs to the end of the document open, if any.
    pub fn open_end(&self) -> Option<(&Element, &OpenEnd)> {
        let last = self.elements.last()?;
        last.open_end.as_ref().map(|open| (last, open))
    }
}

/// What a top-level element starting with `tag` leaves open at the end of
/// the document: an unclosed fence, or raw HTML whose end condition never
/// came (CommonMark's HTML blocks 1 to 5 run until it does).
fn open_end(source: &str, tag: &Tag, range: &Span) -> Option<OpenEnd> {
    if !source[range.end..].trim().is_empty() {
        return None;
    }
    let text = &source[range.clone()];
    match tag {
        Tag::CodeBlock(CodeBlockKind::Fenced(_)) => {
            let opener = text.trim_start_matches(' ');
            let fence_char = opener.chars().next()?;
            let fence_len = opener.len() - opener.trim_start_matches(fence_char).len();
            let closed = text.lines().skip(1).any(|line| {
                let indented = line.trim_start_matches(' ');
                if line.len() - indented.len() > 3 {
                    return false;
                }
                let line = indented;
                let run = line.len() - line.trim_start_matches(fence_char).len();
                run >= fence_len && line[run..].trim().is_empty()
            });
            (!closed).then(|| OpenEnd::Fence(fence_char.to_string().repeat(fence_len)))
        }
        Tag::HtmlBlock => {
            let lower = text.trim_start_matches(' ').to_ascii_lowercase();
            let end_condition = html_end_condition(&lower)?;
            // Every start is `<` and one more ASCII character.
            (!lower[2..].contains(end_condition)).then_some(OpenEnd::Html)
        }
        _ => None,
    }
}

/// The end condition of HTML blocks of kinds 1 to 5, from their start.
fn html_end_condition(lower: &str) -> Option<&'static str> {
    for (name, end) in [
        ("<script", "</script>"),
        ("<pre", "</pre>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
    ] {
        if let Some(rest) = lower.strip_prefix(name)
            && rest
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || c == '>')
        {
            return Some(end);
        }
    }
    if lower.starts_with("<!--") {
        Some("-->")
    } else if lower.starts_with("<?") {
        Some("?>")
    } else if lower.starts_with("<![cdata[") {
        Some("]]>")
    } else if lower.starts_with("<!") {
        Some(">")
    } else {
        None
    }
}
