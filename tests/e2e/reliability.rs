//! The real binary in a pseudo-terminal: no zero-width joiner reaches the
//! terminal, and an external SIGTSTP suspends like Ctrl-Z
//! (docs/RELIABILITY.md; the other signals are in tests/e2e.rs).

use std::time::{Duration, Instant};

use super::support::{Sandbox, TIMEOUT, screen_rows};
use super::{PHONES, PHONES_TITLE, assert_clean_exit, assert_terminal_restored};

/// The columns holding the side panel's left border on each row that has it.
fn border_columns(screen: &vt100::Screen) -> Vec<(u16, u16)> {
    let (rows, cols) = screen.size();
    (0..rows.get())
        .filter_map(|row| {
            (0..cols.get())
                .rev()
                .find(|&col| screen.cell(row, col).is_some_and(|c| c.contents() == "│"))
                .map(|col| (row, col))
        })
        .collect()
}

#[test]
fn zero_width_joiners_never_reach_the_terminal() {
    let sandbox = Sandbox::new();
    let article = sandbox.articles().join("families.md");
    let line = "A family 👨\u{200D}👩\u{200D}👧\u{200D}👦 of four, a coder 👩\u{200D}💻, a flag 🏳\u{FE0F}\u{200D}🌈.";
    let paragraphs: Vec<String> = (0..12).map(|i| format!("{i}. {line}")).collect();
    std::fs::write(
        &article,
        format!("# Families\n\n{}\n", paragraphs.join("\n\n")),
    )
    .unwrap();
    let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 120, 30);
    app.wait_for_status("Families");
    app.wait_for("of four");
    let columns = app.with_screen(border_columns);
    assert!(
        columns.len() > 10,
        "no side panel border: {columns:?}\n{}",
        app.text()
    );
    let first = columns[0].1;
    assert!(
        columns.iter().all(|&(_, col)| col == first),
        "the border moved: {columns:?}\n{}",
        app.text()
    );
    app.send("L");
    app.wait_for("Enter open");
    app.send("q");
    assert_clean_exit(&mut app);
    // Terminals differ on joined sequences (vt100 joins them, many draw
    // each part), so none is sent: each cell's width is then the same for all.
    let raw = String::from_utf8_lossy(&app.raw_output()).into_owned();
    assert!(
        !raw.contains('\u{200D}'),
        "a zero-width joiner reached the terminal"
    );
    assert!(raw.contains('👨'), "the emoji are not drawn at all");
}

/// `kill -TSTP` from outside stops the reader the way Ctrl-Z does: the
/// terminal is given back (cooked, main screen, no mouse) while it is
/// stopped, and on SIGCONT it takes the terminal again and redraws.
#[test]
fn an_external_sigtstp_suspends_like_ctrl_z() {
    if !std::path::Path::new("/proc/self/stat").exists() {
        eprintln!("note: no /proc here to see a stopped process; skipped");
        return;
    }
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 100, 30);
    app.wait_for_status(PHONES_TITLE);
    app.signal("TSTP");
    wait_for("the program to stop", || app.process_state() == Some('T'));
    app.wait_until("the main screen while stopped", |s| !s.alternate_screen());
    assert_terminal_restored(&app);

    app.signal("CONT");
    // Entering the alternate screen again clears it: the status line must
    // be drawn anew.
    app.wait_until("a full redraw after SIGCONT", |screen| {
        screen.alternate_screen()
            && screen_rows(screen)
                .last()
                .is_some_and(|s| s.contains(PHONES_TITLE))
    });
    assert_ne!(app.modes(), app.modes_at_start(), "not back in raw mode");
    app.send("L");
    app.wait_for("Enter open");
    app.send("q");
    assert_clean_exit(&mut app);
    assert_terminal_restored(&app);
}

fn wait_for(what: &str, ready: impl Fn() -> bool) {
    let deadline = Instant::now() + TIMEOUT;
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A file with one id on two annotations: the reader says so, gives the
/// second its own id in the file at once, and quits without a warning
/// about changes the reader never made.
#[test]
fn the_reader_mends_duplicate_ids_and_says_so() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let text = marginalia::article::load_path(&article).unwrap().text;
    let file = super::sidecar(&article);
    let mut store = marginalia::annotate::Store::open(&file, &text).unwrap();
    let first = text.find('.').unwrap() + 1;
    let a = store.add("claim", 0..first, "Ada").unwrap();
    let second = text[first..].find('.').unwrap() + first + 1;
    let b = store.add("opinion", first + 1..second, "Ada").unwrap();
    store.save().unwrap();
    let json = std::fs::read_to_string(&file).unwrap().replace(&b, &a);
    std::fs::write(&file, json).unwrap();

    let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 120, 30);
    app.wait_for("shared an id");
    let saved = std::fs::read_to_string(&file).unwrap();
    let ids: Vec<String> = super::annotations(&saved)
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1], "{saved}");
    app.send("L");
    app.wait_for("Enter open");
    app.send("q");
    assert_clean_exit(&mut app);
}
