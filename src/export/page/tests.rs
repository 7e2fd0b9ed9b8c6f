//! The HTML export of the shipped articles, read as a browser would not:
//! its text, structure and escaping. The browser test is `tests/html_export.rs`.

use super::*;
use crate::annotate::{Anchor, Annotation, AnnotationFile, ArticleInfo, SCHEMA};
use crate::article::{Format, parse_source};
use crate::config::Config;

const BIKE_LANES: &str = include_str!("../../../articles/the-case-for-boring-bike-lanes.md");

fn store_with(dir: &tempfile::TempDir, article: &Article, tags: &[(&str, &str, &str)]) -> Store {
    let time = time::OffsetDateTime::from_unix_timestamp(1_772_357_400).unwrap();
    let mut annotations: Vec<Annotation> = tags
        .iter()
        .enumerate()
        .map(|(i, (label, quote, note))| {
            let start = article
                .text
                .find(quote)
                .expect("the quote is in the article");
            Annotation {
                id: format!("{:012x}", 0xb0 + i),
                labels: vec![label.to_string()],
                note: note.to_string(),
                annotator: "Ada".into(),
                created: time,
                modified: time,
                anchor: Anchor::new(&article.text, start..start + quote.len()).unwrap(),
                extra: Default::default(),
            }
        })
        .collect();
    let gone = "The mayor has since resigned.";
    annotations.push(Annotation {
        id: "0000000000ff".into(),
        labels: vec!["claim".into()],
        note: "Was it <ever> true?".into(),
        annotator: "Bob".into(),
        created: time,
        modified: time,
        anchor: Anchor::new(gone, 0..gone.len()).unwrap(),
        extra: Default::default(),
    });
    let file = AnnotationFile {
        schema: SCHEMA,
        article: ArticleInfo::default(),
        annotations,
        ..AnnotationFile::default()
    };
    let path = dir.path().join("a.json");
    std::fs::write(&path, file.to_json()).unwrap();
    Store::open(&path, &article.text).unwrap()
}

#[test]
fn passages_are_highlighted_with_glyph_and_number_and_notes_stand_beside() {
    let dir = tempfile::tempdir().unwrap();
    let article = parse_source("bike", Format::Markdown, BIKE_LANES);
    let store = store_with(
        &dir,
        &article,
        &[
            ("claim", "Harbour Road", "Busiest corridor."),
            (
                "opinion",
                "Boring is what works.",
                "Slogan, <not> evidence\nsecond line",
            ),
            // Overlapping the one before, across the bold text's edge.
            ("speculation", "in other words. Boring is", ""),
            ("rumour", "at least two cafés on the street closed", ""),
        ],
    );
    let html = to_html(
        &article,
        &store,
        &Config::default().labels,
        "articles/bike.md",
    );
    assert!(html.contains("<h1>The Case for Boring Bike Lanes</h1>"));
    assert!(html.contains("By Marta Okonjo-Reyes · 2025-04-17 · Tags: transport, cities, cycling"));
    assert!(html.contains(
        "Source: <code>articles/bike.md</code> · 4 annotated passages, 2 with notes, 1 orphaned"
    ));
    // Glyph and number open the passage; the label's colour is a class.
    assert!(
        html.contains("<mark class=\"passage label-1\" title=\"● 2: opinion\"><span class=\"glyph\" aria-hidden=\"true\">●</span><sup class=\"ref\">2</sup>"),
        "{html}"
    );
    // The note beside its paragraph, escaped, its line break kept.
    assert!(
        html.contains("Slogan, &lt;not&gt; evidence<br>second line"),
        "{html}"
    );
    // A label the configuration does not define: its glyph, no colour class.
    assert!(html.contains(&format!(
        "<span class=\"badge \">{} rumour</span>",
        crate::config::UNKNOWN_LABEL_GLYPH
    )));
    // Balance per section, and the orphan with its quote.
    assert!(html.contains("<h2>Balance of labels by section</h2>"));
    assert!(html.contains("<q>The mayor has since resigned.</q><p>Was it &lt;ever&gt; true?</p>"));
    // A table stays a table, with its highlighted cell.
    assert!(
        html.contains("<td><mark class=\"passage label-0\""),
        "{html}"
    );
    assert!(!html.contains("<script"));
}

#[test]
fn hostile_text_cannot_reach_the_page_as_markup_or_controls() {
    let dir = tempfile::tempdir().unwrap();
    let source = "# Title\n\nA [link](javascript:alert(1)) and \u{202E}reversed\u{1b}[2J text.\n";
    let article = parse_source("x", Format::Markdown, source);
    let store = store_with(
        &dir,
        &article,
        &[("claim", "link", "</aside><script>alert(1)</script>")],
    );
    let html = to_html(&article, &store, &Config::default().labels, "x\u{1b}.md");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.chars().any(crate::article::sanitize::is_unsafe));
    assert!(html.contains("&lt;/aside&gt;&lt;script&gt;"));
}

#[test]
fn a_passage_with_two_labels_shows_both_and_a_plain_note_its_pen() {
    let dir = tempfile::tempdir().unwrap();
    let article = parse_source("bike", Format::Markdown, BIKE_LANES);
    let mut store = store_with(
        &dir,
        &article,
        &[
            ("claim", "Harbour Road", "Busiest corridor."),
            ("opinion", "Boring is what works.", "Slogan."),
        ],
    );
    let ids: Vec<String> = store.annotations().iter().map(|a| a.id.clone()).collect();
    store.toggle_label(&ids[0], "speculation").unwrap();
    store.toggle_label(&ids[1], "opinion").unwrap();
    let html = to_html(
        &article,
        &store,
        &Config::default().labels,
        "articles/bike.md",
    );
    // The first label's colour, every label's glyph and name.
    assert!(
        html.contains("<mark class=\"passage label-0\" title=\"◆▲ 2: claim, speculation\"><span class=\"glyph\" aria-hidden=\"true\">◆▲</span>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"badge label-0\">◆ claim</span> <span class=\"badge label-2\">▲ speculation</span>"),
        "{html}"
    );
    assert!(
        html.contains("title=\"✎ 1: note\"><span class=\"glyph\" aria-hidden=\"true\">✎</span>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"badge \">✎ note</span>"),
        "{html}"
    );
}
