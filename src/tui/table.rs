//! Tables as a reader would want them: column widths from their content, so
//! no word or number is broken unless it alone is wider than the text;
//! alignment from the markdown delimiter row (`---:`, `:-:`), numbers right
//! aligned otherwise; a rule under the header. A table too narrow for its
//! longest words is drawn with each body row stacked as `header: value`
//! lines, so still no word is cut in two.

use ratatui::layout::Rect;
use ratatui::text::Span as Styled;
use unicode_width::UnicodeWidthStr;

use crate::tui::theme::Styles;

use crate::article::{Article, BlockKind, Span};
use crate::tui::layout::{BlockRows, display_width, wrap_range};

/// Between table cells when a table is drawn as aligned columns.
pub const COLUMN_SEPARATOR: &str = " │ ";
/// Between the column rules of the rule under the header.
pub const RULE_CROSSING: &str = "─┼─";

/// How a column's cells sit in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Center,
}

/// How one table row is drawn.
#[derive(Debug, PartialEq, Eq)]
pub struct TableRows {
    pub columns: Vec<usize>,
    pub align: Vec<Align>,
    /// `cells[row][column]`: the part of the cell's text on that display row.
    /// A stacked row has one column, and a label per display row.
    pub cells: Vec<Vec<Span>>,
    /// For a stacked row: the header shown before each display row (`Year: `).
    pub labels: Vec<String>,
    /// Whether the rule under the header is drawn after the last display row.
    pub rule_after: bool,
}

impl TableRows {
    /// The columns the row takes on screen: its columns and the separators
    /// between them (a stacked row takes its one column).
    pub fn drawn_width(&self) -> usize {
        self.columns.iter().sum::<usize>()
            + COLUMN_SEPARATOR.width() * self.columns.len().saturating_sub(1)
    }
}

/// What is worked out once for a whole table, whatever row is drawn:
/// where it is and what its columns need. Every row of a table needs all of
/// it, so measuring it per row made laying a table out quadratic in its rows.
#[derive(Debug)]
pub struct MeasuredTable {
    /// Its first and last row blocks.
    pub rows: std::ops::Range<usize>,
    /// Each column's natural width (its widest cell).
    natural: Vec<usize>,
    /// Each column's least width (its widest word).
    least: Vec<usize>,
    align: Vec<Align>,
    /// Whether its first row is a header.
    header: bool,
}

impl MeasuredTable {
    /// The table row block `block` belongs to, measured; `None` for a
    /// block that is not a table row.
    pub fn of(article: &Article, block: usize) -> Option<MeasuredTable> {
        let rows = table_of(article, block)?;
        let (natural, least) = measure(article, &rows);
        let align = alignments(article, &rows, natural.len());
        let header = matches!(
            article.blocks[rows.start].kind,
            BlockKind::TableRow { header: true, .. }
        );
        Some(MeasuredTable {
            rows,
            natural,
            least,
            align,
            header,
        })
    }
}

/// The table a row block belongs to: its first and last row blocks.
fn table_of(article: &Article, block: usize) -> Option<std::ops::Range<usize>> {
    let is_row = |i: usize| {
        matches!(
            article.blocks.get(i).map(|b| &b.kind),
            Some(BlockKind::TableRow { .. })
        )
    };
    if !is_row(block) {
        return None;
    }
    let first = (0..block)
        .rev()
        .take_while(|&i| is_row(i))
        .last()
        .unwrap_or(block);
    let end = (block..article.blocks.len())
        .find(|&i| !is_row(i))
        .unwrap_or(article.blocks.len());
    Some(first..end)
}

fn cells(article: &Article, block: usize) -> &[Span] {
    match &article.blocks[block].kind {
        BlockKind::TableRow { cells, .. } => cells,
        _ => &[],
    }
}

/// The widest word of `text` (a word or number is never broken if it fits).
fn longest_word(text: &str) -> usize {
    text.split_whitespace()
        .map(display_width)
        .max()
        .unwrap_or(0)
}

/// Whether a cell reads as a number: `1,390`, `$2.1m`, `-3.5%`, `£31`.
fn is_numeric(text: &str) -> bool {
    let text = text.trim();
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || " ,.%+-−–$£€¥()km".contains(c))
}

/// Column alignment from a markdown delimiter row (`|:--|---:|:-:|`) in the
/// source between the header row and the next, else numbers to the right.
fn alignments(article: &Article, table: &std::ops::Range<usize>, columns: usize) -> Vec<Align> {
    let mut align = vec![None; columns];
    if table.len() >= 2 {
        let header = &article.blocks[table.start];
        let next = &article.blocks[table.start + 1];
        let between = article
            .source
            .get(header.source.start..next.source.start)
            .unwrap_or("");
        if let Some(delimiter) = between.lines().find(|line| is_delimiter_row(line)) {
            let parts = delimiter.trim().trim_matches('|').split('|').map(str::trim);
            for (column, part) in parts.enumerate().take(columns) {
                align[column] = match (part.starts_with(':'), part.ends_with(':')) {
                    (true, true) => Some(Align::Center),
                    (false, true) => Some(Align::Right),
                    (true, false) => Some(Align::Left),
                    (false, false) => None,
                };
            }
        }
    }
    let body = table.start + 1..table.end;
    (0..columns)
        .map(|column| {
            align[column].unwrap_or_else(|| {
                let mut values = body
                    .clone()
                    .filter_map(|row| cells(article, row).get(column))
                    .map(|cell| &article.text[cell.clone()])
                    .filter(|text| !text.trim().is_empty())
                    .peekable();
                if values.peek().is_some() && values.all(is_numeric) {
                    Align::Right
                } else {
                    Align::Left
                }
            })
        })
        .collect()
}

fn is_delimiter_row(line: &str) -> bool {
    let line = line.trim();
    line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// What a table's columns need: each one's natural width (its widest cell)
/// and its least width (its widest word).
fn measure(article: &Article, table: &std::ops::Range<usize>) -> (Vec<usize>, Vec<usize>) {
    let mut natural: Vec<usize> = Vec::new();
    let mut least: Vec<usize> = Vec::new();
    for row in table.clone() {
        for (i, cell) in cells(article, row).iter().enumerate() {
            let text = &article.text[cell.clone()];
            if natural.len() <= i {
                natural.push(0);
                least.push(0);
            }
            natural[i] = natural[i].max(display_width(text));
            least[i] = least[i].max(longest_word(text));
        }
    }
    (natural, least)
}

/// Shares `room` among columns: all natural widths when they fit; else each
/// column gets its widest word and the room left goes to the columns that
/// would wrap, in proportion to what they lack. `None` when even the widest
/// words do not fit.
fn fit_columns(natural: &[usize], least: &[usize], room: usize) -> Option<Vec<usize>> {
    if natural.iter().sum::<usize>() <= room {
        return Some(natural.to_vec());
    }
    let floor: usize = least.iter().sum();
    let mut left = room.checked_sub(floor)?;
    let lacking: usize = natural.iter().zip(least).map(|(n, l)| n - l).sum();
    let mut widths: Vec<usize> = least.to_vec();
    for (i, width) in widths.iter_mut().enumerate() {
        let extra = (natural[i] - least[i]) * (room - floor) / lacking.max(1);
        let extra = extra.min(left);
        *width += extra;
        left -= extra;
    }
    // Rounding leaves a few columns over: give them to the widest gaps.
    while left > 0 {
        let Some(i) = (0..widths.len())
            .filter(|&i| widths[i] < natural[i])
            .max_by_key(|&i| natural[i] - widths[i])
        else {
            break;
        };
        widths[i] += 1;
        left -= 1;
    }
    Some(widths)
}

/// How row `block` of `table` is drawn in `width` columns. A table whose
/// cells do not fit `width` side by side may spread up to `wide` columns
/// (the window's width beside a capped text column); one too narrow even
/// then is stacked at `width`, its header row (`None`) wrapped as text.
pub fn table_rows(
    article: &Article,
    table: &MeasuredTable,
    block: usize,
    width: usize,
    wide: usize,
) -> Option<(Vec<Span>, TableRows)> {
    let MeasuredTable {
        rows,
        natural,
        least,
        ..
    } = table;
    let separators = COLUMN_SEPARATOR.width() * natural.len().saturating_sub(1);
    // As wide as the table wants, never narrower than the text column.
    let room = (natural.iter().sum::<usize>() + separators).clamp(width, wide.max(width));
    let fitted = room
        .checked_sub(separators)
        .and_then(|room| fit_columns(natural, least, room));
    let row_cells = cells(article, block);
    match fitted {
        Some(columns) => Some(columns_rows(
            &article.text,
            row_cells,
            columns,
            table.align.clone(),
            table.header && block == rows.start && rows.len() > 1,
        )),
        None if table.header && block != rows.start => {
            let headers: Vec<String> = cells(article, rows.start)
                .iter()
                .map(|cell| article.text[cell.clone()].to_string())
                .collect();
            let mut stacked = stacked_rows(&article.text, row_cells, &headers, width);
            // A blank row between one stacked record and the next.
            if block + 1 < rows.end {
                let end = stacked.0.last().map_or(0, |l| l.end);
                let spacer: Span = end..end;
                stacked.0.push(spacer.clone());
                stacked.1.cells.push(vec![spacer]);
                stacked.1.labels.push(String::new());
            }
            Some(stacked)
        }
        // The header row itself, or a table without one, wraps as text.
        None => None,
    }
}

/// A row's cells wrapped in their columns.
fn columns_rows(
    text: &str,
    cells: &[Span],
    columns: Vec<usize>,
    align: Vec<Align>,
    rule_after: bool,
) -> (Vec<Span>, TableRows) {
    let wrapped: Vec<Vec<Span>> = cells
        .iter()
        .zip(&columns)
        .map(|(cell, &w)| wrap_range(text, cell.clone(), w))
        .collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let mut rows = Vec::with_capacity(height + 1);
    let mut lines = Vec::with_capacity(height + 1);
    for r in 0..height {
        let row: Vec<Span> = wrapped
            .iter()
            .map(|cell| cell.get(r).cloned().unwrap_or(0..0))
            .collect();
        let present = row.iter().filter(|p| p.end > 0);
        let start = present.clone().map(|p| p.start).min().unwrap_or(0);
        let end = present.map(|p| p.end).max().unwrap_or(start);
        lines.push(start..end);
        rows.push(row);
    }
    if rule_after {
        let end = lines.last().map_or(0, |l| l.end);
        lines.push(end..end);
        rows.push(Vec::new());
    }
    (
        lines,
        TableRows {
            columns,
            align,
            cells: rows,
            labels: Vec::new(),
            rule_after,
        },
    )
}

/// A body row as `header: value` lines, each value wrapped after its label.
/// A header too long to leave the value's longest word room beside it goes
/// on lines of its own (wrapped at its words), the value below it.
fn stacked_rows(
    text: &str,
    cells: &[Span],
    headers: &[String],
    width: usize,
) -> (Vec<Span>, TableRows) {
    let mut lines = Vec::new();
    let mut rows = Vec::new();
    let mut labels = Vec::new();
    let mut push = |label: String, line: Span| {
        labels.push(label);
        rows.push(vec![line.clone()]);
        lines.push(line);
    };
    for (i, cell) in cells.iter().enumerate() {
        let header = headers.get(i).map_or("", |h| h.as_str());
        let label = if header.is_empty() {
            String::new()
        } else {
            format!("{header}: ")
        };
        let value = &text[cell.clone()];
        let beside = label.width() + longest_word(value).max(1) <= width;
        let (indent, room) = if beside {
            (label.width(), width - label.width())
        } else {
            // The label alone, wrapped at its own words, then the value.
            let label = format!("{header}:");
            for piece in wrap_range(&label, 0..label.len(), width) {
                push(label[piece].to_string(), cell.start..cell.start);
            }
            (0, width)
        };
        for (n, line) in wrap_range(text, cell.clone(), room.max(1))
            .into_iter()
            .enumerate()
        {
            let shown = if n == 0 && beside {
                label.clone()
            } else {
                " ".repeat(indent)
            };
            push(shown, line);
        }
    }
    (
        lines,
        TableRows {
            columns: vec![width],
            align: vec![Align::Left],
            cells: rows,
            labels,
            rule_after: false,
        },
    )
}

/// The spans of display row `row` of a table row: cells padded to their
/// columns and aligned, a stacked row's label, or the rule under the header.
pub fn table_row_spans<'a>(
    spans: &mut Vec<Styled<'a>>,
    table: &TableRows,
    row: usize,
    styled: impl Fn(Span) -> Vec<Styled<'a>>,
    width_of: impl Fn(Span) -> usize,
    styles: &Styles,
) {
    if table.rule_after && row + 1 == table.cells.len() {
        let rule: Vec<String> = table.columns.iter().map(|&w| "─".repeat(w)).collect();
        spans.push(Styled::styled(rule.join(RULE_CROSSING), styles.dim()));
        return;
    }
    let Some(cells) = table.cells.get(row) else {
        return;
    };
    if let Some(label) = table.labels.get(row) {
        spans.push(Styled::styled(label.clone(), styles.strong()));
    }
    for (i, (cell, &width)) in cells.iter().zip(&table.columns).enumerate() {
        if i > 0 {
            spans.push(Styled::styled(COLUMN_SEPARATOR, styles.dim()));
        }
        let pad = width.saturating_sub(width_of(cell.clone()));
        let (before, after) = match table.align.get(i) {
            Some(Align::Right) => (pad, 0),
            Some(Align::Center) => (pad / 2, pad - pad / 2),
            _ => (0, pad),
        };
        if before > 0 {
            spans.push(Styled::raw(" ".repeat(before)));
        }
        spans.extend(styled(cell.clone()));
        // The last column needs no padding after it unless a rule follows.
        if after > 0 && i + 1 < cells.len() {
            spans.push(Styled::raw(" ".repeat(after)));
        }
    }
}

/// Where a block's rows go on screen: the text column, or for a table wider
/// than it, a band of `wide` centred on the column as far as `wide` allows.
/// Shared by drawing and the mouse, so a click lands where the cell is drawn.
pub fn table_area(rows: &BlockRows, text: Rect, wide: Rect) -> Rect {
    let Some(table) = &rows.table else {
        return text;
    };
    let width = (rows.indent as usize + table.drawn_width()).min(wide.width as usize) as u16;
    if width <= text.width {
        return text;
    }
    let centre = text.x + text.width / 2;
    let x = centre
        .saturating_sub(width / 2)
        .clamp(wide.x, wide.x + wide.width - width);
    Rect { x, width, ..text }
}

/// The cell shown `x` columns into display row `row` of a table row (after
/// its indent), and how many columns into the cell's text `x` is.
pub fn cell_at(table: &TableRows, text: &str, row: usize, x: usize) -> Option<(Span, usize)> {
    let cells = table.cells.get(row)?;
    if let Some(label) = table.labels.get(row) {
        let cell = cells.first()?.clone();
        return Some((cell, x.saturating_sub(label.width())));
    }
    let mut start = 0;
    for (i, (cell, &width)) in cells.iter().zip(&table.columns).enumerate() {
        let end = start + width + COLUMN_SEPARATOR.width();
        if x < end || i + 1 == cells.len() {
            let pad = width.saturating_sub(display_width(&text[cell.clone()]));
            let before = match table.align.get(i) {
                Some(Align::Right) => pad,
                Some(Align::Center) => pad / 2,
                _ => 0,
            };
            return Some((cell.clone(), x.saturating_sub(start + before)));
        }
        start = end;
    }
    None
}

#[cfg(test)]
pub(crate) mod tests;
