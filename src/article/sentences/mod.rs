//! Sentences: Unicode sentence bounds (UAX #29), corrected for news prose.
//!
//! Only a terminator (`.`, `!`, `?`, `。`, `؟`, … and the ellipsis `…`) can end
//! a sentence; a line break inside a block is wrapping, not an end. At each run
//! of terminators, UAX #29 is asked about a few characters around the run
//! whether a sentence ends there, and its answer is corrected for what it gets
//! wrong in news prose: abbreviations (`Dr. Smith`, `No. 10`), initials
//! (`George W. Bush`, `U.S. officials`), list markers (`1. First`), lowercase
//! continuations (`"Why?" he asked`), a number after a full stop (`It ended.
//! 3 people died`), ellipses, and opening brackets after a terminator (`。「`).
//!
//! Asking about small windows instead of whole blocks keeps the cost to a byte
//! scan plus a little work per terminator: UAX #29 over a whole novel takes
//! several times longer than the rest of loading it.

use super::work::step;
use super::{Block, BlockKind, Sentence, Span};
use items::InlineItem;
use marks::is_terminator;
use run::{AfterEllipsis, Run};

/// Splits every block into sentences: prose by the rules above, each table
/// cell on its own, headings and code blocks whole, rules not at all.
pub fn split_sentences(text: &str, blocks: &[Block]) -> Vec<Sentence> {
    // Prose runs well over 100 bytes a sentence, so this seldom grows.
    let mut sentences = Vec::with_capacity(blocks.len() + text.len() / 128);
    for (index, block) in blocks.iter().enumerate() {
        let mut out = Collector {
            text,
            block: index,
            stretch: sentences.len(),
            sentences: &mut sentences,
        };
        match &block.kind {
            BlockKind::Rule => {}
            BlockKind::Heading { .. } | BlockKind::Code { .. } => out.push(block.range.clone()),
            BlockKind::TableRow { cells, .. } => {
                for cell in cells {
                    // A cell outside its row would be a loader's slip; it must
                    // still not put a sentence outside the block.
                    let start = cell.start.max(block.range.start);
                    let end = cell.end.min(block.range.end);
                    if start < end {
                        split_prose(&mut out, start..end);
                    }
                }
            }
            BlockKind::Paragraph | BlockKind::ListItem { .. } | BlockKind::Footnote { .. } => {
                split_prose(&mut out, block.range.clone())
            }
        }
    }
    sentences
}

/// Where one block's sentences go.
struct Collector<'a> {
    text: &'a str,
    block: usize,
    /// Where the sentences of the stretch being split (a paragraph, or one
    /// table cell) begin.
    stretch: usize,
    sentences: &'a mut Vec<Sentence>,
}

impl Collector<'_> {
    /// Adds a sentence of prose, cut at each line break (a `<br>` or a
    /// markdown hard break: soft ones are spaces in the text by now) that
    /// ends a line with no punctuation before a line starting with a
    /// capital, as a caption over the text does ("…via iFixit" / "The
    /// report claims…"). A line ending in a comma or a line starting in
    /// lowercase or a figure goes on (verse, an address).
    fn push_prose(&mut self, span: Span) {
        let text = self.text;
        let mut start = span.start;
        let mut line_start = span.start;
        for (at, _) in text[span.clone()].match_indices('\n') {
            let at = span.start + at;
            step(at - line_start);
            let ends_bare = text[line_start..at]
                .trim_end()
                .ends_with(|c: char| c.is_alphanumeric() || matches!(c, ')' | ']'));
            let next_capital = text[at + 1..span.end]
                .trim_start()
                .trim_start_matches(['"', '\'', '“', '‘', '('])
                .starts_with(char::is_uppercase);
            if ends_bare && next_capital {
                self.push(start..at);
                start = at + 1;
            }
            line_start = at + 1;
        }
        self.push(start..span.end);
    }

    /// Adds `span` trimmed of whitespace, unless nothing is left of it. A
    /// piece with no letter or digit (an emoji after the last full stop, a
    /// lone dash) is no sentence to tag: it goes with the one before it in
    /// the same stretch, if there is one.
    fn push(&mut self, span: Span) {
        let raw = &self.text[span.clone()];
        let start = span.start + (raw.len() - raw.trim_start().len());
        let end = span.start + raw.trim_end().len();
        if start >= end {
            return;
        }
        if self.sentences.len() > self.stretch
            && let Some(previous) = self.sentences.last_mut()
            && !self.text[start..end].chars().any(char::is_alphanumeric)
        {
            previous.range.end = end;
            return;
        }
        self.sentences.push(Sentence {
            range: start..end,
            block: self.block,
        });
    }
}

/// Splits one stretch of prose (a paragraph, list item, footnote or cell).
fn split_prose(out: &mut Collector, span: Span) {
    out.stretch = out.sentences.len();
    let prose = &out.text[span.clone()];
    let mut sentence_start = 0;
    // UAX #29 never reads back past the previous run, so each byte is read a
    // bounded number of times.
    let mut previous_run_end = 0;
    let mut item = InlineItem::at(prose, 0);
    let mut after_ellipsis = AfterEllipsis::default();
    loop {
        let from = previous_run_end.max(item.map_or(0, |item| item.marker_end));
        let terminator = find_terminator(prose, from);
        // The next item of an inline list starts a sentence, full stop or not.
        if let Some(next_item) = item.and_then(|item| item.next)
            && terminator.is_none_or(|at| at >= next_item)
        {
            out.push_prose(span.start + sentence_start..span.start + next_item);
            sentence_start = next_item;
            previous_run_end = next_item;
            item = InlineItem::at(prose, next_item);
            continue;
        }
        let Some(at) = terminator else {
            break;
        };
        let mut run = Run::at(prose, at);
        run.take_spaced_dots(prose);
        // UAX #29 may put a run's break past later runs (`。: …[\n`: at the
        // line break, past the ellipsis); those runs then lie inside the
        // sentence already ended and must not end it again, before its start.
        if let Some(next) =
            run.sentence_break(prose, sentence_start, previous_run_end, &mut after_ellipsis)
            && next > sentence_start
        {
            out.push_prose(span.start + sentence_start..span.start + next);
            sentence_start = next;
            item = InlineItem::at(prose, next);
        }
        previous_run_end = run.marks.end;
    }
    out.push_prose(span.start + sentence_start..span.end);
}

/// The first terminator at or after `from`.
fn find_terminator(prose: &str, from: usize) -> Option<usize> {
    let found = next_terminator(prose, from);
    step(found.unwrap_or(prose.len()) - from);
    found
}

fn next_terminator(prose: &str, from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        at += first_candidate(&prose.as_bytes()[at..])?;
        // A candidate is ASCII or a lead byte, so a char starts there.
        let c = prose[at..].chars().next()?;
        if is_terminator(c) {
            return Some(at);
        }
        at += c.len_utf8();
    }
}

/// The offset of the first byte that may start a terminator: `.`, `!`, `?`,
/// or a lead byte of 0xD6 or more. Smaller lead bytes start characters below
/// U+0580, where `.`, `!` and `?` are the only terminators; continuation
/// bytes are below 0xC0. This reads every byte of an article, so it tests
/// eight at a time with bit tricks instead of one at a time.
fn first_candidate(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH_BITS: u64 = u64::from_le_bytes([0x80; 8]);
    // The high bit of each byte of `word` that equals `b` (and possibly of
    // bytes after one that does, which `trailing_zeros` never reaches).
    let equal = |word: u64, b: u8| {
        let xor = word ^ (ONES * u64::from(b));
        xor.wrapping_sub(ONES) & !xor & HIGH_BITS
    };
    // The high bit of each byte that is 0xD6 or more: a high bit, and low
    // seven bits of 0x56 or more, which adding 0x2A carries into bit 7.
    let lead_at_least_d6 = |word: u64| ((word & !HIGH_BITS) + ONES * 0x2A) & word & HIGH_BITS;
    let mut words = bytes.chunks_exact(8);
    for (index, chunk) in words.by_ref().enumerate() {
        let word = u64::from_le_bytes(chunk.try_into().expect("chunks of 8"));
        let hits =
            equal(word, b'.') | equal(word, b'!') | equal(word, b'?') | lead_at_least_d6(word);
        if hits != 0 {
            return Some(index * 8 + hits.trailing_zeros() as usize / 8);
        }
    }
    let tail = words.remainder();
    let offset = tail.iter().position(|&b| is_candidate_byte(b))?;
    Some(bytes.len() - tail.len() + offset)
}

/// [`first_candidate`]'s test for one byte.
fn is_candidate_byte(b: u8) -> bool {
    matches!(b, b'.' | b'!' | b'?') || b >= 0xD6
}

mod items;
mod marks;
mod run;
#[cfg(test)]
mod tests;
mod words;

/// Whether `word` (as written) is one that usually opens a sentence (`The`,
/// `While`, `However`): a capital there says nothing of a name.
pub fn opens_sentences(word: &str) -> bool {
    words::SENTENCE_STARTERS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod golden_rules;
