//! The outline: the section tree, the current section marked, the selected
//! entry highlighted while the outline has focus.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::article::Section;
use crate::article::sanitize::visible_line;
use crate::tui::app::State;
use crate::tui::reader::{Focus, Reader};
use crate::tui::theme::Styles;

use super::status::truncate;

pub fn draw(frame: &mut Frame, state: &State, reader: &Reader, styles: &Styles, area: Rect) {
    let focused = reader.focus() == Focus::Outline;
    // The whole window in a narrow one: say how to get back.
    let title = match (
        reader.awaiting(),
        area.width >= state.size.0 && state.size.0 > 0,
    ) {
        // The rest of the headings fill in once the whole is read.
        (Some(_), _) => " Outline · reading… ",
        (None, true) => " Outline · Enter goes there, o closes ",
        (None, false) => " Outline ",
    };
    let block = Block::new()
        .borders(Borders::RIGHT)
        .border_style(styles.border(focused))
        .title(Line::from(title).style(styles.border(focused)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let sections = &reader.article().sections;
    if sections.is_empty() {
        let none = match reader.awaiting() {
            Some(_) => " (no headings yet)",
            None => " (no headings)",
        };
        frame.render_widget(Paragraph::new(Span::styled(none, styles.dim())), inner);
        return;
    }
    let current = reader.current_section();
    let selected = reader.outline().unwrap_or(0);
    let height = inner.height as usize;
    // Keep the selected entry in view, a little below the top when possible.
    let shown = shown_entries(sections, selected, height);
    let lines: Vec<Line> = shown
        .into_iter()
        .map(|i| {
            let section = &sections[i];
            let mark = if Some(i) == current { "▸" } else { " " };
            let indent = "  ".repeat(section.depth as usize);
            let title = visible_line(&section.title);
            // How many passages of each label start in the section.
            let mut counts: Vec<Span> = Vec::new();
            let mut counts_width = 0;
            for label in &state.config.labels {
                let n = reader
                    .store()
                    .overlapping(section.range.clone())
                    .filter(|p| {
                        section.range.contains(&p.range.start)
                            && p.annotation.has_label(&label.name)
                    })
                    .count();
                if n > 0 {
                    let shown = format!("{}{n}", label.glyph);
                    counts_width += crate::tui::layout::display_width(&shown);
                    counts.push(Span::styled(shown, styles.label(label)));
                }
            }
            let room =
                (inner.width as usize).saturating_sub(counts_width + usize::from(counts_width > 0));
            let text = truncate(&format!("{mark}{indent}{title}"), room);
            let pad = room.saturating_sub(crate::tui::layout::display_width(&text));
            let mut style = if Some(i) == current {
                styles.strong()
            } else {
                styles.base()
            };
            if focused && i == selected {
                style = style.patch(styles.selection());
            }
            let mut spans = vec![
                Span::styled(text, style),
                Span::styled(" ".repeat(pad + usize::from(counts_width > 0)), style),
            ];
            spans.extend(counts);
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The entries drawn in `height` rows: a window keeping `selected` in view a
/// little below the top, with the ancestors of `selected` that scrolled
/// above it pinned at the top, so a chapter is never shown without its book.
fn shown_entries(sections: &[Section], selected: usize, height: usize) -> Vec<usize> {
    let mut ancestors = Vec::new();
    let mut parent = sections.get(selected).and_then(|s| s.parent);
    while let Some(p) = parent {
        ancestors.push(p);
        parent = sections[p].parent;
    }
    ancestors.reverse();
    let mut pinned: Vec<usize> = Vec::new();
    let mut first = 0;
    // Pinning rows moves the window down, which may hide more ancestors.
    for _ in 0..=ancestors.len() {
        let room = height.saturating_sub(pinned.len()).max(1);
        first = selected
            .saturating_sub(room / 3)
            .min(sections.len().saturating_sub(room));
        let hidden: Vec<usize> = ancestors.iter().copied().filter(|&a| a < first).collect();
        if hidden == pinned {
            break;
        }
        pinned = hidden;
    }
    let room = height.saturating_sub(pinned.len());
    pinned
        .into_iter()
        .chain((first..sections.len()).take(room))
        .take(height)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Format, parse_source};

    #[test]
    fn a_chapter_far_down_is_shown_under_its_book() {
        let mut book = String::new();
        for b in ["ONE", "TWO"] {
            book.push_str(&format!("BOOK {b}\n\n"));
            for c in 1..=30 {
                book.push_str(&format!("CHAPTER {c}\n\nText of the chapter.\n\n"));
            }
        }
        let article = parse_source("b", Format::PlainText, &book);
        let sections = &article.sections;
        let chapter = sections
            .iter()
            .rposition(|s| s.title == "CHAPTER 25")
            .unwrap();
        let shown = shown_entries(sections, chapter, 10);
        assert_eq!(shown.len(), 10);
        assert_eq!(sections[shown[0]].title, "BOOK TWO");
        assert!(shown.contains(&chapter));
        // Near the top nothing needs pinning.
        assert_eq!(shown_entries(sections, 2, 10), (0..10).collect::<Vec<_>>());
    }
}
