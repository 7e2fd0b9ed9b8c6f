//! The help overlay: every key of the current screen, from the keymap
//! itself, and the labels with their definitions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::tui::app::{Screen, State};
use crate::tui::keymap::Context;
use crate::tui::theme::Styles;

pub fn draw(frame: &mut Frame, state: &State, styles: &Styles, area: Rect, scroll: usize) {
    let context = match state.screen {
        Screen::Library => Context::Library,
        Screen::Reader => Context::Reader,
    };
    let mut lines: Vec<Line> = Vec::new();
    let rows: Vec<(String, &str)> = state.keymap.help(context).collect();
    let key_width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    for (keys, help) in &rows {
        lines.push(Line::from(vec![
            Span::styled(format!(" {keys:>key_width$}  "), styles.strong()),
            Span::raw(help.to_string()),
        ]));
    }
    if context == Context::Reader {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(" While selecting:", styles.dim())));
        for (keys, help) in state.keymap.help(Context::Selecting) {
            lines.push(Line::from(vec![
                Span::styled(format!(" {keys:>key_width$}  "), styles.strong()),
                Span::raw(help.to_string()),
            ]));
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(" Labels:", styles.dim())));
        for label in &state.config.labels {
            lines.push(Line::from(vec![
                Span::styled(
                    format!(" {} {} ", label.glyph, label.name),
                    styles.label(label),
                ),
                Span::raw(label.definition.clone()),
            ]));
        }
    }
    // Two columns when one would not fit the window's height.
    let columns: u16 = if lines.len() as u16 + 2 > area.height && area.width >= 90 {
        2
    } else {
        1
    };
    let per_column = (lines.len() as u16).div_ceil(columns);
    let width = area.width.saturating_sub(4).min(76 * columns);
    let height = (per_column + 2).min(area.height);
    let popup = centred(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(styles.border(true))
        .title(if per_column + 2 > area.height {
            " Keys · j/k scroll · any other key closes "
        } else {
            " Keys · any key closes "
        });
    let inner = block.inner(popup);
    frame.render_widget(block.style(styles.base()), popup);
    let areas = ratatui::layout::Layout::horizontal(vec![
        ratatui::layout::Constraint::Fill(1);
        columns as usize
    ])
    .split(inner);
    // Scrolling stops once the last line is in view.
    let scroll = scroll.min((per_column as usize).saturating_sub(inner.height as usize)) as u16;
    for (column, chunk) in lines.chunks(per_column.max(1) as usize).enumerate() {
        if let Some(rect) = areas.get(column) {
            frame.render_widget(
                Paragraph::new(chunk.to_vec())
                    .style(styles.base())
                    .wrap(Wrap { trim: false })
                    .scroll((scroll, 0)),
                *rect,
            );
        }
    }
}

/// A popup of preformatted text (the statistics table), scrollable.
pub fn draw_text(
    frame: &mut Frame,
    styles: &Styles,
    area: Rect,
    title: &str,
    text: &str,
    scroll: usize,
) {
    let lines: Vec<Line> = text
        .lines()
        .map(|l| Line::from(format!(" {}", crate::article::sanitize::visible_line(l))))
        .collect();
    let widest = lines.iter().map(|l| l.width()).max().unwrap_or(0) as u16;
    let width = (widest + 3).max(title.len() as u16 + 4).min(area.width);
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = centred(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(styles.border(true))
        .title(title.to_string());
    let inner_height = height.saturating_sub(2) as usize;
    let scroll = scroll.min(lines.len().saturating_sub(inner_height)) as u16;
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .style(styles.base())
            .scroll((scroll, 0)),
        popup,
    );
}

/// A `width` x `height` rectangle in the middle of `area`.
fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let (width, height) = (width.min(area.width), height.min(area.height));
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
