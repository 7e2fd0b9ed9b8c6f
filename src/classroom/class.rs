//! A class report: how a whole class labelled an article, how far the
//! students agree with each other, and, with a key, how each did.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::compare::{Comparison, compare};
use super::metrics::{Confusion, fleiss_kappa, item_agreement, krippendorff_alpha};
use super::{ClassroomError, Tagging, counted_sentences, sentence_labels};
use crate::annotate::{AnnotationFile, content_hash};
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
    /// Annotations files that could not be read, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
    /// Other things in the folder (the article, instructions, another
    /// article's annotations), with what they are: left alone, but said.
    pub ignored: Vec<(PathBuf, String)>,
}

/// What one entry of a class folder is.
enum Entry {
    Annotations,
    Damaged(String),
    /// Annotations of another article, with its title.
    OtherArticle(String),
    Unrelated(String),
}

/// The title of the article `file` annotates when that is not `article`
/// (whose reading text hashes to `hash`): a file saved against another
/// text is still this article's when it carries the same title (the
/// article was edited), and one that records no hash is taken as it is.
pub(super) fn other_article<'f>(
    file: &'f AnnotationFile,
    article: &Article,
    hash: &str,
) -> Option<&'f str> {
    let info = &file.article;
    let other = !info.content_hash.is_empty()
        && info.content_hash != hash
        && info.title.trim() != article.meta.title.trim();
    other.then(|| info.title.trim())
}

/// What a report says of a file of another article titled `title`.
pub(super) fn other_article_note(title: &str) -> String {
    match title {
        "" => "annotations of another article".to_string(),
        title => format!("annotations of another article, \"{title}\""),
    }
}

/// Reads every annotations file in `dir` as a student's annotations of
/// `article`; everything else in the folder is noted and left alone, so a
/// folder can collect files as they are handed in. A file marked as a key
/// becomes the key (two are an error); `key_path`, when given, is left out
/// of the students. Damaged files are skipped and listed, so one does not
/// stop the report.
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
    // Hidden files are the system's (.DS_Store) and `.lock` files the
    // store's own, never a student's: not worth a note.
    paths.retain(|p| {
        let name = file_name(p);
        !name.starts_with('.') && !name.ends_with(".lock")
    });
    paths.sort();
    let named_key = key_path.and_then(|p| p.canonicalize().ok());
    let hash = content_hash(&article.text);

    let mut other_titles = Vec::new();
    let mut class = Class {
        students: Vec::new(),
        key: None,
        skipped: Vec::new(),
        ignored: Vec::new(),
    };
    for path in paths {
        if named_key.is_some() && path.canonicalize().ok() == named_key {
            continue;
        }
        match classify(&path, article, &hash) {
            Entry::OtherArticle(title) => {
                other_titles.push(title.clone());
                class.ignored.push((path, other_article_note(&title)));
                continue;
            }
            Entry::Unrelated(why) => {
                class.ignored.push((path, why));
                continue;
            }
            Entry::Damaged(why) => {
                class.skipped.push((path, why));
                continue;
            }
            Entry::Annotations => {}
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
            why: why_no_students(article, &other_titles, &class.skipped),
        });
    }
    Ok(class)
}

/// Why a folder gave no student: what was found there, when something was.
fn why_no_students(
    article: &Article,
    other_titles: &[String],
    damaged: &[(PathBuf, String)],
) -> String {
    let found = other_titles.len() + damaged.len();
    if found == 0 {
        return "no student files (*.json) in this folder; put one annotations file per student there"
            .to_string();
    }
    let mut parts = Vec::new();
    if !other_titles.is_empty() {
        let mut titles: Vec<String> = other_titles
            .iter()
            .map(|t| match t.as_str() {
                "" => "an untitled article".to_string(),
                t => format!("\"{t}\""),
            })
            .collect();
        titles.sort();
        titles.dedup();
        parts.push(format!(
            "{} of another article: {}",
            other_titles.len(),
            titles.join(", ")
        ));
    }
    if !damaged.is_empty() {
        parts.push(format!("{} damaged", damaged.len()));
    }
    format!(
        "{found} annotations {}, none of them on \"{}\" ({}); is the key (or the article) this class's?",
        if found == 1 { "file" } else { "files" },
        article.meta.title.trim(),
        parts.join("; ")
    )
}

/// Whether `path` is an annotations file of `article` (whose reading text
/// hashes to `hash`). A file saved against another text is still this
/// article's when it carries the same title: the article was edited.
fn classify(path: &Path, article: &Article, hash: &str) -> Entry {
    if path.is_dir() {
        return Entry::Unrelated("a folder; files inside it are not read".into());
    }
    if path.extension().is_none_or(|e| e != "json") {
        return Entry::Unrelated("not an annotations file".into());
    }
    let bytes = match crate::annotate::read_annotation_bytes(path) {
        Ok(bytes) => bytes,
        Err(error) => return Entry::Damaged(format!("cannot read it: {error}")),
    };
    match AnnotationFile::parse(&bytes) {
        Ok(file) => match other_article(&file, article, hash) {
            Some(title) => Entry::OtherArticle(title.to_string()),
            None => Entry::Annotations,
        },
        // JSON of some other kind is not a student's file; torn JSON or an
        // annotations file that does not parse may be one.
        Err(error) => match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(value) if value.get("annotations").is_none() => {
                Entry::Unrelated("JSON, but not an annotations file".into())
            }
            _ => Entry::Damaged(error.to_string()),
        },
    }
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
    /// The key's notes on passages in this sentence, in text order.
    pub key_notes: Vec<String>,
}

/// A student as a report names them: the name in their file, and the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentFile {
    pub name: String,
    pub file: String,
}

/// Two or more files that carry the same student's name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SameName {
    pub name: String,
    pub files: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassReport {
    pub title: String,
    /// Label names, untagged last.
    pub labels: Vec<String>,
    pub students: Vec<StudentFile>,
    /// Names found in more than one file: a student who handed in twice, or
    /// two students who share a name (or a login).
    pub same_names: Vec<SameName>,
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
    /// With a key, every student's sentences against the key's: key labels
    /// down, students' labels across, summed over the class.
    pub confusion: Option<Confusion>,
    /// Damaged annotations files left out, with the reason.
    pub skipped: Vec<(String, String)>,
    /// Other files in the folder, with what they are.
    pub ignored: Vec<(String, String)>,
}

impl ClassReport {
    /// The labels (untagged aside) that some student's scores include, in
    /// report order: the per-label columns of every score table.
    pub fn scored_labels(&self) -> Vec<&String> {
        self.labels[..self.labels.len() - 1]
            .iter()
            .filter(|l| {
                self.scores
                    .iter()
                    .any(|c| c.labels.iter().any(|s| &&s.label == l))
            })
            .collect()
    }
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
    let chosen: Vec<Vec<usize>> = class
        .students
        .iter()
        .map(|student| sentence_labels(article, &sentences, &student.passages, labels))
        .collect();
    let mut counts = vec![vec![0usize; labels.len()]; sentences.len()];
    for student in &chosen {
        for (row, &label) in counts.iter_mut().zip(student) {
            row[label] += 1;
        }
    }
    let key_labels = class
        .key
        .as_ref()
        .map(|key| sentence_labels(article, &sentences, &key.passages, labels));
    let confusion = key_labels.as_ref().map(|key_labels| {
        let mut total = Confusion::tally(&[], &[], labels.len());
        for student in &chosen {
            total.add(&Confusion::tally(key_labels, student, labels.len()));
        }
        total
    });
    let tallies = sentence_tallies(article, class, &sentences, &counts, key_labels, labels);

    let files = |list: &[(PathBuf, String)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(path, reason)| (file_name(path), reason.clone()))
            .collect()
    };
    ClassReport {
        title: article.meta.title.clone(),
        labels: labels.to_vec(),
        students: class
            .students
            .iter()
            .map(|s| StudentFile {
                name: s.name.clone(),
                file: s.file_name(),
            })
            .collect(),
        same_names: same_names(&class.students),
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
                    .map(|student| compare(article, key, student, labels, overlap))
                    .collect()
            })
            .unwrap_or_default(),
        confusion,
        skipped: files(&class.skipped),
        ignored: files(&class.ignored),
        sentences: tallies,
    }
}

/// Each counted sentence (`sentences`, indexes into the article's) with
/// how many students chose each label, their agreement, and the key's label
/// and notes there.
fn sentence_tallies(
    article: &Article,
    class: &Class,
    sentences: &[usize],
    counts: &[Vec<usize>],
    key_labels: Option<Vec<usize>>,
    labels: &[String],
) -> Vec<SentenceTally> {
    sentences
        .iter()
        .zip(counts)
        .enumerate()
        .map(|(i, (&s, row))| {
            let range = article.sentences[s].range.clone();
            SentenceTally {
                sentence: s,
                text: article.slice(&range).to_string(),
                counts: row.clone(),
                agreement: item_agreement(row),
                key_label: key_labels.as_ref().map(|k| labels[k[i]].clone()),
                key_notes: class
                    .key
                    .iter()
                    .flat_map(|key| &key.passages)
                    .filter(|p| p.range.start < range.end && range.start < p.range.end)
                    .map(|p| p.note.trim().to_string())
                    .filter(|note| !note.is_empty())
                    .collect(),
                range,
            }
        })
        .collect()
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

/// Names carried by more than one file, in the order first met.
fn same_names(students: &[Tagging]) -> Vec<SameName> {
    let mut found: Vec<SameName> = Vec::new();
    for (i, student) in students.iter().enumerate() {
        let key = student.name.to_lowercase();
        if found.iter().any(|f| f.name.to_lowercase() == key) {
            continue;
        }
        let files: Vec<String> = students[i..]
            .iter()
            .filter(|o| o.name.to_lowercase() == key)
            .map(Tagging::file_name)
            .collect();
        if files.len() > 1 {
            found.push(SameName {
                name: student.name.clone(),
                files,
            });
        }
    }
    found
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
