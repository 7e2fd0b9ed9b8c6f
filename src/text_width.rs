//! Text fitted to a number of terminal columns: the one place widths are
//! measured for cutting and padding, on grapheme clusters, so an accent or
//! an emoji is never split and wide characters count double. Used by the
//! reader and by the plain-text reports alike.

use unicode_segmentation::UnicodeSegmentation;

/// Columns `text` takes, as the reader's wrapper measures it.
pub fn width(text: &str) -> usize {
    textwrap::core::display_width(text)
}

/// `text` cut to at most `columns`, ending in `…` when cut.
pub fn truncate(text: &str, columns: usize) -> String {
    if width(text) <= columns {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        let w = width(grapheme);
        if used + w + 1 > columns {
            break;
        }
        out.push_str(grapheme);
        used += w;
    }
    if columns > 0 {
        out.push('…');
    }
    out
}

/// The longest start of `text` that fits in `columns`, cut between grapheme
/// clusters, with no mark where it was cut (for what sits beside text and
/// must give way to it, such as a list marker in a window too narrow for it).
pub fn fit(text: &str, columns: usize) -> &str {
    let mut used = 0;
    for (at, grapheme) in text.grapheme_indices(true) {
        used += width(grapheme);
        if used > columns {
            return &text[..at];
        }
    }
    text
}

/// `text` as one line (white space runs made single spaces) cut to at most
/// `columns`, on a word boundary where the line has one, ending in `…`
/// when cut.
pub fn excerpt(text: &str, columns: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if width(&line) <= columns {
        return line;
    }
    let cut = truncate(&line, columns);
    let kept = cut.strip_suffix('…').unwrap_or(&cut);
    // Whether the cut fell inside a word: the next character is not a space.
    let inside_word = line[kept.len()..]
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace());
    let kept = match kept.rfind(' ') {
        Some(space) if inside_word => &kept[..space],
        _ => kept,
    };
    format!("{}…", kept.trim_end())
}

/// `text` followed by spaces up to `columns` (unchanged when wider).
pub fn pad(text: &str, columns: usize) -> String {
    let mut padded = text.to_string();
    padded.extend(std::iter::repeat_n(
        ' ',
        columns.saturating_sub(width(text)),
    ));
    padded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_what_fits_and_never_splits_a_character() {
        assert_eq!(fit("│ • ", 4), "│ • ");
        assert_eq!(fit("│ • ", 1), "│");
        assert_eq!(fit("[12]", 0), "");
        assert_eq!(fit("漢字", 3), "漢");
        assert_eq!(fit("e\u{301}x", 1), "e\u{301}");
    }

    #[test]
    fn cuts_fall_between_graphemes_and_count_wide_ones_double() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("cafe\u{301} noir", 5), "cafe\u{301}…");
        assert_eq!(truncate("日本語のテキスト", 7), "日本語…");
        let family = "👨\u{200d}👩\u{200d}👧 family";
        // The joined family is kept or dropped whole, never split.
        for columns in 0..12 {
            let cut = truncate(family, columns);
            let kept = cut.strip_suffix('…').unwrap_or(&cut);
            assert!(family.starts_with(kept));
            assert!(kept.is_empty() || kept.starts_with("👨\u{200d}👩\u{200d}👧"));
        }
        for columns in 0..12 {
            assert!(width(&truncate("日本語のテキスト", columns)) <= columns.max(1));
        }
    }

    #[test]
    fn excerpts_end_on_a_word() {
        assert_eq!(
            excerpt("The  council\nsaid so.", 40),
            "The council said so."
        );
        assert_eq!(excerpt("The council said so.", 14), "The council…");
        assert_eq!(excerpt("Unbreakablewordhere", 8), "Unbreak…");
    }

    #[test]
    fn padding_counts_columns() {
        assert_eq!(pad("日本", 6), "日本  ");
        assert_eq!(pad("toolong", 3), "toolong");
    }
}
