//! Anchors: how an annotation finds its passage again after the text changes.
//!
//! In the spirit of the W3C Web Annotation model an anchor keeps the exact
//! quote with some context on each side (a TextQuoteSelector) and where the
//! quote stood (a TextPositionSelector). The position is only a hint:
//! resolving tries it first, then the quote elsewhere, then a close
//! rewording, and gives up (an orphan) rather than guess.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How many chars of context an anchor keeps on each side of its quote.
pub const CONTEXT_CHARS: usize = 32;

/// The lowest similarity (0 to 1) at which a reworded passage is accepted.
/// Unrelated sentences of similar length score about 0.5 or less.
pub const FUZZY_THRESHOLD: f32 = 0.75;

/// Shorter quotes are only matched fuzzily next to their own context: a few
/// reworded chars anywhere else are as likely a different word.
const MIN_FREE_FUZZY_CHARS: usize = 12;

/// A context or quote piece shorter than this says too little to search by.
const MIN_KEY_CHARS: usize = 8;

/// A search key found more often than this is boilerplate, not a landmark.
const MAX_KEY_HITS: usize = 8;

/// How many pieces of a quote are searched for when the whole is not found.
const QUOTE_PIECES: usize = 4;

/// Fuzzy scores closer than this count as a tie.
const SCORE_TIE: f32 = 0.005;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// The annotated text, exactly.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] chars just before the quote.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] chars just after the quote.
    pub suffix: String,
    /// Byte offsets of the quote when the anchor was made.
    pub start: usize,
    pub end: usize,
    /// Char (Unicode scalar) offsets of the same, for tools that count chars.
    pub char_start: usize,
    pub char_end: usize,
    /// Fields this version does not know (from a newer or another tool),
    /// kept so that saving writes them back.
    #[serde(flatten)]
    pub extra: crate::annotate::Extra,
}

/// Where an anchor landed in a text.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    /// The quote is where the anchor said.
    Exact(Range<usize>),
    /// The quote, unchanged, now stands elsewhere.
    Moved(Range<usize>),
    /// A passage close to the quote (similarity `score`, 0 to 1).
    Fuzzy { range: Range<usize>, score: f32 },
    /// Nothing in the text matches well enough.
    Orphan,
}

impl Placement {
    /// The byte range in the text, unless orphaned. Always on char boundaries.
    pub fn range(&self) -> Option<Range<usize>> {
        match self {
            Placement::Exact(range) | Placement::Moved(range) => Some(range.clone()),
            Placement::Fuzzy { range, .. } => Some(range.clone()),
            Placement::Orphan => None,
        }
    }
}

/// A placement and how sure the choice of place is.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    pub placement: Placement,
    /// 1.0 when one place is clearly best; 1/n when n equally good places
    /// tie and the position hint chose among them; for a fuzzy match the
    /// similarity score, divided likewise. 0.0 for an orphan.
    pub confidence: f32,
}

impl Resolution {
    fn orphan() -> Self {
        Resolution {
            placement: Placement::Orphan,
            confidence: 0.0,
        }
    }

    pub fn range(&self) -> Option<Range<usize>> {
        self.placement.range()
    }
}

impl Anchor {
    /// An anchor for `range` of `text`, or `None` when the range is empty,
    /// out of bounds or not on char boundaries.
    pub fn new(text: &str, range: Range<usize>) -> Option<Anchor> {
        let quote = text.get(range.clone()).filter(|q| !q.is_empty())?;
        let before = &text[..range.start];
        let after = &text[range.end..];
        let prefix_start = before
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS - 1)
            .map_or(0, |(i, _)| i);
        let suffix_end = after
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(after.len(), |(i, _)| i);
        let char_start = before.chars().count();
        Some(Anchor {
            quote: quote.to_string(),
            prefix: before[prefix_start..].to_string(),
            suffix: after[..suffix_end].to_string(),
            start: range.start,
            end: range.end,
            char_start,
            char_end: char_start + quote.chars().count(),
            extra: Default::default(),
        })
    }

    /// Finds this anchor's passage in `text`, which may have been edited
    /// since the anchor was made. To place many anchors use [`resolve_all`].
    pub fn resolve(&self, text: &str) -> Resolution {
        resolve_shifted(self, text, 0)
    }

    /// True when the quote stands at `start` with all of its context around it.
    fn fits_at(&self, text: &str, start: usize) -> bool {
        // `start` comes from a file and may be anything, `usize::MAX` included.
        let Some(end) = start.checked_add(self.quote.len()) else {
            return false;
        };
        text.get(start..end) == Some(self.quote.as_str())
            && text[..start].ends_with(&self.prefix)
            && text[end..].starts_with(&self.suffix)
    }

    /// How many chars of context agree around a quote found at `range`.
    /// A run of white space counts as one space either side: context
    /// copied from another layout (a web page's, by another tool) breaks
    /// lines and pads cells differently.
    fn context_agreement(&self, text: &str, range: Range<usize>) -> usize {
        let before = collapsed(text[..range.start].chars().rev())
            .zip(collapsed(self.prefix.chars().rev()))
            .take_while(|(a, b)| a == b)
            .count();
        let after = collapsed(text[range.end..].chars())
            .zip(collapsed(self.suffix.chars()))
            .take_while(|(a, b)| a == b)
            .count();
        before + after
    }
}

/// `chars` with each run of white space as one space.
fn collapsed(chars: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
    let mut in_space = false;
    chars.filter_map(move |c| {
        if c.is_whitespace() {
            (!std::mem::replace(&mut in_space, true)).then_some(' ')
        } else {
            in_space = false;
            Some(c)
        }
    })
}

/// Resolves many anchors against one text, in the order given.
///
/// An edit usually shifts every later passage by the same amount, so anchors
/// are visited in text order and each one first tries the shift its
/// predecessor moved by: after an insertion, placing stays O(1) per anchor
/// instead of a search of the whole text.
pub fn resolve_all<'a>(
    text: &str,
    anchors: impl IntoIterator<Item = &'a Anchor>,
) -> Vec<Resolution> {
    let anchors: Vec<&Anchor> = anchors.into_iter().collect();
    let mut order: Vec<usize> = (0..anchors.len()).collect();
    order.sort_by_key(|&i| anchors[i].start);
    let mut resolutions = vec![Resolution::orphan(); anchors.len()];
    let mut shift = 0isize;
    for i in order {
        let resolution = resolve_shifted(anchors[i], text, shift);
        // Both offsets fit an isize for any real text; an anchor's from a
        // hostile file may not, and then it says nothing about the shift.
        if let Some(range) = resolution.range()
            && let (Ok(found), Ok(was)) = (
                isize::try_from(range.start),
                isize::try_from(anchors[i].start),
            )
        {
            shift = found - was;
        }
        resolutions[i] = resolution;
    }
    resolutions
}

fn resolve_shifted(anchor: &Anchor, text: &str, shift: isize) -> Resolution {
    let quote_len = anchor.quote.len();
    if quote_len == 0 {
        return Resolution::orphan();
    }
    if anchor.fits_at(text, anchor.start) {
        return Resolution {
            placement: Placement::Exact(anchor.start..anchor.start + quote_len),
            confidence: 1.0,
        };
    }
    let expected = anchor
        .start
        .checked_add_signed(shift)
        .unwrap_or(anchor.start);
    if shift != 0 && anchor.fits_at(text, expected) {
        return Resolution {
            placement: Placement::Moved(expected..expected + quote_len),
            confidence: 1.0,
        };
    }
    exact_elsewhere(anchor, text, expected)
        .or_else(|| fuzzy(anchor, text, expected))
        .unwrap_or_else(Resolution::orphan)
}

/// The best of the quote's exact occurrences: most context agreeing, then
/// nearest to where it was expected.
fn exact_elsewhere(anchor: &Anchor, text: &str, expected: usize) -> Option<Resolution> {
    let quote = anchor.quote.as_str();
    // (context agreement, distance from expected, start)
    let mut best: Option<(usize, usize, usize)> = None;
    let mut ties = 0;
    for start in occurrences(text, quote) {
        let agreement = anchor.context_agreement(text, start..start + quote.len());
        let distance = start.abs_diff(expected);
        match best {
            Some((best_agreement, best_distance, _)) if agreement == best_agreement => {
                ties += 1;
                if distance < best_distance {
                    best = Some((agreement, distance, start));
                }
            }
            Some((best_agreement, _, _)) if agreement < best_agreement => {}
            _ => {
                best = Some((agreement, distance, start));
                ties = 1;
            }
        }
    }
    let (_, _, start) = best?;
    let range = start..start + quote.len();
    let placement = if start == anchor.start {
        Placement::Exact(range)
    } else {
        Placement::Moved(range)
    };
    Some(Resolution {
        placement,
        confidence: 1.0 / ties as f32,
    })
}

/// Start offsets of every occurrence of `needle`, overlapping ones included.
fn occurrences<'a>(haystack: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let found = from + haystack.get(from..)?.find(needle)?;
        from = found + haystack[found..].chars().next().map_or(1, char::len_utf8);
        Some(found)
    })
}

/// Occurrences of a search key, or none when it is too short or too common
/// to point anywhere in particular.
fn landmarks(text: &str, key: &str) -> Vec<usize> {
    if key.chars().count() < MIN_KEY_CHARS {
        return Vec::new();
    }
    let hits: Vec<usize> = occurrences(text, key).take(MAX_KEY_HITS + 1).collect();
    if hits.len() > MAX_KEY_HITS {
        Vec::new()
    } else {
        hits
    }
}

/// A reworded passage: windows of text where the quote may stand (by its
/// context, by pieces of itself, by the expected position) are searched for
/// the substring closest to the quote in edit distance.
fn fuzzy(anchor: &Anchor, text: &str, expected: usize) -> Option<Resolution> {
    let quote: Vec<char> = anchor.quote.chars().collect();
    let quote_len = anchor.quote.len();
    let mut starts: Vec<usize> = Vec::new();
    starts.extend(
        landmarks(text, &anchor.prefix)
            .iter()
            .map(|p| p + anchor.prefix.len()),
    );
    starts.extend(
        landmarks(text, &anchor.suffix)
            .iter()
            .map(|s| s.saturating_sub(quote_len)),
    );
    if quote.len() >= MIN_FREE_FUZZY_CHARS {
        // Pieces spread over the quote: a rewording rarely touches all of them.
        let piece_chars = (quote.len() / QUOTE_PIECES).clamp(MIN_KEY_CHARS, 24);
        let byte_offsets: Vec<usize> = anchor.quote.char_indices().map(|(i, _)| i).collect();
        for k in 0..QUOTE_PIECES {
            let first = k * (quote.len() - piece_chars) / (QUOTE_PIECES - 1);
            let piece: String = quote[first..first + piece_chars].iter().collect();
            let offset = byte_offsets[first];
            starts.extend(
                landmarks(text, &piece)
                    .iter()
                    .map(|p| p.saturating_sub(offset)),
            );
        }
        starts.push(expected.min(text.len()));
        starts.push(anchor.start.min(text.len()));
    }
    // Room for the passage to have grown or shrunk past what the threshold allows.
    let slack = quote_len / 3 + 16;
    let mut windows: Vec<Range<usize>> = starts
        .into_iter()
        .map(|s| floor_char(text, s.saturating_sub(slack))..ceil_char(text, s + quote_len + slack))
        .collect();
    windows.sort_by_key(|w| w.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for window in windows {
        match merged.last_mut() {
            Some(last) if window.start <= last.end => last.end = last.end.max(window.end),
            _ => merged.push(window),
        }
    }

    // (range, score) of each window's best match
    let matches: Vec<(Range<usize>, f32)> = merged
        .into_iter()
        .filter_map(|window| closest_substring(&quote, text, window))
        .collect();
    let best_score = matches.iter().map(|m| m.1).fold(0.0, f32::max);
    if best_score < FUZZY_THRESHOLD {
        return None;
    }
    let tied: Vec<&(Range<usize>, f32)> = matches
        .iter()
        .filter(|m| best_score - m.1 <= SCORE_TIE)
        .collect();
    let (range, score) = tied
        .iter()
        .min_by_key(|m| m.0.start.abs_diff(expected))
        .map(|m| (m.0.clone(), m.1))?;
    Some(Resolution {
        placement: Placement::Fuzzy { range, score },
        confidence: score / tied.len() as f32,
    })
}

/// The substring of `text[window]` with the least edit distance to `quote`,
/// as a byte range of `text` and a similarity score.
fn closest_substring(
    quote: &[char],
    text: &str,
    window: Range<usize>,
) -> Option<(Range<usize>, f32)> {
    let base = window.start;
    let (offsets, chars): (Vec<usize>, Vec<char>) = text[window.clone()].char_indices().unzip();
    if chars.is_empty() {
        return None;
    }
    let byte_at = |i: usize| base + offsets.get(i).copied().unwrap_or(window.end - base);
    let (found, distance) = closest_alignment(quote, &chars);
    let score = 1.0 - distance as f32 / quote.len().max(found.len()) as f32;
    Some((byte_at(found.start)..byte_at(found.end), score))
}

/// The substring of `text` with the least edit distance to `pattern`
/// (Sellers' algorithm: an edit-distance table whose first row is free, so
/// the match may start anywhere), with that distance. Each cell also carries
/// where its alignment started; among equally close substrings the one
/// nearest the pattern's length wins, so a reworded ending is not cut short.
fn closest_alignment(pattern: &[char], text: &[char]) -> (Range<usize>, usize) {
    // (distance, start in text) per column, for the previous and current row.
    let mut previous: Vec<(usize, usize)> = (0..=text.len()).map(|j| (0, j)).collect();
    let mut current = previous.clone();
    for (i, &p) in pattern.iter().enumerate() {
        current[0] = (i + 1, 0);
        for (j, &t) in text.iter().enumerate() {
            let substitute = (previous[j].0 + usize::from(p != t), previous[j].1);
            let skip_pattern = (previous[j + 1].0 + 1, previous[j + 1].1);
            let skip_text = (current[j].0 + 1, current[j].1);
            current[j + 1] = [skip_pattern, skip_text]
                .into_iter()
                .fold(substitute, |best, c| if c.0 < best.0 { c } else { best });
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let (end, &(distance, start)) = previous
        .iter()
        .enumerate()
        .min_by_key(|&(end, &(distance, start))| {
            (distance, (end - start).abs_diff(pattern.len()), end)
        })
        .expect("the table has a column for the empty prefix");
    (start..end, distance)
}

fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn anchor_on(text: &str, quote: &str) -> Anchor {
        let start = text.find(quote).expect("quote in text");
        Anchor::new(text, start..start + quote.len()).unwrap()
    }

    fn placed<'t>(text: &'t str, resolution: &Resolution) -> &'t str {
        &text[resolution.range().expect("placed")]
    }

    #[test]
    fn new_keeps_quote_context_and_positions() {
        let text = "Before it all. The tax will pay for schools. After it all.";
        let anchor = anchor_on(text, "The tax will pay for schools.");
        assert_eq!(anchor.prefix, "Before it all. ");
        assert_eq!(anchor.suffix, " After it all.");
        assert_eq!((anchor.char_start, anchor.char_end), (15, 44));
        assert_eq!((anchor.start, anchor.end), (15, 44));
    }

    #[test]
    fn new_context_is_bounded_in_chars() {
        let text = format!("{}QUOTE{}", "é".repeat(40), "ü".repeat(40));
        let anchor = anchor_on(&text, "QUOTE");
        assert_eq!(anchor.prefix, "é".repeat(CONTEXT_CHARS));
        assert_eq!(anchor.suffix, "ü".repeat(CONTEXT_CHARS));
        assert_eq!(anchor.char_start, 40);
        assert_eq!(anchor.start, 80);
    }

    #[test]
    fn new_refuses_bad_ranges() {
        let text = "née";
        assert!(Anchor::new(text, 0..2).is_none(), "inside é");
        assert!(Anchor::new(text, 1..1).is_none(), "empty");
        assert!(Anchor::new(text, 0..9).is_none(), "past the end");
        assert!(Anchor::new(text, 0..3).is_some());
    }

    #[test]
    fn unchanged_text_resolves_exact() {
        let text = "One. Two. Three.";
        let anchor = anchor_on(text, "Two.");
        let resolution = anchor.resolve(text);
        assert_eq!(resolution.placement, Placement::Exact(5..9));
        assert_eq!(resolution.confidence, 1.0);
    }

    #[test]
    fn insertion_before_moves_the_anchor() {
        let text = "The mayor spoke. Taxes will rise. Nobody clapped.";
        let anchor = anchor_on(text, "Taxes will rise.");
        let edited = format!("A new opening paragraph.\n\n{text}");
        let resolution = anchor.resolve(&edited);
        assert!(matches!(resolution.placement, Placement::Moved(_)));
        assert_eq!(placed(&edited, &resolution), "Taxes will rise.");
        assert_eq!(resolution.confidence, 1.0);
    }

    #[test]
    fn deletion_before_moves_the_anchor() {
        let text = "Intro that goes away. The mayor spoke. Taxes will rise. Nobody clapped.";
        let anchor = anchor_on(text, "Taxes will rise.");
        let edited = text.replace("Intro that goes away. ", "");
        let resolution = anchor.resolve(&edited);
        assert_eq!(resolution.placement, Placement::Moved(17..33));
    }

    #[test]
    fn duplicate_sentences_resolve_by_context() {
        let text = "In Ohio, turnout fell. It was a mistake. In Texas, turnout rose. It was a mistake. The end.";
        let second = text.rfind("It was a mistake.").unwrap();
        let anchor = Anchor::new(text, second..second + 17).unwrap();
        // Moving the text shifts both copies; the hint now points at neither.
        let edited = format!("Preface. {text}");
        let resolution = anchor.resolve(&edited);
        let range = resolution.range().unwrap();
        assert_eq!(range.start, second + "Preface. ".len());
        assert!(edited[..range.start].ends_with("In Texas, turnout rose. "));
        assert_eq!(resolution.confidence, 1.0);

        // Even when the hint points exactly at the other copy.
        let first = text.find("It was a mistake.").unwrap();
        let misleading = Anchor {
            start: first,
            end: first + 17,
            ..anchor.clone()
        };
        let resolution = misleading.resolve(text);
        assert_eq!(resolution.range(), Some(second..second + 17));
    }

    #[test]
    fn ambiguous_tie_prefers_the_hint_and_says_so() {
        // Three identical copies in identical surroundings, shifted so the
        // hint matches none exactly: the nearest wins, at a third confidence.
        let unit = "x. Same sentence here. y\n";
        let text = unit.repeat(3);
        let middle = unit.len() + 3;
        let anchor = Anchor {
            prefix: String::new(),
            suffix: String::new(),
            ..Anchor::new(&text, middle..middle + 19).unwrap()
        };
        let edited = format!("zz{text}");
        let resolution = resolve_shifted(&anchor, &edited, 0);
        assert_eq!(resolution.range(), Some(middle + 2..middle + 21));
        assert!((resolution.confidence - 1.0 / 3.0).abs() < 1e-6);
    }

    #[test]
    fn reworded_passage_is_found_fuzzily() {
        let text = "Council met on Monday. The council will almost certainly raise property taxes next spring, officials said. Residents objected.";
        let anchor = anchor_on(
            text,
            "The council will almost certainly raise property taxes next spring, officials said.",
        );
        let edited = text.replace("almost certainly", "very likely");
        let resolution = anchor.resolve(&edited);
        let Placement::Fuzzy { score, .. } = resolution.placement else {
            panic!("expected fuzzy, got {resolution:?}");
        };
        assert!((FUZZY_THRESHOLD..1.0).contains(&score), "score {score}");
        assert_eq!(
            placed(&edited, &resolution),
            "The council will very likely raise property taxes next spring, officials said."
        );
    }

    #[test]
    fn reworded_and_moved_passage_is_found_by_its_own_words() {
        let text = "Some opening words here. The governor's plan would cut emissions by half within a decade. Closing words.";
        let anchor = anchor_on(
            text,
            "The governor's plan would cut emissions by half within a decade.",
        );
        let edited = format!(
            "{}Elsewhere entirely. The governor's plan could cut emissions by half within ten years. Other words.",
            "A long new introduction that pushes everything down. ".repeat(20)
        );
        let resolution = anchor.resolve(&edited);
        assert!(
            matches!(resolution.placement, Placement::Fuzzy { .. }),
            "{resolution:?}"
        );
        assert_eq!(
            placed(&edited, &resolution),
            "The governor's plan could cut emissions by half within ten years."
        );
    }

    #[test]
    fn rewritten_passage_becomes_an_orphan() {
        let text = "Council met on Monday. The council will almost certainly raise property taxes next spring. Residents objected.";
        let anchor = anchor_on(
            text,
            "The council will almost certainly raise property taxes next spring.",
        );
        let edited = text.replace(
            "The council will almost certainly raise property taxes next spring.",
            "Budget talks stalled after a heated exchange about parking fees.",
        );
        assert_eq!(anchor.resolve(&edited).placement, Placement::Orphan);
        assert_eq!(anchor.resolve("").placement, Placement::Orphan);
    }

    #[test]
    fn short_quote_is_not_matched_fuzzily_away_from_its_context() {
        let text = "Alpha beta gamma delta. Taxes rose. Epsilon zeta eta theta.";
        let anchor = anchor_on(text, "rose");
        let edited = "Completely different article. Prices rise. Nothing else.";
        assert_eq!(anchor.resolve(edited).placement, Placement::Orphan);
    }

    #[test]
    fn cjk_emoji_and_rtl_quotes_land_on_char_boundaries() {
        let text = "前文。東京の家賃は上がる 🏠🔥。שלום עולם، مرحبا بالعالم. End.";
        for quote in ["東京の家賃は上がる", "🏠🔥", "שלום עולם", "مرحبا بالعالم"]
        {
            let anchor = anchor_on(text, quote);
            assert_eq!(
                anchor.char_start,
                text[..anchor.start].chars().count(),
                "{quote}"
            );
            assert_eq!(anchor.char_end - anchor.char_start, quote.chars().count());
            let edited = format!("新しい段落 ✨\n\n{text}");
            let resolution = anchor.resolve(&edited);
            assert_eq!(placed(&edited, &resolution), quote);
            let reworded = edited.replace("家賃", "物価").replace("עולם", "עולמי");
            if let Some(range) = anchor.resolve(&reworded).range() {
                assert!(
                    reworded.is_char_boundary(range.start) && reworded.is_char_boundary(range.end)
                );
            }
        }
    }

    #[test]
    fn resolve_all_follows_a_shift_and_keeps_input_order() {
        let text: String = (0..50)
            .map(|i| format!("Sentence number {i} says something. "))
            .collect();
        let anchors: Vec<Anchor> = [40, 3, 17]
            .iter()
            .map(|i| anchor_on(&text, &format!("Sentence number {i} says")))
            .collect();
        let edited = format!("Inserted. {text}");
        let resolutions = resolve_all(&edited, &anchors);
        for (anchor, resolution) in anchors.iter().zip(&resolutions) {
            assert_eq!(
                resolution.placement,
                Placement::Moved(anchor.start + 10..anchor.end + 10)
            );
        }
    }

    #[test]
    fn overlapping_occurrences_are_all_found() {
        assert_eq!(occurrences("aaaa", "aa").collect::<Vec<_>>(), vec![0, 1, 2]);
        assert_eq!(occurrences("ééé", "é").collect::<Vec<_>>(), vec![0, 2, 4]);
    }

    /// A text and a non-empty char-boundary range in it.
    fn text_and_range() -> impl Strategy<Value = (String, Range<usize>)> {
        "[a-c é東🏠.\n]{1,80}".prop_flat_map(|text| {
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let n = bounds.len();
            (Just(text), 0..n - 1, 1..n).prop_map(move |(text, a, b)| {
                let (a, b) = if a < b {
                    (a, b)
                } else {
                    (b, (a + 1).min(n - 1))
                };
                (text, bounds[a]..bounds[b])
            })
        })
    }

    proptest! {
        #[test]
        fn anchor_resolves_exact_on_its_own_text((text, range) in text_and_range()) {
            let anchor = Anchor::new(&text, range.clone()).unwrap();
            let resolution = anchor.resolve(&text);
            prop_assert_eq!(resolution.placement, Placement::Exact(range));
            prop_assert_eq!(resolution.confidence, 1.0);
        }

        #[test]
        fn anchor_survives_insertions_elsewhere(
            (text, range) in text_and_range(),
            insert in "[a-z 東🏠.\n]{0,20}",
            before in any::<bool>(),
        ) {
            let anchor = Anchor::new(&text, range.clone()).unwrap();
            let edited = if before {
                format!("{}{insert}{}", &text[..range.start], &text[range.start..])
            } else {
                format!("{}{insert}{}", &text[..range.end], &text[range.end..])
            };
            let resolution = anchor.resolve(&edited);
            let placed = resolution.range().expect("an exact quote is never orphaned");
            let fuzzy = matches!(resolution.placement, Placement::Fuzzy { .. });
            prop_assert!(!fuzzy);
            prop_assert_eq!(&edited[placed], anchor.quote.as_str());
        }
    }
}
