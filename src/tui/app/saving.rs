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
    let store = state
        .reader
        .as_mut()
        .map(|reader| reader.store_for_saving())
        .filter(|store| store.path() == outcome.path());
    let Some(store) = store else {
        if let Some(error) = outcome.error() {
            state.complain(error.to_string());
        }
        return Vec::new();
    };
    match store.finish_save(outcome) {
        Ok(true) => vec![Effect::SaveAnnotations],
        Ok(false) => Vec::new(),
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
