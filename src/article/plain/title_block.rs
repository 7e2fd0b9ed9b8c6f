//! The title block at the top of a file, which becomes metadata and is left
//! out of the text. Two shapes:
//!
//! - a news head, as copied from a news site: an optional kicker
//!   (`OPINION`, `Opinion | Transport`), a title, an optional dek (a one-
//!   or two-sentence subtitle), then credit lines (by-line, date, dateline);
//! - a book's title page: one or two title lines above a by-line anywhere
//!   near the top (lines above it are a title page, where no headings are
//!   guessed).
//!
//! The kicker, title and dek rules also read a web page's head (`crate::web`).

use std::ops::Range;

use super::super::sanitize::visible_line;
use super::Line;
use super::credits::{Credit, by_line, credit_line};
use super::headings::{labelled_heading, looks_like_heading};

/// How many non-blank lines from the top may hold a book's title block.
const TITLE_BLOCK_REACH: usize = 40;
/// How many blank lines may stand between a book's title and its by-line.
const TITLE_BLOCK_MAX_GAP: usize = 3;
/// How many entries (lines, or runs of wrapped lines) a news head may hold.
const HEAD_REACH: usize = 8;
const MAX_KICKER_WORDS: usize = 4;
const MAX_TITLE_WORDS: usize = 22;
const MAX_DEK_WORDS: usize = 50;

/// Words a kicker (the section label above a title) is made of.
const KICKERS: &[&str] = &[
    "analysis",
    "column",
    "commentary",
    "comment",
    "editorial",
    "essay",
    "guest",
    "letters",
    "op-ed",
    "opinion",
    "perspective",
    "review",
    "viewpoint",
];

/// A title block: what it says, and the body lines it stands on.
#[derive(Debug, Default)]
pub(super) struct TitleBlock {
    pub lines: Range<usize>,
    pub title: String,
    pub subtitle: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub kicker: Option<String>,
}

pub(super) fn find_title_block(lines: &[Line]) -> Option<TitleBlock> {
    news_head(lines).or_else(|| book_title_page(lines))
}

/// A line of the head, or lines wrapped from one (a dek over two lines).
struct Entry {
    lines: Range<usize>,
    text: String,
}

/// The first entries of the file, up to a numbered label (the work's
/// structure has begun).
fn head_entries(lines: &[Line]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        if labelled_heading(line.content).is_some() {
            break;
        }
        let continues = entries.last().is_some_and(|last| {
            last.lines.end == index
                && !last.text.ends_with(['.', '!', '?', ':'])
                && credit_line(&last.text).is_none()
                && credit_line(line.content).is_none()
                && (line.content.starts_with(char::is_lowercase)
                    || (is_shouting(&last.text) && is_shouting(line.content)))
        });
        if continues && let Some(last) = entries.last_mut() {
            last.lines.end = index + 1;
            last.text.push(' ');
            last.text.push_str(line.content);
        } else if entries.len() == HEAD_REACH {
            break;
        } else {
            entries.push(Entry {
                lines: index..index + 1,
                text: line.content.to_string(),
            });
        }
    }
    entries
}

/// Kicker, title, dek and credits at the very top, as news sites lay them
/// out. Credits (a by-line or a date) must be there: without them a short
/// first line is a heading or a paragraph, not a title.
fn news_head(lines: &[Line]) -> Option<TitleBlock> {
    let entries = head_entries(lines);
    let mut block = TitleBlock::default();
    let mut rest = &entries[..];
    if let [kicker, title, ..] = rest
        && is_kicker(&kicker.text)
        && is_title(&title.text)
        && credit_line(&title.text).is_none()
    {
        block.kicker = Some(visible_line(&kicker.text).into_owned());
        rest = &rest[1..];
    }
    let mut end = None;
    for entry in rest {
        if let Some(Credit { author, date }) = credit_line(&entry.text) {
            block.author = block.author.or(author);
            block.date = block.date.or(date);
            end = Some(entry.lines.end);
            continue;
        }
        if end.is_some() {
            // Credits close the head: what follows is the article.
            break;
        }
        if block.title.is_empty() && is_title(&entry.text) {
            block.title = visible_line(&entry.text).into_owned();
        } else if !block.title.is_empty() && block.subtitle.is_none() && is_dek(&entry.text) {
            block.subtitle = Some(visible_line(&entry.text).into_owned());
        } else {
            return None;
        }
    }
    block.lines = 0..end?;
    Some(block)
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

fn is_shouting(text: &str) -> bool {
    text.chars().any(char::is_uppercase) && !text.chars().any(char::is_lowercase)
}

/// `OPINION`, `Opinion | Transport`, `GUEST ESSAY`: a short section label.
pub(crate) fn is_kicker(text: &str) -> bool {
    let known = text
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|word| !word.is_empty())
        .any(|word| KICKERS.contains(&word.to_lowercase().as_str()));
    words(text) <= MAX_KICKER_WORDS
        && !text.ends_with(['.', ',', ';', ':', '!', '?'])
        && (known || text.contains('|'))
}

/// A title: short, capitalised, not closed by a full stop.
pub(crate) fn is_title(text: &str) -> bool {
    words(text) <= MAX_TITLE_WORDS
        && text.starts_with(|c: char| c.is_uppercase() || c.is_numeric() || "\"'“‘".contains(c))
        && !text.ends_with(['.', ',', ';', ':'])
}

/// A dek: a sentence or two under the title.
pub(crate) fn is_dek(text: &str) -> bool {
    words(text) <= MAX_DEK_WORDS && text.starts_with(|c: char| !c.is_lowercase())
}

/// A book's title page: a by-line near the top with one or two title lines
/// above it, perhaps a date line under it.
fn book_title_page(lines: &[Line]) -> Option<TitleBlock> {
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
        let date = lines
            .get(index + 1)
            .and_then(|next| credit_line(next.content))
            .and_then(|credit| credit.date);
        return Some(TitleBlock {
            lines: title_lines.start..index + 1 + usize::from(date.is_some()),
            title: visible_line(&title.join(" ")).into_owned(),
            author: Some(author),
            date,
            ..TitleBlock::default()
        });
    }
    None
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
