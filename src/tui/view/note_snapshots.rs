//! Snapshots of the annotation views of issue 17 at 60×20, 80×24 and
//! 120×40: the note editor (wrapped, CJK and emoji, every label in its
//! title), the list of every annotation with a search, and the notes panel
//! on passages the text's edits moved or reworded.

use ratatui::crossterm::event::KeyCode;

use super::snapshots::{ARTICLE, loaded, reader, screen};
use crate::annotate::Store;
use crate::article::{Format, parse_source};
use crate::tui::app::tests::{code, key};
use crate::tui::app::{State, update};

const SIZES: [(u16, u16); 3] = [(60, 20), (80, 24), (120, 40)];

fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        let msg = if c == '\n' {
            code(KeyCode::Enter)
        } else {
            key(c)
        };
        update(s, msg);
    }
}

/// A passage with two labels and a three-line note, one line CJK.
fn editing(width: u16, height: u16) -> State {
    let mut s = reader(width, height);
    update(&mut s, key(')'));
    update(&mut s, key('1'));
    update(&mut s, key('3'));
    update(&mut s, key('a'));
    typed(
        &mut s,
        "A figure anyone can check in the capital accounts, though the total includes the mural.\n\
         東京の家賃は二倍になるだろうと大臣は言ったが、出典はない。🏠\n\
         Ask: which year's prices?",
    );
    s
}

#[test]
fn note_editor() {
    for (width, height) in SIZES {
        insta::assert_snapshot!(
            format!("note_editor_{width}x{height}"),
            screen(&editing(width, height), width, height)
        );
    }
}

/// Four annotations (one a plain note, one with two labels), the list
/// searched for a word in a note and in a passage.
fn listing(width: u16, height: u16) -> State {
    let mut s = reader(width, height);
    update(&mut s, key(')'));
    update(&mut s, key('1'));
    update(&mut s, key(')'));
    update(&mut s, key('1'));
    update(&mut s, key(')'));
    update(&mut s, key('2'));
    update(&mut s, key('3'));
    update(&mut s, key('a'));
    typed(&mut s, "Worth it to whom? Check the council's figures.");
    update(&mut s, code(KeyCode::Esc));
    update(&mut s, key(']'));
    update(&mut s, key(')'));
    update(&mut s, key('a'));
    typed(&mut s, "A plain note: the council again.");
    update(&mut s, code(KeyCode::Esc));
    update(&mut s, key('A'));
    update(&mut s, key('/'));
    typed(&mut s, "council");
    s
}

#[test]
fn annotation_list_searched() {
    for (width, height) in SIZES {
        insta::assert_snapshot!(
            format!("annotation_list_searched_{width}x{height}"),
            screen(&listing(width, height), width, height)
        );
    }
}

/// Annotations made on an earlier version of the article: one passage
/// has moved (a sentence was added before it), one was reworded.
fn re_anchored(width: u16, height: u16, show_old: bool) -> State {
    let old = parse_source("t", Format::Markdown, ARTICLE);
    let edited = ARTICLE
        .replace(
            "Port Elsby opened",
            "A correction was added in May. Port Elsby opened",
        )
        .replace(
            "The council will probably extend it",
            "The council will very probably extend it",
        );
    let article = parse_source("t", Format::Markdown, &edited);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.json");
    let mut before = Store::open(&path, &old.text).unwrap();
    for (label, quote) in [
        (
            "claim",
            "Port Elsby opened its first protected lane in 2019.",
        ),
        (
            "speculation",
            "The council will probably extend it, and ridership could double again by 2030.",
        ),
    ] {
        let start = old.text.find(quote).unwrap();
        before
            .add(label, start..start + quote.len(), "ana")
            .unwrap();
    }
    before.save().unwrap();
    let store = Store::open(&path, &article.text).unwrap();
    let mut s = loaded(width, height, dir.path().join("t.md"), article, store, None);
    // The reworded passage on screen with the moved one.
    update(&mut s, key('G'));
    if show_old {
        update(&mut s, key('Q'));
    }
    s
}

#[test]
fn re_anchored_passages_in_the_notes_panel() {
    for (width, height) in SIZES {
        insta::assert_snapshot!(
            format!("re_anchored_passages_{width}x{height}"),
            screen(&re_anchored(width, height, false), width, height)
        );
    }
    insta::assert_snapshot!(
        "re_anchored_passages_with_old_quotes_120x40",
        screen(&re_anchored(120, 40, true), 120, 40)
    );
}

/// Against a key, each label of a key passage is found or missed on its
/// own, and a plain note (the key's or the reader's) is neither.
#[test]
fn a_key_passage_with_two_labels_is_found_label_by_label() {
    let article = parse_source("t", Format::Markdown, ARTICLE);
    let dir = tempfile::tempdir().unwrap();
    let range_of = |quote: &str| {
        let start = article.text.find(quote).unwrap();
        start..start + quote.len()
    };
    let both = range_of("I think it was worth every cent.");
    let dated = range_of("Port Elsby opened its first protected lane in 2019.");
    let mut key = Store::open(dir.path().join("key.json"), &article.text).unwrap();
    key.add("opinion", both.clone(), "teacher").unwrap();
    key.add("speculation", both.clone(), "teacher").unwrap();
    let aside = key.add_note(dated.clone(), "teacher").unwrap();
    key.set_note(&aside, "Worth a look.").unwrap();
    let mut student = Store::open(dir.path().join("ana.json"), &article.text).unwrap();
    student.add("opinion", both, "ana").unwrap();
    let mine = student.add_note(dated, "ana").unwrap();
    student.set_note(&mine, "Check the year.").unwrap();

    let s = loaded(
        120,
        40,
        dir.path().join("t.md"),
        article,
        student,
        Some(key),
    );
    let drawn = screen(&s, 120, 40);
    assert!(drawn.contains("missed speculation"), "{drawn}");
    assert!(
        drawn.contains("key ✎ note  "),
        "no mark on the key's plain note:\n{drawn}"
    );
    assert!(
        !drawn.contains("✎ note ✓"),
        "no mark on a plain note:\n{drawn}"
    );
    assert!(!drawn.contains("✎?") && !drawn.contains("✎✓"), "{drawn}");
}

/// A passage with three labels: the margin holds two glyphs, so the third
/// goes on the row below (it used to be cut off).
#[test]
fn a_third_label_shows_in_the_margin_of_the_row_below() {
    let mut s = reader(80, 24);
    for c in [')', '1', '2', '3'] {
        update(&mut s, key(c));
    }
    let shown = screen(&s, 80, 24);
    let rows: Vec<&str> = shown.lines().collect();
    let first = rows
        .iter()
        .position(|row| row.contains("Port Elsby opened"))
        .unwrap();
    let margin = |row: &str| {
        row.trim_start_matches('"')
            .chars()
            .take(2)
            .collect::<String>()
    };
    assert_eq!(margin(rows[first]), "◆●", "{shown}");
    assert_eq!(margin(rows[first + 1]).trim(), "▲", "{shown}");
}

/// A wide character drawn in a screen's last column would be put by a real
/// terminal at the start of the next row, over the text: the notes panel
/// ends at the screen's edge, so no width of it may leave one there.
#[test]
fn a_note_in_wide_characters_stays_inside_the_panel() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use unicode_width::UnicodeWidthStr;

    let mut panels = 0;
    for width in 100..=160 {
        for length in [8, 13, 14, 15, 19, 20] {
            let mut s = reader(width, 24);
            update(&mut s, key(')'));
            update(&mut s, key('a'));
            typed(&mut s, &format!("{}。", "語".repeat(length)));
            update(&mut s, code(KeyCode::Esc));
            let mut terminal = Terminal::new(TestBackend::new(width, 24)).unwrap();
            terminal
                .draw(|frame| crate::tui::view::draw(frame, &s))
                .unwrap();
            let buffer = terminal.backend().buffer();
            for y in 0..24 {
                let last = &buffer[(width - 1, y)];
                assert!(
                    last.symbol().width() <= 1,
                    "a wide {:?} in the last column at {width} columns, row {y}:\n{}",
                    last.symbol(),
                    terminal.backend()
                );
            }
            panels += usize::from(terminal.backend().to_string().contains("Notes"));
        }
    }
    assert!(panels > 200, "the panel was drawn {panels} times");
}
