use std::path::PathBuf;

use super::super::tests::{key, state};
use super::super::{FirstPart, Msg, Opened, Screen, State, update};
use crate::annotate::Store;
use crate::article::{Article, Format, first_part, parse_source};

/// A book long enough to be shown from its first part.
fn book() -> String {
    let mut text = String::new();
    for chapter in 1..=400 {
        text.push_str(&format!("CHAPTER {chapter}\n\n"));
        for p in 0..30 {
            text.push_str(&format!(
                "Paragraph {p} of chapter {chapter} tells of the rain. It fell\n\
                 all night on the roofs of the town. Nobody slept.\n\n"
            ));
        }
    }
    text
}

fn dir() -> PathBuf {
    PathBuf::from("/nonexistent/marginalia-test")
}

/// A reader showing the first part of [`book`], awaiting `ticket`.
fn on_first_part(ticket: u64) -> (State, Article) {
    let source = book();
    let part = first_part("book", Format::PlainText, &source).expect("a long book");
    let whole = parse_source("book", Format::PlainText, &source);
    let mut s = state();
    update(&mut s, Msg::Resize(100, 30));
    update(
        &mut s,
        Msg::FirstPart(Box::new(FirstPart {
            path: dir().join("book.txt"),
            article: part,
            annotations: dir().join("book.json"),
            ticket,
        })),
    );
    (s, whole)
}

fn whole_msg(ticket: u64, whole: Article) -> Msg {
    let store = Store::open(dir().join("book.json"), &whole.text).unwrap();
    Msg::Whole(
        ticket,
        Box::new(Opened {
            path: dir().join("book.txt"),
            article: whole,
            store,
            warning: None,
            answer_key: None,
        }),
    )
}

#[test]
fn the_first_part_moves_and_the_whole_takes_its_place_where_the_reader_is() {
    let (mut s, whole) = on_first_part(7);
    let reader = s.reader.as_ref().unwrap();
    assert_eq!(reader.awaiting(), Some(7));
    assert!(reader.article().text.len() < whole.text.len());
    for _ in 0..5 {
        update(&mut s, key(' '));
    }
    update(&mut s, key(')'));
    let reader = s.reader.as_ref().unwrap();
    let (top, cursor) = (reader.offset_at(reader.top()), reader.cursor_span());
    assert!(top > 0 && s.held_keys.is_empty(), "moves work on the part");

    update(&mut s, whole_msg(7, whole));
    let reader = s.reader.as_ref().unwrap();
    assert_eq!(reader.awaiting(), None);
    assert_eq!(
        reader.article().sections.len(),
        400,
        "the outline filled in"
    );
    assert_eq!(reader.offset_at(reader.top()), top);
    assert_eq!(reader.cursor_span(), cursor);
}

#[test]
fn keys_that_need_the_whole_wait_visibly_and_follow_in_order() {
    let (mut s, whole) = on_first_part(1);
    let last = whole.sentences.last().unwrap().range.clone();
    // The end, then a tag there, then a move back: all wait, in order.
    for c in ['G', '1', 'k'] {
        assert!(update(&mut s, key(c)).is_empty());
    }
    assert_eq!(s.held_keys.len(), 3);
    assert!(
        s.message
            .as_ref()
            .unwrap()
            .text
            .contains("reading the rest")
    );
    assert!(s.reader.as_ref().unwrap().store().annotations().is_empty());

    let effects = update(&mut s, whole_msg(1, whole));
    assert!(s.held_keys.is_empty());
    assert!(effects.contains(&super::super::Effect::SaveAnnotations));
    let reader = s.reader.as_ref().unwrap();
    let tagged: Vec<_> = reader.store().overlapping(0..usize::MAX).collect();
    assert_eq!(tagged.len(), 1);
    assert_eq!(tagged[0].range, last, "the tag went where G had moved");
    assert!(tagged[0].annotation.has_label("claim"));
}

#[test]
fn a_whole_for_an_article_since_closed_is_dropped() {
    let (mut s, whole) = on_first_part(3);
    update(&mut s, key('G'));
    update(&mut s, key('q'));
    assert_eq!(s.screen, Screen::Library);
    update(&mut s, whole_msg(3, whole.clone()));
    assert_eq!(s.screen, Screen::Library, "a late whole opens nothing");

    // A newer first part of the same file waits for its own ticket.
    let (mut s, _) = on_first_part(5);
    update(&mut s, whole_msg(4, whole));
    assert_eq!(s.reader.as_ref().unwrap().awaiting(), Some(5));
}

#[test]
fn a_whole_that_does_not_start_with_the_part_still_opens_near_the_place() {
    let (mut s, _) = on_first_part(2);
    update(&mut s, key(' '));
    let changed = parse_source(
        "book",
        Format::PlainText,
        &book().replacen("rain", "snow", 1),
    );
    update(&mut s, whole_msg(2, changed.clone()));
    let reader = s.reader.as_ref().unwrap();
    assert_eq!(reader.awaiting(), None);
    assert_eq!(reader.article().text, changed.text);
    assert!(
        reader.cursor_span().start > 0,
        "near the place, not the top"
    );
}
