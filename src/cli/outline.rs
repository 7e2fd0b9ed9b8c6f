//! `outline`: an article's sections, as indented text or JSON, and with
//! `--sentences` every sentence under its section.

use std::io::Write;
use std::ops::Range;
use std::path::Path;

use anyhow::Context as _;

use crate::article::{self, Article, BlockKind};

/// `outline FILE [--json] [--sentences]`, written to `out`.
pub fn run(
    file: &Path,
    json: bool,
    with_sentences: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let article = article::load_path(file)?;
    let text = if json {
        self::json(&article, with_sentences)?
    } else {
        self::text(&article, with_sentences)
    };
    out.write_all(text.as_bytes())
        .context("cannot write the outline")
}

pub fn text(article: &Article, with_sentences: bool) -> String {
    let mut out = String::new();
    let write_sentences = |out: &mut String, blocks: Range<usize>, depth: usize| {
        if !with_sentences {
            return;
        }
        for index in article.sentences_in_blocks(blocks) {
            let text = article.slice(&article.sentences[index].range);
            let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let line = article::sanitize::visible_line(&flat);
            out.push_str(&format!("{}- {line}\n", "  ".repeat(depth)));
        }
    };
    if article.sections.is_empty() {
        // Said, never left blank: the whole text is one untitled section.
        let count = article.sentences_in_blocks(0..article.blocks.len()).len();
        let sentences = if count == 1 { "sentence" } else { "sentences" };
        out.push_str(&format!(
            "(no headings: the whole text is one untitled section of {count} {sentences})\n"
        ));
        write_sentences(&mut out, 0..article.blocks.len(), 1);
        return out;
    }
    write_sentences(&mut out, 0..first_heading(article), 0);
    for (index, section) in article.sections.iter().enumerate() {
        let title = article::sanitize::visible_line(&section.title);
        let depth = section.depth as usize;
        out.push_str(&format!("{}{title}\n", "  ".repeat(depth)));
        write_sentences(&mut out, own_blocks(article, index), depth + 1);
    }
    out
}

pub fn json(article: &Article, with_sentences: bool) -> anyhow::Result<String> {
    let sections: Vec<serde_json::Value> = article
        .sections
        .iter()
        .map(|section| {
            let paragraphs = article.blocks[section.blocks.clone()]
                .iter()
                .filter(|b| !matches!(b.kind, BlockKind::Heading { .. } | BlockKind::Rule))
                .count();
            let sentences = article.taggable_in_blocks(section.blocks.clone());
            serde_json::json!({
                "title": section.title,
                "level": section.level,
                "depth": section.depth,
                "range": [section.range.start, section.range.end],
                "paragraphs": paragraphs,
                "sentences": sentences,
            })
        })
        .collect();
    let mut json = serde_json::json!({
        "title": article.meta.title,
        "subtitle": article.meta.subtitle,
        "author": article.meta.author,
        "date": article.meta.date,
        "sections": sections,
    });
    if with_sentences {
        json["sentences"] = sentences_json(article);
    }
    crate::output::json(&json).context("cannot write the outline as JSON")
}

/// Every sentence but the headings' own, with the index of its innermost
/// section (null before the first heading) and whether it is taggable.
fn sentences_json(article: &Article) -> serde_json::Value {
    let mut list = Vec::new();
    let mut add = |blocks: Range<usize>, section: Option<usize>| {
        for index in article.sentences_in_blocks(blocks) {
            let range = &article.sentences[index].range;
            list.push(serde_json::json!({
                "text": article.slice(range),
                "start": range.start,
                "end": range.end,
                "section": section,
                "taggable": article.is_taggable(index),
            }));
        }
    };
    add(0..first_heading(article), None);
    for index in 0..article.sections.len() {
        add(own_blocks(article, index), Some(index));
    }
    serde_json::Value::Array(list)
}

fn first_heading(article: &Article) -> usize {
    article
        .sections
        .first()
        .map_or(article.blocks.len(), |s| s.heading)
}

/// The blocks under section `index`'s heading that no subsection holds: up
/// to the next heading, whichever section it starts.
fn own_blocks(article: &Article, index: usize) -> Range<usize> {
    let section = &article.sections[index];
    let end = article
        .sections
        .get(index + 1)
        .map_or(section.blocks.end, |next| next.heading);
    section.heading + 1..end
}
