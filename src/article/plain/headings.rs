//! Which lines are headings: numbered labels, underlines and guesses.

use std::ops::Range;

use super::blocks::*;
use super::*;

/// Lowercase words a Title Case heading may contain.
pub(super) const MINOR_WORDS: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "of", "in", "on", "at", "to",
    "by", "with", "from", "as", "into", "onto", "over", "per", "via", "vs", "than", "off", "up",
    "out", "about", "like",
];

/// Kinds of heading, from the highest level to the lowest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum HeadingKind {
    /// `VOLUME II`
    Volume,
    /// `BOOK ONE: 1805`, `PART 2`, `ACT III`, `FIRST EPILOGUE: 1813 - 20`
    Book,
    /// `CHAPTER IV`, `FEDERALIST No. 10`, `LETTER 3`
    Chapter,
    /// `SECTION 2`, `SCENE 1`
    Section,
    /// A line underlined with `===`.
    DoubleUnderlined,
    /// A line underlined with `---`.
    SingleUnderlined,
    /// A short Title Case or ALL CAPS line standing alone.
    Guessed,
}

pub(super) const HEADING_KINDS: usize = HeadingKind::Guessed as usize + 1;

/// The heading kind of a numbered label such as `CHAPTER IV`,
/// `BOOK ONE: 1805`, `SECOND EPILOGUE` or `FEDERALIST. No. 7`.
pub(super) fn labelled_heading(content: &str) -> Option<HeadingKind> {
    // Cheap tests first: most lines of a book are long or start in lowercase.
    if content.len() > MAX_HEADING_WIDTH * 4
        || !content.starts_with(char::is_uppercase)
        || width_up_to(content, MAX_HEADING_WIDTH).is_none()
    {
        return None;
    }
    let (first, rest) = next_word(content);
    let (second, after_second) = next_word(rest);
    if is_capitalised(trim_label(first)) && matches!(trim_label(second), "No" | "NO") {
        let (number, tail) = next_word(after_second);
        return (is_number(trim_label(number)) && is_subtitle(tail))
            .then_some(HeadingKind::Chapter);
    }
    let (keyword, after_keyword, ordinal) = if is_ordinal(trim_label(first)) {
        (second, after_second, true)
    } else {
        (first, rest, false)
    };
    let label = trim_label(keyword);
    if !is_capitalised(label) {
        return None;
    }
    let kind = label_kind(label)?;
    let (number, tail) = next_word(after_keyword);
    // `BOOK ONE: 1805`: a number straight after the keyword, then a subtitle.
    if label.len() == keyword.len() && is_number(trim_label(number)) {
        return is_subtitle(tail).then_some(kind);
    }
    let may_stand_alone =
        ordinal || matches!(label.to_ascii_uppercase().as_str(), "EPILOGUE" | "PROLOGUE");
    (may_stand_alone && is_subtitle(after_keyword)).then_some(kind)
}

pub(super) fn label_kind(label: &str) -> Option<HeadingKind> {
    Some(match label.to_ascii_uppercase().as_str() {
        "VOLUME" | "VOL" => HeadingKind::Volume,
        "BOOK" | "PART" | "ACT" | "EPILOGUE" | "PROLOGUE" => HeadingKind::Book,
        "CHAPTER" | "LETTER" | "CANTO" | "STAVE" => HeadingKind::Chapter,
        "SECTION" | "SCENE" => HeadingKind::Section,
        _ => return None,
    })
}

/// The first word of `text` and the rest after it.
pub(super) fn next_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    match text.find(char::is_whitespace) {
        Some(end) => (&text[..end], &text[end..]),
        None => (text, ""),
    }
}

/// A label word without the punctuation that may follow it (`No.`, `ONE:`).
pub(super) fn trim_label(word: &str) -> &str {
    word.trim_end_matches(['.', ':', ','])
}

/// `Chapter` or `CHAPTER`, not `chapter` or `ChApter`.
pub(super) fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    first.is_uppercase()
        && (rest.chars().all(|c| !c.is_lowercase()) || rest.chars().all(|c| !c.is_uppercase()))
}

pub(super) fn is_ordinal(word: &str) -> bool {
    const ORDINALS: &[&str] = &[
        "FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH",
        "TENTH", "LAST", "FINAL",
    ];
    is_capitalised(word) && ORDINALS.iter().any(|o| o.eq_ignore_ascii_case(word))
}

/// Arabic (`10`), Roman (`IV`, `xii`) or spelled-out (`ONE`, `Twenty-One`) numbers.
pub(super) fn is_number(word: &str) -> bool {
    const NUMBER_WORDS: &[&str] = &[
        "ONE",
        "TWO",
        "THREE",
        "FOUR",
        "FIVE",
        "SIX",
        "SEVEN",
        "EIGHT",
        "NINE",
        "TEN",
        "ELEVEN",
        "TWELVE",
        "THIRTEEN",
        "FOURTEEN",
        "FIFTEEN",
        "SIXTEEN",
        "SEVENTEEN",
        "EIGHTEEN",
        "NINETEEN",
        "TWENTY",
        "THIRTY",
        "FORTY",
        "FIFTY",
        "SIXTY",
        "SEVENTY",
        "EIGHTY",
        "NINETY",
    ];
    if word.is_empty() {
        return false;
    }
    if word.len() <= 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    if is_roman_numeral(word) {
        return true;
    }
    word.split('-').all(|part| {
        is_capitalised(part) && NUMBER_WORDS.iter().any(|n| n.eq_ignore_ascii_case(part))
    })
}

/// A Roman numeral in its usual form (`XIV`, not `IIII` or `MILD`), all in one case.
pub(super) fn is_roman_numeral(word: &str) -> bool {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let upper = word.to_ascii_uppercase();
    if word.len() > 12 || (word != upper && word != word.to_ascii_lowercase()) {
        return false;
    }
    // Read greedily, then check that writing the value back gives the same text.
    let mut rest = upper.as_str();
    let mut value = 0;
    for (amount, numeral) in NUMERALS {
        while let Some(after) = rest.strip_prefix(numeral) {
            value += amount;
            rest = after;
        }
    }
    if !rest.is_empty() || value == 0 {
        return false;
    }
    let mut canonical = String::new();
    for (amount, numeral) in NUMERALS {
        while value >= amount {
            canonical.push_str(numeral);
            value -= amount;
        }
    }
    canonical == upper
}

/// What may follow a label's number: nothing, a year range (`: 1813 - 20`),
/// or a capitalised subtitle (`. The Storm`), not the rest of a sentence.
pub(super) fn is_subtitle(tail: &str) -> bool {
    let tail = tail.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '.' | '-' | '–' | '—')
    });
    tail.is_empty() || tail.split_whitespace().all(is_capitalised_or_minor)
}

/// A word that may stand in a Title Case line.
pub(super) fn is_capitalised_or_minor(word: &str) -> bool {
    let letters = word.trim_matches(|c: char| !c.is_alphanumeric());
    match letters.chars().next() {
        None => true,
        Some(first) => {
            !first.is_lowercase()
                || letters.chars().any(char::is_uppercase)
                || MINOR_WORDS.contains(&letters)
        }
    }
}

/// A short Title Case or ALL CAPS line without closing punctuation (ALL CAPS
/// may end with a full stop, as in `INTRODUCTION.`).
pub(super) fn looks_like_heading(content: &str) -> bool {
    // The cheap tests first: most lines are prose ending in punctuation.
    let Some(last) = content.chars().next_back() else {
        return false;
    };
    let closing = matches!(
        last,
        ',' | ';' | ':' | '!' | '?' | '…' | '。' | '！' | '？' | '"' | '\'' | '”' | '’' | '»'
    );
    // Dialogue and quotations open with a quote mark; headings rarely do.
    if closing || content.starts_with(['"', '\'', '“', '‘', '«', '(', '[']) {
        return false;
    }
    let caps = is_all_caps(content);
    if (last == '.' && !caps)
        || width_up_to(content, MAX_HEADING_WIDTH).is_none()
        || content.split_whitespace().count() > MAX_HEADING_WORDS
    {
        return false;
    }
    caps || is_title_case(content)
}

pub(super) fn is_title_case(content: &str) -> bool {
    let mut words = content
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|word| word.chars().any(char::is_alphabetic));
    let Some(first) = words.next() else {
        return false;
    };
    !first.starts_with(char::is_lowercase) && words.all(is_capitalised_or_minor)
}

pub(super) fn is_all_caps(content: &str) -> bool {
    content.chars().any(char::is_uppercase) && !content.chars().any(char::is_lowercase)
}

/// A line of three or more `=` (`===`) or `-` (`---`) under a heading.
pub(super) fn underline_kind(line: &Line) -> Option<HeadingKind> {
    let content = line.content;
    if line.indent > 3 || content.len() < 3 {
        return None;
    }
    if content.bytes().all(|b| b == b'=') {
        Some(HeadingKind::DoubleUnderlined)
    } else if content.bytes().all(|b| b == b'-') {
        Some(HeadingKind::SingleUnderlined)
    } else {
        None
    }
}

/// A hard-wrapped block that is a heading: one heading-like line, or a few
/// ALL CAPS lines (the last may end with a full stop, the others with commas).
fn guessed_heading_block(block: &[Line]) -> bool {
    match block {
        [line] => looks_like_heading(line.content),
        [init @ .., last] if block.len() <= MAX_HEADING_LINES => {
            looks_like_heading(last.content)
                && is_all_caps(last.content)
                && init.iter().all(|line| {
                    let without_comma = line.content.strip_suffix(',').unwrap_or(line.content);
                    is_all_caps(line.content) && looks_like_heading(without_comma)
                })
        }
        _ => false,
    }
}

/// Turns heading candidates that fail their context into paragraphs: guesses
/// in files with explicit headings or finishing the sentence above, and any
/// heading with no text under it.
pub(super) fn settle_headings(lines: &[Line], pieces: &mut [Piece]) {
    let explicit = pieces
        .iter()
        .any(|p| matches!(p.role, Role::Heading(kind) if kind != HeadingKind::Guessed));
    for index in 0..pieces.len() {
        if pieces[index].role != Role::Heading(HeadingKind::Guessed) {
            continue;
        }
        let after_open = index > 0 && pieces[index - 1].ends_open(lines);
        if explicit || after_open {
            pieces[index].role = Role::Paragraph;
        }
    }
    for index in 0..pieces.len() {
        let Role::Heading(kind) = pieces[index].role else {
            continue;
        };
        let has_text_under = match pieces.get(index + 1).map(|next| &next.role) {
            None => false,
            Some(Role::Heading(next)) => *next > kind,
            Some(_) => true,
        };
        if !has_text_under {
            pieces[index].role = Role::Paragraph;
        }
    }
}

/// Heading levels by kind: the kinds a file uses, numbered from 1 in order.
pub(super) fn heading_levels(pieces: &[Piece]) -> [u8; HEADING_KINDS] {
    let mut used = [false; HEADING_KINDS];
    for piece in pieces {
        if let Role::Heading(kind) = piece.role {
            used[kind as usize] = true;
        }
    }
    let mut levels = [0; HEADING_KINDS];
    let mut level = 0;
    for (kind, used) in used.iter().enumerate() {
        if *used {
            level += 1;
            levels[kind] = level;
        }
    }
    levels
}

/// Where a guessed heading at `index` (in `block`, a run of non-blank lines)
/// ends, if it is one. Title Case and ALL CAPS lines stand alone; a heading
/// in sentence case (`What the study assumes`) looks like a short paragraph,
/// so it must be told apart by what surrounds it: in a file of one-line
/// paragraphs, a long paragraph follows it; in hard-wrapped text it is much
/// shorter than the wrap width and text starts after it. In hard-wrapped
/// text a heading may also open its block, with no blank line after it.
pub(super) fn guessed_heading_end(
    lines: &[Line],
    block: Range<usize>,
    index: usize,
    style: ParagraphStyle,
) -> Option<usize> {
    let line = &lines[index];
    let next = lines[index + 1..].iter().find(|next| !next.is_blank());
    match style {
        ParagraphStyle::OneLine => {
            let sentence_case = looks_like_sentence_case_heading(line.content)
                && next.is_some_and(|next| is_body_line(next.content, line.content));
            (looks_like_heading(line.content) || sentence_case).then_some(index + 1)
        }
        ParagraphStyle::HardWrapped { width } => {
            if guessed_heading_block(&lines[block.clone()]) {
                return Some(block.end);
            }
            let heading_like =
                looks_like_heading(line.content) || looks_like_sentence_case_heading(line.content);
            let opens_text = next.is_some_and(|next| {
                next.indent == 0 && next.content.starts_with(char::is_uppercase)
            });
            (heading_like && !line.is_full(width) && opens_text).then_some(index + 1)
        }
    }
}

/// Most words a sentence-case heading has.
const MAX_SENTENCE_CASE_HEADING_WORDS: usize = 10;

/// A short line in sentence case with nothing to close it: `What the study
/// assumes`, `Why showpieces win anyway`.
fn looks_like_sentence_case_heading(content: &str) -> bool {
    let Some(last) = content.chars().next_back() else {
        return false;
    };
    let words = content.split_whitespace().count();
    content.starts_with(char::is_uppercase)
        && (last.is_alphanumeric() || last == ')')
        && (2..=MAX_SENTENCE_CASE_HEADING_WORDS).contains(&words)
        && width_up_to(content, MAX_HEADING_WIDTH).is_some()
        && list_marker(content).is_none()
        && !content.contains(". ")
}

/// Whether `next` reads as a paragraph of body text under `heading`: much
/// longer, and closed by a sentence's end.
fn is_body_line(next: &str, heading: &str) -> bool {
    let words = next.split_whitespace().count();
    words >= 8
        && words >= 2 * heading.split_whitespace().count()
        && next.ends_with(['.', '!', '?', '"', '”', '’', ')', ']'])
}
