//! Starting the reader from the command line: which article or folder,
//! its annotations, an answer key, and the reader's name. A build without
//! the `tui` feature has no reader and says so.

use std::path::PathBuf;

use crate::config::Config;
#[cfg(feature = "tui")]
use crate::tui::{self, Settings, Target};

/// What the command line asked the reader to open.
#[cfg_attr(not(feature = "tui"), allow(dead_code))] // no reader to hand it to
pub struct Reading {
    /// An article, or a folder of articles.
    pub path: PathBuf,
    pub annotations: Option<PathBuf>,
    /// The annotator's name was given with `--annotator`.
    pub explicit_annotator: bool,
    /// A teacher's answer key to show beside the article.
    pub answer_key: Option<PathBuf>,
    /// An exercise: the key stays hidden until the student submits.
    pub exercise: bool,
}

/// The reader's settings; a build without the reader has none.
#[cfg(not(feature = "tui"))]
pub struct Settings;

/// The reader's settings from the config file's text (the defaults without one).
#[cfg(not(feature = "tui"))]
pub fn load_settings(
    _source: Option<&(PathBuf, String)>,
    _config: &Config,
) -> anyhow::Result<Settings> {
    Ok(Settings)
}

/// The keys that tag with each label (none without a reader).
#[cfg(not(feature = "tui"))]
pub fn label_keys(_settings: &Settings) -> &[String] {
    &[]
}

/// The keys that tag with each label, as the reader binds them.
#[cfg(feature = "tui")]
pub fn label_keys(settings: &Settings) -> &[String] {
    &settings.label_keys
}

/// The reader's settings from the config file's text (the defaults without
/// one), with its keys checked as the reader will bind them over `config`'s
/// labels: a key that does not parse or is bound to two actions is an error
/// here, for every command, not only when the reader starts.
#[cfg(feature = "tui")]
pub fn load_settings(
    source: Option<&(PathBuf, String)>,
    config: &Config,
) -> anyhow::Result<Settings> {
    let Some((path, text)) = source else {
        return Ok(Settings::default());
    };
    let settings = Settings::parse(text)
        .map_err(|problem| anyhow::anyhow!("{}: {problem}", path.display()))?;
    tui::keymap::Keymap::new(&settings, &config.labels)
        .map_err(|problem| anyhow::anyhow!("{}: {problem}", path.display()))?;
    Ok(settings)
}

/// The reader, on an article or a folder of articles.
#[cfg(feature = "tui")]
pub fn run_reader(reading: Reading, mut config: Config, settings: Settings) -> anyhow::Result<()> {
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
    settle_name(
        &target,
        &mut config,
        reading.annotations.as_deref(),
        reading.explicit_annotator,
        reading.exercise,
    )?;
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
        answer_key: reading.answer_key.map(|path| tui::AnswerKeyOptions {
            path,
            hidden: reading.exercise,
        }),
    })
}

/// Asks for the reader's name (once, on the terminal, before the screen is
/// taken over) when none is known, and always in an exercise unless the
/// file already has one; see `classroom::names`.
#[cfg(feature = "tui")]
fn settle_name(
    target: &Target,
    config: &mut Config,
    annotations: Option<&std::path::Path>,
    explicit: bool,
    exercise: bool,
) -> anyhow::Result<()> {
    use crate::classroom::names;
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Ok(());
    }
    let name = match target {
        Target::Article(path) => {
            let annotations = annotations
                .map(std::path::Path::to_path_buf)
                .unwrap_or_else(|| config.annotations_path(path));
            names::settle_name(
                path,
                &annotations,
                &config.annotator,
                explicit,
                exercise,
                &mut std::io::stdin().lock(),
                &mut std::io::stderr(),
            )?
        }
        Target::Library(_) if names::known_name(&config.annotator).is_none() => {
            Some(names::ask_name(
                &mut std::io::stdin().lock(),
                &mut std::io::stderr(),
                "each article's annotations file",
            )?)
        }
        Target::Library(_) => None,
    };
    if let Some(name) = name {
        config.annotator = name;
    }
    Ok(())
}

#[cfg(not(feature = "tui"))]
pub fn run_reader(reading: Reading, _config: Config, _settings: Settings) -> anyhow::Result<()> {
    anyhow::bail!(
        "{}: this marginalia was built without the reader (the `tui` feature); the subcommands work (marginalia --help)",
        reading.path.display()
    )
}
