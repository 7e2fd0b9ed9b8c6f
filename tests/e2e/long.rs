//! A long article in the real binary: its first part shows while the whole
//! is parsed, keys that need the whole wait and follow, and the
//! annotations (placed on the whole text only) appear once it is there,
//! the annotation file untouched (docs/PERFORMANCE.md, "Large input").

use marginalia::annotate::Store;
use marginalia::article::{LONG_ARTICLE_BYTES, load_path};

use super::assert_clean_exit;
use super::support::Sandbox;

/// A plain-text book of 300 chapters, over the size shown from its first part.
fn book() -> String {
    let mut text = String::from("THE LONG BOOK\n\nby A. Writer\n\n");
    for chapter in 1..=300 {
        text.push_str(&format!("CHAPTER {chapter}\n\n"));
        for p in 1..=30 {
            text.push_str(&format!(
                "In the {p}th paragraph of chapter {chapter} the rain went on, and\n\
                 the river rose a little more under the old stone bridge.\n\n"
            ));
        }
    }
    text.push_str("CHAPTER 301\n\nThe last words of the book are these.\n");
    text
}

#[test]
fn a_long_book_shows_first_and_fills_in_with_its_annotations() {
    let sandbox = Sandbox::new();
    let article = sandbox.articles().join("long-book.txt");
    let text = book();
    assert!(text.len() > LONG_ARTICLE_BYTES);
    std::fs::write(&article, &text).unwrap();
    // An annotation deep in the book, far past the first part.
    let reading = load_path(&article).unwrap().text;
    let sidecar = marginalia::annotate::sidecar_path(&article);
    let mut store = Store::open(&sidecar, &reading).unwrap();
    let quote = "The last words of the book are these.";
    let at = reading.find(quote).unwrap();
    store.add("claim", at..at + quote.len(), "Ada").unwrap();
    store.save().unwrap();
    let saved = std::fs::read(&sidecar).unwrap();

    let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 100, 30);
    // G at once: it waits for the whole if need be, then goes there.
    app.wait_for_status("? help");
    app.send("G");
    app.wait_for(quote);
    let screen = app.wait_for_status("100%");
    assert!(
        screen.contains('◆'),
        "the deep annotation is shown:\n{screen}"
    );
    app.send("o");
    let screen = app.wait_for("CHAPTER 301");
    assert!(!screen.contains("reading…"), "{screen}");
    app.send("\x03");
    assert_clean_exit(&mut app);
    assert_eq!(
        std::fs::read(&sidecar).unwrap(),
        saved,
        "the file was rewritten"
    );
}
