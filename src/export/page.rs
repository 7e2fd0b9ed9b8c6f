//! The annotated article as one self-contained, printable HTML page: what
//! a teacher hands back to a student. The article's metadata and source,
//! the labels, the balance of labels in each section, then the article with
//! every passage highlighted in its label's colour and opened by its glyph
//! and number, each block's notes beside it (below it on a narrow screen),
//! and the orphans at the end.
//!
//! Built from [`super::html`]'s pieces: styles inline, no scripts, nothing
//! fetched; every text from the article or the annotations goes through
//! [`escape`].

use std::collections::HashMap;
use std::fmt::Write as _;

use super::article_html::{ARTICLE_CSS, Layer, article_blocks};
use super::html::{
    HIGHLIGHT_CLOSE, LabelStyle, escape, highlight_continue, highlight_open, label_badge,
    label_css, label_styles, page, style_for,
};
use super::stats::{self, Stats};
use super::{Entry, Listing, label_glyph};
use crate::annotate::Store;
use crate::article::{Article, Span};
use crate::config::{LabelDef, glyphs_and_names};

/// Styles of the export's own parts; the page and labels bring the rest.
const PAGE_CSS: &str = r#"
header h1 { margin-bottom: 0.2rem; }
.legend dt { margin-top: 0.3rem; }
.legend dd { margin: 0 0 0 1.5rem; color: var(--dim); }
table.balance .bar { font-family: "DejaVu Sans Mono", monospace; letter-spacing: 0.05em; white-space: nowrap; }
.row { display: grid; grid-template-columns: minmax(0, 1fr) 16rem; column-gap: 1.5rem; align-items: start; }
.row > .text { grid-column: 1; min-width: 0; }
.row > aside { grid-column: 2; font-size: 0.85rem; }
aside .note { border-left: 3px solid var(--label, var(--rule)); padding: 0.1rem 0 0.1rem 0.5rem; margin: 0.4rem 0; break-inside: avoid; }
aside .note q { display: block; color: var(--dim); font-style: italic; }
aside .note .by { color: var(--dim); font-size: 0.8rem; }
.text p, .text pre, .text table { margin: 0.5rem 0; }
ol.orphans li { margin-bottom: 0.6rem; }
footer { margin-top: 2rem; border-top: 1px solid var(--rule); padding-top: 0.5rem; }
@media (max-width: 48rem) { .row { grid-template-columns: 1fr; } .row > aside { grid-column: 1; margin-left: 1rem; } }
@media print { .row { grid-template-columns: minmax(0, 1fr) 13rem; } }
"#;

/// `article` with `store`'s annotations as an HTML page.
pub fn to_html(
    article: &Article,
    store: &Store,
    labels: &[LabelDef],
    article_path: &str,
) -> String {
    let listing = Listing::new(article, store);
    let stats = stats::compute(article, store, labels);
    let styles = label_styles(labels);
    let view = View {
        article,
        listing: &listing,
        labels,
        styles: &styles,
        numbers: listing
            .placed
            .iter()
            .map(|e| (e.annotation.id.as_str(), e))
            .collect(),
    };
    let mut body = String::new();
    view.header(article_path, &mut body);
    view.legend(&stats, &mut body);
    view.balance(&stats, &mut body);
    body.push_str("<main class=\"article\">\n");
    view.blocks(store, &mut body);
    body.push_str("</main>\n");
    view.orphans(&mut body);
    let _ = write!(
        body,
        "<footer class=\"meta\">Exported by marginalia from <code>{}</code>.</footer>",
        escape(article_path)
    );
    let css = format!("{}{PAGE_CSS}{ARTICLE_CSS}", label_css(&styles));
    page(&article.meta.title, "en", &css, &body)
}

struct View<'a> {
    article: &'a Article,
    listing: &'a Listing<'a>,
    labels: &'a [LabelDef],
    styles: &'a [LabelStyle],
    /// Placed annotations by id.
    numbers: HashMap<&'a str, &'a Entry<'a>>,
}

impl View<'_> {
    fn style(&self, label: &str) -> Option<&LabelStyle> {
        style_for(self.styles, label)
    }

    fn badge(&self, label: &str) -> String {
        label_badge(self.style(label), label, label_glyph(self.labels, label))
    }

    /// A badge per label (a plain note's one badge says so), space-separated.
    fn badges(&self, names: &[String]) -> String {
        glyphs_and_names(self.labels, names)
            .into_iter()
            .map(|(glyph, name)| label_badge(self.style(name), name, glyph))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn header(&self, article_path: &str, out: &mut String) {
        let meta = &self.article.meta;
        let _ = write!(out, "<header>\n<h1>{}</h1>\n", escape(&meta.title));
        let mut line = Vec::new();
        if let Some(author) = &meta.author {
            line.push(format!("By {}", escape(author)));
        }
        if let Some(date) = &meta.date {
            line.push(escape(date));
        }
        if !meta.tags.is_empty() {
            let tags: Vec<String> = meta.tags.iter().map(|t| escape(t)).collect();
            line.push(format!("Tags: {}", tags.join(", ")));
        }
        if !line.is_empty() {
            let _ = writeln!(out, "<p class=\"meta\">{}</p>", line.join(" · "));
        }
        let placed = &self.listing.placed;
        let notes = placed
            .iter()
            .filter(|e| !e.annotation.note.trim().is_empty())
            .count();
        let mut annotators: Vec<&str> = placed
            .iter()
            .map(|e| e.annotation.annotator.as_str())
            .chain(self.listing.orphans.iter().map(|a| a.annotator.as_str()))
            .filter(|a| !a.is_empty())
            .collect();
        annotators.sort_unstable();
        annotators.dedup();
        let annotators: Vec<String> = annotators.iter().map(|a| escape(a)).collect();
        let _ = write!(
            out,
            "<p class=\"meta\">Source: <code>{}</code> · {} annotated passages, {} with notes",
            escape(article_path),
            placed.len(),
            notes
        );
        if !self.listing.orphans.is_empty() {
            let _ = write!(out, ", {} orphaned", self.listing.orphans.len());
        }
        if !annotators.is_empty() {
            let _ = write!(out, " · Annotated by {}", annotators.join(", "));
        }
        out.push_str("</p>\n</header>\n");
    }

    fn legend(&self, stats: &Stats, out: &mut String) {
        out.push_str("<section class=\"legend\">\n<h2>Labels</h2>\n<dl>\n");
        for name in &stats.labels {
            let definition = self
                .labels
                .iter()
                .find(|l| &l.name == name)
                .map_or("A label the configuration does not define.", |l| {
                    l.definition.as_str()
                });
            let _ = writeln!(
                out,
                "<dt>{}</dt><dd>{}</dd>",
                self.badge(name),
                escape(definition)
            );
        }
        out.push_str("</dl>\n<p class=\"meta\">Each passage is highlighted in its label's colour and opens with its glyph and number; its note stands beside the paragraph where it ends.</p>\n</section>\n");
    }

    /// The balance of labels per section: counts, each label's share of
    /// the section's text, and a bar of glyphs.
    fn balance(&self, stats: &Stats, out: &mut String) {
        out.push_str("<section>\n<h2>Balance of labels by section</h2>\n");
        if stats.total.annotations == 0 {
            out.push_str("<p>No passages are annotated.</p>\n</section>\n");
            return;
        }
        out.push_str("<table class=\"balance\">\n<thead><tr><th>Section</th>");
        for name in &stats.labels {
            let _ = write!(out, "<th class=\"count\">{}</th>", self.badge(name));
        }
        out.push_str(
            "<th class=\"count\">Notes</th><th>Share of the text</th></tr></thead>\n<tbody>\n",
        );
        let glyphs: Vec<&str> = stats
            .labels
            .iter()
            .map(|n| label_glyph(self.labels, n))
            .collect();
        let row = |out: &mut String, title: &str, part: &stats::PartStats, indent: u8| {
            let _ = write!(
                out,
                "<tr><td style=\"padding-left:{:.1}rem\">{title}</td>",
                0.5 + f32::from(indent)
            );
            for count in &part.labels {
                let _ = write!(
                    out,
                    "<td class=\"count\">{} <span class=\"meta\">{:.0}%</span></td>",
                    count.count,
                    count.share * 100.0
                );
            }
            let _ = write!(
                out,
                "<td class=\"count\">{}</td><td class=\"bar\">",
                part.notes
            );
            for glyph in stats::share_bar(&part.labels, &glyphs).chars() {
                let label = glyphs
                    .iter()
                    .position(|g| g.starts_with(glyph))
                    .map(|i| stats.labels[i].as_str());
                match label.and_then(|l| self.style(l)) {
                    Some(style) => {
                        let _ = write!(
                            out,
                            "<span style=\"color:{}\">{}</span>",
                            style.colour,
                            escape(&glyph.to_string())
                        );
                    }
                    None => out.push_str(&escape(&glyph.to_string())),
                }
            }
            out.push_str("</td></tr>\n");
        };
        for part in &stats.parts {
            row(out, &escape(&part.title), part, part.depth);
        }
        row(out, "<strong>Total</strong>", &stats.total, 0);
        out.push_str("</tbody>\n</table>\n<p class=\"meta\">A passage counts in the section where it starts; shares are of each section's characters, and overlapping labels can add up to more than 100%.</p>\n</section>\n");
    }

    /// Every block in a row with the notes of the passages ending in it;
    /// a table's rows share one row of the page.
    fn blocks(&self, store: &Store, out: &mut String) {
        let article = self.article;
        let mut notes_by_block: HashMap<usize, Vec<&Entry>> = HashMap::new();
        for entry in &self.listing.placed {
            if entry.annotation.note.trim().is_empty() {
                continue;
            }
            let last = entry.range.end.saturating_sub(1).max(entry.range.start);
            if let Some(block) = article.block_at(last) {
                notes_by_block.entry(block).or_default().push(entry);
            }
        }
        let layers = |span: Span| self.passages(store, span);
        article_blocks(article, &layers, |blocks, text| {
            let notes: Vec<&Entry> = blocks
                .flat_map(|b| notes_by_block.get(&b).into_iter().flatten().copied())
                .collect();
            let _ = write!(out, "<div class=\"row\"><div class=\"text\">{text}</div>");
            if !notes.is_empty() {
                out.push_str("<aside>");
                for entry in notes {
                    self.note(entry, out);
                }
                out.push_str("</aside>");
            }
            out.push_str("</div>\n");
        });
    }

    /// The passages over `span` as highlights: each in its first label's
    /// colours, opened by its glyphs and number.
    fn passages(&self, store: &Store, span: Span) -> Vec<Layer> {
        store
            .overlapping(span)
            .filter_map(|placed| self.numbers.get(placed.annotation.id.as_str()).copied())
            .map(|entry| {
                let shown = glyphs_and_names(self.labels, &entry.annotation.labels);
                let glyphs: String = shown.iter().map(|(glyph, _)| *glyph).collect();
                let names: Vec<&str> = shown.iter().map(|(_, name)| *name).collect();
                let title = format!("{glyphs} {}: {}", entry.number, names.join(", "));
                let style = entry.annotation.labels.first().and_then(|l| self.style(l));
                Layer {
                    range: entry.range.clone(),
                    open: format!(
                        "{}<sup class=\"ref\">{}</sup>",
                        highlight_open(style, &glyphs, &title),
                        entry.number
                    ),
                    reopen: highlight_continue(style, &title),
                    after: String::new(),
                    close: HIGHLIGHT_CLOSE,
                }
            })
            .collect()
    }

    fn note(&self, entry: &Entry, out: &mut String) {
        let annotation = entry.annotation;
        let class = annotation
            .labels
            .first()
            .and_then(|l| self.style(l))
            .map_or("", |s| s.class.as_str());
        let passage = self.listing.passage(entry);
        let _ = write!(
            out,
            "<div class=\"note {class}\"><strong>{}</strong> {}<q>{}</q>{}<div class=\"by\">{}</div></div>",
            entry.number,
            self.badges(&annotation.labels),
            escape(&shortened(passage, 90)),
            multiline(&annotation.note),
            escape(&annotation.annotator)
        );
    }

    fn orphans(&self, out: &mut String) {
        if self.listing.orphans.is_empty() {
            return;
        }
        out.push_str("<section>\n<h2>Orphaned annotations</h2>\n<p class=\"meta\">Their passages are no longer in the article; they are kept with what they quoted.</p>\n<ol class=\"orphans\">\n");
        for annotation in &self.listing.orphans {
            let _ = writeln!(
                out,
                "<li>{} <q>{}</q>{}<span class=\"meta\">{}</span></li>",
                self.badges(&annotation.labels),
                escape(&annotation.anchor.quote),
                multiline(&annotation.note),
                escape(&annotation.annotator)
            );
        }
        out.push_str("</ol>\n</section>\n");
    }
}

/// A note's paragraphs, line breaks kept.
fn multiline(note: &str) -> String {
    let note = note.trim();
    if note.is_empty() {
        return String::new();
    }
    let paragraphs: Vec<String> = note
        .split("\n\n")
        .map(|p| escape(p.trim()).replace('\n', "<br>"))
        .collect();
    format!("<p>{}</p>", paragraphs.join("</p><p>"))
}

/// `text` on one line, cut at a word near `chars` characters with `…`.
fn shortened(text: &str, chars: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= chars {
        return one_line;
    }
    let cut: String = one_line.chars().take(chars).collect();
    let at_word = cut
        .rfind(' ')
        .filter(|&i| i > chars / 2)
        .unwrap_or(cut.len());
    format!("{}…", &cut[..at_word])
}

#[cfg(test)]
mod tests;
