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
    assert!(r.wrapping.position_of(&r.article, r.cursor_span().start) <= bottom);
}

#[test]
fn sentence_moves_scroll_the_view() {
    let mut r = reader(&long_text(50), 80, 5);
    for _ in 0..20 {
        r.move_sentence(true);
    }
    let pos = r.wrapping.position_of(&r.article, r.cursor_span().start);
    assert!(pos >= r.top && pos <= r.bottom());
}

#[test]
fn resize_keeps_the_cursor_visible() {
    let mut r = reader(&long_text(200), 80, 10);
    for _ in 0..101 {
        r.move_sentence(true);
    }
    r.resize(20, 20, 4);
    let pos = r.wrapping.position_of(&r.article, r.cursor_span().start);
    assert!(pos >= r.top && pos <= r.bottom());
    r.resize(1, 1, 1);
    let pos = r.wrapping.position_of(&r.article, r.cursor_span().start);
    assert!(pos >= r.top && pos <= r.bottom());
}

#[test]
fn search_finds_and_steps_through_matches() {
    let mut r = reader(&long_text(30), 80, 5);
    r.begin_search();
    r.update_search("paragraph 2".into());
    assert_eq!(r.search.matches().len(), 11); // 2, 20..29
    let first = r.search.current().unwrap();
    assert_eq!(
        r.article.slice(&r.search.matches().span(first)),
        "Paragraph 2"
    );
    r.accept_search();
    assert_eq!(r.step_match(true), Some(false));
    assert_eq!(r.search.current(), Some(first + 1));
    assert_eq!(r.step_match(false), Some(false));
    assert_eq!(r.search.current(), Some(first));
    assert_eq!(r.step_match(false), Some(true));
    assert_eq!(r.search.current(), Some(10));
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
    assert!(r.top.row < r.wrapping.height(&r.article, r.top.block));
    r.cancel_search();
    assert_eq!(r.top, r.wrapping.position_of(&r.article, top_offset));
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

#[test]
fn the_focus_is_on_a_panel_only_while_it_is_open() {
    let text = "# One\n\nFirst part.\n\n# Two\n\nSecond part.";
    let article = parse_source("t", Format::Markdown, text);
    let store = Store::open("/nowhere/t.json", &article.text).unwrap();
    let mut r = Reader::new(PathBuf::from("t.md"), article, store, 80, 10);
    r.focus_next();
    assert_eq!(
        r.focus(),
        Focus::Text,
        "no panel open: Tab stays on the text"
    );
    r.toggle_outline();
    assert_eq!((r.focus(), r.outline()), (Focus::Outline, Some(0)));
    r.toggle_side();
    r.focus_next();
    assert_eq!(r.focus(), Focus::Side);
    r.toggle_side();
    assert_eq!(r.focus(), Focus::Text, "closing the notes panel");
    r.focus_next();
    assert!(r.outline_has_focus());
    r.toggle_outline();
    assert_eq!((r.focus(), r.outline()), (Focus::Text, None));
    assert!(!r.outline_has_focus());
    r.choose_outline_entry(1);
    assert_eq!(r.outline(), None, "a closed outline has no entry to choose");
    r.toggle_outline();
    r.choose_outline_entry(1);
    assert_eq!((r.focus(), r.outline()), (Focus::Outline, Some(1)));
    assert_eq!(r.current_section(), Some(1));
}

#[test]
fn escape_drops_the_selection_then_the_search_then_the_focus() {
    let mut r = reader(&long_text(5), 80, 5);
    r.begin_search();
    r.update_search("second".into());
    r.accept_search();
    r.select_sentence();
    r.toggle_side();
    r.focus_next();
    r.cancel();
    assert!(!r.is_selecting());
    assert_eq!(r.search().query(), "second");
    r.cancel();
    assert!(r.search().query().is_empty() && r.search().matches().is_empty());
    assert_eq!(r.focus(), Focus::Side);
    r.cancel();
    assert_eq!(r.focus(), Focus::Text);
}

#[test]
fn two_matches_in_one_sentence_are_two_steps_each_way() {
    let text = "The lane and the lane again. Nothing here. A last lane.";
    let mut r = reader(text, 80, 5);
    r.begin_search();
    r.update_search("lane".into());
    r.accept_search();
    assert_eq!(r.search.current(), Some(0));
    assert_eq!(r.step_match(true), Some(false));
    assert_eq!(r.search.current(), Some(1));
    assert_eq!(r.step_match(false), Some(false), "back, not round the end");
    assert_eq!(r.search.current(), Some(0));
    assert_eq!(r.step_match(false), Some(true));
    assert_eq!(r.search.current(), Some(2));
    // Once the cursor has moved on, stepping goes on from the cursor.
    r.go_top();
    r.move_sentence(true);
    assert_eq!(r.step_match(true), Some(false));
    assert_eq!(r.search.current(), Some(2));
    r.move_sentence(false);
    assert_eq!(r.step_match(false), Some(false));
    assert_eq!(r.search.current(), Some(1), "the last before the cursor");
}
