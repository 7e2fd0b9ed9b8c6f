//! End to end: the real binary in a pseudo-terminal, driven by keys, read
//! back from a vt100 screen. Each test is something a reader relies on.

#[allow(dead_code)]
mod support;

#[path = "e2e/keys.rs"]
mod keys;
#[path = "e2e/kill.rs"]
mod kill;
#[path = "e2e/long.rs"]
mod long;
#[path = "e2e/long_note.rs"]
mod long_note;
#[path = "e2e/reliability.rs"]
mod reliability;

use std::collections::BTreeMap;
use std::path::Path;

use support::{
    RATATUI_FRAME_END, Sandbox, Session, assert_clean_exit, find_on_screen, marginalia_bin,
    screen_rows, wait_for_file,
};

const PHONES: &str = "lock-the-phones-not-the-students.md";
const PHONES_TITLE: &str = "Lock the Phones, Not the Students";

/// The sidecar file marginalia keeps beside an article.
fn sidecar(article: &Path) -> std::path::PathBuf {
    let mut name = article.file_name().expect("a file name").to_os_string();
    name.push(".marginalia.json");
    article.with_file_name(name)
}

fn annotations(sidecar_text: &str) -> Vec<serde_json::Value> {
    let json: serde_json::Value =
        serde_json::from_str(sidecar_text).expect("the sidecar file is JSON");
    json["annotations"]
        .as_array()
        .expect("an annotations array")
        .clone()
}

/// The terminal is as it was before the program started: main screen,
/// visible cursor, no mouse reporting, cooked line discipline.
fn assert_terminal_restored(session: &Session) {
    session.with_screen(|screen| {
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "the cursor is still hidden");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting is still on"
        );
    });
    assert_eq!(
        session.modes(),
        session.modes_at_start(),
        "the terminal's modes (raw mode?) were not restored"
    );
}

#[test]
fn a_reading_session_from_library_to_quit() {
    let sandbox = Sandbox::new();
    for name in [
        PHONES,
        "give-the-four-day-week-a-fair-trial.txt",
        "the-case-for-boring-bike-lanes.md",
    ] {
        sandbox.shipped_article(name);
    }
    let mut app = sandbox.marginalia(&["articles"], 100, 30);

    let library = app.wait_for("3 articles");
    for title in [
        PHONES_TITLE,
        "Give the Four-Day Week a Fair Trial",
        "The Case for Boring Bike Lanes",
    ] {
        assert!(library.contains(title), "{title} is not listed:\n{library}");
    }

    // Filter down to one article and open it.
    app.send("/phones\r");
    app.wait_for("1 of 3 match \"phones\"");
    app.send("\r");
    let first = app.wait_for_status("0%");
    assert!(app.status_line().contains(PHONES_TITLE), "{first}");

    app.send("G");
    app.wait_for_status("100%");

    app.send("o");
    let outline = app.wait_for("Outline");
    for section in [
        "What Happened at Allenfo",
        "How to Do It Well",
        "Where I Land",
    ] {
        assert!(
            outline.contains(section),
            "{section} not in the outline:\n{outline}"
        );
    }
    app.send("o");
    app.wait_gone("Outline");

    app.send("g");
    app.wait_for_status("0%");
    app.send("]");
    app.wait_for_status("› What Happened at Allenford High");

    // A word that appears once, far below the first screen.
    assert!(!app.text().contains("lockdowns"));
    app.send("/lockdowns");
    app.wait_for_status("1/1");
    app.send("\r");
    app.wait_for_status("› The Objection I Take Seriously");
    assert!(app.text().contains("lockdowns"));

    app.send("?");
    let help = app.wait_for("this help");
    for row in ["next section", "search", "scroll down a line"] {
        assert!(help.contains(row), "{row} missing from the help:\n{help}");
    }
    app.send("\x1b");
    app.wait_gone("this help");

    app.send("t");
    app.wait_for_status("theme: dark");

    app.send("q");
    app.wait_for("Enter open");
    app.send("q");
    assert_clean_exit(&mut app);
    assert_terminal_restored(&app);
}

/// The longest run of text on any row that holds part of the article's
/// first paragraph.
fn first_paragraph_width(screen: &vt100::Screen) -> Option<usize> {
    screen_rows(screen)
        .iter()
        .find(|row| row.trim_start().starts_with("Two years ago"))
        .map(|row| row.trim().chars().count())
}

#[test]
fn resizing_rewraps_the_text_and_never_panics() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 100, 30);
    app.wait_for_status(PHONES_TITLE);
    let wide = app
        .with_screen(first_paragraph_width)
        .expect("the first paragraph");
    assert!(wide > 60, "an 80-column text wraps at {wide}");

    app.resize(40, 12);
    app.wait_until("the text to rewrap at 40 columns", |screen| {
        first_paragraph_width(screen).is_some_and(|w| w <= 36)
            && screen_rows(screen)
                .last()
                .is_some_and(|s| s.contains("help"))
    });

    app.resize(140, 40);
    app.wait_until("the text to rewrap at 140 columns", |screen| {
        first_paragraph_width(screen) == Some(wide)
            && screen_rows(screen)
                .last()
                .is_some_and(|s| s.contains(PHONES_TITLE))
    });

    app.resize(20, 5);
    app.wait_until("a 20×5 screen with a status line", |screen| {
        screen_rows(screen)
            .last()
            .is_some_and(|s| s.contains("help"))
    });
    // Keys and overlays still work in a tiny window.
    for keys in ["j", "G", "o", "o", "?"] {
        app.send(keys);
    }
    app.wait_for("Keys");
    app.send("x");
    app.wait_gone("Keys");

    app.resize(100, 30);
    app.wait_until("the full screen to come back", |screen| {
        screen_rows(screen)
            .last()
            .is_some_and(|s| s.contains("100%"))
    });
    assert!(!app.text().contains("panicked"));
    app.send("L");
    app.wait_for("Enter open");
    app.send("q");
    assert_clean_exit(&mut app);
}

#[test]
fn quitting_restores_the_terminal() {
    let sandbox = Sandbox::new();
    sandbox.shipped_article(PHONES);
    let mut app = sandbox.marginalia(&["articles"], 100, 30);
    app.wait_for("1 articles");
    // While running, the program has the terminal to itself; the checks
    // after exit would mean nothing otherwise.
    app.with_screen(|screen| {
        assert!(screen.alternate_screen());
        assert!(screen.hide_cursor());
        assert_ne!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
    });
    assert_ne!(app.modes(), app.modes_at_start(), "raw mode is on");
    app.send("\r");
    app.wait_for_status(PHONES_TITLE);
    app.send("q");
    app.wait_for("Enter open");
    app.send("q");
    assert_clean_exit(&mut app);
    assert_terminal_restored(&app);
}

#[test]
fn a_panic_restores_the_terminal_and_says_why() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let mut command = sandbox.command(marginalia_bin(), &[article.to_str().unwrap()]);
    command.env("MARGINALIA_TEST_PANIC", "1");
    let mut app = Session::spawn(command, 100, 30, Some(RATATUI_FRAME_END));
    let status = app.wait_exit();
    assert!(!status.success(), "a panic is a failure exit");
    assert!(
        app.text().contains("panicking after the first frame"),
        "{}",
        app.text()
    );
    assert!(app.frame_count() > 0, "the program drew before panicking");
    assert_terminal_restored(&app);
}

/// Ctrl-Z hands the terminal back, stops until SIGCONT (a shell's `fg`),
/// and the program takes the terminal again and redraws everything.
#[test]
fn ctrl_z_hands_the_terminal_back_and_redraws_on_resume() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 100, 30);
    app.wait_for_status(PHONES_TITLE);
    let before = app.raw_output().len();
    app.send("\x1a");
    // The terminal is handed back (alternate screen left) while stopped,
    // then taken again on SIGCONT.
    app.wait_until("the main screen after Ctrl-Z", |s| !s.alternate_screen());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while app.process_state().is_some_and(|state| state != 'T') {
        assert!(
            std::time::Instant::now() < deadline,
            "Ctrl-Z did not stop the program"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    app.signal("CONT");
    loop {
        let after = app.raw_output()[before..].to_vec();
        let left = find(&after, b"\x1b[?1049l");
        let back = left.and_then(|at| find(&after[at..], b"\x1b[?1049h"));
        if back.is_some() {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no suspend and resume after Ctrl-Z"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    app.wait_until("a full redraw after Ctrl-Z", |screen| {
        screen.alternate_screen()
            && screen_rows(screen)
                .last()
                .is_some_and(|s| s.contains(PHONES_TITLE))
    });
    app.send("j");
    app.send("L");
    app.wait_for("Enter open");
    app.send("q");
    assert_clean_exit(&mut app);
    assert_terminal_restored(&app);
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Every signal whose default would end the program in raw mode ends it
/// cleanly instead (INT, QUIT and USR1 used to leave raw mode, the
/// alternate screen and mouse capture on).
#[test]
fn terminating_signals_leave_cleanly() {
    for signal in ["TERM", "HUP", "INT", "QUIT", "USR1"] {
        let sandbox = Sandbox::new();
        let article = sandbox.shipped_article(PHONES);
        let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 100, 30);
        app.wait_for_status(PHONES_TITLE);
        app.signal(signal);
        assert_clean_exit(&mut app);
        assert_terminal_restored(&app);
    }
}

/// A closed terminal window: the program must not outlive it.
#[test]
fn closing_the_terminal_ends_the_program() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 100, 30);
    app.wait_for_status(PHONES_TITLE);
    app.hang_up();
    app.wait_exit();
}

/// Reads where the reader left `article`, from the reader's memory file.
fn remembered_offset(sandbox: &Sandbox, article: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(sandbox.state().join("memory.json")).ok()?;
    let memory: serde_json::Value = serde_json::from_str(&text).ok()?;
    let key = std::fs::canonicalize(article).ok()?;
    memory["positions"][key.to_str()?].as_u64()
}

#[test]
fn quitting_remembers_the_reading_place() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 100, 30);
    app.wait_for_status(PHONES_TITLE);
    app.send("G");
    app.wait_for_status("100%");
    app.send("L");
    app.wait_for("Enter open");
    app.send("q");
    assert_clean_exit(&mut app);
    assert!(remembered_offset(&sandbox, &article).is_some_and(|at| at > 0));

    let mut again = sandbox.marginalia(&[article.to_str().unwrap()], 100, 30);
    again.wait_for_status("100%");
    again.send("L");
    again.wait_for("Enter open");
    again.send("q");
    assert_clean_exit(&mut again);
}

#[test]
fn closing_the_terminal_remembers_the_reading_place() {
    for signal in ["TERM", "HUP"] {
        let sandbox = Sandbox::new();
        let article = sandbox.shipped_article(PHONES);
        let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 100, 30);
        app.wait_for_status(PHONES_TITLE);
        app.send("G");
        app.wait_for_status("100%");
        app.signal(signal);
        assert_clean_exit(&mut app);
        assert!(
            remembered_offset(&sandbox, &article).is_some_and(|at| at > 0),
            "after SIG{signal} the place is forgotten"
        );
    }
}

#[test]
fn tags_and_a_note_survive_a_restart() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let path = article.to_str().unwrap();
    let mut app = sandbox.marginalia(&[path], 130, 30);
    app.wait_for_status(PHONES_TITLE);

    // The title as a claim, the next sentence as an opinion, and a
    // selection grown by two words as speculation.
    app.send("1");
    app.wait_for_status("tagged as claim");
    app.send(")");
    app.wait_gone("tagged as claim");
    app.send("2");
    app.wait_for_status("tagged as opinion");
    app.send(")");
    app.wait_gone("tagged as opinion");
    app.send("v");
    app.wait_for_status("SELECT");
    app.send("ww3");
    app.wait_for_status("tagged as speculation");

    app.send("a");
    app.wait_for("note on ▲ speculation");
    app.send("hedged: no source given");
    app.wait_for("hedged: no source given");
    app.send("\x1b");
    app.wait_gone("note on ▲ speculation");

    app.send("L");
    app.wait_for("Enter open");
    // The list comes first; the counts fill in when counted.
    app.wait_until("the library counting the article's 3 notes", |screen| {
        screen_rows(screen)
            .iter()
            .any(|row| row.contains(PHONES_TITLE) && row.trim_end().ends_with('3'))
    });
    app.send("q");
    assert_clean_exit(&mut app);

    let saved = std::fs::read_to_string(sidecar(&article)).expect("the sidecar file");
    let annotations = annotations(&saved);
    let labels: Vec<&str> = annotations
        .iter()
        .map(|a| a["labels"][0].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["claim", "opinion", "speculation"], "{saved}");
    assert_eq!(annotations[0]["anchor"]["quote"], PHONES_TITLE);
    assert!(
        annotations[1]["anchor"]["quote"]
            .as_str()
            .unwrap()
            .starts_with("Two years ago")
    );
    assert_eq!(annotations[2]["note"], "hedged: no source given");

    let mut again = sandbox.marginalia(&[path], 130, 30);
    let screen = again.wait_for("hedged: no source given");
    for shown in ["◆ claim", "● opinion", "▲ speculation"] {
        assert!(
            screen.contains(shown),
            "{shown} not in the panel:\n{screen}"
        );
    }
    // The claim's glyph stands in the margin beside its passage.
    let title_row = screen
        .lines()
        .find(|l| l.contains(PHONES_TITLE) && !l.contains('›'))
        .expect("the title row");
    assert!(
        title_row
            .trim_start()
            .starts_with(&format!("◆{PHONES_TITLE}")),
        "{title_row}"
    );
    again.send("L");
    again.wait_for("Enter open");
    again.send("q");
    assert_clean_exit(&mut again);
}

#[test]
fn sigkill_while_typing_a_note_never_tears_the_file() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let path = article.to_str().unwrap();
    let sidecar = sidecar(&article);
    // Notes as last read from the file, by annotation id.
    let mut kept: BTreeMap<String, String> = BTreeMap::new();
    // Each round notes a different paragraph, so the file grows by one
    // annotation a round while earlier ones must stay as they were.
    for round in 0..4 {
        let mut app = sandbox.marginalia(&[path], 130, 30);
        app.wait_for_status(PHONES_TITLE);
        app.send(&"}".repeat(round));
        app.send("1");
        app.wait_for_status("tagged as claim");
        app.send("a");
        app.wait_for("note on ◆ claim");
        let first_words = format!("round {round} ");
        app.send(&first_words);
        wait_for_file(&sidecar, "the first words", |text| {
            serde_json::from_str::<serde_json::Value>(text).is_ok_and(|json| {
                json["annotations"]
                    .as_array()
                    .is_some_and(|all| all.iter().any(|a| a["note"] == first_words.as_str()))
            })
        });
        // A pause in the typing saves the file; kill the program while it
        // may be in the middle of that.
        app.send(&"and typing on ".repeat(30));
        app.signal("KILL");
        assert!(!app.wait_exit().success());

        let text = std::fs::read_to_string(&sidecar).expect("the sidecar is still there");
        let notes: BTreeMap<String, String> = annotations(&text)
            .iter()
            .map(|a| {
                let id = a["id"].as_str().expect("an id").to_string();
                (id, a["note"].as_str().expect("a note").to_string())
            })
            .collect();
        assert_eq!(notes.len(), round + 1, "round {round}: {text}");
        for (id, note) in &kept {
            assert_eq!(
                notes.get(id),
                Some(note),
                "round {round}: an earlier note changed"
            );
        }
        let new: Vec<&String> = notes
            .iter()
            .filter(|(id, _)| !kept.contains_key(*id))
            .map(|(_, note)| note)
            .collect();
        assert!(
            new.len() == 1 && new[0].starts_with(&first_words),
            "round {round}: the new note lost what was saved: {new:?}"
        );
        kept = notes;
    }

    // A fresh start reads the file the kills left behind.
    let mut app = sandbox.marginalia(&[path], 130, 30);
    app.wait_for("round 0");
    app.wait_for("round 3");
    app.send("L");
    app.wait_for("Enter open");
    app.send("q");
    assert_clean_exit(&mut app);
}

#[test]
fn the_last_keystrokes_of_a_note_are_saved_on_a_signal_and_on_esc() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let path = article.to_str().unwrap();
    let sidecar = sidecar(&article);
    let note_is = |text: &str, note: &str| {
        serde_json::from_str::<serde_json::Value>(text)
            .is_ok_and(|_| annotations(text).iter().any(|a| a["note"] == note))
    };
    for (ending, note) in [("TERM", "ended by a signal"), ("HUP", "ended by a hang-up")] {
        let mut app = sandbox.marginalia(&[path], 130, 30);
        app.wait_for_status(PHONES_TITLE);
        app.send("1");
        app.wait_for_status("tagged as claim");
        app.send("a");
        app.wait_for("note on ◆ claim");
        // No pause: the signal comes right after the last key.
        app.send(note);
        app.wait_for(note);
        app.signal(ending);
        assert_clean_exit(&mut app);
        let text = std::fs::read_to_string(&sidecar).expect("the note was saved");
        assert!(note_is(&text, note), "{ending}: {text}");
        std::fs::remove_file(&sidecar).unwrap();
    }
    let mut app = sandbox.marginalia(&[path], 130, 30);
    app.wait_for_status(PHONES_TITLE);
    app.send("1");
    app.wait_for_status("tagged as claim");
    app.send("a");
    app.wait_for("note on ◆ claim");
    app.send("closed with Esc");
    app.wait_for("closed with Esc");
    app.send("\x1b");
    app.wait_gone("note on ◆ claim");
    app.send("L");
    app.wait_for("Enter open");
    app.send("q");
    assert_clean_exit(&mut app);
    let text = std::fs::read_to_string(&sidecar).expect("the note was saved");
    assert!(note_is(&text, "closed with Esc"), "{text}");
}

/// Bytes a terminal would act on rather than show: OSC (titles, clipboard),
/// DCS, any C1 control as UTF-8, and the bidi override.
const FORBIDDEN_OUTPUT: [(&str, &[u8]); 5] = [
    ("an OSC sequence", b"\x1b]"),
    ("a DCS sequence", b"\x1bP"),
    ("a C1 CSI", "\u{9b}".as_bytes()),
    ("a C1 OSC", "\u{9d}".as_bytes()),
    ("a bidi override", "\u{202e}".as_bytes()),
];

/// What the reader itself asks the terminal once, before it draws: its
/// foreground and background colours (OSC 10 and 11, ended by BEL).
const COLOUR_QUERIES: [&[u8]; 2] = [b"\x1b]10;?\x07", b"\x1b]11;?\x07"];

fn assert_output_is_inert(session: &Session) {
    let mut raw = session.raw_output();
    for query in COLOUR_QUERIES {
        if let Some(at) = raw.windows(query.len()).position(|w| w == query) {
            raw.drain(at..at + query.len());
        }
    }
    for (what, bytes) in FORBIDDEN_OUTPUT {
        assert!(
            !raw.windows(bytes.len()).any(|w| w == bytes),
            "the program wrote {what} to the terminal"
        );
    }
    let requests = session.requests();
    assert!(
        requests.window_titles.is_empty(),
        "the window title was set: {:?}",
        requests.window_titles
    );
    assert!(
        requests.clipboard_writes.is_empty(),
        "the clipboard was written: {:?}",
        requests.clipboard_writes
    );
    let other: Vec<&String> = (requests.other_osc.iter())
        .filter(|osc| !matches!(osc.as_str(), "10;?" | "11;?"))
        .collect();
    assert!(other.is_empty(), "{other:?}");
}

#[test]
fn a_hostile_article_shows_its_escapes_as_text() {
    let sandbox = Sandbox::new();
    let article = sandbox.fixture("hostile.md");
    let mut app = sandbox.marginalia(&["articles"], 130, 30);

    let library = app.wait_for("1 articles");
    assert!(library.contains("Hostile ␛]0;pwned␇ Title"), "{library}");
    assert!(library.contains("Mallory ␛[2J␛[H"), "{library}");

    app.send("\r");
    let screen = app.wait_for_status("Hostile ␛]0;pwned␇ Title");
    for shown in [
        "Window title attack: ␛]0;pwned␇ and ␛]2;pwned2␛\\ ends here.",
        "Clipboard attack: ␛]52;c;cm0gLXJmIH4=␇ ends here.",
        "Clear screen and colour: ␛[2J␛[H␛[31mred␛[0m ends here.",
        "Device control ␛P+q544e␛\\ section",
        "C1 controls: <U+009B>31m and <U+009D>0;c1title␇ and <U+0090>dcs<U+009C>",
        "Bidi override: abc<U+202E>def<U+202C> ends here.",
    ] {
        assert!(screen.contains(shown), "missing {shown:?}:\n{screen}");
    }
    // Nothing was cleared: the heading above the clear-screen line is still
    // there. Nothing was recoloured: "red" looks like the rest of its line.
    app.with_screen(|screen| {
        let (row, col) = find_on_screen(screen, "Clear screen").expect("the line");
        let (heading_row, _) = find_on_screen(screen, "Hostile ␛]0;pwned␇ Title").unwrap();
        assert!(heading_row < row, "the heading went missing");
        let (red_row, red_col) = find_on_screen(screen, "mred").expect("the word");
        assert_eq!(row, red_row);
        let plain = screen.cell(row, col).expect("a cell");
        let red = screen.cell(red_row, red_col + 1).expect("a cell");
        assert_eq!(
            (red.fgcolor(), red.bgcolor()),
            (plain.fgcolor(), plain.bgcolor())
        );
    });

    // A note typed with C1 controls and a bidi override (pasted, say).
    app.send("1");
    app.wait_for_status("tagged as claim");
    app.send("a");
    app.wait_for("note on ◆ claim");
    app.send("note \u{9b}2J \u{202e}evil \u{9d}0;pwned end");
    app.wait_for("end");
    app.send("\x1b");
    let screen = app.wait_gone("note on ◆ claim");
    // The panel wraps the note; each half shows its stand-ins.
    for shown in ["note <U+009B>2J <U+202E>evil", "<U+009D>0;pwned end"] {
        assert!(screen.contains(shown), "missing {shown:?}:\n{screen}");
    }

    app.send("q");
    app.wait_for("Enter open");
    app.send("q");
    assert_clean_exit(&mut app);
    assert_output_is_inert(&app);
    let saved = std::fs::read_to_string(sidecar(&article)).expect("the sidecar");
    assert_eq!(
        annotations(&saved)[0]["note"],
        "note \u{9b}2J \u{202e}evil \u{9d}0;pwned end",
        "the note is kept as written; only its display is made safe"
    );
}

/// Runs `marginalia ARGS` expecting a one-line error that mentions every
/// one of `expected`.
fn assert_refused(sandbox: &Sandbox, arg: &str, expected: &[&str]) {
    let mut app = sandbox.marginalia(&[arg], 200, 10);
    let status = app.wait_exit();
    assert!(!status.success(), "{arg}: exit status {status:?}");
    let output = String::from_utf8(app.raw_output()).expect("UTF-8 output");
    let message = output.trim_end();
    assert_eq!(
        message.lines().count(),
        1,
        "{arg}: not one line: {output:?}"
    );
    assert!(message.starts_with("marginalia: "), "{output:?}");
    for part in expected {
        assert!(message.contains(part), "{arg}: {part:?} not in {message:?}");
    }
    assert!(!output.contains("panicked"), "{output}");
    assert_terminal_restored(&app);
}

#[test]
fn bad_command_line_input_is_a_one_line_error() {
    let sandbox = Sandbox::new();
    let articles = sandbox.articles();
    std::fs::write(articles.join("photo.md"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(
        articles.join("latin1.txt"),
        b"Caf\xe9 au lait, s'il vous pla\xeet.\n",
    )
    .unwrap();
    std::fs::write(articles.join("empty.md"), b"").unwrap();

    assert_refused(
        &sandbox,
        "articles/missing.md",
        &["articles/missing.md", "no such file"],
    );
    assert_refused(
        &sandbox,
        "articles/photo.md",
        &["photo.md", "binary", "offset 8"],
    );
    assert_refused(
        &sandbox,
        "articles/latin1.txt",
        &["latin1.txt", "not UTF-8", "offset 3"],
    );
    assert_refused(&sandbox, "articles/empty.md", &["empty.md", "empty"]);

    let empty = sandbox.root().join("nothing-here");
    std::fs::create_dir(&empty).unwrap();
    let mut app = sandbox.marginalia(&["nothing-here"], 100, 30);
    app.wait_for("No articles here");
    app.send("q");
    assert_clean_exit(&mut app);
    assert_terminal_restored(&app);
}

/// The checks above would pass vacuously if the harness could not see a
/// title or clipboard request; it can.
#[test]
fn the_harness_sees_what_a_terminal_would_obey() {
    let sandbox = Sandbox::new();
    let script = r"printf '\033]0;pwned\007\033]52;c;cHduZWQ=\007done\n'";
    let mut shell = Session::spawn(sandbox.command("sh", &["-c", script]), 80, 5, None);
    shell.wait_for("done");
    shell.wait_exit();
    let requests = shell.requests();
    // OSC 0 sets both the icon name and the title.
    assert!(requests.window_titles.iter().all(|t| t == "pwned"));
    assert!(!requests.window_titles.is_empty());
    assert_eq!(requests.clipboard_writes, ["cHduZWQ="]);
}
