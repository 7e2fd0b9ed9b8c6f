//! Saving on another thread: the reader's UI thread must not wait while a
//! large file (a note of 100 MB) is serialized, written and synced. The
//! store hands out a [`SaveJob`], a snapshot of the file to write, and
//! takes back its [`SaveOutcome`]. The job holds the same lock as
//! [`Store::save`] while it checks that no other process wrote the file
//! since we last read or wrote it and replaces it atomically; if one did,
//! it writes nothing and the outcome carries what is there, which the
//! store merges (on its own thread: merging places anchors on the text) and
//! then saves again.

use std::collections::BTreeSet;
use std::mem;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::disk::{lock, parse, read_annotations, renumber_duplicates};
use super::edit::now;
use super::{Store, StoreError};
use crate::annotate::file::{AnnotationFile, content_hash};
use crate::fsutil::atomic_write;

/// A save to carry out on another thread with [`SaveJob::run`].
#[derive(Debug)]
pub struct SaveJob {
    path: PathBuf,
    file: AnnotationFile,
    /// An annotation's note handed over as pieces to be joined (a note
    /// being typed), by its index in `file.annotations`.
    note: Option<(usize, Vec<Arc<str>>)>,
    /// The file's bytes as the store last read or wrote them.
    expected: Option<Arc<Vec<u8>>>,
}

/// What came of a [`SaveJob`], for [`Store::finish_save`].
#[derive(Debug)]
pub struct SaveOutcome {
    path: PathBuf,
    result: Result<Done, StoreError>,
}

#[derive(Debug)]
enum Done {
    /// These bytes are the file now.
    Written(Vec<u8>),
    /// Another process wrote these bytes since: nothing was written.
    Changed(Vec<u8>),
}

/// The changes a save under way writes.
#[derive(Debug)]
pub(super) struct InFlight {
    ids: BTreeSet<String>,
    header: bool,
}

impl SaveOutcome {
    /// The annotation file the job was for.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The error, if the save failed.
    pub fn error(&self) -> Option<&StoreError> {
        self.result.as_ref().err()
    }
}

impl Store {
    /// A snapshot of the file with every change so far, to be written on
    /// another thread; `None` when there is nothing to write. `note` gives
    /// one annotation's note as pieces, to be joined there (the note editor
    /// hands over the note it holds without copying it here), saved as if
    /// set with [`Store::set_note`] (the store itself keeps its note). Until
    /// [`Store::finish_save`] takes the outcome, the changes count as being
    /// saved, not unsaved, and no other job or [`Store::save`] may start.
    pub fn save_job(
        &mut self,
        note: Option<(&str, Vec<Arc<str>>)>,
    ) -> Result<Option<SaveJob>, StoreError> {
        if let Some(reason) = &self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
                reason: reason.clone(),
            });
        }
        assert!(self.saving.is_none(), "one save job at a time");
        let note = note.and_then(|(id, pieces)| Some((*self.index.get(id)?, pieces)));
        if !self.has_unsaved_changes() && note.is_none() {
            return Ok(None);
        }
        let text_hash = self.text_hash.get_or_init(|| content_hash(&self.text));
        if self.file.article.content_hash != *text_hash {
            self.file.article.content_hash = text_hash.clone();
        }
        // The note handed over replaces the store's, which is not copied.
        let file = match &note {
            Some((i, _)) => {
                let kept = mem::take(&mut self.file.annotations[*i].note);
                let mut file = self.file.clone();
                self.file.annotations[*i].note = kept;
                file.annotations[*i].modified = now();
                file
            }
            None => self.file.clone(),
        };
        self.saving = Some(InFlight {
            ids: mem::take(&mut self.pending),
            header: mem::take(&mut self.header_pending),
        });
        Ok(Some(SaveJob {
            path: self.path.clone(),
            file,
            note,
            expected: self.on_disk.clone(),
        }))
    }

    /// Takes what a job came to: written, or another process's file merged
    /// in (true: save again, to write the merge), or an error, the changes
    /// then unsaved again. An outcome for another file is ignored.
    pub fn finish_save(&mut self, outcome: SaveOutcome) -> Result<bool, StoreError> {
        if outcome.path != self.path {
            return Ok(false);
        }
        let Some(saved) = self.saving.take() else {
            return Ok(false);
        };
        let unsaved = || {
            self.pending.extend(saved.ids);
            self.header_pending |= saved.header;
        };
        match outcome.result {
            Ok(Done::Written(bytes)) => {
                self.on_disk = Some(Arc::new(bytes));
                Ok(false)
            }
            Ok(Done::Changed(bytes)) => {
                unsaved();
                let mut theirs = parse(&self.path, &bytes)?;
                renumber_duplicates(&mut theirs.annotations);
                self.merge(theirs);
                self.on_disk = Some(Arc::new(bytes));
                Ok(true)
            }
            Err(error) => {
                unsaved();
                Err(error)
            }
        }
    }
}

impl SaveJob {
    /// Under the file's lock: writes the snapshot unless another process
    /// wrote the file since the store last read or wrote it.
    pub fn run(self) -> SaveOutcome {
        let path = self.path.clone();
        SaveOutcome {
            result: self.write(),
            path,
        }
    }

    fn write(mut self) -> Result<Done, StoreError> {
        let _lock = lock(&self.path)?;
        let current = read_annotations(&self.path).map_err(|source| StoreError::Io {
            path: self.path.clone(),
            action: "read the annotations",
            source,
        })?;
        if let Some(bytes) = current.filter(|bytes| Some(bytes) != self.expected.as_deref()) {
            return Ok(Done::Changed(bytes));
        }
        if let Some((i, pieces)) = self.note.take() {
            let note = &mut self.file.annotations[i].note;
            note.reserve(pieces.iter().map(|p| p.len()).sum());
            for piece in pieces {
                note.push_str(&piece);
            }
        }
        let json = self.file.to_json();
        drop(self.file);
        atomic_write(&self.path, json.as_bytes()).map_err(|source| StoreError::Io {
            path: self.path.clone(),
            action: "save the annotations",
            source,
        })?;
        Ok(Done::Written(json.into_bytes()))
    }
}
