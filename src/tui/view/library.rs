//! The library: the articles of a folder, with what they hold.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use crate::article::sanitize::visible_line;
use crate::library::{self, Entry, SortOrder};
use crate::text_width::{self, truncate};
use crate::tui::app::State;
use crate::tui::overlay::Overlay;
use crate::tui::theme::Styles;

use super::hints;
use super::status::{message_line, spread};

pub fn draw(frame: &mut Frame, state: &State, styles: &Styles, area: Rect) {
    let [title_area, table_area, status_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let lib = &state.library;
    let dir = visible_line(&lib.dir.display().to_string()).into_owned();
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(" marginalia", styles.heading(1)),
                Span::styled(format!("  {dir}"), styles.dim()),
            ]),
            Line::default(),
        ]),
        title_area,
    );
    let visible = lib.visible();
    if visible.is_empty() {
        let text = if lib.entries.is_empty() {
            " No articles here: marginalia reads .md and .txt files."
        } else {
            " Nothing matches the filter."
        };
        frame.render_widget(Paragraph::new(Span::styled(text, styles.dim())), table_area);
    } else {
        draw_table(frame, state, styles, &visible, table_area);
    }
    let line = status_line(state, styles, visible.len(), status_area.width);
    frame.render_widget(Paragraph::new(line).style(styles.status()), status_area);
}

/// The columns, their headings and how they share the width.
const COLUMNS: [(&str, Constraint); 5] = [
    ("Title", Constraint::Fill(3)),
    ("Author", Constraint::Fill(1)),
    ("Date", Constraint::Length(10)),
    ("Words", Constraint::Length(7)),
    ("Notes", Constraint::Length(5)),
];
const COLUMN_SPACING: u16 = 2;
/// What marks the selected row, in a column of its own.
const HIGHLIGHT: &str = "▶ ";

/// The articles, one a row, each cell cut to its column with an ellipsis;
/// a title that more than one article has shows its file name beside it.
fn draw_table(frame: &mut Frame, state: &State, styles: &Styles, visible: &[&Entry], area: Rect) {
    let widths = column_widths(area.width);
    let repeated = library::repeated_titles(&state.library.entries);
    let cell = |text: &str, column: usize| {
        Cell::from(truncate(&visible_line(text), usize::from(widths[column])))
    };
    let rows = visible.iter().map(|entry| {
        // Counts come after the list, from the whole files.
        let (words, notes) = match (&entry.problem, entry.counted, entry.annotations) {
            (Some(_), _, _) => (String::new(), "!".to_string()),
            (None, false, _) => ("…".to_string(), "…".to_string()),
            (None, true, 0) => (entry.words.to_string(), String::new()),
            (None, true, n) => (entry.words.to_string(), n.to_string()),
        };
        let style = if entry.problem.is_some() {
            styles.error()
        } else {
            styles.base()
        };
        let title = if repeated.contains(&crate::article::search::fold(&entry.title)) {
            title_with_file(entry, usize::from(widths[0]), styles)
        } else {
            Line::from(truncate(
                &visible_line(&entry.title),
                usize::from(widths[0]),
            ))
        };
        Row::new(vec![
            Cell::from(title),
            cell(entry.author.as_deref().unwrap_or(""), 1),
            cell(entry.date.as_deref().unwrap_or(""), 2),
            Cell::from(Line::from(words).right_aligned()),
            Cell::from(Line::from(notes).right_aligned()),
        ])
        .style(style)
    });
    let order = state.library.order;
    let sorted_column = match order {
        SortOrder::Title => Some(0),
        SortOrder::Date => Some(2),
        SortOrder::Annotations => Some(4),
        SortOrder::File => None,
    };
    let header = Row::new(COLUMNS.iter().enumerate().map(|(i, (name, _))| {
        let name = if sorted_column == Some(i) {
            format!("{name} ▾")
        } else {
            name.to_string()
        };
        Cell::from(truncate(&name, usize::from(widths[i])))
    }))
    .style(styles.strong());
    let table = Table::new(rows, widths.map(Constraint::Length))
        .header(header)
        .row_highlight_style(styles.selection())
        .highlight_symbol(HIGHLIGHT)
        .column_spacing(COLUMN_SPACING);
    let mut table_state = TableState::new().with_selected(Some(state.library.selected));
    frame.render_stateful_widget(table, area, &mut table_state);
}

/// How wide each column is in a table `width` columns wide (as the table
/// itself would share it out), so cells can be cut to fit with an ellipsis.
fn column_widths(width: u16) -> [u16; 5] {
    let room = width.saturating_sub(text_width::width(HIGHLIGHT) as u16);
    let rects = Layout::horizontal(COLUMNS.map(|(_, c)| c))
        .spacing(COLUMN_SPACING)
        .split(Rect::new(0, 0, room, 1));
    std::array::from_fn(|i| rects.get(i).map_or(0, |r| r.width))
}

/// A title with its file name after it, dimmed; the title gives way first.
fn title_with_file<'a>(entry: &Entry, width: usize, styles: &Styles) -> Line<'a> {
    let file = format!("  {}", visible_line(&library::file_name(entry)));
    let title = visible_line(&entry.title);
    // The file name may take up to half the column, cut if need be.
    let file = truncate(&file, text_width::width(&file).min(width / 2));
    let title_room = width.saturating_sub(text_width::width(&file));
    Line::from(vec![
        Span::raw(truncate(&title, title_room)),
        Span::styled(file, styles.dim()),
    ])
}

/// The filter being typed, else what was just said, else how many articles
/// show and the main keys.
fn status_line<'a>(state: &'a State, styles: &Styles, shown: usize, width: u16) -> Line<'a> {
    let lib = &state.library;
    if matches!(state.overlay, Some(Overlay::Filter(_))) {
        return Line::from(format!(" filter: {}▏", visible_line(&lib.filter)));
    }
    if let Some(message) = &state.message {
        return message_line(message, styles);
    }
    let left = if lib.filter.is_empty() {
        format!(" {} articles, {}", lib.entries.len(), lib.order.describe())
    } else {
        format!(
            " {shown} of {} match \"{}\", {}",
            lib.entries.len(),
            visible_line(&lib.filter),
            lib.order.describe()
        )
    };
    let room = usize::from(width).saturating_sub(text_width::width(&left) + 2);
    spread(left, hints::fit(&hints::library_hints(state), room), width)
}
