//! The mouse: the wheel scrolls, a click puts the cursor on a sentence or
//! jumps to an outline entry, a drag selects whole words.

use std::rc::Rc;

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use super::{Screen, State};
use crate::tui::geometry::ReaderGeometry;
use crate::tui::layout::{BlockRows, Position, display_width};
use crate::tui::reader::Reader;
use crate::tui::table::{cell_at, table_area};

pub(super) fn on_mouse(state: &mut State, mouse: MouseEvent) {
    if state.screen != Screen::Reader {
        return;
    }
    let Some(geometry) = state.geometry() else {
        return;
    };
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let at = |rect: Rect| rect.contains((mouse.column, mouse.row).into());
    // Under a panel that covers the window the text takes no clicks.
    let text_shown = !geometry.text_covered;
    match mouse.kind {
        MouseEventKind::ScrollDown => reader.scroll_down(3),
        MouseEventKind::ScrollUp => reader.scroll_up(3),
        // The text column, or beside it where a wide table is drawn.
        MouseEventKind::Down(MouseButton::Left)
            if text_shown
                && (at(geometry.text)
                    || on_wide_table(reader, &geometry, mouse.column, mouse.row)) =>
        {
            if let Some(offset) = offset_at_cell(reader, &geometry, mouse.column, mouse.row) {
                reader.press(offset);
            }
        }
        // Dragging selects whole words from where the button went down.
        MouseEventKind::Drag(MouseButton::Left) if text_shown && !geometry.text.is_empty() => {
            let text = geometry.text;
            let row = mouse
                .row
                .clamp(text.y, (text.y + text.height).saturating_sub(1));
            let wide = geometry.wide;
            let column = mouse
                .column
                .clamp(wide.x, (wide.x + wide.width).saturating_sub(1));
            if let Some(to) = offset_at_cell(reader, &geometry, column, row) {
                reader.drag_to(to);
            }
        }
        MouseEventKind::Up(MouseButton::Left) => reader.release(),
        MouseEventKind::Down(MouseButton::Left) if geometry.outline.is_some_and(at) => {
            let outline = geometry.outline.unwrap_or_default();
            let index = (mouse.row - outline.y).saturating_sub(1) as usize;
            reader.choose_outline_entry(index);
        }
        _ => {}
    }
}

/// Whether a screen cell outside the text column shows a wide table's row.
fn on_wide_table(reader: &Reader, geometry: &ReaderGeometry, column: u16, row: u16) -> bool {
    if !geometry.wide.contains((column, row).into()) {
        return false;
    }
    let (_, rows) = rows_at_screen_row(reader, geometry, row);
    table_area(&rows, geometry.text, geometry.wide).contains((column, row).into())
}

/// The text position shown on screen row `row` of the text pane, and the
/// wrapped rows of its block.
fn rows_at_screen_row(
    reader: &Reader,
    geometry: &ReaderGeometry,
    row: u16,
) -> (Position, Rc<BlockRows>) {
    let article = reader.article();
    let pos = reader.wrapping().down(
        article,
        reader.top(),
        row.saturating_sub(geometry.text.y) as usize,
    );
    (pos, reader.wrapping().rows(article, pos.block))
}

/// The byte offset of the text shown at a screen cell of the text pane
/// (a table's cells as they are drawn, beside the column when it is wide).
fn offset_at_cell(
    reader: &Reader,
    geometry: &ReaderGeometry,
    column: u16,
    row: u16,
) -> Option<usize> {
    let article = reader.article();
    let (pos, rows) = rows_at_screen_row(reader, geometry, row);
    let line = rows.line(&article.text, pos.row)?;
    let area = table_area(&rows, geometry.text, geometry.wide);
    let x = column.saturating_sub(area.x).saturating_sub(rows.indent) as usize;
    let (shown, want) = match &rows.table {
        Some(table) => cell_at(table, &article.text, pos.row, x).unwrap_or((line, x)),
        None => (line, x),
    };
    let mut width = 0;
    for (i, c) in article.text[shown.clone()].char_indices() {
        width += display_width(c.encode_utf8(&mut [0; 4]));
        if width > want {
            return Some(shown.start + i);
        }
    }
    Some(shown.end.saturating_sub(1).max(shown.start))
}
