//! What sits over the reading or library screen and takes keys first: at
//! most one at a time, so which one has the keys is never in doubt. Each
//! kind has its own module with an `on_key` that says whether the overlay
//! stays, closes, or lets the key through to the screen beneath.

mod list;
mod note;
mod scroll;
mod text_field;

use ratatui::crossterm::event::KeyEvent;

use super::app::{Effect, State};
use super::line_input::LineInput;
pub use list::AnnotationList;
pub use note::{EDITING_KEYS, NoteEditor, NoteWindow};
pub use text_field::SearchField;

pub enum Overlay {
    /// The keys, scrolled this far.
    Help(usize),
    /// The statistics table, scrolled this far.
    Stats { text: String, scroll: usize },
    /// A path being typed to save the annotations to.
    SaveAs(LineInput),
    /// The library's filter being typed.
    Filter(LineInput),
    /// A search being typed; it runs as it is typed.
    Search(SearchField),
    /// A note being written, in the side panel (boxed: a text area is large).
    Note(Box<NoteEditor>),
    /// The list of all annotations.
    List(AnnotationList),
}

/// What a key did to an overlay.
pub enum Step {
    /// The overlay took the key and stays open.
    Stay(Vec<Effect>),
    /// The overlay took the key and is closed.
    Close(Vec<Effect>),
    /// Not the overlay's key: it stays, and the screen below handles the key.
    Pass,
}

/// Gives `key` to `overlay`, which the caller has taken out of the state
/// (so the handler may change the rest of it, even open another overlay).
pub fn on_key(overlay: &mut Overlay, state: &mut State, key: &KeyEvent) -> Step {
    match overlay {
        Overlay::Help(scroll) => {
            let extent = crate::tui::view::help_extent(state, state.size);
            scroll::on_key(scroll, &state.keymap, key, extent)
        }
        Overlay::Stats { scroll, text } => {
            let extent = crate::tui::view::text_extent(text, state.size);
            scroll::on_key(scroll, &state.keymap, key, extent)
        }
        Overlay::SaveAs(input) => text_field::save_as(input, state, key),
        Overlay::Filter(input) => text_field::filter(input, state, key),
        Overlay::Search(input) => text_field::search(input, state, key),
        Overlay::Note(editor) => note::on_key(editor, state, key),
        Overlay::List(list) => list::on_key(list, state, key),
    }
}
