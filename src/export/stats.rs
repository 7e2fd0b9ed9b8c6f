//! How much of an article is tagged, per section and in total.
//!
//! Each section counts its own blocks: from its heading to the next heading
//! of any level, so nested sections never count the same text twice and the
//! parts add up to the total. Text before the first heading is a part of its
//! own. An annotation counts in the part where its passage starts; its
//! coverage counts wherever its passage runs. Coverage is measured in
//! characters (Unicode scalar values) of block text, and a character tagged
//! twice with one label counts once for that label.

use std::ops::Range;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::{BEFORE_FIRST_HEADING, label_glyph};
use crate::annotate::{Placed, Store};
use crate::article::{Article, BlockKind, Span};
use crate::config::LabelDef;

/// Cells in a section's bar.
pub const BAR_WIDTH: usize = 20;
/// What fills the untagged part of a bar.
const BAR_EMPTY: char = '·';
/// Longest section title shown before it is cut short.
const TITLE_WIDTH: usize = 40;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Label names, in the configuration's order, then any others found.
    pub labels: Vec<String>,
    /// Text before the first heading (when there is any), then each section.
    pub parts: Vec<PartStats>,
    pub total: PartStats,
    /// Annotations whose passage is no longer in the text: in no part.
    pub orphans: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartStats {
    pub title: String,
    /// Nesting depth of the section (0: top level).
    pub depth: u8,
    /// Index into `Article::sections`; `None` for the text before the first
    /// heading and for the total.
    pub section: Option<usize>,
    pub sentences: usize,
    pub words: usize,
    /// Characters of block text, the measure of [`LabelCount::share`].
    pub chars: usize,
    pub annotations: usize,
    pub notes: usize,
    /// Parallel to [`Stats::labels`].
    pub labels: Vec<LabelCount>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct LabelCount {
    /// Annotations with this label starting in the part.
    pub count: usize,
    /// Characters of the part tagged with this label.
    pub chars: usize,
    /// `chars` over the part's characters, 0 to 1.
    pub share: f64,
}

/// A part being counted: its blocks and what has been found in them.
struct Part {
    blocks: Range<usize>,
    stats: PartStats,
}

/// Counts `store`'s annotations on `article`, with labels ordered as `labels`.
pub fn compute(article: &Article, store: &Store, labels: &[LabelDef]) -> Stats {
    count(article, store, labels, true)
}

/// The annotation counts alone (per label and notes), for the export's
/// summary: sentences, words, characters and shares are left at zero, as
/// measuring the text is most of the cost on a long book.
pub(super) fn annotation_counts(article: &Article, store: &Store, labels: &[LabelDef]) -> Stats {
    count(article, store, labels, false)
}

fn count(article: &Article, store: &Store, labels: &[LabelDef], measure_text: bool) -> Stats {
    let placed: Vec<_> = store.overlapping(0..article.text.len()).collect();
    let names = label_order(store, &placed, labels);
    let mut parts = split_parts(article, names.len());
    if measure_text {
        for part in &mut parts {
            count_text(article, part);
        }
    }
    let starts: Vec<usize> = parts
        .iter()
        .map(|p| article.blocks[p.blocks.start].range.start)
        .collect();
    let part_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);

    let mut ranges_by_label: Vec<Vec<Span>> = vec![Vec::new(); names.len()];
    // A passage counts once, and once under each of its labels (a plain
    // note under none).
    for placed in &placed {
        let stats = &mut parts[part_of(placed.range.start)].stats;
        stats.annotations += 1;
        if !placed.annotation.note.trim().is_empty() {
            stats.notes += 1;
        }
        for name in &placed.annotation.labels {
            let label = label_index(&names, name);
            stats.labels[label].count += 1;
            ranges_by_label[label].push(placed.range.clone());
        }
    }
    if measure_text {
        for (label, ranges) in ranges_by_label.iter().enumerate() {
            // `overlapping` yields ranges sorted by start, as the sweep needs.
            let union = merge(ranges);
            count_coverage(article, &mut parts, label, &union);
        }
    }

    let total = totals(&mut parts, names.len());
    Stats {
        labels: names,
        parts: parts.into_iter().map(|p| p.stats).collect(),
        total,
        orphans: store.orphans().count(),
    }
}

/// The configured labels in order, then any other label a passage or an
/// orphan carries, alphabetically.
fn label_order(store: &Store, placed: &[Placed], labels: &[LabelDef]) -> Vec<String> {
    let mut names: Vec<String> = labels.iter().map(|l| l.name.clone()).collect();
    let mut others: Vec<&str> = placed
        .iter()
        .flat_map(|p| &p.annotation.labels)
        .chain(store.orphans().flat_map(|a| &a.labels))
        .map(String::as_str)
        .filter(|name| !names.iter().any(|n| n == name))
        .collect();
    others.sort_unstable();
    others.dedup();
    names.extend(others.into_iter().map(String::from));
    names
}

/// Each part's label shares, and the total over the parts.
fn totals(parts: &mut [Part], label_count: usize) -> PartStats {
    let mut total = PartStats {
        title: "Total".to_string(),
        depth: 0,
        section: None,
        sentences: 0,
        words: 0,
        chars: 0,
        annotations: 0,
        notes: 0,
        labels: vec![LabelCount::default(); label_count],
    };
    for part in parts.iter_mut() {
        for label in &mut part.stats.labels {
            label.share = share(label.chars, part.stats.chars);
        }
        total.sentences += part.stats.sentences;
        total.words += part.stats.words;
        total.chars += part.stats.chars;
        total.annotations += part.stats.annotations;
        total.notes += part.stats.notes;
        for (sum, label) in total.labels.iter_mut().zip(&part.stats.labels) {
            sum.count += label.count;
            sum.chars += label.chars;
        }
    }
    for label in &mut total.labels {
        label.share = share(label.chars, total.chars);
    }
    total
}

fn label_index(names: &[String], label: &str) -> usize {
    names
        .iter()
        .position(|n| n == label)
        .expect("every label found was added to the names")
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The lede before the first heading (if any), then each section's own blocks.
fn split_parts(article: &Article, label_count: usize) -> Vec<Part> {
    let empty = |title: String, depth: u8, section: Option<usize>| PartStats {
        title,
        depth,
        section,
        sentences: 0,
        words: 0,
        chars: 0,
        annotations: 0,
        notes: 0,
        labels: vec![LabelCount::default(); label_count],
    };
    let first_heading = article
        .sections
        .first()
        .map_or(article.blocks.len(), |s| s.heading);
    let mut parts = Vec::new();
    if first_heading > 0 {
        parts.push(Part {
            blocks: 0..first_heading,
            stats: empty(BEFORE_FIRST_HEADING.to_string(), 0, None),
        });
    }
    for (index, section) in article.sections.iter().enumerate() {
        let end = article
            .sections
            .get(index + 1)
            .map_or(article.blocks.len(), |next| next.heading);
        parts.push(Part {
            blocks: section.heading..end,
            stats: empty(section.title.clone(), section.depth, Some(index)),
        });
    }
    parts
}

fn count_text(article: &Article, part: &mut Part) {
    let stats = &mut part.stats;
    stats.sentences = article.taggable_in_blocks(part.blocks.clone());
    for block in &article.blocks[part.blocks.clone()] {
        stats.chars += article.slice(&block.range).chars().count();
        if !matches!(block.kind, BlockKind::Code { .. }) {
            stats.words += article.words(block.range.clone()).count();
        }
    }
}

/// Sorted ranges merged where they overlap or touch.
fn merge(sorted: &[Span]) -> Vec<Span> {
    let mut union: Vec<Span> = Vec::with_capacity(sorted.len());
    for range in sorted {
        match union.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => union.push(range.clone()),
        }
    }
    union
}

/// Adds the characters of each block that `union` covers to its part.
fn count_coverage(article: &Article, parts: &mut [Part], label: usize, union: &[Span]) {
    let mut next = 0;
    for part in parts {
        for block in &article.blocks[part.blocks.clone()] {
            while next < union.len() && union[next].end <= block.range.start {
                next += 1;
            }
            let mut i = next;
            while i < union.len() && union[i].start < block.range.end {
                let start = union[i].start.max(block.range.start);
                let end = union[i].end.min(block.range.end);
                part.stats.labels[label].chars += article.text[start..end].chars().count();
                i += 1;
            }
        }
    }
}

/// A terminal table: one row per part with counts, each label's count and
/// share, and a bar of label glyphs in proportion to the shares.
pub fn render_text(stats: &Stats, article_title: &str, labels: &[LabelDef]) -> String {
    let mut out = String::new();
    let total = &stats.total;
    out.push_str(article_title);
    out.push('\n');
    out.push_str(&format!(
        "{} · {} · {} · {} with notes",
        counted(total.words, "word"),
        counted(total.sentences, "sentence"),
        counted(total.annotations, "annotation"),
        thousands(total.notes),
    ));
    if stats.orphans > 0 {
        out.push_str(&format!(" · {} orphaned", thousands(stats.orphans)));
    }
    out.push_str("\nShares are of each section's characters; a bar cell is 5%.\n\n");

    let glyphs: Vec<&str> = stats
        .labels
        .iter()
        .map(|n| label_glyph(labels, n))
        .collect();
    let headers: Vec<String> = stats
        .labels
        .iter()
        .zip(&glyphs)
        .map(|(name, glyph)| format!("{glyph} {name}"))
        .collect();
    // "12 100%" is the widest a label cell gets.
    let widths: Vec<usize> = headers.iter().map(|h| h.width().max(8)).collect();
    let title_width = stats
        .parts
        .iter()
        .map(|p| 2 * p.depth as usize + p.title.width())
        .max()
        .unwrap_or(0)
        .clamp("Section".len(), TITLE_WIDTH);

    let mut header = pad("Section", title_width);
    header.push_str("  Sentences    Words");
    for (text, width) in headers.iter().zip(&widths) {
        header.push_str("  ");
        header.push_str(&pad(text, *width));
    }
    header.push_str("  Notes");
    out.push_str(header.trim_end());
    out.push('\n');

    let row = |part: &PartStats, title: &str, bar: bool| {
        let mut line = pad(title, title_width);
        line.push_str(&format!(
            "  {:>9}  {:>7}",
            thousands(part.sentences),
            thousands(part.words)
        ));
        for (count, width) in part.labels.iter().zip(&widths) {
            let cell = if count.count == 0 && count.chars == 0 {
                "·".to_string()
            } else {
                format!("{:>2} {:>3.0}%", count.count, count.share * 100.0)
            };
            line.push_str("  ");
            line.push_str(&pad(&cell, *width));
        }
        line.push_str(&format!("  {:>5}", part.notes));
        if bar {
            line.push_str("  ");
            line.push_str(&share_bar(&part.labels, &glyphs));
        }
        line.trim_end().to_string() + "\n"
    };
    for part in &stats.parts {
        let indent = "  ".repeat(part.depth as usize);
        let title = format!("{indent}{}", part.title);
        out.push_str(&row(part, &truncate(&title, title_width), true));
    }
    out.push_str(&row(total, "Total", true));
    out
}

/// `BAR_WIDTH` cells: each label's glyph for its share of the text, then
/// dots. Overlapping labels can add up to more than the whole; then the
/// cells are shared out in proportion.
pub fn share_bar(counts: &[LabelCount], glyphs: &[&str]) -> String {
    let sum: f64 = counts.iter().map(|c| c.share).sum();
    let scale = if sum > 1.0 { 1.0 / sum } else { 1.0 };
    let mut bar = String::new();
    let mut used = 0;
    let mut filled = 0.0;
    for (count, glyph) in counts.iter().zip(glyphs) {
        filled += count.share * scale * BAR_WIDTH as f64;
        // Rounded running totals keep the bar's length exact.
        let upto = (filled.round() as usize).min(BAR_WIDTH);
        let cells = upto.saturating_sub(used);
        let glyph = glyph.chars().next().unwrap_or('#');
        bar.extend(std::iter::repeat_n(glyph, cells));
        used += cells;
    }
    bar.extend(std::iter::repeat_n(BAR_EMPTY, BAR_WIDTH - used));
    bar
}

use crate::text_width::{pad, truncate};

/// "1 word", "1,200 words".
fn counted(n: usize, noun: &str) -> String {
    let plural = if n == 1 { "" } else { "s" };
    format!("{} {noun}{plural}", thousands(n))
}

/// 1234567 → "1,234,567".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Format, parse_source};
    use crate::config::Config;

    const SOURCE: &str = "Lede words here.\n\n# One\n\nAlpha beta gamma. Delta epsilon.\n\n## One A\n\nZeta eta.\n\n# Two\n\nTheta iota kappa.\n";

    fn fixture() -> (Article, tempfile::TempDir, Store) {
        let article = parse_source("t", Format::Markdown, SOURCE);
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("a.json"), &article.text).unwrap();
        (article, dir, store)
    }

    fn range(article: &Article, quote: &str) -> Span {
        let start = article.text.find(quote).unwrap();
        start..start + quote.len()
    }

    #[test]
    fn parts_are_own_blocks_and_add_up() {
        let (article, _dir, mut store) = fixture();
        let claim = store
            .add("claim", range(&article, "Alpha beta"), "Ada")
            .unwrap();
        store.set_note(&claim, "source?").unwrap();
        store
            .add("claim", range(&article, "beta gamma"), "Ada")
            .unwrap();
        store
            .add("opinion", range(&article, "Zeta eta."), "Ada")
            .unwrap();
        store
            .add("rumour", range(&article, "kappa"), "Bob")
            .unwrap();
        let stats = compute(&article, &store, &Config::default().labels);

        assert_eq!(stats.labels, ["claim", "opinion", "speculation", "rumour"]);
        let titles: Vec<_> = stats
            .parts
            .iter()
            .map(|p| (p.title.as_str(), p.depth))
            .collect();
        assert_eq!(
            titles,
            [
                (BEFORE_FIRST_HEADING, 0),
                ("One", 0),
                ("One A", 1),
                ("Two", 0)
            ]
        );
        let one = &stats.parts[1];
        // Taggable sentences only: the heading "One" is not one.
        assert_eq!((one.sentences, one.words, one.notes), (2, 6, 1));
        // "One" + "Alpha beta gamma. Delta epsilon." = 3 + 32 characters;
        // the two claims overlap on "beta" and cover "Alpha beta gamma" once.
        assert_eq!(one.chars, 35);
        assert_eq!(
            one.labels[0],
            LabelCount {
                count: 2,
                chars: 16,
                share: 16.0 / 35.0
            }
        );
        assert_eq!(stats.parts[2].labels[1].chars, "Zeta eta.".len());
        assert_eq!(stats.parts[3].labels[3].count, 1);

        let total = &stats.total;
        assert_eq!(total.words, article.word_count());
        assert_eq!(total.sentences, article.taggable_sentences().len());
        assert_eq!(total.annotations, 4);
        assert_eq!(total.labels[0].count, 2);
        assert_eq!(
            total.chars,
            stats.parts.iter().map(|p| p.chars).sum::<usize>()
        );
    }

    #[test]
    fn bars_fill_in_proportion_and_never_overflow() {
        let count = |share| LabelCount {
            count: 1,
            chars: 1,
            share,
        };
        assert_eq!(
            share_bar(&[count(0.25), count(0.1)], &["◆", "●"]),
            "◆◆◆◆◆●●·············"
        );
        let over = share_bar(&[count(0.9), count(0.9)], &["◆", "●"]);
        assert_eq!(over, "◆◆◆◆◆◆◆◆◆◆●●●●●●●●●●");
        assert_eq!(share_bar(&[], &[]).chars().count(), BAR_WIDTH);
    }

    #[test]
    fn text_table_aligns_columns() {
        let (article, _dir, mut store) = fixture();
        store
            .add("claim", range(&article, "Theta iota kappa."), "Ada")
            .unwrap();
        let stats = compute(&article, &store, &Config::default().labels);
        let text = render_text(&stats, "T", &Config::default().labels);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[1],
            "17 words · 5 sentences · 1 annotation · 0 with notes"
        );
        let header = lines[4];
        let two = lines.iter().find(|l| l.starts_with("Two")).unwrap();
        let column = |line: &str, needle: &str| line[..line.find(needle).unwrap()].width();
        // "Theta iota kappa." is 17 of the part's 20 characters ("Two" too).
        assert_eq!(column(header, "◆ claim"), column(two, " 1  85%"));
        assert!(two.ends_with("◆◆◆◆◆◆◆◆◆◆◆◆◆◆◆◆◆···"), "{two}");
        assert!(lines.iter().any(|l| l.starts_with("  One A")));
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
