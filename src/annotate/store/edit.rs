//! Edits to the store, in memory only (the caller saves after), each one
//! recorded for undo and redo.

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::{ReadOnly, Store, StoreError};
use crate::annotate::Annotation;
use crate::annotate::anchor::Anchor;
use crate::annotate::history::{Change, EditKind, Step};

impl Store {
    // ---- edits (memory only; call save after) ----

    /// Tags `range` of the text with `label` and returns the annotation's id.
    /// When an annotation has exactly that range, the label is added to it
    /// (a passage holds several labels) instead of making a second one.
    pub fn add(
        &mut self,
        label: &str,
        range: Range<usize>,
        annotator: &str,
    ) -> Result<String, StoreError> {
        let label = checked_label(label)?;
        if let Some(id) = self.id_with_range(&range) {
            let current = self.annotation(&id)?;
            if !current.has_label(label) {
                let mut labels = current.labels.clone();
                labels.push(label.to_string());
                self.relabel(&id, labels)?;
            }
            return Ok(id);
        }
        self.create(vec![label.to_string()], range, annotator)
    }

    /// A plain note on `range` (no label) and the annotation's id, or the id
    /// of the annotation that already has exactly that range.
    pub fn add_note(&mut self, range: Range<usize>, annotator: &str) -> Result<String, StoreError> {
        match self.id_with_range(&range) {
            Some(id) => Ok(id),
            None => self.create(Vec::new(), range, annotator),
        }
    }

    /// The annotation whose passage is exactly `range`, if one is.
    pub fn id_with_range(&self, range: &Range<usize>) -> Option<String> {
        let first = self
            .by_position
            .partition_point(|(r, _)| r.start < range.start);
        self.by_position[first..]
            .iter()
            .take_while(|(r, _)| r.start == range.start)
            .find(|(r, _)| r.end == range.end)
            .map(|&(_, i)| self.file.annotations[i].id.clone())
    }

    fn create(
        &mut self,
        labels: Vec<String>,
        range: Range<usize>,
        annotator: &str,
    ) -> Result<String, StoreError> {
        let anchor = Anchor::new(&self.text, range.clone()).ok_or(StoreError::InvalidRange {
            range,
            len: self.text.len(),
        })?;
        let id = self.new_id();
        let now = now();
        let annotation = Annotation {
            id: id.clone(),
            labels,
            note: String::new(),
            annotator: annotator.to_string(),
            created: now,
            modified: now,
            anchor,
            extra: Default::default(),
        };
        self.commit(EditKind::Tag, &id, Some(annotation));
        Ok(id)
    }

    /// Makes `label` the annotation's only label.
    pub fn set_label(&mut self, id: &str, label: &str) -> Result<(), StoreError> {
        self.relabel(id, vec![checked_label(label)?.to_string()])
    }

    /// Adds `label` to the annotation, or takes it off when it has it, and
    /// says which (`true`: it has the label now). Taking off the last label
    /// of an annotation without a note deletes it: nothing would be left.
    pub fn toggle_label(&mut self, id: &str, label: &str) -> Result<bool, StoreError> {
        let label = checked_label(label)?;
        let current = self.annotation(id)?;
        let mut labels = current.labels.clone();
        if let Some(at) = labels.iter().position(|l| l == label) {
            labels.remove(at);
            if labels.is_empty() && current.note.trim().is_empty() {
                self.delete(id)?;
            } else {
                self.relabel(id, labels)?;
            }
            Ok(false)
        } else {
            labels.push(label.to_string());
            self.relabel(id, labels)?;
            Ok(true)
        }
    }

    fn relabel(&mut self, id: &str, labels: Vec<String>) -> Result<(), StoreError> {
        let current = self.annotation(id)?;
        if current.labels == labels {
            return Ok(());
        }
        let mut after = current.clone();
        after.labels = labels;
        after.modified = now();
        self.commit(EditKind::Retag, id, Some(after));
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
        self.read_only = Some(ReadOnly::Submitted(when));
        Ok(when)
    }

    /// Replaces every annotation with `annotations` (`import --force`), for
    /// [`Store::save`] to write like any edit: under the lock, merged with
    /// what another process wrote since. Not an undo step. Ids the list
    /// repeats are renumbered as on opening.
    pub fn replace_all(&mut self, mut annotations: Vec<Annotation>) {
        super::disk::renumber_duplicates(&mut annotations);
        let kept: std::collections::HashSet<&str> =
            annotations.iter().map(|a| a.id.as_str()).collect();
        let gone: Vec<String> = self
            .file
            .annotations
            .iter()
            .filter(|a| !kept.contains(a.id.as_str()))
            .map(|a| a.id.clone())
            .collect();
        for id in gone {
            self.put(&id, None);
        }
        for annotation in annotations {
            let id = annotation.id.clone();
            self.put(&id, Some(annotation));
        }
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
pub(super) fn now() -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    now.replace_nanosecond(0).unwrap_or(now)
}
