//! A class report: how a whole class labelled an article, how far the
//! students agree with each other, and, with a key, how each did.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::compare::{Comparison, compare};
use super::metrics::{fleiss_kappa, item_agreement, krippendorff_alpha};
use super::{ClassroomError, Tagging, counted_sentences, sentence_labels};
use crate::article::{Article, Span};

/// How many of the most disputed sentences a report lists.
pub const DISPUTED_SHOWN: usize = 5;

/// The files of a class, read from one folder.
#[derive(Debug, Clone)]
pub struct Class {
    /// In file-name order.
    pub students: Vec<Tagging>,
    /// The one file in the folder marked as a key, if any.
    pub key: Option<Tagging>,
    /// Files that could not be read, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
}

/// Reads every `*.json` file in `dir` as a student's annotations of
/// `article`. A file marked as a key becomes the key (two are an error);
/// `key_path`, when given, is left out of the students. Unreadable files
/// are skipped and listed, so one damaged file does not stop the report.
pub fn load_class(
    dir: &Path,
    article: &Article,
    key_path: Option<&Path>,
) -> Result<Class, ClassroomError> {
    let read_dir = |source| ClassroomError::ReadDir {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(read_dir)?;
    paths.retain(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"));
    paths.sort();
    let named_key = key_path.and_then(|p| p.canonicalize().ok());

    let mut class = Class {
        students: Vec::new(),
        key: None,
        skipped: Vec::new(),
    };
    for path in paths {
        if named_key.is_some() && path.canonicalize().ok() == named_key {
            continue;
        }
        match Tagging::open(&path, article) {
            Ok(tagging) if tagging.is_key && key_path.is_none() => {
                if let Some(first) = &class.key {
                    return Err(ClassroomError::TwoKeys {
                        first: first.file.clone(),
                        second: path,
                    });
                }
                class.key = Some(tagging);
            }
            Ok(tagging) => class.students.push(tagging),
            Err(error) => class.skipped.push((path, error.to_string())),
        }
    }
    if class.students.is_empty() {
        return Err(ClassroomError::EmptyClass {
            path: dir.to_path_buf(),
        });
    }
    Ok(class)
}

/// How the class labelled one sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceTally {
    /// Index in `Article::sentences`.
    pub sentence: usize,
    pub range: Span,
    pub text: String,
    /// Students per label, in [`ClassReport::labels`] order.
    pub counts: Vec<usize>,
    /// Share of pairs of students who gave the same label (1: unanimous).
    pub agreement: Option<f64>,
    /// The key's label for the sentence, when there is a key.
    pub key_label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassReport {
    pub title: String,
    /// Label names, untagged last.
    pub labels: Vec<String>,
    pub students: Vec<String>,
    /// The key's file name, when there is a key.
    pub key: Option<String>,
    /// Fleiss' kappa over the sentences, all students as raters.
    pub fleiss_kappa: Option<f64>,
    /// Krippendorff's alpha (nominal) over the same ratings.
    pub krippendorff_alpha: Option<f64>,
    pub sentences: Vec<SentenceTally>,
    /// Indices into [`ClassReport::sentences`], most disputed first.
    pub disputed: Vec<usize>,
    /// Each student against the key, in student order (empty without a key).
    pub scores: Vec<Comparison>,
    /// Files left out, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// Builds the report for `class` on `article`. `labels` comes from
/// [`super::label_names`] over the students and the key.
pub fn class_report(
    article: &Article,
    class: &Class,
    labels: &[String],
    overlap: f64,
) -> ClassReport {
    let sentences = counted_sentences(article);
    let mut counts = vec![vec![0usize; labels.len()]; sentences.len()];
    for student in &class.students {
        let chosen = sentence_labels(article, &sentences, &student.passages, labels);
        for (row, label) in counts.iter_mut().zip(chosen) {
            row[label] += 1;
        }
    }
    let key_labels = class
        .key
        .as_ref()
        .map(|key| sentence_labels(article, &sentences, &key.passages, labels));

    let tallies: Vec<SentenceTally> = sentences
        .iter()
        .zip(&counts)
        .enumerate()
        .map(|(i, (&s, row))| {
            let range = article.sentences[s].range.clone();
            SentenceTally {
                sentence: s,
                text: article.slice(&range).to_string(),
                range,
                counts: row.clone(),
                agreement: item_agreement(row),
                key_label: key_labels.as_ref().map(|k| labels[k[i]].clone()),
            }
        })
        .collect();

    ClassReport {
        title: article.meta.title.clone(),
        labels: labels.to_vec(),
        students: display_names(&class.students),
        key: class.key.as_ref().map(Tagging::file_name),
        fleiss_kappa: fleiss_kappa(&counts),
        krippendorff_alpha: krippendorff_alpha(&counts),
        disputed: most_disputed(&tallies),
        scores: class
            .key
            .as_ref()
            .map(|key| {
                class
                    .students
                    .iter()
                    .zip(display_names(&class.students))
                    .map(|(student, name)| Comparison {
                        student: name,
                        ..compare(article, key, student, labels, overlap)
                    })
                    .collect()
            })
            .unwrap_or_default(),
        skipped: class
            .skipped
            .iter()
            .map(|(path, reason)| (file_name(path), reason.clone()))
            .collect(),
        sentences: tallies,
    }
}

/// The least agreed sentences first; ties in text order. Unanimous ones are
/// never disputed.
fn most_disputed(tallies: &[SentenceTally]) -> Vec<usize> {
    let mut disputed: Vec<(usize, f64)> = tallies
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((i, t.agreement?)))
        .filter(|(_, agreement)| *agreement < 1.0)
        .collect();
    disputed.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    disputed.truncate(DISPUTED_SHOWN);
    disputed.into_iter().map(|(i, _)| i).collect()
}

/// Students' names, with the file name added where two share a name.
fn display_names(students: &[Tagging]) -> Vec<String> {
    students
        .iter()
        .map(|s| {
            if students.iter().filter(|o| o.name == s.name).count() > 1 {
                format!("{} ({})", s.name, s.file_name())
            } else {
                s.name.clone()
            }
        })
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
