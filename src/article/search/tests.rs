use proptest::prelude::*;

use super::*;

/// What the search found before it folded by windows: the whole text
/// folded at once (a copy as large as the text), then searched. The
/// windowed search must find exactly this.
fn folded_whole(text: &str, query: &str) -> Vec<Span> {
    if query.is_empty() {
        return Vec::new();
    }
    let folded: String = text.chars().map(fold_char).collect();
    folded
        .match_indices(fold(query).as_str())
        .map(|(i, m)| i..i + m.len())
        .collect()
}

/// Checks the windowed search against [`folded_whole`] for every window
/// size up to `largest` bytes.
fn assert_same_in_every_window(text: &str, query: &str, largest: usize) {
    let expected = folded_whole(text, query);
    for window in 1..=largest {
        assert_eq!(
            spans(&find_all_by_windows(text, query, window)),
            expected,
            "{query:?} in {text:?}, windows of {window}"
        );
    }
}

fn spans(matches: &Matches) -> Vec<Span> {
    matches.spans_from(0).collect()
}

fn shown<'a>(text: &'a str, query: &str) -> Vec<&'a str> {
    spans(&find_all(text, query))
        .into_iter()
        .map(|r| &text[r])
        .collect()
}

#[test]
fn finds_matches_ignoring_case_with_original_offsets() {
    assert_eq!(
        shown("Ünïcode café, CAFÉ and Café.", "café"),
        ["café", "CAFÉ", "Café"]
    );
}

#[test]
fn empty_query_finds_nothing() {
    assert!(find_all("abc", "").is_empty());
}

#[test]
fn chars_whose_lower_case_is_longer_keep_offsets() {
    let text = "İstanbul and istanbul";
    assert_eq!(shown(text, "istanbul"), ["istanbul"]);
    // Written as in the text, the dotted capital matches itself, in any case.
    assert_eq!(
        shown("İstanbul, İSTANBUL", "İSTANBUL"),
        ["İstanbul", "İSTANBUL"]
    );
}

#[test]
fn case_folding_edge_cases_find_what_the_whole_folded_text_found() {
    let cases: &[(&str, &str, &[&str])] = &[
        // ß has no one-char capital of its length; ẞ lower-cases to a
        // shorter ß and so matches only as written.
        ("Straße, STRASSE, straße", "STRASSE", &["STRASSE"]),
        ("Straße, STRASSE, straße", "straße", &["Straße", "straße"]),
        ("GROẞE und große", "große", &["große"]),
        ("GROẞE und große", "groẞe", &["GROẞE"]),
        // Turkish: dotless ı is its own letter; I lower-cases to i.
        ("ılık ILIK ilik", "ılık", &["ılık"]),
        ("ılık ILIK ilik", "ilik", &["ILIK", "ilik"]),
        // A ligature is one char: "fi" does not find it, and it finds itself.
        ("ﬁnd the ﬁle, or FIND it", "find", &["FIND"]),
        ("ﬁnd the ﬁle, or FIND it", "ﬁ", &["ﬁ", "ﬁ"]),
        // Combining marks are not composed: a decomposed é is e and a mark.
        ("Cafe\u{301} or Café", "café", &["Café"]),
        ("Cafe\u{301} or Café", "CAFE\u{301}", &["Cafe\u{301}"]),
        ("Cafe\u{301} or Café", "cafe", &["Cafe"]),
        // The Kelvin sign lower-cases to a one-byte k: it matches only itself.
        ("5 \u{212A} and 5 K", "k", &["K"]),
        // Final sigma is not σ.
        ("ΟΔΟΣ οδος", "οδοσ", &["ΟΔΟΣ"]),
    ];
    for (text, query, expected) in cases {
        assert_eq!(&shown(text, query), expected, "{query:?} in {text:?}");
        assert_eq!(
            spans(&find_all(text, query)),
            folded_whole(text, query),
            "{query:?} in {text:?}"
        );
        assert_same_in_every_window(text, query, text.len());
    }
}

#[test]
fn overlapping_candidates_are_taken_leftmost_across_window_ends() {
    let text = "aaaaaaa ababababa AAAAA";
    for query in ["aa", "aaa", "aba", "ABAB", "a a", "A"] {
        assert_same_in_every_window(text, query, text.len() + 1);
    }
}

#[test]
fn matches_answer_where_they_are() {
    let text = "the cat, The hat, THE end";
    let found = find_all(text, "the");
    assert_eq!(found.len(), 3);
    assert_eq!(found.span(1), 9..12);
    assert_eq!(found.first_starting_from(1), 1);
    assert_eq!(found.first_starting_from(9), 1);
    assert_eq!(found.first_starting_from(10), 2);
    assert_eq!(found.first_ending_after(11), 1);
    assert_eq!(found.first_ending_after(12), 2);
    assert_eq!(found.first_starting_from(100), 3);
    assert_eq!(found.spans_from(2).next(), Some(18..21));
    assert_eq!(found.spans_from(2).count(), 1);
    assert_eq!(found.spans_from(9).count(), 0);
}

proptest! {
    #[test]
    fn windowed_search_finds_what_the_whole_folded_text_found(
        text in "[aAbB ßẞİıIiﬁé\u{301}ΣσςK\u{212A}.]{0,60}",
        query in "[aAbB ßẞİıIiﬁé\u{301}ΣσςK\u{212A}]{1,4}",
        window in 1usize..24,
    ) {
        prop_assert_eq!(
            spans(&find_all_by_windows(&text, &query, window)),
            folded_whole(&text, &query)
        );
    }
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn the_corpus_texts_give_the_same_matches_as_the_whole_folded_text() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let queries = [
        "e",
        "t",
        "the",
        "The",
        "PRINCE",
        "natásha",
        "“",
        "—",
        "é",
        "ß",
        "of the",
        "moscow",
        "Bonaparte",
        "je",
        "zzzq",
    ];
    for name in [
        "war-and-peace.txt",
        "federalist-papers.txt",
        "common-sense.txt",
        "op-ed-alibaba-claude-code-ban.txt",
    ] {
        let text = crate::article::load_path(&corpus.join(name)).unwrap().text;
        for query in queries {
            assert_eq!(
                spans(&find_all(&text, query)),
                folded_whole(&text, query),
                "{name}: {query:?}"
            );
        }
        // Windows far smaller than a paragraph put many matches across ends.
        for query in ["the", "a", "of the"] {
            assert_eq!(
                spans(&find_all_by_windows(
                    &text[..200_000.min(text.len())],
                    query,
                    97
                )),
                folded_whole(&text[..200_000.min(text.len())], query),
                "{name}: {query:?} in windows of 97 bytes"
            );
        }
    }
}
