//! Keeps text that strangers wrote from talking to the terminal.
//!
//! Control characters (C0, DEL, C1) and bidi overrides are replaced with
//! visible, inert stand-ins, so an escape sequence in an article, a note or a
//! file name shows up as text instead of changing the terminal. Newlines are
//! kept; tabs are left to the caller (loaders expand them).

use std::borrow::Cow;

/// True for characters that must never reach a terminal as they are.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// Bidi embeddings, overrides and isolates can reorder what the reader sees
/// (the "Trojan Source" trick), so they are shown rather than obeyed.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// The visible stand-in for an unsafe character: the Unicode control picture
/// for C0 controls and DEL (ESC becomes `␛`), `<U+XXXX>` for the rest.
fn stand_in(c: char, out: &mut String) {
    match c {
        '\0'..='\u{1F}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
        '\u{7F}' => out.push('\u{2421}'),
        _ => out.push_str(&format!("<U+{:04X}>", c as u32)),
    }
}

/// Whether `s` may hold an unsafe character, judged from its bytes alone:
/// C0 controls and DEL, and the lead bytes of C1 controls (U+0080–U+009F
/// start with 0xC2), of U+061C (0xD8) and of the bidi controls (0xE2).
/// Most text has none of these, so most text is never decoded.
fn may_be_unsafe(s: &str) -> bool {
    s.bytes()
        .any(|b| (b < 0x20 && b != b'\n' && b != b'\t') || matches!(b, 0x7F | 0xC2 | 0xD8 | 0xE2))
}

/// Whether `s` holds any unsafe character (quick for text that holds none).
pub fn has_unsafe(s: &str) -> bool {
    may_be_unsafe(s) && s.chars().any(is_unsafe)
}

/// `s` with every unsafe character replaced by its visible stand-in.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !has_unsafe(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            stand_in(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like [`visible`], for one line: newlines and tabs become spaces too.
pub fn visible_line(s: &str) -> Cow<'_, str> {
    match visible(s) {
        Cow::Borrowed(b) if !b.contains(['\n', '\t', '\r']) => Cow::Borrowed(b),
        other => Cow::Owned(other.replace(['\n', '\t', '\r'], " ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_inert() {
        let hostile = "a\u{1b}]0;pwned\u{7}b\u{1b}[2Jc\u{9b}31md";
        let shown = visible(hostile);
        assert!(!shown.chars().any(is_unsafe));
        assert_eq!(shown, "a␛]0;pwned␇b␛[2Jc<U+009B>31md");
    }

    #[test]
    fn bidi_overrides_are_shown() {
        assert_eq!(visible("x\u{202E}y"), "x<U+202E>y");
        // Real right-to-left text is left alone.
        assert!(matches!(visible("שלום عربي"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_byte_screen_misses_no_unsafe_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if is_unsafe(c) {
                assert!(
                    may_be_unsafe(c.encode_utf8(&mut [0; 4])),
                    "{:04X}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn lines_lose_newlines() {
        assert_eq!(visible_line("a\nb\tc"), "a b c");
    }
}
