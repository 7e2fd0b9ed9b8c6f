//! The note editor, over the reading view: it takes every key but its own
//! (Esc). Lines wrap at words (or, for a word wider than the editor, at a
//! grapheme), by display width, so CJK and emoji take their two cells. What is typed is saved on a pause in the typing and when the
//! editor closes (see `app::update`), never per key: rewriting a large
//! annotation file per key made typing lag behind.

use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::Step;
use crate::tui::action::Action;
use crate::tui::app::{Effect, State};
use crate::tui::keymap::Context;
use crate::tui::reader::Reader;

/// The editing keys of ratatui-textarea's default bindings, which the
/// editor hands every key but its own to: not in the keymap (the text area
/// reads them itself), listed so that the help shows them too.
pub const EDITING_KEYS: &[(&str, &str)] = &[
    ("← → ↑ ↓", "move by character or line"),
    ("Ctrl-← Ctrl-→", "move by word"),
    ("Ctrl-↑ Ctrl-↓", "move by paragraph"),
    ("Home End", "start or end of the line"),
    ("PgUp PgDn", "scroll a page"),
    ("Enter", "new line"),
    ("Bksp Del", "delete a character"),
    ("Ctrl-w Alt-d", "delete a word before or after"),
    ("Ctrl-k Ctrl-j", "delete to the end or start of the line"),
    ("Ctrl-u Ctrl-r", "undo, redo"),
    ("Ctrl-y", "paste what was last deleted"),
];

pub struct NoteEditor {
    /// The annotation whose note this is.
    pub id: String,
    pub textarea: TextArea<'static>,
    /// Typed into since the note was last put in the store.
    pub typed: bool,
}

impl NoteEditor {
    /// An editor on `note`, with the cursor at its end.
    pub fn new(id: String, note: &str) -> NoteEditor {
        let lines: Vec<String> = note.split('\n').map(str::to_string).collect();
        let mut textarea = TextArea::new(lines);
        textarea.move_cursor(CursorMove::Bottom);
        textarea.move_cursor(CursorMove::End);
        textarea.set_cursor_line_style(ratatui::style::Style::new());
        textarea.set_wrap_mode(WrapMode::WordOrGlyph);
        NoteEditor {
            id,
            textarea,
            typed: false,
        }
    }

    /// Puts what was typed since the last time into the store, and asks
    /// for it to be saved; the error, if the store refuses.
    pub fn store_typed(&mut self, reader: &mut Reader) -> Result<Vec<Effect>, String> {
        if !std::mem::take(&mut self.typed) {
            return Ok(Vec::new());
        }
        let note = self.textarea.lines().join("\n");
        match reader.store_mut().set_note(&self.id, &note) {
            Ok(()) => Ok(vec![Effect::SaveAnnotations]),
            Err(e) => Err(e.to_string()),
        }
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
    if editor.textarea.input(*key) {
        editor.typed = true;
    }
    Step::Stay(Vec::new())
}
