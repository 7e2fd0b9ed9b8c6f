//! The outline: the section tree, the current section marked, the selected
//! entry highlighted while the outline has focus.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::article::sanitize::visible_line;
use crate::tui::app::State;
use crate::tui::reader::{Focus, Reader};
use crate::tui::theme::Styles;

use super::status::truncate;

pub fn draw(frame: &mut Frame, state: &State, reader: &Reader, styles: &Styles, area: Rect) {
    let focused = reader.focus == Focus::Outline;
    let block = Block::new()
        .borders(Borders::RIGHT)
        .border_style(styles.border(focused))
        .title(Line::from(" Outline ").style(styles.border(focused)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let sections = &reader.article.sections;
    if sections.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(" (no headings)", styles.dim())),
            inner,
        );
        return;
    }
    let current = reader.current_section();
    let selected = reader.outline.unwrap_or(0);
    let height = inner.height as usize;
    // Keep the selected entry in view, a little below the top when possible.
    let first = selected
        .saturating_sub(height / 3)
        .min(sections.len().saturating_sub(height));
    let lines: Vec<Line> = sections
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, section)| {
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
                        section.range.contains(&p.range.start) && p.annotation.label == label.name
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
