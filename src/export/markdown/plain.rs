//! A plain-text article written as markdown from its blocks, with a source
//! map of its own, so that it can be marked like a markdown article.

use crate::article::{Article, Block, BlockKind, SourceRun, Span};
use crate::export::escape::line_edits;

/// Writes a plain-text article's blocks as markdown, recording where each
/// stretch of reading text went.
#[derive(Default)]
pub(super) struct PlainWriter {
    pub source: String,
    pub runs: Vec<SourceRun>,
    pub elements: Vec<Span>,
    /// Fenced code blocks, fences included: no marker goes inside.
    pub code_blocks: Vec<Span>,
    /// Content indentation of the open list items, by depth.
    item_indents: Vec<usize>,
    /// The last element is a list still open to more items.
    in_list: bool,
}

impl PlainWriter {
    /// YAML front matter with the title block's metadata, which plain text
    /// keeps out of the reading text. Values are JSON strings, which YAML reads.
    pub fn front_matter(&mut self, article: &Article) {
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

    pub fn block(&mut self, article: &Article, block: &Block) {
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
                let code_start = self.source.len();
                let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
                self.source.push_str(&format!(
                    "{quote}{fence}{}\n",
                    lang.as_deref().unwrap_or("")
                ));
                self.copy_verbatim(text, block.range.start, &quote);
                self.source.push_str(&format!("\n{quote}{fence}"));
                self.code_blocks.push(code_start..self.source.len());
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
