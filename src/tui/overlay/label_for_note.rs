//! After `a` on untagged text: the next label key tags the passage and
//! opens its note; Esc gives up; other keys work as ever, still waiting.

use ratatui::crossterm::event::KeyEvent;

use super::Step;
use crate::tui::action::Action;
use crate::tui::app::{State, tag};

pub fn on_key(state: &mut State, key: &KeyEvent) -> Step {
    match state.keymap.action(state.context(), key) {
        Some(Action::Tag(index)) => Step::Close(tag(state, index, true)),
        Some(Action::Cancel) => {
            if let Some(reader) = state.reader.as_mut() {
                reader.clear_selection();
            }
            Step::Close(Vec::new())
        }
        _ => Step::Pass,
    }
}
