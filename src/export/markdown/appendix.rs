//! The appendix of a markdown export: the summary of labels per section and
//! the numbered list of every annotation, orphans last.

use super::escape::{escape_line, escape_one_line};
use super::source_map::Construct;
use super::{
    APPENDIX_LINE, ENTRY_META_PREFIX, EntryMeta, NOTE_LINE, Placement, comment,
    glyphs_and_names_line,
};
use crate::annotate::Annotation;
use crate::config::LabelDef;
use crate::export::stats::{self, Stats};
use crate::export::{Listing, label_glyph};

/// The appendix, from its opening line; `placements` are those of
/// `listing.placed`, in order.
pub(super) fn write_appendix(
    out: &mut String,
    listing: &Listing,
    placements: &[Placement],
    stats: &Stats,
    labels: &[LabelDef],
) {
    out.push_str(APPENDIX_LINE);
    // `***`, not `---`: a `---` in the article could open a metadata block
    // that a `---` here would close.
    out.push_str("\n\n***\n\n## Annotations\n\n");
    write_summary(out, listing, stats, labels);
    if !listing.placed.is_empty() {
        out.push_str("\n### Passages\n");
        for (entry, placement) in listing.placed.iter().zip(placements) {
            let section = listing.section_path(entry.section);
            let listed = Listed {
                number: entry.number,
                annotation: entry.annotation,
                section: Some(&section),
                meta: EntryMeta {
                    start: placement.moved.map(|_| entry.range.start),
                    ..entry_meta(entry.annotation, false)
                },
                passage: listing.passage(entry),
                moved: placement.moved,
                marked: placement.marked,
            };
            write_entry(out, &listed, labels);
        }
    }
    if !listing.orphans.is_empty() {
        out.push_str(
            "\n### Orphaned annotations\n\nTheir passages are no longer in the article; \
             they are kept here with what they quoted.\n",
        );
        for (i, annotation) in listing.orphans.iter().enumerate() {
            let listed = Listed {
                number: listing.orphan_number(i),
                annotation,
                section: None,
                meta: entry_meta(annotation, true),
                passage: &annotation.anchor.quote,
                moved: None,
                marked: false,
            };
            write_entry(out, &listed, labels);
        }
    }
}

fn entry_meta(annotation: &Annotation, with_anchor: bool) -> EntryMeta {
    EntryMeta {
        id: annotation.id.clone(),
        labels: annotation.labels.clone(),
        label: None,
        annotator: annotation.annotator.clone(),
        created: annotation.created,
        modified: annotation.modified,
        anchor: with_anchor.then(|| annotation.anchor.clone()),
        start: None,
    }
}

/// Counts per label for each part of the article that has annotations.
fn write_summary(out: &mut String, listing: &Listing, stats: &Stats, labels: &[LabelDef]) {
    let total = &stats.total;
    if total.annotations == 0 {
        out.push_str("No passages are annotated.\n");
    } else {
        out.push_str(&format!(
            "Annotated passages: {}, with notes: {}. Counts by section:\n\n| Section |",
            total.annotations, total.notes
        ));
        for name in &stats.labels {
            let glyph = label_glyph(labels, name);
            out.push_str(&format!(
                " {} |",
                escape_one_line(&format!("{glyph} {name}"))
            ));
        }
        out.push_str(" Notes |\n| :-- |");
        out.push_str(&" --: |".repeat(stats.labels.len() + 1));
        out.push('\n');
        let row = |out: &mut String, title: &str, part: &stats::PartStats| {
            out.push_str(&format!("| {title} |"));
            for count in &part.labels {
                out.push_str(&format!(" {} |", count.count));
            }
            out.push_str(&format!(" {} |\n", part.notes));
        };
        for part in stats.parts.iter().filter(|p| p.annotations > 0) {
            let title = escape_one_line(&listing.section_path(part.section));
            row(out, &title, part);
        }
        row(out, "**Total**", total);
    }
    if stats.orphans > 0 {
        out.push_str(&format!(
            "\nOrphaned annotations, listed at the end: {}.\n",
            stats.orphans
        ));
    }
}

/// One list entry: a header line (number, label, section, annotator and,
/// hidden from readers, what import needs), the passage quoted, the note.
/// What one entry of the list shows.
struct Listed<'a> {
    number: usize,
    annotation: &'a Annotation,
    /// `None` for orphans.
    section: Option<&'a str>,
    meta: EntryMeta,
    passage: &'a str,
    /// Why the markers could not stand exactly at the passage's edges.
    moved: Option<Construct>,
    marked: bool,
}

fn write_entry(out: &mut String, listed: &Listed, labels: &[LabelDef]) {
    let Listed {
        number,
        annotation,
        section,
        meta,
        passage,
        moved,
        marked,
    } = listed;
    out.push_str(&format!(
        "\n{number}. {}",
        glyphs_and_names_line(labels, &annotation.labels, true)
    ));
    if let Some(section) = section {
        out.push_str(&format!(" · *{}*", escape_one_line(section)));
    }
    if let Some(why) = moved {
        let what = why.describe();
        out.push_str(&if *marked {
            format!(" · markers moved: the passage begins or ends in {what}, where a marker would change the article")
        } else {
            format!(" · not marked in the text: the passage is in {what}, and no place near it takes a marker")
        });
    }
    out.push_str(&format!(
        " · {} {}\n",
        escape_one_line(&annotation.annotator),
        comment(ENTRY_META_PREFIX, meta)
    ));
    let indent = entry_indent(*number);
    write_entry_quote(out, &indent, passage);
    if !annotation.note.is_empty() {
        out.push('\n');
        out.push_str(&indent);
        out.push_str(NOTE_LINE);
        out.push('\n');
        write_entry_quote(out, &indent, &annotation.note);
    }
}

/// What lines inside entry `number` are indented by: the width of `N. `,
/// so they stay in the entry's list item.
pub(in crate::export) fn entry_indent(number: usize) -> String {
    " ".repeat(number.to_string().len() + 2)
}

/// Every line of `text` as a quote line under a list entry; blank lines
/// stay (as `>` alone), so the text reads back exactly.
fn write_entry_quote(out: &mut String, indent: &str, text: &str) {
    for line in text.split('\n') {
        out.push_str(indent);
        out.push('>');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(&escape_line(line));
        }
        out.push('\n');
    }
}
