//! The store: an article's annotations, placed on its text, kept on disk.
//!
//! Edits change memory only and are recorded for undo; [`Store::save`]
//! writes them (callers save after each edit, so every change reaches the
//! disk at once, and a failed save leaves the change in memory to retry).
//! Saving locks the file, merges in whatever another process wrote since we
//! last read it, and replaces the file atomically.

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use time::OffsetDateTime;

use super::Annotation;
use super::anchor::{Resolution, resolve_all};
use super::file::{AnnotationFile, ArticleInfo, ParseError};
use super::history::History;

mod background;
#[cfg(test)]
mod background_tests;
pub use background::{SaveJob, SaveOutcome};
mod disk;
pub use disk::{MAX_ANNOTATION_BYTES, read_annotation_bytes};
mod edit;
mod lock;
#[cfg(test)]
mod tests;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: {source}; the file was left untouched: mend it or move it away (annotations can still be saved elsewhere)"
    )]
    Unreadable {
        path: PathBuf,
        #[source]
        source: ParseError,
    },
    #[error("{path}: cannot {action}: {source}")]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: io::Error,
    },
    #[error("{path}: not saving over it because {reason}; save the annotations to another file")]
    ReadOnly { path: PathBuf, reason: ReadOnly },
    #[error("{path}: holds {what} (\"{title}\"); not mixing them with these: save to another file")]
    OtherArticle {
        path: PathBuf,
        /// What the file holds: another article's annotations, a key.
        what: &'static str,
        title: String,
    },
    #[error("no annotation with id {id:?}")]
    UnknownAnnotation { id: String },
    #[error(
        "cannot annotate {range:?}: not a non-empty range on char boundaries of the {len}-byte text"
    )]
    InvalidRange { range: Range<usize>, len: usize },
    #[error("a label needs a name")]
    EmptyLabel,
}

/// Why a store will not write over its file (it can still be saved
/// elsewhere with [`Store::save_as`]). Displayed as the end of "not saving
/// over it because …".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadOnly {
    /// The file was handed in, at this time, and is kept as it was.
    #[error("it was submitted ({}) and is kept as handed in", rfc3339(.0))]
    Submitted(OffsetDateTime),
    /// The file is there but could not be read (the parse error says where).
    #[error("it could not be read ({0})")]
    Unreadable(String),
    /// The file could not be opened at all (the error says why).
    #[error("it could not be opened ({0})")]
    Unopenable(String),
    /// The file's permissions forbid writing it.
    #[error("the file is read-only (its permissions say so)")]
    Permissions,
    /// The path is a link to a file that is not an annotations file.
    #[error("it is a link to {}, which is not an annotations file", .0.display())]
    ForeignLinkTarget(PathBuf),
}

fn rfc3339(when: &OffsetDateTime) -> String {
    when.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// A reading text a store can be opened on: an article's text
/// ([`crate::article::Article::text`]) is shared, not copied, so a book is
/// held once; any other text is copied.
pub trait ReadingText {
    fn shared(&self) -> Arc<str>;
}

impl ReadingText for Arc<str> {
    fn shared(&self) -> Arc<str> {
        Arc::clone(self)
    }
}

impl ReadingText for str {
    fn shared(&self) -> Arc<str> {
        Arc::from(self)
    }
}

impl ReadingText for String {
    fn shared(&self) -> Arc<str> {
        Arc::from(self.as_str())
    }
}

/// An annotation with the place its anchor resolved to.
#[derive(Debug, Clone)]
pub struct Placed<'a> {
    pub annotation: &'a Annotation,
    pub resolution: &'a Resolution,
    /// Byte range in the reading text, on char boundaries.
    pub range: Range<usize>,
}

#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    /// The article's reading text, shared with it.
    text: Arc<str>,
    file: AnnotationFile,
    /// Parallel to `file.annotations`.
    resolutions: Vec<Resolution>,
    /// Annotation id → index in `file.annotations`.
    index: HashMap<String, usize>,
    /// Placed annotations as (range, index), sorted by range.
    by_position: Vec<(Range<usize>, usize)>,
    history: History,
    /// Ids added, changed or deleted since the last save.
    pending: BTreeSet<String>,
    /// The article info or key flag changed since the last save.
    header_pending: bool,
    /// The file's bytes as we last read or wrote them (`None`: no file), to
    /// tell whether another process has written it since (shared with a
    /// save on another thread, which checks the same).
    on_disk: Option<Arc<Vec<u8>>>,
    /// What a save under way on another thread writes: its changes, put
    /// back as unsaved if it does not succeed.
    saving: Option<background::InFlight>,
    read_only: Option<ReadOnly>,
    /// What opening the file found worth saying (duplicate ids renumbered,
    /// a read-only file), for the caller to show.
    notices: Vec<String>,
    text_hash: OnceLock<String>,
}

impl Store {
    /// An empty store for when [`Store::open`] failed: the reader can go on
    /// annotating, but [`Store::save`] refuses to replace the file (saying
    /// why) until the annotations are saved elsewhere with [`Store::save_as`].
    pub fn read_only_after_damage(
        path: impl Into<PathBuf>,
        text: &(impl ReadingText + ?Sized),
        error: &StoreError,
    ) -> Store {
        let mut store =
            Store::with_file(path.into(), &text.shared(), AnnotationFile::default(), None);
        store.read_only = Some(match error {
            StoreError::Unreadable { source, .. } => ReadOnly::Unreadable(source.to_string()),
            other => ReadOnly::Unopenable(other.to_string()),
        });
        store
    }

    /// An empty store that stands in for an article's annotations while
    /// they are opened (with the whole article, to be placed on its text):
    /// it holds nothing, so there is nothing to save.
    pub fn placeholder(path: impl Into<PathBuf>) -> Store {
        Store::with_file(path.into(), &Arc::from(""), AnnotationFile::default(), None)
    }

    fn with_file(
        path: PathBuf,
        text: &Arc<str>,
        file: AnnotationFile,
        on_disk: Option<Vec<u8>>,
    ) -> Store {
        let on_disk = on_disk.map(Arc::new);
        let mut store = Store {
            path,
            text: Arc::clone(text),
            file,
            resolutions: Vec::new(),
            index: HashMap::new(),
            by_position: Vec::new(),
            history: History::default(),
            pending: BTreeSet::new(),
            header_pending: false,
            on_disk,
            saving: None,
            read_only: None,
            notices: Vec::new(),
            text_hash: OnceLock::new(),
        };
        store.read_only = store.file.submitted.map(ReadOnly::Submitted);
        store.place_all();
        store
    }

    fn place_all(&mut self) {
        self.resolutions = resolve_all(&self.text, self.file.annotations.iter().map(|a| &a.anchor));
        self.rebuild_indexes();
    }

    fn rebuild_indexes(&mut self) {
        self.index = self
            .file
            .annotations
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        self.by_position = self
            .resolutions
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((r.range()?, i)))
            .collect();
        self.by_position
            .sort_by_key(|(range, i)| (range.start, range.end, *i));
    }

    // ---- queries ----

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The reading text the annotations are placed on.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn article(&self) -> &ArticleInfo {
        &self.file.article
    }

    /// True for a teacher's answer key.
    pub fn is_key(&self) -> bool {
        self.file.key
    }

    /// Every annotation, placed or not, in file order.
    pub fn annotations(&self) -> &[Annotation] {
        &self.file.annotations
    }

    pub fn get(&self, id: &str) -> Option<(&Annotation, &Resolution)> {
        let &i = self.index.get(id)?;
        Some((&self.file.annotations[i], &self.resolutions[i]))
    }

    /// Placed annotations overlapping `range`, sorted by start (then end).
    pub fn overlapping(&self, range: Range<usize>) -> impl Iterator<Item = Placed<'_>> {
        let candidates = self
            .by_position
            .partition_point(|(r, _)| r.start < range.end);
        self.by_position[..candidates]
            .iter()
            .filter(move |(r, _)| r.end > range.start)
            .map(|(r, i)| self.placed(r, *i))
    }

    /// Placed annotations containing the byte at `offset`, sorted by start.
    pub fn at(&self, offset: usize) -> impl Iterator<Item = Placed<'_>> {
        self.overlapping(offset..offset + 1)
    }

    /// Annotations whose passage could not be found, in file order.
    pub fn orphans(&self) -> impl Iterator<Item = &Annotation> {
        self.file
            .annotations
            .iter()
            .zip(&self.resolutions)
            .filter(|(_, r)| r.range().is_none())
            .map(|(a, _)| a)
    }

    fn placed(&self, range: &Range<usize>, i: usize) -> Placed<'_> {
        Placed {
            annotation: &self.file.annotations[i],
            resolution: &self.resolutions[i],
            range: range.clone(),
        }
    }

    /// A save is under way on another thread ([`Store::save_job`]).
    pub fn is_saving(&self) -> bool {
        self.saving.is_some()
    }

    /// Changes not yet written nor being written (a failed save leaves
    /// them here).
    pub fn has_unsaved_changes(&self) -> bool {
        !self.pending.is_empty() || self.header_pending
    }

    /// What opening the file found worth telling the reader, one line each.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// [`Store::notices`], each naming the file first (for commands, which
    /// may open several files where the reader opens one).
    pub fn notices_naming_the_file(&self) -> Vec<String> {
        let file = self.path.display().to_string();
        self.notices
            .iter()
            .map(|notice| match notice.starts_with(&file) {
                true => notice.clone(),
                false => format!("{file}: {notice}"),
            })
            .collect()
    }

    /// Why saving to [`Store::path`] is refused, if it is.
    pub fn read_only_reason(&self) -> Option<&ReadOnly> {
        self.read_only.as_ref()
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }
}
