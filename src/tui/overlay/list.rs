//! The list of every annotation (`A`), in reading order: move, jump, show
//! one label (by the label's key), search the quotes and notes (`/`), close.

use ratatui::crossterm::event::KeyEvent;

use super::Step;
use crate::annotate::Annotation;
use crate::tui::action::Action;
use crate::tui::app::State;
use crate::tui::keymap::Context;
use crate::tui::line_input::{Edit, LineInput};
use crate::tui::reader::Reader;

/// The list's place, the label it shows only (when one is chosen) and the
/// search over quotes and notes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnotationList {
    pub label: Option<String>,
    pub selected: usize,
    pub search: LineInput,
    /// Keys go to the search field.
    pub typing: bool,
}

impl AnnotationList {
    /// The annotations shown, in reading order (orphans last): those of the
    /// chosen label whose passage (as it reads now, or as it was quoted) or
    /// note holds the search, ignoring case.
    pub fn listed<'r>(&self, reader: &'r Reader) -> Vec<&'r Annotation> {
        let query = self.search.text().trim().to_lowercase();
        let mut listed = reader.listed_annotations(self.label.as_deref());
        if !query.is_empty() {
            let text = &reader.article().text;
            listed.retain(|a| {
                let now = reader
                    .store()
                    .get(&a.id)
                    .and_then(|(_, r)| r.range())
                    .and_then(|range| text.get(range))
                    .unwrap_or_default();
                [now, a.anchor.quote.as_str(), a.note.as_str()]
                    .iter()
                    .any(|field| field.to_lowercase().contains(&query))
            });
        }
        listed
    }
}

pub fn on_key(list: &mut AnnotationList, state: &mut State, key: &KeyEvent) -> Step {
    if list.typing {
        return search_key(list, state, key);
    }
    let action = state.keymap.action(Context::AnnotationList, key);
    let Some(reader) = state.reader.as_mut() else {
        return Step::Close(Vec::new());
    };
    let listed: Vec<String> = list.listed(reader).iter().map(|a| a.id.clone()).collect();
    match action {
        Some(Action::Cancel) => return Step::Close(Vec::new()),
        Some(Action::ScrollDown) => {
            list.selected = (list.selected + 1).min(listed.len().saturating_sub(1));
        }
        Some(Action::ScrollUp) => list.selected = list.selected.saturating_sub(1),
        Some(Action::ShowAll) => *list = AnnotationList::default(),
        Some(Action::SearchList) => list.typing = true,
        Some(Action::Tag(index)) => {
            if let Some(label) = state.config.labels.get(index) {
                list.label = Some(label.name.clone());
                list.selected = 0;
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
                None if listed.is_empty() => state.say("nothing listed to jump to"),
                None => state.complain(
                    "that annotation is orphaned: its passage is no longer in the article",
                ),
            }
        }
        _ => {}
    }
    Step::Stay(Vec::new())
}

/// Typing the search: the list narrows as it is typed; Enter keeps it (and
/// the keys move the list again), Esc clears it; ↓ and ↑ move meanwhile.
fn search_key(list: &mut AnnotationList, state: &mut State, key: &KeyEvent) -> Step {
    match list.search.on_key(&state.keymap, key) {
        Edit::Changed => list.selected = 0,
        Edit::Accepted => list.typing = false,
        Edit::Cancelled => {
            list.search = LineInput::default();
            list.typing = false;
            list.selected = 0;
        }
        Edit::Passed(Action::ScrollDown) => list.selected += 1,
        Edit::Passed(Action::ScrollUp) => list.selected = list.selected.saturating_sub(1),
        Edit::Passed(_) | Edit::Unchanged => {}
    }
    if let Some(reader) = state.reader.as_ref() {
        let count = list.listed(reader).len();
        list.selected = list.selected.min(count.saturating_sub(1));
    }
    Step::Stay(Vec::new())
}
