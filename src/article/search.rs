//! Case-insensitive search that reports byte ranges of the original text.

use super::Span;

/// The text lower-cased char by char where that keeps each char's UTF-8
/// length, so byte offsets in the folded copy are offsets in the original.
/// (The few chars whose lower case is longer, such as 'İ', match only as written.)
#[derive(Debug, Clone)]
pub struct FoldedText {
    folded: String,
}

fn fold_char(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// The query folded the same way as the text.
pub fn fold(query: &str) -> String {
    query.chars().map(fold_char).collect()
}

impl FoldedText {
    pub fn new(text: &str) -> FoldedText {
        let folded = if text.is_ascii() {
            text.to_ascii_lowercase()
        } else {
            text.chars().map(fold_char).collect()
        };
        debug_assert_eq!(folded.len(), text.len());
        FoldedText { folded }
    }

    /// Every non-overlapping match of `query`, ignoring case, in order.
    pub fn find_all(&self, query: &str) -> Vec<Span> {
        if query.is_empty() {
            return Vec::new();
        }
        let query = fold(query);
        let mut chars = query.chars();
        match (chars.next(), chars.next()) {
            // One character: a char pattern searches with memchr, far faster
            // than the general substring searcher on a book.
            (Some(c), None) => self
                .folded
                .match_indices(c)
                .map(|(i, m)| i..i + m.len())
                .collect(),
            _ => self
                .folded
                .match_indices(query.as_str())
                .map(|(i, m)| i..i + m.len())
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_matches_ignoring_case_with_original_offsets() {
        let text = "Ünïcode café, CAFÉ and Café.";
        let found = FoldedText::new(text).find_all("café");
        let shown: Vec<_> = found.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(shown, ["café", "CAFÉ", "Café"]);
    }

    #[test]
    fn empty_query_finds_nothing() {
        assert!(FoldedText::new("abc").find_all("").is_empty());
    }

    #[test]
    fn chars_whose_lower_case_is_longer_keep_offsets() {
        let text = "İstanbul and istanbul";
        let found = FoldedText::new(text).find_all("istanbul");
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].clone()], "istanbul");
    }
}
