//! How well hints do, measured on sentences labelled by hand
//! (`tests/fixtures/hint-sentences.tsv`, split into a development half
//! and a test half before any rule was tuned; see docs/HINTS.md).
//!
//! A sentence counts as right when its one hinted label is the gold one,
//! or it has no hint and its gold label is "none".

use std::collections::BTreeMap;

use serde::Serialize;

use super::hints::Rules;
use crate::article::{Format, parse_source};

/// The label of a sentence that is none of the rules' labels: the one the
/// rules use for cues against every label.
pub const NONE: &str = super::hints::NO_HINT;

/// A sentence labelled by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledSentence {
    /// "dev" (rules may be tuned on it) or "test" (never looked at while tuning).
    pub half: String,
    /// Where the sentence was taken from.
    pub source: String,
    /// claim, opinion, speculation or none.
    pub label: String,
    pub text: String,
}

/// The half a source belongs in. Sources from the project's corpus
/// (`corpus:…`, `web:…`) were split by the parity of the SHA-256 hash of
/// the name as written, before any rule was tuned: even is development,
/// odd is test. Prose added later from outside the corpus (crate READMEs,
/// the Rust book, stored web pages) only ever went to the development
/// half, so the test half stays as it was first drawn.
pub fn half_of_source(source: &str) -> &'static str {
    use sha2::{Digest, Sha256};
    let from_corpus = source.starts_with("corpus:") || source.starts_with("web:");
    if !from_corpus {
        return "dev";
    }
    let digest = Sha256::digest(source.as_bytes());
    if digest[digest.len() - 1] % 2 == 0 {
        "dev"
    } else {
        "test"
    }
}

/// Reads the labelled set: tab-separated `half`, `source`, `label`,
/// `sentence`, after a header line.
pub fn parse_labelled(tsv: &str) -> Result<Vec<LabelledSentence>, String> {
    tsv.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            let fields: Vec<&str> = line.splitn(4, '\t').collect();
            match fields[..] {
                [half, source, label, text] if half == "dev" || half == "test" => {
                    Ok(LabelledSentence {
                        half: half.to_string(),
                        source: source.to_string(),
                        label: label.to_string(),
                        text: text.to_string(),
                    })
                }
                _ => Err(format!(
                    "line {}: expected half (dev or test), source, label and sentence",
                    index + 1
                )),
            }
        })
        .collect()
}

/// How hints are read off the cues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every label with a cue in the sentence is hinted, as hints were
    /// before one label was chosen per sentence (the "before" figures).
    AnyCue,
    /// The one label [`Rules::choose`] picks, if any.
    OneLabel,
}

/// The labels hinted for one sentence, read on its own.
pub fn hinted_labels(rules: &Rules, text: &str, mode: Mode) -> Vec<String> {
    let article = parse_source("sentence.txt", Format::PlainText, text);
    let triggers = rules.triggers(&article, 0..article.text.len());
    match mode {
        Mode::AnyCue => {
            let mut labels: Vec<String> = triggers
                .into_iter()
                .map(|t| t.label)
                .filter(|label| label != NONE)
                .collect();
            labels.sort();
            labels.dedup();
            labels
        }
        Mode::OneLabel => rules.choose(&triggers).into_iter().collect(),
    }
}

/// One label's counts, "none" included (hinted: no hint at all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct LabelCounts {
    pub gold: usize,
    pub hinted: usize,
    pub both: usize,
}

impl LabelCounts {
    pub fn precision(&self) -> Option<f64> {
        (self.hinted > 0).then(|| self.both as f64 / self.hinted as f64)
    }
    pub fn recall(&self) -> Option<f64> {
        (self.gold > 0).then(|| self.both as f64 / self.gold as f64)
    }
}

/// The figures for a set of sentences.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Measure {
    pub sentences: usize,
    pub right: usize,
    /// claim, opinion, speculation and none.
    pub labels: BTreeMap<String, LabelCounts>,
    /// Gold label → what was hinted (a label, [`NONE`] for no hint, or
    /// [`SEVERAL`]) → how many sentences.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

/// In the confusion table: more than one label hinted (the old rules).
pub const SEVERAL: &str = "several";

impl Measure {
    pub fn accuracy(&self) -> Option<f64> {
        (self.sentences > 0).then(|| self.right as f64 / self.sentences as f64)
    }
}

/// Measures `rules` on `sentences`; `on_each` sees every sentence with
/// its hinted labels (to list the errors).
pub fn measure<'a>(
    rules: &Rules,
    sentences: impl IntoIterator<Item = &'a LabelledSentence>,
    mode: Mode,
    mut on_each: impl FnMut(&LabelledSentence, &[String]),
) -> Measure {
    let mut m = Measure::default();
    let mut names: Vec<String> = rules.labels().iter().map(|l| l.to_string()).collect();
    names.push(NONE.to_string());
    for name in &names {
        m.labels.insert(name.clone(), LabelCounts::default());
    }
    for sentence in sentences {
        let hinted = hinted_labels(rules, &sentence.text, mode);
        on_each(sentence, &hinted);
        m.sentences += 1;
        let right = match hinted.as_slice() {
            [] => sentence.label == NONE,
            [one] => *one == sentence.label,
            _ => false,
        };
        m.right += usize::from(right);
        let got = match hinted.as_slice() {
            [] => NONE.to_string(),
            [one] => one.clone(),
            _ => SEVERAL.to_string(),
        };
        *m.confusion
            .entry(sentence.label.clone())
            .or_default()
            .entry(got)
            .or_default() += 1;
        for name in &names {
            let is_hinted = if name == NONE {
                hinted.is_empty()
            } else {
                hinted.contains(name)
            };
            let counts = m.labels.entry(name.clone()).or_default();
            let is_gold = sentence.label == *name;
            counts.gold += usize::from(is_gold);
            counts.hinted += usize::from(is_hinted);
            counts.both += usize::from(is_gold && is_hinted);
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &str = "[[rule]]\nlabel = \"claim\"\ncue = \"a figure\"\nbuiltin = \"number\"\n\n\
        [[rule]]\nlabel = \"speculation\"\ncue = \"a hedge\"\nwords = [\"might\"]\n";

    #[test]
    fn a_sentence_is_right_with_its_one_label_or_none() {
        let set = parse_labelled(
            "half\tsource\tlabel\tsentence\n\
             dev\tt\tspeculation\tRents might rise.\n\
             dev\tt\tclaim\tRents rose 9%.\n\
             test\tt\tnone\tWhat next?\n\
             test\tt\tspeculation\tRents might rise 9%.\n",
        )
        .unwrap();
        let rules = Rules::parse(RULES).unwrap();
        let m = measure(&rules, &set, Mode::AnyCue, |_, _| {});
        // The last has two labels hinted: wrong, though one is the gold one.
        assert_eq!((m.sentences, m.right), (4, 3));
        assert_eq!(
            m.labels["speculation"],
            LabelCounts {
                gold: 2,
                hinted: 2,
                both: 2
            }
        );
        assert_eq!(m.labels[NONE].recall(), Some(1.0));
        assert_eq!(m.confusion["speculation"][SEVERAL], 1);
        assert_eq!(m.confusion["claim"]["claim"], 1);
        assert_eq!(m.labels["claim"].precision(), Some(0.5));
        assert!(parse_labelled("h\nlater\tx\tclaim\tA.\n").is_err());
    }
}
