//! Theme colours as ratatui styles. With `NO_COLOR` set, no colour is used
//! at all: emphasis, the cursor and labels fall back to modifiers. A theme
//! that leaves a highlight (cursor, selection, search, status line) or the
//! dim text to the terminal ("default") gets the same modifiers for it.

use ratatui::style::{Color, Modifier, Style};

use super::config::Theme;
use crate::config::{self, LabelDef};

fn color(c: config::Color) -> Color {
    match c {
        config::Color::Default => Color::Reset,
        config::Color::Ansi(i) => Color::Indexed(i),
        config::Color::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

/// Every style the views use, made once per draw from the theme.
pub struct Styles<'a> {
    theme: &'a Theme,
    no_color: bool,
}

impl<'a> Styles<'a> {
    pub fn new(theme: &'a Theme, no_color: bool) -> Styles<'a> {
        Styles { theme, no_color }
    }

    fn fg(&self, c: config::Color) -> Style {
        if self.no_color {
            Style::new()
        } else {
            Style::new().fg(color(c))
        }
    }

    fn bg(&self, c: config::Color, fallback: Modifier) -> Style {
        if self.no_color || c == config::Color::Default {
            Style::new().add_modifier(fallback)
        } else {
            Style::new().bg(color(c))
        }
    }

    pub fn base(&self) -> Style {
        if self.no_color {
            return Style::new();
        }
        let ui = &self.theme.ui;
        Style::new().fg(color(ui.text)).bg(color(ui.background))
    }

    pub fn dim(&self) -> Style {
        let dim = self.theme.ui.dim;
        self.fg(dim)
            .add_modifier(if self.no_color || dim == config::Color::Default {
                Modifier::DIM
            } else {
                Modifier::empty()
            })
    }

    pub fn heading(&self, level: u8) -> Style {
        let ui = &self.theme.ui;
        let style = self.fg(if level <= 1 {
            ui.heading
        } else {
            ui.heading_minor
        });
        match level {
            1 => style.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            2 => style.add_modifier(Modifier::BOLD),
            _ => style.add_modifier(Modifier::BOLD | Modifier::ITALIC),
        }
    }

    pub fn emphasis(&self) -> Style {
        self.fg(self.theme.ui.emphasis)
            .add_modifier(Modifier::ITALIC)
    }

    pub fn strong(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn link(&self) -> Style {
        self.fg(self.theme.ui.link)
            .add_modifier(Modifier::UNDERLINED)
    }

    pub fn code(&self) -> Style {
        self.fg(self.theme.ui.code)
    }

    pub fn quote(&self) -> Style {
        self.fg(self.theme.ui.quote).add_modifier(Modifier::ITALIC)
    }

    /// The sentence under the cursor: subtle, so reading is not disturbed.
    pub fn cursor(&self) -> Style {
        self.bg(self.theme.ui.cursor, Modifier::UNDERLINED)
    }

    pub fn selection(&self) -> Style {
        self.bg(self.theme.ui.selection, Modifier::REVERSED)
    }

    pub fn search(&self) -> Style {
        self.bg(self.theme.ui.search, Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn search_current(&self) -> Style {
        self.bg(
            self.theme.ui.search_current,
            Modifier::REVERSED | Modifier::BOLD,
        )
    }

    pub fn border(&self, focused: bool) -> Style {
        let ui = &self.theme.ui;
        self.fg(if focused { ui.border_focus } else { ui.border })
    }

    pub fn status(&self) -> Style {
        if self.no_color || self.theme.ui.status_bg == config::Color::Default {
            return Style::new().add_modifier(Modifier::REVERSED);
        }
        let ui = &self.theme.ui;
        Style::new().fg(color(ui.status_fg)).bg(color(ui.status_bg))
    }

    pub fn error(&self) -> Style {
        self.fg(self.theme.ui.error).add_modifier(Modifier::BOLD)
    }

    /// A label's colour as text colour (glyphs, names in panels).
    pub fn label(&self, label: &LabelDef) -> Style {
        self.fg(self.theme.label_color(label))
            .add_modifier(Modifier::BOLD)
    }

    /// Words that triggered a hint: dim and underlined, a cue, not a tag.
    pub fn hint(&self) -> Style {
        self.fg(self.theme.ui.dim)
            .add_modifier(Modifier::UNDERLINED | Modifier::ITALIC)
    }

    /// A key passage the reader did not tag: italic in the label's colour,
    /// so what was missed stands out without hiding the text.
    pub fn missed(&self, label: &LabelDef) -> Style {
        self.fg(self.theme.label_color(label))
            .add_modifier(Modifier::ITALIC | Modifier::DIM)
    }

    /// A tagged passage: underlined in the label's colour, so it reads as
    /// tagged without colour too.
    pub fn tagged(&self, label: &LabelDef) -> Style {
        let style = Style::new().add_modifier(Modifier::UNDERLINED);
        if self.no_color {
            style
        } else {
            style
                .underline_color(color(self.theme.label_color(label)))
                .fg(color(self.theme.label_color(label)))
        }
    }
}
