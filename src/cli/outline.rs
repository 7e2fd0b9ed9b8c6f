//! `outline`: an article's sections, as indented text or JSON.

use anyhow::Context as _;

use crate::article::{self, Article, BlockKind};

pub fn text(article: &Article) -> String {
    let mut out = String::new();
    for section in &article.sections {
        let title = article::sanitize::visible_line(&section.title);
        out.push_str(&format!("{}{title}\n", "  ".repeat(section.depth as usize)));
    }
    out
}

pub fn json(article: &Article) -> anyhow::Result<String> {
    let sections: Vec<serde_json::Value> = article
        .sections
        .iter()
        .map(|section| {
            let paragraphs = article.blocks[section.blocks.clone()]
                .iter()
                .filter(|b| !matches!(b.kind, BlockKind::Heading { .. } | BlockKind::Rule))
                .count();
            let sentences = article.sentences_in_blocks(section.blocks.clone()).len();
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
    let json = serde_json::json!({
        "title": article.meta.title,
        "author": article.meta.author,
        "sections": sections,
    });
    crate::output::json(&json).context("cannot write the outline as JSON")
}
