//! The benchmark's metric, as benches/web_extraction.rs scores with it.

#[path = "../benches/common/extraction_score.rs"]
#[allow(dead_code)] // the corpus reader and quantiles serve the benches
mod extraction_score;

use extraction_score::{aggregate, score_page};

#[test]
fn counts_are_normalised_per_page() {
    // Truth shingles [a b c d], [b c d e]; extraction [a b c d], [b c d x].
    let c = score_page("a b c d e", "a b c d x");
    assert_eq!((c.tp, c.fp, c.fn_), (1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0));
    // Fewer than four tokens make one shorter shingle; punctuation is not a token.
    assert_eq!(score_page("one, two", "one two!").tp, 1.0);
    let repeated = score_page("a b c d a b c d", "a b c d");
    assert_eq!((repeated.tp, repeated.fn_), (0.2, 0.8));
}

#[test]
fn precision_and_recall_average_over_pages() {
    // Both empty counts as 1; an empty extraction has recall 0 and no precision.
    let s = aggregate(&[score_page("", ""), score_page("a b c d", "")]);
    assert_eq!((s.precision, s.recall), (1.0, 0.5));
    assert!((s.f1 - 2.0 * 0.5 / 1.5).abs() < 1e-12);
}
