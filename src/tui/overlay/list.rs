//! The list of all annotations (`A`): move, jump, show one label (by the
//! label's key), close.

use ratatui::crossterm::event::KeyEvent;

use super::Step;
use crate::tui::action::Action;
use crate::tui::app::State;
use crate::tui::keymap::Context;

/// The list's place, and the label it shows only, when one is chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnotationList {
    pub label: Option<String>,
    pub selected: usize,
}

pub fn on_key(list: &mut AnnotationList, state: &mut State, key: &KeyEvent) -> Step {
    let action = state.keymap.action(Context::AnnotationList, key);
    let Some(reader) = state.reader.as_mut() else {
        return Step::Close(Vec::new());
    };
    let listed: Vec<String> = reader
        .listed_annotations(list.label.as_deref())
        .iter()
        .map(|a| a.id.clone())
        .collect();
    match action {
        Some(Action::Cancel) => return Step::Close(Vec::new()),
        Some(Action::ScrollDown) => {
            list.selected = (list.selected + 1).min(listed.len().saturating_sub(1));
        }
        Some(Action::ScrollUp) => list.selected = list.selected.saturating_sub(1),
        Some(Action::ShowAll) => *list = AnnotationList::default(),
        Some(Action::Tag(index)) => {
            if let Some(label) = state.config.labels.get(index) {
                *list = AnnotationList {
                    label: Some(label.name.clone()),
                    selected: 0,
                };
            }
        }
        Some(Action::Open) => {
            let place = listed
                .get(list.selected)
                .and_then(|id| reader.store().get(id))
                .and_then(|(_, resolution)| resolution.range());
            match place {
                Some(range) => {
                    reader.put_cursor_at(range.start);
                    return Step::Close(Vec::new());
                }
                None => state.complain(
                    "that annotation is orphaned: its passage is no longer in the article",
                ),
            }
        }
        _ => {}
    }
    Step::Stay(Vec::new())
}
