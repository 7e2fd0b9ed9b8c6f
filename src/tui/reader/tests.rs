use super::*;
use crate::article::{Format, parse_source};

fn reader(text: &str, width: u16, height: usize) -> Reader {
    let article = parse_source("t", Format::PlainText, text);
    let store = Store::open("/nowhere/t.json", &article.text).unwrap();
    Reader::new(PathBuf::from("t.txt"), article, store, width, height)
}

fn long_text(paragraphs: usize) -> String {
    (0..paragraphs)
        .map(|i| format!("Paragraph {i} starts here. It has a second sentence."))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[test]
fn scrolling_keeps_the_cursor_on_screen() {
    let mut r = reader(&long_text(50), 80, 5);
    r.page_down();
    assert!(r.cursor_span().start >= r.offset_at(r.top));
    r.go_bottom();
    assert_eq!(r.cursor, r.article.sentences.len() - 1);
    assert_eq!(r.percent(), 100);
    r.page_up();
    let bottom = r.bottom();
    assert!(r.layout.position_of(&r.article, r.cursor_span().start) <= bottom);
}

#[test]
fn sentence_moves_scroll_the_view() {
    let mut r = reader(&long_text(50), 80, 5);
    for _ in 0..20 {
        r.move_sentence(true);
    }
    let pos = r.layout.position_of(&r.article, r.cursor_span().start);
    assert!(pos >= r.top && pos <= r.bottom());
}

#[test]
fn resize_keeps_the_cursor_visible() {
    let mut r = reader(&long_text(200), 80, 10);
    for _ in 0..101 {
        r.move_sentence(true);
    }
    r.resize(20, 20, 4);
    let pos = r.layout.position_of(&r.article, r.cursor_span().start);
    assert!(pos >= r.top && pos <= r.bottom());
    r.resize(1, 1, 1);
    let pos = r.layout.position_of(&r.article, r.cursor_span().start);
    assert!(pos >= r.top && pos <= r.bottom());
}

#[test]
fn search_finds_and_steps_through_matches() {
    let mut r = reader(&long_text(30), 80, 5);
    r.begin_search();
    r.update_search("paragraph 2".into());
    assert_eq!(r.search.matches.len(), 11); // 2, 20..29
    let first = r.search.current.unwrap();
    assert_eq!(r.article.slice(&r.search.matches[first]), "Paragraph 2");
    r.accept_search();
    assert_eq!(r.step_match(true), Some(false));
    assert_eq!(r.search.current, Some(first + 1));
    assert_eq!(r.step_match(false), Some(false));
    assert_eq!(r.search.current, Some(first));
    assert_eq!(r.step_match(false), Some(true));
    assert_eq!(r.search.current, Some(10));
}

#[test]
fn cancelled_search_returns_to_where_it_began() {
    let mut r = reader(&long_text(30), 80, 5);
    r.begin_search();
    r.update_search("paragraph 29".into());
    assert!(r.cursor > 0);
    r.cancel_search();
    assert_eq!((r.top, r.cursor), (Position::default(), 0));
}

#[test]
fn selections_grow_and_shrink_by_sentences_and_paragraphs() {
    let mut r = reader("One. Two. Three.\n\nFour. Five.", 80, 20);
    r.select_sentence();
    r.extend_by_sentence(true);
    assert_eq!(r.article.slice(&r.target()), "One. Two.");
    r.extend_by_paragraph(true);
    assert_eq!(r.article.slice(&r.target()), "One. Two. Three.");
    r.extend_by_paragraph(true);
    assert!(r.article.slice(&r.target()).ends_with("Five."));
    r.extend_by_sentence(false);
    assert!(
        r.article.slice(&r.target()).ends_with("Four."),
        "{:?}",
        r.article.slice(&r.target())
    );
}

#[test]
fn a_search_given_up_after_a_resize_returns_to_a_real_row() {
    let mut r = reader(&long_text(30), 5, 12);
    r.page_down();
    r.begin_search();
    let top_offset = r.offset_at(r.top);
    r.resize(84, 84, 0);
    r.update_search("no such words".into());
    assert!(r.top.row < r.layout.height(&r.article, r.top.block));
    r.cancel_search();
    assert_eq!(r.top, r.layout.position_of(&r.article, top_offset));
    r.keep_cursor_visible();
}

#[test]
fn paragraph_moves() {
    let mut r = reader(&long_text(5), 80, 20);
    r.move_paragraph(true);
    assert_eq!(r.cursor, 2);
    r.move_sentence(true);
    r.move_paragraph(false);
    assert_eq!(r.cursor, 2);
    r.move_paragraph(false);
    assert_eq!(r.cursor, 0);
}
