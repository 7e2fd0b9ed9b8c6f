//! The classroom: answer keys, students graded against them, class reports,
//! and rule-based hints about what a passage might be.
//!
//! A key is an ordinary annotations file made by a teacher (`"key": true`).
//! Students are compared with it passage by passage (overlap of same-label
//! passages) and sentence by sentence (each sentence takes the label that
//! covers most of it). Everything here reads files and computes; printing is
//! in [`report`] and the command line in `crate::cli::classroom`.

mod class;
mod compare;
pub mod gradebook;
pub mod hint_eval;
pub mod hints;
pub mod hints_report;
pub mod html;
pub mod metrics;
pub mod names;
pub mod pack;
pub mod report;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::annotate::{AnnotationFile, Store, StoreError, content_hash};
use crate::article::{Article, Span};

pub use class::{
    Class, ClassReport, SameName, SentenceTally, StudentFile, class_report, load_class,
};
pub use compare::{Comparison, LabelScore, PassageDiff, compare};
pub use hints::{Hint, Rules, Trigger, suggest, suggest_in, suggestions};

/// What a sentence is when no label covers most of it.
pub const UNTAGGED: &str = "untagged";

/// Two passages of the same label match when they share at least this share
/// of the shorter one, unless told otherwise.
pub const DEFAULT_OVERLAP: f64 = 0.5;

#[derive(Debug, thiserror::Error)]
pub enum ClassroomError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{path}: no such annotations file; check the path")]
    MissingFile { path: PathBuf },
    #[error("{path}: cannot read the folder: {source}")]
    ReadDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// `why` says what the folder held instead.
    #[error("{path}: {why}")]
    EmptyClass { path: PathBuf, why: String },
    /// A student's file made on another article than the key's.
    #[error(
        "{path}: {note}, not of the key's article, \"{title}\"; grade it against its own article's key"
    )]
    OtherArticle {
        path: PathBuf,
        note: String,
        title: String,
    },
    #[error("{first} and {second} are both marked as answer keys; name the one to use with --key")]
    TwoKeys { first: PathBuf, second: PathBuf },
    #[error("{path}: {message}")]
    Rules { path: String, message: String },
}

/// One tagged passage with one of its labels, placed on the article's
/// reading text. An annotation with several labels is one passage per
/// label; a plain note (no label) is no passage: grading counts tags.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passage {
    pub label: String,
    pub range: Span,
    pub note: String,
}

/// The passages one person tagged on an article: a student's file or a key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tagging {
    /// The annotator's name, or the file's name when the file has none.
    pub name: String,
    pub file: PathBuf,
    pub is_key: bool,
    /// Sorted by position.
    pub passages: Vec<Passage>,
    /// Quotes of annotations whose passage is no longer in the article.
    pub orphans: Vec<String>,
    /// What opening the file found worth telling (renumbered duplicate
    /// ids), each naming the file.
    pub notices: Vec<String>,
}

impl Tagging {
    /// Reads an annotations file and places it on `article`. A missing file
    /// is an error here, unlike for the reader: grading nothing helps nobody.
    pub fn open(path: &Path, article: &Article) -> Result<Tagging, ClassroomError> {
        if !path.exists() {
            return Err(ClassroomError::MissingFile {
                path: path.to_path_buf(),
            });
        }
        let store = Store::open(path, &article.text)?;
        Ok(Tagging::from_store(&store))
    }

    /// [`Tagging::open`] for a student's file that must annotate `article`:
    /// one made on another article (told apart as `load_class` tells them)
    /// is an error that says so, not a grade of zero.
    pub fn open_on(path: &Path, article: &Article) -> Result<Tagging, ClassroomError> {
        let recorded = crate::annotate::read_annotation_bytes(path)
            .ok()
            .and_then(|bytes| AnnotationFile::parse(&bytes).ok());
        if let Some(file) = &recorded
            && let Some(title) = class::other_article(file, article, &content_hash(&article.text))
        {
            return Err(ClassroomError::OtherArticle {
                path: path.to_path_buf(),
                note: class::other_article_note(title),
                title: article.meta.title.trim().to_string(),
            });
        }
        Tagging::open(path, article)
    }

    /// The passages of an open store.
    pub fn from_store(store: &Store) -> Tagging {
        let passages = store
            .overlapping(0..store.text().len())
            .flat_map(|placed| {
                placed.annotation.labels.iter().map(move |label| Passage {
                    label: label.clone(),
                    range: placed.range.clone(),
                    note: placed.annotation.note.clone(),
                })
            })
            .collect();
        Tagging {
            name: annotator_of(store),
            file: store.path().to_path_buf(),
            is_key: store.is_key(),
            passages,
            orphans: store.orphans().map(|a| a.anchor.quote.clone()).collect(),
            notices: store.notices_naming_the_file(),
        }
    }

    /// The file's name without its folder, for reports.
    pub fn file_name(&self) -> String {
        self.file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// The name stored in the file; else the one most of its annotations
/// carry; else the file's stem.
fn annotator_of(store: &Store) -> String {
    let stored = store.annotator().trim();
    if !stored.is_empty() {
        return stored.to_string();
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for annotation in store.annotations() {
        let name = annotation.annotator.trim();
        if !name.is_empty() {
            *counts.entry(name).or_default() += 1;
        }
    }
    // Ties go to the first name alphabetically, so the choice is stable.
    let most = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(name, _)| name.to_string());
    most.unwrap_or_else(|| {
        let name = store
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = name.strip_suffix(".json").unwrap_or(&name);
        stem.strip_suffix(".marginalia").unwrap_or(stem).to_string()
    })
}

/// The label names a report uses, in order: the configured labels, then any
/// other label found in the taggings (sorted), then [`UNTAGGED`] last.
pub fn label_names<'a>(
    configured: impl IntoIterator<Item = &'a str>,
    taggings: impl IntoIterator<Item = &'a Tagging>,
) -> Vec<String> {
    let mut names: Vec<String> = configured.into_iter().map(str::to_string).collect();
    let mut extra: Vec<String> = taggings
        .into_iter()
        .flat_map(|t| &t.passages)
        .map(|p| p.label.clone())
        .filter(|l| !names.contains(l) && l != UNTAGGED)
        .collect();
    extra.sort();
    extra.dedup();
    names.extend(extra);
    names.push(UNTAGGED.to_string());
    names
}

/// The sentences a sentence-level comparison counts: the article's taggable
/// sentences ([`Article::taggable_sentences`], the one definition the reader
/// and `stats` use too).
pub fn counted_sentences(article: &Article) -> Vec<usize> {
    article.taggable_sentences()
}

/// Whether sentence `index` is one [`counted_sentences`] lists.
pub fn is_counted(article: &Article, index: usize) -> bool {
    article.is_taggable(index)
}

/// For each counted sentence, the index in `labels` of the label it takes,
/// else the index of [`UNTAGGED`] (the last). A passage covers a sentence
/// when it covers at least half of it, or lies wholly within it (a clause or
/// a quoted phrase marks its sentence). Of the labels covering a sentence,
/// the one whose passages cover most of its bytes wins; equal coverage goes
/// to the label listed first.
pub fn sentence_labels(
    article: &Article,
    sentences: &[usize],
    passages: &[Passage],
    labels: &[String],
) -> Vec<usize> {
    let untagged = labels.len() - 1;
    sentences
        .iter()
        .map(|&s| {
            let range = &article.sentences[s].range;
            let mut best: Option<(usize, usize)> = None;
            for (index, label) in labels[..untagged].iter().enumerate() {
                let own: Vec<&Passage> = passages.iter().filter(|p| &p.label == label).collect();
                let within = own.iter().any(|p| {
                    p.range.start >= range.start && p.range.end <= range.end && !p.range.is_empty()
                });
                let amount = union_length(
                    own.iter()
                        .map(|p| p.range.start.max(range.start)..p.range.end.min(range.end))
                        .filter(|r| r.start < r.end),
                );
                let covers = within || (amount > 0 && amount * 2 >= range.len());
                if covers && best.is_none_or(|(_, most)| amount > most) {
                    best = Some((index, amount));
                }
            }
            best.map_or(untagged, |(index, _)| index)
        })
        .collect()
}

/// Total length of a set of ranges, counting overlaps once.
fn union_length(spans: impl Iterator<Item = Span>) -> usize {
    let mut spans: Vec<Span> = spans.collect();
    spans.sort_by_key(|s| s.start);
    let mut total = 0;
    let mut reach = 0;
    for span in spans {
        let start = span.start.max(reach);
        if span.end > start {
            total += span.end - start;
        }
        reach = reach.max(span.end);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Format, parse_source};

    pub(crate) fn passage(article: &Article, label: &str, quote: &str) -> Passage {
        let start = article.text.find(quote).expect("quote in the article");
        Passage {
            label: label.into(),
            range: start..start + quote.len(),
            note: String::new(),
        }
    }

    fn labels() -> Vec<String> {
        ["claim", "opinion", "speculation", UNTAGGED]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn a_sentence_takes_the_label_covering_most_of_it() {
        let article = parse_source(
            "t.md",
            Format::Markdown,
            "# Title\n\nRents rose nine per cent last year.\n\nThat is a scandal.\n\nIt will go on.\n",
        );
        let sentences = counted_sentences(&article);
        assert_eq!(sentences.len(), 3, "the heading is not counted");
        let passages = vec![
            // Two overlapping claims cover the whole first sentence, once.
            passage(&article, "claim", "Rents rose nine per cent"),
            passage(&article, "claim", "nine per cent last year."),
            passage(&article, "opinion", "Rents rose"),
            // Under half of the second sentence.
            passage(&article, "opinion", "scandal."),
            passage(&article, "speculation", "It will go on."),
        ];
        let got = sentence_labels(&article, &sentences, &passages, &labels());
        // "scandal." is under half of its sentence but lies within it.
        assert_eq!(got, vec![0, 1, 2]);
    }

    #[test]
    fn a_passage_covers_a_sentence_by_half_or_by_lying_within_it() {
        let article = parse_source(
            "t.md",
            Format::Markdown,
            "Rents rose nine per cent last year. That is a scandal, says the mayor. It will go on.\n",
        );
        let sentences = counted_sentences(&article);
        assert_eq!(sentences.len(), 3);
        let tagged =
            |passages: Vec<Passage>| sentence_labels(&article, &sentences, &passages, &labels());
        // A clause inside the second sentence marks it, and only it.
        assert_eq!(
            tagged(vec![passage(&article, "opinion", "a scandal")]),
            vec![3, 1, 3]
        );
        // Across a boundary: most of the first sentence, a sliver of the second.
        assert_eq!(
            tagged(vec![passage(
                &article,
                "claim",
                "nine per cent last year. That"
            )]),
            vec![0, 3, 3]
        );
        // Within a sentence, a longer passage of another label wins.
        assert_eq!(
            tagged(vec![
                passage(&article, "speculation", "It will"),
                passage(&article, "claim", "will go on."),
            ]),
            vec![3, 3, 0]
        );
    }

    #[test]
    fn union_counts_overlaps_once() {
        assert_eq!(union_length([0..4, 2..6, 10..12, 11..12].into_iter()), 8);
        assert_eq!(union_length(std::iter::empty()), 0);
    }

    #[test]
    fn label_names_keep_config_order_and_add_the_rest() {
        let tagging = Tagging {
            name: "Ada".into(),
            file: "ada.json".into(),
            is_key: false,
            passages: vec![
                Passage {
                    label: "quote".into(),
                    range: 0..1,
                    note: String::new(),
                },
                Passage {
                    label: "claim".into(),
                    range: 1..2,
                    note: String::new(),
                },
            ],
            orphans: vec![],
            notices: vec![],
        };
        assert_eq!(
            label_names(["claim", "opinion"], [&tagging]),
            vec!["claim", "opinion", "quote", UNTAGGED]
        );
    }
}
