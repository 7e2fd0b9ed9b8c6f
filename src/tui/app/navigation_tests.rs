//! Getting about as less and glow users expect: `q` on a file, the
//! library's order and ends, search positions and history.

use std::path::PathBuf;

use ratatui::crossterm::event::KeyCode;

use super::tests::{code, key, opened, state, with_article};
use super::*;
use crate::article::Format;

fn entry(file: &str, title: &str, date: Option<&str>, annotations: usize) -> Entry {
    Entry {
        path: PathBuf::from(file),
        title: title.into(),
        author: None,
        date: date.map(str::to_string),
        words: 10,
        annotations,
        counted: true,
        problem: None,
    }
}

fn listed(s: &State) -> Vec<String> {
    s.library
        .visible()
        .iter()
        .map(|e| e.path.display().to_string())
        .collect()
}

fn selected(s: &State) -> String {
    s.library.selected_path().unwrap().display().to_string()
}

fn shelf() -> State {
    let mut s = state();
    let entries = vec![
        entry("a.md", "Zebra crossings", Some("2024-01-05"), 0),
        entry("b.md", "apples and oranges", None, 3),
        entry(
            "c.md",
            "Middle of the road",
            Some("2025-03-01T09:00:00Z"),
            1,
        ),
    ];
    update(&mut s, Msg::Scanned(PathBuf::from("."), entries));
    s
}

#[test]
fn q_quits_a_reader_started_on_a_file_and_l_goes_to_the_library() {
    let mut s = with_article("Some text.");
    s.back_quits = true;
    assert_eq!(update(&mut s, key('q')), [Effect::SaveMemory, Effect::Quit]);

    let mut s = with_article("Some text.");
    s.back_quits = true;
    s.library.dir = PathBuf::from("/shelf");
    let effects = update(&mut s, key('L'));
    assert_eq!(s.screen, Screen::Library);
    assert!(effects.contains(&Effect::ScanLibrary(PathBuf::from("/shelf"))));
    // Reached from the library, an article's q goes back to it.
    assert!(!s.back_quits);
    update(
        &mut s,
        Msg::Scanned(
            PathBuf::from("/shelf"),
            vec![
                entry("/nonexistent/marginalia-test/a.txt", "A", None, 0),
                entry("/nonexistent/marginalia-test/t.txt", "T", None, 0),
            ],
        ),
    );
    assert_eq!(
        selected(&s),
        "/nonexistent/marginalia-test/t.txt",
        "the article just closed is selected"
    );
}

#[test]
fn the_library_sorts_by_title_first_and_each_key_press_takes_the_next_order() {
    let mut s = shelf();
    assert_eq!(
        listed(&s),
        ["b.md", "c.md", "a.md"],
        "by title, ignoring case"
    );
    update(&mut s, key('j'));
    assert_eq!(selected(&s), "c.md");
    let effects = update(&mut s, key('s'));
    assert_eq!(effects, [Effect::SaveMemory]);
    assert_eq!(s.memory.library_order.as_deref(), Some("date"));
    assert_eq!(
        listed(&s),
        ["c.md", "a.md", "b.md"],
        "newest first, undated last"
    );
    assert_eq!(selected(&s), "c.md", "the selection stays on its article");
    assert_eq!(s.message, Some(Message::info("sorted newest first")));
    update(&mut s, key('s'));
    assert_eq!(listed(&s), ["b.md", "c.md", "a.md"], "most annotated first");
    update(&mut s, key('s'));
    assert_eq!(listed(&s), ["a.md", "b.md", "c.md"], "by file name");
    update(&mut s, key('s'));
    assert_eq!(s.library.order, SortOrder::Title);

    // The order is remembered for the next run.
    let mut memory = s.memory.clone();
    memory.library_order = Some("annotations".into());
    let next = State::new(
        s.config.clone(),
        s.settings.clone(),
        Keymap::new(&s.settings, &s.config.labels).unwrap(),
        s.themes.clone(),
        memory,
    );
    assert_eq!(next.library.order, SortOrder::Annotations);
}

#[test]
fn counts_arriving_later_reorder_only_the_annotation_order() {
    let mut s = shelf();
    update(&mut s, key('s'));
    update(&mut s, key('s'));
    assert_eq!(listed(&s), ["b.md", "c.md", "a.md"]);
    let counts = library::Counts {
        words: 10,
        annotations: 9,
        problem: None,
        page_meta: None,
    };
    update(
        &mut s,
        Msg::Counted(PathBuf::from("."), PathBuf::from("a.md"), counts),
    );
    assert_eq!(listed(&s), ["a.md", "b.md", "c.md"]);
}

#[test]
fn the_library_ends_and_pages_are_a_key_away() {
    let mut s = state();
    let entries: Vec<Entry> = (0..50)
        .map(|i| entry(&format!("{i:02}.md"), &format!("Article {i:02}"), None, 0))
        .collect();
    update(&mut s, Msg::Scanned(PathBuf::from("."), entries));
    update(&mut s, Msg::Resize(80, 24));
    update(&mut s, key('G'));
    assert_eq!(selected(&s), "49.md");
    update(&mut s, key('g'));
    assert_eq!(selected(&s), "00.md");
    update(&mut s, code(KeyCode::End));
    assert_eq!(selected(&s), "49.md");
    update(&mut s, code(KeyCode::Home));
    update(&mut s, code(KeyCode::PageDown));
    assert_eq!(selected(&s), "20.md", "a page is the rows on screen");
    update(&mut s, code(KeyCode::PageUp));
    assert_eq!(selected(&s), "00.md");
}

const TEXT: &str =
    "The lane is new. Riders like the lane.\n\nThe council paid for one lane.\n\nNobody minds.";

fn search(s: &mut State, query: &str) {
    update(s, key('/'));
    for c in query.chars() {
        update(s, key(c));
    }
}

#[test]
fn search_says_where_it_is_and_what_one_match_means() {
    let mut s = opened(Format::PlainText, TEXT, 80, 24);
    search(&mut s, "lane");
    let effects = update(&mut s, code(KeyCode::Enter));
    assert_eq!(effects, [Effect::SaveMemory], "the history is kept");
    assert_eq!(s.reader.as_ref().unwrap().search().current(), Some(0));
    update(&mut s, key('n'));
    assert_eq!(s.message, None, "the status line shows 2/3");
    update(&mut s, key('n'));
    update(&mut s, key('n'));
    assert_eq!(
        s.message,
        Some(Message::info("1/3: search wrapped around to the top"))
    );
    update(&mut s, key('N'));
    assert_eq!(
        s.message,
        Some(Message::info("3/3: search wrapped around to the bottom"))
    );

    search(&mut s, "council");
    update(&mut s, code(KeyCode::Enter));
    for _ in 0..2 {
        update(&mut s, key('n'));
        assert_eq!(
            s.message,
            Some(Message::info("1/1: the only match for \"council\""))
        );
    }
}

#[test]
fn up_and_down_bring_back_earlier_searches_and_then_what_was_typed() {
    let mut s = opened(Format::PlainText, TEXT, 80, 24);
    for query in ["lane", "riders", "council"] {
        search(&mut s, query);
        update(&mut s, code(KeyCode::Enter));
    }
    assert_eq!(s.memory.search_history, ["lane", "riders", "council"]);
    search(&mut s, "no");
    let typed = |s: &State| match &s.overlay {
        Some(Overlay::Search(field)) => field.text().to_string(),
        _ => panic!("the search is closed"),
    };
    update(&mut s, code(KeyCode::Up));
    assert_eq!(typed(&s), "council");
    assert_eq!(
        s.reader.as_ref().unwrap().search().query(),
        "council",
        "and runs"
    );
    update(&mut s, code(KeyCode::Up));
    update(&mut s, code(KeyCode::Up));
    update(&mut s, code(KeyCode::Up));
    assert_eq!(typed(&s), "lane", "the oldest stays");
    update(&mut s, code(KeyCode::Down));
    assert_eq!(typed(&s), "riders");
    update(&mut s, code(KeyCode::Down));
    update(&mut s, code(KeyCode::Down));
    assert_eq!(typed(&s), "no", "past the newest, what was being typed");
    update(&mut s, code(KeyCode::Up));
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.memory.search_history, ["lane", "riders", "council"]);
}

#[test]
fn the_selection_is_a_mode_while_it_lasts() {
    let mut s = opened(Format::PlainText, TEXT, 80, 24);
    update(&mut s, key('v'));
    for _ in 0..3 {
        update(&mut s, key('w'));
        assert_eq!(s.context(), Context::Selecting);
        assert_eq!(s.message, None, "no message hides the mode's keys");
    }
    update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.context(), Context::Reader);
}
