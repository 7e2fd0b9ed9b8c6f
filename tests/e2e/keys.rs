//! The real binary in a pseudo-terminal, keys as less and glow users
//! expect them: `q` on a file, the help, the status line's mode hints,
//! search positions and history, the library's order, and the byline.

use super::support::{Sandbox, Session};
use super::{PHONES, PHONES_TITLE, assert_clean_exit, assert_terminal_restored};

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const END: &str = "\x1b[F";
const HOME: &str = "\x1b[H";
const PAGE_DOWN: &str = "\x1b[6~";
const ESC: &str = "\x1b";

fn phones(sandbox: &Sandbox, cols: u16, rows: u16) -> Session {
    let article = sandbox.shipped_article(PHONES);
    let app = sandbox.marginalia(&[article.to_str().unwrap()], cols, rows);
    app.wait_for_status(PHONES_TITLE);
    app
}

/// Sends a lone Esc, then waits a moment so the next key is not read
/// with it as an Alt chord.
fn escape(app: &mut Session, then_gone: &str) {
    app.send(ESC);
    app.wait_gone(then_gone);
}

#[test]
fn q_quits_a_reader_started_on_a_file_and_l_reaches_the_library() {
    let sandbox = Sandbox::new();
    sandbox.shipped_article("the-case-for-boring-bike-lanes.md");
    let mut app = phones(&sandbox, 100, 30);
    app.wait_for_status("L library");
    app.send("L");
    let library = app.wait_for("2 articles");
    assert!(
        library.contains("The Case for Boring Bike Lanes"),
        "{library}"
    );
    // Back in an article reached from the library, q goes back to it.
    app.send("\r");
    app.wait_for_status("0%");
    let status = app.status_line();
    assert!(!status.contains("L library"), "{status}");
    app.send("q");
    app.wait_for("2 articles");
    app.send("q");
    assert_clean_exit(&mut app);

    let mut app = phones(&sandbox, 100, 30);
    app.send("q");
    assert_clean_exit(&mut app);
    assert_terminal_restored(&app);
}

/// Which lines of the help show, from its bottom border ("1–28 of 118").
fn help_position(screen: &vt100::Screen) -> Option<String> {
    super::support::screen_rows(screen)
        .iter()
        .filter(|row| row.contains('┘'))
        .find_map(|row| {
            row.split('┘')
                .next()?
                .rsplit('─')
                .next()
                .map(str::to_string)
        })
        .filter(|p| p.contains(" of "))
}

/// Pages down the help until `text` shows; fails if its end comes first.
fn scroll_help_to(app: &mut Session, text: &str) {
    for _ in 0..40 {
        if app.text().contains(text) {
            return;
        }
        let before = app.with_screen(help_position);
        app.send("j");
        app.wait_until("the help to scroll", |screen| {
            help_position(screen) != before
        });
    }
    panic!("{text} never showed in the help:\n{}", app.text());
}

#[test]
fn the_help_scrolls_at_every_size_and_lists_every_context() {
    let sandbox = Sandbox::new();
    let mut app = phones(&sandbox, 110, 32);
    app.send("?");
    let first = app.wait_for("Reading:");
    assert!(
        first.contains(" of "),
        "no position, so no scrolling:\n{first}"
    );
    assert!(!first.contains("Anywhere:"), "{first}");
    app.send(END);
    // Waited for whole: a frame read while it is drawn may show the
    // heading before the rows under it.
    let end = app.wait_for("Ctrl-c  quit");
    assert!(end.contains("Anywhere:"), "{end}");
    app.send(HOME);
    app.wait_for("Reading:");
    app.send(PAGE_DOWN);
    app.wait_gone("Reading:");
    app.send(HOME);
    app.wait_for("Reading:");
    for heading in [
        "While selecting",
        "In the outline",
        "Typing a search:",
        "In the list of annotations",
        "Writing a note",
        "In the library",
        "Typing a filter (the library's",
        "In this help and the statistics",
        "Anywhere:",
    ] {
        scroll_help_to(&mut app, heading);
    }
    escape(&mut app, "Anywhere:");

    // In a narrow window, a long description wraps under its own column.
    app.resize(60, 20);
    app.send("?");
    app.wait_for("Reading:");
    // The row after it in view means all of it is.
    scroll_help_to(&mut app, "the library: the");
    let rows = app.rows();
    let at = rows
        .iter()
        .position(|r| r.contains("quit when the reader"))
        .expect("the q row");
    let column = rows[at].find("quit when").unwrap();
    let next = &rows[at + 1];
    assert!(
        next.get(column..column + 1).is_some_and(|c| c != " ") && next[..column].ends_with(' '),
        "the wrapped part is not under the description:\n{}\n{next}",
        rows[at]
    );
}

#[test]
fn the_status_line_shows_each_modes_keys_for_as_long_as_it_lasts() {
    let sandbox = Sandbox::new();
    let mut app = phones(&sandbox, 100, 30);
    app.send("v");
    app.wait_for_status("SELECT");
    for _ in 0..3 {
        app.send("w");
        std::thread::sleep(std::time::Duration::from_millis(50));
        let status = app.wait_for_status("SELECT");
        assert!(status.contains("Esc cancel"), "{status}");
    }
    escape(&mut app, "SELECT");
    app.send("o");
    let status = app.wait_for_status("OUTLINE");
    assert!(status.contains("Enter jump"), "{status}");
    app.send("j");
    app.wait_for_status("OUTLINE");
    app.send("o");
    app.wait_gone("OUTLINE");
    app.send("/");
    let status = app.wait_for_status("Esc back");
    assert!(status.contains("history"), "{status}");
    escape(&mut app, "Esc back");
    app.send("A");
    app.wait_for_status("LIST");
    escape(&mut app, "LIST");
    app.send("1");
    app.wait_for_status("tagged as claim");
    app.send("a");
    app.wait_for_status("NOTE");
    app.send("Checked.");
    app.wait_for_status("NOTE");
    escape(&mut app, "NOTE");
}

#[test]
fn search_says_where_it_is_and_keeps_a_history_across_runs() {
    let sandbox = Sandbox::new();
    let mut app = phones(&sandbox, 100, 30);
    app.send("/the");
    app.wait_for_status("/the▏  ");
    app.send("\r");
    // "1/N  0%": the count whole, not a frame still arriving.
    let count_in = |status: &str| {
        let after = status.split(" 1/").nth(1)?;
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        (!digits.is_empty() && after[digits.len()..].starts_with("  ")).then_some(digits)
    };
    app.wait_until("the first match's position", |screen| {
        super::support::screen_rows(screen)
            .last()
            .is_some_and(|row| count_in(row).is_some())
    });
    let count = count_in(&app.status_line()).unwrap();
    app.send("n");
    app.wait_for_status(&format!("2/{count}"));
    app.send("N");
    app.wait_for_status(&format!("1/{count}"));
    app.send("N");
    app.wait_for_status(&format!(
        "{count}/{count}: search wrapped around to the bottom"
    ));

    app.send("/lockdowns\r");
    app.wait_for_status("1/1");
    app.send("n");
    app.wait_for_status("1/1: the only match for \"lockdowns\"");
    app.send("n");
    app.wait_for_status("the only match");
    // Reopened, the search shows no count from before.
    app.send("/");
    app.wait_for_status("Esc back");
    let status = app.status_line();
    assert!(!status.contains("1/1"), "a stale count: {status}");
    app.send(UP);
    app.wait_for_status("/lockdowns▏  1/1");
    app.send(UP);
    app.wait_for_status("/the▏");
    app.send(DOWN);
    app.wait_for_status("/lockdowns▏");
    escape(&mut app, "Esc back");
    app.send("q");
    assert_clean_exit(&mut app);
    let memory = std::fs::read_to_string(sandbox.state().join("memory.json")).unwrap();
    assert!(memory.contains("lockdowns"), "{memory}");

    // The next run has the same history.
    let mut app = phones(&sandbox, 100, 30);
    app.send("/");
    app.wait_for_status("Esc back");
    app.send(UP);
    app.wait_for_status("/lockdowns▏  1/1");
    app.send("\r");
    app.send("q");
    assert_clean_exit(&mut app);
}

#[test]
fn the_library_sorts_reaches_its_ends_and_tells_namesakes_apart() {
    let sandbox = Sandbox::new();
    for name in [
        PHONES,
        "the-case-for-boring-bike-lanes.md",
        "stop-comparing-ai-to-the-calculator.md",
        "give-the-four-day-week-a-fair-trial.txt",
    ] {
        sandbox.shipped_article(name);
    }
    // A reply under the same title, by three writers.
    std::fs::write(
        sandbox.articles().join("a-reply.md"),
        "---\ntitle: The Case for Boring Bike Lanes\nauthor: Ana Ortiz, Bea Lindqvist and Chidi Okafor\n\
         date: 2025-06-01\n---\n\nA reply. Boring lanes are good, but they should also be wide.\n",
    )
    .unwrap();
    let mut app = sandbox.marginalia(&["articles"], 100, 24);
    let listed = app.wait_for("5 articles, by title");
    let rows: Vec<&str> = listed.lines().filter(|l| l.contains("  ")).collect();
    let order = |text: &str, titles: &[&str]| {
        let at: Vec<usize> = titles.iter().map(|t| text.find(t).unwrap()).collect();
        at.windows(2).all(|w| w[0] < w[1])
    };
    assert!(
        order(
            &listed,
            &[
                "Give the Four",
                "Lock the Phones",
                "Stop Comparing",
                "The Case for Boring"
            ]
        ),
        "not by title:\n{listed}"
    );
    assert!(
        listed.contains("a-reply.md"),
        "namesakes show their file:\n{listed}"
    );
    // Cut to fit, with an ellipsis: the other file's name and the authors.
    assert!(listed.contains("the-case-for-boring-bi…"), "{listed}");
    assert!(listed.contains("Ana Ortiz, Bea L…"), "{listed}");
    assert!(!rows.is_empty());
    app.send("G");
    app.wait_until("the last row selected", |screen| {
        super::support::screen_rows(screen)
            .iter()
            .any(|r| r.starts_with("▶ The Case for Boring") && r.contains("the-case-for"))
    });
    app.send("g");
    app.wait_until("the first row selected", |screen| {
        super::support::screen_rows(screen)
            .iter()
            .any(|r| r.starts_with("▶ Give the Four"))
    });
    app.send("G");
    app.wait_until("the last row selected", |screen| {
        super::support::screen_rows(screen)
            .iter()
            .any(|r| r.starts_with("▶ The Case for Boring") && r.contains("the-case-for"))
    });
    app.send(HOME);
    app.wait_until("the first row selected", |screen| {
        super::support::screen_rows(screen)
            .iter()
            .any(|r| r.starts_with("▶ Give the Four"))
    });
    app.send(END);
    app.wait_until("the last row selected again", |screen| {
        super::support::screen_rows(screen)
            .iter()
            .any(|r| r.starts_with("▶ The Case for Boring") && r.contains("the-case-for"))
    });
    app.send("s");
    let by_date = app.wait_for("newest first");
    assert!(
        order(
            &by_date,
            &[
                "a-reply.md",
                "Stop Comparing",
                "the-case-for-boring",
                "Lock the Phones",
                "Give the Four"
            ]
        ),
        "not newest first:\n{by_date}"
    );
    app.send("s");
    app.wait_for("most annotated first");
    app.send("s");
    app.wait_for("by file name");
    app.send("q");
    assert_clean_exit(&mut app);
    // The order is remembered.
    let mut app = sandbox.marginalia(&["articles"], 100, 24);
    app.wait_for("5 articles, by file name");
    app.send("q");
    assert_clean_exit(&mut app);
}

#[test]
fn the_reader_shows_who_wrote_the_article_and_when() {
    let sandbox = Sandbox::new();
    let mut app = phones(&sandbox, 100, 30);
    app.wait_for("Daniel Achterberg · 2025-02-09");
    let top = app.rows()[0].clone();
    assert!(top.contains("Daniel Achterberg · 2025-02-09"), "{top}");
    app.send("G");
    app.wait_for_status("100%");
    assert_eq!(app.rows()[0], top, "the byline stays as the text scrolls");
    app.send("q");
    assert_clean_exit(&mut app);
}

/// crossterm's default event source waits on the terminal edge-triggered:
/// when a resize and a key come in one wake-up it returns the resize, and
/// the key then sat unread until the next one was typed (the help test
/// failed one run in eight on it). `use-dev-tty` polls level-triggered.
#[test]
fn a_key_typed_right_after_a_resize_is_read_at_once() {
    let sandbox = Sandbox::new();
    let mut app = phones(&sandbox, 110, 32);
    for round in 0..40 {
        let (cols, rows) = if round % 2 == 0 { (60, 20) } else { (110, 32) };
        app.resize(cols, rows);
        app.send("?");
        app.wait_for("Reading:");
        escape(&mut app, "Reading:");
    }
}
