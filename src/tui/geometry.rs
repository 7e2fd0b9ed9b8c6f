//! Where each pane goes, from the window size and what is open. Shared by
//! `update` (page heights, mouse hit-testing) and `draw`, so both agree.

use ratatui::layout::Rect;

use super::reader::Focus;

/// The text keeps at least this many columns beside the panels: below it
/// a panel is hidden, or, with the focus, takes the whole window.
pub const MIN_TEXT_BESIDE_PANELS: u16 = 44;
/// Below this width the side panel opens only when asked for.
pub const SIDE_AUTO_MIN_WIDTH: u16 = 110;

/// The outline's width for a body of `width` columns: three tenths of it,
/// within 20 to 30 columns (narrower, section titles are unreadable).
fn outline_width(width: u16) -> u16 {
    (width * 3 / 10).clamp(20, 30)
}

/// The notes panel's: three tenths, within 24 to 44 columns, so notes get
/// more room on wide windows and the text keeps its share on narrow ones.
fn side_width(width: u16) -> u16 {
    (width * 3 / 10).clamp(24, 44)
}

/// Which panels are open, and which pane has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub outline: bool,
    pub side: bool,
    pub focus: Focus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderGeometry {
    pub outline: Option<Rect>,
    /// The text column, centred in the space the panels leave; its size is
    /// the one the text is wrapped at even while a panel covers it.
    pub text: Rect,
    /// A panel with the focus takes the whole window: the text is not drawn.
    pub text_covered: bool,
    /// What a table wider than the text column may spread over: the space
    /// the panels leave, less the margins (never narrower than `text`).
    pub wide: Rect,
    pub side: Option<Rect>,
    /// The bottom line: status, search input, messages.
    pub status: Rect,
    /// Rows above the text for the article's title and byline, once asked for.
    pub header: Option<Rect>,
}

/// Below this many rows of text the header gives its rows back to the text.
pub const HEADER_MIN_TEXT_ROWS: u16 = 10;

impl ReaderGeometry {
    /// The same panes with the text column's top `rows` kept for a header
    /// (the title where the text does not open with it, the byline), where
    /// the window is tall enough to spare them.
    pub fn with_header(mut self, rows: u16) -> ReaderGeometry {
        if rows > 0 && self.text.height >= HEADER_MIN_TEXT_ROWS + rows {
            self.header = Some(Rect {
                height: rows,
                ..self.text
            });
            self.text.y += rows;
            self.text.height -= rows;
            // A wide table's band lies over the same rows as the text.
            self.wide.y = self.text.y;
            self.wide.height = self.text.height;
        }
        self
    }
}

pub fn reader_geometry(area: Rect, panes: Panes, reading_width: u16) -> ReaderGeometry {
    let status = Rect {
        y: area.y + area.height.saturating_sub(1),
        height: area.height.min(1),
        ..area
    };
    let full = Rect {
        height: area.height.saturating_sub(1),
        ..area
    };
    let panels = place_panels(full, panes);
    let (text, wide) = text_columns(panels.body, reading_width);
    ReaderGeometry {
        outline: panels.outline,
        text,
        text_covered: panels.covered,
        wide,
        side: panels.side,
        status,
        header: None,
    }
}

/// Where the open panels go in the window above the status line, and what
/// they leave to the text.
struct PlacedPanels {
    body: Rect,
    outline: Option<Rect>,
    side: Option<Rect>,
    /// The focused panel took the whole window: no room beside the text.
    covered: bool,
}

fn place_panels(full: Rect, panes: Panes) -> PlacedPanels {
    let mut body = full;
    // The focused panel first, then the notes, then the outline, each
    // beside the text while the text keeps its columns.
    let mut wanted = [
        (Focus::Outline, panes.outline, outline_width(full.width)),
        (Focus::Side, panes.side, side_width(full.width)),
    ];
    if panes.focus == Focus::Outline {
        wanted.reverse();
    }
    let mut outline = None;
    let mut side = None;
    let mut covered = false;
    for (pane, open, width) in wanted.into_iter().rev() {
        if !open {
            continue;
        }
        if body.width >= width + MIN_TEXT_BESIDE_PANELS {
            body.width -= width;
            let rect = Rect { width, ..body };
            match pane {
                Focus::Outline => {
                    body.x += width;
                    outline = Some(Rect { x: full.x, ..rect });
                }
                _ => {
                    side = Some(Rect {
                        x: body.x + body.width,
                        ..rect
                    })
                }
            }
        } else if pane == panes.focus && outline.is_none() && side.is_none() {
            // No room beside the text: the panel asked for is the window.
            covered = true;
            match pane {
                Focus::Outline => outline = Some(full),
                _ => side = Some(full),
            }
            break;
        }
    }
    if covered {
        body = full;
    }
    PlacedPanels {
        body,
        outline,
        side,
        covered,
    }
}

/// The text column (at most `reading_width`, centred) and the wider band a
/// table may spread over, both inside `body`'s margins.
fn text_columns(body: Rect, reading_width: u16) -> (Rect, Rect) {
    // Two columns of margin on each side where there is room: the left
    // one shows the glyphs of tagged passages.
    let margin = if body.width >= 40 {
        2
    } else {
        u16::from(body.width >= 24)
    };
    let text_width = body
        .width
        .saturating_sub(2 * margin)
        .min(reading_width)
        .max(1);
    let text = Rect {
        x: body.x + (body.width.saturating_sub(text_width)) / 2,
        width: text_width.min(body.width),
        ..body
    };
    let wide_width = body.width.saturating_sub(2 * margin).max(text.width);
    let wide = Rect {
        x: body.x + (body.width.saturating_sub(wide_width)) / 2,
        width: wide_width.min(body.width),
        ..body
    };
    (text, wide)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panes(outline: bool, side: bool, focus: Focus) -> Panes {
        Panes {
            outline,
            side,
            focus,
        }
    }

    #[test]
    fn centres_a_capped_column_on_wide_windows() {
        let g = reader_geometry(
            Rect::new(0, 0, 200, 50),
            panes(false, false, Focus::Text),
            80,
        );
        assert_eq!((g.text.x, g.text.width, g.text.height), (60, 80, 49));
        assert_eq!((g.wide.x, g.wide.width), (2, 196), "tables may spread");
        assert_eq!(g.status, Rect::new(0, 49, 200, 1));
    }

    #[test]
    fn panels_take_their_share_and_leave_the_text_room() {
        let g = reader_geometry(Rect::new(0, 0, 120, 40), panes(true, true, Focus::Text), 80);
        assert_eq!(g.outline.unwrap(), Rect::new(0, 0, 30, 39));
        assert_eq!(g.side.unwrap(), Rect::new(120 - 36, 0, 36, 39));
        assert_eq!(g.text.width, 120 - 30 - 36 - 4);
        assert!(!g.text_covered);
        let wide = reader_geometry(
            Rect::new(0, 0, 200, 50),
            panes(false, true, Focus::Text),
            80,
        );
        assert_eq!(wide.side.unwrap().width, 44);
        let tiny = reader_geometry(Rect::new(0, 0, 20, 5), panes(true, true, Focus::Text), 80);
        assert!(tiny.outline.is_none() && tiny.side.is_none());
        assert_eq!(tiny.text.height, 4);
        let nothing = reader_geometry(Rect::new(0, 0, 1, 1), panes(true, true, Focus::Side), 80);
        assert_eq!(nothing.text.height, 0);
    }

    #[test]
    fn a_header_takes_the_text_columns_top_row_where_there_is_room() {
        let g = reader_geometry(Rect::new(0, 0, 120, 40), panes(true, true, Focus::Text), 80);
        for rows in [1, 2] {
            let with = g.with_header(rows);
            assert_eq!(
                with.header,
                Some(Rect {
                    height: rows,
                    ..g.text
                })
            );
            assert_eq!(
                (with.text.y, with.text.height),
                (g.text.y + rows, g.text.height - rows)
            );
            assert_eq!(with.side, g.side, "the panels keep their height");
        }
        assert_eq!(g.with_header(0), g);
        let short = reader_geometry(
            Rect::new(0, 0, 80, 11),
            panes(false, false, Focus::Text),
            80,
        );
        assert_eq!(short.with_header(1).text.height, 10);
        assert_eq!(
            short.with_header(2),
            short,
            "ten rows of text keep them all"
        );
    }

    /// At 60 columns the notes panel no longer halves the window: with the
    /// focus on the text it is hidden, with the focus on it it is the
    /// window; the text keeps its size either way.
    #[test]
    fn narrow_windows_hide_a_panel_or_give_it_the_window() {
        let area = Rect::new(0, 0, 60, 20);
        let text_only = reader_geometry(area, panes(false, false, Focus::Text), 80);
        let hidden = reader_geometry(area, panes(false, true, Focus::Text), 80);
        assert_eq!(hidden.side, None);
        assert_eq!(hidden.text, text_only.text);
        assert_eq!(hidden.text.width, 56);
        let covering = reader_geometry(area, panes(false, true, Focus::Side), 80);
        assert_eq!(covering.side, Some(Rect::new(0, 0, 60, 19)));
        assert!(covering.text_covered);
        assert_eq!(covering.text, text_only.text);
        let outline = reader_geometry(area, panes(true, true, Focus::Outline), 80);
        assert_eq!(outline.outline, Some(Rect::new(0, 0, 60, 19)));
        assert_eq!(outline.side, None);
        assert!(outline.text_covered);
        // With the focus back on the text, the outline stays open, hidden.
        let back = reader_geometry(area, panes(true, false, Focus::Text), 80);
        assert_eq!((back.outline, back.text), (None, text_only.text));
    }

    /// At 80 columns one panel fits beside the text: the focused one.
    #[test]
    fn the_focused_panel_is_the_one_kept_beside_the_text() {
        let area = Rect::new(0, 0, 80, 24);
        let g = reader_geometry(area, panes(true, true, Focus::Outline), 80);
        assert_eq!(g.outline.map(|r| r.width), Some(24));
        assert_eq!(g.side, None);
        let g = reader_geometry(area, panes(true, true, Focus::Text), 80);
        assert_eq!(g.side.map(|r| (r.x, r.width)), Some((56, 24)));
        assert_eq!(g.outline, None);
        assert!(g.text.width >= MIN_TEXT_BESIDE_PANELS - 4);
    }
}
