//! The extracted article's HTML written as markdown, so a web article is
//! saved, reopened and exported as the markdown articles are.
//!
//! Every piece of page text is escaped, so what the markdown loader reads
//! back is the page's text and nothing of it turns into markup. Structure
//! kept: headings, paragraphs, lists, block quotes, tables, code, emphasis,
//! strong, strikethrough, links and line breaks. Images are left out.

use std::cell::RefCell;

use dom_query::{Document, NodeRef};
use url::Url;

use super::footnotes::{PageNotes, is_marker};

/// Deeper elements are read as plain text: the page's structure that deep
/// is nesting for its own sake, and the walk stays within a small stack.
const MAX_DEPTH: usize = 48;

/// Stands for a `<br>` until white space is collapsed.
const LINE_BREAK: char = '\u{E000}';

/// Markdown for the HTML fragment `html`; links are resolved against `base`.
/// With `kept_text`, blocks whose words are not in it are left out.
#[cfg(test)]
pub fn to_markdown(html: &str, base: Option<&Url>, kept_text: Option<&str>) -> String {
    to_markdown_with_notes(html, base, kept_text, &PageNotes::default())
}

/// [`to_markdown`], with the page's `notes`: a marker linking to one is
/// written as a footnote reference (`[^1]`), and the notes referred to
/// follow the text as footnotes, numbered in the order they are first cited.
pub fn to_markdown_with_notes(
    html: &str,
    base: Option<&Url>,
    kept_text: Option<&str>,
    notes: &PageNotes,
) -> String {
    let document = Document::from(html);
    if let Some(kept) = kept_text {
        prune_blocks_not_in(&document, kept);
    }
    let writer = Writer {
        base,
        notes,
        cited: RefCell::default(),
    };
    let mut blocks = Vec::new();
    let root = document.select("body");
    match root.nodes().first() {
        Some(body) => writer.blocks(body, 0, &mut blocks),
        None => writer.blocks(&document.root(), 0, &mut blocks),
    }
    for (n, (_, note)) in writer.cited.borrow().iter().enumerate() {
        blocks.push(format!("[^{}]: {}", n + 1, escape_text(note)));
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

/// Plain text as markdown paragraphs, one per line of text, escaped.
pub fn text_to_markdown(text: &str) -> String {
    let mut blocks = Vec::new();
    for line in text.lines() {
        let mut paragraph = escape_text(line);
        flush_paragraph(&mut paragraph, &mut blocks);
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

/// Removes each innermost block whose words do not occur, in order, in
/// `kept`: rs-trafilatura writes its text and its HTML by separate passes,
/// and the text pass is the stricter (it leaves out datelines, "Previous /
/// Next" links and the like that the HTML pass keeps). The text pass puts
/// spaces around inline elements (`MacBook</a>s` reads `MacBook s`), so a
/// block of several words is looked for with the spaces between words
/// dropped; a shorter one must match whole words.
fn prune_blocks_not_in(document: &Document, kept: &str) {
    let kept_spaced = word_key(kept, " ");
    let kept_joined = word_key(kept, "");
    let leaves = document.select("p, h1, h2, h3, h4, h5, h6, li, dt, dd, tr, pre, figcaption, div");
    let mut unkept = Vec::new();
    for node in leaves.nodes() {
        let has_block_inside = node.descendants_it().any(|d| {
            d.is_element() && {
                let name = name_of(&d);
                is_block(&name) && name != "td" && name != "th"
            }
        });
        if has_block_inside {
            continue;
        }
        // Each piece of text apart: a table row's cells run together in
        // `text()` (`Programme2024`) but not in the text pass.
        let text = node
            .descendants_it()
            .filter(|d| d.is_text())
            .map(|d| d.text().to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let spaced = word_key(&text, " ");
        let words = spaced.split_whitespace().count();
        let found = match words {
            0 => false,
            1..4 => kept_spaced.contains(&spaced),
            _ => kept_joined.contains(&word_key(&text, "")),
        };
        if !found {
            unkept.push(*node);
        }
    }
    for node in unkept {
        node.remove_from_parent();
    }
}

/// The words of `text` (as the benchmark's `\\w+`) joined by `separator`,
/// and with it on both ends, so a spaced key matches whole words only.
fn word_key(text: &str, separator: &str) -> String {
    let mut key = String::with_capacity(text.len() + 2);
    key.push_str(separator);
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        if !word.is_empty() {
            key.push_str(word);
            key.push_str(separator);
        }
    }
    key
}

struct Writer<'a> {
    base: Option<&'a Url>,
    notes: &'a PageNotes,
    /// The notes cited so far, in order: each one's id and text.
    cited: RefCell<Vec<(String, String)>>,
}

pub(super) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "figure"
            | "figcaption"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "hr"
            | "address"
            | "details"
            | "summary"
            | "form"
            | "fieldset"
            | "center"
    )
}

/// Elements whose content is never reading text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "img"
            | "picture"
            | "svg"
            | "video"
            | "audio"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "button"
            | "input"
            | "select"
            | "textarea"
            | "head"
            | "title"
            | "meta"
            | "link"
    )
}

fn name_of(node: &NodeRef) -> String {
    node.node_name()
        .map(|n| n.to_ascii_lowercase())
        .unwrap_or_default()
}

impl Writer<'_> {
    /// The markdown blocks of `node`'s children, in order.
    fn blocks(&self, node: &NodeRef, depth: usize, out: &mut Vec<String>) {
        let mut inline = String::new();
        for child in node.children_it(false) {
            if child.is_text() {
                inline.push_str(&escape_text(&child.text()));
                continue;
            }
            if !child.is_element() {
                continue;
            }
            let name = name_of(&child);
            if is_skipped(&name) {
                continue;
            }
            if is_block(&name) {
                flush_paragraph(&mut inline, out);
                self.block(&child, &name, depth + 1, out);
            } else {
                inline.push_str(&self.inline(&child, &name, depth + 1));
            }
        }
        flush_paragraph(&mut inline, out);
    }

    fn block(&self, node: &NodeRef, name: &str, depth: usize, out: &mut Vec<String>) {
        if depth > MAX_DEPTH {
            let mut text = escape_text(&node.text());
            flush_paragraph(&mut text, out);
            return;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse::<usize>().unwrap_or(2);
                let text = one_line(&self.inline_children(node, depth));
                if !text.is_empty() {
                    out.push(format!("{} {text}", "#".repeat(level)));
                }
            }
            "ul" | "ol" => self.list(node, name == "ol", depth, out),
            "blockquote" => {
                let mut inner = Vec::new();
                self.blocks(node, depth, &mut inner);
                if !inner.is_empty() {
                    out.push(prefix_lines(&inner.join("\n\n"), "> ", "> "));
                }
            }
            "pre" => {
                let code = node.text().to_string();
                let code = code.trim_matches('\n');
                if !code.trim().is_empty() {
                    let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
                    out.push(format!("{fence}\n{}\n{fence}", inert(code)));
                }
            }
            "table" => self.table(node, depth, out),
            "hr" => out.push("---".to_string()),
            _ => self.blocks(node, depth, out),
        }
    }

    fn list(&self, node: &NodeRef, ordered: bool, depth: usize, out: &mut Vec<String>) {
        let start: usize = node
            .attr("start")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1);
        let mut items: Vec<Vec<String>> = Vec::new();
        for child in node.children_it(false) {
            if child.is_element() && name_of(&child) == "li" {
                let mut blocks = Vec::new();
                self.blocks(&child, depth + 1, &mut blocks);
                if !blocks.is_empty() {
                    items.push(blocks);
                }
            } else if child.is_element() {
                // Stray content between items still belongs to the list.
                let mut blocks = Vec::new();
                self.block(&child, &name_of(&child), depth + 1, &mut blocks);
                items.extend(blocks.into_iter().map(|b| vec![b]));
            }
        }
        if items.is_empty() {
            return;
        }
        let tight = items.iter().all(|blocks| blocks.len() == 1);
        let rendered: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(i, blocks)| {
                let marker = if ordered {
                    format!("{}. ", start + i)
                } else {
                    "- ".to_string()
                };
                let indent = " ".repeat(marker.len());
                prefix_lines(&blocks.join("\n\n"), &marker, &indent)
            })
            .collect();
        out.push(rendered.join(if tight { "\n" } else { "\n\n" }));
    }

    /// A GFM table; its first row is the header, and rows are padded to the
    /// widest row so every cell is kept.
    fn table(&self, node: &NodeRef, depth: usize, out: &mut Vec<String>) {
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut pending = vec![*node];
        // Rows may sit in thead/tbody/tfoot; nested tables read as cell text.
        while let Some(next) = pending.pop() {
            for child in next.children_it(true) {
                if !child.is_element() {
                    continue;
                }
                match name_of(&child).as_str() {
                    "tr" => rows.push(self.row(&child, depth)),
                    "thead" | "tbody" | "tfoot" => pending.push(child),
                    "caption" => {
                        let text = one_line(&self.inline_children(&child, depth));
                        if !text.is_empty() {
                            out.push(text);
                        }
                    }
                    _ => {}
                }
            }
        }
        // Popping visits sections last to first; rows were pushed in reverse.
        rows.reverse();
        rows.retain(|row| row.iter().any(|cell| !cell.is_empty()));
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return;
        }
        let line = |cells: &[String]| {
            let mut padded: Vec<&str> = cells.iter().map(String::as_str).collect();
            padded.resize(width, "");
            format!("| {} |", padded.join(" | "))
        };
        let mut lines = vec![line(&rows[0]), format!("|{}", " --- |".repeat(width))];
        lines.extend(rows[1..].iter().map(|row| line(row)));
        out.push(lines.join("\n"));
    }

    fn row(&self, row: &NodeRef, depth: usize) -> Vec<String> {
        let mut cells = Vec::new();
        for cell in row.children_it(false) {
            if cell.is_element() && matches!(name_of(&cell).as_str(), "td" | "th") {
                let mut blocks = Vec::new();
                self.blocks(&cell, depth + 1, &mut blocks);
                cells.push(one_line(&blocks.join(" ")));
            }
        }
        cells
    }

    fn inline_children(&self, node: &NodeRef, depth: usize) -> String {
        let mut out = String::new();
        for child in node.children_it(false) {
            if child.is_text() {
                out.push_str(&escape_text(&child.text()));
            } else if child.is_element() {
                let name = name_of(&child);
                if !is_skipped(&name) {
                    out.push_str(&self.inline(&child, &name, depth + 1));
                }
            }
        }
        out
    }

    /// An inline element; block elements met inside one read as its text.
    fn inline(&self, node: &NodeRef, name: &str, depth: usize) -> String {
        if depth > MAX_DEPTH {
            return escape_text(&node.text());
        }
        match name {
            "br" => LINE_BREAK.to_string(),
            "em" | "i" | "cite" | "dfn" => delimited(&self.inline_children(node, depth), "*"),
            "strong" | "b" => delimited(&self.inline_children(node, depth), "**"),
            "del" | "s" | "strike" => delimited(&self.inline_children(node, depth), "~~"),
            "code" | "kbd" | "samp" | "tt" => code_span(&node.text()),
            "a" => self.link(node, depth),
            _ => {
                let inner = self.inline_children(node, depth);
                if is_block(name) {
                    format!(" {inner} ")
                } else {
                    inner
                }
            }
        }
    }

    fn link(&self, node: &NodeRef, depth: usize) -> String {
        if let Some(reference) = self.note_reference(node) {
            return reference;
        }
        // A link's text never holds another link.
        let text = self.inline_children(node, depth);
        let text = if text.contains("](") {
            escape_text(&node.text())
        } else {
            text
        };
        let Some(url) = node.attr("href").and_then(|href| self.resolve(&href)) else {
            return text;
        };
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed.contains(LINE_BREAK) {
            return text;
        }
        let (lead, trail) = edges(&text);
        format!("{lead}[{trimmed}](<{url}>){trail}")
    }

    /// An absolute http(s) or mailto address, made safe to stand between `<` and `>`.
    /// `[^n]` for a note marker linking to one of the page's notes.
    fn note_reference(&self, node: &NodeRef) -> Option<String> {
        let href = node.attr("href")?;
        let note = self.notes.for_href(&href)?;
        if !is_marker(&node.text()) {
            return None;
        }
        let id = href.trim().trim_start_matches('#');
        let mut cited = self.cited.borrow_mut();
        let n = match cited.iter().position(|(cited, _)| cited == id) {
            Some(i) => i + 1,
            None => {
                cited.push((id.to_string(), note.to_string()));
                cited.len()
            }
        };
        Some(format!("[^{n}]"))
    }

    fn resolve(&self, href: &str) -> Option<String> {
        let href = href.trim();
        if href.starts_with('#') {
            return None;
        }
        let url = match self.base {
            Some(base) => base.join(href).ok()?,
            None => Url::parse(href).ok()?,
        };
        if !matches!(url.scheme(), "http" | "https" | "mailto") {
            return None;
        }
        Some(
            url.as_str()
                .replace('<', "%3C")
                .replace('>', "%3E")
                .replace(' ', "%20"),
        )
    }
}

/// The white space around `text`, kept outside markup wrapped around it.
fn edges(text: &str) -> (&str, &str) {
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    (lead, trail)
}

/// `text` between emphasis delimiters, where CommonMark reads them as such:
/// the content must start and end with a letter or digit (a delimiter next
/// to punctuation may not open or close). Otherwise the text alone.
fn delimited(text: &str, delimiter: &str) -> String {
    let trimmed = text.trim();
    let alnum_edges = trimmed.chars().next().is_some_and(char::is_alphanumeric)
        && trimmed.chars().last().is_some_and(char::is_alphanumeric);
    if !alnum_edges || trimmed.contains(LINE_BREAK) {
        return text.to_string();
    }
    let (lead, trail) = edges(text);
    format!("{lead}{delimiter}{trimmed}{delimiter}{trail}")
}

fn code_span(code: &str) -> String {
    let code = collapse_space(&inert(code));
    let code = code.trim();
    if code.is_empty() {
        return String::new();
    }
    let ticks = "`".repeat(longest_run(code, '`') + 1);
    if code.starts_with('`') || code.ends_with('`') {
        format!("{ticks} {code} {ticks}")
    } else {
        format!("{ticks}{code}{ticks}")
    }
}

fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// Control characters and bidi overrides as the visible stand-ins every
/// input gets (`␛`, `<U+202E>`; see `article::sanitize`), so the saved
/// markdown holds none raw and reads as a markdown file with them would.
fn inert(text: &str) -> String {
    crate::article::sanitize::visible(text).into_owned()
}

fn collapse_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// Page text with every character markdown could read as markup escaped.
fn escape_text(text: &str) -> String {
    let text = inert(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what would open a block at the start of a line: list markers,
/// setext underlines, ordered-list numbers, indented code.
fn escape_line_start(line: &str) -> String {
    let line = line.trim_start();
    let mut chars = line.char_indices();
    match chars.next() {
        Some((_, '-' | '+' | '=')) => format!("\\{line}"),
        Some((_, c)) if c.is_ascii_digit() => {
            let digits = line
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(line.len());
            match line[digits..].chars().next() {
                Some('.' | ')') => format!("{}\\{}", &line[..digits], &line[digits..]),
                _ => line.to_string(),
            }
        }
        _ => line.to_string(),
    }
}

fn one_line(markdown: &str) -> String {
    collapse_space(&markdown.replace(LINE_BREAK, " "))
        .trim()
        .to_string()
}

/// Ends the paragraph collected in `inline`: white space collapsed as a
/// browser would, `<br>` made a hard break, line starts escaped. Two or
/// more `<br>` in a row leave a blank line, which is how pages without `<p>`
/// write paragraphs: each stretch between them is a paragraph of its own.
fn flush_paragraph(inline: &mut String, out: &mut Vec<String>) {
    let collapsed = collapse_space(inline);
    inline.clear();
    let mut lines: Vec<String> = Vec::new();
    for line in collapsed.split(LINE_BREAK).map(str::trim) {
        if !line.is_empty() {
            lines.push(escape_line_start(line));
        } else if !lines.is_empty() {
            out.push(lines.join("\\\n"));
            lines.clear();
        }
    }
    if !lines.is_empty() {
        out.push(lines.join("\\\n"));
    }
}

/// `text` with `first` before its first line and `rest` before the others
/// (blank lines stay blank, so paragraphs stay apart).
fn prefix_lines(text: &str, first: &str, rest: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let prefix = if i == 0 { first } else { rest };
            if line.is_empty() {
                prefix.trim_end().to_string()
            } else {
                format!("{prefix}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests;
