//! The title block at the top of a file: title, by-line and date, as metadata.

use std::ops::Range;

use super::super::sanitize::visible_line;
use super::headings::*;
use super::*;

/// How many non-blank lines from the top may hold the title block.
pub(super) const TITLE_BLOCK_REACH: usize = 40;

/// How many blank lines may stand between a title and its by-line.
pub(super) const TITLE_BLOCK_MAX_GAP: usize = 3;

/// Longer by-lines are sentences that happen to start with "By".
pub(super) const MAX_AUTHOR_WORDS: usize = 6;

/// Lowercase words that may stand in an author's name.
pub(super) const NAME_PARTICLES: &[&str] = &[
    "and", "de", "del", "der", "di", "da", "du", "la", "le", "van", "von", "y",
];

/// A title, by-line and perhaps a date line near the top, which become metadata.
#[derive(Debug)]
pub(super) struct TitleBlock {
    /// Body lines from the title to the by-line or date line.
    pub(super) lines: Range<usize>,
    pub(super) title: String,
    pub(super) author: String,
    pub(super) date: Option<String>,
}

pub(super) fn find_title_block(lines: &[Line]) -> Option<TitleBlock> {
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
pub(super) fn looks_like_date(content: &str) -> bool {
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
pub(super) fn title_lines_above(lines: &[Line], by_line: usize) -> Option<Range<usize>> {
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
pub(super) fn by_line(content: &str) -> Option<&str> {
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

pub(super) fn strip_prefix_ignore_ascii_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}
