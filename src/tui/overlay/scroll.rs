//! Scrolling a long overlay (help, statistics): its keys scroll, any other
//! key closes it and does nothing else.

use ratatui::crossterm::event::KeyEvent;

use super::Step;
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap};

pub fn on_key(scroll: &mut usize, keymap: &Keymap, key: &KeyEvent) -> Step {
    match keymap.action(Context::Scrolling, key) {
        Some(Action::ScrollDown) => *scroll += 1,
        Some(Action::ScrollUp) => *scroll = scroll.saturating_sub(1),
        _ => return Step::Close(Vec::new()),
    }
    Step::Stay(Vec::new())
}
