//! Starting the reader from the command line: which article or folder,
//! its annotations, an answer key. A build without the `tui` feature has
//! no reader and says so.

use std::path::PathBuf;

use crate::config::Config;
#[cfg(feature = "tui")]
use crate::tui::{self, Settings, Target};

/// What the command line asked the reader to open.
pub struct Reading {
    /// An article, or a folder of articles.
    pub path: PathBuf,
    pub annotations: Option<PathBuf>,
    /// A teacher's answer key to show beside the article.
    pub key: Option<PathBuf>,
    /// Keep the key hidden until the student submits.
    pub hide_key: bool,
}

/// The reader's settings from the config file's text (the defaults without one).
#[cfg(feature = "tui")]
pub fn load_settings(source: Option<&(PathBuf, String)>) -> anyhow::Result<Settings> {
    match source {
        Some((path, text)) => Settings::parse(text)
            .map_err(|problem| anyhow::anyhow!("{}: {problem}", path.display())),
        None => Ok(Settings::default()),
    }
}

#[cfg(feature = "tui")]
pub fn run_reader(reading: Reading, config: Config, settings: Settings) -> anyhow::Result<()> {
    let path = reading.path;
    let target = if path.is_dir() {
        Target::Library(path)
    } else if path.exists() {
        Target::Article(path)
    } else {
        anyhow::bail!(
            "{}: no such file or folder; give an article, a folder of articles, or run from a folder with articles/",
            path.display()
        );
    };
    let mut theme_dirs = vec![PathBuf::from("themes")];
    if let Some(dir) = Config::default_path()
        .as_deref()
        .and_then(std::path::Path::parent)
    {
        theme_dirs.push(dir.join("themes"));
    }
    tui::run(tui::Options {
        target,
        config,
        settings,
        theme_dirs,
        annotations: reading.annotations,
        key: reading.key.map(|path| tui::AnswerKeyOptions {
            path,
            hidden: reading.hide_key,
        }),
    })
}

#[cfg(not(feature = "tui"))]
pub fn run_reader(reading: Reading, _config: Config) -> anyhow::Result<()> {
    let _ = (reading.annotations, reading.key, reading.hide_key);
    anyhow::bail!(
        "{}: this marginalia was built without the reader (the `tui` feature); the subcommands work (marginalia --help)",
        reading.path.display()
    )
}
