//! The three single-line fields: what each does with what is typed.

use std::path::PathBuf;

use ratatui::crossterm::event::KeyEvent;

use super::Step;
use crate::tui::action::Action;
use crate::tui::app::{Effect, State, not_found};
use crate::tui::keymap::Context;
use crate::tui::line_input::{Edit, LineInput};

/// The path typed after `S`: Enter saves there, Esc gives up.
pub fn save_as(input: &mut LineInput, state: &mut State, key: &KeyEvent) -> Step {
    match input.on_key(&state.keymap, Context::TextField, key) {
        Edit::Cancelled => Step::Close(Vec::new()),
        Edit::Accepted => {
            let path = PathBuf::from(input.text().trim());
            if path.as_os_str().is_empty() {
                Step::Close(Vec::new())
            } else {
                Step::Close(vec![Effect::SaveAnnotationsAs(path)])
            }
        }
        _ => Step::Stay(Vec::new()),
    }
}

/// The library's filter narrows the list as it is typed; moves go through
/// to the list.
pub fn filter(input: &mut LineInput, state: &mut State, key: &KeyEvent) -> Step {
    let edit = input.on_key(&state.keymap, Context::Filter, key);
    let library = &mut state.library;
    let step = match edit {
        Edit::Passed(_) => return Step::Pass,
        Edit::Cancelled => {
            library.filter.clear();
            Step::Close(Vec::new())
        }
        Edit::Accepted => Step::Close(Vec::new()),
        Edit::Changed | Edit::Unchanged => {
            library.filter = input.text().to_string();
            Step::Stay(Vec::new())
        }
    };
    library.selected = 0;
    step
}

/// The search being typed, and where in the history ↑/↓ have got to.
#[derive(Debug, Clone, Default)]
pub struct SearchField {
    pub input: LineInput,
    /// The history entry shown (an index into it), once ↑ was pressed.
    recalled: Option<usize>,
    /// What was typed before the history was recalled, for ↓ to go back to.
    draft: String,
}

impl SearchField {
    pub fn text(&self) -> &str {
        self.input.text()
    }

    /// One step through `history` (oldest first): back to older searches,
    /// or forward to newer ones and then to what was being typed. True
    /// when the text changed.
    fn recall(&mut self, history: &[String], older: bool) -> bool {
        let next = match (self.recalled, older) {
            (None, true) => history.len().checked_sub(1),
            (None, false) => return false,
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) => Some(i + 1).filter(|&n| n < history.len()),
        };
        if self.recalled.is_none() {
            self.draft = self.input.text().to_string();
        }
        let text = match next {
            Some(i) => history[i].clone(),
            None if self.recalled.is_some() => self.draft.clone(),
            None => return false,
        };
        self.recalled = next;
        let changed = text != self.input.text();
        self.input.set_text(text);
        changed
    }
}

/// The search runs as it is typed; Enter keeps the place found (and the
/// search in the history), Esc goes back to where the search began, ↑/↓
/// bring back earlier searches.
pub fn search(field: &mut SearchField, state: &mut State, key: &KeyEvent) -> Step {
    let edit = match field.input.on_key(&state.keymap, Context::Search, key) {
        Edit::Passed(Action::ScrollUp) => field.recall(&state.memory.search_history, true),
        Edit::Passed(Action::ScrollDown) => field.recall(&state.memory.search_history, false),
        Edit::Changed => {
            field.recalled = None;
            true
        }
        other => return finish_search(field, state, other),
    };
    if edit && let Some(reader) = state.reader.as_mut() {
        reader.update_search(field.text().to_string());
    }
    Step::Stay(Vec::new())
}

fn finish_search(field: &SearchField, state: &mut State, edit: Edit) -> Step {
    let Some(reader) = state.reader.as_mut() else {
        return Step::Close(Vec::new());
    };
    match edit {
        Edit::Cancelled => {
            reader.cancel_search();
            Step::Close(Vec::new())
        }
        Edit::Accepted => {
            reader.accept_search();
            let query = field.text().to_string();
            if reader.search().matches().is_empty() && !query.is_empty() {
                state.message = Some(not_found(&query));
            }
            if query.trim().is_empty() {
                return Step::Close(Vec::new());
            }
            state.memory.remember_search(&query);
            Step::Close(vec![Effect::SaveMemory])
        }
        _ => Step::Stay(Vec::new()),
    }
}
