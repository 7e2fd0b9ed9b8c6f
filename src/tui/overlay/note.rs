//! The note editor, in the side panel: it takes every key but its own
//! (Esc), and saves the note as it is typed.

use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{CursorMove, TextArea};

use super::Step;
use crate::tui::action::Action;
use crate::tui::app::{Effect, State};
use crate::tui::keymap::Context;
use crate::tui::reader::Focus;

pub struct NoteEditor {
    /// The annotation whose note this is.
    pub id: String,
    pub textarea: TextArea<'static>,
}

impl NoteEditor {
    /// An editor on `note`, with the cursor at its end.
    pub fn new(id: String, note: &str) -> NoteEditor {
        let lines: Vec<String> = note.split('\n').map(str::to_string).collect();
        let mut textarea = TextArea::new(lines);
        textarea.move_cursor(CursorMove::Bottom);
        textarea.move_cursor(CursorMove::End);
        NoteEditor { id, textarea }
    }
}

pub fn on_key(editor: &mut NoteEditor, state: &mut State, key: &KeyEvent) -> Step {
    let Some(reader) = state.reader.as_mut() else {
        return Step::Close(Vec::new());
    };
    if state.keymap.action(Context::NoteEditor, key) == Some(Action::Cancel) {
        reader.focus = Focus::Text;
        return Step::Close(Vec::new());
    }
    if !editor.textarea.input(*key) {
        return Step::Stay(Vec::new());
    }
    let note = editor.textarea.lines().join("\n");
    match reader.store_mut().set_note(&editor.id, &note) {
        Ok(()) => Step::Stay(vec![Effect::SaveAnnotations]),
        Err(e) => {
            state.complain(e.to_string());
            Step::Stay(Vec::new())
        }
    }
}
