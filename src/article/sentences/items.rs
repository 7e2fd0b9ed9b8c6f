//! Lists written inline in one paragraph: `1.) … 2.) …`, `1) … 2) …`,
//! `a. … b. …`, `• 9. … • 10. …`. Each item is a sentence of its own, with
//! or without a full stop before the next marker, and a marker's own full
//! stop ends nothing.

use crate::article::work::step;

/// How far after its marker the next item may start: inline items are
/// short, and a bound keeps a text of many markers (`1. 1. 1.`) linear.
const MAX_ITEM_BYTES: usize = 500;

/// Bullets that may stand before a numbered marker.
const BULLETS: [char; 6] = ['•', '⁃', '‣', '◦', '▪', '-'];

/// The list marker a sentence opens with, and where the next item starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct InlineItem {
    /// Where the marker ends (its terminators are not the sentence's).
    pub marker_end: usize,
    /// Where the next marker in sequence starts, if one follows.
    pub next: Option<usize>,
}

impl InlineItem {
    /// The item opening at `start` (white space skipped), if a marker opens it.
    pub fn at(prose: &str, start: usize) -> Option<InlineItem> {
        let first = start + (prose[start..].len() - prose[start..].trim_start().len());
        step(first - start);
        let (bullet, body_start) = match prose[first..].chars().next() {
            Some(c) if BULLETS.contains(&c) => {
                let after = first + c.len_utf8();
                (
                    Some(c),
                    after + (prose[after..].len() - prose[after..].trim_start_matches(' ').len()),
                )
            }
            _ => (None, first),
        };
        let marker = Marker::parse(&prose[body_start..])?;
        let marker_end = body_start + marker.len;
        let next = marker
            .successor()
            .and_then(|next| find_item(prose, marker_end, &next, marker.close, bullet));
        Some(InlineItem { marker_end, next })
    }
}

/// A marker's label (`9`, `b`) and what closes it (`.`, `)`, `.)`).
struct Marker<'a> {
    label: &'a str,
    close: &'static str,
    /// Bytes of label and close.
    len: usize,
}

impl<'a> Marker<'a> {
    /// A marker at the start of `text` followed by white space and more text.
    fn parse(text: &'a str) -> Option<Marker<'a>> {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        step(digits);
        let label_len = match digits {
            1..=3 => digits,
            0 if text.starts_with(|c: char| c.is_ascii_lowercase()) => 1,
            _ => return None,
        };
        let rest = &text[label_len..];
        let close = [".)", ")", "."]
            .into_iter()
            .find(|close| rest.starts_with(close))?;
        let after = &rest[close.len()..];
        step(after.len() - after.trim_start().len());
        let text_follows = after.starts_with(char::is_whitespace) && !after.trim_start().is_empty();
        text_follows.then_some(Marker {
            label: &text[..label_len],
            close,
            len: label_len + close.len(),
        })
    }

    /// The label of the next item: `10` after `9`, `c` after `b`.
    fn successor(&self) -> Option<String> {
        if let Ok(number) = self.label.parse::<u16>() {
            return Some((number + 1).to_string());
        }
        let letter = self.label.chars().next()?;
        (letter < 'z').then(|| char::from(letter as u8 + 1).to_string())
    }
}

/// Where the item labelled `label` (closed by `close`, after `bullet` if the
/// first had one) starts after `from`: the marker stands after white space
/// (or its bullet) and before a capitalised word.
fn find_item(
    prose: &str,
    from: usize,
    label: &str,
    close: &str,
    bullet: Option<char>,
) -> Option<usize> {
    let needle = format!("{label}{close}");
    let mut limit = (from + MAX_ITEM_BYTES).min(prose.len());
    while !prose.is_char_boundary(limit) {
        limit += 1;
    }
    step(limit - from);
    let mut search = from;
    while let Some(offset) = prose[search..limit].find(&needle) {
        let at = search + offset;
        search = at + needle.len();
        let before = prose[..at].chars().next_back();
        let after = &prose[at + needle.len()..];
        let capital_follows = after.starts_with(char::is_whitespace)
            && after.trim_start().starts_with(char::is_uppercase);
        if !capital_follows {
            continue;
        }
        match (bullet, before) {
            (Some(b), Some(c)) if c == b => return Some(at - c.len_utf8()),
            (Some(b), Some(c)) if c.is_whitespace() => {
                let head = prose[..at].trim_end_matches(' ');
                step(at - head.len());
                if let Some(stripped) = head.strip_suffix(b) {
                    return Some(stripped.len());
                }
            }
            (None, Some(c)) if c.is_whitespace() => return Some(at),
            _ => {}
        }
    }
    None
}
