//! `suggest`'s report, written a hint at a time as the hints are found:
//! neither the hints nor the report are ever held whole, so a 15 MB
//! article costs its own size in memory and no more.
//!
//! Everything that came from a file (the title, the sentences, the cues'
//! words) passes through [`visible_line`] first, and JSON through
//! [`crate::output::escaped`], so a hostile file cannot drive the terminal.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::hints::{Hint, Rules, suggestions};
use super::report::{QUOTE_COLUMNS, excerpt};
use crate::article::Article;
use crate::article::sanitize::visible_line;

/// How many hints the text report holds, at most, before it knows how wide
/// its label column is (the widest label hinted anywhere in the article).
/// Past that it reads on for the width alone, then finds the rest again.
pub const HELD_HINTS: usize = 1024;

/// The hints as text: each hinted sentence, then a line with its label and
/// cues, labels padded to the widest one hinted. `hold` is how many hints
/// may wait for that width to be known (see [`HELD_HINTS`]); it changes
/// nothing in the output, only the memory and time it takes.
pub fn write_hints_text(
    out: &mut dyn Write,
    article: &Article,
    rules: &Rules,
    rules_name: &str,
    hold: usize,
) -> io::Result<()> {
    writeln!(
        out,
        "Hints for \"{}\" (rules: {}). Hints are cues to weigh, not answers.",
        visible_line(&article.meta.title),
        visible_line(rules_name)
    )?;
    let sentences = 0..article.sentences.len();
    // Until the widest label the rules have turns up, a later hint may
    // still widen the column: hold the hints found so far.
    let widest = rules.labels().iter().map(|l| l.width()).max().unwrap_or(0);
    let mut width = 0;
    let mut held = Vec::new();
    let mut found_again_from = None;
    let mut any = false;
    let mut found = suggestions(article, rules, sentences.clone());
    for hint in found.by_ref() {
        any = true;
        width = width.max(hint.label.width());
        if held.len() < hold {
            held.push(hint);
        } else if found_again_from.is_none() {
            found_again_from = Some(hint.sentence);
        }
        if width >= widest {
            break;
        }
    }
    for hint in &held {
        write_hint(out, article, hint, width)?;
    }
    drop(held);
    let rest: Box<dyn Iterator<Item = Hint>> = match found_again_from {
        Some(sentence) => Box::new(suggestions(article, rules, sentence..sentences.end)),
        None => Box::new(found),
    };
    for hint in rest {
        write_hint(out, article, &hint, width)?;
    }
    if !any {
        out.write_all(b"\nNo hints: no rule's cue appears in the article.\n")?;
    }
    Ok(())
}

/// One hinted sentence: its number and text, then its label and its cues
/// in first-seen order, each with its words (a cue on the sentence's form,
/// such as a statement, has no words to quote).
fn write_hint(out: &mut dyn Write, article: &Article, hint: &Hint, width: usize) -> io::Result<()> {
    let text = article.slice(&article.sentences[hint.sentence].range);
    writeln!(
        out,
        "\n{:>4}  {}",
        hint.sentence + 1,
        excerpt(text, QUOTE_COLUMNS)
    )?;
    let mut cues: Vec<(&str, Vec<String>)> = Vec::new();
    for t in &hint.triggers {
        let words = t
            .words
            .chars()
            .any(char::is_alphanumeric)
            .then(|| format!("\"{}\"", visible_line(&t.words)));
        match cues.iter_mut().find(|(cue, _)| *cue == t.cue) {
            Some((_, list)) => list.extend(words),
            None => cues.push((&t.cue, words.into_iter().collect())),
        }
    }
    let cues: Vec<String> = cues
        .into_iter()
        .map(|(cue, words)| match words.is_empty() {
            true => visible_line(cue).into_owned(),
            false => format!("{}: {}", visible_line(cue), words.join(", ")),
        })
        .collect();
    let label = visible_line(&hint.label);
    let pad = " ".repeat(width.saturating_sub(label.width()));
    writeln!(out, "      {label}{pad}  {}", cues.join("; "))
}

/// The hints as one pretty JSON array, the same bytes as
/// [`crate::output::json`] of them all, written one hint at a time.
pub fn write_hints_json(
    out: &mut dyn Write,
    hints: impl Iterator<Item = Hint>,
) -> anyhow::Result<()> {
    let mut first = true;
    for hint in hints {
        // Pretty JSON strings hold no raw line break, so indenting each
        // line nests the hint one level into the array.
        let json = serde_json::to_string_pretty(&hint)?;
        out.write_all(if first { b"[\n" } else { b",\n" })?;
        for (i, line) in json.lines().enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(b"  ")?;
            out.write_all(crate::output::escaped(line).as_bytes())?;
        }
        first = false;
    }
    out.write_all(if first { b"[]\n" } else { b"\n]\n" })?;
    Ok(())
}
