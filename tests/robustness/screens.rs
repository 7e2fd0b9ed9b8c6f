//! What is drawn: no control character from an article, a note, a name or
//! a message reaches a cell, and tiny terminals draw and take keys.

use super::*;
use marginalia::tui::app::Screen;
use ratatui::layout::Rect;

// ------------------------------------------------------ terminal safety

fn fresh_state(width: u16, height: u16) -> State {
    let mut state = State::with_defaults();
    update(&mut state, Msg::Resize(width, height));
    state
}

fn open_in(state: &mut State, dir: &Path, name: &str, format: Format, source: &str) {
    let article = parse_source(name, format, source);
    let store = Store::open(dir.join(format!("{name}.json")), &article.text).unwrap();
    let opened = Opened::new(dir.join(name), article, store);
    update(state, Msg::Loaded(Box::new(opened)));
}

fn press(state: &mut State, code: KeyCode) {
    update(state, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn type_keys(state: &mut State, keys: &str) {
    for c in keys.chars() {
        press(state, KeyCode::Char(c));
    }
}

fn draw(state: &State, width: u16, height: u16) -> ratatui::buffer::Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| marginalia::tui::view::draw(frame, state))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// Every cell drawn holds only characters a terminal shows as text.
fn assert_inert(buffer: &ratatui::buffer::Buffer, what: &str) {
    for (index, cell) in buffer.content().iter().enumerate() {
        let symbol = cell.symbol();
        assert!(
            !symbol
                .chars()
                .any(|c| is_unsafe(c) || c == '\n' || c == '\t'),
            "{what}: cell {index} holds {symbol:?}"
        );
    }
}

/// Text from strangers with every kind of terminal control in it.
const HOSTILE: &str = "esc\u{1b}[2Jcsi\u{9b}31mosc\u{1b}]0;pwned\u{7}bel\u{7}\
    c1\u{85}\u{90}bidi\u{202e}txet\u{2066}del\u{7f}cr\rnul";

#[test]
fn nothing_drawn_from_article_notes_names_or_messages_reaches_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let article = format!(
        "---\ntitle: \"T {HOSTILE}\"\nauthor: \"A {HOSTILE}\"\n---\n\n# H {HOSTILE}\n\n\
        Para {HOSTILE}. Second sentence.\n\n| c {HOSTILE} | d |\n|-|-|\n| e | f |\n\n\
        - item {HOSTILE}\n\n```\ncode {HOSTILE}\n```\n\n[link {HOSTILE}](http://x/{HOSTILE})\n"
    );
    let name = format!("evil{HOSTILE}.md");
    let (width, height) = (120, 40);
    let mut state = fresh_state(width, height);
    update(
        &mut state,
        Msg::Scanned(
            dir.path().join(HOSTILE),
            vec![Entry {
                path: dir.path().join(&name),
                title: format!("T {HOSTILE}"),
                author: Some(format!("A {HOSTILE}")),
                date: Some(HOSTILE.into()),
                words: 3,
                annotations: 1,
                counted: true,
                problem: Some(format!("P {HOSTILE}")),
            }],
        ),
    );
    update(&mut state, Msg::Failed(format!("failed {HOSTILE}")));
    assert_inert(&draw(&state, width, height), "library");
    type_keys(&mut state, "/");
    type_keys(&mut state, "e\u{1b}");
    assert_inert(&draw(&state, width, height), "library filter");

    open_in(&mut state, dir.path(), &name, Format::Markdown, &article);
    // A note on the passage under the cursor, so `a` opens its editor.
    let reader = state.reader.as_mut().unwrap();
    let passage = reader.cursor_span();
    let id = reader.store_mut().add("claim", passage, HOSTILE).unwrap();
    reader
        .store_mut()
        .set_note(&id, &format!("note {HOSTILE}\nline two"))
        .unwrap();
    let mut screens = vec![("reader", draw(&state, width, height))];

    update(&mut state, Msg::SaveFailed(format!("save {HOSTILE}")));
    screens.push(("save error", draw(&state, width, height)));
    for (what, keys) in [
        ("notes panel", "s"),
        ("outline", "o"),
        ("annotation list", "A"),
        ("help", "?"),
        ("statistics", "i"),
        ("hints", "h"),
    ] {
        type_keys(&mut state, keys);
        screens.push((what, draw(&state, width, height)));
        // Panels toggle; overlays close with Esc.
        if matches!(keys, "s" | "o" | "h") {
            type_keys(&mut state, keys);
        } else {
            press(&mut state, KeyCode::Esc);
        }
    }
    type_keys(&mut state, "a");
    screens.push(("note editor", draw(&state, width, height)));
    press(&mut state, KeyCode::Esc);
    type_keys(&mut state, "S");
    type_keys(&mut state, "x\u{1b}y");
    screens.push(("save-as prompt", draw(&state, width, height)));
    for (what, buffer) in &screens {
        assert_inert(buffer, what);
    }
    // Not vacuous: the hostile text is on screen, as visible stand-ins.
    let shown = |buffer: &ratatui::buffer::Buffer| -> String {
        buffer.content().iter().map(|cell| cell.symbol()).collect()
    };
    for (what, buffer) in &screens {
        if matches!(*what, "reader" | "notes panel" | "note editor") {
            assert!(shown(buffer).contains("␛[2Jcsi<U+009B>"), "{what}");
        }
    }
    // The prompt starts from the annotation file's hostile name.
    let prompt = shown(&screens.last().unwrap().1);
    assert!(
        prompt.contains("save annotations to: evilesc␛[2J"),
        "{prompt}"
    );
}

// ------------------------------------------------------- tiny terminals

const ARTICLE: &str = "# Rents\n\nThe mayor says rents will fall. Critics disagree.\n\n\
    - Rents rose 9% last year.\n\n> Rents will fall, he insists, by 2030.\n\n|a|b|\n|-|-|\n|1|2|\n";

/// Keys that move, select, tag, open panels and type.
const KEYS: &[KeyCode] = &[
    KeyCode::Char('j'),
    KeyCode::Char('k'),
    KeyCode::Char(' '),
    KeyCode::Char('b'),
    KeyCode::Char('g'),
    KeyCode::Char('G'),
    KeyCode::Char(')'),
    KeyCode::Char('('),
    KeyCode::Char('}'),
    KeyCode::Char('{'),
    KeyCode::Char(']'),
    KeyCode::Char('['),
    KeyCode::Char('/'),
    KeyCode::Char('n'),
    KeyCode::Char('o'),
    KeyCode::Char('s'),
    KeyCode::Char('v'),
    KeyCode::Char('V'),
    KeyCode::Char('w'),
    KeyCode::Char('1'),
    KeyCode::Char('2'),
    KeyCode::Char('a'),
    KeyCode::Char('d'),
    KeyCode::Char('u'),
    KeyCode::Char('A'),
    KeyCode::Char('?'),
    KeyCode::Char('i'),
    KeyCode::Char('h'),
    KeyCode::Char('t'),
    KeyCode::Char('é'),
    KeyCode::Tab,
    KeyCode::Enter,
    KeyCode::Esc,
    KeyCode::Backspace,
    KeyCode::Up,
    KeyCode::Down,
    KeyCode::PageDown,
    KeyCode::End,
];

/// The rows of a drawn screen, as text.
fn rows(buffer: &ratatui::buffer::Buffer) -> Vec<String> {
    let area = buffer.area;
    (0..area.height)
        .map(|y| (0..area.width).map(|x| buffer[(x, y)].symbol()).collect())
        .collect()
}

/// Text without its white space, to compare what a narrow column shows
/// with the article it shows.
fn letters(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Tiny windows draw exactly their size and show what fits: in one or two
/// columns the rows above the status line spell out the article's text
/// from the place read (quote bars and list markers give way to it; a
/// table's stacked rows add their column names, so the check stops before
/// the table); a one-row window is the status line, with the title and how
/// far through the article the screen is.
#[test]
fn one_column_and_one_row_terminals_draw_and_take_keys() {
    let dir = tempfile::tempdir().unwrap();
    let sizes = [(1, 1), (1, 40), (120, 1), (2, 3), (0, 0), (0, 10), (10, 0)];
    let prose = &ARTICLE[..ARTICLE.find("|a|").unwrap()];
    for ((width, height), source) in sizes
        .into_iter()
        .flat_map(|size| [(size, ARTICLE), (size, prose)])
    {
        let mut state = fresh_state(width, height);
        open_in(&mut state, dir.path(), "a.md", Format::Markdown, source);
        let text = letters(&state.reader.as_ref().unwrap().article().text);
        let first = rows(&draw(&state, width, height));
        assert_eq!(first.len(), height as usize);
        if width > 0 && height > 1 {
            let shown = letters(&first[..first.len() - 1].concat());
            assert!(
                text.starts_with(&shown) && !shown.is_empty(),
                "{width}x{height}: {first:?}"
            );
        }
        if height == 1 && width >= 20 {
            assert!(
                first[0].contains("Rents") && first[0].contains("0%"),
                "{width}x{height}: {first:?}"
            );
        }
        for key in KEYS {
            update(
                &mut state,
                Msg::Key(KeyEvent::new(*key, KeyModifiers::NONE)),
            );
            let screen = draw(&state, width, height);
            assert_eq!(screen.area, Rect::new(0, 0, width, height), "after {key:?}");
            let screen = rows(&screen);
            let reading = state.overlay.is_none() && state.screen == Screen::Reader;
            let reading = reading && source == prose;
            if reading && (1..=2).contains(&width) && height > 1 {
                let shown: String = letters(&screen[..screen.len() - 1].concat())
                    .chars()
                    .filter(|c| !matches!(c, '│' | '•'))
                    .collect();
                assert!(
                    !shown.is_empty() && text.contains(&shown),
                    "{width}x{height} after {key:?}: {screen:?}"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(cases(64))]

    /// Any keys at any size, with resizes between them, never panic.
    #[test]
    fn any_keys_at_any_size_never_panic(
        source in soup(),
        steps in prop::collection::vec(
            prop_oneof![
                4 => prop::sample::select(KEYS).prop_map(Ok),
                1 => (0..130u16, 0..50u16).prop_map(Err),
            ],
            1..60,
        ),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (mut width, mut height) = (40, 12);
        let mut state = fresh_state(width, height);
        open_in(&mut state, dir.path(), "a.md", Format::Markdown, &format!("{ARTICLE}{source}"));
        for step in steps {
            match step {
                Ok(key) => {
                    update(&mut state, Msg::Key(KeyEvent::new(key, KeyModifiers::NONE)));
                }
                Err((w, h)) => {
                    (width, height) = (w, h);
                    update(&mut state, Msg::Resize(w, h));
                }
            }
            assert_inert(&draw(&state, width, height), "after a key");
        }
        // Messages from the runner land safely too.
        state.message = Some(Message::error(HOSTILE));
        assert_inert(&draw(&state, width, height), "with a message");
    }
}
