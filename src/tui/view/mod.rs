//! Drawing: one function per pane, each reading the state and deciding nothing.

mod annotations;
mod help;
mod hints;
mod legend;
mod library;
#[cfg(test)]
mod narrow_snapshots;
mod note_editor;
#[cfg(test)]
mod note_snapshots;
mod outline;
mod rows;
mod side;
#[cfg(test)]
mod snapshots;
mod status;
mod text;

use ratatui::Frame;
use ratatui::widgets::Block;

pub use help::{help_extent, text_extent};

use super::app::{Screen, State};
use super::overlay::Overlay;
use super::theme::Styles;

pub fn draw(frame: &mut Frame, state: &State) {
    let styles = Styles::new(state.theme(), state.no_color);
    let area = frame.area();
    frame.render_widget(Block::new().style(styles.base()), area);
    match (state.screen, &state.reader) {
        (Screen::Reader, Some(reader)) => {
            if let Some(geometry) = state.geometry() {
                if !geometry.text_covered {
                    text::draw(frame, state, reader, &styles, geometry.text, geometry.wide);
                    if let Some(rect) = geometry.header {
                        let rows =
                            crate::tui::app::header(reader.article(), reader.path(), rect.width);
                        text::draw_header(frame, &rows, &styles, rect);
                    }
                }
                if let Some(rect) = geometry.outline {
                    outline::draw(frame, state, reader, &styles, rect);
                }
                if let Some(rect) = geometry.side {
                    side::draw(frame, state, reader, &styles, rect);
                }
                annotations::draw(frame, state, reader, &styles, area);
                note_editor::draw(frame, state, reader, &styles, area);
                status::draw_reader(frame, state, reader, &styles, geometry.status);
            }
        }
        _ => library::draw(frame, state, &styles, area),
    }
    status::draw_long_message(frame, state, &styles, area);
    match &state.overlay {
        Some(Overlay::Stats { text, scroll }) => help::draw_text(
            frame,
            &styles,
            area,
            " Statistics · j/k scroll · any other key closes ",
            text,
            *scroll,
        ),
        Some(Overlay::Help(scroll)) => help::draw(frame, state, &styles, area, *scroll),
        _ => {}
    }
    // The last word on what reaches the terminal, whatever drew it.
    clean_screen(frame.buffer_mut());
}

/// Every cell through the one output rule (`output::screen_symbol`).
fn clean_screen(buffer: &mut ratatui::buffer::Buffer) {
    for cell in &mut buffer.content {
        let symbol = cell.symbol();
        if symbol.is_ascii() && !symbol.bytes().any(|b| b.is_ascii_control()) {
            continue;
        }
        if let Some(cleaned) = crate::output::screen_symbol(symbol) {
            cell.set_symbol(&cleaned);
        }
    }
}
