//! The list of every annotation (`A`), filtered by label, to jump from.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Row, Table, TableState};

use crate::article::sanitize::visible_line;
use crate::tui::app::State;
use crate::tui::overlay::Overlay;
use crate::tui::reader::Reader;
use crate::tui::theme::Styles;

pub fn draw(frame: &mut Frame, state: &State, reader: &Reader, styles: &Styles, area: Rect) {
    let Some(Overlay::List(list)) = &state.overlay else {
        return;
    };
    let width = area.width.saturating_sub(4).min(110);
    let height = area.height.saturating_sub(2);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + 1,
        width,
        height,
    };
    frame.render_widget(Clear, popup);
    let listed = reader.listed_annotations(list.label.as_deref());
    let filter = list.label.as_deref().unwrap_or("all labels");
    let keys: Vec<String> = state
        .labels_with_keys()
        .map(|(key, l)| format!("{key} {}", l.name))
        .collect();
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(styles.border(true))
        .title(format!(" Annotations: {} ({filter}) ", listed.len()))
        .title_bottom(Line::from(format!(
            " Enter jump · {} · 0 all · Esc close ",
            keys.join(" · ")
        )));
    let rows = listed.iter().map(|annotation| {
        let shown = state.config.shown_labels(&annotation.labels);
        let label = &shown[0];
        let place = reader
            .store()
            .get(&annotation.id)
            .and_then(|(_, r)| r.range());
        let section = match place {
            Some(range) => reader
                .article()
                .section_at(range.start)
                .map(|i| reader.article().sections[i].title.clone())
                .unwrap_or_default(),
            None => "(orphaned)".to_string(),
        };
        let note = annotation.note.lines().next().unwrap_or("");
        Row::new(vec![
            Cell::from(Span::styled(
                format!("{} {}", label.glyph, label.name),
                styles.label(label),
            )),
            Cell::from(visible_line(&section).into_owned()),
            Cell::from(Span::styled(
                format!("“{}”", visible_line(&annotation.anchor.quote)),
                styles.quote(),
            )),
            Cell::from(visible_line(note).into_owned()),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(14),
            Constraint::Fill(1),
            Constraint::Fill(3),
            Constraint::Fill(2),
        ],
    )
    .header(Row::new(["Label", "Section", "Passage", "Note"]).style(styles.strong()))
    .row_highlight_style(styles.selection())
    .block(block)
    .style(styles.base());
    let mut table_state = TableState::new().with_selected(Some(list.selected));
    frame.render_stateful_widget(table, popup, &mut table_state);
}
