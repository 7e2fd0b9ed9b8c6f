//! Tags and notes on passages of an article, and where they are kept.
//!
//! An [`Annotation`] holds labels (claim, opinion, speculation or any label
//! a class adds; several, or none for a plain note), a note, and an [`Anchor`] that finds its passage again in
//! the reading text even after the text was edited. The [`Store`] keeps an
//! article's annotations in a JSON file beside it, saved atomically, merged
//! with other processes' changes, with undo and redo.
//!
//! Everything here works on the reading text (`Article::text`) alone.

mod anchor;
mod file;
mod history;
mod locate;
mod store;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub use anchor::{Anchor, CONTEXT_CHARS, FUZZY_THRESHOLD, Placement, Resolution, resolve_all};
pub use file::{AnnotationFile, ArticleInfo, ParseError, SCHEMA, content_hash, sidecar_path};
pub use history::{Change, EditKind};
pub use locate::{LocateError, LocatedArticle, article_of, recorded_article_path};
pub use store::{
    MAX_ANNOTATION_BYTES, Placed, ReadOnly, ReadingText, SaveJob, SaveOutcome, Store, StoreError,
    read_annotation_bytes,
};

/// The labels every reader starts with; classes may add their own.
pub const DEFAULT_LABELS: [&str; 3] = ["claim", "opinion", "speculation"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredAnnotation")]
pub struct Annotation {
    /// Unique within a file, stable across saves and merges.
    pub id: String,
    /// The passage's labels in the order they were given, each once; empty
    /// for a plain note.
    pub labels: Vec<String>,
    pub note: String,
    /// Who made it: a reader's or student's name.
    pub annotator: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub modified: OffsetDateTime,
    pub anchor: Anchor,
    /// Fields this version does not know, written back on save.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Fields of an annotation file that this version does not know (written
/// by a newer marginalia or another tool): kept as they were and written
/// back, so that saving never drops them.
pub type Extra = serde_json::Map<String, serde_json::Value>;

impl Annotation {
    pub fn has_label(&self, name: &str) -> bool {
        self.labels.iter().any(|l| l == name)
    }

    /// The labels joined with ", " for one line of text ("" for a plain note).
    pub fn labels_joined(&self) -> String {
        self.labels.join(", ")
    }
}

/// An annotation as files hold it: schema 2 writes `labels`, schema 1 wrote
/// one `label`; both read into [`Annotation::labels`].
#[derive(Deserialize)]
struct StoredAnnotation {
    id: String,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    note: String,
    annotator: String,
    #[serde(with = "time::serde::rfc3339")]
    created: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    modified: OffsetDateTime,
    anchor: Anchor,
    #[serde(flatten)]
    extra: Extra,
}

impl From<StoredAnnotation> for Annotation {
    fn from(stored: StoredAnnotation) -> Self {
        let mut labels: Vec<String> = Vec::with_capacity(stored.labels.len() + 1);
        for label in stored.labels.into_iter().chain(stored.label) {
            let label = label.trim();
            if !label.is_empty() && !labels.iter().any(|l| l == label) {
                labels.push(label.to_string());
            }
        }
        Annotation {
            id: stored.id,
            labels,
            note: stored.note,
            annotator: stored.annotator,
            created: stored.created,
            modified: stored.modified,
            anchor: stored.anchor,
            extra: stored.extra,
        }
    }
}
