//! The article's blocks as HTML (headings, paragraphs, list items, quotes,
//! code, footnotes and real tables, with their inline styles), with
//! *layers* laid over ranges of the text: the export's highlighted
//! passages, the class report's shaded sentences. One renderer, so every
//! page draws an article the same way.
//!
//! Every text from the article goes through [`escape`]; a layer's markup is
//! the caller's, already HTML.

use std::fmt::Write as _;
use std::ops::Range;

use super::html::escape;
use crate::article::{Article, Block, BlockKind, InlineStyle, Span};

/// Styles of the blocks this renderer writes; the page brings the rest.
pub const ARTICLE_CSS: &str = r#"
.quote { border-left: 3px solid var(--rule); padding-left: 0.8rem; color: #3d444d; }
.item { display: flex; gap: 0.4rem; }
.item .marker { flex: none; min-width: 1.2rem; text-align: right; }
.footnote { font-size: 0.9rem; color: var(--dim); }
"#;

/// Markup over one range of the text. The text is cut wherever a layer or
/// an inline style begins or ends, and each piece is wrapped in everything
/// that covers it, so layers may overlap and cross markup freely: a layer
/// is opened on its first piece, reopened on each later one, and closed at
/// the end of every piece.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    pub range: Span,
    /// Opens the layer on its first piece.
    pub open: String,
    /// Opens it again on a later piece (after a cell or an emphasis cut it).
    pub reopen: String,
    /// Written just after the layer's last piece, outside the piece's
    /// markup (so a badge after a sentence ending in a footnote marker is
    /// not a superscript).
    pub after: String,
    pub close: &'static str,
}

/// The layers over a span of the text, in the order they nest (outer
/// first).
pub type Layers<'a> = dyn Fn(Span) -> Vec<Layer> + 'a;

/// The article's blocks as HTML, one group at a time: a table's rows
/// together, any other block alone. `each` receives the group's block
/// indices and its HTML, to place on the page (beside notes, or plainly).
pub fn article_blocks(
    article: &Article,
    layers: &Layers,
    mut each: impl FnMut(Range<usize>, String),
) {
    let mut index = 0;
    while index < article.blocks.len() {
        let block = &article.blocks[index];
        let mut end = index + 1;
        let mut html = String::new();
        if matches!(block.kind, BlockKind::TableRow { .. }) {
            while article
                .blocks
                .get(end)
                .is_some_and(|b| matches!(b.kind, BlockKind::TableRow { .. }))
            {
                end += 1;
            }
            table(article, layers, &article.blocks[index..end], &mut html);
        } else {
            block_html(article, layers, block, &mut html);
        }
        if block.quote_depth > 0 {
            html = format!(
                "<div class=\"quote\" style=\"margin-left:{}rem\">{html}</div>",
                (block.quote_depth - 1)
            );
        }
        each(index..end, html);
        index = end;
    }
}

fn block_html(article: &Article, layers: &Layers, block: &Block, out: &mut String) {
    let inner = marked(article, layers, block.range.clone(), &block.kind);
    match &block.kind {
        BlockKind::Heading { level } => {
            let h = (level + 1).min(6);
            let _ = write!(out, "<h{h}>{inner}</h{h}>");
        }
        BlockKind::Paragraph => {
            let _ = write!(out, "<p>{inner}</p>");
        }
        BlockKind::ListItem { depth, marker } => {
            let _ = write!(
                out,
                "<div class=\"item\" style=\"margin-left:{}rem\"><span class=\"marker\">{}</span><p>{inner}</p></div>",
                1.5 * f32::from(*depth),
                escape(marker)
            );
        }
        BlockKind::Code { .. } => {
            let _ = write!(out, "<pre><code>{inner}</code></pre>");
        }
        BlockKind::Rule => out.push_str("<hr>"),
        BlockKind::Footnote { label } => {
            let _ = write!(
                out,
                "<p class=\"footnote\"><sup>{}</sup> {inner}</p>",
                escape(label)
            );
        }
        BlockKind::TableRow { .. } => {}
    }
}

fn table(article: &Article, layers: &Layers, rows: &[Block], out: &mut String) {
    out.push_str("<table>");
    for row in rows {
        let BlockKind::TableRow { header, cells } = &row.kind else {
            continue;
        };
        let cell = if *header { "th" } else { "td" };
        out.push_str("<tr>");
        for span in cells {
            let inner = marked(article, layers, span.clone(), &row.kind);
            let _ = write!(out, "<{cell}>{inner}</{cell}>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
}

/// The text of `span` with its inline styles and every layer over it: the
/// text is cut where any of them begins or ends, and each piece is wrapped
/// in the styles and layers that cover it.
fn marked(article: &Article, layers: &Layers, span: Span, kind: &BlockKind) -> String {
    let inlines: Vec<_> = article.inlines_in(span.clone()).collect();
    let layers = layers(span.clone());
    let mut cuts = vec![span.start, span.end];
    for inline in &inlines {
        cuts.extend([inline.range.start, inline.range.end]);
    }
    for layer in &layers {
        cuts.extend([layer.range.start, layer.range.end]);
    }
    cuts.retain(|c| span.contains(c) || *c == span.end);
    cuts.sort_unstable();
    cuts.dedup();
    let code = matches!(kind, BlockKind::Code { .. });
    let mut out = String::new();
    for piece in cuts.windows(2) {
        let (a, b) = (piece[0], piece[1]);
        let covers = |r: &Span| r.start <= a && b <= r.end;
        let mut closing = Vec::new();
        let mut after = String::new();
        for inline in inlines.iter().filter(|i| covers(&i.range)) {
            let (open, close) = inline_tags(&inline.style);
            out.push_str(&open);
            closing.push(close);
        }
        for layer in layers.iter().filter(|l| covers(&l.range)) {
            let open = if layer.range.start == a {
                &layer.open
            } else {
                &layer.reopen
            };
            out.push_str(open);
            closing.push(layer.close.to_string());
            if layer.range.end == b {
                after.push_str(&layer.after);
            }
        }
        let text = escape(&article.text[a..b]);
        if code {
            out.push_str(&text);
        } else {
            out.push_str(&text.replace('\n', "<br>"));
        }
        for close in closing.iter().rev() {
            out.push_str(close);
        }
        out.push_str(&after);
    }
    out
}

/// The HTML an inline style opens and closes with. Links keep their target
/// only when it is the web or mail, so no page can hold a script link.
fn inline_tags(style: &InlineStyle) -> (String, String) {
    let pair = |tag: &str| (format!("<{tag}>"), format!("</{tag}>"));
    match style {
        InlineStyle::Emphasis => pair("em"),
        InlineStyle::Strong => pair("strong"),
        InlineStyle::Strikethrough => pair("del"),
        InlineStyle::Code => pair("code"),
        InlineStyle::FootnoteRef { .. } => pair("sup"),
        InlineStyle::Link { url } => {
            let lower = url.to_ascii_lowercase();
            if ["http://", "https://", "mailto:"]
                .iter()
                .any(|s| lower.starts_with(s))
            {
                (format!("<a href=\"{}\">", escape(url)), "</a>".into())
            } else {
                ("<span class=\"link\">".into(), "</span>".into())
            }
        }
    }
}
