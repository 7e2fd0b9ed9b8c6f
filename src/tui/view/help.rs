//! The help overlay: every key of the current screen, from the keymap
//! itself, and the labels with their definitions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::tui::app::{Screen, State};
use crate::tui::keymap::Context;
use crate::tui::theme::Styles;

pub fn draw(frame: &mut Frame, state: &State, styles: &Styles, area: Rect, scroll: usize) {
    let (lines, first_page) = help_lines(state, styles);
    // Two columns when one would not fit the window's height; the first
    // holds half of the screen's own keys, so they all show at once, and
    // the second the rest (the keys of lists and fields come last).
    let columns: u16 = if lines.len() as u16 + 2 > area.height && area.width >= 90 {
        2
    } else {
        1
    };
    let per_column = if columns == 2 {
        first_page.div_ceil(2).max(1)
    } else {
        lines.len().max(1)
    };
    let width = area.width.saturating_sub(4).min(76 * columns);
    let column_width = usize::from(width.saturating_sub(2) / columns).max(1);
    // The tallest column as drawn: long lines wrap.
    let split = per_column.min(lines.len());
    let tallest = [&lines[..split], &lines[split..]]
        .iter()
        .map(|part| part.iter().map(|l| wrapped_rows(l, column_width)).sum())
        .max()
        .unwrap_or(0);
    let height = (tallest as u16).saturating_add(2).min(area.height);
    let popup = centred(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(styles.border(true))
        .title(if tallest + 2 > usize::from(area.height) {
            " Keys · j/k scroll · any other key closes "
        } else {
            " Keys · any key closes "
        });
    let inner = block.inner(popup);
    frame.render_widget(block.style(styles.base()), popup);
    let areas = ratatui::layout::Layout::horizontal(vec![
        ratatui::layout::Constraint::Fill(1);
        columns as usize
    ])
    .split(inner);
    // Scrolling stops once the last line is in view.
    let scroll = scroll.min(tallest.saturating_sub(inner.height as usize)) as u16;
    let parts = if columns == 2 {
        vec![&lines[..split], &lines[split..]]
    } else {
        vec![&lines[..]]
    };
    for (column, chunk) in parts.into_iter().enumerate() {
        if let Some(rect) = areas.get(column) {
            frame.render_widget(
                Paragraph::new(chunk.to_vec())
                    .style(styles.base())
                    .wrap(Wrap { trim: false })
                    .scroll((scroll, 0)),
                *rect,
            );
        }
    }
}

/// Every key of every context the screen has, headed by context, with the
/// labels and their definitions after the screen's own keys (and the
/// selection's); also how many lines those come to.
fn help_lines(state: &State, styles: &Styles) -> (Vec<Line<'static>>, usize) {
    let contexts = contexts_of(state.screen);
    let main = if state.screen == Screen::Reader { 2 } else { 1 };
    let mut lines: Vec<Line> = Vec::new();
    let mut first_page = 0;
    let key_width = contexts
        .iter()
        .flat_map(|c| state.keymap.help(*c))
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    for (i, context) in contexts.iter().enumerate() {
        if i == main {
            if state.screen == Screen::Reader {
                push_labels(&mut lines, state, styles);
            }
            first_page = lines.len();
        }
        if i > 0 {
            lines.push(Line::default());
            let heading = format!(" {}:", context.heading());
            lines.push(Line::from(Span::styled(heading, styles.dim())));
        }
        for (keys, help) in state.keymap.help(*context) {
            lines.push(Line::from(vec![
                Span::styled(format!(" {keys:>key_width$}  "), styles.strong()),
                Span::raw(help.to_string()),
            ]));
        }
    }
    (lines, first_page)
}

fn push_labels(lines: &mut Vec<Line<'static>>, state: &State, styles: &Styles) {
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(" Labels:", styles.dim())));
    for label in &state.config.labels {
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {} {} ", label.glyph, label.name),
                styles.label(label),
            ),
            Span::raw(label.definition.clone()),
        ]));
    }
}

/// How many rows `line` takes wrapped to `width` columns.
fn wrapped_rows(line: &Line, width: usize) -> usize {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    textwrap::wrap(&text, width).len().max(1)
}

/// The contexts whose keys the help lists on a screen, the screen's own first.
pub fn contexts_of(screen: Screen) -> &'static [Context] {
    match screen {
        Screen::Library => &[
            Context::Library,
            Context::TextField,
            Context::Scrolling,
            Context::Anywhere,
        ],
        Screen::Reader => &[
            Context::Reader,
            Context::Selecting,
            Context::AnnotationList,
            Context::NoteEditor,
            Context::TextField,
            Context::Scrolling,
            Context::Anywhere,
        ],
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
