//! The part of a note the text area edits. ratatui-textarea maps every line
//! of its text to screen rows again on each edit (the display widths of all
//! of them), and counts its rows in u16: a 100 MB note of 926,000 lines cost
//! about a second a keystroke and could not be scrolled past line 65,535.
//! So the text area holds only the lines around the cursor (up to
//! [`WINDOW_LINES`] lines and [`WINDOW_BYTES`]); the text before and after
//! is kept aside in shared pieces, and the window moves when the cursor
//! comes near its edge, or jumps to the note's start or end. Undo, the
//! selection and the paste buffer's text are the text area's, so undo
//! reaches back only within the window (the help says so).

use std::cell::Cell;
use std::sync::Arc;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use ratatui_textarea::{CursorMove, Scrolling, TextArea, WrapMode};

use super::pieces::Pieces;

/// At most this many lines in the text area (more than a screen can
/// show many times over; few enough that mapping them is quick).
pub const WINDOW_LINES: usize = 1000;
/// At most about this many bytes in it, beside the cursor's own line.
pub const WINDOW_BYTES: usize = 128 * 1024;

pub struct NoteWindow {
    textarea: TextArea<'static>,
    /// The note before the window: whole lines, each with its newline.
    above: Pieces,
    /// The note after the window: each line with the newline before it.
    below: Pieces,
    /// Where the text area was last drawn, so that a moved window keeps
    /// the cursor on the same row of the screen.
    drawn: Cell<Rect>,
}

impl NoteWindow {
    /// The note with the cursor at its end.
    pub fn new(note: &str) -> NoteWindow {
        let mut window = NoteWindow {
            textarea: text_area(Vec::new()),
            above: Pieces::new(note),
            below: Pieces::default(),
            drawn: Cell::new(Rect::default()),
        };
        let last = window.above.newlines();
        window.place(last, usize::MAX);
        window
    }

    pub fn textarea(&self) -> &TextArea<'static> {
        &self.textarea
    }

    /// Called as the text area is drawn in `area`.
    pub fn drawn_in(&self, area: Rect) {
        self.drawn.set(area);
    }

    /// The whole note, copied.
    pub fn text(&self) -> String {
        let mut text = String::with_capacity(self.above.len() + WINDOW_BYTES + self.below.len());
        for piece in self.shared() {
            text.push_str(&piece);
        }
        text
    }

    /// The whole note as shared pieces (the window's lines copied): cheap
    /// to hand to another thread, which joins them.
    pub fn shared(&self) -> Vec<Arc<str>> {
        let window: Arc<str> = Arc::from(self.textarea.lines().join("\n"));
        self.above
            .shared()
            .chain(std::iter::once(window))
            .chain(self.below.shared())
            .collect()
    }

    /// The cursor as (line of the whole note, character in the line).
    pub fn cursor(&self) -> (usize, usize) {
        let (row, col) = (self.textarea.cursor().0, self.textarea.cursor().1);
        (self.above.newlines() + row, col)
    }

    /// The window is the whole note.
    pub fn is_whole(&self) -> bool {
        self.above.is_empty() && self.below.is_empty()
    }

    /// The bytes of the window's lines (without their newlines).
    pub fn window_bytes(&self) -> usize {
        self.textarea.lines().iter().map(String::len).sum()
    }

    /// The first line of the window (its number in the note), and how many
    /// lines it has.
    pub fn window_lines(&self) -> (usize, usize) {
        (self.above.newlines(), self.textarea.lines().len())
    }

    /// Hands a key to the text area, first moving the window when the
    /// cursor is near its edge or the key goes to the note's start or end;
    /// true when the text changed.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        match to_note_edge(&key) {
            Some(Edge::Start { column }) => {
                let col = if column { self.cursor().1 } else { 0 };
                self.place(0, col);
                return false;
            }
            Some(Edge::End { column }) => {
                let col = if column { self.cursor().1 } else { usize::MAX };
                self.place(usize::MAX, col);
                return false;
            }
            None => {}
        }
        self.keep_margin();
        self.textarea.input(key)
    }

    /// Moves the window when the cursor is in its first or last quarter
    /// with more of the note beyond, or when editing has made it too big,
    /// so every key has lines around it to move into or join with.
    fn keep_margin(&mut self) {
        let lines = self.textarea.lines();
        let row = self.textarea.cursor().0;
        let margin = (lines.len() / 4).max(1);
        let near_top = row < margin && !self.above.is_empty();
        let near_bottom = row + margin >= lines.len() && !self.below.is_empty();
        let too_big = lines.len() > 2 * WINDOW_LINES || self.window_bytes() > 2 * WINDOW_BYTES;
        if near_top || near_bottom || too_big {
            let (line, col) = self.cursor();
            self.place(line, col);
        }
    }

    /// Makes the window the lines around `line` (clamped to the note) with
    /// the cursor there at `col` (clamped to the line), keeping the
    /// cursor's row on screen. Costs a few pieces' copies, not the note's.
    fn place(&mut self, line: usize, col: usize) {
        let screen_row = self.cursor_screen_row();
        let mut note = std::mem::take(&mut self.above);
        note.push_str(&self.textarea.lines().join("\n"));
        note.append(std::mem::take(&mut self.below));
        let line = line.min(note.newlines());
        let (start, end) = window_around(&note, line);
        self.below = note.split_off(end);
        let window = note.split_off(start).to_text();
        self.above = note;
        let lines: Vec<String> = window.split('\n').map(str::to_string).collect();
        let mut textarea = text_area(lines);
        let row = line - self.above.newlines();
        textarea.move_cursor(CursorMove::Jump(
            row as u16,
            col.min(u16::MAX as usize) as u16,
        ));
        let chars = textarea.lines()[row].chars().count();
        for _ in u16::MAX as usize..col.min(chars) {
            textarea.move_cursor(CursorMove::Forward);
        }
        self.textarea = textarea;
        if let Some(screen_row) = screen_row {
            self.scroll_cursor_to(screen_row);
        }
    }

    /// The cursor's row within the drawn text area, if it was drawn.
    fn cursor_screen_row(&self) -> Option<usize> {
        let area = self.drawn.get();
        if area.height == 0 {
            return None;
        }
        let top = self.textarea.scroll_offset().0 as usize;
        let row = self.textarea.screen_cursor().row.saturating_sub(top);
        Some(row.min(area.height as usize - 1))
    }

    /// Scrolls a new text area so that the cursor is drawn on `screen_row`:
    /// drawn once aside, to learn its wrapping and where it scrolled to.
    fn scroll_cursor_to(&mut self, screen_row: usize) {
        let area = self.drawn.get();
        let mut scratch = Buffer::empty(area);
        (&self.textarea).render(area, &mut scratch);
        let cursor = self.textarea.screen_cursor().row;
        let top = self.textarea.scroll_offset().0 as usize;
        let wanted = cursor.saturating_sub(screen_row);
        let rows = (wanted as i64 - top as i64).clamp(i16::MIN as i64, i16::MAX as i64) as i16;
        if rows != 0 {
            self.textarea.scroll(Scrolling::Delta { rows, cols: 0 });
        }
    }
}

/// The byte range of the window around `line` of `note`: whole lines, at
/// most [`WINDOW_LINES`] and about [`WINDOW_BYTES`] of them, from the start
/// of a line to the end of one; always the cursor's line and the lines
/// either side of it, so that a key can move or join into them.
fn window_around(note: &Pieces, line: usize) -> (usize, usize) {
    let line_start = note.after_newline(line.saturating_sub(1)).unwrap_or(0);
    let line_end = note
        .after_newline(line + 2)
        .map_or(note.len(), |after| after - 1);
    let half_lines = WINDOW_LINES / 2;
    let first = note
        .after_newline(line.saturating_sub(half_lines))
        .unwrap_or(0);
    let by_bytes = note.line_start_at_or_after(line_start.saturating_sub(WINDOW_BYTES / 2));
    let start = first.max(by_bytes).min(line_start);
    let last = note
        .after_newline(line + half_lines)
        .map_or(note.len(), |after| after - 1);
    let by_bytes = note.line_end_at_or_before(line_end + WINDOW_BYTES / 2);
    let end = last.min(by_bytes).max(line_end);
    (start, end)
}

/// A key that goes to the note's first or last line.
enum Edge {
    /// `column`: keeping the cursor's column (as the text area's own
    /// "top" does), else to the very start.
    Start {
        column: bool,
    },
    End {
        column: bool,
    },
}

/// Ctrl-Home and Ctrl-End (which the text area takes for Home and End),
/// and the text area's own keys for its top and bottom.
fn to_note_edge(key: &KeyEvent) -> Option<Edge> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Home if ctrl => Some(Edge::Start { column: false }),
        KeyCode::End if ctrl => Some(Edge::End { column: false }),
        KeyCode::Up | KeyCode::Char('p') if ctrl && alt => Some(Edge::Start { column: true }),
        KeyCode::Down | KeyCode::Char('n') if ctrl && alt => Some(Edge::End { column: true }),
        KeyCode::Char('<') if alt && !ctrl => Some(Edge::Start { column: true }),
        KeyCode::Char('>') if alt && !ctrl => Some(Edge::End { column: true }),
        _ => None,
    }
}

/// A text area as the note editor shows one: words wrapped by display
/// width (or, for a word wider than the editor, at a grapheme), no
/// highlighted cursor line.
fn text_area(lines: Vec<String>) -> TextArea<'static> {
    let mut textarea = TextArea::new(lines);
    textarea.set_cursor_line_style(ratatui::style::Style::new());
    textarea.set_wrap_mode(WrapMode::WordOrGlyph);
    textarea
}
