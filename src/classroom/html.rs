//! A class report as one self-contained, printable HTML page, built from
//! the export's page pieces (`crate::export::html`): the article as a heat
//! map of how the class labelled each sentence, with the key's label beside
//! it; each student's scores; the class's agreement; the most disputed
//! passages with the key's notes; and a confusion table.
//!
//! Everything that came from a file goes through [`escape`].

use std::collections::HashMap;
use std::fmt::Write as _;

use super::class::ClassReport;
use super::report::{same_name_warnings, split_of, student_and_file, student_count};
use crate::article::{Article, Span};
use crate::config::LabelDef;
use crate::export::article_html::{ARTICLE_CSS, Layer, article_blocks};
use crate::export::html::{
    LabelStyle, escape, label_badge, label_css, label_styles, page, style_for,
};

/// Styles of the report's own parts; the page and labels bring the rest.
const REPORT_CSS: &str = r#"
.article { border: 1px solid var(--rule); padding: 0.5rem 1.25rem; }
.article p, .article pre, .article table { margin: 0.6rem 0; }
.s { border-radius: 0.2rem; padding: 0.05em 0.1em; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
.article .badge { margin-left: 0.25rem; font-size: 0.7rem; }
.legend span.swatch { display: inline-block; width: 2.2rem; height: 1rem; vertical-align: middle;
  border: 1px solid var(--rule); margin-right: 0.2rem; }
.legend { margin: 0.5rem 0 1rem; }
.warning { border-left: 4px solid #b35900; padding: 0.3rem 0.8rem; background: #fff4e5; }
ol.disputed > li { margin-bottom: 0.9rem; break-inside: avoid; }
.note { color: var(--dim); margin: 0.2rem 0 0 1rem; }
table.scores td:first-child { overflow-wrap: anywhere; min-width: 8rem; }
table.scores td.count, table.scores td:nth-child(2) { white-space: nowrap; }
table.scores th .badge { margin-left: 0.2rem; }
section { break-inside: auto; }
h2 { margin-top: 2rem; }
"#;

/// "0.73", or "—".
fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.2}"))
}

/// `colour` (`#rrggbb`) mixed with white: `strength` 0 is white, 1 the colour.
fn mix_with_white(colour: &str, strength: f64) -> String {
    let channel = |i: usize| u8::from_str_radix(&colour[i..i + 2], 16).unwrap_or(0) as f64;
    let mix = |c: f64| (255.0 - (255.0 - c) * strength).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(channel(1)),
        mix(channel(3)),
        mix(channel(5))
    )
}

/// The background for a sentence most of whose taggers chose a label:
/// stronger as more of the class chose it, never so dark that black text
/// is hard to read.
fn heat(style: &LabelStyle, share: f64) -> String {
    mix_with_white(&style.colour, 0.12 + 0.48 * share.clamp(0.0, 1.0))
}

struct Context<'a> {
    report: &'a ClassReport,
    styles: Vec<LabelStyle>,
    defs: &'a [LabelDef],
}

impl Context<'_> {
    fn badge(&self, name: &str) -> String {
        let glyph = crate::config::label_glyph(self.defs, name);
        label_badge(style_for(&self.styles, name), name, glyph)
    }

    /// "claim 3 · opinion 1", largest first, as the text report says it.
    fn split(&self, counts: &[usize]) -> String {
        split_of(self.report, counts)
    }
}

/// The whole page. `labels` are the configured label definitions (for
/// glyphs and colours); labels found only in files are drawn in grey.
pub fn class_html(article: &Article, r: &ClassReport, labels: &[LabelDef]) -> String {
    let defs: Vec<LabelDef> = r.labels[..r.labels.len() - 1]
        .iter()
        .map(|name| crate::config::label_or_fallback(labels, name).into_owned())
        .collect();
    let cx = Context {
        report: r,
        styles: label_styles(&defs),
        defs: &defs,
    };
    let mut body = String::new();
    header(&cx, &mut body);
    scores(&cx, &mut body);
    heat_map(&cx, article, &mut body);
    disputed(&cx, &mut body);
    confusion(&cx, &mut body);
    files(&cx, &mut body);
    let css = format!("{REPORT_CSS}{ARTICLE_CSS}{}", label_css(&cx.styles));
    page(&format!("Class report: {}", r.title), "en", &css, &body)
}

fn header(cx: &Context, out: &mut String) {
    let r = cx.report;
    let _ = writeln!(out, "<h1>Class report: {}</h1>", escape(&r.title));
    let students: Vec<String> = r
        .students
        .iter()
        .map(|s| escape(&student_and_file(&s.name, &s.file)))
        .collect();
    let _ = writeln!(
        out,
        "<p class=\"meta\">{}: {}.{}</p>",
        student_count(r.students.len()),
        students.join(", "),
        r.key
            .as_ref()
            .map(|k| format!(" Answer key: {}.", escape(k)))
            .unwrap_or_default()
    );
    for warning in same_name_warnings(r) {
        let _ = writeln!(out, "<p class=\"warning\">{}</p>", escape(&warning));
    }
    let _ = writeln!(
        out,
        "<h2>Class agreement</h2>\n<table><tr><th>Fleiss' kappa</th><td class=\"count\">{}</td></tr>\
         <tr><th>Krippendorff's alpha</th><td class=\"count\">{}</td></tr>\
         <tr><th>Sentences compared</th><td class=\"count\">{}</td></tr></table>\n\
         <p class=\"meta\">How far the students agree with each other on each sentence's label, beyond chance: 1 is perfect, 0 is chance.</p>",
        figure(r.fleiss_kappa),
        figure(r.krippendorff_alpha),
        r.sentences.len()
    );
}

fn scores(cx: &Context, out: &mut String) {
    let r = cx.report;
    if r.scores.is_empty() {
        return;
    }
    let used: Vec<&String> = r.scored_labels();
    out.push_str("<h2>Students against the key</h2>\n<table class=\"scores\">\n<tr><th>Student</th><th>File</th>");
    for label in &used {
        let _ = write!(out, "<th class=\"count\">F1 {}</th>", cx.badge(label));
    }
    out.push_str("<th class=\"count\">Precision</th><th class=\"count\">Recall</th><th class=\"count\">F1</th><th class=\"count\">Kappa</th></tr>\n");
    for c in &r.scores {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td>",
            escape(&c.student),
            escape(&c.file)
        );
        for label in &used {
            let f1 = c.f1_of(label);
            let _ = write!(out, "<td class=\"count\">{}</td>", figure(f1));
        }
        let _ = writeln!(
            out,
            "<td class=\"count\">{}</td><td class=\"count\">{}</td><td class=\"count\">{}</td><td class=\"count\">{}</td></tr>",
            figure(c.overall.scores.precision),
            figure(c.overall.scores.recall),
            figure(c.overall.scores.f1),
            figure(c.kappa)
        );
    }
    out.push_str("</table>\n<p class=\"meta\">Precision, recall and F1: passages matched with the key's by overlap. Kappa: Cohen's, sentence by sentence.</p>\n");
}

fn heat_map(cx: &Context, article: &Article, out: &mut String) {
    let r = cx.report;
    let students = r.students.len().max(1);
    let by_sentence: HashMap<usize, usize> = r
        .sentences
        .iter()
        .enumerate()
        .map(|(i, t)| (t.sentence, i))
        .collect();
    out.push_str("<h2>The article, as the class labelled it</h2>\n<p class=\"legend\">");
    for (i, style) in cx.styles.iter().enumerate() {
        let _ = write!(
            out,
            "<span class=\"swatch\" style=\"background:{}\"></span><span class=\"swatch\" style=\"background:{}\"></span>{} &nbsp; ",
            heat(style, 0.25),
            heat(style, 1.0),
            escape(&r.labels[i])
        );
    }
    out.push_str("<br>Each sentence is shaded in the colour of the label most of the class gave it, darker as more students agreed; unshaded sentences the class left untagged.");
    if r.key.is_some() {
        out.push_str(
            " The badge after a sentence is the key's label (none: the key leaves it untagged).",
        );
    }
    out.push_str("</p>\n<div class=\"article\">\n");
    // The article drawn as the HTML export draws it, each counted sentence
    // a shaded layer over it.
    let sentences = &article.sentences;
    let layers = |span: Span| -> Vec<Layer> {
        let first = sentences.partition_point(|s| s.range.end <= span.start);
        (first..sentences.len())
            .take_while(|&s| sentences[s].range.start < span.end)
            .filter_map(|s| {
                let &i = by_sentence.get(&s)?;
                Some(sentence_layer(cx, i, students, sentences[s].range.clone()))
            })
            .collect()
    };
    article_blocks(article, &layers, |_, html| {
        out.push_str(&html);
        out.push('\n');
    });
    out.push_str("</div>\n");
}

/// Sentence `i` of the report as a layer: shaded in the colour of the
/// label most of the class gave it, its tooltip the class's split, the
/// key's label as a badge after it.
fn sentence_layer(cx: &Context, i: usize, students: usize, range: Span) -> Layer {
    let t = &cx.report.sentences[i];
    let untagged = t.counts.len() - 1;
    let top = (0..untagged).max_by_key(|&l| (t.counts[l], std::cmp::Reverse(l)));
    let shade = top
        .filter(|&l| t.counts[l] > 0)
        .map(|l| (l, t.counts[l] as f64 / students as f64));
    let mut title = format!("Sentence {}: {}", i + 1, cx.split(&t.counts));
    if let Some(key) = &t.key_label {
        let _ = write!(title, "; key: {key}");
    }
    let style = shade
        .map(|(l, share)| format!(" style=\"background:{}\"", heat(&cx.styles[l], share)))
        .unwrap_or_default();
    let open = format!("<span class=\"s\" title=\"{}\"{style}>", escape(&title));
    let after = t
        .key_label
        .as_deref()
        .filter(|k| *k != cx.report.labels[untagged])
        .map(|key| cx.badge(key))
        .unwrap_or_default();
    Layer {
        range,
        reopen: open.clone(),
        open,
        after,
        close: "</span>",
    }
}

fn disputed(cx: &Context, out: &mut String) {
    let r = cx.report;
    if r.disputed.is_empty() {
        return;
    }
    out.push_str("<h2>Most disputed passages</h2>\n<ol class=\"disputed\">\n");
    for &i in &r.disputed {
        let t = &r.sentences[i];
        let _ = write!(
            out,
            "<li><blockquote>{}</blockquote>Sentence {}. The class: {}.",
            escape(&t.text),
            i + 1,
            escape(&cx.split(&t.counts))
        );
        if let Some(key) = &t.key_label {
            let _ = write!(out, " The key: {}.", cx.badge(key));
        }
        for note in &t.key_notes {
            let _ = write!(out, "<p class=\"note\">Key's note: {}</p>", escape(note));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}

fn confusion(cx: &Context, out: &mut String) {
    let r = cx.report;
    let Some(confusion) = &r.confusion else {
        return;
    };
    out.push_str("<h2>Sentences by label: the key against the class</h2>\n<table>\n<tr><th>key ↓ · class →</th>");
    for label in &r.labels {
        let _ = write!(out, "<th class=\"count\">{}</th>", escape(label));
    }
    out.push_str("</tr>\n");
    for (label, row) in r.labels.iter().zip(&confusion.counts) {
        let _ = write!(out, "<tr><th>{}</th>", escape(label));
        for count in row {
            let _ = write!(out, "<td class=\"count\">{count}</td>");
        }
        out.push_str("</tr>\n");
    }
    let _ = writeln!(
        out,
        "</table>\n<p class=\"meta\">Each student's label for each sentence, counted against the key's: {} students × {} sentences.</p>",
        r.students.len(),
        r.sentences.len()
    );
}

fn files(cx: &Context, out: &mut String) {
    let r = cx.report;
    for (title, list) in [
        ("Left out (damaged)", &r.skipped),
        ("Not students' files, not read", &r.ignored),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "<h2>{title}</h2>\n<ul>");
        for (file, why) in list {
            let _ = writeln!(out, "<li>{}: {}</li>", escape(file), escape(why));
        }
        out.push_str("</ul>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_stay_light_enough_to_read() {
        assert_eq!(mix_with_white("#000000", 0.0), "#ffffff");
        assert_eq!(mix_with_white("#204080", 1.0), "#204080");
        let style = LabelStyle {
            name: "claim".into(),
            glyph: "◆".into(),
            colour: "#000000".into(),
            class: "label-0".into(),
        };
        // Full agreement: 60% of black at most, so text stays legible.
        assert_eq!(heat(&style, 1.0), "#666666");
        assert!(heat(&style, 0.25) > heat(&style, 1.0));
    }
}
