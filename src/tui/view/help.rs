//! The help overlay: every key of every context, from the keymap itself,
//! and the labels with their definitions; it scrolls at every size.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use ratatui::style::Style;

use crate::config::LabelDef;
use crate::text_width;
use crate::tui::action::Action;
use crate::tui::app::State;
use crate::tui::keymap::Context;
use crate::tui::overlay::EDITING_KEYS;
use crate::tui::theme::Styles;

pub fn draw(frame: &mut Frame, state: &State, styles: &Styles, area: Rect, scroll: usize) {
    let popup = help_popup(area);
    let lines = help_lines(state, styles, usize::from(popup.width.saturating_sub(2)));
    let popup = Rect {
        height: (lines.len() as u16).saturating_add(2).min(popup.height),
        ..popup
    };
    let popup = centred(area, popup.width, popup.height);
    let page = usize::from(popup.height.saturating_sub(2));
    let scroll = scroll.min(lines.len().saturating_sub(page));
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_style(styles.border(true))
        .title(" Keys ");
    if lines.len() > page {
        let room = usize::from(popup.width).saturating_sub(10);
        block = block
            .title(scroll_hint(state, room))
            .title_bottom(Line::from(position(scroll, page, lines.len())).right_aligned());
    } else {
        block = block.title(" any key closes ");
    }
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .style(styles.base())
            .scroll((scroll as u16, 0)),
        popup,
    );
}

/// Where the help goes in `area`: as wide as reads well, as tall as the
/// window (it is shortened to its lines when they fit).
fn help_popup(area: Rect) -> Rect {
    let width = area.width.saturating_sub(4).clamp(area.width.min(30), 84);
    let height = area.height.saturating_sub(2).max(area.height.min(5));
    centred(area, width, height)
}

/// How many lines the help has and how many show at once, for a window
/// of `size`: what scrolling it stops at.
pub fn help_extent(state: &State, size: (u16, u16)) -> (usize, usize) {
    let styles = Styles::new(state.theme(), state.no_color);
    let popup = help_popup(Rect::new(0, 0, size.0, size.1));
    let lines = help_lines(state, &styles, usize::from(popup.width.saturating_sub(2)));
    (
        lines.len(),
        usize::from(popup.height.saturating_sub(2)).max(1),
    )
}

/// The scrolling keys, from the keymap, for the help's title: as many
/// as fit in `room` columns.
fn scroll_hint(state: &State, room: usize) -> String {
    let keys = |action| {
        state
            .keymap
            .keys_for(Context::Scrolling, action)
            .unwrap_or_default()
    };
    let (down, up) = (keys(Action::ScrollDown), keys(Action::ScrollUp));
    let (page, end) = (keys(Action::PageDown), keys(Action::Bottom));
    [
        format!(" {down} {up} {page} {end} scroll · other keys close "),
        format!(" {down} {up} {page} {end} scroll "),
        format!(" {down} {up} scroll "),
    ]
    .into_iter()
    .find(|hint| text_width::width(hint) <= room)
    .unwrap_or_default()
}

/// Which lines show, as "1–18 of 96".
fn position(scroll: usize, page: usize, total: usize) -> String {
    format!(" {}–{} of {total} ", scroll + 1, (scroll + page).min(total))
}

/// Every key of every context, the one keys are pressed in now first,
/// each headed by its context, with the labels and their definitions after
/// the reader's keys; laid out for `width` columns, a description wrapping
/// under its own column.
fn help_lines(state: &State, styles: &Styles, width: usize) -> Vec<Line<'static>> {
    let here = state.context();
    let order = std::iter::once(here).chain(Context::ALL.into_iter().filter(|c| *c != here));
    let rows: Vec<(Context, Vec<(String, String)>)> = order
        .map(|context| {
            let rows = state
                .keymap
                .help(context)
                .map(|(keys, help)| (keys, help.to_string()))
                .collect();
            (context, rows)
        })
        .collect();
    let labels: Vec<(String, &LabelDef)> = state
        .config
        .labels
        .iter()
        .map(|l| (format!("{} {}", l.glyph, l.name), l))
        .collect();
    let widest = rows
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|(keys, _)| text_width::width(keys)))
        .chain(labels.iter().map(|(name, _)| text_width::width(name)))
        .chain(EDITING_KEYS.iter().map(|(keys, _)| text_width::width(keys)))
        .max()
        .unwrap_or(0);
    let key_width = widest.min(width / 3).max(1);
    let mut lines: Vec<Line> = Vec::new();
    for (i, (context, rows)) in rows.iter().enumerate() {
        if i > 0 {
            lines.push(Line::default());
        }
        let heading = format!(" {}:", context.heading());
        let wrap = textwrap::Options::new(width.max(2)).subsequent_indent(" ");
        for part in textwrap::wrap(&heading, wrap) {
            lines.push(Line::from(Span::styled(part.into_owned(), styles.dim())));
        }
        for (keys, help) in rows {
            push_row(&mut lines, keys, styles.strong(), help, key_width, width);
        }
        if *context == Context::NoteEditor {
            for (keys, help) in EDITING_KEYS {
                push_row(&mut lines, keys, styles.strong(), help, key_width, width);
            }
        }
        if *context == Context::Reader {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(" Labels:", styles.dim())));
            for (name, label) in &labels {
                push_row(
                    &mut lines,
                    name,
                    styles.label(label),
                    &label.definition,
                    key_width,
                    width,
                );
            }
        }
    }
    lines
}

/// One key row: the keys right-aligned in their column, the description
/// wrapped in the column beside it (keys wider than their column take a
/// line of their own).
fn push_row(
    lines: &mut Vec<Line<'static>>,
    keys: &str,
    key_style: Style,
    help: &str,
    key_width: usize,
    width: usize,
) {
    let indent = 1 + key_width + 2;
    let help_width = width.saturating_sub(indent).max(8);
    let keys_width = text_width::width(keys);
    let mut first = if keys_width > key_width {
        lines.push(Line::from(Span::styled(format!(" {keys}"), key_style)));
        None
    } else {
        let pad = " ".repeat(key_width - keys_width);
        Some(Span::styled(format!(" {pad}{keys}  "), key_style))
    };
    for part in textwrap::wrap(help, help_width) {
        let lead = first
            .take()
            .unwrap_or_else(|| Span::raw(" ".repeat(indent)));
        lines.push(Line::from(vec![lead, Span::raw(part.into_owned())]));
    }
}

/// A popup of preformatted text (the statistics table), scrollable.
pub fn draw_text(
    frame: &mut Frame,
    styles: &Styles,
    area: Rect,
    title: &str,
    text: &str,
    scroll: usize,
) {
    let lines: Vec<Line> = text
        .lines()
        .map(|l| Line::from(format!(" {}", crate::article::sanitize::visible_line(l))))
        .collect();
    let widest = lines.iter().map(|l| l.width()).max().unwrap_or(0) as u16;
    let width = (widest + 3).max(title.len() as u16 + 4).min(area.width);
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = centred(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(styles.border(true))
        .title(title.to_string());
    let inner_height = height.saturating_sub(2) as usize;
    let scroll = scroll.min(lines.len().saturating_sub(inner_height)) as u16;
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .style(styles.base())
            .scroll((scroll, 0)),
        popup,
    );
}

/// How many lines a text popup has and how many show at once in a window
/// of `size` (as [`draw_text`] draws it).
pub fn text_extent(text: &str, size: (u16, u16)) -> (usize, usize) {
    let total = text.lines().count();
    let page = (total + 2).min(usize::from(size.1)).saturating_sub(2);
    (total, page.max(1))
}

/// A `width` x `height` rectangle in the middle of `area`.
fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let (width, height) = (width.min(area.width), height.min(area.height));
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::tests::with_article;

    /// The help's text for a window `width` columns wide.
    fn help_text(state: &State, width: usize) -> Vec<String> {
        let styles = Styles::new(state.theme(), state.no_color);
        help_lines(state, &styles, width)
            .iter()
            .map(|line| line.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn every_key_of_every_context_is_in_the_help_wherever_it_opens() {
        let reader = with_article("Some text. More text.");
        let mut library = crate::tui::app::tests::state();
        library.size = (80, 24);
        for state in [&reader, &library] {
            let text = help_text(state, 200).join("\n");
            for context in Context::ALL {
                assert!(
                    text.contains(context.heading()),
                    "{context:?} is not in the help"
                );
                for (keys, help) in state.keymap.help(context) {
                    assert!(text.contains(&format!("{keys}  {help}")), "{keys} {help}");
                }
            }
        }
        // The keys of the screen the help opened on come first.
        assert!(help_text(&library, 80)[0].contains("In the library"));
        assert!(help_text(&reader, 80)[0].contains("Reading"));
    }

    #[test]
    fn the_note_editors_editing_keys_are_under_its_heading() {
        let state = with_article("Some text.");
        let lines = help_text(&state, 200);
        let heading = lines
            .iter()
            .position(|l| l.contains(Context::NoteEditor.heading()))
            .expect("the note editor's heading");
        let section: Vec<&String> = lines[heading..]
            .iter()
            .take_while(|l| !l.trim().is_empty())
            .collect();
        for (keys, help) in EDITING_KEYS {
            assert!(
                section.iter().any(|l| l.contains(keys) && l.contains(help)),
                "{keys} {help} not under the note editor: {section:?}"
            );
        }
    }

    #[test]
    fn a_wrapped_description_continues_under_the_description_column() {
        let state = with_article("Some text.");
        let lines = help_text(&state, 40);
        let first = lines
            .iter()
            .position(|l| l.contains("quit when the reader"))
            .expect("the q row");
        let column = lines[first].find("quit").unwrap();
        let next = &lines[first + 1];
        assert!(next.len() > column, "{next:?}");
        assert_eq!(next[..column].trim(), "", "{next:?}");
        assert_ne!(&next[column..column + 1], " ", "{next:?}");
        for line in &lines {
            assert!(text_width::width(line) <= 40, "{line:?}");
        }
    }
}
