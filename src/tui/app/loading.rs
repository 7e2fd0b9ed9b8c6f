//! A long article shown from its first part while the runner opens the
//! whole: moves work on what is there, keys that need the whole (the end,
//! search, tagging, the list of annotations) wait, said on screen, and are
//! carried out in order once the whole takes the part's place.

use ratatui::crossterm::event::KeyEvent;

use super::{Effect, FirstPart, Opened, Screen, State, keys, open_article, show_reader};
use crate::tui::action::Action;
use crate::tui::reader::Reader;

/// Said while keys wait for the whole article.
const HOLDING: &str = "reading the rest of the article; that key follows once it is read";

pub(super) fn open_first_part(state: &mut State, part: FirstPart) {
    state.remember_position();
    state.held_keys.clear();
    let FirstPart {
        path,
        article,
        annotations,
        ticket,
    } = part;
    show_reader(
        state,
        Reader::on_first_part(path, article, annotations, ticket),
    );
}

/// The whole article for the first part on screen, if it is still the one
/// on screen (a late whole for an article since closed is dropped); then
/// the keys held for it.
pub(super) fn take_whole(state: &mut State, ticket: u64, opened: Opened) -> Vec<Effect> {
    if state.reader.as_ref().and_then(Reader::awaiting) != Some(ticket) {
        return Vec::new();
    }
    let Opened {
        path,
        article,
        store,
        warning,
        answer_key,
    } = opened;
    if state.message.as_ref().is_some_and(|m| m.text == HOLDING) {
        state.message = None;
    }
    if let Some(warning) = warning {
        state.complain(warning);
    }
    let Some(reader) = state.reader.as_mut() else {
        return Vec::new();
    };
    if let Err(given_back) = reader.take_whole(article, store) {
        let (article, store) = *given_back;
        // Not the start of the whole after all (the file changed while it
        // was read, or the parser decided the start from the rest): the
        // whole opens as any article does, near the place by offset.
        let held = std::mem::take(&mut state.held_keys);
        open_article(
            state,
            Opened {
                path,
                article,
                store,
                warning: None,
                answer_key,
            },
        );
        state.held_keys = held;
    }
    let mut effects = Vec::new();
    for key in std::mem::take(&mut state.held_keys) {
        effects.extend(keys::on_key(state, key));
    }
    effects
}

/// Whether `key` (meaning `action`) must wait for the whole article: it
/// does on a first part unless it is a move over what is there, a panel,
/// or leaving; and every key after one that waits waits too, to keep the
/// order they were pressed in.
pub(super) fn hold_for_whole(state: &mut State, key: KeyEvent, action: Action) -> bool {
    let waiting = state.screen == Screen::Reader
        && state
            .reader
            .as_ref()
            .is_some_and(|r| r.awaiting().is_some());
    if !waiting || matches!(action, Action::Back | Action::Quit) {
        return false;
    }
    if state.held_keys.is_empty() && works_on_first_part(action) {
        return false;
    }
    state.held_keys.push(key);
    state.say(HOLDING);
    true
}

/// Moves over the text shown, the panels (the outline fills in) and the
/// help: what a first part can do as well as the whole.
fn works_on_first_part(action: Action) -> bool {
    matches!(
        action,
        Action::ScrollDown
            | Action::ScrollUp
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::NextSentence
            | Action::PrevSentence
            | Action::NextParagraph
            | Action::PrevParagraph
            | Action::PrevSection
            | Action::ToggleOutline
            | Action::ToggleNotes
            | Action::FocusNext
            | Action::NextTheme
            | Action::Help
            | Action::Cancel
            | Action::ToggleHints
    )
}

#[cfg(test)]
#[path = "loading_tests.rs"]
mod tests;
