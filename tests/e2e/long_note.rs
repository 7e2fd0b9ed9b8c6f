//! A long note in the real binary: typed into at its start and end (the
//! editor edits a window of it), saved on a pause on the writer thread
//! while the store keeps its old copy, and the last keystrokes saved on Esc
//! and quit, on SIGTERM and on SIGHUP, the program waiting for its writer.

use marginalia::annotate::{Store, sidecar_path};
use marginalia::article::load_path;

use super::assert_clean_exit;
use super::support::{Sandbox, wait_for_file};

const ARTICLE: &str = "The council spent $2 million on the bridge last year. Critics say the \
    figure will double. The mayor says it will not.\n\n\
    Residents were not asked. A vote is due in March.\n";

/// A note of 30,000 lines, far more than the editor's window, as one is
/// pasted in over weeks of reading.
fn long_note() -> String {
    (0..30_000)
        .map(|i| format!("{i}: the minutes of the council, checked again"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The article with its first sentence noted with `note`; the note as the
/// annotation file holds it.
fn noted_article(sandbox: &Sandbox, note: &str) -> std::path::PathBuf {
    let article = sandbox.articles().join("bridge.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let reading = load_path(&article).unwrap().text;
    let sidecar = sidecar_path(&article);
    let _ = std::fs::remove_file(&sidecar);
    let mut store = Store::open(&sidecar, &reading).unwrap();
    let first = reading.find("The council").unwrap();
    let end = reading[first..].find('.').unwrap() + first + 1;
    let id = store.add("claim", first..end, "test").unwrap();
    store.set_note(&id, note).unwrap();
    store.save().unwrap();
    article
}

fn saved_note(text: &str) -> Option<String> {
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    Some(json["annotations"][0]["note"].as_str()?.to_string())
}

#[test]
fn a_long_notes_last_keystrokes_are_saved_on_esc_and_quit_and_on_signals() {
    let sandbox = Sandbox::new();
    let note = long_note();
    for ending in ["Esc", "TERM", "HUP"] {
        let article = noted_article(&sandbox, &note);
        let sidecar = sidecar_path(&article);
        let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 100, 30);
        app.wait_for("The council spent");
        // The cursor starts on the first sentence, the one noted.
        app.send("a");
        app.wait_for("note on ◆ claim");
        // Opens at the note's end: the last line is on screen.
        app.wait_for("29999: the minutes");
        // Ctrl-Home: the note's first line, typed into.
        app.send("\x1b[1;5H");
        app.wait_for("0: the minutes");
        app.send("FIRST ");
        app.wait_for("FIRST 0: the minutes");
        // A pause saves it, from the editor, on the writer thread.
        let expected = format!("FIRST {note}");
        wait_for_file(&sidecar, "the pause's save", |text| {
            saved_note(text).is_some_and(|n| n == expected)
        });
        // Ctrl-End: back to the end, and the last keys, with no pause.
        app.send("\x1b[1;5F");
        app.wait_for("29999: the minutes");
        app.send(" LAST");
        app.wait_for("again LAST");
        match ending {
            "Esc" => {
                app.send("\x1b");
                app.wait_gone("note on ◆ claim");
                app.send("q");
            }
            signal => app.signal(signal),
        }
        assert_clean_exit(&mut app);
        let text = std::fs::read_to_string(&sidecar).unwrap();
        assert_eq!(
            saved_note(&text).as_deref(),
            Some(format!("FIRST {note} LAST").as_str()),
            "{ending}: the last keys"
        );
    }
}
