//! The reader's own settings: theme, reading width, key bindings and each
//! label's key. They live in the same config file as the core's settings
//! (`crate::config`), which checks their names; this parses their values.
//! Theme files, and the places remembered between sessions, are beside it.

mod themes;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::config::{DEFAULT_CONFIG, default_field, one_line_toml_error};

pub use themes::{MadeFor, Theme, ThemeProblem, UiColors, load_themes};

/// The narrowest text column the reader accepts, in terminal columns.
const MIN_READING_WIDTH: u16 = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The theme to start with (unless another was chosen since).
    pub theme: String,
    /// The widest the text column gets; it is centred on wider terminals.
    pub reading_width: u16,
    /// Action name → keys, replacing that action's default keys.
    pub keys: BTreeMap<String, Vec<String>>,
    /// The key that tags with each label, in the config's label order.
    pub label_keys: Vec<String>,
}

/// What is wrong with the reader's part of a config file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsProblem {
    /// A field of the wrong type or missing: one line, with the line number
    /// where TOML gives one.
    #[error("{0}")]
    Toml(String),
    #[error("reading_width must be at least {MIN_READING_WIDTH} columns")]
    ReadingWidth,
    #[error("labels \"{label}\" and another share the key \"{key}\"")]
    SharedKey { label: String, key: String },
}

/// The reader's fields of the file; the core's are left to the core.
#[derive(Deserialize)]
struct SettingsFile {
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_reading_width")]
    reading_width: u16,
    #[serde(default)]
    keys: BTreeMap<String, Vec<String>>,
    #[serde(default = "default_labels")]
    labels: Vec<LabelKey>,
}

#[derive(Deserialize)]
struct LabelKey {
    name: String,
    key: String,
}

fn default_theme() -> String {
    default_field("theme")
}

fn default_reading_width() -> u16 {
    default_field("reading_width")
}

fn default_labels() -> Vec<LabelKey> {
    default_field("labels")
}

impl Default for Settings {
    fn default() -> Self {
        Settings::parse(DEFAULT_CONFIG).expect("the embedded default config parses")
    }
}

impl Settings {
    /// Parses the reader's fields of config text over the defaults.
    pub fn parse(text: &str) -> Result<Settings, SettingsProblem> {
        let file: SettingsFile = toml::from_str(text)
            .map_err(|e| SettingsProblem::Toml(one_line_toml_error(&e, text)))?;
        if file.reading_width < MIN_READING_WIDTH {
            return Err(SettingsProblem::ReadingWidth);
        }
        for (i, label) in file.labels.iter().enumerate() {
            if file.labels[..i].iter().any(|l| l.key == label.key) {
                return Err(SettingsProblem::SharedKey {
                    label: label.name.clone(),
                    key: label.key.clone(),
                });
            }
        }
        Ok(Settings {
            theme: file.theme,
            reading_width: file.reading_width,
            keys: file.keys,
            label_keys: file.labels.into_iter().map(|l| l.key).collect(),
        })
    }

    /// The key that tags with the label at `index` ("" past the end).
    pub fn label_key(&self, index: usize) -> &str {
        self.label_keys.get(index).map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let settings = Settings::default();
        assert_eq!(settings.reading_width, 80);
        assert_eq!(settings.theme, "terminal");
        assert_eq!(settings.label_keys, ["1", "2", "3"]);
    }

    #[test]
    fn duplicate_label_keys_are_rejected() {
        let text = "[[labels]]\nname = \"a\"\nkey = \"1\"\nglyph = \"*\"\n[[labels]]\nname = \"b\"\nkey = \"1\"\nglyph = \"+\"\n";
        let problem = Settings::parse(text).unwrap_err();
        assert!(problem.to_string().contains("share the key"), "{problem}");
    }

    #[test]
    fn a_narrow_reading_width_is_rejected() {
        assert_eq!(
            Settings::parse("reading_width = 12\n"),
            Err(SettingsProblem::ReadingWidth)
        );
        let wrong_type = Settings::parse("\nreading_width = \"wide\"\n").unwrap_err();
        assert!(
            wrong_type.to_string().starts_with("line 2:"),
            "{wrong_type}"
        );
    }

    #[test]
    fn a_label_without_a_key_is_reported() {
        let text = "[[labels]]\nname = \"a\"\nglyph = \"*\"\n";
        assert!(
            Settings::parse(text)
                .unwrap_err()
                .to_string()
                .contains("key")
        );
    }
}
