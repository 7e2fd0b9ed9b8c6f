//! Where each pane goes, from the window size and what is open. Shared by
//! `update` (page heights, mouse hit-testing) and `draw`, so both agree.

use ratatui::layout::Rect;

pub const OUTLINE_WIDTH: u16 = 30;
pub const SIDE_WIDTH: u16 = 34;
/// Below this width the side panel opens only when asked for.
pub const SIDE_AUTO_MIN_WIDTH: u16 = 110;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderGeometry {
    pub outline: Option<Rect>,
    /// The text column, centred in the space the panels leave.
    pub text: Rect,
    /// What a table wider than the text column may spread over: the space
    /// the panels leave, less the margins (never narrower than `text`).
    pub wide: Rect,
    pub side: Option<Rect>,
    /// The bottom line: status, search input, messages.
    pub status: Rect,
}

pub fn reader_geometry(
    area: Rect,
    outline_open: bool,
    side_open: bool,
    reading_width: u16,
) -> ReaderGeometry {
    let status = Rect {
        y: area.y + area.height.saturating_sub(1),
        height: area.height.min(1),
        ..area
    };
    let mut body = Rect {
        height: area.height.saturating_sub(1),
        ..area
    };
    // Panels only open where they leave the text at least 20 columns.
    let outline =
        (outline_open && body.width >= OUTLINE_WIDTH.min(body.width / 2) + 20).then(|| {
            let width = OUTLINE_WIDTH.min(body.width / 2);
            let rect = Rect { width, ..body };
            body.x += width;
            body.width -= width;
            rect
        });
    let side = (side_open && body.width >= SIDE_WIDTH.min(body.width / 2) + 20).then(|| {
        let width = SIDE_WIDTH.min(body.width / 2);
        body.width -= width;
        Rect {
            x: body.x + body.width,
            width,
            ..body
        }
    });
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
    ReaderGeometry {
        outline,
        text,
        wide,
        side,
        status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centres_a_capped_column_on_wide_windows() {
        let g = reader_geometry(Rect::new(0, 0, 200, 50), false, false, 80);
        assert_eq!((g.text.x, g.text.width, g.text.height), (60, 80, 49));
        assert_eq!((g.wide.x, g.wide.width), (2, 196), "tables may spread");
        assert_eq!(g.status, Rect::new(0, 49, 200, 1));
    }

    #[test]
    fn panels_take_their_share_and_leave_the_text_room() {
        let g = reader_geometry(Rect::new(0, 0, 120, 40), true, true, 80);
        assert_eq!(g.outline.unwrap().width, OUTLINE_WIDTH);
        assert_eq!(g.side.unwrap().width, SIDE_WIDTH);
        assert_eq!(g.text.width, 120 - OUTLINE_WIDTH - SIDE_WIDTH - 4);
        let tiny = reader_geometry(Rect::new(0, 0, 20, 5), true, true, 80);
        assert!(tiny.outline.is_none() && tiny.side.is_none());
        assert_eq!(tiny.text.height, 4);
        let nothing = reader_geometry(Rect::new(0, 0, 1, 1), true, true, 80);
        assert_eq!(nothing.text.height, 0);
    }
}
