//! Styled lines wrapped into rows of a given width, measured in terminal
//! columns as everywhere else ([`crate::text_width`]).
//!
//! ratatui's `Wrap` lets the last word of a line run one column past the
//! width when it ends in a wide character (a note in Japanese ending in `。`
//! drew that `。` past the panel's edge, on the text beside it), so the
//! panes that wrap what readers wrote wrap it here.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;

use crate::text_width::width;

/// Each line broken into rows of at most `columns`: at spaces where it can,
/// inside a word (between grapheme clusters) only when the word alone is
/// wider than a row. The spaces at a break are dropped; an empty line stays
/// one empty row. No more than `max_rows` are made: a pane draws only what
/// fits, and a long note's lines past that are never wrapped.
pub fn wrap_lines(lines: Vec<Line<'_>>, columns: usize, max_rows: usize) -> Vec<Line<'static>> {
    let columns = columns.max(1);
    let mut rows = Vec::new();
    for line in lines {
        if rows.len() >= max_rows {
            break;
        }
        let style = line.style;
        let mut row = Row::default();
        let first = rows.len();
        for (word, spaces) in words(&line) {
            if rows.len() >= max_rows {
                break;
            }
            let word_width: usize = word.iter().map(|(g, _)| width(g)).sum();
            let space_width: usize = spaces.iter().map(|(g, _)| width(g)).sum();
            if !row.is_empty() && row.width + space_width + word_width > columns {
                rows.push(row.take(style));
            } else {
                row.extend(&spaces);
            }
            if word_width > columns - row.width.min(columns) {
                // Wider than what is left of the row: cut it into rows.
                for grapheme in word {
                    if row.width + width(grapheme.0) > columns && !row.is_empty() {
                        rows.push(row.take(style));
                    }
                    row.extend(&[grapheme]);
                }
            } else {
                row.extend(&word);
            }
        }
        if !row.is_empty() || rows.len() == first {
            rows.push(row.take(style));
        }
    }
    rows.truncate(max_rows);
    rows
}

/// A line's graphemes with their styles, as (word, spaces before it) pairs.
type Graphemes<'a> = Vec<(&'a str, Style)>;

fn words<'a>(line: &'a Line<'_>) -> Vec<(Graphemes<'a>, Graphemes<'a>)> {
    let mut out = Vec::new();
    let mut spaces = Vec::new();
    let mut word = Vec::new();
    for span in &line.spans {
        let style = line.style.patch(span.style);
        for grapheme in span.content.graphemes(true) {
            if grapheme.chars().all(char::is_whitespace) {
                if !word.is_empty() {
                    out.push((std::mem::take(&mut word), std::mem::take(&mut spaces)));
                }
                spaces.push((grapheme, style));
            } else {
                word.push((grapheme, style));
            }
        }
    }
    if !word.is_empty() || !spaces.is_empty() {
        out.push((word, spaces));
    }
    out
}

/// A row being filled: its spans, merged while the style stays the same.
#[derive(Default)]
struct Row {
    spans: Vec<Span<'static>>,
    width: usize,
}

impl Row {
    fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    fn extend(&mut self, graphemes: &[(&str, Style)]) {
        for &(grapheme, style) in graphemes {
            self.width += width(grapheme);
            match self.spans.last_mut() {
                Some(last) if last.style == style => last.content.to_mut().push_str(grapheme),
                _ => self.spans.push(Span::styled(grapheme.to_string(), style)),
            }
        }
    }

    fn take(&mut self, style: Style) -> Line<'static> {
        self.width = 0;
        Line::from(std::mem::take(&mut self.spans)).style(style)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: Vec<Line<'static>>) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    fn wrap(text: &str, columns: usize) -> Vec<String> {
        texts(wrap_lines(
            vec![Line::from(text.to_string())],
            columns,
            usize::MAX,
        ))
    }

    #[test]
    fn words_break_at_spaces_and_long_ones_inside() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a abcdefgh", 4), ["a", "abcd", "efgh"]);
        assert_eq!(wrap("", 4), [""]);
    }

    #[test]
    fn wide_characters_never_pass_the_width() {
        // 14 wide characters fill 28 of 29 columns: the 15th goes below.
        let note = "日本語のテキストも書けますか。";
        let rows = wrap(note, 29);
        assert_eq!(rows, ["日本語のテキストも書けますか", "。"]);
        for columns in 1..40 {
            for row in wrap(note, columns) {
                assert!(width(&row) <= columns.max(2), "{row:?} in {columns}");
            }
        }
    }

    #[test]
    fn no_more_rows_are_made_than_fit() {
        let lines: Vec<Line> = (0..1000)
            .map(|i| Line::from(format!("line {i} of a long note")))
            .collect();
        let rows = texts(wrap_lines(lines, 8, 3));
        assert_eq!(rows, ["line 0", "of a", "long"]);
        assert_eq!(wrap("abcdefghij", 4).len(), 3);
        assert_eq!(
            texts(wrap_lines(vec![Line::from("abcdefghij")], 4, 2)),
            ["abcd", "efgh"]
        );
    }

    #[test]
    fn styles_stay_with_their_words() {
        let bold = Style::new().bold();
        let line = Line::from(vec![Span::styled("bold ", bold), Span::raw("plain words")]);
        let rows = wrap_lines(vec![line], 10, usize::MAX);
        assert_eq!(texts(rows.clone()), ["bold plain", "words"]);
        assert_eq!(rows[0].spans[0], Span::styled("bold ", bold));
        assert_eq!(rows[0].spans[1], Span::raw("plain"));
    }
}
