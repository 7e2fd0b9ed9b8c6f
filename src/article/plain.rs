//! Plain-text articles: structure read from the layout of the lines.
//!
//! Plain text has no markup, so headings, lists and paragraphs are inferred
//! from how the lines are laid out. The rules, in the order they apply:
//!
//! - A Project Gutenberg header and licence (outside the `*** START OF` and
//!   `*** END OF` markers) are dropped; the header's `Title:` and `Author:`
//!   fields become metadata, as do `Title:`, `Author:`, `Date:` and `Tags:`
//!   lines at the top of any file.
//! - A title line followed by a by-line (`By NAME`, `Author: NAME`) near the
//!   top is the title block: metadata, left out of the text. Lines above it
//!   are a title page, where no headings are guessed.
//! - A file is either hard-wrapped (lines of similar width, blank lines
//!   between paragraphs; a paragraph's lines are joined with a space, and a
//!   blank line inside a sentence does not end it) or holds one paragraph per
//!   line.
//! - Column-aligned blocks keep their layout (as code blocks); indented blocks
//!   keep their line breaks (verse, addresses, contents lists).
//! - `1.`, `2)`, `-`, `*` and `•` lines are list items, never headings.
//! - Headings, from the highest level down: numbered labels (`VOLUME II`;
//!   `BOOK ONE: 1805`, `PART 2`, `FIRST EPILOGUE`; `CHAPTER IV`,
//!   `FEDERALIST No. 10`; `SECTION 3`), then lines underlined with `===` and
//!   `---`, then guesses: short Title Case or ALL CAPS lines without closing
//!   punctuation, standing alone. Guesses are made only in files without
//!   labels or underlines, as such files use short capitalised lines for
//!   subtitles, signatures and title pages. Levels count only the kinds a file
//!   uses, so a file of chapters alone has them all at level 1.
//! - Indented lines are never headings, nor is a guessed line that finishes
//!   the sentence above it, nor any heading with no text under it before the
//!   next heading of its level or higher.

use std::borrow::Cow;
use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use super::sanitize::{visible, visible_line};
use super::{BlockKind, Draft, Metadata, title_from_file_name};

/// Columns between tab stops, as in a terminal.
const TAB_WIDTH: usize = 8;
/// Lines wider than this (in characters) are whole paragraphs, not hard-wrapped text.
const MAX_WRAPPED_WIDTH: usize = 100;
/// Headings and title lines are at most this many characters wide.
const MAX_HEADING_WIDTH: usize = 80;
const MAX_HEADING_WORDS: usize = 12;
/// A guessed ALL CAPS heading may run over this many hard-wrapped lines.
const MAX_HEADING_LINES: usize = 3;
/// How many non-blank lines from the top may hold the title block.
const TITLE_BLOCK_REACH: usize = 40;
/// How many blank lines may stand between a title and its by-line.
const TITLE_BLOCK_MAX_GAP: usize = 3;
/// Longer by-lines are sentences that happen to start with "By".
const MAX_AUTHOR_WORDS: usize = 6;

/// Lowercase words a Title Case heading may contain.
const MINOR_WORDS: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "of", "in", "on", "at", "to",
    "by", "with", "from", "as", "into", "onto", "over", "per", "via", "vs", "than", "off", "up",
    "out", "about", "like",
];

/// Lowercase words that may stand in an author's name.
const NAME_PARTICLES: &[&str] = &[
    "and", "de", "del", "der", "di", "da", "du", "la", "le", "van", "von", "y",
];

pub(super) fn parse(name: &str, source: &str) -> Draft {
    let lines = split_lines(source);
    let mut meta = Metadata::default();
    let body = &lines[body_range(&lines, &mut meta)];
    let title_block = find_title_block(body);
    let title_end = title_block.as_ref().map_or(0, |block| block.lines.end);
    let style = ParagraphStyle::detect(&body[title_end..]);
    let mut pieces = Vec::new();
    if let Some(block) = title_block {
        if meta.title.is_empty() {
            meta.title = block.title;
        }
        meta.author.get_or_insert(block.author);
        if let Some(date) = block.date {
            meta.date.get_or_insert(date);
        }
        split_pieces(body, 0..block.lines.start, style, false, &mut pieces);
    }
    split_pieces(body, title_end..body.len(), style, true, &mut pieces);
    settle_headings(body, &mut pieces);
    if meta.title.is_empty() {
        meta.title = title_from_file_name(name);
    }
    write_draft(body, pieces, meta)
}

/// One line of the source, without its newline.
#[derive(Debug)]
struct Line<'a> {
    /// The line as written.
    raw: &'a str,
    /// The line without leading and trailing white space.
    content: &'a str,
    /// Byte offset of `content` in the source.
    content_start: usize,
    /// Columns of leading white space, tabs expanded.
    indent: usize,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.content.is_empty()
    }

    fn content_end(&self) -> usize {
        self.content_start + self.content.len()
    }

    /// The line's width in columns, indentation included, or None when it is
    /// wider than `max`.
    fn width_up_to(&self, max: usize) -> Option<usize> {
        let room = max.checked_sub(self.indent)?;
        width_up_to(self.content, room).map(|width| self.indent + width)
    }

    /// Whether the line fills most of the wrap width, as wrapped lines do.
    fn is_full(&self, wrap_width: usize) -> bool {
        self.width_up_to(MAX_WRAPPED_WIDTH)
            .is_none_or(|width| width * 5 >= wrap_width * 3)
    }
}

fn split_lines(source: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::with_capacity(source.len() / 40 + 1);
    let mut offset = 0;
    for raw in source.split('\n') {
        let leading = raw.len() - raw.trim_start().len();
        lines.push(Line {
            raw,
            content: raw.trim(),
            content_start: offset + leading,
            indent: indent_columns(&raw[..leading]),
        });
        offset += raw.len() + 1;
    }
    lines
}

/// Columns taken by leading white space, with tabs going to the next tab stop.
fn indent_columns(white_space: &str) -> usize {
    white_space.chars().fold(0, |column, c| match c {
        '\t' => (column / TAB_WIDTH + 1) * TAB_WIDTH,
        _ => column + c.width().unwrap_or(0),
    })
}

/// The lines holding the work itself: a Project Gutenberg header and licence
/// are left out, and fields at the top are read into `meta`.
fn body_range(lines: &[Line], meta: &mut Metadata) -> Range<usize> {
    let start_marker = lines
        .iter()
        .position(|line| gutenberg_marker(line.content) == Some(GutenbergMarker::Start));
    let start = match start_marker {
        Some(marker) => {
            for line in &lines[..marker] {
                read_field(line.content, meta);
            }
            marker + 1
        }
        None => leading_fields_end(lines, meta),
    };
    let end = lines[start..]
        .iter()
        .position(|line| gutenberg_marker(line.content) == Some(GutenbergMarker::End))
        .map_or(lines.len(), |offset| start + offset);
    start..end
}

#[derive(Debug, PartialEq, Eq)]
enum GutenbergMarker {
    Start,
    End,
}

/// `*** START OF THE PROJECT GUTENBERG EBOOK ... ***` and its `END` twin.
fn gutenberg_marker(content: &str) -> Option<GutenbergMarker> {
    if !content.starts_with("***") {
        return None;
    }
    let upper = content.to_ascii_uppercase();
    if !upper.contains("PROJECT GUTENBERG") {
        return None;
    }
    if upper.contains("START OF") {
        Some(GutenbergMarker::Start)
    } else if upper.contains("END OF") {
        Some(GutenbergMarker::End)
    } else {
        None
    }
}

/// Reads `Title:`, `Author:`, `Date:` and `Tags:` lines at the top of a file
/// into `meta`, and returns the index of the first line after them (0 when
/// the file does not start with fields).
fn leading_fields_end(lines: &[Line], meta: &mut Metadata) -> usize {
    let mut end = 0;
    for (index, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        if !read_field(line.content, meta) {
            break;
        }
        end = index + 1;
    }
    end
}

/// Fills `meta` from a `Key: value` line; false when the line is not a field
/// this parser knows. The first value of each field wins.
fn read_field(content: &str, meta: &mut Metadata) -> bool {
    let Some((key, value)) = content.split_once(':') else {
        return false;
    };
    let value = visible_line(value.trim());
    if value.is_empty() {
        return false;
    }
    match key.trim().to_ascii_lowercase().as_str() {
        "title" => {
            if meta.title.is_empty() {
                meta.title = value.into_owned();
            }
        }
        "author" => {
            meta.author.get_or_insert_with(|| value.into_owned());
        }
        "date" => {
            meta.date.get_or_insert_with(|| value.into_owned());
        }
        "tags" => {
            if meta.tags.is_empty() {
                meta.tags = value
                    .split(',')
                    .map(str::trim)
                    .filter(|tag| !tag.is_empty())
                    .map(str::to_string)
                    .collect();
            }
        }
        _ => return false,
    }
    true
}

/// A title, by-line and perhaps a date line near the top, which become metadata.
#[derive(Debug)]
struct TitleBlock {
    /// Body lines from the title to the by-line or date line.
    lines: Range<usize>,
    title: String,
    author: String,
    date: Option<String>,
}

fn find_title_block(lines: &[Line]) -> Option<TitleBlock> {
    let text_lines = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| !line.is_blank());
    for (index, line) in text_lines.take(TITLE_BLOCK_REACH) {
        if line.indent == 0 && labelled_heading(line.content).is_some() {
            // The work's structure has begun; a by-line after this is prose.
            return None;
        }
        let Some(author) = by_line(line.content) else {
            continue;
        };
        let title_lines = if lines[..index].iter().all(Line::is_blank) {
            index..index
        } else {
            let Some(title_lines) = title_lines_above(lines, index) else {
                continue;
            };
            title_lines
        };
        let title: Vec<&str> = lines[title_lines.clone()]
            .iter()
            .map(|l| l.content)
            .collect();
        let date_line = lines
            .get(index + 1)
            .filter(|next| looks_like_date(next.content));
        return Some(TitleBlock {
            lines: title_lines.start..index + 1 + usize::from(date_line.is_some()),
            title: visible_line(&title.join(" ")).into_owned(),
            author: visible_line(author).into_owned(),
            date: date_line.map(|line| visible_line(line.content).into_owned()),
        });
    }
    None
}

/// A line that is only a date: `July 5, 2026`, `5 July 2026`, `2026-07-05`.
fn looks_like_date(content: &str) -> bool {
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words: Vec<&str> = content
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '-' | '/'))
        .filter(|word| !word.is_empty())
        .collect();
    let is_year = |word: &&str| word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit());
    let is_month = |word: &&str| {
        word.len() >= 3
            && word.is_char_boundary(3)
            && MONTHS.iter().any(|m| m.eq_ignore_ascii_case(&word[..3]))
    };
    let fits = |word: &&str| {
        is_month(word) || (word.len() <= 2 && word.bytes().all(|b| b.is_ascii_digit()))
    };
    (2..=4).contains(&words.len())
        && words.iter().filter(|word| is_year(word)).count() == 1
        && words.iter().all(|word| is_year(word) || fits(word))
}

/// The one or two title-like lines just above a by-line, at most a few blank
/// lines away.
fn title_lines_above(lines: &[Line], by_line: usize) -> Option<Range<usize>> {
    let mut end = by_line;
    while end > 0 && lines[end - 1].is_blank() {
        end -= 1;
        if by_line - end > TITLE_BLOCK_MAX_GAP {
            return None;
        }
    }
    let mut start = end;
    while start > 0 && !lines[start - 1].is_blank() {
        start -= 1;
        if end - start > 2 {
            return None;
        }
    }
    let title_like = lines[start..end]
        .iter()
        .all(|line| looks_like_heading(line.content) && labelled_heading(line.content).is_none());
    (start < end && title_like).then_some(start..end)
}

/// The name in a by-line such as `By Leo Tolstoy` or `Author: Jane Doe`.
fn by_line(content: &str) -> Option<&str> {
    let name = ["by:", "author:", "written by ", "by "]
        .iter()
        .find_map(|prefix| strip_prefix_ignore_ascii_case(content, prefix))?
        .trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let well_formed = !words.is_empty()
        && words.len() <= MAX_AUTHOR_WORDS
        && !name.ends_with([',', ';', ':', '!', '?'])
        && words.iter().all(|word| {
            let letters = word.trim_matches(|c: char| !c.is_alphanumeric());
            match letters.chars().next() {
                None => true,
                Some(first) => first.is_uppercase() || NAME_PARTICLES.contains(&letters),
            }
        })
        && words[0].starts_with(char::is_uppercase);
    well_formed.then_some(name)
}

fn strip_prefix_ignore_ascii_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// How a file lays out its paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ParagraphStyle {
    /// Each line is a paragraph (or list item, or heading).
    OneLine,
    /// Paragraphs are wrapped at about `width` characters and separated by
    /// blank lines.
    HardWrapped { width: usize },
}

impl ParagraphStyle {
    /// Hard-wrapped text has few long lines, and nearly every line that another
    /// follows is close to the wrap width (it was broken because it was full).
    fn detect(lines: &[Line]) -> Self {
        let mut text_lines = 0;
        let mut long_lines = 0;
        let mut width = 0;
        for line in lines.iter().filter(|line| !line.is_blank()) {
            text_lines += 1;
            match line.width_up_to(MAX_WRAPPED_WIDTH) {
                Some(w) => width = width.max(w),
                None => long_lines += 1,
            }
        }
        if long_lines * 10 >= text_lines {
            return ParagraphStyle::OneLine;
        }
        let mut followed = 0;
        let mut full = 0;
        for pair in lines.windows(2) {
            if pair[0].is_blank() || pair[1].is_blank() {
                continue;
            }
            // Lines ended by structure rather than by wrapping do not count:
            // a line before a list item or an underline, and short headings.
            if list_marker(pair[1].content).is_some() || underline_kind(&pair[1]).is_some() {
                continue;
            }
            if pair[0].is_full(width) {
                full += 1;
            } else if labelled_heading(pair[0].content).is_some()
                || looks_like_heading(pair[0].content)
            {
                continue;
            }
            followed += 1;
        }
        if followed > 0 && full * 5 >= followed * 4 {
            ParagraphStyle::HardWrapped { width }
        } else {
            ParagraphStyle::OneLine
        }
    }
}

/// The width of `text` in characters, or None when it is wider than `max`.
fn width_up_to(text: &str, max: usize) -> Option<usize> {
    // Counting stops early so that long one-line paragraphs cost little.
    let width = text.chars().take(max + 1).count();
    (width <= max).then_some(width)
}

/// Kinds of heading, from the highest level to the lowest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum HeadingKind {
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

const HEADING_KINDS: usize = HeadingKind::Guessed as usize + 1;

/// The heading kind of a numbered label such as `CHAPTER IV`,
/// `BOOK ONE: 1805`, `SECOND EPILOGUE` or `FEDERALIST. No. 7`.
fn labelled_heading(content: &str) -> Option<HeadingKind> {
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

fn label_kind(label: &str) -> Option<HeadingKind> {
    Some(match label.to_ascii_uppercase().as_str() {
        "VOLUME" | "VOL" => HeadingKind::Volume,
        "BOOK" | "PART" | "ACT" | "EPILOGUE" | "PROLOGUE" => HeadingKind::Book,
        "CHAPTER" | "LETTER" | "CANTO" | "STAVE" => HeadingKind::Chapter,
        "SECTION" | "SCENE" => HeadingKind::Section,
        _ => return None,
    })
}

/// The first word of `text` and the rest after it.
fn next_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    match text.find(char::is_whitespace) {
        Some(end) => (&text[..end], &text[end..]),
        None => (text, ""),
    }
}

/// A label word without the punctuation that may follow it (`No.`, `ONE:`).
fn trim_label(word: &str) -> &str {
    word.trim_end_matches(['.', ':', ','])
}

/// `Chapter` or `CHAPTER`, not `chapter` or `ChApter`.
fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    first.is_uppercase()
        && (rest.chars().all(|c| !c.is_lowercase()) || rest.chars().all(|c| !c.is_uppercase()))
}

fn is_ordinal(word: &str) -> bool {
    const ORDINALS: &[&str] = &[
        "FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH",
        "TENTH", "LAST", "FINAL",
    ];
    is_capitalised(word) && ORDINALS.iter().any(|o| o.eq_ignore_ascii_case(word))
}

/// Arabic (`10`), Roman (`IV`, `xii`) or spelled-out (`ONE`, `Twenty-One`) numbers.
fn is_number(word: &str) -> bool {
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
fn is_roman_numeral(word: &str) -> bool {
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
fn is_subtitle(tail: &str) -> bool {
    let tail = tail.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '.' | '-' | '–' | '—')
    });
    tail.is_empty() || tail.split_whitespace().all(is_capitalised_or_minor)
}

/// A word that may stand in a Title Case line.
fn is_capitalised_or_minor(word: &str) -> bool {
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
fn looks_like_heading(content: &str) -> bool {
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

fn is_title_case(content: &str) -> bool {
    let mut words = content
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|word| word.chars().any(char::is_alphabetic));
    let Some(first) = words.next() else {
        return false;
    };
    !first.starts_with(char::is_lowercase) && words.all(is_capitalised_or_minor)
}

fn is_all_caps(content: &str) -> bool {
    content.chars().any(char::is_uppercase) && !content.chars().any(char::is_lowercase)
}

/// A line of three or more `=` (`===`) or `-` (`---`) under a heading.
fn underline_kind(line: &Line) -> Option<HeadingKind> {
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

/// A thematic break: `* * *`, `***`, `-----`, `_____` or `=====` alone.
fn is_rule(content: &str) -> bool {
    let mut marks = content.chars().filter(|c| !c.is_whitespace());
    let Some(mark) = marks.next() else {
        return false;
    };
    matches!(mark, '*' | '-' | '_' | '=') && marks.clone().count() >= 2 && marks.all(|c| c == mark)
}

/// The marker of a list item (`1.`, `2)`, `-`, `*`, `•`) and the bytes it and
/// the space after it take.
fn list_marker(content: &str) -> Option<(&str, usize)> {
    let marker_len = match content.chars().next()? {
        '-' | '*' | '•' | '+' => content.chars().next()?.len_utf8(),
        '0'..='9' => {
            let digits = content.bytes().take_while(u8::is_ascii_digit).count();
            let closes = matches!(content.as_bytes().get(digits), Some(b'.' | b')'));
            if digits > 3 || !closes {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    let after = &content[marker_len..];
    let text = after.trim_start();
    (after.starts_with(char::is_whitespace) && !text.is_empty())
        .then(|| (&content[..marker_len], content.len() - text.len()))
}

/// Whether a line of text stops in the middle of a sentence, so that what
/// follows it continues the sentence.
fn ends_open(content: &str) -> bool {
    content
        .chars()
        .next_back()
        .is_some_and(|c| c.is_lowercase() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—'))
}

/// Whether a block is laid out in columns with runs of spaces, like a table.
fn is_column_aligned(lines: &[Line]) -> bool {
    if lines.len() < 2 {
        return false;
    }
    let aligned = lines
        .iter()
        .filter(|line| line.content.contains("   ") || line.content.contains('\t'))
        .count();
    aligned * 2 >= lines.len()
}

/// A block-to-be, in body lines.
#[derive(Debug)]
struct Piece {
    role: Role,
    /// Body lines the piece stands on (blank lines inside are skipped).
    lines: Range<usize>,
    /// How many of those lines hold its text: an underline holds none.
    shown: usize,
    /// Bytes of the first line's content taken by a list marker.
    skip: usize,
    layout: Layout,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    Heading(HeadingKind),
    Paragraph,
    ListItem { depth: u8, marker: String },
    Preformatted,
    Rule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Lines joined with a space.
    Flowing,
    /// Lines kept, without their indentation.
    LineBreaks,
    /// Lines kept as they are, less the indentation they share.
    Verbatim,
}

impl Piece {
    fn new(role: Role, lines: Range<usize>, layout: Layout) -> Self {
        let shown = lines.len();
        Piece {
            role,
            lines,
            shown,
            skip: 0,
            layout,
        }
    }

    fn shown_lines<'l, 'a>(&self, lines: &'l [Line<'a>]) -> &'l [Line<'a>] {
        &lines[self.lines.start..self.lines.start + self.shown]
    }

    /// Whether this is a paragraph that stops mid-sentence (list items often
    /// go without closing punctuation).
    fn ends_open(&self, lines: &[Line]) -> bool {
        self.role == Role::Paragraph
            && self
                .shown_lines(lines)
                .last()
                .is_some_and(|line| ends_open(line.content))
    }
}

/// Depths of list items from their indentation.
#[derive(Debug, Default)]
struct ListNesting {
    /// Indentation of each open level, outermost first.
    indents: Vec<usize>,
}

impl ListNesting {
    fn depth(&mut self, indent: usize) -> u8 {
        while self.indents.last().is_some_and(|&open| open > indent) {
            self.indents.pop();
        }
        if self.indents.last() != Some(&indent) {
            self.indents.push(indent);
        }
        u8::try_from(self.indents.len() - 1).unwrap_or(u8::MAX)
    }

    fn close(&mut self) {
        self.indents.clear();
    }
}

/// Splits body lines `range` into pieces, block by block (a block is a run of
/// non-blank lines). `guess` allows guessed headings.
fn split_pieces(
    lines: &[Line],
    range: Range<usize>,
    style: ParagraphStyle,
    guess: bool,
    out: &mut Vec<Piece>,
) {
    let first_piece = out.len();
    let mut lists = ListNesting::default();
    let mut index = range.start;
    while index < range.end {
        if lines[index].is_blank() {
            index += 1;
            continue;
        }
        let end = (index..range.end)
            .find(|&i| lines[i].is_blank())
            .unwrap_or(range.end);
        let previous = out[first_piece..].last();
        let continues =
            previous.is_some_and(|p| continues_across_blank(lines, p, &lines[index], style));
        block_pieces(lines, index..end, style, guess, continues, &mut lists, out);
        index = end;
    }
}

/// In hard-wrapped text, a blank line after a full line that stops
/// mid-sentence is a stray (some files are double-spaced), not a paragraph break.
fn continues_across_blank(
    lines: &[Line],
    previous: &Piece,
    next: &Line,
    style: ParagraphStyle,
) -> bool {
    let ParagraphStyle::HardWrapped { width } = style else {
        return false;
    };
    let Some(last) = previous.shown_lines(lines).last() else {
        return false;
    };
    let mid_sentence = match last.content.chars().next_back() {
        Some(c) if c.is_lowercase() => true,
        Some(',' | ';') => next.content.starts_with(char::is_lowercase),
        _ => false,
    };
    previous.role == Role::Paragraph
        && previous.layout == Layout::Flowing
        && mid_sentence
        && last.is_full(width)
        && next.indent == 0
}

fn block_pieces(
    lines: &[Line],
    block: Range<usize>,
    style: ParagraphStyle,
    guess: bool,
    continues: bool,
    lists: &mut ListNesting,
    out: &mut Vec<Piece>,
) {
    let block_lines = &lines[block.clone()];
    if is_column_aligned(block_lines) {
        lists.close();
        out.push(Piece::new(Role::Preformatted, block, Layout::Verbatim));
        return;
    }
    let indented = block_lines.iter().all(|line| line.indent > 0);
    if block.len() >= 2 && indented && !block_lines.iter().any(|l| list_marker(l.content).is_some())
    {
        lists.close();
        out.push(Piece::new(Role::Paragraph, block, Layout::LineBreaks));
        return;
    }
    let wrapped = matches!(style, ParagraphStyle::HardWrapped { .. });
    let mut index = block.start;
    while index < block.end {
        let line = &lines[index];
        let starts_block = index == block.start;
        // Hard-wrapped text has headings only where a block starts.
        let may_head = line.indent == 0 && (starts_block || !wrapped);

        if may_head
            && index + 1 < block.end
            && list_marker(line.content).is_none()
            && width_up_to(line.content, MAX_HEADING_WIDTH).is_some()
            && let Some(kind) = underline_kind(&lines[index + 1])
        {
            lists.close();
            let mut heading = Piece::new(Role::Heading(kind), index..index + 2, Layout::Flowing);
            heading.shown = 1;
            out.push(heading);
            index += 2;
            continue;
        }
        if is_rule(line.content) {
            lists.close();
            out.push(Piece::new(Role::Rule, index..index + 1, Layout::Flowing));
            index += 1;
            continue;
        }
        if let Some((marker, skip)) = list_marker(line.content) {
            // A wrapped item runs on until the next item or rule.
            let end = if wrapped {
                (index + 1..block.end)
                    .find(|&i| interrupts_text(&lines[i]))
                    .unwrap_or(block.end)
            } else {
                index + 1
            };
            let role = Role::ListItem {
                depth: lists.depth(line.indent),
                marker: marker.to_string(),
            };
            let mut item = Piece::new(role, index..end, Layout::Flowing);
            item.skip = skip;
            out.push(item);
            index = end;
            continue;
        }
        lists.close();
        if may_head && let Some(kind) = labelled_heading(line.content) {
            out.push(Piece::new(
                Role::Heading(kind),
                index..index + 1,
                Layout::Flowing,
            ));
            index += 1;
            continue;
        }
        if may_head && guess && !(starts_block && continues) {
            let heading_end = if wrapped {
                guessed_heading_block(block_lines).then_some(block.end)
            } else {
                looks_like_heading(line.content).then_some(index + 1)
            };
            if let Some(end) = heading_end {
                out.push(Piece::new(
                    Role::Heading(HeadingKind::Guessed),
                    index..end,
                    Layout::Flowing,
                ));
                index = end;
                continue;
            }
        }
        // A wrapped paragraph runs on until a list item or rule interrupts it,
        // or a line indented more than the one before starts a new paragraph.
        let end = if wrapped {
            (index + 1..block.end)
                .find(|&i| interrupts_text(&lines[i]) || lines[i].indent > lines[i - 1].indent)
                .unwrap_or(block.end)
        } else {
            index + 1
        };
        match out.last_mut() {
            Some(previous) if starts_block && continues => {
                previous.lines.end = end;
                previous.shown = previous.lines.len();
            }
            _ => out.push(Piece::new(Role::Paragraph, index..end, Layout::Flowing)),
        }
        index = end;
    }
}

/// Whether a line ends the wrapped paragraph or list item above it: a new
/// list item or a rule.
fn interrupts_text(line: &Line) -> bool {
    list_marker(line.content).is_some() || is_rule(line.content)
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
fn settle_headings(lines: &[Line], pieces: &mut [Piece]) {
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
fn heading_levels(pieces: &[Piece]) -> [u8; HEADING_KINDS] {
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

fn write_draft(lines: &[Line], pieces: Vec<Piece>, meta: Metadata) -> Draft {
    let levels = heading_levels(&pieces);
    let mut draft = Draft {
        meta,
        ..Draft::default()
    };
    let text_bytes =
        lines.last().map_or(0, Line::content_end) - lines.first().map_or(0, |l| l.content_start);
    draft.text.reserve(text_bytes);
    for piece in pieces {
        let start = draft.begin_block();
        write_text(&piece, lines, &mut draft.text);
        let source =
            lines[piece.lines.start].content_start..lines[piece.lines.end - 1].content_end();
        let kind = match piece.role {
            Role::Heading(kind) => BlockKind::Heading {
                level: levels[kind as usize],
            },
            Role::Paragraph => BlockKind::Paragraph,
            Role::ListItem { depth, marker } => BlockKind::ListItem { depth, marker },
            Role::Preformatted => BlockKind::Code { lang: None },
            Role::Rule => BlockKind::Rule,
        };
        draft.end_block(start, kind, source, 0);
    }
    draft
}

/// Appends a piece's reading text: tabs expanded, unsafe characters made visible.
fn write_text(piece: &Piece, lines: &[Line], out: &mut String) {
    if piece.role == Role::Rule {
        return;
    }
    let shown = piece
        .shown_lines(lines)
        .iter()
        .filter(|line| !line.is_blank());
    match piece.layout {
        Layout::Flowing | Layout::LineBreaks => {
            let separator = if piece.layout == Layout::Flowing {
                " "
            } else {
                "\n"
            };
            for (n, line) in shown.enumerate() {
                if n == 0 {
                    push_visible(out, line.content[piece.skip..].trim_start());
                } else {
                    out.push_str(separator);
                    push_visible(out, line.content);
                }
            }
        }
        Layout::Verbatim => {
            let shared_indent = piece
                .shown_lines(lines)
                .iter()
                .map(|l| l.indent)
                .min()
                .unwrap_or(0);
            for (n, line) in shown.enumerate() {
                if n > 0 {
                    out.push('\n');
                }
                let expanded = expand_tabs(line.raw.trim_end());
                push_visible(out, skip_columns(&expanded, shared_indent));
            }
        }
    }
}

fn push_visible(out: &mut String, text: &str) {
    out.push_str(&visible(&expand_tabs(text)));
}

/// `text` with each tab replaced by spaces up to the next tab stop.
fn expand_tabs(text: &str) -> Cow<'_, str> {
    if !text.contains('\t') {
        return Cow::Borrowed(text);
    }
    let mut expanded = String::with_capacity(text.len() + TAB_WIDTH);
    let mut column = 0;
    for c in text.chars() {
        if c == '\t' {
            let next_stop = (column / TAB_WIDTH + 1) * TAB_WIDTH;
            expanded.extend(std::iter::repeat_n(' ', next_stop - column));
            column = next_stop;
        } else {
            expanded.push(c);
            column += c.width().unwrap_or(0);
        }
    }
    Cow::Owned(expanded)
}

/// `text` without its first `columns` columns of leading white space.
fn skip_columns(text: &str, columns: usize) -> &str {
    let mut column = 0;
    for (at, c) in text.char_indices() {
        if column >= columns || !c.is_whitespace() {
            return &text[at..];
        }
        column += c.width().unwrap_or(1);
    }
    ""
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::super::load::decode;
    use crate::article::sanitize::is_unsafe;
    use crate::article::{Article, BlockKind, Format, load_path, parse_source};

    fn read(source: &str) -> Article {
        parse_source("fixture", Format::PlainText, source)
    }

    fn headings(article: &Article) -> Vec<(u8, &str)> {
        article
            .blocks
            .iter()
            .filter_map(|block| match block.kind {
                BlockKind::Heading { level } => Some((level, article.slice(&block.range))),
                _ => None,
            })
            .collect()
    }

    fn texts_of(article: &Article, wanted: fn(&BlockKind) -> bool) -> Vec<&str> {
        article
            .blocks
            .iter()
            .filter(|block| wanted(&block.kind))
            .map(|block| article.slice(&block.range))
            .collect()
    }

    fn paragraphs(article: &Article) -> Vec<&str> {
        texts_of(article, |kind| *kind == BlockKind::Paragraph)
    }

    fn list_items(article: &Article) -> Vec<(u8, &str, &str)> {
        article
            .blocks
            .iter()
            .filter_map(|block| match &block.kind {
                BlockKind::ListItem { depth, marker } => {
                    Some((*depth, marker.as_str(), article.slice(&block.range)))
                }
                _ => None,
            })
            .collect()
    }

    /// A line long enough that a file of such lines holds one paragraph per line.
    fn long(sentence: &str) -> String {
        format!(
            "{sentence} {}",
            "This sentence pads the line well past any wrap width. ".repeat(3)
        )
        .trim_end()
        .to_string()
    }

    #[test]
    fn a_title_case_line_is_a_heading_but_a_short_sentence_is_not() {
        let article = read(
            "An opening paragraph sets the scene.\n\nThe Real Risk\n\nBody text under it.\n\n\
             It was late.\n\nthen we left\n\nWhy Now?\n\nMore text.\n",
        );
        assert_eq!(headings(&article), vec![(1, "The Real Risk")]);
        let paragraphs = paragraphs(&article);
        for line in ["It was late.", "then we left", "Why Now?"] {
            assert!(paragraphs.contains(&line), "{line:?} in {paragraphs:?}");
        }
    }

    #[test]
    fn all_caps_headings_may_end_with_a_full_stop_and_run_over_lines() {
        let article = read(
            "INTRODUCTION.\n\n\
             Perhaps the sentiments contained in the following pages are not yet\n\
             sufficiently fashionable to procure them general favor; a long habit\n\
             of not thinking a thing wrong gives it an appearance of being right.\n\n\
             OF THE ORIGIN AND DESIGN OF GOVERNMENT IN GENERAL,\n\
             WITH CONCISE REMARKS ON THE ENGLISH CONSTITUTION.\n\n\
             Some writers have so confounded society with government, as to leave\n\
             little or no distinction between them; whereas they are not only\n\
             different, but have different origins, as the writer will show now.\n",
        );
        assert_eq!(
            headings(&article),
            vec![
                (1, "INTRODUCTION."),
                (
                    1,
                    "OF THE ORIGIN AND DESIGN OF GOVERNMENT IN GENERAL, WITH CONCISE REMARKS ON \
                     THE ENGLISH CONSTITUTION."
                ),
            ]
        );
    }

    #[test]
    fn a_capitalised_line_that_finishes_the_sentence_above_is_text() {
        let source = [
            &long("The whole argument stands or falls on its reasons."),
            "Of which Class, regardless of Party Censure, and whatever the weather, is the",
            "AUTHOR",
            &long("After that the pamphlet goes on to other matters."),
        ]
        .join("\n");
        let article = read(&source);
        assert_eq!(headings(&article), vec![]);
        assert_eq!(paragraphs(&article)[2], "AUTHOR");
    }

    #[test]
    fn books_and_epilogues_stand_above_chapters() {
        let article = read(
            "BOOK ONE: 1805\n\nCHAPTER I\n\nText.\n\nCHAPTER II\n\nText.\n\n\
             BOOK TWO: 1806\n\nCHAPTER I\n\nText.\n\n\
             FIRST EPILOGUE: 1813 - 20\n\nCHAPTER I\n\nText.\n\n\
             SECOND EPILOGUE\n\nText.\n",
        );
        assert_eq!(
            headings(&article),
            vec![
                (1, "BOOK ONE: 1805"),
                (2, "CHAPTER I"),
                (2, "CHAPTER II"),
                (1, "BOOK TWO: 1806"),
                (2, "CHAPTER I"),
                (1, "FIRST EPILOGUE: 1813 - 20"),
                (2, "CHAPTER I"),
                (1, "SECOND EPILOGUE"),
            ]
        );
        let parents: Vec<_> = article.sections.iter().map(|s| s.parent).collect();
        assert_eq!(
            parents,
            vec![None, Some(0), Some(0), None, Some(3), None, Some(5), None]
        );
    }

    #[test]
    fn one_kind_of_label_is_one_level_and_silences_guesses() {
        let article = read(
            "FEDERALIST. No. 1\n\n\nGeneral Introduction\n\nFor the Independent Journal.\n\n\
             HAMILTON\n\nTo the People of the State of New York:\n\n\
             AFTER an unequivocal experience of the inefficacy of the subsisting\n\
             federal government, you are called upon to deliberate on a new one.\n\n\
             PUBLIUS.\n\nFEDERALIST No. 2\n\nConcerning Dangers from Foreign Force\n\nJAY\n\n\
             WHEN the people of America reflect that they are now called upon to\n\
             decide a question, it will be evident that it is a very important one.\n",
        );
        assert_eq!(
            headings(&article),
            vec![(1, "FEDERALIST. No. 1"), (1, "FEDERALIST No. 2")]
        );
        assert!(paragraphs(&article).contains(&"General Introduction"));
        assert!(paragraphs(&article).contains(&"HAMILTON"));
    }

    #[test]
    fn labels_need_a_number_and_at_most_a_subtitle() {
        use super::HeadingKind::{Book, Chapter, Section, Volume};
        for (line, kind) in [
            ("CHAPTER IV", Chapter),
            ("Chapter 3. The Storm", Chapter),
            ("CHAPTER XII.", Chapter),
            ("BOOK ONE: 1805", Book),
            ("BOOK FIVE: 1806 - 07", Book),
            ("PART II", Book),
            ("Act I", Book),
            ("EPILOGUE", Book),
            ("SECOND EPILOGUE", Book),
            ("Part Twenty-One", Book),
            ("VOLUME 2", Volume),
            ("Section 4", Section),
            ("FEDERALIST No. 10", Chapter),
            ("FEDERALIST. No. 7", Chapter),
        ] {
            assert_eq!(super::labelled_heading(line), Some(kind), "{line:?}");
        }
        for line in [
            "Chapter 3 was the best part of the book",
            "Part of the problem",
            "chapter 4",
            "BOOK",
            "CHAPTER IIII",
            "Book Review",
            "Section 8. The Congress shall have power",
        ] {
            assert_eq!(super::labelled_heading(line), None, "{line:?}");
        }
    }

    #[test]
    fn underlined_lines_are_headings_in_two_levels() {
        let source = "Main Title Here\n===============\n\nIntro text that goes on.\n\n\
                      A Subsection\n------------\n\nSub text.\n\n---\n\nAfter a break.\n";
        let article = read(source);
        assert_eq!(
            headings(&article),
            vec![(1, "Main Title Here"), (2, "A Subsection")]
        );
        let heading = &article.blocks[0];
        assert_eq!(
            &source[heading.source.clone()],
            "Main Title Here\n==============="
        );
        assert!(article.blocks.iter().any(|b| b.kind == BlockKind::Rule));
    }

    #[test]
    fn indented_lines_are_never_headings() {
        let article = read(
            "    CONTENTS\n\n    CHAPTER I\n\n    CHAPTER II\n\n\
             CHAPTER I\n\nText of the first chapter.\n\n\
             CHAPTER II\n\nText of the second.\n",
        );
        assert_eq!(
            headings(&article),
            vec![(1, "CHAPTER I"), (1, "CHAPTER II")]
        );
        assert_eq!(article.sections.len(), 2);
        let guessed = read("Lede text here.\n\n    The Real Risk\n\nBody text.\n");
        assert_eq!(headings(&guessed), vec![]);
    }

    #[test]
    fn list_items_keep_their_markers_apart_and_are_never_headings() {
        let source = [
            long("The opening paragraph says what this is about."),
            "🔥 Hot Takes".to_string(),
            long("1. The first take is a numbered line."),
            long("2) The second take closes its number with a parenthesis."),
            "- Dash Item".to_string(),
            "* Star Item".to_string(),
            "• Bullet Item".to_string(),
            "The Bottom Line".to_string(),
            long("A closing paragraph."),
        ]
        .join("\n");
        let article = read(&source);
        assert_eq!(
            headings(&article),
            vec![(1, "🔥 Hot Takes"), (1, "The Bottom Line")]
        );
        let items = list_items(&article);
        let markers: Vec<_> = items.iter().map(|(_, marker, _)| *marker).collect();
        assert_eq!(markers, vec!["1.", "2)", "-", "*", "•"]);
        assert!(items[0].2.starts_with("The first take"));
        assert_eq!(items[2].2, "Dash Item");
        let hot_takes = &article.sections[0];
        assert_eq!(hot_takes.blocks.len(), 6);
    }

    #[test]
    fn wrapped_list_items_join_their_lines_and_nest_by_indent() {
        let article = read(
            "The Assembly should vote yes, but to a smaller and better-protected\n\
             scheme, and here is what that would look like in practice for them:\n\n\
             1. Approve a single 300-megawatt unit, with the second and third\n   \
             dependent on the first being delivered within its budget.\n\n\
             2. Cap the share of any overrun that can be passed to bills.\n\n\
             - outer\n  - inner\n- outer again\n",
        );
        assert_eq!(
            list_items(&article),
            vec![
                (
                    0,
                    "1.",
                    "Approve a single 300-megawatt unit, with the second and third dependent \
                     on the first being delivered within its budget."
                ),
                (
                    0,
                    "2.",
                    "Cap the share of any overrun that can be passed to bills."
                ),
                (0, "-", "outer"),
                (1, "-", "inner"),
                (0, "-", "outer again"),
            ]
        );
    }

    #[test]
    fn hard_wrapped_lines_join_with_a_space() {
        let article = read(
            "Next month the Grevane Regional Assembly will vote on whether to back\n\
             the Grevane Power Cooperative's plan to build three small modular\n\
             reactors on the site of the old Tarrow coal station, it was said.\n\n\
             I want to make a narrower case. The Assembly should approve one\n\
             reactor, not three, and attach conditions strict enough that the\n\
             cooperative cannot come back in five years asking for more money.\n\
             \x20       A new paragraph starts with an indented first line, which\n\
             ends the one before it, as older books do.\n",
        );
        let paragraphs = paragraphs(&article);
        assert_eq!(paragraphs.len(), 3, "{paragraphs:?}");
        assert!(paragraphs[0].contains("to back the Grevane Power"));
        assert!(paragraphs[1].ends_with("asking for more money."));
        assert!(paragraphs[2].starts_with("A new paragraph"));
    }

    #[test]
    fn a_blank_line_inside_a_sentence_does_not_end_the_paragraph() {
        // Some files are double-spaced: a blank line after every wrapped line.
        let article = read(
            "A first paragraph is wrapped as usual, with no blank lines inside it\n\
             and its lines about as wide as each other, all the way to its end.\n\n\
             the work of the immortal bard as the perfect model from which the\n\n\
             principles and rules of the epic art were to be drawn, and by\n\n\
             which all similar works were to be judged, so this great critic.\n\n\
             A second paragraph starts here after a finished sentence, and it\n\n\
             also goes on for long enough that it looks like the rest of them.\n",
        );
        let paragraphs = paragraphs(&article);
        assert_eq!(paragraphs.len(), 3, "{paragraphs:?}");
        assert!(paragraphs[1].contains("from which the principles and rules"));
        assert!(paragraphs[1].ends_with("so this great critic."));
    }

    #[test]
    fn one_line_paragraphs_stay_apart() {
        let source = [
            long("The first paragraph is a single line."),
            long("The second paragraph follows without a blank line."),
            String::new(),
            long("A third comes after a blank line."),
        ]
        .join("\n");
        let article = read(&source);
        let paragraphs = paragraphs(&article);
        assert_eq!(paragraphs.len(), 3);
        assert!(paragraphs[1].starts_with("The second paragraph"));
    }

    #[test]
    fn bom_and_crlf_are_gone_before_parsing() {
        let bytes = b"\xEF\xBB\xBFTitle Here\r\nBy Jane Doe\r\n\r\nFirst line of text, long enough to be wrapped\r\n\
                      that wraps onto a second line, with a BOM and CRLF ends.\r\n";
        let source = decode(bytes).unwrap();
        let article = read(&source);
        assert_eq!(article.meta.title, "Title Here");
        assert_eq!(article.meta.author.as_deref(), Some("Jane Doe"));
        assert_eq!(
            article.text,
            "First line of text, long enough to be wrapped that wraps onto a second line, with a BOM and CRLF ends."
        );
    }

    #[test]
    fn tabs_expand_to_tab_stops() {
        let article =
            read("Name:\tValue here.\n\nShips.\tGuns.\tCost.\n6\t100\t35,553\n12\t90\t29,886\n");
        assert_eq!(paragraphs(&article), vec!["Name:   Value here."]);
        let table = texts_of(&article, |kind| matches!(kind, BlockKind::Code { .. }));
        assert_eq!(
            table,
            vec!["Ships.  Guns.   Cost.\n6       100     35,553\n12      90      29,886"]
        );
        assert!(!article.text.contains('\t'));
    }

    #[test]
    fn control_characters_are_made_visible() {
        let article = read(
            "Title \u{1b}]0;pwned\u{7}\nBy Mal \u{1b}[2J Lory\n\n\
             Text with \u{1b}[31mred\u{1b}[0m and a \u{202e}reversal.\n",
        );
        assert!(article.text.contains("␛[31mred␛[0m"), "{}", article.text);
        assert!(!article.text.chars().any(is_unsafe));
        assert!(!article.meta.title.chars().any(is_unsafe));
        let author = article.meta.author.unwrap_or_default();
        assert!(!author.chars().any(is_unsafe));
    }

    #[test]
    fn gutenberg_header_and_licence_are_dropped() {
        let article = read(
            "The Project Gutenberg EBook of Tiny Book, by A. Writer\n\n\
             Title: Tiny Book\n\nAuthor: A. Writer\n\n\
             *** START OF THIS PROJECT GUTENBERG EBOOK TINY BOOK ***\n\n\
             CHAPTER I\n\nIt begins.\n\n\
             *** END OF THIS PROJECT GUTENBERG EBOOK TINY BOOK ***\n\n\
             THE FULL PROJECT GUTENBERG LICENSE\n\nLots of terms.\n",
        );
        assert_eq!(article.meta.title, "Tiny Book");
        assert_eq!(article.meta.author.as_deref(), Some("A. Writer"));
        assert_eq!(article.text, "CHAPTER I\n\nIt begins.");
        assert_eq!(headings(&article), vec![(1, "CHAPTER I")]);
    }

    #[test]
    fn fields_at_the_top_are_metadata() {
        let article = read(
            "Title: On Trains\nAuthor: Ann Lee\nDate: 2026-07-05\nTags: rail, cities\n\nText.\n",
        );
        assert_eq!(article.meta.title, "On Trains");
        assert_eq!(article.meta.author.as_deref(), Some("Ann Lee"));
        assert_eq!(article.meta.date.as_deref(), Some("2026-07-05"));
        assert_eq!(article.meta.tags, vec!["rail", "cities"]);
        assert_eq!(article.text, "Text.");
    }

    #[test]
    fn the_title_block_is_metadata_not_a_section() {
        let source = [
            "Give the Four-Day Week a Fair Trial".to_string(),
            "By Fiona Castellanos".to_string(),
            long("Every generation gets one big argument about working time."),
            "What the Trial Found".to_string(),
            long("Between June and May, a unit ran the largest trial yet."),
        ]
        .join("\n");
        let article = read(&source);
        assert_eq!(article.meta.title, "Give the Four-Day Week a Fair Trial");
        assert_eq!(article.meta.author.as_deref(), Some("Fiona Castellanos"));
        assert!(article.text.starts_with("Every generation"));
        assert_eq!(headings(&article), vec![(1, "What the Trial Found")]);
    }

    #[test]
    fn a_date_line_under_the_by_line_is_the_date() {
        let article = read("On Trains\nBy Ann Lee\nJuly 5, 2026\n\nText.\n");
        assert_eq!(article.meta.date.as_deref(), Some("July 5, 2026"));
        assert_eq!(article.text, "Text.");
        for date in ["5 July 2026", "2026-07-05", "Sept. 30, 1787"] {
            assert!(super::looks_like_date(date), "{date:?}");
        }
        for not_date in ["July Was Hot", "In 2026 we", "Tuesday", "1787"] {
            assert!(!super::looks_like_date(not_date), "{not_date:?}");
        }
    }

    #[test]
    fn no_headings_are_guessed_on_a_title_page() {
        let article = read(
            "PHILADELPHIA\n\nPrinted by them in the year of the work.\n\nMDCCLXXVI\n\n\n\
             Common Sense\nBy Thomas Paine\n\n\nINTRODUCTION.\n\nPerhaps the sentiments.\n",
        );
        assert_eq!(article.meta.title, "Common Sense");
        assert_eq!(article.meta.author.as_deref(), Some("Thomas Paine"));
        assert_eq!(headings(&article), vec![(1, "INTRODUCTION.")]);
        assert!(!article.text.contains("Thomas Paine"));
    }

    #[test]
    fn a_sentence_starting_with_by_is_not_a_by_line() {
        assert_eq!(
            super::by_line("By Leo Tolstoy/Tolstoi"),
            Some("Leo Tolstoy/Tolstoi")
        );
        assert_eq!(super::by_line("Author: Ann van Lee"), Some("Ann van Lee"));
        assert_eq!(super::by_line("By then we were tired."), None);
        assert_eq!(super::by_line("By 2030 the grid will be full"), None);
        assert_eq!(super::by_line("Bystanders Gather"), None);
    }

    #[test]
    fn the_file_name_is_the_title_of_last_resort() {
        let article = parse_source("op-ed_on-trains", Format::PlainText, "Just text.\n");
        assert_eq!(article.meta.title, "Op ed on trains");
        assert_eq!(article.meta.author, None);
    }

    #[test]
    fn headings_with_nothing_under_them_are_text() {
        let article = read("Alpha Beta\n\nGamma Delta\n\nSome text.\n\nClosing Thoughts\n");
        assert_eq!(headings(&article), vec![(1, "Gamma Delta")]);
        assert_eq!(
            paragraphs(&article),
            vec!["Alpha Beta", "Some text.", "Closing Thoughts"]
        );
    }

    #[test]
    fn blocks_know_where_they_stand_in_the_source() {
        let source = "Lede line one that wraps onto\nits second line.\n\n  1. An item\n\nThe End Part\n\nLast.\n";
        let article = read(source);
        let sources: Vec<&str> = article
            .blocks
            .iter()
            .map(|block| &source[block.source.clone()])
            .collect();
        assert_eq!(
            sources,
            vec![
                "Lede line one that wraps onto\nits second line.",
                "1. An item",
                "The End Part",
                "Last."
            ]
        );
    }

    proptest! {
        #[test]
        fn any_text_gives_well_formed_blocks(source in "(\\PC{0,12}|[ \\t\\n\\x1b#=*-]{0,4}|CHAPTER I|1\\. ){0,40}") {
            let article = read(&source);
            prop_assert!(!article.text.chars().any(is_unsafe));
            let mut previous_end = 0;
            for block in &article.blocks {
                prop_assert!(block.range.start >= previous_end);
                prop_assert!(article.text.get(block.range.clone()).is_some());
                prop_assert!(source.get(block.source.clone()).is_some());
                previous_end = block.range.end;
            }
        }
    }

    /// An article from the shared corpus, or None (with a note) when it is absent.
    fn corpus(file: &str) -> Option<Article> {
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")).join(file);
        if !path.exists() {
            eprintln!("note: {} is absent; skipping", path.display());
            return None;
        }
        Some(load_path(&path).expect("corpus file loads"))
    }

    fn section_titles(article: &Article) -> Vec<(u8, &str)> {
        article
            .sections
            .iter()
            .map(|s| (s.level, s.title.as_str()))
            .collect()
    }

    #[test]
    fn corpus_op_ed_has_seven_sections_and_three_hot_takes() {
        let Some(article) = corpus("op-ed-alibaba-claude-code-ban.txt") else {
            return;
        };
        let titles: Vec<&str> = article.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "The Ban That Says Everything",
                "The Real Security Risk",
                "What Alibaba Is Really Building",
                "The Global Pattern",
                "The Anthropic Angle",
                "🔥 Hot Takes",
                "The Bottom Line",
            ]
        );
        let hot_takes = &article.sections[5];
        let items: Vec<_> = article.blocks[hot_takes.blocks.clone()]
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::ListItem { marker, .. } => Some(marker.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(items, vec!["1.", "2.", "3."]);
    }

    #[test]
    fn corpus_federalist_papers_are_sections_at_one_level() {
        let Some(article) = corpus("federalist-papers.txt") else {
            return;
        };
        // No. 70 is there twice, in two versions: 86 papers for 85 numbers.
        assert_eq!(article.sections.len(), 86);
        assert!(
            article
                .sections
                .iter()
                .all(|s| s.level == 1 && s.parent.is_none())
        );
        assert!(
            article
                .sections
                .iter()
                .all(|s| s.title.starts_with("FEDERALIST"))
        );
        assert_eq!(article.sections[0].title, "FEDERALIST. No. 1");
        assert_eq!(article.sections[85].title, "FEDERALIST No. 85");
    }

    #[test]
    fn corpus_war_and_peace_has_books_epilogues_and_chapters() {
        let Some(article) = corpus("war-and-peace.txt") else {
            return;
        };
        assert_eq!(article.meta.title, "War and Peace");
        assert_eq!(article.meta.author.as_deref(), Some("Leo Tolstoy"));
        let tops: Vec<&str> = article
            .sections
            .iter()
            .filter(|s| s.level == 1)
            .map(|s| s.title.as_str())
            .collect();
        assert_eq!(tops.len(), 17);
        assert_eq!(tops[0], "BOOK ONE: 1805");
        assert_eq!(tops[14], "BOOK FIFTEEN: 1812 - 13");
        assert_eq!(tops[15..], ["FIRST EPILOGUE: 1813 - 20", "SECOND EPILOGUE"]);
        let chapters: Vec<_> = article.sections.iter().filter(|s| s.level == 2).collect();
        assert_eq!(chapters.len(), 365);
        assert!(
            chapters
                .iter()
                .all(|s| s.title.starts_with("CHAPTER ") && s.parent.is_some())
        );
        assert_eq!(article.sections.len(), 382);
        assert!(!article.text.contains("PROJECT GUTENBERG"));
    }

    #[test]
    fn corpus_common_sense_has_its_parts() {
        let Some(article) = corpus("common-sense.txt") else {
            return;
        };
        assert_eq!(article.meta.title, "Common Sense");
        assert_eq!(article.meta.author.as_deref(), Some("Thomas Paine"));
        assert_eq!(
            section_titles(&article),
            vec![
                (1, "INTRODUCTION."),
                (
                    1,
                    "OF THE ORIGIN AND DESIGN OF GOVERNMENT IN GENERAL, WITH CONCISE REMARKS ON \
                     THE ENGLISH CONSTITUTION."
                ),
                (1, "OF MONARCHY AND HEREDITARY SUCCESSION."),
                (1, "THOUGHTS ON THE PRESENT STATE OF AMERICAN AFFAIRS."),
                (
                    1,
                    "OF THE PRESENT ABILITY OF AMERICA, WITH SOME MISCELLANEOUS REFLEXIONS."
                ),
                (1, "APPENDIX."),
            ]
        );
        // The navy tables keep their columns.
        assert_eq!(
            article
                .blocks
                .iter()
                .filter(|b| matches!(b.kind, BlockKind::Code { .. }))
                .count(),
            2
        );
    }

    #[test]
    fn sample_articles_keep_their_title_blocks_out_of_the_text() {
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/articles"));
        let four_day = load_path(&dir.join("give-the-four-day-week-a-fair-trial.txt")).unwrap();
        assert_eq!(four_day.meta.author.as_deref(), Some("Fiona Castellanos"));
        assert_eq!(four_day.sections.len(), 5);
        assert_eq!(list_items(&four_day).len(), 4);
        let reactors =
            load_path(&dir.join("small-reactors-deserve-a-hearing-not-a-blank-cheque.txt"))
                .unwrap();
        assert_eq!(
            reactors.meta.title,
            "Small Reactors Deserve a Hearing, Not a Blank Cheque"
        );
        assert_eq!(
            section_titles(&reactors),
            vec![
                (1, "WHAT IS BEING PROPOSED"),
                (1, "THE CASE FOR"),
                (1, "THE COST PROBLEM"),
                (1, "WASTE, AND THE LONG VIEW"),
                (1, "WHAT I WOULD DO"),
            ]
        );
        assert_eq!(list_items(&reactors).len(), 3);
    }
}
