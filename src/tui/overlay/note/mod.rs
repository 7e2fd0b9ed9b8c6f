//! The note editor, over the reading view: it takes every key but its own
//! (Esc). Lines wrap at words (or, for a word wider than the editor, at a
//! grapheme), by display width, so CJK and emoji take their two cells. The
//! text area edits the lines around the cursor only ([`window`]), so a
//! note of any length types as quickly as a short one. What is typed is
//! saved on a pause in the typing, on another thread, and when the editor
//! closes (see `app::update`), never per key: rewriting a large annotation
//! file per key made typing lag behind.

mod pieces;
#[cfg(test)]
mod tests;
mod window;

use std::sync::Arc;

use ratatui::crossterm::event::KeyEvent;

use super::Step;
use crate::tui::action::Action;
use crate::tui::app::{Effect, State};
use crate::tui::keymap::Context;
use crate::tui::reader::Reader;
pub use window::NoteWindow;

/// The editing keys of ratatui-textarea's default bindings, which the
/// editor hands every key but its own to: not in the keymap (the text area
/// reads them itself), listed so that the help shows them too.
pub const EDITING_KEYS: &[(&str, &str)] = &[
    ("← → ↑ ↓", "move by character or line"),
    ("Ctrl-← Ctrl-→", "move by word"),
    ("Ctrl-↑ Ctrl-↓", "move by paragraph"),
    ("Home End", "start or end of the line"),
    ("Ctrl-Home/End", "start or end of the note"),
    ("PgUp PgDn", "scroll a page"),
    ("Enter", "new line"),
    ("Bksp Del", "delete a character"),
    ("Ctrl-w Alt-d", "delete a word before or after"),
    ("Ctrl-k Ctrl-j", "delete to the end or start of the line"),
    (
        "Ctrl-u Ctrl-r",
        "undo, redo (in a long note: near the cursor)",
    ),
    ("Ctrl-y", "paste what was last deleted"),
];

/// A note up to this long is put in the store on a pause in the typing.
const STORED_ON_A_PAUSE: usize = 64 * 1024;

pub struct NoteEditor {
    /// The annotation whose note this is.
    pub id: String,
    window: NoteWindow,
    /// Typed into since the note was last put in the store.
    unstored: bool,
    /// Typed into since the note was last handed to a save.
    unsaved: bool,
}

impl NoteEditor {
    /// An editor on `note`, with the cursor at its end.
    pub fn new(id: String, note: &str) -> NoteEditor {
        NoteEditor {
            id,
            window: NoteWindow::new(note),
            unstored: false,
            unsaved: false,
        }
    }

    /// The note's lines around the cursor, to draw.
    pub fn window(&self) -> &NoteWindow {
        &self.window
    }

    /// Puts what was typed since the last time into the store, and asks
    /// for it to be saved; the error, if the store refuses. This copies the
    /// note (and the store keeps it for undo): it is done as the editor
    /// closes, or before what may read or change the store, not on a pause.
    pub fn store_typed(&mut self, reader: &mut Reader) -> Result<Vec<Effect>, String> {
        if !std::mem::take(&mut self.unstored) {
            return Ok(Vec::new());
        }
        self.unsaved = false;
        let note = self.window.text();
        match reader.store_mut().set_note(&self.id, &note) {
            Ok(()) => Ok(vec![Effect::SaveAnnotations]),
            Err(e) => Err(e.to_string()),
        }
    }

    /// On a pause in the typing: what was typed since the last save is
    /// saved. A short note is put in the store first, as on closing (so the
    /// notes panel shows it); a long one is left out of the store, which
    /// would copy it, and the save takes it from
    /// [`NoteEditor::note_for_saving`].
    pub fn save_typed(&mut self, reader: &mut Reader) -> Result<Vec<Effect>, String> {
        if !self.unsaved {
            return Ok(Vec::new());
        }
        if self.window.is_whole() && self.window.window_bytes() <= STORED_ON_A_PAUSE {
            return self.store_typed(reader);
        }
        self.unsaved = false;
        Ok(vec![Effect::SaveAnnotations])
    }

    /// The note as shared pieces when the store does not have it yet, for
    /// a save on another thread to join: the window's lines are copied,
    /// the rest of the note is not.
    pub fn note_for_saving(&self) -> Option<(&str, Vec<Arc<str>>)> {
        self.unstored
            .then(|| (self.id.as_str(), self.window.shared()))
    }
}

pub fn on_key(editor: &mut NoteEditor, state: &mut State, key: &KeyEvent) -> Step {
    let Some(reader) = state.reader.as_mut() else {
        return Step::Close(Vec::new());
    };
    if state.keymap.action(Context::NoteEditor, key) == Some(Action::Cancel) {
        reader.focus_text();
        let mut effects = match editor.store_typed(reader) {
            Ok(effects) => effects,
            Err(why) => {
                state.complain(why);
                return Step::Close(Vec::new());
            }
        };
        // A plain note left empty is nothing: it goes, rather than stay as
        // an annotation with neither a label nor a note.
        let empty = reader
            .store()
            .get(&editor.id)
            .is_some_and(|(a, _)| a.labels.is_empty() && a.note.trim().is_empty());
        if empty && reader.store_mut().delete(&editor.id).is_ok() {
            state.say("empty note: nothing kept");
            effects.push(Effect::SaveAnnotations);
        }
        return Step::Close(effects);
    }
    if editor.window.input(*key) {
        editor.unstored = true;
        editor.unsaved = true;
    }
    Step::Stay(Vec::new())
}
