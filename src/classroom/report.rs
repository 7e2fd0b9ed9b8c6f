//! Reports as text for a terminal and as markdown. JSON is the structs
//! themselves, serialized by the caller.
//!
//! Everything that came from a file (names, quotes, notes) passes through
//! [`visible_line`] first, so a hostile file cannot drive the terminal.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::class::ClassReport;
use super::compare::{Comparison, PassageDiff};
use crate::article::sanitize::visible_line;

/// How a class report draws its heat map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shading {
    /// Shaded blocks (░▒▓█) beside each count, for a terminal.
    Blocks,
    /// Counts only, for pipes, files and NO_COLOR.
    Counts,
}

impl Shading {
    /// Blocks when standard output is a terminal and NO_COLOR is unset.
    pub fn detect() -> Shading {
        use std::io::IsTerminal;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if std::io::stdout().is_terminal() && !no_color {
            Shading::Blocks
        } else {
            Shading::Counts
        }
    }
}

/// Widest a quoted passage gets in a text report, in columns.
pub(super) const QUOTE_COLUMNS: usize = 72;
/// Widest a sentence excerpt gets in a heat map row, in columns.
const EXCERPT_COLUMNS: usize = 48;

/// "0.73", or "—" when the figure is undefined.
fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.2}"))
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{:.0}%", v * 100.0))
}

/// One line of untrusted text, cut to `columns` with an ellipsis.
pub(super) fn excerpt(text: &str, columns: usize) -> String {
    crate::text_width::excerpt(&visible_line(text), columns)
}

/// Columns two spaces apart; those in `numbers` right-aligned, the rest left.
fn text_table(rows: &[Vec<String>], numbers: std::ops::Range<usize>, out: &mut String) {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let mut line = String::from("  ");
        for (c, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c] - cell.width());
            if c > 0 {
                line.push_str("  ");
            }
            if numbers.contains(&c) {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// Escapes markdown punctuation in untrusted text for a table cell or a line.
fn md(text: &str) -> String {
    let line = visible_line(text);
    let mut out = String::with_capacity(line.len());
    for c in line
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
    {
        if matches!(
            c,
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

// ---- compare ----

/// The columns of a comparison: each share beside the two counts it is
/// made of, so a teacher can check it.
const COMPARE_COLUMNS: [&str; 8] = [
    "label",
    "tagged",
    "matching",
    "precision",
    "key",
    "found",
    "recall",
    "F1",
];

/// What the columns count, under the table.
const COMPARE_LEGEND: [&str; 2] = [
    "precision = matching / tagged: of the student's passages, those that match one of the key's",
    "recall = found / key: of the key's passages, those the student found",
];

/// One student's comparison as text for a terminal.
pub fn compare_text(c: &Comparison) -> String {
    let mut out = String::new();
    let name = visible_line(&c.student);
    let _ = writeln!(
        out,
        "{name} ({}) against the key: {} key passages, {} tagged",
        visible_line(&c.file),
        c.overall.key,
        c.overall.student
    );
    let mut rows = vec![COMPARE_COLUMNS.map(String::from).to_vec()];
    for score in c.labels.iter().chain([&c.overall]) {
        rows.push(vec![
            visible_line(&score.label).into_owned(),
            score.student.to_string(),
            score.matching.to_string(),
            figure(score.scores.precision),
            score.key.to_string(),
            score.found.to_string(),
            figure(score.scores.recall),
            figure(score.scores.f1),
        ]);
    }
    text_table(&rows, 1..COMPARE_COLUMNS.len(), &mut out);
    for line in COMPARE_LEGEND {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(
        out,
        "\n  Sentences: {} compared, {} labelled alike, Cohen's kappa {}",
        c.sentences,
        percent(c.sentence_agreement),
        figure(c.kappa)
    );
    let _ = writeln!(out, "\n  Sentences by label (rows: key, columns: {name})");
    let mut rows = vec![
        std::iter::once(String::new())
            .chain(c.categories.iter().map(|l| visible_line(l).into_owned()))
            .collect::<Vec<_>>(),
    ];
    for (label, counts) in c.categories.iter().zip(&c.confusion.counts) {
        rows.push(
            std::iter::once(visible_line(label).into_owned())
                .chain(counts.iter().map(usize::to_string))
                .collect(),
        );
    }
    text_table(&rows, 1..c.categories.len() + 1, &mut out);
    diff_list(
        &mut out,
        "Missed (in the key, not found)",
        "they said",
        &c.missed,
    );
    diff_list(&mut out, "Extra (not in the key)", "key", &c.extra);
    if !c.orphans.is_empty() {
        let _ = writeln!(out, "\n  No longer in the article ({}):", c.orphans.len());
        for quote in &c.orphans {
            let _ = writeln!(out, "    \"{}\"", excerpt(quote, QUOTE_COLUMNS));
        }
    }
    out
}

fn diff_list(out: &mut String, title: &str, other: &str, diffs: &[PassageDiff]) {
    if diffs.is_empty() {
        let _ = writeln!(out, "\n  {title}: none");
        return;
    }
    let _ = writeln!(out, "\n  {title}: {}", diffs.len());
    let width = diffs.iter().map(|d| d.label.width()).max().unwrap_or(0);
    for d in diffs {
        let label = visible_line(&d.label);
        let pad = " ".repeat(width.saturating_sub(label.width()));
        let _ = write!(
            out,
            "    {label}{pad}  \"{}\"",
            excerpt(&d.quote, QUOTE_COLUMNS)
        );
        if let Some(o) = &d.other_label {
            let _ = write!(out, " ({other}: {})", visible_line(o));
        }
        out.push('\n');
        if !d.note.trim().is_empty() {
            let _ = writeln!(
                out,
                "    {}  note: {}",
                " ".repeat(width),
                excerpt(&d.note, QUOTE_COLUMNS)
            );
        }
    }
}

// ---- class ----

/// The shade for a share of the class: light to full in four steps.
fn shade(share: f64) -> char {
    match share {
        s if s <= 0.0 => ' ',
        s if s <= 0.25 => '░',
        s if s <= 0.5 => '▒',
        s if s <= 0.75 => '▓',
        _ => '█',
    }
}

fn heat_cell(count: usize, students: usize, shading: Shading) -> String {
    match shading {
        Shading::Counts => count.to_string(),
        Shading::Blocks => {
            let s = shade(count as f64 / students.max(1) as f64);
            format!("{s}{s} {count:>2}")
        }
    }
}

fn agreement_line(r: &ClassReport) -> String {
    format!(
        "Fleiss' kappa {}, Krippendorff's alpha {} (over {} sentences)",
        figure(r.fleiss_kappa),
        figure(r.krippendorff_alpha),
        r.sentences.len()
    )
}

/// The label counts of a sentence, largest first: "claim 3 · opinion 1".
pub(super) fn split_of(r: &ClassReport, counts: &[usize]) -> String {
    let mut parts: Vec<(usize, &str)> = counts
        .iter()
        .zip(&r.labels)
        .filter(|(n, _)| **n > 0)
        .map(|(n, l)| (*n, l.as_str()))
        .collect();
    parts.sort_by_key(|part| std::cmp::Reverse(part.0));
    parts
        .iter()
        .map(|(n, l)| format!("{} {n}", visible_line(l)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// "1 student", "4 students".
pub(super) fn student_count(n: usize) -> String {
    format!("{n} student{}", if n == 1 { "" } else { "s" })
}

/// A class report as text for a terminal.
pub fn class_text(r: &ClassReport, shading: Shading) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Class report: {}", visible_line(&r.title));
    let _ = writeln!(
        out,
        "{}{}",
        student_count(r.students.len()),
        r.key
            .as_ref()
            .map(|k| format!("; key: {}", visible_line(k)))
            .unwrap_or_default()
    );
    let names: Vec<String> = r
        .students
        .iter()
        .map(|s| visible_line(&student_and_file(&s.name, &s.file)).into_owned())
        .collect();
    let _ = writeln!(out, "Students: {}", names.join(", "));
    for warning in same_name_warnings(r) {
        let _ = writeln!(out, "Warning: {}", visible_line(&warning));
    }
    let _ = writeln!(out, "Agreement among students: {}", agreement_line(r));

    sentence_table_text(r, shading, &mut out);
    disputed_text(r, &mut out);

    if !r.scores.is_empty() {
        let _ = writeln!(
            out,
            "\nScores against the key (F1 by label, then Cohen's kappa by sentence)"
        );
        let rows = score_rows(r, false);
        let columns = rows[0].len();
        text_table(&rows, 1..columns, &mut out);
    }
    skipped_text(r, &mut out);
    out
}

/// The table of every sentence: how many students chose each label (shaded
/// or counted), the key's label, the sentence.
fn sentence_table_text(r: &ClassReport, shading: Shading, out: &mut String) {
    let _ = writeln!(
        out,
        "\nHow the class labelled each sentence{}",
        match shading {
            Shading::Blocks => " (░ up to a quarter, ▒ half, ▓ three quarters, █ more)",
            Shading::Counts => " (students per label)",
        }
    );
    let mut header: Vec<String> = vec!["#".into()];
    header.extend(r.labels.iter().map(|l| visible_line(l).into_owned()));
    if r.key.is_some() {
        header.push("key".into());
    }
    header.push("sentence".into());
    let mut rows = vec![header];
    for (i, t) in r.sentences.iter().enumerate() {
        let mut row = vec![(i + 1).to_string()];
        row.extend(
            t.counts
                .iter()
                .map(|&n| heat_cell(n, r.students.len(), shading)),
        );
        if let Some(label) = &t.key_label {
            row.push(visible_line(label).into_owned());
        }
        row.push(excerpt(&t.text, EXCERPT_COLUMNS));
        rows.push(row);
    }
    text_table(&rows, 0..r.labels.len() + 1, out);
}

/// The least agreed sentences, with how the class split on each.
fn disputed_text(r: &ClassReport, out: &mut String) {
    if !r.disputed.is_empty() {
        let _ = writeln!(out, "\nMost disputed sentences");
        for &i in &r.disputed {
            let t = &r.sentences[i];
            let _ = writeln!(
                out,
                "  {:>3}  \"{}\"",
                i + 1,
                excerpt(&t.text, QUOTE_COLUMNS)
            );
            let _ = writeln!(
                out,
                "       {}{}",
                split_of(r, &t.counts),
                t.key_label
                    .as_ref()
                    .map(|k| format!("; key: {}", visible_line(k)))
                    .unwrap_or_default()
            );
        }
    }
}

fn skipped_text(r: &ClassReport, out: &mut String) {
    if !r.skipped.is_empty() {
        let _ = writeln!(out, "\nLeft out ({}):", r.skipped.len());
        for (file, reason) in &r.skipped {
            let _ = writeln!(out, "  {}: {}", visible_line(file), visible_line(reason));
        }
    }
    if !r.ignored.is_empty() {
        let _ = writeln!(
            out,
            "\nNot students' files, not read ({}):",
            r.ignored.len()
        );
        for (file, what) in &r.ignored {
            let _ = writeln!(out, "  {}: {}", visible_line(file), visible_line(what));
        }
    }
}

/// "Ada (ada.json)": a report always names the file beside the student.
pub fn student_and_file(name: &str, file: &str) -> String {
    format!("{name} ({file})")
}

/// One sentence per name found in several files (unsanitised).
pub fn same_name_warnings(r: &ClassReport) -> Vec<String> {
    r.same_names
        .iter()
        .map(|same| {
            format!(
                "{} files carry the name \"{}\" ({}): one student handed in twice, or two share a name; check who is who",
                same.files.len(),
                same.name,
                same.files.join(", ")
            )
        })
        .collect()
}

/// Student, F1 per label, F1 overall, kappa.
fn score_rows(r: &ClassReport, markdown: bool) -> Vec<Vec<String>> {
    let labels: Vec<&String> = r.scored_labels();
    let clean = |s: &str| {
        if markdown {
            md(s)
        } else {
            visible_line(s).into_owned()
        }
    };
    let mut header = vec!["student".to_string()];
    header.extend(labels.iter().map(|l| clean(l)));
    header.extend(["all".to_string(), "kappa".to_string()]);
    let mut rows = vec![header];
    for c in &r.scores {
        let mut row = vec![clean(&student_and_file(&c.student, &c.file))];
        row.extend(labels.iter().map(|l| figure(c.f1_of(l))));
        row.push(figure(c.overall.scores.f1));
        row.push(figure(c.kappa));
        rows.push(row);
    }
    rows
}

/// A markdown table; columns `numbers` are right-aligned.
fn md_table(rows: &[Vec<String>], numbers: std::ops::Range<usize>, out: &mut String) {
    for (i, row) in rows.iter().enumerate() {
        let _ = writeln!(out, "| {} |", row.join(" | "));
        if i == 0 {
            let rule: Vec<&str> = (0..row.len())
                .map(|c| if numbers.contains(&c) { "--:" } else { "---" })
                .collect();
            let _ = writeln!(out, "|{}|", rule.join("|"));
        }
    }
}

/// A class report as markdown.
pub fn class_markdown(r: &ClassReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Class report: {}\n", md(&r.title));
    let names: Vec<String> = r
        .students
        .iter()
        .map(|s| md(&student_and_file(&s.name, &s.file)))
        .collect();
    let _ = writeln!(out, "- Students: {} ({})", names.len(), names.join(", "));
    for warning in same_name_warnings(r) {
        let _ = writeln!(out, "- **Warning:** {}", md(&warning));
    }
    if let Some(key) = &r.key {
        let _ = writeln!(out, "- Key: {}", md(key));
    }
    let _ = writeln!(out, "- Agreement among students: {}", agreement_line(r));

    sentence_table_markdown(r, &mut out);
    disputed_markdown(r, &mut out);
    if !r.scores.is_empty() {
        let _ = writeln!(
            out,
            "\n## Scores against the key\n\nF1 by label and overall (passages matched by overlap), and Cohen's kappa by sentence.\n"
        );
        let rows = score_rows(r, true);
        let columns = rows[0].len();
        md_table(&rows, 1..columns, &mut out);
    }
    skipped_markdown(r, &mut out);
    out
}

/// The table of every sentence, as in the text report.
fn sentence_table_markdown(r: &ClassReport, out: &mut String) {
    let _ = writeln!(
        out,
        "\n## How the class labelled each sentence\n\nStudents per label; ░ up to a quarter of the class, ▒ up to half, ▓ up to three quarters, █ more.\n"
    );
    let mut header = vec!["#".to_string(), "Sentence".to_string()];
    header.extend(r.labels.iter().map(|l| md(l)));
    if r.key.is_some() {
        header.push("Key".into());
    }
    let mut rows = vec![header];
    for (i, t) in r.sentences.iter().enumerate() {
        let mut row = vec![(i + 1).to_string(), md(&t.text)];
        row.extend(t.counts.iter().map(|&n| {
            let s = shade(n as f64 / r.students.len().max(1) as f64);
            if n == 0 {
                "0".to_string()
            } else {
                format!("{s} {n}")
            }
        }));
        if let Some(label) = &t.key_label {
            row.push(md(label));
        }
        rows.push(row);
    }
    md_table(&rows, 2..2 + r.labels.len(), out);
}

/// The least agreed sentences, numbered, with how the class split.
fn disputed_markdown(r: &ClassReport, out: &mut String) {
    if !r.disputed.is_empty() {
        let _ = writeln!(out, "\n## Most disputed sentences\n");
        for (rank, &i) in r.disputed.iter().enumerate() {
            let t = &r.sentences[i];
            let key = t
                .key_label
                .as_ref()
                .map(|k| format!("; key: {}", md(k)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{}. Sentence {}: {}\n   ({}{key})",
                rank + 1,
                i + 1,
                md(&t.text),
                md(&split_of(r, &t.counts)),
            );
        }
    }
}

/// The files left out, and those that were not students' files.
fn skipped_markdown(r: &ClassReport, out: &mut String) {
    if !r.skipped.is_empty() {
        let _ = writeln!(out, "\n## Left out\n");
        for (file, reason) in &r.skipped {
            let _ = writeln!(out, "- {}: {}", md(file), md(reason));
        }
    }
    if !r.ignored.is_empty() {
        let _ = writeln!(out, "\n## Not students' files, not read\n");
        for (file, what) in &r.ignored {
            let _ = writeln!(out, "- {}: {}", md(file), md(what));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_fit_and_are_inert() {
        assert_eq!(excerpt("short\n text", 20), "short text");
        let cut = excerpt("The council spent a great deal of money", 16);
        assert_eq!(cut, "The council…");
        assert!(cut.width() <= 16);
        assert_eq!(excerpt("a\u{1b}[2Jb", 20), "a␛[2Jb");
        assert_eq!(excerpt("東京東京東京", 7), "東京東…");
    }

    #[test]
    fn markdown_cells_escape_pipes_and_markup() {
        assert_eq!(md("a | b *c* [d]"), "a \\| b \\*c\\* \\[d\\]");
    }

    /// A student's one passage over two of the key's: one passage tagged
    /// and matching, two of the key's found. Each share sits beside the
    /// two counts it divides, and the legend says so.
    #[test]
    fn compare_columns_show_what_each_share_is_made_of() {
        use crate::article::{Format, parse_source};
        use crate::classroom::tests::passage;
        use crate::classroom::{Tagging, compare, label_names};
        let article = parse_source(
            "t.md",
            Format::Markdown,
            "Rents may rise. Wages could fall. It will go on.\n",
        );
        let tagging = |name: &str, quotes: &[&str]| Tagging {
            name: name.into(),
            file: format!("{name}.json").into(),
            is_key: name == "key",
            passages: quotes
                .iter()
                .map(|q| passage(&article, "speculation", q))
                .collect(),
            orphans: vec![],
            notices: vec![],
        };
        let key = tagging(
            "key",
            &["Rents may rise.", "Wages could fall.", "It will go on."],
        );
        let student = tagging("ada", &["Rents may rise. Wages could fall."]);
        let labels = label_names(["claim", "opinion", "speculation"], [&key, &student]);
        let text = compare_text(&compare(&article, &key, &student, &labels, 0.5));
        let row = |name: &str| -> Vec<&str> {
            text.lines()
                .map(str::split_whitespace)
                .map(Iterator::collect::<Vec<_>>)
                .find(|cells| cells.first() == Some(&name))
                .unwrap_or_else(|| panic!("no {name} row in\n{text}"))
        };
        assert_eq!(
            row("label"),
            [
                "label",
                "tagged",
                "matching",
                "precision",
                "key",
                "found",
                "recall",
                "F1"
            ]
        );
        assert_eq!(
            row("speculation"),
            ["speculation", "1", "1", "1.00", "3", "2", "0.67", "0.80"]
        );
        assert!(
            text.contains("precision = matching / tagged") && text.contains("recall = found / key"),
            "{text}"
        );
    }

    #[test]
    fn shades_step_by_quarters() {
        let shades: String = [0.0, 0.1, 0.25, 0.5, 0.6, 1.0].map(shade).iter().collect();
        assert_eq!(shades, " ░░▒▓█");
    }
}
