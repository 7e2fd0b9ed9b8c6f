//! Snapshots of whole screens drawn on ratatui's `TestBackend`, at the two
//! sizes readers use most. A change to any pane shows up here as a diff.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

use crate::article::Format;
use crate::library::Entry;
use crate::tui::app::tests::{code, key, opened, state};
use crate::tui::app::{Msg, State, update};

pub(super) const ARTICLE: &str = "---
title: Paint Is Not a Lane
author: A. Writer
date: 2025-04-17
---

# Paint Is Not a Lane

Port Elsby opened its first protected lane in 2019. It cost $2.1 million,
according to the council.[^1] I think it was worth every cent.

## What Changed

- Riders on Harbour Road rose **237%**.
  - Most came from parallel streets.
- Collisions fell by a third.

> A lane that stops at a roundabout is a promise broken.

| Corridor | Riders before | Riders after |
|---|---|---|
| Harbour Road | 410 | 1,380 |
| Canal Street | 220 | 640 |

## What Might Happen Next

The council will probably extend it, and ridership could double again by 2030.

[^1]: Capital accounts, 2019.
";

pub(super) fn screen(state: &State, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| crate::tui::view::draw(frame, state))
        .unwrap();
    terminal.backend().to_string()
}

pub(super) fn reader(width: u16, height: u16) -> State {
    opened(Format::Markdown, ARTICLE, width, height)
}

fn library() -> State {
    let mut s = state();
    let entry = |file: &str, title: &str, author: Option<&str>, words, annotations| Entry {
        path: format!("articles/{file}").into(),
        title: title.into(),
        author: author.map(str::to_string),
        date: Some("2025-04-17".into()),
        words,
        annotations,
        counted: true,
        problem: None,
    };
    let broken = Entry {
        problem: Some("articles/broken.txt: is not UTF-8 (invalid byte at offset 3)".into()),
        ..entry("broken.txt", "broken.txt", None, 0, 0)
    };
    update(
        &mut s,
        Msg::Scanned(
            "articles".into(),
            vec![
                entry(
                    "bikes.md",
                    "The Case for Boring Bike Lanes",
                    Some("Marta Okonjo-Reyes"),
                    1019,
                    4,
                ),
                entry(
                    "phones.md",
                    "Lock the Phones, Not the Students",
                    Some("Daniel Achterberg"),
                    890,
                    0,
                ),
                broken,
            ],
        ),
    );
    s
}

#[test]
fn library_80x24() {
    let mut s = library();
    update(&mut s, Msg::Resize(80, 24));
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn library_120x40() {
    let mut s = library();
    update(&mut s, Msg::Resize(120, 40));
    insta::assert_snapshot!(screen(&s, 120, 40));
}

#[test]
fn reading_view_80x24() {
    insta::assert_snapshot!(screen(&reader(80, 24), 80, 24));
}

#[test]
fn reading_view_120x40_with_notes_panel() {
    insta::assert_snapshot!(screen(&reader(120, 40), 120, 40));
}

#[test]
fn outline_80x24() {
    let mut s = reader(80, 24);
    update(&mut s, key('o'));
    update(&mut s, key('j'));
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn outline_120x40() {
    let mut s = reader(120, 40);
    update(&mut s, key('o'));
    insta::assert_snapshot!(screen(&s, 120, 40));
}

#[test]
fn search_80x24() {
    let mut s = reader(80, 24);
    update(&mut s, key('/'));
    for c in "riders".chars() {
        update(&mut s, key(c));
    }
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn search_120x40() {
    let mut s = reader(120, 40);
    update(&mut s, key('/'));
    for c in "lane".chars() {
        update(&mut s, key(c));
    }
    update(&mut s, code(KeyCode::Enter));
    update(&mut s, key('n'));
    insta::assert_snapshot!(screen(&s, 120, 40));
}

#[test]
fn tagged_passages_and_a_note_120x40() {
    let mut s = reader(120, 40);
    update(&mut s, key('1'));
    update(&mut s, key(')'));
    update(&mut s, key('v'));
    update(&mut s, key('w'));
    update(&mut s, key('w'));
    update(&mut s, key('2'));
    update(&mut s, key(']'));
    update(&mut s, key('3'));
    update(&mut s, key('a'));
    for c in "Which source?".chars() {
        update(&mut s, key(c));
    }
    // The list below the editor shows the note once it is saved, on a pause.
    update(&mut s, Msg::Pause);
    insta::assert_snapshot!(screen(&s, 120, 40));
}

#[test]
fn tiny_window_20x5() {
    insta::assert_snapshot!(screen(&reader(20, 5), 20, 5));
}

#[test]
fn teacher_view_120x40() {
    use crate::annotate::Store;
    use crate::article::parse_source;

    let article = parse_source("t", Format::Markdown, ARTICLE);
    let dir = tempfile::tempdir().unwrap();
    let range_of = |quote: &str| {
        let start = article.text.find(quote).unwrap();
        start..start + quote.len()
    };
    let mut key = Store::open(dir.path().join("key.json"), &article.text).unwrap();
    let claim = key
        .add(
            "claim",
            range_of("Port Elsby opened its first protected lane in 2019."),
            "teacher",
        )
        .unwrap();
    key.set_note(&claim, "A date anyone can check.").unwrap();
    let opinion = key
        .add(
            "opinion",
            range_of("I think it was worth every cent."),
            "teacher",
        )
        .unwrap();
    key.set_note(&opinion, "\"I think\" marks a judgement.")
        .unwrap();
    let mut student = Store::open(dir.path().join("ana.json"), &article.text).unwrap();
    student
        .add(
            "claim",
            range_of("Port Elsby opened its first protected lane in 2019."),
            "ana",
        )
        .unwrap();
    student
        .add("claim", range_of("I think it was worth every cent."), "ana")
        .unwrap();

    let s = loaded(
        120,
        40,
        dir.path().join("t.md"),
        article,
        student,
        Some(key),
    );
    insta::assert_snapshot!(screen(&s, 120, 40));
}

/// The reader at `width` × `height` on `article` with `store`, and with
/// `key` shown beside it when given.
pub(super) fn loaded(
    width: u16,
    height: u16,
    path: std::path::PathBuf,
    article: crate::article::Article,
    store: crate::annotate::Store,
    key: Option<crate::annotate::Store>,
) -> State {
    let mut s = state();
    update(&mut s, Msg::Resize(width, height));
    let opened = crate::tui::app::Opened {
        answer_key: key.map(|k| (k, false)),
        ..crate::tui::app::Opened::new(path, article, store)
    };
    update(&mut s, Msg::Loaded(Box::new(opened)));
    s
}

/// The three sizes every new view is looked at in: a small window, the
/// classic terminal, a large one.
const SIZES: [(u16, u16); 3] = [(60, 20), (80, 24), (120, 40)];

/// A library where two articles share a title and one has three authors,
/// sorted newest first.
fn library_of_namesakes() -> State {
    let mut s = state();
    let entry = |file: &str, title: &str, author: &str, date: Option<&str>, annotations| Entry {
        path: format!("articles/{file}").into(),
        title: title.into(),
        author: Some(author.into()),
        date: date.map(str::to_string),
        words: 900,
        annotations,
        counted: true,
        problem: None,
    };
    let entries = vec![
        entry(
            "bikes.md",
            "The Case for Boring Bike Lanes",
            "Marta Okonjo-Reyes",
            Some("2025-04-17"),
            4,
        ),
        entry(
            "bikes-reply.md",
            "The Case for Boring Bike Lanes",
            "Ana Ortiz, Bea Lindqvist and Chidi Okafor",
            Some("2025-05-02"),
            0,
        ),
        entry(
            "phones.md",
            "Lock the Phones, Not the Students",
            "Daniel Achterberg",
            None,
            2,
        ),
    ];
    update(&mut s, Msg::Scanned("articles".into(), entries));
    update(&mut s, key('s'));
    update(&mut s, key('G'));
    s
}

#[test]
fn library_sorted_with_namesakes_and_many_authors() {
    for (width, height) in SIZES {
        let mut s = library_of_namesakes();
        update(&mut s, Msg::Resize(width, height));
        // The message of the sort key is gone with the next key.
        update(&mut s, code(KeyCode::End));
        insta::assert_snapshot!(
            format!("library_sorted_{width}x{height}"),
            screen(&s, width, height)
        );
    }
}

#[test]
fn help_at_every_size_and_scrolled_to_its_end() {
    for (width, height) in SIZES {
        let mut s = reader(width, height);
        update(&mut s, key('?'));
        insta::assert_snapshot!(
            format!("help_top_{width}x{height}"),
            screen(&s, width, height)
        );
        update(&mut s, code(KeyCode::End));
        insta::assert_snapshot!(
            format!("help_end_{width}x{height}"),
            screen(&s, width, height)
        );
    }
}

#[test]
fn the_status_line_follows_the_mode() {
    for (width, height) in SIZES {
        let mut s = reader(width, height);
        s.back_quits = true;
        insta::assert_snapshot!(
            format!("reading_with_byline_{width}x{height}"),
            screen(&s, width, height)
        );
        update(&mut s, key('v'));
        update(&mut s, key('w'));
        update(&mut s, key('w'));
        insta::assert_snapshot!(
            format!("selecting_{width}x{height}"),
            screen(&s, width, height)
        );
        update(&mut s, code(KeyCode::Esc));
        update(&mut s, key('/'));
        for c in "riders".chars() {
            update(&mut s, key(c));
        }
        update(&mut s, code(KeyCode::Enter));
        update(&mut s, key('n'));
        insta::assert_snapshot!(
            format!("search_position_{width}x{height}"),
            screen(&s, width, height)
        );
    }
}

/// The council budget table on a wide window: it spreads past the
/// 80-column text column, one line per row.
#[test]
fn wide_table_160x20() {
    let s = opened(
        Format::Markdown,
        crate::tui::table::tests::WIDE_BUDGET,
        160,
        20,
    );
    insta::assert_snapshot!(screen(&s, 160, 20));
}

/// The same table on a narrow window: rows stacked as `header: value`
/// lines, the long header on a line of its own.
#[test]
fn narrow_table_40x40() {
    let s = opened(
        Format::Markdown,
        crate::tui::table::tests::WIDE_BUDGET,
        40,
        40,
    );
    insta::assert_snapshot!(screen(&s, 40, 40));
}

/// A saved web page's title is in its front matter, not its text (the
/// repeated headline is dropped from the body): the header shows it above
/// the byline. Where the text opens with it as a heading, only the byline.
#[test]
fn the_title_heads_the_text_when_the_text_does_not_show_it() {
    let page = "---\ntitle: \"Doctors offer to give free flu shots to detained migrants\"\n\
                subtitle: \"They warn of an epidemic.\"\nauthor: \"Suzanne Gamboa\"\n\
                site: \"NBC News\"\ndate: \"2019-11-18\"\n---\n\n\
                A group of physicians is urging the department to let them vaccinate.\n";
    let rows = |text: &str| {
        let s = opened(Format::Markdown, text, 80, 24);
        screen(&s, 80, 24)
            .lines()
            .take(5)
            .map(|l| l.trim_matches('"').trim().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rows(page),
        [
            "Doctors offer to give free flu shots to detained migrants",
            "They warn of an epidemic.",
            "Suzanne Gamboa · NBC News · 2019-11-18",
            "",
            "A group of physicians is urging the department to let them vaccinate.",
        ]
    );
    let no_dek = page.replace("subtitle: \"They warn of an epidemic.\"\n", "");
    assert_eq!(
        rows(&no_dek)[..3],
        [
            "Doctors offer to give free flu shots to detained migrants",
            "Suzanne Gamboa · NBC News · 2019-11-18",
            "",
        ]
    );
    let headed = page.replace(
        "\n\nA group",
        "\n\n# Doctors offer to give free flu shots to detained migrants\n\nA group",
    );
    assert_eq!(
        rows(&headed)[..2],
        [
            "Suzanne Gamboa · NBC News · 2019-11-18",
            "Doctors offer to give free flu shots to detained migrants",
        ]
    );
}
