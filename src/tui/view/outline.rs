//! The outline: the section tree, the current section marked, the selected
//! entry highlighted while the outline has focus.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::article::sanitize::visible_line;
use crate::tui::reader::{Focus, Reader};
use crate::tui::theme::Styles;

use super::status::truncate;

pub fn draw(frame: &mut Frame, reader: &Reader, styles: &Styles, area: Rect) {
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
            let text = truncate(&format!("{mark}{indent}{title}"), inner.width as usize);
            let mut style = if Some(i) == current {
                styles.strong()
            } else {
                styles.base()
            };
            if focused && i == selected {
                style = style.patch(styles.selection());
            }
            Line::from(Span::styled(text, style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
