//! The store: an article's annotations, placed on its text, kept on disk.
//!
//! Edits change memory only and are recorded for undo; [`Store::save`]
//! writes them (callers save after each edit, so every change reaches the
//! disk at once, and a failed save leaves the change in memory to retry).
//! Saving locks the file, merges in whatever another process wrote since we
//! last read it, and replaces the file atomically.

use std::collections::{BTreeSet, HashMap};
use std::fs::{self, File};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::Annotation;
use super::anchor::{Anchor, Resolution, resolve_all};
use super::file::{AnnotationFile, ArticleInfo, ParseError, content_hash};
use super::history::{Change, EditKind, History, Step};
use crate::fsutil::{atomic_write, parent_dir, write_target};

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
    ReadOnly { path: PathBuf, reason: String },
    #[error("no annotation with id {id:?}")]
    UnknownAnnotation { id: String },
    #[error(
        "cannot annotate {range:?}: not a non-empty range on char boundaries of the {len}-byte text"
    )]
    InvalidRange { range: Range<usize>, len: usize },
    #[error("a label needs a name")]
    EmptyLabel,
}

fn submitted_reason(when: OffsetDateTime) -> String {
    let date = when
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    format!("it was submitted ({date}) and is kept as handed in")
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
    text: String,
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
    /// tell whether another process has written it since.
    on_disk: Option<Vec<u8>>,
    read_only: Option<String>,
    text_hash: OnceLock<String>,
}

impl Store {
    /// Loads the annotations file at `path` (a missing one is an empty
    /// store) and places every annotation on `text`. A file that cannot be
    /// read is an error, and is never written over; see
    /// [`Store::read_only_after_damage`].
    pub fn open(path: impl Into<PathBuf>, text: &str) -> Result<Store, StoreError> {
        let path = path.into();
        let (file, on_disk) = match fs::read(&path) {
            Ok(bytes) => (parse(&path, &bytes)?, Some(bytes)),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                (AnnotationFile::default(), None)
            }
            Err(source) => {
                return Err(StoreError::Io {
                    path,
                    action: "read the annotations",
                    source,
                });
            }
        };
        Ok(Store::with_file(path, text, file, on_disk))
    }

    /// An empty store for when [`Store::open`] failed: the reader can go on
    /// annotating, but [`Store::save`] refuses to replace the file (saying
    /// why) until the annotations are saved elsewhere with [`Store::save_as`].
    pub fn read_only_after_damage(
        path: impl Into<PathBuf>,
        text: &str,
        error: &StoreError,
    ) -> Store {
        let mut store = Store::with_file(path.into(), text, AnnotationFile::default(), None);
        store.read_only = Some(match error {
            StoreError::Unreadable { source, .. } => format!("it could not be read ({source})"),
            other => format!("it could not be opened ({other})"),
        });
        store
    }

    fn with_file(
        path: PathBuf,
        text: &str,
        file: AnnotationFile,
        on_disk: Option<Vec<u8>>,
    ) -> Store {
        let mut store = Store {
            path,
            text: text.to_string(),
            file,
            resolutions: Vec::new(),
            index: HashMap::new(),
            by_position: Vec::new(),
            history: History::default(),
            pending: BTreeSet::new(),
            header_pending: false,
            on_disk,
            read_only: None,
            text_hash: OnceLock::new(),
        };
        store.read_only = store.file.submitted.map(submitted_reason);
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

    /// Changes not yet written (a failed save leaves them here).
    pub fn has_unsaved_changes(&self) -> bool {
        !self.pending.is_empty() || self.header_pending
    }

    /// Why saving to [`Store::path`] is refused, if it is.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    // ---- edits (memory only; call save after) ----

    /// Tags `range` of the text with `label` and returns the annotation's id.
    /// Tagging exactly the range of an existing annotation retags it instead.
    pub fn add(
        &mut self,
        label: &str,
        range: Range<usize>,
        annotator: &str,
    ) -> Result<String, StoreError> {
        let label = checked_label(label)?;
        let first = self
            .by_position
            .partition_point(|(r, _)| r.start < range.start);
        let same_range = self.by_position[first..]
            .iter()
            .take_while(|(r, _)| r.start == range.start)
            .find(|(r, _)| r.end == range.end)
            .map(|&(_, i)| self.file.annotations[i].id.clone());
        if let Some(id) = same_range {
            self.relabel(&id, label, EditKind::Retag)?;
            return Ok(id);
        }
        let anchor = Anchor::new(&self.text, range.clone()).ok_or(StoreError::InvalidRange {
            range,
            len: self.text.len(),
        })?;
        let id = self.new_id();
        let now = now();
        let annotation = Annotation {
            id: id.clone(),
            label: label.to_string(),
            note: String::new(),
            annotator: annotator.to_string(),
            created: now,
            modified: now,
            anchor,
        };
        self.commit(EditKind::Tag, &id, Some(annotation));
        Ok(id)
    }

    pub fn set_label(&mut self, id: &str, label: &str) -> Result<(), StoreError> {
        self.relabel(id, checked_label(label)?, EditKind::Retag)
    }

    fn relabel(&mut self, id: &str, label: &str, kind: EditKind) -> Result<(), StoreError> {
        let current = self.annotation(id)?;
        if current.label == label {
            return Ok(());
        }
        let mut after = current.clone();
        after.label = label.to_string();
        after.modified = now();
        self.commit(kind, id, Some(after));
        Ok(())
    }

    /// Replaces the note. Consecutive calls for the same annotation are one
    /// undo step, so an editor may call this on every keystroke.
    pub fn set_note(&mut self, id: &str, note: &str) -> Result<(), StoreError> {
        let current = self.annotation(id)?;
        if current.note == note {
            return Ok(());
        }
        let mut after = current.clone();
        after.note = note.to_string();
        after.modified = now();
        self.commit(EditKind::Note, id, Some(after));
        Ok(())
    }

    /// Removes an annotation and returns it.
    pub fn delete(&mut self, id: &str) -> Result<Annotation, StoreError> {
        let removed = self.annotation(id)?.clone();
        self.commit(EditKind::Delete, id, None);
        Ok(removed)
    }

    /// Sets what the file says about the article (kept from the file when
    /// never set).
    pub fn set_article(&mut self, title: &str, article_path: &str) {
        if self.file.article.title != title || self.file.article.path != article_path {
            self.file.article.title = title.to_string();
            self.file.article.path = article_path.to_string();
            self.header_pending = true;
        }
    }

    /// Marks the file as a teacher's answer key, or not.
    pub fn set_key(&mut self, key: bool) {
        if self.file.key != key {
            self.file.key = key;
            self.header_pending = true;
        }
    }

    /// The name of whoever the file belongs to ("" when none was given).
    pub fn annotator(&self) -> &str {
        &self.file.annotator
    }

    /// Records whose file this is.
    pub fn set_annotator(&mut self, name: &str) {
        if self.file.annotator != name {
            self.file.annotator = name.to_string();
            self.header_pending = true;
        }
    }

    /// When the file was handed in, if it was.
    pub fn submitted(&self) -> Option<OffsetDateTime> {
        self.file.submitted
    }

    /// Hands the file in: saves it with the time of submission, after which
    /// it is read-only, here and whenever it is opened again.
    pub fn submit(&mut self) -> Result<OffsetDateTime, StoreError> {
        let when = now();
        self.file.submitted = Some(when);
        self.header_pending = true;
        if let Err(e) = self.save() {
            self.file.submitted = None;
            return Err(e);
        }
        self.read_only = Some(submitted_reason(when));
        Ok(when)
    }

    /// Reverts the last edit, restoring the annotation exactly as it was.
    pub fn undo(&mut self) -> Option<Change> {
        let step = self.history.undo()?;
        let (change, state) = (change_of(step), step.before.clone());
        self.put(&change.id, state);
        Some(change)
    }

    /// Repeats the last undone edit.
    pub fn redo(&mut self) -> Option<Change> {
        let step = self.history.redo()?;
        let (change, state) = (change_of(step), step.after.clone());
        self.put(&change.id, state);
        Some(change)
    }

    fn annotation(&self, id: &str) -> Result<&Annotation, StoreError> {
        self.index
            .get(id)
            .map(|&i| &self.file.annotations[i])
            .ok_or_else(|| StoreError::UnknownAnnotation { id: id.to_string() })
    }

    fn commit(&mut self, kind: EditKind, id: &str, after: Option<Annotation>) {
        let before = self
            .index
            .get(id)
            .map(|&i| self.file.annotations[i].clone());
        self.put(id, after.clone());
        self.history.record(Step {
            kind,
            id: id.to_string(),
            before,
            after,
        });
    }

    /// Sets one annotation's state (`None`: absent) and marks it unsaved.
    fn put(&mut self, id: &str, state: Option<Annotation>) {
        self.pending.insert(id.to_string());
        match (self.index.get(id).copied(), state) {
            (Some(i), Some(annotation)) => {
                let moved = annotation.anchor != self.file.annotations[i].anchor;
                self.file.annotations[i] = annotation;
                if moved {
                    self.resolutions[i] = self.file.annotations[i].anchor.resolve(&self.text);
                    self.rebuild_indexes();
                }
            }
            (None, Some(annotation)) => {
                let i = self.file.annotations.len();
                let resolution = annotation.anchor.resolve(&self.text);
                if let Some(range) = resolution.range() {
                    let at = self
                        .by_position
                        .partition_point(|(r, _)| (r.start, r.end) <= (range.start, range.end));
                    self.by_position.insert(at, (range, i));
                }
                self.index.insert(id.to_string(), i);
                self.file.annotations.push(annotation);
                self.resolutions.push(resolution);
            }
            (Some(i), None) => {
                self.file.annotations.remove(i);
                self.resolutions.remove(i);
                self.rebuild_indexes();
            }
            (None, None) => {}
        }
    }

    fn new_id(&self) -> String {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        loop {
            let mut hasher = Sha256::new();
            hasher.update(
                OffsetDateTime::now_utc()
                    .unix_timestamp_nanos()
                    .to_le_bytes(),
            );
            hasher.update(std::process::id().to_le_bytes());
            hasher.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
            let id: String = hasher.finalize()[..6]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            if !self.index.contains_key(&id) {
                return id;
            }
        }
    }

    // ---- saving ----

    /// Writes unsaved changes. Under a lock, re-reads the file and, if
    /// another process changed it, applies our changes onto its version so
    /// both survive. On error the changes stay in memory, unsaved.
    pub fn save(&mut self) -> Result<(), StoreError> {
        if let Some(reason) = &self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
                reason: reason.clone(),
            });
        }
        if !self.has_unsaved_changes() {
            return Ok(());
        }
        let _lock = lock(&self.path)?;
        let current = match fs::read(&self.path) {
            Ok(bytes) => Some(bytes),
            Err(error) if error.kind() == io::ErrorKind::NotFound => None,
            Err(source) => return Err(self.io_error("read the annotations", source)),
        };
        if let Some(bytes) = current.filter(|bytes| Some(bytes) != self.on_disk.as_ref()) {
            let theirs = parse(&self.path, &bytes)?;
            self.merge(theirs);
        }
        let path = self.path.clone();
        self.write_to(&path)
    }

    /// Writes every annotation to `path`, which becomes the store's file
    /// (and makes a read-only store writable again).
    pub fn save_as(&mut self, path: impl Into<PathBuf>) -> Result<(), StoreError> {
        let path = path.into();
        let _lock = lock(&path)?;
        self.write_to(&path)?;
        self.path = path;
        self.read_only = None;
        Ok(())
    }

    fn write_to(&mut self, path: &Path) -> Result<(), StoreError> {
        let text_hash = self.text_hash.get_or_init(|| content_hash(&self.text));
        if self.file.article.content_hash != *text_hash {
            self.file.article.content_hash = text_hash.clone();
        }
        let json = self.file.to_json();
        atomic_write(path, json.as_bytes()).map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            action: "save the annotations",
            source,
        })?;
        self.on_disk = Some(json.into_bytes());
        self.pending.clear();
        self.header_pending = false;
        Ok(())
    }

    /// Takes the disk version and applies our unsaved changes onto it, by id.
    fn merge(&mut self, theirs: AnnotationFile) {
        let mut merged = theirs;
        if self.header_pending {
            merged.article = self.file.article.clone();
            merged.key = self.file.key;
            merged.annotator = self.file.annotator.clone();
            merged.submitted = self.file.submitted;
        }
        let mut positions: HashMap<String, usize> = merged
            .annotations
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        let mut deleted = BTreeSet::new();
        for id in &self.pending {
            let ours = self.index.get(id).map(|&i| &self.file.annotations[i]);
            match (positions.get(id), ours) {
                (Some(&i), Some(annotation)) => merged.annotations[i] = annotation.clone(),
                (None, Some(annotation)) => {
                    positions.insert(id.clone(), merged.annotations.len());
                    merged.annotations.push(annotation.clone());
                }
                (Some(_), None) => {
                    deleted.insert(id.as_str());
                }
                (None, None) => {}
            }
        }
        merged
            .annotations
            .retain(|a| !deleted.contains(a.id.as_str()));
        self.file = merged;
        self.place_all();
    }

    fn io_error(&self, action: &'static str, source: io::Error) -> StoreError {
        StoreError::Io {
            path: self.path.clone(),
            action,
            source,
        }
    }
}

fn parse(path: &Path, bytes: &[u8]) -> Result<AnnotationFile, StoreError> {
    AnnotationFile::parse(bytes).map_err(|source| StoreError::Unreadable {
        path: path.to_path_buf(),
        source,
    })
}

/// Holds an exclusive lock on `PATH.lock` until dropped, so two processes
/// never interleave their read-merge-write. The lock file stays: removing it
/// would let a third process lock a different file of the same name. It sits
/// beside the file a symbolic link leads to, so that two links to one file
/// share one lock.
fn lock(path: &Path) -> Result<File, StoreError> {
    let path = &write_target(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        action: "follow the link to the annotations file",
        source,
    })?;
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".lock");
    let lock_path = parent_dir(path).join(name);
    let io_error = |source| StoreError::Io {
        path: lock_path.clone(),
        action: "lock the annotations file",
        source,
    };
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(io_error)?;
    file.lock().map_err(io_error)?;
    Ok(file)
}

fn checked_label(label: &str) -> Result<&str, StoreError> {
    let label = label.trim();
    if label.is_empty() {
        Err(StoreError::EmptyLabel)
    } else {
        Ok(label)
    }
}

fn change_of(step: &Step) -> Change {
    Change {
        kind: step.kind,
        id: step.id.clone(),
    }
}

/// Whole seconds: the file stays readable and nothing needs more.
fn now() -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    now.replace_nanosecond(0).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::Placement;

    const TEXT: &str = "The mayor says rents will fall. Critics disagree. \
        Rents rose 9% last year. Rents will fall, he insists, by 2030.";

    fn range_of(text: &str, quote: &str) -> Range<usize> {
        let start = text.find(quote).unwrap();
        start..start + quote.len()
    }

    fn sidecar(dir: &tempfile::TempDir) -> PathBuf {
        dir.path().join("op-ed.md.marginalia.json")
    }

    fn labels(store: &Store) -> Vec<(&str, &str)> {
        store
            .annotations()
            .iter()
            .map(|a| (a.label.as_str(), a.anchor.quote.as_str()))
            .collect()
    }

    #[test]
    fn a_submitted_file_is_frozen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("student.json");
        let text = "One claim here. Another sentence.";
        let mut store = Store::open(&path, text).unwrap();
        store.add("claim", 0..15, "ana").unwrap();
        store.save().unwrap();
        store.submit().unwrap();
        let before = std::fs::read(&path).unwrap();
        let id = store.add("opinion", 16..33, "ana").unwrap();
        assert!(store.save().is_err());
        store.delete(&id).unwrap();
        let mut reopened = Store::open(&path, text).unwrap();
        assert!(reopened.submitted().is_some());
        assert!(reopened.read_only_reason().unwrap().contains("submitted"));
        reopened.add("opinion", 16..33, "ana").unwrap();
        assert!(reopened.save().is_err());
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn missing_file_is_an_empty_store_and_saving_creates_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = sidecar(&dir);
        let mut store = Store::open(&path, TEXT).unwrap();
        assert!(store.annotations().is_empty());
        store.save().unwrap();
        assert!(!path.exists(), "nothing to save, nothing written");

        store.set_article("Rents", "op-ed.md");
        let id = store
            .add("claim", range_of(TEXT, "Rents rose 9% last year."), "Ada")
            .unwrap();
        assert!(store.has_unsaved_changes());
        store.save().unwrap();
        assert!(!store.has_unsaved_changes());

        let reopened = Store::open(&path, TEXT).unwrap();
        assert_eq!(reopened.annotations(), store.annotations());
        assert_eq!(reopened.article().title, "Rents");
        assert_eq!(reopened.article().content_hash, content_hash(TEXT));
        let (annotation, resolution) = reopened.get(&id).unwrap();
        assert_eq!(annotation.annotator, "Ada");
        assert_eq!(
            resolution.placement,
            Placement::Exact(range_of(TEXT, "Rents rose 9% last year."))
        );
    }

    #[test]
    fn tagging_the_same_range_again_retags() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(sidecar(&dir), TEXT).unwrap();
        let range = range_of(TEXT, "Critics disagree.");
        let first = store.add("claim", range.clone(), "Ada").unwrap();
        let second = store.add(" opinion ", range.clone(), "Ada").unwrap();
        assert_eq!(first, second);
        assert_eq!(labels(&store), vec![("opinion", "Critics disagree.")]);
        // A different range is a new annotation, even when it overlaps.
        store
            .add("claim", range.start..range.end - 1, "Ada")
            .unwrap();
        assert_eq!(store.annotations().len(), 2);
    }

    #[test]
    fn queries_sort_by_position_and_list_orphans() {
        let dir = tempfile::tempdir().unwrap();
        let path = sidecar(&dir);
        let mut store = Store::open(&path, TEXT).unwrap();
        let late = store
            .add("claim", range_of(TEXT, "by 2030"), "Ada")
            .unwrap();
        let whole = store
            .add(
                "opinion",
                range_of(TEXT, "Rents will fall, he insists, by 2030."),
                "Ada",
            )
            .unwrap();
        let early = store
            .add("claim", range_of(TEXT, "The mayor"), "Ada")
            .unwrap();
        store.save().unwrap();

        let ids = |placed: Vec<Placed>| {
            placed
                .iter()
                .map(|p| p.annotation.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ids(store.overlapping(0..TEXT.len()).collect()),
            vec![early.clone(), whole.clone(), late.clone()]
        );
        assert_eq!(
            ids(store.at(TEXT.find("2030").unwrap()).collect()),
            vec![whole.clone(), late.clone()]
        );
        assert_eq!(
            ids(store.at(TEXT.find("he insists").unwrap()).collect()),
            vec![whole.clone()]
        );
        assert!(store.at(TEXT.find("Critics").unwrap()).next().is_none());

        // The article is edited: the mayor goes, a sentence is added before the rest.
        let edited = TEXT.replace("The mayor says rents will fall. ", "A new lede. ");
        let store = Store::open(&path, &edited).unwrap();
        assert_eq!(
            store.orphans().map(|a| a.id.clone()).collect::<Vec<_>>(),
            vec![early]
        );
        let (_, moved) = store.get(&late).unwrap();
        assert!(matches!(moved.placement, Placement::Moved(_)));
        assert_eq!(&edited[moved.range().unwrap()], "by 2030");
    }

    #[test]
    fn bad_edits_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(sidecar(&dir), "naïve").unwrap();
        assert!(matches!(
            store.add("claim", 2..3, "Ada"),
            Err(StoreError::InvalidRange { .. })
        ));
        assert!(matches!(
            store.add("claim", 1..1, "Ada"),
            Err(StoreError::InvalidRange { .. })
        ));
        assert!(matches!(
            store.add("  ", 0..2, "Ada"),
            Err(StoreError::EmptyLabel)
        ));
        assert!(matches!(
            store.set_note("nope", "x"),
            Err(StoreError::UnknownAnnotation { .. })
        ));
        assert!(!store.has_unsaved_changes());
    }

    #[test]
    fn undo_and_redo_restore_exact_states() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(sidecar(&dir), TEXT).unwrap();
        let id = store
            .add("claim", range_of(TEXT, "Critics disagree."), "Ada")
            .unwrap();
        let tagged = store.get(&id).unwrap().0.clone();
        store.set_label(&id, "opinion").unwrap();
        let retagged = store.get(&id).unwrap().0.clone();
        for typed in ["W", "Wh", "Who?"] {
            store.set_note(&id, typed).unwrap();
        }
        let noted = store.get(&id).unwrap().0.clone();
        store.delete(&id).unwrap();
        assert!(store.get(&id).is_none());

        let undo = |store: &mut Store| store.undo().map(|c| c.kind);
        assert_eq!(undo(&mut store), Some(EditKind::Delete));
        assert_eq!(store.get(&id).unwrap().0, &noted);
        assert_eq!(
            store.at(TEXT.find("Critics").unwrap()).count(),
            1,
            "placed again"
        );
        assert_eq!(
            undo(&mut store),
            Some(EditKind::Note),
            "keystrokes are one step"
        );
        assert_eq!(store.get(&id).unwrap().0, &retagged);
        assert_eq!(undo(&mut store), Some(EditKind::Retag));
        assert_eq!(store.get(&id).unwrap().0, &tagged);
        assert_eq!(undo(&mut store), Some(EditKind::Tag));
        assert!(store.annotations().is_empty());
        assert_eq!(undo(&mut store), None);

        assert_eq!(store.redo().map(|c| c.kind), Some(EditKind::Tag));
        assert_eq!(store.redo().map(|c| c.kind), Some(EditKind::Retag));
        assert_eq!(store.get(&id).unwrap().0, &retagged);
        // A new edit ends the redo chain.
        store.set_note(&id, "Fresh").unwrap();
        assert!(!store.can_redo());
        assert_eq!(store.get(&id).unwrap().0.note, "Fresh");
    }

    #[test]
    fn undone_edits_are_saved_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = sidecar(&dir);
        let mut store = Store::open(&path, TEXT).unwrap();
        store
            .add("claim", range_of(TEXT, "Critics disagree."), "Ada")
            .unwrap();
        store.save().unwrap();
        store.undo().unwrap();
        store.save().unwrap();
        assert!(Store::open(&path, TEXT).unwrap().annotations().is_empty());
    }

    #[test]
    fn saving_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = sidecar(&dir);
        let mut store = Store::open(&path, TEXT).unwrap();
        for quote in ["The mayor", "Critics", "Rents rose"] {
            store.add("claim", range_of(TEXT, quote), "Ada").unwrap();
            store.save().unwrap();
        }
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            vec!["op-ed.md.marginalia.json", "op-ed.md.marginalia.json.lock"]
        );
    }

    #[test]
    fn a_failed_save_keeps_the_old_file_and_the_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = sidecar(&dir);
        let mut store = Store::open(&path, TEXT).unwrap();
        store
            .add("claim", range_of(TEXT, "Critics"), "Ada")
            .unwrap();
        store.save().unwrap();
        let before = fs::read(&path).unwrap();

        // A directory where the temporary file must go makes the write fail,
        // even for root, who ignores read-only permissions.
        let blocker = dir.path().join(format!(
            ".op-ed.md.marginalia.json.tmp{}",
            std::process::id()
        ));
        fs::create_dir(&blocker).unwrap();
        store
            .add("opinion", range_of(TEXT, "Rents rose"), "Ada")
            .unwrap();
        let error = store.save().unwrap_err();
        assert!(
            error.to_string().contains("cannot save the annotations"),
            "{error}"
        );
        assert_eq!(fs::read(&path).unwrap(), before);
        assert!(store.has_unsaved_changes());

        fs::remove_dir(&blocker).unwrap();
        store.save().unwrap();
        assert_eq!(Store::open(&path, TEXT).unwrap().annotations().len(), 2);
    }

    #[test]
    fn an_unwritable_place_can_be_left_with_save_as() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        fs::create_dir(&gone).unwrap();
        let mut store = Store::open(gone.join("x.marginalia.json"), TEXT).unwrap();
        // The folder is replaced by a file: nothing can be written there.
        fs::remove_dir(&gone).unwrap();
        fs::write(&gone, "").unwrap();
        store
            .add("claim", range_of(TEXT, "Critics"), "Ada")
            .unwrap();
        assert!(matches!(store.save(), Err(StoreError::Io { .. })));
        let elsewhere = sidecar(&dir);
        store.save_as(&elsewhere).unwrap();
        assert_eq!(store.path(), elsewhere);
        assert!(!store.has_unsaved_changes());
        assert_eq!(
            Store::open(&elsewhere, TEXT).unwrap().annotations().len(),
            1
        );
    }

    #[test]
    fn damaged_files_are_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = sidecar(&dir);
        let damaged = "{\n  \"schema\": 1,\n  \"article\": {\n  oops\n";
        fs::write(&path, damaged).unwrap();

        let error = Store::open(&path, TEXT).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("line 4, column 3"), "{message}");
        assert!(message.contains("left untouched"), "{message}");

        let mut store = Store::read_only_after_damage(&path, TEXT, &error);
        assert!(store.read_only_reason().unwrap().contains("line 4"));
        store
            .add("claim", range_of(TEXT, "Critics"), "Ada")
            .unwrap();
        assert!(matches!(store.save(), Err(StoreError::ReadOnly { .. })));
        assert_eq!(fs::read_to_string(&path).unwrap(), damaged);

        let rescue = dir.path().join("rescued.json");
        store.save_as(&rescue).unwrap();
        assert!(store.read_only_reason().is_none());
        assert_eq!(fs::read_to_string(&path).unwrap(), damaged);
    }

    #[test]
    fn damage_appearing_on_disk_stops_the_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = sidecar(&dir);
        let mut store = Store::open(&path, TEXT).unwrap();
        store
            .add("claim", range_of(TEXT, "Critics"), "Ada")
            .unwrap();
        store.save().unwrap();
        fs::write(&path, "{ torn").unwrap();
        store
            .add("claim", range_of(TEXT, "Rents rose"), "Ada")
            .unwrap();
        assert!(matches!(store.save(), Err(StoreError::Unreadable { .. })));
        assert_eq!(fs::read_to_string(&path).unwrap(), "{ torn");
        assert!(store.has_unsaved_changes());
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = sidecar(&dir);
        fs::write(&path, r#"{"schema": 7, "everything": "different"}"#).unwrap();
        let error = Store::open(&path, TEXT).unwrap_err();
        assert!(error.to_string().contains("schema 7"), "{error}");
    }

    #[test]
    fn two_stores_on_one_file_keep_each_others_edits() {
        let dir = tempfile::tempdir().unwrap();
        let path = sidecar(&dir);
        let mut ada = Store::open(&path, TEXT).unwrap();
        let shared = ada
            .add("claim", range_of(TEXT, "Critics disagree."), "Ada")
            .unwrap();
        let doomed = ada
            .add("claim", range_of(TEXT, "The mayor"), "Ada")
            .unwrap();
        ada.save().unwrap();

        let mut bob = Store::open(&path, TEXT).unwrap();
        ada.add("opinion", range_of(TEXT, "Rents rose 9% last year."), "Ada")
            .unwrap();
        ada.set_note(&shared, "Which critics?").unwrap();
        ada.save().unwrap();

        bob.add("speculation", range_of(TEXT, "by 2030"), "Bob")
            .unwrap();
        bob.delete(&doomed).unwrap();
        bob.save().unwrap();
        // Bob now holds Ada's edits too.
        assert_eq!(bob.get(&shared).unwrap().0.note, "Which critics?");

        ada.set_label(&shared, "opinion").unwrap();
        ada.save().unwrap();

        let merged = Store::open(&path, TEXT).unwrap();
        let mut got: Vec<_> = labels(&merged);
        got.sort();
        assert_eq!(
            got,
            vec![
                ("opinion", "Critics disagree."),
                ("opinion", "Rents rose 9% last year."),
                ("speculation", "by 2030"),
            ]
        );
        assert_eq!(merged.get(&shared).unwrap().0.note, "Which critics?");
        assert_eq!(ada.annotations().len(), 3);
    }

    #[test]
    fn concurrent_saves_from_threads_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = sidecar(&dir);
        let quotes = ["The mayor", "Critics", "Rents rose", "by 2030"];
        std::thread::scope(|scope| {
            for quote in quotes {
                let path = path.clone();
                scope.spawn(move || {
                    let mut store = Store::open(&path, TEXT).unwrap();
                    store.add("claim", range_of(TEXT, quote), "Ada").unwrap();
                    store.save().unwrap();
                });
            }
        });
        assert_eq!(
            Store::open(&path, TEXT).unwrap().annotations().len(),
            quotes.len()
        );
    }
}
