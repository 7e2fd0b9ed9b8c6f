//! Configuration and themes: TOML files over defaults embedded in the binary.
//!
//! Unknown fields are rejected (with the line, from the TOML parser), so a
//! typo in a config file is reported instead of silently ignored.

use crate::fsutil::{MAX_SETTINGS_BYTES, read_text_bounded};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub const DEFAULT_CONFIG: &str = include_str!("default_config.toml");

/// Themes shipped inside the binary, so a fresh install has all three.
const BUILTIN_THEMES: [&str; 3] = [
    include_str!("../themes/dark.toml"),
    include_str!("../themes/light.toml"),
    include_str!("../themes/high-contrast.toml"),
];

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read it: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelDef {
    pub name: String,
    pub key: String,
    pub glyph: String,
    #[serde(default)]
    pub definition: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

// Each field left out of a file takes its value from the embedded default
// file, so the defaults are written once, in TOML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "defaults::annotator")]
    pub annotator: String,
    #[serde(default = "defaults::theme")]
    pub theme: String,
    #[serde(default = "defaults::reading_width")]
    pub reading_width: u16,
    #[serde(default = "defaults::annotations_dir")]
    pub annotations_dir: String,
    #[serde(default = "defaults::labels")]
    pub labels: Vec<LabelDef>,
    /// Action name → keys, replacing that action's default keys.
    #[serde(default)]
    pub keys: BTreeMap<String, Vec<String>>,
}

mod defaults {
    use std::sync::LazyLock;

    use serde::de::DeserializeOwned;

    static TABLE: LazyLock<toml::Table> = LazyLock::new(|| {
        super::DEFAULT_CONFIG
            .parse()
            .expect("the embedded default config parses")
    });

    fn field<T: DeserializeOwned>(key: &str) -> T {
        TABLE[key]
            .clone()
            .try_into()
            .expect("the embedded default config has every field")
    }

    pub fn annotator() -> String {
        field("annotator")
    }
    pub fn theme() -> String {
        field("theme")
    }
    pub fn reading_width() -> u16 {
        field("reading_width")
    }
    pub fn annotations_dir() -> String {
        field("annotations_dir")
    }
    pub fn labels() -> Vec<super::LabelDef> {
        field("labels")
    }
}

impl Default for Config {
    fn default() -> Self {
        toml::from_str(DEFAULT_CONFIG).expect("the embedded default config parses")
    }
}

impl Config {
    /// The config file's usual place: `$XDG_CONFIG_HOME/marginalia/config.toml`.
    pub fn default_path() -> Option<PathBuf> {
        dirs::config_dir().map(|d| d.join("marginalia").join("config.toml"))
    }

    /// Reads `path` over the defaults. A missing file at the default place is
    /// not an error (`required` says whether the user named the file).
    pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
        let text = match read_text_bounded(path, MAX_SETTINGS_BYTES, "a config file") {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok(Config::default());
            }
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        Config::parse(&text).map_err(|message| ConfigError::Parse {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses config text over the defaults; the error is one line, with the
    /// line number where TOML gives one.
    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| one_line_toml_error(&e, text))?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), String> {
        if self.labels.is_empty() {
            return Err("at least one label is needed in [[labels]]".into());
        }
        let mut seen_names = Vec::new();
        let mut seen_keys = Vec::new();
        for label in &self.labels {
            if label.name.trim().is_empty() {
                return Err("a label has an empty name".into());
            }
            if seen_names.contains(&&label.name) {
                return Err(format!("label \"{}\" is defined twice", label.name));
            }
            if seen_keys.contains(&&label.key) {
                return Err(format!(
                    "labels \"{}\" and another share the key \"{}\"",
                    label.name, label.key
                ));
            }
            if let Some(color) = &label.color {
                Color::parse(color).map_err(|e| format!("label \"{}\": {e}", label.name))?;
            }
            seen_names.push(&label.name);
            seen_keys.push(&label.key);
        }
        if self.reading_width < 20 {
            return Err("reading_width must be at least 20 columns".into());
        }
        Ok(())
    }

    /// Where an article's annotations are kept when no file is named:
    /// the sidecar beside it, or a file of the same name in `annotations_dir`.
    pub fn annotations_path(&self, article: &Path) -> PathBuf {
        let sidecar = crate::annotate::sidecar_path(article);
        match self.annotations_dir.trim() {
            "" => sidecar,
            dir => Path::new(dir).join(sidecar.file_name().unwrap_or_default()),
        }
    }

    pub fn label(&self, name: &str) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// The label by name; a label this config does not define (from another
    /// class's file) still shows, with a plain glyph and the theme's `other` colour.
    pub fn label_or_fallback(&self, name: &str) -> std::borrow::Cow<'_, LabelDef> {
        match self.label(name) {
            Some(label) => std::borrow::Cow::Borrowed(label),
            None => std::borrow::Cow::Owned(LabelDef {
                name: name.to_string(),
                key: String::new(),
                glyph: "■".into(),
                definition: String::new(),
                color: None,
            }),
        }
    }

    /// The annotator's name: the config's, else the login name.
    pub fn annotator_name(&self) -> String {
        if !self.annotator.trim().is_empty() {
            return self.annotator.trim().to_string();
        }
        std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "reader".into())
    }
}

/// A TOML error in one line, with the line number where TOML gives one.
pub(crate) fn one_line_toml_error(error: &toml::de::Error, text: &str) -> String {
    let message = error.message().replace('\n', " ");
    match error.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {message}")
        }
        None => message,
    }
}

/// A theme colour: the terminal's default, one of the 16 ANSI colours, or RGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    Default,
    /// ANSI index 0-15.
    Ansi(u8),
    Rgb(u8, u8, u8),
}

const ANSI_NAMES: [&str; 16] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "white",
    "bright-black",
    "bright-red",
    "bright-green",
    "bright-yellow",
    "bright-blue",
    "bright-magenta",
    "bright-cyan",
    "bright-white",
];

impl Color {
    pub fn parse(text: &str) -> Result<Color, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("default") {
            return Ok(Color::Default);
        }
        if let Some(hex) = text.strip_prefix('#')
            && hex.len() == 6
            && hex.chars().all(|c| c.is_ascii_hexdigit())
        {
            let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
            return Ok(Color::Rgb(byte(0), byte(2), byte(4)));
        }
        let lower = text.to_ascii_lowercase().replace('_', "-");
        ANSI_NAMES
            .iter()
            .position(|n| *n == lower)
            .map(|i| Color::Ansi(i as u8))
            .ok_or_else(|| {
                format!("\"{text}\" is not a colour (use #rrggbb, an ANSI name or \"default\")")
            })
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Color::parse(&text).map_err(serde::de::Error::custom)
    }
}

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
    pub ui: UiColors,
    /// Label name → colour; `other` colours labels the theme does not name.
    pub labels: BTreeMap<String, Color>,
}

impl Theme {
    pub fn parse(text: &str) -> Result<Theme, String> {
        let theme: Theme = toml::from_str(text).map_err(|e| one_line_toml_error(&e, text))?;
        if !theme.labels.contains_key("other") {
            return Err("[labels] needs an `other` colour for labels it does not name".into());
        }
        Ok(theme)
    }

    /// The colour of a label: the label's own, else the theme's for that name, else `other`.
    pub fn label_color(&self, label: &LabelDef) -> Color {
        label
            .color
            .as_deref()
            .and_then(|c| Color::parse(c).ok())
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
            match read_text_bounded(&path, MAX_SETTINGS_BYTES, "a theme")
                .map_err(|e| e.to_string())
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

    #[test]
    fn default_config_has_three_labels() {
        let config = Config::default();
        let names: Vec<_> = config.labels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["claim", "opinion", "speculation"]);
        assert_eq!(config.reading_width, 80);
    }

    #[test]
    fn partial_config_keeps_defaults() {
        let config = Config::parse("annotator = \"ana\"\n").unwrap();
        assert_eq!(config.annotator_name(), "ana");
        assert_eq!(config.labels.len(), 3);
    }

    #[test]
    fn unknown_field_names_its_line() {
        let err = Config::parse("theme = \"dark\"\n\ncolour = \"red\"\n").unwrap_err();
        assert!(err.starts_with("line 3:"), "{err}");
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn duplicate_label_keys_are_rejected() {
        let text = "[[labels]]\nname = \"a\"\nkey = \"1\"\nglyph = \"*\"\n[[labels]]\nname = \"b\"\nkey = \"1\"\nglyph = \"+\"\n";
        assert!(Config::parse(text).unwrap_err().contains("share the key"));
    }

    #[test]
    fn colours_parse() {
        assert_eq!(Color::parse("#0a0B0c"), Ok(Color::Rgb(10, 11, 12)));
        assert_eq!(Color::parse("bright-blue"), Ok(Color::Ansi(12)));
        assert_eq!(Color::parse("Default"), Ok(Color::Default));
        assert!(Color::parse("#12345").is_err());
    }

    #[test]
    fn builtin_themes_parse_and_cover_the_default_labels() {
        let (themes, problems) = load_themes(&[]);
        assert!(problems.is_empty());
        let names: Vec<_> = themes.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["dark", "light", "high-contrast"]);
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
        let custom = BUILTIN_THEMES[0].replace("#88c0d0", "#ff0000");
        std::fs::write(dir.path().join("dark.toml"), custom).unwrap();
        std::fs::write(dir.path().join("broken.toml"), "name = 3").unwrap();
        let (themes, problems) = load_themes(&[dir.path().to_path_buf()]);
        assert_eq!(themes[0].ui.heading, Color::Rgb(255, 0, 0));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("broken.toml"));
    }
}
