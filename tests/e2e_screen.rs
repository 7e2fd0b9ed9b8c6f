//! End to end, in a pseudo-terminal: what the reader leaves in the folders
//! it reads from, the command line's answers where it used to say nothing
//! or the wrong thing, narrow windows, long messages and themes.

#[allow(dead_code)]
mod support;

use std::path::Path;
use std::process::Command;

use support::{REPO, Sandbox, Session, assert_clean_exit, marginalia_bin};

const PHONES: &str = "lock-the-phones-not-the-students.md";
const PHONES_TITLE: &str = "Lock the Phones, Not the Students";

/// Every file in `dir` and below, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

/// A command-line run (no reader) in a terminal: its screen once it exits.
fn run_in_terminal(sandbox: &Sandbox, args: &[&str]) -> (String, bool) {
    let mut session = Session::spawn(sandbox.command(marginalia_bin(), args), 200, 10, None);
    let status = session.wait_exit();
    (session.text(), status.success())
}

/// Tagging saves under a lock; the lock file goes once the save is done,
/// while the reader still runs and after it quits, and one left by an
/// older version (or a killed writer) goes on the next open.
#[test]
fn the_reader_leaves_no_lock_file_beside_the_article() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let left_over = sandbox
        .articles()
        .join(format!("{PHONES}.marginalia.json.lock"));
    std::fs::write(&left_over, "").unwrap();
    let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 100, 30);
    app.wait_for_status(PHONES_TITLE);
    app.send("1");
    app.wait_for_status("tagged as claim");
    app.send(")2");
    app.wait_for_status("tagged as opinion");
    let sidecar = format!("{PHONES}.marginalia.json");
    support::wait_for_file(&sandbox.articles().join(&sidecar), "two tags", |text| {
        text.matches("\"labels\"").count() == 2
    });
    // Saves are written on a thread of their own, which lets go of the
    // lock just after the file is in place.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while files_under(&sandbox.articles()) != [PHONES, sidecar.as_str()] {
        assert!(
            std::time::Instant::now() < deadline,
            "{:?}",
            files_under(&sandbox.articles())
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    app.send("\x03");
    assert_clean_exit(&mut app);
    assert_eq!(files_under(&sandbox.articles()), [PHONES, sidecar.as_str()]);
}

/// Read from a clone: tagging, a note and an export leave `git status`
/// clean, while the shipped articles and answer keys stay tracked.
#[test]
fn reading_from_a_clone_leaves_git_status_clean() {
    let git = |dir: &Path, args: &[&str]| {
        Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(dir)
            .output()
    };
    let sandbox = Sandbox::new();
    let clone = sandbox.root().join("clone");
    std::fs::create_dir_all(clone.join("articles")).unwrap();
    std::fs::create_dir_all(clone.join("examples/keys")).unwrap();
    std::fs::copy(Path::new(REPO).join(".gitignore"), clone.join(".gitignore")).unwrap();
    let article = clone.join("articles").join(PHONES);
    std::fs::copy(Path::new(REPO).join("articles").join(PHONES), &article).unwrap();
    let key = "examples/keys/the-case-for-boring-bike-lanes.md.key.json";
    std::fs::copy(Path::new(REPO).join(key), clone.join(key)).unwrap();
    if git(&clone, &["init", "-q"]).is_err() {
        eprintln!("note: no git on this machine; skipped");
        return;
    }
    git(&clone, &["add", "-A"]).unwrap();
    let committed = git(&clone, &["commit", "-q", "-m", "shipped"]).unwrap();
    assert!(committed.status.success(), "{committed:?}");
    let tracked = git(&clone, &["ls-files"]).unwrap();
    let tracked = String::from_utf8_lossy(&tracked.stdout).into_owned();
    assert!(
        tracked.contains(key) && tracked.contains(PHONES),
        "{tracked}"
    );

    let mut cmd = sandbox.command(marginalia_bin(), &["articles"]);
    cmd.cwd(&clone);
    let mut app = Session::spawn(cmd, 110, 30, Some(support::RATATUI_FRAME_END));
    app.wait_for(PHONES_TITLE);
    app.send("\r");
    app.wait_for_status(PHONES_TITLE);
    app.send("1");
    app.wait_for_status("tagged as claim");
    app.send("a");
    app.wait_for("note on ◆ claim");
    app.send("where from?");
    app.wait_for("where from?");
    app.send("\x1b");
    app.wait_gone("note on ◆ claim");
    app.send("x");
    app.wait_for_status("exported");
    app.send("\x03");
    assert_clean_exit(&mut app);

    let written = files_under(&clone.join("articles"));
    assert!(
        written.iter().any(|f| f.ends_with(".marginalia.json"))
            && written.iter().any(|f| f.starts_with("marginalia-exports")),
        "the reader did not write what this test is about: {written:?}"
    );
    let status = git(&clone, &["status", "--porcelain", "--untracked-files=all"]).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&status.stdout),
        "",
        "files the reader wrote show up in git status: {written:?}"
    );
}

/// `outline` on a text with no headings says so instead of printing
/// nothing; `config` with no config file says none exists and where it
/// would be read from.
#[test]
fn outline_without_headings_and_config_without_a_file_say_what_they_found() {
    let sandbox = Sandbox::new();
    let plain = sandbox.articles().join("passwd");
    std::fs::write(
        &plain,
        "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
    )
    .unwrap();
    let (screen, ok) = run_in_terminal(&sandbox, &["outline", plain.to_str().unwrap()]);
    assert!(ok, "{screen}");
    assert!(
        screen.contains("(no headings: the whole text is one untitled section of 1 sentence)"),
        "{screen}"
    );

    let (screen, ok) = run_in_terminal(&sandbox, &["config"]);
    assert!(ok, "{screen}");
    let expected_place = sandbox.root().join("config/marginalia/config.toml");
    assert!(
        screen.contains("no config file: none at")
            && screen.contains(&expected_place.display().to_string())
            && screen.contains("the defaults are in use"),
        "{screen}"
    );
    assert!(!screen.contains("(valid)"), "{screen}");

    std::fs::create_dir_all(expected_place.parent().unwrap()).unwrap();
    std::fs::write(&expected_place, "reading_width = 70\n").unwrap();
    let (screen, ok) = run_in_terminal(&sandbox, &["config"]);
    assert!(ok, "{screen}");
    assert!(screen.contains("config.toml (valid)"), "{screen}");
}

/// Moves the cursor from the title to the first sentence and returns how
/// its first cell is drawn, once it is drawn as `ready` wants.
fn cursor_cell(app: &mut Session, ready: impl Fn(&vt100::Cell) -> bool) -> vt100::Cell {
    app.send(")");
    let cell = |screen: &vt100::Screen| {
        let (row, col) = support::find_on_screen(screen, "Two years ago")?;
        screen.cell(row, col).cloned()
    };
    app.wait_until("the cursor on the first sentence", |screen| {
        cell(screen).is_some_and(|c| ready(&c))
    });
    app.with_screen(cell).expect("the first sentence on screen")
}

/// A light terminal that says its colours: the default theme shades the
/// cursor from the terminal's own background, `t` to the dark theme says
/// it is made for the other kind, and the answers never reach the screen
/// or the keys.
#[test]
fn on_a_light_terminal_the_default_theme_fits_and_t_warns_of_a_dark_one() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let answers = support::TerminalAnswers {
        foreground: Some((0x20, 0x20, 0x20)),
        background: Some((0xfd, 0xf6, 0xe3)),
    };
    let cmd = sandbox.command(marginalia_bin(), &[article.to_str().unwrap()]);
    let mut app = Session::spawn_answering(
        cmd,
        100,
        30,
        Some(support::RATATUI_FRAME_END),
        Some(answers),
    );
    let screen = app.wait_for_status(PHONES_TITLE);
    assert!(
        !screen.contains("rgb:") && !screen.contains("11;"),
        "{screen}"
    );
    let cursor = cursor_cell(&mut app, |c| c.bgcolor() != vt100::Color::Default).bgcolor();
    let vt100::Color::Rgb(r, g, b) = cursor else {
        panic!("the cursor has no shade of the background: {cursor:?}")
    };
    assert!(
        (r, g, b) != (0xfd, 0xf6, 0xe3) && r > 0xd0 && g > 0xd0 && b > 0xc0,
        "not a light shade: {r} {g} {b}"
    );
    app.send("t");
    app.wait_for_status("theme: dark (made for dark terminals, and this one is light");
    app.send("t");
    app.wait_for_status("theme: light (for light terminals)");
    // Nothing of the answers was read as keys: no tag was made.
    let sidecar = sandbox.articles().join(format!("{PHONES}.marginalia.json"));
    assert!(!sidecar.exists(), "a key was pressed that no one typed");
    app.send("\x03");
    assert_clean_exit(&mut app);
}

/// A terminal that does not answer the colour query (only the device
/// attributes, as most do): the reader starts at once, the cursor is
/// marked without a colour, the first run points to the themes for light
/// terminals and the next run does not.
#[test]
fn without_an_answer_the_default_theme_uses_the_terminals_colours_and_a_first_run_hints() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let start = |sandbox: &Sandbox| {
        let cmd = sandbox.command(marginalia_bin(), &[article.to_str().unwrap()]);
        let answers = support::TerminalAnswers::default();
        Session::spawn_answering(
            cmd,
            100,
            30,
            Some(support::RATATUI_FRAME_END),
            Some(answers),
        )
    };
    let mut app = start(&sandbox);
    // The whole status line, not a frame still being drawn.
    app.wait_for_status("? help");
    let screen = app.wait_for_status(PHONES_TITLE);
    assert!(
        app.status_line().contains("t themes, light ones too"),
        "{screen}"
    );
    let cursor = cursor_cell(&mut app, vt100::Cell::underline);
    assert_eq!(cursor.bgcolor(), vt100::Color::Default);
    app.send("t");
    app.wait_for_status("theme: dark (for dark terminals)");
    app.send("t");
    app.wait_for_status("theme: light (for light terminals)");
    app.send("tt");
    app.wait_for_status("theme: terminal (for dark and light terminals)");
    app.send("\x03");
    assert_clean_exit(&mut app);

    let mut again = start(&sandbox);
    again.wait_for_status("? help");
    again.wait_for_status(PHONES_TITLE);
    assert!(
        !again.status_line().contains("light ones"),
        "{}",
        again.text()
    );
    again.send("\x03");
    assert_clean_exit(&mut again);
}

/// A terminal that answers nothing at all (not even the device
/// attributes): the reader waits a moment, then starts as usual.
#[test]
fn a_terminal_that_answers_nothing_only_delays_the_start_a_little() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let cmd = sandbox.command(marginalia_bin(), &[article.to_str().unwrap()]);
    let mut app = Session::spawn_answering(cmd, 100, 30, Some(support::RATATUI_FRAME_END), None);
    let screen = app.wait_for_status(PHONES_TITLE);
    assert!(
        !screen.contains("11;") && !screen.contains("10;"),
        "{screen}"
    );
    app.send("t");
    app.wait_for_status("theme: dark (for dark terminals)");
    app.send("\x03");
    assert_clean_exit(&mut app);
}

/// A terminal whose colour answers come after the reader stopped waiting
/// (a slow link): crossterm would hand them on as keys (`/` opening a
/// search, `g` moving, ...). They are dropped; the keys after them work.
#[test]
fn colour_answers_that_come_too_late_are_not_read_as_keys() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let cmd = sandbox.command(marginalia_bin(), &[article.to_str().unwrap()]);
    let mut app = Session::spawn_answering(cmd, 100, 30, Some(support::RATATUI_FRAME_END), None);
    let before = app.wait_for_status(PHONES_TITLE);
    app.send("\x1b]10;rgb:ffff/ffff/ffff\x1b\\\x1b]11;rgb:1e1e/1e1e/1e1e\x07");
    app.send("t");
    let screen = app.wait_for_status("theme: dark (for dark terminals)");
    assert!(
        !screen.contains("rgb") && !screen.contains("ffff"),
        "{screen}"
    );
    // Nothing moved: the text is where it was.
    let top = |screen: &str| screen.lines().take(5).collect::<Vec<_>>().join("\n");
    assert_eq!(top(&screen), top(&before));
    app.send("\x03");
    assert_clean_exit(&mut app);
}

/// At 60 columns the notes panel no longer halves the window: the text
/// keeps the window, `s` gives the notes the whole window (the legend
/// whole), and `s` again gives the text back. At 80 the notes sit beside
/// the text, the legend flowed onto two rows rather than cut.
#[test]
fn narrow_windows_give_the_text_the_room_and_the_notes_a_key_away() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 60, 20);
    app.wait_for_status(PHONES_TITLE);
    app.send(")1");
    app.wait_for_status("tagged as claim");
    let widest = |app: &Session| {
        app.rows()
            .iter()
            .map(|row| row.trim_end().chars().count())
            .max()
            .unwrap_or(0)
    };
    assert!(!app.text().contains("Notes"), "{}", app.text());
    assert!(widest(&app) > 50, "the text is squeezed:\n{}", app.text());
    app.send("s");
    // The whole frame: the title at the top and the legend at the bottom.
    let notes = app.wait_until("the notes as the window", |screen| {
        let text = support::screen_text(screen);
        text.contains("Notes · s or Tab back to the text")
            && text.contains("1◆claim 2●opinion 3▲speculation")
            && !text.contains("lanyard. I was")
    });
    assert!(notes.contains("◆ claim"), "{notes}");
    assert!(notes.contains("1◆claim 2●opinion 3▲speculation"), "{notes}");
    assert!(
        !notes.contains("lanyard. I was"),
        "the text shows under the notes:\n{notes}"
    );
    app.send("s");
    app.wait_gone("Notes ·");
    app.wait_for("lanyard");

    app.resize(80, 24);
    app.wait_until("the text at 80 columns", |screen| {
        support::screen_rows(screen)
            .iter()
            .any(|row| row.trim_end().chars().count() > 62)
    });
    app.send("s");
    let beside = app.wait_until("the notes beside the text", |screen| {
        let text = support::screen_text(screen);
        text.contains("│ Notes") && text.contains("3▲speculation") && text.contains("lanyard")
    });
    assert!(beside.contains("lanyard"), "{beside}");
    assert!(
        beside.contains("3▲speculation") && !beside.contains("speculati\n"),
        "{beside}"
    );
    app.send("\x03");
    assert_clean_exit(&mut app);
}

/// A long link in the text wraps after a slash or before a `?`, never in
/// the middle of a name (what a 62-column window showed).
#[test]
fn a_long_link_wraps_at_its_slashes() {
    let sandbox = Sandbox::new();
    let url = "https://council.port-elsby.example/transport/cycling/2024/annual-monitoring-report?format=full&section=corridors";
    let article = sandbox.articles().join("monitoring.txt");
    std::fs::write(
        &article,
        format!(
            "The Monitoring Report\n\nThe council publishes its cycling figures every spring. \
             The latest are at {url} for anyone who wants to check them.\n"
        ),
    )
    .unwrap();
    let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 62, 20);
    app.wait_for_status("The Monitoring Report");
    let rows: Vec<String> = app.rows().iter().map(|r| r.trim().to_string()).collect();
    let first = rows
        .iter()
        .position(|r| r.contains("https://"))
        .expect("the link");
    let last = rows
        .iter()
        .position(|r| r.contains("for anyone"))
        .expect("its end");
    // The link's part of each row it is on.
    let mut pieces: Vec<&str> = rows[first..=last].iter().map(String::as_str).collect();
    pieces[0] = &pieces[0][pieces[0].find("https://").unwrap()..];
    let end = pieces[pieces.len() - 1].find(" for anyone").unwrap();
    let tail = pieces.len() - 1;
    pieces[tail] = &pieces[tail][..end];
    assert_eq!(pieces.concat(), url, "rows: {rows:#?}");
    assert!(pieces.len() >= 2, "{rows:#?}");
    for pair in pieces.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        assert!(
            before.ends_with('/') || after.starts_with(['?', '&', '#']),
            "the link breaks mid-name between {before:?} and {after:?}"
        );
        assert!(before.len() > "https://".len() || !before.ends_with("//"));
    }
    app.send("\x03");
    assert_clean_exit(&mut app);
}

/// A message longer than the status line is shown whole on the rows above
/// it (here the export's path at 60 columns), until the next key.
#[test]
fn a_long_status_message_is_shown_whole() {
    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 60, 20);
    app.wait_for_status(PHONES_TITLE);
    app.send(")1");
    app.wait_for_status("tagged as claim");
    app.send("x");
    let screen = app.wait_for("exported to");
    let exported = sandbox
        .articles()
        .join("marginalia-exports/lock-the-phones-not-the-students.annotated.md");
    assert!(exported.exists());
    let message: String = app
        .rows()
        .iter()
        .skip_while(|row| !row.contains("exported to"))
        .map(|row| row.trim().to_string())
        .collect();
    assert_eq!(
        message,
        format!("exported to {}", exported.display()),
        "{screen}"
    );
    app.send("j");
    app.wait_gone("exported to");
    app.send("\x03");
    assert_clean_exit(&mut app);
}
