use super::*;
use ratatui::crossterm::event::{KeyCode, KeyModifiers, MouseButton};

use crate::annotate::Store;
use crate::article::{Format, parse_source};
use crate::tui::overlay::Overlay;

pub fn state() -> State {
    State::with_defaults()
}

pub fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub fn code(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn with_article(text: &str) -> State {
    opened(Format::PlainText, text, 80, 24)
}

/// A state with an article open in a window of `width` x `height`.
pub fn opened(format: Format, text: &str, width: u16, height: u16) -> State {
    let mut s = state();
    update(&mut s, Msg::Resize(width, height));
    let article = parse_source("t", format, text);
    // Nothing is written here (the runner performs saves), so the files
    // need not exist: a missing annotation file is an empty store.
    let dir = PathBuf::from("/nonexistent/marginalia-test");
    let store = Store::open(dir.join("t.json"), &article.text).unwrap();
    let opened = Opened::new(dir.join("t.txt"), article, store);
    update(&mut s, Msg::Loaded(Box::new(opened)));
    s
}

#[test]
fn what_setup_found_comes_in_through_update() {
    let mut s = state();
    let startup = |hint_rules, problem: Option<&str>| {
        Msg::Started(Box::new(Startup {
            no_color: true,
            hint_rules,
            problem: problem.map(str::to_string),
            library_dir: PathBuf::from("/shelf"),
            started_on_file: true,
        }))
    };
    update(
        &mut s,
        startup(Ok(Rules::default()), Some("theme skipped: x")),
    );
    assert!(s.no_color && s.back_quits);
    assert_eq!(s.library.dir, PathBuf::from("/shelf"));
    assert_eq!(s.message, Some(Message::error("theme skipped: x")));
    update(
        &mut s,
        startup(Err("bad rule".into()), Some("theme skipped: x")),
    );
    assert_eq!(s.message, Some(Message::error("hints: bad rule")));
}

#[test]
fn quitting_saves_memory_first() {
    let mut s = state();
    let effects = update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    );
    assert_eq!(effects, [Effect::SaveMemory, Effect::Quit]);
    assert_eq!(update(&mut s, key('q')), [Effect::SaveMemory, Effect::Quit]);
}

#[test]
fn opening_from_the_library_asks_the_runner() {
    let mut s = state();
    let entry = Entry {
        path: PathBuf::from("a.md"),
        title: "A".into(),
        author: None,
        date: None,
        words: 3,
        annotations: 0,
        counted: true,
        problem: None,
    };
    update(&mut s, Msg::Scanned(PathBuf::from("."), vec![entry]));
    assert_eq!(
        update(&mut s, code(KeyCode::Enter)),
        [Effect::Load(PathBuf::from("a.md"))]
    );
}

#[test]
fn counts_fill_in_the_listed_entry_of_the_same_folder() {
    let mut s = state();
    let mut entry = library::scan(std::path::Path::new("articles"))
        .unwrap()
        .remove(0);
    entry.counted = false;
    let path = entry.path.clone();
    update(&mut s, Msg::Scanned(PathBuf::from("articles"), vec![entry]));
    let counts = Counts {
        words: 812,
        annotations: 2,
        problem: None,
        page_meta: None,
    };
    update(
        &mut s,
        Msg::Counted("elsewhere".into(), path.clone(), counts.clone()),
    );
    assert!(!s.library.entries[0].counted, "another folder's counts");
    update(&mut s, Msg::Counted("articles".into(), path, counts));
    let entry = &s.library.entries[0];
    assert!(entry.counted && entry.words == 812 && entry.annotations == 2);
}

/// The note of the first annotation, as the store holds it.
fn stored_note(s: &State) -> String {
    let reader = s.reader.as_ref().unwrap();
    reader.store().annotations()[0].note.clone()
}

#[test]
fn a_typed_note_is_saved_on_a_pause_and_on_leaving_never_per_key() {
    let mut s = with_article("The council spent $2 million. It might double.");
    update(&mut s, key('1'));
    update(&mut s, key('a'));
    for c in "costly".chars() {
        assert_eq!(update(&mut s, key(c)), [], "no save per keystroke");
    }
    assert_eq!(update(&mut s, Msg::Pause), [Effect::SaveAnnotations]);
    assert_eq!(stored_note(&s), "costly");
    assert_eq!(update(&mut s, Msg::Pause), [], "nothing new to save");
    // Esc and a signal each save what was typed since.
    update(&mut s, key('!'));
    assert_eq!(
        update(&mut s, code(KeyCode::Esc)),
        [Effect::SaveAnnotations]
    );
    assert_eq!(stored_note(&s), "costly!");
    update(&mut s, key('a'));
    update(&mut s, key('?'));
    assert_eq!(
        update(&mut s, Msg::Terminate),
        [Effect::SaveAnnotations, Effect::SaveMemory, Effect::Quit]
    );
    assert_eq!(stored_note(&s), "costly!?");
}

/// A state with an article whose annotation file is in `dir`, a real
/// folder, so that the runner's saves can be carried out.
fn opened_in(dir: &std::path::Path, text: &str) -> State {
    let mut s = state();
    update(&mut s, Msg::Resize(80, 24));
    let article = parse_source("t", Format::PlainText, text);
    let store = Store::open(dir.join("t.json"), &article.text).unwrap();
    let opened = Opened::new(dir.join("t.txt"), article, store);
    update(&mut s, Msg::Loaded(Box::new(opened)));
    s
}

/// Carries out [`Effect::SaveAnnotations`] as the runner does, the job
/// run on another thread, and returns the first note in the file.
fn save_as_the_runner_does(s: &mut State, dir: &std::path::Path) -> String {
    let job = save_job(s).unwrap().expect("something to save");
    let outcome = std::thread::spawn(move || job.run()).join().unwrap();
    assert_eq!(update(s, Msg::Saved(Box::new(outcome))), []);
    let file = std::fs::read_to_string(dir.join("t.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&file).unwrap();
    json["annotations"][0]["note"].as_str().unwrap().to_string()
}

#[test]
fn a_long_note_is_saved_on_a_pause_from_the_editor_and_stored_on_leaving() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = opened_in(dir.path(), "The council spent $2 million. It might double.");
    update(&mut s, key('1'));
    save_as_the_runner_does(&mut s, dir.path());
    // A note longer than is put in the store on a pause (pasted minutes).
    let line = "a line of the council's minutes, pasted into the note";
    let long = vec![line; 3_000].join("\n");
    let reader = s.reader.as_mut().unwrap();
    let id = reader.store().annotations()[0].id.clone();
    reader.store_mut().set_note(&id, &long).unwrap();
    save_as_the_runner_does(&mut s, dir.path());
    update(&mut s, key('a'));
    for c in " and more".chars() {
        assert_eq!(update(&mut s, key(c)), [], "no save per keystroke");
    }
    let typed = format!("{long} and more");
    assert_eq!(update(&mut s, Msg::Pause), [Effect::SaveAnnotations]);
    assert_eq!(stored_note(&s), long, "the store is left alone on a pause");
    assert_eq!(save_as_the_runner_does(&mut s, dir.path()), typed);
    assert!(!s.reader.as_ref().unwrap().store().has_unsaved_changes());
    assert_eq!(update(&mut s, Msg::Pause), [], "nothing new to save");
    // Typed at the note's start, then Esc: stored and saved.
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Home, KeyModifiers::CONTROL)),
    );
    update(&mut s, key('>'));
    assert_eq!(
        update(&mut s, code(KeyCode::Esc)),
        [Effect::SaveAnnotations]
    );
    let whole = format!(">{typed}");
    assert_eq!(stored_note(&s), whole);
    assert_eq!(save_as_the_runner_does(&mut s, dir.path()), whole);
}

#[test]
fn an_article_closed_while_its_save_waits_is_still_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = opened_in(dir.path(), "The council spent $2 million. It might double.");
    update(&mut s, key('1'));
    // The tag's save is under way on the writer thread...
    let under_way = save_job(&mut s).unwrap().unwrap();
    update(&mut s, key('a'));
    for c in "kept".chars() {
        update(&mut s, key(c));
    }
    // ...when Esc asks for another, and the reader goes back to the library.
    assert_eq!(
        update(&mut s, code(KeyCode::Esc)),
        [Effect::SaveAnnotations]
    );
    update(&mut s, key('q'));
    assert_eq!(s.screen, Screen::Library);
    assert!(s.reader.is_none());
    assert_eq!(update(&mut s, Msg::Saved(Box::new(under_way.run()))), []);
    // The save asked for is of the closed article's annotations.
    let note = save_as_the_runner_does(&mut s, dir.path());
    assert_eq!(note, "kept");
    assert!(s.closing.is_none(), "let go once written");
    assert!(save_job(&mut s).unwrap().is_none());
}

#[test]
fn library_filter_narrows_the_list() {
    let mut s = state();
    let entry = |name: &str| Entry {
        path: PathBuf::from(format!("{name}.md")),
        title: name.into(),
        author: None,
        date: None,
        words: 1,
        annotations: 0,
        counted: true,
        problem: None,
    };
    update(
        &mut s,
        Msg::Scanned(PathBuf::from("."), vec![entry("bikes"), entry("phones")]),
    );
    update(&mut s, key('/'));
    for c in "PHO".chars() {
        update(&mut s, key(c));
    }
    assert_eq!(s.library.visible().len(), 1);
    update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.library.visible().len(), 2);
}

#[test]
fn reader_keys_move_and_q_returns_to_the_library() {
    let text = (0..100)
        .map(|i| format!("Line {i} of the text."))
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut s = with_article(&text);
    assert_eq!(s.screen, Screen::Reader);
    update(&mut s, key('G'));
    assert_eq!(s.reader.as_ref().unwrap().percent(), 100);
    update(&mut s, key('g'));
    assert_eq!(s.reader.as_ref().unwrap().cursor(), 0);
    let effects = update(&mut s, key('q'));
    assert_eq!(s.screen, Screen::Library);
    assert!(effects.contains(&Effect::SaveMemory));
    assert_eq!(s.memory.positions.len(), 1);
}

#[test]
fn typing_a_search_jumps_and_escape_returns() {
    let text = (0..100)
        .map(|i| format!("Line {i} of the text."))
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut s = with_article(&text);
    update(&mut s, key('/'));
    for c in "line 77".chars() {
        update(&mut s, key(c));
    }
    let reader = s.reader.as_ref().unwrap();
    assert_eq!(reader.search().matches().len(), 1);
    assert!(
        reader
            .article()
            .slice(&reader.cursor_span())
            .starts_with("Line 77")
    );
    update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.reader.as_ref().unwrap().cursor(), 0);
}

#[test]
fn help_scrolls_by_lines_pages_and_ends_and_closes_on_other_keys() {
    let mut s = with_article("Some text.");
    let help = |s: &State| match s.overlay {
        Some(Overlay::Help(scroll)) => scroll,
        _ => panic!("the help is closed"),
    };
    // At every size, the large window included: it never all fits.
    for (width, height) in [(60, 20), (110, 32), (120, 40)] {
        update(&mut s, Msg::Resize(width, height));
        update(&mut s, key('?'));
        let (total, page) = crate::tui::view::help_extent(&s, s.size);
        assert!(
            total > page,
            "{width}x{height}: {total} lines, {page} shown"
        );
        update(&mut s, key('j'));
        update(&mut s, key('j'));
        update(&mut s, key('k'));
        assert_eq!(help(&s), 1);
        update(&mut s, code(KeyCode::PageDown));
        assert_eq!(help(&s), page);
        update(&mut s, code(KeyCode::PageUp));
        assert_eq!(help(&s), 1);
        update(&mut s, code(KeyCode::End));
        assert_eq!(help(&s), total - page);
        update(&mut s, code(KeyCode::Down));
        assert_eq!(help(&s), total - page, "it stops at the end");
        update(&mut s, code(KeyCode::Up));
        assert_eq!(help(&s), total - page - 1, "and scrolls back at once");
        update(&mut s, code(KeyCode::Home));
        assert_eq!(help(&s), 0);
        update(&mut s, code(KeyCode::Esc));
        assert!(s.overlay.is_none());
    }
    update(&mut s, key('?'));
    update(&mut s, key('x'));
    assert!(s.overlay.is_none());
    assert!(s.reader.as_ref().unwrap().store().annotations().is_empty());
}

#[test]
fn save_as_asks_for_a_path() {
    let mut s = with_article("Some text.");
    update(&mut s, key('S'));
    assert!(matches!(&s.overlay, Some(Overlay::SaveAs(path)) if path.text() == "t.json"));
    for _ in 0..4 {
        update(&mut s, code(KeyCode::Backspace));
    }
    for c in "rescue.json".chars() {
        update(&mut s, key(c));
    }
    let effects = update(&mut s, code(KeyCode::Enter));
    assert_eq!(
        effects,
        [Effect::SaveAnnotationsAs(PathBuf::from("t.rescue.json"))]
    );
    assert!(s.overlay.is_none());
}

#[test]
fn statistics_open_scroll_and_close() {
    let mut s = with_article("A claim. An opinion.\n\nMore text here.");
    update(&mut s, key('1'));
    update(&mut s, key('i'));
    let Some(Overlay::Stats { text, .. }) = &s.overlay else {
        panic!("no statistics")
    };
    assert!(text.contains("1 annotation"), "{text}");
    let lines = text.lines().count();
    update(&mut s, key('j'));
    assert!(
        matches!(s.overlay, Some(Overlay::Stats { scroll: 0, .. })),
        "all of it shows: nothing to scroll"
    );
    // In a window too short for it, it scrolls, and stops at its end.
    update(&mut s, Msg::Resize(80, 5));
    update(&mut s, key('j'));
    assert!(matches!(s.overlay, Some(Overlay::Stats { scroll: 1, .. })));
    update(&mut s, key('G'));
    let end = lines - 3;
    assert!(matches!(s.overlay, Some(Overlay::Stats { scroll, .. }) if scroll == end));
    update(&mut s, key('j'));
    assert!(matches!(s.overlay, Some(Overlay::Stats { scroll, .. }) if scroll == end));
    update(&mut s, key('q'));
    assert!(s.overlay.is_none());
    assert_eq!(
        s.screen,
        Screen::Reader,
        "the key that closes does nothing else"
    );
}

#[test]
fn hints_toggle_and_never_tag() {
    let mut s = with_article("According to the council, it cost $2 million. It might double.");
    update(&mut s, key('h'));
    let reader = s.reader.as_ref().unwrap();
    let shown = reader.hints().as_ref().unwrap().for_text(
        reader.article(),
        &s.hint_rules,
        reader.on_screen(),
    );
    let labels: Vec<_> = shown.iter().map(|h| h.label.as_str()).collect();
    assert!(
        labels.contains(&"claim") && labels.contains(&"speculation"),
        "{labels:?}"
    );
    assert!(reader.store().annotations().is_empty());
    update(&mut s, key('h'));
    assert!(s.reader.as_ref().unwrap().hints().is_none());
}

#[test]
fn unsaved_annotations_hold_back_the_first_quit() {
    let mut s = with_article("One sentence. Two sentences.");
    update(&mut s, key('1'));
    // The runner's save failed: the change is unsaved.
    update(&mut s, Msg::SaveFailed("disk full".into()));
    assert!(s.reader.as_ref().unwrap().store().has_unsaved_changes());
    assert!(update(&mut s, key('q')).is_empty());
    assert_eq!(s.screen, Screen::Reader);
    assert!(s.message.as_ref().unwrap().error);
    let effects = update(&mut s, key('q'));
    assert_eq!(s.screen, Screen::Library);
    assert!(effects.contains(&Effect::SaveMemory));
}

#[test]
fn closing_while_a_save_is_asked_for_does_not_warn_of_its_changes() {
    let mut s = with_article("One sentence. Two sentences.");
    // Asked of the runner, not yet begun (one under way first, say): the
    // runner finishes its saves before it closes or quits.
    update(&mut s, key('1'));
    assert!(s.reader.as_ref().unwrap().store().has_unsaved_changes());
    let effects = update(&mut s, key('q'));
    assert_eq!(s.screen, Screen::Library);
    assert!(effects.contains(&Effect::SaveMemory));
}

#[test]
fn termination_saves_what_it_can() {
    let mut s = with_article("One sentence. Two sentences.");
    update(&mut s, key('1'));
    let effects = update(&mut s, Msg::Terminate);
    assert_eq!(
        effects,
        [Effect::SaveAnnotations, Effect::SaveMemory, Effect::Quit]
    );
    assert_eq!(s.memory.positions.len(), 1);
}

#[test]
fn dragging_the_mouse_selects_whole_words() {
    use ratatui::crossterm::event::{MouseEvent, MouseEventKind};
    let mut s = with_article("Alpha beta gamma delta. Epsilon zeta.");
    let text = s.geometry().unwrap().text;
    let mouse = |kind, column| {
        Msg::Mouse(MouseEvent {
            kind,
            column: text.x + column,
            row: text.y,
            modifiers: KeyModifiers::NONE,
        })
    };
    update(&mut s, mouse(MouseEventKind::Down(MouseButton::Left), 8));
    update(&mut s, mouse(MouseEventKind::Drag(MouseButton::Left), 13));
    update(&mut s, mouse(MouseEventKind::Up(MouseButton::Left), 13));
    let reader = s.reader.as_ref().unwrap();
    assert_eq!(reader.article().slice(&reader.target()), "beta gamma");
    update(&mut s, key('2'));
    let store = s.reader.as_ref().unwrap().store();
    assert_eq!(store.annotations()[0].anchor.quote, "beta gamma");
}

#[test]
fn the_theme_cycles_and_is_remembered() {
    let mut s = state();
    assert_eq!(update(&mut s, key('t')), [Effect::SaveMemory]);
    assert_eq!(s.memory.theme.as_deref(), Some("dark"));
    assert_eq!(
        s.message.as_ref().unwrap().text,
        "theme: dark (for dark terminals)"
    );
}

/// The status word says when a theme is made for the other kind of
/// terminal, once the terminal has said which kind it is.
#[test]
fn a_theme_for_the_other_kind_of_terminal_says_so() {
    use crate::tui::terminal_colors::{TerminalColors, TerminalKind};
    let mut s = state();
    update(
        &mut s,
        Msg::TerminalColors(TerminalColors {
            foreground: Some((0, 0, 0)),
            background: Some((255, 255, 255)),
            kind: Some(TerminalKind::Light),
        }),
    );
    let said = |s: &mut State| {
        update(s, key('t'));
        s.message.as_ref().unwrap().text.clone()
    };
    assert_eq!(
        said(&mut s),
        "theme: dark (made for dark terminals, and this one is light: t for the next)"
    );
    assert_eq!(said(&mut s), "theme: light (for light terminals)");
    assert_eq!(
        said(&mut s),
        "theme: high-contrast (for dark and light terminals)"
    );
    assert_eq!(
        said(&mut s),
        "theme: terminal (for dark and light terminals)"
    );
    // The default theme's cursor is now a shade of the white background.
    assert!(matches!(s.theme().ui.cursor, crate::config::Color::Rgb(..)));
}

#[test]
fn tiny_windows_keep_a_real_place_and_the_cursor_in_view() {
    let text = "Title\n\nSome words here. And more.";
    let mut s = with_article(text);
    for (w, h) in [(1, 1), (20, 5), (0, 0), (3, 2)] {
        update(&mut s, Msg::Resize(w, h));
        for c in ['j', 'G', ')', '(', ']', 'o', 'k', 'g'] {
            update(&mut s, key(c));
            let reader = s.reader.as_ref().unwrap();
            let top = reader.top();
            let rows = reader
                .wrapping()
                .rows(reader.article(), top.block)
                .height(&reader.article().text);
            assert!(
                top.row < rows.max(1),
                "{w}x{h} after {c}: {top:?} of {rows}"
            );
            if reader.page_height() > 0 {
                let cursor = reader.cursor_span().start;
                let shown = reader.on_screen();
                assert!(
                    shown.contains(&cursor) || cursor < shown.start,
                    "{w}x{h} after {c}: cursor {cursor} not on screen {shown:?}"
                );
            }
        }
    }
    // Back at a usable size, the article reads from the top again.
    update(&mut s, Msg::Resize(80, 24));
    update(&mut s, key('g'));
    assert_eq!(s.reader.as_ref().unwrap().cursor(), 0);
}

#[test]
fn the_answer_key_comparison_follows_the_annotations() {
    let mut s = with_article("One claim here. Another sentence there.");
    let reader = s.reader.as_mut().unwrap();
    let answers = Store::open("/nonexistent/key.json", &reader.article().text).unwrap();
    let labels = vec!["claim".to_string()];
    reader.open_answer_key(answers, false, &labels);
    update(&mut s, key('1'));
    let extra = &s
        .reader
        .as_ref()
        .unwrap()
        .answer_key()
        .unwrap()
        .comparison()
        .extra;
    assert_eq!(
        extra.len(),
        1,
        "the new tag is an extra beside an empty key"
    );
    update(&mut s, key('u'));
    let extra = &s
        .reader
        .as_ref()
        .unwrap()
        .answer_key()
        .unwrap()
        .comparison()
        .extra;
    assert!(extra.is_empty(), "undone, it is gone from the comparison");
}
