//! The status line's key hints: what the keys do in the mode the reader is
//! in (selecting, the outline, a search, the list, a note, the library),
//! shown for as long as the mode lasts, from the keymap itself so a
//! rebound key shows as it is.

use crate::text_width::width;
use crate::tui::action::Action;
use crate::tui::app::State;
use crate::tui::keymap::Context;
use crate::tui::overlay::Overlay;

/// "KEYS what" for each action that has keys in `context`.
pub fn key_hints(state: &State, context: Context, hints: &[(Action, &str)]) -> Vec<String> {
    hints
        .iter()
        .filter_map(|(action, what)| {
            let keys = state.keymap.keys_for(context, *action)?;
            Some(format!("{keys} {what}"))
        })
        .collect()
}

/// As many hints as fit in `room` columns, most important (first) first,
/// each whole or not at all.
pub fn fit(hints: &[String], room: usize) -> String {
    let mut shown = String::new();
    for hint in hints {
        let gap = if shown.is_empty() { 0 } else { 2 };
        if width(&shown) + gap + width(hint) + 1 > room {
            break;
        }
        if gap > 0 {
            shown.push_str("  ");
        }
        shown.push_str(hint);
    }
    if !shown.is_empty() {
        shown.push(' ');
    }
    shown
}

/// The keys of several actions, space-separated: "( ) b w".
fn keys(state: &State, context: Context, actions: &[Action]) -> String {
    actions
        .iter()
        .filter_map(|a| state.keymap.keys_for(context, *a))
        .collect::<Vec<_>>()
        .join(" ")
}

fn label_actions(state: &State) -> Vec<Action> {
    (0..state.config.labels.len()).map(Action::Tag).collect()
}

/// The library's keys (on a first run, the themes' come first: light
/// terminals need to hear of them).
pub fn library_hints(state: &State) -> Vec<String> {
    let theme = (Action::NextTheme, "themes, light ones too");
    let mut hints = if state.first_run {
        key_hints(state, Context::Library, &[theme])
    } else {
        Vec::new()
    };
    hints.extend(key_hints(
        state,
        Context::Library,
        &[
            (Action::Open, "open"),
            (Action::Back, "quit"),
            (Action::Help, "help"),
            (Action::Sort, "sort"),
            (Action::Filter, "filter"),
        ],
    ));
    if !state.first_run {
        hints.extend(key_hints(
            state,
            Context::Library,
            &[(Action::NextTheme, "theme")],
        ));
    }
    hints
}

/// The keys of a search being typed.
pub fn search_hints(state: &State) -> Vec<String> {
    key_hints(
        state,
        Context::Search,
        &[
            (Action::Accept, "keep"),
            (Action::Cancel, "back"),
            (Action::ScrollUp, "history"),
        ],
    )
}

/// "j/↓ k/↑ move": the keys that move through a list or the outline.
fn move_hint(state: &State, context: Context) -> String {
    format!(
        "{} move",
        keys(state, context, &[Action::ScrollDown, Action::ScrollUp])
    )
}

/// The mode the reader is in, when it is not plain reading, and that
/// mode's keys.
pub fn mode_hints(state: &State) -> Option<(&'static str, Vec<String>)> {
    match &state.overlay {
        Some(Overlay::Note(_)) => {
            return Some((
                "NOTE",
                key_hints(
                    state,
                    Context::NoteEditor,
                    &[(Action::Cancel, "done (saved as you type)")],
                ),
            ));
        }
        Some(Overlay::List(list)) if list.typing => {
            let mut hints = key_hints(
                state,
                Context::Filter,
                &[
                    (Action::Accept, "keep the search"),
                    (Action::Cancel, "clear it"),
                ],
            );
            hints.push(move_hint(state, Context::Filter));
            return Some(("LIST SEARCH", hints));
        }
        Some(Overlay::List(_)) => {
            let context = Context::AnnotationList;
            let mut hints = vec![move_hint(state, context)];
            hints.extend(key_hints(
                state,
                context,
                &[
                    (Action::Open, "jump"),
                    (Action::Cancel, "close"),
                    (Action::SearchList, "search"),
                ],
            ));
            hints.push(format!(
                "{} one label",
                keys(state, context, &label_actions(state))
            ));
            hints.extend(key_hints(
                state,
                context,
                &[(Action::ShowAll, "all labels")],
            ));
            return Some(("LIST", hints));
        }
        Some(_) => return None,
        None => {}
    }
    match state.context() {
        Context::Selecting => {
            let context = Context::Selecting;
            let grow = [
                Action::PrevSentence,
                Action::NextSentence,
                Action::ExtendWordBack,
                Action::ExtendWordForward,
                Action::PrevParagraph,
                Action::NextParagraph,
            ];
            let mut hints = vec![
                format!("{} grow", keys(state, context, &grow)),
                format!("{} tag", keys(state, context, &label_actions(state))),
            ];
            hints.extend(key_hints(
                state,
                context,
                &[(Action::Cancel, "cancel"), (Action::EditNote, "note")],
            ));
            Some(("SELECT", hints))
        }
        Context::Outline => {
            let context = Context::Outline;
            let mut hints = vec![move_hint(state, context)];
            hints.extend(key_hints(
                state,
                context,
                &[
                    (Action::Open, "jump"),
                    (Action::ToggleOutline, "close"),
                    (Action::FocusNext, "next panel"),
                ],
            ));
            Some(("OUTLINE", hints))
        }
        _ => None,
    }
}
