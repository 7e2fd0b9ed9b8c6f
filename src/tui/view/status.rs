//! The bottom line: where you are, what you are typing, what just happened.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::article::sanitize::visible_line;
use crate::tui::app::{Message, State};
use crate::tui::overlay::Overlay;
use crate::tui::reader::Reader;
use crate::tui::theme::Styles;

pub fn draw_reader(frame: &mut Frame, state: &State, reader: &Reader, styles: &Styles, area: Rect) {
    let line = if let Some(Overlay::SaveAs(path)) = &state.overlay {
        Line::from(format!(
            " save annotations to: {}▏",
            visible_line(path.text())
        ))
    } else if let Some(Overlay::Search(query)) = &state.overlay {
        let query = query.text();
        let count = reader.search.matches.len();
        let position = match reader.search.current {
            Some(i) => format!("  {}/{count}", i + 1),
            None if query.is_empty() => String::new(),
            None => "  no match".to_string(),
        };
        Line::from(vec![
            Span::raw("/"),
            Span::raw(visible_line(query).into_owned()),
            Span::raw("▏"),
            Span::styled(position, styles.dim()),
        ])
    } else if let Some(message) = &state.message {
        message_line(message, styles)
    } else {
        let article = &reader.article;
        // A title heading repeats the article's title: say it once.
        let section = reader
            .current_section()
            .map(|i| &article.sections[i].title)
            .filter(|title| **title != article.meta.title)
            .map(|title| format!(" › {title}"))
            .unwrap_or_default();
        let right = format!(" {}%  ? help ", reader.percent());
        let left = visible_line(&format!(" {}{section}", article.meta.title)).into_owned();
        spread(left, right, area.width)
    };
    frame.render_widget(Paragraph::new(line).style(styles.status()), area);
}

pub fn message_line<'a>(message: &Message, styles: &Styles) -> Line<'a> {
    let style = if message.error {
        styles.error()
    } else {
        styles.status()
    };
    Line::from(Span::styled(
        format!(" {}", visible_line(&message.text)),
        style,
    ))
}

/// `left` and `right` on one line of `width`, the left cut short if need be.
pub fn spread<'a>(left: String, right: String, width: u16) -> Line<'a> {
    let width = width as usize;
    let right_width = crate::tui::layout::display_width(&right);
    let room = width.saturating_sub(right_width);
    let left = truncate(&left, room);
    let gap = room.saturating_sub(crate::tui::layout::display_width(&left));
    Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(gap)),
        Span::raw(right),
    ])
}

pub use crate::text_width::truncate;
