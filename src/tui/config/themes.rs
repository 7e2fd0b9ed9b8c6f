//! Theme files: every colour the reader uses, as TOML. Three ship inside
//! the binary; more are read from theme folders.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use crate::config::{Color, LabelDef, one_line_toml_error};
use crate::tui::terminal_colors::{TerminalColors, TerminalKind};

/// Themes shipped inside the binary, so a fresh install has all three.
const BUILTIN_THEMES: [&str; 4] = [
    include_str!("../../../themes/terminal.toml"),
    include_str!("../../../themes/dark.toml"),
    include_str!("../../../themes/light.toml"),
    include_str!("../../../themes/high-contrast.toml"),
];

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UiColors {
    pub background: Color,
    pub text: Color,
    pub dim: Color,
    pub heading: Color,
    pub heading_minor: Color,
    pub emphasis: Color,
    pub link: Color,
    pub code: Color,
    pub quote: Color,
    pub cursor: Color,
    pub selection: Color,
    pub search: Color,
    pub search_current: Color,
    pub border: Color,
    pub border_focus: Color,
    pub status_bg: Color,
    pub status_fg: Color,
    pub error: Color,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub name: String,
    /// The kind of terminal the theme is made for (its text colour is
    /// chosen against that kind of background); `any` when it reads on both.
    #[serde(default)]
    pub for_terminals: MadeFor,
    pub ui: UiColors,
    /// Label name → colour; `other` colours labels the theme does not name.
    pub labels: BTreeMap<String, Color>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MadeFor {
    #[default]
    Any,
    Dark,
    Light,
}

impl MadeFor {
    pub fn kind(self) -> Option<TerminalKind> {
        match self {
            MadeFor::Any => None,
            MadeFor::Dark => Some(TerminalKind::Dark),
            MadeFor::Light => Some(TerminalKind::Light),
        }
    }
}

/// The search highlight's hue, mixed into the terminal's background.
const SEARCH_HUE: (u8, u8, u8) = (0xe0, 0xa0, 0x00);

/// Why a theme file was skipped.
#[derive(Debug, thiserror::Error)]
pub enum ThemeProblem {
    #[error("{0}")]
    Read(#[from] std::io::Error),
    /// One line, with the line number where TOML gives one.
    #[error("{0}")]
    Toml(String),
    #[error("[labels] needs an `other` colour for labels it does not name")]
    NoOtherColor,
}

impl Theme {
    pub fn parse(text: &str) -> Result<Theme, ThemeProblem> {
        let theme: Theme =
            toml::from_str(text).map_err(|e| ThemeProblem::Toml(one_line_toml_error(&e, text)))?;
        if !theme.labels.contains_key("other") {
            return Err(ThemeProblem::NoOtherColor);
        }
        Ok(theme)
    }

    /// The theme on a terminal whose colours are `colors`: each highlight
    /// the theme leaves to the terminal ("default") becomes a shade of the
    /// terminal's background, where the terminal said what that is. Other
    /// colours are kept.
    pub fn fitted(&self, colors: &TerminalColors) -> Theme {
        let mut theme = self.clone();
        let ui = &mut theme.ui;
        for (field, towards, share) in [
            (&mut ui.cursor, None, 0.10),
            (&mut ui.selection, None, 0.25),
            (&mut ui.status_bg, None, 0.16),
            (&mut ui.search, Some(SEARCH_HUE), 0.30),
            (&mut ui.search_current, Some(SEARCH_HUE), 0.55),
        ] {
            if *field == Color::Default
                && let Some(shade) = colors.shade(towards, share)
            {
                *field = shade;
            }
        }
        theme
    }

    /// The colour of a label: the label's own, else the theme's for that name, else `other`.
    pub fn label_color(&self, label: &LabelDef) -> Color {
        label
            .own_color()
            .or_else(|| self.labels.get(&label.name).copied())
            .unwrap_or(self.labels["other"])
    }
}

/// The built-in themes, then every `*.toml` in `dirs` (a file replaces a
/// built-in theme of the same name). Broken theme files are reported, not fatal.
pub fn load_themes(dirs: &[PathBuf]) -> (Vec<Theme>, Vec<String>) {
    let mut themes: Vec<Theme> = BUILTIN_THEMES
        .iter()
        .map(|t| Theme::parse(t).expect("built-in themes parse"))
        .collect();
    let mut problems = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let limit = crate::fsutil::MAX_SETTINGS_BYTES;
            match crate::fsutil::read_text_bounded(&path, limit, "a theme")
                .map_err(ThemeProblem::from)
                .and_then(|t| Theme::parse(&t))
            {
                Ok(theme) => match themes.iter_mut().find(|t| t.name == theme.name) {
                    Some(existing) => *existing = theme,
                    None => themes.push(theme),
                },
                Err(e) => problems.push(format!("{}: {e}", path.display())),
            }
        }
    }
    (themes, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn builtin_themes_parse_and_cover_the_default_labels() {
        let (themes, problems) = load_themes(&[]);
        assert!(problems.is_empty());
        let names: Vec<_> = themes.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["terminal", "dark", "light", "high-contrast"]);
        let made_for: Vec<_> = themes.iter().map(|t| t.for_terminals).collect();
        assert_eq!(
            made_for,
            [MadeFor::Any, MadeFor::Dark, MadeFor::Light, MadeFor::Any]
        );
        let config = Config::default();
        for theme in &themes {
            let colours: Vec<_> = config.labels.iter().map(|l| theme.label_color(l)).collect();
            assert_eq!(colours.len(), 3);
            assert!(
                colours[0] != colours[1] && colours[1] != colours[2] && colours[0] != colours[2]
            );
        }
    }

    #[test]
    fn theme_files_replace_builtins_and_report_problems() {
        let dir = tempfile::tempdir().unwrap();
        let custom = BUILTIN_THEMES[1].replace("#88c0d0", "#ff0000");
        std::fs::write(dir.path().join("dark.toml"), custom).unwrap();
        std::fs::write(dir.path().join("broken.toml"), "name = 3").unwrap();
        let (themes, problems) = load_themes(&[dir.path().to_path_buf()]);
        assert_eq!(themes[1].ui.heading, Color::Rgb(255, 0, 0));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("broken.toml"));
    }

    #[test]
    fn the_terminal_theme_shades_its_highlights_from_the_terminal() {
        let (themes, _) = load_themes(&[]);
        let terminal = &themes[0];
        // Unknown colours: the highlights stay the terminal's own.
        assert_eq!(terminal.fitted(&TerminalColors::default()), *terminal);
        let light = TerminalColors {
            foreground: Some((0x20, 0x20, 0x20)),
            background: Some((0xff, 0xff, 0xff)),
            kind: Some(TerminalKind::Light),
        };
        let fitted = terminal.fitted(&light);
        let Color::Rgb(r, g, b) = fitted.ui.cursor else {
            panic!("{:?}", fitted.ui.cursor)
        };
        assert!(r > 0xe0 && r < 0xff && r == g && g == b, "{r} {g} {b}");
        assert!(matches!(fitted.ui.search, Color::Rgb(_, _, _)));
        assert_eq!(fitted.ui.text, Color::Default);
        // A theme with colours of its own keeps them.
        assert_eq!(themes[1].fitted(&light), themes[1]);
    }
}
