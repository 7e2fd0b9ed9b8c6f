//! The reading pane: wrapped rows of the article, with block decorations,
//! inline styles, search matches and the cursor's sentence.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::article::{self, Block, BlockKind, InlineStyle};
use crate::tui::app::{HeaderRow, State};
use crate::tui::layout::{BlockRows, RowAt, display_width};
use crate::tui::reader::Reader;
use crate::tui::table::{table_area, table_row_spans};
use crate::tui::theme::Styles;

/// A style laid over a byte range; later layers win.
type Layer = (article::Span, Style);

/// Draws the text column `area`; a table wider than it spreads over `wide`.
pub fn draw(
    frame: &mut Frame,
    state: &State,
    reader: &Reader,
    styles: &Styles,
    area: Rect,
    wide: Rect,
) {
    let article = reader.article();
    let pane = Pane {
        state,
        reader,
        styles,
        hints: reader
            .hints()
            .map(|h| h.for_text(article, &state.hint_rules, reader.on_screen())),
        width: area.width,
    };
    let mut drawn = 0;
    // Glyphs that did not fit the margin of their passage's first row go
    // on the rows below it, so a third label (or a key's mark) still shows.
    let mut carried: Vec<Span> = Vec::new();
    let mut pos = reader.top();
    while drawn < area.height && pos.block < article.blocks.len() {
        let rows = reader.wrapping().rows(article, pos.block);
        let row_area = table_area(&rows, area, wide);
        for row in pos.row.. {
            if drawn >= area.height {
                break;
            }
            // Glyphs of the labels whose passages start on the row go in
            // the margin left of its text.
            let (line, glyphs) = match rows.row(&article.text, row) {
                RowAt::Text(range) => pane.row(pos.block, &rows, row, &range),
                RowAt::Gap => (Line::default(), Vec::new()),
                RowAt::Past => break,
            };
            carried.extend(glyphs);
            let fits = carried.len().min(usize::from(GUTTER_WIDTH));
            let glyphs = Line::from(carried.drain(..fits).collect::<Vec<_>>()).right_aligned();
            let at = Rect {
                y: area.y + drawn,
                height: 1,
                ..row_area
            };
            frame.render_widget(Paragraph::new(line).style(styles.base()), at);
            if at.x >= GUTTER_WIDTH {
                let margin = Rect {
                    x: at.x - GUTTER_WIDTH,
                    width: GUTTER_WIDTH,
                    ..at
                };
                frame.render_widget(Paragraph::new(glyphs), margin);
            }
            drawn += 1;
        }
        pos = crate::tui::layout::Position {
            block: pos.block + 1,
            row: 0,
        };
    }
}

/// The header above the text: the title in bold, its dek as a quote, the
/// byline (who wrote it, where and when) dimmed, each cut to fit.
pub fn draw_header(frame: &mut Frame, rows: &[HeaderRow], styles: &Styles, area: Rect) {
    let lines: Vec<Line> = rows
        .iter()
        .map(|row| {
            let (text, style) = match row {
                HeaderRow::Title(title) => (title.as_str(), styles.strong()),
                HeaderRow::Subtitle(dek) => (dek.as_str(), styles.quote()),
                HeaderRow::Byline(byline) => (byline.as_str(), styles.dim()),
                HeaderRow::Blank => ("", styles.dim()),
            };
            let text = crate::text_width::truncate(
                &crate::article::sanitize::visible_line(text),
                usize::from(area.width),
            );
            Line::from(Span::styled(text, style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// What every row of the pane is drawn from.
struct Pane<'a> {
    state: &'a State,
    reader: &'a Reader,
    styles: &'a Styles<'a>,
    /// The hints of the text on screen, when shown.
    hints: Option<std::rc::Rc<Vec<crate::classroom::Hint>>>,
    width: u16,
}

impl<'a> Pane<'a> {
    /// One row of text, and the glyphs for its margin: those of the
    /// passages that start on it (more than the margin may hold).
    fn row(
        &self,
        block_index: usize,
        rows: &BlockRows,
        row: usize,
        range: &article::Span,
    ) -> (Line<'a>, Vec<Span<'a>>) {
        let (article, styles) = (self.reader.article(), self.styles);
        let block = &article.blocks[block_index];
        let mut spans = decoration(block, row == 0, rows.indent, styles);
        if block.kind == BlockKind::Rule {
            let width = (self.width.saturating_sub(rows.indent)) as usize;
            spans.push(Span::styled("─".repeat(width), styles.dim()));
            return (Line::from(spans), Vec::new());
        }
        let mut layers: Vec<Layer> = article
            .inlines_in(range.clone())
            .map(|inline| (inline.range.clone(), inline_style(&inline.style, styles)))
            .collect();
        let glyphs = self.tag_layers(range, &mut layers);
        self.highlight_layers(range, &mut layers);
        let block_style = block_style(block, styles);
        match &rows.table {
            Some(table) => table_row_spans(
                &mut spans,
                table,
                row,
                |cell| styled_spans(&article.text, cell, block_style, &layers),
                |cell| display_width(&article.text[cell]),
                styles,
            ),
            None => spans.extend(styled_spans(
                &article.text,
                range.clone(),
                block_style,
                &layers,
            )),
        }
        (Line::from(spans), glyphs)
    }

    /// Layers for the reader's tags and the key's missed passages on a
    /// row; the margin's glyphs for those that start on it (with ✓, ? or
    /// ✗ against a key).
    fn tag_layers(&self, range: &article::Span, layers: &mut Vec<Layer>) -> Vec<Span<'a>> {
        let (state, reader, styles) = (self.state, self.reader, self.styles);
        let starts_here = |span: &article::Span| {
            span.start >= range.start && span.start < range.end.max(range.start + 1)
        };
        let key = reader.shown_answer_key();
        // Key passages the reader missed, under the reader's own tags;
        // their ✗ goes after the reader's own marks in the margin.
        let mut missed_here = false;
        for missed in key.iter().flat_map(|k| &k.comparison().missed) {
            if missed.range.start < range.end && missed.range.end > range.start {
                let label = state.config.label_or_fallback(&missed.label);
                layers.push((missed.range.clone(), styles.missed(&label)));
                missed_here |= starts_here(&missed.range);
            }
        }
        let mut glyphs = Vec::new();
        // Longer passages first, so a shorter one inside shows on top.
        let mut placed: Vec<_> = reader.store().overlapping(range.clone()).collect();
        placed.sort_by_key(|p| std::cmp::Reverse(p.range.len()));
        for p in &placed {
            let shown = state.config.shown_labels(&p.annotation.labels);
            // The passage's text takes its first label's colour.
            layers.push((p.range.clone(), styles.tagged(&shown[0])));
            if !starts_here(&p.range) {
                continue;
            }
            for label in &shown {
                glyphs.push(Span::styled(label.glyph.clone(), styles.label(label)));
            }
            let label = &shown[0];
            // Against a key: ✓ where the tag matches it, ? where it does
            // not; a plain note is no tag, so neither.
            if let Some(key) = key.filter(|_| !p.annotation.labels.is_empty()) {
                let (mark, style) = if key.is_extra(&p.range) {
                    ("?", styles.error())
                } else {
                    ("✓", styles.label(label))
                };
                glyphs.push(Span::styled(mark, style));
            }
        }
        if missed_here {
            glyphs.push(Span::styled("✗", styles.error()));
        }
        glyphs
    }

    /// Layers for hint triggers, search matches, the cursor and the
    /// selection on a row, in that order (later ones win).
    fn highlight_layers(&self, range: &article::Span, layers: &mut Vec<Layer>) {
        let (reader, styles) = (self.reader, self.styles);
        for hint in self.hints.iter().flat_map(|h| h.iter()) {
            for trigger in &hint.triggers {
                if trigger.range.start < range.end && trigger.range.end > range.start {
                    layers.push((trigger.range.clone(), styles.hint()));
                }
            }
        }
        let search = reader.search();
        let first_match = search.matches().first_ending_after(range.start);
        for (i, m) in search.matches().spans_from(first_match).enumerate() {
            if m.start >= range.end {
                break;
            }
            let style = if search.current() == Some(first_match + i) {
                styles.search_current()
            } else {
                styles.search()
            };
            layers.push((m, style));
        }
        layers.push((reader.cursor_span(), styles.cursor()));
        if let Some(selection) = reader.selection() {
            layers.push((selection.range(), styles.selection()));
        }
    }
}

/// Columns left of the text that show label glyphs.
const GUTTER_WIDTH: u16 = 2;

/// Quote bars, list markers and footnote labels before a block's text, in
/// the block's `indent` columns. A window too narrow for them all (the
/// wrapper leaves the text at least one column) shows what fits, never
/// over the text.
fn decoration<'a>(block: &Block, first_row: bool, indent: u16, styles: &Styles) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let mut room = indent as usize;
    let mut push = |piece: &str, style: Style| {
        let shown = crate::text_width::fit(piece, room);
        room -= display_width(shown);
        if !shown.is_empty() {
            spans.push(Span::styled(shown.to_string(), style));
        }
    };
    for _ in 0..block.quote_depth {
        push("│ ", styles.quote());
    }
    let marker = match &block.kind {
        BlockKind::ListItem { depth, marker } => {
            let pad = " ".repeat(2 * *depth as usize);
            let shown = if first_row { marker.as_str() } else { "" };
            Some(format!("{pad}{shown}"))
        }
        BlockKind::Footnote { label } if first_row => Some(format!("[{label}]")),
        _ => None,
    };
    if let Some(marker) = marker {
        push(&marker, styles.dim());
    }
    if room > 0 {
        spans.push(Span::raw(" ".repeat(room)));
    }
    spans
}

fn block_style(block: &Block, styles: &Styles) -> Style {
    let base = if block.quote_depth > 0 {
        styles.quote()
    } else {
        Style::new()
    };
    match &block.kind {
        BlockKind::Heading { level } => styles.heading(*level),
        BlockKind::Code { .. } => styles.code(),
        BlockKind::TableRow { header: true, .. } => base.patch(styles.strong()),
        BlockKind::Footnote { .. } => styles.dim(),
        _ => base,
    }
}

fn inline_style(style: &InlineStyle, styles: &Styles) -> Style {
    match style {
        InlineStyle::Emphasis => styles.emphasis(),
        InlineStyle::Strong => styles.strong(),
        InlineStyle::Strikethrough => {
            Style::new().add_modifier(ratatui::style::Modifier::CROSSED_OUT)
        }
        InlineStyle::Code => styles.code(),
        InlineStyle::Link { .. } | InlineStyle::FootnoteRef { .. } => styles.link(),
    }
}

/// Cuts `range` of `text` where any layer starts or ends, and styles each
/// piece with every layer covering it, in order.
pub fn styled_spans<'a>(
    text: &'a str,
    range: article::Span,
    base: Style,
    layers: &[Layer],
) -> Vec<Span<'a>> {
    let mut cuts = vec![range.start, range.end];
    for (span, _) in layers {
        for cut in [span.start, span.end] {
            if cut > range.start && cut < range.end && text.is_char_boundary(cut) {
                cuts.push(cut);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| {
            let style = layers
                .iter()
                .filter(|(span, _)| span.start <= w[0] && span.end >= w[1] && span.start < span.end)
                .fold(base, |style, (_, layer)| style.patch(*layer));
            Span::styled(&text[w[0]..w[1]], style)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    #[test]
    fn layers_cut_and_stack() {
        let text = "one two three";
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let italic = Style::new().add_modifier(Modifier::ITALIC);
        let spans = styled_spans(text, 0..13, Style::new(), &[(4..13, bold), (0..7, italic)]);
        let pieces: Vec<_> = spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style))
            .collect();
        assert_eq!(
            pieces,
            [
                ("one ", italic),
                ("two", bold.patch(italic)),
                (" three", bold)
            ]
        );
    }
}
