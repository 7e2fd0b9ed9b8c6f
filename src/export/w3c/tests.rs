//! W3C Web Annotation: the round trip, and annotations from Hypothesis.

use super::*;
use crate::annotate::{AnnotationFile, resolve_all};
use crate::article::{Format, parse_source};
use crate::config::Config;

const BIKE_LANES: &str = include_str!("../../../articles/the-case-for-boring-bike-lanes.md");
const KEY: &str = include_str!("../../../examples/keys/the-case-for-boring-bike-lanes.md.key.json");
const HYPOTHESIS: &str = include_str!("../../../tests/fixtures/hypothesis-export.json");

fn keyed_store(dir: &tempfile::TempDir, article: &Article, orphan: bool) -> Store {
    let mut file = AnnotationFile::parse(KEY.as_bytes()).expect("the shipped key reads");
    if orphan {
        let gone = "The mayor has since resigned.";
        let mut annotation = file.annotations[0].clone();
        annotation.id = "0000000000ff".into();
        annotation.anchor = Anchor::new(gone, 0..gone.len()).unwrap();
        file.annotations.push(annotation);
    }
    let path = dir.path().join("key.json");
    std::fs::write(&path, file.to_json()).unwrap();
    Store::open(&path, &article.text).unwrap()
}

#[test]
fn export_then_import_gives_the_same_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let article = parse_source("bike", Format::Markdown, BIKE_LANES);
    let mut store = keyed_store(&dir, &article, true);
    // A passage with a second label, and one whose label comes off (a
    // plain note: the key's passages all have notes).
    let (two, plain) = (
        store.annotations()[1].clone(),
        store.annotations()[2].clone(),
    );
    let second = if two.has_label("speculation") {
        "claim"
    } else {
        "speculation"
    };
    store.toggle_label(&two.id, second).unwrap();
    for label in &plain.labels {
        store.toggle_label(&plain.id, label).unwrap();
    }
    assert_eq!(store.get(&two.id).unwrap().0.labels.len(), 2);
    assert!(store.get(&plain.id).unwrap().0.labels.is_empty());
    let exported = to_w3c(
        &article,
        &store,
        "articles/the-case-for-boring-bike-lanes.md",
    );
    assert!(is_w3c_export(&exported));
    let value: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(value["@context"], CONTEXT);
    let first = &value["first"]["items"][0];
    assert_eq!(first["target"]["selector"][0]["type"], "TextQuoteSelector");
    assert_eq!(
        first["target"]["selector"][1]["type"],
        "TextPositionSelector"
    );
    assert_eq!(first["body"][0]["purpose"], "tagging");

    let imported = parse_w3c(&exported, &Config::default().labels).unwrap();
    assert_eq!(imported.skipped, 0);
    assert_eq!(
        imported.article_path,
        "articles/the-case-for-boring-bike-lanes.md"
    );
    let (anchored, missing) = imported.anchored_on(&article.text);
    assert_eq!(missing, 1, "the orphan stays one");
    let mut before: Vec<&Annotation> = store.annotations().iter().collect();
    let mut after: Vec<&Annotation> = anchored.iter().collect();
    before.sort_by_key(|a| &a.id);
    after.sort_by_key(|a| &a.id);
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(
            (
                &b.id,
                &b.labels,
                &b.note,
                &b.annotator,
                b.created,
                b.modified
            ),
            (
                &a.id,
                &a.labels,
                &a.note,
                &a.annotator,
                a.created,
                a.modified
            )
        );
        assert_eq!(b.anchor.quote, a.anchor.quote);
        if b.id != "0000000000ff" {
            assert_eq!(
                (b.anchor.start, b.anchor.end),
                (a.anchor.start, a.anchor.end)
            );
            assert_eq!(
                (b.anchor.char_start, b.anchor.char_end),
                (a.anchor.char_start, a.anchor.char_end)
            );
        }
    }
}

#[test]
fn hypothesis_annotations_are_anchored_like_any_others() {
    let article = parse_source("bike", Format::Markdown, BIKE_LANES);
    // The article as it is now: a sentence added near the top moves every
    // passage after it, and one quoted passage was reworded.
    let edited = article.text.replacen(
        "Every few years",
        "A correction was added on 2 May. Every few years",
        1,
    );
    let labels = Config::default().labels;
    let imported = parse_w3c(HYPOTHESIS, &labels).unwrap();
    assert_eq!(imported.skipped, 1, "the page note has no quote");
    let (anchored, missing) = imported.anchored_on(&edited);
    assert_eq!(missing, 1, "the passage the article no longer has");
    let by_quote = |q: &str| {
        anchored
            .iter()
            .find(|a| a.anchor.quote.starts_with(q))
            .unwrap()
    };
    let harbour = by_quote("Harbour Road");
    assert_eq!(
        harbour.labels,
        ["claim"],
        "the tag `Claim` is the label claim"
    );
    let thesis = by_quote("Boring is what works");
    assert_eq!(thesis.labels, ["opinion", "thesis"], "every tag is a label");
    assert_eq!(harbour.annotator, "Ms Okafor");
    assert_eq!(harbour.note, "Busiest corridor: check the count.");
    let resolutions = resolve_all(&edited, anchored.iter().map(|a| &a.anchor));
    let placed = resolutions.iter().filter(|r| r.range().is_some()).count();
    assert_eq!(placed, anchored.len() - 1);
    // Anchored where the text is now, not where Hypothesis counted it.
    let at = edited.find("Harbour Road").unwrap();
    assert_eq!(harbour.anchor.start, at);
}

#[test]
fn the_example_in_the_docs_imports_onto_its_article() {
    let example = include_str!("../../../docs/w3c-example.jsonld");
    let article = parse_source("bike", Format::Markdown, BIKE_LANES);
    let imported = parse_w3c(example, &Config::default().labels).unwrap();
    let (anchored, missing) = imported.anchored_on(&article.text);
    assert_eq!((anchored.len(), missing, imported.skipped), (3, 0, 0));
    for annotation in &anchored {
        let anchor = &annotation.anchor;
        assert_eq!(&article.text[anchor.start..anchor.end], anchor.quote);
        let chars: String = article
            .text
            .chars()
            .skip(anchor.char_start)
            .take(anchor.char_end - anchor.char_start)
            .collect();
        assert_eq!(chars, anchor.quote, "the position selector counts chars");
    }
}

#[test]
fn what_cannot_be_read_is_refused_or_skipped() {
    let labels = Config::default().labels;
    assert!(parse_w3c("not json", &labels).is_err());
    assert!(parse_w3c("{\"type\": \"Something\"}", &labels).is_err());
    // No tagging body and no tags, but a note: a plain note.
    let untagged = r#"[{"type": "Annotation", "bodyValue": "a note",
        "target": {"source": "x", "selector": {"type": "TextQuoteSelector", "exact": "x"}}}]"#;
    let imported = parse_w3c(untagged, &labels).unwrap();
    assert_eq!((imported.annotations.len(), imported.skipped), (1, 0));
    assert!(imported.annotations[0].labels.is_empty());
    assert_eq!(imported.annotations[0].note, "a note");
    // Neither a tag nor a note: nothing to import.
    let empty = r#"[{"type": "Annotation",
        "target": {"source": "x", "selector": {"type": "TextQuoteSelector", "exact": "x"}}}]"#;
    let imported = parse_w3c(empty, &labels).unwrap();
    assert_eq!((imported.annotations.len(), imported.skipped), (0, 1));
}
