use super::*;

#[test]
fn pasted_input_is_told_apart() {
    assert_eq!(detect_kind("<!DOCTYPE html><p>x"), PastedKind::Html);
    assert_eq!(
        detect_kind("\u{FEFF}  <div><p>Hi</p></div>"),
        PastedKind::Html
    );
    assert_eq!(detect_kind("# Title\n\nBody."), PastedKind::Markdown);
    assert_eq!(
        detect_kind("---\ntitle: x\n---\nBody"),
        PastedKind::Markdown
    );
    assert_eq!(
        detect_kind("Just prose. <3 for all."),
        PastedKind::PlainText
    );
}

#[test]
fn slugs_are_short_and_plain() {
    assert_eq!(
        slug("Lock the Phones, Not the Students!"),
        "lock-the-phones-not-the-students"
    );
    assert_eq!(slug("¿Qué? 東京"), "qué-東京");
    assert_eq!(slug("\u{1b}[31m"), "31m");
    assert_eq!(slug("…"), "article");
    assert!(slug(&"word ".repeat(100)).len() <= 60);
}

#[test]
fn saving_twice_from_one_source_keeps_the_first_copy() {
    let dir = tempfile::tempdir().unwrap();
    let meta = Metadata {
        title: "Same title".into(),
        source_url: Some("https://news.example/a".into()),
        ..Metadata::default()
    };
    let prepared = |url: &str| Prepared {
        text: format!(
            "{}\nBody text.\n",
            front_matter::write(&Metadata {
                source_url: Some(url.into()),
                ..meta.clone()
            })
        ),
        extension: "md",
        meta: Metadata {
            source_url: Some(url.into()),
            ..meta.clone()
        },
    };
    let first = save(&prepared("https://news.example/a"), dir.path()).unwrap();
    assert!(!first.already_there);
    let again = save(&prepared("https://news.example/a"), dir.path()).unwrap();
    assert_eq!(
        (again.path.clone(), again.already_there),
        (first.path.clone(), true)
    );
    let other = save(&prepared("https://news.example/b"), dir.path()).unwrap();
    assert_eq!(other.path, dir.path().join("same-title-2.md"));
}

#[test]
fn changes_list_removed_and_added_paragraphs_in_order() {
    let read = |s: &str| article::parse_source("a", Format::Markdown, s);
    let old = read("Kept.\n\nGone.\n\nAlso kept.\n");
    let new = read("Kept.\n\nAlso kept.\n\nNew at the end.\n");
    assert_eq!(
        changes(&old, &new),
        [
            Change::Removed("Gone.".into()),
            Change::Added("New at the end.".into())
        ]
    );
}
