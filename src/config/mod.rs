//! The core's configuration: who annotates, where annotation files go, and
//! the labels (name, glyph, definition, own colour). TOML over defaults
//! embedded in the binary.
//!
//! The same file holds the reader's settings (theme, reading width, key
//! bindings, each label's key). The core only knows their names, so that a
//! typo anywhere is reported (with its line, from the TOML parser) instead of
//! silently ignored; the reader parses them (`tui::config`).

mod color;
mod label;

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::IgnoredAny;

pub use color::{Color, NotAColor};
pub use label::{
    LabelDef, NOTE_GLYPH, NOTE_WORD, UNKNOWN_LABEL_GLYPH, find_label, glyphs_and_names,
    label_glyph, label_or_fallback,
};

pub const DEFAULT_CONFIG: &str = include_str!("default_config.toml");

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read it: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {problem}")]
    Parse {
        path: PathBuf,
        #[source]
        problem: ConfigProblem,
    },
}

/// What is wrong with a config file's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigProblem {
    /// Not TOML, or a field of the wrong type or unknown: one line, with the
    /// line number where TOML gives one.
    #[error("{0}")]
    Toml(String),
    #[error("at least one label is needed in [[labels]]")]
    NoLabels,
    #[error("a label has an empty name")]
    EmptyLabelName,
    #[error("label \"{0}\" is defined twice")]
    DuplicateLabel(String),
    #[error("label \"{label}\": {source}")]
    LabelColor {
        label: String,
        #[source]
        source: NotAColor,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Stored with every annotation made; empty means the login name.
    pub annotator: String,
    /// Where annotation files go: empty means beside each article.
    pub annotations_dir: String,
    /// The library folder: what `marginalia` opens with no argument, and
    /// where `marginalia add` and `marginalia URL` save web articles.
    pub library_dir: String,
    /// Where the reader's exports go: empty means a folder
    /// [`EXPORTS_FOLDER`] beside the annotation files.
    pub exports_dir: String,
    pub labels: Vec<LabelDef>,
}

/// The folder the reader's exports go to by default, beside the
/// annotations: out of the articles' folder, so the library never lists them.
pub const EXPORTS_FOLDER: &str = "marginalia-exports";

/// The file as written. Each field left out takes its value from the
/// embedded default file, so the defaults are written once, in TOML.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default = "defaults::annotator")]
    annotator: String,
    #[serde(default = "defaults::annotations_dir")]
    annotations_dir: String,
    #[serde(default = "defaults::library_dir")]
    library_dir: String,
    #[serde(default = "defaults::exports_dir")]
    exports_dir: String,
    #[serde(default = "defaults::labels")]
    labels: Vec<LabelEntry>,
    // The reader's settings, read by the reader.
    #[serde(default, rename = "theme")]
    _theme: Option<IgnoredAny>,
    #[serde(default, rename = "reading_width")]
    _reading_width: Option<IgnoredAny>,
    #[serde(default, rename = "keys")]
    _keys: Option<IgnoredAny>,
}

/// One `[[labels]]` entry: the core's label, and the key the reader binds to it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelEntry {
    name: String,
    glyph: String,
    #[serde(default)]
    definition: String,
    #[serde(default)]
    color: Option<String>,
    #[serde(default, rename = "key")]
    _readers_key: Option<IgnoredAny>,
}

impl From<LabelEntry> for LabelDef {
    fn from(entry: LabelEntry) -> LabelDef {
        LabelDef {
            name: entry.name,
            glyph: entry.glyph,
            definition: entry.definition,
            color: entry.color,
        }
    }
}

mod defaults {
    use std::sync::LazyLock;

    use serde::de::DeserializeOwned;

    static TABLE: LazyLock<toml::Table> = LazyLock::new(|| {
        super::DEFAULT_CONFIG
            .parse()
            .expect("the embedded default config parses")
    });

    /// A field of the embedded default config (the reader reads its own
    /// fields' defaults here too).
    pub fn field<T: DeserializeOwned>(key: &str) -> T {
        TABLE[key]
            .clone()
            .try_into()
            .expect("the embedded default config has every field")
    }

    pub fn annotator() -> String {
        field("annotator")
    }
    pub fn annotations_dir() -> String {
        field("annotations_dir")
    }
    pub fn library_dir() -> String {
        field("library_dir")
    }
    pub fn exports_dir() -> String {
        field("exports_dir")
    }
    pub fn labels() -> Vec<super::LabelEntry> {
        field("labels")
    }
}

pub use defaults::field as default_field;

impl Default for Config {
    fn default() -> Self {
        Config::parse(DEFAULT_CONFIG).expect("the embedded default config parses")
    }
}

/// The text of a config file; `None` for a missing file at the default
/// place, which is not an error (`required` says whether the user named it).
pub fn read_config_file(path: &Path, required: bool) -> Result<Option<String>, ConfigError> {
    let limit = crate::fsutil::MAX_SETTINGS_BYTES;
    match crate::fsutil::read_text_bounded(path, limit, "a config file") {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => Ok(None),
        Err(source) => Err(ConfigError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

impl Config {
    /// The config file's usual place: `$XDG_CONFIG_HOME/marginalia/config.toml`.
    pub fn default_path() -> Option<PathBuf> {
        dirs::config_dir().map(|d| d.join("marginalia").join("config.toml"))
    }

    /// Reads `path` over the defaults (see [`read_config_file`]).
    pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
        match read_config_file(path, required)? {
            Some(text) => Config::parse(&text).map_err(|problem| ConfigError::Parse {
                path: path.to_path_buf(),
                problem,
            }),
            None => Ok(Config::default()),
        }
    }

    /// Parses config text over the defaults.
    pub fn parse(text: &str) -> Result<Config, ConfigProblem> {
        let file: ConfigFile =
            toml::from_str(text).map_err(|e| ConfigProblem::Toml(one_line_toml_error(&e, text)))?;
        let config = Config {
            annotator: file.annotator,
            annotations_dir: file.annotations_dir,
            library_dir: file.library_dir,
            exports_dir: file.exports_dir,
            labels: file.labels.into_iter().map(LabelDef::from).collect(),
        };
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigProblem> {
        if self.labels.is_empty() {
            return Err(ConfigProblem::NoLabels);
        }
        for (i, label) in self.labels.iter().enumerate() {
            if label.name.trim().is_empty() {
                return Err(ConfigProblem::EmptyLabelName);
            }
            if self.labels[..i].iter().any(|l| l.name == label.name) {
                return Err(ConfigProblem::DuplicateLabel(label.name.clone()));
            }
            if let Some(color) = &label.color {
                Color::parse(color).map_err(|source| ConfigProblem::LabelColor {
                    label: label.name.clone(),
                    source,
                })?;
            }
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

    /// The folder the reader exports `article` to: `exports_dir`, else
    /// [`EXPORTS_FOLDER`] in the folder its annotation file is in.
    pub fn exports_dir_for(&self, article: &Path) -> PathBuf {
        match self.exports_dir.trim() {
            "" => crate::fsutil::parent_dir(&self.annotations_path(article)).join(EXPORTS_FOLDER),
            dir => PathBuf::from(dir),
        }
    }

    /// The label by name, or the stand-in for one not defined here.
    pub fn label_or_fallback(&self, name: &str) -> std::borrow::Cow<'_, LabelDef> {
        label_or_fallback(&self.labels, name)
    }

    /// A passage's labels as they are shown, in order; a plain note (no
    /// label) as one stand-in named [`NOTE_WORD`] with [`NOTE_GLYPH`].
    pub fn shown_labels(&self, names: &[String]) -> Vec<std::borrow::Cow<'_, LabelDef>> {
        if names.is_empty() {
            return vec![std::borrow::Cow::Owned(LabelDef {
                name: NOTE_WORD.to_string(),
                glyph: NOTE_GLYPH.to_string(),
                definition: String::new(),
                color: None,
            })];
        }
        names.iter().map(|n| self.label_or_fallback(n)).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_has_three_labels() {
        let config = Config::default();
        let names: Vec<_> = config.labels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["claim", "opinion", "speculation"]);
    }

    #[test]
    fn exports_go_beside_the_annotations_unless_told_otherwise() {
        let article = Path::new("articles/op-ed.md");
        let config = Config::default();
        assert_eq!(
            config.exports_dir_for(article),
            Path::new("articles").join(EXPORTS_FOLDER)
        );
        let config = Config::parse("annotations_dir = \"/srv/notes\"\n").unwrap();
        assert_eq!(
            config.exports_dir_for(article),
            Path::new("/srv/notes").join(EXPORTS_FOLDER)
        );
        let config = Config::parse("exports_dir = \"/srv/out\"\n").unwrap();
        assert_eq!(config.exports_dir_for(article), Path::new("/srv/out"));
    }

    #[test]
    fn partial_config_keeps_defaults() {
        let config = Config::parse("annotator = \"ana\"\n").unwrap();
        assert_eq!(config.annotator_name(), "ana");
        assert_eq!(config.labels.len(), 3);
    }

    #[test]
    fn unknown_field_names_its_line() {
        let err = Config::parse("theme = \"dark\"\n\ncolour = \"red\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("line 3:"), "{err}");
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn the_readers_fields_are_known_but_not_read() {
        let text = "theme = 3\nreading_width = \"wide\"\n[keys]\ntop = [\"g\"]\n[[labels]]\nname = \"a\"\nkey = \"1\"\nglyph = \"*\"\n";
        let config = Config::parse(text).unwrap();
        assert_eq!(config.labels[0].name, "a");
        let typo = Config::parse("[[labels]]\nname = \"a\"\nkey = \"1\"\nglyf = \"*\"\n");
        assert!(typo.unwrap_err().to_string().contains("glyf"));
    }

    #[test]
    fn bad_labels_are_rejected() {
        let twice =
            "[[labels]]\nname = \"a\"\nglyph = \"*\"\n[[labels]]\nname = \"a\"\nglyph = \"+\"\n";
        assert_eq!(
            Config::parse(twice),
            Err(ConfigProblem::DuplicateLabel("a".into()))
        );
        let colour = "[[labels]]\nname = \"a\"\nglyph = \"*\"\ncolor = \"mauve\"\n";
        assert!(matches!(
            Config::parse(colour),
            Err(ConfigProblem::LabelColor { .. })
        ));
    }

    #[test]
    fn unknown_labels_share_one_stand_in() {
        let config = Config::default();
        assert_eq!(
            config.label_or_fallback("rumour").glyph,
            UNKNOWN_LABEL_GLYPH
        );
        assert_eq!(label_glyph(&config.labels, "rumour"), UNKNOWN_LABEL_GLYPH);
        assert_eq!(label_glyph(&config.labels, "claim"), "◆");
    }

    #[test]
    fn a_labels_own_colour_prints_as_hex() {
        let text = "[[labels]]\nname = \"a\"\nglyph = \"*\"\ncolor = \"#AA0011\"\n";
        let config = Config::parse(text).unwrap();
        assert_eq!(config.labels[0].print_color().as_deref(), Some("#aa0011"));
        assert_eq!(Config::default().labels[0].print_color(), None);
    }
}
