//! The list of every annotation (`A`) in reading order, filtered by label
//! and by a search of quotes and notes, to jump from.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState};

use super::side::label_spans;
use crate::article::sanitize::visible_line;
use crate::text_width::{excerpt, width};
use crate::tui::app::State;
use crate::tui::layout::wrap_range;
use crate::tui::overlay::{AnnotationList, Overlay};
use crate::tui::reader::Reader;
use crate::tui::theme::Styles;

pub fn draw(frame: &mut Frame, state: &State, reader: &Reader, styles: &Styles, area: Rect) {
    let Some(Overlay::List(list)) = &state.overlay else {
        return;
    };
    let popup_width = area.width.saturating_sub(4).min(110);
    let popup = Rect {
        x: area.x + (area.width - popup_width) / 2,
        y: area.y + 1,
        width: popup_width,
        height: area.height.saturating_sub(2),
    };
    frame.render_widget(Clear, popup);
    let listed = list.listed(reader);
    let total = reader.store().annotations().len();
    let query = visible_line(list.search.text()).into_owned();
    let block = list_block(
        state,
        list,
        &query,
        (listed.len(), total),
        popup_width,
        styles,
    );
    let inner = block.inner(popup);
    frame.render_widget(block.style(styles.base()), popup);
    // The search row, while it is typed or kept.
    let search_rows = u16::from(list.typing || !query.is_empty()).min(inner.height);
    if search_rows > 0 {
        let cursor = if list.typing { "▏" } else { "" };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("/", styles.strong()),
                Span::raw(format!("{query}{cursor}")),
            ])),
            Rect {
                height: search_rows,
                ..inner
            },
        );
    }
    let table_area = Rect {
        y: inner.y + search_rows,
        height: inner.height - search_rows,
        ..inner
    };
    let labels_width = labels_column_width(state, &listed, table_area.width);
    // A narrow list leaves the sections out: the passage and note matter more.
    let with_sections = table_area.width >= 70;
    let (widths, header) = columns(with_sections, labels_width, table_area.width);
    let rows = listed.iter().map(|annotation| {
        annotation_row(state, reader, annotation, &widths, with_sections, styles)
    });
    let table = Table::new(rows, widths.iter().map(|w| Constraint::Length(*w)))
        .header(Row::new(header).style(styles.strong()))
        .row_highlight_style(styles.selection())
        .style(styles.base());
    let mut table_state = TableState::new().with_selected(Some(list.selected));
    frame.render_stateful_widget(table, table_area, &mut table_state);
    if listed.is_empty() {
        say_why_empty(frame, total, table_area, styles);
    }
}

/// The rows a passage or a note may take in the list, so that several
/// annotations still fit on a screen.
const ROWS_PER_CELL: usize = 3;

/// One annotation's row: its labels (glyphs alone where the names do not
/// fit), its section when shown, its passage (or, orphaned, the quote it
/// was made on) and its note, each wrapped to its column (`widths`) on up
/// to three rows, ending in `…` where it goes on.
fn annotation_row<'a>(
    state: &State,
    reader: &Reader,
    annotation: &crate::annotate::Annotation,
    widths: &[u16],
    with_sections: bool,
    styles: &Styles,
) -> Row<'a> {
    let labels_width = widths[0];
    let text = &reader.article().text;
    let place = reader
        .store()
        .get(&annotation.id)
        .and_then(|(_, r)| r.range());
    let (section, passage) = match &place {
        Some(range) => (
            reader
                .article()
                .section_at(range.start)
                .map(|i| reader.article().sections[i].title.clone())
                .unwrap_or_default(),
            text.get(range.clone()).unwrap_or_default(),
        ),
        None => ("(orphaned)".to_string(), annotation.anchor.quote.as_str()),
    };
    let shown = state.config.shown_labels(&annotation.labels);
    // Glyphs alone when the names do not fit the column.
    let named: usize = shown
        .iter()
        .map(|l| width(&l.glyph) + width(&l.name) + 2)
        .sum();
    let labels_cell = if named <= labels_width as usize + 1 {
        Line::from(label_spans(&shown, styles))
    } else {
        Line::from(
            shown
                .iter()
                .map(|l| Span::styled(l.glyph.clone(), styles.label(l)))
                .collect::<Vec<_>>(),
        )
    };
    let mut texts = Vec::new();
    if with_sections {
        texts.push((visible_line(&section).into_owned(), styles.base()));
    }
    texts.push((format!("“{}”", visible_line(passage)), styles.quote()));
    texts.push((visible_line(&annotation.note).into_owned(), styles.base()));
    let wrapped: Vec<(Vec<String>, _)> = texts
        .into_iter()
        .zip(&widths[1..])
        .map(|((text, style), &column)| (wrapped_cell(&text, column, ROWS_PER_CELL), style))
        .collect();
    let height = wrapped
        .iter()
        .map(|(rows, _)| rows.len())
        .max()
        .unwrap_or(1);
    let mut cells = vec![Cell::from(labels_cell)];
    cells.extend(wrapped.into_iter().map(|(rows, style)| {
        Cell::from(
            rows.into_iter()
                .map(|row| Line::from(Span::styled(row, style)))
                .collect::<Vec<_>>(),
        )
    }));
    Row::new(cells).height(height as u16)
}

/// `text` as one line (white space runs made single spaces) wrapped to
/// `columns`, on at most `max_rows` rows, the last ending in `…` where the
/// text goes on.
fn wrapped_cell(text: &str, columns: u16, max_rows: usize) -> Vec<String> {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let columns = usize::from(columns).max(1);
    let rows = wrap_range(&line, 0..line.len(), columns);
    let mut cell: Vec<String> = rows
        .iter()
        .take(max_rows)
        .map(|row| line[row.clone()].to_string())
        .collect();
    if rows.len() > max_rows
        && let Some(last) = cell.last_mut()
    {
        *last = excerpt(&line[rows[max_rows - 1].start..], columns);
    }
    cell
}

/// The list's frame: what is shown of how many, under which filter, and
/// the keys that work in it.
fn list_block<'a>(
    state: &State,
    list: &AnnotationList,
    query: &str,
    (shown, total): (usize, usize),
    popup_width: u16,
    styles: &Styles,
) -> Block<'a> {
    let mut filter = vec![list.label.as_deref().unwrap_or("all labels").to_string()];
    if !query.is_empty() {
        filter.push(format!("“{query}”"));
    }
    let keys: Vec<String> = state
        .labels_with_keys()
        .map(|(key, l)| format!("{key} {}", l.name))
        .collect();
    let bottom = if list.typing {
        " type to search · Enter keep · Esc clear ".to_string()
    } else {
        format!(
            " Enter jump · / search · {} · 0 all · Esc close ",
            keys.join(" · ")
        )
    };
    Block::new()
        .borders(Borders::ALL)
        .border_style(styles.border(true))
        .title(format!(
            " {}: {} of {total} ({}) ",
            if popup_width >= 80 {
                "Annotations in reading order"
            } else {
                "Annotations"
            },
            shown,
            filter.join(", ")
        ))
        .title_bottom(Line::from(bottom))
}

/// The labels column: as wide as the widest row's glyphs and names, at
/// least its header, at most a third of the table.
fn labels_column_width(
    state: &State,
    listed: &[&crate::annotate::Annotation],
    table_width: u16,
) -> u16 {
    listed
        .iter()
        .map(|a| {
            state
                .config
                .shown_labels(&a.labels)
                .iter()
                .map(|l| width(&l.glyph) + width(&l.name) + 2)
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0)
        .max(7)
        .min((table_width / 3) as usize) as u16
}

/// The columns' widths in a table `table_width` wide (one column apart,
/// as the table lays them out) and their headers; the section column only
/// when shown. Worked out here, not by the table, so that each cell can be
/// wrapped to its column.
fn columns(
    with_sections: bool,
    labels_width: u16,
    table_width: u16,
) -> (Vec<u16>, Vec<&'static str>) {
    let (constraints, headers) = if with_sections {
        (
            vec![
                Constraint::Length(labels_width),
                Constraint::Fill(1),
                Constraint::Fill(3),
                Constraint::Fill(2),
            ],
            vec!["Labels", "Section", "Passage", "Note"],
        )
    } else {
        (
            vec![
                Constraint::Length(labels_width),
                Constraint::Fill(3),
                Constraint::Fill(2),
            ],
            vec!["Labels", "Passage", "Note"],
        )
    };
    let widths = Layout::horizontal(constraints)
        .spacing(1)
        .split(Rect::new(0, 0, table_width, 1))
        .iter()
        .map(|column| column.width)
        .collect();
    (widths, headers)
}

/// Under the header of an empty list: why it is empty.
fn say_why_empty(frame: &mut Frame, total: usize, table_area: Rect, styles: &Styles) {
    let why = if total == 0 {
        "No annotations yet: a label key tags, a adds a note."
    } else {
        "Nothing matches: Esc or 0 shows every annotation."
    };
    frame.render_widget(
        Paragraph::new(Span::styled(why, styles.dim())),
        Rect {
            y: table_area.y + 1,
            height: table_area.height.saturating_sub(1),
            ..table_area
        },
    );
}
