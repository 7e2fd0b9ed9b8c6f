//! Case-insensitive search that reports byte ranges of the original text.
//!
//! Text is lower-cased char by char where that keeps each char's UTF-8
//! length, so byte offsets in the folded text are offsets in the original.
//! (The few chars whose lower case is longer or shorter, such as 'İ' or the
//! Kelvin sign, match only as written.) The text is folded a window at a
//! time as it is searched and never kept: a folded copy of a book is as
//! large as the book.

use super::Span;

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

/// `text` folded into `folded` (emptied first): runs of ASCII, most of
/// any English text, are lower-cased a run at a time.
fn fold_into(folded: &mut String, mut text: &str) {
    folded.clear();
    while !text.is_empty() {
        let ascii = text
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(text.len());
        let start = folded.len();
        folded.push_str(&text[..ascii]);
        folded[start..].make_ascii_lowercase();
        let mut rest = text[ascii..].chars();
        if let Some(c) = rest.next() {
            folded.push(fold_char(c));
        }
        text = rest.as_str();
    }
}

/// How much text is folded at a time.
const WINDOW_BYTES: usize = 64 * 1024;

/// Where a query was found: the start of each match, in text order, all of
/// one length (the query's: folding keeps lengths). Starts are `u32`: a
/// reading text is far below 4 GiB (an article file is at most
/// [`super::MAX_ARTICLE_BYTES`]), and a book's commonest letter has a
/// quarter of a million matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matches {
    starts: Vec<u32>,
    len: usize,
}

impl Matches {
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The text range of match `index` (which must be below [`Matches::len`]).
    pub fn span(&self, index: usize) -> Span {
        let start = self.starts[index] as usize;
        start..start + self.len
    }

    /// Every match's range, in order, from match `index` on.
    pub fn spans_from(&self, index: usize) -> impl Iterator<Item = Span> + '_ {
        self.starts[index.min(self.starts.len())..]
            .iter()
            .map(|&start| start as usize..start as usize + self.len)
    }

    /// The index of the first match starting at or after `offset` (the
    /// number of matches when none does).
    pub fn first_starting_from(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&start| (start as usize) < offset)
    }

    /// The index of the first match ending after `offset`.
    pub fn first_ending_after(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&start| start as usize + self.len <= offset)
    }
}

/// Every non-overlapping match of `query` in `text`, ignoring case, in order.
pub fn find_all(text: &str, query: &str) -> Matches {
    find_all_by_windows(text, query, WINDOW_BYTES)
}

/// [`find_all`], folding `window` bytes of text at a time. Each window is
/// read on past its end by the query's length, so a match starting in it
/// is found whole; the next window starts where the last match ended if
/// that is later. The matches are those of searching the text folded whole.
fn find_all_by_windows(text: &str, query: &str, window: usize) -> Matches {
    let mut matches = Matches {
        starts: Vec::new(),
        len: query.len(),
    };
    if query.is_empty() {
        return matches;
    }
    let query = fold(query);
    let mut chars = query.chars();
    // One character: a char pattern searches with memchr, far faster than
    // the general substring searcher on a book.
    let single = match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    };
    let mut folded = String::with_capacity(window + query.len() + 4);
    let mut from = 0;
    while from < text.len() {
        let window_end = char_boundary_from(text, from + window.max(1));
        let read_to = char_boundary_from(text, window_end + query.len());
        fold_into(&mut folded, &text[from..read_to]);
        let found: Box<dyn Iterator<Item = usize>> = match single {
            Some(c) => Box::new(folded.match_indices(c).map(|(i, _)| i)),
            None => Box::new(folded.match_indices(query.as_str()).map(|(i, _)| i)),
        };
        let mut last_end = from;
        for start in found
            .map(|i| from + i)
            .take_while(|&start| start < window_end)
        {
            let start32 = u32::try_from(start).expect("a reading text is far below 4 GiB");
            matches.starts.push(start32);
            last_end = start + query.len();
        }
        from = window_end.max(last_end);
    }
    matches
}

/// The first char boundary of `text` at or after `at`, or its end.
/// (`str::ceil_char_boundary` is newer than the crate's Rust version.)
fn char_boundary_from(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests;
