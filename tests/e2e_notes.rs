//! End to end, in a pseudo-terminal: annotating as Hypothesis users expect
//! (issue 17): plain notes, several labels on a passage, the list of every
//! annotation with a search, moving between annotated passages, the note
//! editor, and passages re-anchored after the article was edited.

#[allow(dead_code)]
mod support;

use support::{Sandbox, Session, assert_clean_exit, find_on_screen, screen_rows, wait_for_file};

const PHONES: &str = "lock-the-phones-not-the-students.md";
const PHONES_TITLE: &str = "Lock the Phones, Not the Students";
const FIRST: &str = "Two years ago I would have told you";

fn annotations(sidecar: &std::path::Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(sidecar).unwrap_or_default();
    serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|json| json["annotations"].as_array().cloned())
        .unwrap_or_default()
}

fn labels_of(annotation: &serde_json::Value) -> Vec<&str> {
    annotation["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect()
}

fn quit(mut app: Session) {
    app.send("\x03");
    assert_clean_exit(&mut app);
}

/// `a` on untagged text opens the editor at once: what is typed next is
/// the note (`t` and `x` are no longer commands), the file holds it with
/// no label, and an editor closed empty leaves nothing.
#[test]
fn a_on_untagged_text_opens_a_plain_note_at_once() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let sidecar = article.with_file_name(format!("{PHONES}.marginalia.json"));
    let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 130, 30);
    app.wait_for_status(PHONES_TITLE);
    app.send(")a");
    app.wait_for("✎ note on the passage");
    app.send("text, then export?");
    app.wait_for("text, then export?");
    app.send("\x1b");
    let screen = app.wait_gone("✎ note on the passage");
    assert!(screen.contains("✎ note"), "the panel lists it:\n{screen}");
    wait_for_file(&sidecar, "the plain note", |_| {
        annotations(&sidecar)
            .iter()
            .any(|a| a["note"] == "text, then export?" && labels_of(a).is_empty())
    });
    let saved = annotations(&sidecar);
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert!(
        saved[0]["anchor"]["quote"]
            .as_str()
            .unwrap()
            .starts_with(FIRST)
    );

    // Closed without a word: nothing is kept.
    app.send(")a");
    app.wait_for("✎ note on the passage");
    app.send("\x1b");
    app.wait_for_status("empty note: nothing kept");
    wait_for_file(&sidecar, "still one annotation", |_| {
        annotations(&sidecar).len() == 1
    });
    quit(app);
}

/// A label key on a tagged passage adds that label or takes it off; the
/// margin shows every label's glyph.
#[test]
fn a_label_key_toggles_its_label_and_the_margin_shows_each() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let sidecar = article.with_file_name(format!("{PHONES}.marginalia.json"));
    let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 130, 30);
    app.wait_for_status(PHONES_TITLE);
    app.send(")1");
    app.wait_for_status("tagged as claim");
    app.send("3");
    app.wait_for_status("added speculation: now claim, speculation");
    let screen = app.wait_until("both glyphs in the margin", |screen| {
        screen_rows(screen)
            .iter()
            .any(|row| row.trim_start().starts_with("◆▲Two years ago"))
    });
    assert!(screen.contains("◆ claim ▲ speculation"), "{screen}");
    wait_for_file(&sidecar, "two labels", |_| {
        annotations(&sidecar)
            .first()
            .is_some_and(|a| labels_of(a) == ["claim", "speculation"])
    });
    app.send("1");
    app.wait_for_status("removed claim: now speculation");
    wait_for_file(&sidecar, "one label left", |_| {
        annotations(&sidecar)
            .first()
            .is_some_and(|a| labels_of(a) == ["speculation"])
    });
    app.send("3");
    app.wait_for_status("removed speculation: nothing left on the passage");
    wait_for_file(&sidecar, "no annotation", |_| {
        annotations(&sidecar).is_empty()
    });
    quit(app);
}

/// `A` lists every annotation in reading order; `/` searches quotes and
/// notes as it is typed; Enter keeps the search, and Enter again jumps.
#[test]
fn the_list_shows_every_annotation_in_reading_order_and_searches_it() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 130, 30);
    app.wait_for_status(PHONES_TITLE);
    // Tagged out of reading order: the third paragraph first.
    app.send("}}}2");
    app.wait_for_status("tagged as opinion");
    app.send("g)1");
    app.wait_for_status("tagged as claim");
    app.send("}a");
    app.wait_for("✎ note on the passage");
    app.send("which lunch hall?");
    app.wait_for("which lunch hall?");
    app.send("\x1b");
    app.wait_gone("✎ note on the passage");
    app.send("A");
    let screen = app.wait_for("Annotations in reading order: 3 of 3");
    let row_of = |needle: &str| {
        find_on_screen(&app.with_screen(|s| s.clone()), needle)
            .unwrap_or_else(|| panic!("{needle} not listed:\n{screen}"))
            .0
    };
    let (claim, note, opinion) = (row_of("◆ claim"), row_of("✎ note"), row_of("● opinion"));
    assert!(claim < note && note < opinion, "reading order:\n{screen}");

    // "lunch" is in the note only (the claim's passage and the opinion's
    // do not have it), and so is "lunch hall"; backspace widens it again.
    app.send("/lunch");
    app.wait_for("1 of 3 (all labels, “lunch”)");
    app.send(" hall");
    let screen = app.wait_for("1 of 3 (all labels, “lunch hall”)");
    assert!(screen.contains("which lunch hall?"), "{screen}");
    app.send(&"\x7f".repeat(10));
    app.wait_for("3 of 3 (all labels)");
    app.send("hall");
    app.wait_for("1 of 3 (all labels, “hall”)");
    app.send("\r");
    app.wait_for("Enter jump · / search");
    app.send("\r");
    app.wait_gone("Annotations in reading order");
    // The cursor is on the note's passage: `a` opens that note.
    app.send("a");
    app.wait_for("✎ note on the passage");
    app.wait_for("which lunch hall?");
    app.send("\x1b");
    app.wait_gone("✎ note on the passage");
    quit(app);
}

/// `>` and `<` move the cursor from one annotated passage to the next.
#[test]
fn angle_brackets_move_between_annotated_passages() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 130, 30);
    app.wait_for_status(PHONES_TITLE);
    app.send(">");
    app.wait_for_status("no annotated passages yet");
    app.send("))1");
    app.wait_for_status("tagged as claim");
    app.send("}}3");
    app.wait_for_status("tagged as speculation");
    app.send("g>");
    app.wait_for_status("annotated passage 1 of 2: claim");
    app.send(">");
    app.wait_for_status("annotated passage 2 of 2: speculation");
    app.send(">");
    app.wait_for_status("no annotated passage after this one");
    app.send("<");
    app.wait_for_status("annotated passage 1 of 2: claim");
    // The cursor is there: its label key takes the label off again.
    app.send("1");
    app.wait_for_status("removed claim");
    quit(app);
}

/// The editor is as wide as the window allows, wraps a long line and a
/// CJK line instead of scrolling them sideways, and shows its whole title,
/// at 60 columns and at 200.
#[test]
fn the_note_editor_wraps_cjk_and_shows_its_whole_title() {
    for (cols, rows) in [(60, 20), (200, 40)] {
        let sandbox = Sandbox::new();
        let article = sandbox.shipped_article(PHONES);
        let mut app = sandbox.marginalia(&[article.to_str().unwrap()], cols, rows);
        app.wait_for_status(PHONES_TITLE);
        app.send(")1");
        app.wait_for_status("tagged as claim");
        app.send("3");
        app.wait_for_status("added speculation");
        app.send("a");
        let title = "✎ note on ◆ claim ▲ speculation";
        app.wait_for(title);
        let screen = app.wait_for("Esc done");
        assert!(
            screen.contains(&format!("{title} ─")),
            "{cols}: the title is whole:\n{screen}"
        );
        assert!(screen.contains("Esc done"), "{cols}:\n{screen}");
        let long = "The lunch hall figure comes from one school in one term, and \
                    the column never says how the noise was measured ENDWORD";
        app.send(long);
        app.send("\r");
        app.send("東京の家賃は二倍になるだろうと大臣は言ったが、出典はない。🏠");
        app.send("\r");
        app.send("last line");
        let screen = app.wait_for("last line");
        // Nothing scrolled out of sight sideways: the first words, the last
        // word of the long line and both ends of the CJK line all show.
        for shown in ["The lunch hall", "ENDWORD", "東京の家賃", "出典", "🏠"] {
            assert!(screen.contains(shown), "{cols}: {shown} missing:\n{screen}");
        }
        if cols == 60 {
            let rows_with = |needle: &str| {
                screen_rows(&app.with_screen(|s| s.clone()))
                    .iter()
                    .filter(|row| row.contains(needle))
                    .count()
            };
            assert_eq!(rows_with("ENDWORD"), 1);
            assert!(
                find_on_screen(&app.with_screen(|s| s.clone()), "ENDWORD")
                    .unwrap()
                    .0
                    > find_on_screen(&app.with_screen(|s| s.clone()), "The lunch hall")
                        .unwrap()
                        .0,
                "the long line wraps onto later rows:\n{screen}"
            );
        }
        app.send("\x1b");
        app.wait_gone(title);
        quit(app);
    }
}

/// After the article is edited, a re-anchored passage's entry shows the
/// text as it reads now with a mark, and `Q` shows the quote it was made on.
#[test]
fn a_reworded_passage_shows_its_text_now_and_the_old_quote_on_q() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let path = article.to_str().unwrap();
    let sidecar = article.with_file_name(format!("{PHONES}.marginalia.json"));
    let mut app = sandbox.marginalia(&[path], 130, 30);
    app.wait_for_status(PHONES_TITLE);
    app.send("))1");
    app.wait_for_status("tagged as claim");
    wait_for_file(&sidecar, "the tag", |_| annotations(&sidecar).len() == 1);
    quit(app);
    let quote = annotations(&sidecar)[0]["anchor"]["quote"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(quote.starts_with("I was wrong"), "{quote}");

    // The article is edited: a sentence before, a word in the passage.
    let text = std::fs::read_to_string(&article).unwrap();
    let edited = text
        .replacen(FIRST, &format!("An editor's note was added. {FIRST}"), 1)
        .replacen("I was wrong, or at least", "I was mistaken, or at least", 1);
    std::fs::write(&article, edited).unwrap();

    let mut app = sandbox.marginalia(&[path], 130, 30);
    app.wait_for("≈ reworded");
    let screen = app.wait_for("Q shows the quote");
    assert!(
        screen.contains("“I was mistaken, or at"),
        "the text now:\n{screen}"
    );
    assert!(screen.contains("Q shows the quote"), "{screen}");
    assert!(!screen.contains("was: “I was wrong"), "{screen}");
    app.send("Q");
    let screen = app.wait_for("was: “I was wrong");
    assert!(screen.contains("“I was mistaken, or at"), "{screen}");
    app.send("Q");
    app.wait_gone("was: “I was wrong");
    quit(app);
}
