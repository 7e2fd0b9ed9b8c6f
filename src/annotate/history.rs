//! Undo and redo: each step keeps one annotation's whole state before and
//! after, so undoing restores it exactly (its times included) and steps
//! stay valid after another process's changes are merged in.

use super::Annotation;

/// Older steps are forgotten past this many.
const MAX_STEPS: usize = 1000;

/// What an edit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditKind {
    Tag,
    Retag,
    Note,
    Delete,
}

/// An edit undone or redone: which annotation, and what had been done to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: EditKind,
    pub id: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub kind: EditKind,
    pub id: String,
    /// `None`: the annotation did not exist.
    pub before: Option<Annotation>,
    pub after: Option<Annotation>,
}

#[derive(Debug, Default)]
pub(crate) struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The last step is a note edit that further keystrokes on the same
    /// annotation extend instead of stacking one step per key.
    note_open: bool,
}

impl History {
    pub fn record(&mut self, step: Step) {
        self.redo.clear();
        if step.kind == EditKind::Note
            && self.note_open
            && let Some(last) = self.undo.last_mut().filter(|last| last.id == step.id)
        {
            last.after = step.after;
            return;
        }
        self.note_open = step.kind == EditKind::Note;
        if self.undo.len() == MAX_STEPS {
            self.undo.remove(0);
        }
        self.undo.push(step);
    }

    /// The step to revert; apply its `before`.
    pub fn undo(&mut self) -> Option<&Step> {
        self.note_open = false;
        let step = self.undo.pop()?;
        self.redo.push(step);
        self.redo.last()
    }

    /// The step to repeat; apply its `after`.
    pub fn redo(&mut self) -> Option<&Step> {
        self.note_open = false;
        let step = self.redo.pop()?;
        self.undo.push(step);
        self.undo.last()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(kind: EditKind, id: &str) -> Step {
        Step {
            kind,
            id: id.into(),
            before: None,
            after: None,
        }
    }

    #[test]
    fn note_keystrokes_on_one_annotation_merge() {
        let mut history = History::default();
        history.record(step(EditKind::Note, "a"));
        history.record(step(EditKind::Note, "a"));
        history.record(step(EditKind::Note, "b"));
        history.record(step(EditKind::Note, "b"));
        assert_eq!(history.undo().map(|s| s.id.clone()), Some("b".into()));
        assert_eq!(history.undo().map(|s| s.id.clone()), Some("a".into()));
        assert!(!history.can_undo());
    }

    #[test]
    fn undo_closes_the_note_group() {
        let mut history = History::default();
        history.record(step(EditKind::Note, "a"));
        history.record(step(EditKind::Tag, "b"));
        history.undo();
        history.record(step(EditKind::Note, "a"));
        history.undo();
        assert_eq!(history.undo().map(|s| s.kind), Some(EditKind::Note));
        assert!(!history.can_undo());
    }

    #[test]
    fn a_new_edit_clears_redo() {
        let mut history = History::default();
        history.record(step(EditKind::Tag, "a"));
        history.undo();
        assert!(history.can_redo());
        history.record(step(EditKind::Tag, "b"));
        assert!(!history.can_redo());
    }

    #[test]
    fn oldest_steps_are_dropped_past_the_limit() {
        let mut history = History::default();
        for i in 0..MAX_STEPS + 5 {
            history.record(step(EditKind::Tag, &i.to_string()));
        }
        let mut count = 0;
        while history.undo().is_some() {
            count += 1;
        }
        assert_eq!(count, MAX_STEPS);
    }
}
