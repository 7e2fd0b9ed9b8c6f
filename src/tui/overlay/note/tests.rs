use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::pieces::Pieces;
use super::window::{NoteWindow, WINDOW_BYTES, WINDOW_LINES};

/// A long note as one is pasted in: numbered lines of prose, a blank line
/// between paragraphs of a few lines each.
fn long_note(lines: usize) -> String {
    (0..lines)
        .map(|i| match i % 7 {
            6 => String::new(),
            _ => format!("{i}: the council's figures, checked against the minutes again"),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn press(window: &mut NoteWindow, code: KeyCode, modifiers: KeyModifiers) -> bool {
    window.input(KeyEvent::new(code, modifiers))
}

fn plain(window: &mut NoteWindow, code: KeyCode) -> bool {
    press(window, code, KeyModifiers::NONE)
}

fn type_str(window: &mut NoteWindow, text: &str) {
    for c in text.chars() {
        plain(window, KeyCode::Char(c));
    }
}

/// Draws the text area as the editor does, and returns the rows shown.
fn draw(window: &NoteWindow, area: Rect) -> Vec<String> {
    let mut buffer = Buffer::empty(area);
    window.drawn_in(area);
    window.textarea().render(area, &mut buffer);
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

/// The note with `text` put at `line`, `col` (in chars), as a model.
fn insert_at(note: &str, line: usize, col: usize, text: &str) -> String {
    let mut lines: Vec<String> = note.split('\n').map(str::to_string).collect();
    let at = lines[line]
        .char_indices()
        .nth(col)
        .map_or(lines[line].len(), |(i, _)| i);
    lines[line].insert_str(at, text);
    lines.join("\n")
}

fn in_window(window: &NoteWindow) {
    let (_, lines) = window.window_lines();
    assert!(lines <= 2 * WINDOW_LINES, "{lines} lines in the text area");
    assert!(window.window_bytes() <= 2 * WINDOW_BYTES);
}

#[test]
fn typing_at_the_start_middle_and_end_of_a_long_note_edits_the_whole_note() {
    // More lines than ratatui-textarea's u16 rows can scroll to.
    let note = long_note(70_000);
    let mut window = NoteWindow::new(&note);
    assert_eq!(window.text(), note, "nothing lost on opening");
    assert_eq!(
        window.cursor(),
        (69_999, note.split('\n').next_back().unwrap().len())
    );
    in_window(&window);

    // The end: where the editor opens.
    type_str(&mut window, " END");
    let mut expected = format!("{note} END");
    assert_eq!(window.text(), expected);

    // The start: Ctrl-Home.
    press(&mut window, KeyCode::Home, KeyModifiers::CONTROL);
    assert_eq!(window.cursor(), (0, 0));
    type_str(&mut window, "START ");
    expected = format!("START {expected}");
    assert_eq!(window.text(), expected);
    in_window(&window);

    // The middle, reached with the arrows: 35,000 lines down.
    for _ in 0..35_000 {
        plain(&mut window, KeyCode::Down);
    }
    assert_eq!(window.cursor().0, 35_000);
    let col = window.cursor().1;
    type_str(&mut window, "MIDDLE");
    expected = insert_at(&expected, 35_000, col, "MIDDLE");
    assert_eq!(window.text(), expected);
    in_window(&window);

    // Back to the end with Ctrl-End, and a new line there.
    press(&mut window, KeyCode::End, KeyModifiers::CONTROL);
    plain(&mut window, KeyCode::Enter);
    type_str(&mut window, "after");
    expected.push_str("\nafter");
    assert_eq!(window.text(), expected);
    assert_eq!(window.cursor(), (70_000, 5));
}

#[test]
fn keys_at_a_windows_edge_reach_across_it() {
    let note = long_note(5_000);
    let mut window = NoteWindow::new(&note);
    press(&mut window, KeyCode::Home, KeyModifiers::CONTROL);
    let mut expected = note.clone();
    // Walk down to past the first window, joining each line that starts a
    // window (and some others) to the one before with Backspace.
    let mut joined = 0;
    let mut line = 0;
    while line + 1 < 5_000 - joined {
        let (first, lines) = window.window_lines();
        plain(&mut window, KeyCode::Down);
        line += 1;
        assert_eq!(window.cursor().0, line, "down moves one line");
        let at_edge = line == first + lines - 1 || line == first;
        if at_edge || line % 997 == 0 {
            plain(&mut window, KeyCode::Home);
            assert!(plain(&mut window, KeyCode::Backspace));
            let mut lines: Vec<&str> = expected.split('\n').collect();
            let merged = format!("{}{}", lines[line - 1], lines[line]);
            lines.splice(line - 1..=line, [merged.as_str()]);
            expected = lines.join("\n");
            joined += 1;
            line -= 1;
            assert_eq!(window.text(), expected, "Backspace at line {line}");
        }
    }
    assert!(joined > 5, "the walk crossed windows ({joined} joins)");
    // And up again, deleting forward across each window's top edge.
    while line > 0 {
        plain(&mut window, KeyCode::Up);
        line -= 1;
        assert_eq!(window.cursor().0, line, "up moves one line");
    }
    assert_eq!(window.text(), expected);
}

#[test]
fn page_keys_scroll_through_a_long_note_and_the_screen_shows_it() {
    let note = long_note(20_000);
    let mut window = NoteWindow::new(&note);
    let area = Rect::new(0, 0, 80, 12);
    press(&mut window, KeyCode::Home, KeyModifiers::CONTROL);
    draw(&window, area);
    let mut last = 0;
    for _ in 0..2_000 {
        plain(&mut window, KeyCode::PageDown);
        let rows = draw(&window, area);
        let line = window.cursor().0;
        assert!(line > last || line == 19_999, "PgDn moved on from {last}");
        last = line;
        // The cursor's line is on screen: its number starts a row.
        if note.split('\n').nth(line).is_some_and(|l| !l.is_empty()) {
            let shown = format!("{line}: ");
            assert!(
                rows.iter().any(|r| r.starts_with(&shown)),
                "{line} in {rows:?}"
            );
        }
        if line == 19_999 {
            break;
        }
    }
    assert_eq!(last, 19_999, "PgDn reached the end");
    // Up to the first page (where the text area leaves the cursor on the
    // row it was on).
    let mut rows = Vec::new();
    for _ in 0..2_000 {
        plain(&mut window, KeyCode::PageUp);
        rows = draw(&window, area);
        if window.cursor().0 < area.height as usize {
            break;
        }
    }
    assert!(
        rows[0].starts_with("0: "),
        "PgUp reached the start: {rows:?}"
    );
}

#[test]
fn a_moved_window_keeps_the_cursor_on_its_screen_row() {
    let note = long_note(10_000);
    let mut window = NoteWindow::new(&note);
    let area = Rect::new(0, 0, 80, 10);
    draw(&window, area);
    for _ in 0..9 {
        plain(&mut window, KeyCode::Up);
        draw(&window, area);
    }
    // Scrolling up keeps the cursor on the top row, across window moves.
    for _ in 0..3_000 {
        plain(&mut window, KeyCode::Up);
        let rows = draw(&window, area);
        let line = window.cursor().0;
        if note.split('\n').nth(line).is_some_and(|l| !l.is_empty()) {
            assert!(
                rows[0].starts_with(&format!("{line}: ")),
                "{line}: {rows:?}"
            );
        }
    }
}

#[test]
fn a_short_note_is_one_window() {
    let mut window = NoteWindow::new("one\ntwo");
    assert!(window.is_whole());
    press(&mut window, KeyCode::Home, KeyModifiers::CONTROL);
    type_str(&mut window, "> ");
    press(&mut window, KeyCode::End, KeyModifiers::CONTROL);
    type_str(&mut window, ".");
    assert_eq!(window.text(), "> one\ntwo.");
    let empty = NoteWindow::new("");
    assert_eq!((empty.text(), empty.cursor()), (String::new(), (0, 0)));
}

#[test]
fn shared_pieces_join_to_the_note() {
    let note = long_note(30_000);
    let mut window = NoteWindow::new(&note);
    type_str(&mut window, "!");
    let joined: String = window.shared().iter().map(|p| &**p).collect();
    assert_eq!(joined, format!("{note}!"));
}

proptest! {
    #[test]
    fn pieces_split_and_find_lines_as_a_string_does(
        text in "[a-zé\n]{0,300}",
        cuts in proptest::collection::vec(0usize..400, 1..6),
    ) {
        let mut pieces = Pieces::new(&text);
        prop_assert_eq!(pieces.to_text(), text.clone());
        prop_assert_eq!(pieces.newlines(), text.matches('\n').count());
        for n in 0..=pieces.newlines() + 1 {
            let expected = match n {
                0 => Some(0),
                _ => text.match_indices('\n').nth(n - 1).map(|(i, _)| i + 1),
            };
            prop_assert_eq!(pieces.after_newline(n), expected);
        }
        for &at in &cuts {
            let at = at.min(text.len());
            let bytes = text.as_bytes();
            let start = (at..=text.len())
                .find(|&q| q == 0 || bytes[q - 1] == b'\n')
                .unwrap_or(text.len());
            prop_assert_eq!(pieces.line_start_at_or_after(at), start);
            let end = if at >= text.len() {
                text.len()
            } else {
                bytes[..=at].iter().rposition(|&b| b == b'\n').unwrap_or(0)
            };
            prop_assert_eq!(pieces.line_end_at_or_before(at), end);
        }
        let mut at = cuts[0].min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let rest = pieces.split_off(at);
        prop_assert_eq!(pieces.to_text(), &text[..at]);
        prop_assert_eq!(rest.to_text(), &text[at..]);
        prop_assert_eq!(rest.newlines(), text[at..].matches('\n').count());
        pieces.append(rest);
        pieces.push_str("tail");
        prop_assert_eq!(pieces.to_text(), format!("{text}tail"));
    }
}
