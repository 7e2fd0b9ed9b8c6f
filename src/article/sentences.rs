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

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::{Block, BlockKind, Sentence, Span};

/// Splits every block into sentences: prose by the rules above, each table
/// cell on its own, headings and code blocks whole, rules not at all.
pub fn split_sentences(text: &str, blocks: &[Block]) -> Vec<Sentence> {
    // Prose runs well over 100 bytes a sentence, so this seldom grows.
    let mut sentences = Vec::with_capacity(blocks.len() + text.len() / 128);
    for (index, block) in blocks.iter().enumerate() {
        let mut out = Collector {
            text,
            block: index,
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
    sentences: &'a mut Vec<Sentence>,
}

impl Collector<'_> {
    /// Adds `span` trimmed of whitespace, unless nothing is left of it.
    fn push(&mut self, span: Span) {
        let raw = &self.text[span.clone()];
        let start = span.start + (raw.len() - raw.trim_start().len());
        let end = span.start + raw.trim_end().len();
        if start < end {
            self.sentences.push(Sentence {
                range: start..end,
                block: self.block,
            });
        }
    }
}

/// Splits one stretch of prose (a paragraph, list item, footnote or cell).
fn split_prose(out: &mut Collector, span: Span) {
    let prose = &out.text[span.clone()];
    let mut sentence_start = 0;
    // UAX #29 never reads back past the previous run, so each byte is read a
    // bounded number of times.
    let mut previous_run_end = 0;
    while let Some(at) = find_terminator(prose, previous_run_end) {
        let run = Run::at(prose, at);
        // UAX #29 may put a run's break past later runs (`。: …[\n`: at the
        // line break, past the ellipsis); those runs then lie inside the
        // sentence already ended and must not end it again, before its start.
        if let Some(next) = run.sentence_break(prose, sentence_start, previous_run_end)
            && next > sentence_start
        {
            out.push(span.start + sentence_start..span.start + next);
            sentence_start = next;
        }
        previous_run_end = run.marks.end;
    }
    out.push(span.start + sentence_start..span.end);
}

/// The first terminator at or after `from`.
fn find_terminator(prose: &str, from: usize) -> Option<usize> {
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

/// A run of terminators: `.`, `?!`, `...`, `。`.
struct Run {
    marks: Range<usize>,
}

impl Run {
    fn at(prose: &str, start: usize) -> Run {
        let len: usize = prose[start..]
            .chars()
            .take_while(|&c| is_terminator(c))
            .map(char::len_utf8)
            .sum();
        Run {
            marks: start..start + len,
        }
    }

    /// Where the next sentence starts, if this run ends one. `floor` is as far
    /// back as UAX #29 may read.
    fn sentence_break(&self, prose: &str, sentence_start: usize, floor: usize) -> Option<usize> {
        let next = self
            .uax29_break(prose, floor)
            .or_else(|| self.missed_break(prose))?;
        let next = self.before_openers(prose, next);
        (!self.continues(prose, sentence_start, next)).then_some(next)
    }

    /// The sentence start UAX #29 puts after this run, if any.
    fn uax29_break(&self, prose: &str, floor: usize) -> Option<usize> {
        self.plain_uax29_break(prose)
            .unwrap_or_else(|| self.windowed_uax29_break(prose, floor))
    }

    /// [`Run::uax29_break`], asking UAX #29 about the run's window.
    fn windowed_uax29_break(&self, prose: &str, floor: usize) -> Option<usize> {
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
    fn window(&self, prose: &str, floor: usize) -> Range<usize> {
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
        start..end
    }

    /// [`Run::uax29_break`] without UAX #29, for the commonest shapes of
    /// prose after ASCII terminators: closing quotes, then the end of the
    /// text, or spaces or a line break and a letter, perhaps after opening
    /// quotes. `None` when the shape is any other. Most runs in a long text
    /// have one of these shapes, and this is several times faster than asking.
    /// `plain_shapes_agree_with_uax29` holds it to UAX #29's answers.
    fn plain_uax29_break(&self, prose: &str) -> Option<Option<usize>> {
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
        let closed = self.marks.end
            + prose[self.marks.end..]
                .chars()
                .take_while(|&c| is_closer(c))
                .map(char::len_utf8)
                .sum::<usize>();
        let next = closed + (prose[closed..].len() - prose[closed..].trim_start().len());
        let first = prose[next..].chars().next()?;
        let ellipsis = marks.ends_with(ELLIPSIS);
        let stop = marks.bytes().all(|b| b == b'.');
        let new_item = first.is_numeric() || starts_list_item(&prose[next..]);
        (next > closed && (ellipsis || (stop && new_item))).then_some(next)
    }

    /// Moves a sentence start UAX #29 put after opening brackets or quotes
    /// (to it they close, like `)`) back before them: `他说。「你好」`.
    fn before_openers(&self, prose: &str, next: usize) -> usize {
        prose[self.marks.end..next]
            .char_indices()
            .take_while(|&(_, c)| !c.is_whitespace())
            .find(|&(_, c)| is_opener(c))
            .map_or(next, |(offset, _)| self.marks.end + offset)
    }

    /// Whether the sentence goes on at `next` after all, where a new one
    /// would otherwise start.
    fn continues(&self, prose: &str, sentence_start: usize, next: usize) -> bool {
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
        match abbreviation(word_before(prose, sentence_start, self.marks.end)) {
            Some(Abbreviation::NeverEnds) => true,
            Some(Abbreviation::BeforeNumber) => word.starts_with(|c: char| c.is_ascii_digit()),
            Some(Abbreviation::MayEnd) => SENTENCE_STARTERS.binary_search(&word).is_err(),
            None => false,
        }
    }
}

/// The first word of a sentence, past any opening quotes or brackets.
fn first_word(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let start = text.find(|c: char| c.is_alphanumeric() || c.is_whitespace())?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// The word a full stop at `end - 1` closes, dots inside it included
/// (`Dr.`, `U.S.`, `e.g.`), not reaching back before `floor`.
fn word_before(prose: &str, floor: usize, end: usize) -> &str {
    let head = &prose[floor..end - 1];
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphabetic() || c == '.')
        .last()
        .map_or(head.len(), |(offset, _)| offset);
    &prose[floor + start..end]
}

/// How an abbreviation's full stop behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Abbreviation {
    /// Never ends a sentence: a title before a name, or a Latin link word.
    NeverEnds,
    /// Stands before a number (`No. 10`, `Jan. 6`); elsewhere its full stop
    /// ends the sentence (`No. I won't.`).
    BeforeNumber,
    /// Often ends a sentence (`at Apple Inc.`, `in the U.S.`): it does when
    /// the next word is one that usually starts a sentence.
    MayEnd,
}

/// Abbreviations news prose uses, matched ignoring ASCII case. Initials and
/// dotted acronyms (`W.`, `U.S.`, `a.m.`) need no entry: they are
/// [`Abbreviation::MayEnd`]. Nor do those that end sentences as often as not
/// (`etc.`): a lowercase word after them already continues the sentence.
const ABBREVIATIONS: &[(&str, Abbreviation)] = {
    use Abbreviation::*;
    &[
        // Titles and ranks before a name.
        ("Mr.", NeverEnds),
        ("Mrs.", NeverEnds),
        ("Ms.", NeverEnds),
        ("Messrs.", NeverEnds),
        ("Dr.", NeverEnds),
        ("Prof.", NeverEnds),
        ("Gov.", NeverEnds),
        ("Sen.", NeverEnds),
        ("Sens.", NeverEnds),
        ("Rep.", NeverEnds),
        ("Reps.", NeverEnds),
        ("Pres.", NeverEnds),
        ("Gen.", NeverEnds),
        ("Lt.", NeverEnds),
        ("Col.", NeverEnds),
        ("Maj.", NeverEnds),
        ("Capt.", NeverEnds),
        ("Sgt.", NeverEnds),
        ("Adm.", NeverEnds),
        ("Cmdr.", NeverEnds),
        ("Rev.", NeverEnds),
        ("Hon.", NeverEnds),
        ("Atty.", NeverEnds),
        ("Supt.", NeverEnds),
        ("Mt.", NeverEnds),
        ("Ft.", NeverEnds),
        // Words that link two parts of one sentence.
        ("e.g.", NeverEnds),
        ("i.e.", NeverEnds),
        ("vs.", NeverEnds),
        ("viz.", NeverEnds),
        ("cf.", NeverEnds),
        // Before numbers and dates.
        ("No.", BeforeNumber),
        ("Nos.", BeforeNumber),
        ("Vol.", BeforeNumber),
        ("pp.", BeforeNumber),
        ("Fig.", BeforeNumber),
        ("Art.", BeforeNumber),
        ("approx.", BeforeNumber),
        ("Jan.", BeforeNumber),
        ("Feb.", BeforeNumber),
        ("Mar.", BeforeNumber),
        ("Apr.", BeforeNumber),
        ("Jun.", BeforeNumber),
        ("Jul.", BeforeNumber),
        ("Aug.", BeforeNumber),
        ("Sep.", BeforeNumber),
        ("Sept.", BeforeNumber),
        ("Oct.", BeforeNumber),
        ("Nov.", BeforeNumber),
        ("Dec.", BeforeNumber),
        // Ends of company and personal names, and of addresses.
        ("Inc.", MayEnd),
        ("Corp.", MayEnd),
        ("Co.", MayEnd),
        ("Ltd.", MayEnd),
        ("Bros.", MayEnd),
        ("Jr.", MayEnd),
        ("Sr.", MayEnd),
        ("St.", MayEnd),
        ("Ave.", MayEnd),
        ("Blvd.", MayEnd),
        ("Dept.", MayEnd),
        ("Univ.", MayEnd),
    ]
};

/// Words that usually open a sentence, sorted: after an
/// [`Abbreviation::MayEnd`] they mean the sentence ended there.
const SENTENCE_STARTERS: &[&str] = &[
    "A",
    "After",
    "Again",
    "Also",
    "An",
    "And",
    "As",
    "At",
    "Because",
    "Before",
    "But",
    "By",
    "For",
    "From",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Many",
    "Meanwhile",
    "More",
    "Most",
    "My",
    "No",
    "Now",
    "On",
    "One",
    "Our",
    "She",
    "So",
    "Some",
    "Still",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "To",
    "We",
    "What",
    "When",
    "Where",
    "While",
    "Who",
    "Why",
    "With",
    "Yet",
    "You",
];

fn abbreviation(word: &str) -> Option<Abbreviation> {
    ABBREVIATIONS
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(word))
        .map(|&(_, kind)| kind)
        .or_else(|| is_initials(word).then_some(Abbreviation::MayEnd))
}

/// `W.`, `J.`, `U.S.`, `a.m.`: letters each followed by a full stop. A lone
/// lowercase letter is left out: it is more likely a list marker or a typo.
fn is_initials(word: &str) -> bool {
    let mut chars = word.chars();
    let mut letters = 0;
    loop {
        match (chars.next(), chars.next()) {
            (None, _) => break,
            (Some(letter), Some('.')) if letter.is_alphabetic() => letters += 1,
            _ => return false,
        }
    }
    letters > 1 || (letters == 1 && word.starts_with(char::is_uppercase))
}

/// What numbers a list item (`1`, `12`, `b`, `iv`, `XII`), whose full stop
/// starts no sentence when the item starts one.
fn is_list_marker(word: &str) -> bool {
    let all_in = |set: &[u8]| word.bytes().all(|b| set.contains(&b));
    let number = (1..=3).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit());
    let letter = word.len() == 1 && word.bytes().all(|b| b.is_ascii_alphabetic());
    let roman = (1..=4).contains(&word.len()) && (all_in(b"ivx") || all_in(b"IVX"));
    number || letter || roman
}

/// Whether `text` opens with a list marker: `b) `, `iv. `, `2. `.
fn starts_list_item(text: &str) -> bool {
    // Markers are short: look no further than the longest one.
    let Some(marker_end) = text.bytes().take(5).position(|b| b == b'.' || b == b')') else {
        return false;
    };
    is_list_marker(&text[..marker_end]) && text[marker_end + 1..].starts_with(char::is_whitespace)
}

const ELLIPSIS: char = '\u{2026}';

/// A character that can end a sentence: UAX #29's terminators and `…`.
fn is_terminator(c: char) -> bool {
    c == ELLIPSIS || is_uax29_terminator(c)
}

/// UAX #29's STerm and ATerm characters.
fn is_uax29_terminator(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, '.' | '!' | '?');
    }
    let c = c as u32;
    NON_ASCII_TERMINATORS
        .binary_search_by(|&(first, last)| {
            if last < c {
                std::cmp::Ordering::Less
            } else if first > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Closing quotes and brackets of [`Run::plain_uax29_break`]'s shapes.
const PLAIN_CLOSERS: [char; 7] = ['"', '\'', ')', ']', '}', '”', '’'];
/// Opening quotes and brackets of [`Run::plain_uax29_break`]'s shapes.
const PLAIN_OPENERS: [char; 6] = ['"', '\'', '(', '[', '“', '‘'];

/// Quotes and brackets that close; UAX #29 keeps them with the sentence before.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | ')'
            | ']'
            | '}'
            | '’'
            | '”'
            | '»'
            | '›'
            | '」'
            | '』'
            | '）'
            | '］'
            | '】'
            | '〕'
            | '〉'
            | '》'
    )
}

/// Quotes and brackets that open, which UAX #29 does not tell from closers.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '“'
            | '‘'
            | '„'
            | '‚'
            | '«'
            | '‹'
            | '「'
            | '『'
            | '（'
            | '［'
            | '｛'
            | '【'
            | '〔'
            | '〈'
            | '《'
    )
}

/// Inclusive code point ranges of the non-ASCII characters that UAX #29 (as
/// unicode-segmentation implements it) treats as sentence terminators, STerm
/// or ATerm. `terminator_table_matches_unicode_segmentation` checks every
/// code point, so an update of the crate that changes them fails the tests.
#[rustfmt::skip]
const NON_ASCII_TERMINATORS: &[(u32, u32)] = &[
    (0x0589, 0x0589), (0x061D, 0x061F), (0x06D4, 0x06D4), (0x0700, 0x0702), (0x07F9, 0x07F9), (0x0837, 0x0837),
    (0x0839, 0x0839), (0x083D, 0x083E), (0x0964, 0x0965), (0x104A, 0x104B), (0x1362, 0x1362), (0x1367, 0x1368),
    (0x166E, 0x166E), (0x1735, 0x1736), (0x17D4, 0x17D5), (0x1803, 0x1803), (0x1809, 0x1809), (0x1944, 0x1945),
    (0x1AA8, 0x1AAB), (0x1B4E, 0x1B4F), (0x1B5A, 0x1B5B), (0x1B5E, 0x1B5F), (0x1B7D, 0x1B7F), (0x1C3B, 0x1C3C),
    (0x1C7E, 0x1C7F), (0x2024, 0x2024), (0x203C, 0x203D), (0x2047, 0x2049), (0x2CF9, 0x2CFB), (0x2E2E, 0x2E2E),
    (0x2E3C, 0x2E3C), (0x2E53, 0x2E54), (0x3002, 0x3002), (0xA4FF, 0xA4FF), (0xA60E, 0xA60F), (0xA6F3, 0xA6F3),
    (0xA6F7, 0xA6F7), (0xA876, 0xA877), (0xA8CE, 0xA8CF), (0xA92F, 0xA92F), (0xA9C8, 0xA9C9), (0xAA5D, 0xAA5F),
    (0xAAF0, 0xAAF1), (0xABEB, 0xABEB), (0xFE12, 0xFE12), (0xFE15, 0xFE16), (0xFE52, 0xFE52), (0xFE56, 0xFE57),
    (0xFF01, 0xFF01), (0xFF0E, 0xFF0E), (0xFF1F, 0xFF1F), (0xFF61, 0xFF61), (0x10A56, 0x10A57), (0x10F55, 0x10F59),
    (0x10F86, 0x10F89), (0x11047, 0x11048), (0x110BE, 0x110C1), (0x11141, 0x11143), (0x111C5, 0x111C6), (0x111CD, 0x111CD),
    (0x111DE, 0x111DF), (0x11238, 0x11239), (0x1123B, 0x1123C), (0x112A9, 0x112A9), (0x113D4, 0x113D5), (0x1144B, 0x1144C),
    (0x115C2, 0x115C3), (0x115C9, 0x115D7), (0x11641, 0x11642), (0x1173C, 0x1173E), (0x11944, 0x11944), (0x11946, 0x11946),
    (0x11A42, 0x11A43), (0x11A9B, 0x11A9C), (0x11C41, 0x11C42), (0x11EF7, 0x11EF8), (0x11F43, 0x11F44), (0x16A6E, 0x16A6F),
    (0x16AF5, 0x16AF5), (0x16B37, 0x16B38), (0x16B44, 0x16B44), (0x16D6E, 0x16D6F), (0x16E98, 0x16E98), (0x1BC9F, 0x1BC9F),
    (0x1DA88, 0x1DA88),
];

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::article::{CELL_SEPARATOR, Draft};

    /// Sentences of `blocks` laid out as a [`Draft`] would lay them out.
    fn split_blocks(blocks: &[(BlockKind, &str)]) -> (String, Vec<Sentence>) {
        let mut draft = Draft::default();
        for (kind, text) in blocks {
            let start = draft.begin_block();
            draft.text.push_str(text);
            draft.end_block(start, kind.clone(), 0..0, 0);
        }
        let sentences = split_sentences(&draft.text, &draft.blocks);
        (draft.text, sentences)
    }

    fn split_paragraph(text: &str) -> Vec<String> {
        let (text, sentences) = split_blocks(&[(BlockKind::Paragraph, text)]);
        sentences
            .iter()
            .map(|s| text[s.range.clone()].to_string())
            .collect()
    }

    #[test]
    fn a_break_past_the_next_run_is_not_taken_back() {
        // Found by tests/robustness.rs: the ellipsis proposed a break before
        // the start the first run had already given the next sentence.
        for text in ["。: …[\n“\n", "Yes。: …[\nno “x”"] {
            let sentences = split_paragraph(text);
            let joined: String = sentences.concat();
            let expected: String = text.split_whitespace().collect();
            assert_eq!(
                joined.split_whitespace().collect::<String>(),
                expected,
                "{text:?}"
            );
        }
    }

    /// News prose and what it should split into.
    const NEWS: &[(&str, &[&str])] = &[
        // Titles before names.
        (
            "Dr. Jane Smith met Mr. Lee and Mrs. Park. Ms. Ortiz and Prof. Ng stayed home.",
            &[
                "Dr. Jane Smith met Mr. Lee and Mrs. Park.",
                "Ms. Ortiz and Prof. Ng stayed home.",
            ],
        ),
        (
            "Gov. Newsom spoke after Sen. Warren, Rep. Ocasio-Cortez and Gen. Milley. Then it rained.",
            &[
                "Gov. Newsom spoke after Sen. Warren, Rep. Ocasio-Cortez and Gen. Milley.",
                "Then it rained.",
            ],
        ),
        (
            "They met on St. Patrick's Day. It was cold.",
            &["They met on St. Patrick's Day.", "It was cold."],
        ),
        // Dotted acronyms: mid-sentence before a name, final before a sentence opener.
        (
            "U.S. officials met U.K. ministers. They agreed.",
            &["U.S. officials met U.K. ministers.", "They agreed."],
        ),
        (
            "The U.S. Senate voted. Most senators left for the U.S. The House stayed.",
            &[
                "The U.S. Senate voted.",
                "Most senators left for the U.S.",
                "The House stayed.",
            ],
        ),
        (
            "The meeting ends at 5 p.m. Eastern time.",
            &["The meeting ends at 5 p.m. Eastern time."],
        ),
        (
            "It ended at 10 p.m. He went home.",
            &["It ended at 10 p.m.", "He went home."],
        ),
        // Latin and comparison words.
        (
            "Some states, e.g. Texas, disagree. Others, i.e. Ohio, do not.",
            &[
                "Some states, e.g. Texas, disagree.",
                "Others, i.e. Ohio, do not.",
            ],
        ),
        (
            "It was Roe vs. Wade. Everyone knew.",
            &["It was Roe vs. Wade.", "Everyone knew."],
        ),
        // etc.: mid-sentence before lowercase, final before a capital.
        (
            "Apples, pears, etc. are cheap. Bread, milk, etc. Prices rose anyway.",
            &[
                "Apples, pears, etc. are cheap.",
                "Bread, milk, etc.",
                "Prices rose anyway.",
            ],
        ),
        // Company names.
        (
            "Apple Inc. Chief Executive Tim Cook spoke. Shares of Acme Corp. The stock fell.",
            &[
                "Apple Inc. Chief Executive Tim Cook spoke.",
                "Shares of Acme Corp.",
                "The stock fell.",
            ],
        ),
        (
            "Barclays Ltd. and Ford Motor Co. agreed. Talks ended.",
            &["Barclays Ltd. and Ford Motor Co. agreed.", "Talks ended."],
        ),
        // Numbers and dates.
        (
            "He lives at No. 10 Downing Street. No. I will not go.",
            &[
                "He lives at No. 10 Downing Street.",
                "No.",
                "I will not go.",
            ],
        ),
        (
            "The Jan. 6 attack and the Sept. 11 attacks differ. Feb. 2 is Groundhog Day.",
            &[
                "The Jan. 6 attack and the Sept. 11 attacks differ.",
                "Feb. 2 is Groundhog Day.",
            ],
        ),
        (
            "Revenue rose to $41.2 million, up 3.5% from 2023. Costs fell 0.7 percent.",
            &[
                "Revenue rose to $41.2 million, up 3.5% from 2023.",
                "Costs fell 0.7 percent.",
            ],
        ),
        (
            "Profit rose 3.5%. Analysts were pleased.",
            &["Profit rose 3.5%.", "Analysts were pleased."],
        ),
        // UAX 29 sees the lowercase word after the number and runs these on.
        (
            "The vote was 52 to 48. 12 senators abstained.",
            &["The vote was 52 to 48.", "12 senators abstained."],
        ),
        // Initials.
        (
            "J. R. R. Tolkien wrote it. George W. Bush read it.",
            &["J. R. R. Tolkien wrote it.", "George W. Bush read it."],
        ),
        (
            "They chose Plan B. The rest is history.",
            &["They chose Plan B.", "The rest is history."],
        ),
        // Quotes and brackets close the sentence they end.
        (
            "He said \"no.\" Then he left.",
            &["He said \"no.\"", "Then he left."],
        ),
        (
            "She wrote: “It is over.” Nobody believed her.",
            &["She wrote: “It is over.”", "Nobody believed her."],
        ),
        (
            "The law changed. (See below.) It matters.",
            &["The law changed.", "(See below.)", "It matters."],
        ),
        (
            "“Why?” he asked. “Because,” she said.",
            &["“Why?” he asked.", "“Because,” she said."],
        ),
        (
            "\"Stop!\" the officer shouted.",
            &["\"Stop!\" the officer shouted."],
        ),
        // List markers at a sentence start.
        (
            "1. Cut taxes. 2. Raise wages. a. Then rest.",
            &["1. Cut taxes.", "2. Raise wages.", "a. Then rest."],
        ),
        (
            "a) Cut taxes. b) Raise wages.",
            &["a) Cut taxes.", "b) Raise wages."],
        ),
        (
            "IV. The Reckoning begins here.",
            &["IV. The Reckoning begins here."],
        ),
        // Ellipses, three dots or one character.
        (
            "He paused... Then he spoke. Wait... what happened?",
            &["He paused...", "Then he spoke.", "Wait... what happened?"],
        ),
        (
            "He paused… Then he spoke. And… nothing.",
            &["He paused…", "Then he spoke.", "And… nothing."],
        ),
        (
            "He said . . . that it was fine. Fine.",
            &["He said . . . that it was fine.", "Fine."],
        ),
        // Several marks.
        (
            "You did what?! Unbelievable! Really?",
            &["You did what?!", "Unbelievable!", "Really?"],
        ),
        // Line breaks inside a block are wrapping, not sentence ends.
        (
            "The minister, Mr.\nJones, spoke at length\nabout taxes. Then\nhe sat down.",
            &[
                "The minister, Mr.\nJones, spoke at length\nabout taxes.",
                "Then\nhe sat down.",
            ],
        ),
        (
            "Nobody knew why.\nand then it ended.",
            &["Nobody knew why.\nand then it ended."],
        ),
        // Dots inside words, labels and web addresses.
        (
            "See section 1.A. of the license, or example.Com. It is short.",
            &[
                "See section 1.A. of the license, or example.Com.",
                "It is short.",
            ],
        ),
        (
            "Visit www.example.com for details. Node.js is popular.",
            &["Visit www.example.com for details.", "Node.js is popular."],
        ),
        // No terminator at all.
        (
            "A headline-style line with no stop",
            &["A headline-style line with no stop"],
        ),
    ];

    #[test]
    fn news_prose_splits_as_a_reader_would() {
        let mut failures = Vec::new();
        for (text, expected) in NEWS {
            let got = split_paragraph(text);
            if got != *expected {
                failures.push(format!("{text:?}\n  want {expected:?}\n  got  {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn other_scripts_split_on_their_own_marks() {
        let cases: &[(&str, &[&str])] = &[
            (
                "今天下雨。你去哪里？我不知道！",
                &["今天下雨。", "你去哪里？", "我不知道！"],
            ),
            // The opening bracket starts the next sentence.
            (
                "他说。「你好。」她笑了。",
                &["他说。", "「你好。」", "她笑了。"],
            ),
            ("東京は晴れ。大阪は雨。", &["東京は晴れ。", "大阪は雨。"]),
            (
                "كيف حالك؟ أنا بخير. شكرا!",
                &["كيف حالك؟", "أنا بخير.", "شكرا!"],
            ),
            (
                "شلום. מה שלומך? הכל טוב.",
                &["شلום.", "מה שלומך?", "הכל טוב."],
            ),
            ("यह अच्छा है। वह भी।", &["यह अच्छा है।", "वह भी।"]),
            (
                "Great news 🎉. The 👩‍👩‍👧 family arrived! Next 👍🏽.",
                &["Great news 🎉.", "The 👩‍👩‍👧 family arrived!", "Next 👍🏽."],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(split_paragraph(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn headings_and_code_are_whole_rules_are_empty_cells_are_separate() {
        let row_cells = ["Revenue rose. Costs fell.", "$41.2 million"];
        let row_text = row_cells.join(CELL_SEPARATOR);
        let row_start = "Results. Two.\n\nfn main() { a.b(); }\n\n".len();
        let second_cell = row_start + row_cells[0].len() + CELL_SEPARATOR.len();
        let (text, sentences) = split_blocks(&[
            (BlockKind::Heading { level: 1 }, "Results. Two."),
            (BlockKind::Code { lang: None }, "fn main() { a.b(); }"),
            (
                BlockKind::TableRow {
                    header: false,
                    cells: vec![
                        row_start..row_start + row_cells[0].len(),
                        second_cell..second_cell + row_cells[1].len(),
                    ],
                },
                &row_text,
            ),
            (BlockKind::Rule, ""),
            (BlockKind::Paragraph, "After. The rule."),
        ]);
        let got: Vec<_> = sentences
            .iter()
            .map(|s| (s.block, &text[s.range.clone()]))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, "Results. Two."),
                (1, "fn main() { a.b(); }"),
                (2, "Revenue rose."),
                (2, "Costs fell."),
                (2, "$41.2 million"),
                (4, "After."),
                (4, "The rule."),
            ]
        );
    }

    #[test]
    fn terminator_table_matches_unicode_segmentation() {
        // A terminator after a lowercase letter ends the sentence before a
        // capital, and keeps the space: "a. " | "B". Paragraph separators end
        // it too, but without the space.
        let mut probe = String::new();
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            probe.clear();
            probe.push('a');
            probe.push(c);
            probe.push_str(" B");
            let bounds: Vec<&str> = probe.split_sentence_bounds().collect();
            let ends = bounds.len() == 2 && bounds[0].ends_with(' ');
            assert_eq!(is_uax29_terminator(c), ends, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn war_and_peace_keeps_titles_with_their_names() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpus/war-and-peace.txt"
        );
        if !std::path::Path::new(path).exists() {
            eprintln!("skipped: {path} is absent");
            return;
        }
        let article = crate::article::load_path(path.as_ref()).expect("the corpus loads");
        let titles: Vec<&str> = ABBREVIATIONS
            .iter()
            .filter(|(_, kind)| *kind == Abbreviation::NeverEnds)
            .map(|(title, _)| *title)
            .collect();
        let mut previous_end = 0;
        for sentence in &article.sentences {
            let text = article.slice(&sentence.range);
            let last_word = text.rsplit(char::is_whitespace).next().unwrap_or(text);
            assert!(!titles.contains(&last_word), "{text:?} ends on a title");
            assert!(sentence.range.start >= previous_end, "{text:?} overlaps");
            previous_end = sentence.range.end;
        }
    }

    proptest! {
        #[test]
        fn first_candidate_finds_what_a_byte_loop_finds(bytes in prop::collection::vec(any::<u8>(), 0..40)) {
            prop_assert_eq!(
                first_candidate(&bytes),
                bytes.iter().position(|&b| is_candidate_byte(b))
            );
        }

        #[test]
        fn plain_shapes_agree_with_uax29(prose in "[aB3 .!?\"')(\\[“”‘’\n,é…。-]{0,14}") {
            if let Some(at) = find_terminator(&prose, 0) {
                let run = Run::at(&prose, at);
                if let Some(answer) = run.plain_uax29_break(&prose) {
                    prop_assert_eq!(answer, run.windowed_uax29_break(&prose, 0));
                }
            }
        }

        #[test]
        fn windows_agree_with_the_whole_text(prose in "[aB3 .!?\"')(“”’\n,é…。-]{0,14}") {
            if let Some(at) = find_terminator(&prose, 0) {
                let run = Run::at(&prose, at);
                let whole = prose
                    .split_sentence_bound_indices()
                    .map(|(offset, _)| offset)
                    .find(|&offset| offset >= run.marks.end);
                // Past the window, a break belongs to what follows the run.
                let window_end = run.window(&prose, 0).end;
                prop_assert_eq!(
                    run.windowed_uax29_break(&prose, 0),
                    whole.filter(|&offset| offset < window_end)
                );
            }
        }
    }

    /// Blocks of arbitrary prose, made of characters the rules care about.
    fn prose_blocks() -> impl Strategy<Value = Vec<(u8, String)>> {
        let text = "[aZ9 .!?…\"'()“”「」。！？؟\n\té😀\u{301}-]{0,40}";
        prop::collection::vec((0..4u8, text), 0..6)
    }

    proptest! {
        #[test]
        fn sentences_are_ordered_disjoint_trimmed_and_inside_their_block(blocks in prose_blocks()) {
            let mut draft = Draft::default();
            for (kind, text) in &blocks {
                let start = draft.begin_block();
                let kind = match kind {
                    0 => BlockKind::Heading { level: 2 },
                    1 => {
                        // Cells are trimmed and non-empty, as a loader makes them.
                        let mut cells = Vec::new();
                        for cell in text.split('|').map(str::trim).filter(|c| !c.is_empty()) {
                            if !cells.is_empty() {
                                draft.text.push_str(CELL_SEPARATOR);
                            }
                            let cell_start = draft.text.len();
                            draft.text.push_str(cell);
                            cells.push(cell_start..draft.text.len());
                        }
                        BlockKind::TableRow { header: false, cells }
                    }
                    _ => BlockKind::Paragraph,
                };
                if !matches!(kind, BlockKind::TableRow { .. }) {
                    draft.text.push_str(text);
                }
                draft.end_block(start, kind, 0..0, 0);
            }
            let text = &draft.text;
            let sentences = split_sentences(text, &draft.blocks);
            let mut previous_end = 0;
            let mut previous_block = 0;
            for sentence in &sentences {
                let range = sentence.range.clone();
                let block = &draft.blocks[sentence.block];
                prop_assert!(range.start < range.end, "empty {range:?}");
                prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                prop_assert!(range.start >= previous_end, "overlap at {range:?}");
                prop_assert!(sentence.block >= previous_block);
                prop_assert!(block.range.start <= range.start && range.end <= block.range.end);
                prop_assert_eq!(text[range.clone()].trim(), &text[range.clone()]);
                previous_end = range.end;
                previous_block = sentence.block;
            }
            // Nothing a reader sees in a paragraph is left out of a sentence.
            for (index, block) in draft.blocks.iter().enumerate() {
                if block.kind != BlockKind::Paragraph {
                    continue;
                }
                for (offset, c) in text[block.range.clone()].char_indices() {
                    let at = block.range.start + offset;
                    let covered = sentences
                        .iter()
                        .any(|s| s.block == index && s.range.contains(&at));
                    prop_assert!(c.is_whitespace() || covered, "{c:?} at {at} left out");
                }
            }
        }
    }
}
