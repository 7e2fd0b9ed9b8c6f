//! `export --format html` in a real browser: a teacher's key on a shipped
//! article, exported by the binary, rendered by headless Chromium. The page
//! must show every passage with its glyph and number and every note, ask
//! for nothing over the network, and print to PDF.
//!
//! `MARGINALIA_DOCS_SCREENSHOT=1 cargo test --test html_export` refreshes
//! `docs/export-html.png` from the same page.

#[path = "support/browser.rs"]
mod browser;

use std::path::{Path, PathBuf};
use std::process::Command;

use browser::Chromium;

const ARTICLE: &str = "articles/the-case-for-boring-bike-lanes.md";
const KEY: &str = "examples/keys/the-case-for-boring-bike-lanes.md.key.json";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The export, as the command writes it, with the config and state folders
/// kept out of the user's.
fn exported_page(home: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .current_dir(repo())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("MARGINALIA_STATE_DIR", home.join("state"))
        .args(["export", ARTICLE, "--annotations", KEY, "--format", "html"])
        .output()
        .expect("run marginalia");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("the page is UTF-8")
}

fn key_annotations() -> Vec<serde_json::Value> {
    let key: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join(KEY)).unwrap()).unwrap();
    key["annotations"].as_array().unwrap().clone()
}

#[test]
fn the_page_holds_every_passage_and_note() {
    let home = tempfile::tempdir().unwrap();
    let html = exported_page(home.path());
    let annotations = key_annotations();
    // Each passage opens once with its glyph (and may continue past markup).
    assert_eq!(
        html.matches("<span class=\"glyph\" aria-hidden=\"true\">")
            .count(),
        annotations.len()
    );
    for annotation in &annotations {
        let note = annotation["note"].as_str().unwrap();
        let first_line = note.lines().next().unwrap_or("");
        let escaped = first_line
            .replace('&', "&amp;")
            .replace('\'', "&#39;")
            .replace('"', "&quot;");
        assert!(html.contains(&escaped), "note missing: {first_line}");
    }
}

#[test]
fn the_page_renders_prints_and_asks_for_nothing() {
    let Some(chromium) = Chromium::find("the_page_renders_prints_and_asks_for_nothing") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let html = exported_page(home.path());
    let dom = chromium.dump_dom(&html);
    dom.assert_self_contained();
    assert!(dom.console.is_empty(), "{:?}", dom.console);
    let annotations = key_annotations();
    // The browser built every highlight and note the export wrote.
    assert_eq!(
        dom.stdout.matches("<sup class=\"ref\">").count(),
        annotations.len()
    );
    let notes = annotations
        .iter()
        .filter(|a| !a["note"].as_str().unwrap_or("").trim().is_empty())
        .count();
    assert_eq!(dom.stdout.matches("<div class=\"note ").count(), notes);
    for text in [
        "The Case for Boring Bike Lanes",
        "By Marta Okonjo-Reyes",
        "Balance of labels by section",
        "Harbour Road",
    ] {
        assert!(dom.stdout.contains(text), "{text} is not on the page");
    }
    assert!(!dom.stdout.contains("<script"));

    let dir = tempfile::tempdir().unwrap();
    let (pdf, printed) = chromium.print_to_pdf(&html, &dir.path().join("export.pdf"));
    printed.assert_self_contained();
    let pages = browser::pdf_page_count(&pdf);
    assert!((2..=12).contains(&pages), "{pages} pages");

    let png: PathBuf = if std::env::var_os("MARGINALIA_DOCS_SCREENSHOT").is_some() {
        repo().join("docs/export-html.png")
    } else {
        dir.path().join("export.png")
    };
    chromium
        .screenshot(&html, &png, 1100, 1600)
        .assert_self_contained();
}
