//! `class --html`: the class report as one printable page, rendered by
//! headless Chromium (skipped with a notice where Chromium is absent; a
//! failure then under CI=true).
//!
//! `MARGINALIA_DOCS_SCREENSHOT=1 cargo test --test class_report_html`
//! refreshes `docs/class-report.png` from the same page.

#[path = "support/browser.rs"]
mod browser;
#[path = "classroom/synthetic.rs"]
mod synthetic;

use std::path::{Path, PathBuf};

use browser::Chromium;
use marginalia::annotate::Store;
use marginalia::article::load_path;
use marginalia::classroom::Tagging;
use marginalia::cli::classroom::{ClassArgs, run_class};
use marginalia::config::Config;

const ARTICLE: &str = "the-case-for-boring-bike-lanes.md";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const NAMES: [&str; 6] = [
    "Ada Okafor",
    "Ben Liu",
    "Carmen Ruiz",
    "Dara Byrne",
    "Emil Novak",
    "Farah Haddad",
];

/// A name that tries to become markup and to retitle a terminal.
const HOSTILE: &str = "<script>alert(1)</script>\u{1b}]0;pwned\u{7}";

/// Six students made from the shipped key with a few mistakes each (the
/// first, if `hostile`, with a hostile name), and the key, in a fresh folder.
fn class_folder(dir: &Path, mut hostile: bool) -> PathBuf {
    let article_path = dir.join(ARTICLE);
    std::fs::copy(repo().join("articles").join(ARTICLE), &article_path).unwrap();
    let article = load_path(&article_path).unwrap();
    let shipped_key = repo()
        .join("examples/keys")
        .join(format!("{ARTICLE}.key.json"));
    let key_path = dir.join("key.json");
    let mut key = Store::open(&shipped_key, &article.text).unwrap();
    key.set_article(&article.meta.title, ARTICLE);
    key.save_as(&key_path).unwrap();
    let key = Tagging::open(&key_path, &article).unwrap();
    let labels = ["claim", "opinion", "speculation"];
    let files = synthetic::write_students(&article, &key, &labels, dir, 6, 11);
    for (file, name) in files.iter().zip(NAMES) {
        let mut store = Store::open(file, &article.text).unwrap();
        store.set_annotator(if hostile { HOSTILE } else { name });
        store.save().unwrap();
        hostile = false;
    }
    dir.to_path_buf()
}

fn html_report(dir: &Path) -> String {
    let report = dir.join("report.html");
    let args = ClassArgs {
        paths: vec![dir.to_path_buf()],
        key: None,
        json: false,
        markdown: false,
        html: Some(report.clone()),
        csv: None,
        overlap: marginalia::classroom::DEFAULT_OVERLAP,
    };
    run_class(args, &Config::default(), &mut Vec::new()).unwrap();
    std::fs::read_to_string(report).unwrap()
}

#[test]
fn the_html_report_holds_every_part_and_nothing_hostile() {
    let dir = tempfile::tempdir().unwrap();
    let html = html_report(&class_folder(dir.path(), true));
    let article = load_path(&dir.path().join(ARTICLE)).unwrap();
    let counted = marginalia::classroom::counted_sentences(&article).len();
    assert_eq!(sentence_spans(&html).len(), counted);
    for part in [
        "<h1>Class report: The Case for Boring Bike Lanes</h1>",
        "<h2>Class agreement</h2>",
        "Fleiss' kappa",
        "Krippendorff's alpha",
        "<h2>Students against the key</h2>",
        "<h2>The article, as the class labelled it</h2>",
        "<h2>Most disputed passages</h2>",
        "Key's note: ",
        "<h2>Sentences by label: the key against the class</h2>",
    ] {
        assert!(html.contains(part), "{part}");
    }
    assert!(
        html.contains("<table><tr><th>Corridor</th>"),
        "the article's table"
    );
    assert!(!html.contains("<script"), "a name became markup");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;␛]0;pwned␇"));
    assert!(!html.chars().any(marginalia::output::is_unsafe));
}

#[test]
fn the_html_report_renders_prints_and_asks_for_nothing() {
    let Some(chromium) = Chromium::find("the_html_report_renders_prints_and_asks_for_nothing")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = html_report(&class_folder(dir.path(), false));

    let dom = chromium.dump_dom(&html);
    dom.assert_self_contained();
    let article = load_path(&dir.path().join(ARTICLE)).unwrap();
    let counted = marginalia::classroom::counted_sentences(&article).len();
    // The browser built the page we meant: every sentence a shaded span,
    // six students' rows, five disputed passages, a 4 × 4 confusion table.
    assert_eq!(dom.stdout.matches("<li><blockquote>").count(), 5);
    let scores = &dom.stdout[dom.stdout.find("<table class=\"scores\">").unwrap()..];
    let scores = &scores[..scores.find("</table>").unwrap()];
    assert_eq!(scores.matches("<tr>").count(), 1 + 6);
    assert!(!dom.stdout.contains("<script"));
    // Sentences the class tagged are shaded; those all left untagged not.
    let spans = sentence_spans(&dom.stdout);
    assert_eq!(spans.len(), counted);
    assert!(spans.iter().any(|(title, _)| title.contains(": claim 6")));
    for (title, shaded) in &spans {
        let all_untagged = title.contains(": untagged 6");
        assert_eq!(*shaded, !all_untagged, "{title}");
    }
    // The article is drawn as the HTML export draws it: its table a table
    // (header cells, one row per corridor), its footnote markers
    // superscripts, never pipes and brackets in a paragraph.
    let article_part = &dom.stdout[dom.stdout.find("<div class=\"article\">").unwrap()..];
    let table = &article_part[article_part.find("<table>").expect("the article's table")..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(table.contains("<th>Corridor</th>"), "{table}");
    assert!(table.contains("<td>Harbour Road</td>"), "{table}");
    assert_eq!(table.matches("<tr>").count(), 5, "{table}");
    assert!(!dom.stdout.contains("Corridor |"));
    // (The marker ends a shaded sentence; the key's badge follows it, full size.)
    assert!(
        article_part.contains("[outturn]</span></sup><span class=\"badge"),
        "a footnote marker"
    );
    assert!(!article_part.contains("[^outturn]"));

    let (pdf, printed) = chromium.print_to_pdf(&html, &dir.path().join("report.pdf"));
    printed.assert_self_contained();
    let pages = browser::pdf_page_count(&pdf);
    assert!((2..=12).contains(&pages), "{pages} pages");

    let png = if std::env::var_os("MARGINALIA_DOCS_SCREENSHOT").is_some() {
        repo().join("docs/class-report.png")
    } else {
        dir.path().join("report.png")
    };
    chromium
        .screenshot(&html, &png, 1000, 2000)
        .assert_self_contained();
}

/// Each sentence's tooltip, and whether it is shaded. A sentence that
/// crosses inline markup (an emphasis, a footnote marker) is drawn as
/// several spans, each with the same tooltip and shade: counted once.
fn sentence_spans(dom: &str) -> Vec<(String, bool)> {
    let mut spans: Vec<(String, bool)> = Vec::new();
    for rest in dom.split("<span class=\"s\" title=\"").skip(1) {
        let (title, after) = rest.split_once('"').unwrap();
        let tag_end = after.find('>').unwrap();
        let span = (title.to_string(), after[..tag_end].contains("background:#"));
        match spans.iter().find(|(seen, _)| seen == title) {
            Some(seen) => assert_eq!(seen, &span, "one sentence, two shades"),
            None => spans.push(span),
        }
    }
    spans
}
