//! The terminal program: the only part of marginalia that knows a terminal.
//! Events become messages, `app::update` changes the state and returns
//! effects, this runner performs them, and `view::draw` paints the state.

pub mod action;
pub mod app;
pub mod config;
pub mod geometry;
pub mod keymap;
pub mod layout;
pub mod line_input;
pub mod memory;
pub mod overlay;
pub mod reader;
mod runner;
pub mod screen_hints;
pub mod table;
pub mod terminal;
pub mod terminal_colors;
pub mod theme;
pub mod view;

use std::path::PathBuf;

use crate::config::Config;
pub use config::Settings;
pub use runner::run;

/// What to open.
#[derive(Debug, Clone)]
pub enum Target {
    Library(PathBuf),
    Article(PathBuf),
}

pub struct Options {
    pub target: Target,
    pub config: Config,
    pub settings: Settings,
    /// Folders with extra theme files.
    pub theme_dirs: Vec<PathBuf>,
    pub annotations: Option<PathBuf>,
    /// An answer key to show (or to hide until submission) beside the article.
    pub answer_key: Option<AnswerKeyOptions>,
}

#[derive(Debug, Clone)]
pub struct AnswerKeyOptions {
    pub path: PathBuf,
    pub hidden: bool,
}
