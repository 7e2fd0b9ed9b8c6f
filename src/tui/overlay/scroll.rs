//! Scrolling a long overlay (help, statistics): its keys scroll a line, a
//! page, or to either end, any other key closes it and does nothing else.

use ratatui::crossterm::event::KeyEvent;

use super::Step;
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap};

/// `extent` is how many lines the overlay has and how many show at once:
/// scrolling stops once the last line is in view.
pub fn on_key(scroll: &mut usize, keymap: &Keymap, key: &KeyEvent, extent: (usize, usize)) -> Step {
    let (total, page) = extent;
    let last = total.saturating_sub(page);
    let step = page.saturating_sub(1).max(1);
    *scroll = match keymap.action(Context::Scrolling, key) {
        Some(Action::ScrollDown) => *scroll + 1,
        Some(Action::ScrollUp) => scroll.saturating_sub(1),
        Some(Action::PageDown) => *scroll + step,
        Some(Action::PageUp) => scroll.saturating_sub(step),
        Some(Action::Top) => 0,
        Some(Action::Bottom) => last,
        _ => return Step::Close(Vec::new()),
    }
    .min(last);
    Step::Stay(Vec::new())
}
