//! The three single-line fields: what each does with what is typed.

use std::path::PathBuf;

use ratatui::crossterm::event::KeyEvent;

use super::Step;
use crate::tui::app::{Effect, State, not_found};
use crate::tui::line_input::{Edit, LineInput};

/// The path typed after `S`: Enter saves there, Esc gives up.
pub fn save_as(input: &mut LineInput, state: &mut State, key: &KeyEvent) -> Step {
    match input.on_key(&state.keymap, key) {
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
    let edit = input.on_key(&state.keymap, key);
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

/// The search runs as it is typed; Enter keeps the place found, Esc goes
/// back to where the search began.
pub fn search(input: &mut LineInput, state: &mut State, key: &KeyEvent) -> Step {
    let edit = input.on_key(&state.keymap, key);
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
            let search = reader.search();
            if search.matches().is_empty() && !search.query().is_empty() {
                state.message = Some(not_found(search.query()));
            }
            Step::Close(Vec::new())
        }
        Edit::Changed => {
            reader.update_search(input.text().to_string());
            Step::Stay(Vec::new())
        }
        Edit::Unchanged | Edit::Passed(_) => Step::Stay(Vec::new()),
    }
}
