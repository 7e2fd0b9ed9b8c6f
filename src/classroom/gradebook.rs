//! The gradebook: one CSV row per student, for a spreadsheet or a school's
//! gradebook to import.
//!
//! RFC 4180 (CRLF, quoted fields), a header row, plain decimals with a point
//! whatever the locale, and empty cells for figures that are undefined. Names
//! come from students' files, so they are made visible (no control
//! characters) and a leading `=`, `+`, `-` or `@` is defused with a quote
//! mark, so that a spreadsheet never runs a name as a formula.

use super::class::ClassReport;
use crate::article::sanitize::visible_line;
use crate::export::push_csv_field;

/// The columns before the per-label F1 columns.
/// Each share follows the two counts it is made of, as in `compare`:
/// precision = matching / tagged, recall = found / key passages.
const LEADING: [&str; 10] = [
    "student",
    "file",
    "tagged",
    "matching",
    "precision",
    "key passages",
    "found",
    "recall",
    "F1",
    "kappa",
];

/// The gradebook of a report with a key; `None` without one (there is
/// nothing to grade against).
pub fn gradebook_csv(r: &ClassReport) -> Option<String> {
    r.key.as_ref()?;
    let labels: Vec<&String> = r.scored_labels();
    let mut out = String::new();
    let mut header: Vec<String> = LEADING.iter().map(|s| s.to_string()).collect();
    header.extend(labels.iter().map(|l| format!("F1 {}", visible_line(l))));
    header.push("sentences alike".into());
    push_row(&mut out, &header);
    for c in &r.scores {
        let mut row = vec![
            spreadsheet_text(&c.student),
            spreadsheet_text(&c.file),
            c.overall.student.to_string(),
            c.overall.matching.to_string(),
            number(c.overall.scores.precision),
            c.overall.key.to_string(),
            c.overall.found.to_string(),
            number(c.overall.scores.recall),
            number(c.overall.scores.f1),
            number(c.kappa),
        ];
        row.extend(labels.iter().map(|l| number(c.f1_of(l))));
        row.push(number(c.sentence_agreement));
        push_row(&mut out, &row);
    }
    Some(out)
}

fn push_row(out: &mut String, fields: &[String]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_csv_field(out, field);
    }
    out.push_str("\r\n");
}

/// Three decimals, or an empty cell.
fn number(value: Option<f64>) -> String {
    value.map_or_else(String::new, |v| format!("{v:.3}"))
}

/// Untrusted text for a cell: one visible line that no spreadsheet reads
/// as a formula.
fn spreadsheet_text(text: &str) -> String {
    let line = visible_line(text);
    let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.starts_with(['=', '+', '-', '@']) {
        format!("'{line}")
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_never_formulas_or_controls() {
        assert_eq!(spreadsheet_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_text("Ada\u{1b}[31m"), "Ada␛[31m");
        assert_eq!(spreadsheet_text("  Ada\n Lovelace "), "Ada Lovelace");
        assert_eq!(number(None), "");
        assert_eq!(number(Some(2.0 / 3.0)), "0.667");
    }
}
