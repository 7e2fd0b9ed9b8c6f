//! The note editor: a box over the half of the reading view the cursor is
//! not in, as wide as the window allows (up to a comfortable line), titled
//! with the passage's labels and opened by the passage itself, so the note
//! is written beside what it is about.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::rows::wrap_lines;
use super::side::label_spans;
use crate::article::sanitize::visible_line;
use crate::text_width::{excerpt, width};
use crate::tui::app::State;
use crate::tui::overlay::{NoteWindow, Overlay};
use crate::tui::reader::Reader;
use crate::tui::theme::Styles;

/// The widest the editor gets: a line longer than this reads poorly.
const MOST_COLUMNS: u16 = 100;
/// The tallest it gets, so the text above stays in view on a tall window.
const MOST_ROWS: u16 = 16;

pub fn draw(frame: &mut Frame, state: &State, reader: &Reader, styles: &Styles, area: Rect) {
    let Some(Overlay::Note(editor)) = &state.overlay else {
        return;
    };
    // Roughly where the cursor is on screen, by bytes: enough to keep the
    // passage clear of the box.
    let screen = reader.on_screen();
    let cursor_below_middle =
        reader.cursor_span().start.saturating_sub(screen.start) * 2 > screen.len();
    let popup = editor_area(area, !cursor_below_middle);
    if popup.width < 3 || popup.height < 3 {
        return;
    }
    frame.render_widget(Clear, popup);
    let placed = reader.store().get(&editor.id);
    let mut title = vec![Span::styled(" ✎ note on ", styles.border(true))];
    let labels = placed.map(|(a, _)| a.labels.clone()).unwrap_or_default();
    if labels.is_empty() {
        title.push(Span::styled("the passage", styles.border(true)));
    } else {
        title.extend(label_spans(&state.config.shown_labels(&labels), styles));
    }
    title.push(Span::raw(" "));
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(styles.border(true))
        .style(styles.base())
        .title(Line::from(title))
        .title_bottom(Line::from(" Esc done · saved as you type ").right_aligned());
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    // The passage as it reads now, on a row or two above the note.
    let passage = placed
        .and_then(|(_, resolution)| resolution.range())
        .and_then(|range| reader.article().text.get(range))
        .or_else(|| placed.map(|(a, _)| a.anchor.quote.as_str()))
        .unwrap_or_default();
    // Two rows of it and a blank row where there is room; on a small
    // window one row, so the note keeps most of the box.
    let (quote_rows, gap) = match inner.height {
        10.. => (2, 1),
        5.. => (1, 0),
        _ => (0, 0),
    };
    if quote_rows > 0 {
        let room = (inner.width as usize)
            .saturating_mul(quote_rows)
            .saturating_sub(4);
        let quote = format!("“{}”", excerpt(&visible_line(passage), room));
        let rows = quote_rows.min(width(&quote).div_ceil(inner.width.max(1) as usize));
        let quote_area = Rect {
            height: rows as u16,
            ..inner
        };
        frame.render_widget(
            Paragraph::new(wrap_lines(
                vec![Line::from(Span::styled(quote, styles.quote()))],
                inner.width as usize,
                quote_area.height as usize,
            )),
            quote_area,
        );
        let below = quote_area.height + gap;
        let text_area = Rect {
            y: inner.y + below,
            height: inner.height.saturating_sub(below),
            ..inner
        };
        draw_text(frame, editor.window(), text_area);
    } else {
        draw_text(frame, editor.window(), inner);
    }
}

/// The text area as it is, never a copy: a note can be megabytes.
fn draw_text(frame: &mut Frame, window: &NoteWindow, area: Rect) {
    window.drawn_in(area);
    frame.render_widget(window.textarea(), area);
}

/// Over the lower or upper part of `area` (the status line's row kept
/// clear), centred.
pub fn editor_area(area: Rect, lower: bool) -> Rect {
    let width = if area.width > 24 {
        (area.width - 4).min(MOST_COLUMNS)
    } else {
        area.width
    };
    let height = (area.height / 2)
        .max(area.height.min(7))
        .min(MOST_ROWS)
        .min(area.height.saturating_sub(1));
    Rect {
        x: area.x + (area.width - width) / 2,
        y: if lower {
            area.y + area.height.saturating_sub(height + 1)
        } else {
            area.y
        },
        width,
        height,
    }
}
