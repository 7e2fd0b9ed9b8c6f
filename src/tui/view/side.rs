//! The side panel: the notes of what is on screen, the note being written,
//! orphaned annotations, and the legend of labels.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::annotate::{Annotation, Placement};
use crate::article::Span as TextSpan;
use crate::article::sanitize::visible_line;
use crate::classroom::Hint;
use crate::config::{Config, LabelDef};
use crate::tui::app::State;
use crate::tui::reader::{AnswerKeyView, Focus, Reader};
use crate::tui::theme::Styles;

use super::legend;
use super::rows::wrap_lines;
use super::status::truncate;

pub fn draw(frame: &mut Frame, state: &State, reader: &Reader, styles: &Styles, area: Rect) {
    let focused = reader.focus() == Focus::Side;
    // In a window too narrow for the text beside it the panel is the
    // window: say how to get back.
    let title = if area.width >= state.size.0 && state.size.0 > 0 {
        " Notes · s or Tab back to the text "
    } else {
        " Notes "
    };
    let block = Block::new()
        .borders(Borders::LEFT)
        .border_style(styles.border(focused))
        .title(Line::from(title).style(styles.border(focused)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let legend_entries: Vec<legend::Entry> = state
        .labels_with_keys()
        .map(|(key, label)| legend::Entry {
            key: key.to_string(),
            glyph: label.glyph.clone(),
            name: visible_line(&label.name).into_owned(),
        })
        .collect();
    // Two rows where the panel is tall enough to spare them.
    let legend_rows = match inner.height {
        0..=6 => Vec::new(),
        7..=14 => legend::fit(&legend_entries, inner.width as usize, 1),
        _ => legend::fit(&legend_entries, inner.width as usize, 2),
    };
    let legend_height = legend_rows.len() as u16;
    let [list_area, legend_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(legend_height)]).areas(inner);
    let width = list_area.width.saturating_sub(1) as usize;
    let lines = notes_lines(state, reader, styles, width);
    let rows = wrap_lines(lines, list_area.width as usize, list_area.height as usize);
    frame.render_widget(Paragraph::new(rows), list_area);
    if legend_height > 0 {
        let labels: Vec<&LabelDef> = state.labels_with_keys().map(|(_, l)| l).collect();
        let mut index = 0;
        let mut lines = Vec::new();
        for row in legend_rows {
            let mut spans = Vec::new();
            for (mark, name) in row {
                if !spans.is_empty() {
                    spans.push(Span::raw(" "));
                }
                spans.push(Span::styled(mark, styles.label(labels[index])));
                spans.push(Span::raw(name));
                index += 1;
            }
            lines.push(Line::from(spans));
        }
        frame.render_widget(Paragraph::new(lines).style(styles.dim()), legend_area);
    }
}

/// The panel's list: why the file is read-only, the key, the annotations on
/// screen, the hints and the orphans.
fn notes_lines<'a>(
    state: &'a State,
    reader: &'a Reader,
    styles: &Styles,
    width: usize,
) -> Vec<Line<'a>> {
    let config = &state.config;
    let mut lines: Vec<Line> = Vec::new();
    if let Some(reason) = reader.store().read_only_reason() {
        lines.push(Line::from(Span::styled(
            format!("read-only: {}", visible_line(&reason.to_string())),
            styles.error(),
        )));
        lines.push(Line::default());
    }
    let on_screen = reader.on_screen();
    match reader.answer_key() {
        Some(key) if key.is_hidden() => {
            lines.push(Line::from(Span::styled(
                "Exercise: tag the article, then press Ctrl-S twice to hand it in and see the key.",
                styles.dim(),
            )));
            lines.push(Line::default());
        }
        Some(key) => push_answer_key(&mut lines, key, on_screen.clone(), config, styles, width),
        None => {}
    }
    let under_cursor = reader.annotation_under_cursor();
    let mut shown = 0;
    for placed in reader.store().overlapping(on_screen.clone()) {
        let current = under_cursor.as_deref() == Some(placed.annotation.id.as_str());
        let now = Placed {
            text: reader
                .article()
                .text
                .get(placed.range.clone())
                .unwrap_or_default(),
            placement: &placed.resolution.placement,
            show_old_quote: state.show_old_quotes,
        };
        push_annotation(
            &mut lines,
            placed.annotation,
            Some(now),
            current,
            config,
            styles,
            width,
        );
        shown += 1;
    }
    if shown == 0 {
        lines.push(Line::from(Span::styled(
            "Nothing tagged on this screen.",
            styles.dim(),
        )));
        lines.push(Line::from(Span::styled(
            "v selects, a label key tags, a adds a note.",
            styles.dim(),
        )));
    }
    if let Some(hints) = reader.hints() {
        let hints = hints.for_text(reader.article(), &state.hint_rules, on_screen.clone());
        push_hints(&mut lines, reader, &hints, on_screen, config, styles);
    }
    let orphans: Vec<&Annotation> = reader.store().orphans().collect();
    if !orphans.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            format!("Orphaned ({}): passage no longer found", orphans.len()),
            styles.error(),
        )));
        for orphan in orphans {
            push_annotation(&mut lines, orphan, None, false, config, styles, width);
        }
    }
    lines
}

/// The key beside the reader's tags: the scores, then the key's passages
/// on screen, found (✓) or missed (✗), with the teacher's explanations.
fn push_answer_key(
    lines: &mut Vec<Line<'_>>,
    key: &AnswerKeyView,
    on_screen: TextSpan,
    config: &Config,
    styles: &Styles,
    width: usize,
) {
    let c = key.comparison();
    let percent = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{:.0}%", v * 100.0));
    lines.push(Line::from(Span::styled("Against the key", styles.strong())));
    lines.push(Line::from(format!(
        "found {} of {} · extra {} · F1 {}",
        c.overall.found,
        c.overall.key,
        c.extra.len(),
        percent(c.overall.scores.f1)
    )));
    lines.push(Line::from(format!(
        "sentences agree {} · κ {}",
        percent(c.sentence_agreement),
        c.kappa.map_or("–".to_string(), |k| format!("{k:.2}"))
    )));
    lines.push(Line::default());
    for placed in key.store().overlapping(on_screen) {
        // Each of the passage's labels is found or missed on its own; a
        // plain note of the key is neither.
        let labels = &placed.annotation.labels;
        let missed: Vec<&str> = c
            .missed
            .iter()
            .filter(|m| m.range == placed.range)
            .map(|m| m.label.as_str())
            .collect();
        let shown = config.shown_labels(labels);
        let label = &shown[0];
        let (mark, mark_style) = match missed.len() {
            _ if labels.is_empty() => (String::new(), styles.dim()),
            0 => ("✓ found".to_string(), styles.label(label)),
            n if n == labels.len() => ("✗ missed".to_string(), styles.error()),
            _ => (format!("✗ missed {}", missed.join(", ")), styles.error()),
        };
        let mut spans = vec![Span::styled("key ", styles.dim())];
        spans.extend(label_spans(&shown, styles));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(mark, mark_style));
        lines.push(Line::from(spans));
        let quote = visible_line(&placed.annotation.anchor.quote);
        lines.push(Line::from(Span::styled(
            format!(
                "“{}”",
                truncate(&quote, width.saturating_mul(2).saturating_sub(4))
            ),
            styles.quote(),
        )));
        for line in note_rows(&placed.annotation.note, width) {
            lines.push(Line::from(Span::styled(line, styles.dim())));
        }
        lines.push(Line::default());
    }
}

/// Hints for the sentences on screen: what each may be, and why.
fn push_hints(
    lines: &mut Vec<Line<'_>>,
    reader: &Reader,
    hints: &[Hint],
    on_screen: TextSpan,
    config: &Config,
    styles: &Styles,
) {
    let shown: Vec<&Hint> = hints
        .iter()
        .filter(|h| {
            let range = &reader.article().sentences[h.sentence].range;
            range.start < on_screen.end && range.end > on_screen.start
        })
        .collect();
    lines.push(Line::from(Span::styled(
        format!("Hints on screen ({}): cues, not answers", shown.len()),
        styles.dim(),
    )));
    for hint in shown {
        let label = config.label_or_fallback(&hint.label);
        let words: Vec<String> = hint
            .triggers
            .iter()
            .map(|t| crate::classroom::hints::trigger_text(t, |s| visible_line(s).into_owned()))
            .collect();
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {}? ", label.glyph, label.name),
                styles.label(&label),
            ),
            Span::styled(words.join(", "), styles.dim()),
        ]));
    }
    lines.push(Line::default());
}

/// More rows than any panel has: a note's lines past these, and the part of
/// a line that would wrap past them, are never drawn, so they are not
/// prepared (a note can be many megabytes).
const MOST_NOTE_ROWS: usize = 500;

/// The lines of a note as the panel draws them: inert, and no more than fit.
fn note_rows(note: &str, width: usize) -> impl Iterator<Item = String> + '_ {
    let most_chars = MOST_NOTE_ROWS.saturating_mul(width.max(1));
    note.lines().take(MOST_NOTE_ROWS).map(move |line| {
        let shown = line
            .char_indices()
            .nth(most_chars)
            .map_or(line, |(cut, _)| &line[..cut]);
        visible_line(shown).into_owned()
    })
}

/// Where a listed annotation's passage is now.
struct Placed<'a> {
    /// The passage as the text reads now.
    text: &'a str,
    placement: &'a Placement,
    show_old_quote: bool,
}

/// A passage's labels, `◆ claim ● opinion`, each in its colour.
pub fn label_spans<'a>(shown: &[std::borrow::Cow<'_, LabelDef>], styles: &Styles) -> Vec<Span<'a>> {
    let mut spans = Vec::with_capacity(shown.len() * 2);
    for (i, label) in shown.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(
            format!("{} {}", label.glyph, visible_line(&label.name)),
            styles.label(label),
        ));
    }
    spans
}

/// An annotation as the panel shows it: label, the passage (shortened), the note.
fn push_annotation<'a>(
    lines: &mut Vec<Line<'a>>,
    annotation: &Annotation,
    placed: Option<Placed>,
    current: bool,
    config: &Config,
    styles: &Styles,
    width: usize,
) {
    let shown = config.shown_labels(&annotation.labels);
    let marker = if current { "▶ " } else { "" };
    let mut spans = vec![Span::styled(marker, styles.label(&shown[0]))];
    spans.extend(label_spans(&shown, styles));
    spans.push(Span::styled(
        format!("  {}", visible_line(&annotation.annotator)),
        styles.dim(),
    ));
    let re_anchored = placed.as_ref().and_then(|p| match p.placement {
        Placement::Moved(_) => Some("↷ moved".to_string()),
        Placement::Fuzzy { score, .. } => Some(format!("≈ reworded, {:.0}% alike", score * 100.0)),
        Placement::Exact(_) | Placement::Orphan => None,
    });
    if let Some(mark) = &re_anchored {
        spans.push(Span::styled(format!("  {mark}"), styles.error()));
    }
    lines.push(Line::from(spans));
    // The passage as it reads now; an orphan has only the quote it was made on.
    let room = width.saturating_mul(2).saturating_sub(4);
    let now = placed
        .as_ref()
        .map_or(annotation.anchor.quote.as_str(), |p| p.text);
    lines.push(Line::from(Span::styled(
        format!("“{}”", truncate(&visible_line(now), room)),
        styles.quote(),
    )));
    if let Some(placed) = placed
        .as_ref()
        .filter(|p| p.text != annotation.anchor.quote)
    {
        let old = if placed.show_old_quote {
            format!(
                "was: “{}”",
                truncate(&visible_line(&annotation.anchor.quote), room)
            )
        } else {
            "Q shows the quote it was made on".to_string()
        };
        lines.push(Line::from(Span::styled(old, styles.dim())));
    }
    for line in note_rows(&annotation.note, width) {
        lines.push(Line::from(line));
    }
    lines.push(Line::default());
}
