use super::*;
use crate::article::{Format, parse_source};
use crate::tui::layout::Wrapping;

const BUDGET: &str = "| Item | Cost | Change | Note |\n|:--|--:|:-:|---|\n\
    | Road maintenance | $1,200,000 | -3.5% | Corridor resurfacing on Front Street |\n\
    | Libraries | £2.9m | +9% | Five branches |\n";

fn rows_of(source: &str, width: u16) -> (Article, Wrapping) {
    let article = parse_source("t", Format::Markdown, source);
    (article, Wrapping::new(width))
}

#[test]
fn columns_get_their_words_then_share_the_rest() {
    assert_eq!(fit_columns(&[5, 6], &[5, 6], 45), Some(vec![5, 6]));
    // Every column keeps its widest word; the long one takes what is left.
    let widths = fit_columns(&[4, 30, 40], &[4, 10, 12], 45).unwrap();
    assert_eq!(widths.iter().sum::<usize>(), 45);
    assert!(
        widths[0] == 4 && widths[1] >= 10 && widths[2] >= 12,
        "{widths:?}"
    );
    assert_eq!(fit_columns(&[20, 20], &[15, 15], 20), None);
}

#[test]
fn no_word_or_number_is_broken_when_the_table_fits_its_words() {
    let (article, layout) = rows_of(BUDGET, 50);
    for block in 0..article.blocks.len() {
        let rows = layout.rows(&article, block);
        let table = rows.table.as_ref().expect("drawn as columns");
        for row in &table.cells {
            for cell in row {
                let shown = &article.text[cell.clone()];
                for word in shown.split_whitespace() {
                    assert!(
                        article.text.split_whitespace().any(|w| w == word),
                        "{word:?} was cut"
                    );
                }
            }
        }
    }
}

#[test]
fn alignment_follows_the_delimiter_row_and_numbers_go_right() {
    let (article, layout) = rows_of(BUDGET, 120);
    let rows = layout.rows(&article, 0);
    let table = rows.table.as_ref().unwrap();
    assert_eq!(
        table.align,
        [Align::Left, Align::Right, Align::Center, Align::Left]
    );
    assert!(table.rule_after, "a rule under the header");
    let plain = parse_source(
        "t",
        Format::Markdown,
        "| Year | Riders |\n|---|---|\n| 2023 | 1,200 |\n",
    );
    let layout = Wrapping::new(80);
    let table = layout.rows(&plain, 0);
    assert_eq!(
        table.table.as_ref().unwrap().align,
        [Align::Right, Align::Right]
    );
}

#[test]
fn a_table_too_narrow_for_its_words_stacks_its_rows() {
    let (article, layout) = rows_of(BUDGET, 24);
    let body = layout.rows(&article, 1);
    let table = body.table.as_ref().expect("stacked");
    assert_eq!(table.labels[0], "Item: ");
    assert!(table.labels.iter().any(|l| l == "Note: "));
    for row in &table.cells {
        let shown = &article.text[row[0].clone()];
        for word in shown.split_whitespace() {
            assert!(
                article.text.split_whitespace().any(|w| w == word),
                "{word:?} was cut"
            );
        }
    }
}

/// A council budget table as op-eds print them: long row names, money,
/// percentages and a prose column, natural width about 150 columns.
pub(crate) const WIDE_BUDGET: &str = "## Where the money goes

The proposal moves money from paving to the modes the plan promised.

| Programme | 2024 budget | 2025 proposal | Change | What the council says it buys |
|:--|--:|--:|--:|:--|
| Road resurfacing and pothole repair | $14,200,000 | $12,950,000 | −8.8% | Fewer lane-miles; the worst arterials first, residential streets deferred to 2027 |
| Protected bike lanes | $2,100,000 | $4,800,000 | +128.6% | Harbour Road extension, Canal Street crossing, and the school-route pilot |
| Sidewalk accessibility (curb ramps) | $3,300,000 | $3,300,000 | 0.0% | Court-ordered ramps; no new scope |

Whether that is enough is another question.
";

fn table_blocks(article: &Article) -> Vec<usize> {
    (0..article.blocks.len())
        .filter(|&b| matches!(article.blocks[b].kind, BlockKind::TableRow { .. }))
        .collect()
}

/// Every word shown in a table cell is a whole word of the text.
fn assert_no_word_cut(article: &Article, table: &TableRows) {
    for row in &table.cells {
        for cell in row {
            for word in article.text[cell.clone()].split_whitespace() {
                assert!(
                    article.text.split_whitespace().any(|w| w == word),
                    "{word:?} was cut"
                );
            }
        }
    }
}

#[test]
fn a_table_wider_than_the_text_column_spreads_to_the_window() {
    let article = parse_source("t", Format::Markdown, WIDE_BUDGET);
    let capped = Wrapping::new(80);
    let spread = Wrapping::with_table_width(80, 196);
    for block in table_blocks(&article) {
        let narrow = capped.rows(&article, block);
        let wide = spread.rows(&article, block);
        let (narrow, wide) = (narrow.table.as_ref().unwrap(), wide.table.as_ref().unwrap());
        assert!(narrow.drawn_width() <= 80);
        assert!(wide.drawn_width() > 80, "{}", wide.drawn_width());
        // Room for every cell on one line: no row wraps.
        let rows = wide.cells.len() - usize::from(wide.rule_after);
        assert_eq!(rows, 1, "block {block} wraps at {:?}", wide.columns);
        assert!(narrow.cells.len() > wide.cells.len());
        assert_no_word_cut(&article, wide);
    }
    // A table that fits the column stays the column's width.
    let small = parse_source("t", Format::Markdown, BUDGET);
    let rows = spread.rows(&small, 0);
    assert!(rows.table.as_ref().unwrap().drawn_width() <= 80);
    // Prose still wraps to the column, not the window.
    let prose = article
        .blocks
        .iter()
        .position(|b| b.kind == BlockKind::Paragraph)
        .unwrap();
    let line = spread.line(
        &article,
        crate::tui::layout::Position {
            block: prose,
            row: 0,
        },
    );
    assert!(line.unwrap().len() <= 80);
}

#[test]
fn a_stacked_row_with_a_long_header_stays_inside_the_window() {
    let article = parse_source("t", Format::Markdown, WIDE_BUDGET);
    for width in [20u16, 28, 36] {
        let layout = Wrapping::with_table_width(width, width);
        for block in table_blocks(&article).into_iter().skip(1) {
            let rows = layout.rows(&article, block);
            let table = rows.table.as_ref().expect("stacked");
            assert!(!table.labels.is_empty(), "stacked at {width}");
            for (label, row) in table.labels.iter().zip(&table.cells) {
                let shown = label.width() + display_width(&article.text[row[0].clone()]);
                assert!(
                    shown <= width as usize,
                    "{label:?}{:?} is {shown} wide at {width}",
                    &article.text[row[0].clone()]
                );
            }
            assert_no_word_cut(&article, table);
            // The long header reads whole, over the lines its label takes.
            let label: String = table
                .labels
                .iter()
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join(" ");
            assert!(label.contains("What the council says it buys:"), "{label}");
        }
    }
}

#[test]
fn a_click_on_a_wide_tables_cell_beside_the_column_finds_its_words() {
    use crate::tui::app::{Msg, update};
    use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut s = crate::tui::app::tests::opened(Format::Markdown, WIDE_BUDGET, 160, 20);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 20)).unwrap();
    terminal
        .draw(|frame| crate::tui::view::draw(frame, &s))
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    let (x, y) = (0..20u16)
        .find_map(|y| {
            let row: String = (0..160u16)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            row.find("Road resurfacing").map(|at| (at as u16 + 5, y))
        })
        .expect("the table is drawn");
    assert!(
        x < s.geometry().unwrap().text.x,
        "the cell is left of the text column"
    );
    let mouse = |kind, column| {
        Msg::Mouse(MouseEvent {
            kind,
            column,
            row: y,
            modifiers: KeyModifiers::NONE,
        })
    };
    update(
        &mut s,
        mouse(MouseEventKind::Down(MouseButton::Left), x + 1),
    );
    update(
        &mut s,
        mouse(MouseEventKind::Drag(MouseButton::Left), x + 8),
    );
    update(&mut s, mouse(MouseEventKind::Up(MouseButton::Left), x + 8));
    let reader = s.reader.as_ref().unwrap();
    assert_eq!(reader.article().slice(&reader.target()), "resurfacing");
}
