//! The bottom line: where you are, what you are typing, what just happened.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::article::sanitize::visible_line;
use crate::tui::app::{Message, Screen, State};
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
        let count = reader.search().matches().len();
        let position = match reader.search().current() {
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
        let article = reader.article();
        let mut crumbs = vec![visible_line(&article.meta.title).into_owned()];
        let mut section = reader.current_section();
        let mut path = Vec::new();
        while let Some(i) = section {
            path.push(visible_line(&article.sections[i].title).into_owned());
            section = article.sections[i].parent;
        }
        path.reverse();
        // A title heading repeats the article's title: say it once.
        if path.first() == crumbs.first() {
            path.remove(0);
        }
        crumbs.extend(path);
        // The hint only where the whole path still fits beside it.
        let hint = state.theme_hint(Screen::Reader);
        let path_width = display_width(&breadcrumb(&crumbs, usize::MAX)) + 1;
        // Where the screen is in the whole, once the whole is there.
        let place = match reader.awaiting() {
            Some(_) => "reading…".to_string(),
            None => format!("{}%", reader.percent()),
        };
        let plain_right = format!(" {place}  ? help ");
        let right = if path_width + display_width(&plain_right) + display_width(hint)
            < area.width as usize
        {
            format!(" {place}  {hint}? help ")
        } else {
            plain_right
        };
        let room = (area.width as usize).saturating_sub(display_width(&right) + 1);
        spread(format!(" {}", breadcrumb(&crumbs, room)), right, area.width)
    };
    frame.render_widget(Paragraph::new(line).style(styles.status()), area);
}

/// Most of the window a message may take, as a share of its rows.
const MESSAGE_SHARE: u16 = 2;

/// A message too long for the status line is shown whole: wrapped on as
/// many rows as it needs (paths and links break after a `/`), growing up
/// from the status line over the bottom of the screen until the next key
/// clears it, up to half the window. The status line alone is drawn first
/// and stays for messages that fit.
pub fn draw_long_message(frame: &mut Frame, state: &State, styles: &Styles, area: Rect) {
    let Some(message) = &state.message else {
        return;
    };
    // Where an overlay owns the status line (search, filter, save-as) the
    // message is not shown there, so not here either.
    if matches!(
        state.overlay,
        Some(Overlay::Search(_) | Overlay::SaveAs(_) | Overlay::Filter(_))
    ) || area.height == 0
    {
        return;
    }
    let text = visible_line(&message.text);
    let room = area.width.saturating_sub(2) as usize;
    if display_width(&text) < area.width as usize || room == 0 {
        return;
    }
    let rows = crate::tui::layout::wrap_range(&text, 0..text.len(), room);
    let most = (area.height / MESSAGE_SHARE).max(1) as usize;
    let shown = rows.len().min(most);
    let style = if message.error {
        styles.error()
    } else {
        styles.status()
    };
    let mut lines: Vec<Line> = rows[..shown]
        .iter()
        .map(|row| Line::from(format!(" {}", text[row.clone()].trim_end())))
        .collect();
    if shown < rows.len()
        && let Some(last) = lines.last_mut()
    {
        // Too long even for half the window: say that it goes on.
        let cut = format!(" {}", text[rows[shown - 1].clone()].trim_end());
        *last = Line::from(truncate(&format!("{cut} …"), area.width as usize));
    }
    let height = shown as u16;
    let rect = Rect {
        y: area.y + area.height - height,
        height,
        ..area
    };
    frame.render_widget(ratatui::widgets::Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).style(styles.status().patch(style)),
        rect,
    );
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

/// The path `crumbs` joined by ` › `, shortened from the middle to fit
/// `room` columns: the article's title and the innermost section stay,
/// the sections between give way to `…` first.
pub fn breadcrumb(crumbs: &[String], room: usize) -> String {
    const SEPARATOR: &str = " › ";
    let joined = crumbs.join(SEPARATOR);
    if display_width(&joined) <= room || crumbs.len() <= 2 {
        return truncate(&joined, room);
    }
    let last = crumbs.len() - 1;
    // Drop crumbs after the title, nearest the middle first, until it fits.
    let mut kept: Vec<usize> = (0..crumbs.len()).collect();
    while kept.len() > 2 {
        let middle = kept.len() / 2;
        let drop = middle.clamp(1, kept.len() - 2);
        kept.remove(drop);
        let mut parts: Vec<&str> = Vec::new();
        for (n, &i) in kept.iter().enumerate() {
            // One `…` where crumbs were left out.
            if n > 0 && i > kept[n - 1] + 1 {
                parts.push("…");
            }
            parts.push(&crumbs[i]);
        }
        let shortened = parts.join(SEPARATOR);
        if display_width(&shortened) <= room {
            return shortened;
        }
    }
    // Still too long: the innermost section whole, the title cut.
    let tail = format!("{SEPARATOR}…{SEPARATOR}{}", crumbs[last]);
    let title_room = room.saturating_sub(display_width(&tail));
    if title_room >= 4 {
        format!("{}{tail}", truncate(&crumbs[0], title_room))
    } else {
        truncate(&crumbs[last], room)
    }
}

fn display_width(text: &str) -> usize {
    crate::text_width::width(text)
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

#[cfg(test)]
mod breadcrumb_tests {
    use super::*;

    fn crumbs(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn the_full_path_shows_and_shortens_from_the_middle() {
        let path = crumbs(&["War and Peace", "BOOK TWO: 1805", "CHAPTER II"]);
        assert_eq!(
            breadcrumb(&path, 80),
            "War and Peace › BOOK TWO: 1805 › CHAPTER II"
        );
        assert_eq!(breadcrumb(&path, 30), "War and Peace › … › CHAPTER II");
        let deep = crumbs(&["Report", "Part One", "Section 2", "Costs", "Roads"]);
        let short = breadcrumb(&deep, 30);
        assert!(
            short.starts_with("Report › ") && short.ends_with(" › Roads"),
            "{short}"
        );
        assert!(
            short.contains('…') && display_width(&short) <= 30,
            "{short}"
        );
        let long_title = crumbs(&[
            "A very long title that goes on and on and on",
            "Book",
            "Chapter",
        ]);
        let cut = breadcrumb(&long_title, 24);
        assert!(
            cut.ends_with(" › … › Chapter") && display_width(&cut) <= 24,
            "{cut}"
        );
    }
}
