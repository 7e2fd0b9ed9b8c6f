//! Saving the open article's annotations on the runner's writer thread:
//! what to write is taken from the state here, as data (the store's
//! changes, and the note being typed, which the store does not have until
//! the editor closes), and what came of it comes back through `update` as
//! [`Msg::Saved`](super::Msg::Saved).

use crate::annotate::{SaveJob, SaveOutcome, StoreError};
use crate::tui::overlay::Overlay;

use super::{Effect, State};

/// What [`Effect::SaveAnnotations`] writes: every change so far, with the
/// note being typed; `None` when nothing is unsaved. Until its outcome is
/// taken in by `update`, no other job is made (the runner waits).
pub fn save_job(state: &mut State) -> Result<Option<SaveJob>, StoreError> {
    state.save_asked = false;
    // A closed article's annotations first: nothing else will save them.
    if let Some(store) = state.closing.as_mut() {
        if store.has_unsaved_changes() {
            return store.save_job(None);
        }
        state.closing = None;
    }
    let Some(reader) = state.reader.as_mut() else {
        return Ok(None);
    };
    let note = match &state.overlay {
        Some(Overlay::Note(editor)) => editor.note_for_saving(),
        _ => None,
    };
    reader.store_for_saving().save_job(note)
}

/// A save's outcome: nothing to do, another save (another program wrote
/// the file meanwhile: its annotations are merged in, ours to write), or
/// the error said (also when the article was closed meanwhile).
pub(super) fn saved(state: &mut State, outcome: SaveOutcome) -> Vec<Effect> {
    let path = outcome.path().to_path_buf();
    let closing = state.closing.as_ref().is_some_and(|s| s.path() == path);
    let store = match closing {
        true => state.closing.as_mut(),
        false => state
            .reader
            .as_mut()
            .map(|reader| reader.store_for_saving())
            .filter(|store| store.path() == path),
    };
    let Some(store) = store else {
        if let Some(error) = outcome.error() {
            state.complain(error.to_string());
        }
        return Vec::new();
    };
    let result = store.finish_save(outcome);
    let done = !store.is_saving() && !store.has_unsaved_changes();
    if closing && (done || result.is_err()) {
        state.closing = None;
    }
    match result {
        Ok(true) => vec![Effect::SaveAnnotations],
        Ok(false) => Vec::new(),
        Err(error) if closing => {
            state.complain(format!(
                "{error} — the article was closed: those changes are lost"
            ));
            Vec::new()
        }
        Err(error) => {
            complain_unsaved(state, &error.to_string());
            Vec::new()
        }
    }
}

/// A save failed: said with what the reader can do.
pub(super) fn complain_unsaved(state: &mut State, why: &str) {
    state.complain(format!(
        "{why} — your changes are kept in memory; S saves them to another file"
    ));
}
