//! The library: the articles of a folder, with what they hold.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use crate::article::sanitize::visible_line;
use crate::tui::app::{Screen, State};
use crate::tui::overlay::Overlay;
use crate::tui::theme::Styles;

use super::status::{message_line, spread};

pub fn draw(frame: &mut Frame, state: &State, styles: &Styles, area: Rect) {
    let [title_area, table_area, status_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let lib = &state.library;
    let dir = visible_line(&lib.dir.display().to_string()).into_owned();
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(" marginalia", styles.heading(1)),
                Span::styled(format!("  {dir}"), styles.dim()),
            ]),
            Line::default(),
        ]),
        title_area,
    );
    let visible = lib.visible();
    if visible.is_empty() {
        let text = if lib.entries.is_empty() {
            " No articles here: marginalia reads .md and .txt files."
        } else {
            " Nothing matches the filter."
        };
        frame.render_widget(Paragraph::new(Span::styled(text, styles.dim())), table_area);
    } else {
        let rows = visible.iter().map(|entry| {
            // Counts come after the list, from the whole files.
            let (words, notes) = match (&entry.problem, entry.counted, entry.annotations) {
                (Some(_), _, _) => (String::new(), "!".to_string()),
                (None, false, _) => ("…".to_string(), "…".to_string()),
                (None, true, 0) => (entry.words.to_string(), String::new()),
                (None, true, n) => (entry.words.to_string(), n.to_string()),
            };
            let style = if entry.problem.is_some() {
                styles.error()
            } else {
                styles.base()
            };
            Row::new(vec![
                Cell::from(visible_line(&entry.title).into_owned()),
                Cell::from(visible_line(entry.author.as_deref().unwrap_or("")).into_owned()),
                Cell::from(visible_line(entry.date.as_deref().unwrap_or("")).into_owned()),
                Cell::from(Line::from(words).right_aligned()),
                Cell::from(Line::from(notes).right_aligned()),
            ])
            .style(style)
        });
        let header = Row::new(["Title", "Author", "Date", "Words", "Notes"]).style(styles.strong());
        let table = Table::new(
            rows,
            [
                Constraint::Fill(3),
                Constraint::Fill(1),
                Constraint::Length(10),
                Constraint::Length(7),
                Constraint::Length(5),
            ],
        )
        .header(header)
        .row_highlight_style(styles.selection())
        .highlight_symbol("▶ ")
        .column_spacing(2);
        let mut table_state = TableState::new().with_selected(Some(lib.selected));
        frame.render_stateful_widget(table, table_area, &mut table_state);
    }
    let line = status_line(state, styles, visible.len(), status_area.width);
    frame.render_widget(Paragraph::new(line).style(styles.status()), status_area);
}

/// The filter being typed, else what was just said, else how many articles
/// show and the main keys.
fn status_line<'a>(state: &'a State, styles: &Styles, shown: usize, width: u16) -> Line<'a> {
    let lib = &state.library;
    if matches!(state.overlay, Some(Overlay::Filter(_))) {
        return Line::from(format!(" filter: {}▏", visible_line(&lib.filter)));
    }
    if let Some(message) = &state.message {
        return message_line(message, styles);
    }
    let left = if lib.filter.is_empty() {
        format!(" {} articles", lib.entries.len())
    } else {
        format!(
            " {shown} of {} match \"{}\"",
            lib.entries.len(),
            visible_line(&lib.filter)
        )
    };
    spread(
        left,
        format!(
            "Enter open  / filter  {}? help  q quit ",
            state.theme_hint(Screen::Library)
        ),
        width,
    )
}
