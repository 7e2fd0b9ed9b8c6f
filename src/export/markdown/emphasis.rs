//! Whether a marker beside `*`, `_` or `~` changes emphasis.
//!
//! A marker is punctuation at both its ends, and CommonMark decides whether
//! a delimiter run can open or close emphasis from the characters beside it.
//! Where the marker leaves those abilities as they were, it changes nothing;
//! where it does not, the element is parsed with and without it, and the
//! marker may stay only if the two parse the same.

use pulldown_cmark::{Event, Parser};

use super::PARSE_OPTIONS;
use super::placer::escapes;

/// How CommonMark classes a character next to a delimiter run. `Unknown`
/// is a character this check does not know the class of: a marker beside
/// a delimiter next to one is moved, to be safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Punctuation,
    Other,
    Unknown,
}

fn class(c: Option<char>) -> Class {
    let Some(c) = c else {
        return Class::Space;
    };
    if c.is_whitespace() {
        Class::Space
    } else if c.is_ascii_punctuation() || is_unicode_punctuation(c) {
        Class::Punctuation
    } else if c.is_ascii() || c.is_alphanumeric() {
        Class::Other
    } else {
        Class::Unknown
    }
}

/// Punctuation (Unicode's P categories) that articles use: Latin-1's, the
/// General Punctuation block's (quotes, dashes, ellipsis), CJK's, and the
/// marker's own brackets. Symbols are left out: parsers disagree on them.
fn is_unicode_punctuation(c: char) -> bool {
    matches!(c,
        '¡' | '§' | '«' | '¶' | '·' | '»' | '¿'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{2043}'
        | '\u{2045}'..='\u{2051}'
        | '\u{2053}'..='\u{205E}'
        | '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301F}'
        | '⟦' | '⟧')
}

/// Whether a delimiter run of `c` between `before` and `after` can open
/// and close emphasis (CommonMark's flanking rules; `~` as `*`).
fn can_open_close(c: char, before: Class, after: Class) -> Option<(bool, bool)> {
    if before == Class::Unknown || after == Class::Unknown {
        return None;
    }
    let left = after != Class::Space
        && (after != Class::Punctuation || matches!(before, Class::Space | Class::Punctuation));
    let right = before != Class::Space
        && (before != Class::Punctuation || matches!(after, Class::Space | Class::Punctuation));
    Some(if c == '_' {
        (
            left && (!right || before == Class::Punctuation),
            right && (!left || after == Class::Punctuation),
        )
    } else {
        (left, right)
    })
}

const DELIMITERS: [char; 3] = ['*', '_', '~'];

/// Whether a marker at `pos` (punctuation at both its ends) leaves every
/// delimiter run beside it as able to open and close as it was.
pub(super) fn flanking_unchanged(source: &str, pos: usize) -> bool {
    let before = source[..pos].chars().next_back();
    let after = source[pos..].chars().next();
    let marker = Class::Punctuation;
    if let Some(c) = before.filter(|c| DELIMITERS.contains(c)) {
        if after == Some(c) {
            return false;
        }
        let run_start = source[..pos].trim_end_matches(c).len();
        // An escaped first character is not part of the run.
        let first_escaped =
            run_start > 0 && source[..run_start].ends_with('\\') && escapes(source, run_start - 1);
        let run_start = run_start + usize::from(first_escaped);
        if run_start < pos {
            let outside = class(source[..run_start].chars().next_back());
            if can_open_close(c, outside, class(after)) != can_open_close(c, outside, marker)
                || can_open_close(c, outside, marker).is_none()
            {
                return false;
            }
        }
    }
    if let Some(c) = after.filter(|c| DELIMITERS.contains(c)) {
        let escaped = before == Some('\\') && escapes(source, pos - 1);
        if !escaped {
            let run_end = pos + (source[pos..].len() - source[pos..].trim_start_matches(c).len());
            let outside = class(source[run_end..].chars().next());
            if can_open_close(c, class(before), outside) != can_open_close(c, marker, outside)
                || can_open_close(c, marker, outside).is_none()
            {
                return false;
            }
        }
    }
    true
}

/// Whether `markdown` parses to the same events with a marker at `pos`
/// as without one, once the marker is taken out of the text.
pub(super) fn parses_the_same(markdown: &str, pos: usize) -> bool {
    const PROBE: &str = "⟦0⟧";
    let mut marked = String::with_capacity(markdown.len() + PROBE.len());
    marked.push_str(&markdown[..pos]);
    marked.push_str(PROBE);
    marked.push_str(&markdown[pos..]);
    let events = |text: &str, probe: Option<&str>| {
        let mut out: Vec<Event<'static>> = Vec::new();
        for event in Parser::new_ext(text, PARSE_OPTIONS) {
            let event = event.into_static();
            match (event, out.last_mut()) {
                (Event::Text(t), Some(Event::Text(last))) => {
                    *last = format!("{last}{t}").into();
                }
                (event, _) => out.push(event),
            }
        }
        if let Some(probe) = probe {
            for event in &mut out {
                if let Event::Text(t) = event
                    && t.contains(probe)
                {
                    *t = t.replace(probe, "").into();
                }
            }
            out.retain(|e| !matches!(e, Event::Text(t) if t.is_empty()));
        }
        out
    };
    events(markdown, None) == events(&marked, Some(PROBE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_never_changes_what_a_delimiter_can_do() {
        // Beside emphasis that opens after a space or closes before one.
        assert!(flanking_unchanged("a *b* c", 2));
        assert!(flanking_unchanged("a *b* c", 5));
        // Inside a word, a marker would let `_` open, or stop `*` closing.
        assert!(!flanking_unchanged("snake_case_x", 5));
        assert!(!flanking_unchanged("a*b*c", 1));
        // Between two delimiters of one run.
        assert!(!flanking_unchanged("**b**", 1));
        // Escaped delimiters are text.
        assert!(flanking_unchanged("a\\*b", 3));
    }

    #[test]
    fn where_the_rules_cannot_tell_the_parse_decides() {
        // `**` at a paragraph's end could open after a marker, but nothing
        // follows it to close.
        let text = "**Boring is what works.**\n";
        assert!(!flanking_unchanged(text, 25));
        assert!(parses_the_same(text, 25));
        // Inside a word a marker lets `_` open: then it does change.
        assert!(!parses_the_same("a_b_ c", 1));
    }
}
