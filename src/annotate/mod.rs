//! Tags and notes on passages of an article, and where they are kept.
//!
//! An [`Annotation`] holds a label (claim, opinion, speculation or any label
//! a class adds), a note, and an [`Anchor`] that finds its passage again in
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
pub use store::{MAX_ANNOTATION_BYTES, Placed, ReadOnly, Store, StoreError, read_annotation_bytes};

/// The labels every reader starts with; classes may add their own.
pub const DEFAULT_LABELS: [&str; 3] = ["claim", "opinion", "speculation"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// Unique within a file, stable across saves and merges.
    pub id: String,
    pub label: String,
    #[serde(default)]
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
