//! The store on disk: reading with a bound, the rules on which files may
//! be replaced, locking, merging what another process wrote since, and
//! replacing the file atomically. Every writer of an annotation file (the
//! reader's saves, `import --force`) goes through [`Store::save`], so all
//! take the same lock and merge the same way.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::lock::{FileLock, lock_path};
use super::{ReadOnly, ReadingText, Store, StoreError};
use crate::annotate::Annotation;
use crate::annotate::file::{AnnotationFile, content_hash};
use crate::fsutil::{atomic_write, process_alive, read_bounded, temporaries, write_target};

/// Larger annotation files (and key files, and imports) are refused. Far
/// above any real one (a note of a whole book is a few MB), low enough that
/// `--annotations /dev/zero` stops at once instead of filling memory.
pub const MAX_ANNOTATION_BYTES: u64 = 256 * 1024 * 1024;

impl Store {
    /// Loads the annotations file at `path` (a missing one is an empty
    /// store) and places every annotation on `text`, which the store shares
    /// (an article's text is held once, however long). A file that cannot be
    /// read is an error, and is never written over; see
    /// [`Store::read_only_after_damage`]. Opening also removes temporary
    /// and lock files that killed processes left beside it, renumbers duplicate ids,
    /// and opens read-only a file that must not be replaced (see
    /// [`Store::notices`] and [`Store::read_only_reason`]).
    pub fn open(
        path: impl Into<PathBuf>,
        text: &(impl ReadingText + ?Sized),
    ) -> Result<Store, StoreError> {
        let text = text.shared();
        let path = path.into();
        let target = write_target(&path).map_err(|source| StoreError::Io {
            path: path.clone(),
            action: "follow the link to the annotations file",
            source,
        })?;
        remove_stale_leftovers(&path, &target);
        let (mut file, on_disk) = match read_annotations(&target) {
            Ok(Some(bytes)) => (parse(&path, &bytes)?, Some(bytes)),
            Ok(None) => (AnnotationFile::default(), None),
            Err(source) => {
                return Err(StoreError::Io {
                    path,
                    action: "read the annotations",
                    source,
                });
            }
        };
        let renumbered = renumber_duplicates(&mut file.annotations);
        let read_only = refusal(&path, &target, on_disk.as_deref());
        let mut store = Store::with_file(path, &text, file, on_disk);
        if !renumbered.is_empty() {
            let (count, each) = match renumbered.len() {
                1 => ("1 annotation".to_string(), "it"),
                n => (format!("{n} annotations"), "each"),
            };
            store.notices.push(format!(
                "{count} shared an id with another; {each} now has its own ({})",
                renumbered.join(", ")
            ));
            // Saved with the next save; a store that may not save keeps
            // the new ids in memory only.
            if read_only.is_none() && store.read_only.is_none() {
                store.pending.extend(renumbered);
            }
        }
        if let Some(reason) = read_only {
            store.notices.push(format!(
                "{}: opened read-only because {reason}",
                store.path.display()
            ));
            store.read_only.get_or_insert(reason);
        }
        Ok(store)
    }

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
        let current = read_annotations(&self.path)
            .map_err(|source| self.io_error("read the annotations", source))?;
        if let Some(bytes) = current.filter(|bytes| Some(bytes) != self.on_disk.as_deref()) {
            let mut theirs = parse(&self.path, &bytes)?;
            renumber_duplicates(&mut theirs.annotations);
            self.merge(theirs);
        }
        let path = self.path.clone();
        self.write_to(&path)
    }

    /// Writes every annotation to `path`, which becomes the store's file
    /// (and makes a read-only store writable again). A file already there
    /// is replaced only if it is an annotations file that may be replaced:
    /// never a damaged or foreign one, a read-only one, or a device.
    pub fn save_as(&mut self, path: impl Into<PathBuf>) -> Result<(), StoreError> {
        self.write_elsewhere(path.into(), false).map(|_| ())
    }

    /// [`Store::save_as`] for a person choosing where to save (the
    /// reader's `S`): the annotations already in an annotations file there
    /// are kept, merged by the store's rules (ours win where both have an
    /// id), so naming an existing file never loses what it holds. A file of
    /// another article (not our text's hash, nor our title: the text may
    /// have been edited since), or an answer key, is refused. Returns how many of
    /// the file's annotations were kept beside ours.
    pub fn save_into(&mut self, path: impl Into<PathBuf>) -> Result<usize, StoreError> {
        self.write_elsewhere(path.into(), true)
    }

    fn write_elsewhere(&mut self, path: PathBuf, merge: bool) -> Result<usize, StoreError> {
        let _lock = lock(&path)?;
        let target = write_target(&path).map_err(|source| StoreError::Io {
            path: path.clone(),
            action: "follow the link to the annotations file",
            source,
        })?;
        let existing = read_annotations(&target).map_err(|source| StoreError::Io {
            path: path.clone(),
            action: "read what is there",
            source,
        })?;
        let theirs = match &existing {
            Some(bytes) => Some(parse(&path, bytes)?),
            None => None,
        };
        if let Some(reason) = refusal(&path, &target, existing.as_deref()) {
            return Err(StoreError::ReadOnly { path, reason });
        }
        let mut kept = 0;
        if let Some(mut theirs) = theirs.filter(|t| merge && !t.annotations.is_empty()) {
            let our_hash = self.text_hash.get_or_init(|| content_hash(&self.text));
            let same_article = theirs.article.content_hash == *our_hash
                || (!theirs.article.title.is_empty()
                    && theirs.article.title == self.file.article.title);
            if theirs.key != self.file.key || !same_article {
                let what = match (theirs.key, self.file.key) {
                    (true, false) => "an answer key",
                    (false, true) => "a reader's annotations, not a key",
                    _ => "the annotations of another article",
                };
                return Err(StoreError::OtherArticle {
                    path,
                    what,
                    title: theirs.article.title,
                });
            }
            renumber_duplicates(&mut theirs.annotations);
            let ours: BTreeSet<&str> = self
                .file
                .annotations
                .iter()
                .map(|a| a.id.as_str())
                .collect();
            kept = theirs
                .annotations
                .iter()
                .filter(|a| !ours.contains(a.id.as_str()))
                .count();
            // Every annotation of ours is new to that file.
            self.pending
                .extend(self.file.annotations.iter().map(|a| a.id.clone()));
            self.header_pending = true;
            self.merge(theirs);
        }
        self.write_to(&path)?;
        self.path = path;
        self.read_only = None;
        Ok(kept)
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
        self.on_disk = Some(Arc::new(json.into_bytes()));
        self.pending.clear();
        self.header_pending = false;
        Ok(())
    }

    /// Takes the disk version and applies our unsaved changes onto it, by id.
    pub(super) fn merge(&mut self, theirs: AnnotationFile) {
        let mut merged = theirs;
        if self.header_pending {
            let theirs_extra = std::mem::take(&mut merged.article.extra);
            merged.article = self.file.article.clone();
            merged.article.extra.extend(theirs_extra);
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

pub(super) fn parse(path: &Path, bytes: &[u8]) -> Result<AnnotationFile, StoreError> {
    AnnotationFile::parse(bytes).map_err(|source| StoreError::Unreadable {
        path: path.to_path_buf(),
        source,
    })
}

/// Holds the annotations file's lock until dropped, so two processes
/// never interleave their read-merge-write (see [`FileLock`]). It sits
/// beside the file a symbolic link leads to, so that two links to one file
/// share one lock.
pub(super) fn lock(path: &Path) -> Result<FileLock, StoreError> {
    let target = write_target(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        action: "follow the link to the annotations file",
        source,
    })?;
    let lock_path = lock_path(&target);
    FileLock::acquire(&lock_path).map_err(|source| StoreError::Io {
        path: lock_path,
        action: "lock the annotations file",
        source,
    })
}

/// The file's bytes, `None` when there is no file.
pub(super) fn read_annotations(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match read_annotation_bytes(path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        other => other.map(Some),
    }
}

/// An annotations file's bytes, read as every reader of one must: only a
/// regular file, and only up to [`MAX_ANNOTATION_BYTES`].
pub fn read_annotation_bytes(path: &Path) -> io::Result<Vec<u8>> {
    let meta = fs::metadata(path)?;
    if meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a folder, not an annotations file",
        ));
    }
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is a device or a pipe, not an annotations file",
        ));
    }
    read_bounded(path, MAX_ANNOTATION_BYTES, "an annotations file")
}

/// Why a file that opened must not be replaced, if it must not: its
/// permissions say read-only (the rename would replace it regardless), or
/// it is reached through a link and is not an annotations file (a link to
/// any file must not make marginalia write over it).
fn refusal(path: &Path, target: &Path, bytes: Option<&[u8]>) -> Option<ReadOnly> {
    if fs::metadata(target).is_ok_and(|m| m.permissions().readonly()) {
        return Some(ReadOnly::Permissions);
    }
    let through_link = target != path;
    let blank = bytes.is_some_and(|b| b.iter().all(u8::is_ascii_whitespace));
    (through_link && blank).then(|| ReadOnly::ForeignLinkTarget(target.to_path_buf()))
}

/// Gives every annotation whose id an earlier one already has an id of its
/// own, so that editing one never acts on the other. The new id is made
/// from the old one and the annotation's place in the file, so every
/// process that reads the same file picks the same ids and merges agree.
/// Returns the new ids.
pub(super) fn renumber_duplicates(annotations: &mut [Annotation]) -> Vec<String> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut duplicates = Vec::new();
    for (i, annotation) in annotations.iter().enumerate() {
        if !seen.insert(annotation.id.clone()) {
            duplicates.push(i);
        }
    }
    let mut renumbered = Vec::new();
    for i in duplicates {
        let old = &annotations[i].id;
        let mut attempt = 0u32;
        let id = loop {
            let mut hasher = Sha256::new();
            hasher.update(old.as_bytes());
            hasher.update(i.to_le_bytes());
            hasher.update(attempt.to_le_bytes());
            let id: String = hasher.finalize()[..6]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            if !seen.contains(&id) {
                break id;
            }
            attempt += 1;
        };
        seen.insert(id.clone());
        annotations[i].id = id.clone();
        renumbered.push(id);
    }
    renumbered
}

/// Removes what processes killed mid-save left beside the file: temporary
/// files (`.NAME.tmpPID`, up to the file's size each), removed only under
/// the file's lock, which every writer holds while its temporary file
/// exists, and only those of processes that no longer run (or this one);
/// and a lock file no one holds (one of an older marginalia, which kept
/// them, or of a writer killed while it held the lock).
fn remove_stale_leftovers(path: &Path, target: &Path) {
    let own = std::process::id();
    let stale: Vec<PathBuf> = temporaries(target)
        .into_iter()
        .filter(|&(_, pid)| pid == own || process_alive(pid) == Some(false))
        .map(|(temp, _)| temp)
        .collect();
    if stale.is_empty() {
        FileLock::remove_if_stale(&lock_path(target));
        return;
    }
    if let Ok(_lock) = lock(path) {
        for temp in stale {
            let _ = fs::remove_file(temp);
        }
    }
}
