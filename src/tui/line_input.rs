//! One single-line text field, for every place the reader types a line:
//! the search, the library filter, the path to save annotations to. Its
//! editing keys come from the keymap (`Context::TextField`); any other
//! printable key is typed.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_segmentation::UnicodeSegmentation;

use super::action::Action;
use super::keymap::{Context, Keymap};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
}

/// What a key did to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Changed,
    /// Enter (or its binding): the text is done.
    Accepted,
    /// Esc (or its binding): the field is given up.
    Cancelled,
    /// Nothing happened.
    Unchanged,
    /// A key the field does not take but whoever holds it may (moves, in
    /// the library's filter).
    Passed(Action),
}

impl LineInput {
    pub fn new(text: impl Into<String>) -> LineInput {
        LineInput { text: text.into() }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Replaces the whole text (a search recalled from the history).
    pub fn set_text(&mut self, text: impl Into<String>) {
        self.text = text.into();
    }

    /// A key typed into the field; `context` is the field's own (search,
    /// filter), whose keys come before the text field's.
    pub fn on_key(&mut self, keymap: &Keymap, context: Context, key: &KeyEvent) -> Edit {
        match keymap.action(context, key) {
            Some(Action::Accept) => Edit::Accepted,
            Some(Action::Cancel) => Edit::Cancelled,
            Some(Action::DeleteBack) => {
                // A whole grapheme, so an accent or an emoji goes at once.
                match self.text.grapheme_indices(true).next_back() {
                    Some((start, _)) => {
                        self.text.truncate(start);
                        Edit::Changed
                    }
                    None => Edit::Unchanged,
                }
            }
            Some(other) => Edit::Passed(other),
            None => match key.code {
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.text.push(c);
                    Edit::Changed
                }
                _ => Edit::Unchanged,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::tui::Settings;

    fn keymap() -> Keymap {
        Keymap::new(&Settings::default(), &Config::default().labels).unwrap()
    }

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_deleting_and_finishing() {
        let keymap = keymap();
        let mut field = LineInput::new("cafe\u{301}");
        assert_eq!(
            field.on_key(&keymap, Context::Filter, &press(KeyCode::Char('s'))),
            Edit::Changed
        );
        assert_eq!(field.text(), "cafe\u{301}s");
        field.on_key(&keymap, Context::Filter, &press(KeyCode::Backspace));
        field.on_key(&keymap, Context::Filter, &press(KeyCode::Backspace));
        assert_eq!(field.text(), "caf", "the accent goes with its letter");
        assert_eq!(
            field.on_key(&keymap, Context::Filter, &press(KeyCode::Char('j'))),
            Edit::Changed
        );
        assert_eq!(
            field.on_key(&keymap, Context::Filter, &press(KeyCode::Enter)),
            Edit::Accepted
        );
        assert_eq!(
            field.on_key(&keymap, Context::Filter, &press(KeyCode::Esc)),
            Edit::Cancelled
        );
        assert_eq!(
            field.on_key(&keymap, Context::Filter, &press(KeyCode::Down)),
            Edit::Passed(Action::ScrollDown)
        );
        let ctrl_x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL);
        assert_eq!(
            field.on_key(&keymap, Context::Filter, &ctrl_x),
            Edit::Unchanged
        );
        assert_eq!(field.text(), "cafj");
    }

    #[test]
    fn rebinding_reaches_text_fields() {
        let settings = Settings::parse("[keys]\naccept = [\"tab\"]\n").unwrap();
        let keymap = Keymap::new(&settings, &Config::default().labels).unwrap();
        let mut field = LineInput::default();
        assert_eq!(
            field.on_key(&keymap, Context::Filter, &press(KeyCode::Tab)),
            Edit::Accepted
        );
        assert_eq!(
            field.on_key(&keymap, Context::Filter, &press(KeyCode::Enter)),
            Edit::Unchanged
        );
    }
}
