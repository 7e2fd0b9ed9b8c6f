//! A key press: to the open overlay first, else through the keymap to an
//! action.

use ratatui::crossterm::event::KeyEvent;

use super::{Confirm, Effect, State, actions};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::overlay::{self, Step};

pub(super) fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if state.keymap.action(Context::Anywhere, &key) == Some(Action::Quit) {
        // Quits from anywhere, text fields included.
        return actions::quit(state);
    }
    // Whatever was said last is gone with the next key, and so is a step
    // waiting to be confirmed, unless this key confirms it.
    state.message = None;
    let confirming = state.confirm.take();
    if let Some(mut open) = state.overlay.take() {
        let step = overlay::on_key(&mut open, state, &key);
        // A handler may have opened another overlay in its place.
        let keep = |state: &mut State| {
            state.overlay.get_or_insert(open);
        };
        match step {
            Step::Stay(effects) => {
                keep(state);
                return effects;
            }
            Step::Close(effects) => return effects,
            Step::Pass => keep(state),
        }
    }
    let Some(action) = state.keymap.action(state.context(), &key) else {
        return Vec::new();
    };
    if super::loading::hold_for_whole(state, key, action) {
        return Vec::new();
    }
    state.confirm = match (confirming, action) {
        (Some(Confirm::Submit), Action::Submit) => Some(Confirm::Submit),
        (Some(Confirm::Quit), Action::Quit | Action::Back) => Some(Confirm::Quit),
        _ => None,
    };
    actions::perform(state, action)
}
