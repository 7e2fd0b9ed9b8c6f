//! One run of terminators and whether a sentence ends after it.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::marks::{
    ELLIPSIS, PLAIN_CLOSERS, PLAIN_OPENERS, is_closer, is_opener, is_terminator,
    is_uax29_terminator,
};
use super::words::{
    Abbreviation, SENTENCE_STARTERS, abbreviation, is_clock_suffix, is_list_marker,
    is_personal_title, is_time_zone, starts_list_item,
};
use crate::article::work::step;

/// A run of terminators: `.`, `?!`, `...`, `。`.
pub(super) struct Run {
    pub(super) marks: Range<usize>,
}

impl Run {
    pub(super) fn at(prose: &str, start: usize) -> Run {
        let len: usize = prose[start..]
            .chars()
            .take_while(|&c| is_terminator(c))
            .map(char::len_utf8)
            .sum();
        step(len);
        Run {
            marks: start..start + len,
        }
    }

    /// Where the next sentence starts, if this run ends one. `floor` is as far
    /// back as UAX #29 may read.
    pub(super) fn sentence_break(
        &self,
        prose: &str,
        sentence_start: usize,
        floor: usize,
        after_ellipsis: &mut AfterEllipsis,
    ) -> Option<usize> {
        if self.is_spaced(prose) {
            return self.spaced_ellipsis_break(prose);
        }
        if self.is_bracketed_omission(prose) {
            return None;
        }
        let next = match self.after_footnote_reference(prose) {
            Some(next) => next,
            None => {
                let next = self
                    .uax29_break(prose, floor, after_ellipsis)
                    .or_else(|| self.missed_break(prose))?;
                self.before_openers(prose, next)
            }
        };
        (!self.continues(prose, sentence_start, next)).then_some(next)
    }

    /// Takes in the rest of a spaced ellipsis (`. . .`, `. . . .`) that this
    /// full stop starts, so the group is judged as one run.
    pub(super) fn take_spaced_dots(&mut self, prose: &str) {
        if &prose[self.marks.clone()] != "." {
            return;
        }
        while prose[self.marks.end..].starts_with(" .") {
            step(2);
            self.marks.end += 2;
        }
    }

    /// Whether [`Run::take_spaced_dots`] took in a spaced ellipsis.
    fn is_spaced(&self, prose: &str) -> bool {
        prose[self.marks.clone()].contains(' ')
    }

    /// Where a sentence starts after a spaced ellipsis. Three dots after a
    /// space leave something out mid-sentence (`the thing is . . . I didn't`);
    /// a fourth is the full stop (`a period . . . . Next`). Four dots straight
    /// after a word are that word's full stop and an ellipsis opening the next
    /// sentence (`compounds. . . . The practice`), unless nothing follows.
    fn spaced_ellipsis_break(&self, prose: &str) -> Option<usize> {
        let dots = prose[self.marks.clone()]
            .bytes()
            .filter(|&b| b == b'.')
            .count();
        let attached = prose[..self.marks.start]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace());
        let next = skip_white_space(prose, skip_closers(prose, self.marks.end));
        let first = prose[next..].chars().next()?;
        let opens_sentence = first.is_uppercase() || first.is_numeric() || is_opener(first);
        if attached && dots >= 4 && first.is_uppercase() {
            return Some(self.marks.start + 1);
        }
        let omission = !attached && dots == 3;
        (!omission && opens_sentence && next > self.marks.end).then_some(next)
    }

    /// An ellipsis in brackets, `[...]` or `(…)`, marks words left out of a
    /// quotation; it ends nothing.
    fn is_bracketed_omission(&self, prose: &str) -> bool {
        let marks = &prose[self.marks.clone()];
        let ellipsis = marks == "..." || marks == "\u{2026}";
        ellipsis
            && ((prose[..self.marks.start].ends_with('[')
                && prose[self.marks.end..].starts_with(']'))
                || (prose[..self.marks.start].ends_with('(')
                    && prose[self.marks.end..].starts_with(')')))
    }

    /// Where the next sentence starts when footnote references follow the
    /// run (`September.[^vote] Supporters`, `.[1]`, `.¹`): the references
    /// belong to the sentence that ends. `None` when no reference follows,
    /// and the end of the references when no sentence starts after them.
    fn after_footnote_reference(&self, prose: &str) -> Option<usize> {
        let closed = skip_closers(prose, self.marks.end);
        let after = skip_footnote_references(prose, closed);
        if after == closed {
            return None;
        }
        let next = skip_white_space(prose, after);
        let first = prose[next..].chars().next();
        let opens = first.is_some_and(|c| c.is_uppercase() || c.is_numeric() || is_opener(c));
        Some(if next > after && opens { next } else { after })
    }

    /// The sentence start UAX #29 puts after this run, if any.
    fn uax29_break(
        &self,
        prose: &str,
        floor: usize,
        after_ellipsis: &mut AfterEllipsis,
    ) -> Option<usize> {
        if !prose[self.marks.clone()].contains(is_uax29_terminator) {
            return self.ellipsis_uax29_break(prose, after_ellipsis);
        }
        self.plain_uax29_break(prose)
            .unwrap_or_else(|| self.windowed_uax29_break(prose, floor))
    }

    /// [`Run::uax29_break`] for a run of ellipses only (`…`), which UAX #29
    /// does not take for terminators: it breaks after them only after a
    /// paragraph separator, if one comes before the next letter or
    /// terminator (its window's end) and something follows it.
    /// Asking UAX #29 meant reading to that letter for every run, the whole
    /// paragraph for each `… ` of a paragraph of them; `after_ellipsis`
    /// remembers where the last search stopped. `ellipses_agree_with_uax29`
    /// holds it to UAX #29's answers.
    pub(super) fn ellipsis_uax29_break(
        &self,
        prose: &str,
        after_ellipsis: &mut AfterEllipsis,
    ) -> Option<usize> {
        let at = after_ellipsis.stop(prose, self.marks.end);
        let separator = prose[at..]
            .chars()
            .next()
            .filter(|&c| is_paragraph_separator(c))?;
        let mut after = at + separator.len_utf8();
        // UAX #29 keeps CR LF together.
        if separator == '\r' && prose[after..].starts_with('\n') {
            after += 1;
        }
        (after < prose.len()).then_some(after)
    }

    /// [`Run::uax29_break`], asking UAX #29 about the run's window.
    pub(super) fn windowed_uax29_break(&self, prose: &str, floor: usize) -> Option<usize> {
        let window = self.window(prose, floor);
        // A run like `!…` is one to us but may not be to UAX #29.
        let marks_end = self.marks.end - window.start;
        prose[window.clone()]
            .split_sentence_bound_indices()
            .map(|(offset, _)| offset)
            .find(|&offset| offset >= marks_end)
            .map(|offset| window.start + offset)
    }

    /// What UAX #29 needs to read to judge this run. It looks back only at
    /// the letter before a full stop (`U.S`), which a combining mark may
    /// follow, so two characters. It looks ahead past digits and punctuation
    /// for a lowercase letter (`etc. 3 more`), so to the first letter, or the
    /// next terminator, where that search stops and a break may fall before.
    pub(super) fn window(&self, prose: &str, floor: usize) -> Range<usize> {
        let start = prose[floor..self.marks.start]
            .char_indices()
            .rev()
            .nth(1)
            .map_or(floor, |(offset, _)| floor + offset);
        let end = prose[self.marks.end..]
            .char_indices()
            .find(|&(_, c)| is_uax29_terminator(c) || c.is_alphabetic())
            .map_or(prose.len(), |(offset, c)| {
                self.marks.end + offset + c.len_utf8()
            });
        step(end - start);
        start..end
    }

    /// [`Run::uax29_break`] without UAX #29, for the commonest shapes of
    /// prose after ASCII terminators: closing quotes, then the end of the
    /// text, or spaces or a line break and a letter, perhaps after opening
    /// quotes. `None` when the shape is any other. Most runs in a long text
    /// have one of these shapes, and this is several times faster than asking.
    /// `plain_shapes_agree_with_uax29` holds it to UAX #29's answers.
    pub(super) fn plain_uax29_break(&self, prose: &str) -> Option<Option<usize>> {
        let marks = &prose[self.marks.clone()];
        if !marks.is_ascii() {
            return None;
        }
        let closed = prose[self.marks.end..].trim_start_matches(PLAIN_CLOSERS);
        let spaced = closed.trim_start_matches(' ');
        let (spaced, line_break) = match spaced.strip_prefix('\n') {
            Some(rest) => (rest, true),
            None => (spaced, false),
        };
        let next = prose.len() - spaced.len();
        step(next - self.marks.end);
        if spaced.is_empty() {
            return Some(None);
        }
        // A line break ends a sentence after a terminator whatever follows.
        if line_break {
            return Some(Some(next));
        }
        if spaced.len() == closed.len() {
            return None;
        }
        match spaced.trim_start_matches(PLAIN_OPENERS).chars().next() {
            Some(c) if c.is_ascii_uppercase() => Some(Some(next)),
            // A full stop (ATerm) before a lowercase word ends nothing; `!`
            // and `?` (STerm) end the sentence all the same.
            Some(c) if c.is_ascii_lowercase() => Some((!marks.ends_with('.')).then_some(next)),
            _ => None,
        }
    }

    /// A sentence start UAX #29 misses: after an ellipsis `…` (no terminator
    /// to it, unlike `...`), and after a full stop followed by a number or a
    /// list marker, where it sees the lowercase word after them (`It ended.
    /// 3 people died`, `Cut taxes. b) Raise wages`).
    fn missed_break(&self, prose: &str) -> Option<usize> {
        let marks = &prose[self.marks.clone()];
        let closed = skip_closers(prose, self.marks.end);
        let next = skip_white_space(prose, closed);
        let first = prose[next..].chars().next()?;
        let ellipsis = marks.ends_with(ELLIPSIS);
        let stop = marks.bytes().all(|b| b == b'.');
        let new_item = first.is_numeric() || starts_list_item(&prose[next..]);
        (next > closed && (ellipsis || (stop && new_item))).then_some(next)
    }

    /// Moves a sentence start UAX #29 put after opening brackets or quotes
    /// (to it they close, like `)`) back before them: `他说。「你好」`.
    fn before_openers(&self, prose: &str, next: usize) -> usize {
        step(next - self.marks.end);
        prose[self.marks.end..next]
            .char_indices()
            .take_while(|&(_, c)| !c.is_whitespace())
            .find(|&(_, c)| is_opener(c))
            .map_or(next, |(offset, _)| self.marks.end + offset)
    }

    /// Whether the sentence goes on at `next` after all, where a new one
    /// would otherwise start.
    fn continues(&self, prose: &str, sentence_start: usize, next: usize) -> bool {
        if is_citation(&prose[next..]) {
            return true;
        }
        let Some(word) = first_word(&prose[next..]) else {
            return false;
        };
        // Full stops straight before a letter or digit are inside a name or a
        // label (`example.Com`, `1.A.`), not between sentences.
        let stops = prose[self.marks.clone()].bytes().all(|b| b == b'.');
        if stops && next == self.marks.end && prose[next..].starts_with(char::is_alphanumeric) {
            return true;
        }
        // Sentences start with a capital (or an uncased letter, or a digit),
        // unless they start with a list marker.
        if word.starts_with(char::is_lowercase) {
            return !starts_list_item(&prose[next..]);
        }
        // The rest is about a single full stop that closes a word: `Dr. `.
        let followed_by_space = prose[self.marks.end..].starts_with(char::is_whitespace);
        if &prose[self.marks.clone()] != "." || !followed_by_space {
            return false;
        }
        if is_list_marker(prose[sentence_start..self.marks.start].trim_start()) {
            return true;
        }
        let abbreviated = word_before(prose, sentence_start, self.marks.end);
        match abbreviation(abbreviated) {
            Some(Abbreviation::NeverEnds) => true,
            Some(Abbreviation::BeforeNumber) => word.starts_with(|c: char| c.is_ascii_digit()),
            Some(Abbreviation::MayEnd) => {
                let starter = SENTENCE_STARTERS.binary_search(&word).is_ok();
                // `at 6 P.M. Mr. Smith then went`: a title after a full
                // sentence starts the next one; after a lead-in (`At 5 a.m.
                // Mr. Smith went`) it is the subject of this one.
                let title = is_personal_title(&prose[next..]);
                // Read no further than one word past a lead-in: a sentence
                // of many initials (`U.S. Army U.S. Army …`) is read once.
                let lead_in = prose[sentence_start..self.marks.start]
                    .split_whitespace()
                    .take(MAX_LEAD_IN_WORDS + 1)
                    .inspect(|word| step(word.len()))
                    .count()
                    <= MAX_LEAD_IN_WORDS;
                // A clock time ends a sentence before a capital unless a time
                // zone follows (`5 p.m. Eastern time`).
                let time = is_clock_suffix(abbreviated) && !is_time_zone(word);
                !(starter || ((title || time) && !lead_in))
            }
            None => false,
        }
    }
}

/// The first word of a sentence, past any opening quotes or brackets.
pub(super) fn first_word(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let start = text.find(|c: char| c.is_alphanumeric() || c.is_whitespace())?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    step(text.len() - rest.len() + end);
    (end > 0).then(|| &rest[..end])
}

/// The word a full stop at `end - 1` closes, dots inside it included
/// (`Dr.`, `U.S.`, `e.g.`), not reaching back before `floor`.
fn word_before(prose: &str, floor: usize, end: usize) -> &str {
    let head = &prose[floor..end - 1];
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphabetic() || matches!(c, '.' | '°' | 'º'))
        .last()
        .map_or(head.len(), |(offset, _)| offset);
    step(end - floor - start);
    &prose[floor + start..end]
}

/// A lead-in of at most this many words (`At 5 a.m.`) is no sentence.
const MAX_LEAD_IN_WORDS: usize = 3;
/// The longest parenthetical citation (`(Smith 55)`) kept with a quotation.
const MAX_CITATION_BYTES: usize = 60;
/// The longest footnote label (`[^outturn]`, `[12]`).
const MAX_FOOTNOTE_LABEL_BYTES: usize = 24;

/// `at` moved past closing quotes and brackets.
fn skip_closers(prose: &str, at: usize) -> usize {
    let closers = prose[at..]
        .chars()
        .take_while(|&c| is_closer(c))
        .map(char::len_utf8)
        .sum::<usize>();
    step(closers);
    at + closers
}

fn skip_white_space(prose: &str, at: usize) -> usize {
    let next = prose.len() - prose[at..].trim_start().len();
    step(next - at);
    next
}

/// `at` moved past footnote references written straight after it: `[^vote]`,
/// `[vote]` (how a markdown reference reads), `[1]`, `¹²`.
fn skip_footnote_references(prose: &str, mut at: usize) -> usize {
    loop {
        let rest = &prose[at..];
        let superscripts: usize = rest
            .chars()
            .take_while(|c| matches!(c, '¹' | '²' | '³' | '⁰'..='⁹'))
            .map(char::len_utf8)
            .sum();
        step(superscripts);
        if superscripts > 0 {
            at += superscripts;
            continue;
        }
        let Some(inside) = rest.strip_prefix('[') else {
            return at;
        };
        // A label is short: look for its `]` no further (`.[` at every full
        // stop of a paragraph would otherwise read to its end each time).
        let near = head(inside, MAX_FOOTNOTE_LABEL_BYTES + 2);
        step(near.len());
        let Some(close) = near.find(']') else {
            return at;
        };
        let label = inside[..close]
            .strip_prefix('^')
            .unwrap_or(&inside[..close]);
        let is_label = !label.is_empty()
            && label.len() <= MAX_FOOTNOTE_LABEL_BYTES
            && label
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !is_label {
            return at;
        }
        at += close + 2;
    }
}

/// A short parenthetical citation closing the sentence it follows: `(Smith
/// 55).`, not a bracketed sentence of its own (`(See below.)`).
fn is_citation(rest: &str) -> bool {
    let Some(inside) = rest.strip_prefix('(') else {
        return false;
    };
    // As for footnote labels: a citation's `)` is near, or it is none.
    let near = head(inside, MAX_CITATION_BYTES + 1);
    step(near.len());
    let Some(close) = near.find(')') else {
        return false;
    };
    let citation = &inside[..close];
    close <= MAX_CITATION_BYTES
        && !citation.is_empty()
        && !citation.ends_with(is_terminator)
        && !citation.contains(['!', '?', '('])
        && inside[close + 1..].starts_with(is_terminator)
}

/// The start of `text`, at most `bytes` long, cut at a character boundary.
fn head(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// UAX #29's ParaSep: a line or paragraph separator, after which a sentence
/// always ends.
fn is_paragraph_separator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Where the search after an ellipsis last stopped: the first paragraph
/// separator, letter or UAX #29 terminator at or after `from` is at `stop`
/// (or `stop` is the end), so a later run before `stop` finds it again
/// without reading. Runs come in text order, so each byte is read once.
pub(super) struct AfterEllipsis {
    from: usize,
    stop: usize,
}

impl Default for AfterEllipsis {
    fn default() -> Self {
        AfterEllipsis {
            from: usize::MAX,
            stop: 0,
        }
    }
}

impl AfterEllipsis {
    fn stop(&mut self, prose: &str, from: usize) -> usize {
        if !(self.from <= from && from <= self.stop) {
            let stop = prose[from..]
                .char_indices()
                .find(|&(_, c)| {
                    is_paragraph_separator(c) || c.is_alphabetic() || is_uax29_terminator(c)
                })
                .map_or(prose.len(), |(offset, _)| from + offset);
            step(stop - from);
            *self = AfterEllipsis { from, stop };
        }
        self.stop
    }
}
