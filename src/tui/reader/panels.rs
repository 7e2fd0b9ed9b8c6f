//! The outline and the notes panel beside the text, and which of the three
//! has the focus. The focus is on a panel only while that panel is open:
//! every method here that closes one moves the focus off it.

use super::{Focus, Reader};

impl Reader {
    /// The selected outline entry, while the outline is open.
    pub fn outline(&self) -> Option<usize> {
        self.outline
    }

    pub fn side_open(&self) -> bool {
        self.side_open
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// True when the outline is open and takes the moves.
    pub fn outline_has_focus(&self) -> bool {
        self.focus == Focus::Outline && self.outline.is_some()
    }

    /// Opens the outline on the cursor's section, with the focus, or
    /// closes it and gives the focus back to the text.
    pub fn toggle_outline(&mut self) {
        if self.outline.is_some() {
            self.outline = None;
            self.focus = Focus::Text;
        } else {
            self.outline = Some(self.current_section().unwrap_or(0));
            self.focus = Focus::Outline;
        }
    }

    /// Selects an outline entry (a click on it), gives the outline the
    /// focus, and jumps to the section.
    pub fn choose_outline_entry(&mut self, index: usize) {
        if self.outline.is_none() || index >= self.article.sections.len() {
            return;
        }
        self.outline = Some(index);
        self.focus = Focus::Outline;
        self.jump_to_section(index);
    }

    /// Moves the outline's selection to the next (or previous) entry.
    pub fn step_outline(&mut self, forward: bool) {
        let count = self.article.sections.len();
        if let Some(selected) = self.outline.as_mut() {
            *selected = if forward {
                (*selected + 1).min(count.saturating_sub(1))
            } else {
                selected.saturating_sub(1)
            };
        }
    }

    /// Jumps to the section selected in the outline.
    pub fn open_outline_entry(&mut self) {
        if let Some(index) = self.outline {
            self.jump_to_section(index);
        }
    }

    /// Opens or closes the notes panel; closing it takes the focus off it.
    pub fn set_side_open(&mut self, open: bool) {
        self.side_open = open;
        if !open && self.focus == Focus::Side {
            self.focus = Focus::Text;
        }
    }

    pub fn toggle_side(&mut self) {
        self.set_side_open(!self.side_open);
    }

    /// Opens the notes panel with the focus (for the note editor there).
    pub fn focus_side(&mut self) {
        self.side_open = true;
        self.focus = Focus::Side;
    }

    pub fn focus_text(&mut self) {
        self.focus = Focus::Text;
    }

    /// Tab: the focus moves on to the next open pane.
    pub fn focus_next(&mut self) {
        self.focus = match self.focus {
            Focus::Text if self.outline.is_some() => Focus::Outline,
            Focus::Text | Focus::Outline if self.side_open => Focus::Side,
            _ => Focus::Text,
        };
    }
}
